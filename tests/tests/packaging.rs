//! The package settings (src-tauri/tauri.conf.json's `bundle`), checked against what they must
//! agree with: the files `make package` stages, the pack file type, the upgrade code trust IT is
//! told, and the pinned Tauri CLI. The package itself is built, installed and started by the
//! package test (`make package-test`, scripts/package-test.sh).

use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn bundle() -> Value {
    let conf: Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).unwrap();
    conf["bundle"].clone()
}

/// `NAME := value` from the Makefile.
fn make_var(name: &str) -> String {
    let makefile = read("Makefile");
    let line = makefile
        .lines()
        .find(|l| l.starts_with(&format!("{name} :=")))
        .unwrap_or_else(|| panic!("the Makefile sets no {name}"));
    line.split_once(":=").unwrap().1.trim().to_string()
}

#[test]
fn every_file_the_deb_holds_is_in_the_repository_or_staged_by_make_package() {
    let b = bundle();
    let files = b["linux"]["deb"]["files"].as_object().unwrap();
    let stage = make_var("STAGE");
    let makefile = read("Makefile");
    let recipe = &makefile[makefile.find("\npackage:").unwrap()..];
    let recipe = &recipe[..recipe.find("\n\n").unwrap()];
    for dest in [
        "/usr/bin/reflect",
        "/usr/share/man/man1",
        "/usr/share/bash-completion/completions/reflect",
        "/usr/share/zsh/vendor-completions/_reflect",
        "/usr/share/fish/vendor_completions.d/reflect.fish",
        "/usr/share/mime/packages/reflect.xml",
    ] {
        assert!(files.contains_key(dest), "the .deb does not install {dest}");
    }
    for (dest, source) in files {
        let source = source.as_str().unwrap();
        match source.strip_prefix("../") {
            Some(rel) if rel.starts_with(&stage) => {
                let staged = rel.trim_end_matches('/');
                assert!(
                    recipe.contains(&staged.replacen(&stage, "$(STAGE)", 1)),
                    "{dest}: make package does not stage {staged}"
                );
            }
            _ => assert!(
                repo().join("src-tauri").join(source).exists(),
                "{dest}: {source} is not in the repository"
            ),
        }
    }
    assert!(repo()
        .join("src-tauri")
        .join(b["linux"]["deb"]["desktopTemplate"].as_str().unwrap())
        .exists());
    for icon in b["icon"].as_array().unwrap() {
        let icon = icon.as_str().unwrap();
        assert!(
            repo().join("src-tauri").join(icon).exists(),
            "{icon} is listed but missing: make icons"
        );
    }
}

#[test]
fn the_pack_file_type_is_the_one_the_app_opens_and_the_mime_database_is_told() {
    let b = bundle();
    let [assoc] = b["fileAssociations"].as_array().unwrap().as_slice() else {
        panic!("one file type: {}", b["fileAssociations"]);
    };
    assert_eq!(
        assoc["ext"],
        serde_json::json!([reflect_core::pack::PACK_EXTENSION])
    );
    let mime = assoc["mimeType"].as_str().unwrap();
    let xml = read("src-tauri/linux/reflect-mime.xml");
    assert!(
        xml.contains(&format!("<mime-type type=\"{mime}\">")),
        "{xml}"
    );
    assert!(
        xml.contains(&format!(
            "<glob pattern=\"*.{}\"/>",
            reflect_core::pack::PACK_EXTENSION
        )),
        "{xml}"
    );
    // The desktop entry passes the opened files to the app.
    assert!(read("src-tauri/linux/reflect.desktop").contains("Exec={{exec}} %F"));
}

#[test]
fn windows_installers_are_per_machine_offline_signed_and_keep_their_upgrade_code() {
    let w = &bundle()["windows"];
    assert_eq!(w["nsis"]["installMode"], "perMachine");
    assert_eq!(w["webviewInstallMode"]["type"], "offlineInstaller");
    assert_eq!(w["allowDowngrades"], false);
    let sign = &w["signCommand"];
    let script = sign["args"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find(|a| a.ends_with(".ps1"))
        .unwrap();
    assert!(repo().join("src-tauri").join(script).exists(), "{script}");
    assert!(sign["args"].as_array().unwrap().contains(&"%1".into()));
    // The upgrade code must never change (each MSI replaces the last through it), and trust IT's
    // detection notes name it.
    let code = w["wix"]["upgradeCode"].as_str().unwrap();
    assert_eq!(code, "17ef3c6c-3412-4c3c-99f5-66eaf1cc5cc4");
    assert!(read("DEPLOYMENT.md").contains(&format!("{{{}}}", code.to_uppercase())));
}

#[test]
fn the_pinned_tauri_cli_is_the_same_everywhere_and_matches_the_tauri_crate() {
    let pinned = make_var("TAURI_CLI_VERSION");
    let workflow = read(".github/workflows/release.yml");
    assert!(
        workflow.contains(&format!("TAURI_CLI_VERSION: \"{pinned}\"")),
        "release.yml pins another Tauri CLI than the Makefile's {pinned}"
    );
    assert!(read("DEPLOYMENT.md").contains(&format!("tauri-cli --version {pinned}")));
    let lock = read("Cargo.lock");
    let tauri = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"tauri\"\n"))
        .and_then(|p| p.lines().find(|l| l.starts_with("version = ")))
        .unwrap();
    let minor = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    assert_eq!(
        minor(tauri.trim_start_matches("version = ").trim_matches('"')),
        minor(&pinned),
        "the Tauri CLI {pinned} does not match the tauri crate ({tauri})"
    );
}
