//! SQL, one module per aggregate. Every write is one transaction.

pub mod drafts;
pub mod frameworks;
pub mod overview;
pub mod profile;
pub mod reflections;
