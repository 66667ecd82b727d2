//! The appraisal: its sections, who may write what, the state machine, the canonical record that
//! signatures hash, and the Agenda for Change pay-step standards. No SQL here (that is
//! `storage/appraisals.rs`), so every rule is testable on plain values.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{Profile, Reflection, ReflectionSummary};
use crate::validate::{check_len, parse_date, MAX_PROFILE_FIELD, MAX_SECTION};

/// New objectives, development-plan items and carried-forward items per appraisal.
pub const MAX_ITEMS: usize = 30;
/// Reflections included as evidence for one value.
pub const MAX_EVIDENCE: usize = 50;
/// One line of an objective or plan item, in characters.
pub const MAX_ITEM_FIELD: usize = 2_000;
/// The longest appraisal period, in months.
pub const MAX_PERIOD_MONTHS: u32 = 24;
/// The format of the canonical signed record (bumped if its shape ever changes).
pub const RECORD_FORMAT: u32 = 1;

/// Who is writing: the colleague whose appraisal it is, or their appraiser (line manager) working
/// on the colleague's device in appraiser mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Colleague,
    Appraiser,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Colleague => "colleague",
            Role::Appraiser => "appraiser",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "colleague" => Some(Role::Colleague),
            "appraiser" => Some(Role::Appraiser),
            _ => None,
        }
    }
}

/// Where an appraisal is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppraisalState {
    /// The colleague is preparing it.
    Draft,
    /// The colleague has submitted it to their appraiser.
    ReadyForReview,
    /// The appraiser's part: comments, objectives agreed, sign-off.
    InReview,
    /// Both have signed.
    Agreed,
}

impl AppraisalState {
    pub const ALL: [AppraisalState; 4] = [
        AppraisalState::Draft,
        AppraisalState::ReadyForReview,
        AppraisalState::InReview,
        AppraisalState::Agreed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AppraisalState::Draft => "draft",
            AppraisalState::ReadyForReview => "ready_for_review",
            AppraisalState::InReview => "in_review",
            AppraisalState::Agreed => "agreed",
        }
    }
    pub fn parse(s: &str) -> Option<AppraisalState> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
    /// As people say it.
    pub fn label(self) -> &'static str {
        match self {
            AppraisalState::Draft => "Draft",
            AppraisalState::ReadyForReview => "Ready for review",
            AppraisalState::InReview => "In review",
            AppraisalState::Agreed => "Agreed",
        }
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The colleague sends the prepared appraisal to the appraiser.
    Submit,
    /// The colleague takes it back to change it before the review starts.
    Withdraw,
    /// The appraiser starts their part (entering appraiser mode does this).
    StartReview,
    /// The colleague or the appraiser signs (the role comes with the request).
    Sign,
    /// Reopen a signed record (needs a reason; clears the signatures).
    Reopen,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Submit,
        Action::Withdraw,
        Action::StartReview,
        Action::Sign,
        Action::Reopen,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Withdraw => "withdraw",
            Action::StartReview => "start_review",
            Action::Sign => "sign",
            Action::Reopen => "reopen",
        }
    }
}

