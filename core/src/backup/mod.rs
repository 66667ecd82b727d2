//! Backups, the formats (schema/backup-format-1.md, schema/backup-format-2.md): a small text
//! header, then the journal's SQLite snapshot, plain or encrypted with age (format 1), or, for an
//! encrypted journal, its key file entry and the SQLCipher snapshot itself (format 2). This module holds no SQL: it seals and opens the
//! container, names the files and decides which automatic backups to keep; taking the snapshot,
//! the settings and restoring are the `Store`'s (`storage/backups`).
//!
//! Encryption without typing a passphrase for every automatic backup: setting a passphrase makes
//! an age X25519 identity. Its public recipient is stored in the journal, and the identity itself
//! only wrapped with the passphrase (age scrypt). Every encrypted backup carries that wrapped
//! identity and the snapshot encrypted to the recipient, so it needs nothing but the passphrase.

mod keyed;
pub mod retention;

use std::io::Read;

use age::secrecy::{ExposeSecret, SecretString};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::encryption::{DataKey, KeyFile};
use crate::error::{Error, Result};
use keyed::open_keyed;

/// The first line of every backup file.
pub const MAGIC: &str = "Reflect backup";
/// The format of a backup of an unencrypted journal (plain or age).
pub const FORMAT_VERSION: u32 = 1;
/// The format of a backup of an encrypted journal (its key entry and the SQLCipher snapshot).
pub const KEYED_FORMAT_VERSION: u32 = 2;
/// The extension of a backup file.
pub const EXTENSION: &str = "reflectbackup";
/// The header is text and never longer than this (the rest of the file is the body).
pub const MAX_HEADER_BYTES: usize = 1024;
/// The scrypt work factor (log2 N, r = 8) a passphrase is wrapped with: 2^17 is 128 MiB and
/// about half a second, the same on every device so a backup opens anywhere.
pub const WORK_FACTOR: u8 = 17;
/// The largest work factor a backup may ask for when it is opened: a crafted file cannot make
/// opening it take minutes or gigabytes (2^20 is 1 GiB).
pub const MAX_WORK_FACTOR: u8 = 20;
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The largest wrapped identity or key file accepted (a real one is under 1 KiB).
const MAX_IDENTITY_BYTES: usize = 16 * 1024;

/// Why a backup was made. "weekly" is never written in a file: it is the role a daily backup
/// keeps once it is the newest of an earlier ISO week (see [`retention`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    Daily,
    Weekly,
    Manual,
    BeforeUpgrade,
    BeforeRestore,
}

impl BackupKind {
    /// The word in a file's header and name.
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::Weekly => "weekly",
            BackupKind::Manual => "manual",
            BackupKind::BeforeUpgrade => "before-upgrade",
            BackupKind::BeforeRestore => "before-restore",
        }
    }

    /// A kind as a file states it ("weekly" is never stated).
    fn parse(s: &str) -> Option<BackupKind> {
        [
            BackupKind::Daily,
            BackupKind::Manual,
            BackupKind::BeforeUpgrade,
            BackupKind::BeforeRestore,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// How a backup's body is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    /// The SQLite snapshot as it is: it holds the signing key and every reflection unencrypted.
    None,
    /// A passphrase-wrapped age identity, then the snapshot encrypted to its recipient.
    Age,
    /// Format 2: the journal's key file entry (the data key wrapped with the passphrase and to
    /// the recovery code), then the SQLCipher snapshot, encrypted with that key.
    SqlCipher,
}

/// What a backup's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: BackupKind,
    pub created: DateTime<Utc>,
    /// The journal's schema version in the snapshot.
    pub schema: i64,
    pub encryption: Encryption,
    /// Bytes of the wrapped identity (format 1, age) or the key file (format 2) at the start of
    /// the body (0 without encryption).
    pub identity_bytes: usize,
    /// Bytes of the payload after it.
    pub payload_bytes: usize,
    /// SHA-256 (hex) of the payload as stored.
    pub payload_sha256: String,
}

