//! Backups and restore through the public API: round trips (plain and encrypted) that bring back
//! reflections, appraisals and the signing key; every refusal (wrong passphrase, truncated,
//! garbage, another format, a newer schema, a journal in the way) changes nothing at the target;
//! retention over dated files with the clock injected; the daily claim with eight openers; a
//! backup taken while another Store writes; private files; the committed fixtures.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Local, NaiveDate, TimeZone, Utc};
use reflect_core::backup::{self, retention, BackupKind};
use reflect_core::pack::Purpose;
use reflect_core::{migrate, Store};
use reflect_tests::{fresh, input, set_up, submitted_appraisal, titles};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A journal with reflections, a submitted appraisal and its signing key.
fn journal() -> (tempfile::TempDir, Store, String) {
    let (dir, mut store) = set_up();
    for t in [
        "Handover on ward 4",
        "A difficult conversation",
        "Sepsis audit",
    ] {
        store
            .save_reflection(&input(t, "What happened and what I learned."))
            .unwrap();
    }
    let id = submitted_appraisal(&mut store, today());
    (dir, store, id)
}

/// Every file below `dir` with its bytes (to prove a refusal changed nothing).
fn snapshot_of(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(snapshot_of(&p));
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn sign_for_review(store: &mut Store, id: &str) -> String {
    let keys: Vec<String> = store
        .pack_preview(id, Purpose::ForReview, today())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.key)
        .collect();
    store
        .export_pack(id, Purpose::ForReview, &keys, today())
        .unwrap()
        .text
}

#[test]
fn a_backup_restores_reflections_the_appraisal_and_the_signing_key_on_another_device() {
    let (_dir, mut store, appraisal) = journal();
    let key = store.public_key().unwrap();
    let info = store.backup_now(None, Utc::now()).unwrap();
    assert_eq!(info.kind, BackupKind::Manual);
    assert!(!info.encrypted);
    assert!(Path::new(&info.path).starts_with(store.path().parent().unwrap().join("backups")));
    let laptop = tempfile::tempdir().unwrap();
    let target = laptop.path().join("new-laptop");
    let outcome =
        Store::restore_backup(Path::new(&info.path), &target, None, false, Utc::now()).unwrap();
    assert_eq!(outcome.replaced_backup, None);
    assert_eq!(PathBuf::from(&outcome.journal), target.join("reflect.db"));
    let mut restored = Store::open_dir(&target).unwrap();
    assert_eq!(titles(&restored), titles(&store));
    assert_eq!(
        restored.list_appraisals().unwrap(),
        store.list_appraisals().unwrap()
    );
    assert_eq!(restored.public_key().unwrap(), key);
    assert_eq!(restored.key_info().unwrap(), store.key_info().unwrap());
    // A pack signed after the restore verifies as the same person.
    let pack = sign_for_review(&mut restored, &appraisal);
    let (_m, manager) = fresh();
    let check = manager.verify_pack(&pack).unwrap();
    assert_eq!(check.sender.public_key, key);
    assert!(
        target.join(".reflect-journal").exists(),
        "the folder is marked"
    );
    // The new device makes its own daily backup, whenever the old one made its last.
    assert!(store.daily_backup(Utc::now()).unwrap().is_some());
    let info = store.backup_now(None, Utc::now()).unwrap();
    let again = tempfile::tempdir().unwrap();
    Store::restore_backup(Path::new(&info.path), again.path(), None, false, Utc::now()).unwrap();
    let mut second = Store::open_dir(again.path()).unwrap();
    assert!(second.daily_backup(Utc::now()).unwrap().is_some());
}

