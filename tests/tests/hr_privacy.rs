//! What HR holds and prints: only HR's parts. A seeded property test puts random marker words in
//! every part HR must never see (reflections, wellbeing, review, career, summaries) and checks
//! that no pack to HR, no HR table (the database file itself), no HR PDF text and no CSV carries
//! them in any encoding, even when a hostile pack carried every part. Also: CSV cells are
//! neutralised; the roster round-trips signed and a changed or unknown-signed roster is refused;
//! records imported before key signatures move to the held list.

use std::process::Command;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{Local, NaiveDate};
use reflect_core::hr::trust::MIGRATED_HELD;
use reflect_core::hr::{HrFilter, HrOutcome};
use reflect_core::migrate::{self, MIGRATIONS};
use reflect_core::sample::Rng;
use reflect_core::Store;
use reflect_tests::hr::{hr_counts, hr_store, key, pack, public, source, Seal, Source};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn marker(rng: &mut Rng, n: usize) -> String {
    let hex: String = (0..6).map(|_| format!("{:x}", rng.below(16))).collect();
    format!("Zqx{n}{hex}Priv")
}

/// Put a fresh marker in every part HR must never see; the markers.
fn plant(src: &mut Source, rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = |rng: &mut Rng| {
        let m = marker(rng, out.len());
        out.push(m.clone());
        m
    };
    let c = &mut src.content;
    c.wellbeing.text = format!("Wellbeing {} — “quoted” \\ notes", next(rng));
    c.review.achievements.text = format!("Achieved {}", next(rng));
    c.review.challenges.text = format!("Hard: {}", next(rng));
    c.career.text = format!("Career {}", next(rng));
    c.colleague_summary.text = format!("Summary {}", next(rng));
    c.appraiser_summary.text = format!("Appraiser {}", next(rng));
    for v in &mut c.values {
        v.summary.text = format!("Value {}", next(rng));
        v.comment.text = format!("Comment {}", next(rng));
    }
    for r in &mut src.reflections {
        r.title = format!("Reflection {}", next(rng));
        for t in r.body.values_mut() {
            *t = format!("Body {} é\n{}", next(rng), next(rng));
        }
    }
    out
}

/// Every string of a JSON value, decoded (catches `\u` escapes).
fn strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push_str(k);
            strings(x, out)
        }),
        _ => {}
    }
}

