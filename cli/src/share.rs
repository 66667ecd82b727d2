//! `reflect pack …`, `reflect team …` and `reflect hr …`: appraisal packs, the appraiser's remote
//! review, and the Organisation (HR) area. Long runs show a progress bar with an ETA; they can be
//! interrupted and run again without duplicating anything.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use reflect_core::files::{pack_files, write_atomically};
use reflect_core::hr::{HrFilter, HrLevel, HR_COLUMNS};
use reflect_core::pack::Purpose;
use reflect_core::{pack, today, Error, Result, Store};
use reflect_pdf::export;

use crate::run::emit;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PurposeArg {
    /// For your appraiser to review (after you submit it).
    ForReview,
    /// The agreed record, for HR (once both have signed).
    Agreed,
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Show exactly what a pack will carry, and the privacy check's findings with their keys.
    Preview {
        /// The appraisal's id.
        id: String,
        #[arg(long, value_enum, default_value = "for-review")]
        purpose: PurposeArg,
    },
    /// Write a signed pack. Every privacy finding must be acknowledged (or fixed first).
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "for-review")]
        purpose: PurposeArg,
        #[arg(long, value_name = "FILE.reflectpack")]
        out: PathBuf,
        /// Acknowledge a finding by its key (from `reflect pack preview`); repeatable.
        #[arg(long = "acknowledge", value_name = "KEY")]
        acknowledge: Vec<String>,
        /// Acknowledge every finding (you have read them in the preview).
        #[arg(long)]
        acknowledge_all: bool,
    },
    /// Import a pack: for review (into My team), reviewed (your appraiser's part merges into your
    /// appraisal), or agreed (into the Organisation area).
    Import { file: PathBuf },
    /// Check a pack's format, signature, record and signer's key without importing it.
    Verify { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Colleagues' appraisals you are reviewing at a distance.
    List,
    /// Show one, as the appraiser sees it.
    Show { id: String },
    /// Write your comment on a value, or your summary.
    Set {
        id: String,
        #[arg(value_enum)]
        field: TeamField,
        value: String,
        /// The value (name or key) for value-comment.
        #[arg(long)]
        value_of: Option<String>,
    },
    /// Sign as the appraiser.
    Sign { id: String },
    /// Write the reviewed pack to send back.
    Export {
        id: String,
        #[arg(long, value_name = "FILE.reflectpack")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TeamField {
    ValueComment,
    Summary,
}

#[derive(Debug, Subcommand)]
pub enum HrCommand {
    /// Switch the Organisation area on (to import agreed appraisals) or off.
    Area {
        #[arg(value_enum)]
        state: OnOff,
    },
    /// Import agreed packs: files, or folders of .reflectpack files. Re-running imports nothing twice.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Counts by organisation, department and team (small counts suppressed); optional CSV and PDF.
    Summary {
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        team: Option<String>,
        /// Also write the HR-system CSV (one row per person).
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
        /// Also write the summary as a PDF with charts.
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
    },
    /// Write the appraisal PDF of everyone imported (or one team) into a folder.
    ExportPdfs {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        team: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

fn purpose(p: PurposeArg) -> Purpose {
    match p {
        PurposeArg::ForReview => Purpose::ForReview,
        PurposeArg::Agreed => Purpose::Agreed,
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })
}

fn bar(total: usize, json: bool, what: &str) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_string());
    pb
}

