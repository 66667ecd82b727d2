//! Importing a pack: for review (into My team), reviewed (merged into my record, in one
//! transaction), or agreed (into the Organisation area, by `storage::hr`); and checking one
//! without importing it. Every check is made before the one transaction that writes.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use crate::appraisal::{Action, AppraisalState, Part, Role};
use crate::error::{Error, Result};
use crate::format::legacy::{self, KEY_SIGNED_SINCE};
use crate::format::pack::{self as wire, VerifiedPack};
use crate::format::record::decode;
use crate::pack::Purpose;
use crate::sharing::{PackCheck, PackImport, PackSender, SignatureCheck};
use crate::storage::appraisals::{act, attach_remote_signature, load, save, view, Attached};
use crate::storage::labels::Labels;
use crate::store::Store;

use super::keys::my_public_key;

impl Store {
    /// Import any pack: for review (into My team), reviewed (merged into my record) or agreed (into
    /// the Organisation area). A pack of format 1 (before key signatures) is only taken by HR,
    /// which holds it.
    pub fn import_pack(&mut self, text: &str, today: NaiveDate) -> Result<PackImport> {
        let (version, value) = wire::format_version(text)?;
        if version == 1 {
            let old = legacy::open(text)?;
            if old.purpose != Purpose::Agreed {
                return Err(Error::invalid(
                    "pack",
                    format!("This pack was made before key signatures ({KEY_SIGNED_SINCE}): ask {} to update Reflect and send it again", old.sender_name),
                ));
            }
            let outcome = self.hr_import_legacy(&old, text)?;
            return Ok(outcome.into());
        }
        let v = wire::open(value)?;
        match v.purpose {
            Purpose::ForReview => self.write(|tx| super::team::import_for_review(tx, &v)),
            Purpose::Reviewed => {
                let labels = self.labels()?;
                self.write(|tx| import_reviewed(tx, &labels, &v, today))
            }
            Purpose::Agreed => Ok(self.hr_import_verified(&v)?.into()),
        }
    }

    /// Check a pack without importing it, and say what could be verified.
    pub fn verify_pack(&self, text: &str) -> Result<PackCheck> {
        let (version, value) = wire::format_version(text)?;
        if version == 1 {
            return legacy_check(text);
        }
        let v = wire::open(value)?;
        check_of(&v)
    }
}

fn legacy_check(text: &str) -> Result<PackCheck> {
    let old = legacy::open(text)?;
    let mut verified = vec![format!(
        "The sender's signature holds: the pack is as {} sealed it, with the key whose fingerprint is {}",
        old.sender_name, old.fingerprint
    )];
    verified.push(format!(
        "Its sign-offs were made before key signatures ({KEY_SIGNED_SINCE}): they cannot be verified, and HR holds such a record until it decides"
    ));
    Ok(PackCheck {
        format_version: 1,
        purpose: old.purpose,
        appraisal_id: old.appraisal_id.clone(),
        colleague_name: old.colleague_name.clone(),
        sender: PackSender {
            role: old.sender_role,
            name: old.sender_name.clone(),
            job_title: String::new(),
            public_key: old.public_key.clone(),
            fingerprint: old.fingerprint.clone(),
        },
        record_version: None,
        record_sha256: None,
        signatures: old
            .signatures
            .iter()
            .map(|s| SignatureCheck {
                role: s.role,
                name: s.name.clone(),
                signed_at: s.signed_at.clone(),
                fingerprint: None,
                key_signed: false,
                note: format!("not key-signed (made before {KEY_SIGNED_SINCE})"),
            })
            .collect(),
        agreed: false,
        parts: Vec::new(),
        verified,
        sha256: old.sha256,
    })
}

