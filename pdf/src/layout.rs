//! A small page-layout engine over printpdf's drawing operations: text that wraps and flows across
//! pages, tables that split between rows (and inside a row taller than a page) with their header
//! repeated, headings kept with what follows them, a contents list filled in after pagination, a
//! vector bar chart, and on every page a "Confidential" footer, "Page N of M" and, for drafts, a
//! watermark. printpdf 0.12 does none of this itself for pages built from operations.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, WindingOrder,
};

use super::fonts::{Face, Fonts};

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
        _ => Style {
            size: 11.0,
            weight: Weight::Bold,
            color: TEXT,
            indent: 0.0,
            space_before: 8.0,
            space_after: 4.0,
        },
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
    /// A heading (1 = section, 2 = subsection, 3 = minor); `bookmark` adds it to the outline and
    /// the contents list under that key.
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
    /// A horizontal bar chart: label and count per bar, drawn as vectors.
    Bars {
        rows: Vec<(String, u32)>,
    },
    /// The contents list: one line per (title, bookmark key), page numbers filled in afterwards.
    Contents(Vec<(String, String)>),
    Gap(f32),
    Rule,
    PageBreak,
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
}

/// Page furniture stamped on every page after pagination.
pub struct Furniture<'a> {
    /// Short title in the footer's middle.
    pub footer_title: &'a str,
    /// Diagonal watermark text on every page (drafts), if any.
    pub watermark: Option<&'a str>,
}

/// A contents list waiting for page numbers: its page, its top, and (title, bookmark key) rows.
type PendingContents = (usize, f32, Vec<(String, String)>);

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
    }
}

