//! `reflect encryption …`: encrypt the journal with a passphrase (and write down the recovery
//! code), turn encryption off, change the passphrase (with the current one or, when it is
//! forgotten, the recovery code), a new recovery code, the OS keystore and the app's lock time.
//! Secrets come from `crate::passphrase`: files or a prompt, never the command line.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use reflect_core::encryption::{EncryptionOutcome, EncryptionStatus, Unlock, MAX_LOCK_MINUTES};
use reflect_core::{Error, Result, Store};
use serde::Serialize;

use crate::output::{emit, io, line};
use crate::passphrase::{can_prompt, new_passphrase, wait_before_trying, Secrets};

/// What `encryption on` says before anything is encrypted.
pub const FORGET_WARNING: &str = "If you forget this passphrase, nobody can recover your journal \
— not your trust, not Reflect. Write down the recovery code below and keep it somewhere safe.";

#[derive(Debug, Subcommand)]
pub enum EncryptionCommand {
    /// Whether the journal is encrypted, whether the OS keystore keeps its key, and the app's
    /// lock time.
    Status,
    /// Encrypt the journal with a new passphrase (from --new-passphrase-file, or typed twice on
    /// a terminal). Prints a recovery code to write down: it is shown only once.
    On {
        /// Keep the key in this computer's keystore too, so the journal opens without typing.
        #[arg(long)]
        keystore: bool,
        /// Read the new passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Decrypt the journal: it becomes an ordinary SQLite file again. Needs the passphrase
    /// (asked again, unless --passphrase-file is given).
    Off,
    /// Set a new passphrase, given the current one (--passphrase-file, or typed), or, when it is
    /// forgotten, the recovery code (--recovery-code-file FILE).
    ChangePassphrase {
        /// Read the new passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// A new recovery code, shown once (the old one stops working). Needs the passphrase.
    NewRecoveryCode,
    /// Keep the journal's key in this computer's keystore (`on`: it opens without typing) or not.
    Keystore {
        #[arg(value_enum)]
        state: OnOff,
    },
    /// Lock the app after MINUTES without use (0: never; at most 480).
    LockMinutes { minutes: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// What `encryption off` and `change-passphrase` print with `--json`.
#[derive(Debug, Serialize)]
struct Changed<'a> {
    changed: &'a str,
    status: EncryptionStatus,
}

pub fn encryption_cmd(
    store: &mut Store,
    cmd: EncryptionCommand,
    secrets: &mut Secrets,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        EncryptionCommand::Status => {
            let status = store.encryption_status()?;
            emit(out, json, &status, |o| print_status(o, &status))
        }
        EncryptionCommand::On {
            keystore,
            new_passphrase_file,
        } => {
            if store.encryption_status()?.encrypted {
                return Err(Error::invalid(
                    "passphrase",
                    "This journal is already encrypted: change its passphrase with `reflect \
                     encryption change-passphrase`",
                ));
            }
            say(out, json, FORGET_WARNING)?;
            let p = new_passphrase(new_passphrase_file.as_deref())?;
            let outcome = store.encrypt(&p, keystore)?;
            let plain = plain_backups(store);
            if json && !plain.is_empty() {
                let _ = writeln!(std::io::stderr(), "reflect: warning: {}", line(&plain));
            }
            emit(out, json, &outcome, |o| {
                writeln!(o, "Your journal is encrypted.")?;
                print_code(o, &outcome)?;
                print_status(o, &outcome.status)?;
                if !plain.is_empty() {
                    writeln!(o, "\nNote: {plain}")?;
                }
                Ok(())
            })
        }
        EncryptionCommand::Off => {
            must_be_encrypted(store)?;
            let p = secrets.current_passphrase("to turn encryption off", false, true)?;
            wait_before_trying(store.path());
            store.decrypt(&p)?;
            let status = store.encryption_status()?;
            let done = Changed {
                changed: "decrypted",
                status,
            };
            emit(out, json, &done, |o| {
                writeln!(
                    o,
                    "Your journal is no longer encrypted: it is an ordinary SQLite file again, \
                     and its passphrase and recovery code no longer mean anything."
                )
            })
        }
        EncryptionCommand::ChangePassphrase {
            new_passphrase_file,
        } => {
            must_be_encrypted(store)?;
            let current = match secrets.recovery_code()? {
                Some(code) => Unlock::RecoveryCode(code),
                None => Unlock::Passphrase(secrets.current_passphrase(
                    "to set a new one",
                    true,
                    false,
                )?),
            };
            let new = new_passphrase(new_passphrase_file.as_deref())?;
            wait_before_trying(store.path());
            let status = store.change_passphrase(current, &new)?;
            let done = Changed {
                changed: "passphrase",
                status,
            };
            emit(out, json, &done, |o| {
                writeln!(
                    o,
                    "Your passphrase is changed: the old one no longer opens the journal. Your \
                     recovery code still works."
                )
            })
        }
        EncryptionCommand::NewRecoveryCode => {
            must_be_encrypted(store)?;
            let p = secrets.current_passphrase("for a new recovery code", false, false)?;
            wait_before_trying(store.path());
            let outcome = store.new_recovery_code(&p)?;
            emit(out, json, &outcome, |o| {
                print_code(o, &outcome)?;
                writeln!(o, "Your old recovery code no longer works.")
            })
        }
        EncryptionCommand::Keystore { state } => {
            let status = store.set_keystore(state == OnOff::On)?;
            emit(out, json, &status, |o| print_status(o, &status))
        }
        EncryptionCommand::LockMinutes { minutes } => {
            store.set_lock_minutes(minutes)?;
            let status = store.encryption_status()?;
            emit(out, json, &status, |o| print_status(o, &status))
        }
    }
}

/// What to say about backups made before the journal was encrypted that are not encrypted
/// (empty when there are none): encrypting the journal does not rewrite them.
fn plain_backups(store: &Store) -> String {
    let Ok(list) = store.list_backups() else {
        return String::new();
    };
    match list.iter().filter(|b| !b.encrypted).count() {
        0 => String::new(),
        n => format!(
            "{n} backup{} made before now {} not encrypted: anyone with the file can read your \
             journal in {}. Delete {} when you no longer need {} (`reflect backup \
             delete-unencrypted`; `reflect backup list` shows which).",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        ),
    }
}

/// Refused before any passphrase is asked for.
fn must_be_encrypted(store: &Store) -> Result<()> {
    if store.encryption_status()?.encrypted {
        return Ok(());
    }
    Err(Error::invalid(
        "passphrase",
        "This journal is not encrypted: it has no passphrase (turn encryption on with `reflect \
         encryption on`)",
    ))
}

/// A notice before a step: on standard output as text, on stderr with `--json` (standard
/// output then holds only the JSON).
fn say(out: &mut dyn Write, json: bool, text: &str) -> Result<()> {
    if json {
        if can_prompt() {
            let _ = writeln!(std::io::stderr(), "{text}");
        }
        return Ok(());
    }
    emit(out, false, &(), |o| writeln!(o, "{text}\n"))?;
    out.flush().map_err(io)
}

fn print_code(o: &mut dyn Write, outcome: &EncryptionOutcome) -> std::io::Result<()> {
    if let Some(code) = &outcome.recovery_code {
        writeln!(o, "\n    Recovery code:  {code}\n")?;
        writeln!(
            o,
            "Write it down now and keep it somewhere safe, away from this computer: it is shown \
             only this once. If you forget your passphrase, it sets a new one: `reflect \
             encryption change-passphrase --recovery-code-file FILE`."
        )?;
    }
    if let Some(warning) = &outcome.warning {
        writeln!(o, "Keystore: {}", line(warning))?;
    }
    Ok(())
}

fn print_status(o: &mut dyn Write, s: &EncryptionStatus) -> std::io::Result<()> {
    writeln!(
        o,
        "Encrypted:  {}",
        if s.encrypted {
            "yes: the journal opens with its passphrase (or the recovery code)"
        } else {
            "no: reflect.db is an ordinary SQLite file (`reflect encryption on` to encrypt it)"
        }
    )?;
    writeln!(
        o,
        "Keystore:   {}",
        match (s.keystore, s.keystore_available) {
            (true, _) => "yes: this computer's keystore keeps the key, so no typing",
            (false, true) => "no (this computer has one: `reflect encryption keystore on`)",
            (false, false) => "no (none this computer can give Reflect)",
        }
    )?;
    let lock = match s.lock_minutes {
        0 => "never".to_string(),
        1 => "after 1 minute without use".to_string(),
        n => format!("after {n} minutes without use (at most {MAX_LOCK_MINUTES})"),
    };
    writeln!(
        o,
        "App lock:   {lock}{}",
        if s.encrypted {
            ""
        } else {
            " (only once the journal is encrypted)"
        }
    )
}
