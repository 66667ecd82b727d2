//! The portable archive (archive format 1): a journal archived and imported into a fresh journal
//! at another employer keeps everything with the same ids, tags keep their framework revision and
//! labels, signed appraisals still verify; every entry follows its schema; the committed fixture
//! imports forever. Hostile archives: `archive_hostile.rs`.

use reflect_core::archive::{self, ArchiveImported};
use reflect_core::framework::FrameworkDoc;
use reflect_core::{Error, Role, Store};
use reflect_tests::archive::{derbyshire, entries, json_of, source, today};
use reflect_tests::{counts, fresh, input, tag};
use serde_json::Value;

fn zip_of(store: &Store) -> Vec<u8> {
    reflect_pdf::export::archive(store, today())
        .unwrap()
        .to_zip()
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

    // A later edit here takes the next free number above the imported revision 2.
    let key = dst.framework("nhs-somerset", None).unwrap().doc.values[0]
        .key
        .clone();
    let renamed = dst
        .rename_value("nhs-somerset", &key, "Renamed Here")
        .unwrap();
    assert_eq!(renamed.current_revision, 3);
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

/// What Settings says goes is what is written: the PDF count of the preview (made without
/// rendering) matches the archive's own, for an NMC registrant and for someone who is not
/// (regression: the preview counted the NMC document for every profile).
#[test]
fn the_preview_counts_the_pdfs_the_archive_holds() {
    let (_src, mut store) = source();
    let registrant = reflect_pdf::export::preview(&store).unwrap().counts.pdfs;
    let written = reflect_pdf::export::archive(&store, today())
        .unwrap()
        .summary()
        .counts
        .pdfs;
    assert_eq!(registrant, written);
    let mut p = store.profile().unwrap().unwrap();
    p.registration = None;
    store.save_profile(&p).unwrap();
    let not_registrant = reflect_pdf::export::preview(&store).unwrap().counts.pdfs;
    let written = reflect_pdf::export::archive(&store, today())
        .unwrap()
        .summary()
        .counts
        .pdfs;
    assert_eq!(not_registrant, written);
    assert_eq!(
        not_registrant + 1,
        registrant,
        "only a registrant gets the NMC document"
    );
}
