//! The values overview: for each value and behaviour of the frameworks in use, how many
//! reflections, the latest, and which have none yet.

use std::collections::HashMap;

use rusqlite::Row;

use crate::error::Result;
use crate::model::{
    BehaviourOverview, FrameworkOverview, LatestReflection, Overview, ValueOverview,
};
use crate::store::Store;

/// Per value (or behaviour, when `behaviour_key` is set): how many distinct reflections, and
/// the latest as "event date + space + id".
struct Tally {
    value_key: String,
    behaviour_key: Option<String>,
    count: u32,
    latest: String,
}

impl Tally {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Tally> {
        Ok(Tally {
            value_key: r.get("value_key")?,
            behaviour_key: r.get("behaviour_key")?,
            count: r.get("count")?,
            latest: r.get("latest")?,
        })
    }
}

impl Store {
    /// The overview for the profile's organisation framework and professional frameworks, then
    /// any framework no longer in the profile that earlier reflections are tagged with.
    /// Reflections tagged against an older revision count under the same value key.
    pub fn overview(&self) -> Result<Overview> {
        let profile = self.require_profile()?;
        let mut ids = vec![profile.organisation_framework.clone()];
        ids.extend(profile.professional_frameworks.iter().cloned());
        let total: u32 = self.conn.query_row(
            "SELECT COUNT(*) FROM reflection WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let mut frameworks = Vec::with_capacity(ids.len());
        for id in &ids {
            frameworks.push(self.framework_overview(id, true)?);
        }
        // Reflections tagged with a framework the profile no longer uses (the organisation's
        // framework was switched) stay in sight, under their own framework, after those in use.
        let mut earlier = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT t.framework_id FROM reflection_tag t
             JOIN reflection r ON r.seq = t.reflection_seq
             WHERE r.deleted_at IS NULL ORDER BY t.framework_id",
        )?;
        for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let id = id?;
            if !ids.contains(&id) {
                let mut f = self.framework_overview(&id, false)?;
                f.values.retain(|v| v.count > 0);
                earlier.push(f);
            }
        }
        earlier.sort_by(|a, b| a.name.cmp(&b.name));
        frameworks.extend(earlier);
        Ok(Overview {
            total_reflections: total,
            frameworks,
        })
    }

    fn framework_overview(&self, framework_id: &str, in_use: bool) -> Result<FrameworkOverview> {
        let fw = self.framework(framework_id, None)?;
        // Per value (any tag of it) and per behaviour: how many distinct reflections, and the
        // latest by event date (ties broken by id, so the answer is stable).
        let mut by_value: HashMap<String, (u32, String)> = HashMap::new();
        let mut by_behaviour: HashMap<(String, String), (u32, String)> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.value_key, NULL AS behaviour_key, COUNT(DISTINCT r.seq) AS count,
                    MAX(r.event_date || ' ' || r.id) AS latest
             FROM reflection_tag t JOIN reflection r ON r.seq = t.reflection_seq
             WHERE t.framework_id = ?1 AND r.deleted_at IS NULL
             GROUP BY t.value_key",
        )?;
        for row in stmt.query_map([framework_id], Tally::from_row)? {
            let row = row?;
            by_value.insert(row.value_key, (row.count, row.latest));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.value_key, t.behaviour_key, COUNT(DISTINCT r.seq) AS count,
                    MAX(r.event_date || ' ' || r.id) AS latest
             FROM reflection_tag t JOIN reflection r ON r.seq = t.reflection_seq
             WHERE t.framework_id = ?1 AND t.behaviour_key <> '' AND r.deleted_at IS NULL
             GROUP BY t.value_key, t.behaviour_key",
        )?;
        for row in stmt.query_map([framework_id], Tally::from_row)? {
            let row = row?;
            let behaviour = row.behaviour_key.unwrap_or_default();
            by_behaviour.insert((row.value_key, behaviour), (row.count, row.latest));
        }
        // Titles for the latest reflections only (a handful of lookups).
        let mut titles: HashMap<String, LatestReflection> = HashMap::new();
        let mut latest = |key: Option<&String>| -> Result<Option<LatestReflection>> {
            let Some(key) = key else { return Ok(None) };
            let Some((date, id)) = key.split_once(' ') else {
                return Ok(None);
            };
            if let Some(found) = titles.get(id) {
                return Ok(Some(found.clone()));
            }
            let title: String =
                self.conn
                    .query_row("SELECT title FROM reflection WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
            let found = LatestReflection {
                id: id.to_string(),
                title,
                event_date: date.to_string(),
            };
            titles.insert(id.to_string(), found.clone());
            Ok(Some(found))
        };
        let mut values = Vec::with_capacity(fw.doc.values.len());
        for v in &fw.doc.values {
            let agg = by_value.get(&v.key);
            let mut behaviours = Vec::with_capacity(v.behaviours.len());
            for b in &v.behaviours {
                let bagg = by_behaviour.get(&(v.key.clone(), b.key.clone()));
                behaviours.push(BehaviourOverview {
                    key: b.key.clone(),
                    text: b.text.clone(),
                    count: bagg.map_or(0, |a| a.0),
                    latest: latest(bagg.map(|a| &a.1))?,
                });
            }
            values.push(ValueOverview {
                key: v.key.clone(),
                name: v.name.clone(),
                count: agg.map_or(0, |a| a.0),
                latest: latest(agg.map(|a| &a.1))?,
                behaviours,
            });
        }
        Ok(FrameworkOverview {
            framework_id: fw.doc.id.clone(),
            name: fw.doc.name.clone(),
            kind: fw.doc.kind,
            in_use,
            values,
        })
    }
}
