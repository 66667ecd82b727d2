//! The three documents, as blocks: the appraisal record, the NMC reflective accounts, and the
//! values portfolio. Pure functions of the data they are given.

use chrono::{DateTime, Local, NaiveDate};

use super::layout::{body, col, heading, section, text, Block, Column, Style};
use super::Meta;
use crate::appraisal::{Answer, Appraisal, AppraisalState, Ksf, Note, Outcome, PlanStatus, Role};
use crate::framework::FrameworkDoc;
use crate::model::{Profile, Reflection, ReflectiveModel, Tag};
use crate::revalidation::{Discussion, Feedback, Revalidation};

/// "2026-03-07" → "7 March 2026"; anything else unchanged.
pub fn long_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or_else(|_| iso.to_string(), |d| d.format("%-d %B %Y").to_string())
}

/// A UTC instant in local time: "7 March 2026 at 14:05".
pub fn long_instant(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc).map_or_else(
        |_| utc.to_string(),
        |t| {
            t.with_timezone(&Local)
                .format("%-d %B %Y at %H:%M")
                .to_string()
        },
    )
}

fn or_not_written(s: &str) -> String {
    if s.trim().is_empty() {
        "Not written.".into()
    } else {
        s.to_string()
    }
}

fn label(s: &str) -> Block {
    text(s, Style::LABEL)
}

fn note_blocks(out: &mut Vec<Block>, title: &str, n: &Note, appraiser: &str) {
    out.push(label(title));
    if n.text.trim().is_empty() {
        out.push(text("Not written.", Style::NOTE));
        return;
    }
    out.push(body(n.text.clone()));
    if n.by == Some(Role::Appraiser) {
        out.push(text(
            format!("Written by the appraiser ({appraiser})."),
            Style::NOTE,
        ));
    }
}

/// Tags as one line: "Self Awareness — seek feedback…; Preserve safety".
pub fn tag_line(tags: &[Tag]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for t in tags {
        match &t.behaviour_text {
            Some(b) => parts.push(format!("{} — {}", t.value_name, b)),
            None if !tags.iter().any(|o| {
                o.value_key == t.value_key
                    && o.framework_id == t.framework_id
                    && o.behaviour_key.is_some()
            }) =>
            {
                parts.push(t.value_name.to_string())
            }
            None => {}
        }
    }
    parts.join("; ")
}

/// A reflection quoted in full: title, date, model and tags, then each answer under its prompt.
pub fn reflection_blocks(out: &mut Vec<Block>, r: &Reflection) {
    out.push(heading(3, r.title.clone()));
    let mut about = format!("{} · {}", long_date(&r.event_date), r.model.name());
    if let Some(h) = r.cpd_hours {
        about.push_str(&format!(
            " · CPD {h} hours{}",
            if r.cpd_participatory {
                " (participatory)"
            } else {
                ""
            }
        ));
    }
    out.push(text(about, Style::NOTE));
    let tags = tag_line(&r.tags);
    if !tags.is_empty() {
        out.push(text(format!("Tagged: {tags}"), Style::NOTE));
    }
    for p in r.model.prompts() {
        if let Some(answer) = r.body.get(p.key) {
            if r.model != ReflectiveModel::Free {
                out.push(label(p.label));
            }
            out.push(body(answer.clone()));
        }
    }
}

fn kv(rows: &[(&str, String)]) -> Block {
    Block::Table {
        columns: vec![col("", 0.32), col("", 0.68)],
        rows: rows
            .iter()
            .map(|(k, v)| vec![(*k).to_string(), v.clone()])
            .collect(),
        header: false,
    }
}

fn table(columns: Vec<Column>, rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        columns,
        rows,
        header: true,
    }
}

