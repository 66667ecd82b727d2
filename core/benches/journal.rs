//! `cargo bench -p reflect-core` (or `make bench`): the journal's speed targets, on a real
//! database file with durable commits, measured per operation and reported as median and p95.
//!
//! Targets (issue #2): a durable save with tags and search index, median < 1 ms; search with
//! snippets in a journal of 5,000, p95 < 5 ms; opening the journal list of 5,000, < 20 ms;
//! opening the journal file with its damage check (issue #11), median < 100 ms; a backup of
//! 5,000 (issue #11), plain and encrypted, median < 1 s.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::{ReflectionQuery, Store};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(name: &str, mut samples: Vec<Duration>, target: Duration, on_p95: bool) -> bool {
    samples.sort();
    let median = percentile(&samples, 0.5);
    let p95 = percentile(&samples, 0.95);
    let judged = if on_p95 { p95 } else { median };
    let ok = judged < target;
    println!(
        "{name:<48} median {:>8.3} ms   p95 {:>8.3} ms   max {:>8.3} ms   target {} < {:.0} ms  {}",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3,
        if on_p95 { "p95" } else { "median" },
        target.as_secs_f64() * 1e3,
        if ok { "ok" } else { "MISSED" }
    );
    ok
}

fn main() {
    // `cargo test --benches` runs this in test mode; keep that quick.
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let journal_size = if quick { 200 } else { 5_000 };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .unwrap();
    let doc = store.framework("nhs-somerset", None).unwrap().doc;
    let values = reflect_core::sample::framework_values(&doc);
    let today = Local::now().date_naive();
    let inputs =
        reflect_core::sample::reflections(journal_size + 500, 42, today, "nhs-somerset", &values);

    // 1. Durable saves (each its own transaction, synchronous=FULL), as the journal grows.
    let mut saves = Vec::with_capacity(inputs.len());
    let started = Instant::now();
    for input in &inputs[..journal_size] {
        let t = Instant::now();
        store.save_reflection(input).unwrap();
        saves.push(t.elapsed());
    }
    println!(
        "Journal of {journal_size} reflections built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut all_ok = report(
        &format!("save reflection + tags + index (into {journal_size})"),
        saves.split_off(saves.len() / 2),
        Duration::from_millis(1),
        false,
    );

    // 2. Search with snippets.
    // Words people would search their own journal for, common and rare; the last one is typed
    // part-way (a prefix), as search-as-you-type sends it.
    let words = [
        "handover",
        "family",
        "sepsis",
        "allergy near miss",
        "feedback",
        "nurse in charge",
        "community",
        "escal",
    ];
    let mut searches = Vec::new();
    for round in 0..if quick { 5 } else { 40 } {
        for w in words {
            let t = Instant::now();
            let rows = store
                .list_reflections(&ReflectionQuery {
                    text: Some(w.to_string()),
                    // As the app's search box sends it: the last word is a prefix.
                    as_you_type: true,
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap();
            searches.push(t.elapsed());
            assert!(round > 0 || !rows.is_empty(), "{w} finds something");
        }
    }
    all_ok &= report(
        &format!("search with snippets (journal of {journal_size}, top 50)"),
        searches,
        Duration::from_millis(5),
        true,
    );

    // 3. Opening the journal list: every reflection, with its tags.
    let mut lists = Vec::new();
    for _ in 0..if quick { 3 } else { 30 } {
        let t = Instant::now();
        let rows = store.list_reflections(&ReflectionQuery::default()).unwrap();
        lists.push(t.elapsed());
        assert_eq!(rows.len(), journal_size);
    }
    all_ok &= report(
        &format!("open the journal list ({journal_size}, with tags)"),
        lists,
        Duration::from_millis(20),
        false,
    );

    // 4. The values overview over the whole journal (not a stated target; shown for context).
    let mut overviews = Vec::new();
    for _ in 0..if quick { 3 } else { 30 } {
        let t = Instant::now();
        store.overview().unwrap();
        overviews.push(t.elapsed());
    }
    report(
        &format!("values overview ({journal_size})"),
        overviews,
        Duration::from_millis(50),
        false,
    );

    // 5. Opening the journal file: connection settings, migrations check, frameworks and the
    // damage check (`PRAGMA quick_check`), while the app holds it open too (issue #11: < 100 ms).
    let mut opens = Vec::new();
    for _ in 0..if quick { 3 } else { 20 } {
        let t = Instant::now();
        let again = Store::open_dir(dir.path()).unwrap();
        opens.push(t.elapsed());
        assert!(again.read_only().is_none());
    }
    all_ok &= report(
        &format!("open the journal, with quick_check ({journal_size})"),
        opens,
        Duration::from_millis(100),
        false,
    );

    // 6. A backup (issue #11: < 1 s at 5,000): the snapshot, sealed and written atomically to the
    // backup folder; plain, then encrypted to the age recipient (no passphrase work at backup).
    let mut backups = Vec::new();
    let mut size = 0;
    for _ in 0..if quick { 2 } else { 5 } {
        let t = Instant::now();
        size = store.backup_now(None, chrono::Utc::now()).unwrap().size;
        backups.push(t.elapsed());
    }
    all_ok &= report(
        &format!(
            "backup of {journal_size} reflections ({} MiB)",
            size / (1024 * 1024)
        ),
        backups,
        Duration::from_secs(1),
        false,
    );
    store
        .set_backup_passphrase(Some("a benchmark passphrase"))
        .unwrap();
    let mut encrypted = Vec::new();
    for _ in 0..if quick { 2 } else { 5 } {
        let t = Instant::now();
        store.backup_now(None, chrono::Utc::now()).unwrap();
        encrypted.push(t.elapsed());
    }
    all_ok &= report(
        &format!("encrypted backup of {journal_size} reflections"),
        encrypted,
        Duration::from_secs(1),
        false,
    );

    println!(
        "{}",
        if all_ok {
            "All targets met."
        } else {
            "Some targets were missed (see MISSED above)."
        }
    );
}
