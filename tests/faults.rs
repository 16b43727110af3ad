//! Storage faults (`io::atomic::faults`, the one seam every save goes
//! through): a full disk, an I/O error, a refused permission and a
//! read-only file system at each step of a save (create, write, flush,
//! rename, folder flush), and for real: the project path replaced by a
//! folder, and the folder removed while the project is open. Each time: a
//! clear message naming the file, the old file untouched (or, after the
//! rename, the new one whole), no litter, and a later save that succeeds
//! once the fault is gone. Then the same in the real `App`: the project
//! stays in memory and unsaved, and Save works again afterwards.
//!
//! Faults are injected for one target path at a time, so these tests run
//! beside others without touching their saves.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use synoptic::command::Command;
use synoptic::io::atomic::faults::{self, STEPS, Step};
use synoptic::io::project_file;
use synoptic::model::{Memo, Project};

const ENOSPC: i32 = 28;
const EIO: i32 = 5;
const EACCES: i32 = 13;
const EROFS: i32 = 30;

fn litter(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(".tmp")).collect())
        .unwrap_or_default()
}

fn parses_to(path: &Path) -> Option<Project> {
    project_file::load(path).ok().map(|l| l.project)
}

#[test]
fn every_step_and_error_keeps_the_old_file_and_a_later_save_works() {
    let (mut cases, mut lost) = (0, 0);
    for step in STEPS {
        for errno in [ENOSPC, EIO, EACCES, EROFS] {
            cases += 1;
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("p.synoptic.ron");
            let v1 = common::sample_project();
            project_file::save(&v1, &path).expect("first save");
            let mut v2 = v1.clone();
            v2.apply(Project::add_memo_edit(Memo::new("After the first save", "new work"))).expect("memo");
            faults::inject(step, errno, Some(&path));
            let err = project_file::save(&v2, &path).expect_err("the fault stops the save");
            faults::clear(Some(&path));
            let msg = err.to_string();
            let os = std::io::Error::from_raw_os_error(errno).to_string();
            assert!(msg.contains("p.synoptic.ron") && msg.contains(&os), "{step:?} {errno}: {msg}");
            let on_disk = parses_to(&path);
            // Before the rename the old file is untouched; after it (the
            // folder flush) the new one is in place, whole.
            let expected = if step == Step::DirSync { &v2 } else { &v1 };
            if on_disk.as_ref() != Some(expected) {
                lost += 1;
                eprintln!("{step:?} {errno}: the file on disk is neither save");
            }
            assert!(litter(dir.path()).is_empty(), "{step:?} {errno}: {:?}", litter(dir.path()));
            project_file::save(&v2, &path).expect("the fault is gone: saving works");
            if parses_to(&path).as_ref() != Some(&v2) {
                lost += 1;
            }
        }
    }
    eprintln!("storage faults: {cases} cases, {lost} with data lost");
    assert_eq!(lost, 0);
}

#[test]
fn a_folder_in_place_of_the_project_or_no_folder_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.synoptic.ron");
    let p = common::sample_project();
    // Another program put a folder where the project file was.
    std::fs::create_dir(&path).expect("mkdir");
    std::fs::write(path.join("keep.txt"), "someone's file").expect("write");
    let err = project_file::save(&p, &path).expect_err("cannot replace a folder");
    assert!(err.to_string().contains("p.synoptic.ron"), "{err}");
    assert_eq!(std::fs::read_to_string(path.join("keep.txt")).expect("kept"), "someone's file");
    assert!(litter(dir.path()).is_empty());
    std::fs::remove_dir_all(&path).expect("rm");
    project_file::save(&p, &path).expect("saves once the folder is gone");
    // The project's folder removed while it is open.
    let sub = dir.path().join("gone");
    std::fs::create_dir(&sub).expect("mkdir");
    let inner = sub.join("q.synoptic.ron");
    project_file::save(&p, &inner).expect("save");
    std::fs::remove_dir_all(&sub).expect("rm");
    let err = project_file::save(&p, &inner).expect_err("no folder to save into");
    assert!(err.to_string().contains("q.synoptic.ron"), "{err}");
    std::fs::create_dir(&sub).expect("mkdir again");
    project_file::save(&p, &inner).expect("saves once the folder is back");
    assert_eq!(parses_to(&inner), Some(p));
}

/// A few frames (a save's own file events, or work finishing on other
/// threads, may ask for more repaints than `Harness::run` allows).
fn frames(h: &mut egui_kittest::Harness<'static, synoptic::app::App>) {
    for _ in 0..4 {
        h.step();
    }
}

fn wait(
    h: &mut egui_kittest::Harness<'static, synoptic::app::App>,
    what: &str,
    done: impl Fn(&synoptic::app::App) -> bool,
) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(20), "{what}: {:?}", h.state().messages());
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
}

#[test]
fn the_app_keeps_the_work_and_saves_once_the_disk_has_room() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let copy = elsewhere.join("copy.synoptic.ron");
    let mut h = common::ui::harness(vec![Some(vec![copy.clone()]), Some(vec![copy.clone()])]);
    h.state_mut().open_project(project.clone());
    common::ui::settle(&mut h);
    let before = std::fs::read(&project).expect("read");
    common::ui::apply(&mut h, Project::add_memo_edit(Memo::new("Written while the disk was full", "keep me")));
    // Save on a full disk: a message naming the file; still unsaved; the file as it was.
    faults::inject(Step::Write, ENOSPC, Some(&project));
    h.state_mut().run_command(Command::Save);
    frames(&mut h);
    let msg = h.state().messages().iter().find(|m| m.starts_with("Not saved")).cloned().expect("a message");
    assert!(msg.contains("demo.synoptic.ron") && msg.contains("No space left on device"), "{msg}");
    assert!(h.state().is_dirty(), "still unsaved");
    assert_eq!(std::fs::read(&project).expect("read"), before, "the old file untouched");
    // Save As into a folder that refuses: the documents still find their texts.
    faults::inject(Step::Open, EACCES, Some(&copy));
    h.state_mut().run_command(Command::SaveAs);
    frames(&mut h);
    assert!(!copy.exists());
    assert!(h.state().is_dirty());
    faults::clear(Some(&project));
    faults::clear(Some(&copy));
    // The disk has room again: Save works, and the project reopens whole.
    h.state_mut().run_command(Command::Save);
    frames(&mut h);
    assert!(!h.state().is_dirty(), "saved: {:?}", h.state().messages());
    let reopened = project_file::load(&project).expect("load").project;
    assert!(reopened.memos().any(|m| m.text == "keep me"), "the memo is in the file");
    let mut again = common::ui::harness(vec![]);
    again.state_mut().open_project(project.clone());
    common::ui::settle(&mut again);
    for d in again.state().project().documents() {
        assert!(again.state().text(d.id).is_some(), "{} found from its project after the failed Save As", d.path);
    }
    // The recovery copy on a failing disk says so, and is written once it works.
    let recovery = synoptic::app::recovery_path(&project);
    faults::inject(Step::Rename, EIO, Some(&recovery));
    common::ui::apply(&mut h, Project::add_memo_edit(Memo::new("Second", "and more")));
    wait(&mut h, "a message about the recovery copy", |a| {
        a.messages().iter().any(|m| m.contains("recovery copy could not"))
    });
    assert!(!recovery.exists());
    faults::clear(Some(&recovery));
    common::ui::apply(&mut h, Project::add_memo_edit(Memo::new("Third", "once it works")));
    wait(&mut h, "the recovery copy", |_| recovery.exists());
    assert!(parses_to(&recovery).is_some_and(|p| p.memos().any(|m| m.text == "once it works")));
}
