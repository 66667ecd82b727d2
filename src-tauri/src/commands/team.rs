//! My team: appraisals I review as appraiser, from the packs colleagues sent.

use reflect_core::appraisal::{Appraisal, AppraisalContent};
use reflect_core::sharing::{TeamKey, TeamReviewSummary};
use reflect_core::today;

use crate::files::ask_save_path;
use crate::ipc::SavedFile;
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn team_reviews(journal: tauri::State<'_, Journal>) -> Res<Vec<TeamReviewSummary>> {
    journal.with(|s| s.team_reviews())
}

#[tauri::command]
pub(crate) fn team_review(journal: tauri::State<'_, Journal>, id: String) -> Res<Appraisal> {
    journal.with(|s| s.team_review(&id, today()))
}

#[tauri::command]
pub(crate) fn save_team_review(
    journal: tauri::State<'_, Journal>,
    id: String,
    edited: u32,
    content: AppraisalContent,
) -> Res<Appraisal> {
    journal.with(|s| s.save_team_review(&id, edited, &content, today()))
}

#[tauri::command]
pub(crate) fn sign_team_review(
    journal: tauri::State<'_, Journal>,
    id: String,
    edited: u32,
) -> Res<Appraisal> {
    journal.with(|s| s.sign_team_review(&id, edited, today()))
}

/// "Sign and save the reviewed pack": sign with my key and save the reviewed pack where I
/// choose, in one step. Nothing is signed if I cancel the dialog. `None`: cancelled.
#[tauri::command]
pub(crate) async fn sign_and_export_team_review(
    app: tauri::AppHandle,
    journal: tauri::State<'_, Journal>,
    id: String,
    edited: u32,
) -> Res<Option<SavedFile>> {
    let file_name = journal.with(|s| s.export_reviewed_pack(&id))?.file_name;
    let filter = ("Appraisal pack", &[reflect_core::pack::PACK_EXTENSION][..]);
    let Some(path) = ask_save_path(&app, "Save the reviewed pack", &file_name, filter)? else {
        return Ok(None);
    };
    let (_, sealed) = journal.with(|s| s.sign_and_export_team_review(&id, edited, today()))?;
    reflect_core::files::write_atomically(&path, sealed.text.as_bytes())?;
    Ok(Some(SavedFile {
        message: format!(
            "Signed with your key and saved the reviewed pack to {}. Send it back to your colleague",
            path.display()
        ),
        path: path.display().to_string(),
    }))
}

/// Trust a colleague's key for My team, after comparing its fingerprint with them.
#[tauri::command]
pub(crate) fn pin_team_key(
    journal: tauri::State<'_, Journal>,
    public_key: String,
    name: String,
) -> Res<TeamKey> {
    journal.with(|s| s.pin_team_key(&public_key, &name))
}

#[tauri::command]
pub(crate) fn team_keys(journal: tauri::State<'_, Journal>) -> Res<Vec<TeamKey>> {
    journal.with(|s| s.team_keys())
}

#[tauri::command]
pub(crate) fn unpin_team_key(journal: tauri::State<'_, Journal>, public_key: String) -> Res<()> {
    journal.with(|s| s.unpin_team_key(&public_key))
}
