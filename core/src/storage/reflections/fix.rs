//! A privacy fix on a saved reflection: the suggested rewrites applied to the text as it is saved
//! now and saved as a new revision, in one write transaction.

use chrono::Local;

use crate::disclosure::PrivacyFix;
use crate::error::{Error, Result};
use crate::privacy::{fix_reflection, report_reflection, FixTarget};
use crate::store::{now_utc, Store};

use super::history::Revision;
use super::read::read;
use super::save::{save, validate_input};

impl Store {
    /// Rewrite one privacy finding (`target`, as the check reported it) or every finding
    /// (`None`) in the saved reflection `id`, and save the result as a new revision through the
    /// normal save path (validation, tags, search index); the version before stays in its
    /// history. The check is run again inside the write transaction on the text as it is saved
    /// now, so a second writer cannot be written over: a target that is no longer there (fixed
    /// or edited elsewhere since) is refused naming its field, and nothing changes. With nothing
    /// to rewrite, nothing is saved and `rewritten` is empty.
    pub fn fix_privacy(&mut self, id: &str, target: Option<&FixTarget>) -> Result<PrivacyFix> {
        let labels = self.labels()?;
        let today = Local::now().date_naive();
        let now = now_utc();
        self.write(|tx| {
            let current = read(tx, &labels, id)?;
            if current.deleted_at.is_some() {
                return Err(Error::invalid(
                    "id",
                    "This reflection is in the bin: restore it before changing it",
                ));
            }
            let input = current.to_input();
            let before = report_reflection(&input).findings;
            let rewritten: Vec<_> = before
                .into_iter()
                .filter(|f| {
                    target.is_none_or(|t| {
                        f.field == t.field && f.start == t.start && f.matched == t.matched
                    })
                })
                .collect();
            let fixed = fix_reflection(&input, target)?;
            if rewritten.is_empty() || fixed == input {
                let report = report_reflection(&input);
                return Ok(PrivacyFix {
                    reflection: current,
                    rewritten: Vec::new(),
                    report,
                });
            }
            let clean = validate_input(&fixed, today)?;
            let rule = Revision::New {
                kind: crate::model::RevisionKind::PrivacyFix,
                restored_from: None,
                session: None,
            };
            let reflection = save(tx, &labels, &clean, &now, rule)?;
            let report = report_reflection(&reflection.to_input());
            Ok(PrivacyFix {
                reflection,
                rewritten,
                report,
            })
        })
    }
}
