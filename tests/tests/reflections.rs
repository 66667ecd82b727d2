//! Reflections through the public API of `reflect-core`, on real SQLite files.

use std::collections::BTreeMap;

use chrono::{Days, Local};
use reflect_core::{Error, ReflectionQuery, ReflectiveModel, Visibility};
use reflect_tests::{counts, input, set_up, tag};

#[test]
fn a_saved_reflection_reads_back_exactly_and_is_private_by_default() {
    let (_dir, mut store) = set_up();
    let mut r = input(
        "  Handover on Ward 7  ",
        "Wrote it down.\nAsked for feedback.",
    );
    r.model = ReflectiveModel::Gibbs;
    r.body = BTreeMap::from([
        ("description".into(), "What happened".into()),
        ("feelings".into(), "Ŵ ŷ — “quotes” Zażółć γειά".into()),
        ("action_plan".into(), "   ".into()),
    ]);
    r.tags = vec![
        tag("nhs-somerset", "self-awareness", Some("sa-feedback")),
        tag("nhs-somerset", "self-awareness", None),
        tag("nmc-code", "preserve-safety", None),
    ];
    r.cpd_hours = Some(1.5);
    r.cpd_participatory = true;
    let saved = store.save_reflection(&r).unwrap();
    assert_eq!(saved.title, "Handover on Ward 7", "trimmed");
    assert_eq!(saved.visibility, Visibility::Private);
    assert_eq!(saved.body.len(), 2, "empty answers are not stored");
    assert_eq!(saved.body["feelings"], "Ŵ ŷ — “quotes” Zażółć γειά");
    assert_eq!(saved.tags.len(), 3);
    assert_eq!(saved.revision, 1);
    assert!(uuid_v7(&saved.id));
    assert!(
        saved.created_at.ends_with('Z'),
        "stored in UTC: {}",
        saved.created_at
    );
    assert_eq!(store.reflection(&saved.id).unwrap(), saved);
    assert_eq!(reflect_core::Visibility::default(), Visibility::Private);
}

fn uuid_v7(id: &str) -> bool {
    id.len() == 36 && id.as_bytes()[14] == b'7'
}

#[test]
fn invalid_reflections_name_the_field_and_change_nothing() {
    let tomorrow = (Local::now().date_naive() + Days::new(1))
        .format("%Y-%m-%d")
        .to_string();
    type Mutate = Box<dyn Fn(&mut reflect_core::ReflectionInput)>;
    let cases: Vec<(&str, Mutate, &str, &str)> = vec![
        (
            "empty title",
            Box::new(|r| r.title = "   ".into()),
            "title",
            "Enter a title",
        ),
        (
            "long title",
            Box::new(|r| r.title = "é".repeat(201)),
            "title",
            "200 characters or fewer",
        ),
        (
            "future date",
            Box::new(move |r| r.event_date = tomorrow.clone()),
            "event_date",
            "today or in the past",
        ),
        (
            "impossible date",
            Box::new(|r| r.event_date = "2026-02-30".into()),
            "event_date",
            "real date",
        ),
        (
            "empty date",
            Box::new(|r| r.event_date = "".into()),
            "event_date",
            "Enter the date of the event",
        ),
        (
            "unknown prompt",
            Box::new(|r| drop(r.body.insert("feelings".into(), "x".into()))),
            "body.feelings",
            "not a prompt",
        ),
        (
            "long answer",
            Box::new(|r| drop(r.body.insert("reflection".into(), "x".repeat(20_001)))),
            "body.reflection",
            "20000 characters",
        ),
        (
            "unknown framework",
            Box::new(|r| r.tags = vec![tag("nope", "x", None)]),
            "tags[0]",
            "Unknown tag",
        ),
        (
            "unknown value",
            Box::new(|r| r.tags = vec![tag("nhs-somerset", "nope", None)]),
            "tags[0]",
            "Unknown tag",
        ),
        (
            "unknown behaviour",
            Box::new(|r| r.tags = vec![tag("nhs-somerset", "self-awareness", Some("qi-innovate"))]),
            "tags[0]",
            "Unknown tag",
        ),
        (
            "negative CPD",
            Box::new(|r| r.cpd_hours = Some(-1.0)),
            "cpd_hours",
            "more than 0",
        ),
        (
            "huge CPD",
            Box::new(|r| r.cpd_hours = Some(1000.0)),
            "cpd_hours",
            "at most 100",
        ),
        (
            "participatory without hours",
            Box::new(|r| r.cpd_participatory = true),
            "cpd_hours",
            "CPD hours",
        ),
        (
            "bad id",
            Box::new(|r| r.id = Some("not-a-uuid".into())),
            "id",
            "not a reflection id",
        ),
    ];
    for (label, mutate, field, words) in cases {
        let (_dir, mut store) = set_up();
        let existing = store.save_reflection(&input("Already here", "x")).unwrap();
        let before = counts(&store);
        let mut r = input("A title", "text");
        mutate(&mut r);
        let err = store.save_reflection(&r).unwrap_err();
        assert_eq!(err.field(), Some(field), "{label}: {err}");
        assert!(err.message().contains(words), "{label}: {}", err.message());
        assert_eq!(counts(&store), before, "{label}: nothing changed");
        // The same rule holds when editing.
        let mut edit = existing.to_input();
        mutate(&mut edit);
        if edit.id.as_deref() == Some(existing.id.as_str()) {
            assert!(store.save_reflection(&edit).is_err(), "{label} (edit)");
            assert_eq!(
                store.reflection(&existing.id).unwrap(),
                existing,
                "{label}: edit changed nothing"
            );
        }
    }
}

