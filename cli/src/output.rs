//! Printing: `--json` or text (`emit`), local-time formatting, and the views more than one
//! command group prints (an appraisal, section by section).
//!
//! Names, titles, teams and comments come from other people's packs and files. Everything a
//! command prints as text passes through `emit`, which removes escape sequences and control
//! characters (`safe_text::for_terminal_lines`) before it reaches the terminal; a field printed
//! on one line goes through [`line`] as well, so a line break inside a name cannot fake a line of
//! output. JSON needs neither: serde escapes every control character.

use std::borrow::Cow;
use std::io::Write;

use chrono::{DateTime, Local};
use reflect_core::appraisal::{Appraisal, Ksf, Outcome, Part, Role, NOTES};
use reflect_core::safe_text;
use reflect_core::{Error, Result};
use serde::Serialize;

pub(crate) fn io(e: std::io::Error) -> Error {
    Error::Io {
        action: "write to",
        path: "standard output".into(),
        source: e,
    }
}

/// Refuse to write over an existing file the person named with `option` unless they gave
/// `--force`. Every command that writes a file someone names asks this first, before anything
/// is made or recorded, so a refusal (exit 2, one line) changes nothing.
pub(crate) fn may_write(path: &std::path::Path, option: &str, force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    reflect_core::files::refuse_existing(
        path,
        option,
        "add --force to replace it, or choose another name",
    )
}

/// Whether `e` is standard output closed by its reader (`reflect … | head -1`): not a failure to
/// report. Every write to standard output goes through [`io`], so this is the one place to ask.
pub(crate) fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// One line of someone else's text: control characters and escape sequences removed, line
/// breaks and tabs as spaces.
pub(crate) fn line(text: &str) -> Cow<'_, str> {
    safe_text::for_terminal(text)
}

/// Print `value` as JSON, or run `human` to print it as text, made safe for a terminal: the
/// text is gathered, then written without any escape sequence or control character except the
/// line breaks the command printed.
pub(crate) fn emit<T: Serialize>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    human: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if json {
        let text =
            serde_json::to_string_pretty(value).map_err(|e| Error::Corrupt(e.to_string()))?;
        writeln!(out, "{text}").map_err(io)
    } else {
        let mut text = Vec::new();
        human(&mut text).map_err(io)?;
        let text = String::from_utf8_lossy(&text);
        out.write_all(safe_text::for_terminal_lines(&text).as_bytes())
            .map_err(io)
    }
}

pub(crate) fn local(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&Local).format("%d %b %Y %H:%M").to_string())
        .unwrap_or_else(|_| utc.to_string())
}

fn by(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Appraiser) => " [written by the appraiser]",
        _ => "",
    }
}

fn or_none(s: &str) -> &str {
    if s.trim().is_empty() {
        "(not written yet)"
    } else {
        s
    }
}

