//! Revision history (`reflection_version`): the current revision is the `reflection` row itself
//! (its snapshot is NULL), and each older one is a snapshot compressed when it stops being
//! current. Only the autosaves of one editing session coalesce into one revision (its `session`
//! column names the session while it lasts); every other save is a revision of its own.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::types::ValueRef;
use rusqlite::{named_params, Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::model::{Reflection, RevisionEntry, RevisionKind};
use crate::storage::labels::Labels;

use super::read::{exists, read};

/// A snapshot larger than this when inflated is damage, not a reflection (a reflection's text is
/// at most a few hundred KB).
const MAX_SNAPSHOT_BYTES: u64 = 16 * 1024 * 1024;

/// How a save meets the reflection's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Revision<'a> {
    /// An explicit save (`reflect edit`, the editor's "Save reflection"): a new revision, except
    /// that the editor's save (`session`) ends its session by keeping the session's autosaved
    /// revision when that is still the current one.
    Save { session: Option<&'a str> },
    /// An autosave of one editing session: into the session's revision while it is the current
    /// one, else a new revision for the session (someone else saved meanwhile: theirs is kept).
    Autosave { session: &'a str },
    /// Always a new revision of this kind (a restore, a model change, a privacy fix); a model
    /// change from the editor names its session, so that the session's save right after it
    /// keeps it rather than adding a copy.
    New {
        kind: RevisionKind,
        restored_from: Option<u32>,
        session: Option<&'a str>,
    },
}

/// What a save writes to the history, decided before the row changes.
pub(crate) struct Plan<'a> {
    pub revision: u32,
    /// The current revision is updated in place (its history row too): nothing to retire.
    pub in_place: bool,
    pub kind: RevisionKind,
    pub session: Option<&'a str>,
    pub restored_from: Option<u32>,
}

impl<'a> Plan<'a> {
    /// Revision 1 of a new reflection.
    pub fn first(rule: Revision<'a>) -> Plan<'a> {
        let (kind, session, restored_from) = parts(rule);
        Plan {
            revision: 1,
            in_place: false,
            kind,
            session,
            restored_from,
        }
    }
}

fn parts(rule: Revision<'_>) -> (RevisionKind, Option<&str>, Option<u32>) {
    match rule {
        Revision::Save { .. } => (RevisionKind::Saved, None, None),
        Revision::Autosave { session } => (RevisionKind::Autosaved, Some(session), None),
        Revision::New {
            kind,
            restored_from,
            session,
        } => (kind, session, restored_from),
    }
}

/// The revision a save of an existing reflection writes (`current`: its revision now).
pub(crate) fn plan<'a>(
    tx: &Transaction<'_>,
    id: &str,
    current: u32,
    rule: Revision<'a>,
) -> Result<Plan<'a>> {
    let (kind, session, restored_from) = parts(rule);
    let (wanted, mine) = match rule {
        Revision::Autosave { session } => (session, Some(RevisionKind::Autosaved)),
        Revision::Save {
            session: Some(session),
        } => (session, None),
        _ => {
            return Ok(Plan {
                revision: current + 1,
                in_place: false,
                kind,
                session,
                restored_from,
            })
        }
    };
    let row: Option<(RevisionKind, Option<String>)> = tx
        .prepare_cached(
            "SELECT kind, session FROM reflection_version
             WHERE reflection_id = ?1 AND revision = ?2",
        )?
        .query_row(rusqlite::params![id, current], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(crate::storage::sql::corrupt_or_database)?;
    // The current revision is this session's: an autosave goes on in its autosaved revision;
    // the session's save keeps whichever revision the session made last (its autosaves become
    // a saved revision, a model change stays one).
    let kept = row.and_then(|(k, s)| {
        let same = s.as_deref() == Some(wanted) && current >= 1;
        match mine {
            Some(m) => (same && k == m).then_some(k),
            None if same && k == RevisionKind::Autosaved => Some(RevisionKind::Saved),
            None => same.then_some(k),
        }
    });
    Ok(match kept {
        Some(k) => Plan {
            revision: current,
            in_place: true,
            kind: k,
            session,
            restored_from,
        },
        None => Plan {
            revision: current + 1,
            in_place: false,
            kind,
            session,
            restored_from,
        },
    })
}

/// The history row of a revision updated in place: when, what made it and its session.
pub(crate) fn touch(tx: &Transaction<'_>, id: &str, plan: &Plan<'_>, now: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE reflection_version SET saved_at = :now, kind = :kind, session = :session
         WHERE reflection_id = :id AND revision = :revision",
    )?
    .execute(named_params! {
        ":id": id, ":revision": plan.revision, ":now": now, ":kind": plan.kind,
        ":session": plan.session,
    })?;
    Ok(())
}

/// The history row of a new current revision.
pub(crate) fn store_current(
    tx: &Transaction<'_>,
    id: &str,
    plan: &Plan<'_>,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO reflection_version (reflection_id, revision, saved_at, snapshot, kind,
             session, restored_from)
         VALUES (:id, :revision, :saved_at, NULL, :kind, :session, :restored_from)",
    )?
    .execute(named_params! {
        ":id": id, ":revision": plan.revision, ":saved_at": now, ":kind": plan.kind,
        ":session": plan.session, ":restored_from": plan.restored_from,
    })?;
    Ok(())
}

