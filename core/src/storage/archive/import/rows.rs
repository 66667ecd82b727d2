//! The rows of an archive as this journal stores them: reflections (with their revisions, tags
//! labelled from this journal's framework revisions and the search index), appraisals (content
//! from its record format 1 parts, the frozen record byte for byte, key signatures verified,
//! the log) and the revalidation evidence. Each field is checked with the journal's own limits.

use std::collections::HashSet;

use rusqlite::{named_params, Transaction};

use crate::appraisal::{self, AppraisalContent, AppraisalState, Role};
use crate::archive::wire::{AppraisalV1, EventV1, ReflectionTextV1, ReflectionV1};
use crate::archive::{appraisal_entry, check_id, Parsed, REVALIDATION};
use crate::error::{Error, Result};
use crate::format::parts;
use crate::format::record::SealedRecord;
use crate::format::signature::SignatureV1;
use crate::model::{Reflection, ReflectionInput, ReflectiveModel, Tag, TagRef, Visibility};
use crate::storage::labels::Labels;
use crate::storage::reflections::{store_version, validate_input};
use crate::validate::{check_len, parse_date, MAX_PROFILE_FIELD, MAX_SECTION};

use super::super::from_name;
use super::{instant, RevisionMap};

/// A reflection's text as an everyday value, its tags labelled from this journal's framework
/// revisions (which must say what the archive says they say).
fn reflection_from(
    labels: &Labels,
    map: &RevisionMap,
    id: &str,
    t: &ReflectionTextV1,
    at: &str,
) -> Result<Reflection> {
    let model: ReflectiveModel = from_name(&t.model).ok_or_else(|| {
        Error::invalid(
            format!("{at}model"),
            format!("“{}” is not a reflective model", t.model),
        )
    })?;
    let visibility: Visibility = from_name(&t.visibility)
        .ok_or_else(|| Error::invalid(format!("{at}visibility"), "Use private or shared"))?;
    let mut tags = Vec::with_capacity(t.tags.len());
    for (i, tag) in t.tags.iter().enumerate() {
        let field = format!("{at}tags[{i}]");
        let revision = map
            .get(&(tag.framework_id.clone(), tag.framework_revision))
            .copied()
            .ok_or_else(|| {
                Error::invalid(
                    &field,
                    format!(
                        "revision {} of the framework “{}” is not in the archive",
                        tag.framework_revision, tag.framework_id
                    ),
                )
            })?;
        let behaviour = tag.behaviour_key.as_deref().unwrap_or("");
        let found: Option<Tag> = labels
            .tag(&tag.framework_id, revision, &tag.value_key, behaviour)
            .map(|(_, _, t)| t);
        let Some(found) = found.filter(|f| {
            *f.value_name == *tag.value_name
                && f.behaviour_text.as_deref() == tag.behaviour_text.as_deref()
        }) else {
            return Err(Error::invalid(
                &field,
                format!(
                    "the tag “{}” is not what revision {} of “{}” says",
                    crate::safe_text::for_terminal(&tag.value_name),
                    tag.framework_revision,
                    tag.framework_id
                ),
            ));
        };
        tags.push(found);
    }
    Ok(Reflection {
        id: id.to_string(),
        title: t.title.clone(),
        event_date: t.event_date.clone(),
        model,
        body: t.body.clone(),
        tags,
        visibility,
        cpd_hours: t.cpd_hours,
        cpd_participatory: t.cpd_participatory,
        created_at: String::new(),
        updated_at: String::new(),
        revision: 0,
        deleted_at: None,
    })
}

fn checked(r: &Reflection, today: chrono::NaiveDate, at: &str) -> Result<ReflectionInput> {
    let input = ReflectionInput {
        tags: r.tags.iter().map(Tag::as_ref).collect::<Vec<TagRef>>(),
        ..r.to_input()
    };
    validate_input(&input, today).map_err(|e| match e {
        Error::Invalid { field, message } => Error::invalid(format!("{at}{field}"), message),
        other => other,
    })
}

