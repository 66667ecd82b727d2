//! The one error type of `reflect-core`. Every variant says, in plain English, what went wrong;
//! validation errors also name the field, so the UI can show the message beside it.

use std::path::PathBuf;

/// Everything that can go wrong in `reflect-core`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule. `field` is a dotted path such as `title`, `body.feelings`,
    /// `tags[2]` or `values[1].behaviours[0].text`; `message` says what to do about it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    /// Something asked for by id does not exist (or has been deleted).
    #[error("{what} '{id}' was not found")]
    NotFound { what: &'static str, id: String },

    /// The operation needs a profile, and set-up has not been done.
    #[error(
        "Reflect is not set up yet: create your profile first (reflect init, or the app's set-up)"
    )]
    NotSetUp,

    /// The database was written by a newer Reflect; it is left exactly as it was.
    #[error("the database at {path} was written by a newer version of Reflect (schema version {found}; this version understands up to {supported}). It has not been changed: update Reflect to open it")]
    DatabaseTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// A migration failed; the database was rolled back to the version it had before.
    #[error("upgrading the database to schema version {version} ({name}) failed, and nothing was changed: {}", sqlite_reason(source))]
    Migration {
        version: i64,
        name: String,
        #[source]
        source: rusqlite::Error,
    },

    /// A file could not be read or written.
    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The database itself failed (disk full, locked for too long, corrupt file...).
    #[error("database error: {}", sqlite_reason(.0))]
    Database(#[from] rusqlite::Error),

    /// The journal's file is not one Reflect can open (`problem`: not a database file, or a
    /// format number Reflect never wrote). Nothing is changed; the message says what to do.
    /// Its kind is `corrupt`, as for other damaged data.
    #[error("the journal {path} {problem}. Nothing was changed: restore a backup with `reflect backup restore FILE` (in the app: a backup from the list shown), or use another data folder (--data-dir or REFLECT_DATA_DIR)")]
    NotAJournal { path: PathBuf, problem: String },

    /// The journal opened read-only (it is damaged, or its file or folder cannot be written):
    /// reading works, and this write was refused before anything was changed.
    #[error("{reason}. Nothing was changed.")]
    ReadOnly { reason: String },

    /// The data folder held a journal, and its file is now missing or empty: it is reported,
    /// never silently replaced by a new, empty journal.
    #[error("the journal {path} is {state}: it may have been moved or deleted. Nothing was replaced: put the file back (or restore a backup) and open Reflect again")]
    JournalMissing { path: PathBuf, state: &'static str },

    /// A save or step was made on an older version of a record that has changed since (in
    /// another window or the command line): refused, so nothing is ever silently written over.
    #[error("the {what} '{id}' was changed somewhere else (another window or the command line) after you opened it, so this change was not saved and nothing was written over. Open it again to see what changed")]
    Conflict { what: &'static str, id: String },

    /// The journal is encrypted and no passphrase, recovery code or keystore key was given.
    #[error("This journal is protected by a passphrase: enter it to open the journal (or use your recovery code)")]
    Locked,

    /// Stored JSON that cannot be read back: a bug or a damaged file, never user input.
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
}

impl Error {
    /// A validation error for `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The field a validation error names, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// A short, stable machine name for the kind of error (used by the IPC error and `--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::NotSetUp => "not_set_up",
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::Migration { .. } => "migration",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Corrupt(_) | Error::NotAJournal { .. } => "corrupt",
            Error::ReadOnly { .. } => "read_only",
            Error::JournalMissing { .. } => "journal_missing",
            Error::Conflict { .. } => "conflict",
            Error::Locked => "locked",
        }
    }

    /// True for errors caused by the caller's input (the CLI exits 2 for these).
    pub fn is_user_input(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::Locked)
    }

    /// The message without the field prefix (the UI shows the field separately).
    pub fn message(&self) -> String {
        match self {
            Error::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// SQLite's reason without the statement it was given: a failed migration's statement is a
/// whole schema file, which is no use in a one-line message.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}
