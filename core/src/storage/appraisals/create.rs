//! Starting an appraisal: its period, carry-forward of last year's objectives and plan, and the
//! rule of one record per period.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::appraisal::{
    check_period, default_period, Appraisal, AppraisalContent, AppraisalState, DevelopmentItem,
    ItemKind, NewAppraisal, Note, PayStep, PreviousItem, Role, ValueSection,
};
use crate::error::{Error, Result};
use crate::storage::profile::require_profile;
use crate::store::{now_utc, Store};
use crate::validate::{check_len, MAX_PROFILE_FIELD};

use super::{load, log, record_framework, to_json, view, Event, Row};

impl Store {
    /// Start an appraisal for the profile's organisation framework. Last year's objectives and
    /// development plan are carried forward from the latest earlier appraisal.
    pub fn create_appraisal(
        &mut self,
        input: &NewAppraisal,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let labels = self.labels()?;
        self.write(|tx| {
            let id = create(tx, input, today)?;
            view(tx, &labels, load(tx, &id)?, Role::Colleague, today)
        })
    }
}

/// Insert a new draft appraisal (see [`Store::create_appraisal`]); returns its id.
fn create(tx: &Transaction<'_>, input: &NewAppraisal, today: NaiveDate) -> Result<String> {
    let profile = require_profile(tx)?;
    let framework = record_framework(tx, &profile.organisation_framework)?;
    let (start, end) = if input.period_start.trim().is_empty() && input.period_end.trim().is_empty()
    {
        // The default follows the latest appraisal, even one that ends today or later, so it
        // never overlaps one (issue 15: right after an appraisal ending today it did).
        let (s, e) = default_period(latest_end(tx, None)?, today);
        (s.to_string(), e.to_string())
    } else {
        let (s, e) = check_period(&input.period_start, &input.period_end)?;
        (s.to_string(), e.to_string())
    };
    let previous = latest_before(tx, &start)?;
    check_len("appraiser_name", &input.appraiser_name, MAX_PROFILE_FIELD)?;
    check_len(
        "appraiser_job_title",
        &input.appraiser_job_title,
        MAX_PROFILE_FIELD,
    )?;
    check_no_overlap(tx, None, &start, &end)?;
    let content = AppraisalContent {
        period_start: start.clone(),
        period_end: end.clone(),
        appraiser_name: input.appraiser_name.trim().to_string(),
        appraiser_job_title: input.appraiser_job_title.trim().to_string(),
        values: framework
            .values
            .iter()
            .map(|v| ValueSection {
                value_key: v.key.clone(),
                ..ValueSection::default()
            })
            .collect(),
        previous: previous
            .as_ref()
            .map(|p| carry_forward(&p.content))
            .unwrap_or_default(),
        pay_step: PayStep::default(),
        ..AppraisalContent::default()
    };
    let id = Uuid::now_v7().to_string();
    tx.execute(
        "INSERT INTO appraisal (id, state, period_start, period_end, framework_id, previous_id,
             content, created_at, updated_at)
         VALUES (:id, 'draft', :period_start, :period_end, :framework_id, :previous_id,
             :content, :now, :now)",
        named_params! {
            ":id": id,
            ":period_start": start,
            ":period_end": end,
            ":framework_id": profile.organisation_framework,
            ":previous_id": previous.as_ref().map(|p| &p.id),
            ":content": to_json(&content)?,
            ":now": now_utc(),
        },
    )?;
    log(
        tx,
        &Event {
            seq: tx.last_insert_rowid(),
            actor: Role::Colleague,
            actor_name: &profile.name,
            action: "created",
            from: None,
            to: AppraisalState::Draft,
            reason: None,
            sha256: None,
        },
    )?;
    Ok(id)
}

/// The latest period end of any appraisal but `except`.
fn latest_end(conn: &Connection, except: Option<i64>) -> Result<Option<NaiveDate>> {
    let end: Option<String> = conn.query_row(
        "SELECT MAX(period_end) FROM appraisal WHERE seq IS NOT ?1",
        [except],
        |r| r.get(0),
    )?;
    Ok(end.and_then(|e| NaiveDate::parse_from_str(&e, "%Y-%m-%d").ok()))
}

/// The latest appraisal that ends before the new one starts (for carry-forward).
fn latest_before(conn: &Connection, start: &str) -> Result<Option<Row>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM appraisal WHERE period_end < ?1 ORDER BY period_end DESC, seq DESC LIMIT 1",
            [start],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| load(conn, &id)).transpose()
}

/// One record per appraisal period: refuse a period that overlaps another appraisal's.
pub(super) fn check_no_overlap(
    conn: &Connection,
    except: Option<i64>,
    start: &str,
    end: &str,
) -> Result<()> {
    let clash: Option<(String, String)> = conn
        .query_row(
            "SELECT period_start, period_end FROM appraisal
             WHERE seq IS NOT ?1 AND period_start <= ?3 AND period_end >= ?2 LIMIT 1",
            params![except, start, end],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let long = |d: &str| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_or_else(|_| d.to_string(), |d| d.format("%-d %B %Y").to_string())
    };
    match clash {
        Some((s, e)) => {
            // Which dates are free: after the latest appraisal's end.
            let free = latest_end(conn, except)?
                .and_then(|d| d.succ_opt())
                .map(|d| {
                    format!(
                        ", so this one should start on or after {}",
                        d.format("%-d %B %Y")
                    )
                })
                .unwrap_or_default();
            Err(Error::invalid(
                "period_start",
                format!(
                    "This period overlaps your appraisal for {} to {}: there is one record per appraisal period{free}",
                    long(&s),
                    long(&e)
                ),
            ))
        }
        None => Ok(()),
    }
}

/// Last year's objectives and plan items, to be marked met, partly met, and so on.
fn carry_forward(prev: &AppraisalContent) -> Vec<PreviousItem> {
    let objectives = prev.objectives.iter().map(|o| PreviousItem {
        source_id: o.id.clone(),
        kind: ItemKind::Objective,
        text: o.objective.clone(),
        detail: [
            (!o.measure.is_empty()).then(|| format!("Measured by: {}", o.measure)),
            (!o.by_date.is_empty()).then(|| format!("By {}", o.by_date)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(". "),
        outcome: None,
        note: Note::default(),
    });
    let plan = prev
        .development_plan
        .iter()
        .map(|d: &DevelopmentItem| PreviousItem {
            source_id: d.id.clone(),
            kind: ItemKind::Development,
            text: d.need.clone(),
            detail: [
                (!d.activity.is_empty()).then(|| format!("Activity: {}", d.activity)),
                (!d.target_date.is_empty()).then(|| format!("Target {}", d.target_date)),
                Some(format!("Status then: {}", d.status.label())),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". "),
            outcome: None,
            note: Note::default(),
        });
    objectives.chain(plan).collect()
}