pub fn pack_cmd(
    store: &mut Store,
    cmd: PackCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let today = today();
    match cmd {
        PackCommand::Preview { id, purpose: p } => {
            let preview = store.pack_preview(&id, purpose(p), today)?;
            emit(out, json, &preview, |o| {
                writeln!(
                    o,
                    "A pack {} for {} to {}:",
                    preview.purpose.describe(),
                    preview.appraisal.content.period_start,
                    preview.appraisal.content.period_end
                )?;
                writeln!(
                    o,
                    "  the appraisal's ten sections, signatures and fingerprint"
                )?;
                writeln!(o, "  {} shared reflection(s):", preview.reflections.len())?;
                for r in &preview.reflections {
                    writeln!(o, "    - {} \"{}\"", r.event_date, r.title)?;
                }
                writeln!(
                    o,
                    "  wellbeing notes: {}",
                    if preview.wellbeing_included {
                        "included (you opted in)"
                    } else {
                        "not included"
                    }
                )?;
                if preview.findings.is_empty() {
                    writeln!(
                        o,
                        "The privacy check found nothing that could identify someone."
                    )?;
                } else {
                    writeln!(
                        o,
                        "The privacy check found {} thing(s) to check:",
                        preview.findings.len()
                    )?;
                    for f in &preview.findings {
                        writeln!(
                            o,
                            "  {} “{}” in {}: …{}[{}]{}…",
                            f.finding.label,
                            f.finding.matched,
                            f.location,
                            f.finding.before,
                            f.finding.matched,
                            f.finding.after
                        )?;
                        writeln!(o, "      acknowledge with: --acknowledge '{}'", f.key)?;
                    }
                }
                Ok(())
            })
        }
        PackCommand::Export {
            id,
            purpose: p,
            out: file,
            acknowledge,
            acknowledge_all,
        } => {
            let mut acknowledged = acknowledge;
            if acknowledge_all {
                acknowledged.extend(
                    store
                        .pack_preview(&id, purpose(p), today)?
                        .findings
                        .into_iter()
                        .map(|f| f.key),
                );
            }
            let sealed = store.export_pack(&id, purpose(p), &acknowledged, today)?;
            write_atomically(&file, sealed.text.as_bytes())?;
            emit(
                out,
                json,
                &serde_json::json!({ "path": file, "bytes": sealed.text.len() }),
                |o| writeln!(o, "Wrote the signed pack to {}.", file.display()),
            )
        }
        PackCommand::Import { file } => {
            let done = store.import_pack(&read(&file)?, today)?;
            emit(out, json, &done, |o| writeln!(o, "{}.", done.message))
        }
        PackCommand::Verify { file } => {
            let check = store.verify_pack(&read(&file)?)?;
            emit(out, json, &check, |o| {
                writeln!(
                    o,
                    "A valid pack {} of {}'s appraisal {}.",
                    check.purpose.describe(),
                    check.colleague_name,
                    check.appraisal_id
                )?;
                writeln!(
                    o,
                    "Signed by {} ({}, {}); {}.",
                    check.signer.name,
                    check.signer.job_title,
                    check.signer.role.as_str(),
                    match check.key {
                        reflect_core::storage::sharing::KeyStatus::New =>
                            "the first pack seen from them: their key will be remembered",
                        reflect_core::storage::sharing::KeyStatus::Known =>
                            "the same key as before",
                    }
                )?;
                writeln!(o, "Record SHA-256: {}", check.record_sha256)
            })
        }
    }
}

pub fn team_cmd(
    store: &mut Store,
    cmd: TeamCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let today = today();
    match cmd {
        TeamCommand::List => {
            let rows = store.team_reviews()?;
            emit(out, json, &rows, |o| {
                if rows.is_empty() {
                    writeln!(o, "No colleague has sent you an appraisal to review. Import their pack with: reflect pack import FILE")?;
                }
                for r in &rows {
                    writeln!(
                        o,
                        "{}  {:<24} {} to {}  {}",
                        r.appraisal_id,
                        r.colleague_name,
                        r.period_start,
                        r.period_end,
                        if r.signed { "signed" } else { "to review" }
                    )?;
                }
                Ok(())
            })
        }
        TeamCommand::Show { id } => {
            let a = store.team_review(&id, today)?;
            emit(out, json, &a, |o| crate::appraisal::print_appraisal(o, &a))
        }
        TeamCommand::Set {
            id,
            field,
            value,
            value_of,
        } => {
            let a = store.team_review(&id, today)?;
            let mut c = a.content.clone();
            match field {
                TeamField::Summary => c.appraiser_summary.text = value,
                TeamField::ValueComment => {
                    let wanted = value_of.ok_or_else(|| {
                        Error::invalid("value_of", "Say which value with --value-of NAME")
                    })?;
                    let i = crate::appraisal::value_index(&a, &wanted)?;
                    c.values[i].comment.text = value;
                }
            }
            let a = store.save_team_review(&id, &c, today)?;
            emit(out, json, &a, |o| writeln!(o, "Saved."))
        }
        TeamCommand::Sign { id } => {
            let a = store.sign_team_review(&id, today)?;
            emit(out, json, &a, |o| {
                writeln!(o, "Signed as the appraiser. Send it back with: reflect team export {id} --out FILE")
            })
        }
        TeamCommand::Export { id, out: file } => {
            let sealed = store.export_reviewed_pack(&id)?;
            write_atomically(&file, sealed.text.as_bytes())?;
            emit(out, json, &serde_json::json!({ "path": file }), |o| {
                writeln!(o, "Wrote the reviewed pack to {}.", file.display())
            })
        }
    }
}

