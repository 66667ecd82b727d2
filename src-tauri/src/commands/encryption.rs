//! The journal's passphrase and the app lock: the unlock screen (`unlock_journal`), locking
//! (`lock_journal`: the store is closed and its key wiped), and Settings → Passphrase and lock
//! (turning encryption on and off, a new passphrase or recovery code, the OS keystore, the idle
//! minutes). Each a thin call into `reflect-core`; secrets are wiped from memory when dropped.
//! The ones that run scrypt or rewrite the journal file are `async` (off the main thread), so the
//! window keeps drawing while they work.

use reflect_core::encryption::{EncryptionOutcome, EncryptionStatus, Secret, Unlock};

use crate::ipc::AppState;
use crate::state::{Journal, Res};

/// The way in: the recovery code when one is given, else the passphrase. Neither is refused
/// here, naming the field the person was typing in, and is not counted as a wrong try.
fn unlock_with(passphrase: Option<String>, recovery_code: Option<String>) -> Res<Unlock> {
    let passphrase: Option<Secret> = passphrase.map(Into::into);
    let recovery_code: Option<Secret> = recovery_code.map(Into::into);
    match (passphrase, recovery_code) {
        (_, Some(code)) if !code.trim().is_empty() => Ok(Unlock::RecoveryCode(code)),
        (_, Some(_)) => {
            Err(reflect_core::Error::invalid("recovery_code", "Enter your recovery code").into())
        }
        (Some(p), None) if !p.is_empty() => Ok(Unlock::Passphrase(p)),
        (_, None) => {
            Err(reflect_core::Error::invalid("passphrase", "Enter your passphrase").into())
        }
    }
}

/// Open the locked journal (at start, or after the app locked) and give the UI its start-up
/// state. A wrong passphrase or code fails as `invalid` naming the field, and each try after a
/// wrong one waits longer (core counts them, across restarts).
#[tauri::command(async)]
pub(crate) fn unlock_journal(
    journal: tauri::State<'_, Journal>,
    passphrase: Option<String>,
    recovery_code: Option<String>,
) -> Res<AppState> {
    let unlock = unlock_with(passphrase, recovery_code)?;
    journal.unlock(&reflect_core::data_dir(None)?, unlock)?;
    journal.with(super::app::state_of)
}

/// Lock the app now: the UI has saved what was pending and reloads the page after this, so the
/// web view holds nothing of the journal; every command fails as `locked` until it is unlocked.
#[tauri::command]
pub(crate) fn lock_journal(journal: tauri::State<'_, Journal>) -> Res<()> {
    journal.lock()
}

#[tauri::command]
pub(crate) fn encryption_status(journal: tauri::State<'_, Journal>) -> Res<EncryptionStatus> {
    journal.with(|s| s.encryption_status())
}

/// Turn encryption on: the recovery code comes back once, to be written down.
#[tauri::command(async)]
pub(crate) fn encrypt_journal(
    journal: tauri::State<'_, Journal>,
    passphrase: String,
    keystore: bool,
) -> Res<EncryptionOutcome> {
    let passphrase: Secret = passphrase.into();
    journal.with(|s| s.encrypt(&passphrase, keystore))
}

/// Remove the passphrase (asked again): the journal is stored unencrypted from now on.
#[tauri::command(async)]
pub(crate) fn decrypt_journal(
    journal: tauri::State<'_, Journal>,
    passphrase: String,
) -> Res<EncryptionStatus> {
    let passphrase: Secret = passphrase.into();
    journal.with(|s| {
        s.decrypt(&passphrase)?;
        s.encryption_status()
    })
}

/// A new passphrase, given the current one or the recovery code.
#[tauri::command(async)]
pub(crate) fn change_passphrase(
    journal: tauri::State<'_, Journal>,
    current_passphrase: Option<String>,
    recovery_code: Option<String>,
    new_passphrase: String,
) -> Res<EncryptionStatus> {
    let current = unlock_with(current_passphrase, recovery_code)?;
    let new_passphrase: Secret = new_passphrase.into();
    journal.with(|s| s.change_passphrase(current, &new_passphrase))
}

/// A new recovery code (the passphrase asked again), shown once; the old code stops working.
#[tauri::command(async)]
pub(crate) fn new_recovery_code(
    journal: tauri::State<'_, Journal>,
    passphrase: String,
) -> Res<EncryptionOutcome> {
    let passphrase: Secret = passphrase.into();
    journal.with(|s| s.new_recovery_code(&passphrase))
}

/// Keep the key in the OS keystore, so the journal opens at start without typing, or stop.
#[tauri::command]
pub(crate) fn set_keystore(journal: tauri::State<'_, Journal>, on: bool) -> Res<EncryptionStatus> {
    journal.with(|s| s.set_keystore(on))
}

/// Lock after this many idle minutes (0: never).
#[tauri::command]
pub(crate) fn set_lock_minutes(
    journal: tauri::State<'_, Journal>,
    minutes: u32,
) -> Res<EncryptionStatus> {
    journal.with(|s| {
        s.set_lock_minutes(minutes)?;
        s.encryption_status()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Res<Unlock>) -> Option<String> {
        r.err().and_then(|e| e.field)
    }

    #[test]
    fn the_recovery_code_is_used_when_given_and_nothing_typed_names_its_field() {
        let some = |s: &str| Some(s.to_owned());
        assert!(matches!(
            unlock_with(some("pass"), some("ABCD")),
            Ok(Unlock::RecoveryCode(_))
        ));
        assert!(matches!(
            unlock_with(some("pass"), None),
            Ok(Unlock::Passphrase(_))
        ));
        assert_eq!(
            field(unlock_with(None, some("  "))).as_deref(),
            Some("recovery_code")
        );
        assert_eq!(
            field(unlock_with(some(""), None)).as_deref(),
            Some("passphrase")
        );
        assert_eq!(
            field(unlock_with(None, None)).as_deref(),
            Some("passphrase")
        );
    }
}
