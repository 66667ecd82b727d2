//! Reading the command line: clap's parser with hyphen-leading values allowed where a value is
//! expected, and its errors turned into Reflect's own — one line naming the option the person
//! typed (`Error::Invalid`, so `--json` gives the JSON error object and the exit status is 2).
//! `--help` and `--version` are clap's own and exit 0.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Command, CommandFactory, FromArgMatches};
use reflect_core::Error;

use crate::args::Cli;

/// What reading the command line gave.
pub enum Parsed {
    /// A command to run.
    Run(Box<Cli>),
    /// Help or the version was printed: nothing more to do.
    Shown,
    /// The command line was wrong: `Error::Invalid` naming the option, and whether `--json`
    /// was asked for (so the error is printed as JSON).
    Invalid { error: Error, json: bool },
}

/// The command line as clap reads it, with every option that takes one value accepting a value
/// that starts with `-` (`--cpd-hours -2`, `--text "-ish"`), every positional accepting a
/// negative number, and a missing subcommand reported as an error rather than a page of help.
pub fn command() -> Command {
    adjust(Cli::command())
}

fn adjust(cmd: Command) -> Command {
    cmd.arg_required_else_help(false)
        .mut_args(|a| {
            if a.is_positional() {
                a.allow_negative_numbers(true)
            } else if takes_one_value(a.get_action(), a.get_num_args()) {
                a.allow_hyphen_values(true)
            } else {
                a
            }
        })
        .mut_subcommands(adjust)
}

/// An option that takes exactly one value each time it is given (not a flag, not a list): only
/// those may take a hyphen-leading value, so a list can never swallow the next option.
fn takes_one_value(action: &ArgAction, num_args: Option<clap::builder::ValueRange>) -> bool {
    matches!(action, ArgAction::Set | ArgAction::Append)
        && num_args.is_none_or(|r| r.min_values() == 1 && r.max_values() == 1)
}

/// Read `args` (the program name first).
pub fn parse(args: Vec<OsString>) -> Parsed {
    let json = wants_json(&args);
    let mut cmd = command();
    match cmd.try_get_matches_from_mut(args.iter()) {
        Ok(matches) => match Cli::from_arg_matches(&matches) {
            Ok(cli) => Parsed::Run(Box::new(cli)),
            Err(e) => Parsed::Invalid {
                error: translate(&e, &path(&mut cmd, &args)),
                json,
            },
        },
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                // Help goes to standard output; a closed pipe (`| head`) is not worth a word.
                let _ = e.print();
                Parsed::Shown
            }
            _ => Parsed::Invalid {
                error: translate(&e, &path(&mut cmd, &args)),
                json,
            },
        },
    }
}

/// Whether `--json` is among the arguments (before a `--`), read without clap, whose error is
/// what is being reported.
fn wants_json(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}

/// The subcommands named in `args`, as a person would type them: "reflect framework show".
fn path(root: &mut Command, args: &[OsString]) -> String {
    root.build();
    let mut words = vec![root.get_name().to_string()];
    let mut cmd: &Command = root;
    let mut skip_value = false;
    for arg in args.iter().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if skip_value {
            skip_value = false;
            continue;
        }
        if arg == "--" {
            break;
        }
        if let Some(name) = arg.strip_prefix("--") {
            if !name.contains('=') {
                skip_value = cmd
                    .get_arguments()
                    .find(|a| a.get_long() == Some(name))
                    .is_some_and(|a| a.get_action().takes_values());
            }
            continue;
        }
        if arg.starts_with('-') {
            continue;
        }
        // The first word that is not a subcommand is a value, or the mistyped command itself.
        let Some(sub) = cmd.find_subcommand(arg) else {
            break;
        };
        words.push(sub.get_name().to_string());
        cmd = sub;
    }
    words.join(" ")
}

