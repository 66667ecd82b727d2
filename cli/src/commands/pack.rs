//! `reflect pack …`: appraisal packs — preview what is shared, export signed, import, verify.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use reflect_core::files::write_atomically;
use reflect_core::pack::Purpose;
use reflect_core::plural;
use reflect_core::{today, Error, Result, Store};

use crate::output::{emit, may_write};

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Show exactly what a pack will carry, and the privacy check's findings with their keys.
    Preview {
        /// The appraisal's id.
        id: String,
        #[arg(long, value_enum, default_value = "for-review")]
        purpose: Purpose,
    },
    /// Write a signed pack. Every privacy finding must be acknowledged (or fixed first).
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "for-review")]
        purpose: Purpose,
        #[arg(long, value_name = "FILE.reflectpack")]
        out: PathBuf,
        /// Replace the file if it already exists (without this, an existing file is never
        /// written over).
        #[arg(long)]
        force: bool,
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

/// An `--acknowledge KEY` that names no finding of the pack: the keys it has (when few), or
/// where to find them.
fn unknown_acknowledgement(key: &str, keys: &[String], id: &str) -> Error {
    let choices = match keys.len() {
        0 => "this pack has no privacy findings to acknowledge".to_string(),
        1..=5 => format!("its findings: {}", keys.join(", ")),
        n => format!("it has {n} findings; reflect pack preview {id} lists their keys"),
    };
    Error::invalid(
        "--acknowledge",
        format!("'{key}' is not a privacy finding of this pack ({choices})"),
    )
}

fn read(path: &Path) -> Result<String> {
    reflect_core::files::read_text_limited(path, "The pack")
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
            let preview = store.pack_preview(&id, p, today)?;
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
                writeln!(
                    o,
                    "  {}:",
                    plural::items(
                        preview.reflections.len(),
                        "shared reflection",
                        "shared reflections"
                    )
                )?;
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
                        "The privacy check found {} to check:",
                        plural::items(preview.findings.len(), "thing", "things")
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
            force,
        } => {
            may_write(&file, "--out", force)?;
            if !acknowledge.is_empty() {
                let keys: Vec<String> = store
                    .pack_preview(&id, p, today)?
                    .findings
                    .into_iter()
                    .map(|f| f.key)
                    .collect();
                if let Some(k) = acknowledge.iter().find(|k| !keys.contains(k)) {
                    return Err(unknown_acknowledgement(k, &keys, &id));
                }
            }
            let mut acknowledged = acknowledge;
            if acknowledge_all {
                acknowledged.extend(
                    store
                        .pack_preview(&id, p, today)?
                        .findings
                        .into_iter()
                        .map(|f| f.key),
                );
            }
            let sealed = store.export_pack(&id, p, &acknowledged, today)?;
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
                    "Sent by {} ({}, {}), key fingerprint {}.",
                    check.sender.name,
                    check.sender.job_title,
                    check.sender.role.as_str(),
                    check.sender.fingerprint
                )?;
                for s in &check.signatures {
                    writeln!(o, "  {} ({}): {}", s.name, s.role.as_str(), s.note)?;
                }
                writeln!(o, "What could be verified:")?;
                for line in &check.verified {
                    writeln!(o, "  - {line}")?;
                }
                match &check.record_sha256 {
                    Some(sha) => writeln!(
                        o,
                        "Record version {}, SHA-256 {sha}",
                        check.record_version.unwrap_or_default()
                    ),
                    None => writeln!(o, "Pack format {}.", check.format_version),
                }
            })
        }
    }
}
