//! Revisions and model changes at the command line (issue 15): two quick edits keep both texts,
//! `show --revision N` prints an old text, `restore-revision` makes a new revision, `edit
//! --model` moves the answers and says where.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use std::path::Path;

fn set_up() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::init(dir.path(), "nhs-somerset", &["--professional", "nmc-code"]);
    dir
}

fn add(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["add", "--title", "Ward round", "--date", "2026-01-05"];
    all.extend_from_slice(args);
    common::json(dir, &all)["id"].as_str().unwrap().to_string()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn two_quick_edits_are_two_revisions_and_an_old_one_can_be_shown_and_restored() {
    let dir = set_up();
    let id = add(dir.path(), &["--text", "first text"]);
    let said = common::ok(dir.path(), &["edit", &id, "--text", "second text"]);
    assert!(said.contains("revision 2"), "{said}");
    let said = common::ok(dir.path(), &["edit", &id, "--text", "third text"]);
    assert!(said.contains("revision 3"), "{said}");

    let shown = common::ok(dir.path(), &["show", &id]);
    assert!(shown.contains("Revisions (newest first"), "{shown}");
    for n in ["  3  ", "  2  ", "  1  "] {
        assert!(shown.contains(n), "lists revision {n}: {shown}");
    }
    let old = common::ok(dir.path(), &["show", &id, "--revision", "1"]);
    assert!(
        old.contains("first text") && !old.contains("third text"),
        "{old}"
    );
    let old = common::json(dir.path(), &["show", &id, "--revision", "2"]);
    assert_eq!(old["reflection"]["body"]["reflection"], "second text");
    assert_eq!(old["kind"], "saved");

    let said = common::ok(dir.path(), &["restore-revision", &id, "1"]);
    assert!(
        said.contains("Restored revision 1") && said.contains("as revision 4"),
        "{said}"
    );
    let now = common::json(dir.path(), &["show", &id]);
    assert_eq!(now["body"]["reflection"], "first text");
    assert_eq!(now["revision"], 4);
    let third = common::json(dir.path(), &["show", &id, "--revision", "3"]);
    assert_eq!(
        third["reflection"]["body"]["reflection"], "third text",
        "history kept"
    );
}

#[test]
fn a_revision_that_does_not_exist_is_refused_naming_it_and_changes_nothing() {
    let dir = set_up();
    let id = add(dir.path(), &["--text", "only text"]);
    let out = common::run(dir.path(), &["show", &id, "--revision", "5"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--revision") && err.contains("no revision 5"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = common::run(dir.path(), &["restore-revision", &id, "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("revision"), "{}", stderr(&out));
    let out = common::run(dir.path(), &["restore-revision", &id, "1"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the current revision: nothing to restore"
    );
    let now = common::json(dir.path(), &["show", &id]);
    assert_eq!(now["revision"], 1);
}

#[test]
fn edit_model_moves_the_answers_says_where_and_the_old_model_can_be_restored() {
    let dir = set_up();
    let id = add(
        dir.path(),
        &[
            "--model",
            "what-so-what",
            "--section",
            "what=A fall on the ward",
            "--section",
            "so_what=Handover missed the risk",
            "--section",
            "now_what=Check the falls board",
        ],
    );
    let said = common::ok(dir.path(), &["edit", &id, "--model", "gibbs"]);
    assert!(
        said.contains("“What?” → “Description”")
            && said.contains("“So what?” → “Analysis”")
            && said.contains("“Now what?” → “Action plan”"),
        "{said}"
    );
    let now = common::json(dir.path(), &["show", &id]);
    assert_eq!(now["model"], "gibbs");
    assert_eq!(now["body"]["description"], "A fall on the ward");
    assert_eq!(now["body"]["analysis"], "Handover missed the risk");
    assert_eq!(now["body"]["action_plan"], "Check the falls board");
    let rev = common::json(dir.path(), &["show", &id, "--revision", "2"]);
    assert_eq!(rev["kind"], "model_changed");

    // Into the free model: one box, every answer kept with where it came from.
    common::ok(dir.path(), &["edit", &id, "--model", "free"]);
    let free = common::json(dir.path(), &["show", &id]);
    let text = free["body"]["reflection"].as_str().unwrap();
    for part in [
        "A fall on the ward",
        "Handover missed the risk",
        "Check the falls board",
    ] {
        assert!(text.contains(part), "{text}");
    }
    common::ok(dir.path(), &["restore-revision", &id, "1"]);
    let back = common::json(dir.path(), &["show", &id]);
    assert_eq!(back["model"], "what_so_what");
    assert_eq!(back["body"]["what"], "A fall on the ward");
}
