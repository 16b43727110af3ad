//! The synopsis view in the real `App` (`egui_kittest`), on the bundled
//! demo (three outlets' reports of one bridge closure): it opens from the
//! Compare menu's command with the open panes' documents, aligns them on a
//! worker, marks the words that differ, lets a click or a drag in a cell
//! select text that the number keys tag (a passage of the document, as in
//! a pane), and aligns again when a document leaves the project.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::ui::{click, copy_demo, drag, harness, settle};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use synoptic::app::{App, View};
use synoptic::command::{Action, Command};
use synoptic::ui::synopsis::Aligned;

/// Step until a new alignment (not the one shown now) is shown and none is
/// under way.
fn aligned(h: &mut Harness<'static, App>) {
    let start = Instant::now();
    let before = h.state().synopsis_view().result.clone();
    let new = |h: &Harness<'static, App>| {
        let v = h.state().synopsis_view();
        !v.running && v.result.as_ref().is_some_and(|r| before.as_ref().is_none_or(|b| !Arc::ptr_eq(r, b)))
    };
    h.step();
    while !new(h) {
        assert!(start.elapsed() < Duration::from_secs(20), "the alignment took too long");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// The demo with a selection left on the desk, then its synopsis opened
/// with Ctrl+Shift+Y and aligned.
fn demo_synopsis() -> (tempfile::TempDir, Harness<'static, App>, Arc<Aligned>) {
    demo_synopsis_answering(|_| vec![])
}

/// [`demo_synopsis`], with file dialogs answered by `answers` (given the
/// project's folder).
fn demo_synopsis_answering(
    answers: impl FnOnce(&std::path::Path) -> Vec<Option<Vec<std::path::PathBuf>>>,
) -> (tempfile::TempDir, Harness<'static, App>, Arc<Aligned>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_demo(dir.path());
    let mut h = harness(answers(dir.path()));
    h.state_mut().open_project(project);
    settle(&mut h);
    let open: Vec<_> = h.state().panes().iter().map(|p| p.doc).collect();
    assert_eq!(open.len(), 3, "the demo opens three panes");
    // A selection left on the desk.
    h.state_mut().act(Action::ShowPassage(open[0], synoptic::model::CharRange::new(0, 5)));
    h.run();
    assert!(h.state().selection().is_some(), "a selection on the desk");
    // Ctrl+Shift+Y (it once went to redo's Ctrl+Y).
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Y);
    aligned(&mut h);
    assert_eq!(h.state().view(), View::Synopsis, "the synopsis is open");
    assert_eq!(h.state().selection(), None, "tag keys never act on the desk's selection, out of sight");
    let r = h.state().synopsis_view().result.clone().expect("aligned");
    assert_eq!(r.docs, open, "the columns are the open panes, in their order");
    (dir, h, r)
}

