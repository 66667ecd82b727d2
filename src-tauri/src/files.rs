//! Files the user chooses: the system save and open dialogs (or the environment variables that
//! replace them for scripted use), and reading a chosen file.

use tauri_plugin_dialog::DialogExt;

use crate::ipc::IpcError;
use crate::state::Res;

/// When set, exports are written to this folder under their suggested names without asking (for
/// scripted use and the end-to-end test, which cannot drive the system's save dialog).
pub const EXPORT_DIR_ENV: &str = "REFLECT_EXPORT_DIR";
/// When set, imports read this file or folder without asking (scripted use, end-to-end test).
pub const IMPORT_PATH_ENV: &str = "REFLECT_IMPORT_PATH";

/// Where to save a file: the system save dialog, or `REFLECT_EXPORT_DIR`. `None`: cancelled.
pub(crate) fn ask_save_path(
    app: &tauri::AppHandle,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Res<Option<std::path::PathBuf>> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        return unasked(std::path::PathBuf::from(dir).join(file_name)).map(Some);
    }
    // The system dialog asks before the person picks a file that exists: what it returns may
    // be written over.
    let picked = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter.0, filter.1)
        .blocking_save_file();
    picked
        .map(|f| {
            f.into_path()
                .map_err(|e| IpcError::internal(format!("That location cannot be used: {e}")))
        })
        .transpose()
}

/// A path chosen without a dialog (`REFLECT_EXPORT_DIR`, or a file inside a picked folder): no
/// one was asked about replacing what is there, so an existing file is refused, never replaced.
pub(crate) fn unasked(path: std::path::PathBuf) -> Res<std::path::PathBuf> {
    refuse_unasked(&path)?;
    Ok(path)
}

/// [`unasked`]'s check, for use inside a `Store` call.
pub(crate) fn refuse_unasked(path: &std::path::Path) -> reflect_core::Result<()> {
    reflect_core::files::refuse_existing(
        path,
        "file",
        "no one was asked about replacing it, so it was kept: move it away, or save to another folder",
    )
}

/// Files to import: the system open dialog (files, or a folder), or `REFLECT_IMPORT_PATH`.
pub(crate) fn ask_open_paths(
    app: &tauri::AppHandle,
    title: &str,
    folder: bool,
) -> Res<Vec<std::path::PathBuf>> {
    if let Some(p) = std::env::var_os(IMPORT_PATH_ENV).filter(|d| !d.is_empty()) {
        let p = std::path::PathBuf::from(p);
        return Ok(if p.is_dir() {
            reflect_core::files::pack_files(&p)?
        } else {
            vec![p]
        });
    }
    let dialog = app.dialog().file().set_title(title);
    if folder {
        let Some(dir) = dialog.blocking_pick_folder() else {
            return Ok(Vec::new());
        };
        let dir = dir
            .into_path()
            .map_err(|e| IpcError::internal(format!("That folder cannot be used: {e}")))?;
        return Ok(reflect_core::files::pack_files(&dir)?);
    }
    let picked = dialog
        .add_filter("Appraisal pack", &[reflect_core::pack::PACK_EXTENSION])
        .blocking_pick_files()
        .unwrap_or_default();
    picked
        .into_iter()
        .map(|f| {
            f.into_path()
                .map_err(|e| IpcError::internal(format!("That file cannot be opened: {e}")))
        })
        .collect()
}

/// An archive to import: the system open dialog, or `REFLECT_IMPORT_PATH`. `None`: cancelled.
pub(crate) fn ask_open_archive(app: &tauri::AppHandle) -> Res<Option<std::path::PathBuf>> {
    if let Some(p) = std::env::var_os(IMPORT_PATH_ENV).filter(|d| !d.is_empty()) {
        return Ok(Some(std::path::PathBuf::from(p)));
    }
    let picked = app
        .dialog()
        .file()
        .set_title("Import an archive of your journal")
        .add_filter("Reflect archive", &["zip"])
        .blocking_pick_file();
    picked
        .map(|f| {
            f.into_path()
                .map_err(|e| IpcError::internal(format!("That file cannot be opened: {e}")))
        })
        .transpose()
}

/// Read a chosen file, refusing one over `reflect_core::files::MAX_IMPORT_BYTES` before it is
/// read whole.
pub(crate) fn read_text(path: &std::path::Path) -> Res<String> {
    Ok(reflect_core::files::read_text_limited(path, "The file")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_chosen_without_a_dialog_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let there = dir.path().join("appraisal.pdf");
        std::fs::write(&there, "keep me").unwrap();
        let refused = unasked(there.clone()).unwrap_err();
        assert_eq!(refused.kind, "invalid");
        assert_eq!(refused.field.as_deref(), Some("file"));
        assert!(
            refused.message.contains("appraisal.pdf"),
            "{}",
            refused.message
        );
        assert_eq!(std::fs::read_to_string(&there).unwrap(), "keep me");
        let new = dir.path().join("new.pdf");
        assert_eq!(unasked(new.clone()).unwrap(), new);
    }
}
