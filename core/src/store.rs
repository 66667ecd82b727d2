//! Opening the database: where it lives, connection settings, backup before upgrade, migrations,
//! and the built-in frameworks. The per-aggregate SQL lives in `storage/`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::encryption::{DataKey, Unlock};
use crate::error::{Error, Result};
use crate::files::{make_dir_private, make_file_private};
use crate::migrate::{self, Migration, MIGRATIONS};
use crate::storage::encryption::open::{apply_key, key_for, JournalLock};
use crate::storage::labels::Labels;

/// The app identifier: the folder name under the OS data directory (also Tauri's identifier).
pub const APP_ID: &str = "app.reflect.journal";
/// The database file inside the data directory.
pub const DB_FILE: &str = "reflect.db";
/// A small file in the data directory, written after the first successful open: the folder held
/// a journal, so a missing or emptied `reflect.db` is reported instead of replaced.
pub const JOURNAL_MARKER: &str = ".reflect-journal";
/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "REFLECT_DATA_DIR";

/// How long a connection waits for another writer (the CLI while the app is open).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The data directory: `explicit` if given, else `$REFLECT_DATA_DIR`, else the OS data
/// directory (`$XDG_DATA_HOME/app.reflect.journal` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join(APP_ID)).ok_or_else(|| {
        Error::invalid(
            "data_dir",
            format!(
                "No data directory is known for this system: pass --data-dir or set {DATA_DIR_ENV}"
            ),
        )
    })
}

pub use crate::files::file_stem;

