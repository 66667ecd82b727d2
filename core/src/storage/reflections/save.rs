//! Saving a reflection (the row, its tags and the revision history; the search index follows the
//! row by trigger), and
//! moving it to and from the bin.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{Reflection, ReflectionInput, Tag, TagRef};
use crate::storage::labels::Labels;
use crate::validate::{
    check_len, check_required, parse_past_date, MAX_CPD_HOURS, MAX_SECTION, MAX_TAGS, MAX_TITLE,
};

use super::history::{plan, retire, store_current, touch, Plan, Revision};
use super::read::{exists, read};
use super::search::{HL_END, HL_START};

/// The input, trimmed and checked. `today` is the local calendar date.
pub fn validate_input(
    input: &ReflectionInput,
    today: chrono::NaiveDate,
) -> Result<ReflectionInput> {
    let title = input.title.trim().to_string();
    check_required("title", &title)?;
    check_len("title", &title, MAX_TITLE)?;
    let date = parse_past_date("event_date", &input.event_date, today)?;
    let prompts = input.model.prompts();
    let mut body = BTreeMap::new();
    for (key, text) in &input.body {
        let field = format!("body.{key}");
        if !prompts.iter().any(|p| p.key == key) {
            let known: Vec<&str> = prompts.iter().map(|p| p.key).collect();
            return Err(Error::invalid(
                field,
                format!(
                    "'{key}' is not a prompt of the {} model (its prompts are: {})",
                    input.model.name(),
                    known.join(", ")
                ),
            ));
        }
        let text = text.replace([HL_START, HL_END], "");
        check_len(&field, &text, MAX_SECTION)?;
        if !text.trim().is_empty() {
            body.insert(key.clone(), text.trim_end().to_string());
        }
    }
    if input.tags.len() > MAX_TAGS {
        return Err(Error::invalid(
            "tags",
            format!("A reflection can have at most {MAX_TAGS} tags"),
        ));
    }
    let mut tags = input.tags.clone();
    tags.sort();
    tags.dedup();
    if let Some(h) = input.cpd_hours {
        if !h.is_finite() || h <= 0.0 || h > MAX_CPD_HOURS {
            return Err(Error::invalid(
                "cpd_hours",
                format!("CPD hours must be more than 0 and at most {MAX_CPD_HOURS} (leave it empty if this was not CPD)"),
            ));
        }
    }
    if input.cpd_participatory && input.cpd_hours.is_none() {
        return Err(Error::invalid(
            "cpd_hours",
            "Enter the CPD hours for participatory learning",
        ));
    }
    if let Some(id) = &input.id {
        Uuid::parse_str(id)
            .map_err(|_| Error::invalid("id", format!("'{id}' is not a reflection id")))?;
    }
    Ok(ReflectionInput {
        id: input.id.clone(),
        title,
        event_date: date.format("%Y-%m-%d").to_string(),
        model: input.model,
        body,
        tags,
        visibility: input.visibility,
        cpd_hours: input.cpd_hours,
        cpd_participatory: input.cpd_participatory,
    })
}

/// The reflection a save edits, as its row stands before the save.
struct Existing {
    seq: i64,
    deleted: bool,
    created_at: String,
    revision: u32,
}

/// Save checked input (from [`validate_input`]): the row and its tags (the search index follows
/// the row by trigger) and the revision history; the editor's draft for it is dropped.
pub(crate) fn save(
    tx: &Transaction<'_>,
    labels: &Labels,
    clean: &ReflectionInput,
    now: &str,
    revision_rule: Revision<'_>,
) -> Result<Reflection> {
    let existing: Option<Existing> = match &clean.id {
        Some(id) => tx
            .prepare_cached(
                "SELECT seq, deleted_at IS NOT NULL, created_at, revision FROM reflection WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Existing {
                    seq: r.get(0)?,
                    deleted: r.get(1)?,
                    created_at: r.get(2)?,
                    revision: r.get(3)?,
                })
            })
            .optional()?,
        None => None,
    };
    if let (Some(id), None) = (&clean.id, &existing) {
        return Err(Error::NotFound {
            what: "reflection",
            id: id.clone(),
        });
    }
    if existing.as_ref().is_some_and(|e| e.deleted) {
        return Err(Error::invalid(
            "id",
            "This reflection is in the bin: restore it before editing it",
        ));
    }
    let tags = resolve_tags(tx, labels, existing.as_ref().map(|e| e.seq), &clean.tags)?;
    let body_json =
        serde_json::to_string(&clean.body).map_err(|e| Error::Corrupt(e.to_string()))?;
    // An edit keeps its id, row and creation time; a new reflection gets a UUID v7.
    let (id, created_at, history) = match (&clean.id, &existing) {
        (Some(id), Some(e)) => {
            let history = plan(tx, id, e.revision, revision_rule)?;
            if !history.in_place {
                retire(tx, &read(tx, labels, id)?)?;
            }
            (id.clone(), e.created_at.clone(), history)
        }
        _ => (
            Uuid::now_v7().to_string(),
            now.to_string(),
            Plan::first(revision_rule),
        ),
    };
    let revision = history.revision;
    let values = named_params! {
        ":id": id,
        ":title": clean.title,
        ":event_date": clean.event_date,
        ":model": clean.model,
        ":body": body_json,
        ":visibility": clean.visibility,
        ":cpd_hours": clean.cpd_hours,
        ":cpd_participatory": clean.cpd_participatory,
        ":now": now,
        ":revision": revision,
    };
    let seq = match &existing {
        Some(e) => {
            tx.prepare_cached(
                "UPDATE reflection SET title = :title, event_date = :event_date, model = :model,
                    body = :body, visibility = :visibility, cpd_hours = :cpd_hours,
                    cpd_participatory = :cpd_participatory, updated_at = :now, revision = :revision
                 WHERE id = :id",
            )?
            .execute(values)?;
            tx.prepare_cached("DELETE FROM reflection_tag WHERE reflection_seq = ?1")?
                .execute([e.seq])?;
            e.seq
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO reflection (id, title, event_date, model, body, visibility, cpd_hours,
                    cpd_participatory, created_at, updated_at, revision)
                 VALUES (:id, :title, :event_date, :model, :body, :visibility, :cpd_hours,
                    :cpd_participatory, :now, :now, :revision)",
            )?
            .execute(values)?;
            tx.last_insert_rowid()
        }
    };
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO reflection_tag (reflection_seq, framework_id, revision, value_key, behaviour_key)
             VALUES (:seq, :framework_id, :revision, :value_key, :behaviour_key)",
        )?;
        for (_, _, t) in &tags {
            stmt.execute(named_params! {
                ":seq": seq,
                ":framework_id": t.framework_id,
                ":revision": t.framework_revision,
                ":value_key": t.value_key,
                ":behaviour_key": t.behaviour_key.as_deref().unwrap_or(""),
            })?;
        }
    }
    if history.in_place {
        touch(tx, &id, &history, now)?;
    } else {
        store_current(tx, &id, &history, now)?;
    }
    tx.prepare_cached("DELETE FROM draft WHERE key = ?1")?
        .execute([&id])?;
    // The saved reflection as `read` would return it: tags in the framework's order.
    let mut tags = tags;
    tags.sort_unstable_by(|a, b| {
        (&*a.2.framework_id, a.0, a.1).cmp(&(&*b.2.framework_id, b.0, b.1))
    });
    Ok(Reflection {
        id,
        title: clean.title.clone(),
        event_date: clean.event_date.clone(),
        model: clean.model,
        body: clean.body.clone(),
        tags: tags.into_iter().map(|t| t.2).collect(),
        visibility: clean.visibility,
        cpd_hours: clean.cpd_hours,
        cpd_participatory: clean.cpd_participatory,
        created_at,
        updated_at: now.to_string(),
        revision,
        deleted_at: None,
    })
}

