//! The fonts every PDF embeds are the subsets `pdf/build.rs` made and compressed at build time:
//! each document's `/FontFile2` streams are those bytes exactly (the same in every export), they
//! decode to valid fonts, the subset keeps every repertoire character the vendored DejaVu faces
//! have, and every character of a document's text has its glyph in the embedded program.
//! Text in other scripts (CJK, Arabic, Hebrew, Indic, Thai) prints in a fallback face, subset at
//! render time to the glyphs used, shaped, and extracts as written; a Latin-only document embeds
//! no fallback face.
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use lopdf::{Document, Object};
use printpdf::ParsedFont;
use reflect_core::Visibility;
use reflect_pdf::export;
use reflect_pdf::fonts::{Fonts, REPERTOIRE};
use reflect_pdf::layout::{body, wrap, Furniture};
use reflect_pdf::Meta;
use reflect_tests::{input, profile, set_up, tag};

const TEXT: &str = "Ŵyr a ŷd — “dyfyniad” ‘a’ … £5 €6 ½ № ™ → ≤ ≥ ≠ ∑ √ ■ ☐ ☑ ✓ \
    Zażółć gęślą jaźń. Γειά σου κόσμε. Привет, мир. Straße, façade, naïve – Dŵr. Thanks 🙂";

/// One font program as embedded: the stream's raw bytes, its filter, `/Length1`, and decoded.
struct Program {
    raw: Vec<u8>,
    filter: Vec<u8>,
    length1: i64,
    decoded: Vec<u8>,
}

fn programs(pdf: &[u8]) -> Vec<Program> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let id = dict.get(b"FontFile2").unwrap().as_reference().unwrap();
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        out.push(Program {
            raw: stream.content.clone(),
            filter: stream
                .dict
                .get(b"Filter")
                .unwrap()
                .as_name()
                .unwrap()
                .to_vec(),
            length1: stream.dict.get(b"Length1").unwrap().as_i64().unwrap(),
            decoded: stream.decompressed_content().unwrap(),
        });
    }
    out
}

fn parse(bytes: &[u8]) -> ParsedFont {
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("a valid font program")
}

fn has_glyph(font: &ParsedFont, c: char) -> bool {
    font.lookup_glyph_index(c as u32).is_some_and(|g| g != 0)
}

