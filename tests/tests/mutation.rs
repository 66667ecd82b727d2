//! The bounded mutation campaign: every parser of files from elsewhere gets thousands of hostile
//! variants of the committed fixtures (`reflect_tests::mutate`: flipped bits, truncations,
//! splices, duplicated keys, huge numbers, deep nesting, invalid UTF-8, long strings, repeated
//! chunks, odd escapes). None may panic; each import through the `Store` that refuses must
//! commit nothing (`PRAGMA data_version` seen from a second connection is unchanged, and every
//! table's row count now and then).
//!
//! Counts are set to keep the whole file to a few seconds in a debug build: 20,000 for the
//! framework parser (cheap), 4,000 for pack opening (each verifies Ed25519 signatures, a third
//! re-sealed), 1,000–1,500 for each import through the `Store` (real commits).
//! The seed is fixed, so `make test` runs the same cases each time; `REFLECT_MUTATION_SEED`
//! explores others and `REFLECT_MUTATION_CASES` scales the counts (every failure prints both).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use reflect_core::format::{canonical::canonical_value, legacy, pack};
use reflect_core::{framework, Store};
use reflect_tests::campaign::{count_from_env, Rng};
use reflect_tests::mutate::mutate;
use reflect_tests::{counts, fresh, hr, set_up};

const DEFAULT_SEED: u64 = 0x5EED_2026_1111;

