//! The PDF writer: the laid-out pages (printpdf [`Op`]s, the few operators `layout` emits) go
//! straight into content streams, text as glyph ids through the fonts' tables, and the document
//! around them is assembled with lopdf: the page tree, the two embedded fonts (the program
//! compressed at build time, `/W` and `/ToUnicode` for the glyphs the document uses, so text can
//! be extracted and searched), the bookmarks and the document information.
//!
//! printpdf's own serializer looked every character up in a map, allocated a string for it and
//! formatted every number and glyph through `fmt`, several times over; for a 19-page appraisal
//! that was two thirds of the render.

use std::hash::{BuildHasher, Hasher};
use std::io::Write;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use printpdf::{Color, FontId, Op, PaintMode, PdfFontHandle, TextItem, WindingOrder};

use crate::fonts::{Face, Fonts};
use crate::layout::{PAGE_H, PAGE_W};
use crate::Meta;

mod tagged;

mod fallback;

/// The resource names of the two faces in every page's `/Font` dictionary.
pub(crate) const REGULAR: &str = "R";
pub(crate) const BOLD: &str = "B";

/// What a document carries besides its pages.
pub(crate) struct Doc<'a> {
    pub meta: &'a Meta,
    /// (title, page index) of each bookmark, in order.
    pub bookmarks: Vec<(&'a str, usize)>,
    /// The creation and modification date.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The structure tree the layout recorded (tagged PDF).
    pub tree: &'a crate::layout::tags::Tree,
}

/// The glyphs one face's text uses: the character behind each (for `/ToUnicode`), by glyph id.
struct Used(Vec<Option<char>>);

impl Used {
    fn new(face: &Face) -> Used {
        Used(vec![None; face.glyph_count()])
    }
    fn mark(&mut self, gid: u16, c: char) {
        if let Some(slot) = self.0.get_mut(usize::from(gid)) {
            slot.get_or_insert(c);
        }
    }
    fn glyphs(&self) -> impl Iterator<Item = (u16, char)> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(g, c)| Some((u16::try_from(g).ok()?, (*c)?)))
    }
}

/// Write the document: one content stream per page of `pages`.
pub(crate) fn write(fonts: &Fonts, pages: &[Vec<Op>], doc: &Doc<'_>) -> std::io::Result<Vec<u8>> {
    let mut used = [Used::new(&fonts.regular), Used::new(&fonts.bold)];
    let mut usage = fallback::Usage::default();
    let mut out = lopdf::Document::with_version("1.7");
    out.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = out.new_object_id();
    let mut packer = Packer::new();
    let mut content = Vec::with_capacity(32 * 1024);
    let mut contents = Vec::with_capacity(pages.len());
    for ops in pages {
        content.clear();
        encode(fonts, ops, &mut used, &mut usage, &mut content);
        contents.push(packer.stream(&content)?);
    }
    let font_ids = [
        font(
            &mut out,
            &mut packer,
            &fonts.regular,
            &used[0],
            "DejaVuSans",
        )?,
        font(
            &mut out,
            &mut packer,
            &fonts.bold,
            &used[1],
            "DejaVuSans-Bold",
        )?,
    ];
    let mut font_dict = dict(vec![
        (REGULAR, Object::Reference(font_ids[0])),
        (BOLD, Object::Reference(font_ids[1])),
    ]);
    for (key, id) in fallback::fonts(&mut out, &mut packer, &usage)? {
        font_dict.set(key, Object::Reference(id));
    }
    let resources = out.add_object(dict(vec![("Font", Object::Dictionary(font_dict))]));
    let page_box = || {
        Object::Array(vec![
            0.into(),
            0.into(),
            Object::Real(PAGE_W),
            Object::Real(PAGE_H),
        ])
    };
    let mut page_ids = Vec::with_capacity(pages.len());
    for (index, stream) in contents.into_iter().enumerate() {
        let contents_id = out.add_object(stream);
        page_ids.push(out.add_object(dict(vec![
            ("Type", name("Page")),
            ("Parent", Object::Reference(pages_id)),
            ("MediaBox", page_box()),
            ("CropBox", page_box()),
            ("TrimBox", page_box()),
            ("Resources", Object::Reference(resources)),
            ("Contents", Object::Reference(contents_id)),
            // Its key in the structure tree's parent tree, and tab order by structure.
            ("StructParents", Object::Integer(index as i64)),
            ("Tabs", name("S")),
        ])));
    }
    out.objects.insert(
        pages_id,
        Object::Dictionary(dict(vec![
            ("Type", name("Pages")),
            ("Count", Object::Integer(page_ids.len() as i64)),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|id| Object::Reference(*id)).collect()),
            ),
        ])),
    );
    let mut catalog = dict(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
        ("PageLayout", name("OneColumn")),
        ("Lang", Object::string_literal("en-GB")),
    ]);
    tagged::catalog(&mut out, &mut catalog, doc, &page_ids);
    if let Some(outlines) = outlines(&mut out, &doc.bookmarks, &page_ids) {
        catalog.set("Outlines", Object::Reference(outlines));
        catalog.set("PageMode", name("UseOutlines"));
    }
    let catalog_id = out.add_object(catalog);
    let date = Object::string_literal(doc.now.format("D:%Y%m%d%H%M%S+00'00'").to_string());
    let meta = doc.meta;
    let info_id = out.add_object(dict(vec![
        ("Title", text(&meta.title)),
        ("Author", text(&meta.author)),
        ("Subject", text(&meta.subject)),
        ("Keywords", text(&meta.keywords.join(","))),
        ("Creator", text("Reflect")),
        (
            "Producer",
            text(&format!("Reflect {}", env!("CARGO_PKG_VERSION"))),
        ),
        ("CreationDate", date.clone()),
        ("ModDate", date),
        ("Trapped", name("False")),
    ]));
    out.trailer.set("Root", Object::Reference(catalog_id));
    out.trailer.set("Info", Object::Reference(info_id));
    let id = document_id(doc);
    out.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let mut bytes = Vec::with_capacity(320 * 1024);
    out.save_to(&mut bytes)?;
    Ok(bytes)
}

