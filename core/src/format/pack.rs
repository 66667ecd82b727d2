//! Pack format 2 (`.reflectpack`): a record, the parts this reader may see, the signatures, sealed
//! by the sender's key. The sender's signature is Ed25519 over the JCS bytes of `body`, so any
//! valid JSON form of the same pack verifies. [`open`] makes every check before anything is
//! written; a pack that passes is a [`VerifiedPack`].

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer as _, SigningKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::canonical::{canonical, canonical_value};
use super::record::{DisclosedPart, RecordV1};
use super::signature::SignatureV1;
use super::{fingerprint, parts, prepare, refused, sha256_hex, verifying_key};
use crate::appraisal::{AppraisalState, Part, Purpose, Role};
use crate::error::Result;

pub const PACK_FORMAT: &str = "reflect-appraisal-pack";
pub const PACK_FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackV2 {
    pub format: String,
    pub format_version: u32,
    pub body: PackBodyV2,
    /// The sender's public key (base64).
    pub public_key: String,
    /// Ed25519 over the JCS bytes of `body` (base64).
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackBodyV2 {
    /// `for_review`, `reviewed` or `agreed`.
    pub purpose: String,
    pub created_at: String,
    pub sender: SenderV2,
    /// The appraisal's state as the sender's device has it.
    pub state: String,
    pub record: RecordV1,
    /// The parts disclosed to this reader.
    pub parts: Vec<DisclosedPart>,
    pub signatures: Vec<SignatureV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SenderV2 {
    pub role: String,
    pub name: String,
    pub job_title: String,
}

/// Who sent a pack: the key that sealed it, and what it says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub role: Role,
    pub name: String,
    pub job_title: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// What a reader holds of an appraisal: the record, the parts disclosed to them, its signatures.
/// A verified pack is one; My team and HR keep one; the share preview builds one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Held {
    pub state: AppraisalState,
    pub created_at: String,
    pub record: RecordV1,
    pub parts: Vec<DisclosedPart>,
    pub signatures: Vec<SignatureV1>,
}

impl Held {
    pub fn signature(&self, role: Role) -> Option<&SignatureV1> {
        self.signatures.iter().find(|s| s.role() == Some(role))
    }

    /// Both the colleague's and the appraiser's key signatures are on the record.
    pub fn agreed(&self) -> bool {
        self.signature(Role::Colleague).is_some() && self.signature(Role::Appraiser).is_some()
    }

    /// When it was agreed: the later of the two signatures.
    pub fn agreed_at(&self) -> Option<String> {
        let c = self.signature(Role::Colleague)?;
        let a = self.signature(Role::Appraiser)?;
        Some(std::cmp::max(&c.statement.signed_at, &a.statement.signed_at).clone())
    }

    pub fn discloses(&self, part: Part) -> bool {
        self.parts
            .iter()
            .any(|p| parts::part_of(&p.name) == Some(part))
    }

    /// Replace a disclosed part's content, keeping its salt, and update its commitment (the
    /// appraiser's comments in My team). The other commitments, of parts this reader may not
    /// see, are kept as they are.
    pub fn replace_part(&mut self, name: &str, content: Value) -> Result<()> {
        let part = self
            .parts
            .iter_mut()
            .find(|p| p.name == name)
            .ok_or_else(|| refused(format!("The record's {name} part was not shared with you")))?;
        part.content = content;
        let sha = part.commitment()?;
        let c = self
            .record
            .parts
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(|| refused(format!("The record has no {name} part")))?;
        c.sha256 = sha;
        Ok(())
    }

    /// The same, with only the parts `keep` allows (a copy for HR keeps only HR's parts).
    pub fn keep(&self, keep: &dyn Fn(Part) -> bool) -> Held {
        Held {
            parts: self
                .parts
                .iter()
                .filter(|p| parts::part_of(&p.name).is_some_and(keep))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }
}

/// A pack every check passed.
#[derive(Debug, Clone)]
pub struct VerifiedPack {
    pub purpose: Purpose,
    pub sender: Sender,
    /// The record, the disclosed parts and the signatures (each verified: by its key, over this
    /// record's digest, one per role).
    pub held: Held,
    /// The record's digest.
    pub digest: String,
    /// SHA-256 of the pack's canonical bytes: the same pack in any JSON form has the same one.
    pub sha256: String,
}

impl std::ops::Deref for VerifiedPack {
    type Target = Held;
    fn deref(&self) -> &Held {
        &self.held
    }
}

impl VerifiedPack {
    pub fn record(&self) -> &RecordV1 {
        &self.held.record
    }
}

/// A key's public half as packs write it (base64).
pub fn public_key_b64(key: &SigningKey) -> String {
    B64.encode(key.verifying_key().as_bytes())
}

/// Seal a body with the sender's key; the file's text.
pub fn seal(body: PackBodyV2, key: &SigningKey) -> Result<String> {
    let signature = key.sign(&canonical(&body)?);
    let pack = PackV2 {
        format: PACK_FORMAT.into(),
        format_version: PACK_FORMAT_VERSION,
        body,
        public_key: B64.encode(key.verifying_key().as_bytes()),
        signature: B64.encode(signature.to_bytes()),
    };
    let mut s = serde_json::to_string_pretty(&pack)
        .map_err(|e| crate::Error::Corrupt(format!("pack: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// The format version a pack file says it is (1 or 2), after the size check.
pub fn format_version(text: &str) -> Result<(u32, Value)> {
    let text = prepare(text, "pack")?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        refused(format!(
            "This file is not a complete appraisal pack (it may be truncated or damaged): {e}"
        ))
    })?;
    if value.get("format").and_then(Value::as_str) != Some(PACK_FORMAT) {
        return Err(refused("This file is not a Reflect appraisal pack"));
    }
    match value.get("format_version").and_then(Value::as_u64) {
        Some(v @ (1 | 2)) => Ok((v as u32, value)),
        Some(v) => Err(refused(format!(
            "This pack uses format version {v}; this Reflect reads versions 1 and 2. Update Reflect to open it"
        ))),
        None => Err(refused("This pack has no format version")),
    }
}

/// A pack's identity: SHA-256 over the JCS bytes of its body, a line feed, its public key, a line
/// feed and its signature (so the same pack in any JSON form has the same identity).
fn pack_identity(body: &[u8], public_key: &str, signature: &str) -> String {
    let mut bytes = Vec::with_capacity(body.len() + public_key.len() + signature.len() + 2);
    bytes.extend_from_slice(body);
    bytes.push(b'\n');
    bytes.extend_from_slice(public_key.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(signature.as_bytes());
    sha256_hex(&bytes)
}

/// Read a format 2 pack and make every check. Errors say why in plain English.
pub fn open(value: Value) -> Result<VerifiedPack> {
    let body_value = value.get("body").cloned().unwrap_or(Value::Null);
    let pack: PackV2 = serde_path_to_error::deserialize(value).map_err(|e| {
        refused(format!(
            "The pack is damaged at {}: {}",
            e.path(),
            e.inner()
        ))
    })?;
    let body_bytes = canonical_value(&body_value)?;
    let key = verifying_key(&pack.public_key)
        .map_err(|_| refused("The pack's public key is not a valid Ed25519 key"))?;
    let sig: [u8; 64] = B64
        .decode(&pack.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| refused("The pack's signature is not a valid Ed25519 signature"))?;
    key.verify_strict(&body_bytes, &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| refused("The pack's signature does not match its contents: it was changed after it was signed, or signed with another key"))?;
    let b = pack.body;
    let purpose: Purpose = serde_json::from_value(Value::String(b.purpose.clone()))
        .map_err(|_| refused(format!("The pack's purpose “{}” is unknown", b.purpose)))?;
    let state = AppraisalState::parse(&b.state)
        .ok_or_else(|| refused(format!("The pack's state “{}” is unknown", b.state)))?;
    let sender_role = Role::parse(&b.sender.role).ok_or_else(|| {
        refused(format!(
            "The pack's sender role “{}” is unknown",
            b.sender.role
        ))
    })?;
    b.record.check()?;
    b.record.check_parts(&b.parts)?;
    check_coverage(&b.record, &b.parts)?;
    let digest = b.record.digest()?;
    let mut roles = Vec::new();
    for s in &b.signatures {
        let role = s.verify(&digest)?;
        if roles.contains(&role) {
            return Err(refused(format!(
                "The pack carries two {} signatures",
                role.as_str()
            )));
        }
        roles.push(role);
        let own = s.statement.public_key == b.record.colleague_key;
        match role {
            Role::Colleague if !own => {
                return Err(refused("The colleague's signature was made with a key that is not the record's colleague key"))
            }
            Role::Appraiser if own => {
                return Err(refused("The appraiser's signature was made with the colleague's own key: the appraiser signs with their own key, on their own device"))
            }
            _ => {}
        }
    }
    let sender_is_colleague = pack.public_key == b.record.colleague_key;
    match (sender_role, sender_is_colleague) {
        (Role::Colleague, false) => {
            return Err(refused(
                "The pack says it is from the colleague but is sealed by another key",
            ))
        }
        (Role::Appraiser, true) => {
            return Err(refused(
                "The pack says it is from the appraiser but is sealed by the colleague's own key",
            ))
        }
        _ => {}
    }
    if let Some(a) = b
        .signatures
        .iter()
        .find(|s| s.role() == Some(Role::Appraiser))
    {
        if sender_role == Role::Appraiser && a.statement.public_key != pack.public_key {
            return Err(refused(
                "The appraiser's signature is not the key of the appraiser who sent the pack",
            ));
        }
    }
    match purpose {
        Purpose::ForReview | Purpose::Agreed if sender_role != Role::Colleague => {
            return Err(refused(format!(
                "A pack {} must come from the colleague whose appraisal it is",
                purpose.describe()
            )))
        }
        Purpose::Reviewed if sender_role != Role::Appraiser => {
            return Err(refused("A reviewed pack must come from the appraiser"))
        }
        _ => {}
    }
    let verified = VerifiedPack {
        purpose,
        sender: Sender {
            role: sender_role,
            name: b.sender.name.clone(),
            job_title: b.sender.job_title.clone(),
            fingerprint: fingerprint(&pack.public_key)?,
            public_key: pack.public_key.clone(),
        },
        sha256: pack_identity(&body_bytes, &pack.public_key, &pack.signature),
        held: Held {
            state,
            created_at: b.created_at,
            record: b.record,
            parts: b.parts,
            signatures: b.signatures,
        },
        digest,
    };
    if purpose == Purpose::Agreed && (!verified.agreed() || state != AppraisalState::Agreed) {
        return Err(refused(
            "This pack says it is the agreed record, but it does not carry both the colleague's and the appraiser's key signatures",
        ));
    }
    Ok(verified)
}

/// The coverage counts must match the evidence when it is disclosed: each value counts the
/// reflections committed in the record.
fn check_coverage(record: &RecordV1, disclosed: &[DisclosedPart]) -> Result<()> {
    let Some(evidence) = disclosed.iter().find(|p| p.name == "evidence") else {
        return Ok(());
    };
    let items: Vec<parts::EvidenceV1> = serde_json::from_value(evidence.content.clone())
        .map_err(|e| refused(format!("The record's evidence part is damaged: {e}")))?;
    let committed = |id: &String| {
        let name = format!("{}{id}", parts::REFLECTION_PART);
        record.parts.iter().any(|p| p.name == name)
    };
    for c in &record.coverage {
        let n = items
            .iter()
            .find(|e| e.value_key == c.value_key)
            .map_or(0, |e| {
                e.reflection_ids.iter().filter(|id| committed(id)).count()
            });
        if n as u32 != c.reflections {
            return Err(refused(format!(
                "The record counts {} reflections for {} but includes {n}",
                c.reflections, c.value_key
            )));
        }
    }
    Ok(())
}
