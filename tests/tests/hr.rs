//! The Organisation area against every attack of issue 10 that concerns HR, on real SQLite files:
//! records are HR's by (colleague key, appraisal id); versions supersede only upwards; a record is
//! added only when HR trusts both keys, and otherwise held with the reason and the fingerprints;
//! a refused pack writes nothing (every HR table's row count is unchanged).

use chrono::{Local, NaiveDate};
use reflect_core::format::fingerprint;
use reflect_core::hr::trust::LEGACY_HELD;
use reflect_core::hr::{HrFilter, HrOutcome, NOT_LINE_MANAGER};
use reflect_core::Store;
use reflect_tests::hr::{
    hr_counts, hr_store, key, legacy_pack, pack, public, source, Seal, Source,
};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A colleague (key 1), their appraiser (key 2), the appraisal id.
const ID: &str = "appraisal-0001";

fn trust(hr: &mut Store, seed: u8, name: &str) {
    hr.hr_trust_key(&public(&key(seed)), name, None).unwrap();
}

/// An HR store that trusts keys 1 and 2, and holds `ID` version 1 of `src`, added.
fn with_v1(src: &Source) -> (tempfile::TempDir, Store) {
    let (dir, mut hr) = hr_store();
    trust(&mut hr, 1, "Sam Colleague");
    trust(&mut hr, 2, "Dr Ada Appraiser");
    let (c, a) = (key(1), key(2));
    let o = hr.hr_import(&pack(src, &Seal::new(ID, &c, &a))).unwrap();
    assert_eq!(o.outcome, HrOutcome::Added, "{}", o.message);
    (dir, hr)
}

fn digest_of(hr: &Store, colleague: u8) -> String {
    hr.hr_record(&public(&key(colleague)), ID)
        .unwrap()
        .held
        .record
        .digest()
        .unwrap()
}

#[test]
fn a_pack_is_held_with_both_fingerprints_until_hr_trusts_both_keys_then_added() {
    let src = source(today(), 3, 7);
    let (_d, mut hr) = hr_store();
    let (c, a) = (key(1), key(2));
    let text = pack(&src, &Seal::new(ID, &c, &a));
    let o = hr.hr_import(&text).unwrap();
    assert_eq!(o.outcome, HrOutcome::Held);
    assert!(o.reason.as_deref().unwrap().contains("neither"), "{o:?}");
    assert_eq!(
        o.colleague_fingerprint,
        Some(fingerprint(&public(&c)).unwrap())
    );
    assert_eq!(
        o.appraiser_fingerprint,
        Some(fingerprint(&public(&a)).unwrap())
    );
    assert!(hr
        .hr_summary(&HrFilter::default(), today())
        .unwrap()
        .rows
        .is_empty());
    let held = hr.hr_held().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].appraiser_fingerprint, o.appraiser_fingerprint);
    assert!(!held[0].colleague_trusted && !held[0].appraiser_trusted);
    // The same pack again is still held once.
    assert_eq!(hr.hr_import(&text).unwrap().outcome, HrOutcome::Held);
    assert_eq!(hr.hr_held().unwrap().len(), 1);

    // Trusting one key is not enough.
    let t = hr
        .hr_trust_key(&public(&c), "Sam Colleague", Some("E100"))
        .unwrap();
    assert!(t.released.is_empty());
    let held = hr.hr_held().unwrap();
    assert!(held[0].colleague_trusted && !held[0].appraiser_trusted);
    assert_eq!(
        held[0].reason,
        "the appraiser's key is not trusted by HR yet"
    );
    // Trusting the second adds it, in the same transaction.
    let t = hr
        .hr_trust_key(&public(&a), "Dr Ada Appraiser", None)
        .unwrap();
    assert_eq!(t.released.len(), 1);
    assert_eq!(t.released[0].outcome, HrOutcome::Added);
    assert!(hr.hr_held().unwrap().is_empty());
    let counts = hr_counts(&hr);
    assert_eq!(counts[0], ("hr_appraisal", 1));
    assert_eq!(hr.hr_import(&text).unwrap().outcome, HrOutcome::Unchanged);
    assert_eq!(
        hr_counts(&hr),
        counts,
        "the same pack again changes nothing"
    );
    let r = hr.hr_record(&public(&c), ID).unwrap();
    let signers = r.signers();
    assert_eq!(signers.len(), 2);
    assert_eq!(signers[1].fingerprint, fingerprint(&public(&a)).unwrap());
}

