//! `reflect framework …`: list, show, import, export and rename values.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use reflect_core::files::read_text_limited;
use reflect_core::framework::Framework;
use reflect_core::{Result, Store};

use crate::output::{emit, io};

#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// List installed frameworks.
    List,
    /// Show a framework's values and behaviour statements, with their keys.
    Show {
        id: String,
        /// A past revision (default: the current one).
        #[arg(long)]
        revision: Option<u32>,
    },
    /// Import a framework file (JSON, see schema/frameworks/README.md). Invalid files change nothing.
    Import { file: PathBuf },
    /// Print a framework as a file you can edit and import again (creating a new revision). A
    /// built-in framework's id cannot be imported: give your copy its own id.
    Export { id: String },
    /// Rename a value (creates a new revision; old reflections keep their names).
    RenameValue {
        /// Framework id.
        id: String,
        /// The value's key or current name.
        value: String,
        /// The new name.
        name: String,
    },
}

pub fn framework(
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
            let text = read_text_limited(&file, "The framework file")?;
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