#[test]
fn editing_an_unknown_reflection_is_not_found() {
    let (_dir, mut store) = set_up();
    let mut r = input("T", "x");
    r.id = Some("01900000-0000-7000-8000-000000000000".into());
    assert!(matches!(
        store.save_reflection(&r),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn delete_moves_to_the_bin_and_undo_restores_everywhere() {
    let (_dir, mut store) = set_up();
    let mut r = input("Difficult conversation", "family meeting");
    r.tags = vec![tag("nhs-somerset", "personal-integrity", None)];
    let saved = store.save_reflection(&r).unwrap();
    let visible = |store: &reflect_core::Store| {
        let list = store
            .list_reflections(&ReflectionQuery::default())
            .unwrap()
            .len();
        let search = store
            .list_reflections(&ReflectionQuery {
                text: Some("family".into()),
                ..Default::default()
            })
            .unwrap()
            .len();
        let ov = store.overview().unwrap();
        (
            list,
            search,
            ov.total_reflections,
            ov.frameworks[0].values[2].count,
        )
    };
    assert_eq!(visible(&store), (1, 1, 1, 1));
    store.delete_reflection(&saved.id).unwrap();
    assert_eq!(visible(&store), (0, 0, 0, 0));
    let bin = store
        .list_reflections(&ReflectionQuery {
            deleted: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bin.len(), 1);
    assert_eq!(
        store.delete_reflection(&saved.id).unwrap_err().field(),
        Some("id")
    );
    let mut edit = saved.to_input();
    edit.title = "x".into();
    assert_eq!(
        store.save_reflection(&edit).unwrap_err().field(),
        Some("id"),
        "no editing in the bin"
    );
    store.restore_reflection(&saved.id).unwrap();
    assert_eq!(visible(&store), (1, 1, 1, 1));
    assert!(matches!(
        store.restore_reflection("0190-nope"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn search_finds_words_with_highlighted_snippets_and_ignores_query_syntax() {
    let (_dir, mut store) = set_up();
    let mut a = input(
        "Syringe driver set-up",
        "I asked the charge nurse for help with the syringe driver.",
    );
    a.tags = vec![tag(
        "nhs-somerset",
        "self-awareness",
        Some("sa-limitations"),
    )];
    store.save_reflection(&a).unwrap();
    store
        .save_reflection(&input("Rota planning", "Café meeting about the rota"))
        .unwrap();
    let search_as = |store: &reflect_core::Store, text: &str, typing: bool| {
        store
            .list_reflections(&ReflectionQuery {
                text: Some(text.into()),
                as_you_type: typing,
                ..Default::default()
            })
            .unwrap()
    };
    let search = |store: &reflect_core::Store, text: &str| search_as(store, text, false);
    // (text, typing, matches): README, "Searching".
    let cases: &[(&str, bool, usize)] = &[
        ("syringe", false, 1),
        ("SYRINGE driver", false, 1),
        ("syringes", false, 0),           // whole words
        ("syr", false, 0),                // a submitted word is whole…
        ("syr*", false, 1),               // …unless it ends in *
        ("syr", true, 1), // while typing, the last word is a prefix from three letters
        ("sy", true, 0),  // …but not from two
        ("syr ", true, 0), // a space after it says it is whole
        ("cafe", false, 1), // diacritics folded
        ("limitations", false, 0), // behaviour statements are a filter, not text
        ("self awareness", false, 0), // and so are value names
        ("set-up", false, 1), // a hyphenated word is a phrase of its parts
        ("set-u", true, 0), // its one-letter tail is not a prefix
        ("\"syringe driver\"", false, 1), // a phrase
        ("\"driver syringe\"", false, 0), // in its order
        ("rota OR syringe", false, 2),
        ("rota -café", false, 0), // an exclusion
        ("syringe -café", false, 1),
        ("-syringe", false, 1), // only an exclusion: everything without it
        ("rota or syringe", false, 0), // lower-case "or" is a word
        ("\"unbalanced", false, 0),
        // "*" alone (no letter or digit) is refused, not everything: tests/tests/journeys.rs.
        ("NEAR(", false, 0),
        ("title:rota", false, 0), // no column filters: "title" is a word here
        ("nothing-like-this", false, 0),
        ("\u{0}\u{1b}[31m", false, 0), // control characters: only "31m" is a word
    ];
    for (q, typing, n) in cases {
        assert_eq!(
            search_as(&store, q, *typing).len(),
            *n,
            "search {q:?} (typing {typing})"
        );
    }
    let hit = &search(&store, "charge nurse")[0];
    let snippet = hit.snippet.as_ref().unwrap();
    let marked: Vec<&str> = snippet
        .iter()
        .filter(|p| p.highlight)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["charge", "nurse"]);
    assert!(hit.tags.iter().any(|t| &*t.value_name == "Self Awareness"));
}

#[test]
fn filters_combine_with_each_other_and_with_search() {
    let (_dir, mut store) = set_up();
    let mk = |title: &str,
              date: &str,
              model: ReflectiveModel,
              vis: Visibility,
              tags: Vec<reflect_core::TagRef>| {
        let mut r = input(title, "shared words");
        r.event_date = date.into();
        r.model = model;
        if model != ReflectiveModel::Free {
            r.body = BTreeMap::from([(
                model.prompts()[0].key.to_string(),
                "shared words".to_string(),
            )]);
        }
        r.visibility = vis;
        r.tags = tags;
        r
    };
    let all = [
        mk(
            "A",
            "2025-01-10",
            ReflectiveModel::Free,
            Visibility::Private,
            vec![tag("nhs-somerset", "self-awareness", Some("sa-feedback"))],
        ),
        mk(
            "B",
            "2025-06-10",
            ReflectiveModel::Gibbs,
            Visibility::Shared,
            vec![
                tag("nhs-somerset", "self-awareness", None),
                tag("nmc-code", "preserve-safety", None),
            ],
        ),
        mk(
            "C",
            "2026-01-10",
            ReflectiveModel::Nmc,
            Visibility::Shared,
            vec![tag(
                "nhs-somerset",
                "quality-improvement",
                Some("qi-innovate"),
            )],
        ),
        mk(
            "D",
            "2026-02-10",
            ReflectiveModel::WhatSoWhat,
            Visibility::Private,
            vec![],
        ),
    ];
    for r in &all {
        store.save_reflection(r).unwrap();
    }
    let cases: Vec<(&str, ReflectionQuery, &[&str])> = vec![
        (
            "everything, newest first",
            ReflectionQuery::default(),
            &["D", "C", "B", "A"],
        ),
        (
            "value",
            ReflectionQuery {
                tags: vec![tag("nhs-somerset", "self-awareness", None)],
                ..Default::default()
            },
            &["B", "A"],
        ),
        (
            "behaviour",
            ReflectionQuery {
                tags: vec![tag("nhs-somerset", "self-awareness", Some("sa-feedback"))],
                ..Default::default()
            },
            &["A"],
        ),
        (
            "theme",
            ReflectionQuery {
                tags: vec![tag("nmc-code", "preserve-safety", None)],
                ..Default::default()
            },
            &["B"],
        ),
        (
            "from",
            ReflectionQuery {
                from: Some("2025-06-10".into()),
                ..Default::default()
            },
            &["D", "C", "B"],
        ),
        (
            "to",
            ReflectionQuery {
                to: Some("2025-06-10".into()),
                ..Default::default()
            },
            &["B", "A"],
        ),
        (
            "visibility",
            ReflectionQuery {
                visibility: Some(Visibility::Shared),
                ..Default::default()
            },
            &["C", "B"],
        ),
        (
            "model",
            ReflectionQuery {
                model: Some(ReflectiveModel::Nmc),
                ..Default::default()
            },
            &["C"],
        ),
        (
            "limit",
            ReflectionQuery {
                limit: Some(1),
                ..Default::default()
            },
            &["D"],
        ),
        (
            "search and value and date",
            ReflectionQuery {
                text: Some("shared".into()),
                tags: vec![tag("nhs-somerset", "self-awareness", None)],
                from: Some("2025-02-01".into()),
                ..Default::default()
            },
            &["B"],
        ),
    ];
    for (label, q, want) in cases {
        let got: Vec<String> = store
            .list_reflections(&q)
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(got, want, "{label}");
    }
    let err = store
        .list_reflections(&ReflectionQuery {
            from: Some("last week".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("from"));
}

#[test]
fn the_overview_counts_values_and_behaviours_and_shows_gaps() {
    let (_dir, mut store) = set_up();
    let mut a = input("Older", "x");
    a.event_date = "2025-01-01".into();
    a.tags = vec![
        tag("nhs-somerset", "self-awareness", Some("sa-feedback")),
        tag("nhs-somerset", "self-awareness", Some("sa-limitations")),
    ];
    store.save_reflection(&a).unwrap();
    let mut b = input("Newer", "x");
    b.event_date = "2026-01-01".into();
    b.tags = vec![
        tag("nhs-somerset", "self-awareness", None),
        tag("nmc-code", "prioritise-people", None),
    ];
    store.save_reflection(&b).unwrap();
    let ov = store.overview().unwrap();
    assert_eq!(ov.total_reflections, 2);
    let somerset = &ov.frameworks[0];
    assert_eq!(somerset.framework_id, "nhs-somerset");
    let sa = somerset
        .values
        .iter()
        .find(|v| v.key == "self-awareness")
        .unwrap();
    assert_eq!(
        sa.count, 2,
        "a reflection tagged twice under one value counts once"
    );
    assert_eq!(sa.latest.as_ref().unwrap().title, "Newer");
    let counts: Vec<(&str, u32)> = sa
        .behaviours
        .iter()
        .map(|b| (b.key.as_str(), b.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("sa-feedback", 1),
            ("sa-limitations", 1),
            ("sa-honest-mistakes", 0)
        ]
    );
    let gaps: Vec<&str> = somerset
        .values
        .iter()
        .filter(|v| v.count == 0)
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(gaps.len(), 4);
    let nmc = &ov.frameworks[1];
    assert_eq!(
        nmc.values.iter().map(|v| v.count).collect::<Vec<_>>(),
        [1, 0, 0, 0]
    );
}

#[test]
fn the_overview_needs_a_profile() {
    let (_dir, store) = reflect_tests::fresh();
    assert!(matches!(store.overview(), Err(Error::NotSetUp)));
}

#[test]
fn drafts_keep_unsaved_work_until_it_is_saved_or_discarded() {
    let (_dir, mut store) = set_up();
    store.save_draft("new:abc", r#"{"title":""}"#).unwrap();
    let saved = store.save_reflection(&input("Saved", "x")).unwrap();
    store
        .save_draft(&saved.id, r#"{"title":"changed"}"#)
        .unwrap();
    assert_eq!(store.drafts().unwrap().len(), 2);
    // Saving the reflection clears its draft; the new one stays until discarded.
    store.save_reflection(&saved.to_input()).unwrap();
    let keys: Vec<String> = store.drafts().unwrap().into_iter().map(|d| d.key).collect();
    assert_eq!(keys, ["new:abc"]);
    store.discard_draft("new:abc").unwrap();
    assert!(store.drafts().unwrap().is_empty());
    assert_eq!(store.save_draft("", "x").unwrap_err().field(), Some("key"));
}

#[test]
fn a_saved_reflection_survives_reopening_the_file() {
    let (dir, mut store) = set_up();
    let saved = store.save_reflection(&input("Persisted", "x")).unwrap();
    drop(store);
    let reopened = reflect_core::Store::open_dir(dir.path()).unwrap();
    assert_eq!(reopened.reflection(&saved.id).unwrap(), saved);
    assert!(reopened.profile().unwrap().is_some());
}

#[test]
fn profile_validation_names_the_field() {
    type Mutate = fn(&mut reflect_core::Profile);
    let cases: &[(&str, Mutate, &str)] = &[
        ("name", |p| p.name = " ".into(), "name"),
        ("job title", |p| p.job_title = "".into(), "job_title"),
        ("grade", |p| p.grade = "x".repeat(121), "grade"),
        (
            "pin",
            |p| p.registration = Some(reg("", "2027-01-01")),
            "registration.pin",
        ),
        (
            "renewal",
            |p| p.registration = Some(reg("12A3456B", "01/01/2027")),
            "registration.renewal_date",
        ),
        (
            "old renewal",
            |p| p.registration = Some(reg("12A3456B", "2010-01-01")),
            "registration.renewal_date",
        ),
    ];
    fn reg(pin: &str, date: &str) -> reflect_core::Registration {
        reflect_core::Registration {
            body: reflect_core::RegistrationBody::Nmc,
            pin: pin.into(),
            renewal_date: date.into(),
        }
    }
    for (label, mutate, field) in cases {
        let (_dir, mut store) = reflect_tests::fresh();
        let mut p = reflect_tests::profile();
        mutate(&mut p);
        assert_eq!(
            store.save_profile(&p).unwrap_err().field(),
            Some(*field),
            "{label}"
        );
        assert!(store.profile().unwrap().is_none());
    }
}

#[test]
fn the_app_and_the_cli_can_save_tagged_reflections_at_the_same_time() {
    // Two connections to one journal, each saving tagged reflections (a save reads the tags it
    // keeps before it writes): each write waits for the other instead of failing as locked.
    let (dir, store) = set_up();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut store = reflect_core::Store::open_dir(&path).unwrap();
                for i in 0..25 {
                    let mut r = input(
                        &format!("Writer {w}, entry {i}"),
                        "Tagged while the other writes",
                    );
                    r.tags = vec![tag("nhs-somerset", "self-awareness", Some("sa-feedback"))];
                    let saved = store.save_reflection(&r).unwrap();
                    r.id = Some(saved.id);
                    r.title.push_str(" (edited)");
                    store.save_reflection(&r).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let all = store.list_reflections(&ReflectionQuery::default()).unwrap();
    assert_eq!(all.len(), 50);
    assert!(all
        .iter()
        .all(|r| r.title.ends_with("(edited)") && r.tags.len() == 1));
}

/// Adding a reflective model is the enum variant and its prompts in `core/src/model.rs`: this
/// catches the rest of the path (the database's list of models, reading it back).
#[test]
fn every_reflective_model_saves_and_reads_back() {
    let (_dir, mut store) = set_up();
    for model in ReflectiveModel::ALL {
        assert_eq!(ReflectiveModel::parse(model.as_str()), Some(model));
        let prompts = model.prompts();
        assert!(!prompts.is_empty(), "{model:?} has prompts");
        let mut r = input(model.name(), "");
        r.model = model;
        r.body = prompts
            .iter()
            .map(|p| (p.key.to_string(), format!("{} answered", p.label)))
            .collect();
        let saved = store.save_reflection(&r).unwrap();
        assert_eq!(saved.model, model);
        assert_eq!(saved.body.len(), prompts.len(), "{model:?}");
        assert_eq!(store.reflection(&saved.id).unwrap().model, model);
    }
}
