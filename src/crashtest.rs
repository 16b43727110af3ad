//! Hidden commands that the kill tests (`tests/kill.rs`) run in a child
//! process and kill with SIGKILL at a random moment: a loop of saves, and
//! the real app, without a window, taking edits.

use std::io::Write;
use std::path::Path;

use crate::io::project_file;
use crate::model::{Memo, Project};

/// Grow a project by one memo per save, forever; each number printed is
/// the memo count of a save that has returned.
pub fn save_loop(path: &Path, copy: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let mut project = if path.exists() { project_file::load(path)?.project } else { Project::new() };
    let filler = "Notes taken while reading, long enough that a save takes a moment. ".repeat(40);
    loop {
        let n = project.memos().count() + 1;
        project.apply(Project::add_memo_edit(Memo::new(format!("memo {n}"), filler.clone())))?;
        if copy {
            project_file::save_copy(&project, path)?;
        } else {
            project_file::save(&project, path)?;
        }
        writeln!(out, "{n}")?;
        out.flush()?;
    }
}

/// Open `path` in the app (no window: frames are run on a headless egui
/// context, with real time) and add a memo "edit N" every 100 ms, printing
/// N after each, while frames run every 20 ms; forever.
#[cfg(feature = "gui")]
pub fn edit_loop(path: &Path, out: &mut dyn Write) -> anyhow::Result<i32> {
    use crate::app::{App, Settings};
    use crate::command::Action;
    use crate::ui::dialogs::ScriptedDialogs;
    use std::time::{Duration, Instant};

    let ctx = egui::Context::default();
    let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    let start = Instant::now();
    let frame = |app: &mut App| {
        app.poll_jobs();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 800.0))),
            time: Some(start.elapsed().as_secs_f64()),
            ..egui::RawInput::default()
        };
        let mut out = ctx.run_ui(input, |ui| app.frame_ui(ui));
        // No painter takes the textures: let them go.
        out.textures_delta.clear();
    };
    app.open_project(path.to_owned());
    while app.is_busy() {
        frame(&mut app);
        std::thread::sleep(Duration::from_millis(5));
    }
    anyhow::ensure!(app.path() == Some(path), "the project did not open: {:?}", app.messages());
    for n in 1.. {
        let memo = Memo::new(format!("edit {n}"), "typed just now");
        app.act(Action::Edit { edit: Project::add_memo_edit(memo), label: "memo".into(), merge: None });
        writeln!(out, "{n}")?;
        out.flush()?;
        for _ in 0..5 {
            frame(&mut app);
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    Ok(0)
}
