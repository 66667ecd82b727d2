//! The export layer: read what a document shows through the public `Store` API, render it through
//! this crate's documents, and name its file.
//!
//! [`Document`] is the registry of the PDFs a person can export. The CLI's `reflect export <kind>`
//! (through `clap::Subcommand`, behind the `cli` feature) and the app's `export_pdf` command
//! (through serde and the generated TypeScript binding) both read it, so a new document is its
//! file under `documents/`, one variant here with its arm in [`Document::export`], and the button
//! that asks for it.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use reflect_core::appraisal::{Appraisal, Role};
use reflect_core::archive::{appraisal_pdf_entry, Archive, ArchivePreview, ArchiveSummary};
use reflect_core::disclosure::{self, Printed};
use reflect_core::error::Result;
use reflect_core::files::{file_name, write_atomically};
use reflect_core::hr::{self, HrFilter, HrRecord};
use reflect_core::pack::PackFinding;
use reflect_core::{RegistrationBody, Store};

use crate::layout::Furniture;
use crate::{documents, render, Rendered};

/// A PDF a person can export, with what it needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Subcommand))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Document {
    /// The appraisal record: every section, the included reflections, signatures and SHA-256.
    Appraisal {
        /// The appraisal's id (from `reflect appraisal list`).
        id: String,
        /// Include your health and wellbeing notes (left out unless you ask).
        #[cfg_attr(feature = "cli", arg(long))]
        include_wellbeing: bool,
    },
    /// NMC reflective accounts (one per page, in the NMC form's structure), the CPD and feedback
    /// logs, the reflective discussion record and the confirmation; progress counts only what
    /// the document includes.
    Nmc {
        /// Include private reflections (left out unless you ask).
        #[cfg_attr(feature = "cli", arg(long))]
        include_private: bool,
    },
    /// Your shared reflections grouped by value and behaviour statement, with a chart.
    Portfolio {
        /// From this date, YYYY-MM-DD.
        #[cfg_attr(feature = "cli", arg(long))]
        from: Option<String>,
        /// Up to this date, YYYY-MM-DD.
        #[cfg_attr(feature = "cli", arg(long))]
        to: Option<String>,
    },
    /// The Organisation area's summary (counts only, small numbers suppressed), with charts.
    HrSummary {
        /// Only this department (all when left out).
        #[cfg_attr(feature = "cli", arg(long))]
        department: Option<String>,
        /// Only this team (all when left out).
        #[cfg_attr(feature = "cli", arg(long))]
        team: Option<String>,
    },
}

/// A rendered export and how to present it.
#[derive(Debug, Clone)]
pub struct Exported {
    pub rendered: Rendered,
    /// The file name to suggest (see `reflect_core::files::file_name`).
    pub file_name: String,
    /// What it is, for messages: "Wrote the {what} to …", "Save the {what}".
    pub what: &'static str,
}

impl Document {
    /// Read what the document shows through `store` and render it.
    pub fn export(&self, store: &Store, today: NaiveDate) -> Result<Exported> {
        let (rendered, file_name, what) = match self {
            Document::Appraisal {
                id,
                include_wellbeing,
            } => {
                let a = store.appraisal(id, Role::Colleague, today)?;
                let name = file_name(
                    &[
                        "appraisal",
                        &a.details.name,
                        &a.content.period_start,
                        &a.content.period_end,
                    ],
                    "pdf",
                );
                (
                    crate::appraisal_of(&a, *include_wellbeing, &organisation(store, &a)?)?,
                    name,
                    "appraisal record",
                )
            }
            Document::Nmc { include_private } => {
                let input = store.nmc_document(*include_private, today)?;
                let name = file_name(&["nmc revalidation", &input.profile.name], "pdf");
                (nmc(&input)?, name, "NMC reflective accounts")
            }
            Document::Portfolio { from, to } => {
                let input = store.portfolio_document(from.as_deref(), to.as_deref())?;
                let name = file_name(
                    &[
                        "values portfolio",
                        &input.profile.name,
                        from.as_deref().unwrap_or(""),
                        to.as_deref().unwrap_or(""),
                    ],
                    "pdf",
                );
                (portfolio(&input)?, name, "values portfolio")
            }
            Document::HrSummary { department, team } => {
                let filter = HrFilter {
                    department: department.clone(),
                    team: team.clone(),
                };
                (
                    hr_summary_pdf(store, &filter, today)?,
                    hr::summary_file_name(&filter),
                    "summary",
                )
            }
        };
        Ok(Exported {
            rendered,
            file_name,
            what,
        })
    }
}

