//! `reflect backup`, `backup list`, `backup settings` and `backup restore` on real data folders:
//! a journal moved to a new data folder keeps its reflections and its key, the passphrase is
//! read from standard input (never argv), refusals exit 2 naming the field and change nothing,
//! and the daily backup is made by an ordinary command.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use std::path::Path;

use serde_json::Value;

use common::{json_with as json, ok_with as ok, run_with as run_in};

fn refused(dir: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all, stdin);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    serde_json::from_str(err.lines().last().unwrap()).unwrap()
}

fn init(dir: &Path) {
    common::init(dir, "nhs-somerset", &[]);
    ok(
        dir,
        &[
            "add",
            "--title",
            "Asked for help",
            "--text",
            "With the syringe driver.",
        ],
        None,
    );
}

fn titles(dir: &Path) -> Vec<String> {
    let list = json(dir, &["list"], None);
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_journal_moves_to_a_new_data_folder_with_its_key() {
    let old = tempfile::tempdir().unwrap();
    init(old.path());
    let key = json(old.path(), &["key"], None);
    // The first command of the day made the daily backup by itself.
    let list = json(old.path(), &["backup", "list"], None);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|b| b["kind"] == "daily"),
        "{list}"
    );
    let out = old.path().join("moving.reflectbackup");
    let made = json(
        old.path(),
        &["backup", "--out", out.to_str().unwrap()],
        None,
    );
    assert_eq!(made["kind"], "manual");
    assert_eq!(made["encrypted"], false);
    let text = ok(old.path(), &["backup"], None);
    assert!(text.starts_with("Backed up to "), "{text}");
    let listed = ok(old.path(), &["backup", "list"], None);
    assert!(
        listed.contains("manual") && listed.contains("not encrypted"),
        "{listed}"
    );

    let new = tempfile::tempdir().unwrap();
    let target = new.path().join("laptop");
    let restored = json(&target, &["backup", "restore", out.to_str().unwrap()], None);
    assert_eq!(restored["replaced_backup"], Value::Null);
    assert_eq!(json(&target, &["key"], None), key);
    assert_eq!(titles(&target), titles(old.path()));
}

#[test]
fn an_encrypted_backup_restores_only_with_its_passphrase_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let settings = json(
        dir.path(),
        &["backup", "settings", "--passphrase-stdin"],
        Some("correct horse battery\n"),
    );
    assert_eq!(settings["encrypted"], true);
    let shown = ok(dir.path(), &["backup", "settings"], None);
    assert!(shown.contains("Encrypted:  yes"), "{shown}");
    let made = json(dir.path(), &["backup"], None);
    assert_eq!(made["encrypted"], true);
    let file = made["path"].as_str().unwrap();
    let target = tempfile::tempdir().unwrap();
    let fresh = target.path().join("new");
    for (stdin, args) in [
        (None, vec!["backup", "restore", file]),
        (
            Some("wrong horse battery\n"),
            vec!["backup", "restore", file, "--passphrase-stdin"],
        ),
        (
            Some(""),
            vec!["backup", "restore", file, "--passphrase-stdin"],
        ),
    ] {
        let err = refused(&fresh, &args, stdin);
        assert_eq!(err["field"], "passphrase", "{err}");
        assert!(!fresh.exists(), "nothing made");
    }
    json(
        &fresh,
        &["backup", "restore", file, "--passphrase-stdin"],
        Some("correct horse battery\n"),
    );
    assert_eq!(titles(&fresh), titles(dir.path()));
    let plain = json(dir.path(), &["backup", "settings", "--no-passphrase"], None);
    assert_eq!(plain["encrypted"], false);
}

#[test]
fn restore_refuses_a_journal_in_the_way_unless_replace_and_says_where_the_old_one_went() {
    let a = tempfile::tempdir().unwrap();
    init(a.path());
    let made = json(a.path(), &["backup"], None);
    let file = made["path"].as_str().unwrap();
    let b = tempfile::tempdir().unwrap();
    init(b.path());
    ok(
        b.path(),
        &["add", "--title", "Only here", "--text", "Mine."],
        None,
    );
    let before = std::fs::read(b.path().join("reflect.db")).unwrap();
    let err = refused(b.path(), &["backup", "restore", file], None);
    assert_eq!(err["field"], "replace", "{err}");
    assert_eq!(std::fs::read(b.path().join("reflect.db")).unwrap(), before);
    let text = ok(b.path(), &["backup", "restore", file, "--replace"], None);
    assert!(
        text.contains("The journal that was there is backed up in"),
        "{text}"
    );
    assert_eq!(titles(b.path()), vec!["Asked for help".to_string()]);

    let garbage = a.path().join("garbage.reflectbackup");
    std::fs::write(&garbage, b"Reflect backup\nformat: 1\n\nnot really").unwrap();
    let now = std::fs::read(b.path().join("reflect.db")).unwrap();
    let err = refused(
        b.path(),
        &["backup", "restore", garbage.to_str().unwrap(), "--replace"],
        None,
    );
    assert_eq!(err["field"], "file", "{err}");
    assert_eq!(std::fs::read(b.path().join("reflect.db")).unwrap(), now);
}

#[test]
fn the_backup_folder_is_a_full_path() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let err = refused(
        dir.path(),
        &["backup", "settings", "--folder", "relative/dir"],
        None,
    );
    assert_eq!(err["field"], "folder");
    let chosen = dir.path().join("OneDrive");
    let s = json(
        dir.path(),
        &["backup", "settings", "--folder", chosen.to_str().unwrap()],
        None,
    );
    assert_eq!(s["folder"], chosen.to_str().unwrap());
    assert_eq!(s["default_folder"], false);
    let made = json(dir.path(), &["backup"], None);
    assert!(made["path"]
        .as_str()
        .unwrap()
        .starts_with(chosen.to_str().unwrap()));
    let s = json(
        dir.path(),
        &["backup", "settings", "--default-folder"],
        None,
    );
    assert_eq!(s["default_folder"], true);
}
