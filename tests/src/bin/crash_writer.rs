//! The kill -9 campaign's writer (`tests/tests/crash.rs` runs it and kills it at random moments):
//! saves reflections through the real `Store` API in a loop, with an appraisal autosave every few
//! saves, and prints each one to stdout only after the save returned `Ok` — so every printed
//! line is a save the user was told had succeeded.
//!
//! `crash_writer DIR SEED ROUND APPRAISAL_ID` prints `R <index> <reflection id>` and
//! `A <index>` lines. `crash_writer hr DIR FILE…` imports the agreed packs into the Organisation
//! area in batches of four (`Store::hr_import_files`, one transaction a batch) and prints
//! `H <appraisal id> <outcome>` for each file of a batch once the batch returned `Ok`; it exits 0
//! when every file is in. Any error is printed to stderr and exits 1.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use reflect_core::Store;
use reflect_tests::campaign::{appraisal_note, reflection, save_appraisal_note};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, dir, files @ ..] = args.as_slice() {
        if mode == "hr" {
            return report(hr(Path::new(dir), files));
        }
    }
    let [dir, seed, round, appraisal] = args.as_slice() else {
        eprintln!("usage: crash_writer DIR SEED ROUND APPRAISAL_ID");
        return ExitCode::from(2);
    };
    let (Ok(seed), Ok(round)) = (seed.parse::<u64>(), round.parse::<u64>()) else {
        eprintln!("SEED and ROUND are numbers");
        return ExitCode::from(2);
    };
    report(run(Path::new(dir), seed, round, appraisal))
}

fn report(result: Result<(), Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crash_writer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    dir: &Path,
    seed: u64,
    round: u64,
    appraisal: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open_dir(dir)?;
    let mut out = std::io::stdout().lock();
    for index in 0.. {
        if index % 4 == 3 {
            save_appraisal_note(&mut store, appraisal, &appraisal_note(round, index))?;
            writeln!(out, "A {index}")?;
        } else {
            let saved = store.save_reflection(&reflection(seed, round, index))?;
            writeln!(out, "R {index} {}", saved.id)?;
        }
        out.flush()?;
    }
    Ok(())
}

fn hr(dir: &Path, files: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open_dir(dir)?;
    let mut out = std::io::stdout().lock();
    let files: Vec<std::path::PathBuf> = files.iter().map(Into::into).collect();
    for batch in files.chunks(4) {
        let report = store.hr_import_files(batch, &mut |_, _| {})?;
        for f in &report.files {
            let outcome = serde_json::to_value(f.outcome)?;
            let id = f.appraisal_id.as_deref().unwrap_or("-");
            writeln!(out, "H {id} {}", outcome.as_str().unwrap_or("?"))?;
        }
        out.flush()?;
    }
    Ok(())
}
