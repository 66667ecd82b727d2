//! The journal's data key and `reflect.keys`, the file that keeps it wrapped (key file format 1,
//! `schema/keys-format-1.md`). Each entry is one generation of the key, found by the salt that
//! SQLCipher writes at the head of the journal file, so a conversion can add the new generation
//! before the new file is renamed in, and a crash at any moment leaves a key for whichever file
//! is there.

use std::io::Read;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::recovery::RecoveryCode;
use crate::error::{Error, Result};
use crate::files::{make_file_private, write_atomically};

/// The journal file's name (`store::DB_FILE`).
pub(crate) const DB_NAME: &str = "reflect.db";
/// The key file, beside `reflect.db`.
pub const KEYS_FILE: &str = "reflect.keys";
/// The first 16 bytes of every unencrypted SQLite file.
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// The key file format this build writes and reads.
pub const FORMAT: u32 = 1;
/// scrypt's work factor (log2 N, r = 8) for the passphrase: 2^17 is 128 MiB of memory and
/// about a third of a second, each guess. Readers accept up to 2^20.
const WORK_FACTOR: u8 = 17;
const MAX_WORK_FACTOR: u8 = 20;
/// The largest key file read (a few generations are a few KiB).
const MAX_KEY_FILE: u64 = 1024 * 1024;

/// A SQLCipher raw key and its salt. Wiped from memory when dropped; never printed.
#[derive(Clone, Zeroize)]
#[zeroize(drop)]
pub struct DataKey {
    key: [u8; 32],
    salt: [u8; 16],
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey(salt {})", self.salt_hex())
    }
}

impl DataKey {
    /// A new random key and salt from the OS's generator.
    pub fn generate() -> Result<DataKey> {
        let mut key = [0u8; 32];
        let mut salt = [0u8; 16];
        getrandom::fill(&mut key).map_err(|e| crypto(&format!("no random numbers: {e}")))?;
        getrandom::fill(&mut salt).map_err(|e| crypto(&format!("no random numbers: {e}")))?;
        Ok(DataKey { key, salt })
    }

    /// The salt as 32 lower-case hex digits (how the key file names a generation).
    pub fn salt_hex(&self) -> String {
        hex(&self.salt)
    }

    /// SQLCipher's raw key with its salt: `x'<64 hex key><32 hex salt>'`, for `PRAGMA key`.
    pub fn sql_key(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(100));
        s.push_str("x'");
        s.push_str(&hex(&self.key));
        s.push_str(&hex(&self.salt));
        s.push('\'');
        s
    }

    /// The key and salt as text, for the OS keystore: `<64 hex>:<32 hex>`.
    pub(crate) fn to_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{}:{}", hex(&self.key), hex(&self.salt)))
    }

    /// Back from [`DataKey::to_text`] (or from the 48 bytes a wrap holds).
    pub(crate) fn from_text(text: &str) -> Option<DataKey> {
        let (k, s) = text.split_once(':')?;
        Some(DataKey {
            key: unhex(k)?,
            salt: unhex(s)?,
        })
    }

    fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut v = Zeroizing::new(Vec::with_capacity(48));
        v.extend_from_slice(&self.key);
        v.extend_from_slice(&self.salt);
        v
    }

    fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        if bytes.len() != 48 {
            return None;
        }
        let mut key = [0u8; 32];
        let mut salt = [0u8; 16];
        key.copy_from_slice(bytes.get(..32)?);
        salt.copy_from_slice(bytes.get(32..)?);
        Some(DataKey { key, salt })
    }
}

/// One generation of the data key, wrapped twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// The salt at the head of the journal file this key opens (32 hex digits).
    pub salt: String,
    /// When this generation was made (UTC, RFC 3339).
    pub created: String,
    /// base64 of an age file (one scrypt stanza) whose plaintext is the 32-byte key then the
    /// 16-byte salt.
    pub passphrase: String,
    /// base64 of an age file to the recovery code's X25519 recipient, the same plaintext.
    pub recovery: String,
}

