//! The exact audit behind [`super::suppression::control`]: which counts a reader can work out
//! from everything a view prints, solving all of its sums at once as one linear system (exact
//! integer arithmetic, no floating point), not one subtraction at a time.
//!
//! A reader who knows the printed counts sees each sum as an equation `total − Σ parts = 0` whose
//! unknowns are the counts not printed. An unknown count is worked out exactly when some
//! combination of the equations leaves it alone: in the reduced row echelon form of the
//! unknowns' coefficients its column is a pivot and its pivot row has no other entry. This finds
//! what chained subtraction finds and more: "S = x + y" beside "G = x + y + z" gives z = G − S
//! though each sum has two or three unknowns.
//!
//! Counts are also never negative, so a sum whose printed total equals its printed parts
//! (nothing left over) tells a reader that every part not printed is 0: those are worked out too.
//!
//! Each connected group of unknown counts (linked by the sums they share) is solved on its own,
//! so the work grows with the suppressed counts of one part of a table, not with the whole view.

/// For every cell, whether a reader can work it out from the cells marked `known` and `sums`
/// (each: the total first, then its parts). Known cells are `false` (nothing to work out).
pub(super) fn determined(n: usize, sums: &[Vec<usize>], known: &[bool]) -> Vec<bool> {
    let is_known = |c: usize| known.get(c).copied().unwrap_or(false);
    let mut out = vec![false; n];
    // Components of unknown cells: union-find over the sums that hold two or more of them.
    let mut parent: Vec<usize> = (0..n).collect();
    for s in sums {
        let mut unknown = s.iter().copied().filter(|&c| c < n && !is_known(c));
        if let Some(first) = unknown.next() {
            for other in unknown {
                union(&mut parent, first, other);
            }
        }
    }
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for c in (0..n).filter(|&c| !is_known(c)) {
        let root = find(&mut parent, c);
        members.entry(root).or_default().push(c);
    }
    let mut sums_of: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, s) in sums.iter().enumerate() {
        if let Some(&c) = s.iter().find(|&&c| c < n && !is_known(c)) {
            let root = find(&mut parent, c);
            sums_of.entry(root).or_default().push(i);
        }
    }
    for (root, cells) in &members {
        let rows = sums_of.get(root).map(Vec::as_slice).unwrap_or(&[]);
        for c in solve(cells, rows, sums) {
            if let Some(o) = out.get_mut(c) {
                *o = true;
            }
        }
    }
    out
}

/// The cells of one component that its sums (`rows`, indices into `sums`) determine.
fn solve(cells: &[usize], rows: &[usize], sums: &[Vec<usize>]) -> Vec<usize> {
    let col: std::collections::HashMap<usize, usize> =
        cells.iter().enumerate().map(|(j, &c)| (c, j)).collect();
    let mut matrix: Vec<Row> = Vec::with_capacity(rows.len());
    for &r in rows {
        let Some(s) = sums.get(r) else { continue };
        let mut entries: Vec<(usize, i128)> = Vec::new();
        for (k, c) in s.iter().enumerate() {
            if let Some(&j) = col.get(c) {
                entries.push((j, if k == 0 { 1 } else { -1 }));
            }
        }
        let row = Row::from(entries);
        if !row.0.is_empty() {
            matrix.push(row);
        }
    }
    let Some(pivots) = reduce(&mut matrix, cells.len()) else {
        // Coefficients too large for exact arithmetic (not met in any table HR builds):
        // assume the worst, that every count of the component can be worked out.
        return cells.to_vec();
    };
    pivots
        .into_iter()
        .filter_map(|(r, j)| {
            let alone = matrix.get(r).is_some_and(|row| row.0.len() == 1);
            alone.then(|| cells.get(j).copied()).flatten()
        })
        .collect()
}

/// A sparse row of coefficients: (column, non-zero value), sorted by column.
#[derive(Clone)]
struct Row(Vec<(usize, i128)>);

impl Row {
    fn from(mut entries: Vec<(usize, i128)>) -> Row {
        entries.sort_unstable_by_key(|e| e.0);
        let mut merged: Vec<(usize, i128)> = Vec::with_capacity(entries.len());
        for (j, v) in entries {
            match merged.last_mut() {
                Some(last) if last.0 == j => last.1 += v,
                _ => merged.push((j, v)),
            }
        }
        merged.retain(|e| e.1 != 0);
        Row(merged)
    }

