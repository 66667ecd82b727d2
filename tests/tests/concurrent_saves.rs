//! Two writers on one appraisal (the app and the CLI, two windows): a save or step carries the
//! version it was made on, a stale one is refused as a conflict naming the appraisal and writes
//! nothing, and racing saves or signatures never both succeed. Each "process" is its own `Store`
//! on the same file, as the app and the CLI are.
use std::sync::Barrier;

use chrono::NaiveDate;
use reflect_core::appraisal::{Action, AppraisalState, Role};
use reflect_core::pack::Purpose;
use reflect_core::{Error, Store};
use reflect_tests::{counts, set_up, submitted_appraisal};

fn today() -> NaiveDate {
    reflect_core::today()
}

/// A complete appraisal, reopened so that it is in review and ready for the colleague to sign.
fn ready_to_sign(store: &mut Store) -> String {
    let id = reflect_core::sample::agreed_appraisal(store, today(), 2, 7).unwrap();
    let now = store.appraisal(&id, Role::Colleague, today()).unwrap();
    let a = store
        .appraisal_action(
            &id,
            now.edit_version,
            Action::Reopen,
            Role::Colleague,
            Some("to check concurrent signing"),
            today(),
        )
        .unwrap();
    assert_eq!(a.state, AppraisalState::InReview);
    assert!(a.signatures.is_empty());
    id
}

fn is_conflict(e: &Error, id: &str) -> bool {
    matches!(e, Error::Conflict { what: "appraisal", id: named } if named == id)
        && e.kind() == "conflict"
        && e.to_string().contains("changed somewhere else")
}

#[test]
fn a_stale_save_is_refused_and_writes_nothing() {
    let (dir, mut app) = set_up();
    let id = ready_to_sign(&mut app);
    let mut cli = Store::open(app.path()).unwrap();

    // Both open the appraisal at the same version.
    let seen_by_app = app.appraisal(&id, Role::Colleague, today()).unwrap();
    let seen_by_cli = cli.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(seen_by_app.edit_version, seen_by_cli.edit_version);

    let mut mine = seen_by_app.content.clone();
    mine.career.text = "Typed in the app".into();
    let saved = app
        .save_appraisal(
            &id,
            seen_by_app.edit_version,
            &mine,
            Role::Colleague,
            today(),
        )
        .unwrap();
    assert_eq!(saved.edit_version, seen_by_app.edit_version + 1);

    let mut theirs = seen_by_cli.content.clone();
    theirs.colleague_summary.text = "Typed at the command line".into();
    let before = counts(&cli);
    let err = cli
        .save_appraisal(
            &id,
            seen_by_cli.edit_version,
            &theirs,
            Role::Colleague,
            today(),
        )
        .unwrap_err();
    assert!(is_conflict(&err, &id), "{err}");
    assert!(err.to_string().contains(&id), "names the appraisal: {err}");
    assert_eq!(counts(&cli), before, "a refused save writes nothing");
    let now = cli.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(
        now.content.career.text, "Typed in the app",
        "the first edit is kept"
    );
    assert_eq!(now.edit_version, saved.edit_version);

    // Saved again on the version it now reads, the second edit goes in beside the first.
    let mut theirs = now.content.clone();
    theirs.colleague_summary.text = "Typed at the command line".into();
    let both = cli
        .save_appraisal(&id, now.edit_version, &theirs, Role::Colleague, today())
        .unwrap();
    assert_eq!(both.content.career.text, "Typed in the app");
    assert_eq!(
        both.content.colleague_summary.text,
        "Typed at the command line"
    );
    drop(dir);
}

#[test]
fn every_change_counts_the_version_up() {
    let (_dir, mut store) = set_up();
    let id = ready_to_sign(&mut store);
    let v0 = store
        .appraisal(&id, Role::Colleague, today())
        .unwrap()
        .edit_version;
    let a = store.appraisal(&id, Role::Colleague, today()).unwrap();
    let v1 = store
        .save_appraisal(&id, v0, &a.content, Role::Colleague, today())
        .unwrap()
        .edit_version;
    let v2 = store
        .appraisal_action(&id, v1, Action::Sign, Role::Colleague, None, today())
        .unwrap()
        .edit_version;
    assert!(v0 < v1 && v1 < v2, "{v0} {v1} {v2}");
    // A step on a version already passed is refused, whatever it is.
    for (stale, action, reason) in [
        (v0, Action::Reopen, Some("stale")),
        (v1, Action::Reopen, Some("stale")),
        (v2 + 1, Action::Reopen, Some("from the future")),
    ] {
        let before = counts(&store);
        let e = store
            .appraisal_action(&id, stale, action, Role::Colleague, reason, today())
            .unwrap_err();
        assert!(is_conflict(&e, &id), "{stale}: {e}");
        assert_eq!(counts(&store), before);
    }
}

