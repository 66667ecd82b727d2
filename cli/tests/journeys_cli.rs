//! The command line as a careful new user meets it (issue 15): argument errors as one line (or
//! the JSON error object), values that start with '-', output cut short by `head`, journals that
//! cannot be opened, files that are never written over without `--force`, framework files with
//! a byte order mark, and where the built-in frameworks' wording comes from.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests

mod common;

use std::path::Path;
use std::process::{Output, Stdio};

use common::{init, json, ok, reflect, run};
use serde_json::Value;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2 with exactly one line on stderr, and the JSON error object with `--json`: kind
/// "invalid" and `field`. Returns the text line.
fn refused(dir: &Path, args: &[&str], field: &str) -> String {
    let o = run(dir, args);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {text}");
    assert_eq!(text.lines().count(), 1, "{args:?}: not one line: {text}");
    assert!(text.starts_with("reflect: "), "{args:?}: {text}");
    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    let o = run(dir, &with_json);
    assert_eq!(o.status.code(), Some(2), "{with_json:?}");
    let e: Value = serde_json::from_str(stderr(&o).trim())
        .unwrap_or_else(|_| panic!("{with_json:?}: not one JSON object: {}", stderr(&o)));
    assert_eq!(e["kind"], "invalid", "{with_json:?}: {e}");
    assert_eq!(e["field"], field, "{with_json:?}: {e}");
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    text
}

#[test]
fn argument_errors_are_one_line_naming_the_option_and_json_with_json() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "nhs-somerset", &[]);
    // (arguments, the field named, words the line must hold)
    let cases: &[(&[&str], &str, &[&str])] = &[
        (
            &["add", "--hours", "3"],
            "--hours",
            &["--hours", "reflect add --help"],
        ),
        (
            &["add", "--cpd-hours", "-2+3"],
            "--cpd-hours",
            &["-2+3", "number"],
        ),
        (
            &["add", "--cpd-hours", "many"],
            "--cpd-hours",
            &["many", "number"],
        ),
        (
            &["add", "--model", "freeform"],
            "--model",
            &["freeform", "gibbs"],
        ),
        (&["add", "--title"], "--title", &["needs a value"]),
        (
            &["list", "--limit", "lots"],
            "--limit",
            &["lots", "whole number"],
        ),
        (
            &["search", "x", "--all", "--limit", "3"],
            "--all",
            &["--limit"],
        ),
        (
            &["framework", "shw"],
            "command",
            &["shw", "show", "reflect framework --help"],
        ),
        (&["framework"], "command", &["list", "show", "import"]),
        (&[], "command", &["init", "add", "reflect --help"]),
        (
            &["issues", "show"],
            "command",
            &["issues", "reflect --help"],
        ),
        (&["show"], "id", &["required", "reflect show --help"]),
        (&["export", "appraisal"], "id", &["required"]),
    ];
    for (args, field, words) in cases {
        let line = refused(dir.path(), args, field);
        for w in *words {
            assert!(line.contains(w), "{args:?}: {line:?} lacks {w:?}");
        }
        assert!(!line.contains("Usage:"), "{args:?}: {line}");
    }
    // Help and the version are still clap's own, on standard output, exit 0.
    for args in [
        &["--help"][..],
        &["add", "--help"],
        &["--version"],
        &["help", "export"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn values_starting_with_a_hyphen_are_values() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "nhs-somerset", &[]);
    // A free-text answer and a title that start with '-'.
    let saved = json(
        dir.path(),
        &[
            "add",
            "--title",
            "-ish: a near miss",
            "--text",
            "-2 degrees outside",
        ],
    );
    assert_eq!(saved["title"], "-ish: a near miss");
    let id = saved["id"].as_str().unwrap();
    let shown = ok(dir.path(), &["show", id]);
    assert!(shown.contains("-2 degrees outside"), "{shown}");
    // A negative number reaches the hours' own check (its message is core's), not clap's
    // "unexpected argument".
    let o = run(
        dir.path(),
        &[
            "--json",
            "add",
            "--title",
            "t",
            "--text",
            "x",
            "--cpd-hours",
            "-5",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let e: Value = serde_json::from_str(stderr(&o).trim()).unwrap();
    assert_eq!(e["kind"], "invalid");
    assert!(
        e["field"].as_str().unwrap().contains("hours"),
        "the hours are named: {e}"
    );
    assert!(!stderr(&o).contains("unexpected argument"));
    // Nothing was saved by the refused one.
    assert_eq!(json(dir.path(), &["list"]).as_array().unwrap().len(), 1);
}

#[test]
fn output_cut_short_by_its_reader_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "nhs-somerset", &[]);
    for args in [
        &["framework", "show", "nhs-somerset"][..],
        &["--json", "framework", "show", "nhs-somerset"],
        &["--help"],
    ] {
        let mut child = reflect()
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written, as `| head -0` would.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

/// The journal's format number (SQLite's user_version, bytes 60..64 of the header) set to `n`.
fn set_format_number(db: &Path, n: i32) {
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&n.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn a_journal_reflect_cannot_open_gets_one_line_with_a_way_forward() {
    // (format number, words the line must hold)
    let cases: &[(i32, &[&str])] = &[
        (-3, &["-3", "damaged", "reflect backup restore"]),
        (i32::MIN, &["damaged", "reflect backup restore"]),
        (999, &["newer version of Reflect", "999", "update Reflect"]),
    ];
    for (n, words) in cases {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path(), "nhs-somerset", &[]);
        let db = dir.path().join("reflect.db");
        set_format_number(&db, *n);
        let before = std::fs::read(&db).unwrap();
        let o = run(dir.path(), &["list"]);
        let line = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{n}: {line}");
        assert_eq!(line.lines().count(), 1, "{n}: {line}");
        assert!(
            !line.contains("CREATE"),
            "{n}: no SQL in the message: {line}"
        );
        for w in *words {
            assert!(line.contains(w), "{n}: {line:?} lacks {w:?}");
        }
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{n}: the file is unchanged"
        );
    }
}

#[test]
fn a_data_folder_that_is_a_file_or_a_journal_that_is_not_a_database_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "my notes").unwrap();
    let o = run(&file, &["list"]);
    let line = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{line}");
    assert_eq!(line.lines().count(), 1, "{line}");
    for w in ["notes.txt", "is a file", "--data-dir", "REFLECT_DATA_DIR"] {
        assert!(line.contains(w), "{line:?} lacks {w:?}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");

    // A reflect.db that is some other file: short text, or a page of something else.
    for content in [&b"hello, this is not a journal\n"[..], &[7u8; 5000][..]] {
        let folder = tempfile::tempdir().unwrap();
        let db = folder.path().join("reflect.db");
        std::fs::write(&db, content).unwrap();
        let o = run(folder.path(), &["list"]);
        let line = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{line}");
        assert_eq!(line.lines().count(), 1, "{line}");
        for w in [
            "reflect.db",
            "not a database",
            "reflect backup restore",
            "--data-dir",
        ] {
            assert!(line.contains(w), "{line:?} lacks {w:?}");
        }
        assert_eq!(std::fs::read(&db).unwrap(), content, "nothing was changed");
    }
}

