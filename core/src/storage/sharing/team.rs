//! My team: colleagues' appraisals imported for review, the appraiser's part of each, their
//! signature, and the reviewed pack sent back.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::appraisal::{
    self, merge_edit, sha256_hex, Appraisal, AppraisalContent, AppraisalState, Note, Role,
    Signature, SignedRecord,
};
use crate::error::{Error, Result};
use crate::pack::{self, PackBody, PackSigner, Purpose};
use crate::sharing::{SealedPack, TeamReviewSummary};
use crate::storage::profile::require_profile;
use crate::store::{now_utc, Store};

use super::keys::{colleague_id, signing_key};
use super::{from_json, pack_file_name, to_json};

impl Store {
    /// The colleagues' appraisals in My team.
    pub fn team_reviews(&self) -> Result<Vec<TeamReviewSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT appraisal_id, colleague_name, content, signature IS NOT NULL AS signed,
                    imported_at, updated_at
             FROM team_review ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([], SummaryRow::from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            let c: AppraisalContent = from_json(&row.content)?;
            out.push(TeamReviewSummary {
                appraisal_id: row.appraisal_id,
                colleague_name: row.colleague_name,
                period_start: c.period_start,
                period_end: c.period_end,
                signed: row.signed,
                imported_at: row.imported_at,
                updated_at: row.updated_at,
            });
        }
        Ok(out)
    }

    /// A colleague's appraisal in My team, as their appraiser sees it.
    pub fn team_review(&self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        team_view(&self.conn, id, today)
    }

    /// Save the appraiser's part of a colleague's appraisal in My team.
    pub fn save_team_review(
        &mut self,
        id: &str,
        incoming: &AppraisalContent,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        self.write(|tx| {
            let TeamRow {
                record,
                content: stored,
                signature,
            } = team_row(tx, id)?;
            if signature.is_some() {
                return Err(Error::invalid(
                    "state",
                    "You have signed this review; import a new pack from the colleague to change it",
                ));
            }
            let keys: Vec<String> = record
                .framework
                .values
                .iter()
                .map(|v| v.key.clone())
                .collect();
            let edited = merge_edit(&stored, incoming, Role::Appraiser, &keys, &mut || {
                uuid::Uuid::now_v7().to_string()
            })?;
            // At a distance the appraiser writes their comments and summary; what is agreed
            // together (objectives, the plan, pay-step answers) is the colleague's to send again.
            let mut merged = stored.clone();
            for v in &mut merged.values {
                if let Some(e) = edited.values.iter().find(|e| e.value_key == v.value_key) {
                    v.comment = e.comment.clone();
                }
            }
            merged.appraiser_summary = edited.appraiser_summary;
            appraisal::validate(&merged)?;
            tx.execute(
                "UPDATE team_review SET content = ?2, updated_at = ?3 WHERE appraisal_id = ?1",
                params![id, to_json(&merged)?, now_utc()],
            )?;
            team_view(tx, id, today)
        })
    }

    /// Sign a colleague's appraisal in My team as their appraiser.
    pub fn sign_team_review(&mut self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        self.write(|tx| {
            let TeamRow {
                record,
                content,
                signature,
            } = team_row(tx, id)?;
            if signature.is_some() {
                return Err(Error::invalid(
                    "state",
                    "You have already signed this review",
                ));
            }
            appraisal::check_ready_to_sign(&content)?;
            let me = require_profile(tx)?;
            let signed = reviewed_record(id, &record, &content);
            let sig = Signature {
                role: Role::Appraiser,
                name: me.name.clone(),
                job_title: me.job_title.clone(),
                signed_at: now_utc(),
                sha256: sha256_hex(signed.canonical()?.as_bytes()),
            };
            tx.execute(
                "UPDATE team_review SET signature = ?2, updated_at = ?3 WHERE appraisal_id = ?1",
                params![id, to_json(&sig)?, now_utc()],
            )?;
            team_view(tx, id, today)
        })
    }

    /// The reviewed pack to send back to the colleague (signed with my key).
    pub fn export_reviewed_pack(&mut self, id: &str) -> Result<SealedPack> {
        self.write(|tx| {
            let TeamRow {
                record,
                content,
                signature,
            } = team_row(tx, id)?;
            let me = require_profile(tx)?;
            let my_id = colleague_id(tx)?;
            let colleague_id: String = tx.query_row(
                "SELECT colleague_id FROM team_review WHERE appraisal_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let wellbeing = content.wellbeing_shared.then(|| content.wellbeing.clone());
            let signed = reviewed_record(id, &record, &content);
            let body = PackBody {
                purpose: Purpose::Reviewed,
                created_at: now_utc(),
                signer: PackSigner {
                    id: my_id,
                    role: Role::Appraiser,
                    name: me.name.clone(),
                    job_title: me.job_title.clone(),
                },
                colleague_id,
                appraisal_id: id.to_string(),
                state: AppraisalState::InReview,
                record: signed,
                wellbeing,
                signatures: signature.into_iter().collect(),
                agreed_at: None,
            };
            let file_name = pack_file_name(&body);
            let key = signing_key(tx)?;
            Ok(SealedPack {
                text: pack::seal(body, &key)?,
                file_name,
            })
        })
    }
}