pub fn hr_cmd(store: &mut Store, cmd: HrCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    let today = today();
    match cmd {
        HrCommand::Area { state } => {
            let on = matches!(state, OnOff::On);
            store.set_organisation_area(on)?;
            emit(
                out,
                json,
                &serde_json::json!({ "organisation_area": on }),
                |o| {
                    writeln!(
                        o,
                        "The Organisation area is {}.",
                        if on { "on" } else { "off" }
                    )
                },
            )
        }
        HrCommand::Import { paths } => {
            let mut files = Vec::new();
            for p in &paths {
                if p.is_dir() {
                    files.extend(pack_files(p)?);
                } else {
                    files.push(p.clone());
                }
            }
            let pb = bar(files.len(), json, "Importing");
            let report =
                store.hr_import_files(&files, &mut |done, _| pb.set_position(done as u64))?;
            pb.finish_and_clear();
            emit(out, json, &report, |o| {
                writeln!(
                    o,
                    "{} added, {} newer versions, {} already imported, {} refused.",
                    report.added,
                    report.superseded,
                    report.unchanged,
                    report.refused.len()
                )?;
                for r in &report.refused {
                    writeln!(o, "  refused {}: {}", r.file, r.reason)?;
                }
                Ok(())
            })
        }
        HrCommand::Summary {
            department,
            team,
            csv,
            pdf,
        } => {
            let filter = HrFilter { department, team };
            let summary = store.hr_summary(&filter, today)?;
            if let Some(path) = &csv {
                write_atomically(path, store.hr_csv(&filter)?.as_bytes())?;
            }
            if let Some(path) = &pdf {
                write_atomically(path, &export::hr_summary_pdf(store, &filter, today)?.bytes)?;
            }
            emit(out, json, &summary, |o| {
                let show = |c: Option<u32>| c.map_or("—".to_string(), |n| n.to_string());
                // The summary's columns that the terminal shows, from the domain's table.
                let columns: Vec<_> = HR_COLUMNS
                    .iter()
                    .filter_map(|c| c.terminal.map(|head| (head, c)))
                    .collect();
                write!(o, "{:<44}", "Group")?;
                for ((head, width), _) in &columns {
                    write!(o, " {head:>width$}")?;
                }
                writeln!(o)?;
                for r in &summary.rows {
                    let name = match r.level {
                        HrLevel::Organisation => r.organisation.clone(),
                        HrLevel::Department => format!("  {}", r.department),
                        HrLevel::Team => format!("    {}", r.team),
                    };
                    write!(o, "{name:<44}")?;
                    for ((_, width), c) in &columns {
                        write!(o, " {:>width$}", show((c.value)(r)))?;
                    }
                    writeln!(o)?;
                }
                writeln!(
                    o,
                    "— : drawn from fewer than {} people, so not shown.",
                    summary.suppress_below
                )?;
                if let Some(p) = &csv {
                    writeln!(o, "Wrote the CSV to {}.", p.display())?;
                }
                if let Some(p) = &pdf {
                    writeln!(o, "Wrote the summary PDF to {}.", p.display())?;
                }
                Ok(())
            })
        }
        HrCommand::ExportPdfs {
            out: dir,
            department,
            team,
        } => {
            std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
                action: "create the folder",
                path: dir.clone(),
                source,
            })?;
            let filter = HrFilter { department, team };
            let jobs: Vec<(String, PathBuf, pack::PackBody)> = store
                .hr_appraisals(&filter)?
                .into_iter()
                .map(|(id, name)| store.hr_pack_body(&id).map(|b| (id, dir.join(name), b)))
                .collect::<Result<_>>()?;
            let pb = bar(jobs.len(), json, "Writing PDFs");
            let failures = std::sync::Mutex::new(Vec::<String>::new());
            // Two workers: fonts are shared, each file is written atomically under a fixed name, so
            // an interrupted run leaves only whole files and a re-run rewrites the same ones.
            std::thread::scope(|s| {
                for worker in 0..2 {
                    let (jobs, pb, failures) = (&jobs, &pb, &failures);
                    s.spawn(move || {
                        for (id, path, body) in jobs.iter().skip(worker).step_by(2) {
                            let result = export::pack_appraisal_pdf(body, today)
                                .and_then(|r| write_atomically(path, &r.bytes));
                            if let Err(e) = result {
                                if let Ok(mut f) = failures.lock() {
                                    f.push(format!("{id}: {e}"));
                                }
                            }
                            pb.inc(1);
                        }
                    });
                }
            });
            pb.finish_and_clear();
            let failures = failures.into_inner().unwrap_or_default();
            let report = serde_json::json!({ "written": jobs.len() - failures.len(), "failed": failures, "folder": dir });
            emit(out, json, &report, |o| {
                writeln!(
                    o,
                    "Wrote {} appraisal PDFs to {}.",
                    jobs.len() - failures.len(),
                    dir.display()
                )?;
                for f in &failures {
                    writeln!(o, "  failed {f}")?;
                }
                Ok(())
            })?;
            if failures.is_empty() {
                Ok(())
            } else {
                Err(Error::Corrupt(format!(
                    "{} PDFs could not be written",
                    failures.len()
                )))
            }
        }
    }
}
