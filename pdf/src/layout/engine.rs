//! The writer's page flow: new pages, blocks, paragraphs, lines and rectangles, the contents
//! list and the furniture stamped on every page.

use std::collections::BTreeMap;

use printpdf::DictItem;

use super::tags::{Role, ROOT};
use super::*;

/// An artifact of pagination (`/Artifact <</Type /Pagination /Subtype /Footer>> BDC`).
pub(super) fn artifact(subtype: &str) -> Op {
    let map = BTreeMap::from([
        ("Type".to_string(), DictItem::Name(b"Pagination".to_vec())),
        (
            "Subtype".to_string(),
            DictItem::Name(subtype.as_bytes().to_vec()),
        ),
    ]);
    Op::BeginMarkedContentWithProperties {
        tag: "Artifact".into(),
        properties: DictItem::Dict { map },
    }
}

impl Writer<'_> {
    pub(super) fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.fonts.regular,
            Weight::Bold => &self.fonts.bold,
        }
    }

    pub(super) fn font_id(&self, w: Weight) -> FontId {
        match w {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        }
    }

    pub(super) fn page(&mut self) -> &mut PageOut {
        // `new_page` runs first in `layout`, so there is always a page.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn new_page(&mut self) {
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
            ops.push(artifact("Watermark"));
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
            ops.push(Op::EndMarkedContent);
        }
        self.pages.push(PageOut {
            ops,
            placed: Vec::new(),
        });
        self.y = MARGIN_TOP;
    }

    /// A new element of the structure tree under `parent`.
    pub(super) fn elem(&mut self, parent: usize, role: Role) -> usize {
        self.tags.add(parent, role)
    }

    /// Open a marked-content sequence of `elem` on the current page (closed by [`Self::end`]).
    pub(super) fn begin(&mut self, elem: usize) {
        let page = self.pages.len() - 1;
        let op = self.marked(elem, page);
        self.page().ops.push(op);
        self.marking = true;
    }

    /// The operator opening the next marked-content sequence of `elem` on `page`.
    pub(super) fn marked(&mut self, elem: usize, page: usize) -> Op {
        let mcid = self.tags.mcid(elem, page);
        let tag = self.tags.elems.get(elem).map_or("Span", |e| e.role.name());
        Op::BeginMarkedContentWithProperties {
            tag: tag.to_string(),
            properties: DictItem::Int(i64::from(mcid)),
        }
    }

    pub(super) fn end(&mut self) {
        self.page().ops.push(Op::EndMarkedContent);
        self.marking = false;
    }

    /// A heading's tag level: one below the nearest heading before it with a smaller level
    /// (the title is H1, a section H2, a label under a section H3, under a reflection's title
    /// H5), so levels never skip and headings of one level under one parent match.
    pub(super) fn heading_role(&mut self, level: u8) -> Role {
        while self.headings.last().is_some_and(|(l, _)| *l >= level) {
            self.headings.pop();
        }
        let tagged = self.headings.last().map_or(1, |(_, t)| t + 1).min(6);
        self.headings.push((level, tagged));
        Role::H(tagged)
    }

    pub(super) fn at_top(&self) -> bool {
        (self.y - MARGIN_TOP).abs() < 0.01
    }

    pub(super) fn remaining(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Draw lines of one style starting at `self.y` (the caller has checked they fit).
    pub(super) fn draw_lines(&mut self, lines: &[String], style: &Style, x: f32) {
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

    pub(super) fn clean(&mut self, s: &str) -> String {
        let (clean, replaced) = self.fonts.clean(s);
        self.replaced += replaced;
        clean
    }

    /// The least height `blocks[i]` needs on this page to start there (keep-with-next).
    pub(super) fn min_height(&self, blocks: &[Block], i: usize) -> f32 {
        match blocks.get(i) {
            Some(Block::Heading { level, text, .. }) => {
                let s = heading_style(*level);
                let lines = if self.face(s.weight).measure(text, s.size) <= CONTENT_W {
                    1.0
                } else {
                    wrap(self.face(s.weight), text, s.size, CONTENT_W).len() as f32
                };
                s.space_before
                    + lines * s.line_height()
                    + s.space_after
                    + self.min_height(blocks, i + 1)
            }
            Some(Block::Gap(h)) => h + self.min_height(blocks, i + 1),
            Some(Block::List { items, style }) => {
                style.space_before + style.line_height() * items.len().min(2) as f32
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

    pub(super) fn block(&mut self, blocks: &[Block], i: usize, b: &Block) {
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
                let role = self.heading_role(*level);
                let elem = self.elem(ROOT, role);
                self.begin(elem);
                self.draw_lines(&lines, &style, MARGIN_X);
                self.end();
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
            Block::Text { text, style } => {
                let elem = self.elem(ROOT, Role::P);
                self.paragraph(text, style, elem);
            }
            Block::Table {
                columns,
                rows,
                header,
            } => self.table(columns, rows, *header),
            Block::List { items, style } => self.list(items, style),
            Block::Bars { rows } => self.bars(rows),
            Block::Contents(rows) => {
                let h = Style::BODY.line_height() * 1.6 * rows.len() as f32;
                if h > self.remaining() {
                    self.new_page();
                }
                let page = self.pages.len() - 1;
                let toc = self.elem(ROOT, Role::TOC);
                self.contents.push((page, self.y, rows.clone(), toc));
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

    /// A paragraph of `elem` (a P, or a list item's body), flowing over pages; `x_extra` more
    /// indent than its style's.
    pub(super) fn paragraph(&mut self, text: &str, style: &Style, elem: usize) {
        self.flow(text, style, elem, 0.0);
    }

    pub(super) fn flow(&mut self, text: &str, style: &Style, elem: usize, x_extra: f32) {
        let clean = self.clean(text);
        let width = CONTENT_W - style.indent - x_extra;
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
            self.begin(elem);
            self.draw_lines(&chunk, style, MARGIN_X + style.indent + x_extra);
            self.end();
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

    /// A list: each item's label (tagged Lbl) beside its text (LBody), which wraps under itself;
    /// an item starts on a new page rather than leave its first line alone at the foot.
    pub(super) fn list(&mut self, items: &[ListItem], style: &Style) {
        let list = self.elem(ROOT, Role::L);
        let face = self.face(style.weight);
        let label_w = items
            .iter()
            .map(|it| face.measure(&it.label, style.size))
            .fold(0.0, f32::max)
            + 6.0;
        let lh = style.line_height();
        let last = items.len().saturating_sub(1);
        for (n, it) in items.iter().enumerate() {
            let item = self.elem(list, Role::LI);
            let label = self.elem(item, Role::Lbl);
            let body = self.elem(item, Role::LBody);
            let item_style = Style {
                space_before: if n == 0 { style.space_before } else { 0.0 },
                space_after: if n == last { style.space_after } else { 2.0 },
                ..*style
            };
            let width = CONTENT_W - style.indent - label_w;
            let lines = wrap(self.face(style.weight), &it.text, style.size, width).len();
            let need = item_style.space_before + lh * lines.clamp(1, 2) as f32;
            if !self.at_top() && need > self.remaining() {
                self.new_page();
            }
            let first_top = if self.at_top() {
                self.y
            } else {
                self.y + item_style.space_before
            };
            let clean = self.clean(&it.label);
            let saved = std::mem::replace(&mut self.y, first_top);
            self.begin(label);
            self.draw_lines(&[clean], style, MARGIN_X + style.indent);
            self.end();
            self.y = saved;
            self.flow(&it.text, &item_style, body, label_w);
        }
    }

    pub(super) fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        let artifact = !self.marking;
        if artifact {
            self.page().ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            });
        }
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
        if artifact {
            self.page().ops.push(Op::EndMarkedContent);
        }
    }

    pub(super) fn hline(
        &mut self,
        x1: f32,
        x2: f32,
        top: f32,
        color: (f32, f32, f32),
        thickness: f32,
    ) {
        let y = PAGE_H - top;
        let artifact = !self.marking;
        if artifact {
            self.page().ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            });
        }
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
        if artifact {
            self.page().ops.push(Op::EndMarkedContent);
        }
    }

    /// Write the contents lists now that every bookmarked heading has a page.
    pub(super) fn fill_contents(&mut self) {
        let style = Style::BODY;
        let lh = style.line_height() * 1.6;
        for (page, top, rows, toc) in std::mem::take(&mut self.contents) {
            let current = self.pages.len() - 1;
            for (i, (title, key)) in rows.iter().enumerate() {
                let item = self.elem(toc, Role::TOCI);
                let open = self.marked(item, page);
                self.pages[page].ops.push(open);
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
                self.pages[page].ops.push(Op::EndMarkedContent);
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
    pub(super) fn stamp(&mut self, f: &Furniture<'_>) {
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
            // The footer is one artifact: the rule inside it is not marked again.
            self.page().ops.push(artifact("Footer"));
            self.marking = true;
            self.hline(MARGIN_X, MARGIN_X + CONTENT_W, top - 6.0, BORDER, 0.75);
            self.marking = false;
            let saved = std::mem::replace(&mut self.y, top);
            self.draw_lines(&["Confidential".to_string()], &bold, MARGIN_X);
            self.draw_lines(std::slice::from_ref(&title), &style, (PAGE_W - tw) / 2.0);
            self.draw_lines(&[page_text], &style, MARGIN_X + CONTENT_W - pw);
            self.page().ops.push(Op::EndMarkedContent);
            self.y = saved;
            let drawn: Vec<Op> = self.pages[current].ops.drain(ops_before..).collect();
            self.pages[i].ops.extend(drawn);
        }
    }
}
