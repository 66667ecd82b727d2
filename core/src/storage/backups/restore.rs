//! Checking a backup fully (header, decryption, SQLite's `integrity_check`, a schema this build
//! reads) and restoring it into a data folder: everything is checked before the target is
//! touched, a journal there is refused unless replacing, and a replaced journal is backed up
//! first. The new file goes in by rename, after any stale `-wal`/`-shm` is removed.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::write::{
    default_folder, free_name, ready_folder, set_setting, write_backup, TempFile, DAILY_CLAIM,
};
use crate::backup::{self, BackupKind, Encryption, RestoreOutcome, Verified};
use crate::encryption::{DataKey, KeyFile, Unlock};
use crate::error::{Error, Result};
use crate::files::{make_dir_private, make_file_private, sibling, write_atomically};
use crate::migrate;
use crate::store::{Store, DB_FILE, JOURNAL_MARKER};

/// The largest backup file a restore reads: 4 GiB (a journal of years is tens of MiB).
const MAX_BACKUP_BYTES: u64 = 4 * 1024 * 1024 * 1024;

fn refused(why: &str) -> Error {
    Error::invalid(
        "file",
        format!("This backup cannot be restored: {why}. Nothing was changed."),
    )
}

/// SQLite's verdict on a snapshot file, and its schema version (which must be one this build
/// reads, and the one the header states).
fn check_snapshot(path: &Path, header: &backup::Header, key: Option<&DataKey>) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| refused("the journal inside does not open"))?;
    crate::storage::encryption::open::apply_key(&conn, key)
        .map_err(|_| refused("the journal inside does not open with its key"))?;
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|_| refused("the journal inside is not a sound SQLite database"))?;
    if rows != ["ok"] {
        return Err(refused(&format!(
            "the journal inside is damaged ({})",
            rows.join("; ").replace('\n', " ")
        )));
    }
    let found = migrate::schema_version(&conn).map_err(|_| refused("it has no schema version"))?;
    let supported = migrate::latest_version();
    if found > supported {
        return Err(refused(&format!(
            "it was made by a newer Reflect (schema version {found}; this version reads up to \
             {supported}): update Reflect to restore it"
        )));
    }
    if found < 1 {
        return Err(refused("the journal inside is empty"));
    }
    if found != header.schema {
        return Err(refused(&format!(
            "its header says schema version {} and the journal inside is {found}",
            header.schema
        )));
    }
    Ok(())
}

impl Store {
    /// Open and check a backup from its bytes: [`backup::inspect`] (header, size, checksum,
    /// passphrase), then the snapshot in a private temporary file: SQLite's `integrity_check`
    /// and a schema version this build reads. Writes nothing else; never panics.
    pub fn verify_backup(bytes: &[u8], passphrase: Option<&str>) -> Result<Verified> {
        let opened = backup::inspect(bytes, passphrase)?;
        let temp = TempFile::create(&std::env::temp_dir(), "verify")?;
        write_atomically(&temp.0, &opened.database)?;
        check_snapshot(&temp.0, &opened.header, opened.key.as_ref())?;
        Ok(Verified {
            header: opened.header,
            database: opened.database,
            key: opened.key,
            keys: opened.keys,
        })
    }

