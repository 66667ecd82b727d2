//! The portable archive (archive format 1): a journal archived and imported into a fresh journal
//! at another employer keeps everything with the same ids, tags keep their framework revision and
//! labels, signed appraisals still verify; every entry follows its schema; every hostile archive
//! is refused naming why, with the journal unchanged; the committed fixture imports forever.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use chrono::{Local, NaiveDate};
use reflect_core::archive::{self, ArchiveImported};
use reflect_core::framework::FrameworkDoc;
use reflect_core::revalidation::FeedbackInput;
use reflect_core::{Error, Registration, RegistrationBody, Role, Store, Visibility};
use reflect_tests::{counts, fresh, input, tag};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A nurse's journal at NHS Somerset: reflections tagged to values and behaviours, one tagged
/// before a value was renamed (so it keeps revision 1), private, shared and binned ones, an
/// agreed appraisal with its log, and a feedback entry.
fn source() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fresh();
    let mut p = reflect_tests::profile();
    p.registration = Some(Registration {
        body: RegistrationBody::Nmc,
        pin: "12A3456E".into(),
        renewal_date: "2028-03-31".into(),
    });
    store.save_profile(&p).unwrap();
    let somerset = store.framework("nhs-somerset", None).unwrap().doc;
    let value = somerset.values[0].clone();
    let behaviour = value.behaviours[0].key.clone();
    let mut old = input(
        "Asked for help with a syringe driver",
        "I was unsure, so I asked.",
    );
    old.tags = vec![
        tag("nhs-somerset", &value.key, None),
        tag("nhs-somerset", &value.key, Some(&behaviour)),
    ];
    old.cpd_hours = Some(1.25);
    let old = store.save_reflection(&old).unwrap();
    let mut edit = old.to_input();
    edit.title = "Asked for help with a syringe driver (edited)".into();
    store.save_reflection(&edit).unwrap();
    store
        .rename_value("nhs-somerset", &value.key, "Renamed In Reflect")
        .unwrap();
    let mut new = input("Handover", "A calm handover.");
    new.tags = vec![tag("nhs-somerset", &value.key, None)];
    new.visibility = Visibility::Shared;
    store.save_reflection(&new).unwrap();
    let binned = store
        .save_reflection(&input("Binned", "Not needed."))
        .unwrap();
    store.delete_reflection(&binned.id).unwrap();
    reflect_core::sample::agreed_appraisal(&mut store, today(), 3, 21).unwrap();
    store
        .save_feedback(
            &FeedbackInput {
                id: None,
                received_on: "2026-01-10".into(),
                source: "Patient".into(),
                summary: "Thanked the team.".into(),
                changes: "I check understanding.".into(),
            },
            today(),
        )
        .unwrap();
    (dir, store)
}

/// A fresh journal set up for Derbyshire Healthcare.
fn derbyshire() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fresh();
    store
        .save_profile(&reflect_core::sample::profile("derbyshire-healthcare"))
        .unwrap();
    (dir, store)
}

fn zip_of(store: &Store) -> Vec<u8> {
    reflect_pdf::archive::archive(store, today())
        .unwrap()
        .to_zip()
        .unwrap()
}

