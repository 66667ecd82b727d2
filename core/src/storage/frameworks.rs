//! Values frameworks: built-ins, import, edits (each a new revision), lookups.
//! The functions take the connection or transaction; each `Store` method is one transaction.

use rusqlite::{named_params, params, Connection, OptionalExtension, Row, Transaction};

use crate::error::{Error, Result};
use crate::framework::{self, Framework, FrameworkDoc, FrameworkSummary, ImportOutcome, BUILTINS};
use crate::model::{FrameworkKind, TagRef};
use crate::storage::sql::corrupt_or_database;
use crate::store::{now_utc, Store};
use crate::validate::check_len;

const REASON_BUILTIN: &str = "built in";
const REASON_BUILTIN_UPDATE: &str = "built in (updated wording)";
/// Not "built in…": a renamed built-in stays renamed (later shipped wording does not replace it).
const REASON_SOURCE_IN_WORDS: &str = "where the wording comes from, in words";

impl Store {
    /// Install the built-in frameworks that are missing; refresh a built-in whose shipped file
    /// changed, unless someone has edited it since (their edit wins).
    pub(crate) fn install_builtin_frameworks(&mut self) -> Result<()> {
        self.write(install_builtins)?;
        self.frameworks_changed();
        Ok(())
    }

    /// Import a framework file. A new id becomes revision 1; new content for an existing id
    /// becomes its next revision; identical content changes nothing. Invalid files, and files
    /// that take a built-in framework's id, write nothing.
    pub fn import_framework(&mut self, text: &str) -> Result<ImportOutcome> {
        let doc = framework::parse_import(text)?;
        let outcome = self.write(|tx| import(tx, &doc))?;
        self.frameworks_changed();
        Ok(outcome)
    }

    /// Rename a value, named by key or current name (for example the Somerset value whose heading the source omits).
    /// Creates a new revision; reflections tagged earlier keep the name they were tagged with.
    pub fn rename_value(
        &mut self,
        framework_id: &str,
        value_key: &str,
        new_name: &str,
    ) -> Result<Framework> {
        if new_name.trim().is_empty() {
            return Err(Error::invalid("name", "Enter the value's new name"));
        }
        check_len("name", new_name, framework::MAX_NAME)?;
        let mut doc = self.framework(framework_id, None)?.doc;
        let value_key = find_value(&doc, "value", value_key)?;
        let Some(index) = doc.values.iter().position(|v| v.key == value_key) else {
            return Err(Error::NotFound {
                what: "value",
                id: format!("{framework_id}/{value_key}"),
            });
        };
        let new_name = new_name.trim().to_string();
        let value = &mut doc.values[index];
        if value.name == new_name {
            return self.framework(framework_id, None);
        }
        let old = std::mem::replace(&mut value.name, new_name.clone());
        value.label_note = Some(match value.label_note.take() {
            Some(note) if value.heading_omitted_in_source => {
                format!("{note} Renamed from '{old}' to '{new_name}' in Reflect.")
            }
            _ => format!("Renamed from '{old}' to '{new_name}' in Reflect."),
        });
        framework::validate(&doc).map_err(|e| match e {
            Error::Invalid { message, .. } => Error::invalid("name", message),
            other => other,
        })?;
        self.write(|tx| {
            insert_revision(tx, &doc, false, &format!("renamed value '{value_key}'")).map(|_| ())
        })?;
        self.frameworks_changed();
        self.framework(framework_id, None)
    }

    /// Every installed framework.
    pub fn list_frameworks(&self) -> Result<Vec<FrameworkSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT f.id FROM framework f JOIN framework_revision r
               ON r.framework_id = f.id AND r.revision = f.current_revision
             ORDER BY f.kind, r.name",
        )?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| summary(&self.conn, id)).collect()
    }

    /// A framework at a revision (`None`: the current one).
    pub fn framework(&self, id: &str, revision: Option<u32>) -> Result<Framework> {
        framework_at(&self.conn, id, revision)
    }

    /// Tags as people write them: values of the profile's organisation framework (by name or
    /// key), behaviour statements of it (by key), and themes of the profile's professional
    /// frameworks (by name or key). Errors name the option (`value`, `behaviour`, `theme`).
    pub fn tags_by_name(
        &self,
        values: &[String],
        behaviours: &[String],
        themes: &[String],
    ) -> Result<Vec<TagRef>> {
        let profile = self.require_profile()?;
        let org = self.framework(&profile.organisation_framework, None)?.doc;
        let mut out = Vec::new();
        for name in values {
            out.push(TagRef {
                framework_id: org.id.clone(),
                value_key: find_value(&org, "value", name)?,
                behaviour_key: None,
            });
        }
        for key in behaviours {
            let wanted = key.trim();
            let value = org
                .values
                .iter()
                .find(|v| v.behaviours.iter().any(|b| b.key == wanted));
            let Some(value) = value else {
                return Err(Error::invalid(
                    "behaviour",
                    format!("'{wanted}' is not a behaviour statement key of {} (reflect framework show {} lists them)", org.name, org.id),
                ));
            };
            out.push(TagRef {
                framework_id: org.id.clone(),
                value_key: value.key.clone(),
                behaviour_key: Some(wanted.to_string()),
            });
        }
        for name in themes {
            let mut found = None;
            for id in &profile.professional_frameworks {
                let doc = self.framework(id, None)?.doc;
                if let Ok(key) = find_value(&doc, "theme", name) {
                    found = Some(TagRef {
                        framework_id: doc.id.clone(),
                        value_key: key,
                        behaviour_key: None,
                    });
                    break;
                }
            }
            out.push(found.ok_or_else(|| {
                Error::invalid(
                    "theme",
                    if profile.professional_frameworks.is_empty() {
                        format!("'{name}' is not a theme: your profile uses no professional framework (add one, such as the NMC Code, to tag its themes)")
                    } else {
                        format!(
                            "'{name}' is not a theme of your professional frameworks ({})",
                            profile.professional_frameworks.join(", ")
                        )
                    },
                )
            })?);
        }
        Ok(out)
    }
}

