//! The fallback faces, for the characters DejaVu Sans does not have: Droid Sans Fallback for
//! Chinese and Japanese, NanumSquare for Korean, and Noto Sans for Arabic (and Urdu), Hebrew, Devanagari,
//! Bengali, Gurmukhi, Gujarati, Tamil and Thai (vendored in `pdf/fonts/`, but for Droid, which
//! `pdf/build.rs` copies from Debian's `fonts-droid-fallback`; all embedded in the binary as
//! they are). A face is parsed the first time a document holds one of its characters,
//! never for Latin-only text; its text is shaped with allsorts (GSUB and GPOS: Arabic joining,
//! Indic reordering and conjuncts, marks on their bases), and a document embeds a subset made at
//! render time of just the glyphs it shows (`write::fallback`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::{DynamicFontTableProvider, FontData};
use allsorts::glyph_position::{GlyphLayout, TextDirection};
use allsorts::gpos::Placement;
use allsorts::gsub::{FeatureMask, FeatureMaskExt};
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::Font;

use super::{Face, REPLACEMENT};

/// One fallback face: the PDF name, the font program, the OpenType script it is shaped as, and
/// the Unicode blocks it is used for.
pub(crate) struct Spec {
    pub name: &'static str,
    program: &'static [u8],
    script: [u8; 4],
    /// Shaping can reorder, join or ligate (so a document adds `/ActualText`, see `write`).
    pub complex: bool,
    ranges: &'static [(u32, u32)],
}

/// Zero-width joiner and non-joiner: part of the run around them (they steer Arabic and Indic
/// shaping), though DejaVu has them.
const JOINERS: [char; 2] = ['\u{200C}', '\u{200D}'];

pub(crate) const FACES: &[Spec] = &[
    Spec {
        name: "NotoSansArabic",
        program: include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
        script: *b"arab",
        complex: true,
        ranges: &[
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0x08A0, 0x08FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
        ],
    },
    Spec {
        name: "NotoSansHebrew",
        program: include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
        script: *b"hebr",
        complex: true,
        ranges: &[(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    },
    Spec {
        name: "NotoSansDevanagari",
        program: include_bytes!("../../fonts/NotoSansDevanagari-Regular.ttf"),
        script: *b"deva",
        complex: true,
        ranges: &[(0x0900, 0x097F), (0xA8E0, 0xA8FF)],
    },
    Spec {
        name: "NotoSansBengali",
        program: include_bytes!("../../fonts/NotoSansBengali-Regular.ttf"),
        script: *b"beng",
        complex: true,
        ranges: &[(0x0980, 0x09FF)],
    },
    Spec {
        name: "NotoSansGurmukhi",
        program: include_bytes!("../../fonts/NotoSansGurmukhi-Regular.ttf"),
        script: *b"guru",
        complex: true,
        ranges: &[(0x0A00, 0x0A7F)],
    },
    Spec {
        name: "NotoSansGujarati",
        program: include_bytes!("../../fonts/NotoSansGujarati-Regular.ttf"),
        script: *b"gujr",
        complex: true,
        ranges: &[(0x0A80, 0x0AFF)],
    },
    Spec {
        name: "NotoSansTamil",
        program: include_bytes!("../../fonts/NotoSansTamil-Regular.ttf"),
        script: *b"taml",
        complex: true,
        ranges: &[(0x0B80, 0x0BFF)],
    },
    Spec {
        name: "NotoSansThai",
        program: include_bytes!("../../fonts/NotoSansThai-Regular.ttf"),
        script: *b"thai",
        complex: true,
        ranges: &[(0x0E00, 0x0E7F)],
    },
    Spec {
        name: "NanumSquare",
        program: include_bytes!("../../fonts/NanumSquareR.ttf"),
        script: *b"hang",
        complex: false,
        ranges: &[
            (0x1100, 0x11FF),
            (0x3130, 0x318F),
            (0xA960, 0xA97F),
            (0xAC00, 0xD7FF),
        ],
    },
    Spec {
        name: "DroidSansFallback",
        program: include_bytes!(concat!(env!("OUT_DIR"), "/DroidSansFallbackFull.ttf")),
        script: *b"hani",
        complex: false,
        ranges: &[
            (0x2E80, 0x2FDF),
            (0x2FF0, 0x303F),
            (0x3040, 0x31FF),
            (0x3200, 0x33FF),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFE30, 0xFE4F),
            (0xFF00, 0xFFEF),
            (0x20000, 0x2FA1F),
        ],
    },
];

type Loaded = Mutex<Font<DynamicFontTableProvider<'static>>>;

/// One per entry of [`FACES`].
static LOADED: [OnceLock<Option<Loaded>>; 10] = [const { OnceLock::new() }; 10];

fn load(spec: &'static Spec) -> Option<Font<DynamicFontTableProvider<'static>>> {
    let data = ReadScope::new(spec.program)
        .read::<FontData<'static>>()
        .ok()?;
    Font::new(data.table_provider(0).ok()?).ok()
}

/// The parsed face `i`, parsed on first use; `None` if `i` is out of range or the embedded
/// program cannot be parsed (a test parses every one).
fn font(i: usize) -> Option<&'static Loaded> {
    let spec = FACES.get(i)?;
    LOADED
        .get(i)?
        .get_or_init(|| load(spec).map(Mutex::new))
        .as_ref()
}

fn with_font<T>(
    i: usize,
    f: impl FnOnce(&mut Font<DynamicFontTableProvider<'static>>) -> T,
) -> Option<T> {
    let mut font = font(i)?.lock().ok()?;
    Some(f(&mut font))
}

/// The fallback face that has `c`, if any (parsing it the first time).
pub(crate) fn covering(c: char) -> Option<usize> {
    let cp = u32::from(c);
    let i = FACES
        .iter()
        .position(|s| s.ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp)))?;
    let gid = with_font(i, |f| {
        f.lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
            .0
    })?;
    (gid != 0).then_some(i)
}

