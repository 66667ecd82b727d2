//! Revision history (`reflection_version`): the current revision is the `reflection` row itself
//! (its snapshot is NULL), and each older one is a snapshot compressed when it stops being
//! current. Quick successive saves coalesce into one revision.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::types::ValueRef;
use rusqlite::{named_params, Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::model::{Reflection, RevisionEntry};
use crate::storage::labels::Labels;

use super::read::{exists, read};

/// Saves within this many seconds of the previous revision update it instead of adding one,
/// so autosave while typing keeps a readable history.
pub const REVISION_COALESCE_SECS: i64 = 300;

/// A snapshot larger than this when inflated is damage, not a reflection (a reflection's text is
/// at most a few hundred KB).
const MAX_SNAPSHOT_BYTES: u64 = 16 * 1024 * 1024;

/// The revision a save writes, decided before the row changes: the current one again (coalesced)
/// or the next.
pub(crate) fn next_revision(
    tx: &Transaction<'_>,
    id: &str,
    current: u32,
    now: &str,
) -> Result<(u32, bool)> {
    let saved_at: Option<String> = tx
        .prepare_cached(
            "SELECT saved_at FROM reflection_version WHERE reflection_id = ?1 AND revision = ?2",
        )?
        .query_row(rusqlite::params![id, current], |r| r.get(0))
        .optional()?;
    let coalesce = saved_at.as_deref().is_some_and(|at| {
        match (
            DateTime::parse_from_rfc3339(at),
            DateTime::parse_from_rfc3339(now),
        ) {
            (Ok(at), Ok(now)) => {
                (now.with_timezone(&Utc) - at.with_timezone(&Utc)).num_seconds()
                    < REVISION_COALESCE_SECS
            }
            _ => false,
        }
    });
    Ok(if coalesce && current >= 1 {
        (current, true)
    } else {
        (current + 1, false)
    })
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
        "SELECT revision, saved_at, snapshot FROM reflection_version
         WHERE reflection_id = ?1 ORDER BY revision DESC",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let revision: u32 = row.get(0)?;
        let saved_at: String = row.get(1)?;
        let reflection = match row.get_ref(2)? {
            ValueRef::Null => {
                let mut current = read(conn, labels, id)?;
                current.deleted_at = None;
                current
            }
            stored => decode(revision, stored)?,
        };
        out.push(RevisionEntry {
            revision,
            saved_at,
            reflection,
        });
    }
    Ok(out)
}
