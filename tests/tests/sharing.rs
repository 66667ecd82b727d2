//! Appraisal packs and the Organisation area through the public API, on real SQLite files: round
//! trips, every kind of tampering, idempotent and superseding imports, the manager's remote review,
//! the share preview's privacy check, the five-person suppression rule, and the JSON Schema.

use chrono::{Local, NaiveDate};
use reflect_core::appraisal::{Action, Role};
use reflect_core::hr::{HrFilter, HrStatus};
use reflect_core::pack::{self, Purpose};
use reflect_core::{Error, NewAppraisal, Store, Visibility};
use reflect_tests::{input, set_up, tag};
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
    c.query_row("SELECT (SELECT count(*) FROM hr_appraisal) + (SELECT count(*) FROM known_key) + (SELECT count(*) FROM hr_superseded)", [], |r| r.get(0)).unwrap()
}

#[test]
fn an_agreed_pack_round_trips_into_the_organisation_area_once() {
    let (_c, mut store, id) = colleague();
    let sealed = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap();
    assert!(sealed.file_name.ends_with(".reflectpack"));
    let text = sealed.text;
    assert!(
        !text.contains("PRIVATE reflection"),
        "private reflections never leave"
    );
    assert!(
        !text.contains("childcare"),
        "wellbeing notes stay unless the colleague opted in"
    );
    let mine = store.appraisal(&id, Role::Colleague, today()).unwrap();

    let (_h, mut hr) = hr();
    let check = hr.verify_pack(&text).unwrap();
    assert_eq!(check.purpose, Purpose::Agreed);
    assert_eq!(
        check.record_sha256,
        mine.record_sha256.clone().unwrap(),
        "the record HR gets is the one both signed"
    );
    let first = hr.hr_import(&text).unwrap();
    assert_eq!(first.status, HrStatus::Added);
    let again = hr.hr_import(&text).unwrap();
    assert_eq!(
        again.status,
        HrStatus::Unchanged,
        "the same pack twice changes nothing"
    );
    // Export → import gives the same record.
    let body = hr.hr_pack_body(&id).unwrap();
    let seen = pack::appraisal_view(&body, Role::Colleague, today()).unwrap();
    assert_eq!(seen.content.review, mine.content.review);
    assert_eq!(seen.content.objectives, mine.content.objectives);
    assert_eq!(seen.signatures, mine.signatures);
    assert_eq!(seen.intact, Some(true));
    assert_eq!(
        seen.evidence
            .iter()
            .map(|e| e.included.len())
            .sum::<usize>(),
        mine.evidence
            .iter()
            .map(|e| e.included.len())
            .sum::<usize>()
    );
    // HR's PDF of it.
    let pdf = reflect_pdf::export::hr_appraisal_pdf(&hr, &id, today()).unwrap();
    assert!(pdf.pages >= 5);
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
            |v| v["body"]["record"]["content"]["review"]["achievements"]["text"] = "Changed".into(),
            "signature does not match",
        ),
        (
            "the purpose",
            |v| v["body"]["purpose"] = "for_review".into(),
            "signature does not match",
        ),
        (
            "the agreement time",
            |v| v["body"]["agreed_at"] = "2020-01-01T00:00:00.000Z".into(),
            "signature does not match",
        ),
        (
            "a signature's hash",
            |v| v["body"]["signatures"][0]["sha256"] = "0".repeat(64).into(),
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
            |v| v["format_version"] = 2.into(),
            "format version 2",
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
        // Written back in the pack's own field order where it still has the pack's shape, so only
        // the change differs (serde_json's Value would sort the keys).
        let changed = match serde_json::from_value::<pack::Pack>(v.clone()) {
            Ok(p) => pack::to_file_text(&p).unwrap(),
            Err(_) => serde_json::to_string_pretty(&v).unwrap() + "\n",
        };
        let err = hr.hr_import(&changed).unwrap_err();
        assert_eq!(err.field(), Some("pack"), "{what}: {err}");
        assert!(err.message().contains(words), "{what}: {}", err.message());
        assert_eq!(hr_rows(&hr), 0, "{what}: nothing written");
    }
    // A changed byte outside any value, and a truncated file.
    let spaced = text.replacen("{\n  ", "{\n   ", 1);
    assert!(hr
        .hr_import(&spaced)
        .unwrap_err()
        .message()
        .contains("changed since it was written"));
    let truncated = &text[..text.len() / 2];
    assert!(hr
        .hr_import(truncated)
        .unwrap_err()
        .message()
        .contains("not a complete appraisal pack"));
    assert_eq!(hr_rows(&hr), 0);
    // The real pack still imports.
    assert_eq!(hr.hr_import(&text).unwrap().status, HrStatus::Added);
}

