//! The portable archive (archive format 1, `schema/archive/README.md`): the whole journal as a zip
//! of open formats — JSON per reflection, appraisal and log entry, the profile, every framework
//! revision a tag or appraisal uses (as framework files), the revalidation evidence, PDFs where
//! `reflect-pdf` makes them, and `manifest.json` with the SHA-256 of every other entry.
//!
//! Core builds the JSON entries ([`crate::Store::archive`]) and writes the zip ([`Archive::to_zip`]);
//! it cannot render PDFs, so `reflect_pdf::export::archive` adds them with [`Archive::add_file`]
//! before the zip is written. Reading ([`inspect`], [`crate::Store::import_archive`]) checks the
//! whole file before anything is written: names, sizes as they are read, duplicates, every hash,
//! the format version, and every entry's shape (errors name the entry and the field). The signing
//! key is never included: the archive is open and readable; a backup is what restores identity.

mod read;
pub mod wire;
mod zipio;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

pub(crate) use read::check_id;
pub use read::{inspect, parse, ArchivedFramework, ArchivedRevision, Parsed};

/// The archive format this Reflect writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// `manifest.json`'s `format`.
pub const FORMAT_NAME: &str = "reflect-archive";
/// The largest archive file Reflect opens (512 MiB), checked before it is read.
pub const MAX_ARCHIVE_BYTES: u64 = 512 * 1024 * 1024;
/// The most bytes all entries may hold once decompressed (1 GiB), counted as they are read.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 1024 * 1024 * 1024;
/// The most entries an archive may hold.
pub const MAX_ENTRIES: usize = 200_000;
/// The largest JSON entry (16 MiB), counted as it is read.
pub const MAX_JSON_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// The largest PDF entry (64 MiB), counted as it is read.
pub const MAX_PDF_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// The longest entry name, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

pub const MANIFEST: &str = "manifest.json";
pub const PROFILE: &str = "profile.json";
pub const FRAMEWORK_INDEX: &str = "frameworks/index.json";
pub const REVALIDATION: &str = "revalidation.json";

/// The entry name of a reflection.
pub fn reflection_entry(id: &str) -> String {
    format!("reflections/{id}.json")
}
/// The entry name of an appraisal.
pub fn appraisal_entry(id: &str) -> String {
    format!("appraisals/{id}/appraisal.json")
}
/// The entry name of an appraisal's PDF (added by `reflect-pdf`).
pub fn appraisal_pdf_entry(id: &str) -> String {
    format!("appraisals/{id}/appraisal.pdf")
}
/// The entry name of the `index`th (from 1) entry of an appraisal's log.
pub fn event_entry(appraisal_id: &str, index: u32) -> String {
    format!("appraisals/{appraisal_id}/events/{index:04}.json")
}
/// The entry name of a framework revision's file.
pub fn framework_entry(id: &str, revision: u32) -> String {
    format!("frameworks/{id}/revision-{revision}.json")
}

/// An archive refused: the field is always `archive`, the message says why in plain English.
pub(crate) fn refused(message: impl Into<String>) -> Error {
    Error::invalid("archive", message)
}

/// Whether `name` is a safe entry name: relative, `/`-separated, no `..`, `.` or empty parts, no
/// backslash, drive letter or control character, at most [`MAX_NAME_BYTES`].
pub fn check_name(name: &str) -> Result<()> {
    let shown = crate::safe_text::for_terminal(name);
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && !name.starts_with('/')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'))
        && name
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    if ok {
        Ok(())
    } else {
        Err(refused(format!(
            "The archive has an entry named “{shown}”: entry names must be relative paths of letters, digits, '.', '_', '-' and '/', without '..' (Nothing was changed.)"
        )))
    }
}

/// How many of each kind an archive holds (shown before it is written and after an import).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArchiveCounts {
    pub profile: u32,
    pub reflections: u32,
    /// Of `reflections`, the private ones (included: it is the owner's own archive).
    pub private_reflections: u32,
    /// Of `reflections`, those in the bin.
    pub deleted_reflections: u32,
    pub reflection_revisions: u32,
    pub appraisals: u32,
    pub appraisal_events: u32,
    pub framework_revisions: u32,
    pub feedback: u32,
    pub discussions: u32,
    pub confirmations: u32,
    pub pdfs: u32,
}

