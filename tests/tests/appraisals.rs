//! Appraisals through the public API of `reflect-core`, on real SQLite files: the state machine,
//! freezing and the hash, reopening, carry-forward, what the appraiser can and cannot see or
//! change, pay-step readiness on boundary dates, and reminders.
use reflect_tests::Latest;

use chrono::NaiveDate;
use reflect_core::appraisal::{
    next_state, pay_step_status, Action, Answer, AppraisalContent, AppraisalState, DevelopmentItem,
    Ksf, Objective, Outcome, PayStep, PlanStatus, ReminderKind, Role, Severity,
};
use reflect_core::{Error, NewAppraisal, Store, Visibility};
use reflect_tests::{input, set_up, tag};

/// A change to make to valid input, and the field the error must name.
type Case<T> = (fn(&mut T), &'static str);
type Change<T> = fn(&mut T);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-22";

fn new(start: &str, end: &str) -> NewAppraisal {
    NewAppraisal {
        period_start: start.into(),
        period_end: end.into(),
        appraiser_name: "Alex Smith".into(),
        appraiser_job_title: "Ward Manager".into(),
    }
}

fn shared(store: &mut Store, title: &str, value: &str) -> String {
    let mut r = input(title, "What happened and what I learnt.");
    r.tags = vec![tag("nhs-somerset", value, None)];
    r.visibility = Visibility::Shared;
    store.save_reflection(&r).unwrap().id
}

fn private(store: &mut Store, title: &str, value: &str) -> String {
    let mut r = input(title, "Private thoughts about a hard shift.");
    r.tags = vec![tag("nhs-somerset", value, None)];
    store.save_reflection(&r).unwrap().id
}

fn objective(text: &str) -> Objective {
    Objective {
        id: String::new(),
        objective: text.into(),
        measure: "Audit shows it".into(),
        by_date: "2027-06-30".into(),
        support: "Time with the practice educator".into(),
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
        ksf: Some(Ksf::Communication),
        by: None,
    }
}

/// The appraiser signs on their own device: the pack for review, signed with their key, comes
/// back as the reviewed pack and is imported.
fn appraiser_signs(store: &mut Store, id: &str, today: NaiveDate) {
    let key = reflect_core::sample::appraiser_key(1);
    let reviewed = reflect_core::sample::appraiser_signs(store, id, &key, today).unwrap();
    store.import_pack(&reviewed, today).unwrap();
}

/// Drive an appraisal from draft to agreed, returning its id.
fn agree(store: &mut Store, id: &str, today: NaiveDate) {
    store
        .act_latest(id, Action::Submit, Role::Colleague, None, today)
        .unwrap();
    store
        .act_latest(id, Action::StartReview, Role::Appraiser, None, today)
        .unwrap();
    appraiser_signs(store, id, today);
    let a = store
        .act_latest(id, Action::Sign, Role::Colleague, None, today)
        .unwrap();
    assert_eq!(a.state, AppraisalState::Agreed);
}

/// (state, action, actor, already signed, the next state or `None` if refused)
type Transition = (
    AppraisalState,
    Action,
    Role,
    &'static [Role],
    Option<AppraisalState>,
);

#[test]
fn every_transition_of_the_state_machine_is_legal_or_refused() {
    use AppraisalState::*;
    use Role::*;
    // (state, action, actor, already signed, expected next state or None for refused)
    let cases: &[Transition] = &[
        (Draft, Action::Submit, Colleague, &[], Some(ReadyForReview)),
        (Draft, Action::Submit, Appraiser, &[], None),
        (Draft, Action::Withdraw, Colleague, &[], None),
        (Draft, Action::StartReview, Appraiser, &[], None),
        (Draft, Action::Sign, Colleague, &[], None),
        (Draft, Action::Sign, Appraiser, &[], None),
        (Draft, Action::Reopen, Colleague, &[], None),
        (ReadyForReview, Action::Submit, Colleague, &[], None),
        (
            ReadyForReview,
            Action::Withdraw,
            Colleague,
            &[],
            Some(Draft),
        ),
        (ReadyForReview, Action::Withdraw, Appraiser, &[], None),
        (
            ReadyForReview,
            Action::StartReview,
            Appraiser,
            &[],
            Some(InReview),
        ),
        (ReadyForReview, Action::StartReview, Colleague, &[], None),
        (ReadyForReview, Action::Sign, Colleague, &[], None),
        (ReadyForReview, Action::Reopen, Colleague, &[], None),
        (InReview, Action::Submit, Colleague, &[], None),
        (InReview, Action::Withdraw, Colleague, &[], None),
        (InReview, Action::StartReview, Appraiser, &[], None),
        (InReview, Action::Sign, Colleague, &[], Some(InReview)),
        (InReview, Action::Sign, Appraiser, &[], Some(InReview)),
        (
            InReview,
            Action::Sign,
            Colleague,
            &[Appraiser],
            Some(Agreed),
        ),
        (
            InReview,
            Action::Sign,
            Appraiser,
            &[Colleague],
            Some(Agreed),
        ),
        (InReview, Action::Sign, Colleague, &[Colleague], None),
        (InReview, Action::Reopen, Colleague, &[], None),
        (
            InReview,
            Action::Reopen,
            Colleague,
            &[Appraiser],
            Some(InReview),
        ),
        (
            Agreed,
            Action::Submit,
            Colleague,
            &[Colleague, Appraiser],
            None,
        ),
        (
            Agreed,
            Action::Withdraw,
            Colleague,
            &[Colleague, Appraiser],
            None,
        ),
        (
            Agreed,
            Action::StartReview,
            Appraiser,
            &[Colleague, Appraiser],
            None,
        ),
        (
            Agreed,
            Action::Sign,
            Colleague,
            &[Colleague, Appraiser],
            None,
        ),
        (
            Agreed,
            Action::Reopen,
            Colleague,
            &[Colleague, Appraiser],
            Some(InReview),
        ),
        (
            Agreed,
            Action::Reopen,
            Appraiser,
            &[Colleague, Appraiser],
            Some(InReview),
        ),
    ];
    for (state, action, actor, signed, want) in cases {
        let got = next_state(*state, *action, *actor, signed);
        match (want, got) {
            (Some(w), Ok(g)) => assert_eq!(*w, g, "{state:?} {action:?} by {actor:?}"),
            (None, Err(Error::Invalid { field, message })) => {
                assert_eq!(field, "state");
                assert!(!message.is_empty());
            }
            (w, g) => panic!(
                "{state:?} {action:?} by {actor:?} signed {signed:?}: wanted {w:?}, got {g:?}"
            ),
        }
    }
    // Every (state, action) pair appears at least once.
    for s in AppraisalState::ALL {
        for a in Action::ALL {
            assert!(
                cases.iter().any(|c| c.0 == s && c.1 == a),
                "no case for {s:?} {a:?}"
            );
        }
    }
}

#[test]
fn illegal_steps_through_the_store_change_nothing() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    for (action, actor) in [
        (Action::Sign, Role::Colleague),
        (Action::StartReview, Role::Appraiser),
        (Action::Withdraw, Role::Colleague),
        (Action::Reopen, Role::Colleague),
    ] {
        let err = store
            .act_latest(&a.id, action, actor, Some("why"), today)
            .unwrap_err();
        assert_eq!(err.field(), Some("state"), "{action:?}: {err}");
    }
    let after = store.appraisal(&a.id, Role::Colleague, today).unwrap();
    assert_eq!(after.state, AppraisalState::Draft);
    assert_eq!(after.events.len(), 1, "only 'created' is logged");
    // Submitting needs the appraiser's name.
    let mut c = after.content.clone();
    c.appraiser_name = " ".into();
    store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    let err = store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
        .unwrap_err();
    assert_eq!(err.field(), Some("appraiser_name"));
}