/// The keys a passphrase makes, kept in the journal: the age recipient (public) and the age
/// identity encrypted with the passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupKeys {
    pub recipient: String,
    pub wrapped_identity: Vec<u8>,
}

/// A backup opened: its header and the SQLite database (SQLCipher-encrypted with `key` in
/// format 2, with the key file it came with).
#[derive(Debug, Clone)]
pub struct Opened {
    pub header: Header,
    pub database: Vec<u8>,
    pub key: Option<DataKey>,
    pub keys: Option<KeyFile>,
}

/// Make new backup keys for `passphrase` (at least [`MIN_PASSPHRASE_CHARS`] characters).
pub fn make_keys(passphrase: &str) -> Result<BackupKeys> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!("Use at least {MIN_PASSPHRASE_CHARS} characters for the backup passphrase"),
        ));
    }
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let mut scrypt = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    scrypt.set_work_factor(WORK_FACTOR);
    let wrapped_identity = age::encrypt(&scrypt, identity.to_string().expose_secret().as_bytes())
        .map_err(|e| crypto_failed(&e.to_string()))?;
    Ok(BackupKeys {
        recipient,
        wrapped_identity,
    })
}

/// Seal a snapshot into a backup file's bytes, encrypted when `keys` are given.
pub fn seal(
    database: &[u8],
    kind: BackupKind,
    created: DateTime<Utc>,
    schema: i64,
    keys: Option<&BackupKeys>,
) -> Result<Vec<u8>> {
    let (encryption, identity, payload) = match keys {
        None => (Encryption::None, &[][..], database.to_vec()),
        Some(k) => {
            let recipient: age::x25519::Recipient = k.recipient.parse().map_err(|e: &str| {
                Error::Corrupt(format!("the backup recipient is not valid: {e}"))
            })?;
            let payload =
                age::encrypt(&recipient, database).map_err(|e| crypto_failed(&e.to_string()))?;
            (Encryption::Age, &k.wrapped_identity[..], payload)
        }
    };
    Ok(assemble(
        kind, created, schema, encryption, identity, &payload,
    ))
}

/// Seal the SQLCipher snapshot of an encrypted journal (format 2) with its key file: `keys`
/// holds exactly the entry for the snapshot's salt.
pub fn seal_keyed(
    database: &[u8],
    kind: BackupKind,
    created: DateTime<Utc>,
    schema: i64,
    keys: &KeyFile,
) -> Result<Vec<u8>> {
    let text = serde_json::to_vec(keys)
        .map_err(|e| Error::Corrupt(format!("the backup's key file could not be written: {e}")))?;
    Ok(assemble(
        kind,
        created,
        schema,
        Encryption::SqlCipher,
        &text,
        database,
    ))
}

fn assemble(
    kind: BackupKind,
    created: DateTime<Utc>,
    schema: i64,
    encryption: Encryption,
    prefix: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let header = Header {
        kind,
        created,
        schema,
        encryption,
        identity_bytes: prefix.len(),
        payload_bytes: payload.len(),
        payload_sha256: hex(&Sha256::digest(payload)),
    };
    let mut out = Vec::with_capacity(payload.len() + prefix.len() + 512);
    out.extend_from_slice(header_text(&header).as_bytes());
    out.extend_from_slice(prefix);
    out.extend_from_slice(payload);
    out
}

fn header_text(h: &Header) -> String {
    let format = match h.encryption {
        Encryption::SqlCipher => KEYED_FORMAT_VERSION,
        _ => FORMAT_VERSION,
    };
    let mut s = format!(
        "{MAGIC}\nformat: {format}\nkind: {}\ncreated: {}\nschema: {}\nencryption: {}\n",
        h.kind.as_str(),
        h.created.to_rfc3339_opts(SecondsFormat::Millis, true),
        h.schema,
        match h.encryption {
            Encryption::None => "none",
            Encryption::Age => "age",
            Encryption::SqlCipher => "sqlcipher",
        }
    );
    match h.encryption {
        Encryption::None => {}
        Encryption::Age => s.push_str(&format!("identity-bytes: {}\n", h.identity_bytes)),
        Encryption::SqlCipher => s.push_str(&format!("keys-bytes: {}\n", h.identity_bytes)),
    }
    s.push_str(&format!(
        "payload-bytes: {}\npayload-sha256: {}\n\n",
        h.payload_bytes, h.payload_sha256
    ));
    s
}

