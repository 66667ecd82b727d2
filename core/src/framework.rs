//! The values-framework file format (documented in `schema/frameworks/README.md` and
//! `schema/framework.schema.json`): parsing with field paths, and validation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::FrameworkKind;
use crate::validate::{check_len, check_required};

/// The only format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// Limits for framework files (also in the README of `schema/frameworks`).
pub const MAX_VALUES: usize = 30;
pub const MAX_BEHAVIOURS: usize = 30;
pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 2000;
pub const MAX_KEY: usize = 64;
/// Strategic objectives in a file, and bullets under each.
pub const MAX_OBJECTIVES: usize = 30;
pub const MAX_BULLETS: usize = 30;

/// A framework file: an organisation's values, or a professional framework's themes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FrameworkDoc {
    pub format: u32,
    /// Stable identifier: lower-case letters, digits and hyphens.
    pub id: String,
    pub kind: FrameworkKind,
    pub name: String,
    pub organisation: String,
    /// The publisher's version or edition of the source document.
    pub version: String,
    /// Where the wording comes from.
    pub source: String,
    #[serde(default)]
    pub vision: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// True when value descriptions are Reflect's own words rather than the source's.
    #[serde(default)]
    pub descriptions_paraphrased: bool,
    pub values: Vec<ValueDoc>,
    #[serde(default)]
    pub strategic_objectives: Vec<ObjectiveDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ValueDoc {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The words that introduce the behaviours, e.g. "This means we:".
    #[serde(default)]
    pub behaviours_intro: Option<String>,
    #[serde(default)]
    pub behaviours: Vec<BehaviourDoc>,
    /// True when the published source has no heading for this value and `name` is a derived label.
    #[serde(default)]
    pub heading_omitted_in_source: bool,
    /// Why the label reads as it does (set for derived or renamed labels).
    #[serde(default)]
    pub label_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BehaviourDoc {
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveDoc {
    pub name: String,
    #[serde(default)]
    pub bullets: Vec<String>,
}

/// A framework as stored: its document and which revision it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Framework {
    pub revision: u32,
    pub current_revision: u32,
    pub builtin: bool,
    pub doc: FrameworkDoc,
}

/// A row of the framework list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FrameworkSummary {
    pub id: String,
    pub kind: FrameworkKind,
    pub name: String,
    pub organisation: String,
    pub builtin: bool,
    pub current_revision: u32,
    pub value_count: u32,
}

/// What importing a framework file did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub framework: FrameworkSummary,
    /// False when the file was identical to the current revision (nothing was written).
    pub changed: bool,
}

/// The built-in frameworks, embedded from `schema/frameworks/`.
pub const BUILTINS: &[(&str, &str)] = &[
    (
        "nhs-somerset",
        include_str!("../../schema/frameworks/nhs-somerset.json"),
    ),
    (
        "derbyshire-healthcare",
        include_str!("../../schema/frameworks/derbyshire-healthcare.json"),
    ),
    (
        "nhs-constitution",
        include_str!("../../schema/frameworks/nhs-constitution.json"),
    ),
    (
        "nmc-code",
        include_str!("../../schema/frameworks/nmc-code.json"),
    ),
];

/// The `source` two built-ins shipped with at first: a file path inside Reflect's own
/// repository, not words a person can follow. A journal whose current revision still has one
/// (a built-in renamed in Reflect since, so not refreshed with the shipped file) gets a revision
/// with the shipped `source` on open, its renamed values kept.
pub const RETIRED_BUILTIN_SOURCES: &[&str] = &[
    "NHS Somerset, 'Our Vision and Values' web page; wording quoted exactly from shared/seeds/004_f9077ca7eedb236c.txt",
    "Derbyshire Healthcare NHS Foundation Trust, 'Our Vision' and 'Our values' web page; wording quoted exactly from shared/seeds/000_0af19e049c7b338c.txt",
];

/// Parse and validate a framework file. Errors name the field (`values[3].behaviours[0].text`).
pub fn parse(text: &str) -> Result<FrameworkDoc> {
    let doc = deserialize(text)?;
    validate(&doc)?;
    Ok(doc)
}

/// Parse and validate a file someone imports: as [`parse`], and its id must not be one of the
/// [`BUILTINS`] (compared ignoring case and surrounding spaces), so an import can never replace a
/// built-in framework's wording. Built-ins change only by the app's own files and by renaming.
pub fn parse_import(text: &str) -> Result<FrameworkDoc> {
    let doc = deserialize(text)?;
    if let Some(builtin) = builtin_id(&doc.id) {
        return Err(Error::invalid(
            "id",
            format!(
                "'{builtin}' is the id of a framework built into Reflect, and an import cannot replace it. \
                 Give your framework its own id (for example '{builtin}-local') and import it again; nothing was changed"
            ),
        ));
    }
    validate(&doc)?;
    Ok(doc)
}

/// The built-in framework whose id `id` is, ignoring case and surrounding spaces.
pub fn builtin_id(id: &str) -> Option<&'static str> {
    let wanted = id.trim().to_lowercase();
    BUILTINS
        .iter()
        .map(|(builtin, _)| *builtin)
        .find(|builtin| *builtin == wanted)
}

fn deserialize(text: &str) -> Result<FrameworkDoc> {
    // A file saved by Windows Notepad starts with a byte order mark; it is not part of the JSON.
    let text = crate::files::strip_bom(text);
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let at_root = path == "." || path.is_empty();
        // serde reports a missing field at its parent; name the field itself.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string);
        let field = match (missing, at_root) {
            (Some(name), true) => name,
            (Some(name), false) => format!("{path}.{name}"),
            (None, true) => "file".to_string(),
            (None, false) => path,
        };
        Error::invalid(field, plain_serde_message(&message))
    })
}

