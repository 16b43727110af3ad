//! Export and import in the real `App` (`egui_kittest`): File > Export… as
//! CSV with a tag left out; a `.qdpx` imported as a new project and opened,
//! with its report of how positions were counted and what to review;
//! a `.qdc` whose tag clashes with ours, taken over in one undo step; Copy
//! as citation.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::ui::{copy_demo, harness, settle};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use synoptic::app::App;
use synoptic::command::{Action, Command};
use synoptic::io::export::{self, Format, Options};
use synoptic::io::import::ImportOptions;
use synoptic::io::workspace::{self, SourceState};

fn demo_with(answers: Vec<Option<Vec<PathBuf>>>) -> (tempfile::TempDir, PathBuf, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_demo(dir.path());
    let mut h = harness(answers);
    h.state_mut().open_project(project.clone());
    settle(&mut h);
    (dir, project, h)
}

/// What the last frame put on the clipboard.
fn copied_text(h: &Harness<'static, App>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| if let egui::OutputCommand::CopyText(t) = c { Some(t.clone()) } else { None })
        .collect()
}

fn wait_message(h: &mut Harness<'static, App>, part: &str) {
    let start = Instant::now();
    while !h.state().messages().iter().any(|m| m.contains(part)) {
        assert!(start.elapsed() < Duration::from_secs(20), "no message with {part:?}: {:?}", h.state().messages());
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
}

#[test]
fn export_dialog_writes_csv_without_the_tag_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("coded.csv");
    let (_demo, _project, mut h) = demo_with(vec![Some(vec![out.clone()])]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Tables (CSV)").click();
    h.step();
    // Leave "Cost" out (its name follows the tag's colour swatch).
    h.get_all_by_role(egui::accesskit::Role::CheckBox)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.trim() == "Cost"))
        .expect("the Cost checkbox")
        .click();
    h.step();
    h.get_by_label("Export…").click();
    for _ in 0..3 {
        h.step();
    }
    wait_message(&mut h, "Exported to");
    let csv = std::fs::read_to_string(&out).expect("the CSV was written");
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let tag_col = r.headers().expect("header").iter().position(|h| h == "tag").expect("tag column");
    let tags: Vec<String> = r.records().map(|x| x.expect("row")[tag_col].to_owned()).collect();
    assert!(!tags.is_empty(), "rows exported");
    assert!(!tags.iter().any(|t| t == "Cost"), "the tag left out is not there: {tags:?}");
    assert!(tags.iter().any(|t| t == "Official statement"));
    for side in ["-matrix", "-links", "-memos"] {
        assert!(dir.path().join(format!("coded{side}.csv")).exists(), "{side} beside it");
    }
}

