//! `cargo bench -p reflect-core --bench hr_figures` (part of `make bench`): disclosure control
//! of HR's summary at the scale of a trust, without packs or PDFs (those are `reflect-pdf`'s
//! `hr` bench). 10,000 people in 200 teams of 3 to 97 across 12 directorates, so that many
//! counts are small: the summary with the exact audit (`hr::suppression::control`), median of
//! 7 runs at thresholds 5 and 10, target under 200 ms each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use reflect_core::hr::{summarise, HrFilter, HrPerson};

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let people_wanted = if quick { 1_000 } else { 10_000 };
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut people = Vec::with_capacity(people_wanted);
    let mut team = 0;
    while people.len() < people_wanted {
        let size = 3 + next(95) as usize;
        for _ in 0..size.min(people_wanted - people.len()) {
            people.push(HrPerson {
                organisation: "Trust".into(),
                department: format!("Directorate {}", team % 12),
                team: format!("Team {team}"),
                agreed_on: today - Days::new(next(500)),
                pay_step_met: 1 + next(5) as u32,
                objectives: next(6) as u32,
                plan: BTreeMap::new(),
                values: vec!["Respect".into()],
            });
        }
        team += 1;
    }
    let target = Duration::from_millis(200);
    for threshold in [5, 10] {
        let mut times = Vec::new();
        let mut hidden = 0;
        for _ in 0..7 {
            let start = Instant::now();
            let s = summarise(&people, &HrFilter::default(), today, threshold);
            times.push(start.elapsed());
            hidden = s.rows.iter().filter(|r| r.staff.is_none()).count();
            std::hint::black_box(s);
        }
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "HR summary, {} people, {team} teams, threshold {threshold:<2} {:>9.1} ms   target < {:>5.0} ms  {}  ({hidden} rows with staff suppressed)",
            people.len(),
            median.as_secs_f64() * 1e3,
            target.as_secs_f64() * 1e3,
            if median < target { "ok" } else { "MISSED" }
        );
    }
}
