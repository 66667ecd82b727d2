//! Opening a backup file, as `reflect backup restore` and Settings → Backups → Restore do before
//! anything is touched: the header, the sizes and checksum, and (with no passphrase) the refusal
//! of an encrypted one. Any input must be refused or opened, never panic. No passphrase is tried:
//! an attacker-chosen scrypt work factor would only make each run slow, not reach new code.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    drop(reflect_core::backup::inspect(data, None));
});