/// A row of the My team list.
struct SummaryRow {
    appraisal_id: String,
    colleague_name: String,
    content: String,
    signed: bool,
    imported_at: String,
    updated_at: String,
}

impl SummaryRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
        Ok(SummaryRow {
            appraisal_id: r.get("appraisal_id")?,
            colleague_name: r.get("colleague_name")?,
            content: r.get("content")?,
            signed: r.get("signed")?,
            imported_at: r.get("imported_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
}

/// A colleague's appraisal in My team: the record from their pack, the content with the
/// appraiser's part, and the appraiser's signature once made.
struct TeamRow {
    record: SignedRecord,
    content: AppraisalContent,
    signature: Option<Signature>,
}

fn team_row(conn: &Connection, id: &str) -> Result<TeamRow> {
    let row: Option<(String, String, Option<String>)> = conn
        .query_row(
            "SELECT record, content, signature FROM team_review WHERE appraisal_id = ?1",
            [id],
            |r| Ok((r.get("record")?, r.get("content")?, r.get("signature")?)),
        )
        .optional()?;
    let (record, content, signature) = row.ok_or_else(|| Error::NotFound {
        what: "appraisal in My team",
        id: id.to_string(),
    })?;
    Ok(TeamRow {
        record: from_json(&record)?,
        content: from_json(&content)?,
        signature: signature.map(|s| from_json(&s)).transpose()?,
    })
}

/// A colleague's appraisal in My team, as their appraiser sees it.
fn team_view(conn: &Connection, id: &str, today: NaiveDate) -> Result<Appraisal> {
    let TeamRow {
        record,
        content,
        signature,
    } = team_row(conn, id)?;
    let wellbeing = content.wellbeing_shared.then(|| content.wellbeing.clone());
    let mut shown = SignedRecord {
        content: content.clone(),
        ..record
    };
    shown.content.wellbeing = Note::default();
    let body = PackBody {
        purpose: Purpose::Reviewed,
        created_at: now_utc(),
        signer: PackSigner {
            id: String::new(),
            role: Role::Appraiser,
            name: String::new(),
            job_title: String::new(),
        },
        colleague_id: String::new(),
        appraisal_id: id.to_string(),
        state: AppraisalState::InReview,
        record: shown,
        wellbeing,
        signatures: signature.into_iter().collect(),
        agreed_at: None,
    };
    pack::remote_review_view(&body, today)
}

/// The record with the appraiser's part, as the appraiser signs and sends it: the colleague's
/// details, framework and evidence from their pack, and their wellbeing digest unchanged.
fn reviewed_record(id: &str, record: &SignedRecord, content: &AppraisalContent) -> SignedRecord {
    let signed = SignedRecord::new(
        id,
        record.details.clone(),
        record.framework.clone(),
        content,
        record.reflections.clone(),
    );
    SignedRecord {
        wellbeing_sha256: record.wellbeing_sha256.clone(),
        ..signed
    }
}