/// Current time, UTC, as stored.
pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An open journal database.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    /// Why the journal is read-only (damaged, or its file or folder cannot be written), if it is.
    pub(crate) read_only: Option<String>,
    /// Framework labels for tags, loaded on first use and dropped whenever a framework changes.
    labels: RefCell<Option<Arc<Labels>>>,
    /// The data key of an encrypted journal (wiped when the store is dropped).
    pub(crate) key: Option<DataKey>,
    /// A shared lock on the journal (`reflect.lock`), held while open, so that turning
    /// encryption on or off (which needs the file to itself) waits or is refused.
    pub(crate) lock: Option<JournalLock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if needed) the journal in a data directory. The folder is made private
    /// (0700) and remembers that it held a journal: a missing or 0-byte `reflect.db` in a folder
    /// that held one is refused ([`Error::JournalMissing`]), never replaced by an empty journal.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        Store::open_dir_with(dir, Unlock::Nothing)
    }

    /// [`Store::open_dir`] for a journal that may be encrypted: `unlock` is the passphrase, the
    /// recovery code, or nothing (a plain journal, or one whose key the OS keystore holds). An
    /// encrypted journal without a way in is [`Error::Locked`]; a wrong passphrase or code is
    /// `Invalid { passphrase | recovery_code }`, counted, and the next try waits longer.
    pub fn open_dir_with(dir: &Path, unlock: Unlock) -> Result<Store> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::invalid(
                "data_dir",
                format!(
                    "The data folder {} is a file, not a folder: choose another folder with \
                     --data-dir DIR or REFLECT_DATA_DIR (the app uses REFLECT_DATA_DIR), or move \
                     the file away. Nothing was changed",
                    dir.display()
                ),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            action: "create the data directory",
            path: dir.to_path_buf(),
            source,
        })?;
        // Best effort: a folder owned by someone else cannot be tightened, and still opens.
        let _ = make_dir_private(dir);
        let db = dir.join(DB_FILE);
        let marker = dir.join(JOURNAL_MARKER);
        if marker.exists() {
            let state = match std::fs::metadata(&db) {
                Err(_) => Some("missing"),
                Ok(m) if m.len() == 0 => Some("empty (0 bytes)"),
                Ok(_) => None,
            };
            if let Some(state) = state {
                return Err(Error::JournalMissing { path: db, state });
            }
        }
        let lock = JournalLock::shared(&db)?;
        let key = key_for(&db, unlock)?;
        let mut store = Store::open_keyed(&db, MIGRATIONS, key)?;
        store.lock = Some(lock);
        if store.read_only.is_none() && !marker.exists() {
            crate::files::write_atomically(&marker, b"This folder holds a Reflect journal.\n")?;
        }
        Ok(store)
    }

    /// Open (creating if needed) a journal database file, upgrading it if it is older.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, MIGRATIONS)
    }

    /// Open with an explicit migration list (the production list is [`MIGRATIONS`]).
    /// The file is checked (`PRAGMA quick_check`): a damaged journal, or one whose file or folder
    /// cannot be written, opens read-only ([`Store::read_only`] says why; writes are refused).
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        let key = match crate::encryption::journal_kind(path)? {
            crate::encryption::JournalKind::Encrypted => key_for(path, Unlock::Nothing)?,
            _ => None,
        };
        Store::open_keyed(path, migrations, key)
    }

    /// Open with the data key of an encrypted journal (`None` for a plain one).
    pub(crate) fn open_keyed(
        path: &Path,
        migrations: &[Migration],
        key: Option<DataKey>,
    ) -> Result<Store> {
        let mut read_only = unwritable(path);
        let mut conn = match read_only {
            Some(_) => open_read_only(path)?,
            None => Connection::open(path)?,
        };
        apply_key(&conn, key.as_ref())?;
        wait_for_writers(&mut conn)?;
        // Read the version before anything writes: a newer database is left exactly as it was.
        let found = migrate::schema_version(&conn).map_err(|e| not_a_database(path, e))?;
        migrate::check_not_newer(path, found, migrations)?;
        if found > 0 {
            if let Some(problem) = quick_check(&conn) {
                read_only = Some(damaged(path, &problem));
                conn = open_read_only(path)?;
                apply_key(&conn, key.as_ref())?;
                wait_for_writers(&mut conn)?;
            }
        }
        let target = migrations.last().map_or(0, |m| m.version);
        if let Some(reason) = &read_only {
            if found < target {
                return Err(Error::ReadOnly {
                    reason: format!("{reason}, and it needs an upgrade that cannot be written"),
                });
            }
            configure_reads(&conn)?;
            return Ok(Store {
                conn,
                path: path.to_path_buf(),
                read_only,
                labels: RefCell::new(None),
                key,
                lock: None,
            });
        }
        configure(&conn)?;
        make_journal_private(path)?;
        if found > 0 && found < target {
            backup_before_upgrade(&conn, path, key.as_ref())?;
        }
        migrate::run(&mut conn, migrations)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: None,
            labels: RefCell::new(None),
            key,
            lock: None,
        };
        // Every schema from version 1 on has the framework tables.
        if target >= 1 {
            store.install_builtin_frameworks()?;
        }
        Ok(store)
    }

    /// Why the journal is read-only (it is damaged, or its file or folder cannot be written), or
    /// `None` when it can be written. Every write is refused with [`Error::ReadOnly`] while set.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Run `f` in one write transaction and commit it (nothing is written if `f` fails).
    /// IMMEDIATE: the write lock is taken first, waiting up to the busy timeout for another
    /// writer, so a read inside `f` never has to be upgraded to a write ("database is locked").
    /// A read-only journal refuses before anything starts; a write that fails reporting damage
    /// checks the file, and a damaged journal becomes read-only.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        if let Some(reason) = &self.read_only {
            return Err(Error::ReadOnly {
                reason: reason.clone(),
            });
        }
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        match result {
            Err(Error::Database(e)) => Err(self.after_failed_write(e)),
            other => other,
        }
    }

    /// A write failed in SQLite: if it reports damage and the check confirms it, or the file
    /// cannot be written, the journal becomes read-only and the error says so plainly.
    fn after_failed_write(&mut self, e: rusqlite::Error) -> Error {
        let reason = match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                quick_check(&self.conn).map(|problem| damaged(&self.path, &problem))
            }
            Some(ErrorCode::ReadOnly) => Some(format!(
                "The journal {} cannot be written (its file or folder is read-only)",
                self.path.display()
            )),
            _ => None,
        };
        match reason {
            Some(reason) => {
                self.read_only = Some(reason.clone());
                Error::ReadOnly { reason }
            }
            None => Error::Database(e),
        }
    }

    /// Framework labels (cached; frameworks change rarely).
    pub(crate) fn labels(&self) -> Result<Arc<Labels>> {
        if let Some(l) = self.labels.borrow().as_ref() {
            return Ok(Arc::clone(l));
        }
        let loaded = Arc::new(Labels::load(&self.conn)?);
        *self.labels.borrow_mut() = Some(Arc::clone(&loaded));
        Ok(loaded)
    }

    /// Forget cached framework labels (after any framework write).
    pub(crate) fn frameworks_changed(&self) {
        *self.labels.borrow_mut() = None;
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQLite's full `PRAGMA integrity_check` of the open journal: `"ok"`, or what it found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut st = self.conn.prepare("PRAGMA integrity_check(20)")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows.join("; "))
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        migrate::schema_version(&self.conn)
    }
}

/// Wait up to [`BUSY_TIMEOUT`] for another writer, trying for the lock every millisecond or so.
/// SQLite's own busy timeout backs off to 100 ms between tries, so a connection that has waited a
/// while loses every race to writers that have just started waiting: with eight busy writers
/// (four CLI processes and four stores) about one save a minute waited out the 5 s and failed as
/// "database is locked". Polling often, at slightly varied intervals, gives every waiter a fair
/// chance at each commit (`make bench`'s eight writers; `tests/tests/concurrency.rs`).
/// SQLite saying the file is not a database, as the person can act on: the path and what to do.
fn not_a_database(path: &Path, e: Error) -> Error {
    match e {
        Error::Database(ref d) if d.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            Error::NotAJournal {
                path: path.to_path_buf(),
                problem: "is not a Reflect journal: it is not a database file".into(),
            }
        }
        other => other,
    }
}

