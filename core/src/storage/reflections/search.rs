//! The journal: listing with filters, and full-text search with highlighted snippets.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};

use crate::error::{Error, Result};
use crate::model::{ReflectionQuery, ReflectionSummary, SnippetPart};
use crate::search_syntax::{fts_query, FtsQuery, Mode};
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
    let mut out = Vec::new();
    each(conn, labels, query, |s| {
        out.push(s);
        Ok(())
    })?;
    Ok(out)
}

/// Rows are handed on with their tags in batches of this many, so a search of the whole journal
/// streams in bounded memory.
const TAG_BATCH: usize = 256;

/// As [`list`], each row handed to `f` as it is read (in the same order), so that a very long
/// result never has to be held whole.
pub(crate) fn each(
    conn: &Connection,
    labels: &Labels,
    query: &ReflectionQuery,
    mut f: impl FnMut(ReflectionSummary) -> Result<()>,
) -> Result<()> {
    let (sql, args) = statement(query, false)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut tie: Vec<SummaryRow> = Vec::new();
    let mut tie_rank: Option<f64> = None;
    let mut batch: Vec<SummaryRow> = Vec::with_capacity(TAG_BATCH);
    let mut flush = |batch: &mut Vec<SummaryRow>| -> Result<()> {
        let seqs: Vec<i64> = batch.iter().map(|r| r.seq).collect();
        let mut tags = tags_for(conn, labels, &seqs)?;
        for row in batch.drain(..) {
            let mut s = row.summary;
            s.tags = tags.remove(&row.seq).unwrap_or_default();
            f(s)?;
        }
        Ok(())
    };
    while let Some(r) = rows.next().map_err(corrupt_or_database)? {
        let row = SummaryRow::from_row(r).map_err(corrupt_or_database)?;
        let rank: Option<f64> = r.get(8).map_err(corrupt_or_database)?;
        if rank.is_some() && rank != tie_rank {
            settle_tie(&mut tie, &mut batch);
            tie_rank = rank;
        }
        if rank.is_some() {
            tie.push(row);
        } else {
            batch.push(row);
        }
        if batch.len() >= TAG_BATCH {
            flush(&mut batch)?;
        }
    }
    settle_tie(&mut tie, &mut batch);
    flush(&mut batch)
}

/// The statement for `query`: its rows as [`SummaryRow::from_row`] reads them (then the rank),
/// or with `count_only` the one number of rows it matches (at most its `limit`).
fn statement(query: &ReflectionQuery, count_only: bool) -> Result<(String, Vec<Value>)> {
    let mode = if query.as_you_type {
        Mode::Typing
    } else {
        Mode::Words
    };
    let fts = match query.text.as_deref() {
        Some(t) => fts_query(t, mode)?,
        None => FtsQuery::default(),
    };
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(q) = &fts.matching {
        // FTS5 hands rows over in rank order and the LIMIT stops it early; the snippet is made
        // only for the rows returned. The CROSS JOIN keeps the index as the outer loop.
        let columns = if count_only {
            "1".to_string()
        } else {
            format!(
                "{SUMMARY_COLUMNS}, snippet(reflection_fts, -1, char(2), char(3), '…', 16),
                 reflection_fts.rank"
            )
        };
        sql.push_str(&format!(
            "SELECT {columns}
             FROM reflection_fts CROSS JOIN reflection r ON r.seq = reflection_fts.rowid
             WHERE reflection_fts MATCH ?"
        ));
        args.push(Value::Text(q.clone()));
    } else {
        let columns = if count_only {
            "1".to_string()
        } else {
            format!("{SUMMARY_COLUMNS}, NULL, NULL")
        };
        sql.push_str(&format!("SELECT {columns} FROM reflection r WHERE 1"));
    }
    if let Some(q) = &fts.excluding_only {
        sql.push_str(
            " AND r.seq NOT IN (SELECT rowid FROM reflection_fts WHERE reflection_fts MATCH ?)",
        );
        args.push(Value::Text(q.clone()));
    }
    sql.push_str(if query.deleted {
        " AND r.deleted_at IS NOT NULL"
    } else {
        " AND r.deleted_at IS NULL"
    });
    if let (Some(from), Some(to)) = (&query.from, &query.to) {
        let (f, t) = (parse_date("from", from)?, parse_date("to", to)?);
        if f > t {
            return Err(Error::invalid(
                "from",
                format!("The from date ({f}) is after the to date ({t}): make it {t} or earlier"),
            ));
        }
    }
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
    // Ranked: rank alone, so FTS5's order is used as it comes; equal ranks are put newest first
    // here, as they arrive (so after the LIMIT).
    if !count_only {
        sql.push_str(if fts.matching.is_some() {
            " ORDER BY reflection_fts.rank"
        } else {
            " ORDER BY r.event_date DESC, r.seq DESC"
        });
    }
    sql.push_str(" LIMIT ?");
    args.push(Value::Integer(query.limit.map_or(-1, i64::from)));
    if count_only {
        sql = format!("SELECT count(*) FROM ({sql})");
    }
    Ok((sql, args))
}

/// How many reflections `query` matches (at most its `limit`), without reading them.
pub(crate) fn count(conn: &Connection, query: &ReflectionQuery) -> Result<u32> {
    let (sql, args) = statement(query, true)?;
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(args), |r| r.get(0))
        .map_err(corrupt_or_database)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Equally ranked rows, newest event first, onto the batch.
fn settle_tie(tie: &mut Vec<SummaryRow>, batch: &mut Vec<SummaryRow>) {
    tie.sort_by(|a, b| (&b.summary.event_date, b.seq).cmp(&(&a.summary.event_date, a.seq)));
    batch.append(tie);
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
