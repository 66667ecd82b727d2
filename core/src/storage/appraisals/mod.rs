//! Appraisals: create (carrying forward last year's objectives and plan), read as the colleague or
//! the appraiser sees it, autosave edits, the workflow (submit, withdraw, start review, sign,
//! reopen), and the signed record and its hash. The functions take the connection or
//! transaction; each public `Store` method is one transaction.

mod create;
mod sealed;
mod view;
mod workflow;

use rusqlite::{named_params, Connection, OptionalExtension, Row as SqlRow, Transaction};

use crate::appraisal::{
    AppraisalContent, AppraisalEvent, AppraisalState, RecordFramework, RecordValue, Role, Signature,
};
use crate::error::{Error, Result};
use crate::storage::frameworks::framework_at;
use crate::storage::sql::corrupt_or_database;
use crate::store::now_utc;

pub(crate) use sealed::pack_record;
pub(crate) use view::{last_agreed_on, view};
pub(crate) use workflow::{act, attach_remote_signature, save, Attached};

/// A reason for reopening, in characters.
pub const MAX_REASON: usize = 2_000;

/// An appraisal row as stored.
pub(crate) struct Row {
    seq: i64,
    id: String,
    state: AppraisalState,
    framework_id: String,
    previous_id: Option<String>,
    content: AppraisalContent,
    frozen_record: Option<String>,
    /// The version the last freeze had (the next is one more).
    record_version: u32,
    /// Counts every change (see [`check_version`]).
    edit_version: u32,
    agreed_at: Option<String>,
    created_at: String,
    updated_at: String,
}

impl Row {
    const SELECT: &'static str =
        "SELECT seq, id, state, framework_id, previous_id, content, frozen_record, record_version, edit_version, agreed_at,
                created_at, updated_at
         FROM appraisal";

    /// The row, with `content` still JSON (parsed by [`load`], which can report it corrupt).
    fn from_row(r: &SqlRow<'_>) -> rusqlite::Result<(Row, String)> {
        Ok((
            Row {
                seq: r.get("seq")?,
                id: r.get("id")?,
                state: r.get("state")?,
                framework_id: r.get("framework_id")?,
                previous_id: r.get("previous_id")?,
                content: AppraisalContent::default(),
                frozen_record: r.get("frozen_record")?,
                record_version: r.get("record_version")?,
                edit_version: r.get("edit_version")?,
                agreed_at: r.get("agreed_at")?,
                created_at: r.get("created_at")?,
                updated_at: r.get("updated_at")?,
            },
            r.get("content")?,
        ))
    }
}

/// A save or step made on version `edited` of the `what` `id`, which is now at `current`:
/// refused as a conflict unless they are the same (another window or the CLI changed it).
pub(crate) fn check_version(
    what: &'static str,
    id: &str,
    edited: Option<u32>,
    current: u32,
) -> Result<()> {
    match edited {
        Some(edited) if edited != current => Err(Error::Conflict {
            what,
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// The appraisal with this id.
pub(crate) fn load(conn: &Connection, id: &str) -> Result<Row> {
    let row = conn
        .query_row(
            &format!("{} WHERE id = ?1", Row::SELECT),
            [id],
            Row::from_row,
        )
        .optional()
        .map_err(corrupt_or_database)?;
    let Some((row, content)) = row else {
        return Err(Error::NotFound {
            what: "appraisal",
            id: id.to_string(),
        });
    };
    Ok(Row {
        content: from_json(&content)?,
        ..row
    })
}

type SignatureRow = (Role, String, String, String, String, Option<String>);

fn signature_from_row(r: &SqlRow<'_>) -> rusqlite::Result<SignatureRow> {
    Ok((
        r.get("role")?,
        r.get("name")?,
        r.get("job_title")?,
        r.get("signed_at")?,
        r.get("sha256")?,
        r.get("signature")?,
    ))
}

/// The signatures on an appraisal as shown (key signatures verified).
fn signatures(conn: &Connection, seq: i64) -> Result<Vec<Signature>> {
    let mut stmt = conn.prepare_cached(
        "SELECT role, name, job_title, signed_at, sha256, signature FROM appraisal_signature
         WHERE appraisal_seq = ?1 ORDER BY signed_at, role",
    )?;
    let rows = stmt.query_map([seq], signature_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let (role, name, job_title, signed_at, sha256, key) = row.map_err(corrupt_or_database)?;
        let key = key.map(|k| from_json(&k)).transpose()?;
        out.push(sealed::shown(role, name, job_title, signed_at, sha256, key));
    }
    Ok(out)
}

fn event_from_row(r: &SqlRow<'_>) -> rusqlite::Result<AppraisalEvent> {
    Ok(AppraisalEvent {
        at: r.get("at")?,
        actor: r.get("actor")?,
        actor_name: r.get("actor_name")?,
        action: r.get("action")?,
        from_state: r.get("from_state")?,
        to_state: r.get("to_state")?,
        reason: r.get("reason")?,
        sha256: r.get("sha256")?,
    })
}

fn events(conn: &Connection, seq: i64) -> Result<Vec<AppraisalEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, actor_name, action, from_state, to_state, reason, sha256
         FROM appraisal_event WHERE appraisal_seq = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([seq], event_from_row)?;
    rows.map(|row| row.map_err(corrupt_or_database)).collect()
}

/// One entry of an appraisal's event log, as [`log`] writes it (at the current time).
struct Event<'a> {
    seq: i64,
    actor: Role,
    actor_name: &'a str,
    action: &'a str,
    from: Option<AppraisalState>,
    to: AppraisalState,
    reason: Option<&'a str>,
    sha256: Option<&'a str>,
}

fn log(tx: &Transaction<'_>, e: &Event<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO appraisal_event (appraisal_seq, at, actor, actor_name, action, from_state, to_state, reason, sha256)
         VALUES (:seq, :at, :actor, :actor_name, :action, :from_state, :to_state, :reason, :sha256)",
        named_params! {
            ":seq": e.seq,
            ":at": now_utc(),
            ":actor": e.actor,
            ":actor_name": e.actor_name,
            ":action": e.action,
            ":from_state": e.from,
            ":to_state": e.to,
            ":reason": e.reason,
            ":sha256": e.sha256,
        },
    )?;
    Ok(())
}

/// The framework's values as the record names them (current revision).
fn record_framework(conn: &Connection, id: &str) -> Result<RecordFramework> {
    let fw = framework_at(conn, id, None)?;
    Ok(RecordFramework {
        id: fw.doc.id.clone(),
        revision: fw.revision,
        name: fw.doc.name.clone(),
        values: fw
            .doc
            .values
            .iter()
            .map(|v| RecordValue {
                key: v.key.clone(),
                name: v.name.clone(),
            })
            .collect(),
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("appraisal: {e}")))
}
