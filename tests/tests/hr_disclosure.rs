//! Disclosure control of HR's figures (issue 15): no suppressed count can be worked out by
//! subtraction from the totals of the same view or export. Cases from the issue, a property over
//! many random tables, the threshold HR sets (bounds refused with nothing changed), and the
//! threshold recorded in what leaves: the summary's JSON, the PDF.

use chrono::{Local, NaiveDate};
use reflect_core::hr::suppression::{control, primary, CellId, Table};
use reflect_core::hr::{summarise, HrFilter, HrLevel, HrPerson, HrRow};
use reflect_tests::disclosure::{every_cell, exposed, grid, random_grid, sums, worked_out, Rng};
use std::collections::BTreeMap;

#[test]
fn a_team_of_six_with_five_shown_no_longer_gives_the_sixth_away() {
    // Staff 6; 5 agreed; the 1 who did not is what a reader would subtract.
    let mut t = Table::new();
    let staff = t.cell(6, 6);
    let agreed = t.cell(5, 6);
    let not = t.hidden(1, 6);
    t.sum(staff, &[agreed, not]);
    let c = control(&t, 5);
    assert_eq!(c.get(staff), Some(6));
    assert_eq!(c.get(agreed), None, "6 − 5 would give the one away");
    assert_eq!(c.get(not), None);

    // The same through the summary: a team of six, five agreed in the last twelve months.
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let mut people: Vec<HrPerson> = (0..5).map(|_| person("Ward 7", today, 5)).collect();
    people.push(person(
        "Ward 7",
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        5,
    ));
    people.extend((0..8).map(|_| person("Ward 8", today, 5)));
    let s = summarise(&people, &HrFilter::default(), today, 5);
    let ward7 = team(&s.rows, "Ward 7");
    assert_eq!(ward7.staff, Some(6));
    assert_eq!(ward7.agreed_last_12_months, None);
    assert_eq!(
        ward7.overdue, None,
        "the one overdue is below the threshold"
    );
    // Nor can it come back from the department total and the other team.
    let dept = s
        .rows
        .iter()
        .find(|r| r.level == HrLevel::Department)
        .unwrap();
    let ward8 = team(&s.rows, "Ward 8");
    assert!(
        dept.agreed_last_12_months.is_none() || ward8.agreed_last_12_months.is_none(),
        "{dept:?} {ward8:?}"
    );
}

fn person(team: &str, agreed_on: NaiveDate, pay: u32) -> HrPerson {
    HrPerson {
        organisation: "Trust".into(),
        department: "Medicine".into(),
        team: team.into(),
        agreed_on,
        pay_step_met: pay,
        objectives: 3,
        plan: BTreeMap::new(),
        values: vec!["Respect".into()],
    }
}

fn team<'a>(rows: &'a [HrRow], name: &str) -> &'a HrRow {
    rows.iter()
        .find(|r| r.level == HrLevel::Team && r.team == name)
        .unwrap()
}

/// (table, threshold, cells expected suppressed as (row, column), total rows/columns suppressed).
#[test]
fn two_way_tables_suppress_a_complement_in_every_row_and_column_that_has_one() {
    struct Case {
        what: &'static str,
        values: Vec<Vec<u32>>,
        threshold: u32,
        suppressed: Vec<(usize, usize)>,
    }
    let cases = [
        Case {
            what: "nothing small: everything shown",
            values: vec![vec![10, 12], vec![9, 20]],
            threshold: 5,
            suppressed: vec![],
        },
        Case {
            what: "one small cell: the next smallest in its row and column, and the fourth corner",
            values: vec![vec![3, 12, 30], vec![9, 20, 40]],
            threshold: 5,
            suppressed: vec![(0, 0), (0, 1), (1, 0), (1, 1)],
        },
        Case {
            what: "two small cells in one row protect each other there; columns still need one",
            values: vec![vec![2, 3, 30], vec![9, 20, 40], vec![11, 25, 50]],
            threshold: 5,
            suppressed: vec![(0, 0), (0, 1), (1, 0), (1, 1)],
        },
        Case {
            what: "zeros are shown and are not picked while anything else can be",
            values: vec![vec![0, 4, 30], vec![0, 20, 40]],
            threshold: 5,
            suppressed: vec![(0, 1), (0, 2), (1, 1), (1, 2)],
        },
        Case {
            what: "a higher threshold suppresses more",
            values: vec![vec![7, 12], vec![9, 20]],
            threshold: 8,
            suppressed: vec![(0, 0), (0, 1), (1, 0), (1, 1)],
        },
    ];
    for case in cases {
        let g = grid(&case.values);
        let c = control(&g.table, case.threshold);
        let mut got = Vec::new();
        for (i, r) in g.cells.iter().enumerate() {
            for (j, id) in r.iter().enumerate() {
                match c.get(*id) {
                    None => got.push((i, j)),
                    Some(v) => assert_eq!(v, case.values[i][j], "{}", case.what),
                }
            }
        }
        assert_eq!(got, case.suppressed, "{}", case.what);
        assert!(
            worked_out(&c, &sums(&g), &every_cell(&g))
                .iter()
                .all(|id| !primary(g.table.value(*id), u32::MAX, case.threshold)),
            "{}",
            case.what
        );
    }
}

