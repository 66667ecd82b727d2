//! The PDF fonts: DejaVu Sans and DejaVu Sans Bold (vendored in `pdf/fonts/`), parsed and subset
//! once per process to the characters Reflect supports, with advance widths for line breaking.
//! Every document embeds the same subset, so no document parses or subsets a font.

use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;

use reflect_core::error::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Shown instead of a character the font does not have, so nothing is dropped silently.
pub const REPLACEMENT: char = '\u{FFFD}';

/// The characters kept in the subset: the Latin, Greek and Cyrillic alphabets with their accented
/// letters (Welsh ŵ ŷ ẁ, Polish, Irish, Romanian…), punctuation (curly quotes, dashes, ellipsis),
/// currency, number forms, arrows, common mathematical signs, shapes and ballot boxes.
pub const REPERTOIRE: &[(u32, u32)] = &[
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x02B0, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x04FF),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20BF),
    (0x2100, 0x218F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
    (0x2610, 0x2612),
    (0x2713, 0x2714),
    (0xFFFD, 0xFFFD),
];

/// Highest code point in the width table (the repertoire apart from U+FFFD).
const TABLE_END: usize = 0x2800;

/// One face: the subset font to embed, and advance widths in em for line breaking.
pub struct Face {
    pub font: ParsedFont,
    /// The subset program, zlib-compressed once (every PDF embeds these bytes).
    compressed: Vec<u8>,
    /// Advance width in em, by code point below `TABLE_END`; negative when not in the subset.
    widths: Vec<f32>,
    replacement_width: f32,
}

impl Face {
    fn load(bytes: &[u8], name: &str) -> Result<Face> {
        let broken = |why: String| Error::Corrupt(format!("the embedded font {name}: {why}"));
        let mut warnings = Vec::new();
        let full = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| broken("cannot be parsed".into()))?;
        // Glyph 0 (.notdef) first, then each repertoire character the font has, once.
        let mut gids: Vec<u16> = vec![0];
        for &(lo, hi) in REPERTOIRE {
            for cp in lo..=hi {
                if let Some(g) = full.lookup_glyph_index(cp) {
                    if g != 0 && !gids.contains(&g) {
                        gids.push(g);
                    }
                }
            }
        }
        let scope = ReadScope::new(bytes);
        let data = scope
            .read::<FontData<'_>>()
            .map_err(|e| broken(e.to_string()))?;
        let provider = data.table_provider(0).map_err(|e| broken(e.to_string()))?;
        let small = subset(
            &provider,
            &gids,
            &SubsetProfile::Minimal,
            CmapTarget::Unicode,
        )
        .map_err(|e| broken(e.to_string()))?;
        let font = ParsedFont::from_bytes(&small, 0, &mut warnings)
            .ok_or_else(|| broken("the subset cannot be parsed".into()))?;
        let compressed = super::deflate(&small, flate2::Compression::best())
            .map_err(|e| broken(e.to_string()))?;
        let em = f32::from(font.units_per_em.max(1));
        let width = |cp: u32| {
            font.lookup_glyph_index(cp)
                .filter(|g| *g != 0)
                .and_then(|g| font.get_glyph_width(g))
                .map(|w| f32::from(w) / em)
        };
        let mut widths = vec![-1.0; TABLE_END];
        for (cp, slot) in widths.iter_mut().enumerate() {
            if let Some(w) = u32::try_from(cp).ok().and_then(width) {
                *slot = w;
            }
        }
        let replacement_width = width(REPLACEMENT as u32)
            .ok_or_else(|| broken("has no replacement character".into()))?;
        Ok(Face {
            font,
            compressed,
            widths,
            replacement_width,
        })
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
        s.chars()
            .map(|c| self.width(c).unwrap_or(self.replacement_width))
            .sum::<f32>()
            * size
    }
}

/// Both faces.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    /// The compressed program of the face whose subset is exactly `program`, if any.
    pub fn compressed_program(&self, program: &[u8]) -> Option<&[u8]> {
        [&self.regular, &self.bold]
            .into_iter()
            .find(|f| {
                f.font.original_bytes.len() == program.len() && f.font.original_bytes == program
            })
            .map(|f| f.compressed.as_slice())
    }
}

static FONTS: OnceLock<std::result::Result<Fonts, String>> = OnceLock::new();

impl Fonts {
    /// The fonts, parsed and subset on first use (once per process).
    pub fn get() -> Result<&'static Fonts> {
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::load(REGULAR, "DejaVu Sans").map_err(|e| e.to_string())?,
                    bold: Face::load(BOLD, "DejaVu Sans Bold").map_err(|e| e.to_string())?,
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
                _ => {
                    replaced += 1;
                    out.push(REPLACEMENT);
                }
            }
        }
        (out, replaced)
    }
}