#[test]
fn draft_to_agreed_freezes_the_record_with_a_hash_and_reopening_needs_a_reason() {
    let (dir, mut store) = set_up();
    let today = day(TODAY);
    let evidence = shared(
        &mut store,
        "Escalated a deteriorating patient",
        "self-awareness",
    );
    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    assert_eq!(a.evidence.len(), 5, "one section per value, gaps included");
    let sa = a
        .evidence
        .iter()
        .position(|e| e.key == "self-awareness")
        .unwrap();
    assert_eq!(
        a.evidence[sa].proposed.len(),
        1,
        "the shared reflection is proposed"
    );
    assert!(a
        .evidence
        .iter()
        .filter(|e| e.key != "self-awareness")
        .all(|e| e.included.is_empty() && e.proposed.is_empty()));

    let mut c = a.content.clone();
    c.values[sa].reflection_ids = vec![evidence.clone()];
    c.values[sa].summary.text = "I ask for feedback after every difficult shift.".into();
    c.review.achievements.text = "Led the falls audit.".into();
    c.objectives = vec![objective("Run two teaching sessions")];
    c.development_plan = vec![plan_item("Difficult conversations")];
    c.wellbeing.text = "Night shifts are hard with childcare.".into();
    let a = store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    assert_eq!(a.content.review.achievements.by, Some(Role::Colleague));
    assert_eq!(a.evidence[sa].included.len(), 1);
    assert!(!a.content.objectives[0].id.is_empty(), "new rows get ids");

    // The appraiser cannot write before the review starts.
    let err = store
        .save_latest(&a.id, &a.content, Role::Appraiser, today)
        .unwrap_err();
    assert_eq!(err.field(), Some("state"));

    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
        .unwrap();
    let mut view = store
        .act_latest(&a.id, Action::StartReview, Role::Appraiser, None, today)
        .unwrap();
    assert_eq!(view.state, AppraisalState::InReview);
    view.content.values[sa].comment.text = "Agreed: strong evidence.".into();
    view.content.appraiser_summary.text = "A good year.".into();
    view.content.objectives[0].support = "Protected time each month".into();
    let view = store
        .save_latest(&a.id, &view.content, Role::Appraiser, today)
        .unwrap();
    assert_eq!(
        view.content.values[sa].comment.by,
        Some(Role::Appraiser),
        "recorded as the appraiser's"
    );
    assert_eq!(view.content.objectives[0].by, Some(Role::Appraiser));
    assert_eq!(
        view.content.review.achievements.by,
        Some(Role::Colleague),
        "untouched notes keep their author"
    );

    appraiser_signs(&mut store, &a.id, today);
    let signed = store.appraisal(&a.id, Role::Appraiser, today).unwrap();
    assert!(signed.frozen);
    assert!(signed.signatures[0].key_signed);
    let sha = signed.record_sha256.clone().unwrap();
    assert_eq!(sha.len(), 64);
    assert_eq!(signed.signatures[0].name, "Alex Smith");
    assert_eq!(signed.signatures[0].job_title, "Ward Manager");
    assert_eq!(signed.signatures[0].sha256, sha);
    assert_eq!(signed.intact, Some(true));

    // Frozen: no edit by anyone.
    for actor in [Role::Colleague, Role::Appraiser] {
        let mut c = signed.content.clone();
        c.colleague_summary.text = "changed after signing".into();
        let err = store.save_latest(&a.id, &c, actor, today).unwrap_err();
        assert_eq!(err.field(), Some("state"));
    }
    // Later edits to the profile and the evidence do not change the signed record.
    let mut p = reflect_tests::profile();
    p.job_title = "Senior Staff Nurse".into();
    store.save_profile(&p).unwrap();
    let mut r = store.reflection(&evidence).unwrap().to_input();
    r.title = "Renamed later".into();
    store.save_reflection(&r).unwrap();

    let agreed = store
        .act_latest(&a.id, Action::Sign, Role::Colleague, None, today)
        .unwrap();
    assert_eq!(agreed.state, AppraisalState::Agreed);
    assert!(agreed.agreed_at.is_some());
    assert_eq!(
        agreed.details.job_title, "Staff Nurse",
        "details as they were when signed"
    );
    assert_eq!(
        agreed.evidence[sa].included[0].title,
        "Escalated a deteriorating patient"
    );
    assert!(
        agreed.signatures.iter().all(|s| s.sha256 == sha),
        "both sign the same bytes"
    );
    assert_eq!(agreed.intact, Some(true));

    // Reopening needs a reason, is logged, and clears the signatures.
    let err = store
        .act_latest(&a.id, Action::Reopen, Role::Colleague, Some("  "), today)
        .unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    let reopened = store
        .act_latest(
            &a.id,
            Action::Reopen,
            Role::Colleague,
            Some("Objective date was wrong"),
            today,
        )
        .unwrap();
    assert_eq!(reopened.state, AppraisalState::InReview);
    assert!(reopened.signatures.is_empty() && !reopened.frozen && reopened.record_sha256.is_none());
    let last = reopened.events.last().unwrap();
    assert_eq!(last.action, "reopen");
    assert_eq!(last.reason.as_deref(), Some("Objective date was wrong"));
    assert_eq!(
        last.sha256.as_deref(),
        Some(sha.as_str()),
        "the log keeps the hash that was cleared"
    );
    let actions: Vec<&str> = reopened.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "created",
            "submit",
            "start_review",
            "sign (remote review)",
            "sign",
            "reopen"
        ]
    );
    // Now the details are live again.
    assert_eq!(reopened.details.job_title, "Senior Staff Nurse");
    drop(dir);
}

