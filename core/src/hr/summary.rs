//! The summary: people grouped into organisation, department and team rows, the counts of every
//! row put into one [`Table`] with every sum a reader of the summary can see (each column's
//! organisation = Σ departments = Σ teams; staff = those counted + those not, for each column
//! that counts people), disclosure control over it ([`suppression::control`]), and the view of a
//! filter read from that one controlled table, so that no two views or exports can be combined to
//! undo it. No SQL.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};

use super::suppression::{self, CellId, Table};
use super::{HrCount, HrFilter, HrLevel, HrPerson, HrRow, HrSummary, DUE_SOON_DAYS, HR_COLUMNS};
use crate::appraisal::Ksf;

/// (level, organisation, department, team): 0 organisation, 1 department, 2 team.
type Key = (u8, String, String, String);

/// A count that counts people: printed, and the group's people it does not count (hidden).
type People = (CellId, CellId);

/// The cells of one row.
struct Cells {
    staff: CellId,
    /// Agreed in the last 12 months, overdue, due soon, all pay-step standards met.
    people: [People; 4],
    objectives: CellId,
    plan: Vec<CellId>,
    values: Vec<People>,
}

impl Cells {
    /// Every cell of the row, in the same order in every row (each column's place).
    fn all(&self) -> Vec<CellId> {
        let mut out = vec![self.staff, self.objectives];
        out.extend(
            self.people
                .iter()
                .chain(&self.values)
                .flat_map(|(a, b)| [*a, *b]),
        );
        out.extend(&self.plan);
        out
    }
}

fn n(c: usize) -> u32 {
    u32::try_from(c).unwrap_or(u32::MAX)
}

