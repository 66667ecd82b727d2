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

/// The human name of a field, for messages.
fn label(field: &str) -> String {
    let named = match field {
        "event_date" => Some("Date of the event"),
        "cpd_hours" => Some("CPD hours"),
        "registration.pin" => Some("Registration number (PIN)"),
        "registration.renewal_date" => Some("Registration renewal date"),
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
        "event_date" => "Enter the date of the event".into(),
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

/// A date that is today or earlier (the local calendar date).
pub fn parse_past_date(field: &str, value: &str, today: NaiveDate) -> Result<NaiveDate> {
    let date = parse_date(field, value)?;
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
}
