//! The appraisal pack (`.reflectpack`): one signed JSON file that carries an appraisal from the
//! colleague to their appraiser, back, and the agreed record to HR. Its format is documented by
//! `schema/reflectpack.schema.json`.
//!
//! A pack is `{format, format_version, body, public_key, signature}`. The signature is Ed25519
//! over the body's canonical bytes (compact JSON of the typed body, fields in declaration order),
//! and the file is the pretty-printed pack exactly as Reflect writes it: reading a pack re-writes
//! it and refuses any file whose bytes differ, so a changed byte anywhere is caught — inside the
//! body by the signature, elsewhere by the comparison.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{
    pay_step_status, permissions, sha256_hex, Appraisal, AppraisalState, Note, Role, Signature,
    SignedRecord, ValueEvidence, ViewMode,
};
use crate::error::{Error, Result};
use crate::privacy::Finding;

pub const PACK_FORMAT: &str = "reflect-appraisal-pack";
pub const PACK_VERSION: u32 = 1;
pub const PACK_EXTENSION: &str = "reflectpack";

/// Why a pack was made.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// From the colleague to their appraiser, for a review at a distance.
    #[cfg_attr(
        feature = "cli",
        value(help = "For your appraiser to review (after you submit it)")
    )]
    ForReview,
    /// From the appraiser back to the colleague, with the appraiser's part.
    #[cfg_attr(feature = "cli", value(skip))]
    Reviewed,
    /// The agreed, signed record, for HR.
    #[cfg_attr(
        feature = "cli",
        value(help = "The agreed record, for HR (once both have signed)")
    )]
    Agreed,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ForReview => "for_review",
            Purpose::Reviewed => "reviewed",
            Purpose::Agreed => "agreed",
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Purpose::ForReview => "for your appraiser to review",
            Purpose::Reviewed => "reviewed by the appraiser",
            Purpose::Agreed => "the agreed record, for HR",
        }
    }
}

/// Who made and signed the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PackSigner {
    /// The signer's stable id (their profile's colleague id).
    pub id: String,
    pub role: Role,
    pub name: String,
    pub job_title: String,
}

/// What the signature covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackBody {
    pub purpose: Purpose,
    pub created_at: String,
    pub signer: PackSigner,
    /// The colleague whose appraisal it is.
    pub colleague_id: String,
    pub appraisal_id: String,
    pub state: AppraisalState,
    /// The record: the colleague's details, the framework's values, the sections (wellbeing as a
    /// digest only) and the shared reflections included as evidence.
    pub record: SignedRecord,
    /// The wellbeing notes, only when the colleague opted in for this appraisal.
    pub wellbeing: Option<Note>,
    pub signatures: Vec<Signature>,
    pub agreed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub format: String,
    pub format_version: u32,
    pub body: PackBody,
    /// The signer's Ed25519 public key, base64.
    pub public_key: String,
    /// Ed25519 over the body's canonical bytes, base64.
    pub signature: String,
}

/// A pack that parsed, is in its written form, and whose signature holds.
#[derive(Debug, Clone)]
pub struct VerifiedPack {
    pub pack: Pack,
    /// SHA-256 of the file's bytes (the same pack imported twice has the same hash).
    pub sha256: String,
}

fn damaged(message: impl Into<String>) -> Error {
    Error::invalid("pack", message)
}

fn canonical_body(body: &PackBody) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| Error::Corrupt(format!("pack body: {e}")))
}

