//! Regressions from the new-user walks (issues 19 and 20), each a flow
//! through the real `App` that failed before its fix.

mod common;

use common::ui::{char_pos, drag, opened, write};
use egui::Key;
use egui_kittest::kittest::Queryable;
use synoptic::model::{Rgb, Tag};

const A: &str = "The ferry will resume service on Monday, the harbour master said.\n\nPassengers should expect delays during the first week.\n";
const B: &str =
    "Officials said the ferry would not run again before June.\n\nThe harbour master declined to comment.\n";

/// Select a passage and type into its note; a new drag-selection in another
/// pane must take the keyboard from the note, so that "1" tags the new
/// selection instead of landing in the old note.
#[test]
fn a_new_selection_takes_the_keyboard_from_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    let pane_of = |h: &egui_kittest::Harness<'static, synoptic::app::App>, s: &str| {
        h.state()
            .panes()
            .iter()
            .position(|p| h.state().text(p.doc).is_some_and(|t| t.text.as_str() == s))
            .expect("pane")
    };
    let (pa, pb) = (pane_of(&h, A), pane_of(&h, B));
    let (from, to) = (char_pos(&h, pa, 4), char_pos(&h, pa, 21));
    drag(&mut h, from, to);
    h.key_press(Key::Num1);
    h.run();
    let first = h.state().project().annotations().next().expect("first passage").id;
    // The user clicks into the note and types.
    h.get_by_label("Note on this passage").click();
    h.run();
    h.get_by_label("Note on this passage").type_text("quotes");
    h.run();
    assert_eq!(h.state().project().annotation(first).expect("first").note, "quotes", "note typed");

    // Now a drag across "ferry would" in the other pane, then "1".
    let (from, to) = (char_pos(&h, pb, 19), char_pos(&h, pb, 30));
    drag(&mut h, from, to);
    assert!(!h.ctx.egui_wants_keyboard_input(), "no text field keeps the keyboard after a new selection");
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().project().annotation(first).expect("first").note, "quotes", "the old note is untouched");
    let tagged: Vec<_> = h.state().project().annotations().filter(|x| x.id != first).collect();
    assert_eq!(tagged.len(), 1, "the new selection was tagged");
    assert_eq!(tagged[0].anchor.exact, "ferry would", "tagged what was selected");
}

/// The last character typed into a note and Esc in the same frame (a fast
/// typist): the character is kept and the note left.
#[test]
fn esc_right_after_the_last_key_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    let (from, to) = (char_pos(&h, 0, 4), char_pos(&h, 0, 21));
    drag(&mut h, from, to);
    h.key_press(Key::Num1);
    h.run();
    let id = h.state().project().annotations().next().expect("passage").id;
    h.key_press(Key::N);
    h.run();
    assert!(h.ctx.egui_wants_keyboard_input(), "N puts the keyboard in the note");
    h.event(egui::Event::Text("wagon note".into()));
    h.run();
    // Both in one frame (the harness would give each queued event a frame).
    let events = &mut h.input_mut().events;
    events.push(egui::Event::Text(".".into()));
    for pressed in [true, false] {
        events.push(egui::Event::Key {
            key: Key::Escape,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.step();
    h.run();
    assert_eq!(h.state().project().annotation(id).expect("passage").note, "wagon note.", "the last key kept");
    assert!(!h.ctx.egui_wants_keyboard_input(), "Esc left the note");
    assert_eq!(h.state().selected(), Some(id), "and the passage stays selected");
}

/// One click on a passage's quote in the notes list selects it (the
/// quote's text took the click for itself).
#[test]
fn a_click_on_a_listed_quote_selects_its_passage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    let (from, to) = (char_pos(&h, 0, 4), char_pos(&h, 0, 21));
    drag(&mut h, from, to);
    h.key_press(Key::Num1);
    h.run();
    let id = h.state().project().annotations().next().expect("passage").id;
    let quote = h.state().project().annotation(id).expect("passage").anchor.exact.clone();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selected(), None, "nothing selected");
    let at = h.get_by_label_contains(&quote).rect().center();
    h.event(egui::Event::PointerMoved(at));
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
    h.step();
    assert_eq!(h.state().selected(), Some(id), "the click selected the passage");
}

/// A selection left in a pane the user moved away from is not tagged by
/// keys meant for where they are now: another pane just opened, or
/// another view.
#[test]
fn keys_never_tag_a_selection_out_of_sight() {
    use synoptic::command::Command;
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    let doc = h.state().panes()[0].doc;
    let select = |h: &mut egui_kittest::Harness<'static, synoptic::app::App>| {
        h.state_mut().set_selection(Some(synoptic::ui::reader::Selection {
            doc,
            anchor: synoptic::model::CharIdx(4),
            head: synoptic::model::CharIdx(10),
        }));
    };
    // Another document opened: its pane is where the user is now.
    select(&mut h);
    let b = write(dir.path(), "b.txt", B);
    h.state_mut().open_documents(vec![b]);
    common::ui::settle(&mut h);
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().project().annotations().count(), 0, "nothing tagged in the pane left behind");
    // The Documents table: 1 does not tag the desk's selection.
    select(&mut h);
    h.state_mut().run_command(Command::DocumentsTable);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().project().annotations().count(), 0, "nothing tagged from another view");
    // Back on the desk, the selection is tagged.
    h.state_mut().run_command(Command::Back);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().project().annotations().count(), 1, "tagged where it is seen");
}

