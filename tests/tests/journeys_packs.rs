//! Issue 15's pack journeys, through the public API on real SQLite files: importing the same
//! pack again never loses a signature, and a second import of a reviewed pack says what state
//! the appraisal is really in.
use reflect_tests::Latest;

use chrono::{Local, NaiveDate};
use reflect_core::appraisal::{Action, AppraisalState, Role};
use reflect_core::pack::Purpose;
use reflect_core::Store;
use reflect_tests::{fresh, profile, set_up, submitted_appraisal};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn manager() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fresh();
    let mut p = profile();
    p.name = "Alex Smith".into();
    p.job_title = "Ward Manager".into();
    store.save_profile(&p).unwrap();
    (dir, store)
}

fn for_review(store: &mut Store, id: &str) -> String {
    let keys: Vec<String> = store
        .pack_preview(id, Purpose::ForReview, today())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.key)
        .collect();
    store
        .export_pack(id, Purpose::ForReview, &keys, today())
        .unwrap()
        .text
}

/// The appraiser's comments written and signed in My team; returns the reviewed pack.
fn review_and_sign(alex: &mut Store, team_id: &str) -> String {
    let mut c = alex.team_review(team_id, today()).unwrap().content;
    c.appraiser_summary.text = "Led the handover audit well".into();
    for v in &mut c.values {
        v.comment.text = format!("Good work ({})", v.value_key);
    }
    alex.save_team_latest(team_id, &c, today()).unwrap();
    alex.sign_export_team_latest(team_id, today())
        .unwrap()
        .1
        .text
}

/// The manager signed; the same pack for review (the very file, or the same appraisal sent
/// again unchanged) imported again keeps their signature.
#[test]
fn importing_the_same_pack_for_review_after_signing_keeps_the_signature() {
    let (_c, mut sam, id) = {
        let (dir, mut store) = set_up();
        let id = submitted_appraisal(&mut store, today());
        (dir, store, id)
    };
    let (_m, mut alex) = manager();
    let first = for_review(&mut sam, &id);
    let team_id = alex.import_pack(&first, today()).unwrap().appraisal_id;
    review_and_sign(&mut alex, &team_id);
    let signed = |alex: &Store| {
        alex.team_review(&team_id, today())
            .unwrap()
            .signatures
            .iter()
            .filter(|s| s.role == Role::Appraiser)
            .count()
    };
    assert_eq!(signed(&alex), 1);
    let again = alex.import_pack(&first, today()).unwrap();
    assert_eq!(signed(&alex), 1, "the same file again: {}", again.message);
    let resent = for_review(&mut sam, &id);
    let again = alex.import_pack(&resent, today()).unwrap();
    assert_eq!(
        signed(&alex),
        1,
        "the same appraisal resent: {}",
        again.message
    );
    assert!(alex.team_reviews().unwrap()[0].signed);
}

/// A second import of a reviewed pack the appraiser signed says they signed and the colleague
/// has still to; once both have signed, it says it is agreed. Neither changes anything.
#[test]
fn a_second_import_of_a_reviewed_pack_gives_the_true_state() {
    let (_c, mut sam) = set_up();
    let id = submitted_appraisal(&mut sam, today());
    let (_m, mut alex) = manager();
    let team_id = alex
        .import_pack(&for_review(&mut sam, &id), today())
        .unwrap()
        .appraisal_id;
    let reviewed = review_and_sign(&mut alex, &team_id);
    sam.import_pack(&reviewed, today()).unwrap();
    let before = sam.appraisal(&id, Role::Colleague, today()).unwrap();
    let again = sam.import_pack(&reviewed, today()).unwrap();
    assert!(
        !again.message.contains("already signed")
            && again.message.contains("Alex Smith")
            && again.message.contains("sign it to agree"),
        "{}",
        again.message
    );
    let after = sam.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(
        (after.edit_version, after.signatures.len()),
        (before.edit_version, before.signatures.len())
    );
    let agreed = sam
        .act_latest(&id, Action::Sign, Role::Colleague, None, today())
        .unwrap();
    assert_eq!(agreed.state, AppraisalState::Agreed);
    let again = sam.import_pack(&reviewed, today()).unwrap();
    assert!(again.message.contains("agreed"), "{}", again.message);
    let after = sam.appraisal(&id, Role::Colleague, today()).unwrap();
    assert_eq!(after.signatures.len(), 2);
    assert_eq!(after.state, AppraisalState::Agreed);
}