#[test]
fn a_changed_byte_in_a_signed_record_shows_as_not_intact() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    agree(&mut store, &a.id, today);
    assert_eq!(
        store
            .appraisal(&a.id, Role::Colleague, today)
            .unwrap()
            .intact,
        Some(true)
    );
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    for sql in [
        // The stored sections changed behind the app's back.
        "UPDATE appraisal SET content = replace(content, 'Alex Smith', 'Alex Smyth')",
        // The frozen record changed (the signatures' hash no longer matches).
        "UPDATE appraisal SET content = replace(content, 'Alex Smyth', 'Alex Smith'),
                              frozen_record = replace(frozen_record, 'Sam Jones', 'Sam Jonas')",
    ] {
        conn.execute(sql, []).unwrap();
        let view = store.appraisal(&a.id, Role::Colleague, today).unwrap();
        assert_eq!(view.intact, Some(false), "{sql}");
    }
}

#[test]
fn objectives_and_the_development_plan_are_carried_forward_and_need_an_outcome() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let first = store
        .create_appraisal(&new("2024-12-01", "2025-11-30"), today)
        .unwrap();
    let mut c = first.content.clone();
    c.objectives = vec![
        objective("Run two teaching sessions"),
        objective("Lead the falls audit"),
    ];
    c.development_plan = vec![plan_item("Difficult conversations")];
    store
        .save_latest(&first.id, &c, Role::Colleague, today)
        .unwrap();
    agree(&mut store, &first.id, today);

    // Empty dates take the default period: the twelve months after the previous one.
    let second = store
        .create_appraisal(&NewAppraisal::default(), today)
        .unwrap();
    assert_eq!(second.content.period_start, "2025-12-01");
    assert_eq!(second.content.period_end, "2026-11-30");
    assert_eq!(second.previous_id.as_deref(), Some(first.id.as_str()));
    let texts: Vec<&str> = second
        .content
        .previous
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Run two teaching sessions",
            "Lead the falls audit",
            "Difficult conversations"
        ]
    );
    assert!(second.content.previous[0]
        .detail
        .contains("Measured by: Audit shows it"));

    // Signing needs an outcome for each.
    let mut c = second.content.clone();
    c.appraiser_name = "Alex Smith".into();
    c.appraiser_job_title = "Ward Manager".into();
    store
        .save_latest(&second.id, &c, Role::Colleague, today)
        .unwrap();
    store
        .act_latest(&second.id, Action::Submit, Role::Colleague, None, today)
        .unwrap();
    store
        .act_latest(
            &second.id,
            Action::StartReview,
            Role::Appraiser,
            None,
            today,
        )
        .unwrap();
    let err = store
        .act_latest(&second.id, Action::Sign, Role::Colleague, None, today)
        .unwrap_err();
    assert_eq!(err.field(), Some("previous[0].outcome"));

    let mut c = store
        .appraisal(&second.id, Role::Appraiser, today)
        .unwrap()
        .content;
    for (p, o) in
        c.previous
            .iter_mut()
            .zip([Outcome::Met, Outcome::PartlyMet, Outcome::CarriedForward])
    {
        p.outcome = Some(o);
    }
    // Carried-forward items are fixed: a changed text is ignored, a dropped row comes back.
    c.previous[0].text = "Something else".into();
    c.previous.pop();
    let saved = store
        .save_latest(&second.id, &c, Role::Appraiser, today)
        .unwrap();
    assert_eq!(saved.content.previous.len(), 3);
    assert_eq!(saved.content.previous[0].text, "Run two teaching sessions");
    assert_eq!(saved.content.previous[1].outcome, Some(Outcome::PartlyMet));
    assert_eq!(saved.content.previous[2].outcome, None);
    let mut c = saved.content;
    c.previous[2].outcome = Some(Outcome::CarriedForward);
    store
        .save_latest(&second.id, &c, Role::Appraiser, today)
        .unwrap();
    store
        .act_latest(&second.id, Action::Sign, Role::Colleague, None, today)
        .unwrap();
}

