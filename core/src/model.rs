//! Domain types shared by the storage layer, the CLI and (through ts-rs) the UI.
//! Calendar dates are `YYYY-MM-DD` strings; instants are UTC RFC 3339 strings.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a reflection is structured: each model has its own prompts.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReflectiveModel {
    /// One free-text box.
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Free,
    /// Gibbs' reflective cycle.
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Gibbs,
    /// Rolfe's "What? So what? Now what?".
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    WhatSoWhat,
    /// The NMC revalidation reflective account.
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Nmc,
}

/// One prompt of a reflective model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Prompt {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

/// A reflective model with its prompts, for pickers and help text.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ModelInfo {
    pub model: ReflectiveModel,
    pub name: &'static str,
    pub prompts: Vec<Prompt>,
}

const FREE: &[Prompt] = &[Prompt {
    key: "reflection",
    label: "Your reflection",
    hint: "What happened, and what you take from it.",
}];

const GIBBS: &[Prompt] = &[
    Prompt {
        key: "description",
        label: "Description",
        hint: "What happened?",
    },
    Prompt {
        key: "feelings",
        label: "Feelings",
        hint: "What were you thinking and feeling?",
    },
    Prompt {
        key: "evaluation",
        label: "Evaluation",
        hint: "What was good and bad about the experience?",
    },
    Prompt {
        key: "analysis",
        label: "Analysis",
        hint: "What sense can you make of the situation?",
    },
    Prompt {
        key: "conclusion",
        label: "Conclusion",
        hint: "What else could you have done?",
    },
    Prompt {
        key: "action_plan",
        label: "Action plan",
        hint: "If it arose again, what would you do?",
    },
];

const WHAT_SO_WHAT: &[Prompt] = &[
    Prompt {
        key: "what",
        label: "What?",
        hint: "Describe the event or situation.",
    },
    Prompt {
        key: "so_what",
        label: "So what?",
        hint: "Why does it matter? What did you learn?",
    },
    Prompt {
        key: "now_what",
        label: "Now what?",
        hint: "What will you do differently next time?",
    },
];

const NMC: &[Prompt] = &[
    Prompt { key: "what_happened", label: "What was the nature of the CPD activity, feedback or event?", hint: "Describe what happened." },
    Prompt { key: "what_learnt", label: "What did you learn from it?", hint: "What did you learn?" },
    Prompt { key: "changed_practice", label: "How did you change or improve your practice as a result?", hint: "What did you do differently?" },
    Prompt { key: "relates_to_code", label: "How is this relevant to the Code?", hint: "Tag the Code's themes too: Prioritise people, Practise effectively, Preserve safety, Promote professionalism and trust." },
];

impl ReflectiveModel {
    pub const ALL: [ReflectiveModel; 4] = [
        ReflectiveModel::Free,
        ReflectiveModel::Gibbs,
        ReflectiveModel::WhatSoWhat,
        ReflectiveModel::Nmc,
    ];

    /// The prompts, in the order they are shown.
    pub fn prompts(self) -> &'static [Prompt] {
        match self {
            ReflectiveModel::Free => FREE,
            ReflectiveModel::Gibbs => GIBBS,
            ReflectiveModel::WhatSoWhat => WHAT_SO_WHAT,
            ReflectiveModel::Nmc => NMC,
        }
    }

    /// The name people know the model by.
    pub fn name(self) -> &'static str {
        match self {
            ReflectiveModel::Free => "Free text",
            ReflectiveModel::Gibbs => "Gibbs' reflective cycle",
            ReflectiveModel::WhatSoWhat => "What? So what? Now what?",
            ReflectiveModel::Nmc => "NMC reflective account",
        }
    }

    /// The value stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ReflectiveModel::Free => "free",
            ReflectiveModel::Gibbs => "gibbs",
            ReflectiveModel::WhatSoWhat => "what_so_what",
            ReflectiveModel::Nmc => "nmc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn info(self) -> ModelInfo {
        ModelInfo {
            model: self,
            name: self.name(),
            prompts: self.prompts().to_vec(),
        }
    }
}

/// Who can see a reflection. Private is the default: it never leaves the device.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Private,
    /// Shared for appraisal: the line manager may see it in an appraisal.
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Shared,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Shared => "shared",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "private" => Some(Visibility::Private),
            "shared" => Some(Visibility::Shared),
            _ => None,
        }
    }
}

