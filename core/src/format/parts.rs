//! The parts of record format 1 and their wire shapes, kept apart from the everyday types: each
//! part is committed to separately (with its own salt) so a pack can leave parts out while every
//! signature still verifies. Enums travel as their snake_case names, decimals as strings, never
//! floats. The names below are the format: they never change once landed.

use std::collections::BTreeMap;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;

use crate::appraisal::{
    Answer, AppraisalContent, DevelopmentItem, ItemKind, Ksf, Note, Objective, Outcome, Part,
    PayStep, PlanStatus, PreviousItem, Review, Role, ValueSection,
};
use crate::error::{Error, Result};
use crate::model::{Reflection, ReflectiveModel, Tag, Visibility};

/// The name of each section's part in record format 1. Reflections included as evidence are each a
/// part of their own, `reflection/<id>`.
pub const fn part_name(part: Part) -> &'static str {
    match part {
        Part::Period => "period",
        Part::AppraiserDetails => "appraiser",
        Part::Review => "review",
        Part::Evidence => "evidence",
        Part::ValueSummary => "value_summaries",
        Part::ValueComment => "value_comments",
        Part::Previous => "previous",
        Part::Objectives => "objectives",
        Part::Plan => "plan",
        Part::Wellbeing => "wellbeing",
        Part::Career => "career",
        Part::PayStep => "pay_step",
        Part::ColleagueSummary => "colleague_summary",
        Part::AppraiserSummary => "appraiser_summary",
    }
}

/// The prefix of an included reflection's part name.
pub const REFLECTION_PART: &str = "reflection/";

