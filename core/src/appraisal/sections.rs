//! One description of the appraisal's parts: for each, who may change it, what it is called, how
//! long its text may be and where it may go. Merging (`merge_edit`), validation (`validate`), the
//! privacy scan over a pack (`texts`, which `pack::findings` runs) and, through the generated
//! bindings (`ui/src/bindings/sections.ts`), the UI all read these tables; `permissions` tells
//! each viewer what they may do now.

use serde::Serialize;
use ts_rs::TS;

use super::{
    Action, AppraisalContent, AppraisalState, Note, Role, Signature, ValueSection, MAX_EVIDENCE,
    MAX_ITEMS, MAX_ITEM_FIELD,
};
use crate::validate::{MAX_PROFILE_FIELD, MAX_SECTION};

/// A part of the record, as far as who may change it: the UI draws each part editable or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Period,
    Review,
    ValueSummary,
    Evidence,
    ValueComment,
    Previous,
    Objectives,
    Plan,
    Wellbeing,
    Career,
    PayStep,
    AppraiserDetails,
    ColleagueSummary,
    AppraiserSummary,
}

/// Who may change a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Colleague,
    Appraiser,
    Both,
}

impl Owner {
    pub fn allows(self, actor: Role) -> bool {
        match self {
            Owner::Both => true,
            Owner::Colleague => actor == Role::Colleague,
            Owner::Appraiser => actor == Role::Appraiser,
        }
    }
    /// As a refusal names it: "Only the colleague can change this".
    pub fn name(self) -> &'static str {
        match self {
            Owner::Colleague => "the colleague",
            Owner::Appraiser => "the appraiser (in appraiser mode)",
            Owner::Both => "either",
        }
    }
}

/// Whether a part goes somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Goes {
    Always,
    /// Only when the colleague has chosen to share it (`wellbeing_shared`, or the PDF's option).
    IfShared,
    /// Never: HR's pack carries only what HR needs.
    Never,
}

/// Where a part may go beyond the colleague's journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Reach {
    /// Shown to the appraiser (appraiser mode, a pack for review).
    pub appraiser: Goes,
    /// Printed in the appraisal PDF.
    pub pdf: Goes,
    /// In the agreed pack HR imports.
    pub hr: Goes,
}

const EVERYWHERE: Reach = Reach {
    appraiser: Goes::Always,
    pdf: Goes::Always,
    hr: Goes::Always,
};
/// Everywhere but HR: the pack to HR carries the details, period, objectives, plan, pay-step
/// answers and signatures, never what the colleague wrote about their year.
const NOT_HR: Reach = Reach {
    appraiser: Goes::Always,
    pdf: Goes::Always,
    hr: Goes::Never,
};
const IF_SHARED: Reach = Reach {
    appraiser: Goes::IfShared,
    pdf: Goes::IfShared,
    hr: Goes::Never,
};

/// One part of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Section {
    pub part: Part,
    /// The numbered section of the record it is in (1 to 10).
    pub number: u8,
    pub owner: Owner,
    pub label: &'static str,
    /// The longest text in it, in characters (None: no free text).
    pub max_chars: Option<usize>,
    /// The most rows (objectives, plan items) or included reflections (evidence per value).
    pub max_items: Option<usize>,
    pub reach: Reach,
}

const fn section(
    part: Part,
    number: u8,
    owner: Owner,
    label: &'static str,
    max_chars: Option<usize>,
) -> Section {
    Section {
        part,
        number,
        owner,
        label,
        max_chars,
        max_items: None,
        reach: match part {
            Part::Period
            | Part::AppraiserDetails
            | Part::Objectives
            | Part::Plan
            | Part::PayStep => EVERYWHERE,
            _ => NOT_HR,
        },
    }
}

/// Every part of the record, in the record's order.
pub const SECTIONS: &[Section] = &[
    section(Part::Period, 1, Owner::Colleague, "Appraisal period", None),
    section(
        Part::AppraiserDetails,
        1,
        Owner::Both,
        "Appraiser and meeting",
        Some(MAX_PROFILE_FIELD),
    ),
    section(
        Part::Review,
        2,
        Owner::Colleague,
        "Review of the last year",
        Some(MAX_SECTION),
    ),
    Section {
        max_items: Some(MAX_EVIDENCE),
        ..section(
            Part::Evidence,
            3,
            Owner::Colleague,
            "Reflections included for each value",
            None,
        )
    },
    section(
        Part::ValueSummary,
        3,
        Owner::Colleague,
        "The colleague's summary for each value",
        Some(MAX_SECTION),
    ),
    section(
        Part::ValueComment,
        3,
        Owner::Appraiser,
        "The appraiser's comment on each value",
        Some(MAX_SECTION),
    ),
    section(
        Part::Previous,
        4,
        Owner::Both,
        "Last year's objectives and development plan",
        Some(MAX_ITEM_FIELD),
    ),
    Section {
        max_items: Some(MAX_ITEMS),
        ..section(
            Part::Objectives,
            5,
            Owner::Both,
            "New objectives",
            Some(MAX_ITEM_FIELD),
        )
    },
    Section {
        max_items: Some(MAX_ITEMS),
        ..section(
            Part::Plan,
            6,
            Owner::Both,
            "Personal development plan",
            Some(MAX_ITEM_FIELD),
        )
    },
    Section {
        reach: IF_SHARED,
        ..section(
            Part::Wellbeing,
            7,
            Owner::Colleague,
            "Health and wellbeing",
            Some(MAX_SECTION),
        )
    },
    section(
        Part::Career,
        8,
        Owner::Colleague,
        "Career aspirations",
        Some(MAX_SECTION),
    ),
    section(Part::PayStep, 9, Owner::Both, "Pay-step readiness", None),
    section(
        Part::ColleagueSummary,
        10,
        Owner::Colleague,
        "The colleague's summary comments",
        Some(MAX_SECTION),
    ),
    section(
        Part::AppraiserSummary,
        10,
        Owner::Appraiser,
        "The appraiser's summary comments",
        Some(MAX_SECTION),
    ),
];

