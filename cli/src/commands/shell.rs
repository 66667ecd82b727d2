//! `reflect completions SHELL` and `reflect manpage`: generated from the same clap definition
//! the parser uses (`crate::args::Cli`), so they can never list a command that does not exist.
//! The .deb installs both (`make package`); neither opens a journal.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use reflect_core::{Error, Result};

use crate::args::Cli;
use crate::output;

/// The completion script for `shell`, on `out`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "reflect", &mut buf);
    out.write_all(&buf).map_err(output::io)
}

/// The manual page reflect(1), in roff: on `out`, or with `out_dir` the whole set (reflect.1 and
/// one page per command and sub-command, which reflect.1's list refers to) written into that
/// existing folder, whose file names are then printed one per line.
pub fn manpage(out_dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let Some(dir) = out_dir else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut buf)
            .map_err(output::io)?;
        return out.write_all(&buf).map_err(output::io);
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            "out_dir",
            format!("{} is not an existing folder", dir.display()),
        ));
    }
    clap_mangen::generate_to(Cli::command(), dir).map_err(|source| Error::Io {
        action: "write manual pages into",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            action: "list",
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("reflect") && name.ends_with(".1"))
        .collect();
    names.sort();
    for name in names {
        writeln!(out, "{name}").map_err(output::io)?;
    }
    Ok(())
}
