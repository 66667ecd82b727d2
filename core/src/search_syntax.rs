//! What a search box's text means, as an FTS5 query (README, "Searching"). No SQL runs here: the
//! storage layer hands the expressions built here to `MATCH`.
//!
//! - Words match whole words: `feedback` finds "feedback", not "feedbacks".
//! - A `*` typed after a word makes it a prefix: `escal*` finds "escalate" and "escalation".
//! - Quotes make a phrase: `"near miss"`. A word with a hyphen or apostrophe (`PURPOSE-T`,
//!   `patient's`) is a phrase of its parts, as the index splits it.
//! - `-word` (or `-"a phrase"`, or `NOT word`) leaves out reflections that have it.
//! - `OR` between two terms matches either: `sepsis OR deterioration`. It joins the terms either
//!   side of it, so `family sepsis OR deterioration` is family AND (sepsis OR deterioration).
//! - Everything else is text: `AND` is implied between terms, and no character can make the
//!   query invalid (every term is quoted, so FTS5 never sees syntax it did not get from here).
//! - While typing ([`Mode::Typing`]) the last word also matches as a prefix, once it has three
//!   letters, so results appear as the word is typed.

use crate::error::{Error, Result};

/// How the last word of the text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A submitted search (the CLI, or Enter): every word is whole unless it ends in `*`.
    Words,
    /// Search as you type: the last word, while it is being typed (no space after it yet), is
    /// also a prefix once it has [`TYPING_PREFIX_MIN`] letters.
    Typing,
}

/// The shortest last word that is matched as a prefix while typing (shorter prefixes match most
/// of the index and say little).
pub const TYPING_PREFIX_MIN: usize = 3;

/// The most terms one search may have (FTS5 nests an expression per term).
pub const MAX_TERMS: usize = 50;

/// The text as FTS5 expressions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FtsQuery {
    /// What must match (`MATCH` this), with the exclusions folded in as `NOT`.
    pub matching: Option<String>,
    /// When the text has only exclusions: what must not match (rows whose rowid is not among
    /// `MATCH` this).
    pub excluding_only: Option<String>,
}

impl FtsQuery {
    /// True when the text has nothing to search for (empty, or only punctuation).
    pub fn is_empty(&self) -> bool {
        self.matching.is_none() && self.excluding_only.is_none()
    }
}

#[derive(Debug)]
struct Term {
    text: String,
    prefix: bool,
}

impl Term {
    /// The term as an FTS5 string: quoted (so its characters are never syntax) and tokenised by
    /// the index's own tokenizer, which makes a hyphenated word a phrase of its parts.
    fn fts(&self) -> String {
        let quoted = format!("\"{}\"", self.text.replace('"', "\"\""));
        if self.prefix {
            quoted + "*"
        } else {
            quoted
        }
    }
}

/// One piece of the text as read.
#[derive(Debug)]
enum Piece {
    Term { term: Term, negative: bool },
    Or,
}

