//! The command line: `synoptic check`, `synoptic new`, and the arguments of
//! the GUI. Everything here writes to the writers it is given so that tests
//! can read it.
#![allow(clippy::print_stdout)] // printing is this module's job

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::io::import::{self, ImportOptions};
use crate::io::project_file;
use crate::io::workspace::{self, SourceState};
use crate::model::{AnchorStatus, Project};

/// Exit code: everything fine.
pub const EXIT_OK: i32 = 0;
/// Exit code: something needs the user's attention (review, orphans, missing sources).
pub const EXIT_ATTENTION: i32 = 1;
/// Exit code: the command failed.
pub const EXIT_ERROR: i32 = 2;

/// Synoptic: read several texts side by side, tag passages, take notes.
#[derive(Debug, Parser)]
#[command(name = "synoptic", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A project file (`*.synoptic.ron`) or source texts to open in the app.
    pub paths: Vec<PathBuf>,
    /// Renderer for the app window.
    #[arg(long, value_enum, env = "SYNOPTIC_RENDERER", default_value = "glow")]
    pub renderer: Renderer,
    /// A command to run without opening a window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Graphics back end of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    /// OpenGL (works almost everywhere).
    Glow,
    /// wgpu (Vulkan, Metal, DX12).
    Wgpu,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a project, re-anchor it against the current sources, and report
    /// each document's annotations by status. Exit 0 when all are exact or
    /// moved, 1 when any needs review or is orphaned (or a source is
    /// missing), 2 on error.
    Check {
        /// The project file.
        project: PathBuf,
        /// Print one JSON object per annotation instead of a summary.
        #[arg(long)]
        json: bool,
        /// Save the re-anchored project (the previous file goes to the
        /// backups); statuses other than exact stay for review in the app.
        #[arg(long)]
        save: bool,
    },
    /// Add Synoptic to the desktop's menu and make it open `*.synoptic.ron`
    /// files (installs into `~/.local/share`).
    InstallDesktop,
    /// Create a project from source files.
    New {
        /// The project file to create (`NAME.synoptic.ron`).
        project: PathBuf,
        /// Source texts to add.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Run a headless command; returns the exit code.
pub fn run(cmd: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cmd {
        Command::Check { project, json, save } => check(project, *json, *save, out),
        Command::New { project, files } => new_project(project, files, out),
        Command::InstallDesktop => install_desktop(out),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "synoptic: {e}");
            EXIT_ERROR
        }
    }
}

#[derive(Serialize)]
struct AnnotationLine<'a> {
    id: String,
    document: &'a str,
    status: &'static str,
    start: Option<usize>,
    end: Option<usize>,
}

fn check(path: &Path, json: bool, save: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let opened = workspace::open(path, ImportOptions::default())?;
    let p = &opened.project;
    let mut attention = false;
    let mut docs: Vec<_> = p.documents().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    for d in docs {
        let source = opened.sources.get(&d.id);
        if !matches!(source, Some(SourceState::Loaded(_))) {
            attention = true;
        }
        let anns = p.annotations_of(d.id);
        attention |= anns.iter().any(|a| a.status >= AnchorStatus::NeedsReview);
        if json {
            for a in anns {
                let range = (a.status != AnchorStatus::Orphaned).then_some(a.anchor.range);
                let line = AnnotationLine {
                    id: a.id.to_string(),
                    document: &d.path,
                    status: a.status.as_str(),
                    start: range.map(|r| r.start.0),
                    end: range.map(|r| r.end.0),
                };
                writeln!(out, "{}", serde_json::to_string(&line)?)?;
            }
        } else {
            let counts: Vec<String> = AnchorStatus::ALL
                .iter()
                .map(|s| format!("{} {}", anns.iter().filter(|a| a.status == *s).count(), s.as_str()))
                .collect();
            let note = match source {
                Some(SourceState::Missing(m) | SourceState::Failed(m)) => format!("  [{m}]"),
                _ => String::new(),
            };
            writeln!(out, "{}: {}{note}", d.path, counts.join(", "))?;
        }
    }
    if let (Some(r), false) = (&opened.read_only, json) {
        writeln!(out, "note: {r}")?;
    }
    if save {
        anyhow::ensure!(opened.read_only.is_none(), "not saved: the project is read-only ({})", path.display());
        project_file::save(p, path)?;
        if !json {
            writeln!(out, "saved {}", path.display())?;
        }
    }
    Ok(if attention { EXIT_ATTENTION } else { EXIT_OK })
}

fn new_project(path: &Path, files: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<i32> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    anyhow::ensure!(
        name.ends_with(project_file::EXTENSION),
        "a project file name must end in {} ({})",
        project_file::EXTENSION,
        path.display()
    );
    anyhow::ensure!(!path.exists(), "the project already exists; not overwriting it ({})", path.display());
    let mut project = Project::new();
    for f in files {
        let loaded = import::load_text(f, ImportOptions::default())?;
        let doc = workspace::document_for(path, f, &loaded);
        writeln!(out, "added {} ({}, {} chars)", doc.path, loaded.encoding, loaded.text.char_len())?;
        project.apply(Project::add_document_edit(doc))?;
    }
    project_file::save(&project, path)?;
    writeln!(out, "created {}", path.display())?;
    Ok(EXIT_OK)
}

fn install_desktop(out: &mut dyn Write) -> anyhow::Result<i32> {
    let data = crate::desktop::data_home().ok_or_else(|| anyhow::anyhow!("neither XDG_DATA_HOME nor HOME is set"))?;
    let exe = std::env::current_exe()?;
    crate::desktop::install(&data, &exe, out)?;
    writeln!(out, "Synoptic is in your applications menu; double-click a .synoptic.ron file to open it.")?;
    Ok(EXIT_OK)
}
