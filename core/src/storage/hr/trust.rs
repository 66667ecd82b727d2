//! HR's trusted keys (scope 'hr' of `trusted_key`), by hand or from HR's roster, and the held
//! packs: trusting a key re-evaluates every held pack in the same transaction, so a pack waiting
//! on that key is added at once.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;
use rusqlite::{named_params, Transaction};

use crate::error::{Error, Result};
use crate::format::pack::Held;
use crate::format::verifying_key;
use crate::hr::trust::{fingerprint_or_blank, read_roster, sign_roster};
use crate::hr::{HrHeld, HrImportOutcome, HrKey, HrOutcome, HrTrust, KeySource, RosterEntry};
use crate::storage::sharing::from_json;
use crate::store::{now_utc, Store};

use super::import::{apply, prepare};

/// The key as stored: trimmed, checked.
fn checked_key(key: &str) -> Result<String> {
    let key = key.trim();
    verifying_key(key)?;
    Ok(key.to_string())
}

fn upsert(tx: &Transaction<'_>, e: &RosterEntry, source: KeySource) -> Result<()> {
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    tx.execute(
        "INSERT INTO trusted_key (scope, public_key, name, employee_number, team, line_manager, source, trusted_at)
         VALUES ('hr', :key, :name, :employee_number, :team, :line_manager, :source, :now)
         ON CONFLICT (scope, public_key) DO UPDATE SET name = excluded.name,
             employee_number = coalesce(excluded.employee_number, employee_number),
             team = coalesce(excluded.team, team), line_manager = coalesce(excluded.line_manager, line_manager),
             source = excluded.source, trusted_at = excluded.trusted_at",
        named_params! {
            ":key": e.key, ":name": e.name.trim(), ":employee_number": opt(&e.employee_number),
            ":team": opt(&e.team), ":line_manager": opt(&e.line_manager), ":source": source.as_str(),
            ":now": now_utc(),
        },
    )?;
    Ok(())
}

