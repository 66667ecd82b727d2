//! `reflect revalidation …`: the NMC revalidation dashboard, over `reflect-core`.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use reflect_core::revalidation::{ConfirmationInput, DiscussionInput, FeedbackInput, Revalidation};
use reflect_core::{today, Error, Result, Store};

use crate::commands::options::{typed, Options};
use crate::output::emit;

/// The options that set each field of the feedback log (`received_on` is `--date`).
const FEEDBACK: Options = &[
    ("received_on", "--date"),
    ("source", "--source"),
    ("summary", "--said"),
    ("changes", "--changed"),
];
const DISCUSSION: Options = &[
    ("partner_name", "--partner"),
    ("partner_pin", "--pin"),
    ("held_on", "--date"),
    ("notes", "--notes"),
];
const CONFIRMATION: Options = &[
    ("confirmer_name", "--name"),
    ("confirmer_role", "--role"),
    ("confirmer_pin", "--pin"),
    ("confirmed_on", "--date"),
];

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
            let saved = store
                .save_feedback(&input, today)
                .map_err(typed(FEEDBACK))?;
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
            let saved = store
                .save_feedback(&input, today)
                .map_err(typed(FEEDBACK))?;
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
            let d = store
                .add_discussion(
                    &DiscussionInput {
                        partner_name: partner,
                        partner_pin: pin,
                        held_on: date,
                        notes,
                    },
                    today,
                )
                .map_err(typed(DISCUSSION))?;
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
            let c = store
                .add_confirmation(
                    &ConfirmationInput {
                        confirmer_name: name,
                        confirmer_role: role,
                        confirmer_pin: pin,
                        confirmed_on: date,
                    },
                    today,
                )
                .map_err(typed(CONFIRMATION))?;
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
