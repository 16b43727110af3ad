//! Files changed by other programs while a project is open, in the real
//! `App` (`egui_kittest`), on a copy of the demo: a source edited (read
//! again, its passages re-anchored, a note of what moved), a source deleted
//! (its pane offers Locate), the project file replaced (Reload offered and
//! done), and our own save (nothing offered).

mod common;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use synoptic::app::App;
use synoptic::command::Command;
use synoptic::model::{AnchorStatus, Memo, Project};

fn wait(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(15), "{what}: {:?}", h.state().messages());
        std::thread::sleep(Duration::from_millis(25));
        h.step();
    }
}

fn message(h: &Harness<'static, App>, part: &str) -> bool {
    h.state().messages().iter().any(|m| m.contains(part))
}

#[test]
fn sources_and_the_project_changed_elsewhere_are_taken_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project.clone());
    common::ui::settle(&mut h);
    let doc =
        |h: &Harness<'static, App>, f: &str| h.state().project().documents().find(|d| d.path == f).expect("doc").id;
    let gazette = doc(&h, "gazette.txt");
    let passages = h.state().project().annotations_of(gazette).len();
    assert!(passages > 0);
    // An editor saves the Gazette with a new first paragraph (write a new
    // file, rename it over the old one).
    let path = dir.path().join("gazette.txt");
    let old = std::fs::read_to_string(&path).expect("read");
    let tmp = dir.path().join(".gazette.txt.swp");
    std::fs::write(&tmp, format!("Updated at noon: the council has now published its report.\n\n{old}"))
        .expect("write");
    std::fs::rename(&tmp, &path).expect("rename");
    wait(&mut h, "the edited source is read again", |h| message(h, "gazette.txt changed on disk"));
    let msg = h.state().messages().iter().find(|m| m.contains("gazette.txt changed")).cloned().expect("message");
    assert!(msg.contains(&format!("{passages} passage(s) moved")), "{msg}");
    let text = h.state().text(gazette).expect("read again").text.clone();
    for a in h.state().project().annotations_of(gazette) {
        assert_eq!(a.status, AnchorStatus::Moved, "{:?}", a.anchor.exact);
        assert_eq!(text.slice(a.anchor.range), a.anchor.exact, "the passage points at its words in the new text");
    }
    // Radio North's text is deleted: its pane says so and offers Locate.
    let radio = doc(&h, "radio-north.txt");
    std::fs::remove_file(dir.path().join("radio-north.txt")).expect("rm");
    wait(&mut h, "the deleted source is noticed", |h| message(h, "radio-north.txt was deleted or renamed"));
    assert!(h.state().text(radio).is_none(), "no text any more");
    assert_eq!(h.state().project().annotations_of(radio).len(), 4, "its passages are kept");
    h.state_mut().act(synoptic::command::Action::ShowDocument(radio));
    common::ui::settle(&mut h);
    h.get_all_by_label("Locate…").next().expect("Locate is offered");
    // Our own save is no change "by another program".
    h.state_mut().run_command(Command::Save);
    common::ui::settle(&mut h);
    let saved_at = Instant::now();
    while saved_at.elapsed() < Duration::from_millis(700) {
        std::thread::sleep(Duration::from_millis(25));
        h.step();
    }
    assert!(h.query_by_label("The project file was changed by another program").is_none(), "not for our own save");
    // Another program (git pull) replaces the project file: Reload is offered.
    let mut theirs = synoptic::io::project_file::load(&project).expect("load").project;
    theirs.apply(Project::add_memo_edit(Memo::new("From a colleague", "pulled from git"))).expect("memo");
    std::fs::write(&project, synoptic::io::project_file::to_ron(&theirs)).expect("write");
    wait(&mut h, "the replaced project file is noticed", |h| {
        h.query_by_label("The project file was changed by another program").is_some()
    });
    h.get_by_label("Reload").click();
    h.step();
    common::ui::settle(&mut h);
    assert!(h.state().project().memos().any(|m| m.title == "From a colleague"), "reloaded");
    assert!(!h.state().is_dirty());
}
