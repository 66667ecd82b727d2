//! `reflect completions SHELL` and `reflect manpage`: generated from the same clap definition
//! the parser uses (`crate::args::Cli`), so they can never list a command that does not exist.
//! The .deb installs both (`make package`); neither opens a journal.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use reflect_core::{files, Error, Result};

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
/// existing folder, whose file names are then printed one per line. Every page is rendered
/// first; an existing one is refused (naming `--out-dir`) unless `force`, so nothing is written
/// unless all of it can be; each file is written atomically.
pub fn manpage(out_dir: Option<&Path>, force: bool, out: &mut dyn Write) -> Result<()> {
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
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    render_all(cmd, &mut pages)?;
    for (name, _) in &pages {
        output::may_write(&dir.join(name), "out_dir", force)?;
    }
    for (name, bytes) in &pages {
        files::write_atomically(&dir.join(name), bytes)?;
    }
    for (name, _) in &pages {
        writeln!(out, "{name}").map_err(output::io)?;
    }
    Ok(())
}

/// Each page of `cmd` and its visible sub-commands, as (file name, roff), the way
/// `clap_mangen::generate_to` names them, but in memory.
fn render_all(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        render_all(sub, pages)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let mut buf = Vec::new();
    man.render(&mut buf).map_err(output::io)?;
    pages.push((man.get_filename(), buf));
    Ok(())
}
