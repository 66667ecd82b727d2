//! Helpers shared by the integration tests: real SQLite databases in temporary directories.

pub mod privacy_corpus;

use std::collections::BTreeMap;

use reflect_core::{Profile, ReflectionInput, ReflectiveModel, Store, TagRef, Visibility};
use tempfile::TempDir;

/// A new journal in its own temporary directory (dropped with the `TempDir`).
pub fn fresh() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_dir(dir.path()).expect("open a fresh journal");
    (dir, store)
}

/// A journal set up with the NHS Somerset framework and the NMC Code.
pub fn set_up() -> (TempDir, Store) {
    let (dir, mut store) = fresh();
    store.save_profile(&profile()).expect("save profile");
    (dir, store)
}

pub fn profile() -> Profile {
    reflect_core::sample::profile("nhs-somerset")
}

pub fn tag(framework: &str, value: &str, behaviour: Option<&str>) -> TagRef {
    TagRef {
        framework_id: framework.into(),
        value_key: value.into(),
        behaviour_key: behaviour.map(str::to_string),
    }
}

/// A valid new free-text reflection.
pub fn input(title: &str, text: &str) -> ReflectionInput {
    ReflectionInput {
        id: None,
        title: title.into(),
        event_date: "2026-01-15".into(),
        model: ReflectiveModel::Free,
        body: BTreeMap::from([("reflection".to_string(), text.to_string())]),
        tags: vec![],
        visibility: Visibility::Private,
        cpd_hours: None,
        cpd_participatory: false,
    }
}

/// Every reflection's title, sorted (what a round trip must bring back).
pub fn titles(store: &Store) -> Vec<String> {
    let mut t: Vec<String> = store
        .list_reflections(&reflect_core::ReflectionQuery::default())
        .expect("list reflections")
        .into_iter()
        .map(|r| r.title)
        .collect();
    t.sort();
    t
}

/// Row counts of every table in the journal (each named), to prove a rejected write changed
/// nothing. Read from the schema, so a new table is counted without a change here.
pub fn counts(store: &Store) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(store.path()).expect("second connection");
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .expect("schema");
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("table names");
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                .expect("count");
            (t, n)
        })
        .collect()
}
pub mod archive;
pub mod campaign;
pub mod disclosure;
pub mod hr;
mod latest;
pub use latest::{submitted_appraisal, Latest};
pub mod mutate;

/// The JSON pointer of every leaf (string, number, bool, null) of `v`, below `at`.
pub fn leaves(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}
