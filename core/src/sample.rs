//! A deterministic generator of realistic reflections, for benchmarks and demonstrations.
//! It never runs in the app; nothing here touches the user's journal unless asked to.

mod packs;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::model::{Profile, ReflectionInput, ReflectiveModel, TagRef, Visibility};

/// A staff nurse's profile using `framework` and the NMC Code (for tests, benchmarks and demos).
pub fn profile(framework: &str) -> Profile {
    Profile {
        name: "Sam Jones".into(),
        job_title: "Staff Nurse".into(),
        grade: "Band 5".into(),
        team: "Ward 7".into(),
        department: Some("Medicine".into()),
        line_manager: "Alex Smith".into(),
        employee_number: None,
        registration: None,
        organisation_framework: framework.into(),
        professional_frameworks: vec!["nmc-code".into()],
    }
}

/// A small, fast, deterministic pseudo-random sequence (xorshift64*): the same seed gives the
/// same journal on every machine, so benchmark runs compare like with like.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Each topic: a title and sentences with its own vocabulary, as real reflections have.
const TOPICS: &[(&str, &[&str])] = &[
    (
        "Handover on a busy late shift",
        &[
            "Handover ran late because the board was out of date.",
            "I used SBAR to structure the handover for the night team.",
            "The night nurse asked about outstanding bloods that I had not mentioned.",
            "We agreed to update the handover sheet before the end of each shift.",
        ],
    ),
    (
        "Supporting a family after bad news",
        &[
            "The consultant broke the news and I stayed with the family afterwards.",
            "The daughter was tearful and wanted to know what would happen next.",
            "I found a quiet room and made sure they had the chaplain's number.",
            "I followed up the next morning to see how they were coping.",
        ],
    ),
    (
        "Raising a concern about staffing",
        &[
            "Two registered nurses had called in sick and the ward was unsafe.",
            "I completed a Datix and spoke to the matron about the skill mix.",
            "The bleep holder moved a nurse from the day unit to support us.",
            "Speaking up felt uncomfortable but it was the right thing to do.",
        ],
    ),
    (
        "Learning the new infusion pumps",
        &[
            "The new volumetric pumps have a drug library that I had not used before.",
            "I programmed a heparin infusion with the practice educator watching.",
            "The pump alarmed for downstream occlusion and I traced the line.",
            "I have signed my competency and can now support colleagues.",
        ],
    ),
    (
        "Feedback about discharge",
        &[
            "A patient wrote that nobody explained her discharge medicines.",
            "I reviewed how we use the discharge checklist on the ward.",
            "Pharmacy agreed to counsel patients on new anticoagulants before they leave.",
            "The ward now books transport the day before discharge.",
        ],
    ),
    (
        "A medication near miss",
        &[
            "I nearly gave a dose of penicillin to a patient with a documented allergy.",
            "The allergy band was missing and the chart had been rewritten.",
            "I stopped, checked the record, and reported the near miss.",
            "Since then I check the allergy status aloud with the patient every time.",
        ],
    ),
    (
        "Leading the safety huddle",
        &[
            "I led the morning safety huddle for the first time.",
            "We discussed falls risk, pressure ulcers and a patient at risk of delirium.",
            "I kept it to ten minutes and made sure every role had a voice.",
            "The healthcare assistants said they felt listened to.",
        ],
    ),
    (
        "Mentoring a first-year student",
        &[
            "My student was anxious about her first drug round.",
            "We practised the five rights of medication administration together.",
            "I gave feedback using specific examples rather than general praise.",
            "Her confidence grew over the placement and she passed her assessment.",
        ],
    ),
    (
        "Sepsis screening",
        &[
            "A patient's NEWS2 score rose to five with a new confusion.",
            "I started the sepsis six and escalated to the outreach team.",
            "Antibiotics were given within the hour and lactate was repeated.",
            "I taught the sepsis screening tool at the next study day.",
        ],
    ),
    (
        "A difficult conversation with a colleague",
        &[
            "A colleague spoke sharply to a healthcare assistant in front of patients.",
            "I asked for a private word and described what I had seen.",
            "She apologised and told me she was struggling with her workload.",
            "We agreed to raise the workload issue together with the ward manager.",
        ],
    ),
    (
        "Improving the referral process",
        &[
            "Referrals to the community team were being lost in the shared inbox.",
            "I mapped the process and found three places where referrals stalled.",
            "We moved to an electronic referral form with automatic acknowledgement.",
            "Waiting times for first contact fell from nine days to four.",
        ],
    ),
    (
        "Working with the community team",
        &[
            "A frail patient needed a package of care before she could go home.",
            "I joined the multidisciplinary meeting with the district nurses and social worker.",
            "We arranged a trial of a key safe and twice-daily visits.",
            "Working across boundaries meant she was home three days sooner.",
        ],
    ),
];

