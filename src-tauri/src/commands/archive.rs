//! Settings → "Take your journal with you": what an archive holds, saving one where the user
//! chooses, and importing one into an empty journal. The archive is made in the libraries
//! (`reflect_pdf::archive`, `Store::import_archive`); files are chosen and read on the Rust side.

use reflect_core::archive::{ArchiveImported, ArchivePreview, MAX_ARCHIVE_BYTES};
use reflect_core::today;

use crate::files::{ask_open_archive, ask_save_path};
use crate::ipc::SavedArchive;
use crate::state::{Journal, Res};

/// What an archive of this journal would hold (shown before it is saved), and whether this
/// journal could take one.
#[tauri::command]
pub(crate) fn archive_preview(journal: tauri::State<'_, Journal>) -> Res<ArchivePreview> {
    journal.with(|s| reflect_pdf::export::archive_preview(s))
}

/// Ask where to save, then write the whole journal's archive there (0600, atomically).
/// `None`: the user cancelled.
#[tauri::command]
pub(crate) async fn save_archive(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
) -> Res<Option<SavedArchive>> {
    let name = journal.with(|s| {
        let who = s.profile()?.map(|p| p.name).unwrap_or_default();
        Ok(reflect_core::files::file_name(
            &["reflect archive", &who, &today().to_string()],
            "zip",
        ))
    })?;
    let filter = ("Reflect archive", &["zip"][..]);
    let Some(path) = ask_save_path(&app, "Save an archive of your journal", &name, filter)? else {
        return Ok(None);
    };
    let summary = journal.with(|s| reflect_pdf::export::write_archive(s, &path, today()))?;
    Ok(Some(SavedArchive {
        path: path.display().to_string(),
        summary,
    }))
}

/// Ask for an archive, then bring it into this journal (which must be empty). `None`: cancelled.
#[tauri::command]
pub(crate) async fn import_archive(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
) -> Res<Option<ArchiveImported>> {
    let Some(path) = ask_open_archive(&app)? else {
        return Ok(None);
    };
    let bytes = reflect_core::files::read_bytes_limited(&path, "The archive", MAX_ARCHIVE_BYTES)?;
    journal.with(|s| s.import_archive(&bytes)).map(Some)
}
