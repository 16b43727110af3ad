//! UI flows driving the real `App` with `egui_kittest` (no GPU): open
//! documents through a scripted file chooser, drag-select, tag, write a note,
//! undo and redo, save, reopen; review after a source changed; the
//! unsaved-changes prompt.

mod common;

use std::time::{Duration, Instant};

use common::ui::{apply, char_pos, drag, harness, opened, settle, write};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use synoptic::app::{App, Settings};
use synoptic::command::{Action, Command};
use synoptic::model::{AnchorStatus, CharIdx, CharRange, Rgb, Tag};
use synoptic::ui::dialogs::ScriptedDialogs;

const A: &str = "The ferry will resume service on Monday, the harbour master said.\n\nPassengers should expect delays during the first week.\n";
const B: &str =
    "Officials said the ferry would not run again before June.\n\nThe harbour master declined to comment.\n";

#[test]
fn open_select_tag_note_undo_save_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let b = write(dir.path(), "b.txt", B);
    let project_path = dir.path().join("flow.synoptic.ron");
    let mut h = harness(vec![Some(vec![a.clone(), b.clone()]), Some(vec![project_path.clone()])]);
    h.run();
    // Open two documents through the (scripted) file chooser.
    h.get_by_label("Open documents…").click();
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 2, "two documents");
    assert_eq!(h.state().panes().len(), 2, "two panes");
    let first = h
        .state()
        .panes()
        .iter()
        .position(|p| h.state().text(p.doc).is_some_and(|t| t.text.as_str() == A))
        .expect("pane of a.txt");

    // A tag to apply (Ctrl+Shift+T makes one).
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    h.run();
    assert_eq!(h.state().project().codebook().len(), 1, "tag created");

    // Drag across "ferry will resume" (chars 4..21) in a.txt.
    let (from, to) = (char_pos(&h, first, 4), char_pos(&h, first, 21));
    drag(&mut h, from, to);
    let sel = h.state().selection().expect("a selection");
    assert_eq!(sel.range(), CharRange::new(4, 21), "selected by dragging");

    // Press 1: the passage is tagged with the first tag.
    h.key_press(Key::Num1);
    h.run();
    let ann = h.state().project().annotations().next().expect("annotation made").clone();
    assert_eq!(ann.anchor.exact, "ferry will resume", "quote");
    assert_eq!(ann.tags.len(), 1, "tagged");
    assert_eq!(h.state().selected(), Some(ann.id), "new annotation selected");

    // Type a note in the editor.
    let note = h.get_by_label("Note on this passage");
    note.focus();
    note.type_text("Contradicted by b.txt");
    h.run();
    assert_eq!(h.state().project().annotation(ann.id).expect("ann").note, "Contradicted by b.txt", "note typed");

    // Undo: the whole burst of typing goes at once; redo brings it back.
    h.state_mut().act(Action::Command(Command::Undo));
    h.run();
    assert_eq!(h.state().project().annotation(ann.id).expect("ann").note, "", "note undone in one step");
    h.state_mut().act(Action::Command(Command::Redo));
    h.run();
    assert_eq!(h.state().project().annotation(ann.id).expect("ann").note, "Contradicted by b.txt", "redone");

    // Save (Ctrl+S with no file yet asks where: scripted answer).
    h.state_mut().act(Action::Command(Command::Save));
    h.run();
    assert!(project_path.exists(), "saved");
    assert!(!h.state().is_dirty(), "clean after save");
    let text = std::fs::read_to_string(&project_path).expect("read");
    assert!(text.contains("path: \"a.txt\"") && text.contains("path: \"b.txt\""), "relative paths:\n{text}");

    // Reopen in a fresh app: the same project.
    let mut h2 = harness(vec![]);
    h2.state_mut().open_project(project_path.clone());
    settle(&mut h2);
    assert_eq!(h2.state().project(), h.state().project(), "reopened exactly");
    assert_eq!(h2.state().panes().len(), 2, "panes restored");
    assert!(!h2.state().is_dirty(), "nothing to save after reopening");
}

