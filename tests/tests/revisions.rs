//! A reflection's revisions (issue 15): only the autosaves of one editing session coalesce;
//! every explicit save is a revision of its own; an old revision can be read and restored as a
//! new revision; the reflective model can be changed, its answers moved, never dropped.

use std::collections::BTreeMap;

use reflect_core::remodel::change_model;
use reflect_core::{EditorSave, Error, ReflectiveModel, RevisionKind, Store};
use reflect_tests::{input, set_up};

fn texts(store: &Store, id: &str) -> Vec<(u32, RevisionKind, String)> {
    store
        .revisions(id)
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                h.revision,
                h.kind,
                h.reflection
                    .body
                    .get("reflection")
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn two_explicit_edits_in_quick_succession_keep_both_texts() {
    let (_dir, mut store) = set_up();
    let first = store
        .save_reflection(&input("Ward round", "first text"))
        .unwrap();
    let mut edit = first.to_input();
    edit.body.insert("reflection".into(), "second text".into());
    let second = store.save_reflection(&edit).unwrap();
    assert_eq!(second.revision, 2, "an explicit edit is a new revision");
    edit.body.insert("reflection".into(), "third text".into());
    let third = store.save_reflection(&edit).unwrap();
    assert_eq!(third.revision, 3);
    assert_eq!(
        texts(&store, &first.id),
        [
            (3, RevisionKind::Saved, "third text".to_string()),
            (2, RevisionKind::Saved, "second text".to_string()),
            (1, RevisionKind::Saved, "first text".to_string()),
        ]
    );
}

#[test]
fn autosaves_of_one_session_coalesce_and_its_save_ends_the_session() {
    let (_dir, mut store) = set_up();
    let first = store
        .save_reflection(&input("Ward round", "saved before"))
        .unwrap();
    let mut edit = first.to_input();
    for text in ["typing", "typing more", "typing done"] {
        edit.body.insert("reflection".into(), text.into());
        let r = store
            .save_reflection_in(&edit, Some("session-a"), EditorSave::Autosave)
            .unwrap();
        assert_eq!(r.revision, 2, "one revision for the session's autosaves");
    }
    let saved = store
        .save_reflection_in(&edit, Some("session-a"), EditorSave::Save)
        .unwrap();
    assert_eq!(saved.revision, 2, "the session's save keeps its revision");
    // After its save, the session's next autosave does not write over the saved revision.
    edit.body.insert("reflection".into(), "after saving".into());
    let after = store
        .save_reflection_in(&edit, Some("session-a"), EditorSave::Autosave)
        .unwrap();
    assert_eq!(after.revision, 3);
    assert_eq!(
        texts(&store, &first.id),
        [
            (3, RevisionKind::Autosaved, "after saving".to_string()),
            (2, RevisionKind::Saved, "typing done".to_string()),
            (1, RevisionKind::Saved, "saved before".to_string()),
        ]
    );
}

#[test]
fn another_writer_between_two_autosaves_is_followed_never_written_over() {
    let (_dir, mut store) = set_up();
    let first = store.save_reflection(&input("Ward round", "one")).unwrap();
    let mut a = first.to_input();
    a.body.insert("reflection".into(), "window A".into());
    store
        .save_reflection_in(&a, Some("A"), EditorSave::Autosave)
        .unwrap();
    let mut b = first.to_input();
    b.body.insert("reflection".into(), "window B".into());
    store
        .save_reflection_in(&b, Some("B"), EditorSave::Autosave)
        .unwrap();
    let mut cli = first.to_input();
    cli.body.insert("reflection".into(), "command line".into());
    store.save_reflection(&cli).unwrap();
    a.body.insert("reflection".into(), "window A again".into());
    let last = store
        .save_reflection_in(&a, Some("A"), EditorSave::Autosave)
        .unwrap();
    assert_eq!(last.revision, 5);
    let kept: Vec<String> = texts(&store, &first.id).into_iter().map(|t| t.2).collect();
    assert_eq!(
        kept,
        [
            "window A again",
            "command line",
            "window B",
            "window A",
            "one"
        ]
    );
}

#[test]
fn an_old_revision_can_be_read_and_one_it_does_not_have_is_refused_naming_revision() {
    let (_dir, mut store) = set_up();
    let first = store.save_reflection(&input("Ward round", "one")).unwrap();
    let mut edit = first.to_input();
    edit.body.insert("reflection".into(), "two".into());
    store.save_reflection(&edit).unwrap();
    let old = store.revision(&first.id, 1).unwrap();
    assert_eq!(old.reflection.body["reflection"], "one");
    assert_eq!(
        store.revision(&first.id, 2).unwrap().reflection.body["reflection"],
        "two"
    );
    let err = store.revision(&first.id, 9).unwrap_err();
    assert_eq!(err.field(), Some("revision"));
    assert!(err.message().contains("1 to 2"), "{}", err.message());
}

#[test]
fn restoring_makes_a_new_revision_with_the_old_content_and_keeps_every_other() {
    let (_dir, mut store) = set_up();
    let mut r = input("Ward round", "one");
    r.title = "First title".into();
    let first = store.save_reflection(&r).unwrap();
    let mut edit = first.to_input();
    edit.title = "Second title".into();
    edit.body.insert("reflection".into(), "two".into());
    store.save_reflection(&edit).unwrap();
    let restored = store.restore_revision(&first.id, 1, Some(2)).unwrap();
    assert_eq!(restored.revision, 3);
    assert_eq!(restored.title, "First title");
    assert_eq!(restored.body["reflection"], "one");
    let history = store.revisions(&first.id).unwrap();
    assert_eq!(history[0].kind, RevisionKind::Restored);
    assert_eq!(history[0].restored_from, Some(1));
    assert_eq!(
        history[1].reflection.body["reflection"], "two",
        "nothing rewritten"
    );
    // Search follows the restored text.
    let found = store
        .list_reflections(&reflect_core::ReflectionQuery {
            text: Some("one".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn a_restore_on_a_version_saved_elsewhere_since_is_refused_and_changes_nothing() {
    let (_dir, mut store) = set_up();
    let first = store.save_reflection(&input("Ward round", "one")).unwrap();
    let mut edit = first.to_input();
    edit.body.insert("reflection".into(), "two".into());
    store.save_reflection(&edit).unwrap();
    // The restore was asked for while looking at revision 2; another window saved revision 3.
    edit.body
        .insert("reflection".into(), "three, elsewhere".into());
    store
        .save_reflection_in(&edit, Some("other"), EditorSave::Autosave)
        .unwrap();
    let before = texts(&store, &first.id);
    let err = store.restore_revision(&first.id, 1, Some(2)).unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(texts(&store, &first.id), before);
    // Unknown revision, and the current one, are refused naming revision.
    assert_eq!(
        store
            .restore_revision(&first.id, 7, None)
            .unwrap_err()
            .field(),
        Some("revision")
    );
    assert_eq!(
        store
            .restore_revision(&first.id, 3, None)
            .unwrap_err()
            .field(),
        Some("revision")
    );
    assert_eq!(texts(&store, &first.id), before);
}

#[test]
fn an_editor_still_open_after_a_restore_adds_its_text_after_the_restored_one() {
    let (_dir, mut store) = set_up();
    let first = store.save_reflection(&input("Ward round", "one")).unwrap();
    let mut a = first.to_input();
    a.body.insert("reflection".into(), "window A typing".into());
    store
        .save_reflection_in(&a, Some("A"), EditorSave::Autosave)
        .unwrap();
    store.restore_revision(&first.id, 1, None).unwrap();
    a.body
        .insert("reflection".into(), "window A still typing".into());
    let last = store
        .save_reflection_in(&a, Some("A"), EditorSave::Autosave)
        .unwrap();
    assert_eq!(last.revision, 4);
    let kept: Vec<String> = texts(&store, &first.id).into_iter().map(|t| t.2).collect();
    assert_eq!(
        kept,
        ["window A still typing", "one", "window A typing", "one"],
        "the restore and both texts of window A are all in the history"
    );
}

#[test]
fn changing_the_model_moves_every_answer_and_is_a_new_revision() {
    let (_dir, mut store) = set_up();
    let mut r = input("Ward round", "");
    r.model = ReflectiveModel::WhatSoWhat;
    r.body = BTreeMap::from([
        ("what".to_string(), "A fall on the ward.".to_string()),
        ("so_what".to_string(), "Handover missed it.".to_string()),
        ("now_what".to_string(), "Check the board.".to_string()),
    ]);
    let first = store.save_reflection(&r).unwrap();
    let change = change_model(first.model, ReflectiveModel::Gibbs, &first.body);
    let moved: Vec<(&str, &str)> = change
        .moves
        .iter()
        .map(|m| (m.from_key.as_str(), m.to_key.as_str()))
        .collect();
    assert_eq!(
        moved,
        [
            ("what", "description"),
            ("so_what", "analysis"),
            ("now_what", "action_plan")
        ]
    );
    let mut edit = first.to_input();
    edit.model = ReflectiveModel::Gibbs;
    edit.body = change.body.clone();
    let saved = store
        .save_reflection_in(&edit, None, EditorSave::ModelChange)
        .unwrap();
    assert_eq!(saved.model, ReflectiveModel::Gibbs);
    assert_eq!(saved.body["description"], "A fall on the ward.");
    assert_eq!(saved.revision, 2);
    let history = store.revisions(&first.id).unwrap();
    assert_eq!(history[0].kind, RevisionKind::ModelChanged);
    // The old one can be restored, model and all.
    let back = store.restore_revision(&first.id, 1, None).unwrap();
    assert_eq!(back.model, ReflectiveModel::WhatSoWhat);
    assert_eq!(back.body, first.body);
}

#[test]
fn answers_that_share_a_new_prompt_are_each_kept_and_say_where_they_came_from() {
    let body = BTreeMap::from([
        ("description".to_string(), "What happened.".to_string()),
        ("feelings".to_string(), "Anxious.".to_string()),
        ("evaluation".to_string(), "Good teamwork.".to_string()),
        ("analysis".to_string(), "Staffing.".to_string()),
        ("conclusion".to_string(), "Ask sooner.".to_string()),
        ("action_plan".to_string(), "Escalate.".to_string()),
    ]);
    let change = change_model(ReflectiveModel::Gibbs, ReflectiveModel::WhatSoWhat, &body);
    assert_eq!(change.body["what"], "What happened.");
    assert_eq!(change.body["now_what"], "Escalate.");
    let so_what = &change.body["so_what"];
    for (label, text) in [
        ("Feelings", "Anxious."),
        ("Evaluation", "Good teamwork."),
        ("Analysis", "Staffing."),
        ("Conclusion", "Ask sooner."),
    ] {
        assert!(
            so_what.contains(&format!(
                "From “{label}” in your earlier Gibbs' reflective cycle reflection:\n{text}"
            )),
            "{so_what}"
        );
    }
    // Into the free model everything goes into its one box, nothing dropped.
    let free = change_model(ReflectiveModel::Gibbs, ReflectiveModel::Free, &body);
    for text in body.values() {
        assert!(free.body["reflection"].contains(text.as_str()));
    }
}

#[test]
fn an_autosave_needs_its_session() {
    let (_dir, mut store) = set_up();
    let first = store.save_reflection(&input("Ward round", "one")).unwrap();
    let err = store
        .save_reflection_in(&first.to_input(), None, EditorSave::Autosave)
        .unwrap_err();
    assert_eq!(err.field(), Some("session"));
    let err = store
        .save_reflection_in(&first.to_input(), Some(" "), EditorSave::Autosave)
        .unwrap_err();
    assert_eq!(err.field(), Some("session"));
    assert_eq!(store.revisions(&first.id).unwrap().len(), 1);
}

#[test]
fn the_editors_save_right_after_its_model_change_keeps_one_revision_and_autosaves_follow_it() {
    let (_dir, mut store) = set_up();
    let first = store
        .save_reflection(&input("Ward round", "what happened"))
        .unwrap();
    let change = change_model(ReflectiveModel::Free, ReflectiveModel::Gibbs, &first.body);
    let mut edit = first.to_input();
    edit.model = ReflectiveModel::Gibbs;
    edit.body = change.body;
    let changed = store
        .save_reflection_in(&edit, Some("S"), EditorSave::ModelChange)
        .unwrap();
    assert_eq!(changed.revision, 2);
    let saved = store
        .save_reflection_in(&edit, Some("S"), EditorSave::Save)
        .unwrap();
    assert_eq!(saved.revision, 2, "no copy of the model change");
    assert_eq!(
        store.revisions(&first.id).unwrap()[0].kind,
        RevisionKind::ModelChanged
    );
    // Typing after a model change is a revision after it: the change itself stays restorable.
    let changed_again = store
        .save_reflection_in(&edit, Some("T"), EditorSave::ModelChange)
        .unwrap();
    assert_eq!(
        changed_again.revision, 3,
        "another session's change is its own"
    );
    edit.body.insert("feelings".into(), "worried".into());
    let typed = store
        .save_reflection_in(&edit, Some("T"), EditorSave::Autosave)
        .unwrap();
    assert_eq!(typed.revision, 4);
    assert_eq!(
        store.revisions(&first.id).unwrap()[1].kind,
        RevisionKind::ModelChanged
    );
}
