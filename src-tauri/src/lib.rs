//! The Reflect desktop app: Tauri commands, each a thin call into `reflect-core`.
//! The UI reaches only these commands (see capabilities/default.json); it has no file-system,
//! shell or SQL access. Files (framework import) are chosen and read here, on the Rust side.
//!
//! `commands/` holds the commands, one module per area; `state` the shared journal; `files` the
//! system dialogs; `ipc` the types that exist only at the IPC boundary. The one list of commands
//! is in `build.rs`.

mod commands;
mod files;
pub mod ipc;
mod state;

use tauri::Manager;

pub use commands::backups::BackupsView;
pub use files::{EXPORT_DIR_ENV, IMPORT_PATH_ENV};
pub use ipc::{AppState, ExportOutcome, IpcError, SavedArchive, SavedFile};
pub use state::Journal;

/// Every command's name, in the order of the list in `build.rs` (the manifest, the capability
/// file and the invoke handler are made from that list; the tests compare it with the UI's calls).
pub const COMMANDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/command_names.rs"));

/// With this set, the app reports on stderr when the journal list is first painted
/// (`BENCH_START_LINE`); the app-start benchmark reads it.
pub const BENCH_START_ENV: &str = "REFLECT_BENCH_START";
/// How that report starts.
pub const BENCH_START_LINE: &str = "reflect-bench: journal shown:";

static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// When `run` was called.
pub(crate) fn started() -> std::time::Instant {
    *STARTED.get_or_init(std::time::Instant::now)
}

/// Start the app.
pub fn run() {
    started();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            app.manage(Journal::open());
            Ok(())
        })
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/invoke_handler.rs")))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Reflect could not start: {e}");
        std::process::exit(1);
    }
}
