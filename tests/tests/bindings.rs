//! The UI's TypeScript types (ui/src/bindings/) are generated from the Rust types by ts-rs.
//! This test regenerates them into a temporary folder and fails if the committed files differ.
//! `make bindings` (REFLECT_UPDATE_BINDINGS=1) writes them instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_out_dir(dir);
    let results = [
        reflect_app::AppState::export_all(&cfg),
        reflect_app::IpcError::export_all(&cfg),
        reflect_app::ExportOutcome::export_all(&cfg),
        reflect_app::SavedFile::export_all(&cfg),
        reflect_core::pack::PackPreview::export_all(&cfg),
        reflect_core::sharing::PackImport::export_all(&cfg),
        reflect_core::sharing::TeamReviewSummary::export_all(&cfg),
        reflect_core::hr::HrBatch::export_all(&cfg),
        reflect_core::hr::HrFilter::export_all(&cfg),
        reflect_core::hr::HrSummary::export_all(&cfg),
        reflect_pdf::export::Document::export_all(&cfg),
        reflect_core::ReflectionInput::export_all(&cfg),
        reflect_core::Reflection::export_all(&cfg),
        reflect_core::ReflectionSummary::export_all(&cfg),
        reflect_core::ReflectionQuery::export_all(&cfg),
        reflect_core::RevisionEntry::export_all(&cfg),
        reflect_core::Overview::export_all(&cfg),
        reflect_core::Draft::export_all(&cfg),
        reflect_core::Framework::export_all(&cfg),
        reflect_core::ImportOutcome::export_all(&cfg),
        reflect_core::privacy::Finding::export_all(&cfg),
        reflect_core::appraisal::Appraisal::export_all(&cfg),
        reflect_core::appraisal::AppraisalSummary::export_all(&cfg),
        reflect_core::appraisal::NewAppraisal::export_all(&cfg),
        reflect_core::appraisal::Action::export_all(&cfg),
        reflect_core::appraisal::Reminder::export_all(&cfg),
        reflect_core::revalidation::Revalidation::export_all(&cfg),
        reflect_core::revalidation::FeedbackInput::export_all(&cfg),
        reflect_core::revalidation::DiscussionInput::export_all(&cfg),
        reflect_core::revalidation::ConfirmationInput::export_all(&cfg),
    ];
    for r in results {
        if let Err(e) = r {
            panic!("exporting bindings failed: {e}");
        }
    }
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".ts") {
                out.insert(name, std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    out
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let committed: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    if std::env::var_os("REFLECT_UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        export_all(&committed);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    export_all(tmp.path());
    let want = read_dir(tmp.path());
    let have = read_dir(&committed);
    let missing: Vec<&String> = want.keys().filter(|k| !have.contains_key(*k)).collect();
    let stale: Vec<&String> = have.keys().filter(|k| !want.contains_key(*k)).collect();
    let changed: Vec<&String> = want
        .keys()
        .filter(|k| have.get(*k).is_some_and(|h| h != &want[*k]))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty() && changed.is_empty(),
        "ui/src/bindings is out of date with the Rust types (run `make bindings`): \
         missing {missing:?}, stale {stale:?}, changed {changed:?}"
    );
}

/// The pack schema's list of reflective models is generated from `ReflectiveModel::ALL` too, so a
/// new model is not a hand edit there: this test fails if it is out of date, and
/// `make bindings` (REFLECT_UPDATE_BINDINGS=1) rewrites the list.
#[test]
fn pack_schema_lists_every_reflective_model() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/reflectpack.schema.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let names: Vec<String> = reflect_core::ReflectiveModel::ALL
        .iter()
        .map(|m| format!("\"{}\"", m.as_str()))
        .collect();
    let want = format!("\"model\": {{ \"enum\": [{}] }}", names.join(", "));
    let start = text.find("\"model\": { \"enum\": [").unwrap();
    let end = start + text[start..].find("] }").unwrap() + "] }".len();
    if std::env::var_os("REFLECT_UPDATE_BINDINGS").is_some() {
        let updated = format!("{}{want}{}", &text[..start], &text[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &text[start..end],
        want,
        "schema/reflectpack.schema.json lists other reflective models than ReflectiveModel::ALL \
         (run `make bindings`)"
    );
}