pub(super) fn import_reflection(
    tx: &Transaction<'_>,
    labels: &Labels,
    map: &RevisionMap,
    v: &ReflectionV1,
    today: chrono::NaiveDate,
) -> Result<()> {
    let r = reflection_from(labels, map, &v.id, &v.content, "content.")?;
    let clean = checked(&r, today, "content.")?;
    instant("created_at", &v.created_at)?;
    instant("updated_at", &v.updated_at)?;
    if let Some(d) = &v.deleted_at {
        instant("deleted_at", d)?;
    }
    tx.execute(
        "INSERT INTO reflection (id, title, event_date, model, body, visibility, cpd_hours,
            cpd_participatory, created_at, updated_at, revision, deleted_at)
         VALUES (:id, :title, :event_date, :model, :body, :visibility, :cpd_hours,
            :cpd_participatory, :created_at, :updated_at, :revision, :deleted_at)",
        named_params! {
            ":id": v.id,
            ":title": clean.title,
            ":event_date": clean.event_date,
            ":model": clean.model,
            ":body": serde_json::to_string(&clean.body).map_err(|e| Error::Corrupt(e.to_string()))?,
            ":visibility": clean.visibility,
            ":cpd_hours": clean.cpd_hours,
            ":cpd_participatory": clean.cpd_participatory,
            ":created_at": v.created_at,
            ":updated_at": v.updated_at,
            ":revision": v.revision,
            ":deleted_at": v.deleted_at,
        },
    )?;
    let seq = tx.last_insert_rowid();
    {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO reflection_tag (reflection_seq, framework_id, revision, value_key, behaviour_key)
             VALUES (:seq, :framework_id, :revision, :value_key, :behaviour_key)",
        )?;
        for t in &r.tags {
            stmt.execute(named_params! {
                ":seq": seq,
                ":framework_id": t.framework_id,
                ":revision": t.framework_revision,
                ":value_key": t.value_key,
                ":behaviour_key": t.behaviour_key.as_deref().unwrap_or(""),
            })?;
        }
    }
    let mut seen = HashSet::new();
    for (i, rev) in v.revisions.iter().enumerate() {
        let at = format!("revisions[{i}].");
        if !seen.insert(rev.revision) || rev.revision == 0 {
            return Err(Error::invalid(
                format!("{at}revision"),
                "each revision has its own number, from 1",
            ));
        }
        instant(&format!("{at}saved_at"), &rev.saved_at)?;
        instant(&format!("{at}updated_at"), &rev.updated_at)?;
        let mut snapshot =
            reflection_from(labels, map, &v.id, &rev.content, &format!("{at}content."))?;
        checked(&snapshot, today, &format!("{at}content."))?;
        snapshot.created_at = v.created_at.clone();
        snapshot.updated_at = rev.updated_at.clone();
        snapshot.revision = rev.revision;
        // The revision the row holds is the current one: its history row points at the row.
        let current = rev.revision == v.revision;
        store_version(
            tx,
            &v.id,
            rev.revision,
            &rev.saved_at,
            (!current).then_some(&snapshot),
        )?;
    }
    Ok(())
}

fn state(field: &str, s: &str) -> Result<AppraisalState> {
    AppraisalState::parse(s).ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "“{}” is not an appraisal state",
                crate::safe_text::for_terminal(s)
            ),
        )
    })
}

fn role(field: &str, s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| Error::invalid(field, "Use colleague or appraiser"))
}

