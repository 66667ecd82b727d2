//! What HR's import and trust report, and the roster HR keeps: whose keys HR trusts (employee
//! number, name, team, line manager, key). The roster travels as a CSV HR writes by hand, or as
//! Reflect's signed roster file (`schema/roster-format-1.md`): the CSV wrapped in JSON with an
//! Ed25519 signature by an HR device's key over its canonical (RFC 8785) bytes.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer as _, SigningKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::format::canonical::{canonical, canonical_value};
use crate::format::{fingerprint, verifying_key, MAX_FILE_BYTES};

/// The flag on a record whose appraiser is not the colleague's line manager on HR's roster.
pub const NOT_LINE_MANAGER: &str = "appraiser is not the line manager on the roster";
/// Why a pack of format 1 is held: its appraiser signature was only a claim in the sender's pack.
pub const LEGACY_HELD: &str = "appraiser signature not key-signed (made before pack format 2)";
/// Why a record imported before key signatures is held (migration 0005).
pub const MIGRATED_HELD: &str = "made before key signatures (pack format 1)";

/// What importing one agreed pack did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HrOutcome {
    /// Both keys trusted: the record is in HR's summaries.
    Added,
    /// A higher version of a record already added (same colleague key, same appraisal): it
    /// replaces the older one.
    Superseded,
    /// The same record was already added (or already held): nothing changed.
    Unchanged,
    /// Kept aside, with the reason and the fingerprints, until HR trusts the keys.
    Held,
    /// Not imported: nothing was written.
    Refused,
}

/// One agreed pack's import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrImportOutcome {
    pub outcome: HrOutcome,
    pub appraisal_id: String,
    pub name: String,
    /// Plain English: what happened.
    pub message: String,
    /// Why it was held or refused.
    pub reason: Option<String>,
    /// Added, but worth a look ([`NOT_LINE_MANAGER`], a name or employee number other than the
    /// roster's).
    pub flags: Vec<String>,
    pub colleague_fingerprint: Option<String>,
    pub appraiser_fingerprint: Option<String>,
}

/// One file of `reflect hr import` (its `--json` is a list of these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrFileOutcome {
    pub file: String,
    pub outcome: HrOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub appraisal_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    pub flags: Vec<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub colleague_fingerprint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub appraiser_fingerprint: Option<String>,
}

impl HrFileOutcome {
    pub fn of(file: String, o: HrImportOutcome) -> HrFileOutcome {
        HrFileOutcome {
            file,
            outcome: o.outcome,
            reason: o.reason,
            appraisal_id: Some(o.appraisal_id).filter(|s| !s.is_empty()),
            name: Some(o.name).filter(|s| !s.is_empty()),
            flags: o.flags,
            message: o.message,
            colleague_fingerprint: o.colleague_fingerprint,
            appraiser_fingerprint: o.appraiser_fingerprint,
        }
    }

    pub fn refused(file: String, reason: String) -> HrFileOutcome {
        HrFileOutcome {
            file,
            outcome: HrOutcome::Refused,
            message: format!("Refused: {reason}"),
            reason: Some(reason),
            appraisal_id: None,
            name: None,
            flags: Vec::new(),
            colleague_fingerprint: None,
            appraiser_fingerprint: None,
        }
    }
}

/// A batch of files: how many of each outcome, and each file's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrBatch {
    pub added: u32,
    pub superseded: u32,
    pub unchanged: u32,
    pub held: u32,
    pub refused: u32,
    pub files: Vec<HrFileOutcome>,
}

impl HrBatch {
    pub fn push(&mut self, f: HrFileOutcome) {
        match f.outcome {
            HrOutcome::Added => self.added += 1,
            HrOutcome::Superseded => self.superseded += 1,
            HrOutcome::Unchanged => self.unchanged += 1,
            HrOutcome::Held => self.held += 1,
            HrOutcome::Refused => self.refused += 1,
        }
        self.files.push(f);
    }
}

