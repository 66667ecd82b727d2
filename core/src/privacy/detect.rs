//! Pattern detectors (transitional: the wave-1 patterns, with suggestions).

use std::sync::OnceLock;

use regex::Regex;

use super::{FindingKind, Hit};

fn patterns() -> &'static Vec<(FindingKind, Regex)> {
    static P: OnceLock<Vec<(FindingKind, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
        let date = format!(r"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{month}\s+\d{{4}})");
        let sources: Vec<(FindingKind, String)> = vec![
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
        sources
            .into_iter()
            // The patterns are constants of this module, exercised by its tests: they compile.
            .filter_map(|(k, s)| Regex::new(&s).ok().map(|r| (k, r)))
            .collect()
    })
}

fn suggestion(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::TitledName | FindingKind::Name => "the patient",
        FindingKind::DateOfBirth => "[date of birth]",
        FindingKind::Age => "in their 90s",
        FindingKind::BedNumber => "a bed",
        FindingKind::Address => "their home",
        FindingKind::Postcode => "[postcode]",
        FindingKind::PhoneNumber => "[phone number]",
        FindingKind::Email => "[email address]",
        FindingKind::NhsNumber => "[NHS number]",
        FindingKind::NiNumber => "[NI number]",
        FindingKind::HospitalNumber => "[hospital number]",
    }
}

pub(crate) fn hits(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for (kind, re) in patterns() {
        for m in re.find_iter(text) {
            if *kind == FindingKind::NhsNumber && !is_valid_nhs_number(m.as_str()) {
                continue;
            }
            out.push(Hit {
                kind: *kind,
                start: m.start(),
                end: m.end(),
                suggestion: suggestion(*kind).to_string(),
            });
        }
    }
    out
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