fn wait_for_writers(conn: &mut Connection) -> Result<()> {
    let mut started = Instant::now();
    conn.busy_handler(Some(move |count: i32| {
        if count == 0 {
            started = Instant::now();
        }
        if started.elapsed() >= BUSY_TIMEOUT {
            return false;
        }
        let step = u64::from(count.unsigned_abs() % 7);
        std::thread::sleep(Duration::from_micros(500 + step * 250));
        true
    }))?;
    Ok(())
}

/// Connection settings for durability and integrity (see ARCHITECTURE.md, "Durability").
fn configure(conn: &Connection) -> Result<()> {
    let mode = switch_to_wal(conn)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Corrupt(format!(
            "could not switch the database to WAL mode (it reports '{mode}')"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    configure_reads(conn)
}

/// Memory-map at least this much of the journal, and the whole file plus this much room to grow.
const MMAP_MIN: i64 = 256 * 1024 * 1024;

/// Settings for reading, on every connection: foreign keys, a page cache that holds a large
/// journal (negative = KiB), memory-mapped reads over the whole file (so a search does not copy
/// pages through read(2); writes still go through the WAL), and the statement cache.
fn configure_reads(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -32_768)?;
    let size: i64 = conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get(0),
    )?;
    conn.pragma_update(
        None,
        "mmap_size",
        size.saturating_add(MMAP_MIN).max(MMAP_MIN),
    )?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Switch the journal to WAL (once: the mode is kept in the file) and say the mode it is in.
/// The switch needs the file to itself, and SQLite reports "database is locked" at once, without
/// the busy handler, while another opener is reading or switching it too (several processes
/// opening a new journal together): so it is tried again for up to the busy timeout.
fn switch_to_wal(conn: &Connection) -> Result<String> {
    let started = Instant::now();
    loop {
        let mode: rusqlite::Result<String> = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .and_then(|m: String| {
                if m.eq_ignore_ascii_case("wal") {
                    Ok(m)
                } else {
                    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                }
            });
        match mode {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            other => return Ok(other?),
        }
    }
}

/// Open a journal that must not be written.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Ok(Connection::open_with_flags(path, flags)?)
}

/// Why an existing journal cannot be written, judged by the permission bits of the file and its
/// folder (so a read-only file opens read-only even for a user who could override its mode).
fn unwritable(path: &Path) -> Option<String> {
    let file = std::fs::metadata(path).ok()?;
    if file.permissions().readonly() {
        return Some(format!(
            "The journal {} is read-only (the file cannot be written)",
            path.display()
        ));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
    match std::fs::metadata(dir) {
        Ok(m) if m.permissions().readonly() => Some(format!(
            "The journal {} is read-only (its folder {} cannot be written)",
            path.display(),
            dir.display()
        )),
        _ => None,
    }
}

/// `PRAGMA quick_check`: `None` when the file is sound, else what the check found.
pub(crate) fn quick_check(conn: &Connection) -> Option<String> {
    let rows = conn.prepare("PRAGMA quick_check(5)").and_then(|mut st| {
        st.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    });
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => None,
        Ok(rows) => Some(rows.join("; ").replace('\n', " ")),
        Err(e) => Some(e.to_string().replace('\n', " ")),
    }
}

/// The plain reason a damaged journal is read-only.
fn damaged(path: &Path, problem: &str) -> String {
    format!(
        "The journal {} is damaged, so it is open read-only: reading and exports still work where \
         the file can be read, and nothing can be saved (the check found: {problem})",
        path.display()
    )
}

/// The journal and its `-wal` and `-shm` files: 0600, whatever the umask.
fn make_journal_private(path: &Path) -> Result<()> {
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    for file in files {
        match make_file_private(&file) {
            // A journal owned by another user cannot be tightened by this one; it still opens.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {}
            other => other.map_err(|source| Error::Io {
                action: "make private",
                path: file.clone(),
                source,
            })?,
        }
    }
    Ok(())
}

/// Back the database up before migrating it: a real backup (`BackupKind::BeforeUpgrade`, in the
/// backup folder, encrypted when a passphrase is set, 0600), never pruned.
fn backup_before_upgrade(conn: &Connection, path: &Path, key: Option<&DataKey>) -> Result<PathBuf> {
    crate::storage::backups::write::before_upgrade(conn, path, key)
}
