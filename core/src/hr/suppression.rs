//! Disclosure control for HR's figures: which counts of a view may be printed. One function,
//! [`control`], over a [`Table`] of counts and the sums that tie them together in the same view
//! or export (a row total, a column total, a grand total, a subtotal, a "how many did not" that a
//! reader gets by subtracting a column from its group's staff). No SQL; `hr::summarise` builds
//! the table of its summary and prints only what this lets through.
//!
//! The rule, in the order it is applied:
//! 1. **Primary suppression.** A count from 1 to `threshold − 1` is not printed, and nor is any
//!    count of a group of fewer than `threshold` people (a zero included: "none of these three"
//!    says something about each of them). Other zeros are printed: a zero identifies no one,
//!    as in NHS Digital's and NES's practice. (NHS Digital suppresses 1–7 and rounds the rest to
//!    the nearest 5; counts here must add up where they are printed, so nothing is rounded: a
//!    total that would give a count away is suppressed instead.)
//! 2. **Complementary (secondary) suppression.** A suppressed count must not follow by
//!    subtraction: no sum of the view may have exactly one unknown count. Unknowns that are
//!    worked out are known from then on (a chain of subtractions, across rows, columns and
//!    levels), and a suppressed count reached that way is protected by suppressing the smallest
//!    other count of the sum that reached it (a non-zero one first; when the smallest is itself
//!    worked out from another sum, that sum is broken instead). This repeats until nothing
//!    suppressed can be worked out. Counts a view never prints but a reader can subtract
//!    ([`Table::hidden`]) are in the table too, so "6 staff, 5 agreed" suppresses the 5.
//!
//! 3. **The exact audit** (`hr::exact`). Then the whole set of sums is solved as one linear
//!    system in exact integer arithmetic: a suppressed count that follows only from several sums
//!    together ("S = x + y" beside "G = x + y + z") is protected the same way (the smallest
//!    printed count of a sum it is in is suppressed, and steps 2 and 3 repeat). So is a small
//!    group's zero that a sum with nothing left over gives away (counts are never negative).
//!
//! What it does not do (ARCHITECTURE.md, "HR figures"): it does not bound a suppressed count
//! (a reader always knows it lies between 0 and the group's total, and integer bounds can be
//! tighter), and a count the sums give away even with every count around it suppressed is left
//! as it is (no table HR builds has one).

use crate::error::{Error, Result};

use super::exact;

/// The threshold when HR has not chosen one: counts from 1 to 4 are suppressed.
pub const DEFAULT_THRESHOLD: u32 = 5;
/// The lowest threshold HR may choose: 2 still suppresses a count of one person. 1 would
/// suppress nothing.
pub const MIN_THRESHOLD: u32 = 2;
/// The highest threshold HR may choose: 10 suppresses every count of 1–9 (all NES asks to be
/// risk-assessed); higher would hide most teams' figures.
pub const MAX_THRESHOLD: u32 = 10;

/// A threshold HR chose, checked.
pub fn check_threshold(threshold: u32) -> Result<()> {
    if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&threshold) {
        return Err(Error::invalid(
            "threshold",
            format!(
                "Enter a suppression threshold from {MIN_THRESHOLD} to {MAX_THRESHOLD} (counts below it are not shown)"
            ),
        ));
    }
    Ok(())
}

/// A count in a [`Table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId(usize);

#[derive(Debug, Clone, Copy)]
struct Cell {
    value: u32,
    /// How many people the group it counts has (the group-size rule).
    people: u32,
    /// Printed in the view (false: a count a reader can only work out).
    printed: bool,
}

/// The counts of one view or export and the sums among them that a reader can see.
#[derive(Debug, Clone, Default)]
pub struct Table {
    cells: Vec<Cell>,
    /// Each sum: every cell of it; the total first (the sign does not matter here).
    sums: Vec<Vec<usize>>,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// A count the view prints, of a group of `people`.
    pub fn cell(&mut self, value: u32, people: u32) -> CellId {
        self.push(value, people, true)
    }

    /// A count the view does not print but a reader can work out from it (staff minus those who
    /// have an agreed appraisal). It is protected like a printed one.
    pub fn hidden(&mut self, value: u32, people: u32) -> CellId {
        self.push(value, people, false)
    }

