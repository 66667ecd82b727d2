//! Record format 1: the signed appraisal record. The record itself (what a signature's digest
//! covers) holds the colleague's details, the framework, the values coverage as counts, the
//! version counter, the colleague's public key, and a salted SHA-256 commitment to each part; the
//! parts (each section, each included reflection, the wellbeing notes) travel beside it, and only
//! those the reader may see. A part left out cannot be confirmed by guessing: its salt is random.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Sha256;

use super::canonical::canonical;
use super::parts::{self, part_of, REFLECTION_PART};
use super::{refused, sha256_hex};
use crate::appraisal::{AppraisalContent, Goes, Part, RecordFramework, RecordValue, SECTIONS};
use crate::error::{Error, Result};
use crate::model::{Profile, Reflection};

pub const RECORD_FORMAT: &str = "reflect-record";
pub const RECORD_FORMAT_VERSION: u32 = 1;

/// The record a signature's digest covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordV1 {
    pub format: String,
    pub format_version: u32,
    pub appraisal_id: String,
    /// Counts up each time the appraisal is signed again after being reopened: a newer version
    /// supersedes an older one only when this is higher.
    pub version: u32,
    /// The colleague's public key (base64): whose record this is.
    pub colleague_key: String,
    pub details: DetailsV1,
    pub framework: FrameworkV1,
    pub coverage: Vec<CoverageV1>,
    /// One commitment for each part, in the record's order.
    pub parts: Vec<CommitmentV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailsV1 {
    pub name: String,
    pub job_title: String,
    pub grade: String,
    pub team: String,
    pub department: String,
    pub line_manager: String,
    pub employee_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkV1 {
    pub id: String,
    pub revision: u32,
    pub name: String,
    pub values: Vec<ValueV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueV1 {
    pub key: String,
    pub name: String,
}

/// How many shared reflections were included for a value (HR sees this, never the reflections).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageV1 {
    pub value_key: String,
    pub reflections: u32,
}

/// A part's commitment: SHA-256 (hex) of the canonical `{"content", "name", "salt"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentV1 {
    pub name: String,
    pub sha256: String,
}

/// A part as it travels: its name, its salt (64 hex digits) and its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosedPart {
    pub name: String,
    pub salt: String,
    pub content: Value,
}

impl DisclosedPart {
    pub fn commitment(&self) -> Result<String> {
        Ok(sha256_hex(&canonical(self)?))
    }
}

/// A record with every part (what the colleague's journal keeps once it is signed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedRecord {
    pub record: RecordV1,
    pub parts: Vec<DisclosedPart>,
}

/// What a record is built from: everyday values.
pub struct RecordInput<'a> {
    pub appraisal_id: &'a str,
    pub version: u32,
    pub colleague_key: &'a str,
    pub details: &'a Profile,
    pub framework: &'a RecordFramework,
    pub content: &'a AppraisalContent,
    /// The included reflections that are still shared.
    pub reflections: &'a [Reflection],
}

