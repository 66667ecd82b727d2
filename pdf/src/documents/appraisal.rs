//! The appraisal record.

use super::{
    body, col, heading, kv, label, long_date, long_dates_in, long_instant, note_blocks,
    or_not_written, reflection_blocks, section, table, text, title, Block, Meta, Style,
};
use reflect_core::appraisal::AppraisalContent;
use reflect_core::appraisal::{
    Answer, Appraisal, AppraisalState, Ksf, NoteSpec, Outcome, Part, PlanStatus, NOTES, SECTIONS,
    VALUE_NOTES,
};
use reflect_core::format::record::for_hr;
use reflect_core::hr::{HrCoverage, HrSigner};

/// Whom the record is printed for.
#[derive(Clone, Copy)]
pub enum Reader<'a> {
    /// The colleague's own record: every section; the wellbeing notes only if they choose.
    Colleague { include_wellbeing: bool },
    /// HR's copy: only the parts whose `reach.hr` in core's `SECTIONS` is `Always` (details,
    /// period, objectives, plan, pay step), the values coverage as counts, and who signed with
    /// their key fingerprints. Never reflections, wellbeing or anything the colleague wrote
    /// about their year.
    Hr {
        coverage: &'a [HrCoverage],
        signers: &'a [HrSigner],
    },
}

impl Reader<'_> {
    fn shows(&self, part: Part) -> bool {
        match self {
            Reader::Colleague { include_wellbeing } => {
                part != Part::Wellbeing || *include_wellbeing
            }
            Reader::Hr { .. } => for_hr(part),
        }
    }

    fn hr(&self) -> bool {
        matches!(self, Reader::Hr { .. })
    }
}

/// How a numbered section of the record is headed: as its part is in core's `SECTIONS`
/// ("2. Review of the last year"), or, where the record groups several parts under one heading,
/// in words.
enum Title {
    Part(Part),
    Words(&'static str),
}

/// The record's sections, in order, by their anchor in the contents.
const APPRAISAL_SECTIONS: [(&str, Title); 10] = [
    ("details", Title::Words("1. Details")),
    ("review", Title::Part(Part::Review)),
    ("values", Title::Words("3. Values and behaviours")),
    ("previous", Title::Part(Part::Previous)),
    ("objectives", Title::Part(Part::Objectives)),
    ("plan", Title::Part(Part::Plan)),
    ("wellbeing", Title::Part(Part::Wellbeing)),
    ("career", Title::Part(Part::Career)),
    ("pay_step", Title::Part(Part::PayStep)),
    ("signoff", Title::Words("10. Summary and sign-off")),
];

/// The headings of `APPRAISAL_SECTIONS` the reader sees, with their anchors.
fn section_titles(reader: &Reader<'_>) -> Vec<(String, &'static str)> {
    APPRAISAL_SECTIONS
        .iter()
        .filter(|(_, title)| match title {
            Title::Part(Part::Wellbeing) => !reader.hr(),
            Title::Part(part) => reader.shows(*part),
            Title::Words(_) => true,
        })
        .map(|(key, title)| {
            let title = match title {
                Title::Words(w) => (*w).to_string(),
                // Every part is in SECTIONS (core's tests check it).
                Title::Part(part) => SECTIONS
                    .iter()
                    .find(|s| s.part == *part)
                    .map(|s| format!("{}. {}", s.number, s.label))
                    .unwrap_or_default(),
            };
            (title, *key)
        })
        .collect()
}

/// The notes of `NOTES` in `part`, in the table's order.
fn notes_in(part: Part) -> impl Iterator<Item = &'static NoteSpec> {
    NOTES.iter().filter(move |n| n.part == part)
}

/// A section's notes, each under its label, except a section's only note named as the section
/// is ("8. Career aspirations" holds the note "Career aspirations"): its heading says it once.
fn part_notes(out: &mut Vec<Block>, part: Part, c: &AppraisalContent, appraiser: &str) {
    let section = SECTIONS.iter().find(|s| s.part == part).map(|s| s.label);
    let alone = notes_in(part).count() == 1;
    for n in notes_in(part) {
        let title = if alone && Some(n.label) == section {
            ""
        } else {
            n.label
        };
        note_blocks(out, title, (n.get)(c), appraiser);
    }
}

