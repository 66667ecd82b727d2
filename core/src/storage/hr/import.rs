//! Importing agreed packs into the Organisation area. Every check is made before one transaction
//! per pack, and a refused pack writes nothing. A record is HR's by (colleague key, appraisal id):
//! a pack signed by another key is another record and can never change it. A newer version
//! supersedes only when the signed record's `version` is higher. A record is added only when HR
//! trusts both keys; otherwise it is held, and added when HR trusts them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rusqlite::{named_params, params, Connection, OptionalExtension, Transaction};

use crate::appraisal::{pay_step_status, PlanStatus, Role};
use crate::error::{Error, Result};
use crate::format;
use crate::format::legacy::LegacyPack;
use crate::format::pack::{Held, VerifiedPack};
use crate::format::record::{decode, for_hr};
use crate::hr::trust::{fingerprint_or_blank, LEGACY_HELD};
use crate::hr::{local_date, HrBatch, HrFileOutcome, HrImportOutcome, HrOutcome, NOT_LINE_MANAGER};
use crate::pack::Purpose;
use crate::storage::sharing::to_json;
use crate::store::{now_utc, Store};

/// The refusal of a pack that is not an agreed record.
fn not_agreed() -> Error {
    refused("Only agreed appraisals (signed by both) are imported into the Organisation area")
}

fn refused(message: impl Into<String>) -> Error {
    Error::invalid("pack", message)
}

