//! The Search tab in the real `App` (`egui_kittest`): Ctrl+Shift+F opens it
//! on all documents, results stream in grouped by document, Enter steps to
//! the first hit (selected in its pane), an invalid regex shows its error;
//! Ctrl+F searches the focused document only.

mod common;

use std::time::{Duration, Instant};

use common::ui::{opened, write};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use synoptic::app::App;
use synoptic::model::CharRange;

const A: &str = "The bridge closed on Monday.\n\nThe Bridge will reopen in June, the bridge office said.\n";
const B: &str = "Nobody crossed the bridge. Hélène took the ferry.\n";

fn wait_for(h: &mut Harness<'static, App>, label: &str) {
    let start = Instant::now();
    loop {
        h.step();
        // Wait for the search under way too: the previous query's results
        // may show the same count.
        let st = h.state().search_state();
        let idle =
            st.running.is_none() && (st.error.is_some() || st.results.as_ref().is_some_and(|(k, _)| k.0 == st.query));
        if idle && h.query_by_label_contains(label).is_some() {
            break;
        }
        let st = h.state().search_state();
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{label:?} never appeared; query {:?}, error {:?}, results {}",
            st.query,
            st.error,
            st.results.as_ref().map_or(0, |r| r.1.total)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.step();
}

#[test]
fn search_all_documents_step_and_bad_regex() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.step();
    h.event(Event::Text("bridge".into()));
    // Any case by default in the find bar (the CLI is case-sensitive).
    wait_for(&mut h, "4 hit(s) in 2 document(s)");
    h.get_by_label_contains("a.txt (3)");
    h.get_by_label_contains("b.txt (1)");
    // Hits read at the body text size, not the small one.
    let node = h.get_by_label_contains("Hélène took the ferry");
    let (hit, text) = (node.rect(), node.accesskit_node().label().unwrap_or_default());
    let body = h.ctx.global_style().text_styles[&egui::TextStyle::Body].clone();
    let wide = h.ctx.fonts_mut(|f| f.layout_no_wrap(text.clone(), body.clone(), egui::Color32::BLACK)).size().x;
    assert!(
        hit.width() >= wide * 0.95 || hit.height() >= 2.0 * body.size,
        "{text:?} drawn {:.0} wide, {:.0} at the body size",
        hit.width(),
        wide
    );
    // Enter in the field goes to the first hit: selected in its pane.
    h.key_press(Key::Enter);
    h.step();
    h.step();
    let sel = h.state().selection().expect("a hit is selected");
    let doc = h.state().project().documents().find(|d| d.path.ends_with("a.txt")).expect("a").id;
    assert_eq!((sel.doc, sel.range()), (doc, CharRange::new(4, 10)), "first hit of a.txt");
    wait_for(&mut h, "Hit 1 of 4");
    // Shift+F3 from the first goes round to the last.
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    h.step();
    h.step();
    let sel = h.state().selection().expect("selected");
    let b_doc = h.state().project().documents().find(|d| d.path.ends_with("b.txt")).expect("b").id;
    assert_eq!(sel.doc, b_doc, "the last hit is in b.txt");

    // Match case: "Bridge" no longer counts.
    h.get_by_label("Aa").click();
    h.step();
    wait_for(&mut h, "3 hit(s) in 2 document(s)");

    // A regex that does not compile shows its error and no results.
    h.get_by_label(".*").click();
    h.step();
    h.state_mut().act(synoptic::command::Action::Command(synoptic::command::Command::FindAll));
    h.step();
    h.event(Event::Text("(".into()));
    wait_for(&mut h, "invalid regular expression");
    assert!(h.query_by_label_contains("hit(s) in").is_none(), "no stale results");
}

#[test]
fn ctrl_f_searches_the_focused_document_with_accents_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    let b_doc = h.state().project().documents().find(|d| d.path.ends_with("b.txt")).expect("b").id;
    h.state_mut().set_selection(Some(synoptic::ui::reader::Selection {
        doc: b_doc,
        anchor: synoptic::model::CharIdx(0),
        head: synoptic::model::CharIdx(0),
    }));
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.step();
    h.event(Event::Text("bridge".into()));
    wait_for(&mut h, "1 hit(s) in 1 document(s)");
    h.get_by_label_contains("Nobody crossed the bridge");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("helene".into()));
    h.step();
    h.get_by_label("é=e").click();
    wait_for(&mut h, "1 hit(s) in 1 document(s)");
    h.get_by_label_contains("Hélène took the ferry");
}

