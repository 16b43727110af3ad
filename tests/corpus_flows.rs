//! The Documents table in the real `App` (`egui_kittest`): sorted by date,
//! filtered, three documents selected with Ctrl and Shift, given an outlet
//! in one undoable step, opened side by side, and removed after a
//! confirmation that counts their passages.

mod common;

use common::ui::{apply, opened, write};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use synoptic::app::{App, View};
use synoptic::command::Command;
use synoptic::model::{Anchor, Annotation, CharRange, Project};

fn steps(h: &mut Harness<'static, App>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

fn five() -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> = [
        ("e.txt", "Fifth story of the week\n\nText."),
        ("a.txt", "First story of the week\n\nText."),
        ("c.txt", "Third story of the week\n\nText."),
        ("b.txt", "Second story of the week\n\nText."),
        ("d.txt", "Fourth story of the week\n\nText."),
    ]
    .iter()
    .map(|(n, t)| write(dir.path(), n, t))
    .collect();
    let mut h = opened(paths);
    // Dates a week apart, out of file order; one passage in "Second".
    let p = h.state().project().clone();
    let mut edits = Vec::new();
    for d in p.documents() {
        let day = match &d.meta.title[..d.meta.title.find(' ').unwrap_or(0)] {
            "First" => 1,
            "Second" => 8,
            "Third" => 15,
            "Fourth" => 22,
            _ => 29,
        };
        edits.push(p.update_document_edit(d.id, |x| x.meta.date = format!("2026-03-{day:02}")).expect("edit"));
        if d.meta.title.starts_with("Second") {
            let a = Annotation::new(
                d.id,
                Anchor { range: CharRange::new(0, 6), exact: "Second".into(), ..Anchor::default() },
            );
            edits.push(Project::add_annotation_edit(a));
        }
    }
    apply(&mut h, synoptic::model::Edit::Batch(edits));
    (dir, h)
}

#[test]
fn table_sorts_selects_sets_an_outlet_opens_and_removes() {
    let (_dir, mut h) = five();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    steps(&mut h, 2);
    assert_eq!(h.state().view(), View::Documents);
    h.get_by_label("Date").click();
    steps(&mut h, 2);
    // Rows are in date order: their screen positions say so.
    let y = |h: &Harness<'static, App>, t: &str| h.get_by_label(t).rect().top();
    assert!(y(&h, "First story of the week") < y(&h, "Second story of the week"));
    assert!(y(&h, "Second story of the week") < y(&h, "Fifth story of the week"));
    // First, then Shift to Third (First, Second, Third), Ctrl+click Second off, Ctrl+click Fourth on.
    h.get_by_label("First story of the week").click();
    steps(&mut h, 1);
    h.get_by_label("Third story of the week").click_modifiers(Modifiers::SHIFT);
    steps(&mut h, 1);
    h.get_by_label("Second story of the week").click_modifiers(Modifiers::COMMAND);
    steps(&mut h, 1);
    h.get_by_label("Fourth story of the week").click_modifiers(Modifiers::COMMAND);
    steps(&mut h, 2);
    h.get_by_label_contains("3 selected");
    // An outlet for the three in one step.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Outlet").click();
    steps(&mut h, 1);
    h.event(Event::Text("Harlow Gazette".into()));
    steps(&mut h, 1);
    h.get_by_label("Set for 3").click();
    steps(&mut h, 2);
    let outlets = |h: &Harness<'static, App>| {
        let mut v: Vec<(String, String)> =
            h.state().project().documents().map(|d| (d.meta.title.clone(), d.meta.source.clone())).collect();
        v.sort();
        v
    };
    let set: Vec<String> = outlets(&h).into_iter().filter(|(_, o)| o == "Harlow Gazette").map(|(t, _)| t).collect();
    assert_eq!(set, ["First story of the week", "Fourth story of the week", "Third story of the week"]);
    h.state_mut().run_command(Command::Undo);
    steps(&mut h, 1);
    assert!(outlets(&h).iter().all(|(_, o)| o.is_empty()), "one undo step");
    h.state_mut().run_command(Command::Redo);
    steps(&mut h, 1);
    // The filter narrows by outlet.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Filter:").click();
    h.event(Event::Text("gazette".into()));
    steps(&mut h, 2);
    h.get_by_label_contains("3 of 5 document(s) shown");
    // Open the three side by side.
    h.get_by_label("Open side by side").click();
    steps(&mut h, 3);
    assert_eq!(h.state().view(), View::Desk);
    let open: Vec<String> = h
        .state()
        .panes()
        .iter()
        .filter_map(|p| h.state().project().document(p.doc))
        .map(|d| d.meta.title.clone())
        .collect();
    for t in ["First story of the week", "Third story of the week", "Fourth story of the week"] {
        assert!(open.iter().any(|o| o == t), "{t} open: {open:?}");
    }
    // Remove "Second" (with its passage) after the confirmation.
    h.state_mut().run_command(Command::DocumentsTable);
    steps(&mut h, 2);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Filter:").click();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("second".into()));
    steps(&mut h, 2);
    h.get_by_label("Second story of the week").click();
    steps(&mut h, 2);
    h.get_by_label("Remove 1…").click();
    steps(&mut h, 2);
    h.get_by_label_contains("Remove 1 document(s) and their 1 passage(s)?");
    h.get_by_label("Remove").click();
    steps(&mut h, 2);
    assert_eq!(h.state().project().documents().count(), 4);
    assert_eq!(h.state().project().annotations().count(), 0, "its passage went with it");
    h.state_mut().run_command(Command::Undo);
    steps(&mut h, 1);
    assert_eq!(h.state().project().documents().count(), 5, "undo brings it back");
    assert_eq!(h.state().project().annotations().count(), 1);
}
