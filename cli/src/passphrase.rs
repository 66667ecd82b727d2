//! Where the journal's passphrase comes from: a prompt on a terminal (no echo), or a file named
//! by `--passphrase-file FILE` or `REFLECT_PASSPHRASE_FILE` (its first line); the recovery code
//! from `--recovery-code-file FILE`. Never from an argument or an environment variable holding the
//! secret itself: both are visible to other programs (`ps`, `/proc`, shell history). Every secret
//! is held in a `Zeroizing` string, wiped when dropped.
//!
//! Opening an encrypted journal (`open`): the OS keystore first (when chosen), then the recovery
//! code file, the passphrase file, or up to three prompts; before each try, the wait the last
//! wrong answers earned (`attempts::remaining`) is slept here, with a line on stderr, so that the
//! try is not refused as too soon.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use reflect_core::encryption::{attempts, check_new_passphrase, Secret, Unlock};
use reflect_core::store::DB_FILE;
use reflect_core::{Error, Result, Store};
use zeroize::Zeroizing;

use crate::output::line;

/// The largest file a passphrase or recovery code is read from (a passphrase is at most 1,024
/// characters): anything bigger is not such a file, and is refused unread.
pub const MAX_FILE: u64 = 4096;
/// The prompt for the journal's passphrase.
pub const PROMPT: &str = "Passphrase for your Reflect journal: ";
/// How many prompts on a terminal before giving up.
const PROMPTS: u32 = 3;

/// The passphrase and recovery code files named on the command line, each read at most once,
/// and only when a secret is needed (a plain journal never reads them). No `Debug`: it holds
/// secrets.
pub struct Secrets {
    passphrase_file: Option<PathBuf>,
    recovery_code_file: Option<PathBuf>,
    passphrase: Option<Secret>,
    recovery_code: Option<Secret>,
    /// The passphrase typed at the prompt that opened the journal.
    typed: Option<Secret>,
}

impl Secrets {
    /// An empty `passphrase_file` (an empty `REFLECT_PASSPHRASE_FILE`) is none.
    pub fn new(passphrase_file: Option<PathBuf>, recovery_code_file: Option<PathBuf>) -> Secrets {
        Secrets {
            passphrase_file: passphrase_file.filter(|p| !p.as_os_str().is_empty()),
            recovery_code_file,
            passphrase: None,
            recovery_code: None,
            typed: None,
        }
    }

    /// The passphrase from `--passphrase-file` / `REFLECT_PASSPHRASE_FILE`, if one was named.
    pub fn passphrase(&mut self) -> Result<Option<Secret>> {
        if self.passphrase.is_none() {
            if let Some(path) = &self.passphrase_file {
                self.passphrase = Some(read_file(path, "passphrase_file", "the passphrase")?);
            }
        }
        Ok(self.passphrase.clone())
    }

    /// The recovery code from `--recovery-code-file`, if one was named.
    pub fn recovery_code(&mut self) -> Result<Option<Secret>> {
        if self.recovery_code.is_none() {
            if let Some(path) = &self.recovery_code_file {
                self.recovery_code =
                    Some(read_file(path, "recovery_code_file", "the recovery code")?);
            }
        }
        Ok(self.recovery_code.clone())
    }

    /// The current passphrase: from the file if one was named, else the one just typed to open
    /// the journal (unless `ask_again`, as confirmation), else typed on a terminal, else a
    /// refusal naming how to give it. `purpose` ("to turn encryption off") goes in the prompt and
    /// the refusal; `recovery` names the recovery code as another way in.
    pub fn current_passphrase(
        &mut self,
        purpose: &str,
        recovery: bool,
        ask_again: bool,
    ) -> Result<Secret> {
        if let Some(p) = self.passphrase()? {
            return Ok(p);
        }
        if let Some(p) = self.typed.as_ref().filter(|_| !ask_again) {
            return Ok(p.clone());
        }
        if !can_prompt() {
            let mut what = format!("{purpose}, give the journal's current passphrase");
            if let Some(first) = what.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            return Err(no_passphrase(&what, recovery));
        }
        prompt(
            &format!("Current passphrase for your Reflect journal ({purpose}): "),
            "passphrase",
        )
    }
}

/// A refusal for a passphrase that cannot be asked for: what to do instead.
fn no_passphrase(what: &str, recovery: bool) -> Error {
    Error::invalid(
        "passphrase",
        format!(
            "{what} with --passphrase-file FILE or REFLECT_PASSPHRASE_FILE=FILE (a file holding \
             it on its first line, readable only by you), or run reflect on a terminal to type \
             it{}. Nothing was changed",
            if recovery {
                " (forgotten it? --recovery-code-file FILE, with the recovery code written down \
                 at set-up)"
            } else {
                ""
            }
        ),
    )
}

