//! What each document shows, gathered through the `Store` (`storage/exports.rs`) and rendered by
//! the `reflect-pdf` crate. Owned domain values: no SQL here and nothing about pages.

use crate::framework::FrameworkDoc;
use crate::model::{Profile, Reflection};
use crate::revalidation::{Discussion, Feedback, Revalidation};

/// What the NMC document needs.
#[derive(Debug, Clone)]
pub struct NmcInput {
    pub profile: Profile,
    pub revalidation: Revalidation,
    pub accounts: Vec<Reflection>,
    pub cpd: Vec<Reflection>,
    pub feedback: Vec<Feedback>,
    pub discussions: Vec<Discussion>,
    /// The Code's themes, (key, name), in order.
    pub themes: Vec<(String, String)>,
}

/// What the values portfolio needs.
#[derive(Debug, Clone)]
pub struct PortfolioInput {
    pub profile: Profile,
    pub framework: FrameworkDoc,
    /// Shared reflections in the period, newest first.
    pub reflections: Vec<Reflection>,
    pub from: Option<String>,
    pub to: Option<String>,
}