impl Document {
    /// The privacy findings over the text this document prints, read as [`Document::export`]
    /// reads it (the same reflections, private ones only when asked for, the wellbeing notes
    /// only when asked for): shown before the export, which is never blocked by them. The
    /// Organisation summary prints counts only, so it has none.
    pub fn findings(&self, store: &Store, today: NaiveDate) -> Result<Vec<PackFinding>> {
        Ok(match self {
            Document::Appraisal {
                id,
                include_wellbeing,
            } => disclosure::appraisal_findings(
                &store.appraisal(id, Role::Colleague, today)?,
                *include_wellbeing,
            ),
            Document::Nmc { include_private } => {
                let input = store.nmc_document(*include_private, today)?;
                // Accounts in full; the CPD log prints each activity's title.
                let accounts = input.accounts.iter().map(|r| (r, Printed::Whole));
                let cpd = input.cpd.iter().map(|r| (r, Printed::TitleOnly));
                disclosure::reflection_findings(accounts.chain(cpd))
            }
            Document::Portfolio { from, to } => {
                let input = store.portfolio_document(from.as_deref(), to.as_deref())?;
                disclosure::reflection_findings(
                    input.reflections.iter().map(|r| (r, Printed::Whole)),
                )
            }
            Document::HrSummary { .. } => Vec::new(),
        })
    }
}

/// The appraisal record as a PDF. The wellbeing notes are included only with
/// `include_wellbeing`; a record not yet signed by both carries a "draft" watermark.
pub fn appraisal_pdf(
    store: &Store,
    id: &str,
    include_wellbeing: bool,
    today: NaiveDate,
) -> Result<Rendered> {
    let a = store.appraisal(id, Role::Colleague, today)?;
    crate::appraisal_of(&a, include_wellbeing, &organisation(store, &a)?)
}

/// Whose record it is: the organisation of the framework the record was made with, as this
/// journal holds it (an imported framework too), else as a built-in framework names it.
fn organisation(store: &Store, a: &Appraisal) -> Result<String> {
    match store.framework(&a.framework.id, Some(a.framework.revision)) {
        Ok(f) => Ok(f.doc.organisation),
        Err(reflect_core::error::Error::NotFound { .. }) => {
            Ok(documents::builtin_organisation(&a.framework.id))
        }
        Err(e) => Err(e),
    }
}

/// The NMC reflective accounts with the CPD and feedback logs and the reflective discussion.
/// Shared reflections only, unless `include_private`.
pub fn nmc_pdf(store: &Store, include_private: bool, today: NaiveDate) -> Result<Rendered> {
    nmc(&store.nmc_document(include_private, today)?)
}

/// The shared reflections of a period grouped by value and behaviour statement, with a chart.
pub fn portfolio_pdf(store: &Store, from: Option<&str>, to: Option<&str>) -> Result<Rendered> {
    portfolio(&store.portfolio_document(from, to)?)
}

/// The Organisation summary as a PDF, with charts.
pub fn hr_summary_pdf(store: &Store, filter: &HrFilter, today: NaiveDate) -> Result<Rendered> {
    let summary = store.hr_summary(filter, today)?;
    let (blocks, meta) = documents::hr_summary(&summary);
    render(
        &blocks,
        &meta,
        &Furniture {
            footer_title: "Appraisal summary",
            watermark: None,
        },
    )
}

