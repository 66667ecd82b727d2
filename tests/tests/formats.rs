//! The signed formats (`schema/signed-formats.md`) through the public API on real SQLite files:
//! key signatures from two devices, any JSON form of a pack verifies, long decimals, every way a
//! colleague could forge or re-sign an agreed record refused, HR's pack never carrying a
//! reflection or the wellbeing notes, and the committed fixtures verifying forever.
use reflect_tests::Latest;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{Local, NaiveDate};
use ed25519_dalek::SigningKey;
use reflect_core::appraisal::{Action, Role};
use reflect_core::format::canonical::canonical_value;
use reflect_core::format::record::DisclosedPart;
use reflect_core::format::sha256_hex;
use reflect_core::format::signature::{SignatureV1, Signer};
use reflect_core::pack::Purpose;
use reflect_core::Store;
use reflect_tests::{counts, leaves, set_up};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A journal with an agreed appraisal: the colleague signed with their key, the appraiser with
/// theirs (on "their device": `sample::appraiser_signs`).
fn agreed() -> (tempfile::TempDir, Store, String) {
    let (dir, mut store) = set_up();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today(), 3, 21).unwrap();
    (dir, store, id)
}

fn my_key(store: &Store) -> SigningKey {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let secret: Vec<u8> = c
        .query_row("SELECT secret FROM signing_key WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    SigningKey::from_bytes(&secret.try_into().unwrap())
}

fn agreed_pack(store: &mut Store, id: &str) -> String {
    store
        .export_pack(id, Purpose::Agreed, &[], today())
        .unwrap()
        .text
}

/// Seal `v`'s body again with `key`, as anyone holding that key could.
fn reseal(v: &mut Value, key: &SigningKey) {
    let bytes = canonical_value(&v["body"]).unwrap();
    use ed25519_dalek::Signer as _;
    v["signature"] = B64.encode(key.sign(&bytes).to_bytes()).into();
    v["public_key"] = B64.encode(key.verifying_key().as_bytes()).into();
}

/// Recompute every commitment from the disclosed parts (parts not disclosed keep theirs).
fn recommit(v: &mut Value) {
    let parts: Vec<DisclosedPart> = serde_json::from_value(v["body"]["parts"].clone()).unwrap();
    for p in parts {
        let sha = p.commitment().unwrap();
        for c in v["body"]["record"]["parts"].as_array_mut().unwrap() {
            if c["name"] == p.name.as_str() {
                c["sha256"] = sha.clone().into();
            }
        }
    }
}

fn digest(v: &Value) -> String {
    sha256_hex(&canonical_value(&v["body"]["record"]).unwrap())
}

/// Re-sign the signature by `role` with `key` over the record as it now is.
fn resign(v: &mut Value, role: &str, key: &SigningKey, name: &str) {
    let d = digest(v);
    let s = SignatureV1::sign(
        key,
        &d,
        &Signer {
            role: if role == "colleague" {
                Role::Colleague
            } else {
                Role::Appraiser
            },
            name,
            job_title: "Staff Nurse",
            signed_at: "2026-06-01T10:00:00.000Z",
        },
    )
    .unwrap();
    let sigs = v["body"]["signatures"].as_array_mut().unwrap();
    sigs.retain(|x| x["statement"]["role"] != role);
    sigs.push(serde_json::to_value(s).unwrap());
}

fn refused(store: &Store, v: &Value, why: &str, case: &str) {
    let text = serde_json::to_string_pretty(v).unwrap();
    let err = store.verify_pack(&text).expect_err(case);
    assert_eq!(err.field(), Some("pack"), "{case}: {err}");
    assert!(
        err.to_string().contains(why),
        "{case}: expected “{why}”, got “{err}”"
    );
}

#[test]
fn an_agreed_record_carries_two_key_signatures_from_two_devices() {
    let (_d, mut store, id) = agreed();
    let a = store.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(a.signatures.len(), 2);
    assert!(a
        .signatures
        .iter()
        .all(|s| s.key_signed && s.fingerprint.is_some()));
    assert_ne!(a.signatures[0].public_key, a.signatures[1].public_key);
    assert_eq!(a.intact, Some(true));
    let text = agreed_pack(&mut store, &id);
    let check = store.verify_pack(&text).unwrap();
    assert!(check.agreed);
    assert_eq!(check.format_version, 2);
    assert_eq!(check.record_version, Some(1));
    assert!(check.signatures.iter().all(|s| s.key_signed));
    assert_eq!(
        check.parts,
        vec![
            "Appraisal period",
            "Appraiser and meeting",
            "New objectives",
            "Personal development plan",
            "Pay-step readiness"
        ],
        "HR's pack carries only what HR needs"
    );
}

#[test]
fn the_appraiser_cannot_sign_on_the_colleagues_device() {
    let (_d, mut store) = set_up();
    let a = store
        .create_appraisal(&reflect_core::NewAppraisal::default(), today())
        .unwrap();
    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today())
        .ok();
    store
        .act_latest(&a.id, Action::StartReview, Role::Appraiser, None, today())
        .ok();
    let before = counts(&store);
    let err = store
        .act_latest(&a.id, Action::Sign, Role::Appraiser, None, today())
        .unwrap_err();
    assert!(
        err.to_string().contains("signs on their own device"),
        "{err}"
    );
    assert_eq!(counts(&store), before);
    let view = store.appraisal(&a.id, Role::Appraiser, today()).unwrap();
    assert!(
        !view.steps.contains(&Action::Sign),
        "appraiser mode offers no signing"
    );
}