/// An attack on a store holding version 1: the pack, what must happen, and words of the reason.
struct Attack {
    what: &'static str,
    pack: fn(&Source) -> String,
    outcome: HrOutcome,
    words: &'static str,
}

const ATTACKS: &[Attack] = &[
    Attack {
        what: "a replayed older version with a later time",
        pack: |src| {
            let (c, a) = (key(1), key(2));
            let mut s = Seal::new(ID, &c, &a);
            s.version = 0;
            s.colleague_signed_at = "2027-06-01T10:00:00Z";
            s.appraiser_signed_at = "2027-06-01T11:00:00Z";
            pack(src, &s)
        },
        outcome: HrOutcome::Refused,
        words: "older version",
    },
    Attack {
        what: "a different record with the same version",
        pack: |src| {
            let (c, a) = (key(1), key(2));
            let mut src2 = clone_source(src);
            src2.content.objectives[0].by_date = "2029-01-31".into();
            pack(&src2, &Seal::new(ID, &c, &a))
        },
        outcome: HrOutcome::Refused,
        words: "same version",
    },
    Attack {
        what: "a pack for review, not agreed",
        pack: |src| {
            let (c, a) = (key(1), key(2));
            let mut s = Seal::new(ID, &c, &a);
            s.purpose = "for_review";
            s.version = 2;
            pack(src, &s)
        },
        outcome: HrOutcome::Refused,
        words: "",
    },
    Attack {
        what: "a part changed after signing",
        pack: |src| {
            let (c, a) = (key(1), key(2));
            let mut s = Seal::new(ID, &c, &a);
            s.version = 2;
            let mut v: serde_json::Value = serde_json::from_str(&pack(src, &s)).unwrap();
            v["body"]["record"]["version"] = 3.into();
            v.to_string()
        },
        outcome: HrOutcome::Refused,
        words: "does not match",
    },
    Attack {
        what: "another key with the same appraisal id (untrusted)",
        pack: |src| {
            let (c, a) = (key(9), key(2));
            let mut s = Seal::new(ID, &c, &a);
            s.version = 5;
            pack(src, &s)
        },
        outcome: HrOutcome::Held,
        words: "colleague's key is not trusted",
    },
    Attack {
        what: "a self-made appraiser signature (a second key the colleague made)",
        pack: |src| {
            let (c, a) = (key(1), key(66));
            let mut s = Seal::new(ID, &c, &a);
            s.version = 2;
            s.appraiser_name = "Dr Nobody";
            pack(src, &s)
        },
        outcome: HrOutcome::Held,
        words: "appraiser's key is not trusted",
    },
];

fn clone_source(src: &Source) -> Source {
    Source {
        _dir: tempfile::tempdir().unwrap(),
        details: src.details.clone(),
        framework: src.framework.clone(),
        content: src.content.clone(),
        reflections: src.reflections.clone(),
    }
}

