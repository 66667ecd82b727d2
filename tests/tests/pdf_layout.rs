//! The page engine's layout, checked on what it placed and on the text `pdftotext` reads back:
//! no heading or label left alone at the foot of a page, and table columns wide enough for their
//! longest word, so words break only at spaces and hyphens (a word longer than a whole column
//! alone is the only one broken).
use std::process::Command;

use reflect_core::{ReflectiveModel, Visibility};
use reflect_pdf::fonts::Fonts;
use reflect_pdf::layout::{self, col, Block, Furniture, Kind};
use reflect_pdf::Meta;
use reflect_tests::{input, set_up, tag};

fn furniture() -> Furniture<'static> {
    Furniture {
        footer_title: "t",
        watermark: None,
    }
}

fn laid(blocks: &[Block]) -> layout::Layout {
    let fonts = Fonts::get().unwrap();
    let mut doc = printpdf::PdfDocument::new("t");
    let regular = doc.add_font(&fonts.regular.font);
    let bold = doc.add_font(&fonts.bold.font);
    layout::layout(fonts, regular, bold, blocks, &furniture())
}

/// Each line `pdftotext -raw` reads from `blocks` rendered, trimmed.
fn lines(blocks: &[Block]) -> Vec<String> {
    let r = reflect_pdf::render(blocks, &Meta::default(), &furniture()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn a_prompt_is_never_left_alone_at_the_foot_of_a_page() {
    // Reflections in What? So what? Now what?, answers of every length, so each prompt falls at
    // every height of a page somewhere in the portfolio.
    let (_dir, mut store) = set_up();
    for i in 0..36 {
        let mut r = input(&format!("Reflection {i}"), "");
        r.model = ReflectiveModel::WhatSoWhat;
        let words = |n: usize| vec!["Words of an answer that wraps over lines."; n].join(" ");
        r.body = [
            ("what".to_string(), words(1 + i % 7)),
            ("so_what".to_string(), words(1 + (i * 5) % 11)),
            ("now_what".to_string(), words(1 + (i * 3) % 4)),
        ]
        .into();
        r.tags = vec![tag("nhs-somerset", "self-awareness", Some("sa-feedback"))];
        r.visibility = Visibility::Shared;
        store.save_reflection(&r).unwrap();
    }
    let input = store.portfolio_document(None, None).unwrap();
    let (blocks, _) = reflect_pdf::documents::portfolio(&input);
    let prompts: Vec<&str> = ReflectiveModel::WhatSoWhat
        .prompts()
        .iter()
        .map(|p| p.label)
        .collect();
    let laid = laid(&blocks);
    assert!(laid.pages.len() > 5);
    let mut checked = 0;
    for (p, page) in laid.pages.iter().enumerate() {
        let Some(last) = page.placed.last() else {
            continue;
        };
        assert!(
            !prompts.contains(&last.text.trim()),
            "page {} ends with the prompt \"{}\", its answer on the next page",
            p + 1,
            last.text
        );
        assert_ne!(
            last.kind,
            Kind::Heading,
            "page {} ends with a heading",
            p + 1
        );
        checked += 1;
    }
    assert!(checked > 5);
}

/// (what, column shares, the cells of one row, the words that must be read whole)
type Narrow = (&'static str, Vec<f32>, Vec<&'static str>, Vec<&'static str>);

#[test]
fn table_columns_fit_their_longest_word_and_words_break_only_at_spaces_and_hyphens() {
    let cases: Vec<Narrow> = vec![
        (
            "the development plan's six columns",
            vec![0.2, 0.22, 0.17, 0.13, 0.12, 0.16],
            vec![
                "Leadership",
                "Shadow the matron",
                "Mentor",
                "1 March 2027",
                "Overdue",
                "Communication",
            ],
            vec!["Leadership", "Overdue", "Communication", "Mentor"],
        ),
        (
            "a narrow first column",
            vec![0.04, 0.48, 0.48],
            vec!["Objectives", "Agree the objectives", "By the spring"],
            vec!["Objectives", "objectives"],
        ),
        (
            "many narrow columns",
            vec![0.1; 6],
            vec![
                "Communication",
                "Overdue",
                "Objectives",
                "Participatory",
                "Wellbeing",
                "Appraisal",
            ],
            vec![
                "Communication",
                "Overdue",
                "Objectives",
                "Participatory",
                "Wellbeing",
                "Appraisal",
            ],
        ),
        (
            "more long words than the page holds: only the widest are broken",
            vec![0.1; 8],
            vec![
                "Communication",
                "Overdue",
                "Objectives",
                "Participatory",
                "Confidential",
                "Development",
                "Wellbeing",
                "Appraisal",
            ],
            vec!["Overdue"],
        ),
    ];
    for (name, shares, row, whole) in cases {
        let columns = shares
            .iter()
            .enumerate()
            .map(|(i, s)| col(&format!("C{i}"), *s))
            .collect();
        let blocks = vec![Block::Table {
            columns,
            rows: vec![row.iter().map(|c| (*c).to_string()).collect()],
            header: true,
        }];
        let lines = lines(&blocks);
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        for w in whole {
            assert!(
                words.contains(&w),
                "{name}: \"{w}\" is read whole, not broken: {lines:?}"
            );
        }
    }
}

#[test]
fn a_hyphenated_word_breaks_after_a_hyphen_and_only_an_overlong_word_between_letters() {
    let fonts = Fonts::get().unwrap();
    let face = &fonts.regular;
    // Narrow enough for "well-" and "matters" but not "well-being".
    let width = face.measure("well-being", 10.0) - 1.0;
    assert_eq!(
        layout::wrap(face, "well-being matters", 10.0, width),
        ["well-", "being ", "matters"]
    );
    // "-2" keeps its sign; a word wider than the line alone is the only one broken.
    let narrow = face.measure("abcdef", 10.0);
    let wrapped = layout::wrap(face, "-2 abcdefghijkl ab", 10.0, narrow);
    assert_eq!(wrapped.first().map(String::as_str), Some("-2 "));
    assert!(wrapped
        .iter()
        .all(|l| face.measure(l.trim_end(), 10.0) <= narrow + 0.01));
    assert_eq!(wrapped.concat().replace(' ', ""), "-2abcdefghijklab");
    // A table whose longest words together are wider than the page still lays out, breaking
    // only the words that cannot fit.
    let long = "x".repeat(90);
    let blocks = vec![Block::Table {
        columns: vec![col("A", 0.5), col("B", 0.5)],
        rows: vec![vec![long.clone(), "Communication".into()]],
        header: false,
    }];
    let read = lines(&blocks);
    assert!(read.iter().any(|l| l.contains("Communication")), "{read:?}");
    assert!(read.concat().contains(&"x".repeat(40)));
    // The min-content width is the widest piece a line may start with.
    let widest = ["Self-", "awareness", "and", "reflection"]
        .iter()
        .map(|p| face.measure(p, 10.0))
        .fold(0.0, f32::max);
    let min = layout::min_content(face, "Self-awareness and reflection", 10.0);
    assert!((min - widest).abs() < 0.01, "{min} {widest}");
}