fn check_of(v: &VerifiedPack) -> Result<PackCheck> {
    let r = v.record();
    let mut verified = vec![
        format!(
            "The sender's signature holds: the pack is as {} sealed it, with the key whose fingerprint is {}",
            v.sender.name, v.sender.fingerprint
        ),
        format!(
            "Every part it carries is the one signed ({} of the record's {} parts)",
            v.parts.len(),
            r.parts.len()
        ),
    ];
    let signatures: Vec<SignatureCheck> = v
        .signatures
        .iter()
        .map(|s| {
            let role = s.role().unwrap_or(Role::Colleague);
            let fp = crate::format::fingerprint(&s.statement.public_key).ok();
            SignatureCheck {
                role,
                name: s.statement.name.clone(),
                signed_at: s.statement.signed_at.clone(),
                note: format!(
                    "verified: signed with the {}'s own key ({})",
                    role.as_str(),
                    fp.clone().unwrap_or_default()
                ),
                fingerprint: fp,
                key_signed: true,
            }
        })
        .collect();
    for s in &signatures {
        verified.push(format!(
            "{} signed as the {} with their own key ({}) on {}",
            s.name,
            s.role.as_str(),
            s.fingerprint.as_deref().unwrap_or_default(),
            s.signed_at
        ));
    }
    if v.agreed() {
        verified.push("Both the colleague and the appraiser signed the same record".into());
    }
    let decoded = decode(r, &v.parts)?;
    let mut parts: Vec<String> = crate::pack::preview_parts(&v.held)
        .into_iter()
        .filter(|p| p.included)
        .map(|p| p.label)
        .collect();
    if !decoded.reflections.is_empty() {
        parts.push(crate::plural::items(
            decoded.reflections.len(),
            "included reflection",
            "included reflections",
        ));
    }
    Ok(PackCheck {
        format_version: 2,
        purpose: v.purpose,
        appraisal_id: r.appraisal_id.clone(),
        colleague_name: r.details.name.clone(),
        sender: PackSender {
            role: v.sender.role,
            name: v.sender.name.clone(),
            job_title: v.sender.job_title.clone(),
            public_key: v.sender.public_key.clone(),
            fingerprint: v.sender.fingerprint.clone(),
        },
        record_version: Some(r.version),
        record_sha256: Some(v.digest.clone()),
        signatures,
        agreed: v.agreed(),
        parts,
        verified,
        sha256: v.sha256.clone(),
    })
}

fn appraisal_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM appraisal WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