/// An option as the person typed it: `--cpd-hours <CPD_HOURS>` → `--cpd-hours`, `<ID>` → `id`.
fn option_name(shown: &str) -> String {
    let first = shown.split_whitespace().next().unwrap_or(shown);
    if first.starts_with('-') {
        first.to_string()
    } else {
        first
            .trim_matches(|c| c == '<' || c == '>' || c == '[' || c == ']' || c == '.')
            .to_lowercase()
    }
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Why a value was refused, in words: the number parsers' own messages are not.
fn reason(e: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(e) else {
        return "it is not valid here".into();
    };
    if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        "enter a number, such as 7.5".into()
    } else if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        "enter a whole number, such as 3".into()
    } else {
        source.to_string()
    }
}

/// Clap's error as `Error::Invalid`: the option's name as the field, and one sentence with a
/// pointer to `--help` for the command the person was typing.
fn translate(e: &clap::Error, path: &str) -> Error {
    let help = format!("see `{path} --help`");
    let arg = text(e, ContextKind::InvalidArg).map(|a| option_name(&a));
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let did_you_mean = |kind| {
        text(e, kind)
            .map(|s| format!(" (did you mean {}?)", option_name(&s)))
            .unwrap_or_default()
    };
    let (field, message) = match e.kind() {
        ErrorKind::UnknownArgument => {
            let typed = arg.unwrap_or_else(|| "argument".into());
            let hint = if text(e, ContextKind::SuggestedArg).is_some() {
                did_you_mean(ContextKind::SuggestedArg)
            } else if typed.starts_with('-') && !typed.starts_with("--") {
                " (a value that starts with '-' goes after `--`)".into()
            } else {
                String::new()
            };
            let message = if typed.starts_with('-') {
                format!("`{path}` has no option {typed}{hint}; {help}")
            } else {
                format!("`{path}` takes no value '{typed}' here{hint}; {help}")
            };
            (typed, message)
        }
        ErrorKind::InvalidSubcommand => {
            let typed = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = text(e, ContextKind::SuggestedSubcommand)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            (
                "command".into(),
                format!("`{path}` has no command '{typed}'{hint}; {help}"),
            )
        }
        ErrorKind::MissingSubcommand => {
            let choices: Vec<String> = list(e, ContextKind::ValidSubcommand)
                .into_iter()
                .filter(|c| c != "help")
                .collect();
            (
                "command".into(),
                format!(
                    "`{path}` needs a command: one of {}; {help}",
                    choices.join(", ")
                ),
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => (
            arg.unwrap_or_else(|| "value".into()),
            format!("needs a value; {help}"),
        ),
        ErrorKind::InvalidValue => {
            let valid = list(e, ContextKind::ValidValue);
            let choices = if valid.is_empty() {
                String::new()
            } else {
                format!(": choose one of {}", valid.join(", "))
            };
            (
                arg.unwrap_or_else(|| "value".into()),
                format!("'{value}' is not a choice here{choices}; {help}"),
            )
        }
        ErrorKind::ValueValidation => (
            arg.unwrap_or_else(|| "value".into()),
            format!("'{value}' is not valid: {}; {help}", reason(e)),
        ),
        ErrorKind::ArgumentConflict => {
            let prior = text(e, ContextKind::PriorArg)
                .map_or_else(|| "another option given".into(), |p| option_name(&p));
            (
                arg.unwrap_or_else(|| "option".into()),
                format!("cannot be used with {prior}; {help}"),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = list(e, ContextKind::InvalidArg)
                .iter()
                .map(|a| option_name(a))
                .collect();
            let field = missing.first().cloned().unwrap_or_else(|| "option".into());
            let also = if missing.len() > 1 {
                let rest: Vec<&str> = missing.iter().skip(1).map(String::as_str).collect();
                format!(" (and so is {})", rest.join(", "))
            } else {
                String::new()
            };
            (field, format!("is required{also}; {help}"))
        }
        ErrorKind::NoEquals => (
            arg.unwrap_or_else(|| "option".into()),
            format!("write its value after '='; {help}"),
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => (
            arg.unwrap_or_else(|| "option".into()),
            format!("has the wrong number of values; {help}"),
        ),
        _ => {
            // Anything else: clap's own first line, without its "error: " prefix.
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("the command line is not valid");
            (
                "command".into(),
                format!("{}; {help}", first.trim_start_matches("error: ")),
            )
        }
    };
    Error::invalid(field, message)
}