#[test]
fn changed_source_shows_the_review_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let project_path = dir.path().join("p.synoptic.ron");
    let mut h = opened(vec![a.clone()]);
    let doc = h.state().project().documents().next().expect("doc").id;
    h.state_mut().set_selection(Some(synoptic::ui::reader::Selection { doc, anchor: CharIdx(68), head: CharIdx(79) }));
    let tag = Tag::new("Delay", Rgb::palette(0));
    let tag_id = tag.id;
    apply(&mut h, synoptic::model::Project::add_tag_edit(tag));
    h.state_mut().act(Action::ApplyTag(tag_id));
    assert!(h.state_mut().save_to(&project_path), "saved");
    // The passage "Passengers" is deleted from the source.
    std::fs::write(&a, A.replace("Passengers should expect delays during the first week.\n", "")).expect("edit source");
    let mut h2 = harness(vec![]);
    h2.state_mut().open_project(project_path);
    settle(&mut h2);
    let ann = h2.state().project().annotations().next().expect("kept");
    assert_eq!(ann.status, AnchorStatus::Orphaned, "orphaned");
    h2.get_by_label_contains("Needs review (1)");
    h2.get_by_label("Re-attach to selection");
    assert!(h2.state().is_dirty(), "re-anchoring changed the project");
}

#[test]
fn unsaved_changes_prompt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    assert!(h.state().is_dirty(), "a new document is a change");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Save changes?").is_none(), "prompt closed");
    assert!(h.state().is_dirty(), "still dirty after cancel");
    assert_eq!(h.state().project().documents().count(), 1, "nothing lost");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(!h.state().is_dirty(), "discarded");
}

#[test]
fn recovery_copy_is_written_and_offered_after_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let project_path = dir.path().join("r.synoptic.ron");
    let mut h = opened(vec![a]);
    assert!(h.state_mut().save_to(&project_path), "saved");
    let memo = synoptic::model::Memo::new("Unsaved thought", "written after the last save");
    apply(&mut h, synoptic::model::Project::add_memo_edit(memo));
    assert!(h.state().is_dirty(), "unsaved change");
    let recovery = synoptic::app::recovery_path(&project_path);
    // Two simulated seconds of an open window (kittest steps 1/4 s): the
    // copy is due a second after the change, and is written by a worker
    // thread (waited for in real time, without more simulated time).
    const { assert!(synoptic::app::AUTOSAVE_SECS <= 1.0, "test assumes a copy within a second") };
    let wait_for = |what: &str| {
        let start = Instant::now();
        while !std::fs::read_to_string(&recovery).is_ok_and(|t| t.contains(what)) {
            assert!(start.elapsed() < Duration::from_secs(20), "{what:?} never reached the recovery copy");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    for _ in 0..8 {
        h.step();
    }
    wait_for("Unsaved thought");
    // A second change after the first copy is in the copy two seconds later.
    std::thread::sleep(Duration::from_millis(200));
    h.step();
    let later = synoptic::model::Memo::new("Second thought", "also unsaved");
    apply(&mut h, synoptic::model::Project::add_memo_edit(later));
    for _ in 0..8 {
        h.step();
    }
    wait_for("Second thought");
    let saved = std::fs::read_to_string(&project_path).expect("project");
    assert!(!saved.contains("Unsaved thought"), "the project file itself is untouched");
    // The app is killed (dropped without saving); the next open offers the copy.
    drop(h);
    let mut h2 = harness(vec![]);
    h2.state_mut().open_project(project_path.clone());
    settle(&mut h2);
    h2.get_by_label("Restore unsaved work?");
    h2.get_by_label("Restore").click();
    h2.run();
    assert!(h2.state().project().memos().any(|m| m.title == "Unsaved thought"), "work restored");
    assert!(h2.state().is_dirty(), "restored work is unsaved until saved");
    assert!(h2.state_mut().save(), "saved");
    assert!(!recovery.exists(), "a real save removes the recovery copy");
}

#[test]
fn accented_greek_and_cyrillic_render_and_other_scripts_never_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The harness panics on any glyph no font can draw: these must render.
    let europe = write(
        dir.path(),
        "europe.txt",
        "Hélène, naïve, Ærøskøbing, Łódź, ¿qué?\n\nΕλληνικά: Ζεύς.\n\nКириллица: Жизнь и судьба.\n",
    );
    let h = opened(vec![europe]);
    assert_eq!(h.state().panes().len(), 1, "shown");
    // Scripts the bundled fonts lack show as boxes (or via a system font),
    // never as a crash: the app runs with the tofu policy.
    let asia = write(dir.path(), "asia.txt", "中文新闻报道。\n\nالعربية\n\n日本語のテキスト\n");
    let app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    let mut h2 = Harness::builder()
        .with_size([1200.0, 800.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    h2.state_mut().open_documents(vec![asia]);
    settle(&mut h2);
    assert_eq!(h2.state().project().documents().count(), 1, "opened");
}

#[test]
fn document_record_and_notes_are_editable_and_undoable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    // The title is also the pane's header; the documents list entry is the clickable one.
    let entry = h.get_all_by_label("a.txt").find(|n| n.rect().min.x > 900.0).expect("list entry in the right panel");
    entry.click();
    h.run();
    let outlet = h.get_by_label("Outlet or source");
    outlet.focus();
    outlet.type_text("Harbour Herald");
    h.run();
    let doc = h.state().project().documents().next().expect("doc").clone();
    assert_eq!(doc.meta.source, "Harbour Herald", "outlet typed");
    h.state_mut().act(Action::Command(Command::Undo));
    h.run();
    assert_eq!(h.state().project().documents().next().expect("doc").meta.source, "", "undone in one step");
}

#[test]
fn page_keys_scroll_the_pane() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "A paragraph of a long report on the harbour and its ferries.\n\n".repeat(400);
    let a = write(dir.path(), "long.txt", &long);
    let mut h = opened(vec![a]);
    assert!(h.state().panes()[0].offset < 1.0, "starts at the top");
    h.key_press(Key::PageDown);
    h.run_steps(12);
    let after = h.state().panes()[0].offset;
    assert!(after > 300.0, "a screen down: {after}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run_steps(12);
    assert!(h.state().panes()[0].offset > after, "at the end");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    h.run_steps(12);
    assert!(h.state().panes()[0].offset < 1.0, "back at the top");
}

#[test]
fn save_in_the_prompt_of_a_never_saved_project_saves_then_carries_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let project_path = dir.path().join("first.synoptic.ron");
    let mut h = harness(vec![Some(vec![project_path.clone()])]);
    h.state_mut().open_documents(vec![a]);
    settle(&mut h);
    // New project (Ctrl+N) with unsaved work: Save asks where, saves, then
    // starts the new project as asked.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.run();
    assert!(project_path.exists(), "saved where the dialog said");
    let saved = synoptic::io::project_file::load(&project_path).expect("load");
    assert_eq!(saved.project.documents().count(), 1, "the work is in the file");
    assert_eq!(h.state().project().documents().count(), 0, "then the new, empty project");
    assert!(h.state().path().is_none(), "untitled");
}

