//! The privacy check where writing is kept or leaves: `Store::fix_privacy` (a rewrite saved as a
//! new revision, refused when stale, safe with two writers) and `Document::findings` (the check
//! over exactly what a PDF prints). The texts are ones every version of the detectors finds (a
//! titled name, a bed number, a valid NHS number, a postcode); nothing depends on the kinds.

use chrono::NaiveDate;
use reflect_core::privacy::{report_reflection, FixTarget};
use reflect_core::{
    Error, NewAppraisal, ReflectiveModel, Registration, RegistrationBody, Role, Store, Visibility,
};
use reflect_pdf::export::Document;
use reflect_tests::Latest;
use reflect_tests::{counts, input, set_up, tag};

const TEXT: &str = "Mr Smith in bed 4 asked for his daughter. NHS number 943 476 5919.";

fn target_of(store: &Store, id: &str, matched: &str) -> FixTarget {
    let r = store.reflection(id).unwrap();
    let f = report_reflection(&r.to_input())
        .findings
        .into_iter()
        .find(|f| f.matched.contains(matched))
        .unwrap_or_else(|| panic!("{matched} is found"));
    FixTarget {
        field: f.field,
        start: f.start,
        matched: f.matched,
    }
}

fn saved(store: &mut Store, title: &str, text: &str) -> String {
    store.save_reflection(&input(title, text)).unwrap().id
}

#[test]
fn one_rewrite_is_saved_as_a_new_revision_and_the_history_keeps_the_old_text() {
    let (_dir, mut store) = set_up();
    let id = saved(&mut store, "Handover", TEXT);
    let target = target_of(&store, &id, "Mr Smith");
    let fix = store.fix_privacy(&id, Some(&target)).unwrap();
    assert_eq!(fix.rewritten.len(), 1);
    assert_eq!(fix.rewritten[0].matched, target.matched);
    let body = &fix.reflection.body["reflection"];
    assert!(!body.contains("Mr Smith"), "{body}");
    assert!(body.contains(&fix.rewritten[0].suggestion), "{body}");
    assert!(
        body.contains("943 476 5919"),
        "only the target is rewritten: {body}"
    );
    assert_eq!(
        fix.reflection.revision, 2,
        "a new revision, though saved seconds later"
    );
    assert_eq!(store.reflection(&id).unwrap(), fix.reflection);
    assert!(fix
        .report
        .findings
        .iter()
        .all(|f| f.matched != target.matched));
    let history = store.revisions(&id).unwrap();
    assert_eq!(history.len(), 2, "{history:?}");

    // Every finding at once.
    let all = store.fix_privacy(&id, None).unwrap();
    assert!(!all.rewritten.is_empty());
    assert!(all.report.findings.is_empty(), "{:?}", all.report.findings);
    assert!(!all.reflection.body["reflection"].contains("943 476 5919"));
    assert_eq!(all.reflection.revision, 3);
}

#[test]
fn a_stale_target_is_refused_naming_the_field_and_nothing_changes() {
    let (_dir, mut store) = set_up();
    let id = saved(&mut store, "Handover", TEXT);
    let target = target_of(&store, &id, "Mr Smith");
    // Edited elsewhere since the check: the name is gone.
    let mut edit = store.reflection(&id).unwrap().to_input();
    edit.body
        .insert("reflection".into(), "Asked for his daughter.".into());
    store.save_reflection(&edit).unwrap();
    let before = counts(&store);
    let kept = store.reflection(&id).unwrap();
    let err = store.fix_privacy(&id, Some(&target)).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert_eq!(err.field(), Some("body.reflection"));
    assert!(
        err.message().contains("no longer there"),
        "{}",
        err.message()
    );
    assert_eq!(counts(&store), before);
    assert_eq!(store.reflection(&id).unwrap(), kept);

    // Moved: the same words at another place are not the finding that was shown.
    let mut moved = edit.clone();
    moved
        .body
        .insert("reflection".into(), format!("Later, {TEXT}"));
    store.save_reflection(&moved).unwrap();
    assert!(store.fix_privacy(&id, Some(&target)).is_err());
    // A field that does not exist.
    let bogus = FixTarget {
        field: "body.nowhere".into(),
        ..target
    };
    let err = store.fix_privacy(&id, Some(&bogus)).unwrap_err();
    assert_eq!(err.field(), Some("body.nowhere"));
}

#[test]
fn nothing_to_rewrite_saves_nothing() {
    let (_dir, mut store) = set_up();
    let id = saved(
        &mut store,
        "A quiet shift",
        "We talked it through as a team.",
    );
    let before = counts(&store);
    let fix = store.fix_privacy(&id, None).unwrap();
    assert!(fix.rewritten.is_empty());
    assert_eq!(fix.reflection.revision, 1);
    assert_eq!(counts(&store), before);
}

#[test]
fn missing_and_binned_reflections_are_refused() {
    let (_dir, mut store) = set_up();
    let err = store
        .fix_privacy("0190f3f0-0000-7000-8000-000000000000", None)
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let id = saved(&mut store, "Handover", TEXT);
    store.delete_reflection(&id).unwrap();
    let before = counts(&store);
    let err = store.fix_privacy(&id, None).unwrap_err();
    assert_eq!(err.field(), Some("id"));
    assert_eq!(counts(&store), before);
}

