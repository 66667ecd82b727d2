//! Backups of the journal: the snapshot (`VACUUM INTO`, one read transaction, so it is consistent
//! while the app and the CLI write), the settings in the `setting` table, the daily backup
//! claimed in one write transaction (so eight processes opening at once make one), listing and
//! pruning the folder. Restoring is in `restore`.

mod restore;

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::backup::{
    self, retention, BackupInfo, BackupKeys, BackupKind, BackupSettings, BackupStatus, Encryption,
};
use crate::error::{Error, Result};
use crate::files::{make_dir_private, make_file_private, write_atomically};
use crate::store::Store;

const FOLDER: &str = "backup_folder";
const RECIPIENT: &str = "backup_recipient";
const IDENTITY: &str = "backup_identity";
const DAILY_CLAIM: &str = "backup_daily_claim";

/// The folder name of the default backup folder, inside the data folder.
pub const DEFAULT_FOLDER: &str = "backups";

/// A setting, or `None` when it is unset or the journal predates the `setting` table.
fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'setting')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn set_setting(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, v],
        )?,
        None => conn.execute("DELETE FROM setting WHERE key = ?1", [key])?,
    };
    Ok(())
}

/// `backups` beside the journal.
fn default_folder(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(DEFAULT_FOLDER)
}

fn settings(conn: &Connection, db: &Path) -> Result<BackupSettings> {
    let chosen = setting(conn, FOLDER)?;
    let folder = chosen
        .clone()
        .map_or_else(|| default_folder(db), PathBuf::from);
    Ok(BackupSettings {
        folder: folder.to_string_lossy().into_owned(),
        default_folder: chosen.is_none(),
        encrypted: keys(conn)?.is_some(),
    })
}

fn keys(conn: &Connection) -> Result<Option<BackupKeys>> {
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
fn snapshot(conn: &Connection, db: &Path) -> Result<(Vec<u8>, i64)> {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = TempFile::create(dir, "snapshot")?;
    conn.execute("VACUUM INTO ?1", [temp.0.to_string_lossy()])?;
    let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let bytes = std::fs::read(&temp.0).map_err(|source| Error::Io {
        action: "read the snapshot",
        path: temp.0.clone(),
        source,
    })?;
    Ok((bytes, schema))
}

/// Make the backup folder if it is missing (0700); the default folder is kept 0700.
fn ready_folder(folder: &Path, default: bool) -> Result<()> {
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
) -> Result<BackupInfo> {
    let settings = settings(conn, db)?;
    let keys = keys(conn)?;
    let (database, schema) = snapshot(conn, db)?;
    let bytes = backup::seal(&database, kind, now, schema, keys.as_ref())?;
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
    Ok(info(&path, &bytes, kind, now, schema, keys.is_some()))
}

/// The backup before a migration: to the chosen folder, or the default one if that fails (a
/// folder on another device, say). Never pruned.
pub(crate) fn before_upgrade(conn: &Connection, db: &Path) -> Result<PathBuf> {
    let now = Utc::now();
    let info = match write_backup(conn, db, BackupKind::BeforeUpgrade, now, None) {
        Ok(info) => info,
        Err(_) if setting(conn, FOLDER)?.is_some() => {
            let out = free_name(&default_folder(db), BackupKind::BeforeUpgrade, now);
            ready_folder(&default_folder(db), true)?;
            write_backup(conn, db, BackupKind::BeforeUpgrade, now, Some(&out))?
        }
        Err(e) => return Err(e),
    };
    Ok(PathBuf::from(info.path))
}

/// A name in `folder` no file has: the time moves on a millisecond until one is free.
fn free_name(folder: &Path, kind: BackupKind, now: DateTime<Utc>) -> PathBuf {
    let mut t = now;
    loop {
        let p = folder.join(backup::file_name(kind, t));
        if !p.exists() {
            return p;
        }
        t += Duration::milliseconds(1);
    }
}

fn info(
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

/// Every Reflect backup in `folder` (files whose header reads), newest first, with each daily
/// backup that retention keeps for its week shown as weekly.
pub(crate) fn list(folder: &Path) -> Result<Vec<(BackupInfo, backup::Header, bool)>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                action: "list the backup folder",
                path: folder.to_path_buf(),
                source,
            })
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some(backup::EXTENSION) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let Ok(start) = std::fs::File::open(&path).and_then(backup::read_start) else {
            continue;
        };
        let Ok((header, _)) = backup::read_header(&start) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        // Made by Reflect: its own name, and the name agrees with the header.
        let ours = backup::parse_file_name(&name) == Some((header.created, header.kind));
        let mut i = info(
            &path,
            &[],
            header.kind,
            header.created,
            header.schema,
            header.encryption == Encryption::Age,
        );
        i.size = meta.len();
        out.push((i, header, ours));
    }
    out.sort_by(|a, b| b.1.created.cmp(&a.1.created).then(a.0.path.cmp(&b.0.path)));
    let daily: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].2 && out[i].1.kind == BackupKind::Daily)
        .collect();
    let times: Vec<DateTime<Utc>> = daily.iter().map(|&i| out[i].1.created).collect();
    for (&i, keep) in daily.iter().zip(retention::plan(&times)) {
        if keep == retention::Keep::Weekly {
            out[i].0.kind = BackupKind::Weekly;
        }
    }
    Ok(out)
}

