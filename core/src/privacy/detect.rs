//! Pattern detectors, each with context both ways: labels before a match (DOB, MRN, NI, Tel)
//! widen what is accepted; reference and staff contexts (Datix, ref, order, bleep, NMC PIN)
//! suppress. Names are in `names`.

use std::sync::OnceLock;

use chrono::Datelike;
use regex::{Captures, Regex};

use super::{lexicon, FindingKind, Hit};

struct Patterns {
    nhs: Regex,
    ni: Regex,
    email: Regex,
    date: Regex,
    birth_label: Regex,
    birth_after: Regex,
    hospital: Regex,
    local_number: Regex,
    postcode: Regex,
    phone: Regex,
    address: Regex,
    age: Regex,
    bed: Regex,
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let streets = lexicon::STREET_WORDS;
        let date = format!(
            r"(?ix)\b(?:
              (?P<d1>\d{{1,2}})(?P<s1>[/.\-])(?P<m1>\d{{1,2}})(?P<s2>[/.\-])(?P<y1>\d{{4}}|\d{{2}})
            | (?P<y2>(?:19|20)\d{{2}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})
            | (?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/]+(?P<m3>{MONTH})[\s,\-/]+(?P<y3>\d{{4}}|\d{{2}})
            | (?P<m4>{MONTH})\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})
            | (?P<c8>\d{{8}})
            )\b"
        );
        // Each pattern is a constant of this module, exercised by the tests: it compiles.
        let re = |s: &str| Regex::new(s).unwrap_or_else(|e| unreachable!("pattern: {e}"));
        Patterns {
            // 3-3-4 as issued, 4-3-3 as sometimes copied, or any grouping after "NHS".
            nhs: re(r"(?i)\b(?:\d{3}[ \-]?\d{3}[ \-]?\d{4}|\d{4}[ \-]\d{3}[ \-]\d{3})\b|\bnhs\s*(?:no\.?|number|num)?\s*[:\-(]?\s*(?P<any>\d(?:[ \-]?\d){9})\b"),
            ni: re(r"(?i)\b([a-z]{2})[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?(\d{2})(?:[ \-]?([a-d]))?\b"),
            email: re(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[A-Za-z]{2,}\b"),
            date: re(&date),
            birth_label: re(r"(?i)(?:\bdob|\bd\.o\.b\.?|date\s+of\s+birth|\bborn(?:\s+on|\s+in)?|\bb\.|\bbirthday(?:\s+is|\s+on)?)\s*(?:is\s+|was\s+)?[:\-–]?\s*\(?\s*$"),
            birth_after: re(r"(?i)^\s*\(?\s*(?:dob|d\.o\.b)\b"),
            hospital: re(r"(?ix)\b(?:hospital\s*(?:no|number|num|id|\#)|hosp\.?\s*(?:no|number)|mrn|m\.r\.n\.?|medical\s+record\s+(?:no|number)|pas(?:\s*(?:no|number|id))?|crn|unit\s*(?:no|number)|(?:patient|pt)\s*(?:id|no|number)|case\s*(?:no|number)|k\s*(?:no|number)|rtx|h/?no)\.?\s*(?:is\s+|was\s+|of\s+)?[:\#\-–,]?\s*(?P<v>[a-z]{0,4}[\s\-]?\d[\d\s\-]{3,13}\d[a-z]?)\b"),
            local_number: re(r"\b[A-Z]{1,3}\d{6,8}\b"),
            postcode: re(r"(?i)\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[abd-hjlnp-uw-z]{2})\b"),
            phone: re(r"(?:\+\s?44\s?(?:\(0\)\s?)?|\(\s?0|\b0)[\d][\d\s\-.()]{7,15}\d\b"),
            // With a street word ("12 Elm Road"), or after a flat number, a one-word street
            // ("Flat 9, 14 Kingsway").
            address: re(&format!(r"(?i)\b(?:(?:flat|apartment|apt|unit)\s+\d{{1,4}}[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+((?:[a-z][a-z'’\-]+\s+){{1,3}})(?:{streets})\b|\b(?:flat|apartment|apt)\s+\d{{1,4}}[a-z]?,\s*\d{{1,4}}[a-z]?\s+(\p{{Lu}}[\p{{Ll}}'’\-]+)|\b\d{{1,4}}[a-z]?,?\s+(?:heol|ffordd|stryd|lôn|lon|rhodfa|cilgant)\s+((?:(?:y|yr)\s+)?(?-i:\p{{Lu}}[\p{{L}}'’\-]+(?:\s\p{{Lu}}[\p{{L}}'’\-]+)?))")),
            age: re(r"(?ix)
                  \b(?P<a>9\d|1[01]\d)\s*[\-–\s]?\s*(?:year|yr)s?\s*[\-–\s]?\s*old\b
                | \b(?:aged|age|ages)\s*[:\-]?\s*(?P<b>9\d|1[01]\d)\b
                | \b(?P<c>9\d|1[01]\d)\s*(?:yo|y/o|y\.o\.?|yrs?|years)\b
                | (?:\b(?:is|was|turned|turns|turning|of|now|just|at|age:)|['’]s)\s+(?P<d>9\d|1[01]\d)\b
                | ,\s*(?P<e>9\d|1[01]\d)\s*(?:,|\))
                | \b(?P<f>9\d|1[01]\d)\s?(?-i:[FM])\b
                | \b(?P<w>(?:ninety|a\s+hundred|one\s+hundred|hundred)(?:[\s\-](?:and[\s\-])?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)[\s\-]+(?:year|yr)s?[\s\-]+old\b
                | (?:\b(?:aged|age|is|was|of|turned)|['’]s)\s+(?P<x>ninety(?:[\s\-](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one)\s+hundred(?:\s+and\s+(?:one|two|three|four|five))?)\b"),
            bed: re(r"(?i)\b(bed|bay|side\s?room|cubicle|cube|trolley|chair|cot|incubator|(?-i:SR))\s*(?:no\.?\s*|number\s*)?(\d{1,3}[a-z]?|(?-i:[A-H])\b)\b"),
        }
    })
}

/// Up to `bytes` of `text` just before `at` (from a char boundary): labels are searched there,
/// not in the whole text before every match.
fn window_before(text: &str, at: usize, bytes: usize) -> &str {
    let mut from = at.saturating_sub(bytes);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// The lower-case words in the 30 bytes before `at` (on a char boundary), nearest last.
fn words_before(text: &str, at: usize) -> Vec<String> {
    window_before(text, at, 30)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A reference, staff or device number context right before `at`: "Datix 12345", "NMC PIN",
/// "order no.", "bleep".
fn reference_before(text: &str, at: usize) -> bool {
    let words = words_before(text, at);
    words
        .iter()
        .rev()
        .filter(|w| !matches!(w.as_str(), "no" | "number" | "num" | "is" | "was" | "id"))
        .take(2)
        .any(|w| lexicon::reference_word(w))
}

fn label_before(text: &str, at: usize, labels: &[&str]) -> bool {
    words_before(text, at)
        .iter()
        .rev()
        .take(4)
        .any(|w| labels.contains(&w.as_str()))
}

fn hit(kind: FindingKind, start: usize, end: usize, suggestion: impl Into<String>) -> Hit {
    Hit {
        kind,
        start,
        end,
        suggestion: suggestion.into(),
    }
}

/// Every pattern finding in `text`. `names` are the name findings, which make an unlabelled
/// date or age right after them a date of birth or an age.
pub(crate) fn hits(text: &str, names: &[Hit]) -> Vec<Hit> {
    let p = patterns();
    let mut out = Vec::new();
    for c in p.nhs.captures_iter(text) {
        let Some(m) = c.name("any").or_else(|| c.get(0)) else {
            continue;
        };
        // A valid NHS number is reported even after "ref" or "Datix": those references are
        // not ten digits, and a number that passes modulus 11 there is most often one pasted in.
        if is_valid_nhs_number(m.as_str()) {
            out.push(hit(
                FindingKind::NhsNumber,
                m.start(),
                m.end(),
                "[NHS number]",
            ));
        }
    }
    ni_numbers(text, &mut out);
    for m in p.email.find_iter(text) {
        out.push(hit(
            FindingKind::Email,
            m.start(),
            m.end(),
            "[email address]",
        ));
    }
    dates(text, names, &mut out);
    for c in p.hospital.captures_iter(text) {
        if let Some(v) = c.name("v") {
            let trimmed = v.as_str().trim_end_matches([' ', '-']);
            let digits = trimmed.chars().filter(char::is_ascii_digit).count();
            if (5..=12).contains(&digits) {
                out.push(hit(
                    FindingKind::HospitalNumber,
                    v.start(),
                    v.start() + trimmed.len(),
                    "[hospital number]",
                ));
            }
        }
    }
    // Unlabelled, the shape trusts print on labels: up to three capitals and 6–8 digits
    // ("sample for M2209914"), never after a reference or staff label.
    for m in p.local_number.find_iter(text) {
        if !reference_before(text, m.start()) {
            out.push(hit(
                FindingKind::HospitalNumber,
                m.start(),
                m.end(),
                "[hospital number]",
            ));
        }
    }
    for c in p.postcode.captures_iter(text) {
        if let Some(m) = c.get(0) {
            if valid_postcode(&c) {
                out.push(hit(FindingKind::Postcode, m.start(), m.end(), "[postcode]"));
            }
        }
    }
    phones(text, &mut out);
    for c in p.address.captures_iter(text) {
        let (Some(m), Some(street)) =
            (c.get(0), c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        else {
            continue;
        };
        let plain = street
            .as_str()
            .split_whitespace()
            .all(|w| !lexicon::function_word(w));
        let unit_before = label_before(text, m.start(), &["mg", "ml", "units", "x"]);
        if plain && !unit_before {
            out.push(hit(FindingKind::Address, m.start(), m.end(), "their home"));
        }
    }
    ages(text, names, &mut out);
    for c in p.bed.captures_iter(text) {
        let (Some(m), Some(what)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let what = what.as_str().to_lowercase();
        let place = if what.starts_with("side") || what == "sr" {
            "a side room"
        } else if what == "bay" {
            "a bay"
        } else if what == "bed" || what == "cot" || what == "incubator" {
            "a bed"
        } else {
            "a bed space"
        };
        out.push(hit(FindingKind::BedNumber, m.start(), m.end(), place));
    }
    out
}

/// National Insurance numbers by HMRC's rules: two prefix letters (not D, F, I, Q, U or V; the
/// second not O; not BG, GB, KN, NK, NT, TN or ZZ), six digits, a suffix A–D. Without the suffix,
/// or in lower case, only after an NI label.
fn ni_numbers(text: &str, out: &mut Vec<Hit>) {
    for c in patterns().ni.captures_iter(text) {
        let (Some(m), Some(prefix)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let pre = prefix.as_str().to_uppercase();
        let mut letters = pre.chars();
        let (Some(a), Some(b)) = (letters.next(), letters.next()) else {
            continue;
        };
        let valid = !"DFIQUV".contains(a)
            && !"DFIQUVO".contains(b)
            && !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&pre.as_str());
        let labelled = label_before(text, m.start(), &["ni", "nino", "insurance"]);
        let upper = m.as_str().chars().all(|c| !c.is_lowercase());
        let suffixed = c.get(5).is_some();
        // A label anywhere in the sentence before it ("NI number for the payroll form:
        // JH482913C") outweighs a reference word just before.
        let sentence_label = {
            let before = window_before(text, m.start(), 80).to_lowercase();
            let sentence = before.rsplit(['.', '!', '?', '\n']).next().unwrap_or("");
            sentence.contains("ni number")
                || sentence.contains("national insurance")
                || sentence.contains("nino")
        };
        if valid
            && (labelled || sentence_label || (upper && suffixed))
            && (sentence_label || !reference_before(text, m.start()))
        {
            out.push(hit(
                FindingKind::NiNumber,
                m.start(),
                m.end(),
                "[NI number]",
            ));
        }
    }
}

fn month_number(m: &str) -> Option<u32> {
    let m = m.to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The year, month and day of a date match, if it is a real date.
fn date_parts(c: &Captures) -> Option<(i32, u32, u32, bool)> {
    let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d, eight) = if let Some(y) = num("y1") {
        (y, num("m1")?, num("d1")?, false)
    } else if let Some(y) = num("y2") {
        (y, num("m2")?, num("d2")?, false)
    } else if let Some(y) = num("y3") {
        (y, month_number(c.name("m3")?.as_str())?, num("d3")?, false)
    } else if let Some(y) = num("y4") {
        (y, month_number(c.name("m4")?.as_str())?, num("d4")?, false)
    } else {
        let s = c.name("c8")?.as_str();
        let d = s.get(0..2)?.parse().ok()?;
        let m = s.get(2..4)?.parse().ok()?;
        let y = s.get(4..8)?.parse().ok()?;
        (y, m, d, true)
    };
    // Two-digit years: up to this year this century, the rest the last ("3.3.61", "17/2/28").
    let this_year = u32::try_from(chrono::Utc::now().year() % 100).unwrap_or(0);
    let y = match y {
        0..=99 if y <= this_year => 2000 + y,
        0..=99 => 1900 + y,
        _ => y,
    };
    let y = i32::try_from(y).ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    (1880..=2100).contains(&y).then_some((y, m, d, eight))
}

/// Dates of birth: any common UK date after a birth label (DOB, born, date of birth) or
/// followed by "(DOB)", right after a name, or with a year before 2000 (events in reflections
/// are recent; a full date from the last century is almost always someone's birth). An
/// unlabelled eight-digit run is a date only with a label.
fn dates(text: &str, names: &[Hit], out: &mut Vec<Hit>) {
    let p = patterns();
    for c in p.date.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let Some((y, _, _, eight)) = date_parts(&c) else {
            continue;
        };
        let labelled = p.birth_label.is_match(window_before(text, m.start(), 60))
            || p.birth_after.is_match(&text[m.end()..]);
        let after_name = names.iter().any(|n| {
            n.end <= m.start()
                && text[n.end..m.start()]
                    .chars()
                    .all(|c| c == ' ' || c == ',' || c == '(' || c == '-')
                && m.start() - n.end <= 4
        });
        let old = y < 2000;
        let reference = reference_before(text, m.start());
        let accept = if eight {
            labelled
        } else {
            labelled || ((after_name || old) && !reference)
        };
        if accept {
            out.push(hit(FindingKind::DateOfBirth, m.start(), m.end(), "[date]"));
        }
    }
}

/// Postcode areas that exist (the outward code's letters), which keeps "M5 6" and "A1 2" style
/// road numbers and clinical codes out unless they are real postcodes with an inward code.
fn valid_postcode(c: &Captures) -> bool {
    let Some(outward) = c.get(1) else {
        return false;
    };
    let area: String = outward
        .as_str()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_uppercase();
    const AREAS: &str = "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE";
    AREAS.split(' ').any(|a| a == area)
}

/// Phone numbers by the UK numbering plan: national numbers of 10 or 11 digits starting 01,
/// 02, 03, 07, 08 or 09 (or +44 without the 0), grouped with spaces, hyphens, dots or a
/// bracketed area code. Not after a reference label, and not the shape of an NHS number.
fn phones(text: &str, out: &mut Vec<Hit>) {
    for m in patterns().phone.find_iter(text) {
        let s = m.as_str();
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let national = if let Some(rest) = s.trim_start().strip_prefix('+') {
            let _ = rest;
            match digits.strip_prefix("44") {
                Some(d) => format!("0{}", d.trim_start_matches('0')),
                None => continue,
            }
        } else {
            digits
        };
        let ok_len = match national.get(0..2) {
            Some("01") => national.len() == 10 || national.len() == 11,
            Some("02" | "03" | "07") => national.len() == 11,
            Some("08" | "09") => national.len() == 10 || national.len() == 11,
            _ => false,
        };
        // Groups that are not digits and separators (a time "14.30", a range) break it.
        let runs_ok = !s.contains("..") && !s.contains("--");
        if ok_len && runs_ok && !reference_before(text, m.start()) {
            out.push(hit(
                FindingKind::PhoneNumber,
                m.start(),
                m.end(),
                "[phone number]",
            ));
        }
    }
}

/// A person just before `at`: a name-like capitalised word, or a person word.
fn person_before(text: &str, at: usize) -> bool {
    let window = window_before(text, at, 40);
    let last = window
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .rfind(|w| !w.is_empty())
        .unwrap_or("");
    last.chars().next().is_some_and(char::is_uppercase)
        || matches!(
            last.to_lowercase().as_str(),
            "resident"
                | "patient"
                | "pt"
                | "bed"
                | "bay"
                | "room"
                | "cubicle"
                | "man"
                | "woman"
                | "lady"
                | "gentleman"
                | "gent"
                | "mum"
                | "dad"
                | "husband"
                | "wife"
                | "grandad"
                | "grandma"
                | "nan"
                | "himself"
                | "herself"
        )
}

/// Ages of 90 and over, in every form: "94-year-old", "94 years old", "aged 94", "94yo",
/// "94 yrs", and "(94)" right after a name.
fn ages(text: &str, names: &[Hit], out: &mut Vec<Hit>) {
    for c in patterns().age.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let words = c.name("w").or_else(|| c.name("x"));
        let n: u32 = match words {
            Some(w) if w.as_str().to_lowercase().contains("hundred") => 100,
            Some(_) => 90,
            None => ["a", "b", "c", "d", "e", "f"]
                .iter()
                .find_map(|k| c.name(k))
                .and_then(|v| v.as_str().parse().ok())
                .unwrap_or(0),
        };
        // ", 95," and "95F" only next to a person: not "scores of 12, 95, 100".
        let bare = c.name("e").is_some();
        if bare && !person_before(text, m.start()) {
            continue;
        }
        // "is 93 kept", "at 94 he", "he's 90 now" — never "is 95%", "at 94 mmHg", "was 92 bpm".
        if let Some(d) = c.name("d") {
            let unit = text[d.end()..]
                .trim_start()
                .split(|c: char| !c.is_alphanumeric() && c != '%')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let units = [
                "%", "mg", "ml", "kg", "mmhg", "bpm", "mmol", "minutes", "mins", "hours", "hrs",
                "days", "weeks", "months", "percent", "beds", "patients", "units", "degrees",
                "per", "out", "of", "am", "pm",
            ];
            if text[d.end()..].starts_with('%') || units.contains(&unit.as_str()) {
                continue;
            }
        }
        // "is 97", "of 96": the span is the number (or the words), the verb stays.
        let (m_start, mut m_end) = match ["d", "e", "x"].iter().find_map(|k| c.name(k)) {
            Some(v) => (v.start(), v.end()),
            None => (m.start(), m.end()),
        };
        // "is 94 yrs", "at 94 years old": the unit belongs to the age.
        let rest = &text[m_end..];
        let lower_rest = rest.to_lowercase();
        for unit in [
            " years old",
            " year old",
            "-year-old",
            " yrs",
            " yr",
            " years",
            "yo",
            " yo",
            "y/o",
        ] {
            if lower_rest.starts_with(unit) && rest.is_char_boundary(unit.len()) {
                m_end += unit.len();
                break;
            }
        }
        let lower = text[m_start..m_end].to_lowercase();
        let suggestion = if lower.contains("old") && (lower.contains('-') || lower.contains('–'))
        {
            "90-plus-year-old".to_string()
        } else if lower.starts_with("age") {
            "aged over 90".to_string()
        } else {
            "over 90".to_string()
        };
        let suggestion = if n >= 100 {
            suggestion.replace("90", "100")
        } else {
            suggestion
        };
        let suggestion = if lower.starts_with(|c: char| c.is_ascii_digit())
            && !lower.contains("old")
            && !lower.contains('y')
        {
            if n >= 100 {
                "over 100".to_string()
            } else {
                "in their 90s".to_string()
            }
        } else {
            suggestion
        };
        out.push(hit(FindingKind::Age, m_start, m_end, suggestion));
    }
    for n in names {
        let rest = &text[n.end..];
        let trimmed = rest.trim_start_matches([' ', ',']);
        let skip = rest.len() - trimmed.len();
        if let Some(inner) = trimmed.strip_prefix('(') {
            let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(age) = digits.parse::<u32>() {
                if (90..=119).contains(&age) && inner[digits.len()..].starts_with(')') {
                    let start = n.end + skip;
                    out.push(hit(
                        FindingKind::Age,
                        start,
                        start + digits.len() + 2,
                        "(over 90)",
                    ));
                }
            }
        }
    }
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
    let sum: u32 = digits
        .iter()
        .take(9)
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    digits.get(9) == Some(&check)
}