#[test]
fn an_encrypted_backup_needs_its_passphrase_and_a_wrong_one_changes_nothing() {
    let (_dir, mut store, _) = journal();
    let settings = store
        .set_backup_passphrase(Some("correct horse battery"))
        .unwrap();
    assert!(settings.encrypted);
    let info = store.backup_now(None, Utc::now()).unwrap();
    assert!(info.encrypted);
    let bytes = std::fs::read(&info.path).unwrap();
    let needle = b"A difficult conversation";
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "no reflection in plain text"
    );
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("restored");
    for (passphrase, what) in [
        (None, "none"),
        (Some(""), "empty"),
        (Some("wrong horse battery"), "wrong"),
    ] {
        let err = Store::restore_backup(
            Path::new(&info.path),
            &target,
            passphrase,
            false,
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(err.field(), Some("passphrase"), "{what}: {err}");
        assert!(!target.exists(), "{what}: nothing made at the target");
    }
    Store::restore_backup(
        Path::new(&info.path),
        &target,
        Some("correct horse battery"),
        false,
        Utc::now(),
    )
    .unwrap();
    assert_eq!(titles(&Store::open_dir(&target).unwrap()), titles(&store));

    // A new passphrase: new backups open with it only; the old backup still with the old one.
    store
        .set_backup_passphrase(Some("a brand new phrase"))
        .unwrap();
    let newer = std::fs::read(store.backup_now(None, Utc::now()).unwrap().path).unwrap();
    assert_eq!(
        Store::verify_backup(&newer, Some("correct horse battery"))
            .unwrap_err()
            .field(),
        Some("passphrase")
    );
    assert!(Store::verify_backup(&newer, Some("a brand new phrase")).is_ok());
    assert!(Store::verify_backup(&bytes, Some("correct horse battery")).is_ok());
    // Removing it: later backups are plain again.
    assert!(!store.set_backup_passphrase(None).unwrap().encrypted);
    assert!(!store.backup_now(None, Utc::now()).unwrap().encrypted);
    assert_eq!(
        store
            .set_backup_passphrase(Some("short"))
            .unwrap_err()
            .field(),
        Some("passphrase")
    );
}

/// A database file of a newer schema, sealed as a backup (a newer Reflect made it).
fn newer_schema_backup(dir: &Path) -> Vec<u8> {
    let path = dir.join("newer.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (x INTEGER);").unwrap();
    conn.pragma_update(None, "user_version", migrate::latest_version() + 1)
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(&path).unwrap();
    backup::seal(
        &bytes,
        BackupKind::Manual,
        Utc::now(),
        migrate::latest_version() + 1,
        None,
    )
    .unwrap()
}

#[test]
fn damaged_foreign_and_newer_backups_are_refused_and_nothing_changes_at_the_target() {
    let (dir, store, _) = journal();
    let good = std::fs::read(store.backup_now(None, Utc::now()).unwrap().path).unwrap();
    let raw_db = std::fs::read(store.path()).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 100;
    flipped[last] ^= 0x55;
    let header_end = good.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
    let text = String::from_utf8_lossy(&good[..header_end]).into_owned();
    let other_format = [
        text.replace("format: 1", "format: 2").as_bytes(),
        &good[header_end..],
    ]
    .concat();
    let mut garbage = vec![0u8; 4096];
    for (i, b) in garbage.iter_mut().enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    // A sound header over bytes that are not SQLite: only the integrity check can tell.
    let not_sqlite = backup::seal(&garbage, BackupKind::Manual, Utc::now(), 5, None).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "file"),
        ("truncated", good[..good.len() / 2].to_vec(), "file"),
        ("header only", good[..header_end].to_vec(), "file"),
        ("garbage", garbage.clone(), "file"),
        ("a journal, not a backup", raw_db, "file"),
        ("a flipped byte", flipped, "file"),
        ("another format", other_format, "file"),
        ("not SQLite inside", not_sqlite, "file"),
        ("a newer schema", newer_schema_backup(dir.path()), "file"),
    ];
    let root = tempfile::tempdir().unwrap();
    // A folder, not a file.
    let err = Store::restore_backup(root.path(), &root.path().join("t"), None, false, Utc::now())
        .unwrap_err();
    assert_eq!(err.field(), Some("file"), "{err}");
    let (_t, mut existing) = set_up();
    existing
        .save_reflection(&input("Mine", "Already here."))
        .unwrap();
    let existing_dir = existing.path().parent().unwrap().to_path_buf();
    drop(existing);
    let before = snapshot_of(&existing_dir);
    for (what, bytes, field) in cases {
        assert!(Store::verify_backup(&bytes, None).is_err(), "{what}");
        let file = root.path().join(format!("{what}.reflectbackup"));
        std::fs::write(&file, &bytes).unwrap();
        let fresh_target = root.path().join(format!("target {what}"));
        let err = Store::restore_backup(&file, &fresh_target, None, false, Utc::now()).unwrap_err();
        assert_eq!(err.field(), Some(field), "{what}: {err}");
        assert!(
            err.to_string().contains("Nothing was changed"),
            "{what}: {err}"
        );
        assert!(!fresh_target.exists(), "{what}: no folder made");
        let err = Store::restore_backup(&file, &existing_dir, None, true, Utc::now()).unwrap_err();
        assert_eq!(err.field(), Some(field), "{what} over a journal: {err}");
        assert_eq!(
            snapshot_of(&existing_dir),
            before,
            "{what}: the journal is untouched"
        );
    }
}