/// A stretch of text one font shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run<'a> {
    /// The DejaVu face's own characters (and U+FFFD).
    Primary(&'a str),
    /// Characters fallback face `.0` shows.
    Fallback(usize, &'a str),
}

/// Whether `face` shows every character of `s` itself (always true of Latin-only text).
pub(crate) fn all_primary(face: &Face, s: &str) -> bool {
    s.is_ascii()
        || s.chars()
            .all(|c| c == REPLACEMENT || face.width(c).is_some())
}

/// `s` cut into the runs each font shows, in logical order: a character `face` has is its own,
/// any other goes to the fallback face that has it ([`super::Fonts::clean`] replaced the rest);
/// a joiner goes with the fallback run before it.
pub(crate) fn runs<'a>(face: &Face, s: &'a str) -> Vec<Run<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<Option<usize>> = None;
    for (at, c) in s.char_indices() {
        let this = if c == REPLACEMENT || (face.width(c).is_some() && !JOINERS.contains(&c)) {
            None
        } else if JOINERS.contains(&c) {
            match current {
                Some(Some(i)) => Some(i),
                _ if face.width(c).is_some() => None,
                _ => covering(c),
            }
        } else {
            covering(c)
        };
        if current.is_some_and(|cur| cur != this) {
            out.push(run(current.flatten(), &s[start..at]));
            start = at;
        }
        current = Some(this);
    }
    if let Some(cur) = current {
        out.push(run(cur, &s[start..]));
    }
    out
}

fn run(face: Option<usize>, text: &str) -> Run<'_> {
    match face {
        Some(i) => Run::Fallback(i, text),
        None => Run::Primary(text),
    }
}

/// One shaped glyph: its id in the full face, where it goes (font units, from the run's start,
/// left to right as printed), and the characters it shows (for `/ToUnicode`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub x: i32,
    pub y: i32,
    pub text: String,
}

/// A run of text shaped: its glyphs in the order to draw them, its width and the face's em.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub width: i32,
    pub em: u16,
}

/// Runs shaped lately: a document measures each word as it wraps and shapes it again as it
/// writes the line, and names recur. Emptied when full, so it stays small.
type Cache = Mutex<HashMap<(usize, bool, String), Arc<Shaped>>>;
static SHAPED: OnceLock<Cache> = OnceLock::new();
const CACHE_RUNS: usize = 4096;

/// Shape `text` (one run of face `i`, in logical order) with the face's GSUB and GPOS; for a
/// right-to-left run the glyphs come back in visual order, left to right.
pub(crate) fn shape(i: usize, text: &str, rtl: bool) -> Option<Arc<Shaped>> {
    let cache = SHAPED.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (i, rtl, text.to_string());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Some(hit);
    }
    let shaped = Arc::new(shape_now(i, text, rtl)?);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_RUNS {
            c.clear();
        }
        c.insert(key, Arc::clone(&shaped));
    }
    Some(shaped)
}