impl ArchiveCounts {
    pub(crate) fn to_wire(&self) -> wire::CountsV1 {
        wire::CountsV1 {
            profile: self.profile,
            reflections: self.reflections,
            private_reflections: self.private_reflections,
            deleted_reflections: self.deleted_reflections,
            reflection_revisions: self.reflection_revisions,
            appraisals: self.appraisals,
            appraisal_events: self.appraisal_events,
            framework_revisions: self.framework_revisions,
            feedback: self.feedback,
            discussions: self.discussions,
            confirmations: self.confirmations,
            pdfs: self.pdfs,
        }
    }

    pub(crate) fn from_wire(c: &wire::CountsV1) -> ArchiveCounts {
        ArchiveCounts {
            profile: c.profile,
            reflections: c.reflections,
            private_reflections: c.private_reflections,
            deleted_reflections: c.deleted_reflections,
            reflection_revisions: c.reflection_revisions,
            appraisals: c.appraisals,
            appraisal_events: c.appraisal_events,
            framework_revisions: c.framework_revisions,
            feedback: c.feedback,
            discussions: c.discussions,
            confirmations: c.confirmations,
            pdfs: c.pdfs,
        }
    }
}

/// What an archive holds, as its manifest says and its entries confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArchiveSummary {
    pub format_version: u32,
    pub app_version: String,
    pub created_at: String,
    pub counts: ArchiveCounts,
    /// Always false: the private signing key never goes into an archive.
    pub signing_key_included: bool,
}

/// What Settings shows before an archive is saved or imported: what would go, and why this
/// journal cannot take an archive (`None`: it is empty, so it can).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArchivePreview {
    pub goes: ArchiveSummary,
    pub import_refused: Option<String>,
}

/// A framework revision brought in under another number, because this journal already had that
/// number with other content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenumberedRevision {
    pub framework_id: String,
    pub archived_revision: u32,
    pub revision: u32,
}

/// What an import brought in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArchiveImported {
    pub counts: ArchiveCounts,
    /// Framework revisions this journal did not have (the others were already here, identical).
    pub framework_revisions_added: u32,
    pub renumbered: Vec<RenumberedRevision>,
    /// True when the archive's profile was imported (the journal had none); false when the
    /// journal's own profile was kept.
    pub profile_imported: bool,
}

/// An archive being made: its JSON entries (from [`crate::Store::archive`]) and any files added
/// (PDFs), written with a manifest by [`Archive::to_zip`].
#[derive(Debug, Clone)]
pub struct Archive {
    pub(crate) entries: Vec<(String, Vec<u8>)>,
    pub(crate) counts: ArchiveCounts,
    pub(crate) created_at: String,
}

impl Archive {
    /// What goes into the archive.
    pub fn summary(&self) -> ArchiveSummary {
        ArchiveSummary {
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            created_at: self.created_at.clone(),
            counts: self.counts.clone(),
            signing_key_included: false,
        }
    }

    /// Add a PDF (`name` ends `.pdf`, is a safe name and not already present).
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        check_name(name)?;
        if !name.ends_with(".pdf") || self.entries.iter().any(|(n, _)| n == name) {
            return Err(refused(format!(
                "Only new PDF files can be added to an archive (not “{name}”)"
            )));
        }
        self.entries.push((name.to_string(), bytes));
        self.counts.pdfs += 1;
        Ok(())
    }

    /// The zip file: every entry, deflated, then `manifest.json` with every entry's SHA-256.
    pub fn to_zip(&self) -> Result<Vec<u8>> {
        let manifest = wire::ManifestV1 {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            created_at: self.created_at.clone(),
            signing_key_included: false,
            counts: self.counts.to_wire(),
            entries: self
                .entries
                .iter()
                .map(|(name, bytes)| wire::EntryV1 {
                    name: name.clone(),
                    bytes: bytes.len() as u64,
                    sha256: crate::format::sha256_hex(bytes),
                })
                .collect(),
        };
        let manifest = to_json_bytes(&manifest)?;
        zipio::write(
            &self.created_at,
            std::iter::once((MANIFEST, manifest.as_slice()))
                .chain(self.entries.iter().map(|(n, b)| (n.as_str(), b.as_slice()))),
        )
    }
}

/// Pretty JSON with a final newline (readable in any editor).
pub(crate) fn to_json_bytes<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v).map_err(|e| Error::Corrupt(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}
