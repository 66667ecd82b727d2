//! Writing a backup: the settings it needs, the snapshot (`VACUUM INTO`, one read transaction),
//! sealing and the atomic, private write. Used by the `Store` methods and by the store itself
//! before a migration (so this module does not depend on the `Store`).

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use crate::backup::{self, BackupInfo, BackupKeys, BackupKind, BackupSettings};
use crate::encryption::{DataKey, KeyFile};
use crate::error::{Error, Result};
use crate::files::{make_dir_private, make_file_private, write_atomically};
pub(crate) use crate::storage::settings::{set_setting, setting};

pub(crate) const FOLDER: &str = "backup_folder";
pub(crate) const RECIPIENT: &str = "backup_recipient";
pub(crate) const IDENTITY: &str = "backup_identity";
pub(crate) const DAILY_CLAIM: &str = "backup_daily_claim";

/// The folder name of the default backup folder, inside the data folder.
pub const DEFAULT_FOLDER: &str = "backups";

/// `backups` beside the journal.
pub(crate) fn default_folder(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(DEFAULT_FOLDER)
}

pub(crate) fn settings(
    conn: &Connection,
    db: &Path,
    key: Option<&DataKey>,
) -> Result<BackupSettings> {
    let chosen = setting(conn, FOLDER)?;
    let folder = chosen
        .clone()
        .map_or_else(|| default_folder(db), PathBuf::from);
    Ok(BackupSettings {
        folder: folder.to_string_lossy().into_owned(),
        default_folder: chosen.is_none(),
        encrypted: key.is_some() || keys(conn)?.is_some(),
        journal_encrypted: key.is_some(),
    })
}

pub(crate) fn keys(conn: &Connection) -> Result<Option<BackupKeys>> {
    let (Some(recipient), Some(identity)) = (setting(conn, RECIPIENT)?, setting(conn, IDENTITY)?)
    else {
        return Ok(None);
    };
    let wrapped_identity = B64
        .decode(identity)
        .map_err(|_| Error::Corrupt("the stored backup identity is not base64".into()))?;
    Ok(Some(BackupKeys {
        recipient,
        wrapped_identity,
    }))
}

/// A temporary file that is removed (with any `-wal`/`-shm`/`-journal` beside it) when dropped.
pub(crate) struct TempFile(pub(crate) PathBuf);

