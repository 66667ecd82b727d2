//! The app-start benchmark (`make bench-app`): how long the release app takes from launch to the
//! journal list on screen, and how much memory all its processes hold once it has settled.
//!
//! For each journal size (30 and 5,000 reflections, made with `reflect_core::sample`, the
//! generator the other benchmarks use) it launches the app binary again and again under the X
//! display it was given (run it inside `xvfb-run -a`), with `REFLECT_BENCH_START=1`: the UI then
//! reports the first painted frame of the journal list through the `journal_shown` command, which
//! prints a line on stderr. The time is wall time from spawning the process to that line. After
//! `--settle-ms` more, it sums PSS (and RSS) from `/proc/<pid>/smaps_rollup` over the app and
//! every process below it (WebKitWebProcess, WebKitNetworkProcess, the sandbox), then ends them.
//!
//! Two kinds of launch: the first of the day (a fresh copy of the journal, so the daily backup is
//! due, as every morning) and a later one the same day (the same journal again). One unmeasured
//! launch first warms the page cache and WebKit's caches (kept in one home per run, as a user's).
//! Medians over `--launches` (5), with the targets beside them.
//!
//! `app_start [--app [LABEL=]PATH]… [--launches N] [--sizes 30,5000] [--settle-ms MS] [--env K=V]…`;
//! the app defaults to `reflect-app` beside this binary (`cargo build --release -p reflect-app`).
//! Several `--app`s (a build of main and a build of a branch) are launched in turn, one launch
//! each at a time, so that they are compared under the same load, in one run.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reflect_core::Store;

/// Launch to journal shown, 5,000 reflections (issue 12).
const TARGET_SHOWN_MS: f64 = 500.0;
/// PSS of all the app's processes, 5,000 reflections (issue 12).
const TARGET_PSS_MIB: f64 = 250.0;
/// The sizes the targets are for.
const TARGET_SIZE: usize = 5_000;
/// What the app prints when the list is first on screen (`reflect_app::BENCH_START_LINE`).
const SHOWN_LINE: &str = "reflect-bench: journal shown:";
/// How each of the app's start marks begins (src-tauri/src/bench.rs).
const MARK: &str = "reflect-bench: ";
/// The marks, in the order they usually come.
const STAGES: &[&str] = &[
    "window made",
    "page load started",
    "journal open",
    "page loaded",
    "journal shown",
];

struct Options {
    /// The apps to compare, each with its label: launched in turn, so that they share the load
    /// of the machine.
    apps: Vec<(String, PathBuf)>,
    launches: usize,
    sizes: Vec<usize>,
    settle: Duration,
    env: Vec<(String, String)>,
}

