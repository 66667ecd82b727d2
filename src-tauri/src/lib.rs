//! The Reflect desktop app: Tauri commands, each a thin call into `reflect-core`.
//! The UI reaches only these commands (see capabilities/default.json); it has no file-system,
//! shell or SQL access. Files (framework import) are chosen and read here, on the Rust side.

pub mod ipc;

use std::sync::Mutex;

use reflect_core::appraisal::{
    Action, Appraisal, AppraisalContent, AppraisalSummary, NewAppraisal, Reminder, Role,
};
use reflect_core::hr::{HrBatch, HrFilter, HrSummary};
use reflect_core::pack::{PackPreview, Purpose};
use reflect_core::revalidation::{
    Confirmation, ConfirmationInput, Discussion, DiscussionInput, Feedback, FeedbackInput,
    Revalidation,
};
use reflect_core::storage::sharing::{PackImport, TeamReviewSummary};
use reflect_core::{
    today, Draft, Framework, ImportOutcome, Overview, Profile, Reflection, ReflectionInput,
    ReflectionQuery, ReflectionSummary, ReflectiveModel, RevisionEntry, Store,
};
use tauri::Manager;
use tauri_plugin_dialog::DialogExt;

pub use ipc::{AppState, ExportOutcome, IpcError, SavedFile};

/// When set, exports are written to this folder under their suggested names without asking (for
/// scripted use and the end-to-end test, which cannot drive the system's save dialog).
pub const EXPORT_DIR_ENV: &str = "REFLECT_EXPORT_DIR";
/// When set, imports read this file or folder without asking (scripted use, end-to-end test).
pub const IMPORT_PATH_ENV: &str = "REFLECT_IMPORT_PATH";

type Res<T> = Result<T, IpcError>;

/// The open journal, or why it could not be opened (shown by the UI instead of the journal).
pub struct Journal(Mutex<Result<Store, IpcError>>);

impl Journal {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> reflect_core::Result<T>) -> Res<T> {
        let mut guard = self.0.lock().map_err(|_| {
            IpcError::internal("An earlier action failed part-way; restart Reflect")
        })?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(IpcError::from),
            Err(e) => Err(e.clone()),
        }
    }
}

#[tauri::command]
fn app_state(journal: tauri::State<'_, Journal>) -> Res<AppState> {
    journal.with(|s| {
        Ok(AppState {
            profile: s.profile()?,
            frameworks: s.list_frameworks()?,
            models: ReflectiveModel::ALL.iter().map(|m| m.info()).collect(),
            database_path: s.path().display().to_string(),
            organisation_area: s.organisation_area()?,
            public_key: if s.profile()?.is_some() {
                Some(s.public_key()?)
            } else {
                None
            },
        })
    })
}

#[tauri::command]
fn save_profile(journal: tauri::State<'_, Journal>, profile: Profile) -> Res<Profile> {
    journal.with(|s| s.save_profile(&profile))
}

#[tauri::command]
fn get_framework(
    journal: tauri::State<'_, Journal>,
    id: String,
    revision: Option<u32>,
) -> Res<Framework> {
    journal.with(|s| s.framework(&id, revision))
}

/// Ask for a framework file with the system dialog, then import it. `None`: the user cancelled.
#[tauri::command]
async fn import_framework(
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
    let text = std::fs::read_to_string(&path).map_err(|source| {
        IpcError::from(reflect_core::Error::Io {
            action: "read",
            path: path.clone(),
            source,
        })
    })?;
    journal.with(|s| s.import_framework(&text)).map(Some)
}

#[tauri::command]
fn rename_value(
    journal: tauri::State<'_, Journal>,
    framework_id: String,
    value_key: String,
    name: String,
) -> Res<Framework> {
    journal.with(|s| s.rename_value(&framework_id, &value_key, &name))
}

#[tauri::command]
fn save_reflection(journal: tauri::State<'_, Journal>, input: ReflectionInput) -> Res<Reflection> {
    journal.with(|s| s.save_reflection(&input))
}

#[tauri::command]
fn get_reflection(journal: tauri::State<'_, Journal>, id: String) -> Res<Reflection> {
    journal.with(|s| s.reflection(&id))
}

#[tauri::command]
fn list_reflections(
    journal: tauri::State<'_, Journal>,
    query: ReflectionQuery,
) -> Res<Vec<ReflectionSummary>> {
    journal.with(|s| s.list_reflections(&query))
}

#[tauri::command]
fn delete_reflection(journal: tauri::State<'_, Journal>, id: String) -> Res<Reflection> {
    journal.with(|s| s.delete_reflection(&id))
}