#[test]
fn a_different_key_for_the_same_colleague_is_refused() {
    let (_c, mut store, id) = colleague();
    let text = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let (_h, mut hr) = hr();
    hr.hr_import(&text).unwrap();
    // The same colleague's pack re-signed with another key.
    let p: pack::Pack = serde_json::from_str(&text).unwrap();
    let other = ed25519_dalek_key();
    let forged = pack::seal(p.body, &other).unwrap();
    let before = hr_rows(&hr);
    let err = hr.hr_import(&forged).unwrap_err();
    assert!(err.message().contains("different key"), "{err}");
    assert_eq!(hr_rows(&hr), before);
}

fn ed25519_dalek_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7u8; 32])
}

#[test]
fn a_newer_signed_version_supersedes_and_a_replayed_older_one_is_refused() {
    let (_c, mut store, id) = colleague();
    let v1 = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    store
        .appraisal_action(
            &id,
            Action::Reopen,
            Role::Colleague,
            Some("Objective date was wrong"),
            today(),
        )
        .unwrap();
    let mut c = store
        .appraisal(&id, Role::Colleague, today())
        .unwrap()
        .content;
    c.objectives[0].by_date = "2028-01-31".into();
    store
        .save_appraisal(&id, &c, Role::Colleague, today())
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    store
        .appraisal_action(&id, Action::Sign, Role::Appraiser, None, today())
        .unwrap();
    store
        .appraisal_action(&id, Action::Sign, Role::Colleague, None, today())
        .unwrap();
    let v2 = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;

    let (_h, mut hr) = hr();
    assert_eq!(hr.hr_import(&v1).unwrap().status, HrStatus::Added);
    assert_eq!(hr.hr_import(&v2).unwrap().status, HrStatus::Superseded);
    let before = hr_rows(&hr);
    let err = hr.hr_import(&v1).unwrap_err();
    assert!(err.message().contains("older version"), "{err}");
    assert_eq!(
        hr_rows(&hr),
        before,
        "a replayed older version changes nothing"
    );
    assert!(hr.hr_pack_body(&id).unwrap().record.content.objectives[0].by_date == "2028-01-31");
}

#[test]
fn a_folder_import_is_idempotent_and_reports_what_it_refused() {
    let (_t, mut template) = set_up();
    let packs = reflect_core::sample::agreed_packs(
        &mut template,
        12,
        3,
        &[("Medicine", "Ward 7")],
        today(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (i, p) in packs.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:03}.reflectpack")), p).unwrap();
    }
    std::fs::write(dir.path().join("zzz.reflectpack"), "{ not a pack").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let files = reflect_core::files::pack_files(dir.path()).unwrap();
    assert_eq!(files.len(), 13);
    let (_h, mut hr) = hr();
    let mut calls = 0;
    let first = hr.hr_import_files(&files, &mut |_, _| calls += 1).unwrap();
    assert_eq!(
        (first.added, first.unchanged, first.refused.len()),
        (12, 0, 1)
    );
    assert!(first.refused[0].file.ends_with("zzz.reflectpack"));
    assert!(calls >= 1);
    let second = hr.hr_import_files(&files, &mut |_, _| {}).unwrap();
    assert_eq!(
        (second.added, second.unchanged),
        (0, 12),
        "re-running changes nothing"
    );
}

