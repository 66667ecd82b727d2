//! The Reflect desktop app: Tauri commands, each a thin call into `reflect-core`.
//! The UI reaches only these commands (see capabilities/default.json); it has no file-system,
//! shell or SQL access. Files (framework import) are chosen and read here, on the Rust side.
//!
//! `commands/` holds the commands, one module per area; `state` the shared journal; `files` the
//! system dialogs; `ipc` the types that exist only at the IPC boundary. The one list of commands
//! is in `build.rs`.

mod bench;
mod commands;
mod files;
pub mod ipc;
mod notify;
pub mod opened;
mod state;
mod webview;

use tauri::Manager;

pub use bench::{BENCH_START_ENV, BENCH_START_LINE};
pub use commands::backups::BackupsView;
pub use files::{EXPORT_DIR_ENV, IMPORT_PATH_ENV};
pub use ipc::{AppState, ExportOutcome, IpcError, ReflectionPage, SavedArchive, SavedFile};
pub use opened::OpenedPack;
pub use state::Journal;

/// Every command's name, in the order of the list in `build.rs` (the manifest, the capability
/// file and the invoke handler are made from that list; the tests compare it with the UI's calls).
pub const COMMANDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/command_names.rs"));

/// Start the app.
pub fn run() {
    bench::start();
    let result = tauri::Builder::default()
        // Managed before any plugin starts, so a hand-over that comes at once finds it.
        .manage(opened::Opened::from_launch())
        // First, so that a second launch hands its packs to this window and ends before anything
        // else starts (opened.rs).
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id())
                .callback(opened::handed_over)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .on_page_load(|_, payload| {
            let stage = match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page load started",
                tauri::webview::PageLoadEvent::Finished => "page loaded",
            };
            bench::stage(stage, "");
        })
        .setup(|app| {
            bench::stage("window made", "");
            app.manage(Journal::opening());
            Journal::open_in_background(app.handle());
            notify::start(app.handle());
            if let Some(window) = app.get_webview_window("main") {
                webview::configure(&window);
            }
            Ok(())
        })
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/invoke_handler.rs")))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Reflect could not start: {e}");
        std::process::exit(1);
    }
}

/// One running app for each journal: on Linux the single-instance name (on the session bus)
/// carries a digest of the data folder, so a launch for the same journal hands over to the
/// window that has it open, and one for another folder (`REFLECT_DATA_DIR`, the tests) runs on
/// its own. (On Windows and macOS one instance runs per user, whatever the folder.)
fn instance_id() -> String {
    let dir = reflect_core::store::data_dir(None)
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let digest = reflect_core::format::sha256_hex(dir.as_bytes());
    format!("app.reflect.journal.j{}", &digest[..16.min(digest.len())])
}
