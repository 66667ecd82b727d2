//! Disclosure-control helpers shared by the HR figure tests: a two-way table with its totals,
//! and two readers written apart from the library's audit: one that subtracts along chains of
//! sums, one that solves every sum at once (rank over a prime field, a different method from the
//! library's exact integer elimination).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test helpers

use std::collections::{BTreeMap, BTreeSet};

use reflect_core::hr::suppression::{CellId, Controlled, Table};

/// A two-way table with row totals, column totals and a grand total, all printed.
pub struct Grid {
    pub table: Table,
    pub cells: Vec<Vec<CellId>>,
    pub rows: Vec<CellId>,
    pub cols: Vec<CellId>,
    pub grand: CellId,
}

pub fn grid(values: &[Vec<u32>]) -> Grid {
    let mut table = Table::new();
    let total: u32 = values.iter().flatten().sum();
    let cells: Vec<Vec<CellId>> = values
        .iter()
        .map(|r| r.iter().map(|&v| table.cell(v, total)).collect())
        .collect();
    let rows: Vec<CellId> = values
        .iter()
        .map(|r| table.cell(r.iter().sum(), total))
        .collect();
    let width = values.first().map_or(0, Vec::len);
    let cols: Vec<CellId> = (0..width)
        .map(|j| table.cell(values.iter().map(|r| r[j]).sum(), total))
        .collect();
    let grand = table.cell(total, total);
    for (i, r) in cells.iter().enumerate() {
        table.sum(rows[i], r);
    }
    for j in 0..width {
        let col: Vec<CellId> = cells.iter().map(|r| r[j]).collect();
        table.sum(cols[j], &col);
    }
    table.sum(grand, &rows);
    table.sum(grand, &cols);
    Grid {
        table,
        cells,
        rows,
        cols,
        grand,
    }
}

/// Every sum of a grid as (total, parts).
pub fn sums(g: &Grid) -> Vec<(CellId, Vec<CellId>)> {
    let mut out: Vec<(CellId, Vec<CellId>)> = g
        .cells
        .iter()
        .zip(&g.rows)
        .map(|(r, t)| (*t, r.clone()))
        .collect();
    for (j, t) in g.cols.iter().enumerate() {
        out.push((*t, g.cells.iter().map(|r| r[j]).collect()));
    }
    out.push((g.grand, g.rows.clone()));
    out.push((g.grand, g.cols.clone()));
    out
}

/// What a reader can work out from what is printed, by subtraction along the sums, chained: the
/// audit, written apart from the library's own.
pub fn worked_out(c: &Controlled, sums: &[(CellId, Vec<CellId>)], all: &[CellId]) -> Vec<CellId> {
    worked_out_from(&printed(c, all), sums, all)
}

fn printed(c: &Controlled, all: &[CellId]) -> BTreeSet<CellId> {
    all.iter()
        .copied()
        .filter(|&id| c.get(id).is_some())
        .collect()
}

fn worked_out_from(
    has: &BTreeSet<CellId>,
    sums: &[(CellId, Vec<CellId>)],
    all: &[CellId],
) -> Vec<CellId> {
    let mut known: BTreeMap<CellId, bool> = all.iter().map(|&id| (id, has.contains(&id))).collect();
    let mut found = Vec::new();
    loop {
        let mut more = false;
        for (t, parts) in sums {
            let members: Vec<CellId> = std::iter::once(*t).chain(parts.iter().copied()).collect();
            let unknown: Vec<CellId> = members.iter().copied().filter(|m| !known[m]).collect();
            if unknown.len() == 1 {
                known.insert(unknown[0], true);
                found.push(unknown[0]);
                more = true;
            }
        }
        if !more {
            return found;
        }
    }
}

/// Everything a reader can work out, each way feeding the others until nothing new comes:
/// chained subtraction, solving all the sums at once, and the 0s of a sum whose total they
/// have and whose other parts they have and add up to it (counts are never negative).
pub fn exposed(
    t: &Table,
    c: &Controlled,
    sums: &[(CellId, Vec<CellId>)],
    all: &[CellId],
) -> Vec<CellId> {
    let shown = printed(c, all);
    let mut has = shown.clone();
    loop {
        let before = has.len();
        has.extend(worked_out_from(&has, sums, all));
        has.extend(solved_from(&has, sums, all));
        let mut zeros = Vec::new();
        for (total, parts) in sums {
            if !has.contains(total) {
                continue;
            }
            let seen: u32 = parts
                .iter()
                .filter(|p| has.contains(p))
                .map(|p| t.value(*p))
                .sum();
            if seen == t.value(*total) {
                zeros.extend(parts.iter().copied().filter(|p| !has.contains(p)));
            }
        }
        has.extend(zeros);
        if has.len() == before {
            return has.difference(&shown).copied().collect();
        }
    }
}

