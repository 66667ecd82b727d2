//! Bringing an archive into an empty journal, in one transaction: frameworks (every archived
//! revision, so old tags keep their revision and labels; a revision number this journal already
//! holds with other content is brought in under a new number), the profile (only when the journal
//! has none), reflections with their revisions and search index, appraisals with their signatures,
//! frozen records and logs, and the revalidation evidence. Every refusal changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Days};
use rusqlite::{OptionalExtension, Transaction};

use crate::archive::{
    appraisal_entry, parse, reflection_entry, refused, ArchiveCounts, ArchiveImported,
    ArchivedFramework, Parsed, RenumberedRevision, REVALIDATION,
};
use crate::error::{Error, Result};
use crate::framework;
use crate::model::{FrameworkKind, Profile, Registration, RegistrationBody};
use crate::storage::frameworks::{insert_revision_rows, next_revision};
use crate::storage::labels::Labels;
use crate::storage::profile::{normalise, validate_profile, write_profile};
use crate::store::Store;

use super::from_name;

mod rows;
use rows::{import_appraisal, import_reflection, import_revalidation};

/// (framework id, archived revision) → the revision it is in this journal.
pub(super) type RevisionMap = HashMap<(String, u32), u32>;

impl Store {
    /// Bring an archive (archive format 1, the bytes of the zip) into this journal, which must
    /// hold no reflections, appraisals or revalidation evidence yet. The whole file is checked
    /// first ([`crate::archive::inspect`]), then everything is written in one transaction: any
    /// refusal changes nothing. The journal's profile, if it has one, is kept (and with it the
    /// organisation framework chosen here); otherwise the archive's is imported. Never panics.
    pub fn import_archive(&mut self, bytes: &[u8]) -> Result<ArchiveImported> {
        let parsed = parse(bytes)?;
        let outcome = self.write(|tx| import(tx, &parsed));
        // Frameworks may have changed even if a later step failed and rolled back: reload.
        self.frameworks_changed();
        outcome
    }
}

impl Store {
    /// Why this journal cannot take an archive (it already holds reflections, appraisals or
    /// revalidation evidence), or `None` when it is empty and can.
    pub fn archive_import_refusal(&self) -> Result<Option<String>> {
        match refuse_unless_empty(&self.conn) {
            Ok(()) => Ok(None),
            Err(Error::Invalid { message, .. }) => Ok(Some(message)),
            Err(e) => Err(e),
        }
    }
}

fn import(tx: &Transaction<'_>, p: &Parsed) -> Result<ArchiveImported> {
    refuse_unless_empty(tx)?;
    let (map, added, renumbered) = import_frameworks(tx, &p.frameworks)?;
    let labels = Labels::load(tx)?;
    let profile_imported = match (&p.profile, crate::storage::profile::profile(tx)?) {
        (Some(archived), None) => {
            let profile = normalise(&profile_from(archived)?);
            validate_profile(tx, &profile, false).map_err(|e| in_entry("profile.json", e))?;
            write_profile(tx, &profile)?;
            true
        }
        _ => false,
    };
    let today = crate::clock::today()
        .checked_add_days(Days::new(2))
        .unwrap_or_else(crate::clock::today);
    for r in &p.reflections {
        import_reflection(tx, &labels, &map, r, today)
            .map_err(|e| in_entry(&reflection_entry(&r.id), e))?;
    }
    let reflection_ids: HashSet<&str> = p.reflections.iter().map(|r| r.id.as_str()).collect();
    for (a, events) in &p.appraisals {
        import_appraisal(tx, a, events, &reflection_ids)
            .map_err(|e| in_entry(&appraisal_entry(&a.id), e))?;
    }
    import_revalidation(tx, p).map_err(|e| in_entry(REVALIDATION, e))?;
    let mut counts = ArchiveCounts::from_wire(&p.manifest.counts);
    counts.profile = u32::from(profile_imported);
    counts.pdfs = 0;
    Ok(ArchiveImported {
        counts,
        framework_revisions_added: added,
        renumbered,
        profile_imported,
    })
}

/// An error inside an entry names the entry (field `archive`), and says nothing was changed.
fn in_entry(entry: &str, e: Error) -> Error {
    match e {
        Error::Invalid { field, message } if field == "archive" => {
            Error::Invalid { field, message }
        }
        Error::Invalid { field, message } => refused(format!(
            "The entry “{entry}” is not valid: {field}: {message} (Nothing was changed.)"
        )),
        other => other,
    }
}

