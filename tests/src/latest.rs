//! Tests that are about something other than concurrent edits save and step on the appraisal as
//! it stands now: these read its current `edit_version` and pass it on, as a front end does with
//! the version it last read. The conflict rules themselves are tested through the real methods.

use chrono::NaiveDate;
use reflect_core::sharing::SealedPack;
use reflect_core::{Action, Appraisal, AppraisalContent, Result, Role, Store};

pub trait Latest {
    /// [`Store::save_appraisal`] on the current version.
    fn save_latest(
        &mut self,
        id: &str,
        c: &AppraisalContent,
        actor: Role,
        today: NaiveDate,
    ) -> Result<Appraisal>;

    /// [`Store::appraisal_action`] on the current version.
    fn act_latest(
        &mut self,
        id: &str,
        action: Action,
        actor: Role,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Appraisal>;

    /// [`Store::save_team_review`] on the current version.
    fn save_team_latest(
        &mut self,
        id: &str,
        c: &AppraisalContent,
        today: NaiveDate,
    ) -> Result<Appraisal>;

    /// [`Store::sign_team_review`] on the current version.
    fn sign_team_latest(&mut self, id: &str, today: NaiveDate) -> Result<Appraisal>;

    /// [`Store::sign_and_export_team_review`] on the current version.
    fn sign_export_team_latest(
        &mut self,
        id: &str,
        today: NaiveDate,
    ) -> Result<(Appraisal, SealedPack)>;
}

impl Latest for Store {
    fn save_latest(
        &mut self,
        id: &str,
        c: &AppraisalContent,
        actor: Role,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let now = self.appraisal(id, Role::Colleague, today)?.edit_version;
        self.save_appraisal(id, now, c, actor, today)
    }

    fn act_latest(
        &mut self,
        id: &str,
        action: Action,
        actor: Role,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let now = self.appraisal(id, Role::Colleague, today)?.edit_version;
        self.appraisal_action(id, now, action, actor, reason, today)
    }

    fn save_team_latest(
        &mut self,
        id: &str,
        c: &AppraisalContent,
        today: NaiveDate,
    ) -> Result<Appraisal> {
        let now = self.team_review(id, today)?.edit_version;
        self.save_team_review(id, now, c, today)
    }

    fn sign_team_latest(&mut self, id: &str, today: NaiveDate) -> Result<Appraisal> {
        let now = self.team_review(id, today)?.edit_version;
        self.sign_team_review(id, now, today)
    }

    fn sign_export_team_latest(
        &mut self,
        id: &str,
        today: NaiveDate,
    ) -> Result<(Appraisal, SealedPack)> {
        let now = self.team_review(id, today)?.edit_version;
        self.sign_and_export_team_review(id, now, today)
    }
}

/// An appraisal with Alex Smith as appraiser and a summary written, submitted for review (ready
/// to send as a pack for review). The profile must be set up. Returns its id.
pub fn submitted_appraisal(store: &mut Store, today: NaiveDate) -> String {
    let a = store
        .create_appraisal(
            &reflect_core::NewAppraisal {
                appraiser_name: "Alex Smith".into(),
                appraiser_job_title: "Ward Manager".into(),
                ..reflect_core::NewAppraisal::default()
            },
            today,
        )
        .unwrap();
    let mut c = a.content.clone();
    c.colleague_summary.text = "A year of learning on the ward.".into();
    store
        .save_latest(&a.id, &c, Role::Colleague, today)
        .unwrap();
    store
        .act_latest(&a.id, Action::Submit, Role::Colleague, None, today)
        .unwrap();
    a.id
}
