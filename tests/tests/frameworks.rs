//! Values frameworks: the built-ins quote their sources exactly; imports validate with the field
//! and reason and write nothing when invalid; edits create revisions that old reflections keep.

use reflect_core::{Error, FrameworkKind, ReflectionQuery, Store};
use reflect_tests::{counts, fresh, input, set_up, tag};

/// Collapse whitespace, so wrapped lines in the seed compare equal to one-line statements.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn built_in_frameworks_quote_their_published_wording() {
    let (_dir, store) = fresh();
    let cases: &[(&str, &str, &[&str])] = &[
        ("nhs-somerset", "Quality Improvement", &[
            "think innovatively about how best to use the resources that we have to come up with improved ways to deliver our particular service",
            "identify opportunities to improve procedure and practice within our own roles",
            "support efforts by colleagues, providers, the Somerset System and nationally to improve the quality of service provision across the NHS",
        ]),
        ("nhs-somerset", "Integrated Working", &[
            "encourage, enable and role model working across organisational boundaries",
            "develop positive relationships with colleagues through the use of local networks and joint working",
            "share best practice and learning from mistakes with colleagues openly, in order to improve the service we provide",
        ]),
        ("nhs-somerset", "Personal Integrity", &[
            "take personal responsibility for ensuring that we contribute to the provision of excellent, safe, high quality service to others",
            "have courage to challenge others if a decision is being made which may have a negative impact on patients, colleagues or other stakeholders",
            "commit to learning and developing ourselves within our roles, to provide the best possible service to those we work with and for",
        ]),
        ("nhs-somerset", "Self Awareness", &[
            "seek, reflect on and learn from feedback from colleagues, internal and external, and service users",
            "understand our own limitations and know when it is the right time to ask for help or advice",
            "are honest and transparent and are not afraid to say if we have made a mistake",
        ]),
        ("derbyshire-healthcare", "People first", &["We work compassionately and supportively with each other and those who use our services. We recognise a well-supported, engaged and empowered workforce is vital to good patient care"]),
        ("derbyshire-healthcare", "Respect", &["We respect and value the diversity of our patients, colleagues and partners and for them to feel they belong within our respectful and inclusive environment"]),
        ("derbyshire-healthcare", "Honesty", &["We are open and transparent in all we do"]),
        ("derbyshire-healthcare", "Do your best", &["We recognise how hard colleagues work and together we want to work smarter, striving to support continuous improvement in all aspects of our work."]),
    ];
    for (framework, value, texts) in cases {
        let fw = store.framework(framework, None).unwrap();
        let v = fw
            .doc
            .values
            .iter()
            .find(|v| v.name == *value)
            .unwrap_or_else(|| panic!("{framework}: {value}"));
        let mut found: Vec<String> = v.behaviours.iter().map(|b| b.text.clone()).collect();
        found.extend(v.description.clone());
        for t in *texts {
            assert!(
                found.iter().any(|f| f == t),
                "{framework} / {value} quotes: {t}"
            );
        }
    }
}

#[test]
fn built_in_wording_appears_in_the_seed_documents() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    let (_dir, store) = fresh();
    for (framework, seed) in [
        ("nhs-somerset", "004_f9077ca7eedb236c.txt"),
        ("derbyshire-healthcare", "000_0af19e049c7b338c.txt"),
    ] {
        let Ok(text) = std::fs::read_to_string(seeds.join(seed)) else {
            // The seeds live beside the repository (shared/); the table test above carries the wording.
            continue;
        };
        let text = norm(&text);
        let doc = store.framework(framework, None).unwrap().doc;
        let mut quoted: Vec<String> = doc
            .values
            .iter()
            .flat_map(|v| v.behaviours.iter().map(|b| b.text.clone()))
            .collect();
        quoted.extend(
            doc.values
                .iter()
                .filter(|v| !v.heading_omitted_in_source)
                .map(|v| v.name.clone()),
        );
        quoted.extend(doc.values.iter().filter_map(|v| v.description.clone()));
        quoted.extend(doc.vision.clone());
        quoted.extend(
            doc.strategic_objectives
                .iter()
                .flat_map(|o| o.bullets.iter().cloned().chain([o.name.clone()])),
        );
        for q in quoted {
            assert!(
                text.contains(&norm(&q)),
                "{framework}: not in the source: {q}"
            );
        }
    }
}

