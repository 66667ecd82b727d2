//! Issue 15's journal and appraisal journeys, through the public API on real SQLite files: each
//! gap a careful user found is refused naming the field, and nothing changes; searches that
//! could only match everything say why; reflections of an earlier framework stay in sight.
use reflect_tests::Latest;

use chrono::NaiveDate;
use reflect_core::appraisal::{
    Action, Answer, AppraisalContent, AppraisalState, DevelopmentItem, Objective, PlanStatus, Role,
};
use reflect_core::revalidation::{DiscussionInput, FeedbackInput};
use reflect_core::search_syntax::NO_WORDS;
use reflect_core::{
    NewAppraisal, ReflectionQuery, Registration, RegistrationBody, Store, Visibility,
};
use reflect_tests::{counts, input, profile, set_up, tag};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-22";

fn appraisal(store: &mut Store) -> reflect_core::Appraisal {
    store
        .create_appraisal(
            &NewAppraisal {
                period_start: "2025-12-01".into(),
                period_end: "2026-11-30".into(),
                appraiser_name: "Alex Smith".into(),
                appraiser_job_title: "Ward Manager".into(),
            },
            day(TODAY),
        )
        .unwrap()
}

fn objective(text: &str) -> Objective {
    Objective {
        id: String::new(),
        objective: text.into(),
        measure: "Audit shows it".into(),
        by_date: "2027-06-30".into(),
        support: String::new(),
        by: None,
    }
}

fn plan_item(need: &str) -> DevelopmentItem {
    DevelopmentItem {
        id: String::new(),
        need: need.into(),
        activity: "Attend the course".into(),
        support: String::new(),
        target_date: "2027-03-31".into(),
        status: PlanStatus::Agreed,
        ksf: None,
        by: None,
    }
}

type Bad = (fn(&mut AppraisalContent), &'static str, &'static str);

/// Dates far outside anything plausible, and "not applicable" for a standard that is never
/// not applicable, are refused on save naming the field; nothing changes.
#[test]
fn implausible_appraisal_dates_and_answers_are_refused_naming_the_field() {
    let cases: &[Bad] = &[
        (
            |c| {
                c.period_start = "0001-01-01".into();
                c.period_end = "0001-12-31".into();
            },
            "period_start",
            "1948-07-05",
        ),
        (
            |c| c.pay_step.date = "1900-01-01".into(),
            "pay_step.date",
            "within 12 months of the appraisal period",
        ),
        (
            |c| c.meeting_date = "2001-03-01".into(),
            "meeting_date",
            "within 12 months",
        ),
        (
            |c| {
                c.objectives = vec![Objective {
                    by_date: "2001-01-01".into(),
                    ..objective("Teach")
                }]
            },
            "objectives[0].by_date",
            "from the period's start",
        ),
        (
            |c| {
                c.development_plan = vec![
                    plan_item("Leadership"),
                    DevelopmentItem {
                        target_date: "2040-01-01".into(),
                        ..plan_item("Audit")
                    },
                ]
            },
            "development_plan[1].target_date",
            "5 years after the period's end",
        ),
        (
            |c| c.pay_step.training = Answer::NotApplicable,
            "pay_step.training",
            "not applicable is only for",
        ),
        (
            |c| c.pay_step.no_capability = Answer::NotApplicable,
            "pay_step.no_capability",
            "not applicable is only for",
        ),
    ];
    let (_dir, mut store) = set_up();
    let a = appraisal(&mut store);
    let before = counts(&store);
    for (change, field, fragment) in cases {
        let mut c = a.content.clone();
        change(&mut c);
        let err = store
            .save_latest(&a.id, &c, Role::Colleague, day(TODAY))
            .unwrap_err();
        assert_eq!(err.field(), Some(*field), "{err}");
        assert!(
            err.message().contains(fragment),
            "{field}: {}",
            err.message()
        );
        let now = store.appraisal(&a.id, Role::Colleague, day(TODAY)).unwrap();
        assert_eq!(now.content, a.content, "{field}: nothing changed");
    }
    assert_eq!(counts(&store), before);
    // What is plausible still saves: a pay step just after the period, n/a for staff appraised.
    let mut c = a.content.clone();
    c.pay_step.date = "2027-02-01".into();
    c.pay_step.staff_appraised = Answer::NotApplicable;
    c.objectives = vec![objective("Teach")];
    store
        .save_latest(&a.id, &c, Role::Colleague, day(TODAY))
        .unwrap();
}

