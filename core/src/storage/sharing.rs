//! Sharing: this device's signing key, building packs (with the privacy check and the owner's
//! acknowledgements), reading them (trust on first use of each signer's key), the appraiser's
//! remote review in "My team", and merging a reviewed pack back into the colleague's record.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{
    merge_edit, sha256_hex, Appraisal, AppraisalState, Note, Role, Signature, SignedRecord,
};
use crate::error::{Error, Result};
use crate::pack::{self, PackBody, PackPreview, PackReflection, PackSigner, Purpose, VerifiedPack};
use crate::store::{file_stem, now_utc, Store};

/// A pack ready to be written, and the name to suggest for it.
#[derive(Debug, Clone)]
pub struct SealedPack {
    pub text: String,
    pub file_name: String,
}

/// A colleague's pack in My team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamReviewSummary {
    pub appraisal_id: String,
    pub colleague_name: String,
    pub period_start: String,
    pub period_end: String,
    pub signed: bool,
    pub imported_at: String,
    pub updated_at: String,
}

/// What importing a pack did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackImport {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub colleague_name: String,
    /// Plain English: what changed.
    pub message: String,
}

/// Whether a signer's key was seen before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// First pack from this signer: the key will be remembered.
    New,
    /// The same key as before.
    Known,
}

/// `reflect pack verify`: a pack's checks, without importing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackCheck {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub colleague_name: String,
    pub signer: PackSigner,
    pub key: KeyStatus,
    pub record_sha256: String,
    pub sha256: String,
}

/// Make this device's key pair and the profile's colleague id if they are missing (set-up, and
/// databases set up before sharing existed).
pub(crate) fn ensure_key(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "UPDATE profile SET colleague_id = ?1 WHERE colleague_id IS NULL",
        [uuid::Uuid::now_v7().to_string()],
    )?;
    let has: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM signing_key)", [], |r| {
        r.get(0)
    })?;
    if has {
        return Ok(());
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| {
        Error::Corrupt(format!(
            "the system could not supply random bytes for a key: {e}"
        ))
    })?;
    let key = SigningKey::from_bytes(&seed);
    tx.execute(
        "INSERT INTO signing_key (id, secret, public_key, created_at) VALUES (1, ?1, ?2, ?3)",
        params![
            seed.to_vec(),
            B64.encode(key.verifying_key().as_bytes()),
            now_utc()
        ],
    )?;
    Ok(())
}

impl Store {
    /// This device's signing key (made now if the database predates sharing).
    fn signing_key(&mut self) -> Result<SigningKey> {
        let tx = self.conn.transaction()?;
        ensure_key(&tx)?;
        let secret: Vec<u8> =
            tx.query_row("SELECT secret FROM signing_key WHERE id = 1", [], |r| {
                r.get(0)
            })?;
        tx.commit()?;
        let seed: [u8; 32] = secret
            .try_into()
            .map_err(|_| Error::Corrupt("the signing key has the wrong length".into()))?;
        Ok(SigningKey::from_bytes(&seed))
    }

    /// This device's public key (base64), to compare with what others see.
    pub fn public_key(&mut self) -> Result<String> {
        Ok(B64.encode(self.signing_key()?.verifying_key().as_bytes()))
    }

