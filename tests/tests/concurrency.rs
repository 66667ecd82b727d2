//! Many writers on one journal at once: stores held open (as the app holds one) saving flat out,
//! and writers that open the journal for each save (as each `reflect add` does). Every save must
//! succeed — none may wait out the busy timeout and fail as "database is locked" — none may be
//! lost, and no writer may be starved: SQLite's own busy timeout backs off to 100 ms between
//! tries, so a long waiter lost every race and some saves waited 5 s and failed (the
//! eight-writers benchmark, `make bench`, found about four a minute).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reflect_core::Store;
use reflect_tests::campaign::reflection;
use reflect_tests::set_up;

/// One writer's saves: (id, title), the longest a single save took, and the failures.
type Outcome = (Vec<(String, String)>, Duration, Vec<String>);

fn writer(dir: std::path::PathBuf, w: u64, reopen: bool, stop: Arc<AtomicBool>) -> Outcome {
    let (mut saved, mut longest, mut failures) = (Vec::new(), Duration::ZERO, Vec::new());
    let mut held = if reopen {
        None
    } else {
        Store::open_dir(&dir).ok()
    };
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let mut input = reflection(w, 0, i);
        input.title = format!("Writer {w}, save {i}");
        let result = match &mut held {
            Some(store) => store.save_reflection(&input),
            None => Store::open_dir(&dir).and_then(|mut s| s.save_reflection(&input)),
        };
        longest = longest.max(started.elapsed());
        match result {
            Ok(r) => saved.push((r.id, input.title)),
            Err(e) => failures.push(e.to_string()),
        }
        i += 1;
    }
    (saved, longest, failures)
}

#[test]
fn eight_writers_at_once_all_succeed_and_none_waits_long() {
    let (dir, store) = set_up();
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..8)
        .map(|w| {
            let (dir, stop) = (dir.path().to_path_buf(), Arc::clone(&stop));
            std::thread::spawn(move || writer(dir, w, w % 2 == 0, stop))
        })
        .collect();
    std::thread::sleep(Duration::from_secs(4));
    stop.store(true, Ordering::Relaxed);
    let outcomes: Vec<Outcome> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let failures: Vec<&String> = outcomes.iter().flat_map(|o| &o.2).collect();
    assert!(failures.is_empty(), "failed saves: {failures:?}");
    let longest = outcomes.iter().map(|o| o.1).max().unwrap_or_default();
    let saves: usize = outcomes.iter().map(|o| o.0.len()).sum();
    let fewest = outcomes.iter().map(|o| o.0.len()).min().unwrap_or_default();
    println!("{saves} saves by eight writers in 4 s (the fewest by one writer: {fewest}); the longest single save took {longest:?}");
    for (w, o) in outcomes.iter().enumerate() {
        assert!(
            o.0.len() >= 3,
            "writer {w} was starved: {} saves",
            o.0.len()
        );
        for (id, title) in &o.0 {
            assert_eq!(&store.reflection(id).unwrap().title, title, "lost");
        }
    }
    // Well inside the 5 s busy timeout: a writer that waited this long was losing every race.
    assert!(
        longest < Duration::from_millis(2500),
        "a save waited {longest:?}"
    );
}

#[test]
fn writers_opening_a_new_journal_at_once_all_succeed() {
    // The first open creates the file, switches it to WAL, runs every migration and installs the
    // built-in frameworks; several writers doing it at once must each wait for the others.
    for attempt in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let barrier = Arc::new(std::sync::Barrier::new(6));
        let threads: Vec<_> = (0..6)
            .map(|w| {
                let (dir, barrier) = (dir.path().to_path_buf(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    let mut store = Store::open_dir(&dir)?;
                    store.save_reflection(&reflect_tests::input(&format!("Writer {w}"), "First"))
                })
            })
            .collect();
        for (w, t) in threads.into_iter().enumerate() {
            if let Err(e) = t.join().unwrap() {
                panic!("attempt {attempt}, writer {w}: {e}");
            }
        }
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(
            store.list_reflections(&Default::default()).unwrap().len(),
            6
        );
    }
}
