//! `cargo bench -p reflect-cli --bench export` (part of `make bench`): the appraisal export's two
//! speed targets (issue #12), in one run, on an agreed appraisal with 30 shared reflections:
//!
//! - the in-process render (`reflect_pdf::appraisal`, fonts already loaded): median ≤ 5 ms;
//! - a cold `reflect export appraisal ID --out FILE`: a fresh process of the `reflect` binary each
//!   time (process start, opening the journal, reading the record, the render, the atomic
//!   write), median over 30 spawns ≤ 15 ms.
//!
//! Beside them, for where the cold time goes: a fresh `reflect --version` (process start alone)
//! and a fresh `reflect models` (process start and opening the journal). With
//! `REFLECT_BENCH_BASELINE=/path/to/an/older/reflect`, every cold figure is also measured for that
//! binary, interleaved spawn by spawn, with the ratio. `REFLECT_BENCH_JOURNAL=DIR` keeps the journal
//! in DIR (a new folder) for profiling by hand. `cargo test --benches` runs a quick pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::appraisal::Role;
use reflect_core::Store;

const RENDER_TARGET: Duration = Duration::from_millis(5);
const COLD_TARGET: Duration = Duration::from_millis(15);

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let dir = tempfile::tempdir().unwrap();
    let journal = std::env::var_os("REFLECT_BENCH_JOURNAL")
        .map_or_else(|| dir.path().join("journal"), PathBuf::from);
    let today = Local::now().date_naive();
    let (id, appraisal) = {
        let mut store = Store::open_dir(&journal).unwrap();
        store
            .save_profile(&reflect_core::sample::profile("nhs-somerset"))
            .unwrap();
        let id = reflect_core::sample::agreed_appraisal(&mut store, today, 30, 7).unwrap();
        let appraisal = store.appraisal(&id, Role::Colleague, today).unwrap();
        println!("journal {} (appraisal {id})", journal.display());
        (id, appraisal)
    };

    // In-process: the first render pays for loading the fonts (once per process).
    let t = Instant::now();
    let first = reflect_pdf::appraisal(&appraisal, false).unwrap();
    let first_ms = ms(t.elapsed());
    let runs = if quick { 5 } else { 300 };
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(reflect_pdf::appraisal(&appraisal, false).unwrap());
            t.elapsed()
        })
        .collect();
    println!(
        "{:<52} {:>8.2} ms",
        "first render in a process (loads the fonts)", first_ms
    );
    report(
        &format!(
            "in-process render, 30 reflections ({} pages, {} KB)",
            first.pages,
            first.bytes.len() / 1024
        ),
        &mut samples,
        Some(RENDER_TARGET),
    );

    // Cold: a fresh process each time. The first command of the day makes the daily backup, so
    // one export runs before the timed ones.
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_reflect"));
    let baseline = std::env::var_os("REFLECT_BENCH_BASELINE").map(PathBuf::from);
    let mut bins = vec![("", ours)];
    if let Some(b) = baseline {
        bins.push(("baseline ", b));
    }
    let out = dir.path().join("appraisal.pdf");
    let id = id.as_str();
    let export = ["export", "appraisal", id, "--out", path_str(&out)];
    for (_, bin) in &bins {
        spawn(bin, &journal, &export);
    }
    let spawns = if quick { 3 } else { 30 };
    let cases: [(&str, &str, &[&str], Option<Duration>); 3] = [
        (
            "version",
            "`reflect --version` (process start)",
            &["--version"],
            None,
        ),
        (
            "models",
            "`reflect models` (+ open the journal)",
            &["models"],
            None,
        ),
        (
            "export",
            "`reflect export appraisal`, 30 reflections",
            &export,
            Some(COLD_TARGET),
        ),
    ];
    for (short, name, args, target) in cases {
        let mut per_bin: Vec<Vec<Duration>> = vec![Vec::new(); bins.len()];
        for _ in 0..spawns {
            for (i, (_, bin)) in bins.iter().enumerate() {
                per_bin[i].push(spawn(bin, &journal, args));
            }
        }
        let mut medians = Vec::new();
        for ((label, bin), samples) in bins.iter().zip(per_bin.iter_mut()) {
            let size = if args == export {
                spawn(bin, &journal, args);
                format!(" ({} KB)", std::fs::metadata(&out).unwrap().len() / 1024)
            } else {
                String::new()
            };
            let target = if label.is_empty() { target } else { None };
            medians.push(report(
                &format!("{label}cold {name}{size}"),
                samples,
                target,
            ));
        }
        if let [now, before] = medians[..] {
            println!(
                "{:<52} {:>8.2}× faster",
                format!("  cold {short}: baseline / this build"),
                before.as_secs_f64() / now.as_secs_f64()
            );
        }
    }
}

/// Run `bin --data-dir journal args…` to completion; how long it took.
fn spawn(bin: &Path, journal: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let status = Command::new(bin)
        .arg("--data-dir")
        .arg(journal)
        .args(args)
        .env_remove("REFLECT_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .unwrap();
    let took = t.elapsed();
    assert!(status.success(), "{} {args:?}: {status}", bin.display());
    took
}

/// Print median and p95 (and the target, if any); returns the median.
fn report(name: &str, samples: &mut [Duration], target: Option<Duration>) -> Duration {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[(samples.len() - 1) * 95 / 100];
    let verdict = target.map_or(String::new(), |t| {
        format!(
            "  target median ≤ {:.0} ms  {}",
            ms(t),
            if median <= t { "ok" } else { "MISSED" }
        )
    });
    println!(
        "{name:<52} median {:>6.2} ms  p95 {:>6.2} ms{verdict}",
        ms(median),
        ms(p95)
    );
    median
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}