#[test]
fn dragging_a_tag_onto_another_nests_it_and_undo_unnests() {
    let mut h = harness(vec![]);
    h.run();
    for name in ["Alpha", "Beta"] {
        let mut t = Tag::new(name, Rgb::palette(0));
        t.order = h.state().project().codebook().next_order(None);
        apply(&mut h, synoptic::model::Project::add_tag_edit(t));
    }
    h.run();
    let from = h.get_by_label_contains("Beta").rect().center();
    let to = h.get_by_label_contains("Alpha").rect().center();
    drag(&mut h, from, to);
    h.run();
    let cb = h.state().project().codebook();
    let alpha = cb.iter().find(|t| t.name == "Alpha").expect("alpha").id;
    let beta = cb.iter().find(|t| t.name == "Beta").expect("beta");
    assert_eq!(beta.parent, Some(alpha), "Beta nested under Alpha by dragging");
    h.state_mut().act(Action::Command(Command::Undo));
    h.run();
    let beta = h.state().project().codebook().iter().find(|t| t.name == "Beta").expect("beta").clone();
    assert_eq!(beta.parent, None, "undo puts it back");
}

#[test]
fn many_documents_open_six_panes_and_wait_in_the_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> =
        (0..8).map(|i| write(dir.path(), &format!("d{i}.txt"), &format!("Document number {i}.\n"))).collect();
    let mut h = opened(paths);
    assert_eq!(h.state().project().documents().count(), 8, "all eight in the project");
    assert_eq!(h.state().panes().len(), synoptic::app::AUTO_PANES, "six side by side");
    for p in h.state().panes() {
        assert!((p.width - 1.0 / 6.0).abs() < 1e-3, "panes share the desk evenly: {}", p.width);
    }
    assert!(
        h.state().messages().iter().any(|m| m.contains("Documents table (Ctrl+K)")),
        "the user is told where the rest are"
    );
    let open: Vec<_> = h.state().panes().iter().map(|p| p.doc).collect();
    let waiting = h.state().project().documents().map(|d| d.id).find(|d| !open.contains(d)).expect("one waits");
    h.state_mut().act(Action::ShowDocument(waiting));
    h.run();
    assert_eq!(h.state().panes().len(), synoptic::app::AUTO_PANES + 1, "Show opens one more on request");
}