#[test]
fn a_signature_is_only_made_over_the_version_the_signer_saw() {
    let (_dir, mut app) = set_up();
    let id = ready_to_sign(&mut app);
    let mut cli = Store::open(app.path()).unwrap();
    let shown = app.appraisal(&id, Role::Colleague, today()).unwrap();

    // Meanwhile the CLI changes the record.
    let mut c = shown.content.clone();
    c.colleague_summary.text = "Changed after the signer read it".into();
    cli.save_appraisal(&id, shown.edit_version, &c, Role::Colleague, today())
        .unwrap();

    let before = counts(&app);
    let e = app
        .appraisal_action(
            &id,
            shown.edit_version,
            Action::Sign,
            Role::Colleague,
            None,
            today(),
        )
        .unwrap_err();
    assert!(is_conflict(&e, &id), "{e}");
    assert_eq!(counts(&app), before, "nothing signed");
    let now = app.appraisal(&id, Role::Colleague, today()).unwrap();
    assert!(now.signatures.is_empty());
    assert_eq!(now.state, AppraisalState::InReview);
}

/// Race two writers on one version, many times: exactly one wins each round, the other is
/// refused as a conflict, and the winner's edit is what is stored.
#[test]
fn racing_saves_never_both_succeed() {
    let (_dir, store) = set_up();
    let path = store.path().to_path_buf();
    let mut store = store;
    let id = ready_to_sign(&mut store);
    drop(store);
    for round in 0..40 {
        let barrier = Barrier::new(2);
        let results: Vec<(String, Result<u32, Error>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = ["app", "cli"]
                .into_iter()
                .map(|who| {
                    let (path, id, barrier) = (&path, &id, &barrier);
                    scope.spawn(move || {
                        let mut s = Store::open(path).unwrap();
                        let a = s.appraisal(id, Role::Colleague, today()).unwrap();
                        let mut c = a.content.clone();
                        let text = format!("{who} in round {round}");
                        c.career.text = text.clone();
                        barrier.wait();
                        let r = s
                            .save_appraisal(id, a.edit_version, &c, Role::Colleague, today())
                            .map(|saved| saved.edit_version);
                        (text, r)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won: Vec<&String> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(t, _)| t)
            .collect();
        let refused: Vec<&Error> = results
            .iter()
            .filter_map(|(_, r)| r.as_ref().err())
            .collect();
        // Both read the same version before either saved, so exactly one save may succeed.
        assert_eq!(won.len(), 1, "round {round}: {results:?}");
        assert!(
            refused.iter().all(|e| is_conflict(e, &id)),
            "round {round}: {refused:?}"
        );
        let stored = Store::open(&path)
            .unwrap()
            .appraisal(&id, Role::Colleague, today())
            .unwrap();
        assert_eq!(&stored.content.career.text, won[0], "round {round}");
    }
}

/// Two signs at once (two windows): one signs, the other is refused, and the appraisal is left
/// with exactly one colleague signature, never stuck with two.
#[test]
fn two_signs_at_once_leave_one_signature() {
    for round in 0..10 {
        let (_dir, mut store) = set_up();
        let id = ready_to_sign(&mut store);
        let path = store.path().to_path_buf();
        drop(store);
        let barrier = Barrier::new(2);
        let results: Vec<Result<AppraisalState, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let (path, id, barrier) = (&path, &id, &barrier);
                    scope.spawn(move || {
                        let mut s = Store::open(path).unwrap();
                        let v = s
                            .appraisal(id, Role::Colleague, today())
                            .unwrap()
                            .edit_version;
                        barrier.wait();
                        s.appraisal_action(id, v, Action::Sign, Role::Colleague, None, today())
                            .map(|a| a.state)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "round {round}: {results:?}"
        );
        let a = Store::open(&path)
            .unwrap()
            .appraisal(&id, Role::Colleague, today())
            .unwrap();
        let colleague = a
            .signatures
            .iter()
            .filter(|s| s.role == Role::Colleague)
            .count();
        assert_eq!(colleague, 1, "round {round}");
    }
}

#[test]
fn a_stale_save_or_signature_in_my_team_is_refused() {
    // The appraiser's working copy in My team follows the same rule.
    let (_d1, mut colleague) = set_up();
    let id = submitted_appraisal(&mut colleague, today());
    let keys: Vec<String> = colleague
        .pack_preview(&id, Purpose::ForReview, today())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.key)
        .collect();
    let pack = colleague
        .export_pack(&id, Purpose::ForReview, &keys, today())
        .unwrap();
    let (_d2, mut manager) = set_up();
    manager.import_pack(&pack.text, today()).unwrap();
    let team_id = manager.team_reviews().unwrap()[0].id.clone();
    let mut other_window = Store::open(manager.path()).unwrap();

    let shown = manager.team_review(&team_id, today()).unwrap();
    let mut first = shown.content.clone();
    first.appraiser_summary.text = "First window".into();
    other_window
        .save_team_review(&team_id, shown.edit_version, &first, today())
        .unwrap();

    let mut second = shown.content.clone();
    second.appraiser_summary.text = "Second window".into();
    let before = counts(&manager);
    let e = manager
        .save_team_review(&team_id, shown.edit_version, &second, today())
        .unwrap_err();
    assert!(
        matches!(&e, Error::Conflict { what: "appraisal in My team", id } if *id == team_id),
        "{e}"
    );
    let e = manager
        .sign_team_review(&team_id, shown.edit_version, today())
        .unwrap_err();
    assert_eq!(
        e.kind(),
        "conflict",
        "a signature over an unseen version: {e}"
    );
    assert_eq!(counts(&manager), before, "nothing written");
    let now = manager.team_review(&team_id, today()).unwrap();
    assert_eq!(now.content.appraiser_summary.text, "First window");
    assert!(now.signatures.is_empty());
}
