//! The exact audit of HR's figures (issue 15): no suppressed count follows from the sums of a
//! view solved all at once, nor from a sum with nothing left over, even where no single chain
//! of subtractions reaches it. Checked by a reader written apart from the library's (rank over
//! a prime field), on the cases that defeat chained subtraction and on random tables with
//! overlapping subtotals (the two-way tables of the summary's shape: `hr_disclosure.rs`).

use reflect_core::hr::suppression::{control, primary, CellId, Table};
use reflect_tests::disclosure::{exposed, solved, worked_out, Rng};

#[test]
fn three_pairwise_totals_no_longer_give_each_count_away() {
    // x + y, y + z and x + z all printed: x = (T1 − T2 + T3) / 2, though every sum has two
    // unknowns and no chain of subtractions starts.
    let mut t = Table::new();
    let (x, y, z) = (t.cell(4, 40), t.cell(4, 40), t.cell(4, 40));
    let t1 = t.cell(8, 40);
    let t2 = t.cell(8, 40);
    let t3 = t.cell(8, 40);
    t.sum(t1, &[x, y]);
    t.sum(t2, &[y, z]);
    t.sum(t3, &[x, z]);
    let list = vec![(t1, vec![x, y]), (t2, vec![y, z]), (t3, vec![x, z])];
    let all = [x, y, z, t1, t2, t3];
    let c = control(&t, 5);
    assert!(
        [x, y, z].iter().all(|id| c.get(*id).is_none()),
        "the fours are below 5"
    );
    assert!(
        worked_out(&c, &list, &all).is_empty(),
        "no chain either way"
    );
    let found = solved(&c, &list, &all);
    assert!(
        !found.iter().any(|id| [x, y, z].contains(id)),
        "a 4 follows from the totals: {found:?}"
    );
    assert!(
        [t1, t2, t3]
            .iter()
            .filter(|id| c.get(**id).is_none())
            .count()
            >= 1,
        "a total is suppressed to protect them"
    );
    // What is printed is true.
    for id in all {
        if let Some(v) = c.get(id) {
            assert_eq!(v, t.value(id));
        }
    }
}

#[test]
fn a_small_groups_zero_is_not_given_away_by_a_total_with_nothing_left_over() {
    // Department 20 = Ward A 20 + Ward B 0 (3 people) + Ward C 0 (2 people): both zeros are of
    // groups under the threshold, two unknowns, no chain; but 20 − 20 leaves 0 for each.
    let mut t = Table::new();
    let dept = t.cell(20, 30);
    let a = t.cell(20, 25);
    let b = t.cell(0, 3);
    let c_ward = t.cell(0, 2);
    t.sum(dept, &[a, b, c_ward]);
    let c = control(&t, 5);
    assert_eq!((c.get(b), c.get(c_ward)), (None, None));
    let list = vec![(dept, vec![a, b, c_ward])];
    let all = [dept, a, b, c_ward];
    let shown = exposed(&t, &c, &list, &all);
    assert!(!shown.contains(&b) && !shown.contains(&c_ward), "{shown:?}");
}

/// Random tables of counts with overlapping subtotals (random sets of cells, and totals of
/// totals), random group sizes and thresholds: every small count suppressed, none worked out by
/// any of the three readers, everything printed true.
#[test]
fn in_random_tables_with_overlapping_subtotals_nothing_small_can_be_solved_for() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for seed in 0..3000 {
        let threshold = 2 + rng.below(9) as u32;
        let mut t = Table::new();
        let base = 2 + rng.below(8) as usize;
        let mut cells: Vec<CellId> = Vec::new();
        let mut people: Vec<u32> = Vec::new();
        for _ in 0..base {
            let group = 1 + rng.below(30) as u32;
            let v = match rng.below(4) {
                0 => 0,
                1 => rng.below(u64::from(threshold)) as u32,
                _ => rng.below(u64::from(group) + 1) as u32,
            };
            cells.push(t.cell(v.min(group), group));
            people.push(group);
        }
        let mut list: Vec<(CellId, Vec<CellId>)> = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let parts: Vec<CellId> = cells
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            if parts.len() < 2 {
                continue;
            }
            let value: u32 = parts.iter().map(|&p| t.value(p)).sum();
            let total = t.cell(value, 1000);
            t.sum(total, &parts);
            list.push((total, parts));
            cells.push(total);
        }
        let all = cells.clone();
        let c = control(&t, threshold);
        for &id in &all {
            if let Some(v) = c.get(id) {
                assert_eq!(v, t.value(id), "seed {seed}");
            }
        }
        let small: Vec<CellId> = all
            .iter()
            .copied()
            .enumerate()
            .filter(|&(i, id)| {
                let group = people.get(i).copied().unwrap_or(1000);
                primary(t.value(id), group, threshold)
            })
            .map(|(_, id)| id)
            .collect();
        for id in &small {
            assert_eq!(c.get(*id), None, "seed {seed}: a small count printed");
        }
        for id in exposed(&t, &c, &list, &all) {
            assert!(
                !small.contains(&id),
                "seed {seed}: a count of {} ({id:?}) can be worked out (threshold {threshold}, {list:?}); values {:?} people {people:?} shown {:?}; solved {:?} chain {:?}",
                t.value(id),
                all.iter().map(|&i| t.value(i)).collect::<Vec<_>>(),
                all.iter().map(|&i| c.get(i)).collect::<Vec<_>>(),
                solved(&c, &list, &all), worked_out(&c, &list, &all)
            );
        }
    }
}
