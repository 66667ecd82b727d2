//! # reflect-core
//!
//! The domain, validation and storage of Reflect, a local-first journal in which NHS staff write
//! reflections against their organisation's values. Both front ends (the `reflect` CLI and the
//! Tauri desktop app) are thin layers over [`Store`]; the PDFs are the `reflect-pdf` crate's,
//! which renders the domain values gathered here. This crate never depends on Tauri or on any
//! UI code; a check in `make test` enforces that.
//!
//! ```no_run
//! use reflect_core::{Store, ReflectionQuery};
//! let store = Store::open_dir(std::path::Path::new("/tmp/reflect-demo"))?;
//! for r in store.list_reflections(&ReflectionQuery::default())? {
//!     println!("{} {}", r.event_date, r.title);
//! }
//! # Ok::<(), reflect_core::Error>(())
//! ```

pub mod appraisal;
pub mod archive;
pub mod backup;
pub mod clock;
pub mod disclosure;
pub mod documents;
pub mod encryption;
pub mod error;
pub mod files;
pub mod format;
pub mod framework;
pub mod hr;
pub mod keys;
pub mod migrate;
pub mod model;
pub mod pack;
pub mod plural;
pub mod privacy;
pub mod reminders;
pub mod remodel;
pub mod revalidation;
pub mod safe_text;
pub mod sample;
pub mod search_syntax;
pub mod sharing;
mod storage;
pub mod store;
pub mod validate;

pub use appraisal::{
    Action, Appraisal, AppraisalContent, AppraisalState, AppraisalSummary, NewAppraisal, Reminder,
    Role,
};
pub use clock::today;
pub use error::{Error, Result};
pub use framework::{Framework, FrameworkDoc, FrameworkSummary, ImportOutcome};
pub use model::*;
pub use store::{data_dir, Store};
