//! Tagged PDFs, read the way assistive technology reads them: every document (the appraisal
//! record, HR's copy of it, the NMC reflective accounts, the values portfolio and the
//! Organisation summary) has a structure tree — `pdfinfo` says "Tagged: yes" and
//! `pdfinfo -struct-text` (poppler) prints the tree with its text: headings that never skip a
//! level, paragraphs, lists with labels and bodies, tables with header cells, figures with
//! alternative text; the catalog has the language, `DisplayDocTitle` and the XMP title; page
//! furniture is artifacts; and text extraction still works.
use std::path::PathBuf;
use std::process::Command;

use chrono::{Local, NaiveDate};
use reflect_core::hr::HrFilter;
use reflect_core::revalidation::FeedbackInput;
use reflect_core::{ReflectiveModel, Registration, RegistrationBody, Store, Visibility};
use reflect_pdf::export;
use reflect_pdf::Rendered;
use reflect_tests::{input, set_up, tag};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Pdf {
    fn new(r: &Rendered) -> Pdf {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.pdf");
        std::fs::write(&path, &r.bytes).unwrap();
        Pdf { _dir: dir, path }
    }
    fn run(&self, tool: &str, args: &[&str]) -> String {
        let out = Command::new(tool)
            .args(args)
            .arg(&self.path)
            .args(if tool == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed: {e}"));
        assert!(
            out.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// The structure tree as poppler prints it, each line trimmed.
    fn tree(&self) -> Vec<String> {
        self.run("pdfinfo", &["-struct-text"])
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// The elements of a type with the text poppler prints after them (`H2 "3. Values"`).
fn of(tree: &[String], role: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, l) in tree.iter().enumerate() {
        let Some(rest) = l.strip_prefix(role) else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with([' ', ':'])) {
            continue;
        }
        // The text is on the element's line or on the lines under it, quoted.
        let mut text = String::new();
        for next in tree.iter().skip(i + 1) {
            if next.starts_with('/') {
                continue; // an attribute (/Scope /Row)
            }
            match next.strip_prefix('"') {
                Some(t) => text.push_str(t.trim_end_matches('"')),
                None => break,
            }
        }
        out.push(text);
    }
    out
}

/// What every tagged document has: "Tagged: yes", a Document root, an H1 first, headings never
/// skipping a level, no furniture in the tree, and text extraction that still reads.
fn check_tagged(name: &str, pdf: &Pdf) -> Vec<String> {
    let info = pdf.run("pdfinfo", &[]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with(" yes")),
        "{name}: {info}"
    );
    let tree = pdf.tree();
    assert_eq!(
        tree.first().map(String::as_str),
        Some("Document"),
        "{name}: {tree:?}"
    );
    let mut last = 0;
    let mut first = true;
    for l in &tree {
        let Some(level) = l
            .strip_prefix('H')
            .and_then(|r| r.chars().next())
            .and_then(|c| c.to_digit(10))
        else {
            continue;
        };
        if first {
            assert_eq!(level, 1, "{name}: the first heading is H1");
            first = false;
        }
        assert!(level <= last + 1, "{name}: {l} skips a level after H{last}");
        last = level;
    }
    let all = tree.join("\n");
    assert!(
        !all.contains("Page 1 of") && !tree.iter().any(|l| l == "\"Confidential\""),
        "{name}: the footer is an artifact, not content"
    );
    check_marked(name, pdf);
    let text = pdf.run("pdftotext", &["-enc", "UTF-8"]);
    assert!(text.contains("Confidential"), "{name}: text still extracts");
    // The catalog: language, title shown, XMP title.
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf.path).unwrap()).into_owned();
    for want in [
        "/Lang",
        "(en-GB)",
        "/DisplayDocTitle true",
        "/Marked true",
        "/StructTreeRoot",
        "/ParentTree",
        "<dc:title>",
    ] {
        assert!(raw.contains(want), "{name}: the PDF has {want}");
    }
    tree
}

