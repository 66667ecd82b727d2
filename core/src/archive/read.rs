//! Reading an archive in full before anything is written: the zip (limits, names, duplicates),
//! the manifest (format, version, every entry's size and SHA-256), then every entry's shape,
//! errors naming the entry and the field. Pure: no database.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::framework::{self, FrameworkDoc};
use crate::validate::MAX_SECTION;

use super::wire::{
    AppraisalV1, EventV1, FrameworkEntryV1, ManifestV1, ProfileV1, ReflectionV1, RevalidationV1,
};
use super::{
    appraisal_entry, event_entry, framework_entry, reflection_entry, refused, zipio, ArchiveCounts,
    ArchiveSummary, FORMAT_NAME, FORMAT_VERSION, FRAMEWORK_INDEX, MANIFEST, PROFILE, REVALIDATION,
};

/// One framework revision from an archive: its number, when and why it was made, and the file.
#[derive(Debug, Clone)]
pub struct ArchivedRevision {
    pub revision: u32,
    pub created_at: String,
    pub reason: String,
    pub doc: FrameworkDoc,
}

/// One framework from an archive, with every revision it carries.
#[derive(Debug, Clone)]
pub struct ArchivedFramework {
    pub entry: FrameworkEntryV1,
    pub revisions: Vec<ArchivedRevision>,
}

/// An archive read and checked in full.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub manifest: ManifestV1,
    pub profile: Option<ProfileV1>,
    pub frameworks: Vec<ArchivedFramework>,
    pub reflections: Vec<ReflectionV1>,
    pub appraisals: Vec<(AppraisalV1, Vec<EventV1>)>,
    pub revalidation: RevalidationV1,
}

/// Read and check an archive without a journal: what it holds, or why it is refused. Never
/// panics, whatever the bytes.
pub fn inspect(bytes: &[u8]) -> Result<ArchiveSummary> {
    let parsed = parse(bytes)?;
    Ok(ArchiveSummary {
        format_version: parsed.manifest.format_version,
        app_version: parsed.manifest.app_version.clone(),
        created_at: parsed.manifest.created_at.clone(),
        counts: ArchiveCounts::from_wire(&parsed.manifest.counts),
        signing_key_included: false,
    })
}

/// The whole archive, checked.
pub fn parse(bytes: &[u8]) -> Result<Parsed> {
    let entries = zipio::read(bytes)?;
    let Some(manifest_bytes) = entries.json.get(MANIFEST) else {
        return Err(refused(
            "This is not a Reflect archive: it has no manifest.json (Nothing was changed.)",
        ));
    };
    let manifest_value: Value = json(MANIFEST, manifest_bytes)?;
    if manifest_value.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(refused(
            "This is not a Reflect archive: its manifest.json does not say \"format\": \"reflect-archive\" (Nothing was changed.)",
        ));
    }
    match manifest_value.get("format_version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(refused(format!(
                "This archive is in archive format {v}; this Reflect reads archive format {FORMAT_VERSION}. Update Reflect to import it. Nothing was changed."
            )))
        }
        None => {
            return Err(refused(
                "The archive's manifest.json has no whole-number format_version (Nothing was changed.)",
            ))
        }
    }
    let manifest: ManifestV1 = typed(MANIFEST, manifest_value)?;
    check_hashes(&manifest, &entries)?;

    let mut used: BTreeSet<&str> = BTreeSet::from([MANIFEST]);
    let profile = match entries.json.get(PROFILE) {
        Some(b) => {
            used.insert(PROFILE);
            Some(entry::<ProfileV1>(PROFILE, b)?)
        }
        None => None,
    };
    let revalidation = match entries.json.get(REVALIDATION) {
        Some(b) => {
            used.insert(REVALIDATION);
            entry::<RevalidationV1>(REVALIDATION, b)?
        }
        None => RevalidationV1::default(),
    };
    let mut frameworks = Vec::new();
    if let Some(b) = entries.json.get(FRAMEWORK_INDEX) {
        used.insert(FRAMEWORK_INDEX);
        let index: super::wire::FrameworkIndexV1 = entry(FRAMEWORK_INDEX, b)?;
        let mut ids = HashSet::new();
        for fw in index.frameworks {
            if !ids.insert(fw.id.clone()) {
                return Err(refused(format!(
                    "{FRAMEWORK_INDEX} lists the framework “{}” twice (Nothing was changed.)",
                    fw.id
                )));
            }
            frameworks.push(archived_framework(fw, &entries.json, &mut used)?);
        }
    }
    let mut reflections = Vec::new();
    let mut appraisals: BTreeMap<String, (AppraisalV1, Vec<EventV1>)> = BTreeMap::new();
    for (name, b) in &entries.json {
        if let Some(id) = name
            .strip_prefix("reflections/")
            .and_then(|n| n.strip_suffix(".json"))
        {
            let r: ReflectionV1 = entry(name, b)?;
            check_id(name, "id", &r.id)?;
            if reflection_entry(&r.id) != *name || r.id != id {
                return Err(refused(format!(
                    "The entry “{name}” holds the reflection “{}” (Nothing was changed.)",
                    r.id
                )));
            }
            used.insert(name);
            reflections.push(r);
        } else if let Some(id) = name
            .strip_prefix("appraisals/")
            .and_then(|n| n.strip_suffix("/appraisal.json"))
        {
            let a: AppraisalV1 = entry(name, b)?;
            check_id(name, "id", &a.id)?;
            if appraisal_entry(&a.id) != *name || a.id != id {
                return Err(refused(format!(
                    "The entry “{name}” holds the appraisal “{}” (Nothing was changed.)",
                    a.id
                )));
            }
            used.insert(name);
            appraisals.insert(a.id.clone(), (a, Vec::new()));
        }
    }
    for (name, b) in &entries.json {
        let Some(rest) = name.strip_prefix("appraisals/") else {
            continue;
        };
        if !rest.contains("/events/") {
            continue;
        }
        let e: EventV1 = entry(name, b)?;
        let Some((_, events)) = appraisals.get_mut(&e.appraisal_id) else {
            return Err(refused(format!(
                "The entry “{name}” is a log entry of an appraisal the archive does not hold (Nothing was changed.)"
            )));
        };
        if event_entry(&e.appraisal_id, e.index) != *name {
            return Err(refused(format!(
                "The entry “{name}” holds log entry {} of appraisal “{}” (Nothing was changed.)",
                e.index, e.appraisal_id
            )));
        }
        used.insert(name);
        events.push(e);
    }
    for (_, events) in appraisals.values_mut() {
        events.sort_by_key(|e| e.index);
        if events
            .iter()
            .enumerate()
            .any(|(i, e)| e.index as usize != i + 1)
        {
            return Err(refused(
                "An appraisal's log entries are not numbered 1, 2, 3… without gaps (Nothing was changed.)",
            ));
        }
    }
    if let Some(extra) = entries.json.keys().find(|n| !used.contains(n.as_str())) {
        return Err(refused(format!(
            "The archive has an entry “{extra}” that archive format 1 does not have (Nothing was changed.)"
        )));
    }
    let parsed = Parsed {
        manifest,
        profile,
        frameworks,
        reflections,
        appraisals: appraisals.into_values().collect(),
        revalidation,
    };
    check_counts(&parsed, entries.pdfs.len())?;
    Ok(parsed)
}

