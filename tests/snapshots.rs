//! Image snapshots of the app, rendered by wgpu on a software Vulkan driver
//! (lavapipe). Run with `cargo test --features snapshots --test snapshots`
//! after installing `mesa-vulkan-drivers`; `UPDATE_SNAPSHOTS=1` rewrites the
//! reference images in `tests/snapshots/`. Plain `cargo test` leaves them out
//! because they need that driver.
#![cfg(feature = "snapshots")]

mod common;

use common::ui::{copy_demo, settle};
use egui_kittest::Harness;
use synoptic::app::{App, Settings};
use synoptic::command::Action;
use synoptic::ui::dialogs::ScriptedDialogs;
use synoptic::ui::theme::ReaderStyle;

fn demo(dark: bool) -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_demo(dir.path());
    let settings = Settings { style: ReaderStyle { dark, ..ReaderStyle::default() }, ..Settings::default() };
    let app = App::new(Box::new(ScriptedDialogs::default()), settings);
    let mut h =
        Harness::builder().with_size([1400.0, 860.0]).wgpu().build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    h.state_mut().open_project(project);
    settle(&mut h);
    (dir, h)
}

#[test]
fn demo_project_light() {
    let (_dir, mut h) = demo(false);
    h.snapshot("demo_light");
}

#[test]
fn demo_project_dark() {
    let (_dir, mut h) = demo(true);
    h.snapshot("demo_dark");
}

#[test]
fn compare_view() {
    let (_dir, mut h) = demo(false);
    let docs: Vec<_> = h.state().panes().iter().map(|p| p.doc).collect();
    h.state_mut().act(Action::StartCompare(docs[0], docs[2]));
    let start = std::time::Instant::now();
    while h.state().compare_view().is_none_or(|v| v.result.is_none()) {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "compare took too long");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run();
    h.snapshot("compare");
}

/// Hebrew, Arabic and English side by side, with one Hebrew passage tagged:
/// right-to-left paragraphs stand at the right and read from it, numbers
/// and Latin names in place. The letters come from `DejaVuSans.ttf`
/// (`fonts-dejavu-core`, which CI installs), added after egui's own fonts
/// as the system's fonts are in the app.
#[test]
fn right_to_left_panes() {
    let font = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        .expect("DejaVu Sans, from the fonts-dejavu-core package");
    let dir = tempfile::tempdir().expect("tempdir");
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rtl");
    let paths: Vec<_> = ["hebrew.html", "arabic.html", "english.html"]
        .iter()
        .map(|n| {
            let p = dir.path().join(n);
            std::fs::copy(from.join(n), &p).expect("copy fixture");
            p
        })
        .collect();
    let app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    let mut h =
        Harness::builder().with_size([1400.0, 860.0]).wgpu().build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("dejavu".into(), std::sync::Arc::new(egui::FontData::from_owned(font)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("dejavu".into());
    }
    h.ctx.set_fonts(fonts);
    h.state_mut().open_documents(paths);
    settle(&mut h);
    h.snapshot("right_to_left");
}
