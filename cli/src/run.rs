//! Carrying out each command over `reflect-core`, printing text or `--json`.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Local};
use reflect_core::framework::Framework;
use reflect_core::{
    data_dir, Error, Overview, Profile, Reflection, ReflectionInput, ReflectionQuery,
    ReflectionSummary, ReflectiveModel, Registration, RegistrationBody, Result, Store, TagRef,
    Visibility,
};
use serde::Serialize;

use crate::args::{
    Body, Cli, Command, ExportCommand, FilterArgs, FrameworkCommand, InitArgs, ModelArg,
    ReflectionArgs, VisibilityArg,
};

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let dir = data_dir(cli.data_dir.as_deref())?;
    let mut store = Store::open_dir(&dir)?;
    let json = cli.json;
    match cli.command {
        Command::Init(a) => {
            let profile = init(&mut store, a)?;
            emit(out, json, &profile, |o| {
                writeln!(
                    o,
                    "Profile saved for {} ({}).",
                    profile.name, profile.job_title
                )?;
                writeln!(
                    o,
                    "Organisation framework: {}",
                    profile.organisation_framework
                )?;
                if !profile.professional_frameworks.is_empty() {
                    writeln!(
                        o,
                        "Professional frameworks: {}",
                        profile.professional_frameworks.join(", ")
                    )?;
                }
                Ok(())
            })
        }
        Command::Framework(cmd) => framework(&mut store, cmd, json, out),
        Command::Export(cmd) => export(&store, cmd, json, out),
        Command::Pack(cmd) => crate::share::pack_cmd(&mut store, cmd, json, out),
        Command::Team(cmd) => crate::share::team_cmd(&mut store, cmd, json, out),
        Command::Hr(cmd) => crate::share::hr_cmd(&mut store, cmd, json, out),
        Command::Appraisal(cmd) => crate::appraisal::appraisal(&mut store, cmd, json, out),
        Command::Revalidation(cmd) => crate::appraisal::revalidation(&mut store, cmd, json, out),
        Command::Models => {
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
        Command::Add(a) => {
            let input = build_input(&store, None, a, false)?;
            let saved = store.save_reflection(&input)?;
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
        Command::Edit {
            id,
            fields,
            clear_tags,
        } => {
            let current = store.reflection(&id)?;
            let input = build_input(&store, Some(current.to_input()), fields, clear_tags)?;
            let saved = store.save_reflection(&input)?;
            emit(out, json, &saved, |o| {
                writeln!(
                    o,
                    "Saved \"{}\" (revision {}).",
                    saved.title, saved.revision
                )
            })
        }
        Command::Show { id, history } => {
            let r = store.reflection(&id)?;
            if history {
                let revisions = store.revisions(&id)?;
                #[derive(Serialize)]
                struct WithHistory<'a> {
                    reflection: &'a Reflection,
                    revisions: &'a [reflect_core::RevisionEntry],
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
                        writeln!(o, "\nHistory:")?;
                        for rev in &revisions {
                            writeln!(
                                o,
                                "  revision {}  saved {}  \"{}\"",
                                rev.revision,
                                local(&rev.saved_at),
                                rev.reflection.title
                            )?;
                        }
                        Ok(())
                    },
                )
            } else {
                emit(out, json, &r, |o| print_reflection(o, &r))
            }
        }
        Command::List(f) => {
            let q = query(&store, f, None)?;
            let rows = store.list_reflections(&q)?;
            emit(out, json, &rows, |o| print_list(o, &rows))
        }
        Command::Search { words, filters } => {
            let q = query(&store, filters, Some(words.join(" ")))?;
            let rows = store.list_reflections(&q)?;
            emit(out, json, &rows, |o| print_list(o, &rows))
        }
        Command::Delete { id } => {
            let r = store.delete_reflection(&id)?;
            emit(out, json, &r, |o| {
                writeln!(
                    o,
                    "Moved \"{}\" to the bin. Undo with: reflect restore {}",
                    r.title, r.id
                )
            })
        }
        Command::Restore { id } => {
            let r = store.restore_reflection(&id)?;
            emit(out, json, &r, |o| writeln!(o, "Restored \"{}\".", r.title))
        }
        Command::Check { id } => {
            let r = store.reflection(&id)?;
            let findings = reflect_core::privacy::check_reflection(&r.to_input());
            emit(out, json, &findings, |o| {
                if findings.is_empty() {
                    return writeln!(o, "No identifying details found in \"{}\".", r.title);
                }
                writeln!(
                    o,
                    "{} possible identifying details in \"{}\":",
                    findings.len(),
                    r.title
                )?;
                for f in &findings {
                    writeln!(
                        o,
                        "  {} in {}: …{}[{}]{}…",
                        f.label, f.field, f.before, f.matched, f.after
                    )?;
                }
                Ok(())
            })
        }
        Command::Overview => {
            let o = store.overview()?;
            emit(out, json, &o, |w| print_overview(w, &o))
        }
    }
}