/// Read a backup's header; also the offset where its body starts. Refuses anything that is not
/// a complete format-1 header (the field is `file`).
pub fn read_header(bytes: &[u8]) -> Result<(Header, usize)> {
    let window = &bytes[..bytes.len().min(MAX_HEADER_BYTES)];
    let end = window
        .windows(2)
        .position(|w| w == b"\n\n")
        .ok_or_else(|| not_a_backup("it does not start with a Reflect backup header"))?;
    let text =
        std::str::from_utf8(&window[..end]).map_err(|_| not_a_backup("its header is not text"))?;
    let mut lines = text.split('\n');
    if lines.next() != Some(MAGIC) {
        return Err(not_a_backup("it does not start with \"Reflect backup\""));
    }
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for line in lines {
        let (k, v) = line
            .split_once(": ")
            .ok_or_else(|| not_a_backup("a header line is not \"name: value\""))?;
        if fields.iter().any(|(seen, _)| *seen == k) {
            return Err(not_a_backup(&format!("the header names {k} twice")));
        }
        fields.push((k, v));
    }
    let get = |k: &str| {
        fields
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| *v)
            .ok_or_else(|| not_a_backup(&format!("its header has no {k}")))
    };
    let format = get("format")?;
    let keyed = format == KEYED_FORMAT_VERSION.to_string();
    if format != FORMAT_VERSION.to_string() && !keyed {
        return Err(Error::invalid(
            "file",
            format!(
                "This backup is in format {format}, and this version of Reflect reads formats \
                 {FORMAT_VERSION} and {KEYED_FORMAT_VERSION}: update Reflect to restore it. \
                 Nothing was changed."
            ),
        ));
    }
    let kind = BackupKind::parse(get("kind")?)
        .ok_or_else(|| not_a_backup("its kind is not one Reflect writes"))?;
    let created =
        parse_time(get("created")?).ok_or_else(|| not_a_backup("its time is not a UTC time"))?;
    let schema = number(get("schema")?)?;
    let encryption = match (get("encryption")?, keyed) {
        ("none", false) => Encryption::None,
        ("age", false) => Encryption::Age,
        ("sqlcipher", true) => Encryption::SqlCipher,
        (_, false) => return Err(not_a_backup("its encryption is not none or age")),
        (_, true) => return Err(not_a_backup("a format 2 backup's encryption is sqlcipher")),
    };
    let identity_bytes = match encryption {
        Encryption::None => 0,
        Encryption::Age => usize::try_from(number(get("identity-bytes")?)?)
            .map_err(|_| not_a_backup("its identity size is not a size"))?,
        Encryption::SqlCipher => usize::try_from(number(get("keys-bytes")?)?)
            .map_err(|_| not_a_backup("its key file size is not a size"))?,
    };
    let payload_bytes = usize::try_from(number(get("payload-bytes")?)?)
        .map_err(|_| not_a_backup("its payload size is not a size"))?;
    let payload_sha256 = get("payload-sha256")?.to_string();
    let known = [
        "format",
        "kind",
        "created",
        "schema",
        "encryption",
        "identity-bytes",
        "keys-bytes",
        "payload-bytes",
        "payload-sha256",
    ];
    if let Some((k, _)) = fields.iter().find(|(k, _)| !known.contains(k)) {
        return Err(not_a_backup(&format!(
            "its header has an unknown field {k}"
        )));
    }
    if encryption != Encryption::Age && fields.iter().any(|(k, _)| *k == "identity-bytes") {
        return Err(not_a_backup("only an age backup has an identity"));
    }
    if encryption != Encryption::SqlCipher && fields.iter().any(|(k, _)| *k == "keys-bytes") {
        return Err(not_a_backup("only a format 2 backup has a key file"));
    }
    let header = Header {
        kind,
        created,
        schema,
        encryption,
        identity_bytes,
        payload_bytes,
        payload_sha256,
    };
    Ok((header, end + 2))
}

