//! The documents, as blocks: the appraisal record, the NMC reflective accounts, the values
//! portfolio and the Organisation summary, one file each. Pure functions of the domain values they
//! are given; the helpers here are shared by all of them.

mod appraisal;
mod hr;
mod nmc;
mod portfolio;

pub use appraisal::{appraisal, appraisal_for, builtin_organisation, Reader};
pub use hr::hr_summary;
pub use nmc::nmc;
pub use portfolio::portfolio;

use chrono::{DateTime, Local, NaiveDate};

use crate::layout::{body, col, heading, section, text, Block, Column, Style};
use crate::Meta;
use reflect_core::appraisal::{Note, Role};
use reflect_core::model::{Reflection, ReflectiveModel, Tag};

/// The document's title (tagged H1, kept with the subtitle under it).
pub fn title(s: impl Into<String>) -> Block {
    heading(0, s)
}

/// "1 hour", "2.5 hours", "1 reflection", "3 reflections": a count with its noun, singular for
/// exactly one. Hours print with at most two decimals and no trailing zeros.
pub fn count(n: f64, one: &str, many: &str) -> String {
    let n = (n * 100.0).round() / 100.0;
    format!("{} {}", number(n), if n == 1.0 { one } else { many })
}

/// A number of hours as printed: "7.5", "35", never "7.500000001".
pub fn number(n: f64) -> String {
    // `+ 0.0` turns -0.0 (an empty sum) into 0.
    let s = format!("{:.2}", (n * 100.0).round() / 100.0 + 0.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Every ISO date (YYYY-MM-DD) in a sentence written by Reflect in the documents' long form:
/// "Agreed on 2026-12-01" → "Agreed on 1 December 2026". Not for what people wrote.
pub fn long_dates_in(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    let mut copied = 0;
    while let Some(window) = b.get(i..i + 10) {
        let boundary = |j: Option<&u8>| !j.is_some_and(u8::is_ascii_alphanumeric);
        let shape = window.iter().enumerate().all(|(k, c)| {
            if k == 4 || k == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        if shape && boundary(i.checked_sub(1).and_then(|j| b.get(j))) && boundary(b.get(i + 10)) {
            if let (Some(before), Some(iso)) = (s.get(copied..i), s.get(i..i + 10)) {
                if let Ok(d) = NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
                    out.push_str(before);
                    out.push_str(&d.format("%-d %B %Y").to_string());
                    copied = i + 10;
                    i += 10;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

/// "2026-03-07" → "7 March 2026"; anything else unchanged.
pub fn long_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or_else(|_| iso.to_string(), |d| d.format("%-d %B %Y").to_string())
}

/// A UTC instant in local time: "7 March 2026 at 14:05".
pub fn long_instant(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc).map_or_else(
        |_| utc.to_string(),
        |t| {
            t.with_timezone(&Local)
                .format("%-d %B %Y at %H:%M")
                .to_string()
        },
    )
}

fn or_not_written(s: &str) -> String {
    if s.trim().is_empty() {
        "Not written.".into()
    } else {
        s.to_string()
    }
}

/// A label over the text that follows (a prompt, a note's title): a level-4 heading, kept on a
/// page with the first lines of its text and tagged as a heading.
fn label(s: &str) -> Block {
    heading(4, s)
}

/// A note under its label (none when `title` is empty: the heading above already names it).
fn note_blocks(out: &mut Vec<Block>, title: &str, n: &Note, appraiser: &str) {
    if !title.is_empty() {
        out.push(label(title));
    }
    if n.text.trim().is_empty() {
        out.push(text("Not written.", Style::NOTE));
        return;
    }
    out.push(body(n.text.clone()));
    if n.by == Some(Role::Appraiser) {
        out.push(text(
            format!("Written by the appraiser ({appraiser})."),
            Style::NOTE,
        ));
    }
}

/// Tags as one line: "Self Awareness — seek feedback…; Preserve safety".
pub fn tag_line(tags: &[Tag]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for t in tags {
        match &t.behaviour_text {
            Some(b) => parts.push(format!("{} — {}", t.value_name, b)),
            None if !tags.iter().any(|o| {
                o.value_key == t.value_key
                    && o.framework_id == t.framework_id
                    && o.behaviour_key.is_some()
            }) =>
            {
                parts.push(t.value_name.to_string())
            }
            None => {}
        }
    }
    parts.join("; ")
}

/// A reflection quoted in full: title, date, model and tags, then each answer under its prompt.
pub fn reflection_blocks(out: &mut Vec<Block>, r: &Reflection) {
    out.push(heading(3, r.title.clone()));
    let mut about = format!("{} · {}", long_date(&r.event_date), r.model.name());
    if let Some(h) = r.cpd_hours {
        about.push_str(&format!(
            " · CPD {}{}",
            count(h, "hour", "hours"),
            if r.cpd_participatory {
                " (participatory)"
            } else {
                ""
            }
        ));
    }
    out.push(text(about, Style::NOTE));
    let tags = tag_line(&r.tags);
    if !tags.is_empty() {
        out.push(text(format!("Tagged: {tags}"), Style::NOTE));
    }
    for p in r.model.prompts() {
        if let Some(answer) = r.body.get(p.key) {
            if r.model != ReflectiveModel::Free {
                out.push(label(p.label));
            }
            out.push(body(answer.clone()));
        }
    }
}

fn kv(rows: &[(&str, String)]) -> Block {
    Block::Table {
        columns: vec![col("", 0.32), col("", 0.68)],
        rows: rows
            .iter()
            .map(|(k, v)| vec![(*k).to_string(), v.clone()])
            .collect(),
        header: false,
    }
}

fn table(columns: Vec<Column>, rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        columns,
        rows,
        header: true,
    }
}
