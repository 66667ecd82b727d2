//! Types that exist only at the IPC boundary (the rest come from `reflect-core`).

use reflect_core::{FrameworkSummary, ModelInfo, Profile, ReflectionSummary};
use serde::Serialize;
use ts_rs::TS;

/// The one error every command returns: the UI shows `message`, beside `field` when set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    /// `invalid`, `not_found`, `not_set_up`, `database_too_new`, `migration`, `io`, `database`,
    /// `corrupt`, `locked` (the journal is encrypted and not unlocked: the UI shows only the
    /// unlock screen) or `internal`.
    pub kind: String,
    pub message: String,
    pub field: Option<String>,
}

impl From<reflect_core::Error> for IpcError {
    fn from(e: reflect_core::Error) -> Self {
        IpcError {
            kind: e.kind().to_string(),
            message: e.message(),
            field: e.field().map(str::to_string),
        }
    }
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            kind: "internal".into(),
            message: message.into(),
            field: None,
        }
    }
}

/// Everything the UI needs at start-up.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppState {
    pub profile: Option<Profile>,
    pub frameworks: Vec<FrameworkSummary>,
    pub models: Vec<ModelInfo>,
    /// Where the journal is stored (shown in settings).
    pub database_path: String,
    /// Whether the Organisation (HR) area is switched on.
    pub organisation_area: bool,
    /// This device's public signing key (base64), once set up, for colleagues to compare.
    pub public_key: Option<String>,
    /// Why the journal is read-only (it is damaged, or its file or folder cannot be written), if
    /// it is: the UI shows it in a banner, and every save is refused with this reason.
    pub read_only: Option<String>,
    /// The journal is encrypted (it has a passphrase), so the app can lock.
    pub encrypted: bool,
    /// Lock the app after this many idle minutes (0: never); only when `encrypted`.
    pub lock_minutes: u32,
    /// Reminders that fall due are shown as desktop notifications (Settings).
    pub notifications: bool,
}

/// A page of the journal list: its first rows, and how many reflections the query matches.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReflectionPage {
    pub rows: Vec<ReflectionSummary>,
    /// Every match (at most the query's `limit`), shown or not.
    pub total: u32,
}

/// A PDF the app wrote where the user chose.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportOutcome {
    pub path: String,
    pub pages: u32,
    /// Characters the font lacks, printed as a visible replacement mark.
    pub replaced: u32,
}

/// An archive the app wrote where the user chose, and what it holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SavedArchive {
    pub path: String,
    pub summary: reflect_core::archive::ArchiveSummary,
}

/// A file the app wrote where the user chose, and what it was.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SavedFile {
    pub path: String,
    pub message: String,
}
