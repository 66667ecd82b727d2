//! The workflow: who is writing (`Role`), where an appraisal is (`AppraisalState`), its steps
//! (`Action`) and the whole state machine (`next_state`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Who is writing: the colleague whose appraisal it is, or their appraiser (line manager) working
/// on the colleague's device in appraiser mode.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[cfg_attr(
        feature = "cli",
        value(help = "You, the colleague whose appraisal it is (the default)")
    )]
    Colleague,
    #[cfg_attr(
        feature = "cli",
        value(help = "Your appraiser, writing on this device during the meeting (appraiser mode)")
    )]
    Appraiser,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Colleague => "colleague",
            Role::Appraiser => "appraiser",
        }
    }
    /// As a record labels the signer: "Colleague", "Appraiser".
    pub fn label(self) -> &'static str {
        match self {
            Role::Colleague => "Colleague",
            Role::Appraiser => "Appraiser",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "colleague" => Some(Role::Colleague),
            "appraiser" => Some(Role::Appraiser),
            _ => None,
        }
    }
}

/// Where an appraisal is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppraisalState {
    /// The colleague is preparing it.
    Draft,
    /// The colleague has submitted it to their appraiser.
    ReadyForReview,
    /// The appraiser's part: comments, objectives agreed, sign-off.
    InReview,
    /// Both have signed.
    Agreed,
}

impl AppraisalState {
    pub const ALL: [AppraisalState; 4] = [
        AppraisalState::Draft,
        AppraisalState::ReadyForReview,
        AppraisalState::InReview,
        AppraisalState::Agreed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AppraisalState::Draft => "draft",
            AppraisalState::ReadyForReview => "ready_for_review",
            AppraisalState::InReview => "in_review",
            AppraisalState::Agreed => "agreed",
        }
    }
    pub fn parse(s: &str) -> Option<AppraisalState> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
    /// As people say it.
    pub fn label(self) -> &'static str {
        match self {
            AppraisalState::Draft => "Draft",
            AppraisalState::ReadyForReview => "Ready for review",
            AppraisalState::InReview => "In review",
            AppraisalState::Agreed => "Agreed",
        }
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The colleague sends the prepared appraisal to the appraiser.
    Submit,
    /// The colleague takes it back to change it before the review starts.
    Withdraw,
    /// The appraiser starts their part (entering appraiser mode does this).
    StartReview,
    /// The colleague or the appraiser signs (the role comes with the request).
    Sign,
    /// Reopen a signed record (needs a reason; clears the signatures).
    Reopen,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Submit,
        Action::Withdraw,
        Action::StartReview,
        Action::Sign,
        Action::Reopen,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Withdraw => "withdraw",
            Action::StartReview => "start_review",
            Action::Sign => "sign",
            Action::Reopen => "reopen",
        }
    }
}

/// The state after `action` by `actor`, given which roles have signed already; or a plain-English
/// refusal. This is the whole state machine: storage only calls it.
pub fn next_state(
    state: AppraisalState,
    action: Action,
    actor: Role,
    signed: &[Role],
) -> Result<AppraisalState> {
    use AppraisalState::*;
    let refuse = |why: &str| Err(Error::invalid("state", why.to_string()));
    match (action, state) {
        (Action::Submit, Draft) if actor == Role::Colleague => Ok(ReadyForReview),
        (Action::Submit, Draft) => refuse("Only the colleague can submit their appraisal"),
        (Action::Submit, _) => refuse(&format!(
            "This appraisal has already been submitted (it is {})",
            state.label().to_lowercase()
        )),
        (Action::Withdraw, ReadyForReview) if actor == Role::Colleague => Ok(Draft),
        (Action::Withdraw, ReadyForReview) => {
            refuse("Only the colleague can withdraw their appraisal")
        }
        (Action::Withdraw, _) => refuse(&format!(
            "Only an appraisal that is ready for review can be withdrawn (this one is {})",
            state.label().to_lowercase()
        )),
        (Action::StartReview, ReadyForReview) if actor == Role::Appraiser => Ok(InReview),
        (Action::StartReview, ReadyForReview) => {
            refuse("Only the appraiser can start the review: use appraiser mode")
        }
        (Action::StartReview, InReview) => refuse("The review has already started"),
        (Action::StartReview, Draft) => {
            refuse("The colleague has not submitted this appraisal for review yet")
        }
        (Action::StartReview, Agreed) => {
            refuse("This appraisal is agreed: reopen it to review it again")
        }
        (Action::Sign, InReview) if signed.contains(&actor) => refuse(&format!(
            "The {} has already signed this appraisal",
            actor.as_str()
        )),
        (Action::Sign, InReview) => {
            let both = signed.len() + 1 >= 2;
            Ok(if both { Agreed } else { InReview })
        }
        (Action::Sign, Agreed) => refuse("This appraisal is already agreed and signed by both"),
        (Action::Sign, _) => refuse("An appraisal can be signed only once the review has started"),
        (Action::Reopen, Agreed) => Ok(InReview),
        (Action::Reopen, InReview) if !signed.is_empty() => Ok(InReview),
        (Action::Reopen, _) => {
            refuse("Only a signed appraisal needs reopening: this one can be changed as it is")
        }
    }
}

/// Why a pack was made.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// From the colleague to their appraiser, for a review at a distance.
    #[cfg_attr(
        feature = "cli",
        value(help = "For your appraiser to review (after you submit it)")
    )]
    ForReview,
    /// From the appraiser back to the colleague, with the appraiser's part.
    #[cfg_attr(feature = "cli", value(skip))]
    Reviewed,
    /// The agreed, signed record, for HR.
    #[cfg_attr(
        feature = "cli",
        value(help = "The agreed record, for HR (once both have signed)")
    )]
    Agreed,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ForReview => "for_review",
            Purpose::Reviewed => "reviewed",
            Purpose::Agreed => "agreed",
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Purpose::ForReview => "for your appraiser to review",
            Purpose::Reviewed => "reviewed by the appraiser",
            Purpose::Agreed => "the agreed record, for HR",
        }
    }
}
