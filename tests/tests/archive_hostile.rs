//! Hostile archives: each is refused naming why, by `Store::import_archive` (and, where it needs
//! no journal, by `archive::inspect`), and the journal's table counts are unchanged.

use reflect_core::archive;
use reflect_core::Store;
use reflect_tests::archive::{
    derbyshire, entries, first_reflection, json_of, set_json, source, today, zip_from,
};
use reflect_tests::{counts, input};

fn zip_of(store: &Store) -> Vec<u8> {
    reflect_pdf::export::archive(store, today())
        .unwrap()
        .to_zip()
        .unwrap()
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
        assert_eq!(
            dst.archive_import_refusal().unwrap(),
            None,
            "an empty journal can take one"
        );
        prepare(&mut dst);
        let refusal = dst.archive_import_refusal().unwrap().expect(what);
        assert!(refusal.contains("already holds"), "{what}: {refusal}");
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
