//! The journal: listing with filters, and full-text search with highlighted snippets.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};

use crate::error::Result;
use crate::model::{ReflectionQuery, ReflectionSummary, SnippetPart};
use crate::storage::labels::Labels;
use crate::storage::sql::corrupt_or_database;
use crate::validate::parse_date;

use super::read::tags_for;

/// Snippet delimiters (control characters never stored in text the user typed... and stripped
/// if they were).
pub(super) const HL_START: char = '\u{2}';
pub(super) const HL_END: char = '\u{3}';

const SUMMARY_COLUMNS: &str =
    "r.id, r.title, r.event_date, r.model, r.visibility, r.updated_at, r.seq";

/// A journal row: the summary (without its tags yet) and the row's `seq` to fetch them by.
struct SummaryRow {
    summary: ReflectionSummary,
    seq: i64,
}

impl SummaryRow {
    /// Columns as [`SUMMARY_COLUMNS`], then the snippet (or NULL).
    fn from_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
        Ok(SummaryRow {
            summary: ReflectionSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                event_date: r.get(2)?,
                model: r.get(3)?,
                visibility: r.get(4)?,
                updated_at: r.get(5)?,
                tags: Vec::new(),
                snippet: r.get::<_, Option<String>>(7)?.map(|s| parse_snippet(&s)),
            },
            seq: r.get(6)?,
        })
    }
}

/// Reflections matching every filter, newest event first, or best match first when `text` is
/// given (with highlighted snippets).
pub(crate) fn list(
    conn: &Connection,
    labels: &Labels,
    query: &ReflectionQuery,
) -> Result<Vec<ReflectionSummary>> {
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

    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), SummaryRow::from_row)?;
    let mut out = Vec::new();
    let mut seqs = Vec::new();
    for row in rows {
        let row = row.map_err(corrupt_or_database)?;
        out.push(row.summary);
        seqs.push(row.seq);
    }

    let mut tags = tags_for(conn, labels, &seqs)?;
    for (s, seq) in out.iter_mut().zip(&seqs) {
        s.tags = tags.remove(seq).unwrap_or_default();
    }
    Ok(out)
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
