//! An appraisal as a person sees it, the list's rows and reminders.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Profile, Reflection, ReflectionSummary};

use super::*;

/// Evidence for one value, as the workspace shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ValueEvidence {
    pub key: String,
    pub name: String,
    /// The included reflections, in full (the appraiser reads them in the meeting).
    pub included: Vec<Reflection>,
    /// Shared reflections in the period tagged with this value and not yet included (colleague
    /// only; empty once signed).
    pub proposed: Vec<ReflectionSummary>,
    /// Private reflections tagged with this value in the period: never offered, only counted so
    /// the colleague knows they could share them (colleague only).
    pub private_count: u32,
    /// Ids in the content that are no longer shared or have been deleted (colleague only): they
    /// are left out of the record.
    pub unavailable: Vec<String>,
}

/// What starting an appraisal needs. Empty period dates take the default period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewAppraisal {
    pub period_start: String,
    pub period_end: String,
    pub appraiser_name: String,
    pub appraiser_job_title: String,
}

/// An appraisal as a person sees it: the content (with what `viewer` may not see removed), the
/// details, the evidence per value, signatures, the log and pay-step readiness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Appraisal {
    pub id: String,
    pub state: AppraisalState,
    pub viewer: Role,
    pub content: AppraisalContent,
    /// Section 1: the profile now, or as it was when the record was first signed.
    pub details: Profile,
    pub framework: RecordFramework,
    pub evidence: Vec<ValueEvidence>,
    pub signatures: Vec<Signature>,
    pub events: Vec<AppraisalEvent>,
    /// True once anyone has signed: nothing can change without reopening.
    pub frozen: bool,
    /// The parts this viewer may change now, and the workflow steps to offer them, in order
    /// (`permissions`): the UI draws from these rather than knowing the rules.
    pub editable: Vec<Part>,
    pub steps: Vec<Action>,
    /// SHA-256 of the signed record, once frozen.
    pub record_sha256: Option<String>,
    /// Whether the stored record still matches its signatures (once frozen).
    pub intact: Option<bool>,
    /// True when the wellbeing notes exist but are hidden from this viewer.
    pub wellbeing_hidden: bool,
    pub pay_step: PayStepStatus,
    pub previous_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub agreed_at: Option<String>,
    /// Counts every change to the appraisal. A save or a workflow step carries the version it
    /// was made on, and one made on an older version is refused as a conflict.
    pub edit_version: u32,
}

/// A row of the appraisal list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppraisalSummary {
    pub id: String,
    pub state: AppraisalState,
    pub period_start: String,
    pub period_end: String,
    pub appraiser_name: String,
    pub signed_by: Vec<Role>,
    pub pay_step_date: Option<String>,
    pub updated_at: String,
    pub agreed_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    AppraisalDue,
    PayStep,
    ValueGap,
    Revalidation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Soon,
    Overdue,
}

/// Something coming up, shown in the app and by `reflect appraisal reminders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub severity: Severity,
    pub message: String,
    pub due: Option<String>,
    /// Where in the app to act on it (a hash route), if anywhere.
    pub link: Option<String>,
}
