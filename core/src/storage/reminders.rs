//! The facts reminders are computed from (see `crate::reminders` for the rules), and the daily
//! desktop notification of those that fall due.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::appraisal::{AppraisalContent, Reminder};
use crate::error::{Error, Result};
use crate::model::Profile;
use crate::reminders::{self, pay_step_horizon, value_gap_since, Facts, Notice, ProfileFacts};
use crate::storage::appraisals::last_agreed_on;
use crate::storage::frameworks::framework_at;
use crate::storage::profile::profile;
use crate::storage::revalidation::dashboard;
use crate::storage::settings::{set_setting, setting};
use crate::store::Store;

impl Store {
    /// Reminders on `today`: the next appraisal, the pay-step date, values without a recent
    /// reflection, and (for NMC registrants) revalidation.
    pub fn reminders(&self, today: NaiveDate) -> Result<Vec<Reminder>> {
        Ok(reminders::reminders(&facts(&self.conn, today)?, today))
    }
}

fn facts(conn: &Connection, today: NaiveDate) -> Result<Facts> {
    let any_appraisal: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM appraisal)", [], |r| r.get(0))?;
    // The nearest pay-step date ahead.
    let next: Option<(String, String)> = conn
        .query_row(
            "SELECT id, content FROM appraisal WHERE pay_step_date >= ?1 AND pay_step_date <= ?2
             ORDER BY pay_step_date LIMIT 1",
            params![today.to_string(), pay_step_horizon(today).to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let next_pay_step = match next {
        Some((id, content)) => {
            let content: AppraisalContent = serde_json::from_str(&content)
                .map_err(|e| Error::Corrupt(format!("appraisal: {e}")))?;
            Some((id, content.pay_step))
        }
        None => None,
    };
    let profile = match profile(conn)? {
        Some(p) => Some(ProfileFacts {
            values_without_recent_reflection: values_without_recent_reflection(conn, &p, today)?,
            revalidation: dashboard(conn, today)?,
        }),
        None => None,
    };
    Ok(Facts {
        last_agreed_on: last_agreed_on(conn)?,
        any_appraisal,
        next_pay_step,
        profile,
    })
}

/// Names of the organisation's values with no reflection since [`value_gap_since`].
fn values_without_recent_reflection(
    conn: &Connection,
    profile: &Profile,
    today: NaiveDate,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT t.value_key FROM reflection_tag t JOIN reflection r ON r.seq = t.reflection_seq
         WHERE r.deleted_at IS NULL AND t.framework_id = ?1 AND r.event_date >= ?2",
    )?;
    let covered: HashSet<String> = stmt
        .query_map(
            params![
                profile.organisation_framework,
                value_gap_since(today).to_string()
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let fw = framework_at(conn, &profile.organisation_framework, None)?;
    Ok(fw
        .doc
        .values
        .into_iter()
        .filter(|v| !covered.contains(&v.key))
        .map(|v| v.name)
        .collect())
}

/// The `setting` keys: desktop notifications on ("1") or off ("0"; unset: on), and the local
/// day the last one was shown.
const NOTIFICATIONS: &str = "notifications";
const NOTIFIED_ON: &str = "notified_on";

impl Store {
    /// Whether reminders that fall due are shown as desktop notifications (on unless switched
    /// off in Settings).
    pub fn notifications_on(&self) -> Result<bool> {
        Ok(setting(&self.conn, NOTIFICATIONS)?.as_deref() != Some("0"))
    }

    /// Switch desktop notifications on or off.
    pub fn set_notifications(&mut self, on: bool) -> Result<()> {
        self.write(|tx| set_setting(tx, NOTIFICATIONS, Some(if on { "1" } else { "0" })))
    }

    /// The desktop notification to show on `today`, if notifications are on, one has not been
    /// shown today and something falls due ([`reminders::notice`]). Deciding and recording the
    /// day are one write transaction, so however many windows and processes ask, one of them
    /// shows it, once a day.
    pub fn notice_due(&mut self, today: NaiveDate) -> Result<Option<Notice>> {
        self.write(|tx| {
            if setting(tx, NOTIFICATIONS)?.as_deref() == Some("0") {
                return Ok(None);
            }
            let shown_on = setting(tx, NOTIFIED_ON)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            // A day ahead of today (a clock put back) counts as today: no second notice.
            if shown_on.is_some_and(|d| d >= today) {
                return Ok(None);
            }
            let Some(notice) = reminders::notice(&reminders::reminders(&facts(tx, today)?, today))
            else {
                return Ok(None);
            };
            set_setting(tx, NOTIFIED_ON, Some(&today.to_string()))?;
            Ok(Some(notice))
        })
    }
}
