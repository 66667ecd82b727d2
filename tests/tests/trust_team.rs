//! My team by key, through the public API on real SQLite files: the remote review ends with both
//! key signatures on the colleague's record; a pack sealed by another key with a colleague's
//! appraisal id is another row and never changes theirs; every refused pack writes nothing; a
//! record the colleague signed first gets the appraiser's signature over the same digest.
use reflect_tests::Latest;

use chrono::{Local, NaiveDate};
use reflect_core::appraisal::{Action, AppraisalState, Role};
use reflect_core::format::fingerprint;
use reflect_core::pack::Purpose;
use reflect_core::Store;
use reflect_tests::{fresh, profile, set_up, submitted_appraisal};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A colleague with an appraisal submitted for review.
fn colleague() -> (tempfile::TempDir, Store, String) {
    let (dir, mut store) = set_up();
    let id = submitted_appraisal(&mut store, today());
    (dir, store, id)
}

fn manager() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fresh();
    let mut p = profile();
    p.name = "Alex Smith".into();
    p.job_title = "Ward Manager".into();
    store.save_profile(&p).unwrap();
    (dir, store)
}

fn for_review(store: &mut Store, id: &str) -> String {
    let keys: Vec<String> = store
        .pack_preview(id, Purpose::ForReview, today())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.key)
        .collect();
    store
        .export_pack(id, Purpose::ForReview, &keys, today())
        .unwrap()
        .text
}

