//! What the documents say, read back with `pdftotext`: counts with the right plural, dates all in
//! one long form, each section's words once, the organisation named, a reflection once in the
//! portfolio however many behaviours of a value it shows, and an NMC document that counts only
//! what it contains (never revealing that private reflections exist) and prints who confirmed.
use std::process::Command;

use chrono::{Local, NaiveDate};
use reflect_core::revalidation::{ConfirmationInput, DiscussionInput};
use reflect_core::{ReflectiveModel, Registration, RegistrationBody, Store, Visibility};
use reflect_pdf::export;
use reflect_pdf::Rendered;
use reflect_tests::{input, set_up, tag};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// The text of a PDF, and the same with all whitespace removed.
fn text(r: &Rendered) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let t = String::from_utf8(out.stdout).unwrap();
    let squeezed = t.chars().filter(|c| !c.is_whitespace()).collect();
    (t, squeezed)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Any YYYY-MM-DD in `s`.
fn iso_dates(s: &str) -> Vec<String> {
    let b: Vec<char> = s.chars().collect();
    b.windows(10)
        .filter(|w| {
            w.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
        })
        .map(|w| w.iter().collect())
        .collect()
}

#[test]
fn cpd_hours_and_counts_take_the_singular_for_one() {
    // (hours on the reflection, what the portfolio prints, what it never prints)
    let cases = [
        (1.0, "CPD 1 hour", "1 hours"),
        (2.5, "CPD 2.5 hours", "2.5 hour ·"),
        (0.5, "CPD 0.5 hours", "0.50"),
        (3.0, "CPD 3 hours", "3.0 hours"),
    ];
    for (hours, want, never) in cases {
        let (_dir, mut store) = set_up();
        let mut r = input("Study day", "Learnt a lot.");
        r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
        r.visibility = Visibility::Shared;
        r.cpd_hours = Some(hours);
        store.save_reflection(&r).unwrap();
        let (t, _) = text(&export::portfolio_pdf(&store, None, None).unwrap());
        assert!(t.contains(want), "{hours}: {want}");
        assert!(!t.contains(never), "{hours}: never {never}");
    }
}

fn nmc_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = set_up();
    let mut p = reflect_tests::profile();
    p.registration = Some(Registration {
        body: RegistrationBody::Nmc,
        pin: "12A3456E".into(),
        renewal_date: "2027-10-31".into(),
    });
    store.save_profile(&p).unwrap();
    (dir, store)
}

fn nmc_account(store: &mut Store, title: &str, hours: f64, visibility: Visibility) {
    nmc_cpd(store, title, hours, visibility, true);
}

fn nmc_cpd(store: &mut Store, title: &str, hours: f64, visibility: Visibility, part: bool) {
    let mut r = input(title, "");
    r.model = ReflectiveModel::Nmc;
    r.body = [("what_happened".to_string(), format!("{title} happened"))].into();
    r.tags = vec![tag("nmc-code", "preserve-safety", None)];
    r.visibility = visibility;
    r.cpd_hours = Some(hours);
    r.cpd_participatory = part;
    r.event_date = "2026-03-10".into();
    store.save_reflection(&r).unwrap();
}

#[test]
fn the_nmc_document_counts_only_what_it_prints_and_never_mentions_private_reflections() {
    let (_dir, mut store) = nmc_store();
    let today = today();
    nmc_account(&mut store, "Shared one", 0.1, Visibility::Shared);
    nmc_account(&mut store, "Shared two", 0.2, Visibility::Shared);
    nmc_account(&mut store, "Private one", 5.0, Visibility::Private);
    nmc_account(&mut store, "Private two", 5.0, Visibility::Private);
    // (include private, accounts, hours, participatory hours, what must not appear)
    let cases = [
        (
            false,
            "2 of 5 accounts",
            "0.3 of 35 hours",
            "0.3 of 20 hours",
        ),
        (
            true,
            "4 of 5 accounts",
            "10.3 of 35 hours",
            "10.3 of 20 hours",
        ),
    ];
    for (private, accounts, hours, participatory) in cases {
        let (t, squeezed) = text(&export::nmc_pdf(&store, private, today).unwrap());
        for want in [accounts, hours, participatory] {
            assert!(
                squeezed.contains(&squeeze(want)),
                "private {private}: {want}"
            );
        }
        // The CPD log's total is the same sum, written as people write it.
        assert!(
            squeezed.contains("Total0.3") || private,
            "the log totals 0.3"
        );
        assert!(!t.contains("0.30000"), "no floating-point noise");
        if !private {
            assert!(
                !t.to_lowercase().contains("private"),
                "the document does not say that private reflections exist: {t}"
            );
            assert!(!t.contains("Private one"));
        }
    }
}

