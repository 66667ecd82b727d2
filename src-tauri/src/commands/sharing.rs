//! Sharing an appraisal as a pack: what a pack would contain, and importing one.

use reflect_core::pack::{PackPreview, Purpose};
use reflect_core::sharing::PackImport;
use reflect_core::today;

use crate::files::{ask_open_paths, read_text};
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn pack_preview(
    journal: tauri::State<'_, Journal>,
    id: String,
    purpose: Purpose,
) -> Res<PackPreview> {
    journal.with(|s| s.pack_preview(&id, purpose, today()))
}

/// Import a pack chosen with the open dialog (any kind: for review, reviewed, agreed).
#[tauri::command]
pub(crate) async fn import_pack(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
) -> Res<Option<PackImport>> {
    let Some(path) = ask_open_paths(&app, "Import an appraisal pack", false)?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let text = read_text(&path)?;
    journal.with(|s| s.import_pack(&text, today())).map(Some)
}
