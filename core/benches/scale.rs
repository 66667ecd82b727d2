//! `cargo bench -p reflect-core --bench scale` (in `make bench`): Reflect beside raw SQLite FTS5
//! on a large journal (issue #12), in one run, on the same machine state:
//!
//! - search, top 20, over 200 queries: `Store::list_reflections` against the raw FTS5 query
//!   (`MATCH … ORDER BY rank LIMIT 20` with the same snippet) on the same file and the same
//!   FTS5 expression, interleaved query by query; median, p95 and the worst single query's ratio
//!   (each query's time is its best of three). A plain FTS5 table holding the same texts (the
//!   "raw text + FTS index" database) is timed too, for context.
//! - a durable save of a new reflection against a durable raw insert of the same text into the
//!   plain FTS5 database, paired;
//! - the journal's file size against the plain FTS5 database's;
//! - `reflect search feedback --all` (every match, streamed) as a process: time and peak memory,
//!   when `REFLECT_BENCH_CLI` names the release `reflect` binary (the Makefile sets it).
//!
//! Targets: median ≤ 1.2× and p95 ≤ 1.3× raw, no query over 2× its raw time; save ≤ 1.3× the raw
//! insert; size ≤ 1.3× raw. The corpus (`REFLECT_BENCH_SCALE`, default 250,000, from the sample
//! generator) is built once into the target folder and reused while the schema is unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::sample::Rng;
use reflect_core::search_syntax::{fts_query, Mode};
use reflect_core::{ReflectionInput, ReflectionQuery, Store};
use rusqlite::Connection;

const FRAMEWORK: &str = "nhs-somerset";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "MISSED"
    }
}

fn inputs(store: &Store, n: usize, seed: u64) -> Vec<ReflectionInput> {
    let doc = store.framework(FRAMEWORK, None).unwrap().doc;
    let values = reflect_core::sample::framework_values(&doc);
    reflect_core::sample::reflections(n, seed, Local::now().date_naive(), FRAMEWORK, &values)
}

