//! The absences ARCHITECTURE.md promises, checked.

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)).unwrap()
}

/// Tauri's own permissions the UI has besides the app's commands (`CORE_PERMISSIONS` in
/// src-tauri/build.rs): naming its window after the page shown, and hearing an event (that a
/// second launch handed over a pack). Nothing that reads or writes data, and no emitting.
const CORE_PERMISSIONS: &[&str] = &[
    "core:window:allow-set-title",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

#[test]
fn the_ui_may_call_only_the_apps_own_commands() {
    let cap: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    let perms = cap["permissions"].as_array().unwrap();
    let build = read("src-tauri/build.rs");
    assert!(!perms.is_empty());
    for c in CORE_PERMISSIONS {
        assert!(perms.iter().any(|p| p == c), "{c} is missing");
    }
    for p in perms {
        let p = p.as_str().expect("permissions are plain identifiers");
        if CORE_PERMISSIONS.contains(&p) {
            continue;
        }
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

/// The `#[tauri::command]` fns defined under src-tauri/src, by name.
fn defined_commands() -> Vec<String> {
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
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/src"),
        &mut files,
    );
    let mut names = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // `#[tauri::command]` and `#[tauri::command(async)]` alike.
        for (at, _) in text.match_indices("#[tauri::command") {
            let rest = &text[at..];
            let fn_at = rest.find("fn ").unwrap() + 3;
            let name: String = rest[fn_at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

/// The command names `ui/src/ipc.ts` passes to `call(…)` or `invoke(…)` as string literals.
fn ui_calls() -> Vec<String> {
    let ipc = read("ui/src/ipc.ts");
    let mut names = Vec::new();
    for word in ["call", "invoke"] {
        for (at, _) in ipc.match_indices(word) {
            if ipc[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            {
                continue;
            }
            let mut rest = &ipc[at + word.len()..];
            if rest.starts_with('<') {
                // Skip the type arguments, which may nest.
                let mut depth = 0;
                let mut end = 0;
                for (i, c) in rest.char_indices() {
                    match c {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                rest = &rest[end..];
            }
            if let Some(literal) = rest.strip_prefix("(\"") {
                names.push(literal[..literal.find('"').unwrap()].to_string());
            }
        }
    }
    names
}

/// `missing` lists what is in `from` but not in `to`.
fn missing<'a>(from: &'a [String], to: &[String]) -> Vec<&'a str> {
    from.iter()
        .filter(|n| !to.contains(n))
        .map(String::as_str)
        .collect()
}

#[test]
fn the_command_list_names_each_command_once() {
    let list: Vec<String> = reflect_app::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(list.len() > 10);
    for (i, c) in list.iter().enumerate() {
        assert!(
            !list[..i].contains(c),
            "{c} is listed twice in src-tauri/build.rs"
        );
    }
}

#[test]
fn the_capability_grants_exactly_the_listed_commands() {
    let list: Vec<String> = reflect_app::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    let cap: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    let granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .filter(|p| !CORE_PERMISSIONS.contains(p))
        .map(|p| {
            p.strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{p} is not one of the app's own commands"))
                .replace('-', "_")
        })
        .collect();
    assert_eq!(
        missing(&list, &granted),
        Vec::<&str>::new(),
        "commands in src-tauri/build.rs without a permission in capabilities/default.json \
         (build the app to rewrite it from the list)"
    );
    assert_eq!(
        missing(&granted, &list),
        Vec::<&str>::new(),
        "permissions in capabilities/default.json for commands src-tauri/build.rs does not list"
    );
}

#[test]
fn the_command_list_matches_the_commands_defined() {
    let list: Vec<String> = reflect_app::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    let defined = defined_commands();
    assert_eq!(
        missing(&defined, &list),
        Vec::<&str>::new(),
        "#[tauri::command] fns in src-tauri/src that src-tauri/build.rs does not list"
    );
    assert_eq!(
        missing(&list, &defined),
        Vec::<&str>::new(),
        "commands listed in src-tauri/build.rs that no #[tauri::command] fn defines"
    );
}

#[test]
fn the_ui_calls_every_listed_command_and_nothing_else() {
    let list: Vec<String> = reflect_app::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    let calls = ui_calls();
    assert!(calls.len() > 10);
    assert_eq!(
        missing(&calls, &list),
        Vec::<&str>::new(),
        "ui/src/ipc.ts calls commands that src-tauri/build.rs does not list"
    );
    assert_eq!(
        missing(&list, &calls),
        Vec::<&str>::new(),
        "commands in src-tauri/build.rs that ui/src/ipc.ts never calls"
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
    fn walk_rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk_rs(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pdf/src");
    let mut files = Vec::new();
    walk_rs(&root, &mut files);
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