#[test]
fn any_json_form_of_the_same_pack_verifies_with_the_same_identity() {
    let (_d, mut store, id) = agreed();
    let text = agreed_pack(&mut store, &id);
    let want = store.verify_pack(&text).unwrap().sha256;
    let v: Value = serde_json::from_str(&text).unwrap();
    let forms = [
        ("CRLF", text.replace('\n', "\r\n")),
        ("a byte-order mark", format!("\u{feff}{text}")),
        ("compact", serde_json::to_string(&v).unwrap()),
        (
            "sorted keys (JCS)",
            String::from_utf8(canonical_value(&v).unwrap()).unwrap(),
        ),
        ("tabs", text.replace("  ", "\t")),
    ];
    for (name, form) in forms {
        let check = store
            .verify_pack(&form)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(check.sha256, want, "{name}");
    }
}

/// An appraisal in review that includes a shared reflection with these CPD hours, and its pack
/// for review.
fn for_review_with_hours(hours: f64) -> (tempfile::TempDir, Store, String, String) {
    let (dir, mut store) = set_up();
    let mut r = reflect_tests::input("Hours on the ward", "What happened.");
    r.visibility = reflect_core::Visibility::Shared;
    r.cpd_hours = Some(hours);
    r.event_date = today().format("%Y-%m-%d").to_string();
    r.tags = vec![reflect_tests::tag("nhs-somerset", "self-awareness", None)];
    let saved = store.save_reflection(&r).unwrap();
    let a = store
        .create_appraisal(
            &reflect_core::NewAppraisal {
                appraiser_name: "Jo Bloggs".into(),
                appraiser_job_title: "Ward Manager".into(),
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    let mut c = a.content.clone();
    for v in &mut c.values {
        if v.value_key == "self-awareness" {
            v.reflection_ids = vec![saved.id.clone()];
        }
    }
    c.review.achievements.text = "Led the handover project.".into();
    store
        .save_latest(&a.id, &c, Role::Colleague, today())
        .unwrap();
    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today())
        .unwrap();
    let text = store
        .export_pack(&a.id, Purpose::ForReview, &[], today())
        .unwrap()
        .text;
    (dir, store, a.id, text)
}

#[test]
fn long_decimals_travel_as_text_and_the_pack_verifies() {
    for (hours, want) in [
        (29.636908074076594, "29.64"),
        (1.5, "1.5"),
        (0.1 + 0.2, "0.3"),
        (7.0, "7"),
    ] {
        let (_d, store, _id, text) = for_review_with_hours(hours);
        let check = store
            .verify_pack(&text)
            .unwrap_or_else(|e| panic!("{hours}: {e}"));
        assert!(check
            .parts
            .iter()
            .any(|p| p.contains("1 included reflection")));
        let v: Value = serde_json::from_str(&text).unwrap();
        let part = v["body"]["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"].as_str().unwrap().starts_with("reflection/"))
            .unwrap()
            .clone();
        assert_eq!(part["content"]["cpd_hours"], want, "{hours}");
    }
}

/// Keys an attacker may hold: the colleague's own (their unlocked device) and any other.
struct Keys {
    colleague: SigningKey,
    other: SigningKey,
}

type Attack = (&'static str, fn(&mut Value, &Keys), &'static str);

fn set_objective(v: &mut Value, text: &str) {
    for p in v["body"]["parts"].as_array_mut().unwrap() {
        if p["name"] == "objectives" {
            p["content"][0]["objective"] = text.into();
        }
    }
}