fn shape_now(i: usize, text: &str, rtl: bool) -> Option<Shaped> {
    let spec = FACES.get(i)?;
    let script = u32::from_be_bytes(spec.script);
    with_font(i, |font| {
        let raw = font.map_glyphs(text, script, MatchingPresentation::NotRequired);
        // Shaping goes on through an error in one lookup, applying what it can.
        let infos = match font.shape(
            raw,
            script,
            None,
            FeatureMask::default_mask(),
            &[],
            None,
            true,
        ) {
            Ok(infos) | Err((_, infos)) => infos,
        };
        let positions = GlyphLayout::new(font, &infos, TextDirection::LeftToRight, false)
            .glyph_positions()
            .unwrap_or_default();
        let em = font.head_table.units_per_em.max(1);
        // Logical pen positions, and where each glyph lands left to right.
        let mut pen = Vec::with_capacity(infos.len());
        let mut at = 0i32;
        for p in &positions {
            pen.push(at);
            at += p.hori_advance;
        }
        let width = at;
        let mut xs: Vec<i32> = Vec::with_capacity(infos.len());
        for (k, (info, p)) in infos.iter().zip(&positions).enumerate() {
            let base = match info.placement {
                Placement::MarkAnchor(b, _, _) | Placement::MarkOverprint(b) if b < k => Some(b),
                _ => None,
            };
            let ltr = pen[k] + p.x_offset;
            let x = match (rtl, base) {
                (false, _) => ltr,
                // Mirrored, a mark stays where its base's anchor puts it.
                (true, Some(b)) => xs[b] + ltr - (pen[b] + positions[b].x_offset),
                (true, None) => width - pen[k] - p.hori_advance + p.x_offset,
            };
            xs.push(x);
        }
        let mut glyphs: Vec<Glyph> = infos
            .iter()
            .zip(&positions)
            .zip(xs)
            .map(|((info, p), x)| Glyph {
                gid: info.glyph.glyph_index,
                x,
                y: p.y_offset,
                text: info.glyph.unicodes.iter().collect(),
            })
            .collect();
        if rtl {
            glyphs.reverse();
        }
        Shaped { glyphs, width, em }
    })
}

/// The width of a run of face `i` in em, shaped.
pub(crate) fn measure(i: usize, text: &str, rtl: bool) -> f32 {
    shape(i, text, rtl).map_or(0.0, |s| s.width as f32 / f32::from(s.em))
}

/// Advance width of glyph `gid` of face `i`, in 1/1000 em.
pub(crate) fn advance(i: usize, gid: u16) -> i64 {
    with_font(i, |f| {
        let em = f64::from(f.head_table.units_per_em.max(1));
        let w = f.horizontal_advance(gid).unwrap_or(0);
        (f64::from(w) * 1000.0 / em).round() as i64
    })
    .unwrap_or(0)
}

/// What a font descriptor needs, in 1/1000 em: bounding box, ascent, descent, weight class.
pub(crate) struct Metrics {
    pub bbox: [i64; 4],
    pub ascent: i64,
    pub descent: i64,
    pub weight: u16,
}

pub(crate) fn metrics(i: usize) -> Option<Metrics> {
    with_font(i, |f| {
        let em = f64::from(f.head_table.units_per_em.max(1));
        let s = |v: i16| (f64::from(v) * 1000.0 / em).round() as i64;
        let h = &f.head_table;
        let weight = f
            .os2_table()
            .ok()
            .flatten()
            .map_or(400, |o| o.us_weight_class);
        Metrics {
            bbox: [s(h.x_min), s(h.y_min), s(h.x_max), s(h.y_max)],
            ascent: s(f.hhea_table.ascender),
            descent: s(f.hhea_table.descender),
            weight,
        }
    })
}

/// A font program of face `i` holding just `gids` (glyph 0 first), renumbered in that order:
/// glyph `gids[n]` of the full face is glyph `n` of the subset.
pub(crate) fn subset_program(i: usize, gids: &[u16]) -> Result<Vec<u8>, String> {
    let spec = FACES.get(i).ok_or("no such fallback face")?;
    let data = ReadScope::new(spec.program)
        .read::<FontData<'static>>()
        .map_err(|e| format!("{}: {e}", spec.name))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| format!("{}: {e}", spec.name))?;
    subset(&provider, gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| format!("{}: subset: {e}", spec.name))
}

/// Whether a line may break between `a` and `b` inside a word: CJK text has no spaces, and any
/// two ideographs, kana or Hangul syllables may part, as may one and the punctuation before it.
pub fn may_break_between(a: char, b: char) -> bool {
    let cjk = |c: char| {
        matches!(u32::from(c),
            0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
            | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F)
    };
    let closing = matches!(
        a,
        '\u{3001}' | '\u{3002}' | '\u{FF0C}' | '\u{FF01}' | '\u{FF1F}'
    );
    cjk(b) && (cjk(a) || closing)
}
