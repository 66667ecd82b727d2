//! The table of the appraisal's sections: what each viewer may do (the cases the UI's own
//! `canEdit`/`stepsFor` used to test), every part described once, and the privacy scan over a
//! pack reading every string in it that is not declared as something else.
use reflect_tests::Latest;

use std::collections::BTreeSet;

use chrono::{Local, NaiveDate};
use reflect_core::appraisal::{
    permissions, Action, AppraisalState, ItemKind, Note, Part, PreviousItem, Role, Signature,
    ViewMode, NOTES, NOT_SCANNED, SECTIONS,
};
use reflect_core::format::pack::Held;
use reflect_core::pack::{self, Purpose};
use reflect_tests::set_up;
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn sig(role: Role) -> Signature {
    Signature {
        role,
        name: "x".into(),
        job_title: "y".into(),
        signed_at: "2026-01-01T00:00:00Z".into(),
        sha256: "0".repeat(64),
        public_key: None,
        fingerprint: None,
        key_signed: false,
    }
}

#[test]
fn who_may_write_which_part() {
    use AppraisalState::*;
    use Part::*;
    use Role::{Appraiser, Colleague as Col};
    // (viewer, state, frozen, part, editable)
    let cases = [
        (Col, Draft, false, Review, true),
        (Col, Draft, false, ValueComment, false),
        (Col, Draft, false, Objectives, true),
        (Col, InReview, false, Wellbeing, true),
        (Col, InReview, true, Wellbeing, false),
        (Col, Agreed, true, Objectives, false),
        (Appraiser, ReadyForReview, false, ValueComment, false),
        (Appraiser, InReview, false, ValueComment, true),
        (Appraiser, InReview, false, AppraiserSummary, true),
        (Appraiser, InReview, false, Objectives, true),
        (Appraiser, InReview, false, Review, false),
        (Appraiser, InReview, false, Wellbeing, false),
        (Appraiser, InReview, false, Evidence, false),
        (Appraiser, InReview, true, AppraiserSummary, false),
    ];
    for (viewer, state, frozen, part, want) in cases {
        let p = permissions(viewer, state, frozen, &[], ViewMode::Workspace);
        assert_eq!(
            p.editable.contains(&part),
            want,
            "{viewer:?}, {state:?}, frozen {frozen}: {part:?}"
        );
    }
}

#[test]
fn workflow_steps_offered() {
    use Action::*;
    use AppraisalState::*;
    use Role::{Appraiser, Colleague as Col};
    let cases: [(Role, AppraisalState, &[Role], &[Action]); 7] = [
        (Col, Draft, &[], &[Submit]),
        (Col, ReadyForReview, &[], &[Withdraw]),
        (Appraiser, ReadyForReview, &[], &[StartReview]),
        (Col, InReview, &[], &[Sign]),
        (Col, InReview, &[Appraiser], &[Sign, Reopen]),
        (Appraiser, InReview, &[Appraiser], &[Reopen]),
        (Col, Agreed, &[Appraiser, Col], &[Reopen]),
    ];
    for (viewer, state, signed, want) in cases {
        let sigs: Vec<Signature> = signed.iter().map(|r| sig(*r)).collect();
        let frozen = !sigs.is_empty();
        let p = permissions(viewer, state, frozen, &sigs, ViewMode::Workspace);
        assert_eq!(p.steps, want, "{viewer:?}, {state:?}, signed by {signed:?}");
    }
}

#[test]
fn my_team_review_offers_the_appraisers_part_then_nothing_once_signed() {
    let open = permissions(
        Role::Appraiser,
        AppraisalState::InReview,
        false,
        &[],
        ViewMode::Remote,
    );
    assert_eq!(open.editable, [Part::ValueComment, Part::AppraiserSummary]);
    assert_eq!(open.steps, [Action::Sign]);
    let signed = [sig(Role::Appraiser)];
    let done = permissions(
        Role::Appraiser,
        AppraisalState::InReview,
        true,
        &signed,
        ViewMode::Remote,
    );
    assert!(done.editable.is_empty() && done.steps.is_empty());
    let copy = permissions(
        Role::Colleague,
        AppraisalState::Draft,
        false,
        &[],
        ViewMode::Copy,
    );
    assert!(copy.editable.is_empty() && copy.steps.is_empty());
}

#[test]
fn every_part_is_described_once_and_every_note_belongs_to_a_part() {
    let parts: Vec<Part> = SECTIONS.iter().map(|s| s.part).collect();
    let unique: BTreeSet<String> = parts.iter().map(|p| format!("{p:?}")).collect();
    assert_eq!(unique.len(), parts.len(), "a part is described twice");
    assert_eq!(parts.len(), 14, "every Part has its row in SECTIONS");
    for n in NOTES {
        assert!(parts.contains(&n.part), "{}", n.key);
    }
}

