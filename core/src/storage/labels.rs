//! The framework-label cache: every value and behaviour name of every framework revision, loaded
//! once (small tables) and shared with the tags that name them. `Store` keeps one and drops it
//! whenever a framework changes; saving, reading and listing reflections use it.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Connection, Row};

use crate::error::Result;
use crate::model::Tag;

/// Labels of every value and behaviour of every framework revision, shared as `Arc<str>` with
/// the tags that name them and looked up by `&str` without allocating.
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

/// A row of `framework_value`.
struct ValueRow {
    framework_id: String,
    revision: u32,
    value_key: String,
    name: String,
    position: i64,
}

impl ValueRow {
    const COLUMNS: &'static str = "framework_id, revision, value_key, name, position";

    fn from_row(r: &Row<'_>) -> rusqlite::Result<ValueRow> {
        Ok(ValueRow {
            framework_id: r.get("framework_id")?,
            revision: r.get("revision")?,
            value_key: r.get("value_key")?,
            name: r.get("name")?,
            position: r.get("position")?,
        })
    }
}

/// A row of `framework_behaviour`.
struct BehaviourRow {
    framework_id: String,
    revision: u32,
    value_key: String,
    behaviour_key: String,
    text: String,
    position: i64,
}

impl BehaviourRow {
    const COLUMNS: &'static str =
        "framework_id, revision, value_key, behaviour_key, text, position";

    fn from_row(r: &Row<'_>) -> rusqlite::Result<BehaviourRow> {
        Ok(BehaviourRow {
            framework_id: r.get("framework_id")?,
            revision: r.get("revision")?,
            value_key: r.get("value_key")?,
            behaviour_key: r.get("behaviour_key")?,
            text: r.get("text")?,
            position: r.get("position")?,
        })
    }
}

impl Labels {
    pub(crate) fn load(conn: &Connection) -> Result<Labels> {
        let mut labels = Labels::default();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM framework_value",
            ValueRow::COLUMNS
        ))?;
        let rows = stmt.query_map([], ValueRow::from_row)?;
        for row in rows {
            let row = row?;
            let fw: Arc<str> = Arc::from(row.framework_id);
            let key: Arc<str> = Arc::from(row.value_key);
            labels
                .frameworks
                .entry(Arc::clone(&fw))
                .or_default()
                .entry(row.revision)
                .or_default()
                .insert(
                    Arc::clone(&key),
                    ValueLabel {
                        framework_id: fw,
                        key,
                        name: Arc::from(row.name),
                        position: row.position,
                        behaviours: HashMap::new(),
                    },
                );
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM framework_behaviour",
            BehaviourRow::COLUMNS
        ))?;
        let rows = stmt.query_map([], BehaviourRow::from_row)?;
        for row in rows {
            let row = row?;
            if let Some(v) = labels
                .frameworks
                .get_mut(row.framework_id.as_str())
                .and_then(|f| f.get_mut(&row.revision))
                .and_then(|r| r.get_mut(row.value_key.as_str()))
            {
                let key: Arc<str> = Arc::from(row.behaviour_key);
                v.behaviours
                    .insert(Arc::clone(&key), (key, Arc::from(row.text), row.position));
            }
        }
        Ok(labels)
    }

    pub(crate) fn value(&self, fw: &str, rev: u32, key: &str) -> Option<&ValueLabel> {
        self.frameworks.get(fw)?.get(&rev)?.get(key)
    }

    /// The labelled tag, with its sort position, or `None` if the framework does not have it.
    pub(crate) fn tag(
        &self,
        fw: &str,
        rev: u32,
        value: &str,
        behaviour: &str,
    ) -> Option<(i64, i64, Tag)> {
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