impl KeyEntry {
    /// Wrap `key` with `passphrase` and to the recovery code's `recipient`.
    pub fn wrap(key: &DataKey, passphrase: &str, recipient: &str) -> Result<KeyEntry> {
        let mut scrypt = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
        scrypt.set_work_factor(WORK_FACTOR);
        let plain = key.to_bytes();
        let by_passphrase = age::encrypt(&scrypt, &plain).map_err(|e| crypto(&e.to_string()))?;
        let recipient: age::x25519::Recipient = recipient.parse().map_err(|e: &str| {
            Error::Corrupt(format!("the recovery recipient is not valid: {e}"))
        })?;
        let by_recovery = age::encrypt(&recipient, &plain).map_err(|e| crypto(&e.to_string()))?;
        Ok(KeyEntry {
            salt: key.salt_hex(),
            created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            passphrase: B64.encode(by_passphrase),
            recovery: B64.encode(by_recovery),
        })
    }

    /// The key, unwrapped with the passphrase. A wrong passphrase is `Invalid { passphrase }`.
    pub fn unwrap_passphrase(&self, passphrase: &str) -> Result<DataKey> {
        let wrapped = self.decoded(&self.passphrase)?;
        let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        identity.set_max_work_factor(MAX_WORK_FACTOR);
        let key = decrypt(&wrapped, &identity).map_err(|e| match e {
            Failed::Wrong => wrong_passphrase(),
            Failed::Damaged(why) => damaged(&why),
        })?;
        self.check_salt(key)
    }

    /// The key, unwrapped with the recovery code. A wrong code is `Invalid { recovery_code }`.
    pub fn unwrap_recovery(&self, code: &RecoveryCode) -> Result<DataKey> {
        let wrapped = self.decoded(&self.recovery)?;
        let identity = code.identity()?;
        let key = decrypt(&wrapped, &identity).map_err(|e| match e {
            Failed::Wrong => wrong_recovery_code(),
            Failed::Damaged(why) => damaged(&why),
        })?;
        self.check_salt(key)
    }

    fn decoded(&self, field: &str) -> Result<Vec<u8>> {
        B64.decode(field)
            .map_err(|_| damaged("a wrapped key is not base64"))
    }

    fn check_salt(&self, key: DataKey) -> Result<DataKey> {
        if key.salt_hex() != self.salt {
            return Err(damaged("a wrapped key is for another salt"));
        }
        Ok(key)
    }
}

enum Failed {
    Wrong,
    Damaged(String),
}

fn decrypt(wrapped: &[u8], identity: &dyn age::Identity) -> std::result::Result<DataKey, Failed> {
    let decryptor =
        age::Decryptor::new(wrapped).map_err(|e| Failed::Damaged(format!("a wrapped key: {e}")))?;
    let mut reader = match decryptor.decrypt(std::iter::once(identity)) {
        Ok(r) => r,
        Err(age::DecryptError::ExcessiveWork { .. }) => {
            return Err(Failed::Damaged(
                "a wrapped key asks for too much work".into(),
            ))
        }
        Err(_) => return Err(Failed::Wrong),
    };
    let mut plain = Zeroizing::new(Vec::with_capacity(48));
    reader
        .read_to_end(&mut plain)
        .map_err(|_| Failed::Damaged("a wrapped key does not decrypt whole".into()))?;
    DataKey::from_bytes(&plain)
        .ok_or_else(|| Failed::Damaged("a wrapped key is not 48 bytes".into()))
}

/// `reflect.keys`: which journal, whether the OS keystore holds the key, the recovery code's
/// recipient, and the generations of the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    pub format: u32,
    /// A random id for this journal: the OS keystore's account name.
    pub journal: String,
    /// The OS keystore holds the current key.
    pub keystore: bool,
    /// The recovery code's age X25519 recipient (`age1…`): new keys are wrapped to it without
    /// the code.
    pub recovery_recipient: String,
    pub keys: Vec<KeyEntry>,
}

