//! Random-action soak: the real `App` (`egui_kittest`) on a copy of the demo
//! is driven through random actions (select and tag, new tags, notes,
//! deletions, links, renaming, merging and deleting tags, sets, panes,
//! views, undo, redo, save, reopen), one frame after each, checking after
//! every action that the project writes and reads back as it is in memory;
//! after every save that the file holds exactly the project; after every
//! reopen that nothing changed; and at the end that undoing everything gives
//! back the project as it was opened. Seeded and reproducible: a seed that
//! ever fails goes into `SEEDS`. `SYNOPTIC_SOAK_ACTIONS` sets the actions
//! per seed (500 by default) and `SYNOPTIC_SOAK_SEEDS` the number of extra
//! random seeds (0 by default).

mod common;

use std::path::Path;

use egui_kittest::Harness;
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::app::App;
use synoptic::command::{Action, Command};
use synoptic::io::project_file;
use synoptic::model::{CharIdx, DocSet, Edit, Link, Project};
use synoptic::ui::reader::Selection;

/// Seeds always run (and any that once failed).
const SEEDS: &[u64] = &[1, 2];

fn pick<T: Copy>(rng: &mut StdRng, v: &[T]) -> Option<T> {
    (!v.is_empty()).then(|| v[rng.random_range(0..v.len())])
}

fn round_trip(p: &Project) -> Project {
    let text = project_file::to_ron(p);
    project_file::parse(text.as_bytes(), Path::new("soak")).expect("the project in memory writes a valid file").project
}

/// Everything but the pane layout (the desk's own business).
fn work(p: &Project) -> Project {
    let mut p = p.clone();
    p.layout = synoptic::model::Layout::default();
    p
}