/// A framework at a revision (`None`: the current one).
pub(crate) fn framework_at(
    conn: &Connection,
    id: &str,
    revision: Option<u32>,
) -> Result<Framework> {
    let row: Option<(u32, bool)> = conn
        .query_row(
            "SELECT current_revision, builtin FROM framework WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((current, builtin)) = row else {
        return Err(Error::NotFound {
            what: "framework",
            id: id.to_string(),
        });
    };
    let revision = revision.unwrap_or(current);
    let text: Option<String> = conn
        .query_row(
            "SELECT document FROM framework_revision WHERE framework_id = ?1 AND revision = ?2",
            params![id, revision],
            |r| r.get(0),
        )
        .optional()?;
    let text = text.ok_or_else(|| Error::NotFound {
        what: "framework revision",
        id: format!("{id} revision {revision}"),
    })?;
    let doc: FrameworkDoc =
        serde_json::from_str(&text).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(Framework {
        revision,
        current_revision: current,
        builtin,
        doc,
    })
}

/// Install the built-in frameworks that are missing; refresh a built-in whose shipped file
/// changed, unless someone has edited it since (their edit wins).
fn install_builtins(tx: &Transaction<'_>) -> Result<()> {
    for (id, text) in BUILTINS {
        let doc = framework::parse(text)
            .map_err(|e| Error::Corrupt(format!("built-in framework {id}: {e}")))?;
        let current: Option<(String, String)> = tx
            .query_row(
                "SELECT r.document, r.reason FROM framework f
                 JOIN framework_revision r ON r.framework_id = f.id AND r.revision = f.current_revision
                 WHERE f.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match current {
            None => {
                insert_revision(tx, &doc, true, REASON_BUILTIN)?;
            }
            Some((stored, reason)) if reason.starts_with(REASON_BUILTIN) => {
                if stored != framework::canonical_json(&doc)? {
                    insert_revision(tx, &doc, true, REASON_BUILTIN_UPDATE)?;
                }
            }
            // Renamed in Reflect: the person's names are kept; only a retired `source` (a path
            // in Reflect's repository) is replaced by the shipped one.
            Some((stored, _)) => {
                let mut kept: FrameworkDoc =
                    serde_json::from_str(&stored).map_err(|e| Error::Corrupt(e.to_string()))?;
                if kept.source != doc.source
                    && framework::RETIRED_BUILTIN_SOURCES.contains(&kept.source.as_str())
                {
                    kept.source = doc.source.clone();
                    insert_revision(tx, &kept, true, REASON_SOURCE_IN_WORDS)?;
                }
            }
        }
    }
    Ok(())
}

/// Import a parsed framework file (see [`Store::import_framework`]).
fn import(tx: &Transaction<'_>, doc: &FrameworkDoc) -> Result<ImportOutcome> {
    let existing: Option<(FrameworkKind, String)> = tx
        .query_row(
            "SELECT f.kind, r.document FROM framework f
             JOIN framework_revision r ON r.framework_id = f.id AND r.revision = f.current_revision
             WHERE f.id = ?1",
            [&doc.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(corrupt_or_database)?;
    let changed = match existing {
        Some((kind, _)) if kind != doc.kind => {
            return Err(Error::invalid(
                "kind",
                format!(
                    "A framework with id '{}' is already installed as {} framework; use another id",
                    doc.id,
                    match kind {
                        FrameworkKind::Organisation => "an organisation",
                        FrameworkKind::Professional => "a professional",
                    }
                ),
            ));
        }
        Some((_, stored)) if stored == framework::canonical_json(doc)? => false,
        _ => {
            insert_revision(tx, doc, false, "imported")?;
            true
        }
    };
    Ok(ImportOutcome {
        framework: summary(tx, &doc.id)?,
        changed,
    })
}

/// A value of `doc` by key or by name (case-insensitive).
fn find_value(doc: &FrameworkDoc, field: &str, key_or_name: &str) -> Result<String> {
    let wanted = key_or_name.trim().to_lowercase();
    doc.values
        .iter()
        .find(|v| v.key == wanted || v.name.to_lowercase() == wanted)
        .map(|v| v.key.clone())
        .ok_or_else(|| {
            let known: Vec<&str> = doc.values.iter().map(|v| v.name.as_str()).collect();
            Error::invalid(
                field,
                format!(
                    "'{key_or_name}' is not in {} (it has: {})",
                    doc.name,
                    known.join(", ")
                ),
            )
        })
}

/// A framework's current revision, as listed.
struct SummaryRow {
    kind: FrameworkKind,
    builtin: bool,
    current_revision: u32,
    document: String,
}

impl SummaryRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
        Ok(SummaryRow {
            kind: r.get("kind")?,
            builtin: r.get("builtin")?,
            current_revision: r.get("current_revision")?,
            document: r.get("document")?,
        })
    }
}

fn summary(conn: &Connection, id: &str) -> Result<FrameworkSummary> {
    let row = conn
        .query_row(
            "SELECT f.kind, f.builtin, f.current_revision, r.document FROM framework f
             JOIN framework_revision r ON r.framework_id = f.id AND r.revision = f.current_revision
             WHERE f.id = ?1",
            [id],
            SummaryRow::from_row,
        )
        .map_err(corrupt_or_database)?;
    let doc: FrameworkDoc =
        serde_json::from_str(&row.document).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(FrameworkSummary {
        id: id.to_string(),
        kind: row.kind,
        name: doc.name,
        organisation: doc.organisation,
        builtin: row.builtin,
        current_revision: row.current_revision,
        value_count: u32::try_from(doc.values.len()).unwrap_or(u32::MAX),
    })
}

/// Write `doc` as the next revision of its framework (creating the framework if new). The next
/// number is one more than the highest revision held (an archive can bring in revisions above
/// the current one), so a new revision never collides.
fn insert_revision(
    tx: &Transaction<'_>,
    doc: &FrameworkDoc,
    builtin: bool,
    reason: &str,
) -> Result<u32> {
    let current: Option<u32> = tx
        .query_row(
            "SELECT current_revision FROM framework WHERE id = ?1",
            [&doc.id],
            |r| r.get(0),
        )
        .optional()?;
    let revision = next_revision(tx, &doc.id)?;
    if current.is_none() {
        tx.execute(
            "INSERT INTO framework (id, kind, builtin, current_revision)
             VALUES (:id, :kind, :builtin, :revision)",
            named_params! {
                ":id": doc.id,
                ":kind": doc.kind,
                ":builtin": builtin,
                ":revision": revision,
            },
        )?;
    }
    insert_revision_rows(tx, doc, revision, &now_utc(), reason)?;
    tx.execute(
        "UPDATE framework SET current_revision = ?2 WHERE id = ?1",
        params![doc.id, revision],
    )?;
    Ok(revision)
}

/// One more than the highest revision of framework `id` held (1 for a new framework).
pub(crate) fn next_revision(conn: &Connection, id: &str) -> Result<u32> {
    let max: Option<u32> = conn.query_row(
        "SELECT max(revision) FROM framework_revision WHERE framework_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(max.map_or(1, |m| m + 1))
}

/// Write `doc` as revision `revision` of its framework (which must exist): the file and its
/// values and behaviours. Which revision is current is left as it is.
pub(crate) fn insert_revision_rows(
    tx: &Transaction<'_>,
    doc: &FrameworkDoc,
    revision: u32,
    created_at: &str,
    reason: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO framework_revision (framework_id, revision, name, document, created_at, reason)
         VALUES (:id, :revision, :name, :document, :created_at, :reason)",
        named_params! {
            ":id": doc.id,
            ":revision": revision,
            ":name": doc.name,
            ":document": framework::canonical_json(doc)?,
            ":created_at": created_at,
            ":reason": reason,
        },
    )?;
    let mut value_stmt = tx.prepare(
        "INSERT INTO framework_value (framework_id, revision, value_key, name, position)
         VALUES (:id, :revision, :value_key, :name, :position)",
    )?;
    let mut behaviour_stmt = tx.prepare(
        "INSERT INTO framework_behaviour (framework_id, revision, value_key, behaviour_key, text, position)
         VALUES (:id, :revision, :value_key, :behaviour_key, :text, :position)",
    )?;
    for (i, value) in doc.values.iter().enumerate() {
        value_stmt.execute(named_params! {
            ":id": doc.id,
            ":revision": revision,
            ":value_key": value.key,
            ":name": value.name,
            ":position": i as i64,
        })?;
        for (j, b) in value.behaviours.iter().enumerate() {
            behaviour_stmt.execute(named_params! {
                ":id": doc.id,
                ":revision": revision,
                ":value_key": value.key,
                ":behaviour_key": b.key,
                ":text": b.text,
                ":position": j as i64,
            })?;
        }
    }
    Ok(())
}