    fn get(&self, j: usize) -> i128 {
        self.0
            .binary_search_by_key(&j, |e| e.0)
            .ok()
            .and_then(|i| self.0.get(i))
            .map_or(0, |e| e.1)
    }

    /// `self · p − other · a`, divided by the gcd of its entries; `None` on overflow.
    fn eliminate(&self, p: i128, other: &Row, a: i128) -> Option<Row> {
        let (mut x, mut y) = (self.0.iter().peekable(), other.0.iter().peekable());
        let mut out = Vec::with_capacity(self.0.len() + other.0.len());
        loop {
            let next = match (x.peek(), y.peek()) {
                (None, None) => break,
                (Some(&&(i, u)), None) => {
                    x.next();
                    (i, u.checked_mul(p)?)
                }
                (None, Some(&&(j, w))) => {
                    y.next();
                    (j, 0i128.checked_sub(w.checked_mul(a)?)?)
                }
                (Some(&&(i, u)), Some(&&(j, w))) => {
                    if i < j {
                        x.next();
                        (i, u.checked_mul(p)?)
                    } else if j < i {
                        y.next();
                        (j, 0i128.checked_sub(w.checked_mul(a)?)?)
                    } else {
                        x.next();
                        y.next();
                        (i, u.checked_mul(p)?.checked_sub(w.checked_mul(a)?)?)
                    }
                }
            };
            if next.1 != 0 {
                out.push(next);
            }
        }
        let g = out.iter().fold(0i128, |g, e| gcd(g, e.1.abs()));
        if g > 1 {
            for e in &mut out {
                e.1 /= g;
            }
        }
        Some(Row(out))
    }
}

/// Gauss–Jordan elimination in place, fraction-free: afterwards each pivot column has a
/// non-zero entry in its pivot row only. The (row, column) of each pivot; `None` on overflow.
/// The pivot for a column is the shortest row holding it, to keep rows sparse.
fn reduce(m: &mut [Row], width: usize) -> Option<Vec<(usize, usize)>> {
    let mut pivots = Vec::new();
    let mut used = vec![false; m.len()];
    for j in 0..width {
        let Some(r) = (0..m.len())
            .filter(|&r| !used.get(r).copied().unwrap_or(true))
            .filter(|&r| m.get(r).is_some_and(|row| row.get(j) != 0))
            .min_by_key(|&r| m.get(r).map_or(usize::MAX, |row| row.0.len()))
        else {
            continue;
        };
        if let Some(u) = used.get_mut(r) {
            *u = true;
        }
        let pivot = m.get(r)?.clone();
        let p = pivot.get(j);
        for (i, row) in m.iter_mut().enumerate() {
            if i == r {
                continue;
            }
            let a = row.get(j);
            if a != 0 {
                *row = row.eliminate(p, &pivot, a)?;
            }
        }
        pivots.push((r, j));
    }
    Some(pivots)
}

/// Cells that a sum with nothing left over gives away as 0, each with that sum: the total
/// known, every known part subtracted, a remainder of 0 shared by parts that are not known
/// (counts are never negative).
pub(super) fn zero_remainder(
    sums: &[Vec<usize>],
    known: &[bool],
    values: &[u32],
) -> Vec<(usize, usize)> {
    let is_known = |c: usize| known.get(c).copied().unwrap_or(false);
    let value = |c: usize| u64::from(values.get(c).copied().unwrap_or(0));
    let mut out = Vec::new();
    for (i, s) in sums.iter().enumerate() {
        let Some((&total, parts)) = s.split_first() else {
            continue;
        };
        if !is_known(total) {
            continue;
        }
        let shown: u64 = parts
            .iter()
            .filter(|&&c| is_known(c))
            .map(|&c| value(c))
            .sum();
        if shown == value(total) {
            out.extend(
                parts
                    .iter()
                    .copied()
                    .filter(|&c| !is_known(c))
                    .map(|c| (c, i)),
            );
        }
    }
    out
}

fn find(parent: &mut [usize], c: usize) -> usize {
    let mut root = c;
    while let Some(&p) = parent.get(root) {
        if p == root {
            break;
        }
        root = p;
    }
    let mut x = c;
    while let Some(&p) = parent.get(x) {
        if p == root {
            break;
        }
        if let Some(slot) = parent.get_mut(x) {
            *slot = root;
        }
        x = p;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        if let Some(slot) = parent.get_mut(ra) {
            *slot = rb;
        }
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
