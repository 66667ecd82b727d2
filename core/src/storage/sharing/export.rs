//! Packs of my appraisals: what one will carry (the share preview, with the privacy check over
//! its text), sealing it once every finding is acknowledged, and checking a pack without
//! importing it.

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::appraisal::{AppraisalState, Note, Role, SignedRecord};
use crate::error::{Error, Result};
use crate::pack::{self, PackBody, PackPreview, PackReflection, PackSigner, Purpose};
use crate::sharing::{PackCheck, SealedPack};
use crate::storage::appraisals::{self, live_record_for, load, view};
use crate::storage::labels::Labels;
use crate::storage::profile::require_profile;
use crate::store::{now_utc, Store};

use super::keys::{colleague_id, key_status, signing_key};
use super::pack_file_name;

impl Store {
    /// Exactly what a pack of my appraisal will carry, with the privacy check over its text.
    pub fn pack_preview(
        &mut self,
        id: &str,
        purpose: Purpose,
        today: NaiveDate,
    ) -> Result<PackPreview> {
        let body = self.my_pack_body(id, purpose, today)?;
        let recipient = if purpose == Purpose::Agreed {
            Role::Colleague
        } else {
            Role::Appraiser
        };
        let appraisal = pack::appraisal_view(&body, recipient, today)?;
        Ok(PackPreview {
            purpose,
            appraisal_id: body.appraisal_id.clone(),
            file_name: pack_file_name(&body),
            reflections: body
                .record
                .reflections
                .iter()
                .map(|r| PackReflection {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    event_date: r.event_date.clone(),
                })
                .collect(),
            wellbeing_included: body.wellbeing.is_some(),
            findings: pack::findings(&body),
            appraisal,
        })
    }

    /// Sign a pack of my appraisal. Every privacy finding must be acknowledged by its key (or
    /// fixed in the reflection first); otherwise nothing is made.
    pub fn export_pack(
        &mut self,
        id: &str,
        purpose: Purpose,
        acknowledged: &[String],
        today: NaiveDate,
    ) -> Result<SealedPack> {
        let labels = self.labels()?;
        self.write(|tx| {
            let body = my_pack_body(tx, &labels, id, purpose, today)?;
            let open: Vec<_> = pack::findings(&body)
                .into_iter()
                .filter(|f| !acknowledged.contains(&f.key))
                .collect();
            if let Some(first) = open.first() {
                return Err(Error::invalid(
                    "acknowledged",
                    format!(
                        "{} detail{} that could identify someone {} not been checked: {} “{}” in {}. Edit it, or acknowledge it in the share preview",
                        open.len(),
                        if open.len() == 1 { "" } else { "s" },
                        if open.len() == 1 { "has" } else { "have" },
                        first.finding.label,
                        first.finding.matched,
                        first.location
                    ),
                ));
            }
            let file_name = pack_file_name(&body);
            let key = signing_key(tx)?;
            Ok(SealedPack {
                text: pack::seal(body, &key)?,
                file_name,
            })
        })
    }

    /// The body of a pack of one of my appraisals, unsigned.
    pub(crate) fn my_pack_body(
        &mut self,
        id: &str,
        purpose: Purpose,
        today: NaiveDate,
    ) -> Result<PackBody> {
        let labels = self.labels()?;
        self.write(|tx| my_pack_body(tx, &labels, id, purpose, today))
    }

    /// Check a pack without importing it.
    pub fn verify_pack(&self, text: &str) -> Result<PackCheck> {
        let v = pack::open(text)?;
        let record_sha256 = pack::check_record(&v.pack.body)?;
        let key = key_status(&self.conn, &v)?;
        let b = &v.pack.body;
        Ok(PackCheck {
            purpose: b.purpose,
            appraisal_id: b.appraisal_id.clone(),
            colleague_name: b.record.details.name.clone(),
            signer: b.signer.clone(),
            key,
            record_sha256,
            sha256: v.sha256.clone(),
        })
    }
}

/// The body of a pack of one of my appraisals, unsigned.
fn my_pack_body(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    purpose: Purpose,
    today: NaiveDate,
) -> Result<PackBody> {
    let a = view(tx, labels, load(tx, id)?, Role::Colleague, today)?;
    match purpose {
        Purpose::ForReview
            if !matches!(
                a.state,
                AppraisalState::ReadyForReview | AppraisalState::InReview
            ) =>
        {
            return Err(Error::invalid(
                "state",
                "Submit the appraisal for review before sending it to your appraiser",
            ))
        }
        Purpose::Agreed if a.state != AppraisalState::Agreed => {
            return Err(Error::invalid(
                "state",
                "Only an agreed appraisal (signed by both) can be sent to HR",
            ))
        }
        Purpose::Reviewed => {
            return Err(Error::invalid(
                "purpose",
                "A reviewed pack is made by the appraiser, from My team",
            ))
        }
        _ => {}
    }
    let profile = require_profile(tx)?;
    let record: SignedRecord = match appraisals::frozen_record(tx, id)? {
        Some(bytes) => serde_json::from_str(&bytes)
            .map_err(|e| Error::Corrupt(format!("appraisal record: {e}")))?,
        None => live_record_for(tx, labels, id)?,
    };
    let colleague_id = colleague_id(tx)?;
    Ok(PackBody {
        purpose,
        created_at: now_utc(),
        signer: PackSigner {
            id: colleague_id.clone(),
            role: Role::Colleague,
            name: profile.name.clone(),
            job_title: profile.job_title.clone(),
        },
        colleague_id,
        appraisal_id: a.id.clone(),
        state: a.state,
        record,
        wellbeing: a.content.wellbeing_shared.then(|| Note {
            text: a.content.wellbeing.text.clone(),
            by: a.content.wellbeing.by,
        }),
        signatures: a.signatures.clone(),
        agreed_at: a.agreed_at.clone(),
    })
}
