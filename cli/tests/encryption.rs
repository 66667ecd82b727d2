//! `reflect encryption …` and opening an encrypted journal, through the real binary on data
//! folders of their own, the OS keystore always off: the passphrase comes from a file or a
//! terminal, never an argument; a wrong one exits 2 and changes nothing, and each wrong try waits
//! longer; nothing written is readable in any file of the data folder; the passphrase changes
//! with the current one or the recovery code; `off` gives back an ordinary SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;

const MARKER: &str = "Zanzibarquokka";
const SQLITE: &[u8] = b"SQLite format 3\0";

/// A data folder and, apart from it, a folder for passphrase files.
struct Journal {
    data: tempfile::TempDir,
    secrets: tempfile::TempDir,
}

impl Journal {
    /// A set-up journal with one reflection, encrypted with the passphrase `first`.
    fn encrypted(first: &str) -> (Journal, String) {
        let j = Journal::plain();
        let file = j.secret("first", first);
        let outcome = j.json(
            &["encryption", "on", "--new-passphrase-file", s(&file)],
            &[],
        );
        assert_eq!(outcome["status"]["encrypted"], true, "{outcome}");
        let code = outcome["recovery_code"].as_str().unwrap().to_string();
        (j, code)
    }

    fn plain() -> Journal {
        let j = Journal {
            data: tempfile::tempdir().unwrap(),
            secrets: tempfile::tempdir().unwrap(),
        };
        common::init(j.dir(), "nhs-somerset", &[]);
        let out = j.run(
            &[
                "add",
                "--title",
                "Asked for help",
                "--text",
                "With the pump.",
            ],
            &[],
        );
        assert!(out.status.success(), "{out:?}");
        j
    }

    fn dir(&self) -> &Path {
        self.data.path()
    }

    fn db(&self) -> PathBuf {
        self.dir().join("reflect.db")
    }

    /// A file holding `text` on its first line, readable only by its owner.
    fn secret(&self, name: &str, text: &str) -> PathBuf {
        let path = self.secrets.path().join(name);
        std::fs::write(&path, format!("{text}\n")).unwrap();
        private(&path);
        path
    }

    fn run(&self, args: &[&str], env: &[(&str, &OsStr)]) -> Output {
        common::run_env(self.dir(), args, env, b"")
    }

    fn json(&self, args: &[&str], env: &[(&str, &OsStr)]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all, env);
        assert!(out.status.success(), "{args:?}: {out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// `--json ARGS` refused with exit 2: the error line.
    fn refused(&self, args: &[&str], env: &[(&str, &OsStr)]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all, env);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        serde_json::from_str(err.lines().last().unwrap()).unwrap()
    }

    /// The titles `list` shows, opened with the passphrase in `file`.
    fn titles(&self, file: &Path) -> Vec<String> {
        self.json(&["--passphrase-file", s(file), "list"], &[])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    }

    /// Every file in the data folder and its bytes (the journal, its -wal/-shm, backups, …).
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut found = Vec::new();
        let mut stack = vec![self.dir().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    found.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        found.sort();
        found
    }