/// The state after `action` by `actor`, given which roles have signed already; or a plain-English
/// refusal. This is the whole state machine: storage only calls it.
pub fn next_state(
    state: AppraisalState,
    action: Action,
    actor: Role,
    signed: &[Role],
) -> Result<AppraisalState> {
    use AppraisalState::*;
    let refuse = |why: &str| Err(Error::invalid("state", why.to_string()));
    match (action, state) {
        (Action::Submit, Draft) if actor == Role::Colleague => Ok(ReadyForReview),
        (Action::Submit, Draft) => refuse("Only the colleague can submit their appraisal"),
        (Action::Submit, _) => refuse(&format!(
            "This appraisal has already been submitted (it is {})",
            state.label().to_lowercase()
        )),
        (Action::Withdraw, ReadyForReview) if actor == Role::Colleague => Ok(Draft),
        (Action::Withdraw, ReadyForReview) => {
            refuse("Only the colleague can withdraw their appraisal")
        }
        (Action::Withdraw, _) => refuse(&format!(
            "Only an appraisal that is ready for review can be withdrawn (this one is {})",
            state.label().to_lowercase()
        )),
        (Action::StartReview, ReadyForReview) if actor == Role::Appraiser => Ok(InReview),
        (Action::StartReview, ReadyForReview) => {
            refuse("Only the appraiser can start the review: use appraiser mode")
        }
        (Action::StartReview, InReview) => refuse("The review has already started"),
        (Action::StartReview, Draft) => {
            refuse("The colleague has not submitted this appraisal for review yet")
        }
        (Action::StartReview, Agreed) => {
            refuse("This appraisal is agreed: reopen it to review it again")
        }
        (Action::Sign, InReview) if signed.contains(&actor) => refuse(&format!(
            "The {} has already signed this appraisal",
            actor.as_str()
        )),
        (Action::Sign, InReview) => {
            let both = signed.len() + 1 >= 2;
            Ok(if both { Agreed } else { InReview })
        }
        (Action::Sign, Agreed) => refuse("This appraisal is already agreed and signed by both"),
        (Action::Sign, _) => refuse("An appraisal can be signed only once the review has started"),
        (Action::Reopen, Agreed) => Ok(InReview),
        (Action::Reopen, InReview) if !signed.is_empty() => Ok(InReview),
        (Action::Reopen, _) => {
            refuse("Only a signed appraisal needs reopening: this one can be changed as it is")
        }
    }
}

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

/// Who may change a part of the record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Colleague,
    Appraiser,
    Both,
}

fn owner_name(owner: Owner) -> &'static str {
    match owner {
        Owner::Colleague => "the colleague",
        Owner::Appraiser => "the appraiser (in appraiser mode)",
        Owner::Both => "either",
    }
}

/// Refuse a change by someone who does not own the part.
fn guard<T: PartialEq>(
    field: &str,
    stored: &T,
    incoming: &T,
    owner: Owner,
    actor: Role,
) -> Result<()> {
    let allowed = match owner {
        Owner::Both => true,
        Owner::Colleague => actor == Role::Colleague,
        Owner::Appraiser => actor == Role::Appraiser,
    };
    if stored != incoming && !allowed {
        return Err(Error::invalid(
            field,
            format!("Only {} can change this", owner_name(owner)),
        ));
    }
    Ok(())
}

/// A note as it should be stored: the incoming text, credited to `actor` if it changed.
fn note(field: &str, stored: &Note, incoming: &Note, owner: Owner, actor: Role) -> Result<Note> {
    guard(field, &stored.text, &incoming.text, owner, actor)?;
    Ok(if stored.text == incoming.text {
        stored.clone()
    } else {
        Note {
            text: incoming.text.clone(),
            by: (!incoming.text.is_empty()).then_some(actor),
        }
    })
}