/// Every drawing operator on every page is inside marked content (tagged, or an artifact),
/// marked content is balanced, each page's MCIDs run 0, 1, 2… and the parent tree has an
/// element for each.
fn check_marked(name: &str, pdf: &Pdf) {
    let doc = lopdf::Document::load(&pdf.path).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    let tree_root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let parent_tree = doc
        .get_dictionary(
            tree_root
                .get(b"ParentTree")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let elems = nums
            .chunks(2)
            .find(|kv| kv[0].as_i64().ok() == Some(key))
            .and_then(|kv| kv[1].as_array().ok())
            .unwrap_or_else(|| panic!("{name}: page {n} is in the parent tree"));
        let ops = doc.get_and_decode_page_content(id).unwrap().operations;
        let mut depth = 0;
        let mut mcids = Vec::new();
        for op in &ops {
            match op.operator.as_str() {
                "BMC" => depth += 1,
                "BDC" => {
                    depth += 1;
                    let props = op.operands.get(1).and_then(|p| p.as_dict().ok());
                    if let Some(mcid) = props.and_then(|p| p.get(b"MCID").ok()) {
                        mcids.push(mcid.as_i64().unwrap());
                    }
                }
                "EMC" => {
                    depth -= 1;
                    assert!(depth >= 0, "{name}: page {n}: EMC without BDC");
                }
                "Tj" | "TJ" | "re" | "S" | "f" | "m" | "l" => assert!(
                    depth > 0,
                    "{name}: page {n}: {} outside marked content",
                    op.operator
                ),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "{name}: page {n}: marked content is balanced");
        let expected: Vec<i64> = (0..mcids.len() as i64).collect();
        assert_eq!(mcids, expected, "{name}: page {n}'s MCIDs");
        assert_eq!(
            elems.len(),
            mcids.len(),
            "{name}: page {n}: an element per MCID"
        );
    }
}

fn nmc_journal() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = set_up();
    let mut p = reflect_tests::profile();
    p.registration = Some(Registration {
        body: RegistrationBody::Nmc,
        pin: "12A3456E".into(),
        renewal_date: "2027-10-31".into(),
    });
    store.save_profile(&p).unwrap();
    for i in 0..2 {
        let mut r = input(&format!("NMC account {i}"), "");
        r.model = ReflectiveModel::Nmc;
        r.body = [
            ("what_happened".to_string(), format!("Event {i}")),
            ("what_learnt".to_string(), format!("Learnt {i}")),
        ]
        .into();
        r.tags = vec![tag("nmc-code", "preserve-safety", None)];
        r.visibility = Visibility::Shared;
        r.cpd_hours = Some(2.0);
        store.save_reflection(&r).unwrap();
    }
    store
        .save_feedback(
            &FeedbackInput {
                id: None,
                received_on: "2026-02-01".into(),
                source: "Patient".into(),
                summary: "Thanked the team.".into(),
                changes: "None needed.".into(),
            },
            today(),
        )
        .unwrap();
    (dir, store)
}

