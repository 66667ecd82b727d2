//! `reflect team …`: the appraiser's remote review of colleagues' appraisals, signed with the
//! appraiser's own key, and the colleagues' keys they trust.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use reflect_core::files::write_atomically;
use reflect_core::{today, Error, Result, Store};

use crate::commands::appraisal::value_index;
use crate::commands::options::{typed, Options};

/// The FIELD or option of `team set` that sets each field of the appraiser's part.
const TEAM: Options = &[
    ("appraiser_summary", "summary"),
    ("values[].comment", "value-comment"),
    ("value", "--value-of"),
];
use crate::output::{emit, line, may_write, print_appraisal};

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
    /// Sign as the appraiser, with your own key, and write the reviewed pack to send back (one
    /// step). Without --out it is signed only: write the pack later with `reflect team export`.
    Sign {
        id: String,
        #[arg(long, value_name = "FILE.reflectpack")]
        out: Option<PathBuf>,
        /// Replace the file if it already exists (without this, an existing file is never
        /// written over).
        #[arg(long)]
        force: bool,
    },
    /// Write the reviewed pack to send back (with your signature once you have signed).
    Export {
        id: String,
        #[arg(long, value_name = "FILE.reflectpack")]
        out: PathBuf,
        /// Replace the file if it already exists (without this, an existing file is never
        /// written over).
        #[arg(long)]
        force: bool,
    },
    /// Trust a colleague's key, after comparing its fingerprint with them (aloud, or in person).
    Trust {
        /// Their public key (base64), from `reflect team list --json` or their `reflect key`.
        #[arg(long)]
        key: String,
        /// Whose key it is.
        #[arg(long)]
        name: String,
    },
    /// The colleagues' keys you trust, with their fingerprints.
    Keys,
    /// Stop trusting a key.
    Untrust {
        #[arg(long)]
        key: String,
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
                    let status = match (r.signed, r.colleague_signed) {
                        (true, _) => "signed by you",
                        (false, true) => "they signed first: sign it",
                        (false, false) => "to review",
                    };
                    let trust = match &r.pinned_name {
                        Some(n) => format!("key trusted as {n}"),
                        None => "key not trusted yet".to_string(),
                    };
                    writeln!(
                        o,
                        "{}  {:<24} {} to {}  {status}\n    key {}  ({})",
                        r.id,
                        line(&r.colleague_name),
                        r.period_start,
                        r.period_end,
                        r.fingerprint,
                        line(&trust)
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
                TeamField::Summary => {
                    if value_of.is_some() {
                        return Err(Error::invalid(
                            "--value-of",
                            "'summary' is not about one value, so it takes no --value-of (only value-comment does)",
                        ));
                    }
                    c.appraiser_summary.text = value
                }
                TeamField::ValueComment => {
                    let wanted = value_of.ok_or_else(|| {
                        Error::invalid("--value-of", "Say which value with --value-of NAME")
                    })?;
                    let i = value_index(&a, &wanted).map_err(typed(TEAM))?;
                    c.values[i].comment.text = value;
                }
            }
            // Saved on the version just read: a save in the app meanwhile is refused, not lost.
            let a = store
                .save_team_review(&id, a.edit_version, &c, today)
                .map_err(typed(TEAM))?;
            emit(out, json, &a, |o| writeln!(o, "Saved."))
        }
        TeamCommand::Sign { id, out: None, .. } => {
            let now = store.team_review(&id, today)?.edit_version;
            let a = store.sign_team_review(&id, now, today)?;
            emit(out, json, &a, |o| {
                writeln!(o, "Signed as the appraiser, with your key. Send it back with: reflect team export {id} --out FILE")
            })
        }
        TeamCommand::Sign {
            id,
            out: Some(file),
            force,
        } => {
            may_write(&file, "--out", force)?;
            let now = store.team_review(&id, today)?.edit_version;
            let (_, sealed) = store.sign_and_export_team_review(&id, now, today)?;
            write_atomically(&file, sealed.text.as_bytes())?;
            emit(out, json, &serde_json::json!({ "path": file }), |o| {
                writeln!(
                    o,
                    "Signed as the appraiser, with your key, and wrote the reviewed pack to {}. Send it back to your colleague.",
                    file.display()
                )
            })
        }
        TeamCommand::Export {
            id,
            out: file,
            force,
        } => {
            may_write(&file, "--out", force)?;
            let sealed = store.export_reviewed_pack(&id)?;
            write_atomically(&file, sealed.text.as_bytes())?;
            emit(out, json, &serde_json::json!({ "path": file }), |o| {
                writeln!(o, "Wrote the reviewed pack to {}.", file.display())
            })
        }
        TeamCommand::Trust { key, name } => {
            let k = store.pin_team_key(&key, &name)?;
            emit(out, json, &k, |o| {
                writeln!(
                    o,
                    "Trusted {}'s key for My team (fingerprint {}).",
                    k.name, k.fingerprint
                )
            })
        }
        TeamCommand::Keys => {
            let keys = store.team_keys()?;
            emit(out, json, &keys, |o| {
                if keys.is_empty() {
                    writeln!(o, "You have not trusted any colleague's key yet. Compare a fingerprint from `reflect team list` with them, then: reflect team trust --key KEY --name NAME")?;
                }
                for k in &keys {
                    writeln!(o, "{:<24} {}  {}", k.name, k.fingerprint, k.public_key)?;
                }
                Ok(())
            })
        }
        TeamCommand::Untrust { key } => {
            store.unpin_team_key(&key)?;
            emit(out, json, &serde_json::json!({ "untrusted": key }), |o| {
                writeln!(o, "That key is no longer trusted for My team.")
            })
        }
    }
}
