//! The Organisation (HR) area: importing agreed packs idempotently (a newer signed version
//! supersedes, an older one is refused), summaries with small-number suppression, the HR-system
//! CSV, the summary PDF, and appraisal PDFs for a team or everyone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{pay_step_status, AppraisalState, PlanStatus, Role};
use crate::error::{Error, Result};
use crate::pack::{self, PackBody, Purpose, VerifiedPack};
use crate::pdf::layout::Furniture;
use crate::pdf::{documents, render, Rendered};
use crate::storage::sharing::{from_json, to_json};
use crate::store::{now_utc, Store};

/// Counts drawn from fewer people than this are not shown.
pub const SUPPRESS_BELOW: u32 = 5;
/// "Due soon" looks this far ahead.
const DUE_SOON_DAYS: u64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HrStatus {
    Added,
    /// A newer signed version of an appraisal already imported: it replaces the older one.
    Superseded,
    /// Already imported: nothing changed.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrImport {
    pub status: HrStatus,
    pub appraisal_id: String,
    pub name: String,
    pub message: String,
}

/// One file of a batch that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrRefused {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrBatch {
    pub added: u32,
    pub superseded: u32,
    pub unchanged: u32,
    pub refused: Vec<HrRefused>,
}

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

/// A labelled count; `count` is `None` when it is suppressed (drawn from fewer than five people).
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrSummary {
    pub generated_on: String,
    pub filter: HrFilter,
    pub suppress_below: u32,
    pub rows: Vec<HrRow>,
}

/// The latest agreed appraisal of one person, as the summary reads it.
struct Person {
    organisation: String,
    department: String,
    team: String,
    agreed_on: NaiveDate,
    pay_step_met: u32,
    objectives: u32,
    plan: BTreeMap<String, u32>,
    values: Vec<String>,
}

fn suppress(count: u32, people: u32) -> Option<u32> {
    (people >= SUPPRESS_BELOW && !(1..SUPPRESS_BELOW).contains(&count)).then_some(count)
}