/// One record HR added, as its PDF: HR's parts only (details, period, objectives, plan, pay
/// step), the values coverage as counts, and who signed with their key fingerprints.
pub fn hr_appraisal_pdf(
    store: &Store,
    colleague_key: &str,
    appraisal_id: &str,
    today: NaiveDate,
) -> Result<Rendered> {
    hr_record_pdf(&store.hr_record(colleague_key, appraisal_id)?, today)
}

/// HR's copy of a record as its PDF (what [`hr_appraisal_pdf`] and the batch print).
pub fn hr_record_pdf(record: &HrRecord, today: NaiveDate) -> Result<Rendered> {
    let a = record.appraisal(today)?;
    let coverage = record.coverage();
    let signers = record.signers();
    let (blocks, meta, watermark) = documents::appraisal_for(
        &a,
        documents::Reader::Hr {
            coverage: &coverage,
            signers: &signers,
        },
        &documents::builtin_organisation(&a.framework.id),
    );
    render(
        &blocks,
        &meta,
        &Furniture {
            footer_title: "Appraisal record (HR)",
            watermark,
        },
    )
}

/// Write every record the filter selects (`Store::hr_appraisals`) as a PDF into `dir`, each
/// under its file name and atomically; returns how many were written.
pub fn hr_appraisal_pdfs(
    store: &Store,
    filter: &HrFilter,
    dir: &Path,
    today: NaiveDate,
) -> Result<usize> {
    let mut n = 0;
    for (key, id, name) in store.hr_appraisals(filter)? {
        let r = hr_appraisal_pdf(store, &key, &id, today)?;
        write_atomically(&dir.join(name), &r.bytes)?;
        n += 1;
    }
    Ok(n)
}

fn nmc(input: &reflect_core::documents::NmcInput) -> Result<Rendered> {
    let (blocks, meta) = documents::nmc(input);
    render(
        &blocks,
        &meta,
        &Furniture {
            footer_title: "NMC revalidation",
            watermark: None,
        },
    )
}

fn portfolio(input: &reflect_core::documents::PortfolioInput) -> Result<Rendered> {
    let (blocks, meta) = documents::portfolio(input);
    render(
        &blocks,
        &meta,
        &Furniture {
            footer_title: "Values portfolio",
            watermark: None,
        },
    )
}

// The portable archive with its PDFs. Core gathers the journal into archive format 1's JSON
// entries and writes the zip (`reflect_core::archive`); it cannot depend on this crate, so the
// PDFs are added here, in the export layer, before the zip is written. The CLI's `reflect
// archive` and the app's `save_archive` both call [`write_archive`].

/// The NMC reflective accounts' entry (private reflections included: it is the owner's archive).
pub const NMC_PDF: &str = "pdf/nmc-reflective-accounts.pdf";

/// The whole journal as an archive with its PDFs: each appraisal's record (with the wellbeing
/// notes — the archive is the owner's own) and, for an NMC registrant, the NMC reflective
/// accounts with every reflection, private ones included.
pub fn archive(store: &Store, today: NaiveDate) -> Result<Archive> {
    let mut archive = store.archive()?;
    for a in store.list_appraisals()? {
        let view = store.appraisal(&a.id, Role::Colleague, today)?;
        let pdf = crate::appraisal_of(&view, true, &organisation(store, &view)?)?;
        archive.add_file(&appraisal_pdf_entry(&a.id), pdf.bytes)?;
    }
    if nmc_registrant(store)? {
        let pdf = nmc_pdf(store, true, today)?;
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
    // The same PDFs as [`archive`] adds: one per appraisal, and the NMC document for a registrant.
    summary.counts.pdfs = summary.counts.appraisals + u32::from(nmc_registrant(store)?);
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
