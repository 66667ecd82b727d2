//! Tables (split between rows, and inside a row taller than a page, with the header repeated)
//! and the vector bar chart.

use super::tags::{Role, Scope, ROOT};
use super::*;

impl Writer<'_> {
    /// Column widths: each column's share of the content width, but never less than its
    /// longest word needs (its min-content width), so words break only at spaces and hyphens;
    /// the columns that need more take it from the others' room to spare. Only when the longest
    /// words together are wider than the page are they scaled down (and broken).
    pub(super) fn widths(
        &self,
        columns: &[Column],
        rows: &[Vec<String>],
        header: bool,
    ) -> Vec<f32> {
        let mut mins: Vec<f32> = columns
            .iter()
            .map(|c| {
                min_content(self.face(Weight::Bold), &c.title, Style::LABEL.size) + 2.0 * CELL_PAD
            })
            .collect();
        for row in rows {
            for (ci, (cell, m)) in row.iter().zip(mins.iter_mut()).enumerate() {
                let weight = if !header && ci == 0 {
                    Weight::Bold
                } else {
                    Weight::Regular
                };
                let w = min_content(self.face(weight), cell, Style::BODY.size) + 2.0 * CELL_PAD;
                *m = m.max(w);
            }
        }
        let sum_min: f32 = mins.iter().sum();
        if sum_min >= CONTENT_W {
            // Not every longest word fits: cap the widest columns at the one width that fills
            // the page, so only words wider than that are broken and the rest stay whole.
            let mut sorted = mins.clone();
            sorted.sort_by(f32::total_cmp);
            let mut below = 0.0;
            let mut cap = CONTENT_W / mins.len().max(1) as f32;
            for (i, m) in sorted.iter().enumerate() {
                let rest = (sorted.len() - i) as f32;
                let c = (CONTENT_W - below) / rest;
                if c <= *m {
                    cap = c;
                    break;
                }
                below += m;
            }
            return mins.iter().map(|m| m.min(cap)).collect();
        }
        // Fix the columns whose share is narrower than their words at their minimum, and share
        // what is left among the rest, until no column is below its minimum.
        let mut fixed = vec![false; columns.len()];
        loop {
            let room = CONTENT_W
                - mins
                    .iter()
                    .zip(&fixed)
                    .filter(|(_, f)| **f)
                    .map(|(m, _)| m)
                    .sum::<f32>();
            let shares: f32 = columns
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| !**f)
                .map(|(c, _)| c.share)
                .sum::<f32>()
                .max(0.0001);
            let widths: Vec<f32> = columns
                .iter()
                .zip(&mins)
                .zip(&fixed)
                .map(|((c, m), f)| if *f { *m } else { room * c.share / shares })
                .collect();
            let mut changed = false;
            for ((w, m), f) in widths.iter().zip(&mins).zip(fixed.iter_mut()) {
                if !*f && w < m {
                    *f = true;
                    changed = true;
                }
            }
            if !changed {
                return widths;
            }
        }
    }

    pub(super) fn table(&mut self, columns: &[Column], rows: &[Vec<String>], header: bool) {
        let widths = self.widths(columns, rows, header);
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
        // The structure: Table, a TR of column headers (TH, scope Column) when there is a header
        // row, then a TR per row of TDs (the first a row header, TH scope Row, in a table of
        // labels and values). A header repeated on a later page is an artifact.
        let table = self.elem(ROOT, Role::Table);
        let mut head_elems = if header {
            let tr = self.elem(table, Role::TR);
            Some(
                columns
                    .iter()
                    .map(|_| self.elem(tr, Role::TH(Scope::Column)))
                    .collect::<Vec<_>>(),
            )
        } else {
            None
        };
        for row in body {
            let mut row = row;
            let tr = self.elem(table, Role::TR);
            let cells: Vec<usize> = (0..row.len())
                .map(|ci| {
                    let role = if !header && ci == 0 {
                        Role::TH(Scope::Row)
                    } else {
                        Role::TD
                    };
                    self.elem(tr, role)
                })
                .collect();
            loop {
                let row_h =
                    row.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD;
                let head = if need_header { head_h } else { 0.0 };
                if head + row_h <= self.remaining() {
                    if need_header {
                        let tagged = head_elems.take();
                        self.table_header(&head_cells, &widths, head_h, &head_style, tagged);
                        need_header = false;
                    }
                    self.table_row(&row, &widths, row_h, &cell_style, header, &cells);
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
                    let tagged = head_elems.take();
                    self.table_header(&head_cells, &widths, head_h, &head_style, tagged);
                }
                self.table_row(
                    &now,
                    &widths,
                    n as f32 * lh + 2.0 * CELL_PAD,
                    &cell_style,
                    header,
                    &cells,
                );
                row = later;
                self.new_page();
                need_header = header;
            }
        }
        self.y += 8.0;
    }

    pub(super) fn table_header(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        h: f32,
        style: &Style,
        tagged: Option<Vec<usize>>,
    ) {
        let top = self.y;
        self.rect(MARGIN_X, top, CONTENT_W, h, NHS_BLUE);
        let mut x = MARGIN_X;
        if tagged.is_none() {
            self.page().ops.push(super::engine::artifact("Header"));
            self.marking = true;
        }
        for (ci, (cell, w)) in cells.iter().zip(widths).enumerate() {
            self.y = top + CELL_PAD;
            let elem = tagged.as_ref().and_then(|t| t.get(ci)).copied();
            if let Some(e) = elem {
                self.begin(e);
            }
            self.draw_lines(cell, style, x + CELL_PAD);
            if elem.is_some() {
                self.end();
            }
            x += w;
        }
        if tagged.is_none() {
            self.page().ops.push(Op::EndMarkedContent);
            self.marking = false;
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

    pub(super) fn table_row(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        h: f32,
        style: &Style,
        header: bool,
        elems: &[usize],
    ) {
        let top = self.y;
        let mut x = MARGIN_X;
        for (ci, ((cell, w), elem)) in cells.iter().zip(widths).zip(elems).enumerate() {
            self.y = top + CELL_PAD;
            let s = if !header && ci == 0 {
                Style {
                    weight: Weight::Bold,
                    ..*style
                }
            } else {
                *style
            };
            if cell.iter().any(|l| !l.is_empty()) {
                self.begin(*elem);
                self.draw_lines(cell, &s, x + CELL_PAD);
                self.end();
            }
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

    pub(super) fn bars(&mut self, rows: &[(String, u32)]) {
        let row_h = 20.0;
        let label_w = CONTENT_W * 0.38;
        let count_w = 40.0;
        let bar_w = CONTENT_W - label_w - count_w - 8.0;
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f32;
        let style = Style {
            size: 9.0,
            ..Style::BODY
        };
        if rows.is_empty() {
            return;
        }
        // One figure, its alternative text every bar in words; each row on a page is one
        // marked-content sequence of it, bars and all.
        let figure = self.elem(ROOT, Role::Figure);
        let alt = rows
            .iter()
            .map(|(label, count)| match count {
                0 => format!("{label}: none (a gap)"),
                n => format!("{label}: {n}"),
            })
            .collect::<Vec<_>>()
            .join("; ");
        if let Some(e) = self.tags.elems.get_mut(figure) {
            e.alt = Some(format!(
                "Bar chart, {} bar{}: {alt}.",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            ));
        }
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
            self.begin(figure);
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
            self.end();
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
}