#[test]
fn a_journal_in_the_way_is_refused_unless_replace_which_backs_it_up_first() {
    let (_a, store, _) = journal();
    let incoming = store.backup_now(None, Utc::now()).unwrap();
    let (_b, mut other) = set_up();
    other
        .save_reflection(&input("Only on the old laptop", "Keep me."))
        .unwrap();
    let target = other.path().parent().unwrap().to_path_buf();
    drop(other);
    let before = snapshot_of(&target);
    let err = Store::restore_backup(Path::new(&incoming.path), &target, None, false, Utc::now())
        .unwrap_err();
    assert_eq!(err.field(), Some("replace"), "{err}");
    assert_eq!(snapshot_of(&target), before, "refused: nothing changed");

    let outcome =
        Store::restore_backup(Path::new(&incoming.path), &target, None, true, Utc::now()).unwrap();
    let kept = PathBuf::from(
        outcome
            .replaced_backup
            .expect("the replaced journal's backup"),
    );
    assert!(
        kept.starts_with(target.join("backups")),
        "{}",
        kept.display()
    );
    assert!(kept.to_string_lossy().contains("before-restore"));
    assert_eq!(titles(&Store::open_dir(&target).unwrap()), titles(&store));
    // The replaced journal is in that backup, and restores.
    let elsewhere = tempfile::tempdir().unwrap();
    Store::restore_backup(&kept, elsewhere.path(), None, false, Utc::now()).unwrap();
    assert_eq!(
        titles(&Store::open_dir(elsewhere.path()).unwrap()),
        vec!["Only on the old laptop".to_string()]
    );
}

#[test]
fn a_damaged_journal_in_the_way_is_copied_aside_raw_before_it_is_replaced() {
    let (_a, store, _) = journal();
    let incoming = store.backup_now(None, Utc::now()).unwrap();
    let target = tempfile::tempdir().unwrap();
    let db = target.path().join("reflect.db");
    std::fs::write(&db, b"this is not a database at all, only damage").unwrap();
    let outcome = Store::restore_backup(
        Path::new(&incoming.path),
        target.path(),
        None,
        true,
        Utc::now(),
    )
    .unwrap();
    let kept = PathBuf::from(outcome.replaced_backup.unwrap());
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        b"this is not a database at all, only damage"
    );
    assert_eq!(
        titles(&Store::open_dir(target.path()).unwrap()),
        titles(&store)
    );
}

fn day(d: &str) -> DateTime<Utc> {
    at(&format!("{d}T02:00:00Z"))
}

