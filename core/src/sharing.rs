//! What sharing hands the front ends: a sealed pack and its file name, what an import did, a
//! pack's checks, and the colleagues' appraisals in My team. Plain values; the store makes them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::Role;
use crate::pack::Purpose;

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

/// Who sent a pack: the key that sealed it and what it says of itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackSender {
    pub role: Role,
    pub name: String,
    pub job_title: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// A signature on a pack's record, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureCheck {
    pub role: Role,
    pub name: String,
    pub signed_at: String,
    pub fingerprint: Option<String>,
    /// Made with the signer's own key and verified; false for one made before key signatures.
    pub key_signed: bool,
    /// In words: "verified: signed with the appraiser's own key" or "not key-signed (made
    /// before pack format 2)".
    pub note: String,
}

/// `reflect pack verify`: a pack's checks, without importing it. Every pack that opens has had
/// its sender's signature verified; `verified` says in words what else could be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackCheck {
    pub format_version: u32,
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub colleague_name: String,
    pub sender: PackSender,
    /// The record's version counter (format 2).
    pub record_version: Option<u32>,
    /// The record's digest (format 2).
    pub record_sha256: Option<String>,
    pub signatures: Vec<SignatureCheck>,
    /// Both the colleague's and the appraiser's key signatures are on the record.
    pub agreed: bool,
    /// The sections the pack carries.
    pub parts: Vec<String>,
    pub verified: Vec<String>,
    pub sha256: String,
}
