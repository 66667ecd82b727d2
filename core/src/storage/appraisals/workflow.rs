//! Changing an appraisal: autosaved edits, the workflow steps (submit, withdraw, start review,
//! sign, reopen), a signature made remotely on a reviewed pack, and deleting a draft.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, Transaction};
use uuid::Uuid;

use crate::appraisal::{
    self, merge_edit, next_state, Action, Appraisal, AppraisalContent, AppraisalState, Role,
};
use crate::error::{Error, Result};
use crate::format::signature::{SignatureV1, Signer};
use crate::model::Visibility;
use crate::storage::labels::Labels;
use crate::storage::profile::require_profile;
use crate::storage::reflections;
use crate::storage::sharing::signing_key;
use crate::store::{now_utc, Store};
use crate::validate::check_len;

use super::create::check_no_overlap;
use super::sealed;
use super::{
    check_version, load, log, record_framework, signatures, to_json, view, Event, MAX_REASON,
};

impl Store {
    /// Autosave an edit by `actor`, made on version `edited` of the appraisal
    /// ([`Appraisal::edit_version`] as it was read). If the appraisal has changed since (another
    /// window or the CLI saved it), the save is refused with [`Error::Conflict`] and nothing is
    /// written over. Parts owned by the other person must be unchanged; a signed record cannot
    /// change at all. Invalid input changes nothing.
    pub fn save_appraisal(
        &mut self,
        id: &str,
        edited: u32,
        incoming: &AppraisalContent,
        actor: Role,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let labels = self.labels()?;
        self.write(|tx| {
            save(tx, &labels, id, Some(edited), incoming, actor)?;
            view(tx, &labels, load(tx, id)?, actor, today)
        })
    }

