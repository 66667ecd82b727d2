//! The texts: identifier sentences of every kind, hard negatives and reflective filler,
//! assembled into plain single sentences and realistic multi-sentence reflections.

use reflect_core::privacy::FindingKind;

use super::forms::*;
use super::pools::*;
use super::{Case, Rng, Writer};

/// The kinds, in the check's order (one list: `FindingKind::ALL`).
fn kinds() -> Vec<&'static str> {
    FindingKind::ALL.iter().map(|k| k.key()).collect()
}

const FILLER: &[&str] = &[
    "Handover was rushed because the board was out of date.",
    "I felt anxious but used SBAR to escalate my concerns.",
    "Next time I will check allergy status before the first dose.",
    "This links to the Code: prioritise people and practise effectively.",
    "My preceptor gave me helpful feedback afterwards.",
    "I reflected on this using Gibbs' cycle.",
    "The family were worried about discharge and I explained the plan.",
    "It was a busy late shift with two new admissions.",
    "I learnt that I need to ask for help sooner.",
    "We debriefed as a team at the end of the shift.",
    "I felt proud of how we worked together.",
    "The discharge was delayed because transport was not booked.",
    "I completed the falls risk assessment and updated the care plan.",
    "I discussed the incident with my line manager in supervision.",
    "We now use a checklist at every safety huddle.",
    "I was not sure the plan was safe, so I asked the registrar to review.",
    "Communication between the teams could have been better.",
    "I apologised and explained what had happened, in line with the duty of candour.",
    "i felt really out of my depth tbh but the team were great",
    "Kolb's model helped me think about what to do differently.",
    "The pressure area care was not documented on the night shift.",
    "I made sure the patient's wishes were at the centre of the decision.",
    "I will share this learning at our team meeting.",
    "The relatives room was full so we talked in the quiet room.",
];

/// Sentences that look identifying to a naive detector and are not.
fn hard_negative(rng: &mut Rng) -> String {
    let n = |rng: &mut Rng, k: usize| -> String {
        (0..k).map(|_| rng.range(0, 9).to_string()).collect()
    };
    match rng.range(0, 37) {
        31 => "We pre-alerted the cath lab at the Royal and the door-to-balloon time was good.".to_string(),
        32 => "I did not know how to use the Sara Stedy and had to ask for help.".to_string(),
        33 => format!("The number of AKIs fell from {} to {} after the hydration project.", rng.range(8, 14), rng.range(1, 7)),
        34 => format!("ED on 3rd May was busy with {} ambulances queued.", rng.range(3, 12)),
        35 => "We had a patient with Guillain-Barré who was deteriorating, so ITU reviewed.".to_string(),
        36 => format!("I trained at Newton Rigg and then moved to {}.", rng.pick(TRUSTS)),
        0 => format!("NEWS2 was {} so I escalated to the outreach team.", rng.range(3, 9)),
        1 => format!("GCS dropped from 15/15 to {}/15 over the shift.", rng.range(9, 14)),
        2 => format!("I gave {} at {:02}:{:02} as prescribed.", rng.pick(DRUGS), rng.range(0, 23), rng.range(0, 59)),
        3 => format!("Obs at {:02}00: HR {}, BP {}/{}, sats {}% on 2L.", rng.range(0, 23), rng.range(50, 130), rng.range(90, 180), rng.range(50, 100), rng.range(88, 99)),
        4 => format!("We had {} beds free and {} staff on the late shift.", rng.range(0, 6), rng.range(4, 14)),
        5 => format!("On {} we had an unannounced CQC visit.", event_date(rng)),
        6 => format!("I logged it on Datix ({}) the same day.", match rng.range(0, 2) { 0 => format!("W{}", n(rng, 6)), 1 => format!("DW-{}", n(rng, 5)), _ => n(rng, 7) }),
        7 => format!("The NHS number on the wristband ({}) did not match the notes, so we stopped and checked.", invalid_nhs_number(rng)),
        8 => format!("My NMC PIN is {}{}{}{} and revalidation is due soon.", n(rng, 2), rng.pick(&["A", "C", "E", "O"]), n(rng, 4), rng.pick(&["E", "W", "S", "N", "O"])),
        9 => format!("The GMC number {} was on the rota for the locum.", n(rng, 7)),
        10 => format!("Bleep {} was busy all night.", n(rng, 4)),
        11 => format!("Estates order number {} and job ref {} for the broken bed rail.", n(rng, 8), n(rng, 6)),
        12 => format!("I am a Band {} nurse on {}.", rng.range(5, 7), rng.pick(WARDS)),
        13 => format!("{} has a new e-learning module on sepsis.", rng.pick(TRUSTS)),
        14 => "We used the Glasgow Coma Scale and looked for signs of Parkinson's disease.".to_string(),
        15 => "Will this change my practice? I hope so.".to_string(),
        16 => "Mark the fluid balance chart every hour, the sister said.".to_string(),
        17 => format!("May was a hard month: {} sickness absences on the unit.", rng.range(2, 9)),
        18 => "I spoke to Sister. She was supportive and gave me time to talk.".to_string(),
        19 => "I have applied for the Sister Ward Manager post.".to_string(),
        20 => format!("A {}-year-old man came in with chest pain.", rng.range(19, 89)),
        21 => format!("I rang pharmacy on extension {}.", n(rng, 4)),
        22 => format!("Audit ref 2025/{:03} showed {}% compliance.", rng.range(1, 200), rng.range(60, 99)),
        23 => format!("The {}-bed bay was full by lunchtime.", rng.range(4, 8)),
        24 => format!("Data from Dr Foster Intelligence showed our length of stay was {} days.", rng.range(3, 9)),
        25 => format!("Grace and compassion matter most at the end of life, and {} agreed.", rng.pick(STAFF_ROLES)),
        26 => format!("She was aged {} and lived alone with carers four times a day.", rng.range(60, 89)),
        27 => format!("We gave {} and reviewed at 0{}00.", rng.pick(DRUGS), rng.range(1, 9)),
        28 => format!("The {} training on {} was useful.", rng.pick(&["Mary Seacole Programme", "Florence Nightingale Foundation", "ILS", "PMVA"]), event_date(rng)),
        29 => format!("I moved to {} in {}.", rng.pick(WARDS), rng.range(2015, 2025)),
        30 => format!("Hope, the therapy dog, visited {} today.", rng.pick(WARDS)),
        _ => format!("Call 111 or 999; the team's number is on the {} leaflet.", rng.pick(TRUSTS)),
    }
}

