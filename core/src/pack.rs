//! The appraisal pack (`.reflectpack`) as the app sees it: why it was made, what a reader holds
//! of it as an `Appraisal` view, its signatures as shown, and the privacy check over what it
//! carries. Its bytes are `format::pack` (pack format 2, documented in `schema/`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{
    pay_step_status, permissions, Appraisal, Part, Role, Signature, ValueEvidence, ViewMode,
    SECTIONS,
};
use crate::error::Result;
use crate::format::pack::Held;
use crate::format::record::decode;
use crate::format::signature::SignatureV1;
use crate::privacy::Finding;

pub use crate::format::pack::{PACK_FORMAT, PACK_FORMAT_VERSION as PACK_VERSION};
pub const PACK_EXTENSION: &str = "reflectpack";

pub use crate::appraisal::Purpose;

/// A key signature as the app shows it.
pub fn signature_view(s: &SignatureV1) -> Signature {
    let st = &s.statement;
    Signature {
        role: s.role().unwrap_or(Role::Colleague),
        name: st.name.clone(),
        job_title: st.job_title.clone(),
        signed_at: st.signed_at.clone(),
        sha256: st.record_sha256.clone(),
        fingerprint: crate::format::fingerprint(&st.public_key).ok(),
        public_key: Some(st.public_key.clone()),
        key_signed: true,
    }
}

/// The appraisal as a reader of the pack sees it (a share preview, My team, HR): a copy, so
/// nothing is editable and no step is offered; parts not disclosed to the reader are empty.
/// My team's review adds what the appraiser may do: `remote_review_view`.
pub fn appraisal_view(held: &Held, viewer: Role, today: NaiveDate) -> Result<Appraisal> {
    let r = &held.record;
    let d = decode(r, &held.parts)?;
    let content = d.content;
    let framework = r.framework();
    let evidence = framework
        .values
        .iter()
        .map(|v| {
            let ids = content
                .values
                .iter()
                .find(|s| s.value_key == v.key)
                .map(|s| s.reflection_ids.clone())
                .unwrap_or_default();
            ValueEvidence {
                key: v.key.clone(),
                name: v.name.clone(),
                included: ids
                    .iter()
                    .filter_map(|id| d.reflections.iter().find(|x| &x.id == id).cloned())
                    .collect(),
                proposed: Vec::new(),
                private_count: 0,
                unavailable: Vec::new(),
            }
        })
        .collect();
    let signatures: Vec<Signature> = held.signatures.iter().map(signature_view).collect();
    let signed = !signatures.is_empty();
    let sha = r.digest()?;
    let agreed_at = held.agreed_at();
    let agreed_on = agreed_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Local).date_naive());
    let details = r.profile();
    Ok(Appraisal {
        id: r.appraisal_id.clone(),
        state: held.state,
        viewer,
        pay_step: pay_step_status(&content.pay_step, agreed_on, today),
        wellbeing_hidden: !d.disclosed.contains(&Part::Wellbeing),
        content,
        details,
        framework,
        evidence,
        intact: signed.then(|| signatures.iter().all(|s| s.sha256 == sha)),
        signatures,
        events: Vec::new(),
        frozen: signed,
        editable: Vec::new(),
        steps: Vec::new(),
        record_sha256: signed.then(|| sha.clone()),
        previous_id: None,
        created_at: held.created_at.clone(),
        updated_at: held.created_at.clone(),
        agreed_at,
        // A pack is read, never saved over: My team sets its working copy's version.
        edit_version: 0,
    })
}

/// A colleague's appraisal as their appraiser reviews it at a distance (My team): a pack's view
/// with what they may do there (their comments and summary, then sign).
pub fn remote_review_view(held: &Held, today: NaiveDate) -> Result<Appraisal> {
    let mut a = appraisal_view(held, Role::Appraiser, today)?;
    let allowed = permissions(a.viewer, a.state, a.frozen, &a.signatures, ViewMode::Remote);
    a.editable = allowed.editable;
    a.steps = allowed.steps;
    Ok(a)
}

