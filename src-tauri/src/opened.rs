//! Packs opened from outside the app: a `.reflectpack` the file manager or an email client opens
//! with Reflect (its path on the command line), or one a second launch hands to the running
//! window (the single-instance plugin passes its arguments here, and the second launch ends).
//! They wait in [`Opened`] until the UI, with the journal open, takes them
//! (`open_pending_packs`): each then goes through `Store::import_pack`, the same checks as an
//! import from the open dialog, and the UI shows where it went.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use reflect_core::pack::PACK_EXTENSION;
use reflect_core::sharing::PackImport;
use serde::Serialize;
use tauri::{Emitter, Manager};
use ts_rs::TS;

use crate::ipc::IpcError;

/// The event the window hears when a second launch hands over packs.
pub const PACKS_OPENED_EVENT: &str = "packs-opened";

/// The packs given on the command line, in order, not yet taken by the UI.
#[derive(Debug, Default)]
pub struct Opened(Mutex<Vec<PathBuf>>);

/// One opened pack: its file name, and where it went or why it was refused (nothing changed).
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpenedPack {
    pub file_name: String,
    pub imported: Option<PackImport>,
    pub error: Option<IpcError>,
}

impl Opened {
    /// This launch's own packs (its arguments after the program name).
    pub(crate) fn from_launch() -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        Opened(Mutex::new(packs_in(std::env::args_os().skip(1), &cwd)))
    }

    /// Add packs handed over by another launch.
    pub(crate) fn add(&self, packs: Vec<PathBuf>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(packs);
    }

    /// Every pack waiting, which no longer waits.
    pub(crate) fn take(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Put back packs that could not be opened yet (the journal is locked or not set up), ahead
    /// of any that came meanwhile.
    pub(crate) fn put_back(&self, mut packs: Vec<PathBuf>) {
        let mut waiting = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        packs.append(&mut waiting);
        *waiting = packs;
    }
}

/// The `.reflectpack` files among `args`, relative ones taken from `cwd` (the launching
/// process's folder). Anything else (options, other files) is not Reflect's to open: left out.
pub fn packs_in(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Vec<PathBuf> {
    args.into_iter()
        .map(PathBuf::from)
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(PACK_EXTENSION))
        })
        .map(|p| if p.is_relative() { cwd.join(p) } else { p })
        .collect()
}

/// A second launch's arguments (`argv`, program name first) and folder: its packs wait for the
/// UI, which is told, and the window comes to the front (the second launch then ends).
pub(crate) fn handed_over<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    argv: Vec<String>,
    cwd: String,
) {
    let packs = packs_in(
        argv.into_iter().skip(1).map(OsString::from),
        Path::new(&cwd),
    );
    let any = !packs.is_empty();
    // Managed before the plugins start (lib.rs); were it not, the window still comes forward.
    if let Some(opened) = app.try_state::<Opened>() {
        opened.add(packs);
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if any {
        let _ = app.emit(PACKS_OPENED_EVENT, ());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_packs_are_taken_from_the_arguments_and_relative_ones_from_the_launch_folder() {
        let cwd = Path::new("/home/sam/Downloads");
        let args = [
            "--some-flag",
            "review.reflectpack",
            "/tmp/Agreed.REFLECTPACK",
            "notes.txt",
            "reflectpack",
            "../other/back.reflectpack",
        ]
        .map(OsString::from);
        assert_eq!(
            packs_in(args, cwd),
            [
                PathBuf::from("/home/sam/Downloads/review.reflectpack"),
                PathBuf::from("/tmp/Agreed.REFLECTPACK"),
                PathBuf::from("/home/sam/Downloads/../other/back.reflectpack"),
            ]
        );
    }

    #[test]
    fn packs_put_back_come_before_those_that_arrived_meanwhile() {
        let opened = Opened::default();
        opened.add(vec!["a.reflectpack".into()]);
        let first = opened.take();
        opened.add(vec!["b.reflectpack".into()]);
        opened.put_back(first);
        assert_eq!(
            opened.take(),
            [
                PathBuf::from("a.reflectpack"),
                PathBuf::from("b.reflectpack")
            ]
        );
        assert!(opened.take().is_empty());
    }
}
