//! Pack format 1, as Reflect wrote it before key signatures: it still opens, read-only. Its
//! sender's signature is Ed25519 over the compact JSON of `body` exactly as written, so it is
//! verified over the file's own body with the insignificant white space taken out (no type of
//! today's code is involved, so it keeps verifying whatever the everyday types become). Its
//! appraiser "signature" was only a claim inside the sender's pack: it is shown as not key-signed.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{fingerprint, prepare, refused, sha256_hex, verifying_key};
use crate::appraisal::Role;
use crate::error::Result;
use crate::pack::Purpose;

/// The Reflect version that first key-signed sign-offs, as messages name it.
pub const KEY_SIGNED_SINCE: &str = "pack format 2";

/// A signature claimed in a format 1 pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacySignature {
    pub role: Role,
    pub name: String,
    pub signed_at: String,
}

/// A format 1 pack whose sender's signature holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyPack {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub colleague_name: String,
    pub sender_role: Role,
    pub sender_name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub signatures: Vec<LegacySignature>,
    pub agreed_at: Option<String>,
    /// SHA-256 of the body's signed bytes.
    pub sha256: String,
}

#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(borrow)]
    body: &'a RawValue,
    public_key: String,
    signature: String,
}

/// JSON without the white space between tokens (strings untouched).
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn text(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or_default().to_string()
}

/// Open a format 1 pack: check its sender's signature and read what it says.
pub fn open(text_in: &str) -> Result<LegacyPack> {
    let text_in = prepare(text_in, "pack")?;
    let raw: Raw<'_> =
        serde_json::from_str(&text_in).map_err(|e| refused(format!("The pack is damaged: {e}")))?;
    let signed = minify(raw.body.get());
    let key = verifying_key(&raw.public_key)
        .map_err(|_| refused("The pack's public key is not a valid Ed25519 key"))?;
    let sig: [u8; 64] = B64
        .decode(&raw.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| refused("The pack's signature is not a valid Ed25519 signature"))?;
    key.verify_strict(signed.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| refused("The pack's signature does not match its contents: it was changed after it was signed, or signed with another key"))?;
    let body: Value =
        serde_json::from_str(&signed).map_err(|e| refused(format!("The pack is damaged: {e}")))?;
    let purpose: Purpose = serde_json::from_value(body["purpose"].clone())
        .map_err(|_| refused("The pack's purpose is unknown"))?;
    let sender_role = Role::parse(&text(&body, &["signer", "role"]))
        .ok_or_else(|| refused("The pack's signer has an unknown role"))?;
    let signatures = body["signatures"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some(LegacySignature {
                        role: Role::parse(s["role"].as_str()?)?,
                        name: text(s, &["name"]),
                        signed_at: text(s, &["signed_at"]),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(LegacyPack {
        purpose,
        appraisal_id: text(&body, &["appraisal_id"]),
        colleague_name: text(&body, &["record", "details", "name"]),
        sender_role,
        sender_name: text(&body, &["signer", "name"]),
        fingerprint: fingerprint(&raw.public_key)?,
        public_key: raw.public_key,
        signatures,
        agreed_at: body["agreed_at"].as_str().map(str::to_string),
        sha256: sha256_hex(signed.as_bytes()),
    })
}
