//! `reflect check`: the privacy check over one reflection (`--fix` applies its suggested
//! rewrites and saves a new revision), or over text given with `--text` (no journal needed).
//!
//! Everything printed here quotes the writer's own text: each piece goes through `line`, so a
//! line break or an escape sequence in a reflection cannot fake or colour a line of output.

use std::io::{Read, Write};

use clap::Args;
use reflect_core::disclosure::PrivacyFix;
use reflect_core::privacy::{self, Finding, PrivacyReport};
use reflect_core::{Error, ReflectiveModel, Result, Store};

use crate::output::{emit, line};

/// The most `--text` reads: a reflection is at most a 200-character title and a few answers of
/// 20,000 characters each, so 1 MiB is far more than any reflection.
pub const MAX_TEXT_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The reflection's id (from `reflect list`). Leave it out with `--text`.
    #[arg(required_unless_present = "text", conflicts_with = "text")]
    pub id: Option<String>,
    /// Check this text instead of a reflection; `-` reads it from standard input (at most 1 MiB).
    /// No journal is opened, needed or created.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Apply every suggested rewrite and save the reflection as a new revision (the version
    /// before stays in its history). With nothing to rewrite, nothing is saved.
    #[arg(long, conflicts_with = "text")]
    pub fix: bool,
    /// Exit with status 2 (and a line on stderr) when anything is found, or still found after
    /// `--fix`, for scripts and hooks. Without it the exit status is 0 whatever is found.
    #[arg(long)]
    pub fail_on_findings: bool,
}

/// `reflect check --text …`: the check over text alone, before any journal is opened.
pub fn check_text(args: &CheckArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let text = match args.text.as_deref() {
        Some("-") => read_stdin()?,
        Some(t) => t.to_string(),
        None => {
            return Err(Error::invalid(
                "text",
                "Give the text to check, or - to read it from standard input",
            ))
        }
    };
    let report = PrivacyReport {
        findings: privacy::check_text("text", &text),
        advisories: privacy::advise_text("text", &text),
    };
    emit(out, json, &report, |o| {
        if report.findings.is_empty() {
            writeln!(o, "No identifying details found.")?;
        } else {
            writeln!(o, "{}:", details(report.findings.len()))?;
            print_findings(o, &report.findings, None)?;
        }
        print_advisories(o, &report, None)
    })?;
    fail_on(args, &report)
}

/// `reflect check ID [--fix]`.
pub fn check(store: &mut Store, args: &CheckArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let Some(id) = args.id.as_deref() else {
        return Err(Error::invalid(
            "id",
            "Give the reflection's id (from `reflect list`), or --text",
        ));
    };
    if args.fix {
        let fix = store.fix_privacy(id, None)?;
        emit(out, json, &fix, |o| print_fix(o, &fix))?;
        return fail_on(args, &fix.report);
    }
    let r = store.reflection(id)?;
    let report = privacy::report_reflection(&r.to_input());
    emit(out, json, &report, |o| {
        if report.findings.is_empty() {
            writeln!(o, "No identifying details found in \"{}\".", line(&r.title))?;
        } else {
            writeln!(
                o,
                "{} in \"{}\":",
                details(report.findings.len()),
                line(&r.title)
            )?;
            print_findings(o, &report.findings, Some(r.model))?;
            writeln!(
                o,
                "Apply every suggested rewrite with `reflect check {id} --fix`, or edit the reflection."
            )?;
        }
        print_advisories(o, &report, Some(r.model))
    })?;
    fail_on(args, &report)
}

fn print_fix(o: &mut dyn Write, fix: &PrivacyFix) -> std::io::Result<()> {
    let r = &fix.reflection;
    if fix.rewritten.is_empty() {
        writeln!(
            o,
            "Nothing to rewrite in \"{}\": no identifying details found. Nothing was changed.",
            line(&r.title)
        )?;
    } else {
        writeln!(
            o,
            "Rewrote {} detail{} in \"{}\" and saved it as revision {}:",
            fix.rewritten.len(),
            if fix.rewritten.len() == 1 { "" } else { "s" },
            line(&r.title),
            r.revision
        )?;
        for f in &fix.rewritten {
            writeln!(
                o,
                "  {}: \"{}\" → \"{}\"",
                place(&f.field, Some(r.model)),
                line(&f.matched),
                line(&f.suggestion)
            )?;
        }
        writeln!(
            o,
            "The version before, with the original text, stays in its history (`reflect show {} --history`).",
            r.id
        )?;
        if !fix.report.findings.is_empty() {
            writeln!(o, "Still found:")?;
            print_findings(o, &fix.report.findings, Some(r.model))?;
        }
    }
    print_advisories(o, &fix.report, Some(r.model))
}

/// Each finding on two lines: what and where, in context; then its suggested rewrite.
fn print_findings(
    o: &mut dyn Write,
    findings: &[Finding],
    model: Option<ReflectiveModel>,
) -> std::io::Result<()> {
    for f in findings {
        // An ellipsis only where the text goes on beyond the context shown.
        let more_before = f.start as usize > f.before.chars().count();
        writeln!(
            o,
            "  {} in {}: {}{}[{}]{}{}",
            f.label,
            place(&f.field, model),
            if more_before { "…" } else { "" },
            line(&f.before),
            line(&f.matched),
            line(&f.after),
            if f.after.chars().count() >= 30 {
                "…"
            } else {
                ""
            }
        )?;
        writeln!(o, "      suggested rewrite: \"{}\"", line(&f.suggestion))?;
    }
    Ok(())
}

fn print_advisories(
    o: &mut dyn Write,
    report: &PrivacyReport,
    model: Option<ReflectiveModel>,
) -> std::io::Result<()> {
    if report.advisories.is_empty() {
        return Ok(());
    }
    writeln!(
        o,
        "Could identify someone together (advice; nothing to rewrite):"
    )?;
    for a in &report.advisories {
        let parts: Vec<String> = a.parts.iter().map(|p| format!("\"{}\"", line(p))).collect();
        writeln!(
            o,
            "  in {}: {} ({})",
            place(&a.field, model),
            line(&a.message),
            parts.join(", ")
        )?;
    }
    Ok(())
}

/// Where a finding is, in words: "the title", the prompt's label, or the field as named.
fn place(field: &str, model: Option<ReflectiveModel>) -> String {
    if field == "title" {
        return "the title".into();
    }
    let key = field.strip_prefix("body.").unwrap_or(field);
    model
        .and_then(|m| {
            m.prompts()
                .iter()
                .find(|p| p.key == key)
                .map(|p| format!("\"{}\"", p.label))
        })
        .unwrap_or_else(|| field.to_string())
}

/// "1 possible identifying detail", "3 possible identifying details".
fn details(n: usize) -> String {
    format!(
        "{n} possible identifying detail{}",
        if n == 1 { "" } else { "s" }
    )
}

fn fail_on(args: &CheckArgs, report: &PrivacyReport) -> Result<()> {
    let n = report.findings.len();
    if args.fail_on_findings && n > 0 {
        return Err(Error::invalid("findings", format!("{} found", details(n))));
    }
    Ok(())
}

/// Standard input as text, refused past [`MAX_TEXT_BYTES`] (read through `take`, so a pipe that
/// never ends cannot make it read more) or when it is not UTF-8.
fn read_stdin() -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            action: "read",
            path: "standard input".into(),
            source,
        })?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            "text",
            "The text on standard input is over 1 MiB, far longer than any reflection: check it in parts. Nothing was checked",
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid(
            "text",
            "The text on standard input is not UTF-8 text. Nothing was checked",
        )
    })
}