    /// The profile's stable id.
    pub fn colleague_id(&mut self) -> Result<String> {
        self.require_profile()?;
        self.signing_key()?;
        let id: Option<String> =
            self.conn
                .query_row("SELECT colleague_id FROM profile WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
        id.ok_or(Error::NotSetUp)
    }

    /// The body of a pack of one of my appraisals, unsigned.
    pub(crate) fn my_pack_body(
        &mut self,
        id: &str,
        purpose: Purpose,
        today: NaiveDate,
    ) -> Result<PackBody> {
        let a = self.appraisal(id, Role::Colleague, today)?;
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
        let profile = self.require_profile()?;
        let record: SignedRecord = match self.frozen_record(id)? {
            Some(bytes) => serde_json::from_str(&bytes)
                .map_err(|e| Error::Corrupt(format!("appraisal record: {e}")))?,
            None => self.live_record_for(id)?,
        };
        let colleague_id = self.colleague_id()?;
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
            file_name: format!(
                "{}.{}",
                file_stem(&[
                    "appraisal",
                    &body.record.details.name,
                    &body.record.content.period_end,
                    purpose.as_str()
                ]),
                pack::PACK_EXTENSION
            ),
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
        let body = self.my_pack_body(id, purpose, today)?;
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
        let file_name = format!(
            "{}.{}",
            file_stem(&[
                "appraisal",
                &body.record.details.name,
                &body.record.content.period_end,
                purpose.as_str()
            ]),
            pack::PACK_EXTENSION
        );
        let key = self.signing_key()?;
        Ok(SealedPack {
            text: pack::seal(body, &key)?,
            file_name,
        })
    }

    /// Check a pack without importing it.
    pub fn verify_pack(&self, text: &str) -> Result<PackCheck> {
        let v = pack::open(text)?;
        let record_sha256 = pack::check_record(&v.pack.body)?;
        let key = self.key_status(&v)?;
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

    pub(crate) fn key_status(&self, v: &VerifiedPack) -> Result<KeyStatus> {
        let known: Option<String> = self
            .conn
            .query_row(
                "SELECT public_key FROM known_key WHERE signer_id = ?1",
                [&v.pack.body.signer.id],
                |r| r.get(0),
            )
            .optional()?;
        match known {
            None => Ok(KeyStatus::New),
            Some(k) if k == v.pack.public_key => Ok(KeyStatus::Known),
            Some(_) => Err(Error::invalid(
                "pack",
                format!(
                    "This pack is signed with a different key from the one seen before for {}. It may not be from them: check with them before importing it",
                    v.pack.body.signer.name
                ),
            )),
        }
    }

    /// Import any pack: for review (into My team), reviewed (merged into my record) or agreed (into
    /// the Organisation area).
    pub fn import_pack(&mut self, text: &str, today: NaiveDate) -> Result<PackImport> {
        let v = pack::open(text)?;
        pack::check_record(&v.pack.body)?;
        self.key_status(&v)?;
        match v.pack.body.purpose {
            Purpose::ForReview => self.import_for_review(&v),
            Purpose::Reviewed => self.import_reviewed(&v, today),
            Purpose::Agreed => {
                let outcome = self.hr_import_verified(&v)?;
                Ok(PackImport {
                    purpose: Purpose::Agreed,
                    appraisal_id: outcome.appraisal_id,
                    colleague_name: outcome.name,
                    message: outcome.message,
                })
            }
        }
    }

    pub(crate) fn remember_key(tx: &Transaction<'_>, v: &VerifiedPack) -> Result<()> {
        tx.execute(
            "INSERT INTO known_key (signer_id, public_key, name, first_seen) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (signer_id) DO NOTHING",
            params![v.pack.body.signer.id, v.pack.public_key, v.pack.body.signer.name, now_utc()],
        )?;
        Ok(())
    }

    fn import_for_review(&mut self, v: &VerifiedPack) -> Result<PackImport> {
        let b = &v.pack.body;
        if b.signer.role != Role::Colleague || b.signer.id != b.colleague_id {
            return Err(Error::invalid(
                "pack",
                "A pack for review must come from the colleague whose appraisal it is",
            ));
        }
        if self.appraisal_exists(&b.appraisal_id)? {
            return Err(Error::invalid("pack", "This is one of your own appraisals: a pack for review is imported by the appraiser"));
        }
        let existing: Option<String> = self
            .conn
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
            let old: crate::appraisal::AppraisalContent = from_json(&old)?;
            for v in &mut content.values {
                if let Some(o) = old.values.iter().find(|o| o.value_key == v.value_key) {
                    v.comment = o.comment.clone();
                }
            }
            content.appraiser_summary = old.appraiser_summary;
        }
        let now = now_utc();
        let tx = self.conn.transaction()?;
        Store::remember_key(&tx, v)?;
        tx.execute(
            "INSERT INTO team_review (appraisal_id, colleague_id, colleague_name, record, content, signature, imported_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?6)
             ON CONFLICT (appraisal_id) DO UPDATE SET record = excluded.record, content = excluded.content,
                 colleague_name = excluded.colleague_name, signature = NULL, imported_at = excluded.imported_at,
                 updated_at = excluded.updated_at",
            params![b.appraisal_id, b.colleague_id, b.record.details.name, to_json(&b.record)?, to_json(&content)?, now],
        )?;
        tx.commit()?;
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

    fn appraisal_exists(&self, id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM appraisal WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The colleagues' appraisals in My team.
    pub fn team_reviews(&self) -> Result<Vec<TeamReviewSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT appraisal_id, colleague_name, content, signature IS NOT NULL, imported_at, updated_at
             FROM team_review ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (appraisal_id, colleague_name, content, signed, imported_at, updated_at) = row?;
            let c: crate::appraisal::AppraisalContent = from_json(&content)?;
            out.push(TeamReviewSummary {
                appraisal_id,
                colleague_name,
                period_start: c.period_start,
                period_end: c.period_end,
                signed,
                imported_at,
                updated_at,
            });
        }
        Ok(out)
    }

    fn team_row(
        &self,
        id: &str,
    ) -> Result<(
        SignedRecord,
        crate::appraisal::AppraisalContent,
        Option<Signature>,
    )> {
        let row: Option<(String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT record, content, signature FROM team_review WHERE appraisal_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (record, content, signature) = row.ok_or_else(|| Error::NotFound {
            what: "appraisal in My team",
            id: id.to_string(),
        })?;
        Ok((
            from_json(&record)?,
            from_json(&content)?,
            signature.map(|s| from_json(&s)).transpose()?,
        ))
    }

    /// A colleague's appraisal in My team, as their appraiser sees it.
    pub fn team_review(&self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        let (record, content, signature) = self.team_row(id)?;
        let wellbeing = content.wellbeing_shared.then(|| content.wellbeing.clone());
        let mut shown = SignedRecord {
            content: content.clone(),
            ..record
        };
        shown.content.wellbeing = Note::default();
        let body = PackBody {
            purpose: Purpose::Reviewed,
            created_at: now_utc(),
            signer: PackSigner {
                id: String::new(),
                role: Role::Appraiser,
                name: String::new(),
                job_title: String::new(),
            },
            colleague_id: String::new(),
            appraisal_id: id.to_string(),
            state: AppraisalState::InReview,
            record: shown,
            wellbeing,
            signatures: signature.into_iter().collect(),
            agreed_at: None,
        };
        pack::remote_review_view(&body, today)
    }

    /// Save the appraiser's part of a colleague's appraisal in My team.
    pub fn save_team_review(
        &mut self,
        id: &str,
        incoming: &crate::appraisal::AppraisalContent,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let (record, stored, signature) = self.team_row(id)?;
        if signature.is_some() {
            return Err(Error::invalid(
                "state",
                "You have signed this review; import a new pack from the colleague to change it",
            ));
        }
        let keys: Vec<String> = record
            .framework
            .values
            .iter()
            .map(|v| v.key.clone())
            .collect();
        let edited = merge_edit(&stored, incoming, Role::Appraiser, &keys, &mut || {
            uuid::Uuid::now_v7().to_string()
        })?;
        // At a distance the appraiser writes their comments and summary; what is agreed together
        // (objectives, the plan, pay-step answers) is the colleague's to send again.
        let mut merged = stored.clone();
        for v in &mut merged.values {
            if let Some(e) = edited.values.iter().find(|e| e.value_key == v.value_key) {
                v.comment = e.comment.clone();
            }
        }
        merged.appraiser_summary = edited.appraiser_summary;
        crate::appraisal::validate(&merged)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE team_review SET content = ?2, updated_at = ?3 WHERE appraisal_id = ?1",
            params![id, to_json(&merged)?, now_utc()],
        )?;
        tx.commit()?;
        self.team_review(id, today)
    }

    /// Sign a colleague's appraisal in My team as their appraiser.
    pub fn sign_team_review(&mut self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        let (record, content, signature) = self.team_row(id)?;
        if signature.is_some() {
            return Err(Error::invalid(
                "state",
                "You have already signed this review",
            ));
        }
        crate::appraisal::check_ready_to_sign(&content)?;
        let me = self.require_profile()?;
        let signed = reviewed_record(id, &record, &content);
        let sig = Signature {
            role: Role::Appraiser,
            name: me.name.clone(),
            job_title: me.job_title.clone(),
            signed_at: now_utc(),
            sha256: sha256_hex(signed.canonical()?.as_bytes()),
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE team_review SET signature = ?2, updated_at = ?3 WHERE appraisal_id = ?1",
            params![id, to_json(&sig)?, now_utc()],
        )?;
        tx.commit()?;
        self.team_review(id, today)
    }

    /// The reviewed pack to send back to the colleague (signed with my key).
    pub fn export_reviewed_pack(&mut self, id: &str) -> Result<SealedPack> {
        let (record, content, signature) = self.team_row(id)?;
        let me = self.require_profile()?;
        let my_id = self.colleague_id()?;
        let colleague_id: String = self.conn.query_row(
            "SELECT colleague_id FROM team_review WHERE appraisal_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let wellbeing = content.wellbeing_shared.then(|| content.wellbeing.clone());
        let signed = reviewed_record(id, &record, &content);
        let body = PackBody {
            purpose: Purpose::Reviewed,
            created_at: now_utc(),
            signer: PackSigner {
                id: my_id,
                role: Role::Appraiser,
                name: me.name.clone(),
                job_title: me.job_title.clone(),
            },
            colleague_id,
            appraisal_id: id.to_string(),
            state: AppraisalState::InReview,
            record: signed,
            wellbeing,
            signatures: signature.into_iter().collect(),
            agreed_at: None,
        };
        let file_name = format!(
            "{}.{}",
            file_stem(&[
                "appraisal",
                &body.record.details.name,
                &body.record.content.period_end,
                "reviewed"
            ]),
            pack::PACK_EXTENSION
        );
        let key = self.signing_key()?;
        Ok(SealedPack {
            text: pack::seal(body, &key)?,
            file_name,
        })
    }

    /// Merge a reviewed pack into my appraisal: only the appraiser's fields (their comment on each
    /// value and their summary) are taken. If the appraiser signed, and my record with their part
    /// is exactly what they signed, their signature is kept and the record freezes.
    fn import_reviewed(&mut self, v: &VerifiedPack, today: NaiveDate) -> Result<PackImport> {
        let b = &v.pack.body;
        if b.signer.role != Role::Appraiser {
            return Err(Error::invalid(
                "pack",
                "A reviewed pack must come from the appraiser",
            ));
        }
        if !self.appraisal_exists(&b.appraisal_id)? {
            return Err(Error::invalid(
                "pack",
                "This reviewed pack is for an appraisal that is not in this journal",
            ));
        }
        let mine = self.colleague_id()?;
        if b.colleague_id != mine {
            return Err(Error::invalid(
                "pack",
                "This reviewed pack is for another colleague's appraisal",
            ));
        }
        let current = self.appraisal(&b.appraisal_id, Role::Colleague, today)?;
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
            self.appraisal_action(
                &b.appraisal_id,
                crate::appraisal::Action::StartReview,
                Role::Appraiser,
                None,
                today,
            )?;
        }
        let mut c = self
            .appraisal(&b.appraisal_id, Role::Appraiser, today)?
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
        let tx_key = self.conn.transaction()?;
        Store::remember_key(&tx_key, v)?;
        tx_key.commit()?;
        self.save_appraisal(&b.appraisal_id, &c, Role::Appraiser, today)?;
        let mut message = format!("{}'s comments are in your appraisal", b.signer.name);
        if let Some(sig) = b.signatures.iter().find(|s| s.role == Role::Appraiser) {
            if self.attach_remote_signature(&b.appraisal_id, sig)? {
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
}

/// The record with the appraiser's part, as the appraiser signs and sends it: the colleague's
/// details, framework and evidence from their pack, and their wellbeing digest unchanged.
fn reviewed_record(
    id: &str,
    record: &SignedRecord,
    content: &crate::appraisal::AppraisalContent,
) -> SignedRecord {
    let signed = SignedRecord::new(
        id,
        record.details.clone(),
        record.framework.clone(),
        content,
        record.reflections.clone(),
    );
    SignedRecord {
        wellbeing_sha256: record.wellbeing_sha256.clone(),
        ..signed
    }
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(e.to_string()))
}