#[test]
fn retention_keeps_seven_daily_and_the_newest_of_each_of_four_earlier_iso_weeks() {
    let nov: Vec<String> = (1..=30).map(|d| format!("2026-11-{d:02}")).collect();
    let nov_refs: Vec<&str> = nov.iter().map(String::as_str).collect();
    // (what, days given, kept as daily, kept as weekly); every other day is pruned.
    type Case<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "fewer than seven",
            nov_refs[..5].to_vec(),
            nov_refs[..5].to_vec(),
            vec![],
        ),
        (
            "a month of days",
            nov_refs.clone(),
            nov_refs[23..].to_vec(),
            vec!["2026-11-22", "2026-11-15", "2026-11-08", "2026-11-01"],
        ),
        (
            // Nov 23 is in the week of the oldest daily one (Tue 24): not a weekly.
            "nine days",
            nov_refs[21..].to_vec(),
            nov_refs[23..].to_vec(),
            vec!["2026-11-22"],
        ),
        (
            // ISO week 53 of 2026 runs from Mon 28 Dec to Sun 3 Jan 2027.
            "across the new year",
            vec![
                "2027-01-11",
                "2027-01-12",
                "2027-01-13",
                "2027-01-14",
                "2027-01-15",
                "2027-01-16",
                "2027-01-17",
                "2027-01-04",
                "2027-01-03",
                "2026-12-28",
                "2026-12-21",
                "2026-12-14",
                "2026-12-07",
            ],
            vec![
                "2027-01-11",
                "2027-01-12",
                "2027-01-13",
                "2027-01-14",
                "2027-01-15",
                "2027-01-16",
                "2027-01-17",
            ],
            vec!["2027-01-04", "2027-01-03", "2026-12-21", "2026-12-14"],
        ),
    ];
    for (what, given, daily, weekly) in cases {
        let times: Vec<DateTime<Utc>> = given.iter().map(|d| day(d)).collect();
        let plan = retention::plan(&times);
        for (d, keep) in given.iter().zip(plan) {
            let expected = if daily.contains(d) {
                retention::Keep::Daily
            } else if weekly.contains(d) {
                retention::Keep::Weekly
            } else {
                retention::Keep::Prune
            };
            assert_eq!(keep, expected, "{what}: {d}");
        }
    }
}

#[test]
fn daily_backups_over_forty_days_leave_seven_daily_four_weekly_and_everything_else_alone() {
    let (dir, mut store, _) = journal();
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    // Not Reflect's: a name like a backup with other contents, and another file.
    let impostor = folder.join(backup::file_name(BackupKind::Daily, day("2026-10-01")));
    std::fs::write(&impostor, b"my own notes").unwrap();
    std::fs::write(folder.join("notes.txt"), b"keep").unwrap();
    let manual = store.backup_now(None, day("2026-10-02")).unwrap();
    // What a process killed mid-backup left: removed once it is an hour old, not before.
    let stale = dir.path().join(".reflect-snapshot-killed.part");
    let fresh_part = dir.path().join(".reflect-snapshot-running.part");
    std::fs::write(&stale, b"half").unwrap();
    std::fs::write(&fresh_part, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    let start = day("2026-10-05");
    let mut made = 0;
    for i in 0..40 {
        let now = start + Duration::days(i);
        assert!(store.daily_backup(now).unwrap().is_some(), "day {i}");
        made += 1;
        assert!(
            store
                .daily_backup(now + Duration::hours(23))
                .unwrap()
                .is_none(),
            "not twice in 24 hours"
        );
    }
    assert_eq!(made, 40);
    let list = store.list_backups().unwrap();
    let count = |k: BackupKind| list.iter().filter(|b| b.kind == k).count();
    assert_eq!(count(BackupKind::Daily), 7, "{list:#?}");
    assert_eq!(count(BackupKind::Weekly), 4, "{list:#?}");
    assert_eq!(count(BackupKind::Manual), 1);
    assert_eq!(list.first().unwrap().created, "2026-11-13T02:00:00.000Z");
    assert!(Path::new(&manual.path).exists());
    assert_eq!(std::fs::read(&impostor).unwrap(), b"my own notes");
    assert!(folder.join("notes.txt").exists());
    assert!(!stale.exists() && fresh_part.exists());
    let status = store.backup_status().unwrap();
    assert_eq!(status.last.unwrap().created, "2026-11-13T02:00:00.000Z");
}

#[test]
fn eight_stores_opening_at_once_make_one_daily_backup() {
    let (dir, store, _) = journal();
    drop(store);
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let path = dir.path().to_path_buf();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut s = Store::open_dir(&path).unwrap();
                barrier.wait();
                s.daily_backup(now).unwrap().is_some()
            })
        })
        .collect();
    let made = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|m| *m)
        .count();
    assert_eq!(made, 1);
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.list_backups().unwrap().len(), 1);
}