#[test]
fn a_synopsis_of_the_demo_aligns_marks_and_tags_in_its_cells() {
    let (_dir, mut h, r) = demo_synopsis();
    // Every sentence of every document stands in exactly one row.
    for (d, sentences) in r.syn.sentences.iter().enumerate() {
        let mut seen = vec![0; sentences.len()];
        for row in &r.syn.rows {
            for s in &row.cells[d] {
                seen[*s] += 1;
            }
        }
        assert!(seen.iter().all(|n| *n == 1), "document {d}: each sentence once: {seen:?}");
    }
    // The council's statement is carried by two outlets, with a word changed.
    let texts: Vec<_> = r.docs.iter().map(|d| h.state().text(*d).expect("loaded").clone()).collect();
    let text = |d: usize, s: usize| texts[d].text.slice(r.syn.sentences[d][s].range).to_owned();
    let (row_i, row) = r
        .syn
        .rows
        .iter()
        .enumerate()
        .find(|(_, row)| {
            row.cells.iter().enumerate().any(|(d, c)| c.iter().any(|s| text(d, *s).contains("remain shut")))
        })
        .expect("a row with the council's statement");
    assert!(row.width() >= 2, "it is shared");
    let changed: Vec<(usize, String)> = row
        .cells
        .iter()
        .enumerate()
        .flat_map(|(d, c)| c.iter().enumerate().map(move |(k, s)| (d, k, *s)))
        .flat_map(|(d, k, s)| {
            let t = text(d, s);
            let chars: Vec<char> = t.chars().collect();
            r.diffs[row_i][d][k]
                .added
                .iter()
                .map(|(w, _)| (d, chars[w.start.0..w.end.0].iter().collect::<String>()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(changed.iter().any(|(_, w)| w == "assess"), "a changed word is marked: {changed:?}");

    // A click on a cell selects its sentence; 1 tags it.
    let col = row.cells.iter().position(|c| !c.is_empty()).expect("a cell");
    let rect = h.state().synopsis_view().cell_rect(row_i, col).expect("the row is in view");
    click(&mut h, rect.center());
    let sentence = r.syn.sentences[col][row.cells[col][0]].range;
    let sel = h.state().selection().expect("a click selects the sentence");
    assert_eq!((sel.doc, sel.range()), (r.docs[col], sentence));
    let before = h.state().project().annotations().count();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().project().annotations().count(), before + 1, "tagged from the synopsis");
    let made = h.state().project().annotations().find(|a| a.anchor.range == sentence && a.doc == r.docs[col]);
    assert_eq!(made.map(|a| a.anchor.exact.clone()), Some(text(col, row.cells[col][0])), "the sentence, exactly");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().project().annotations().count(), before, "one undo step");

    // A drag from the cell's left edge to its middle selects the start of
    // the sentence only.
    let rect = h.state().synopsis_view().cell_rect(row_i, col).expect("in view");
    let from = egui::pos2(rect.left() + 7.0, rect.top() + 12.0);
    drag(&mut h, from, egui::pos2(rect.center().x, rect.top() + 12.0));
    let sel = h.state().selection().expect("a drag selects");
    assert_eq!(sel.doc, r.docs[col]);
    let got = sel.range();
    assert_eq!(got.start, sentence.start, "from the sentence's first char");
    assert!(got.end > got.start && got.end < sentence.end, "to its middle: {got:?} in {sentence:?}");

    // Linked from the synopsis as from panes: L on one cell's sentence, L
    // on another's, and the link dialog; the two sentences keep a row.
    let other = row.cells.iter().enumerate().rposition(|(d, c)| d != col && !c.is_empty());
    if let Some(other) = other {
        let links = h.state().project().link_count();
        let a = h.state().synopsis_view().cell_rect(row_i, col).expect("in view");
        click(&mut h, a.center());
        h.key_press(Key::L);
        h.run();
        let b = h.state().synopsis_view().cell_rect(row_i, other).expect("in view");
        click(&mut h, egui::pos2(b.left() + 20.0, b.center().y));
        h.key_press(Key::L);
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
        aligned(&mut h);
        assert_eq!(h.state().project().link_count(), links + 1, "linked from two cells");
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
        aligned(&mut h);
    }
}

#[test]
fn the_synopsis_pages_comes_back_as_left_and_follows_the_project() {
    let (_dir, mut h, r) = demo_synopsis();
    // Page Down moves a page less a row: the row cut at the bottom comes
    // to the top, none is skipped.
    h.key_press(Key::Home);
    h.run();
    let before = h.state().synopsis_view().rows_drawn();
    h.key_press(Key::PageDown);
    h.run();
    let after = h.state().synopsis_view().rows_drawn();
    let (b0, b1) = (before[0], *before.last().expect("rows"));
    assert!(after[0] > b0 && after[0] <= b1, "paged from {before:?} to {after:?}");

    // End shows the last row, Home the first.
    h.key_press(Key::End);
    h.run();
    let last = *h.state().synopsis_view().shown().last().expect("rows");
    assert!(h.state().synopsis_view().rows_drawn().contains(&last), "End reaches row {last}");
    h.key_press(Key::Home);
    h.run();
    let first = h.state().synopsis_view().shown()[0];
    assert_eq!(h.state().synopsis_view().rows_drawn().first(), Some(&first), "Home goes back to the top");

    // The keyboard: an arrow puts the cursor on the first row in view,
    // Down moves a row, Enter selects that cell's sentence.
    h.key_press(Key::Home);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let (row0, _) = h.state().synopsis_view().cursor.expect("a cell cursor");
    h.key_press(Key::ArrowDown);
    h.run();
    let (row1, col1) = h.state().synopsis_view().cursor.expect("a cell cursor");
    let shown = h.state().synopsis_view().shown().to_vec();
    let k0 = shown.iter().position(|x| *x == row0).expect("shown");
    assert_eq!(shown.get(k0 + 1), Some(&row1), "Down goes to the next row");
    h.key_press(Key::Enter);
    h.run();
    let cell = &r.syn.rows[row1].cells[col1];
    let sel = h.state().selection().expect("Enter selects");
    assert_eq!(sel.doc, r.docs[col1]);
    assert_eq!(sel.range().start, r.syn.sentences[col1][cell[0]].range.start, "the cell's sentence");

    // Esc goes back to the desk; the synopsis comes back as it was left.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().view(), View::Desk);
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Y);
    h.run();
    assert!(
        h.state().synopsis_view().result.as_ref().is_some_and(|x| Arc::ptr_eq(x, &r)),
        "the same alignment, not run again"
    );
    h.key_press(Key::Escape);
    h.run();

    // A document removed while the synopsis is open: aligned again without it.
    h.state_mut().act(Action::Command(Command::Synopsis));
    h.run();
    assert_eq!(h.state().view(), View::Synopsis);
    let gone = r.docs[2];
    let edit = h.state().project().remove_document_edit(gone);
    h.state_mut().act(Action::Edit { edit, label: "Remove".into(), merge: None });
    aligned(&mut h);
    let r2 = h.state().synopsis_view().result.clone().expect("aligned again");
    assert_eq!(r2.docs, r.docs[..2], "the removed document left the synopsis");
}

/// A right-click on a cell takes its sentence out of the row: saved in the
/// project as one undo step, the synopsis aligned again by it, the same
/// after saving and reopening, and undone.
#[test]
fn a_sentence_taken_out_of_its_row_stays_out_after_reopening() {
    let (dir, mut h, r) = demo_synopsis();
    // The mayor's quote: a row the demo's links join too (a sentence
    // taken out must leave it even so).
    let texts: Vec<_> = r.docs.iter().map(|d| h.state().text(*d).expect("loaded").clone()).collect();
    let says = |d: usize, i: usize| texts[d].text.slice(r.syn.sentences[d][i].range).contains("Nobody will walk");
    let row_i = r
        .syn
        .rows
        .iter()
        .position(|row| row.width() >= 2 && row.cells.iter().enumerate().any(|(d, c)| c.iter().any(|i| says(d, *i))))
        .expect("the mayor's row");
    assert!(h.state().project().link_count() > 0, "the demo has links");
    let col = (0..r.docs.len()).find(|c| !r.syn.rows[row_i].cells[*c].is_empty()).expect("a cell");
    let sentence = r.syn.sentences[col][r.syn.rows[row_i].cells[col][0]].range;
    // Its row second in view, clear of the column heads.
    let shown = h.state().synopsis_view().shown().to_vec();
    let k = shown.iter().position(|x| *x == row_i).expect("shown");
    h.state_mut().synopsis_view_mut().scroll_to_row = Some(shown[k.saturating_sub(1)]);
    h.run();
    let rect = h.state().synopsis_view().cell_rect(row_i, col).expect("in view");
    h.event(egui::Event::PointerMoved(rect.center()));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: rect.center(),
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    }
    h.get_by_label("Take this sentence out of the row").click();
    aligned(&mut h);
    assert_eq!(h.state().project().choices().count(), 1, "the choice is in the project");
    let alone = |h: &Harness<'static, App>| {
        let r = h.state().synopsis_view().result.clone().expect("aligned");
        let i = r.syn.sentences[col].iter().position(|s| s.range == sentence).expect("the sentence");
        r.syn.rows.iter().find(|row| row.cells[col].contains(&i)).expect("its row").width() == 1
    };
    assert!(alone(&h), "the sentence stands alone now");
    // Saved and reopened: the same.
    h.state_mut().act(Action::Command(Command::Save));
    settle(&mut h);
    let path = dir.path().join("demo.synoptic.ron");
    assert!(std::fs::read_to_string(&path).expect("saved").contains("kind: Alone"), "written to the file");
    let mut again = harness(vec![]);
    again.state_mut().open_project(path);
    settle(&mut again);
    again.state_mut().act(Action::Command(Command::Synopsis));
    aligned(&mut again);
    assert!(alone(&again), "the choice holds after reopening");
    // Undone: back in its row.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    aligned(&mut h);
    assert_eq!(h.state().project().choices().count(), 0, "undone");
    assert!(!alone(&h), "back in its row");

    // Each other column's sentence taken out of the linked row leaves it
    // alone, not another column's (links once kept it in).
    for c in (0..r.docs.len()).filter(|c| *c != col && !r.syn.rows[row_i].cells[*c].is_empty()) {
        let i = r.syn.rows[row_i].cells[c][0];
        let range = r.syn.sentences[c][i].range;
        let quote = texts[c].text.slice(range).to_owned();
        let place = synoptic::model::Place { doc: r.docs[c], range, quote };
        let choice = synoptic::model::RowChoice::new(synoptic::model::ChoiceKind::Alone, vec![place], vec![]);
        let edit = synoptic::model::Project::add_choice_edit(choice);
        h.state_mut().act(Action::Edit { edit, label: "take out".into(), merge: None });
        aligned(&mut h);
        let now = h.state().synopsis_view().result.clone().expect("aligned");
        let k = now.syn.sentences[c].iter().position(|s| s.range == range).expect("the sentence");
        let row = now.syn.rows.iter().find(|row| row.cells[c].contains(&k)).expect("its row");
        assert_eq!(row.width(), 1, "column {c}'s sentence stands alone");
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
        aligned(&mut h);
    }
}

