//! Framework import's parse and validation (`framework::parse_import`, which
//! `Store::import_framework` runs before it writes, for the CLI and the app alike). Any input must
//! be refused or accepted, never panic; what is accepted must be within every limit and survive
//! the round trip through the stored (canonical) form unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reflect_core::framework;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = framework::parse_import(text) else {
        return;
    };
    assert!(framework::validate(&doc).is_ok(), "accepted but invalid");
    let stored = framework::canonical_json(&doc).expect("canonical form");
    let again = framework::parse(&stored).expect("the stored form parses");
    assert_eq!(again, doc, "the stored form reads back the same");
    let edited = framework::to_file_text(&doc).expect("file form");
    assert_eq!(
        framework::parse(&edited).expect("the file form parses"),
        doc
    );
});