/// Only an empty journal takes an archive: ids would collide, and merging two journals is not
/// what an archive is for.
fn refuse_unless_empty(conn: &rusqlite::Connection) -> Result<()> {
    let mut held = Vec::new();
    for (table, what) in [
        ("reflection", "reflections"),
        ("appraisal", "appraisals"),
        ("feedback", "feedback entries"),
        ("reflective_discussion", "reflective discussions"),
        ("revalidation_confirmation", "confirmations"),
    ] {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        if n > 0 {
            held.push(format!("{n} {what}"));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    Err(refused(format!(
        "This journal already holds {}: an archive can only be imported into a new, empty journal (use another data folder). Nothing was changed.",
        held.join(", ")
    )))
}

/// Bring in every archived framework revision. Same number and content: already here. Same number,
/// other content: brought in under the next free number (tags are moved with it). A framework new
/// to this journal becomes current at the archive's current revision; an existing framework's
/// current revision is left as this journal has it.
fn import_frameworks(
    tx: &Transaction<'_>,
    frameworks: &[ArchivedFramework],
) -> Result<(RevisionMap, u32, Vec<RenumberedRevision>)> {
    let mut map = RevisionMap::new();
    let mut added = 0;
    let mut renumbered = Vec::new();
    for fw in frameworks {
        let id = &fw.entry.id;
        let kind: FrameworkKind = from_name(&fw.entry.kind).ok_or_else(|| {
            refused(format!(
                "frameworks/index.json: “{}” is not a kind of framework (Nothing was changed.)",
                fw.entry.kind
            ))
        })?;
        let existing: Option<FrameworkKind> = tx
            .query_row("SELECT kind FROM framework WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        match existing {
            Some(k) if k != kind => {
                return Err(refused(format!(
                    "The archive's framework “{id}” is an {} framework, and this journal has “{id}” as a {} framework: they cannot be the same. Nothing was changed.",
                    kind.as_str(),
                    k.as_str()
                )))
            }
            Some(_) => {}
            None => {
                tx.execute(
                    "INSERT INTO framework (id, kind, builtin, current_revision) VALUES (?1, ?2, 0, 0)",
                    rusqlite::params![id, kind],
                )?;
            }
        }
        let mut held: Vec<(u32, String)> = {
            let mut stmt = tx.prepare(
                "SELECT revision, document FROM framework_revision WHERE framework_id = ?1",
            )?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for r in &fw.revisions {
            let doc = framework::canonical_json(&r.doc)?;
            let same_number = held.iter().find(|(n, _)| *n == r.revision);
            let target = match same_number {
                Some((n, stored)) if *stored == doc => *n,
                Some(_) => {
                    // Another file under this number: the same content under another number, or a new one.
                    let n = match held.iter().find(|(_, stored)| *stored == doc) {
                        Some((n, _)) => *n,
                        None => {
                            let n = next_revision(tx, id)?;
                            let reason =
                                format!("imported from an archive (was revision {})", r.revision);
                            insert_revision_rows(tx, &r.doc, n, &r.created_at, &reason)?;
                            held.push((n, doc.clone()));
                            added += 1;
                            n
                        }
                    };
                    renumbered.push(RenumberedRevision {
                        framework_id: id.clone(),
                        archived_revision: r.revision,
                        revision: n,
                    });
                    n
                }
                None => {
                    insert_revision_rows(tx, &r.doc, r.revision, &r.created_at, &r.reason)?;
                    held.push((r.revision, doc.clone()));
                    added += 1;
                    r.revision
                }
            };
            map.insert((id.clone(), r.revision), target);
        }
        if existing.is_none() {
            let current = map
                .get(&(id.clone(), fw.entry.current_revision))
                .copied()
                .unwrap_or(1);
            tx.execute(
                "UPDATE framework SET current_revision = ?2 WHERE id = ?1",
                rusqlite::params![id, current],
            )?;
        }
    }
    Ok((map, added, renumbered))
}

fn profile_from(p: &crate::archive::wire::ProfileV1) -> Result<Profile> {
    let registration = match &p.registration {
        Some(r) => Some(Registration {
            body: from_name::<RegistrationBody>(&r.body).ok_or_else(|| {
                Error::invalid(
                    "registration.body",
                    format!("“{}” is not NMC, HCPC or GMC", r.body),
                )
            })?,
            pin: r.pin.clone(),
            renewal_date: r.renewal_date.clone(),
        }),
        None => None,
    };
    Ok(Profile {
        name: p.name.clone(),
        job_title: p.job_title.clone(),
        grade: p.grade.clone(),
        team: p.team.clone(),
        department: p.department.clone(),
        line_manager: p.line_manager.clone(),
        employee_number: p.employee_number.clone(),
        registration,
        organisation_framework: p.organisation_framework.clone(),
        professional_frameworks: p.professional_frameworks.clone(),
    })
}

/// An instant as Reflect stores them (RFC 3339).
pub(super) fn instant(field: &str, s: &str) -> Result<()> {
    DateTime::parse_from_rfc3339(s).map(|_| ()).map_err(|_| {
        Error::invalid(
            field,
            format!(
                "“{}” is not a date and time (RFC 3339)",
                crate::safe_text::for_terminal(s)
            ),
        )
    })
}
