//! The Organisation (HR) area's SQL: reading the records HR added for the summary, the HR-system
//! CSV and the PDFs. `import.rs`: importing agreed packs (identity, versions, trust, held);
//! `trust.rs`: HR's trusted keys, the roster and the held list. The rules (suppression, grouping,
//! columns, file names) are the domain's, in `crate::hr`.

mod import;
mod trust;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use crate::error::{Error, Result};
use crate::hr::{self, local_date, HrCsvRow, HrFilter, HrPerson, HrRecord, HrSummary};
use crate::storage::settings::{set_setting, setting};
use crate::storage::sharing::from_json;
use crate::store::Store;

/// The `setting` key for HR's suppression threshold.
const HR_THRESHOLD: &str = "hr_threshold";

impl Store {
    pub fn organisation_area(&self) -> Result<bool> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM setting WHERE key = 'organisation_area'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.as_deref() == Some("on"))
    }

    /// Switch the Organisation area on or off (its imported data is kept either way).
    pub fn set_organisation_area(&mut self, on: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES ('organisation_area', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [if on { "on" } else { "off" }],
            )?;
            Ok(())
        })
    }

    fn hr_people(&self, filter: &HrFilter) -> Result<Vec<HrPerson>> {
        // Each person's latest agreed appraisal.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.colleague_key, a.appraisal_id, a.organisation, a.department, a.team, a.agreed_at, a.pay_step_met
             FROM hr_appraisal a
             WHERE a.agreed_at = (SELECT max(b.agreed_at) FROM hr_appraisal b WHERE b.colleague_key = a.colleague_key)
               AND (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            let agreed_at: String = r.get("agreed_at")?;
            Ok((
                (
                    r.get::<_, String>("colleague_key")?,
                    r.get::<_, String>("appraisal_id")?,
                ),
                HrPerson {
                    organisation: r.get("organisation")?,
                    department: r.get("department")?,
                    team: r.get("team")?,
                    agreed_on: local_date(&agreed_at).unwrap_or(NaiveDate::MIN),
                    pay_step_met: r.get("pay_step_met")?,
                    objectives: 0,
                    plan: BTreeMap::new(),
                    values: Vec::new(),
                },
            ))
        })?;
        let mut people =
            rows.collect::<rusqlite::Result<BTreeMap<(String, String), HrPerson>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT colleague_key, appraisal_id, kind, label, count FROM hr_count",
        )?;
        let rows = stmt.query_map([], CountRow::from_row)?;
        for row in rows {
            let c = row?;
            if let Some(p) = people.get_mut(&(c.colleague_key, c.appraisal_id)) {
                match c.kind.as_str() {
                    "objective_ksf" => p.objectives += c.count,
                    "plan_ksf" => *p.plan.entry(c.label).or_default() += c.count,
                    _ => p.values.push(c.label),
                }
            }
        }
        Ok(people.into_values().collect())
    }

    /// Counts by organisation, department and team, with disclosure control at HR's threshold
    /// (see [`hr::summarise`]). Every filter's view is read from the whole organisation's table.
    pub fn hr_summary(&self, filter: &HrFilter, today: NaiveDate) -> Result<HrSummary> {
        let people = self.hr_people(&HrFilter::default())?;
        Ok(hr::summarise(&people, filter, today, self.hr_threshold()?))
    }

    /// The summary as a CSV of counts, under the same disclosure control, the threshold on every
    /// row ([`hr::summary_csv`]).
    pub fn hr_summary_csv(&self, filter: &HrFilter, today: NaiveDate) -> Result<String> {
        hr::summary_csv(&self.hr_summary(filter, today)?)
    }

    /// HR's suppression threshold: counts below it are not shown (default
    /// [`hr::DEFAULT_THRESHOLD`]).
    pub fn hr_threshold(&self) -> Result<u32> {
        Ok(setting(&self.conn, HR_THRESHOLD)?
            .and_then(|v| v.parse().ok())
            .filter(|n| hr::check_threshold(*n).is_ok())
            .unwrap_or(hr::DEFAULT_THRESHOLD))
    }

    /// Set HR's suppression threshold ([`hr::MIN_THRESHOLD`] to [`hr::MAX_THRESHOLD`]); anything
    /// else is refused, naming `threshold`, and nothing changes.
    pub fn set_hr_threshold(&mut self, threshold: u32) -> Result<()> {
        hr::check_threshold(threshold)?;
        self.write(|tx| set_setting(tx, HR_THRESHOLD, Some(&threshold.to_string())))
    }

    /// The CSV an HR system such as ESR takes: one row per person's latest agreed appraisal.
    pub fn hr_csv(&self, filter: &HrFilter) -> Result<String> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.employee_number, a.name, a.job_title, a.grade, a.team, a.agreed_at, a.appraiser,
                    a.pay_step_met, a.pdp_agreed, a.flags
             FROM hr_appraisal a
             WHERE a.agreed_at = (SELECT max(b.agreed_at) FROM hr_appraisal b WHERE b.colleague_key = a.colleague_key)
               AND (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)
             ORDER BY a.team, a.name",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            let flags: String = r.get("flags")?;
            Ok(HrCsvRow {
                flags: serde_json::from_str::<Vec<String>>(&flags)
                    .unwrap_or_default()
                    .join("; "),
                employee_number: r.get("employee_number")?,
                name: r.get("name")?,
                job_title: r.get("job_title")?,
                band: r.get("grade")?,
                team: r.get("team")?,
                agreed_at: r.get("agreed_at")?,
                appraiser: r.get("appraiser")?,
                pay_step_met: r.get("pay_step_met")?,
                pdp_agreed: r.get("pdp_agreed")?,
            })
        })?;
        hr::csv(&rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The records in the Organisation area: (colleague key, appraisal id, a file name for its PDF).
    pub fn hr_appraisals(&self, filter: &HrFilter) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.colleague_key, a.appraisal_id, a.name, a.period_end FROM hr_appraisal a
             WHERE (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)
             ORDER BY a.team, a.name, a.period_end",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            let id: String = r.get("appraisal_id")?;
            let name: String = r.get("name")?;
            let end: String = r.get("period_end")?;
            let file = hr::appraisal_file_name(&id, &name, &end);
            Ok((r.get("colleague_key")?, id, file))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One record HR added: HR's parts, the signatures, its flags.
    pub fn hr_record(&self, colleague_key: &str, appraisal_id: &str) -> Result<HrRecord> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT held, flags, imported_at FROM hr_appraisal WHERE colleague_key = ?1 AND appraisal_id = ?2",
                [colleague_key, appraisal_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (held, flags, imported_at) = row.ok_or_else(|| Error::NotFound {
            what: "imported appraisal",
            id: appraisal_id.to_string(),
        })?;
        Ok(HrRecord {
            held: from_json(&held)?,
            flags: from_json(&flags)?,
            imported_at,
        })
    }
}

/// One row of `hr_count`: a count an appraisal contributes to a summary column.
struct CountRow {
    colleague_key: String,
    appraisal_id: String,
    kind: String,
    label: String,
    count: u32,
}

impl CountRow {
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CountRow> {
        Ok(CountRow {
            colleague_key: r.get("colleague_key")?,
            appraisal_id: r.get("appraisal_id")?,
            kind: r.get("kind")?,
            label: r.get("label")?,
            count: r.get("count")?,
        })
    }
}