#[tauri::command]
fn restore_reflection(journal: tauri::State<'_, Journal>, id: String) -> Res<Reflection> {
    journal.with(|s| s.restore_reflection(&id))
}

#[tauri::command]
fn reflection_history(journal: tauri::State<'_, Journal>, id: String) -> Res<Vec<RevisionEntry>> {
    journal.with(|s| s.revisions(&id))
}

#[tauri::command]
fn overview(journal: tauri::State<'_, Journal>) -> Res<Overview> {
    journal.with(|s| s.overview())
}

#[tauri::command]
fn save_draft(journal: tauri::State<'_, Journal>, key: String, content: String) -> Res<Draft> {
    journal.with(|s| s.save_draft(&key, &content))
}

#[tauri::command]
fn list_drafts(journal: tauri::State<'_, Journal>) -> Res<Vec<Draft>> {
    journal.with(|s| s.drafts())
}

#[tauri::command]
fn discard_draft(journal: tauri::State<'_, Journal>, key: String) -> Res<()> {
    journal.with(|s| s.discard_draft(&key))
}

/// Details in a reflection being written that could identify someone (nothing is stored).
#[tauri::command]
fn check_privacy(input: ReflectionInput) -> Vec<reflect_core::privacy::Finding> {
    reflect_core::privacy::check_reflection(&input)
}

#[tauri::command]
fn list_appraisals(journal: tauri::State<'_, Journal>) -> Res<Vec<AppraisalSummary>> {
    journal.with(|s| s.list_appraisals())
}

#[tauri::command]
fn create_appraisal(journal: tauri::State<'_, Journal>, input: NewAppraisal) -> Res<Appraisal> {
    journal.with(|s| s.create_appraisal(&input, today()))
}

/// An appraisal as the colleague or (in appraiser mode) the appraiser may see it.
#[tauri::command]
fn get_appraisal(journal: tauri::State<'_, Journal>, id: String, viewer: Role) -> Res<Appraisal> {
    journal.with(|s| s.appraisal(&id, viewer, today()))
}

#[tauri::command]
fn save_appraisal(
    journal: tauri::State<'_, Journal>,
    id: String,
    content: AppraisalContent,
    actor: Role,
) -> Res<Appraisal> {
    journal.with(|s| s.save_appraisal(&id, &content, actor, today()))
}

#[tauri::command]
fn appraisal_action(
    journal: tauri::State<'_, Journal>,
    id: String,
    action: Action,
    actor: Role,
    reason: Option<String>,
) -> Res<Appraisal> {
    journal.with(|s| s.appraisal_action(&id, action, actor, reason.as_deref(), today()))
}

#[tauri::command]
fn delete_appraisal(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_appraisal(&id))
}

#[tauri::command]
fn reminders(journal: tauri::State<'_, Journal>) -> Res<Vec<Reminder>> {
    journal.with(|s| s.reminders(today()))
}

#[tauri::command]
fn revalidation(journal: tauri::State<'_, Journal>) -> Res<Revalidation> {
    journal.with(|s| s.revalidation(today()))
}

#[tauri::command]
fn save_feedback(journal: tauri::State<'_, Journal>, input: FeedbackInput) -> Res<Feedback> {
    journal.with(|s| s.save_feedback(&input, today()))
}

#[tauri::command]
fn delete_feedback(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_feedback(&id))
}

#[tauri::command]
fn add_discussion(journal: tauri::State<'_, Journal>, input: DiscussionInput) -> Res<Discussion> {
    journal.with(|s| s.add_discussion(&input, today()))
}

#[tauri::command]
fn delete_discussion(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_discussion(&id))
}

#[tauri::command]
fn add_confirmation(
    journal: tauri::State<'_, Journal>,
    input: ConfirmationInput,
) -> Res<Confirmation> {
    journal.with(|s| s.add_confirmation(&input, today()))
}

#[tauri::command]
fn delete_confirmation(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_confirmation(&id))
}