#[test]
fn a_qdpx_from_elsewhere_opens_as_a_new_project() {
    // A .qdpx of the demo, as another tool would hand it over.
    let src = tempfile::tempdir().expect("tempdir");
    let demo = copy_demo(src.path());
    let opened = workspace::open(&demo, ImportOptions::default()).expect("demo");
    let text = |d| match opened.sources.get(&d) {
        Some(SourceState::Loaded(l)) => Some(&l.text),
        _ => None,
    };
    let qdpx = src.path().join("from-atlas.qdpx");
    export::export(&opened.project, &text, &Options::new(Format::Qdpx, "demo"), &qdpx).expect("qdpx");
    let target = tempfile::tempdir().expect("tempdir");
    let new_project = target.path().join("imported.synoptic.ron");
    let mut h = harness(vec![Some(vec![qdpx]), Some(vec![new_project.clone()])]);
    h.state_mut().run_command(Command::ImportQda);
    let start = Instant::now();
    while h.state().path() != Some(new_project.as_path()) || h.state().is_busy() {
        assert!(start.elapsed() < Duration::from_secs(20), "not opened: {:?}", h.state().messages());
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    settle(&mut h);
    let p = h.state().project();
    assert_eq!(p.documents().count(), opened.project.documents().count());
    assert_eq!(p.annotations().count(), opened.project.annotations().count());
    assert_eq!(p.codebook().len(), opened.project.codebook().len());
    assert!(target.path().join("imported.sources").is_dir(), "texts beside the new project");
    assert!(!h.state().panes().is_empty(), "its documents open");
}

#[test]
fn an_import_says_how_positions_were_counted_and_what_to_review() {
    // An archive in NVivo's shape: no selection names its text, so the
    // passages are placed by NVivo's habit and marked for review.
    let qdpx = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi/nvivo.qdpx");
    let target = tempfile::tempdir().expect("tempdir");
    let new_project = target.path().join("ward.synoptic.ron");
    let mut h = harness(vec![Some(vec![qdpx]), Some(vec![new_project.clone()])]);
    // Its text has an emoji the test fonts lack: boxes, as the app shows them.
    h.ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    h.state_mut().run_command(Command::ImportQda);
    let start = Instant::now();
    while h.state().path() != Some(new_project.as_path()) || h.state().is_busy() {
        assert!(start.elapsed() < Duration::from_secs(20), "not opened: {:?}", h.state().messages());
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    settle(&mut h);
    let m = h.state().messages();
    let counted = m.iter().find(|m| m.contains("how the other tool counted positions")).expect("the counting report");
    assert!(
        counted.contains("• positions in “Ward 3 comments”: UTF-16 units, BOM not counted, CRLF as two — assumed"),
        "{counted}"
    );
    assert!(m.iter().any(|m| m.contains("3 passage(s) need review")), "{m:?}");
    assert!(m.iter().any(|m| m.contains("“Ward 3 comments”: 3 selection(s) do not name their text")), "{m:?}");
    assert_eq!(h.state().project().annotations().count(), 3);
}

#[test]
fn a_clashing_codebook_is_taken_over_in_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let qdc = dir.path().join("team.qdc");
    let (_demo, _project, mut h) = demo_with(vec![Some(vec![qdc.clone()])]);
    // The team's codebook: "Cost" in another colour, and a new tag.
    let mut team = h.state().project().clone();
    let cost = team.codebook().iter().find(|t| t.name == "Cost").expect("Cost").id;
    let e = team.update_tag_edit(cost, |t| t.color = synoptic::model::Rgb([1, 2, 3])).expect("edit");
    team.apply(e).expect("apply");
    team.apply(synoptic::model::Project::add_tag_edit(synoptic::model::Tag::new(
        "Timeline",
        synoptic::model::Rgb([9, 9, 9]),
    )))
    .expect("add");
    std::fs::write(&qdc, export::refi::qdc(&team)).expect("write qdc");
    let before = h.state().project().codebook().len();
    h.state_mut().run_command(Command::ImportQda);
    for _ in 0..4 {
        h.step();
    }
    h.get_by_label("Use theirs").click();
    for _ in 0..3 {
        h.step();
    }
    let p = h.state().project();
    assert_eq!(p.codebook().len(), before + 1, "the new tag added");
    assert_eq!(p.codebook().get(cost).expect("Cost").color.0, [1, 2, 3], "their colour taken");
    h.state_mut().run_command(Command::Undo);
    h.step();
    let p = h.state().project();
    assert_eq!(p.codebook().len(), before, "one undo removes the import");
    assert_ne!(p.codebook().get(cost).expect("Cost").color.0, [1, 2, 3], "and restores the colour");
}

#[test]
fn copy_as_citation_gives_quote_and_source() {
    let (_demo, _project, mut h) = demo_with(vec![]);
    let a = h.state().project().annotations().find(|a| a.anchor.exact.contains("six weeks")).expect("passage").clone();
    h.state_mut().act(Action::Reveal(a.id));
    h.step();
    // One event, one step: the frame that copies is the one whose output
    // is read (a whole key press would be several steps).
    h.event(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
    });
    h.step();
    let copied = copied_text(&h);
    let d = h.state().project().document(a.doc).expect("doc").clone();
    assert_eq!(copied.len(), 1, "{copied:?}");
    let c = &copied[0];
    assert!(c.starts_with(&format!("“{}”", a.anchor.exact)), "{c}");
    assert!(c.contains(&d.meta.source) && c.contains(&d.meta.title) && c.contains(&d.meta.date), "{c}");
    assert!(c.contains("¶ "), "where it is: {c}");
    h.event(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND | Modifiers::ALT,
    });
    h.step();
    let md = copied_text(&h);
    assert!(md.iter().any(|m| m.starts_with("> ") && m.contains(&format!("*{}*", d.meta.source))), "{md:?}");
}
