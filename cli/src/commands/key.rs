//! `reflect key`: this device's public key and its fingerprint, to read aloud or compare with
//! your appraiser or HR before they trust records signed with it.

use std::io::Write;

use reflect_core::{Result, Store};

use crate::output::emit;

pub fn key(store: &mut Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let info = store.key_info()?;
    emit(out, json, &info, |o| {
        writeln!(o, "Public key:  {}", info.public_key)?;
        writeln!(o, "Fingerprint: {}", info.fingerprint)?;
        writeln!(
            o,
            "Read the fingerprint aloud or compare it with your appraiser or HR so they know signed records come from you."
        )
    })
}
