//! `cargo bench -p reflect-core --bench privacy` (part of `make bench` and `make bench-privacy`):
//! the privacy check over reflections of 500 words — findings and advice, as the editor runs it
//! on every pause — target under 1 ms each (issue 13). The baseline, measured in the same run,
//! is the wave-1 check (eight plain patterns, no names, no context), kept here only to measure
//! against. Reported as median and p95 per reflection.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use regex::Regex;

const IDENTIFIERS: &[&str] = &[
    "I looked after Mrs A. Khan in bed 4, DOB 03/03/1938, NHS number 943 476 5919.",
    "Her son, David, rang from (01823) 344 567 and asked us to write to 12 Elm Road, TA1 5DA.",
    "Priya's daughter was upset; the 94-year-old had an MRN of RBA1234567.",
    "NEWS2 was 7 and GCS 14/15, so I gave paracetamol 1g at 14:30 and logged Datix W123456.",
    "Tomasz Nowak on bay 2 told me he was scared. NI number QQ 12 34 56 C was on the form.",
];

fn texts(n: usize) -> Vec<String> {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut out = Vec::new();
    let pool = reflect_core::sample::reflections(n * 4, 7, today, "none", &[]);
    let mut words: Vec<String> = Vec::new();
    let mut k = 0;
    for r in &pool {
        for t in r.body.values() {
            words.extend(t.split_whitespace().map(str::to_string));
            if words.len() >= 500 {
                let mut text = words[..460].join(" ");
                text.push(' ');
                text.push_str(IDENTIFIERS[k % IDENTIFIERS.len()]);
                text.push(' ');
                text.push_str(IDENTIFIERS[(k + 2) % IDENTIFIERS.len()]);
                k += 1;
                out.push(text);
                words.clear();
                if out.len() == n {
                    return out;
                }
            }
        }
    }
    out
}

fn wave_one() -> Vec<Regex> {
    [
        r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b",
        r"(?i)\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})",
        r"(?i)\b(?:hospital (?:no\.?|number)|hosp\.? no\.?|mrn|unit number|case number)\s*[:\-]?\s*[a-z]{0,3}\d{5,10}\b",
        r"(?i)\b(?:bed|bay|side room|cubicle)\s*(?:no\.?\s*)?\d{1,3}[a-z]?\b",
        r"(?i)\b[a-z]{1,2}\d[a-z\d]?\s*\d[abd-hjlnp-uw-z]{2}\b",
        r"(?:\+44\s?\(?0?\)?\s?|\b0)(?:\d[\s\-]?){8,9}\d\b",
        r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b",
        r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sister)\.?\s+\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+)?",
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap())
    .collect()
}

fn measure(
    texts: &[String],
    rounds: usize,
    f: &dyn Fn(&str) -> usize,
) -> (Duration, Duration, usize) {
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..rounds {
        for t in texts {
            let start = Instant::now();
            found += std::hint::black_box(f(t));
            times.push(start.elapsed());
        }
    }
    times.sort();
    (times[times.len() / 2], times[times.len() * 95 / 100], found)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let texts = texts(if quick { 20 } else { 200 });
    let rounds = if quick { 1 } else { 10 };
    let words: usize = texts
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>()
        / texts.len();
    // The first check loads the name lists and compiles the patterns: once per process.
    let start = Instant::now();
    reflect_core::privacy::check_text("body", &texts[0]);
    let first = start.elapsed();
    let old = wave_one();
    let (b50, b95, _) = measure(&texts, rounds, &|t| {
        old.iter().map(|r| r.find_iter(t).count()).sum()
    });
    let (r50, r95, _) = measure(&texts, rounds, &|t| {
        reflect_core::privacy::check_text("body", t).len()
            + reflect_core::privacy::advise_text("body", t).len()
    });
    println!(
        "privacy check over {} reflections of {words} words, {rounds} rounds:",
        texts.len()
    );
    println!("  first check in the process (lists and patterns loaded): {first:.1?}");
    println!(
        "  wave-1 check (baseline)   median {:>8.1?}  p95 {:>8.1?}",
        b50, b95
    );
    println!(
        "  Reflect's check + advice  median {:>8.1?}  p95 {:>8.1?}  ({:.1}× the baseline; target < 1 ms)",
        r50,
        r95,
        r50.as_secs_f64() / b50.as_secs_f64().max(1e-9)
    );
}