impl KeyFile {
    /// A new key file for a journal about to be encrypted.
    pub fn new(recovery_recipient: String, keystore: bool) -> KeyFile {
        KeyFile {
            format: FORMAT,
            journal: uuid::Uuid::now_v7().to_string(),
            keystore,
            recovery_recipient,
            keys: Vec::new(),
        }
    }

    /// The key file beside `db`.
    pub fn path_for(db: &Path) -> PathBuf {
        db.with_file_name(KEYS_FILE)
    }

    /// Read the key file beside `db`, if there is one.
    pub fn read(db: &Path) -> Result<Option<KeyFile>> {
        let path = KeyFile::path_for(db);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Io {
                    action: "read the key file",
                    path,
                    source,
                })
            }
        };
        let mut text = String::new();
        file.take(MAX_KEY_FILE + 1)
            .read_to_string(&mut text)
            .map_err(|_| damaged("it is not text"))?;
        if text.len() as u64 > MAX_KEY_FILE {
            return Err(damaged("it is larger than a key file can be"));
        }
        let keys: KeyFile = serde_json::from_str(&text)
            .map_err(|e| damaged(&format!("it does not read as key file format 1 ({e})")))?;
        if keys.format != FORMAT {
            return Err(damaged(&format!(
                "it is key file format {}, which this version of Reflect does not read: update Reflect",
                keys.format
            )));
        }
        Ok(Some(keys))
    }

    /// Write it beside `db`: a private temporary file, synced, renamed over the old one.
    pub fn write(&self, db: &Path) -> Result<()> {
        let path = KeyFile::path_for(db);
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Corrupt(format!("the key file could not be written: {e}")))?;
        write_atomically(&path, format!("{text}\n").as_bytes())?;
        make_file_private(&path).map_err(|source| Error::Io {
            action: "make private",
            path,
            source,
        })
    }

    /// The generation that opens a journal file whose head is `salt`.
    pub fn entry(&self, salt: &str) -> Option<&KeyEntry> {
        self.keys.iter().find(|k| k.salt == salt)
    }

    /// Add a generation (replacing one with the same salt).
    pub fn add(&mut self, entry: KeyEntry) {
        self.keys.retain(|k| k.salt != entry.salt);
        self.keys.push(entry);
    }
}

/// The first 16 bytes of the journal file: `None` when it is missing or empty.
pub fn head(db: &Path) -> Result<Option<[u8; 16]>> {
    let mut file = match std::fs::File::open(db) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                action: "read",
                path: db.to_path_buf(),
                source,
            })
        }
    };
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < head.len() {
        let n = file.read(&mut head[got..]).map_err(|source| Error::Io {
            action: "read",
            path: db.to_path_buf(),
            source,
        })?;
        if n == 0 {
            break;
        }
        got += n;
    }
    match got {
        0 => Ok(None),
        16 => Ok(Some(head)),
        _ => Err(Error::Corrupt(format!(
            "the journal {} is shorter than a database header",
            db.display()
        ))),
    }
}

/// The salt at the head of an encrypted journal file, as hex.
pub fn salt_of(head: &[u8; 16]) -> String {
    hex(head)
}

pub(crate) fn wrong_passphrase() -> Error {
    Error::invalid(
        "passphrase",
        "That passphrase does not unlock this journal. Nothing was changed. Check Caps Lock and \
         try again, or use your recovery code",
    )
}

pub(crate) fn wrong_recovery_code() -> Error {
    Error::invalid(
        "recovery_code",
        "That recovery code does not unlock this journal. Nothing was changed. Check each group \
         of letters against what you wrote down",
    )
}

fn damaged(why: &str) -> Error {
    Error::Corrupt(format!(
        "the journal's key file ({KEYS_FILE}) is damaged: {why}. Nothing was changed: restore \
         the file from a backup of this folder, or restore a Reflect backup"
    ))
}

fn crypto(why: &str) -> Error {
    Error::Corrupt(format!("the key could not be wrapped: {why}"))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != N * 2 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}