/// The corpus folder: a journal of `n` reflections and the plain FTS5 database of the same texts,
/// built once (a marker names the size and schema version they were built with).
fn corpus(n: usize) -> (PathBuf, Store) {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = base.join(format!("bench-corpus-{n}"));
    let marker = dir.join("built");
    let stamp = format!(
        "{n} reflections, schema {}",
        reflect_core::migrate::latest_version()
    );
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(stamp.as_str()) {
        println!("Reusing the corpus in {} ({stamp})", dir.display());
        return (dir.clone(), Store::open_dir(&dir.join("journal")).unwrap());
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open_dir(&dir.join("journal")).unwrap();
    store
        .save_profile(&reflect_core::sample::profile(FRAMEWORK))
        .unwrap();
    let started = Instant::now();
    for (i, input) in inputs(&store, n, 42).iter().enumerate() {
        store.save_reflection(input).unwrap();
        if (i + 1) % 25_000 == 0 {
            println!(
                "  {} of {n} saved ({:.0} s)",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    // The plain FTS5 database: the same title and answer text, no other tables.
    let journal = Connection::open(store.path()).unwrap();
    let raw_path = dir.join("raw.db");
    let raw = Connection::open(&raw_path).unwrap();
    raw.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE VIRTUAL TABLE raw USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .unwrap();
    raw.execute_batch("BEGIN").unwrap();
    {
        let mut read = journal
            .prepare("SELECT seq, title, body FROM reflection_text ORDER BY seq")
            .unwrap();
        let mut write = raw
            .prepare("INSERT INTO raw (rowid, title, body) VALUES (?1, ?2, ?3)")
            .unwrap();
        let mut rows = read.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let seq: i64 = r.get(0).unwrap();
            let title: String = r.get(1).unwrap();
            let body: Option<String> = r.get(2).unwrap();
            write.execute(rusqlite::params![seq, title, body]).unwrap();
        }
    }
    raw.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    std::fs::write(&marker, &stamp).unwrap();
    println!(
        "Corpus of {n} built in {:.0} s into {}",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    (dir, store)
}

/// 200 searches a person might make of this journal: single words common and rare, two words,
/// phrases, prefixes, OR, an exclusion, and hyphenated or apostrophised words.
fn queries(store: &Store, count: usize) -> Vec<String> {
    let sample = inputs(store, 400, 7);
    let mut words: Vec<String> = Vec::new();
    let mut phrases: Vec<String> = Vec::new();
    for r in &sample {
        for text in r.body.values() {
            let ws: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 3)
                .collect();
            words.extend(ws.iter().map(|w| w.to_lowercase()));
            if ws.len() >= 2 {
                phrases.push(format!("\"{} {}\"", ws[0], ws[1]));
            }
        }
    }
    words.sort();
    words.dedup();
    phrases.sort();
    phrases.dedup();
    let mut rng = Rng::new(12);
    let fixed = [
        "PURPOSE-T",
        "NEWS2",
        "patient's",
        "first-year",
        "feedback",
        "handover",
        "sepsis OR deterioration",
        "allergy near miss",
        "handover -night",
        "escal*",
    ];
    let mut out: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    while out.len() < count {
        let q = match rng.below(10) {
            0..=3 => rng.pick(&words).clone(),
            4 | 5 => format!("{} {}", rng.pick(&words), rng.pick(&words)),
            6 => rng.pick(&phrases).clone(),
            7 => {
                let w = rng.pick(&words);
                format!("{}*", &w[..w.len().min(4)])
            }
            8 => format!("{} OR {}", rng.pick(&words), rng.pick(&words)),
            _ => format!("{} -{}", rng.pick(&words), rng.pick(&words)),
        };
        out.push(q);
    }
    out
}

/// The raw FTS5 top 20 with the same snippet; returns the row count.
fn raw_search(conn: &Connection, table: &str, expr: &str) -> usize {
    let sql = format!(
        "SELECT rowid, title, snippet({table}, -1, char(2), char(3), '…', 16)
         FROM {table} WHERE {table} MATCH ?1 ORDER BY rank LIMIT 20"
    );
    let mut stmt = conn.prepare_cached(&sql).unwrap();
    let mut rows = stmt.query([expr]).unwrap();
    let mut n = 0;
    while let Some(r) = rows.next().unwrap() {
        let _: String = r.get(1).unwrap();
        n += 1;
    }
    n
}

fn best_of(times: usize, mut f: impl FnMut()) -> Duration {
    (0..times)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn summary(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (percentile(&v, 0.5), percentile(&v, 0.95))
}

fn configure_like_reflect(conn: &Connection, path: &Path) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as i64;
    conn.pragma_update(None, "cache_size", -32_768).unwrap();
    conn.pragma_update(None, "mmap_size", size + 256 * 1024 * 1024)
        .unwrap();
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let n: usize = if quick {
        2_000
    } else {
        std::env::var("REFLECT_BENCH_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(250_000)
    };
    let (dir, mut store) = corpus(n);
    let journal_path = store.path().to_path_buf();
    let same_file = Connection::open(&journal_path).unwrap();
    configure_like_reflect(&same_file, &journal_path);
    let raw_path = dir.join("raw.db");
    let raw = Connection::open(&raw_path).unwrap();
    configure_like_reflect(&raw, &raw_path);
    raw.execute_batch("PRAGMA synchronous = FULL").unwrap();
    let mut all_ok = true;

    // 1. Search, interleaved query by query.
    let qs = queries(&store, if quick { 40 } else { 200 });
    let (mut reflect_t, mut same_t, mut plain_t) = (Vec::new(), Vec::new(), Vec::new());
    let mut worst = (0.0f64, String::new(), Duration::ZERO, Duration::ZERO);
    for q in &qs {
        let expr = fts_query(q, Mode::Words).unwrap().matching;
        let query = ReflectionQuery {
            text: Some(q.clone()),
            limit: Some(20),
            ..Default::default()
        };
        // Warm each once, then the best of three.
        store.list_reflections(&query).unwrap();
        let r = best_of(3, || {
            store.list_reflections(&query).unwrap();
        });
        let (s, p) = match &expr {
            Some(e) => {
                raw_search(&same_file, "reflection_fts", e);
                raw_search(&raw, "raw", e);
                (
                    best_of(3, || {
                        raw_search(&same_file, "reflection_fts", e);
                    }),
                    best_of(3, || {
                        raw_search(&raw, "raw", e);
                    }),
                )
            }
            // An exclusion alone has no raw MATCH to compare with: not counted.
            None => continue,
        };
        let ratio = r.as_secs_f64() / s.as_secs_f64().max(1e-9);
        if ratio > worst.0 {
            worst = (ratio, q.clone(), r, s);
        }
        reflect_t.push(r);
        same_t.push(s);
        plain_t.push(p);
    }
    let counted = reflect_t.len();
    let (rm, rp) = summary(reflect_t);
    let (sm, sp) = summary(same_t);
    let (pm, pp) = summary(plain_t);
    let (median_ratio, p95_ratio) = (ms(rm) / ms(sm), ms(rp) / ms(sp));
    println!("Search, top 20, {counted} queries over {n} reflections (best of 3 each):");
    println!(
        "  Reflect                        median {:>7.2} ms   p95 {:>7.2} ms",
        ms(rm),
        ms(rp)
    );
    println!(
        "  raw FTS5, same file            median {:>7.2} ms   p95 {:>7.2} ms",
        ms(sm),
        ms(sp)
    );
    println!(
        "  raw FTS5, plain table (raw.db) median {:>7.2} ms   p95 {:>7.2} ms",
        ms(pm),
        ms(pp)
    );
    let ok = median_ratio <= 1.2 && p95_ratio <= 1.3 && worst.0 <= 2.0;
    all_ok &= ok;
    println!(
        "  ratio median {median_ratio:.2}× (target ≤ 1.2×), p95 {p95_ratio:.2}× (≤ 1.3×), worst query {:.2}× (≤ 2×: {:?}, {:.2} ms vs {:.2} ms)  {}",
        worst.0, worst.1, ms(worst.2), ms(worst.3), verdict(ok)
    );

    // 2. Durable save against a durable raw insert, paired.
    let fresh = inputs(&store, if quick { 50 } else { 500 }, 99);
    let (mut saves, mut inserts) = (Vec::new(), Vec::new());
    for input in &fresh {
        let t = Instant::now();
        store.save_reflection(input).unwrap();
        saves.push(t.elapsed());
        let body: Vec<&str> = input.body.values().map(String::as_str).collect();
        let t = Instant::now();
        raw.execute(
            "INSERT INTO raw (title, body) VALUES (?1, ?2)",
            rusqlite::params![input.title, body.join("\n\n")],
        )
        .unwrap();
        inserts.push(t.elapsed());
    }
    let (save_m, save_p) = summary(saves);
    let (ins_m, ins_p) = summary(inserts);
    let save_ratio = ms(save_m) / ms(ins_m);
    let ok = save_ratio <= 1.3;
    all_ok &= ok;
    println!(
        "Durable save (new reflection, tags, index, history) median {:.3} ms p95 {:.3} ms; raw durable insert median {:.3} ms p95 {:.3} ms; ratio {save_ratio:.2}× (target ≤ 1.3×)  {}",
        ms(save_m), ms(save_p), ms(ins_m), ms(ins_p), verdict(ok)
    );

    // 3. Size on disk (after checkpointing both WALs into their files).
    same_file
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    raw.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let mib = |p: &Path| std::fs::metadata(p).unwrap().len() as f64 / (1024.0 * 1024.0);
    let (js, rs) = (mib(&journal_path), mib(&raw_path));
    let ok = js / rs <= 1.3;
    all_ok &= ok;
    println!(
        "Database size: journal {js:.0} MiB, raw text + FTS index {rs:.0} MiB: {:.2}× (target ≤ 1.3×)  {}",
        js / rs,
        verdict(ok)
    );

    // 4. The CLI streaming every match.
    if let Some(cli) = std::env::var_os("REFLECT_BENCH_CLI") {
        let t = Instant::now();
        let mut child = std::process::Command::new(&cli)
            .args(["--data-dir"])
            .arg(journal_path.parent().unwrap())
            .args(["search", "feedback", "--all"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut lines = 0usize;
            let mut buf = [0u8; 1 << 16];
            loop {
                match std::io::Read::read(&mut out, &mut buf) {
                    Ok(0) | Err(_) => break lines,
                    Ok(k) => lines += buf[..k].iter().filter(|b| **b == b'\n').count(),
                }
            }
        });
        let mut peak_kib = 0u64;
        loop {
            if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                for line in status.lines() {
                    if let Some(v) = line.strip_prefix("VmHWM:") {
                        let kib = v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0);
                        peak_kib = peak_kib.max(kib);
                    }
                }
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let lines = reader.join().unwrap();
        println!(
            "`reflect search feedback --all`: {} matches printed in {:.2} s, peak memory {:.0} MiB",
            lines / 2,
            t.elapsed().as_secs_f64(),
            peak_kib as f64 / 1024.0
        );
    }

    println!(
        "{}",
        if all_ok {
            "All targets met."
        } else {
            "Some targets were missed (see MISSED above)."
        }
    );
}
