//! Reflections: save (with tags, search index and revision history), read, list and search,
//! delete and restore.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Local, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{
    Reflection, ReflectionInput, ReflectionQuery, ReflectionSummary, ReflectiveModel,
    RevisionEntry, SnippetPart, Tag, TagRef, Visibility,
};
use crate::store::{now_utc, Store};
use crate::validate::{
    check_len, check_required, parse_date, parse_past_date, MAX_CPD_HOURS, MAX_SECTION, MAX_TAGS,
    MAX_TITLE,
};

/// Saves within this many seconds of the previous revision update it instead of adding one,
/// so autosave while typing keeps a readable history.
pub const REVISION_COALESCE_SECS: i64 = 300;

/// Snippet delimiters (control characters never stored in text the user typed... and stripped
/// if they were).
const HL_START: char = '\u{2}';
const HL_END: char = '\u{3}';

const SUMMARY_COLUMNS: &str =
    "r.id, r.title, r.event_date, r.model, r.visibility, r.updated_at, r.seq";

impl Store {
    /// Validate and save a reflection (new when `input.id` is `None`). One transaction writes the
    /// row, its tags, the search index and the revision history; invalid input writes nothing.
    pub fn save_reflection(&mut self, input: &ReflectionInput) -> Result<Reflection> {
        let clean = validate_input(input, Local::now().date_naive())?;
        let now = now_utc();
        let labels = self.labels()?;
        let tx = self.conn.transaction()?;
        let existing: Option<(i64, Option<String>)> = match &clean.id {
            Some(id) => tx
                .query_row(
                    "SELECT seq, deleted_at FROM reflection WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
            None => None,
        };
        if let (Some(id), None) = (&clean.id, &existing) {
            return Err(Error::NotFound {
                what: "reflection",
                id: id.clone(),
            });
        }
        if let Some((_, Some(_))) = existing {
            return Err(Error::invalid(
                "id",
                "This reflection is in the bin: restore it before editing it",
            ));
        }
        let tags = resolve_tags(&tx, &labels, clean.id.as_deref(), &clean.tags)?;
        let body_json =
            serde_json::to_string(&clean.body).map_err(|e| Error::Corrupt(e.to_string()))?;
        let (id, seq) = match (&clean.id, existing) {
            (Some(id), Some((seq, _))) => {
                tx.execute(
                    "UPDATE reflection SET title = ?2, event_date = ?3, model = ?4, body = ?5, visibility = ?6,
                        cpd_hours = ?7, cpd_participatory = ?8, updated_at = ?9
                     WHERE id = ?1",
                    params![
                        id,
                        clean.title,
                        clean.event_date,
                        clean.model.as_str(),
                        body_json,
                        clean.visibility.as_str(),
                        clean.cpd_hours,
                        clean.cpd_participatory,
                        now
                    ],
                )?;
                (id.clone(), seq)
            }
            _ => {
                let id = Uuid::now_v7().to_string();
                tx.execute(
                    "INSERT INTO reflection (id, title, event_date, model, body, visibility, cpd_hours,
                        cpd_participatory, created_at, updated_at, revision)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 0)",
                    params![
                        id,
                        clean.title,
                        clean.event_date,
                        clean.model.as_str(),
                        body_json,
                        clean.visibility.as_str(),
                        clean.cpd_hours,
                        clean.cpd_participatory,
                        now
                    ],
                )?;
                (id, tx.last_insert_rowid())
            }
        };
        tx.execute(
            "DELETE FROM reflection_tag WHERE reflection_seq = ?1",
            [seq],
        )?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO reflection_tag (reflection_seq, framework_id, revision, value_key, behaviour_key)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for t in &tags {
                stmt.execute(params![
                    seq,
                    t.framework_id,
                    t.framework_revision,
                    t.value_key,
                    t.behaviour_key.as_deref().unwrap_or("")
                ])?;
            }
        }
        index(&tx, seq, &clean, &tags)?;
        let mut reflection = read(&tx, &labels, &id)?;
        reflection.revision = record_revision(&tx, &reflection, &now)?;
        tx.execute("DELETE FROM draft WHERE key = ?1", [&id])?;
        tx.commit()?;
        Ok(reflection)
    }

    /// One reflection (also from the bin, with `deleted_at` set).
    pub fn reflection(&self, id: &str) -> Result<Reflection> {
        read(&self.conn, &*self.labels()?, id)
    }

    /// Move a reflection to the bin. It disappears from the journal, search and overview, and
    /// can be restored with [`Store::restore_reflection`].
    pub fn delete_reflection(&mut self, id: &str) -> Result<Reflection> {
        let labels = self.labels()?;
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE reflection SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, now_utc()],
        )?;
        if n == 0 {
            return Err(not_found_or_state(
                &tx,
                id,
                "This reflection is already in the bin",
            )?);
        }
        let r = read(&tx, &labels, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Take a reflection out of the bin (undo delete).
    pub fn restore_reflection(&mut self, id: &str) -> Result<Reflection> {
        let labels = self.labels()?;
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE reflection SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
        )?;
        if n == 0 {
            return Err(not_found_or_state(
                &tx,
                id,
                "This reflection is not in the bin",
            )?);
        }
        let r = read(&tx, &labels, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// The saved versions of a reflection, newest first.
    pub fn revisions(&self, id: &str) -> Result<Vec<RevisionEntry>> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM reflection WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound {
                what: "reflection",
                id: id.to_string(),
            });
        }
        let mut stmt = self.conn.prepare(
            "SELECT revision, saved_at, snapshot FROM reflection_revision
             WHERE reflection_id = ?1 ORDER BY revision DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (revision, saved_at, snapshot) = row?;
            let reflection: Reflection = serde_json::from_str(&snapshot)
                .map_err(|e| Error::Corrupt(format!("revision {revision}: {e}")))?;
            out.push(RevisionEntry {
                revision,
                saved_at,
                reflection,
            });
        }
        Ok(out)
    }

    /// The journal: reflections matching every filter, newest event first, or best match first
    /// when `text` is given (with highlighted snippets).
    pub fn list_reflections(&self, query: &ReflectionQuery) -> Result<Vec<ReflectionSummary>> {
        let mut sql = String::new();
        let mut args: Vec<Value> = Vec::new();
        let fts = query
            .text
            .as_deref()
            .map(fts_query)
            .filter(|q| !q.is_empty());
        if let Some(q) = &fts {
            // Ranked by FTS5 and limited before the select list is computed, so snippets are
            // made only for the rows returned.
            sql.push_str(&format!(
                "SELECT {SUMMARY_COLUMNS}, snippet(reflection_fts, -1, char(2), char(3), '…', 16)
                 FROM reflection_fts JOIN reflection r ON r.seq = reflection_fts.rowid
                 WHERE reflection_fts MATCH ?"
            ));
            args.push(Value::Text(q.clone()));
        } else {
            sql.push_str(&format!(
                "SELECT {SUMMARY_COLUMNS}, NULL FROM reflection r WHERE 1"
            ));
        }
        sql.push_str(if query.deleted {
            " AND r.deleted_at IS NOT NULL"
        } else {
            " AND r.deleted_at IS NULL"
        });
        if let Some(from) = &query.from {
            parse_date("from", from)?;
            sql.push_str(" AND r.event_date >= ?");
            args.push(Value::Text(from.trim().to_string()));
        }
        if let Some(to) = &query.to {
            parse_date("to", to)?;
            sql.push_str(" AND r.event_date <= ?");
            args.push(Value::Text(to.trim().to_string()));
        }
        if let Some(v) = query.visibility {
            sql.push_str(" AND r.visibility = ?");
            args.push(Value::Text(v.as_str().to_string()));
        }
        if let Some(m) = query.model {
            sql.push_str(" AND r.model = ?");
            args.push(Value::Text(m.as_str().to_string()));
        }
        for tag in &query.tags {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM reflection_tag t WHERE t.reflection_seq = r.seq
                   AND t.framework_id = ? AND t.value_key = ?",
            );
            args.push(Value::Text(tag.framework_id.clone()));
            args.push(Value::Text(tag.value_key.clone()));
            if let Some(b) = &tag.behaviour_key {
                sql.push_str(" AND t.behaviour_key = ?");
                args.push(Value::Text(b.clone()));
            }
            sql.push(')');
        }
        sql.push_str(if fts.is_some() {
            " ORDER BY reflection_fts.rank, r.event_date DESC, r.seq DESC"
        } else {
            " ORDER BY r.event_date DESC, r.seq DESC"
        });
        sql.push_str(" LIMIT ?");
        args.push(Value::Integer(query.limit.map_or(-1, i64::from)));

        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((
                ReflectionSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    event_date: r.get(2)?,
                    model: ReflectiveModel::Free,
                    visibility: Visibility::Private,
                    updated_at: r.get(5)?,
                    tags: Vec::new(),
                    snippet: r.get::<_, Option<String>>(7)?.map(|s| parse_snippet(&s)),
                },
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        let mut seqs = Vec::new();
        for row in rows {
            let (mut summary, model, visibility, seq) = row?;
            summary.model = parse_model(&model)?;
            summary.visibility = parse_visibility(&visibility)?;
            out.push(summary);
            seqs.push(seq);
        }

        let labels = self.labels()?;
        let mut tags = tags_for(&self.conn, &labels, &seqs)?;
        for (s, seq) in out.iter_mut().zip(&seqs) {
            s.tags = tags.remove(seq).unwrap_or_default();
        }
        Ok(out)
    }
}

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