/// Export… > HTML writes the table with the differences marked.
#[test]
fn the_synopsis_exports_a_printable_table() {
    let (dir, mut h, r) = demo_synopsis_answering(|d| vec![Some(vec![d.join("table")])]);
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("HTML: a printable table, differences marked").click();
    h.run();
    let out = dir.path().join("table.html");
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    assert_eq!(html.matches("<tr class=").count(), r.syn.rows.len(), "a table row per row");
    assert!(html.contains("<ins"), "differences marked");
    assert!(h.state().messages().is_empty(), "no error: {:?}", h.state().messages());
}

/// Documents… > a set's name: its documents become the columns, by date.
#[test]
fn a_set_gives_the_columns() {
    let (_dir, mut h, r) = demo_synopsis();
    let mut set = synoptic::model::DocSet::new("Wires");
    set.docs.extend(r.docs[1..].iter().copied());
    let edit = synoptic::model::Edit::Set { id: set.id, value: Some(set) };
    h.state_mut().act(Action::Edit { edit, label: "set".into(), merge: None });
    h.run();
    h.get_by_label("Documents…").click();
    h.run();
    h.get_by_label("Wires").click();
    aligned(&mut h);
    let now = h.state().synopsis_view().result.clone().expect("aligned");
    let mut want = r.docs[1..].to_vec();
    want.sort_by_key(|d| h.state().project().document(*d).map(|x| (x.meta.date.clone(), x.meta.title.clone())));
    assert_eq!(now.docs, want, "the set's documents, by date");
}

/// The Documents table's "Synopsis" (its selection, in its order) opens
/// the synopsis of those documents.
#[test]
fn the_documents_table_opens_a_synopsis_of_its_selection() {
    let (_dir, mut h, r) = demo_synopsis();
    h.key_press(Key::Escape);
    h.run();
    let pick = vec![r.docs[2], r.docs[0]];
    h.state_mut().act(Action::SynopsisOf(pick.clone()));
    aligned(&mut h);
    assert_eq!(h.state().view(), View::Synopsis);
    assert_eq!(
        h.state().synopsis_view().result.as_ref().map(|x| x.docs.clone()),
        Some(pick),
        "those two, in that order"
    );
}

/// An idle synopsis costs nothing: once aligned and measured, a frame with
/// no input asks for no other frame.
#[test]
fn an_idle_synopsis_asks_for_no_repaint() {
    let (_dir, mut h, _r) = demo_synopsis();
    for _ in 0..20 {
        h.step();
    }
    for frame in 0..5 {
        h.step();
        assert!(!h.ctx.has_requested_repaint(), "idle frame {frame} asked for another: {:?}", h.ctx.repaint_causes());
    }
}