fn local_date(utc: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
}

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
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES ('organisation_area', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [if on { "on" } else { "off" }],
        )?;
        tx.commit()?;
        Ok(())
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
        let tx = self.conn.transaction()?;
        let out = hr_write(&tx, v, &prepared)?;
        tx.commit()?;
        Ok(out)
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

    /// Import every `.reflectpack` in `files` (or in a folder, via [`pack_files`]). Each pack is
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
            let tx = self.conn.transaction()?;
            for (path, (v, p)) in &ready {
                match hr_write(&tx, v, p) {
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
            tx.commit()?;
            progress(((chunk_no + 1) * 250).min(total), total);
        }
        Ok(report)
    }

    fn hr_people(&self, filter: &HrFilter) -> Result<Vec<Person>> {
        // Each person's latest agreed appraisal.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.appraisal_id, a.organisation, a.department, a.team, a.agreed_at, a.pay_step_met
             FROM hr_appraisal a
             WHERE a.agreed_at = (SELECT max(b.agreed_at) FROM hr_appraisal b WHERE b.colleague_id = a.colleague_id)
               AND (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u32>(5)?,
            ))
        })?;
        let mut people = BTreeMap::new();
        for row in rows {
            let (id, organisation, department, team, agreed_at, pay_step_met) = row?;
            let agreed_on = local_date(&agreed_at).unwrap_or(NaiveDate::MIN);
            people.insert(
                id,
                Person {
                    organisation,
                    department,
                    team,
                    agreed_on,
                    pay_step_met,
                    objectives: 0,
                    plan: BTreeMap::new(),
                    values: Vec::new(),
                },
            );
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT appraisal_id, kind, label, count FROM hr_count")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
            ))
        })?;
        for row in rows {
            let (id, kind, label, count) = row?;
            if let Some(p) = people.get_mut(&id) {
                match kind.as_str() {
                    "objective_ksf" => p.objectives += count,
                    "plan_ksf" => *p.plan.entry(label).or_default() += count,
                    _ => p.values.push(label),
                }
            }
        }
        Ok(people.into_values().collect())
    }

    /// Counts by organisation, department and team. Counts only; any count drawn from fewer than
    /// five people (a group of fewer than five, or a count of one to four) is suppressed.
    pub fn hr_summary(&self, filter: &HrFilter, today: NaiveDate) -> Result<HrSummary> {
        let people = self.hr_people(filter)?;
        let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
        let soon = today + chrono::Days::new(DUE_SOON_DAYS);
        let mut groups: BTreeMap<(u8, String, String, String), Vec<&Person>> = BTreeMap::new();
        for p in &people {
            groups
                .entry((0, p.organisation.clone(), String::new(), String::new()))
                .or_default()
                .push(p);
            groups
                .entry((
                    1,
                    p.organisation.clone(),
                    p.department.clone(),
                    String::new(),
                ))
                .or_default()
                .push(p);
            groups
                .entry((
                    2,
                    p.organisation.clone(),
                    p.department.clone(),
                    p.team.clone(),
                ))
                .or_default()
                .push(p);
        }
        let rows = groups
            .into_iter()
            .map(|((level, organisation, department, team), ps)| {
                let n = u32::try_from(ps.len()).unwrap_or(u32::MAX);
                let count = |f: &dyn Fn(&Person) -> bool| {
                    suppress(
                        u32::try_from(ps.iter().filter(|p| f(p)).count()).unwrap_or(0),
                        n,
                    )
                };
                let due = |p: &Person| {
                    p.agreed_on
                        .checked_add_months(Months::new(12))
                        .unwrap_or(p.agreed_on)
                };
                let mut plan: BTreeMap<String, u32> = BTreeMap::new();
                let mut values: BTreeMap<String, u32> = BTreeMap::new();
                for p in &ps {
                    for (k, c) in &p.plan {
                        *plan.entry(k.clone()).or_default() += c;
                    }
                    for v in &p.values {
                        *values.entry(v.clone()).or_default() += 1;
                    }
                }
                HrRow {
                    level: match level {
                        0 => HrLevel::Organisation,
                        1 => HrLevel::Department,
                        _ => HrLevel::Team,
                    },
                    organisation,
                    department,
                    team,
                    staff: suppress(n, n),
                    agreed_last_12_months: count(&|p| p.agreed_on >= year_ago),
                    overdue: count(&|p| due(p) < today),
                    due_soon: count(&|p| due(p) >= today && due(p) <= soon),
                    pay_step_all_met: count(&|p| p.pay_step_met == 5),
                    objectives: suppress(ps.iter().map(|p| p.objectives).sum(), n),
                    plan_by_ksf: crate::appraisal::Ksf::ALL
                        .iter()
                        .map(|k| HrCount {
                            label: k.label().into(),
                            count: suppress(plan.get(k.label()).copied().unwrap_or(0), n),
                        })
                        .collect(),
                    values_with_evidence: values
                        .into_iter()
                        .map(|(label, c)| HrCount {
                            label,
                            count: suppress(c, n),
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(HrSummary {
            generated_on: today.to_string(),
            filter: filter.clone(),
            suppress_below: SUPPRESS_BELOW,
            rows,
        })
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
        let mut w = csv::Writer::from_writer(Vec::new());
        let csv_err = |e: csv::Error| Error::Corrupt(format!("CSV: {e}"));
        w.write_record([
            "Employee number",
            "Name",
            "Job title",
            "Band",
            "Team",
            "Appraisal date",
            "Appraiser",
            "Next due date",
            "Pay-step standards met",
            "Development plan agreed",
        ])
        .map_err(csv_err)?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, u32>(7)?,
                r.get::<_, bool>(8)?,
            ))
        })?;
        for row in rows {
            let (emp, name, job, band, team, agreed_at, appraiser, pay, pdp) = row?;
            let date = local_date(&agreed_at).unwrap_or(NaiveDate::MIN);
            let due = date.checked_add_months(Months::new(12)).unwrap_or(date);
            w.write_record([
                emp.unwrap_or_default(),
                name,
                job,
                band,
                team,
                date.to_string(),
                appraiser,
                due.to_string(),
                format!("{pay} of 5"),
                if pdp { "Yes" } else { "No" }.to_string(),
            ])
            .map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::Corrupt(format!("CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| Error::Corrupt(format!("CSV: {e}")))
    }

    /// The summary as a PDF, with charts.
    pub fn hr_summary_pdf(&self, filter: &HrFilter, today: NaiveDate) -> Result<Rendered> {
        let summary = self.hr_summary(filter, today)?;
        let (blocks, meta) = documents::hr_summary(&summary);
        render(
            &blocks,
            &meta,
            &Furniture {
                footer_title: "Appraisal summary",
                watermark: None,
            },
        )
    }

    /// The latest agreed appraisals in the Organisation area: (appraisal id, a file name for its PDF).
    pub fn hr_appraisals(&self, filter: &HrFilter) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.appraisal_id, a.name, a.period_end FROM hr_appraisal a
             WHERE (?1 IS NULL OR a.department = ?1) AND (?2 IS NULL OR a.team = ?2)
             ORDER BY a.team, a.name, a.period_end",
        )?;
        let rows = stmt.query_map(params![filter.department, filter.team], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, end) = row?;
            // The id's last eight characters keep two people of the same name apart.
            let short = &id[id.len().saturating_sub(8)..];
            let stem = crate::store::file_stem(&[&name, &end, short]);
            Ok((id, format!("{stem}.pdf")))
        })
        .collect()
    }

    /// One imported appraisal as a PDF (the wellbeing notes only if the colleague opted in).
    pub fn hr_appraisal_pdf(&self, id: &str, today: NaiveDate) -> Result<Rendered> {
        crate::pdf::appraisal_from_pack(&self.hr_pack_body(id)?, today)
    }

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
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT (appraisal_id) DO UPDATE SET record_sha256 = excluded.record_sha256, agreed_at = excluded.agreed_at,
             employee_number = excluded.employee_number, name = excluded.name, job_title = excluded.job_title,
             grade = excluded.grade, team = excluded.team, department = excluded.department,
             organisation = excluded.organisation, appraiser = excluded.appraiser, period_end = excluded.period_end,
             pay_step_met = excluded.pay_step_met, pdp_agreed = excluded.pdp_agreed, pack = excluded.pack,
             imported_at = excluded.imported_at",
        params![
            b.appraisal_id, b.colleague_id, p.record_sha, p.agreed_at, d.employee_number, d.name, d.job_title, d.grade, d.team,
            p.department, p.organisation, p.appraiser, b.record.content.period_end, p.pay_step_met, p.pdp_agreed, to_json(b)?, now
        ],
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

/// Every `.reflectpack` file in `dir` (not recursive), sorted.
pub fn pack_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        action: "read the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(pack::PACK_EXTENSION))
        .collect();
    files.sort();
    Ok(files)
}