/// Row counts of every table.
fn counts(store: &Store) -> Vec<(String, i64)> {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = c
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

fn write_comment(m: &mut Store, team_id: &str, text: &str) {
    let mut c = m.team_review(team_id, today()).unwrap().content;
    c.appraiser_summary.text = text.into();
    for v in &mut c.values {
        v.comment.text = format!("{text} ({})", v.value_key);
    }
    m.save_team_latest(team_id, &c, today()).unwrap();
}

#[test]
fn the_remote_review_ends_with_both_key_signatures() {
    let (_c, mut sam, id) = colleague();
    let (_m, mut alex) = manager();
    let imported = alex
        .import_pack(&for_review(&mut sam, &id), today())
        .unwrap();
    let sam_key = sam.public_key().unwrap();
    let row = &alex.team_reviews().unwrap()[0];
    assert_eq!(
        (row.id.as_str(), row.appraisal_id.as_str()),
        (imported.appraisal_id.as_str(), id.as_str())
    );
    assert_eq!(row.colleague_key, sam_key);
    assert_eq!(row.fingerprint, fingerprint(&sam_key).unwrap());
    write_comment(&mut alex, &row.id, "Led the handover audit well");
    let (a, sealed) = alex.sign_export_team_latest(&row.id, today()).unwrap();
    assert_eq!(a.signatures.len(), 1);
    let back = sam.import_pack(&sealed.text, today()).unwrap();
    assert!(
        back.message.contains("sign it to agree"),
        "{}",
        back.message
    );
    let agreed = sam
        .act_latest(&id, Action::Sign, Role::Colleague, None, today())
        .unwrap();
    assert_eq!(agreed.state, AppraisalState::Agreed);
    assert_eq!(
        agreed.content.appraiser_summary.text,
        "Led the handover audit well"
    );
    let alex_key = alex.public_key().unwrap();
    for (role, key) in [(Role::Colleague, &sam_key), (Role::Appraiser, &alex_key)] {
        let s = agreed.signatures.iter().find(|s| s.role == role).unwrap();
        assert!(s.key_signed, "{role:?}");
        assert_eq!(s.public_key.as_ref(), Some(key));
        assert_eq!(s.fingerprint, Some(fingerprint(key).unwrap()));
        assert_eq!(
            Some(&s.sha256),
            agreed.record_sha256.as_ref(),
            "both over the same digest"
        );
    }
    let agreed_pack = sam
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let check = sam.verify_pack(&agreed_pack).unwrap();
    assert!(check.agreed);
}

/// The pack's JSON with the body changed by `edit`, re-sealed by `key` (as an attacker would).
fn resealed(text: &str, key: &ed25519_dalek::SigningKey, edit: impl Fn(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(text).unwrap();
    let mut body: reflect_core::format::pack::PackBodyV2 =
        serde_json::from_value(v["body"].take()).unwrap();
    let mut b = serde_json::to_value(&body).unwrap();
    edit(&mut b);
    body = serde_json::from_value(b).unwrap();
    reflect_core::format::pack::seal(body, key).unwrap()
}

#[test]
fn another_key_with_a_colleagues_appraisal_id_never_changes_their_row_and_refused_packs_write_nothing(
) {
    let (_c, mut sam, id) = colleague();
    let (_m, mut alex) = manager();
    let genuine = for_review(&mut sam, &id);
    let first = alex.import_pack(&genuine, today()).unwrap().appraisal_id;
    write_comment(&mut alex, &first, "Mine");
    alex.sign_team_latest(&first, today()).unwrap();
    let before = alex.team_review(&first, today()).unwrap();

    let mallory = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let mallory_b64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(mallory.verifying_key().as_bytes())
    };
    // Her own key in the record: a different row, which changes nothing of Sam's.
    let own = resealed(&genuine, &mallory, |b| {
        b["record"]["colleague_key"] = Value::String(mallory_b64.clone())
    });
    let second = alex.import_pack(&own, today()).unwrap().appraisal_id;
    assert_ne!(second, first);
    assert_eq!(alex.team_review(&first, today()).unwrap(), before);
    assert_eq!(alex.team_reviews().unwrap().len(), 2);

    let mut tampered: Value = serde_json::from_str(&genuine).unwrap();
    tampered["body"]["parts"][0]["content"]["start"] = Value::String("2020-01-01".into());
    let mut older: Value = serde_json::from_str(&genuine).unwrap();
    older["body"]["created_at"] = Value::String("2000-01-01T00:00:00.000Z".into());
    let cases: Vec<(&str, String)> = vec![
        (
            "Sam's key in the record, sealed by Mallory",
            resealed(&genuine, &mallory, |_| {}),
        ),
        ("a part changed after sealing", tampered.to_string()),
        (
            "Sam's own appraisal imported into Sam's My team",
            genuine.clone(),
        ),
        (
            "an earlier created_at edited into the genuine pack",
            serde_json::to_string(&older).unwrap(),
        ),
    ];
    for (name, text) in cases {
        let target = if name.starts_with("Sam's own") {
            &mut sam
        } else {
            &mut alex
        };
        let rows = counts(target);
        assert!(target.import_pack(&text, today()).is_err(), "{name}");
        assert_eq!(counts(target), rows, "{name}: nothing written");
    }
    assert_eq!(alex.team_review(&first, today()).unwrap(), before);
    // Signing twice is refused and writes nothing.
    let rows = counts(&alex);
    assert!(alex.sign_export_team_latest(&first, today()).is_err());
    assert_eq!(counts(&alex), rows);
}

#[test]
fn a_record_the_colleague_signed_first_gets_the_appraisers_signature_over_the_same_digest() {
    let (_c, mut sam, id) = colleague();
    sam.act_latest(&id, Action::StartReview, Role::Appraiser, None, today())
        .unwrap();
    let mut c = sam
        .appraisal(&id, Role::Appraiser, today())
        .unwrap()
        .content;
    c.appraiser_summary.text = "Written together, face to face".into();
    sam.save_latest(&id, &c, Role::Appraiser, today()).unwrap();
    let signed = sam
        .act_latest(&id, Action::Sign, Role::Colleague, None, today())
        .unwrap();
    let digest = signed.record_sha256.clone().unwrap();
    let (_m, mut alex) = manager();
    let team_id = alex
        .import_pack(&for_review(&mut sam, &id), today())
        .unwrap()
        .appraisal_id;
    let a = alex.team_review(&team_id, today()).unwrap();
    assert!(a.editable.is_empty(), "my part is as they signed it");
    assert_eq!(a.steps, vec![Action::Sign]);
    let (_, sealed) = alex.sign_export_team_latest(&team_id, today()).unwrap();
    let check = sam.verify_pack(&sealed.text).unwrap();
    assert_eq!(check.record_sha256.as_deref(), Some(digest.as_str()));
    assert!(check.agreed);
    sam.import_pack(&sealed.text, today()).unwrap();
    let agreed = sam.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(agreed.state, AppraisalState::Agreed);
    assert!(agreed
        .signatures
        .iter()
        .all(|s| s.key_signed && s.sha256 == digest));
}