/// One measured launch.
struct Launch {
    shown_ms: f64,
    /// What the app itself measured from `run()` to the report.
    in_app_ms: Option<f64>,
    /// What the page measured from its start of loading to the painted list.
    page_ms: Option<f64>,
    pss_kib: u64,
    rss_kib: u64,
    /// PSS by process name.
    by_name: BTreeMap<String, (usize, u64)>,
    /// Each start mark the app printed, in ms after its `run()`.
    stages: BTreeMap<String, f64>,
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("app_start: {e}");
            eprintln!("usage: app_start [--app [LABEL=]PATH]… [--launches N] [--sizes 30,5000] [--settle-ms MS] [--env K=V]…");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("app_start: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<Options, String> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("reflect-app")))
        .unwrap_or_else(|| PathBuf::from("reflect-app"));
    let mut options = Options {
        apps: Vec::new(),
        launches: 5,
        sizes: vec![30, TARGET_SIZE],
        settle: Duration::from_millis(2000),
        env: Vec::new(),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next().ok_or_else(|| format!("{a} needs a value"))?;
        let number = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{a}: not a number: {v}"))
        };
        match a.as_str() {
            "--app" => options.apps.push(match value.split_once('=') {
                Some((label, path)) => (label.to_string(), PathBuf::from(path)),
                None => ("app".to_string(), PathBuf::from(value)),
            }),
            "--launches" => options.launches = number(value)?.max(1) as usize,
            "--settle-ms" => options.settle = Duration::from_millis(number(value)?),
            "--sizes" => {
                options.sizes = value
                    .split(',')
                    .map(|s| number(s.trim()).map(|n| n as usize))
                    .collect::<Result<_, _>>()?
            }
            "--env" => {
                let (k, v) = value.split_once('=').ok_or("--env takes K=V")?;
                options.env.push((k.to_string(), v.to_string()));
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if options.apps.is_empty() {
        options.apps.push(("app".to_string(), beside));
    }
    for (_, app) in &options.apps {
        if !app.exists() {
            return Err(format!(
                "no app binary at {} (build it with cargo build --release -p reflect-app, or pass --app)",
                app.display()
            ));
        }
    }
    if std::env::var_os("DISPLAY").is_none() {
        return Err("no X display: run it under xvfb-run -a".into());
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let apps: Vec<String> = options
        .apps
        .iter()
        .map(|(label, path)| format!("{label} = {}", path.display()))
        .collect();
    println!(
        "App start: {} (release builds; several are launched in turn), {} launches each, medians; PSS/RSS summed over every process of the app, {} ms after the list is shown",
        apps.join(", "),
        options.launches,
        options.settle.as_millis()
    );
    if !options.env.is_empty() {
        let env: Vec<String> = options
            .env
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!("Environment: {}", env.join(" "));
    }
    let mut rows = Vec::new();
    for &size in &options.sizes {
        let template = work.path().join(format!("journal-{size}"));
        let t = Instant::now();
        make_journal(&template, size)?;
        println!(
            "Journal of {size} reflections made in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        core_start_path(&template, &work.path().join(format!("core-{size}")), size)?;
        // Per app: WebKit's caches and settings persist between launches, as a user's do; a
        // warm-up launch, not counted (the page cache, the binary, WebKit's caches); and the
        // journal launched again the same day, whose first launch makes today's backup.
        let mut per_app = Vec::new();
        for (n, (_, app)) in options.apps.iter().enumerate() {
            let home = work.path().join(format!("home-{size}-{n}"));
            let warm = work.path().join(format!("warm-{size}-{n}"));
            copy_dir(&template, &warm)?;
            launch(options, app, &warm, &home)?;
            let same = work.path().join(format!("same-{size}-{n}"));
            copy_dir(&template, &same)?;
            launch(options, app, &same, &home)?;
            per_app.push((home, same, Vec::new(), Vec::new()));
        }
        for i in 0..options.launches {
            for (n, (_, app)) in options.apps.iter().enumerate() {
                let (home, same, first, again) = &mut per_app[n];
                let fresh = work.path().join(format!("fresh-{size}-{n}-{i}"));
                copy_dir(&template, &fresh)?;
                first.push(launch(options, app, &fresh, home)?);
                std::fs::remove_dir_all(&fresh).map_err(|e| e.to_string())?;
                again.push(launch(options, app, same, home)?);
            }
        }
        for ((label, _), (_, _, first, again)) in options.apps.iter().zip(per_app) {
            rows.push((
                label.clone(),
                size,
                "first launch of the day (daily backup due)",
                first,
            ));
            rows.push((label.clone(), size, "again the same day", again));
        }
    }
    println!();
    println!(
        "| app | reflections | launch | launch → journal shown (min–max) | in the app (in the page) | PSS, all processes (min–max) | RSS, all processes | processes |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (label, size, kind, launches) in &rows {
        let shown: Vec<f64> = launches.iter().map(|l| l.shown_ms).collect();
        let in_app: Vec<f64> = launches.iter().filter_map(|l| l.in_app_ms).collect();
        let page: Vec<f64> = launches.iter().filter_map(|l| l.page_ms).collect();
        let pss: Vec<f64> = launches.iter().map(|l| mib(l.pss_kib)).collect();
        let rss: Vec<f64> = launches.iter().map(|l| mib(l.rss_kib)).collect();
        let verdict = |ok: bool| {
            if *size != TARGET_SIZE {
                String::new()
            } else if ok {
                " ok".to_string()
            } else {
                " MISSED".to_string()
            }
        };
        let (m_shown, m_pss) = (median(&shown), median(&pss));
        let procs = launches
            .iter()
            .map(|l| l.by_name.values().map(|(n, _)| n).sum::<usize>())
            .max()
            .unwrap_or(0);
        println!(
            "| {label} | {size} | {kind} | {m_shown:.0} ms ({:.0}–{:.0}){} | {:.0} ms ({:.0} ms) | {m_pss:.0} MiB ({:.0}–{:.0}){} | {:.0} MiB | {procs} |",
            min(&shown),
            max(&shown),
            verdict(m_shown < TARGET_SHOWN_MS),
            median(&in_app),
            median(&page),
            min(&pss),
            max(&pss),
            verdict(m_pss < TARGET_PSS_MIB),
            median(&rss),
        );
    }
    println!();
    println!(
        "Targets at {TARGET_SIZE} reflections: launch → journal shown < {TARGET_SHOWN_MS:.0} ms, PSS of all processes < {TARGET_PSS_MIB:.0} MiB."
    );
    println!();
    println!("Where the time goes: each mark, ms after the app's `run()` (medians):");
    println!("| app | reflections | launch | {} |", STAGES.join(" | "));
    println!("|---|---|---|{}", "---|".repeat(STAGES.len()));
    for (label, size, kind, launches) in &rows {
        let cells: Vec<String> = STAGES
            .iter()
            .map(|stage| {
                let v: Vec<f64> = launches
                    .iter()
                    .filter_map(|l| l.stages.get(*stage).copied())
                    .collect();
                if v.is_empty() {
                    "—".to_string()
                } else {
                    format!("{:.0}", median(&v))
                }
            })
            .collect();
        println!("| {label} | {size} | {kind} | {} |", cells.join(" | "));
    }
    println!();
    for (label, size, kind, launches) in &rows {
        let mut names: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for l in launches {
            for (name, (_, kib)) in &l.by_name {
                names.entry(name).or_default().push(mib(*kib));
            }
        }
        let parts: Vec<String> = names
            .iter()
            .map(|(n, v)| format!("{n} {:.0}", median(v)))
            .collect();
        println!(
            "PSS by process, MiB, {label}, {size}, {kind}: {}",
            parts.join(", ")
        );
    }
    Ok(())
}

/// A journal of `size` sample reflections, set up with NHS Somerset and the NMC Code.
fn make_journal(dir: &Path, size: usize) -> Result<(), String> {
    let err = |e: reflect_core::Error| e.message();
    let mut store = Store::open_dir(dir).map_err(err)?;
    store
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .map_err(err)?;
    let doc = store.framework("nhs-somerset", None).map_err(err)?.doc;
    let values: Vec<(String, Vec<String>)> = doc
        .values
        .iter()
        .map(|v| {
            let behaviours = v.behaviours.iter().map(|b| b.key.clone()).collect();
            (v.key.clone(), behaviours)
        })
        .collect();
    let today = chrono::Local::now().date_naive();
    for input in reflect_core::sample::reflections(size, 42, today, "nhs-somerset", &values) {
        store.save_reflection(&input).map_err(err)?;
    }
    Ok(())
}

/// The core's part of the start path, in this process on a copy of the journal: each `Store` call
/// the app makes before the journal list is on screen (and the daily backup just after), timed
/// once (the first, cold open of the day, as the app makes it).
fn core_start_path(template: &Path, dir: &Path, size: usize) -> Result<(), String> {
    let err = |e: reflect_core::Error| e.message();
    copy_dir(template, dir)?;
    let mut timings: Vec<(&str, f64)> = Vec::new();
    let mut time =
        |name: &'static str, t: Instant| timings.push((name, t.elapsed().as_secs_f64() * 1000.0));
    let t = Instant::now();
    let mut store = Store::open_dir(dir).map_err(err)?;
    time("open (with quick_check)", t);
    let t = Instant::now();
    let profile = store.profile().map_err(err)?.ok_or("no profile")?;
    store.list_frameworks().map_err(err)?;
    store.organisation_area().map_err(err)?;
    store.public_key().map_err(err)?;
    time("app_state", t);
    let t = Instant::now();
    store
        .reminders(chrono::Local::now().date_naive())
        .map_err(err)?;
    time("reminders", t);
    let t = Instant::now();
    store
        .framework(&profile.organisation_framework, None)
        .map_err(err)?;
    for id in &profile.professional_frameworks {
        store.framework(id, None).map_err(err)?;
    }
    time("frameworks", t);
    let t = Instant::now();
    store.drafts().map_err(err)?;
    time("drafts", t);
    let t = Instant::now();
    let rows = store
        .list_reflections(&reflect_core::ReflectionQuery::default())
        .map_err(err)?;
    time("list (all rows)", t);
    let t = Instant::now();
    let json = serde_json::to_vec(&rows).map_err(|e| e.to_string())?;
    time("list as JSON", t);
    let t = Instant::now();
    store.daily_backup(chrono::Utc::now()).map_err(err)?;
    store.backup_status().map_err(err)?;
    time("daily backup and status", t);
    let parts: Vec<String> = timings
        .iter()
        .map(|(n, ms)| format!("{n} {ms:.1} ms"))
        .collect();
    println!(
        "Core, {size} reflections ({} rows, {:.1} MiB of JSON): {}",
        rows.len(),
        mib(json.len() as u64 / 1024),
        parts.join(", ")
    );
    drop(store);
    std::fs::remove_dir_all(dir).map_err(|e| e.to_string())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().map_err(|e| e.to_string())?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Launch the app on the journal in `data`, wait for the list, settle, measure, end it.
fn launch(options: &Options, app: &Path, data: &Path, home: &Path) -> Result<Launch, String> {
    let mut command = Command::new(app);
    command
        .env("REFLECT_DATA_DIR", data)
        .env("REFLECT_BENCH_START", "1")
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in &options.env {
        command.env(k, v);
    }
    // Its own process group, so that ending it ends every process it started.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", app.display()))?;
    let (tx, rx) = mpsc::channel();
    if let Some(stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.starts_with(MARK) {
                    let _ = tx.send((started.elapsed(), line));
                }
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut stages = BTreeMap::new();
    let shown = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((elapsed, line)) => {
                if let (Some(stage), Some(ms)) = (
                    line.strip_prefix(MARK)
                        .and_then(|l| l.split_once(':'))
                        .map(|(s, _)| s),
                    number_before(&line, " ms after start"),
                ) {
                    stages.entry(stage.to_string()).or_insert(ms);
                }
                if line.starts_with(SHOWN_LINE) {
                    break Ok((elapsed, line));
                }
            }
            Err(e) => break Err(e),
        }
    };
    let result = match shown {
        Ok((elapsed, line)) => {
            std::thread::sleep(options.settle);
            let (pss_kib, rss_kib, by_name) = memory(child.id());
            Ok(Launch {
                shown_ms: elapsed.as_secs_f64() * 1000.0,
                in_app_ms: number_before(&line, " ms after start"),
                page_ms: number_before(&line, " ms,"),
                stages,
                pss_kib,
                rss_kib,
                by_name,
            })
        }
        Err(_) => Err(format!(
            "the app never reported the journal shown (on {})",
            data.display()
        )),
    };
    stop(&mut child);
    result
}

/// The number just before `marker` in "… 50 rows, page 80.2 ms, 123.4 ms after start".
fn number_before(line: &str, marker: &str) -> Option<f64> {
    let before = line.split_once(marker)?.0;
    before.rsplit(' ').next()?.parse().ok()
}

/// End the app's process group: TERM, then KILL if it is still there after 3 s.
fn stop(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = child.wait();
    // Give the web processes a moment to go before the next launch is timed.
    std::thread::sleep(Duration::from_millis(300));
}

/// PSS and RSS (KiB) of `root` and every process below it, and PSS by process name.
fn memory(root: u32) -> (u64, u64, BTreeMap<String, (usize, u64)>) {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some(ppid) = parent_of(pid) {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let (mut pss, mut rss) = (0, 0);
    let mut by_name: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut todo = vec![root];
    while let Some(pid) = todo.pop() {
        todo.extend(children.get(&pid).into_iter().flatten());
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |name: &str| {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
                .unwrap_or(0)
        };
        let (p, r) = (field("Pss:"), field("Rss:"));
        pss += p;
        rss += r;
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| pid.to_string());
        let slot = by_name.entry(name).or_default();
        slot.0 += 1;
        slot.1 += p;
    }
    (pss, rss, by_name)
}

/// The parent of `pid`, from /proc/<pid>/stat (the field after the parenthesised name).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    after.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}
