//! The portable archive's SQL: gathering the journal into archive format 1's wire types (one read
//! transaction, so the archive is one consistent moment) and bringing an archive into an empty
//! journal (`import.rs`, one write transaction).

mod import;

use rusqlite::{Connection, Row};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use crate::archive::wire::{
    AppraisalV1, ConfirmationV1, DiscussionV1, EventV1, FeedbackV1, FrameworkEntryV1,
    FrameworkIndexV1, FrameworkRevisionV1, ProfileV1, ReflectionTextV1, ReflectionV1,
    RegistrationV1, RevalidationV1, RevisionV1, SignatureRowV1, TagV1,
};
use crate::archive::{self, to_json_bytes, Archive, ArchiveCounts};
use crate::error::{Error, Result};
use crate::format::parts;
use crate::model::{Profile, Reflection, Visibility};
use crate::storage::labels::Labels;
use crate::storage::sql::corrupt_or_database;
use crate::storage::{profile, reflections};
use crate::store::{now_utc, Store};

impl Store {
    /// The whole journal as archive format 1's JSON entries (PDFs are added by
    /// `reflect_pdf::export::archive`): every reflection (private ones and those in the bin too)
    /// with its revisions, every appraisal with its signatures, frozen record and log, the
    /// profile, every framework revision and the revalidation evidence. Never the signing key.
    pub fn archive(&self) -> Result<Archive> {
        // One read transaction: a save made meanwhile is either wholly in or wholly out.
        let tx = self.conn.unchecked_transaction()?;
        let labels = Labels::load(&tx)?;
        let mut entries = Vec::new();
        let mut counts = ArchiveCounts::default();
        let created_at = now_utc();
        if let Some(p) = profile::profile(&tx)? {
            counts.profile = 1;
            entries.push((
                archive::PROFILE.to_string(),
                to_json_bytes(&profile_v1(&p)?)?,
            ));
        }
        let (index, files) = frameworks(&tx)?;
        counts.framework_revisions = files.len() as u32;
        entries.push((archive::FRAMEWORK_INDEX.to_string(), to_json_bytes(&index)?));
        entries.extend(files);
        for id in ids(&tx, "SELECT id FROM reflection ORDER BY seq")? {
            let r = reflections::read(&tx, &labels, &id)?;
            let mut revisions = reflections::revisions(&tx, &labels, &id)?;
            revisions.reverse();
            let v = ReflectionV1 {
                id: r.id.clone(),
                content: text_v1(&r)?,
                created_at: r.created_at.clone(),
                updated_at: r.updated_at.clone(),
                revision: r.revision,
                deleted_at: r.deleted_at.clone(),
                revisions: revisions
                    .iter()
                    .map(|e| {
                        Ok(RevisionV1 {
                            revision: e.revision,
                            saved_at: e.saved_at.clone(),
                            updated_at: e.reflection.updated_at.clone(),
                            content: text_v1(&e.reflection)?,
                        })
                    })
                    .collect::<Result<_>>()?,
            };
            counts.reflections += 1;
            counts.private_reflections += u32::from(r.visibility == Visibility::Private);
            counts.deleted_reflections += u32::from(r.deleted_at.is_some());
            counts.reflection_revisions += v.revisions.len() as u32;
            entries.push((archive::reflection_entry(&id), to_json_bytes(&v)?));
        }
        for (seq, appraisal) in appraisals(&tx)? {
            let events = events(&tx, seq, &appraisal.id)?;
            counts.appraisals += 1;
            counts.appraisal_events += events.len() as u32;
            for e in &events {
                entries.push((
                    archive::event_entry(&appraisal.id, e.index),
                    to_json_bytes(e)?,
                ));
            }
            entries.push((
                archive::appraisal_entry(&appraisal.id),
                to_json_bytes(&appraisal)?,
            ));
        }
        let revalidation = revalidation(&tx)?;
        counts.feedback = revalidation.feedback.len() as u32;
        counts.discussions = revalidation.discussions.len() as u32;
        counts.confirmations = revalidation.confirmations.len() as u32;
        entries.push((
            archive::REVALIDATION.to_string(),
            to_json_bytes(&revalidation)?,
        ));
        tx.finish()?;
        Ok(Archive {
            entries,
            counts,
            created_at,
        })
    }
}