/// Every string in a pack by path (`[]` for any index) and JSON pointer.
fn strings(v: &Value, path: &str, pointer: &str, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| strings(x, &join(k), &format!("{pointer}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| strings(x, &format!("{path}[]"), &format!("{pointer}/{i}"), out)),
        Value::String(_) => out.push((path.to_string(), pointer.to_string())),
        _ => {}
    }
}

/// What the appraiser's pack carries, with every optional part present: last year's items, the
/// wellbeing notes (shared), included reflections, and both signatures.
fn full_body() -> Held {
    let (_dir, mut store) = set_up();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today(), 2, 7).unwrap();
    store
        .act_latest(
            &id,
            Action::Reopen,
            Role::Colleague,
            Some("to send it again"),
            today(),
        )
        .unwrap();
    let preview = store
        .pack_preview(&id, Purpose::ForReview, today())
        .unwrap();
    let keys: Vec<String> = preview.findings.iter().map(|f| f.key.clone()).collect();
    let sealed = store
        .export_pack(&id, Purpose::ForReview, &keys, today())
        .unwrap();
    let (_, value) = reflect_core::format::pack::format_version(&sealed.text).unwrap();
    let mut held = reflect_core::format::pack::open(value).unwrap().held;
    let mut c = reflect_core::format::record::decode(&held.record, &held.parts)
        .unwrap()
        .content;
    c.previous.push(PreviousItem {
        source_id: "p1".into(),
        kind: ItemKind::Objective,
        text: "Last year's objective".into(),
        detail: "Measured by: audit".into(),
        outcome: None,
        note: Note {
            text: "How it went".into(),
            by: None,
        },
    });
    c.wellbeing = Note {
        text: "Wellbeing".into(),
        by: None,
    };
    for part in [Part::Previous, Part::Wellbeing] {
        let name = reflect_core::format::parts::part_name(part);
        let content = reflect_core::format::parts::section_part(&c, part).unwrap();
        if !held.parts.iter().any(|p| p.name == name) {
            held.parts
                .push(reflect_core::format::record::DisclosedPart {
                    name: name.into(),
                    salt: "0".repeat(64),
                    content: content.clone(),
                });
        }
        held.replace_part(name, content).unwrap();
    }
    // A reflection with CPD hours and a behaviour on its tag, so every field is present.
    let name = held
        .parts
        .iter()
        .find(|p| p.name.starts_with("reflection/"))
        .map(|p| p.name.clone())
        .unwrap();
    let mut r = held
        .parts
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .content
        .clone();
    r["cpd_hours"] = "1.5".into();
    r["tags"][0]["behaviour_key"] = "sa-limitations".into();
    r["tags"][0]["behaviour_text"] = "We know our limits".into();
    held.replace_part(&name, r).unwrap();
    // And a signature, as the appraiser's pack back carries.
    let digest = held.record.digest().unwrap();
    held.signatures.push(
        reflect_core::format::signature::SignatureV1::sign(
            &reflect_core::sample::appraiser_key(3),
            &digest,
            &reflect_core::format::signature::Signer {
                role: Role::Appraiser,
                name: "Alex Smith",
                job_title: "Ward Manager",
                signed_at: "2026-06-01T10:00:00.000Z",
            },
        )
        .unwrap(),
    );
    held
}

#[test]
fn the_privacy_scan_reads_every_string_in_a_pack_not_declared_as_something_else() {
    let body = full_body();
    let json = serde_json::to_value(&body).unwrap();
    let mut all = Vec::new();
    strings(&json, "", "", &mut all);
    assert!(
        all.iter().any(|(p, _)| p == "parts[].content[].objective"),
        "the sample has objectives"
    );
    assert!(all.iter().any(|(p, _)| p == "parts[].content.title"));
    let declared: BTreeSet<&str> = NOT_SCANNED.iter().map(|(p, _)| *p).collect();
    let seen: BTreeSet<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
    let stale: Vec<&&str> = declared.iter().filter(|p| !seen.contains(**p)).collect();
    assert!(
        stale.is_empty(),
        "NOT_SCANNED names strings a pack does not have: {stale:?}"
    );
    let marker = "leaf.marker@example.org";
    let mut missed = Vec::new();
    for (path, pointer) in &all {
        if declared.contains(path.as_str()) {
            continue;
        }
        let mut changed = json.clone();
        if let Some(v) = changed.pointer_mut(pointer) {
            *v = Value::String(format!("Contact {marker} today"));
        }
        // A string that cannot hold free text (an enum such as `by`, `outcome`, `purpose`) does
        // not read back, and needs no scanning.
        let Ok(b) = serde_json::from_value::<Held>(changed) else {
            continue;
        };
        let Ok(found) = pack::findings(&b) else {
            continue;
        };
        if !found.iter().any(|f| f.finding.matched == marker) {
            missed.push(path.clone());
        }
    }
    assert!(
        missed.is_empty(),
        "the privacy scan misses these strings (scan them, or declare them in NOT_SCANNED): {missed:?}"
    );
}