/// Whether the index would find a word in `s` (its tokenizer keeps letters and digits).
fn has_token(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// The letters of the last token of `s` (what a typing prefix would match on).
fn last_token_len(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .rfind(|t| !t.is_empty())
        .map_or(0, |t| t.chars().count())
}

/// Read the text into terms and `OR`s. The last term is marked as being typed when the text does
/// not end in a space or a closing quote.
fn pieces(text: &str, mode: Mode) -> Vec<Piece> {
    let mut out = Vec::new();
    // Control characters (NUL ends an FTS5 string early) separate words, as spaces do.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut chars = text.chars().peekable();
    // A `-` just before the next term, and a `NOT` word before it (which a space follows).
    let mut negate_next = false;
    let mut not_word = false;
    let mut last_open: Option<usize> = None;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            negate_next = false;
            last_open = None;
            continue;
        }
        let negative = negate_next || not_word || c == '-';
        if c == '-' {
            chars.next();
            if chars.peek().is_some_and(|c| c.is_whitespace()) {
                continue;
            }
            negate_next = true;
            continue;
        }
        negate_next = false;
        not_word = false;
        if c == '"' {
            chars.next();
            let mut phrase = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            let mut prefix = false;
            while chars.peek() == Some(&'*') {
                chars.next();
                prefix = true;
            }
            if has_token(&phrase) {
                out.push(Piece::Term {
                    term: Term {
                        text: phrase,
                        prefix,
                    },
                    negative,
                });
            }
            last_open = None;
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            word.push(c);
            chars.next();
        }
        let stem = word.trim_end_matches('*');
        let starred = stem.len() < word.len();
        match stem {
            "OR" if !negative && !starred => out.push(Piece::Or),
            "AND" if !negative && !starred => {}
            "NOT" if !negative && !starred => not_word = true,
            _ if has_token(stem) => {
                last_open = (!starred).then_some(out.len());
                out.push(Piece::Term {
                    term: Term {
                        text: stem.to_string(),
                        prefix: starred,
                    },
                    negative,
                });
            }
            _ => {}
        }
    }
    // The word still being typed: the text ends inside it.
    if mode == Mode::Typing {
        if let Some(Piece::Term { term, .. }) = last_open.and_then(|i| out.get_mut(i)) {
            if last_token_len(&term.text) >= TYPING_PREFIX_MIN {
                term.prefix = true;
            }
        }
    }
    out
}

/// What a search with no letter or digit says (a query of only punctuation or emoji would
/// otherwise match every reflection).
pub const NO_WORDS: &str = "Search for at least one letter or number";

/// True when `text` has something typed but nothing the index could find: no letter or digit
/// anywhere. While typing, a lone `-` or `"` (the start of an exclusion or a phrase) is not yet
/// a search, so it is read as nothing typed.
fn only_punctuation(text: &str, mode: Mode) -> bool {
    let typed: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if typed.is_empty() || typed.iter().copied().any(char::is_alphanumeric) {
        return false;
    }
    !(mode == Mode::Typing && typed.iter().all(|c| matches!(c, '-' | '"')))
}