pub(super) fn import_appraisal(
    tx: &Transaction<'_>,
    a: &AppraisalV1,
    events: &[EventV1],
    reflection_ids: &HashSet<&str>,
) -> Result<()> {
    let st = state("state", &a.state)?;
    appraisal::check_period(&a.period_start, &a.period_end)?;
    if let Some(d) = &a.pay_step_date {
        parse_date("pay_step_date", d)?;
    }
    if let Some(prev) = &a.previous_id {
        check_id(&appraisal_entry(&a.id), "previous_id", prev)?;
    }
    for (field, v) in [("created_at", &a.created_at), ("updated_at", &a.updated_at)] {
        instant(field, v)?;
    }
    if let Some(at) = &a.agreed_at {
        instant("agreed_at", at)?;
    }
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM framework WHERE id = ?1)",
        [&a.framework_id],
        |r| r.get(0),
    )?;
    if !known {
        return Err(Error::invalid(
            "framework_id",
            format!(
                "the framework “{}” is not in the archive",
                crate::safe_text::for_terminal(&a.framework_id)
            ),
        ));
    }
    let mut content = AppraisalContent::default();
    for (name, v) in &a.content {
        parts::apply_part(&mut content, name, v).map_err(|e| match e {
            Error::Invalid { message, .. } => Error::invalid(format!("content.{name}"), message),
            other => other,
        })?;
    }
    content.wellbeing_shared = a.wellbeing_shared;
    if content.period_start != a.period_start || content.period_end != a.period_end {
        return Err(Error::invalid(
            "content.period",
            "the period differs from period_start and period_end",
        ));
    }
    appraisal::validate(&content)?;
    for id in content.values.iter().flat_map(|v| &v.reflection_ids) {
        if !reflection_ids.contains(id.as_str()) {
            return Err(Error::invalid(
                "content.evidence",
                format!(
                    "the reflection “{}” is not in the archive",
                    crate::safe_text::for_terminal(id)
                ),
            ));
        }
    }
    let sealed = match &a.frozen_record {
        Some(text) => serde_json::from_str::<SealedRecord>(text).ok(),
        None => None,
    };
    let digest = sealed.as_ref().map(SealedRecord::digest).transpose()?;
    if a.frozen_record.is_none() && (st == AppraisalState::Agreed || !a.signatures.is_empty()) {
        return Err(Error::invalid(
            "frozen_record",
            "a signed appraisal must carry the record its signatures cover",
        ));
    }
    let content_json =
        serde_json::to_string(&content).map_err(|e| Error::Corrupt(e.to_string()))?;
    tx.execute(
        "INSERT INTO appraisal (id, state, period_start, period_end, framework_id, previous_id,
            pay_step_date, content, frozen_record, agreed_at, created_at, updated_at, record_version)
         VALUES (:id, :state, :period_start, :period_end, :framework_id, :previous_id,
            :pay_step_date, :content, :frozen_record, :agreed_at, :created_at, :updated_at, :record_version)",
        named_params! {
            ":id": a.id,
            ":state": st,
            ":period_start": a.period_start,
            ":period_end": a.period_end,
            ":framework_id": a.framework_id,
            ":previous_id": a.previous_id,
            ":pay_step_date": a.pay_step_date,
            ":content": content_json,
            ":frozen_record": a.frozen_record,
            ":agreed_at": a.agreed_at,
            ":created_at": a.created_at,
            ":updated_at": a.updated_at,
            ":record_version": a.record_version,
        },
    )?;
    let seq = tx.last_insert_rowid();
    let mut roles = HashSet::new();
    for (i, s) in a.signatures.iter().enumerate() {
        let at = format!("signatures[{i}]");
        let r = role(&format!("{at}.role"), &s.role)?;
        if !roles.insert(r) {
            return Err(Error::invalid(
                &at,
                format!("the {} signed twice", r.as_str()),
            ));
        }
        if s.sha256.len() != 64 || !s.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid(
                format!("{at}.sha256"),
                "not a SHA-256 (64 hex digits)",
            ));
        }
        if digest.as_ref().is_some_and(|d| *d != s.sha256) {
            return Err(Error::invalid(
                format!("{at}.sha256"),
                "the signature is not over the frozen record",
            ));
        }
        for (field, v) in [("name", &s.name), ("job_title", &s.job_title)] {
            check_len(&format!("{at}.{field}"), v, MAX_PROFILE_FIELD)?;
        }
        instant(&format!("{at}.signed_at"), &s.signed_at)?;
        let key = match &s.signature {
            Some(v) => {
                let k: SignatureV1 = serde_json::from_value(v.clone()).map_err(|e| {
                    Error::invalid(
                        format!("{at}.signature"),
                        format!("not a key signature: {e}"),
                    )
                })?;
                if k.verify(&s.sha256).ok() != Some(r) {
                    return Err(Error::invalid(
                        format!("{at}.signature"),
                        "the key signature does not verify: the archive was changed",
                    ));
                }
                Some(serde_json::to_string(&k).map_err(|e| Error::Corrupt(e.to_string()))?)
            }
            None => None,
        };
        tx.execute(
            "INSERT INTO appraisal_signature (appraisal_seq, role, name, job_title, signed_at, sha256, public_key, signature)
             VALUES (:seq, :role, :name, :job_title, :signed_at, :sha256, :public_key, :signature)",
            named_params! {
                ":seq": seq,
                ":role": r,
                ":name": s.name,
                ":job_title": s.job_title,
                ":signed_at": s.signed_at,
                ":sha256": s.sha256,
                ":public_key": s.public_key,
                ":signature": key,
            },
        )?;
    }
    for e in events {
        let at = format!("events[{}]", e.index);
        let actor = role(&format!("{at}.actor"), &e.actor)?;
        let to = state(&format!("{at}.to_state"), &e.to_state)?;
        let from = e
            .from_state
            .as_deref()
            .map(|s| state(&format!("{at}.from_state"), s))
            .transpose()?;
        instant(&format!("{at}.at"), &e.at)?;
        check_len(
            &format!("{at}.actor_name"),
            &e.actor_name,
            MAX_PROFILE_FIELD,
        )?;
        check_len(&format!("{at}.action"), &e.action, MAX_PROFILE_FIELD)?;
        if let Some(reason) = &e.reason {
            check_len(
                &format!("{at}.reason"),
                reason,
                crate::storage::appraisals::MAX_REASON,
            )?;
        }
        tx.execute(
            "INSERT INTO appraisal_event (appraisal_seq, at, actor, actor_name, action, from_state, to_state, reason, sha256)
             VALUES (:seq, :at, :actor, :actor_name, :action, :from_state, :to_state, :reason, :sha256)",
            named_params! {
                ":seq": seq,
                ":at": e.at,
                ":actor": actor,
                ":actor_name": e.actor_name,
                ":action": e.action,
                ":from_state": from,
                ":to_state": to,
                ":reason": e.reason,
                ":sha256": e.sha256,
            },
        )?;
    }
    Ok(())
}

