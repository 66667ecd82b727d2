//! My team: colleagues' appraisals imported for review, kept by whose they are (the key that
//! sealed the colleague's pack, which `open` checked is the record's colleague key) and which
//! appraisal. The appraiser writes their part over what the colleague disclosed, signs the
//! record's digest with their own key, and seals the reviewed pack back — in one step.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row, Transaction};

use crate::appraisal::{self, merge_edit, Appraisal, AppraisalContent, AppraisalState, Part, Role};
use crate::error::{Error, Result};
use crate::format::pack::{seal, Held, PackBodyV2, SenderV2, VerifiedPack};
use crate::format::parts::{part_name, section_part};
use crate::format::record::decode;
use crate::format::signature::{SignatureV1, Signer};
use crate::format::{fingerprint, sha256_hex, verifying_key};
use crate::pack::{Purpose, PACK_EXTENSION};
use crate::sharing::{PackImport, SealedPack, TeamKey, TeamReviewSummary};
use crate::storage::appraisals::check_version;
use crate::storage::profile::require_profile;
use crate::store::{file_stem, now_utc, Store};

use super::keys::{my_public_key, signing_key};
use super::{from_json, to_json};

#[cfg(test)]
#[path = "team_tests.rs"]
mod tests;

/// The parts the appraiser writes at a distance.
const APPRAISER_PARTS: [Part; 2] = [Part::ValueComment, Part::AppraiserSummary];

/// My team's id for a colleague's appraisal: 16 hex digits of the SHA-256 of their key, then the
/// appraisal id. Two keys with the same appraisal id are two ids.
pub(crate) fn team_id(colleague_key: &str, appraisal_id: &str) -> String {
    format!(
        "{}-{appraisal_id}",
        &sha256_hex(colleague_key.as_bytes())[..16]
    )
}