/// Every entry is listed in the manifest with its size and SHA-256, and every listed entry is there.
fn check_hashes(manifest: &ManifestV1, entries: &zipio::Entries) -> Result<()> {
    let mut listed = HashSet::new();
    for e in &manifest.entries {
        if !listed.insert(e.name.as_str()) || e.name == MANIFEST {
            return Err(refused(format!(
                "The manifest lists “{}” more than once (Nothing was changed.)",
                crate::safe_text::for_terminal(&e.name)
            )));
        }
        let found = match (entries.json.get(&e.name), entries.pdfs.get(&e.name)) {
            (Some(b), _) => Some((b.len() as u64, crate::format::sha256_hex(b))),
            (None, Some(p)) => Some((p.bytes, p.sha256.clone())),
            (None, None) => None,
        };
        match found {
            None => {
                return Err(refused(format!(
                    "The manifest lists “{}”, which is not in the archive (Nothing was changed.)",
                    crate::safe_text::for_terminal(&e.name)
                )))
            }
            Some((bytes, sha)) if bytes != e.bytes || sha != e.sha256 => {
                return Err(refused(format!(
                    "The entry “{}” does not match its SHA-256 in the manifest: the archive was changed or damaged (Nothing was changed.)",
                    e.name
                )))
            }
            Some(_) => {}
        }
    }
    let all = entries.json.keys().chain(entries.pdfs.keys());
    for name in all {
        if name != MANIFEST && !listed.contains(name.as_str()) {
            return Err(refused(format!(
                "The entry “{name}” is not listed in the manifest (Nothing was changed.)"
            )));
        }
    }
    Ok(())
}