/// One page's operators as content-stream bytes, marking the glyphs each face shows.
fn encode(
    fonts: &Fonts,
    ops: &[Op],
    used: &mut [Used; 2],
    usage: &mut fallback::Usage,
    out: &mut Vec<u8>,
) {
    let mut face = 0;
    let mut font_size = 0.0;
    for op in ops {
        match op {
            Op::SaveGraphicsState => out.extend_from_slice(b"q\n"),
            Op::RestoreGraphicsState => out.extend_from_slice(b"Q\n"),
            Op::StartTextSection => out.extend_from_slice(b"BT\n"),
            Op::EndTextSection => out.extend_from_slice(b"ET\n"),
            Op::SetFont { font, size } => {
                let bold = matches!(font, PdfFontHandle::External(FontId(id)) if id == BOLD);
                face = usize::from(bold);
                font_size = size.0;
                out.extend_from_slice(if bold { b"/B " } else { b"/R " });
                num(out, size.0);
                out.extend_from_slice(b" Tf\n");
            }
            Op::SetFillColor { col } => colour(out, col, b"rg\n", b"g\n"),
            Op::SetOutlineColor { col } => colour(out, col, b"RG\n", b"G\n"),
            Op::SetOutlineThickness { pt } => {
                num(out, pt.0);
                out.extend_from_slice(b" w\n");
            }
            Op::SetTextMatrix { matrix } => {
                nums(out, &matrix.as_array());
                out.extend_from_slice(b" Tm\n");
            }
            Op::ShowText { items } => {
                let f = if face == 1 {
                    &fonts.bold
                } else {
                    &fonts.regular
                };
                for item in items {
                    if let TextItem::Text(s) = item {
                        if crate::fonts::fallback::all_primary(f, s) {
                            glyph_string(out, f, s, &mut used[face]);
                        } else {
                            let current: &[u8] = if face == 1 { b"/B " } else { b"/R " };
                            fallback::show(out, f, current, font_size, s, &mut used[face], usage);
                        }
                    }
                }
            }
            Op::BeginMarkedContent { tag } => {
                out.push(b'/');
                out.extend_from_slice(tag.as_bytes());
                out.extend_from_slice(b" BMC\n");
            }
            Op::BeginMarkedContentWithProperties { tag, properties } => {
                out.push(b'/');
                out.extend_from_slice(tag.as_bytes());
                out.push(b' ');
                tagged::properties(out, properties);
                out.extend_from_slice(b" BDC\n");
            }
            Op::EndMarkedContent => out.extend_from_slice(b"EMC\n"),
            Op::DrawLine { line } => {
                for (i, p) in line.points.iter().enumerate() {
                    nums(out, &[p.p.x.0, p.p.y.0]);
                    out.extend_from_slice(if i == 0 { b" m\n" } else { b" l\n" });
                }
                out.extend_from_slice(if line.is_closed { b"h S\n" } else { b"S\n" });
            }
            Op::DrawRectangle { rectangle: r } => {
                nums(out, &[r.x.0, r.y.0, r.width.0, r.height.0]);
                let even_odd = matches!(r.winding_order, Some(WindingOrder::EvenOdd));
                out.extend_from_slice(match (r.mode, even_odd) {
                    (Some(PaintMode::Fill), false) => b" re f\n",
                    (Some(PaintMode::Fill), true) => b" re f*\n",
                    (Some(PaintMode::Stroke), _) => b" re S\n",
                    (Some(PaintMode::FillStroke), false) => b" re B\n",
                    (Some(PaintMode::FillStroke), true) => b" re B*\n",
                    (Some(PaintMode::Clip), false) => b" re W n\n",
                    (Some(PaintMode::Clip), true) => b" re W* n\n",
                    (None, _) => b" re n\n",
                });
            }
            // The layout emits nothing else.
            _ => {}
        }
    }
}

