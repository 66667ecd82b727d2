//! Opening the database: where it lives, connection settings, backup before upgrade, migrations,
//! and the built-in frameworks. The per-aggregate SQL lives in `storage/`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::migrate::{self, Migration, MIGRATIONS};
use crate::storage::labels::Labels;

/// The app identifier: the folder name under the OS data directory (also Tauri's identifier).
pub const APP_ID: &str = "app.reflect.journal";
/// The database file inside the data directory.
pub const DB_FILE: &str = "reflect.db";
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
    path: PathBuf,
    /// Framework labels for tags, loaded on first use and dropped whenever a framework changes.
    labels: RefCell<Option<Arc<Labels>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if needed) the journal in a data directory.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            action: "create the data directory",
            path: dir.to_path_buf(),
            source,
        })?;
        Store::open(&dir.join(DB_FILE))
    }

    /// Open (creating if needed) a journal database file, upgrading it if it is older.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, MIGRATIONS)
    }

    /// Open with an explicit migration list (the production list is [`MIGRATIONS`]).
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read the version before anything writes: a newer database is left exactly as it was.
        let found = migrate::schema_version(&conn)?;
        migrate::check_not_newer(path, found, migrations)?;
        configure(&conn)?;
        let target = migrations.last().map_or(0, |m| m.version);
        if found > 0 && found < target {
            backup_before_upgrade(&conn, path, found, target)?;
        }
        migrate::run(&mut conn, migrations)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            labels: RefCell::new(None),
        };
        // Every schema from version 1 on has the framework tables.
        if target >= 1 {
            store.install_builtin_frameworks()?;
        }
        Ok(store)
    }

    /// Run `f` in one write transaction and commit it (nothing is written if `f` fails).
    /// IMMEDIATE: the write lock is taken first, waiting up to the busy timeout for another
    /// writer, so a read inside `f` never has to be upgraded to a write ("database is locked").
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
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

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        migrate::schema_version(&self.conn)
    }
}

/// Connection settings for durability and integrity (see ARCHITECTURE.md, "Durability").
fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Corrupt(format!(
            "could not switch the database to WAL mode (it reports '{mode}')"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Reads: a page cache that holds a large journal (negative = KiB), and memory-mapped reads so
    // listing does not copy every page through read(2). Writes still go through the WAL.
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Copy the database aside (a consistent snapshot via `VACUUM INTO`) before migrating it.
fn backup_before_upgrade(conn: &Connection, path: &Path, from: i64, to: i64) -> Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = format!(
        "{}.v{from}-before-v{to}-{stamp}.bak",
        path.file_name().and_then(|n| n.to_str()).unwrap_or(DB_FILE)
    );
    let backup = path.with_file_name(name);
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])?;
    Ok(backup)
}