#[test]
fn incomplete_objectives_and_plan_items_block_signing_with_the_field_named() {
    let cases: &[Case<AppraisalContent>] = &[
        (
            |c| c.objectives[0].objective.clear(),
            "objectives[0].objective",
        ),
        (|c| c.objectives[0].measure.clear(), "objectives[0].measure"),
        (|c| c.objectives[0].by_date.clear(), "objectives[0].by_date"),
        (
            |c| c.development_plan[0].need.clear(),
            "development_plan[0].need",
        ),
        (
            |c| c.development_plan[0].activity.clear(),
            "development_plan[0].activity",
        ),
        (
            |c| c.development_plan[0].target_date.clear(),
            "development_plan[0].target_date",
        ),
    ];
    for (change, field) in cases {
        let (_dir, mut store) = set_up();
        let today = day(TODAY);
        let a = store
            .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
            .unwrap();
        let mut c = a.content.clone();
        c.objectives = vec![objective("Teach")];
        c.development_plan = vec![plan_item("Leadership")];
        change(&mut c);
        store
            .save_latest(&a.id, &c, Role::Colleague, today)
            .unwrap();
        // A row with no objective, or no need, says nothing: refused at submit already,
        // naming the row by its number (issue 15).
        if ["objectives[0].objective", "development_plan[0].need"].contains(field) {
            let err = store
                .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
                .unwrap_err();
            assert_eq!(err.field(), Some(*field));
            assert!(err.message().contains(" 1: "), "{}", err.message());
            let now = store.appraisal(&a.id, Role::Colleague, today).unwrap();
            assert_eq!(now.state, AppraisalState::Draft);
            continue;
        }
        store
            .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
            .unwrap();
        store
            .act_latest(&a.id, Action::StartReview, Role::Appraiser, None, today)
            .unwrap();
        let err = store
            .act_latest(&a.id, Action::Sign, Role::Colleague, None, today)
            .unwrap_err();
        assert_eq!(err.field(), Some(*field));
        assert!(store
            .appraisal(&a.id, Role::Colleague, today)
            .unwrap()
            .signatures
            .is_empty());
    }
}