const APPRAISAL_SECTIONS: [(&str, &str); 10] = [
    ("details", "1. Details"),
    ("review", "2. Review of the last year"),
    ("values", "3. Values and behaviours"),
    ("previous", "4. Last year's objectives and development plan"),
    ("objectives", "5. New objectives"),
    ("plan", "6. Personal development plan"),
    ("wellbeing", "7. Health and wellbeing"),
    ("career", "8. Career aspirations"),
    ("pay_step", "9. Pay-step readiness"),
    ("signoff", "10. Summary and sign-off"),
];

fn state_label(s: AppraisalState) -> &'static str {
    s.label()
}

/// The appraisal record. The wellbeing notes are included only if `include_wellbeing` (the
/// colleague's choice); the evidence is the shared reflections the record holds.
pub fn appraisal(
    a: &Appraisal,
    include_wellbeing: bool,
) -> (Vec<Block>, Meta, Option<&'static str>) {
    let c = &a.content;
    let d = &a.details;
    let period = format!(
        "{} to {}",
        long_date(&c.period_start),
        long_date(&c.period_end)
    );
    let appraiser = if c.appraiser_name.is_empty() {
        "Not named".to_string()
    } else {
        c.appraiser_name.clone()
    };
    let mut out = vec![
        text("Appraisal record", Style::TITLE),
        text(format!("Values-based appraisal for {period}"), Style::SUBTITLE),
        kv(&[
            ("Name", d.name.clone()),
            ("Job title", d.job_title.clone()),
            ("Band or grade", d.grade.clone()),
            ("Team", d.team.clone()),
            ("Appraiser", if c.appraiser_job_title.is_empty() { appraiser.clone() } else { format!("{appraiser}, {}", c.appraiser_job_title) }),
            ("Period", period.clone()),
            ("Status", state_label(a.state).to_string()),
            ("Values framework", a.framework.name.clone()),
        ]),
        text(
            "Confidential: this record contains personal information about the colleague named above. It includes only the reflections the colleague chose to share.",
            Style::NOTE,
        ),
        Block::PageBreak,
        text("Contents", Style { size: 18.0, ..Style::TITLE }),
        Block::Contents(APPRAISAL_SECTIONS.iter().map(|(k, t)| ((*t).to_string(), (*k).to_string())).collect()),
        Block::PageBreak,
    ];

    out.push(section(APPRAISAL_SECTIONS[0].1, APPRAISAL_SECTIONS[0].0));
    let mut details = vec![
        ("Name", d.name.clone()),
        ("Job title", d.job_title.clone()),
        ("Band or grade", d.grade.clone()),
        ("Team", d.team.clone()),
        ("Line manager", d.line_manager.clone()),
        (
            "Employee number",
            d.employee_number
                .clone()
                .unwrap_or_else(|| "Not given".into()),
        ),
    ];
    if let Some(r) = &d.registration {
        details.push(("Registration", format!("{} {}", r.body.as_str(), r.pin)));
    }
    details.push(("Appraiser", appraiser.clone()));
    details.push((
        "Appraiser's job title",
        or_not_written(&c.appraiser_job_title),
    ));
    details.push((
        "Appraisal meeting",
        if c.meeting_date.is_empty() {
            "Not recorded".into()
        } else {
            long_date(&c.meeting_date)
        },
    ));
    details.push(("Period", period.clone()));
    out.push(kv(&details));

    out.push(section(APPRAISAL_SECTIONS[1].1, APPRAISAL_SECTIONS[1].0));
    for (t, n) in [
        ("Achievements", &c.review.achievements),
        ("Challenges", &c.review.challenges),
        ("What went well", &c.review.went_well),
        ("What support helped", &c.review.support),
    ] {
        note_blocks(&mut out, t, n, &appraiser);
    }

    out.push(section(APPRAISAL_SECTIONS[2].1, APPRAISAL_SECTIONS[2].0));
    out.push(text(
        format!(
            "Each value of {} with the reflections the colleague chose to include.",
            a.framework.name
        ),
        Style::NOTE,
    ));
    for e in &a.evidence {
        let v = c.values.iter().find(|v| v.value_key == e.key);
        out.push(heading(2, e.name.clone()));
        if e.included.is_empty() {
            out.push(text(
                "Gap: no reflection was included for this value.",
                Style::BODY.coloured(super::layout::RED),
            ));
        } else {
            out.push(text(
                format!(
                    "{} reflection{} included.",
                    e.included.len(),
                    if e.included.len() == 1 { "" } else { "s" }
                ),
                Style::NOTE,
            ));
            for r in &e.included {
                reflection_blocks(&mut out, r);
            }
        }
        if let Some(v) = v {
            note_blocks(
                &mut out,
                &format!("{}'s summary", d.name),
                &v.summary,
                &appraiser,
            );
            note_blocks(&mut out, "Appraiser's comment", &v.comment, &appraiser);
        }
    }

    out.push(section(APPRAISAL_SECTIONS[3].1, APPRAISAL_SECTIONS[3].0));
    if c.previous.is_empty() {
        out.push(text(
            "Nothing was carried forward from a previous appraisal.",
            Style::NOTE,
        ));
    } else {
        out.push(table(
            vec![
                col("Objective or development item", 0.4),
                col("Outcome", 0.16),
                col("Note", 0.44),
            ],
            c.previous
                .iter()
                .map(|p| {
                    let mut item = p.text.clone();
                    if !p.detail.is_empty() {
                        item.push_str(&format!("\n{}", p.detail));
                    }
                    vec![
                        item,
                        p.outcome.map_or("Not marked", Outcome::label).to_string(),
                        p.note.text.clone(),
                    ]
                })
                .collect(),
        ));
    }

    out.push(section(APPRAISAL_SECTIONS[4].1, APPRAISAL_SECTIONS[4].0));
    if c.objectives.is_empty() {
        out.push(text("No new objectives were recorded.", Style::NOTE));
    } else {
        out.push(table(
            vec![
                col("Objective", 0.34),
                col("How success is measured", 0.28),
                col("By", 0.14),
                col("Support needed", 0.24),
            ],
            c.objectives
                .iter()
                .map(|o| {
                    vec![
                        o.objective.clone(),
                        o.measure.clone(),
                        long_date(&o.by_date),
                        o.support.clone(),
                    ]
                })
                .collect(),
        ));
    }

    out.push(section(APPRAISAL_SECTIONS[5].1, APPRAISAL_SECTIONS[5].0));
    if c.development_plan.is_empty() {
        out.push(text(
            "No development-plan items were recorded.",
            Style::NOTE,
        ));
    } else {
        out.push(table(
            vec![
                col("Need", 0.2),
                col("Activity", 0.22),
                col("Support", 0.17),
                col("Target", 0.13),
                col("Status", 0.12),
                col("KSF dimension", 0.16),
            ],
            c.development_plan
                .iter()
                .map(|p| {
                    vec![
                        p.need.clone(),
                        p.activity.clone(),
                        p.support.clone(),
                        long_date(&p.target_date),
                        PlanStatus::label(p.status).to_string(),
                        p.ksf.map_or("", Ksf::label).to_string(),
                    ]
                })
                .collect(),
        ));
    }

    out.push(section(APPRAISAL_SECTIONS[6].1, APPRAISAL_SECTIONS[6].0));
    if include_wellbeing {
        note_blocks(&mut out, "Wellbeing conversation", &c.wellbeing, &appraiser);
    } else {
        out.push(text("The colleague's wellbeing notes are private to them and are not included in this document.", Style::NOTE));
    }

    out.push(section(APPRAISAL_SECTIONS[7].1, APPRAISAL_SECTIONS[7].0));
    note_blocks(&mut out, "Career aspirations", &c.career, &appraiser);

    out.push(section(APPRAISAL_SECTIONS[8].1, APPRAISAL_SECTIONS[8].0));
    out.push(body(match &a.pay_step.date {
        Some(d) => format!("Pay-step date: {}.", long_date(d)),
        None => "No pay-step date is recorded.".to_string(),
    }));
    out.push(table(
        vec![col("Standard", 0.45), col("Met", 0.12), col("Detail", 0.43)],
        a.pay_step
            .standards
            .iter()
            .map(|s| {
                let met = match (s.met, s.answer) {
                    (true, Answer::NotApplicable) => "N/A",
                    (true, _) => "Yes",
                    (false, _) => "No",
                };
                vec![s.label.clone(), met.to_string(), s.detail.clone()]
            })
            .collect(),
    ));

    out.push(section(APPRAISAL_SECTIONS[9].1, APPRAISAL_SECTIONS[9].0));
    note_blocks(
        &mut out,
        &format!("{}'s summary comments", d.name),
        &c.colleague_summary,
        &appraiser,
    );
    note_blocks(
        &mut out,
        "Appraiser's summary comments",
        &c.appraiser_summary,
        &appraiser,
    );
    out.push(heading(2, "Signatures"));
    if a.signatures.is_empty() {
        out.push(text("Not signed.", Style::NOTE));
    } else {
        out.push(table(
            vec![
                col("Signed as", 0.18),
                col("Name", 0.27),
                col("Job title", 0.27),
                col("Signed on", 0.28),
            ],
            a.signatures
                .iter()
                .map(|s| {
                    vec![
                        if s.role == Role::Colleague {
                            "Colleague"
                        } else {
                            "Appraiser"
                        }
                        .to_string(),
                        s.name.clone(),
                        s.job_title.clone(),
                        long_instant(&s.signed_at),
                    ]
                })
                .collect(),
        ));
    }
    match (&a.record_sha256, a.intact) {
        (Some(sha), Some(true)) => {
            out.push(label("Record SHA-256"));
            out.push(body(sha.clone()));
            out.push(text("The stored record matches this fingerprint and every signature on it.", Style::NOTE));
        }
        (Some(sha), _) => {
            out.push(label("Record SHA-256"));
            out.push(body(sha.clone()));
            out.push(text("Warning: the stored record no longer matches its signatures.", Style::BODY.coloured(super::layout::RED)));
        }
        (None, _) => out.push(text("Draft: not signed. The record is fixed, and its SHA-256 shown here, when it is signed.", Style::NOTE)),
    }
    let watermark = (a.state != AppraisalState::Agreed).then_some("DRAFT — NOT SIGNED");
    let meta = Meta {
        title: format!("Appraisal record: {} ({period})", d.name),
        author: d.name.clone(),
        subject: format!(
            "Values-based appraisal, {}, appraiser {appraiser}",
            state_label(a.state)
        ),
        keywords: vec!["appraisal".into(), a.framework.name.clone()],
    };
    (out, meta, watermark)
}