/// The salt for one part: HMAC-SHA-256, keyed by a secret only the colleague's device holds, of
/// the appraisal id and the part's name. The same part of the same appraisal always has the same
/// salt, so the colleague's device rebuilds the record the appraiser signed byte for byte.
pub fn derive_salt(secret: &[u8], appraisal_id: &str, part: &str) -> String {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(b"reflect-record-salt/1\n");
    mac.update(appraisal_id.as_bytes());
    mac.update(b"\n");
    mac.update(part.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl SealedRecord {
    /// Build the record and all its parts. `salt` gives each part's salt by name.
    pub fn build(input: &RecordInput<'_>, salt: &dyn Fn(&str) -> String) -> Result<SealedRecord> {
        let ordered = in_framework_order(input.content, input.framework);
        let c = &ordered;
        let mut contents: Vec<(String, Value)> = parts::section_parts(c)?
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect();
        for r in input.reflections {
            contents.push(parts::reflection_part(r)?);
        }
        let parts: Vec<DisclosedPart> = contents
            .into_iter()
            .map(|(name, content)| DisclosedPart {
                salt: salt(&name),
                name,
                content,
            })
            .collect();
        let included = |id: &String| input.reflections.iter().any(|r| &r.id == id);
        let coverage = c
            .values
            .iter()
            .map(|v| CoverageV1 {
                value_key: v.value_key.clone(),
                reflections: v.reflection_ids.iter().filter(|id| included(id)).count() as u32,
            })
            .collect();
        let d = input.details;
        let f = input.framework;
        let record = RecordV1 {
            format: RECORD_FORMAT.into(),
            format_version: RECORD_FORMAT_VERSION,
            appraisal_id: input.appraisal_id.to_string(),
            version: input.version,
            colleague_key: input.colleague_key.to_string(),
            details: DetailsV1 {
                name: d.name.clone(),
                job_title: d.job_title.clone(),
                grade: d.grade.clone(),
                team: d.team.clone(),
                department: d.department.clone().unwrap_or_default(),
                line_manager: d.line_manager.clone(),
                employee_number: d.employee_number.clone().unwrap_or_default(),
            },
            framework: FrameworkV1 {
                id: f.id.clone(),
                revision: f.revision,
                name: f.name.clone(),
                values: f
                    .values
                    .iter()
                    .map(|v| ValueV1 {
                        key: v.key.clone(),
                        name: v.name.clone(),
                    })
                    .collect(),
            },
            coverage,
            parts: Vec::new(),
        };
        let mut sealed = SealedRecord { record, parts };
        sealed.recommit()?;
        Ok(sealed)
    }

    /// Recompute every commitment from the parts (after a part's content changed).
    pub fn recommit(&mut self) -> Result<()> {
        self.record.parts = self
            .parts
            .iter()
            .map(|p| {
                Ok(CommitmentV1 {
                    name: p.name.clone(),
                    sha256: p.commitment()?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(())
    }

    /// Replace one part's content, keeping its salt, and recommit.
    pub fn set_part(&mut self, name: &str, content: Value) -> Result<()> {
        let p = self
            .parts
            .iter_mut()
            .find(|p| p.name == name)
            .ok_or_else(|| Error::Corrupt(format!("the record has no part {name}")))?;
        p.content = content;
        self.recommit()
    }

    pub fn digest(&self) -> Result<String> {
        self.record.digest()
    }

    /// The parts a reader may see: `keep` says which, by section.
    pub fn disclose(&self, keep: &dyn Fn(Part) -> bool) -> Vec<DisclosedPart> {
        self.parts
            .iter()
            .filter(|p| part_of(&p.name).is_some_and(keep))
            .cloned()
            .collect()
    }
}

/// The content with its values in the framework's order (as `decode` gives them), others after
/// in their own order: the order the record's parts list them in.
pub fn in_framework_order(
    content: &AppraisalContent,
    framework: &RecordFramework,
) -> AppraisalContent {
    let mut ordered = content.clone();
    let rank = |key: &str| {
        framework
            .values
            .iter()
            .position(|v| v.key == key)
            .unwrap_or(usize::MAX)
    };
    ordered.values.sort_by_key(|v| rank(&v.value_key));
    ordered
}

/// Whether a section goes to HR (the section table says; the pack to HR carries nothing else).
pub fn for_hr(part: Part) -> bool {
    SECTIONS
        .iter()
        .any(|s| s.part == part && s.reach.hr == Goes::Always)
}

impl RecordV1 {
    /// The record's digest: SHA-256 (hex) of its canonical bytes. Signatures name it.
    pub fn digest(&self) -> Result<String> {
        Ok(sha256_hex(&canonical(self)?))
    }

    /// Check the record's own shape: its format, unique part names, and the coverage naming the
    /// framework's values.
    pub fn check(&self) -> Result<()> {
        if self.format != RECORD_FORMAT || self.format_version != RECORD_FORMAT_VERSION {
            return Err(refused(format!(
                "The record is format “{}” version {}; this Reflect reads {RECORD_FORMAT} version {RECORD_FORMAT_VERSION}",
                self.format, self.format_version
            )));
        }
        super::verifying_key(&self.colleague_key)
            .map_err(|_| refused("The record's colleague key is not a valid public key"))?;
        let mut names = std::collections::HashSet::new();
        for p in &self.parts {
            if part_of(&p.name).is_none() {
                return Err(refused(format!(
                    "The record has an unknown part “{}”",
                    p.name
                )));
            }
            if !names.insert(p.name.as_str()) {
                return Err(refused(format!(
                    "The record lists the part “{}” twice",
                    p.name
                )));
            }
        }
        for s in SECTIONS {
            if !names.contains(parts::part_name(s.part)) {
                return Err(refused(format!(
                    "The record has no commitment for its {} part",
                    parts::part_name(s.part)
                )));
            }
        }
        Ok(())
    }

    /// Check disclosed parts against the record's commitments: each must be listed, once, and
    /// hash to its commitment.
    pub fn check_parts(&self, disclosed: &[DisclosedPart]) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for p in disclosed {
            if !seen.insert(p.name.as_str()) {
                return Err(refused(format!(
                    "The pack carries the part “{}” twice",
                    p.name
                )));
            }
            let listed = self
                .parts
                .iter()
                .find(|c| c.name == p.name)
                .ok_or_else(|| {
                    refused(format!(
                        "The pack carries a part “{}” the record does not list",
                        p.name
                    ))
                })?;
            // The commitment's canonical bytes refuse a float anywhere in the content.
            if p.commitment()? != listed.sha256 {
                return Err(refused(format!(
                    "The pack's {} part is not the one that was signed: it was changed afterwards",
                    p.name
                )));
            }
        }
        Ok(())
    }

    /// The colleague's details as an everyday profile (what the record carries of it).
    pub fn profile(&self) -> Profile {
        let d = &self.details;
        Profile {
            name: d.name.clone(),
            job_title: d.job_title.clone(),
            grade: d.grade.clone(),
            team: d.team.clone(),
            department: Some(d.department.clone()).filter(|x| !x.is_empty()),
            line_manager: d.line_manager.clone(),
            employee_number: Some(d.employee_number.clone()).filter(|x| !x.is_empty()),
            registration: None,
            organisation_framework: self.framework.id.clone(),
            professional_frameworks: Vec::new(),
        }
    }

    /// The framework as everyday values.
    pub fn framework(&self) -> RecordFramework {
        RecordFramework {
            id: self.framework.id.clone(),
            revision: self.framework.revision,
            name: self.framework.name.clone(),
            values: self
                .framework
                .values
                .iter()
                .map(|v| RecordValue {
                    key: v.key.clone(),
                    name: v.name.clone(),
                })
                .collect(),
        }
    }
}

/// What a reader sees of a record: everyday content from the disclosed parts (parts left out
/// stay empty) and the included reflections that were disclosed.
pub struct Decoded {
    pub content: AppraisalContent,
    pub reflections: Vec<Reflection>,
    /// Which sections were disclosed.
    pub disclosed: Vec<Part>,
}

pub fn decode(record: &RecordV1, disclosed: &[DisclosedPart]) -> Result<Decoded> {
    let mut content = AppraisalContent {
        values: record
            .framework
            .values
            .iter()
            .map(|v| crate::appraisal::ValueSection {
                value_key: v.key.clone(),
                ..Default::default()
            })
            .collect(),
        ..AppraisalContent::default()
    };
    let mut reflections = Vec::new();
    let mut sections = Vec::new();
    for p in disclosed {
        if p.name.starts_with(REFLECTION_PART) {
            reflections.push(parts::reflection_from_part(&p.name, &p.content)?);
        } else {
            parts::apply_part(&mut content, &p.name, &p.content)?;
        }
        if let Some(s) = part_of(&p.name) {
            if !sections.contains(&s) {
                sections.push(s);
            }
        }
    }
    content.wellbeing_shared = sections.contains(&Part::Wellbeing);
    Ok(Decoded {
        content,
        reflections,
        disclosed: sections,
    })
}
