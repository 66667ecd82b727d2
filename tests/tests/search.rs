//! Search at scale (issue 12): the index over the one copy of the text stays in step with every
//! write, any text typed is a safe query, results stream in the order they list, and the history
//! keeps its versions compressed with the views unchanged — also for a journal from before.

use reflect_core::migrate::MIGRATIONS;
use reflect_core::sample::Rng;
use reflect_core::{Error, ReflectionQuery, Store};
use reflect_tests::{input, set_up, tag};
use rusqlite::Connection;

fn search(store: &Store, text: &str) -> Vec<String> {
    store
        .list_reflections(&ReflectionQuery {
            text: Some(text.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect()
}

/// FTS5's own check that the index holds exactly the text `reflection_text` gives it.
fn index_is_sound(store: &Store) {
    let conn = Connection::open(store.path()).unwrap();
    conn.execute(
        "INSERT INTO reflection_fts (reflection_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

#[test]
fn the_index_follows_every_write_to_the_one_copy_of_the_text() {
    let (_dir, mut store) = set_up();
    let a = store
        .save_reflection(&input("Syringe driver", "the charge nurse showed me"))
        .unwrap();
    let b = store
        .save_reflection(&input("Handover", "night team asked about bloods"))
        .unwrap();
    index_is_sound(&store);
    let mut edit = a.to_input();
    edit.body
        .insert("reflection".into(), "the matron showed me".into());
    store.save_reflection(&edit).unwrap();
    assert_eq!(
        search(&store, "charge"),
        Vec::<String>::new(),
        "old words gone"
    );
    assert_eq!(search(&store, "matron"), ["Syringe driver"]);
    store.delete_reflection(&b.id).unwrap();
    assert!(
        search(&store, "bloods").is_empty(),
        "the bin is not searched"
    );
    store.restore_reflection(&b.id).unwrap();
    assert_eq!(search(&store, "bloods"), ["Handover"]);
    index_is_sound(&store);

    // The text is stored once: no FTS content table, no snapshot for a current version.
    let conn = Connection::open(store.path()).unwrap();
    let content_tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'reflection_fts_content'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(content_tables, 0);
    let snapshots: i64 = conn
        .query_row(
            "SELECT count(*) FROM reflection_version WHERE snapshot IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The explicit edit made a second revision of the first reflection: only the earlier one
    // keeps a snapshot of its text; the current text lives in one place.
    assert_eq!(
        snapshots, 1,
        "one snapshot: the first reflection's earlier revision"
    );
}

#[test]
fn any_text_is_a_safe_query() {
    let (_dir, mut store) = set_up();
    for i in 0..5 {
        store
            .save_reflection(&input(
                &format!("Reflection {i}"),
                "near miss with an allergy",
            ))
            .unwrap();
    }
    let alphabet: Vec<char> = "aé -\"*():^+OR NOT AND NEAR{}[]'\\\u{0}\u{2}\u{3}\u{1b}😀ㅎ\n\t"
        .chars()
        .collect();
    let mut rng = Rng::new(2026);
    for _ in 0..2_000 {
        let len = rng.below(24);
        let text: String = (0..len).map(|_| *rng.pick(&alphabet)).collect();
        for typing in [false, true] {
            let result = store.list_reflections(&ReflectionQuery {
                text: Some(text.clone()),
                as_you_type: typing,
                ..Default::default()
            });
            // Text with no letter or digit is refused naming the field (it would list the
            // whole journal); anything else is a safe query.
            let nothing_to_find = !text.chars().any(char::is_alphanumeric);
            match &result {
                Ok(_) => {}
                Err(Error::Invalid { field, message })
                    if nothing_to_find
                        && field == "text"
                        && message == reflect_core::search_syntax::NO_WORDS => {}
                other => panic!("{text:?} (typing {typing}): {other:?}"),
            }
        }
    }
    // Past the term limit: a plain refusal naming the field, not an FTS5 error.
    let long = vec!["word"; 51].join(" ");
    match store.list_reflections(&ReflectionQuery {
        text: Some(long),
        ..Default::default()
    }) {
        Err(Error::Invalid { field, message }) => {
            assert_eq!(field, "text");
            assert!(message.contains("at most 50 words"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn ranked_results_stream_in_the_order_they_list_and_ties_go_newest_first() {
    let (_dir, mut store) = set_up();
    for (i, date) in ["2026-01-03", "2026-01-01", "2026-01-02"]
        .iter()
        .enumerate()
    {
        let mut r = input(&format!("Same {i}"), "identical handover words");
        r.event_date = (*date).into();
        r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
        store.save_reflection(&r).unwrap();
    }
    store
        .save_reflection(&input("Handover handover", "handover handover handover"))
        .unwrap();
    let query = ReflectionQuery {
        text: Some("handover".into()),
        ..Default::default()
    };
    let listed = store.list_reflections(&query).unwrap();
    let titles: Vec<&str> = listed.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Handover handover", "Same 0", "Same 2", "Same 1"],
        "best match first; equal ranks newest event first"
    );
    let mut streamed = Vec::new();
    store
        .each_reflection(&query, |r| {
            streamed.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed, listed, "the same rows, tags and snippets");
    // An error from the receiver stops the walk and comes back.
    let mut seen = 0;
    let stopped = store.each_reflection(&query, |_| {
        seen += 1;
        Err(Error::invalid("out", "stop"))
    });
    assert!(matches!(stopped, Err(Error::Invalid { .. })));
    assert_eq!(seen, 1);
}

#[test]
fn older_versions_are_kept_compressed_and_read_back_unchanged() {
    let (_dir, mut store) = set_up();
    let conn = Connection::open(store.path()).unwrap();
    let first = store
        .save_reflection(&input("Draft", "first words ".repeat(200).trim()))
        .unwrap();
    let mut edit = first.to_input();
    let mut expected = vec![first.clone()];
    for n in 2..=4 {
        // Each save past the five-minute window is a new revision.
        conn.execute(
            "UPDATE reflection_version SET saved_at = '2020-01-01T00:00:00.000Z'",
            [],
        )
        .unwrap();
        edit.title = format!("Draft {n}");
        let saved = store.save_reflection(&edit).unwrap();
        assert_eq!(saved.revision, n);
        expected.push(saved);
    }
    let history = store.revisions(&first.id).unwrap();
    let got: Vec<(u32, String, String)> = history
        .iter()
        .map(|h| {
            (
                h.revision,
                h.reflection.title.clone(),
                h.reflection.body["reflection"].clone(),
            )
        })
        .collect();
    let want: Vec<(u32, String, String)> = expected
        .iter()
        .rev()
        .map(|r| (r.revision, r.title.clone(), r.body["reflection"].clone()))
        .collect();
    assert_eq!(got, want, "newest first, each as it was saved");
    assert_eq!(history[0].reflection, store.reflection(&first.id).unwrap());
    let kinds: Vec<(i64, String, i64)> = conn
        .prepare("SELECT revision, typeof(snapshot), coalesce(length(snapshot), 0) FROM reflection_version ORDER BY revision")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(kinds.len(), 4);
    for (rev, kind, len) in &kinds[..3] {
        assert_eq!(kind, "blob", "revision {rev} is compressed");
        assert!(*len < 600, "revision {rev}: {len} bytes for ~2,400 of text");
    }
    assert_eq!(kinds[3].1, "null", "the current revision is the row itself");

    // A damaged snapshot is reported as damage, naming the revision, and changes nothing.
    conn.execute(
        "UPDATE reflection_version SET snapshot = x'00ff00ff' WHERE revision = 2",
        [],
    )
    .unwrap();
    match store.revisions(&first.id) {
        Err(Error::Corrupt(m)) => assert!(m.contains("revision 2"), "{m}"),
        other => panic!("expected damage, got {other:?}"),
    }
    assert_eq!(store.reflection(&first.id).unwrap().title, "Draft 4");
}

/// A journal written by the build before this one (schema 6: the FTS index with its own copy and
/// tags, full JSON snapshots): opening it moves it to one copy with the same history and search.
#[test]
fn a_journal_from_before_keeps_its_history_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let id = "0190a5b2-0000-7000-8000-000000000001";
    // Build schema 6 by hand from the committed migrations, with one reflection at revision 2.
    let path = dir.path().join("reflect.db");
    {
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..6] {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        let v1 = serde_json::json!({
            "id": id, "title": "Asked", "event_date": "2026-01-01", "model": "free",
            "body": {"reflection": "first version"}, "tags": [], "visibility": "private",
            "cpd_hours": null, "cpd_participatory": false,
            "created_at": "2026-01-01T10:00:00.000Z", "updated_at": "2026-01-01T10:00:00.000Z",
            "revision": 1, "deleted_at": null
        });
        let mut v2 = v1.clone();
        v2["title"] = "Asked for help".into();
        v2["body"] = serde_json::json!({"reflection": "the syringe driver alarmed"});
        v2["updated_at"] = "2026-01-02T10:00:00.000Z".into();
        v2["revision"] = 2.into();
        conn.execute_batch(&format!(
            "INSERT INTO reflection (seq, id, title, event_date, model, created_at, updated_at, revision, body)
               VALUES (1, '{id}', 'Asked for help', '2026-01-01', 'free', '2026-01-01T10:00:00.000Z',
                       '2026-01-02T10:00:00.000Z', 2, '{{\"reflection\":\"the syringe driver alarmed\"}}');
             INSERT INTO reflection_fts (rowid, title, body, tags) VALUES (1, 'Asked for help', 'the syringe driver alarmed', 'Compassion');
             INSERT INTO reflection_revision VALUES ('{id}', 1, '2026-01-01T10:00:00.000Z', '{v1}');
             INSERT INTO reflection_revision VALUES ('{id}', 2, '2026-01-02T10:00:00.000Z', '{v2}');"
        ))
        .unwrap();
    }
    let store = Store::open_dir(dir.path()).unwrap();
    let history = store.revisions(id).unwrap();
    let titles: Vec<(u32, &str, &str)> = history
        .iter()
        .map(|h| {
            (
                h.revision,
                h.reflection.title.as_str(),
                h.reflection.body["reflection"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        [
            (2, "Asked for help", "the syringe driver alarmed"),
            (1, "Asked", "first version")
        ]
    );
    assert_eq!(search(&store, "syringe"), ["Asked for help"]);
    assert!(
        search(&store, "compassion").is_empty(),
        "value names are not text any more"
    );
    index_is_sound(&store);
}

/// The index's view lists every prompt key by name (schema/0007): an answer to any prompt of any
/// model is found, and its snippet comes from that answer.
#[test]
fn every_prompt_of_every_model_is_searchable() {
    let (_dir, mut store) = set_up();
    for model in reflect_core::ReflectiveModel::ALL {
        for (i, p) in model.prompts().iter().enumerate() {
            let word = format!("zq{}x{i}", model.as_str().replace('_', ""));
            let mut r = input(&format!("{} {}", model.as_str(), p.key), "x");
            r.model = model;
            r.body = std::collections::BTreeMap::from([(
                p.key.to_string(),
                format!("about {word} here"),
            )]);
            store.save_reflection(&r).unwrap();
            let found = store
                .list_reflections(&ReflectionQuery {
                    text: Some(word.clone()),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(found.len(), 1, "{} / {}", model.as_str(), p.key);
            let snippet: String = found[0]
                .snippet
                .iter()
                .flatten()
                .map(|s| s.text.as_str())
                .collect();
            assert!(snippet.contains(&word), "{snippet}");
        }
    }
    index_is_sound(&store);
}

/// The app's "Showing 50 of N": the count agrees with the list for every kind of query, and
/// stops at the query's limit.
#[test]
fn the_count_agrees_with_the_list() {
    let (_dir, mut store) = set_up();
    for i in 0..12 {
        let mut r = input(
            &format!("Shift {i}"),
            if i % 3 == 0 {
                "night handover"
            } else {
                "day handover"
            },
        );
        if i % 2 == 0 {
            r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
        }
        store.save_reflection(&r).unwrap();
    }
    let cases: &[(Option<&str>, bool, Option<u32>, u32)] = &[
        (None, false, None, 12),
        (None, true, None, 6),
        (Some("handover"), false, None, 12),
        (Some("night"), false, None, 4),
        (Some("-night"), false, None, 8),
        (Some("handover -night"), true, None, 4),
        (Some("handover"), false, Some(5), 5),
        (Some("nothing"), false, None, 0),
    ];
    for (text, tagged, limit, n) in cases {
        let q = ReflectionQuery {
            text: text.map(String::from),
            tags: if *tagged {
                vec![tag("nhs-somerset", "self-awareness", None)]
            } else {
                Vec::new()
            },
            limit: *limit,
            ..Default::default()
        };
        assert_eq!(
            store.count_reflections(&q).unwrap(),
            *n,
            "{text:?} tagged {tagged} limit {limit:?}"
        );
        assert_eq!(
            store.list_reflections(&q).unwrap().len() as u32,
            *n,
            "{text:?}"
        );
    }
}