#[test]
fn invalid_edits_name_the_field_and_change_nothing() {
    let cases: &[Case<AppraisalContent>] = &[
        (|c| c.period_end = "2025-11-01".into(), "period_end"),
        (|c| c.period_start = "2025-13-01".into(), "period_start"),
        (|c| c.period_end = "2028-12-01".into(), "period_end"),
        (|c| c.meeting_date = "next week".into(), "meeting_date"),
        (|c| c.pay_step.date = "31/12/2026".into(), "pay_step.date"),
        (
            |c| {
                c.objectives = vec![Objective {
                    by_date: "2027-02-30".into(),
                    ..objective("x")
                }]
            },
            "objectives[0].by_date",
        ),
        (
            |c| c.review.achievements.text = "x".repeat(20_001),
            "review.achievements",
        ),
        (|c| c.appraiser_name = "x".repeat(121), "appraiser_name"),
        (
            |c| c.values[0].value_key = "kindness".into(),
            "values[0].value_key",
        ),
        (
            |c| c.values[4].reflection_ids = vec!["no-such-id".into()],
            "values[4].reflection_ids",
        ),
        (|c| c.objectives = vec![objective("x"); 31], "objectives"),
    ];
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    for (change, field) in cases {
        let mut c = a.content.clone();
        change(&mut c);
        let err = store
            .save_latest(&a.id, &c, Role::Colleague, today)
            .unwrap_err();
        assert_eq!(err.field(), Some(*field), "{err}");
        assert_eq!(
            store
                .appraisal(&a.id, Role::Colleague, today)
                .unwrap()
                .content,
            a.content
        );
    }
    // One record per period.
    let err = store
        .create_appraisal(&new("2026-06-01", "2027-05-31"), today)
        .unwrap_err();
    assert_eq!(err.field(), Some("period_start"));
    assert_eq!(store.list_appraisals().unwrap().len(), 1);
}

