//! SQL, one module per aggregate. Every write is one transaction.

pub mod appraisals;
pub mod drafts;
pub mod exports;
pub mod frameworks;
pub mod hr;
pub mod overview;
pub mod profile;
pub mod reflections;
pub mod revalidation;
pub mod sharing;
