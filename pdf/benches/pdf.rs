//! `cargo bench -p reflect-pdf --bench pdf` (part of `make bench`): PDF speed targets (issue #4).
//!
//! An agreed appraisal with 30 shared reflections (8 to 20 pages): render one document, median
//! under 10 ms; a batch of 1,000 such documents on two threads, under 15 s. The fonts are subset
//! and compressed at build time and parsed once per process (timed separately); every document
//! then reuses them. Issue #12's targets (render ≤ 5 ms, a cold `reflect export` ≤ 15 ms) are
//! reported by `cargo bench -p reflect-cli --bench export`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::appraisal::Role;
use reflect_core::Store;
use reflect_pdf::export;
use reflect_pdf::fonts::Fonts;

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .unwrap();
    let today = Local::now().date_naive();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, 30, 7).unwrap();
    let appraisal = store.appraisal(&id, Role::Colleague, today).unwrap();

    let t = Instant::now();
    Fonts::get().unwrap();
    println!(
        "{:<58} {:>8.1} ms (once per process)",
        "load the fonts (subset and compressed at build time)",
        t.elapsed().as_secs_f64() * 1e3
    );

    let render = || reflect_pdf::appraisal(&appraisal, false).unwrap();
    let first = render();
    let runs = if quick { 5 } else { 200 };
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(render());
            t.elapsed()
        })
        .collect();
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[(samples.len() - 1) * 95 / 100];
    let ok = median < Duration::from_millis(10);
    println!(
        "{:<58} median {:>6.2} ms  p95 {:>6.2} ms  target median < 10 ms  {}",
        format!(
            "appraisal PDF, 30 reflections ({} pages, {} KB)",
            first.pages,
            first.bytes.len() / 1024
        ),
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        if ok { "ok" } else { "MISSED" }
    );

    // End to end from the database (read, lay out, write bytes), as `reflect export` does.
    let t = Instant::now();
    let n = if quick { 3 } else { 100 };
    for _ in 0..n {
        std::hint::black_box(export::appraisal_pdf(&store, &id, false, today).unwrap());
    }
    println!(
        "{:<58} mean   {:>6.2} ms",
        "appraisal PDF from the database",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );

    let batch = if quick { 20 } else { 1000 };
    let t = Instant::now();
    std::thread::scope(|s| {
        for worker in 0..2 {
            let appraisal = &appraisal;
            s.spawn(move || {
                for _ in (worker..batch).step_by(2) {
                    std::hint::black_box(reflect_pdf::appraisal(appraisal, false).unwrap());
                }
            });
        }
    });
    let took = t.elapsed();
    let target = Duration::from_secs(15) * batch as u32 / 1000;
    println!(
        "{:<58} {:>8.2} s   target < {:.0} s  {}",
        format!("batch of {batch} appraisal PDFs, 2 threads"),
        took.as_secs_f64(),
        target.as_secs_f64(),
        if took < target { "ok" } else { "MISSED" }
    );
}
