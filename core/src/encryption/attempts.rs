//! The wait after wrong passphrases or recovery codes: after the n-th failure in a row, the next
//! try waits 2^(n-1) seconds (1, 2, 4, … at most 5 minutes), kept in `.reflect-unlock` beside the
//! journal so that starting a new process does not reset it. A right answer clears it. The
//! file holds only a count and a time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::files::write_atomically;

/// The file beside the journal.
pub const ATTEMPTS_FILE: &str = ".reflect-unlock";
/// The longest wait.
const MAX_WAIT: Duration = Duration::from_secs(300);

#[derive(Debug, Default, Serialize, Deserialize)]
struct Attempts {
    failures: u32,
    last: Option<DateTime<Utc>>,
}

fn path(db: &Path) -> PathBuf {
    db.with_file_name(ATTEMPTS_FILE)
}

fn read(db: &Path) -> Attempts {
    std::fs::read(path(db))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// How long after `failures` failures in a row the next try must wait.
pub fn wait_after(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let secs = 1u64 << failures.saturating_sub(1).min(16);
    Duration::from_secs(secs).min(MAX_WAIT)
}

/// How much longer the next try must wait, at `now`.
pub fn remaining(db: &Path, now: DateTime<Utc>) -> Duration {
    let a = read(db);
    let Some(last) = a.last else {
        return Duration::ZERO;
    };
    let until = last + chrono::Duration::from_std(wait_after(a.failures)).unwrap_or_default();
    (until - now).to_std().unwrap_or(Duration::ZERO)
}

/// Count a failure at `now`.
pub fn failed(db: &Path, now: DateTime<Utc>) -> Result<()> {
    let mut a = read(db);
    a.failures = a.failures.saturating_add(1);
    a.last = Some(now);
    let text = serde_json::to_vec(&a).unwrap_or_default();
    write_atomically(&path(db), &text)
}

/// A right answer: the count starts again.
pub fn succeeded(db: &Path) {
    let _ = std::fs::remove_file(path(db));
}

/// The error for a try made too soon.
/// `field` is what was tried: `passphrase` or `recovery_code`.
pub fn too_soon(wait: Duration, field: &str) -> crate::Error {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    crate::Error::invalid(
        field,
        format!(
            "Too many wrong tries: wait {secs} second{} before trying again. Nothing was changed",
            if secs == 1 { "" } else { "s" }
        ),
    )
}
