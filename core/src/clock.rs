//! The calendar: today's local date, which the front ends pass into every rule that needs one
//! (so tests can choose the day).

use chrono::{Local, NaiveDate};

/// Today's local date (the front ends pass it in, so tests can choose the day).
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}
