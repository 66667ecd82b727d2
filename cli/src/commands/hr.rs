//! `reflect hr …`: the Organisation (HR) area. Long runs show a progress bar with an ETA; they can
//! be interrupted and run again without duplicating anything.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use reflect_core::files::{pack_files, write_atomically};
use reflect_core::hr::{HrFilter, HrImportOutcome, HrLevel, HrOutcome, HrRecord, HR_COLUMNS};
use reflect_core::{today, Error, Result, Store};
use reflect_pdf::export;

use crate::output::{emit, may_write};

#[derive(Debug, Subcommand)]
pub enum HrCommand {
    /// Switch the Organisation area on (to import agreed appraisals) or off.
    Area {
        #[arg(value_enum)]
        state: OnOff,
    },
    /// Import agreed packs: files, or folders of .reflectpack files. Re-running imports nothing
    /// twice. Each file is added, superseded, unchanged, held (a key HR has not trusted) or
    /// refused (nothing written); exits 2 when any was refused, after importing the rest.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Trust a key for HR, after comparing its fingerprint with its owner's (read aloud, or in
    /// person). Held packs now trusted are added at once.
    Trust {
        /// The public key (base64, as `reflect key` shows it).
        #[arg(long)]
        key: String,
        /// Whose key it is.
        #[arg(long)]
        name: String,
        #[arg(long)]
        employee_number: Option<String>,
    },
    /// Stop trusting a key (records already added stay; new packs it signs are held).
    Untrust {
        #[arg(long)]
        key: String,
    },
    /// The keys HR trusts, with their fingerprints.
    Keys,
    /// Take a held pack off the held list without adding it: HR's decision (for one made before
    /// key signatures, ask the colleague to sign again and send the new pack). ID from `hr held`.
    Discard { id: i64 },
    /// The agreed packs HR holds: why, and both keys' fingerprints to compare.
    Held,
    /// HR's roster: employee number, name, team, line manager, key.
    Roster {
        #[command(subcommand)]
        cmd: RosterCommand,
    },
    /// HR's suppression threshold: show it, or set it. Counts from 1 to one below it, and any
    /// count that would give one away by subtraction from a total, are not shown in the summary,
    /// its PDF or its JSON; every export records the threshold.
    Threshold {
        /// The new threshold, from 2 to 10 (default 5).
        value: Option<u32>,
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
        /// Also write the summary's counts as a CSV (one row per group; a suppressed count is an
        /// empty cell; the last column is the suppression threshold, on every row).
        #[arg(long, value_name = "FILE.csv")]
        counts_csv: Option<PathBuf>,
        /// Replace the CSV or PDF file if it already exists (without this, an existing file is
        /// never written over).
        #[arg(long)]
        force: bool,
    },
    /// Write the appraisal PDF of everyone imported (or one team) into a folder.
    ExportPdfs {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        team: Option<String>,
        /// Replace PDFs already in the folder (a re-run after an interrupted one); without
        /// this, a PDF that is there already is never written over.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Trust every key on a roster: a CSV HR keeps (employee_number,name,team,line_manager,key)
    /// or a roster exported by an HR device (its signature is checked).
    Import { file: PathBuf },
    /// Write HR's roster, signed by this device's key (schema/roster-format-1.md).
    Export {
        file: PathBuf,
        /// Replace the file if it already exists (without this, an existing file is never
        /// written over).
        #[arg(long)]
        force: bool,
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
            emit(out, json, &report.files, |o| {
                for f in &report.files {
                    writeln!(
                        o,
                        "{:<10} {}: {}",
                        outcome_word(f.outcome),
                        printable(&f.file),
                        printable(&f.message)
                    )?;
                    if let Some(c) = &f.colleague_fingerprint {
                        if f.outcome == HrOutcome::Held {
                            writeln!(o, "           colleague key {c}")?;
                            if let Some(a) = &f.appraiser_fingerprint {
                                writeln!(o, "           appraiser key {a}")?;
                            }
                        }
                    }
                }
                writeln!(
                    o,
                    "{} added, {} newer versions, {} already imported, {} held, {} refused.",
                    report.added, report.superseded, report.unchanged, report.held, report.refused
                )?;
                if report.held > 0 {
                    writeln!(o, "See `reflect hr held`; trust a key with `reflect hr trust` once you have compared its fingerprint with its owner.")?;
                }
                Ok(())
            })?;
            if report.refused > 0 {
                return Err(Error::invalid(
                    "files",
                    format!("{} of {} files were refused", report.refused, files.len()),
                ));
            }
            Ok(())
        }
        HrCommand::Trust {
            key,
            name,
            employee_number,
        } => {
            let t = store.hr_trust_key(&key, &name, employee_number.as_deref())?;
            emit(out, json, &t, |o| {
                for k in &t.keys {
                    writeln!(
                        o,
                        "HR trusts {}'s key {}.",
                        printable(&k.name),
                        k.fingerprint
                    )?;
                }
                released(o, &t.released)
            })
        }
        HrCommand::Threshold { value } => {
            if let Some(n) = value {
                store.set_hr_threshold(n)?;
            }
            let threshold = store.hr_threshold()?;
            emit(
                out,
                json,
                &serde_json::json!({ "threshold": threshold }),
                |o| {
                    writeln!(
                        o,
                        "HR's suppression threshold is {threshold}: counts below {threshold}, and counts that would give them away, are not shown."
                    )
                },
            )
        }
        HrCommand::Untrust { key } => {
            store.hr_untrust_key(&key)?;
            emit(out, json, &serde_json::json!({ "untrusted": key }), |o| {
                writeln!(
                    o,
                    "HR no longer trusts that key; records already added stay."
                )
            })
        }
        HrCommand::Discard { id } => {
            store.hr_discard_held(id)?;
            emit(out, json, &serde_json::json!({ "discarded": id }), |o| {
                writeln!(o, "Held pack {id} is off the held list; it was not added.")
            })
        }
        HrCommand::Keys => {
            let keys = store.hr_keys()?;
            emit(out, json, &keys, |o| {
                if keys.is_empty() {
                    writeln!(o, "HR trusts no keys yet.")?;
                }
                for k in &keys {
                    writeln!(
                        o,
                        "{}  {}{}  ({})\n    {}",
                        k.fingerprint,
                        printable(&k.name),
                        k.employee_number
                            .as_deref()
                            .map(|n| format!(", {}", printable(n)))
                            .unwrap_or_default(),
                        k.source.as_str(),
                        k.public_key
                    )?;
                }
                Ok(())
            })
        }
        HrCommand::Held => {
            let held = store.hr_held()?;
            emit(out, json, &held, |o| {
                if held.is_empty() {
                    writeln!(o, "No packs are held.")?;
                }
                for h in &held {
                    writeln!(
                        o,
                        "#{} {} ({}), appraiser {}: {}",
                        h.id,
                        printable(&h.name),
                        printable(&h.appraisal_id),
                        printable(&h.appraiser),
                        printable(&h.reason)
                    )?;
                    let trust = |t: bool| if t { "trusted" } else { "not trusted" };
                    writeln!(
                        o,
                        "    colleague key {} ({})\n        {}",
                        h.colleague_fingerprint.as_deref().unwrap_or("—"),
                        trust(h.colleague_trusted),
                        h.colleague_key
                    )?;
                    match (&h.appraiser_key, &h.appraiser_fingerprint) {
                        (Some(k), Some(f)) => writeln!(
                            o,
                            "    appraiser key {f} ({})\n        {k}",
                            trust(h.appraiser_trusted)
                        )?,
                        _ => writeln!(o, "    appraiser: no key signature")?,
                    }
                }
                Ok(())
            })
        }
        HrCommand::Roster { cmd } => match cmd {
            RosterCommand::Import { file } => {
                let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
                    action: "read",
                    path: file.clone(),
                    source,
                })?;
                let t = store.hr_roster_import(&text)?;
                emit(out, json, &t, |o| {
                    writeln!(o, "HR trusts the {} keys on the roster.", t.keys.len())?;
                    released(o, &t.released)
                })
            }
            RosterCommand::Export { file, force } => {
                may_write(&file, "file", force)?;
                let text = store.hr_roster_export()?;
                write_atomically(&file, text.as_bytes())?;
                let (fingerprint, key) = store.hr_device_key()?;
                emit(
                    out,
                    json,
                    &serde_json::json!({ "file": file, "public_key": key, "fingerprint": fingerprint }),
                    |o| {
                        writeln!(
                            o,
                            "Wrote HR's roster to {}, signed by this device's key {fingerprint}.",
                            file.display()
                        )
                    },
                )
            }
        },
        HrCommand::Summary {
            department,
            team,
            csv,
            pdf,
            counts_csv,
            force,
        } => {
            for (path, option) in [
                (&csv, "--csv"),
                (&pdf, "--pdf"),
                (&counts_csv, "--counts-csv"),
            ] {
                if let Some(path) = path {
                    may_write(path, option, force)?;
                }
            }
            let filter = HrFilter { department, team };
            let summary = store.hr_summary(&filter, today)?;
            if let Some(path) = &csv {
                write_atomically(path, store.hr_csv(&filter)?.as_bytes())?;
            }
            if let Some(path) = &pdf {
                write_atomically(path, &export::hr_summary_pdf(store, &filter, today)?.bytes)?;
            }
            if let Some(path) = &counts_csv {
                write_atomically(path, reflect_core::hr::summary_csv(&summary)?.as_bytes())?;
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
                    "— : below the suppression threshold of {}, or a count that would give one away by subtraction, so not shown.",
                    summary.suppress_below
                )?;
                if let Some(p) = &csv {
                    writeln!(o, "Wrote the CSV to {}.", p.display())?;
                }
                if let Some(p) = &pdf {
                    writeln!(o, "Wrote the summary PDF to {}.", p.display())?;
                }
                if let Some(p) = &counts_csv {
                    writeln!(o, "Wrote the summary's counts to {}.", p.display())?;
                }
                Ok(())
            })
        }
        HrCommand::ExportPdfs {
            out: dir,
            department,
            team,
            force,
        } => {
            std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
                action: "create the folder",
                path: dir.clone(),
                source,
            })?;
            let filter = HrFilter { department, team };
            let jobs: Vec<(String, PathBuf, HrRecord)> = store
                .hr_appraisals(&filter)?
                .into_iter()
                .map(|(key, id, name)| store.hr_record(&key, &id).map(|r| (id, dir.join(name), r)))
                .collect::<Result<_>>()?;
            for (_, path, _) in &jobs {
                may_write(path, "--out", force)?;
            }
            let pb = bar(jobs.len(), json, "Writing PDFs");
            let failures = std::sync::Mutex::new(Vec::<String>::new());
            // Two workers: fonts are shared, each file is written atomically under a fixed name, so
            // an interrupted run leaves only whole files and a re-run rewrites the same ones.
            std::thread::scope(|s| {
                for worker in 0..2 {
                    let (jobs, pb, failures) = (&jobs, &pb, &failures);
                    s.spawn(move || {
                        for (id, path, body) in jobs.iter().skip(worker).step_by(2) {
                            let result = export::hr_record_pdf(body, today)
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

fn outcome_word(o: HrOutcome) -> &'static str {
    match o {
        HrOutcome::Added => "added",
        HrOutcome::Superseded => "superseded",
        HrOutcome::Unchanged => "unchanged",
        HrOutcome::Held => "held",
        HrOutcome::Refused => "refused",
    }
}

fn released(o: &mut dyn Write, released: &[HrImportOutcome]) -> std::io::Result<()> {
    for r in released {
        writeln!(
            o,
            "  {}: {}",
            outcome_word(r.outcome),
            printable(&r.message)
        )?;
    }
    Ok(())
}

/// Text from other people, safe for the terminal.
fn printable(s: &str) -> String {
    reflect_core::safe_text::for_terminal(s).into_owned()
}