/// A script no font can show is named once, with the font package to
/// install, instead of silently drawing empty boxes; Latin text needs
/// nothing. (The test harness has only egui's own fonts: no Devanagari.)
#[test]
fn a_script_without_a_font_is_named_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let latin = write(dir.path(), "latin.txt", A);
    let hindi = write(dir.path(), "hindi.txt", "दिल्ली में पुल बंद\n\nनगर निगम ने कहा कि पुल छह सप्ताह तक बंद रहेगा।\n");
    let again = write(dir.path(), "again.txt", "दूसरा लेख\n\nपुल फिर से खुलेगा।\n");
    let mut h = opened(vec![latin]);
    // As in the app (the harness panics on a missing glyph instead).
    h.ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    h.run();
    assert!(
        !h.state().messages().iter().any(|m| m.contains("no installed font")),
        "Latin needs no font: {:?}",
        h.state().messages()
    );
    h.state_mut().open_documents(vec![hindi, again]);
    common::ui::settle(&mut h);
    h.run();
    let said: Vec<&String> = h.state().messages().iter().filter(|m| m.contains("no installed font")).collect();
    assert_eq!(said.len(), 1, "named once for both documents: {said:?}");
    assert!(said[0].contains("Devanagari") && said[0].contains("fonts-noto-core"), "{}", said[0]);
    assert!(said[0].starts_with("hindi.txt has"), "named by its file, not by a title it cannot show: {}", said[0]);
}

/// The tag picker (T) opens beside the passage being tagged, not over it.
#[test]
fn the_tag_picker_leaves_the_passage_in_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    let (from, to) = (char_pos(&h, 0, 4), char_pos(&h, 0, 21));
    drag(&mut h, from, to);
    h.key_press(Key::T);
    h.run();
    // The window's title: the window runs down from it.
    let title = h.get_by_label("Tag passage").rect();
    assert!(title.min.y > to.y.max(from.y), "the picker opens below the passage (near the top): {title:?}");
    assert!(title.min.y < to.y + 120.0, "just below it, where the eye is: {title:?}");
}

/// The harness with one document and the tags `names` (in codebook order).
fn with_tags(names: &[&str]) -> (tempfile::TempDir, egui_kittest::Harness<'static, synoptic::app::App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    for (i, n) in names.iter().enumerate() {
        let mut t = Tag::new(*n, Rgb::palette(i));
        t.order = h.state().project().codebook().next_order(None);
        common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(t));
    }
    (dir, h)
}

fn tag_names(h: &egui_kittest::Harness<'static, synoptic::app::App>) -> Vec<String> {
    h.state().project().codebook().tree().into_iter().map(|(_, t)| t.name.clone()).collect()
}

fn open_rename(h: &mut egui_kittest::Harness<'static, synoptic::app::App>, tag: &str) {
    h.get_by_label_contains(tag).click_secondary();
    h.run();
    h.get_by_label("Rename").click();
    h.run();
}

