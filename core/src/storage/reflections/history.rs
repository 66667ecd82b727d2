//! Revision history: each save records a snapshot, coalescing quick successive saves.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row, Transaction};

use crate::error::{Error, Result};
use crate::model::{Reflection, RevisionEntry};

use super::read::exists;

/// Saves within this many seconds of the previous revision update it instead of adding one,
/// so autosave while typing keeps a readable history.
pub const REVISION_COALESCE_SECS: i64 = 300;

/// A `reflection_revision` row as stored.
struct RevisionRow {
    revision: u32,
    saved_at: String,
    snapshot: String,
}

impl RevisionRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<RevisionRow> {
        Ok(RevisionRow {
            revision: r.get("revision")?,
            saved_at: r.get("saved_at")?,
            snapshot: r.get("snapshot")?,
        })
    }
}

/// Record the revision history entry for a save; returns the revision number.
pub(crate) fn record_revision(tx: &Transaction<'_>, r: &Reflection, now: &str) -> Result<u32> {
    let last: Option<(u32, String)> = tx
        .query_row(
            "SELECT revision, saved_at FROM reflection_revision WHERE reflection_id = ?1 ORDER BY revision DESC LIMIT 1",
            [&r.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let now_t = DateTime::parse_from_rfc3339(now)
        .map(|t| t.with_timezone(&Utc))
        .ok();
    let coalesce = last.as_ref().and_then(|(rev, at)| {
        let at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
        let age = (now_t? - at).num_seconds();
        (age < REVISION_COALESCE_SECS).then_some(*rev)
    });
    let revision = match (coalesce, &last) {
        (Some(rev), _) => rev,
        (None, Some((rev, _))) => rev + 1,
        (None, None) => 1,
    };
    let mut snapshot = r.clone();
    snapshot.revision = revision;
    let json = serde_json::to_string(&snapshot).map_err(|e| Error::Corrupt(e.to_string()))?;
    if coalesce.is_some() {
        tx.execute(
            "UPDATE reflection_revision SET snapshot = :snapshot
             WHERE reflection_id = :id AND revision = :revision",
            named_params! { ":id": r.id, ":revision": revision, ":snapshot": json },
        )?;
    } else {
        tx.execute(
            "INSERT INTO reflection_revision (reflection_id, revision, saved_at, snapshot)
             VALUES (:id, :revision, :saved_at, :snapshot)",
            named_params! { ":id": r.id, ":revision": revision, ":saved_at": now, ":snapshot": json },
        )?;
    }
    tx.execute(
        "UPDATE reflection SET revision = ?2 WHERE id = ?1",
        params![r.id, revision],
    )?;
    Ok(revision)
}

/// The saved versions of a reflection, newest first.
pub(crate) fn revisions(conn: &Connection, id: &str) -> Result<Vec<RevisionEntry>> {
    if !exists(conn, id)? {
        return Err(Error::NotFound {
            what: "reflection",
            id: id.to_string(),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT revision, saved_at, snapshot FROM reflection_revision
         WHERE reflection_id = ?1 ORDER BY revision DESC",
    )?;
    let rows = stmt.query_map([id], RevisionRow::from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let RevisionRow {
            revision,
            saved_at,
            snapshot,
        } = row?;
        let reflection: Reflection = serde_json::from_str(&snapshot)
            .map_err(|e| Error::Corrupt(format!("revision {revision}: {e}")))?;
        out.push(RevisionEntry {
            revision,
            saved_at,
            reflection,
        });
    }
    Ok(out)
}