fn io(e: std::io::Error) -> Error {
    Error::Io {
        action: "write to",
        path: "standard output".into(),
        source: e,
    }
}

/// Print `value` as JSON, or run `human` to print it as text.
fn export(store: &Store, cmd: ExportCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    let Some(path) = cmd.out else {
        return Err(Error::invalid(
            "out",
            "Say which file to write the PDF to: --out FILE.pdf",
        ));
    };
    let exported = cmd.document.export(store, reflect_core::today())?;
    let (rendered, what) = (exported.rendered, exported.what);
    reflect_core::files::write_atomically(&path, &rendered.bytes)?;
    #[derive(Serialize)]
    struct Written<'a> {
        path: &'a std::path::Path,
        pages: usize,
        bytes: usize,
        replaced_characters: usize,
    }
    let w = Written {
        path: &path,
        pages: rendered.pages,
        bytes: rendered.bytes.len(),
        replaced_characters: rendered.replaced,
    };
    emit(out, json, &w, |o| {
        writeln!(
            o,
            "Wrote the {what} to {} ({} pages).",
            path.display(),
            rendered.pages
        )?;
        if rendered.replaced > 0 {
            writeln!(
                o,
                "{} characters the font cannot show are printed as a replacement mark (U+FFFD).",
                rendered.replaced
            )?;
        }
        Ok(())
    })
}

pub(crate) fn emit<T: Serialize>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    human: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if json {
        let text =
            serde_json::to_string_pretty(value).map_err(|e| Error::Corrupt(e.to_string()))?;
        writeln!(out, "{text}").map_err(io)
    } else {
        human(out).map_err(io)
    }
}

fn init(store: &mut Store, a: InitArgs) -> Result<Profile> {
    let existing = store.profile()?;
    let need = |v: Option<String>, old: Option<&String>, field: &str| -> Result<String> {
        v.or_else(|| old.cloned())
            .ok_or_else(|| Error::invalid(field, format!("Enter --{}", field.replace('_', "-"))))
    };
    let e = existing.as_ref();
    let registration = match (a.registration, a.pin, a.renewal_date) {
        (Some(body), Some(pin), Some(renewal_date)) => Some(Registration {
            body: match body {
                Body::Nmc => RegistrationBody::Nmc,
                Body::Hcpc => RegistrationBody::Hcpc,
                Body::Gmc => RegistrationBody::Gmc,
            },
            pin,
            renewal_date,
        }),
        _ => e.and_then(|p| p.registration.clone()),
    };
    let profile = Profile {
        name: need(a.name, e.map(|p| &p.name), "name")?,
        job_title: need(a.job_title, e.map(|p| &p.job_title), "job_title")?,
        grade: need(a.grade, e.map(|p| &p.grade), "grade")?,
        team: need(a.team, e.map(|p| &p.team), "team")?,
        department: a
            .department
            .or_else(|| e.and_then(|p| p.department.clone())),
        line_manager: need(a.line_manager, e.map(|p| &p.line_manager), "line_manager")?,
        employee_number: a
            .employee_number
            .or_else(|| e.and_then(|p| p.employee_number.clone())),
        registration,
        organisation_framework: need(
            a.framework,
            e.map(|p| &p.organisation_framework),
            "framework",
        )?,
        professional_frameworks: if a.professional.is_empty() {
            e.map(|p| p.professional_frameworks.clone())
                .unwrap_or_default()
        } else {
            a.professional
        },
    };
    store.save_profile(&profile).map_err(|err| match err {
        Error::Invalid { field, message } if field == "organisation_framework" => {
            Error::invalid("framework", message)
        }
        other => other,
    })
}

