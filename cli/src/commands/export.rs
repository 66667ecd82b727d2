//! `reflect export …`: the appraisal record, NMC reflective accounts and values portfolio PDFs.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use reflect_core::{Result, Store};
use serde::Serialize;

use crate::output::emit;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The appraisal record: every section, the included reflections, signatures and SHA-256.
    Appraisal {
        /// The appraisal's id (from `reflect appraisal list`).
        id: String,
        /// The PDF file to write.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Include your health and wellbeing notes (left out unless you ask).
        #[arg(long)]
        include_wellbeing: bool,
    },
    /// NMC reflective accounts (one per page, in the NMC form's structure), the CPD and feedback
    /// logs and the reflective discussion record.
    Nmc {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Include private reflections (left out unless you ask).
        #[arg(long)]
        include_private: bool,
    },
    /// Your shared reflections grouped by value and behaviour statement, with a chart.
    Portfolio {
        /// From this date, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Up to this date, YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

pub fn export(store: &Store, cmd: ExportCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    let today = reflect_core::today();
    let (rendered, path, what) = match cmd {
        ExportCommand::Appraisal {
            id,
            out,
            include_wellbeing,
        } => (
            store.appraisal_pdf(&id, include_wellbeing, today)?,
            out,
            "appraisal record",
        ),
        ExportCommand::Nmc {
            out,
            include_private,
        } => (
            store.nmc_pdf(include_private, today)?,
            out,
            "NMC reflective accounts",
        ),
        ExportCommand::Portfolio { from, to, out } => (
            store.portfolio_pdf(from.as_deref(), to.as_deref())?,
            out,
            "values portfolio",
        ),
    };
    reflect_core::pdf::write_atomically(&path, &rendered.bytes)?;
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
