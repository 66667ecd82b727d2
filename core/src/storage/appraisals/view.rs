//! Reading appraisals: the list, one appraisal as a `Role` sees it (the one place the
//! `Appraisal` view is built), and the record as it would be signed now.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{Connection, Row as SqlRow};

use crate::appraisal::{
    self, pay_step_status, Appraisal, AppraisalContent, AppraisalState, AppraisalSummary, Note,
    Role, SignedRecord, ValueEvidence,
};
use crate::error::Result;
use crate::model::{Reflection, ReflectionQuery, TagRef, Visibility};
use crate::storage::labels::Labels;
use crate::storage::profile::require_profile;
use crate::storage::reflections;
use crate::storage::sql::corrupt_or_database;
use crate::store::Store;

use super::sealed::{self, live_record, Frozen};
use super::{events, from_json, load, signatures, Row};
use crate::appraisal::Signature;
use crate::format::parts;
use crate::format::record::{decode, in_framework_order, SealedRecord};

impl Store {
    /// Every appraisal, newest period first.
    pub fn list_appraisals(&self) -> Result<Vec<AppraisalSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.state, a.period_start, a.period_end, a.content, a.pay_step_date,
                    a.updated_at, a.agreed_at,
                    (SELECT group_concat(role) FROM appraisal_signature s WHERE s.appraisal_seq = a.seq)
                    AS signed
             FROM appraisal a ORDER BY a.period_end DESC, a.seq DESC",
        )?;
        let rows = stmt.query_map([], SummaryRow::from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let row = row.map_err(corrupt_or_database)?;
            let content: AppraisalContent = from_json(&row.content)?;
            out.push(AppraisalSummary {
                id: row.id,
                state: row.state,
                period_start: row.period_start,
                period_end: row.period_end,
                appraiser_name: content.appraiser_name,
                signed_by: row
                    .signed
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(Role::parse)
                    .collect(),
                pay_step_date: row.pay_step_date,
                updated_at: row.updated_at,
                agreed_at: row.agreed_at,
            });
        }
        Ok(out)
    }

    /// An appraisal as `viewer` sees it. The appraiser never sees private reflections, nor the
    /// wellbeing notes unless the colleague shared them for this appraisal.
    pub fn appraisal(&self, id: &str, viewer: Role, today: NaiveDate) -> Result<Appraisal> {
        let labels = self.labels()?;
        view(&self.conn, &labels, load(&self.conn, id)?, viewer, today)
    }
}

/// A row of the appraisal list.
struct SummaryRow {
    id: String,
    state: AppraisalState,
    period_start: String,
    period_end: String,
    content: String,
    pay_step_date: Option<String>,
    updated_at: String,
    agreed_at: Option<String>,
    /// The roles that signed, comma-separated.
    signed: Option<String>,
}

impl SummaryRow {
    fn from_row(r: &SqlRow<'_>) -> rusqlite::Result<SummaryRow> {
        Ok(SummaryRow {
            id: r.get("id")?,
            state: r.get("state")?,
            period_start: r.get("period_start")?,
            period_end: r.get("period_end")?,
            content: r.get("content")?,
            pay_step_date: r.get("pay_step_date")?,
            updated_at: r.get("updated_at")?,
            agreed_at: r.get("agreed_at")?,
            signed: r.get("signed")?,
        })
    }
}

/// The local date of the most recent agreement, if any.
pub(crate) fn last_agreed_on(conn: &Connection) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn.query_row(
        "SELECT max(agreed_at) FROM appraisal WHERE state = 'agreed'",
        [],
        |r| r.get(0),
    )?;
    Ok(at
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Local).date_naive()))
}

type Shown = (SignedRecord, Option<String>, Option<bool>);

/// A frozen record as the journal shows it, with its digest and whether it is intact: every part
/// hashes to its commitment, the stored content is what the parts say, and every signature is a
/// verified key signature over the digest.
fn frozen_view(row: &Row, s: &SealedRecord, signatures: &[Signature]) -> Result<Shown> {
    let sha = s.digest()?;
    let framework = s.record.framework();
    let parts_ok = s.record.check_parts(&s.parts).is_ok() && s.record.parts.len() == s.parts.len();
    let stored = in_framework_order(&row.content, &framework);
    let sections = parts::section_parts(&stored)?;
    let content_ok = sections
        .iter()
        .all(|(name, v)| s.parts.iter().any(|p| p.name == *name && &p.content == v));
    let signed_ok = signatures.iter().all(|g| g.sha256 == sha && g.key_signed);
    let reflections = decode(&s.record, &s.parts)?.reflections;
    Ok((
        SignedRecord {
            appraisal_id: row.id.clone(),
            details: s.record.profile(),
            framework,
            content: row.content.clone(),
            reflections,
        },
        Some(sha),
        Some(parts_ok && content_ok && signed_ok),
    ))
}

/// A record frozen before key signatures (journals signed by an earlier Reflect): its details and
/// evidence as it kept them where they still read, its hash, and whether the signatures name it.
fn legacy_view(
    conn: &Connection,
    labels: &Labels,
    row: &Row,
    text: &str,
    signatures: &[Signature],
) -> Result<Shown> {
    let sha = appraisal::sha256_hex(text.as_bytes());
    let live = live_record(conn, labels, row, require_profile(conn)?)?;
    let old: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let details = serde_json::from_value(old["details"].clone()).unwrap_or(live.details);
    let reflections =
        serde_json::from_value(old["reflections"].clone()).unwrap_or(live.reflections);
    let intact = signatures.iter().all(|s| s.sha256 == sha);
    Ok((
        SignedRecord {
            details,
            reflections,
            ..live
        },
        Some(sha),
        Some(intact),
    ))
}

/// The appraisal as `viewer` sees it (see [`Store::appraisal`]).
pub(crate) fn view(
    conn: &Connection,
    labels: &Labels,
    row: Row,
    viewer: Role,
    today: NaiveDate,
) -> Result<Appraisal> {
    let signatures = signatures(conn, row.seq)?;
    let (record, record_sha256, intact) = match sealed::frozen(&row) {
        Some(Frozen::Sealed(s)) => frozen_view(&row, &s, &signatures)?,
        Some(Frozen::Legacy(text)) => legacy_view(conn, labels, &row, &text, &signatures)?,
        None => (
            live_record(conn, labels, &row, require_profile(conn)?)?,
            None,
            None,
        ),
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
            let in_period = reflections::list(
                conn,
                labels,
                &ReflectionQuery {
                    tags: vec![TagRef {
                        framework_id: record.framework.id.clone(),
                        value_key: value.key.clone(),
                        behaviour_key: None,
                    }],
                    from: Some(row.content.period_start.clone()),
                    to: Some(row.content.period_end.clone()),
                    ..ReflectionQuery::default()
                },
            )?;
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
    let pay_step = pay_step_status(&content.pay_step, last_agreed_on(conn)?, today);
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
        events: events(conn, row.seq)?,
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
        edit_version: row.edit_version,
    })
}
