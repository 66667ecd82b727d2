//! Validation of user input. Each check names the field and says, in plain English, what to do.
//! Limits are documented in README.md ("Limits").

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// Title of a reflection, in characters.
pub const MAX_TITLE: usize = 200;
/// Each answer of a reflective model, in characters.
pub const MAX_SECTION: usize = 20_000;
/// Tags on one reflection.
pub const MAX_TAGS: usize = 60;
/// Profile text fields, in characters.
pub const MAX_PROFILE_FIELD: usize = 120;
/// CPD hours recorded against one reflection.
pub const MAX_CPD_HOURS: f64 = 100.0;
/// Size of an autosaved draft, in bytes.
pub const MAX_DRAFT_BYTES: usize = 1_000_000;

/// The earliest date anything in a journal can have happened on: 5 July 1948, the day the NHS
/// was founded. Every date that comes in (an event, feedback, a discussion, an appraisal period,
/// a renewal) is checked against it, so a typing slip such as 0001-01-01 is caught.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1948, 7, 5) {
    Some(d) => d,
    // Unreachable: 1948-07-05 is a real date (a `const` cannot call `expect`).
    None => NaiveDate::MIN,
};
/// How many years after today a date that may lie ahead (a registration renewal) can be.
pub const MAX_YEARS_AHEAD: u32 = 10;
/// How many months before an appraisal period's start or after its end a pay-step or meeting
/// date can be (pay progression is yearly, so a date further off is a typing slip).
pub const NEAR_PERIOD_MONTHS: u32 = 12;
/// How many years after an appraisal period's end an objective or plan item can be due.
pub const MAX_DUE_YEARS: u32 = 5;

/// `date` is on or after [`EARLIEST_DATE`].
pub fn check_not_too_early(field: &str, date: NaiveDate) -> Result<()> {
    if date < EARLIEST_DATE {
        return Err(Error::invalid(
            field,
            format!(
                "{} must be on or after {EARLIEST_DATE}, when the NHS was founded (found {date})",
                label(field)
            ),
        ));
    }
    Ok(())
}

/// `date` is within `earliest..=latest`; `why` says where the range comes from, for the message
/// ("from the period's start to five years after its end").
pub fn check_between(
    field: &str,
    date: NaiveDate,
    earliest: NaiveDate,
    latest: NaiveDate,
    why: &str,
) -> Result<()> {
    if date < earliest || date > latest {
        return Err(Error::invalid(
            field,
            format!(
                "{} must be between {earliest} and {latest} ({why}; found {date})",
                label(field)
            ),
        ));
    }
    Ok(())
}

/// A date that may lie ahead: on or after [`EARLIEST_DATE`] and at most [`MAX_YEARS_AHEAD`]
/// years after `today`.
pub fn parse_date_ahead(field: &str, value: &str, today: NaiveDate) -> Result<NaiveDate> {
    let date = parse_date(field, value)?;
    check_not_too_early(field, date)?;
    let latest = today
        .checked_add_months(chrono::Months::new(12 * MAX_YEARS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    if date > latest {
        return Err(Error::invalid(
            field,
            format!(
                "{} must be within {MAX_YEARS_AHEAD} years of today, by {latest} (found {date})",
                label(field)
            ),
        ));
    }
    Ok(date)
}

/// The human name of a field, for messages.
fn label(field: &str) -> String {
    let named = match field {
        "event_date" => Some("Date of the event"),
        "cpd_hours" => Some("CPD hours"),
        "registration.pin" => Some("Registration number (PIN)"),
        "registration.renewal_date" => Some("Registration renewal date"),
        "received_on" => Some("The date you received it"),
        "held_on" => Some("The date of the discussion"),
        "confirmed_on" => Some("The date of the confirmation"),
        "period_start" => Some("The start of the period"),
        "period_end" => Some("The end of the period"),
        "meeting_date" => Some("The meeting date"),
        "pay_step.date" => Some("The pay-step date"),
        _ if field.ends_with(".by_date") => Some("The date it should be achieved by"),
        _ if field.ends_with(".target_date") => Some("The target date"),
        _ => None,
    };
    if let Some(n) = named {
        return n.to_string();
    }
    let last = field.rsplit('.').next().unwrap_or(field);
    let spaced = last.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => spaced,
    }
}

/// What to ask for when a required field is empty.
fn enter(field: &str) -> String {
    match field {
        "title" => "Enter a title".into(),
        "name" => "Enter your name".into(),
        "job_title" => "Enter your job title".into(),
        "grade" => "Enter your band or grade".into(),
        "team" => "Enter your team or department".into(),
        "line_manager" => "Enter your line manager's name".into(),
        "registration.pin" => "Enter your registration number (PIN)".into(),
        "registration.renewal_date" => "Enter your renewal date".into(),
        "event_date" => "Enter the date of the event".into(),
        "received_on" => "Enter the date you received it".into(),
        "held_on" => "Enter the date of the discussion".into(),
        "confirmed_on" => "Enter the date of the confirmation".into(),
        other => format!("Enter the {}", label(other).to_lowercase()),
    }
}

pub fn check_required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(field, enter(field)))
    } else {
        Ok(())
    }
}

pub fn check_len(field: &str, value: &str, max: usize) -> Result<()> {
    let n = value.chars().count();
    if n > max {
        Err(Error::invalid(
            field,
            format!(
                "{} must be {max} characters or fewer (it has {n})",
                label(field)
            ),
        ))
    } else {
        Ok(())
    }
}

/// A calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        if value.trim().is_empty() {
            Error::invalid(field, enter(field))
        } else {
            Error::invalid(
                field,
                format!("{} must be a real date written as YYYY-MM-DD, like 2026-03-31 (found '{value}')", label(field)),
            )
        }
    })
}

/// A date that is today or earlier (the local calendar date), and not before [`EARLIEST_DATE`].
pub fn parse_past_date(field: &str, value: &str, today: NaiveDate) -> Result<NaiveDate> {
    let date = parse_date(field, value)?;
    check_not_too_early(field, date)?;
    if date > today {
        return Err(Error::invalid(
            field,
            format!(
                "{} must be today or in the past (today is {today})",
                label(field)
            ),
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_plain_english() {
        for (field, want) in [
            ("title", "Title"),
            ("event_date", "Date of the event"),
            ("body.action_plan", "Action plan"),
        ] {
            assert_eq!(label(field), want);
        }
    }

    #[test]
    fn empty_fields_are_asked_for_as_the_forms_name_them() {
        for (field, want) in [
            ("registration.renewal_date", "Enter your renewal date"),
            ("received_on", "Enter the date you received it"),
            ("line_manager", "Enter your line manager's name"),
        ] {
            assert_eq!(enter(field), want);
        }
    }
}
