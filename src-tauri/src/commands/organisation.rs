//! The Organisation (HR) area: switching it on, importing agreed packs, the summary.

use reflect_core::hr::{HrBatch, HrFilter, HrSummary};
use reflect_core::today;

use crate::files::ask_open_paths;
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn set_organisation_area(journal: tauri::State<'_, Journal>, on: bool) -> Res<()> {
    journal.with(|s| s.set_organisation_area(on))
}

/// HR: import agreed packs (files, or every pack in a folder).
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