/// Open a backup from its bytes: the header, the size and SHA-256 of the body, and (when it is
/// encrypted) the passphrase, which unwraps the identity that decrypts the snapshot. A wrong or
/// missing passphrase is refused naming the field `passphrase`; anything else that is wrong
/// names `file`. Never panics, whatever the bytes. The snapshot itself is checked by
/// `Store::verify_backup` (SQLite's integrity check and the schema version).
pub fn inspect(bytes: &[u8], passphrase: Option<&str>) -> Result<Opened> {
    let (header, start) = read_header(bytes)?;
    let body = bytes.get(start..).unwrap_or_default();
    let expected = header.identity_bytes.checked_add(header.payload_bytes);
    if expected != Some(body.len()) {
        return Err(not_a_backup(&format!(
            "it is {} bytes long after its header, and its header says {} (the file is cut short \
             or has something added)",
            body.len(),
            expected.map_or_else(|| "more than can be".to_string(), |n| n.to_string())
        )));
    }
    if header.identity_bytes > MAX_IDENTITY_BYTES {
        return Err(not_a_backup("its wrapped identity is too large"));
    }
    let (identity, payload) = body.split_at(header.identity_bytes);
    if hex(&Sha256::digest(payload)) != header.payload_sha256 {
        return Err(not_a_backup(
            "its contents do not match the checksum in its header (it is damaged)",
        ));
    }
    let database = match header.encryption {
        Encryption::None => payload.to_vec(),
        Encryption::SqlCipher => {
            let (keys, key) = open_keyed(identity, payload, passphrase).map_err(|r| match r {
                keyed::Refused::NotABackup(why) => not_a_backup(why),
                keyed::Refused::WrongPassphrase => wrong_passphrase(),
                keyed::Refused::NoPassphrase => Error::invalid(
                    "passphrase",
                    "This backup is of an encrypted journal: give the journal's passphrase it \
                     was made with, or the recovery code",
                ),
            })?;
            return Ok(Opened {
                header,
                database: payload.to_vec(),
                key: Some(key),
                keys: Some(keys),
            });
        }
        Encryption::Age => {
            let passphrase = passphrase.filter(|p| !p.is_empty()).ok_or_else(|| {
                Error::invalid(
                    "passphrase",
                    "This backup is encrypted: give the backup passphrase it was made with",
                )
            })?;
            let identity = unwrap_identity(identity, passphrase)?;
            age::decrypt(&identity, payload).map_err(|_| {
                not_a_backup("its encrypted snapshot does not decrypt (it is damaged)")
            })?
        }
    };
    Ok(Opened {
        header,
        database,
        key: None,
        keys: None,
    })
}

/// Unwrap the identity a backup carries with its passphrase.
fn unwrap_identity(wrapped: &[u8], passphrase: &str) -> Result<age::x25519::Identity> {
    let mut scrypt = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    scrypt.set_max_work_factor(MAX_WORK_FACTOR);
    let decryptor = age::Decryptor::new(wrapped)
        .map_err(|_| not_a_backup("its wrapped identity is not in the age format"))?;
    if !decryptor.is_scrypt() {
        return Err(not_a_backup(
            "its identity is not wrapped with a passphrase",
        ));
    }
    let mut reader = match decryptor.decrypt(std::iter::once(&scrypt as &dyn age::Identity)) {
        Ok(r) => r,
        Err(age::DecryptError::ExcessiveWork { .. }) => {
            return Err(not_a_backup(
                "its passphrase needs more work to check than Reflect allows",
            ))
        }
        Err(_) => return Err(wrong_passphrase()),
    };
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|_| wrong_passphrase())?;
    text.trim()
        .parse()
        .map_err(|_| not_a_backup("its wrapped identity is not an age identity"))
}

/// Check that `passphrase` unwraps `keys` (before they are replaced, say).
pub fn check_passphrase(keys: &BackupKeys, passphrase: &str) -> Result<()> {
    let identity = unwrap_identity(&keys.wrapped_identity, passphrase)?;
    if identity.to_public().to_string() != keys.recipient {
        return Err(wrong_passphrase());
    }
    Ok(())
}