/// Ask where to save (or use `REFLECT_EXPORT_DIR`), then write the PDF there atomically.
/// `None`: the user cancelled.
fn save_pdf(
    app: &tauri::AppHandle,
    rendered: reflect_pdf::Rendered,
    title: &str,
    file_name: &str,
) -> Res<Option<ExportOutcome>> {
    let path = match std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        Some(dir) => std::path::PathBuf::from(dir).join(file_name),
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
async fn export_pdf(
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

/// Where to save a file: the system save dialog, or `REFLECT_EXPORT_DIR`. `None`: cancelled.
fn ask_save_path(
    app: &tauri::AppHandle,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Res<Option<std::path::PathBuf>> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(Some(std::path::PathBuf::from(dir).join(file_name)));
    }
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

/// Files to import: the system open dialog (files, or a folder), or `REFLECT_IMPORT_PATH`.
fn ask_open_paths(
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

fn read_text(path: &std::path::Path) -> Res<String> {
    std::fs::read_to_string(path).map_err(|source| {
        IpcError::from(reflect_core::Error::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })
    })
}

#[tauri::command]
fn pack_preview(
    journal: tauri::State<'_, Journal>,
    id: String,
    purpose: Purpose,
) -> Res<PackPreview> {
    journal.with(|s| s.pack_preview(&id, purpose, today()))
}

/// Ask where to save a sealed pack, then write it atomically. `None`: cancelled.
fn save_pack(
    app: &tauri::AppHandle,
    sealed: reflect_core::storage::sharing::SealedPack,
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
async fn export_pack(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    id: String,
    purpose: Purpose,
    acknowledged: Vec<String>,
) -> Res<Option<SavedFile>> {
    let sealed = journal.with(|s| s.export_pack(&id, purpose, &acknowledged, today()))?;
    save_pack(&app, sealed, "Save the appraisal pack", "signed pack")
}

/// Import a pack chosen with the open dialog (any kind: for review, reviewed, agreed).
#[tauri::command]
async fn import_pack(
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

#[tauri::command]
fn team_reviews(journal: tauri::State<'_, Journal>) -> Res<Vec<TeamReviewSummary>> {
    journal.with(|s| s.team_reviews())
}

#[tauri::command]
fn team_review(journal: tauri::State<'_, Journal>, id: String) -> Res<Appraisal> {
    journal.with(|s| s.team_review(&id, today()))
}

#[tauri::command]
fn save_team_review(
    journal: tauri::State<'_, Journal>,
    id: String,
    content: AppraisalContent,
) -> Res<Appraisal> {
    journal.with(|s| s.save_team_review(&id, &content, today()))
}

#[tauri::command]
fn sign_team_review(journal: tauri::State<'_, Journal>, id: String) -> Res<Appraisal> {
    journal.with(|s| s.sign_team_review(&id, today()))
}

#[tauri::command]
async fn export_reviewed_pack(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    id: String,
) -> Res<Option<SavedFile>> {
    let sealed = journal.with(|s| s.export_reviewed_pack(&id))?;
    save_pack(&app, sealed, "Save the reviewed pack", "reviewed pack")
}

#[tauri::command]
fn set_organisation_area(journal: tauri::State<'_, Journal>, on: bool) -> Res<()> {
    journal.with(|s| s.set_organisation_area(on))
}

/// HR: import agreed packs (files, or every pack in a folder).
#[tauri::command]
async fn hr_import(
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
fn hr_summary(journal: tauri::State<'_, Journal>, filter: HrFilter) -> Res<HrSummary> {
    journal.with(|s| s.hr_summary(&filter, today()))
}

#[tauri::command]
async fn export_hr_csv(
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
async fn export_hr_pdfs(
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
    let written =
        journal.with(|s| reflect_pdf::export::hr_appraisal_pdfs(s, &filter, &dir, today()))?;
    Ok(Some(SavedFile {
        message: format!("Saved {written} appraisal PDFs to {}", dir.display()),
        path: dir.display().to_string(),
    }))
}

/// Open the journal in `$REFLECT_DATA_DIR` or the OS data directory (the same place the CLI uses).
fn open_journal() -> Result<Store, IpcError> {
    let dir = reflect_core::data_dir(None)?;
    Ok(Store::open_dir(&dir)?)
}

/// Start the app.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            app.manage(Journal(Mutex::new(open_journal())));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            app_state,
            save_profile,
            get_framework,
            import_framework,
            rename_value,
            save_reflection,
            get_reflection,
            list_reflections,
            delete_reflection,
            restore_reflection,
            reflection_history,
            overview,
            save_draft,
            list_drafts,
            discard_draft,
            check_privacy,
            list_appraisals,
            create_appraisal,
            get_appraisal,
            save_appraisal,
            appraisal_action,
            delete_appraisal,
            reminders,
            revalidation,
            save_feedback,
            delete_feedback,
            add_discussion,
            delete_discussion,
            add_confirmation,
            delete_confirmation,
            export_pdf,
            pack_preview,
            export_pack,
            import_pack,
            team_reviews,
            team_review,
            save_team_review,
            sign_team_review,
            export_reviewed_pack,
            set_organisation_area,
            hr_import,
            hr_summary,
            export_hr_csv,
            export_hr_pdfs,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Reflect could not start: {e}");
        std::process::exit(1);
    }
}
