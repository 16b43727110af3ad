//! The analysis views in the real `App` (`egui_kittest`), on the bundled
//! demo project (three outlets' reports of one bridge closure): the
//! retrieval view read across outlets with a note edited in place and a jump
//! to the source; the matrix's cell that retrieves its passages and the
//! outlet that never used a tag; co-occurrence click-through; the
//! memos-and-notes list; focus mode and the desk's minimum pane width.

mod common;

use common::ui::{copy_demo, harness, opened, settle, write};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use synoptic::analysis::retrieve::{GroupBy, TagRule};
use synoptic::analysis::stats;
use synoptic::app::{App, View};
use synoptic::command::{Action, Command};
use synoptic::model::{DocId, TagId};

fn demo() -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_demo(dir.path());
    let mut h = harness(vec![]);
    h.state_mut().open_project(project);
    settle(&mut h);
    (dir, h)
}

fn tag(h: &Harness<'static, App>, name: &str) -> TagId {
    h.state().project().codebook().iter().find(|t| t.name == name).expect("tag").id
}

fn steps(h: &mut Harness<'static, App>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

#[test]
fn retrieve_one_tag_across_outlets_edit_a_note_and_go_to_the_source() {
    let (_dir, mut h) = demo();
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    steps(&mut h, 2);
    assert_eq!(h.state().view(), View::Retrieve, "Ctrl+R opens the retrieval view");
    // Click the tag in the question: "any" of it.
    h.get_by_label_contains("·  Official statement").click();
    steps(&mut h, 3);
    let official = tag(&h, "Official statement");
    assert_eq!(h.state().retrieve_view().filter.tags.get(&official), Some(&TagRule::Any));
    let expected = h.state().project().annotations().filter(|a| a.tags.contains(&official)).count();
    let r = &h.state().retrieve_view().result;
    assert_eq!(r.total, expected, "every passage with the tag");
    assert!(r.columns.len() >= 2, "more than one document quotes the statement");
    // Per outlet: one column per outlet, titled by it.
    h.get_by_label("per outlet").click();
    steps(&mut h, 3);
    assert_eq!(h.state().retrieve_view().group, GroupBy::Outlet);
    let outlets: Vec<String> = h.state().retrieve_view().result.columns.iter().map(|c| c.title.clone()).collect();
    for o in &outlets {
        assert!(h.query_all_by_label(o).count() >= 2, "{o}: a column head besides its checkbox in the question");
    }
    assert!(outlets.iter().any(|o| o == "Radio North"), "{outlets:?}");
    // The note of the first passage, edited in place.
    let first = h.state().retrieve_view().result.columns[0].passages[0];
    let before = h.state().project().annotation(first).expect("a").note.clone();
    let note = h.get_all_by_role(egui::accesskit::Role::MultilineTextInput).next().expect("a note field");
    note.click();
    h.step();
    h.key_press(Key::End);
    h.event(Event::Text(" (checked)".into()));
    steps(&mut h, 2);
    let after = h.state().project().annotation(first).expect("a").note.clone();
    assert_eq!(after, format!("{before} (checked)"), "the note changed in the project");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut h, 2);
    assert_eq!(h.state().project().annotation(first).expect("a").note, before, "one undo step");
    // More context, then Go to source: back on the desk with it selected.
    h.get_all_by_label("More context").next().expect("button").click();
    steps(&mut h, 3);
    assert!(h.state().retrieve_view().expanded.contains(&first));
    h.get_by_label("Less context");
    h.get_all_by_label("Go to source").next().expect("button").click();
    steps(&mut h, 3);
    assert_eq!(h.state().view(), View::Desk);
    assert_eq!(h.state().selected(), Some(first), "the passage is selected in its pane");
}

