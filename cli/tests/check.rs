//! `reflect check`: text from standard input with no journal, `--fix` saving a revision, exit
//! status, and hostile input (huge input, escape sequences, ids that do not exist).
//!
//! The texts are ones any version of the detectors finds (a titled name, a bed number, a valid
//! NHS number, a postcode), and nothing here depends on which kinds are reported.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use common::run_bytes;

use std::path::Path;

use serde_json::Value;

const TEXT: &str = "I handed over Mr Smith in bed 4 (NHS number 943 476 5919) from TA1 2AB.";

fn matched(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["matched"].as_str().unwrap().to_string())
        .collect()
}

fn journal(dir: &Path) -> String {
    common::init(dir, "nhs-somerset", &[]);
    let added = common::json(
        dir,
        &[
            "add",
            "--title",
            "Handover with Mr Smith",
            "--date",
            "2026-01-05",
            "--text",
            TEXT,
        ],
    );
    added["id"].as_str().unwrap().to_string()
}

#[test]
fn text_from_standard_input_needs_no_journal_and_creates_none() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("never-made");
    let report = common::json_with(&dir, &["check", "--text", "-"], Some(TEXT));
    let found = matched(&report);
    for m in ["Mr Smith", "943 476 5919"] {
        assert!(found.iter().any(|f| f.contains(m)), "{m} in {found:?}");
    }
    assert!(report["advisories"].is_array());
    for f in report["findings"].as_array().unwrap() {
        assert_eq!(f["field"], "text");
        assert!(!f["suggestion"].as_str().unwrap().is_empty());
    }
    let text = common::ok_with(&dir, &["check", "--text", "-"], Some(TEXT));
    assert!(
        text.contains("[Mr Smith]") && text.contains("suggested rewrite: "),
        "{text}"
    );
    // A literal works the same way; clean text says so.
    let literal = common::json(&dir, &["check", "--text", TEXT]);
    assert_eq!(matched(&literal), found);
    let clean = common::ok(&dir, &["check", "--text", "We talked about the handover."]);
    assert!(clean.contains("No identifying details found."), "{clean}");
    assert!(!dir.exists(), "checking text made a data folder");
}

#[test]
fn exit_status_is_zero_unless_asked_to_fail_on_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = common::run_with(tmp.path(), &["check", "--text", "-"], Some(TEXT));
    assert!(out.status.success());
    let out = common::run_with(
        tmp.path(),
        &["check", "--text", "-", "--fail-on-findings"],
        Some(TEXT),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("possible identifying detail"), "{err}");
    assert!(!out.stdout.is_empty(), "the findings are still printed");
    let out = common::run_with(
        tmp.path(),
        &["check", "--text", "-", "--fail-on-findings"],
        Some("A quiet shift."),
    );
    assert!(out.status.success());
    // Neither an id nor --text; both; --fix with --text: usage errors.
    for args in [
        &["check"][..],
        &["check", "some-id", "--text", "x"],
        &["check", "--text", "x", "--fix"],
    ] {
        assert_eq!(
            common::run(tmp.path(), args).status.code(),
            Some(2),
            "{args:?}"
        );
    }
    assert!(!tmp.path().join("reflect.db").exists());
}

#[test]
fn fix_saves_a_new_revision_and_a_second_fix_finds_nothing_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let id = journal(dir);
    let before = common::json(dir, &["check", &id]);
    let found = matched(&before);
    assert!(found.len() >= 3, "{found:?}");

    let fix = common::json(dir, &["check", &id, "--fix"]);
    let rewritten: Vec<&str> = fix["rewritten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["matched"].as_str().unwrap())
        .collect();
    assert_eq!(rewritten, found);
    let body = fix["reflection"]["body"]["reflection"].as_str().unwrap();
    let title = fix["reflection"]["title"].as_str().unwrap();
    for m in &found {
        assert!(
            !body.contains(m.as_str()) && !title.contains(m.as_str()),
            "{m} left"
        );
    }
    assert_eq!(fix["reflection"]["revision"], 2);
    assert!(fix["report"]["findings"].as_array().unwrap().is_empty());

    // The history keeps the version before, with the original text.
    let shown = common::json(dir, &["show", &id, "--history"]);
    let revisions = shown["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2, "{revisions:?}");

    let again = common::run(dir, &["check", &id, "--fix"]);
    assert!(again.status.success());
    let text = String::from_utf8(again.stdout).unwrap();
    assert!(
        text.contains("Nothing to rewrite") && text.contains("Nothing was changed"),
        "{text}"
    );
    let shown = common::json(dir, &["show", &id, "--history"]);
    assert_eq!(shown["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(shown["reflection"]["revision"], 2);
}

#[test]
fn fix_prints_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let id = journal(tmp.path());
    let text = common::ok(tmp.path(), &["check", &id, "--fix"]);
    assert!(text.contains("saved it as revision 2"), "{text}");
    assert!(text.contains("\"Mr Smith\" → \""), "{text}");
    assert!(text.contains("stays in its history"), "{text}");
}

#[test]
fn an_id_that_does_not_exist_is_a_plain_error_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let id = journal(dir);
    for args in [
        &["check", "0190f3f0-0000-7000-8000-000000000000"][..],
        &["check", "0190f3f0-0000-7000-8000-000000000000", "--fix"],
        &["check", "not an id; DROP TABLE reflection", "--fix"],
    ] {
        let out = common::run(dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("was not found"), "{err}");
        assert!(err.lines().count() == 1, "{err}");
    }
    let shown = common::json(dir, &["show", &id, "--history"]);
    assert_eq!(shown["revisions"].as_array().unwrap().len(), 1);
}

#[test]
fn huge_or_binary_input_is_refused_and_nothing_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("never-made");
    let huge = "Mr Smith in bed 4. ".repeat(60_000); // over 1 MiB
    let out = run_bytes(&dir, &["--json", "check", "--text", "-"], huge.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["field"], "text");
    assert!(err["message"].as_str().unwrap().contains("1 MiB"));
    assert!(out.stdout.is_empty());

    let out = run_bytes(
        &dir,
        &["check", "--text", "-"],
        b"Mr Smith \xff\xfe in bed 4",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
    assert!(!dir.exists());
}

#[test]
fn escape_sequences_in_the_text_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile =
        "Mr Smith\u{1b}[2J\u{1b}]0;owned\u{7} in bed 4\u{9b}31m \u{202e}evil\r\nfake line";
    let out = common::ok_with(tmp.path(), &["check", "--text", "-"], Some(hostile));
    assert!(
        !out.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r']),
        "{out:?}"
    );
    assert!(out.contains("[Mr Smith]"), "{out}");
    // Each finding is one line (and its rewrite another): a break in the text cannot fake one.
    assert!(!out.lines().any(|l| l.starts_with("fake line")), "{out}");

    // The same from a reflection, through the check and the fix.
    let dir = tmp.path().join("journal");
    common::init(&dir, "nhs-somerset", &[]);
    let added = common::json(
        &dir,
        &[
            "add",
            "--title",
            "Bed 4\u{1b}[31m",
            "--date",
            "2026-01-05",
            "--text",
            hostile,
        ],
    );
    let id = added["id"].as_str().unwrap();
    for args in [&["check", id][..], &["check", id, "--fix"]] {
        let out = common::ok(&dir, args);
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r']),
            "{out:?}"
        );
    }
    // JSON keeps the text exactly, escaped by serde.
    let json = common::json(&dir, &["show", id]);
    assert!(json["title"].as_str().unwrap().contains('\u{1b}'));
}