/// A note that sits directly in the content (`review.achievements`, `career`, …).
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct NoteSpec {
    /// Its path in the content, as errors name it.
    pub key: &'static str,
    pub part: Part,
    /// As the record and the PDF label it.
    pub label: &'static str,
    /// Where the share preview says a privacy finding in it is.
    pub location: &'static str,
    pub max_chars: usize,
    #[serde(skip)]
    #[ts(skip)]
    pub get: fn(&AppraisalContent) -> &Note,
    #[serde(skip)]
    #[ts(skip)]
    pub get_mut: fn(&mut AppraisalContent) -> &mut Note,
}

/// The notes directly in the content. Wellbeing comes last: it is the one that travels only
/// when the colleague shares it.
pub const NOTES: &[NoteSpec] = &[
    NoteSpec {
        key: "review.achievements",
        part: Part::Review,
        label: "Achievements",
        location: "Review: Achievements",
        max_chars: MAX_SECTION,
        get: |c| &c.review.achievements,
        get_mut: |c| &mut c.review.achievements,
    },
    NoteSpec {
        key: "review.challenges",
        part: Part::Review,
        label: "Challenges",
        location: "Review: Challenges",
        max_chars: MAX_SECTION,
        get: |c| &c.review.challenges,
        get_mut: |c| &mut c.review.challenges,
    },
    NoteSpec {
        key: "review.went_well",
        part: Part::Review,
        label: "What went well",
        location: "Review: What went well",
        max_chars: MAX_SECTION,
        get: |c| &c.review.went_well,
        get_mut: |c| &mut c.review.went_well,
    },
    NoteSpec {
        key: "review.support",
        part: Part::Review,
        label: "What support helped",
        location: "Review: What support helped",
        max_chars: MAX_SECTION,
        get: |c| &c.review.support,
        get_mut: |c| &mut c.review.support,
    },
    NoteSpec {
        key: "career",
        part: Part::Career,
        label: "Career aspirations",
        location: "Career aspirations",
        max_chars: MAX_SECTION,
        get: |c| &c.career,
        get_mut: |c| &mut c.career,
    },
    NoteSpec {
        key: "colleague_summary",
        part: Part::ColleagueSummary,
        label: "Summary comments",
        location: "Your summary comments",
        max_chars: MAX_SECTION,
        get: |c| &c.colleague_summary,
        get_mut: |c| &mut c.colleague_summary,
    },
    NoteSpec {
        key: "appraiser_summary",
        part: Part::AppraiserSummary,
        label: "Appraiser's summary comments",
        location: "Appraiser's summary comments",
        max_chars: MAX_SECTION,
        get: |c| &c.appraiser_summary,
        get_mut: |c| &mut c.appraiser_summary,
    },
    NoteSpec {
        key: "wellbeing",
        part: Part::Wellbeing,
        label: "Wellbeing conversation",
        location: "Wellbeing notes",
        max_chars: MAX_SECTION,
        get: |c| &c.wellbeing,
        get_mut: |c| &mut c.wellbeing,
    },
];

/// A note written for each value (`values[i].summary`, `values[i].comment`).
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct ValueNoteSpec {
    /// Its name inside the value's section: `values[i].{key}`.
    pub key: &'static str,
    pub part: Part,
    /// After the value's name: "Kindness: your summary".
    pub location: &'static str,
    pub max_chars: usize,
    #[serde(skip)]
    #[ts(skip)]
    pub get: fn(&ValueSection) -> &Note,
    #[serde(skip)]
    #[ts(skip)]
    pub get_mut: fn(&mut ValueSection) -> &mut Note,
}

pub const VALUE_NOTES: &[ValueNoteSpec] = &[
    ValueNoteSpec {
        key: "summary",
        part: Part::ValueSummary,
        location: "your summary",
        max_chars: MAX_SECTION,
        get: |v| &v.summary,
        get_mut: |v| &mut v.summary,
    },
    ValueNoteSpec {
        key: "comment",
        part: Part::ValueComment,
        location: "appraiser's comment",
        max_chars: MAX_SECTION,
        get: |v| &v.comment,
        get_mut: |v| &mut v.comment,
    },
];

