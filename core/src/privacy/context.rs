//! The contexts the name detector reads around a word: whether it can be a name at all, whether
//! the lists hold it, what comes before (a word that takes a person) and after (a place,
//! a condition, a surname).

use super::lexicon;
use super::tokens::{gap, sentence_start, spaces, Tok};
use super::{FindingKind, Hit};

/// "al-Hassan", "el-Amin", "bin-Laden": a particle joined to a capitalised name.
pub(crate) fn particle_joined(t: &Tok) -> bool {
    t.s.split_once('-').is_some_and(|(p, rest)| {
        lexicon::particle(p)
            && p.chars().all(char::is_lowercase)
            && rest.chars().next().is_some_and(char::is_uppercase)
    })
}

/// A word that may be a name in a strong context.
pub(crate) fn nameable(t: &Tok) -> bool {
    (t.capitalised() || particle_joined(t))
        && !lexicon::not_a_name(t.base())
        && !t.base().split('-').any(lexicon::not_a_name)
        && !lexicon::title_word(t.base())
        && !lexicon::institution_word(t.base())
        && !lexicon::relation_word(t.base())
        && !condition_word(t)
        && t.base().chars().count() >= 2
}

/// A word that is a name from the lists alone (weak contexts).
pub(crate) fn listed_given(t: &Tok) -> bool {
    nameable(t) && !lexicon::also_a_word(t.base()) && lexicon::is_given(t.base())
}

pub(crate) fn listed_surname(t: &Tok) -> bool {
    nameable(t)
        && !lexicon::also_a_word(t.base())
        && (lexicon::is_surname(t.base()) || lexicon::is_given(t.base()))
}

/// The next token is a place, service or team word ("Florence Ward", "Dr Foster Intelligence").
pub(crate) fn institution_next(text: &str, toks: &[Tok], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|n| {
        spaces(gap(text, &toks[i], n))
            && lexicon::institution_word(n.base())
            && !toks[i].possessive()
    })
}

/// Extends a name at token `i` over a following surname or particles + surname, returning the
/// index of the last token of the name.
pub(crate) fn extend(text: &str, toks: &[Tok], i: usize) -> usize {
    let mut last = i;
    if toks[i].possessive() {
        return last;
    }
    let mut j = i + 1;
    while let Some(t) = toks.get(j) {
        if !spaces(gap(text, &toks[j - 1], t)) {
            break;
        }
        if lexicon::particle(t.s) && t.s.chars().all(char::is_lowercase) {
            j += 1;
            continue;
        }
        if nameable(t) && !lexicon::also_a_word(t.base()) {
            last = j;
            if t.possessive() {
                break;
            }
            j += 1;
            if j - i > 3 {
                break;
            }
            continue;
        }
        break;
    }
    last
}

/// The word before token `i` takes a person: "with", "supporting", "buddied with", or "to"
/// after a verb of speaking or giving ("spoke to", "visit to", "explained to").
pub(crate) fn takes_person(text: &str, toks: &[Tok], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|j| toks.get(j)) else {
        return false;
    };
    if !spaces(gap(text, prev, &toks[i])) {
        return false;
    }
    let p = prev.lower();
    if lexicon::person_taker(&p) {
        return true;
    }
    let before = i
        .checked_sub(2)
        .and_then(|j| toks.get(j))
        .map(Tok::lower)
        .unwrap_or_default();
    // "handed over Zbigniew", "handing over to Priya".
    if p == "over" && matches!(before.as_str(), "handed" | "handing" | "hand" | "hands") {
        return true;
    }
    (p == "to" || p == "for")
        && matches!(
            before.as_str(),
            "spoke"
                | "speak"
                | "talked"
                | "talk"
                | "explained"
                | "explain"
                | "apologised"
                | "apologized"
                | "said"
                | "gave"
                | "give"
                | "handed"
                | "wrote"
                | "introduced"
                | "listened"
                | "chatted"
                | "visit"
                | "referral"
                | "referred"
                | "cared"
                | "care"
                | "caring"
                | "looking"
                | "looked"
                | "advocated"
                | "prescribed"
                | "handover"
                | "over"
                | "covering"
                | "covered"
        )
}

/// A lower-case given name from the lists that is no everyday word ("with ionela", "for tyler"),
/// for the contexts that take a person.
pub(crate) fn lower_listed(t: &Tok) -> bool {
    t.s.chars().all(char::is_lowercase)
        && t.s.chars().count() >= 3
        && lexicon::is_given(t.s)
        && !lexicon::is_english_word(t.s)
        && !lexicon::not_a_name(t.s)
        && !lexicon::also_a_word(t.s)
        && !lexicon::common_word(t.s)
        && !lexicon::person_verb(t.s)
        && !lexicon::function_word(t.s)
        && !lexicon::relation_word(t.s)
        && !lexicon::role_word(t.s)
        && !lexicon::institution_word(t.s)
}

