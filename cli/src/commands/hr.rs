//! `reflect hr …`: the Organisation (HR) area. Long runs show a progress bar with an ETA; they can
//! be interrupted and run again without duplicating anything.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use reflect_core::files::{pack_files, write_atomically};
use reflect_core::hr::{HrFilter, HrLevel, HR_COLUMNS};
use reflect_core::{pack, today, Error, Result, Store};
use reflect_pdf::export;

use crate::output::emit;

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
            let jobs: Vec<(String, PathBuf, reflect_core::format::pack::Held)> = store
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
