//! Issue 15 at the command line: each refusal is exit 2 and one line naming the option (or
//! FIELD) the person typed, never core's internal field (`received_on`, `summary`,
//! `values[4].reflection_ids`), and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::Value;

/// What the journal holds, to compare before and after the refusals.
fn snapshot(dir: &std::path::Path, id: &str) -> Vec<Value> {
    vec![
        common::json(dir, &["list"]),
        common::json(dir, &["appraisal", "show", id]),
        common::json(dir, &["revalidation", "feedback", "list"]),
        common::json(dir, &["revalidation", "status"]),
        common::json(dir, &["framework", "show", "nhs-somerset"]),
    ]
}

/// Runs `args`: exit 2, one line `reflect: FIELD: …` containing `fragment`, and with `--json`
/// the same field.
fn refused(dir: &std::path::Path, args: &[&str], field: &str, fragment: &str) {
    let out = common::run(dir, args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(
        err.starts_with(&format!("reflect: {field}: ")),
        "{args:?}: {err}"
    );
    assert!(err.contains(fragment), "{args:?}: {err}");
    let mut json = vec!["--json"];
    json.extend_from_slice(args);
    let out = common::run(dir, &json);
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["field"], field, "{args:?}: {e}");
}

#[test]
fn refusals_name_the_option_typed_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::init(d, "nhs-somerset", &["--professional", "nmc-code"]);
    let private = common::json(
        d,
        &["add", "--title", "Night shift", "--text", "A hard night"],
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = common::json(
        d,
        &[
            "appraisal",
            "new",
            "--start",
            "2025-12-01",
            "--end",
            "2026-11-30",
            "--appraiser-title",
            "Ward Manager",
        ],
    );
    let id = a["id"].as_str().unwrap().to_string();
    let long = "x".repeat(20_001);
    let before = snapshot(d, &id);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "revalidation",
                "feedback",
                "add",
                "--source",
                "Patient",
                "--said",
                "Kind",
            ],
            "--date",
            "Enter the date you received it",
        ),
        (
            &[
                "revalidation",
                "feedback",
                "add",
                "--date",
                "2026-01-10",
                "--source",
                "Patient",
                "--said",
                &long,
            ],
            "--said",
            "20000 characters or fewer",
        ),
        (
            &[
                "revalidation",
                "discussion",
                "--partner",
                "Jo Bloggs",
                "--pin",
                "98B7654C",
                "--date",
                "1900-01-01",
            ],
            "--date",
            "1948-07-05",
        ),
        (
            &[
                "revalidation",
                "discussion",
                "--partner",
                "Jo Bloggs",
                "--pin",
                "123",
                "--date",
                "2026-01-10",
            ],
            "--pin",
            "two digits, a letter",
        ),
        (
            &[
                "add",
                "--title",
                "Old",
                "--text",
                "x",
                "--date",
                "0001-01-01",
            ],
            "--date",
            "when the NHS was founded",
        ),
        (
            &["appraisal", "set", &id, "training", "n/a"],
            "training",
            "not applicable is only for",
        ),
        (
            &["appraisal", "set", &id, "pay-step-date", "1900-01-01"],
            "pay-step-date",
            "within 12 months",
        ),
        (
            &[
                "appraisal",
                "set",
                &id,
                "summary",
                "Mine",
                "--value-of",
                "self-awareness",
            ],
            "--value-of",
            "value-summary and value-comment",
        ),
        (
            &[
                "appraisal",
                "exclude",
                &id,
                "--value",
                "self-awareness",
                "no-such-id",
            ],
            "reflections",
            "is not included for",
        ),
        (
            &[
                "appraisal",
                "include",
                &id,
                "--value",
                "self-awareness",
                &private,
            ],
            "reflections",
            "",
        ),
        (
            &[
                "appraisal",
                "objective",
                "add",
                &id,
                "--objective",
                "Teach",
                "--by",
                "2001-01-01",
            ],
            "--by",
            "from the period's start",
        ),
        (
            &[
                "framework",
                "rename-value",
                "nhs-somerset",
                "self-awareness",
                " ",
            ],
            "name",
            "Enter the value's new name",
        ),
        (
            &["list", "--from", "2026-05-01", "--to", "2026-04-01"],
            "--from",
            "is after the to date",
        ),
        (
            &["search", "???"],
            "WORDS",
            "Search for at least one letter or number",
        ),
        (
            &[
                "appraisal",
                "set",
                &id,
                "value-summary",
                "Mine",
                "--value-of",
                "kindness",
            ],
            "--value-of",
            "is not a value of",
        ),
        (
            &[
                "init",
                "--registration",
                "nmc",
                "--pin",
                "123",
                "--renewal-date",
                "2027-03-31",
            ],
            "--pin",
            "An NMC PIN is",
        ),
    ];
    for (args, field, fragment) in cases {
        refused(d, args, field, fragment);
    }
    assert_eq!(snapshot(d, &id), before, "nothing changed");

    // An --acknowledge KEY that is no finding of the pack is refused, listing what there is.
    common::ok(d, &["appraisal", "submit", &id]);
    let out = d.join("sam.reflectpack");
    refused(
        d,
        &[
            "pack",
            "export",
            &id,
            "--out",
            out.to_str().unwrap(),
            "--acknowledge",
            "no-such-key",
        ],
        "--acknowledge",
        "'no-such-key' is not a privacy finding of this pack",
    );
    assert!(!out.exists(), "no pack written");
}

/// Counts in words: "1 reflection", never "1 reflections".
#[test]
fn one_reflection_is_one_reflection() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::init(d, "nhs-somerset", &[]);
    common::ok(
        d,
        &[
            "add",
            "--title",
            "Handover",
            "--text",
            "x",
            "--cpd-hours",
            "1",
        ],
    );
    let overview = common::ok(d, &["overview"]);
    assert!(
        overview.starts_with("1 reflection in the journal."),
        "{overview}"
    );
    let id = common::json(d, &["list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = common::ok(d, &["show", &id]);
    assert!(shown.contains("CPD: 1 hour\n"), "{shown}");
}