/// Delete the daily backups retention does not keep. Only files Reflect made: its own name, a
/// Reflect header that agrees with it, of kind daily. Returns how many were deleted.
fn prune(folder: &Path) -> Result<usize> {
    let all = list(folder)?;
    let daily: Vec<&(BackupInfo, backup::Header, bool)> = all
        .iter()
        .filter(|(_, h, ours)| *ours && h.kind == BackupKind::Daily)
        .collect();
    let times: Vec<DateTime<Utc>> = daily.iter().map(|(_, h, _)| h.created).collect();
    let mut deleted = 0;
    for ((i, _, _), keep) in daily.iter().zip(retention::plan(&times)) {
        if keep == retention::Keep::Prune && std::fs::remove_file(&i.path).is_ok() {
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Whether a daily backup is due, given when the last one was claimed: 24 hours or more ago
/// (or never, or a claim in the future: a clock that was wrong).
fn daily_due(claimed: Option<&str>, now: DateTime<Utc>) -> bool {
    let Some(last) = claimed.and_then(|t| DateTime::parse_from_rfc3339(t).ok()) else {
        return true;
    };
    let age = now.signed_duration_since(last);
    age < Duration::zero() || age >= Duration::hours(24)
}

impl Store {
    /// Back the journal up now (a manual backup) to the backup folder, or to `out`. Works on a
    /// read-only journal too. Nothing is pruned.
    pub fn backup_now(&self, out: Option<&Path>, now: DateTime<Utc>) -> Result<BackupInfo> {
        write_backup(&self.conn, self.path(), BackupKind::Manual, now, out)
    }

    /// The daily backup: made when the last one was claimed 24 hours or more before `now`
    /// (`None` when it is not due, the journal is read-only, or nothing is set up yet). The
    /// claim is one write transaction, so of many processes opening at once exactly one backs
    /// up. A failed backup gives the claim back (the next open tries again) and is returned for
    /// the caller to report as a warning; the journal stays open.
    pub fn daily_backup(&mut self, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        if self.read_only().is_some() || crate::storage::profile::profile(&self.conn)?.is_none() {
            return Ok(None);
        }
        // Read first, so an ordinary open takes no write lock; then claim, checking again inside
        // the write transaction (another process may have claimed it in between).
        if !daily_due(setting(&self.conn, DAILY_CLAIM)?.as_deref(), now) {
            return Ok(None);
        }
        let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let claim = self.write(|tx| {
            let previous = setting(tx, DAILY_CLAIM)?;
            if !daily_due(previous.as_deref(), now) {
                return Ok(None);
            }
            set_setting(tx, DAILY_CLAIM, Some(&stamp))?;
            Ok(Some(previous))
        })?;
        let Some(previous) = claim else {
            return Ok(None);
        };
        match write_backup(&self.conn, self.path(), BackupKind::Daily, now, None) {
            Ok(info) => {
                let folder = settings(&self.conn, self.path())?.folder;
                prune(Path::new(&folder))?;
                Ok(Some(info))
            }
            Err(e) => {
                let _ = self.write(|tx| set_setting(tx, DAILY_CLAIM, previous.as_deref()));
                Err(e)
            }
        }
    }

    /// Where backups go, and whether they are encrypted.
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        settings(&self.conn, self.path())
    }

    /// Choose the backup folder (`None`: the default, `backups` in the data folder). It must be
    /// an absolute path; it is made if missing and must take a file (field `folder`).
    pub fn set_backup_folder(&mut self, folder: Option<&Path>) -> Result<BackupSettings> {
        let value = match folder {
            None => None,
            Some(f) => {
                let text = f.to_str().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
                    Error::invalid("folder", "Give the folder as a full path in plain text")
                })?;
                if !f.is_absolute() {
                    return Err(Error::invalid(
                        "folder",
                        format!("Give the backup folder as a full path (\"{text}\" is relative)"),
                    ));
                }
                ready_folder(f, false).map_err(|e| Error::invalid("folder", e.to_string()))?;
                let probe = TempFile::create(f, "probe").map_err(|e| {
                    Error::invalid("folder", format!("Reflect cannot write there: {e}"))
                })?;
                drop(probe);
                Some(text.to_string())
            }
        };
        self.write(|tx| set_setting(tx, FOLDER, value.as_deref()))?;
        self.backup_settings()
    }

    /// Set the backup passphrase (`None` removes it: later backups are not encrypted). Setting
    /// or changing it makes a new age identity, so a backup made before opens only with the
    /// passphrase it was made with, and one made after only with the new one.
    pub fn set_backup_passphrase(&mut self, passphrase: Option<&str>) -> Result<BackupSettings> {
        let keys = passphrase.map(backup::make_keys).transpose()?;
        self.write(|tx| {
            set_setting(tx, RECIPIENT, keys.as_ref().map(|k| k.recipient.as_str()))?;
            let wrapped = keys.as_ref().map(|k| B64.encode(&k.wrapped_identity));
            set_setting(tx, IDENTITY, wrapped.as_deref())
        })?;
        self.backup_settings()
    }

    /// Every backup in the backup folder, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        let folder = settings(&self.conn, self.path())?.folder;
        Ok(list(Path::new(&folder))?
            .into_iter()
            .map(|(i, _, _)| i)
            .collect())
    }

    /// Settings, the newest backup and the list (a folder that cannot be listed is a
    /// `problem`, not an error, so Settings still shows).
    pub fn backup_status(&self) -> Result<BackupStatus> {
        let settings = self.backup_settings()?;
        let (backups, problem) = match list(Path::new(&settings.folder)) {
            Ok(l) => (l.into_iter().map(|(i, _, _)| i).collect(), None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        Ok(BackupStatus {
            settings,
            last: backups.first().cloned(),
            backups,
            problem,
        })
    }
}
