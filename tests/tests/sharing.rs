//! Appraisal packs and the Organisation area through the public API, on real SQLite files: round
//! trips, every kind of tampering, idempotent and superseding imports, the manager's remote review,
//! the share preview's privacy check and the five-person suppression rule. (The signed formats
//! themselves: `formats.rs`; the Organisation area's trust rules: `hr.rs`.)
use reflect_tests::Latest;

use chrono::{Local, NaiveDate};
use reflect_core::appraisal::{Action, Role};
use reflect_core::hr::HrOutcome;
use reflect_core::pack::Purpose;
use reflect_core::{NewAppraisal, Store, Visibility};
use reflect_tests::{input, leaves, set_up, tag};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A journal with an agreed appraisal (3 shared reflections, a private one, wellbeing notes).
fn colleague() -> (tempfile::TempDir, Store, String) {
    let (dir, mut store) = set_up();
    let mut secret = input("PRIVATE reflection never shared", "Only mine.");
    secret.tags = vec![tag("nhs-somerset", "self-awareness", None)];
    store.save_reflection(&secret).unwrap();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today(), 3, 21).unwrap();
    (dir, store, id)
}

fn hr() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = reflect_tests::fresh();
    store.set_organisation_area(true).unwrap();
    (dir, store)
}

fn hr_rows(store: &Store) -> i64 {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    c.query_row("SELECT (SELECT count(*) FROM hr_appraisal) + (SELECT count(*) FROM known_key) + (SELECT count(*) FROM hr_superseded) + (SELECT count(*) FROM hr_held)", [], |r| r.get(0)).unwrap()
}

/// A change to a pack (as JSON), and the words the refusal must contain.
type Tamper = (&'static str, fn(&mut Value), &'static str);