/// An objective with nothing in it, or a plan item with no need, cannot be submitted: the
/// refusal names the row by its number, and the appraisal stays a draft.
#[test]
fn an_empty_objective_or_a_plan_item_without_a_need_is_not_submitted() {
    let cases: &[Bad] = &[
        (
            |c| c.objectives = vec![Objective::default()],
            "objectives[0].objective",
            "Objective 1:",
        ),
        (
            |c| {
                c.objectives = vec![
                    objective("Teach"),
                    Objective {
                        objective: " ".into(),
                        ..objective("")
                    },
                ]
            },
            "objectives[1].objective",
            "Objective 2:",
        ),
        (
            |c| c.development_plan = vec![plan_item("")],
            "development_plan[0].need",
            "Development plan item 1:",
        ),
    ];
    for (change, field, fragment) in cases {
        let (_dir, mut store) = set_up();
        let a = appraisal(&mut store);
        let mut c = a.content.clone();
        change(&mut c);
        store
            .save_latest(&a.id, &c, Role::Colleague, day(TODAY))
            .unwrap();
        let err = store
            .act_latest(&a.id, Action::Submit, Role::Colleague, None, day(TODAY))
            .unwrap_err();
        assert_eq!(err.field(), Some(*field), "{err}");
        assert!(err.message().contains(fragment), "{}", err.message());
        let now = store.appraisal(&a.id, Role::Colleague, day(TODAY)).unwrap();
        assert_eq!(now.state, AppraisalState::Draft);
    }
}

/// The appraiser cannot see hidden wellbeing notes; writing to them is refused naming the
/// field (it used to report success and drop the text). Their other edits still save.
#[test]
fn the_appraisers_edit_of_hidden_wellbeing_notes_is_refused() {
    let (_dir, mut store) = set_up();
    let a = appraisal(&mut store);
    let mut c = a.content.clone();
    c.wellbeing.text = "Struggling with nights".into();
    store
        .save_latest(&a.id, &c, Role::Colleague, day(TODAY))
        .unwrap();
    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, day(TODAY))
        .unwrap();
    store
        .act_latest(
            &a.id,
            Action::StartReview,
            Role::Appraiser,
            None,
            day(TODAY),
        )
        .unwrap();
    let seen = store.appraisal(&a.id, Role::Appraiser, day(TODAY)).unwrap();
    assert!(seen.content.wellbeing.text.is_empty());
    let mut c = seen.content.clone();
    c.wellbeing.text = "Appraiser's note".into();
    let err = store
        .save_latest(&a.id, &c, Role::Appraiser, day(TODAY))
        .unwrap_err();
    assert_eq!(err.field(), Some("wellbeing"), "{err}");
    let mut c = seen.content.clone();
    c.appraiser_summary.text = "A good year".into();
    store
        .save_latest(&a.id, &c, Role::Appraiser, day(TODAY))
        .unwrap();
    let mine = store.appraisal(&a.id, Role::Colleague, day(TODAY)).unwrap();
    assert_eq!(mine.content.wellbeing.text, "Struggling with nights");
    assert_eq!(mine.content.appraiser_summary.text, "A good year");
}

/// Dates of what happened are not before the NHS was founded (a slip such as 0001-01-01);
/// the founding day itself is fine.
#[test]
fn dates_of_what_happened_are_not_before_the_nhs_was_founded() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let before = counts(&store);
    let mut r = input("Old", "Text");
    r.event_date = "0001-01-01".into();
    let err = store.save_reflection(&r).unwrap_err();
    assert_eq!(err.field(), Some("event_date"));
    assert!(err.message().contains("1948-07-05"), "{}", err.message());
    let feedback = FeedbackInput {
        id: None,
        received_on: "1900-01-01".into(),
        source: "Patient".into(),
        summary: "Kind".into(),
        changes: String::new(),
    };
    let err = store.save_feedback(&feedback, today).unwrap_err();
    assert_eq!(err.field(), Some("received_on"));
    let discussion = DiscussionInput {
        partner_name: "Jo Bloggs".into(),
        partner_pin: "98B7654C".into(),
        held_on: "1947-12-31".into(),
        notes: String::new(),
    };
    let err = store.add_discussion(&discussion, today).unwrap_err();
    assert_eq!(err.field(), Some("held_on"));
    assert_eq!(counts(&store), before, "nothing saved");
    r.event_date = "1948-07-05".into();
    store.save_reflection(&r).unwrap();
}

/// The profile's NMC PIN is held to the same rule as a discussion partner's (it was not
/// checked at all); a well-formed one typed in lower case with a space is stored tidied.
#[test]
fn the_profiles_nmc_pin_is_checked_like_the_partners() {
    let (_dir, mut store) = set_up();
    let before = store.profile().unwrap();
    let with = |body, pin: &str, renewal: &str| {
        let mut p = profile();
        p.registration = Some(Registration {
            body,
            pin: pin.into(),
            renewal_date: renewal.into(),
        });
        p
    };
    for (p, field) in [
        (
            with(RegistrationBody::Nmc, "123", "2027-03-31"),
            "registration.pin",
        ),
        (
            with(RegistrationBody::Nmc, "12A3456", "2027-03-31"),
            "registration.pin",
        ),
        (
            with(RegistrationBody::Nmc, "12A3456E", "2099-03-31"),
            "registration.renewal_date",
        ),
    ] {
        let err = store.save_profile(&p).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert_eq!(store.profile().unwrap(), before);
    }
    let saved = store
        .save_profile(&with(RegistrationBody::Nmc, " 12a 3456e ", "2027-03-31"))
        .unwrap();
    assert_eq!(saved.registration.unwrap().pin, "12A3456E");
    // Another body's number has its own shape.
    store
        .save_profile(&with(RegistrationBody::Hcpc, "PA12345", "2027-03-31"))
        .unwrap();
}