/// Break `text` into lines no wider than `width` points. Paragraph breaks are kept (an empty line
/// for an empty paragraph); a word longer than the line is broken between characters.
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
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if ww <= width {
                line.push_str(word);
                line_w = ww;
                continue;
            }
            // Longer than a whole line (a hash, a URL): break between characters.
            for c in word.chars() {
                let cw = face.measure(c.encode_utf8(&mut [0; 4]), size);
                if line_w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

impl Writer<'_> {
    fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.fonts.regular,
            Weight::Bold => &self.fonts.bold,
        }
    }

    fn font_id(&self, w: Weight) -> FontId {
        match w {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        }
    }

    fn page(&mut self) -> &mut PageOut {
        // `new_page` runs first in `layout`, so there is always a page.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        let mut ops = Vec::new();
        if let Some(mark) = self.watermark.clone() {
            let size = 48.0;
            let face = &self.fonts.bold;
            let (clean, _) = self.fonts.clean(&mark);
            let width = face.measure(&clean, size);
            // Centred on the page, rotated 45°: start so the text's middle lands at the centre.
            let angle = 45f32.to_radians();
            let x = PAGE_W / 2.0 - (width / 2.0) * angle.cos() + (size / 3.0) * angle.sin();
            let y = PAGE_H / 2.0 - (width / 2.0) * angle.sin() - (size / 3.0) * angle.cos();
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.bold.clone()),
                size: Pt(size),
            });
            ops.push(Op::SetFillColor {
                col: rgb(WATERMARK),
            });
            let (sin, cos) = angle.sin_cos();
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(clean)],
            });
            ops.push(Op::EndTextSection);
            ops.push(Op::RestoreGraphicsState);
        }
        self.pages.push(PageOut {
            ops,
            placed: Vec::new(),
        });
        self.y = MARGIN_TOP;
    }

    fn at_top(&self) -> bool {
        (self.y - MARGIN_TOP).abs() < 0.01
    }

    fn remaining(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Draw lines of one style starting at `self.y` (the caller has checked they fit).
    fn draw_lines(&mut self, lines: &[String], style: &Style, x: f32) {
        let lh = style.line_height();
        let font = self.font_id(style.weight);
        let mut ops = vec![
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: rgb(style.color),
            },
        ];
        let mut y = self.y;
        for line in lines {
            if !line.is_empty() {
                let baseline = PAGE_H - (y + style.size * 0.95);
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(line.clone())],
                });
            }
            y += lh;
        }
        ops.push(Op::EndTextSection);
        self.page().ops.extend(ops);
    }

    fn clean(&mut self, s: &str) -> String {
        let (clean, replaced) = self.fonts.clean(s);
        self.replaced += replaced;
        clean
    }

    /// The least height `blocks[i]` needs on this page to start there (keep-with-next).
    fn min_height(&self, blocks: &[Block], i: usize) -> f32 {
        match blocks.get(i) {
            Some(Block::Heading { level, .. }) => {
                let s = heading_style(*level);
                s.space_before + s.line_height() + s.space_after + self.min_height(blocks, i + 1)
            }
            Some(Block::Text { text, style }) => {
                // A paragraph that wraps keeps two lines together, so it needs two lines here.
                let head: String = text.chars().take(400).collect();
                let one_line = !head.contains('\n')
                    && self.face(style.weight).measure(&head, style.size)
                        <= CONTENT_W - style.indent;
                let lines = if one_line { 1.0 } else { 2.0 };
                style.space_before + lines * style.line_height()
            }
            Some(Block::Table { rows, header, .. }) => {
                let head = if *header {
                    Style::LABEL.line_height() + 2.0 * CELL_PAD
                } else {
                    0.0
                };
                let first = if rows.is_empty() {
                    0.0
                } else {
                    2.0 * Style::BODY.line_height() + 2.0 * CELL_PAD
                };
                head + first
            }
            Some(Block::Bars { rows }) => 18.0 * (rows.len().min(3) as f32),
            Some(Block::Contents(rows)) => Style::BODY.line_height() * 1.6 * rows.len() as f32,
            _ => 0.0,
        }
    }

    fn block(&mut self, blocks: &[Block], i: usize, b: &Block) {
        match b {
            Block::Heading {
                level,
                text,
                bookmark,
            } => {
                let style = heading_style(*level);
                let clean = self.clean(text);
                let lines = wrap(self.face(style.weight), &clean, style.size, CONTENT_W);
                let h = style.space_before
                    + lines.len() as f32 * style.line_height()
                    + style.space_after;
                // Never leave a heading alone at the foot of a page.
                if !self.at_top() && h + self.min_height(blocks, i + 1) > self.remaining() {
                    self.new_page();
                }
                if !self.at_top() {
                    self.y += style.space_before;
                }
                let top = self.y;
                self.draw_lines(&lines, &style, MARGIN_X);
                self.y += lines.len() as f32 * style.line_height();
                let page = self.pages.len() - 1;
                let bottom = self.y;
                self.page().placed.push(Placed {
                    kind: Kind::Heading,
                    top,
                    bottom,
                    text: clean.clone(),
                });
                self.y += style.space_after;
                if let Some(key) = bookmark {
                    self.bookmarks.push((key.clone(), clean, page));
                }
            }
            Block::Text { text, style } => self.paragraph(text, style),
            Block::Table {
                columns,
                rows,
                header,
            } => self.table(columns, rows, *header),
            Block::Bars { rows } => self.bars(rows),
            Block::Contents(rows) => {
                let h = Style::BODY.line_height() * 1.6 * rows.len() as f32;
                if h > self.remaining() {
                    self.new_page();
                }
                let page = self.pages.len() - 1;
                self.contents.push((page, self.y, rows.clone()));
                let top = self.y;
                self.y += h;
                let bottom = self.y;
                self.page().placed.push(Placed {
                    kind: Kind::Contents,
                    top,
                    bottom,
                    text: String::new(),
                });
            }
            Block::Gap(h) => {
                if !self.at_top() {
                    self.y = (self.y + h).min(BOTTOM);
                }
            }
            Block::Rule => {
                if self.remaining() < 12.0 {
                    self.new_page();
                }
                let y = self.y + 4.0;
                self.hline(MARGIN_X, MARGIN_X + CONTENT_W, y, BORDER, 0.75);
                self.y += 10.0;
            }
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
    }

    fn paragraph(&mut self, text: &str, style: &Style) {
        let clean = self.clean(text);
        let width = CONTENT_W - style.indent;
        let mut lines = wrap(self.face(style.weight), &clean, style.size, width);
        let lh = style.line_height();
        if !self.at_top() {
            self.y += style.space_before;
        }
        while !lines.is_empty() {
            let fit = ((self.remaining() + 0.01) / lh).floor().max(0.0) as usize;
            // Keep at least two lines of a paragraph together at the foot of a page.
            if fit == 0 || (fit < 2 && lines.len() > 1 && !self.at_top()) {
                self.new_page();
                continue;
            }
            let n = fit.min(lines.len());
            let chunk: Vec<String> = lines.drain(..n).collect();
            let top = self.y;
            self.draw_lines(&chunk, style, MARGIN_X + style.indent);
            self.y += n as f32 * lh;
            let bottom = self.y;
            let first = chunk.first().cloned().unwrap_or_default();
            self.page().placed.push(Placed {
                kind: Kind::Text,
                top,
                bottom,
                text: first,
            });
            if !lines.is_empty() {
                self.new_page();
            }
        }
        self.y += style.space_after;
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>], header: bool) {
        let total: f32 = columns.iter().map(|c| c.share).sum::<f32>().max(0.0001);
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| CONTENT_W * c.share / total)
            .collect();
        let head_style = Style::LABEL.coloured((1.0, 1.0, 1.0));
        let cell_style = Style::BODY;
        let head_cells: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let t = self.clean(&c.title);
                wrap(
                    self.face(Weight::Bold),
                    &t,
                    head_style.size,
                    w - 2.0 * CELL_PAD,
                )
            })
            .collect();
        let head_h = head_cells.iter().map(Vec::len).max().unwrap_or(1) as f32
            * head_style.line_height()
            + 2.0 * CELL_PAD;
        let body: Vec<Vec<Vec<String>>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(ci, (cell, w))| {
                        let t = self.clean(cell);
                        // Without a header row, the first column is the label.
                        let weight = if !header && ci == 0 {
                            Weight::Bold
                        } else {
                            Weight::Regular
                        };
                        wrap(self.face(weight), &t, cell_style.size, w - 2.0 * CELL_PAD)
                    })
                    .collect()
            })
            .collect();
        let lh = cell_style.line_height();
        let capacity = BOTTOM - MARGIN_TOP - if header { head_h } else { 0.0 };
        let mut need_header = header;
        for row in body {
            let mut row = row;
            loop {
                let row_h =
                    row.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD;
                let head = if need_header { head_h } else { 0.0 };
                if head + row_h <= self.remaining() {
                    if need_header {
                        self.table_header(&head_cells, &widths, head_h, &head_style);
                        need_header = false;
                    }
                    self.table_row(&row, &widths, row_h, &cell_style, header);
                    break;
                }
                if row_h <= capacity && !self.at_top() {
                    // It fits on a fresh page: move it there, header repeated.
                    self.new_page();
                    need_header = header;
                    continue;
                }
                // Taller than a page: split inside the row, line by line.
                let fit = ((self.remaining() - head - 2.0 * CELL_PAD) / lh).floor();
                if fit < 1.0 {
                    self.new_page();
                    need_header = header;
                    continue;
                }
                let n = fit as usize;
                let (now, later): (Vec<Vec<String>>, Vec<Vec<String>>) = row
                    .iter()
                    .map(|cell| {
                        let k = n.min(cell.len());
                        (cell[..k].to_vec(), cell[k..].to_vec())
                    })
                    .unzip();
                if need_header {
                    self.table_header(&head_cells, &widths, head_h, &head_style);
                }
                self.table_row(
                    &now,
                    &widths,
                    n as f32 * lh + 2.0 * CELL_PAD,
                    &cell_style,
                    header,
                );
                row = later;
                self.new_page();
                need_header = header;
            }
        }
        self.y += 8.0;
    }

    fn table_header(&mut self, cells: &[Vec<String>], widths: &[f32], h: f32, style: &Style) {
        let top = self.y;
        self.rect(MARGIN_X, top, CONTENT_W, h, NHS_BLUE);
        let mut x = MARGIN_X;
        for (cell, w) in cells.iter().zip(widths) {
            self.y = top + CELL_PAD;
            self.draw_lines(cell, style, x + CELL_PAD);
            x += w;
        }
        self.y = top + h;
        let first = cells
            .first()
            .and_then(|c| c.first())
            .cloned()
            .unwrap_or_default();
        self.page().placed.push(Placed {
            kind: Kind::TableHeader,
            top,
            bottom: top + h,
            text: first,
        });
    }

    fn table_row(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        h: f32,
        style: &Style,
        header: bool,
    ) {
        let top = self.y;
        let mut x = MARGIN_X;
        for (ci, (cell, w)) in cells.iter().zip(widths).enumerate() {
            self.y = top + CELL_PAD;
            let s = if !header && ci == 0 {
                Style {
                    weight: Weight::Bold,
                    ..*style
                }
            } else {
                *style
            };
            self.draw_lines(cell, &s, x + CELL_PAD);
            x += w;
        }
        self.y = top + h;
        self.hline(MARGIN_X, MARGIN_X + CONTENT_W, top + h, BORDER, 0.75);
        let first = cells
            .iter()
            .find_map(|c| c.first())
            .cloned()
            .unwrap_or_default();
        self.page().placed.push(Placed {
            kind: Kind::TableRow,
            top,
            bottom: top + h,
            text: first,
        });
    }

    fn bars(&mut self, rows: &[(String, u32)]) {
        let row_h = 20.0;
        let label_w = CONTENT_W * 0.38;
        let count_w = 40.0;
        let bar_w = CONTENT_W - label_w - count_w - 8.0;
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f32;
        let style = Style {
            size: 9.0,
            ..Style::BODY
        };
        for (label, count) in rows {
            let clean = self.clean(label);
            let lines = wrap(
                self.face(Weight::Regular),
                &clean,
                style.size,
                label_w - 6.0,
            );
            let h = (lines.len() as f32 * style.line_height()).max(row_h) + 4.0;
            if h > self.remaining() {
                self.new_page();
            }
            let top = self.y;
            self.draw_lines(&lines, &style, MARGIN_X);
            let bar_x = MARGIN_X + label_w;
            // The track, then the bar (a zero-count value shows as a red gap marker).
            self.rect(bar_x, top + 2.0, bar_w, 12.0, (0.941, 0.957, 0.961));
            if *count > 0 {
                self.rect(
                    bar_x,
                    top + 2.0,
                    bar_w * (*count as f32) / max,
                    12.0,
                    NHS_BLUE,
                );
            } else {
                self.rect(bar_x, top + 2.0, 3.0, 12.0, RED);
            }
            self.y = top;
            let count_text = if *count == 0 {
                "Gap".to_string()
            } else {
                count.to_string()
            };
            let count_style = Style {
                weight: Weight::Bold,
                color: if *count == 0 { RED } else { TEXT },
                ..style
            };
            self.draw_lines(&[count_text], &count_style, bar_x + bar_w + 8.0);
            self.y = top + h;
            self.page().placed.push(Placed {
                kind: Kind::Chart,
                top,
                bottom: top + h,
                text: clean,
            });
        }
        self.y += 8.0;
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        let ops = [
            Op::SaveGraphicsState,
            Op::SetFillColor { col: rgb(color) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(PAGE_H - top - h),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
            Op::RestoreGraphicsState,
        ];
        self.page().ops.extend(ops);
    }

    fn hline(&mut self, x1: f32, x2: f32, top: f32, color: (f32, f32, f32), thickness: f32) {
        let y = PAGE_H - top;
        let ops = [
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: rgb(color) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(x1),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(x2),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
            Op::RestoreGraphicsState,
        ];
        self.page().ops.extend(ops);
    }

    /// Write the contents lists now that every bookmarked heading has a page.
    fn fill_contents(&mut self) {
        let style = Style::BODY;
        let lh = style.line_height() * 1.6;
        for (page, top, rows) in std::mem::take(&mut self.contents) {
            let current = self.pages.len() - 1;
            for (i, (title, key)) in rows.iter().enumerate() {
                let number = self
                    .bookmarks
                    .iter()
                    .find(|(k, _, _)| k == key)
                    .map(|(_, _, p)| (p + 1).to_string())
                    .unwrap_or_default();
                let clean = self.clean(title);
                let y = top + i as f32 * lh;
                let num_w = self.fonts.regular.measure(&number, style.size);
                // Draw on the contents page (temporarily make it the current one).
                let saved = std::mem::replace(&mut self.y, y);
                let ops_before = self.pages[current].ops.len();
                self.draw_lines(&[clean], &style, MARGIN_X);
                self.draw_lines(&[number], &style, MARGIN_X + CONTENT_W - num_w);
                let drawn: Vec<Op> = self.pages[current].ops.drain(ops_before..).collect();
                self.pages[page].ops.extend(drawn);
                self.y = saved;
                let line_top = y + style.line_height() + 1.0;
                let ops_before = self.pages[current].ops.len();
                self.hline(MARGIN_X, MARGIN_X + CONTENT_W, line_top, BORDER, 0.5);
                let drawn: Vec<Op> = self.pages[current].ops.drain(ops_before..).collect();
                self.pages[page].ops.extend(drawn);
            }
        }
    }

    /// Footer on every page: "Confidential", the document's title, "Page N of M".
    fn stamp(&mut self, f: &Furniture<'_>) {
        let n = self.pages.len();
        let style = Style {
            size: 8.0,
            color: SECONDARY,
            ..Style::BODY
        };
        let bold = Style {
            weight: Weight::Bold,
            ..style
        };
        let title = self.clean(f.footer_title);
        let top = PAGE_H - MARGIN_BOTTOM + 24.0;
        for i in 0..n {
            let page_text = format!("Page {} of {n}", i + 1);
            let pw = self.fonts.regular.measure(&page_text, style.size);
            let tw = self.fonts.regular.measure(&title, style.size);
            let current = self.pages.len() - 1;
            let ops_before = self.pages[current].ops.len();
            self.hline(MARGIN_X, MARGIN_X + CONTENT_W, top - 6.0, BORDER, 0.75);
            let saved = std::mem::replace(&mut self.y, top);
            self.draw_lines(&["Confidential".to_string()], &bold, MARGIN_X);
            self.draw_lines(std::slice::from_ref(&title), &style, (PAGE_W - tw) / 2.0);
            self.draw_lines(&[page_text], &style, MARGIN_X + CONTENT_W - pw);
            self.y = saved;
            let drawn: Vec<Op> = self.pages[current].ops.drain(ops_before..).collect();
            self.pages[i].ops.extend(drawn);
        }
    }
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}
