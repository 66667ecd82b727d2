//! The formats that cross devices, kept apart from the everyday types: **record format 1** (the
//! signed appraisal record, with a salted commitment to each part), **signatures** (Ed25519 by
//! each signer's own key over a statement that names the record's digest, the role, the name and
//! the time) and **pack format 2** (a record, the parts disclosed to this reader, the signatures,
//! sealed by the sender's key). Pack format 1 (before key signatures) still opens, read-only:
//! [`legacy`].
//!
//! Every signed byte string is the RFC 8785 (JCS) canonical form of a JSON value in which every
//! number is a whole number (floats are refused: decimals travel as strings), so any valid JSON
//! form of the same pack — pretty or compact, CRLF, a byte-order mark, keys in any order —
//! verifies, and a field added to an everyday type can never change an existing format's bytes.
//! `schema/record-format-1.md` and `schema/pack-format-2.md` document the bytes; the JSON
//! Schemas sit beside them; `tests/fixtures/formats/` holds packs that must verify forever.

pub mod canonical;
pub mod legacy;
pub mod pack;
pub mod parts;
pub mod record;
pub mod signature;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The largest pack or roster Reflect reads (20 MiB): bigger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A pack refused: the field is always `pack`, the message says why in plain English.
pub(crate) fn refused(message: impl Into<String>) -> Error {
    Error::invalid("pack", message)
}

/// An Ed25519 public key from its base64 form.
pub fn verifying_key(b64: &str) -> Result<VerifyingKey> {
    let bytes: [u8; 32] = B64
        .decode(b64.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            Error::invalid(
                "key",
                "This is not a Reflect public key (44 characters of base64)",
            )
        })?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| Error::invalid("key", "This is not a valid Ed25519 public key"))
}

/// The short number to read aloud or compare for a public key, like Signal's safety numbers: SHA-256
/// over `reflect-key-fingerprint/1\n` and the 32 key bytes; the first 30 bytes as six 5-byte
/// big-endian numbers, each mod 100000, in six groups of five digits.
pub fn fingerprint(public_key_b64: &str) -> Result<String> {
    let key = verifying_key(public_key_b64)?;
    let mut h = Sha256::new();
    h.update(b"reflect-key-fingerprint/1\n");
    h.update(key.as_bytes());
    let digest = h.finalize();
    let groups: Vec<String> = digest[..30]
        .chunks(5)
        .map(|c| {
            let n = c.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
            format!("{:05}", n % 100_000)
        })
        .collect();
    Ok(groups.join(" "))
}

/// Take off a byte-order mark and check the size before any parsing.
pub(crate) fn prepare(text: &str, what: &str) -> Result<String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(refused(format!(
            "This {what} is {:.1} MiB; Reflect opens files of up to 20 MiB",
            text.len() as f64 / (1024.0 * 1024.0)
        )));
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}
