//! Backups of the journal: the snapshot (`VACUUM INTO`, one read transaction, so it is consistent
//! while the app and the CLI write), the settings in the `setting` table, the daily backup
//! claimed in one write transaction (so eight processes opening at once make one), listing and
//! pruning the folder. Restoring is in `restore`.

mod restore;
pub(crate) mod write;

use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};

use crate::backup::{
    self, retention, BackupInfo, BackupKind, BackupSettings, BackupStatus, Encryption,
};
use crate::error::{Error, Result};
use crate::store::Store;
use write::{
    info, ready_folder, set_setting, setting, settings, write_backup, TempFile, DAILY_CLAIM,
    FOLDER, IDENTITY, RECIPIENT,
};

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
            header.encryption != Encryption::None,
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

/// Remove Reflect's own temporary files (`.reflect-….part`) older than an hour: what a process
/// killed in the middle of a backup left (never a finished backup: those are renamed into place).
fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(".reflect-") && name.ends_with(".part")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
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
        write_backup(
            &self.conn,
            self.path(),
            BackupKind::Manual,
            now,
            out,
            self.key.as_ref(),
        )
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
        match write_backup(
            &self.conn,
            self.path(),
            BackupKind::Daily,
            now,
            None,
            self.key.as_ref(),
        ) {
            Ok(info) => {
                let folder = settings(&self.conn, self.path(), self.key.as_ref())?.folder;
                prune(Path::new(&folder))?;
                for dir in [
                    Path::new(&folder),
                    self.path().parent().unwrap_or(Path::new(".")),
                ] {
                    remove_stale_parts(dir);
                }
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
        settings(&self.conn, self.path(), self.key.as_ref())
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

    /// The backups in the default backup folder of data folder `dir` (`backups/`), newest
    /// first, read without opening the journal: what the app offers when the journal itself
    /// cannot be opened (missing, emptied, or too damaged to read). A folder chosen elsewhere is
    /// recorded only inside the journal, so its backups are restored by naming the file.
    pub fn backups_in_data_dir(dir: &Path) -> Result<Vec<BackupInfo>> {
        let folder = write::default_folder(&dir.join(crate::store::DB_FILE));
        Ok(list(&folder)?.into_iter().map(|(i, _, _)| i).collect())
    }

    /// Every backup in the backup folder, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        let folder = settings(&self.conn, self.path(), self.key.as_ref())?.folder;
        Ok(list(Path::new(&folder))?
            .into_iter()
            .map(|(i, _, _)| i)
            .collect())
    }

    /// Delete the backups in the backup folder that are not encrypted (Reflect's own files
    /// only: its name pattern and a header that agrees, `encryption: none`): what is left
    /// readable after the journal itself is encrypted. Returns how many were deleted.
    pub fn delete_unencrypted_backups(&self) -> Result<usize> {
        let folder = settings(&self.conn, self.path(), self.key.as_ref())?.folder;
        let mut deleted = 0;
        for (info, header, ours) in list(Path::new(&folder))? {
            if ours
                && header.encryption == Encryption::None
                && std::fs::remove_file(&info.path).is_ok()
            {
                deleted += 1;
            }
        }
        Ok(deleted)
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
