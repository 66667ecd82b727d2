//! Opening an encrypted journal: the key for the file that is there (by the salt at its head),
//! from the passphrase, the recovery code or the OS keystore; keying a connection; and the lock
//! file that keeps a conversion and every open store apart.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use crate::encryption::keyfile::{head, salt_of, SQLITE_HEADER};
use crate::encryption::{attempts, keystore, DataKey, KeyFile, RecoveryCode, Unlock, LOCK_FILE};
use crate::error::{Error, Result};
use crate::files::make_file_private;

/// SQLCipher's settings for every journal keyed under key file format 1, which `PRAGMA key` must
/// be followed by on every connection (they are not kept in the file): 1 KiB pages and
/// HMAC-SHA256 (SQLCipher 4's defaults otherwise: AES-256-CBC, a random IV per page write).
/// Smaller pages mean fewer bytes encrypted and authenticated for each page a save changes
/// (most are index pages with a few bytes new), and SHA-256 runs on the CPU's SHA extensions:
/// together they keep a durable save within 1.3× of an unencrypted journal's
/// (`cargo bench -p reflect-core --bench encryption`; ARCHITECTURE.md "Encryption at rest").
pub(crate) const CIPHER_PAGE_SIZE: u32 = 1024;

/// The statements that give database `schema` ("main", or an attached one) those settings.
pub(crate) fn cipher_settings(schema: &str) -> String {
    format!(
        " PRAGMA {schema}.cipher_page_size = {CIPHER_PAGE_SIZE}; \
         PRAGMA {schema}.cipher_hmac_algorithm = HMAC_SHA256; \
         PRAGMA {schema}.cipher_kdf_algorithm = PBKDF2_HMAC_SHA256;"
    )
}

/// The middle of the name of a conversion's copy: `reflect.db.converting-<id>`.
pub(crate) const LEFTOVER: &str = ".converting-";
/// How long an open waits for a conversion to finish.
const OPEN_WAIT: Duration = Duration::from_secs(60);