    fn push(&mut self, value: u32, people: u32, printed: bool) -> CellId {
        self.cells.push(Cell {
            value,
            people,
            printed,
        });
        CellId(self.cells.len() - 1)
    }

    /// `total` is the sum of `parts` (a row, a column, a subtotal). A sum of no parts says
    /// nothing and is left out.
    pub fn sum(&mut self, total: CellId, parts: &[CellId]) {
        if parts.is_empty() {
            return;
        }
        let mut s = Vec::with_capacity(parts.len() + 1);
        s.push(total.0);
        s.extend(parts.iter().map(|p| p.0));
        self.sums.push(s);
    }

    pub fn value(&self, id: CellId) -> u32 {
        self.cells.get(id.0).map_or(0, |c| c.value)
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// What [`control`] lets a view print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controlled {
    values: Vec<Option<u32>>,
}

impl Controlled {
    /// The count to print, or `None` when it is suppressed (always `None` for a hidden count).
    pub fn get(&self, id: CellId) -> Option<u32> {
        self.values.get(id.0).copied().flatten()
    }
}

/// Whether a count is suppressed on its own (step 1 of the module's rule).
pub fn primary(value: u32, people: u32, threshold: u32) -> bool {
    people < threshold || (1..threshold).contains(&value)
}

/// Disclosure control over `table` with counts below `threshold` suppressed: primary, then
/// complementary suppression until no suppressed count can be worked out from the sums of the
/// table: by subtraction, by solving them all at once, or as a 0 of a sum with nothing left over.
pub fn control(table: &Table, threshold: u32) -> Controlled {
    let n = table.cells.len();
    let sensitive: Vec<bool> = table
        .cells
        .iter()
        .map(|c| primary(c.value, c.people, threshold))
        .collect();
    let mut known: Vec<bool> = table
        .cells
        .iter()
        .zip(&sensitive)
        .map(|(c, s)| c.printed && !s)
        .collect();
    let mut of_cell: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in table.sums.iter().enumerate() {
        for &c in s {
            if let Some(list) = of_cell.get_mut(c) {
                list.push(i);
            }
        }
    }
    let mut unfixable = vec![false; n];
    let mut beyond_help = vec![false; n];
    let values: Vec<u32> = table.cells.iter().map(|c| c.value).collect();
    let last = loop {
        chained(table, &sensitive, &mut known, &mut unfixable, &of_cell);
        let (exposed, zero_by) = exposed(table, &known, &of_cell, &values);
        let to_fix: Vec<usize> = (0..n)
            .filter(|&c| {
                exposed.get(c).copied().unwrap_or(false)
                    && sensitive.get(c).copied().unwrap_or(false)
                    && !beyond_help.get(c).copied().unwrap_or(true)
            })
            .collect();
        if to_fix.is_empty() {
            break exposed;
        }
        // For each, suppress the smallest shown count (non-zero first) of a sum it is in, or
        // failing that of a sum linked to it through other unknown counts: one per sum in a
        // round (one suppression may protect several), then everything is worked out again.
        let mut touched = vec![false; table.sums.len()];
        for cell in to_fix {
            let sums_of = of_cell.get(cell).map(Vec::as_slice).unwrap_or(&[]);
            if sums_of
                .iter()
                .any(|&s| touched.get(s).copied().unwrap_or(false))
            {
                continue;
            }
            // A 0 given away by a sum with nothing left over: only a non-zero shown part of
            // that sum, or its total, leaves something over.
            let zero_pick = zero_by.get(cell).copied().flatten().and_then(|s| {
                let cells = table.sums.get(s)?;
                let total = *cells.first()?;
                cells
                    .iter()
                    .skip(1)
                    .copied()
                    .filter(|&c| known.get(c).copied().unwrap_or(false))
                    .filter(|&c| values.get(c).copied().unwrap_or(0) > 0)
                    .min_by_key(|&c| (values.get(c).copied().unwrap_or(u32::MAX), c))
                    .or_else(|| known.get(total).copied().unwrap_or(false).then_some(total))
            });
            let pick = zero_pick.or_else(|| {
                nearest_known(table, &known, &of_cell, cell).min_by_key(|&c| {
                    let v = values.get(c).copied().unwrap_or(u32::MAX);
                    (v == 0, v, c)
                })
            });
            match pick {
                Some(c) => {
                    if let Some(k) = known.get_mut(c) {
                        *k = false;
                    }
                    for &s in sums_of.iter().chain(of_cell.get(c).into_iter().flatten()) {
                        if let Some(t) = touched.get_mut(s) {
                            *t = true;
                        }
                    }
                }
                None => {
                    if let Some(b) = beyond_help.get_mut(cell) {
                        *b = true;
                    }
                }
            }
        }
    };
    // A count suppressed to protect another that a reader can still work out (by any of the
    // three ways, `last` being what they work out from the final choice) protects nothing:
    // print it (it tells nothing that is not already there), so that no sum of the view is left
    // with exactly one count missing.
    for (i, e) in last.iter().enumerate() {
        if *e && !sensitive.get(i).copied().unwrap_or(true) {
            if let Some(k) = known.get_mut(i) {
                *k = true;
            }
        }
    }
    Controlled {
        values: table
            .cells
            .iter()
            .zip(&known)
            .map(|(c, k)| (*k && c.printed).then_some(c.value))
            .collect(),
    }
}

/// The counts not `known` that a reader works out from those that are: along chains of
/// subtraction, by solving every sum at once (`exact::determined`), and as the 0s of a sum with
/// nothing left over once all of those are in hand.
/// With each, when it is a 0 of a sum with nothing left over, that sum.
fn exposed(
    table: &Table,
    known: &[bool],
    of_cell: &[Vec<usize>],
    values: &[u32],
) -> (Vec<bool>, Vec<Option<usize>>) {
    let n = table.cells.len();
    let mut reader = known.to_vec();
    let mut zero_by = vec![None; n];
    // Each way feeds the others (a 0 given away makes another sum solvable), so round until
    // nothing new is worked out; each round adds a count, so there are at most n. The cheap
    // ways go round first; the whole system is solved again only when they add nothing.
    let count = |r: &[bool]| r.iter().filter(|x| **x).count();
    loop {
        loop {
            let before = count(&reader);
            let chain = derive(table, &reader, of_cell);
            for (r, c) in reader.iter_mut().zip(&chain) {
                *r = *r || c.is_some();
            }
            for (c, sum) in exact::zero_remainder(&table.sums, &reader, values) {
                if let (Some(r), Some(z)) = (reader.get_mut(c), zero_by.get_mut(c)) {
                    *r = true;
                    z.get_or_insert(sum);
                }
            }
            if count(&reader) == before {
                break;
            }
        }
        let before = count(&reader);
        for (c, e) in exact::determined(n, &table.sums, &reader)
            .into_iter()
            .enumerate()
        {
            if let (true, Some(r)) = (e, reader.get_mut(c)) {
                *r = true;
            }
        }
        if count(&reader) == before {
            break;
        }
    }
    let exposed: Vec<bool> = reader.iter().zip(known).map(|(r, k)| *r && !*k).collect();
    (exposed, zero_by)
}

/// The shown counts of the sums `cell` is in; when there are none, those of the sums reached
/// from it through unknown counts (its connected part of the table), nearest first.
fn nearest_known<'a>(
    table: &'a Table,
    known: &'a [bool],
    of_cell: &'a [Vec<usize>],
    cell: usize,
) -> impl Iterator<Item = usize> + 'a {
    let is_known = |c: usize| known.get(c).copied().unwrap_or(false);
    let mut seen_cell = vec![false; table.cells.len()];
    let mut seen_sum = vec![false; table.sums.len()];
    let mut frontier = vec![cell];
    if let Some(s) = seen_cell.get_mut(cell) {
        *s = true;
    }
    let mut found: Vec<usize> = Vec::new();
    while found.is_empty() && !frontier.is_empty() {
        let mut next = Vec::new();
        for c in frontier {
            for &s in of_cell.get(c).map(Vec::as_slice).unwrap_or(&[]) {
                if std::mem::replace(seen_sum.get_mut(s).unwrap_or(&mut true), true) {
                    continue;
                }
                for &other in table.sums.get(s).map(Vec::as_slice).unwrap_or(&[]) {
                    if std::mem::replace(seen_cell.get_mut(other).unwrap_or(&mut true), true) {
                        continue;
                    }
                    if is_known(other) {
                        found.push(other);
                    } else {
                        next.push(other);
                    }
                }
            }
        }
        frontier = next;
    }
    found.into_iter()
}

