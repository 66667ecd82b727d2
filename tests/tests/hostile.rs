//! Hostile content, through the public API on real SQLite files: CSV cells that a spreadsheet
//! would run as formulas, escape sequences meant for a terminal, files too big to read, imports
//! that take a built-in framework's id, and the key fingerprint people compare.

use chrono::{Local, NaiveDate};
use reflect_core::files::{read_text_limited, MAX_IMPORT_BYTES};
use reflect_core::hr::{HrCsvRow, HrFilter};
use reflect_core::keys::{fingerprint, KeyInfo};
use reflect_core::pack::Purpose;
use reflect_core::safe_text::{csv_cell, for_terminal, for_terminal_lines};
use reflect_core::{Error, Store};
use reflect_tests::{counts, fresh, set_up};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// (what someone typed, the cell Reflect writes)
const CSV_CELLS: &[(&str, &str)] = &[
    (
        "=HYPERLINK(\"http://evil.example\",\"Click\")",
        "'=HYPERLINK(\"http://evil.example\",\"Click\")",
    ),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("-3", "'-3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Sam Jones", "Sam Jones"),
    ("Ward 7 =A1", "Ward 7 =A1"),
    ("", ""),
    ("'quoted already", "'quoted already"),
    ("Zoë O'Brien-Smith", "Zoë O'Brien-Smith"),
];

#[test]
fn every_csv_cell_that_could_start_a_formula_is_neutralised() {
    for (typed, written) in CSV_CELLS {
        assert_eq!(csv_cell(typed), *written, "{typed:?}");
    }
    // Every column of the HR CSV, each given every hostile value.
    for (typed, written) in CSV_CELLS {
        let row = HrCsvRow {
            employee_number: Some(typed.to_string()),
            name: typed.to_string(),
            job_title: typed.to_string(),
            band: typed.to_string(),
            team: typed.to_string(),
            agreed_at: "2026-01-10T09:00:00Z".into(),
            appraiser: typed.to_string(),
            pay_step_met: 5,
            pdp_agreed: true,
            flags: String::new(),
        };
        let csv = reflect_core::hr::csv(&[row]).unwrap();
        let data = csv.lines().skip(1).collect::<Vec<_>>().join("\n");
        if typed.is_empty() {
            continue;
        }
        let quoted = format!("\"{}\"", written.replace('"', "\"\""));
        let expected = if written.contains([',', '"', '\r', '\n']) {
            &quoted
        } else {
            *written
        };
        assert_eq!(
            data.matches(expected).count(),
            6,
            "{typed:?}: all six text columns written as {expected:?} in {data:?}"
        );
        for cell in data.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{typed:?}: cell {cell:?} could start a formula"
            );
        }
    }
}

#[test]
fn a_colleague_named_like_a_formula_reaches_hr_as_text() {
    let (_c, mut colleague) = set_up();
    let mut p = reflect_tests::profile();
    p.name = "=HYPERLINK(\"http://evil.example\",\"Sam\")".into();
    p.job_title = "+Staff Nurse".into();
    p.team = "@Ward 7".into();
    p.employee_number = Some("-12345".into());
    colleague.save_profile(&p).unwrap();
    let id = reflect_core::sample::agreed_appraisal(&mut colleague, today(), 2, 5).unwrap();
    let pack = colleague
        .export_pack(&id, Purpose::Agreed, &[], today())
        .unwrap();
    let (_h, mut hr) = fresh();
    hr.set_organisation_area(true).unwrap();
    // HR adds a record only once it trusts both signers' keys.
    let v: serde_json::Value = serde_json::from_str(&pack.text).unwrap();
    for s in v["body"]["signatures"].as_array().unwrap() {
        let key = s["statement"]["public_key"].as_str().unwrap();
        hr.hr_trust_key(key, "A signer", None).unwrap();
    }
    hr.hr_import(&pack.text).unwrap();
    let csv = hr.hr_csv(&HrFilter::default()).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with(
            "'-12345,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Sam\"\")\",'+Staff Nurse,"
        ),
        "{row}"
    );
    assert!(row.contains(",'@Ward 7,"), "{row}");
}

/// (text from someone else, one line for a terminal)
const TERMINAL: &[(&str, &str)] = &[
    ("Sam\x1b[2J\x1b[HJones", "SamJones"),
    ("Sam\u{9b}2JJones", "SamJones"),
    ("\x1b]0;pwned\x07Sam", "Sam"),
    ("\x1b]8;;http://evil.example\x1b\\Sam\x1b]8;;\x1b\\", "Sam"),
    ("\u{9d}0;title\u{9c}Sam", "Sam"),
    ("Sam\x1bcJones", "SamJones"),
    ("Sam\x1b(BJones", "SamJones"),
    ("Sam\x1b[31;1mRed\x1b[0m", "SamRed"),
    ("bell\x07 del\x7f nul\0 c1\u{85}", "bell del nul c1"),
    (
        "line one\nline two\r\nthree\tfour\rover",
        "line one line two  three four over",
    ),
    ("\u{202e}gnp.exe", "gnp.exe"),
    ("\x1b]0;unterminated\nNext row", " Next row"),
    ("Zoë Ó Briain 王秀英 مريم 👩‍⚕️", "Zoë Ó Briain 王秀英 مريم 👩‍⚕️"),
    ("Trailing escape\x1b", "Trailing escape"),
    ("", ""),
];

#[test]
fn text_from_others_reaches_the_terminal_without_control_characters() {
    for (from, shown) in TERMINAL {
        let one = for_terminal(from);
        assert_eq!(one, *shown, "{from:?}");
        let lines = for_terminal_lines(from);
        for s in [one.as_ref(), lines.as_ref()] {
            assert!(
                !s.chars().any(
                    |c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)
                ),
                "{from:?} → {s:?}"
            );
        }
        assert!(!one.contains('\n'));
    }
    // A block of text keeps its line breaks (CRLF as LF); a lone CR cannot overwrite a line.
    assert_eq!(
        for_terminal_lines("one\r\ntwo\nthree\rfour\x1b[2K"),
        "one\ntwo\nthree four"
    );
}

