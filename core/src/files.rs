//! Files: naming an export, writing it without ever leaving half a file, reading an import no
//! bigger than [`MAX_IMPORT_BYTES`], and listing a folder of packs. Every export (PDFs, the CSV,
//! HR's batch of PDFs) is named by [`file_name`]; every import is read by [`read_text_limited`].

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pack;

/// An export's file name from words and an extension: `file_name(&["nmc revalidation", "Jo Patel"],
/// "pdf")` → `nmc-revalidation-jo-patel.pdf`.
pub fn file_name(parts: &[&str], extension: &str) -> String {
    format!("{}.{extension}", file_stem(parts))
}

/// A file name stem from words: lower-case letters and digits, runs of anything else as one
/// hyphen ("Sam Jones", "2026-03-31" → "sam-jones-2026-03-31"). Every export names its file so.
pub fn file_stem(parts: &[&str]) -> String {
    let mut out = String::new();
    for c in parts.join(" ").chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Write `bytes` to `path` so that a crash never leaves half a file: a temporary file in the same
/// folder, synced, then renamed over the target.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |action: &'static str, source: std::io::Error| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export.pdf");
    // Unique per process and per call, so two threads writing one file never share a temporary.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{n}.part", std::process::id()));
    let result = (|| {
        let mut f = create_private(&tmp).map_err(|e| io("create", e))?;
        f.write_all(bytes).map_err(|e| io("write", e))?;
        f.sync_all().map_err(|e| io("write", e))?;
        std::fs::rename(&tmp, path).map_err(|e| io("write", e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Refuse to write over something already at `path` (a file, a folder, a link): the person
/// named it (`field`, the option or field they typed) and did not say it may be replaced.
/// `what_to_do` says how to go on, in the front end's words ("add --force to replace it, or
/// choose another name"). Called before anything is made or recorded, so a refusal changes
/// nothing.
pub fn refuse_existing(path: &Path, field: &str, what_to_do: &str) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            action: "check",
            path: path.to_path_buf(),
            source,
        }),
        Ok(m) if m.is_dir() => Err(Error::invalid(
            field,
            format!(
                "{} is a folder: give a file name inside it, or another name. Nothing was written.",
                path.display()
            ),
        )),
        Ok(_) => Err(Error::invalid(
            field,
            format!(
                "{} already exists: {what_to_do}. Nothing was written.",
                path.display()
            ),
        )),
    }
}

/// Text without the byte order mark Windows editors (Notepad) put at the start of a UTF-8 file:
/// every text import (framework files, CSV, packs) reads past it.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The largest file Reflect reads as an import (a framework file, a pack): 20 MiB. A real pack
/// of a year's appraisal is well under 1 MiB.
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// Read an import (`what`: "The framework file", "The pack") as text, without a leading byte
/// order mark ([`strip_bom`]), refusing a file over
/// [`MAX_IMPORT_BYTES`] before reading it: first by its size on disk, then by reading at most one
/// byte more than the limit, so a file that grows while it is read, or a pipe, cannot get past it.
/// The refusal is `Error::Invalid { field: "file" }` in plain English; nothing is read whole.
pub fn read_text_limited(path: &Path, what: &str) -> Result<String> {
    let mut bytes = read_bytes_limited(path, what, MAX_IMPORT_BYTES)?;
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|_| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })
}

/// Read a file of at most `limit` bytes the same way (by its size on disk, then by reading at
/// most one byte more): an archive, whose limit is larger than a text import's.
pub fn read_bytes_limited(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>> {
    let io = |source: std::io::Error| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(too_big(
            path,
            what,
            &format!("is {}", byte_size(size)),
            limit,
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(
            path,
            what,
            &format!("is larger than {}", byte_size(limit)),
            limit,
        ));
    }
    Ok(bytes)
}

fn too_big(path: &Path, what: &str, size: &str, limit: u64) -> Error {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Error::invalid(
        "file",
        format!(
            "{what} {name} {size}; Reflect opens files up to {}, so it was not read. Nothing was changed.",
            byte_size(limit)
        ),
    )
}

/// A size as people say it: "812 bytes", "3.4 KiB", "20 MiB", "1.0 GiB".
pub fn byte_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 && unit < 2 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Create (truncating) a file only its owner can read and write (0600 on Unix, whatever the umask).
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let f = options.open(path)?;
    // The umask can only take bits away, but a file that already existed keeps its mode.
    restrict(path, 0o600)?;
    Ok(f)
}

/// Make a folder private to its owner (0700 on Unix; a no-op elsewhere). A folder whose mode has
/// no write bit keeps it that way (0500): it is tightened, never loosened.
pub fn make_dir_private(dir: &Path) -> std::io::Result<()> {
    restrict(dir, 0o700)
}

/// Make a file private to its owner (0600 on Unix; a no-op elsewhere), if it exists. A file
/// without a write bit stays without one (0400).
pub fn make_file_private(path: &Path) -> std::io::Result<()> {
    match restrict(path, 0o600) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Take away every permission bit outside `keep` (group and others), never adding one.
#[cfg(unix)]
fn restrict(path: &Path, keep: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o7777;
    let tightened = mode & keep;
    if tightened != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(tightened))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _keep: u32) -> std::io::Result<()> {
    Ok(())
}

/// Every `.reflectpack` file in `dir` (not recursive), sorted.
pub fn pack_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        action: "read the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(pack::PACK_EXTENSION))
        .collect();
    files.sort();
    Ok(files)
}

/// `path` with `suffix` added to its name: the journal's `-wal`, `-shm` and its copies.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
