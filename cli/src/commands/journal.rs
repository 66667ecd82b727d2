//! Reflections: `reflect add`, `edit`, `show`, `list`, `search`, `delete`, `restore`,
//! `restore-revision`, `overview` and `models`.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::Local;
use clap::Args;
use reflect_core::remodel::change_model;
use reflect_core::{
    EditorSave, Error, Overview, Reflection, ReflectionInput, ReflectionQuery, ReflectionSummary,
    ReflectiveModel, Result, RevisionEntry, Store, TagRef, Visibility,
};
use serde::Serialize;

use reflect_core::{plural, safe_text};

use crate::commands::options::{typed, Options};
use crate::output::{emit, io, local};

/// The options of `add` and `edit` that set each field of a reflection.
const REFLECTION: Options = &[
    ("title", "--title"),
    ("event_date", "--date"),
    ("model", "--model"),
    ("text", "--text"),
    ("body.reflection", "--text"),
    ("body.*", "--section"),
    ("section", "--section"),
    ("tags", "--value"),
    ("value", "--value"),
    ("behaviour", "--behaviour"),
    ("theme", "--theme"),
    ("visibility", "--visibility"),
    ("cpd_hours", "--cpd-hours"),
];
/// The options of `list` and `search`: the words are the search's `WORDS`.
const FILTERS: Options = &[
    ("text", "WORDS"),
    ("value", "--value"),
    ("behaviour", "--behaviour"),
    ("theme", "--theme"),
    ("from", "--from"),
    ("to", "--to"),
    ("limit", "--limit"),
];

#[derive(Debug, Args)]
pub struct ReflectionArgs {
    /// Title.
    #[arg(long)]
    pub title: Option<String>,
    /// Date of the event, YYYY-MM-DD (not in the future). Default for add: today.
    #[arg(long)]
    pub date: Option<String>,
    /// Reflective model. Default for add: free.
    #[arg(long, value_enum)]
    pub model: Option<ReflectiveModel>,
    /// An answer, as PROMPT=TEXT (repeatable; `reflect models` lists the prompt keys).
    #[arg(long = "section", value_name = "PROMPT=TEXT")]
    pub sections: Vec<String>,
    /// Shorthand for the free-text model's answer.
    #[arg(long)]
    pub text: Option<String>,
    /// Tag a value of your organisation's framework, by name or key (repeatable).
    #[arg(long = "value")]
    pub values: Vec<String>,
    /// Tag a behaviour statement by its key (repeatable; `reflect framework show ID` lists keys).
    #[arg(long = "behaviour")]
    pub behaviours: Vec<String>,
    /// Tag a theme of a professional framework in use, e.g. "Preserve safety" (repeatable).
    #[arg(long = "theme")]
    pub themes: Vec<String>,
    /// Who can see it: private (default) or shared for appraisal.
    #[arg(long, value_enum)]
    pub visibility: Option<Visibility>,
    /// CPD hours this counts for.
    #[arg(long, allow_negative_numbers = true)]
    pub cpd_hours: Option<f64>,
    /// The CPD was participatory (learning with others).
    #[arg(long)]
    pub participatory: bool,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only reflections tagged with this value (name or key; repeatable, all must match).
    #[arg(long = "value")]
    pub values: Vec<String>,
    /// Only reflections tagged with this behaviour statement (key).
    #[arg(long = "behaviour")]
    pub behaviours: Vec<String>,
    /// Only reflections tagged with this professional theme (name or key).
    #[arg(long = "theme")]
    pub themes: Vec<String>,
    /// Event on or after this date, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Event on or before this date, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Only private or only shared reflections.
    #[arg(long, value_enum)]
    pub visibility: Option<Visibility>,
    /// Only this reflective model.
    #[arg(long, value_enum)]
    pub model: Option<ReflectiveModel>,
    /// Show the bin (deleted reflections) instead.
    #[arg(long)]
    pub deleted: bool,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<u32>,
}

pub fn models(json: bool, out: &mut dyn Write) -> Result<()> {
    let models: Vec<_> = ReflectiveModel::ALL.iter().map(|m| m.info()).collect();
    emit(out, json, &models, |o| {
        for m in &models {
            writeln!(o, "{}  ({})", m.model.as_str(), m.name)?;
            for p in &m.prompts {
                writeln!(o, "    {:<18} {}", p.key, p.label)?;
            }
        }
        Ok(())
    })
}

