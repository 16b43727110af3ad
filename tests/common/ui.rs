//! Helpers for the `egui_kittest` flows: a harness around the real `App`,
//! waiting for background work, dragging across text.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use synoptic::app::{App, Settings};
use synoptic::command::Action;
use synoptic::model::{CharIdx, Edit};
use synoptic::ui::dialogs::ScriptedDialogs;

/// A harness for a fresh app whose file dialogs give `answers` in turn.
pub fn harness(answers: Vec<Option<Vec<PathBuf>>>) -> Harness<'static, App> {
    let dialogs = ScriptedDialogs::new(answers);
    let app = App::new(Box::new(dialogs), Settings::default());
    Harness::builder().with_size([1400.0, 900.0]).build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app)
}

/// A fresh app (no file dialog answers) with `paths` opened and loaded.
pub fn opened(paths: Vec<PathBuf>) -> Harness<'static, App> {
    let mut h = harness(vec![]);
    h.state_mut().open_documents(paths);
    settle(&mut h);
    h
}

/// Apply `edit` as one undo step, as a panel would.
pub fn apply(h: &mut Harness<'static, App>, edit: Edit) {
    h.state_mut().act(Action::Edit { edit, label: "test".into(), merge: None });
    h.run();
}

/// Copy the bundled demo project into `to`; returns its project file.
pub fn copy_demo(to: &Path) -> PathBuf {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo");
    for e in std::fs::read_dir(&demo).expect("demo folder") {
        let e = e.expect("entry");
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
    to.join("demo.synoptic.ron")
}

/// Step until background work is done (documents read, project opened,
/// shared passages found).
pub fn settle(h: &mut Harness<'static, App>) {
    let start = Instant::now();
    h.step();
    while h.state().is_busy() || h.state().finding_shared() {
        assert!(start.elapsed() < Duration::from_secs(20), "loading took too long");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// Write a source file.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write source");
    p
}

/// Drag with the primary button from `from` to `to`.
pub fn drag(h: &mut Harness<'static, App>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for k in 1..=5 {
        h.event(Event::PointerMoved(from + (to - from) * (k as f32 / 5.0)));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

/// A click with the primary button at `at` (the pointer moved there first).
pub fn click(h: &mut Harness<'static, App>, at: Pos2) {
    h.event(Event::PointerMoved(at));
    h.run();
    for pressed in [true, false] {
        h.event(Event::PointerButton { pos: at, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
        h.run();
    }
}

/// Screen position of char `c` in pane `pane`.
pub fn char_pos(h: &Harness<'static, App>, pane: usize, c: usize) -> Pos2 {
    let app = h.state();
    let p = &app.panes()[pane];
    let text = &app.text(p.doc).expect("text loaded").text;
    p.screen_pos(text, CharIdx(c)).expect("char on screen")
}