/// The organisation of a built-in framework (the record names its framework by id), for a
/// record printed without a journal's framework to hand; empty when it is not built in.
pub fn builtin_organisation(framework_id: &str) -> String {
    reflect_core::framework::BUILTINS
        .iter()
        .find(|(id, _)| *id == framework_id)
        .and_then(|(_, src)| reflect_core::framework::parse(src).ok())
        .map(|f| f.organisation)
        .unwrap_or_default()
}

/// `s` with its first letter as `f` makes it ("summary comments", "Appraiser's comment").
fn first_letter(s: &str, f: fn(char) -> String) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| f(c) + chars.as_str())
}

/// A value's note as the record labels it, from its place in `VALUE_NOTES`: the colleague's
/// ("your summary") by their name, "Maya's summary"; the appraiser's capitalised,
/// "Appraiser's comment".
fn value_note_label(location: &str, name: &str) -> String {
    match location.strip_prefix("your ") {
        Some(rest) => format!("{name}'s {rest}"),
        None => first_letter(location, |c| c.to_uppercase().collect()),
    }
}

fn state_label(s: AppraisalState) -> &'static str {
    s.label()
}

/// The appraisal record. The wellbeing notes are included only if `include_wellbeing` (the
/// colleague's choice); the evidence is the shared reflections the record holds.
/// `organisation` is whose record it is (the framework's organisation), printed when known.
pub fn appraisal(
    a: &Appraisal,
    include_wellbeing: bool,
    organisation: &str,
) -> (Vec<Block>, Meta, Option<&'static str>) {
    appraisal_for(a, Reader::Colleague { include_wellbeing }, organisation)
}

