//! Encryption at rest, the `Store` side: what the settings say, turning encryption on and off,
//! a new passphrase or recovery code (each a crash-safe rewrite of the file, `convert.rs`), the
//! OS keystore and the app lock's idle time. Opening is in `open.rs`.

mod convert;
pub(crate) mod open;

use open::key_for;

use crate::encryption::{
    attempts, check_lock_minutes, check_new_passphrase, keystore, DataKey, EncryptionOutcome,
    EncryptionStatus, KeyEntry, KeyFile, RecoveryCode, Unlock, DEFAULT_LOCK_MINUTES,
};
use crate::error::{Error, Result};
use crate::storage::settings::{set_setting, setting};
use crate::store::Store;

/// The `setting` key for the app lock's idle minutes.
const LOCK_MINUTES: &str = "lock_minutes";

impl Store {
    /// The journal's encryption settings. `keystore_available` asks the OS (at most a moment).
    pub fn encryption_status(&self) -> Result<EncryptionStatus> {
        let keys = match self.key {
            Some(_) => KeyFile::read(&self.path)?,
            None => None,
        };
        Ok(EncryptionStatus {
            encrypted: self.key.is_some(),
            keystore: keys.as_ref().is_some_and(|k| k.keystore),
            keystore_available: keystore::available(),
            lock_minutes: self.lock_minutes()?,
        })
    }

    /// Minutes of no use after which the app locks (0: never). Only an encrypted journal locks.
    pub fn lock_minutes(&self) -> Result<u32> {
        Ok(setting(&self.conn, LOCK_MINUTES)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_LOCK_MINUTES))
    }

    /// Choose the app lock's idle minutes (0: never; at most 480).
    pub fn set_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        check_lock_minutes(minutes)?;
        self.write(|tx| set_setting(tx, LOCK_MINUTES, Some(&minutes.to_string())))
    }

    /// Encrypt the journal with `passphrase` (a crash-safe rewrite of the file). Returns the
    /// recovery code to write down; with `keystore`, the OS keystore keeps the key too.
    pub fn encrypt(&mut self, passphrase: &str, keystore: bool) -> Result<EncryptionOutcome> {
        check_new_passphrase(passphrase, "passphrase")?;
        if self.key.is_some() {
            return Err(Error::invalid(
                "passphrase",
                "This journal is already encrypted: change its passphrase instead",
            ));
        }
        let code = RecoveryCode::generate()?;
        let key = DataKey::generate()?;
        let mut keys = KeyFile::new(code.recipient()?, false);
        keys.add(KeyEntry::wrap(&key, passphrase, &keys.recovery_recipient)?);
        self.rewrite_file(Some(key), Some(&keys))?;
        let mut warnings = Vec::new();
        if keystore {
            if let Err(e) = self.set_keystore(true) {
                warnings.push(e.message());
            }
        }
        // An encrypted backup at once, so the newest backup is never a readable one.
        if let Err(e) = self.backup_now(None, chrono::Utc::now()) {
            warnings.push(format!("The first encrypted backup could not be made: {e}"));
        }
        let warning = (!warnings.is_empty()).then(|| warnings.join(" "));
        Ok(EncryptionOutcome {
            recovery_code: Some(code.display().to_string()),
            status: self.encryption_status()?,
            warning,
        })
    }

    /// Decrypt the journal (its passphrase asked again): the file is rewritten unencrypted and
    /// the key file, and the keystore's copy, removed.
    pub fn decrypt(&mut self, passphrase: &str) -> Result<()> {
        let keys = self.check_unlock(Unlock::Passphrase(passphrase.to_owned().into()))?;
        self.rewrite_file(None, None)?;
        if keys.keystore {
            let _ = keystore::forget(&keys.journal);
        }
        let path = KeyFile::path_for(&self.path);
        std::fs::remove_file(&path).map_err(|source| Error::Io {
            action: "remove",
            path,
            source,
        })?;
        attempts::succeeded(&self.path);
        Ok(())
    }

    /// A new passphrase, given the current one or the recovery code: the journal is re-keyed
    /// with a new data key, so the old passphrase opens nothing that is written from now on.
    pub fn change_passphrase(&mut self, current: Unlock, new: &str) -> Result<EncryptionStatus> {
        check_new_passphrase(new, "new_passphrase")?;
        let mut keys = self.check_unlock(current)?;
        let key = DataKey::generate()?;
        keys.add(KeyEntry::wrap(&key, new, &keys.recovery_recipient)?);
        self.rekey(key, keys)?;
        self.encryption_status()
    }

    /// A new recovery code (the passphrase asked again); the old code stops working, as the
    /// journal is re-keyed.
    pub fn new_recovery_code(&mut self, passphrase: &str) -> Result<EncryptionOutcome> {
        let mut keys = self.check_unlock(Unlock::Passphrase(passphrase.to_owned().into()))?;
        let code = RecoveryCode::generate()?;
        keys.recovery_recipient = code.recipient()?;
        let key = DataKey::generate()?;
        keys.add(KeyEntry::wrap(&key, passphrase, &keys.recovery_recipient)?);
        self.rekey(key, keys)?;
        Ok(EncryptionOutcome {
            recovery_code: Some(code.display().to_string()),
            status: self.encryption_status()?,
            warning: None,
        })
    }

    /// Keep the key in the OS keystore (the journal opens without typing), or stop.
    pub fn set_keystore(&mut self, on: bool) -> Result<EncryptionStatus> {
        let Some(key) = self.key.clone() else {
            return Err(Error::invalid(
                "keystore",
                "Set a passphrase first: only an encrypted journal has a key to keep",
            ));
        };
        let mut keys = self.current_keys()?;
        if on {
            keystore::store(&keys.journal, &key)?;
        } else {
            keystore::forget(&keys.journal)?;
        }
        keys.keystore = on;
        keys.write(&self.path)?;
        self.encryption_status()
    }

    /// Check a passphrase or recovery code against the journal's current key, counted like an
    /// unlock; gives the key file.
    fn check_unlock(&self, unlock: Unlock) -> Result<KeyFile> {
        let Some(current) = &self.key else {
            return Err(Error::invalid(
                "passphrase",
                "This journal is not encrypted: it has no passphrase",
            ));
        };
        let key = key_for(&self.path, unlock)?.ok_or(Error::Locked)?;
        if key.salt_hex() != current.salt_hex() {
            return Err(Error::Corrupt(
                "the journal changed while it was open".into(),
            ));
        }
        self.current_keys()
    }

    fn current_keys(&self) -> Result<KeyFile> {
        KeyFile::read(&self.path)?.ok_or_else(|| {
            Error::Corrupt("the journal is encrypted and its key file is missing".into())
        })
    }

    /// Rewrite the file with `key`, then keep only its entry; move the keystore's copy along.
    fn rekey(&mut self, key: DataKey, mut keys: KeyFile) -> Result<()> {
        self.rewrite_file(Some(key.clone()), Some(&keys))?;
        keys.keys.retain(|k| k.salt == key.salt_hex());
        if keys.keystore && keystore::store(&keys.journal, &key).is_err() {
            keys.keystore = false;
        }
        keys.write(&self.path)
    }
}