/// The FTS5 expressions for a search box's text (see the module docs). Errs, naming the field
/// `text`, when the text has more than [`MAX_TERMS`] terms, or has characters but no letter or
/// digit ([`NO_WORDS`]: it would otherwise list the whole journal).
pub fn fts_query(text: &str, mode: Mode) -> Result<FtsQuery> {
    if only_punctuation(text, mode) {
        return Err(Error::invalid("text", NO_WORDS));
    }
    let pieces = pieces(text, mode);
    let terms = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Term { .. }))
        .count();
    if terms > MAX_TERMS {
        return Err(Error::invalid(
            "text",
            format!("Search for at most {MAX_TERMS} words at a time (this search has {terms})"),
        ));
    }
    // Groups of terms joined by OR; an OR with no term on one side is dropped.
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut excluded: Vec<String> = Vec::new();
    let mut joining = false;
    for p in &pieces {
        match p {
            Piece::Or => joining = !groups.is_empty(),
            Piece::Term {
                term,
                negative: true,
            } => {
                excluded.push(term.fts());
                joining = false;
            }
            Piece::Term {
                term,
                negative: false,
            } => {
                match groups.last_mut() {
                    Some(g) if joining => g.push(term.fts()),
                    _ => groups.push(vec![term.fts()]),
                }
                joining = false;
            }
        }
    }
    let group = |g: &Vec<String>| {
        if g.len() == 1 {
            g.join("")
        } else {
            format!("({})", g.join(" OR "))
        }
    };
    let positive = groups.iter().map(group).collect::<Vec<_>>().join(" AND ");
    let negative = excluded.join(" OR ");
    Ok(match (positive.is_empty(), negative.is_empty()) {
        (true, true) => FtsQuery::default(),
        (true, false) => FtsQuery {
            matching: None,
            excluding_only: Some(negative),
        },
        (false, true) => FtsQuery {
            matching: Some(positive),
            excluding_only: None,
        },
        (false, false) => FtsQuery {
            matching: Some(format!("({positive}) NOT ({negative})")),
            excluding_only: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, mode: Mode) -> (Option<String>, Option<String>) {
        let q = fts_query(text, mode).unwrap_or_default();
        (q.matching, q.excluding_only)
    }

    #[test]
    fn reads_text_as_people_type_it() {
        let words = Mode::Words;
        let typing = Mode::Typing;
        let cases: &[(&str, Mode, Option<&str>, Option<&str>)] = &[
            ("", words, None, None),
            ("feedback", words, Some(r#""feedback""#), None),
            ("feedback", typing, Some(r#""feedback"*"#), None),
            ("feedback ", typing, Some(r#""feedback""#), None),
            ("fe", typing, Some(r#""fe""#), None),
            ("esc", typing, Some(r#""esc"*"#), None),
            ("escal*", words, Some(r#""escal"*"#), None),
            ("PURPOSE-T", words, Some(r#""PURPOSE-T""#), None),
            ("PURPOSE-T", typing, Some(r#""PURPOSE-T""#), None),
            ("patient's", words, Some(r#""patient's""#), None),
            (r#""near miss""#, words, Some(r#""near miss""#), None),
            (r#""near miss"#, typing, Some(r#""near miss""#), None),
            (
                "allergy near miss",
                words,
                Some(r#""allergy" AND "near" AND "miss""#),
                None,
            ),
            (
                "family sepsis OR deterioration",
                words,
                Some(r#""family" AND ("sepsis" OR "deterioration")"#),
                None,
            ),
            ("OR sepsis OR", words, Some(r#""sepsis""#), None),
            ("sepsis or", words, Some(r#""sepsis" AND "or""#), None),
            ("a AND b", words, Some(r#""a" AND "b""#), None),
            (
                "handover -night",
                words,
                Some(r#"("handover") NOT ("night")"#),
                None,
            ),
            (
                "handover NOT night",
                words,
                Some(r#"("handover") NOT ("night")"#),
                None,
            ),
            ("-night", words, None, Some(r#""night""#)),
            (
                r#"-"night shift" -agency"#,
                words,
                None,
                Some(r#""night shift" OR "agency""#),
            ),
            ("- handover", words, Some(r#""handover""#), None),
            ("title:feedback", words, Some(r#""title:feedback""#), None),
            (r#"say "hi"#, typing, Some(r#""say" AND "hi""#), None),
            ("NEAR(a b)", words, Some(r#""NEAR(a" AND "b)""#), None),
            ("-", typing, None, None),
            ("-\"", typing, None, None),
            ("a\u{0}b", words, Some(r#""a" AND "b""#), None),
        ];
        for (text, mode, matching, excluding) in cases {
            assert_eq!(
                m(text, *mode),
                (matching.map(String::from), excluding.map(String::from)),
                "{text:?} in {mode:?}"
            );
        }
    }

    /// Punctuation or emoji alone would match every reflection: refused, naming the field.
    #[test]
    fn only_punctuation_is_refused_naming_the_field() {
        for (text, mode) in [
            ("  ?? … ", Mode::Words),
            ("*", Mode::Words),
            ("!!!", Mode::Typing),
            ("\u{1F600}", Mode::Words),
            ("\u{1F600}", Mode::Typing),
            ("-", Mode::Words),
            ("\"\"", Mode::Words),
            ("-- ... ?", Mode::Typing),
        ] {
            match fts_query(text, mode) {
                Err(Error::Invalid { field, message }) => {
                    assert_eq!(
                        (field.as_str(), message.as_str()),
                        ("text", NO_WORDS),
                        "{text:?}"
                    )
                }
                other => panic!("{text:?} in {mode:?}: expected a refusal, got {other:?}"),
            }
        }
        for text in ["", "   ", "\u{0}"] {
            assert!(
                fts_query(text, Mode::Words).is_ok_and(|q| q.is_empty()),
                "{text:?}"
            );
        }
        assert!(fts_query("caf\u{e9} \u{1F600}", Mode::Words).is_ok_and(|q| !q.is_empty()));
    }

    #[test]
    fn too_many_terms_is_refused_naming_the_field() {
        let text = vec!["word"; MAX_TERMS + 1].join(" ");
        match fts_query(&text, Mode::Words) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, "text"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(fts_query(&vec!["word"; MAX_TERMS].join(" "), Mode::Words).is_ok());
    }
}