#[test]
fn every_pdf_embeds_the_build_time_compressed_subsets_with_every_glyph_of_its_text() {
    let (dir, mut store) = set_up();
    let mut r = input(TEXT, TEXT);
    r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
    r.visibility = Visibility::Shared;
    store.save_reflection(&r).unwrap();
    let first = export::portfolio_pdf(&store, None, None).unwrap();
    let second = export::portfolio_pdf(&store, None, None).unwrap();
    assert!(first.replaced > 0, "the emoji is replaced, visibly");

    let fonts = Fonts::get().unwrap();
    let faces = [&fonts.regular, &fonts.bold];
    let (a, b) = (programs(&first.bytes), programs(&second.bytes));
    assert_eq!(a.len(), 2, "two faces embedded");
    for (p, q) in a.iter().zip(&b) {
        assert_eq!(p.raw, q.raw, "the same font bytes in every export");
        assert_eq!(p.filter, b"FlateDecode");
        assert_eq!(
            p.length1,
            p.decoded.len() as i64,
            "/Length1 is the program's size"
        );
        let face = faces
            .iter()
            .find(|f| f.compressed_program() == p.raw.as_slice())
            .expect("the embedded bytes are the ones compressed at build time");
        assert_eq!(
            p.decoded, face.font.original_bytes,
            "and decode to the subset"
        );
        parse(&p.decoded);
    }

    // Every character of the document's text, as a reader extracts it, is in both programs.
    let path = dir.path().join("fonts.pdf");
    std::fs::write(&path, &first.bytes).unwrap();
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    let chars: BTreeSet<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    for want in [
        "Ŵyr a ŷd",
        "Γειά σου κόσμε",
        "Привет, мир",
        "☑ ✓",
        "\u{FFFD}",
    ] {
        assert!(text.contains(want), "{want} is extractable");
    }
    for p in &a {
        let font = parse(&p.decoded);
        let missing: String = chars.iter().filter(|c| !has_glyph(&font, **c)).collect();
        assert!(
            missing.is_empty(),
            "glyphs missing from the embedded font: {missing}"
        );
    }
    let listed = poppler("pdffonts", &[], &path, &[]);
    let rows: Vec<&str> = listed.lines().filter(|l| l.contains("DejaVu")).collect();
    assert_eq!(rows.len(), 2, "{listed}");
    for row in rows {
        // name type encoding emb sub uni object ID: embedded, a subset, with a Unicode map.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
}

#[test]
fn the_subsets_keep_every_repertoire_character_the_vendored_faces_have() {
    let fonts = Fonts::get().unwrap();
    let vendored = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pdf/fonts");
    for (file, face) in [
        ("DejaVuSans.ttf", &fonts.regular),
        ("DejaVuSans-Bold.ttf", &fonts.bold),
    ] {
        let full = parse(&std::fs::read(vendored.join(file)).unwrap());
        let subset = parse(&face.font.original_bytes);
        let mut kept = 0;
        for &(lo, hi) in REPERTOIRE {
            for c in (lo..=hi).filter_map(char::from_u32) {
                if has_glyph(&full, c) {
                    assert!(has_glyph(&subset, c), "{file}: U+{:04X} kept", c as u32);
                    assert!(
                        face.width(c).is_some(),
                        "{file}: U+{:04X} measured",
                        c as u32
                    );
                    kept += 1;
                }
            }
        }
        assert!(kept > 1500, "{file}: {kept} characters");
        assert!(
            subset.original_bytes.len() * 2 < full.original_bytes.len(),
            "{file}: a subset"
        );
    }
}

/// Names and notes as NHS staff write them, one per script the fallback faces cover.
const WORLD: &[&str] = &[
    "王小明",         // Chinese
    "山田花子です。", // Japanese
    "김민준",         // Korean
    "محمد عبد الله",  // Arabic
    "عائشہ پروین",    // Urdu
    "प्रिया शर्मा",     // Hindi (conjunct, vowel sign before its consonant)
    "সুমন রায়",         // Bengali
    "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",     // Punjabi
    "કૃપા પટેલ",        // Gujarati
    "அருண் குமார்",      // Tamil
    "สมชาย ใจดี",      // Thai
    "דוד כהן",        // Hebrew
];

/// The `/Font` resources of every page, by name, and each font's `/BaseFont`.
fn font_resources(pdf: &[u8]) -> BTreeSet<(String, String)> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut out = BTreeSet::new();
    for page in doc.get_pages().values() {
        let page = doc.get_object(*page).unwrap().as_dict().unwrap();
        let res = page.get(b"Resources").unwrap().as_reference().unwrap();
        let res = doc.get_object(res).unwrap().as_dict().unwrap();
        for (key, font) in res.get(b"Font").unwrap().as_dict().unwrap() {
            let font = doc
                .get_object(font.as_reference().unwrap())
                .unwrap()
                .as_dict()
                .unwrap();
            let base = font.get(b"BaseFont").unwrap().as_name().unwrap();
            out.insert((
                String::from_utf8_lossy(key).to_string(),
                String::from_utf8_lossy(base).to_string(),
            ));
        }
    }
    out
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn names_and_notes_in_other_scripts_print_and_extract_as_written() {
    let (dir, mut store) = set_up();
    let mut p = profile();
    p.name = "王小明 (Wang Xiaoming)".into();
    store.save_profile(&p).unwrap();
    for (i, text) in WORLD.iter().enumerate() {
        let mut r = input(
            &format!("Reflection {i}: {text}"),
            &format!("Spoke with {text} today."),
        );
        r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
        r.visibility = Visibility::Shared;
        store.save_reflection(&r).unwrap();
    }
    let pdf = export::portfolio_pdf(&store, None, None).unwrap();
    assert_eq!(pdf.replaced, 0, "nothing printed as U+FFFD");
    let path = write_pdf(dir.path(), "world.pdf", &pdf.bytes);
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &path, &["-"]);
    assert!(!text.contains('\u{FFFD}'), "{text}");
    assert!(text.contains("王小明 (Wang Xiaoming)"), "{text}");
    // pdftotext marks a right-to-left run with embedding controls and moves the space at its
    // edge; the characters come back in logical order.
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !('\u{202A}'..='\u{202E}').contains(c))
            .collect()
    };
    let extracted = bare(&text);
    for want in WORLD {
        let sentence = bare(&format!("Spoke with {want} today."));
        assert!(extracted.contains(&sentence), "{want} in:\n{text}");
        let rtl = want.chars().any(|c| ('\u{0590}'..='\u{06FF}').contains(&c));
        assert!(
            rtl || text.contains(&format!("Spoke with {want} today.")),
            "{want}"
        );
    }
    // Each fallback face it used is embedded, a subset, with a Unicode map.
    let listed = poppler("pdffonts", &[], &path, &[]);
    for face in [
        "DroidSansFallback",
        "NanumSquare",
        "NotoSansArabic",
        "NotoSansHebrew",
        "NotoSansDevanagari",
        "NotoSansBengali",
        "NotoSansGurmukhi",
        "NotoSansGujarati",
        "NotoSansTamil",
        "NotoSansThai",
    ] {
        let row = listed
            .lines()
            .find(|l| l.contains(&format!("REFLCT+{face}")))
            .unwrap_or_else(|| panic!("{face} embedded:\n{listed}"));
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
}

