//! The privacy check: details in free text that could identify a patient or another person.
//! It reports each finding in context with a suggested rewrite, and separately advises where
//! details that identify no one alone could identify someone together. It never blocks: the
//! writer edits, applies a rewrite, or goes on.
//!
//! `detect` finds candidates (patterns with context both ways: labels widen what is accepted,
//! reference and staff contexts suppress), `names` finds people's names from the name lists in
//! `core/data/names/`, `advice` finds combinations, and this module resolves overlaps and applies
//! rewrites. Measured on the labelled corpus in `tests/src/privacy_corpus/` (`make bench-privacy`).

mod advice;
mod context;
mod detect;
mod lexicon;
mod names;
mod people;
mod tokens;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::ReflectionInput;

pub use detect::is_valid_nhs_number;

/// What kind of identifying detail a finding is. The order is the priority when two overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    NhsNumber,
    NiNumber,
    Email,
    DateOfBirth,
    HospitalNumber,
    Postcode,
    PhoneNumber,
    Address,
    Age,
    TitledName,
    Name,
    BedNumber,
}

impl FindingKind {
    /// Every kind, in priority order.
    pub const ALL: [FindingKind; 12] = [
        FindingKind::NhsNumber,
        FindingKind::NiNumber,
        FindingKind::Email,
        FindingKind::DateOfBirth,
        FindingKind::HospitalNumber,
        FindingKind::Postcode,
        FindingKind::PhoneNumber,
        FindingKind::Address,
        FindingKind::Age,
        FindingKind::TitledName,
        FindingKind::Name,
        FindingKind::BedNumber,
    ];

    /// Plain English, for the warning list.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::NhsNumber => "An NHS number",
            FindingKind::NiNumber => "A National Insurance number",
            FindingKind::Email => "An email address",
            FindingKind::DateOfBirth => "A date of birth",
            FindingKind::HospitalNumber => "A hospital number",
            FindingKind::Postcode => "A postcode",
            FindingKind::PhoneNumber => "A phone number",
            FindingKind::Address => "A street address",
            FindingKind::Age => "An age of 90 or over",
            FindingKind::TitledName => "A person's name",
            FindingKind::Name => "A person's name",
            FindingKind::BedNumber => "A bed or bay number",
        }
    }

    /// The snake_case name used in JSON and the corpus.
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::NhsNumber => "nhs_number",
            FindingKind::NiNumber => "ni_number",
            FindingKind::Email => "email",
            FindingKind::DateOfBirth => "date_of_birth",
            FindingKind::HospitalNumber => "hospital_number",
            FindingKind::Postcode => "postcode",
            FindingKind::PhoneNumber => "phone_number",
            FindingKind::Address => "address",
            FindingKind::Age => "age",
            FindingKind::TitledName => "titled_name",
            FindingKind::Name => "name",
            FindingKind::BedNumber => "bed_number",
        }
    }
}

/// One thing found, with where it is (character offsets), the words around it and the rewrite
/// suggested for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    pub kind: FindingKind,
    pub label: String,
    /// The field it was found in (`title`, `body.feelings`, …).
    pub field: String,
    pub matched: String,
    pub start: u32,
    pub end: u32,
    /// Up to 30 characters either side, with the match in the middle.
    pub before: String,
    pub after: String,
    /// What to put in its place: "the patient", "a relative", "[date]", "in their 90s".
    pub suggestion: String,
}

/// Details that identify no one alone but could together: an age with a rare condition and a
/// place, an exact date with a ward and an event. Advice, not a finding: nothing to rewrite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Advisory {
    /// The field the combination is in.
    pub field: String,
    /// Plain English: what together could identify someone, and what to do.
    pub message: String,
    /// The words that combine, as written.
    pub parts: Vec<String>,
}

/// The whole check over one piece of writing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrivacyReport {
    pub findings: Vec<Finding>,
    pub advisories: Vec<Advisory>,
}

/// Which finding to rewrite: where it was and what it said, so a rewrite asked for against text
/// that has changed since is refused instead of landing in the wrong place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FixTarget {
    pub field: String,
    pub start: u32,
    pub matched: String,
}

/// A candidate before overlaps are resolved: byte offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub kind: FindingKind,
    pub start: usize,
    pub end: usize,
    pub suggestion: String,
}

/// Loads the word lists and compiles the patterns (about 12 ms in a release build), so a front
/// end can do it at start, off the path of the first keystroke. Later calls return at once.
pub fn warm() {
    let _ = check_text("warm", "Mrs A. Khan, 12 Elm Road");
    let _ = advise_text("warm", "warm");
}

