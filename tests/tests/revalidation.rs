//! NMC revalidation: the three-year window on boundary dates, what counts as a reflective
//! account, CPD hours, the feedback log, the reflective discussion and confirmation.

use chrono::NaiveDate;
use reflect_core::revalidation::{
    self, ConfirmationInput, DiscussionInput, FeedbackInput, ACCOUNTS_NEEDED,
};
use reflect_core::{ReflectiveModel, Registration, RegistrationBody, Store};
use reflect_tests::{input, set_up, tag};

/// A change to make to valid input, and the field the error must name.
type Case<T> = (fn(&mut T), &'static str);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn nmc(store: &mut Store, renewal: &str) {
    let mut p = reflect_tests::profile();
    p.registration = Some(Registration {
        body: RegistrationBody::Nmc,
        pin: "12A3456E".into(),
        renewal_date: renewal.into(),
    });
    store.save_profile(&p).unwrap();
}

#[test]
fn the_window_and_submission_date_on_boundary_dates() {
    // (renewal date, first day that counts, submit by)
    for (renewal, start, by) in [
        ("2027-03-31", "2024-03-31", "2027-03-01"),
        ("2027-01-01", "2024-01-01", "2027-01-01"),
        ("2028-02-29", "2025-02-28", "2028-02-01"),
        ("2027-02-28", "2024-02-28", "2027-02-01"),
    ] {
        let (s, e) = revalidation::window(day(renewal));
        assert_eq!(s, day(start), "{renewal}");
        assert_eq!(e, day(renewal));
        assert_eq!(revalidation::submit_by(day(renewal)), day(by), "{renewal}");
    }
}

#[test]
fn accounts_hours_and_feedback_count_only_inside_the_window() {
    let (_dir, mut store) = set_up();
    let today = day("2026-11-22");
    nmc(&mut store, "2027-03-31"); // window 2024-03-31 .. 2027-03-31
                                   // (event date, NMC model?, tagged with the Code?, CPD hours, participatory, counts as account)
    let cases = [
        ("2024-03-31", true, false, 10.0, true, true), // first day of the window
        ("2024-03-30", true, false, 50.0, true, false), // a day before: counts for nothing
        ("2025-06-01", false, true, 12.5, false, true), // tagged with a Code theme
        ("2025-07-01", false, false, 5.0, true, false), // neither: hours count, not an account
        ("2026-11-22", true, true, 2.0, false, true),  // today
    ];
    for (i, (date, nmc_model, coded, hours, participatory, _)) in cases.iter().enumerate() {
        let mut r = input(&format!("Account {i}"), "x");
        r.event_date = (*date).into();
        if *nmc_model {
            r.model = ReflectiveModel::Nmc;
            r.body = [("what_happened".to_string(), "x".to_string())].into();
        }
        if *coded {
            r.tags = vec![tag("nmc-code", "preserve-safety", None)];
        }
        r.cpd_hours = Some(*hours);
        r.cpd_participatory = *participatory;
        store.save_reflection(&r).unwrap();
    }
    let status = store.revalidation(today).unwrap();
    assert!(status.applicable);
    assert_eq!(status.window_start.as_deref(), Some("2024-03-31"));
    assert_eq!(status.submit_by.as_deref(), Some("2027-03-01"));
    assert_eq!(status.days_left, Some(99));
    let want_accounts = cases.iter().filter(|c| c.5).count();
    assert_eq!(status.accounts.len(), want_accounts);
    let req = |k: &str| {
        status
            .requirements
            .iter()
            .find(|r| r.key == k)
            .unwrap()
            .clone()
    };
    assert_eq!(
        req("accounts").progress,
        format!("{want_accounts} of {ACCOUNTS_NEEDED} accounts")
    );
    assert_eq!(req("cpd_hours").have, 29.5);
    assert_eq!(req("cpd_hours").progress, "29.5 of 35 hours");
    assert_eq!(req("cpd_participatory").have, 15.0);
    assert!(!req("feedback").met && !req("discussion").met && !req("confirmation").met);
    assert_eq!(status.due.len(), 6);

    // Five pieces of feedback, the last on the window's first day; one outside.
    for date in [
        "2024-03-30",
        "2024-03-31",
        "2025-01-10",
        "2025-05-05",
        "2026-02-02",
        "2026-10-10",
    ] {
        store
            .save_feedback(
                &FeedbackInput {
                    id: None,
                    received_on: date.into(),
                    source: "Patient".into(),
                    summary: "Thanked the team for explaining the plan.".into(),
                    changes: "I now check understanding at the end.".into(),
                },
                today,
            )
            .unwrap();
    }
    store
        .add_discussion(
            &DiscussionInput {
                partner_name: "Jo Patel".into(),
                partner_pin: " 98b7654c ".into(),
                held_on: "2026-11-01".into(),
                notes: String::new(),
            },
            today,
        )
        .unwrap();
    let status = store.revalidation(today).unwrap();
    let req = |k: &str| {
        status
            .requirements
            .iter()
            .find(|r| r.key == k)
            .unwrap()
            .clone()
    };
    assert_eq!(req("feedback").progress, "5 of 5 pieces of feedback");
    assert!(req("feedback").met && req("discussion").met);
    assert_eq!(status.discussions[0].partner_pin, "98B7654C", "normalised");
    assert_eq!(status.feedback.len(), 6, "the log keeps everything");
    assert_eq!(status.due.len(), 4);
}