#[test]
fn a_latin_only_document_embeds_only_dejavu_and_the_fallback_subset_only_its_glyphs() {
    let blocks = |extra: &str| vec![body("Ŵyr a ŷd — “dyfyniad”, Straße, Привет."), body(extra)];
    let meta = Meta::default();
    let furniture = Furniture {
        footer_title: "Fonts",
        watermark: None,
    };
    let latin = reflect_pdf::render(&blocks("Plain text."), &meta, &furniture).unwrap();
    let dejavu = BTreeSet::from([
        ("B".to_string(), "REFLCT+DejaVuSans-Bold".to_string()),
        ("R".to_string(), "REFLCT+DejaVuSans".to_string()),
    ]);
    assert_eq!(font_resources(&latin.bytes), dejavu);
    assert_eq!(programs(&latin.bytes).len(), 2);
    assert!(!String::from_utf8_lossy(&latin.bytes).contains("ActualText"));

    let cjk = reflect_pdf::render(&blocks("王小明、王小明。"), &meta, &furniture).unwrap();
    let resources = font_resources(&cjk.bytes);
    assert_eq!(resources.len(), 3, "{resources:?}");
    assert!(resources.is_superset(&dejavu));
    let progs = programs(&cjk.bytes);
    let fonts = Fonts::get().unwrap();
    let fallback = progs
        .iter()
        .find(|p| {
            p.raw != fonts.regular.compressed_program() && p.raw != fonts.bold.compressed_program()
        })
        .expect("the fallback program");
    assert_eq!(fallback.length1, fallback.decoded.len() as i64);
    let font = parse(&fallback.decoded);
    for c in "王小明、。".chars() {
        assert!(has_glyph(&font, c), "{c} in the subset");
    }
    // .notdef and five characters, out of Droid Sans Fallback's tens of thousands of glyphs.
    let glyphs = font.glyph_widths.len();
    assert!(glyphs <= 10, "only the glyphs used: {glyphs}");
    assert!(fallback.raw.len() < 8_000, "{} bytes", fallback.raw.len());
}

#[test]
fn fallback_text_is_shaped_and_cjk_text_breaks_between_ideographs() {
    let fonts = Fonts::get().unwrap();
    let face = &fonts.regular;
    let apart = |s: &str| {
        s.chars()
            .map(|c| face.measure(&c.to_string(), 10.0))
            .sum::<f32>()
    };
    // An ideograph is a full em wide, not the width of U+FFFD.
    assert!((face.measure("王", 10.0) - 10.0).abs() < 0.5);
    // Joined Arabic letters take their joining forms, a Devanagari conjunct is one glyph: the
    // shaped width is not the sum of the letters alone.
    for joined in ["محمد", "क्ष", "प्रिया"] {
        let (shaped, alone) = (face.measure(joined, 10.0), apart(joined));
        assert!(
            (shaped - alone).abs() > 1.0,
            "{joined} shaped: {shaped} vs {alone}"
        );
    }
    // A paragraph of Chinese with no spaces fills each line and breaks between ideographs.
    let para = "今天我和病人的家属谈话，他们很担心。".repeat(8);
    let lines = wrap(face, &para, 10.0, 200.0);
    assert!(lines.len() > 3, "{lines:?}");
    assert_eq!(lines.concat(), para, "nothing lost or added");
    for line in &lines[..lines.len() - 1] {
        let w = face.measure(line, 10.0);
        assert!(w <= 200.0 && w > 189.0, "{w}: {line}");
    }
}

/// Right-to-left text is drawn right to left: the first glyph drawn (the leftmost) of the Arabic
/// name is its last letter, and its ToUnicode says so.
#[test]
fn right_to_left_runs_are_drawn_in_visual_order() {
    let pdf = reflect_pdf::render(
        &[body("Name: دان")],
        &Meta::default(),
        &Furniture {
            footer_title: "RTL",
            watermark: None,
        },
    )
    .unwrap();
    let doc = Document::load_mem(&pdf.bytes).unwrap();
    let cmap = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"BaseFont").and_then(Object::as_name).ok()
                == Some(b"REFLCT+NotoSansArabic".as_slice())
                && d.get(b"ToUnicode").is_ok()
        })
        .map(|d| {
            let id = d.get(b"ToUnicode").unwrap().as_reference().unwrap();
            let s = doc.get_object(id).unwrap().as_stream().unwrap();
            String::from_utf8(s.decompressed_content().unwrap()).unwrap()
        })
        .next()
        .expect("the Arabic face embedded");
    // CIDs are numbered as glyphs are first drawn: 1 is the leftmost, ن (U+0646), the last letter.
    assert!(cmap.contains("<0001> <0646>"), "{cmap}");
    assert!(cmap.contains("<0003> <062F>"), "{cmap}");
}

fn poppler(tool: &str, before: &[&str], file: &Path, after: &[&str]) -> String {
    let out = Command::new(tool)
        .args(before)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils; `make test` installs it): {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
