//! Start-up and the profile: what the UI needs first, and who is writing.

use reflect_core::encryption::{journal_kind, JournalKind, DEFAULT_LOCK_MINUTES};
use reflect_core::keys::KeyInfo;
use reflect_core::{Profile, ReflectiveModel, Store};

use crate::ipc::AppState;
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn app_state(journal: tauri::State<'_, Journal>) -> Res<AppState> {
    journal.with(state_of)
}

/// What the UI needs at start-up, from the open journal (also what unlocking gives back).
pub(crate) fn state_of(s: &mut Store) -> reflect_core::Result<AppState> {
    Ok(AppState {
        profile: s.profile()?,
        frameworks: s.list_frameworks()?,
        models: ReflectiveModel::ALL.iter().map(|m| m.info()).collect(),
        database_path: s.path().display().to_string(),
        organisation_area: s.organisation_area()?,
        public_key: if s.profile()?.is_some() {
            match s.public_key() {
                Ok(key) => Some(key),
                // A read-only journal that has no key yet cannot make one: shown as none.
                Err(e) if s.read_only().is_some() && e.kind() == "read_only" => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        },
        read_only: s.read_only().map(str::to_string),
        // The file's first bytes: no keystore lookup, so start-up does not wait for the OS.
        encrypted: journal_kind(s.path())? == JournalKind::Encrypted,
        // A read-only journal from before settings existed still opens: the default then.
        lock_minutes: s.lock_minutes().unwrap_or(DEFAULT_LOCK_MINUTES),
        notifications: s.notifications_on().unwrap_or(true),
    })
}

/// Settings: show reminders that fall due as desktop notifications, or not.
#[tauri::command]
pub(crate) fn set_notifications(journal: tauri::State<'_, Journal>, on: bool) -> Res<()> {
    journal.with(|s| s.set_notifications(on))
}

#[tauri::command]
pub(crate) fn save_profile(journal: tauri::State<'_, Journal>, profile: Profile) -> Res<Profile> {
    journal.with(|s| s.save_profile(&profile))
}

/// This device's public key and its fingerprint, for Settings (the same as `reflect key`).
#[tauri::command]
pub(crate) fn key_info(journal: tauri::State<'_, Journal>) -> Res<KeyInfo> {
    journal.with(|s| s.key_info())
}

/// The UI has painted the journal list for the first time (`rows` rows, `page_ms` after the page
/// began to load): the app-start benchmark's last mark (`bench.rs`; nothing happens without
/// `$REFLECT_BENCH_START`).
#[tauri::command]
pub(crate) fn journal_shown(rows: u32, page_ms: f64) {
    crate::bench::stage(
        "journal shown",
        &format!("{rows} rows, page {page_ms:.1} ms, "),
    );
}

/// The window's zoom (Ctrl+=, Ctrl+- and Ctrl+0 in the UI, which keeps the level): `percent` of
/// the designed size, from 25 to 500 (anything else is brought within that).
#[tauri::command]
pub(crate) fn set_zoom(webview: tauri::Webview, percent: u32) -> Res<()> {
    let factor = f64::from(percent.clamp(25, 500)) / 100.0;
    webview.set_zoom(factor).map_err(|e| {
        crate::ipc::IpcError::internal(format!("Reflect could not zoom the window: {e}"))
    })
}