#[test]
fn renaming_a_tag_saves_on_enter_and_undoes_in_one_step() {
    let (_dir, mut h) = with_tags(&["Cost", "Safety"]);
    open_rename(&mut h, "Cost");
    assert!(h.ctx.egui_wants_keyboard_input(), "the rename field has the keyboard");
    h.event(egui::Event::Text("Money".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(tag_names(&h), ["Money", "Safety"], "renamed on Enter");
    assert!(!h.ctx.egui_wants_keyboard_input(), "the field closed");
    assert!(h.query_by_label_contains("Money").is_some(), "the codebook shows the new name");
    h.state_mut().act(synoptic::command::Action::Command(synoptic::command::Command::Undo));
    h.run();
    assert_eq!(tag_names(&h), ["Cost", "Safety"], "one undo step brings the old name back");
}

#[test]
fn esc_cancels_a_rename() {
    let (_dir, mut h) = with_tags(&["Cost", "Safety"]);
    open_rename(&mut h, "Cost");
    h.event(egui::Event::Text("Money".into()));
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(tag_names(&h), ["Cost", "Safety"], "Esc keeps the old name");
    assert!(!h.ctx.egui_wants_keyboard_input(), "the field closed");
    assert!(h.query_by_label("1 Cost  (0)").is_some(), "the codebook row is back");
}

#[test]
fn clicking_elsewhere_or_renaming_another_tag_saves_the_typed_name() {
    let (_dir, mut h) = with_tags(&["Cost", "Safety"]);
    open_rename(&mut h, "Cost");
    h.event(egui::Event::Text("Money".into()));
    h.run();
    // A click on the document text saves the name.
    let p = char_pos(&h, 0, 10);
    h.event(egui::Event::PointerMoved(p));
    h.run();
    common::ui::drag(&mut h, p, p + egui::vec2(1.0, 0.0));
    assert_eq!(tag_names(&h), ["Money", "Safety"], "a press elsewhere saves");
    // Open a rename on Safety, type, then open a rename on Money: the
    // first typed name is saved, not thrown away.
    open_rename(&mut h, "Safety");
    h.event(egui::Event::Text("Risk".into()));
    h.run();
    open_rename(&mut h, "Money");
    assert_eq!(tag_names(&h), ["Money", "Risk"], "renaming another tag saves the open rename");
    h.event(egui::Event::Text("Cash".into()));
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(tag_names(&h), ["Cash", "Risk"], "Tab leaves the field and saves");
    assert!(h.query_by_label("1 Cash  (0)").is_some(), "the codebook row is back");
}

fn wait_shared(h: &mut egui_kittest::Harness<'static, synoptic::app::App>) {
    let start = std::time::Instant::now();
    h.step();
    while h.state().finding_shared() || h.state().is_busy() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "detection did not finish");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// Shared passages are made for the documents there are: removing one
/// drops it from the clusters and the panes' marks, and undo brings it back.
#[test]
fn shared_passages_follow_the_documents_in_the_project() {
    use synoptic::command::{Action, Command};
    const SHARED: &str = "The committee voted on Tuesday to close the old harbour bridge for repairs until next spring, officials confirmed.";
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> = ["Radio North reports.", "From the wire:", "The Gazette learned that"]
        .iter()
        .enumerate()
        .map(|(i, lead)| write(dir.path(), &format!("{i}.txt"), &format!("{lead}\n\n{SHARED}\n\nOther matters {i}.\n")))
        .collect();
    let mut h = opened(paths);
    h.state_mut().run_command(Command::FindShared);
    wait_shared(&mut h);
    let docs: Vec<_> = h.state().project().documents().map(|d| (d.path.clone(), d.id)).collect();
    let gone = docs.iter().find(|(p, _)| p.ends_with("2.txt")).expect("2.txt").1;
    let r = h.state().shared_result().expect("shared passages found");
    assert_eq!(r.docs.len(), 3, "three documents compared");
    assert!(r.clusters.iter().any(|c| c.members.iter().any(|m| r.docs[m.doc] == gone)), "2.txt shares the passage");

    let remove = h.state().project().remove_document_edit(gone);
    h.state_mut().act(Action::Edit { edit: remove, label: "Remove".into(), merge: None });
    wait_shared(&mut h);
    let r = h.state().shared_result().expect("found again for the documents left");
    assert_eq!(r.docs.len(), 2, "the removed document is not compared");
    assert!(!r.docs.contains(&gone) && !r.by_doc.contains_key(&gone), "nothing of it is left");
    assert!(!r.clusters.is_empty(), "the two left still share the passage");
    assert!(h.query_by_label_contains("?:").is_none(), "no cluster entry of an unknown document");

    h.state_mut().act(Action::Command(Command::Undo));
    wait_shared(&mut h);
    let r = h.state().shared_result().expect("found again after undo");
    assert!(r.docs.contains(&gone), "undo brings the document back into the comparison");
}

/// The path dialog (when no system file dialog could open) is usable from
/// the keyboard alone: its field has the keyboard, Tab stays inside it,
/// Enter confirms and Esc cancels.
#[test]
fn the_path_dialog_works_from_the_keyboard() {
    use synoptic::command::{Action, Command};
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = common::ui::harness(vec![None, None]);
    h.run();
    h.state_mut().act(Action::Command(Command::OpenDocuments));
    h.run();
    assert!(h.query_by_label("Enter a path").is_some(), "the dialog is open");
    assert!(h.ctx.egui_wants_keyboard_input(), "its field has the keyboard at once");
    // Tab goes to the dialog's buttons and back, never to what is behind.
    for _ in 0..6 {
        h.key_press(Key::Tab);
        h.run();
        let inside = [
            h.get_by_label("Path of the file (for several documents, one per line):").is_focused(),
            h.get_by_label("Open").is_focused(),
            h.get_by_label("Cancel").is_focused(),
        ];
        assert_eq!(inside.iter().filter(|f| **f).count(), 1, "Tab keeps to the dialog's field and buttons");
        assert!(h.query_by_label("Enter a path").is_some(), "the dialog stays");
    }
    // Esc cancels.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Enter a path").is_none(), "Esc closed it");
    assert_eq!(h.state().project().documents().count(), 0, "nothing opened");
    // Again: two paths, Shift+Enter between them, then Enter.
    let b = write(dir.path(), "b.txt", B);
    h.state_mut().act(Action::Command(Command::OpenDocuments));
    h.run();
    h.event(egui::Event::Text(a.display().to_string()));
    // A quick Shift+Enter: Shift is down for the key only, not in the
    // frame's modifier state.
    h.event(egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::SHIFT,
    });
    h.run();
    assert!(h.query_by_label("Enter a path").is_some(), "Shift+Enter starts a line, the dialog stays");
    h.event(egui::Event::Text(b.display().to_string()));
    h.key_press(Key::Enter);
    common::ui::settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 2, "Enter opened both typed paths");
    assert!(h.query_by_label("Enter a path").is_none(), "and closed the dialog");
}

/// Add from URL: the field has the keyboard, Enter fetches.
#[test]
fn enter_fetches_the_typed_address() {
    use synoptic::command::{Action, Command};
    let (base, hits) = common::http::serve();
    let mut h = common::ui::harness(vec![]);
    h.run();
    h.state_mut().act(Action::Command(Command::AddFromUrl));
    h.run();
    assert!(h.ctx.egui_wants_keyboard_input(), "its field has the keyboard at once");
    h.event(egui::Event::Text(format!("{base}/versioned")));
    h.run();
    h.key_press(Key::Enter);
    common::ui::settle(&mut h);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1, "Enter fetched the page");
    assert_eq!(h.state().project().documents().count(), 1, "and added it");
    assert!(h.query_by_label("Add from URL").is_none(), "the dialog closed");
}

