//! A small page-layout engine over printpdf's drawing operations: text that wraps and flows across
//! pages, tables that split between rows (and inside a row taller than a page) with their header
//! repeated, headings kept with what follows them, a contents list filled in after pagination, a
//! vector bar chart, and on every page a "Confidential" footer, "Page N of M" and, for drafts, a
//! watermark. printpdf 0.12 does none of this itself for pages built from operations.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, WindingOrder,
};

mod engine;
mod table;
pub mod tags;

use crate::fonts::{Face, Fonts};

/// A4 in points.
pub const PAGE_W: f32 = 595.276;
pub const PAGE_H: f32 = 841.89;
/// 20 mm side and top margins; the bottom margin leaves room for the footer.
pub const MARGIN_X: f32 = 56.69;
pub const MARGIN_TOP: f32 = 56.69;
pub const MARGIN_BOTTOM: f32 = 70.0;
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const BOTTOM: f32 = PAGE_H - MARGIN_BOTTOM;
const LEADING: f32 = 1.35;
const CELL_PAD: f32 = 4.0;

pub const NHS_BLUE: (f32, f32, f32) = (0.0, 0.369, 0.722);
pub const TEXT: (f32, f32, f32) = (0.129, 0.169, 0.196);
pub const SECONDARY: (f32, f32, f32) = (0.298, 0.384, 0.447);
pub const RED: (f32, f32, f32) = (0.835, 0.157, 0.106);
const BORDER: (f32, f32, f32) = (0.847, 0.867, 0.878);
const WATERMARK: (f32, f32, f32) = (0.88, 0.88, 0.88);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Weight {
    Regular,
    Bold,
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub color: (f32, f32, f32),
    /// Left indent in points.
    pub indent: f32,
    pub space_before: f32,
    pub space_after: f32,
}

impl Style {
    pub const BODY: Style = Style {
        size: 10.0,
        weight: Weight::Regular,
        color: TEXT,
        indent: 0.0,
        space_before: 0.0,
        space_after: 6.0,
    };
    pub const LABEL: Style = Style {
        size: 9.5,
        weight: Weight::Bold,
        color: TEXT,
        indent: 0.0,
        space_before: 2.0,
        space_after: 2.0,
    };
    pub const NOTE: Style = Style {
        size: 9.0,
        weight: Weight::Regular,
        color: SECONDARY,
        indent: 0.0,
        space_before: 0.0,
        space_after: 6.0,
    };
    pub const TITLE: Style = Style {
        size: 26.0,
        weight: Weight::Bold,
        color: NHS_BLUE,
        indent: 0.0,
        space_before: 0.0,
        space_after: 10.0,
    };
    pub const SUBTITLE: Style = Style {
        size: 14.0,
        weight: Weight::Regular,
        color: TEXT,
        indent: 0.0,
        space_before: 0.0,
        space_after: 18.0,
    };

    pub fn indented(self, by: f32) -> Style {
        Style {
            indent: self.indent + by,
            ..self
        }
    }
    pub fn coloured(self, color: (f32, f32, f32)) -> Style {
        Style { color, ..self }
    }
    fn line_height(&self) -> f32 {
        self.size * LEADING
    }
}

fn heading_style(level: u8) -> Style {
    match level {
        0 => Style::TITLE,
        1 => Style {
            size: 18.0,
            weight: Weight::Bold,
            color: NHS_BLUE,
            indent: 0.0,
            space_before: 6.0,
            space_after: 8.0,
        },
        2 => Style {
            size: 13.5,
            weight: Weight::Bold,
            color: NHS_BLUE,
            indent: 0.0,
            space_before: 12.0,
            space_after: 6.0,
        },
        3 => Style {
            size: 11.0,
            weight: Weight::Bold,
            color: TEXT,
            indent: 0.0,
            space_before: 8.0,
            space_after: 4.0,
        },
        _ => Style::LABEL,
    }
}