/// Everything identifying in `text`, in order. Overlapping candidates keep the higher-priority
/// kind (a valid NHS number is not also a phone number); same kind, the longer.
pub fn check_text(field: &str, text: &str) -> Vec<Finding> {
    // The words are read once, for every name detector.
    let toks = tokens::tokens(text);
    let mut hits = names::hits(text, &toks);
    hits.extend(people::lower_case(text, &toks));
    let listed = people::coordinated(text, &toks, &hits);
    hits.extend(listed);
    hits.extend(people::repeats(&toks, &hits));
    hits.extend(detect::hits(text, &hits));
    // Findings come in order of start and never overlap: character offsets are counted on from
    // the last one, not from the start of the text each time.
    let mut at = (0usize, 0u32);
    resolve(hits)
        .into_iter()
        .map(|h| finding(field, text, h, &mut at))
        .collect()
}

/// The combinations in `text` that could identify someone together.
pub fn advise_text(field: &str, text: &str) -> Vec<Advisory> {
    advice::advise(text)
        .into_iter()
        .map(|(message, parts)| Advisory {
            field: field.to_string(),
            message,
            parts,
        })
        .collect()
}

fn resolve(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Kept findings never overlap one another, so only the last one starting before a
    // candidate's end can overlap it: one look in a sorted map, not a scan of all kept.
    let mut kept: std::collections::BTreeMap<usize, Hit> = std::collections::BTreeMap::new();
    for h in hits {
        let clash = kept
            .range(..h.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > h.start);
        if !clash {
            kept.insert(h.start, h);
        }
    }
    kept.into_values().collect()
}

/// The finding for `h`; `at` is the last (byte, character) offset counted, moved on to its end.
fn finding(field: &str, text: &str, h: Hit, at: &mut (usize, u32)) -> Finding {
    let before: String = {
        let mut v: Vec<char> = text[..h.start].chars().rev().take(30).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after: String = text[h.end..].chars().take(30).collect();
    let mut to_chars = |b: usize| {
        let more = u32::try_from(text[at.0..b].chars().count()).unwrap_or(u32::MAX);
        *at = (b, at.1.saturating_add(more));
        at.1
    };
    let start = to_chars(h.start);
    let end = to_chars(h.end);
    Finding {
        kind: h.kind,
        label: h.kind.label().to_string(),
        field: field.to_string(),
        matched: text[h.start..h.end].to_string(),
        start,
        end,
        before,
        after,
        suggestion: h.suggestion,
    }
}

/// Each field of a reflection being written, title first, then the model's prompts in order.
fn fields(input: &ReflectionInput) -> Vec<(String, &str)> {
    let mut out = vec![("title".to_string(), input.title.as_str())];
    for p in input.model.prompts() {
        if let Some(text) = input.body.get(p.key) {
            out.push((format!("body.{}", p.key), text.as_str()));
        }
    }
    out
}

/// The findings over a reflection being written: its title and every answer.
pub fn check_reflection(input: &ReflectionInput) -> Vec<Finding> {
    report_reflection(input).findings
}

/// Findings and advice over a reflection being written.
pub fn report_reflection(input: &ReflectionInput) -> PrivacyReport {
    let mut report = PrivacyReport::default();
    for (field, text) in fields(input) {
        report.findings.extend(check_text(&field, text));
        report.advisories.extend(advise_text(&field, text));
    }
    report
}

/// `text` with each of `findings` (found in it) replaced by its suggestion.
pub fn fix_text(text: &str, findings: &[Finding]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut order: Vec<&Finding> = findings.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.start));
    let mut last_start = usize::MAX;
    for f in order {
        let (s, e) = (f.start as usize, f.end as usize);
        // Skip anything out of range or overlapping one already applied (never from this
        // module's own output, which does not overlap; guards hand-made lists).
        if s > e || e > chars.len() || e > last_start {
            continue;
        }
        chars.splice(s..e, f.suggestion.chars());
        last_start = s;
    }
    chars.into_iter().collect()
}

/// The reflection with one finding rewritten (`target`), or every finding (`None`). The check is
/// run again on the text as it is now: a target it no longer finds is refused, naming the field,
/// and nothing changes.
pub fn fix_reflection(
    input: &ReflectionInput,
    target: Option<&FixTarget>,
) -> Result<ReflectionInput> {
    let mut out = input.clone();
    let mut found = false;
    for (field, text) in fields(input) {
        let all = check_text(&field, text);
        let chosen: Vec<Finding> = match target {
            None => all,
            Some(t) => all
                .into_iter()
                .filter(|f| f.field == t.field && f.start == t.start && f.matched == t.matched)
                .collect(),
        };
        if chosen.is_empty() {
            continue;
        }
        found = true;
        let fixed = fix_text(text, &chosen);
        match field.strip_prefix("body.") {
            Some(key) => {
                out.body.insert(key.to_string(), fixed);
            }
            None => out.title = fixed,
        }
    }
    if let Some(t) = target {
        if !found {
            return Err(Error::invalid(
                t.field.clone(),
                format!(
                    "“{}” is no longer there to rewrite: the text has changed since the check. Check again.",
                    t.matched
                ),
            ));
        }
    }
    Ok(out)
}