#[test]
fn esc_closes_an_open_menu_and_nothing_else() {
    let mut h = common::ui::harness(vec![]);
    h.run();
    h.get_by_label("File").click();
    h.run();
    assert!(h.query_by_label("Enter a path…").is_some(), "the File menu is open");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Enter a path…").is_none(), "Esc closed the menu");
}

fn docs_of_panes(h: &egui_kittest::Harness<'static, synoptic::app::App>) -> Vec<String> {
    h.state()
        .panes()
        .iter()
        .map(|p| h.state().project().document(p.doc).expect("doc").path.rsplit('/').next().expect("name").to_owned())
        .collect()
}

/// Files opened together get panes in the order given, whichever is read
/// first: a big file named first is still the first pane.
#[test]
fn panes_come_in_the_order_the_files_were_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = "A long paragraph of a book that takes a while to read and index. ".repeat(60_000);
    let paths =
        vec![write(dir.path(), "big.txt", &big), write(dir.path(), "small.txt", A), write(dir.path(), "other.txt", B)];
    let h = opened(paths);
    assert_eq!(docs_of_panes(&h), ["big.txt", "small.txt", "other.txt"], "the order given");
}

/// With six panes open, a document opened next gets a pane too, and the
/// desk scrolls so that it is on screen; a pane shown from the Documents
/// table is brought into view as well.
#[test]
fn what_was_just_opened_is_on_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> =
        (0..6).map(|i| write(dir.path(), &format!("d{i}.txt"), &format!("Document number {i}.\n"))).collect();
    let mut h = opened(paths);
    assert_eq!(h.state().panes().len(), 6, "six panes");
    let extra = write(dir.path(), "extra.txt", A);
    h.state_mut().open_documents(vec![extra]);
    common::ui::settle(&mut h);
    h.run();
    assert_eq!(h.state().panes().len(), 7, "the document opened has a pane");
    assert_eq!(docs_of_panes(&h)[6], "extra.txt", "at the end of the desk");
    let screen = h.ctx.content_rect();
    let r = h.state().pane_rects()[6];
    assert!(r.min.x >= screen.min.x && r.max.x <= screen.max.x + 1.0, "the new pane is on screen: {r:?} in {screen:?}");
    // Scroll back to the first pane by showing it, as the Documents table's
    // Show does: it comes into view.
    let first = h.state().panes()[0].doc;
    h.state_mut().act(synoptic::command::Action::ShowDocument(first));
    h.run();
    let r = h.state().pane_rects()[0];
    assert!(r.min.x >= screen.min.x - 1.0 && r.max.x <= screen.max.x + 1.0, "the first pane is back in view: {r:?}");
}

/// Panes past the desk's width: once the desk rests after a sideways
/// scroll, no pane is cut at its edges.
#[test]
fn a_desk_at_rest_shows_whole_panes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> =
        (0..7).map(|i| write(dir.path(), &format!("d{i}.txt"), &format!("Document number {i}.\n"))).collect();
    let mut h = opened(paths);
    h.run();
    let cut = |h: &egui_kittest::Harness<'static, synoptic::app::App>| {
        let d = h.state().desk_rect();
        h.state()
            .pane_rects()
            .iter()
            .filter(|r| {
                (r.min.x < d.min.x - 0.5 && r.max.x > d.min.x + 0.5)
                    || (r.min.x < d.max.x - 0.5 && r.max.x > d.max.x + 0.5)
            })
            .count()
    };
    for dx in [-140.0, 90.0, -400.0] {
        let over = h.state().desk_rect().center();
        h.event(egui::Event::PointerMoved(over));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(dx, 0.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
        for _ in 0..8 {
            h.step();
        }
        assert_eq!(
            cut(&h),
            0,
            "after scrolling by {dx}: panes {:?} in {:?}",
            h.state().pane_rects(),
            h.state().desk_rect()
        );
    }
    // The sideways scrollbar has a lane of its own below the panes' text.
    let d = h.state().desk_rect();
    for r in h.state().pane_rects() {
        assert!(r.max.y <= d.max.y - 4.0, "a pane ends above the scrollbar: {r:?} in {d:?}");
    }
}

/// Focus mode (Ctrl+E) shows the pane the user last clicked in, not the one
/// of an earlier selected passage.
#[test]
fn focus_mode_takes_the_pane_last_clicked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    // A passage in the first pane, selected.
    let (from, to) = (char_pos(&h, 0, 4), char_pos(&h, 0, 21));
    drag(&mut h, from, to);
    h.key_press(Key::Num1);
    h.run();
    assert!(h.state().selected().is_some(), "a passage is selected");
    // One click in the second pane's text, then Ctrl+E.
    let p = char_pos(&h, 1, 5);
    common::ui::click(&mut h, p);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.state().focus_mode(), "focus mode on");
    let rects = h.state().pane_rects();
    assert!(rects[1].is_positive() && !rects[0].is_positive(), "the clicked pane alone: {rects:?}");
}

