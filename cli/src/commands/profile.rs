//! `reflect init`: your profile and the frameworks you use.

use std::io::Write;

use clap::Args;
use reflect_core::{Error, Profile, Registration, RegistrationBody, Result, Store};

use crate::commands::options::{typed, Options};
use crate::output::emit;

/// The option of `init` that sets each field of the profile.
const PROFILE: Options = &[
    ("name", "--name"),
    ("job_title", "--job-title"),
    ("grade", "--grade"),
    ("team", "--team"),
    ("department", "--department"),
    ("line_manager", "--line-manager"),
    ("employee_number", "--employee-number"),
    ("registration.pin", "--pin"),
    ("registration.renewal_date", "--renewal-date"),
    ("registration*", "--registration"),
    ("organisation_framework", "--framework"),
    ("framework", "--framework"),
    ("professional_frameworks[]", "--professional"),
];

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Your full name.
    #[arg(long)]
    pub name: Option<String>,
    /// Your job title, e.g. "Staff Nurse".
    #[arg(long)]
    pub job_title: Option<String>,
    /// Agenda for Change band ("Band 5") or other grade ("FY2").
    #[arg(long)]
    pub grade: Option<String>,
    /// Team or department.
    #[arg(long)]
    pub team: Option<String>,
    /// Your line manager's name.
    #[arg(long)]
    pub line_manager: Option<String>,
    /// Department or directorate (optional; used in HR summaries).
    #[arg(long)]
    pub department: Option<String>,
    /// Employee (ESR) number.
    #[arg(long)]
    pub employee_number: Option<String>,
    /// Professional registration body.
    #[arg(long, value_enum, requires_all = ["pin", "renewal_date"])]
    pub registration: Option<RegistrationBody>,
    /// Registration number (NMC PIN, HCPC or GMC number).
    #[arg(long)]
    pub pin: Option<String>,
    /// Registration renewal date, YYYY-MM-DD.
    #[arg(long)]
    pub renewal_date: Option<String>,
    /// Organisation values framework id (see `reflect framework list`).
    #[arg(long)]
    pub framework: Option<String>,
    /// A professional framework in use (repeatable), e.g. nmc-code.
    #[arg(long = "professional")]
    pub professional: Vec<String>,
}

pub fn init_cmd(store: &mut Store, a: InitArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let profile = init(store, a).map_err(typed(PROFILE))?;
    emit(out, json, &profile, |o| {
        writeln!(
            o,
            "Profile saved for {} ({}).",
            profile.name, profile.job_title
        )?;
        writeln!(
            o,
            "Organisation framework: {}",
            profile.organisation_framework
        )?;
        if !profile.professional_frameworks.is_empty() {
            writeln!(
                o,
                "Professional frameworks: {}",
                profile.professional_frameworks.join(", ")
            )?;
        }
        Ok(())
    })
}

fn init(store: &mut Store, a: InitArgs) -> Result<Profile> {
    let existing = store.profile()?;
    let need = |v: Option<String>, old: Option<&String>, field: &str| -> Result<String> {
        v.or_else(|| old.cloned())
            .ok_or_else(|| Error::invalid(field, format!("Enter --{}", field.replace('_', "-"))))
    };
    let e = existing.as_ref();
    let registration = match (a.registration, a.pin, a.renewal_date) {
        (Some(body), Some(pin), Some(renewal_date)) => Some(Registration {
            body,
            pin,
            renewal_date,
        }),
        _ => e.and_then(|p| p.registration.clone()),
    };
    let profile = Profile {
        name: need(a.name, e.map(|p| &p.name), "name")?,
        job_title: need(a.job_title, e.map(|p| &p.job_title), "job_title")?,
        grade: need(a.grade, e.map(|p| &p.grade), "grade")?,
        team: need(a.team, e.map(|p| &p.team), "team")?,
        department: a
            .department
            .or_else(|| e.and_then(|p| p.department.clone())),
        line_manager: need(a.line_manager, e.map(|p| &p.line_manager), "line_manager")?,
        employee_number: a
            .employee_number
            .or_else(|| e.and_then(|p| p.employee_number.clone())),
        registration,
        organisation_framework: need(
            a.framework,
            e.map(|p| &p.organisation_framework),
            "framework",
        )?,
        professional_frameworks: if a.professional.is_empty() {
            e.map(|p| p.professional_frameworks.clone())
                .unwrap_or_default()
        } else {
            a.professional
        },
    };
    store.save_profile(&profile)
}
