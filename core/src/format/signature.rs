//! Signatures: each signer signs with their own device key (Ed25519) a statement that names the
//! record's digest, their role, name, job title, public key and the time, so every one of those is
//! covered. Nobody can make a signature for a key they do not hold.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer as _, SigningKey};
use serde::{Deserialize, Serialize};

use super::canonical::canonical;
use super::{refused, verifying_key};
use crate::appraisal::Role;
use crate::error::Result;

pub const SIGNATURE_FORMAT: &str = "reflect-signature";
pub const SIGNATURE_FORMAT_VERSION: u32 = 1;

/// What a signer signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementV1 {
    pub format: String,
    pub format_version: u32,
    /// The digest of the record signed (`RecordV1::digest`).
    pub record_sha256: String,
    /// `colleague` or `appraiser`.
    pub role: String,
    pub name: String,
    pub job_title: String,
    /// The signer's public key (base64).
    pub public_key: String,
    /// RFC 3339, UTC.
    pub signed_at: String,
}

/// A statement and the Ed25519 signature over its canonical bytes (base64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureV1 {
    pub statement: StatementV1,
    pub signature: String,
}

/// Who signs, and when.
pub struct Signer<'a> {
    pub role: Role,
    pub name: &'a str,
    pub job_title: &'a str,
    pub signed_at: &'a str,
}

impl SignatureV1 {
    /// Sign `record_sha256` with `key`.
    pub fn sign(key: &SigningKey, record_sha256: &str, who: &Signer<'_>) -> Result<SignatureV1> {
        let statement = StatementV1 {
            format: SIGNATURE_FORMAT.into(),
            format_version: SIGNATURE_FORMAT_VERSION,
            record_sha256: record_sha256.to_string(),
            role: who.role.as_str().to_string(),
            name: who.name.to_string(),
            job_title: who.job_title.to_string(),
            public_key: B64.encode(key.verifying_key().as_bytes()),
            signed_at: who.signed_at.to_string(),
        };
        let signature = key.sign(&canonical(&statement)?);
        Ok(SignatureV1 {
            statement,
            signature: B64.encode(signature.to_bytes()),
        })
    }

    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.statement.role)
    }

    /// Check the signature is the key's, over this statement, for `record_sha256`.
    pub fn verify(&self, record_sha256: &str) -> Result<Role> {
        let s = &self.statement;
        let role = self
            .role()
            .ok_or_else(|| refused(format!("A signature names an unknown role “{}”", s.role)))?;
        if s.format != SIGNATURE_FORMAT || s.format_version != SIGNATURE_FORMAT_VERSION {
            return Err(refused(format!(
                "The {}'s signature is in a format this Reflect does not read",
                role.as_str()
            )));
        }
        if s.record_sha256 != record_sha256 {
            return Err(refused(format!(
                "The {}'s signature ({}) is over a different record than the one in this pack",
                role.as_str(),
                s.name
            )));
        }
        if chrono::DateTime::parse_from_rfc3339(&s.signed_at).is_err() {
            return Err(refused(format!(
                "The {}'s signature has no valid time",
                role.as_str()
            )));
        }
        let key = verifying_key(&s.public_key).map_err(|_| {
            refused(format!(
                "The {}'s signature has no valid public key",
                role.as_str()
            ))
        })?;
        let bytes: [u8; 64] = B64
            .decode(&self.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                refused(format!(
                    "The {}'s signature is not an Ed25519 signature",
                    role.as_str()
                ))
            })?;
        key.verify_strict(&canonical(s)?, &ed25519_dalek::Signature::from_bytes(&bytes))
            .map_err(|_| {
                refused(format!(
                    "The {}'s signature ({}) does not match: it was not made with that key, or something it covers was changed",
                    role.as_str(),
                    s.name
                ))
            })?;
        Ok(role)
    }
}
