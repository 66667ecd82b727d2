//! Changing a reflection's reflective model after writing: every answer moves to the new model's
//! prompt that asks the same thing, and nothing typed is ever dropped. No SQL.
//!
//! Each prompt of each model asks about one *stage* of reflecting (describing what happened,
//! feelings, evaluating, making sense of it, concluding, what to do next, the NMC Code; the free
//! model's one box is all of them). An answer goes to the new model's prompt for its stage
//! ([`target`]): Gibbs' feelings, evaluation, analysis and conclusion all land in "So what?", and
//! "So what?" lands in Gibbs' analysis. An answer that is not the only one in its new place, or
//! that is a looser fit there, is introduced with where it came from ("From “Feelings” in your
//! earlier Gibbs' reflective cycle reflection:"), so the text still reads as it was written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::ReflectiveModel;

/// What a prompt asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The free model's one box: the whole reflection.
    Whole,
    Describe,
    Feel,
    Evaluate,
    Analyse,
    Conclude,
    Act,
    Code,
}

/// The stage each prompt key asks about (prompt keys are unique across the models).
fn stage_of(key: &str) -> Stage {
    match key {
        "description" | "what" | "what_happened" => Stage::Describe,
        "feelings" => Stage::Feel,
        "evaluation" => Stage::Evaluate,
        "analysis" | "so_what" | "what_learnt" => Stage::Analyse,
        "conclusion" => Stage::Conclude,
        "action_plan" | "now_what" | "changed_practice" => Stage::Act,
        "relates_to_code" => Stage::Code,
        // "reflection", and any key no model has (kept whole, like the free model's box).
        _ => Stage::Whole,
    }
}

/// The prompt of `model` an answer about `stage` goes to: the one mapping table between the
/// models' sections. Every stage has a place in every model, so nothing is ever dropped.
fn target(model: ReflectiveModel, stage: Stage) -> &'static str {
    use Stage::*;
    match model {
        ReflectiveModel::Free => "reflection",
        ReflectiveModel::Gibbs => match stage {
            Whole | Describe => "description",
            Feel => "feelings",
            Evaluate => "evaluation",
            Analyse | Code => "analysis",
            Conclude => "conclusion",
            Act => "action_plan",
        },
        ReflectiveModel::WhatSoWhat => match stage {
            Whole | Describe => "what",
            Feel | Evaluate | Analyse | Conclude | Code => "so_what",
            Act => "now_what",
        },
        ReflectiveModel::Nmc => match stage {
            Whole | Describe => "what_happened",
            Feel | Evaluate | Analyse | Conclude => "what_learnt",
            Act => "changed_practice",
            Code => "relates_to_code",
        },
    }
}

fn label(key: &str) -> String {
    ReflectiveModel::ALL
        .iter()
        .flat_map(|m| m.prompts())
        .find(|p| p.key == key)
        .map_or_else(|| key.to_string(), |p| p.label.to_string())
}

/// Where one answer goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerMove {
    pub from_key: String,
    pub from_label: String,
    pub to_key: String,
    pub to_label: String,
    /// The answer is introduced in its new place with the prompt it answered.
    pub labelled: bool,
}

/// A model change worked out: where each answer goes and the answers under the new model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ModelChange {
    pub from: ReflectiveModel,
    pub to: ReflectiveModel,
    /// One per non-empty answer, in the old model's order.
    pub moves: Vec<AnswerMove>,
    /// The answers keyed by the new model's prompts.
    pub body: BTreeMap<String, String>,
}

impl ModelChange {
    /// "“What?” → “Description”; …", for a message.
    pub fn summary(&self) -> String {
        if self.moves.is_empty() {
            return "there were no answers to move".to_string();
        }
        self.moves
            .iter()
            .map(|m| format!("“{}” → “{}”", m.from_label, m.to_label))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Move the answers in `body` (keyed by `from`'s prompts) to `to`'s prompts. Empty answers are
/// left out; every other character is kept. The same model gives the body back unchanged.
pub fn change_model(
    from: ReflectiveModel,
    to: ReflectiveModel,
    body: &BTreeMap<String, String>,
) -> ModelChange {
    // The old model's prompts first, in their order; then any key it does not have.
    let mut keys: Vec<&str> = from
        .prompts()
        .iter()
        .map(|p| p.key)
        .filter(|k| body.contains_key(*k))
        .collect();
    keys.extend(
        body.keys()
            .map(String::as_str)
            .filter(|k| !from.prompts().iter().any(|p| p.key == *k)),
    );
    let answers: Vec<(&str, &str)> = keys
        .into_iter()
        .filter_map(|k| {
            body.get(k)
                .filter(|t| !t.trim().is_empty())
                .map(|t| (k, t.as_str()))
        })
        .collect();
    if from == to {
        return ModelChange {
            from,
            to,
            moves: answers
                .iter()
                .map(|(k, _)| AnswerMove {
                    from_key: k.to_string(),
                    from_label: label(k),
                    to_key: k.to_string(),
                    to_label: label(k),
                    labelled: false,
                })
                .collect(),
            body: answers
                .iter()
                .map(|(k, t)| (k.to_string(), t.to_string()))
                .collect(),
        };
    }
    let placed: Vec<(&str, &str, &'static str)> = answers
        .iter()
        .map(|(k, t)| (*k, *t, target(to, stage_of(k))))
        .collect();
    let mut moves = Vec::with_capacity(placed.len());
    let mut parts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, text, to_key) in &placed {
        let sharing = placed.iter().filter(|p| p.2 == *to_key).count() > 1;
        let labelled = sharing || stage_of(to_key) != stage_of(key);
        let from_label = label(key);
        // The model the answer was written for (an editor's form may hold another model's).
        let written_for = ReflectiveModel::ALL
            .into_iter()
            .find(|m| m.prompts().iter().any(|p| p.key == *key))
            .unwrap_or(from);
        let part = if labelled {
            format!(
                "From “{from_label}” in your earlier {} reflection:\n{text}",
                written_for.name()
            )
        } else {
            text.to_string()
        };
        parts.entry(to_key.to_string()).or_default().push(part);
        moves.push(AnswerMove {
            from_key: key.to_string(),
            from_label,
            to_key: to_key.to_string(),
            to_label: label(to_key),
            labelled,
        });
    }
    ModelChange {
        from,
        to,
        moves,
        body: parts
            .into_iter()
            .map(|(k, v)| (k, v.join("\n\n")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prompt_of_every_model_has_a_place_in_every_other_model() {
        for from in ReflectiveModel::ALL {
            for to in ReflectiveModel::ALL {
                let body: BTreeMap<String, String> = from
                    .prompts()
                    .iter()
                    .map(|p| (p.key.to_string(), format!("answer to {}", p.key)))
                    .collect();
                let change = change_model(from, to, &body);
                assert_eq!(change.moves.len(), body.len());
                for p in from.prompts() {
                    let text = format!("answer to {}", p.key);
                    assert!(
                        change.body.values().any(|v| v.contains(&text)),
                        "{from:?} → {to:?} keeps {}",
                        p.key
                    );
                }
                for k in change.body.keys() {
                    assert!(to.prompts().iter().any(|p| p.key == k), "{k} is {to:?}'s");
                }
            }
        }
    }
}