#[test]
fn in_random_tables_no_suppressed_count_follows_from_the_totals_shown() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for seed in 0..2000 {
        let (values, threshold) = random_grid(&mut rng);
        let g = grid(&values);
        let c = control(&g.table, threshold);
        let all = every_cell(&g);
        // Everything printed is the true count, and every sum printed whole adds up.
        for &id in &all {
            if let Some(v) = c.get(id) {
                assert_eq!(v, g.table.value(id), "seed {seed}");
            }
        }
        for (t, parts) in sums(&g) {
            let members: Vec<CellId> = std::iter::once(t).chain(parts.iter().copied()).collect();
            let hidden = members.iter().filter(|m| c.get(**m).is_none()).count();
            // No row, column or total with exactly one suppressed count.
            assert_ne!(hidden, 1, "seed {seed}: {values:?} (threshold {threshold})");
            if hidden == 0 {
                let sum: u32 = parts.iter().map(|p| c.get(*p).unwrap()).sum();
                assert_eq!(Some(sum), c.get(t), "seed {seed}");
            }
        }
        // Every small count is suppressed, and none comes back through a chain of subtractions,
        for &id in &all {
            if primary(g.table.value(id), u32::MAX, threshold) {
                assert_eq!(c.get(id), None, "seed {seed}");
            }
        }
        // Nor by solving all the sums at once, nor from a sum with nothing left over.
        for id in exposed(&g.table, &c, &sums(&g), &all) {
            assert!(
                !primary(g.table.value(id), u32::MAX, threshold),
                "seed {seed}: a count of {} can be worked out from {values:?}",
                g.table.value(id)
            );
        }
    }
}

/// Random organisations through the summary: in every view (each filter), no row's suppressed
/// count of people follows from its staff, and no team's from its department and sister teams.
#[test]
fn random_organisations_keep_every_small_count_hidden_in_every_view() {
    let today = Local::now().date_naive();
    let mut rng = Rng(42);
    for seed in 0..150 {
        let threshold = 2 + rng.below(9) as u32;
        let mut people = Vec::new();
        let departments = 1 + rng.below(3);
        for d in 0..departments {
            for t in 0..1 + rng.below(4) {
                for _ in 0..rng.below(14) {
                    let days = rng.below(500);
                    people.push(HrPerson {
                        organisation: "Trust".into(),
                        department: format!("D{d}"),
                        team: format!("T{}", (d + t) % 4),
                        agreed_on: today - chrono::Days::new(days),
                        pay_step_met: if rng.below(3) == 0 { 4 } else { 5 },
                        objectives: rng.below(4) as u32,
                        plan: BTreeMap::new(),
                        values: if rng.below(2) == 0 {
                            vec!["Respect".into()]
                        } else {
                            vec![]
                        },
                    });
                }
            }
        }
        let full = summarise(&people, &HrFilter::default(), today, threshold);
        let mut views = vec![full.clone()];
        for r in &full.rows {
            views.push(summarise(
                &people,
                &HrFilter {
                    department: Some(r.department.clone()),
                    team: None,
                },
                today,
                threshold,
            ));
            views.push(summarise(
                &people,
                &HrFilter {
                    department: None,
                    team: Some(r.team.clone()),
                },
                today,
                threshold,
            ));
        }
        for v in &views {
            assert_eq!(v.suppress_below, threshold);
            for r in &v.rows {
                let truth = r_truth(&people, &v.filter, r, today);
                for (shown, real) in r.counts.iter().zip(&truth) {
                    if let Some(s) = shown {
                        assert_eq!(s, real, "seed {seed}: {r:?}");
                    }
                }
                // A count shown beside its staff: the complement it gives is never small.
                if let Some(staff) = r.staff {
                    for (k, c) in r.counts.iter().enumerate().skip(1).take(4) {
                        if let Some(c) = c {
                            assert!(
                                !primary(staff - c, staff, threshold),
                                "seed {seed}: staff {staff}, column {k} shows {c}"
                            );
                        }
                    }
                }
            }
            // Each column of each department: its teams' suppressed counts are never one alone.
            for d in v.rows.iter().filter(|r| r.level == HrLevel::Department) {
                let teams: Vec<&HrRow> = v
                    .rows
                    .iter()
                    .filter(|t| t.level == HrLevel::Team && t.department == d.department)
                    .collect();
                for k in 0..d.counts.len() {
                    let mut hidden = teams.iter().filter(|t| t.counts[k].is_none()).count();
                    hidden += usize::from(d.counts[k].is_none());
                    assert_ne!(hidden, 1, "seed {seed}: column {k} of {}", d.department);
                }
            }
        }
    }
}

