//! Values frameworks: read one, import a file chosen with the system dialog, rename a value.

use reflect_core::{Framework, ImportOutcome};
use tauri_plugin_dialog::DialogExt;

use crate::ipc::IpcError;
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn get_framework(
    journal: tauri::State<'_, Journal>,
    id: String,
    revision: Option<u32>,
) -> Res<Framework> {
    journal.with(|s| s.framework(&id, revision))
}

/// Ask for a framework file with the system dialog, then import it. `None`: the user cancelled.
#[tauri::command]
pub(crate) async fn import_framework(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
) -> Res<Option<ImportOutcome>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Import a values framework")
        .add_filter("Framework file (JSON)", &["json"])
        .blocking_pick_file();
    let Some(file) = picked else {
        return Ok(None);
    };
    let path = file
        .into_path()
        .map_err(|e| IpcError::internal(format!("That file cannot be opened: {e}")))?;
    let text = reflect_core::files::read_text_limited(&path, "The framework file")?;
    journal.with(|s| s.import_framework(&text)).map(Some)
}

#[tauri::command]
pub(crate) fn rename_value(
    journal: tauri::State<'_, Journal>,
    framework_id: String,
    value_key: String,
    name: String,
) -> Res<Framework> {
    journal.with(|s| s.rename_value(&framework_id, &value_key, &name))
}