/// A secret from the first line of a file (`\n` or `\r\n` taken off; a UTF-8 byte-order mark
/// too). A missing file, a folder, an empty first line or a file over [`MAX_FILE`] is refused,
/// naming `field`. A file others can read is used, with a warning, as ssh does.
pub fn read_file(path: &Path, field: &str, what: &str) -> Result<Secret> {
    let shown = line(&path.display().to_string()).into_owned();
    let refuse = |why: String| Error::invalid(field, why);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(refuse(format!(
                "{shown} does not exist: name a file holding {what} on its first line"
            )))
        }
        Err(e) => return Err(refuse(format!("{shown} could not be read ({e})"))),
    };
    if meta.is_dir() {
        return Err(refuse(format!(
            "{shown} is a folder: name a file holding {what} on its first line"
        )));
    }
    if meta.len() > MAX_FILE {
        return Err(too_big(field, &shown, what));
    }
    warn_if_open_to_others(path, &meta, &shown);
    let mut bytes = Zeroizing::new(Vec::with_capacity(256));
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| refuse(format!("{shown} could not be read ({e})")))?;
    // A pipe or a device has no size to check beforehand.
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_big(field, &shown, what));
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        refuse(format!(
            "{shown} is not text (UTF-8): it cannot hold {what}"
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split('\n').next().unwrap_or_default();
    let first = first.strip_suffix('\r').unwrap_or(first);
    if first.is_empty() {
        return Err(refuse(format!(
            "the first line of {shown} is empty: it must hold {what}"
        )));
    }
    Ok(Zeroizing::new(first.to_owned()))
}

fn too_big(field: &str, shown: &str, what: &str) -> Error {
    Error::invalid(
        field,
        format!(
            "{shown} is larger than {MAX_FILE} bytes: it is not a file holding {what}, so it was \
             not read"
        ),
    )
}

#[cfg(unix)]
fn warn_if_open_to_others(_path: &Path, meta: &std::fs::Metadata, shown: &str) {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if meta.is_file() && mode & 0o077 != 0 {
        let _ = writeln!(
            std::io::stderr(),
            "reflect: warning: other users of this computer can open {shown} (permissions \
             {mode:03o}): make it yours only with `chmod 600 {shown}`"
        );
    }
}

#[cfg(not(unix))]
fn warn_if_open_to_others(_path: &Path, _meta: &std::fs::Metadata, _shown: &str) {}

/// Whether a passphrase can be typed: standard input and standard error are both a terminal.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// A secret typed on the terminal without echo, the prompt on stderr. Nothing typed is a
/// refusal naming `field`.
pub fn prompt(text: &str, field: &str) -> Result<Secret> {
    let config = rpassword::ConfigBuilder::new()
        .output_writer(std::io::stderr())
        .build();
    let typed = Zeroizing::new(
        rpassword::prompt_password_with_config(text, config).map_err(|source| Error::Io {
            action: "read the passphrase from",
            path: "the terminal".into(),
            source,
        })?,
    );
    if typed.is_empty() {
        return Err(Error::invalid(
            field,
            "Nothing was typed, so nothing was changed",
        ));
    }
    Ok(typed)
}

/// A new passphrase: from `file`, or typed twice on a terminal (the two must match). Checked
/// against the rules (length) before it is used, naming `new_passphrase`.
pub fn new_passphrase(file: Option<&Path>) -> Result<Secret> {
    const FIELD: &str = "new_passphrase";
    let p =
        match file {
            Some(path) => read_file(path, "new_passphrase_file", "the new passphrase")?,
            None if can_prompt() => {
                let first = prompt(
                    "New passphrase (three random words you will remember make a good one): ",
                    FIELD,
                )?;
                check_new_passphrase(&first, FIELD)?;
                let again = prompt("The new passphrase again: ", FIELD)?;
                if *again != *first {
                    return Err(Error::invalid(
                        FIELD,
                        "The two passphrases typed are not the same. Nothing was changed",
                    ));
                }
                first
            }
            None => return Err(Error::invalid(
                FIELD,
                "Give the new passphrase with --new-passphrase-file FILE (a file holding it on \
                 its first line, readable only by you), or run reflect on a terminal to type it. \
                 Nothing was changed",
            )),
        };
    check_new_passphrase(&p, FIELD)?;
    Ok(p)
}

/// Sleep the wait that the last wrong passphrases or codes for the journal `db` earned, saying
/// so on stderr.
pub fn wait_before_trying(db: &Path) {
    let wait = attempts::remaining(db, chrono::Utc::now());
    if wait.is_zero() {
        return;
    }
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let _ = writeln!(
        std::io::stderr(),
        "reflect: waiting {secs} second{} after wrong passphrases…",
        if secs == 1 { "" } else { "s" }
    );
    // A moment more, so the try is not a hair too soon by another clock reading.
    std::thread::sleep(wait + Duration::from_millis(20));
}

/// Open the journal in `dir`: a plain one as it is; an encrypted one with the OS keystore's key
/// (when chosen), else the recovery code file, the passphrase file, or a prompt on a terminal
/// (up to three tries), else a refusal naming how to give the passphrase.
pub fn open(dir: &Path, secrets: &mut Secrets) -> Result<Store> {
    match Store::open_dir(dir) {
        Err(Error::Locked) => {}
        other => return other,
    }
    if let Some(code) = secrets.recovery_code()? {
        wait_before_trying(&dir.join(DB_FILE));
        return Store::open_dir_with(dir, Unlock::RecoveryCode(code));
    }
    if let Some(p) = secrets.passphrase()? {
        wait_before_trying(&dir.join(DB_FILE));
        return Store::open_dir_with(dir, Unlock::Passphrase(p));
    }
    if !can_prompt() {
        return Err(no_passphrase(
            "This journal is encrypted: to open it, give its passphrase",
            true,
        ));
    }
    let mut tries = 0;
    loop {
        tries += 1;
        let p = prompt(PROMPT, "passphrase")?;
        wait_before_trying(&dir.join(DB_FILE));
        match Store::open_dir_with(dir, Unlock::Passphrase(p.clone())) {
            Err(e @ Error::Invalid { .. })
                if tries < PROMPTS && e.field() == Some("passphrase") =>
            {
                let _ = writeln!(std::io::stderr(), "{}", line(&e.message()));
            }
            Ok(store) => {
                secrets.typed = Some(p);
                return Ok(store);
            }
            other => return other,
        }
    }
}