/// The note at `key` (`review.achievements`, …), for a front end that sets one by name.
pub fn note_spec(key: &str) -> Option<&'static NoteSpec> {
    NOTES.iter().find(|n| n.key == key)
}

/// A piece of free text in the content, as the privacy scan reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Where it is, in words ("Review: Achievements", "Objective 2").
    pub location: String,
    /// Its path in the content, as findings name it (`review.achievements`, `objectives[1]`).
    pub field: String,
    pub text: String,
}

/// Every piece of free text in `c`, in a fixed order: the notes of `NOTES`, each value's notes
/// (`VALUE_NOTES`), last year's items' notes, then each objective and plan item (its texts joined
/// with " · "). `value_name` names a value by its key. Texts that are not free text (dates, ids,
/// the appraiser's name, last year's item as carried forward) are listed in `NOT_SCANNED`.
pub fn texts(c: &AppraisalContent, value_name: &dyn Fn(&str) -> String) -> Vec<Text> {
    let mut out = Vec::new();
    let mut add = |location: String, field: String, text: String| {
        out.push(Text {
            location,
            field,
            text,
        })
    };
    for n in NOTES {
        add(n.location.into(), n.key.into(), (n.get)(c).text.clone());
    }
    for (i, v) in c.values.iter().enumerate() {
        let name = value_name(&v.value_key);
        for n in VALUE_NOTES {
            add(
                format!("{name}: {}", n.location),
                format!("values[{i}].{}", n.key),
                (n.get)(v).text.clone(),
            );
        }
    }
    for (i, p) in c.previous.iter().enumerate() {
        add(
            format!("Last year's item “{}”: note", p.text),
            format!("previous[{i}].note"),
            p.note.text.clone(),
        );
    }
    for (i, o) in c.objectives.iter().enumerate() {
        add(
            format!("Objective {}", i + 1),
            format!("objectives[{i}]"),
            [o.objective.as_str(), &o.measure, &o.support].join(" · "),
        );
    }
    for (i, d) in c.development_plan.iter().enumerate() {
        add(
            format!("Development item {}", i + 1),
            format!("development_plan[{i}]"),
            [d.need.as_str(), &d.activity, &d.support].join(" · "),
        );
    }
    out
}

/// How a viewer sees an appraisal: in their own journal (the colleague, or the appraiser in
/// appraiser mode on the colleague's device), in My team (the appraiser reviewing a pack at a
/// distance: only their comments and summary, then sign), or as a copy nobody edits here (a
/// share preview, HR's copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewMode {
    Workspace,
    Remote,
    Copy,
}

/// What a viewer may do now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permissions {
    /// The parts they may change, in `SECTIONS` order.
    pub editable: Vec<Part>,
    /// The workflow steps to offer, in the order they are shown.
    pub steps: Vec<Action>,
}

/// What `viewer` may change and which steps to offer, given the state, whether anyone has signed
/// (`frozen`), the signatures, and how they see the appraisal. The same rules `merge_edit` and
/// `next_state` enforce.
pub fn permissions(
    viewer: Role,
    state: AppraisalState,
    frozen: bool,
    signatures: &[Signature],
    mode: ViewMode,
) -> Permissions {
    use AppraisalState::*;
    let signed: Vec<Role> = signatures.iter().map(|s| s.role).collect();
    match mode {
        ViewMode::Copy => Permissions::default(),
        // The colleague signed first: the appraiser's part is as they signed it, and the
        // appraiser may still sign that same record.
        ViewMode::Remote if frozen => Permissions {
            editable: Vec::new(),
            steps: if signed.contains(&Role::Appraiser) {
                Vec::new()
            } else {
                vec![Action::Sign]
            },
        },
        ViewMode::Remote => Permissions {
            editable: SECTIONS
                .iter()
                .filter(|s| s.owner == Owner::Appraiser)
                .map(|s| s.part)
                .collect(),
            steps: vec![Action::Sign],
        },
        ViewMode::Workspace => {
            let open =
                !frozen && state != Agreed && (viewer == Role::Colleague || state == InReview);
            let editable = if open {
                SECTIONS
                    .iter()
                    .filter(|s| s.owner.allows(viewer))
                    .map(|s| s.part)
                    .collect()
            } else {
                Vec::new()
            };
            let mut steps = Vec::new();
            match (viewer, state) {
                (Role::Colleague, Draft) => steps.push(Action::Submit),
                (Role::Colleague, ReadyForReview) => steps.push(Action::Withdraw),
                (Role::Appraiser, ReadyForReview) => steps.push(Action::StartReview),
                _ => {}
            }
            // The appraiser signs on their own device (My team), never in the colleague's workspace.
            if state == InReview && viewer == Role::Colleague && !signed.contains(&viewer) {
                steps.push(Action::Sign);
            }
            if state == Agreed || (state == InReview && !signed.is_empty()) {
                steps.push(Action::Reopen);
            }
            Permissions { editable, steps }
        }
    }
}
