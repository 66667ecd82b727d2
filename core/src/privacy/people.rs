//! Names found from other evidence than their own context: the same name again later, the
//! others in a list with a name found, and names in texts typed all in lower case.

use super::context::{institution_next, lower_listed, nameable, takes_person};
use super::lexicon;
use super::tokens::{sentence_start, tokens, Tok};
use super::{FindingKind, Hit};

/// Tired typing, all in lower case: a listed given name after a word that takes a person
/// ("i was too blunt with ionela", "the referral for tyler"), or with a possessive and a
/// relationship ("nadia's baby").
pub(crate) fn lower_case(text: &str) -> Vec<Hit> {
    let toks = tokens(text);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let base = Tok {
            s: t.base(),
            start: t.start,
            end: t.base_end(),
        };
        if !lower_listed(&base) {
            continue;
        }
        let after_taker = takes_person(text, &toks, i);
        // At the start of a sentence ("sam on nights is my favourite"), or in a list with
        // another ("dee and marcus", "baz and shaz"): the dictionary has already said it is no
        // everyday word.
        let starts =
            sentence_start(text, &toks, i) && toks.get(i + 1).is_some_and(|n| !n.capitalised());
        let in_list = [i.checked_sub(2), Some(i + 2)].iter().flatten().any(|&j| {
            toks.get(j).is_some_and(|o| {
                let between = toks.get((i + j) / 2).map_or("", |m| m.s);
                between == "and"
                    && (lower_listed(o) || o.capitalised() && lexicon::is_given(o.base()))
            })
        });
        let possessive_relation = t.possessive()
            && toks
                .get(i + 1)
                .is_some_and(|n| lexicon::relation_word(n.base()));
        if after_taker || possessive_relation || starts || in_list {
            out.push(Hit {
                kind: FindingKind::Name,
                start: t.start,
                end: t.base_end(),
                suggestion: "the patient".to_string(),
            });
        }
    }
    out
}

/// Names joined to a name found ("Jo, Amir and Dee", "Precious and Rufaro"): the others in
/// the list are people too.
pub(crate) fn coordinated(text: &str, found: &[Hit]) -> Vec<Hit> {
    let toks = tokens(text);
    let mut out: Vec<Hit> = Vec::new();
    let joined = |g: &str| matches!(g.trim(), "," | "and" | "&" | ", and" | "or");
    let is_found = |t: &Tok, out: &[Hit]| {
        found
            .iter()
            .chain(out.iter())
            .any(|h| t.start < h.end && h.start < t.end)
    };
    for _ in 0..2 {
        for (k, t) in toks.iter().enumerate() {
            if !nameable(t)
                || lexicon::also_a_word(t.base()) && !lexicon::is_given(t.base())
                || is_found(t, &out)
            {
                continue;
            }
            let link = |other: Option<&Tok>, g: &str| {
                other.is_some_and(|o| is_found(o, &out) && o.capitalised()) && joined(g)
            };
            let before = k.checked_sub(1).and_then(|j| toks.get(j));
            let gap_before = before.map_or("", |b| &text[b.end..t.start]);
            let after = toks.get(k + 1);
            let gap_after = after.map_or("", |a| &text[t.end..a.start]);
            // "X and Y": the linking word is itself a token; look one further.
            let before2 = k.checked_sub(2).and_then(|j| toks.get(j));
            let and_before = before.is_some_and(|b| b.s == "and" || b.s == "or")
                && before2.is_some_and(|b2| is_found(b2, &out) && b2.capitalised());
            let after2 = toks.get(k + 2);
            let and_after = after.is_some_and(|a| a.s == "and" || a.s == "or")
                && after2.is_some_and(|a2| is_found(a2, &out) && a2.capitalised());
            let listed =
                link(before, gap_before) || link(after, gap_after) || and_before || and_after;
            if listed && !institution_next(text, &toks, k) {
                out.push(Hit {
                    kind: FindingKind::Name,
                    start: t.start,
                    end: t.base_end(),
                    suggestion: "a colleague".to_string(),
                });
            }
        }
    }
    out
}

/// Every later capitalised use of a word already found as part of a name ("we discussed
/// Susan Clarke's discharge and nobody asked Susan").
pub(crate) fn repeats(text: &str, found: &[Hit]) -> Vec<Hit> {
    let toks = tokens(text);
    let mut known: Vec<&str> = Vec::new();
    for h in found {
        for t in toks
            .iter()
            .filter(|t| t.start >= h.start && t.end <= h.end + 2)
        {
            if t.capitalised() && !lexicon::title_word(t.base()) && !lexicon::not_a_name(t.base()) {
                known.push(t.base());
            }
        }
    }
    toks.iter()
        .filter(|t| t.capitalised() && known.contains(&t.base()))
        .filter(|t| !found.iter().any(|h| t.start < h.end && h.start < t.end))
        .map(|t| Hit {
            kind: FindingKind::Name,
            start: t.start,
            end: t.base_end(),
            suggestion: "the patient".to_string(),
        })
        .collect()
}
