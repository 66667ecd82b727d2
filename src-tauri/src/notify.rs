//! Desktop notifications of reminders that fall due (the appraisal, the pay step, revalidation):
//! looked for a little after start, then every hour while the app runs, and shown at most once a
//! day (`Store::notice_due` decides and records the day in one transaction, so two windows or a
//! CLI never make a second one). Switched off in Settings (`set_notifications`). Nothing is
//! looked for while the journal is locked, and a desktop without a notification service shows
//! nothing and carries on.

use std::time::Duration;

use reflect_core::today;
use tauri::Manager;
use tauri_plugin_notification::NotificationExt;

use crate::state::Journal;

/// The first look, once the window and the journal list are up.
const FIRST_LOOK: Duration = Duration::from_secs(20);
/// Then again: an app left open for days notifies each day.
const EVERY: Duration = Duration::from_secs(60 * 60);

pub(crate) fn start<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let app = app.clone();
    // Without a thread there are no notifications; the app works on.
    let _ = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || {
            std::thread::sleep(FIRST_LOOK);
            loop {
                if let Ok(Some(notice)) = app.state::<Journal>().with(|s| s.notice_due(today())) {
                    let _ = app
                        .notification()
                        .builder()
                        .title(&notice.title)
                        .body(&notice.body)
                        .show();
                }
                std::thread::sleep(EVERY);
            }
        });
}
