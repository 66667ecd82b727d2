//! `reflect check`: the privacy check over one reflection.

use std::io::Write;

use reflect_core::{Result, Store};

use crate::output::emit;

pub fn check(store: &Store, id: String, json: bool, out: &mut dyn Write) -> Result<()> {
    let r = store.reflection(&id)?;
    let findings = reflect_core::privacy::check_reflection(&r.to_input());
    emit(out, json, &findings, |o| {
        if findings.is_empty() {
            return writeln!(o, "No identifying details found in \"{}\".", r.title);
        }
        writeln!(
            o,
            "{} possible identifying details in \"{}\":",
            findings.len(),
            r.title
        )?;
        for f in &findings {
            writeln!(
                o,
                "  {} in {}: …{}[{}]{}…",
                f.label, f.field, f.before, f.matched, f.after
            )?;
        }
        Ok(())
    })
}
