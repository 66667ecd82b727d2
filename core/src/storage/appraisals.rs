//! Appraisals: create (carrying forward last year's objectives and plan), read as the colleague or
//! the appraiser sees it, autosave edits, the workflow (submit, withdraw, start review, sign,
//! reopen), the signed record and its hash, and reminders. Every write is one transaction.

use std::collections::HashSet;

use chrono::{DateTime, Local, Months, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::appraisal::{
    self, check_period, default_period, merge_edit, next_due, next_state, pay_step_status, Action,
    Appraisal, AppraisalContent, AppraisalEvent, AppraisalState, AppraisalSummary, DevelopmentItem,
    ItemKind, NewAppraisal, Note, PayStep, PreviousItem, RecordFramework, RecordValue, Reminder,
    ReminderKind, Role, Severity, Signature, SignedRecord, ValueEvidence, ValueSection,
};
use crate::error::{Error, Result};
use crate::model::{Profile, Reflection, ReflectionQuery, TagRef, Visibility};
use crate::store::{now_utc, Store};
use crate::validate::{check_len, MAX_PROFILE_FIELD};

/// A reason for reopening, in characters.
pub const MAX_REASON: usize = 2_000;
/// Reminders look this far ahead for the next appraisal.
const APPRAISAL_DUE_SOON_DAYS: i64 = 60;
/// ... and this far ahead for the pay-step date (months).
const PAY_STEP_LOOKAHEAD_MONTHS: u32 = 6;
/// A value with no reflection in this many months is a gap.
const VALUE_GAP_MONTHS: u32 = 6;

/// An appraisal row as stored.
struct Row {
    seq: i64,
    id: String,
    state: AppraisalState,
    framework_id: String,
    previous_id: Option<String>,
    content: AppraisalContent,
    frozen_record: Option<String>,
    agreed_at: Option<String>,
    created_at: String,
    updated_at: String,
}

impl Store {
    /// Start an appraisal for the profile's organisation framework. Last year's objectives and
    /// development plan are carried forward from the latest earlier appraisal.
    pub fn create_appraisal(
        &mut self,
        input: &NewAppraisal,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let profile = self.require_profile()?;
        let framework = self.record_framework(&profile.organisation_framework)?;
        let previous = self.latest_before(input, today)?;
        let (start, end) =
            if input.period_start.trim().is_empty() && input.period_end.trim().is_empty() {
                let prev_end = previous.as_ref().and_then(|p| {
                    NaiveDate::parse_from_str(&p.content.period_end, "%Y-%m-%d").ok()
                });
                let (s, e) = default_period(prev_end, today);
                (s.to_string(), e.to_string())
            } else {
                let (s, e) = check_period(&input.period_start, &input.period_end)?;
                (s.to_string(), e.to_string())
            };
        check_len("appraiser_name", &input.appraiser_name, MAX_PROFILE_FIELD)?;
        check_len(
            "appraiser_job_title",
            &input.appraiser_job_title,
            MAX_PROFILE_FIELD,
        )?;
        self.check_no_overlap(None, &start, &end)?;
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
        let now = now_utc();
        let json = to_json(&content)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO appraisal (id, state, period_start, period_end, framework_id, previous_id,
                 content, created_at, updated_at)
             VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                id,
                start,
                end,
                profile.organisation_framework,
                previous.as_ref().map(|p| &p.id),
                json,
                now
            ],
        )?;
        let seq = tx.last_insert_rowid();
        log(
            &tx,
            seq,
            Role::Colleague,
            &profile.name,
            "created",
            None,
            AppraisalState::Draft,
            None,
            None,
        )?;
        tx.commit()?;
        self.appraisal(&id, Role::Colleague, today)
    }

    /// Every appraisal, newest period first.
    pub fn list_appraisals(&self) -> Result<Vec<AppraisalSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.state, a.period_start, a.period_end, a.content, a.pay_step_date,
                    a.updated_at, a.agreed_at,
                    (SELECT group_concat(role) FROM appraisal_signature s WHERE s.appraisal_seq = a.seq)
             FROM appraisal a ORDER BY a.period_end DESC, a.seq DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                state,
                period_start,
                period_end,
                content,
                pay_step_date,
                updated_at,
                agreed_at,
                signed,
            ) = row?;
            let content: AppraisalContent = from_json(&content)?;
            out.push(AppraisalSummary {
                id,
                state: parse_state(&state)?,
                period_start,
                period_end,
                appraiser_name: content.appraiser_name,
                signed_by: signed
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(Role::parse)
                    .collect(),
                pay_step_date,
                updated_at,
                agreed_at,
            });
        }
        Ok(out)
    }

    /// An appraisal as `viewer` sees it. The appraiser never sees private reflections, nor the
    /// wellbeing notes unless the colleague shared them for this appraisal.
    pub fn appraisal(&self, id: &str, viewer: Role, today: NaiveDate) -> Result<Appraisal> {
        let row = load(&self.conn, id)?;
        self.view(row, viewer, today)
    }

    /// Autosave an edit by `actor`. Parts owned by the other person must be unchanged; a signed
    /// record cannot change at all. Invalid input changes nothing.
    pub fn save_appraisal(
        &mut self,
        id: &str,
        incoming: &AppraisalContent,
        actor: Role,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let row = load(&self.conn, id)?;
        if row.frozen_record.is_some() {
            return Err(Error::invalid(
                "state",
                "This appraisal has been signed, so it cannot change. Reopen it (with a reason) to make changes; reopening clears the signatures",
            ));
        }
        if actor == Role::Appraiser && row.state != AppraisalState::InReview {
            return Err(Error::invalid(
                "state",
                "The appraiser can write once the review has started: the colleague submits the appraisal, then the appraiser starts appraiser mode",
            ));
        }
        let keys: Vec<String> = self
            .record_framework(&row.framework_id)?
            .values
            .into_iter()
            .map(|v| v.key)
            .collect();
        let merged = merge_edit(&row.content, incoming, actor, &keys, &mut || {
            Uuid::now_v7().to_string()
        })?;
        appraisal::validate(&merged)?;
        self.check_no_overlap(Some(row.seq), &merged.period_start, &merged.period_end)?;
        self.check_new_evidence(&row.content, &merged)?;
        let json = to_json(&merged)?;
        let pay_step_date = Some(merged.pay_step.date.clone()).filter(|d| !d.is_empty());
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE appraisal SET content = ?2, period_start = ?3, period_end = ?4,
                 pay_step_date = ?5, updated_at = ?6
             WHERE seq = ?1",
            params![
                row.seq,
                json,
                merged.period_start,
                merged.period_end,
                pay_step_date,
                now_utc()
            ],
        )?;
        tx.commit()?;
        self.appraisal(id, actor, today)
    }

    /// A step of the workflow by `actor`. `reason` is required to reopen. Illegal steps are
    /// refused with the reason and change nothing.
    pub fn appraisal_action(
        &mut self,
        id: &str,
        action: Action,
        actor: Role,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let row = load(&self.conn, id)?;
        let signatures = signatures(&self.conn, row.seq)?;
        let signed: Vec<Role> = signatures.iter().map(|s| s.role).collect();
        let to = next_state(row.state, action, actor, &signed)?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if action == Action::Reopen {
            let Some(r) = reason else {
                return Err(Error::invalid(
                    "reason",
                    "Give a reason for reopening the signed record",
                ));
            };
            check_len("reason", r, MAX_REASON)?;
        }
        match action {
            Action::Submit => appraisal::check_ready_to_submit(&row.content)?,
            Action::Sign => appraisal::check_ready_to_sign(&row.content)?,
            _ => {}
        }
        let profile = self.require_profile()?;
        let actor_name = match actor {
            Role::Colleague => profile.name.clone(),
            Role::Appraiser => row.content.appraiser_name.clone(),
        };
        // The record is frozen at the first signature; the second signs the same bytes.
        let frozen = match (&row.frozen_record, action) {
            (Some(f), Action::Sign) => Some(f.clone()),
            (None, Action::Sign) => Some(self.live_record(&row, profile.clone())?.canonical()?),
            _ => None,
        };
        let now = now_utc();
        let tx = self.conn.transaction()?;
        let mut hash = None;
        match action {
            Action::Sign => {
                let bytes = frozen.unwrap_or_default();
                let sha = appraisal::sha256_hex(bytes.as_bytes());
                let record: SignedRecord = from_json(&bytes)?;
                let (name, job_title) = match actor {
                    Role::Colleague => (
                        record.details.name.clone(),
                        record.details.job_title.clone(),
                    ),
                    Role::Appraiser => (
                        row.content.appraiser_name.clone(),
                        row.content.appraiser_job_title.clone(),
                    ),
                };
                tx.execute(
                    "INSERT INTO appraisal_signature (appraisal_seq, role, name, job_title, signed_at, sha256)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![row.seq, actor.as_str(), name, job_title, now, sha],
                )?;
                tx.execute(
                    "UPDATE appraisal SET frozen_record = ?2, state = ?3, updated_at = ?4,
                         agreed_at = CASE WHEN ?3 = 'agreed' THEN ?4 ELSE agreed_at END
                     WHERE seq = ?1",
                    params![row.seq, bytes, to.as_str(), now],
                )?;
                hash = Some(sha);
            }
            Action::Reopen => {
                hash = row
                    .frozen_record
                    .as_deref()
                    .map(|f| appraisal::sha256_hex(f.as_bytes()));
                tx.execute(
                    "DELETE FROM appraisal_signature WHERE appraisal_seq = ?1",
                    [row.seq],
                )?;
                tx.execute(
                    "UPDATE appraisal SET frozen_record = NULL, agreed_at = NULL, state = ?2, updated_at = ?3
                     WHERE seq = ?1",
                    params![row.seq, to.as_str(), now],
                )?;
            }
            Action::Submit | Action::Withdraw | Action::StartReview => {
                tx.execute(
                    "UPDATE appraisal SET state = ?2, updated_at = ?3 WHERE seq = ?1",
                    params![row.seq, to.as_str(), now],
                )?;
            }
        }
        log(
            &tx,
            row.seq,
            actor,
            &actor_name,
            action.as_str(),
            Some(row.state),
            to,
            reason,
            hash.as_deref(),
        )?;
        tx.commit()?;
        self.appraisal(id, actor, today)
    }

    /// The canonical record frozen at the first signature, if any.
    pub(crate) fn frozen_record(&self, id: &str) -> Result<Option<String>> {
        Ok(load(&self.conn, id)?.frozen_record)
    }

    /// The record as it would be signed now.
    pub(crate) fn live_record_for(&self, id: &str) -> Result<SignedRecord> {
        let row = load(&self.conn, id)?;
        self.live_record(&row, self.require_profile()?)
    }

    /// Keep a signature the appraiser made remotely (on a reviewed pack) if it is over exactly the
    /// record as it stands here; the record then freezes as if they had signed on this device.
    pub(crate) fn attach_remote_signature(&mut self, id: &str, sig: &Signature) -> Result<bool> {
        let row = load(&self.conn, id)?;
        if row.frozen_record.is_some()
            || row.state != AppraisalState::InReview
            || sig.role != Role::Appraiser
        {
            return Ok(false);
        }
        let bytes = self
            .live_record(&row, self.require_profile()?)?
            .canonical()?;
        if appraisal::sha256_hex(bytes.as_bytes()) != sig.sha256 {
            return Ok(false);
        }
        let now = now_utc();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO appraisal_signature (appraisal_seq, role, name, job_title, signed_at, sha256)
             VALUES (?1, 'appraiser', ?2, ?3, ?4, ?5)",
            params![row.seq, sig.name, sig.job_title, sig.signed_at, sig.sha256],
        )?;
        tx.execute(
            "UPDATE appraisal SET frozen_record = ?2, updated_at = ?3 WHERE seq = ?1",
            params![row.seq, bytes, now],
        )?;
        log(
            &tx,
            row.seq,
            Role::Appraiser,
            &sig.name,
            "sign (remote review)",
            Some(row.state),
            row.state,
            None,
            Some(&sig.sha256),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Delete an appraisal that is still a draft (a started-by-mistake one). Anything submitted
    /// or signed is kept.
    pub fn delete_appraisal(&mut self, id: &str) -> Result<()> {
        let row = load(&self.conn, id)?;
        if row.state != AppraisalState::Draft {
            return Err(Error::invalid(
                "state",
                format!(
                    "Only a draft appraisal can be deleted (this one is {})",
                    row.state.label().to_lowercase()
                ),
            ));
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM appraisal WHERE seq = ?1", [row.seq])?;
        tx.commit()?;
        Ok(())
    }

    /// Reminders on `today`: the next appraisal, the pay-step date, values without a recent
    /// reflection, and (for NMC registrants) revalidation.
    pub fn reminders(&self, today: NaiveDate) -> Result<Vec<Reminder>> {
        let mut out = Vec::new();
        let last = self.last_agreed_on()?;
        let any: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM appraisal)", [], |r| r.get(0))?;
        match last {
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
                        format!("Your next appraisal is due by {due} (in {days} days)"),
                    )
                } else {
                    (
                        Severity::Info,
                        format!("Your next appraisal is due by {due}"),
                    )
                };
                out.push(Reminder {
                    kind: ReminderKind::AppraisalDue,
                    severity,
                    message,
                    due: Some(due.to_string()),
                    link: Some("#/appraisals".into()),
                });
            }
            None => out.push(Reminder {
                kind: ReminderKind::AppraisalDue,
                severity: Severity::Info,
                message: if any {
                    "You have no agreed appraisal yet: finish the one you have started".into()
                } else {
                    "You have no appraisal on record yet: start one from your reflections".into()
                },
                due: None,
                link: Some("#/appraisals".into()),
            }),
        }
        // The nearest pay-step date ahead.
        let horizon = today
            .checked_add_months(Months::new(PAY_STEP_LOOKAHEAD_MONTHS))
            .unwrap_or(today);
        let next: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT id, content FROM appraisal WHERE pay_step_date >= ?1 AND pay_step_date <= ?2
                 ORDER BY pay_step_date LIMIT 1",
                params![today.to_string(), horizon.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, content)) = next {
            let content: AppraisalContent = from_json(&content)?;
            let status = pay_step_status(&content.pay_step, last, today);
            if !status.ready {
                let date = status.date.clone().unwrap_or_default();
                out.push(Reminder {
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
                });
            }
        }
        if let Some(profile) = self.profile()? {
            for name in self.values_without_recent_reflection(&profile, today)? {
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
            out.extend(self.revalidation_reminder(today)?);
        }
        Ok(out)
    }

    /// The local date of the most recent agreement, if any.
    fn last_agreed_on(&self) -> Result<Option<NaiveDate>> {
        let at: Option<String> = self.conn.query_row(
            "SELECT max(agreed_at) FROM appraisal WHERE state = 'agreed'",
            [],
            |r| r.get(0),
        )?;
        Ok(at
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Local).date_naive()))
    }

    fn values_without_recent_reflection(
        &self,
        profile: &Profile,
        today: NaiveDate,
    ) -> Result<Vec<String>> {
        let since = today
            .checked_sub_months(Months::new(VALUE_GAP_MONTHS))
            .unwrap_or(today);
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT t.value_key FROM reflection_tag t JOIN reflection r ON r.seq = t.reflection_seq
             WHERE r.deleted_at IS NULL AND t.framework_id = ?1 AND r.event_date >= ?2",
        )?;
        let covered: HashSet<String> = stmt
            .query_map(
                params![profile.organisation_framework, since.to_string()],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let fw = self.record_framework(&profile.organisation_framework)?;
        Ok(fw
            .values
            .into_iter()
            .filter(|v| !covered.contains(&v.key))
            .map(|v| v.name)
            .collect())
    }

    /// The latest appraisal that ends before the new one would start (for carry-forward).
    fn latest_before(&self, input: &NewAppraisal, today: NaiveDate) -> Result<Option<Row>> {
        let start = if input.period_start.trim().is_empty() {
            today.to_string()
        } else {
            input.period_start.trim().to_string()
        };
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM appraisal WHERE period_end < ?1 ORDER BY period_end DESC, seq DESC LIMIT 1",
                [start],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| load(&self.conn, &id)).transpose()
    }

    fn check_no_overlap(&self, except: Option<i64>, start: &str, end: &str) -> Result<()> {
        let clash: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT period_start, period_end FROM appraisal
                 WHERE seq IS NOT ?1 AND period_start <= ?3 AND period_end >= ?2 LIMIT 1",
                params![except, start, end],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match clash {
            Some((s, e)) => Err(Error::invalid(
                "period_start",
                format!("This period overlaps your appraisal for {s} to {e}: there is one record per appraisal period"),
            )),
            None => Ok(()),
        }
    }

    /// Newly included reflections must exist and be shared (private reflections never reach an
    /// appraisal). Ids included earlier that have since been made private are left out of the
    /// record rather than refused, so an autosave never fails because of them.
    fn check_new_evidence(
        &self,
        stored: &AppraisalContent,
        merged: &AppraisalContent,
    ) -> Result<()> {
        for (i, v) in merged.values.iter().enumerate() {
            let before = stored.values.iter().find(|s| s.value_key == v.value_key);
            for id in &v.reflection_ids {
                if before.is_some_and(|b| b.reflection_ids.contains(id)) {
                    continue;
                }
                let field = format!("values[{i}].reflection_ids");
                let r = match self.reflection(id) {
                    Ok(r) => r,
                    Err(Error::NotFound { .. }) => {
                        return Err(Error::invalid(
                            field,
                            format!("There is no reflection with id '{id}'"),
                        ))
                    }
                    Err(e) => return Err(e),
                };
                if r.deleted_at.is_some() {
                    return Err(Error::invalid(
                        field,
                        format!("\"{}\" is in the bin: restore it to include it", r.title),
                    ));
                }
                if r.visibility != Visibility::Shared {
                    return Err(Error::invalid(
                        field,
                        format!("\"{}\" is private: share it for appraisal first (private reflections never appear in an appraisal)", r.title),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The framework's values as the record names them (current revision).
    fn record_framework(&self, id: &str) -> Result<RecordFramework> {
        let fw = self.framework(id, None)?;
        Ok(RecordFramework {
            id: fw.doc.id.clone(),
            revision: fw.revision,
            name: fw.doc.name.clone(),
            values: fw
                .doc
                .values
                .iter()
                .map(|v| RecordValue {
                    key: v.key.clone(),
                    name: v.name.clone(),
                })
                .collect(),
        })
    }

    /// The record as it would be signed now: current profile, framework and the included
    /// reflections that are still shared.
    fn live_record(&self, row: &Row, details: Profile) -> Result<SignedRecord> {
        let framework = self.record_framework(&row.framework_id)?;
        let mut seen = HashSet::new();
        let mut reflections = Vec::new();
        for id in row.content.values.iter().flat_map(|v| &v.reflection_ids) {
            if !seen.insert(id.clone()) {
                continue;
            }
            match self.reflection(id) {
                Ok(r) if r.deleted_at.is_none() && r.visibility == Visibility::Shared => {
                    reflections.push(r)
                }
                Ok(_) | Err(Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(SignedRecord::new(
            &row.id,
            details,
            framework,
            &row.content,
            reflections,
        ))
    }

    fn view(&self, row: Row, viewer: Role, today: NaiveDate) -> Result<Appraisal> {
        let signatures = signatures(&self.conn, row.seq)?;
        let (record, record_sha256, intact) = match &row.frozen_record {
            Some(bytes) => {
                let frozen: SignedRecord = from_json(bytes)?;
                let sha = appraisal::sha256_hex(bytes.as_bytes());
                // Rebuild from the stored content: a changed byte anywhere shows as not intact.
                let rebuilt = SignedRecord::new(
                    &row.id,
                    frozen.details.clone(),
                    frozen.framework.clone(),
                    &row.content,
                    frozen.reflections.clone(),
                );
                let rebuilt_sha = appraisal::sha256_hex(rebuilt.canonical()?.as_bytes());
                let intact = rebuilt_sha == sha && signatures.iter().all(|s| s.sha256 == sha);
                (frozen, Some(sha), Some(intact))
            }
            None => (self.live_record(&row, self.require_profile()?)?, None, None),
        };
        let frozen = row.frozen_record.is_some();
        let colleague = viewer == Role::Colleague;
        let mut evidence = Vec::with_capacity(record.framework.values.len());
        for value in &record.framework.values {
            let section = row.content.values.iter().find(|v| v.value_key == value.key);
            let ids: &[String] = section.map_or(&[], |s| &s.reflection_ids);
            let included: Vec<Reflection> = ids
                .iter()
                .filter_map(|id| record.reflections.iter().find(|r| &r.id == id).cloned())
                .collect();
            let (mut proposed, mut private_count, mut unavailable) = (Vec::new(), 0, Vec::new());
            if colleague && !frozen {
                // One query per value for both: shared ones are proposed, private ones only counted.
                let in_period = self.list_reflections(&ReflectionQuery {
                    tags: vec![TagRef {
                        framework_id: record.framework.id.clone(),
                        value_key: value.key.clone(),
                        behaviour_key: None,
                    }],
                    from: Some(row.content.period_start.clone()),
                    to: Some(row.content.period_end.clone()),
                    ..ReflectionQuery::default()
                })?;
                let (shared, private): (Vec<_>, Vec<_>) = in_period
                    .into_iter()
                    .partition(|r| r.visibility == Visibility::Shared);
                proposed = shared
                    .into_iter()
                    .filter(|p| !ids.contains(&p.id))
                    .collect();
                private_count = u32::try_from(private.len()).unwrap_or(u32::MAX);
                unavailable = ids
                    .iter()
                    .filter(|id| !included.iter().any(|r| &r.id == *id))
                    .cloned()
                    .collect();
            }
            evidence.push(ValueEvidence {
                key: value.key.clone(),
                name: value.name.clone(),
                included,
                proposed,
                private_count,
                unavailable,
            });
        }
        let mut content = row.content.clone();
        let wellbeing_hidden =
            !colleague && !content.wellbeing_shared && !content.wellbeing.text.is_empty();
        if !colleague && !content.wellbeing_shared {
            content.wellbeing = Note::default();
        }
        let pay_step = pay_step_status(&content.pay_step, self.last_agreed_on()?, today);
        let allowed = appraisal::permissions(
            viewer,
            row.state,
            frozen,
            &signatures,
            appraisal::ViewMode::Workspace,
        );
        Ok(Appraisal {
            id: row.id.clone(),
            state: row.state,
            viewer,
            content,
            details: record.details,
            framework: record.framework,
            evidence,
            signatures,
            events: events(&self.conn, row.seq)?,
            frozen,
            editable: allowed.editable,
            steps: allowed.steps,
            record_sha256,
            intact,
            wellbeing_hidden,
            pay_step,
            previous_id: row.previous_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            agreed_at: row.agreed_at,
        })
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

fn load(conn: &rusqlite::Connection, id: &str) -> Result<Row> {
    let row = conn
        .query_row(
            "SELECT seq, id, state, framework_id, previous_id, content, frozen_record, agreed_at,
                    created_at, updated_at
             FROM appraisal WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((
        seq,
        id,
        state,
        framework_id,
        previous_id,
        content,
        frozen_record,
        agreed_at,
        created_at,
        updated_at,
    )) = row
    else {
        return Err(Error::NotFound {
            what: "appraisal",
            id: id.to_string(),
        });
    };
    Ok(Row {
        seq,
        id,
        state: parse_state(&state)?,
        framework_id,
        previous_id,
        content: from_json(&content)?,
        frozen_record,
        agreed_at,
        created_at,
        updated_at,
    })
}

fn signatures(conn: &rusqlite::Connection, seq: i64) -> Result<Vec<Signature>> {
    let mut stmt = conn.prepare_cached(
        "SELECT role, name, job_title, signed_at, sha256 FROM appraisal_signature
         WHERE appraisal_seq = ?1 ORDER BY signed_at, role",
    )?;
    let rows = stmt.query_map([seq], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    rows.map(|row| {
        let (role, name, job_title, signed_at, sha256) = row?;
        Ok(Signature {
            role: parse_role(&role)?,
            name,
            job_title,
            signed_at,
            sha256,
        })
    })
    .collect()
}

fn events(conn: &rusqlite::Connection, seq: i64) -> Result<Vec<AppraisalEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, actor_name, action, from_state, to_state, reason, sha256
         FROM appraisal_event WHERE appraisal_seq = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([seq], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    rows.map(|row| {
        let (at, actor, actor_name, action, from, to, reason, sha256) = row?;
        Ok(AppraisalEvent {
            at,
            actor: parse_role(&actor)?,
            actor_name,
            action,
            from_state: from.as_deref().map(parse_state).transpose()?,
            to_state: parse_state(&to)?,
            reason,
            sha256,
        })
    })
    .collect()
}

#[allow(clippy::too_many_arguments)]
fn log(
    tx: &Transaction<'_>,
    seq: i64,
    actor: Role,
    actor_name: &str,
    action: &str,
    from: Option<AppraisalState>,
    to: AppraisalState,
    reason: Option<&str>,
    sha256: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO appraisal_event (appraisal_seq, at, actor, actor_name, action, from_state, to_state, reason, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, now_utc(), actor.as_str(), actor_name, action, from.map(AppraisalState::as_str), to.as_str(), reason, sha256],
    )?;
    Ok(())
}

fn parse_state(s: &str) -> Result<AppraisalState> {
    AppraisalState::parse(s).ok_or_else(|| Error::Corrupt(format!("appraisal state '{s}'")))
}

fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| Error::Corrupt(format!("role '{s}'")))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("appraisal: {e}")))
}

/// Today's local date (the front ends pass it in, so tests can choose the day).
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}
