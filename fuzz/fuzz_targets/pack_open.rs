//! Pack opening, as every import and `reflect pack verify` does it: the format version, then
//! every check of that format (`format::pack::open` for format 2, `format::legacy::open` for 1).
//! Any input must be refused or opened, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reflect_core::format::{legacy, pack};

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 (`files::read_text_limited` refuses anything else).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match pack::format_version(text) {
        Ok((1, _)) => drop(legacy::open(text)),
        Ok((_, value)) => drop(pack::open(value)),
        Err(_) => {}
    }
});
