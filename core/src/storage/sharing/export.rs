//! Packs of my appraisals: what one will carry (the share preview, with the privacy check over
//! its text), sealing it once every finding is acknowledged, and checking a pack without
//! importing it.

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::appraisal::{AppraisalState, Part, Role};
use crate::error::{Error, Result};
use crate::format::pack::{seal, Held, PackBodyV2, SenderV2};
use crate::pack::{self, PackPreview, PackReflection, Purpose};
use crate::sharing::SealedPack;
use crate::storage::appraisals::{self, load, view};
use crate::storage::labels::Labels;
use crate::storage::profile::require_profile;
use crate::store::{now_utc, Store};

use super::keys::signing_key;
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
        let held = held_of(&body)?;
        let recipient = if purpose == Purpose::Agreed {
            Role::Colleague
        } else {
            Role::Appraiser
        };
        let appraisal = pack::appraisal_view(&held, recipient, today)?;
        let reflections = crate::format::record::decode(&held.record, &held.parts)?.reflections;
        Ok(PackPreview {
            purpose,
            appraisal_id: held.record.appraisal_id.clone(),
            file_name: pack_file_name(&held, purpose),
            reflections: reflections
                .iter()
                .map(|r| PackReflection {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    event_date: r.event_date.clone(),
                })
                .collect(),
            wellbeing_included: held.discloses(Part::Wellbeing),
            recipient: if purpose == Purpose::Agreed {
                "HR".into()
            } else {
                "your appraiser".into()
            },
            parts: pack::preview_parts(&held),
            findings: pack::findings(&held)?,
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
            let open: Vec<_> = pack::findings(&held_of(&body)?)?
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
            let file_name = pack_file_name(&held_of(&body)?, purpose);
            let key = signing_key(tx)?;
            Ok(SealedPack {
                text: seal(body, &key)?,
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
    ) -> Result<PackBodyV2> {
        let labels = self.labels()?;
        self.write(|tx| my_pack_body(tx, &labels, id, purpose, today))
    }
}

/// The body of a pack of one of my appraisals, unsigned.
fn my_pack_body(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    purpose: Purpose,
    today: NaiveDate,
) -> Result<PackBodyV2> {
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
    let (sealed, signatures) = appraisals::pack_record(tx, labels, id)?;
    if purpose == Purpose::Agreed && signatures.len() < 2 {
        return Err(Error::invalid(
            "state",
            "This appraisal's signatures were made before key signatures: reopen it (with a reason) and both sign again to send it to HR",
        ));
    }
    let shared = a.content.wellbeing_shared;
    Ok(PackBodyV2 {
        purpose: purpose.as_str().into(),
        created_at: now_utc(),
        sender: SenderV2 {
            role: Role::Colleague.as_str().into(),
            name: profile.name.clone(),
            job_title: profile.job_title.clone(),
        },
        state: a.state.as_str().into(),
        parts: sealed.disclose(&|p| pack::goes(purpose, p, shared)),
        record: sealed.record,
        signatures,
    })
}

/// What the reader of a body will hold.
fn held_of(body: &PackBodyV2) -> Result<Held> {
    Ok(Held {
        state: AppraisalState::parse(&body.state)
            .ok_or_else(|| Error::Corrupt(format!("pack state {}", body.state)))?,
        created_at: body.created_at.clone(),
        record: body.record.clone(),
        parts: body.parts.clone(),
        signatures: body.signatures.clone(),
    })
}