const GENERAL: &[&str] = &[
    "I felt {feeling} at first, because I had not faced this on my own before.",
    "Looking back, I should have asked the {role} for help sooner.",
    "I discussed it afterwards with the {role}, who helped me see it differently.",
    "It reminded me how much {value} matters on a {place}.",
    "I read the trust policy again during a quieter moment on the {time} shift.",
    "Next time I will {action} before anything else.",
    "I shared what I learnt at the {meeting} so that others could benefit.",
    "The patient's wishes were at the centre of the decision.",
    "I recognised my own limits and said so.",
    "This was one of the most {feeling} shifts I have had this year.",
];

const FILL: &[(&str, &[&str])] = &[
    (
        "{feeling}",
        &[
            "anxious",
            "uncertain",
            "frustrated",
            "proud",
            "unsettled",
            "relieved",
            "overwhelmed",
            "calm",
        ],
    ),
    (
        "{role}",
        &[
            "nurse in charge",
            "ward manager",
            "practice educator",
            "registrar",
            "pharmacist",
            "matron",
            "physiotherapist",
            "occupational therapist",
        ],
    ),
    (
        "{value}",
        &[
            "honesty",
            "kindness",
            "teamwork",
            "clear communication",
            "patience",
            "courage",
        ],
    ),
    (
        "{place}",
        &[
            "medical ward",
            "surgical ward",
            "community visit",
            "day unit",
            "emergency department",
            "clinic",
        ],
    ),
    ("{time}", &["early", "late", "night", "weekend", "long day"]),
    (
        "{action}",
        &[
            "check the notes",
            "ask for a second opinion",
            "write things down",
            "involve the family",
            "escalate",
            "take a breath",
        ],
    ),
    (
        "{meeting}",
        &[
            "team meeting",
            "study day",
            "ward huddle",
            "journal club",
            "governance meeting",
        ],
    ),
];

fn fill(rng: &mut Rng, template: &str) -> String {
    let mut out = template.to_string();
    for (slot, words) in FILL {
        while out.contains(slot) {
            let word: &str = rng.pick::<&str>(words);
            out = out.replacen(slot, word, 1);
        }
    }
    out
}

/// `count` realistic reflections tagged against `framework` (its values and behaviours as
/// `(value_key, [behaviour_key])`), dated over the three years before `today`.
pub fn reflections(
    count: usize,
    seed: u64,
    today: NaiveDate,
    framework: &str,
    values: &[(String, Vec<String>)],
) -> Vec<ReflectionInput> {
    let mut rng = Rng::new(seed);
    let models = ReflectiveModel::ALL;
    (0..count)
        .map(|i| {
            let model = *rng.pick(&models);
            let (title, topic) = *rng.pick(TOPICS);
            let mut body = BTreeMap::new();
            for p in model.prompts() {
                let mut text = vec![rng.pick(topic).to_string()];
                for _ in 0..1 + rng.below(2) {
                    let template = *rng.pick(GENERAL);
                    text.push(fill(&mut rng, template));
                }
                if rng.below(2) == 0 {
                    text.push(rng.pick(topic).to_string());
                }
                body.insert(p.key.to_string(), text.join(" "));
            }
            let mut tags = Vec::new();
            for _ in 0..1 + rng.below(3) {
                if values.is_empty() {
                    break;
                }
                let (value, behaviours) = rng.pick(values);
                tags.push(TagRef {
                    framework_id: framework.to_string(),
                    value_key: value.clone(),
                    behaviour_key: None,
                });
                if !behaviours.is_empty() {
                    tags.push(TagRef {
                        framework_id: framework.to_string(),
                        value_key: value.clone(),
                        behaviour_key: Some(rng.pick(behaviours).clone()),
                    });
                }
            }
            let days_ago = rng.below(3 * 365) as u64;
            ReflectionInput {
                id: None,
                title: format!("{title} ({})", i + 1),
                event_date: (today - Days::new(days_ago)).format("%Y-%m-%d").to_string(),
                model,
                body,
                tags,
                visibility: if rng.below(10) < 3 {
                    Visibility::Shared
                } else {
                    Visibility::Private
                },
                cpd_hours: (rng.below(4) == 0).then(|| 0.5 * (1 + rng.below(6)) as f64),
                cpd_participatory: false,
            }
        })
        .collect()
}

/// Each value's key with its behaviours' keys: what [`reflections`] tags from.
pub fn framework_values(doc: &crate::FrameworkDoc) -> Vec<(String, Vec<String>)> {
    doc.values
        .iter()
        .map(|v| {
            (
                v.key.clone(),
                v.behaviours.iter().map(|b| b.key.clone()).collect(),
            )
        })
        .collect()
}