/// The file as Reflect writes it.
pub fn to_file_text(pack: &Pack) -> Result<String> {
    let mut s =
        serde_json::to_string_pretty(pack).map_err(|e| Error::Corrupt(format!("pack: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// Sign `body` with `key` and return the file's text.
pub fn seal(body: PackBody, key: &SigningKey) -> Result<String> {
    let bytes = canonical_body(&body)?;
    let signature = key.sign(&bytes);
    let pack = Pack {
        format: PACK_FORMAT.into(),
        format_version: PACK_VERSION,
        body,
        public_key: B64.encode(key.verifying_key().as_bytes()),
        signature: B64.encode(signature.to_bytes()),
    };
    to_file_text(&pack)
}

/// Read a pack and check it: the format and version, every field present and no unknown ones,
/// the bytes exactly as signed, and the signature. Errors name the reason; nothing is written.
pub fn open(text: &str) -> Result<VerifiedPack> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        damaged(format!(
            "This file is not a complete appraisal pack (it may be truncated or damaged): {e}"
        ))
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(PACK_FORMAT) {
        return Err(damaged("This file is not a Reflect appraisal pack"));
    }
    match value.get("format_version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(PACK_VERSION) => {}
        Some(v) => {
            return Err(damaged(format!(
                "This pack uses format version {v}; this Reflect reads version {PACK_VERSION}. Update Reflect to open it"
            )))
        }
        None => return Err(damaged("This pack has no format version")),
    }
    let pack: Pack = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        damaged(format!("The pack is damaged at {path}: {}", e.inner()))
    })?;
    if to_file_text(&pack)? != text {
        return Err(damaged(
            "The pack has been changed since it was written: its bytes differ from the signed form",
        ));
    }
    let key_bytes: [u8; 32] = B64
        .decode(&pack.public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| damaged("The pack's public key is not a valid Ed25519 key"))?;
    let key = VerifyingKey::from_bytes(&key_bytes)
        .map_err(|_| damaged("The pack's public key is not a valid Ed25519 key"))?;
    let sig_bytes: [u8; 64] = B64
        .decode(&pack.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| damaged("The pack's signature is not a valid Ed25519 signature"))?;
    let signature = ed25519_dalek::Signature::from_bytes(&sig_bytes);
    key.verify_strict(&canonical_body(&pack.body)?, &signature).map_err(|_| {
        damaged("The pack's signature does not match its contents: it was changed after it was signed, or signed with another key")
    })?;
    Ok(VerifiedPack {
        sha256: sha256_hex(text.as_bytes()),
        pack,
    })
}

/// Check the record inside a pack against the signatures it carries: each signature's hash must
/// be the record's, and included wellbeing notes must match the record's digest.
pub fn check_record(body: &PackBody) -> Result<String> {
    let sha = sha256_hex(body.record.canonical()?.as_bytes());
    for s in &body.signatures {
        if s.sha256 != sha {
            return Err(damaged(format!(
                "The {}'s signature is over a different record than the one in this pack",
                s.role.as_str()
            )));
        }
    }
    if let Some(w) = &body.wellbeing {
        let digest = sha256_hex(format!("{}\n{}", body.appraisal_id, w.text).as_bytes());
        if digest != body.record.wellbeing_sha256 {
            return Err(damaged(
                "The wellbeing notes in this pack do not match the signed record",
            ));
        }
    }
    if body.record.appraisal_id != body.appraisal_id {
        return Err(damaged("The pack's record belongs to another appraisal"));
    }
    Ok(sha)
}

/// The appraisal as a reader of the pack sees it (a share preview, HR): a copy, so nothing is
/// editable and no step is offered. My team's review adds those: `remote_review_view`.
pub fn appraisal_view(body: &PackBody, viewer: Role, today: NaiveDate) -> Result<Appraisal> {
    let r = &body.record;
    let mut content = r.content.clone();
    if let Some(w) = &body.wellbeing {
        content.wellbeing = w.clone();
    }
    let evidence = r
        .framework
        .values
        .iter()
        .map(|v| {
            let ids = content
                .values
                .iter()
                .find(|s| s.value_key == v.key)
                .map(|s| s.reflection_ids.clone())
                .unwrap_or_default();
            ValueEvidence {
                key: v.key.clone(),
                name: v.name.clone(),
                included: ids
                    .iter()
                    .filter_map(|id| r.reflections.iter().find(|x| &x.id == id).cloned())
                    .collect(),
                proposed: Vec::new(),
                private_count: 0,
                unavailable: Vec::new(),
            }
        })
        .collect();
    let signed = !body.signatures.is_empty();
    let sha = sha256_hex(r.canonical()?.as_bytes());
    let agreed_on = body
        .agreed_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Local).date_naive());
    Ok(Appraisal {
        id: body.appraisal_id.clone(),
        state: body.state,
        viewer,
        pay_step: pay_step_status(&content.pay_step, agreed_on, today),
        wellbeing_hidden: body.wellbeing.is_none(),
        content,
        details: r.details.clone(),
        framework: r.framework.clone(),
        evidence,
        signatures: body.signatures.clone(),
        events: Vec::new(),
        frozen: signed,
        editable: Vec::new(),
        steps: Vec::new(),
        record_sha256: signed.then(|| sha.clone()),
        intact: signed.then(|| body.signatures.iter().all(|s| s.sha256 == sha)),
        previous_id: None,
        created_at: body.created_at.clone(),
        updated_at: body.created_at.clone(),
        agreed_at: body.agreed_at.clone(),
    })
}