/// The demo at the first window's size (1400×860): its three panes are
/// whole between the side panels, none cut off under the notes panel; a
/// long title does not widen the panel over them.
#[test]
fn the_demo_fits_the_first_window_and_long_titles_do_not_widen_the_panel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let app = synoptic::app::App::new(
        Box::new(synoptic::ui::dialogs::ScriptedDialogs::new(vec![])),
        synoptic::app::Settings::default(),
    );
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 860.0])
        .build_ui_state(|ui, app: &mut synoptic::app::App| app.frame_ui(ui), app);
    h.state_mut().open_project(project);
    common::ui::settle(&mut h);
    assert_eq!(h.state().panes().len(), 3, "the demo's three panes");
    let panel_left = h.get_by_label("Notes").rect().min.x;
    for r in h.state().pane_rects() {
        assert!(r.max.x <= panel_left, "pane {r:?} runs under the notes panel (from x = {panel_left})");
        assert!(r.width() >= 250.0, "pane {r:?} narrower than a readable measure");
    }
    // The Documents list: one row per document, one under the other.
    let rows: Vec<egui::Rect> = h.get_all_by_label("Show").map(|n| n.rect()).collect();
    assert_eq!(rows.len(), 3, "a row per document");
    for w in rows.windows(2) {
        assert!(w[1].min.y - w[0].min.y < 30.0, "rows follow each other: {rows:?}");
    }
    // A very long title in the Documents list of the Notes tab.
    let doc = h.state().project().documents().next().expect("doc").id;
    let long = "A headline that goes on and on about the bridge and the council and the cables ".repeat(4);
    let e = h.state().project().update_document_edit(doc, |d| d.meta.title.clone_from(&long)).expect("edit");
    common::ui::apply(&mut h, e);
    h.run();
    let after = h.get_by_label("Notes").rect().min.x;
    assert!((after - panel_left).abs() < 1.0, "the panel kept its width: {panel_left} -> {after}");
}

/// A damaged project file offers its newest good backup; opening it brings
/// the work back without writing anything until the user saves.
#[test]
fn a_damaged_project_offers_its_latest_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::ui::copy_demo(dir.path());
    let p = synoptic::io::project_file::load(&path).expect("load").project;
    synoptic::io::project_file::save(&p, &path).expect("save");
    synoptic::io::project_file::save(&p, &path).expect("save again");
    let text = std::fs::read_to_string(&path).expect("read");
    let damaged = &text[..text.len() / 2];
    std::fs::write(&path, damaged).expect("damage");
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(path.clone());
    common::ui::settle(&mut h);
    let button = h.get_by_label_contains("Open the backup of");
    button.click();
    common::ui::settle(&mut h);
    assert_eq!(h.state().project().annotations().count(), 13, "the backup's passages are back");
    assert_eq!(h.state().path(), Some(path.as_path()), "in place of the damaged file");
    assert!(h.state().is_dirty(), "to be saved");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), damaged, "nothing written before a save");
}

/// The first Save of a new project, with no file dialog: the typed-path
/// field suggests a name made of the first document's title in its folder,
/// Enter saves there, and the status bar says where.
#[test]
fn the_first_save_suggests_a_name_and_enter_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", "Ferry service resumes\n\nThe ferry will run again on Monday.\n");
    // More documents after it: the name comes from the first pane's.
    let mut files = vec![a];
    for (i, t) in ["Bridge repairs", "Council statement", "Traders count the cost"].iter().enumerate() {
        files.push(write(dir.path(), &format!("z{i}.txt"), &format!("{t}\n\nText.\n")));
    }
    let mut h = common::ui::harness(vec![None]);
    h.state_mut().open_documents(files);
    common::ui::settle(&mut h);
    h.state_mut().run_command(synoptic::command::Command::Save);
    h.run();
    let expected = dir.path().join("ferry-service-resumes.synoptic.ron");
    let field = h.get_by_label("Save the project as:");
    assert_eq!(field.value().as_deref(), Some(expected.display().to_string().as_str()), "suggested path");
    h.key_press(Key::Enter);
    h.run();
    assert!(expected.is_file(), "saved where suggested");
    assert_eq!(h.state().path(), Some(expected.as_path()));
    h.get_by_label_contains(&format!("Saved to {}", expected.display()));
}

/// Panes opened or closed after the last save come back as they were left
/// when the project is opened again, and the project is not marked changed.
#[test]
fn the_desk_is_remembered_per_project_without_marking_it_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project.clone());
    common::ui::settle(&mut h);
    let saved: Vec<_> = h.state().panes().iter().map(|p| p.doc).collect();
    assert_eq!(saved.len(), 3, "the demo's panes");
    // Close the first pane; nothing is saved.
    h.state_mut().act(synoptic::command::Action::ClosePaneAt(0));
    h.run();
    assert!(!h.state().is_dirty(), "closing a pane changes no data");
    // The window closes (eframe keeps the settings), and a new one opens the project.
    h.state_mut().remember_desk();
    let settings = h.state().settings().clone();
    let app = synoptic::app::App::new(Box::new(synoptic::ui::dialogs::ScriptedDialogs::new(vec![])), settings);
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut synoptic::app::App| app.frame_ui(ui), app);
    // Named another way this time (as from another folder).
    let again = project.parent().expect("dir").join(".").join(project.file_name().expect("name"));
    h.state_mut().open_project(again);
    common::ui::settle(&mut h);
    let now: Vec<_> = h.state().panes().iter().map(|p| p.doc).collect();
    assert_eq!(now, saved[1..].to_vec(), "the desk as it was left");
    assert!(!h.state().is_dirty(), "not marked changed");
}

