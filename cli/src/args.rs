//! The command line, as clap reads it. Every option is documented here; `--help` shows it.

use std::path::PathBuf;

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::commands::appraisal::AppraisalCommand;
use crate::commands::archive::ArchiveCommand;
use crate::commands::backup::BackupArgs;
use crate::commands::check::CheckArgs;
use crate::commands::encryption::EncryptionCommand;
use crate::commands::export::ExportCommand;
use crate::commands::framework::FrameworkCommand;
use crate::commands::hr::HrCommand;
use crate::commands::journal::{FilterArgs, ReflectionArgs};
use crate::commands::pack::PackCommand;
use crate::commands::profile::InitArgs;
use crate::commands::revalidation::RevalidationCommand;
use crate::commands::team::TeamCommand;

/// Reflect: write reflections against your organisation's values, from the command line.
///
/// Works on the same journal as the desktop app. Reflections are private unless you mark them
/// shared for appraisal; nothing leaves this device.
#[derive(Debug, Parser)]
#[command(name = "reflect", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// The data directory holding reflect.db (default: $REFLECT_DATA_DIR, else the OS data
    /// directory, e.g. ~/.local/share/app.reflect.journal).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print machine-readable JSON (errors too, as one JSON line on stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// An encrypted journal's passphrase: the first line of FILE (keep it readable only by you).
    /// Without it, the passphrase is asked for on a terminal. The passphrase itself is never
    /// taken from the command line or the environment.
    // Read as any string, so that an empty REFLECT_PASSPHRASE_FILE counts as unset (`Secrets`
    // leaves an empty path out) rather than stopping every command.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "REFLECT_PASSPHRASE_FILE",
        value_parser = OsStringValueParser::new().map(PathBuf::from)
    )]
    pub passphrase_file: Option<PathBuf>,

    /// Open an encrypted journal with the recovery code written down at set-up: the first line of
    /// FILE. For a forgotten passphrase: `reflect encryption change-passphrase
    /// --recovery-code-file FILE` sets a new one.
    #[arg(long, global = true, value_name = "FILE")]
    pub recovery_code_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or update your profile and choose your frameworks.
    Init(InitArgs),
    /// List, show, import and edit values frameworks.
    #[command(subcommand)]
    Framework(FrameworkCommand),
    /// Write a new reflection.
    Add(ReflectionArgs),
    /// Change a reflection: only the options given change; any tag option replaces all tags.
    /// Each edit is a new revision. `--model` moves the answers to the new model's prompts
    /// (nothing is dropped; it says where each went).
    Edit {
        /// The reflection's id (from `reflect list`).
        id: String,
        #[command(flatten)]
        fields: ReflectionArgs,
        /// Remove every tag.
        #[arg(long)]
        clear_tags: bool,
    },
    /// Show one reflection in full, with its revisions (number, date, what made it).
    Show {
        id: String,
        /// With --json, the revisions in full too.
        #[arg(long)]
        history: bool,
        /// Show the text of this earlier revision instead (numbers from `reflect show ID`).
        #[arg(long, value_name = "N", conflicts_with = "history")]
        revision: Option<u32>,
    },
    /// Restore an earlier revision of a reflection: a new revision with revision N's text, tags
    /// and details; every revision stays in the history.
    RestoreRevision {
        /// The reflection's id.
        id: String,
        /// The revision to restore (numbers from `reflect show ID`).
        #[arg(value_name = "N")]
        revision: u32,
    },
    /// List reflections, newest event first.
    List(FilterArgs),
    /// Search titles and answers, best match first, with highlighted snippets: the best 50
    /// unless `--limit N` or `--all`. Words match whole words; `word*` is a prefix, "two words"
    /// a phrase, `-word` leaves out, `OR` matches either. Filter by value with `--value`.
    Search {
        /// What to look for (quote it, or put `--` before a leading `-word`).
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
        /// Every match, not only the best 50 (printed as they are found).
        #[arg(long, conflicts_with = "limit")]
        all: bool,
        #[command(flatten)]
        filters: FilterArgs,
    },
    /// Move a reflection to the bin (undo with `reflect restore`).
    Delete { id: String },
    /// Take a reflection out of the bin.
    Restore { id: String },
    /// For each value and behaviour: how many reflections, the latest, and the gaps.
    Overview,
    /// List the reflective models and their prompt keys (for `--section`).
    Models,
    /// Look for details that could identify someone (NHS and National Insurance numbers, dates
    /// of birth, hospital and bed numbers, postcodes, phone numbers, addresses, email addresses,
    /// names) in a reflection, each with a suggested rewrite, and details that could identify
    /// someone together. `--fix` applies every rewrite and saves a new revision; `--text -`
    /// checks standard input without a journal. `--json` prints {"findings":[…],"advisories":[…]}
    /// (with `--fix`: the saved reflection, what was rewritten and the check after). Exit status
    /// 0 whatever is found, unless `--fail-on-findings`.
    Check(CheckArgs),
    /// Appraisals: start one from your reflections, fill in each section, submit, review with
    /// your appraiser (`--as appraiser`), sign, reopen; reminders.
    #[command(subcommand)]
    Appraisal(AppraisalCommand),
    /// NMC revalidation: progress, the feedback log, reflective discussion and confirmation.
    #[command(subcommand)]
    Revalidation(RevalidationCommand),
    /// Write a PDF: an appraisal record, your NMC reflective accounts, your values portfolio, or
    /// the Organisation summary. Only shared reflections are included, and no wellbeing notes,
    /// unless you ask.
    Export(ExportCommand),
    /// Appraisal packs (.reflectpack): preview what is shared, export signed, import, verify.
    #[command(subcommand)]
    Pack(PackCommand),
    /// My team: colleagues' appraisals you review at a distance, as their appraiser.
    #[command(subcommand)]
    Team(TeamCommand),
    /// The Organisation area (HR): import agreed packs, summaries, CSV, PDFs.
    #[command(subcommand)]
    Hr(HrCommand),
    /// Show this device's public key and its fingerprint (six groups of five digits), to read
    /// aloud or compare with your appraiser or HR so they know signed records come from you.
    Key,
    /// Take your journal with you: write it all as a portable archive (.zip of JSON and PDFs,
    /// private reflections included, never your signing key), inspect one, or import one into a
    /// new, empty journal (at another employer, another values framework: old tags keep theirs).
    Archive(ArchiveCommand),
    /// Back up the journal now (to the backup folder, or --out FILE); `list` the backups, choose
    /// the folder and passphrase (`settings`), `restore` one. A daily backup is made by itself.
    Backup(BackupArgs),
    /// Encrypt the journal with a passphrase (a recovery code is given to write down), turn it
    /// off, change the passphrase (or set a new one with the recovery code), a new recovery
    /// code, the OS keystore, and the app's lock time.
    #[command(subcommand)]
    Encryption(EncryptionCommand),
    /// Print shell completions for bash, zsh or fish to standard output (the .deb installs
    /// them; otherwise e.g. `reflect completions bash > ~/.local/share/bash-completion/completions/reflect`).
    /// Needs no journal.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page reflect(1) (roff) to standard output: `reflect manpage >
    /// reflect.1; man -l reflect.1`. With --out-dir, write it and one page per command
    /// (reflect-add.1, …) into that folder. Needs no journal.
    Manpage {
        /// An existing folder to write every page into (reflect.1, reflect-add.1, …).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<std::path::PathBuf>,
        /// Replace pages already in that folder (without it, any existing page is refused and
        /// nothing is written).
        #[arg(long, requires = "out_dir")]
        force: bool,
    },
}
