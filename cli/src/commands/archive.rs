//! `reflect archive`: the whole journal as a portable archive (archive format 1,
//! schema/archive/README.md), and bringing one into a new, empty journal.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use reflect_core::archive::{ArchiveCounts, ArchiveImported, ArchiveSummary, MAX_ARCHIVE_BYTES};
use reflect_core::plural::count;
use reflect_core::{Error, Result, Store};
use serde::Serialize;

use crate::output::emit;

/// `reflect archive --out FILE.zip`, `reflect archive import FILE.zip`,
/// `reflect archive inspect FILE.zip`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ArchiveCommand {
    #[command(subcommand)]
    pub action: Option<ArchiveAction>,
    /// The archive to write (a .zip file, made private: 0600).
    #[arg(long, value_name = "FILE.zip")]
    pub out: Option<PathBuf>,
    /// Replace the file if it already exists (without this, an existing file is never written
    /// over).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ArchiveAction {
    /// Bring an archive into this journal, which must be new and empty (no reflections,
    /// appraisals or revalidation entries yet). Your profile here, if you have set one up, is
    /// kept; otherwise the archive's is used.
    Import {
        /// The archive (.zip) written by `reflect archive --out`.
        file: PathBuf,
    },
    /// Check an archive and say what it holds, without importing it.
    Inspect {
        /// The archive (.zip).
        file: PathBuf,
    },
}

pub fn archive_cmd(
    store: &mut Store,
    cmd: ArchiveCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match (cmd.action, cmd.out) {
        (Some(ArchiveAction::Import { file }), _) => import(store, &file, json, out),
        (Some(ArchiveAction::Inspect { file }), _) => {
            let summary = reflect_core::archive::inspect(&read(&file)?)?;
            emit(out, json, &summary, |o| {
                writeln!(
                    o,
                    "{} is a Reflect archive (format {}), made {} by Reflect {}.",
                    file.display(),
                    summary.format_version,
                    crate::output::local(&summary.created_at),
                    summary.app_version
                )?;
                counts(o, &summary.counts)
            })
        }
        (None, Some(path)) => {
            crate::output::may_write(&path, "--out", cmd.force)?;
            write(store, &path, json, out)
        }
        (None, None) => Err(Error::invalid(
            "out",
            "Say which file to write the archive to: --out FILE.zip (or `reflect archive import FILE.zip`)",
        )),
    }
}

fn read(file: &Path) -> Result<Vec<u8>> {
    reflect_core::files::read_bytes_limited(file, "The archive", MAX_ARCHIVE_BYTES)
}

fn write(store: &Store, path: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let summary = reflect_pdf::export::write_archive(store, path, reflect_core::today())?;
    #[derive(Serialize)]
    struct Written<'a> {
        path: &'a Path,
        #[serde(flatten)]
        summary: &'a ArchiveSummary,
    }
    let w = Written {
        path,
        summary: &summary,
    };
    emit(out, json, &w, |o| {
        writeln!(o, "Wrote the archive to {}:", path.display())?;
        counts(o, &summary.counts)?;
        writeln!(
            o,
            "Private reflections are included ({}): it is your own archive. Keep the file safe.",
            summary.counts.private_reflections
        )?;
        writeln!(
            o,
            "Your signing key is not included: signed appraisals keep their signatures and still verify; a backup restores the key itself."
        )
    })
}

fn import(store: &mut Store, file: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let bytes = read(file)?;
    let imported: ArchiveImported = store.import_archive(&bytes)?;
    emit(out, json, &imported, |o| {
        writeln!(o, "Imported {}:", file.display())?;
        counts(o, &imported.counts)?;
        writeln!(
            o,
            "Framework revisions added: {}.",
            imported.framework_revisions_added
        )?;
        for r in &imported.renumbered {
            writeln!(
                o,
                "Revision {} of {} is revision {} here (this journal already had a different revision {}).",
                r.archived_revision, r.framework_id, r.revision, r.archived_revision
            )?;
        }
        if imported.profile_imported {
            writeln!(o, "Your profile was imported from the archive.")
        } else {
            writeln!(
                o,
                "This journal's profile (and its organisation framework) was kept."
            )
        }
    })
}

/// What an archive holds, one kind a line.
fn counts(o: &mut dyn Write, c: &ArchiveCounts) -> std::io::Result<()> {
    writeln!(
        o,
        "  {} ({} private, {} in the bin), {}",
        count(c.reflections, "reflection", "reflections"),
        c.private_reflections,
        c.deleted_reflections,
        count(c.reflection_revisions, "saved version", "saved versions")
    )?;
    writeln!(
        o,
        "  {} appraisals, {} appraisal log entries",
        c.appraisals, c.appraisal_events
    )?;
    writeln!(
        o,
        "  {} framework revisions, profile: {}",
        c.framework_revisions,
        if c.profile > 0 { "yes" } else { "no" }
    )?;
    writeln!(
        o,
        "  revalidation: {} feedback, {} discussions, {} confirmations",
        c.feedback, c.discussions, c.confirmations
    )?;
    if c.pdfs > 0 {
        writeln!(o, "  {} PDFs", c.pdfs)?;
    }
    Ok(())
}