/// A random two-way table's counts (1–6 rows and columns; zeros, small counts and larger ones)
/// and a threshold from 2 to 10.
pub fn random_grid(rng: &mut Rng) -> (Vec<Vec<u32>>, u32) {
    let rows = 1 + rng.below(6) as usize;
    let cols = 1 + rng.below(6) as usize;
    let threshold = 2 + rng.below(9) as u32;
    let values = (0..rows)
        .map(|_| {
            (0..cols)
                .map(|_| match rng.below(4) {
                    0 => 0,
                    1 => rng.below(u64::from(threshold)) as u32,
                    _ => rng.below(40) as u32,
                })
                .collect()
        })
        .collect();
    (values, threshold)
}

pub fn every_cell(g: &Grid) -> Vec<CellId> {
    let mut all: Vec<CellId> = g.cells.iter().flatten().copied().collect();
    all.extend(&g.rows);
    all.extend(&g.cols);
    all.push(g.grand);
    all
}

/// A small deterministic generator (xorshift), so a failing table can be found again by seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn step(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.step() % n
    }
}

/// What a reader can work out by solving all the sums together: an unprinted count is
/// determined when removing its column lowers the rank of the unprinted counts' coefficients
/// (its unit vector is in their row space). Ranks are taken modulo the prime 2^31 − 1.
pub fn solved(c: &Controlled, sums: &[(CellId, Vec<CellId>)], all: &[CellId]) -> Vec<CellId> {
    solved_from(&printed(c, all), sums, all)
}

fn solved_from(
    has: &BTreeSet<CellId>,
    sums: &[(CellId, Vec<CellId>)],
    all: &[CellId],
) -> Vec<CellId> {
    let unknown: Vec<CellId> = all.iter().copied().filter(|id| !has.contains(id)).collect();
    let column: BTreeMap<CellId, usize> =
        unknown.iter().enumerate().map(|(j, &id)| (id, j)).collect();
    let matrix: Vec<Vec<i64>> = sums
        .iter()
        .map(|(t, parts)| {
            let mut row = vec![0i64; unknown.len()];
            if let Some(&j) = column.get(t) {
                row[j] += 1;
            }
            for p in parts {
                if let Some(&j) = column.get(p) {
                    row[j] -= 1;
                }
            }
            row
        })
        .collect();
    let full = rank(matrix.clone());
    unknown
        .iter()
        .enumerate()
        .filter(|&(j, _)| {
            let without: Vec<Vec<i64>> = matrix
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.remove(j);
                    r
                })
                .collect();
            rank(without) < full
        })
        .map(|(_, &id)| id)
        .collect()
}

const P: i64 = 2_147_483_647;

fn inverse(a: i64) -> i64 {
    // Fermat: a^(P−2) mod P.
    let (mut base, mut exp, mut acc) = (a.rem_euclid(P), P - 2, 1i64);
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc * base % P;
        }
        base = base * base % P;
        exp >>= 1;
    }
    acc
}

fn rank(mut m: Vec<Vec<i64>>) -> usize {
    let width = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for j in 0..width {
        let Some(p) = (r..m.len()).find(|&i| m[i][j].rem_euclid(P) != 0) else {
            continue;
        };
        m.swap(r, p);
        let inv = inverse(m[r][j]);
        let pivot: Vec<i64> = m[r].iter().map(|&x| x.rem_euclid(P) * inv % P).collect();
        for (i, row) in m.iter_mut().enumerate() {
            if i != r {
                let f = row[j].rem_euclid(P);
                for (x, &y) in row.iter_mut().zip(&pivot) {
                    *x = (x.rem_euclid(P) - f * y % P).rem_euclid(P);
                }
            }
        }
        m[r] = pivot;
        r += 1;
    }
    r
}