    /// Restore the backup `file` into the data folder `data_dir`. The file is checked in full
    /// first ([`Store::verify_backup`]); a folder that holds a journal is refused (field
    /// `replace`) unless `replace`, which backs that journal up first (the outcome says where).
    /// The journal goes in atomically, stale `-wal`/`-shm` files are removed first, the folder is
    /// marked as holding a journal, and the restored journal is opened once (upgrading it if it
    /// is older). Close the app first: another process must not have the journal open.
    pub fn restore_backup(
        file: &Path,
        data_dir: &Path,
        passphrase: Option<&str>,
        replace: bool,
        now: DateTime<Utc>,
    ) -> Result<RestoreOutcome> {
        let io = |source| Error::Io {
            action: "read the backup",
            path: file.to_path_buf(),
            source,
        };
        // A file, and no larger than a journal can be (a pipe or a device is never read whole).
        let meta = std::fs::metadata(file).map_err(io)?;
        if !meta.is_file() || meta.len() > MAX_BACKUP_BYTES {
            return Err(refused(&format!(
                "it is not a file of at most {}",
                crate::files::byte_size(MAX_BACKUP_BYTES)
            )));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX_BACKUP_BYTES + 1).read_to_end(&mut bytes))
            .map_err(io)?;
        let verified = Store::verify_backup(&bytes, passphrase)?;
        let db = data_dir.join(DB_FILE);
        let wal = sibling(&db, "-wal");
        let shm = sibling(&db, "-shm");
        let holds_journal = db.exists() || wal.exists() || data_dir.join(JOURNAL_MARKER).exists();
        if holds_journal && !replace {
            return Err(Error::invalid(
                "replace",
                format!(
                    "{} already holds a journal, so nothing was changed: restore into a new or \
                     empty folder, or replace it (--replace), which backs that journal up first",
                    data_dir.display()
                ),
            ));
        }
        std::fs::create_dir_all(data_dir).map_err(|source| Error::Io {
            action: "create the data directory",
            path: data_dir.to_path_buf(),
            source,
        })?;
        let _ = make_dir_private(data_dir);
        let replaced_backup = if holds_journal && db.exists() {
            Some(back_up_replaced(&db, now)?)
        } else {
            None
        };
        let incoming = data_dir.join(format!(".{DB_FILE}.restoring.part"));
        write_atomically(&incoming, &verified.database)?;
        let result = (|| {
            // An encrypted backup's key goes in first, beside whatever key the journal there
            // has now, so the journal opens whether the rename below happens or not.
            if let (Some(key), Some(incoming_keys)) = (&verified.key, &verified.keys) {
                let mut keys = match KeyFile::read(&db) {
                    Ok(Some(current)) => current,
                    _ => incoming_keys.clone(),
                };
                if let Some(entry) = incoming_keys.entry(&key.salt_hex()) {
                    keys.add(entry.clone());
                }
                keys.write(&db)?;
            }
            for stale in [&wal, &shm] {
                match std::fs::remove_file(stale) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::Io {
                            action: "remove the old journal's file",
                            path: stale.clone(),
                            source: e,
                        })
                    }
                    _ => {}
                }
            }
            std::fs::rename(&incoming, &db).map_err(|source| Error::Io {
                action: "put the restored journal in place",
                path: db.clone(),
                source,
            })
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&incoming);
        }
        result?;
        sync_dir(data_dir);
        // The key file now belongs to the restored journal: its own (with no keystore, which
        // is chosen again on this device), or none for an unencrypted backup.
        match &verified.keys {
            Some(keys) => {
                let mut keys = keys.clone();
                keys.keystore = false;
                keys.write(&db)?;
            }
            None => {
                let _ = std::fs::remove_file(KeyFile::path_for(&db));
            }
        }
        let unlock = verified.key.clone().map_or(Unlock::Nothing, Unlock::Key);
        let mut store = Store::open_dir_with(data_dir, unlock)?;
        // The daily claim came from the device the backup was made on: this one backs up anew.
        store.write(|tx| set_setting(tx, DAILY_CLAIM, None))?;
        drop(store);
        Ok(RestoreOutcome {
            journal: db.to_string_lossy().into_owned(),
            replaced_backup: replaced_backup.map(|p| p.to_string_lossy().into_owned()),
            created: verified.header.created_text(),
            schema: verified.header.schema,
            encrypted: verified.header.encryption != Encryption::None,
        })
    }
}

/// Back up a journal about to be replaced: a real backup (its own folder and passphrase) when it
/// still reads, else the raw files copied to the default backup folder (a damaged journal is
/// often why a backup is restored).
fn back_up_replaced(db: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let real = Connection::open_with_flags(db, flags)
        .map_err(Error::from)
        .and_then(|conn| {
            crate::storage::encryption::open::apply_key(&conn, None)?;
            // An encrypted journal cannot be read here (its key is not to hand): its files are
            // copied as they are, key file included, below.
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            write_backup(&conn, db, BackupKind::BeforeRestore, now, None, None)
        });
    if let Ok(info) = real {
        return Ok(PathBuf::from(info.path));
    }
    let folder = default_folder(db);
    ready_folder(&folder, true)?;
    let name = free_name(&folder, BackupKind::BeforeRestore, now);
    let raw = name.with_extension("db");
    for (from, to) in [
        (db.to_path_buf(), raw.clone()),
        (sibling(db, "-wal"), sibling(&raw, "-wal")),
        (KeyFile::path_for(db), raw.with_extension("keys")),
    ] {
        if !from.exists() {
            continue;
        }
        let bytes = std::fs::read(&from).map_err(|source| Error::Io {
            action: "read the journal to back it up",
            path: from.clone(),
            source,
        })?;
        write_atomically(&to, &bytes)?;
        let _ = make_file_private(&to);
    }
    Ok(raw)
}

/// Make a rename in `dir` durable (best effort; not every platform can open a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
