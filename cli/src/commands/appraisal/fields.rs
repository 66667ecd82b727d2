//! The parts of an appraisal that `reflect appraisal set`, `objective` and `plan` change, and how
//! each option applies to the content.

use std::sync::OnceLock;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use reflect_core::appraisal::{
    note_spec, Answer, Appraisal, AppraisalContent, DevelopmentItem, Ksf, NoteSpec, Objective,
    Part, PlanStatus, Role, ValueNoteSpec, NOTES, VALUE_NOTES,
};
use reflect_core::{Error, Result};

use crate::commands::options::Options;

/// The options that set each field of an appraisal outside `set` (whose FIELD names it): the
/// rows of `objective`, `plan` and `outcome`, the evidence of `include`, the dates of `new`.
/// The steps (submit, sign) name the option that fills in what is missing.
pub const OPTIONS: Options = &[
    ("period_start", "--start"),
    ("period_end", "--end"),
    ("appraiser_name", "--appraiser"),
    ("appraiser_job_title", "--appraiser-title"),
    ("objectives[].objective", "--objective"),
    ("objectives[].measure", "--measure"),
    ("objectives[].by_date", "--by"),
    ("objectives[].support", "--support"),
    ("development_plan[].need", "--need"),
    ("development_plan[].activity", "--activity"),
    ("development_plan[].support", "--support"),
    ("development_plan[].target_date", "--target"),
    ("previous[].note", "--note"),
    ("previous[].outcome", "OUTCOME"),
    ("values[].reflection_ids", "reflections"),
    ("value", "--value"),
];

/// The fields of `reflect appraisal set` that are not free-text notes: dates, names, answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Fixed {
    PeriodStart,
    PeriodEnd,
    Appraiser,
    AppraiserTitle,
    MeetingDate,
    /// yes or no: share the wellbeing notes with the appraiser for this appraisal.
    WellbeingShared,
    PayStepDate,
    /// yes, no: no formal capability process under way.
    NoCapability,
    /// yes, no: no live formal disciplinary sanction.
    NoDisciplinary,
    /// yes, no: statutory and mandatory training complete.
    Training,
    /// yes, no, n/a: (managers) all your staff appraised.
    StaffAppraised,
}

/// The core field each fixed field sets (the one table for `set_field` and for naming the field
/// typed in an error).
const FIXED_FIELDS: &[(Fixed, &str)] = &[
    (Fixed::PeriodStart, "period_start"),
    (Fixed::PeriodEnd, "period_end"),
    (Fixed::Appraiser, "appraiser_name"),
    (Fixed::AppraiserTitle, "appraiser_job_title"),
    (Fixed::MeetingDate, "meeting_date"),
    (Fixed::WellbeingShared, "wellbeing_shared"),
    (Fixed::PayStepDate, "pay_step.date"),
    (Fixed::NoCapability, "pay_step.no_capability"),
    (Fixed::NoDisciplinary, "pay_step.no_disciplinary"),
    (Fixed::Training, "pay_step.training"),
    (Fixed::StaffAppraised, "pay_step.staff_appraised"),
];

fn core_field(f: Fixed) -> &'static str {
    FIXED_FIELDS
        .iter()
        .find(|(x, _)| *x == f)
        .map_or("", |(_, k)| *k)
}