/// A complete, agreed appraisal for the last twelve months with `evidence` shared reflections
/// included (about five pages plus one to two per ten reflections): the benchmark's and the PDF
/// tests' realistic record. The profile must be set up. Returns the appraisal's id.
pub fn agreed_appraisal(
    store: &mut crate::Store,
    today: NaiveDate,
    evidence: usize,
    seed: u64,
) -> crate::Result<String> {
    use crate::appraisal::{
        Action, Answer, DevelopmentItem, Ksf, NewAppraisal, Note, Objective, PlanStatus, Role,
    };
    let profile = store.require_profile()?;
    let doc = store.framework(&profile.organisation_framework, None)?.doc;
    let values = framework_values(&doc);
    let mut ids = Vec::new();
    for (i, mut r) in reflections(evidence, seed, today, &doc.id, &values)
        .into_iter()
        .enumerate()
    {
        r.visibility = Visibility::Shared;
        r.event_date = (today - Days::new((i as u64 * 11) % 330))
            .format("%Y-%m-%d")
            .to_string();
        let first_value = r
            .tags
            .first()
            .map(|t| t.value_key.clone())
            .unwrap_or_default();
        ids.push((store.save_reflection(&r)?.id, first_value));
    }
    let a = store.create_appraisal(
        &NewAppraisal {
            appraiser_name: profile.line_manager.clone(),
            appraiser_job_title: "Ward Manager".into(),
            ..NewAppraisal::default()
        },
        today,
    )?;
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut say = |n: usize| -> Note {
        let text = (0..n)
            .map(|_| {
                let template = *rng.pick(GENERAL);
                fill(&mut rng, template)
            })
            .collect::<Vec<_>>()
            .join(" ");
        Note { text, by: None }
    };
    let mut c = a.content.clone();
    c.review.achievements = say(3);
    c.review.challenges = say(2);
    c.review.went_well = say(2);
    c.review.support = say(1);
    for v in &mut c.values {
        v.reflection_ids = ids
            .iter()
            .filter(|(_, value)| *value == v.value_key)
            .map(|(id, _)| id.clone())
            .collect();
        v.summary = say(2);
    }
    c.objectives = (1..=4)
        .map(|i| Objective {
            id: String::new(),
            objective: format!(
                "Objective {i}: lead a quality improvement project on the ward's handover"
            ),
            measure: "Audit before and after; feedback from the team".into(),
            by_date: (today + Days::new(90 * i)).format("%Y-%m-%d").to_string(),
            support: "Protected time with the practice educator".into(),
            by: None,
        })
        .collect();
    c.development_plan = Ksf::ALL[..3]
        .iter()
        .enumerate()
        .map(|(i, k)| DevelopmentItem {
            id: String::new(),
            need: format!("Development need {}", i + 1),
            activity: "Trust leadership course, shadowing the matron".into(),
            support: "Study leave".into(),
            target_date: (today + Days::new(120)).format("%Y-%m-%d").to_string(),
            status: PlanStatus::Agreed,
            ksf: Some(*k),
            by: None,
        })
        .collect();
    c.career = say(1);
    c.wellbeing = Note {
        text: "Talked about managing night shifts around childcare; agreed to review the rota."
            .into(),
        by: None,
    };
    c.colleague_summary = say(2);
    c.pay_step.date = (today + Days::new(60)).format("%Y-%m-%d").to_string();
    c.pay_step.no_capability = Answer::Yes;
    c.pay_step.no_disciplinary = Answer::Yes;
    c.pay_step.training = Answer::Yes;
    c.pay_step.staff_appraised = Answer::NotApplicable;
    let saved = store.save_appraisal(&a.id, a.edit_version, &c, Role::Colleague, today)?;
    let submitted = store.appraisal_action(
        &a.id,
        saved.edit_version,
        Action::Submit,
        Role::Colleague,
        None,
        today,
    )?;
    let review = store.appraisal_action(
        &a.id,
        submitted.edit_version,
        Action::StartReview,
        Role::Appraiser,
        None,
        today,
    )?;
    let mut c = review.content;
    for v in &mut c.values {
        v.comment = say(1);
    }
    c.appraiser_summary = say(2);
    store.save_appraisal(&a.id, review.edit_version, &c, Role::Appraiser, today)?;
    // The appraiser signs on their own device: the pack for review, signed with their key and
    // sent back as the reviewed pack, which the colleague imports and then signs.
    let reviewed = packs::appraiser_signs(store, &a.id, &appraiser_key(seed), today)?;
    store.import_pack(&reviewed, today)?;
    let now = store.appraisal(&a.id, Role::Colleague, today)?.edit_version;
    store.appraisal_action(&a.id, now, Action::Sign, Role::Colleague, None, today)?;
    Ok(a.id)
}

pub use packs::{agreed_packs, appraiser_key, appraiser_signs};

const FIRST_NAMES: &[&str] = &[
    "Sam", "Alex", "Priya", "Tomasz", "Siân", "Chidi", "Aoife", "Mohammed", "Grace", "Dafydd",
    "Ewa", "Kwame", "Olivia", "Hannah", "Rhys", "Zainab",
];
const LAST_NAMES: &[&str] = &[
    "Jones", "Patel", "Nowak", "Williams", "Okafor", "Murphy", "Khan", "Evans", "Smith", "Brown",
    "Taylor", "Hughes", "Davies", "Ahmed", "Kowalski", "Lewis",
];
