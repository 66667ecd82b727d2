//! Writing and reading the zip container, with the limits checked as the bytes are read (a zip's
//! headers can claim any size: only what decompression actually yields is counted).

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use crate::error::{Error, Result};

use super::{
    check_name, refused, MAX_ARCHIVE_BYTES, MAX_ENTRIES, MAX_JSON_ENTRY_BYTES, MAX_PDF_ENTRY_BYTES,
    MAX_UNCOMPRESSED_BYTES,
};

/// Write `entries` (in order) as a deflated zip, each dated `created_at` (UTC). Entries are 0600
/// on Unix.
pub(crate) fn write<'a>(
    created_at: &str,
    entries: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    if let Some(t) = zip_time(created_at) {
        options = options.last_modified_time(t);
    }
    let failed = |e: zip::result::ZipError| Error::Corrupt(format!("writing the archive: {e}"));
    for (name, bytes) in entries {
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(bytes)
            .map_err(|e| Error::Corrupt(format!("writing the archive: {e}")))?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

fn zip_time(at: &str) -> Option<zip::DateTime> {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::parse_from_rfc3339(at).ok()?.naive_utc();
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
        u8::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        u8::try_from(t.second()).ok()?,
    )
    .ok()
}

/// A PDF entry as read: its size and hash (the bytes are not kept).
pub(crate) struct Blob {
    pub bytes: u64,
    pub sha256: String,
}

/// Every entry of a zip: JSON entries with their bytes, PDFs as size and hash. Refuses unsafe or
/// duplicate names, other kinds of file, and anything over the limits as it is read.
pub(crate) struct Entries {
    pub json: BTreeMap<String, Vec<u8>>,
    pub pdfs: BTreeMap<String, Blob>,
}

pub(crate) fn read(bytes: &[u8]) -> Result<Entries> {
    if bytes.len() as u64 > MAX_ARCHIVE_BYTES {
        return Err(refused(format!(
            "This archive is {} MiB; Reflect opens archives of up to {} MiB (Nothing was changed.)",
            bytes.len() / (1024 * 1024),
            MAX_ARCHIVE_BYTES / (1024 * 1024)
        )));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        refused(format!(
            "This is not a Reflect archive (it could not be read as a zip file: {e}). Nothing was changed."
        ))
    })?;
    // The zip reader keeps one entry per name: a name listed twice in the central directory
    // shows as fewer entries than the directory's own count.
    if central_directory_count(bytes).is_some_and(|n| n != zip.len() as u64) {
        return Err(refused(
            "The archive holds an entry twice under one name (Nothing was changed.)",
        ));
    }
    if zip.len() > MAX_ENTRIES {
        return Err(refused(format!(
            "This archive has {} entries; an archive may hold at most {MAX_ENTRIES} (Nothing was changed.)",
            zip.len()
        )));
    }
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    let mut out = Entries {
        json: BTreeMap::new(),
        pdfs: BTreeMap::new(),
    };
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| {
            refused(format!(
                "Entry {} of the archive cannot be read: {e} (Nothing was changed.)",
                i + 1
            ))
        })?;
        let name = file
            .name()
            .map_err(|e| {
                refused(format!(
                    "Entry {} of the archive has a name that cannot be read: {e} (Nothing was changed.)",
                    i + 1
                ))
            })?
            .to_string();
        check_name(&name)?;
        if !seen.insert(name.clone()) {
            return Err(refused(format!(
                "The archive holds “{name}” twice (Nothing was changed.)"
            )));
        }
        let (limit, is_json) = if name.ends_with(".json") {
            (MAX_JSON_ENTRY_BYTES, true)
        } else if name.ends_with(".pdf") {
            (MAX_PDF_ENTRY_BYTES, false)
        } else {
            return Err(refused(format!(
                "The archive has an entry “{name}” that archive format 1 does not have (only .json and .pdf files). Nothing was changed."
            )));
        };
        // Read at most one byte past the limit, whatever the headers say.
        let mut limited = (&mut file).take(limit + 1);
        let mut hasher = Sha256::new();
        let mut kept = Vec::new();
        let mut n: u64 = 0;
        let mut buf = [0u8; 64 * 1024];
        loop {
            let got = limited.read(&mut buf).map_err(|e| {
                refused(format!(
                    "The entry “{name}” cannot be read: {e} (Nothing was changed.)"
                ))
            })?;
            if got == 0 {
                break;
            }
            let chunk = buf.get(..got).unwrap_or_default();
            n += got as u64;
            total += got as u64;
            if n > limit {
                return Err(refused(format!(
                    "The entry “{name}” is larger than {} MiB once decompressed (Nothing was changed.)",
                    limit / (1024 * 1024)
                )));
            }
            if total > MAX_UNCOMPRESSED_BYTES {
                return Err(refused(format!(
                    "The archive is larger than {} MiB once decompressed (Nothing was changed.)",
                    MAX_UNCOMPRESSED_BYTES / (1024 * 1024)
                )));
            }
            if is_json {
                kept.extend_from_slice(chunk);
            } else {
                hasher.update(chunk);
            }
        }
        if is_json {
            out.json.insert(name, kept);
        } else {
            let digest = hasher.finalize();
            out.pdfs.insert(
                name,
                Blob {
                    bytes: n,
                    sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
                },
            );
        }
    }
    Ok(out)
}

/// The number of entries the end of central directory record says the zip has (`None` for a
/// zip64 count, which the reader checks itself, or when the record is not found).
fn central_directory_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
    let start = bytes.len().saturating_sub(22 + 65_535);
    let tail = bytes.get(start..)?;
    let at = tail.windows(4).rposition(|w| w == EOCD)?;
    let record = tail.get(at..at + 22)?;
    let total = u16::from_le_bytes([*record.get(10)?, *record.get(11)?]);
    (total != u16::MAX).then_some(u64::from(total))
}
