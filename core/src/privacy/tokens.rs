//! Words and the gaps between them, as the name detector reads a text: each word with its byte
//! offsets, possessives and capitals recognised, quotes and hyphens at the edges left out.

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub s: &'a str,
    pub start: usize,
    pub end: usize,
}

impl<'a> Tok<'a> {
    /// The word without a possessive "'s".
    pub(crate) fn base(&self) -> &'a str {
        self.s
            .strip_suffix("'s")
            .or_else(|| self.s.strip_suffix("’s"))
            .or_else(|| self.s.strip_suffix("s'"))
            .unwrap_or(self.s)
    }
    pub(crate) fn possessive(&self) -> bool {
        self.base().len() != self.s.len()
    }
    pub(crate) fn base_end(&self) -> usize {
        self.start + self.base().len()
    }
    pub(crate) fn capitalised(&self) -> bool {
        let mut c = self.s.chars();
        let first_upper = c.next().is_some_and(char::is_uppercase);
        // "NHS", "GCS": acronyms, not names.
        // "NHS", "GCS", "AKIs": acronyms and their plurals, not names.
        let b = self.base();
        let stem = b
            .strip_suffix('s')
            .filter(|x| x.chars().count() > 1)
            .unwrap_or(b);
        let all_upper = stem.chars().filter(|c| c.is_alphabetic()).count() > 1
            && stem.chars().all(|c| !c.is_lowercase());
        first_upper && !all_upper
    }
    pub(crate) fn lower(&self) -> String {
        self.s.to_lowercase()
    }
}

pub(crate) fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_alphabetic() || c == '\'' || c == '’' || c == '-';
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                push(&mut out, text, s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(&mut out, text, s, text.len());
    }
    out
}

fn push<'a>(out: &mut Vec<Tok<'a>>, text: &'a str, s: usize, e: usize) {
    // Quotes and hyphens at the edges belong to the punctuation, not the word.
    let word = &text[s..e];
    let lead = word.len() - word.trim_start_matches(['\'', '’', '-']).len();
    let trimmed = word.trim_matches(['\'', '’', '-']);
    if !trimmed.is_empty() && trimmed.chars().next().is_some_and(char::is_alphabetic) {
        let keep_poss = word.ends_with("s'") && !trimmed.ends_with("s'");
        let len = trimmed.len() + usize::from(keep_poss);
        out.push(Tok {
            s: &text[s + lead..s + lead + len],
            start: s + lead,
            end: s + lead + len,
        });
    }
}

/// What lies between two tokens.
pub(crate) fn gap<'a>(text: &'a str, a: &Tok, b: &Tok) -> &'a str {
    &text[a.end..b.start]
}

pub(crate) fn spaces(g: &str) -> bool {
    !g.is_empty() && g.len() <= 3 && g.chars().all(|c| c == ' ' || c == '\t')
}

pub(crate) fn comma_or_spaces(g: &str) -> bool {
    spaces(g) || matches!(g.trim_matches([' ', '\t']), "," | "-" | "–" | "(") && !g.contains('\n')
}

/// Right after a number or an ordinal ("3rd May", "on 12 June"): a date, not a name.
pub(crate) fn after_number(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.ends_with(|c: char| c.is_ascii_digit())
        || ["st", "nd", "rd", "th"].iter().any(|o| {
            before
                .strip_suffix(o)
                .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
        })
}

/// Token `i` starts a sentence (or the text, a line, a quotation or a clause after a colon).
pub(crate) fn sentence_start(text: &str, toks: &[Tok], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let g = gap(text, &toks[i - 1], &toks[i]);
    g.contains(['.', '!', '?', ':', ';', '\n', '"', '“', '(', '['])
        || g.trim() == "-"
        || g.trim() == "–"
}

/// Byte ranges already found, asked "does any overlap `start..end`?" in O(log n), so the name
/// passes stay linear on a huge pasted text.
pub(crate) struct Covered {
    spans: Vec<(usize, usize)>,
    max_end: Vec<usize>,
}

impl Covered {
    pub(crate) fn new(hits: &[super::Hit]) -> Self {
        let mut spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for &(_, e) in &spans {
            m = m.max(e);
            max_end.push(m);
        }
        Covered { spans, max_end }
    }

    pub(crate) fn overlaps(&self, start: usize, end: usize) -> bool {
        let n = self.spans.partition_point(|&(s, _)| s < end);
        n > 0 && self.max_end[n - 1] > start
    }
}