impl Store {
    /// The colleagues' appraisals in My team.
    pub fn team_reviews(&self) -> Result<Vec<TeamReviewSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.colleague_key, t.appraisal_id, t.colleague_name, t.held, t.signature,
                    t.imported_at, t.updated_at, k.name AS pinned_name
             FROM team_review t
             LEFT JOIN trusted_key k ON k.scope = 'team' AND k.public_key = t.colleague_key
             ORDER BY t.updated_at DESC",
        )?;
        let rows = stmt.query_map([], SummaryRow::from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            let held: Held = from_json(&row.held)?;
            let period = decode(&held.record, &held.parts)?.content;
            out.push(TeamReviewSummary {
                id: team_id(&row.colleague_key, &row.appraisal_id),
                fingerprint: fingerprint(&row.colleague_key)?,
                colleague_signed: held.signature(Role::Colleague).is_some(),
                appraisal_id: row.appraisal_id,
                colleague_name: row.colleague_name,
                colleague_key: row.colleague_key,
                pinned_name: row.pinned_name,
                period_start: period.period_start,
                period_end: period.period_end,
                signed: row.signed,
                imported_at: row.imported_at,
                updated_at: row.updated_at,
            });
        }
        Ok(out)
    }

    /// A colleague's appraisal in My team, as their appraiser sees it (`id` from `team_reviews`).
    pub fn team_review(&self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        team_view(&self.conn, id, today)
    }

    /// Save the appraiser's part (their comment on each value, their summary), validated.
    pub fn save_team_review(
        &mut self,
        id: &str,
        edited: u32,
        incoming: &AppraisalContent,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        self.write(|tx| {
            let row = team_row(tx, id)?;
            check_version("appraisal in My team", id, Some(edited), row.edit_version)?;
            if row.signature.is_some() {
                return Err(Error::invalid(
                    "state",
                    "You have signed this review; import a new pack from the colleague to change it",
                ));
            }
            if row.held.signature(Role::Colleague).is_some() {
                return Err(Error::invalid(
                    "state",
                    "The colleague signed this first, so your part is as they signed it: sign it, or ask them to reopen it and send it again",
                ));
            }
            let keys: Vec<String> = row.held.record.framework.values.iter().map(|v| v.key.clone()).collect();
            let edited = merge_edit(&row.content, incoming, Role::Appraiser, &keys, &mut || {
                uuid::Uuid::now_v7().to_string()
            })?;
            // At a distance the appraiser writes their comments and summary; what is agreed
            // together (objectives, the plan, pay-step answers) is the colleague's to send again.
            let mut merged = row.content.clone();
            take_appraisers_part(&mut merged, &edited);
            appraisal::validate(&merged)?;
            tx.execute(
                "UPDATE team_review SET content = ?3, updated_at = ?4, edit_version = edit_version + 1
                 WHERE colleague_key = ?1 AND appraisal_id = ?2",
                params![row.colleague_key, row.appraisal_id, to_json(&merged)?, now_utc()],
            )?;
            team_view(tx, id, today)
        })
    }

    /// Sign a colleague's appraisal in My team with my own key, as their appraiser, on version
    /// `edited` as I was shown it (a version that has changed since is refused as a conflict).
    pub fn sign_team_review(
        &mut self,
        id: &str,
        edited: u32,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        self.write(|tx| {
            sign(tx, id, edited)?;
            team_view(tx, id, today)
        })
    }

    /// The reviewed pack to send back: every part I hold, with my part, and the signatures (the
    /// colleague's, if they signed first, and mine once I have), sealed with my key.
    pub fn export_reviewed_pack(&mut self, id: &str) -> Result<SealedPack> {
        self.write(|tx| reviewed_pack(tx, id))
    }

    /// Sign with my key and seal the reviewed pack, in one step (one transaction): what My team's
    /// "Sign and save the reviewed pack" and `reflect team sign ID --out FILE` do.
    pub fn sign_and_export_team_review(
        &mut self,
        id: &str,
        edited: u32,
        today: NaiveDate,
    ) -> Result<(Appraisal, SealedPack)> {
        self.write(|tx| {
            sign(tx, id, edited)?;
            let sealed = reviewed_pack(tx, id)?;
            Ok((team_view(tx, id, today)?, sealed))
        })
    }

    /// Trust a colleague's key for My team, after comparing its fingerprint with them.
    pub fn pin_team_key(&mut self, public_key: &str, name: &str) -> Result<TeamKey> {
        let public_key = public_key.trim();
        verifying_key(public_key)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "name",
                "Enter the name of the colleague whose key this is",
            ));
        }
        if name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(Error::invalid(
                "name",
                "Enter a name of up to 200 characters, on one line",
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO trusted_key (scope, public_key, name, source, trusted_at)
                 VALUES ('team', :key, :name, 'manual', :now)
                 ON CONFLICT (scope, public_key) DO UPDATE SET name = excluded.name",
                named_params! { ":key": public_key, ":name": name, ":now": now_utc() },
            )?;
            Ok(())
        })?;
        self.team_keys()?
            .into_iter()
            .find(|k| k.public_key == public_key)
            .ok_or_else(|| Error::NotFound {
                what: "trusted key",
                id: public_key.to_string(),
            })
    }

    /// The keys I trust for My team.
    pub fn team_keys(&self) -> Result<Vec<TeamKey>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT public_key, name, trusted_at FROM trusted_key WHERE scope = 'team'
             ORDER BY name COLLATE NOCASE, trusted_at",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>("public_key")?,
                r.get("name")?,
                r.get("trusted_at")?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (public_key, name, trusted_at) = row?;
            out.push(TeamKey {
                fingerprint: fingerprint(&public_key)?,
                public_key,
                name,
                trusted_at,
            });
        }
        Ok(out)
    }

    /// Stop trusting a key for My team.
    pub fn unpin_team_key(&mut self, public_key: &str) -> Result<()> {
        let public_key = public_key.trim();
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM trusted_key WHERE scope = 'team' AND public_key = ?1",
                [public_key],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "trusted key",
                    id: public_key.to_string(),
                });
            }
            Ok(())
        })
    }
}

