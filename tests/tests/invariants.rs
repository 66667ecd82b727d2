//! The absences ARCHITECTURE.md promises, checked.

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)).unwrap()
}

#[test]
fn the_ui_may_call_only_the_apps_own_commands() {
    let cap: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    let perms = cap["permissions"].as_array().unwrap();
    let build = read("src-tauri/build.rs");
    assert!(!perms.is_empty());
    for p in perms {
        let p = p.as_str().expect("permissions are plain identifiers");
        let command = p
            .strip_prefix("allow-")
            .unwrap_or_else(|| panic!("{p} is not one of the app's own commands"))
            .replace('-', "_");
        assert!(
            build.contains(&format!("\"{command}\"")),
            "{p} grants a command the app does not declare"
        );
    }
}

#[test]
fn a_content_security_policy_is_set() {
    let conf: serde_json::Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).unwrap();
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
}

#[test]
fn only_ipc_ts_imports_tauri_in_the_ui() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "ts" || x == "tsx") {
                out.push(p);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    assert!(files.len() > 5);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        if f.ends_with("ipc.ts") {
            assert!(text.contains("@tauri-apps/api/core"));
        } else {
            assert!(
                !text.contains("@tauri-apps/"),
                "{} imports Tauri directly",
                f.display()
            );
        }
    }
}

#[test]
fn core_declares_no_tauri_dependency() {
    let manifest = read("core/Cargo.toml");
    assert!(
        !manifest.contains("tauri"),
        "reflect-core must not depend on Tauri"
    );
}

#[test]
fn the_pdf_crate_declares_no_tauri_or_storage_dependency() {
    let manifest = read("pdf/Cargo.toml");
    assert!(
        !manifest.contains("tauri"),
        "reflect-pdf must not depend on Tauri"
    );
    // The page engine and the documents take domain types only; only the export layer reads
    // through the public `Store` API, and nothing in the crate names `storage`.
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pdf/src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(files.len() > 5, "{root:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains("storage"), "{f:?} names storage");
        let is_export = f.ends_with("export.rs") || f.ends_with("lib.rs");
        assert!(
            is_export || !text.contains("Store"),
            "{f:?}: only the export layer reads through the Store"
        );
    }
    // And core renders nothing: it does not depend on the PDF libraries.
    let core = read("core/Cargo.toml");
    for lib in ["printpdf", "lopdf", "allsorts", "reflect-pdf"] {
        assert!(!core.contains(lib), "reflect-core must not depend on {lib}");
    }
}
