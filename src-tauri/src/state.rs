//! The shared state every command reaches the journal through: one `Store` behind a `Mutex`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use reflect_core::backup::RestoreOutcome;
use reflect_core::encryption::{journal_kind, JournalKind, Unlock};
use reflect_core::Store;

use tauri::Manager;

use crate::ipc::IpcError;

pub(crate) type Res<T> = Result<T, IpcError>;

/// The open journal, or why it could not be opened (shown by the UI instead of the journal);
/// and why the last automatic daily backup failed, if it did.
pub struct Journal(Mutex<Result<Store, IpcError>>, Mutex<Option<String>>);

impl Journal {
    /// A journal that `open_in_background` is about to open.
    pub(crate) fn opening() -> Self {
        Journal(
            Mutex::new(Err(IpcError::internal("The journal is still being opened"))),
            Mutex::new(None),
        )
    }

    /// Open the journal in `$REFLECT_DATA_DIR` or the OS data directory (the same place the CLI
    /// uses) on a thread of its own, so that the window and the web view start meanwhile (the
    /// open runs `quick_check`: about 80 ms at 5,000 reflections). The thread holds the lock from
    /// before this returns until the journal is open, so every command waits for it. The daily
    /// backup is not made here: the footer's `backup_status` makes it once the list is shown.
    pub(crate) fn open_in_background<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
        let (locked, wait) = std::sync::mpsc::sync_channel(0);
        let handle = app.clone();
        let spawned = std::thread::Builder::new()
            .name("open-journal".into())
            .spawn(move || {
                let journal = handle.state::<Journal>();
                let mut guard = journal.0.lock().unwrap_or_else(PoisonError::into_inner);
                let _ = locked.send(());
                *guard = catch_unwind(open_journal).unwrap_or_else(|_| {
                    Err(IpcError::internal(
                        "Opening the journal stopped with an internal error; restart Reflect",
                    ))
                });
                crate::bench::stage("journal open", "");
                // Load the privacy check's word lists and patterns now, off the lock, so the
                // first check while writing does not wait for them.
                drop(guard);
                reflect_core::privacy::warm();
            });
        match spawned {
            Ok(_) => {
                let _ = wait.recv();
            }
            // No thread to be had: open it here.
            Err(_) => {
                let journal = app.state::<Journal>();
                *journal.0.lock().unwrap_or_else(PoisonError::into_inner) = open_journal();
            }
        }
    }

    /// Why the last automatic daily backup failed, if it did.
    pub(crate) fn daily_warning(&self) -> Option<String> {
        self.1
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Keep how the daily backup just went: `Some(why)` it failed, `None` it did not.
    pub(crate) fn set_daily_warning(&self, warning: Option<String>) {
        *self.1.lock().unwrap_or_else(PoisonError::into_inner) = warning;
    }

    /// Restore `file` over this journal: the store is closed, the backup restored with the
    /// current journal backed up first (`Store::restore_backup` checks the backup in full before
    /// it touches anything), and the journal opened again, whatever happened.
    pub(crate) fn restore(&self, file: &Path, passphrase: Option<&str>) -> Res<RestoreOutcome> {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let dir: PathBuf = match guard.as_ref() {
            Ok(store) => store
                .path()
                .parent()
                .map(Path::to_path_buf)
                .ok_or_else(|| IpcError::internal("The journal's folder is not known"))?,
            Err(_) => reflect_core::data_dir(None)?,
        };
        // Close the connection so the file can be replaced.
        drop(std::mem::replace(
            &mut *guard,
            Err(IpcError::internal("The journal is being restored")),
        ));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            Store::restore_backup(file, &dir, passphrase, true, chrono::Utc::now())
        }));
        *guard = Store::open_dir(&dir).map_err(IpcError::from);
        match outcome {
            Ok(result) => result.map_err(IpcError::from),
            Err(_) => Err(IpcError::internal(
                "The restore stopped with an internal error; the journal was opened again as it is",
            )),
        }
    }

    /// Open the locked journal in `dir` with its passphrase or recovery code, in place of the `locked`
    /// error kept meanwhile. A wrong passphrase or code (`invalid`, counted by core) leaves it
    /// locked; any other failure (a damaged key file, say) is kept as why the journal cannot be
    /// opened, so the UI shows that instead. An open journal stays as it is.
    pub(crate) fn unlock(&self, dir: &Path, unlock: Unlock) -> Res<()> {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.is_ok() {
            return Ok(());
        }
        let opened = catch_unwind(AssertUnwindSafe(|| Store::open_dir_with(dir, unlock)))
            .unwrap_or_else(|_| {
                Err(reflect_core::Error::Corrupt(
                    "unlocking stopped with an internal error".into(),
                ))
            });
        match opened {
            Ok(store) => {
                *guard = Ok(store);
                Ok(())
            }
            Err(e) => {
                let e = IpcError::from(e);
                if e.kind != "invalid" && e.kind != "locked" {
                    *guard = Err(e.clone());
                }
                Err(e)
            }
        }
    }

    /// Lock the app: the store is closed (its data key wiped as it is dropped) and every command
    /// fails as `locked` until [`Journal::unlock`]. Only a journal with a passphrase locks; one
    /// already locked stays so.
    pub(crate) fn lock(&self) -> Res<()> {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_ref() {
            Ok(store) => {
                if journal_kind(store.path())? != JournalKind::Encrypted {
                    return Err(reflect_core::Error::invalid(
                        "lock",
                        "Set a passphrase first (Settings → Passphrase and lock): only a journal \
                         with a passphrase can be locked",
                    )
                    .into());
                }
            }
            Err(e) if e.kind == "locked" => return Ok(()),
            Err(e) => return Err(e.clone()),
        }
        *guard = Err(reflect_core::Error::Locked.into());
        Ok(())
    }

    /// Run one command's work on the store. A panic inside `f` fails that command only (an
    /// `internal` error): it is caught before it can poison the lock, and a lock poisoned anyway
    /// is recovered, so every later command still reaches the journal. The store stays usable: a
    /// transaction that was open when the panic unwound is rolled back when it is dropped.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Store) -> reflect_core::Result<T>) -> Res<T> {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_mut() {
            Ok(store) => catch_unwind(AssertUnwindSafe(|| f(store)))
                .map_err(|_| {
                    IpcError::internal(
                        "That action stopped with an internal error; try again, or restart Reflect",
                    )
                })?
                .map_err(IpcError::from),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Open the journal in `$REFLECT_DATA_DIR` or the OS data directory (the same place the CLI uses).
