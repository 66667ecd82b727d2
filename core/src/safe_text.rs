//! Text written by other people, made harmless where Reflect puts it: a spreadsheet cell
//! ([`csv_cell`], and [`csv`], the one CSV writer) or a terminal ([`for_terminal`],
//! [`for_terminal_lines`]). Names, titles, teams and comments arrive in packs from colleagues and
//! in framework files, so none of them may become a formula or move a terminal's cursor.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// A CSV cell that a spreadsheet will show as text, never run as a formula (OWASP "CSV
/// injection"): a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single
/// quote in front. Every cell Reflect writes to a CSV goes through here (see [`csv`]).
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The one way Reflect writes a CSV: a heading row, then the rows, every cell through
/// [`csv_cell`] and quoted by the `csv` crate where needed. Every column is text; a column that
/// must stay a number (none does today) would need its own cell type here, not a bypass.
pub fn csv<R, C>(heading: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let csv_err = |e: csv::Error| Error::Corrupt(format!("CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(heading.iter().map(|h| csv_cell(h).into_owned()))
        .map_err(csv_err)?;
    for row in rows {
        w.write_record(row.into_iter().map(|c| csv_cell(c.as_ref()).into_owned()))
            .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Corrupt(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Corrupt(format!("CSV: {e}")))
}

/// One line of someone else's text for a terminal: escape sequences (ESC and C1 CSI, OSC, DCS
/// and the like) removed whole, every other control character (C0, DEL, C1) removed, tabs and
/// line breaks turned into spaces, and the bidirectional overrides that can make text read
/// differently from its bytes removed. Ordinary Unicode (accents, scripts, emoji) is kept.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// [`for_terminal`] for a block of text the CLI prints over several lines on purpose (a
/// reflection's body, a whole command's output): the same, except that line breaks stay (CRLF
/// becomes LF; a lone CR, which would let text overwrite its line, becomes a space).
pub fn for_terminal_lines(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| (c.is_control() && !(keep_newlines && c == '\n')) || is_bidi_control(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\r' if keep_newlines && chars.peek() == Some(&'\n') => {}
            '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// After an ESC: the rest of the sequence it starts (ECMA-48).
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(' '..='/') => {
            while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
            chars.next_if(|c| matches!(c, '0'..='~'));
        }
        Some('0'..='~') => {
            chars.next();
        }
        _ => {}
    }
}

/// A control sequence's parameters and intermediates, then its final byte.
fn skip_csi(chars: &mut Chars<'_>) {
    while chars.next_if(|c| matches!(c, ' '..='?')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// A control string (OSC, DCS, …) up to its terminator: BEL, ST (ESC `\` or U+009C). It also ends
/// at any other control character, which is then cleaned as usual, so an unterminated string
/// cannot swallow the text after it (the next line of a list, say).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'\\') {
                    chars.next();
                    chars.next();
                }
                return;
            }
            c if c.is_control() => return,
            _ => {
                chars.next();
            }
        }
    }
}
