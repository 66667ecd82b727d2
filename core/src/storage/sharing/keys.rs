//! This device's signing key (Ed25519, made at set-up), its public key, and the secret my
//! records' salts are derived from.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::storage::profile::require_profile;
use crate::store::{now_utc, Store};

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

/// This device's signing key (made now if the database predates sharing).
pub(crate) fn signing_key(tx: &Transaction<'_>) -> Result<SigningKey> {
    ensure_key(tx)?;
    let secret: Vec<u8> = tx.query_row("SELECT secret FROM signing_key WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    let seed: [u8; 32] = secret
        .try_into()
        .map_err(|_| Error::Corrupt("the signing key has the wrong length".into()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The profile's stable id.
pub(super) fn colleague_id(tx: &Transaction<'_>) -> Result<String> {
    require_profile(tx)?;
    signing_key(tx)?;
    let id: Option<String> =
        tx.query_row("SELECT colleague_id FROM profile WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    id.ok_or(Error::NotSetUp)
}

/// This device's public key (base64), made now if missing.
pub(crate) fn my_public_key(tx: &Transaction<'_>) -> Result<String> {
    Ok(B64.encode(signing_key(tx)?.verifying_key().as_bytes()))
}

/// The secret the salts of my records are derived from (never leaves the device).
pub(crate) fn salt_secret(tx: &Transaction<'_>) -> Result<[u8; 32]> {
    Ok(signing_key(tx)?.to_bytes())
}

impl Store {
    /// This device's public key (base64), to compare with what others see. Read without writing
    /// when the key exists (so a read-only journal still shows it); made now if it is missing.
    pub fn public_key(&mut self) -> Result<String> {
        let stored: Option<String> = self
            .conn
            .query_row("SELECT public_key FROM signing_key WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        match stored {
            Some(k) => Ok(k),
            None => self.write(my_public_key),
        }
    }

    /// The profile's stable id.
    pub fn colleague_id(&mut self) -> Result<String> {
        self.write(colleague_id)
    }
}