#[test]
fn counts_from_fewer_than_five_people_are_suppressed() {
    let (_t, mut template) = set_up();
    // Four people in Ward 1, six in Ward 2.
    let teams = [
        ("Medicine", "Ward 1"),
        ("Medicine", "Ward 2"),
        ("Medicine", "Ward 2"),
    ];
    let packs = reflect_core::sample::agreed_packs(&mut template, 10, 9, &teams, today()).unwrap();
    let (_h, mut hr) = hr();
    for p in &packs {
        hr.hr_import(p).unwrap();
    }
    let s = hr.hr_summary(&HrFilter::default(), today()).unwrap();
    let row = |team: &str| s.rows.iter().find(|r| r.team == team).unwrap().clone();
    let small = row("Ward 1");
    assert_eq!(small.staff, None, "a group of four is not shown at all");
    assert_eq!(small.agreed_last_12_months, None);
    assert!(small.plan_by_ksf.iter().all(|c| c.count.is_none()));
    let big = row("Ward 2");
    assert_eq!(big.staff, Some(6));
    for c in [
        big.agreed_last_12_months,
        big.overdue,
        big.due_soon,
        big.pay_step_all_met,
        big.objectives,
    ]
    .into_iter()
    .flatten()
    {
        assert!(c == 0 || c >= 5, "a shown count is 0 or at least 5 ({c})");
    }
    for c in big
        .plan_by_ksf
        .iter()
        .chain(&big.values_with_evidence)
        .filter_map(|c| c.count)
    {
        assert!(c == 0 || c >= 5);
    }
    let org = s
        .rows
        .iter()
        .find(|r| r.team.is_empty() && r.department.is_empty())
        .unwrap();
    assert_eq!(org.staff, Some(10));
    // Filtered to one team.
    let only = hr
        .hr_summary(
            &HrFilter {
                department: None,
                team: Some("Ward 2".into()),
            },
            today(),
        )
        .unwrap();
    assert_eq!(
        only.rows
            .iter()
            .find(|r| r.team.is_empty() && r.department.is_empty())
            .unwrap()
            .staff,
        Some(6)
    );
    // The CSV has one row per person with the HR columns, and no reflection text.
    let csv = hr.hr_csv(&HrFilter::default()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "Employee number,Name,Job title,Band,Team,Appraisal date,Appraiser,Next due date,Pay-step standards met,Development plan agreed");
    assert_eq!(lines.count(), 10);
    assert!(csv.contains("Ward 1") && csv.contains(" of 5,"));
    // The summary PDF renders; the batch of appraisal PDFs covers everyone.
    assert!(
        reflect_pdf::export::hr_summary_pdf(&hr, &HrFilter::default(), today())
            .unwrap()
            .pages
            >= 1
    );
    let all = hr.hr_appraisals(&HrFilter::default()).unwrap();
    assert_eq!(all.len(), 10);
    let names: std::collections::BTreeSet<_> = all.iter().map(|(_, f)| f.clone()).collect();
    assert_eq!(names.len(), 10, "each PDF has its own file name");
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
    me.save_appraisal(&a.id, &c, Role::Colleague, today())
        .unwrap();
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
    me.appraisal_action(&id, Action::Submit, Role::Colleague, None, today())
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
    assert_eq!(manager.team_reviews().unwrap().len(), 1);
    let mut theirs = manager.team_review(&id, today()).unwrap();
    assert!(theirs.wellbeing_hidden);
    theirs.content.values[sa].comment.text = "Strong evidence".into();
    theirs.content.appraiser_summary.text = "A good year".into();
    theirs.content.review.achievements.text = "The appraiser cannot change this".into();
    let err = manager
        .save_team_review(&id, &theirs.content, today())
        .unwrap_err();
    assert_eq!(err.field(), Some("review.achievements"));
    theirs.content.review.achievements.text = "Led the audit".into();
    manager
        .save_team_review(&id, &theirs.content, today())
        .unwrap();
    let signed = manager.sign_team_review(&id, today()).unwrap();
    assert_eq!(signed.signatures.len(), 1);
    let reviewed = manager.export_reviewed_pack(&id).unwrap().text;

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
        .appraisal_action(&id, Action::Sign, Role::Colleague, None, today())
        .unwrap();
    assert_eq!(agreed.state, reflect_core::AppraisalState::Agreed);
    assert_eq!(agreed.intact, Some(true));
    // And HR accepts the result.
    let to_hr = me
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let (_h, mut org) = hr();
    assert_eq!(org.hr_import(&to_hr).unwrap().status, HrStatus::Added);
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
    me.appraisal_action(&id, Action::Submit, Role::Colleague, None, today())
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
fn packs_match_their_json_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/reflectpack.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_c, mut store, id) = colleague();
    let text = store
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap()
        .text;
    let v: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the schema says no to what the reader refuses.
    let mut v: Value = serde_json::from_str(
        &store
            .export_pack(&id, Purpose::Agreed, &[], today())
            .unwrap()
            .text,
    )
    .unwrap();
    v["format_version"] = 2.into();
    assert!(!validator.is_valid(&v));
    let _ = Error::NotSetUp;
}

/// Every scalar in a pack, by JSON pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
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
        let changed = match serde_json::from_value::<pack::Pack>(v.clone()) {
            Ok(p) => pack::to_file_text(&p).unwrap(),
            Err(_) => serde_json::to_string_pretty(&v).unwrap() + "\n",
        };
        let err = hr.hr_import(&changed).expect_err(path);
        assert_eq!(err.field(), Some("pack"), "{path}: {err}");
    }
    assert_eq!(hr_rows(&hr), 0, "nothing was written");
}

#[test]
fn hr_file_names_take_characters_not_bytes_of_the_id() {
    // The last eight characters of an id keep two people of the same name apart; an id that is
    // not ASCII must not split a character (it used to panic on the byte slice).
    assert_eq!(
        reflect_core::hr::appraisal_file_name("appraisal-ééééééééé", "Sam Jones", "2026-03-31"),
        "sam-jones-2026-03-31-éééééééé.pdf"
    );
    assert_eq!(
        reflect_core::hr::appraisal_file_name("ab", "Sam Jones", "2026-03-31"),
        "sam-jones-2026-03-31-ab.pdf"
    );
    assert_eq!(
        reflect_core::hr::csv_file_name(&HrFilter::default()),
        "appraisals-all.csv"
    );
    assert_eq!(
        reflect_core::hr::summary_file_name(&HrFilter {
            department: None,
            team: Some("Ward 7".into()),
        }),
        "appraisal-summary-ward-7.pdf"
    );
}