/// Every entry of a zip, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// Write entries as a zip; with `rehash`, the manifest's sizes and hashes are made to match.
fn zip_from(mut list: Vec<(String, Vec<u8>)>, rehash: bool) -> Vec<u8> {
    if rehash {
        let hashes: BTreeMap<String, (usize, String)> = list
            .iter()
            .map(|(n, b)| (n.clone(), (b.len(), reflect_core::format::sha256_hex(b))))
            .collect();
        for (name, bytes) in &mut list {
            if name == "manifest.json" {
                let mut m: Value = serde_json::from_slice(bytes).unwrap();
                for e in m["entries"].as_array_mut().unwrap() {
                    if let Some((len, sha)) = hashes.get(e["name"].as_str().unwrap()) {
                        e["bytes"] = (*len).into();
                        e["sha256"] = sha.clone().into();
                    }
                }
                *bytes = serde_json::to_vec(&m).unwrap();
            }
        }
    }
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &list {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn json_of(list: &[(String, Vec<u8>)], name: &str) -> Value {
    let (_, b) = list.iter().find(|(n, _)| n == name).unwrap();
    serde_json::from_slice(b).unwrap()
}

fn set_json(list: &mut [(String, Vec<u8>)], name: &str, v: &Value) {
    let entry = list.iter_mut().find(|(n, _)| n == name).unwrap();
    entry.1 = serde_json::to_vec_pretty(v).unwrap();
}

fn first_reflection(list: &[(String, Vec<u8>)]) -> String {
    list.iter()
        .map(|(n, _)| n.clone())
        .find(|n| n.starts_with("reflections/"))
        .unwrap()
}

#[test]
fn a_journal_moves_to_another_employer_with_everything_the_same() {
    let (_d, src) = source();
    let bytes = zip_of(&src);
    let (_d2, mut dst) = derbyshire();
    let imported: ArchiveImported = dst.import_archive(&bytes).unwrap();
    assert!(
        !imported.profile_imported,
        "the new journal's profile is kept"
    );
    assert_eq!(
        dst.require_profile().unwrap().organisation_framework,
        "derbyshire-healthcare"
    );
    assert!(imported.renumbered.is_empty());
    // Somerset's renamed revision came in; this journal's current Somerset is still its own.
    assert!(imported.framework_revisions_added >= 1);
    assert_eq!(
        dst.framework("nhs-somerset", None)
            .unwrap()
            .current_revision,
        1
    );
    assert_eq!(
        dst.framework("nhs-somerset", Some(2)).unwrap().doc,
        src.framework("nhs-somerset", Some(2)).unwrap().doc
    );

    // Every reflection, with the same id, text, tags (revision and labels), dates and history.
    let ids: Vec<String> = {
        let c = rusqlite::Connection::open(src.path()).unwrap();
        let mut s = c.prepare("SELECT id FROM reflection ORDER BY seq").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(imported.counts.reflections as usize, ids.len());
    let mut saw_old_revision = false;
    for id in &ids {
        let a = src.reflection(id).unwrap();
        let b = dst.reflection(id).unwrap();
        assert_eq!(a, b, "reflection {id}");
        assert_eq!(src.revisions(id).unwrap(), dst.revisions(id).unwrap());
        saw_old_revision |= b
            .tags
            .iter()
            .any(|t| t.framework_revision == 1 && t.framework_id.as_ref() == "nhs-somerset");
    }
    assert!(
        saw_old_revision,
        "a tag keeps Somerset revision 1 and its old label"
    );
    // Search finds imported reflections (the index is rebuilt).
    let found = dst
        .list_reflections(&reflect_core::ReflectionQuery {
            text: Some("syringe".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);

    // The agreed appraisal: same record, same digest, both key signatures still verify.
    for s in src.list_appraisals().unwrap() {
        let a = src.appraisal(&s.id, Role::Colleague, today()).unwrap();
        let b = dst.appraisal(&s.id, Role::Colleague, today()).unwrap();
        assert_eq!(b.intact, Some(true), "the record is intact after the move");
        assert_eq!(a.record_sha256, b.record_sha256);
        assert_eq!(a.content, b.content);
        assert_eq!(a.events, b.events);
        assert_eq!(a.state, b.state);
        assert_eq!(b.signatures.len(), 2);
        assert!(b.signatures.iter().all(|g| g.key_signed));
        assert_eq!(a.signatures, b.signatures);
    }
    assert_eq!(src.feedback_log().unwrap(), dst.feedback_log().unwrap());
}

#[test]
fn an_archive_brings_its_profile_into_a_journal_without_one() {
    let (_d, mut src) = source();
    let (_d2, mut dst) = fresh();
    let imported = dst.import_archive(&zip_of(&src)).unwrap();
    assert!(imported.profile_imported);
    assert_eq!(dst.profile().unwrap(), src.profile().unwrap());
    // The new device has its own signing key, not the old one.
    assert_ne!(
        dst.key_info().unwrap().public_key,
        src.key_info().unwrap().public_key
    );
}

/// Validate every entry of `bytes` against its schema in schema/archive/.
fn validate_against_schemas(bytes: &[u8]) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/archive");
    let schema = |name: &str| {
        let s: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        jsonschema::validator_for(&s).unwrap()
    };
    let kinds = [
        ("manifest", schema("manifest.schema.json")),
        ("profile", schema("profile.schema.json")),
        ("index", schema("framework-index.schema.json")),
        ("framework", schema("framework.schema.json")),
        ("reflection", schema("reflection.schema.json")),
        ("appraisal", schema("appraisal.schema.json")),
        ("event", schema("event.schema.json")),
        ("revalidation", schema("revalidation.schema.json")),
    ];
    let mut checked = 0;
    for (name, b) in entries(bytes) {
        if name.ends_with(".pdf") {
            assert!(b.starts_with(b"%PDF-"), "{name} is a PDF");
            continue;
        }
        let kind = match name.as_str() {
            "manifest.json" => "manifest",
            "profile.json" => "profile",
            "frameworks/index.json" => "index",
            "revalidation.json" => "revalidation",
            n if n.starts_with("frameworks/") => "framework",
            n if n.starts_with("reflections/") => "reflection",
            n if n.ends_with("/appraisal.json") => "appraisal",
            n if n.contains("/events/") => "event",
            other => panic!("an entry archive format 1 does not have: {other}"),
        };
        let v: Value = serde_json::from_slice(&b).unwrap();
        let validator = &kinds.iter().find(|(k, _)| *k == kind).unwrap().1;
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        checked += 1;
    }
    checked
}

#[test]
fn every_entry_follows_its_schema_and_the_manifest_hashes_every_entry() {
    let (_d, src) = source();
    let bytes = zip_of(&src);
    let checked = validate_against_schemas(&bytes);
    let list = entries(&bytes);
    assert!(checked >= 8, "every kind of entry was checked");
    let manifest = json_of(&list, "manifest.json");
    assert_eq!(manifest["signing_key_included"], false);
    let listed = manifest["entries"].as_array().unwrap();
    assert_eq!(listed.len(), list.len() - 1);
    for e in listed {
        let (_, b) = list
            .iter()
            .find(|(n, _)| n == e["name"].as_str().unwrap())
            .unwrap();
        assert_eq!(e["sha256"], reflect_core::format::sha256_hex(b));
    }
    let c = &manifest["counts"];
    assert!(c["private_reflections"].as_u64().unwrap() >= 2);
    assert_eq!(c["deleted_reflections"], 1);
    assert!(c["pdfs"].as_u64().unwrap() >= 2, "appraisal and NMC PDFs");
    // No entry holds the signing key's secret.
    let secret: Vec<u8> = rusqlite::Connection::open(src.path())
        .unwrap()
        .query_row("SELECT secret FROM signing_key", [], |r| r.get(0))
        .unwrap();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&secret);
    assert!(list
        .iter()
        .all(|(_, b)| !String::from_utf8_lossy(b).contains(&b64)));
}

type Mutate = fn(&mut Vec<(String, Vec<u8>)>) -> bool;

/// Each hostile archive: how it is made from a good one (returning whether to rehash the
/// manifest), and what the refusal says.
fn hostile_cases() -> Vec<(&'static str, Mutate, &'static str)> {
    vec![
        (
            "path traversal",
            |l| {
                l.push(("../evil.json".into(), b"{}".to_vec()));
                false
            },
            "without '..'",
        ),
        (
            "absolute path",
            |l| {
                l.push(("/etc/evil.json".into(), b"{}".to_vec()));
                false
            },
            "relative paths",
        ),
        (
            "backslash",
            |l| {
                l.push(("reflections\\evil.json".into(), b"{}".to_vec()));
                false
            },
            "relative paths",
        ),
        (
            "unknown kind of file",
            |l| {
                l.push(("run.sh".into(), b"echo".to_vec()));
                false
            },
            "only .json and .pdf",
        ),
        (
            "entry not in the manifest",
            |l| {
                l.push(("notes.json".into(), b"{}".to_vec()));
                false
            },
            "not listed in the manifest",
        ),
        (
            "listed entry missing",
            |l| {
                let n = first_reflection(l);
                l.retain(|(x, _)| *x != n);
                false
            },
            "which is not in the archive",
        ),
        (
            "changed entry",
            |l| {
                let n = first_reflection(l);
                let e = l.iter_mut().find(|(x, _)| *x == n).unwrap();
                e.1 = String::from_utf8(e.1.clone())
                    .unwrap()
                    .replace("syringe", "SYRINGE")
                    .into_bytes();
                false
            },
            "does not match its SHA-256",
        ),
        (
            "newer format version",
            |l| {
                let mut m = json_of(l, "manifest.json");
                m["format_version"] = 2.into();
                set_json(l, "manifest.json", &m);
                false
            },
            "archive format 2",
        ),
        (
            "not an archive manifest",
            |l| {
                let mut m = json_of(l, "manifest.json");
                m["format"] = "zip".into();
                set_json(l, "manifest.json", &m);
                false
            },
            "not a Reflect archive",
        ),
        (
            "no manifest",
            |l| {
                l.retain(|(n, _)| n != "manifest.json");
                false
            },
            "no manifest.json",
        ),
        (
            "malformed field",
            |l| {
                let n = first_reflection(l);
                let mut v = json_of(l, &n);
                v["content"]["title"] = 5.into();
                set_json(l, &n, &v);
                true
            },
            "content.title",
        ),
        (
            "malformed JSON",
            |l| {
                let n = first_reflection(l);
                let e = l.iter_mut().find(|(x, _)| *x == n).unwrap();
                e.1.truncate(10);
                true
            },
            "not valid JSON",
        ),
        (
            "huge string",
            |l| {
                let n = first_reflection(l);
                let mut v = json_of(l, &n);
                v["content"]["title"] = "x".repeat(100_000).into();
                set_json(l, &n, &v);
                true
            },
            "longer than 20000",
        ),
        (
            "title over the limit",
            |l| {
                let n = first_reflection(l);
                let mut v = json_of(l, &n);
                v["content"]["title"] = "x".repeat(201).into();
                set_json(l, &n, &v);
                true
            },
            "content.title",
        ),
        (
            "future event date",
            |l| {
                let n = first_reflection(l);
                let mut v = json_of(l, &n);
                v["content"]["event_date"] = "2999-01-01".into();
                set_json(l, &n, &v);
                true
            },
            "content.event_date",
        ),
        (
            "tag label not its framework's",
            |l| {
                let n = l
                    .iter()
                    .map(|(x, _)| x.clone())
                    .find(|x| {
                        x.starts_with("reflections/")
                            && String::from_utf8_lossy(
                                &json_of(l, x)["content"]["tags"].to_string().into_bytes(),
                            )
                            .contains("value_name")
                    })
                    .unwrap();
                let mut v = json_of(l, &n);
                v["content"]["tags"][0]["value_name"] = "Forged".into();
                set_json(l, &n, &v);
                true
            },
            "is not what revision",
        ),
        (
            "reflection under another id's name",
            |l| {
                let n = first_reflection(l);
                let mut v = json_of(l, &n);
                v["id"] = "0000-other".into();
                set_json(l, &n, &v);
                true
            },
            "holds the reflection",
        ),
        (
            "colliding feedback ids",
            |l| {
                let mut v = json_of(l, "revalidation.json");
                let f = v["feedback"][0].clone();
                v["feedback"].as_array_mut().unwrap().push(f);
                set_json(l, "revalidation.json", &v);
                let mut m = json_of(l, "manifest.json");
                m["counts"]["feedback"] = 2.into();
                set_json(l, "manifest.json", &m);
                true
            },
            "used twice",
        ),
        (
            "counts that lie",
            |l| {
                let mut m = json_of(l, "manifest.json");
                m["counts"]["reflections"] = 1000.into();
                set_json(l, "manifest.json", &m);
                false
            },
            "counts do not match",
        ),
        (
            "forged signature",
            |l| {
                let n = l
                    .iter()
                    .map(|(x, _)| x.clone())
                    .find(|x| x.ends_with("/appraisal.json"))
                    .unwrap();
                let mut v = json_of(l, &n);
                let s = v["signatures"][0]["signature"]["signature"]
                    .as_str()
                    .unwrap()
                    .to_string();
                let flipped = if s.starts_with('A') {
                    s.replacen('A', "B", 1)
                } else {
                    format!("A{}", &s[1..])
                };
                v["signatures"][0]["signature"]["signature"] = flipped.into();
                set_json(l, &n, &v);
                true
            },
            "does not verify",
        ),
        (
            "zip bomb entry",
            |l| {
                l.push(("bomb.json".into(), vec![b' '; 17 * 1024 * 1024]));
                false
            },
            "larger than 16 MiB",
        ),
        (
            "event of an appraisal not held",
            |l| {
                l.push(("appraisals/nobody/events/0001.json".into(), br#"{"appraisal_id":"nobody","index":1,"at":"2026-01-01T00:00:00Z","actor":"colleague","actor_name":"x","action":"created","from_state":null,"to_state":"draft","reason":null,"sha256":null}"#.to_vec()));
                let mut m = json_of(l, "manifest.json");
                m["entries"].as_array_mut().unwrap().push(serde_json::json!({"name": "appraisals/nobody/events/0001.json", "bytes": 0, "sha256": "0".repeat(64)}));
                set_json(l, "manifest.json", &m);
                true
            },
            "an appraisal the archive does not hold",
        ),
    ]
}

#[test]
fn hostile_archives_are_refused_and_change_nothing() {
    let (_d, src) = source();
    let good = entries(&zip_of(&src));
    let (_d2, mut dst) = derbyshire();
    let before = counts(&dst);
    let mut cases: Vec<(String, Vec<u8>, &str)> = hostile_cases()
        .into_iter()
        .map(|(name, mutate, says)| {
            let mut list = good.clone();
            let rehash = mutate(&mut list);
            (name.to_string(), zip_from(list, rehash), says)
        })
        .collect();
    cases.push((
        "not a zip".into(),
        b"PK\x03\x04 garbage".to_vec(),
        "could not be read as a zip",
    ));
    cases.push((
        "empty file".into(),
        Vec::new(),
        "could not be read as a zip",
    ));
    cases.push((
        "duplicate entries".into(),
        duplicate_entries(&good),
        "twice",
    ));
    for (name, bytes, says) in cases {
        let err = dst.import_archive(&bytes).expect_err(&name);
        assert_eq!(err.field(), Some("archive"), "{name}: {err}");
        assert!(err.to_string().contains(says), "{name}: {err}");
        // `inspect` checks the container, the manifest and every entry's shape; what needs a
        // journal (labels, each field's limits, signatures) is checked by the import.
        if let Err(inspected) = archive::inspect(&bytes) {
            assert_eq!(inspected.to_string(), err.to_string(), "{name}");
        }
        assert_eq!(counts(&dst), before, "{name} changed the journal");
    }
    // And the good one still imports afterwards.
    dst.import_archive(&zip_from(good, false)).unwrap();
}

/// The same name twice: written as two names of one length, then one renamed in the bytes.
fn duplicate_entries(good: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut list = good.to_vec();
    list.push(("revalidation.jsoX".into(), b"{}".to_vec()));
    let mut bytes = zip_from(list, false);
    let (from, to) = (b"revalidation.jsoX", b"revalidation.json");
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    bytes
}

#[test]
fn a_journal_that_already_holds_reflections_or_appraisals_refuses_an_archive() {
    let (_d, src) = source();
    let bytes = zip_of(&src);
    for (what, prepare) in [
        (
            "a reflection",
            (|s: &mut Store| {
                s.save_reflection(&input("Mine", "Already here.")).unwrap();
            }) as fn(&mut Store),
        ),
        ("an appraisal", |s: &mut Store| {
            reflect_core::sample::agreed_appraisal(s, today(), 0, 1).unwrap();
        }),
    ] {
        let (_d2, mut dst) = derbyshire();
        prepare(&mut dst);
        let before = counts(&dst);
        let err = dst.import_archive(&bytes).unwrap_err();
        assert!(
            err.to_string()
                .contains("can only be imported into a new, empty journal"),
            "{what}: {err}"
        );
        assert_eq!(counts(&dst), before, "{what}");
    }
    // Importing twice: the second is refused (its ids would collide), nothing changes.
    let (_d3, mut dst) = derbyshire();
    dst.import_archive(&bytes).unwrap();
    let before = counts(&dst);
    assert!(dst.import_archive(&bytes).is_err());
    assert_eq!(counts(&dst), before);
}

fn local_framework(kind: &str, value_name: &str) -> String {
    serde_json::json!({
        "format": 1, "id": "local-values", "kind": kind, "name": "Local values",
        "organisation": "A trust", "version": "2026", "source": "Our intranet",
        "values": [{"key": "kindness", "name": value_name, "behaviours": [{"key": "k1", "text": "I notice."}]}]
    })
    .to_string()
}

#[test]
fn a_framework_revision_held_here_with_other_content_comes_in_under_a_new_number() {
    let (_d, mut src) = source();
    src.import_framework(&local_framework("organisation", "Kindness"))
        .unwrap();
    let mut r = input("Kind", "Noticed.");
    r.tags = vec![tag("local-values", "kindness", Some("k1"))];
    let r = src.save_reflection(&r).unwrap();
    let (_d2, mut dst) = derbyshire();
    dst.import_framework(&local_framework("organisation", "Compassion"))
        .unwrap();
    let imported = dst.import_archive(&zip_of(&src)).unwrap();
    assert_eq!(imported.renumbered.len(), 1, "{imported:?}");
    assert_eq!(imported.renumbered[0].archived_revision, 1);
    assert_eq!(imported.renumbered[0].revision, 2);
    let moved = dst.reflection(&r.id).unwrap();
    assert_eq!(moved.tags[0].framework_revision, 2);
    assert_eq!(&*moved.tags[0].value_name, "Kindness", "the archived label");
    // This journal's own revision 1 is untouched and still current.
    let here = dst.framework("local-values", None).unwrap();
    assert_eq!(here.current_revision, 1);
    assert_eq!(here.doc.values[0].name, "Compassion");
}

#[test]
fn a_framework_of_another_kind_under_the_same_id_is_refused() {
    let (_d, mut src) = source();
    src.import_framework(&local_framework("organisation", "Kindness"))
        .unwrap();
    let (_d2, mut dst) = derbyshire();
    dst.import_framework(&local_framework("professional", "Kindness"))
        .unwrap();
    let before = counts(&dst);
    let err: Error = dst.import_archive(&zip_of(&src)).unwrap_err();
    assert!(err.to_string().contains("cannot be the same"), "{err}");
    assert_eq!(counts(&dst), before);
    let fw: FrameworkDoc = dst.framework("local-values", None).unwrap().doc;
    assert_eq!(fw.kind.as_str(), "professional");
}

fn fixture_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/archive/archive-1.zip")
}

/// The committed archive of format 1 must import forever. It is written only when missing and
/// REFLECT_WRITE_FIXTURES is set (when a new format version lands), then committed.
#[test]
fn the_committed_format_1_archive_imports_forever() {
    let path = fixture_path();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(_) => {
            assert!(
                std::env::var_os("REFLECT_WRITE_FIXTURES").is_some(),
                "the fixture archive-1.zip is missing: fixtures are committed and must import forever"
            );
            // Without PDFs: they are for reading, and an import does not read them.
            let (_d, src) = source();
            let b = src.archive().unwrap().to_zip().unwrap();
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &b).unwrap();
            b
        }
    };
    validate_against_schemas(&bytes);
    let summary = archive::inspect(&bytes).unwrap();
    let (_d, mut dst) = derbyshire();
    let imported = dst.import_archive(&bytes).unwrap();
    assert_eq!(imported.counts.reflections, summary.counts.reflections);
    let c = rusqlite::Connection::open(dst.path()).unwrap();
    let n: u32 = c
        .query_row("SELECT count(*) FROM reflection", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, summary.counts.reflections);
    let appraisals = dst.list_appraisals().unwrap();
    assert_eq!(appraisals.len() as u32, summary.counts.appraisals);
    assert!(!appraisals.is_empty());
    for a in appraisals {
        let view = dst.appraisal(&a.id, Role::Colleague, today()).unwrap();
        assert_eq!(view.intact, Some(true), "the fixture's signatures verify");
    }
}