/// The true counts of a row's group (for the columns of `HR_COLUMNS`).
fn r_truth(people: &[HrPerson], f: &HrFilter, r: &HrRow, today: NaiveDate) -> Vec<u32> {
    let ps: Vec<&HrPerson> = people
        .iter()
        .filter(|p| {
            f.department.as_ref().is_none_or(|d| *d == p.department)
                && f.team.as_ref().is_none_or(|t| *t == p.team)
                && p.organisation == r.organisation
                && (r.department.is_empty() || p.department == r.department)
                && (r.team.is_empty() || p.team == r.team)
        })
        .collect();
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap();
    let due = |p: &HrPerson| {
        p.agreed_on
            .checked_add_months(chrono::Months::new(12))
            .unwrap()
    };
    let soon = today + chrono::Days::new(60);
    let n = |f: &dyn Fn(&HrPerson) -> bool| ps.iter().filter(|p| f(p)).count() as u32;
    vec![
        ps.len() as u32,
        n(&|p| p.agreed_on >= year_ago),
        n(&|p| due(p) < today),
        n(&|p| due(p) >= today && due(p) <= soon),
        n(&|p| p.pay_step_met == 5),
        ps.iter().map(|p| p.objectives).sum(),
    ]
}

/// Every row of the journal's `setting` table, read through a second connection.
fn settings(store: &reflect_core::Store) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT key, value FROM setting ORDER BY key")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn hr_sets_the_threshold_from_2_to_10_and_anything_else_is_refused_with_nothing_changed() {
    let (dir, mut hr) = reflect_tests::hr::hr_store();
    assert_eq!(hr.hr_threshold().unwrap(), 5, "the default");
    hr.set_hr_threshold(7).unwrap();
    let before = settings(&hr);
    for bad in [0, 1, 11, 100, u32::MAX] {
        let e = hr.set_hr_threshold(bad).unwrap_err();
        assert_eq!(e.field(), Some("threshold"), "{bad}");
        assert!(e.is_user_input(), "{bad}");
        assert!(e.message().contains("from 2 to 10"), "{}", e.message());
        assert_eq!(settings(&hr), before, "{bad}: nothing changed");
        assert_eq!(hr.hr_threshold().unwrap(), 7);
    }
    for good in [2, 10, 5, 9] {
        hr.set_hr_threshold(good).unwrap();
        assert_eq!(hr.hr_threshold().unwrap(), good);
        let s = hr
            .hr_summary(&HrFilter::default(), Local::now().date_naive())
            .unwrap();
        assert_eq!(s.suppress_below, good);
    }
    drop(hr);
    let again = reflect_core::Store::open_dir(dir.path()).unwrap();
    assert_eq!(again.hr_threshold().unwrap(), 9, "kept in the journal");
}

#[test]
fn the_summary_json_and_pdf_record_the_threshold() {
    let (_dir, mut hr) = reflect_tests::hr::hr_store();
    hr.set_hr_threshold(8).unwrap();
    let today = Local::now().date_naive();
    let s = hr.hr_summary(&HrFilter::default(), today).unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["suppress_below"], 8);
    let pdf = reflect_pdf::export::hr_summary_pdf(&hr, &HrFilter::default(), today).unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &pdf.bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Suppression threshold 8 (set by HR)"),
        "{text}"
    );
    assert!(text.contains("from 1 to 7"), "{text}");
    assert!(text.contains("worked out by subtraction"), "{text}");
}

#[test]
fn the_counts_csv_carries_the_same_controlled_counts_the_threshold_on_every_row_and_no_formula() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let mut people: Vec<HrPerson> = (0..5)
        .map(|_| person("=HYPERLINK(\"x\")", today, 5))
        .collect();
    people.push(person(
        "=HYPERLINK(\"x\")",
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        4,
    ));
    people.extend((0..9).map(|_| person("Ward 8", today, 5)));
    let s = summarise(&people, &HrFilter::default(), today, 6);
    let text = reflect_core::hr::summary_csv(&s).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head.last().map(String::as_str),
        Some(reflect_core::hr::THRESHOLD_COLUMN)
    );
    assert!(
        head.contains(&"Staff with evidence: Respect".to_string()),
        "{head:?}"
    );
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), s.rows.len());
    for (rec, row) in records.iter().zip(&s.rows) {
        assert_eq!(
            rec.get(head.len() - 1),
            Some("6"),
            "the threshold on every row"
        );
        for (k, c) in row.counts.iter().enumerate() {
            let want = c.map_or_else(String::new, |n| n.to_string());
            assert_eq!(rec.get(4 + k), Some(want.as_str()), "{rec:?} {row:?}");
        }
        for cell in rec.iter() {
            assert!(!cell.starts_with('='), "no cell starts a formula: {rec:?}");
        }
    }
    assert!(text.contains("'=HYPERLINK"), "{text}");
    // The team of six: its agreed count (5 of 6) is empty, as in the summary.
    let team = records
        .iter()
        .find(|r| r.get(0) == Some("team") && r.get(3) != Some("Ward 8"))
        .unwrap();
    assert_eq!(team.get(4), Some("6"));
    assert_eq!(team.get(5), Some(""), "{team:?}");
}