const ATTACKS: &[Attack] = &[
    (
        "a self-made appraiser signature (the colleague's own key)",
        |v, k| {
            resign(v, "appraiser", &k.colleague, "Dr Nobody");
            reseal(v, &k.colleague);
        },
        "made with the colleague's own key",
    ),
    (
        "edited after both signed, recommitted and re-signed by the colleague",
        |v, k| {
            set_objective(v, "Get promoted without doing the course");
            recommit(v);
            resign(v, "colleague", &k.colleague, "Sam Jones");
            reseal(v, &k.colleague);
        },
        "appraiser's signature",
    ),
    (
        "a part edited without recommitting",
        |v, k| {
            set_objective(v, "Changed");
            reseal(v, &k.colleague);
        },
        "not the one that was signed",
    ),
    (
        "a detail of the record changed and re-signed",
        |v, k| {
            v["body"]["record"]["details"]["grade"] = "Band 8a".into();
            resign(v, "colleague", &k.colleague, "Sam Jones");
            reseal(v, &k.colleague);
        },
        "appraiser's signature",
    ),
    (
        "the version counter raised to supersede",
        |v, k| {
            v["body"]["record"]["version"] = 9.into();
            resign(v, "colleague", &k.colleague, "Sam Jones");
            reseal(v, &k.colleague);
        },
        "appraiser's signature",
    ),
    (
        "the appraiser's signing time moved forward",
        |v, k| {
            for s in v["body"]["signatures"].as_array_mut().unwrap() {
                if s["statement"]["role"] == "appraiser" {
                    s["statement"]["signed_at"] = "2031-01-01T00:00:00.000Z".into();
                }
            }
            reseal(v, &k.colleague);
        },
        "appraiser's signature",
    ),
    (
        "the appraiser's signature dropped",
        |v, k| {
            v["body"]["signatures"]
                .as_array_mut()
                .unwrap()
                .retain(|s| s["statement"]["role"] != "appraiser");
            reseal(v, &k.colleague);
        },
        "does not carry both",
    ),
    (
        "sealed by another key than the colleague's",
        |v, k| reseal(v, &k.other),
        "sealed by another key",
    ),
    (
        "another key claiming the colleague's record and signing it",
        |v, k| {
            v["body"]["record"]["colleague_key"] =
                B64.encode(k.other.verifying_key().as_bytes()).into();
            resign(v, "colleague", &k.other, "Sam Jones");
            reseal(v, &k.other);
        },
        "appraiser's signature",
    ),
    (
        "changed without sealing again",
        |v, _| v["body"]["state"] = "in_review".into(),
        "signature does not match",
    ),
    (
        "a float",
        |v, k| {
            v["body"]["parts"][0]["content"]["start"] = serde_json::json!(29.636908074076594);
            reseal_lossy(v, k);
        },
        "not a whole number",
    ),
    (
        "an unknown field",
        |v, k| {
            v["body"]["record"]["approved_by_hr"] = true.into();
            reseal(v, &k.colleague);
        },
        "unknown field",
    ),
    (
        "a part carried twice",
        |v, k| {
            let first = v["body"]["parts"][0].clone();
            v["body"]["parts"].as_array_mut().unwrap().push(first);
            reseal(v, &k.colleague);
        },
        "twice",
    ),
    (
        "a part the record does not list",
        |v, k| {
            v["body"]["parts"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({
                    "name": "career", "salt": "0".repeat(64),
                    "content": {"text": "planted", "by": null}
                }));
            reseal(v, &k.colleague);
        },
        "not the one that was signed",
    ),
    (
        "a commitment removed",
        |v, k| {
            v["body"]["record"]["parts"]
                .as_array_mut()
                .unwrap()
                .retain(|c| c["name"] != "career");
            resign(v, "colleague", &k.colleague, "Sam Jones");
            reseal(v, &k.colleague);
        },
        "no commitment",
    ),
    (
        "pack format 3",
        |v, _| v["format_version"] = 3.into(),
        "format version 3",
    ),
];

/// Seal a body that has a float in it (which JCS cannot take): sign its compact JSON instead, so
/// the reader's refusal is about the float.
fn reseal_lossy(v: &mut Value, k: &Keys) {
    use ed25519_dalek::Signer as _;
    let bytes = serde_json::to_vec(&v["body"]).unwrap();
    v["signature"] = B64.encode(k.colleague.sign(&bytes).to_bytes()).into();
}

