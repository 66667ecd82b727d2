//! The Organisation (HR) area's SQL: importing agreed packs idempotently (a newer signed version
//! supersedes, an older one is refused) and reading the imported appraisals for the summary, the
//! HR-system CSV and the PDFs. The rules (suppression, grouping, columns, file names) are the
//! domain's, in `crate::hr`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::{named_params, params, OptionalExtension};

use crate::appraisal::{pay_step_status, AppraisalState, PlanStatus, Role};
use crate::error::{Error, Result};
use crate::format::legacy::LegacyPack;
use crate::format::pack::{Held, VerifiedPack};
use crate::hr::{
    self, local_date, HrBatch, HrCsvRow, HrFilter, HrImport, HrPerson, HrRefused, HrStatus,
    HrSummary,
};
use crate::storage::sharing::{from_json, to_json};
use crate::store::{now_utc, Store};

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

    /// Import one agreed pack into the Organisation area.
    pub fn hr_import(&mut self, text: &str) -> Result<HrImport> {
        let _ = text;
        Err(Error::invalid(
            "pack",
            "The Organisation area is being rebuilt for key signatures",
        ))
    }

    fn require_organisation_area(&self) -> Result<()> {
        if self.organisation_area()? {
            Ok(())
        } else {
            Err(Error::invalid(
                "organisation_area",
                "Agreed appraisals are imported in the Organisation area: switch it on in Settings first",
            ))
        }
    }

    pub(crate) fn hr_import_legacy(&mut self, p: &LegacyPack, text: &str) -> Result<HrImport> {
        let _ = (p, text);
        Err(Error::invalid(
            "pack",
            "The Organisation area is being rebuilt for key signatures",
        ))
    }

    pub(crate) fn hr_import_verified(&mut self, v: &VerifiedPack) -> Result<HrImport> {
        self.require_organisation_area()?;
        let prepared = self.hr_prepare(v)?;
        self.write(|tx| hr_write(tx, v, &prepared))
    }

    /// Check an agreed pack fully (signature, record against both signatures, the signer's key)
    /// and work out its summary columns, without writing.
    fn hr_prepare(&self, v: &VerifiedPack) -> Result<Prepared> {
        let _ = v;
        Err(Error::invalid(
            "pack",
            "The Organisation area is being rebuilt for key signatures",
        ))
    }

    /// Import every `.reflectpack` in `files` (or in a folder, via [`crate::files::pack_files`]). Each pack is
    /// checked on its own; good ones are written in batches, one transaction each, so an
    /// interrupted run keeps what it finished and a re-run changes nothing already imported.
    /// `progress` is called after each file with (done, total).
    pub fn hr_import_files(
        &mut self,
        files: &[PathBuf],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<HrBatch> {
        self.require_organisation_area()?;
        let mut report = HrBatch::default();
        let total = files.len();
        for (chunk_no, chunk) in files.chunks(250).enumerate() {
            let mut ready = Vec::with_capacity(chunk.len());
            for path in chunk {
                let text = match std::fs::read_to_string(path) {
                    Ok(t) => t,
                    Err(e) => {
                        report.refused.push(HrRefused {
                            file: path.display().to_string(),
                            reason: format!("could not be read: {e}"),
                        });
                        continue;
                    }
                };
                match crate::format::pack::format_version(&text)
                    .and_then(|(_, value)| crate::format::pack::open(value))
                    .and_then(|v| self.hr_prepare(&v).map(|p| (v, p)))
                {
                    Ok(ok) => ready.push((path, ok)),
                    Err(e) => report.refused.push(HrRefused {
                        file: path.display().to_string(),
                        reason: e.message(),
                    }),
                }
            }
            self.write(|tx| {
                for (path, (v, p)) in &ready {
                    match hr_write(tx, v, p) {
                        Ok(done) => match done.status {
                            HrStatus::Added => report.added += 1,
                            HrStatus::Superseded => report.superseded += 1,
                            HrStatus::Unchanged => report.unchanged += 1,
                        },
                        Err(Error::Invalid { message, .. }) => report.refused.push(HrRefused {
                            file: path.display().to_string(),
                            reason: message,
                        }),
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            })?;
            progress(((chunk_no + 1) * 250).min(total), total);
        }
        Ok(report)
    }

    fn hr_people(&self, filter: &HrFilter) -> Result<Vec<HrPerson>> {
        // Each person's latest agreed appraisal.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.appraisal_id, a.organisation, a.department, a.team, a.agreed_at, a.pay_step_met
             FROM hr_appraisal a
             WHERE a.agreed_at = (SELECT max(b.agreed_at) FROM hr_appraisal b WHERE b.colleague_id = a.colleague_id)
               AND (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            let agreed_at: String = r.get("agreed_at")?;
            Ok((
                r.get::<_, String>("appraisal_id")?,
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
        let mut people = rows.collect::<rusqlite::Result<BTreeMap<String, HrPerson>>>()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT appraisal_id, kind, label, count FROM hr_count")?;
        let rows = stmt.query_map([], CountRow::from_row)?;
        for row in rows {
            let c = row?;
            if let Some(p) = people.get_mut(&c.appraisal_id) {
                match c.kind.as_str() {
                    "objective_ksf" => p.objectives += c.count,
                    "plan_ksf" => *p.plan.entry(c.label).or_default() += c.count,
                    _ => p.values.push(c.label),
                }
            }
        }
        Ok(people.into_values().collect())
    }

    /// Counts by organisation, department and team, small numbers suppressed (see
    /// [`hr::summarise`]).
    pub fn hr_summary(&self, filter: &HrFilter, today: NaiveDate) -> Result<HrSummary> {
        Ok(hr::summarise(&self.hr_people(filter)?, filter, today))
    }

    /// The CSV an HR system such as ESR takes: one row per person's latest agreed appraisal.
    pub fn hr_csv(&self, filter: &HrFilter) -> Result<String> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.employee_number, a.name, a.job_title, a.grade, a.team, a.agreed_at, a.appraiser,
                    a.pay_step_met, a.pdp_agreed
             FROM hr_appraisal a
             WHERE a.agreed_at = (SELECT max(b.agreed_at) FROM hr_appraisal b WHERE b.colleague_id = a.colleague_id)
               AND (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)
             ORDER BY a.team, a.name",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            Ok(HrCsvRow {
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

    /// The latest agreed appraisals in the Organisation area: (appraisal id, a file name for its PDF).
    pub fn hr_appraisals(&self, filter: &HrFilter) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.appraisal_id, a.name, a.period_end FROM hr_appraisal a
             WHERE (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)
             ORDER BY a.team, a.name, a.period_end",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            let id: String = r.get("appraisal_id")?;
            let name: String = r.get("name")?;
            let end: String = r.get("period_end")?;
            let file = hr::appraisal_file_name(&id, &name, &end);
            Ok((id, file))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The pack of an imported appraisal, as HR received it.
    pub fn hr_pack_body(&self, id: &str) -> Result<Held> {
        let _ = id;
        Err(Error::invalid(
            "pack",
            "The Organisation area is being rebuilt for key signatures",
        ))
    }
}

/// One row of `hr_count`: a count an appraisal contributes to a summary column.
struct CountRow {
    appraisal_id: String,
    kind: String,
    label: String,
    count: u32,
}

impl CountRow {
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CountRow> {
        Ok(CountRow {
            appraisal_id: r.get("appraisal_id")?,
            kind: r.get("kind")?,
            label: r.get("label")?,
            count: r.get("count")?,
        })
    }
}

/// What an import writes, worked out beforehand.
pub(crate) struct Prepared {
    record_sha: String,
    agreed_at: String,
    organisation: String,
    department: String,
    appraiser: String,
    pay_step_met: u32,
    pdp_agreed: bool,
    counts: Vec<(&'static str, String, u32)>,
}

fn hr_write(tx: &rusqlite::Transaction<'_>, v: &VerifiedPack, p: &Prepared) -> Result<HrImport> {
    let _ = (tx, v, p);
    Err(Error::invalid(
        "pack",
        "The Organisation area is being rebuilt for key signatures",
    ))
}