/// `s` in face `f` as a `Tj` of a literal string of two-byte glyph ids (half the bytes of hex),
/// marking the glyphs used.
fn glyph_string(out: &mut Vec<u8>, f: &Face, s: &str, used: &mut Used) {
    out.push(b'(');
    for c in s.chars() {
        let g = f.gid(c);
        used.mark(g, c);
        for b in g.to_be_bytes() {
            match b {
                b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\n' => out.extend_from_slice(b"\\n"),
                _ => out.push(b),
            }
        }
    }
    out.extend_from_slice(b") Tj\n");
}

/// The Type 0 font of one face (Identity-H, a CIDFontType2 with the build-time subset).
fn font(
    out: &mut lopdf::Document,
    packer: &mut Packer,
    face: &Face,
    used: &Used,
    base: &str,
) -> std::io::Result<lopdf::ObjectId> {
    // The subset tag (six capitals and "+"): the program holds a reduced set of glyphs.
    let base_font = name(&format!("REFLCT+{base}"));
    let m = &face.font.pdf_font_metrics;
    let em = f64::from(m.units_per_em.max(1));
    let scale = |v: f64| Object::Integer((v * 1000.0 / em).round() as i64);
    let program = Stream::new(
        dict(vec![
            (
                "Length1",
                Object::Integer(face.font.original_bytes.len() as i64),
            ),
            ("Filter", name("FlateDecode")),
        ]),
        face.compressed_program().to_vec(),
    )
    .with_compression(false);
    let program_id = out.add_object(program);
    let ascent = f64::from(face.font.font_metrics.ascent);
    let descriptor = out.add_object(dict(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", base_font.clone()),
        ("Flags", Object::Integer(32)),
        (
            "FontBBox",
            Object::Array(
                [m.x_min, m.y_min, m.x_max, m.y_max]
                    .into_iter()
                    .map(|v| scale(f64::from(v)))
                    .collect(),
            ),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", scale(ascent)),
        ("Descent", scale(f64::from(face.font.font_metrics.descent))),
        ("CapHeight", scale(ascent)),
        (
            "StemV",
            Object::Integer(50 + (f64::from(m.us_weight_class) / 65.0).powi(2).round() as i64),
        ),
        ("FontFile2", Object::Reference(program_id)),
    ]));
    let mut widths = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut next = None;
    for (g, _) in used.glyphs() {
        if next != Some(g) && !run.is_empty() {
            widths.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            widths.push(Object::Integer(i64::from(g)));
        }
        run.push(Object::Integer(face.advance(g)));
        next = g.checked_add(1);
    }
    if !run.is_empty() {
        widths.push(Object::Array(run));
    }
    let to_unicode = out.add_object(packer.stream(&cmap(used))?);
    Ok(out.add_object(type0_font(
        base_font,
        to_unicode,
        descriptor,
        Object::Array(widths),
    )))
}

/// A Type 0 font over one CIDFontType2 descendant with identity encoding and CID-to-glyph map
/// (CID = glyph id), as DejaVu's subsets and the fallback subsets are embedded.
fn type0_font(
    base_font: Object,
    to_unicode: lopdf::ObjectId,
    descriptor: lopdf::ObjectId,
    widths: Object,
) -> Dictionary {
    dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", base_font.clone()),
        ("Encoding", name("Identity-H")),
        ("ToUnicode", Object::Reference(to_unicode)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(dict(vec![
                ("Type", name("Font")),
                ("Subtype", name("CIDFontType2")),
                ("BaseFont", base_font),
                (
                    "CIDSystemInfo",
                    Object::Dictionary(dict(vec![
                        ("Registry", Object::string_literal("Adobe")),
                        ("Ordering", Object::string_literal("Identity")),
                        ("Supplement", Object::Integer(0)),
                    ])),
                ),
                ("FontDescriptor", Object::Reference(descriptor)),
                ("DW", Object::Integer(1000)),
                ("W", widths),
                ("CIDToGIDMap", name("Identity")),
            ]))]),
        ),
    ])
}

