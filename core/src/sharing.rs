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

/// A colleague's appraisal in My team. It is theirs by key: `id` names the row by the key that
/// sealed their pack and the appraisal id, so a pack sealed by another key with the same appraisal
/// id is another row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamReviewSummary {
    /// My team's id for it: `<16 hex digits of the colleague key's SHA-256>-<appraisal id>`.
    pub id: String,
    pub appraisal_id: String,
    /// The name in the colleague's record (what their pack says).
    pub colleague_name: String,
    /// The colleague's public key (base64) and its fingerprint, to compare with them aloud.
    pub colleague_key: String,
    pub fingerprint: String,
    /// The name I gave the key when I trusted it, if I have.
    pub pinned_name: Option<String>,
    pub period_start: String,
    pub period_end: String,
    /// I have signed it, with my key.
    pub signed: bool,
    /// The colleague signed it first (their key signature is on it).
    pub colleague_signed: bool,
    pub imported_at: String,
    pub updated_at: String,
}

/// A colleague's key I trust for My team, after comparing its fingerprint with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamKey {
    pub public_key: String,
    pub fingerprint: String,
    pub name: String,
    pub trusted_at: String,
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