pub fn add(store: &mut Store, a: ReflectionArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let input = build_input(store, None, a, false).map_err(typed(REFLECTION))?;
    let saved = store.save_reflection(&input).map_err(typed(REFLECTION))?;
    emit(out, json, &saved, |o| {
        writeln!(
            o,
            "Saved \"{}\" ({}) as {}.",
            saved.title,
            saved.visibility.as_str(),
            saved.id
        )
    })
}

pub fn edit(
    store: &mut Store,
    id: String,
    fields: ReflectionArgs,
    clear_tags: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let current = store.reflection(&id)?;
    let mut base = current.to_input();
    // A new model: the answers move to its prompts first (nothing dropped), then the options.
    let change = fields
        .model
        .filter(|m| *m != current.model)
        .map(|m| change_model(current.model, m, &current.body));
    if let Some(c) = &change {
        base.model = c.to;
        base.body = c.body.clone();
    }
    let input = build_input(store, Some(base), fields, clear_tags).map_err(typed(REFLECTION))?;
    let saved = match &change {
        Some(_) => store.save_reflection_in(&input, None, EditorSave::ModelChange),
        None => store.save_reflection(&input),
    }
    .map_err(typed(REFLECTION))?;
    emit(out, json, &saved, |o| {
        if let Some(c) = &change {
            writeln!(
                o,
                "Changed the model from {} to {}: {}.",
                c.from.name(),
                c.to.name(),
                c.summary()
            )?;
        }
        writeln!(
            o,
            "Saved \"{}\" as revision {} (earlier revisions: reflect show {} --revision N).",
            saved.title, saved.revision, saved.id
        )
    })
}

pub fn show(
    store: &Store,
    id: String,
    history: bool,
    revision: Option<u32>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(n) = revision {
        let entry = store.revision(&id, n).map_err(|e| match e {
            Error::Invalid { field, message } if field == "revision" => {
                Error::invalid("--revision", message)
            }
            other => other,
        })?;
        return emit(out, json, &entry, |o| {
            writeln!(
                o,
                "Revision {} ({}), saved {}{}",
                entry.revision,
                entry.kind.label(),
                local(&entry.saved_at),
                entry
                    .restored_from
                    .map(|f| format!(", restored from revision {f}"))
                    .unwrap_or_default()
            )?;
            writeln!(
                o,
                "Restore it with: reflect restore-revision {} {}\n",
                entry.reflection.id, entry.revision
            )?;
            print_reflection(o, &entry.reflection)
        });
    }
    let r = store.reflection(&id)?;
    let revisions = store.revisions(&id)?;
    if history {
        #[derive(Serialize)]
        struct WithHistory<'a> {
            reflection: &'a Reflection,
            revisions: &'a [RevisionEntry],
        }
        emit(
            out,
            json,
            &WithHistory {
                reflection: &r,
                revisions: &revisions,
            },
            |o| {
                print_reflection(o, &r)?;
                print_revisions(o, &revisions)
            },
        )
    } else {
        emit(out, json, &r, |o| {
            print_reflection(o, &r)?;
            print_revisions(o, &revisions)
        })
    }
}

/// Each revision: number, when, what made it, its title.
fn print_revisions(o: &mut dyn Write, revisions: &[RevisionEntry]) -> std::io::Result<()> {
    writeln!(o, "\nRevisions (newest first; read one with --revision N):")?;
    for rev in revisions {
        let from = rev
            .restored_from
            .map(|f| format!(" (from revision {f})"))
            .unwrap_or_default();
        writeln!(
            o,
            "  {:>3}  {}  {}{}  \"{}\"",
            rev.revision,
            local(&rev.saved_at),
            rev.kind.label(),
            from,
            rev.reflection.title
        )?;
    }
    Ok(())
}

/// `reflect restore-revision ID N`: a new revision with revision N's content.
pub fn restore_revision(
    store: &mut Store,
    id: String,
    revision: u32,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let r = store.restore_revision(&id, revision, None)?;
    emit(out, json, &r, |o| {
        writeln!(
            o,
            "Restored revision {revision} of \"{}\" as revision {} (every earlier revision is kept).",
            r.title, r.revision
        )
    })
}

