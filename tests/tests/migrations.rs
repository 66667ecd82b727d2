//! Migrations: a fresh database, upgrade from every earlier version, rollback of a failed
//! migration, refusal of a newer database, and the connection settings.

use reflect_core::migrate::{self, Migration, MIGRATIONS};
use reflect_core::{Error, Store};
use rusqlite::Connection;

#[test]
fn a_fresh_database_reaches_the_latest_version_with_durable_settings() {
    let (_dir, store) = reflect_tests::fresh();
    assert_eq!(store.schema_version().unwrap(), migrate::latest_version());
    let conn = Connection::open(store.path()).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Built-in frameworks are installed on first open.
    assert_eq!(store.list_frameworks().unwrap().len(), 4);
}

#[test]
fn the_migration_list_matches_the_files_in_schema() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<String> = MIGRATIONS.iter().map(|m| m.name.to_string()).collect();
    assert_eq!(
        files, listed,
        "every schema/NNNN_*.sql is listed in migrate::MIGRATIONS, in order"
    );
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version, i as i64 + 1, "versions are consecutive");
        assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        let on_disk = std::fs::read_to_string(dir.join(m.name)).unwrap();
        assert_eq!(on_disk, m.sql, "the embedded migration is the file");
    }
}

#[test]
fn upgrades_from_every_earlier_version_keep_data_and_copy_the_file_aside() {
    for from in 0..MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reflect.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate::run(&mut conn, &MIGRATIONS[..from]).unwrap();
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS canary (x TEXT); INSERT INTO canary VALUES ('kept');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            migrate::latest_version(),
            "from version {from}"
        );
        let conn = Connection::open(&path).unwrap();
        let kept: String = conn
            .query_row("SELECT x FROM canary", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "kept");
        // In the backup folder, as a real backup (schema/backup-format-1.md).
        let backups = std::fs::read_dir(dir.path().join("backups"))
            .map(|d| {
                d.flatten()
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .ends_with("-before-upgrade.reflectbackup")
                    })
                    .count()
            })
            .unwrap_or(0);
        // A database with a schema is copied aside before it is changed; a brand-new one is not.
        assert_eq!(
            backups,
            usize::from(from > 0),
            "backups when upgrading from {from}"
        );
    }
}

#[test]
fn a_failing_migration_rolls_back_completely() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reflect.db");
    let before = {
        let store = Store::open(&path).unwrap();
        store.schema_version().unwrap()
    };
    let broken = Migration {
        version: before + 1,
        name: "9999_broken.sql",
        sql: "CREATE TABLE half_done (x TEXT); INSERT INTO no_such_table VALUES (1);",
    };
    let mut list = MIGRATIONS.to_vec();
    list.push(broken);
    let err = Store::open_with(&path, &list).unwrap_err();
    assert!(
        matches!(err, Error::Migration { version, .. } if version == before + 1),
        "{err}"
    );
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, before);
    let half: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(half, 0, "the partial table was rolled back");
    // And the database still opens normally.
    Store::open(&path).unwrap();
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reflect.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
        conn.pragma_update(None, "user_version", migrate::latest_version() + 5)
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    match &err {
        Error::DatabaseTooNew {
            found, supported, ..
        } => {
            assert_eq!(*found, migrate::latest_version() + 5);
            assert_eq!(*supported, migrate::latest_version());
        }
        other => panic!("expected DatabaseTooNew, got {other}"),
    }
    assert!(err.to_string().contains("has not been changed"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is byte-for-byte unchanged"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["reflect.db".to_string()], "no backup made");
}
