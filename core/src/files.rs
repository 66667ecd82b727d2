//! Files: naming an export, writing it without ever leaving half a file, and listing a folder of
//! packs. Every export (PDFs, the CSV, HR's batch of PDFs) is named by [`file_name`].

use std::io::Write;
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
    let tmp = dir.join(format!(".{name}.{}.part", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| io("create", e))?;
        f.write_all(bytes).map_err(|e| io("write", e))?;
        f.sync_all().map_err(|e| io("write", e))?;
        std::fs::rename(&tmp, path).map_err(|e| io("write", e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
