//! A labelled corpus of reflection-style texts for the privacy check, written by a generator
//! (seeded, so every run makes the same texts): identifiers of every kind in the shapes NHS staff
//! write them, among the hard negatives that fooled earlier detectors (clinical scores, doses,
//! times, bands, event dates, invalid NHS numbers, bed counts, drug names that look like names,
//! staff PINs, reference numbers, trust and hospital names). `score` measures any detector on
//! it the same way `make bench-privacy` does: recall over labelled spans, and false alarms as
//! the share of identifier-free texts with any finding.

mod forms;
mod pools;
mod texts;

use std::collections::BTreeMap;

use reflect_core::privacy::FindingKind;
use serde_json::json;

/// One labelled identifier: its kind (the check's snake_case kind name) and where it is, in
/// characters (Unicode scalar values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One text of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    pub text: String,
    pub spans: Vec<Span>,
    /// A combination that could identify someone together (no single identifier).
    pub advisory: bool,
    /// "plain": one identifier in a plain sentence; "realistic": a reflection of several
    /// sentences, lower case and hard negatives.
    pub split: &'static str,
}

impl Case {
    /// The spans whose `text` is not what the text holds at their offsets (empty when sound).
    pub fn misplaced_spans(&self) -> Vec<String> {
        self.spans
            .iter()
            .filter(|sp| {
                let at: String = self
                    .text
                    .chars()
                    .skip(sp.start)
                    .take(sp.end.saturating_sub(sp.start))
                    .collect();
                at != sp.text
            })
            .map(|sp| format!("{} {} at {}..{}", self.id, sp.kind, sp.start, sp.end))
            .collect()
    }

