//! The parts of an appraisal that `reflect appraisal set`, `objective` and `plan` change, and how
//! each option applies to the content.

use clap::{Args, ValueEnum};
use reflect_core::appraisal::{
    Answer, Appraisal, AppraisalContent, DevelopmentItem, Ksf, Objective, PlanStatus, Role,
};
use reflect_core::{Error, Result};

/// The text fields of an appraisal, as `reflect appraisal set` names them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Field {
    PeriodStart,
    PeriodEnd,
    Appraiser,
    AppraiserTitle,
    MeetingDate,
    Achievements,
    Challenges,
    WentWell,
    Support,
    /// Your summary for a value (needs --value).
    ValueSummary,
    /// The appraiser's comment on a value (needs --value and --as appraiser).
    ValueComment,
    /// Health and wellbeing notes (yours; hidden from the appraiser unless shared).
    Wellbeing,
    /// yes or no: share the wellbeing notes with the appraiser for this appraisal.
    WellbeingShared,
    Career,
    /// Summary comments: yours, or the appraiser's with --as appraiser.
    Summary,
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
    let for_value = || -> Result<usize> {
        let v = value_of
            .ok_or_else(|| Error::invalid("value_of", "Say which value with --value-of NAME"))?;
        value_index(a, v)
    };
    match field {
        Field::PeriodStart => c.period_start = text,
        Field::PeriodEnd => c.period_end = text,
        Field::Appraiser => c.appraiser_name = text,
        Field::AppraiserTitle => c.appraiser_job_title = text,
        Field::MeetingDate => c.meeting_date = text,
        Field::Achievements => c.review.achievements.text = text,
        Field::Challenges => c.review.challenges.text = text,
        Field::WentWell => c.review.went_well.text = text,
        Field::Support => c.review.support.text = text,
        Field::ValueSummary => {
            let i = for_value()?;
            c.values[i].summary.text = text;
        }
        Field::ValueComment => {
            let i = for_value()?;
            c.values[i].comment.text = text;
        }
        Field::Wellbeing => c.wellbeing.text = text,
        Field::WellbeingShared => {
            c.wellbeing_shared = match answer("wellbeing_shared", value)? {
                Answer::Yes => true,
                Answer::No => false,
                _ => return Err(Error::invalid("wellbeing_shared", "Answer yes or no")),
            }
        }
        Field::Career => c.career.text = text,
        Field::Summary => match role {
            Role::Colleague => c.colleague_summary.text = text,
            Role::Appraiser => c.appraiser_summary.text = text,
        },
        Field::PayStepDate => c.pay_step.date = text,
        Field::NoCapability => c.pay_step.no_capability = answer("pay_step.no_capability", value)?,
        Field::NoDisciplinary => {
            c.pay_step.no_disciplinary = answer("pay_step.no_disciplinary", value)?
        }
        Field::Training => c.pay_step.training = answer("pay_step.training", value)?,
        Field::StaffAppraised => {
            c.pay_step.staff_appraised = answer("pay_step.staff_appraised", value)?
        }
    }
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
