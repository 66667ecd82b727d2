//! Archive format 1's JSON entries, kept apart from the everyday types (as `format/` keeps the
//! signed formats): a field added to `Reflection` or `Profile` can never change what an archive
//! holds. Enums travel as their stored names. `schema/archive/*.schema.json` describe these
//! shapes; `tests/tests/archive.rs` validates every entry of a generated archive against them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `manifest.json`: what the archive is, what it holds and the SHA-256 of every other entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestV1 {
    /// Always `reflect-archive`.
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub created_at: String,
    /// Always false: the signing key stays on the device (the backup carries it).
    pub signing_key_included: bool,
    pub counts: CountsV1,
    pub entries: Vec<EntryV1>,
}

/// How many of each kind the archive holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountsV1 {
    pub profile: u32,
    pub reflections: u32,
    /// Of `reflections`, how many are private (they are included: it is the owner's archive).
    pub private_reflections: u32,
    /// Of `reflections`, how many are in the bin.
    pub deleted_reflections: u32,
    pub reflection_revisions: u32,
    pub appraisals: u32,
    pub appraisal_events: u32,
    pub framework_revisions: u32,
    pub feedback: u32,
    pub discussions: u32,
    pub confirmations: u32,
    pub pdfs: u32,
}

/// One entry of the archive, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryV1 {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// `frameworks/index.json`: every framework revision the archive carries, and where its file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkIndexV1 {
    pub frameworks: Vec<FrameworkEntryV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkEntryV1 {
    pub id: String,
    /// `organisation` or `professional`.
    pub kind: String,
    pub builtin: bool,
    pub current_revision: u32,
    pub revisions: Vec<FrameworkRevisionV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkRevisionV1 {
    pub revision: u32,
    pub created_at: String,
    pub reason: String,
    /// The entry holding this revision as a framework file (schema/frameworks/README.md).
    pub file: String,
}

/// `profile.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileV1 {
    pub name: String,
    pub job_title: String,
    pub grade: String,
    pub team: String,
    pub department: Option<String>,
    pub line_manager: String,
    pub employee_number: Option<String>,
    pub registration: Option<RegistrationV1>,
    pub organisation_framework: String,
    pub professional_frameworks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationV1 {
    /// `NMC`, `HCPC` or `GMC`.
    pub body: String,
    pub pin: String,
    pub renewal_date: String,
}

/// A tag: the framework revision it was made with, the keys, and their labels in that revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagV1 {
    pub framework_id: String,
    pub framework_revision: u32,
    pub value_key: String,
    pub value_name: String,
    pub behaviour_key: Option<String>,
    pub behaviour_text: Option<String>,
}

/// What a reflection says (now, or at one saved revision).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectionTextV1 {
    pub title: String,
    pub event_date: String,
    /// `free`, `gibbs`, `what_so_what` or `nmc`.
    pub model: String,
    /// `private` or `shared`.
    pub visibility: String,
    /// The model's prompts and answers.
    pub body: BTreeMap<String, String>,
    pub tags: Vec<TagV1>,
    pub cpd_hours: Option<f64>,
    pub cpd_participatory: bool,
}

/// `reflections/<id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectionV1 {
    pub id: String,
    /// What it says now.
    pub content: ReflectionTextV1,
    pub created_at: String,
    pub updated_at: String,
    pub revision: u32,
    /// When it went into the bin, if it is there.
    pub deleted_at: Option<String>,
    /// The saved versions, oldest first.
    pub revisions: Vec<RevisionV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionV1 {
    pub revision: u32,
    pub saved_at: String,
    /// When that version was last saved (the autosaves of one editing session update one revision).
    pub updated_at: String,
    /// What it said at that save.
    pub content: ReflectionTextV1,
}

/// `appraisals/<id>/appraisal.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppraisalV1 {
    pub id: String,
    /// `draft`, `ready_for_review`, `in_review` or `agreed`.
    pub state: String,
    pub period_start: String,
    pub period_end: String,
    pub framework_id: String,
    pub previous_id: Option<String>,
    pub pay_step_date: Option<String>,
    /// The version the last signature froze (record format 1's `version`).
    pub record_version: u32,
    pub agreed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the colleague shared their wellbeing notes with the appraiser.
    pub wellbeing_shared: bool,
    /// The content, each section as its part of record format 1 (schema/signed-formats.md).
    pub content: BTreeMap<String, Value>,
    /// The record frozen at the first signature, exactly as stored (JSON text): the signatures'
    /// `sha256` is its digest.
    pub frozen_record: Option<String>,
    pub signatures: Vec<SignatureRowV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureRowV1 {
    /// `colleague` or `appraiser`.
    pub role: String,
    pub name: String,
    pub job_title: String,
    pub signed_at: String,
    pub sha256: String,
    pub public_key: Option<String>,
    /// The key signature (signature format 1, schema/signed-formats.md), when there is one.
    pub signature: Option<Value>,
}

/// `appraisals/<id>/events/<nnnn>.json`: one entry of the appraisal's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventV1 {
    pub appraisal_id: String,
    /// Its place in the log, from 1.
    pub index: u32,
    pub at: String,
    /// `colleague` or `appraiser`.
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    pub sha256: Option<String>,
}

/// `revalidation.json`: the NMC revalidation evidence that is not a reflection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevalidationV1 {
    pub feedback: Vec<FeedbackV1>,
    pub discussions: Vec<DiscussionV1>,
    pub confirmations: Vec<ConfirmationV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackV1 {
    pub id: String,
    pub received_on: String,
    pub source: String,
    pub summary: String,
    pub changes: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscussionV1 {
    pub id: String,
    pub partner_name: String,
    pub partner_pin: String,
    pub held_on: String,
    pub notes: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationV1 {
    pub id: String,
    pub confirmer_name: String,
    pub confirmer_role: String,
    pub confirmer_pin: Option<String>,
    pub confirmed_on: String,
    pub created_at: String,
}