/// Merge an edit by `actor` into the stored content: each part owned by someone else must be
/// unchanged, the wellbeing notes hidden from the appraiser are kept, and every changed note or
/// row is credited to `actor`. `value_keys` is the framework's values, in order. `new_id` gives
/// ids to new rows.
pub fn merge_edit(
    stored: &AppraisalContent,
    incoming: &AppraisalContent,
    actor: Role,
    value_keys: &[String],
    new_id: &mut dyn FnMut() -> String,
) -> Result<AppraisalContent> {
    use Owner::*;
    let c = incoming;
    for (field, s, i) in [
        ("period_start", &stored.period_start, &c.period_start),
        ("period_end", &stored.period_end, &c.period_end),
    ] {
        guard(field, s, i, Colleague, actor)?;
    }
    guard(
        "wellbeing_shared",
        &stored.wellbeing_shared,
        &c.wellbeing_shared,
        Colleague,
        actor,
    )?;
    // The appraiser never saw hidden wellbeing notes, so what they send for them means nothing.
    let wellbeing = if actor == Role::Appraiser && !stored.wellbeing_shared {
        stored.wellbeing.clone()
    } else {
        note(
            "wellbeing",
            &stored.wellbeing,
            &c.wellbeing,
            Colleague,
            actor,
        )?
    };

    let mut values = Vec::with_capacity(value_keys.len());
    for (i, key) in c.values.iter().map(|v| &v.value_key).enumerate() {
        if !value_keys.contains(key) {
            return Err(Error::invalid(
                format!("values[{i}].value_key"),
                format!("'{key}' is not a value of this appraisal's framework"),
            ));
        }
    }
    let empty = ValueSection::default();
    for (i, key) in value_keys.iter().enumerate() {
        let s = stored
            .values
            .iter()
            .find(|v| &v.value_key == key)
            .unwrap_or(&empty);
        let n = c.values.iter().find(|v| &v.value_key == key).unwrap_or(s);
        let f = format!("values[{i}]");
        let mut ids: Vec<String> = Vec::with_capacity(n.reflection_ids.len());
        for id in &n.reflection_ids {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        guard(
            &format!("{f}.reflection_ids"),
            &s.reflection_ids,
            &ids,
            Colleague,
            actor,
        )?;
        values.push(ValueSection {
            value_key: key.clone(),
            reflection_ids: ids,
            summary: note(
                &format!("{f}.summary"),
                &s.summary,
                &n.summary,
                Colleague,
                actor,
            )?,
            comment: note(
                &format!("{f}.comment"),
                &s.comment,
                &n.comment,
                Appraiser,
                actor,
            )?,
        });
    }

    // Carried-forward items are fixed; only their outcome and note change.
    let mut previous = Vec::with_capacity(stored.previous.len());
    for (i, s) in stored.previous.iter().enumerate() {
        let Some(n) = c.previous.iter().find(|p| p.source_id == s.source_id) else {
            previous.push(s.clone());
            continue;
        };
        let f = format!("previous[{i}]");
        let mut item = s.clone();
        item.note = note(&format!("{f}.note"), &s.note, &n.note, Both, actor)?;
        if n.outcome != s.outcome {
            item.outcome = n.outcome;
            if item.note.text.is_empty() {
                item.note.by = Some(actor);
            }
        }
        previous.push(item);
    }

    let objectives = c
        .objectives
        .iter()
        .map(|o| {
            let old = stored
                .objectives
                .iter()
                .find(|s| !o.id.is_empty() && s.id == o.id);
            let mut row = o.clone();
            if row.id.is_empty() {
                row.id = new_id();
            }
            row.by = match old {
                Some(s) if same_objective(s, o) => s.by,
                _ => Some(actor),
            };
            row
        })
        .collect();
    let development_plan = c
        .development_plan
        .iter()
        .map(|d| {
            let old = stored
                .development_plan
                .iter()
                .find(|s| !d.id.is_empty() && s.id == d.id);
            let mut row = d.clone();
            if row.id.is_empty() {
                row.id = new_id();
            }
            row.by = match old {
                Some(s) if same_item(s, d) => s.by,
                _ => Some(actor),
            };
            row
        })
        .collect();
    let mut pay_step = c.pay_step.clone();
    pay_step.by = if same_pay_step(&stored.pay_step, &c.pay_step) {
        stored.pay_step.by
    } else {
        Some(actor)
    };

    Ok(AppraisalContent {
        period_start: c.period_start.trim().to_string(),
        period_end: c.period_end.trim().to_string(),
        appraiser_name: c.appraiser_name.trim().to_string(),
        appraiser_job_title: c.appraiser_job_title.trim().to_string(),
        meeting_date: c.meeting_date.trim().to_string(),
        review: Review {
            achievements: note(
                "review.achievements",
                &stored.review.achievements,
                &c.review.achievements,
                Colleague,
                actor,
            )?,
            challenges: note(
                "review.challenges",
                &stored.review.challenges,
                &c.review.challenges,
                Colleague,
                actor,
            )?,
            went_well: note(
                "review.went_well",
                &stored.review.went_well,
                &c.review.went_well,
                Colleague,
                actor,
            )?,
            support: note(
                "review.support",
                &stored.review.support,
                &c.review.support,
                Colleague,
                actor,
            )?,
        },
        values,
        previous,
        objectives,
        development_plan,
        wellbeing,
        wellbeing_shared: c.wellbeing_shared,
        career: note("career", &stored.career, &c.career, Colleague, actor)?,
        pay_step,
        colleague_summary: note(
            "colleague_summary",
            &stored.colleague_summary,
            &c.colleague_summary,
            Colleague,
            actor,
        )?,
        appraiser_summary: note(
            "appraiser_summary",
            &stored.appraiser_summary,
            &c.appraiser_summary,
            Appraiser,
            actor,
        )?,
    })
}

fn same_objective(a: &Objective, b: &Objective) -> bool {
    (&a.objective, &a.measure, &a.by_date, &a.support)
        == (&b.objective, &b.measure, &b.by_date, &b.support)
}

fn same_item(a: &DevelopmentItem, b: &DevelopmentItem) -> bool {
    (
        &a.need,
        &a.activity,
        &a.support,
        &a.target_date,
        a.status,
        a.ksf,
    ) == (
        &b.need,
        &b.activity,
        &b.support,
        &b.target_date,
        b.status,
        b.ksf,
    )
}

fn same_pay_step(a: &PayStep, b: &PayStep) -> bool {
    (
        &a.date,
        a.no_capability,
        a.no_disciplinary,
        a.training,
        a.staff_appraised,
    ) == (
        &b.date,
        b.no_capability,
        b.no_disciplinary,
        b.training,
        b.staff_appraised,
    )
}

fn optional_date(field: &str, value: &str) -> Result<Option<NaiveDate>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, value).map(Some)
    }
}

