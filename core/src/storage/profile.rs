//! The profile: one per database. The functions take the connection or transaction; each
//! `Store` method is one transaction.

use chrono::Local;
use rusqlite::{named_params, Connection, OptionalExtension, Row, Transaction};

use crate::error::{Error, Result};
use crate::model::{FrameworkKind, Profile, Registration, RegistrationBody};
use crate::revalidation::check_pin;
use crate::storage::sharing::ensure_key;
use crate::storage::sql::corrupt_or_database;
use crate::store::{now_utc, Store};
use crate::validate::{check_len, check_required, parse_date_ahead, MAX_PROFILE_FIELD};

impl Store {
    /// The profile, or `None` before set-up.
    pub fn profile(&self) -> Result<Option<Profile>> {
        profile(&self.conn)
    }

    /// The profile, or [`Error::NotSetUp`].
    pub fn require_profile(&self) -> Result<Profile> {
        require_profile(&self.conn)
    }

    /// Create or replace the profile. Invalid input changes nothing.
    pub fn save_profile(&mut self, input: &Profile) -> Result<Profile> {
        let p = normalise(input);
        self.validate_profile(&p)?;
        self.write(|tx| write_profile(tx, &p))
    }

    fn validate_profile(&self, p: &Profile) -> Result<()> {
        validate_profile(&self.conn, p, true)
    }
}

/// Check a normalised profile: its fields, and that its frameworks exist with the right kind.
/// `recent_renewal`: the checks on what is typed now (set-up and edits), which an archive's old
/// profile is not held to: a renewal date more than three years ago is refused, an NMC PIN must
/// have the NMC's shape.
pub(crate) fn validate_profile(conn: &Connection, p: &Profile, recent_renewal: bool) -> Result<()> {
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
        // The same rule as a reflective discussion partner's PIN; an archive's old profile
        // (from before the check) keeps the PIN it had.
        if recent_renewal && reg.body == RegistrationBody::Nmc {
            check_pin("registration.pin", &reg.pin)?;
        }
        let today = Local::now().date_naive();
        let renewal = parse_date_ahead("registration.renewal_date", &reg.renewal_date, today)?;
        let earliest = today - chrono::Days::new(366 * 3);
        if recent_renewal && renewal < earliest {
            return Err(Error::invalid(
                    "registration.renewal_date",
                    "Registration renewal date is more than three years ago: enter your next renewal date",
                ));
        }
    }
    check_framework_kind(
        conn,
        "organisation_framework",
        &p.organisation_framework,
        FrameworkKind::Organisation,
    )?;
    for (i, id) in p.professional_frameworks.iter().enumerate() {
        check_framework_kind(
            conn,
            &format!("professional_frameworks[{i}]"),
            id,
            FrameworkKind::Professional,
        )?;
    }
    Ok(())
}

fn check_framework_kind(
    conn: &Connection,
    field: &str,
    id: &str,
    want: FrameworkKind,
) -> Result<()> {
    if id.trim().is_empty() {
        // Named as the set-up form shows it.
        let message = match want {
            FrameworkKind::Organisation => "Choose your organisation's values",
            FrameworkKind::Professional => "Choose a professional framework",
        };
        return Err(Error::invalid(field, message));
    }
    let kind: Option<String> = conn
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

pub(crate) fn normalise(p: &Profile) -> Profile {
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
            pin: match r.body {
                // As `check_pin` reads it: upper case, no spaces.
                RegistrationBody::Nmc => r.pin.trim().to_uppercase().replace(' ', ""),
                _ => r.pin.trim().to_string(),
            },
            renewal_date: r.renewal_date.trim().to_string(),
        }),
        organisation_framework: p.organisation_framework.trim().to_string(),
        professional_frameworks: frameworks,
    }
}

