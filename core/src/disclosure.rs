//! The privacy check where writing is about to be kept or leave the device: a rewrite saved to a
//! reflection (`Store::fix_privacy`), and the findings over the reflections a document will print
//! (the check before a PDF export). The detectors and rewrites are `crate::privacy`'s; this
//! module only says which text is checked and what a saved fix returns. No SQL.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{texts, Appraisal, Part, NOTES};
use crate::model::Reflection;
use crate::pack::PackFinding;
use crate::privacy::{check_text, Finding, PrivacyReport};

/// What a privacy fix on a saved reflection did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PrivacyFix {
    /// The reflection as it is now (a new revision when anything was rewritten; the version
    /// before the fix stays in its history).
    pub reflection: Reflection,
    /// Each finding rewritten, as it was found (`matched` became `suggestion`). Empty: nothing
    /// to rewrite, and nothing was saved.
    pub rewritten: Vec<Finding>,
    /// The check over the reflection as it is now: what is left (advisories, and anything the
    /// rewrite could not fix).
    pub report: PrivacyReport,
}

/// Which parts of a reflection a document prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printed {
    /// The title and every answer (the reflection quoted in full).
    Whole,
    /// The title only (a row of a log, such as the NMC CPD log).
    TitleOnly,
}

/// The privacy findings over what a document prints of `reflections`, each with where it is
/// ("Reflection “Handover”: Description") and the reflection's id, keyed as the share preview
/// keys them. A reflection printed twice (an NMC account also in the CPD log) is reported once
/// per finding.
pub fn reflection_findings<'a>(
    reflections: impl IntoIterator<Item = (&'a Reflection, Printed)>,
) -> Vec<PackFinding> {
    let mut out: Vec<PackFinding> = Vec::new();
    for (r, printed) in reflections {
        let mut texts = vec![(
            format!("Reflection “{}”: title", r.title),
            "title".to_string(),
            r.title.as_str(),
        )];
        if printed == Printed::Whole {
            for p in r.model.prompts() {
                if let Some(t) = r.body.get(p.key) {
                    texts.push((
                        format!("Reflection “{}”: {}", r.title, p.label),
                        format!("body.{}", p.key),
                        t.as_str(),
                    ));
                }
            }
        }
        for (location, field, text) in texts {
            for f in check_text(&field, text) {
                let key = format!("{}|{}|{}|{}", r.id, field, f.start, f.matched);
                if out.iter().any(|o| o.key == key) {
                    continue;
                }
                out.push(PackFinding {
                    key,
                    location: location.clone(),
                    reflection_id: Some(r.id.clone()),
                    finding: f,
                });
            }
        }
    }
    out
}

/// The privacy findings over what the colleague's appraisal record PDF prints: every free text of
/// the record (`appraisal::texts`; the wellbeing notes only with `include_wellbeing`, as the PDF)
/// and each included reflection in full. Findings in the record's own text have no
/// `reflection_id`: they are changed in the appraisal workspace.
pub fn appraisal_findings(a: &Appraisal, include_wellbeing: bool) -> Vec<PackFinding> {
    let value_name = |key: &str| {
        a.framework
            .values
            .iter()
            .find(|v| v.key == key)
            .map_or(key, |v| v.name.as_str())
            .to_string()
    };
    let wellbeing = |field: &str| {
        NOTES
            .iter()
            .any(|n| n.key == field && n.part == Part::Wellbeing)
    };
    let mut out = Vec::new();
    for t in texts(&a.content, &value_name) {
        if t.text.trim().is_empty() || (!include_wellbeing && wellbeing(&t.field)) {
            continue;
        }
        for f in check_text(&t.field, &t.text) {
            out.push(PackFinding {
                key: format!("appraisal|{}|{}|{}", t.field, f.start, f.matched),
                location: t.location.clone(),
                reflection_id: None,
                finding: f,
            });
        }
    }
    let included = a
        .evidence
        .iter()
        .flat_map(|e| e.included.iter().map(|r| (r, Printed::Whole)));
    out.extend(reflection_findings(included));
    out
}