/// `text` carries `m` as it is, JSON-decoded, or in base64 at any alignment.
fn leaks(text: &[u8], m: &str) -> bool {
    let hay = String::from_utf8_lossy(text);
    if hay.contains(m) || hay.to_lowercase().contains(&m.to_lowercase()) {
        return true;
    }
    if let Ok(v) = serde_json::from_slice::<Value>(text) {
        let mut s = String::new();
        strings(&v, &mut s);
        if s.contains(m) {
            return true;
        }
    }
    (0..3).any(|pad| {
        let b = B64.encode(format!("{}{m}", "x".repeat(pad)));
        // The stable middle of the encoding (the first and last groups depend on neighbours).
        let skip = (pad + 3) / 3 * 4;
        let core = &b[skip..b.len().saturating_sub(4)];
        core.len() >= 8 && hay.contains(core)
    })
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hr.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The database as bytes: the main file and its write-ahead log.
fn db_bytes(store: &Store) -> Vec<u8> {
    let mut bytes = std::fs::read(store.path()).unwrap();
    let wal = store.path().with_extension("db-wal");
    if let Ok(w) = std::fs::read(wal) {
        bytes.extend(w);
    }
    bytes
}

#[test]
fn no_reflection_or_wellbeing_text_reaches_hr_in_any_encoding() {
    let base = source(today(), 3, 21);
    let (c, a) = (key(1), key(2));
    for seed in 1..=8u64 {
        let mut rng = Rng::new(seed);
        let mut src = Source {
            _dir: tempfile::tempdir().unwrap(),
            details: base.details.clone(),
            framework: base.framework.clone(),
            content: base.content.clone(),
            reflections: base.reflections.clone(),
        };
        let markers = plant(&mut src, &mut rng);
        let id = format!("appraisal-{seed}");
        // The pack to HR carries only HR's parts.
        let honest = pack(&src, &Seal::new(&id, &c, &a));
        // A hostile pack carries every part: HR must still keep none of them.
        let mut s = Seal::new(&id, &c, &a);
        s.disclose_all = true;
        let hostile = pack(&src, &s);
        assert!(
            markers.iter().any(|m| leaks(hostile.as_bytes(), m)),
            "the test plants what it looks for"
        );

        let (_d, mut hr) = hr_store();
        // Held first (keys not trusted), then added on trust.
        assert_eq!(hr.hr_import(&hostile).unwrap().outcome, HrOutcome::Held);
        let held_db = db_bytes(&hr);
        hr.hr_trust_key(&public(&c), "Sam Colleague", None).unwrap();
        let t = hr
            .hr_trust_key(&public(&a), "Dr Ada Appraiser", None)
            .unwrap();
        assert_eq!(t.released[0].outcome, HrOutcome::Added);
        let record = hr.hr_record(&public(&c), &id).unwrap();
        let stored = serde_json::to_vec(&record).unwrap();
        let csv = hr.hr_csv(&HrFilter::default()).unwrap();
        let pdf = reflect_pdf::export::hr_appraisal_pdf(&hr, &public(&c), &id, today()).unwrap();
        let text = pdf_text(&pdf.bytes);
        let added_db = db_bytes(&hr);
        for m in &markers {
            for (what, bytes) in [
                ("the pack to HR", honest.as_bytes()),
                ("HR's held table", &held_db[..]),
                ("HR's record", &stored[..]),
                ("HR's database", &added_db[..]),
                ("HR's CSV", csv.as_bytes()),
                ("HR's PDF", text.as_bytes()),
            ] {
                assert!(!leaks(bytes, m), "seed {seed}: {what} carries {m}");
            }
        }
        // What HR does see.
        assert!(text.contains(&src.details.name));
        assert!(text.contains("Reflections included"));
        if seed == 1 && std::env::var_os("SHOW_HR_PDF").is_some() {
            eprintln!("{text}");
        }
        let squeezed: String = text.split_whitespace().collect();
        let fp: String = reflect_core::format::fingerprint(&public(&a))
            .unwrap()
            .split_whitespace()
            .collect();
        assert!(
            squeezed.contains(&fp),
            "the appraiser's key fingerprint is printed:\n{text}"
        );
        assert!(!text.contains("Health and wellbeing"));
        assert!(!text.contains("Review of the last year"));
    }
}

#[test]
fn csv_cells_from_other_people_cannot_be_formulas() {
    let mut src = source(today(), 1, 22);
    src.details.name = "=HYPERLINK(\"http://evil\")".into();
    src.details.job_title = "+1+1".into();
    src.details.team = "@SUM(A1)".into();
    src.details.grade = "-2".into();
    let (_d, mut hr) = hr_store();
    let (c, a) = (key(1), key(2));
    hr.hr_trust_key(&public(&c), "Sam", None).unwrap();
    hr.hr_trust_key(&public(&a), "Ada", None).unwrap();
    hr.hr_import(&pack(&src, &Seal::new("x-1", &c, &a)))
        .unwrap();
    let csv = hr.hr_csv(&HrFilter::default()).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
    assert!(csv.contains("'=HYPERLINK"));
}

#[test]
fn the_roster_round_trips_signed_and_a_changed_or_unknown_signed_one_is_refused() {
    let (_a, mut hr_a) = hr_store();
    let roster = format!(
        "Employee number,Name,Team,Line manager,Key\nE1,Sam,Ward 7,E2,{}\nE2,Lee,Ward 7,,{}\n",
        public(&key(1)),
        public(&key(2))
    );
    hr_a.hr_roster_import(&roster).unwrap();
    let signed = hr_a.hr_roster_export().unwrap();
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/roster-format-1.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let file: Value = serde_json::from_str(&signed).unwrap();
    assert!(
        validator.is_valid(&file),
        "the signed roster matches its JSON Schema"
    );
    let (_b, mut hr_b) = hr_store();
    let before = hr_counts(&hr_b);
    let err = hr_b.hr_roster_import(&signed).unwrap_err();
    assert_eq!(err.field(), Some("roster"));
    assert!(
        err.message().contains("does not trust"),
        "{}",
        err.message()
    );
    assert_eq!(hr_counts(&hr_b), before);
    let changed = signed.replace("Sam", "Mallory");
    assert!(hr_b
        .hr_roster_import(&changed)
        .unwrap_err()
        .message()
        .contains("changed"));
    assert_eq!(hr_counts(&hr_b), before);
    // B trusts A's device key (compared aloud), then reads A's roster in any JSON form.
    let (_, a_key) = hr_a.hr_device_key().unwrap();
    hr_b.hr_trust_key(&a_key, "HR laptop A", None).unwrap();
    let compact = serde_json::to_string(&serde_json::from_str::<Value>(&signed).unwrap()).unwrap();
    let t = hr_b.hr_roster_import(&compact).unwrap();
    assert_eq!(t.keys.len(), 2);
    let sam = hr_b
        .hr_keys()
        .unwrap()
        .into_iter()
        .find(|k| k.name == "Sam")
        .unwrap();
    assert_eq!(sam.line_manager.as_deref(), Some("E2"));
    // A plain CSV with a bad line writes nothing, and says which line and column.
    let bad = format!("{roster}E3,Kim,Ward 8,,not-a-key\n");
    let (_c, mut hr_c) = hr_store();
    let before = hr_counts(&hr_c);
    let err = hr_c.hr_roster_import(&bad).unwrap_err();
    assert!(
        err.message().contains("Line 4") && err.message().contains("key"),
        "{}",
        err.message()
    );
    assert_eq!(hr_counts(&hr_c), before);
}

#[test]
fn records_imported_before_key_signatures_move_to_the_held_list_and_nothing_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reflect.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate::run(&mut conn, &MIGRATIONS[..4]).unwrap();
        conn.execute_batch(
            "INSERT INTO known_key VALUES ('c-1', 'KEY1', 'Sam', '2025-01-01T00:00:00Z');
             INSERT INTO hr_appraisal (appraisal_id, colleague_id, record_sha256, agreed_at, employee_number, name,
                 job_title, grade, team, department, organisation, appraiser, period_end, pay_step_met, pdp_agreed,
                 pack, imported_at)
             VALUES ('a-1', 'c-1', 'sha', '2025-03-01T11:00:00Z', 'E1', 'Sam', 'Nurse', 'Band 5', 'Ward 7',
                 'Medicine', 'Trust', 'Dr Nobody', '2025-03-31', 5, 1, '{}', '2025-03-02T00:00:00Z');
             INSERT INTO hr_count VALUES ('a-1', 'objective_ksf', 'All', 2);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let held = store.hr_held().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].reason, MIGRATED_HELD);
    assert_eq!(held[0].colleague_key, "KEY1");
    assert_eq!(held[0].format, 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let kept: i64 = conn
        .query_row("SELECT (SELECT count(*) FROM hr_appraisal_format1) + (SELECT count(*) FROM hr_count_format1)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 2, "nothing deleted");
    assert!(store
        .hr_summary(&HrFilter::default(), today())
        .unwrap()
        .rows
        .is_empty());
}
