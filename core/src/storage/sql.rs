//! How the domain's enums are stored: as their text (`as_str`), read back with `parse`. A value
//! that does not parse is a corrupt database, reported naming what it should have been.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::appraisal::{AppraisalState, Role};
use crate::error::Error;
use crate::model::{FrameworkKind, ReflectiveModel, RegistrationBody, RevisionKind, Visibility};
use crate::pack::Purpose;

macro_rules! stored_as_text {
    ($ty:ty, $what:literal) => {
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = value.as_str()?;
                <$ty>::parse(s).ok_or_else(|| {
                    FromSqlError::Other(Box::new(Error::Corrupt(format!(
                        concat!($what, " '{}'"),
                        s
                    ))))
                })
            }
        }
    };
}

stored_as_text!(Visibility, "visibility");
stored_as_text!(ReflectiveModel, "reflective model");
stored_as_text!(RevisionKind, "revision kind");
stored_as_text!(RegistrationBody, "registration body");
stored_as_text!(FrameworkKind, "framework kind");
stored_as_text!(AppraisalState, "appraisal state");
stored_as_text!(Role, "role");

impl ToSql for Purpose {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// A database error, with a stored value that did not parse reported as [`Error::Corrupt`]
/// (as it was when each module parsed its own columns).
pub(crate) fn corrupt_or_database(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::FromSqlConversionFailure(index, ty, inner) => {
            match inner.downcast::<Error>() {
                Ok(inner) => *inner,
                Err(other) => {
                    Error::Database(rusqlite::Error::FromSqlConversionFailure(index, ty, other))
                }
            }
        }
        other => Error::Database(other),
    }
}