#[test]
fn the_appraisal_record_is_tagged_with_headings_tables_and_header_cells() {
    let (_dir, mut store) = set_up();
    let today = today();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, 6, 3).unwrap();
    let pdf = Pdf::new(&export::appraisal_pdf(&store, &id, false, today).unwrap());
    let tree = check_tagged("appraisal", &pdf);
    assert_eq!(of(&tree, "H1"), ["Appraisal record"]);
    let h2 = of(&tree, "H2");
    for want in [
        "Contents",
        "1. Details",
        "5. New objectives",
        "10. Summary and sign-off",
    ] {
        assert!(h2.iter().any(|h| h == want), "H2 {want}: {h2:?}");
    }
    // Column headers of the objectives table, with their scope; row headers of the details.
    let th = of(&tree, "TH");
    for want in [
        "Objective",
        "How success is measured",
        "Name",
        "Job title",
        "Signed as",
    ] {
        assert!(th.iter().any(|t| t == want), "TH {want}: {th:?}");
    }
    let scopes: Vec<Option<String>> = elems(&pdf)
        .into_iter()
        .filter(|(role, _, _)| role == "TH")
        .map(|(_, _, scope)| scope)
        .collect();
    assert!(scopes.contains(&Some("Column".into())) && scopes.contains(&Some("Row".into())));
    assert!(
        scopes.iter().all(Option::is_some),
        "every header cell has its scope"
    );
    // The contents list is a TOC of items; the notes' labels are headings.
    assert!(tree.iter().any(|l| l == "TOC") && tree.iter().any(|l| l == "TOCI"));
    assert!(!of(&tree, "H5").is_empty(), "labels are headings: {tree:?}");
    assert!(tree.iter().any(|l| l == "TD"));
    // HR's copy of a record is tagged the same way.
    let a = store
        .appraisal(&id, reflect_core::appraisal::Role::Colleague, today)
        .unwrap();
    let hr = Pdf::new(&reflect_pdf::appraisal(&a, true).unwrap());
    check_tagged("appraisal with wellbeing", &hr);
    // A draft: its watermark is an artifact on every page, as the footer is.
    let (_d, mut fresh) = set_up();
    let draft = fresh
        .create_appraisal(&reflect_core::NewAppraisal::default(), today)
        .unwrap();
    let pdf = Pdf::new(&export::appraisal_pdf(&fresh, &draft.id, false, today).unwrap());
    let tree = check_tagged("draft appraisal", &pdf);
    assert!(!tree.iter().any(|l| l.contains("DRAFT")), "{tree:?}");
}

#[test]
fn the_nmc_document_and_the_portfolio_are_tagged_with_lists_and_a_described_chart() {
    let (_dir, store) = nmc_journal();
    let pdf = Pdf::new(&export::nmc_pdf(&store, false, today()).unwrap());
    let tree = check_tagged("nmc", &pdf);
    assert_eq!(of(&tree, "H1"), ["NMC revalidation"]);
    let h2 = of(&tree, "H2");
    for want in ["Reflective account 1 of 2", "CPD log", "Confirmation"] {
        assert!(h2.iter().any(|h| h == want), "H2 {want}: {h2:?}");
    }
    // The Code's themes are a list: each a label (the box) and a body (the theme).
    assert!(of(&tree, "Lbl").iter().any(|l| l == "☒"), "{tree:?}");
    assert!(of(&tree, "LBody").iter().any(|l| l == "Preserve safety"));
    assert!(of(&tree, "TH").iter().any(|l| l == "Requirement"));

    let mut shared = input("Shared on feedback", "Asked for feedback.");
    shared.tags = vec![tag("nhs-somerset", "self-awareness", Some("sa-feedback"))];
    shared.visibility = Visibility::Shared;
    let (_d, mut store) = set_up();
    store.save_reflection(&shared).unwrap();
    let pdf = Pdf::new(&export::portfolio_pdf(&store, None, None).unwrap());
    let tree = check_tagged("portfolio", &pdf);
    let figures: Vec<&String> = tree.iter().filter(|l| l.starts_with("Figure")).collect();
    assert_eq!(figures.len(), 1, "the chart is one figure: {tree:?}");
    let alt = alt_texts(&pdf);
    assert!(
        alt.iter().any(|a| a.starts_with("Bar chart")
            && a.contains("Self Awareness: 1")
            && a.contains("Integrated Working: none (a gap)")),
        "the alternative text reads every bar: {alt:?}"
    );
    assert!(
        of(&tree, "LI").len() >= 2,
        "the statements without a reflection are a list"
    );
}

/// Every structure element's type, alternative text and header scope, read with lopdf.
fn elems(pdf: &Pdf) -> Vec<(String, Option<String>, Option<String>)> {
    let doc = lopdf::Document::load(&pdf.path).unwrap();
    let name = |o: &lopdf::Object| {
        o.as_name()
            .ok()
            .map(|n| String::from_utf8_lossy(n).into_owned())
    };
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        // A structure element: a type (/S), a parent (/P) and kids (/K); its /Type is optional.
        .filter(|d| d.has(b"S") && d.has(b"P") && d.has(b"K"))
        .map(|d| {
            let role = d.get(b"S").ok().and_then(name).unwrap_or_default();
            let alt = d
                .get(b"Alt")
                .ok()
                .and_then(|a| lopdf::decode_text_string(a).ok());
            let scope = d
                .get(b"A")
                .ok()
                .and_then(|a| a.as_dict().ok())
                .and_then(|a| a.get(b"Scope").ok())
                .and_then(name);
            (role, alt, scope)
        })
        .collect()
}

