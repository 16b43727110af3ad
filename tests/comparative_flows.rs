//! UI flows of comparative reading, driving the real `App` with
//! `egui_kittest`: a link between two panes (and undo), shared-passage
//! detection on the demo project turned into a link, compare mode.

mod common;

use std::time::{Duration, Instant};

use common::ui::{apply, char_pos, copy_demo, drag, harness, opened, settle, write};
use egui::Key;
use egui_kittest::kittest::Queryable;
use synoptic::command::{Action, Command};
use synoptic::model::CharRange;

const A: &str = "The ferry will resume service on Monday, the harbour master said.\n\nPassengers should expect delays during the first week.\n";
const B: &str =
    "Officials said the ferry would not run again before June.\n\nThe harbour master declined to comment.\n";

/// An app with a.txt and b.txt open side by side.
fn two_documents() -> (tempfile::TempDir, egui_kittest::Harness<'static, synoptic::app::App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    (dir, opened(vec![a, b]))
}

#[test]
fn link_two_passages_in_two_panes_then_undo() {
    let (_dir, mut h) = two_documents();
    let pane_of = |h: &egui_kittest::Harness<'static, synoptic::app::App>, text: &str| {
        h.state().panes().iter().position(|p| h.state().text(p.doc).is_some_and(|t| t.text.as_str() == text))
    };
    let (pa, pb) = (pane_of(&h, A).expect("pane a"), pane_of(&h, B).expect("pane b"));

    // "ferry will resume" in a.txt, then L.
    let (from, to) = (char_pos(&h, pa, 4), char_pos(&h, pa, 21));
    drag(&mut h, from, to);
    h.key_press(Key::L);
    h.run();
    assert!(h.state().link_start().is_some(), "first end remembered");
    // "the ferry would not run again" in b.txt, then L: the dialog opens.
    let (from, to) = (char_pos(&h, pb, 19), char_pos(&h, pb, 44));
    drag(&mut h, from, to);
    h.key_press(Key::L);
    h.run();
    h.get_by_label("Link passages");
    h.get_by_label("Link").click();
    h.run();

    let p = h.state().project();
    assert_eq!(p.links().count(), 1, "one link");
    let link = p.links().next().expect("link").clone();
    assert_eq!(link.relation, p.relations()[0], "first relation type by default");
    let from = p.annotation(link.from).expect("from passage");
    let to = p.annotation(link.to).expect("to passage");
    assert_eq!(from.anchor.exact, "ferry will resume", "first passage");
    assert_eq!(to.anchor.exact, "ferry would not run again", "second passage");
    assert_eq!(to.anchor.range, CharRange::new(19, 44), "char range");
    h.get_by_label("Links (1)");

    // One undo removes the link and both passages it created.
    h.state_mut().act(Action::Command(Command::Undo));
    h.run();
    assert_eq!(h.state().project().links().count(), 0, "link undone");
    assert_eq!(h.state().project().annotations().count(), 0, "its passages too");
    h.state_mut().act(Action::Command(Command::Redo));
    h.run();
    assert_eq!(h.state().project().links().count(), 1, "redone");
}