#[test]
fn the_somerset_value_without_a_heading_is_marked_and_renameable() {
    let (_dir, mut store) = set_up();
    let doc = store.framework("nhs-somerset", None).unwrap().doc;
    let omitted: Vec<_> = doc
        .values
        .iter()
        .filter(|v| v.heading_omitted_in_source)
        .collect();
    assert_eq!(omitted.len(), 1);
    assert_eq!(
        omitted[0].behaviours[0].text,
        "take the time to listen to those around us"
    );
    assert!(omitted[0]
        .label_note
        .as_deref()
        .unwrap_or("")
        .contains("omits"));

    // Tag a reflection with the derived label, then rename: the old reflection keeps its label.
    let mut r = input("Listened properly", "x");
    r.tags = vec![tag("nhs-somerset", &omitted[0].key, Some("lr-listen"))];
    let saved = store.save_reflection(&r).unwrap();
    let fw = store
        .rename_value("nhs-somerset", &omitted[0].key, "Compassionate Listening")
        .unwrap();
    assert_eq!(fw.revision, 2);
    assert!(fw
        .doc
        .values
        .iter()
        .any(|v| v.name == "Compassionate Listening" && v.heading_omitted_in_source));
    let again = store.reflection(&saved.id).unwrap();
    assert_eq!(
        &*again.tags[0].value_name,
        "Listening and Trusted Relationships"
    );
    assert_eq!(again.tags[0].framework_revision, 1);
    // The overview uses the current name and still counts it.
    let ov = store.overview().unwrap();
    let v = ov.frameworks[0]
        .values
        .iter()
        .find(|v| v.key == omitted[0].key)
        .unwrap();
    assert_eq!((v.name.as_str(), v.count), ("Compassionate Listening", 1));
    // Revision 1 is still readable.
    assert_eq!(
        store.framework("nhs-somerset", Some(1)).unwrap().revision,
        1
    );
}

const CUSTOM: &str = r#"{
  "format": 1, "id": "trust-x", "kind": "organisation", "name": "Trust X values",
  "organisation": "Trust X", "version": "2026", "source": "Trust X intranet",
  "values": [
    {"key": "kind", "name": "Kind", "description": "We are kind.",
     "behaviours": [{"key": "k-listen", "text": "We listen."}]},
    {"key": "brave", "name": "Brave", "behaviours": []}
  ]
}"#;

#[test]
fn importing_a_framework_is_idempotent_and_new_content_is_a_new_revision() {
    let (_dir, mut store) = fresh();
    let first = store.import_framework(CUSTOM).unwrap();
    assert!(first.changed);
    assert_eq!(first.framework.current_revision, 1);
    assert_eq!(first.framework.kind, FrameworkKind::Organisation);
    let before = counts(&store);
    let again = store.import_framework(CUSTOM).unwrap();
    assert!(!again.changed);
    assert_eq!(
        counts(&store),
        before,
        "the same file twice changes nothing"
    );
    let edited = store
        .import_framework(&CUSTOM.replace("We listen.", "We listen carefully."))
        .unwrap();
    assert!(edited.changed);
    assert_eq!(edited.framework.current_revision, 2);
}

