//! Encryption at rest, the domain side (no SQL): the journal's data key and how it is kept
//! (`keyfile`, format 1 in `schema/keys-format-1.md`), the recovery code (`recovery`), the OS
//! keystore (`keystore`), the wait after wrong passphrases (`attempts`) and what the front ends
//! are told ([`EncryptionStatus`]). Opening an encrypted journal, turning encryption on or off
//! and re-keying are `Store` methods (`storage/encryption.rs`).
//!
//! The journal is a SQLCipher database keyed with a random 256-bit data key (SQLCipher's raw-key
//! mode, with a salt of our choosing, so the salt at the head of the file says which key opens
//! it). The data key is never stored as it is: `reflect.keys`, beside the journal, keeps it
//! wrapped twice, with the passphrase (age, scrypt) and to the recovery code's X25519 recipient
//! (age), and, when chosen, the OS keystore holds a copy so the journal opens without typing.

pub mod attempts;
pub mod keyfile;
pub mod keystore;
pub mod recovery;

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

pub use keyfile::{DataKey, KeyEntry, KeyFile, KEYS_FILE};
pub use recovery::RecoveryCode;
/// The lock file beside the journal: shared while a store is open, exclusive while converting.
pub const LOCK_FILE: &str = "reflect.lock";

/// The shortest passphrase accepted. NCSC advice is three random words; 10 characters is
/// below that and above what a few guesses a second (scrypt, then the waits) can reach soon.
pub const MIN_PASSPHRASE: usize = 10;
/// The longest passphrase accepted (characters).
pub const MAX_PASSPHRASE: usize = 1024;

/// A secret typed by the user: wiped from memory when dropped.
pub type Secret = Zeroizing<String>;

/// How an encrypted journal is to be unlocked.
pub enum Unlock {
    /// Nothing given: a plain journal opens; an encrypted one only through the OS keystore,
    /// when it was chosen and holds the key.
    Nothing,
    /// The passphrase.
    Passphrase(Secret),
    /// The recovery code written down at set-up.
    RecoveryCode(Secret),
    /// The data key itself (after a conversion, to open what was just written).
    Key(DataKey),
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unlock::Nothing => "Unlock::Nothing",
            Unlock::Passphrase(_) => "Unlock::Passphrase(…)",
            Unlock::RecoveryCode(_) => "Unlock::RecoveryCode(…)",
            Unlock::Key(_) => "Unlock::Key(…)",
        })
    }
}

/// What a journal folder holds, read before anything is opened (the unlock screen, the CLI's
/// passphrase prompt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JournalKind {
    /// No journal yet.
    None,
    /// An ordinary SQLite journal.
    Plain,
    /// A SQLCipher journal: it needs its key.
    Encrypted,
}

/// The encryption settings as the app and `reflect encryption status` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EncryptionStatus {
    pub encrypted: bool,
    /// The OS keystore holds the key, so the journal opens without typing.
    pub keystore: bool,
    /// The OS has a keystore Reflect can use (checked when asked).
    pub keystore_available: bool,
    /// Lock the app after this many idle minutes (0: never); only with a passphrase.
    pub lock_minutes: u32,
}

/// What turning encryption on (or a new recovery code) gives back: the recovery code, shown
/// once, and whether the OS keystore now holds the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EncryptionOutcome {
    /// Eight groups of four, to be written down now: it is never shown again.
    pub recovery_code: Option<String>,
    pub status: EncryptionStatus,
    /// Why the keystore could not take the key, when it was asked to.
    pub warning: Option<String>,
}

/// The app lock's idle minutes when none are chosen.
pub const DEFAULT_LOCK_MINUTES: u32 = 5;
/// The longest idle time that can be chosen before the app locks (a working day).
pub const MAX_LOCK_MINUTES: u32 = 480;

/// What the journal file in `dir` is, from its first 16 bytes: SQLite's header, a SQLCipher salt,
/// or nothing.
pub fn journal_kind(db: &Path) -> crate::Result<JournalKind> {
    match keyfile::head(db)? {
        None => Ok(JournalKind::None),
        Some(head) if &head == keyfile::SQLITE_HEADER => Ok(JournalKind::Plain),
        Some(_) => Ok(JournalKind::Encrypted),
    }
}

/// A new passphrase checked: long enough, not too long, not only spaces.
pub fn check_new_passphrase(passphrase: &str, field: &str) -> crate::Result<()> {
    let chars = passphrase.chars().count();
    if passphrase.trim().is_empty() {
        return Err(crate::Error::invalid(field, "Enter a passphrase"));
    }
    if chars < MIN_PASSPHRASE {
        return Err(crate::Error::invalid(
            field,
            format!(
                "Use at least {MIN_PASSPHRASE} characters: three random words you will remember \
                 make a good passphrase"
            ),
        ));
    }
    if chars > MAX_PASSPHRASE {
        return Err(crate::Error::invalid(
            field,
            format!("Use at most {MAX_PASSPHRASE} characters"),
        ));
    }
    Ok(())
}

/// The lock time checked.
pub fn check_lock_minutes(minutes: u32) -> crate::Result<()> {
    if minutes > MAX_LOCK_MINUTES {
        return Err(crate::Error::invalid(
            "lock_minutes",
            format!("Choose at most {MAX_LOCK_MINUTES} minutes (8 hours), or 0 to never lock"),
        ));
    }
    Ok(())
}