/// The period's dates, checked: both real dates, the end after the start, at most two years.
pub fn check_period(start: &str, end: &str) -> Result<(NaiveDate, NaiveDate)> {
    let s = parse_date("period_start", start)?;
    let e = parse_date("period_end", end)?;
    if e < s {
        return Err(Error::invalid(
            "period_end",
            format!("The end of the period must be after its start ({s})"),
        ));
    }
    if s.checked_add_months(Months::new(MAX_PERIOD_MONTHS))
        .is_some_and(|max| e > max)
    {
        return Err(Error::invalid(
            "period_end",
            format!("An appraisal period can be at most {MAX_PERIOD_MONTHS} months long"),
        ));
    }
    Ok((s, e))
}

/// Checks that hold on every save (a half-done appraisal is fine; nonsense is not).
pub fn validate(c: &AppraisalContent) -> Result<()> {
    check_period(&c.period_start, &c.period_end)?;
    check_len("appraiser_name", &c.appraiser_name, MAX_PROFILE_FIELD)?;
    check_len(
        "appraiser_job_title",
        &c.appraiser_job_title,
        MAX_PROFILE_FIELD,
    )?;
    optional_date("meeting_date", &c.meeting_date)?;
    optional_date("pay_step.date", &c.pay_step.date)?;
    let notes: [(&str, &Note); 7] = [
        ("review.achievements", &c.review.achievements),
        ("review.challenges", &c.review.challenges),
        ("review.went_well", &c.review.went_well),
        ("review.support", &c.review.support),
        ("wellbeing", &c.wellbeing),
        ("career", &c.career),
        ("colleague_summary", &c.colleague_summary),
    ];
    for (field, n) in notes {
        check_len(field, &n.text, MAX_SECTION)?;
    }
    check_len("appraiser_summary", &c.appraiser_summary.text, MAX_SECTION)?;
    for (i, v) in c.values.iter().enumerate() {
        check_len(
            &format!("values[{i}].summary"),
            &v.summary.text,
            MAX_SECTION,
        )?;
        check_len(
            &format!("values[{i}].comment"),
            &v.comment.text,
            MAX_SECTION,
        )?;
        if v.reflection_ids.len() > MAX_EVIDENCE {
            return Err(Error::invalid(
                format!("values[{i}].reflection_ids"),
                format!("Include at most {MAX_EVIDENCE} reflections for one value"),
            ));
        }
    }
    for (field, n) in [
        ("objectives", c.objectives.len()),
        ("development_plan", c.development_plan.len()),
    ] {
        if n > MAX_ITEMS {
            return Err(Error::invalid(
                field,
                format!("Add at most {MAX_ITEMS} items"),
            ));
        }
    }
    for (i, p) in c.previous.iter().enumerate() {
        check_len(&format!("previous[{i}].note"), &p.note.text, MAX_ITEM_FIELD)?;
    }
    for (i, o) in c.objectives.iter().enumerate() {
        let f = format!("objectives[{i}]");
        for (name, v) in [
            ("objective", &o.objective),
            ("measure", &o.measure),
            ("support", &o.support),
        ] {
            check_len(&format!("{f}.{name}"), v, MAX_ITEM_FIELD)?;
        }
        optional_date(&format!("{f}.by_date"), &o.by_date)?;
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        let f = format!("development_plan[{i}]");
        for (name, v) in [
            ("need", &d.need),
            ("activity", &d.activity),
            ("support", &d.support),
        ] {
            check_len(&format!("{f}.{name}"), v, MAX_ITEM_FIELD)?;
        }
        optional_date(&format!("{f}.target_date"), &d.target_date)?;
    }
    Ok(())
}