/// The appraisal record as `reader` may see it.
pub fn appraisal_for(
    a: &Appraisal,
    reader: Reader<'_>,
    organisation: &str,
) -> (Vec<Block>, Meta, Option<&'static str>) {
    let include_wellbeing = reader.shows(Part::Wellbeing);
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
    let titles = section_titles(&reader);
    let shown = |key: &str| titles.iter().any(|(_, k)| *k == key);
    let heading_of = |key: &str| {
        let (t, k) = titles
            .iter()
            .find(|(_, k)| *k == key)
            .cloned()
            .unwrap_or_else(|| (key.to_string(), ""));
        section(t, k)
    };
    let organisation = organisation.trim();
    let mut cover = vec![
        ("Name", d.name.clone()),
        ("Job title", d.job_title.clone()),
        ("Band or grade", d.grade.clone()),
        ("Team", d.team.clone()),
    ];
    if !organisation.is_empty() {
        cover.push(("Organisation", organisation.to_string()));
    }
    let mut out = vec![
        title("Appraisal record"),
        text(
            if organisation.is_empty() {
                format!("Values-based appraisal for {period}")
            } else {
                format!("{organisation}: values-based appraisal for {period}")
            },
            Style::SUBTITLE,
        ),
        kv(&[
            cover,
            vec![
                (
                    "Appraiser",
                    if c.appraiser_job_title.is_empty() {
                        appraiser.clone()
                    } else {
                        format!("{appraiser}, {}", c.appraiser_job_title)
                    },
                ),
                ("Period", period.clone()),
                ("Status", state_label(a.state).to_string()),
                ("Values framework", a.framework.name.clone()),
            ],
        ]
        .concat()),
        text(
            if reader.hr() {
                "Confidential: HR's copy of the agreed record. It holds the details, the period, the objectives, the development plan, the pay-step answers and the signatures; never the colleague's reflections, wellbeing notes or what they wrote about their year."
            } else {
                "Confidential: this record contains personal information about the colleague named above. It includes only the reflections the colleague chose to share."
            },
            Style::NOTE,
        ),
        Block::PageBreak,
        heading(1, "Contents"),
        Block::Contents(
            titles
                .iter()
                .map(|(t, k)| (t.clone(), (*k).to_string()))
                .collect(),
        ),
        Block::PageBreak,
    ];

    out.push(heading_of("details"));
    let mut details = vec![
        ("Name", d.name.clone()),
        ("Job title", d.job_title.clone()),
        ("Band or grade", d.grade.clone()),
        ("Team", d.team.clone()),
    ];
    if !organisation.is_empty() {
        details.push(("Organisation", organisation.to_string()));
    }
    details.extend([
        ("Line manager", d.line_manager.clone()),
        (
            "Employee number",
            d.employee_number
                .clone()
                .unwrap_or_else(|| "Not given".into()),
        ),
    ]);
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

    if shown("review") {
        out.push(heading_of("review"));
        part_notes(&mut out, Part::Review, c, &appraiser);
    }

    out.push(heading_of("values"));
    if let Reader::Hr { coverage, .. } = reader {
        out.push(text(
            "How many shared reflections the colleague included for each value (HR receives the counts, never the reflections).",
            Style::NOTE,
        ));
        out.push(table(
            vec![col("Value", 0.7), col("Reflections included", 0.3)],
            coverage
                .iter()
                .map(|c| vec![c.value.clone(), c.reflections.to_string()])
                .collect(),
        ));
    }
    let evidence: &[_] = if reader.shows(Part::Evidence) {
        &a.evidence
    } else {
        &[]
    };
    if !evidence.is_empty() {
        out.push(text(
            format!(
                "Each value of {} with the reflections the colleague chose to include.",
                a.framework.name
            ),
            Style::NOTE,
        ));
    }
    for e in evidence {
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
        if let Some(v) = v.filter(|_| reader.shows(Part::ValueSummary)) {
            for n in VALUE_NOTES {
                let title = value_note_label(n.location, &d.name);
                note_blocks(&mut out, &title, (n.get)(v), &appraiser);
            }
        }
    }

    if shown("previous") {
        out.push(heading_of("previous"));
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
    }

    out.push(heading_of("objectives"));
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

    out.push(heading_of("plan"));
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

    if shown("wellbeing") {
        out.push(heading_of("wellbeing"));
        if include_wellbeing {
            part_notes(&mut out, Part::Wellbeing, c, &appraiser);
        } else {
            out.push(text("The colleague's wellbeing notes are private to them and are not included in this document.", Style::NOTE));
        }
    }

    if shown("career") {
        out.push(heading_of("career"));
        part_notes(&mut out, Part::Career, c, &appraiser);
    }

    out.push(heading_of("pay_step"));
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
                vec![s.label.clone(), met.to_string(), long_dates_in(&s.detail)]
            })
            .collect(),
    ));

    out.push(heading_of("signoff"));
    // The colleague's summary by their name ("Maya's summary comments"), then the appraiser's.
    for n in notes_in(Part::ColleagueSummary).filter(|n| reader.shows(n.part)) {
        let title = format!(
            "{}'s {}",
            d.name,
            first_letter(n.label, |ch| ch.to_lowercase().collect())
        );
        note_blocks(&mut out, &title, (n.get)(c), &appraiser);
    }
    for n in notes_in(Part::AppraiserSummary).filter(|n| reader.shows(n.part)) {
        note_blocks(&mut out, n.label, (n.get)(c), &appraiser);
    }
    out.push(heading(2, "Signatures"));
    if let Reader::Hr { signers, .. } = reader {
        out.push(table(
            vec![
                col("Signed as", 0.14),
                col("Name and job title", 0.3),
                col("Signed on", 0.22),
                col("Key fingerprint", 0.34),
            ],
            signers
                .iter()
                .map(|s| {
                    vec![
                        s.role.label().to_string(),
                        format!("{}\n{}", s.name, s.job_title),
                        long_instant(&s.signed_at),
                        s.fingerprint.clone(),
                    ]
                })
                .collect(),
        ));
        out.push(text(
            "Each signature is by its signer's own key, over the record's SHA-256 below; HR trusted both keys after comparing their fingerprints.",
            Style::NOTE,
        ));
    } else if a.signatures.is_empty() {
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
                        s.role.label().to_string(),
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
