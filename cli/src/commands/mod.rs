//! One module per command group: each defines its clap arguments and carries them out over
//! `reflect-core`, printing through `crate::output`. Groups do not import each other, except that
//! `team` reads values the way `appraisal` does (`appraisal::value_index`). `options` is no
//! group: each group's table from core's fields to the options a person typed.

pub mod appraisal;
pub mod archive;
pub mod backup;
pub mod check;
pub mod encryption;
pub mod export;
pub mod framework;
pub mod hr;
pub mod journal;
pub mod key;
pub mod options;
pub mod pack;
pub mod profile;
pub mod revalidation;
pub mod shell;
pub mod team;
