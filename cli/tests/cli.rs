//! The `reflect` binary: exit status (0 ok, 2 invalid input naming the field, 1 otherwise),
//! `--json` output, and help text, on a real data directory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
mod common;

use std::process::Output;

use serde_json::Value;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn run(&self, args: &[&str]) -> Output {
        common::run(self.dir.path(), args)
    }
    fn ok(&self, args: &[&str]) -> String {
        common::ok(self.dir.path(), args)
    }
    fn json(&self, args: &[&str]) -> Value {
        common::json(self.dir.path(), args)
    }
    fn init(&self) {
        common::init(
            self.dir.path(),
            "nhs-somerset",
            &["--professional", "nmc-code"],
        );
    }
}

#[test]
fn add_list_search_show_edit_delete_restore_overview() {
    let cli = Cli::new();
    cli.init();
    let added = cli.json(&[
        "add",
        "--title",
        "Asked for help",
        "--date",
        "2026-01-05",
        "--text",
        "I asked for help with the syringe driver.",
        "--value",
        "Self Awareness",
        "--behaviour",
        "sa-limitations",
        "--theme",
        "Preserve safety",
        "--cpd-hours",
        "1",
    ]);
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!(added["visibility"], "private");
    assert_eq!(added["tags"].as_array().unwrap().len(), 3);

    let list = cli.json(&["list", "--value", "self-awareness"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let found = cli.json(&["search", "syringe", "--theme", "preserve safety"]);
    assert_eq!(found[0]["id"], id.as_str());
    assert!(found[0]["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["highlight"] == true));
    assert!(
        cli.ok(&["search", "syringe"]).contains("[syringe]"),
        "text output marks matches"
    );

    let edited = cli.json(&[
        "edit",
        &id,
        "--title",
        "Asked for help early",
        "--visibility",
        "shared",
    ]);
    assert_eq!(edited["title"], "Asked for help early");
    assert_eq!(edited["visibility"], "shared");
    assert_eq!(
        edited["tags"].as_array().unwrap().len(),
        3,
        "tags kept when no tag option is given"
    );
    let shown = cli.ok(&["show", &id, "--history"]);
    assert!(shown.contains("Asked for help early") && shown.contains("Revisions (newest first"));

    let clean = cli.json(&["check", &id]);
    assert_eq!(clean["findings"].as_array().unwrap().len(), 0);
    assert!(clean["advisories"].is_array());
    cli.json(&[
        "edit",
        &id,
        "--text",
        "Mr Smith in bed 4, NHS number 943 476 5919.",
    ]);
    let found = cli.json(&["check", &id]);
    let kinds: Vec<&str> = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    for kind in ["titled_name", "bed_number", "nhs_number"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(found["findings"][0]["suggestion"].is_string());
    let text = cli.ok(&["check", &id]);
    assert!(
        text.contains("An NHS number in ") && text.contains("NHS number [943 476 5919]"),
        "{text}"
    );
    assert!(text.contains("suggested rewrite: "), "{text}");

    let ov = cli.json(&["overview"]);
    assert_eq!(ov["total_reflections"], 1);
    cli.ok(&["delete", &id]);
    assert_eq!(cli.json(&["list"]).as_array().unwrap().len(), 0);
    assert_eq!(
        cli.json(&["list", "--deleted"]).as_array().unwrap().len(),
        1
    );
    cli.ok(&["restore", &id]);
    assert_eq!(cli.json(&["list"]).as_array().unwrap().len(), 1);
    assert!(cli.ok(&["overview"]).contains("GAP"));
}

#[test]
fn invalid_input_exits_2_with_one_line_naming_the_field() {
    let cli = Cli::new();
    cli.init();
    let cases: &[(&[&str], &str)] = &[
        (&["add", "--title", ""], "--title"),
        (&["add", "--title", "x", "--date", "2999-01-01"], "--date"),
        (&["add", "--title", "x", "--date", "yesterday"], "--date"),
        (&["add", "--title", "x", "--value", "Kindness"], "--value"),
        (
            &["add", "--title", "x", "--behaviour", "nope"],
            "--behaviour",
        ),
        (&["add", "--title", "x", "--theme", "nope"], "--theme"),
        (
            &["add", "--title", "x", "--section", "feelings=x"],
            "--section",
        ),
        (
            &["add", "--title", "x", "--section", "no equals sign"],
            "--section",
        ),
        (&["add", "--title", "x", "--cpd-hours", "-2"], "--cpd-hours"),
        (&["list", "--from", "soon"], "--from"),
        (&["init", "--framework", "nmc-code"], "--framework"),
    ];
    for (args, field) in cases {
        let out = cli.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(&format!("{field}:")), "{args:?}: {err}");
        let mut json_args = vec!["--json"];
        json_args.extend_from_slice(args);
        let out = cli.run(&json_args);
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["field"], *field);
        assert_eq!(err["kind"], "invalid");
    }
    assert_eq!(
        cli.json(&["list"]).as_array().unwrap().len(),
        0,
        "nothing was written"
    );
}

#[test]
fn other_failures_exit_1() {
    let cli = Cli::new();
    let cases: &[&[&str]] = &[
        &["overview"],                                     // not set up
        &["show", "01900000-0000-7000-8000-000000000000"], // not found
        &["framework", "show", "no-such-framework"],       // not found
        &["framework", "import", "/no/such/file.json"],    // unreadable file
    ];
    for args in cases {
        let out = cli.run(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn frameworks_import_export_and_rename_from_the_command_line() {
    let cli = Cli::new();
    let list = cli.json(&["framework", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let exported = cli.ok(&["framework", "export", "derbyshire-healthcare"]);
    let edited = exported.replace("\"id\": \"derbyshire-healthcare\"", "\"id\": \"my-trust\"");
    let file = cli.dir.path().join("my-trust.json");
    std::fs::write(&file, &edited).unwrap();
    let imported = cli.json(&["framework", "import", file.to_str().unwrap()]);
    assert_eq!(imported["changed"], true);
    assert_eq!(
        cli.json(&["framework", "import", file.to_str().unwrap()])["changed"],
        false
    );

    std::fs::write(
        &file,
        edited.replace("\"values\": [", "\"values\": 7, \"x\": ["),
    )
    .unwrap();
    let out = cli.run(&["framework", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("values"));

    // The same limits as the app (one check, in `Store::import_framework`): a text far over
    // 2,000 characters is refused naming its field, and nothing is written.
    let mut doc: serde_json::Value = serde_json::from_str(&edited).unwrap();
    doc["values"][0]["behaviours"] = serde_json::json!((0..4)
        .map(|i| serde_json::json!({"key": format!("b{i}"), "text": "x".repeat(i * 20_000 + 1)}))
        .collect::<Vec<_>>());
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = cli.run(&["framework", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("values[0].behaviours[1].text"), "{stderr}");
    assert_eq!(
        cli.json(&["framework", "show", "my-trust"])["revision"],
        1,
        "nothing written"
    );

    let renamed = cli.json(&[
        "framework",
        "rename-value",
        "nhs-somerset",
        "Listening and Trusted Relationships",
        "Listening",
    ]);
    assert_eq!(renamed["revision"], 2);
    assert!(cli
        .ok(&["framework", "show", "nhs-somerset"])
        .contains("Listening [listening-and-relationships]"));
}

#[test]
fn help_documents_every_command() {
    let cli = Cli::new();
    let help = cli.ok(&["--help"]);
    for cmd in [
        "init",
        "framework",
        "add",
        "edit",
        "show",
        "list",
        "search",
        "delete",
        "restore",
        "overview",
        "appraisal",
        "revalidation",
        "export",
        "pack",
        "team",
        "hr",
        "key",
        "backup",
    ] {
        assert!(help.contains(cmd), "--help lists {cmd}");
        let sub = cli.ok(&[cmd, "--help"]);
        assert!(
            sub.contains("--json") && sub.contains("--data-dir"),
            "{cmd} --help shows the global options"
        );
    }
    let add = cli.ok(&["add", "--help"]);
    for opt in [
        "--title",
        "--date",
        "--model",
        "--section",
        "--value",
        "--behaviour",
        "--theme",
        "--visibility",
        "--cpd-hours",
    ] {
        assert!(add.contains(opt), "add --help documents {opt}");
    }
}

#[test]
fn an_appraisal_from_draft_to_signed_from_the_command_line() {
    let cli = Cli::new();
    cli.init();
    let shared = cli.json(&[
        "add",
        "--title",
        "Asked for feedback",
        "--text",
        "x",
        "--value",
        "Self Awareness",
        "--visibility",
        "shared",
        "--date",
        "2026-03-01",
    ]);
    cli.ok(&[
        "add",
        "--title",
        "Private night",
        "--text",
        "y",
        "--value",
        "Self Awareness",
        "--date",
        "2026-03-02",
    ]);
    let a = cli.json(&[
        "appraisal",
        "new",
        "--start",
        "2025-12-01",
        "--end",
        "2026-11-30",
        "--appraiser-title",
        "Ward Manager",
    ]);
    let id = a["id"].as_str().unwrap().to_string();
    assert_eq!(
        a["content"]["appraiser_name"], "Alex Smith",
        "defaults to the line manager"
    );
    let a = cli.json(&[
        "appraisal",
        "include",
        &id,
        "--value",
        "self awareness",
        "--proposed",
    ]);
    assert_eq!(a["evidence"][4]["included"][0]["id"], shared["id"]);
    for args in [
        vec!["set", &id, "achievements", "Led the falls audit"],
        vec!["set", &id, "wellbeing", "Tired after nights"],
        vec![
            "set",
            &id,
            "value-summary",
            "I ask for feedback",
            "--value-of",
            "Self Awareness",
        ],
        vec![
            "objective",
            "add",
            &id,
            "--objective",
            "Teach twice",
            "--measure",
            "Feedback",
            "--by",
            "2027-06-30",
        ],
        vec![
            "plan",
            "add",
            &id,
            "--need",
            "Leadership",
            "--activity",
            "Course",
            "--target",
            "2027-03-01",
            "--ksf",
            "communication",
        ],
        vec!["set", &id, "pay-step-date", "2027-04-01"],
        vec!["set", &id, "training", "yes"],
        vec!["submit", &id],
    ] {
        let mut all = vec!["appraisal"];
        all.extend(args);
        cli.ok(&all);
    }
    // (arguments, the field the error names): refused with exit 2, nothing changed.
    let refused: &[(&[&str], &str)] = &[
        (&["appraisal", "submit", &id], "state"),
        (&["appraisal", "sign", &id], "state"),
        (
            &[
                "appraisal",
                "set",
                &id,
                "value-comment",
                "Good",
                "--value-of",
                "self-awareness",
            ],
            "value-comment",
        ),
        (
            &[
                "appraisal",
                "set",
                &id,
                "value-comment",
                "Good",
                "--value-of",
                "self-awareness",
                "--as",
                "appraiser",
            ],
            "state",
        ),
        (&["appraisal", "set", &id, "training", "maybe"], "training"),
        (
            &[
                "appraisal",
                "objective",
                "edit",
                &id,
                "3",
                "--by",
                "2027-01-01",
            ],
            "number",
        ),
        (&["appraisal", "reopen", &id, "--reason", "x"], "state"),
    ];
    for (args, field) in refused {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = cli.run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["field"], *field, "{args:?}: {err}");
    }
    cli.ok(&["appraisal", "start-review", &id]);
    let seen = cli.ok(&["appraisal", "show", &id, "--as", "appraiser"]);
    assert!(seen.contains("Asked for feedback") && !seen.contains("Private night"));
    assert!(!seen.contains("Tired after nights") && seen.contains("private to them"));
    cli.ok(&[
        "appraisal",
        "set",
        &id,
        "value-comment",
        "Good evidence",
        "--value-of",
        "Self Awareness",
        "--as",
        "appraiser",
    ]);
    // The appraiser signs on their own device, with their own key, never here.
    let o = cli.run(&["appraisal", "sign", &id, "--as", "appraiser"]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("The appraiser signs on their own device, with their own key")
            && said.contains("reflect team sign"),
        "{said}"
    );
    assert!(cli.json(&["appraisal", "show", &id])["signatures"]
        .as_array()
        .unwrap()
        .is_empty());
    // Compare and set: signing the version I read, after it changed, signs nothing (exit 1).
    let read = cli.json(&["appraisal", "show", &id])["edit_version"]
        .as_u64()
        .unwrap()
        .to_string();
    assert!(cli
        .ok(&["appraisal", "show", &id])
        .contains(&format!("(version {read})")));
    cli.ok(&["appraisal", "set", &id, "career", "Changed after reading"]);
    let o = cli.run(&["appraisal", "sign", &id, "--expect-version", &read]);
    assert_eq!(o.status.code(), Some(1));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains(&format!("the appraisal '{id}' was changed somewhere else")),
        "{said}"
    );
    assert!(cli.json(&["appraisal", "show", &id])["signatures"]
        .as_array()
        .unwrap()
        .is_empty());
    let now = cli.json(&["appraisal", "show", &id])["edit_version"]
        .as_u64()
        .unwrap()
        .to_string();
    let signed = cli.json(&["appraisal", "sign", &id, "--expect-version", &now]);
    assert_eq!(signed["state"], "in_review");
    let sha = signed["record_sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert!(cli.ok(&["appraisal", "show", &id]).contains(sha));
    let reopened = cli.json(&["appraisal", "reopen", &id, "--reason", "Wrong date"]);
    assert_eq!(reopened["state"], "in_review");
    assert_eq!(reopened["signatures"].as_array().unwrap().len(), 0);
    let list = cli.json(&["appraisal", "list"]);
    assert_eq!(list[0]["state"], "in_review");
    assert!(cli
        .json(&["appraisal", "reminders"])
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "appraisal_due"));
}

#[test]
fn revalidation_from_the_command_line() {
    let cli = Cli::new();
    cli.init();
    let status = cli.json(&["revalidation", "status"]);
    assert_eq!(status["applicable"], false);
    cli.ok(&[
        "init",
        "--registration",
        "nmc",
        "--pin",
        "12A3456E",
        "--renewal-date",
        "2027-03-31",
    ]);
    cli.ok(&[
        "add",
        "--title",
        "NMC account",
        "--model",
        "nmc",
        "--section",
        "what_happened=Audit",
        "--date",
        "2026-01-10",
        "--theme",
        "Preserve safety",
        "--cpd-hours",
        "3",
        "--participatory",
    ]);
    let fb = cli.json(&[
        "revalidation",
        "feedback",
        "add",
        "--date",
        "2026-02-01",
        "--source",
        "Patient",
        "--said",
        "Kind",
        "--changed",
        "More time",
    ]);
    cli.ok(&[
        "revalidation",
        "discussion",
        "--partner",
        "Jo Patel",
        "--pin",
        "98B7654C",
        "--date",
        "2026-11-01",
    ]);
    let out = cli.run(&[
        "revalidation",
        "confirm",
        "--name",
        "Alex",
        "--role",
        "Manager",
        "--date",
        "2999-01-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let status = cli.json(&["revalidation", "status"]);
    let progress: Vec<&str> = status["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["progress"].as_str().unwrap())
        .collect();
    assert_eq!(
        progress,
        [
            "1 of 5 accounts",
            "3 of 35 hours",
            "3 of 20 hours",
            "1 of 5 pieces of feedback",
            "recorded",
            "not recorded yet"
        ]
    );
    cli.ok(&[
        "revalidation",
        "feedback",
        "remove",
        fb["id"].as_str().unwrap(),
    ]);
    assert!(cli
        .json(&["revalidation", "feedback", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    let text = cli.ok(&["revalidation", "status"]);
    assert!(text.contains("1 of 5 accounts"), "{text}");
}

#[test]
fn pdf_exports_from_the_command_line() {
    let cli = Cli::new();
    cli.init();
    let out = cli.dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let file = |n: &str| out.join(n).to_string_lossy().to_string();
    cli.ok(&[
        "add",
        "--title",
        "Shared one",
        "--text",
        "x",
        "--value",
        "Self Awareness",
        "--visibility",
        "shared",
    ]);
    let a = cli.json(&["appraisal", "new", "--appraiser-title", "Ward Manager"]);
    let id = a["id"].as_str().unwrap().to_string();
    let written = cli.json(&["export", "appraisal", &id, "--out", &file("a.pdf")]);
    assert!(written["pages"].as_u64().unwrap() >= 4);
    assert!(std::fs::read(file("a.pdf")).unwrap().starts_with(b"%PDF-"));
    let p = cli.json(&[
        "export",
        "portfolio",
        "--from",
        "2020-01-01",
        "--out",
        &file("p.pdf"),
    ]);
    assert_eq!(p["replaced_characters"], 0);
    assert!(std::path::Path::new(&file("p.pdf")).exists());
    // (arguments, exit status, the field named)
    let refused: &[(&[&str], i32, Option<&str>)] = &[
        (
            &[
                "export",
                "portfolio",
                "--from",
                "2026-02-30",
                "--out",
                "x.pdf",
            ],
            2,
            Some("from"),
        ),
        (
            &["export", "nmc", "--out", "x.pdf"],
            2,
            Some("registration"),
        ),
        (
            &["export", "appraisal", "no-such-id", "--out", "x.pdf"],
            1,
            None,
        ),
    ];
    for (args, code, field) in refused {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let o = cli.run(&all);
        assert_eq!(o.status.code(), Some(*code), "{args:?}");
        let err: Value = serde_json::from_slice(&o.stderr).unwrap();
        assert_eq!(err["field"].as_str(), *field, "{args:?}");
        assert!(
            !std::path::Path::new("x.pdf").exists(),
            "nothing is written"
        );
    }
    let help = cli.ok(&["export", "--help"]);
    for cmd in ["appraisal", "nmc", "portfolio"] {
        assert!(help.contains(cmd));
    }
}

#[test]
fn packs_remote_review_and_hr_from_the_command_line() {
    let me = Cli::new();
    me.init();
    let manager = Cli::new();
    manager.ok(&[
        "init",
        "--name",
        "Alex Smith",
        "--job-title",
        "Ward Manager",
        "--grade",
        "Band 7",
        "--team",
        "Ward 7",
        "--line-manager",
        "Jo Bloggs",
        "--framework",
        "nhs-somerset",
    ]);
    let hr = Cli::new();
    hr.init();
    let dir = tempfile::tempdir().unwrap();
    let f = |n: &str| dir.path().join(n).to_string_lossy().to_string();
    me.ok(&[
        "add",
        "--title",
        "Escalated Mr Smith early",
        "--text",
        "x",
        "--value",
        "Self Awareness",
        "--visibility",
        "shared",
    ]);
    let id = me.json(&["appraisal", "new", "--appraiser-title", "Ward Manager"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    me.ok(&[
        "appraisal",
        "include",
        &id,
        "--value",
        "Self Awareness",
        "--proposed",
    ]);
    me.ok(&["appraisal", "submit", &id]);
    let preview = me.json(&["pack", "preview", &id]);
    assert_eq!(
        preview["findings"][0]["finding"]["label"],
        "A person's name"
    );
    // Unacknowledged findings: refused, naming the field, nothing written.
    let o = me.run(&[
        "--json",
        "pack",
        "export",
        &id,
        "--out",
        &f("a.reflectpack"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("a.reflectpack").exists());
    let key = preview["findings"][0]["key"].as_str().unwrap();
    me.ok(&[
        "pack",
        "export",
        &id,
        "--out",
        &f("a.reflectpack"),
        "--acknowledge",
        key,
    ]);
    assert!(
        manager.json(&["pack", "verify", &f("a.reflectpack")])["sender"]["fingerprint"].is_string()
    );
    manager.ok(&["pack", "import", &f("a.reflectpack")]);
    let rows = manager.json(&["team", "list"]);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    // My team names it by the colleague's key and the appraisal id.
    let team_id = rows[0]["id"].as_str().unwrap().to_string();
    assert!(team_id.ends_with(&format!("-{id}")), "{team_id}");
    let my_key = me.json(&["pack", "verify", &f("a.reflectpack")])["sender"]["public_key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(rows[0]["colleague_key"], my_key.as_str());
    assert_eq!(rows[0]["pinned_name"], Value::Null);
    let fingerprint = rows[0]["fingerprint"].as_str().unwrap().to_string();
    assert!(manager.ok(&["team", "list"]).contains(&fingerprint));
    manager.ok(&["team", "trust", "--key", &my_key, "--name", "Sam Jones"]);
    assert_eq!(
        manager.json(&["team", "list"])[0]["pinned_name"],
        "Sam Jones"
    );
    assert_eq!(
        manager.json(&["team", "keys"])[0]["fingerprint"],
        fingerprint.as_str()
    );
    let o = manager.run(&[
        "--json",
        "team",
        "trust",
        "--key",
        "not-a-key",
        "--name",
        "X",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let id = team_id;
    manager.ok(&[
        "team",
        "set",
        &id,
        "value-comment",
        "Good evidence",
        "--value-of",
        "Self Awareness",
    ]);
    manager.ok(&["team", "set", &id, "summary", "A good year"]);
    manager.ok(&["team", "sign", &id, "--out", &f("r.reflectpack")]);
    assert_eq!(
        manager
            .run(&["team", "sign", &id, "--out", &f("r2.reflectpack")])
            .status
            .code(),
        Some(2),
        "the appraiser cannot sign twice"
    );
    assert!(!dir.path().join("r2.reflectpack").exists());
    let id = id.split_once('-').unwrap().1.to_string();
    let merged = me.json(&["pack", "import", &f("r.reflectpack")]);
    assert!(merged["message"]
        .as_str()
        .unwrap()
        .contains("sign it to agree"));
    assert_eq!(me.json(&["appraisal", "sign", &id])["state"], "agreed");
    me.ok(&[
        "pack",
        "export",
        &id,
        "--purpose",
        "agreed",
        "--out",
        &f("g.reflectpack"),
        "--acknowledge-all",
    ]);
    // HR: the area must be on; a folder import is idempotent.
    assert_eq!(
        hr.run(&["hr", "import", &f("g.reflectpack")]).status.code(),
        Some(2)
    );
    hr.ok(&["hr", "area", "on"]);
    // Each file's outcome; refused files (the packs for review and reviewed) make it exit 2,
    // after importing the rest. The agreed pack is held until HR trusts both keys.
    let folder = dir.path().to_string_lossy().to_string();
    let outcomes = |o: &std::process::Output| -> Vec<String> {
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| f["outcome"].as_str().unwrap().to_string())
            .collect()
    };
    let first = hr.run(&["--json", "hr", "import", &folder]);
    assert_eq!(first.status.code(), Some(2));
    assert_eq!(outcomes(&first), ["refused", "held", "refused"]);
    let second = hr.run(&["--json", "hr", "import", &folder]);
    assert_eq!(outcomes(&second), ["refused", "held", "refused"]);
    let held = hr.json(&["hr", "held"]);
    assert_eq!(held.as_array().unwrap().len(), 1);
    assert_eq!(
        held[0]["reason"],
        "neither the colleague's nor the appraiser's key is trusted by HR yet"
    );
    // HR compares the fingerprints with each person, then trusts both keys: the record is added.
    let colleague_key = held[0]["colleague_key"].as_str().unwrap().to_string();
    let appraiser_key = held[0]["appraiser_key"].as_str().unwrap().to_string();
    hr.ok(&[
        "hr",
        "trust",
        "--key",
        &colleague_key,
        "--name",
        "Sam Jones",
    ]);
    assert_eq!(
        hr.json(&["hr", "held"]).as_array().unwrap().len(),
        1,
        "still the appraiser's key"
    );
    hr.ok(&[
        "hr",
        "trust",
        "--key",
        &appraiser_key,
        "--name",
        "Alex Smith",
    ]);
    assert_eq!(
        hr.json(&["hr", "held"]).as_array().unwrap().len(),
        0,
        "added once both are trusted"
    );
    let third = hr.run(&["--json", "hr", "import", &folder]);
    assert_eq!(outcomes(&third), ["refused", "unchanged", "refused"]);
    hr.ok(&[
        "hr",
        "summary",
        "--csv",
        &f("hr.csv"),
        "--pdf",
        &f("hr.pdf"),
    ]);
    let pdfs = dir.path().join("pdfs");
    let done = hr.json(&["hr", "export-pdfs", "--out", &pdfs.to_string_lossy()]);
    assert_eq!(done["written"], 1);
    let csv = std::fs::read_to_string(dir.path().join("hr.csv")).unwrap();
    assert!(csv.contains("Sam Jones"), "{csv}");
    assert!(
        !csv.contains("Escalated Mr Smith early"),
        "HR never sees a reflection"
    );
}

#[test]
fn a_damaged_journal_still_lists_and_refuses_add_with_a_plain_message() {
    use std::io::{Seek, SeekFrom, Write};
    let cli = Cli::new();
    cli.init();
    {
        let mut store = reflect_core::Store::open_dir(cli.dir.path()).unwrap();
        for i in 0..300 {
            let text = format!("Reflection {i}: what happened, what I learnt, what next.");
            let r = reflect_core::ReflectionInput {
                id: None,
                title: format!("Shift {i}"),
                event_date: "2026-01-15".into(),
                model: reflect_core::ReflectiveModel::Free,
                body: [("reflection".to_string(), text)].into(),
                tags: vec![],
                visibility: reflect_core::Visibility::Private,
                cpd_hours: None,
                cpd_participatory: false,
            };
            store.save_reflection(&r).unwrap();
        }
    }
    let db = cli.dir.path().join("reflect.db");
    let len = std::fs::metadata(&db).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.seek(SeekFrom::Start(len / 2 / 4096 * 4096)).unwrap();
    f.write_all(&[0xA5; 512]).unwrap();
    drop(f);
    let before = std::fs::read(&db).unwrap();

    let list = cli.run(&["list"]);
    let stdout = String::from_utf8_lossy(&list.stdout);
    let stderr = String::from_utf8_lossy(&list.stderr);
    assert!(stderr.contains("damaged"), "a plain warning: {stderr}");
    assert!(
        list.status.success() && stdout.contains("Shift") || stderr.contains("reflect: "),
        "rows, or a plain message: {stdout} {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let add = cli.run(&[
        "add",
        "--title",
        "After",
        "--date",
        "2026-01-05",
        "--text",
        "Not saved.",
    ]);
    assert_eq!(add.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&add.stderr);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is unchanged");
}

#[test]
fn key_shows_the_public_key_and_its_fingerprint() {
    let cli = Cli::new();
    cli.init();
    let info = cli.json(&["key"]);
    let fields: Vec<&String> = info.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["fingerprint", "public_key"]);
    let key = info["public_key"].as_str().unwrap();
    let fingerprint = info["fingerprint"].as_str().unwrap();
    assert_eq!(reflect_core::keys::fingerprint(key).unwrap(), fingerprint);
    let text = cli.ok(&["key"]);
    assert!(text.contains(&format!("Public key:  {key}\n")), "{text}");
    assert!(
        text.contains(&format!("Fingerprint: {fingerprint}\n")),
        "{text}"
    );
    assert!(text.contains("so they know signed records come from you"));
    assert_eq!(cli.json(&["key"]), info, "the same key every time");
}

/// The escape sequences a hostile colleague might put in their name or a title.
const HOSTILE: &str = "\x1b[2J\x1b[H\u{9b}31m\x1b]0;pwned\x07";

fn assert_terminal_safe(what: &str, out: &str) {
    assert!(
        !out.contains(['\x1b', '\u{9b}', '\x07', '\r']),
        "{what} printed a control character: {out:?}"
    );
}

#[test]
fn names_and_titles_from_others_reach_the_terminal_without_escape_sequences() {
    let me = Cli::new();
    let name = format!("Sam{HOSTILE} Jones");
    me.ok(&[
        "init",
        "--name",
        &name,
        "--job-title",
        &format!("Staff{HOSTILE} Nurse"),
        "--grade",
        "Band 5",
        "--team",
        &format!("Ward{HOSTILE} 7"),
        "--line-manager",
        "Alex Smith",
        "--framework",
        "nhs-somerset",
    ]);
    let title = format!("Asked{HOSTILE} for help");
    let id = me.json(&[
        "add",
        "--title",
        &title,
        "--text",
        &format!("First line{HOSTILE}\nSecond line"),
        "--value",
        "Self Awareness",
        "--visibility",
        "shared",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        me.json(&["show", &id])["title"],
        title.as_str(),
        "stored and --json as written"
    );
    for args in [vec!["list"], vec!["show", &id], vec!["search", "help"]] {
        let out = me.ok(&args);
        assert_terminal_safe(&format!("{args:?}"), &out);
        assert!(out.contains("Asked for help"), "{args:?}: {out}");
    }
    assert!(me.ok(&["show", &id]).contains("First line\nSecond line"));
    // An error quoting what was typed.
    let err = me.run(&["show", &format!("nope{HOSTILE}")]);
    assert_terminal_safe("an error", &String::from_utf8_lossy(&err.stderr));

    // A manager imports the pack: My team and the pack check print the name safely.
    let appraisal = me.json(&["appraisal", "new", "--appraiser-title", "Ward Manager"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    me.ok(&[
        "appraisal",
        "include",
        &appraisal,
        "--value",
        "Self Awareness",
        "--proposed",
    ]);
    me.ok(&["appraisal", "submit", &appraisal]);
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("a.reflectpack");
    let pack = pack.to_str().unwrap();
    me.ok(&[
        "pack",
        "export",
        &appraisal,
        "--out",
        pack,
        "--acknowledge-all",
    ]);
    let manager = Cli::new();
    manager.init();
    let verified = manager.ok(&["pack", "verify", pack]);
    assert_terminal_safe("pack verify", &verified);
    manager.ok(&["pack", "import", pack]);
    let list = manager.ok(&["team", "list"]);
    assert_terminal_safe("team list", &list);
    assert!(list.contains("Sam Jones"), "{list}");
    assert_eq!(
        manager.json(&["team", "list"])[0]["colleague_name"],
        name.as_str()
    );
    let team_id = manager.json(&["team", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = manager.ok(&["team", "show", &team_id]);
    assert_terminal_safe("team show", &shown);
    assert!(
        shown.contains("Sam Jones — Staff Nurse, Band 5, Ward 7"),
        "{shown}"
    );
}

#[test]
fn files_over_20_mib_are_refused_and_change_nothing() {
    let cli = Cli::new();
    cli.init();
    let dir = tempfile::tempdir().unwrap();
    let before = (
        cli.ok(&["--json", "framework", "list"]),
        cli.ok(&["--json", "team", "list"]),
    );
    for (file, args) in [
        ("big.json", ["framework", "import"]),
        ("big.reflectpack", ["pack", "import"]),
        ("big2.reflectpack", ["pack", "verify"]),
    ] {
        let path = dir.path().join(file);
        // A sparse 1 GiB file: it takes no disk, and reading it whole would take 1 GiB of memory.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(1 << 30)
            .unwrap();
        let o = cli.run(&["--json", args[0], args[1], path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err: Value = serde_json::from_slice(&o.stderr).unwrap();
        assert_eq!(err["field"], "file", "{args:?}");
        let message = err["message"].as_str().unwrap();
        assert!(
            message.contains(&format!(
                "{file} is 1.0 GiB; Reflect opens files up to 20 MiB"
            )),
            "{message}"
        );
    }
    assert_eq!(
        (
            cli.ok(&["--json", "framework", "list"]),
            cli.ok(&["--json", "team", "list"]),
        ),
        before,
        "nothing changed"
    );
}

#[test]
fn an_import_cannot_replace_a_built_in_framework() {
    let cli = Cli::new();
    cli.init();
    let before = cli.ok(&["--json", "framework", "list"]);
    let exported = cli.ok(&["framework", "export", "nmc-code"]);
    let dir = tempfile::tempdir().unwrap();
    for id in ["nmc-code", "NMC-Code", " nmc-code", "nhs-somerset"] {
        let file = dir.path().join("fw.json");
        let text = exported.replace("\"id\": \"nmc-code\"", &format!("\"id\": {id:?}"));
        std::fs::write(&file, text).unwrap();
        let o = cli.run(&["--json", "framework", "import", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{id:?}");
        let err: Value = serde_json::from_slice(&o.stderr).unwrap();
        assert_eq!(err["field"], "id", "{id:?}");
        assert!(err["message"]
            .as_str()
            .unwrap()
            .contains("built into Reflect"));
    }
    assert_eq!(cli.ok(&["--json", "framework", "list"]), before);
}

/// Packs Reflect wrote before key signatures still verify from the command line (exit 0), saying
/// what could be verified and that the appraiser's signature is not key-signed; one of this
/// version verifies with both key signatures.
#[test]
fn pack_verify_says_what_it_could_verify_for_both_formats() {
    let cli = Cli::new();
    cli.init();
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/formats");
    for (file, must) in [
        (
            "pack-1-agreed.reflectpack",
            "not key-signed (made before pack format 2)",
        ),
        (
            "pack-1-long-decimal.reflectpack",
            "sender's signature holds",
        ),
        (
            "pack-2-agreed.reflectpack",
            "signed as the appraiser with their own key",
        ),
    ] {
        let path = fixtures.join(file);
        let out = cli.ok(&["pack", "verify", path.to_str().unwrap()]);
        assert!(out.contains(must), "{file}: {out}");
    }
    let v = cli.json(&[
        "pack",
        "verify",
        fixtures.join("pack-2-agreed.reflectpack").to_str().unwrap(),
    ]);
    assert_eq!(v["agreed"], true);
    assert_eq!(v["format_version"], 2);
}
