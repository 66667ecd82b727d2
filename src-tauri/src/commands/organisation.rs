//! The Organisation (HR) area: switching it on, importing agreed packs, the summary, the held
//! packs and the keys HR trusts.

use reflect_core::hr::{HrBatch, HrFilter, HrHeld, HrKey, HrSummary, HrTrust};
use reflect_core::today;

use crate::files::{ask_open_paths, ask_save_path};
use crate::ipc::SavedFile;
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn set_organisation_area(journal: tauri::State<'_, Journal>, on: bool) -> Res<()> {
    journal.with(|s| s.set_organisation_area(on))
}

/// HR: import agreed packs (files, or every pack in a folder): each file's outcome.
#[tauri::command]
pub(crate) async fn hr_import(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    folder: bool,
) -> Res<Option<HrBatch>> {
    let paths = ask_open_paths(&app, "Import agreed appraisal packs", folder)?;
    if paths.is_empty() {
        return Ok(None);
    }
    journal
        .with(|s| s.hr_import_files(&paths, &mut |_, _| {}))
        .map(Some)
}

#[tauri::command]
pub(crate) fn hr_summary(journal: tauri::State<'_, Journal>, filter: HrFilter) -> Res<HrSummary> {
    journal.with(|s| s.hr_summary(&filter, today()))
}

/// Set HR's suppression threshold (2 to 10): the summary as it is now shows it, in
/// `suppress_below`. Anything else is refused, naming `threshold`, and nothing changes.
#[tauri::command]
pub(crate) fn set_hr_threshold(
    journal: tauri::State<'_, Journal>,
    threshold: u32,
    filter: HrFilter,
) -> Res<HrSummary> {
    journal.with(|s| {
        s.set_hr_threshold(threshold)?;
        s.hr_summary(&filter, today())
    })
}

/// Save the summary's counts as a CSV (the same disclosure control; the threshold on every row).
#[tauri::command]
pub(crate) async fn export_hr_summary_csv(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    filter: HrFilter,
) -> Res<Option<SavedFile>> {
    let csv = journal.with(|s| s.hr_summary_csv(&filter, today()))?;
    let Some(path) = ask_save_path(
        &app,
        "Save the summary's counts",
        &reflect_core::hr::summary_csv_file_name(&filter),
        ("CSV", &["csv"]),
    )?
    else {
        return Ok(None);
    };
    reflect_core::files::write_atomically(&path, csv.as_bytes())?;
    Ok(Some(SavedFile {
        message: format!("Saved the summary's counts to {}", path.display()),
        path: path.display().to_string(),
    }))
}

/// The agreed packs HR holds, with the reason and both keys' fingerprints.
#[tauri::command]
pub(crate) fn hr_held(journal: tauri::State<'_, Journal>) -> Res<Vec<HrHeld>> {
    journal.with(|s| s.hr_held())
}

/// The keys HR trusts.
#[tauri::command]
pub(crate) fn hr_keys(journal: tauri::State<'_, Journal>) -> Res<Vec<HrKey>> {
    journal.with(|s| s.hr_keys())
}

/// Trust a key after comparing its fingerprint with its owner's; held packs now trusted are added.
#[tauri::command]
pub(crate) fn hr_trust_key(
    journal: tauri::State<'_, Journal>,
    key: String,
    name: String,
    employee_number: Option<String>,
) -> Res<HrTrust> {
    journal.with(|s| s.hr_trust_key(&key, &name, employee_number.as_deref()))
}

#[tauri::command]
pub(crate) fn hr_untrust_key(journal: tauri::State<'_, Journal>, key: String) -> Res<bool> {
    journal.with(|s| s.hr_untrust_key(&key))
}

/// HR's decision not to add a held pack: it leaves the held list.
#[tauri::command]
pub(crate) fn hr_discard_held(journal: tauri::State<'_, Journal>, id: i64) -> Res<()> {
    journal.with(|s| s.hr_discard_held(id))
}