/// A colleague's appraisal as their appraiser reviews it at a distance (My team): a pack's view
/// with what they may do there (their comments and summary, then sign).
pub fn remote_review_view(body: &PackBody, today: NaiveDate) -> Result<Appraisal> {
    let mut a = appraisal_view(body, Role::Appraiser, today)?;
    let allowed = permissions(a.viewer, a.state, a.frozen, &a.signatures, ViewMode::Remote);
    a.editable = allowed.editable;
    a.steps = allowed.steps;
    Ok(a)
}

/// A privacy finding in a pack, with where it is and a stable key to acknowledge it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PackFinding {
    pub key: String,
    /// Where it is, in words: "Reflection “Handover”, Description" or "Review: Achievements".
    pub location: String,
    /// The reflection to edit, if it is in one.
    pub reflection_id: Option<String>,
    pub finding: Finding,
}

/// Included reflection, as listed in the share preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackReflection {
    pub id: String,
    pub title: String,
    pub event_date: String,
}

/// Exactly what a pack will carry, and what the privacy check found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PackPreview {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub file_name: String,
    /// The appraisal as the recipient will see it.
    pub appraisal: Appraisal,
    pub reflections: Vec<PackReflection>,
    pub wellbeing_included: bool,
    pub findings: Vec<PackFinding>,
}

/// The privacy check over every piece of text in a pack body: the content's texts as
/// `appraisal::texts` lists them (driven by the sections table), the wellbeing notes if they are
/// included, and each included reflection's title and answers. `appraisal::NOT_SCANNED` lists
/// the strings it does not read, and why; a test checks every other string in a pack is read.
pub fn findings(body: &PackBody) -> Vec<PackFinding> {
    use crate::privacy::check_text;
    let mut content = body.record.content.clone();
    if let Some(w) = &body.wellbeing {
        content.wellbeing = w.clone();
    }
    let value_name = |key: &str| {
        body.record
            .framework
            .values
            .iter()
            .find(|x| x.key == key)
            .map_or(key, |x| x.name.as_str())
            .to_string()
    };
    let mut texts: Vec<(String, Option<String>, String, String)> =
        crate::appraisal::texts(&content, &value_name)
            .into_iter()
            .map(|t| (t.location, None, t.field, t.text))
            .collect();
    for r in &body.record.reflections {
        texts.push((
            format!("Reflection “{}”: title", r.title),
            Some(r.id.clone()),
            "title".into(),
            r.title.clone(),
        ));
        for p in r.model.prompts() {
            if let Some(t) = r.body.get(p.key) {
                texts.push((
                    format!("Reflection “{}”: {}", r.title, p.label),
                    Some(r.id.clone()),
                    format!("body.{}", p.key),
                    t.clone(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (location, reflection, field, text) in texts {
        if text.trim().is_empty() {
            continue;
        }
        for f in check_text(&field, &text) {
            let key = format!(
                "{}|{}|{}|{}",
                reflection.as_deref().unwrap_or("appraisal"),
                field,
                f.start,
                f.matched
            );
            out.push(PackFinding {
                key,
                location: location.clone(),
                reflection_id: reflection.clone(),
                finding: f,
            });
        }
    }
    out
}
