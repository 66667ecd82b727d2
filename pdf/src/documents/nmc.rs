//! The NMC reflective accounts, with the CPD and feedback logs and the reflective discussion.

use super::{
    body, col, heading, kv, label, long_date, number, section, table, text, title, Block, Meta,
    Style,
};
use crate::layout::ListItem;
use reflect_core::documents::NmcInput;
use reflect_core::model::{Reflection, ReflectiveModel};
use reflect_core::revalidation::{requirement, Requirement};

/// The progress rows as this document shows them: the accounts and CPD hours it prints (so a
/// document without private reflections neither counts them nor says they exist), the rest as
/// recorded.
fn progress(input: &NmcInput) -> Vec<Requirement> {
    // `+ 0.0`: an empty float sum is -0.0, which would print as "-0".
    let hours: f64 = input.cpd.iter().filter_map(|c| c.cpd_hours).sum::<f64>() + 0.0;
    let participatory: f64 = input
        .cpd
        .iter()
        .filter(|c| c.cpd_participatory)
        .filter_map(|c| c.cpd_hours)
        .sum::<f64>()
        + 0.0;
    input
        .revalidation
        .requirements
        .iter()
        .map(|q| {
            let have = match q.key.as_str() {
                "accounts" => input.accounts.len() as f64,
                "cpd_hours" => hours,
                "cpd_participatory" => participatory,
                _ => return q.clone(),
            };
            let unit = if q.key == "accounts" {
                "accounts"
            } else {
                "hours"
            };
            requirement(&q.key, &q.label, unit, have, q.need)
        })
        .collect()
}

const NMC_QUESTIONS: [&str; 4] = [
    "What was the nature of the CPD activity and/or practice-related feedback and/or event or experience in your practice?",
    "What did you learn from the CPD activity and/or feedback and/or event or experience in your practice?",
    "How did you change or improve your practice as a result?",
    "How is this relevant to the Code? Select one or more themes: Prioritise people – Practise effectively – Preserve safety – Promote professionalism and trust",
];

