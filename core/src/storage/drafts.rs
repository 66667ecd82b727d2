//! Autosaved editor state that could not be saved as a reflection yet.

use rusqlite::params;

use crate::error::{Error, Result};
use crate::model::Draft;
use crate::store::{now_utc, Store};
use crate::validate::MAX_DRAFT_BYTES;

impl Store {
    /// Keep the editor's state under `key` (replacing the previous one).
    pub fn save_draft(&mut self, key: &str, content: &str) -> Result<Draft> {
        if key.trim().is_empty() || key.len() > 100 {
            return Err(Error::invalid(
                "key",
                "A draft needs a key of 1 to 100 characters",
            ));
        }
        if content.len() > MAX_DRAFT_BYTES {
            return Err(Error::invalid(
                "content",
                format!("A draft can be at most {MAX_DRAFT_BYTES} bytes"),
            ));
        }
        let now = now_utc();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO draft (key, content, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
                params![key, content, now],
            )?;
            Ok(())
        })?;
        Ok(Draft {
            key: key.to_string(),
            content: content.to_string(),
            updated_at: now,
        })
    }

    /// Every kept draft, newest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, content, updated_at FROM draft ORDER BY updated_at DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok(Draft {
                key: r.get(0)?,
                content: r.get(1)?,
                updated_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forget a draft (after it was saved, or the user discarded it).
    pub fn discard_draft(&mut self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM draft WHERE key = ?1", [key])?;
        Ok(())
    }
}
