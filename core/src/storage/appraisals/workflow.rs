//! Changing an appraisal: autosaved edits, the workflow steps (submit, withdraw, start review,
//! sign, reopen), a signature made remotely on a reviewed pack, and deleting a draft.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, Transaction};
use uuid::Uuid;

use crate::appraisal::{
    self, merge_edit, next_state, Action, Appraisal, AppraisalContent, AppraisalState, Role,
    Signature, SignedRecord,
};
use crate::error::{Error, Result};
use crate::model::Visibility;
use crate::storage::labels::Labels;
use crate::storage::profile::require_profile;
use crate::storage::reflections;
use crate::store::{now_utc, Store};
use crate::validate::check_len;

use super::create::check_no_overlap;
use super::view::live_record;
use super::{from_json, load, log, record_framework, signatures, to_json, view, Event, MAX_REASON};

impl Store {
    /// Autosave an edit by `actor`. Parts owned by the other person must be unchanged; a signed
    /// record cannot change at all. Invalid input changes nothing.
    pub fn save_appraisal(
        &mut self,
        id: &str,
        incoming: &AppraisalContent,
        actor: Role,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let labels = self.labels()?;
        self.write(|tx| {
            save(tx, &labels, id, incoming, actor)?;
            view(tx, &labels, load(tx, id)?, actor, today)
        })
    }

    /// A step of the workflow by `actor`. `reason` is required to reopen. Illegal steps are
    /// refused with the reason and change nothing.
    pub fn appraisal_action(
        &mut self,
        id: &str,
        action: Action,
        actor: Role,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let labels = self.labels()?;
        self.write(|tx| {
            act(tx, &labels, id, action, actor, reason)?;
            view(tx, &labels, load(tx, id)?, actor, today)
        })
    }

    /// Delete an appraisal that is still a draft (a started-by-mistake one). Anything submitted
    /// or signed is kept.
    pub fn delete_appraisal(&mut self, id: &str) -> Result<()> {
        self.write(|tx| {
            let row = load(tx, id)?;
            if row.state != AppraisalState::Draft {
                return Err(Error::invalid(
                    "state",
                    format!(
                        "Only a draft appraisal can be deleted (this one is {})",
                        row.state.label().to_lowercase()
                    ),
                ));
            }
            tx.execute("DELETE FROM appraisal WHERE seq = ?1", [row.seq])?;
            Ok(())
        })
    }
}

/// Save an edit by `actor` (see [`Store::save_appraisal`]).
pub(crate) fn save(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    incoming: &AppraisalContent,
    actor: Role,
) -> Result<()> {
    let row = load(tx, id)?;
    if row.frozen_record.is_some() {
        return Err(Error::invalid(
            "state",
            "This appraisal has been signed, so it cannot change. Reopen it (with a reason) to make changes; reopening clears the signatures",
        ));
    }
    if actor == Role::Appraiser && row.state != AppraisalState::InReview {
        return Err(Error::invalid(
            "state",
            "The appraiser can write once the review has started: the colleague submits the appraisal, then the appraiser starts appraiser mode",
        ));
    }
    let keys: Vec<String> = record_framework(tx, &row.framework_id)?
        .values
        .into_iter()
        .map(|v| v.key)
        .collect();
    let merged = merge_edit(&row.content, incoming, actor, &keys, &mut || {
        Uuid::now_v7().to_string()
    })?;
    appraisal::validate(&merged)?;
    check_no_overlap(tx, Some(row.seq), &merged.period_start, &merged.period_end)?;
    check_new_evidence(tx, labels, &row.content, &merged)?;
    let pay_step_date = Some(merged.pay_step.date.clone()).filter(|d| !d.is_empty());
    tx.execute(
        "UPDATE appraisal SET content = :content, period_start = :period_start,
             period_end = :period_end, pay_step_date = :pay_step_date, updated_at = :now
         WHERE seq = :seq",
        named_params! {
            ":seq": row.seq,
            ":content": to_json(&merged)?,
            ":period_start": merged.period_start,
            ":period_end": merged.period_end,
            ":pay_step_date": pay_step_date,
            ":now": now_utc(),
        },
    )?;
    Ok(())
}