/// Key a new connection (nothing for a plain journal) and check that the key opens the file.
/// SQLCipher's own log is turned off: a wrong key is our error to report, not lines on stderr.
pub(crate) fn apply_key(conn: &Connection, key: Option<&DataKey>) -> Result<()> {
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    let Some(key) = key else {
        return Ok(());
    };
    let mut statement = zeroize::Zeroizing::new(String::with_capacity(120));
    statement.push_str("PRAGMA key = \"");
    statement.push_str(&key.sql_key());
    statement.push_str("\";");
    statement.push_str(&cipher_settings("main"));
    conn.execute_batch(&statement)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => Err(Error::Corrupt(
            "the journal's key does not open its file: the file is damaged, or reflect.keys \
             belongs to another journal. Nothing was changed: restore a backup"
                .into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The key that opens the journal file at `db` as it is now: `None` for a plain or new journal.
pub(crate) fn key_for(db: &Path, unlock: Unlock) -> Result<Option<DataKey>> {
    let Some(head) = head(db)? else {
        return Ok(None);
    };
    if &head == SQLITE_HEADER {
        return Ok(None);
    }
    // Every database file, plain or encrypted, is a whole number of pages (512 bytes at least):
    // anything else is some other file, not a journal whose key file went missing.
    let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    if size < 512 || !size.is_multiple_of(512) {
        return Err(Error::NotAJournal {
            path: db.to_path_buf(),
            problem: "is not a Reflect journal: it is not a database file".into(),
        });
    }
    let salt = salt_of(&head);
    let keys = KeyFile::read(db)?.ok_or_else(|| {
        Error::Corrupt(format!(
            "the journal {} is encrypted and its key file ({}) is missing. Nothing was changed: \
             put the file back beside the journal, or restore a Reflect backup",
            db.display(),
            crate::encryption::KEYS_FILE
        ))
    })?;
    let entry = keys.entry(&salt).ok_or_else(|| {
        Error::Corrupt(format!(
            "the key file ({}) has no key for the journal {}: it belongs to another copy of the \
             journal. Nothing was changed: restore a Reflect backup",
            crate::encryption::KEYS_FILE,
            db.display()
        ))
    })?;
    match unlock {
        Unlock::Key(key) if key.salt_hex() == salt => Ok(Some(key)),
        Unlock::Key(_) => Err(Error::Corrupt(
            "the journal was replaced while it was being opened".into(),
        )),
        Unlock::Nothing => {
            if keys.keystore {
                if let Some(key) = keystore::load(&keys.journal).filter(|k| k.salt_hex() == salt) {
                    return Ok(Some(key));
                }
            }
            Err(Error::Locked)
        }
        Unlock::Passphrase(p) => {
            counted(db, "passphrase", || entry.unwrap_passphrase(&p)).map(Some)
        }
        Unlock::RecoveryCode(c) => {
            let code = RecoveryCode::parse(&c)?;
            counted(db, "recovery_code", || entry.unwrap_recovery(&code)).map(Some)
        }
    }
}

/// One try at a passphrase or code: refused while the last failure's wait lasts; a failure is
/// counted, a success clears the count.
fn counted(db: &Path, field: &str, attempt: impl FnOnce() -> Result<DataKey>) -> Result<DataKey> {
    let wait = attempts::remaining(db, chrono::Utc::now());
    if !wait.is_zero() {
        return Err(attempts::too_soon(wait, field));
    }
    match attempt() {
        Ok(key) => {
            attempts::succeeded(db);
            Ok(key)
        }
        // The wait runs from the end of the failed try (scrypt takes a moment of its own).
        Err(e @ Error::Invalid { .. }) => {
            // A folder that cannot take the count (read-only) still says the answer was wrong.
            let _ = attempts::failed(db, chrono::Utc::now());
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// Remove copies left by a conversion that was cut short (only ever called while nothing has
/// the journal open).
pub(crate) fn remove_leftovers(db: &Path) {
    let Some(dir) = db.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    let prefix = format!("{}{LEFTOVER}", crate::encryption::keyfile::DB_NAME);
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A lock on `reflect.lock` beside the journal: shared by every open store, exclusive while the
/// journal file is being rewritten. Released when dropped (or when the process dies).
#[derive(Debug)]
pub struct JournalLock(#[allow(dead_code)] File);

fn lock_path(db: &Path) -> PathBuf {
    db.with_file_name(LOCK_FILE)
}

fn lock_file(db: &Path) -> Result<File> {
    let path = lock_path(db);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|source| Error::Io {
            action: "open the lock file",
            path: path.clone(),
            source,
        })?;
    let _ = make_file_private(&path);
    Ok(file)
}

impl JournalLock {
    /// A shared lock, waiting for a conversion in progress to finish. Left-over files of a
    /// conversion that was cut short are removed first, when nothing else has the journal open.
    pub(crate) fn shared(db: &Path) -> Result<JournalLock> {
        let file = lock_file(db)?;
        if file.try_lock().is_ok() {
            remove_leftovers(db);
            let _ = file.unlock();
        }
        let started = Instant::now();
        loop {
            match file.try_lock_shared() {
                Ok(()) => return Ok(JournalLock(file)),
                Err(TryLockError::WouldBlock) if started.elapsed() < OPEN_WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::invalid(
                        "journal",
                        "The journal is being converted (encryption turned on or off) by \
                         another Reflect window or command: try again when it has finished",
                    ))
                }
                Err(TryLockError::Error(source)) => {
                    return Err(Error::Io {
                        action: "lock",
                        path: lock_path(db),
                        source,
                    })
                }
            }
        }
    }

    /// The journal to ourselves: waits up to `wait` for other windows and commands to close it.
    pub(crate) fn exclusive(db: &Path, wait: Duration) -> Result<JournalLock> {
        let file = lock_file(db)?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(JournalLock(file)),
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::invalid(
                        "journal",
                        "The journal is open in another Reflect window or command: close it and \
                         try again. Nothing was changed",
                    ))
                }
                Err(TryLockError::Error(source)) => {
                    return Err(Error::Io {
                        action: "lock",
                        path: lock_path(db),
                        source,
                    })
                }
            }
        }
    }
}