#[test]
fn hard_wrapped_text_reflows_to_the_pane_and_keeps_its_offsets() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Paragraphs wrapped at about 60 columns, as plain-text books are.
    let line_a = "The committee met on a wet Tuesday evening in the back room";
    let line_b = "of the library, where the heating had failed again and the";
    let line_c = "chairs were stacked against the wall.";
    let para = format!("{line_a}\n{line_b}\n{line_c}");
    let text = [para.as_str(); 12].join("\n\n");
    let a = write(dir.path(), "wrapped.txt", &text);
    let mut h = opened(vec![a]);
    // One pane 1,000 points wide holds far more than 60 columns: the first
    // line's break is shown as a space and the next line runs on in the
    // same row.
    let end_a = char_pos(&h, 0, line_a.len() - 1);
    let start_b = char_pos(&h, 0, line_a.len() + 1);
    assert!((end_a.y - start_b.y).abs() < 1.0, "same row: {end_a:?} {start_b:?}");
    assert!(start_b.x > end_a.x, "continues to the right");
    // Offsets are those of the file: selecting across the joined break
    // selects the file's text, line break included.
    let (from, to) = (char_pos(&h, 0, line_a.len() - 7), char_pos(&h, 0, line_a.len() + 3));
    drag(&mut h, from, to);
    let sel = h.state().selection().expect("selection");
    let got = &text[sel.range().start.0..sel.range().end.0];
    assert_eq!(got, "ck room\nof", "selected text");
    // Copy (as the desktop sends Ctrl+C: a Copy event) gives the text as
    // shown, the joined break as a space.
    h.event(egui::Event::Copy);
    h.step();
    let copied: Vec<&str> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| if let egui::OutputCommand::CopyText(t) = c { Some(t.as_str()) } else { None })
        .collect();
    assert_eq!(copied, vec!["ck room of"], "copied as shown");
    // The paragraph break is still a paragraph break.
    let next_para = char_pos(&h, 0, para.len() + 2);
    assert!(next_para.y > start_b.y + 10.0, "next paragraph below");
}

#[test]
fn side_panels_hide_and_show_and_are_remembered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    let mut h = opened(vec![a]);
    h.get_by_label("Codebook");
    let narrow = h.state().pane_rects().iter().map(egui::Rect::width).sum::<f32>();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::H);
    h.run();
    assert!(h.query_by_label("Codebook").is_none(), "codebook hidden");
    assert!(h.query_by_label("Notes").is_none(), "notes hidden");
    assert!(h.state().settings().hide_side_panels, "kept in the settings saved between runs");
    assert!(
        h.state().pane_rects().iter().map(egui::Rect::width).sum::<f32>() > narrow + 400.0,
        "the pane takes the room"
    );
    // Ctrl+F brings them back with the Search tab.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Codebook");
    assert!(!h.state().settings().hide_side_panels, "shown again");
}

#[test]
fn the_no_file_notice_goes_once_a_path_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", A);
    // The chooser gives nothing (no dialog could open), then a path.
    let mut h = harness(vec![None, Some(vec![a])]);
    h.run();
    h.get_by_label("Open documents…").click();
    h.run();
    assert!(h.state().messages().iter().any(|m| m.starts_with("No file was chosen")), "{:?}", h.state().messages());
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().act(Action::Command(Command::OpenDocuments));
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 1, "opened");
    assert!(
        !h.state().messages().iter().any(|m| m.starts_with("No file was chosen")),
        "notice cleared: {:?}",
        h.state().messages()
    );
}