/// Paging through hundreds of passages: a frame shapes only so much new
/// text, draws the rest of the cards in view empty and asks for another
/// frame, which fills them; once all are filled the view asks for nothing.
#[test]
fn a_page_of_new_cards_fills_in_over_frames_and_then_rests() {
    use synoptic::model::{Anchor, Annotation, CharRange, Edit, Project};
    let (_dir, mut h) = demo();
    let official = tag(&h, "Official statement");
    let docs: Vec<DocId> = h.state().project().documents().map(|d| d.id).collect();
    let mut edits = Vec::new();
    for i in 0..600 {
        let doc = docs[i % docs.len()];
        let text = &h.state().text(doc).expect("loaded").text;
        let s = (i * 37) % (text.char_len() - 400);
        let mut a = Annotation::new(doc, Anchor::from_text(text, CharRange::new(s, s + 300 + i % 90)));
        a.tags.insert(official);
        edits.push(Project::add_annotation_edit(a));
    }
    h.state_mut().act(Action::Edit { edit: Edit::Batch(edits), label: "many".into(), merge: None });
    h.state_mut().act(Action::Command(Command::Retrieve));
    for _ in 0..40 {
        h.step();
    }
    let (full, waiting) = h.state().retrieve_view().cards_drawn();
    assert!(full > 3 && waiting == 0, "the first screen is filled: {full} full, {waiting} empty");
    let before = h.state().retrieve_view().offsets()[0];
    h.state_mut().scroll_panes_by(5_000.0);
    h.step();
    assert!(h.state().retrieve_view().offsets()[0] > before, "the columns scrolled");
    let (full, waiting) = h.state().retrieve_view().cards_drawn();
    assert!(waiting > 0, "a screen of new cards waits for the next frame: {full} full, {waiting} empty");
    assert!(h.ctx.has_requested_repaint(), "and asks for it");
    let mut frames = 0;
    while h.state().retrieve_view().cards_drawn().1 > 0 || h.ctx.has_requested_repaint() {
        h.step();
        frames += 1;
        assert!(frames < 30, "the cards never filled in: {:?}", h.state().retrieve_view().cards_drawn());
    }
    let (full, _) = h.state().retrieve_view().cards_drawn();
    assert_eq!(h.get_all_by_label("Go to source").count(), full, "each full card has its buttons");
    h.step();
    assert!(!h.ctx.has_requested_repaint(), "at rest: {:?}", h.ctx.repaint_causes());
}

