//! Names found from other evidence than their own context: the same name again later, the
//! others in a list with a name found, and names in texts typed all in lower case.

use super::context::{
    after_place_word, by_bed, condition_or_organism, institution_free, institution_next,
    listed_surname, lower_listed, name_hit, nameable, pair_of_people, pronoun_follows,
    takes_person,
};
use super::lexicon;
use std::collections::HashSet;

use super::tokens::{after_number, gap, sentence_start, spaces, Covered, Tok};
use super::{FindingKind, Hit};

/// Tired typing, all in lower case: a listed given name after a word that takes a person
/// ("i was too blunt with ionela", "the referral for tyler"), or with a possessive and a
/// relationship ("nadia's baby").
pub(crate) fn lower_case(text: &str, toks: &[Tok]) -> Vec<Hit> {
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
        let after_taker = takes_person(text, toks, i);
        // At the start of a sentence ("sam on nights is my favourite"), or in a list with
        // another ("dee and marcus", "baz and shaz"): the dictionary has already said it is no
        // everyday word.
        let starts =
            sentence_start(text, toks, i) && toks.get(i + 1).is_some_and(|n| !n.capitalised());
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
pub(crate) fn coordinated(text: &str, toks: &[Tok], found: &[Hit]) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let joined = |g: &str| matches!(g.trim(), "," | "and" | "&" | ", and" | "or");
    let covered = Covered::new(found);
    // What this pass adds is whole tokens, so a token is among them by its start.
    let mut added: HashSet<usize> = HashSet::new();
    let is_found = |t: &Tok, added: &HashSet<usize>| {
        covered.overlaps(t.start, t.end) || added.contains(&t.start)
    };
    for _ in 0..2 {
        for (k, t) in toks.iter().enumerate() {
            if !nameable(t)
                || lexicon::also_a_word(t.base()) && !lexicon::is_given(t.base())
                || is_found(t, &added)
            {
                continue;
            }
            let link = |other: Option<&Tok>, g: &str| {
                other.is_some_and(|o| is_found(o, &added) && o.capitalised()) && joined(g)
            };
            let before = k.checked_sub(1).and_then(|j| toks.get(j));
            let gap_before = before.map_or("", |b| &text[b.end..t.start]);
            let after = toks.get(k + 1);
            let gap_after = after.map_or("", |a| &text[t.end..a.start]);
            // "X and Y": the linking word is itself a token; look one further.
            let before2 = k.checked_sub(2).and_then(|j| toks.get(j));
            let and_before = before.is_some_and(|b| b.s == "and" || b.s == "or")
                && before2.is_some_and(|b2| is_found(b2, &added) && b2.capitalised());
            let after2 = toks.get(k + 2);
            let and_after = after.is_some_and(|a| a.s == "and" || a.s == "or")
                && after2.is_some_and(|a2| is_found(a2, &added) && a2.capitalised());
            let listed =
                link(before, gap_before) || link(after, gap_after) || and_before || and_after;
            if listed && !institution_next(text, toks, k) {
                added.insert(t.start);
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
pub(crate) fn repeats(toks: &[Tok], found: &[Hit]) -> Vec<Hit> {
    let mut known: HashSet<&str> = HashSet::new();
    for h in found {
        // The tokens of this finding: from the first starting at or after it.
        let first = toks.partition_point(|t| t.start < h.start);
        for t in toks[first..].iter().take_while(|t| t.end <= h.end + 2) {
            if t.capitalised() && !lexicon::title_word(t.base()) && !lexicon::not_a_name(t.base()) {
                known.insert(t.base());
            }
        }
    }
    let covered = Covered::new(found);
    toks.iter()
        .filter(|t| t.capitalised() && known.contains(t.base()))
        .filter(|t| !covered.overlaps(t.start, t.end))
        .map(|t| Hit {
            kind: FindingKind::Name,
            start: t.start,
            end: t.base_end(),
            suggestion: "the patient".to_string(),
        })
        .collect()
}

/// An unlisted capitalised word mid-sentence before a listed surname: "for Ravinder Singh".
pub(crate) fn untitled_unlisted(text: &str, toks: &[Tok], i: usize) -> Option<(Hit, usize)> {
    let t = &toks[i];
    let n = toks.get(i + 1)?;
    // "Jo and I did the check", "Reg and me": someone beside the writer; "Tamsin in bay 6".
    let with_me = n.s == "and"
        && spaces(gap(text, t, n))
        && toks
            .get(i + 2)
            .is_some_and(|m| matches!(m.s, "I" | "me" | "myself"));
    if (with_me || by_bed(text, t) || pair_of_people(text, toks, i))
        && !lexicon::abstract_word(t.base())
        && !after_number(text, t.start)
        && !after_place_word(toks, i)
    {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "a colleague"),
            i + 1,
        ));
    }
    let pair = !sentence_start(text, toks, i)
        && i > 0
        && !toks[i - 1].capitalised()
        && spaces(gap(text, t, n))
        && listed_surname(n)
        && !lexicon::is_given(n.base());
    if pair && !institution_next(text, toks, i + 1) {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i + 1, "the patient"),
            i + 2,
        ));
    }
    // After a word that takes a person ("buddied with Maricel on my first shift", "supporting
    // Krisztina, an IEN"), a capitalised word no list holds is a name when nothing makes it a
    // place or a thing: no article before it, no capitalised word or place word after it.
    let taker = takes_person(text, toks, i) && !sentence_start(text, toks, i);
    let next_capital = spaces(gap(text, t, n)) && n.capitalised();
    if taker && !next_capital && institution_free(text, toks, i) && !condition_or_organism(toks, i)
    {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    // Mid-sentence, doing what people do or described by "who": "recognise Baz was
    // withdrawing", "on behalf of Dionne who disclosed". Not "was"/"had" alone, which follow
    // things as often as people.
    let mid = !sentence_start(text, toks, i) && i > 0 && !toks[i - 1].capitalised();
    let acts = spaces(gap(text, t, n))
        && (n.s == "who"
            || lexicon::person_verb(n.s)
                && !matches!(
                    n.s,
                    "was"
                        | "is"
                        | "had"
                        | "has"
                        | "became"
                        | "came"
                        | "went"
                        | "made"
                        | "did"
                        | "got"
                        | "took"
                        | "gave"
                        | "showed"
                        | "started"
                        | "stopped"
                        | "needed"
                        | "needs"
                        | "kept"
                        | "looked"
                ));
    if mid
        && acts
        && institution_free(text, toks, i)
        && !lexicon::not_a_name(t.base())
        && !condition_or_organism(toks, i)
        && !after_place_word(toks, i)
    {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    // At a sentence start, saying or doing what only people do: "Mercy phoned in sick".
    let speaks = matches!(
        n.s,
        "told"
            | "said"
            | "asked"
            | "phoned"
            | "rang"
            | "cried"
            | "shouted"
            | "thanked"
            | "complained"
            | "explained"
            | "agreed"
            | "refused"
            | "laughed"
            | "smiled"
            | "screamed"
            | "begged"
            | "insisted"
            | "apologised"
            | "disclosed"
            | "consented"
            | "declined"
            | "laboured"
    ) || matches!(
        // Things do these too ("Ambulance arrived", "Audit showed"): only for a word no
        // dictionary holds ("Thabo joined us").
        n.s,
        "joined" | "arrived" | "stayed" | "helped" | "covered" | "supported" | "taught" | "showed"
    ) && !lexicon::is_english_word(t.base());
    // ... or, for a word no dictionary holds, being what a person is, with "she" or "he"
    // later in the sentence: "Nkechi is the most organised nurse …, she always".
    let described_person = lexicon::person_verb(n.s)
        && !lexicon::is_english_word(t.base())
        && pronoun_follows(text, toks, i + 1);
    if sentence_start(text, toks, i)
        && (speaks || described_person)
        && spaces(gap(text, t, n))
        && !lexicon::not_a_name(t.base())
        && institution_free(text, toks, i)
    {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    // "Obi the porter stayed", "Lin the interpreter was": a name, then "the" and a job.
    let the_role = n.s == "the"
        && spaces(gap(text, t, n))
        && toks.get(i + 2).is_some_and(|r| {
            lexicon::role_word(r.base())
                || toks
                    .get(i + 3)
                    .is_some_and(|r2| lexicon::role_word(r2.base()))
        })
        && !lexicon::is_english_word(t.base());
    if the_role && !after_place_word(toks, i) {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "a colleague"),
            i + 1,
        ));
    }
    // Described right after: "Chantelle, 17, with a new baby", "Mo, the patient, kept".
    let after = text[t.end..].trim_start_matches(' ');
    let after = after.strip_prefix(',')?;
    let after = after.trim_start_matches(' ');
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let aged = !digits.is_empty()
        && digits.len() <= 3
        && after[digits.len()..].trim_start().starts_with([',', ')'])
        && institution_free(text, toks, i);
    let role = matches!(
        n.lower().as_str(),
        "the" | "her" | "his" | "their" | "our" | "my"
    ) && toks.get(i + 2).is_some_and(|x| {
        let b = x.base();
        lexicon::person_word(b) || lexicon::relation_word(b) || lexicon::role_word(b)
    });
    // "Dot, who is 93": "who" is only ever said of a person.
    let who = n.s == "who" && !institution_next(text, toks, i);
    if aged || role || who {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    None
}