/// Take a workflow step (see [`Store::appraisal_action`]).
pub(crate) fn act(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    action: Action,
    actor: Role,
    reason: Option<&str>,
) -> Result<()> {
    let row = load(tx, id)?;
    let signed: Vec<Role> = signatures(tx, row.seq)?.iter().map(|s| s.role).collect();
    let to = next_state(row.state, action, actor, &signed)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if action == Action::Reopen {
        let Some(r) = reason else {
            return Err(Error::invalid(
                "reason",
                "Give a reason for reopening the signed record",
            ));
        };
        check_len("reason", r, MAX_REASON)?;
    }
    match action {
        Action::Submit => appraisal::check_ready_to_submit(&row.content)?,
        Action::Sign => appraisal::check_ready_to_sign(&row.content)?,
        _ => {}
    }
    let profile = require_profile(tx)?;
    let actor_name = match actor {
        Role::Colleague => profile.name.clone(),
        Role::Appraiser => row.content.appraiser_name.clone(),
    };
    let now = now_utc();
    let mut hash = None;
    match action {
        Action::Sign => {
            // The record is frozen at the first signature; the second signs the same bytes.
            let bytes = match &row.frozen_record {
                Some(f) => f.clone(),
                None => live_record(tx, labels, &row, profile)?.canonical()?,
            };
            let sha = appraisal::sha256_hex(bytes.as_bytes());
            let record: SignedRecord = from_json(&bytes)?;
            let (name, job_title) = match actor {
                Role::Colleague => (
                    record.details.name.clone(),
                    record.details.job_title.clone(),
                ),
                Role::Appraiser => (
                    row.content.appraiser_name.clone(),
                    row.content.appraiser_job_title.clone(),
                ),
            };
            tx.execute(
                "INSERT INTO appraisal_signature (appraisal_seq, role, name, job_title, signed_at, sha256)
                 VALUES (:seq, :role, :name, :job_title, :signed_at, :sha256)",
                named_params! {
                    ":seq": row.seq,
                    ":role": actor,
                    ":name": name,
                    ":job_title": job_title,
                    ":signed_at": now,
                    ":sha256": sha,
                },
            )?;
            tx.execute(
                "UPDATE appraisal SET frozen_record = :record, state = :state, updated_at = :now,
                     agreed_at = CASE WHEN :state = 'agreed' THEN :now ELSE agreed_at END
                 WHERE seq = :seq",
                named_params! {
                    ":seq": row.seq,
                    ":record": bytes,
                    ":state": to,
                    ":now": now,
                },
            )?;
            hash = Some(sha);
        }
        Action::Reopen => {
            hash = row
                .frozen_record
                .as_deref()
                .map(|f| appraisal::sha256_hex(f.as_bytes()));
            tx.execute(
                "DELETE FROM appraisal_signature WHERE appraisal_seq = ?1",
                [row.seq],
            )?;
            tx.execute(
                "UPDATE appraisal SET frozen_record = NULL, agreed_at = NULL, state = ?2, updated_at = ?3
                 WHERE seq = ?1",
                params![row.seq, to, now],
            )?;
        }
        Action::Submit | Action::Withdraw | Action::StartReview => {
            tx.execute(
                "UPDATE appraisal SET state = ?2, updated_at = ?3 WHERE seq = ?1",
                params![row.seq, to, now],
            )?;
        }
    }
    log(
        tx,
        &Event {
            seq: row.seq,
            actor,
            actor_name: &actor_name,
            action: action.as_str(),
            from: Some(row.state),
            to,
            reason,
            sha256: hash.as_deref(),
        },
    )
}

/// Keep a signature the appraiser made remotely (on a reviewed pack) if it is over exactly the
/// record as it stands here; the record then freezes as if they had signed on this device.
pub(crate) fn attach_remote_signature(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    sig: &Signature,
) -> Result<bool> {
    let row = load(tx, id)?;
    if row.frozen_record.is_some()
        || row.state != AppraisalState::InReview
        || sig.role != Role::Appraiser
    {
        return Ok(false);
    }
    let bytes = live_record(tx, labels, &row, require_profile(tx)?)?.canonical()?;
    if appraisal::sha256_hex(bytes.as_bytes()) != sig.sha256 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO appraisal_signature (appraisal_seq, role, name, job_title, signed_at, sha256)
         VALUES (:seq, 'appraiser', :name, :job_title, :signed_at, :sha256)",
        named_params! {
            ":seq": row.seq,
            ":name": sig.name,
            ":job_title": sig.job_title,
            ":signed_at": sig.signed_at,
            ":sha256": sig.sha256,
        },
    )?;
    tx.execute(
        "UPDATE appraisal SET frozen_record = ?2, updated_at = ?3 WHERE seq = ?1",
        params![row.seq, bytes, now_utc()],
    )?;
    log(
        tx,
        &Event {
            seq: row.seq,
            actor: Role::Appraiser,
            actor_name: &sig.name,
            action: "sign (remote review)",
            from: Some(row.state),
            to: row.state,
            reason: None,
            sha256: Some(&sig.sha256),
        },
    )?;
    Ok(true)
}

/// Newly included reflections must exist and be shared (private reflections never reach an
/// appraisal). Ids included earlier that have since been made private are left out of the
/// record rather than refused, so an autosave never fails because of them.
fn check_new_evidence(
    conn: &Connection,
    labels: &Labels,
    stored: &AppraisalContent,
    merged: &AppraisalContent,
) -> Result<()> {
    for (i, v) in merged.values.iter().enumerate() {
        let before = stored.values.iter().find(|s| s.value_key == v.value_key);
        for id in &v.reflection_ids {
            if before.is_some_and(|b| b.reflection_ids.contains(id)) {
                continue;
            }
            let field = format!("values[{i}].reflection_ids");
            let r = match reflections::read(conn, labels, id) {
                Ok(r) => r,
                Err(Error::NotFound { .. }) => {
                    return Err(Error::invalid(
                        field,
                        format!("There is no reflection with id '{id}'"),
                    ))
                }
                Err(e) => return Err(e),
            };
            if r.deleted_at.is_some() {
                return Err(Error::invalid(
                    field,
                    format!("\"{}\" is in the bin: restore it to include it", r.title),
                ));
            }
            if r.visibility != Visibility::Shared {
                return Err(Error::invalid(
                    field,
                    format!("\"{}\" is private: share it for appraisal first (private reflections never appear in an appraisal)", r.title),
                ));
            }
        }
    }
    Ok(())
}
