//! Encryption at rest through the public `Store` API, on real files: no plaintext on disk (the
//! journal, its WAL and shared memory, backups), every way in and every wrong way refused with
//! nothing changed, re-keying, the recovery code, turning it off, backups of an encrypted
//! journal, and a conversion refused while another store has the journal open.

use std::path::Path;

use reflect_core::encryption::{attempts, journal_kind, JournalKind, Unlock, KEYS_FILE};
use reflect_core::Store;
use reflect_tests::{input, set_up, titles};

const MARKER: &str = "Quokkaberry";
const PASS: &str = "correct horse battery staple";
const PASS2: &str = "tangerine lighthouse violin";

fn pass(p: &str) -> Unlock {
    Unlock::Passphrase(p.to_owned().into())
}

fn code(c: &str) -> Unlock {
    Unlock::RecoveryCode(c.to_owned().into())
}

/// Every file in `dir` (and its sub-folders) with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A journal with reflections holding the marker, encrypted; its recovery code.
fn encrypted() -> (tempfile::TempDir, Store, String) {
    let (dir, mut store) = set_up();
    for i in 0..30 {
        store
            .save_reflection(&input(
                &format!("{MARKER} shift {i}"),
                &format!("{MARKER} {i}"),
            ))
            .unwrap();
    }
    let outcome = store.encrypt(PASS, false).unwrap();
    assert!(outcome.status.encrypted);
    (dir, store, outcome.recovery_code.unwrap())
}

#[test]
fn no_plaintext_reaches_the_disk() {
    let (dir, mut store, _) = encrypted();
    // Writes after encrypting go through the WAL: they must be encrypted there too.
    store
        .save_reflection(&input(
            &format!("{MARKER} after"),
            &format!("late {MARKER}"),
        ))
        .unwrap();
    store.backup_now(None, chrono::Utc::now()).unwrap();
    let db = dir.path().join("reflect.db");
    assert!(Path::new(&format!("{}-wal", db.display())).exists());
    let before_close = files(dir.path());
    drop(store);
    for (name, bytes) in before_close.iter().chain(files(dir.path()).iter()) {
        assert!(
            !contains(bytes, MARKER),
            "{name} holds the marker in plain text"
        );
        assert!(!contains(bytes, "BEGIN PRIVATE KEY"), "{name}");
    }
    let head = std::fs::read(&db).unwrap();
    assert!(!head.starts_with(b"SQLite format 3"));
    assert_eq!(journal_kind(&db).unwrap(), JournalKind::Encrypted);
    assert!(before_close
        .iter()
        .any(|(n, _)| n.ends_with(".reflectbackup")));
}

#[test]
fn an_encrypted_journal_opens_only_with_its_passphrase_or_recovery_code() {
    let (dir, mut store, recovery) = encrypted();
    let want = titles(&store);
    let key_before = store.key_info().unwrap();
    drop(store);
    let before = files(dir.path());
    let locked = Store::open_dir(dir.path()).unwrap_err();
    assert_eq!(locked.kind(), "locked");
    let wrong = Store::open_dir_with(dir.path(), pass("not the passphrase")).unwrap_err();
    assert_eq!(wrong.field(), Some("passphrase"));
    assert!(wrong.message().contains("Nothing was changed"), "{wrong}");
    // Nothing changed but the count of tries.
    let after: Vec<_> = files(dir.path())
        .into_iter()
        .filter(|(n, _)| !n.ends_with(attempts::ATTEMPTS_FILE))
        .collect();
    assert_eq!(after, before);
    // The next try straight away waits.
    let soon = Store::open_dir_with(dir.path(), pass(PASS)).unwrap_err();
    assert!(soon.message().contains("wait"), "{soon}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut store = Store::open_dir_with(dir.path(), pass(PASS)).unwrap();
    assert_eq!(titles(&store), want);
    // The signing key is the same key, kept inside the encrypted journal.
    assert_eq!(store.key_info().unwrap(), key_before);
    drop(store);
    let store = Store::open_dir_with(dir.path(), code(&recovery.to_lowercase())).unwrap();
    assert_eq!(titles(&store), want);
    drop(store);
    let bad_code =
        Store::open_dir_with(dir.path(), code("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"));
    assert_eq!(bad_code.unwrap_err().field(), Some("recovery_code"));
}

#[test]
fn the_wait_doubles_after_each_failure() {
    let cases = [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 4),
        (4, 8),
        (6, 32),
        (9, 256),
        (10, 300),
        (40, 300),
    ];
    for (failures, secs) in cases {
        assert_eq!(attempts::wait_after(failures).as_secs(), secs, "{failures}");
    }
}

