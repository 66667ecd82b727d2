//! Desktop notifications of reminders that fall due, through the public API on real SQLite
//! files: which reminders make one, at most one a day however many stores ask (at once, too),
//! the Settings switch, and a clock put back.

use std::sync::{Arc, Barrier};

use chrono::{Days, NaiveDate};
use reflect_core::appraisal::{Reminder, ReminderKind, Role, Severity};
use reflect_core::reminders::{notice, Notice};
use reflect_core::{NewAppraisal, Store};
use reflect_tests::{set_up, Latest};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-22";

fn reminder(kind: ReminderKind, severity: Severity, message: &str) -> Reminder {
    Reminder {
        kind,
        severity,
        message: message.into(),
        due: None,
        link: None,
    }
}

/// The notice's title and its body's lines in order, or no notice.
type Expected = Option<(&'static str, Vec<&'static str>)>;

#[test]
fn only_the_appraisal_the_pay_step_and_revalidation_falling_due_make_a_notice() {
    use ReminderKind::*;
    use Severity::*;
    let cases: Vec<(Vec<Reminder>, Expected)> = vec![
        (vec![], None),
        (
            vec![
                reminder(AppraisalDue, Info, "due in a year"),
                reminder(PayStep, Info, "pay step in five months"),
                reminder(Revalidation, Info, "not yet"),
            ],
            None,
        ),
        // A value without a recent reflection is for the app only, however it is marked.
        (
            vec![reminder(ValueGap, Soon, "no reflection on Respect")],
            None,
        ),
        (
            vec![reminder(AppraisalDue, Soon, "appraisal in 30 days")],
            Some(("Reflect: coming up", vec!["appraisal in 30 days"])),
        ),
        (
            vec![reminder(Revalidation, Overdue, "revalidation overdue")],
            Some(("Reflect: overdue", vec!["revalidation overdue"])),
        ),
        (
            vec![
                reminder(AppraisalDue, Soon, "appraisal in 30 days"),
                reminder(ValueGap, Info, "no reflection on Respect"),
                reminder(PayStep, Overdue, "pay step passed"),
                reminder(Revalidation, Soon, "revalidation in 90 days"),
            ],
            Some((
                "Reflect: 3 things need you",
                vec![
                    "pay step passed",
                    "appraisal in 30 days",
                    "revalidation in 90 days",
                ],
            )),
        ),
    ];
    for (reminders, expected) in cases {
        let got = notice(&reminders);
        let expected = expected.map(|(title, lines)| Notice {
            title: title.into(),
            body: lines.join("\n"),
        });
        assert_eq!(got, expected, "{reminders:?}");
    }
}

/// A journal whose appraisal has a pay step 30 days after `TODAY`, its standards not yet met:
/// a reminder that falls due.
fn with_pay_step_due() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = set_up();
    let today = day(TODAY);
    assert_eq!(
        store.notice_due(today).unwrap(),
        None,
        "nothing falls due yet"
    );
    let a = store
        .create_appraisal(
            &NewAppraisal {
                period_start: "2025-12-01".into(),
                period_end: "2026-11-30".into(),
                appraiser_name: "Alex Smith".into(),
                appraiser_job_title: "Ward Manager".into(),
            },
            today,
        )
        .unwrap();
    let mut c = a.content.clone();
    c.pay_step.date = (today + Days::new(30)).to_string();
    store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    (dir, store)
}

#[test]
fn a_notice_is_given_once_a_day_to_one_of_the_stores_that_ask() {
    let (dir, mut store) = with_pay_step_due();
    let today = day(TODAY);
    // Nothing falling due earlier did not use up the day.
    let first = store
        .notice_due(today)
        .unwrap()
        .expect("the pay step is due");
    assert_eq!(first.title, "Reflect: coming up");
    assert!(first.body.starts_with("Pay step on "), "{}", first.body);
    assert_eq!(store.notice_due(today).unwrap(), None, "once a day");
    // Another window or process on the same journal, the same day: none.
    let mut other = Store::open_dir(dir.path()).unwrap();
    assert_eq!(other.notice_due(today).unwrap(), None);
    // A clock put back a day does not give a second one.
    assert_eq!(other.notice_due(today - Days::new(1)).unwrap(), None);
    // The next day, again.
    assert!(other.notice_due(today + Days::new(1)).unwrap().is_some());
    assert_eq!(store.notice_due(today + Days::new(1)).unwrap(), None);
}

#[test]
fn stores_asking_at_the_same_moment_give_one_notice_between_them() {
    let (dir, store) = with_pay_step_due();
    drop(store);
    let today = day(TODAY);
    let n = 6;
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let path = dir.path().to_path_buf();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut s = Store::open_dir(&path).unwrap();
                barrier.wait();
                s.notice_due(today).unwrap().is_some()
            })
        })
        .collect();
    let given = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|&g| g)
        .count();
    assert_eq!(given, 1);
}

#[test]
fn switched_off_in_settings_no_notice_is_given_and_the_day_is_not_used_up() {
    let (dir, mut store) = with_pay_step_due();
    let today = day(TODAY);
    assert!(store.notifications_on().unwrap(), "on unless switched off");
    store.set_notifications(false).unwrap();
    assert!(!Store::open_dir(dir.path())
        .unwrap()
        .notifications_on()
        .unwrap());
    for d in 0..3 {
        assert_eq!(store.notice_due(today + Days::new(d)).unwrap(), None);
    }
    store.set_notifications(true).unwrap();
    assert!(store.notice_due(today).unwrap().is_some());
}