    /// The journal's files, byte for byte (to show that a refusal changed nothing).
    fn journal_bytes(&self) -> Vec<(PathBuf, Vec<u8>)> {
        self.files()
            .into_iter()
            .filter(|(p, _)| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with("reflect.db") || name == "reflect.keys"
            })
            .collect()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_encrypted_journal_opens_only_with_its_passphrase_from_a_file() {
    let (j, _) = Journal::encrypted("correct horse battery staple");
    let head = std::fs::read(j.db()).unwrap();
    assert_ne!(&head[..16], SQLITE, "reflect.db must not be plain SQLite");
    let good = j.secret("good", "correct horse battery staple");

    // No passphrase, standard input not a terminal: exit 2, saying how to give it.
    let before = j.journal_bytes();
    let out = j.run(&["list"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("--passphrase-file FILE")
            && err.contains("REFLECT_PASSPHRASE_FILE")
            && err.contains("Nothing was changed"),
        "{err}"
    );
    assert_eq!(j.journal_bytes(), before, "a refused open changes nothing");
    let e = j.refused(&["list"], &[]);
    assert_eq!(e["field"], "passphrase", "{e}");

    // From --passphrase-file, and from REFLECT_PASSPHRASE_FILE (which names the file).
    assert_eq!(j.titles(&good), ["Asked for help"]);
    let listed = j.json(&["list"], &[("REFLECT_PASSPHRASE_FILE", good.as_os_str())]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let status = j.json(
        &["--passphrase-file", s(&good), "encryption", "status"],
        &[],
    );
    assert_eq!(status["encrypted"], true);
    assert_eq!(status["keystore"], false);
    assert_eq!(status["lock_minutes"], 5);

    // The passphrase itself is never an argument: clap knows no such option.
    for wrong in [
        &["--passphrase", "correct horse battery staple", "list"][..],
        &["list", "--passphrase=correct horse battery staple"],
    ] {
        let out = j.run(wrong, &[]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(
            stderr(&out).contains("has no option --passphrase"),
            "{out:?}"
        );
        assert!(
            !stderr(&out).contains("horse"),
            "the secret is not echoed: {out:?}"
        );
    }
}

#[test]
fn nothing_written_is_readable_in_any_file_of_the_data_folder() {
    let (j, _) = Journal::encrypted("correct horse battery staple");
    let good = j.secret("good", "correct horse battery staple");
    let pf = ["--passphrase-file", s(&good)];
    let add = [&pf[..], &["add", "--title", MARKER, "--text"], &[MARKER]].concat();
    assert!(j.run(&add, &[]).status.success());
    // A backup made now, besides the daily one.
    let made = j.json(&[&pf[..], &["backup"]].concat(), &[]);
    assert_eq!(
        made["encrypted"], true,
        "a backup of an encrypted journal: {made}"
    );
    let files = j.files();
    assert!(files
        .iter()
        .any(|(p, _)| p.extension() == Some(OsStr::new("reflectbackup"))));
    for (path, bytes) in &files {
        assert!(
            !bytes
                .windows(MARKER.len())
                .any(|w| w.eq_ignore_ascii_case(MARKER.as_bytes())),
            "{} holds the reflection's words unencrypted",
            path.display()
        );
    }
    assert_ne!(&std::fs::read(j.db()).unwrap()[..16], SQLITE);
    let found = j.json(&[&pf[..], &["search", MARKER]].concat(), &[]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
}

#[test]
fn a_wrong_passphrase_changes_nothing_and_each_try_waits_longer() {
    let (j, _) = Journal::encrypted("correct horse battery staple");
    let wrong = j.secret("wrong", "incorrect horse battery");
    let before = j.journal_bytes();
    // Each try a new process: the count is kept beside the journal, not in memory.
    let mut tries = Vec::new();
    for json in [false, false, true] {
        let started = Instant::now();
        let mut args = vec!["--passphrase-file", s(&wrong), "add", "--title", "No"];
        if json {
            args.insert(0, "--json");
        }
        let out = j.run(&args, &[]);
        tries.push((started, Instant::now()));
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = stderr(&out);
        let last = err.lines().last().unwrap();
        if json {
            let e: Value = serde_json::from_str(last).unwrap();
            assert_eq!(e["field"], "passphrase", "{e}");
        } else {
            assert!(
                last.starts_with("reflect: passphrase: That passphrase does not unlock this journal. Nothing was changed"),
                "{err}"
            );
        }
        if tries.len() > 1 {
            assert!(err.contains("reflect: waiting "), "{err}");
        }
        assert_eq!(
            j.journal_bytes(),
            before,
            "a wrong passphrase changes nothing"
        );
    }
    // The first failure earns a 1 s wait, the second 2 s, counted from when each wrong try
    // began: the next try is made only after it. (How long each process takes is not compared:
    // that depends on how busy the machine is, and once failed CI under load. The doubling
    // itself is checked exactly by `wait_after`'s test in the integration crate.)
    let waited = |n: usize| tries[n].1 - tries[n - 1].0;
    assert!(waited(1) >= Duration::from_secs(1), "{tries:?}");
    assert!(waited(2) >= Duration::from_secs(2), "{tries:?}");
}

#[test]
fn the_passphrase_changes_with_the_current_one_or_the_recovery_code() {
    let (j, code) = Journal::encrypted("correct horse battery staple");
    let first = j.secret("first", "correct horse battery staple");
    let second = j.secret("second", "a second passphrase here");
    let third = j.secret("third", "the third passphrase, recovered");
    let changed = j.json(
        &[
            "--passphrase-file",
            s(&first),
            "encryption",
            "change-passphrase",
            "--new-passphrase-file",
            s(&second),
        ],
        &[],
    );
    assert_eq!(changed["status"]["encrypted"], true, "{changed}");
    let e = j.refused(&["--passphrase-file", s(&first), "list"], &[]);
    assert_eq!(
        e["field"], "passphrase",
        "the old passphrase opens nothing: {e}"
    );
    assert_eq!(j.titles(&second), ["Asked for help"]);

    // A forgotten passphrase: the recovery code written down at set-up sets a new one.
    let code_file = j.secret("code", &code.to_lowercase());
    let text = common::run_env(
        j.dir(),
        &[
            "--recovery-code-file",
            s(&code_file),
            "encryption",
            "change-passphrase",
            "--new-passphrase-file",
            s(&third),
        ],
        &[],
        b"",
    );
    assert!(text.status.success(), "{text:?}");
    assert!(String::from_utf8_lossy(&text.stdout).contains("Your passphrase is changed"));
    assert_eq!(j.titles(&third), ["Asked for help"]);
    assert_eq!(
        j.refused(&["--passphrase-file", s(&second), "list"], &[])["field"],
        "passphrase"
    );

    // A new recovery code: shown once; the old one no longer opens the journal.
    let out = j.run(
        &[
            "--passphrase-file",
            s(&third),
            "encryption",
            "new-recovery-code",
        ],
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("Recovery code:") && shown.contains("old recovery code no longer works"),
        "{shown}"
    );
    let e = j.refused(&["--recovery-code-file", s(&code_file), "list"], &[]);
    assert_eq!(e["field"], "recovery_code", "{e}");
    let not_a_code = j.secret("not-a-code", "my dog's name");
    let e = j.refused(&["--recovery-code-file", s(&not_a_code), "list"], &[]);
    assert_eq!(e["field"], "recovery_code", "{e}");

    // A new passphrase too short: refused, naming the field, before anything changes.
    let short = j.secret("short", "short");
    let before = j.journal_bytes();
    let e = j.refused(
        &[
            "--passphrase-file",
            s(&third),
            "encryption",
            "change-passphrase",
            "--new-passphrase-file",
            s(&short),
        ],
        &[],
    );
    assert_eq!(e["field"], "new_passphrase", "{e}");
    assert_eq!(j.journal_bytes(), before);
}

#[test]
fn turning_encryption_off_gives_back_plain_sqlite_with_every_reflection() {
    let j = Journal::plain();
    let file = j.secret("p", "correct horse battery staple");
    // The warning comes first, then the recovery code, on standard output.
    let out = j.run(
        &["encryption", "on", "--new-passphrase-file", s(&file)],
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let warning = text.find("If you forget this passphrase, nobody can recover your journal");
    let code = text.find("Recovery code:");
    assert!(warning.is_some() && code > warning, "{text}");
    // The daily backup made at set-up is not encrypted: said, since encrypting leaves it so.
    assert!(
        text.contains("Note: 1 backup made before now is not encrypted"),
        "{text}"
    );
    assert!(j.dir().join("reflect.keys").exists());
    let e = j.refused(
        &["encryption", "on", "--new-passphrase-file", s(&file)],
        &[],
    );
    assert_eq!(e["field"], "passphrase", "already encrypted: {e}");

    let pf = ["--passphrase-file", s(&file)];
    let add = [&pf[..], &["add", "--title", "Second", "--text", "More."]].concat();
    assert!(j.run(&add, &[]).status.success());
    // `off` needs the passphrase: without one, refused, and the journal stays encrypted.
    let e = j.refused(&["encryption", "off"], &[]);
    assert_eq!(e["field"], "passphrase", "{e}");
    assert_ne!(&std::fs::read(j.db()).unwrap()[..16], SQLITE);

    let done = j.json(&[&pf[..], &["encryption", "off"]].concat(), &[]);
    assert_eq!(done["status"]["encrypted"], false, "{done}");
    assert_eq!(&std::fs::read(j.db()).unwrap()[..16], SQLITE);
    assert!(!j.dir().join("reflect.keys").exists());
    let list = j.json(&["list"], &[]);
    let mut titles: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Asked for help", "Second"]);
    let e = j.refused(&["encryption", "off"], &[]);
    assert_eq!(e["field"], "passphrase", "not encrypted: {e}");
}

#[test]
fn the_keystore_and_lock_minutes_settings() {
    let (j, _) = Journal::encrypted("correct horse battery staple");
    let good = j.secret("good", "correct horse battery staple");
    let pf = ["--passphrase-file", s(&good)];
    let status = j.json(
        &[&pf[..], &["encryption", "lock-minutes", "0"]].concat(),
        &[],
    );
    assert_eq!(status["lock_minutes"], 0);
    let status = j.json(
        &[&pf[..], &["encryption", "lock-minutes", "480"]].concat(),
        &[],
    );
    assert_eq!(status["lock_minutes"], 480);
    let e = j.refused(
        &[&pf[..], &["encryption", "lock-minutes", "481"]].concat(),
        &[],
    );
    assert_eq!(e["field"], "lock_minutes", "{e}");
    // REFLECT_KEYSTORE=off in every test: the keystore is refused, naming it.
    let e = j.refused(&[&pf[..], &["encryption", "keystore", "on"]].concat(), &[]);
    assert_eq!(e["field"], "keystore", "{e}");
    let text = String::from_utf8(
        j.run(&[&pf[..], &["encryption", "status"]].concat(), &[])
            .stdout,
    )
    .unwrap();
    assert!(text.contains("Encrypted:  yes") && text.contains("App lock:   after 480 minutes"));
}

#[test]
fn passphrase_files_that_cannot_hold_one_are_refused_plainly() {
    let (j, _) = Journal::encrypted("correct horse battery staple");
    let huge = j.secrets.path().join("huge");
    std::fs::write(&huge, "x".repeat(5000)).unwrap();
    let empty = j.secret("empty", "");
    let missing = j.secrets.path().join("missing");
    let folder = j.secrets.path().to_path_buf();
    let before = j.journal_bytes();
    for (file, says) in [
        (&huge, "larger than 4096 bytes"),
        (&empty, "is empty"),
        (&missing, "does not exist"),
        (&folder, "is a folder"),
    ] {
        let out = j.run(&["--passphrase-file", s(file), "list"], &[]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with("reflect: passphrase_file: ") && err.contains(says),
            "{err}"
        );
        let e = j.refused(&["list"], &[("REFLECT_PASSPHRASE_FILE", file.as_os_str())]);
        assert_eq!(e["field"], "passphrase_file", "{e}");
    }
    assert_eq!(j.journal_bytes(), before);
    // No wrong try was counted: no wait is kept beside the journal, and the right passphrase
    // opens without one (checked by what it says, not by a clock that a busy machine slows).
    assert!(!j.dir().join(".reflect-unlock").exists());
    let good = j.secret("good", "correct horse battery staple");
    let out = j.run(&["--json", "--passphrase-file", s(&good), "list"], &[]);
    assert!(out.status.success(), "{out:?}");
    assert!(!stderr(&out).contains("waiting"), "{out:?}");
    assert_eq!(j.titles(&good), ["Asked for help"]);
    // Only the first line counts, and a Windows line ending is taken off.
    let crlf = j.secrets.path().join("crlf");
    std::fs::write(&crlf, "correct horse battery staple\r\nsecond line\n").unwrap();
    private(&crlf);
    assert_eq!(j.titles(&crlf), ["Asked for help"]);
    // An empty REFLECT_PASSPHRASE_FILE is as good as unset: asked for, not a usage error.
    let unset = ("REFLECT_PASSPHRASE_FILE", OsStr::new(""));
    let out = j.run(&["list"], &[unset]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        stderr(&out).contains("give its passphrase with --passphrase-file FILE"),
        "{out:?}"
    );
    // A plain journal never reads the file (a missing one is no error there).
    let plain = Journal::plain();
    let out = plain.run(&["--passphrase-file", s(&missing), "list"], &[]);
    assert!(out.status.success(), "{out:?}");
    assert!(plain.run(&["list"], &[unset]).status.success());
}

#[cfg(unix)]
#[test]
fn a_passphrase_file_others_can_read_is_used_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let (j, _) = Journal::encrypted("correct horse battery staple");
    let open = j.secret("open", "correct horse battery staple");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = j.run(&["--passphrase-file", s(&open), "list"], &[]);
    assert!(out.status.success(), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("warning: other users of this computer can open") && err.contains("chmod 600"),
        "{err}"
    );
    let good = j.secret("good", "correct horse battery staple");
    let out = j.run(&["--passphrase-file", s(&good), "list"], &[]);
    assert!(!stderr(&out).contains("warning"), "{out:?}");
}

/// `reflect ARGS…` on a terminal of its own (a pty, through util-linux `script`), typed at like a
/// person: what it prints is read as it comes.
#[cfg(target_os = "linux")]
struct Terminal {
    child: std::process::Child,
    input: std::process::ChildStdin,
    screen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    seen: usize,
}

#[cfg(target_os = "linux")]
impl Terminal {
    fn start(j: &Journal, args: &[&str]) -> Terminal {
        use std::io::Read;
        use std::process::{Command, Stdio};
        let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
        let mut line = vec![
            quote(env!("CARGO_BIN_EXE_reflect")),
            "--data-dir".into(),
            quote(s(j.dir())),
        ];
        line.extend(args.iter().map(|a| quote(a)));
        let mut child = Command::new("script")
            .args(["-qfec", &line.join(" "), "/dev/null"])
            .env_remove("REFLECT_DATA_DIR")
            .env_remove("REFLECT_PASSPHRASE_FILE")
            .env("REFLECT_KEYSTORE", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let mut output = child.stdout.take().unwrap();
        let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let shared = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = output.read(&mut buf) {
                shared.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            child,
            input,
            screen,
            seen: 0,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Wait until `what` is printed (after what was last waited for).
    fn expect(&mut self, what: &str) {
        let started = Instant::now();
        loop {
            let text = self.text();
            if let Some(at) = text.get(self.seen..).and_then(|rest| rest.find(what)) {
                self.seen += at + what.len();
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{what:?} never came: {text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Type `text` and Enter, a moment after the prompt (as a person would).
    fn type_line(&mut self, text: &str) {
        use std::io::Write;
        std::thread::sleep(Duration::from_millis(300));
        self.input
            .write_all(format!("{text}\n").as_bytes())
            .unwrap();
        self.input.flush().unwrap();
    }

    /// The exit status and everything printed.
    fn finish(mut self) -> (Option<i32>, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (status.code(), self.text())
    }
}

/// Whether util-linux `script` is there to give reflect a terminal.
#[cfg(target_os = "linux")]
fn has_script() -> bool {
    let found = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: no util-linux `script` to give reflect a terminal");
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn the_passphrase_is_typed_on_a_terminal_without_echo() {
    if !has_script() {
        return;
    }
    const PASSPHRASE: &str = "correct horse battery staple";
    const PROMPT: &str = "Passphrase for your Reflect journal: ";
    let j = Journal::plain();

    // Set-up: the warning, the new passphrase typed twice, the recovery code.
    let mut t = Terminal::start(&j, &["encryption", "on"]);
    t.expect("If you forget this passphrase, nobody can recover your journal");
    t.expect("New passphrase");
    t.type_line(PASSPHRASE);
    t.expect("again: ");
    t.type_line(PASSPHRASE);
    t.expect("Recovery code:");
    let (code, screen) = t.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        !screen.contains("horse"),
        "the passphrase was echoed: {screen}"
    );
    assert_ne!(&std::fs::read(j.db()).unwrap()[..16], SQLITE);

    // A wrong passphrase, then the right one (after the 1 s the wrong one earned).
    let mut t = Terminal::start(&j, &["list"]);
    t.expect(PROMPT);
    t.type_line("a wrong passphrase");
    t.expect("That passphrase does not unlock this journal");
    t.expect(PROMPT);
    t.type_line(PASSPHRASE);
    t.expect("waiting 1 second after wrong passphrases");
    t.expect("Asked for help");
    let (code, screen) = t.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        !screen.contains("horse") && !screen.contains("wrong passphrase\r"),
        "{screen}"
    );

    // Three wrong prompts: given up, exit 2, nothing changed.
    let before = j.journal_bytes();
    let mut t = Terminal::start(&j, &["add", "--title", "Never saved"]);
    for _ in 0..3 {
        t.expect(PROMPT);
        t.type_line("a wrong passphrase");
        t.expect("That passphrase does not unlock this journal");
    }
    let (code, screen) = t.finish();
    assert_eq!(code, Some(2), "{screen}");
    assert_eq!(screen.matches(PROMPT).count(), 3, "{screen}");
    assert_eq!(j.journal_bytes(), before);
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_off_asks_for_the_passphrase_again_and_a_change_does_not() {
    if !has_script() {
        return;
    }
    const PROMPT: &str = "Passphrase for your Reflect journal: ";
    let (j, _) = Journal::encrypted("correct horse battery staple");

    // The passphrase that opened the journal is the current one: only the new one is asked for.
    let mut t = Terminal::start(&j, &["encryption", "change-passphrase"]);
    t.expect(PROMPT);
    t.type_line("correct horse battery staple");
    t.expect("New passphrase");
    t.type_line("a brand new passphrase");
    t.expect("again: ");
    t.type_line("a brand new passphrase");
    t.expect("Your passphrase is changed");
    let (code, screen) = t.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(!screen.contains("Current passphrase"), "{screen}");

    // Turning encryption off asks again, as confirmation.
    let mut t = Terminal::start(&j, &["encryption", "off"]);
    t.expect(PROMPT);
    t.type_line("a brand new passphrase");
    t.expect("Current passphrase for your Reflect journal (to turn encryption off): ");
    t.type_line("a brand new passphrase");
    t.expect("no longer encrypted");
    let (code, screen) = t.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        !screen.contains("brand new"),
        "the passphrase was echoed: {screen}"
    );
    assert_eq!(&std::fs::read(j.db()).unwrap()[..16], SQLITE);
}

#[test]
fn an_encrypted_journals_backup_restores_elsewhere_with_the_passphrase_or_recovery_code() {
    let (j, code) = Journal::encrypted("first passphrase here");
    let pass = j.secret("pass", "first passphrase here");
    let made = j.json(&["--passphrase-file", s(&pass), "backup"], &[]);
    let backup = PathBuf::from(made["path"].as_str().unwrap());
    let bytes = std::fs::read(&backup).unwrap();
    assert!(bytes.starts_with(b"Reflect backup\nformat: 2\n"));
    assert!(!bytes.windows(13).any(|w| w == b"With the pump"));
    // Not a terminal and no secret: refused plainly, nothing written.
    let nowhere = tempfile::tempdir().unwrap();
    let target = nowhere.path().join("new-laptop");
    let out = common::run_env(&target, &["backup", "restore", s(&backup)], &[], b"");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!target.join("reflect.db").exists());
    // With the recovery code from a file: restored, still encrypted, opens with the passphrase.
    let code_file = j.secret("code", &code);
    let out = common::run_env(
        &target,
        &[
            "--recovery-code-file",
            s(&code_file),
            "backup",
            "restore",
            s(&backup),
        ],
        &[],
        b"",
    );
    assert!(out.status.success(), "{out:?}");
    assert!(!std::fs::read(target.join("reflect.db"))
        .unwrap()
        .starts_with(SQLITE));
    let listed = common::run_env(
        &target,
        &["--passphrase-file", s(&pass), "--json", "list"],
        &[],
        b"",
    );
    assert!(listed.status.success(), "{listed:?}");
    let rows: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(rows[0]["title"], "Asked for help");
    // With the passphrase file, into a second folder.
    let second = nowhere.path().join("second");
    let out = common::run_env(
        &second,
        &[
            "--passphrase-file",
            s(&pass),
            "backup",
            "restore",
            s(&backup),
        ],
        &[],
        b"",
    );
    assert!(out.status.success(), "{out:?}");
}