fn archived_framework<'a>(
    fw: FrameworkEntryV1,
    json_entries: &'a BTreeMap<String, Vec<u8>>,
    used: &mut BTreeSet<&'a str>,
) -> Result<ArchivedFramework> {
    let mut revisions = Vec::new();
    let mut numbers = HashSet::new();
    if !fw
        .revisions
        .iter()
        .any(|r| r.revision == fw.current_revision)
    {
        return Err(refused(format!(
            "{FRAMEWORK_INDEX}: the framework “{}” does not carry its current revision (Nothing was changed.)",
            crate::safe_text::for_terminal(&fw.id)
        )));
    }
    for r in &fw.revisions {
        if r.revision == 0 || !numbers.insert(r.revision) {
            return Err(refused(format!(
                "{FRAMEWORK_INDEX}: the framework “{}” lists revision {} twice or as 0 (Nothing was changed.)",
                crate::safe_text::for_terminal(&fw.id),
                r.revision
            )));
        }
        let expected = framework_entry(&fw.id, r.revision);
        let found = json_entries
            .get_key_value(&r.file)
            .filter(|_| r.file == expected);
        let Some((name, bytes)) = found else {
            return Err(refused(format!(
                "{FRAMEWORK_INDEX}: revision {} of “{}” should be the entry “{}”, which is not in the archive (Nothing was changed.)",
                r.revision,
                crate::safe_text::for_terminal(&fw.id),
                crate::safe_text::for_terminal(&expected)
            )));
        };
        let text = std::str::from_utf8(bytes).map_err(|_| {
            refused(format!(
                "The entry “{name}” is not UTF-8 text (Nothing was changed.)"
            ))
        })?;
        let doc = framework::parse(text).map_err(|e| match e {
            Error::Invalid { field, message } => refused(format!(
                "The entry “{name}” is not a valid framework file: {field}: {message} (Nothing was changed.)"
            )),
            other => other,
        })?;
        if doc.id != fw.id || doc.kind.as_str() != fw.kind {
            return Err(refused(format!(
                "The entry “{name}” holds another framework than {FRAMEWORK_INDEX} says (Nothing was changed.)"
            )));
        }
        for (field, value) in [("created_at", &r.created_at), ("reason", &r.reason)] {
            if value.chars().count() > 2_000 {
                return Err(refused(format!(
                    "{FRAMEWORK_INDEX}: {field} of “{}” revision {} is too long (Nothing was changed.)",
                    fw.id, r.revision
                )));
            }
        }
        used.insert(name.as_str());
        revisions.push(ArchivedRevision {
            revision: r.revision,
            created_at: r.created_at.clone(),
            reason: r.reason.clone(),
            doc,
        });
    }
    revisions.sort_by_key(|r| r.revision);
    Ok(ArchivedFramework {
        entry: fw,
        revisions,
    })
}

/// The manifest's counts are what the entries hold.
fn check_counts(p: &Parsed, pdfs: usize) -> Result<()> {
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    let found = ArchiveCounts {
        profile: u32::from(p.profile.is_some()),
        reflections: n(p.reflections.len()),
        private_reflections: n(p
            .reflections
            .iter()
            .filter(|r| r.content.visibility == "private")
            .count()),
        deleted_reflections: n(p
            .reflections
            .iter()
            .filter(|r| r.deleted_at.is_some())
            .count()),
        reflection_revisions: n(p.reflections.iter().map(|r| r.revisions.len()).sum()),
        appraisals: n(p.appraisals.len()),
        appraisal_events: n(p.appraisals.iter().map(|(_, e)| e.len()).sum()),
        framework_revisions: n(p.frameworks.iter().map(|f| f.revisions.len()).sum()),
        feedback: n(p.revalidation.feedback.len()),
        discussions: n(p.revalidation.discussions.len()),
        confirmations: n(p.revalidation.confirmations.len()),
        pdfs: n(pdfs),
    };
    if found != ArchiveCounts::from_wire(&p.manifest.counts) {
        return Err(refused(
            "The manifest's counts do not match what the archive holds (Nothing was changed.)",
        ));
    }
    Ok(())
}

/// An id as Reflect makes them (a UUID, or letters, digits and hyphens, at most 64).
pub(crate) fn check_id(entry: &str, field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(refused(format!(
            "The entry “{entry}” is not valid: {field}: “{}” is not a Reflect id (Nothing was changed.)",
            crate::safe_text::for_terminal(id)
        )));
    }
    Ok(())
}

/// An entry's JSON, with every string checked against the longest text Reflect keeps (the
/// frozen record, whose length the entry limit bounds, excepted), then its typed shape.
fn entry<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T> {
    let v: Value = json(name, bytes)?;
    check_strings(name, &v, &mut String::new())?;
    typed(name, v)
}

fn json(name: &str, bytes: &[u8]) -> Result<Value> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| {
        refused(format!(
            "The entry “{name}” is not valid JSON: {e} (Nothing was changed.)"
        ))
    })
}

fn typed<T: DeserializeOwned>(name: &str, v: Value) -> Result<T> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        refused(format!(
            "The entry “{name}” is not valid: {}: {} (Nothing was changed.)",
            e.path(),
            e.inner()
        ))
    })
}

/// The longest string an entry may hold: an answer's limit, with room for JSON escapes.
const MAX_STRING_CHARS: usize = MAX_SECTION;

fn check_strings(name: &str, v: &Value, at: &mut String) -> Result<()> {
    match v {
        Value::String(s) if s.chars().count() > MAX_STRING_CHARS && at != "frozen_record" => {
            return Err(refused(format!(
                "The entry “{name}” is not valid: {at}: a text longer than {MAX_STRING_CHARS} characters (Nothing was changed.)"
            )));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("[{i}]"));
                check_strings(name, item, at)?;
                at.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = at.len();
                if !at.is_empty() {
                    at.push('.');
                }
                at.push_str(k);
                check_strings(name, item, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}
