//! Combinations that identify no one alone but could together: an age with a rare condition
//! and a place; an exact date with a ward and an event. Advice, kept apart from findings.

use std::sync::OnceLock;

use regex::Regex;

use super::lexicon;

struct Patterns {
    condition: Regex,
    age: Regex,
    place: Regex,
    date: Regex,
    ward: Regex,
    notable: Regex,
    unique: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let conditions: Vec<String> = lexicon::RARE_CONDITIONS
            .iter()
            .map(|c| regex::escape(c))
            .collect();
        // Each pattern is a constant of this module (the conditions escaped), exercised by the
        // tests: it compiles.
        let re = |s: &str| Regex::new(s).unwrap_or_else(|e| unreachable!("pattern: {e}"));
        Patterns {
            // A listed rare condition; an eponymous one ("Erdheim-Chester disease",
            // "Pierre Robin sequence"); one the writer calls rare; or a long clinical word of the
            // rare kinds ("lymphangioleiomyomatosis", "cystinosis").
            condition: re(&format!(
                r"(?i)(?:^|[^\p{{L}}])({})(?:$|[^\p{{L}}])|(?-i:\b(\p{{Lu}}[\p{{Ll}}]+(?:[\s\-]\p{{Lu}}[\p{{Ll}}]+)*(?:'s)?\s+(?:disease|syndrome|sequence|anomaly|arteritis|encephalitis|ataxia|dystrophy|myopathy)))\b|\b(rare\s+\w+(?:\s+\w+)?|first\s+case|only\s+(?:case|patient|person)|rarest)\b|\b(\w{{4,}}(?:omatosis|inosis|peritonei|cytoma|sarcoma|uria)|\w*(?:myocarditis|fasciitis|encephalitis|myelitis|cardiomyopathy)|ossificans|muscular\s+atrophy|neuromyelitis\s+optica)\b",
                conditions.join("|")
            )),
            age: re(r"(?i)\b(?:aged\s+\d{1,3}|\d{1,3}[\s\-]*(?:year|yr)s?[\s\-]*old|\d{1,3}\s*(?:yo|y/o|yrs)\b|\d{1,2}[\s\-]*(?:month|week)s?[\s\-]*old|(?:mid|early|late)[\s\-](?:twenties|thirties|forties|fifties|sixties|seventies|eighties|\d0s)|in\s+(?:her|his|their)\s+(?:early\s+|late\s+|mid[\s\-])?(?:\d0s|teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"),
            place: re(r"\b(?:from|in|at|near|of|around)\s+(\p{Lu}[\p{Ll}'’\-]+(?:[\s\-]\p{Lu}[\p{Ll}'’\-]+)?)|\b(?:village|hamlet|small town|island|farm)\b"),
            date: re(r"(?i)\b(?:christmas day|boxing day|new year's (?:eve|day)|the \d{1,2}(?:st|nd|rd|th)|\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?|\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?)\b"),
            ward: re(r"(?i)\bward\s+\d+[a-z]?\b|(?-i:\b\p{Lu}[\p{Ll}]+\s+[Ww]ard\b)|\bon\s+the\s+[a-z]+\s+ward\b|\b(?:icu|itu|hdu|ccu|nicu|scbu|amu|mau|sau|ed|a&e|resus|triage|majors|theatre|labour ward|maternity)\b"),
            unique: re(r"(?i)\b(?:(?:the|our|their|[a-z]+'s)\s+only\s+(?:\w+\s+){0,3}\w+\s+(?:in|at|on|from|of|for|who|with)\b|^only\s+(?:child|patient|person|baby)\b|so\s+no[\s\-]?one\s+would\s+recogni[sz]e|selfie|press\s+office|(?:the\s+)?whole\s+(?:town|village|school|watch)\s+(?:knows|knew|seems|came|is|was)|the\s+only\s+(?:\w+\s+){0,3}(?:patient|person|man|woman|child|baby|boy|girl|one|case|consultant|doctor|nurse|prisoner|resident|family)|everyone\s+(?:on\s+the\s+\w+\s+|on\s+shift\s+|here\s+)?knew\s+(?:who|him|her|them|exactly)|(?:all\s+)?(?:the\s+)?staff\s+recogni[sz]ed|local\s+(?:news|radio|paper|press)|(?:all\s+over|talking\s+about\s+it\s+on)\s+social\s+media|media\s+story|widely\s+reported|(?:from|one\s+of)\s+our\s+own\s+(?:station|staff|team|ward|unit)|olympic|reporters|first\s+(?:baby|birth)\s+of\s+the\s+(?:new\s+)?year|famous|well[\s\-]known|celebrity|quadruplets|quintuplets|sextuplets)\b"),
            notable: re(r"(?i)\b(?:vicar|priest|imam|rabbi|councillor|mayor|mp|headteacher|head teacher|footballer|prison officer|police officer|publican|dentist|magistrate|judge|journalist|footballer|mayor|lollipop|chippy|retired consultant|interpreter for our|ward manager of)\b|\b(?:in|from|on) the (?:news|local paper|papers)\b|\b(?:everyone|we all|the whole (?:ward|town|village)) knew\b"),
        }
    })
}