/// Complementary suppression along chains of subtraction (step 2 of the module's rule), until
/// no sensitive count is worked out by one: `known` loses the counts it suppresses.
fn chained(
    table: &Table,
    sensitive: &[bool],
    known: &mut [bool],
    unfixable: &mut [bool],
    of_cell: &[Vec<usize>],
) {
    let n = table.cells.len();
    loop {
        let by = derive(table, known, of_cell);
        let mut changed = false;
        let mut touched = vec![false; table.sums.len()];
        for cell in 0..n {
            let Some(sum) = by.get(cell).copied().flatten() else {
                continue;
            };
            if !sensitive.get(cell).copied().unwrap_or(false)
                || unfixable.get(cell).copied().unwrap_or(true)
                || touched.get(sum).copied().unwrap_or(true)
            {
                continue;
            }
            match complement(table, known, &by, cell, sum, &mut touched) {
                Some(c) => {
                    if let Some(k) = known.get_mut(c) {
                        *k = false;
                    }
                    changed = true;
                }
                None => {
                    if let Some(u) = unfixable.get_mut(cell) {
                        *u = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Every cell not `known` that a chain of subtractions works out, with the sum that worked it
/// out (`None`: known, or not worked out).
fn derive(table: &Table, known: &[bool], of_cell: &[Vec<usize>]) -> Vec<Option<usize>> {
    let mut have = known.to_vec();
    let mut by: Vec<Option<usize>> = vec![None; table.cells.len()];
    let mut unknown: Vec<usize> = table
        .sums
        .iter()
        .map(|s| {
            s.iter()
                .filter(|&&c| !have.get(c).copied().unwrap_or(true))
                .count()
        })
        .collect();
    let mut queue: Vec<usize> = (0..table.sums.len())
        .filter(|&i| unknown.get(i) == Some(&1))
        .collect();
    while let Some(sum) = queue.pop() {
        if unknown.get(sum) != Some(&1) {
            continue;
        }
        let Some(&cell) = table
            .sums
            .get(sum)
            .and_then(|s| s.iter().find(|&&c| !have.get(c).copied().unwrap_or(true)))
        else {
            continue;
        };
        if let Some(h) = have.get_mut(cell) {
            *h = true;
        }
        if let Some(b) = by.get_mut(cell) {
            *b = Some(sum);
        }
        for &other in of_cell.get(cell).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(u) = unknown.get_mut(other) {
                *u = u.saturating_sub(1);
                if *u == 1 {
                    queue.push(other);
                }
            }
        }
    }
    by
}

/// The printed count to suppress so that `cell` is no longer worked out from `sum`: the smallest
/// other count of the sum (non-zero first); when that one is itself worked out, the same one
/// level down. `None` when nothing can be suppressed.
fn complement(
    table: &Table,
    known: &[bool],
    by: &[Option<usize>],
    cell: usize,
    sum: usize,
    touched: &mut [bool],
) -> Option<usize> {
    let (mut cell, mut sum) = (cell, sum);
    // Each step goes to a cell worked out earlier, so this ends; the bound is a backstop.
    for _ in 0..=table.cells.len() {
        if let Some(t) = touched.get_mut(sum) {
            *t = true;
        }
        let cells = table.sums.get(sum)?;
        let pick = cells
            .iter()
            .copied()
            .filter(|&c| c != cell)
            .filter(|&c| {
                known.get(c).copied().unwrap_or(false) || by.get(c).copied().flatten().is_some()
            })
            .min_by_key(|&c| {
                let v = table.cells.get(c).map_or(u32::MAX, |x| x.value);
                (v == 0, v, c)
            })?;
        if known.get(pick).copied().unwrap_or(false) {
            return Some(pick);
        }
        sum = by.get(pick).copied().flatten()?;
        cell = pick;
    }
    None
}