#[allow(clippy::too_many_lines)] // one arm per kind of action
fn act(h: &mut Harness<'static, App>, rng: &mut StdRng, path: &Path, start: &mut Project) -> &'static str {
    let p = h.state().project().clone();
    let docs: Vec<_> = p.documents().map(|d| d.id).collect();
    let tags: Vec<_> = p.codebook().iter().map(|t| t.id).collect();
    let anns: Vec<_> = p.annotations().map(|a| a.id).collect();
    let sets: Vec<_> = p.sets().iter().map(|s| s.id).collect();
    let edit = |h: &mut Harness<'static, App>, e: Option<Edit>| {
        if let Some(edit) = e {
            h.state_mut().act(Action::Edit { edit, label: "soak".into(), merge: None });
        }
    };
    match rng.random_range(0..20) {
        0..=3 => {
            // Select a stretch of an open document and tag it.
            let Some(doc) = pick(rng, &docs) else { return "tag (no document)" };
            let Some(len) = h.state().text(doc).map(|t| t.text.char_len()) else { return "tag (not loaded)" };
            if len < 2 {
                return "tag (empty)";
            }
            let a = rng.random_range(0..len - 1);
            let b = rng.random_range(a + 1..=len.min(a + 300));
            h.state_mut().set_selection(Some(Selection { doc, anchor: CharIdx(a), head: CharIdx(b) }));
            if rng.random_bool(0.8)
                && let Some(t) = pick(rng, &tags)
            {
                h.state_mut().act(Action::ApplyTag(t));
            } else {
                h.state_mut().act(Action::CreateTagAndApply(format!("tag {}", rng.random_range(0..1000))));
            }
            "select and tag"
        }
        4 | 5 => {
            let Some(a) = pick(rng, &anns) else { return "note (none)" };
            let note =
                ["", "a note", "ünïcödé — “quoted”", "line\nbreak", "<b>markup</b> & co"][rng.random_range(0..5)];
            edit(h, p.update_annotation_edit(a, |x| x.note = note.into()));
            "note"
        }
        6 => {
            let Some(a) = pick(rng, &anns) else { return "delete (none)" };
            edit(h, Some(p.delete_annotation_edit(a)));
            "delete passage"
        }
        7 => {
            let (Some(a), Some(b)) = (pick(rng, &anns), pick(rng, &anns)) else { return "link (none)" };
            if a == b {
                return "link (same)";
            }
            let rel = p.relations()[rng.random_range(0..p.relations().len())].clone();
            edit(h, Some(Project::add_link_edit(Link::new(a, b, rel))));
            "link"
        }
        8 => {
            let Some(t) = pick(rng, &tags) else { return "rename (none)" };
            edit(h, p.update_tag_edit(t, |x| x.name = format!("renamed {}", rng.random_range(0..100))));
            "rename tag"
        }
        9 => {
            let (Some(a), Some(b)) = (pick(rng, &tags), pick(rng, &tags)) else { return "merge (none)" };
            edit(h, p.merge_tags_edit(a, b));
            "merge tags"
        }
        10 => {
            let Some(t) = pick(rng, &tags) else { return "delete tag (none)" };
            edit(h, p.delete_tag_edit(t));
            "delete tag"
        }
        11 => {
            if rng.random_bool(0.5) || sets.is_empty() {
                let mut s = DocSet::new(format!("set {}", rng.random_range(0..100)));
                s.docs.extend(docs.iter().filter(|_| rng.random_bool(0.5)));
                edit(h, Some(Project::add_set_edit(s)));
            } else if let (Some(s), Some(d)) = (pick(rng, &sets), pick(rng, &docs)) {
                edit(
                    h,
                    p.update_set_edit(s, |x| {
                        if !x.docs.remove(&d) {
                            x.docs.insert(d);
                        }
                    }),
                );
            }
            "set"
        }
        12 => {
            let c = [Command::Retrieve, Command::Matrix, Command::Writings, Command::DocumentsTable, Command::Back]
                [rng.random_range(0..5)];
            h.state_mut().run_command(c);
            "view"
        }
        13 => {
            if rng.random_bool(0.5)
                && let Some(d) = pick(rng, &docs)
            {
                h.state_mut().act(Action::ShowDocument(d));
            } else if !h.state().panes().is_empty() {
                let i = rng.random_range(0..h.state().panes().len());
                h.state_mut().act(Action::ClosePaneAt(i));
            }
            "pane"
        }
        14..=16 => {
            h.state_mut().run_command(Command::Undo);
            "undo"
        }
        17 => {
            h.state_mut().run_command(Command::Redo);
            "redo"
        }
        18 => {
            h.state_mut().run_command(Command::Save);
            h.run();
            assert!(!h.state().is_dirty(), "saved: {:?}", h.state().messages());
            let on_disk = project_file::load(path).expect("the saved file loads").project;
            assert_eq!(work(&on_disk), work(h.state().project()), "the file holds exactly the project");
            "save"
        }
        _ => {
            if h.state().is_dirty() {
                return "reopen (unsaved)";
            }
            let before = work(h.state().project());
            h.state_mut().open_project(path.to_owned());
            common::ui::settle(h);
            assert_eq!(work(h.state().project()), before, "reopened as saved");
            // A reopened project starts a new history.
            *start = work(h.state().project());
            "reopen"
        }
    }
}

fn soak(seed: u64, actions: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(path.clone());
    common::ui::settle(&mut h);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut start = work(h.state().project());
    let mut done = std::collections::BTreeMap::<&str, usize>::new();
    let trace = std::env::var_os("SYNOPTIC_SOAK_TRACE").is_some();
    for i in 0..actions {
        let what = act(&mut h, &mut rng, &path, &mut start);
        *done.entry(what).or_default() += 1;
        if trace {
            eprintln!("seed {seed}, action {i}: {what}");
        }
        h.step();
        let p = h.state().project();
        assert_eq!(work(&round_trip(p)), work(p), "seed {seed}, action {i} ({what}): the file would differ");
    }
    // Undo everything since the last opening: the project as it was opened.
    while h.state().undo_label().is_some() {
        h.state_mut().run_command(Command::Undo);
    }
    assert_eq!(work(h.state().project()), start, "seed {seed}: undoing everything gives back the start");
    eprintln!("seed {seed}: {actions} actions, 0 invariant failures: {done:?}");
}

#[test]
fn random_actions_keep_every_invariant() {
    let actions = std::env::var("SYNOPTIC_SOAK_ACTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let extra: u64 = std::env::var("SYNOPTIC_SOAK_SEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let random_seeds: Vec<u64> = (0..extra).map(|_| rand::random()).collect();
    for &seed in SEEDS.iter().chain(&random_seeds) {
        eprintln!("soak seed {seed}");
        soak(seed, actions);
    }
}
