//! `reflect export …`: any PDF of reflect-pdf's registry of documents.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use reflect_core::{Error, Result, Store};
use serde::Serialize;

use crate::output::{emit, may_write};

/// `reflect export <kind> … --out FILE.pdf`: the kinds and their options are reflect-pdf's
/// registry of documents (`reflect_pdf::export::Document`), which the app's export reads too.
#[derive(Debug, Args)]
pub struct ExportCommand {
    #[command(subcommand)]
    pub document: reflect_pdf::export::Document,
    /// The PDF file to write.
    #[arg(long, value_name = "FILE.pdf", global = true)]
    pub out: Option<PathBuf>,
    /// Replace the file if it already exists (without this, an existing file is never written
    /// over).
    #[arg(long, global = true)]
    pub force: bool,
}

pub fn export(store: &Store, cmd: ExportCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    let Some(path) = cmd.out else {
        return Err(Error::invalid(
            "out",
            "Say which file to write the PDF to: --out FILE.pdf",
        ));
    };
    may_write(&path, "--out", cmd.force)?;
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
