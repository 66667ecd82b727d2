//! Helpers for the archive tests: a realistic journal to archive, a fresh one at another
//! employer, and reading, changing and rewriting a zip's entries.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use chrono::{Local, NaiveDate};
use reflect_core::revalidation::FeedbackInput;
use reflect_core::{Registration, RegistrationBody, Store, Visibility};
use serde_json::Value;

use crate::{fresh, input, tag};

pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A nurse's journal at NHS Somerset: reflections tagged to values and behaviours, one tagged
/// before a value was renamed (so it keeps revision 1), private, shared and binned ones, an
/// agreed appraisal with its log, and a feedback entry.
pub fn source() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fresh();
    let mut p = crate::profile();
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
pub fn derbyshire() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fresh();
    store
        .save_profile(&reflect_core::sample::profile("derbyshire-healthcare"))
        .unwrap();
    (dir, store)
}

/// Every entry of a zip, in order.
pub fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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
pub fn zip_from(mut list: Vec<(String, Vec<u8>)>, rehash: bool) -> Vec<u8> {
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

pub fn json_of(list: &[(String, Vec<u8>)], name: &str) -> Value {
    let (_, b) = list.iter().find(|(n, _)| n == name).unwrap();
    serde_json::from_slice(b).unwrap()
}

pub fn set_json(list: &mut [(String, Vec<u8>)], name: &str, v: &Value) {
    let entry = list.iter_mut().find(|(n, _)| n == name).unwrap();
    entry.1 = serde_json::to_vec_pretty(v).unwrap();
}

pub fn first_reflection(list: &[(String, Vec<u8>)]) -> String {
    list.iter()
        .map(|(n, _)| n.clone())
        .find(|n| n.starts_with("reflections/"))
        .unwrap()
}
