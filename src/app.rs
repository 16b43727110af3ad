//! The app window. For now a placeholder that shows what a project holds;
//! the reading desk replaces it.

use crate::cli::{Cli, Renderer};

/// Open the app window and run until it closes.
pub fn run(args: &Cli) -> anyhow::Result<()> {
    let renderer = match args.renderer {
        Renderer::Glow => eframe::Renderer::Glow,
        Renderer::Wgpu => anyhow::bail!("this build has only the glow renderer"),
    };
    let options = eframe::NativeOptions { renderer, ..eframe::NativeOptions::default() };
    let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    eframe::run_ui_native("Synoptic", options, move |ui, _frame| {
        ui.heading("Synoptic");
        ui.label("The reading desk is not built yet. Use `synoptic check` and `synoptic new` from a terminal.");
        for p in &paths {
            ui.label(p);
        }
    })
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