/// A column of a table: its title and share of the content width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub share: f32,
}

pub fn col(title: &str, share: f32) -> Column {
    Column {
        title: title.to_string(),
        share,
    }
}

/// What a document is made of, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading (0 = the document's title, 1 = section, 2 = subsection, 3 = minor, 4 = a label
    /// over the text that follows, such as a prompt); `bookmark` adds it to the outline and the
    /// contents list under that key. Tagged H1 to H5 (never skipping a level), and kept on a page
    /// with the first lines of what follows.
    Heading {
        level: u8,
        text: String,
        bookmark: Option<String>,
    },
    Text {
        text: String,
        style: Style,
    },
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
        header: bool,
    },
    /// A list, one item a line (wrapping under its own text), each with its label ("•", "☒").
    List {
        items: Vec<ListItem>,
        style: Style,
    },
    /// A horizontal bar chart: label and count per bar, drawn as vectors; tagged as a figure
    /// whose alternative text reads every bar.
    Bars {
        rows: Vec<(String, u32)>,
    },
    /// The contents list: one line per (title, bookmark key), page numbers filled in afterwards.
    Contents(Vec<(String, String)>),
    Gap(f32),
    Rule,
    PageBreak,
}

/// One item of a [`Block::List`].
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub label: String,
    pub text: String,
}

/// A bulleted list.
pub fn bullets<S: Into<String>>(items: impl IntoIterator<Item = S>, style: Style) -> Block {
    Block::List {
        items: items
            .into_iter()
            .map(|t| ListItem {
                label: "•".into(),
                text: t.into(),
            })
            .collect(),
        style,
    }
}

pub fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        bookmark: None,
    }
}
pub fn section(text: impl Into<String>, key: &str) -> Block {
    Block::Heading {
        level: 1,
        text: text.into(),
        bookmark: Some(key.to_string()),
    }
}
pub fn text(text: impl Into<String>, style: Style) -> Block {
    Block::Text {
        text: text.into(),
        style,
    }
}
pub fn body(s: impl Into<String>) -> Block {
    text(s, Style::BODY)
}

/// What was placed where (for tests and for checks such as "no heading alone at a page foot").
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading,
    Text,
    TableHeader,
    TableRow,
    Chart,
    Contents,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub kind: Kind,
    pub top: f32,
    pub bottom: f32,
    /// The first line placed (enough to recognise it).
    pub text: String,
}

/// One laid-out page: the drawing operations and what was placed.
pub struct PageOut {
    pub ops: Vec<Op>,
    pub placed: Vec<Placed>,
}

/// A laid-out document.
pub struct Layout {
    pub pages: Vec<PageOut>,
    /// Bookmark key → (heading text, 0-based page index).
    pub bookmarks: Vec<(String, String, usize)>,
    /// Characters the fonts lack, shown as U+FFFD.
    pub replaced: usize,
    /// The structure tree: what each marked-content sequence on the pages is.
    pub tags: tags::Tree,
}

/// Page furniture stamped on every page after pagination.
pub struct Furniture<'a> {
    /// Short title in the footer's middle.
    pub footer_title: &'a str,
    /// Diagonal watermark text on every page (drafts), if any.
    pub watermark: Option<&'a str>,
}

/// A contents list waiting for page numbers: its page, its top, (title, bookmark key) rows and
/// its element in the structure tree.
type PendingContents = (usize, f32, Vec<(String, String)>, usize);

struct Writer<'f> {
    fonts: &'f Fonts,
    regular: FontId,
    bold: FontId,
    pages: Vec<PageOut>,
    y: f32,
    replaced: usize,
    bookmarks: Vec<(String, String, usize)>,
    /// Contents lists to fill in: page, top, (title, bookmark key) rows.
    contents: Vec<PendingContents>,
    watermark: Option<String>,
    tags: tags::Tree,
    /// True while a marked-content sequence is open: lines and fills drawn then are part of it
    /// (a chart's bars), not artifacts.
    marking: bool,
    /// The open headings, (level, tag level), outermost first: a heading is tagged one below
    /// the nearest before it with a smaller level, so levels never skip and siblings match.
    headings: Vec<(u8, u8)>,
}