#[test]
fn the_appraiser_never_sees_private_reflections_or_unshared_wellbeing_notes() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let open = shared(
        &mut store,
        "Shared: learning from a complaint",
        "personal-integrity",
    );
    let secret = private(&mut store, "Private: a hard night", "personal-integrity");
    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    let pi = a
        .evidence
        .iter()
        .position(|e| e.key == "personal-integrity")
        .unwrap();
    assert_eq!(
        a.evidence[pi].private_count, 1,
        "the colleague is told private ones exist"
    );
    assert!(
        a.evidence[pi].proposed.iter().all(|p| p.id != secret),
        "private ones are never proposed"
    );

    // Including a private reflection is refused.
    let mut c = a.content.clone();
    c.values[pi].reflection_ids = vec![secret.clone()];
    let err = store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some(format!("values[{pi}].reflection_ids").as_str())
    );
    assert!(err.message().contains("private"));

    c.values[pi].reflection_ids = vec![open.clone()];
    c.wellbeing.text = "Struggling with sleep after nights.".into();
    store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
        .unwrap();
    let view = store
        .act_latest(&a.id, Action::StartReview, Role::Appraiser, None, today)
        .unwrap();
    let text = serde_json::to_string(&view).unwrap();
    assert!(!text.contains("Private: a hard night") && !text.contains(&secret));
    assert!(!text.contains("Struggling with sleep"));
    assert!(view.wellbeing_hidden);
    assert_eq!(
        view.evidence[pi].private_count, 0,
        "the appraiser is not even told the count"
    );
    assert_eq!(view.evidence[pi].included.len(), 1);

    // The appraiser's save (with the wellbeing box empty, as they saw it) keeps the notes.
    let mut c = view.content.clone();
    c.appraiser_summary.text = "Good year".into();
    store
        .save_latest(&a.id, &c, Role::Appraiser, today)
        .unwrap();
    let mine = store.appraisal(&a.id, Role::Colleague, today).unwrap();
    assert_eq!(
        mine.content.wellbeing.text,
        "Struggling with sleep after nights."
    );

    // The appraiser cannot change the colleague's parts, nor the colleague the appraiser's.
    let cases: &[(Role, Change<AppraisalContent>, &str)] = &[
        (
            Role::Appraiser,
            |c| c.review.challenges.text = "x".into(),
            "review.challenges",
        ),
        (
            Role::Appraiser,
            |c| c.wellbeing_shared = true,
            "wellbeing_shared",
        ),
        (
            Role::Appraiser,
            |c| c.values[2].reflection_ids.clear(),
            "values[2].reflection_ids",
        ),
        (
            Role::Appraiser,
            |c| c.colleague_summary.text = "x".into(),
            "colleague_summary",
        ),
        (
            Role::Colleague,
            |c| c.values[0].comment.text = "x".into(),
            "values[0].comment",
        ),
        (
            Role::Colleague,
            |c| c.appraiser_summary.text = "x".into(),
            "appraiser_summary",
        ),
    ];
    for (actor, change, field) in cases {
        let mut c = store.appraisal(&a.id, *actor, today).unwrap().content;
        change(&mut c);
        let err = store.save_latest(&a.id, &c, *actor, today).unwrap_err();
        assert_eq!(err.field(), Some(*field), "{actor:?}: {err}");
    }

    // A reflection made private after it was included drops out of the appraiser's view.
    let mut r = store.reflection(&open).unwrap().to_input();
    r.visibility = Visibility::Private;
    store.save_reflection(&r).unwrap();
    let view = store.appraisal(&a.id, Role::Appraiser, today).unwrap();
    assert!(view.evidence[pi].included.is_empty());
    assert!(!serde_json::to_string(&view)
        .unwrap()
        .contains("learning from a complaint"));
    let mine = store.appraisal(&a.id, Role::Colleague, today).unwrap();
    assert_eq!(mine.evidence[pi].unavailable, vec![open.clone()]);

    // When the colleague opts in, the appraiser sees the wellbeing notes.
    let mut c = mine.content.clone();
    c.wellbeing_shared = true;
    store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    let view = store.appraisal(&a.id, Role::Appraiser, today).unwrap();
    assert_eq!(
        view.content.wellbeing.text,
        "Struggling with sleep after nights."
    );
    assert!(!view.wellbeing_hidden);
}

