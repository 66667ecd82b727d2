//! `reflect`: the command-line front end of Reflect, over `reflect-core`.
//! Exit status: 0 success, 2 invalid input (one line on stderr naming the field or option), 1
//! otherwise. Output cut short by its reader (`reflect … | head -1`) ends quietly with 0.

mod arg_error;
mod args;
mod commands;
mod output;
mod passphrase;
mod run;

use std::io::Write;
use std::process::ExitCode;

use arg_error::Parsed;
use reflect_core::Error;

fn main() -> ExitCode {
    let (cli, json) = match arg_error::parse(std::env::args_os().collect()) {
        Parsed::Run(cli) => {
            let json = cli.json;
            (*cli, json)
        }
        Parsed::Shown => return ExitCode::SUCCESS,
        Parsed::Invalid { error, json } => return report(&error, json),
    };
    let mut out = std::io::stdout().lock();
    let result = run::run(cli, &mut out).and_then(|()| out.flush().map_err(output::io));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped reading (`| head`): like other Unix tools, stop without a word.
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => report(&e, json),
    }
}

/// The error on stderr as one line, and the exit status: 2 for the person's input, else 1.
fn report(e: &Error, json: bool) -> ExitCode {
    // One line: JSON escapes control characters itself; the text form may quote a name
    // from someone else's pack, so it is made safe for the terminal.
    let line = if json {
        serde_json::json!({ "kind": e.kind(), "message": e.message(), "field": e.field() })
            .to_string()
    } else {
        reflect_core::safe_text::for_terminal(&format!("reflect: {e}")).into_owned()
    };
    let _ = writeln!(std::io::stderr(), "{line}");
    if e.is_user_input() {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}