/// The section a part name belongs to (reflections belong to the evidence).
pub fn part_of(name: &str) -> Option<Part> {
    if name.starts_with(REFLECTION_PART) {
        return Some(Part::Evidence);
    }
    crate::appraisal::SECTIONS
        .iter()
        .map(|s| s.part)
        .find(|p| part_name(*p) == name)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteV1 {
    pub text: String,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodV1 {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppraiserV1 {
    pub name: String,
    pub job_title: String,
    pub meeting_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewV1 {
    pub achievements: NoteV1,
    pub challenges: NoteV1,
    pub went_well: NoteV1,
    pub support: NoteV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceV1 {
    pub value_key: String,
    pub reflection_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueNoteV1 {
    pub value_key: String,
    pub note: NoteV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousV1 {
    pub source_id: String,
    pub kind: String,
    pub text: String,
    pub detail: String,
    pub outcome: Option<String>,
    pub note: NoteV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveV1 {
    pub id: String,
    pub objective: String,
    pub measure: String,
    pub by_date: String,
    pub support: String,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItemV1 {
    pub id: String,
    pub need: String,
    pub activity: String,
    pub support: String,
    pub target_date: String,
    pub status: String,
    pub ksf: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayStepV1 {
    pub date: String,
    pub no_capability: String,
    pub no_disciplinary: String,
    pub training: String,
    pub staff_appraised: String,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagV1 {
    pub framework_id: String,
    pub framework_revision: u32,
    pub value_key: String,
    pub value_name: String,
    pub behaviour_key: Option<String>,
    pub behaviour_text: Option<String>,
}

/// An included reflection. CPD hours are a decimal string with at most two places ("1.5").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectionV1 {
    pub id: String,
    pub title: String,
    pub event_date: String,
    pub model: String,
    pub body: BTreeMap<String, String>,
    pub tags: Vec<TagV1>,
    pub cpd_hours: Option<String>,
    pub cpd_participatory: bool,
}

fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn parse_enum<T: DeserializeOwned>(s: &str, part: &str) -> Result<T> {
    serde_json::from_value(Value::String(s.to_string())).map_err(|_| {
        Error::invalid(
            "pack",
            format!("The record's {part} part has an unknown value “{s}”"),
        )
    })
}

fn note(n: &Note) -> NoteV1 {
    NoteV1 {
        text: n.text.clone(),
        by: n.by.map(|r| r.as_str().to_string()),
    }
}

fn by(b: &Option<String>, part: &str) -> Result<Option<Role>> {
    b.as_deref()
        .map(|s| parse_enum::<Role>(s, part))
        .transpose()
}

fn un_note(n: &NoteV1, part: &str) -> Result<Note> {
    Ok(Note {
        text: n.text.clone(),
        by: by(&n.by, part)?,
    })
}

/// CPD hours as the record writes them: rounded to hundredths, without trailing zeros.
pub fn hours_text(h: f64) -> String {
    let centi = (h * 100.0).round() as i64;
    let s = format!("{}.{:02}", centi / 100, (centi % 100).abs());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Each section's part of `content`, as (name, JSON content), in the record's order. The included
/// reflections are added by the record.
pub fn section_parts(content: &AppraisalContent) -> Result<Vec<(&'static str, Value)>> {
    let c = content;
    let to = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| Error::Corrupt(format!("record part: {e}")))
    };
    let mut out = Vec::new();
    for s in crate::appraisal::SECTIONS {
        let value = match s.part {
            Part::Period => to(serde_json::to_value(PeriodV1 {
                start: c.period_start.clone(),
                end: c.period_end.clone(),
            }))?,
            Part::AppraiserDetails => to(serde_json::to_value(AppraiserV1 {
                name: c.appraiser_name.clone(),
                job_title: c.appraiser_job_title.clone(),
                meeting_date: c.meeting_date.clone(),
            }))?,
            Part::Review => to(serde_json::to_value(ReviewV1 {
                achievements: note(&c.review.achievements),
                challenges: note(&c.review.challenges),
                went_well: note(&c.review.went_well),
                support: note(&c.review.support),
            }))?,
            Part::Evidence => to(serde_json::to_value(
                c.values
                    .iter()
                    .map(|v| EvidenceV1 {
                        value_key: v.value_key.clone(),
                        reflection_ids: v.reflection_ids.clone(),
                    })
                    .collect::<Vec<_>>(),
            ))?,
            Part::ValueSummary | Part::ValueComment => to(serde_json::to_value(
                c.values
                    .iter()
                    .map(|v| ValueNoteV1 {
                        value_key: v.value_key.clone(),
                        note: note(if s.part == Part::ValueSummary {
                            &v.summary
                        } else {
                            &v.comment
                        }),
                    })
                    .collect::<Vec<_>>(),
            ))?,
            Part::Previous => to(serde_json::to_value(
                c.previous
                    .iter()
                    .map(|p| PreviousV1 {
                        source_id: p.source_id.clone(),
                        kind: name_of(&p.kind),
                        text: p.text.clone(),
                        detail: p.detail.clone(),
                        outcome: p.outcome.map(|o| o.as_str().to_string()),
                        note: note(&p.note),
                    })
                    .collect::<Vec<_>>(),
            ))?,
            Part::Objectives => to(serde_json::to_value(
                c.objectives
                    .iter()
                    .map(|o| ObjectiveV1 {
                        id: o.id.clone(),
                        objective: o.objective.clone(),
                        measure: o.measure.clone(),
                        by_date: o.by_date.clone(),
                        support: o.support.clone(),
                        by: o.by.map(|r| r.as_str().to_string()),
                    })
                    .collect::<Vec<_>>(),
            ))?,
            Part::Plan => to(serde_json::to_value(
                c.development_plan
                    .iter()
                    .map(|d| PlanItemV1 {
                        id: d.id.clone(),
                        need: d.need.clone(),
                        activity: d.activity.clone(),
                        support: d.support.clone(),
                        target_date: d.target_date.clone(),
                        status: d.status.as_str().to_string(),
                        ksf: d.ksf.map(|k| k.as_str().to_string()),
                        by: d.by.map(|r| r.as_str().to_string()),
                    })
                    .collect::<Vec<_>>(),
            ))?,
            Part::PayStep => to(serde_json::to_value(PayStepV1 {
                date: c.pay_step.date.clone(),
                no_capability: name_of(&c.pay_step.no_capability),
                no_disciplinary: name_of(&c.pay_step.no_disciplinary),
                training: name_of(&c.pay_step.training),
                staff_appraised: name_of(&c.pay_step.staff_appraised),
                by: c.pay_step.by.map(|r| r.as_str().to_string()),
            }))?,
            Part::Wellbeing => to(serde_json::to_value(note(&c.wellbeing)))?,
            Part::Career => to(serde_json::to_value(note(&c.career)))?,
            Part::ColleagueSummary => to(serde_json::to_value(note(&c.colleague_summary)))?,
            Part::AppraiserSummary => to(serde_json::to_value(note(&c.appraiser_summary)))?,
        };
        out.push((part_name(s.part), value));
    }
    Ok(out)
}

/// One section's part of `content` (the appraiser's comments when they sign in My team).
pub fn section_part(content: &AppraisalContent, part: Part) -> Result<Value> {
    section_parts(content)?
        .into_iter()
        .find(|(n, _)| *n == part_name(part))
        .map(|(_, v)| v)
        .ok_or_else(|| Error::Corrupt(format!("no part {}", part_name(part))))
}

/// An included reflection's part.
pub fn reflection_part(r: &Reflection) -> Result<(String, Value)> {
    let v = ReflectionV1 {
        id: r.id.clone(),
        title: r.title.clone(),
        event_date: r.event_date.clone(),
        model: r.model.as_str().to_string(),
        body: r.body.clone(),
        tags: r
            .tags
            .iter()
            .map(|t| TagV1 {
                framework_id: t.framework_id.to_string(),
                framework_revision: t.framework_revision,
                value_key: t.value_key.to_string(),
                value_name: t.value_name.to_string(),
                behaviour_key: t.behaviour_key.as_deref().map(str::to_string),
                behaviour_text: t.behaviour_text.as_deref().map(str::to_string),
            })
            .collect(),
        cpd_hours: r.cpd_hours.map(hours_text),
        cpd_participatory: r.cpd_participatory,
    };
    let value = serde_json::to_value(v).map_err(|e| Error::Corrupt(format!("record part: {e}")))?;
    Ok((format!("{REFLECTION_PART}{}", r.id), value))
}

fn typed<T: DeserializeOwned>(name: &str, v: &Value) -> Result<T> {
    serde_json::from_value(v.clone())
        .map_err(|e| Error::invalid("pack", format!("The record's {name} part is damaged: {e}")))
}

/// Put a disclosed part back into everyday content. Parts left out stay at their defaults.
pub fn apply_part(content: &mut AppraisalContent, name: &str, v: &Value) -> Result<()> {
    let c = content;
    let Some(part) = part_of(name) else {
        return Err(Error::invalid(
            "pack",
            format!("The record has a part “{name}” that record format 1 does not have"),
        ));
    };
    if name.starts_with(REFLECTION_PART) {
        return Ok(());
    }
    let value_mut = |c: &mut AppraisalContent, key: &str| -> usize {
        if let Some(i) = c.values.iter().position(|v| v.value_key == key) {
            return i;
        }
        c.values.push(ValueSection {
            value_key: key.to_string(),
            ..ValueSection::default()
        });
        c.values.len() - 1
    };
    match part {
        Part::Period => {
            let p: PeriodV1 = typed(name, v)?;
            c.period_start = p.start;
            c.period_end = p.end;
        }
        Part::AppraiserDetails => {
            let a: AppraiserV1 = typed(name, v)?;
            c.appraiser_name = a.name;
            c.appraiser_job_title = a.job_title;
            c.meeting_date = a.meeting_date;
        }
        Part::Review => {
            let r: ReviewV1 = typed(name, v)?;
            c.review = Review {
                achievements: un_note(&r.achievements, name)?,
                challenges: un_note(&r.challenges, name)?,
                went_well: un_note(&r.went_well, name)?,
                support: un_note(&r.support, name)?,
            };
        }
        Part::Evidence => {
            for e in typed::<Vec<EvidenceV1>>(name, v)? {
                let i = value_mut(c, &e.value_key);
                c.values[i].reflection_ids = e.reflection_ids;
            }
        }
        Part::ValueSummary | Part::ValueComment => {
            for n in typed::<Vec<ValueNoteV1>>(name, v)? {
                let i = value_mut(c, &n.value_key);
                let note = un_note(&n.note, name)?;
                if part == Part::ValueSummary {
                    c.values[i].summary = note;
                } else {
                    c.values[i].comment = note;
                }
            }
        }
        Part::Previous => {
            c.previous = typed::<Vec<PreviousV1>>(name, v)?
                .into_iter()
                .map(|p| {
                    Ok(PreviousItem {
                        source_id: p.source_id,
                        kind: parse_enum::<ItemKind>(&p.kind, name)?,
                        text: p.text,
                        detail: p.detail,
                        outcome: p
                            .outcome
                            .as_deref()
                            .map(|o| parse_enum::<Outcome>(o, name))
                            .transpose()?,
                        note: un_note(&p.note, name)?,
                    })
                })
                .collect::<Result<_>>()?;
        }
        Part::Objectives => {
            c.objectives = typed::<Vec<ObjectiveV1>>(name, v)?
                .into_iter()
                .map(|o| {
                    Ok(Objective {
                        by: by(&o.by, name)?,
                        id: o.id,
                        objective: o.objective,
                        measure: o.measure,
                        by_date: o.by_date,
                        support: o.support,
                    })
                })
                .collect::<Result<_>>()?;
        }
        Part::Plan => {
            c.development_plan = typed::<Vec<PlanItemV1>>(name, v)?
                .into_iter()
                .map(|d| {
                    Ok(DevelopmentItem {
                        status: parse_enum::<PlanStatus>(&d.status, name)?,
                        ksf: d
                            .ksf
                            .as_deref()
                            .map(|k| parse_enum::<Ksf>(k, name))
                            .transpose()?,
                        by: by(&d.by, name)?,
                        id: d.id,
                        need: d.need,
                        activity: d.activity,
                        support: d.support,
                        target_date: d.target_date,
                    })
                })
                .collect::<Result<_>>()?;
        }
        Part::PayStep => {
            let p: PayStepV1 = typed(name, v)?;
            c.pay_step = PayStep {
                date: p.date,
                no_capability: parse_enum::<Answer>(&p.no_capability, name)?,
                no_disciplinary: parse_enum::<Answer>(&p.no_disciplinary, name)?,
                training: parse_enum::<Answer>(&p.training, name)?,
                staff_appraised: parse_enum::<Answer>(&p.staff_appraised, name)?,
                by: by(&p.by, name)?,
            };
        }
        Part::Wellbeing => c.wellbeing = un_note(&typed(name, v)?, name)?,
        Part::Career => c.career = un_note(&typed(name, v)?, name)?,
        Part::ColleagueSummary => c.colleague_summary = un_note(&typed(name, v)?, name)?,
        Part::AppraiserSummary => c.appraiser_summary = un_note(&typed(name, v)?, name)?,
    }
    Ok(())
}

/// An included reflection back as an everyday value (shared, as it was when included).
pub fn reflection_from_part(name: &str, v: &Value) -> Result<Reflection> {
    let r: ReflectionV1 = typed(name, v)?;
    if name != format!("{REFLECTION_PART}{}", r.id) {
        return Err(Error::invalid(
            "pack",
            format!("The record's part “{name}” holds another reflection"),
        ));
    }
    let cpd_hours = r
        .cpd_hours
        .as_deref()
        .map(|h| {
            h.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    Error::invalid(
                        "pack",
                        format!("The reflection's CPD hours “{h}” are not a number"),
                    )
                })
        })
        .transpose()?;
    Ok(Reflection {
        model: parse_enum::<ReflectiveModel>(&r.model, name)?,
        tags: r
            .tags
            .into_iter()
            .map(|t| Tag {
                framework_id: t.framework_id.into(),
                framework_revision: t.framework_revision,
                value_key: t.value_key.into(),
                value_name: t.value_name.into(),
                behaviour_key: t.behaviour_key.map(Into::into),
                behaviour_text: t.behaviour_text.map(Into::into),
            })
            .collect(),
        id: r.id,
        title: r.title,
        event_date: r.event_date,
        body: r.body,
        visibility: Visibility::Shared,
        cpd_hours,
        cpd_participatory: r.cpd_participatory,
        created_at: String::new(),
        updated_at: String::new(),
        revision: 0,
        deleted_at: None,
    })
}
