//! What people write in an appraisal: `AppraisalContent` and the types of its sections.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Role;

/// A piece of text in the record, with who last wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Note {
    pub text: String,
    /// Set by the store on each change; whatever a caller sends here is ignored.
    pub by: Option<Role>,
}

/// Section 2: review of the last year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    pub achievements: Note,
    pub challenges: Note,
    pub went_well: Note,
    pub support: Note,
}

/// Section 3, one value: the included evidence, the colleague's summary, the appraiser's comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ValueSection {
    pub value_key: String,
    /// Shared reflections the colleague chose to include (ids).
    pub reflection_ids: Vec<String>,
    pub summary: Note,
    pub comment: Note,
}

/// How last year's objective or plan item went.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    PartlyMet,
    NotMet,
    CarriedForward,
    Dropped,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Met,
        Outcome::PartlyMet,
        Outcome::NotMet,
        Outcome::CarriedForward,
        Outcome::Dropped,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::PartlyMet => "partly_met",
            Outcome::NotMet => "not_met",
            Outcome::CarriedForward => "carried_forward",
            Outcome::Dropped => "dropped",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Met => "Met",
            Outcome::PartlyMet => "Partly met",
            Outcome::NotMet => "Not met",
            Outcome::CarriedForward => "Carried forward",
            Outcome::Dropped => "Dropped",
        }
    }
    pub fn parse(s: &str) -> Option<Outcome> {
        let s = s.replace(['-', ' '], "_").to_lowercase();
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Objective,
    Development,
}

/// Section 4: an objective or plan item carried forward from the previous appraisal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviousItem {
    /// The id of the objective or plan item in the previous appraisal.
    pub source_id: String,
    pub kind: ItemKind,
    pub text: String,
    pub detail: String,
    pub outcome: Option<Outcome>,
    pub note: Note,
}

/// Section 5: a SMART objective.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Objective {
    /// Empty for a new row; the store assigns one.
    pub id: String,
    pub objective: String,
    /// How success will be measured.
    pub measure: String,
    /// By when (YYYY-MM-DD).
    pub by_date: String,
    pub support: String,
    pub by: Option<Role>,
}

#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Proposed,
    Agreed,
    Complete,
    CarriedForward,
    Dropped,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 5] = [
        PlanStatus::Proposed,
        PlanStatus::Agreed,
        PlanStatus::Complete,
        PlanStatus::CarriedForward,
        PlanStatus::Dropped,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Proposed => "proposed",
            PlanStatus::Agreed => "agreed",
            PlanStatus::Complete => "complete",
            PlanStatus::CarriedForward => "carried_forward",
            PlanStatus::Dropped => "dropped",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Proposed => "Proposed",
            PlanStatus::Agreed => "Agreed",
            PlanStatus::Complete => "Complete",
            PlanStatus::CarriedForward => "Carried forward",
            PlanStatus::Dropped => "Dropped",
        }
    }
    pub fn parse(s: &str) -> Option<PlanStatus> {
        let s = s.replace(['-', ' '], "_").to_lowercase();
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// The six core dimensions of the NHS Knowledge and Skills Framework.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Ksf {
    Communication,
    PersonalAndPeopleDevelopment,
    HealthSafetyAndSecurity,
    ServiceImprovement,
    Quality,
    EqualityAndDiversity,
}

impl Ksf {
    pub const ALL: [Ksf; 6] = [
        Ksf::Communication,
        Ksf::PersonalAndPeopleDevelopment,
        Ksf::HealthSafetyAndSecurity,
        Ksf::ServiceImprovement,
        Ksf::Quality,
        Ksf::EqualityAndDiversity,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Ksf::Communication => "communication",
            Ksf::PersonalAndPeopleDevelopment => "personal_and_people_development",
            Ksf::HealthSafetyAndSecurity => "health_safety_and_security",
            Ksf::ServiceImprovement => "service_improvement",
            Ksf::Quality => "quality",
            Ksf::EqualityAndDiversity => "equality_and_diversity",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Ksf::Communication => "Communication",
            Ksf::PersonalAndPeopleDevelopment => "Personal and people development",
            Ksf::HealthSafetyAndSecurity => "Health, safety and security",
            Ksf::ServiceImprovement => "Service improvement",
            Ksf::Quality => "Quality",
            Ksf::EqualityAndDiversity => "Equality and diversity",
        }
    }
    pub fn parse(s: &str) -> Option<Ksf> {
        let s = s.replace(['-', ' '], "_").replace(',', "").to_lowercase();
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Section 6: a personal development plan item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DevelopmentItem {
    pub id: String,
    pub need: String,
    pub activity: String,
    pub support: String,
    pub target_date: String,
    pub status: PlanStatus,
    pub ksf: Option<Ksf>,
    pub by: Option<Role>,
}

/// A pay-step standard's answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    #[default]
    Unanswered,
    Yes,
    No,
    /// Only for "all their staff appraised", when the colleague manages nobody.
    NotApplicable,
}

impl Answer {
    pub fn parse(s: &str) -> Option<Answer> {
        match s.to_lowercase().replace(['-', ' ', '/'], "_").as_str() {
            "yes" | "y" | "confirmed" => Some(Answer::Yes),
            "no" | "n" | "not_confirmed" => Some(Answer::No),
            "n_a" | "na" | "not_applicable" => Some(Answer::NotApplicable),
            "unanswered" | "" => Some(Answer::Unanswered),
            _ => None,
        }
    }
}

/// Section 9: the Agenda for Change pay-step standards. The first (an appraisal in the last twelve
/// months) is worked out from the agreed appraisals; the others are confirmed here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PayStep {
    /// The pay-step date (YYYY-MM-DD), or empty if none is due.
    pub date: String,
    /// No formal capability process is under way.
    pub no_capability: Answer,
    /// No live formal disciplinary sanction.
    pub no_disciplinary: Answer,
    /// Statutory and mandatory training is complete.
    pub training: Answer,
    /// A manager has appraised all their staff (not applicable to non-managers).
    pub staff_appraised: Answer,
    pub by: Option<Role>,
}

/// Everything in an appraisal that people write. Saved whole on each autosave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppraisalContent {
    pub period_start: String,
    pub period_end: String,
    pub appraiser_name: String,
    pub appraiser_job_title: String,
    /// The date of the appraisal meeting (YYYY-MM-DD), once known.
    pub meeting_date: String,
    pub review: Review,
    /// One per value of the colleague's framework, in its order.
    pub values: Vec<ValueSection>,
    pub previous: Vec<PreviousItem>,
    pub objectives: Vec<Objective>,
    pub development_plan: Vec<DevelopmentItem>,
    /// The colleague's own notes: never shown to the appraiser or included in anything shared
    /// unless `wellbeing_shared` is set for this appraisal.
    pub wellbeing: Note,
    pub wellbeing_shared: bool,
    pub career: Note,
    pub pay_step: PayStep,
    pub colleague_summary: Note,
    pub appraiser_summary: Note,
}
