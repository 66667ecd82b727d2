//! The appraisal record.

use super::{
    body, col, heading, kv, label, long_date, long_instant, note_blocks, or_not_written,
    reflection_blocks, section, table, text, Block, Meta, Style,
};
use reflect_core::appraisal::{Answer, Appraisal, AppraisalState, Ksf, Outcome, PlanStatus, Role};

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
                Style::BODY.coloured(crate::layout::RED),
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
            out.push(text("Warning: the stored record no longer matches its signatures.", Style::BODY.coloured(crate::layout::RED)));
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
