//! Damage and private files, on real journals in temporary folders: a damaged journal opens
//! read-only and refuses every write without touching the file; a folder that held a journal
//! refuses a missing or emptied one; a save that meets damage turns the journal read-only; a
//! read-only file or folder opens read-only; the folder is 0700 and the journal, its
//! `-wal`/`-shm`, exports and the pre-migration backup are 0600.

use std::path::Path;

use reflect_core::migrate::MIGRATIONS;
use reflect_core::store::{DB_FILE, JOURNAL_MARKER};
use reflect_core::{ReflectionQuery, Store};
use reflect_tests::{input, set_up};

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

/// A journal in its own folder with `n` reflections, closed (its WAL checkpointed into the file).
fn journal_with(n: usize) -> tempfile::TempDir {
    let (dir, mut store) = set_up();
    for i in 0..n {
        let text = format!("Reflection number {i}: what happened, what I learnt, what next.");
        store
            .save_reflection(&input(&format!("Shift {i}"), &text))
            .expect("save");
    }
    drop(store);
    dir
}

/// 512 deterministic bytes of garbage.
fn garbage() -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..512)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect()
}

fn write_garbage_at(path: &Path, offset: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open the journal file");
    f.seek(SeekFrom::Start(offset)).expect("seek");
    f.write_all(&garbage()).expect("write garbage");
    f.sync_all().expect("sync");
}

#[test]
fn a_damaged_journal_opens_read_only_reads_what_it_can_and_refuses_saves_without_writing() {
    const PAGE: u64 = 4096;
    let dir = journal_with(300);
    let db = dir.path().join(DB_FILE);
    let len = std::fs::metadata(&db).expect("journal").len();
    assert!(len > 20 * PAGE, "a few hundred reflections fill many pages");
    // The middle of the file, on a page boundary: a b-tree page's header is overwritten.
    write_garbage_at(&db, len / 2 / PAGE * PAGE);
    let before = std::fs::read(&db).expect("read");

    let mut store = Store::open_dir(dir.path()).expect("a damaged journal still opens");
    let reason = store.read_only().expect("read-only").to_string();
    assert!(reason.contains("damaged"), "{reason}");
    assert!(reason.contains(DB_FILE), "names the file: {reason}");

    // Reading works where SQLite can read; where it cannot, it fails with an error, no panic.
    match store.list_reflections(&ReflectionQuery::default()) {
        Ok(rows) => assert!(rows.len() <= 300),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    let _ = store.list_frameworks();

    let err = store
        .save_reflection(&input("After the damage", "Must not be written."))
        .expect_err("a save on a damaged journal is refused");
    assert_eq!(err.kind(), "read_only");
    let message = err.to_string();
    assert!(message.contains("damaged"), "{message}");
    assert!(message.contains("Nothing was changed"), "{message}");
    assert!(store.save_profile(&reflect_tests::profile()).is_err());
    drop(store);
    assert_eq!(
        std::fs::read(&db).expect("read"),
        before,
        "the damaged file's bytes are exactly as they were"
    );
}

#[test]
fn a_missing_or_emptied_journal_in_a_folder_that_held_one_is_reported_not_replaced() {
    type Damage = fn(&Path);
    let cases: [(&str, Damage, bool); 2] = [
        (
            "missing",
            |db| std::fs::remove_file(db).expect("remove"),
            false,
        ),
        (
            "empty (0 bytes)",
            |db| std::fs::write(db, b"").expect("truncate"),
            true,
        ),
    ];
    for (state, damage, file_remains) in cases {
        let dir = journal_with(3);
        assert!(dir.path().join(JOURNAL_MARKER).exists(), "{state}: marker");
        let db = dir.path().join(DB_FILE);
        damage(&db);
        let err = Store::open_dir(dir.path()).expect_err(state);
        assert_eq!(err.kind(), "journal_missing", "{state}");
        let message = err.to_string();
        for words in [DB_FILE, state, "moved or deleted", "Nothing was replaced"] {
            assert!(message.contains(words), "{state}: '{words}' in {message}");
        }
        assert_eq!(db.exists(), file_remains, "{state}: nothing created");
        if file_remains {
            assert_eq!(std::fs::metadata(&db).expect("file").len(), 0, "{state}");
        }
        for suffix in ["-wal", "-shm"] {
            let side = dir.path().join(format!("{DB_FILE}{suffix}"));
            assert!(!side.exists(), "{state}: no {suffix} created");
        }
    }
}

#[test]
fn a_new_folder_gets_a_journal_and_only_then_remembers_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("new");
    let store = Store::open_dir(&data).expect("a new folder opens a new journal");
    assert!(store.read_only().is_none());
    assert!(data.join(JOURNAL_MARKER).exists());
}