#[test]
fn matrix_cell_retrieves_its_passages_and_shows_who_never_used_a_tag() {
    let (_dir, mut h) = demo();
    let m = stats::matrix(h.state().project());
    // A tag one document never used while another did.
    let (col, zero_row, used_row) = (0..m.tags.len())
        .find_map(|c| {
            let z = (0..m.docs.len()).find(|&r| m.counts[r][c] == 0)?;
            let u = (0..m.docs.len()).find(|&r| m.counts[r][c] > 0)?;
            Some((c, z, u))
        })
        .expect("the demo has a tag one outlet never used");
    let (t, never, used) = (m.tags[col], m.docs[zero_row], m.docs[used_row]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    steps(&mut h, 3);
    assert_eq!(h.state().view(), View::Matrix);
    let click = |h: &mut Harness<'static, App>, doc: DocId| {
        let at = h.state().matrix_view().cell_center(doc, t).expect("cell on screen");
        h.event(Event::PointerMoved(at));
        h.event(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        h.event(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        steps(h, 3);
    };
    // Grouped by outlet, the zero stays a zero in that outlet's rows.
    h.get_by_label("by outlet").click();
    steps(&mut h, 2);
    click(&mut h, never);
    assert_eq!(h.state().view(), View::Retrieve, "a click retrieves");
    let r = &h.state().retrieve_view().result;
    assert_eq!(r.total, 0, "nothing in the document that never used the tag");
    let title = h.state().project().document(never).expect("doc").meta.title.clone();
    h.get_by_label_contains(&format!("Nothing in: {title}"));
    // Back to the matrix: the row that did use it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    steps(&mut h, 3);
    click(&mut h, used);
    let r = &h.state().retrieve_view().result;
    assert_eq!(r.total, m.counts[used_row][col], "the cell's count of passages");
    assert_eq!(r.columns.len(), 1);
    assert_eq!(r.columns[0].docs, [used]);
    // Escape goes back to the desk.
    h.key_press(Key::Escape);
    steps(&mut h, 2);
    assert_eq!(h.state().view(), View::Desk);
}

#[test]
fn cooccurrence_and_charts_click_through() {
    let (_dir, mut h) = demo();
    h.state_mut().act(Action::Command(Command::Matrix));
    steps(&mut h, 2);
    h.get_by_label("Tags × tags").click();
    steps(&mut h, 2);
    let co = h.state().matrix_view().cooccurrence.clone();
    let (i, j) = (0..co.tags.len())
        .flat_map(|i| (0..co.tags.len()).map(move |j| (i, j)))
        .find(|&(i, j)| i != j && co.counts[i][j] > 0)
        .expect("two demo tags share a passage");
    h.state_mut().act(Action::RetrieveCooccurring(co.tags[i], co.tags[j]));
    steps(&mut h, 3);
    let r = &h.state().retrieve_view().result;
    let p = h.state().project();
    assert!(r.total > 0);
    for id in r.columns.iter().flat_map(|c| &c.passages) {
        let a = p.annotation(*id).expect("a");
        assert!(a.tags.contains(&co.tags[i]) || a.tags.contains(&co.tags[j]), "only the cell's passages");
    }
    // The bar chart and timeline draw (the demo's documents are dated).
    h.state_mut().act(Action::Command(Command::Matrix));
    steps(&mut h, 2);
    h.get_by_label("Bar chart").click();
    steps(&mut h, 3);
    h.get_by_label("document");
    // Tag uses by default, each tag named above the bars; passages on request.
    let used = {
        let p = h.state().project();
        let t = p.annotations().flat_map(|a| a.tags.iter()).next().copied().expect("a used tag");
        p.codebook().get(t).expect("tag").name.clone()
    };
    assert!(h.query_by_label_contains(&used).is_some(), "the legend names {used}");
    h.get_by_label("passages").click();
    steps(&mut h, 3);
    assert!(h.query_by_label_contains(&used).is_none(), "passages are one series: no legend");
    h.get_by_label("Timeline").click();
    steps(&mut h, 3);
    assert!(h.query_by_label_contains("No document has a date").is_none(), "dated documents on the timeline");
}

#[test]
fn memos_and_notes_in_one_searchable_list() {
    let (_dir, mut h) = demo();
    h.key_press_modifiers(Modifiers::COMMAND, Key::J);
    steps(&mut h, 2);
    assert_eq!(h.state().view(), View::Writings);
    let memo = h.state().project().memos().next().expect("the demo has a memo").clone();
    h.get_by_label("Find:").click();
    h.step();
    let word = memo.text.split_whitespace().max_by_key(|w| w.len()).expect("a word").to_owned();
    h.event(Event::Text(word.to_uppercase()));
    steps(&mut h, 2);
    let all = synoptic::ui::writings::entries(h.state().project(), "", false).len();
    let found = synoptic::ui::writings::entries(h.state().project(), &word, false).len();
    assert!((1..all).contains(&found), "the word narrows the list: {found} of {all}");
    h.get_by_label(&format!("{found} entries"));
    assert!(h.query_all_by_value(&memo.title).count() >= 1, "the memo is listed, its title editable");
}

#[test]
fn focus_mode_and_a_minimum_pane_width() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> = (0..5)
        .map(|i| write(dir.path(), &format!("{i}.txt"), &format!("Document {i} says something about the bridge.\n")))
        .collect();
    let mut h = opened(paths);
    steps(&mut h, 2);
    let rects = h.state().pane_rects().to_vec();
    assert_eq!(rects.len(), 5);
    for r in &rects {
        assert!(r.width() >= 259.0, "a pane keeps a readable width: {r:?}");
    }
    assert!(rects[4].max.x > 1400.0, "the desk scrolls sideways past the window");
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    steps(&mut h, 2);
    assert!(h.state().focus_mode());
    let shown: Vec<_> = h.state().pane_rects().iter().filter(|r| r.is_positive()).collect();
    assert_eq!(shown.len(), 1, "one pane alone");
    assert!(shown[0].width() > 500.0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    steps(&mut h, 2);
    assert!(!h.state().focus_mode());
    assert_eq!(h.state().pane_rects().iter().filter(|r| r.is_positive()).count(), 5);
}
