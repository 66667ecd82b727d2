//! The eight-writers benchmark (`make bench`): four `reflect add --value …` CLI processes in loops
//! and four in-process `Store`s on threads (as the app holds one), all saving tagged reflections
//! to one journal for 60 s. Counts acknowledged saves, failures (a non-zero exit or an `Err`) and,
//! at the end, lost saves (acknowledged but missing or different). Exits 1 unless failures and
//! losses are both 0.
//!
//! `writers [--seconds N] [--reflect PATH]`: the duration (default 60) and the CLI binary
//! (default: `reflect` beside this binary, as `cargo build --workspace` leaves it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reflect_core::{ReflectionQuery, Store};
use reflect_tests::campaign::reflection;

/// What one writer saw: acknowledged saves as (id, title), and each failure's message.
#[derive(Default)]
struct Tally {
    saved: Vec<(String, String)>,
    failures: Vec<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut seconds = 60u64;
    let mut reflect = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("reflect")))
        .unwrap_or_else(|| PathBuf::from("reflect"));
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match (a.as_str(), it.next()) {
            ("--seconds", Some(n)) => match n.parse() {
                Ok(n) => seconds = n,
                Err(_) => return usage(),
            },
            ("--reflect", Some(p)) => reflect = PathBuf::from(p),
            _ => return usage(),
        }
    }
    if !reflect.exists() {
        eprintln!(
            "writers: no reflect binary at {} (build it with cargo build --workspace, or pass --reflect)",
            reflect.display()
        );
        return ExitCode::from(2);
    }
    match run(&reflect, Duration::from_secs(seconds)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("writers: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: writers [--seconds N] [--reflect PATH]");
    ExitCode::from(2)
}

fn run(reflect: &Path, duration: Duration) -> Result<bool, Box<dyn std::error::Error>> {
    let (dir, store) = reflect_tests::set_up();
    drop(store);
    let stop = Arc::new(AtomicBool::new(false));
    let tallies: Vec<Arc<Mutex<Tally>>> = (0..8).map(|_| Arc::default()).collect();
    let mut threads = Vec::new();
    for (w, tally) in tallies.iter().enumerate() {
        let (stop, tally, dir) = (
            Arc::clone(&stop),
            Arc::clone(tally),
            dir.path().to_path_buf(),
        );
        let reflect = reflect.to_path_buf();
        threads.push(std::thread::spawn(move || {
            if w < 4 {
                cli_writer(&reflect, &dir, w, &stop, &tally)
            } else {
                store_writer(&dir, w, &stop, &tally)
            }
        }));
    }
    let started = Instant::now();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().map_err(|_| "a writer thread panicked")?;
    }
    let elapsed = started.elapsed().as_secs_f64();

    let store = Store::open_dir(dir.path())?;
    let stored: BTreeMap<String, String> = store
        .list_reflections(&ReflectionQuery {
            limit: Some(u32::MAX),
            ..ReflectionQuery::default()
        })?
        .into_iter()
        .map(|r| (r.id, r.title))
        .collect();
    let (mut saves, mut failures, mut lost) = ([0usize; 2], [0usize; 2], 0usize);
    let mut messages = BTreeMap::<String, usize>::new();
    for (w, tally) in tallies.iter().enumerate() {
        let tally = tally.lock().map_err(|_| "poisoned")?;
        let kind = usize::from(w >= 4);
        saves[kind] += tally.saved.len();
        failures[kind] += tally.failures.len();
        for m in &tally.failures {
            *messages.entry(m.clone()).or_default() += 1;
        }
        lost += tally
            .saved
            .iter()
            .filter(|(id, title)| stored.get(id) != Some(title))
            .count();
    }
    println!(
        "eight writers for {elapsed:.1} s on one journal: {} acknowledged saves ({} by 4 CLI \
         processes, {} by 4 in-process stores), {} failures ({} CLI, {} in-process), {lost} lost",
        saves[0] + saves[1],
        saves[0],
        saves[1],
        failures[0] + failures[1],
        failures[0],
        failures[1],
    );
    for (m, n) in messages.iter().take(10) {
        println!("  {n} × {m}");
    }
    Ok(failures == [0, 0] && lost == 0)
}

/// `reflect add` in a loop, as a script or a second terminal would; the id is read from `--json`.
fn cli_writer(reflect: &Path, dir: &Path, w: usize, stop: &AtomicBool, tally: &Mutex<Tally>) {
    let mut i = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let title = format!("CLI writer {w}, save {i}");
        let out = Command::new(reflect)
            .arg("--data-dir")
            .arg(dir)
            .args([
                "add",
                "--json",
                "--title",
                &title,
                "--value",
                "Self Awareness",
            ])
            .args([
                "--behaviour",
                "sa-feedback",
                "--text",
                "Saved while seven others write.",
            ])
            .output();
        let result = match out {
            Ok(o) if o.status.success() => serde_json::from_slice::<serde_json::Value>(&o.stdout)
                .ok()
                .and_then(|v| v["id"].as_str().map(str::to_string))
                .ok_or_else(|| "exit 0 without an id".to_string()),
            Ok(o) => Err(format!(
                "CLI exit {}: {}",
                o.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => Err(format!("could not run reflect: {e}")),
        };
        if let Ok(mut t) = tally.lock() {
            match result {
                Ok(id) => t.saved.push((id, title)),
                Err(m) => t.failures.push(m),
            }
        }
        i += 1;
    }
}

/// One `Store` held for the whole run, saving in a loop, as the app does.
fn store_writer(dir: &Path, w: usize, stop: &AtomicBool, tally: &Mutex<Tally>) {
    let mut store = match Store::open_dir(dir) {
        Ok(s) => s,
        Err(e) => {
            if let Ok(mut t) = tally.lock() {
                t.failures.push(format!("open: {e}"));
            }
            return;
        }
    };
    let mut i = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let mut input = reflection(w as u64, 0, i);
        input.title = format!("App writer {w}, save {i}");
        let result = store.save_reflection(&input);
        if let Ok(mut t) = tally.lock() {
            match result {
                Ok(r) => t.saved.push((r.id, input.title)),
                Err(e) => t.failures.push(format!("store: {e}")),
            }
        }
        i += 1;
    }
}
