//! `reflect appraisal …` and `reflect revalidation …`: every action of the app's appraisal
//! workspace and revalidation dashboard, over `reflect-core`.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use reflect_core::appraisal::{
    Action, Answer, Appraisal, AppraisalContent, DevelopmentItem, Ksf, NewAppraisal, Objective,
    Outcome, PlanStatus, Reminder, Role, Severity,
};
use reflect_core::revalidation::{ConfirmationInput, DiscussionInput, FeedbackInput, Revalidation};
use reflect_core::{today, Error, Result, Store};

use crate::run::{emit, local};

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum AsArg {
    /// You, the colleague whose appraisal it is (the default).
    #[default]
    Colleague,
    /// Your appraiser, writing on this device during the meeting (appraiser mode).
    Appraiser,
}

impl From<AsArg> for Role {
    fn from(a: AsArg) -> Role {
        match a {
            AsArg::Colleague => Role::Colleague,
            AsArg::Appraiser => Role::Appraiser,
        }
    }
}

#[derive(Debug, Args)]
pub struct Actor {
    /// Who is acting: colleague (default) or appraiser. The appraiser sees only what you shared.
    #[arg(long = "as", value_enum, default_value_t = AsArg::Colleague)]
    pub actor: AsArg,
}

/// The text fields of an appraisal, as `reflect appraisal set` names them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Field {
    PeriodStart,
    PeriodEnd,
    Appraiser,
    AppraiserTitle,
    MeetingDate,
    Achievements,
    Challenges,
    WentWell,
    Support,
    /// Your summary for a value (needs --value).
    ValueSummary,
    /// The appraiser's comment on a value (needs --value and --as appraiser).
    ValueComment,
    /// Health and wellbeing notes (yours; hidden from the appraiser unless shared).
    Wellbeing,
    /// yes or no: share the wellbeing notes with the appraiser for this appraisal.
    WellbeingShared,
    Career,
    /// Summary comments: yours, or the appraiser's with --as appraiser.
    Summary,
    PayStepDate,
    /// yes, no: no formal capability process under way.
    NoCapability,
    /// yes, no: no live formal disciplinary sanction.
    NoDisciplinary,
    /// yes, no: statutory and mandatory training complete.
    Training,
    /// yes, no, n/a: (managers) all your staff appraised.
    StaffAppraised,
}

