//! `reflect search`: the best 50 by default, `--limit N`, `--all` streamed; the README's search
//! syntax through the command line; output that is one valid JSON array however it is streamed,
//! and text that cannot drive the terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use std::path::Path;

use reflect_core::{ReflectionInput, ReflectiveModel, Store, Visibility};

use common::{json, ok, run};

fn journal(dir: &Path, n: usize) {
    common::init(dir, "nhs-somerset", &[]);
    let mut store = Store::open_dir(dir).unwrap();
    for i in 0..n {
        let shift = if i % 2 == 0 { "night" } else { "day" };
        store
            .save_reflection(&ReflectionInput {
                id: None,
                title: format!("Handover {i}"),
                event_date: "2026-01-01".into(),
                model: ReflectiveModel::Free,
                body: [(
                    "reflection".to_string(),
                    format!("A {shift} shift handover, number {i}."),
                )]
                .into(),
                tags: Vec::new(),
                visibility: Visibility::Private,
                cpd_hours: None,
                cpd_participatory: false,
            })
            .unwrap();
    }
}

fn count(v: &serde_json::Value) -> usize {
    v.as_array().unwrap().len()
}

#[test]
fn search_shows_the_best_fifty_unless_asked_for_more_or_fewer() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), 60);
    let cases: &[(&[&str], usize)] = &[
        (&["search", "handover"], 50),
        (&["search", "handover", "--limit", "3"], 3),
        (&["search", "handover", "--all"], 60),
        (&["search", "handover night"], 30),
        (&["search", "--", "handover", "-night"], 30),
        (&["search", "night OR day", "--all"], 60),
        (&["search", "\"night shift\"", "--all"], 30),
        (&["search", "\"shift night\""], 0),
        (&["search", "hand"], 0),
        (&["search", "hand*", "--limit", "5"], 5),
        (&["search", "nothing-like-this"], 0),
    ];
    for (args, n) in cases {
        assert_eq!(count(&json(dir.path(), args)), *n, "{args:?}");
    }
    let text = ok(dir.path(), &["search", "handover", "--limit", "2"]);
    assert_eq!(
        text.lines().count(),
        4,
        "two rows and their snippets:\n{text}"
    );
    assert!(
        text.contains("[handover]") || text.contains("[Handover]"),
        "{text}"
    );
    assert_eq!(
        ok(dir.path(), &["search", "nothing-like-this"]),
        "No reflections match.\n"
    );
    // `--all` and `--limit` together is a usage error, and so is a bare leading `-word`.
    assert_eq!(
        run(dir.path(), &["search", "handover", "--all", "--limit", "2"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(dir.path(), &["search", "-night"]).status.code(),
        Some(2)
    );
}

#[test]
fn streamed_json_is_one_array_and_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), 3);
    ok(
        dir.path(),
        &[
            "add",
            "--title",
            "Escape \u{1b}[2J\u{1b}]0;pwned\u{7} handover",
            "--text",
            "handover with \u{1b}[31mred\u{1b}[0m text",
        ],
    );
    let out = ok(dir.path(), &["--json", "search", "handover", "--all"]);
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(count(&parsed), 4);
    assert!(
        out.starts_with("[\n  {\n    \"id\"") && out.ends_with("\n  }\n]\n"),
        "pretty-printed as one array: {out}"
    );
    assert_eq!(ok(dir.path(), &["--json", "search", "zzz"]), "[]\n");
    let text = ok(dir.path(), &["search", "handover", "--all"]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert_eq!(count(&json(dir.path(), &["list"])), 4);
}