#[test]
fn pay_step_readiness_on_boundary_dates() {
    let all_yes = PayStep {
        date: "2026-06-01".into(),
        no_capability: Answer::Yes,
        no_disciplinary: Answer::Yes,
        training: Answer::Yes,
        staff_appraised: Answer::NotApplicable,
        by: None,
    };
    let today = day("2026-03-01");
    // (last agreed, pay-step answers, expect ready, expected missing count)
    let cases: &[(Option<&str>, PayStep, bool, usize)] = &[
        (Some("2025-06-01"), all_yes.clone(), true, 0), // exactly twelve months before
        (Some("2025-05-31"), all_yes.clone(), false, 1), // a day too early
        (Some("2026-02-01"), all_yes.clone(), true, 0),
        (None, all_yes.clone(), false, 1),
        (
            Some("2026-02-01"),
            PayStep {
                training: Answer::Unanswered,
                ..all_yes.clone()
            },
            false,
            1,
        ),
        (
            Some("2026-02-01"),
            PayStep {
                no_disciplinary: Answer::No,
                ..all_yes.clone()
            },
            false,
            1,
        ),
        (
            Some("2026-02-01"),
            PayStep {
                no_capability: Answer::NotApplicable,
                ..all_yes.clone()
            },
            false,
            1,
        ),
        (
            Some("2026-02-01"),
            PayStep {
                staff_appraised: Answer::Yes,
                ..all_yes.clone()
            },
            true,
            0,
        ),
        (Some("2026-02-01"), PayStep::default(), false, 4),
        // Leap day: twelve months before 2028-02-29 is 2027-02-28.
        (
            Some("2027-02-28"),
            PayStep {
                date: "2028-02-29".into(),
                ..all_yes.clone()
            },
            true,
            0,
        ),
        (
            Some("2027-02-27"),
            PayStep {
                date: "2028-02-29".into(),
                ..all_yes.clone()
            },
            false,
            1,
        ),
    ];
    for (last, pay, ready, missing) in cases {
        let s = pay_step_status(pay, last.map(day), today);
        assert_eq!(s.ready, *ready, "{last:?} {pay:?}: {s:?}");
        assert_eq!(
            s.missing.len(),
            *missing,
            "{last:?} {pay:?}: {:?}",
            s.missing
        );
        assert_eq!(s.standards.len(), 5);
    }
    let s = pay_step_status(&all_yes, Some(day("2025-06-01")), today);
    assert_eq!(s.days_until, Some(92));
}