#[test]
fn detection_on_the_demo_turns_a_shared_quote_into_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_demo(dir.path());
    let mut h = harness(vec![]);
    h.state_mut().open_project(project);
    settle(&mut h);
    // Detection runs by itself once the documents are there.
    let result = h.state().shared_result().expect("detection ran");
    let quote = "Nobody will walk across that bridge";
    let ci = (0..result.clusters.len())
        .find(|&i| result.clusters[i].doc_count() == 3 && result.excerpts[i].iter().all(|t| t.contains(quote)))
        .expect("the mayor's quote is shared by all three articles");
    assert_eq!(ci, 0, "the three-document cluster is listed first");
    let before: Vec<_> = h.state().project().links().map(|l| l.id).collect();
    let links_before = before.len();

    h.get_by_label_contains("Shared (").click();
    h.run();
    h.get_by_label_contains("Shared by 3 documents");
    // Members a passage already covers are that passage: nothing is coded twice.
    let covered = {
        let p = h.state().project();
        let r = h.state().shared_result().expect("result");
        r.clusters[ci]
            .members
            .iter()
            .filter(|m| {
                // Containing the shared words, or overlapping at least half
                // of both (a quote coded a few words shorter or longer).
                p.annotations_of(r.docs[m.doc]).iter().any(|a| {
                    let x = a.anchor.range;
                    let overlap = x.end.0.min(m.range.end.0).saturating_sub(x.start.0.max(m.range.start.0));
                    (x.start <= m.range.start && x.end >= m.range.end)
                        || (overlap > 0 && overlap * 2 >= x.len() && overlap * 2 >= m.range.len())
                })
            })
            .count()
    };
    let passages_before = h.state().project().annotations().count();
    h.get_all_by_label("Link…").next().expect("a Link button").click();
    h.run();
    // The link dialog asks for the relation, as for any link.
    h.get_by_label("Link passages");
    h.get_by_label("Link").click();
    h.run();
    let p = h.state().project();
    assert_eq!(p.annotations().count(), passages_before + 3 - covered, "passages made only where none covered");
    let links: Vec<_> = p.links().collect();
    assert_eq!(links.len(), links_before + 2, "the first place linked to the two others");
    for l in links.into_iter().filter(|l| !before.contains(&l.id)) {
        assert_eq!(l.relation, "quotes", "relation");
        for end in [l.from, l.to] {
            let a = p.annotation(end).expect("passage");
            assert!(a.anchor.exact.contains(quote), "each end is the quote: {}", a.anchor.exact);
        }
    }
    h.state_mut().act(Action::Command(Command::Undo));
    h.run();
    assert_eq!(h.state().project().links().count(), links_before, "one undo step");
}

#[test]
fn compare_mode_shows_the_planted_difference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = "The council met on Monday.\n\nIt voted to close the bridge for six weeks while engineers inspect the cables.\n\nResidents were not consulted.\n";
    let new = old.replace("six weeks", "three months");
    let a = write(dir.path(), "old.txt", old);
    let b = write(dir.path(), "new.txt", &new);
    let mut h = opened(vec![a.clone()]);
    h.state_mut().open_documents(vec![b]);
    settle(&mut h);
    let docs: Vec<_> = h.state().panes().iter().map(|p| p.doc).collect();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::D);
    h.run();
    h.get_by_label("Compare two documents");
    h.get_by_label("Compare side by side").click();
    let start = Instant::now();
    while h.state().compare_view().is_none_or(|v| v.result.is_none()) {
        assert!(start.elapsed() < Duration::from_secs(20), "compare took too long");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
    let v = h.state().compare_view().expect("compare mode");
    assert_eq!((v.a, v.b), (docs[0], docs[1]), "the two panes' documents, left to right");
    h.get_by_label("Difference: “six weeks” becomes “three months”");
    h.get_by_label_contains("1 difference(s)");
    h.key_press(Key::F8);
    h.run();
    assert!(h.state().compare_view().is_some_and(|v| v.current.is_some()), "F8 goes to the difference");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().compare_view().is_none(), "Esc goes back to the desk");
}

#[test]
fn alt_dragging_one_annotation_onto_another_links_them() {
    let (_dir, mut h) = two_documents();
    // One annotation in each pane.
    let mut ids = Vec::new();
    for (pane, range) in [(0, CharRange::new(4, 21)), (1, CharRange::new(19, 44))] {
        let doc = h.state().panes()[pane].doc;
        let text = h.state().text(doc).expect("text").text.clone();
        let ann = synoptic::model::Annotation::new(doc, synoptic::model::Anchor::from_text(&text, range));
        ids.push(ann.id);
        apply(&mut h, synoptic::model::Project::add_annotation_edit(ann));
    }
    h.run();
    let (from, to) = (char_pos(&h, 0, 10), char_pos(&h, 1, 30));
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::ALT));
    drag(&mut h, from, to);
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run();
    assert!(h.state().selection().is_none_or(|s| s.range().is_empty()), "Alt+drag does not select text");
    h.get_by_label("Link passages");
    h.get_by_label("Link").click();
    h.run();
    let l = h.state().project().links().next().expect("linked").clone();
    assert_eq!((l.from, l.to), (ids[0], ids[1]), "from the dragged annotation to the one it was dropped on");
    assert_eq!(h.state().project().annotations().count(), 2, "no new passages: the existing ones are linked");
}
