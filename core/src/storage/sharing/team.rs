//! My team: being rebuilt for key signatures (a placeholder while the new one lands; every call
//! is refused with a plain message).

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::appraisal::{Appraisal, AppraisalContent};
use crate::error::{Error, Result};
use crate::format::pack::VerifiedPack;
use crate::sharing::{PackImport, SealedPack, TeamReviewSummary};
use crate::store::Store;

fn rebuilding<T>() -> Result<T> {
    Err(Error::invalid(
        "pack",
        "My team is being rebuilt for key signatures",
    ))
}

pub(super) fn import_for_review(tx: &Transaction<'_>, v: &VerifiedPack) -> Result<PackImport> {
    let _ = (tx, v);
    rebuilding()
}

impl Store {
    pub fn team_reviews(&self) -> Result<Vec<TeamReviewSummary>> {
        rebuilding()
    }
    pub fn team_review(&self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        let _ = (id, today);
        rebuilding()
    }
    pub fn save_team_review(
        &mut self,
        id: &str,
        incoming: &AppraisalContent,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let _ = (id, incoming, today);
        rebuilding()
    }
    pub fn sign_team_review(&mut self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        let _ = (id, today);
        rebuilding()
    }
    pub fn export_reviewed_pack(&mut self, id: &str) -> Result<SealedPack> {
        let _ = id;
        rebuilding()
    }
}
