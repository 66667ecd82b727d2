//! Settings → Backups: the status (with the time of the last backup), back up now, the folder,
//! the passphrase, and restoring a backup into this journal (the current one is backed up
//! first, the store is closed, the backup restored, and the journal opened again).

use std::path::PathBuf;

use chrono::Utc;
use reflect_core::backup::{BackupInfo, BackupSettings, BackupStatus, RestoreOutcome};
use serde::Serialize;
use ts_rs::TS;

use crate::state::{Journal, Res};

/// What Settings → Backups and the footer show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupsView {
    pub status: BackupStatus,
    /// Why today's automatic backup failed, if it did (the journal is open as usual).
    pub daily_warning: Option<String>,
}

#[tauri::command]
pub(crate) fn backup_status(journal: tauri::State<'_, Journal>) -> Res<BackupsView> {
    // The daily backup is due at most once in 24 hours (claimed in the journal). The footer asks
    // for this once the journal list is on screen, so the first call after opening makes the
    // day's backup; an app left open for days makes it when this is next asked. A failure is
    // kept (a failed backup gives its claim back, so the next call tries again).
    match journal.with(|s| s.daily_backup(Utc::now())) {
        Ok(Some(_)) => journal.set_daily_warning(None),
        Ok(None) => {}
        Err(e) => journal.set_daily_warning(Some(e.message)),
    }
    let status = journal.with(|s| s.backup_status())?;
    Ok(BackupsView {
        status,
        daily_warning: journal.daily_warning(),
    })
}

/// When the journal cannot be opened: the backups in the data folder's own backup folder, read
/// without the journal, so the "cannot open your journal" screen can offer to restore one.
#[tauri::command]
pub(crate) fn rescue_backups() -> Res<Vec<BackupInfo>> {
    let dir = reflect_core::data_dir(None)?;
    Ok(reflect_core::Store::backups_in_data_dir(&dir)?)
}

#[tauri::command]
pub(crate) fn backup_now(journal: tauri::State<'_, Journal>) -> Res<BackupInfo> {
    journal.with(|s| s.backup_now(None, Utc::now()))
}

/// Delete the backups that are not encrypted (what is left readable after the journal is
/// encrypted); how many went.
#[tauri::command]
pub(crate) fn delete_unencrypted_backups(journal: tauri::State<'_, Journal>) -> Res<usize> {
    journal.with(|s| s.delete_unencrypted_backups())
}

/// `None` or an empty folder: the default folder (`backups` in the data folder).
#[tauri::command]
pub(crate) fn set_backup_folder(
    journal: tauri::State<'_, Journal>,
    folder: Option<String>,
) -> Res<BackupSettings> {
    let folder = folder.filter(|f| !f.trim().is_empty()).map(PathBuf::from);
    journal.with(|s| s.set_backup_folder(folder.as_deref()))
}

/// `None` removes the passphrase (later backups are not encrypted).
#[tauri::command]
pub(crate) fn set_backup_passphrase(
    journal: tauri::State<'_, Journal>,
    passphrase: Option<String>,
) -> Res<BackupSettings> {
    journal.with(|s| s.set_backup_passphrase(passphrase.as_deref()))
}

/// Restore `file` into this journal: checked in full first (nothing changes if it is refused),
/// the current journal backed up, then replaced, and opened again.
#[tauri::command]
pub(crate) fn restore_backup(
    journal: tauri::State<'_, Journal>,
    file: String,
    passphrase: Option<String>,
) -> Res<RestoreOutcome> {
    let file = PathBuf::from(file.trim());
    let passphrase = passphrase.filter(|p| !p.is_empty());
    journal.restore(&file, passphrase.as_deref())
}
