//! The appraisal: its sections, who may write what, the state machine, the canonical record that
//! signatures hash, and the Agenda for Change pay-step standards. No SQL here (that is
//! `storage/appraisals.rs`), so every rule is testable on plain values.

/// New objectives, development-plan items and carried-forward items per appraisal.
pub const MAX_ITEMS: usize = 30;
/// Reflections included as evidence for one value.
pub const MAX_EVIDENCE: usize = 50;
/// One line of an objective or plan item, in characters.
pub const MAX_ITEM_FIELD: usize = 2_000;
/// The longest appraisal period, in months.
pub const MAX_PERIOD_MONTHS: u32 = 24;
/// Why the appraiser cannot sign on the colleague's device (the app and the CLI say it where
/// "sign as appraiser" was).
pub const APPRAISER_SIGNS_REMOTELY: &str = "The appraiser signs on their own device, with their own key: send the appraisal for review and they sign it in My team in one step";

mod checks;
mod content;
mod merge;
mod not_scanned;
mod pay_step;
mod record;
mod sections;
mod state;
mod view;

pub use checks::*;
pub use content::*;
pub use merge::*;
pub use not_scanned::*;
pub use pay_step::*;
pub use record::*;
pub use sections::*;
pub use state::*;
pub use view::*;