/// An agreed pack HR holds, as the held list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrHeld {
    #[ts(type = "number")]
    pub id: i64,
    /// The pack format it came in (1: before key signatures).
    pub format: u32,
    pub appraisal_id: String,
    pub name: String,
    pub appraiser: String,
    pub reason: String,
    pub colleague_key: String,
    pub colleague_fingerprint: Option<String>,
    pub colleague_trusted: bool,
    pub appraiser_key: Option<String>,
    pub appraiser_fingerprint: Option<String>,
    pub appraiser_trusted: bool,
    pub agreed_at: Option<String>,
    pub received_at: String,
}

/// Where HR's trust in a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Manual,
    Roster,
}

impl KeySource {
    pub fn as_str(self) -> &'static str {
        match self {
            KeySource::Manual => "manual",
            KeySource::Roster => "roster",
        }
    }
}

/// A key HR trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrKey {
    pub public_key: String,
    pub fingerprint: String,
    pub name: String,
    pub employee_number: Option<String>,
    pub team: Option<String>,
    /// The line manager's employee number (from the roster).
    pub line_manager: Option<String>,
    pub source: KeySource,
    pub trusted_at: String,
}

/// What trusting keys did: the keys, and the held packs it added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HrTrust {
    pub keys: Vec<HrKey>,
    pub released: Vec<HrImportOutcome>,
}

/// One person on HR's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterEntry {
    pub employee_number: String,
    pub name: String,
    pub team: String,
    /// The line manager's employee number (empty if none).
    pub line_manager: String,
    pub key: String,
}

/// The roster's columns, in order (the first row of the CSV names them).
pub const ROSTER_COLUMNS: [&str; 5] = ["employee_number", "name", "team", "line_manager", "key"];

pub const ROSTER_FORMAT: &str = "reflect-roster";
pub const ROSTER_FORMAT_VERSION: u32 = 1;

/// What an HR device signs: the roster's CSV, when, and the format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterBodyV1 {
    pub format: String,
    pub format_version: u32,
    pub created_at: String,
    pub csv: String,
}

/// The signed roster file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterFileV1 {
    pub body: RosterBodyV1,
    /// The signing HR device's public key (base64).
    pub public_key: String,
    /// Ed25519 over the JCS bytes of `body` (base64).
    pub signature: String,
}

fn roster_err(message: impl Into<String>) -> Error {
    Error::invalid("roster", message)
}

/// The header's names, normalised ("Line manager" → "line_manager").
fn norm(h: &str) -> String {
    h.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Read a roster CSV: a heading row naming [`ROSTER_COLUMNS`], then one person a line. Errors
/// name the line and the column.
pub fn parse_roster(text: &str) -> Result<Vec<RosterEntry>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(roster_err(
            "The roster is over 20 MiB; Reflect reads files of up to 20 MiB",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let heads: Vec<String> = r
        .headers()
        .map_err(|e| roster_err(format!("The roster's heading row cannot be read: {e}")))?
        .iter()
        .map(norm)
        .collect();
    if heads != ROSTER_COLUMNS {
        return Err(roster_err(format!(
            "The roster's heading row must be: {}",
            ROSTER_COLUMNS.join(",")
        )));
    }
    let mut out: Vec<RosterEntry> = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| roster_err(format!("Line {line} of the roster: {e}")))?;
        let get = |n: usize| rec.get(n).unwrap_or_default().trim().to_string();
        let e = RosterEntry {
            employee_number: get(0),
            name: get(1),
            team: get(2),
            line_manager: get(3),
            key: get(4),
        };
        if e.name.is_empty() {
            return Err(roster_err(format!(
                "Line {line} of the roster: name is empty"
            )));
        }
        if e.employee_number.is_empty() {
            return Err(roster_err(format!(
                "Line {line} of the roster: employee_number is empty"
            )));
        }
        verifying_key(&e.key).map_err(|err| {
            roster_err(format!("Line {line} of the roster: key: {}", err.message()))
        })?;
        if out.iter().any(|o| o.key == e.key) {
            return Err(roster_err(format!(
                "Line {line} of the roster: key is listed twice"
            )));
        }
        if out.iter().any(|o| o.employee_number == e.employee_number) {
            return Err(roster_err(format!(
                "Line {line} of the roster: employee_number {} is listed twice",
                e.employee_number
            )));
        }
        out.push(e);
    }
    Ok(out)
}

