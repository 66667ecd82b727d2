//! Writes the privacy check's labelled corpus as JSON Lines (for `make bench-privacy`), or with
//! `--score`, scores Reflect's check on it and prints the figures, misses and false alarms.
//!
//! `privacy_corpus [--score] [--count N] [--score-file LABELLED.jsonl] [OUT.jsonl]`

use std::io::Write;

use reflect_tests::privacy_corpus::{corpus, score};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut count = 1500;
    let mut out = None;
    let mut scoring = false;
    let mut file: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--score" => scoring = true,
            "--score-file" => file = it.next().cloned(),
            "--count" => count = it.next().and_then(|n| n.parse().ok()).unwrap_or(count),
            path => out = Some(path.to_string()),
        }
    }
    let cases = match &file {
        Some(path) => reflect_tests::privacy_corpus::read_jsonl(&std::fs::read_to_string(path)?)
            .map_err(std::io::Error::other)?,
        None => corpus(count),
    };
    scoring |= file.is_some();
    if scoring {
        let s = score(
            &cases,
            |t| {
                reflect_core::privacy::check_text("t", t)
                    .into_iter()
                    .map(|f| (f.start as usize, f.end as usize, f.matched))
                    .collect()
            },
            |t| !reflect_core::privacy::advise_text("t", t).is_empty(),
        );
        let _ = writeln!(std::io::stdout(), "{}", s.report());
    }
    if let Some(path) = out {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        for c in &cases {
            writeln!(f, "{}", c.to_json())?;
        }
        f.flush()?;
    }
    Ok(())
}
