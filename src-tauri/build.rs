fn main() {
    // The app manifest makes every command need an explicit permission, so the capability file
    // (capabilities/default.json) is the complete list of what the UI may call.
    let commands = &[
        "app_state",
        "save_profile",
        "get_framework",
        "import_framework",
        "rename_value",
        "save_reflection",
        "get_reflection",
        "list_reflections",
        "delete_reflection",
        "restore_reflection",
        "reflection_history",
        "overview",
        "save_draft",
        "list_drafts",
        "discard_draft",
        "check_privacy",
        "list_appraisals",
        "create_appraisal",
        "get_appraisal",
        "save_appraisal",
        "appraisal_action",
        "delete_appraisal",
        "reminders",
        "revalidation",
        "save_feedback",
        "delete_feedback",
        "add_discussion",
        "delete_discussion",
        "add_confirmation",
        "delete_confirmation",
        "export_appraisal_pdf",
        "export_nmc_pdf",
        "export_portfolio_pdf",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e:#}"));
}
