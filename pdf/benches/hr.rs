//! `cargo bench -p reflect-pdf --bench hr` (part of `make bench`): the Organisation area at the
//! scale of a trust (issue #5). 10,000 realistic agreed packs (`sample::agreed_packs`): import them
//! all, under 60 s; a summary over all of them, under 200 ms; their 10,000 appraisal PDFs on two
//! threads, under 5 minutes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Local;
use reflect_core::hr::HrFilter;
use reflect_core::Store;
use reflect_pdf::export;

fn line(name: &str, took: Duration, target: Duration) {
    println!(
        "{name:<52} {:>10.1} ms   target < {:>8.0} ms  {}",
        took.as_secs_f64() * 1e3,
        target.as_secs_f64() * 1e3,
        if took < target { "ok" } else { "MISSED" }
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test")
        || std::env::var_os("REFLECT_BENCH_QUICK").is_some();
    let n = if quick { 200 } else { 10_000 };
    let scale = n as u32;
    let today = Local::now().date_naive();
    let tdir = tempfile::tempdir().unwrap();
    let mut template = Store::open_dir(&tdir.path().join("template")).unwrap();
    template
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .unwrap();
    let teams: Vec<(String, String)> = (0..200)
        .map(|i| (format!("Directorate {}", i % 12), format!("Team {i}")))
        .collect();
    let teams: Vec<(&str, &str)> = teams
        .iter()
        .map(|(d, t)| (d.as_str(), t.as_str()))
        .collect();
    let t = Instant::now();
    let packs = reflect_core::sample::agreed_packs(&mut template, n, 5, &teams, today).unwrap();
    println!(
        "{:<52} {:>10.1} ms",
        format!("generate {n} signed packs"),
        t.elapsed().as_secs_f64() * 1e3
    );
    let folder = tdir.path().join("packs");
    std::fs::create_dir_all(&folder).unwrap();
    for (i, p) in packs.iter().enumerate() {
        std::fs::write(folder.join(format!("{i:05}.reflectpack")), p).unwrap();
    }

    let mut hr = Store::open_dir(&tdir.path().join("hr")).unwrap();
    hr.set_organisation_area(true).unwrap();
    // HR's roster trusts every colleague's and appraiser's key (as a trust's HR would keep it), so
    // the import measures the full added path: verify, check trust and the roster, store.
    let mut roster = String::from("employee_number,name,team,line_manager,key\n");
    for (i, p) in packs.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(p).unwrap();
        let r = &v["body"]["record"];
        let appraiser = v["body"]["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["statement"]["role"] == "appraiser")
            .unwrap()["statement"]["public_key"]
            .as_str()
            .unwrap()
            .to_string();
        roster.push_str(&format!(
            "{},{},{},M{i},{}\nM{i},Manager {i},{},,{appraiser}\n",
            r["details"]["employee_number"].as_str().unwrap(),
            r["details"]["name"].as_str().unwrap(),
            r["details"]["team"].as_str().unwrap(),
            r["colleague_key"].as_str().unwrap(),
            r["details"]["team"].as_str().unwrap(),
        ));
    }
    let t = Instant::now();
    hr.hr_roster_import(&roster).unwrap();
    println!(
        "{:<52} {:>10.1} ms",
        format!("import a roster of {} keys", 2 * n),
        t.elapsed().as_secs_f64() * 1e3
    );
    let files = reflect_core::files::pack_files(&folder).unwrap();
    let t = Instant::now();
    let report = hr.hr_import_files(&files, &mut |_, _| {}).unwrap();
    let took = t.elapsed();
    assert_eq!(report.added as usize, n, "{:?}", report.files.first());
    line(
        &format!("import {n} packs (verify, check, store)"),
        took,
        Duration::from_secs(60) * scale / 10_000,
    );
    let t = Instant::now();
    let again = hr.hr_import_files(&files, &mut |_, _| {}).unwrap();
    assert_eq!(again.unchanged as usize, n);
    println!(
        "{:<52} {:>10.1} ms",
        "the same import again (nothing changes)",
        t.elapsed().as_secs_f64() * 1e3
    );

    let mut samples: Vec<Duration> = (0..if quick { 3 } else { 20 })
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(hr.hr_summary(&HrFilter::default(), today).unwrap());
            t.elapsed()
        })
        .collect();
    samples.sort();
    line(
        &format!("summary over {n} (median)"),
        samples[samples.len() / 2],
        Duration::from_millis(200),
    );

    let ids = hr.hr_appraisals(&HrFilter::default()).unwrap();
    let bodies: Vec<reflect_core::hr::HrRecord> = ids
        .iter()
        .map(|(key, id, _)| hr.hr_record(key, id).unwrap())
        .collect();
    let t = Instant::now();
    std::thread::scope(|s| {
        for worker in 0..2 {
            let bodies = &bodies;
            s.spawn(move || {
                for b in bodies.iter().skip(worker).step_by(2) {
                    std::hint::black_box(export::hr_record_pdf(b, today).unwrap());
                }
            });
        }
    });
    line(
        &format!("{n} appraisal PDFs, 2 threads"),
        t.elapsed(),
        Duration::from_secs(300) * scale / 10_000,
    );
}
