//! Start-up and the profile: what the UI needs first, and who is writing.

use reflect_core::{Profile, ReflectiveModel};

use crate::ipc::AppState;
use crate::state::{Journal, Res};

#[tauri::command]
pub(crate) fn app_state(journal: tauri::State<'_, Journal>) -> Res<AppState> {
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
pub(crate) fn save_profile(journal: tauri::State<'_, Journal>, profile: Profile) -> Res<Profile> {
    journal.with(|s| s.save_profile(&profile))
}