/// The summary of `people` (each person's latest agreed appraisal, everyone HR holds) as
/// `filter` shows it, with disclosure control at `threshold` (see [`suppression`]). A filter's
/// rows are read from the whole organisation's controlled table: a team's row is the same
/// whichever filter shows it, and a filtered organisation or department row that adds up several
/// rows is shown only where all of them are.
pub fn summarise(
    people: &[HrPerson],
    filter: &HrFilter,
    today: NaiveDate,
    threshold: u32,
) -> HrSummary {
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let soon = today + chrono::Days::new(DUE_SOON_DAYS);
    let due = |p: &HrPerson| {
        p.agreed_on
            .checked_add_months(Months::new(12))
            .unwrap_or(p.agreed_on)
    };
    let labels: Vec<String> = people
        .iter()
        .flat_map(|p| p.values.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut groups: BTreeMap<Key, Vec<&HrPerson>> = BTreeMap::new();
    for p in people {
        let (o, d, t) = (&p.organisation, &p.department, &p.team);
        for key in [
            (0, o.clone(), String::new(), String::new()),
            (1, o.clone(), d.clone(), String::new()),
            (2, o.clone(), d.clone(), t.clone()),
        ] {
            groups.entry(key).or_default().push(p);
        }
    }

    let mut table = Table::new();
    let mut cells: BTreeMap<Key, Cells> = BTreeMap::new();
    for (key, ps) in &groups {
        let size = n(ps.len());
        let count = |f: &dyn Fn(&HrPerson) -> bool| n(ps.iter().filter(|p| f(p)).count());
        let mut pair = |value: u32| {
            (
                table.cell(value, size),
                table.hidden(size.saturating_sub(value), size),
            )
        };
        let people = [
            pair(count(&|p| p.agreed_on >= year_ago)),
            pair(count(&|p| due(p) < today)),
            pair(count(&|p| due(p) >= today && due(p) <= soon)),
            pair(count(&|p| p.pay_step_met == 5)),
        ];
        let values = labels
            .iter()
            .map(|l| pair(count(&|p| p.values.contains(l))))
            .collect();
        let staff = table.cell(size, size);
        let objectives = table.cell(ps.iter().map(|p| p.objectives).sum(), size);
        let plan = Ksf::ALL
            .iter()
            .map(|k| {
                let items = ps.iter().filter_map(|p| p.plan.get(k.label())).sum();
                table.cell(items, size)
            })
            .collect();
        cells.insert(
            key.clone(),
            Cells {
                staff,
                people,
                objectives,
                plan,
                values,
            },
        );
    }
    // Staff = counted + not counted, in every row, for every count of people.
    for c in cells.values() {
        for (counted, not) in c.people.iter().chain(&c.values) {
            table.sum(c.staff, &[*counted, *not]);
        }
    }
    // Each column: a row is the sum of the rows one level down.
    let mut children: BTreeMap<&Key, Vec<&Cells>> = BTreeMap::new();
    for (key, c) in &cells {
        if let Some((parent, _)) = parent(key).and_then(|p| cells.get_key_value(&p)) {
            children.entry(parent).or_default().push(c);
        }
    }
    for (key, kids) in &children {
        let Some(top) = cells.get(*key) else { continue };
        let kids: Vec<Vec<CellId>> = kids.iter().map(|k| k.all()).collect();
        for (j, total) in top.all().into_iter().enumerate() {
            let parts: Vec<CellId> = kids.iter().filter_map(|k| k.get(j).copied()).collect();
            table.sum(total, &parts);
        }
    }

    let shown = suppression::control(&table, threshold);
    let full: BTreeMap<&Key, HrRow> = cells
        .iter()
        .map(|(key, c)| {
            let get = |id: CellId| shown.get(id);
            let row = HrRow {
                level: HrLevel::Organisation,
                organisation: key.1.clone(),
                department: key.2.clone(),
                team: key.3.clone(),
                staff: get(c.staff),
                agreed_last_12_months: get(c.people[0].0),
                overdue: get(c.people[1].0),
                due_soon: get(c.people[2].0),
                pay_step_all_met: get(c.people[3].0),
                objectives: get(c.objectives),
                plan_by_ksf: Ksf::ALL
                    .iter()
                    .zip(&c.plan)
                    .map(|(k, id)| HrCount {
                        label: k.label().into(),
                        count: get(*id),
                    })
                    .collect(),
                values_with_evidence: labels
                    .iter()
                    .zip(&c.values)
                    .map(|(l, (id, _))| HrCount {
                        label: l.clone(),
                        count: get(*id),
                    })
                    .collect(),
                counts: Vec::new(),
            };
            (key, row)
        })
        .collect();

    HrSummary {
        generated_on: today.to_string(),
        filter: filter.clone(),
        suppress_below: threshold,
        columns: HR_COLUMNS.iter().map(super::HrColumn::head).collect(),
        rows: view(&full, filter),
    }
}

fn parent(key: &Key) -> Option<Key> {
    match key.0 {
        1 => Some((0, key.1.clone(), String::new(), String::new())),
        2 => Some((1, key.1.clone(), key.2.clone(), String::new())),
        _ => None,
    }
}

/// The rows `filter` shows, read from the whole table: a team's row as it is; a department's
/// or organisation's row as the whole table's when the filter keeps all of it, otherwise the
/// sum of the rows it keeps.
fn view(full: &BTreeMap<&Key, HrRow>, filter: &HrFilter) -> Vec<HrRow> {
    let wanted = |d: &str, t: &str| {
        filter.department.as_deref().is_none_or(|x| x == d)
            && filter.team.as_deref().is_none_or(|x| x == t)
    };
    let teams: Vec<(&Key, &HrRow)> = full
        .iter()
        .filter(|(k, _)| k.0 == 2 && wanted(&k.2, &k.3))
        .map(|(k, r)| (*k, r))
        .collect();
    let mut out = Vec::new();
    for level in [HrLevel::Organisation, HrLevel::Department, HrLevel::Team] {
        // The groups of this level that keep at least one team, in order.
        let mut keys: Vec<Key> = teams
            .iter()
            .map(|(k, _)| match level {
                HrLevel::Organisation => (0, k.1.clone(), String::new(), String::new()),
                HrLevel::Department => (1, k.1.clone(), k.2.clone(), String::new()),
                HrLevel::Team => (*k).clone(),
            })
            .collect();
        keys.dedup();
        for key in keys {
            let whole = filter.team.is_none()
                && (level != HrLevel::Organisation || filter.department.is_none());
            let parts: Vec<&HrRow> = if whole || level == HrLevel::Team {
                full.get(&key).into_iter().collect()
            } else if level == HrLevel::Organisation && filter.team.is_none() {
                full.iter()
                    .filter(|(k, _)| k.0 == 1 && k.1 == key.1 && wanted(&k.2, ""))
                    .map(|(_, r)| r)
                    .collect()
            } else {
                teams
                    .iter()
                    .filter(|(k, _)| k.1 == key.1 && (key.0 == 0 || k.2 == key.2))
                    .map(|(_, r)| *r)
                    .collect()
            };
            let mut row = add_up(&parts);
            row.level = level;
            row.organisation = key.1;
            row.department = key.2;
            row.team = key.3;
            row.counts = HR_COLUMNS.iter().map(|c| (c.value)(&row)).collect();
            out.push(row);
        }
    }
    out
}

/// One row that adds up `rows`: each count their sum when all of them are shown (then it adds
/// nothing a reader could not add up), otherwise suppressed. One row is itself.
fn add_up(rows: &[&HrRow]) -> HrRow {
    let Some((first, rest)) = rows.split_first() else {
        return empty();
    };
    let mut out = (*first).clone();
    let plus = |a: Option<u32>, b: Option<u32>| a.zip(b).map(|(a, b)| a.saturating_add(b));
    for r in rest {
        out.staff = plus(out.staff, r.staff);
        out.agreed_last_12_months = plus(out.agreed_last_12_months, r.agreed_last_12_months);
        out.overdue = plus(out.overdue, r.overdue);
        out.due_soon = plus(out.due_soon, r.due_soon);
        out.pay_step_all_met = plus(out.pay_step_all_met, r.pay_step_all_met);
        out.objectives = plus(out.objectives, r.objectives);
        for (a, b) in out.plan_by_ksf.iter_mut().zip(&r.plan_by_ksf) {
            a.count = plus(a.count, b.count);
        }
        for (a, b) in out
            .values_with_evidence
            .iter_mut()
            .zip(&r.values_with_evidence)
        {
            a.count = plus(a.count, b.count);
        }
    }
    out
}

fn empty() -> HrRow {
    HrRow {
        level: HrLevel::Organisation,
        organisation: String::new(),
        department: String::new(),
        team: String::new(),
        staff: None,
        agreed_last_12_months: None,
        overdue: None,
        due_soon: None,
        pay_step_all_met: None,
        objectives: None,
        plan_by_ksf: Vec::new(),
        values_with_evidence: Vec::new(),
        counts: Vec::new(),
    }
}

/// The heading of [`summary_csv`]'s last column: HR's threshold, on every row.
pub const THRESHOLD_COLUMN: &str = "Suppression threshold";

/// The summary as a CSV of counts: one row per organisation, department and team, the columns of
/// [`HR_COLUMNS`], then development-plan items by KSF dimension and staff with evidence for each
/// value, then [`THRESHOLD_COLUMN`]. A suppressed count is an empty cell; the threshold is on
/// every row, so a row copied elsewhere still says how it was controlled. The same controlled
/// counts as the summary's other views; every cell through [`crate::safe_text::csv`].
pub fn summary_csv(s: &HrSummary) -> crate::error::Result<String> {
    let mut heading: Vec<String> = ["Level", "Organisation", "Department", "Team"]
        .iter()
        .map(|h| (*h).to_string())
        .collect();
    heading.extend(HR_COLUMNS.iter().map(|c| c.label.to_string()));
    let first = s.rows.first();
    heading.extend(
        first
            .into_iter()
            .flat_map(|r| &r.plan_by_ksf)
            .map(|c| format!("Development-plan items: {}", c.label)),
    );
    heading.extend(
        first
            .into_iter()
            .flat_map(|r| &r.values_with_evidence)
            .map(|c| format!("Staff with evidence: {}", c.label)),
    );
    heading.push(THRESHOLD_COLUMN.to_string());
    let heading: Vec<&str> = heading.iter().map(String::as_str).collect();
    let cell = |c: Option<u32>| c.map_or_else(String::new, |n| n.to_string());
    let rows = s.rows.iter().map(|r| {
        let level = match r.level {
            HrLevel::Organisation => "organisation",
            HrLevel::Department => "department",
            HrLevel::Team => "team",
        };
        let mut row = vec![
            level.to_string(),
            r.organisation.clone(),
            r.department.clone(),
            r.team.clone(),
        ];
        row.extend(r.counts.iter().map(|c| cell(*c)));
        row.extend(r.plan_by_ksf.iter().map(|c| cell(c.count)));
        row.extend(r.values_with_evidence.iter().map(|c| cell(c.count)));
        row.push(s.suppress_below.to_string());
        row
    });
    crate::safe_text::csv(&heading, rows)
}
