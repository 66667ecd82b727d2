//! Rewriting the journal file with another key, or none: turning encryption on or off, a new
//! passphrase, a new recovery code. A crash at any moment leaves the old file or the new one in
//! place, each with its key in `reflect.keys`, never neither:
//!
//! 1. the journal to ourselves (`reflect.lock`, exclusive), the WAL checkpointed away;
//! 2. every page copied by `sqlcipher_export` into `reflect.db.converting-<id>` beside it,
//!    keyed as asked, synced, then opened and checked (`quick_check`, the search index's own
//!    check, every table's row count against the old file's);
//! 3. the key file written with the new key's entry added (the old one kept);
//! 4. the old `-wal`/`-shm` removed (empty after the checkpoint) and the new file renamed over
//!    `reflect.db`, the folder synced; only then are old entries dropped from the key file.
//!
//! Before step 4 the old file is the journal; after it, the new one; a file left over from an
//! interrupted copy is removed by the next open (`open::remove_leftovers`).

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use super::open::{apply_key, JournalLock, LEFTOVER};
use crate::encryption::{DataKey, KeyFile};
use crate::error::{Error, Result};
use crate::files::sibling;
use crate::migrate;
use crate::store::{quick_check, Store};

/// How long turning encryption on or off waits for other windows and commands to close.
const EXCLUSIVE_WAIT: Duration = Duration::from_secs(5);

/// Every ordinary table and its row count.
fn table_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let quoted = name.replace('"', "\"\"");
            let n: i64 =
                conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
                    r.get(0)
                })?;
            Ok((name, n))
        })
        .collect()
}

fn sync(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Io {
            action: "sync",
            path: path.to_path_buf(),
            source,
        })
}

/// Steps 2–4 with the journal to ourselves: the new file in place, or an error with the old
/// one untouched.
fn rewrite(
    db: &Path,
    old: Option<&DataKey>,
    new: Option<&DataKey>,
    keys: Option<&KeyFile>,
) -> Result<()> {
    let temp = sibling(db, &format!("{LEFTOVER}{}", uuid::Uuid::now_v7()));
    let result = (|| {
        let src = Connection::open(db)?;
        apply_key(&src, old)?;
        src.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let counts = table_counts(&src)?;
        let version = migrate::schema_version(&src)?;
        let key_sql = new.map(|k| k.sql_key());
        src.execute(
            "ATTACH DATABASE ?1 AS target KEY ?2",
            rusqlite::params![
                temp.to_string_lossy(),
                key_sql.as_ref().map_or("", |k| k.as_str())
            ],
        )?;
        if new.is_some() {
            src.execute_batch(&super::open::cipher_settings("target"))?;
        }
        src.execute_batch("PRAGMA target.synchronous = FULL;")?;
        src.query_row("SELECT sqlcipher_export('target')", [], |_| Ok(()))?;
        src.execute_batch(&format!("PRAGMA target.user_version = {version};"))?;
        src.execute_batch("DETACH DATABASE target;")?;
        drop(src);
        sync(&temp)?;
        // The copy, opened as the journal will be, checked before it can replace anything.
        let check = Connection::open(&temp)?;
        apply_key(&check, new)?;
        if let Some(problem) = quick_check(&check) {
            return Err(Error::Corrupt(format!(
                "the converted copy failed its check: {problem}"
            )));
        }
        check.execute_batch(
            "INSERT INTO reflection_fts(reflection_fts) VALUES ('integrity-check');",
        )?;
        if table_counts(&check)? != counts || migrate::schema_version(&check)? != version {
            return Err(Error::Corrupt(
                "the converted copy does not hold every row of the journal".into(),
            ));
        }
        drop(check);
        if let Some(keys) = keys {
            keys.write(db)?;
        }
        let wal = sibling(db, "-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(Error::Corrupt(
                "the journal's write-ahead log was not empty after the checkpoint".into(),
            ));
        }
        let _ = std::fs::remove_file(&wal);
        let _ = std::fs::remove_file(sibling(db, "-shm"));
        std::fs::rename(&temp, db).map_err(|source| Error::Io {
            action: "replace",
            path: db.to_path_buf(),
            source,
        })?;
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        let _ = std::fs::remove_file(sibling(&temp, "-journal"));
    }
    result
}

impl Store {
    /// Rewrite the journal file keyed with `new` (`None`: unencrypted), writing `keys` (which
    /// must hold `new`'s entry) before the new file goes in. The store is closed meanwhile and
    /// opened again on whichever file is the journal afterwards.
    pub(crate) fn rewrite_file(
        &mut self,
        new: Option<DataKey>,
        keys: Option<&KeyFile>,
    ) -> Result<()> {
        if let Some(reason) = &self.read_only {
            return Err(Error::ReadOnly {
                reason: reason.clone(),
            });
        }
        let db = self.path.clone();
        let old = self.key.clone();
        // Close this store's connection and lock, then take the journal to ourselves.
        let placeholder = Connection::open_in_memory()?;
        drop(std::mem::replace(&mut self.conn, placeholder));
        self.lock = None;
        let result = JournalLock::exclusive(&db, EXCLUSIVE_WAIT).and_then(|exclusive| {
            super::open::remove_leftovers(&db);
            let done = rewrite(&db, old.as_ref(), new.as_ref(), keys);
            drop(exclusive);
            done
        });
        let key = if result.is_ok() { new } else { old };
        let mut reopened = Store::open_keyed(&db, migrate::MIGRATIONS, key)?;
        reopened.lock = Some(JournalLock::shared(&db)?);
        *self = reopened;
        result
    }
}
