//! Shared by the campaigns (the kill -9 test, the eight-writers benchmark, the mutation test): a
//! small seeded random generator, so a failing run can be replayed from the seed it prints, and
//! the reflections the writers save, made from (seed, round, index) so a checker can rebuild
//! exactly what each acknowledged save held.

use std::collections::BTreeMap;

use reflect_core::{ReflectionInput, ReflectiveModel, Visibility};

use crate::tag;

/// SplitMix64: tiny, fast and good enough to choose delays and mutations (not for secrets).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// A seed from the environment variable `var` when set (to replay a run), else from the clock.
pub fn seed_from_env(var: &str) -> u64 {
    if let Some(seed) = std::env::var(var).ok().and_then(|s| s.trim().parse().ok()) {
        return seed;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// A count from the environment variable `var`, else `default`.
pub fn count_from_env(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

/// The values of NHS Somerset (the profile of [`crate::set_up`]) a writer tags, with a behaviour.
const TAGS: &[(&str, Option<&str>)] = &[
    ("self-awareness", Some("sa-feedback")),
    ("self-awareness", None),
];

/// The reflection a writer saves as save `index` of `round` in a run seeded `seed`: tagged,
/// with a body of varying length, so saves touch the tags, the search index and the history.
pub fn reflection(seed: u64, round: u64, index: u64) -> ReflectionInput {
    let mut rng = Rng::new(seed ^ round.rotate_left(32) ^ index.wrapping_mul(0x2545_F491));
    let words = 5 + rng.below(400);
    let text: Vec<String> = (0..words)
        .map(|w| format!("word{}", (w as u64).wrapping_add(rng.next_u64() % 1000)))
        .collect();
    let (value, behaviour) = TAGS[rng.below(TAGS.len())];
    ReflectionInput {
        id: None,
        title: format!("Crash round {round}, save {index}"),
        event_date: "2026-01-15".into(),
        model: ReflectiveModel::Free,
        body: BTreeMap::from([("reflection".to_string(), text.join(" "))]),
        tags: vec![tag("nhs-somerset", value, behaviour)],
        visibility: if rng.one_in(2) {
            Visibility::Shared
        } else {
            Visibility::Private
        },
        cpd_hours: None,
        cpd_participatory: false,
    }
}

/// The day the campaigns' appraisals are made and saved on.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 1).expect("a real date")
}

/// The note the writer saves into an appraisal as save `index` of `round`.
pub fn appraisal_note(round: u64, index: u64) -> String {
    format!("Crash round {round}, save {index}")
}

/// Which (round, index) an appraisal note was written as (see [`appraisal_note`]).
pub fn parse_appraisal_note(text: &str) -> Option<(u64, u64)> {
    let rest = text.strip_prefix("Crash round ")?;
    let (round, index) = rest.split_once(", save ")?;
    Some((round.parse().ok()?, index.parse().ok()?))
}

/// One autosave of the colleague's summary of appraisal `id` through the real API (the one place
/// the campaigns save an appraisal).
pub fn save_appraisal_note(
    store: &mut reflect_core::Store,
    id: &str,
    text: &str,
) -> reflect_core::Result<()> {
    use reflect_core::Role;
    let read = store.appraisal(id, Role::Colleague, today())?;
    let mut content = read.content;
    content.colleague_summary.text = text.to_string();
    store.save_appraisal(id, read.edit_version, &content, Role::Colleague, today())?;
    Ok(())
}