#[test]
fn tag_all_hits_widened_to_sentences_in_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    h.step();
    let tag = h.state().project().codebook().tree()[0].1.id;
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.step();
    h.event(Event::Text("bridge".into()));
    wait_for(&mut h, "4 hit(s) in 2 document(s)");
    h.get_by_label("Tag all hits…").click();
    // The click's frame opens the dialog; a dialog's first frame only
    // measures it.
    h.step();
    h.step();
    h.step();
    h.get_by_label_contains("Tag search hits");
    // The dialog's tag chooser is the last combo box (the tab's scope
    // chooser is the first).
    let combos: Vec<_> = h.query_all_by_role(egui::accesskit::Role::ComboBox).collect();
    combos.last().expect("tag chooser").click();
    h.step();
    h.step();
    h.get_by_label("Tag 1").click();
    h.step();
    h.get_by_label("sentence").click();
    h.step();
    h.get_by_label("Tag 4 passage(s)").click();
    h.step();
    h.step();
    let p = h.state().project();
    let mut quotes: Vec<String> = p.annotations().map(|a| a.anchor.exact.clone()).collect();
    quotes.sort();
    assert_eq!(
        quotes,
        [
            "Nobody crossed the bridge.",
            "The Bridge will reopen in June, the bridge office said.",
            "The bridge closed on Monday."
        ],
        "one annotation per sentence, two hits in one sentence tagged once"
    );
    assert!(p.annotations().all(|a| a.tags.contains(&tag)), "all tagged");
    // One undo step takes them all back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(h.state().project().annotations().count(), 0, "undone at once");
    assert_eq!(h.state().project().codebook().len(), 1, "the tag made before stays");
}

#[test]
fn notes_and_memos_are_searched_when_asked() {
    use synoptic::model::{Anchor, Annotation, Memo, Project};
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    let doc = h.state().project().documents().next().expect("doc").id;
    let text = h.state().text(doc).expect("text").text.clone();
    let mut ann = Annotation::new(doc, Anchor::from_text(&text, CharRange::new(4, 10)));
    ann.note = "Check the ferry timetable against this.".into();
    let ann_id = ann.id;
    common::ui::apply(&mut h, Project::add_annotation_edit(ann));
    common::ui::apply(&mut h, Project::add_memo_edit(Memo::new("Ferry questions", "Who runs the ferry now?")));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.step();
    h.event(Event::Text("ferry".into()));
    h.step();
    wait_for(&mut h, "0 hit(s) in 0 document(s)");
    assert!(h.query_by_label_contains("Notes and memos").is_none(), "notes not searched unless asked");
    h.get_by_label("notes").click();
    wait_for(&mut h, "Notes and memos (3)");
    // The memo's title and text, and the annotation's note; clicking the
    // note selects its annotation.
    h.get_by_label_contains("Check the ferry timetable").click();
    h.step();
    h.step();
    assert_eq!(h.state().selected(), Some(ann_id), "the annotation is selected");
}

/// With nothing searched for, frames leave the search's marks alone: the
/// serial that keys every pane's cached marks stays put (it was bumped on
/// every frame, so each pane rebuilt its coverage marks on every frame).
#[test]
fn idle_frames_keep_the_search_marks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    h.run();
    let before = h.state().search_state().serial;
    for _ in 0..5 {
        h.step();
    }
    assert_eq!(h.state().search_state().serial, before, "no search, no new marks");
}

/// A long title and a long line of context stay inside the panel: the
/// title is cut with "…", the context wraps at the panel's edge.
#[test]
fn results_stay_inside_the_panel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let title = "Harlow footbridge shut after inspectors find corroded cables under the deck of the crossing";
    let line = "Engineers will now work out whether the cables can be repaired or must be replaced entirely, \
                a decision that the council expects to take in the spring after further tests on the steel.";
    let a = write(dir.path(), "a.txt", &format!("{title}\n\n{line}\n"));
    let mut h = opened(vec![a]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.step();
    h.event(Event::Text("repaired".into()));
    wait_for(&mut h, "1 hit(s) in 1 document(s)");
    let right = h.ctx.content_rect().right();
    let head = h.get_by_label_contains(
        "Harlow footbridge shut after inspectors find corroded cables under the deck of the crossing (1)",
    );
    assert!(head.rect().right() <= right, "the title ends at {:.0}, past the window's {right:.0}", head.rect().right());
    let hit = h.get_by_label_contains("whether the cables can be");
    assert!(hit.rect().right() <= right, "the hit ends at {:.0}, past the window's {right:.0}", hit.rect().right());
    assert!(hit.rect().height() > 30.0, "the context wraps onto several lines");
}

/// Enter pressed before the search for the whole query finished goes to
/// the first hit of the whole query, not of its first letters; a hit left
/// selected by an earlier query is let go when the query changes.
#[test]
fn enter_waits_for_the_query_as_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.step();
    h.event(Event::Text("bri".into()));
    wait_for(&mut h, "3 hit(s) in 1 document(s)");
    // "dge" and Enter in one frame: the results on show are still "bri"'s.
    h.event(Event::Text("dge office".into()));
    h.key_press(Key::Enter);
    wait_for(&mut h, "Hit 1 of 1");
    let sel = h.state().selection().expect("a hit is selected");
    let text = h.state().text(sel.doc).expect("text").text.as_str().to_owned();
    let got: String = text.chars().skip(sel.range().start.0).take(sel.range().len()).collect();
    assert_eq!(got, "bridge office", "the hit of the whole query");
    // A new query: the old hit is no longer selected.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("Monday".into()));
    wait_for(&mut h, "1 hit(s) in 1 document(s)");
    assert!(h.state().selection().is_none(), "the previous query's hit is let go: {:?}", h.state().selection());
}
