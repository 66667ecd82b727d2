//! NMC revalidation: progress, feedback, discussions and confirmations.

use reflect_core::revalidation::{
    Confirmation, ConfirmationInput, Discussion, DiscussionInput, Feedback, FeedbackInput,
    Revalidation,
};
use reflect_core::today;

use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn revalidation(journal: tauri::State<'_, Journal>) -> Res<Revalidation> {
    journal.with(|s| s.revalidation(today()))
}

#[tauri::command]
pub(crate) fn save_feedback(
    journal: tauri::State<'_, Journal>,
    input: FeedbackInput,
) -> Res<Feedback> {
    journal.with(|s| s.save_feedback(&input, today()))
}

#[tauri::command]
pub(crate) fn delete_feedback(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_feedback(&id))
}

#[tauri::command]
pub(crate) fn add_discussion(
    journal: tauri::State<'_, Journal>,
    input: DiscussionInput,
) -> Res<Discussion> {
    journal.with(|s| s.add_discussion(&input, today()))
}

#[tauri::command]
pub(crate) fn delete_discussion(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_discussion(&id))
}

#[tauri::command]
pub(crate) fn add_confirmation(
    journal: tauri::State<'_, Journal>,
    input: ConfirmationInput,
) -> Res<Confirmation> {
    journal.with(|s| s.add_confirmation(&input, today()))
}

#[tauri::command]
pub(crate) fn delete_confirmation(journal: tauri::State<'_, Journal>, id: String) -> Res<()> {
    journal.with(|s| s.delete_confirmation(&id))
}