/// A tag as written: a value (or theme) of a framework, optionally one of its behaviour statements.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct TagRef {
    pub framework_id: String,
    pub value_key: String,
    pub behaviour_key: Option<String>,
}

/// A tag as stored, with the names from the framework revision it was tagged with.
/// The strings are shared with the framework labels (`Arc<str>`): a journal list of thousands of
/// reflections carries tens of thousands of tags, and copying each label would dominate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Tag {
    #[ts(type = "string")]
    pub framework_id: Arc<str>,
    pub framework_revision: u32,
    #[ts(type = "string")]
    pub value_key: Arc<str>,
    #[ts(type = "string")]
    pub value_name: Arc<str>,
    #[ts(type = "string | null")]
    pub behaviour_key: Option<Arc<str>>,
    #[ts(type = "string | null")]
    pub behaviour_text: Option<Arc<str>>,
}

impl Tag {
    pub fn as_ref(&self) -> TagRef {
        TagRef {
            framework_id: self.framework_id.to_string(),
            value_key: self.value_key.to_string(),
            behaviour_key: self.behaviour_key.as_deref().map(str::to_string),
        }
    }
}

/// What the editor sends to save a reflection. `id` is `None` for a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReflectionInput {
    pub id: Option<String>,
    pub title: String,
    pub event_date: String,
    pub model: ReflectiveModel,
    /// Answers keyed by the model's prompt keys.
    pub body: BTreeMap<String, String>,
    pub tags: Vec<TagRef>,
    pub visibility: Visibility,
    pub cpd_hours: Option<f64>,
    pub cpd_participatory: bool,
}

/// A saved reflection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reflection {
    pub id: String,
    pub title: String,
    pub event_date: String,
    pub model: ReflectiveModel,
    pub body: BTreeMap<String, String>,
    pub tags: Vec<Tag>,
    pub visibility: Visibility,
    pub cpd_hours: Option<f64>,
    pub cpd_participatory: bool,
    pub created_at: String,
    pub updated_at: String,
    pub revision: u32,
    /// Set when the reflection is in the bin (it can be restored).
    pub deleted_at: Option<String>,
}

impl Reflection {
    /// The input that would save this reflection unchanged (used by edits).
    pub fn to_input(&self) -> ReflectionInput {
        ReflectionInput {
            id: Some(self.id.clone()),
            title: self.title.clone(),
            event_date: self.event_date.clone(),
            model: self.model,
            body: self.body.clone(),
            tags: self.tags.iter().map(Tag::as_ref).collect(),
            visibility: self.visibility,
            cpd_hours: self.cpd_hours,
            cpd_participatory: self.cpd_participatory,
        }
    }
}

/// What made a revision of a reflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// An explicit save: `reflect add`/`edit`, the editor's "Save reflection".
    Saved,
    /// The editor's autosaves of one editing session (they coalesce into one revision).
    Autosaved,
    /// An earlier revision's content restored (`restored_from` names it).
    Restored,
    /// The reflective model changed, its answers moved to the new model's prompts.
    ModelChanged,
    /// A privacy finding rewritten (`reflect check --fix`, the share preview).
    PrivacyFix,
}

impl RevisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Saved => "saved",
            RevisionKind::Autosaved => "autosaved",
            RevisionKind::Restored => "restored",
            RevisionKind::ModelChanged => "model_changed",
            RevisionKind::PrivacyFix => "privacy_fix",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            RevisionKind::Saved,
            RevisionKind::Autosaved,
            RevisionKind::Restored,
            RevisionKind::ModelChanged,
            RevisionKind::PrivacyFix,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
    /// In words, for lists of revisions.
    pub fn label(self) -> &'static str {
        match self {
            RevisionKind::Saved => "Saved",
            RevisionKind::Autosaved => "Autosaved while editing",
            RevisionKind::Restored => "Restored",
            RevisionKind::ModelChanged => "Reflective model changed",
            RevisionKind::PrivacyFix => "Privacy rewrite",
        }
    }
}

/// How a save from the editor meets the reflection's history. Autosaves of one editing session
/// (`session`, an id the editor makes when it opens) are one revision; a model change is always a
/// new revision, so the text before it can be restored; the session's explicit save ends the
/// session, keeping the revision the session made last if it is still the current one (else it
/// adds one: someone else's save in between is never written over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EditorSave {
    Autosave,
    Save,
    ModelChange,
}