#[test]
fn a_new_passphrase_re_keys_and_the_old_one_opens_nothing() {
    let (dir, mut store, recovery) = encrypted();
    let want = titles(&store);
    let old_keys = std::fs::read(dir.path().join(KEYS_FILE)).unwrap();
    let old_head = std::fs::read(dir.path().join("reflect.db")).unwrap()[..16].to_vec();
    let refused = store.change_passphrase(pass("wrong wrong wrong"), PASS2);
    assert_eq!(refused.unwrap_err().field(), Some("passphrase"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let short = store.change_passphrase(pass(PASS), "short");
    assert_eq!(short.unwrap_err().field(), Some("new_passphrase"));
    store.change_passphrase(pass(PASS), PASS2).unwrap();
    assert_eq!(titles(&store), want);
    let new_head = std::fs::read(dir.path().join("reflect.db")).unwrap()[..16].to_vec();
    assert_ne!(old_head, new_head, "a new key has a new salt");
    drop(store);
    assert_eq!(
        Store::open_dir_with(dir.path(), pass(PASS))
            .unwrap_err()
            .field(),
        Some("passphrase")
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // Even with the old key file put back, the old passphrase has no key for the new file.
    let now_keys = std::fs::read(dir.path().join(KEYS_FILE)).unwrap();
    std::fs::write(dir.path().join(KEYS_FILE), &old_keys).unwrap();
    assert_eq!(
        Store::open_dir_with(dir.path(), pass(PASS))
            .unwrap_err()
            .kind(),
        "corrupt"
    );
    std::fs::write(dir.path().join(KEYS_FILE), &now_keys).unwrap();
    let store = Store::open_dir_with(dir.path(), pass(PASS2)).unwrap();
    assert_eq!(titles(&store), want);
    drop(store);
    // The recovery code still opens it: new keys are wrapped to its recipient.
    let mut store = Store::open_dir_with(dir.path(), code(&recovery)).unwrap();
    // A forgotten passphrase: the recovery code sets a new one.
    store.change_passphrase(code(&recovery), PASS).unwrap();
    drop(store);
    assert!(Store::open_dir_with(dir.path(), pass(PASS)).is_ok());
}

#[test]
fn a_new_recovery_code_retires_the_old_one() {
    let (dir, mut store, old) = encrypted();
    let fresh = store
        .new_recovery_code(PASS)
        .unwrap()
        .recovery_code
        .unwrap();
    assert_ne!(fresh, old);
    drop(store);
    let refused = Store::open_dir_with(dir.path(), code(&old)).unwrap_err();
    assert_eq!(refused.field(), Some("recovery_code"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(Store::open_dir_with(dir.path(), code(&fresh)).is_ok());
}

#[test]
fn turning_encryption_off_gives_back_a_plain_journal_with_everything() {
    let (dir, mut store, _) = encrypted();
    let want = titles(&store);
    assert_eq!(
        store.decrypt("wrong wrong wrong").unwrap_err().field(),
        Some("passphrase")
    );
    assert!(store.encryption_status().unwrap().encrypted);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    store.decrypt(PASS).unwrap();
    assert!(!store.encryption_status().unwrap().encrypted);
    assert_eq!(titles(&store), want);
    drop(store);
    let db = dir.path().join("reflect.db");
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
    assert!(!dir.path().join(KEYS_FILE).exists());
    assert_eq!(titles(&Store::open_dir(dir.path()).unwrap()), want);
}

#[test]
fn encrypting_twice_or_with_a_weak_passphrase_is_refused_with_nothing_changed() {
    let (dir, mut store) = set_up();
    store.save_reflection(&input("Kept", "as it was")).unwrap();
    for weak in ["", "   ", "short"] {
        assert_eq!(
            store.encrypt(weak, false).unwrap_err().field(),
            Some("passphrase")
        );
    }
    assert!(std::fs::read(dir.path().join("reflect.db"))
        .unwrap()
        .starts_with(b"SQLite format 3"));
    store.encrypt(PASS, false).unwrap();
    assert_eq!(
        store.encrypt(PASS2, false).unwrap_err().field(),
        Some("passphrase")
    );
    assert_eq!(titles(&store), vec!["Kept".to_string()]);
}

#[test]
fn conversion_waits_for_other_windows_and_is_refused_with_nothing_changed() {
    let (dir, mut store) = set_up();
    store.save_reflection(&input("Mine", "text")).unwrap();
    let other = Store::open_dir(dir.path()).unwrap();
    let before = std::fs::read(dir.path().join("reflect.db")).unwrap();
    let refused = store.encrypt(PASS, false).unwrap_err();
    assert_eq!(refused.field(), Some("journal"), "{refused}");
    assert_eq!(
        std::fs::read(dir.path().join("reflect.db")).unwrap(),
        before
    );
    assert!(!dir.path().join(KEYS_FILE).exists());
    // Both stores still work.
    assert_eq!(titles(&store), vec!["Mine".to_string()]);
    assert_eq!(titles(&other), vec!["Mine".to_string()]);
    drop(other);
    store.encrypt(PASS, false).unwrap();
}

#[test]
fn backups_of_an_encrypted_journal_are_encrypted_and_restore_with_either_secret() {
    let (dir, store, recovery) = encrypted();
    let want = titles(&store);
    let info = store.backup_now(None, chrono::Utc::now()).unwrap();
    assert!(info.encrypted);
    let bytes = std::fs::read(&info.path).unwrap();
    assert!(bytes.starts_with(b"Reflect backup\nformat: 2\n"));
    assert!(!contains(&bytes, MARKER));
    assert!(!contains(&bytes, "SQLite format 3"));
    assert_eq!(
        Store::verify_backup(&bytes, None).unwrap_err().field(),
        Some("passphrase")
    );
    assert_eq!(
        Store::verify_backup(&bytes, Some("wrong wrong"))
            .unwrap_err()
            .field(),
        Some("passphrase")
    );
    Store::verify_backup(&bytes, Some(PASS)).unwrap();
    Store::verify_backup(&bytes, Some(&recovery)).unwrap();
    drop(store);
    // On a new device: the backup alone, and the recovery code.
    let elsewhere = tempfile::tempdir().unwrap();
    let outcome = Store::restore_backup(
        Path::new(&info.path),
        elsewhere.path(),
        Some(&recovery),
        false,
        chrono::Utc::now(),
    )
    .unwrap();
    assert!(outcome.encrypted);
    assert_eq!(
        Store::open_dir(elsewhere.path()).unwrap_err().kind(),
        "locked"
    );
    let restored = Store::open_dir_with(elsewhere.path(), pass(PASS)).unwrap();
    assert_eq!(titles(&restored), want);
    for (name, bytes) in files(elsewhere.path()) {
        assert!(!contains(&bytes, MARKER), "{name}");
    }
    // A flipped byte in the snapshot is refused by its checksum.
    let mut bad = bytes.clone();
    let last = bad.len() - 10;
    bad[last] ^= 1;
    assert_eq!(
        Store::verify_backup(&bad, Some(PASS)).unwrap_err().field(),
        Some("file")
    );
    drop(dir);
}

/// The committed format 2 fixture (`tests/fixtures/backups/sqlcipher-2.reflectbackup`, an
/// encrypted journal's backup) restores in every later build, with its passphrase and with its
/// recovery code. `REFLECT_UPDATE_BACKUP_FIXTURES=1` writes it (only ever to add a fixture).
#[test]
fn the_committed_format_2_fixture_restores_with_its_passphrase_and_recovery_code() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/backups");
    let file = fixtures.join("sqlcipher-2.reflectbackup");
    let expected = fixtures.join("sqlcipher-2.json");
    if std::env::var_os("REFLECT_UPDATE_BACKUP_FIXTURES").is_some() {
        let (_d, mut store) = set_up();
        for t in ["Fixture handover", "Fixture feedback"] {
            store
                .save_reflection(&input(t, "kept in format 2"))
                .unwrap();
        }
        let code = store.encrypt(PASS, false).unwrap().recovery_code.unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-02T16:00:00.000Z").unwrap();
        store.backup_now(Some(&file), at.into()).unwrap();
        let expect = serde_json::json!({
            "public_key": store.key_info().unwrap().public_key,
            "titles": titles(&store),
            "passphrase": PASS,
            "recovery_code": code,
        });
        std::fs::write(&expected, format!("{expect:#}\n")).unwrap();
    }
    let expect: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&expected).unwrap()).unwrap();
    for secret in ["passphrase", "recovery_code"] {
        let target = tempfile::tempdir().unwrap();
        let outcome = Store::restore_backup(
            &file,
            target.path(),
            expect[secret].as_str(),
            false,
            chrono::Utc::now(),
        )
        .unwrap();
        assert!(outcome.encrypted);
        let mut store = Store::open_dir_with(target.path(), pass(PASS)).unwrap();
        assert_eq!(
            serde_json::json!(titles(&store)),
            expect["titles"],
            "{secret}"
        );
        assert_eq!(
            serde_json::json!(store.key_info().unwrap().public_key),
            expect["public_key"]
        );
    }
}

#[test]
fn encrypting_makes_an_encrypted_backup_and_the_readable_ones_can_be_deleted() {
    let (dir, mut store) = set_up();
    store
        .save_reflection(&input(&format!("{MARKER} before"), "text"))
        .unwrap();
    let plain = store.backup_now(None, chrono::Utc::now()).unwrap();
    assert!(!plain.encrypted);
    store.encrypt(PASS, false).unwrap();
    let list = store.list_backups().unwrap();
    assert_eq!(list.iter().filter(|b| b.encrypted).count(), 1, "{list:?}");
    assert_eq!(list.iter().filter(|b| !b.encrypted).count(), 1);
    // Another file in the folder that is not Reflect's own is never touched.
    let folder = dir.path().join("backups");
    std::fs::write(folder.join("notes.reflectbackup"), b"not ours").unwrap();
    assert_eq!(store.delete_unencrypted_backups().unwrap(), 1);
    assert!(store.list_backups().unwrap().iter().all(|b| b.encrypted));
    assert!(folder.join("notes.reflectbackup").exists());
    for (name, bytes) in files(&folder) {
        assert!(!contains(&bytes, MARKER), "{name}");
    }
}

#[test]
fn a_damaged_missing_or_foreign_key_file_is_refused_plainly_and_changes_nothing() {
    let (dir, store, _) = encrypted();
    drop(store);
    let keys = dir.path().join(KEYS_FILE);
    let good = std::fs::read(&keys).unwrap();
    let (_other_dir, other, _) = encrypted();
    let foreign = std::fs::read(other.path().with_file_name(KEYS_FILE)).unwrap();
    drop(other);
    let mut future: serde_json::Value = serde_json::from_slice(&good).unwrap();
    future["format"] = 2.into();
    let mut unknown: serde_json::Value = serde_json::from_slice(&good).unwrap();
    unknown["extra"] = "field".into();
    let cases: Vec<(&str, Option<Vec<u8>>)> = vec![
        ("missing", None),
        ("empty", Some(Vec::new())),
        ("truncated", Some(good[..good.len() / 2].to_vec())),
        ("not JSON", Some(b"\x00\xff garbage".to_vec())),
        ("a newer format", Some(future.to_string().into_bytes())),
        ("an unknown field", Some(unknown.to_string().into_bytes())),
        ("another journal's", Some(foreign)),
        ("huge", Some(vec![b' '; 2 * 1024 * 1024])),
    ];
    let db = std::fs::read(dir.path().join("reflect.db")).unwrap();
    for (name, bytes) in cases {
        match &bytes {
            None => std::fs::remove_file(&keys).unwrap(),
            Some(b) => std::fs::write(&keys, b).unwrap(),
        }
        let err = Store::open_dir_with(dir.path(), pass(PASS)).unwrap_err();
        assert_eq!(err.kind(), "corrupt", "{name}: {err}");
        assert!(
            err.to_string().contains("Nothing was changed"),
            "{name}: {err}"
        );
        assert_eq!(
            std::fs::read(dir.path().join("reflect.db")).unwrap(),
            db,
            "{name}"
        );
        assert_eq!(
            std::fs::read(&keys).ok(),
            bytes,
            "{name}: the key file is left as it was"
        );
    }
    std::fs::write(&keys, &good).unwrap();
    assert!(Store::open_dir_with(dir.path(), pass(PASS)).is_ok());
}

#[test]
fn a_format_2_backup_with_another_backups_key_or_a_bad_header_is_refused() {
    let (_a, store_a, _) = encrypted();
    let (_b, store_b, _) = encrypted();
    let a = std::fs::read(store_a.backup_now(None, chrono::Utc::now()).unwrap().path).unwrap();
    let b = std::fs::read(store_b.backup_now(None, chrono::Utc::now()).unwrap().path).unwrap();
    // Split each into header, key file and payload.
    let parts = |bytes: &[u8]| {
        let end = bytes.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
        let header = std::str::from_utf8(&bytes[..end]).unwrap().to_string();
        let keys: usize = header
            .lines()
            .find_map(|l| l.strip_prefix("keys-bytes: "))
            .unwrap()
            .parse()
            .unwrap();
        (
            header,
            bytes[end..end + keys].to_vec(),
            bytes[end + keys..].to_vec(),
        )
    };
    let (ha, ka, pa) = parts(&a);
    let (_, kb, _) = parts(&b);
    // a's header and payload with b's key file (its size in the header, so only the key differs).
    let header = ha.replace(
        &format!("keys-bytes: {}\n", ka.len()),
        &format!("keys-bytes: {}\n", kb.len()),
    );
    let swapped = [header.as_bytes(), &kb[..], &pa[..]].concat();
    let err = Store::verify_backup(&swapped, Some(PASS)).unwrap_err();
    assert_eq!(err.field(), Some("file"), "{err}");
    for (name, header) in [
        (
            "format 1 with sqlcipher",
            ha.replace("format: 2", "format: 1"),
        ),
        (
            "format 2 with age",
            ha.replace("encryption: sqlcipher", "encryption: age"),
        ),
        (
            "an identity field",
            ha.replace("keys-bytes", "identity-bytes"),
        ),
    ] {
        let bytes = [header.as_bytes(), &ka[..], &pa[..]].concat();
        let err = Store::verify_backup(&bytes, Some(PASS)).unwrap_err();
        assert_eq!(err.field(), Some("file"), "{name}: {err}");
    }
}
