//! The kill -9 campaign: a writer process saving through the real `Store` API
//! (`tests/src/bin/crash_writer.rs`) is killed with SIGKILL at random moments — while it opens
//! the journal, mid-save, between saves. After each kill the journal must open read-write, pass
//! `PRAGMA integrity_check`, and hold every save the writer had acknowledged, exactly as saved.
//!
//! `REFLECT_CRASH_ROUNDS` sets the rounds (20 by default; `make crash-test ROUNDS=200`), and
//! `REFLECT_CRASH_SEED` replays a run (every failure prints its seed).

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reflect_core::{NewAppraisal, Role, Store};
use reflect_tests::campaign::{
    appraisal_note, count_from_env, parse_appraisal_note, reflection, seed_from_env, today, Rng,
};
use reflect_tests::{hr::hr_store, set_up};

const WRITER: &str = env!("CARGO_BIN_EXE_crash_writer");

/// What one writer acknowledged before it was killed.
#[derive(Default)]
struct Acknowledged {
    reflections: Vec<(u64, String)>,
    last_note: Option<u64>,
}

fn read_acknowledged(stdout: &str) -> Acknowledged {
    let mut ack = Acknowledged::default();
    // Only whole lines: a line cut short by the kill was never printed in full.
    let complete = stdout.rsplit_once('\n').map_or("", |(whole, _)| whole);
    for line in complete.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["R", index, id] => ack
                .reflections
                .push((index.parse().unwrap(), id.to_string())),
            ["A", index] => ack.last_note = Some(index.parse().unwrap()),
            other => panic!("unexpected writer output {other:?}"),
        }
    }
    ack
}

/// Start the writer, kill it with SIGKILL after `delay`, and return what it printed. A writer
/// that stops by itself fails the test unless `may_finish` and it succeeded.
fn run_and_kill(args: &[String], delay: Duration, may_finish: bool, context: &str) -> String {
    let mut child: Child = Command::new(WRITER)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the writer");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let started = Instant::now();
    while started.elapsed() < delay {
        if let Some(status) = child.try_wait().expect("poll the writer") {
            if may_finish && status.success() {
                break;
            }
            let mut err = String::new();
            child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            panic!("{context}: the writer stopped by itself ({status}): {err}");
        }
        std::thread::sleep(Duration::from_millis(1).min(delay));
    }
    // Fails only if the writer has already finished and been reaped, which `wait` then reports.
    let _ = child.kill();
    child.wait().expect("reap the writer");
    reader
        .join()
        .expect("reader")
        .expect("read the writer's output")
}

