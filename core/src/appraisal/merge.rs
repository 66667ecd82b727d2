//! Merging an edit into the stored content: who owns which part, and who wrote what.

use crate::error::{Error, Result};

use super::*;

/// Refuse a change by someone who does not own the part.
fn guard<T: PartialEq>(
    field: &str,
    stored: &T,
    incoming: &T,
    owner: Owner,
    actor: Role,
) -> Result<()> {
    if stored != incoming && !owner.allows(actor) {
        return Err(Error::invalid(
            field,
            format!("Only {} can change this", owner.name()),
        ));
    }
    Ok(())
}

/// A note as it should be stored: the incoming text, credited to `actor` if it changed.
fn note(field: &str, stored: &Note, incoming: &Note, owner: Owner, actor: Role) -> Result<Note> {
    guard(field, &stored.text, &incoming.text, owner, actor)?;
    Ok(if stored.text == incoming.text {
        stored.clone()
    } else {
        Note {
            text: incoming.text.clone(),
            by: (!incoming.text.is_empty()).then_some(actor),
        }
    })
}

/// Merge an edit by `actor` into the stored content: each part owned by someone else must be
/// unchanged, the wellbeing notes hidden from the appraiser are kept, and every changed note or
/// row is credited to `actor`. `value_keys` is the framework's values, in order. `new_id` gives
/// ids to new rows.
pub fn merge_edit(
    stored: &AppraisalContent,
    incoming: &AppraisalContent,
    actor: Role,
    value_keys: &[String],
    new_id: &mut dyn FnMut() -> String,
) -> Result<AppraisalContent> {
    let c = incoming;
    for (field, s, i) in [
        ("period_start", &stored.period_start, &c.period_start),
        ("period_end", &stored.period_end, &c.period_end),
    ] {
        guard(field, s, i, owner(Part::Period), actor)?;
    }
    guard(
        "wellbeing_shared",
        &stored.wellbeing_shared,
        &c.wellbeing_shared,
        owner(Part::Wellbeing),
        actor,
    )?;
    // The appraiser never saw hidden wellbeing notes (their view has them empty), so an empty
    // note from them means nothing and is kept as stored; any text is an edit, refused rather
    // than dropped.
    let wellbeing = if actor == Role::Appraiser && !stored.wellbeing_shared {
        if !c.wellbeing.text.is_empty() && c.wellbeing.text != stored.wellbeing.text {
            return Err(Error::invalid(
                "wellbeing",
                format!(
                    "Only {} can change the wellbeing notes, and they are not shared with the appraiser",
                    owner(Part::Wellbeing).name()
                ),
            ));
        }
        stored.wellbeing.clone()
    } else {
        note(
            "wellbeing",
            &stored.wellbeing,
            &c.wellbeing,
            owner(Part::Wellbeing),
            actor,
        )?
    };

    let mut values = Vec::with_capacity(value_keys.len());
    for (i, key) in c.values.iter().map(|v| &v.value_key).enumerate() {
        if !value_keys.contains(key) {
            return Err(Error::invalid(
                format!("values[{i}].value_key"),
                format!("'{key}' is not a value of this appraisal's framework"),
            ));
        }
    }
    let empty = ValueSection::default();
    for (i, key) in value_keys.iter().enumerate() {
        let s = stored
            .values
            .iter()
            .find(|v| &v.value_key == key)
            .unwrap_or(&empty);
        let n = c.values.iter().find(|v| &v.value_key == key).unwrap_or(s);
        let f = format!("values[{i}]");
        let mut ids: Vec<String> = Vec::with_capacity(n.reflection_ids.len());
        for id in &n.reflection_ids {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        guard(
            &format!("{f}.reflection_ids"),
            &s.reflection_ids,
            &ids,
            owner(Part::Evidence),
            actor,
        )?;
        let mut section = ValueSection {
            reflection_ids: ids,
            ..s.clone()
        };
        section.value_key = key.clone();
        for spec in VALUE_NOTES {
            *(spec.get_mut)(&mut section) = note(
                &format!("{f}.{}", spec.key),
                (spec.get)(s),
                (spec.get)(n),
                owner(spec.part),
                actor,
            )?;
        }
        values.push(section);
    }

    // Carried-forward items are fixed; only their outcome and note change.
    let mut previous = Vec::with_capacity(stored.previous.len());
    for (i, s) in stored.previous.iter().enumerate() {
        let Some(n) = c.previous.iter().find(|p| p.source_id == s.source_id) else {
            previous.push(s.clone());
            continue;
        };
        let f = format!("previous[{i}]");
        let mut item = s.clone();
        item.note = note(
            &format!("{f}.note"),
            &s.note,
            &n.note,
            owner(Part::Previous),
            actor,
        )?;
        if n.outcome != s.outcome {
            item.outcome = n.outcome;
            if item.note.text.is_empty() {
                item.note.by = Some(actor);
            }
        }
        previous.push(item);
    }

    let objectives = c
        .objectives
        .iter()
        .map(|o| {
            let old = stored
                .objectives
                .iter()
                .find(|s| !o.id.is_empty() && s.id == o.id);
            let mut row = o.clone();
            if row.id.is_empty() {
                row.id = new_id();
            }
            row.by = match old {
                Some(s) if same_objective(s, o) => s.by,
                _ => Some(actor),
            };
            row
        })
        .collect();
    let development_plan = c
        .development_plan
        .iter()
        .map(|d| {
            let old = stored
                .development_plan
                .iter()
                .find(|s| !d.id.is_empty() && s.id == d.id);
            let mut row = d.clone();
            if row.id.is_empty() {
                row.id = new_id();
            }
            row.by = match old {
                Some(s) if same_item(s, d) => s.by,
                _ => Some(actor),
            };
            row
        })
        .collect();
    let mut pay_step = c.pay_step.clone();
    pay_step.by = if same_pay_step(&stored.pay_step, &c.pay_step) {
        stored.pay_step.by
    } else {
        Some(actor)
    };

    // Anything not merged here keeps its stored value: an edit is never taken unchecked.
    let mut out = AppraisalContent {
        period_start: c.period_start.trim().to_string(),
        period_end: c.period_end.trim().to_string(),
        appraiser_name: c.appraiser_name.trim().to_string(),
        appraiser_job_title: c.appraiser_job_title.trim().to_string(),
        meeting_date: c.meeting_date.trim().to_string(),
        values,
        previous,
        objectives,
        development_plan,
        wellbeing,
        wellbeing_shared: c.wellbeing_shared,
        pay_step,
        ..stored.clone()
    };
    for spec in NOTES.iter().filter(|n| n.part != Part::Wellbeing) {
        *(spec.get_mut)(&mut out) = note(
            spec.key,
            (spec.get)(stored),
            (spec.get)(c),
            owner(spec.part),
            actor,
        )?;
    }
    Ok(out)
}

/// Who owns `part`, from `SECTIONS` (every part is there; a test checks it).
fn owner(part: Part) -> Owner {
    SECTIONS
        .iter()
        .find(|s| s.part == part)
        .map_or(Owner::Colleague, |s| s.owner)
}

fn same_objective(a: &Objective, b: &Objective) -> bool {
    (&a.objective, &a.measure, &a.by_date, &a.support)
        == (&b.objective, &b.measure, &b.by_date, &b.support)
}

fn same_item(a: &DevelopmentItem, b: &DevelopmentItem) -> bool {
    (
        &a.need,
        &a.activity,
        &a.support,
        &a.target_date,
        a.status,
        a.ksf,
    ) == (
        &b.need,
        &b.activity,
        &b.support,
        &b.target_date,
        b.status,
        b.ksf,
    )
}

fn same_pay_step(a: &PayStep, b: &PayStep) -> bool {
    (
        &a.date,
        a.no_capability,
        a.no_disciplinary,
        a.training,
        a.staff_appraised,
    ) == (
        &b.date,
        b.no_capability,
        b.no_disciplinary,
        b.training,
        b.staff_appraised,
    )
}
