//! STUB until the lead's `crate::pack::remote_review_view(&Held, today)` and
//! `pack::signature_view(&SignatureV1)` land: My team's view of a held record, with what the
//! appraiser may do there. At merge, delete this file and call those instead.

use chrono::NaiveDate;

use crate::appraisal::{
    pay_step_status, Action, Appraisal, Part, Role, Signature, ValueEvidence, SECTIONS,
};
use crate::error::Result;
use crate::format::pack::Held;
use crate::format::record::decode;
use crate::format::signature::SignatureV1;
use crate::model::Profile;

/// The everyday view of a key signature.
pub(super) fn signature_view(s: &SignatureV1) -> Signature {
    Signature {
        role: s.role().unwrap_or(Role::Colleague),
        name: s.statement.name.clone(),
        job_title: s.statement.job_title.clone(),
        signed_at: s.statement.signed_at.clone(),
        sha256: s.statement.record_sha256.clone(),
    }
}

/// The appraiser's view in My team: the disclosed parts; their comments and summary editable
/// until anyone signs; Sign offered until they have (a record the colleague signed first can be
/// signed as it is).
pub(super) fn remote_review_view(held: &Held, today: NaiveDate) -> Result<Appraisal> {
    let d = decode(&held.record, &held.parts)?;
    let framework = held.record.framework();
    let evidence = framework
        .values
        .iter()
        .map(|v| {
            let ids = d
                .content
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
                    .filter_map(|id| d.reflections.iter().find(|r| &r.id == id).cloned())
                    .collect(),
                proposed: Vec::new(),
                private_count: 0,
                unavailable: Vec::new(),
            }
        })
        .collect();
    let r = &held.record.details;
    let details = Profile {
        name: r.name.clone(),
        job_title: r.job_title.clone(),
        grade: r.grade.clone(),
        team: r.team.clone(),
        department: Some(r.department.clone()).filter(|s| !s.is_empty()),
        line_manager: r.line_manager.clone(),
        employee_number: Some(r.employee_number.clone()).filter(|s| !s.is_empty()),
        registration: None,
        organisation_framework: held.record.framework.id.clone(),
        professional_frameworks: Vec::new(),
    };
    let signed = !held.signatures.is_empty();
    let appraiser_signed = held.signature(Role::Appraiser).is_some();
    let digest = held.record.digest()?;
    let agreed_on = held
        .agreed_at()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&chrono::Local).date_naive());
    let editable: Vec<Part> = if signed {
        Vec::new()
    } else {
        SECTIONS
            .iter()
            .map(|s| s.part)
            .filter(|p| matches!(p, Part::ValueComment | Part::AppraiserSummary))
            .collect()
    };
    Ok(Appraisal {
        id: held.record.appraisal_id.clone(),
        state: held.state,
        viewer: Role::Appraiser,
        pay_step: pay_step_status(&d.content.pay_step, agreed_on, today),
        wellbeing_hidden: !d.disclosed.contains(&Part::Wellbeing),
        content: d.content,
        details,
        framework,
        evidence,
        signatures: held.signatures.iter().map(signature_view).collect(),
        events: Vec::new(),
        frozen: signed,
        editable,
        steps: if appraiser_signed {
            Vec::new()
        } else {
            vec![Action::Sign]
        },
        record_sha256: signed.then(|| digest.clone()),
        intact: signed.then(|| held.signatures.iter().all(|s| s.verify(&digest).is_ok())),
        previous_id: None,
        created_at: held.created_at.clone(),
        updated_at: held.created_at.clone(),
        agreed_at: held.agreed_at(),
    })
}
