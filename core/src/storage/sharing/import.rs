//! Importing a pack: for review (into My team), reviewed (merged into my record, in one
//! transaction), or agreed (into the Organisation area, by `storage::hr`).

use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension, Transaction};

use crate::appraisal::{Action, AppraisalContent, AppraisalState, Role};
use crate::error::{Error, Result};
use crate::pack::{self, Purpose, VerifiedPack};
use crate::sharing::PackImport;
use crate::storage::appraisals::{act, attach_remote_signature, load, save, view};
use crate::storage::labels::Labels;
use crate::store::{now_utc, Store};

use super::keys::{colleague_id, key_status};
use super::{from_json, to_json};

impl Store {
    /// Import any pack: for review (into My team), reviewed (merged into my record) or agreed (into
    /// the Organisation area).
    pub fn import_pack(&mut self, text: &str, today: NaiveDate) -> Result<PackImport> {
        let v = pack::open(text)?;
        pack::check_record(&v.pack.body)?;
        key_status(&self.conn, &v)?;
        match v.pack.body.purpose {
            Purpose::ForReview => self.write(|tx| import_for_review(tx, &v)),
            Purpose::Reviewed => {
                let labels = self.labels()?;
                self.write(|tx| import_reviewed(tx, &labels, &v, today))
            }
            Purpose::Agreed => {
                // TEMP (hr branch): the lead's dispatcher calls hr_import_verified/hr_import_legacy.
                let outcome = self.hr_import(text)?;
                Ok(PackImport {
                    purpose: Purpose::Agreed,
                    appraisal_id: outcome.appraisal_id,
                    colleague_name: outcome.name,
                    message: outcome.message,
                })
            }
        }
    }
}

fn appraisal_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM appraisal WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

fn import_for_review(tx: &Transaction<'_>, v: &VerifiedPack) -> Result<PackImport> {
    let b = &v.pack.body;
    if b.signer.role != Role::Colleague || b.signer.id != b.colleague_id {
        return Err(Error::invalid(
            "pack",
            "A pack for review must come from the colleague whose appraisal it is",
        ));
    }
    if appraisal_exists(tx, &b.appraisal_id)? {
        return Err(Error::invalid(
            "pack",
            "This is one of your own appraisals: a pack for review is imported by the appraiser",
        ));
    }
    let existing: Option<String> = tx
        .query_row(
            "SELECT content FROM team_review WHERE appraisal_id = ?1",
            [&b.appraisal_id],
            |r| r.get(0),
        )
        .optional()?;
    // Keep what the appraiser already wrote when the colleague sends a newer version.
    let mut content = b.record.content.clone();
    if let Some(w) = &b.wellbeing {
        content.wellbeing = w.clone();
    }
    if let Some(old) = existing {
        let old: AppraisalContent = from_json(&old)?;
        for v in &mut content.values {
            if let Some(o) = old.values.iter().find(|o| o.value_key == v.value_key) {
                v.comment = o.comment.clone();
            }
        }
        content.appraiser_summary = old.appraiser_summary;
    }
    Store::remember_key(tx, v)?;
    tx.execute(
        "INSERT INTO team_review (appraisal_id, colleague_id, colleague_name, record, content, signature, imported_at, updated_at)
         VALUES (:appraisal_id, :colleague_id, :colleague_name, :record, :content, NULL, :now, :now)
         ON CONFLICT (appraisal_id) DO UPDATE SET record = excluded.record, content = excluded.content,
             colleague_name = excluded.colleague_name, signature = NULL, imported_at = excluded.imported_at,
             updated_at = excluded.updated_at",
        named_params! {
            ":appraisal_id": b.appraisal_id,
            ":colleague_id": b.colleague_id,
            ":colleague_name": b.record.details.name,
            ":record": to_json(&b.record)?,
            ":content": to_json(&content)?,
            ":now": now_utc(),
        },
    )?;
    Ok(PackImport {
        purpose: Purpose::ForReview,
        appraisal_id: b.appraisal_id.clone(),
        colleague_name: b.record.details.name.clone(),
        message: format!(
            "{}'s appraisal is in My team, ready for your part",
            b.record.details.name
        ),
    })
}

/// Merge a reviewed pack into my appraisal: only the appraiser's fields (their comment on each
/// value and their summary) are taken. If the appraiser signed, and my record with their part
/// is exactly what they signed, their signature is kept and the record freezes. One
/// transaction: starting the review, the merge, the signer's key and their signature.
fn import_reviewed(
    tx: &Transaction<'_>,
    labels: &Labels,
    v: &VerifiedPack,
    today: NaiveDate,
) -> Result<PackImport> {
    let b = &v.pack.body;
    if b.signer.role != Role::Appraiser {
        return Err(Error::invalid(
            "pack",
            "A reviewed pack must come from the appraiser",
        ));
    }
    if !appraisal_exists(tx, &b.appraisal_id)? {
        return Err(Error::invalid(
            "pack",
            "This reviewed pack is for an appraisal that is not in this journal",
        ));
    }
    let mine = colleague_id(tx)?;
    if b.colleague_id != mine {
        return Err(Error::invalid(
            "pack",
            "This reviewed pack is for another colleague's appraisal",
        ));
    }
    let current = view(
        tx,
        labels,
        load(tx, &b.appraisal_id)?,
        Role::Colleague,
        today,
    )?;
    if current.frozen {
        return Err(Error::invalid(
            "state",
            "Your appraisal is already signed: reopen it before taking in a new review",
        ));
    }
    if current.state == AppraisalState::Draft {
        return Err(Error::invalid(
            "state",
            "Your appraisal is a draft again: submit it before taking in the review",
        ));
    }
    if current.state == AppraisalState::ReadyForReview {
        act(
            tx,
            labels,
            &b.appraisal_id,
            Action::StartReview,
            Role::Appraiser,
            None,
        )?;
    }
    let mut c = view(
        tx,
        labels,
        load(tx, &b.appraisal_id)?,
        Role::Appraiser,
        today,
    )?
    .content;
    for value in &mut c.values {
        if let Some(theirs) = b
            .record
            .content
            .values
            .iter()
            .find(|t| t.value_key == value.value_key)
        {
            value.comment.text = theirs.comment.text.clone();
        }
    }
    c.appraiser_summary.text = b.record.content.appraiser_summary.text.clone();
    Store::remember_key(tx, v)?;
    save(tx, labels, &b.appraisal_id, &c, Role::Appraiser)?;
    let mut message = format!("{}'s comments are in your appraisal", b.signer.name);
    if let Some(sig) = b.signatures.iter().find(|s| s.role == Role::Appraiser) {
        if attach_remote_signature(tx, labels, &b.appraisal_id, sig)? {
            message.push_str("; their signature is on it, so sign it to agree");
        } else {
            message.push_str(
                ". Their signature was on a different version, so they need to sign again",
            );
        }
    }
    Ok(PackImport {
        purpose: Purpose::Reviewed,
        appraisal_id: b.appraisal_id.clone(),
        colleague_name: b.record.details.name.clone(),
        message,
    })
}
