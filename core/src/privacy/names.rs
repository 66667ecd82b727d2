//! People's names: after a title ("Mrs A. Khan", "mr da Silva", "Dr van der Berg"), and without
//! one where the context says so — a relationship ("her son, David", "Priya's daughter"), a
//! person word ("the patient Sarah", "a lady called Margaret"), a given name and a surname from
//! the lists ("John Smith"), or a given name by a bed ("Ahmed on bed 4"). Words that are also
//! names (Will, Hope, Grace) are names only in the strong contexts; words that are never names
//! here (drugs, eponyms, clinical words) never are.

use super::context::{
    by_bed, extend, institution_next, listed_given, listed_surname, name_hit, nameable,
    takes_person,
};
use super::tokens::{after_number, comma_or_spaces, gap, sentence_start, spaces, Tok};
use super::{lexicon, FindingKind, Hit};

pub(crate) fn hits(text: &str, toks: &[Tok]) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((h, next)) = titled(text, toks, i)
            .or_else(|| relation_before(text, toks, i))
            .or_else(|| person_before(text, toks, i))
            .or_else(|| untitled(text, toks, i))
        {
            out.push(h);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

/// "Mrs A. Khan", "mr da silva", "Dr van der Berg", "Sister O’Neill": a title, initials,
/// particles, then a name. Abbreviated titles may take a full stop; whole words may not
/// ("Sister. She" is a sentence end).
fn titled(text: &str, toks: &[Tok], i: usize) -> Option<(Hit, usize)> {
    let title = &toks[i];
    if !lexicon::title_word(title.s) {
        return None;
    }
    let lower_title = title.s.chars().all(char::is_lowercase);
    let first = toks.get(i + 1)?;
    let g = gap(text, title, first);
    let g_ok = spaces(g)
        || (lexicon::title_abbreviation(title.s)
            && spaces(g.trim_start_matches('.'))
            && g.starts_with('.'));
    if !g_ok {
        return None;
    }
    let mut j = i + 1;
    let mut initials = 0;
    let mut particles = 0;
    while let Some(t) = toks.get(j) {
        let next_gap = toks.get(j + 1).map(|n| gap(text, t, n)).unwrap_or("");
        let is_initial = t.s.chars().count() == 1
            && t.s.chars().all(char::is_alphabetic)
            && (next_gap.starts_with('.') || spaces(next_gap))
            && initials < 3;
        if is_initial {
            initials += 1;
            j += 1;
            continue;
        }
        if lexicon::particle(t.s) && t.s.chars().all(char::is_lowercase) && particles < 3 {
            particles += 1;
            j += 1;
            continue;
        }
        break;
    }
    let t = toks.get(j)?;
    let prev = &toks[j - 1];
    let g = gap(text, prev, t);
    if !(spaces(g) || (g.starts_with('.') && spaces(&g[1..])) || j == i + 1) {
        return None;
    }
    // A lower-case name after a lower-case title only where the title is an abbreviation
    // ("mrs khan", not "the sister said"), and from the lists unless initials came first.
    let lower_ok =
        ((lower_title && lexicon::title_abbreviation(title.s)) || initials > 0 || particles > 0)
            && t.s.chars().all(|c| !c.is_uppercase())
            && !lexicon::not_a_name(t.base())
            && (initials > 0 || !lexicon::also_a_word(t.base()))
            && (initials > 0
                || lexicon::is_surname(t.base())
                || lexicon::is_given(t.base())
                || !lexicon::is_english_word(t.base())
                || toks
                    .get(j + 1)
                    .is_some_and(|n| lexicon::person_verb(n.s) && spaces(gap(text, t, n))));
    // After a title, a word that is also a name is a name ("Mrs May"), but never a place word
    // ("Sister Ward") or one followed by one ("Dr Foster Intelligence").
    // After a title a listed surname is a name even where it is also a word or an eponym
    // ("Mr Bell's heart rate", "Sister M. Ward").
    let surname_listed = lexicon::is_surname(t.base()) || initials > 0;
    let cap_ok = t.capitalised()
        && (!lexicon::not_a_name(t.base()) || surname_listed && !lexicon::relation_word(t.base()))
        && (!lexicon::institution_word(t.base()) || initials > 0)
        && !lexicon::title_word(t.base());
    if !(lower_ok || cap_ok) {
        return None;
    }
    let last = if t.possessive() {
        j
    } else {
        extend(text, toks, j)
    };
    if initials == 0 && institution_next(text, toks, last) {
        return None;
    }
    let staff = matches!(
        title.lower().as_str(),
        "dr" | "prof" | "professor" | "doctor" | "sister" | "nurse" | "matron"
    );
    let suggestion = if staff { "a colleague" } else { "the patient" };
    Some((
        name_hit(FindingKind::TitledName, title.start, toks, last, suggestion),
        last + 1,
    ))
}

/// "her son, David", "his wife Mary", "daughter Priya": a relationship word then a name. The
/// span runs from the determiner, so the rewrite reads "a relative".
fn relation_before(text: &str, toks: &[Tok], i: usize) -> Option<(Hit, usize)> {
    let rel = &toks[i];
    let relation =
        lexicon::relation_word(rel.s) && !(rel.capitalised() && lexicon::title_word(rel.s));
    // "my mentor Sarah", "the driver, Kieran", "our ward clerk, Jacqueline": a colleague.
    let role = (!rel.capitalised() || sentence_start(text, toks, i)) && lexicon::role_word(rel.s)
        || rel.s.chars().all(|c| c.is_ascii_uppercase()) && lexicon::role_word(rel.s)
        || rel.s.len() > 3 && rel.s.ends_with('s') && lexicon::role_word(&rel.s[..rel.s.len() - 1]);
    if !(relation || role) {
        return None;
    }
    let name = toks.get(i + 1)?;
    if !comma_or_spaces(gap(text, rel, name)) || !nameable(name) {
        return None;
    }
    // "the nurse, Smith said" is rare; "the nurse Manager" is a title: a role needs a name
    // the lists hold or a comma before it.
    let det_before = i > 0
        && matches!(
            toks[i - 1].lower().as_str(),
            "my" | "our" | "her" | "his" | "their" | "your"
        )
        && spaces(gap(text, &toks[i - 1], rel));
    if role
        && !relation
        && !(det_before || lexicon::is_given(name.base()) || gap(text, rel, name).contains(','))
    {
        return None;
    }
    let last = extend(text, toks, i + 1);
    if institution_next(text, toks, last) {
        return None;
    }
    let mut start = rel.start;
    if i > 0 {
        let d = &toks[i - 1];
        // Not a possessive name ("Mr Wilkinson's wife, Dot"): that is a finding of its own.
        let det = matches!(
            d.lower().as_str(),
            "her" | "his" | "their" | "my" | "the" | "a" | "our" | "your"
        );
        if det && spaces(gap(text, d, rel)) {
            start = d.start;
        }
    }
    let suggestion = if role && !relation {
        "a colleague"
    } else if matches!(rel.lower().as_str(), "friend" | "neighbour" | "neighbor") {
        "a friend"
    } else {
        "a relative"
    };
    Some((
        name_hit(FindingKind::Name, start, toks, last, suggestion),
        last + 1,
    ))
}

/// "the patient Sarah", "a lady called Margaret", "known as Bob": the person word stays and the
/// name goes.
fn person_before(text: &str, toks: &[Tok], i: usize) -> Option<(Hit, usize)> {
    let w = &toks[i];
    let lw = w.lower();
    if !lexicon::person_word(&lw) {
        return None;
    }
    let mut j = i + 1;
    let call = matches!(lw.as_str(), "call" | "calls" | "called")
        && toks.get(j).is_some_and(|p| {
            matches!(
                p.lower().as_str(),
                "him" | "her" | "them" | "me" | "himself" | "herself" | "themselves"
            )
        });
    if call {
        j += 1;
    } else if lw == "call" {
        return None;
    }
    if lw == "known" {
        let a = toks.get(j)?;
        if a.lower() != "as" {
            return None;
        }
        j += 1;
    }
    let name = toks.get(j)?;
    let g = gap(text, &toks[j - 1], name);
    let calling = matches!(lw.as_str(), "called" | "named" | "known" | "calls" | "call");
    // Tired typing: "patient sam asked", "pt gary 40s" — a lower-case given name from the
    // lists, never a word that is also one ("the patient will").
    let lower_name = name.s.chars().all(char::is_lowercase)
        && lexicon::is_given(name.s)
        && !lexicon::not_a_name(name.s)
        && !lexicon::also_a_word(name.s)
        && !lexicon::person_verb(name.s)
        && !lexicon::common_word(name.s);
    if !(spaces(g) || comma_or_spaces(g) && !calling) || !(nameable(name) || lower_name) {
        return None;
    }
    let last = extend(text, toks, j);
    if institution_next(text, toks, last) {
        return None;
    }
    // "patient Safety Team", "patient Experience": team names (a capitalised place or service
    // word right after, not an acronym across a comma: "Patient Lwazi NHS 543…").
    let team = toks.get(last + 1).is_some_and(|n| {
        spaces(gap(text, &toks[last], n)) && n.capitalised() && lexicon::institution_word(n.base())
    });
    if !calling && team {
        return None;
    }
    Some((
        name_hit(FindingKind::Name, name.start, toks, last, "[name]"),
        last + 1,
    ))
}

/// A given name and a surname from the lists ("John Smith"), a listed given name with a
/// possessive ("Priya's daughter"), or by a bed or an age ("Ahmed on bed 4", "Ahmed, aged 94").
fn untitled(text: &str, toks: &[Tok], i: usize) -> Option<(Hit, usize)> {
    let t = &toks[i];
    if !nameable(t) {
        return None;
    }
    let given = lexicon::is_given(t.base());
    let next = toks.get(i + 1);
    let next_gap = next.map_or("", |n| gap(text, t, n));
    // Possessive: with a relationship word it is a name ("Grace's daughter"); a listed given
    // name with anything but a condition or a place ("Wilson's disease", "Nightingale's ward").
    if t.possessive() {
        let n = next?;
        // "Wilson's disease", "St Thomas' Hospital", "St Mary's in Slaithwaite": a condition, a
        // place or a saint — but "Matteo's hospital number" is a person's.
        let saint = i > 0 && matches!(toks[i - 1].s, "St" | "Saint" | "st");
        let condition = matches!(
            n.lower().as_str(),
            "disease"
                | "syndrome"
                | "sign"
                | "palsy"
                | "sequence"
                | "law"
                | "test"
                | "model"
                | "cycle"
        );
        let place = n.capitalised() && lexicon::institution_word(n.base());
        // A possessive standing alone ("to Addenbrooke's for …", "at Guy's and"): a place.
        let standalone = lexicon::function_word(n.s);
        if !spaces(next_gap) || saint || condition || place || standalone {
            return None;
        }
        let rel = lexicon::relation_word(n.base())
            || matches!(
                n.lower().as_str(),
                "family"
                    | "notes"
                    | "bed"
                    | "room"
                    | "care"
                    | "medication"
                    | "mum"
                    | "dad"
                    | "discharge"
                    | "admission"
                    | "wife"
                    | "husband"
            );
        // A given name that is a word ("Lily's weight") or no list's ("Matteo's hospital
        // number", "rang Arjun's school nurse"), unless it is an eponym or a place word.
        let named = listed_given(t)
            || given && !lexicon::abstract_word(t.base())
            || !lexicon::is_english_word(t.base())
                && (sentence_start(text, toks, i) || takes_person(text, toks, i));
        if rel || named {
            return Some((
                name_hit(FindingKind::Name, t.start, toks, i, "the patient's"),
                i + 1,
            ));
        }
        return None;
    }
    if !given {
        return super::people::untitled_unlisted(text, toks, i);
    }
    if let Some(n) = next {
        // A listed given name and any name-like word after it ("Wei Pritchard"); a given name
        // that is also a word ("Will") only with a listed surname ("Will Popescu").
        let place_before = i > 0
            && matches!(
                toks[i - 1].lower().as_str(),
                "in" | "at" | "near" | "around" | "outside"
            );
        let pair = if listed_given(t) && !place_before {
            nameable(n) && !lexicon::also_a_word(n.base())
        } else {
            listed_surname(n)
        };
        if spaces(next_gap) && pair {
            let last = extend(text, toks, i + 1);
            if institution_next(text, toks, last) {
                return None;
            }
            return Some((
                name_hit(FindingKind::Name, t.start, toks, last, "the patient"),
                last + 1,
            ));
        }
        if institution_next(text, toks, i) {
            return None;
        }
        // Apposition, even for names that are also words: "Will, her husband,", "May, who is
        // 93", "Jodie, a 19-year-old", "Chantelle, 17,", "Kwame - young man", "Mo, the patient".
        let after_name = &text[t.end..];
        let trimmed = after_name.trim_start_matches(' ');
        let comma = trimmed.starts_with([',', '-', '–', '—']);
        let after = trimmed.trim_start_matches([',', '-', '–', '—', ' ']);
        let first_word = n.lower();
        let second = toks.get(i + 2).map_or(String::new(), |x| x.lower());
        let described_by_role = matches!(
            first_word.as_str(),
            "her" | "his" | "their" | "my" | "our" | "the"
        ) && (lexicon::relation_word(&second)
            || lexicon::person_word(&second)
            || lexicon::role_word(&second));
        let digits = after.starts_with(|c: char| c.is_ascii_digit());
        let described = described_by_role
            || digits
            || first_word == "who"
            || matches!(
                first_word.as_str(),
                "a" | "an" | "aged" | "young" | "elderly" | "age"
            ) && listed_given(t);
        if comma
            && described
            && !after_number(text, t.start)
            && (listed_given(t)
                || !lexicon::abstract_word(t.base())
                || digits
                || first_word == "who"
                || described_by_role)
        {
            return Some((
                name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
                i + 1,
            ));
        }
        // "I rang Grace who came in", "Sunny (he prefers that)": a person, whatever the word.
        let who = (next_gap.trim().is_empty() && first_word == "who")
            || next_gap.trim() == "("
                && matches!(
                    first_word.as_str(),
                    "he" | "she" | "they" | "her" | "his" | "a" | "an" | "our" | "my"
                );
        if who && !after_number(text, t.start) {
            return Some((
                name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
                i + 1,
            ));
        }
        // A given name that is also a word, as the subject of what people do: "Bill managed",
        // "Grace was anxious" — but not "Hope is important" or "May was busy".
        if !listed_given(t)
            && !lexicon::abstract_word(t.base())
            && spaces(next_gap)
            && lexicon::person_verb(n.s)
        {
            return Some((
                name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
                i + 1,
            ));
        }
    }
    if by_bed(text, t) && !lexicon::abstract_word(t.base()) && !after_number(text, t.start) {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    // "Supervision with Grace today", "working alongside Rose": a given name that is also a
    // word, capitalised mid-sentence after a word that takes a person.
    if takes_person(text, toks, i)
        && !sentence_start(text, toks, i)
        && !lexicon::abstract_word(t.base())
        && !next.is_some_and(|n| spaces(next_gap) && n.capitalised())
    {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    if !listed_given(t) {
        return None;
    }
    // A listed given name mid-sentence, after a lower-case word ("looked after Margaret who",
    // "put Stanley back to bed"): capitalised there, it is a proper noun, and the lists say
    // which kind.
    let prev_ok = i > 0
        && (!toks[i - 1].capitalised() && !toks[i - 1].s.chars().all(|c| c.is_uppercase())
            || sentence_start(text, toks, i - 1) && !lexicon::is_given(toks[i - 1].base()));
    let next_proper = next.is_some_and(|n| spaces(next_gap) && n.capitalised());
    // ... and at the start of a sentence, before anything but another capitalised word
    // ("Tomasz (HCA) noticed", "Rhiannon from the dietetics team"). The lists' given names
    // that are also everyday words are in `also_a_word` and never get here.
    // Not after an article ("swapped it for a Baxter") or a place word ("near Bala").
    let before = if i > 0 {
        toks[i - 1].lower()
    } else {
        String::new()
    };
    let thing_or_place = matches!(
        before.as_str(),
        "a" | "an" | "the" | "in" | "at" | "near" | "around" | "outside" | "into"
    );
    // At a sentence start, only a name that is no English word ("Junior doctor reflection").
    let start_ok = sentence_start(text, toks, i) && !lexicon::is_english_word(t.base());
    let mid = (start_ok || prev_ok) && !next_proper && !thing_or_place;
    // A listed given name as the subject of what people do: "Sarah was upset".
    // Not the last word of a longer proper noun ("the Queen Elizabeth took 6 hours").
    let after_capital = i > 0 && toks[i - 1].capitalised() && spaces(gap(text, &toks[i - 1], t));
    let subject =
        !after_capital && next.is_some_and(|n| spaces(next_gap) && lexicon::person_verb(n.s));
    if mid || subject {
        return Some((
            name_hit(FindingKind::Name, t.start, toks, i, "the patient"),
            i + 1,
        ));
    }
    None
}