/// The `profile` row as stored (the professional frameworks are in their own table).
struct ProfileRow {
    name: String,
    job_title: String,
    grade: String,
    team: String,
    line_manager: String,
    employee_number: Option<String>,
    registration_body: Option<RegistrationBody>,
    registration_pin: Option<String>,
    registration_renewal: Option<String>,
    organisation_framework: String,
    department: Option<String>,
}

impl ProfileRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<ProfileRow> {
        Ok(ProfileRow {
            name: r.get("name")?,
            job_title: r.get("job_title")?,
            grade: r.get("grade")?,
            team: r.get("team")?,
            line_manager: r.get("line_manager")?,
            employee_number: r.get("employee_number")?,
            registration_body: r.get("registration_body")?,
            registration_pin: r.get("registration_pin")?,
            registration_renewal: r.get("registration_renewal")?,
            organisation_framework: r.get("organisation_framework")?,
            department: r.get("department")?,
        })
    }
}

/// The profile, or `None` before set-up.
pub(crate) fn profile(conn: &Connection) -> Result<Option<Profile>> {
    let row = conn
        .query_row(
            "SELECT name, job_title, grade, team, line_manager, employee_number,
                    registration_body, registration_pin, registration_renewal, organisation_framework,
                    department
             FROM profile WHERE id = 1",
            [],
            ProfileRow::from_row,
        )
        .optional()
        .map_err(corrupt_or_database)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let registration = match (
        row.registration_body,
        row.registration_pin,
        row.registration_renewal,
    ) {
        (Some(body), Some(pin), Some(renewal_date)) => Some(Registration {
            body,
            pin,
            renewal_date,
        }),
        _ => None,
    };
    let mut stmt = conn
        .prepare("SELECT framework_id FROM profile_professional_framework ORDER BY framework_id")?;
    let professional_frameworks = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Profile {
        name: row.name,
        job_title: row.job_title,
        grade: row.grade,
        team: row.team,
        department: row.department,
        line_manager: row.line_manager,
        employee_number: row.employee_number,
        registration,
        organisation_framework: row.organisation_framework,
        professional_frameworks,
    }))
}

/// The profile, or [`Error::NotSetUp`].
pub(crate) fn require_profile(conn: &Connection) -> Result<Profile> {
    profile(conn)?.ok_or(Error::NotSetUp)
}

/// Write the profile (creating or replacing it) and make this device's signing key if it has
/// none. The profile is already normalised and checked.
pub(crate) fn write_profile(tx: &Transaction<'_>, p: &Profile) -> Result<Profile> {
    let now = now_utc();
    let reg = p.registration.as_ref();
    tx.execute(
        "INSERT INTO profile (id, name, job_title, grade, team, line_manager, employee_number,
                 registration_body, registration_pin, registration_renewal, organisation_framework,
                 created_at, updated_at, department, colleague_id)
             VALUES (1, :name, :job_title, :grade, :team, :line_manager, :employee_number,
                 :registration_body, :registration_pin, :registration_renewal,
                 :organisation_framework, :now, :now, :department, :colleague_id)
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
        named_params! {
            ":name": p.name,
            ":job_title": p.job_title,
            ":grade": p.grade,
            ":team": p.team,
            ":line_manager": p.line_manager,
            ":employee_number": p.employee_number,
            ":registration_body": reg.map(|r| r.body),
            ":registration_pin": reg.map(|r| r.pin.as_str()),
            ":registration_renewal": reg.map(|r| r.renewal_date.as_str()),
            ":organisation_framework": p.organisation_framework,
            ":now": now,
            ":department": p.department,
            ":colleague_id": uuid::Uuid::now_v7().to_string(),
        },
    )?;
    // Set-up makes this device's signing key (kept if it exists).
    ensure_key(tx)?;
    tx.execute("DELETE FROM profile_professional_framework", [])?;
    for id in &p.professional_frameworks {
        tx.execute(
            "INSERT OR IGNORE INTO profile_professional_framework (framework_id) VALUES (?1)",
            [id],
        )?;
    }
    require_profile(tx)
}
