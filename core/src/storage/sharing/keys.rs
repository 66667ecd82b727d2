//! This device's signing key and the profile's colleague id; trust on first use of other
//! signers' keys.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;
use rusqlite::{named_params, params, Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::pack::VerifiedPack;
use crate::sharing::KeyStatus;
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
pub(super) fn signing_key(tx: &Transaction<'_>) -> Result<SigningKey> {
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

/// Whether the pack's signer was seen before; a different key for a known signer is refused.
pub(super) fn key_status(conn: &Connection, v: &VerifiedPack) -> Result<KeyStatus> {
    let known: Option<String> = conn
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

impl Store {
    /// This device's public key (base64), to compare with what others see.
    pub fn public_key(&mut self) -> Result<String> {
        let key = self.write(signing_key)?;
        Ok(B64.encode(key.verifying_key().as_bytes()))
    }

    /// The profile's stable id.
    pub fn colleague_id(&mut self) -> Result<String> {
        self.write(colleague_id)
    }

    pub(crate) fn key_status(&self, v: &VerifiedPack) -> Result<KeyStatus> {
        key_status(&self.conn, v)
    }

    /// Remember the signer's key the first time a pack of theirs is imported.
    pub(crate) fn remember_key(tx: &Transaction<'_>, v: &VerifiedPack) -> Result<()> {
        tx.execute(
            "INSERT INTO known_key (signer_id, public_key, name, first_seen)
             VALUES (:signer_id, :public_key, :name, :first_seen)
             ON CONFLICT (signer_id) DO NOTHING",
            named_params! {
                ":signer_id": v.pack.body.signer.id,
                ":public_key": v.pack.public_key,
                ":name": v.pack.body.signer.name,
                ":first_seen": now_utc(),
            },
        )?;
        Ok(())
    }
}
