//! Core's errors name the fields of its types (`received_on`, `summary`, `objectives[0].by_date`);
//! a person at the command line typed options (`--date`, `--said`, `--by`). Each command keeps
//! ONE table from the core fields it sets to the options that set them, and passes its errors
//! through [`typed`], so the line printed names what was typed. The app keeps core's fields (it
//! shows each message beside its input).

use reflect_core::Error;

/// A command's table: a core field → the option that set it. An index is written `[]`
/// (`objectives[].by_date` matches `objectives[2].by_date`); a trailing `*` matches every field
/// under a prefix (`body.*`).
pub type Options = &'static [(&'static str, &'static str)];

/// The field with every `[n]` written `[]`.
fn general(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The option in `options` that sets `field`, if any.
pub fn option_for(options: Options, field: &str) -> Option<&'static str> {
    let g = general(field);
    options
        .iter()
        .find(|(f, _)| match f.strip_suffix('*') {
            Some(prefix) => g.starts_with(prefix),
            None => *f == field || *f == g,
        })
        .map(|(_, o)| *o)
}

/// An error with its field renamed to the option that set it (other errors, and fields the
/// table does not name, pass unchanged).
pub fn typed(options: Options) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::Invalid { field, message } => match option_for(options, &field) {
            Some(option) => Error::invalid(option, message),
            None => Error::Invalid { field, message },
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_map_to_the_options_that_set_them() {
        const T: Options = &[
            ("received_on", "--date"),
            ("objectives[].by_date", "--by"),
            ("body.*", "--section"),
        ];
        for (field, want) in [
            ("received_on", Some("--date")),
            ("objectives[12].by_date", Some("--by")),
            ("body.feelings", Some("--section")),
            ("received", None),
            ("objectives[0].measure", None),
        ] {
            assert_eq!(option_for(T, field), want, "{field}");
        }
        match typed(T)(Error::invalid(
            "received_on",
            "Enter the date you received it",
        )) {
            Error::Invalid { field, message } => {
                assert_eq!(
                    (field.as_str(), message.as_str()),
                    ("--date", "Enter the date you received it")
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
