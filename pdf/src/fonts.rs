//! The PDF fonts: DejaVu Sans and DejaVu Sans Bold (vendored in `pdf/fonts/`), subset at build
//! time (`build.rs`) to the characters Reflect supports, [`REPERTOIRE`], and that subset
//! compressed there once at the best level. A process only parses the small subset (for the
//! advance widths line breaking needs and the glyph map printpdf needs); every document embeds
//! the build-time compressed bytes as they are, so no document parses, subsets or compresses a
//! font.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use reflect_core::error::{Error, Result};

pub(crate) mod fallback;
mod repertoire;
pub use fallback::may_break_between;
pub use repertoire::REPERTOIRE;

/// The subsets `build.rs` made, and the same bytes zlib-compressed (the PDF FlateDecode filter).
const REGULAR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/regular.ttf"));
const REGULAR_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/regular.ttf.zlib"));
const BOLD: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bold.ttf"));
const BOLD_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bold.ttf.zlib"));

/// Shown instead of a character the font does not have, so nothing is dropped silently.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Highest code point in the width table (the repertoire apart from U+FFFD).
const TABLE_END: usize = 0x2800;

/// One face: the subset font to embed, and advance widths in em for line breaking.
pub struct Face {
    pub font: ParsedFont,
    /// The subset program, zlib-compressed at build time (every PDF embeds these bytes).
    compressed: &'static [u8],
    /// Advance width in em, by code point below `TABLE_END`; negative when not in the subset.
    widths: Vec<f32>,
    replacement_width: f32,
    /// Glyph id in the subset, by code point below `TABLE_END`; 0 (.notdef) when not in it.
    gids: Vec<u16>,
    replacement_gid: u16,
    /// Advance width in 1/1000 em (the PDF's `/W` unit), by glyph id.
    advances: Vec<i64>,
}

impl Face {
    fn load(subset: &[u8], compressed: &'static [u8], name: &str) -> Result<Face> {
        let broken = |why: &str| Error::Corrupt(format!("the embedded font {name}: {why}"));
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(subset, 0, &mut warnings)
            .ok_or_else(|| broken("the subset cannot be parsed"))?;
        let em = f32::from(font.units_per_em.max(1));
        let width = |g: u16| font.get_glyph_width(g).map(|w| f32::from(w) / em);
        // The subset's cmap holds exactly the repertoire characters the face has.
        let mut widths = vec![-1.0; TABLE_END];
        let mut gids = vec![0; TABLE_END];
        for (&cp, &g) in &font.codepoint_to_glyph {
            let Some(i) = usize::try_from(cp).ok().filter(|i| *i < TABLE_END) else {
                continue;
            };
            if let Some(w) = width(g).filter(|_| g != 0) {
                widths[i] = w;
                gids[i] = g;
            }
        }
        let replacement_gid = font
            .lookup_glyph_index(REPLACEMENT as u32)
            .filter(|g| *g != 0)
            .ok_or_else(|| broken("has no replacement character"))?;
        let replacement_width =
            width(replacement_gid).ok_or_else(|| broken("has no replacement character"))?;
        let glyphs = font
            .glyph_widths
            .keys()
            .last()
            .map_or(0, |g| usize::from(*g) + 1);
        let mut advances = vec![0; glyphs];
        for (&g, &w) in &font.glyph_widths {
            advances[usize::from(g)] = (f64::from(w) * 1000.0 / f64::from(em)).round() as i64;
        }
        Ok(Face {
            font,
            compressed,
            widths,
            replacement_width,
            gids,
            replacement_gid,
            advances,
        })
    }

    /// The font program every PDF embeds (`/FontFile2`): the subset, zlib-compressed at build
    /// time.
    pub fn compressed_program(&self) -> &'static [u8] {
        self.compressed
    }

    /// The glyph of `c` in the subset (0, .notdef, if it has none: [`Fonts::clean`] text always
    /// has one).
    pub(crate) fn gid(&self, c: char) -> u16 {
        if c == REPLACEMENT {
            return self.replacement_gid;
        }
        self.gids.get(c as usize).copied().unwrap_or(0)
    }

    /// How many glyphs the subset has.
    pub(crate) fn glyph_count(&self) -> usize {
        self.advances.len()
    }

    /// Advance width of glyph `gid` in 1/1000 em.
    pub(crate) fn advance(&self, gid: u16) -> i64 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Advance of `c` in em, or `None` if the subset does not have it.
    pub fn width(&self, c: char) -> Option<f32> {
        if c == REPLACEMENT {
            return Some(self.replacement_width);
        }
        self.widths.get(c as usize).copied().filter(|w| *w >= 0.0)
    }

    /// Width of a string (already checked with [`Fonts::clean`]) in points at `size`.
    pub fn measure(&self, s: &str, size: f32) -> f32 {
        let mut em = 0.0;
        for c in s.chars() {
            match self.width(c) {
                Some(w) => em += w,
                // A character a fallback face shows: measure the runs, shaped.
                None => return self.measure_runs(s) * size,
            }
        }
        em * size
    }

    /// Width in em of text some of which a fallback face shows.
    fn measure_runs(&self, s: &str) -> f32 {
        fallback::runs(self, s)
            .into_iter()
            .map(|run| match run {
                fallback::Run::Primary(t) => t
                    .chars()
                    .map(|c| self.width(c).unwrap_or(self.replacement_width))
                    .sum::<f32>(),
                fallback::Run::Fallback(i, t) => fallback::measure(i, t, false),
            })
            .sum()
    }
}

/// Both faces.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    /// The compressed program of the face whose subset is exactly `program`, if any.
    pub fn compressed_program(&self, program: &[u8]) -> Option<&'static [u8]> {
        [&self.regular, &self.bold]
            .into_iter()
            .find(|f| {
                f.font.original_bytes.len() == program.len() && f.font.original_bytes == program
            })
            .map(|f| f.compressed)
    }
}

static FONTS: OnceLock<std::result::Result<Fonts, String>> = OnceLock::new();

impl Fonts {
    /// The fonts, parsed on first use (once per process; the subsets were made at build time).
    pub fn get() -> Result<&'static Fonts> {
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::load(REGULAR, REGULAR_ZLIB, "DejaVu Sans")
                        .map_err(|e| e.to_string())?,
                    bold: Face::load(BOLD, BOLD_ZLIB, "DejaVu Sans Bold")
                        .map_err(|e| e.to_string())?,
                })
            })
            .as_ref()
            .map_err(|e| Error::Corrupt(e.clone()))
    }

    /// Text ready to typeset: composed (NFC, so "w" + combining circumflex becomes "ŵ"), tabs as
    /// spaces, other control characters removed, and every character either face lacks replaced
    /// by U+FFFD, visibly. Returns the text and how many characters were replaced.
    pub fn clean(&self, text: &str) -> (String, usize) {
        use unicode_normalization::UnicodeNormalization;
        // Most text is printable ASCII, which the subset always has: nothing to do.
        if text
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) || b == b'\n')
        {
            return (text.to_string(), 0);
        }
        let mut out = String::with_capacity(text.len());
        let mut replaced = 0;
        for c in text.nfc() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push_str("    "),
                '\r' => {}
                c if c.is_control() => {}
                c if self.regular.width(c).is_some() && self.bold.width(c).is_some() => out.push(c),
                // Scripts DejaVu lacks (CJK, Arabic, Indic…): a fallback face shows them.
                c if fallback::covering(c).is_some() => out.push(c),
                _ => {
                    replaced += 1;
                    out.push(REPLACEMENT);
                }
            }
        }
        (out, replaced)
    }
}
