//! `reflect`: the command-line front end of Reflect, over `reflect-core`.
//! Exit status: 0 success, 2 invalid input (one line on stderr naming the field), 1 otherwise.

mod args;
mod commands;
mod output;
mod passphrase;
mod run;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let json = cli.json;
    let mut out = std::io::stdout().lock();
    match run::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
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
    }
}