pub fn list(store: &Store, f: FilterArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let q = query(store, f, None).map_err(typed(FILTERS))?;
    stream(store, &q, json, out).map_err(typed(FILTERS))
}

/// A search shows this many matches unless `--limit` or `--all` says otherwise.
pub const SEARCH_LIMIT: u32 = 50;

pub fn search(
    store: &Store,
    words: Vec<String>,
    all: bool,
    filters: FilterArgs,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let mut q = query(store, filters, Some(words.join(" "))).map_err(typed(FILTERS))?;
    q.limit = if all {
        None
    } else {
        Some(q.limit.unwrap_or(SEARCH_LIMIT))
    };
    stream(store, &q, json, out).map_err(typed(FILTERS))
}

/// Print each row as the store reads it, so a long list never waits for (or holds) the whole
/// result: text one row at a time, or a JSON array written element by element (the same bytes as
/// the whole array pretty-printed at once).
fn stream(store: &Store, q: &ReflectionQuery, json: bool, out: &mut dyn Write) -> Result<()> {
    let mut count = 0usize;
    store.each_reflection(q, |row| {
        count += 1;
        if json {
            let text =
                serde_json::to_string_pretty(&row).map_err(|e| Error::Corrupt(e.to_string()))?;
            let indented = text.replace('\n', "\n  ");
            let lead = if count == 1 { "[\n  " } else { ",\n  " };
            write!(out, "{lead}{indented}").map_err(io)
        } else {
            let mut text = Vec::new();
            print_row(&mut text, &row).map_err(io)?;
            let text = String::from_utf8_lossy(&text);
            out.write_all(safe_text::for_terminal_lines(&text).as_bytes())
                .map_err(io)
        }
    })?;
    let end = match (json, count) {
        (true, 0) => "[]\n",
        (true, _) => "\n]\n",
        (false, 0) => "No reflections match.\n",
        (false, _) => "",
    };
    out.write_all(end.as_bytes()).map_err(io)
}

pub fn delete(store: &mut Store, id: String, json: bool, out: &mut dyn Write) -> Result<()> {
    let r = store.delete_reflection(&id)?;
    emit(out, json, &r, |o| {
        writeln!(
            o,
            "Moved \"{}\" to the bin. Undo with: reflect restore {}",
            r.title, r.id
        )
    })
}

pub fn restore(store: &mut Store, id: String, json: bool, out: &mut dyn Write) -> Result<()> {
    let r = store.restore_reflection(&id)?;
    emit(out, json, &r, |o| writeln!(o, "Restored \"{}\".", r.title))
}

pub fn overview(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let o = store.overview()?;
    emit(out, json, &o, |w| print_overview(w, &o))
}

/// Merge the options into `base` (an existing reflection for edit, or a new one).
fn build_input(
    store: &Store,
    base: Option<ReflectionInput>,
    a: ReflectionArgs,
    clear_tags: bool,
) -> Result<ReflectionInput> {
    let editing = base.is_some();
    let mut input = base.unwrap_or_else(|| ReflectionInput {
        id: None,
        title: String::new(),
        event_date: Local::now().date_naive().format("%Y-%m-%d").to_string(),
        model: ReflectiveModel::Free,
        body: BTreeMap::new(),
        tags: Vec::new(),
        visibility: Visibility::Private,
        cpd_hours: None,
        cpd_participatory: false,
    });
    if let Some(t) = a.title {
        input.title = t;
    }
    if let Some(d) = a.date {
        input.event_date = d;
    }
    if let Some(m) = a.model {
        input.model = m;
    }
    if let Some(text) = a.text {
        if input.model != ReflectiveModel::Free {
            return Err(Error::invalid(
                "text",
                "--text is for the free-text model; use --section PROMPT=TEXT",
            ));
        }
        input.body.insert("reflection".into(), text);
    }
    for s in a.sections {
        let Some((key, text)) = s.split_once('=') else {
            return Err(Error::invalid(
                "section",
                format!("Write --section as PROMPT=TEXT (found '{s}')"),
            ));
        };
        input.body.insert(key.trim().to_string(), text.to_string());
    }
    let any_tags = !(a.values.is_empty() && a.behaviours.is_empty() && a.themes.is_empty());
    if clear_tags || any_tags {
        input.tags = if any_tags {
            store.tags_by_name(&a.values, &a.behaviours, &a.themes)?
        } else {
            Vec::new()
        };
    }
    if let Some(v) = a.visibility {
        input.visibility = v;
    }
    if a.cpd_hours.is_some() {
        input.cpd_hours = a.cpd_hours;
    }
    if a.participatory || !editing {
        input.cpd_participatory = a.participatory;
    }
    Ok(input)
}

