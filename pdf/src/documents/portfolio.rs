//! The values portfolio: shared reflections grouped by value and behaviour statement.

use super::{
    heading, kv, label, long_date, reflection_blocks, section, text, title, Block, Meta, Style,
};
use crate::layout::bullets;
use reflect_core::documents::PortfolioInput;
use reflect_core::model::Reflection;

pub fn portfolio(input: &PortfolioInput) -> (Vec<Block>, Meta) {
    let p = &input.profile;
    let fw = &input.framework;
    let period = match (input.from.as_deref(), input.to.as_deref()) {
        (Some(f), Some(t)) => format!("{} to {}", long_date(f), long_date(t)),
        (Some(f), None) => format!("from {}", long_date(f)),
        (None, Some(t)) => format!("up to {}", long_date(t)),
        (None, None) => "all dates".to_string(),
    };
    let tagged = |r: &Reflection, value: &str| {
        r.tags
            .iter()
            .any(|t| *t.framework_id == *fw.id && &*t.value_key == value)
    };
    let mut out = vec![
        title("Values portfolio"),
        text(format!("{} — {}, {period}", p.name, fw.name), Style::SUBTITLE),
        kv(&[
            ("Name", p.name.clone()),
            ("Job title", p.job_title.clone()),
            ("Team", p.team.clone()),
            ("Period", period.clone()),
            ("Shared reflections", input.reflections.len().to_string()),
        ]),
        heading(2, "Reflections per value"),
        Block::Bars {
            rows: fw
                .values
                .iter()
                .map(|v| (v.name.clone(), u32::try_from(input.reflections.iter().filter(|r| tagged(r, &v.key)).count()).unwrap_or(u32::MAX)))
                .collect(),
        },
        text("Only reflections shared for appraisal are included. A gap means no shared reflection is tagged with the value in the period.", Style::NOTE),
    ];
    for v in &fw.values {
        out.push(Block::PageBreak);
        out.push(section(v.name.clone(), &v.key));
        if let Some(d) = &v.description {
            out.push(text(d.clone(), Style::NOTE));
        }
        let in_value: Vec<&Reflection> = input
            .reflections
            .iter()
            .filter(|r| tagged(r, &v.key))
            .collect();
        if in_value.is_empty() {
            out.push(text(
                "Gap: no shared reflection is tagged with this value in the period.",
                Style::BODY.coloured(crate::layout::RED),
            ));
            continue;
        }
        let intro = v
            .behaviours_intro
            .clone()
            .unwrap_or_else(|| "This means we:".into());
        // A reflection is printed once per value, under the first of its behaviour statements
        // (in the framework's order); under each later one it is named, not repeated. Its tag
        // line lists every statement it shows.
        let has = |r: &Reflection, key: &str| {
            r.tags.iter().any(|t| {
                *t.framework_id == *fw.id
                    && &*t.value_key == v.key.as_str()
                    && t.behaviour_key.as_deref() == Some(key)
            })
        };
        let mut printed: Vec<(&str, &str)> = Vec::new();
        for b in &v.behaviours {
            let with: Vec<&&Reflection> = in_value.iter().filter(|r| has(r, &b.key)).collect();
            if with.is_empty() {
                continue;
            }
            let statement = format!("{intro} {}", b.text);
            out.push(heading(2, statement.clone()));
            let mut already = Vec::new();
            for r in with {
                match printed.iter().find(|(id, _)| *id == r.id.as_str()) {
                    Some((_, under)) => already.push(format!(
                        "“{}” ({}), printed above under “{under}”.",
                        r.title,
                        long_date(&r.event_date)
                    )),
                    None => {
                        reflection_blocks(&mut out, r);
                        printed.push((r.id.as_str(), b.text.as_str()));
                    }
                }
            }
            if !already.is_empty() {
                out.push(label("Also evidence for this statement"));
                out.push(bullets(already, Style::BODY));
            }
        }
        let value_only: Vec<&&Reflection> = in_value
            .iter()
            .filter(|r| {
                !r.tags
                    .iter()
                    .any(|t| &*t.value_key == v.key.as_str() && t.behaviour_key.is_some())
            })
            .collect();
        if !value_only.is_empty() {
            out.push(heading(2, format!("{} as a whole", v.name)));
            for r in value_only {
                reflection_blocks(&mut out, r);
            }
        }
        let unmet: Vec<String> = v
            .behaviours
            .iter()
            .filter(|b| {
                !in_value.iter().any(|r| {
                    r.tags
                        .iter()
                        .any(|t| t.behaviour_key.as_deref() == Some(b.key.as_str()))
                })
            })
            .map(|b| b.text.clone())
            .collect();
        if !unmet.is_empty() {
            out.push(label("Behaviour statements without a reflection yet"));
            out.push(bullets(unmet, Style::NOTE));
        }
    }
    let meta = Meta {
        title: format!("Values portfolio: {} ({period})", p.name),
        author: p.name.clone(),
        subject: format!("Shared reflections grouped by the values of {}", fw.name),
        keywords: vec!["portfolio".into(), fw.name.clone()],
    };
    (out, meta)
}