/// Merge a reviewed pack into my appraisal: only the appraiser's fields (their comment on each
/// value and their summary) are taken. If the appraiser signed, and my record with their part
/// is exactly what they signed, their key signature is kept and the record freezes. One
/// transaction: starting the review, the merge and their signature; any refusal (a summary too
/// long, another colleague's appraisal) writes nothing.
fn import_reviewed(
    tx: &Transaction<'_>,
    labels: &Labels,
    v: &VerifiedPack,
    today: NaiveDate,
) -> Result<PackImport> {
    let r = v.record();
    if r.colleague_key != my_public_key(tx)? {
        return Err(Error::invalid(
            "pack",
            "This reviewed pack is for another colleague's appraisal (it names another key)",
        ));
    }
    if !appraisal_exists(tx, &r.appraisal_id)? {
        return Err(Error::invalid(
            "pack",
            "This reviewed pack is for an appraisal that is not in this journal",
        ));
    }
    let current = view(
        tx,
        labels,
        load(tx, &r.appraisal_id)?,
        Role::Colleague,
        today,
    )?;
    let theirs = decode(r, &v.parts)?.content;
    let appraiser_sig = v.signature(Role::Appraiser);
    if current.frozen {
        let signed = |role: Role| current.signatures.iter().find(|s| s.role == role);
        let (mine, theirs_stored) = (signed(Role::Colleague), signed(Role::Appraiser));
        // The same review again (its signature is the one already kept): nothing to take in,
        // and the outcome says where the appraisal stands.
        if let (Some(sig), Some(kept)) = (appraiser_sig, theirs_stored) {
            if kept.sha256 == sig.statement.record_sha256
                && kept.public_key.as_deref() == Some(sig.statement.public_key.as_str())
            {
                let message = if mine.is_some() {
                    format!("This review is already in your appraisal, and it is agreed: {} and you have both signed it", sig.statement.name)
                } else {
                    format!("This review is already in your appraisal: {} signed your record with their own key, so sign it to agree", sig.statement.name)
                };
                return Ok(PackImport {
                    purpose: Purpose::Reviewed,
                    appraisal_id: r.appraisal_id.clone(),
                    colleague_name: r.details.name.clone(),
                    message,
                });
            }
        }
        // I signed first: only the appraiser's signature over exactly my signed record is taken.
        let waiting = current.state == AppraisalState::InReview && theirs_stored.is_none();
        let Some(sig) = appraiser_sig.filter(|_| waiting) else {
            let message = match (mine, theirs_stored) {
                (Some(_), Some(_)) => "Your appraisal is already agreed: you and your appraiser have both signed it. Reopen it before taking in a new review".to_string(),
                (None, Some(s)) => format!("{} has already signed your appraisal: sign it to agree, or reopen it before taking in a new review", s.name),
                (Some(_), None) if appraiser_sig.is_none() => "You have signed your appraisal and this review carries no signature from your appraiser: reopen it before taking in a new review".to_string(),
                _ => "Your appraisal is already signed: reopen it before taking in a new review".to_string(),
            };
            return Err(Error::invalid("state", message));
        };
        return match attach_remote_signature(tx, labels, &r.appraisal_id, sig)? {
            Attached::Agreed => Ok(PackImport {
                purpose: Purpose::Reviewed,
                appraisal_id: r.appraisal_id.clone(),
                colleague_name: r.details.name.clone(),
                message: format!("{} signed your record with their own key: it is agreed", sig.statement.name),
            }),
            _ => Err(Error::invalid(
                "pack",
                "The appraiser's signature is over a different version from the one you signed: send them the signed version again",
            )),
        };
    }
    if !v.discloses(Part::ValueComment) || !v.discloses(Part::AppraiserSummary) {
        return Err(Error::invalid(
            "pack",
            "This reviewed pack does not carry the appraiser's comments",
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
            &r.appraisal_id,
            None,
            Action::StartReview,
            Role::Appraiser,
            None,
        )?;
    }
    let mut c = view(
        tx,
        labels,
        load(tx, &r.appraisal_id)?,
        Role::Appraiser,
        today,
    )?
    .content;
    for value in &mut c.values {
        if let Some(t) = theirs
            .values
            .iter()
            .find(|t| t.value_key == value.value_key)
        {
            value.comment.text = t.comment.text.clone();
        }
    }
    c.appraiser_summary.text = theirs.appraiser_summary.text.clone();
    save(tx, labels, &r.appraisal_id, None, &c, Role::Appraiser)?;
    let mut message = format!("{}'s comments are in your appraisal", v.sender.name);
    if let Some(sig) = appraiser_sig {
        match attach_remote_signature(tx, labels, &r.appraisal_id, sig)? {
            Attached::AwaitingColleague | Attached::Agreed => {
                message.push_str("; they signed it with their own key, so sign it to agree")
            }
            Attached::OtherVersion => message.push_str(
                ". Their signature was on a different version, so they need to sign again",
            ),
        }
    }
    Ok(PackImport {
        purpose: Purpose::Reviewed,
        appraisal_id: r.appraisal_id.clone(),
        colleague_name: r.details.name.clone(),
        message,
    })
}

impl From<crate::hr::HrImport> for PackImport {
    fn from(o: crate::hr::HrImport) -> PackImport {
        PackImport {
            purpose: Purpose::Agreed,
            appraisal_id: o.appraisal_id,
            colleague_name: o.name,
            message: o.message,
        }
    }
}
