//! `reflect appraisal …`: every action of the app's appraisal workspace, over `reflect-core`.

mod fields;

use std::io::Write;

use clap::{Args, Subcommand};
use reflect_core::appraisal::{
    Action, Appraisal, AppraisalContent, DevelopmentItem, NewAppraisal, Objective, Outcome,
    PlanStatus, Reminder, Role, Severity,
};
use reflect_core::{today, Error, Result, Store};

use crate::commands::options::typed;
use crate::output::{emit, local, print_appraisal};

pub use fields::value_index;
use fields::{
    apply_objective, apply_plan, exclude, set_field, Field, ObjectiveFields, PlanFields, OPTIONS,
};

/// What `reflect appraisal sign --as appraiser` says: the appraiser no longer signs here.
/// Core's wording, with the commands that do it.
fn appraiser_signs_remotely() -> String {
    format!(
        "{} (you: reflect pack export ID --out FILE; your appraiser: reflect team sign ID --out FILE)",
        reflect_core::appraisal::APPRAISER_SIGNS_REMOTELY
    )
}

#[derive(Debug, Args)]
pub struct Actor {
    /// Who is acting: colleague (default) or appraiser. The appraiser sees only what you shared.
    #[arg(long = "as", value_enum, default_value_t = Role::Colleague)]
    pub actor: Role,
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
        outcome: Outcome,
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
    /// Sign the record as the colleague, with your key. The appraiser signs on their own device,
    /// with their own key: send them the pack for review and they sign it in My team in one step
    /// (`reflect team sign ID --out FILE`).
    Sign {
        id: String,
        #[command(flatten)]
        actor: Actor,
        /// Sign only if the appraisal is still at this version (as `show` printed it): if it has
        /// changed since, nothing is signed and the command exits 1.
        #[arg(long, value_name = "VERSION")]
        expect_version: Option<u32>,
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
            let a = store
                .create_appraisal(&input, today)
                .map_err(typed(OPTIONS))?;
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
        AppraisalCommand::Show { id, actor } => shown(store, &id, actor.actor, out),
        AppraisalCommand::Set {
            id,
            field,
            value,
            value_of,
            actor,
        } => {
            let role = actor.actor;
            edit(store, &id, role, |a, c| {
                set_field(a, c, field, &value, value_of.as_deref(), role)
            })
            .map_err(|e| field.typed(e))?;
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
            })
            .map_err(typed(OPTIONS))?;
            shown(store, &id, Role::Colleague, out)
        }
        AppraisalCommand::Exclude {
            id,
            value,
            reflections,
        } => {
            edit(store, &id, Role::Colleague, |a, c| {
                exclude(a, c, &value, &reflections)
            })?;
            shown(store, &id, Role::Colleague, out)
        }
        AppraisalCommand::Objective(cmd) => {
            let (id, role) = match &cmd {
                ObjectiveCommand::Add { id, actor, .. }
                | ObjectiveCommand::Edit { id, actor, .. }
                | ObjectiveCommand::Remove { id, actor, .. } => (id.clone(), actor.actor),
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
            })
            .map_err(typed(OPTIONS))?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Plan(cmd) => {
            let (id, role) = match &cmd {
                PlanCommand::Add { id, actor, .. }
                | PlanCommand::Edit { id, actor, .. }
                | PlanCommand::Remove { id, actor, .. } => (id.clone(), actor.actor),
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
            })
            .map_err(typed(OPTIONS))?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Outcome {
            id,
            number,
            outcome,
            note,
            actor,
        } => {
            let role = actor.actor;
            edit(store, &id, role, |_, c| {
                let i = row("number", number, c.previous.len())?;
                c.previous[i].outcome = Some(outcome);
                if let Some(n) = &note {
                    c.previous[i].note.text = n.clone();
                }
                Ok(())
            })
            .map_err(typed(OPTIONS))?;
            shown(store, &id, role, out)
        }
        AppraisalCommand::Submit { id } => {
            let v = current(store, &id, Role::Colleague)?;
            step(
                store,
                &id,
                v,
                Action::Submit,
                Role::Colleague,
                None,
                json,
                out,
            )
        }
        AppraisalCommand::Withdraw { id } => {
            let v = current(store, &id, Role::Colleague)?;
            step(
                store,
                &id,
                v,
                Action::Withdraw,
                Role::Colleague,
                None,
                json,
                out,
            )
        }
        AppraisalCommand::StartReview { id } => {
            let v = current(store, &id, Role::Appraiser)?;
            step(
                store,
                &id,
                v,
                Action::StartReview,
                Role::Appraiser,
                None,
                json,
                out,
            )
        }
        AppraisalCommand::Sign {
            id,
            actor,
            expect_version,
        } => {
            if actor.actor == Role::Appraiser {
                return Err(Error::invalid("as", appraiser_signs_remotely()));
            }
            let edited = match expect_version {
                Some(v) => v,
                None => store.appraisal(&id, actor.actor, today)?.edit_version,
            };
            step(
                store,
                &id,
                edited,
                Action::Sign,
                actor.actor,
                None,
                json,
                out,
            )
        }
        AppraisalCommand::Reopen { id, reason, actor } => {
            let v = current(store, &id, actor.actor)?;
            step(
                store,
                &id,
                v,
                Action::Reopen,
                actor.actor,
                Some(&reason),
                json,
                out,
            )
        }
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

/// The version the appraisal stands at now, for a step that acts on it as it is.
fn current(store: &Store, id: &str, role: Role) -> Result<u32> {
    Ok(store.appraisal(id, role, today())?.edit_version)
}

/// Take a workflow step on version `edited` (of the appraisal as the user last saw it, or as it
/// stands now: [`current`]).
#[allow(clippy::too_many_arguments)]
fn step(
    store: &mut Store,
    id: &str,
    edited: u32,
    action: Action,
    role: Role,
    reason: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let a = store
        .appraisal_action(id, edited, action, role, reason, today())
        .map_err(typed(OPTIONS))?;
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
    // Saved on the version just read: if the app saved in between, this is refused, not lost.
    store.save_appraisal(id, a.edit_version, &c, role, today)?;
    Ok(())
}

/// A 1-based row number, checked.
fn row(field: &str, number: usize, len: usize) -> Result<usize> {
    if number == 0 || number > len {
        return Err(Error::invalid(field, format!("There is no item {number}: there are {len} (numbered from 1, as `reflect appraisal show` prints them)")));
    }
    Ok(number - 1)
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
