//! The checks on an appraisal's content: on every save, before submitting, before signing.

use chrono::{Months, NaiveDate};

use crate::error::{Error, Result};
use crate::validate::{
    check_between, check_len, check_not_too_early, parse_date, MAX_DUE_YEARS, MAX_PROFILE_FIELD,
    NEAR_PERIOD_MONTHS,
};

use super::*;

fn optional_date(field: &str, value: &str) -> Result<Option<NaiveDate>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, value).map(Some)
    }
}

/// An optional date that, when given, is within `earliest..=latest` (`why` says why).
fn optional_date_between(
    field: &str,
    value: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
    why: &str,
) -> Result<()> {
    match optional_date(field, value)? {
        Some(d) => check_between(field, d, earliest, latest, why),
        None => Ok(()),
    }
}

/// The period's dates, checked: both real dates, not before [`crate::validate::EARLIEST_DATE`], the end after the
/// start, at most two years.
pub fn check_period(start: &str, end: &str) -> Result<(NaiveDate, NaiveDate)> {
    let s = parse_date("period_start", start)?;
    check_not_too_early("period_start", s)?;
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
    let (start, end) = check_period(&c.period_start, &c.period_end)?;
    let details = limit(Part::AppraiserDetails, |s| s.max_chars).unwrap_or(MAX_PROFILE_FIELD);
    check_len("appraiser_name", &c.appraiser_name, details)?;
    check_len("appraiser_job_title", &c.appraiser_job_title, details)?;
    // The ranges dates may take, from the period (validate.rs holds the numbers).
    let near = Months::new(NEAR_PERIOD_MONTHS);
    let near_period = (
        start.checked_sub_months(near).unwrap_or(start),
        end.checked_add_months(near).unwrap_or(end),
    );
    let near_why = format!("within {NEAR_PERIOD_MONTHS} months of the appraisal period");
    let due = (
        start,
        end.checked_add_months(Months::new(12 * MAX_DUE_YEARS))
            .unwrap_or(end),
    );
    let due_why =
        format!("from the period's start to {MAX_DUE_YEARS} years after the period's end");
    optional_date_between("meeting_date", &c.meeting_date, near_period, &near_why)?;
    optional_date_between("pay_step.date", &c.pay_step.date, near_period, &near_why)?;
    for (key, field, answer) in [
        (
            "no_capability",
            "pay_step.no_capability",
            c.pay_step.no_capability,
        ),
        (
            "no_disciplinary",
            "pay_step.no_disciplinary",
            c.pay_step.no_disciplinary,
        ),
        ("training", "pay_step.training", c.pay_step.training),
        (
            "staff_appraised",
            "pay_step.staff_appraised",
            c.pay_step.staff_appraised,
        ),
    ] {
        if answer == Answer::NotApplicable && key != NA_ALLOWED {
            return Err(Error::invalid(
                field,
                "Answer yes or no: not applicable is only for the standard on appraising your staff",
            ));
        }
    }
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
        optional_date_between(&format!("{f}.by_date"), &o.by_date, due, &due_why)?;
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
        optional_date_between(&format!("{f}.target_date"), &d.target_date, due, &due_why)?;
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
    // A row with nothing in it says nothing; each is named by its number, as the form shows it.
    for (i, o) in c.objectives.iter().enumerate() {
        require(
            &format!("objectives[{i}].objective"),
            &o.objective,
            &format!(
                "Objective {}: enter the objective, or remove the row",
                i + 1
            ),
        )?;
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        require(
            &format!("development_plan[{i}].need"),
            &d.need,
            &format!(
                "Development plan item {}: enter the development need, or remove the row",
                i + 1
            ),
        )?;
    }
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
            &format!(
                "Objective {}: enter the objective, or remove the row",
                i + 1
            ),
        )?;
        require(
            &format!("{f}.measure"),
            &o.measure,
            &format!("Objective {}: say how success will be measured", i + 1),
        )?;
        require(
            &format!("{f}.by_date"),
            &o.by_date,
            &format!(
                "Objective {}: enter the date it should be achieved by",
                i + 1
            ),
        )?;
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        let f = format!("development_plan[{i}]");
        require(
            &format!("{f}.need"),
            &d.need,
            &format!(
                "Development plan item {}: enter the development need, or remove the row",
                i + 1
            ),
        )?;
        require(
            &format!("{f}.activity"),
            &d.activity,
            &format!(
                "Development plan item {}: enter the activity that will meet the need",
                i + 1
            ),
        )?;
        require(
            &format!("{f}.target_date"),
            &d.target_date,
            &format!("Development plan item {}: enter a target date", i + 1),
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