/// Keep the version that is about to stop being current (`old`, as read before the save) as a
/// compressed snapshot.
pub(crate) fn retire(tx: &Transaction<'_>, old: &Reflection) -> Result<()> {
    if old.revision == 0 {
        return Ok(());
    }
    let mut snapshot = old.clone();
    snapshot.deleted_at = None;
    let compressed = compress(&snapshot)?;
    let updated = tx
        .prepare_cached(
            "UPDATE reflection_version SET snapshot = :snapshot
             WHERE reflection_id = :id AND revision = :revision",
        )?
        .execute(named_params! {
            ":id": old.id, ":revision": old.revision, ":snapshot": compressed,
        })?;
    if updated == 0 {
        // A current revision without its history row (an import from an older build): keep it.
        store_version(tx, &old.id, old.revision, &old.updated_at, Some(&snapshot))?;
    }
    Ok(())
}

/// Add a history row: `snapshot` None for the current revision (the row is its content).
pub(crate) fn store_version(
    tx: &Transaction<'_>,
    id: &str,
    revision: u32,
    saved_at: &str,
    snapshot: Option<&Reflection>,
) -> Result<()> {
    let blob = snapshot.map(compress).transpose()?;
    tx.prepare_cached(
        "INSERT INTO reflection_version (reflection_id, revision, saved_at, snapshot)
         VALUES (:id, :revision, :saved_at, :snapshot)",
    )?
    .execute(named_params! {
        ":id": id, ":revision": revision, ":saved_at": saved_at, ":snapshot": blob,
    })?;
    Ok(())
}

fn compress(r: &Reflection) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(r).map_err(|e| Error::Corrupt(e.to_string()))?;
    let mut enc = DeflateEncoder::new(
        Vec::with_capacity(json.len() / 2),
        flate2::Compression::default(),
    );
    enc.write_all(&json)
        .and_then(|()| enc.finish())
        .map_err(|e| Error::Corrupt(format!("compressing a revision: {e}")))
}

/// A stored snapshot back to a Reflection: a BLOB is deflated JSON, TEXT plain JSON.
fn decode(revision: u32, value: ValueRef<'_>) -> Result<Reflection> {
    let damaged = |why: String| Error::Corrupt(format!("revision {revision}: {why}"));
    let json: Vec<u8> = match value {
        ValueRef::Text(t) => t.to_vec(),
        ValueRef::Blob(b) => {
            let mut out = Vec::new();
            DeflateDecoder::new(b)
                .take(MAX_SNAPSHOT_BYTES)
                .read_to_end(&mut out)
                .map_err(|e| damaged(format!("the snapshot does not inflate ({e})")))?;
            out
        }
        _ => {
            return Err(damaged(
                "the snapshot is neither JSON nor compressed JSON".into(),
            ))
        }
    };
    serde_json::from_slice(&json).map_err(|e| damaged(e.to_string()))
}

/// The saved versions of a reflection, newest first.
pub(crate) fn revisions(
    conn: &Connection,
    labels: &Labels,
    id: &str,
) -> Result<Vec<RevisionEntry>> {
    if !exists(conn, id)? {
        return Err(Error::NotFound {
            what: "reflection",
            id: id.to_string(),
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT revision, saved_at, snapshot, kind, restored_from FROM reflection_version
         WHERE reflection_id = ?1 ORDER BY revision DESC",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(entry(conn, labels, id, row)?);
    }
    Ok(out)
}

/// Revision `n` of a reflection; a revision it does not have is refused naming `revision`.
pub(crate) fn revision(
    conn: &Connection,
    labels: &Labels,
    id: &str,
    n: u32,
) -> Result<RevisionEntry> {
    if !exists(conn, id)? {
        return Err(Error::NotFound {
            what: "reflection",
            id: id.to_string(),
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT revision, saved_at, snapshot, kind, restored_from FROM reflection_version
         WHERE reflection_id = ?1 AND revision = ?2",
    )?;
    let mut rows = stmt.query(rusqlite::params![id, n])?;
    if let Some(row) = rows.next()? {
        return entry(conn, labels, id, row);
    }
    let (low, high): (Option<u32>, Option<u32>) = conn.query_row(
        "SELECT MIN(revision), MAX(revision) FROM reflection_version WHERE reflection_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let which = match (low, high) {
        (Some(l), Some(h)) if l == h => format!("its only revision is {l}"),
        (Some(l), Some(h)) => format!("its revisions are {l} to {h}"),
        _ => "it has no saved revisions".to_string(),
    };
    Err(Error::invalid(
        "revision",
        format!("This reflection has no revision {n}: {which}"),
    ))
}

/// One history row as a [`RevisionEntry`] (the current revision read from the row itself).
fn entry(
    conn: &Connection,
    labels: &Labels,
    id: &str,
    row: &rusqlite::Row<'_>,
) -> Result<RevisionEntry> {
    let revision: u32 = row.get(0)?;
    let saved_at: String = row.get(1)?;
    let kind: RevisionKind = row
        .get(3)
        .map_err(crate::storage::sql::corrupt_or_database)?;
    let restored_from: Option<u32> = row.get(4)?;
    let reflection = match row.get_ref(2)? {
        ValueRef::Null => {
            let mut current = read(conn, labels, id)?;
            current.deleted_at = None;
            current
        }
        stored => decode(revision, stored)?,
    };
    Ok(RevisionEntry {
        revision,
        saved_at,
        kind,
        restored_from,
        reflection,
    })
}
