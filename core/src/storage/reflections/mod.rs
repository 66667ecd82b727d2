//! Reflections: save (with tags and revision history; the search index follows by trigger),
//! read, list and search,
//! delete and restore. The functions take the connection or transaction; the `Store` methods
//! here are each one transaction.

mod fix;
mod history;
mod read;
mod restore;
mod save;
mod search;

use chrono::Local;

use crate::error::{Error, Result};
use crate::model::{
    EditorSave, Reflection, ReflectionInput, ReflectionQuery, ReflectionSummary, RevisionEntry,
    RevisionKind,
};
use crate::store::{now_utc, Store};

pub(crate) use history::{revisions, store_version};
pub(crate) use read::read;
pub use save::validate_input;
pub(crate) use search::list;

impl Store {
    /// Validate and save a reflection (new when `input.id` is `None`). One transaction writes the
    /// row, its tags, the search index and the revision history; invalid input writes nothing.
    /// An explicit save (`reflect add`/`edit`): an edit is always a new revision, so no earlier
    /// text is ever written over.
    pub fn save_reflection(&mut self, input: &ReflectionInput) -> Result<Reflection> {
        self.save_with(input, history::Revision::Save { session: None })
    }

    /// A save from the editor's editing `session` (an id the editor makes when it opens, at most
    /// 100 characters): see [`EditorSave`]. Only the autosaves of one session coalesce into one
    /// revision; a revision someone else saved meanwhile is never updated, only followed.
    /// `session` may be `None` only for a model change.
    pub fn save_reflection_in(
        &mut self,
        input: &ReflectionInput,
        session: Option<&str>,
        how: EditorSave,
    ) -> Result<Reflection> {
        let session = match session.map(str::trim) {
            Some(s) if s.is_empty() || s.len() > 100 => {
                return Err(Error::invalid(
                    "session",
                    "An editing session needs an id of 1 to 100 characters",
                ))
            }
            other => other,
        };
        let rule = match (how, session) {
            (EditorSave::Autosave, Some(session)) => history::Revision::Autosave { session },
            (EditorSave::Autosave, None) => {
                return Err(Error::invalid(
                    "session",
                    "An autosave needs the editing session it belongs to",
                ))
            }
            (EditorSave::Save, session) => history::Revision::Save { session },
            (EditorSave::ModelChange, session) => history::Revision::New {
                kind: RevisionKind::ModelChanged,
                restored_from: None,
                session,
            },
        };
        self.save_with(input, rule)
    }

    fn save_with(
        &mut self,
        input: &ReflectionInput,
        rule: history::Revision<'_>,
    ) -> Result<Reflection> {
        let clean = validate_input(input, Local::now().date_naive())?;
        let now = now_utc();
        let labels = self.labels()?;
        self.write(|tx| save::save(tx, &labels, &clean, &now, rule))
    }

    /// One reflection (also from the bin, with `deleted_at` set).
    pub fn reflection(&self, id: &str) -> Result<Reflection> {
        read(&self.conn, &*self.labels()?, id)
    }

    /// Move a reflection to the bin. It disappears from the journal, search and overview, and
    /// can be restored with [`Store::restore_reflection`].
    pub fn delete_reflection(&mut self, id: &str) -> Result<Reflection> {
        let labels = self.labels()?;
        self.write(|tx| save::set_deleted(tx, &labels, id, Some(&now_utc())))
    }

    /// Take a reflection out of the bin (undo delete).
    pub fn restore_reflection(&mut self, id: &str) -> Result<Reflection> {
        let labels = self.labels()?;
        self.write(|tx| save::set_deleted(tx, &labels, id, None))
    }

    /// The saved versions of a reflection, newest first.
    pub fn revisions(&self, id: &str) -> Result<Vec<RevisionEntry>> {
        history::revisions(&self.conn, &*self.labels()?, id)
    }

    /// Revision `n` of a reflection, as it was saved (a revision it does not have is refused
    /// naming `revision`).
    pub fn revision(&self, id: &str, n: u32) -> Result<RevisionEntry> {
        history::revision(&self.conn, &*self.labels()?, id, n)
    }

    /// The journal: reflections matching every filter, newest event first, or best match first
    /// when `text` is given (with highlighted snippets).
    pub fn list_reflections(&self, query: &ReflectionQuery) -> Result<Vec<ReflectionSummary>> {
        list(&self.conn, &*self.labels()?, query)
    }

    /// As [`Store::list_reflections`], each row handed to `f` as it is read, best match (or
    /// newest) first: a search of the whole journal streams in bounded memory. An error from `f`
    /// stops the walk and is returned.
    pub fn each_reflection(
        &self,
        query: &ReflectionQuery,
        f: impl FnMut(ReflectionSummary) -> Result<()>,
    ) -> Result<()> {
        search::each(&self.conn, &*self.labels()?, query, f)
    }

    /// How many reflections `query` matches (at most its `limit`), without reading them: with a
    /// page of [`Store::list_reflections`], "Showing 50 of 5,000".
    pub fn count_reflections(&self, query: &ReflectionQuery) -> Result<u32> {
        search::count(&self.conn, query)
    }
}