/// Import a pack for review into My team: by (the colleague's key, the appraisal id). Every check
/// comes before the one write; a refused pack writes nothing.
pub(super) fn import_for_review(tx: &Transaction<'_>, v: &VerifiedPack) -> Result<PackImport> {
    let record = v.record();
    let name = record.details.name.clone();
    let refuse = |m: &str| Err(Error::invalid("pack", m.to_string()));
    if v.purpose != Purpose::ForReview {
        return refuse("This is not a pack for review");
    }
    if v.sender.role != Role::Colleague || v.sender.public_key != record.colleague_key {
        return refuse("A pack for review must come from the colleague whose appraisal it is, sealed by their key");
    }
    if record.colleague_key == my_public_key(tx)? {
        return refuse(
            "This is one of your own appraisals: a pack for review is imported by the appraiser",
        );
    }
    if v.held.signature(Role::Appraiser).is_some() {
        return refuse("This pack for review already carries an appraiser's signature: ask the colleague to send it again for review");
    }
    if let Some(p) = APPRAISER_PARTS.iter().find(|p| !v.held.discloses(**p)) {
        return refuse(&format!(
            "This pack does not carry the appraiser's {} part, so you could not write or sign it",
            part_name(*p)
        ));
    }
    let decoded = decode(&v.held.record, &v.held.parts)?;
    let old = find_row(tx, &record.colleague_key, &record.appraisal_id)?;
    let colleague_signed = v.held.signature(Role::Colleague).is_some();
    let mut content = decoded.content;
    let mut signature = None;
    let mut notes = Vec::new();
    if let Some(old) = &old {
        if (record.version, v.held.created_at.as_str())
            < (old.held.record.version, old.held.created_at.as_str())
        {
            return refuse(&format!("This is an older version of {name}'s appraisal than the one in My team: it was not imported"));
        }
        if v.held == old.held {
            return Ok(outcome(
                v,
                format!("{name}'s appraisal is already in My team, unchanged"),
            ));
        }
        if colleague_signed {
            notes.push("they signed it first, so your part is as they signed it".to_string());
        } else {
            take_appraisers_part(&mut content, &old.content);
        }
        if let Some(sig) = &old.signature {
            let digest = with_my_part(&v.held, &content)?.record.digest()?;
            if digest == sig.statement.record_sha256 {
                signature = Some(sig.clone());
            } else {
                notes.push("the record changed since you signed it, so your signature was removed: sign it again".to_string());
            }
        }
    }
    appraisal::validate(&content)?;
    let now = now_utc();
    tx.execute(
        "INSERT INTO team_review (colleague_key, appraisal_id, colleague_name, held, content, signature, imported_at, updated_at)
         VALUES (:key, :id, :name, :held, :content, :signature, :now, :now)
         ON CONFLICT (colleague_key, appraisal_id) DO UPDATE SET colleague_name = excluded.colleague_name,
             held = excluded.held, content = excluded.content, signature = excluded.signature,
             imported_at = excluded.imported_at, updated_at = excluded.updated_at,
             edit_version = team_review.edit_version + 1",
        named_params! {
            ":key": record.colleague_key,
            ":id": record.appraisal_id,
            ":name": name,
            ":held": to_json(&v.held)?,
            ":content": to_json(&content)?,
            ":signature": signature.as_ref().map(to_json).transpose()?,
            ":now": now,
        },
    )?;
    let pinned: Option<String> = tx
        .query_row(
            "SELECT name FROM trusted_key WHERE scope = 'team' AND public_key = ?1",
            [&record.colleague_key],
            |r| r.get(0),
        )
        .optional()?;
    let mut message = if old.is_some() {
        format!("A newer version of {name}'s appraisal is in My team")
    } else {
        format!("{name}'s appraisal is in My team, ready for your part")
    };
    if !notes.is_empty() {
        message.push_str(&format!(": {}", notes.join("; ")));
    }
    message.push_str(&match pinned {
        Some(p) => format!(". It is sealed by the key you trust for {p}"),
        None => format!(
            ". Compare its key's fingerprint, {}, with {name} before you rely on it",
            v.sender.fingerprint
        ),
    });
    Ok(outcome(v, message))
}