/// Resolve each tag to a framework revision: a tag the reflection already had keeps its revision;
/// a new one uses the framework's current revision and must exist there.
fn resolve_tags(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: Option<&str>,
    tags: &[TagRef],
) -> Result<Vec<Tag>> {
    let mut kept: HashMap<TagRef, u32> = HashMap::new();
    if let Some(id) = id {
        let mut stmt = tx.prepare(
            "SELECT framework_id, value_key, behaviour_key, revision FROM reflection_tag
             WHERE reflection_seq = (SELECT seq FROM reflection WHERE id = ?1)",
        )?;
        let rows = stmt.query_map([id], |r| {
            let b: String = r.get(2)?;
            Ok((
                TagRef {
                    framework_id: r.get(0)?,
                    value_key: r.get(1)?,
                    behaviour_key: (!b.is_empty()).then_some(b),
                },
                r.get(3)?,
            ))
        })?;
        for row in rows {
            let (tag, rev) = row?;
            kept.insert(tag, rev);
        }
    }
    let mut out = Vec::with_capacity(tags.len());
    for (i, t) in tags.iter().enumerate() {
        let field = format!("tags[{i}]");
        let revision = match kept.get(t) {
            Some(rev) => *rev,
            None => tx
                .query_row(
                    "SELECT current_revision FROM framework WHERE id = ?1",
                    [&t.framework_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    Error::invalid(
                        &field,
                        format!("Unknown tag: there is no framework '{}'", t.framework_id),
                    )
                })?,
        };
        let behaviour = t.behaviour_key.as_deref().unwrap_or("");
        let (_, _, tag) = labels
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

fn index(tx: &Transaction<'_>, seq: i64, r: &ReflectionInput, tags: &[Tag]) -> Result<()> {
    let body = r
        .model
        .prompts()
        .iter()
        .filter_map(|p| r.body.get(p.key))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut tag_text: Vec<&str> = Vec::new();
    for t in tags {
        tag_text.push(&t.value_name);
        if let Some(b) = &t.behaviour_text {
            tag_text.push(b);
        }
    }
    tx.execute("DELETE FROM reflection_fts WHERE rowid = ?1", [seq])?;
    tx.execute(
        "INSERT INTO reflection_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
        params![seq, r.title, body, tag_text.join("\n")],
    )?;
    Ok(())
}

/// Record the revision history entry for a save; returns the revision number.
fn record_revision(tx: &Transaction<'_>, r: &Reflection, now: &str) -> Result<u32> {
    let last: Option<(u32, String)> = tx
        .query_row(
            "SELECT revision, saved_at FROM reflection_revision WHERE reflection_id = ?1 ORDER BY revision DESC LIMIT 1",
            [&r.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let now_t = DateTime::parse_from_rfc3339(now)
        .map(|t| t.with_timezone(&Utc))
        .ok();
    let coalesce = last.as_ref().and_then(|(rev, at)| {
        let at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
        let age = (now_t? - at).num_seconds();
        (age < REVISION_COALESCE_SECS).then_some(*rev)
    });
    let revision = match (coalesce, &last) {
        (Some(rev), _) => rev,
        (None, Some((rev, _))) => rev + 1,
        (None, None) => 1,
    };
    let mut snapshot = r.clone();
    snapshot.revision = revision;
    let json = serde_json::to_string(&snapshot).map_err(|e| Error::Corrupt(e.to_string()))?;
    if coalesce.is_some() {
        tx.execute(
            "UPDATE reflection_revision SET snapshot = ?3 WHERE reflection_id = ?1 AND revision = ?2",
            params![r.id, revision, json],
        )?;
    } else {
        tx.execute(
            "INSERT INTO reflection_revision (reflection_id, revision, saved_at, snapshot) VALUES (?1, ?2, ?3, ?4)",
            params![r.id, revision, now, json],
        )?;
    }
    tx.execute(
        "UPDATE reflection SET revision = ?2 WHERE id = ?1",
        params![r.id, revision],
    )?;
    Ok(revision)
}

fn read(conn: &rusqlite::Connection, labels: &Labels, id: &str) -> Result<Reflection> {
    let row = conn
        .query_row(
            "SELECT id, title, event_date, model, body, visibility, cpd_hours, cpd_participatory,
                    created_at, updated_at, revision, deleted_at, seq
             FROM reflection WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<f64>>(6)?,
                    r.get::<_, bool>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, u32>(10)?,
                    r.get::<_, Option<String>>(11)?,
                    r.get::<_, i64>(12)?,
                ))
            },
        )
        .optional()?;
    let Some((
        id,
        title,
        event_date,
        model,
        body,
        visibility,
        cpd_hours,
        cpd_participatory,
        created_at,
        updated_at,
        revision,
        deleted_at,
        seq,
    )) = row
    else {
        return Err(Error::NotFound {
            what: "reflection",
            id: id.to_string(),
        });
    };
    let body: BTreeMap<String, String> =
        serde_json::from_str(&body).map_err(|e| Error::Corrupt(e.to_string()))?;
    let tags = tags_for(conn, labels, &[seq])?
        .remove(&seq)
        .unwrap_or_default();
    Ok(Reflection {
        id,
        title,
        event_date,
        model: parse_model(&model)?,
        body,
        tags,
        visibility: parse_visibility(&visibility)?,
        cpd_hours,
        cpd_participatory,
        created_at,
        updated_at,
        revision,
        deleted_at,
    })
}

/// Labels of every value and behaviour of every framework revision (small tables), shared as
/// `Arc<str>` with the tags that name them and looked up by `&str` without allocating.
#[derive(Default)]
pub(crate) struct Labels {
    /// framework id → revision → value key → value label
    frameworks: HashMap<Arc<str>, HashMap<u32, RevisionLabels>>,
}

/// One framework revision's values, by key.
type RevisionLabels = HashMap<Arc<str>, ValueLabel>;

pub(crate) struct ValueLabel {
    framework_id: Arc<str>,
    key: Arc<str>,
    name: Arc<str>,
    position: i64,
    /// behaviour key → (key, text, position)
    behaviours: HashMap<Arc<str>, (Arc<str>, Arc<str>, i64)>,
}

impl Labels {
    pub(crate) fn load(conn: &rusqlite::Connection) -> Result<Labels> {
        let mut labels = Labels::default();
        let mut stmt = conn.prepare_cached(
            "SELECT framework_id, revision, value_key, name, position FROM framework_value",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (fw, rev, key, name, position) = row?;
            let fw: Arc<str> = Arc::from(fw);
            let key: Arc<str> = Arc::from(key);
            labels
                .frameworks
                .entry(Arc::clone(&fw))
                .or_default()
                .entry(rev)
                .or_default()
                .insert(
                    Arc::clone(&key),
                    ValueLabel {
                        framework_id: fw,
                        key,
                        name: Arc::from(name),
                        position,
                        behaviours: HashMap::new(),
                    },
                );
        }
        let mut stmt = conn.prepare_cached(
            "SELECT framework_id, revision, value_key, behaviour_key, text, position FROM framework_behaviour",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        for row in rows {
            let (fw, rev, value, key, text, position) = row?;
            if let Some(v) = labels
                .frameworks
                .get_mut(fw.as_str())
                .and_then(|f| f.get_mut(&rev))
                .and_then(|r| r.get_mut(value.as_str()))
            {
                let key: Arc<str> = Arc::from(key);
                v.behaviours
                    .insert(Arc::clone(&key), (key, Arc::from(text), position));
            }
        }
        Ok(labels)
    }

    pub(crate) fn value(&self, fw: &str, rev: u32, key: &str) -> Option<&ValueLabel> {
        self.frameworks.get(fw)?.get(&rev)?.get(key)
    }

    /// The labelled tag, with its sort position, or `None` if the framework does not have it.
    fn tag(&self, fw: &str, rev: u32, value: &str, behaviour: &str) -> Option<(i64, i64, Tag)> {
        let v = self.value(fw, rev, value)?;
        let (behaviour_key, behaviour_text, bpos) = if behaviour.is_empty() {
            (None, None, -1)
        } else {
            let (k, t, p) = v.behaviours.get(behaviour)?;
            (Some(Arc::clone(k)), Some(Arc::clone(t)), *p)
        };
        Some((
            v.position,
            bpos,
            Tag {
                framework_id: Arc::clone(&v.framework_id),
                framework_revision: rev,
                value_key: Arc::clone(&v.key),
                value_name: Arc::clone(&v.name),
                behaviour_key,
                behaviour_text,
            },
        ))
    }
}

/// Above this many reflections, reading the whole tag table beats looking each one up.
const TAG_SCAN_THRESHOLD: usize = 300;

/// Tags of many reflections, labelled with the names of the revision each was tagged with and
/// ordered as the framework orders its values and behaviours.
fn tags_for(
    conn: &rusqlite::Connection,
    labels: &Labels,
    seqs: &[i64],
) -> Result<HashMap<i64, Vec<Tag>>> {
    let mut out: HashMap<i64, Vec<(i64, i64, Tag)>> = HashMap::with_capacity(seqs.len());
    if seqs.is_empty() {
        return Ok(HashMap::new());
    }
    let wanted: std::collections::HashSet<i64> = seqs.iter().copied().collect();
    let (sql, arg) = if seqs.len() > TAG_SCAN_THRESHOLD {
        ("SELECT reflection_seq, framework_id, revision, value_key, behaviour_key FROM reflection_tag", None)
    } else {
        (
            "SELECT reflection_seq, framework_id, revision, value_key, behaviour_key FROM reflection_tag
             WHERE reflection_seq IN (SELECT value FROM json_each(?1))",
            Some(serde_json::to_string(seqs).map_err(|e| Error::Corrupt(e.to_string()))?),
        )
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = match &arg {
        Some(a) => stmt.query([a])?,
        None => stmt.query([])?,
    };
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        if !wanted.contains(&seq) {
            continue;
        }
        // Borrow the text columns; allocate only what the Tag keeps.
        let framework_id = r
            .get_ref(1)?
            .as_str()
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        let revision: u32 = r.get(2)?;
        let value_key = r
            .get_ref(3)?
            .as_str()
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        let behaviour_key = r
            .get_ref(4)?
            .as_str()
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        let tagged = labels.tag(framework_id, revision, value_key, behaviour_key).ok_or_else(|| {
            Error::Corrupt(format!("a tag names {framework_id}/{value_key}/{behaviour_key}, which its framework revision lacks"))
        })?;
        out.entry(seq).or_default().push(tagged);
    }
    Ok(out
        .into_iter()
        .map(|(seq, mut tags)| {
            tags.sort_unstable_by(|a, b| {
                (&*a.2.framework_id, a.0, a.1).cmp(&(&*b.2.framework_id, b.0, b.1))
            });
            (seq, tags.into_iter().map(|t| t.2).collect())
        })
        .collect())
}

fn not_found_or_state(tx: &Transaction<'_>, id: &str, state_message: &str) -> Result<Error> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM reflection WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    Ok(if exists {
        Error::invalid("id", state_message)
    } else {
        Error::NotFound {
            what: "reflection",
            id: id.to_string(),
        }
    })
}

fn parse_model(s: &str) -> Result<ReflectiveModel> {
    ReflectiveModel::parse(s).ok_or_else(|| Error::Corrupt(format!("reflective model '{s}'")))
}

fn parse_visibility(s: &str) -> Result<Visibility> {
    Visibility::parse(s).ok_or_else(|| Error::Corrupt(format!("visibility '{s}'")))
}

/// Plain words to an FTS5 query: each word quoted (so no word is read as syntax), the last one
/// also matched as a prefix so results appear while typing.
pub fn fts_query(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    match words.split_last() {
        None => String::new(),
        Some((last, rest)) => {
            let mut q = rest.join(" ");
            if !q.is_empty() {
                q.push(' ');
            }
            q.push_str(last);
            q.push('*');
            q
        }
    }
}

fn parse_snippet(s: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut highlight = false;
    for c in s.chars() {
        if c == HL_START || c == HL_END {
            if !current.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    highlight,
                });
            }
            highlight = c == HL_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart {
            text: current,
            highlight,
        });
    }
    parts
}