/// Help › Keyboard shortcuts (F1) opens a sheet made from the command
/// table whose filter has the keyboard; Esc closes it.
#[test]
fn f1_opens_a_searchable_shortcut_sheet() {
    let mut h = common::ui::harness(vec![]);
    h.run();
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_all_by_label("Keyboard shortcuts").next().is_some(), "the sheet's tab");
    h.get_by_label("Find shared passages");
    assert!(h.ctx.egui_wants_keyboard_input(), "the filter has the keyboard");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find a shortcut:").type_text("compare next");
    h.run();
    h.get_by_label("Next difference");
    assert!(h.query_by_label("Find shared passages").is_none(), "filtered out");
    // Esc in the filter closes the window at once.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Next difference").is_none(), "closed");
}

/// Document commands (Fetch again, Re-import) act on the pane the user is
/// in, not on the selected passage's document, and the File menu names it.
#[test]
fn document_commands_name_the_focused_panes_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    // A passage tagged and selected in the first pane.
    let (from, to) = (char_pos(&h, 0, 4), char_pos(&h, 0, 21));
    drag(&mut h, from, to);
    h.key_press(Key::Num1);
    h.run();
    assert!(h.state().selected().is_some(), "a passage is selected");
    // One click in the second pane.
    let p = char_pos(&h, 1, 5);
    common::ui::click(&mut h, p);
    let second = h.state().project().document(h.state().panes()[1].doc).expect("doc").meta.title.clone();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains(&format!("Re-import from original: {second}"));
    h.get_by_label_contains(&format!("Fetch again (new version): {second}"));
}

/// Compare (Ctrl+D) offers the likely pair: of three open documents, the
/// two that are versions of one text, not the first two panes.
#[test]
fn compare_offers_the_two_most_alike_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let edited = A.replace("on Monday", "on Tuesday").replace("first week", "first two weeks");
    let c = write(dir.path(), "c.txt", &edited);
    let mut h = opened(vec![a, b, c]);
    let doc_of = |h: &egui_kittest::Harness<'static, synoptic::app::App>, s: &str| {
        h.state().project().documents().find(|d| d.path.ends_with(s)).expect("doc").id
    };
    let (da, dc) = (doc_of(&h, "a.txt"), doc_of(&h, "c.txt"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::D);
    h.run();
    h.get_by_label("Compare side by side").click();
    h.step();
    h.step();
    let cmp = h.state().compare_view().expect("compare opened");
    assert_eq!((cmp.a, cmp.b), (da, dc), "the two versions of one text");
}