fn outcome(v: &VerifiedPack, message: String) -> PackImport {
    PackImport {
        purpose: Purpose::ForReview,
        appraisal_id: team_id(&v.record().colleague_key, &v.record().appraisal_id),
        colleague_name: v.record().details.name.clone(),
        message,
    }
}

/// The appraiser's part of `from` (their comment on each value, their summary) into `to`.
fn take_appraisers_part(to: &mut AppraisalContent, from: &AppraisalContent) {
    for v in &mut to.values {
        if let Some(f) = from.values.iter().find(|f| f.value_key == v.value_key) {
            v.comment = f.comment.clone();
        }
    }
    to.appraiser_summary = from.appraiser_summary.clone();
}

/// The held record with my part from `content` (each part keeps its salt; its commitment is
/// updated). This is the record I sign.
fn with_my_part(held: &Held, content: &AppraisalContent) -> Result<Held> {
    let mut h = held.clone();
    for p in APPRAISER_PARTS {
        h.replace_part(part_name(p), section_part(content, p)?)?;
    }
    Ok(h)
}

/// Sign the record with my part, with my key. If the colleague signed first, my part must be
/// exactly what they signed, and I sign the same digest.
fn sign(tx: &Transaction<'_>, id: &str, edited: u32) -> Result<SignatureV1> {
    let row = team_row(tx, id)?;
    check_version("appraisal in My team", id, Some(edited), row.edit_version)?;
    if row.signature.is_some() || row.held.signature(Role::Appraiser).is_some() {
        return Err(Error::invalid(
            "state",
            "You have already signed this review",
        ));
    }
    appraisal::check_ready_to_sign(&row.content)?;
    let held = with_my_part(&row.held, &row.content)?;
    let digest = held.record.digest()?;
    if let Some(c) = row.held.signature(Role::Colleague) {
        if c.statement.record_sha256 != digest {
            return Err(Error::invalid(
                "state",
                "The colleague signed a different record from the one you would sign: ask them to send it again",
            ));
        }
    }
    let me = require_profile(tx)?;
    let now = now_utc();
    let sig = SignatureV1::sign(
        &signing_key(tx)?,
        &digest,
        &Signer {
            role: Role::Appraiser,
            name: &me.name,
            job_title: &me.job_title,
            signed_at: &now,
        },
    )?;
    tx.execute(
        "UPDATE team_review SET signature = ?3, updated_at = ?4, edit_version = edit_version + 1 WHERE colleague_key = ?1 AND appraisal_id = ?2",
        params![row.colleague_key, row.appraisal_id, to_json(&sig)?, now],
    )?;
    Ok(sig)
}

/// The reviewed pack of a row, sealed with my key.
fn reviewed_pack(tx: &Transaction<'_>, id: &str) -> Result<SealedPack> {
    let row = team_row(tx, id)?;
    let held = with_my_part(&row.held, &row.content)?;
    let digest = held.record.digest()?;
    let mut signatures: Vec<SignatureV1> = held
        .signature(Role::Colleague)
        .into_iter()
        .cloned()
        .collect();
    if let Some(mine) = &row.signature {
        mine.verify(&digest)?;
        signatures.push(mine.clone());
    }
    let state = if signatures.len() == 2 {
        AppraisalState::Agreed
    } else {
        AppraisalState::InReview
    };
    let me = require_profile(tx)?;
    let period_end = decode(&held.record, &held.parts)?.content.period_end;
    let file_name = format!(
        "{}.{PACK_EXTENSION}",
        file_stem(&[
            "appraisal",
            &held.record.details.name,
            &period_end,
            Purpose::Reviewed.as_str()
        ])
    );
    let body = PackBodyV2 {
        purpose: Purpose::Reviewed.as_str().to_string(),
        created_at: now_utc(),
        sender: SenderV2 {
            role: Role::Appraiser.as_str().to_string(),
            name: me.name,
            job_title: me.job_title,
        },
        state: state.as_str().to_string(),
        record: held.record,
        parts: held.parts,
        signatures,
    };
    Ok(SealedPack {
        text: seal(body, &signing_key(tx)?)?,
        file_name,
    })
}

