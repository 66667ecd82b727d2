//! The fonts every PDF embeds are the subsets `pdf/build.rs` made and compressed at build time:
//! each document's `/FontFile2` streams are those bytes exactly (the same in every export), they
//! decode to valid fonts, the subset keeps every repertoire character the vendored DejaVu faces
//! have, and every character of a document's text has its glyph in the embedded program.
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use lopdf::{Document, Object};
use printpdf::ParsedFont;
use reflect_core::Visibility;
use reflect_pdf::export;
use reflect_pdf::fonts::{Fonts, REPERTOIRE};
use reflect_tests::{input, set_up, tag};

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
