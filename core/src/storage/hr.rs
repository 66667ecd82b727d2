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
use crate::hr::{
    self, local_date, HrBatch, HrCsvRow, HrFilter, HrImport, HrPerson, HrRefused, HrStatus,
    HrSummary,
};
use crate::pack::{self, PackBody, Purpose, VerifiedPack};
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
        let v = pack::open(text)?;
        self.hr_import_verified(&v)
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

    pub(crate) fn hr_import_verified(&mut self, v: &VerifiedPack) -> Result<HrImport> {
        self.require_organisation_area()?;
        let prepared = self.hr_prepare(v)?;
        self.write(|tx| hr_write(tx, v, &prepared))
    }

    /// Check an agreed pack fully (signature, record against both signatures, the signer's key)
    /// and work out its summary columns, without writing.
    fn hr_prepare(&self, v: &VerifiedPack) -> Result<Prepared> {
        let b = &v.pack.body;
        if b.purpose != Purpose::Agreed || b.state != AppraisalState::Agreed {
            return Err(Error::invalid(
                "pack",
                "Only agreed appraisals (signed by both) are imported into the Organisation area",
            ));
        }
        if b.signer.role != Role::Colleague || b.signer.id != b.colleague_id {
            return Err(Error::invalid(
                "pack",
                "An agreed pack must be sent by the colleague whose appraisal it is",
            ));
        }
        for role in [Role::Colleague, Role::Appraiser] {
            if !b.signatures.iter().any(|s| s.role == role) {
                return Err(Error::invalid(
                    "pack",
                    format!("The pack has no {} signature", role.as_str()),
                ));
            }
        }
        let record_sha = pack::check_record(b)?;
        self.key_status(v)?;
        let agreed_at = b
            .agreed_at
            .clone()
            .ok_or_else(|| Error::invalid("pack", "The pack does not say when it was agreed"))?;
        let agreed_on = local_date(&agreed_at).ok_or_else(|| {
            Error::invalid("pack", "The pack's agreement time is not a valid time")
        })?;
        let c = &b.record.content;
        let d = &b.record.details;
        // One indexed lookup per pack, not a parse of the whole framework document.
        let organisation: Option<String> = self
            .conn
            .query_row(
                "SELECT json_extract(r.document, '$.organisation') FROM framework f
                 JOIN framework_revision r ON r.framework_id = f.id AND r.revision = f.current_revision
                 WHERE f.id = ?1",
                [&b.record.framework.id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let organisation = organisation.unwrap_or_else(|| b.record.framework.name.clone());
        let pay = pay_step_status(&c.pay_step, Some(agreed_on), agreed_on);
        let mut counts: Vec<(&'static str, String, u32)> = vec![(
            "objective_ksf",
            "All".into(),
            u32::try_from(c.objectives.len()).unwrap_or(0),
        )];
        let mut plan: BTreeMap<String, u32> = BTreeMap::new();
        for item in &c.development_plan {
            if let Some(k) = item.ksf {
                *plan.entry(k.label().to_string()).or_default() += 1;
            }
        }
        counts.extend(plan.into_iter().map(|(k, n)| ("plan_ksf", k, n)));
        for v in &c.values {
            if !v.reflection_ids.is_empty() {
                let name = b
                    .record
                    .framework
                    .values
                    .iter()
                    .find(|x| x.key == v.value_key)
                    .map_or(v.value_key.clone(), |x| x.name.clone());
                counts.push(("value", name, 1));
            }
        }
        Ok(Prepared {
            record_sha,
            agreed_at,
            organisation,
            department: d.department.clone().unwrap_or_else(|| "Not given".into()),
            appraiser: b
                .signatures
                .iter()
                .find(|s| s.role == Role::Appraiser)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            pay_step_met: u32::try_from(pay.standards.iter().filter(|s| s.met).count())
                .unwrap_or(0),
            pdp_agreed: c
                .development_plan
                .iter()
                .any(|p| matches!(p.status, PlanStatus::Agreed | PlanStatus::Complete)),
            counts,
        })
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
                match pack::open(&text).and_then(|v| self.hr_prepare(&v).map(|p| (v, p))) {
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
    pub fn hr_pack_body(&self, id: &str) -> Result<PackBody> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT pack FROM hr_appraisal WHERE appraisal_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        from_json(&text.ok_or_else(|| Error::NotFound {
            what: "imported appraisal",
            id: id.to_string(),
        })?)
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
    let b = &v.pack.body;
    let d = &b.record.details;
    let existing: Option<(String, String)> = tx
        .query_row(
            "SELECT record_sha256, agreed_at FROM hr_appraisal WHERE appraisal_id = ?1",
            [&b.appraisal_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    // The key of a signer seen earlier in this same batch is checked here too.
    let known: Option<String> = tx
        .query_row(
            "SELECT public_key FROM known_key WHERE signer_id = ?1",
            [&b.signer.id],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_some_and(|k| k != v.pack.public_key) {
        return Err(Error::invalid(
            "pack",
            format!(
                "This pack is signed with a different key from the one seen before for {}",
                b.signer.name
            ),
        ));
    }
    let status = match &existing {
        Some((sha, _)) if *sha == p.record_sha => {
            return Ok(HrImport { status: HrStatus::Unchanged, appraisal_id: b.appraisal_id.clone(), name: d.name.clone(), message: format!("{}'s appraisal was already imported", d.name) })
        }
        Some((_, at)) if *at >= p.agreed_at => {
            return Err(Error::invalid(
                "pack",
                format!("This is an older version of {}'s appraisal than the one already imported (agreed {at}); nothing was changed", d.name),
            ))
        }
        Some(_) => HrStatus::Superseded,
        None => HrStatus::Added,
    };
    Store::remember_key(tx, v)?;
    let now = now_utc();
    if let Some((sha, at)) = existing {
        tx.execute(
            "INSERT OR IGNORE INTO hr_superseded (appraisal_id, record_sha256, agreed_at, superseded_at) VALUES (?1, ?2, ?3, ?4)",
            params![b.appraisal_id, sha, at, now],
        )?;
        tx.execute(
            "DELETE FROM hr_count WHERE appraisal_id = ?1",
            [&b.appraisal_id],
        )?;
    }
    tx.execute(
        "INSERT INTO hr_appraisal (appraisal_id, colleague_id, record_sha256, agreed_at, employee_number, name, job_title,
             grade, team, department, organisation, appraiser, period_end, pay_step_met, pdp_agreed, pack, imported_at)
         VALUES (:appraisal_id, :colleague_id, :record_sha256, :agreed_at, :employee_number, :name, :job_title,
             :grade, :team, :department, :organisation, :appraiser, :period_end, :pay_step_met, :pdp_agreed, :pack,
             :imported_at)
         ON CONFLICT (appraisal_id) DO UPDATE SET record_sha256 = excluded.record_sha256, agreed_at = excluded.agreed_at,
             employee_number = excluded.employee_number, name = excluded.name, job_title = excluded.job_title,
             grade = excluded.grade, team = excluded.team, department = excluded.department,
             organisation = excluded.organisation, appraiser = excluded.appraiser, period_end = excluded.period_end,
             pay_step_met = excluded.pay_step_met, pdp_agreed = excluded.pdp_agreed, pack = excluded.pack,
             imported_at = excluded.imported_at",
        named_params! {
            ":appraisal_id": b.appraisal_id,
            ":colleague_id": b.colleague_id,
            ":record_sha256": p.record_sha,
            ":agreed_at": p.agreed_at,
            ":employee_number": d.employee_number,
            ":name": d.name,
            ":job_title": d.job_title,
            ":grade": d.grade,
            ":team": d.team,
            ":department": p.department,
            ":organisation": p.organisation,
            ":appraiser": p.appraiser,
            ":period_end": b.record.content.period_end,
            ":pay_step_met": p.pay_step_met,
            ":pdp_agreed": p.pdp_agreed,
            ":pack": to_json(b)?,
            ":imported_at": now,
        },
    )?;
    for (kind, label, count) in &p.counts {
        tx.execute(
            "INSERT INTO hr_count (appraisal_id, kind, label, count) VALUES (?1, ?2, ?3, ?4)",
            params![b.appraisal_id, kind, label, count],
        )?;
    }
    let message = match status {
        HrStatus::Added => format!("Imported {}'s agreed appraisal", d.name),
        HrStatus::Superseded => format!(
            "Imported a newer signed version of {}'s appraisal; the older one is superseded",
            d.name
        ),
        HrStatus::Unchanged => String::new(),
    };
    Ok(HrImport {
        status,
        appraisal_id: b.appraisal_id.clone(),
        name: d.name.clone(),
        message,
    })
}