impl TempFile {
    /// A new, empty, private file in `dir`.
    pub(crate) fn create(dir: &Path, what: &str) -> Result<TempFile> {
        let path = dir.join(format!(".reflect-{what}-{}.part", uuid::Uuid::now_v7()));
        write_atomically(&path, b"")?;
        Ok(TempFile(path))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = self.0.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}

/// A consistent snapshot of the journal's bytes: `VACUUM INTO` a private temporary file next to
/// the journal (one read transaction: writers carry on, and the copy is the journal as of one
/// moment), read back, then removed.
fn snapshot(conn: &Connection, db: &Path, key: Option<&DataKey>) -> Result<(Vec<u8>, i64)> {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Beside the journal (same disk, private folder); where that folder cannot take a file (a
    // read-only journal), the system's temporary folder.
    let temp = TempFile::create(dir, "snapshot")
        .or_else(|_| TempFile::create(&std::env::temp_dir(), "snapshot"))?;
    if let Some(key) = key {
        let schema = encrypted_snapshot(conn, &temp.0, key)?;
        let bytes = std::fs::read(&temp.0).map_err(|source| Error::Io {
            action: "read the snapshot",
            path: temp.0.clone(),
            source,
        })?;
        return Ok((bytes, schema));
    }
    conn.execute("VACUUM INTO ?1", [temp.0.to_string_lossy()])?;
    let bytes = std::fs::read(&temp.0).map_err(|source| Error::Io {
        action: "read the snapshot",
        path: temp.0.clone(),
        source,
    })?;
    // The schema version of the snapshot itself: the user_version in its header (bytes 60..64,
    // big-endian), so it is the copy's, whatever another process does meanwhile.
    let schema = bytes
        .get(60..64)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(i32::from_be_bytes)
        .ok_or_else(|| Error::Corrupt("the snapshot is shorter than a database header".into()))?;
    Ok((bytes, i64::from(schema)))
}

/// An encrypted journal's snapshot, never a plain page on disk: `sqlcipher_export` into `temp`
/// attached with the journal's own key, salt and cipher settings (`VACUUM INTO` would write
/// SQLCipher's default settings), in one read transaction so the copy is one moment of the
/// journal while the app and the CLI write. Returns the snapshot's schema version.
fn encrypted_snapshot(conn: &Connection, temp: &Path, key: &DataKey) -> Result<i64> {
    use crate::storage::encryption::open::cipher_settings;
    conn.execute(
        "ATTACH DATABASE ?1 AS snapshot KEY ?2",
        rusqlite::params![temp.to_string_lossy(), key.sql_key().as_str()],
    )?;
    let result = (|| {
        conn.execute_batch(&cipher_settings("snapshot"))?;
        conn.execute_batch("BEGIN;")?;
        let copied = (|| {
            let schema = crate::migrate::schema_version(conn)?;
            conn.query_row("SELECT sqlcipher_export('snapshot')", [], |_| Ok(()))?;
            conn.execute_batch(&format!("PRAGMA snapshot.user_version = {schema};"))?;
            Ok::<i64, Error>(schema)
        })();
        match copied {
            Ok(schema) => {
                conn.execute_batch("COMMIT;")?;
                Ok(schema)
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK;");
                Err(e)
            }
        }
    })();
    conn.execute_batch("DETACH DATABASE snapshot;")?;
    result
}

/// Make the backup folder if it is missing (0700); the default folder is kept 0700.
pub(crate) fn ready_folder(folder: &Path, default: bool) -> Result<()> {
    if !folder.is_dir() {
        std::fs::create_dir_all(folder).map_err(|source| Error::Io {
            action: "create the backup folder",
            path: folder.to_path_buf(),
            source,
        })?;
        let _ = make_dir_private(folder);
    } else if default {
        let _ = make_dir_private(folder);
    }
    Ok(())
}

/// Back the journal up: a snapshot sealed (encrypted when a passphrase is set) and written
/// atomically (0600) to `out`, or to the backup folder under its own name.
pub(crate) fn write_backup(
    conn: &Connection,
    db: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
    out: Option<&Path>,
    key: Option<&DataKey>,
) -> Result<BackupInfo> {
    let settings = settings(conn, db, key)?;
    let keys = keys(conn)?;
    let (database, schema) = snapshot(conn, db, key)?;
    let bytes = match key {
        Some(key) => backup::seal_keyed(&database, kind, now, schema, &backup_keys(db, key)?)?,
        None => backup::seal(&database, kind, now, schema, keys.as_ref())?,
    };
    let path = match out {
        Some(p) => p.to_path_buf(),
        None => {
            let folder = PathBuf::from(&settings.folder);
            ready_folder(&folder, settings.default_folder)?;
            free_name(&folder, kind, now)
        }
    };
    write_atomically(&path, &bytes)?;
    make_file_private(&path).map_err(|source| Error::Io {
        action: "make private",
        path: path.clone(),
        source,
    })?;
    Ok(info(&path, &bytes, kind, now, schema, settings.encrypted))
}

/// The key file a backup of an encrypted journal carries: the journal's, with only the entry
/// for the current key (wrapped with the passphrase and to the recovery code) and no keystore.
fn backup_keys(db: &Path, key: &DataKey) -> Result<KeyFile> {
    let mut keys = KeyFile::read(db)?.ok_or_else(|| {
        Error::Corrupt("the journal is encrypted and its key file is missing".into())
    })?;
    let entry = keys
        .entry(&key.salt_hex())
        .cloned()
        .ok_or_else(|| Error::Corrupt("the key file has no entry for the journal's key".into()))?;
    keys.keys = vec![entry];
    keys.keystore = false;
    Ok(keys)
}

/// The backup before a migration: to the chosen folder, or the default one if that fails (a
/// folder on another device, say). Never pruned.
pub(crate) fn before_upgrade(
    conn: &Connection,
    db: &Path,
    key: Option<&crate::encryption::DataKey>,
) -> Result<PathBuf> {
    let now = Utc::now();
    let info = match write_backup(conn, db, BackupKind::BeforeUpgrade, now, None, key) {
        Ok(info) => info,
        Err(_) if setting(conn, FOLDER)?.is_some() => {
            let out = free_name(&default_folder(db), BackupKind::BeforeUpgrade, now);
            ready_folder(&default_folder(db), true)?;
            write_backup(conn, db, BackupKind::BeforeUpgrade, now, Some(&out), key)?
        }
        Err(e) => return Err(e),
    };
    Ok(PathBuf::from(info.path))
}

/// A name in `folder` no file has: the time moves on a millisecond until one is free.
pub(crate) fn free_name(folder: &Path, kind: BackupKind, now: DateTime<Utc>) -> PathBuf {
    let mut t = now;
    loop {
        let p = folder.join(backup::file_name(kind, t));
        if !p.exists() {
            return p;
        }
        t += Duration::milliseconds(1);
    }
}

pub(crate) fn info(
    path: &Path,
    bytes: &[u8],
    kind: BackupKind,
    created: DateTime<Utc>,
    schema: i64,
    encrypted: bool,
) -> BackupInfo {
    BackupInfo {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_string_lossy().into_owned(),
        created: created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        size: bytes.len() as u64,
        kind,
        encrypted,
        schema,
    }
}
