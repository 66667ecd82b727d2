//! `reflect completions SHELL` and `reflect manpage`: generated from the parser's own
//! definition, so they name the real commands; neither needs (or creates) a journal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests

mod common;

use std::process::Command;

use common::{ok, run};

/// Each shell's script is non-empty, names the binary and a command added late
/// (`restore-revision`), so a stale hand-written script could not pass.
#[test]
fn completions_for_each_shell_name_the_real_commands() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_reflect()"),
        ("zsh", "#compdef reflect"),
        ("fish", "complete -c reflect"),
    ] {
        let script = ok(dir.path(), &["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script:.200}");
        assert!(
            script.contains("restore-revision"),
            "{shell} lacks a command"
        );
        assert!(script.contains("appraisal"), "{shell} lacks a command");
    }
    // Neither command opens a journal: the data folder stays empty.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn bash_completion_is_valid_bash() {
    let dir = tempfile::tempdir().unwrap();
    let script = ok(dir.path(), &["completions", "bash"]);
    let path = dir.path().join("reflect.bash");
    std::fs::write(&path, script).unwrap();
    let status = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success(), "bash -n refused the completion script");
}

#[test]
fn manpage_is_roff_listing_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let page = ok(dir.path(), &["manpage"]);
    assert!(page.contains(".TH reflect 1"), "{page:.200}");
    for command in ["reflect\\-add", "reflect\\-search", "reflect\\-completions"] {
        assert!(page.contains(command), "manpage lacks {command}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// `--out-dir` writes the page set reflect.1's list refers to, one per command and sub-command.
#[test]
fn manpage_out_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    std::fs::create_dir(&pages).unwrap();
    let listed = ok(
        dir.path(),
        &["manpage", "--out-dir", pages.to_str().unwrap()],
    );
    for name in [
        "reflect.1",
        "reflect-add.1",
        "reflect-appraisal-new.1",
        "reflect-manpage.1",
    ] {
        assert!(
            listed.lines().any(|l| l == name),
            "{name} not listed: {listed}"
        );
        let text = std::fs::read_to_string(pages.join(name)).unwrap();
        assert!(text.contains(".TH"), "{name} is not roff");
    }
    // A second run does not write over the pages without --force: refused, naming the option,
    // every page as it was; with --force they are written again.
    std::fs::write(pages.join("reflect-add.1"), "mine").unwrap();
    let out = run(
        dir.path(),
        &["manpage", "--out-dir", pages.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("out_dir"));
    assert_eq!(
        std::fs::read_to_string(pages.join("reflect-add.1")).unwrap(),
        "mine"
    );
    ok(
        dir.path(),
        &["manpage", "--out-dir", pages.to_str().unwrap(), "--force"],
    );
    assert!(std::fs::read_to_string(pages.join("reflect-add.1"))
        .unwrap()
        .contains(".TH"));
    // A folder that does not exist is refused, naming the option; nothing is made.
    let missing = dir.path().join("absent");
    let out = run(
        dir.path(),
        &["manpage", "--out-dir", missing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("out_dir"));
    assert!(!missing.exists());
}

/// A shell clap does not know is a usage error (exit 2) naming the choices; nothing is created.
#[test]
fn unknown_shell_is_refused_with_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tcsh") && err.contains("bash"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
