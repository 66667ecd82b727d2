//! Schema migrations: numbered SQL files in `schema/`, embedded in the binary, applied in one
//! transaction and tracked with `PRAGMA user_version`.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// One migration: `schema/NNNN_name.sql`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. A test checks this list against the files in `schema/`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_journal.sql",
        sql: include_str!("../../schema/0001_journal.sql"),
    },
    Migration {
        version: 2,
        name: "0002_appraisal.sql",
        sql: include_str!("../../schema/0002_appraisal.sql"),
    },
    Migration {
        version: 3,
        name: "0003_sharing.sql",
        sql: include_str!("../../schema/0003_sharing.sql"),
    },
    Migration {
        version: 4,
        name: "0004_trust.sql",
        sql: include_str!("../../schema/0004_trust.sql"),
    },
    Migration {
        version: 5,
        name: "0005_hr_trust.sql",
        sql: include_str!("../../schema/0005_hr_trust.sql"),
    },
    Migration {
        version: 6,
        name: "0006_edit_version.sql",
        sql: include_str!("../../schema/0006_edit_version.sql"),
    },
    Migration {
        version: 7,
        name: "0007_one_copy_of_the_text.sql",
        sql: include_str!("../../schema/0007_one_copy_of_the_text.sql"),
    },
    Migration {
        version: 8,
        name: "0008_revision_kind.sql",
        sql: include_str!("../../schema/0008_revision_kind.sql"),
    },
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The schema version recorded in a database.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuse a database written by a newer build, or with a format number no build writes (below
/// 0: damaged), before anything touches it.
pub fn check_not_newer(path: &Path, found: i64, migrations: &[Migration]) -> Result<()> {
    if found < 0 {
        return Err(Error::NotAJournal {
            path: path.to_path_buf(),
            problem: format!("is damaged: its format number {found} is not one Reflect made"),
        });
    }
    let supported = migrations.last().map_or(0, |m| m.version);
    if found > supported {
        return Err(Error::DatabaseTooNew {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(())
}

/// Apply every migration newer than the database's version, all in one transaction: either the
/// database reaches the newest version, or it is left exactly as it was.
pub fn run(conn: &mut Connection, migrations: &[Migration]) -> Result<i64> {
    let current = schema_version(conn)?;
    if migrations.iter().all(|m| m.version <= current) {
        return Ok(current);
    }
    // IMMEDIATE: take the write lock first (waiting up to the busy timeout for another opener),
    // then read the version again: another process may have migrated while this one waited.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current = schema_version(&tx)?;
    let pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > current).collect();
    let Some(last) = pending.last() else {
        return Ok(current);
    };
    let target = last.version;
    for m in &pending {
        tx.execute_batch(m.sql).map_err(|source| Error::Migration {
            version: m.version,
            name: m.name.to_string(),
            source,
        })?;
    }
    // user_version lives in the database header, which is written inside the transaction.
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(target)
}
