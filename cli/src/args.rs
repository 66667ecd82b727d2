//! The command line, as clap reads it. Every option is documented here; `--help` shows it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::appraisal::{AppraisalCommand, RevalidationCommand};
use crate::share::{HrCommand, PackCommand, TeamCommand};

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
    Edit {
        /// The reflection's id (from `reflect list`).
        id: String,
        #[command(flatten)]
        fields: ReflectionArgs,
        /// Remove every tag.
        #[arg(long)]
        clear_tags: bool,
    },
    /// Show one reflection in full.
    Show {
        id: String,
        /// Also list its saved versions.
        #[arg(long)]
        history: bool,
    },
    /// List reflections, newest event first.
    List(FilterArgs),
    /// Search titles, answers and tags; shows highlighted snippets.
    Search {
        /// The words to look for.
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
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
    /// Look for details that could identify someone (NHS numbers, dates of birth, hospital and
    /// bed numbers, postcodes, phone numbers, email addresses, titled names) in a reflection.
    Check {
        /// The reflection's id.
        id: String,
    },
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
}

/// `reflect export <kind> … --out FILE.pdf`: the kinds and their options are reflect-pdf's
/// registry of documents (`reflect_pdf::export::Document`), which the app's export reads too.
#[derive(Debug, Args)]
pub struct ExportCommand {
    #[command(subcommand)]
    pub document: reflect_pdf::export::Document,
    /// The PDF file to write.
    #[arg(long, value_name = "FILE.pdf", global = true)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Your full name.
    #[arg(long)]
    pub name: Option<String>,
    /// Your job title, e.g. "Staff Nurse".
    #[arg(long)]
    pub job_title: Option<String>,
    /// Agenda for Change band ("Band 5") or other grade ("FY2").
    #[arg(long)]
    pub grade: Option<String>,
    /// Team or department.
    #[arg(long)]
    pub team: Option<String>,
    /// Your line manager's name.
    #[arg(long)]
    pub line_manager: Option<String>,
    /// Department or directorate (optional; used in HR summaries).
    #[arg(long)]
    pub department: Option<String>,
    /// Employee (ESR) number.
    #[arg(long)]
    pub employee_number: Option<String>,
    /// Professional registration body.
    #[arg(long, value_enum, requires_all = ["pin", "renewal_date"])]
    pub registration: Option<Body>,
    /// Registration number (NMC PIN, HCPC or GMC number).
    #[arg(long)]
    pub pin: Option<String>,
    /// Registration renewal date, YYYY-MM-DD.
    #[arg(long)]
    pub renewal_date: Option<String>,
    /// Organisation values framework id (see `reflect framework list`).
    #[arg(long)]
    pub framework: Option<String>,
    /// A professional framework in use (repeatable), e.g. nmc-code.
    #[arg(long = "professional")]
    pub professional: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Body {
    Nmc,
    Hcpc,
    Gmc,
}

#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// List installed frameworks.
    List,
    /// Show a framework's values and behaviour statements, with their keys.
    Show {
        id: String,
        /// A past revision (default: the current one).
        #[arg(long)]
        revision: Option<u32>,
    },
    /// Import a framework file (JSON, see schema/frameworks/README.md). Invalid files change nothing.
    Import { file: PathBuf },
    /// Print a framework as a file you can edit and import again (creating a new revision).
    Export { id: String },
    /// Rename a value (creates a new revision; old reflections keep their names).
    RenameValue {
        /// Framework id.
        id: String,
        /// The value's key or current name.
        value: String,
        /// The new name.
        name: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModelArg {
    Free,
    Gibbs,
    WhatSoWhat,
    Nmc,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum VisibilityArg {
    Private,
    Shared,
}

#[derive(Debug, Args)]
pub struct ReflectionArgs {
    /// Title.
    #[arg(long)]
    pub title: Option<String>,
    /// Date of the event, YYYY-MM-DD (not in the future). Default for add: today.
    #[arg(long)]
    pub date: Option<String>,
    /// Reflective model. Default for add: free.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// An answer, as PROMPT=TEXT (repeatable; `reflect models` lists the prompt keys).
    #[arg(long = "section", value_name = "PROMPT=TEXT")]
    pub sections: Vec<String>,
    /// Shorthand for the free-text model's answer.
    #[arg(long)]
    pub text: Option<String>,
    /// Tag a value of your organisation's framework, by name or key (repeatable).
    #[arg(long = "value")]
    pub values: Vec<String>,
    /// Tag a behaviour statement by its key (repeatable; `reflect framework show ID` lists keys).
    #[arg(long = "behaviour")]
    pub behaviours: Vec<String>,
    /// Tag a theme of a professional framework in use, e.g. "Preserve safety" (repeatable).
    #[arg(long = "theme")]
    pub themes: Vec<String>,
    /// Who can see it: private (default) or shared for appraisal.
    #[arg(long, value_enum)]
    pub visibility: Option<VisibilityArg>,
    /// CPD hours this counts for.
    #[arg(long, allow_negative_numbers = true)]
    pub cpd_hours: Option<f64>,
    /// The CPD was participatory (learning with others).
    #[arg(long)]
    pub participatory: bool,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only reflections tagged with this value (name or key; repeatable, all must match).
    #[arg(long = "value")]
    pub values: Vec<String>,
    /// Only reflections tagged with this behaviour statement (key).
    #[arg(long = "behaviour")]
    pub behaviours: Vec<String>,
    /// Only reflections tagged with this professional theme (name or key).
    #[arg(long = "theme")]
    pub themes: Vec<String>,
    /// Event on or after this date, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Event on or before this date, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Only private or only shared reflections.
    #[arg(long, value_enum)]
    pub visibility: Option<VisibilityArg>,
    /// Only this reflective model.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// Show the bin (deleted reflections) instead.
    #[arg(long)]
    pub deleted: bool,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<u32>,
}
