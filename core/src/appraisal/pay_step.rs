//! The Agenda for Change pay-step standards, and when the next appraisal is due.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;

/// One pay-step standard and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StandardStatus {
    pub key: String,
    pub label: String,
    pub answer: Answer,
    pub met: bool,
    pub detail: String,
}

/// Pay-step readiness, worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PayStepStatus {
    pub date: Option<String>,
    /// Days from today to the pay-step date (negative once it has passed).
    pub days_until: Option<i64>,
    pub standards: Vec<StandardStatus>,
    pub ready: bool,
    /// The labels of the standards not yet met.
    pub missing: Vec<String>,
}

/// The five Agenda for Change standards, in the order the pay-progression framework lists them.
pub const STANDARDS: [(&str, &str); 5] = [
    ("appraisal", "Appraisal completed in the last twelve months"),
    ("no_capability", "No formal capability process under way"),
    ("no_disciplinary", "No live formal disciplinary sanction"),
    ("training", "Statutory and mandatory training complete"),
    ("staff_appraised", "If a manager, all their staff appraised"),
];

/// The one standard that may be answered "not applicable" (someone who manages no staff).
pub const NA_ALLOWED: &str = "staff_appraised";

/// Work out pay-step readiness on `today`. The first standard is met when an appraisal was agreed
/// on or after the day twelve months before the pay-step date (or before today, if no date is set).
pub fn pay_step_status(
    p: &PayStep,
    last_agreed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> PayStepStatus {
    let date = NaiveDate::parse_from_str(p.date.trim(), "%Y-%m-%d").ok();
    let reference = date.unwrap_or(today);
    let window_start = reference
        .checked_sub_months(Months::new(12))
        .unwrap_or(reference);
    let appraisal_met =
        last_agreed_on.is_some_and(|d| d >= window_start && d <= reference.max(today));
    let appraisal_detail = match last_agreed_on {
        Some(d) if appraisal_met => format!("Agreed on {d}"),
        Some(d) => format!(
            "The last agreed appraisal was on {d}, more than twelve months before {reference}"
        ),
        None => "No agreed appraisal yet: this one counts once both have signed".to_string(),
    };
    let answers = [
        p.no_capability,
        p.no_disciplinary,
        p.training,
        p.staff_appraised,
    ];
    let mut standards = vec![StandardStatus {
        key: STANDARDS[0].0.into(),
        label: STANDARDS[0].1.into(),
        answer: if appraisal_met {
            Answer::Yes
        } else {
            Answer::No
        },
        met: appraisal_met,
        detail: appraisal_detail,
    }];
    for ((key, label), answer) in STANDARDS[1..].iter().zip(answers) {
        let na_allowed = *key == NA_ALLOWED;
        let met = answer == Answer::Yes || (na_allowed && answer == Answer::NotApplicable);
        let detail = match answer {
            Answer::Unanswered => "Not confirmed yet".to_string(),
            Answer::Yes => "Confirmed".to_string(),
            Answer::No => "Not met".to_string(),
            Answer::NotApplicable if na_allowed => "Not applicable: manages no staff".to_string(),
            Answer::NotApplicable => "Not applicable is only for the manager standard".to_string(),
        };
        standards.push(StandardStatus {
            key: (*key).into(),
            label: (*label).into(),
            answer,
            met,
            detail,
        });
    }
    let missing: Vec<String> = standards
        .iter()
        .filter(|s| !s.met)
        .map(|s| s.label.clone())
        .collect();
    PayStepStatus {
        date: date.map(|d| d.to_string()),
        days_until: date.map(|d| (d - today).num_days()),
        ready: missing.is_empty(),
        standards,
        missing,
    }
}

/// The next appraisal is due twelve months after the last one was agreed.
pub fn next_due(last_agreed_on: NaiveDate) -> NaiveDate {
    last_agreed_on
        .checked_add_months(Months::new(12))
        .unwrap_or(last_agreed_on)
}

/// The default period for a new appraisal: the twelve months after the previous period, or the
/// twelve months up to today.
pub fn default_period(previous_end: Option<NaiveDate>, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    match previous_end.and_then(|e| e.succ_opt()) {
        Some(start) => {
            let end = start
                .checked_add_months(Months::new(12))
                .and_then(|d| d.pred_opt())
                .unwrap_or(start);
            (start, end)
        }
        None => {
            let start = today
                .checked_sub_months(Months::new(12))
                .and_then(|d| d.succ_opt())
                .unwrap_or(today);
            (start, today)
        }
    }
}
