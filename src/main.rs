//! The `synoptic` binary: headless commands, or the app window.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use clap::Parser as _;
use synoptic::cli::{self, Cli};

fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn,lopdf=error,pdf_extract=error"))
        .init();
    let args = Cli::parse();
    if let Some(cmd) = &args.command {
        // Unlocked handles: importer threads log warnings to stderr while
        // the command waits for them, and a held lock would deadlock them.
        let code = cli::run(cmd, &mut std::io::stdout(), &mut std::io::stderr());
        std::process::exit(code);
    }
    if let Err(e) = synoptic::app::run(&args) {
        log::error!("{e}");
        eprintln!("synoptic: {e}");
        std::process::exit(cli::EXIT_ERROR);
    }
}
