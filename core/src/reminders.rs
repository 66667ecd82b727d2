//! Reminders: the next appraisal, the pay-step date, values without a recent reflection, and
//! NMC revalidation. Pure rules over facts the store reads ([`Facts`]); no SQL. And the desktop
//! notification for those that fall due ([`notice`]).

use chrono::{Months, NaiveDate};

use crate::appraisal::{next_due, pay_step_status, PayStep, Reminder, ReminderKind, Severity};
use crate::revalidation::Revalidation;

/// Reminders look this far ahead for the next appraisal.
const APPRAISAL_DUE_SOON_DAYS: i64 = 60;
/// ... and this far ahead for the pay-step date (months).
const PAY_STEP_LOOKAHEAD_MONTHS: u32 = 6;
/// A value with no reflection in this many months is a gap.
pub const VALUE_GAP_MONTHS: u32 = 6;
/// Revalidation shows up in reminders this many days before the submission date.
const REVALIDATION_REMINDER_DAYS: i64 = 180;

/// What the reminders are computed from.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The local date of the most recent agreement, if any.
    pub last_agreed_on: Option<NaiveDate>,
    /// Whether any appraisal (agreed or not) exists.
    pub any_appraisal: bool,
    /// The nearest pay step from today to [`pay_step_horizon`]: the appraisal's id and its
    /// pay-step answers.
    pub next_pay_step: Option<(String, PayStep)>,
    /// Only once the profile is set up.
    pub profile: Option<ProfileFacts>,
}

/// The facts that need a profile.
#[derive(Debug, Clone)]
pub struct ProfileFacts {
    /// Names of the organisation's values with no reflection since [`value_gap_since`].
    pub values_without_recent_reflection: Vec<String>,
    /// The revalidation dashboard on the same day.
    pub revalidation: Revalidation,
}

/// The last day a pay step is looked for.
pub fn pay_step_horizon(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(PAY_STEP_LOOKAHEAD_MONTHS))
        .unwrap_or(today)
}

/// A value needs a reflection on or after this date not to be a gap.
pub fn value_gap_since(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(VALUE_GAP_MONTHS))
        .unwrap_or(today)
}

/// Reminders on `today`, in this order: the next appraisal, the pay-step date, values without a
/// recent reflection, and (for NMC registrants) revalidation.
pub fn reminders(facts: &Facts, today: NaiveDate) -> Vec<Reminder> {
    let mut out = vec![appraisal_due(facts, today)];
    if let Some((id, pay_step)) = &facts.next_pay_step {
        out.extend(pay_step_reminder(id, pay_step, facts.last_agreed_on, today));
    }
    if let Some(profile) = &facts.profile {
        for name in &profile.values_without_recent_reflection {
            out.push(Reminder {
                kind: ReminderKind::ValueGap,
                severity: Severity::Info,
                message: format!(
                    "No reflection on \"{name}\" in the last {VALUE_GAP_MONTHS} months"
                ),
                due: None,
                link: Some("#/new".into()),
            });
        }
        out.extend(revalidation(&profile.revalidation));
    }
    out
}

fn appraisal_due(facts: &Facts, today: NaiveDate) -> Reminder {
    match facts.last_agreed_on {
        Some(agreed) => {
            let due = next_due(agreed);
            let days = (due - today).num_days();
            let (severity, message) = if days < 0 {
                (
                    Severity::Overdue,
                    format!("Your appraisal is overdue: it was due by {due}"),
                )
            } else if days <= APPRAISAL_DUE_SOON_DAYS {
                (
                    Severity::Soon,
                    format!(
                        "Your next appraisal is due by {due} (in {})",
                        crate::plural::count(days, "day", "days")
                    ),
                )
            } else {
                (
                    Severity::Info,
                    format!("Your next appraisal is due by {due}"),
                )
            };
            Reminder {
                kind: ReminderKind::AppraisalDue,
                severity,
                message,
                due: Some(due.to_string()),
                link: Some("#/appraisals".into()),
            }
        }
        None => Reminder {
            kind: ReminderKind::AppraisalDue,
            severity: Severity::Info,
            message: if facts.any_appraisal {
                "You have no agreed appraisal yet: finish the one you have started".into()
            } else {
                "You have no appraisal on record yet: start one from your reflections".into()
            },
            due: None,
            link: Some("#/appraisals".into()),
        },
    }
}

fn pay_step_reminder(
    id: &str,
    pay_step: &PayStep,
    last_agreed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Reminder> {
    let status = pay_step_status(pay_step, last_agreed_on, today);
    if status.ready {
        return None;
    }
    let date = status.date.clone().unwrap_or_default();
    Some(Reminder {
        kind: ReminderKind::PayStep,
        severity: if status.days_until.unwrap_or(0) <= 90 {
            Severity::Soon
        } else {
            Severity::Info
        },
        message: format!(
            "Pay step on {date}: {} of 5 standards met. Still needed: {}",
            5 - status.missing.len(),
            status.missing.join("; ")
        ),
        due: status.date,
        link: Some(format!("#/appraisal/{id}")),
    })
}

/// The revalidation reminder, once the submission date is near and something is still needed.
pub fn revalidation(r: &Revalidation) -> Option<Reminder> {
    let days = r.days_left.filter(|_| r.applicable && !r.due.is_empty())?;
    if days > REVALIDATION_REMINDER_DAYS {
        return None;
    }
    Some(Reminder {
        kind: ReminderKind::Revalidation,
        severity: if days < 0 {
            Severity::Overdue
        } else {
            Severity::Soon
        },
        message: format!(
            "NMC revalidation: {}. Still needed: {}",
            r.message,
            r.due.join("; ")
        ),
        due: r.submit_by.clone(),
        link: Some("#/revalidation".into()),
    })
}

/// A desktop notification: what falls due, in the reminders' own words (never a reflection's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// The kinds a desktop notification tells of when they fall due: the appraisal, the pay step
/// and revalidation. A value without a recent reflection is only shown in the app.
pub const NOTIFIED_KINDS: &[ReminderKind] = &[
    ReminderKind::AppraisalDue,
    ReminderKind::PayStep,
    ReminderKind::Revalidation,
];

/// The notification for `reminders`, if any falls due (soon or overdue) and is of a
/// [`NOTIFIED_KINDS`] kind: the most pressing first, each on a line of its own.
pub fn notice(reminders: &[Reminder]) -> Option<Notice> {
    let mut due: Vec<&Reminder> = reminders
        .iter()
        .filter(|r| r.severity >= Severity::Soon && NOTIFIED_KINDS.contains(&r.kind))
        .collect();
    // Overdue before soon; otherwise in the reminders' own order.
    due.sort_by_key(|r| std::cmp::Reverse(r.severity));
    let first = due.first()?;
    let title = match (due.len(), first.severity) {
        (1, Severity::Overdue) => "Reflect: overdue".to_string(),
        (1, _) => "Reflect: coming up".to_string(),
        (n, _) => format!("Reflect: {n} things need you"),
    };
    let body = due
        .iter()
        .map(|r| r.message.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Some(Notice { title, body })
}