#[test]
fn save_never_silently_overwrites_a_file_changed_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = harness(vec![]);
    h.state_mut().open_project(project.clone());
    settle(&mut h);
    apply(&mut h, synoptic::model::Project::add_memo_edit(synoptic::model::Memo::new("Mine", "my change")));
    // Another program (a sync folder) rewrites the file meanwhile.
    let theirs = std::fs::read_to_string(&project).expect("read").replace("Questions", "Their questions");
    std::fs::write(&project, &theirs).expect("write");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("The project file changed on disk");
    assert_eq!(std::fs::read_to_string(&project).expect("read"), theirs, "their file untouched");
    assert!(h.state().is_dirty(), "my change still here, unsaved");
    h.get_by_label("Overwrite").click();
    for _ in 0..3 {
        h.step();
    }
    let now = std::fs::read_to_string(&project).expect("read");
    assert!(now.contains("Mine") && !now.contains("Their questions"), "replaced when asked");
    assert!(!h.state().is_dirty());
    // Saving again with nothing changed elsewhere asks nothing.
    apply(&mut h, synoptic::model::Project::add_memo_edit(synoptic::model::Memo::new("More", "another")));
    assert!(h.state_mut().save(), "saved without a question");
}

#[test]
fn a_project_open_in_another_window_opens_read_only_unless_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    // Another window, on another computer sharing the folder, has it open.
    let lock = synoptic::io::lock::lock_path(&project);
    std::fs::write(&lock, "4242 colleagues-laptop\n").expect("lock");
    let mut h = harness(vec![]);
    h.state_mut().open_project(project.clone());
    settle(&mut h);
    let why = h.state().read_only().expect("read-only").to_owned();
    assert!(why.contains("another Synoptic window") && why.contains("colleagues-laptop"), "{why}");
    apply(&mut h, synoptic::model::Project::add_memo_edit(synoptic::model::Memo::new("X", "y")));
    assert!(!h.state().project().memos().any(|m| m.title == "X"), "no edits while read-only");
    h.get_by_label("Edit here anyway").click();
    for _ in 0..2 {
        h.step();
    }
    assert!(h.state().read_only().is_none(), "told: editable");
    let held = std::fs::read_to_string(&lock).expect("lock");
    assert!(held.starts_with(&std::process::id().to_string()), "the lock is ours now: {held}");
    drop(h);
    assert!(!lock.exists(), "closing the window releases it");
}

/// A large project is saved in the background with a progress bar: the
/// window stays live, the file holds the state the save began with, and an
/// edit made meanwhile is still an unsaved change afterwards.
#[test]
fn a_large_project_saves_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project.clone());
    common::ui::settle(&mut h);
    let passages = h.state().project().annotations().count();
    assert!(passages > 0, "the demo has passages");
    // Every project counts as large here.
    h.state_mut().save_in_background_from(1);
    apply(&mut h, synoptic::model::Project::add_tag_edit(Tag::new("Before the save", Rgb::palette(3))));
    h.state_mut().run_command(Command::Save);
    assert!(h.state().is_saving(), "written in the background");
    // An edit while it is written (frames stepped: the progress bar
    // repaints until the save is done).
    h.state_mut().act(Action::Edit {
        edit: synoptic::model::Project::add_tag_edit(Tag::new("During the save", Rgb::palette(4))),
        label: "test".into(),
        merge: None,
    });
    h.step();
    let start = std::time::Instant::now();
    while h.state().is_saving() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the save finished");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    let on_disk = synoptic::io::project_file::load(&project).expect("reads").project;
    let names: Vec<String> = on_disk.codebook().tree().into_iter().map(|(_, t)| t.name.clone()).collect();
    assert!(names.iter().any(|n| n == "Before the save"), "the state the save began with: {names:?}");
    assert!(!names.iter().any(|n| n == "During the save"), "not what came after: {names:?}");
    assert_eq!(on_disk.annotations().count(), passages, "every passage");
    assert!(h.state().is_dirty(), "the edit made during the save is still to be saved");
    h.state_mut().run_command(Command::Save);
    while h.state().is_saving() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    assert!(!h.state().is_dirty(), "saved again: clean");
}
