//! Gathering what each document shows, as owned domain values (`crate::documents`) that the
//! `reflect-pdf` crate renders. Private reflections and wellbeing notes are left out unless the
//! owner asks for them (`include_private`, and `include_wellbeing` when rendering); everything else
//! is read through the same `Store` methods the app uses.

use chrono::NaiveDate;

use crate::documents::{NmcInput, PortfolioInput};
use crate::error::{Error, Result};
use crate::model::{Reflection, ReflectionQuery, Visibility};
use crate::store::Store;
use crate::validate::parse_date;

impl Store {
    /// What the NMC document shows: the reflective accounts, the CPD and feedback logs and the
    /// reflective discussion of the current window. Shared reflections only, unless
    /// `include_private`.
    pub fn nmc_document(&self, include_private: bool, today: NaiveDate) -> Result<NmcInput> {
        let profile = self.require_profile()?;
        let revalidation = self.revalidation(today)?;
        let (Some(start), Some(end)) = (
            revalidation.window_start.clone(),
            revalidation.renewal_date.clone(),
        ) else {
            return Err(Error::invalid("registration", revalidation.message));
        };
        let keep =
            |r: Reflection| (include_private || r.visibility == Visibility::Shared).then_some(r);
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
        Ok(NmcInput {
            profile,
            revalidation,
            accounts,
            cpd,
            feedback,
            discussions,
            themes,
        })
    }

    /// What the values portfolio shows: the shared reflections of a period (both ends optional,
    /// YYYY-MM-DD), with the organisation's framework they are grouped by.
    pub fn portfolio_document(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<PortfolioInput> {
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
        Ok(PortfolioInput {
            profile,
            framework,
            reflections,
            from: from.map(str::to_string),
            to: to.map(str::to_string),
        })
    }
}
