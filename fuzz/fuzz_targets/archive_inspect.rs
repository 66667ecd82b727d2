//! Reading a portable archive, as `reflect archive inspect`/`import` and Settings do before
//! anything is written: the zip's names, sizes (checked as read), duplicates, the manifest and
//! every entry's hash and JSON. Any input must be refused or read, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    drop(reflect_core::archive::inspect(data));
});
