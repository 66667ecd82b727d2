//! Every export: PDFs, packs and the HR CSV, made in core and saved where the user chooses.

use reflect_core::hr::HrFilter;
use reflect_core::pack::Purpose;
use reflect_core::today;
use tauri_plugin_dialog::DialogExt;

use crate::files::{ask_save_path, refuse_unasked, unasked, EXPORT_DIR_ENV};
use crate::ipc::{ExportOutcome, IpcError, SavedFile};
use crate::state::{Journal, Res};

/// Ask where to save (or use `REFLECT_EXPORT_DIR`), then write the PDF there atomically.
/// `None`: the user cancelled.
fn save_pdf(
    app: &tauri::AppHandle,
    rendered: reflect_pdf::Rendered,
    title: &str,
    file_name: &str,
) -> Res<Option<ExportOutcome>> {
    let path = match std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        Some(dir) => unasked(std::path::PathBuf::from(dir).join(file_name))?,
        // The system dialog asks before a file that exists is chosen.
        None => {
            let picked = app
                .dialog()
                .file()
                .set_title(title)
                .set_file_name(file_name)
                .add_filter("PDF document", &["pdf"])
                .blocking_save_file();
            let Some(file) = picked else {
                return Ok(None);
            };
            file.into_path()
                .map_err(|e| IpcError::internal(format!("That location cannot be used: {e}")))?
        }
    };
    reflect_core::files::write_atomically(&path, &rendered.bytes)?;
    Ok(Some(ExportOutcome {
        path: path.display().to_string(),
        pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
        replaced: u32::try_from(rendered.replaced).unwrap_or(u32::MAX),
    }))
}

/// Any PDF of reflect-pdf's registry (`reflect_pdf::export::Document`), saved where the user
/// chooses under the name the registry suggests.
#[tauri::command]
pub(crate) async fn export_pdf(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    document: reflect_pdf::export::Document,
) -> Res<Option<ExportOutcome>> {
    let exported = journal.with(|s| document.export(s, today()))?;
    save_pdf(
        &app,
        exported.rendered,
        &format!("Save the {}", exported.what),
        &exported.file_name,
    )
}

/// What the privacy check finds in the text a PDF will print, shown before it is exported (the
/// export is never blocked by them).
#[tauri::command]
pub(crate) fn pdf_findings(
    journal: tauri::State<'_, Journal>,
    document: reflect_pdf::export::Document,
) -> Res<Vec<reflect_core::pack::PackFinding>> {
    journal.with(|s| document.findings(s, today()))
}

/// Ask where to save a sealed pack, then write it atomically. `None`: cancelled.
fn save_pack(
    app: &tauri::AppHandle,
    sealed: reflect_core::sharing::SealedPack,
    title: &str,
    what: &str,
) -> Res<Option<SavedFile>> {
    let filter = ("Appraisal pack", &[reflect_core::pack::PACK_EXTENSION][..]);
    let Some(path) = ask_save_path(app, title, &sealed.file_name, filter)? else {
        return Ok(None);
    };
    reflect_core::files::write_atomically(&path, sealed.text.as_bytes())?;
    Ok(Some(SavedFile {
        message: format!("Saved the {what} to {}", path.display()),
        path: path.display().to_string(),
    }))
}

/// Sign a pack of my appraisal (every privacy finding acknowledged) and save it where I choose.
#[tauri::command]
pub(crate) async fn export_pack(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    id: String,
    purpose: Purpose,
    acknowledged: Vec<String>,
) -> Res<Option<SavedFile>> {
    let sealed = journal.with(|s| s.export_pack(&id, purpose, &acknowledged, today()))?;
    save_pack(&app, sealed, "Save the appraisal pack", "signed pack")
}

#[tauri::command]
pub(crate) async fn export_reviewed_pack(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    id: String,
) -> Res<Option<SavedFile>> {
    let sealed = journal.with(|s| s.export_reviewed_pack(&id))?;
    save_pack(&app, sealed, "Save the reviewed pack", "reviewed pack")
}

#[tauri::command]
pub(crate) async fn export_hr_csv(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    filter: HrFilter,
) -> Res<Option<SavedFile>> {
    let csv = journal.with(|s| s.hr_csv(&filter))?;
    let Some(path) = ask_save_path(
        &app,
        "Save the HR export",
        &reflect_core::hr::csv_file_name(&filter),
        ("CSV", &["csv"]),
    )?
    else {
        return Ok(None);
    };
    reflect_core::files::write_atomically(&path, csv.as_bytes())?;
    Ok(Some(SavedFile {
        message: format!(
            "Saved {} rows to {}",
            csv.lines().count().saturating_sub(1),
            path.display()
        ),
        path: path.display().to_string(),
    }))
}

/// HR: every imported appraisal (or one team's) as a PDF, into a folder the user picks.
#[tauri::command]
pub(crate) async fn export_hr_pdfs(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    filter: HrFilter,
) -> Res<Option<SavedFile>> {
    let dir = match std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            let Some(d) = app
                .dialog()
                .file()
                .set_title("Choose a folder for the appraisal PDFs")
                .blocking_pick_folder()
            else {
                return Ok(None);
            };
            d.into_path()
                .map_err(|e| IpcError::internal(format!("That folder cannot be used: {e}")))?
        }
    };
    // A folder picker asks nothing about the files inside: every PDF's name is checked first,
    // and one already there stops the export before anything is written.
    let written = journal.with(|s| {
        for (_, _, name) in s.hr_appraisals(&filter)? {
            refuse_unasked(&dir.join(name))?;
        }
        reflect_pdf::export::hr_appraisal_pdfs(s, &filter, &dir, today())
    })?;
    Ok(Some(SavedFile {
        message: format!("Saved {written} appraisal PDFs to {}", dir.display()),
        path: dir.display().to_string(),
    }))
}