#[test]
fn a_failed_daily_backup_is_an_error_to_report_and_is_tried_again_at_the_next_open() {
    let (dir, mut store, _) = journal();
    let chosen = dir.path().join("usb stick");
    store.set_backup_folder(Some(&chosen)).unwrap();
    std::fs::remove_dir_all(&chosen).unwrap();
    std::fs::write(&chosen, b"a file where the folder was").unwrap();
    let now = Utc::now();
    assert!(store.daily_backup(now).is_err());
    assert!(store.daily_backup(now).is_err(), "the claim was given back");
    // The journal still works, and opens again.
    store
        .save_reflection(&input("Still saving", "Yes."))
        .unwrap();
    drop(store);
    let mut again = Store::open_dir(dir.path()).unwrap();
    again.set_backup_folder(None).unwrap();
    assert!(again.daily_backup(now).unwrap().is_some());
}

#[test]
fn a_folder_must_be_a_full_path_that_takes_a_file() {
    let (dir, mut store, _) = journal();
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, b"x").unwrap();
    for (what, folder) in [
        ("relative", PathBuf::from("backups/here")),
        ("under a file", a_file.join("sub")),
    ] {
        let err = store.set_backup_folder(Some(&folder)).unwrap_err();
        assert_eq!(err.field(), Some("folder"), "{what}: {err}");
    }
    assert!(store.backup_settings().unwrap().default_folder);
    let chosen = dir.path().join("OneDrive").join("Reflect");
    let s = store.set_backup_folder(Some(&chosen)).unwrap();
    assert_eq!(s.folder, chosen.to_string_lossy());
    let info = store.backup_now(None, Utc::now()).unwrap();
    assert!(Path::new(&info.path).starts_with(&chosen));
}

#[test]
fn a_backup_taken_while_another_store_writes_is_consistent() {
    let (dir, store, _) = journal();
    let path = dir.path().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut w = Store::open_dir(&path).unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 2000 {
                w.save_reflection(&input(&format!("Written while backing up {n}"), "Text."))
                    .unwrap();
                n += 1;
            }
            n
        })
    };
    let mut seen = Vec::new();
    for _ in 0..6 {
        let info = store.backup_now(None, Utc::now()).unwrap();
        let bytes = std::fs::read(&info.path).unwrap();
        let verified = Store::verify_backup(&bytes, None).unwrap();
        let db = dir.path().join("check.db");
        std::fs::write(&db, &verified.database).unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM reflection", [], |r| r.get(0))
            .unwrap();
        drop(conn);
        std::fs::remove_file(&db).unwrap();
        seen.push(n);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(written > 0);
}

#[cfg(unix)]
#[test]
fn backups_are_0600_in_a_0700_folder_and_a_migration_backs_up_there_first() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (dir, mut store, _) = journal();
    store
        .set_backup_passphrase(Some("correct horse battery"))
        .unwrap();
    let info = store.backup_now(None, Utc::now()).unwrap();
    assert_eq!(mode(Path::new(&info.path)), 0o600);
    assert_eq!(mode(&dir.path().join("backups")), 0o700);
    let out = dir.path().join("exported.reflectbackup");
    store.backup_now(Some(&out), Utc::now()).unwrap();
    assert_eq!(mode(&out), 0o600);
    let daily = store.daily_backup(Utc::now()).unwrap().unwrap();
    assert_eq!(mode(Path::new(&daily.path)), 0o600);

    // Before a migration: a before-upgrade backup in the folder, 0600, of the older journal.
    let older = tempfile::tempdir().unwrap();
    let db = older.path().join("reflect.db");
    let previous = &migrate::MIGRATIONS[..migrate::MIGRATIONS.len() - 1];
    drop(Store::open_with(&db, previous).unwrap());
    drop(Store::open(&db).unwrap());
    let made: Vec<_> = std::fs::read_dir(older.path().join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let name = made[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("-before-upgrade.reflectbackup"), "{name}");
    assert_eq!(mode(&made[0]), 0o600);
    let v = Store::verify_backup(&std::fs::read(&made[0]).unwrap(), None).unwrap();
    assert_eq!(v.header.schema, previous.last().unwrap().version);
    assert_eq!(v.header.kind, BackupKind::BeforeUpgrade);
}