#[test]
fn every_attack_is_refused_or_held_and_never_changes_the_colleagues_record() {
    let src = source(today(), 3, 11);
    for a in ATTACKS {
        let (_d, mut hr) = with_v1(&src);
        let before = hr_counts(&hr);
        let digest = digest_of(&hr, 1);
        let text = (a.pack)(&src);
        let outcome = match hr.hr_import(&text) {
            Ok(o) => {
                assert!(
                    o.reason.as_deref().unwrap_or("").contains(a.words),
                    "{}: {o:?}",
                    a.what
                );
                o.outcome
            }
            Err(e) => {
                assert_eq!(e.field(), Some("pack"), "{}: {e}", a.what);
                assert!(e.message().contains(a.words), "{}: {}", a.what, e.message());
                HrOutcome::Refused
            }
        };
        assert_eq!(outcome, a.outcome, "{}", a.what);
        assert_eq!(
            digest_of(&hr, 1),
            digest,
            "{}: the colleague's record is unchanged",
            a.what
        );
        let after = hr_counts(&hr);
        if outcome == HrOutcome::Refused {
            assert_eq!(after, before, "{}: a refused pack writes nothing", a.what);
        } else {
            // Held: one held row more, nothing else.
            let held = |c: &[(&str, i64)]| c.iter().find(|(t, _)| *t == "hr_held").unwrap().1;
            assert_eq!(held(&after), held(&before) + 1, "{}", a.what);
            let rest = |c: &[(&'static str, i64)]| {
                c.iter()
                    .filter(|(t, _)| *t != "hr_held")
                    .cloned()
                    .collect::<Vec<_>>()
            };
            assert_eq!(rest(&after), rest(&before), "{}", a.what);
        }
    }
}

#[test]
fn another_trusted_key_with_the_same_appraisal_id_is_another_record() {
    let src = source(today(), 2, 12);
    let (_d, mut hr) = with_v1(&src);
    let digest = digest_of(&hr, 1);
    trust(&mut hr, 9, "Mallory");
    let (m, a) = (key(9), key(2));
    let mut s = Seal::new(ID, &m, &a);
    s.version = 99;
    assert_eq!(
        hr.hr_import(&pack(&src, &s)).unwrap().outcome,
        HrOutcome::Added
    );
    assert_eq!(digest_of(&hr, 1), digest, "Sam's record is Sam's");
    assert_eq!(
        hr.hr_record(&public(&key(1)), ID)
            .unwrap()
            .held
            .record
            .version,
        1
    );
}

#[test]
fn a_higher_version_supersedes_and_the_older_one_cannot_come_back() {
    let src = source(today(), 2, 13);
    let (_d, mut hr) = with_v1(&src);
    let (c, a) = (key(1), key(2));
    let v1 = pack(&src, &Seal::new(ID, &c, &a));
    let mut src2 = clone_source(&src);
    src2.content.objectives[0].by_date = "2029-01-31".into();
    let mut s = Seal::new(ID, &c, &a);
    s.version = 2;
    let o = hr.hr_import(&pack(&src2, &s)).unwrap();
    assert_eq!(o.outcome, HrOutcome::Superseded, "{}", o.message);
    let before = hr_counts(&hr);
    assert!(hr
        .hr_import(&v1)
        .unwrap_err()
        .message()
        .contains("older version"));
    assert_eq!(hr_counts(&hr), before);
    assert_eq!(
        hr.hr_record(&public(&c), ID).unwrap().held.record.version,
        2
    );
}

#[test]
fn an_appraiser_who_is_not_the_rosters_line_manager_is_added_and_flagged() {
    let src = source(today(), 2, 14);
    let (_d, mut hr) = hr_store();
    let roster = format!(
        "employee_number,name,team,line_manager,key\nE100,Sam Colleague,Ward 7,E200,{}\nE200,Lee Manager,Ward 7,,{}\nE300,Dr Ada Appraiser,Ward 9,,{}\n",
        public(&key(1)),
        public(&key(3)),
        public(&key(2))
    );
    assert_eq!(hr.hr_roster_import(&roster).unwrap().keys.len(), 3);
    let (c, a) = (key(1), key(2));
    let o = hr.hr_import(&pack(&src, &Seal::new(ID, &c, &a))).unwrap();
    assert_eq!(o.outcome, HrOutcome::Added);
    assert_eq!(o.flags, vec![NOT_LINE_MANAGER.to_string()]);
    assert!(hr
        .hr_csv(&HrFilter::default())
        .unwrap()
        .contains(NOT_LINE_MANAGER));
    // The roster's line manager signing is not flagged.
    let (_d2, mut hr2) = hr_store();
    hr2.hr_roster_import(&roster).unwrap();
    let lm = key(3);
    assert!(hr2
        .hr_import(&pack(&src, &Seal::new(ID, &c, &lm)))
        .unwrap()
        .flags
        .is_empty());
}

#[test]
fn a_format_1_pack_is_held_as_not_key_signed() {
    let (_d, mut hr) = hr_store();
    let k = key(1);
    trust(&mut hr, 1, "Sam Colleague");
    let text = legacy_pack(&k, "old-1", "Sam Colleague");
    let o = hr.hr_import(&text).unwrap();
    assert_eq!(o.outcome, HrOutcome::Held);
    assert_eq!(o.reason.as_deref(), Some(LEGACY_HELD));
    assert_eq!(hr.hr_held().unwrap()[0].reason, LEGACY_HELD);
    // Trusting keys does not add it: its appraiser signature was only a claim.
    trust(&mut hr, 2, "Dr Ada Appraiser");
    assert_eq!(hr.hr_held().unwrap().len(), 1);
    assert_eq!(hr_counts(&hr)[0], ("hr_appraisal", 0));
    // HR decides: it asks the colleague to sign again and takes this one off the held list.
    let id = hr.hr_discard_held(hr.hr_held().unwrap()[0].id);
    assert!(id.is_ok());
    assert!(hr.hr_held().unwrap().is_empty());
    assert!(hr.hr_discard_held(12345).is_err(), "no such held pack");
    assert_eq!(hr_counts(&hr)[0], ("hr_appraisal", 0), "nothing was added");
}

#[test]
fn files_are_imported_each_on_its_own_an_oversize_one_refused_before_it_is_read() {
    let src = source(today(), 2, 15);
    let (_d, mut hr) = hr_store();
    trust(&mut hr, 1, "Sam Colleague");
    trust(&mut hr, 2, "Dr Ada Appraiser");
    let dir = tempfile::tempdir().unwrap();
    let (c, a) = (key(1), key(2));
    let good = dir.path().join("a.reflectpack");
    std::fs::write(&good, pack(&src, &Seal::new(ID, &c, &a))).unwrap();
    let big = dir.path().join("b.reflectpack");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(21 * 1024 * 1024).unwrap();
    let broken = dir.path().join("c.reflectpack");
    std::fs::write(&broken, "{\"format\": \"reflect-appraisal-pack\"").unwrap();
    let old = dir.path().join("d.reflectpack");
    std::fs::write(&old, legacy_pack(&c, "old-1", "Sam Colleague")).unwrap();
    let before = hr_counts(&hr);
    let report = hr
        .hr_import_files(&[big.clone(), broken.clone()], &mut |_, _| {})
        .unwrap();
    assert_eq!(report.refused, 2);
    assert!(report.files[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("20 MiB"));
    assert_eq!(hr_counts(&hr), before, "refused files write nothing");
    let report = hr
        .hr_import_files(&[big, good.clone(), broken, old], &mut |_, _| {})
        .unwrap();
    let outcomes: Vec<HrOutcome> = report.files.iter().map(|f| f.outcome).collect();
    use HrOutcome::*;
    assert_eq!(outcomes, [Refused, Added, Refused, Held]);
    let json = serde_json::to_value(&report.files).unwrap();
    assert_eq!(json[1]["outcome"], "added");
    assert_eq!(json[1]["appraisal_id"], ID);
    assert!(json[1].get("reason").is_none());
    assert_eq!(json[0]["outcome"], "refused");
    assert!(json[0]["reason"].is_string());
    let again = hr.hr_import_files(&[good], &mut |_, _| {}).unwrap();
    assert_eq!(again.unchanged, 1);
}

/// The agreed pack the end-to-end HR spec imports (`tests/e2e/fixtures/hr-agreed.reflectpack`,
/// keys 1 and 2): it is held, then added once both keys are trusted. `REFLECT_UPDATE_FIXTURES=1`
/// writes it again.
#[test]
fn the_end_to_end_fixture_is_held_then_added_on_trust() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/fixtures/hr-agreed.reflectpack");
    if std::env::var_os("REFLECT_UPDATE_FIXTURES").is_some() {
        let src = source(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), 2, 31);
        let (c, a) = (key(1), key(2));
        std::fs::write(&path, pack(&src, &Seal::new("e2e-appraisal-1", &c, &a))).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let (_d, mut hr) = hr_store();
    assert_eq!(hr.hr_import(&text).unwrap().outcome, HrOutcome::Held);
    trust(&mut hr, 1, "Sam Jones");
    let t = hr
        .hr_trust_key(&public(&key(2)), "Alex Smith", None)
        .unwrap();
    assert_eq!(t.released[0].outcome, HrOutcome::Added);
}