/// A sentence around one identifier of `kind`.
fn identifier(w: &mut Writer, rng: &mut Rng, kind: &'static str) {
    match kind {
        "name" => {
            let lead = *rng.pick(&[
                "I looked after ",
                "I spoke with ",
                "Today ",
                "On the late shift ",
                "",
            ]);
            w.say(lead);
            untitled_name(w, rng);
            w.say(rng.word(&[
                "was upset about the delay.",
                "asked me what would happen next.",
                "had been waiting since the morning.",
                "told me they felt ignored.",
            ]));
        }
        "titled_name" => {
            let t = titled_name(rng);
            match rng.range(0, 3) {
                0 => w.id(kind, &t).say(" was anxious about going home."),
                1 => w
                    .say("I looked after ")
                    .id(kind, &t)
                    .say(" on a late shift."),
                2 => w
                    .say("When I went in, ")
                    .id(kind, &t)
                    .say(" was sitting in the chair."),
                _ => w
                    .id(kind, &format!("{t}'s"))
                    .say(" family raised a complaint."),
            };
        }
        "nhs_number" => {
            let x = nhs_number(rng);
            let lead = *rng.pick(&[
                "I checked the NHS number ",
                "NHS no ",
                "nhs number: ",
                "The referral had ",
                "Wristband said ",
            ]);
            w.say(lead).id(kind, &x).say(" and it matched.");
        }
        "ni_number" => {
            let x = ni_number(rng);
            let lead = *rng.pick(&[
                "The benefits form had his National Insurance number, ",
                "NI no. ",
                "NINO ",
                "I saw ",
                "NI number ",
            ]);
            w.say(lead)
                .id(kind, &x)
                .say(", which should not have been in the notes.");
        }
        "date_of_birth" => {
            let d = birth_date(rng);
            let eight = d.chars().all(|c| c.is_ascii_digit());
            match rng.range(0, 5) {
                0 => w.say("DOB ").id(kind, &d).say(", admitted overnight."),
                1 => w.say("The label said D.O.B. ").id(kind, &d).say("."),
                2 if !eight => w
                    .say("She was born ")
                    .id(kind, &d)
                    .say(" and had lived locally all her life."),
                3 if !eight => {
                    let t = titled_name(rng);
                    w.id("titled_name", &t)
                        .say(" ")
                        .id(kind, &d)
                        .say(" was on the list.")
                }
                4 if !eight => w
                    .say("The old notes gave ")
                    .id(kind, &d)
                    .say(" on the front sheet."),
                _ => w
                    .say("date of birth ")
                    .id(kind, &d)
                    .say(" was wrong on the drug chart."),
            };
        }
        "age" => {
            let a = age(rng);
            match rng.range(0, 3) {
                0 => w
                    .say("A ")
                    .id(kind, &a)
                    .say(" lady was admitted after a fall."),
                1 => w.say("The gentleman, ").id(kind, &a).say(", lived alone."),
                2 => w.say("She was ").id(kind, &a).say(" and very independent."),
                _ => w.say("pt is ").id(kind, &a).say(" with dementia."),
            };
        }
        "phone_number" => {
            let x = phone(rng);
            let lead = *rng.pick(&[
                "Her daughter's number is ",
                "Tel: ",
                "Call ",
                "He rang me from ",
                "mobile ",
            ]);
            w.say(lead).id(kind, &x).say(" if there is any change.");
        }
        "address" => {
            let a = address(rng);
            let lead = *rng.pick(&[
                "She lives at ",
                "We discharged him home to ",
                "The ambulance went to ",
                "The district nurse visited ",
            ]);
            w.say(lead).id(kind, &a).say(" the next day.");
        }
        "postcode" => {
            let x = *rng.pick(POSTCODES);
            let lead = *rng.pick(&[
                "The address ended ",
                "postcode ",
                "He lives near ",
                "Transport was booked to ",
            ]);
            w.say(lead).id(kind, x).say(" so we checked the route.");
        }
        "email" => {
            let x = email(rng);
            w.say("She asked me to email ")
                .id(kind, &x)
                .say(" with the plan.");
        }
        "hospital_number" => {
            let (label, x) = hospital_number(rng);
            w.say(&format!("I wrote the {label} "))
                .id(kind, &x)
                .say(" on the blood forms.");
        }
        _ => {
            let b = bed(rng);
            let lead = *rng.pick(&["The patient in ", "We moved the lady to ", "The man in "]);
            w.say(lead).id(kind, &b).say(" was confused overnight.");
        }
    }
}

