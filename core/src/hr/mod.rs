//! The Organisation (HR) area's domain: what an import reports, the summary rows ([`summary`]:
//! the grouping of people into rows; [`suppression`]: disclosure control over their counts), the column tables of the
//! summary and of the HR-system CSV, and the names of HR's files. No SQL: `storage/hr/` reads
//! the imported appraisals and calls these. [`trust`]: what an import and HR's trust report, and
//! the roster; [`view`]: one record as HR holds it (HR's parts only).

mod exact;
pub mod summary;
pub mod suppression;
pub mod trust;
pub mod view;

pub use summary::{summarise, summary_csv, THRESHOLD_COLUMN};
pub use suppression::{check_threshold, DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD};
pub use trust::{
    HrBatch, HrFileOutcome, HrHeld, HrImportOutcome, HrKey, HrOutcome, HrTrust, KeySource,
    RosterEntry, NOT_LINE_MANAGER,
};
pub use view::{HrCoverage, HrRecord, HrSigner};

/// What importing one agreed pack did (the name the sharing dispatcher uses).
pub type HrImport = HrImportOutcome;

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

/// "Due soon" looks this far ahead.
pub const DUE_SOON_DAYS: u64 = 60;

/// Which staff a summary or export covers (all when both are empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrFilter {
    pub department: Option<String>,
    pub team: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HrLevel {
    Organisation,
    Department,
    Team,
}

/// A labelled count; `count` is `None` when it is suppressed (disclosure control,
/// `hr::suppression`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrCount {
    pub label: String,
    pub count: Option<u32>,
}

/// One row of the summary: an organisation, a department or a team. Counts only, never text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrRow {
    pub level: HrLevel,
    pub organisation: String,
    pub department: String,
    pub team: String,
    pub staff: Option<u32>,
    pub agreed_last_12_months: Option<u32>,
    pub overdue: Option<u32>,
    pub due_soon: Option<u32>,
    pub pay_step_all_met: Option<u32>,
    pub objectives: Option<u32>,
    pub plan_by_ksf: Vec<HrCount>,
    pub values_with_evidence: Vec<HrCount>,
    /// The counts of [`HR_COLUMNS`], in its order (what the UI's table shows).
    pub counts: Vec<Option<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrSummary {
    pub generated_on: String,
    pub filter: HrFilter,
    /// HR's suppression threshold: counts from 1 to one below it, and the counts that would
    /// give them away, are `None` (disclosure control, `hr::suppression`). Every export records
    /// it.
    pub suppress_below: u32,
    /// The heads of [`HR_COLUMNS`], in order; each row's `counts` follow them.
    pub columns: Vec<HrColumnHead>,
    pub rows: Vec<HrRow>,
}

/// The latest agreed appraisal of one person, as the summary reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HrPerson {
    pub organisation: String,
    pub department: String,
    pub team: String,
    pub agreed_on: NaiveDate,
    pub pay_step_met: u32,
    pub objectives: u32,
    /// Development-plan items by KSF dimension (label → count).
    pub plan: BTreeMap<String, u32>,
    /// The values this person has evidence for.
    pub values: Vec<String>,
}

/// A stored UTC instant's local date.
pub fn local_date(utc: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
}

/// One count column of the summary table. The terminal table (`reflect hr summary`), the summary
/// PDF and, through [`HrSummary::columns`] and [`HrRow::counts`], the UI all read [`HR_COLUMNS`]:
/// a new column is a field of [`HrRow`] worked out in [`summarise`] and one entry there.
#[derive(Debug, Clone, Copy)]
pub struct HrColumn {
    pub key: &'static str,
    /// The heading on screen.
    pub label: &'static str,
    /// The heading in the PDF's table.
    pub printed: &'static str,
    /// The PDF column's share of the table's width (the group name takes 0.3).
    pub width: f32,
    /// The heading in the terminal's table and the column's width there, if it is shown there.
    pub terminal: Option<(&'static str, usize)>,
    pub value: fn(&HrRow) -> Option<u32>,
}

impl HrColumn {
    pub fn head(&self) -> HrColumnHead {
        HrColumnHead {
            key: self.key.to_string(),
            label: self.label.to_string(),
        }
    }
}

/// A summary column as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrColumnHead {
    pub key: String,
    pub label: String,
}