#[test]
fn every_way_to_forge_or_re_sign_an_agreed_record_is_refused() {
    let (_d, mut store, id) = agreed();
    let text = agreed_pack(&mut store, &id);
    let keys = Keys {
        colleague: my_key(&store),
        other: SigningKey::from_bytes(&[7u8; 32]),
    };
    let original: Value = serde_json::from_str(&text).unwrap();
    let before = counts(&store);
    for (case, attack, why) in ATTACKS {
        let mut v = original.clone();
        attack(&mut v, &keys);
        refused(&store, &v, why, case);
        let err = store
            .import_pack(&serde_json::to_string(&v).unwrap(), today())
            .expect_err(case);
        assert_eq!(err.field(), Some("pack"), "{case}: {err}");
    }
    assert_eq!(counts(&store), before, "nothing was written");
}

/// Every value inside the signed record, changed by someone holding the colleague's key (who
/// recommits the parts, re-signs their own signature and seals the pack again), is refused: the
/// appraiser's signature covers it. (Before key signatures, 206 of 253 were accepted.)
#[test]
fn changing_any_value_of_the_record_breaks_the_appraisers_signature() {
    let (_d, mut store, id) = agreed();
    let text = agreed_pack(&mut store, &id);
    let key = my_key(&store);
    let original: Value = serde_json::from_str(&text).unwrap();
    let mut paths = Vec::new();
    leaves(
        &original["body"]["record"],
        "/body/record".into(),
        &mut paths,
    );
    leaves(&original["body"]["parts"], "/body/parts".into(), &mut paths);
    assert!(
        paths.len() > 60,
        "a realistic record has many values ({})",
        paths.len()
    );
    let mut refused_n = 0;
    for path in &paths {
        if path.ends_with("/salt") || path.ends_with("/name") && path.starts_with("/body/parts") {
            continue; // a part's identity: changing it is "a part the record does not list"
        }
        let mut v = original.clone();
        let slot = v.pointer_mut(path).unwrap();
        *slot = match slot.take() {
            Value::String(s) => Value::String(format!("{s}x")),
            Value::Number(n) => Value::from(n.as_u64().unwrap_or(0) + 1),
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::String("x".into()),
        };
        if path.starts_with("/body/parts") {
            recommit(&mut v);
        }
        resign(&mut v, "colleague", &key, "Sam Jones");
        reseal(&mut v, &key);
        let err = store
            .verify_pack(&serde_json::to_string(&v).unwrap())
            .expect_err(path);
        assert_eq!(err.field(), Some("pack"), "{path}: {err}");
        refused_n += 1;
    }
    assert!(refused_n > 60);
}

#[test]
fn an_oversize_pack_is_refused_before_it_is_parsed() {
    let (_d, store) = set_up();
    let big = format!(
        "{{\"format\": \"reflect-appraisal-pack\"{}}}",
        " ".repeat(21 << 20)
    );
    let err = store.verify_pack(&big).unwrap_err();
    assert!(err.to_string().contains("20 MiB"), "{err}");
}

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats")
}

/// A committed fixture. Fixtures are never rewritten: a missing one is made only when
/// REFLECT_WRITE_FIXTURES is set (when a new format version lands), then committed.
fn fixture(name: &str, make: impl FnOnce() -> String) -> String {
    let path = fixtures().join(name);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return text;
    }
    assert!(
        std::env::var_os("REFLECT_WRITE_FIXTURES").is_some(),
        "the fixture {name} is missing: fixtures are committed and must verify forever"
    );
    let text = make();
    std::fs::write(&path, &text).unwrap();
    text
}

