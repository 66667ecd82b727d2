//! `cargo bench -p reflect-core --bench packs` (part of `make bench`): checking an agreed pack in
//! full — parse, canonical bytes, the sender's signature, every part against its commitment, both
//! key signatures — target median < 1 ms (issue 10). Reported as median and p95 over many runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::pack::Purpose;
use reflect_core::Store;

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let runs = if quick { 20 } else { 2_000 };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .unwrap();
    let today = Local::now().date_naive();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, 12, 9).unwrap();
    let cases = [
        (
            "verify an agreed pack (HR's parts)",
            store
                .export_pack(&id, Purpose::Agreed, &[], today)
                .unwrap()
                .text,
        ),
        ("verify a pack for review (12 reflections)", {
            let now = store
                .appraisal(&id, reflect_core::Role::Colleague, today)
                .unwrap()
                .edit_version;
            store
                .appraisal_action(
                    &id,
                    now,
                    reflect_core::Action::Reopen,
                    reflect_core::Role::Colleague,
                    Some("to measure a pack for review"),
                    today,
                )
                .unwrap();
            let keys: Vec<String> = store
                .pack_preview(&id, Purpose::ForReview, today)
                .unwrap()
                .findings
                .into_iter()
                .map(|f| f.key)
                .collect();
            store
                .export_pack(&id, Purpose::ForReview, &keys, today)
                .unwrap()
                .text
        }),
    ];
    for (name, text) in cases {
        let mut samples = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(store.verify_pack(&text).unwrap());
            samples.push(t.elapsed());
        }
        samples.sort();
        let median = samples[samples.len() / 2];
        let p95 = samples[samples.len() * 95 / 100];
        // The target is for the agreed pack HR verifies; a pack for review is reported only.
        let judged = name.contains("agreed");
        let target = Duration::from_millis(1);
        println!(
            "{name:<48} median {:>8.3} ms   p95 {:>8.3} ms   ({} bytes)   {}",
            median.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            text.len(),
            match (judged, median < target) {
                (false, _) => "for information",
                (true, true) => "target median < 1 ms  ok",
                (true, false) => "target median < 1 ms  MISSED",
            }
        );
    }
}