/// What the NMC document needs.
pub struct NmcInput<'a> {
    pub profile: &'a Profile,
    pub revalidation: &'a Revalidation,
    pub accounts: &'a [Reflection],
    pub cpd: &'a [Reflection],
    pub feedback: &'a [Feedback],
    pub discussions: &'a [Discussion],
    /// The Code's themes, (key, name), in order.
    pub themes: &'a [(String, String)],
    /// Private reflections left out (the owner did not choose to include them).
    pub private_left_out: usize,
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

pub fn nmc(input: &NmcInput<'_>) -> (Vec<Block>, Meta) {
    let p = input.profile;
    let r = input.revalidation;
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

/// What the values portfolio needs.
pub struct PortfolioInput<'a> {
    pub profile: &'a Profile,
    pub framework: &'a FrameworkDoc,
    /// Shared reflections in the period, newest first.
    pub reflections: &'a [Reflection],
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

pub fn portfolio(input: &PortfolioInput<'_>) -> (Vec<Block>, Meta) {
    let p = input.profile;
    let fw = input.framework;
    let period = match (input.from, input.to) {
        (Some(f), Some(t)) => format!("{} to {}", long_date(f), long_date(t)),
        (Some(f), None) => format!("from {}", long_date(f)),
        (None, Some(t)) => format!("up to {}", long_date(t)),
        (None, None) => "all dates".to_string(),
    };
    let tagged = |r: &Reflection, value: &str| {
        r.tags
            .iter()
            .any(|t| *t.framework_id == *fw.id && &*t.value_key == value)
    };
    let mut out = vec![
        text("Values portfolio", Style::TITLE),
        text(format!("{} — {}, {period}", p.name, fw.name), Style::SUBTITLE),
        kv(&[
            ("Name", p.name.clone()),
            ("Job title", p.job_title.clone()),
            ("Team", p.team.clone()),
            ("Period", period.clone()),
            ("Shared reflections", input.reflections.len().to_string()),
        ]),
        heading(2, "Reflections per value"),
        Block::Bars {
            rows: fw
                .values
                .iter()
                .map(|v| (v.name.clone(), u32::try_from(input.reflections.iter().filter(|r| tagged(r, &v.key)).count()).unwrap_or(u32::MAX)))
                .collect(),
        },
        text("Only reflections shared for appraisal are included. A gap means no shared reflection is tagged with the value in the period.", Style::NOTE),
    ];
    for v in &fw.values {
        out.push(Block::PageBreak);
        out.push(section(v.name.clone(), &v.key));
        if let Some(d) = &v.description {
            out.push(text(d.clone(), Style::NOTE));
        }
        let in_value: Vec<&Reflection> = input
            .reflections
            .iter()
            .filter(|r| tagged(r, &v.key))
            .collect();
        if in_value.is_empty() {
            out.push(text(
                "Gap: no shared reflection is tagged with this value in the period.",
                Style::BODY.coloured(super::layout::RED),
            ));
            continue;
        }
        let intro = v
            .behaviours_intro
            .clone()
            .unwrap_or_else(|| "This means we:".into());
        for b in &v.behaviours {
            let with: Vec<&&Reflection> = in_value
                .iter()
                .filter(|r| {
                    r.tags.iter().any(|t| {
                        &*t.value_key == v.key.as_str()
                            && t.behaviour_key.as_deref() == Some(b.key.as_str())
                    })
                })
                .collect();
            if with.is_empty() {
                continue;
            }
            out.push(heading(2, format!("{intro} {}", b.text)));
            for r in with {
                reflection_blocks(&mut out, r);
            }
        }
        let value_only: Vec<&&Reflection> = in_value
            .iter()
            .filter(|r| {
                !r.tags
                    .iter()
                    .any(|t| &*t.value_key == v.key.as_str() && t.behaviour_key.is_some())
            })
            .collect();
        if !value_only.is_empty() {
            out.push(heading(2, format!("{} as a whole", v.name)));
            for r in value_only {
                reflection_blocks(&mut out, r);
            }
        }
        let unmet: Vec<String> = v
            .behaviours
            .iter()
            .filter(|b| {
                !in_value.iter().any(|r| {
                    r.tags
                        .iter()
                        .any(|t| t.behaviour_key.as_deref() == Some(b.key.as_str()))
                })
            })
            .map(|b| format!("• {}", b.text))
            .collect();
        if !unmet.is_empty() {
            out.push(label("Behaviour statements without a reflection yet"));
            out.push(text(unmet.join("\n"), Style::NOTE));
        }
    }
    let meta = Meta {
        title: format!("Values portfolio: {} ({period})", p.name),
        author: p.name.clone(),
        subject: format!("Shared reflections grouped by the values of {}", fw.name),
        keywords: vec!["portfolio".into(), fw.name.clone()],
    };
    (out, meta)
}

fn shown(c: Option<u32>) -> String {
    c.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// The Organisation summary: counts only, suppressed counts shown as "—", with charts of the
/// same data.
pub fn hr_summary(s: &crate::storage::hr::HrSummary) -> (Vec<Block>, Meta) {
    use crate::storage::hr::HrLevel;
    let scope = match (&s.filter.department, &s.filter.team) {
        (Some(d), Some(t)) => format!("{d}, {t}"),
        (Some(d), None) => d.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => "all staff".to_string(),
    };
    let mut out = vec![
        text("Appraisal summary", Style::TITLE),
        text(format!("{scope} — {}", long_date(&s.generated_on)), Style::SUBTITLE),
        text(
            format!(
                "Counts only: no reflection text is included. Any count drawn from fewer than {} people is not shown (—).",
                s.suppress_below
            ),
            Style::NOTE,
        ),
        heading(2, "Staff with an agreed appraisal in the last twelve months, by team"),
        Block::Bars {
            rows: s
                .rows
                .iter()
                .filter(|r| r.level == HrLevel::Team)
                .filter_map(|r| r.agreed_last_12_months.map(|n| (format!("{} / {}", r.department, r.team), n)))
                .collect(),
        },
    ];
    let hidden = s
        .rows
        .iter()
        .filter(|r| r.level == HrLevel::Team && r.agreed_last_12_months.is_none())
        .count();
    if hidden > 0 {
        out.push(text(
            format!(
                "{hidden} team{} not charted: fewer than {} people, or a small count.",
                if hidden == 1 { "" } else { "s" },
                s.suppress_below
            ),
            Style::NOTE,
        ));
    }
    out.push(heading(2, "By organisation, department and team"));
    out.push(table(
        vec![
            col("Group", 0.3),
            col("Staff", 0.1),
            col("Agreed (12 months)", 0.14),
            col("Overdue", 0.11),
            col("Due soon", 0.11),
            col("Pay-step standards all met", 0.14),
            col("Objectives", 0.1),
        ],
        s.rows
            .iter()
            .map(|r| {
                let group = match r.level {
                    HrLevel::Organisation => r.organisation.clone(),
                    HrLevel::Department => format!("  {}", r.department),
                    HrLevel::Team => format!("    {} / {}", r.department, r.team),
                };
                vec![
                    group,
                    shown(r.staff),
                    shown(r.agreed_last_12_months),
                    shown(r.overdue),
                    shown(r.due_soon),
                    shown(r.pay_step_all_met),
                    shown(r.objectives),
                ]
            })
            .collect(),
    ));
    for r in s.rows.iter().filter(|r| r.level == HrLevel::Organisation) {
        out.push(heading(
            2,
            format!(
                "{}: development-plan items by KSF dimension",
                r.organisation
            ),
        ));
        out.push(Block::Bars {
            rows: r
                .plan_by_ksf
                .iter()
                .filter_map(|c| c.count.map(|n| (c.label.clone(), n)))
                .collect(),
        });
        out.push(table(
            vec![col("KSF dimension", 0.7), col("Items", 0.3)],
            r.plan_by_ksf
                .iter()
                .map(|c| vec![c.label.clone(), shown(c.count)])
                .collect(),
        ));
        out.push(heading(
            2,
            format!("{}: staff with evidence for each value", r.organisation),
        ));
        out.push(Block::Bars {
            rows: r
                .values_with_evidence
                .iter()
                .filter_map(|c| c.count.map(|n| (c.label.clone(), n)))
                .collect(),
        });
        out.push(table(
            vec![col("Value", 0.7), col("Staff", 0.3)],
            r.values_with_evidence
                .iter()
                .map(|c| vec![c.label.clone(), shown(c.count)])
                .collect(),
        ));
    }
    let meta = Meta {
        title: format!("Appraisal summary: {scope}"),
        author: "Reflect".into(),
        subject: "Appraisal compliance summary (counts only)".into(),
        keywords: vec!["appraisal".into(), "summary".into()],
    };
    (out, meta)
}