fn query(store: &Store, f: FilterArgs, text: Option<String>) -> Result<ReflectionQuery> {
    let tags: Vec<TagRef> = if f.values.is_empty() && f.behaviours.is_empty() && f.themes.is_empty()
    {
        Vec::new()
    } else {
        store.tags_by_name(&f.values, &f.behaviours, &f.themes)?
    };
    Ok(ReflectionQuery {
        text,
        tags,
        from: f.from,
        to: f.to,
        visibility: f.visibility,
        model: f.model,
        deleted: f.deleted,
        limit: f.limit,
        as_you_type: false,
    })
}

fn tag_label(t: &reflect_core::Tag) -> String {
    match &t.behaviour_text {
        Some(b) => format!("{}: {b}", t.value_name),
        None => t.value_name.to_string(),
    }
}

fn print_row(o: &mut dyn Write, r: &ReflectionSummary) -> std::io::Result<()> {
    let mut values: Vec<&str> = r.tags.iter().map(|t| &*t.value_name).collect();
    values.dedup();
    writeln!(
        o,
        "{}  {}  [{}]  {}  {}",
        r.event_date,
        r.title,
        values.join(", "),
        r.visibility.as_str(),
        r.id
    )?;
    if let Some(parts) = &r.snippet {
        let text: String = parts
            .iter()
            .map(|p| {
                if p.highlight {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        writeln!(o, "    {}", text.replace('\n', " "))?;
    }
    Ok(())
}

fn print_reflection(o: &mut dyn Write, r: &Reflection) -> std::io::Result<()> {
    writeln!(o, "{}", r.title)?;
    writeln!(o, "Date of the event: {}", r.event_date)?;
    writeln!(o, "Model: {}", r.model.name())?;
    writeln!(
        o,
        "Visibility: {}",
        match r.visibility {
            Visibility::Private => "private (only you)",
            Visibility::Shared => "shared for appraisal",
        }
    )?;
    if let Some(h) = r.cpd_hours {
        writeln!(
            o,
            "CPD: {}{}",
            plural::hours(h),
            if r.cpd_participatory {
                " (participatory)"
            } else {
                ""
            }
        )?;
    }
    writeln!(
        o,
        "Saved: {} (revision {}); created {}",
        local(&r.updated_at),
        r.revision,
        local(&r.created_at)
    )?;
    if r.deleted_at.is_some() {
        writeln!(o, "In the bin (restore with: reflect restore {})", r.id)?;
    }
    if !r.tags.is_empty() {
        writeln!(o, "Tags:")?;
        for t in &r.tags {
            writeln!(o, "  - {}", tag_label(t))?;
        }
    }
    for p in r.model.prompts() {
        if let Some(text) = r.body.get(p.key) {
            writeln!(o, "\n{}\n{}", p.label, text)?;
        }
    }
    writeln!(o, "\nid: {}", r.id)
}

fn print_overview(o: &mut dyn Write, ov: &Overview) -> std::io::Result<()> {
    writeln!(
        o,
        "{} in the journal.",
        plural::count(ov.total_reflections, "reflection", "reflections")
    )?;
    for f in &ov.frameworks {
        if f.in_use {
            writeln!(o, "\n{}", f.name)?;
        } else {
            writeln!(
                o,
                "\n{} (no longer in your profile: earlier reflections)",
                f.name
            )?;
        }
        for v in &f.values {
            let latest = v
                .latest
                .as_ref()
                .map(|l| format!("latest {} \"{}\"", l.event_date, l.title));
            writeln!(
                o,
                "  {:<40} {:>4}  {}",
                v.name,
                v.count,
                latest.unwrap_or_else(|| "GAP: no reflections yet".into())
            )?;
            for b in &v.behaviours {
                let mark = if b.count == 0 { "gap" } else { "" };
                writeln!(o, "      {:>4} {:<3} {}", b.count, mark, b.text)?;
            }
        }
    }
    Ok(())
}