pub(crate) fn print_appraisal(o: &mut dyn Write, a: &Appraisal) -> std::io::Result<()> {
    let c = &a.content;
    let d = &a.details;
    writeln!(
        o,
        "Appraisal {} to {} — {} (version {})",
        c.period_start,
        c.period_end,
        a.state.label(),
        a.edit_version
    )?;
    if a.viewer == Role::Appraiser {
        writeln!(
            o,
            "Appraiser view: only what {} shared is shown.",
            line(&d.name)
        )?;
    }
    writeln!(
        o,
        "\n1. Details\n  {} — {}, {}, {}",
        line(&d.name),
        line(&d.job_title),
        line(&d.grade),
        line(&d.team)
    )?;
    writeln!(
        o,
        "  Appraiser: {} ({})",
        or_none(&line(&c.appraiser_name)),
        or_none(&line(&c.appraiser_job_title))
    )?;
    if !c.meeting_date.is_empty() {
        writeln!(o, "  Meeting: {}", c.meeting_date)?;
    }
    writeln!(o, "\n2. Review of the last year")?;
    // The Review's notes and their labels come from core's table, as in the app and the PDF.
    for spec in NOTES.iter().filter(|n| n.part == Part::Review) {
        let n = (spec.get)(c);
        writeln!(o, "  {}: {}{}", spec.label, or_none(&n.text), by(n.by))?;
    }
    writeln!(
        o,
        "\n3. Values and behaviours ({})",
        line(&a.framework.name)
    )?;
    for (e, v) in a.evidence.iter().zip(&c.values) {
        writeln!(
            o,
            "  {}{}",
            line(&e.name),
            if e.included.is_empty() {
                " — GAP: no evidence included"
            } else {
                ""
            }
        )?;
        for r in &e.included {
            writeln!(
                o,
                "    - {} \"{}\" ({})",
                r.event_date,
                line(&r.title),
                r.id
            )?;
        }
        writeln!(o, "    Summary: {}", or_none(&v.summary.text))?;
        writeln!(o, "    Appraiser's comment: {}", or_none(&v.comment.text))?;
    }
    writeln!(o, "\n4. Last year's objectives and development plan")?;
    if c.previous.is_empty() {
        writeln!(o, "  None carried forward.")?;
    }
    for (i, p) in c.previous.iter().enumerate() {
        writeln!(
            o,
            "  {}. {} — {}{}",
            i + 1,
            p.text,
            p.outcome.map_or("outcome not marked", Outcome::label),
            by(p.note.by)
        )?;
        if !p.detail.is_empty() {
            writeln!(o, "     {}", p.detail)?;
        }
        if !p.note.text.is_empty() {
            writeln!(o, "     Note: {}", p.note.text)?;
        }
    }
    writeln!(o, "\n5. New objectives")?;
    for (i, ob) in c.objectives.iter().enumerate() {
        writeln!(
            o,
            "  {}. {}{}\n     Measured by: {}; by {}; support: {}",
            i + 1,
            or_none(&ob.objective),
            by(ob.by),
            or_none(&ob.measure),
            or_none(&ob.by_date),
            or_none(&ob.support)
        )?;
    }
    writeln!(o, "\n6. Personal development plan")?;
    for (i, p) in c.development_plan.iter().enumerate() {
        writeln!(
            o,
            "  {}. {} — {} ({}){}\n     Support: {}; target {}; KSF: {}",
            i + 1,
            or_none(&p.need),
            or_none(&p.activity),
            p.status.label(),
            by(p.by),
            or_none(&p.support),
            or_none(&p.target_date),
            p.ksf.map_or("none", Ksf::label)
        )?;
    }
    writeln!(o, "\n7. Health and wellbeing")?;
    if a.wellbeing_hidden {
        writeln!(o, "  (The colleague's notes are private to them.)")?;
    } else {
        writeln!(
            o,
            "  {}{}",
            or_none(&c.wellbeing.text),
            if c.wellbeing_shared {
                " [shared with the appraiser]"
            } else {
                " [private to you]"
            }
        )?;
    }
    writeln!(o, "\n8. Career aspirations\n  {}", or_none(&c.career.text))?;
    writeln!(
        o,
        "\n9. Pay-step readiness{}",
        a.pay_step
            .date
            .as_ref()
            .map(|d| format!(" (pay step {d})"))
            .unwrap_or_default()
    )?;
    for s in &a.pay_step.standards {
        writeln!(
            o,
            "  [{}] {} — {}",
            if s.met { "x" } else { " " },
            s.label,
            s.detail
        )?;
    }
    writeln!(o, "\n10. Summary and sign-off")?;
    writeln!(o, "  Colleague: {}", or_none(&c.colleague_summary.text))?;
    writeln!(o, "  Appraiser: {}", or_none(&c.appraiser_summary.text))?;
    for s in &a.signatures {
        writeln!(
            o,
            "  Signed by {} ({}, {}) on {}",
            line(&s.name),
            line(&s.job_title),
            s.role.as_str(),
            local(&s.signed_at)
        )?;
    }
    if let Some(sha) = &a.record_sha256 {
        let check = if a.intact == Some(true) {
            "matches its signatures"
        } else {
            "DOES NOT MATCH its signatures"
        };
        writeln!(o, "  Record SHA-256: {sha} ({check})")?;
    }
    for e in a.events.iter().filter(|e| e.action == "reopen") {
        writeln!(
            o,
            "  Reopened by {} on {}: {}",
            line(&e.actor_name),
            local(&e.at),
            e.reason.as_deref().unwrap_or("")
        )?;
    }
    writeln!(o, "\nid: {}", a.id)
}
