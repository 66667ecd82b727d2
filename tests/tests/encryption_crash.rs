//! The conversion campaign: a process turning encryption on, re-keying it or turning it off
//! (`tests/src/bin/convert_writer.rs`) is killed with SIGKILL at random moments. After every
//! kill the journal opens with the old secret or the new one (never neither), passes
//! `PRAGMA integrity_check` through the store, holds every reflection, and holds no plain text
//! when it is encrypted. `REFLECT_CRASH_ROUNDS` (16 by default) and `REFLECT_CRASH_SEED` as in
//! `crash.rs`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reflect_core::encryption::{journal_kind, JournalKind, Unlock};
use reflect_core::{ReflectionQuery, Store};
use reflect_tests::campaign::{count_from_env, reflection, seed_from_env, Rng};
use reflect_tests::set_up;

const WRITER: &str = env!("CARGO_BIN_EXE_convert_writer");
const MARKER: &str = "Wombatfern";
const SECRETS: [&str; 2] = ["first passphrase here", "second passphrase here"];

/// Run the writer and kill it after `delay`; whether it finished first.
fn run_and_kill(dir: &std::path::Path, from: &str, to: &str, delay: Duration) -> bool {
    let mut child = Command::new(WRITER)
        .args([&dir.display().to_string(), from, to])
        .env("REFLECT_KEYSTORE", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the writer");
    let started = Instant::now();
    while started.elapsed() < delay {
        if let Some(status) = child.try_wait().expect("poll") {
            assert!(
                status.success(),
                "the writer failed ({from} → {to}): {status}"
            );
            return true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    let status = child.wait().expect("reap");
    status.success()
}

/// Open the journal with whichever of the candidates works; which one it was.
fn open_any(dir: &std::path::Path, candidates: &[&str], context: &str) -> (Store, String) {
    let db = dir.join("reflect.db");
    if journal_kind(&db).unwrap() == JournalKind::Plain {
        let store = Store::open_dir(dir).unwrap_or_else(|e| panic!("{context}: plain: {e}"));
        return (store, "-".into());
    }
    for c in candidates.iter().filter(|c| **c != "-") {
        // Each wrong try makes the next wait: clear the count, as a user would by waiting.
        let _ = std::fs::remove_file(dir.join(reflect_core::encryption::attempts::ATTEMPTS_FILE));
        if let Ok(store) = Store::open_dir_with(dir, Unlock::Passphrase(c.to_string().into())) {
            return (store, c.to_string());
        }
    }
    panic!("{context}: the journal opens with neither {candidates:?}");
}

#[test]
fn kill_9_during_a_conversion_leaves_the_old_journal_or_the_new_one() {
    let seed = seed_from_env("REFLECT_CRASH_SEED");
    let rounds = count_from_env("REFLECT_CRASH_ROUNDS", 16) as u64;
    let mut rng = Rng::new(seed);
    let (dir, mut store) = set_up();
    let mut want = Vec::new();
    for i in 0..400 {
        let mut r = reflection(seed, 0, i);
        r.title = format!("{MARKER} {i}");
        want.push(store.save_reflection(&r).unwrap().id);
    }
    want.sort();
    drop(store);
    // How long a conversion takes here (turning it on, then a re-key, the slowest kind: two
    // passphrases to check and wrap), to spread the kills over the whole of one and past it.
    let forever = Duration::from_secs(120);
    assert!(run_and_kill(dir.path(), "-", SECRETS[0], forever));
    let t = Instant::now();
    assert!(run_and_kill(dir.path(), SECRETS[0], SECRETS[1], forever));
    let span = t.elapsed().as_millis().max(50) as usize;
    let mut current = SECRETS[1].to_string();
    let mut converted = 0;
    for round in 0..rounds {
        let context = format!("round {round}, seed {seed} (replay with REFLECT_CRASH_SEED={seed})");
        let next = match (current.as_str(), rng.below(3)) {
            ("-", _) => SECRETS[rng.below(2)].to_string(),
            (_, 0) => "-".to_string(),
            (c, _) => SECRETS.iter().find(|s| **s != c).unwrap().to_string(),
        };
        let delay = Duration::from_millis(rng.below(span + span / 8) as u64);
        let finished = run_and_kill(dir.path(), &current, &next, delay);
        let (store, opened) = open_any(dir.path(), &[&current, &next], &context);
        if finished {
            assert_eq!(opened, next, "{context}: a finished conversion is in place");
            converted += 1;
        }
        let check: String = store.integrity_check().unwrap();
        assert_eq!(check, "ok", "{context}");
        let mut ids: Vec<String> = store
            .list_reflections(&ReflectionQuery::default())
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        ids.sort();
        assert_eq!(ids, want, "{context}: every reflection is there");
        drop(store);
        if opened != "-" {
            let bytes = std::fs::read(dir.path().join("reflect.db")).unwrap();
            assert!(
                !bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()),
                "{context}: plain text in an encrypted journal"
            );
        }
        // No copy is left behind once the journal has been opened again.
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".converting-"))
            .collect();
        assert!(left.is_empty(), "{context}: left over {left:?}");
        current = opened;
    }
    eprintln!("{rounds} rounds, {converted} conversions finished before the kill");
}