/// The `/ToUnicode` CMap: each glyph used back to its character (text extraction, search,
/// screen readers).
fn cmap(used: &Used) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
          /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
          /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
          1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let glyphs: Vec<(u16, char)> = used.glyphs().collect();
    for chunk in glyphs.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for &(g, c) in chunk {
            out.push(b'<');
            hex4(&mut out, g);
            out.extend_from_slice(b"> <");
            for unit in c.encode_utf16(&mut [0; 2]) {
                hex4(&mut out, *unit);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The bookmarks, each opening its page; `None` when there are none.
fn outlines(
    out: &mut lopdf::Document,
    bookmarks: &[(&str, usize)],
    pages: &[lopdf::ObjectId],
) -> Option<lopdf::ObjectId> {
    let marks: Vec<(&str, lopdf::ObjectId)> = bookmarks
        .iter()
        .filter_map(|(title, page)| Some((*title, *pages.get(*page)?)))
        .collect();
    if marks.is_empty() {
        return None;
    }
    let root = out.new_object_id();
    let ids: Vec<lopdf::ObjectId> = marks.iter().map(|_| out.new_object_id()).collect();
    for (i, ((title, page), id)) in marks.iter().zip(&ids).enumerate() {
        let mut item = dict(vec![
            ("Parent", Object::Reference(root)),
            ("Title", text(title)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    name("XYZ"),
                    Object::Null,
                    Object::Null,
                    Object::Null,
                ]),
            ),
        ]);
        if let Some(prev) = i.checked_sub(1).and_then(|p| ids.get(p)) {
            item.set("Prev", Object::Reference(*prev));
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", Object::Reference(*next));
        }
        out.objects.insert(*id, Object::Dictionary(item));
    }
    let (first, last) = (*ids.first()?, *ids.last()?);
    out.objects.insert(
        root,
        Object::Dictionary(dict(vec![
            ("Type", name("Outlines")),
            ("Count", Object::Integer(ids.len() as i64)),
            ("First", Object::Reference(first)),
            ("Last", Object::Reference(last)),
        ])),
    );
    Some(root)
}

/// A file identifier: this process's random hash keys over the time and the title.
fn document_id(doc: &Doc<'_>) -> Vec<u8> {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_i64(doc.now.timestamp_nanos_opt().unwrap_or_default());
    h.write(doc.meta.title.as_bytes());
    let a = h.finish();
    h.write_u64(a);
    [a.to_be_bytes(), h.finish().to_be_bytes()].concat()
}

/// zlib at a fast level (text operators compress well at any level), one compressor for every
/// stream of a document: setting one up zeroes tables larger than a page's content.
struct Packer(flate2::Compress);

impl Packer {
    fn new() -> Packer {
        Packer(flate2::Compress::new(flate2::Compression::fast(), true))
    }

    fn stream(&mut self, raw: &[u8]) -> std::io::Result<Stream> {
        self.0.reset();
        let mut packed = Vec::with_capacity(raw.len() / 3 + 64);
        loop {
            let read = usize::try_from(self.0.total_in()).unwrap_or(raw.len());
            let status = self
                .0
                .compress_vec(
                    raw.get(read..).unwrap_or_default(),
                    &mut packed,
                    flate2::FlushCompress::Finish,
                )
                .map_err(std::io::Error::other)?;
            if status == flate2::Status::StreamEnd {
                break;
            }
            packed.reserve(packed.capacity().max(1024));
        }
        let d = dict(vec![("Filter", name("FlateDecode"))]);
        Ok(Stream::new(d, packed).with_compression(false))
    }
}

fn dict(entries: Vec<(&str, Object)>) -> Dictionary {
    let mut d = Dictionary::new();
    for (k, v) in entries {
        d.set(k, v);
    }
    d
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// A text string: UTF-16BE with its byte-order mark (any language shows in a reader).
fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn colour(out: &mut Vec<u8>, col: &Color, rgb: &[u8], grey: &[u8]) {
    match col {
        Color::Rgb(c) => {
            nums(out, &[c.r, c.g, c.b]);
            out.push(b' ');
            out.extend_from_slice(rgb);
        }
        Color::Greyscale(g) => {
            num(out, g.percent);
            out.push(b' ');
            out.extend_from_slice(grey);
        }
        // The layout uses RGB only.
        _ => {}
    }
}

fn nums(out: &mut Vec<u8>, vs: &[f32]) {
    for (i, v) in vs.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        num(out, *v);
    }
}

/// A number to three decimal places, without trailing zeros (PDF has no exponent form).
fn num(out: &mut Vec<u8>, v: f32) {
    let milli = (f64::from(v) * 1000.0).round();
    let milli = if milli.is_finite() { milli as i64 } else { 0 };
    if milli < 0 {
        out.push(b'-');
    }
    let m = milli.unsigned_abs();
    let _ = write!(out, "{}", m / 1000);
    let mut frac = m % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{frac:0digits$}");
    }
}

fn hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}