/// One saved version of a reflection, for the history view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RevisionEntry {
    pub revision: u32,
    pub saved_at: String,
    pub kind: RevisionKind,
    /// For a restored revision: the revision whose content it restored.
    pub restored_from: Option<u32>,
    pub reflection: Reflection,
}

/// A piece of a search snippet; `highlight` marks the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub highlight: bool,
}

/// A row of the journal list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReflectionSummary {
    pub id: String,
    pub title: String,
    pub event_date: String,
    pub model: ReflectiveModel,
    pub visibility: Visibility,
    pub updated_at: String,
    pub tags: Vec<Tag>,
    /// Present when the list came from a text search.
    pub snippet: Option<Vec<SnippetPart>>,
}

/// Filters for the journal list and search. Every filter narrows the result; all are optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ReflectionQuery {
    /// What to search the titles and answers for, in the search syntax of
    /// [`crate::search_syntax`] (whole words, `word*` prefixes, `"phrases"`, `-exclusions`,
    /// `OR`). Value names are not text: filter by `tags`.
    pub text: Option<String>,
    /// The text is being typed (search as you type): its last word is also a prefix once it
    /// has three letters.
    #[serde(default)]
    pub as_you_type: bool,
    /// Each tag must be present (a tag without a behaviour matches any tag of that value).
    pub tags: Vec<TagRef>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub visibility: Option<Visibility>,
    pub model: Option<ReflectiveModel>,
    /// Show the bin (deleted reflections) instead of the journal.
    pub deleted: bool,
    pub limit: Option<u32>,
}

/// Professional registration bodies.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum RegistrationBody {
    #[serde(rename = "NMC")]
    Nmc,
    #[serde(rename = "HCPC")]
    Hcpc,
    #[serde(rename = "GMC")]
    Gmc,
}

impl RegistrationBody {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationBody::Nmc => "NMC",
            RegistrationBody::Hcpc => "HCPC",
            RegistrationBody::Gmc => "GMC",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "NMC" => Some(RegistrationBody::Nmc),
            "HCPC" => Some(RegistrationBody::Hcpc),
            "GMC" => Some(RegistrationBody::Gmc),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Registration {
    pub body: RegistrationBody,
    /// NMC PIN, HCPC registration number or GMC reference number.
    pub pin: String,
    /// Renewal (revalidation) date, YYYY-MM-DD.
    pub renewal_date: String,
}

/// The colleague who owns this journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Profile {
    pub name: String,
    pub job_title: String,
    /// Agenda for Change band ("Band 5") or another grade ("FY2", "Consultant").
    pub grade: String,
    pub team: String,
    /// Department or directorate, for HR summaries (optional).
    pub department: Option<String>,
    pub line_manager: String,
    pub employee_number: Option<String>,
    pub registration: Option<Registration>,
    /// The organisation's values framework.
    pub organisation_framework: String,
    /// Professional frameworks in use (e.g. the NMC Code).
    pub professional_frameworks: Vec<String>,
}

/// Counts for one behaviour statement in the values overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BehaviourOverview {
    pub key: String,
    pub text: String,
    pub count: u32,
    pub latest: Option<LatestReflection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LatestReflection {
    pub id: String,
    pub title: String,
    pub event_date: String,
}

/// Counts for one value: reflections tagged with the value or any of its behaviours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ValueOverview {
    pub key: String,
    pub name: String,
    pub count: u32,
    pub latest: Option<LatestReflection>,
    pub behaviours: Vec<BehaviourOverview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FrameworkOverview {
    pub framework_id: String,
    pub name: String,
    pub kind: FrameworkKind,
    /// In the profile now. A framework no longer in it still tags earlier reflections: it is
    /// shown after those in use, with only the values that have reflections.
    pub in_use: bool,
    pub values: Vec<ValueOverview>,
}

/// The values overview: every value and behaviour of the frameworks in use, with gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Overview {
    pub total_reflections: u32,
    pub frameworks: Vec<FrameworkOverview>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkKind {
    /// An organisation's values.
    Organisation,
    /// A professional framework such as the NMC Code, tagged alongside the organisation's values.
    Professional,
}

impl FrameworkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FrameworkKind::Organisation => "organisation",
            FrameworkKind::Professional => "professional",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "organisation" => Some(FrameworkKind::Organisation),
            "professional" => Some(FrameworkKind::Professional),
            _ => None,
        }
    }
}

/// An unsaved editor state, kept so that nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Draft {
    pub key: String,
    /// The editor's state as JSON (opaque to core).
    pub content: String,
    pub updated_at: String,
}