/// What a field of `reflect appraisal set` changes.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Fixed(Fixed),
    /// A note of `NOTES`, named by the last segment of its key (`review.went_well`: `went-well`).
    Note(&'static NoteSpec),
    /// A note of `VALUE_NOTES` for the value given with `--value-of` (`value-summary`).
    ValueNote(&'static ValueNoteSpec),
    /// `summary`: the colleague's summary comments, or the appraiser's with `--as appraiser`.
    Summary,
}

/// A field of an appraisal, as `reflect appraisal set` names it.
///
/// The notes come from core's tables (`NOTES`, `VALUE_NOTES`), so a new note needs no edit here.
/// clap's derive wants a fixed enum, so `ValueEnum` is implemented by hand over a list built once
/// from the tables (`fields()`); clap then parses, lists and suggests the names exactly as the
/// derive did.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

/// Where each group of fields goes in the list `--help` shows.
enum Slot {
    Fixed(Fixed),
    /// Every note of `NOTES` in this part, in the table's order.
    Notes(Part),
    /// Every note of `VALUE_NOTES`.
    ValueNotes,
    Summary,
    /// Any note of `NOTES` no slot above names (a part new to the table), in the table's order.
    OtherNotes,
}

const LAYOUT: &[Slot] = &[
    Slot::Fixed(Fixed::PeriodStart),
    Slot::Fixed(Fixed::PeriodEnd),
    Slot::Fixed(Fixed::Appraiser),
    Slot::Fixed(Fixed::AppraiserTitle),
    Slot::Fixed(Fixed::MeetingDate),
    Slot::Notes(Part::Review),
    Slot::ValueNotes,
    Slot::Notes(Part::Wellbeing),
    Slot::Fixed(Fixed::WellbeingShared),
    Slot::Notes(Part::Career),
    Slot::Summary,
    Slot::OtherNotes,
    Slot::Fixed(Fixed::PayStepDate),
    Slot::Fixed(Fixed::NoCapability),
    Slot::Fixed(Fixed::NoDisciplinary),
    Slot::Fixed(Fixed::Training),
    Slot::Fixed(Fixed::StaffAppraised),
];

/// The notes `summary` sets, by who is acting.
const SUMMARY: [(Role, &str); 2] = [
    (Role::Colleague, "colleague_summary"),
    (Role::Appraiser, "appraiser_summary"),
];

/// The help `--help` shows for a note field, by its name (a note without one is listed bare).
const NOTE_HELP: &[(&str, &str)] = &[
    ("value-summary", "Your summary for a value (needs --value)"),
    (
        "value-comment",
        "The appraiser's comment on a value (needs --value and --as appraiser)",
    ),
    (
        "wellbeing",
        "Health and wellbeing notes (yours; hidden from the appraiser unless shared)",
    ),
    (
        "summary",
        "Summary comments: yours, or the appraiser's with --as appraiser",
    ),
];

/// A note's field name: the last segment of its key, `_` as `-` (`review.went_well`: `went-well`).
/// Built once per process (`fields()`), so the leaked names are the list's own storage.
fn note_name(key: &str) -> &'static str {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.replace('_', "-").leak()
}

/// Every field, in the order `--help` lists them.
fn fields() -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Field>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let placed = |n: &NoteSpec| {
            SUMMARY.iter().any(|(_, k)| *k == n.key)
                || LAYOUT
                    .iter()
                    .any(|s| matches!(s, Slot::Notes(p) if *p == n.part))
        };
        let note = |n: &'static NoteSpec| Field {
            name: note_name(n.key),
            kind: Kind::Note(n),
        };
        let mut out = Vec::new();
        for slot in LAYOUT {
            match slot {
                Slot::Fixed(f) => out.push(Field {
                    name: f
                        .to_possible_value()
                        .map_or("", |v| v.get_name().to_owned().leak()),
                    kind: Kind::Fixed(*f),
                }),
                Slot::Notes(part) => out.extend(NOTES.iter().filter(|n| n.part == *part).map(note)),
                Slot::ValueNotes => out.extend(VALUE_NOTES.iter().map(|n| Field {
                    name: format!("value-{}", note_name(n.key)).leak(),
                    kind: Kind::ValueNote(n),
                })),
                Slot::Summary => out.push(Field {
                    name: "summary",
                    kind: Kind::Summary,
                }),
                Slot::OtherNotes => out.extend(NOTES.iter().filter(|n| !placed(n)).map(note)),
            }
        }
        out
    })
}

impl ValueEnum for Field {
    fn value_variants<'a>() -> &'a [Self] {
        fields()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self.kind {
            Kind::Fixed(f) => return f.to_possible_value(),
            _ => {
                let v = PossibleValue::new(self.name);
                match NOTE_HELP.iter().find(|(n, _)| *n == self.name) {
                    Some((_, help)) => v.help(*help),
                    None => v,
                }
            }
        })
    }
}

