//! # reflect-pdf
//!
//! Reflect's PDF documents: the appraisal record, the NMC reflective accounts, the values
//! portfolio and the Organisation summary.
//!
//! `documents` turns domain values from `reflect-core` into [`layout::Block`]s; `layout` paginates
//! them into printpdf operations with the page furniture; [`render`] assembles the document with
//! the embedded font subset and its metadata. The page engine and the documents take domain types
//! only and never read the database. [`export`] is the layer above: it reads what a document shows
//! through the public `Store` API (shared reflections only, unless the owner chose otherwise) and
//! renders it here; its registry of document kinds is what the CLI's `reflect export <kind>` and
//! the app's `export_pdf` command read. This crate never depends on Tauri or on any UI code.

pub mod documents;
pub mod export;
pub mod fonts;
pub mod layout;

use std::io::Write;

use printpdf::{DateTime, Mm, PdfDocument, PdfPage, PdfSaveOptions};

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
    let mut doc = PdfDocument::new(&meta.title);
    let regular = doc.add_font(&fonts.regular.font);
    let bold = doc.add_font(&fonts.bold.font);
    let laid = layout::layout(fonts, regular, bold, blocks, furniture);
    let pages: Vec<PdfPage> = laid
        .pages
        .into_iter()
        .map(|p| PdfPage::new(Mm(210.0), Mm(297.0), p.ops))
        .collect();
    let count = pages.len();
    doc.with_pages(pages);
    for (_, title, page) in &laid.bookmarks {
        doc.add_bookmark(title, page + 1);
    }
    let now = DateTime::from_unix_timestamp(chrono::Utc::now().timestamp())
        .map_err(|e| Error::Corrupt(format!("the PDF's date: {e}")))?;
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = "Reflect".into();
    info.producer = format!("Reflect {}", env!("CARGO_PKG_VERSION"));
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;
    let mut warnings = Vec::new();
    // The font is already a subset made once per process (see `fonts`), so printpdf embeds it
    // as it is rather than subsetting again for every document; and printpdf's own compression
    // (lopdf's, at the slowest level, over the whole font each time) is replaced by `compress`.
    let opts = PdfSaveOptions {
        subset_fonts: false,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    plain_info(&mut lo);
    compress(&mut lo, fonts)?;
    let mut bytes = Vec::with_capacity(256 * 1024);
    lo.save_to(&mut bytes).map_err(|source| Error::Io {
        action: "write the PDF",
        path: "(memory)".into(),
        source,
    })?;
    Ok(Rendered {
        bytes,
        pages: count,
        replaced: laid.replaced,
    })
}

/// printpdf always writes an (empty) `GTS_PDFXVersion` into the document information, which
/// readers take as a claim of PDF/X conformance; these documents make no such claim.
fn plain_info(doc: &mut lopdf::Document) {
    let Ok(id) = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
    else {
        return;
    };
    if let Ok(info) = doc.get_object_mut(id).and_then(lopdf::Object::as_dict_mut) {
        info.remove(b"GTS_PDFXVersion");
        if info
            .get(b"Identifier")
            .and_then(lopdf::Object::as_str)
            .is_ok_and(<[u8]>::is_empty)
        {
            info.remove(b"Identifier");
        }
    }
}

/// Compress every stream: the embedded fonts with the bytes compressed once per process, the
/// pages' contents at a fast level (text operators compress well at any level).
fn compress(doc: &mut lopdf::Document, fonts: &Fonts) -> Result<()> {
    use lopdf::Object;
    for obj in doc.objects.values_mut() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if stream.dict.has(b"Filter") {
            continue;
        }
        let packed = match fonts.compressed_program(&stream.content) {
            Some(pre) => pre.to_vec(),
            None => deflate(&stream.content, flate2::Compression::fast()).map_err(|source| {
                Error::Io {
                    action: "compress the PDF",
                    path: "(memory)".into(),
                    source,
                }
            })?,
        };
        stream.set_content(packed);
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.allows_compression = false;
    }
    Ok(())
}

/// zlib-compress `bytes` (the PDF FlateDecode filter).
pub(crate) fn deflate(bytes: &[u8], level: flate2::Compression) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), level);
    enc.write_all(bytes)?;
    enc.finish()
}

/// The appraisal record as a PDF: the one way an [`Appraisal`] is rendered (the journal's export,
/// HR's single and batch PDFs, the benchmarks). The wellbeing notes are included only with
/// `include_wellbeing`; a record not yet signed by both carries a "draft" watermark.
pub fn appraisal(a: &Appraisal, include_wellbeing: bool) -> Result<Rendered> {
    let (blocks, meta, watermark) = documents::appraisal(a, include_wellbeing);
    render(
        &blocks,
        &meta,
        &Furniture {
            footer_title: "Appraisal record",
            watermark,
        },
    )
}
