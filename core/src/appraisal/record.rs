//! The canonical signed record, its signatures and the appraisal's log.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};
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

/// The canonical record: what signatures cover. Serialised with a fixed field order (structs, no
/// maps with unordered keys), so the same record always gives the same bytes and hash. Wellbeing
/// notes are represented by a digest, so a copy shared without them still verifies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedRecord {
    pub format: u32,
    pub appraisal_id: String,
    pub details: Profile,
    pub framework: RecordFramework,
    pub content: AppraisalContent,
    pub wellbeing_sha256: String,
    pub reflections: Vec<Reflection>,
}

impl SignedRecord {
    /// Build the record from the content (the wellbeing text is replaced by its digest).
    pub fn new(
        appraisal_id: &str,
        details: Profile,
        framework: RecordFramework,
        content: &AppraisalContent,
        reflections: Vec<Reflection>,
    ) -> SignedRecord {
        let mut content = content.clone();
        let wellbeing_sha256 =
            sha256_hex(format!("{appraisal_id}\n{}", content.wellbeing.text).as_bytes());
        content.wellbeing = Note::default();
        SignedRecord {
            format: RECORD_FORMAT,
            appraisal_id: appraisal_id.to_string(),
            details,
            framework,
            content,
            wellbeing_sha256,
            reflections,
        }
    }

    /// The canonical bytes (compact JSON).
    pub fn canonical(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::Corrupt(format!("appraisal record: {e}")))
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A signature on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Signature {
    pub role: Role,
    pub name: String,
    pub job_title: String,
    pub signed_at: String,
    pub sha256: String,
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