/// The sections a pack for `purpose` carries, by the section table: HR's pack only what HR
/// needs; the appraiser's everything they may see (the wellbeing notes only if shared).
pub fn goes(purpose: Purpose, part: Part, wellbeing_shared: bool) -> bool {
    use crate::appraisal::Goes;
    let Some(s) = SECTIONS.iter().find(|s| s.part == part) else {
        return false;
    };
    let reach = match purpose {
        Purpose::Agreed => s.reach.hr,
        Purpose::ForReview | Purpose::Reviewed => s.reach.appraiser,
    };
    match reach {
        Goes::Always => true,
        Goes::IfShared => wellbeing_shared,
        Goes::Never => false,
    }
}

/// A privacy finding in a pack, with where it is and a stable key to acknowledge it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PackFinding {
    pub key: String,
    /// Where it is, in words: "Reflection “Handover”, Description" or "Review: Achievements".
    pub location: String,
    /// The reflection to edit, if it is in one.
    pub reflection_id: Option<String>,
    pub finding: Finding,
}

/// Included reflection, as listed in the share preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackReflection {
    pub id: String,
    pub title: String,
    pub event_date: String,
}

/// Exactly what a pack will carry, and what the privacy check found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PackPreview {
    pub purpose: Purpose,
    pub appraisal_id: String,
    pub file_name: String,
    /// The appraisal as the recipient will see it.
    pub appraisal: Appraisal,
    pub reflections: Vec<PackReflection>,
    pub wellbeing_included: bool,
    /// Who it is for, in words ("your appraiser", "HR").
    pub recipient: String,
    /// Each section, and whether this pack carries it to the recipient.
    pub parts: Vec<PreviewPart>,
    pub findings: Vec<PackFinding>,
}

/// A section in the share preview: whether it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewPart {
    pub label: String,
    pub included: bool,
}

/// The preview's list of sections for what `held` carries.
pub fn preview_parts(held: &Held) -> Vec<PreviewPart> {
    let mut out: Vec<PreviewPart> = Vec::new();
    for s in SECTIONS {
        let label = if s.part == Part::Evidence {
            "Reflections included for each value (their text)".to_string()
        } else {
            s.label.to_string()
        };
        let included = if s.part == Part::Evidence {
            held.parts
                .iter()
                .any(|p| p.name.starts_with(crate::format::parts::REFLECTION_PART))
        } else {
            held.discloses(s.part)
        };
        if !out.iter().any(|p| p.label == label) {
            out.push(PreviewPart { label, included });
        }
    }
    out
}

/// The privacy check over every piece of text in a pack body: the content's texts as
/// `appraisal::texts` lists them (driven by the sections table), the wellbeing notes if they are
/// included, and each included reflection's title and answers. `appraisal::NOT_SCANNED` lists
/// the strings it does not read, and why; a test checks every other string in a pack is read.
pub fn findings(held: &Held) -> Result<Vec<PackFinding>> {
    use crate::privacy::check_text;
    let d = decode(&held.record, &held.parts)?;
    let content = d.content;
    let value_name = |key: &str| {
        held.record
            .framework
            .values
            .iter()
            .find(|x| x.key == key)
            .map_or(key, |x| x.name.as_str())
            .to_string()
    };
    let mut texts: Vec<(String, Option<String>, String, String)> =
        crate::appraisal::texts(&content, &value_name)
            .into_iter()
            .map(|t| (t.location, None, t.field, t.text))
            .collect();
    for r in &d.reflections {
        texts.push((
            format!("Reflection “{}”: title", r.title),
            Some(r.id.clone()),
            "title".into(),
            r.title.clone(),
        ));
        for p in r.model.prompts() {
            if let Some(t) = r.body.get(p.key) {
                texts.push((
                    format!("Reflection “{}”: {}", r.title, p.label),
                    Some(r.id.clone()),
                    format!("body.{}", p.key),
                    t.clone(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (location, reflection, field, text) in texts {
        if text.trim().is_empty() {
            continue;
        }
        for f in check_text(&field, &text) {
            let key = format!(
                "{}|{}|{}|{}",
                reflection.as_deref().unwrap_or("appraisal"),
                field,
                f.start,
                f.matched
            );
            out.push(PackFinding {
                key,
                location: location.clone(),
                reflection_id: reflection.clone(),
                finding: f,
            });
        }
    }
    Ok(out)
}
