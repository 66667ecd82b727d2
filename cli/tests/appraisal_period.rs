//! `reflect appraisal new` with the default period right after an appraisal that ends today
//! (issue 15): it starts the day after, and an explicit overlapping period says when one may.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use chrono::NaiveDate;

#[test]
fn a_second_default_period_starts_the_day_after_the_first_ends() {
    let dir = tempfile::tempdir().unwrap();
    common::init(dir.path(), "nhs-somerset", &["--professional", "nmc-code"]);
    let first = common::json(
        dir.path(),
        &["appraisal", "new", "--appraiser-title", "Ward Manager"],
    );
    let end = first["content"]["period_end"].as_str().unwrap().to_string();
    let second = common::json(
        dir.path(),
        &["appraisal", "new", "--appraiser-title", "Ward Manager"],
    );
    let day_after = NaiveDate::parse_from_str(&end, "%Y-%m-%d")
        .unwrap()
        .succ_opt()
        .unwrap();
    assert_eq!(
        second["content"]["period_start"].as_str().unwrap(),
        day_after.to_string()
    );

    let out = common::run(
        dir.path(),
        &[
            "appraisal",
            "new",
            "--start",
            &end,
            "--end",
            &day_after.to_string(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("start on or after"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