fn require(field: &str, value: &str, message: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(field, message.to_string()))
    } else {
        Ok(())
    }
}

/// What must be filled in before the colleague can submit.
pub fn check_ready_to_submit(c: &AppraisalContent) -> Result<()> {
    require(
        "appraiser_name",
        &c.appraiser_name,
        "Enter your appraiser's name",
    )?;
    require(
        "appraiser_job_title",
        &c.appraiser_job_title,
        "Enter your appraiser's job title",
    )?;
    Ok(())
}

/// What must be complete before anyone signs: every carried-forward item has an outcome, and
/// every new objective and plan item is complete (SMART objectives need a measure and a date).
pub fn check_ready_to_sign(c: &AppraisalContent) -> Result<()> {
    check_ready_to_submit(c)?;
    for (i, p) in c.previous.iter().enumerate() {
        if p.outcome.is_none() {
            return Err(Error::invalid(
                format!("previous[{i}].outcome"),
                format!("Say how last year's item \"{}\" went", short(&p.text)),
            ));
        }
    }
    for (i, o) in c.objectives.iter().enumerate() {
        let f = format!("objectives[{i}]");
        require(
            &format!("{f}.objective"),
            &o.objective,
            "Enter the objective, or remove the row",
        )?;
        require(
            &format!("{f}.measure"),
            &o.measure,
            "Say how success will be measured",
        )?;
        require(
            &format!("{f}.by_date"),
            &o.by_date,
            "Enter the date it should be achieved by",
        )?;
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        let f = format!("development_plan[{i}]");
        require(
            &format!("{f}.need"),
            &d.need,
            "Enter the development need, or remove the row",
        )?;
        require(
            &format!("{f}.activity"),
            &d.activity,
            "Enter the activity that will meet the need",
        )?;
        require(
            &format!("{f}.target_date"),
            &d.target_date,
            "Enter a target date",
        )?;
    }
    Ok(())
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

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

/// One pay-step standard and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StandardStatus {
    pub key: String,
    pub label: String,
    pub answer: Answer,
    pub met: bool,
    pub detail: String,
}

