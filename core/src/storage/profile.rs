//! The profile: one per database.

use chrono::Local;
use rusqlite::{params, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::{FrameworkKind, Profile, Registration, RegistrationBody};
use crate::store::{now_utc, Store};
use crate::validate::{check_len, check_required, parse_date, MAX_PROFILE_FIELD};

impl Store {
    /// The profile, or `None` before set-up.
    pub fn profile(&self) -> Result<Option<Profile>> {
        let row = self
            .conn
            .query_row(
                "SELECT name, job_title, grade, team, line_manager, employee_number,
                        registration_body, registration_pin, registration_renewal, organisation_framework,
                        department
                 FROM profile WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, Option<String>>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            name,
            job_title,
            grade,
            team,
            line_manager,
            employee_number,
            body,
            pin,
            renewal,
            org,
            department,
        )) = row
        else {
            return Ok(None);
        };
        let registration = match (body, pin, renewal) {
            (Some(body), Some(pin), Some(renewal_date)) => Some(Registration {
                body: RegistrationBody::parse(&body)
                    .ok_or_else(|| Error::Corrupt(format!("registration body '{body}'")))?,
                pin,
                renewal_date,
            }),
            _ => None,
        };
        let mut stmt = self.conn.prepare(
            "SELECT framework_id FROM profile_professional_framework ORDER BY framework_id",
        )?;
        let professional_frameworks = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(Profile {
            name,
            job_title,
            grade,
            team,
            department,
            line_manager,
            employee_number,
            registration,
            organisation_framework: org,
            professional_frameworks,
        }))
    }

    /// The profile, or [`Error::NotSetUp`].
    pub fn require_profile(&self) -> Result<Profile> {
        self.profile()?.ok_or(Error::NotSetUp)
    }

    /// Create or replace the profile. Invalid input changes nothing.
    pub fn save_profile(&mut self, input: &Profile) -> Result<Profile> {
        let p = normalise(input);
        self.validate_profile(&p)?;
        let now = now_utc();
        let reg = p.registration.as_ref();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO profile (id, name, job_title, grade, team, line_manager, employee_number,
                 registration_body, registration_pin, registration_renewal, organisation_framework,
                 created_at, updated_at, department, colleague_id)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)
             ON CONFLICT (id) DO UPDATE SET
                 name = excluded.name, job_title = excluded.job_title, grade = excluded.grade,
                 team = excluded.team, line_manager = excluded.line_manager,
                 employee_number = excluded.employee_number,
                 registration_body = excluded.registration_body,
                 registration_pin = excluded.registration_pin,
                 registration_renewal = excluded.registration_renewal,
                 organisation_framework = excluded.organisation_framework,
                 department = excluded.department,
                 colleague_id = coalesce(profile.colleague_id, excluded.colleague_id),
                 updated_at = excluded.updated_at",
            params![
                p.name,
                p.job_title,
                p.grade,
                p.team,
                p.line_manager,
                p.employee_number,
                reg.map(|r| r.body.as_str()),
                reg.map(|r| r.pin.as_str()),
                reg.map(|r| r.renewal_date.as_str()),
                p.organisation_framework,
                now,
                p.department,
                uuid::Uuid::now_v7().to_string(),
            ],
        )?;
        // Set-up makes this device's signing key (kept if it exists).
        crate::storage::sharing::ensure_key(&tx)?;
        tx.execute("DELETE FROM profile_professional_framework", [])?;
        for id in &p.professional_frameworks {
            tx.execute(
                "INSERT OR IGNORE INTO profile_professional_framework (framework_id) VALUES (?1)",
                [id],
            )?;
        }
        tx.commit()?;
        self.require_profile()
    }

    fn validate_profile(&self, p: &Profile) -> Result<()> {
        for (field, value) in [
            ("name", &p.name),
            ("job_title", &p.job_title),
            ("grade", &p.grade),
            ("team", &p.team),
            ("line_manager", &p.line_manager),
        ] {
            check_required(field, value)?;
            check_len(field, value, MAX_PROFILE_FIELD)?;
        }
        if let Some(n) = &p.employee_number {
            check_len("employee_number", n, 30)?;
        }
        if let Some(d) = &p.department {
            check_len("department", d, MAX_PROFILE_FIELD)?;
        }
        if let Some(reg) = &p.registration {
            check_required("registration.pin", &reg.pin)?;
            check_len("registration.pin", &reg.pin, 30)?;
            let renewal = parse_date("registration.renewal_date", &reg.renewal_date)?;
            let earliest = Local::now().date_naive() - chrono::Days::new(366 * 3);
            if renewal < earliest {
                return Err(Error::invalid(
                    "registration.renewal_date",
                    "Registration renewal date is more than three years ago: enter your next renewal date",
                ));
            }
        }
        self.check_framework_kind(
            "organisation_framework",
            &p.organisation_framework,
            FrameworkKind::Organisation,
        )?;
        for (i, id) in p.professional_frameworks.iter().enumerate() {
            self.check_framework_kind(
                &format!("professional_frameworks[{i}]"),
                id,
                FrameworkKind::Professional,
            )?;
        }
        Ok(())
    }

    fn check_framework_kind(&self, field: &str, id: &str, want: FrameworkKind) -> Result<()> {
        if id.trim().is_empty() {
            return Err(Error::invalid(field, "Choose a framework"));
        }
        let kind: Option<String> = self
            .conn
            .query_row("SELECT kind FROM framework WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        match kind {
            None => Err(Error::invalid(
                field,
                format!("There is no framework with id '{id}'"),
            )),
            Some(k) if k != want.as_str() => {
                let wanted = match want {
                    FrameworkKind::Organisation => "an organisation",
                    FrameworkKind::Professional => "a professional",
                };
                Err(Error::invalid(
                    field,
                    format!("'{id}' is a {k} framework, not {wanted} one"),
                ))
            }
            Some(_) => Ok(()),
        }
    }
}

fn normalise(p: &Profile) -> Profile {
    let opt = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut frameworks = p.professional_frameworks.clone();
    frameworks.sort();
    frameworks.dedup();
    Profile {
        name: p.name.trim().to_string(),
        job_title: p.job_title.trim().to_string(),
        grade: p.grade.trim().to_string(),
        team: p.team.trim().to_string(),
        department: opt(&p.department),
        line_manager: p.line_manager.trim().to_string(),
        employee_number: opt(&p.employee_number),
        registration: p.registration.as_ref().map(|r| Registration {
            body: r.body,
            pin: r.pin.trim().to_string(),
            renewal_date: r.renewal_date.trim().to_string(),
        }),
        organisation_framework: p.organisation_framework.trim().to_string(),
        professional_frameworks: frameworks,
    }
}