fn alt_texts(pdf: &Pdf) -> Vec<String> {
    elems(pdf)
        .into_iter()
        .filter_map(|(_, alt, _)| alt)
        .collect()
}

#[test]
fn the_organisation_summary_is_tagged_and_its_charts_are_figures_with_alternative_text() {
    let (_dir, mut hr, today) = hr_with_two_teams();
    let r = export::hr_summary_pdf(&hr, &HrFilter::default(), today).unwrap();
    let pdf = Pdf::new(&r);
    let tree = check_tagged("hr summary", &pdf);
    assert_eq!(of(&tree, "H1"), ["Appraisal summary"]);
    assert!(of(&tree, "TH").iter().any(|t| t == "Group"));
    let alt = alt_texts(&pdf);
    assert!(
        alt.iter()
            .any(|a| a.starts_with("Bar chart") && a.contains("Communication: ")),
        "the KSF chart is described bar by bar: {alt:?}"
    );
    let figures = elems(&pdf)
        .into_iter()
        .filter(|(role, _, _)| role == "Figure")
        .collect::<Vec<_>>();
    assert!(!figures.is_empty());
    assert!(
        figures.iter().all(|(_, alt, _)| alt.is_some()),
        "every chart has alternative text"
    );
    hr.set_organisation_area(false).unwrap();
}

/// An HR journal with six agreed records in each of two teams (enough to chart).
fn hr_with_two_teams() -> (tempfile::TempDir, Store, NaiveDate) {
    let today = today();
    let tdir = tempfile::tempdir().unwrap();
    let mut template = Store::open_dir(&tdir.path().join("template")).unwrap();
    template
        .save_profile(&reflect_core::sample::profile("nhs-somerset"))
        .unwrap();
    let teams = [("Surgery", "Team A"), ("Surgery", "Team B")];
    let packs = reflect_core::sample::agreed_packs(&mut template, 12, 5, &teams, today).unwrap();
    let folder = tdir.path().join("packs");
    std::fs::create_dir_all(&folder).unwrap();
    let mut roster = String::from("employee_number,name,team,line_manager,key\n");
    for (i, p) in packs.iter().enumerate() {
        std::fs::write(folder.join(format!("{i:03}.reflectpack")), p).unwrap();
        let v: serde_json::Value = serde_json::from_str(p).unwrap();
        let r = &v["body"]["record"];
        let appraiser = v["body"]["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["statement"]["role"] == "appraiser")
            .unwrap()["statement"]["public_key"]
            .as_str()
            .unwrap()
            .to_string();
        roster.push_str(&format!(
            "{},{},{},M{i},{}\nM{i},Manager {i},{},,{appraiser}\n",
            r["details"]["employee_number"].as_str().unwrap(),
            r["details"]["name"].as_str().unwrap(),
            r["details"]["team"].as_str().unwrap(),
            r["colleague_key"].as_str().unwrap(),
            r["details"]["team"].as_str().unwrap(),
        ));
    }
    let mut hr = Store::open_dir(&tdir.path().join("hr")).unwrap();
    hr.set_organisation_area(true).unwrap();
    hr.hr_roster_import(&roster).unwrap();
    let files = reflect_core::files::pack_files(&folder).unwrap();
    let report = hr.hr_import_files(&files, &mut |_, _| {}).unwrap();
    assert_eq!(report.added, 12);
    (tdir, hr, today)
}

#[test]
fn hr_copies_of_records_are_tagged() {
    let (_dir, hr, today) = hr_with_two_teams();
    let (key, id, _) = hr.hr_appraisals(&HrFilter::default()).unwrap().remove(0);
    let pdf = Pdf::new(&export::hr_appraisal_pdf(&hr, &key, &id, today).unwrap());
    let tree = check_tagged("hr record", &pdf);
    assert!(of(&tree, "TH").iter().any(|t| t == "Key fingerprint"));
}
