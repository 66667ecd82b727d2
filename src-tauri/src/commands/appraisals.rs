//! My appraisals: the workspace (as colleague or, in appraiser mode, appraiser) and reminders.

use reflect_core::appraisal::{
    Action, Appraisal, AppraisalContent, AppraisalSummary, NewAppraisal, Reminder, Role,
};
use reflect_core::today;

use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn list_appraisals(journal: tauri::State<'_, Journal>) -> Res<Vec<AppraisalSummary>> {
    journal.with(|s| s.list_appraisals())
}

#[tauri::command]
pub(crate) fn create_appraisal(
    journal: tauri::State<'_, Journal>,
    input: NewAppraisal,
) -> Res<Appraisal> {
    journal.with(|s| s.create_appraisal(&input, today()))
}

/// An appraisal as the colleague or (in appraiser mode) the appraiser may see it.
#[tauri::command]
pub(crate) fn get_appraisal(
    journal: tauri::State<'_, Journal>,
    id: String,
    viewer: Role,
) -> Res<Appraisal> {
    journal.with(|s| s.appraisal(&id, viewer, today()))
}

#[tauri::command]
pub(crate) fn save_appraisal(
    journal: tauri::State<'_, Journal>,
    id: String,
    edited: u32,
    content: AppraisalContent,
    actor: Role,
) -> Res<Appraisal> {
    journal.with(|s| s.save_appraisal(&id, edited, &content, actor, today()))
}

#[tauri::command]
pub(crate) fn appraisal_action(
    journal: tauri::State<'_, Journal>,
    id: String,
    edited: u32,
    action: Action,
    actor: Role,
    reason: Option<String>,
) -> Res<Appraisal> {
    journal.with(|s| s.appraisal_action(&id, edited, action, actor, reason.as_deref(), today()))
}

#[tauri::command]
pub(crate) fn delete_appraisal(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_appraisal(&id))
}

#[tauri::command]
pub(crate) fn reminders(journal: tauri::State<'_, Journal>) -> Res<Vec<Reminder>> {
    journal.with(|s| s.reminders(today()))
}
