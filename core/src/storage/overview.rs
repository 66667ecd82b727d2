//! The values overview: for each value and behaviour of the frameworks in use, how many
//! reflections, the latest, and which have none yet.

use std::collections::{HashMap, HashSet};

use crate::error::Result;
use crate::model::{
    BehaviourOverview, FrameworkOverview, LatestReflection, Overview, ValueOverview,
};
use crate::store::Store;

impl Store {
    /// The overview for the profile's organisation framework and professional frameworks.
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
        for id in ids {
            frameworks.push(self.framework_overview(&id)?);
        }
        Ok(Overview {
            total_reflections: total,
            frameworks,
        })
    }

    fn framework_overview(&self, framework_id: &str) -> Result<FrameworkOverview> {
        let fw = self.framework(framework_id, None)?;
        // Every tag of this framework on a reflection in the journal, newest event first.
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.value_key, t.behaviour_key, r.id, r.title, r.event_date
             FROM reflection_tag t JOIN reflection r ON r.id = t.reflection_id
             WHERE t.framework_id = ?1 AND r.deleted_at IS NULL
             ORDER BY r.event_date DESC, r.id DESC",
        )?;
        #[derive(Default)]
        struct Acc {
            seen: HashSet<String>,
            latest: Option<LatestReflection>,
        }
        let mut by_value: HashMap<String, Acc> = HashMap::new();
        let mut by_behaviour: HashMap<(String, String), Acc> = HashMap::new();
        let rows = stmt.query_map([framework_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                LatestReflection {
                    id: r.get(2)?,
                    title: r.get(3)?,
                    event_date: r.get(4)?,
                },
            ))
        })?;
        let add = |acc: &mut Acc, l: &LatestReflection| {
            if acc.seen.insert(l.id.clone()) && acc.latest.is_none() {
                acc.latest = Some(l.clone());
            }
        };
        for row in rows {
            let (value_key, behaviour_key, latest) = row?;
            add(by_value.entry(value_key.clone()).or_default(), &latest);
            if !behaviour_key.is_empty() {
                add(
                    by_behaviour.entry((value_key, behaviour_key)).or_default(),
                    &latest,
                );
            }
        }
        let count =
            |acc: Option<&Acc>| acc.map_or(0, |a| u32::try_from(a.seen.len()).unwrap_or(u32::MAX));
        let values = fw
            .doc
            .values
            .iter()
            .map(|v| {
                let acc = by_value.get(&v.key);
                ValueOverview {
                    key: v.key.clone(),
                    name: v.name.clone(),
                    count: count(acc),
                    latest: acc.and_then(|a| a.latest.clone()),
                    behaviours: v
                        .behaviours
                        .iter()
                        .map(|b| {
                            let acc = by_behaviour.get(&(v.key.clone(), b.key.clone()));
                            BehaviourOverview {
                                key: b.key.clone(),
                                text: b.text.clone(),
                                count: count(acc),
                                latest: acc.and_then(|a| a.latest.clone()),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(FrameworkOverview {
            framework_id: fw.doc.id.clone(),
            name: fw.doc.name.clone(),
            kind: fw.doc.kind,
            values,
        })
    }
}