#[derive(Debug, Subcommand)]
pub enum AppraisalCommand {
    /// List your appraisals, newest first.
    List,
    /// Start an appraisal. Without dates: the twelve months after the last one (or up to today).
    /// Last year's objectives and development plan are carried forward.
    New {
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        end: Option<String>,
        /// Your appraiser's name (default: the line manager in your profile).
        #[arg(long)]
        appraiser: Option<String>,
        /// Your appraiser's job title.
        #[arg(long)]
        appraiser_title: Option<String>,
    },
    /// Show an appraisal, every section in order, as the colleague or the appraiser sees it.
    Show {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Set one text field (see the list of FIELDs).
    Set {
        id: String,
        #[arg(value_enum)]
        field: Field,
        /// The new text ("" clears it).
        value: String,
        /// The value (name or key) for value-summary and value-comment.
        #[arg(long)]
        value_of: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// The reflections proposed and included for each value.
    Evidence {
        id: String,
        /// Only this value (name or key).
        #[arg(long)]
        value: Option<String>,
    },
    /// Include shared reflections as evidence for a value.
    Include {
        id: String,
        /// The value (name or key).
        #[arg(long)]
        value: String,
        /// Reflection ids.
        reflections: Vec<String>,
        /// Include every proposed reflection for the value.
        #[arg(long)]
        proposed: bool,
    },
    /// Stop including reflections as evidence for a value.
    Exclude {
        id: String,
        #[arg(long)]
        value: String,
        #[arg(required = true)]
        reflections: Vec<String>,
    },
    /// New SMART objectives: add, edit or remove (numbered as `show` prints them).
    #[command(subcommand)]
    Objective(ObjectiveCommand),
    /// The personal development plan: add, edit or remove items.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Mark how last year's objective or plan item N went.
    Outcome {
        id: String,
        /// The item's number in `show`, section 4.
        number: usize,
        #[arg(value_enum)]
        outcome: OutcomeArg,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Submit the appraisal to your appraiser (draft → ready for review).
    Submit { id: String },
    /// Take it back before the review starts (ready for review → draft).
    Withdraw { id: String },
    /// The appraiser starts their part (ready for review → in review).
    StartReview { id: String },
    /// Sign the record. When both have signed it is agreed and frozen.
    Sign {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Reopen a signed record: needs a reason, is logged, and clears both signatures.
    Reopen {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Delete a draft appraisal.
    Delete { id: String },
    /// Next appraisal due, pay-step date, values without a recent reflection, revalidation.
    Reminders,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    Met,
    PartlyMet,
    NotMet,
    CarriedForward,
    Dropped,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Proposed,
    Agreed,
    Complete,
    CarriedForward,
    Dropped,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KsfArg {
    Communication,
    PersonalAndPeopleDevelopment,
    HealthSafetyAndSecurity,
    ServiceImprovement,
    Quality,
    EqualityAndDiversity,
}

#[derive(Debug, Args)]
pub struct ObjectiveFields {
    /// The objective.
    #[arg(long)]
    pub objective: Option<String>,
    /// How success will be measured.
    #[arg(long)]
    pub measure: Option<String>,
    /// By when, YYYY-MM-DD.
    #[arg(long)]
    pub by: Option<String>,
    /// Support needed.
    #[arg(long)]
    pub support: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ObjectiveCommand {
    Add {
        id: String,
        #[command(flatten)]
        fields: ObjectiveFields,
        #[command(flatten)]
        actor: Actor,
    },
    Edit {
        id: String,
        number: usize,
        #[command(flatten)]
        fields: ObjectiveFields,
        #[command(flatten)]
        actor: Actor,
    },
    Remove {
        id: String,
        number: usize,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Debug, Args)]
pub struct PlanFields {
    /// The development need.
    #[arg(long)]
    pub need: Option<String>,
    /// The activity that will meet it.
    #[arg(long)]
    pub activity: Option<String>,
    /// Support needed.
    #[arg(long)]
    pub support: Option<String>,
    /// Target date, YYYY-MM-DD.
    #[arg(long)]
    pub target: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// The NHS KSF core dimension it develops.
    #[arg(long, value_enum)]
    pub ksf: Option<KsfArg>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    Add {
        id: String,
        #[command(flatten)]
        fields: PlanFields,
        #[command(flatten)]
        actor: Actor,
    },
    Edit {
        id: String,
        number: usize,
        #[command(flatten)]
        fields: PlanFields,
        #[command(flatten)]
        actor: Actor,
    },
    Remove {
        id: String,
        number: usize,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Debug, Subcommand)]
pub enum RevalidationCommand {
    /// Progress against what the NMC asks for, and what is due before your renewal date.
    Status,
    /// The practice-related feedback log.
    #[command(subcommand)]
    Feedback(FeedbackCommand),
    /// Record a reflective discussion with another NMC registrant.
    Discussion {
        #[arg(long)]
        partner: String,
        /// Their NMC PIN, e.g. 12A3456E.
        #[arg(long)]
        pin: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Record your confirmation.
    Confirm {
        /// The confirmer's name.
        #[arg(long)]
        name: String,
        /// Their role, e.g. "Ward Manager".
        #[arg(long)]
        role: String,
        /// Their NMC PIN, if they are on the register.
        #[arg(long)]
        pin: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
    /// Remove a recorded discussion or confirmation by id.
    Remove {
        #[arg(value_enum)]
        what: RemoveWhat,
        id: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RemoveWhat {
    Discussion,
    Confirmation,
}

#[derive(Debug, Args)]
pub struct FeedbackFields {
    /// When you received it, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
    /// Who it came from (patient, colleague, audit…).
    #[arg(long)]
    pub source: Option<String>,
    /// What it said.
    #[arg(long)]
    pub said: Option<String>,
    /// What changed as a result.
    #[arg(long)]
    pub changed: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    List,
    Add(FeedbackFields),
    Edit {
        id: String,
        #[command(flatten)]
        fields: FeedbackFields,
    },
    Remove {
        id: String,
    },
}

pub fn appraisal(
    store: &mut Store,
    cmd: AppraisalCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let today = today();
    let shown = |store: &Store, id: &str, role: Role, out: &mut dyn Write| -> Result<()> {
        let a = store.appraisal(id, role, today)?;
        emit(out, json, &a, |o| print_appraisal(o, &a))
    };
    match cmd {
        AppraisalCommand::List => {
            let rows = store.list_appraisals()?;
            emit(out, json, &rows, |o| {
                if rows.is_empty() {
                    writeln!(
                        o,
                        "No appraisals yet. Start one with: reflect appraisal new"
                    )?;
                }
                for r in &rows {
                    writeln!(
                        o,
                        "{}  {} to {}  {:<16}  appraiser {}",
                        r.id,
                        r.period_start,
                        r.period_end,
                        r.state.label(),
                        if r.appraiser_name.is_empty() {
                            "not named"
                        } else {
                            &r.appraiser_name
                        }
                    )?;
                }
                Ok(())
            })
        }
        AppraisalCommand::New {
            start,
            end,
            appraiser,
            appraiser_title,
        } => {
            let profile = store.require_profile()?;
            let input = NewAppraisal {
                period_start: start.unwrap_or_default(),
                period_end: end.unwrap_or_default(),
                appraiser_name: appraiser.unwrap_or(profile.line_manager),
                appraiser_job_title: appraiser_title.unwrap_or_default(),
            };
            let a = store.create_appraisal(&input, today)?;
            emit(out, json, &a, |o| {
                writeln!(
                    o,
                    "Started the appraisal for {} to {} as {}.",
                    a.content.period_start, a.content.period_end, a.id
                )?;
                if !a.content.previous.is_empty() {
                    writeln!(
                        o,
                        "Carried forward {} objectives and plan items from last time.",
                        a.content.previous.len()
                    )?;
                }
                Ok(())
            })
        }
        AppraisalCommand::Show { id, actor } => shown(store, &id, actor.actor.into(), out),
        AppraisalCommand::Set {
            id,
            field,
            value,
            value_of,
            actor,
        } => {
            let role: Role = actor.actor.into();
            edit(store, &id, role, |a, c| {
                set_field(a, c, field, &value, value_of.as_deref(), role)
            })?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Evidence { id, value } => {
            let a = store.appraisal(&id, Role::Colleague, today)?;
            let only = value.map(|v| value_index(&a, &v)).transpose()?;
            let evidence: Vec<_> = a
                .evidence
                .iter()
                .enumerate()
                .filter(|(i, _)| only.is_none_or(|o| o == *i))
                .map(|(_, e)| e)
                .collect();
            emit(out, json, &evidence, |o| {
                for e in &evidence {
                    writeln!(o, "{}", e.name)?;
                    for r in &e.included {
                        writeln!(o, "  included  {}  {}  {}", r.id, r.event_date, r.title)?;
                    }
                    for r in &e.proposed {
                        writeln!(o, "  proposed  {}  {}  {}", r.id, r.event_date, r.title)?;
                    }
                    if e.included.is_empty() && e.proposed.is_empty() {
                        writeln!(o, "  GAP: no shared reflection in the period")?;
                    }
                    if e.private_count > 0 {
                        writeln!(o, "  ({} private reflections are not offered: share them to include them)", e.private_count)?;
                    }
                }
                Ok(())
            })
        }
        AppraisalCommand::Include {
            id,
            value,
            reflections,
            proposed,
        } => {
            if reflections.is_empty() && !proposed {
                return Err(Error::invalid(
                    "reflections",
                    "Give reflection ids, or --proposed to include every proposed one",
                ));
            }
            edit(store, &id, Role::Colleague, |a, c| {
                let i = value_index(a, &value)?;
                let mut ids = reflections.clone();
                if proposed {
                    ids.extend(a.evidence[i].proposed.iter().map(|p| p.id.clone()));
                }
                c.values[i].reflection_ids.extend(ids);
                Ok(())
            })?;
            shown(store, &id, Role::Colleague, out)
        }
        AppraisalCommand::Exclude {
            id,
            value,
            reflections,
        } => {
            edit(store, &id, Role::Colleague, |a, c| {
                let i = value_index(a, &value)?;
                c.values[i]
                    .reflection_ids
                    .retain(|r| !reflections.contains(r));
                Ok(())
            })?;
            shown(store, &id, Role::Colleague, out)
        }
        AppraisalCommand::Objective(cmd) => {
            let (id, role) = match &cmd {
                ObjectiveCommand::Add { id, actor, .. }
                | ObjectiveCommand::Edit { id, actor, .. }
                | ObjectiveCommand::Remove { id, actor, .. } => {
                    (id.clone(), Role::from(actor.actor))
                }
            };
            edit(store, &id, role, |_, c| match &cmd {
                ObjectiveCommand::Add { fields, .. } => {
                    let mut o = Objective::default();
                    apply_objective(&mut o, fields);
                    c.objectives.push(o);
                    Ok(())
                }
                ObjectiveCommand::Edit { number, fields, .. } => {
                    let i = row("number", *number, c.objectives.len())?;
                    apply_objective(&mut c.objectives[i], fields);
                    Ok(())
                }
                ObjectiveCommand::Remove { number, .. } => {
                    let i = row("number", *number, c.objectives.len())?;
                    c.objectives.remove(i);
                    Ok(())
                }
            })?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Plan(cmd) => {
            let (id, role) = match &cmd {
                PlanCommand::Add { id, actor, .. }
                | PlanCommand::Edit { id, actor, .. }
                | PlanCommand::Remove { id, actor, .. } => (id.clone(), Role::from(actor.actor)),
            };
            edit(store, &id, role, |_, c| match &cmd {
                PlanCommand::Add { fields, .. } => {
                    let mut d = DevelopmentItem {
                        id: String::new(),
                        need: String::new(),
                        activity: String::new(),
                        support: String::new(),
                        target_date: String::new(),
                        status: PlanStatus::Proposed,
                        ksf: None,
                        by: None,
                    };
                    apply_plan(&mut d, fields);
                    c.development_plan.push(d);
                    Ok(())
                }
                PlanCommand::Edit { number, fields, .. } => {
                    let i = row("number", *number, c.development_plan.len())?;
                    apply_plan(&mut c.development_plan[i], fields);
                    Ok(())
                }
                PlanCommand::Remove { number, .. } => {
                    let i = row("number", *number, c.development_plan.len())?;
                    c.development_plan.remove(i);
                    Ok(())
                }
            })?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Outcome {
            id,
            number,
            outcome,
            note,
            actor,
        } => {
            let role = actor.actor.into();
            edit(store, &id, role, |_, c| {
                let i = row("number", number, c.previous.len())?;
                c.previous[i].outcome = Some(match outcome {
                    OutcomeArg::Met => Outcome::Met,
                    OutcomeArg::PartlyMet => Outcome::PartlyMet,
                    OutcomeArg::NotMet => Outcome::NotMet,
                    OutcomeArg::CarriedForward => Outcome::CarriedForward,
                    OutcomeArg::Dropped => Outcome::Dropped,
                });
                if let Some(n) = &note {
                    c.previous[i].note.text = n.clone();
                }
                Ok(())
            })?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Submit { id } => {
            step(store, &id, Action::Submit, Role::Colleague, None, json, out)
        }
        AppraisalCommand::Withdraw { id } => step(
            store,
            &id,
            Action::Withdraw,
            Role::Colleague,
            None,
            json,
            out,
        ),
        AppraisalCommand::StartReview { id } => step(
            store,
            &id,
            Action::StartReview,
            Role::Appraiser,
            None,
            json,
            out,
        ),
        AppraisalCommand::Sign { id, actor } => step(
            store,
            &id,
            Action::Sign,
            actor.actor.into(),
            None,
            json,
            out,
        ),
        AppraisalCommand::Reopen { id, reason, actor } => step(
            store,
            &id,
            Action::Reopen,
            actor.actor.into(),
            Some(&reason),
            json,
            out,
        ),
        AppraisalCommand::Delete { id } => {
            store.delete_appraisal(&id)?;
            emit(out, json, &serde_json::json!({ "deleted": id }), |o| {
                writeln!(o, "Deleted the draft appraisal {id}.")
            })
        }
        AppraisalCommand::Reminders => {
            let reminders = store.reminders(today)?;
            emit(out, json, &reminders, |o| print_reminders(o, &reminders))
        }
    }
}

fn step(
    store: &mut Store,
    id: &str,
    action: Action,
    role: Role,
    reason: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let a = store.appraisal_action(id, action, role, reason, today())?;
    emit(out, json, &a, |o| {
        writeln!(
            o,
            "The appraisal is now {}.",
            a.state.label().to_lowercase()
        )?;
        for s in &a.signatures {
            writeln!(
                o,
                "Signed by {} ({}, {}) on {}",
                s.name,
                s.job_title,
                s.role.as_str(),
                local(&s.signed_at)
            )?;
        }
        if let Some(sha) = &a.record_sha256 {
            writeln!(o, "Record SHA-256: {sha}")?;
        }
        Ok(())
    })
}

/// Load as `role` sees it, change, save as `role` (one transaction in core).
fn edit(
    store: &mut Store,
    id: &str,
    role: Role,
    change: impl FnOnce(&Appraisal, &mut AppraisalContent) -> Result<()>,
) -> Result<()> {
    let today = today();
    let a = store.appraisal(id, role, today)?;
    let mut c = a.content.clone();
    change(&a, &mut c)?;
    store.save_appraisal(id, &c, role, today)?;
    Ok(())
}

/// A 1-based row number, checked.
fn row(field: &str, number: usize, len: usize) -> Result<usize> {
    if number == 0 || number > len {
        return Err(Error::invalid(field, format!("There is no item {number}: there are {len} (numbered from 1, as `reflect appraisal show` prints them)")));
    }
    Ok(number - 1)
}

pub(crate) fn value_index(a: &Appraisal, wanted: &str) -> Result<usize> {
    let w = wanted.trim().to_lowercase();
    a.framework
        .values
        .iter()
        .position(|v| v.key == w || v.name.to_lowercase() == w)
        .ok_or_else(|| {
            let names: Vec<&str> = a.framework.values.iter().map(|v| v.name.as_str()).collect();
            Error::invalid(
                "value",
                format!(
                    "'{wanted}' is not a value of {} (it has: {})",
                    a.framework.name,
                    names.join(", ")
                ),
            )
        })
}

fn answer(field: &str, value: &str) -> Result<Answer> {
    Answer::parse(value)
        .ok_or_else(|| Error::invalid(field, format!("Answer yes, no or n/a (found '{value}')")))
}

fn set_field(
    a: &Appraisal,
    c: &mut AppraisalContent,
    field: Field,
    value: &str,
    value_of: Option<&str>,
    role: Role,
) -> Result<()> {
    let text = value.to_string();
    let for_value = || -> Result<usize> {
        let v = value_of
            .ok_or_else(|| Error::invalid("value_of", "Say which value with --value-of NAME"))?;
        value_index(a, v)
    };
    match field {
        Field::PeriodStart => c.period_start = text,
        Field::PeriodEnd => c.period_end = text,
        Field::Appraiser => c.appraiser_name = text,
        Field::AppraiserTitle => c.appraiser_job_title = text,
        Field::MeetingDate => c.meeting_date = text,
        Field::Achievements => c.review.achievements.text = text,
        Field::Challenges => c.review.challenges.text = text,
        Field::WentWell => c.review.went_well.text = text,
        Field::Support => c.review.support.text = text,
        Field::ValueSummary => {
            let i = for_value()?;
            c.values[i].summary.text = text;
        }
        Field::ValueComment => {
            let i = for_value()?;
            c.values[i].comment.text = text;
        }
        Field::Wellbeing => c.wellbeing.text = text,
        Field::WellbeingShared => {
            c.wellbeing_shared = match answer("wellbeing_shared", value)? {
                Answer::Yes => true,
                Answer::No => false,
                _ => return Err(Error::invalid("wellbeing_shared", "Answer yes or no")),
            }
        }
        Field::Career => c.career.text = text,
        Field::Summary => match role {
            Role::Colleague => c.colleague_summary.text = text,
            Role::Appraiser => c.appraiser_summary.text = text,
        },
        Field::PayStepDate => c.pay_step.date = text,
        Field::NoCapability => c.pay_step.no_capability = answer("pay_step.no_capability", value)?,
        Field::NoDisciplinary => {
            c.pay_step.no_disciplinary = answer("pay_step.no_disciplinary", value)?
        }
        Field::Training => c.pay_step.training = answer("pay_step.training", value)?,
        Field::StaffAppraised => {
            c.pay_step.staff_appraised = answer("pay_step.staff_appraised", value)?
        }
    }
    Ok(())
}

fn apply_objective(o: &mut Objective, f: &ObjectiveFields) {
    for (target, value) in [
        (&mut o.objective, &f.objective),
        (&mut o.measure, &f.measure),
        (&mut o.by_date, &f.by),
        (&mut o.support, &f.support),
    ] {
        if let Some(v) = value {
            *target = v.clone();
        }
    }
}

fn apply_plan(d: &mut DevelopmentItem, f: &PlanFields) {
    for (target, value) in [
        (&mut d.need, &f.need),
        (&mut d.activity, &f.activity),
        (&mut d.support, &f.support),
        (&mut d.target_date, &f.target),
    ] {
        if let Some(v) = value {
            *target = v.clone();
        }
    }
    if let Some(s) = f.status {
        d.status = match s {
            StatusArg::Proposed => PlanStatus::Proposed,
            StatusArg::Agreed => PlanStatus::Agreed,
            StatusArg::Complete => PlanStatus::Complete,
            StatusArg::CarriedForward => PlanStatus::CarriedForward,
            StatusArg::Dropped => PlanStatus::Dropped,
        };
    }
    if let Some(k) = f.ksf {
        d.ksf = Some(match k {
            KsfArg::Communication => Ksf::Communication,
            KsfArg::PersonalAndPeopleDevelopment => Ksf::PersonalAndPeopleDevelopment,
            KsfArg::HealthSafetyAndSecurity => Ksf::HealthSafetyAndSecurity,
            KsfArg::ServiceImprovement => Ksf::ServiceImprovement,
            KsfArg::Quality => Ksf::Quality,
            KsfArg::EqualityAndDiversity => Ksf::EqualityAndDiversity,
        });
    }
}

fn by(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Appraiser) => " [written by the appraiser]",
        _ => "",
    }
}

fn or_none(s: &str) -> &str {
    if s.trim().is_empty() {
        "(not written yet)"
    } else {
        s
    }
}

pub(crate) fn print_appraisal(o: &mut dyn Write, a: &Appraisal) -> std::io::Result<()> {
    let c = &a.content;
    let d = &a.details;
    writeln!(
        o,
        "Appraisal {} to {} — {}",
        c.period_start,
        c.period_end,
        a.state.label()
    )?;
    if a.viewer == Role::Appraiser {
        writeln!(o, "Appraiser view: only what {} shared is shown.", d.name)?;
    }
    writeln!(
        o,
        "\n1. Details\n  {} — {}, {}, {}",
        d.name, d.job_title, d.grade, d.team
    )?;
    writeln!(
        o,
        "  Appraiser: {} ({})",
        or_none(&c.appraiser_name),
        or_none(&c.appraiser_job_title)
    )?;
    if !c.meeting_date.is_empty() {
        writeln!(o, "  Meeting: {}", c.meeting_date)?;
    }
    writeln!(o, "\n2. Review of the last year")?;
    for (label, n) in [
        ("Achievements", &c.review.achievements),
        ("Challenges", &c.review.challenges),
        ("What went well", &c.review.went_well),
        ("Support that helped", &c.review.support),
    ] {
        writeln!(o, "  {label}: {}{}", or_none(&n.text), by(n.by))?;
    }
    writeln!(o, "\n3. Values and behaviours ({})", a.framework.name)?;
    for (e, v) in a.evidence.iter().zip(&c.values) {
        writeln!(
            o,
            "  {}{}",
            e.name,
            if e.included.is_empty() {
                " — GAP: no evidence included"
            } else {
                ""
            }
        )?;
        for r in &e.included {
            writeln!(o, "    - {} \"{}\" ({})", r.event_date, r.title, r.id)?;
        }
        writeln!(o, "    Summary: {}", or_none(&v.summary.text))?;
        writeln!(o, "    Appraiser's comment: {}", or_none(&v.comment.text))?;
    }
    writeln!(o, "\n4. Last year's objectives and development plan")?;
    if c.previous.is_empty() {
        writeln!(o, "  None carried forward.")?;
    }
    for (i, p) in c.previous.iter().enumerate() {
        writeln!(
            o,
            "  {}. {} — {}{}",
            i + 1,
            p.text,
            p.outcome.map_or("outcome not marked", Outcome::label),
            by(p.note.by)
        )?;
        if !p.detail.is_empty() {
            writeln!(o, "     {}", p.detail)?;
        }
        if !p.note.text.is_empty() {
            writeln!(o, "     Note: {}", p.note.text)?;
        }
    }
    writeln!(o, "\n5. New objectives")?;
    for (i, ob) in c.objectives.iter().enumerate() {
        writeln!(
            o,
            "  {}. {}{}\n     Measured by: {}; by {}; support: {}",
            i + 1,
            or_none(&ob.objective),
            by(ob.by),
            or_none(&ob.measure),
            or_none(&ob.by_date),
            or_none(&ob.support)
        )?;
    }
    writeln!(o, "\n6. Personal development plan")?;
    for (i, p) in c.development_plan.iter().enumerate() {
        writeln!(
            o,
            "  {}. {} — {} ({}){}\n     Support: {}; target {}; KSF: {}",
            i + 1,
            or_none(&p.need),
            or_none(&p.activity),
            p.status.label(),
            by(p.by),
            or_none(&p.support),
            or_none(&p.target_date),
            p.ksf.map_or("none", Ksf::label)
        )?;
    }
    writeln!(o, "\n7. Health and wellbeing")?;
    if a.wellbeing_hidden {
        writeln!(o, "  (The colleague's notes are private to them.)")?;
    } else {
        writeln!(
            o,
            "  {}{}",
            or_none(&c.wellbeing.text),
            if c.wellbeing_shared {
                " [shared with the appraiser]"
            } else {
                " [private to you]"
            }
        )?;
    }
    writeln!(o, "\n8. Career aspirations\n  {}", or_none(&c.career.text))?;
    writeln!(
        o,
        "\n9. Pay-step readiness{}",
        a.pay_step
            .date
            .as_ref()
            .map(|d| format!(" (pay step {d})"))
            .unwrap_or_default()
    )?;
    for s in &a.pay_step.standards {
        writeln!(
            o,
            "  [{}] {} — {}",
            if s.met { "x" } else { " " },
            s.label,
            s.detail
        )?;
    }
    writeln!(o, "\n10. Summary and sign-off")?;
    writeln!(o, "  Colleague: {}", or_none(&c.colleague_summary.text))?;
    writeln!(o, "  Appraiser: {}", or_none(&c.appraiser_summary.text))?;
    for s in &a.signatures {
        writeln!(
            o,
            "  Signed by {} ({}, {}) on {}",
            s.name,
            s.job_title,
            s.role.as_str(),
            local(&s.signed_at)
        )?;
    }
    if let Some(sha) = &a.record_sha256 {
        let check = if a.intact == Some(true) {
            "matches its signatures"
        } else {
            "DOES NOT MATCH its signatures"
        };
        writeln!(o, "  Record SHA-256: {sha} ({check})")?;
    }
    for e in a.events.iter().filter(|e| e.action == "reopen") {
        writeln!(
            o,
            "  Reopened by {} on {}: {}",
            e.actor_name,
            local(&e.at),
            e.reason.as_deref().unwrap_or("")
        )?;
    }
    writeln!(o, "\nid: {}", a.id)
}

fn print_reminders(o: &mut dyn Write, reminders: &[Reminder]) -> std::io::Result<()> {
    for r in reminders {
        let mark = match r.severity {
            Severity::Overdue => "OVERDUE",
            Severity::Soon => "soon",
            Severity::Info => "",
        };
        writeln!(o, "{mark:>7}  {}", r.message)?;
    }
    Ok(())
}

pub fn revalidation(
    store: &mut Store,
    cmd: RevalidationCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let today = today();
    match cmd {
        RevalidationCommand::Status => {
            let r = store.revalidation(today)?;
            emit(out, json, &r, |o| print_revalidation(o, &r))
        }
        RevalidationCommand::Feedback(FeedbackCommand::List) => {
            let log = store.feedback_log()?;
            emit(out, json, &log, |o| {
                for f in &log {
                    writeln!(
                        o,
                        "{}  {}  {}: {} → {}",
                        f.id, f.received_on, f.source, f.summary, f.changes
                    )?;
                }
                Ok(())
            })
        }
        RevalidationCommand::Feedback(FeedbackCommand::Add(f)) => {
            let input = FeedbackInput {
                id: None,
                received_on: f.date.unwrap_or_default(),
                source: f.source.unwrap_or_default(),
                summary: f.said.unwrap_or_default(),
                changes: f.changed.unwrap_or_default(),
            };
            let saved = store.save_feedback(&input, today)?;
            emit(out, json, &saved, |o| {
                writeln!(
                    o,
                    "Added feedback from {} ({}) as {}.",
                    saved.source, saved.received_on, saved.id
                )
            })
        }
        RevalidationCommand::Feedback(FeedbackCommand::Edit { id, fields }) => {
            let current = store
                .feedback_log()?
                .into_iter()
                .find(|f| f.id == id)
                .ok_or_else(|| Error::NotFound {
                    what: "feedback",
                    id: id.clone(),
                })?;
            let input = FeedbackInput {
                id: Some(id),
                received_on: fields.date.unwrap_or(current.received_on),
                source: fields.source.unwrap_or(current.source),
                summary: fields.said.unwrap_or(current.summary),
                changes: fields.changed.unwrap_or(current.changes),
            };
            let saved = store.save_feedback(&input, today)?;
            emit(out, json, &saved, |o| {
                writeln!(o, "Saved feedback {}.", saved.id)
            })
        }
        RevalidationCommand::Feedback(FeedbackCommand::Remove { id }) => {
            store.delete_feedback(&id)?;
            emit(out, json, &serde_json::json!({ "deleted": id }), |o| {
                writeln!(o, "Removed feedback {id}.")
            })
        }
        RevalidationCommand::Discussion {
            partner,
            pin,
            date,
            notes,
        } => {
            let d = store.add_discussion(
                &DiscussionInput {
                    partner_name: partner,
                    partner_pin: pin,
                    held_on: date,
                    notes,
                },
                today,
            )?;
            emit(out, json, &d, |o| {
                writeln!(
                    o,
                    "Recorded the reflective discussion with {} ({}) on {} as {}.",
                    d.partner_name, d.partner_pin, d.held_on, d.id
                )
            })
        }
        RevalidationCommand::Confirm {
            name,
            role,
            pin,
            date,
        } => {
            let c = store.add_confirmation(
                &ConfirmationInput {
                    confirmer_name: name,
                    confirmer_role: role,
                    confirmer_pin: pin,
                    confirmed_on: date,
                },
                today,
            )?;
            emit(out, json, &c, |o| {
                writeln!(
                    o,
                    "Recorded confirmation by {} ({}) on {} as {}.",
                    c.confirmer_name, c.confirmer_role, c.confirmed_on, c.id
                )
            })
        }
        RevalidationCommand::Remove { what, id } => {
            match what {
                RemoveWhat::Discussion => store.delete_discussion(&id)?,
                RemoveWhat::Confirmation => store.delete_confirmation(&id)?,
            }
            emit(out, json, &serde_json::json!({ "deleted": id }), |o| {
                writeln!(o, "Removed {id}.")
            })
        }
    }
}

fn print_revalidation(o: &mut dyn Write, r: &Revalidation) -> std::io::Result<()> {
    writeln!(o, "{}", r.message)?;
    if !r.applicable {
        return Ok(());
    }
    writeln!(
        o,
        "NMC PIN {}; renewal {}; evidence from {}",
        r.pin.as_deref().unwrap_or(""),
        r.renewal_date.as_deref().unwrap_or(""),
        r.window_start.as_deref().unwrap_or("")
    )?;
    for q in &r.requirements {
        writeln!(
            o,
            "  [{}] {:<28} {}",
            if q.met { "x" } else { " " },
            q.label,
            q.progress
        )?;
    }
    if !r.due.is_empty() {
        writeln!(o, "Still needed:")?;
        for d in &r.due {
            writeln!(o, "  - {d}")?;
        }
    }
    Ok(())
}
