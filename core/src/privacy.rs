//! The privacy check: details in free text that could identify a patient or another person
//! (NHS numbers, dates of birth, hospital and bed numbers, postcodes, phone numbers, email
//! addresses, titled names). It only reports, in context; the writer edits or acknowledges.
//! Used while writing, and (later) before anything is shared.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of identifying detail a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    NhsNumber,
    DateOfBirth,
    HospitalNumber,
    BedNumber,
    Postcode,
    PhoneNumber,
    Email,
    TitledName,
}

impl FindingKind {
    /// Plain English, for the warning list.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::NhsNumber => "An NHS number",
            FindingKind::DateOfBirth => "A date of birth",
            FindingKind::HospitalNumber => "A hospital number",
            FindingKind::BedNumber => "A bed or bay number",
            FindingKind::Postcode => "A postcode",
            FindingKind::PhoneNumber => "A phone number",
            FindingKind::Email => "An email address",
            FindingKind::TitledName => "A person's name",
        }
    }
}

/// One thing found, with where it is (character offsets) and the words around it.
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
}

struct Patterns {
    list: Vec<(FindingKind, Regex)>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
        let date = format!(r"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{month}\s+\d{{4}})");
        let sources: Vec<(FindingKind, String)> = vec![
            // Ten digits, spaced 3-3-4 or not; checked with modulus 11 below.
            (FindingKind::NhsNumber, r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b".to_string()),
            (
                FindingKind::DateOfBirth,
                format!(r"(?i)\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*{date}"),
            ),
            (
                FindingKind::HospitalNumber,
                r"(?i)\b(?:hospital (?:no\.?|number)|hosp\.? no\.?|mrn|unit number|case number)\s*[:\-]?\s*[a-z]{0,3}\d{5,10}\b".to_string(),
            ),
            (FindingKind::BedNumber, r"(?i)\b(?:bed|bay|side room|cubicle)\s*(?:no\.?\s*)?\d{1,3}[a-z]?\b".to_string()),
            (FindingKind::Postcode, r"(?i)\b[a-z]{1,2}\d[a-z\d]?\s*\d[abd-hjlnp-uw-z]{2}\b".to_string()),
            (FindingKind::PhoneNumber, r"(?:\+44\s?\(?0?\)?\s?|\b0)(?:\d[\s\-]?){8,9}\d\b".to_string()),
            (FindingKind::Email, r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b".to_string()),
            (
                FindingKind::TitledName,
                r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sister)\.?\s+\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+)?".to_string(),
            ),
        ];
        Patterns {
            list: sources
                .into_iter()
                // The patterns are constants of this module, exercised by its tests: they compile.
                .filter_map(|(k, s)| Regex::new(&s).ok().map(|r| (k, r)))
                .collect(),
        }
    })
}

/// True for a valid NHS number: ten digits whose last is the modulus-11 check digit of the rest.
pub fn is_valid_nhs_number(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10
        || s.chars()
            .any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-'))
    {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == digits[9]
}

/// Everything identifying in `text`, in order. Overlapping findings keep the more specific one
/// (a valid NHS number is not also reported as a phone number).
pub fn check_text(field: &str, text: &str) -> Vec<Finding> {
    let mut raw: Vec<(FindingKind, usize, usize)> = Vec::new();
    for (kind, re) in &patterns().list {
        for m in re.find_iter(text) {
            if *kind == FindingKind::NhsNumber && !is_valid_nhs_number(m.as_str()) {
                continue;
            }
            raw.push((*kind, m.start(), m.end()));
        }
    }
    // Earlier patterns in the list are more specific; drop later ones that overlap them.
    let mut kept: Vec<(FindingKind, usize, usize)> = Vec::new();
    for (kind, s, e) in raw {
        if !kept.iter().any(|&(_, ks, ke)| s < ke && ks < e) {
            kept.push((kind, s, e));
        }
    }
    kept.sort_by_key(|&(_, s, _)| s);
    kept.into_iter()
        .map(|(kind, s, e)| {
            let before: String = text[..s]
                .chars()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = text[e..].chars().take(30).collect();
            let to_chars = |b: usize| u32::try_from(text[..b].chars().count()).unwrap_or(u32::MAX);
            Finding {
                kind,
                label: kind.label().to_string(),
                field: field.to_string(),
                matched: text[s..e].to_string(),
                start: to_chars(s),
                end: to_chars(e),
                before,
                after,
            }
        })
        .collect()
}

/// The check over a reflection being written: its title and every answer.
pub fn check_reflection(input: &crate::model::ReflectionInput) -> Vec<Finding> {
    let mut out = check_text("title", &input.title);
    for p in input.model.prompts() {
        if let Some(text) = input.body.get(p.key) {
            out.extend(check_text(&format!("body.{}", p.key), text));
        }
    }
    out
}
