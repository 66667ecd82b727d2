//! What sharing hands the front ends: a sealed pack and its file name, what an import did, a
//! pack's checks, and the colleagues' appraisals in My team. Plain values; the store makes them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::pack::{PackSigner, Purpose};

/// A pack ready to be written, and the name to suggest for it.
#[derive(Debug, Clone)]
pub struct SealedPack {
    pub text: String,
    pub file_name: String,
}

/// A colleague's pack in My team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamReviewSummary {
    pub appraisal_id: String,
    pub colleague_name: String,
    pub period_start: String,
    pub period_end: String,
    pub signed: bool,
    pub imported_at: String,
    pub updated_at: String,
}

/// What importing a pack did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackImport {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub colleague_name: String,
    /// Plain English: what changed.
    pub message: String,
}

/// Whether a signer's key was seen before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// First pack from this signer: the key will be remembered.
    New,
    /// The same key as before.
    Known,
}

/// `reflect pack verify`: a pack's checks, without importing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackCheck {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub colleague_name: String,
    pub signer: PackSigner,
    pub key: KeyStatus,
    pub record_sha256: String,
    pub sha256: String,
}