/// What adding a record writes, worked out from HR's parts before the transaction.
pub(super) struct Prepared {
    held: Held,
    digest: String,
    agreed_at: String,
    appraiser_key: String,
    organisation: String,
    appraiser: String,
    pay_step_met: u32,
    pdp_agreed: bool,
    counts: Vec<(&'static str, String, u32)>,
}

impl Prepared {
    fn outcome(&self, outcome: HrOutcome, message: String) -> HrImportOutcome {
        let r = &self.held.record;
        HrImportOutcome {
            outcome,
            appraisal_id: r.appraisal_id.clone(),
            name: r.details.name.clone(),
            message,
            reason: None,
            flags: Vec::new(),
            colleague_fingerprint: Some(fingerprint_or_blank(&r.colleague_key)),
            appraiser_fingerprint: Some(fingerprint_or_blank(&self.appraiser_key)),
        }
    }
}

/// Keep only HR's parts of a verified agreed record and work out its summary columns.
pub(super) fn prepare(conn: &Connection, full: &Held) -> Result<Prepared> {
    // HR stores only what HR needs, whatever a pack carried.
    let held = full.keep(&for_hr);
    let r = &held.record;
    let digest = r.digest()?;
    let appraiser = held
        .signature(Role::Appraiser)
        .ok_or_else(|| refused("The pack has no appraiser key signature"))?;
    let appraiser_key = appraiser.statement.public_key.clone();
    let agreed_at = held
        .agreed_at()
        .ok_or_else(|| refused("The pack does not carry both key signatures"))?;
    let agreed_on = local_date(&agreed_at)
        .ok_or_else(|| refused("The pack's signatures do not carry a valid time"))?;
    let c = decode(r, &held.parts)?.content;
    // One indexed lookup per pack, not a parse of the whole framework document.
    let organisation: Option<String> = conn
        .query_row(
            "SELECT json_extract(r.document, '$.organisation') FROM framework f
             JOIN framework_revision r ON r.framework_id = f.id AND r.revision = f.current_revision
             WHERE f.id = ?1",
            [&r.framework.id],
            |row| row.get(0),
        )
        .optional()?
        .flatten();
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
    for cov in r.coverage.iter().filter(|c| c.reflections > 0) {
        let name = r
            .framework
            .values
            .iter()
            .find(|v| v.key == cov.value_key)
            .map_or_else(|| cov.value_key.clone(), |v| v.name.clone());
        counts.push(("value", name, 1));
    }
    Ok(Prepared {
        organisation: organisation.unwrap_or_else(|| r.framework.name.clone()),
        appraiser: if c.appraiser_name.is_empty() {
            appraiser.statement.name.clone()
        } else {
            c.appraiser_name.clone()
        },
        pay_step_met: u32::try_from(pay.standards.iter().filter(|s| s.met).count()).unwrap_or(0),
        pdp_agreed: c
            .development_plan
            .iter()
            .any(|p| matches!(p.status, PlanStatus::Agreed | PlanStatus::Complete)),
        counts,
        digest,
        agreed_at,
        appraiser_key,
        held,
    })
}

/// A key HR trusts: (name, employee number, line manager's employee number).
pub(super) type Trusted = (String, Option<String>, Option<String>);

pub(super) fn trusted(conn: &Connection, key: &str) -> Result<Option<Trusted>> {
    Ok(conn
        .query_row(
            "SELECT name, employee_number, line_manager FROM trusted_key WHERE scope = 'hr' AND public_key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// The flags on a record both of whose keys HR trusts, from HR's roster.
fn flags(p: &Prepared, colleague: &Trusted, appraiser: &Trusted) -> Vec<String> {
    let d = &p.held.record.details;
    let mut out = Vec::new();
    if let Some(manager) = colleague.2.as_deref().filter(|m| !m.is_empty()) {
        if appraiser.1.as_deref() != Some(manager) {
            out.push(NOT_LINE_MANAGER.to_string());
        }
    }
    if let Some(n) = colleague.1.as_deref().filter(|n| !n.is_empty()) {
        if !d.employee_number.is_empty() && d.employee_number != n {
            out.push(format!(
                "employee number {} is not the roster's {n}",
                d.employee_number
            ));
        }
    }
    out
}

/// Why a pack is held, from which of its keys HR does not trust.
fn held_reason(colleague: bool, appraiser: bool) -> String {
    match (colleague, appraiser) {
        (false, false) => "neither the colleague's nor the appraiser's key is trusted by HR yet",
        (false, true) => "the colleague's key is not trusted by HR yet",
        _ => "the appraiser's key is not trusted by HR yet",
    }
    .to_string()
}

/// Add, supersede or hold one prepared record, checking first. `from_held`: the held row being
/// re-evaluated (after HR trusted a key), which an add removes.
pub(super) fn apply(
    tx: &Connection,
    p: &Prepared,
    from_held: Option<i64>,
) -> Result<HrImportOutcome> {
    let r = &p.held.record;
    let name = &r.details.name;
    let existing: Option<(u32, String)> = tx
        .query_row(
            "SELECT version, record_sha256 FROM hr_appraisal WHERE colleague_key = ?1 AND appraisal_id = ?2",
            params![r.colleague_key, r.appraisal_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let outcome = match &existing {
        Some((_, sha)) if *sha == p.digest => {
            if let Some(id) = from_held {
                tx.execute("DELETE FROM hr_held WHERE id = ?1", [id])?;
            }
            return Ok(p.outcome(HrOutcome::Unchanged, format!("{name}'s appraisal was already imported")));
        }
        Some((v, _)) if r.version == *v => {
            return Err(refused(format!(
                "This is a different record with the same version ({v}) as {name}'s appraisal already imported; nothing was changed"
            )))
        }
        Some((v, _)) if r.version < *v => {
            return Err(refused(format!(
                "This is an older version ({}) of {name}'s appraisal than the one already imported (version {v}); nothing was changed",
                r.version
            )))
        }
        Some(_) => HrOutcome::Superseded,
        None => HrOutcome::Added,
    };
    let colleague = trusted(tx, &r.colleague_key)?;
    let appraiser = trusted(tx, &p.appraiser_key)?;
    let (Some(colleague), Some(appraiser)) = (colleague.as_ref(), appraiser.as_ref()) else {
        let reason = held_reason(colleague.is_some(), appraiser.is_some());
        let mut o = p.outcome(HrOutcome::Held, String::new());
        if from_held.is_some() {
            o.message = format!("{name}'s appraisal is still held: {reason}");
        } else {
            let n = tx.execute(
                "INSERT INTO hr_held (format, colleague_key, appraisal_id, version, record_sha256, name, appraiser,
                     appraiser_key, colleague_fingerprint, appraiser_fingerprint, agreed_at, reason, held, received_at)
                 VALUES (2, :ck, :id, :version, :sha, :name, :appraiser, :ak, :cf, :af, :agreed_at, :reason, :held, :now)
                 ON CONFLICT DO NOTHING",
                named_params! {
                    ":ck": r.colleague_key, ":id": r.appraisal_id, ":version": r.version, ":sha": p.digest,
                    ":name": name, ":appraiser": p.appraiser, ":ak": p.appraiser_key,
                    ":cf": o.colleague_fingerprint, ":af": o.appraiser_fingerprint, ":agreed_at": p.agreed_at,
                    ":reason": reason, ":held": to_json(&p.held)?, ":now": now_utc(),
                },
            )?;
            o.message = if n == 0 {
                format!("{name}'s appraisal was already held: {reason}")
            } else {
                format!("{name}'s appraisal is held: {reason}. Compare the fingerprints with the people named, then trust their keys")
            };
        }
        o.reason = Some(reason);
        return Ok(o);
    };
    let flags = flags(p, colleague, appraiser);
    let now = now_utc();
    if let Some((v, sha)) = &existing {
        let at: String = tx.query_row(
            "SELECT agreed_at FROM hr_appraisal WHERE colleague_key = ?1 AND appraisal_id = ?2",
            params![r.colleague_key, r.appraisal_id],
            |row| row.get(0),
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO hr_superseded (colleague_key, appraisal_id, version, record_sha256, agreed_at, superseded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![r.colleague_key, r.appraisal_id, v, sha, at, now],
        )?;
        tx.execute(
            "DELETE FROM hr_count WHERE colleague_key = ?1 AND appraisal_id = ?2",
            params![r.colleague_key, r.appraisal_id],
        )?;
    }
    let d = &r.details;
    let content = decode(r, &p.held.parts)?.content;
    tx.execute(
        "INSERT INTO hr_appraisal (colleague_key, appraisal_id, version, record_sha256, agreed_at, appraiser_key,
             employee_number, name, job_title, grade, team, department, organisation, appraiser, period_end,
             pay_step_met, pdp_agreed, flags, held, imported_at)
         VALUES (:ck, :id, :version, :sha, :agreed_at, :ak, :employee_number, :name, :job_title, :grade, :team,
             :department, :organisation, :appraiser, :period_end, :pay_step_met, :pdp_agreed, :flags, :held, :now)
         ON CONFLICT (colleague_key, appraisal_id) DO UPDATE SET version = excluded.version,
             record_sha256 = excluded.record_sha256, agreed_at = excluded.agreed_at,
             appraiser_key = excluded.appraiser_key, employee_number = excluded.employee_number,
             name = excluded.name, job_title = excluded.job_title, grade = excluded.grade, team = excluded.team,
             department = excluded.department, organisation = excluded.organisation,
             appraiser = excluded.appraiser, period_end = excluded.period_end,
             pay_step_met = excluded.pay_step_met, pdp_agreed = excluded.pdp_agreed, flags = excluded.flags,
             held = excluded.held, imported_at = excluded.imported_at",
        named_params! {
            ":ck": r.colleague_key, ":id": r.appraisal_id, ":version": r.version, ":sha": p.digest,
            ":agreed_at": p.agreed_at, ":ak": p.appraiser_key,
            ":employee_number": Some(&d.employee_number).filter(|s| !s.is_empty()),
            ":name": d.name, ":job_title": d.job_title, ":grade": d.grade, ":team": d.team,
            ":department": if d.department.is_empty() { "Not given" } else { &d.department },
            ":organisation": p.organisation, ":appraiser": p.appraiser, ":period_end": content.period_end,
            ":pay_step_met": p.pay_step_met, ":pdp_agreed": p.pdp_agreed, ":flags": to_json(&flags)?,
            ":held": to_json(&p.held)?, ":now": now,
        },
    )?;
    for (kind, label, count) in &p.counts {
        tx.execute(
            "INSERT INTO hr_count (colleague_key, appraisal_id, kind, label, count) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![r.colleague_key, r.appraisal_id, kind, label, count],
        )?;
    }
    // Held copies of this record at this version or below are done with.
    tx.execute(
        "DELETE FROM hr_held WHERE format = 2 AND colleague_key = ?1 AND appraisal_id = ?2 AND version <= ?3",
        params![r.colleague_key, r.appraisal_id, r.version],
    )?;
    let mut message = match outcome {
        HrOutcome::Superseded => format!(
            "Imported version {} of {name}'s appraisal; the older one is superseded",
            r.version
        ),
        _ => format!("Imported {name}'s agreed appraisal"),
    };
    if !flags.is_empty() {
        message.push_str(&format!(" (flagged: {})", flags.join("; ")));
    }
    let mut o = p.outcome(outcome, message);
    o.flags = flags;
    Ok(o)
}

impl Store {
    pub(super) fn require_organisation_area(&self) -> Result<()> {
        if self.organisation_area()? {
            Ok(())
        } else {
            Err(Error::invalid(
                "organisation_area",
                "Agreed appraisals are imported in the Organisation area: switch it on in Settings first",
            ))
        }
    }

    /// Import one agreed pack's text (format 2, or format 1 to hold).
    pub fn hr_import(&mut self, text: &str) -> Result<HrImportOutcome> {
        self.require_organisation_area()?;
        match format::pack::format_version(text)? {
            (1, _) => {
                let p = format::legacy::open(text)?;
                self.hr_import_legacy(&p, text)
            }
            (_, value) => {
                let v = format::pack::open(value)?;
                self.hr_import_verified(&v)
            }
        }
    }

    /// Import a verified format 2 agreed pack: added, superseded, unchanged or held; refused
    /// (nothing written) when it is not agreed, older, or another record with the same version.
    pub fn hr_import_verified(&mut self, v: &VerifiedPack) -> Result<HrImportOutcome> {
        self.require_organisation_area()?;
        if v.purpose != Purpose::Agreed {
            return Err(not_agreed());
        }
        let p = prepare(&self.conn, &v.held)?;
        self.write(|tx| apply(tx, &p, None))
    }

    /// A format 1 agreed pack (its sender's signature verified; its appraiser signature only a
    /// claim): held, with what it said of itself, never its content.
    pub fn hr_import_legacy(&mut self, p: &LegacyPack, _text: &str) -> Result<HrImportOutcome> {
        self.require_organisation_area()?;
        check_legacy(p)?;
        self.write(|tx| hold_legacy(tx, p))
    }

    /// Import every file, each on its own: all its checks, then its writes inside a savepoint,
    /// so a refused file writes nothing and the rest are still imported. Files are read and
    /// verified outside the transaction, then written in chunks of [`IMPORT_CHUNK`] files to one
    /// transaction each (one durable commit per chunk, not per file). Files over 20 MiB are refused
    /// before they are read. `progress` is called after each file with (done, total).
    pub fn hr_import_files(
        &mut self,
        files: &[PathBuf],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<HrBatch> {
        self.require_organisation_area()?;
        let mut report = HrBatch::default();
        let mut done = 0;
        for chunk in files.chunks(IMPORT_CHUNK) {
            let read: Vec<(String, Result<Checked>)> = chunk
                .iter()
                .map(|path| {
                    let file = path.display().to_string();
                    let checked = crate::files::read_text_limited(path, "The pack")
                        .and_then(|text| check_file(&self.conn, &text));
                    (file, checked)
                })
                .collect();
            let outcomes = self.write(|tx| {
                let mut out = Vec::with_capacity(read.len());
                for (file, checked) in read {
                    let result = checked.and_then(|c| in_savepoint(tx, |conn| c.apply(conn)));
                    out.push(match result {
                        Ok(o) => HrFileOutcome::of(file, o),
                        Err(e @ (Error::Invalid { .. } | Error::Io { .. })) => {
                            HrFileOutcome::refused(file, e.message())
                        }
                        Err(e) => return Err(e),
                    });
                }
                Ok(out)
            })?;
            for o in outcomes {
                report.push(o);
                done += 1;
                progress(done, files.len());
            }
        }
        Ok(report)
    }
}

/// How many files of a folder import share one transaction.
pub const IMPORT_CHUNK: usize = 500;

/// A file that passed every check that needs no database state, ready to apply.
enum Checked {
    Agreed(Box<Prepared>),
    Legacy(Box<LegacyPack>),
}

impl Checked {
    fn apply(&self, conn: &Connection) -> Result<HrImportOutcome> {
        match self {
            Checked::Agreed(p) => apply(conn, p, None),
            Checked::Legacy(p) => hold_legacy(conn, p),
        }
    }
}

/// Open and check one file's text (format 2 verified in full, or format 1 to hold).
fn check_file(conn: &Connection, text: &str) -> Result<Checked> {
    match format::pack::format_version(text)? {
        (1, _) => {
            let p = format::legacy::open(text)?;
            check_legacy(&p)?;
            Ok(Checked::Legacy(Box::new(p)))
        }
        (_, value) => {
            let v = format::pack::open(value)?;
            if v.purpose != Purpose::Agreed {
                return Err(not_agreed());
            }
            Ok(Checked::Agreed(Box::new(prepare(conn, &v.held)?)))
        }
    }
}

/// Run `f` inside a savepoint of the open transaction: kept if it succeeds, undone if it fails.
fn in_savepoint<T>(tx: &Transaction<'_>, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    tx.execute_batch("SAVEPOINT hr_file")?;
    match f(tx) {
        Ok(v) => {
            tx.execute_batch("RELEASE hr_file")?;
            Ok(v)
        }
        Err(e) => {
            tx.execute_batch("ROLLBACK TO hr_file; RELEASE hr_file")?;
            Err(e)
        }
    }
}

fn check_legacy(p: &LegacyPack) -> Result<()> {
    if p.purpose != Purpose::Agreed {
        return Err(not_agreed());
    }
    Ok(())
}

/// Hold a format 1 agreed pack: what it said of itself, never its content.
fn hold_legacy(conn: &Connection, p: &LegacyPack) -> Result<HrImportOutcome> {
    let appraiser = p
        .signatures
        .iter()
        .find(|s| s.role == Role::Appraiser)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let n = conn.execute(
        "INSERT INTO hr_held (format, colleague_key, appraisal_id, version, record_sha256, name, appraiser,
             appraiser_key, colleague_fingerprint, appraiser_fingerprint, agreed_at, reason, held, received_at)
         VALUES (1, ?1, ?2, NULL, ?3, ?4, ?5, NULL, ?6, NULL, ?7, ?8, NULL, ?9)
         ON CONFLICT DO NOTHING",
        params![p.public_key, p.appraisal_id, p.sha256, p.colleague_name, appraiser,
            p.fingerprint, p.agreed_at, LEGACY_HELD, now_utc()],
    )?;
    Ok(HrImportOutcome {
        outcome: HrOutcome::Held,
        appraisal_id: p.appraisal_id.clone(),
        name: p.colleague_name.clone(),
        message: format!(
            "{}'s appraisal is {}held: {LEGACY_HELD}",
            p.colleague_name,
            if n == 0 { "already " } else { "" }
        ),
        reason: Some(LEGACY_HELD.to_string()),
        flags: Vec::new(),
        colleague_fingerprint: Some(p.fingerprint.clone()),
        appraiser_fingerprint: None,
    })
}