/// Pay-step readiness, worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PayStepStatus {
    pub date: Option<String>,
    /// Days from today to the pay-step date (negative once it has passed).
    pub days_until: Option<i64>,
    pub standards: Vec<StandardStatus>,
    pub ready: bool,
    /// The labels of the standards not yet met.
    pub missing: Vec<String>,
}

/// The five Agenda for Change standards, in the order the pay-progression framework lists them.
pub const STANDARDS: [(&str, &str); 5] = [
    ("appraisal", "Appraisal completed in the last twelve months"),
    ("no_capability", "No formal capability process under way"),
    ("no_disciplinary", "No live formal disciplinary sanction"),
    ("training", "Statutory and mandatory training complete"),
    ("staff_appraised", "If a manager, all their staff appraised"),
];

/// Work out pay-step readiness on `today`. The first standard is met when an appraisal was agreed
/// on or after the day twelve months before the pay-step date (or before today, if no date is set).
pub fn pay_step_status(
    p: &PayStep,
    last_agreed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> PayStepStatus {
    let date = NaiveDate::parse_from_str(p.date.trim(), "%Y-%m-%d").ok();
    let reference = date.unwrap_or(today);
    let window_start = reference
        .checked_sub_months(Months::new(12))
        .unwrap_or(reference);
    let appraisal_met =
        last_agreed_on.is_some_and(|d| d >= window_start && d <= reference.max(today));
    let appraisal_detail = match last_agreed_on {
        Some(d) if appraisal_met => format!("Agreed on {d}"),
        Some(d) => format!(
            "The last agreed appraisal was on {d}, more than twelve months before {reference}"
        ),
        None => "No agreed appraisal yet: this one counts once both have signed".to_string(),
    };
    let answers = [
        p.no_capability,
        p.no_disciplinary,
        p.training,
        p.staff_appraised,
    ];
    let mut standards = vec![StandardStatus {
        key: STANDARDS[0].0.into(),
        label: STANDARDS[0].1.into(),
        answer: if appraisal_met {
            Answer::Yes
        } else {
            Answer::No
        },
        met: appraisal_met,
        detail: appraisal_detail,
    }];
    for ((key, label), answer) in STANDARDS[1..].iter().zip(answers) {
        let na_allowed = *key == "staff_appraised";
        let met = answer == Answer::Yes || (na_allowed && answer == Answer::NotApplicable);
        let detail = match answer {
            Answer::Unanswered => "Not confirmed yet".to_string(),
            Answer::Yes => "Confirmed".to_string(),
            Answer::No => "Not met".to_string(),
            Answer::NotApplicable if na_allowed => "Not applicable: manages no staff".to_string(),
            Answer::NotApplicable => "Not applicable is only for the manager standard".to_string(),
        };
        standards.push(StandardStatus {
            key: (*key).into(),
            label: (*label).into(),
            answer,
            met,
            detail,
        });
    }
    let missing: Vec<String> = standards
        .iter()
        .filter(|s| !s.met)
        .map(|s| s.label.clone())
        .collect();
    PayStepStatus {
        date: date.map(|d| d.to_string()),
        days_until: date.map(|d| (d - today).num_days()),
        ready: missing.is_empty(),
        standards,
        missing,
    }
}

/// The next appraisal is due twelve months after the last one was agreed.
pub fn next_due(last_agreed_on: NaiveDate) -> NaiveDate {
    last_agreed_on
        .checked_add_months(Months::new(12))
        .unwrap_or(last_agreed_on)
}

/// The default period for a new appraisal: the twelve months after the previous period, or the
/// twelve months up to today.
pub fn default_period(previous_end: Option<NaiveDate>, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    match previous_end.and_then(|e| e.succ_opt()) {
        Some(start) => {
            let end = start
                .checked_add_months(Months::new(12))
                .and_then(|d| d.pred_opt())
                .unwrap_or(start);
            (start, end)
        }
        None => {
            let start = today
                .checked_sub_months(Months::new(12))
                .and_then(|d| d.succ_opt())
                .unwrap_or(today);
            (start, today)
        }
    }
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
