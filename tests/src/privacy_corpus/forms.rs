//! Each kind of identifier in the shapes it is written, into a `Writer` with its span.

use super::pools::*;
use super::{Rng, Writer};

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn ordinal(d: u64) -> String {
    let suffix = match (d % 10, d % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// A valid NHS number, in one of its written shapes.
pub(crate) fn nhs_number(rng: &mut Rng) -> String {
    loop {
        let digits: Vec<u64> = (0..9)
            .map(|i| {
                if i == 0 {
                    rng.range(1, 9)
                } else {
                    rng.range(0, 9)
                }
            })
            .collect();
        let sum: u64 = digits.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        let s: String = digits
            .iter()
            .chain([check].iter())
            .map(|d| d.to_string())
            .collect();
        return match rng.range(0, 2) {
            0 => format!("{} {} {}", &s[0..3], &s[3..6], &s[6..10]),
            1 => s,
            _ => format!("{}-{}-{}", &s[0..3], &s[3..6], &s[6..10]),
        };
    }
}

/// An NHS-shaped number that fails the check digit (a hard negative).
pub(crate) fn invalid_nhs_number(rng: &mut Rng) -> String {
    let valid = nhs_number(rng);
    let last = valid
        .chars()
        .last()
        .and_then(|c| c.to_digit(10))
        .unwrap_or(0);
    let mut s: String = valid.chars().take(valid.chars().count() - 1).collect();
    s.push_str(&((last + 1 + u32::try_from(rng.range(0, 7)).unwrap_or(0)) % 10).to_string());
    if reflect_core::privacy::is_valid_nhs_number(&s) {
        // Rarely the changed digit is valid again (check 10 numbers are never issued): drop it.
        s.pop();
        s.push('0');
    }
    s
}

/// A National Insurance number by HMRC's rules.
pub(crate) fn ni_number(rng: &mut Rng) -> String {
    let first = "ABCEGHJKLMNOPRSTWXYZ";
    let second = "ABCEGHJKLMNPRSTWXYZ";
    loop {
        let a = first
            .chars()
            .nth(usize::try_from(rng.range(0, 19)).unwrap_or(0))
            .unwrap_or('A');
        let b = second
            .chars()
            .nth(usize::try_from(rng.range(0, 18)).unwrap_or(0))
            .unwrap_or('B');
        let pre: String = [a, b].iter().collect();
        if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&pre.as_str()) {
            continue;
        }
        let n: Vec<u64> = (0..6).map(|_| rng.range(0, 9)).collect();
        let s: String = n.iter().map(|d| d.to_string()).collect();
        let suffix = *rng.pick(&["A", "B", "C", "D"]);
        return match rng.range(0, 2) {
            0 => format!("{pre} {} {} {} {suffix}", &s[0..2], &s[2..4], &s[4..6]),
            1 => format!("{pre}{s}{suffix}"),
            _ => format!("{pre}{s} {suffix}"),
        };
    }
}

/// A date of birth in one of the common UK shapes, with the year of birth.
pub(crate) fn birth_date(rng: &mut Rng) -> String {
    let y = rng.range(1925, 1999);
    let m = rng.range(1, 12);
    let d = rng.range(1, 28);
    let mon = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
    match rng.range(0, 8) {
        0 => format!("{d:02}/{m:02}/{y}"),
        1 => format!("{y}-{m:02}-{d:02}"),
        2 => format!("{d:02}-{}-{y}", &mon[..3]),
        3 => format!("{} of {mon} {y}", ordinal(d)),
        4 => format!("{d}.{m}.{:02}", y % 100),
        5 => format!("{d} {mon} {y}"),
        6 => format!("{d:02}{m:02}{y}"),
        7 => format!("{} {mon} {y}", ordinal(d)),
        _ => format!("{d}/{m}/{:02}", y % 100),
    }
}

/// A recent event date (a hard negative).
pub(crate) fn event_date(rng: &mut Rng) -> String {
    let y = rng.range(2023, 2026);
    let m = rng.range(1, 12);
    let d = rng.range(1, 28);
    match rng.range(0, 3) {
        0 => format!("{d:02}/{m:02}/{y}"),
        1 => format!("{y}-{m:02}-{d:02}"),
        2 => format!(
            "{} {}",
            ordinal(d),
            MONTHS[usize::try_from(m - 1).unwrap_or(0)]
        ),
        _ => format!("{d}.{m}.{:02}", y % 100),
    }
}

pub(crate) fn phone(rng: &mut Rng) -> String {
    let n = |rng: &mut Rng, k: usize| -> String {
        (0..k).map(|_| rng.range(0, 9).to_string()).collect()
    };
    match rng.range(0, 7) {
        0 => format!("07{} {}", n(rng, 3), n(rng, 6)),
        1 => format!("07{}{}", n(rng, 3), n(rng, 6)),
        2 => format!("(01{}) {} {}", n(rng, 3), n(rng, 3), n(rng, 3)),
        3 => format!("01{}.{}.{}", n(rng, 3), n(rng, 3), n(rng, 3)),
        4 => format!("+44 7{} {} {}", n(rng, 3), n(rng, 3), n(rng, 3)),
        5 => format!("+44 (0)1{} {}", n(rng, 3), n(rng, 6)),
        6 => format!("020 {} {}", n(rng, 4), n(rng, 4)),
        _ => format!("0117 {} {}", n(rng, 3), n(rng, 4)),
    }
}

pub(crate) fn age(rng: &mut Rng) -> String {
    let a = rng.range(90, 104);
    match rng.range(0, 7) {
        0 => format!("{a}-year-old"),
        1 => format!("aged {a}"),
        2 => format!("{a}yo"),
        3 => format!("{a} yrs"),
        4 => format!("{a} years old"),
        5 => format!("{a} year old"),
        6 => format!("age {a}"),
        _ => format!("{a} y/o"),
    }
}

pub(crate) fn address(rng: &mut Rng) -> String {
    let street = *rng.pick(STREETS);
    let num = rng.range(1, 140);
    let s = match rng.range(0, 4) {
        0 => format!("Flat {}, {num} {street}", rng.range(1, 12)),
        1 => format!("{num}a {street}"),
        _ => format!("{num} {street}"),
    };
    if rng.chance(20) {
        s.to_lowercase()
    } else {
        s
    }
}

pub(crate) fn email(rng: &mut Rng) -> String {
    let g = rng.pick(GIVEN).to_lowercase();
    let s = rng.pick(SURNAMES).to_lowercase().replace('\'', "");
    let domain = *rng.pick(&[
        "nhs.net",
        "gmail.com",
        "hotmail.co.uk",
        "somersetft.nhs.uk",
        "btinternet.com",
    ]);
    match rng.range(0, 2) {
        0 => format!("{g}.{s}@{domain}"),
        1 => format!("{g}{}@{domain}", rng.range(1, 99)),
        _ => format!("{}{s}@{domain}", &g[..1]),
    }
}

/// A hospital number with its label, returned as (label, number).
pub(crate) fn hospital_number(rng: &mut Rng) -> (String, String) {
    let label = *rng.pick(&[
        "MRN",
        "MRN:",
        "PAS number",
        "PAS no.",
        "CRN",
        "unit no.",
        "unit number",
        "patient ID",
        "hospital number",
        "hosp no",
        "Hospital No:",
        "RBA number",
        "K number",
    ]);
    let d = |rng: &mut Rng, k: usize| -> String {
        (0..k).map(|_| rng.range(0, 9).to_string()).collect()
    };
    let number = match rng.range(0, 5) {
        0 => d(rng, 7),
        1 => format!("RBA{}", d(rng, 7)),
        2 => format!("{}-{}", d(rng, 3), d(rng, 4)),
        3 => format!("K{} {}", d(rng, 3), d(rng, 4)),
        4 => format!("0{}", d(rng, 7)),
        _ => format!("T{}", d(rng, 6)),
    };
    let label = if label == "RBA number" {
        "hospital no"
    } else {
        label
    };
    (label.to_string(), number)
}

pub(crate) fn bed(rng: &mut Rng) -> String {
    let n = rng.range(1, 32);
    match rng.range(0, 4) {
        0 => format!("bed {n}"),
        1 => format!("bay {}", rng.range(1, 6)),
        2 => format!("side room {}", rng.range(1, 9)),
        3 => format!("cubicle {}", rng.range(1, 12)),
        _ => format!("Bed {n}"),
    }
}

pub(crate) fn surname(rng: &mut Rng) -> String {
    if rng.chance(15) {
        (*rng.pick(PARTICLE_SURNAMES)).to_string()
    } else {
        (*rng.pick(SURNAMES)).to_string()
    }
}

/// A titled name: "Mrs Khan", "mrs a. khan", "Mr da Silva", "Dr Patel", "Miss Jade Walsh".
pub(crate) fn titled_name(rng: &mut Rng) -> String {
    let title = *rng.pick(&[
        "Mr", "Mrs", "Ms", "Miss", "Mr.", "Mrs.", "Dr", "Sister", "Mx", "Prof",
    ]);
    let s = surname(rng);
    let initial = (b'A' + u8::try_from(rng.range(0, 25)).unwrap_or(0)) as char;
    match rng.range(0, 4) {
        0 => format!("{title} {initial}. {s}"),
        1 => format!("{title} {} {s}", rng.pick(GIVEN)),
        2 => format!(
            "{} {}. {}",
            title.to_lowercase(),
            initial.to_ascii_lowercase(),
            s.to_lowercase()
        ),
        _ => format!("{title} {s}"),
    }
}

/// Writes a name in an untitled context, labelling only the name (and the relation phrase the
/// check replaces with it, where there is one).
pub(crate) fn untitled_name(w: &mut Writer, rng: &mut Rng) {
    let g = *rng.pick(GIVEN);
    let s = surname(rng);
    let rel = *rng.pick(RELATIONS);
    let det = *rng.pick(&["her", "his", "their", "the patient's"]);
    match rng.range(0, 15) {
        13 => {
            let lower = g.to_lowercase();
            w.say(rng.word(&[
                "i was on with ",
                "handover to ",
                "i spoke to ",
                "supervision with ",
            ]))
            .id("name", &lower)
            .say(" and ");
        }
        14 => {
            let (a, b) = (*rng.pick(GIVEN), *rng.pick(GIVEN));
            w.id("name", g)
                .say(", ")
                .id("name", a)
                .say(" and ")
                .id("name", b)
                .say(" all stayed late and ");
        }
        9 => {
            let role = *rng.pick(&[
                "my mentor",
                "our ward clerk,",
                "the HCA",
                "my preceptor",
                "the driver,",
                "the student",
            ]);
            w.say(&format!("{role} ")).id("name", g).say(" ");
        }
        10 => {
            w.id("name", g).say(rng.word(&[
                " (HCA) ",
                " from the district nurses ",
                " and I ",
                " from pharmacy ",
            ]));
        }
        11 => {
            let also = *rng.pick(&["Will", "Grace", "May", "Frank", "Bill", "Rose"]);
            w.id("name", also).say(rng.word(&[
                ", her husband, ",
                ", who is 93, ",
                ", the patient, ",
                " who had been waiting ",
            ]));
        }
        12 => {
            let hyphen = *rng.pick(&[
                "Jean-Luc",
                "Daisy-Mae",
                "Anne-Marie",
                "Mary-Kate",
                "Zoë",
                "Chloë",
                "Siân",
                "Renée",
            ]);
            w.say("I spoke with ").id("name", hyphen).say(" and ");
        }
        0 => {
            w.say(&format!("{det} {rel}, ")).id("name", g).say(", ");
        }
        1 => {
            w.say(&format!("{det} {rel} ")).id("name", g).say(" ");
        }
        2 => {
            w.id("name", &format!("{g}'s")).say(&format!(" {rel} "));
        }
        3 => {
            w.id("name", &format!("{g} {s}"))
                .say(" on ")
                .id("bed_number", &bed(rng))
                .say(" ");
        }
        4 => {
            w.say("the patient, ").id("name", g).say(", ");
        }
        5 => {
            w.say(rng.word(&[
                "a lady called ",
                "a gentleman called ",
                "a man named ",
                "a woman called ",
                "a little boy called ",
            ]))
            .id("name", g)
            .say(" ");
        }
        6 => {
            w.id("name", &format!("{g} {s}")).say(" ");
        }
        7 => {
            w.id("name", g)
                .say(" in ")
                .id("bed_number", &bed(rng))
                .say(" ");
        }
        _ => {
            w.say(&format!("{rel} "))
                .id("name", &format!("{g} {s}"))
                .say(" ");
        }
    }
}
