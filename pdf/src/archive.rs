//! The portable archive with its PDFs. Core gathers the journal into archive format 1's JSON
//! entries and writes the zip (`reflect_core::archive`); it cannot depend on this crate, so the
//! PDFs are added here, in the export layer, before the zip is written. The CLI's `reflect
//! archive` and the app's `save_archive` both call [`archive`].

use std::path::Path;

use chrono::NaiveDate;

use reflect_core::appraisal::Role;
use reflect_core::archive::{appraisal_pdf_entry, Archive, ArchivePreview, ArchiveSummary};
use reflect_core::error::Result;
use reflect_core::files::write_atomically;
use reflect_core::{RegistrationBody, Store};

/// The NMC reflective accounts' entry (private reflections included: it is the owner's archive).
pub const NMC_PDF: &str = "pdf/nmc-reflective-accounts.pdf";

/// The whole journal as an archive with its PDFs: each appraisal's record (with the wellbeing
/// notes — the archive is the owner's own) and, for an NMC registrant, the NMC reflective
/// accounts with every reflection, private ones included.
pub fn archive(store: &Store, today: NaiveDate) -> Result<Archive> {
    let mut archive = store.archive()?;
    for a in store.list_appraisals()? {
        let view = store.appraisal(&a.id, Role::Colleague, today)?;
        let pdf = crate::appraisal(&view, true)?;
        archive.add_file(&appraisal_pdf_entry(&a.id), pdf.bytes)?;
    }
    if nmc_registrant(store)? {
        let pdf = crate::export::nmc_pdf(store, true, today)?;
        archive.add_file(NMC_PDF, pdf.bytes)?;
    }
    Ok(archive)
}

/// Whether the NMC document can be made: the profile names an NMC registration.
fn nmc_registrant(store: &Store) -> Result<bool> {
    Ok(store
        .profile()?
        .and_then(|p| p.registration)
        .is_some_and(|r| r.body == RegistrationBody::Nmc))
}

/// What [`archive`] would write, without rendering the PDFs (shown before it is written).
pub fn preview(store: &Store) -> Result<ArchiveSummary> {
    let mut summary = store.archive()?.summary();
    summary.counts.pdfs = summary.counts.appraisals + u32::from(store.profile()?.is_some());
    Ok(summary)
}

/// What Settings shows first: what an archive would hold, and whether this journal can take one.
pub fn archive_preview(store: &Store) -> Result<ArchivePreview> {
    Ok(ArchivePreview {
        goes: preview(store)?,
        import_refused: store.archive_import_refusal()?,
    })
}

/// Make the archive and write it to `path` atomically (0600). Returns what it holds.
pub fn write_archive(store: &Store, path: &Path, today: NaiveDate) -> Result<ArchiveSummary> {
    let archive = archive(store, today)?;
    let bytes = archive.to_zip()?;
    write_atomically(path, &bytes)?;
    Ok(archive.summary())
}