#[test]
fn files_are_never_written_over_without_force() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "nhs-somerset", &[]);
    ok(dir.path(), &["hr", "area", "on"]);
    ok(
        dir.path(),
        &[
            "add",
            "--title",
            "Escalated early",
            "--text",
            "x",
            "--value",
            "Self Awareness",
            "--visibility",
            "shared",
        ],
    );
    let id = json(
        dir.path(),
        &["appraisal", "new", "--appraiser-title", "Ward Manager"],
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        dir.path(),
        &[
            "appraisal",
            "include",
            &id,
            "--value",
            "Self Awareness",
            "--proposed",
        ],
    );
    ok(dir.path(), &["appraisal", "submit", &id]);
    let files = tempfile::tempdir().unwrap();
    // (the command, with FILE where the path goes; the option that names it)
    let cases: &[(&[&str], &str)] = &[
        (&["export", "portfolio", "--out", "FILE"], "--out"),
        (&["export", "appraisal", &id, "--out", "FILE"], "--out"),
        (&["archive", "--out", "FILE"], "--out"),
        (&["backup", "--out", "FILE"], "--out"),
        (
            &["pack", "export", &id, "--acknowledge-all", "--out", "FILE"],
            "--out",
        ),
        (&["hr", "roster", "export", "FILE"], "file"),
        (&["hr", "summary", "--csv", "FILE"], "--csv"),
        (&["hr", "summary", "--pdf", "FILE"], "--pdf"),
    ];
    for (n, (args, option)) in cases.iter().enumerate() {
        let path = files.path().join(format!("existing-{n}"));
        std::fs::write(&path, "keep me").unwrap();
        let path_text = path.to_string_lossy().into_owned();
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "FILE" { path_text.as_str() } else { a })
            .collect();
        let line = refused(dir.path(), &args, option);
        assert!(line.contains(&path_text), "{args:?}: {line}");
        assert!(line.contains("--force"), "{args:?}: {line}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "keep me",
            "{args:?}"
        );
        // With --force it is replaced.
        let mut forced = args.clone();
        forced.push("--force");
        ok(dir.path(), &forced);
        assert_ne!(std::fs::read(&path).unwrap(), b"keep me", "{forced:?}");
    }
    // A new name is written without --force.
    let fresh = files.path().join("fresh.pdf");
    ok(
        dir.path(),
        &["export", "portfolio", "--out", &fresh.to_string_lossy()],
    );
    assert!(fresh.exists());
}

#[test]
fn a_framework_file_with_a_byte_order_mark_imports() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "nhs-somerset", &[]);
    let file = dir.path().join("notepad.json");
    let doc = r#"{"format": 1, "id": "trust-x", "kind": "organisation", "name": "Trust X values",
  "organisation": "Trust X", "version": "2026", "source": "Trust X intranet",
  "values": [{"key": "care", "name": "Care", "description": "We care.",
    "behaviours": [{"key": "care-listen", "text": "We listen."}]}]}"#;
    std::fs::write(&file, format!("\u{feff}{doc}")).unwrap();
    let imported = json(
        dir.path(),
        &["framework", "import", &file.to_string_lossy()],
    );
    assert_eq!(imported["framework"]["id"], "trust-x", "{imported}");
    assert!(ok(dir.path(), &["framework", "list"]).contains("trust-x"));
}

#[test]
fn the_built_in_frameworks_say_where_their_wording_comes_from_in_words() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "nhs-somerset", &[]);
    for (id, organisation) in [
        ("nhs-somerset", "NHS Somerset"),
        (
            "derbyshire-healthcare",
            "Derbyshire Healthcare NHS Foundation Trust",
        ),
    ] {
        let shown = json(dir.path(), &["framework", "show", id]);
        let source = shown["doc"]["source"]
            .as_str()
            .or_else(|| shown["source"].as_str())
            .unwrap_or_else(|| panic!("{id}: no source in {shown}"));
        assert!(source.contains(organisation), "{id}: {source}");
        assert!(source.contains("publishes"), "{id}: {source}");
        for internal in ["shared/", "seeds", ".txt"] {
            assert!(!source.contains(internal), "{id}: {source}");
        }
        let text = ok(dir.path(), &["framework", "show", id]);
        assert!(!text.contains("seeds"), "{id}: {text}");
    }
}
