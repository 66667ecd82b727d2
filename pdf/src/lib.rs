//! # reflect-pdf
//!
//! Reflect's PDF documents: the appraisal record, the NMC reflective accounts, the values
//! portfolio and the Organisation summary.
//!
//! `documents` turns domain values from `reflect-core` into [`layout::Block`]s; `layout` paginates
//! them into printpdf operations with the page furniture; [`render`] writes them (`write`: content
//! streams, the embedded font subsets compressed at build time, bookmarks and metadata). The page
//! engine and the documents take domain types only and never read the database. [`export`] is the layer above: it reads what a document shows
//! through the public `Store` API (shared reflections only, unless the owner chose otherwise) and
//! renders it here; its registry of document kinds is what the CLI's `reflect export <kind>` and
//! the app's `export_pdf` command read. This crate never depends on Tauri or on any UI code.

pub mod documents;
pub mod export;
pub mod fonts;
pub mod layout;
mod write;

use printpdf::FontId;

use fonts::Fonts;
use layout::{Block, Furniture};
use reflect_core::appraisal::Appraisal;
use reflect_core::error::{Error, Result};

/// Document information shown by PDF readers (and `pdfinfo`).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks, printed as U+FFFD.
    pub replaced: usize,
}

/// Lay out `blocks` and write the PDF: A4, the DejaVu subset embedded, metadata set, a bookmark
/// per section, "Confidential" and "Page N of M" on every page, and the watermark if given.
pub fn render(blocks: &[Block], meta: &Meta, furniture: &Furniture<'_>) -> Result<Rendered> {
    let fonts = Fonts::get()?;
    let regular = FontId(write::REGULAR.into());
    let bold = FontId(write::BOLD.into());
    let laid = layout::layout(fonts, regular, bold, blocks, furniture);
    let pages: Vec<Vec<printpdf::Op>> = laid.pages.into_iter().map(|p| p.ops).collect();
    let doc = write::Doc {
        tree: &laid.tags,
        meta,
        bookmarks: laid
            .bookmarks
            .iter()
            .map(|(_, title, page)| (title.as_str(), *page))
            .collect(),
        now: chrono::Utc::now(),
    };
    let bytes = write::write(fonts, &pages, &doc).map_err(|source| Error::Io {
        action: "write the PDF",
        path: "(memory)".into(),
        source,
    })?;
    Ok(Rendered {
        bytes,
        pages: pages.len(),
        replaced: laid.replaced,
    })
}

/// The appraisal record as a PDF: the one way an [`Appraisal`] is rendered (the journal's export,
/// HR's single and batch PDFs, the benchmarks). The wellbeing notes are included only with
/// `include_wellbeing`; a record not yet signed by both carries a "draft" watermark. The
/// organisation printed is its built-in framework's (the export layer's
/// [`export::appraisal_pdf`] reads the journal's framework, imported ones too).
pub fn appraisal(a: &Appraisal, include_wellbeing: bool) -> Result<Rendered> {
    let organisation = documents::builtin_organisation(&a.framework.id);
    appraisal_of(a, include_wellbeing, &organisation)
}

/// [`appraisal`] naming `organisation` as whose record it is.
pub fn appraisal_of(
    a: &Appraisal,
    include_wellbeing: bool,
    organisation: &str,
) -> Result<Rendered> {
    let (blocks, meta, watermark) = documents::appraisal(a, include_wellbeing, organisation);
    render(
        &blocks,
        &meta,
        &Furniture {
            footer_title: "Appraisal record",
            watermark,
        },
    )
}
