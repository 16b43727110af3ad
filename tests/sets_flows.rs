//! Document sets in the real `App` (`egui_kittest`), on the bundled demo: a
//! set made from the Documents table in one undo step, shown on its own,
//! renamed and emptied; then every view that filters by document narrowed
//! to a set: the notes list, retrieval, the matrix, shared passages and the
//! export dialog.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::ui::{copy_demo, harness, settle};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use synoptic::app::{App, View};
use synoptic::command::Command;
use synoptic::model::DocId;

fn steps(h: &mut Harness<'static, App>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

fn demo(answers: Vec<Option<Vec<PathBuf>>>) -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_demo(dir.path());
    let mut h = harness(answers);
    h.state_mut().open_project(project);
    settle(&mut h);
    (dir, h)
}

/// Open the combo box labelled `label` and pick `option` in it.
fn choose(h: &mut Harness<'static, App>, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label).click();
    steps(h, 2);
    h.get_by_label(option).click();
    steps(h, 3);
}

fn doc(h: &Harness<'static, App>, file: &str) -> DocId {
    h.state().project().documents().find(|d| d.path == file).expect("doc").id
}

#[test]
fn a_set_is_made_in_the_table_shown_renamed_and_emptied() {
    let (_dir, mut h) = demo(vec![]);
    let before = h.state().project().sets().len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    steps(&mut h, 2);
    assert_eq!(h.state().view(), View::Documents);
    // The Gazette and, with Ctrl, the wire report.
    h.get_by_label("Bridge closure splits the town in two").click();
    // Two frames: the selection bar appears and moves the rows down.
    steps(&mut h, 2);
    h.get_by_label("Harlow footbridge shut after inspectors find corroded cables").click_modifiers(Modifiers::COMMAND);
    steps(&mut h, 2);
    h.get_by_role_and_label(Role::TextInput, "New set").click();
    steps(&mut h, 1);
    h.event(egui::Event::Text("Week 1".into()));
    steps(&mut h, 1);
    h.get_by_label("Make a set of 2").click();
    steps(&mut h, 2);
    let find = |h: &Harness<'static, App>, name: &str| {
        h.state().project().sets().into_iter().find(|s| s.name == name).cloned()
    };
    let set = find(&h, "Week 1").expect("set made");
    assert_eq!(set.docs, [doc(&h, "gazette.txt"), doc(&h, "wire-report.txt")].into());
    // Feedback: said, the field cleared, the table showing the new set.
    h.get_by_label_contains("Set “Week 1” made of 2 document(s)");
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "New set").value().as_deref(), Some(""), "field cleared");
    h.get_by_label_contains("2 of 3 document(s) shown");
    h.state_mut().run_command(Command::Undo);
    steps(&mut h, 1);
    assert_eq!(h.state().project().sets().len(), before, "one undo step");
    h.state_mut().run_command(Command::Redo);
    steps(&mut h, 2);
    // A second set of the same name is refused (the button is disabled).
    h.get_by_role_and_label(Role::TextInput, "New set").click();
    h.event(egui::Event::Text("week 1".into()));
    steps(&mut h, 2);
    assert!(h.get_by_label("Make a set of 2").accesskit_node().is_disabled(), "names are unique in any case");
    // Show only the set: two rows.
    choose(&mut h, "Show:", "Set: Week 1 (2)");
    h.get_by_label_contains("2 of 3 document(s) shown");
    // Rename it.
    let name = h.get_by_role_and_label(Role::TextInput, "Set name");
    name.click();
    steps(&mut h, 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Early reports".into()));
    h.key_press(Key::Enter);
    steps(&mut h, 2);
    assert!(find(&h, "Early reports").is_some(), "renamed: {:?}", h.state().project().sets());
    // Take the selected two out of it: the set stays, empty.
    h.get_by_label_contains("Take 2 out of").click();
    steps(&mut h, 2);
    assert!(find(&h, "Early reports").expect("kept").docs.is_empty());
    h.get_by_label_contains("0 of 3 document(s) shown");
    // Delete it after the question; the documents stay.
    h.get_by_label("Delete set…").click();
    steps(&mut h, 3);
    h.get_by_label_contains("Its 0 document(s) stay in the project");
    h.get_by_label("Delete set").click();
    steps(&mut h, 2);
    assert!(find(&h, "Early reports").is_none());
    assert_eq!(h.state().project().documents().count(), 3);
    h.get_by_label_contains("3 of 3 document(s) shown");
}

#[test]
fn every_view_that_filters_by_document_filters_by_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("print.csv");
    let (_demo, mut h) = demo(vec![Some(vec![out.clone()])]);
    let gazette = doc(&h, "gazette.txt");
    let in_gazette = h.state().project().annotations().filter(|a| a.doc == gazette).count();
    let total = h.state().project().annotations().count();
    assert!(in_gazette > 0 && in_gazette < total);
    // The notes list.
    h.get_by_label(&format!("{total} annotation(s)"));
    choose(&mut h, "Document:", "Set: Print (1)");
    h.get_by_label(&format!("{in_gazette} annotation(s)"));
    // Retrieval: only the set's documents make columns.
    h.state_mut().run_command(Command::Retrieve);
    steps(&mut h, 3);
    choose(&mut h, "Set:", "Set: Broadcast and wire (2)");
    let cols = &h.state().retrieve_view().result.columns;
    assert_eq!(cols.len(), 2, "{:?}", cols.iter().map(|c| &c.title).collect::<Vec<_>>());
    assert!(cols.iter().all(|c| !c.docs.contains(&gazette)));
    // The matrix counts one row.
    h.state_mut().run_command(Command::Matrix);
    steps(&mut h, 3);
    choose(&mut h, "Documents:", "Set: Print (1)");
    assert_eq!(h.state().matrix_view().matrix.docs, [gazette]);
    // Shared passages between the set's two documents only.
    h.state_mut().run_command(Command::Back);
    h.state_mut().run_command(Command::FindShared);
    steps(&mut h, 3);
    choose(&mut h, "Compare:", "Set: Broadcast and wire (2)");
    let start = Instant::now();
    while h.state().finding_shared() || h.state().shared_result().is_none_or(|r| r.docs.contains(&gazette)) {
        assert!(start.elapsed() < Duration::from_secs(20), "detection did not finish on the set");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    assert_eq!(h.state().shared_result().expect("result").docs.len(), 2);
    // Export: choosing the set unticks the other documents.
    h.state_mut().run_command(Command::Export);
    steps(&mut h, 3);
    h.get_by_label("Tables (CSV)").click();
    h.step();
    choose(&mut h, "Only:", "Set: Print (1)");
    h.get_by_label("Export…").click();
    let start = Instant::now();
    while !out.exists() {
        assert!(start.elapsed() < Duration::from_secs(20), "not exported: {:?}", h.state().messages());
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    let text = std::fs::read_to_string(&out).expect("exported");
    assert!(text.contains("Bridge closure splits the town in two"), "{text}");
    assert!(!text.contains("Radio North") && !text.contains("Northern Press Agency"), "{text}");
}
