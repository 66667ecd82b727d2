//! Restoring an earlier revision of a reflection: its content saved as a new revision, in one
//! write transaction, so history is never rewritten.

use chrono::Local;

use crate::error::{Error, Result};
use crate::model::{Reflection, RevisionKind};
use crate::store::{now_utc, Store};

use super::history::{revision, Revision};
use super::read::read;
use super::save::{save, validate_input};

impl Store {
    /// Make a new revision of reflection `id` whose content is revision `n`'s (title, date,
    /// model, answers, tags, visibility, CPD); every revision before stays in the history. With
    /// `expected` (the revision the person was looking at), a reflection saved elsewhere since
    /// is refused as a conflict before anything is written, so a restore never lands on text it
    /// was not shown; an editor still open elsewhere saves its next autosave as a revision after
    /// the restored one, so neither is lost. A revision it does not have is refused naming
    /// `revision`; a reflection in the bin naming `id`.
    pub fn restore_revision(
        &mut self,
        id: &str,
        n: u32,
        expected: Option<u32>,
    ) -> Result<Reflection> {
        let labels = self.labels()?;
        let today = Local::now().date_naive();
        let now = now_utc();
        self.write(|tx| {
            let current = read(tx, &labels, id)?;
            if current.deleted_at.is_some() {
                return Err(Error::invalid(
                    "id",
                    "This reflection is in the bin: restore it from the bin before restoring one of its revisions",
                ));
            }
            if expected.is_some_and(|e| e != current.revision) {
                return Err(Error::Conflict {
                    what: "reflection",
                    id: id.to_string(),
                });
            }
            let old = revision(tx, &labels, id, n)?;
            if n == current.revision {
                return Err(Error::invalid(
                    "revision",
                    format!("Revision {n} is the current text already: there is nothing to restore"),
                ));
            }
            let mut input = old.reflection.to_input();
            input.id = Some(id.to_string());
            // The date was valid when it was saved and dates only get older; checked again all
            // the same, like every save.
            let clean = validate_input(&input, today)?;
            let rule = Revision::New {
                kind: RevisionKind::Restored,
                restored_from: Some(n),
                session: None,
            };
            save(tx, &labels, &clean, &now, rule)
        })
    }
}