fn open_journal() -> Result<Store, IpcError> {
    let dir = reflect_core::data_dir(None)?;
    Ok(Store::open_dir(&dir)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A journal in a new folder of its own.
    fn journal(name: &str) -> (Journal, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("reflect-app-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open_dir(&dir).map_err(IpcError::from);
        (Journal(Mutex::new(store), Mutex::new(None)), dir)
    }

    #[test]
    fn a_panic_fails_only_its_own_command() {
        let (journal, dir) = journal("panic");
        let failed: Res<()> = journal.with(|_| panic!("a bug in one command"));
        assert_eq!(failed.unwrap_err().kind, "internal");
        assert_eq!(journal.with(|s| s.profile()), Ok(None));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_poisoned_lock_is_recovered() {
        let (journal, dir) = journal("poisoned");
        let poisoner = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _guard = journal.0.lock();
                    panic!("a panic while the lock is held");
                })
                .join()
        });
        assert!(poisoner.is_err());
        assert!(journal.0.is_poisoned());
        assert_eq!(journal.with(|s| s.profile()), Ok(None));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn restoring_in_the_app_replaces_the_open_journal_and_a_refused_file_keeps_it_open() {
        let (journal, dir) = journal("restore");
        let profile = reflect_core::sample::profile("nhs-somerset");
        journal.with(|s| s.save_profile(&profile)).unwrap();
        let backup = journal
            .with(|s| s.backup_now(None, chrono::Utc::now()))
            .unwrap();
        journal
            .with(|s| {
                s.set_organisation_area(true)?;
                s.organisation_area()
            })
            .unwrap();
        // Not a backup: refused, and the same journal is open with what it had.
        let garbage = dir.join("garbage.reflectbackup");
        std::fs::write(&garbage, b"not a backup").unwrap();
        let refused = journal.restore(&garbage, None).unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("file"));
        assert_eq!(journal.with(|s| s.organisation_area()), Ok(true));
        // The backup: restored over it, the current journal backed up first, and open again.
        let outcome = journal
            .restore(std::path::Path::new(&backup.path), None)
            .unwrap();
        assert!(outcome.replaced_backup.is_some());
        assert_eq!(journal.with(|s| s.organisation_area()), Ok(false));
        assert_eq!(
            journal.with(|s| s.profile()).unwrap().unwrap().name,
            profile.name
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    const PASSPHRASE: &str = "correct horse battery staple";

    /// No test touches this computer's keystore.
    fn no_keystore() {
        std::env::set_var(reflect_core::encryption::keystore::KEYSTORE_ENV, "off");
    }

    fn passphrase(text: &str) -> Unlock {
        Unlock::Passphrase(text.to_owned().into())
    }

    #[test]
    fn locking_closes_the_journal_and_the_passphrase_or_recovery_code_opens_it_again() {
        no_keystore();
        let (journal, dir) = journal("lock");
        let profile = reflect_core::sample::profile("nhs-somerset");
        journal.with(|s| s.save_profile(&profile)).unwrap();
        let outcome = journal.with(|s| s.encrypt(PASSPHRASE, false)).unwrap();
        let code = outcome.recovery_code.unwrap();
        assert!(outcome.status.encrypted);
        assert_eq!(outcome.warning, None);

        journal.lock().unwrap();
        assert_eq!(journal.with(|s| s.profile()).unwrap_err().kind, "locked");
        // Locking a locked journal changes nothing.
        journal.lock().unwrap();

        // A wrong passphrase: refused naming the field, and the journal stays locked.
        let wrong = journal
            .unlock(&dir, passphrase("not the passphrase"))
            .unwrap_err();
        assert_eq!(
            (wrong.kind.as_str(), wrong.field.as_deref()),
            ("invalid", Some("passphrase"))
        );
        assert_eq!(journal.with(|s| s.profile()).unwrap_err().kind, "locked");
        // Straight after a wrong try, even the right one waits.
        let soon = journal.unlock(&dir, passphrase(PASSPHRASE)).unwrap_err();
        assert!(
            soon.message.starts_with("Too many wrong tries"),
            "{}",
            soon.message
        );
        std::thread::sleep(std::time::Duration::from_millis(1100));

        journal.unlock(&dir, passphrase(PASSPHRASE)).unwrap();
        assert_eq!(
            journal.with(|s| s.profile()).unwrap().unwrap().name,
            profile.name
        );
        // Unlocking an open journal changes nothing.
        journal.unlock(&dir, passphrase("anything at all")).unwrap();

        journal.lock().unwrap();
        journal
            .unlock(&dir, Unlock::RecoveryCode(code.into()))
            .unwrap();
        let state = journal.with(|s| s.encryption_status()).unwrap();
        assert!(state.encrypted);
        assert_eq!(
            state.lock_minutes,
            reflect_core::encryption::DEFAULT_LOCK_MINUTES
        );
        drop(journal);

        // The app started again: the journal is locked until the passphrase is given.
        let restarted = Journal(Mutex::new(open_dir_locked(&dir)), Mutex::new(None));
        assert_eq!(restarted.with(|s| s.profile()).unwrap_err().kind, "locked");
        restarted.unlock(&dir, passphrase(PASSPHRASE)).unwrap();
        assert_eq!(
            restarted.with(|s| s.profile()).unwrap().unwrap().name,
            profile.name
        );
        drop(restarted);
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn open_dir_locked(dir: &Path) -> Result<Store, IpcError> {
        Store::open_dir(dir).map_err(IpcError::from)
    }

    #[test]
    fn a_journal_without_a_passphrase_cannot_lock() {
        no_keystore();
        let (journal, dir) = journal("plain-lock");
        let refused = journal.lock().unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("lock"));
        assert_eq!(journal.with(|s| s.profile()), Ok(None));
        let state = journal.with(|s| s.encryption_status()).unwrap();
        assert!(!state.encrypted);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
