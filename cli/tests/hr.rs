//! `reflect hr`: trusting keys, the signed roster, the held list and each file's outcome (exit 2
//! when any file was refused, after importing the rest), on real data directories.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use common::{json, run};
use serde_json::Value;

/// A real device key (a fresh journal's).
fn a_key() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let key = reflect_core::Store::open_dir(dir.path())
        .unwrap()
        .public_key()
        .unwrap();
    (dir, key)
}

#[test]
fn hr_trusts_keys_by_hand_and_from_a_signed_roster() {
    let hr = tempfile::tempdir().unwrap();
    let (_a, sam) = a_key();
    let (_b, lee) = a_key();
    json(hr.path(), &["hr", "area", "on"]);
    let t = json(
        hr.path(),
        &[
            "hr",
            "trust",
            "--key",
            &sam,
            "--name",
            "Sam Jones",
            "--employee-number",
            "E1",
        ],
    );
    let fp = t["keys"][0]["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(fp.split(' ').count(), 6, "six groups of five digits: {fp}");
    // A key that is not a key is refused, naming the field.
    let bad = run(
        hr.path(),
        &["--json", "hr", "trust", "--key", "nope", "--name", "X"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("key"));
    let text = String::from_utf8(run(hr.path(), &["hr", "keys"]).stdout).unwrap();
    assert!(text.contains(&fp) && text.contains("Sam Jones"), "{text}");

    // The roster: a CSV HR keeps, exported signed, read back by another HR device once it
    // trusts this device's key.
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("roster.csv");
    std::fs::write(
        &csv,
        format!("employee_number,name,team,line_manager,key\nE1,Sam Jones,Ward 7,E2,{sam}\nE2,Lee Manager,Ward 7,,{lee}\n"),
    )
    .unwrap();
    let r = json(
        hr.path(),
        &["hr", "roster", "import", &csv.to_string_lossy()],
    );
    assert_eq!(r["keys"].as_array().unwrap().len(), 2);
    let signed = files.path().join("roster.json");
    let e = json(
        hr.path(),
        &["hr", "roster", "export", &signed.to_string_lossy()],
    );
    let device = e["public_key"].as_str().unwrap().to_string();
    let other = tempfile::tempdir().unwrap();
    json(other.path(), &["hr", "area", "on"]);
    let refused = run(
        other.path(),
        &["hr", "roster", "import", &signed.to_string_lossy()],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        json(other.path(), &["hr", "keys"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    json(
        other.path(),
        &["hr", "trust", "--key", &device, "--name", "HR laptop"],
    );
    json(
        other.path(),
        &["hr", "roster", "import", &signed.to_string_lossy()],
    );
    assert_eq!(
        json(other.path(), &["hr", "keys"])
            .as_array()
            .unwrap()
            .len(),
        3
    );

    json(hr.path(), &["hr", "untrust", "--key", &lee]);
    assert_eq!(
        json(hr.path(), &["hr", "keys"]).as_array().unwrap().len(),
        1
    );
}

#[test]
fn hr_import_lists_each_files_outcome_and_exits_2_when_any_was_refused() {
    let hr = tempfile::tempdir().unwrap();
    json(hr.path(), &["hr", "area", "on"]);
    let files = tempfile::tempdir().unwrap();
    let big = files.path().join("big.reflectpack");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(21 * 1024 * 1024)
        .unwrap();
    let junk = files.path().join("junk.reflectpack");
    std::fs::write(&junk, "not a pack").unwrap();
    let out = run(
        hr.path(),
        &[
            "--json",
            "hr",
            "import",
            &big.to_string_lossy(),
            &junk.to_string_lossy(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["outcome"], "refused");
    assert!(list[0]["reason"].as_str().unwrap().contains("20 MiB"));
    assert_eq!(list[0]["file"], big.to_string_lossy().as_ref());
    assert!(list[1]["flags"].as_array().unwrap().is_empty());
    assert_eq!(
        json(hr.path(), &["hr", "held"]).as_array().unwrap().len(),
        0
    );
}

#[test]
fn hr_threshold_is_shown_set_and_recorded_and_a_value_out_of_range_changes_nothing() {
    let hr = tempfile::tempdir().unwrap();
    json(hr.path(), &["hr", "area", "on"]);
    assert_eq!(
        json(hr.path(), &["hr", "threshold"])["threshold"],
        5,
        "the default"
    );
    assert_eq!(json(hr.path(), &["hr", "threshold", "7"])["threshold"], 7);
    for bad in ["0", "1", "11", "99"] {
        let out = run(hr.path(), &["hr", "threshold", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(
            err.contains("threshold") && err.contains("from 2 to 10"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = run(hr.path(), &["hr", "threshold", "seven"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        json(hr.path(), &["hr", "threshold"])["threshold"],
        7,
        "nothing changed"
    );
    // Recorded in what the summary shows: its JSON and the terminal table's legend.
    assert_eq!(json(hr.path(), &["hr", "summary"])["suppress_below"], 7);
    let text = common::ok(hr.path(), &["hr", "summary"]);
    assert!(text.contains("suppression threshold of 7"), "{text}");
}

#[test]
fn hr_summary_writes_the_counts_csv_with_the_threshold_and_not_over_an_existing_file() {
    let hr = tempfile::tempdir().unwrap();
    json(hr.path(), &["hr", "area", "on"]);
    json(hr.path(), &["hr", "threshold", "6"]);
    let file = hr.path().join("counts.csv");
    let file = file.to_str().unwrap();
    common::ok(hr.path(), &["hr", "summary", "--counts-csv", file]);
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("Suppression threshold"),
        "{text}"
    );
    let out = run(hr.path(), &["hr", "summary", "--counts-csv", file]);
    assert_eq!(out.status.code(), Some(2), "an existing file needs --force");
    common::ok(
        hr.path(),
        &["hr", "summary", "--counts-csv", file, "--force"],
    );
}
