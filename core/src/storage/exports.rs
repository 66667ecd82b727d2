//! Gathering what each PDF shows. Private reflections and wellbeing notes are left out unless the
//! owner asks for them (`include_private`, `include_wellbeing`); everything else is read through
//! the same `Store` methods the app uses.

use chrono::NaiveDate;

use crate::appraisal::Role;
use crate::error::{Error, Result};
use crate::model::{Reflection, ReflectionQuery, Visibility};
use crate::pdf::documents::{self, NmcInput, PortfolioInput};
use crate::pdf::layout::Furniture;
use crate::pdf::{render, Rendered};
use crate::store::Store;
use crate::validate::parse_date;

impl Store {
    /// The appraisal record as a PDF. The wellbeing notes are included only with
    /// `include_wellbeing`; a record not yet signed by both carries a "draft" watermark.
    pub fn appraisal_pdf(
        &self,
        id: &str,
        include_wellbeing: bool,
        today: NaiveDate,
    ) -> Result<Rendered> {
        let a = self.appraisal(id, Role::Colleague, today)?;
        let (blocks, meta, watermark) = documents::appraisal(&a, include_wellbeing);
        render(
            &blocks,
            &meta,
            &Furniture {
                footer_title: "Appraisal record",
                watermark,
            },
        )
    }

    /// The NMC reflective accounts with the CPD and feedback logs and the reflective discussion.
    /// Shared reflections only, unless `include_private`.
    pub fn nmc_pdf(&self, include_private: bool, today: NaiveDate) -> Result<Rendered> {
        let profile = self.require_profile()?;
        let revalidation = self.revalidation(today)?;
        let (Some(start), Some(end)) = (
            revalidation.window_start.clone(),
            revalidation.renewal_date.clone(),
        ) else {
            return Err(Error::invalid("registration", revalidation.message));
        };
        let mut left_out = 0;
        let mut keep = |r: Reflection| {
            if include_private || r.visibility == Visibility::Shared {
                Some(r)
            } else {
                left_out += 1;
                None
            }
        };
        let mut accounts = Vec::new();
        for a in &revalidation.accounts {
            accounts.extend(keep(self.reflection(&a.id)?));
        }
        // Oldest first, as the accounts are numbered.
        accounts.reverse();
        let mut cpd = Vec::new();
        for id in self.cpd_reflection_ids(&start, &end)? {
            if let Some(r) = keep(self.reflection(&id)?) {
                cpd.push(r);
            }
        }
        let themes: Vec<(String, String)> = match self.framework("nmc-code", None) {
            Ok(f) => f.doc.values.into_iter().map(|v| (v.key, v.name)).collect(),
            Err(Error::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e),
        };
        let in_window = |d: &str| d >= start.as_str() && d <= end.as_str();
        let feedback: Vec<_> = revalidation
            .feedback
            .iter()
            .filter(|f| in_window(&f.received_on))
            .cloned()
            .collect();
        let discussions: Vec<_> = revalidation
            .discussions
            .iter()
            .filter(|d| in_window(&d.held_on))
            .cloned()
            .collect();
        let (blocks, meta) = documents::nmc(&NmcInput {
            profile: &profile,
            revalidation: &revalidation,
            accounts: &accounts,
            cpd: &cpd,
            feedback: &feedback,
            discussions: &discussions,
            themes: &themes,
            private_left_out: left_out,
        });
        render(
            &blocks,
            &meta,
            &Furniture {
                footer_title: "NMC revalidation",
                watermark: None,
            },
        )
    }

    /// The shared reflections of a period grouped by value and behaviour statement, with a chart.
    pub fn portfolio_pdf(&self, from: Option<&str>, to: Option<&str>) -> Result<Rendered> {
        let from = from.map(str::trim).filter(|s| !s.is_empty());
        let to = to.map(str::trim).filter(|s| !s.is_empty());
        let f = from.map(|d| parse_date("from", d)).transpose()?;
        let t = to.map(|d| parse_date("to", d)).transpose()?;
        if let (Some(f), Some(t)) = (f, t) {
            if t < f {
                return Err(Error::invalid(
                    "to",
                    format!("The end of the period must be on or after its start ({f})"),
                ));
            }
        }
        let profile = self.require_profile()?;
        let framework = self.framework(&profile.organisation_framework, None)?.doc;
        let rows = self.list_reflections(&ReflectionQuery {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            visibility: Some(Visibility::Shared),
            ..ReflectionQuery::default()
        })?;
        let reflections = rows
            .iter()
            .map(|r| self.reflection(&r.id))
            .collect::<Result<Vec<_>>>()?;
        let (blocks, meta) = documents::portfolio(&PortfolioInput {
            profile: &profile,
            framework: &framework,
            reflections: &reflections,
            from,
            to,
        });
        render(
            &blocks,
            &meta,
            &Furniture {
                footer_title: "Values portfolio",
                watermark: None,
            },
        )
    }
}