#[test]
fn reminders_show_the_next_appraisal_the_pay_step_and_value_gaps() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let reminders = store.reminders(today).unwrap();
    assert!(reminders
        .iter()
        .any(|r| r.kind == ReminderKind::AppraisalDue && r.due.is_none()));
    // No reflections yet: every value is a gap.
    assert_eq!(
        reminders
            .iter()
            .filter(|r| r.kind == ReminderKind::ValueGap)
            .count(),
        5
    );

    let mut r = input("Recent", "x");
    r.event_date = "2026-11-01".into();
    r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
    store.save_reflection(&r).unwrap();
    let mut old = input("Old", "x");
    old.event_date = "2026-05-21".into(); // more than six months before today
    old.tags = vec![tag("nhs-somerset", "quality-improvement", None)];
    store.save_reflection(&old).unwrap();
    let gaps: Vec<String> = store
        .reminders(today)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == ReminderKind::ValueGap)
        .map(|r| r.message)
        .collect();
    assert_eq!(gaps.len(), 4);
    assert!(gaps.iter().any(|m| m.contains("Quality Improvement")));
    assert!(!gaps.iter().any(|m| m.contains("Self Awareness")));

    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    // Signing stamps the real time, so the dates below count from the real today.
    let agreed_on = chrono::Local::now().date_naive();
    let mut c = a.content.clone();
    c.pay_step.date = (agreed_on + chrono::Days::new(60)).to_string();
    store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    agree(&mut store, &a.id, today);
    let due = agreed_on
        .checked_add_months(chrono::Months::new(12))
        .unwrap();
    // (today, expected severity of the appraisal reminder)
    for (when, severity) in [
        (agreed_on, Severity::Info),
        (due - chrono::Days::new(60), Severity::Soon),
        (due, Severity::Soon),
        (due + chrono::Days::new(1), Severity::Overdue),
    ] {
        let r = store.reminders(when).unwrap();
        let next = r
            .iter()
            .find(|r| r.kind == ReminderKind::AppraisalDue)
            .unwrap();
        assert_eq!(next.severity, severity, "{when}: {}", next.message);
        assert_eq!(next.due, Some(due.to_string()));
    }
    let pay = store.reminders(agreed_on).unwrap();
    let pay = pay
        .iter()
        .find(|r| r.kind == ReminderKind::PayStep)
        .unwrap();
    assert!(
        pay.message
            .contains("Statutory and mandatory training complete"),
        "{}",
        pay.message
    );
}

#[test]
fn only_drafts_can_be_deleted() {
    let (_dir, mut store) = set_up();
    let today = day(TODAY);
    let a = store
        .create_appraisal(&new("2025-12-01", "2026-11-30"), today)
        .unwrap();
    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
        .unwrap();
    assert_eq!(
        store.delete_appraisal(&a.id).unwrap_err().field(),
        Some("state")
    );
    store
        .act_latest(&a.id, Action::Withdraw, Role::Colleague, None, today)
        .unwrap();
    store.delete_appraisal(&a.id).unwrap();
    assert!(matches!(
        store.appraisal(&a.id, Role::Colleague, today),
        Err(Error::NotFound { .. })
    ));
}
