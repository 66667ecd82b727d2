//! The app-start benchmark's marks (`tests/src/bin/app_start.rs`, `make bench-app`). With
//! `$REFLECT_BENCH_START` set, each stage of the start is a line on stderr,
//! `reflect-bench: <stage>: … <ms> ms after start`, the last one when the UI has painted the
//! journal list (`journal_shown`). Without it, nothing is printed.

use std::sync::OnceLock;
use std::time::Instant;

/// With this set, the app reports its start on stderr.
pub const BENCH_START_ENV: &str = "REFLECT_BENCH_START";
/// How the last report starts: the journal list is on screen.
pub const BENCH_START_LINE: &str = "reflect-bench: journal shown:";

static STARTED: OnceLock<Instant> = OnceLock::new();
static ON: OnceLock<bool> = OnceLock::new();

/// Note when the app started (the first call does, in `run`).
pub(crate) fn start() {
    STARTED.get_or_init(Instant::now);
}

/// Report `stage` (with `detail`, if any) and the time since the app started.
pub(crate) fn stage(stage: &str, detail: &str) {
    if !*ON.get_or_init(|| std::env::var_os(BENCH_START_ENV).is_some()) {
        return;
    }
    let ms = STARTED.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0;
    eprintln!("reflect-bench: {stage}: {detail}{ms:.1} ms after start");
}