/// A row of the My team list.
struct SummaryRow {
    colleague_key: String,
    appraisal_id: String,
    colleague_name: String,
    held: String,
    signed: bool,
    pinned_name: Option<String>,
    imported_at: String,
    updated_at: String,
}

impl SummaryRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
        Ok(SummaryRow {
            colleague_key: r.get("colleague_key")?,
            appraisal_id: r.get("appraisal_id")?,
            colleague_name: r.get("colleague_name")?,
            held: r.get("held")?,
            signed: r.get::<_, Option<String>>("signature")?.is_some(),
            pinned_name: r.get("pinned_name")?,
            imported_at: r.get("imported_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
}

/// A colleague's appraisal in My team: what they disclosed to me (record, parts, their
/// signatures), my working copy with my part, and my signature once made.
struct TeamRow {
    colleague_key: String,
    appraisal_id: String,
    held: Held,
    content: AppraisalContent,
    signature: Option<SignatureV1>,
    edit_version: u32,
}

fn find_row(conn: &Connection, colleague_key: &str, appraisal_id: &str) -> Result<Option<TeamRow>> {
    let row: Option<(String, String, Option<String>, u32)> = conn
        .query_row(
            "SELECT held, content, signature, edit_version FROM team_review
             WHERE colleague_key = ?1 AND appraisal_id = ?2",
            [colleague_key, appraisal_id],
            |r| {
                Ok((
                    r.get("held")?,
                    r.get("content")?,
                    r.get("signature")?,
                    r.get("edit_version")?,
                ))
            },
        )
        .optional()?;
    row.map(|(held, content, signature, edit_version)| {
        Ok(TeamRow {
            colleague_key: colleague_key.to_string(),
            appraisal_id: appraisal_id.to_string(),
            held: from_json(&held)?,
            content: from_json(&content)?,
            signature: signature.map(|s| from_json(&s)).transpose()?,
            edit_version,
        })
    })
    .transpose()
}

/// The row a My team id names: the appraisal id after the key's tag, and the key whose tag it is.
fn team_row(conn: &Connection, id: &str) -> Result<TeamRow> {
    let not_found = || Error::NotFound {
        what: "appraisal in My team",
        id: id.to_string(),
    };
    let (_, appraisal_id) = id.split_once('-').ok_or_else(not_found)?;
    let mut stmt =
        conn.prepare_cached("SELECT colleague_key FROM team_review WHERE appraisal_id = ?1")?;
    let keys = stmt
        .query_map([appraisal_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let key = keys
        .into_iter()
        .find(|k| team_id(k, appraisal_id) == id)
        .ok_or_else(not_found)?;
    find_row(conn, &key, appraisal_id)?.ok_or_else(not_found)
}

/// A colleague's appraisal in My team, as their appraiser sees it: my working part over what
/// they disclosed, my signature once made.
fn team_view(conn: &Connection, id: &str, today: NaiveDate) -> Result<Appraisal> {
    let row = team_row(conn, id)?;
    let mut held = with_my_part(&row.held, &row.content)?;
    held.signatures.extend(row.signature.iter().cloned());
    let mut a = crate::pack::remote_review_view(&held, today)?;
    a.id = id.to_string();
    a.edit_version = row.edit_version;
    Ok(a)
}
