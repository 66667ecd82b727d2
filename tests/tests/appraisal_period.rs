//! A new appraisal's default period (issue 15): right after an agreed appraisal that ends today,
//! the default starts the day after it, and an explicit period that overlaps says which dates
//! are free.

use chrono::{Days, NaiveDate};
use reflect_core::appraisal::NewAppraisal;
use reflect_tests::set_up;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

#[test]
fn the_default_period_starts_the_day_after_an_appraisal_that_ends_today() {
    let (_dir, mut store) = set_up();
    let first = reflect_core::sample::agreed_appraisal(&mut store, today(), 1, 3).unwrap();
    let agreed = store
        .appraisal(&first, reflect_core::Role::Colleague, today())
        .unwrap();
    assert_eq!(
        agreed.content.period_end, "2026-12-01",
        "the first ends today"
    );
    let next = store
        .create_appraisal(
            &NewAppraisal {
                appraiser_name: "Sam Lee".into(),
                ..NewAppraisal::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(next.content.period_start, "2026-12-02");
    assert_eq!(next.content.period_end, "2027-12-01");
    assert!(
        !next.content.previous.is_empty(),
        "last year's objectives are carried forward from the one that ended today"
    );
}

#[test]
fn an_overlapping_period_says_when_a_new_one_may_start() {
    let (_dir, mut store) = set_up();
    reflect_core::sample::agreed_appraisal(&mut store, today(), 1, 3).unwrap();
    let before = reflect_tests::counts(&store);
    let err = store
        .create_appraisal(
            &NewAppraisal {
                period_start: "2026-06-01".into(),
                period_end: (today() + Days::new(100)).to_string(),
                appraiser_name: "Sam Lee".into(),
                ..NewAppraisal::default()
            },
            today(),
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("period_start"));
    assert!(
        err.message().contains("to 1 December 2026")
            && err.message().contains("on or after 2 December 2026"),
        "{}",
        err.message()
    );
    assert_eq!(reflect_tests::counts(&store), before, "nothing written");
}