/// Linking a shared-passage cluster asks for the relation and reuses the
/// passage the user already coded around the shared words instead of
/// laying a new untagged one on top of it; a cluster's Tag… menu makes a
/// new tag too.
#[test]
fn a_cluster_link_asks_for_the_relation_and_reuses_the_coded_passage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = "The mayor said that nobody will walk across that old bridge again before the end of this year.";
    let ta = format!("Opening words of the first report.\n\nIn short: {shared} Then the first report goes on.\n");
    let tb = format!("The second report starts elsewhere entirely.\n\n{shared}\n\nIt ends here.\n");
    let a = write(dir.path(), "a.txt", &ta);
    let b = write(dir.path(), "b.txt", &tb);
    let mut h = opened(vec![a, b]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Mayor", Rgb::palette(0))));
    let tag = h.state().project().codebook().iter().next().expect("tag").id;
    let da = h.state().project().documents().find(|d| d.path.ends_with("a.txt")).expect("a").id;
    // The user coded "In short: …year." in the first report.
    let text = h.state().text(da).expect("text").text.clone();
    let start = ta.find("In short").expect("start");
    let end = ta.find(" Then").expect("end");
    let range = synoptic::model::CharRange::new(ta[..start].chars().count(), ta[..end].chars().count());
    let mut coded = synoptic::model::Annotation::new(da, synoptic::model::Anchor::from_text(&text, range));
    coded.tags.insert(tag);
    let coded_id = coded.id;
    common::ui::apply(&mut h, synoptic::model::Project::add_annotation_edit(coded));
    h.state_mut().act(synoptic::command::Action::FindShared);
    common::ui::settle(&mut h);
    let result = h.state().shared_result().expect("detection ran");
    assert_eq!(result.clusters.len(), 1, "one shared sentence");
    h.state_mut().act(synoptic::command::Action::LinkCluster(0));
    h.run();
    h.get_by_label("Link passages");
    h.get_by_label("Link").click();
    h.run();
    let p = h.state().project();
    let link = p.links().next().expect("linked");
    assert!(link.from == coded_id || link.to == coded_id, "the coded passage is an end");
    assert_eq!(p.annotations().count(), 2, "one new passage, in the second report only");
    // Tag… › New tag: made and applied to both ends.
    h.get_by_label_contains("Shared (").click();
    h.run();
    h.get_by_label("Tag…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "New tag:").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "New tag:").type_text("Bridge quote");
    h.key_press(Key::Enter);
    h.run();
    let p = h.state().project();
    let new = p.codebook().iter().find(|t| t.name == "Bridge quote").expect("new tag").id;
    assert_eq!(p.annotations().filter(|a| a.tags.contains(&new)).count(), 2, "both places tagged");
    assert_eq!(p.annotations().count(), 2, "still no passage on top of another");
}

/// Keyboard only: Ctrl+Alt+→ gives the next pane the keyboard, Shift+arrows
/// (Ctrl for words) select from a caret at its first visible character, a
/// number key tags the selection; Ctrl+Alt+← goes back.
#[test]
fn keyboard_only_moves_between_panes_selects_and_tags() {
    fn tagged_id(h: &egui_kittest::Harness<'static, synoptic::app::App>) -> synoptic::model::AnnotationId {
        h.state().project().annotations().next().expect("a passage").id
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    let ctrl_alt = egui::Modifiers::COMMAND | egui::Modifiers::ALT;
    h.key_press_modifiers(ctrl_alt, Key::ArrowRight);
    h.run();
    let second = h.state().panes()[1].doc;
    // "Officials said" by words, then one character back and one on.
    let word_shift = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    h.key_press_modifiers(word_shift, Key::ArrowRight);
    h.key_press_modifiers(word_shift, Key::ArrowRight);
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    let sel = h.state().selection().expect("a selection");
    assert_eq!(sel.doc, second, "in the pane that has the keyboard");
    assert_eq!((sel.range().start.0, sel.range().end.0), (0, 14), "“Officials said”");
    h.key_press(Key::Num1);
    h.run();
    let tagged: Vec<_> = h.state().project().annotations().collect();
    assert_eq!(tagged.len(), 1, "tagged from the keyboard");
    assert_eq!(tagged[0].anchor.exact, "Officials said");
    assert_eq!(tagged[0].doc, second);
    // N: the keyboard goes to the passage's note; Esc gives it back.
    h.key_press(Key::N);
    h.run();
    assert!(h.ctx.egui_wants_keyboard_input(), "the Note field has the keyboard");
    h.event(egui::Event::Text("their words".into()));
    h.run();
    let first = tagged_id(&h);
    assert_eq!(h.state().project().annotation(first).expect("passage").note, "their words", "typed into the note");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.ctx.egui_wants_keyboard_input(), "Esc left the field");
    // Back to the first pane: a plain arrow puts the caret there.
    h.key_press_modifiers(ctrl_alt, Key::ArrowLeft);
    h.run();
    h.key_press(Key::ArrowRight);
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowDown);
    h.run();
    let sel = h.state().selection().expect("caret");
    assert_eq!(sel.doc, h.state().panes()[0].doc, "the first pane has the keyboard again");
    assert_eq!(sel.anchor.0, 1, "one character on from the top");
    assert!(sel.head.0 > 1, "Shift+↓ selects on to the next row or paragraph");
}

/// Coding passage after passage from the keyboard: after a tag, the next
/// Shift+arrow selects on from the end of the passage just tagged, not
/// from the top of the pane.
#[test]
fn the_caret_goes_on_from_the_passage_just_tagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![b]);
    common::ui::apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Ferry", Rgb::palette(0))));
    let word_shift = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    h.key_press_modifiers(word_shift, Key::ArrowRight);
    h.key_press_modifiers(word_shift, Key::ArrowRight);
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().project().annotations().count(), 1, "tagged");
    let end = h.state().project().annotations().next().expect("passage").anchor.range.end.0;
    h.key_press_modifiers(word_shift, Key::ArrowRight);
    h.run();
    let sel = h.state().selection().expect("a new selection");
    assert_eq!(sel.anchor.0, end, "it starts where the tagged passage ended");
    assert!(sel.head.0 > end, "and runs on");
}

/// The notes panel's list of documents scrolls: with more documents than
/// fit, the last one can be reached.
#[test]
fn every_document_in_the_side_list_can_be_reached() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> = (0..40)
        .map(|i| write(dir.path(), &format!("d{i:02}.txt"), &format!("Story number {i:02} today\n\nText.\n")))
        .collect();
    let mut h = opened(paths);
    h.run();
    // The side list's entry: the one furthest right (a pane's header may
    // carry the same title).
    let side = |h: &egui_kittest::Harness<'static, synoptic::app::App>, t: &str| {
        h.get_all_by_label_contains(t).map(|n| n.rect()).max_by(|a, b| a.left().total_cmp(&b.left())).expect("listed")
    };
    let at = side(&h, "Story number 39 today").center();
    let bottom = h.ctx.content_rect().bottom();
    if at.y > bottom {
        // Scroll the list (the wheel over it) until the last one shows.
        let over = side(&h, "Story number 00 today").center();
        for _ in 0..20 {
            h.event(egui::Event::PointerMoved(over));
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -300.0),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            h.step();
        }
        h.step();
    }
    let r = side(&h, "Story number 39 today");
    assert!(
        r.bottom() <= bottom + 1.0 && r.top() >= 0.0,
        "the last document is on screen: {r:?} (window bottom {bottom})"
    );
}