    /// The case as one line of JSON (the format `make bench-privacy` reads).
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "id": self.id,
            "text": self.text,
            "split": self.split,
            "advisory": self.advisory,
            "spans": self.spans.iter().map(|s| json!({
                "kind": s.kind, "start": s.start, "end": s.end, "text": s.text,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Reads labelled texts in the corpus's JSON Lines format (the held-out set, or a written
/// corpus), naming the line of any that cannot be read.
pub fn read_jsonl(text: &str) -> Result<Vec<Case>, String> {
    // The kinds are the check's own (one list: `FindingKind::ALL`).
    let kind = |k: &str| -> Option<&'static str> {
        FindingKind::ALL.iter().map(|f| f.key()).find(|x| *x == k)
    };
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = |why: &str| format!("line {}: {why}", n + 1);
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
        let mut spans = Vec::new();
        for s in v["spans"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let k = s["kind"]
                .as_str()
                .and_then(kind)
                .ok_or_else(|| bad("unknown kind"))?;
            let at = |f: &str| s[f].as_u64().and_then(|x| usize::try_from(x).ok());
            let (Some(start), Some(end)) = (at("start"), at("end")) else {
                return Err(bad("a span without start and end"));
            };
            spans.push(Span {
                kind: k,
                start,
                end,
                text: s["text"].as_str().unwrap_or("").to_string(),
            });
        }
        out.push(Case {
            id: v["id"].as_str().unwrap_or("").to_string(),
            text: v["text"]
                .as_str()
                .ok_or_else(|| bad("no text"))?
                .to_string(),
            spans,
            advisory: v["advisory"].as_bool().unwrap_or(false),
            split: "held-out",
        });
    }
    Ok(out)
}

/// A text being written, recording where each identifier goes.
#[derive(Default)]
pub(crate) struct Writer {
    text: String,
    chars: usize,
    spans: Vec<Span>,
}

impl Writer {
    pub(crate) fn say(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self.chars += s.chars().count();
        self
    }
    pub(crate) fn id(&mut self, kind: &'static str, s: &str) -> &mut Self {
        let start = self.chars;
        self.say(s);
        self.spans.push(Span {
            kind,
            start,
            end: self.chars,
            text: s.to_string(),
        });
        self
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// A small seeded generator (SplitMix64): the corpus is the same on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let n = u64::try_from(items.len()).unwrap_or(1).max(1);
        let i = usize::try_from(self.next() % n).unwrap_or(0);
        &items[i.min(items.len() - 1)]
    }
    /// One of `words`.
    pub(crate) fn word(&mut self, words: &[&'static str]) -> &'static str {
        self.pick::<&str>(words)
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The whole corpus: `n` texts (at least 1,000 are scored by the tests).
pub fn corpus(n: usize) -> Vec<Case> {
    let mut rng = Rng::new(0x005E_ED0F_2026);
    (0..n).map(|i| texts::case(&mut rng, i)).collect()
}

/// Per-kind and overall figures for a detector over a corpus.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Labelled spans, and those overlapped by a finding, by kind.
    pub by_kind: BTreeMap<&'static str, (usize, usize)>,
    pub spans: usize,
    pub found: usize,
    /// Identifier-free texts, and those with any finding.
    pub clean: usize,
    pub false_alarms: usize,
    /// Advisory texts, and those the detector advised on.
    pub advisory: usize,
    pub advised: usize,
    /// Identifier-free texts that are not advisory cases, and those advised on anyway.
    pub plain_clean: usize,
    pub advice_alarms: usize,
    /// Up to 40 misses and 40 false alarms, for reading.
    pub misses: Vec<String>,
    pub alarms: Vec<String>,
}

impl Score {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.spans)
    }
    pub fn false_alarm_rate(&self) -> f64 {
        ratio(self.false_alarms, self.clean)
    }
    pub fn kind_recall(&self, kind: &str) -> f64 {
        self.by_kind.get(kind).map_or(1.0, |&(n, f)| ratio(f, n))
    }
    /// A table of the figures, for the test's failure message and the bench.
    pub fn report(&self) -> String {
        let mut s = format!(
            "recall {:.1}% ({}/{}), false alarms {:.1}% ({}/{}), advice {}/{} (and on {} of {} others)\n",
            100.0 * self.recall(),
            self.found,
            self.spans,
            100.0 * self.false_alarm_rate(),
            self.false_alarms,
            self.clean,
            self.advised,
            self.advisory,
            self.advice_alarms,
            self.plain_clean
        );
        for (k, (n, f)) in &self.by_kind {
            s.push_str(&format!(
                "  {k:16} {:5.1}% ({f}/{n})\n",
                100.0 * ratio(*f, *n)
            ));
        }
        for m in &self.misses {
            s.push_str(&format!("  MISS  {m}\n"));
        }
        for a in &self.alarms {
            s.push_str(&format!("  ALARM {a}\n"));
        }
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores `detect`, which returns findings as character ranges, and `advises`, whether it gives
/// advice for a text. A span counts as found when any finding overlaps it.
pub fn score(
    cases: &[Case],
    detect: impl Fn(&str) -> Vec<(usize, usize, String)>,
    advises: impl Fn(&str) -> bool,
) -> Score {
    let mut s = Score::default();
    for c in cases {
        let found = detect(&c.text);
        if c.spans.is_empty() {
            s.clean += 1;
            if !found.is_empty() {
                s.false_alarms += 1;
                if s.alarms.len() < 400 {
                    let what: Vec<String> = found.iter().map(|f| f.2.clone()).collect();
                    s.alarms
                        .push(format!("{}: {:?} in {:?}", c.id, what, c.text));
                }
            }
        }
        if c.advisory {
            s.advisory += 1;
            if advises(&c.text) {
                s.advised += 1;
            } else if s.misses.len() < 400 {
                s.misses.push(format!("{} advice: {:?}", c.id, c.text));
            }
        } else if c.spans.is_empty() {
            s.plain_clean += 1;
            if advises(&c.text) {
                s.advice_alarms += 1;
                if s.alarms.len() < 400 {
                    s.alarms.push(format!("{} advice: {:?}", c.id, c.text));
                }
            }
        }
        for span in &c.spans {
            let hit = found
                .iter()
                .any(|&(a, b, _)| a < span.end && span.start < b);
            let e = s.by_kind.entry(span.kind).or_insert((0, 0));
            e.0 += 1;
            s.spans += 1;
            if hit {
                e.1 += 1;
                s.found += 1;
            } else if s.misses.len() < 400 {
                s.misses.push(format!(
                    "{} {}: {:?} in {:?}",
                    c.id, span.kind, span.text, c.text
                ));
            }
        }
    }
    s
}
