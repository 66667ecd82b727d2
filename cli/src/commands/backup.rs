//! `reflect backup …`: back up now, list the backups, choose the folder and the passphrase, and
//! restore a backup into a data folder (`reflect backup restore FILE [--replace]`). The daily
//! backup itself runs when a command opens the journal (see `run`).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{Args, Subcommand};
use reflect_core::backup::BackupSettings;
use reflect_core::files::byte_size;
use reflect_core::{Error, Result, Store};

use crate::output::{emit, local};
use crate::passphrase::{can_prompt, prompt, Secrets};
use reflect_core::encryption::Secret;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub action: Option<BackupCommand>,
    /// Write the backup to FILE instead of the backup folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it already exists (without this, an existing file is never written over).
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// The backups in the backup folder, newest first: when, size, kind, encrypted or not.
    List,
    /// Show or change where backups go and whether they are encrypted.
    Settings {
        /// Put backups in DIR (a full path: a OneDrive or network folder, say).
        #[arg(long, value_name = "DIR", conflicts_with = "default_folder")]
        folder: Option<PathBuf>,
        /// Put backups in the default folder again (`backups` in the data folder).
        #[arg(long)]
        default_folder: bool,
        /// Encrypt backups from now on with a passphrase read from standard input (one line).
        /// A backup opens with the passphrase set when it was made.
        #[arg(long, conflicts_with = "no_passphrase")]
        passphrase_stdin: bool,
        /// Stop encrypting new backups (they hold your signing key and reflections in plain).
        #[arg(long)]
        no_passphrase: bool,
    },
    /// Delete the backups in the backup folder that are not encrypted (Reflect's own only):
    /// after `reflect encryption on`, they are the only readable copies of your journal.
    DeleteUnencrypted,
    /// Restore a backup into the data folder (--data-dir): a new or empty folder, or, with
    /// --replace, over the journal there (which is backed up first). Close the app first.
    Restore {
        /// The backup file (.reflectbackup).
        file: PathBuf,
        /// Replace the journal in the data folder (backed up first; the output says where).
        #[arg(long)]
        replace: bool,
        /// Read the backup's passphrase from standard input (one line).
        #[arg(long)]
        passphrase_stdin: bool,
    },
}

/// A passphrase: one line from standard input, never from the command line.
fn read_passphrase() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|source| Error::Io {
            action: "read the passphrase from",
            path: "standard input".into(),
            source,
        })?;
    let p = line.trim_end_matches(['\n', '\r']).to_string();
    if p.is_empty() {
        return Err(Error::invalid(
            "passphrase",
            "No passphrase was read from standard input",
        ));
    }
    Ok(p)
}

/// `reflect backup restore`: runs before any journal is opened (the folder may hold none).
pub fn restore(
    data_dir: &Path,
    file: &Path,
    replace: bool,
    passphrase_stdin: bool,
    secrets: &mut Secrets,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    // The backup's passphrase from standard input, the passphrase or recovery code file (a
    // backup of an encrypted journal opens with either), or typed on a terminal when asked for.
    let given: Option<Secret> = if passphrase_stdin {
        Some(read_passphrase()?.into())
    } else {
        match secrets.passphrase()? {
            Some(p) => Some(p),
            None => secrets.recovery_code()?,
        }
    };
    let restore = |p: Option<&str>| Store::restore_backup(file, data_dir, p, replace, Utc::now());
    let outcome = match restore(given.as_deref().map(String::as_str)) {
        Err(e) if given.is_none() && e.field() == Some("passphrase") && can_prompt() => {
            let typed = prompt(
                "Passphrase (or recovery code) this backup was made with: ",
                "passphrase",
            )?;
            restore(Some(&typed))?
        }
        other => other?,
    };
    emit(out, json, &outcome, |o| {
        writeln!(
            o,
            "Restored the backup made {} into {}.",
            local(&outcome.created),
            outcome.journal
        )?;
        if let Some(kept) = &outcome.replaced_backup {
            writeln!(o, "The journal that was there is backed up in {kept}.")?;
        }
        Ok(())
    })
}

pub fn backup_cmd(
    store: &mut Store,
    args: BackupArgs,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match args.action {
        None => {
            if let Some(path) = &args.out {
                crate::output::may_write(path, "--out", args.force)?;
            }
            let info = store.backup_now(args.out.as_deref(), Utc::now())?;
            emit(out, json, &info, |o| {
                writeln!(
                    o,
                    "Backed up to {} ({}{}).",
                    info.path,
                    byte_size(info.size),
                    if info.encrypted {
                        ", encrypted"
                    } else {
                        ", not encrypted"
                    }
                )
            })
        }
        Some(BackupCommand::DeleteUnencrypted) => {
            let deleted = store.delete_unencrypted_backups()?;
            emit(out, json, &serde_json::json!({ "deleted": deleted }), |o| {
                writeln!(
                    o,
                    "Deleted {deleted} unencrypted backup{}.",
                    if deleted == 1 { "" } else { "s" }
                )
            })
        }
        Some(BackupCommand::List) => {
            let list = store.list_backups()?;
            emit(out, json, &list, |o| {
                if list.is_empty() {
                    return writeln!(o, "No backups yet in {}.", store_folder(store));
                }
                for b in &list {
                    writeln!(
                        o,
                        "{}  {:>10}  {:<14}  {:<13}  {}",
                        local(&b.created),
                        byte_size(b.size),
                        b.kind.as_str(),
                        if b.encrypted {
                            "encrypted"
                        } else {
                            "not encrypted"
                        },
                        b.file_name
                    )?;
                }
                Ok(())
            })
        }
        Some(BackupCommand::Settings {
            folder,
            default_folder,
            passphrase_stdin,
            no_passphrase,
        }) => {
            if folder.is_some() || default_folder {
                store.set_backup_folder(folder.as_deref())?;
            }
            if passphrase_stdin {
                let p = read_passphrase()?;
                store.set_backup_passphrase(Some(&p))?;
            } else if no_passphrase {
                store.set_backup_passphrase(None)?;
            }
            let settings = store.backup_settings()?;
            emit(out, json, &settings, |o| print_settings(o, &settings))
        }
        Some(BackupCommand::Restore { .. }) => Err(Error::invalid(
            "command",
            "restore runs before the journal opens",
        )),
    }
}

fn store_folder(store: &Store) -> String {
    store
        .backup_settings()
        .map(|s| s.folder)
        .unwrap_or_default()
}

fn print_settings(o: &mut dyn Write, s: &BackupSettings) -> std::io::Result<()> {
    writeln!(
        o,
        "Folder:     {}{}",
        s.folder,
        if s.default_folder {
            " (the default)"
        } else {
            ""
        }
    )?;
    if s.encrypted {
        writeln!(
            o,
            "Encrypted:  yes, with your backup passphrase (each backup opens with the passphrase set when it was made)"
        )
    } else {
        writeln!(
            o,
            "Encrypted:  no: backups hold your signing key and reflections unencrypted (set a passphrase with --passphrase-stdin)"
        )
    }
}