#[test]
fn bad_log_entries_name_the_field_and_change_nothing() {
    let (_dir, mut store) = set_up();
    let today = day("2026-11-22");
    let good = FeedbackInput {
        id: None,
        received_on: "2026-01-01".into(),
        source: "Colleague".into(),
        summary: "Good handover".into(),
        changes: "Kept doing it".into(),
    };
    let feedback_cases: &[Case<FeedbackInput>] = &[
        (|f| f.received_on = "2026-12-01".into(), "received_on"),
        (|f| f.received_on = "01/01/2026".into(), "received_on"),
        (|f| f.source = " ".into(), "source"),
        (|f| f.summary = String::new(), "summary"),
        (|f| f.changes = "x".repeat(20_001), "changes"),
    ];
    for (change, field) in feedback_cases {
        let mut f = good.clone();
        change(&mut f);
        assert_eq!(
            store.save_feedback(&f, today).unwrap_err().field(),
            Some(*field)
        );
    }
    let mut missing = good.clone();
    missing.id = Some("no-such-id".into());
    assert!(matches!(
        store.save_feedback(&missing, today),
        Err(reflect_core::Error::NotFound { .. })
    ));
    assert!(store.feedback_log().unwrap().is_empty());

    let discussion = DiscussionInput {
        partner_name: "Jo".into(),
        partner_pin: "12A3456E".into(),
        held_on: "2026-01-01".into(),
        notes: String::new(),
    };
    let discussion_cases: &[Case<DiscussionInput>] = &[
        (|d| d.partner_name = String::new(), "partner_name"),
        (|d| d.partner_pin = "1234567".into(), "partner_pin"),
        (|d| d.partner_pin = String::new(), "partner_pin"),
        (|d| d.held_on = "2027-01-01".into(), "held_on"),
    ];
    for (change, field) in discussion_cases {
        let mut d = discussion.clone();
        change(&mut d);
        assert_eq!(
            store.add_discussion(&d, today).unwrap_err().field(),
            Some(*field)
        );
    }
    let confirmation = ConfirmationInput {
        confirmer_name: "Alex Smith".into(),
        confirmer_role: "Ward Manager".into(),
        confirmer_pin: Some("nope".into()),
        confirmed_on: "2026-11-01".into(),
    };
    assert_eq!(
        store
            .add_confirmation(&confirmation, today)
            .unwrap_err()
            .field(),
        Some("confirmer_pin")
    );
    nmc(&mut store, "2027-03-31");
    let status = store.revalidation(today).unwrap();
    assert!(status.discussions.is_empty() && status.confirmations.is_empty());

    // Edit and delete round trip.
    let saved = store.save_feedback(&good, today).unwrap();
    let mut edit = good.clone();
    edit.id = Some(saved.id.clone());
    edit.summary = "Changed".into();
    assert_eq!(
        store.save_feedback(&edit, today).unwrap().summary,
        "Changed"
    );
    assert_eq!(store.feedback_log().unwrap().len(), 1);
    store.delete_feedback(&saved.id).unwrap();
    assert!(store.feedback_log().unwrap().is_empty());
}

#[test]
fn without_an_nmc_registration_the_tracker_says_how_to_start() {
    let (_dir, store) = set_up();
    let status = store.revalidation(day("2026-11-22")).unwrap();
    assert!(!status.applicable);
    assert!(status.message.contains("NMC PIN"));
}