/// An enum as the name it is stored under.
pub(crate) fn name_of<T: Serialize>(v: &T) -> Result<String> {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => Ok(s),
        _ => Err(Error::Corrupt("an enum without a name".into())),
    }
}

/// An enum from its stored name (`None` if it is not one).
pub(crate) fn from_name<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.to_string())).ok()
}

fn ids(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .map_err(corrupt_or_database)
}

fn profile_v1(p: &Profile) -> Result<ProfileV1> {
    Ok(ProfileV1 {
        name: p.name.clone(),
        job_title: p.job_title.clone(),
        grade: p.grade.clone(),
        team: p.team.clone(),
        department: p.department.clone(),
        line_manager: p.line_manager.clone(),
        employee_number: p.employee_number.clone(),
        registration: p
            .registration
            .as_ref()
            .map(|r| {
                Ok::<_, Error>(RegistrationV1 {
                    body: name_of(&r.body)?,
                    pin: r.pin.clone(),
                    renewal_date: r.renewal_date.clone(),
                })
            })
            .transpose()?,
        organisation_framework: p.organisation_framework.clone(),
        professional_frameworks: p.professional_frameworks.clone(),
    })
}

pub(crate) fn text_v1(r: &Reflection) -> Result<ReflectionTextV1> {
    Ok(ReflectionTextV1 {
        title: r.title.clone(),
        event_date: r.event_date.clone(),
        model: name_of(&r.model)?,
        visibility: name_of(&r.visibility)?,
        body: r.body.clone(),
        tags: r
            .tags
            .iter()
            .map(|t| TagV1 {
                framework_id: t.framework_id.to_string(),
                framework_revision: t.framework_revision,
                value_key: t.value_key.to_string(),
                value_name: t.value_name.to_string(),
                behaviour_key: t.behaviour_key.as_deref().map(str::to_string),
                behaviour_text: t.behaviour_text.as_deref().map(str::to_string),
            })
            .collect(),
        cpd_hours: r.cpd_hours,
        cpd_participatory: r.cpd_participatory,
    })
}

/// Every framework and every revision, as the index and one framework file per revision.
/// Entries as (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

fn frameworks(conn: &Connection) -> Result<(FrameworkIndexV1, Files)> {
    let mut stmt = conn.prepare(
        "SELECT f.id, f.kind, f.builtin, f.current_revision, r.revision, r.created_at, r.reason,
                r.document
         FROM framework f JOIN framework_revision r ON r.framework_id = f.id
         ORDER BY f.id, r.revision",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut index = FrameworkIndexV1 {
        frameworks: Vec::new(),
    };
    let mut files = Vec::new();
    for row in rows {
        let (id, kind, builtin, current, revision, created_at, reason, document) =
            row.map_err(corrupt_or_database)?;
        let doc: crate::framework::FrameworkDoc =
            serde_json::from_str(&document).map_err(|e| Error::Corrupt(e.to_string()))?;
        let file = archive::framework_entry(&id, revision);
        files.push((
            file.clone(),
            crate::framework::to_file_text(&doc)?.into_bytes(),
        ));
        let rev = FrameworkRevisionV1 {
            revision,
            created_at,
            reason,
            file,
        };
        match index.frameworks.last_mut() {
            Some(f) if f.id == id => f.revisions.push(rev),
            _ => index.frameworks.push(FrameworkEntryV1 {
                id,
                kind,
                builtin,
                current_revision: current,
                revisions: vec![rev],
            }),
        }
    }
    Ok((index, files))
}

