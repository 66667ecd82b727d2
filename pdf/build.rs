//! Build-time font work: each vendored DejaVu face is subset to `REPERTOIRE`
//! (`src/fonts/repertoire.rs`) and that subset zlib-compressed at the best level, both written to
//! `OUT_DIR` for `src/fonts.rs` to embed with `include_bytes!`. Every PDF then embeds the
//! compressed bytes as they are, so no process parses the full fonts, subsets or compresses them.
//!
//! Droid Sans Fallback (CJK, 3.9 MB) is not vendored: it is copied from Debian's
//! `fonts-droid-fallback` package (`make setup` installs it) into `OUT_DIR`, for
//! `src/fonts/fallback.rs` to embed.

use std::path::{Path, PathBuf};

use allsorts::binary::read::ReadScope;
use allsorts::font::read_cmap_subtable;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::FontTableProvider;
use allsorts::tag;
use sha2::{Digest, Sha256};

#[path = "src/fonts/repertoire.rs"]
mod repertoire;

/// The system file of Debian's `fonts-droid-fallback`, copied unchanged into `OUT_DIR`.
const DROID: &str = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
/// Its bytes in Debian bookworm's `fonts-droid-fallback` 1:6.0.1r16-1.1 (and Ubuntu's).
const DROID_SHA256: &str = "acb6440a713d880a13a21b468ba7cd43f5a2b2934972e51be791c880730777b8";

/// (vendored file, stem of the outputs)
const FACES: &[(&str, &str)] = &[
    ("fonts/DejaVuSans.ttf", "regular"),
    ("fonts/DejaVuSans-Bold.ttf", "bold"),
];

fn main() -> Result<(), String> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/fonts/repertoire.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?);
    for (file, stem) in FACES {
        println!("cargo:rerun-if-changed={file}");
        let full = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        let small = subset_face(&full).map_err(|e| format!("{file}: {e}"))?;
        let packed = deflate_best(&small).map_err(|e| format!("{file}: compress: {e}"))?;
        write(&out.join(format!("{stem}.ttf")), &small)?;
        write(&out.join(format!("{stem}.ttf.zlib")), &packed)?;
    }
    copy_droid(&out)
}

/// Droid Sans Fallback from the system package into `OUT_DIR`; without it, one line saying how
/// to install it.
fn copy_droid(out: &Path) -> Result<(), String> {
    println!("cargo:rerun-if-changed={DROID}");
    if !Path::new(DROID).is_file() {
        return Err(format!(
            "{DROID} is missing: run `make setup` or `sudo apt-get install fonts-droid-fallback`"
        ));
    }
    let bytes = std::fs::read(DROID).map_err(|e| format!("{DROID}: {e}"))?;
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if digest != DROID_SHA256 {
        println!(
            "cargo:warning={DROID} is not the file Reflect was tested with (SHA-256 {digest}, expected {DROID_SHA256}); CJK text may print differently"
        );
    }
    write(&out.join("DroidSansFallbackFull.ttf"), &bytes)
}

/// Glyph 0 (.notdef) first, then each repertoire character the face has, once, in repertoire
/// order; the subset keeps a Unicode cmap for exactly those characters.
fn subset_face(full: &[u8]) -> Result<Vec<u8>, String> {
    let scope = ReadScope::new(full);
    let data = scope
        .read::<FontData<'_>>()
        .map_err(|e| format!("parse: {e}"))?;
    let provider = data.table_provider(0).map_err(|e| format!("parse: {e}"))?;
    let cmap_data = provider
        .read_table_data(tag::CMAP)
        .map_err(|e| format!("cmap: {e}"))?;
    let cmap = ReadScope::new(&cmap_data)
        .read::<Cmap<'_>>()
        .map_err(|e| format!("cmap: {e}"))?;
    let (_, table) = read_cmap_subtable(&cmap)
        .map_err(|e| format!("cmap: {e}"))?
        .ok_or("no Unicode cmap")?;
    let mut gids: Vec<u16> = vec![0];
    for &(lo, hi) in repertoire::REPERTOIRE {
        for cp in lo..=hi {
            let g = table.map_glyph(cp).map_err(|e| format!("cmap: {e}"))?;
            if let Some(g) = g.filter(|g| *g != 0) {
                if !gids.contains(&g) {
                    gids.push(g);
                }
            }
        }
    }
    subset(
        &provider,
        &gids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| format!("subset: {e}"))
}

fn deflate_best(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    enc.finish()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