/// Try every held format 2 pack again (lowest versions first), in this transaction: those whose
/// keys are now both trusted are added; one that would now be refused keeps its place with the
/// refusal as its reason.
fn reevaluate(tx: &Transaction<'_>) -> Result<Vec<HrImportOutcome>> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, held FROM hr_held WHERE format = 2 AND held IS NOT NULL ORDER BY version, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for (id, text) in rows {
        let held: Held = from_json(&text)?;
        let p = prepare(tx, &held)?;
        match apply(tx, &p, Some(id)) {
            Ok(o) if o.outcome == HrOutcome::Held => {
                tx.execute(
                    "UPDATE hr_held SET reason = ?1 WHERE id = ?2",
                    rusqlite::params![o.reason, id],
                )?;
            }
            Ok(o) => out.push(o),
            Err(Error::Invalid { message, .. }) => {
                tx.execute(
                    "UPDATE hr_held SET reason = ?1 WHERE id = ?2",
                    rusqlite::params![message, id],
                )?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HrKey> {
    let key: String = r.get("public_key")?;
    let source: String = r.get("source")?;
    Ok(HrKey {
        fingerprint: fingerprint_or_blank(&key),
        public_key: key,
        name: r.get("name")?,
        employee_number: r.get("employee_number")?,
        team: r.get("team")?,
        line_manager: r.get("line_manager")?,
        source: if source == "roster" {
            KeySource::Roster
        } else {
            KeySource::Manual
        },
        trusted_at: r.get("trusted_at")?,
    })
}

fn keys(conn: &rusqlite::Connection, only: Option<&[String]>) -> Result<Vec<HrKey>> {
    let mut stmt = conn.prepare_cached(
        "SELECT public_key, name, employee_number, team, line_manager, source, trusted_at
         FROM trusted_key WHERE scope = 'hr' ORDER BY name, public_key",
    )?;
    let rows = stmt.query_map([], key_from_row)?;
    let all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(match only {
        Some(keys) => all
            .into_iter()
            .filter(|k| keys.contains(&k.public_key))
            .collect(),
        None => all,
    })
}

/// This device's signing key (made now if missing).
fn device_key(store: &mut Store) -> Result<SigningKey> {
    store.write(crate::storage::sharing::signing_key)
}

impl Store {
    /// Trust a key for HR (after comparing its fingerprint with its owner's), then add every
    /// held pack now trusted, in one transaction.
    pub fn hr_trust_key(
        &mut self,
        key: &str,
        name: &str,
        employee_number: Option<&str>,
    ) -> Result<HrTrust> {
        self.require_organisation_area()?;
        let key = checked_key(key)?;
        if name.trim().is_empty() {
            return Err(Error::invalid(
                "name",
                "Give the name of the person whose key this is",
            ));
        }
        let entry = RosterEntry {
            employee_number: employee_number.unwrap_or_default().to_string(),
            name: name.to_string(),
            team: String::new(),
            line_manager: String::new(),
            key: key.clone(),
        };
        self.write(|tx| {
            upsert(tx, &entry, KeySource::Manual)?;
            let released = reevaluate(tx)?;
            Ok(HrTrust {
                keys: keys(tx, Some(std::slice::from_ref(&key)))?,
                released,
            })
        })
    }

    /// Stop trusting a key. Records already added stay; new packs signed by it are held.
    pub fn hr_untrust_key(&mut self, key: &str) -> Result<bool> {
        self.require_organisation_area()?;
        let key = key.trim().to_string();
        let n = self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM trusted_key WHERE scope = 'hr' AND public_key = ?1",
                [&key],
            )?)
        })?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "trusted key",
                id: key,
            });
        }
        Ok(true)
    }

    /// HR's decision not to add a held pack (one made before key signatures, say, which HR asks
    /// the colleague to send again): it leaves the held list. Nothing else changes.
    pub fn hr_discard_held(&mut self, id: i64) -> Result<()> {
        self.require_organisation_area()?;
        let n = self.write(|tx| Ok(tx.execute("DELETE FROM hr_held WHERE id = ?1", [id])?))?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "held pack",
                id: id.to_string(),
            });
        }
        Ok(())
    }

    /// The keys HR trusts.
    pub fn hr_keys(&self) -> Result<Vec<HrKey>> {
        keys(&self.conn, None)
    }

    /// Import HR's roster (a CSV HR keeps, or Reflect's signed roster, whose signature must be
    /// this device's key or one HR trusts): every key on it is trusted, then the held packs are
    /// re-evaluated, all in one transaction. A roster with any bad line writes nothing.
    pub fn hr_roster_import(&mut self, text: &str) -> Result<HrTrust> {
        self.require_organisation_area()?;
        let read = read_roster(text)?;
        if let Some(signer) = &read.signed_by {
            let own = self.public_key()?;
            if *signer != own && super::import::trusted(&self.conn, signer)?.is_none() {
                return Err(Error::invalid(
                    "roster",
                    format!(
                        "This roster is signed by a key HR does not trust (fingerprint {}): trust that HR device's key first",
                        fingerprint_or_blank(signer)
                    ),
                ));
            }
        }
        let listed: Vec<String> = read.entries.iter().map(|e| e.key.clone()).collect();
        self.write(|tx| {
            for e in &read.entries {
                upsert(tx, e, KeySource::Roster)?;
            }
            let released = reevaluate(tx)?;
            Ok(HrTrust {
                keys: keys(tx, Some(&listed))?,
                released,
            })
        })
    }

    /// HR's roster (every trusted key) as Reflect's signed roster file, signed by this device.
    pub fn hr_roster_export(&mut self) -> Result<String> {
        self.require_organisation_area()?;
        let entries: Vec<RosterEntry> = self
            .hr_keys()?
            .into_iter()
            .map(|k| RosterEntry {
                employee_number: k.employee_number.unwrap_or_default(),
                name: k.name,
                team: k.team.unwrap_or_default(),
                line_manager: k.line_manager.unwrap_or_default(),
                key: k.public_key,
            })
            .collect();
        let key = device_key(self)?;
        sign_roster(&entries, &now_utc(), &key)
    }

    /// This HR device's public key and fingerprint (another HR device trusts it to read this
    /// device's signed rosters).
    pub fn hr_device_key(&mut self) -> Result<(String, String)> {
        let key = device_key(self)?;
        let b64 = B64.encode(key.verifying_key().as_bytes());
        Ok((fingerprint_or_blank(&b64), b64))
    }

    /// The packs HR holds, newest first, with whether each key is trusted now.
    pub fn hr_held(&self) -> Result<Vec<HrHeld>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.id, h.format, h.appraisal_id, h.name, h.appraiser, h.reason, h.colleague_key,
                    h.colleague_fingerprint, h.appraiser_key, h.appraiser_fingerprint, h.agreed_at, h.received_at,
                    EXISTS (SELECT 1 FROM trusted_key t WHERE t.scope = 'hr' AND t.public_key = h.colleague_key) AS ct,
                    EXISTS (SELECT 1 FROM trusted_key t WHERE t.scope = 'hr' AND t.public_key = h.appraiser_key) AS at
             FROM hr_held h ORDER BY h.received_at DESC, h.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(HrHeld {
                id: r.get("id")?,
                format: r.get("format")?,
                appraisal_id: r.get("appraisal_id")?,
                name: r.get("name")?,
                appraiser: r.get("appraiser")?,
                reason: r.get("reason")?,
                colleague_key: r.get("colleague_key")?,
                colleague_fingerprint: r.get("colleague_fingerprint")?,
                colleague_trusted: r.get("ct")?,
                appraiser_key: r.get("appraiser_key")?,
                appraiser_fingerprint: r.get("appraiser_fingerprint")?,
                appraiser_trusted: r.get("at")?,
                agreed_at: r.get("agreed_at")?,
                received_at: r.get("received_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
