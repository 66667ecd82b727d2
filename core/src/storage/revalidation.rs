//! NMC revalidation: the feedback log, reflective discussions and confirmations, and the
//! dashboard that adds them up with the journal's reflective accounts and CPD hours.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::RegistrationBody;
use crate::revalidation::{
    check_pin, requirement, submit_by, window, AccountRef, Confirmation, ConfirmationInput,
    Discussion, DiscussionInput, Feedback, FeedbackInput, Revalidation, ACCOUNTS_NEEDED,
    CPD_HOURS_NEEDED, CPD_PARTICIPATORY_NEEDED, FEEDBACK_NEEDED,
};
use crate::storage::profile::require_profile;
use crate::store::{now_utc, Store};
use crate::validate::{check_len, check_required, parse_past_date, MAX_PROFILE_FIELD, MAX_SECTION};

/// The professional framework whose tags make a reflection count as a reflective account.
const NMC_CODE: &str = "nmc-code";

impl Store {
    /// Add (`id: None`) or change an entry of the feedback log.
    pub fn save_feedback(&mut self, input: &FeedbackInput, today: NaiveDate) -> Result<Feedback> {
        let date = parse_past_date("received_on", &input.received_on, today)?;
        for (field, value, max) in [
            ("source", &input.source, MAX_PROFILE_FIELD),
            ("summary", &input.summary, MAX_SECTION),
            ("changes", &input.changes, MAX_SECTION),
        ] {
            check_required(field, value)?;
            check_len(field, value, max)?;
        }
        let now = now_utc();
        if let Some(id) = &input.id {
            feedback_entry(&self.conn, id)?;
        }
        let id = input
            .id
            .clone()
            .unwrap_or_else(|| Uuid::now_v7().to_string());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO feedback (id, received_on, source, summary, changes, created_at, updated_at)
                 VALUES (:id, :received_on, :source, :summary, :changes, :now, :now)
                 ON CONFLICT (id) DO UPDATE SET received_on = excluded.received_on,
                     source = excluded.source, summary = excluded.summary, changes = excluded.changes,
                     updated_at = excluded.updated_at",
                named_params! {
                    ":id": id,
                    ":received_on": date.to_string(),
                    ":source": input.source.trim(),
                    ":summary": input.summary.trim(),
                    ":changes": input.changes.trim(),
                    ":now": now,
                },
            )?;
            feedback_entry(tx, &id)
        })
    }

    pub fn delete_feedback(&mut self, id: &str) -> Result<()> {
        delete_one(self, "DELETE FROM feedback WHERE id = ?1", "feedback", id)
    }

    /// The whole feedback log, newest first.
    pub fn feedback_log(&self) -> Result<Vec<Feedback>> {
        feedback_log(&self.conn)
    }

    /// Record a reflective discussion.
    pub fn add_discussion(
        &mut self,
        input: &DiscussionInput,
        today: NaiveDate,
    ) -> Result<Discussion> {
        check_required("partner_name", &input.partner_name)?;
        check_len("partner_name", &input.partner_name, MAX_PROFILE_FIELD)?;
        let pin = check_pin("partner_pin", &input.partner_pin)?;
        let date = parse_past_date("held_on", &input.held_on, today)?;
        check_len("notes", &input.notes, MAX_SECTION)?;
        let d = Discussion {
            id: Uuid::now_v7().to_string(),
            partner_name: input.partner_name.trim().to_string(),
            partner_pin: pin,
            held_on: date.to_string(),
            notes: input.notes.trim().to_string(),
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO reflective_discussion (id, partner_name, partner_pin, held_on, notes, created_at)
                 VALUES (:id, :partner_name, :partner_pin, :held_on, :notes, :created_at)",
                named_params! {
                    ":id": d.id,
                    ":partner_name": d.partner_name,
                    ":partner_pin": d.partner_pin,
                    ":held_on": d.held_on,
                    ":notes": d.notes,
                    ":created_at": now_utc(),
                },
            )?;
            Ok(())
        })?;
        Ok(d)
    }

    pub fn delete_discussion(&mut self, id: &str) -> Result<()> {
        delete_one(
            self,
            "DELETE FROM reflective_discussion WHERE id = ?1",
            "reflective discussion",
            id,
        )
    }

    /// Record the confirmation.
    pub fn add_confirmation(
        &mut self,
        input: &ConfirmationInput,
        today: NaiveDate,
    ) -> Result<Confirmation> {
        for (field, value) in [
            ("confirmer_name", &input.confirmer_name),
            ("confirmer_role", &input.confirmer_role),
        ] {
            check_required(field, value)?;
            check_len(field, value, MAX_PROFILE_FIELD)?;
        }
        let pin = match input
            .confirmer_pin
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => Some(check_pin("confirmer_pin", p)?),
            None => None,
        };
        let date = parse_past_date("confirmed_on", &input.confirmed_on, today)?;
        let c = Confirmation {
            id: Uuid::now_v7().to_string(),
            confirmer_name: input.confirmer_name.trim().to_string(),
            confirmer_role: input.confirmer_role.trim().to_string(),
            confirmer_pin: pin,
            confirmed_on: date.to_string(),
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO revalidation_confirmation (id, confirmer_name, confirmer_role, confirmer_pin, confirmed_on, created_at)
                 VALUES (:id, :confirmer_name, :confirmer_role, :confirmer_pin, :confirmed_on, :created_at)",
                named_params! {
                    ":id": c.id,
                    ":confirmer_name": c.confirmer_name,
                    ":confirmer_role": c.confirmer_role,
                    ":confirmer_pin": c.confirmer_pin,
                    ":confirmed_on": c.confirmed_on,
                    ":created_at": now_utc(),
                },
            )?;
            Ok(())
        })?;
        Ok(c)
    }

    pub fn delete_confirmation(&mut self, id: &str) -> Result<()> {
        delete_one(
            self,
            "DELETE FROM revalidation_confirmation WHERE id = ?1",
            "confirmation",
            id,
        )
    }

    /// The revalidation dashboard on `today`.
    pub fn revalidation(&self, today: NaiveDate) -> Result<Revalidation> {
        dashboard(&self.conn, today)
    }

    /// Reflections in the window that record CPD hours, oldest first.
    pub(crate) fn cpd_reflection_ids(&self, start: &str, end: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM reflection WHERE deleted_at IS NULL AND cpd_hours > 0
               AND event_date BETWEEN ?1 AND ?2 ORDER BY event_date, seq",
        )?;
        let ids = stmt.query_map(params![start, end], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}