/// The journal's file or its folder without write permission bits. As root the kernel would
/// still allow writes, so Reflect reads the permission bits itself: this exercises the
/// read-only path even when the tests run as root.
#[cfg(unix)]
#[test]
fn a_read_only_file_or_folder_opens_read_only_reads_and_says_why_writes_cannot() {
    let cases: [(&str, bool, &str); 2] = [
        ("file 0400", false, "the file cannot be written"),
        ("folder 0500", true, "cannot be written"),
    ];
    for (name, folder, why) in cases {
        let dir = journal_with(5);
        let db = dir.path().join(DB_FILE);
        let target = if folder { dir.path() } else { db.as_path() };
        let mode = if folder { 0o500 } else { 0o400 };
        std::fs::set_permissions(target, std::fs::Permissions::from_mode(mode)).expect("chmod");

        let mut store = Store::open_dir(dir.path()).expect(name);
        let reason = store.read_only().expect("read-only").to_string();
        assert!(reason.contains(why), "{name}: {reason}");
        let rows = store
            .list_reflections(&ReflectionQuery::default())
            .expect("reading works");
        assert_eq!(rows.len(), 5, "{name}");
        let key = store
            .key_info()
            .expect("the key is shown (reflect key, Settings)");
        assert_eq!(key.fingerprint.len(), 35, "{name}");
        let err = store
            .save_reflection(&input("Blocked", "No."))
            .expect_err(name);
        assert_eq!(err.kind(), "read_only", "{name}");
        let message = err.to_string();
        assert!(message.contains("Nothing was changed"), "{name}: {message}");
        assert!(
            !message.contains("attempt to write a readonly database"),
            "{name}: {message}"
        );
        drop(store);
        let meta = std::fs::metadata(target).expect("meta");
        assert_eq!(
            meta.permissions().mode() & 0o777,
            mode,
            "{name}: not loosened"
        );
        std::fs::set_permissions(target, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn the_folder_is_0700_and_the_journal_and_its_wal_and_shm_are_0600() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("journal");
    let mut store = Store::open_dir(&data).expect("open");
    store.save_profile(&reflect_tests::profile()).expect("save");
    assert_eq!(mode(&data), 0o700, "folder");
    for name in [DB_FILE, "reflect.db-wal", "reflect.db-shm", JOURNAL_MARKER] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }
}

#[cfg(unix)]
#[test]
fn a_looser_existing_folder_and_journal_are_tightened_on_open() {
    let dir = journal_with(1);
    let db = dir.path().join(DB_FILE);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let store = Store::open_dir(dir.path()).expect("open");
    assert!(store.read_only().is_none());
    assert_eq!(mode(dir.path()), 0o700);
    assert_eq!(mode(&db), 0o600);
}

#[cfg(unix)]
#[test]
fn exports_are_0600_even_over_a_looser_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [("new.pdf", None), ("existing.csv", Some(0o644))];
    for (name, existing) in cases {
        let path = dir.path().join(name);
        if let Some(m) = existing {
            std::fs::write(&path, b"old").expect("write");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(m)).expect("chmod");
        }
        reflect_core::files::write_atomically(&path, b"export").expect("export");
        assert_eq!(mode(&path), 0o600, "{name}");
        assert_eq!(std::fs::read(&path).expect("read"), b"export");
    }
}

#[cfg(unix)]
#[test]
fn the_backup_before_a_migration_is_0600() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DB_FILE);
    let older = &MIGRATIONS[..MIGRATIONS.len() - 1];
    drop(Store::open_with(&path, older).expect("an older journal"));
    drop(Store::open_with(&path, MIGRATIONS).expect("upgraded"));
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy()
                .ends_with("-before-upgrade.reflectbackup")
        })
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(mode(&backups[0]), 0o600);
    assert_eq!(mode(&dir.path().join("backups")), 0o700);
}

#[test]
fn a_write_that_meets_damage_turns_the_journal_read_only() {
    const PAGE: u64 = 4096;
    let dir = journal_with(300);
    let db = dir.path().join(DB_FILE);
    let mut store = Store::open_dir(dir.path()).expect("a sound journal opens");
    assert!(store.read_only().is_none());
    // The journal is damaged while it is open: every page of the reflections table and its list
    // index (found with SQLite's `dbstat`; the schema pages are left sound so that another
    // writer can still commit).
    let pages: Vec<u32> = rusqlite::Connection::open(&db)
        .and_then(|c| {
            c.prepare(
                "SELECT pageno FROM dbstat WHERE name IN ('reflection', 'reflection_by_date')",
            )?
            .query_map([], |r| r.get(0))?
            .collect()
        })
        .expect("the table's pages");
    assert!(pages.len() > 10, "{pages:?}");
    for page in pages {
        write_garbage_at(&db, (u64::from(page) - 1) * PAGE);
    }
    // Another writer commits, so the store's page cache is dropped and it reads the file again.
    rusqlite::Connection::open(&db)
        .and_then(|c| c.execute_batch("CREATE TABLE poke (a)"))
        .expect("another writer");
    let err = store
        .save_reflection(&input("Into the damage", "Must not be written."))
        .expect_err("the save meets the damage");
    assert_eq!(err.kind(), "read_only", "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    let reason = store.read_only().expect("now read-only").to_string();
    assert!(reason.contains("damaged"), "{reason}");
    let again = store
        .save_reflection(&input("Again", "Refused before it starts."))
        .expect_err("refused");
    assert_eq!(again.kind(), "read_only");
}