#[test]
fn tampered_truncated_unknown_and_wrongly_signed_packs_are_refused_and_nothing_is_written() {
    let (_c, mut store, id) = colleague();
    let text = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let cases: &[Tamper] = &[
        (
            "a name",
            |v| v["body"]["record"]["details"]["name"] = "Someone Else".into(),
            "signature does not match",
        ),
        (
            "a section",
            |v| v["body"]["parts"][0]["content"]["start"] = "2020-01-01".into(),
            "signature does not match",
        ),
        (
            "the purpose",
            |v| v["body"]["purpose"] = "for_review".into(),
            "signature does not match",
        ),
        (
            "the agreement time",
            |v| {
                v["body"]["signatures"][0]["statement"]["signed_at"] =
                    "2020-01-01T00:00:00.000Z".into()
            },
            "signature does not match",
        ),
        (
            "a signature's hash",
            |v| v["body"]["signatures"][0]["statement"]["record_sha256"] = "0".repeat(64).into(),
            "signature does not match",
        ),
        (
            "the public key",
            |v| v["public_key"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into(),
            "signature",
        ),
        (
            "the signature",
            |v| v["signature"] = format!("{}==", "A".repeat(86)).into(),
            "signature does not match",
        ),
        (
            "a missing field",
            |v| {
                v["body"].as_object_mut().unwrap().remove("created_at");
            },
            "missing field `created_at`",
        ),
        (
            "an unknown field",
            |v| v["body"]["extra"] = 1.into(),
            "unknown field `extra`",
        ),
        (
            "an unknown version",
            |v| v["format_version"] = 3.into(),
            "format version 3",
        ),
        (
            "another format",
            |v| v["format"] = "something-else".into(),
            "not a Reflect appraisal pack",
        ),
    ];
    let (_h, mut hr) = hr();
    for (what, change, words) in cases {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        change(&mut v);
        // Any JSON form of a pack reads the same, so the change is all that differs.
        let changed = serde_json::to_string_pretty(&v).unwrap() + "\n";
        let err = hr.hr_import(&changed).unwrap_err();
        assert_eq!(err.field(), Some("pack"), "{what}: {err}");
        assert!(err.message().contains(words), "{what}: {}", err.message());
        assert_eq!(hr_rows(&hr), 0, "{what}: nothing written");
    }
    // White space outside any value is the same pack (any JSON form verifies); a truncated file
    // is refused.
    let spaced = text.replacen("{\n  ", "{\n   ", 1);
    assert_eq!(
        hr.verify_pack(&spaced).unwrap().sha256,
        hr.verify_pack(&text).unwrap().sha256
    );
    let truncated = &text[..text.len() / 2];
    assert!(hr
        .hr_import(truncated)
        .unwrap_err()
        .message()
        .contains("not a complete appraisal pack"));
    assert_eq!(hr_rows(&hr), 0);
    // The real pack opens; HR holds it until it trusts both keys (tests/tests/hr.rs).
    assert_eq!(hr.hr_import(&text).unwrap().outcome, HrOutcome::Held);
}

/// An appraisal (appraiser Alex Smith) with one shared reflection included for Self Awareness,
/// before `edit` changes its content and it is saved: (appraisal id, reflection id, value index).
fn with_evidence(
    me: &mut Store,
    title: &str,
    text: &str,
    edit: impl FnOnce(&mut reflect_core::AppraisalContent),
) -> (String, String, usize) {
    let mut r = input(title, text);
    r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
    r.visibility = Visibility::Shared;
    let rid = me.save_reflection(&r).unwrap().id;
    let new = NewAppraisal {
        appraiser_name: "Alex Smith".into(),
        appraiser_job_title: "Ward Manager".into(),
        ..NewAppraisal::default()
    };
    let a = me.create_appraisal(&new, today()).unwrap();
    let mut c = a.content.clone();
    let sa = c
        .values
        .iter()
        .position(|v| v.value_key == "self-awareness")
        .unwrap();
    c.values[sa].reflection_ids = vec![rid.clone()];
    edit(&mut c);
    me.save_latest(&a.id, &c, Role::Colleague, today()).unwrap();
    (a.id, rid, sa)
}

#[test]
fn remote_review_merges_only_the_appraisers_part_and_their_signature() {
    // The colleague submits and sends a pack for review.
    let (_c, mut me) = set_up();
    let (id, _, sa) = with_evidence(
        &mut me,
        "Shared evidence",
        "Asked for feedback after handover.",
        |c| {
            c.review.achievements.text = "Led the audit".into();
            c.wellbeing.text = "Private wellbeing".into();
        },
    );
    assert!(
        me.export_pack(&id, Purpose::ForReview, &[], today())
            .is_err(),
        "not before it is submitted"
    );
    me.act_latest(&id, Action::Submit, Role::Colleague, None, today())
        .unwrap();
    let for_review = me
        .export_pack(&id, Purpose::ForReview, &[], today())
        .unwrap()
        .text;
    assert!(!for_review.contains("Private wellbeing"));

    // The manager imports it into My team, writes their part, signs and sends it back.
    let (_m, mut manager) = reflect_tests::fresh();
    let mut p = reflect_tests::profile();
    p.name = "Alex Smith".into();
    p.job_title = "Ward Manager".into();
    manager.save_profile(&p).unwrap();
    let imported = manager.import_pack(&for_review, today()).unwrap();
    assert_eq!(imported.purpose, Purpose::ForReview);
    let rows = manager.team_reviews().unwrap();
    assert_eq!(rows.len(), 1);
    let team_id = rows[0].id.clone();
    let mut theirs = manager.team_review(&team_id, today()).unwrap();
    assert!(theirs.wellbeing_hidden);
    theirs.content.values[sa].comment.text = "Strong evidence".into();
    theirs.content.appraiser_summary.text = "A good year".into();
    theirs.content.review.achievements.text = "The appraiser cannot change this".into();
    let err = manager
        .save_team_latest(&team_id, &theirs.content, today())
        .unwrap_err();
    assert_eq!(err.field(), Some("review.achievements"));
    theirs.content.review.achievements.text = "Led the audit".into();
    manager
        .save_team_latest(&team_id, &theirs.content, today())
        .unwrap();
    let signed = manager.sign_team_latest(&team_id, today()).unwrap();
    assert_eq!(signed.signatures.len(), 1);
    assert!(signed.signatures[0].key_signed);
    let reviewed = manager.export_reviewed_pack(&team_id).unwrap().text;

    // The colleague imports it: only the appraiser's fields merge, and their signature holds.
    let before = me.appraisal(&id, Role::Colleague, today()).unwrap();
    let merged = me.import_pack(&reviewed, today()).unwrap();
    assert_eq!(merged.purpose, Purpose::Reviewed);
    assert!(
        merged.message.contains("sign it to agree"),
        "{}",
        merged.message
    );
    let after = me.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(after.content.values[sa].comment.text, "Strong evidence");
    assert_eq!(after.content.values[sa].comment.by, Some(Role::Appraiser));
    assert_eq!(after.content.appraiser_summary.text, "A good year");
    assert_eq!(after.content.review, before.content.review);
    assert_eq!(after.content.wellbeing.text, "Private wellbeing");
    assert_eq!(after.signatures.len(), 1);
    assert_eq!(after.signatures[0].name, "Alex Smith");
    let agreed = me
        .act_latest(&id, Action::Sign, Role::Colleague, None, today())
        .unwrap();
    assert_eq!(agreed.state, reflect_core::AppraisalState::Agreed);
    assert_eq!(agreed.intact, Some(true));
    // HR holds it until it trusts both keys (tests/tests/hr.rs).
    let to_hr = me
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let (_h, mut org) = hr();
    assert_eq!(org.hr_import(&to_hr).unwrap().outcome, HrOutcome::Held);
    // A reviewed pack for someone else's appraisal is refused.
    let (_o, mut other) = set_up();
    assert!(other.import_pack(&reviewed, today()).is_err());
}

#[test]
fn the_share_preview_lists_privacy_findings_and_export_needs_each_acknowledged() {
    let (_c, mut me) = set_up();
    let (id, rid, _) = with_evidence(
        &mut me,
        "Handover for Mr Smith",
        "His NHS number 943 476 5919 was on the board.",
        |_| {},
    );
    me.act_latest(&id, Action::Submit, Role::Colleague, None, today())
        .unwrap();
    let preview = me.pack_preview(&id, Purpose::ForReview, today()).unwrap();
    assert_eq!(preview.reflections.len(), 1);
    assert!(!preview.wellbeing_included);
    let kinds: Vec<String> = preview
        .findings
        .iter()
        .map(|f| f.finding.label.clone())
        .collect();
    assert!(kinds.contains(&"An NHS number".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"A person's name".to_string()), "{kinds:?}");
    assert!(preview
        .findings
        .iter()
        .all(|f| f.reflection_id.as_deref() == Some(rid.as_str())));
    let err = me
        .export_pack(&id, Purpose::ForReview, &[], today())
        .unwrap_err();
    assert_eq!(err.field(), Some("acknowledged"));
    let some: Vec<String> = preview
        .findings
        .iter()
        .take(1)
        .map(|f| f.key.clone())
        .collect();
    assert!(
        me.export_pack(&id, Purpose::ForReview, &some, today())
            .is_err(),
        "every finding, not just one"
    );
    let all: Vec<String> = preview.findings.iter().map(|f| f.key.clone()).collect();
    let sealed = me
        .export_pack(&id, Purpose::ForReview, &all, today())
        .unwrap();
    assert!(
        sealed.text.contains("943 476 5919"),
        "acknowledged, so it is shared as written"
    );
}

#[test]
fn changing_any_single_value_of_a_pack_is_refused() {
    let (_c, mut store, id) = colleague();
    let text = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let original: Value = serde_json::from_str(&text).unwrap();
    let mut paths = Vec::new();
    leaves(&original, String::new(), &mut paths);
    assert!(
        paths.len() > 150,
        "a realistic pack has many values ({})",
        paths.len()
    );
    let (_h, mut hr) = hr();
    for path in &paths {
        let mut v = original.clone();
        let slot = v.pointer_mut(path).unwrap();
        *slot = match slot.take() {
            Value::String(s) => Value::String(format!("{s}x")),
            Value::Number(n) => Value::from(n.as_i64().unwrap_or(0) + 1),
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::String("x".into()),
        };
        let changed = serde_json::to_string_pretty(&v).unwrap() + "\n";
        let err = hr.hr_import(&changed).expect_err(path);
        assert_eq!(err.field(), Some("pack"), "{path}: {err}");
    }
    assert_eq!(hr_rows(&hr), 0, "nothing was written");
}
