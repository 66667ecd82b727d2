//! Sharing an appraisal as a pack: what a pack would contain, and importing one (chosen in the
//! open dialog, or opened from outside the app).

use reflect_core::pack::{PackPreview, Purpose};
use reflect_core::sharing::PackImport;
use reflect_core::today;

use crate::files::{ask_open_paths, read_text};
use crate::opened::{Opened, OpenedPack};
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

/// Import the packs opened from outside the app (the file manager, an email client, or a second
/// launch handing its files over), each with the same checks as [`import_pack`]: where each
/// went, or why it was refused with nothing changed. While the journal cannot be used (it is
/// locked, or still opening) they keep waiting, and the error says why.
#[tauri::command]
pub(crate) async fn open_pending_packs(
    journal: tauri::State<'_, Journal>,
    opened: tauri::State<'_, Opened>,
) -> Res<Vec<OpenedPack>> {
    let packs = opened.take();
    if packs.is_empty() {
        return Ok(Vec::new());
    }
    if let Err(e) = journal.with(|_| Ok(())) {
        opened.put_back(packs);
        return Err(e);
    }
    Ok(packs
        .iter()
        .map(|path| {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            let outcome =
                read_text(path).and_then(|text| journal.with(|s| s.import_pack(&text, today())));
            match outcome {
                Ok(imported) => OpenedPack {
                    file_name,
                    imported: Some(imported),
                    error: None,
                },
                Err(error) => OpenedPack {
                    file_name,
                    imported: None,
                    error: Some(error),
                },
            }
        })
        .collect())
}
