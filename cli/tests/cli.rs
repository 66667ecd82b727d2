//! The `reflect` binary: exit status (0 ok, 2 invalid input naming the field, 1 otherwise),
//! `--json` output, and help text, on a real data directory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
use std::process::{Command, Output};

use serde_json::Value;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_reflect"))
            .arg("--data-dir")
            .arg(self.dir.path())
            .args(args)
            .env_remove("REFLECT_DATA_DIR")
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }
    fn init(&self) {
        self.ok(&[
            "init",
            "--name",
            "Sam Jones",
            "--job-title",
            "Staff Nurse",
            "--grade",
            "Band 5",
            "--team",
            "Ward 7",
            "--line-manager",
            "Alex Smith",
            "--framework",
            "nhs-somerset",
            "--professional",
            "nmc-code",
        ]);
    }
}

#[test]
fn add_list_search_show_edit_delete_restore_overview() {
    let cli = Cli::new();
    cli.init();
    let added = cli.json(&[
        "add",
        "--title",
        "Asked for help",
        "--date",
        "2026-01-05",
        "--text",
        "I asked for help with the syringe driver.",
        "--value",
        "Self Awareness",
        "--behaviour",
        "sa-limitations",
        "--theme",
        "Preserve safety",
        "--cpd-hours",
        "1",
    ]);
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!(added["visibility"], "private");
    assert_eq!(added["tags"].as_array().unwrap().len(), 3);

    let list = cli.json(&["list", "--value", "self-awareness"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let found = cli.json(&["search", "syringe", "--theme", "preserve safety"]);
    assert_eq!(found[0]["id"], id.as_str());
    assert!(found[0]["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["highlight"] == true));
    assert!(
        cli.ok(&["search", "syringe"]).contains("[syringe]"),
        "text output marks matches"
    );

    let edited = cli.json(&[
        "edit",
        &id,
        "--title",
        "Asked for help early",
        "--visibility",
        "shared",
    ]);
    assert_eq!(edited["title"], "Asked for help early");
    assert_eq!(edited["visibility"], "shared");
    assert_eq!(
        edited["tags"].as_array().unwrap().len(),
        3,
        "tags kept when no tag option is given"
    );
    let shown = cli.ok(&["show", &id, "--history"]);
    assert!(shown.contains("Asked for help early") && shown.contains("History:"));

    let clean = cli.json(&["check", &id]);
    assert_eq!(clean.as_array().unwrap().len(), 0);
    cli.json(&[
        "edit",
        &id,
        "--text",
        "Mr Smith in bed 4, NHS number 943 476 5919.",
    ]);
    let found = cli.json(&["check", &id]);
    let kinds: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["titled_name", "bed_number", "nhs_number"]);
    assert!(cli.ok(&["check", &id]).contains(
        "An NHS number in body.reflection: …Mr Smith in bed 4, NHS number [943 476 5919]"
    ));

    let ov = cli.json(&["overview"]);
    assert_eq!(ov["total_reflections"], 1);
    cli.ok(&["delete", &id]);
    assert_eq!(cli.json(&["list"]).as_array().unwrap().len(), 0);
    assert_eq!(
        cli.json(&["list", "--deleted"]).as_array().unwrap().len(),
        1
    );
    cli.ok(&["restore", &id]);
    assert_eq!(cli.json(&["list"]).as_array().unwrap().len(), 1);
    assert!(cli.ok(&["overview"]).contains("GAP"));
}

#[test]
fn invalid_input_exits_2_with_one_line_naming_the_field() {
    let cli = Cli::new();
    cli.init();
    let cases: &[(&[&str], &str)] = &[
        (&["add", "--title", ""], "title"),
        (
            &["add", "--title", "x", "--date", "2999-01-01"],
            "event_date",
        ),
        (
            &["add", "--title", "x", "--date", "yesterday"],
            "event_date",
        ),
        (&["add", "--title", "x", "--value", "Kindness"], "value"),
        (&["add", "--title", "x", "--behaviour", "nope"], "behaviour"),
        (&["add", "--title", "x", "--theme", "nope"], "theme"),
        (
            &["add", "--title", "x", "--section", "feelings=x"],
            "body.feelings",
        ),
        (
            &["add", "--title", "x", "--section", "no equals sign"],
            "section",
        ),
        (&["add", "--title", "x", "--cpd-hours", "-2"], "cpd_hours"),
        (&["list", "--from", "soon"], "from"),
        (&["init", "--framework", "nmc-code"], "framework"),
    ];
    for (args, field) in cases {
        let out = cli.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(&format!("{field}:")), "{args:?}: {err}");
        let mut json_args = vec!["--json"];
        json_args.extend_from_slice(args);
        let out = cli.run(&json_args);
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["field"], *field);
        assert_eq!(err["kind"], "invalid");
    }
    assert_eq!(
        cli.json(&["list"]).as_array().unwrap().len(),
        0,
        "nothing was written"
    );
}

#[test]
fn other_failures_exit_1() {
    let cli = Cli::new();
    let cases: &[&[&str]] = &[
        &["overview"],                                     // not set up
        &["show", "01900000-0000-7000-8000-000000000000"], // not found
        &["framework", "show", "no-such-framework"],       // not found
        &["framework", "import", "/no/such/file.json"],    // unreadable file
    ];
    for args in cases {
        let out = cli.run(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn frameworks_import_export_and_rename_from_the_command_line() {
    let cli = Cli::new();
    let list = cli.json(&["framework", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let exported = cli.ok(&["framework", "export", "derbyshire-healthcare"]);
    let edited = exported.replace("\"id\": \"derbyshire-healthcare\"", "\"id\": \"my-trust\"");
    let file = cli.dir.path().join("my-trust.json");
    std::fs::write(&file, &edited).unwrap();
    let imported = cli.json(&["framework", "import", file.to_str().unwrap()]);
    assert_eq!(imported["changed"], true);
    assert_eq!(
        cli.json(&["framework", "import", file.to_str().unwrap()])["changed"],
        false
    );

    std::fs::write(
        &file,
        edited.replace("\"values\": [", "\"values\": 7, \"x\": ["),
    )
    .unwrap();
    let out = cli.run(&["framework", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("values"));

    let renamed = cli.json(&[
        "framework",
        "rename-value",
        "nhs-somerset",
        "Listening and Trusted Relationships",
        "Listening",
    ]);
    assert_eq!(renamed["revision"], 2);
    assert!(cli
        .ok(&["framework", "show", "nhs-somerset"])
        .contains("Listening [listening-and-relationships]"));
}

#[test]
fn help_documents_every_command() {
    let cli = Cli::new();
    let help = cli.ok(&["--help"]);
    for cmd in [
        "init",
        "framework",
        "add",
        "edit",
        "show",
        "list",
        "search",
        "delete",
        "restore",
        "overview",
    ] {
        assert!(help.contains(cmd), "--help lists {cmd}");
        let sub = cli.ok(&[cmd, "--help"]);
        assert!(
            sub.contains("--json") && sub.contains("--data-dir"),
            "{cmd} --help shows the global options"
        );
    }
    let add = cli.ok(&["add", "--help"]);
    for opt in [
        "--title",
        "--date",
        "--model",
        "--section",
        "--value",
        "--behaviour",
        "--theme",
        "--visibility",
        "--cpd-hours",
    ] {
        assert!(add.contains(opt), "add --help documents {opt}");
    }
}