/// The roster as CSV (Reflect reads it back; the signed file wraps it).
pub fn roster_csv(entries: &[RosterEntry]) -> Result<String> {
    let err = |e: csv::Error| Error::Corrupt(format!("CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(ROSTER_COLUMNS).map_err(err)?;
    for e in entries {
        w.write_record([
            &e.employee_number,
            &e.name,
            &e.team,
            &e.line_manager,
            &e.key,
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Corrupt(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Corrupt(format!("CSV: {e}")))
}

/// Sign a roster with this HR device's key; the file's text.
pub fn sign_roster(entries: &[RosterEntry], created_at: &str, key: &SigningKey) -> Result<String> {
    let body = RosterBodyV1 {
        format: ROSTER_FORMAT.into(),
        format_version: ROSTER_FORMAT_VERSION,
        created_at: created_at.to_string(),
        csv: roster_csv(entries)?,
    };
    let signature = key.sign(&canonical(&body)?);
    let file = RosterFileV1 {
        body,
        public_key: B64.encode(key.verifying_key().as_bytes()),
        signature: B64.encode(signature.to_bytes()),
    };
    let mut s =
        serde_json::to_string_pretty(&file).map_err(|e| Error::Corrupt(format!("roster: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// A roster file read: its people, and the key that signed it (None: a plain CSV).
pub struct RosterRead {
    pub entries: Vec<RosterEntry>,
    pub signed_by: Option<String>,
}

/// Read a roster file: Reflect's signed roster (its signature checked: any valid JSON form of the
/// same file verifies) or a plain CSV.
pub fn read_roster(text: &str) -> Result<RosterRead> {
    if text.len() > MAX_FILE_BYTES {
        return Err(roster_err(
            "The roster is over 20 MiB; Reflect reads files of up to 20 MiB",
        ));
    }
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !t.trim_start().starts_with('{') {
        return Ok(RosterRead {
            entries: parse_roster(t)?,
            signed_by: None,
        });
    }
    let value: Value = serde_json::from_str(t)
        .map_err(|e| roster_err(format!("The signed roster is damaged: {e}")))?;
    let body_value = value.get("body").cloned().unwrap_or(Value::Null);
    let file: RosterFileV1 = serde_json::from_value(value)
        .map_err(|e| roster_err(format!("The signed roster is damaged: {e}")))?;
    if file.body.format != ROSTER_FORMAT || file.body.format_version != ROSTER_FORMAT_VERSION {
        return Err(roster_err(format!(
            "This roster is format “{}” version {}; this Reflect reads {ROSTER_FORMAT} version {ROSTER_FORMAT_VERSION}",
            file.body.format, file.body.format_version
        )));
    }
    let key = verifying_key(&file.public_key)
        .map_err(|_| roster_err("The roster's public key is not a valid Ed25519 key"))?;
    let sig: [u8; 64] = B64
        .decode(&file.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| roster_err("The roster's signature is not a valid Ed25519 signature"))?;
    key.verify_strict(
        &canonical_value(&body_value)?,
        &ed25519_dalek::Signature::from_bytes(&sig),
    )
    .map_err(|_| roster_err("The roster's signature does not match its contents: it was changed after it was signed"))?;
    Ok(RosterRead {
        entries: parse_roster(&file.body.csv)?,
        signed_by: Some(file.public_key),
    })
}

/// A key's fingerprint, or a placeholder for a damaged one (shown, never trusted).
pub fn fingerprint_or_blank(key: &str) -> String {
    fingerprint(key).unwrap_or_else(|_| "(not a valid key)".into())
}
