//! Knowing whose key it is: this device's public key and its fingerprint, a short number people
//! read aloud or compare side by side (like Signal's safety numbers) before trusting a key.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};

/// What the fingerprint's hash starts with, so it can never equal another hash Reflect makes.
pub const FINGERPRINT_CONTEXT: &[u8] = b"reflect-key-fingerprint/1\n";

/// A public key and its fingerprint, as `reflect key` and Settings show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KeyInfo {
    /// The Ed25519 public key, base64.
    pub public_key: String,
    /// Six groups of five digits made from the key, to read aloud or compare.
    pub fingerprint: String,
}

impl KeyInfo {
    /// A key's information from its base64 form.
    pub fn new(public_key: String) -> Result<KeyInfo> {
        let fingerprint = fingerprint(&public_key)?;
        Ok(KeyInfo {
            public_key,
            fingerprint,
        })
    }
}

/// A public key's fingerprint: SHA-256 over [`FINGERPRINT_CONTEXT`] and the 32 raw key bytes; its
/// first 30 bytes as six 5-byte big-endian numbers, each modulo 100000, printed as six
/// zero-padded groups of five digits separated by spaces ("01234 56789 …", 30 digits in all).
pub fn fingerprint(public_key_b64: &str) -> Result<String> {
    let not_a_key = || {
        Error::invalid(
            "public_key",
            "This is not a Reflect public key (32 bytes written in base64)",
        )
    };
    let bytes = B64.decode(public_key_b64.trim()).map_err(|_| not_a_key())?;
    let key: [u8; 32] = bytes.try_into().map_err(|_| not_a_key())?;
    let digest = Sha256::new()
        .chain_update(FINGERPRINT_CONTEXT)
        .chain_update(key)
        .finalize();
    let groups: Vec<String> = digest[..30]
        .chunks(5)
        .map(|chunk| {
            let n = chunk.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b));
            format!("{:05}", n % 100_000)
        })
        .collect();
    Ok(groups.join(" "))
}
