// Shared by `src/fonts.rs` and `build.rs` (which subsets the fonts to it at build time), so the
// characters the app measures and the glyphs the PDFs embed can never drift apart.

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