/// Packs of format 2 made by this version, for review, reviewed and agreed: each must open and
/// verify forever, with what it says unchanged.
#[test]
fn format_2_fixtures_verify_forever() {
    let (_d, mut store, id) = agreed();
    let (_d2, mut other) = set_up();
    let for_review = fixture("pack-2-for-review.reflectpack", || {
        let (_d, _s, _id, text) = for_review_with_hours(29.636908074076594);
        text
    });
    let reviewed = fixture("pack-2-reviewed.reflectpack", || {
        let (_d, mut s, _id, _text) = for_review_with_hours(2.25);
        let a = s.list_appraisals().unwrap()[0].id.clone();
        s.act_latest(&a, Action::StartReview, Role::Appraiser, None, today())
            .unwrap();
        reflect_core::sample::appraiser_signs(
            &mut s,
            &a,
            &reflect_core::sample::appraiser_key(1),
            today(),
        )
        .unwrap()
    });
    let agreed = fixture("pack-2-agreed.reflectpack", || agreed_pack(&mut store, &id));
    let cases = [
        (&for_review, Purpose::ForReview, 0, false, "Priya"),
        (&reviewed, Purpose::Reviewed, 1, false, ""),
        (&agreed, Purpose::Agreed, 2, true, ""),
    ];
    for (text, purpose, signatures, is_agreed, _) in cases {
        let check = other.verify_pack(text).unwrap();
        assert_eq!(check.format_version, 2);
        assert_eq!(check.purpose, purpose);
        assert_eq!(check.signatures.len(), signatures);
        assert!(check.signatures.iter().all(|s| s.key_signed));
        assert_eq!(check.agreed, is_agreed);
    }
    // The fixtures' identities never change.
    let ids = fixture("pack-2-identities.txt", || {
        [&for_review, &reviewed, &agreed]
            .iter()
            .map(|t| {
                let c = other.verify_pack(t).unwrap();
                format!("{} {}\n", c.record_sha256.unwrap(), c.sha256)
            })
            .collect()
    });
    let now: String = [&for_review, &reviewed, &agreed]
        .iter()
        .map(|t| {
            let c = other.verify_pack(t).unwrap();
            format!("{} {}\n", c.record_sha256.unwrap(), c.sha256)
        })
        .collect();
    assert_eq!(
        now, ids,
        "a format-2 pack's digests changed: a format version never changes"
    );
    // A pack of someone else's appraisal for review cannot be merged into mine.
    assert!(other.import_pack(&reviewed, today()).is_err());
}

