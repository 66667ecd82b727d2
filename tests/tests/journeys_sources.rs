//! Where a built-in framework's wording comes from (issue 15): the `source` says it in words,
//! also in a journal made before, whose built-in was renamed in Reflect since (and so is not
//! refreshed with the shipped file): its names are kept and only the `source` is brought up
//! to date, once.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests

use reflect_core::framework::{self, RETIRED_BUILTIN_SOURCES};
use reflect_core::Store;
use rusqlite::Connection;

/// The shipped `source` of built-in `id`.
fn shipped(id: &str) -> String {
    let (_, text) = framework::BUILTINS.iter().find(|(b, _)| *b == id).unwrap();
    framework::parse(text).unwrap().source
}

/// Put a retired `source` into the current revision's stored document, as a journal made by
/// the first releases has it.
fn age(dir: &std::path::Path, id: &str, old: &str) {
    let conn = Connection::open(dir.join("reflect.db")).unwrap();
    let (revision, document): (u32, String) = conn
        .query_row(
            "SELECT r.revision, r.document FROM framework f JOIN framework_revision r
             ON r.framework_id = f.id AND r.revision = f.current_revision WHERE f.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&document).unwrap();
    doc["source"] = old.into();
    conn.execute(
        "UPDATE framework_revision SET document = ?3 WHERE framework_id = ?1 AND revision = ?2",
        rusqlite::params![id, revision, doc.to_string()],
    )
    .unwrap();
}

#[test]
fn no_built_in_source_names_a_file_in_reflects_repository() {
    for (id, text) in framework::BUILTINS {
        let source = framework::parse(text).unwrap().source;
        for internal in ["shared/", "seeds", ".txt", ".json"] {
            assert!(!source.contains(internal), "{id}: {source}");
        }
    }
}

#[test]
fn a_renamed_built_in_from_an_older_journal_gets_the_source_in_words_and_keeps_its_names() {
    // (framework, its retired source)
    let cases = [
        ("nhs-somerset", RETIRED_BUILTIN_SOURCES[0]),
        ("derbyshire-healthcare", RETIRED_BUILTIN_SOURCES[1]),
    ];
    for (id, old) in cases {
        assert!(old.contains("shared/seeds"), "{old}");
        let dir = tempfile::tempdir().unwrap();
        let value = {
            let mut store = Store::open_dir(dir.path()).unwrap();
            let key = store.framework(id, None).unwrap().doc.values[0].key.clone();
            store.rename_value(id, &key, "Our own name").unwrap();
            key
        };
        age(dir.path(), id, old);
        let store = Store::open_dir(dir.path()).unwrap();
        let fw = store.framework(id, None).unwrap();
        assert_eq!(fw.doc.source, shipped(id), "{id}");
        let renamed = fw.doc.values.iter().find(|v| v.key == value).unwrap();
        assert_eq!(renamed.name, "Our own name", "{id}: the rename is kept");
        assert_eq!(
            fw.revision, 3,
            "{id}: built in, renamed, then the source in words"
        );
        drop(store);
        // Opening again adds nothing more.
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(store.framework(id, None).unwrap().revision, 3, "{id}");
    }
}

#[test]
fn a_built_in_from_an_older_journal_that_was_not_renamed_is_refreshed() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open_dir(dir.path()).unwrap());
    age(dir.path(), "nhs-somerset", RETIRED_BUILTIN_SOURCES[0]);
    let store = Store::open_dir(dir.path()).unwrap();
    let fw = store.framework("nhs-somerset", None).unwrap();
    assert_eq!(fw.doc.source, shipped("nhs-somerset"));
}