fn advisory(w: &mut Writer, rng: &mut Rng) {
    if rng.chance(50) {
        let cond = *rng.pick(&[
            "motor neurone disease",
            "cystic fibrosis",
            "progeria",
            "Huntington's disease",
            "mesothelioma",
            "Guillain-Barré syndrome",
            "sarcoidosis",
        ]);
        let place = *rng.pick(PLACES);
        match rng.range(0, 2) {
            0 => w.say(&format!(
                "A {}-year-old from {place} with {cond} was admitted.",
                rng.range(18, 80)
            )),
            1 => w.say(&format!(
                "The only person in {place} with {cond} came in again today."
            )),
            _ => w.say(&format!(
                "He was aged {} with {cond} and lived in {place}.",
                rng.range(20, 85)
            )),
        };
    } else {
        let ev = *rng.pick(&[
            "had a fall",
            "died",
            "had a cardiac arrest",
            "was restrained",
            "absconded",
        ]);
        w.say(&format!(
            "On {} a patient on {} {ev} during the night shift.",
            event_date(rng),
            rng.pick(&["Ward 7", "Eliot ward", "Ward 3B", "Fielding ward"])
        ));
    }
}

fn sentences(w: &mut Writer, rng: &mut Rng, k: u64) {
    for _ in 0..k {
        if !w.is_empty() {
            w.say(" ");
        }
        if rng.chance(55) {
            w.say(&hard_negative(rng));
        } else {
            w.say(rng.word(FILLER));
        }
    }
}

/// Case `i`: about 8% advisory, 40% identifier-free and the rest with identifiers, each third
/// a plain one-sentence text.
pub(crate) fn case(rng: &mut Rng, i: usize) -> Case {
    let mut w = Writer::default();
    let plain = i.is_multiple_of(3);
    let bucket = i % 25;
    let advisory_case = bucket < 2;
    if advisory_case {
        let k = rng.range(0, 1);
        sentences(&mut w, rng, k);
        if !w.is_empty() {
            w.say(" ");
        }
        advisory(&mut w, rng);
    } else if bucket < 12 {
        let k = if plain { 1 } else { rng.range(2, 5) };
        sentences(&mut w, rng, k);
    } else {
        let kinds = kinds();
        let kind = kinds[i % kinds.len()];
        if !plain {
            let k = rng.range(1, 3);
            sentences(&mut w, rng, k);
            w.say(" ");
        }
        identifier(&mut w, rng, kind);
        if !plain {
            if rng.chance(30) {
                w.say(" ");
                identifier(&mut w, rng, kinds[(i / 7) % kinds.len()]);
            }
            w.say(" ");
            let k = rng.range(0, 2);
            sentences(&mut w, rng, k);
        }
    }
    Case {
        id: format!("g{i:05}"),
        text: w.text,
        spans: w.spans,
        advisory: advisory_case,
        split: if plain { "plain" } else { "realistic" },
    }
}