/// Lay out `blocks` on A4 pages and stamp the furniture.
pub fn layout(
    fonts: &Fonts,
    regular: FontId,
    bold: FontId,
    blocks: &[Block],
    furniture: &Furniture<'_>,
) -> Layout {
    let mut w = Writer {
        fonts,
        regular,
        bold,
        pages: Vec::new(),
        y: 0.0,
        replaced: 0,
        bookmarks: Vec::new(),
        contents: Vec::new(),
        watermark: furniture.watermark.map(str::to_string),
        tags: tags::Tree::new(),
        marking: false,
        headings: Vec::new(),
    };
    w.new_page();
    for (i, b) in blocks.iter().enumerate() {
        w.block(blocks, i, b);
    }
    w.fill_contents();
    w.stamp(furniture);
    Layout {
        pages: w.pages,
        bookmarks: w.bookmarks,
        replaced: w.replaced,
        tags: w.tags,
    }
}

/// Break `text` into lines no wider than `width` points, at spaces and after hyphens only.
/// Paragraph breaks are kept (an empty line for an empty paragraph); only a piece that cannot fit
/// on a line even alone (a hash, a URL) is broken between characters.
pub fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let space = face.measure(" ", size);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = face.measure(word, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_w + gap + ww <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += gap + ww;
                continue;
            }
            // It does not fit after what is on the line: place it piece by piece (a hyphenated
            // word may break after a hyphen), each on a new line when it does not fit.
            let mut first = true;
            for piece in pieces(word) {
                let pw = face.measure(piece, size);
                let gap = if first && !line.is_empty() {
                    space
                } else {
                    0.0
                };
                first = false;
                if line_w + gap + pw <= width {
                    if gap > 0.0 {
                        line.push(' ');
                    }
                    line.push_str(piece);
                    line_w += gap + pw;
                    continue;
                }
                if !line.is_empty() {
                    let mut done = std::mem::take(&mut line);
                    if gap > 0.0 {
                        // The space the line breaks at stays at its end (invisible), so text
                        // read from the page or the structure tree keeps the words apart.
                        done.push(' ');
                    }
                    lines.push(done);
                    line_w = 0.0;
                }
                if pw <= width {
                    line.push_str(piece);
                    line_w = pw;
                    continue;
                }
                // Longer than a whole line even alone: break between characters.
                for c in piece.chars() {
                    let cw = face.measure(c.encode_utf8(&mut [0; 4]), size);
                    if line_w + cw > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// A word's pieces where a line may break: after each hyphen that has a letter or digit before
/// it and something after it ("Self-", "awareness"; "-2" stays whole).
fn pieces(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut prev_alnum = false;
        let mut cut = rest.len();
        let mut prev = None;
        for (i, c) in rest.char_indices() {
            let end = i + c.len_utf8();
            // CJK text breaks between characters (fonts::may_break_between).
            if prev.is_some_and(|p| crate::fonts::may_break_between(p, c)) {
                cut = i;
                break;
            }
            prev = Some(c);
            if matches!(c, '-' | '\u{2010}') && prev_alnum && end < rest.len() {
                cut = end;
                break;
            }
            prev_alnum = c.is_alphanumeric();
        }
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// The narrowest width `text` can take without breaking inside a word: its widest piece (words
/// split at spaces and after hyphens, as [`wrap`] breaks them).
pub fn min_content(face: &Face, text: &str, size: f32) -> f32 {
    text.split([' ', '\n'])
        .flat_map(pieces)
        .map(|p| face.measure(p, size))
        .fold(0.0, f32::max)
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}