fn integrity_check(store: &Store) -> String {
    let conn = rusqlite::Connection::open(store.path()).expect("second connection");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

#[test]
fn kill_9_at_random_moments_loses_no_acknowledged_save() {
    let seed = seed_from_env("REFLECT_CRASH_SEED");
    let rounds = count_from_env("REFLECT_CRASH_ROUNDS", 20) as u64;
    let mut rng = Rng::new(seed);
    let (dir, mut store) = set_up();
    let appraisal = store
        .create_appraisal(
            &NewAppraisal {
                period_start: String::new(),
                period_end: String::new(),
                appraiser_name: "Alex Smith".into(),
                appraiser_job_title: "Ward Manager".into(),
            },
            today(),
        )
        .unwrap()
        .id;
    drop(store);
    let mut last_note: Option<(u64, u64)> = None;
    let mut acknowledged = Vec::new();
    for round in 0..rounds {
        let context = format!(
            "round {round} of {rounds}, seed {seed} (replay with REFLECT_CRASH_SEED={seed})"
        );
        // A quarter of the kills land while the writer opens the journal (the check, the
        // built-in frameworks' install); the rest mid-run, at any moment.
        let delay = if rng.one_in(4) {
            rng.below(40)
        } else {
            40 + rng.below(260)
        };
        let args = [
            dir.path().display().to_string(),
            seed.to_string(),
            round.to_string(),
            appraisal.clone(),
        ];
        let out = run_and_kill(&args, Duration::from_millis(delay as u64), false, &context);
        let ack = read_acknowledged(&out);

        let store = Store::open_dir(dir.path()).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(store.read_only(), None, "{context}: opens read-write");
        assert_eq!(integrity_check(&store), "ok", "{context}");
        for (index, id) in &ack.reflections {
            let saved = store
                .reflection(id)
                .unwrap_or_else(|e| panic!("{context}: acknowledged save {index} ({id}): {e}"));
            let mut input = saved.to_input();
            input.id = None;
            assert_eq!(
                input,
                reflection(seed, round, *index),
                "{context}: save {index}"
            );
        }
        if let Some(index) = ack.last_note {
            last_note = Some((round, index));
        }
        let note = store
            .appraisal(&appraisal, Role::Colleague, today())
            .unwrap()
            .content
            .colleague_summary
            .text;
        // The stored note is the last acknowledged one, or a later save that committed just
        // before the kill (it was never acknowledged, and keeping it loses nothing).
        assert!(
            parse_appraisal_note(&note) >= last_note,
            "{context}: the appraisal holds '{note}', older than the acknowledged {last_note:?}"
        );
        acknowledged.extend(ack.reflections.into_iter().map(|(i, id)| (round, i, id)));
    }

    // Every acknowledged save of every round is still there after all the kills, and the
    // journal still takes a save.
    let mut store = Store::open_dir(dir.path()).unwrap();
    for (round, index, id) in &acknowledged {
        let mut input = store.reflection(id).unwrap().to_input();
        input.id = None;
        assert_eq!(input, reflection(seed, *round, *index), "seed {seed}");
    }
    store.save_reflection(&reflection(seed, rounds, 0)).unwrap();
    let notes = last_note.map_or(String::new(), |(r, i)| appraisal_note(r, i));
    println!(
        "{rounds} rounds, {} acknowledged reflection saves, last appraisal note '{notes}', seed {seed}",
        acknowledged.len()
    );
    assert!(
        !acknowledged.is_empty(),
        "seed {seed}: no save was acknowledged in {rounds} rounds (the writer never got going)"
    );
}

/// Packs each round of the HR campaign imports (in batches of four).
const HR_PACKS_PER_ROUND: usize = 8;

#[test]
fn kill_9_during_hr_import_batches_loses_no_acknowledged_record() {
    let seed = seed_from_env("REFLECT_CRASH_SEED");
    let rounds = count_from_env("REFLECT_CRASH_ROUNDS", 20);
    let mut rng = Rng::new(seed ^ 0x4852);
    let (_template_dir, mut template) = set_up();
    let packs = reflect_core::sample::agreed_packs(
        &mut template,
        rounds * HR_PACKS_PER_ROUND,
        seed,
        &[("Nursing", "Ward 7"), ("Surgery", "Theatres")],
        today(),
    )
    .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let files: Vec<String> = packs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = folder.path().join(format!("{i:05}.reflectpack"));
            std::fs::write(&path, text).unwrap();
            path.display().to_string()
        })
        .collect();
    let (dir, store) = hr_store();
    drop(store);
    let mut acknowledged = 0;
    for (round, batch) in files.chunks(HR_PACKS_PER_ROUND).enumerate() {
        let context = format!(
            "HR round {round} of {rounds}, seed {seed} (replay with REFLECT_CRASH_SEED={seed})"
        );
        let mut args = vec!["hr".to_string(), dir.path().display().to_string()];
        args.extend(batch.iter().cloned());
        let delay = Duration::from_millis(rng.below(200) as u64);
        let out = run_and_kill(&args, delay, true, &context);

        let store = Store::open_dir(dir.path()).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(store.read_only(), None, "{context}: opens read-write");
        assert_eq!(integrity_check(&store), "ok", "{context}");
        let mut present: std::collections::HashSet<String> = store
            .hr_appraisals(&Default::default())
            .unwrap()
            .into_iter()
            .map(|(_, id, _)| id)
            .collect();
        present.extend(store.hr_held().unwrap().into_iter().map(|h| h.appraisal_id));
        let complete = out.rsplit_once('\n').map_or("", |(whole, _)| whole);
        for line in complete.lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            let ["H", id, outcome] = parts.as_slice() else {
                panic!("{context}: unexpected writer output {line:?}");
            };
            assert_ne!(*outcome, "refused", "{context}: {id} was refused");
            assert!(
                present.contains(*id),
                "{context}: acknowledged {id} is gone"
            );
            acknowledged += 1;
        }
    }
    println!("{rounds} HR rounds, {acknowledged} acknowledged imports, seed {seed}");
    assert!(acknowledged > 0, "seed {seed}: no import was acknowledged");
}