    /// A step of the workflow by `actor`, taken on version `edited` of the appraisal (compare and
    /// set: a signature is only ever made over the version the signer was shown; a step on a
    /// version that has changed since is refused with [`Error::Conflict`]). `reason` is required
    /// to reopen. Illegal steps are refused with the reason and change nothing.
    pub fn appraisal_action(
        &mut self,
        id: &str,
        edited: u32,
        action: Action,
        actor: Role,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let labels = self.labels()?;
        self.write(|tx| {
            act(tx, &labels, id, Some(edited), action, actor, reason)?;
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

/// Save an edit by `actor` (see [`Store::save_appraisal`]); `edited` is the version it was made
/// on, or `None` for a merge that reads and writes inside this one transaction.
pub(crate) fn save(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    edited: Option<u32>,
    incoming: &AppraisalContent,
    actor: Role,
) -> Result<()> {
    let row = load(tx, id)?;
    check_version("appraisal", id, edited, row.edit_version)?;
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
             period_end = :period_end, pay_step_date = :pay_step_date, updated_at = :now,
             edit_version = edit_version + 1
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

/// Take a workflow step (see [`Store::appraisal_action`]); `edited` as for [`save`].
pub(crate) fn act(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    edited: Option<u32>,
    action: Action,
    actor: Role,
    reason: Option<&str>,
) -> Result<()> {
    let row = load(tx, id)?;
    check_version("appraisal", id, edited, row.edit_version)?;
    if action == Action::Sign && actor == Role::Appraiser {
        return Err(Error::invalid("state", appraisal::APPRAISER_SIGNS_REMOTELY));
    }
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
            // The record is frozen at the first signature; the second signs the same digest.
            let sealed = match sealed::frozen(&row) {
                Some(sealed::Frozen::Sealed(s)) => *s,
                Some(sealed::Frozen::Legacy(_)) => {
                    return Err(Error::invalid(
                        "state",
                        "This appraisal was signed before key signatures: reopen it (with a reason) and sign it again",
                    ))
                }
                None => sealed::live_sealed(tx, labels, &row)?,
            };
            let sha = sealed.digest()?;
            let now_signed = SignatureV1::sign(
                &signing_key(tx)?,
                &sha,
                &Signer {
                    role: Role::Colleague,
                    name: &profile.name,
                    job_title: &profile.job_title,
                    signed_at: &now,
                },
            )?;
            insert_signature(tx, row.seq, &now_signed)?;
            tx.execute(
                "UPDATE appraisal SET frozen_record = :record, record_version = :version,
                     state = :state, updated_at = :now, edit_version = edit_version + 1,
                     agreed_at = CASE WHEN :state = 'agreed' THEN :now ELSE agreed_at END
                 WHERE seq = :seq",
                named_params! {
                    ":seq": row.seq,
                    ":record": to_json(&sealed)?,
                    ":version": sealed.record.version,
                    ":state": to,
                    ":now": now,
                },
            )?;
            hash = Some(sha);
        }
        Action::Reopen => {
            // The log keeps the digest the signatures named.
            hash = match sealed::frozen(&row) {
                Some(sealed::Frozen::Sealed(s)) => Some(s.digest()?),
                Some(sealed::Frozen::Legacy(text)) => Some(appraisal::sha256_hex(text.as_bytes())),
                None => None,
            };
            tx.execute(
                "DELETE FROM appraisal_signature WHERE appraisal_seq = ?1",
                [row.seq],
            )?;
            tx.execute(
                "UPDATE appraisal SET frozen_record = NULL, agreed_at = NULL, state = ?2, updated_at = ?3,
                     edit_version = edit_version + 1
                 WHERE seq = ?1",
                params![row.seq, to, now],
            )?;
        }
        Action::Submit | Action::Withdraw | Action::StartReview => {
            tx.execute(
                "UPDATE appraisal SET state = ?2, updated_at = ?3, edit_version = edit_version + 1
                 WHERE seq = ?1",
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

/// Store a key signature's row.
fn insert_signature(tx: &Transaction<'_>, seq: i64, sig: &SignatureV1) -> Result<()> {
    let st = &sig.statement;
    tx.execute(
        "INSERT INTO appraisal_signature (appraisal_seq, role, name, job_title, signed_at, sha256, public_key, signature)
         VALUES (:seq, :role, :name, :job_title, :signed_at, :sha256, :public_key, :signature)",
        named_params! {
            ":seq": seq,
            ":role": sig.role(),
            ":name": st.name,
            ":job_title": st.job_title,
            ":signed_at": st.signed_at,
            ":sha256": st.record_sha256,
            ":public_key": st.public_key,
            ":signature": to_json(sig)?,
        },
    )?;
    Ok(())
}

/// What taking in the appraiser's signature did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attached {
    /// It is on the record; the colleague signs next.
    AwaitingColleague,
    /// Both have signed: agreed.
    Agreed,
    /// It was over another version of the record.
    OtherVersion,
}

/// Keep the appraiser's key signature (already verified by the pack's checks) if it is over the
/// record exactly as it stands here: the live record (which then freezes), or the record I have
/// signed already (which makes it agreed).
pub(crate) fn attach_remote_signature(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    sig: &SignatureV1,
) -> Result<Attached> {
    let row = load(tx, id)?;
    if sig.role() != Some(Role::Appraiser) || row.state != AppraisalState::InReview {
        return Ok(Attached::OtherVersion);
    }
    let (sealed, colleague_signed) = match sealed::frozen(&row) {
        Some(sealed::Frozen::Sealed(s)) => (*s, true),
        Some(sealed::Frozen::Legacy(_)) => return Ok(Attached::OtherVersion),
        None => (sealed::live_sealed(tx, labels, &row)?, false),
    };
    let sha = sealed.digest()?;
    if sig.statement.record_sha256 != sha || sig.verify(&sha).is_err() {
        return Ok(Attached::OtherVersion);
    }
    insert_signature(tx, row.seq, sig)?;
    let to = if colleague_signed {
        AppraisalState::Agreed
    } else {
        row.state
    };
    let now = now_utc();
    tx.execute(
        "UPDATE appraisal SET frozen_record = :record, record_version = :version, state = :state,
             updated_at = :now, edit_version = edit_version + 1, agreed_at = CASE WHEN :state = 'agreed' THEN :now ELSE agreed_at END
         WHERE seq = :seq",
        named_params! {
            ":seq": row.seq,
            ":record": to_json(&sealed)?,
            ":version": sealed.record.version,
            ":state": to,
            ":now": now,
        },
    )?;
    log(
        tx,
        &Event {
            seq: row.seq,
            actor: Role::Appraiser,
            actor_name: &sig.statement.name,
            action: "sign (remote review)",
            from: Some(row.state),
            to,
            reason: None,
            sha256: Some(&sha),
        },
    )?;
    Ok(if colleague_signed {
        Attached::Agreed
    } else {
        Attached::AwaitingColleague
    })
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