fn seed() -> u64 {
    std::env::var("REFLECT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

/// `n` cases, scaled by `REFLECT_MUTATION_CASES` (a percentage, 100 by default).
fn cases(n: usize) -> usize {
    n * count_from_env("REFLECT_MUTATION_CASES", 100) / 100
}

fn fixtures(dir: &str, ext: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn packs() -> Vec<String> {
    fixtures("tests/fixtures/formats", "reflectpack")
}

/// The built-in framework files, each given an id of its own so an import reaches validation.
fn frameworks() -> Vec<String> {
    framework::BUILTINS
        .iter()
        .map(|(id, text)| text.replacen(&format!("\"{id}\""), &format!("\"{id}-local\""), 1))
        .collect()
}

/// Open a pack the way every import does: its format, then every check of that format.
fn open_pack(text: &str) -> bool {
    match pack::format_version(text) {
        Ok((1, _)) => legacy::open(text).is_ok(),
        Ok((_, value)) => pack::open(value).is_ok(),
        Err(_) => false,
    }
}

/// Re-seal a pack whose body was mutated with a key of the test's own, so the mutation reaches
/// the checks behind the seal (the record, its parts, the coverage, the key signatures).
fn reseal(text: &str, rng: &mut Rng, others: &[&[u8]]) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let body = serde_json::to_vec(value.get("body")?).ok()?;
    let (_, mutated) = mutate(rng, &body, others);
    let body: serde_json::Value = serde_json::from_slice(&mutated).ok()?;
    let key = hr::key(7);
    use ed25519_dalek::Signer;
    let signature = key.sign(&canonical_value(&body).ok()?);
    value["body"] = body;
    value["public_key"] = hr::public(&key).into();
    value["signature"] = base64_encode(&signature.to_bytes()).into();
    Some(value.to_string())
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Run `check` on `n` mutations of `seeds`; a panic fails naming the seed, case and mutation.
fn campaign(name: &str, seeds: &[String], n: usize, mut check: impl FnMut(&mut Rng, &str, usize)) {
    let seed = seed();
    let mut rng = Rng::new(seed ^ name.len() as u64);
    let others: Vec<&[u8]> = seeds.iter().map(|s| s.as_bytes()).collect();
    let files = tempfile::tempdir().unwrap();
    let mut not_utf8 = 0;
    for case in 0..n {
        let input = &seeds[case % seeds.len()];
        let (kind, bytes) = mutate(&mut rng, input.as_bytes(), &others);
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            // Files are read as UTF-8 (`files::read_text_limited` refuses anything else); what
            // would still reach a parser is the text with replacement characters.
            Err(e) => {
                // Now and then, through the real file reader: it must refuse the bytes.
                not_utf8 += 1;
                if not_utf8 % 20 == 1 {
                    let path = files.path().join("mutated");
                    std::fs::write(&path, e.as_bytes()).unwrap();
                    assert!(
                        reflect_core::files::read_text_limited(&path, "The file").is_err(),
                        "{name}: case {case}: invalid UTF-8 was read as text"
                    );
                }
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&mut rng, &text, case)));
        assert!(
            outcome.is_ok(),
            "{name}: case {case} ({kind}) panicked; replay with REFLECT_MUTATION_SEED={seed}; \
             input starts {:?}",
            text.chars().take(300).collect::<String>()
        );
    }
}

#[test]
fn pack_opening_survives_4000_mutations() {
    let seeds = packs();
    let others: Vec<Vec<u8>> = seeds.iter().map(|s| s.clone().into_bytes()).collect();
    let mut opened = 0;
    campaign("pack", &seeds, cases(4_000), |rng, text, case| {
        let refs: Vec<&[u8]> = others.iter().map(Vec::as_slice).collect();
        if case % 3 == 0 {
            if let Some(resealed) = reseal(&seeds[case % seeds.len()], rng, &refs) {
                open_pack(&resealed);
            }
        }
        opened += usize::from(open_pack(text));
    });
    // A mutation that keeps the pack valid (white space, a key's order) still opens; anything
    // else is refused — there is nothing to assert about the count but that it is not all.
    assert!(opened < cases(4_000));
}

#[test]
fn framework_parsing_survives_20000_mutations() {
    let seeds = frameworks();
    campaign("framework", &seeds, cases(20_000), |_, text, _| {
        if let Ok(doc) = framework::parse_import(text) {
            // What parses must also be within every limit.
            framework::validate(&doc).unwrap();
        }
    });
}

/// A second connection's view of commits: `PRAGMA data_version` changes when any other
/// connection commits, so an unchanged value proves a refused import wrote nothing.
struct Observer(rusqlite::Connection);

impl Observer {
    fn new(store: &Store) -> Observer {
        Observer(rusqlite::Connection::open(store.path()).unwrap())
    }
    fn version(&self) -> i64 {
        self.0
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    }
}

/// Import `n` mutations through a `Store` with `import`; a refusal must commit nothing.
fn store_campaign(
    name: &str,
    store: &mut Store,
    seeds: &[String],
    n: usize,
    import: impl Fn(&mut Store, &str) -> reflect_core::Result<()>,
) {
    let observer = Observer::new(store);
    campaign(name, seeds, n, |_, text, case| {
        let before = observer.version();
        let rows = (case % 100 == 0).then(|| counts(store));
        if let Err(e) = import(store, text) {
            assert_eq!(
                observer.version(),
                before,
                "{name} case {case}: refused ({e}) yet committed"
            );
            if let Some(rows) = rows {
                assert_eq!(counts(store), rows, "{name} case {case}: refused ({e})");
            }
        }
    });
}

#[test]
fn framework_import_through_the_store_writes_nothing_on_refusal() {
    let (_dir, mut store) = fresh();
    store_campaign(
        "framework import",
        &mut store,
        &frameworks(),
        cases(1_000),
        |s, t| s.import_framework(t).map(drop),
    );
}

#[test]
fn pack_import_through_the_store_writes_nothing_on_refusal() {
    let (_dir, mut store) = set_up();
    let today = reflect_tests::campaign::today();
    store_campaign("pack import", &mut store, &packs(), cases(1_500), |s, t| {
        s.import_pack(t, today).map(drop)
    });
}

#[test]
fn hr_import_writes_nothing_on_refusal() {
    let (_dir, mut store) = hr::hr_store();
    store_campaign("HR import", &mut store, &packs(), cases(1_500), |s, t| {
        s.hr_import(t).map(drop)
    });
}