#[test]
fn names_are_reflects_own_and_nothing_else_parses() {
    let t = at("2026-12-02T02:15:00.123Z");
    let name = backup::file_name(BackupKind::BeforeUpgrade, t);
    assert_eq!(
        name,
        "reflect-20261202T021500.123Z-before-upgrade.reflectbackup"
    );
    assert_eq!(
        backup::parse_file_name(&name),
        Some((t, BackupKind::BeforeUpgrade))
    );
    for other in [
        "reflect-20261202T021500.123Z-weekly.reflectbackup",
        "reflect-20261202T021500.123Z-daily.reflectbackup.txt",
        "reflect-20261302T021500.123Z-daily.reflectbackup",
        "Reflect-20261202T021500.123Z-daily.reflectbackup",
        "reflect-20261202T021500Z-daily.reflectbackup",
        "reflect-20261202T021500.123Z-daily-copy.reflectbackup",
        "reflect-2026120é021500.123Z-daily.reflectbackup",
        "",
    ] {
        assert_eq!(backup::parse_file_name(other), None, "{other}");
    }
}

#[test]
fn inspect_never_panics_on_mutated_headers() {
    let (_d, store, _) = journal();
    let good = std::fs::read(store.backup_now(None, Utc::now()).unwrap().path).unwrap();
    let header_end = good.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
    let mut seed = 0x2545_f491_u64;
    for _ in 0..3000 {
        let mut b = good[..header_end + 64].to_vec();
        for _ in 0..(seed % 4 + 1) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % b.len();
            b[i] = (seed >> 32) as u8;
        }
        assert!(backup::inspect(&b, Some("any passphrase")).is_err());
    }
}

/// The committed fixtures (tests/fixtures/backups/): format 1 must keep restoring forever.
/// `REFLECT_UPDATE_BACKUP_FIXTURES=1` writes them (only ever to add a new fixture).
#[test]
fn the_committed_format_1_fixtures_restore() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/backups");
    const PASSPHRASE: &str = "fixture passphrase 1";
    if std::env::var_os("REFLECT_UPDATE_BACKUP_FIXTURES").is_some() {
        let (_d, mut store, _) = journal();
        let t = at("2026-12-02T02:00:00.000Z");
        store
            .backup_now(Some(&fixtures.join("plain-1.reflectbackup")), t)
            .unwrap();
        store.set_backup_passphrase(Some(PASSPHRASE)).unwrap();
        store
            .backup_now(Some(&fixtures.join("age-1.reflectbackup")), t)
            .unwrap();
        let expect = serde_json::json!({
            "public_key": store.public_key().unwrap(),
            "titles": titles(&store),
            "passphrase": PASSPHRASE,
        });
        std::fs::write(fixtures.join("expected.json"), format!("{expect:#}\n")).unwrap();
    }
    let expect: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("expected.json")).unwrap())
            .unwrap();
    for (file, passphrase) in [
        ("plain-1.reflectbackup", None),
        ("age-1.reflectbackup", Some(PASSPHRASE)),
    ] {
        let target = tempfile::tempdir().unwrap();
        let outcome = Store::restore_backup(
            &fixtures.join(file),
            target.path(),
            passphrase,
            false,
            Utc::now(),
        )
        .unwrap();
        assert_eq!(outcome.created, "2026-12-02T02:00:00.000Z", "{file}");
        assert_eq!(outcome.encrypted, passphrase.is_some());
        let mut s = Store::open_dir(target.path()).unwrap();
        assert_eq!(s.public_key().unwrap(), expect["public_key"], "{file}");
        assert_eq!(serde_json::json!(titles(&s)), expect["titles"], "{file}");
        assert_eq!(s.schema_version().unwrap(), migrate::latest_version());
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_journal_can_still_be_backed_up() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, store, _) = journal();
    let expected = titles(&store);
    let db = store.path().to_path_buf();
    drop(store);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    assert!(store.read_only().is_some());
    let info = store.backup_now(None, Utc::now()).unwrap();
    let target = tempfile::tempdir().unwrap();
    Store::restore_backup(
        Path::new(&info.path),
        target.path(),
        None,
        false,
        Utc::now(),
    )
    .unwrap();
    assert_eq!(titles(&Store::open_dir(target.path()).unwrap()), expected);
}
