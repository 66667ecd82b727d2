//! The OS keystore (Secret Service on Linux, Credential Manager on Windows, Keychain on macOS,
//! through the `keyring` crate): when chosen, it holds a copy of the journal's data key under
//! the service `app.reflect.journal` and the journal's id, so the journal opens without typing.
//! The key file says whether it was chosen; a keystore that has lost the key, holds another
//! generation, or cannot be reached means the passphrase is asked for, never an error.
//! `REFLECT_KEYSTORE=off` turns it off for a process (tests, and machines where it misbehaves).

use super::keyfile::DataKey;
use crate::error::{Error, Result};

/// The keystore's service name: the app's identifier (`store::APP_ID`, which this module cannot
/// name without a circle; `tests/tests/keystore.rs` checks they agree).
pub const SERVICE: &str = "app.reflect.journal";
/// Setting this to `off` makes the keystore unavailable to this process.
pub const KEYSTORE_ENV: &str = "REFLECT_KEYSTORE";

fn disabled() -> bool {
    std::env::var(KEYSTORE_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("off"))
}

fn entry(journal: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("journal-{journal}")).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> Error {
    Error::invalid(
        "keystore",
        format!(
            "This computer's keystore cannot be used ({e}), so Reflect will ask for your \
             passphrase when it starts"
        ),
    )
}

/// Whether the OS has a keystore Reflect can use: a lookup that answers, found or not.
pub fn available() -> bool {
    if disabled() {
        return false;
    }
    match keyring::Entry::new(SERVICE, "journal-probe").and_then(|e| e.get_password()) {
        // `NoEntry` means the keystore answered.
        Ok(_) | Err(keyring::Error::NoEntry) => true,
        Err(_) => false,
    }
}

/// Keep `key` in the keystore for `journal`.
pub fn store(journal: &str, key: &DataKey) -> Result<()> {
    if disabled() {
        return Err(Error::invalid(
            "keystore",
            format!("The keystore is turned off for Reflect ({KEYSTORE_ENV}=off)"),
        ));
    }
    entry(journal)?
        .set_password(&key.to_text())
        .map_err(unavailable)
}

/// The key the keystore holds for `journal`, if it can be reached and holds one.
pub fn load(journal: &str) -> Option<DataKey> {
    if disabled() {
        return None;
    }
    let text = zeroize::Zeroizing::new(entry(journal).ok()?.get_password().ok()?);
    DataKey::from_text(&text)
}

/// Remove the key for `journal` from the keystore (nothing there is not an error).
pub fn forget(journal: &str) -> Result<()> {
    if disabled() {
        return Ok(());
    }
    match entry(journal)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}
