//! The Tauri commands, one module per area of the app, each command a thin call into
//! `reflect-core`. The one list of them (with the area each lives in) is `COMMANDS` in
//! `src-tauri/build.rs`: the app manifest, `capabilities/default.json` and the invoke handler are
//! all made from it.

pub(crate) mod app;
pub(crate) mod appraisals;
pub(crate) mod archive;
pub(crate) mod backups;
pub(crate) mod encryption;
pub(crate) mod exports;
pub(crate) mod frameworks;
pub(crate) mod journal;
pub(crate) mod organisation;
pub(crate) mod revalidation;
pub(crate) mod sharing;
pub(crate) mod team;
