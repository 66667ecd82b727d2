//! `reflect archive`: write the whole journal as a portable archive (0600, what goes printed),
//! inspect it, import it into a new journal at another employer, and refuse what cannot be
//! imported with exit 2 naming `archive`, the journal unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use std::path::Path;

use common::{ok, run};
use serde_json::Value;

fn init(dir: &Path, framework: &str) {
    common::init(dir, framework, &[]);
}

#[test]
fn archive_inspect_and_import_at_another_employer() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("somerset"), tmp.path().join("derbyshire"));
    init(&a, "nhs-somerset");
    ok(
        &a,
        &[
            "add",
            "--title",
            "Asked for help",
            "--text",
            "I was unsure, so I asked.",
            "--value",
            "Self Awareness",
            "--behaviour",
            "sa-limitations",
        ],
    );
    ok(
        &a,
        &[
            "add",
            "--title",
            "Handover",
            "--text",
            "Calm.",
            "--visibility",
            "shared",
        ],
    );
    let zip = tmp.path().join("journal.zip");
    let zip_s = zip.to_str().unwrap();

    let text = ok(&a, &["archive", "--out", zip_s]);
    assert!(text.contains("2 reflections (1 private"), "{text}");
    assert!(text.contains("Private reflections are included"), "{text}");
    assert!(text.contains("signing key is not included"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&zip).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the archive is private");
    }
    let written: Value =
        // Written again over the first: an existing file is replaced only with --force.
        serde_json::from_str(&ok(&a, &["--json", "archive", "--out", zip_s, "--force"])).unwrap();
    assert_eq!(written["counts"]["reflections"], 2);
    assert_eq!(written["counts"]["private_reflections"], 1);
    assert_eq!(written["signing_key_included"], false);

    let inspected: Value =
        serde_json::from_str(&ok(&b, &["--json", "archive", "inspect", zip_s])).unwrap();
    assert_eq!(inspected["counts"]["reflections"], 2);
    assert_eq!(inspected["format_version"], 1);

    init(&b, "derbyshire-healthcare");
    let imported: Value =
        serde_json::from_str(&ok(&b, &["--json", "archive", "import", zip_s])).unwrap();
    assert_eq!(imported["counts"]["reflections"], 2);
    assert_eq!(imported["profile_imported"], false);
    let list = ok(&b, &["list"]);
    assert!(
        list.contains("Asked for help") && list.contains("[Self Awareness"),
        "{list}"
    );

    // Again: the journal is no longer empty; exit 2 naming the field, nothing changed.
    let again = run(&b, &["archive", "import", zip_s]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.starts_with("reflect: archive: "), "{err}");
    assert!(err.contains("new, empty journal"), "{err}");
    assert_eq!(ok(&b, &["list"]), list);
}

#[test]
fn archive_refusals_exit_2_or_1_and_say_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("journal");
    init(&dir, "nhs-somerset");
    let no_out = run(&dir, &["archive"]);
    assert_eq!(no_out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_out.stderr).contains("reflect: out: "));

    let garbage = tmp.path().join("not.zip");
    std::fs::write(&garbage, b"this is not a zip file").unwrap();
    for args in [
        vec!["archive", "import", garbage.to_str().unwrap()],
        vec!["archive", "inspect", garbage.to_str().unwrap()],
    ] {
        let out = run(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a Reflect archive"), "{err}");
    }
    let json = run(
        &dir,
        &["--json", "archive", "import", garbage.to_str().unwrap()],
    );
    let line: Value = serde_json::from_slice(&json.stderr).unwrap();
    assert_eq!(line["field"], "archive");

    let missing = run(&dir, &["archive", "import", "/nonexistent/journal.zip"]);
    assert_eq!(missing.status.code(), Some(1));

    let help = ok(&dir, &["archive", "--help"]);
    for word in ["--out", "import", "inspect"] {
        assert!(help.contains(word), "{help}");
    }
}