pub(super) fn import_revalidation(tx: &Transaction<'_>, p: &Parsed) -> Result<()> {
    let v = &p.revalidation;
    let mut ids = HashSet::new();
    let mut fresh = |field: String, id: &str| -> Result<()> {
        check_id(REVALIDATION, &field, id)?;
        if !ids.insert(id.to_string()) {
            return Err(Error::invalid(
                field,
                format!("the id “{id}” is used twice"),
            ));
        }
        Ok(())
    };
    let text = |field: String, s: &str, max: usize| check_len(&field, s, max);
    for (i, f) in v.feedback.iter().enumerate() {
        let at = format!("feedback[{i}]");
        fresh(format!("{at}.id"), &f.id)?;
        parse_date(&format!("{at}.received_on"), &f.received_on)?;
        text(format!("{at}.source"), &f.source, MAX_PROFILE_FIELD * 4)?;
        text(format!("{at}.summary"), &f.summary, MAX_SECTION)?;
        text(format!("{at}.changes"), &f.changes, MAX_SECTION)?;
        instant(&format!("{at}.created_at"), &f.created_at)?;
        instant(&format!("{at}.updated_at"), &f.updated_at)?;
        tx.execute(
            "INSERT INTO feedback (id, received_on, source, summary, changes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![f.id, f.received_on, f.source, f.summary, f.changes, f.created_at, f.updated_at],
        )?;
    }
    for (i, d) in v.discussions.iter().enumerate() {
        let at = format!("discussions[{i}]");
        fresh(format!("{at}.id"), &d.id)?;
        parse_date(&format!("{at}.held_on"), &d.held_on)?;
        text(
            format!("{at}.partner_name"),
            &d.partner_name,
            MAX_PROFILE_FIELD,
        )?;
        text(format!("{at}.partner_pin"), &d.partner_pin, 30)?;
        text(format!("{at}.notes"), &d.notes, MAX_SECTION)?;
        instant(&format!("{at}.created_at"), &d.created_at)?;
        tx.execute(
            "INSERT INTO reflective_discussion (id, partner_name, partner_pin, held_on, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![d.id, d.partner_name, d.partner_pin, d.held_on, d.notes, d.created_at],
        )?;
    }
    for (i, c) in v.confirmations.iter().enumerate() {
        let at = format!("confirmations[{i}]");
        fresh(format!("{at}.id"), &c.id)?;
        parse_date(&format!("{at}.confirmed_on"), &c.confirmed_on)?;
        text(
            format!("{at}.confirmer_name"),
            &c.confirmer_name,
            MAX_PROFILE_FIELD,
        )?;
        text(
            format!("{at}.confirmer_role"),
            &c.confirmer_role,
            MAX_PROFILE_FIELD,
        )?;
        if let Some(pin) = &c.confirmer_pin {
            text(format!("{at}.confirmer_pin"), pin, 30)?;
        }
        instant(&format!("{at}.created_at"), &c.created_at)?;
        tx.execute(
            "INSERT INTO revalidation_confirmation (id, confirmer_name, confirmer_role, confirmer_pin, confirmed_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![c.id, c.confirmer_name, c.confirmer_role, c.confirmer_pin, c.confirmed_on, c.created_at],
        )?;
    }
    Ok(())
}
