//! What HR holds of one agreed record and how it reads: HR's parts only (period, appraiser,
//! objectives, plan, pay-step answers), the values coverage as counts, and who signed when with
//! their key fingerprints. The PDFs and the app read an [`HrRecord`]; nothing else of the record
//! ever reaches HR.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{pay_step_status, Appraisal, Role, Signature, ValueEvidence};
use crate::error::Result;
use crate::format::pack::Held;
use crate::format::record::decode;
use crate::model::Profile;

/// A signer as HR shows them: their key's fingerprint beside the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrSigner {
    pub role: Role,
    pub name: String,
    pub job_title: String,
    pub signed_at: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// One value's coverage: how many shared reflections the colleague included (never which).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrCoverage {
    pub value: String,
    pub reflections: u32,
}

/// One record HR added, as HR reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HrRecord {
    pub held: Held,
    pub flags: Vec<String>,
    pub imported_at: String,
}

impl HrRecord {
    pub fn signers(&self) -> Vec<HrSigner> {
        self.held
            .signatures
            .iter()
            .filter_map(|s| {
                let st = &s.statement;
                Some(HrSigner {
                    role: s.role()?,
                    name: st.name.clone(),
                    job_title: st.job_title.clone(),
                    signed_at: st.signed_at.clone(),
                    public_key: st.public_key.clone(),
                    fingerprint: super::trust::fingerprint_or_blank(&st.public_key),
                })
            })
            .collect()
    }

    /// The values coverage, in the framework's order, by the values' names.
    pub fn coverage(&self) -> Vec<HrCoverage> {
        let r = &self.held.record;
        r.coverage
            .iter()
            .map(|c| HrCoverage {
                value: r
                    .framework
                    .values
                    .iter()
                    .find(|v| v.key == c.value_key)
                    .map_or_else(|| c.value_key.clone(), |v| v.name.clone()),
                reflections: c.reflections,
            })
            .collect()
    }

    /// The record as an appraisal view (sections HR does not hold are empty).
    pub fn appraisal(&self, today: NaiveDate) -> Result<Appraisal> {
        held_view(&self.held, today)
    }
}

/// The view of what HR holds.
// TODO(merge): the lead's `crate::pack::appraisal_view(held, Role::Colleague, today)` replaces
// this stand-in (one call).
fn held_view(held: &Held, today: NaiveDate) -> Result<Appraisal> {
    let r = &held.record;
    let decoded = decode(r, &held.parts)?;
    let content = decoded.content;
    let d = &r.details;
    let framework = r.framework();
    let digest = r.digest()?;
    let agreed_at = held.agreed_at();
    let agreed_on = agreed_at.as_deref().and_then(super::local_date);
    let evidence = framework
        .values
        .iter()
        .map(|v| ValueEvidence {
            key: v.key.clone(),
            name: v.name.clone(),
            included: Vec::new(),
            proposed: Vec::new(),
            private_count: 0,
            unavailable: Vec::new(),
        })
        .collect();
    let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    Ok(Appraisal {
        id: r.appraisal_id.clone(),
        state: held.state,
        viewer: Role::Colleague,
        pay_step: pay_step_status(&content.pay_step, agreed_on, today),
        wellbeing_hidden: true,
        content,
        details: Profile {
            name: d.name.clone(),
            job_title: d.job_title.clone(),
            grade: d.grade.clone(),
            team: d.team.clone(),
            department: some(&d.department),
            line_manager: d.line_manager.clone(),
            employee_number: some(&d.employee_number),
            registration: None,
            organisation_framework: r.framework.id.clone(),
            professional_frameworks: Vec::new(),
        },
        framework,
        evidence,
        signatures: held
            .signatures
            .iter()
            .filter_map(|s| {
                Some(Signature {
                    role: s.role()?,
                    name: s.statement.name.clone(),
                    job_title: s.statement.job_title.clone(),
                    signed_at: s.statement.signed_at.clone(),
                    sha256: s.statement.record_sha256.clone(),
                })
            })
            .collect(),
        events: Vec::new(),
        frozen: true,
        editable: Vec::new(),
        steps: Vec::new(),
        record_sha256: Some(digest),
        // Every signature was verified over this digest when the pack was opened.
        intact: Some(true),
        previous_id: None,
        created_at: held.created_at.clone(),
        updated_at: held.created_at.clone(),
        agreed_at,
    })
}
