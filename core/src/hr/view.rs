//! What HR holds of one agreed record and how it reads: HR's parts only (period, appraiser,
//! objectives, plan, pay-step answers), the values coverage as counts, and who signed when with
//! their key fingerprints. The PDFs and the app read an [`HrRecord`]; nothing else of the record
//! ever reaches HR.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appraisal::{Appraisal, Role};
use crate::error::Result;
use crate::format::pack::Held;

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

/// The view of what HR holds: the sharing layer's view of a held record.
fn held_view(held: &Held, today: NaiveDate) -> Result<Appraisal> {
    crate::pack::appraisal_view(held, Role::Colleague, today)
}