/// Two capitalised words no dictionary holds, joined by "and" at the start of a sentence and
/// followed by what they did: "Kasia and Olu covered my break".
pub(crate) fn pair_of_people(text: &str, toks: &[Tok], i: usize) -> bool {
    let (Some(and), Some(other), Some(next)) = (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3))
    else {
        return false;
    };
    let plain = |t: &Tok| {
        t.capitalised()
            && !lexicon::is_english_word(t.base())
            && !lexicon::not_a_name(t.base())
            && !lexicon::institution_word(t.base())
    };
    sentence_start(text, toks, i)
        && and.s == "and"
        && plain(&toks[i])
        && plain(other)
        && next.s.chars().all(char::is_lowercase)
        && spaces(gap(text, other, next))
}

/// Just after a place word ("in Otley", "in Lower Slaughter"): a place, not a person.
pub(crate) fn after_place_word(toks: &[Tok], i: usize) -> bool {
    (1..=2).any(|d| {
        i.checked_sub(d).and_then(|j| toks.get(j)).is_some_and(|p| {
            matches!(
                p.lower().as_str(),
                "in" | "at" | "near" | "outside" | "around"
            )
        })
    })
}

/// A condition named after people ("Ehlers-Danlos", "Guillain-Barré"): in the rare
/// conditions list, whole or as its first word.
pub(crate) fn condition_word(t: &Tok) -> bool {
    let w = t.base().to_lowercase();
    lexicon::RARE_CONDITIONS.iter().any(|c| {
        *c == w || c.starts_with(&format!("{w} ")) || c.split([' ']).next() == Some(w.as_str())
    })
}

/// A condition or an organism, not a person: "Stiff person syndrome", "Vibrio vulnificus",
/// "Fibrodysplasia ossificans progressiva" (a place or condition word within three words, or a
/// Latin second word).
pub(crate) fn condition_or_organism(toks: &[Tok], i: usize) -> bool {
    let latin = toks.get(i + 1).is_some_and(|n| {
        n.s.chars().all(char::is_lowercase)
            && [
                "us", "is", "ans", "ensis", "ii", "ae", "ium", "iva", "icans", "ile",
            ]
            .iter()
            .any(|e| n.s.ends_with(e))
            && n.s.len() >= 6
    });
    latin
        || toks.iter().skip(i + 1).take(3).any(|n| {
            matches!(
                n.lower().as_str(),
                "syndrome" | "disease" | "sequence" | "palsy" | "infection" | "virus" | "bacteria"
            )
        })
}

/// Neither this word nor the one before is part of a place or service name.
pub(crate) fn institution_free(text: &str, toks: &[Tok], i: usize) -> bool {
    !institution_next(text, toks, i) && !lexicon::institution_word(toks[i].base())
}

/// "she" or "he" — a subject, not "him" or "her", which a drug's effects take too — later in
/// the sentence that starts before token `from`.
pub(crate) fn pronoun_follows(text: &str, toks: &[Tok], from: usize) -> bool {
    let mut k = from;
    while let Some(t) = toks.get(k) {
        if k > from && sentence_start(text, toks, k) {
            return false;
        }
        if matches!(
            t.lower().as_str(),
            "she"
                | "he"
                | "she's"
                | "he's"
                | "she'd"
                | "he'd"
                | "she’s"
                | "he’s"
                | "she’d"
                | "he’d"
        ) {
            return true;
        }
        k += 1;
    }
    false
}

/// Right after the word: a bed, a bay or an age ("Ahmed on bed 4", "Winifred (96yo)").
pub(crate) fn by_bed(text: &str, t: &Tok) -> bool {
    let rest = text[t.end..].to_lowercase();
    let rest = rest.trim_start_matches([' ', ',', '(']);
    [
        "on bed",
        "in bed",
        "in bay",
        "on bay",
        "in side room",
        "in cubicle",
        "in cot",
        "aged ",
        "age ",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
        || rest
            .strip_prefix("bed ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        || rest.starts_with(|c: char| c.is_ascii_digit()) && rest.contains("yo")
}

pub(crate) fn name_hit(
    kind: FindingKind,
    start: usize,
    toks: &[Tok],
    last: usize,
    suggestion: &str,
) -> Hit {
    Hit {
        kind,
        start,
        end: toks[last].base_end(),
        suggestion: suggestion.to_string(),
    }
}
