//! SQL, one module per aggregate. Functions take the connection (reads) or a transaction
//! (writes); the public `Store` methods are each one IMMEDIATE transaction (`Store::write`).

pub mod appraisals;
mod archive;
pub(crate) mod backups;
pub mod drafts;
pub(crate) mod encryption;
pub mod exports;
pub mod frameworks;
pub mod hr;
mod key_info;
pub(crate) mod labels;
pub mod overview;
pub mod profile;
pub mod reflections;
mod reminders;
pub mod revalidation;
pub(crate) mod settings;
pub mod sharing;
pub(crate) mod sql;
