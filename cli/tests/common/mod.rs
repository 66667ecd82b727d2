//! Running the real `reflect` binary on a data folder of its own: shared by the CLI's test files
//! (each uses the part it needs).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // test helpers

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// `reflect --data-dir DIR ARGS…`, with `stdin` as its standard input (closed when `None`).
pub fn run_with(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run_bytes(dir, args, stdin.map_or(&[][..], str::as_bytes))
}

/// The same with any bytes on standard input; the binary may stop reading (and close the pipe)
/// once past a limit, so a short write is not a failure.
pub fn run_bytes(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    run_env(dir, args, &[], stdin)
}

/// `reflect --data-dir DIR ARGS…` with the environment variables `env` set. The OS keystore is
/// always off (`REFLECT_KEYSTORE=off`) and no passphrase file is inherited from the caller.
pub fn run_env(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
    stdin: &[u8],
) -> Output {
    let mut child = reflect()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// The `reflect` binary with a clean environment: no data folder, keystore or passphrase file
/// from the caller's.
pub fn reflect() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reflect"));
    command
        .env_remove("REFLECT_DATA_DIR")
        .env_remove("REFLECT_PASSPHRASE_FILE")
        .env("REFLECT_KEYSTORE", "off");
    command
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, None)
}

/// Standard output of a run that must succeed.
pub fn ok_with(dir: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let out = run_with(dir, args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn ok(dir: &Path, args: &[&str]) -> String {
    ok_with(dir, args, None)
}

/// The `--json` output of a run that must succeed.
pub fn json_with(dir: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok_with(dir, &all, stdin)).unwrap()
}

pub fn json(dir: &Path, args: &[&str]) -> Value {
    json_with(dir, args, None)
}

/// `reflect init` for Sam Jones at the organisation `framework`, with `more` arguments.
pub fn init(dir: &Path, framework: &str, more: &[&str]) {
    let mut args = vec![
        "init",
        "--name",
        "Sam Jones",
        "--job-title",
        "Staff Nurse",
        "--grade",
        "Band 5",
        "--team",
        "Ward 7",
        "--line-manager",
        "Alex Smith",
        "--framework",
        framework,
    ];
    args.extend_from_slice(more);
    ok(dir, &args);
}