/// The summary's count columns, in order.
pub const HR_COLUMNS: &[HrColumn] = &[
    HrColumn {
        key: "staff",
        label: "Staff",
        printed: "Staff",
        width: 0.1,
        terminal: Some(("Staff", 6)),
        value: |r| r.staff,
    },
    HrColumn {
        key: "agreed_last_12_months",
        label: "Agreed in the last 12 months",
        printed: "Agreed (12 months)",
        width: 0.14,
        terminal: Some(("Agreed", 8)),
        value: |r| r.agreed_last_12_months,
    },
    HrColumn {
        key: "overdue",
        label: "Overdue",
        printed: "Overdue",
        width: 0.11,
        terminal: Some(("Overdue", 8)),
        value: |r| r.overdue,
    },
    HrColumn {
        key: "due_soon",
        label: "Due in 60 days",
        printed: "Due soon",
        width: 0.11,
        terminal: Some(("Due soon", 8)),
        value: |r| r.due_soon,
    },
    HrColumn {
        key: "pay_step_all_met",
        label: "All pay-step standards met",
        printed: "Pay-step standards all met",
        width: 0.14,
        terminal: Some(("Pay step", 9)),
        value: |r| r.pay_step_all_met,
    },
    HrColumn {
        key: "objectives",
        label: "Objectives",
        printed: "Objectives",
        width: 0.1,
        terminal: None,
        value: |r| r.objectives,
    },
];

/// One row of the HR-system CSV: a person's latest agreed appraisal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HrCsvRow {
    /// The flags on the record ([`NOT_LINE_MANAGER`]), joined.
    pub flags: String,
    pub employee_number: Option<String>,
    pub name: String,
    pub job_title: String,
    pub band: String,
    pub team: String,
    /// When it was agreed (UTC, as stored).
    pub agreed_at: String,
    pub appraiser: String,
    pub pay_step_met: u32,
    pub pdp_agreed: bool,
}

impl HrCsvRow {
    fn date(&self) -> NaiveDate {
        local_date(&self.agreed_at).unwrap_or(NaiveDate::MIN)
    }
}

/// A column of the CSV: its heading, and its value from a row.
pub type HrCsvColumn = (&'static str, fn(&HrCsvRow) -> String);

/// The CSV's columns, in the order an HR system such as ESR takes them.
pub const HR_CSV_COLUMNS: &[HrCsvColumn] = &[
    ("Employee number", |r| {
        r.employee_number.clone().unwrap_or_default()
    }),
    ("Name", |r| r.name.clone()),
    ("Job title", |r| r.job_title.clone()),
    ("Band", |r| r.band.clone()),
    ("Team", |r| r.team.clone()),
    ("Appraisal date", |r| r.date().to_string()),
    ("Appraiser", |r| r.appraiser.clone()),
    ("Next due date", |r| {
        let date = r.date();
        date.checked_add_months(Months::new(12))
            .unwrap_or(date)
            .to_string()
    }),
    ("Pay-step standards met", |r| {
        format!("{} of 5", r.pay_step_met)
    }),
    ("Development plan agreed", |r| {
        if r.pdp_agreed { "Yes" } else { "No" }.to_string()
    }),
    ("Flags", |r| r.flags.clone()),
];

/// The CSV an HR system such as ESR takes: a heading row, then one row per person. Names, teams
/// and job titles come from other people's packs, so every cell goes through
/// [`crate::safe_text::csv`] (no cell can start a formula).
pub fn csv(rows: &[HrCsvRow]) -> Result<String> {
    let heading: Vec<&str> = HR_CSV_COLUMNS.iter().map(|(head, _)| *head).collect();
    crate::safe_text::csv(
        &heading,
        rows.iter()
            .map(|row| HR_CSV_COLUMNS.iter().map(|(_, value)| value(row))),
    )
}

/// The file name of an imported appraisal's PDF: the person, the end of the period, and the id's
/// last eight characters, which keep two people of the same name apart.
pub fn appraisal_file_name(id: &str, name: &str, period_end: &str) -> String {
    let skip = id.chars().count().saturating_sub(8);
    let short: String = id.chars().skip(skip).collect();
    crate::files::file_name(&[name, period_end, &short], "pdf")
}

/// The CSV's file name for a filter.
pub fn csv_file_name(filter: &HrFilter) -> String {
    crate::files::file_name(
        &["appraisals", filter.team.as_deref().unwrap_or("all")],
        "csv",
    )
}

/// The summary's CSV of counts' file name for a filter.
pub fn summary_csv_file_name(filter: &HrFilter) -> String {
    crate::files::file_name(
        &[
            "appraisal summary",
            filter.team.as_deref().unwrap_or("all staff"),
        ],
        "csv",
    )
}

/// The summary PDF's file name for a filter.
pub fn summary_file_name(filter: &HrFilter) -> String {
    crate::files::file_name(
        &[
            "appraisal summary",
            filter.team.as_deref().unwrap_or("all staff"),
        ],
        "pdf",
    )
}
