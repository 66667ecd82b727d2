//! `cargo bench -p reflect-core --bench encryption` (in `make bench`): an encrypted journal
//! (SQLCipher) beside an unencrypted one of the same 5,000 reflections, in one process, the
//! operations interleaved so both see the same machine: a durable save (tags, search index,
//! synchronous=FULL) and search with snippets. Target (issue 14): each within 1.3× of the
//! unencrypted journal's, median for saves and p95 for search. Opening (with the damage check)
//! is shown for context.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::encryption::Unlock;
use reflect_core::{ReflectionInput, ReflectionQuery, Store};

const PASS: &str = "benchmark passphrase words";

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Print plain and encrypted side by side; whether the ratio is within `limit` (0: shown only).
fn compare(name: &str, plain: &mut [Duration], enc: &mut [Duration], p: f64, limit: f64) -> bool {
    let (a, b) = (percentile(plain, p), percentile(enc, p));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
    let ok = limit == 0.0 || ratio <= limit;
    let judged = if p == 0.5 { "median" } else { "p95" };
    println!(
        "{name:<44} {judged:>6}: plain {:>8.3} ms   encrypted {:>8.3} ms   ratio {ratio:>5.2}×{}",
        ms(a),
        ms(b),
        if limit == 0.0 {
            String::new()
        } else {
            format!("   target ≤ {limit}×  {}", if ok { "ok" } else { "MISSED" })
        }
    );
    ok
}

fn build(inputs: &[ReflectionInput], encrypt: bool) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .unwrap();
    if encrypt {
        store.encrypt(PASS, false).unwrap();
    }
    for input in inputs {
        store.save_reflection(input).unwrap();
    }
    (dir, store)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let size = if quick { 200 } else { 5_000 };
    let probe = tempfile::tempdir().unwrap();
    let doc = Store::open_dir(probe.path())
        .unwrap()
        .framework("nhs-somerset", None)
        .unwrap()
        .doc;
    let values = reflect_core::sample::framework_values(&doc);
    let today = Local::now().date_naive();
    let extra = if quick { 40 } else { 1_500 };
    let inputs =
        reflect_core::sample::reflections(size + 2 * extra, 7, today, "nhs-somerset", &values);
    let started = Instant::now();
    let (plain_dir, mut plain) = build(&inputs[..size], false);
    let (enc_dir, mut enc) = build(&inputs[..size], true);
    println!(
        "Two journals of {size} reflections built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Durable saves, alternating between the two journals.
    let (mut save_plain, mut save_enc) = (Vec::new(), Vec::new());
    for pair in inputs[size..].chunks(2) {
        let t = Instant::now();
        plain.save_reflection(&pair[0]).unwrap();
        save_plain.push(t.elapsed());
        let t = Instant::now();
        enc.save_reflection(&pair[pair.len() - 1]).unwrap();
        save_enc.push(t.elapsed());
    }
    let mut ok = compare(
        &format!("durable save + tags + index (into {size})"),
        &mut save_plain,
        &mut save_enc,
        0.5,
        1.3,
    );

    let words = [
        "handover",
        "family",
        "sepsis",
        "allergy near miss",
        "feedback",
        "escal",
    ];
    let (mut find_plain, mut find_enc) = (Vec::new(), Vec::new());
    for _ in 0..if quick { 3 } else { 40 } {
        for w in words {
            let q = ReflectionQuery {
                text: Some(w.to_string()),
                as_you_type: true,
                limit: Some(50),
                ..Default::default()
            };
            let t = Instant::now();
            let a = plain.list_reflections(&q).unwrap();
            find_plain.push(t.elapsed());
            let t = Instant::now();
            let b = enc.list_reflections(&q).unwrap();
            find_enc.push(t.elapsed());
            assert_eq!(a.len(), b.len(), "{w}");
        }
    }
    ok &= compare(
        &format!("search with snippets ({size}, top 50)"),
        &mut find_plain,
        &mut find_enc,
        0.95,
        1.3,
    );

    drop(plain);
    drop(enc);
    let (mut open_plain, mut open_enc) = (Vec::new(), Vec::new());
    for _ in 0..if quick { 2 } else { 10 } {
        let t = Instant::now();
        drop(Store::open_dir(plain_dir.path()).unwrap());
        open_plain.push(t.elapsed());
        let t = Instant::now();
        drop(
            Store::open_dir_with(enc_dir.path(), Unlock::Passphrase(PASS.to_owned().into()))
                .unwrap(),
        );
        open_enc.push(t.elapsed());
    }
    compare(
        "open with the damage check (passphrase: scrypt)",
        &mut open_plain,
        &mut open_enc,
        0.5,
        0.0,
    );
    if !ok && !quick {
        println!("An encryption target was missed.");
    }
}