/// An `appraisal` row with its signatures, as archive format 1 has it.
fn appraisals(conn: &Connection) -> Result<Vec<(i64, AppraisalV1)>> {
    let mut stmt = conn.prepare(
        "SELECT seq, id, state, period_start, period_end, framework_id, previous_id, pay_step_date,
                record_version, agreed_at, created_at, updated_at, content, frozen_record
         FROM appraisal ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r: &Row<'_>| {
        Ok((
            r.get::<_, i64>("seq")?,
            r.get::<_, String>("content")?,
            AppraisalV1 {
                id: r.get("id")?,
                state: r.get("state")?,
                period_start: r.get("period_start")?,
                period_end: r.get("period_end")?,
                framework_id: r.get("framework_id")?,
                previous_id: r.get("previous_id")?,
                pay_step_date: r.get("pay_step_date")?,
                record_version: r.get("record_version")?,
                agreed_at: r.get("agreed_at")?,
                created_at: r.get("created_at")?,
                updated_at: r.get("updated_at")?,
                wellbeing_shared: false,
                content: Default::default(),
                frozen_record: r.get("frozen_record")?,
                signatures: Vec::new(),
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, content, mut a) = row.map_err(corrupt_or_database)?;
        let content: crate::appraisal::AppraisalContent = serde_json::from_str(&content)
            .map_err(|e| Error::Corrupt(format!("appraisal {}: {e}", a.id)))?;
        a.wellbeing_shared = content.wellbeing_shared;
        a.content = parts::section_parts(&content)?
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect();
        a.signatures = signatures(conn, seq)?;
        out.push((seq, a));
    }
    Ok(out)
}

fn signatures(conn: &Connection, seq: i64) -> Result<Vec<SignatureRowV1>> {
    let mut stmt = conn.prepare_cached(
        "SELECT role, name, job_title, signed_at, sha256, public_key, signature
         FROM appraisal_signature WHERE appraisal_seq = ?1 ORDER BY signed_at, role",
    )?;
    let rows = stmt.query_map([seq], |r| {
        Ok((
            SignatureRowV1 {
                role: r.get("role")?,
                name: r.get("name")?,
                job_title: r.get("job_title")?,
                signed_at: r.get("signed_at")?,
                sha256: r.get("sha256")?,
                public_key: r.get("public_key")?,
                signature: None,
            },
            r.get::<_, Option<String>>("signature")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut s, signature) = row.map_err(corrupt_or_database)?;
        s.signature = signature
            .map(|t| serde_json::from_str(&t).map_err(|e| Error::Corrupt(e.to_string())))
            .transpose()?;
        out.push(s);
    }
    Ok(out)
}

fn events(conn: &Connection, seq: i64, appraisal_id: &str) -> Result<Vec<EventV1>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, actor_name, action, from_state, to_state, reason, sha256
         FROM appraisal_event WHERE appraisal_seq = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([seq], |r| {
        Ok(EventV1 {
            appraisal_id: appraisal_id.to_string(),
            index: 0,
            at: r.get("at")?,
            actor: r.get("actor")?,
            actor_name: r.get("actor_name")?,
            action: r.get("action")?,
            from_state: r.get("from_state")?,
            to_state: r.get("to_state")?,
            reason: r.get("reason")?,
            sha256: r.get("sha256")?,
        })
    })?;
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let mut e = row.map_err(corrupt_or_database)?;
        e.index = i as u32 + 1;
        out.push(e);
    }
    Ok(out)
}

fn revalidation(conn: &Connection) -> Result<RevalidationV1> {
    let mut out = RevalidationV1::default();
    let mut stmt = conn.prepare(
        "SELECT id, received_on, source, summary, changes, created_at, updated_at
         FROM feedback ORDER BY received_on, id",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(FeedbackV1 {
            id: r.get(0)?,
            received_on: r.get(1)?,
            source: r.get(2)?,
            summary: r.get(3)?,
            changes: r.get(4)?,
            created_at: r.get(5)?,
            updated_at: r.get(6)?,
        })
    })? {
        out.feedback.push(row.map_err(corrupt_or_database)?);
    }
    let mut stmt = conn.prepare(
        "SELECT id, partner_name, partner_pin, held_on, notes, created_at
         FROM reflective_discussion ORDER BY held_on, id",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(DiscussionV1 {
            id: r.get(0)?,
            partner_name: r.get(1)?,
            partner_pin: r.get(2)?,
            held_on: r.get(3)?,
            notes: r.get(4)?,
            created_at: r.get(5)?,
        })
    })? {
        out.discussions.push(row.map_err(corrupt_or_database)?);
    }
    let mut stmt = conn.prepare(
        "SELECT id, confirmer_name, confirmer_role, confirmer_pin, confirmed_on, created_at
         FROM revalidation_confirmation ORDER BY confirmed_on, id",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(ConfirmationV1 {
            id: r.get(0)?,
            confirmer_name: r.get(1)?,
            confirmer_role: r.get(2)?,
            confirmer_pin: r.get(3)?,
            confirmed_on: r.get(4)?,
            created_at: r.get(5)?,
        })
    })? {
        out.confirmations.push(row.map_err(corrupt_or_database)?);
    }
    Ok(out)
}