#[test]
fn the_nmc_document_prints_the_confirmation_and_the_discussion_in_good_english() {
    let (_dir, mut store) = nmc_store();
    let today = today();
    nmc_cpd(&mut store, "Only account", 2.0, Visibility::Shared, false);
    store
        .add_discussion(
            &DiscussionInput {
                partner_name: "Jo Patel".into(),
                partner_pin: "98B7654C".into(),
                held_on: "2026-11-01".into(),
                notes: String::new(),
            },
            today,
        )
        .unwrap();
    let before = text(&export::nmc_pdf(&store, false, today).unwrap()).0;
    assert!(before.contains("No confirmation recorded yet."));
    assert!(before.contains("The reflective account above was discussed."));
    store
        .add_confirmation(
            &ConfirmationInput {
                confirmer_name: "Dr Ada Lovelace".into(),
                confirmer_role: "Line manager".into(),
                confirmer_pin: Some("11A1111A".into()),
                confirmed_on: "2026-11-20".into(),
            },
            today,
        )
        .unwrap();
    let (t, squeezed) = text(&export::nmc_pdf(&store, false, today).unwrap());
    for want in [
        "ConfirmedbyDrAdaLovelace",
        "TheirroleLinemanager",
        "TheirNMCPIN11A1111A",
        "Dateoftheconfirmation20November2026",
    ] {
        assert!(squeezed.contains(want), "{want}: {t}");
    }
    assert!(iso_dates(&t).is_empty(), "{:?}", iso_dates(&t));
    // No participatory hours: nought, never "-0" (an empty float sum is negative zero).
    assert!(squeezed.contains("0of20hours"), "{t}");
    assert!(squeezed.contains("0participatory"));
    assert!(!t.contains("-0"), "{t}");
}

#[test]
fn the_appraisal_record_names_the_organisation_says_each_section_once_and_dates_in_words() {
    let (_dir, mut store) = set_up();
    let today = today();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, 3, 9).unwrap();
    let (t, squeezed) = text(&export::appraisal_pdf(&store, &id, false, today).unwrap());
    assert!(
        squeezed.contains("OrganisationNHSSomerset"),
        "the record names the organisation"
    );
    assert_eq!(
        t.matches("Career aspirations").count(),
        2,
        "section 8 is named in the contents and its heading, not again as its note's label"
    );
    assert!(t.contains("Agreed on"), "the pay-step standard says when");
    assert!(
        iso_dates(&t).is_empty(),
        "every date in words: {:?}",
        iso_dates(&t)
    );
}

#[test]
fn a_reflection_with_two_behaviours_of_one_value_is_printed_once_with_both() {
    let (_dir, mut store) = set_up();
    let mut r = input(
        "Feedback from the ward round",
        "UNIQUE-BODY-TEXT of the reflection.",
    );
    r.tags = vec![
        tag("nhs-somerset", "self-awareness", Some("sa-feedback")),
        tag("nhs-somerset", "self-awareness", Some("sa-limitations")),
    ];
    r.visibility = Visibility::Shared;
    store.save_reflection(&r).unwrap();
    let framework = store.framework("nhs-somerset", None).unwrap().doc;
    let value = framework
        .values
        .iter()
        .find(|v| v.key == "self-awareness")
        .unwrap();
    let statement = |key: &str| {
        value
            .behaviours
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.text.clone())
            .unwrap()
    };
    let (t, squeezed) = text(&export::portfolio_pdf(&store, None, None).unwrap());
    assert_eq!(t.matches("UNIQUE-BODY-TEXT").count(), 1, "printed once");
    for key in ["sa-feedback", "sa-limitations"] {
        let s = squeeze(&statement(key));
        assert!(
            squeezed.matches(&s).count() >= 2,
            "{key}: its heading and the reflection's tag line"
        );
    }
    assert!(squeezed.contains(&squeeze("Also evidence for this statement")));
}
