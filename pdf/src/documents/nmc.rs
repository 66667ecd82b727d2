//! The NMC reflective accounts, with the CPD and feedback logs and the reflective discussion.

use super::{body, col, heading, kv, label, long_date, section, table, text, Block, Meta, Style};
use reflect_core::documents::NmcInput;
use reflect_core::model::{Reflection, ReflectiveModel};

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
        text("NMC revalidation", Style::TITLE),
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
            r.requirements
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
    if input.private_left_out > 0 {
        out.push(text(
            format!(
                "{} private reflection{} left out of this document. They count towards your totals in Reflect; include them only if you choose to.",
                input.private_left_out,
                if input.private_left_out == 1 { " is" } else { "s are" }
            ),
            Style::NOTE,
        ));
    }
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
        let ticked: Vec<String> = input
            .themes
            .iter()
            .map(|(key, name)| {
                let on = a
                    .tags
                    .iter()
                    .any(|t| &*t.framework_id == "nmc-code" && &*t.value_key == key);
                format!("{} {name}", if on { "☒" } else { "☐" })
            })
            .collect();
        out.push(body(ticked.join("    ")));
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
                    c.cpd_hours.map(|h| format!("{h}")).unwrap_or_default(),
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
            format!("{total}"),
            format!("{part} participatory"),
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
            out.push(text(
                format!(
                    "The {n} reflective account{} above were discussed.",
                    if n == 1 { "" } else { "s" }
                ),
                Style::BODY,
            ));
            out.push(kv(&[
                ("Signature of the NMC registrant", String::new()),
                ("Signature of the discussion partner", String::new()),
            ]));
        }
    }
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
