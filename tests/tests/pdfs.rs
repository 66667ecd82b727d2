//! PDF exports, checked the way a reader sees them: `pdftotext` (poppler-utils) for every section,
//! every included reflection, page numbering, the footer and the absence of private content;
//! `pdfinfo` for metadata and page size; and page 1 of each document rendered to PNG with
//! `pdftoppm` into `target/pdf-previews/` for people to look at.
use reflect_tests::Latest;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Local, NaiveDate};
use reflect_core::appraisal::{Action, Role};
use reflect_core::revalidation::{DiscussionInput, FeedbackInput};
use reflect_core::{
    NewAppraisal, ReflectiveModel, Registration, RegistrationBody, Store, Visibility,
};
use reflect_pdf::export;
use reflect_pdf::fonts::Fonts;
use reflect_pdf::layout::{self, body, heading, Block, Furniture, Kind};
use reflect_pdf::Rendered;
use reflect_tests::{input, set_up, tag};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} is needed for these tests (poppler-utils; `make test` installs it): {e}")
        });
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
    pages: Vec<String>,
    text: String,
}

impl Pdf {
    fn info(&self) -> String {
        tool("pdfinfo", &[], &self.path)
    }
    /// The text without the page furniture and with all whitespace removed (wrapping may break a
    /// line anywhere, and a paragraph may run on over a footer).
    fn squeezed(&self) -> String {
        let footer = |l: &str| {
            let l = l.trim();
            l == "Confidential"
                || ["Appraisal record", "NMC revalidation", "Values portfolio"].contains(&l)
                || (l.starts_with("Page ") && l.contains(" of "))
        };
        squeeze(
            &self
                .text
                .lines()
                .filter(|l| !footer(l))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
    /// Each page's text in content-stream order (diagonal text comes out a character per line).
    fn raw_pages(&self) -> Vec<String> {
        let out = Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(&self.path)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .map(squeeze)
            .collect()
    }
    fn preview(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pdf-previews");
        std::fs::create_dir_all(&dir).unwrap();
        let prefix = dir.join(name);
        let out = Command::new("pdftoppm")
            .args(["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&self.path)
            .arg(&prefix)
            .output()
            .expect("pdftoppm (poppler-utils)");
        assert!(out.status.success());
        assert!(prefix.with_extension("png").exists());
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdftotext_stdout(r: &Rendered) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let pages: Vec<String> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect();
    Pdf {
        _dir: dir,
        path,
        pages,
        text,
    }
}

/// Every page says "Page N of M" and "Confidential", and M is the real page count.
fn check_furniture(pdf: &Pdf, r: &Rendered) {
    assert_eq!(pdf.pages.len(), r.pages, "pdftotext sees every page");
    for (i, page) in pdf.pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {}", i + 1, r.pages)),
            "page {} is numbered",
            i + 1
        );
        assert!(
            page.contains("Confidential"),
            "page {} says Confidential",
            i + 1
        );
    }
    let info = pdf.info();
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    assert!(info.contains(&format!("Pages:           {}", r.pages)));
    assert!(info.contains("CreationDate:"));
    assert!(
        !info.contains("PDF/X"),
        "no claim of a conformance the document does not meet"
    );
}

fn nmc_profile(store: &mut Store) {
    let mut p = reflect_tests::profile();
    p.registration = Some(Registration {
        body: RegistrationBody::Nmc,
        pin: "12A3456E".into(),
        renewal_date: "2027-10-31".into(),
    });
    store.save_profile(&p).unwrap();
}

#[test]
fn the_appraisal_record_has_every_section_every_included_reflection_and_nothing_private() {
    let (_dir, mut store) = set_up();
    let today = today();
    let mut secret = input("PRIVATE-NIGHT-SHIFT reflection", "Only for me.");
    secret.tags = vec![tag("nhs-somerset", "self-awareness", None)];
    store.save_reflection(&secret).unwrap();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, 30, 11).unwrap();
    let a = store.appraisal(&id, Role::Colleague, today).unwrap();
    let r = export::appraisal_pdf(&store, &id, false, today).unwrap();
    let pdf = pdftotext_stdout(&r);
    pdf.preview("appraisal-record");
    check_furniture(&pdf, &r);
    assert!(
        (8..=20).contains(&r.pages),
        "30 reflections make 8 to 20 pages, not {}",
        r.pages
    );
    for section in [
        "1. Details",
        "2. Review of the last year",
        "3. Values and behaviours",
        "4. Last year's objectives and development plan",
        "5. New objectives",
        "6. Personal development plan",
        "7. Health and wellbeing",
        "8. Career aspirations",
        "9. Pay-step readiness",
        "10. Summary and sign-off",
    ] {
        assert!(
            pdf.text.matches(section).count() >= 2,
            "{section} is in the contents and the body"
        );
    }
    let text = pdf.squeezed();
    let included: Vec<_> = a.evidence.iter().flat_map(|e| &e.included).collect();
    assert!(
        included.len() >= 25,
        "most of the 30 are included as evidence"
    );
    for r in &included {
        assert!(
            text.contains(&squeeze(&r.title)),
            "the evidence \"{}\" is quoted",
            r.title
        );
    }
    assert!(
        !text.contains("PRIVATE-NIGHT-SHIFT"),
        "private reflections never appear"
    );
    assert!(
        !text.contains(&squeeze("managing night shifts around childcare")),
        "wellbeing notes are left out"
    );
    assert!(pdf.text.contains("wellbeing notes are private"));
    let sha = a.record_sha256.clone().unwrap();
    assert!(text.contains(&sha), "the record's SHA-256 is printed");
    assert!(
        text.contains("AlexSmith") && text.contains("WardManager"),
        "the signature block names the appraiser"
    );
    assert!(
        !pdf.raw_pages()
            .iter()
            .any(|p| p.contains("DRAFT—NOTSIGNED")),
        "an agreed record has no watermark"
    );
    let info = pdf.info();
    for want in [
        "Title:           Appraisal record: Sam Jones",
        "Author:          Sam Jones",
        "Subject:         Values-based appraisal, Agreed",
    ] {
        assert!(info.contains(want), "pdfinfo shows {want}: {info}");
    }
    // The owner can choose to include the wellbeing notes.
    let with = pdftotext_stdout(&export::appraisal_pdf(&store, &id, true, today).unwrap());
    assert!(with
        .squeezed()
        .contains(&squeeze("managing night shifts around childcare")));
}

#[test]
fn a_draft_carries_a_watermark_on_every_page_and_empty_sections_say_so() {
    let (_dir, mut store) = set_up();
    let today = today();
    let a = store
        .create_appraisal(&NewAppraisal::default(), today)
        .unwrap();
    let r = export::appraisal_pdf(&store, &a.id, false, today).unwrap();
    let pdf = pdftotext_stdout(&r);
    check_furniture(&pdf, &r);
    let raw = pdf.raw_pages();
    assert_eq!(raw.len(), r.pages);
    for page in &raw {
        assert!(page.contains("DRAFT—NOTSIGNED"), "watermark on every page");
    }
    for want in [
        "Not written.",
        "No new objectives were recorded.",
        "No development-plan items were recorded.",
        "Gap: no reflection was included",
        "Nothing was carried forward",
    ] {
        assert!(pdf.text.contains(want), "{want}");
    }
}

/// (name, title, body, what the PDF's text must contain (whitespace ignored), characters replaced)
type Edge = (&'static str, String, String, Vec<String>, usize);

#[test]
fn long_fields_many_reflections_and_unusual_characters_render_whole() {
    let long_body: String = (0..2_000)
        .map(|i| format!("word{i} "))
        .collect::<String>()
        .trim_end()
        .to_string();
    let unbroken = "x".repeat(180) + "END";
    let cases: Vec<Edge> = vec![
        (
            "very long answer",
            "A very long reflection".into(),
            long_body.clone(),
            vec![long_body.clone()],
            0,
        ),
        (
            "unbroken title",
            unbroken.clone(),
            "Short.".into(),
            vec![unbroken.clone()],
            0,
        ),
        (
            "Welsh, Polish, Greek, punctuation",
            "Ŵyr a ŷd — “dyfyniad” ‘a’ … £5 €6".into(),
            "Zażółć gęślą jaźń. Γειά σου κόσμε. Straße, façade, naïve – Dŵr.".into(),
            vec![
                "Ŵyr a ŷd — “dyfyniad” ‘a’ … £5 €6".into(),
                "Zażółć gęślą jaźń. Γειά σου κόσμε. Straße, façade, naïve – Dŵr.".into(),
            ],
            0,
        ),
        (
            "combining accents are composed",
            "Cwm w\u{0302}yn".into(),
            "Text.".into(),
            vec!["Cwm ŵyn".into()],
            0,
        ),
        (
            "emoji are replaced visibly",
            "Thanks 🙂 team".into(),
            "Kind words 🎉.".into(),
            vec!["Thanks \u{FFFD} team".into(), "Kind words \u{FFFD}.".into()],
            2,
        ),
    ];
    for (name, title, text, wants, replaced) in cases {
        let (_dir, mut store) = set_up();
        let mut r = input(&title, &text);
        r.tags = vec![tag("nhs-somerset", "self-awareness", None)];
        r.visibility = Visibility::Shared;
        store.save_reflection(&r).unwrap();
        let rendered = export::portfolio_pdf(&store, None, None).unwrap();
        let pdf = pdftotext_stdout(&rendered);
        check_furniture(&pdf, &rendered);
        let squeezed = pdf.squeezed();
        for want in &wants {
            assert!(
                squeezed.contains(&squeeze(want)),
                "{name}: {want:.80}… is all there"
            );
        }
        assert_eq!(rendered.replaced, replaced, "{name}");
    }
    // Many reflections: every title appears.
    let (_dir, mut store) = set_up();
    let titles: Vec<String> = (0..80)
        .map(|i| format!("Reflection number {i} on handover"))
        .collect();
    for t in &titles {
        let mut r = input(t, "Body text.");
        r.tags = vec![tag(
            "nhs-somerset",
            "integrated-working",
            Some("iw-boundaries"),
        )];
        r.visibility = Visibility::Shared;
        store.save_reflection(&r).unwrap();
    }
    let rendered = export::portfolio_pdf(&store, None, None).unwrap();
    let pdf = pdftotext_stdout(&rendered);
    check_furniture(&pdf, &rendered);
    pdf.preview("values-portfolio");
    for t in &titles {
        assert!(pdf.text.contains(t.as_str()), "{t}");
    }
}

#[test]
fn the_portfolio_groups_shared_reflections_by_value_and_behaviour_within_the_period() {
    let (_dir, mut store) = set_up();
    let mut a = input("Shared inside the period", "Yes.");
    a.event_date = "2026-03-01".into();
    a.tags = vec![tag("nhs-somerset", "self-awareness", Some("sa-feedback"))];
    a.visibility = Visibility::Shared;
    store.save_reflection(&a).unwrap();
    let mut b = input("Shared before the period", "No.");
    b.event_date = "2025-01-01".into();
    b.tags = a.tags.clone();
    b.visibility = Visibility::Shared;
    store.save_reflection(&b).unwrap();
    let mut c = input("Private inside the period", "Never.");
    c.event_date = "2026-03-02".into();
    c.tags = a.tags.clone();
    store.save_reflection(&c).unwrap();
    let r = export::portfolio_pdf(&store, Some("2026-01-01"), Some("2026-06-30")).unwrap();
    let pdf = pdftotext_stdout(&r);
    check_furniture(&pdf, &r);
    assert!(pdf.text.contains("Shared inside the period"));
    assert!(!pdf.text.contains("Shared before the period"));
    assert!(!pdf.text.contains("Private inside the period"));
    assert!(pdf.squeezed().contains(&squeeze(
        "This means we: seek, reflect on and learn from feedback"
    )));
    assert!(pdf
        .text
        .contains("Gap: no shared reflection is tagged with this value"));
    assert!(pdf
        .info()
        .contains("Title:           Values portfolio: Sam Jones"));
    // Bad periods name the field.
    assert_eq!(
        export::portfolio_pdf(&store, Some("2026-02-30"), None)
            .unwrap_err()
            .field(),
        Some("from")
    );
    assert_eq!(
        export::portfolio_pdf(&store, Some("2026-06-01"), Some("2026-01-01"))
            .unwrap_err()
            .field(),
        Some("to")
    );
}

#[test]
fn nmc_accounts_one_per_page_with_themes_logs_and_the_discussion() {
    let (_dir, mut store) = set_up();
    nmc_profile(&mut store);
    let today = today();
    for i in 0..3 {
        let mut r = input(&format!("NMC account {i}"), "");
        r.model = ReflectiveModel::Nmc;
        r.body = [
            ("what_happened".to_string(), format!("Event {i}")),
            ("what_learnt".to_string(), format!("Learnt {i}")),
            ("changed_practice".to_string(), format!("Changed {i}")),
        ]
        .into();
        r.tags = vec![tag("nmc-code", "preserve-safety", None)];
        r.visibility = Visibility::Shared;
        r.cpd_hours = Some(2.5);
        r.cpd_participatory = i % 2 == 0;
        r.event_date = format!("2026-0{}-10", i + 1);
        store.save_reflection(&r).unwrap();
    }
    let mut gibbs = input("Gibbs account tagged to the Code", "");
    gibbs.model = ReflectiveModel::Gibbs;
    gibbs.body = [
        ("description".to_string(), "What happened".to_string()),
        ("action_plan".to_string(), "Next time".to_string()),
    ]
    .into();
    gibbs.tags = vec![tag("nmc-code", "prioritise-people", None)];
    gibbs.visibility = Visibility::Shared;
    store.save_reflection(&gibbs).unwrap();
    let mut private = input("PRIVATE account", "");
    private.model = ReflectiveModel::Nmc;
    private.body = [("what_happened".to_string(), "x".to_string())].into();
    store.save_reflection(&private).unwrap();
    for i in 0..40 {
        store
            .save_feedback(
                &FeedbackInput {
                    id: None,
                    received_on: format!("2026-02-{:02}", 1 + i % 28),
                    source: format!("Patient {i}"),
                    summary: "Thanked the team for explaining the plan clearly and kindly.".into(),
                    changes: "I now check understanding before discharge, every time.".into(),
                },
                today,
            )
            .unwrap();
    }
    store
        .add_discussion(
            &DiscussionInput {
                partner_name: "Jo Patel".into(),
                partner_pin: "98B7654C".into(),
                held_on: "2026-11-01".into(),
                notes: String::new(),
            },
            today,
        )
        .unwrap();
    let r = export::nmc_pdf(&store, false, today).unwrap();
    let pdf = pdftotext_stdout(&r);
    check_furniture(&pdf, &r);
    pdf.preview("nmc-reflective-accounts");
    for i in 1..=4 {
        let page = pdf
            .pages
            .iter()
            .find(|p| p.contains(&format!("Reflective account {i} of 4")))
            .unwrap();
        assert!(
            page.trim_start()
                .starts_with(&format!("Reflective account {i} of 4")),
            "account {i} starts its own page"
        );
    }
    assert!(
        pdf.text.contains("☒ Preserve safety"),
        "the Code's theme is ticked"
    );
    assert!(pdf.text.contains("☐ Prioritise people"));
    assert!(pdf
        .text
        .contains("What did you learn from the CPD activity"));
    assert!(!pdf.text.contains("PRIVATE account"));
    assert!(
        !pdf.text.to_lowercase().contains("private"),
        "the document never says that private reflections exist"
    );
    assert!(pdf.text.contains("Jo Patel (NMC PIN 98B7654C)"));
    assert!(pdf.text.contains("7.5"), "the CPD log totals the hours");
    // The 40-row feedback table runs over pages, its header repeated on each.
    let feedback_pages: Vec<&String> = pdf
        .pages
        .iter()
        .filter(|p| p.contains("Patient "))
        .collect();
    assert!(feedback_pages.len() >= 2, "the feedback table spans pages");
    for p in feedback_pages {
        assert!(
            p.contains("What it said") && p.contains("What changed"),
            "the header is repeated"
        );
    }
    for i in 0..40 {
        assert!(
            pdf.text.contains(&format!("Patient {i}\n"))
                || pdf.text.contains(&format!("Patient {i} ")),
            "row {i}"
        );
    }
    let with_private = pdftotext_stdout(&export::nmc_pdf(&store, true, today).unwrap());
    assert!(
        with_private.text.contains("PRIVATE account"),
        "included when the owner asks"
    );
}

#[test]
fn no_heading_is_left_alone_at_the_foot_of_a_page() {
    let fonts = Fonts::get().unwrap();
    let mut doc = printpdf::PdfDocument::new("t");
    let regular = doc.add_font(&fonts.regular.font);
    let bold = doc.add_font(&fonts.bold.font);
    // Paragraphs of every length between headings, so headings fall at every height on a page.
    for lines in 1..40 {
        let mut blocks = Vec::new();
        for i in 0..30 {
            blocks.push(heading(1 + (i % 3) as u8, format!("Heading {i}")));
            blocks.push(body(
                vec!["Some words of a paragraph that wraps."; lines + i].join(" "),
            ));
        }
        let laid = layout::layout(
            fonts,
            regular.clone(),
            bold.clone(),
            &blocks,
            &Furniture {
                footer_title: "t",
                watermark: None,
            },
        );
        for (p, page) in laid.pages.iter().enumerate() {
            let last = page.placed.last().unwrap();
            assert_ne!(
                last.kind,
                Kind::Heading,
                "case {lines}: page {p} ends with the heading \"{}\"",
                last.text
            );
            for w in page.placed.windows(2) {
                assert!(
                    w[1].top >= w[0].bottom - 0.01,
                    "case {lines}: nothing overlaps on page {p}"
                );
            }
            assert!(
                page.placed
                    .iter()
                    .all(|b| b.bottom <= layout::PAGE_H - layout::MARGIN_BOTTOM + 0.01),
                "nothing runs into the footer"
            );
        }
    }
    // A table row taller than a page is split and the table carries on.
    let cell = vec!["A very long cell that goes on and on."; 400].join(" ");
    let blocks = vec![Block::Table {
        columns: vec![layout::col("Item", 0.3), layout::col("Detail", 0.7)],
        rows: vec![vec!["One".into(), cell]],
        header: true,
    }];
    let laid = layout::layout(
        fonts,
        regular,
        bold,
        &blocks,
        &Furniture {
            footer_title: "t",
            watermark: None,
        },
    );
    assert!(laid.pages.len() >= 2);
    for page in &laid.pages {
        assert_eq!(
            page.placed.first().map(|b| b.kind.clone()),
            Some(Kind::TableHeader),
            "the header starts every page of the table"
        );
    }
}

#[test]
fn appraisal_pdf_of_a_reopened_record_is_a_draft_again() {
    let (_dir, mut store) = set_up();
    let today = today();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, 3, 5).unwrap();
    store
        .act_latest(
            &id,
            Action::Reopen,
            Role::Colleague,
            Some("Fix a date"),
            today,
        )
        .unwrap();
    let pdf = pdftotext_stdout(&export::appraisal_pdf(&store, &id, false, today).unwrap());
    assert!(pdf
        .raw_pages()
        .iter()
        .all(|p| p.contains("DRAFT—NOTSIGNED")));
    assert!(pdf.text.contains("Draft: not signed."));
}

#[test]
fn the_export_registry_reads_what_the_app_sends_and_names_each_file() {
    use reflect_pdf::export::Document;
    // The app's `export_pdf` command receives these shapes from ui/src/ipc.ts.
    let sent = serde_json::json!([
        { "kind": "appraisal", "id": "a1", "include_wellbeing": false },
        { "kind": "nmc", "include_private": true },
        { "kind": "portfolio", "from": "2026-01-01", "to": null },
        { "kind": "hr_summary", "department": null, "team": "Ward 7" },
    ]);
    let docs: Vec<Document> = serde_json::from_value(sent).unwrap();
    assert_eq!(
        docs[2],
        Document::Portfolio {
            from: Some("2026-01-01".into()),
            to: None
        }
    );
    let (_dir, store) = set_up();
    let name = reflect_tests::profile().name;
    let portfolio = docs[2].export(&store, today()).unwrap();
    assert_eq!(portfolio.what, "values portfolio");
    assert_eq!(
        portfolio.file_name,
        reflect_core::files::file_name(&["values portfolio", &name, "2026-01-01", ""], "pdf")
    );
    assert!(portfolio.rendered.bytes.starts_with(b"%PDF-"));
    let summary = docs[3].export(&store, today()).unwrap();
    assert_eq!(summary.file_name, "appraisal-summary-ward-7.pdf");
    assert!(summary.rendered.pages >= 1);
}