#[test]
fn two_writers_fixing_at_once_never_write_over_each_other() {
    let (dir, mut store) = set_up();
    let id = saved(&mut store, "Handover", TEXT);
    let name = target_of(&store, &id, "Mr Smith");
    let nhs = target_of(&store, &id, "943 476 5919");
    // Different findings from two connections at once: both land.
    let writers: Vec<_> = [name.clone(), nhs]
        .into_iter()
        .map(|t| {
            let (path, id) = (dir.path().to_path_buf(), id.clone());
            std::thread::spawn(move || {
                let mut s = Store::open_dir(&path).unwrap();
                s.fix_privacy(&id, Some(&t)).map(|f| f.reflection.revision)
            })
        })
        .collect();
    let results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    // The second writer's target may have moved when the first rewrite changed the text's
    // length before it; then it is refused, never applied in the wrong place.
    assert!(results.iter().any(Result::is_ok), "{results:?}");
    let now = store.reflection(&id).unwrap();
    let body = &now.body["reflection"];
    assert!(!body.contains("Mr Smith"), "{body}");
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(now.revision as usize, 1 + ok);
    assert_eq!(store.revisions(&id).unwrap().len(), 1 + ok);
    if ok == 2 {
        assert!(!body.contains("943 476 5919"), "{body}");
    }

    // The same finding from both: one rewrites it, the other is told it is no longer there.
    let id = saved(&mut store, "Second", TEXT);
    let t = target_of(&store, &id, "Mr Smith");
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let (path, id, t) = (dir.path().to_path_buf(), id.clone(), t.clone());
            std::thread::spawn(move || Store::open_dir(&path).unwrap().fix_privacy(&id, Some(&t)))
        })
        .collect();
    let results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let refused = results.into_iter().find_map(Result::err).unwrap();
    assert_eq!(refused.field(), Some("body.reflection"));
    assert_eq!(store.reflection(&id).unwrap().revision, 2);
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str("2026-11-22", "%Y-%m-%d").unwrap()
}

fn shared(store: &mut Store, title: &str, text: &str) -> String {
    let mut r = input(title, text);
    r.tags = vec![
        tag("nhs-somerset", "self-awareness", None),
        tag("nmc-code", "preserve-safety", None),
    ];
    r.visibility = Visibility::Shared;
    store.save_reflection(&r).unwrap().id
}

#[test]
fn pdf_findings_cover_exactly_the_reflections_the_pdf_prints() {
    let (_dir, mut store) = set_up();
    let open = shared(&mut store, "Handover", "Mr Smith in bed 4.");
    let mut private = input("Private", "Mrs Jones at TA1 2AB.");
    private.tags = vec![tag("nmc-code", "preserve-safety", None)];
    let secret = store.save_reflection(&private).unwrap().id;

    let portfolio = Document::Portfolio {
        from: None,
        to: None,
    };
    let found = portfolio.findings(&store, today()).unwrap();
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|f| f.reflection_id.as_deref() == Some(open.as_str())));
    assert!(found.iter().any(|f| f.finding.matched.contains("Mr Smith")));
    assert!(found
        .iter()
        .all(|f| f.location.starts_with("Reflection “Handover”")));
    assert!(found.iter().all(|f| f.key.starts_with(&format!("{open}|"))));

    // The NMC document: shared accounts unless private ones are asked for.
    let mut p = reflect_tests::profile();
    p.registration = Some(Registration {
        body: RegistrationBody::Nmc,
        pin: "12A3456E".into(),
        renewal_date: "2027-10-31".into(),
    });
    store.save_profile(&p).unwrap();
    let ids = |d: &Document| -> Vec<String> {
        d.findings(&store, today())
            .unwrap()
            .into_iter()
            .filter_map(|f| f.reflection_id)
            .collect()
    };
    let shared_only = ids(&Document::Nmc {
        include_private: false,
    });
    assert!(
        shared_only.contains(&open) && !shared_only.contains(&secret),
        "{shared_only:?}"
    );
    let with_private = ids(&Document::Nmc {
        include_private: true,
    });
    assert!(with_private.contains(&secret), "{with_private:?}");

    // The Organisation summary prints counts only.
    let hr = Document::HrSummary {
        department: None,
        team: None,
    };
    assert!(hr.findings(&store, today()).unwrap().is_empty());
}

#[test]
fn appraisal_pdf_findings_read_its_text_and_included_reflections_and_wellbeing_only_if_asked() {
    let (_dir, mut store) = set_up();
    let mut r = input("Escalation", "Called the registrar about Mr Smith.");
    r.model = ReflectiveModel::Free;
    r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
    r.visibility = Visibility::Shared;
    r.event_date = "2026-03-01".into();
    let evidence = store.save_reflection(&r).unwrap().id;
    let a = store
        .create_appraisal(
            &NewAppraisal {
                period_start: "2025-12-01".into(),
                period_end: "2026-11-30".into(),
                appraiser_name: "Alex Smith".into(),
                appraiser_job_title: "Ward Manager".into(),
            },
            today(),
        )
        .unwrap();
    let mut c = a.content.clone();
    let sa = a
        .evidence
        .iter()
        .position(|e| e.key == "self-awareness")
        .unwrap();
    c.values[sa].reflection_ids = vec![evidence.clone()];
    c.review.achievements.text = "Cared for the patient in bed 4 for a month.".into();
    c.wellbeing.text = "Worried about Mrs Jones at TA1 2AB.".into();
    store
        .save_latest(&a.id, &c, Role::Colleague, today())
        .unwrap();

    let doc = |include_wellbeing| Document::Appraisal {
        id: a.id.clone(),
        include_wellbeing,
    };
    let without = doc(false).findings(&store, today()).unwrap();
    assert!(without
        .iter()
        .any(|f| f.reflection_id.as_deref() == Some(evidence.as_str())));
    assert!(without
        .iter()
        .any(|f| f.reflection_id.is_none() && f.key.starts_with("appraisal|review.achievements|")));
    assert!(without.iter().all(|f| f.finding.field != "wellbeing"));
    let with = doc(true).findings(&store, today()).unwrap();
    assert!(
        with.iter().any(|f| f.finding.field == "wellbeing"),
        "{with:?}"
    );
}
