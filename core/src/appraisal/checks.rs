//! The checks on an appraisal's content: on every save, before submitting, before signing.

use chrono::{Months, NaiveDate};

use crate::error::{Error, Result};
use crate::validate::{check_len, parse_date, MAX_PROFILE_FIELD};

use super::*;

fn optional_date(field: &str, value: &str) -> Result<Option<NaiveDate>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, value).map(Some)
    }
}

/// The period's dates, checked: both real dates, the end after the start, at most two years.
pub fn check_period(start: &str, end: &str) -> Result<(NaiveDate, NaiveDate)> {
    let s = parse_date("period_start", start)?;
    let e = parse_date("period_end", end)?;
    if e < s {
        return Err(Error::invalid(
            "period_end",
            format!("The end of the period must be after its start ({s})"),
        ));
    }
    if s.checked_add_months(Months::new(MAX_PERIOD_MONTHS))
        .is_some_and(|max| e > max)
    {
        return Err(Error::invalid(
            "period_end",
            format!("An appraisal period can be at most {MAX_PERIOD_MONTHS} months long"),
        ));
    }
    Ok((s, e))
}

/// Checks that hold on every save (a half-done appraisal is fine; nonsense is not).
pub fn validate(c: &AppraisalContent) -> Result<()> {
    check_period(&c.period_start, &c.period_end)?;
    let details = limit(Part::AppraiserDetails, |s| s.max_chars).unwrap_or(MAX_PROFILE_FIELD);
    check_len("appraiser_name", &c.appraiser_name, details)?;
    check_len("appraiser_job_title", &c.appraiser_job_title, details)?;
    optional_date("meeting_date", &c.meeting_date)?;
    optional_date("pay_step.date", &c.pay_step.date)?;
    for n in NOTES {
        check_len(n.key, &(n.get)(c).text, n.max_chars)?;
    }
    let evidence = limit(Part::Evidence, |s| s.max_items).unwrap_or(MAX_EVIDENCE);
    for (i, v) in c.values.iter().enumerate() {
        for n in VALUE_NOTES {
            check_len(
                &format!("values[{i}].{}", n.key),
                &(n.get)(v).text,
                n.max_chars,
            )?;
        }
        if v.reflection_ids.len() > evidence {
            return Err(Error::invalid(
                format!("values[{i}].reflection_ids"),
                format!("Include at most {evidence} reflections for one value"),
            ));
        }
    }
    for (field, part, n) in [
        ("objectives", Part::Objectives, c.objectives.len()),
        ("development_plan", Part::Plan, c.development_plan.len()),
    ] {
        let max = limit(part, |s| s.max_items).unwrap_or(MAX_ITEMS);
        if n > max {
            return Err(Error::invalid(field, format!("Add at most {max} items")));
        }
    }
    let previous = limit(Part::Previous, |s| s.max_chars).unwrap_or(MAX_ITEM_FIELD);
    for (i, p) in c.previous.iter().enumerate() {
        check_len(&format!("previous[{i}].note"), &p.note.text, previous)?;
    }
    let objectives = limit(Part::Objectives, |s| s.max_chars).unwrap_or(MAX_ITEM_FIELD);
    let plan = limit(Part::Plan, |s| s.max_chars).unwrap_or(MAX_ITEM_FIELD);
    for (i, o) in c.objectives.iter().enumerate() {
        let f = format!("objectives[{i}]");
        for (name, v) in [
            ("objective", &o.objective),
            ("measure", &o.measure),
            ("support", &o.support),
        ] {
            check_len(&format!("{f}.{name}"), v, objectives)?;
        }
        optional_date(&format!("{f}.by_date"), &o.by_date)?;
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        let f = format!("development_plan[{i}]");
        for (name, v) in [
            ("need", &d.need),
            ("activity", &d.activity),
            ("support", &d.support),
        ] {
            check_len(&format!("{f}.{name}"), v, plan)?;
        }
        optional_date(&format!("{f}.target_date"), &d.target_date)?;
    }
    Ok(())
}

/// A limit of `part` from `SECTIONS`.
fn limit(part: Part, of: fn(&Section) -> Option<usize>) -> Option<usize> {
    SECTIONS.iter().find(|s| s.part == part).and_then(of)
}

fn require(field: &str, value: &str, message: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid(field, message.to_string()))
    } else {
        Ok(())
    }
}

/// What must be filled in before the colleague can submit.
pub fn check_ready_to_submit(c: &AppraisalContent) -> Result<()> {
    require(
        "appraiser_name",
        &c.appraiser_name,
        "Enter your appraiser's name",
    )?;
    require(
        "appraiser_job_title",
        &c.appraiser_job_title,
        "Enter your appraiser's job title",
    )?;
    Ok(())
}

/// What must be complete before anyone signs: every carried-forward item has an outcome, and
/// every new objective and plan item is complete (SMART objectives need a measure and a date).
pub fn check_ready_to_sign(c: &AppraisalContent) -> Result<()> {
    check_ready_to_submit(c)?;
    for (i, p) in c.previous.iter().enumerate() {
        if p.outcome.is_none() {
            return Err(Error::invalid(
                format!("previous[{i}].outcome"),
                format!("Say how last year's item \"{}\" went", short(&p.text)),
            ));
        }
    }
    for (i, o) in c.objectives.iter().enumerate() {
        let f = format!("objectives[{i}]");
        require(
            &format!("{f}.objective"),
            &o.objective,
            "Enter the objective, or remove the row",
        )?;
        require(
            &format!("{f}.measure"),
            &o.measure,
            "Say how success will be measured",
        )?;
        require(
            &format!("{f}.by_date"),
            &o.by_date,
            "Enter the date it should be achieved by",
        )?;
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        let f = format!("development_plan[{i}]");
        require(
            &format!("{f}.need"),
            &d.need,
            "Enter the development need, or remove the row",
        )?;
        require(
            &format!("{f}.activity"),
            &d.activity,
            "Enter the activity that will meet the need",
        )?;
        require(
            &format!("{f}.target_date"),
            &d.target_date,
            "Enter a target date",
        )?;
    }
    Ok(())
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}