fn framework(
    store: &mut Store,
    cmd: FrameworkCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        FrameworkCommand::List => {
            let list = store.list_frameworks()?;
            emit(out, json, &list, |o| {
                for f in &list {
                    writeln!(
                        o,
                        "{:<24} {:<12} {} ({} values, revision {}{})",
                        f.id,
                        f.kind.as_str(),
                        f.name,
                        f.value_count,
                        f.current_revision,
                        if f.builtin { ", built in" } else { "" }
                    )?;
                }
                Ok(())
            })
        }
        FrameworkCommand::Show { id, revision } => {
            let fw = store.framework(&id, revision)?;
            emit(out, json, &fw, |o| print_framework(o, &fw))
        }
        FrameworkCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
                action: "read",
                path: file.clone(),
                source,
            })?;
            let outcome = store.import_framework(&text)?;
            emit(out, json, &outcome, |o| {
                let f = &outcome.framework;
                if outcome.changed {
                    writeln!(
                        o,
                        "Imported {} ({}) as revision {}.",
                        f.name, f.id, f.current_revision
                    )
                } else {
                    writeln!(
                        o,
                        "{} ({}) is already up to date at revision {}; nothing changed.",
                        f.name, f.id, f.current_revision
                    )
                }
            })
        }
        FrameworkCommand::Export { id } => {
            let fw = store.framework(&id, None)?;
            let text = reflect_core::framework::to_file_text(&fw.doc)?;
            write!(out, "{text}").map_err(io)
        }
        FrameworkCommand::RenameValue { id, value, name } => {
            let fw = store.rename_value(&id, &value, &name)?;
            emit(out, json, &fw, |o| {
                writeln!(
                    o,
                    "Renamed; {} is now at revision {}.",
                    fw.doc.name, fw.revision
                )
            })
        }
    }
}

fn model(m: ModelArg) -> ReflectiveModel {
    match m {
        ModelArg::Free => ReflectiveModel::Free,
        ModelArg::Gibbs => ReflectiveModel::Gibbs,
        ModelArg::WhatSoWhat => ReflectiveModel::WhatSoWhat,
        ModelArg::Nmc => ReflectiveModel::Nmc,
    }
}

fn visibility(v: VisibilityArg) -> Visibility {
    match v {
        VisibilityArg::Private => Visibility::Private,
        VisibilityArg::Shared => Visibility::Shared,
    }
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
        input.model = model(m);
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
        input.visibility = visibility(v);
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
        visibility: f.visibility.map(visibility),
        model: f.model.map(model),
        deleted: f.deleted,
        limit: f.limit,
    })
}

pub(crate) fn local(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&Local).format("%d %b %Y %H:%M").to_string())
        .unwrap_or_else(|_| utc.to_string())
}

fn tag_label(t: &reflect_core::Tag) -> String {
    match &t.behaviour_text {
        Some(b) => format!("{}: {b}", t.value_name),
        None => t.value_name.to_string(),
    }
}

fn print_list(o: &mut dyn Write, rows: &[ReflectionSummary]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(o, "No reflections match.");
    }
    for r in rows {
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
            "CPD: {h} hours{}",
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

fn print_framework(o: &mut dyn Write, fw: &Framework) -> std::io::Result<()> {
    let d = &fw.doc;
    writeln!(
        o,
        "{} ({}) — {}, revision {} of {}",
        d.name, d.id, d.organisation, fw.revision, fw.current_revision
    )?;
    if let Some(v) = &d.vision {
        writeln!(o, "Vision: {v}")?;
    }
    for v in &d.values {
        writeln!(o, "\n{} [{}]", v.name, v.key)?;
        if let Some(desc) = &v.description {
            writeln!(o, "  {desc}")?;
        }
        if let Some(note) = &v.label_note {
            writeln!(o, "  Note: {note}")?;
        }
        if let Some(intro) = &v.behaviours_intro {
            if !v.behaviours.is_empty() {
                writeln!(o, "  {intro}")?;
            }
        }
        for b in &v.behaviours {
            writeln!(o, "    - {} [{}]", b.text, b.key)?;
        }
    }
    for s in &d.strategic_objectives {
        writeln!(o, "\nStrategic objective: {}", s.name)?;
        for b in &s.bullets {
            writeln!(o, "    - {b}")?;
        }
    }
    writeln!(o, "\nSource: {}", d.source)
}

fn print_overview(o: &mut dyn Write, ov: &Overview) -> std::io::Result<()> {
    writeln!(o, "{} reflections in the journal.", ov.total_reflections)?;
    for f in &ov.frameworks {
        writeln!(o, "\n{}", f.name)?;
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
