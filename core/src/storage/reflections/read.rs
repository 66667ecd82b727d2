//! Reading one reflection, and the labelled tags of many.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Reflection, ReflectiveModel, Tag, Visibility};
use crate::storage::labels::Labels;
use crate::storage::sql::corrupt_or_database;

/// A `reflection` row as stored (the tags are in `reflection_tag`).
struct ReflectionRow {
    id: String,
    title: String,
    event_date: String,
    model: ReflectiveModel,
    body: String,
    visibility: Visibility,
    cpd_hours: Option<f64>,
    cpd_participatory: bool,
    created_at: String,
    updated_at: String,
    revision: u32,
    deleted_at: Option<String>,
    seq: i64,
}

impl ReflectionRow {
    const SELECT: &'static str =
        "SELECT id, title, event_date, model, body, visibility, cpd_hours, cpd_participatory,
                created_at, updated_at, revision, deleted_at, seq
         FROM reflection";

    fn from_row(r: &Row<'_>) -> rusqlite::Result<ReflectionRow> {
        Ok(ReflectionRow {
            id: r.get(0)?,
            title: r.get(1)?,
            event_date: r.get(2)?,
            model: r.get(3)?,
            body: r.get(4)?,
            visibility: r.get(5)?,
            cpd_hours: r.get(6)?,
            cpd_participatory: r.get(7)?,
            created_at: r.get(8)?,
            updated_at: r.get(9)?,
            revision: r.get(10)?,
            deleted_at: r.get(11)?,
            seq: r.get(12)?,
        })
    }
}

/// One reflection (also from the bin, with `deleted_at` set).
pub(crate) fn read(conn: &Connection, labels: &Labels, id: &str) -> Result<Reflection> {
    let row = conn
        .query_row(
            &format!("{} WHERE id = ?1", ReflectionRow::SELECT),
            [id],
            ReflectionRow::from_row,
        )
        .optional()
        .map_err(corrupt_or_database)?;
    let Some(row) = row else {
        return Err(Error::NotFound {
            what: "reflection",
            id: id.to_string(),
        });
    };
    let body: BTreeMap<String, String> =
        serde_json::from_str(&row.body).map_err(|e| Error::Corrupt(e.to_string()))?;
    let tags = tags_for(conn, labels, &[row.seq])?
        .remove(&row.seq)
        .unwrap_or_default();
    Ok(Reflection {
        id: row.id,
        title: row.title,
        event_date: row.event_date,
        model: row.model,
        body,
        tags,
        visibility: row.visibility,
        cpd_hours: row.cpd_hours,
        cpd_participatory: row.cpd_participatory,
        created_at: row.created_at,
        updated_at: row.updated_at,
        revision: row.revision,
        deleted_at: row.deleted_at,
    })
}

/// Whether a reflection with this id exists (in the journal or the bin).
pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM reflection WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

/// Above this many reflections, reading the whole tag table beats looking each one up.
const TAG_SCAN_THRESHOLD: usize = 300;

/// Tags of many reflections, labelled with the names of the revision each was tagged with and
/// ordered as the framework orders its values and behaviours.
pub(crate) fn tags_for(
    conn: &Connection,
    labels: &Labels,
    seqs: &[i64],
) -> Result<HashMap<i64, Vec<Tag>>> {
    let mut out: HashMap<i64, Vec<(i64, i64, Tag)>> = HashMap::with_capacity(seqs.len());
    if seqs.is_empty() {
        return Ok(HashMap::new());
    }
    let wanted: HashSet<i64> = seqs.iter().copied().collect();
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
