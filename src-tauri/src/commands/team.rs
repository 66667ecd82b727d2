//! My team: appraisals I review as appraiser, from the packs colleagues sent.

use reflect_core::appraisal::{Appraisal, AppraisalContent};
use reflect_core::sharing::TeamReviewSummary;
use reflect_core::today;

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
    content: AppraisalContent,
) -> Res<Appraisal> {
    journal.with(|s| s.save_team_review(&id, &content, today()))
}

#[tauri::command]
pub(crate) fn sign_team_review(journal: tauri::State<'_, Journal>, id: String) -> Res<Appraisal> {
    journal.with(|s| s.sign_team_review(&id, today()))
}