/// Keyboard users reach the Documents table's rows with Tab (each shows a
/// focus ring) and select one with Space.
#[test]
fn documents_table_rows_are_reached_with_tab() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project);
    common::ui::settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::K);
    h.run();
    let mut reached = false;
    for _ in 0..80 {
        h.key_press(Key::Tab);
        h.run();
        if h.get_all_by_role(egui::accesskit::Role::Row).any(|r| r.is_focused()) {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches a row of the table");
    h.key_press(Key::Space);
    h.run();
    h.get_by_label_contains("· 1 selected");
}

/// The caret goes down row by row through a wrapped paragraph (at a wrap it
/// stands at the start of the next row, not stuck at the end of the last).
#[test]
fn the_caret_goes_down_through_wrapped_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "The harbour master said the ferry would resume service on Monday morning. ".repeat(12);
    let a = write(dir.path(), "long.txt", &format!("{long}\n\nA second paragraph.\n"));
    let mut h = opened(vec![a]);
    h.key_press(Key::ArrowRight);
    h.key_press(Key::ArrowLeft);
    h.run();
    let mut last = h.state().selection().expect("caret").head.0;
    assert_eq!(last, 0, "the caret starts at the top");
    for step in 1..=4 {
        h.key_press(Key::ArrowDown);
        h.run();
        let now = h.state().selection().expect("caret").head.0;
        assert!(now > last, "Down {step} moved on: {last} -> {now}");
        assert!(now < long.len(), "still in the wrapped paragraph");
        last = now;
    }
    // Home keeps the caret on its row: Down from there moves on again.
    h.key_press(Key::Home);
    h.run();
    let home = h.state().selection().expect("caret").head.0;
    h.key_press(Key::ArrowDown);
    h.run();
    assert!(h.state().selection().expect("caret").head.0 > home, "Down after Home moves on");
}

/// With no pane focused yet (a project just opened), the first Ctrl+Alt+→
/// gives the keyboard to the first pane, not the second.
#[test]
fn the_first_pane_command_focuses_the_first_pane() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project);
    common::ui::settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::ALT, Key::ArrowRight);
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    let sel = h.state().selection().expect("a selection");
    assert_eq!(sel.doc, h.state().panes()[0].doc, "the first pane has the keyboard");
}

/// Discarding the changes removes the text snapshot written for a page
/// opened since the last save: nothing is left that the saved project does
/// not know.
#[test]
fn discarding_changes_removes_the_snapshots_written_for_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let page = dir.path().join("article.html");
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/article.html"), &page)
        .expect("copy page");
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project.clone());
    common::ui::settle(&mut h);
    h.state_mut().open_documents(vec![page.clone()]);
    common::ui::settle(&mut h);
    let sources = synoptic::io::snapshot::sources_dir(&project);
    let written: Vec<_> = std::fs::read_dir(&sources).expect("sources folder").flatten().map(|e| e.path()).collect();
    assert_eq!(written.len(), 1, "the page's text snapshot: {written:?}");
    h.state_mut().run_command(synoptic::command::Command::NewProject);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(!written[0].exists(), "the snapshot went with the discarded changes");
    assert!(page.exists(), "the original is never touched");
    assert_eq!(h.state().project().documents().count(), 0, "a new project");
}

/// The link dialog (L, another selection, L) has the keyboard in its note
/// field at once; Ctrl+Enter links with the note typed.
#[test]
fn the_link_dialog_takes_the_note_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let mut h = opened(vec![a, b]);
    let (from, to) = (char_pos(&h, 0, 4), char_pos(&h, 0, 21));
    drag(&mut h, from, to);
    h.key_press(Key::L);
    h.run();
    let (from, to) = (char_pos(&h, 1, 19), char_pos(&h, 1, 30));
    drag(&mut h, from, to);
    h.key_press(Key::L);
    h.run();
    h.get_by_label("Link passages");
    assert!(h.ctx.egui_wants_keyboard_input(), "the note field has the keyboard");
    h.event(egui::Event::Text("two accounts of the ferry".into()));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    h.run();
    let links: Vec<_> = h.state().project().links().collect();
    assert_eq!(links.len(), 1, "linked");
    assert_eq!(links[0].note, "two accounts of the ferry", "with the note typed");
}

/// A document added after the last save and brought back by Restore (the
/// window was killed) is read and shown in a pane, not left "missing", and
/// reading it adds no undo step.
#[test]
fn a_restored_document_is_read_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let extra = write(dir.path(), "extra.txt", "Ferry notes\n\nThe ferry runs again on Monday.\n");
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project.clone());
    common::ui::settle(&mut h);
    h.state_mut().open_documents(vec![extra]);
    common::ui::settle(&mut h);
    let recovery = synoptic::app::recovery_path(&project);
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&recovery).is_ok_and(|t| t.contains("extra.txt")) {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the recovery copy never came");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    drop(h);
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project);
    common::ui::settle(&mut h);
    h.get_by_label("Restore").click();
    common::ui::settle(&mut h);
    let doc = h.state().project().documents().find(|d| d.path.ends_with("extra.txt")).expect("restored").id;
    assert!(h.state().text(doc).is_some(), "its text was read");
    assert!(h.state().panes().iter().any(|p| p.doc == doc), "and it has a pane");
    assert_eq!(h.state().undo_label(), None, "reading it is no change to undo");
}
