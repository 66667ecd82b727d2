//! The one list of the app's commands, and everything made from it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every command the UI may call, by area: `("journal", [...])` are the `#[tauri::command]` fns in
/// `src/commands/journal.rs`. A new command is added here once; this build step makes from this
/// list the app manifest (so each command needs an explicit permission), the capability file
/// (`capabilities/default.json`, the complete list of what the UI may call) and the invoke
/// handler (`generate_handler!` in `src/lib.rs`). `tests/tests/invariants.rs` checks the list
/// against the commands defined in `src/` and the calls in `ui/src/ipc.ts`, both ways.
const COMMANDS: &[(&str, &[&str])] = &[
    (
        "app",
        &[
            "app_state",
            "save_profile",
            "key_info",
            "journal_shown",
            "set_zoom",
            "set_notifications",
        ],
    ),
    (
        "frameworks",
        &["get_framework", "import_framework", "rename_value"],
    ),
    (
        "journal",
        &[
            "save_reflection",
            "get_reflection",
            "list_reflections",
            "delete_reflection",
            "restore_reflection",
            "reflection_history",
            "restore_revision",
            "preview_model_change",
            "overview",
            "save_draft",
            "list_drafts",
            "discard_draft",
            "check_privacy",
            "apply_privacy_fix",
            "fix_saved_privacy",
        ],
    ),
    (
        "appraisals",
        &[
            "list_appraisals",
            "create_appraisal",
            "get_appraisal",
            "save_appraisal",
            "appraisal_action",
            "delete_appraisal",
            "reminders",
        ],
    ),
    (
        "revalidation",
        &[
            "revalidation",
            "save_feedback",
            "delete_feedback",
            "add_discussion",
            "delete_discussion",
            "add_confirmation",
            "delete_confirmation",
        ],
    ),
    (
        "exports",
        &[
            "export_pdf",
            "pdf_findings",
            "export_pack",
            "export_reviewed_pack",
            "export_hr_csv",
            "export_hr_pdfs",
        ],
    ),
    (
        "sharing",
        &["pack_preview", "import_pack", "open_pending_packs"],
    ),
    (
        "team",
        &[
            "team_reviews",
            "team_review",
            "save_team_review",
            "sign_team_review",
            "sign_and_export_team_review",
            "pin_team_key",
            "team_keys",
            "unpin_team_key",
        ],
    ),
    (
        "organisation",
        &[
            "set_organisation_area",
            "hr_import",
            "hr_summary",
            "set_hr_threshold",
            "export_hr_summary_csv",
            "hr_held",
            "hr_keys",
            "hr_trust_key",
            "hr_untrust_key",
            "hr_discard_held",
        ],
    ),
    (
        "archive",
        &["archive_preview", "save_archive", "import_archive"],
    ),
    (
        "backups",
        &[
            "backup_status",
            "rescue_backups",
            "backup_now",
            "delete_unencrypted_backups",
            "set_backup_folder",
            "set_backup_passphrase",
            "restore_backup",
        ],
    ),
    (
        "encryption",
        &[
            "unlock_journal",
            "lock_journal",
            "encryption_status",
            "encrypt_journal",
            "decrypt_journal",
            "change_passphrase",
            "new_recovery_code",
            "set_keystore",
            "set_lock_minutes",
        ],
    ),
];

/// Tauri's own permissions the UI needs besides the app's commands, and nothing more: naming the
/// window after the page it shows (`setWindowTitle` in `ui/src/ipc.ts`), and hearing that a
/// second launch handed over a pack (`onPacksOpened`: listening, and stopping).
const CORE_PERMISSIONS: &[&str] = &[
    "core:window:allow-set-title",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

/// The capability's `description`, kept in the file written from the list.
const CAPABILITY_DESCRIPTION: &str = "The main window may call Reflect's own commands, set its own title and hear that a pack was opened, nothing else: no file system, no shell, no SQL, no HTTP.";

fn main() {
    let names: Vec<&'static str> = COMMANDS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    let out_dir =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_else(|| panic!("OUT_DIR is not set")));
    write_if_changed(&out_dir.join("command_names.rs"), &command_names(&names));
    write_if_changed(&out_dir.join("invoke_handler.rs"), &invoke_handler());
    let capability = Path::new("capabilities/default.json");
    if write_if_changed(capability, &capability_file(&names)) {
        println!("cargo:warning=capabilities/default.json was rewritten from the command list in build.rs");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(Vec::leak(names))),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e:#}"));
}

/// `["app_state", …]`, for `reflect_app::COMMANDS`.
fn command_names(names: &[&str]) -> String {
    let mut s = String::from("&[\n");
    for name in names {
        let _ = writeln!(s, "    {name:?},");
    }
    s.push(']');
    s
}

/// `tauri::generate_handler![crate::commands::app::app_state, …]`.
fn invoke_handler() -> String {
    let mut s = String::from("tauri::generate_handler![\n");
    for (area, names) in COMMANDS {
        for name in *names {
            let _ = writeln!(s, "    crate::commands::{area}::{name},");
        }
    }
    s.push(']');
    s
}

/// The capability granting the main window exactly the listed commands (`allow-app-state`, …).
fn capability_file(names: &[&str]) -> String {
    let mut s = String::from("{\n");
    s.push_str("  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n");
    s.push_str("  \"identifier\": \"default\",\n");
    let _ = writeln!(s, "  \"description\": {CAPABILITY_DESCRIPTION:?},");
    s.push_str("  \"windows\": [\"main\"],\n");
    s.push_str("  \"permissions\": [\n");
    let permissions: Vec<String> = names
        .iter()
        .map(|n| format!("    \"allow-{}\"", n.replace('_', "-")))
        .chain(CORE_PERMISSIONS.iter().map(|p| format!("    {p:?}")))
        .collect();
    s.push_str(&permissions.join(",\n"));
    s.push_str("\n  ]\n}\n");
    s
}

/// Write `text` to `path` unless it already holds exactly that; whether it wrote.
fn write_if_changed(path: &Path, text: &str) -> bool {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return false;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    true
}