/// Packs Reflect wrote before key signatures (pack format 1, committed from that version) still
/// open: the sender's signature verifies — even the one with long CPD hours that version refused
/// itself — and the appraiser's "signature" shows as not key-signed.
#[test]
fn format_1_packs_still_open_and_say_what_could_be_verified() {
    let (_d, mut store) = set_up();
    for (name, purpose, appraiser_claimed) in [
        ("pack-1-for-review.reflectpack", Purpose::ForReview, false),
        ("pack-1-agreed.reflectpack", Purpose::Agreed, true),
        ("pack-1-long-decimal.reflectpack", Purpose::ForReview, false),
    ] {
        let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
        let check = store
            .verify_pack(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(check.format_version, 1, "{name}");
        assert_eq!(check.purpose, purpose, "{name}");
        assert!(
            check.verified[0].contains("sender's signature holds"),
            "{name}"
        );
        assert!(!check.agreed, "{name}: never agreed without key signatures");
        let appraiser = check.signatures.iter().find(|s| s.role == Role::Appraiser);
        assert_eq!(appraiser.is_some(), appraiser_claimed, "{name}");
        if let Some(a) = appraiser {
            assert!(!a.key_signed && a.note.contains("not key-signed"), "{name}");
        }
        // A changed byte inside the body is still caught.
        let changed =
            text.replacen("Sam Jones", "Sam Jonez", 1)
                .replacen("Priya Patel", "Priya Patez", 1);
        assert!(store.verify_pack(&changed).is_err(), "{name}");
        // Only HR takes a format-1 pack (and holds it); a journal refuses it, nothing written.
        if purpose != Purpose::Agreed {
            let before = counts(&store);
            let err = store.import_pack(&text, today()).unwrap_err();
            assert!(
                err.to_string().contains("before key signatures"),
                "{name}: {err}"
            );
            assert_eq!(counts(&store), before);
        }
    }
}

/// Record format 1's bytes from fixed everyday values: if a change to the everyday types (or to
/// how they become the wire form) changes a byte, this fails. Commit a new format version instead.
#[test]
fn record_format_1_bytes_do_not_change() {
    use reflect_core::format::record::{RecordInput, SealedRecord};
    // Spelt out rather than `sample::profile`, so changing the sample cannot move the golden bytes.
    let profile = reflect_core::Profile {
        name: "Sam Jones".into(),
        job_title: "Staff Nurse".into(),
        grade: "Band 5".into(),
        team: "Ward 7".into(),
        department: Some("Medicine".into()),
        line_manager: "Alex Smith".into(),
        employee_number: None,
        registration: None,
        organisation_framework: "nhs-somerset".into(),
        professional_frameworks: vec!["nmc-code".into()],
    };
    let framework = reflect_core::appraisal::RecordFramework {
        id: "nhs-somerset".into(),
        revision: 1,
        name: "NHS Somerset".into(),
        values: vec![reflect_core::appraisal::RecordValue {
            key: "kindness".into(),
            name: "Kindness".into(),
        }],
    };
    let mut content = reflect_core::AppraisalContent {
        period_start: "2025-12-01".into(),
        period_end: "2026-11-30".into(),
        appraiser_name: "Alex Smith".into(),
        ..Default::default()
    };
    content.values.push(reflect_core::appraisal::ValueSection {
        value_key: "kindness".into(),
        ..Default::default()
    });
    content.review.achievements.text = "Led the falls audit — “well”.".into();
    content.review.achievements.by = Some(Role::Colleague);
    content.pay_step.training = reflect_core::appraisal::Answer::Yes;
    let sealed = SealedRecord::build(
        &RecordInput {
            appraisal_id: "01900000-0000-7000-8000-000000000001",
            version: 1,
            colleague_key: "VPbYhqsyuIEYbSsxqlxqLPA6TJMvL0wfrvLJhvRYRHg=",
            details: &profile,
            framework: &framework,
            content: &content,
            reflections: &[],
        },
        &|name| sha256_hex(name.as_bytes()),
    )
    .unwrap();
    let bytes = canonical_value(&serde_json::to_value(&sealed).unwrap()).unwrap();
    let want = fixture("record-1-golden.json", || {
        String::from_utf8(bytes.clone()).unwrap() + "\n"
    });
    assert_eq!(
        String::from_utf8(bytes).unwrap() + "\n",
        want,
        "record format 1's bytes changed"
    );
}

fn schema_errors(schema: &str, text: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
    validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every pack this version writes matches pack format 2's JSON Schema, every committed fixture its
/// own format's schema, and the schema refuses what the reader refuses.
#[test]
fn packs_match_their_format_schemas() {
    let v2 = include_str!("../../schema/pack-format-2.schema.json");
    let v1 = include_str!("../../schema/reflectpack.schema.json");
    let (_d, mut store, id) = agreed();
    let agreed = agreed_pack(&mut store, &id);
    let (_d2, _s, _id, for_review) = for_review_with_hours(1.25);
    for (name, text) in [("agreed", &agreed), ("for review", &for_review)] {
        assert_eq!(schema_errors(v2, text), Vec::<String>::new(), "{name}");
    }
    for name in ["pack-2-for-review", "pack-2-reviewed", "pack-2-agreed"] {
        let text = std::fs::read_to_string(fixtures().join(format!("{name}.reflectpack"))).unwrap();
        assert_eq!(schema_errors(v2, &text), Vec::<String>::new(), "{name}");
    }
    for name in ["pack-1-for-review", "pack-1-agreed", "pack-1-long-decimal"] {
        let text = std::fs::read_to_string(fixtures().join(format!("{name}.reflectpack"))).unwrap();
        assert_eq!(schema_errors(v1, &text), Vec::<String>::new(), "{name}");
    }
    let mut v: Value = serde_json::from_str(&agreed).unwrap();
    v["body"]["record"]["approved_by_hr"] = true.into();
    assert!(!schema_errors(v2, &v.to_string()).is_empty());
}

/// A reviewed pack the colleague's journal must refuse (a summary over the limit) changes
/// nothing: the review does not start, no event is logged, no key is remembered.
#[test]
fn a_refused_reviewed_pack_writes_nothing() {
    let (_d, mut store, id, _text) = for_review_with_hours(1.0);
    let key = reflect_core::sample::appraiser_key(5);
    let reviewed = reflect_core::sample::appraiser_signs(&mut store, &id, &key, today()).unwrap();
    let mut v: Value = serde_json::from_str(&reviewed).unwrap();
    for p in v["body"]["parts"].as_array_mut().unwrap() {
        if p["name"] == "appraiser_summary" {
            p["content"]["text"] = "x".repeat(20_001).into();
        }
    }
    recommit(&mut v);
    resign(&mut v, "appraiser", &key, "Jo Bloggs");
    reseal(&mut v, &key);
    let before = counts(&store);
    let state = store
        .appraisal(&id, Role::Colleague, today())
        .unwrap()
        .state;
    let err = store
        .import_pack(&serde_json::to_string(&v).unwrap(), today())
        .unwrap_err();
    assert_eq!(err.field(), Some("appraiser_summary"), "{err}");
    assert_eq!(counts(&store), before);
    let after = store.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(after.state, state, "the review did not start");
    assert!(after.events.iter().all(|e| e.action != "start_review"));
    // The genuine review is still taken afterwards.
    assert!(store.import_pack(&reviewed, today()).is_ok());
}
