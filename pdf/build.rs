//! Build-time font work: each vendored DejaVu face is subset to `REPERTOIRE`
//! (`src/fonts/repertoire.rs`) and that subset zlib-compressed at the best level, both written to
//! `OUT_DIR` for `src/fonts.rs` to embed with `include_bytes!`. Every PDF then embeds the
//! compressed bytes as they are, so no process parses the full fonts, subsets or compresses them.

use std::path::{Path, PathBuf};

use allsorts::binary::read::ReadScope;
use allsorts::font::read_cmap_subtable;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::FontTableProvider;
use allsorts::tag;

#[path = "src/fonts/repertoire.rs"]
mod repertoire;

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
    Ok(())
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