/// Move a reflection to the bin (`deleted_at`: when) or out of it (`None`).
pub(crate) fn set_deleted(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
    deleted_at: Option<&str>,
) -> Result<Reflection> {
    let n = match deleted_at {
        Some(at) => tx.execute(
            "UPDATE reflection SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, at],
        )?,
        None => tx.execute(
            "UPDATE reflection SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
        )?,
    };
    if n == 0 {
        let state_message = if deleted_at.is_some() {
            "This reflection is already in the bin"
        } else {
            "This reflection is not in the bin"
        };
        return Err(if exists(tx, id)? {
            Error::invalid("id", state_message)
        } else {
            Error::NotFound {
                what: "reflection",
                id: id.to_string(),
            }
        });
    }
    read(tx, labels, id)
}

/// A tag a reflection already has, with the framework revision it was tagged against.
struct KeptTag {
    tag: TagRef,
    revision: u32,
}

impl KeptTag {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<KeptTag> {
        let b: String = r.get("behaviour_key")?;
        Ok(KeptTag {
            tag: TagRef {
                framework_id: r.get("framework_id")?,
                value_key: r.get("value_key")?,
                behaviour_key: (!b.is_empty()).then_some(b),
            },
            revision: r.get("revision")?,
        })
    }
}

/// Resolve each tag to a framework revision: a tag the reflection already had keeps its revision;
/// a new one uses the framework's current revision and must exist there.
fn resolve_tags(
    tx: &Transaction<'_>,
    labels: &Labels,
    seq: Option<i64>,
    tags: &[TagRef],
) -> Result<Vec<(i64, i64, Tag)>> {
    let mut kept: HashMap<TagRef, u32> = HashMap::new();
    if let Some(seq) = seq {
        let mut stmt = tx.prepare_cached(
            "SELECT framework_id, value_key, behaviour_key, revision FROM reflection_tag
             WHERE reflection_seq = ?1",
        )?;
        let rows = stmt.query_map([seq], KeptTag::from_row)?;
        for row in rows {
            let KeptTag { tag, revision } = row?;
            kept.insert(tag, revision);
        }
    }
    let mut out = Vec::with_capacity(tags.len());
    for (i, t) in tags.iter().enumerate() {
        let field = format!("tags[{i}]");
        let revision = match kept.get(t) {
            Some(rev) => *rev,
            None => tx
                .prepare_cached("SELECT current_revision FROM framework WHERE id = ?1")?
                .query_row([&t.framework_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    Error::invalid(
                        &field,
                        format!("Unknown tag: there is no framework '{}'", t.framework_id),
                    )
                })?,
        };
        let behaviour = t.behaviour_key.as_deref().unwrap_or("");
        let tag = labels
            .tag(&t.framework_id, revision, &t.value_key, behaviour)
            .ok_or_else(|| {
                let message = if labels
                    .value(&t.framework_id, revision, &t.value_key)
                    .is_none()
                {
                    format!(
                        "Unknown tag: '{}' is not a value of '{}'",
                        t.value_key, t.framework_id
                    )
                } else {
                    format!(
                        "Unknown tag: '{behaviour}' is not a behaviour statement of '{}' in '{}'",
                        t.value_key, t.framework_id
                    )
                };
                Error::invalid(&field, message)
            })?;
        out.push(tag);
    }
    Ok(out)
}
