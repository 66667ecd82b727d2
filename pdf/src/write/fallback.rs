//! The fallback faces in a document (`fonts::fallback`): a line holding characters DejaVu lacks
//! is put in visual order (unicode-bidi), cut into runs per font, each fallback run shaped and
//! drawn glyph by glyph at its shaped position; a line whose script joins, reorders or runs right
//! to left carries `/ActualText` with the line as written, so a reader extracts the text and not
//! the glyphs' visual order. Each face a document used is embedded as a Type 0 font whose
//! program is a subset made now of only the glyphs it shows, numbered in the order they were
//! first shown (so the CIDs are the subset's glyph ids, `/CIDToGIDMap /Identity`). A document
//! that uses none adds nothing.

use std::collections::HashMap;
use std::io::Write;

use lopdf::Object;

use super::{dict, glyph_string, hex4, name, num, type0_font, Packer, Used};
use crate::fonts::fallback::{self, Run, FACES};
use crate::fonts::Face;

/// The glyphs one fallback face shows in a document: CID (= glyph in the subset) → glyph in the
/// full face and the text it stands for; CID 0 is .notdef.
struct FaceUse {
    gids: Vec<u16>,
    cids: HashMap<u16, u16>,
    text: Vec<String>,
}

/// The fallback glyphs a document shows, by face; empty (and allocation-free) for a document
/// that needs none.
#[derive(Default)]
pub(crate) struct Usage(Vec<Option<FaceUse>>);

impl Usage {
    fn cid(&mut self, face: usize, gid: u16, text: &str) -> u16 {
        if self.0.len() <= face {
            self.0.resize_with(face + 1, || None);
        }
        let Some(slot) = self.0.get_mut(face) else {
            return 0;
        };
        let used = slot.get_or_insert_with(|| FaceUse {
            gids: vec![0],
            cids: HashMap::new(),
            text: vec![String::new()],
        });
        if let Some(cid) = used.cids.get(&gid) {
            return *cid;
        }
        let Ok(cid) = u16::try_from(used.gids.len()) else {
            return 0;
        };
        used.gids.push(gid);
        used.text.push(text.to_string());
        used.cids.insert(gid, cid);
        cid
    }
}

/// The `/Font` resource name of fallback face `i`.
fn resource(i: usize) -> String {
    format!("FB{i}")
}

/// Characters of right-to-left scripts (Hebrew, Arabic and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Show line `s` (which holds characters `face` lacks) at `size`: primary runs as the writer
/// shows any text (current font `current`, such as `b"/R "`), fallback runs in their own font.
pub(super) fn show(
    out: &mut Vec<u8>,
    face: &Face,
    current: &[u8],
    size: f32,
    s: &str,
    used: &mut Used,
    usage: &mut Usage,
) {
    // Visual runs: (text, right to left), left to right as printed.
    let pieces: Vec<(&str, bool)> = if s.chars().any(is_rtl) {
        let info = unicode_bidi::ParagraphBidiInfo::new(s, None);
        let (levels, runs) = info.visual_runs(0..s.len());
        runs.into_iter()
            .filter_map(|r| {
                let rtl = levels.get(r.start).is_some_and(|l| l.is_rtl());
                Some((s.get(r)?, rtl))
            })
            .collect()
    } else {
        vec![(s, false)]
    };
    for (text, rtl) in pieces {
        let mut runs = fallback::runs(face, text);
        // Left to right text that shaping reorders or ligates (Indic, Thai) extracts as written
        // through `/ActualText`; a right-to-left run's glyphs are in visual order with their
        // characters in `/ToUnicode`, which readers put back in logical order themselves.
        let actual = !rtl
            && runs.iter().any(
                |r| matches!(r, Run::Fallback(i, _) if FACES.get(*i).is_some_and(|f| f.complex)),
            );
        if actual {
            out.extend_from_slice(b"/Span <</ActualText <FEFF");
            for unit in text.encode_utf16() {
                hex4(out, unit);
            }
            out.extend_from_slice(b">>> BDC\n");
        }
        if rtl {
            runs.reverse();
        }
        for run in runs {
            match run {
                Run::Primary(t) if rtl => {
                    let reversed: String = t.chars().rev().collect();
                    glyph_string(out, face, &reversed, used);
                }
                Run::Primary(t) => glyph_string(out, face, t, used),
                Run::Fallback(i, t) => {
                    let _ = write!(out, "/{} ", resource(i));
                    num(out, size);
                    out.extend_from_slice(b" Tf\n");
                    shaped(out, i, t, rtl, size, usage);
                    out.extend_from_slice(current);
                    num(out, size);
                    out.extend_from_slice(b" Tf\n");
                }
            }
        }
        if actual {
            out.extend_from_slice(b"EMC\n");
        }
    }
}