fn sparse(path: &std::path::Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[test]
fn files_over_20_mib_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    // (size, refused?, what the message says)
    let cases: &[(u64, bool, &str)] = &[
        (1 << 30, true, "is 1.0 GiB"),
        (MAX_IMPORT_BYTES + 1, true, "is 20.0 MiB"),
        (40 * 1024 * 1024, true, "is 40 MiB"),
        (MAX_IMPORT_BYTES, false, ""),
        (0, false, ""),
    ];
    for (size, refused, says) in cases {
        let path = dir.path().join(format!("file-{size}.json"));
        sparse(&path, *size);
        let started = std::time::Instant::now();
        let result = read_text_limited(&path, "The framework file");
        match (refused, result) {
            (true, Err(Error::Invalid { field, message })) => {
                assert_eq!(field, "file");
                assert!(message.contains(says), "{message}");
                assert!(message.contains("up to 20 MiB"), "{message}");
                assert!(message.starts_with("The framework file file-"), "{message}");
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(1),
                    "refused from the size alone, without reading"
                );
            }
            (false, Ok(text)) => assert_eq!(text.len() as u64, *size),
            (_, other) => panic!("{size} bytes: {other:?}"),
        }
    }
    // Not UTF-8: an I/O error, as before.
    let path = dir.path().join("binary.json");
    std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    assert!(matches!(
        read_text_limited(&path, "The pack"),
        Err(Error::Io { .. })
    ));
}

/// A pipe has no size to check: reading stops one byte past the limit.
#[cfg(unix)]
#[test]
fn a_pipe_cannot_feed_more_than_20_mib() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            let chunk = vec![b' '; 1 << 20];
            let mut written = 0u64;
            // Stops when the reader closes the pipe (EPIPE) or after 64 MiB.
            while written < 64 << 20 && f.write_all(&chunk).is_ok() {
                written += chunk.len() as u64;
            }
            written
        })
    };
    match read_text_limited(&fifo, "The pack") {
        Err(Error::Invalid { field, message }) => {
            assert_eq!(field, "file");
            assert!(message.contains("is larger than 20 MiB"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        writer.join().unwrap() < 64 << 20,
        "the reader stopped early"
    );
}

const CUSTOM: &str = r#"{
  "format": 1, "id": "ID", "kind": "organisation", "name": "Our Values",
  "organisation": "Elsewhere Trust", "version": "1", "source": "https://example.org",
  "values": [{ "key": "kindness", "name": "Kindness", "behaviours": [] }]
}"#;

#[test]
fn an_import_cannot_take_a_built_in_frameworks_id() {
    let (_d, mut store) = set_up();
    let before = counts(&store);
    let nmc = store.framework("nmc-code", None).unwrap();
    // (id in the file, refused as a built-in?)
    let cases: &[(&str, bool)] = &[
        ("nmc-code", true),
        ("NMC-Code", true),
        (" nmc-code ", true),
        ("nhs-somerset", true),
        ("DERBYSHIRE-HEALTHCARE", true),
        ("nhs-constitution\t", true),
    ];
    for (id, _) in cases {
        let text = CUSTOM.replace("\"ID\"", &serde_json::to_string(id).unwrap());
        match store.import_framework(&text) {
            Err(Error::Invalid { field, message }) => {
                assert_eq!(field, "id", "{id:?}");
                assert!(message.contains("built into Reflect"), "{id:?}: {message}");
            }
            other => panic!("{id:?}: {other:?}"),
        }
        assert_eq!(counts(&store), before, "{id:?}: nothing changed");
    }
    assert_eq!(store.framework("nmc-code", None).unwrap(), nmc);
    // An id of its own is fine, even one that starts like a built-in's.
    let own = store
        .import_framework(&CUSTOM.replace("\"ID\"", "\"nmc-code-local\""))
        .unwrap();
    assert!(own.changed);
    assert!(reflect_core::framework::builtin_id("nmc-code-local").is_none());
    assert_eq!(
        reflect_core::framework::builtin_id(" NMC-CODE"),
        Some("nmc-code")
    );
}

#[test]
fn the_key_fingerprint_is_six_groups_of_five_digits() {
    // Known answers: SHA-256 over "reflect-key-fingerprint/1\n" and the 32 key bytes.
    let known = [
        (
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "49507 85312 45998 82563 29550 19352",
        ),
        (
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "88255 28826 40916 52516 11710 19060",
        ),
    ];
    for (key, expected) in known {
        assert_eq!(fingerprint(key).unwrap(), expected);
    }
    for bad in [
        "",
        "not base64!",
        "AAAA",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8fHw==",
    ] {
        match fingerprint(bad) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, "public_key", "{bad:?}"),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let (dir, mut store) = set_up();
    let info = store.key_info().unwrap();
    assert_eq!(info.public_key, store.public_key().unwrap());
    assert_eq!(info, KeyInfo::new(info.public_key.clone()).unwrap());
    let groups: Vec<&str> = info.fingerprint.split(' ').collect();
    assert_eq!(groups.len(), 6);
    assert!(groups
        .iter()
        .all(|g| g.len() == 5 && g.bytes().all(|b| b.is_ascii_digit())));
    drop(store);
    let mut again = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        again.key_info().unwrap(),
        info,
        "the same key after reopening"
    );
    let (_o, mut other) = set_up();
    assert_ne!(other.key_info().unwrap().fingerprint, info.fingerprint);
}
