//! The dispatcher: opens the store and hands each command to its group in `crate::commands`.

use std::io::Write;

use reflect_core::{data_dir, Result};

use crate::args::{Cli, Command};
use crate::commands::backup::{BackupArgs, BackupCommand};
use crate::commands::{
    appraisal, archive, backup, check, encryption, export, framework, hr, journal, key, pack,
    profile, revalidation, shell, team,
};
use crate::passphrase::{self, Secrets};

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    // Checking text needs no journal: none is opened, so none is created.
    if let Command::Check(args) = &cli.command {
        if args.text.is_some() {
            return check::check_text(args, cli.json, out);
        }
    }
    // Completions and the manual page describe the command line itself: no journal either.
    match &cli.command {
        Command::Completions { shell } => return shell::completions(*shell, out),
        Command::Manpage { out_dir, force } => {
            return shell::manpage(out_dir.as_deref(), *force, out)
        }
        _ => {}
    }
    let dir = data_dir(cli.data_dir.as_deref())?;
    // A restore runs before any journal is opened: the folder may hold none, or a damaged one.
    if let Command::Backup(BackupArgs {
        action:
            Some(BackupCommand::Restore {
                file,
                replace,
                passphrase_stdin,
            }),
        ..
    }) = &cli.command
    {
        let mut secrets = Secrets::new(cli.passphrase_file.clone(), cli.recovery_code_file.clone());
        return backup::restore(
            &dir,
            file,
            *replace,
            *passphrase_stdin,
            &mut secrets,
            cli.json,
            out,
        );
    }
    // An encrypted journal opens with the keystore's key, else the passphrase or recovery code
    // file, else a prompt on a terminal (`passphrase::open`).
    let mut secrets = Secrets::new(cli.passphrase_file, cli.recovery_code_file);
    let mut store = passphrase::open(&dir, &mut secrets)?;
    if let Some(reason) = store.read_only() {
        // On stderr, so `--json` output and piped rows stay as they are.
        let _ = writeln!(std::io::stderr(), "reflect: warning: {reason}.");
    }
    // The daily backup: a failure is a warning, never a reason not to carry on.
    if let Err(e) = store.daily_backup(chrono::Utc::now()) {
        let _ = writeln!(
            std::io::stderr(),
            "reflect: warning: the daily backup failed ({e}); your journal is open as usual"
        );
    }
    let json = cli.json;
    match cli.command {
        Command::Init(a) => profile::init_cmd(&mut store, a, json, out),
        Command::Framework(cmd) => framework::framework(&mut store, cmd, json, out),
        Command::Export(cmd) => export::export(&store, cmd, json, out),
        Command::Pack(cmd) => pack::pack_cmd(&mut store, cmd, json, out),
        Command::Team(cmd) => team::team_cmd(&mut store, cmd, json, out),
        Command::Hr(cmd) => hr::hr_cmd(&mut store, cmd, json, out),
        Command::Appraisal(cmd) => appraisal::appraisal(&mut store, cmd, json, out),
        Command::Revalidation(cmd) => revalidation::revalidation(&mut store, cmd, json, out),
        Command::Models => journal::models(json, out),
        Command::Add(a) => journal::add(&mut store, a, json, out),
        Command::Edit {
            id,
            fields,
            clear_tags,
        } => journal::edit(&mut store, id, fields, clear_tags, json, out),
        Command::Show {
            id,
            history,
            revision,
        } => journal::show(&store, id, history, revision, json, out),
        Command::RestoreRevision { id, revision } => {
            journal::restore_revision(&mut store, id, revision, json, out)
        }
        Command::List(f) => journal::list(&store, f, json, out),
        Command::Search {
            words,
            all,
            filters,
        } => journal::search(&store, words, all, filters, json, out),
        Command::Delete { id } => journal::delete(&mut store, id, json, out),
        Command::Restore { id } => journal::restore(&mut store, id, json, out),
        Command::Check(args) => check::check(&mut store, &args, json, out),
        Command::Overview => journal::overview(&store, json, out),
        Command::Key => key::key(&mut store, json, out),
        Command::Archive(cmd) => archive::archive_cmd(&mut store, cmd, json, out),
        Command::Backup(args) => backup::backup_cmd(&mut store, args, json, out),
        Command::Encryption(cmd) => {
            encryption::encryption_cmd(&mut store, cmd, &mut secrets, json, out)
        }
        // Handled above, before any journal is opened.
        Command::Completions { .. } | Command::Manpage { .. } => Ok(()),
    }
}