fn wrong_passphrase() -> Error {
    Error::invalid(
        "passphrase",
        "That passphrase does not open this backup (a backup opens with the passphrase that was \
         set when it was made). Nothing was changed.",
    )
}

fn not_a_backup(why: &str) -> Error {
    Error::invalid(
        "file",
        format!("This is not a Reflect backup that can be restored: {why}. Nothing was changed."),
    )
}

fn crypto_failed(e: &str) -> Error {
    Error::Corrupt(format!("the backup could not be encrypted: {e}"))
}

fn number(s: &str) -> Result<i64> {
    if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_backup("a number in its header is not a number"));
    }
    s.parse()
        .map_err(|_| not_a_backup("a number in its header is not a number"))
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .filter(|t| t.offset().local_minus_utc() == 0)
        .map(|t| t.with_timezone(&Utc))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A backup's file name: `reflect-20261202T021500.123Z-daily.reflectbackup`.
pub fn file_name(kind: BackupKind, created: DateTime<Utc>) -> String {
    format!(
        "reflect-{}-{}.{EXTENSION}",
        created.format("%Y%m%dT%H%M%S%.3fZ"),
        kind.as_str()
    )
}

/// The time and kind a name made by [`file_name`] holds, or `None` for any other name.
pub fn parse_file_name(name: &str) -> Option<(DateTime<Utc>, BackupKind)> {
    let rest = name.strip_prefix("reflect-")?;
    let rest = rest.strip_suffix(&format!(".{EXTENSION}"))?;
    let (stamp, kind) = rest.split_at_checked(20)?;
    let kind = BackupKind::parse(kind.strip_prefix('-')?)?;
    let time = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3fZ").ok()?;
    (file_name(kind, time.and_utc()) == name).then(|| (time.and_utc(), kind))
}

/// Read at most [`MAX_HEADER_BYTES`] from a reader (the start of a file, to list it).
pub fn read_start(mut r: impl Read) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(MAX_HEADER_BYTES);
    r.by_ref()
        .take(MAX_HEADER_BYTES as u64)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// One backup file, as `reflect backup list` and Settings → Backups show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    /// When it was made (UTC, RFC 3339).
    pub created: String,
    #[ts(type = "number")]
    pub size: u64,
    /// daily, weekly (a daily one kept for its week), manual, before-upgrade or before-restore.
    pub kind: BackupKind,
    pub encrypted: bool,
    #[ts(type = "number")]
    pub schema: i64,
}

/// Where backups go and whether they are encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupSettings {
    pub folder: String,
    /// True when `folder` is the default, `backups` in the data folder.
    pub default_folder: bool,
    /// True when a passphrase is set (every new backup is encrypted).
    pub encrypted: bool,
    /// True when the journal itself is encrypted: every backup is then encrypted with the
    /// journal's key (format 2) and opens with its passphrase or recovery code; the backup
    /// passphrase is not used.
    pub journal_encrypted: bool,
}

/// Settings, the newest backup and every backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    pub last: Option<BackupInfo>,
    pub backups: Vec<BackupInfo>,
    /// Why the folder could not be listed, if it could not.
    pub problem: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RestoreOutcome {
    /// The journal written.
    pub journal: String,
    /// Where the journal it replaced was backed up first (with `--replace`).
    pub replaced_backup: Option<String>,
    /// When the restored backup was made.
    pub created: String,
    #[ts(type = "number")]
    pub schema: i64,
    pub encrypted: bool,
}

/// A backup fully checked: its header, and the snapshot SQLite found sound.
#[derive(Debug, Clone)]
pub struct Verified {
    pub header: Header,
    pub database: Vec<u8>,
    /// Format 2: the data key the passphrase (or recovery code) unwrapped, and the key file.
    pub key: Option<DataKey>,
    pub keys: Option<KeyFile>,
}

impl Header {
    /// The time as stored.
    pub fn created_text(&self) -> String {
        self.created.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}
