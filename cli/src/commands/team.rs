//! `reflect team …`: the appraiser's remote review of colleagues' appraisals.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use reflect_core::files::write_atomically;
use reflect_core::{today, Error, Result, Store};

use crate::commands::appraisal::value_index;
use crate::output::{emit, line, print_appraisal};

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Colleagues' appraisals you are reviewing at a distance.
    List,
    /// Show one, as the appraiser sees it.
    Show { id: String },
    /// Write your comment on a value, or your summary.
    Set {
        id: String,
        #[arg(value_enum)]
        field: TeamField,
        value: String,
        /// The value (name or key) for value-comment.
        #[arg(long)]
        value_of: Option<String>,
    },
    /// Sign as the appraiser.
    Sign { id: String },
    /// Write the reviewed pack to send back.
    Export {
        id: String,
        #[arg(long, value_name = "FILE.reflectpack")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TeamField {
    ValueComment,
    Summary,
}

pub fn team_cmd(
    store: &mut Store,
    cmd: TeamCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let today = today();
    match cmd {
        TeamCommand::List => {
            let rows = store.team_reviews()?;
            emit(out, json, &rows, |o| {
                if rows.is_empty() {
                    writeln!(o, "No colleague has sent you an appraisal to review. Import their pack with: reflect pack import FILE")?;
                }
                for r in &rows {
                    writeln!(
                        o,
                        "{}  {:<24} {} to {}  {}",
                        r.appraisal_id,
                        line(&r.colleague_name),
                        r.period_start,
                        r.period_end,
                        if r.signed { "signed" } else { "to review" }
                    )?;
                }
                Ok(())
            })
        }
        TeamCommand::Show { id } => {
            let a = store.team_review(&id, today)?;
            emit(out, json, &a, |o| print_appraisal(o, &a))
        }
        TeamCommand::Set {
            id,
            field,
            value,
            value_of,
        } => {
            let a = store.team_review(&id, today)?;
            let mut c = a.content.clone();
            match field {
                TeamField::Summary => c.appraiser_summary.text = value,
                TeamField::ValueComment => {
                    let wanted = value_of.ok_or_else(|| {
                        Error::invalid("value_of", "Say which value with --value-of NAME")
                    })?;
                    let i = value_index(&a, &wanted)?;
                    c.values[i].comment.text = value;
                }
            }
            let a = store.save_team_review(&id, &c, today)?;
            emit(out, json, &a, |o| writeln!(o, "Saved."))
        }
        TeamCommand::Sign { id } => {
            let a = store.sign_team_review(&id, today)?;
            emit(out, json, &a, |o| {
                writeln!(o, "Signed as the appraiser. Send it back with: reflect team export {id} --out FILE")
            })
        }
        TeamCommand::Export { id, out: file } => {
            let sealed = store.export_reviewed_pack(&id)?;
            write_atomically(&file, sealed.text.as_bytes())?;
            emit(out, json, &serde_json::json!({ "path": file }), |o| {
                writeln!(o, "Wrote the reviewed pack to {}.", file.display())
            })
        }
    }
}
