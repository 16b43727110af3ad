//! Starting the app window: the renderer (with a fallback to the other
//! one), the window, saved settings, and what opens first.

use std::path::{Path, PathBuf};

use super::{App, Settings};
use crate::cli::{Cli, Renderer};
use crate::io::project_file;
use crate::ui::dialogs::RfdDialogs;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/saves/demo/demo.synoptic.ron");

/// Open the app window and run until it closes. If the chosen renderer
/// cannot start (no OpenGL, or no Vulkan/Metal/DX12), the other one is tried.
pub fn run(args: &Cli) -> anyhow::Result<()> {
    let first = args.renderer;
    let other = match first {
        Renderer::Glow => Renderer::Wgpu,
        Renderer::Wgpu => Renderer::Glow,
    };
    launch(first, args.paths.clone()).or_else(|e| {
        log::warn!("the {first:?} renderer did not start ({e}); trying {other:?}");
        launch(other, args.paths.clone())
            .map_err(|e2| anyhow::anyhow!("cannot open the window: {e} (with the {other:?} renderer: {e2})"))
    })
}

fn launch(which: Renderer, paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let renderer = match which {
        Renderer::Glow => eframe::Renderer::Glow,
        Renderer::Wgpu => eframe::Renderer::Wgpu,
    };
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/synoptic.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_inner_size([1400.0, 860.0])
        .with_title("Synoptic")
        .with_app_id("synoptic");
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options =
        eframe::NativeOptions { renderer, viewport, persist_window: true, ..eframe::NativeOptions::default() };
    eframe::run_native(
        "synoptic",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc.storage.and_then(|s| eframe::get_value(s, "settings")).unwrap_or_default();
            // Text no font can draw shows as boxes; never a crash on user data.
            cc.egui_ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
            let mut app = App::new(Box::new(RfdDialogs::new(cc.egui_ctx.clone())), settings);
            app.ctx = Some(cc.egui_ctx.clone());
            let (projects, docs): (Vec<PathBuf>, Vec<PathBuf>) =
                paths.into_iter().partition(|p| p.to_string_lossy().ends_with(project_file::EXTENSION));
            if let Some(p) = projects.into_iter().next() {
                app.open_project(p);
            } else if !docs.is_empty() {
                app.open_documents(docs);
            } else if let Some(last) = app.settings.recent.first().filter(|p| p.exists()).cloned() {
                app.open_project(last);
            } else if Path::new(DEMO).exists() {
                app.open_project(PathBuf::from(DEMO));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}