/// One fallback run, shaped, as `TJ` arrays: each glyph moved to its shaped place (kerning,
/// marks on their bases), raised with `Ts` where a mark sits above or below the line, and the
/// pen left at the run's shaped width.
fn shaped(out: &mut Vec<u8>, i: usize, text: &str, rtl: bool, size: f32, usage: &mut Usage) {
    let Some(run) = fallback::shape(i, text, rtl) else {
        return;
    };
    let em = i64::from(run.em);
    let milli = |v: i32| (i64::from(v) * 1000 + em / 2).div_euclid(em);
    let mut pen = 0i64;
    let mut open = false;
    for g in &run.glyphs {
        let cid = usage.cid(i, g.gid, &g.text);
        let x = milli(g.x);
        if g.y != 0 && open {
            out.extend_from_slice(b"] TJ\n");
            open = false;
        }
        if g.y != 0 {
            num(out, g.y as f32 / f32::from(run.em) * size);
            out.extend_from_slice(b" Ts\n");
        }
        if !open {
            out.push(b'[');
            open = true;
        }
        if x != pen {
            let _ = write!(out, "{} ", pen - x);
        }
        out.push(b'<');
        hex4(out, cid);
        out.push(b'>');
        pen = x + fallback::advance(i, g.gid);
        if g.y != 0 {
            out.extend_from_slice(b"] TJ\n0 Ts\n");
            open = false;
        }
    }
    let end = milli(run.width);
    if end != pen {
        if !open {
            out.push(b'[');
            open = true;
        }
        let _ = write!(out, "{}", pen - end);
    }
    if open {
        out.extend_from_slice(b"] TJ\n");
    }
}

/// The Type 0 fonts of the fallback faces the document used, as (resource name, object).
pub(super) fn fonts(
    out: &mut lopdf::Document,
    packer: &mut Packer,
    usage: &Usage,
) -> std::io::Result<Vec<(String, lopdf::ObjectId)>> {
    let mut ids = Vec::new();
    for (i, used) in usage.0.iter().enumerate() {
        let (Some(used), Some(spec)) = (used, FACES.get(i)) else {
            continue;
        };
        let program = fallback::subset_program(i, &used.gids).map_err(std::io::Error::other)?;
        let m = fallback::metrics(i)
            .ok_or_else(|| std::io::Error::other(format!("{}: cannot be read", spec.name)))?;
        let base_font = name(&format!("REFLCT+{}", spec.name));
        let mut stream = packer.stream(&program)?;
        stream
            .dict
            .set("Length1", Object::Integer(program.len() as i64));
        let program_id = out.add_object(stream);
        let descriptor = out.add_object(dict(vec![
            ("Type", name("FontDescriptor")),
            ("FontName", base_font.clone()),
            ("Flags", Object::Integer(32)),
            (
                "FontBBox",
                Object::Array(m.bbox.iter().map(|v| Object::Integer(*v)).collect()),
            ),
            ("ItalicAngle", Object::Integer(0)),
            ("Ascent", Object::Integer(m.ascent)),
            ("Descent", Object::Integer(m.descent)),
            ("CapHeight", Object::Integer(m.ascent)),
            (
                "StemV",
                Object::Integer(50 + (f64::from(m.weight) / 65.0).powi(2).round() as i64),
            ),
            ("FontFile2", Object::Reference(program_id)),
        ]));
        let widths: Vec<Object> = used
            .gids
            .iter()
            .map(|g| Object::Integer(fallback::advance(i, *g)))
            .collect();
        let to_unicode = out.add_object(packer.stream(&to_unicode(&used.text))?);
        let font = out.add_object(type0_font(
            base_font,
            to_unicode,
            descriptor,
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ));
        ids.push((resource(i), font));
    }
    Ok(ids)
}

/// The `/ToUnicode` CMap: each CID back to the characters its glyph shows (several for a
/// ligature or a conjunct; none for a glyph shaping made from no character of its own).
fn to_unicode(text: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * text.len() + 512);
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
          /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
          /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
          1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let mapped: Vec<(u16, &str)> = text
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .filter_map(|(cid, t)| Some((u16::try_from(cid).ok()?, t.as_str())))
        .collect();
    for chunk in mapped.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for &(cid, t) in chunk {
            out.push(b'<');
            hex4(&mut out, cid);
            out.extend_from_slice(b"> <");
            for unit in t.encode_utf16() {
                hex4(&mut out, unit);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}
