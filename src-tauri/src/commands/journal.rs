//! The journal: reflections, their history, the overview, drafts and the privacy check.

use reflect_core::remodel::{self, ModelChange};
use reflect_core::{
    Draft, EditorSave, Overview, Reflection, ReflectionInput, ReflectionQuery, ReflectiveModel,
    RevisionEntry,
};
use std::collections::BTreeMap;

use reflect_core::disclosure::PrivacyFix;
use reflect_core::privacy::{self, FixTarget, PrivacyReport};

use crate::ipc::{IpcError, ReflectionPage};
use crate::state::{Journal, Res};

/// A save from the editor: an autosave of its editing `session`, its explicit save, or a model
/// change (see `EditorSave`: only one session's autosaves coalesce into one revision).
#[tauri::command]
pub(crate) fn save_reflection(
    journal: tauri::State<'_, Journal>,
    input: ReflectionInput,
    session: Option<String>,
    how: EditorSave,
) -> Res<Reflection> {
    journal.with(|s| s.save_reflection_in(&input, session.as_deref(), how))
}

/// Where each answer would go if the reflection changed model (nothing is stored).
#[tauri::command]
pub(crate) fn preview_model_change(
    from: ReflectiveModel,
    to: ReflectiveModel,
    body: BTreeMap<String, String>,
) -> ModelChange {
    remodel::change_model(from, to, &body)
}

/// Revision `revision` restored as a new revision; `expected` is the revision the page showed
/// (a reflection saved elsewhere since is refused as a conflict).
#[tauri::command]
pub(crate) fn restore_revision(
    journal: tauri::State<'_, Journal>,
    id: String,
    revision: u32,
    expected: u32,
) -> Res<Reflection> {
    journal.with(|s| s.restore_revision(&id, revision, Some(expected)))
}

#[tauri::command]
pub(crate) fn get_reflection(journal: tauri::State<'_, Journal>, id: String) -> Res<Reflection> {
    journal.with(|s| s.reflection(&id))
}

/// The journal list, a page at a time: the first `first` rows of what `query` matches, and how
/// many it matches. Only the rows on screen are read and cross to the UI (a journal of 5,000 is
/// about 5 MiB of JSON in full); the rest are counted.
#[tauri::command]
pub(crate) fn list_reflections(
    journal: tauri::State<'_, Journal>,
    query: ReflectionQuery,
    first: u32,
) -> Res<ReflectionPage> {
    journal.with(|s| {
        // Only the page is read (with its tags and snippets); the rest is counted.
        let page = ReflectionQuery {
            limit: Some(query.limit.map_or(first, |l| l.min(first))),
            ..query.clone()
        };
        Ok(ReflectionPage {
            rows: s.list_reflections(&page)?,
            total: s.count_reflections(&query)?,
        })
    })
}

#[tauri::command]
pub(crate) fn delete_reflection(journal: tauri::State<'_, Journal>, id: String) -> Res<Reflection> {
    journal.with(|s| s.delete_reflection(&id))
}

#[tauri::command]
pub(crate) fn restore_reflection(
    journal: tauri::State<'_, Journal>,
    id: String,
) -> Res<Reflection> {
    journal.with(|s| s.restore_reflection(&id))
}

#[tauri::command]
pub(crate) fn reflection_history(
    journal: tauri::State<'_, Journal>,
    id: String,
) -> Res<Vec<RevisionEntry>> {
    journal.with(|s| s.revisions(&id))
}

#[tauri::command]
pub(crate) fn overview(journal: tauri::State<'_, Journal>) -> Res<Overview> {
    journal.with(|s| s.overview())
}

#[tauri::command]
pub(crate) fn save_draft(
    journal: tauri::State<'_, Journal>,
    key: String,
    content: String,
) -> Res<Draft> {
    journal.with(|s| s.save_draft(&key, &content))
}

#[tauri::command]
pub(crate) fn list_drafts(journal: tauri::State<'_, Journal>) -> Res<Vec<Draft>> {
    journal.with(|s| s.drafts())
}

#[tauri::command]
pub(crate) fn discard_draft(journal: tauri::State<'_, Journal>, key: String) -> Res<()> {
    journal.with(|s| s.discard_draft(&key))
}

/// Details in a reflection being written that could identify someone, each with its suggested
/// rewrite, and what could identify someone together (nothing is stored).
#[tauri::command]
pub(crate) fn check_privacy(input: ReflectionInput) -> PrivacyReport {
    privacy::report_reflection(&input)
}

/// The editor's unsaved reflection with one finding rewritten (nothing is stored: the editor's
/// autosave saves it). A target no longer in the text is refused naming its field.
#[tauri::command]
pub(crate) fn apply_privacy_fix(input: ReflectionInput, target: FixTarget) -> Res<ReflectionInput> {
    privacy::fix_reflection(&input, Some(&target)).map_err(IpcError::from)
}

/// One finding rewritten in a saved reflection (the share preview's), saved as a new revision.
#[tauri::command]
pub(crate) fn fix_saved_privacy(
    journal: tauri::State<'_, Journal>,
    id: String,
    target: FixTarget,
) -> Res<PrivacyFix> {
    journal.with(|s| s.fix_privacy(&id, Some(&target)))
}