#[derive(Debug, Args)]
pub struct ObjectiveFields {
    /// The objective.
    #[arg(long)]
    pub objective: Option<String>,
    /// How success will be measured.
    #[arg(long)]
    pub measure: Option<String>,
    /// By when, YYYY-MM-DD.
    #[arg(long)]
    pub by: Option<String>,
    /// Support needed.
    #[arg(long)]
    pub support: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanFields {
    /// The development need.
    #[arg(long)]
    pub need: Option<String>,
    /// The activity that will meet it.
    #[arg(long)]
    pub activity: Option<String>,
    /// Support needed.
    #[arg(long)]
    pub support: Option<String>,
    /// Target date, YYYY-MM-DD.
    #[arg(long)]
    pub target: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<PlanStatus>,
    /// The NHS KSF core dimension it develops.
    #[arg(long, value_enum)]
    pub ksf: Option<Ksf>,
}

impl Field {
    /// Whether core's `field` is what this field sets (`values[2].summary` for `value-summary`).
    fn sets(self, field: &str) -> bool {
        match self.kind {
            Kind::Fixed(f) => core_field(f) == field,
            Kind::Note(n) => n.key == field,
            Kind::ValueNote(n) => {
                field.starts_with("values[") && field.ends_with(&format!("].{}", n.key))
            }
            Kind::Summary => SUMMARY.iter().any(|(_, k)| *k == field),
        }
    }