/// The answers of a reflection in the NMC form's first three questions (other models mapped to
/// the nearest prompts), and its own words on the Code, if any.
fn nmc_answers(r: &Reflection) -> ([String; 3], String) {
    let get = |k: &str| r.body.get(k).cloned().unwrap_or_default();
    let join = |keys: &[&str]| {
        keys.iter()
            .filter_map(|k| r.body.get(*k))
            .filter(|t| !t.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    match r.model {
        ReflectiveModel::Nmc => (
            [
                get("what_happened"),
                get("what_learnt"),
                get("changed_practice"),
            ],
            get("relates_to_code"),
        ),
        ReflectiveModel::Gibbs => (
            [
                join(&["description", "feelings"]),
                join(&["evaluation", "analysis", "conclusion"]),
                get("action_plan"),
            ],
            String::new(),
        ),
        ReflectiveModel::WhatSoWhat => (
            [get("what"), get("so_what"), get("now_what")],
            String::new(),
        ),
        ReflectiveModel::Free => (
            [get("reflection"), String::new(), String::new()],
            String::new(),
        ),
    }
}

pub fn nmc(input: &NmcInput) -> (Vec<Block>, Meta) {
    let p = &input.profile;
    let r = &input.revalidation;
    let renewal = r.renewal_date.as_deref().map(long_date).unwrap_or_default();
    let mut out = vec![
        title("NMC revalidation"),
        text(
            "Reflective accounts, CPD and feedback logs, and the reflective discussion",
            Style::SUBTITLE,
        ),
        kv(&[
            ("Name", p.name.clone()),
            ("NMC PIN", r.pin.clone().unwrap_or_default()),
            ("Job title", p.job_title.clone()),
            ("Renewal date", renewal.clone()),
            (
                "Evidence from",
                r.window_start.as_deref().map(long_date).unwrap_or_default(),
            ),
            (
                "Submit by",
                r.submit_by.as_deref().map(long_date).unwrap_or_default(),
            ),
        ]),
        heading(2, "Progress"),
        table(
            vec![
                col("Requirement", 0.45),
                col("Progress", 0.35),
                col("Done", 0.2),
            ],
            progress(input)
                .iter()
                .map(|q| {
                    vec![
                        q.label.clone(),
                        q.progress.clone(),
                        if q.met { "Yes" } else { "Not yet" }.to_string(),
                    ]
                })
                .collect(),
        ),
    ];
    let n = input.accounts.len();
    for (i, a) in input.accounts.iter().enumerate() {
        out.push(Block::PageBreak);
        let key = format!("account-{}", i + 1);
        out.push(Block::Heading {
            level: 1,
            text: format!("Reflective account {} of {n}", i + 1),
            bookmark: Some(key),
        });
        out.push(kv(&[
            ("Title", a.title.clone()),
            ("Date", long_date(&a.event_date)),
        ]));
        let (answers, code_words) = nmc_answers(a);
        for (q, answer) in NMC_QUESTIONS.iter().take(3).zip(answers.iter()) {
            out.push(label(q));
            out.push(if answer.trim().is_empty() {
                text("Not written in this reflection.", Style::NOTE)
            } else {
                body(answer.clone())
            });
        }
        out.push(label(NMC_QUESTIONS[3]));
        let ticked: Vec<ListItem> = input
            .themes
            .iter()
            .map(|(key, name)| {
                let on = a
                    .tags
                    .iter()
                    .any(|t| &*t.framework_id == "nmc-code" && &*t.value_key == key);
                ListItem {
                    label: if on { "☒" } else { "☐" }.into(),
                    text: name.clone(),
                }
            })
            .collect();
        out.push(Block::List {
            items: ticked,
            style: Style::BODY,
        });
        if !code_words.trim().is_empty() {
            out.push(body(code_words));
        }
    }
    if n == 0 {
        out.push(Block::PageBreak);
        out.push(section("Reflective accounts", "account-none"));
        out.push(text(
            "No reflective accounts in the window yet.",
            Style::NOTE,
        ));
    }

    out.push(Block::PageBreak);
    out.push(section("CPD log", "cpd"));
    if input.cpd.is_empty() {
        out.push(text("No CPD recorded in the window.", Style::NOTE));
    } else {
        let mut rows: Vec<Vec<String>> = input
            .cpd
            .iter()
            .map(|c| {
                vec![
                    long_date(&c.event_date),
                    c.title.clone(),
                    c.cpd_hours.map(number).unwrap_or_default(),
                    if c.cpd_participatory {
                        "Participatory"
                    } else {
                        "Individual"
                    }
                    .to_string(),
                ]
            })
            .collect();
        let total: f64 = input.cpd.iter().filter_map(|c| c.cpd_hours).sum();
        let part: f64 = input
            .cpd
            .iter()
            .filter(|c| c.cpd_participatory)
            .filter_map(|c| c.cpd_hours)
            .sum();
        rows.push(vec![
            String::new(),
            "Total".into(),
            number(total),
            format!("{} participatory", number(part)),
        ]);
        out.push(table(
            vec![
                col("Date", 0.18),
                col("Activity", 0.5),
                col("Hours", 0.1),
                col("Method", 0.22),
            ],
            rows,
        ));
    }

    out.push(section("Practice-related feedback log", "feedback"));
    if input.feedback.is_empty() {
        out.push(text("No feedback recorded yet.", Style::NOTE));
    } else {
        out.push(table(
            vec![
                col("Date", 0.16),
                col("From", 0.18),
                col("What it said", 0.33),
                col("What changed", 0.33),
            ],
            input
                .feedback
                .iter()
                .map(|f| {
                    vec![
                        long_date(&f.received_on),
                        f.source.clone(),
                        f.summary.clone(),
                        f.changes.clone(),
                    ]
                })
                .collect(),
        ));
    }

    out.push(section("Reflective discussion", "discussion"));
    match input.discussions.first() {
        None => out.push(text("No reflective discussion recorded yet.", Style::NOTE)),
        Some(d) => {
            out.push(kv(&[
                (
                    "Nurse, midwife or nursing associate",
                    format!("{} (NMC PIN {})", p.name, r.pin.clone().unwrap_or_default()),
                ),
                (
                    "Discussed with",
                    format!("{} (NMC PIN {})", d.partner_name, d.partner_pin),
                ),
                ("Date of the discussion", long_date(&d.held_on)),
            ]));
            if !d.notes.trim().is_empty() {
                out.push(body(d.notes.clone()));
            }
            out.push(body(match n {
                0 => "No reflective accounts are in this document.".to_string(),
                1 => "The reflective account above was discussed.".to_string(),
                n => format!("The {n} reflective accounts above were discussed."),
            }));
            out.push(kv(&[
                ("Signature of the NMC registrant", String::new()),
                ("Signature of the discussion partner", String::new()),
            ]));
        }
    }
    confirmation(&mut out, input);
    let meta = Meta {
        title: format!("NMC revalidation: {}", p.name),
        author: p.name.clone(),
        subject: format!("Reflective accounts and revalidation evidence, renewal {renewal}"),
        keywords: vec![
            "NMC".into(),
            "revalidation".into(),
            "reflective accounts".into(),
        ],
    };
    (out, meta)
}

/// The confirmation: who confirmed the revalidation and when (the latest in the window), or
/// that none is recorded yet.
fn confirmation(out: &mut Vec<Block>, input: &NmcInput) {
    let r = &input.revalidation;
    out.push(section("Confirmation", "confirmation"));
    let in_window = |d: &str| {
        r.window_start.as_deref().is_none_or(|s| d >= s)
            && r.renewal_date.as_deref().is_none_or(|e| d <= e)
    };
    let latest = r
        .confirmations
        .iter()
        .filter(|c| in_window(&c.confirmed_on))
        .max_by(|a, b| a.confirmed_on.cmp(&b.confirmed_on));
    let Some(c) = latest else {
        out.push(text("No confirmation recorded yet.", Style::NOTE));
        return;
    };
    let mut rows = vec![
        ("Confirmed by", c.confirmer_name.clone()),
        ("Their role", c.confirmer_role.clone()),
    ];
    if let Some(pin) = c.confirmer_pin.as_deref().filter(|p| !p.trim().is_empty()) {
        rows.push(("Their NMC PIN", pin.to_string()));
    }
    rows.push(("Date of the confirmation", long_date(&c.confirmed_on)));
    out.push(kv(&rows));
    out.push(text(
        format!(
            "{} confirmed {}'s revalidation on {}.",
            c.confirmer_name,
            input.profile.name,
            long_date(&c.confirmed_on)
        ),
        Style::NOTE,
    ));
}