/// The first match: its first group that took part, else the whole match.
fn first(re: &Regex, text: &str) -> Option<String> {
    re.captures(text).and_then(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .next()
            .or_else(|| c.get(0))
            .map(|m| m.as_str().trim().to_string())
    })
}

/// A capitalised place after a preposition that is not a name, a clinical word or a service.
fn place(text: &str) -> Option<String> {
    for c in patterns().place.captures_iter(text) {
        match c.get(1) {
            Some(m) => {
                let w = m.as_str();
                let head = w.split([' ', '-']).next().unwrap_or(w);
                if !lexicon::not_a_name(head)
                    && !lexicon::institution_word(head)
                    && !lexicon::title_word(head)
                {
                    return Some(w.to_string());
                }
            }
            None => return c.get(0).map(|m| m.as_str().to_string()),
        }
    }
    None
}

fn event(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_alphabetic() || c == '-'))
        .find(|w| lexicon::event_word(w))
        .map(str::to_string)
}

/// Common conditions named after someone: not rare, so not advice ("Parkinson's disease").
const COMMON_EPONYMS: &[&str] = &[
    "parkinson",
    "alzheimer",
    "crohn",
    "graves",
    "hashimoto",
    "bell",
    "raynaud",
    "down",
    "lyme",
    "hodgkin",
    "meniere",
    "ménière",
    "paget",
    "barrett",
    "osgood",
    "tourette",
    "asperger",
];

fn rare(condition: &str) -> bool {
    let head = condition
        .split([' ', '\'', '’'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    !COMMON_EPONYMS.contains(&head.as_str())
}

/// Each combination found in `text`, sentence by sentence (details in different sentences
/// are far less likely to be about one person), as the message and the words that combine.
pub(crate) fn advise(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for sentence in sentences(text) {
        for a in advise_sentence(sentence) {
            if !out.iter().any(|o| o.0 == a.0) {
                out.push(a);
            }
        }
    }
    out
}

/// The text's sentences: split after `.`, `!` or `?` followed by a space (not inside "16.12.26"
/// or "Dr."-style abbreviations followed by a digit), and at line ends.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = c == '\n' || matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace);
        if end {
            let to = i + c.len_utf8();
            out.push(&text[start..to]);
            start = to;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn advise_sentence(text: &str) -> Vec<(String, Vec<String>)> {
    let p = patterns();
    let mut out = Vec::new();
    if let Some(condition) = first(&p.condition, text).filter(|c| rare(c)) {
        let age = first(&p.age, text);
        let place = place(text);
        if age.is_some() || place.is_some() {
            let mut parts = Vec::new();
            let mut what = Vec::new();
            if let Some(a) = age {
                what.push("an age");
                parts.push(a);
            }
            what.push("a rare condition");
            parts.push(condition);
            if let Some(pl) = place {
                what.push("a place");
                parts.push(pl);
            }
            out.push((
                format!(
                    "Together, {} could identify someone, even without a name. Consider leaving one out or describing it more generally (“a rare condition”, “a local town”).",
                    join(&what)
                ),
                parts,
            ));
        }
    }
    let date = first(&p.date, text);
    let ev = event(text);
    // Said outright: someone is the only one of their kind, or recognised.
    let about_writer = |m: &str| {
        let at = text.find(m).unwrap_or(0);
        let before = text[..at].trim_end().to_lowercase();
        before.ends_with("i was")
            || before.ends_with(" as")
            || before.ends_with("i'm")
            || before.ends_with("i am")
    };
    if let Some(unique) = first(&p.unique, text).filter(|u| !about_writer(u)) {
        out.push((
            "This says the person is the only one of their kind, or known to people: that alone could identify them. Consider leaving it out.".to_string(),
            vec![unique],
        ));
        return out;
    }
    if let Some(who) = first(&p.notable, text) {
        let place = place(text);
        let mut parts = vec![who];
        let mut what = vec!["someone's job or standing"];
        if let Some(pl) = &place {
            what.push("a place");
            parts.push(pl.clone());
        }
        if let Some(d) = &date {
            what.push("a date");
            parts.push(d.clone());
        }
        if let Some(e) = &ev {
            what.push("an event");
            parts.push(e.clone());
        }
        if parts.len() > 1 {
            out.push((
                format!(
                    "Together, {} could identify someone people know. Consider describing the person more generally (“a local professional”).",
                    join(&what)
                ),
                parts,
            ));
        }
    }
    if let (Some(date), Some(ward), Some(ev)) = (date, first(&p.ward, text), ev) {
        out.push((
            "Together, an exact date, a ward and an event could identify the patient to anyone who was there. Consider “recently” or the month instead of the date.".to_string(),
            vec![date, ward, ev],
        ));
    }
    out
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => (*a).to_string(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}