    /// An error about what this field sets, naming the FIELD as typed (`training`, not
    /// `pay_step.training`); any other error passes unchanged.
    pub fn typed(self, e: Error) -> Error {
        match e {
            Error::Invalid { field, message } if self.sets(&field) => {
                Error::invalid(self.name, message)
            }
            other => other,
        }
    }
}

pub fn value_index(a: &Appraisal, wanted: &str) -> Result<usize> {
    let w = wanted.trim().to_lowercase();
    a.framework
        .values
        .iter()
        .position(|v| v.key == w || v.name.to_lowercase() == w)
        .ok_or_else(|| {
            let names: Vec<&str> = a.framework.values.iter().map(|v| v.name.as_str()).collect();
            Error::invalid(
                "value",
                format!(
                    "'{wanted}' is not a value of {} (it has: {})",
                    a.framework.name,
                    names.join(", ")
                ),
            )
        })
}

fn answer(field: &str, value: &str) -> Result<Answer> {
    Answer::parse(value)
        .ok_or_else(|| Error::invalid(field, format!("Answer yes, no or n/a (found '{value}')")))
}

pub fn set_field(
    a: &Appraisal,
    c: &mut AppraisalContent,
    field: Field,
    value: &str,
    value_of: Option<&str>,
    role: Role,
) -> Result<()> {
    let text = value.to_string();
    if value_of.is_some() && !matches!(field.kind, Kind::ValueNote(_)) {
        let takes: Vec<&str> = fields()
            .iter()
            .filter(|f| matches!(f.kind, Kind::ValueNote(_)))
            .map(|f| f.name)
            .collect();
        return Err(Error::invalid(
            "--value-of",
            format!(
                "'{}' is not about one value, so it takes no --value-of (only {} do)",
                field.name,
                takes.join(" and ")
            ),
        ));
    }
    let for_value = || -> Result<usize> {
        let v = value_of
            .ok_or_else(|| Error::invalid("--value-of", "Say which value with --value-of NAME"))?;
        value_index(a, v).map_err(|e| match e {
            Error::Invalid { message, .. } => Error::invalid("--value-of", message),
            other => other,
        })
    };
    match field.kind {
        Kind::Note(n) => (n.get_mut)(c).text = text,
        Kind::ValueNote(n) => {
            let i = for_value()?;
            (n.get_mut)(&mut c.values[i]).text = text;
        }
        Kind::Summary => {
            let key = SUMMARY.iter().find(|(r, _)| *r == role).map(|(_, k)| *k);
            let n = key
                .and_then(note_spec)
                .ok_or_else(|| Error::invalid("summary", "No summary note for this role"))?;
            (n.get_mut)(c).text = text;
        }
        Kind::Fixed(f) => match f {
            Fixed::PeriodStart => c.period_start = text,
            Fixed::PeriodEnd => c.period_end = text,
            Fixed::Appraiser => c.appraiser_name = text,
            Fixed::AppraiserTitle => c.appraiser_job_title = text,
            Fixed::MeetingDate => c.meeting_date = text,
            Fixed::WellbeingShared => {
                c.wellbeing_shared = match answer(core_field(f), value)? {
                    Answer::Yes => true,
                    Answer::No => false,
                    _ => return Err(Error::invalid(core_field(f), "Answer yes or no")),
                }
            }
            Fixed::PayStepDate => c.pay_step.date = text,
            Fixed::NoCapability => c.pay_step.no_capability = answer(core_field(f), value)?,
            Fixed::NoDisciplinary => c.pay_step.no_disciplinary = answer(core_field(f), value)?,
            Fixed::Training => c.pay_step.training = answer(core_field(f), value)?,
            Fixed::StaffAppraised => c.pay_step.staff_appraised = answer(core_field(f), value)?,
        },
    }
    Ok(())
}

/// Stop including `reflections` for `value`: each must be included now (an id that is not is
/// refused, naming what is included, rather than succeeding with nothing done).
pub fn exclude(
    a: &Appraisal,
    c: &mut AppraisalContent,
    value: &str,
    reflections: &[String],
) -> Result<()> {
    let i = value_index(a, value)?;
    let included = &c.values[i].reflection_ids;
    if let Some(r) = reflections.iter().find(|r| !included.contains(r)) {
        let name = &a.framework.values[i].name;
        return Err(Error::invalid(
            "reflections",
            if included.is_empty() {
                format!("'{r}' is not included for {name}: no reflection is")
            } else {
                format!(
                    "'{r}' is not included for {name} (included: {})",
                    included.join(", ")
                )
            },
        ));
    }
    c.values[i]
        .reflection_ids
        .retain(|r| !reflections.contains(r));
    Ok(())
}

pub fn apply_objective(o: &mut Objective, f: &ObjectiveFields) {
    for (target, value) in [
        (&mut o.objective, &f.objective),
        (&mut o.measure, &f.measure),
        (&mut o.by_date, &f.by),
        (&mut o.support, &f.support),
    ] {
        if let Some(v) = value {
            *target = v.clone();
        }
    }
}

pub fn apply_plan(d: &mut DevelopmentItem, f: &PlanFields) {
    for (target, value) in [
        (&mut d.need, &f.need),
        (&mut d.activity, &f.activity),
        (&mut d.support, &f.support),
        (&mut d.target_date, &f.target),
    ] {
        if let Some(v) = value {
            *target = v.clone();
        }
    }
    if let Some(s) = f.status {
        d.status = s;
    }
    if let Some(k) = f.ksf {
        d.ksf = Some(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every note of the tables is a field, once, and no two fields share a name.
    #[test]
    fn every_note_is_a_field() {
        let names: Vec<&str> = fields().iter().map(|f| f.name).collect();
        for (i, n) in names.iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} twice");
        }
        for n in NOTES {
            let by_name = fields()
                .iter()
                .any(|f| matches!(f.kind, Kind::Note(m) if m.key == n.key));
            let by_summary = SUMMARY.iter().any(|(_, k)| *k == n.key);
            assert!(
                by_name != by_summary,
                "{} is not set exactly one way",
                n.key
            );
        }
        for n in VALUE_NOTES {
            assert!(fields()
                .iter()
                .any(|f| matches!(f.kind, Kind::ValueNote(m) if m.key == n.key)));
        }
        for (_, key) in SUMMARY {
            assert!(
                note_spec(key).is_some(),
                "summary sets {key}, which is no note"
            );
        }
        for f in Fixed::value_variants() {
            assert!(!core_field(*f).is_empty(), "{f:?} sets no core field");
        }
        for (name, _) in NOTE_HELP {
            assert!(names.contains(name), "help for {name}, which is no field");
        }
    }
}
