//! The Organisation (HR) summary: counts only.

use super::{col, heading, long_date, table, text, Block, Meta, Style};
use reflect_core::hr::{HrLevel, HrSummary, HR_COLUMNS};

fn shown(c: Option<u32>) -> String {
    c.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// The Organisation summary: counts only, suppressed counts shown as "—", with charts of the
/// same data.
pub fn hr_summary(s: &HrSummary) -> (Vec<Block>, Meta) {
    let scope = match (&s.filter.department, &s.filter.team) {
        (Some(d), Some(t)) => format!("{d}, {t}"),
        (Some(d), None) => d.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => "all staff".to_string(),
    };
    let mut out = vec![
        heading(0, "Appraisal summary"),
        text(format!("{scope} — {}", long_date(&s.generated_on)), Style::SUBTITLE),
        text(
            format!(
                "Counts only: no reflection text is included. Suppression threshold {t} (set by HR): any count from 1 to {}, any count of a group of fewer than {t} people, and any count that would let one of them be worked out by subtraction from a total in this document, is not shown (—).",
                s.suppress_below.saturating_sub(1),
                t = s.suppress_below
            ),
            Style::NOTE,
        ),
        heading(2, "Staff with an agreed appraisal in the last twelve months, by team"),
        Block::Bars {
            rows: s
                .rows
                .iter()
                .filter(|r| r.level == HrLevel::Team)
                .filter_map(|r| r.agreed_last_12_months.map(|n| (format!("{} / {}", r.department, r.team), n)))
                .collect(),
        },
    ];
    let hidden = s
        .rows
        .iter()
        .filter(|r| r.level == HrLevel::Team && r.agreed_last_12_months.is_none())
        .count();
    if hidden > 0 {
        out.push(text(
            format!(
                "{hidden} team{} not charted: fewer than {} people, a small count, or a count suppressed to protect one.",
                if hidden == 1 { "" } else { "s" },
                s.suppress_below
            ),
            Style::NOTE,
        ));
    }
    out.push(heading(2, "By organisation, department and team"));
    let mut columns = vec![col("Group", 0.3)];
    columns.extend(HR_COLUMNS.iter().map(|c| col(c.printed, c.width)));
    out.push(table(
        columns,
        s.rows
            .iter()
            .map(|r| {
                let group = match r.level {
                    HrLevel::Organisation => r.organisation.clone(),
                    HrLevel::Department => format!("  {}", r.department),
                    HrLevel::Team => format!("    {} / {}", r.department, r.team),
                };
                let mut cells = vec![group];
                cells.extend(HR_COLUMNS.iter().map(|c| shown((c.value)(r))));
                cells
            })
            .collect(),
    ));
    for r in s.rows.iter().filter(|r| r.level == HrLevel::Organisation) {
        out.push(heading(
            2,
            format!(
                "{}: development-plan items by KSF dimension",
                r.organisation
            ),
        ));
        out.push(Block::Bars {
            rows: r
                .plan_by_ksf
                .iter()
                .filter_map(|c| c.count.map(|n| (c.label.clone(), n)))
                .collect(),
        });
        out.push(table(
            vec![col("KSF dimension", 0.7), col("Items", 0.3)],
            r.plan_by_ksf
                .iter()
                .map(|c| vec![c.label.clone(), shown(c.count)])
                .collect(),
        ));
        out.push(heading(
            2,
            format!("{}: staff with evidence for each value", r.organisation),
        ));
        out.push(Block::Bars {
            rows: r
                .values_with_evidence
                .iter()
                .filter_map(|c| c.count.map(|n| (c.label.clone(), n)))
                .collect(),
        });
        out.push(table(
            vec![col("Value", 0.7), col("Staff", 0.3)],
            r.values_with_evidence
                .iter()
                .map(|c| vec![c.label.clone(), shown(c.count)])
                .collect(),
        ));
    }
    let meta = Meta {
        title: format!("Appraisal summary: {scope}"),
        author: "Reflect".into(),
        subject: "Appraisal compliance summary (counts only)".into(),
        keywords: vec!["appraisal".into(), "summary".into()],
    };
    (out, meta)
}
