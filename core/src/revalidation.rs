//! NMC revalidation: the three-year window before the renewal date and what the NMC asks for in
//! it. The sums come from the journal (reflective accounts, CPD hours) and from three small logs
//! (practice-related feedback, the reflective discussion, confirmation); see
//! `storage/revalidation.rs`.

use chrono::{Datelike, Months, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// What the NMC asks for in each three-year period.
pub const ACCOUNTS_NEEDED: u32 = 5;
pub const CPD_HOURS_NEEDED: f64 = 35.0;
pub const CPD_PARTICIPATORY_NEEDED: f64 = 20.0;
pub const FEEDBACK_NEEDED: u32 = 5;

/// A piece of practice-related feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Feedback {
    pub id: String,
    pub received_on: String,
    /// Who or where it came from ("patient", "colleague", "audit").
    pub source: String,
    /// What it said.
    pub summary: String,
    /// What changed as a result.
    pub changes: String,
    pub created_at: String,
}

/// What adding or editing feedback needs (`id` is `None` for a new entry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeedbackInput {
    pub id: Option<String>,
    pub received_on: String,
    pub source: String,
    pub summary: String,
    pub changes: String,
}

/// The reflective discussion with another NMC registrant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Discussion {
    pub id: String,
    pub partner_name: String,
    pub partner_pin: String,
    pub held_on: String,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiscussionInput {
    pub partner_name: String,
    pub partner_pin: String,
    pub held_on: String,
    pub notes: String,
}

/// Confirmation by an appropriate person (usually the line manager).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Confirmation {
    pub id: String,
    pub confirmer_name: String,
    pub confirmer_role: String,
    pub confirmer_pin: Option<String>,
    pub confirmed_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConfirmationInput {
    pub confirmer_name: String,
    pub confirmer_role: String,
    pub confirmer_pin: Option<String>,
    pub confirmed_on: String,
}

/// One requirement and how far along it is ("3 of 5 reflective accounts").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Requirement {
    pub key: String,
    pub label: String,
    pub have: f64,
    pub need: f64,
    pub met: bool,
    pub progress: String,
}

/// A reflection that counts as a reflective account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountRef {
    pub id: String,
    pub title: String,
    pub event_date: String,
}

/// The revalidation dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Revalidation {
    /// False unless the profile has an NMC registration with a renewal date.
    pub applicable: bool,
    pub message: String,
    pub pin: Option<String>,
    pub renewal_date: Option<String>,
    /// The first day that counts (three years before the renewal date).
    pub window_start: Option<String>,
    /// The NMC expects the application by the first day of the renewal month.
    pub submit_by: Option<String>,
    pub days_left: Option<i64>,
    pub requirements: Vec<Requirement>,
    pub accounts: Vec<AccountRef>,
    pub feedback: Vec<Feedback>,
    pub discussions: Vec<Discussion>,
    pub confirmations: Vec<Confirmation>,
    /// What is still needed before `submit_by`, in plain English.
    pub due: Vec<String>,
}

/// The window that counts for a renewal date: from three years before it, to it, inclusive.
pub fn window(renewal: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = renewal
        .checked_sub_months(Months::new(36))
        .unwrap_or(renewal);
    (start, renewal)
}

/// The first day of the renewal month.
pub fn submit_by(renewal: NaiveDate) -> NaiveDate {
    renewal.with_day(1).unwrap_or(renewal)
}

/// A requirement's progress line.
pub fn requirement(key: &str, label: &str, unit: &str, have: f64, need: f64) -> Requirement {
    let fmt = |n: f64| {
        if n.fract() == 0.0 {
            format!("{n:.0}")
        } else {
            format!("{n:.1}")
        }
    };
    let progress = if need == 1.0 {
        if have >= need {
            "recorded"
        } else {
            "not recorded yet"
        }
        .to_string()
    } else {
        format!("{} of {} {unit}", fmt(have), fmt(need))
    };
    Requirement {
        key: key.into(),
        label: label.into(),
        have,
        need,
        met: have >= need,
        progress,
    }
}

/// An NMC PIN: two digits, a letter, four digits and a letter (e.g. 12A3456E). Upper-cased.
pub fn check_pin(field: &str, pin: &str) -> Result<String> {
    let pin = pin.trim().to_uppercase().replace(' ', "");
    // The pattern is a literal that compiles; the fallback only keeps this free of panics.
    let ok = Regex::new(r"^\d{2}[A-Z]\d{4}[A-Z]$")
        .map(|re| re.is_match(&pin))
        .unwrap_or(false);
    if pin.is_empty() {
        return Err(Error::invalid(field, "Enter their NMC PIN"));
    }
    if !ok {
        return Err(Error::invalid(
            field,
            format!("An NMC PIN is two digits, a letter, four digits and a letter, like 12A3456E (found '{pin}')"),
        ));
    }
    Ok(pin)
}
