//! The record as gathered to be signed, its signatures as shown, and the appraisal's log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Profile, Reflection};

use super::*;

/// The framework as the record names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordFramework {
    pub id: String,
    pub revision: u32,
    pub name: String,
    pub values: Vec<RecordValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordValue {
    pub key: String,
    pub name: String,
}

/// The record as the colleague's journal gathers it to be signed: their details, the framework's
/// values, the content and the included reflections that are still shared. An everyday value:
/// what is signed is its wire form, `format::record::SealedRecord`, built from it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedRecord {
    pub appraisal_id: String,
    pub details: Profile,
    pub framework: RecordFramework,
    pub content: AppraisalContent,
    pub reflections: Vec<Reflection>,
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::format::sha256_hex(bytes)
}

/// A signature on the record, as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Signature {
    pub role: Role,
    pub name: String,
    pub job_title: String,
    pub signed_at: String,
    /// The digest of the record signed.
    pub sha256: String,
    /// The signer's public key (base64); None for a signature made before key signatures.
    pub public_key: Option<String>,
    /// The key's fingerprint, to compare aloud.
    pub fingerprint: Option<String>,
    /// Made with the signer's own key (and verified); false: made before key signatures.
    pub key_signed: bool,
}

/// One line of the appraisal's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppraisalEvent {
    pub at: String,
    pub actor: Role,
    pub actor_name: String,
    pub action: String,
    pub from_state: Option<AppraisalState>,
    pub to_state: AppraisalState,
    pub reason: Option<String>,
    pub sha256: Option<String>,
}