#[test]
fn malformed_framework_files_name_the_field_and_write_nothing() {
    use serde_json::{json, Value};
    type Mutate = fn(&mut Value);
    let cases: &[(&str, Mutate, &str)] = &[
        (
            "missing values",
            |v| drop(v.as_object_mut().unwrap().remove("values")),
            "values",
        ),
        (
            "missing behaviour key",
            |v| {
                drop(
                    v["values"][0]["behaviours"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("key"),
                )
            },
            "values[0].behaviours[0].key",
        ),
        ("format 2", |v| v["format"] = json!(2), "format"),
        ("bad id", |v| v["id"] = json!("Trust X!"), "id"),
        ("empty name", |v| v["name"] = json!("  "), "name"),
        (
            "name too long",
            |v| v["name"] = json!("x".repeat(201)),
            "name",
        ),
        (
            "duplicate value key",
            |v| v["values"][1]["key"] = json!("kind"),
            "values[1].key",
        ),
        (
            "duplicate value name",
            |v| v["values"][1]["name"] = json!("kind"),
            "values[1].name",
        ),
        (
            "empty behaviour",
            |v| v["values"][0]["behaviours"][0]["text"] = json!(""),
            "values[0].behaviours[0].text",
        ),
        (
            "behaviour of wrong type",
            |v| v["values"][0]["behaviours"][0]["text"] = json!(3),
            "values[0].behaviours[0].text",
        ),
        ("unknown field", |v| v["colour"] = json!("blue"), "colour"),
        ("wrong kind", |v| v["kind"] = json!("regional"), "kind"),
        ("no values", |v| v["values"] = json!([]), "values"),
        // Every documented limit (schema/frameworks/README.md), one character over.
        (
            "fourth behaviour far over 2,000 characters",
            |v| {
                v["values"][0]["behaviours"] = json!((0..4)
                    .map(|i| json!({"key": format!("b{i}"), "text": "We act."}))
                    .collect::<Vec<_>>());
                v["values"][0]["behaviours"][3]["text"] = json!("x".repeat(50_000));
            },
            "values[0].behaviours[3].text",
        ),
        (
            "behaviour 2,001 characters",
            |v| v["values"][0]["behaviours"][0]["text"] = json!("é".repeat(2001)),
            "values[0].behaviours[0].text",
        ),
        (
            "notes too long",
            |v| v["notes"] = json!("n".repeat(2001)),
            "notes",
        ),
        (
            "vision too long",
            |v| v["vision"] = json!("v".repeat(2001)),
            "vision",
        ),
        (
            "source too long",
            |v| v["source"] = json!("s".repeat(2001)),
            "source",
        ),
        (
            "description too long",
            |v| v["values"][1]["description"] = json!("d".repeat(2001)),
            "values[1].description",
        ),
        (
            "behaviours intro too long",
            |v| v["values"][0]["behaviours_intro"] = json!("i".repeat(2001)),
            "values[0].behaviours_intro",
        ),
        (
            "label note too long",
            |v| v["values"][1]["label_note"] = json!("l".repeat(2001)),
            "values[1].label_note",
        ),
        (
            "value name too long",
            |v| v["values"][1]["name"] = json!("n".repeat(201)),
            "values[1].name",
        ),
        ("id too long", |v| v["id"] = json!("a".repeat(65)), "id"),
        (
            "behaviour key too long",
            |v| v["values"][0]["behaviours"][0]["key"] = json!("k".repeat(65)),
            "values[0].behaviours[0].key",
        ),
        (
            "31 values",
            |v| {
                v["values"] = json!((0..31)
                    .map(|i| json!({"key": format!("v{i}"), "name": format!("V{i}")}))
                    .collect::<Vec<_>>())
            },
            "values",
        ),
        (
            "31 behaviours",
            |v| {
                v["values"][0]["behaviours"] = json!((0..31)
                    .map(|i| json!({"key": format!("b{i}"), "text": "We act."}))
                    .collect::<Vec<_>>())
            },
            "values[0].behaviours",
        ),
        (
            "objective name too long",
            |v| v["strategic_objectives"] = json!([{"name": "o".repeat(201), "bullets": []}]),
            "strategic_objectives[0].name",
        ),
        (
            "bullet too long",
            |v| v["strategic_objectives"] = json!([{"name": "O", "bullets": ["b".repeat(2001)]}]),
            "strategic_objectives[0].bullets[0]",
        ),
        (
            "31 objectives",
            |v| {
                v["strategic_objectives"] = json!((0..31)
                    .map(|i| json!({"name": format!("O{i}")}))
                    .collect::<Vec<_>>())
            },
            "strategic_objectives",
        ),
        (
            "31 bullets",
            |v| v["strategic_objectives"] = json!([{"name": "O", "bullets": vec!["b"; 31]}]),
            "strategic_objectives[0].bullets",
        ),
    ];
    for (label, mutate, field) in cases {
        let (_dir, mut store) = fresh();
        let mut doc: Value = serde_json::from_str(CUSTOM).unwrap();
        mutate(&mut doc);
        let before = counts(&store);
        let err = store.import_framework(&doc.to_string()).unwrap_err();
        match &err {
            Error::Invalid { field: f, message } => {
                assert_eq!(f, field, "{label}: {message}");
                assert!(!message.is_empty());
            }
            other => panic!("{label}: expected a validation error, got {other}"),
        }
        assert_eq!(counts(&store), before, "{label}: nothing written");
    }
    let (_dir, mut store) = fresh();
    let err = store.import_framework("not json at all").unwrap_err();
    assert_eq!(err.field(), Some("file"));
}

#[test]
fn a_framework_exactly_at_every_limit_imports() {
    use serde_json::{json, Value};
    let (_dir, mut store) = fresh();
    let mut doc: Value = serde_json::from_str(CUSTOM).unwrap();
    let text = "é".repeat(2000);
    doc["name"] = json!("n".repeat(200));
    doc["notes"] = json!(text);
    doc["vision"] = json!(text);
    doc["values"] = json!((0..30)
        .map(|i| json!({
            "key": format!("{i}{}", "k".repeat(62)), "name": format!("V{i}"),
            "description": text, "behaviours_intro": text, "label_note": text,
            "behaviours": (0..30)
                .map(|j| json!({"key": format!("b{i}-{j}"), "text": text}))
                .collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>());
    doc["strategic_objectives"] = json!((0..30)
        .map(|i| json!({"name": format!("O{i}"), "bullets": vec![text.clone(); 30]}))
        .collect::<Vec<_>>());
    let outcome = store.import_framework(&doc.to_string()).unwrap();
    assert_eq!(outcome.framework.value_count, 30);
}

#[test]
fn a_reflection_tagged_with_an_old_revision_still_lists_and_filters() {
    let (_dir, mut store) = set_up();
    store.import_framework(CUSTOM).unwrap();
    let mut p = reflect_tests::profile();
    p.organisation_framework = "trust-x".into();
    store.save_profile(&p).unwrap();
    let mut r = input("Kindness on nights", "x");
    r.tags = vec![tag("trust-x", "kind", Some("k-listen"))];
    let saved = store.save_reflection(&r).unwrap();
    store
        .import_framework(
            &CUSTOM
                .replace("We listen.", "We listen carefully.")
                .replace("\"Kind\"", "\"Kindness\""),
        )
        .unwrap();
    let got = store.reflection(&saved.id).unwrap();
    assert_eq!(
        got.tags
            .iter()
            .find(|t| t.behaviour_key.is_some())
            .unwrap()
            .behaviour_text
            .as_deref(),
        Some("We listen.")
    );
    let found = store
        .list_reflections(&ReflectionQuery {
            tags: vec![tag("trust-x", "kind", Some("k-listen"))],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    // Editing the reflection keeps the revision its existing tags were made with.
    let mut edit = got.to_input();
    edit.title = "Kindness on night shift".into();
    let edited = store.save_reflection(&edit).unwrap();
    assert!(edited.tags.iter().all(|t| t.framework_revision == 1));
}

#[test]
fn a_profile_must_name_frameworks_of_the_right_kind() {
    let cases = [
        ("nmc-code", vec![], "organisation_framework"),
        ("no-such", vec![], "organisation_framework"),
        (
            "nhs-somerset",
            vec!["nhs-constitution".to_string()],
            "professional_frameworks[0]",
        ),
    ];
    for (org, pros, field) in cases {
        let (_dir, mut store) = fresh();
        let mut p = reflect_tests::profile();
        p.organisation_framework = org.into();
        p.professional_frameworks = pros;
        let err = store.save_profile(&p).unwrap_err();
        assert_eq!(err.field(), Some(field), "{org}: {err}");
        assert!(store.profile().unwrap().is_none(), "nothing saved");
    }
}

#[test]
fn nmc_code_is_a_professional_framework_with_four_themes() {
    let (_dir, store): (_, Store) = fresh();
    let fw = store.framework("nmc-code", None).unwrap();
    assert_eq!(fw.doc.kind, FrameworkKind::Professional);
    let names: Vec<&str> = fw.doc.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Prioritise people",
            "Practise effectively",
            "Preserve safety",
            "Promote professionalism and trust"
        ]
    );
    let constitution = store.framework("nhs-constitution", None).unwrap();
    assert!(constitution.doc.descriptions_paraphrased);
    assert_eq!(constitution.doc.values.len(), 6);
}