/// Turn serde's message into a sentence; drop its line/column suffix but keep the position.
fn plain_serde_message(raw: &str) -> String {
    let mut s = raw.replace('`', "'");
    if let Some(first) = s.get(0..1) {
        let upper = first.to_uppercase();
        s.replace_range(0..1, &upper);
    }
    format!("{s} (the file is not a valid framework file)")
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_KEY
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn check_key(field: &str, key: &str) -> Result<()> {
    if is_key(key) {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("Use 1 to {MAX_KEY} lower-case letters, digits, hyphens or underscores (found '{key}')"),
        ))
    }
}

/// Check everything serde cannot: the format version, keys, lengths and uniqueness.
pub fn validate(doc: &FrameworkDoc) -> Result<()> {
    if doc.format != FORMAT_VERSION {
        return Err(Error::invalid(
            "format",
            format!(
                "This version of Reflect reads framework format {FORMAT_VERSION}; the file says {}",
                doc.format
            ),
        ));
    }
    check_key("id", &doc.id)?;
    for (field, value) in [
        ("name", &doc.name),
        ("organisation", &doc.organisation),
        ("version", &doc.version),
        ("source", &doc.source),
    ] {
        check_required(field, value)?;
        check_len(field, value, MAX_TEXT)?;
    }
    check_len("name", &doc.name, MAX_NAME)?;
    check_optional_text("vision", doc.vision.as_deref())?;
    check_optional_text("notes", doc.notes.as_deref())?;
    if doc.values.is_empty() {
        return Err(Error::invalid(
            "values",
            "A framework needs at least one value",
        ));
    }
    if doc.values.len() > MAX_VALUES {
        return Err(Error::invalid(
            "values",
            format!("A framework can have at most {MAX_VALUES} values"),
        ));
    }
    let mut value_keys = std::collections::HashSet::new();
    let mut value_names = std::collections::HashSet::new();
    let mut behaviour_keys = std::collections::HashSet::new();
    for (i, value) in doc.values.iter().enumerate() {
        let at = format!("values[{i}]");
        check_key(&format!("{at}.key"), &value.key)?;
        if !value_keys.insert(value.key.as_str()) {
            return Err(Error::invalid(
                format!("{at}.key"),
                format!("The key '{}' is used by another value", value.key),
            ));
        }
        check_required(&format!("{at}.name"), &value.name)?;
        check_len(&format!("{at}.name"), &value.name, MAX_NAME)?;
        if !value_names.insert(value.name.trim().to_lowercase()) {
            return Err(Error::invalid(
                format!("{at}.name"),
                format!("The name '{}' is used by another value", value.name),
            ));
        }
        check_optional_text(&format!("{at}.description"), value.description.as_deref())?;
        check_optional_text(
            &format!("{at}.behaviours_intro"),
            value.behaviours_intro.as_deref(),
        )?;
        check_optional_text(&format!("{at}.label_note"), value.label_note.as_deref())?;
        if value.behaviours.len() > MAX_BEHAVIOURS {
            return Err(Error::invalid(
                format!("{at}.behaviours"),
                format!("A value can have at most {MAX_BEHAVIOURS} behaviour statements"),
            ));
        }
        for (j, b) in value.behaviours.iter().enumerate() {
            let bat = format!("{at}.behaviours[{j}]");
            check_key(&format!("{bat}.key"), &b.key)?;
            if !behaviour_keys.insert(b.key.as_str()) {
                return Err(Error::invalid(
                    format!("{bat}.key"),
                    format!(
                        "The key '{}' is used by another behaviour statement in this framework",
                        b.key
                    ),
                ));
            }
            check_required(&format!("{bat}.text"), &b.text)?;
            check_len(&format!("{bat}.text"), &b.text, MAX_TEXT)?;
        }
    }
    if doc.strategic_objectives.len() > MAX_OBJECTIVES {
        return Err(Error::invalid(
            "strategic_objectives",
            format!("A framework can have at most {MAX_OBJECTIVES} strategic objectives"),
        ));
    }
    for (i, o) in doc.strategic_objectives.iter().enumerate() {
        check_required(&format!("strategic_objectives[{i}].name"), &o.name)?;
        check_len(
            &format!("strategic_objectives[{i}].name"),
            &o.name,
            MAX_NAME,
        )?;
        if o.bullets.len() > MAX_BULLETS {
            return Err(Error::invalid(
                format!("strategic_objectives[{i}].bullets"),
                format!("A strategic objective can have at most {MAX_BULLETS} bullets"),
            ));
        }
        for (j, b) in o.bullets.iter().enumerate() {
            check_required(&format!("strategic_objectives[{i}].bullets[{j}]"), b)?;
            check_len(
                &format!("strategic_objectives[{i}].bullets[{j}]"),
                b,
                MAX_TEXT,
            )?;
        }
    }
    Ok(())
}

/// An optional text: at most [`MAX_TEXT`] characters when present.
fn check_optional_text(field: &str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| check_len(field, v, MAX_TEXT))
}

/// The canonical JSON of a document (what is stored, and compared to detect real changes).
pub fn canonical_json(doc: &FrameworkDoc) -> Result<String> {
    serde_json::to_string(doc).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Pretty JSON, the format people edit and re-import.
pub fn to_file_text(doc: &FrameworkDoc) -> Result<String> {
    serde_json::to_string_pretty(doc)
        .map(|s| s + "\n")
        .map_err(|e| Error::Corrupt(e.to_string()))
}