/// `from` later than `to` would list nothing without a word: refused naming `from`.
#[test]
fn a_from_date_after_the_to_date_is_refused_naming_from() {
    let (_dir, mut store) = set_up();
    store.save_reflection(&input("One", "Text")).unwrap();
    let q = ReflectionQuery {
        from: Some("2026-05-01".into()),
        to: Some("2026-04-01".into()),
        ..ReflectionQuery::default()
    };
    let err = store.list_reflections(&q).unwrap_err();
    assert_eq!(err.field(), Some("from"), "{err}");
    let q = ReflectionQuery {
        from: Some("2026-01-15".into()),
        to: Some("2026-01-15".into()),
        ..ReflectionQuery::default()
    };
    assert_eq!(store.list_reflections(&q).unwrap().len(), 1);
}

/// A search of only punctuation or an emoji used to list the whole journal; it finds nothing
/// and says why, naming the search field, whether typed or submitted.
#[test]
fn a_search_with_no_letter_or_digit_says_why() {
    let (_dir, mut store) = set_up();
    store.save_reflection(&input("Handover", "Sepsis")).unwrap();
    for (text, typing) in [
        ("???", false),
        ("*", false),
        ("\u{1F600}", false),
        ("!!", true),
        ("…", true),
    ] {
        let q = ReflectionQuery {
            text: Some(text.into()),
            as_you_type: typing,
            ..ReflectionQuery::default()
        };
        let err = store.list_reflections(&q).unwrap_err();
        assert_eq!(
            (err.field(), err.message().as_str()),
            (Some("text"), NO_WORDS),
            "{text:?}"
        );
    }
    // The start of an exclusion, while typing, is not a search yet.
    let q = ReflectionQuery {
        text: Some("-".into()),
        as_you_type: true,
        ..ReflectionQuery::default()
    };
    assert_eq!(store.list_reflections(&q).unwrap().len(), 1);
}

/// After switching the organisation's framework, reflections tagged with the earlier one stay
/// in the overview under their own framework, after the frameworks in use.
#[test]
fn reflections_of_an_earlier_framework_stay_in_the_overview() {
    let (_dir, mut store) = set_up();
    let org = store.framework("nhs-somerset", None).unwrap().doc;
    let value = org.values[0].key.clone();
    let mut r = input("Tagged", "Text");
    r.visibility = Visibility::Shared;
    r.tags = vec![tag("nhs-somerset", &value, None)];
    store.save_reflection(&r).unwrap();
    let mut p = profile();
    p.organisation_framework = "derbyshire-healthcare".into();
    store.save_profile(&p).unwrap();
    let o = store.overview().unwrap();
    let ids: Vec<(&str, bool)> = o
        .frameworks
        .iter()
        .map(|f| (f.framework_id.as_str(), f.in_use))
        .collect();
    assert_eq!(
        ids,
        [
            ("derbyshire-healthcare", true),
            ("nmc-code", true),
            ("nhs-somerset", false)
        ]
    );
    let earlier = &o.frameworks[2];
    assert_eq!(earlier.values.len(), 1, "only the values with reflections");
    assert_eq!(
        (earlier.values[0].key.as_str(), earlier.values[0].count),
        (value.as_str(), 1)
    );
}

/// Framework messages read as English: "an organisation framework", no empty "()" when the
/// profile has no professional framework, and a value's new name asked for as such.
#[test]
fn framework_messages_read_as_english() {
    let (_dir, mut store) = set_up();
    let builtin = reflect_core::framework::BUILTINS
        .iter()
        .find(|(id, _)| *id == "nhs-somerset")
        .map(|(_, text)| *text)
        .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(builtin).unwrap();
    doc["id"] = "my-trust".into();
    store.import_framework(&doc.to_string()).unwrap();
    doc["kind"] = "professional".into();
    let err = store.import_framework(&doc.to_string()).unwrap_err();
    assert!(
        err.message().contains("as an organisation framework"),
        "{}",
        err.message()
    );
    let mut p = profile();
    p.professional_frameworks.clear();
    store.save_profile(&p).unwrap();
    let err = store
        .tags_by_name(&[], &[], &["Preserve safety".to_string()])
        .unwrap_err();
    assert_eq!(err.field(), Some("theme"));
    assert!(
        !err.message().contains("()") && err.message().contains("no professional framework"),
        "{}",
        err.message()
    );
    let key = store.framework("nhs-somerset", None).unwrap().doc.values[0]
        .key
        .clone();
    let err = store.rename_value("nhs-somerset", &key, " ").unwrap_err();
    assert_eq!(
        (err.field(), err.message().as_str()),
        (Some("name"), "Enter the value's new name")
    );
}
