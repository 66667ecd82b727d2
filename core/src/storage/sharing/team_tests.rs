//! My team over real SQLite: packs made with the format types directly (the colleague side's
//! export is tested in tests/tests/trust_team.rs), imported through `import_for_review`.

use ed25519_dalek::SigningKey;
use rusqlite::Connection;

use super::*;
use crate::appraisal::{Action, RecordFramework, RecordValue, ValueSection};
use crate::format::pack::open;
use crate::format::record::{derive_salt, RecordInput, SealedRecord};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn pub_key(k: &SigningKey) -> String {
    B64.encode(k.verifying_key().as_bytes())
}

fn manager() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let mut p = crate::sample::profile("nhs-somerset");
    p.name = "Alex Manager".into();
    p.job_title = "Ward Manager".into();
    store.save_profile(&p).unwrap();
    (dir, store)
}

fn content() -> AppraisalContent {
    let mut c = AppraisalContent {
        period_start: "2025-04-01".into(),
        period_end: "2026-03-31".into(),
        appraiser_name: "Alex Manager".into(),
        appraiser_job_title: "Ward Manager".into(),
        values: vec![ValueSection {
            value_key: "kindness".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    c.colleague_summary.text = "A good year.".into();
    c
}

/// A pack sealed by `k`, whose record says `k` is the colleague's key.
struct Made {
    sealed: SealedRecord,
    created_at: String,
}

fn record(k: &SigningKey, appraisal_id: &str, c: &AppraisalContent) -> SealedRecord {
    let framework = RecordFramework {
        id: "nhs-somerset".into(),
        revision: 1,
        name: "NHS Somerset".into(),
        values: vec![RecordValue {
            key: "kindness".into(),
            name: "Kindness".into(),
        }],
    };
    let key_b64 = pub_key(k);
    let input = RecordInput {
        appraisal_id,
        version: 1,
        colleague_key: &key_b64,
        details: &crate::sample::profile("nhs-somerset"),
        framework: &framework,
        content: c,
        reflections: &[],
    };
    SealedRecord::build(&input, &|name| {
        derive_salt(&k.to_bytes(), appraisal_id, name)
    })
    .unwrap()
}

fn pack(k: &SigningKey, m: &Made, signatures: Vec<SignatureV1>) -> VerifiedPack {
    let body = PackBodyV2 {
        purpose: "for_review".into(),
        created_at: m.created_at.clone(),
        sender: SenderV2 {
            role: "colleague".into(),
            name: "Sam".into(),
            job_title: "Nurse".into(),
        },
        state: "in_review".into(),
        record: m.sealed.record.clone(),
        parts: m.sealed.parts.clone(),
        signatures,
    };
    let text = seal(body, k).unwrap();
    open(serde_json::from_str(&text).unwrap()).unwrap()
}

fn import(store: &mut Store, v: &VerifiedPack) -> Result<PackImport> {
    store.write(|tx| import_for_review(tx, v))
}

fn counts(store: &Store) -> Vec<i64> {
    let c = Connection::open(store.path()).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .iter()
        .map(|t| {
            c.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

fn made(k: &SigningKey, id: &str, c: &AppraisalContent, at: &str) -> Made {
    Made {
        sealed: record(k, id, c),
        created_at: at.into(),
    }
}

#[test]
fn another_key_with_the_same_appraisal_id_is_another_row_and_never_changes_the_first() {
    let (_d, mut store) = manager();
    let sam = key(1);
    let mallory = key(2);
    let v = pack(
        &sam,
        &made(&sam, "A1", &content(), "2026-04-01T10:00:00.000Z"),
        vec![],
    );
    let first = import(&mut store, &v).unwrap();
    let mut c = store
        .team_review(&first.appraisal_id, today())
        .unwrap()
        .content;
    c.appraiser_summary.text = "Sam led the ward well.".into();
    store
        .save_team_review(
            &first.appraisal_id,
            ver(&store, &first.appraisal_id),
            &c,
            today(),
        )
        .unwrap();
    store
        .sign_team_review(
            &first.appraisal_id,
            ver(&store, &first.appraisal_id),
            today(),
        )
        .unwrap();
    let before = store.team_review(&first.appraisal_id, today()).unwrap();

    let mut forged = content();
    forged.colleague_summary.text = "Forged".into();
    let f = pack(
        &mallory,
        &made(&mallory, "A1", &forged, "2026-05-01T10:00:00.000Z"),
        vec![],
    );
    let second = import(&mut store, &f).unwrap();
    assert_ne!(
        second.appraisal_id, first.appraisal_id,
        "a different key is a different row"
    );
    assert_eq!(
        store.team_review(&first.appraisal_id, today()).unwrap(),
        before
    );
    let rows = store.team_reviews().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r.id == first.appraisal_id && r.signed));
    assert!(rows
        .iter()
        .any(|r| r.id == second.appraisal_id && !r.signed));
}

#[test]
fn refused_packs_write_nothing() {
    let (_d, mut store) = manager();
    let sam = key(1);
    let my_key = pub_key(&store.write(signing_key).unwrap());
    let mut long = content();
    long.colleague_summary.text = "x".repeat(20_001);
    let mut signed_by_appraiser = made(&sam, "A3", &content(), "2026-04-01T10:00:00.000Z");
    let other = key(3);
    let digest = signed_by_appraiser.sealed.digest().unwrap();
    let sig = SignatureV1::sign(
        &other,
        &digest,
        &Signer {
            role: Role::Appraiser,
            name: "X",
            job_title: "Y",
            signed_at: "2026-04-01T10:00:00Z",
        },
    )
    .unwrap();
    signed_by_appraiser.created_at = "2026-04-02T10:00:00.000Z".into();
    let ok = pack(
        &sam,
        &made(&sam, "A9", &content(), "2026-04-05T10:00:00.000Z"),
        vec![],
    );
    import(&mut store, &ok).unwrap();
    let older = pack(
        &sam,
        &made(&sam, "A9", &content(), "2026-04-01T10:00:00.000Z"),
        vec![],
    );
    let cases: Vec<(&str, VerifiedPack, &str)> = vec![
        (
            "too long",
            pack(
                &sam,
                &made(&sam, "A2", &long, "2026-04-01T10:00:00.000Z"),
                vec![],
            ),
            "colleague_summary",
        ),
        (
            "appraiser already signed",
            pack(&sam, &signed_by_appraiser, vec![sig]),
            "already carries",
        ),
        ("an older version", older, "older version"),
    ];
    for (name, v, why) in cases {
        let before = counts(&store);
        let e = import(&mut store, &v).unwrap_err();
        assert!(
            e.to_string().contains(why) || format!("{e:?}").contains(why),
            "{name}: {e}"
        );
        assert_eq!(counts(&store), before, "{name}: nothing written");
    }
    // My own appraisal, sent to myself.
    let mine_key = store.write(signing_key).unwrap();
    assert_eq!(pub_key(&mine_key), my_key);
    let before = counts(&store);
    let e = import(
        &mut store,
        &pack(
            &mine_key,
            &made(&mine_key, "A4", &content(), "2026-04-01T10:00:00.000Z"),
            vec![],
        ),
    )
    .unwrap_err();
    assert!(e.to_string().contains("your own"), "{e}");
    assert_eq!(counts(&store), before);
}

#[test]
fn a_newer_version_keeps_my_part_and_clears_my_signature_only_when_the_record_changed() {
    let (_d, mut store) = manager();
    let sam = key(1);
    let id = import(
        &mut store,
        &pack(
            &sam,
            &made(&sam, "A1", &content(), "2026-04-01T10:00:00.000Z"),
            vec![],
        ),
    )
    .unwrap()
    .appraisal_id;
    let mut c = store.team_review(&id, today()).unwrap().content;
    c.appraiser_summary.text = "Mine".into();
    c.values[0].comment.text = "Kind to all".into();
    store
        .save_team_review(&id, ver(&store, &id), &c, today())
        .unwrap();
    store
        .sign_team_review(&id, ver(&store, &id), today())
        .unwrap();
    // The same record, sent again later: my signature stays.
    let again = import(
        &mut store,
        &pack(
            &sam,
            &made(&sam, "A1", &content(), "2026-04-02T10:00:00.000Z"),
            vec![],
        ),
    )
    .unwrap();
    assert!(!again.message.contains("removed"), "{}", again.message);
    let a = store.team_review(&id, today()).unwrap();
    assert_eq!(a.signatures.len(), 1);
    assert_eq!(a.content.appraiser_summary.text, "Mine");
    // A changed record: my part is kept, my signature goes, and the message says so.
    let mut changed = content();
    changed.colleague_summary.text = "A better year.".into();
    let newer = import(
        &mut store,
        &pack(
            &sam,
            &made(&sam, "A1", &changed, "2026-04-03T10:00:00.000Z"),
            vec![],
        ),
    )
    .unwrap();
    assert!(
        newer.message.contains("signature was removed"),
        "{}",
        newer.message
    );
    let a = store.team_review(&id, today()).unwrap();
    assert!(a.signatures.is_empty());
    assert_eq!(a.content.appraiser_summary.text, "Mine");
    assert_eq!(a.content.values[0].comment.text, "Kind to all");
    assert_eq!(a.content.colleague_summary.text, "A better year.");
}

#[test]
fn the_appraiser_signs_once_and_the_reviewed_pack_carries_their_key_signature() {
    let (_d, mut store) = manager();
    let sam = key(1);
    let id = import(
        &mut store,
        &pack(
            &sam,
            &made(&sam, "A1", &content(), "2026-04-01T10:00:00.000Z"),
            vec![],
        ),
    )
    .unwrap()
    .appraisal_id;
    let mut c = store.team_review(&id, today()).unwrap().content;
    c.appraiser_summary.text = "Well done".into();
    store
        .save_team_review(&id, ver(&store, &id), &c, today())
        .unwrap();
    let (a, sealed) = store
        .sign_and_export_team_review(&id, ver(&store, &id), today())
        .unwrap();
    assert_eq!(a.signatures.len(), 1);
    assert!(
        sealed.file_name.ends_with("-reviewed.reflectpack"),
        "{}",
        sealed.file_name
    );
    let before = counts(&store);
    let e = store
        .sign_and_export_team_review(&id, ver(&store, &id), today())
        .unwrap_err();
    assert!(e.to_string().contains("already signed"), "{e}");
    assert!(store
        .sign_team_review(&id, ver(&store, &id), today())
        .is_err());
    assert_eq!(counts(&store), before, "signing twice writes nothing");
    let back = open(serde_json::from_str(&sealed.text).unwrap()).unwrap();
    assert_eq!(back.purpose, Purpose::Reviewed);
    let mine = pub_key(&store.write(signing_key).unwrap());
    assert_eq!(back.sender.public_key, mine);
    let s = back.held.signature(Role::Appraiser).unwrap();
    assert_eq!(s.statement.public_key, mine);
    assert_eq!(s.statement.name, "Alex Manager");
    assert_eq!(s.verify(&back.digest).unwrap(), Role::Appraiser);
    let summary = decode(&back.held.record, &back.held.parts)
        .unwrap()
        .content
        .appraiser_summary;
    assert_eq!(summary.text, "Well done");
}

#[test]
fn a_pack_the_colleague_signed_first_gets_my_signature_over_the_same_digest() {
    let (_d, mut store) = manager();
    let sam = key(1);
    let mut c = content();
    c.appraiser_summary.text = "Written together".into();
    let m = made(&sam, "A1", &c, "2026-04-01T10:00:00.000Z");
    let digest = m.sealed.digest().unwrap();
    let theirs = SignatureV1::sign(
        &sam,
        &digest,
        &Signer {
            role: Role::Colleague,
            name: "Sam",
            job_title: "Nurse",
            signed_at: "2026-04-01T10:00:00Z",
        },
    )
    .unwrap();
    let id = import(&mut store, &pack(&sam, &m, vec![theirs]))
        .unwrap()
        .appraisal_id;
    let a = store.team_review(&id, today()).unwrap();
    assert!(a.editable.is_empty(), "my part is frozen as they signed it");
    assert_eq!(a.steps, vec![Action::Sign]);
    let mut edit = a.content.clone();
    edit.appraiser_summary.text = "Changed".into();
    let before = counts(&store);
    assert!(store
        .save_team_review(&id, ver(&store, &id), &edit, today())
        .is_err());
    assert_eq!(counts(&store), before);
    let (_, sealed) = store
        .sign_and_export_team_review(&id, ver(&store, &id), today())
        .unwrap();
    let back = open(serde_json::from_str(&sealed.text).unwrap()).unwrap();
    assert_eq!(back.digest, digest, "the same digest the colleague signed");
    assert!(back.agreed());
    assert_eq!(back.state, AppraisalState::Agreed);
}

#[test]
fn pinned_keys_show_in_my_team() {
    let (_d, mut store) = manager();
    let sam = key(1);
    let v = pack(
        &sam,
        &made(&sam, "A1", &content(), "2026-04-01T10:00:00.000Z"),
        vec![],
    );
    let msg = import(&mut store, &v).unwrap().message;
    assert!(msg.contains(&fingerprint(&pub_key(&sam)).unwrap()), "{msg}");
    let row = &store.team_reviews().unwrap()[0];
    assert_eq!(row.pinned_name, None);
    assert_eq!(row.fingerprint, fingerprint(&pub_key(&sam)).unwrap());
    for (k, name, field) in [
        ("nope", "Sam", "key"),
        (pub_key(&sam).as_str(), " ", "name"),
    ] {
        let before = counts(&store);
        let e = store.pin_team_key(k, name).unwrap_err();
        assert!(
            matches!(&e, Error::Invalid { field: f, .. } if f == field),
            "{e:?}"
        );
        assert_eq!(counts(&store), before);
    }
    store.pin_team_key(&pub_key(&sam), "Sam Jones").unwrap();
    assert_eq!(
        store.team_reviews().unwrap()[0].pinned_name.as_deref(),
        Some("Sam Jones")
    );
    assert_eq!(store.team_keys().unwrap().len(), 1);
    store.unpin_team_key(&pub_key(&sam)).unwrap();
    assert!(store.team_keys().unwrap().is_empty());
    assert!(store.unpin_team_key(&pub_key(&sam)).is_err());
}

/// The version the review in My team stands at now (these tests step on it as it is).
fn ver(store: &Store, id: &str) -> u32 {
    store.team_review(id, today()).unwrap().edit_version
}