/// The revalidation dashboard on `today`.
pub(crate) fn dashboard(conn: &Connection, today: NaiveDate) -> Result<Revalidation> {
    let profile = require_profile(conn)?;
    let feedback = feedback_log(conn)?;
    let discussions = discussions(conn)?;
    let confirmations = confirmations(conn)?;
    let registration = profile
        .registration
        .filter(|r| r.body == RegistrationBody::Nmc)
        .and_then(|r| {
            NaiveDate::parse_from_str(&r.renewal_date, "%Y-%m-%d")
                .ok()
                .map(|d| (r.pin, d))
        });
    let Some((pin, renewal)) = registration else {
        return Ok(Revalidation {
            applicable: false,
            message: "Revalidation tracking is for nurses, midwives and nursing associates: add your NMC PIN and renewal date to your profile in Settings".into(),
            pin: None,
            renewal_date: None,
            window_start: None,
            submit_by: None,
            days_left: None,
            requirements: Vec::new(),
            accounts: Vec::new(),
            feedback,
            discussions,
            confirmations,
            due: Vec::new(),
        });
    };
    let (start, end) = window(renewal);
    let by = submit_by(renewal);
    let (s, e) = (start.to_string(), end.to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.title, r.event_date FROM reflection r
         WHERE r.deleted_at IS NULL AND r.event_date BETWEEN ?1 AND ?2
           AND (r.model = 'nmc' OR EXISTS (SELECT 1 FROM reflection_tag t
                WHERE t.reflection_seq = r.seq AND t.framework_id = ?3))
         ORDER BY r.event_date DESC, r.seq DESC",
    )?;
    let accounts: Vec<AccountRef> = stmt
        .query_map(params![s, e, NMC_CODE], |r| {
            Ok(AccountRef {
                id: r.get(0)?,
                title: r.get(1)?,
                event_date: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (hours, participatory): (f64, f64) = conn.query_row(
        "SELECT coalesce(sum(cpd_hours), 0), coalesce(sum(CASE WHEN cpd_participatory = 1 THEN cpd_hours END), 0)
         FROM reflection WHERE deleted_at IS NULL AND event_date BETWEEN ?1 AND ?2",
        params![s, e],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let in_window = |d: &str| d >= s.as_str() && d <= e.as_str();
    let feedback_count = feedback
        .iter()
        .filter(|f| in_window(&f.received_on))
        .count();
    let discussed = discussions.iter().filter(|d| in_window(&d.held_on)).count();
    let confirmed = confirmations
        .iter()
        .filter(|c| in_window(&c.confirmed_on))
        .count();
    let count = |n: usize| n as f64;
    let requirements = vec![
        requirement(
            "accounts",
            "Reflective accounts",
            "accounts",
            count(accounts.len()),
            f64::from(ACCOUNTS_NEEDED),
        ),
        requirement("cpd_hours", "CPD hours", "hours", hours, CPD_HOURS_NEEDED),
        requirement(
            "cpd_participatory",
            "Participatory CPD hours",
            "hours",
            participatory,
            CPD_PARTICIPATORY_NEEDED,
        ),
        requirement(
            "feedback",
            "Practice-related feedback",
            "pieces of feedback",
            count(feedback_count),
            f64::from(FEEDBACK_NEEDED),
        ),
        requirement(
            "discussion",
            "Reflective discussion",
            "discussions",
            count(discussed.min(1)),
            1.0,
        ),
        requirement(
            "confirmation",
            "Confirmation",
            "confirmations",
            count(confirmed.min(1)),
            1.0,
        ),
    ];
    let due: Vec<String> = requirements
        .iter()
        .filter(|r| !r.met)
        .map(|r| format!("{} ({})", r.label, r.progress))
        .collect();
    let days_left = (by - today).num_days();
    let message = if due.is_empty() {
        format!("Everything the NMC asks for is recorded. Submit your application by {by}")
    } else if days_left < 0 {
        format!("Your revalidation application was due by {by}")
    } else {
        format!(
            "{} of {} met; submit by {by} ({})",
            requirements.len() - due.len(),
            crate::plural::items(requirements.len(), "requirement", "requirements"),
            crate::plural::count(days_left, "day", "days")
        )
    };
    Ok(Revalidation {
        applicable: true,
        message,
        pin: Some(pin),
        renewal_date: Some(renewal.to_string()),
        window_start: Some(s),
        submit_by: Some(by.to_string()),
        days_left: Some(days_left),
        requirements,
        accounts,
        feedback,
        discussions,
        confirmations,
        due,
    })
}

/// The whole feedback log, newest first.
fn feedback_log(conn: &Connection) -> Result<Vec<Feedback>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, received_on, source, summary, changes, created_at FROM feedback
         ORDER BY received_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([], feedback_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn discussions(conn: &Connection) -> Result<Vec<Discussion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, partner_name, partner_pin, held_on, notes FROM reflective_discussion ORDER BY held_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([], discussion_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn confirmations(conn: &Connection) -> Result<Vec<Confirmation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, confirmer_name, confirmer_role, confirmer_pin, confirmed_on FROM revalidation_confirmation
         ORDER BY confirmed_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([], confirmation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// The rows of this module's tables are the domain's own records, each read by name.

fn feedback_from_row(r: &Row<'_>) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get("id")?,
        received_on: r.get("received_on")?,
        source: r.get("source")?,
        summary: r.get("summary")?,
        changes: r.get("changes")?,
        created_at: r.get("created_at")?,
    })
}

fn discussion_from_row(r: &Row<'_>) -> rusqlite::Result<Discussion> {
    Ok(Discussion {
        id: r.get("id")?,
        partner_name: r.get("partner_name")?,
        partner_pin: r.get("partner_pin")?,
        held_on: r.get("held_on")?,
        notes: r.get("notes")?,
    })
}

fn confirmation_from_row(r: &Row<'_>) -> rusqlite::Result<Confirmation> {
    Ok(Confirmation {
        id: r.get("id")?,
        confirmer_name: r.get("confirmer_name")?,
        confirmer_role: r.get("confirmer_role")?,
        confirmer_pin: r.get("confirmer_pin")?,
        confirmed_on: r.get("confirmed_on")?,
    })
}

fn feedback_entry(conn: &Connection, id: &str) -> Result<Feedback> {
    conn.query_row(
        "SELECT id, received_on, source, summary, changes, created_at FROM feedback WHERE id = ?1",
        [id],
        feedback_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "feedback",
        id: id.to_string(),
    })
}

fn delete_one(store: &mut Store, sql: &str, what: &'static str, id: &str) -> Result<()> {
    store.write(|tx| {
        if tx.execute(sql, [id])? == 0 {
            return Err(Error::NotFound {
                what,
                id: id.to_string(),
            });
        }
        Ok(())
    })
}
