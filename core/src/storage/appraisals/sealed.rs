//! My appraisal's record in its wire form (record format 1): built from the live content with
//! salts derived from this device's secret (so it rebuilds byte for byte), or the one frozen at the
//! first signature; and the key signatures on it.

use std::collections::HashSet;

use rusqlite::{Connection, Transaction};

use crate::appraisal::{Role, Signature, SignedRecord};
use crate::error::{Error, Result};
use crate::format::record::{derive_salt, RecordInput, SealedRecord};
use crate::format::signature::SignatureV1;
use crate::model::{Profile, Visibility};
use crate::storage::labels::Labels;
use crate::storage::profile::require_profile;
use crate::storage::reflections;
use crate::storage::sharing::{my_public_key, salt_secret};

use super::{from_json, record_framework, Row};

/// What `frozen_record` holds: a record format 1 record with all its parts, or (in journals
/// signed before key signatures) the old record, kept as it was.
pub(crate) enum Frozen {
    Sealed(Box<SealedRecord>),
    Legacy(String),
}

pub(crate) fn frozen(row: &Row) -> Option<Frozen> {
    let text = row.frozen_record.as_ref()?;
    Some(match serde_json::from_str::<SealedRecord>(text) {
        Ok(s) => Frozen::Sealed(Box::new(s)),
        Err(_) => Frozen::Legacy(text.clone()),
    })
}

/// Build the wire record of `record` as version `version`, with my key and my salts.
pub(crate) fn seal(
    tx: &Transaction<'_>,
    record: &SignedRecord,
    version: u32,
) -> Result<SealedRecord> {
    let secret = salt_secret(tx)?;
    let key = my_public_key(tx)?;
    SealedRecord::build(
        &RecordInput {
            appraisal_id: &record.appraisal_id,
            version,
            colleague_key: &key,
            details: &record.details,
            framework: &record.framework,
            content: &record.content,
            reflections: &record.reflections,
        },
        &|part| derive_salt(&secret, &record.appraisal_id, part),
    )
}

/// The record as the next signature would freeze it: the live content, as the next version.
pub(crate) fn live_sealed(
    tx: &Transaction<'_>,
    labels: &Labels,
    row: &Row,
) -> Result<SealedRecord> {
    let record = live_record(tx, labels, row, require_profile(tx)?)?;
    seal(tx, &record, row.record_version + 1)
}

/// The record a pack of this appraisal carries: the frozen one once signed, else the live one.
pub(crate) fn current_sealed(
    tx: &Transaction<'_>,
    labels: &Labels,
    row: &Row,
) -> Result<SealedRecord> {
    match frozen(row) {
        Some(Frozen::Sealed(s)) => Ok(*s),
        Some(Frozen::Legacy(_)) => Err(Error::invalid(
            "state",
            "This appraisal was signed before key signatures: reopen it (with a reason) and sign it again to share it",
        )),
        None => live_sealed(tx, labels, row),
    }
}

/// The key signatures on an appraisal, each parsed (a stored signature that no longer parses
/// is damage).
pub(crate) fn key_signatures(conn: &Connection, seq: i64) -> Result<Vec<SignatureV1>> {
    let mut stmt = conn.prepare_cached(
        "SELECT signature FROM appraisal_signature WHERE appraisal_seq = ?1 AND signature IS NOT NULL
         ORDER BY signed_at, role",
    )?;
    let rows = stmt.query_map([seq], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(from_json(&row?)?);
    }
    Ok(out)
}

/// A stored signature as shown: a key signature is verified against the digest it names.
pub(crate) fn shown(
    role: Role,
    name: String,
    job_title: String,
    signed_at: String,
    sha256: String,
    key: Option<SignatureV1>,
) -> Signature {
    match key {
        Some(k) => {
            let ok = k.verify(&sha256).is_ok();
            Signature {
                key_signed: ok,
                ..crate::pack::signature_view(&k)
            }
        }
        None => Signature {
            role,
            name,
            job_title,
            signed_at,
            sha256,
            public_key: None,
            fingerprint: None,
            key_signed: false,
        },
    }
}

/// The record a pack of my appraisal carries, and its key signatures.
pub(crate) fn pack_record(
    tx: &Transaction<'_>,
    labels: &Labels,
    id: &str,
) -> Result<(SealedRecord, Vec<SignatureV1>)> {
    let row = super::load(tx, id)?;
    let sealed = current_sealed(tx, labels, &row)?;
    Ok((sealed, key_signatures(tx, row.seq)?))
}

/// The record as it would be signed now: current profile, framework and the included
/// reflections that are still shared.
pub(crate) fn live_record(
    conn: &Connection,
    labels: &Labels,
    row: &Row,
    details: Profile,
) -> Result<SignedRecord> {
    let framework = record_framework(conn, &row.framework_id)?;
    let mut seen = HashSet::new();
    let mut reflections = Vec::new();
    for id in row.content.values.iter().flat_map(|v| &v.reflection_ids) {
        if !seen.insert(id.clone()) {
            continue;
        }
        match reflections::read(conn, labels, id) {
            Ok(r) if r.deleted_at.is_none() && r.visibility == Visibility::Shared => {
                reflections.push(r)
            }
            Ok(_) | Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(SignedRecord {
        appraisal_id: row.id.clone(),
        details,
        framework,
        content: row.content.clone(),
        reflections,
    })
}
