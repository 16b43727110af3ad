//! The command line: `synoptic check`, `synoptic new`, and the arguments of
//! the GUI. Everything here writes to the writers it is given so that tests
//! can read it.
#![allow(clippy::print_stdout)] // printing is this module's job

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::analysis::reuse::ReuseSettings;
use crate::analysis::search::Query;

mod check;
mod desktop;
mod export;
mod extract;
mod metadata;
mod new;
mod qda;
mod search;
mod shared;
mod synopsis;

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
    /// each document's annotations by status, then the totals. The passages
    /// of a document whose source is missing or unreadable are kept but
    /// not checked, and counted so. Exit 0 when all are exact or moved, 1
    /// when any needs review or is orphaned (or a source is missing), 2 on
    /// error.
    Check {
        /// The project file.
        project: PathBuf,
        /// Print one JSON object per annotation instead of a summary
        /// (status `not-checked` when its source could not be read).
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
    /// Align a project's documents sentence by sentence: rows of what each
    /// says, the same thing in one row, what only one says in a row of its
    /// own. Exit 0 when done, 2 on error.
    Synopsis {
        /// The project file.
        project: PathBuf,
        /// Only these documents (by title or file name), in this order;
        /// else all, by date.
        #[arg(long, num_args = 1..)]
        docs: Vec<String>,
        /// Only the documents of this set.
        #[arg(long, conflicts_with = "docs")]
        set: Option<String>,
        /// The document whose order the rows follow (by title or file name).
        #[arg(long)]
        reference: Option<String>,
        /// Print one JSON object: `documents` (title, path) and `rows`, each
        /// with `cells` (`document` index, `start` and `end` in chars of the
        /// document's text, `text`).
        #[arg(long, conflicts_with_all = ["md", "html", "csv"])]
        json: bool,
        /// A Markdown table, a column per document.
        #[arg(long, conflicts_with_all = ["html", "csv"])]
        md: bool,
        /// A printable HTML table.
        #[arg(long, conflicts_with = "csv")]
        html: bool,
        /// CSV, a column per document.
        #[arg(long)]
        csv: bool,
        /// Write to this file instead of printing.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Print the passages that two or more texts share verbatim or nearly
    /// so, grouped into clusters. Exit 0 when done (found or not), 2 on error.
    Shared {
        /// Source texts to compare (two or more).
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// Fewest matching words in a passage.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
        min_words: u16,
        /// Lowest similarity of the two sides, from 0 to 1.
        #[arg(long, default_value_t = 0.8)]
        min_similarity: f32,
        /// Print one JSON object per passage instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the text that importing a file (or fetching a web address)
    /// would store: a web page's article, a PDF's text layer, a Word file's
    /// paragraphs… Exit 0 when done, 2 when it cannot be imported.
    Extract {
        /// The file to read, or an http(s) address to fetch.
        file: PathBuf,
        /// Print one JSON object: `text`, `title`, `author`, `site`, `date`,
        /// `url`, `lang`, `format`, and `pages` (char offsets) for PDFs.
        #[arg(long)]
        json: bool,
        /// For a web page without an article: take all of its visible text.
        #[arg(long)]
        all_text: bool,
    },
    /// Search every document of a project. Literal and case-sensitive
    /// unless told otherwise. Exit 0 when done (found or not), 2 on error
    /// (an invalid regex among them).
    Search {
        /// The project file.
        project: PathBuf,
        /// What to look for.
        pattern: String,
        /// The pattern is a regular expression (Rust `regex` syntax).
        #[arg(long)]
        regex: bool,
        /// Upper and lower case are the same.
        #[arg(long, short = 'i')]
        case_insensitive: bool,
        /// Accented letters match their base letter (`Helene` finds `Hélène`).
        #[arg(long)]
        ignore_accents: bool,
        /// Only whole words.
        #[arg(long, short = 'w')]
        whole_word: bool,
        /// Print one JSON object per hit: `document`, `start`, `end` (chars
        /// of the normalized text), `context`.
        #[arg(long)]
        json: bool,
    },
    /// Count the passages of each tag in each document (documents × tags).
    /// Exit 0 when done, 2 on error.
    Matrix {
        /// The project file.
        project: PathBuf,
        /// Print CSV: a header row (an empty cell, then each tag's name) and
        /// a row per document (its title, then its passage count per tag).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Print one JSON object: `documents` (titles), `tags` (names) and
        /// `counts` (a row per document).
        #[arg(long)]
        json: bool,
    },
    /// Export a project: a report (`md`, `html`), tables (`csv`, `xlsx`), or
    /// REFI-QDA for other QDA tools (`qdpx` project, `qdc` codebook). Exit 0
    /// when written, 2 on error.
    Export {
        /// The project file.
        project: PathBuf,
        /// md, html, csv, xlsx, qdpx or qdc.
        #[arg(long, short = 'f')]
        format: String,
        /// The file to write (CSV also writes `-matrix`, `-links` and
        /// `-memos` files beside it).
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Only passages with these tags (names, comma-separated).
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
        /// Only these documents (titles or file names, comma-separated).
        #[arg(long, value_delimiter = ',')]
        docs: Vec<String>,
        /// Only the documents of these document sets (names, comma-separated;
        /// with `--docs`, the documents of either).
        #[arg(long = "set", value_delimiter = ',')]
        sets: Vec<String>,
        /// Leave out notes and memos.
        #[arg(long)]
        no_notes: bool,
        /// Leave out the text around passages.
        #[arg(long)]
        no_context: bool,
    },
    /// Document metadata as CSV (`path,title,outlet,author,date,url`):
    /// `--export` writes it, `--import` fills documents in from it (empty
    /// cells leave a field as it is; dates stored as ISO dates) and saves
    /// the project. Exit 0 when done, 2 on error.
    Metadata {
        /// The project file.
        project: PathBuf,
        /// Read this CSV into the project.
        #[arg(long, conflicts_with = "export")]
        import: Option<PathBuf>,
        /// Write the metadata to this CSV.
        #[arg(long)]
        export: Option<PathBuf>,
        /// Numeric dates are month first (03/04/2026 is 4 March).
        #[arg(long, conflicts_with = "day_first")]
        month_first: bool,
        /// Numeric dates are day first (03/04/2026 is 3 April): the
        /// default, said to silence the note on ambiguous dates.
        #[arg(long)]
        day_first: bool,
    },
    /// For the kill test (tests/kill.rs): add a memo and save, over and over,
    /// printing the number of memos after each save, until killed.
    #[command(hide = true)]
    SaveLoop {
        /// The project file (created when missing).
        project: PathBuf,
        /// Write recovery copies (no backups) instead of saves.
        #[arg(long)]
        copy: bool,
    },
    /// For the kill test of the app (tests/kill.rs): open the project in the
    /// real app, without a window, and add a memo every 100 ms while frames
    /// run, printing the number of memos added, until killed.
    #[cfg(feature = "gui")]
    #[command(hide = true)]
    EditLoop {
        /// The project file.
        project: PathBuf,
    },
    /// Make a Synoptic project of a REFI-QDA project (`.qdpx`) from another
    /// QDA tool; its texts are written into `NAME.sources/` beside the new
    /// project. Exit 0 when written (what was skipped is listed), 2 on error.
    Import {
        /// The `.qdpx` file.
        file: PathBuf,
        /// The project file to create (`NAME.synoptic.ron`).
        #[arg(long, short = 'o')]
        output: PathBuf,
    },
    /// Create a project from source files (text, web pages, PDF, Word,
    /// OpenDocument, EPUB, Markdown); imported texts are kept in
    /// `NAME.sources/` beside the project.
    New {
        /// The project file to create (`NAME.synoptic.ron`).
        project: PathBuf,
        /// Source texts to add, or folders: every readable text under a
        /// folder (hidden files, links and binaries skipped; a text that
        /// repeats another is added once).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Run a headless command; returns the exit code.
pub fn run(cmd: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cmd {
        Command::Check { project, json, save } => check::check(project, *json, *save, out),
        Command::New { project, files } => new::new_project(project, files, out),
        Command::Extract { file, json, all_text } => extract::extract(file, *json, *all_text, out),
        Command::Matrix { project, csv, json } => export::matrix(project, *csv, *json, out),
        Command::Search { project, pattern, regex, case_insensitive, ignore_accents, whole_word, json } => {
            let q = Query {
                pattern: pattern.clone(),
                regex: *regex,
                whole_word: *whole_word,
                match_case: !*case_insensitive,
                ignore_accents: *ignore_accents,
            };
            search::search(project, &q, *json, out)
        }
        Command::InstallDesktop => desktop::install_desktop(out),
        Command::Export { project, format, output, tags, docs, sets, no_notes, no_context } => {
            export::export(project, format, output, tags, (docs, sets), !*no_notes, !*no_context, out)
        }
        Command::Import { file, output } => qda::import_qdpx(file, output, out, err),
        Command::SaveLoop { project, copy } => crate::crashtest::save_loop(project, *copy, out),
        #[cfg(feature = "gui")]
        Command::EditLoop { project } => crate::crashtest::edit_loop(project, out),
        Command::Metadata { project, import, export, month_first, day_first } => {
            let order = metadata::DateOrder { day_first: !*month_first, said: *month_first || *day_first };
            metadata::metadata(project, import.as_deref(), export.as_deref(), order, out)
        }
        Command::Synopsis { project, docs, set, reference, json, md, html, csv, output } => {
            use synopsis::Format;
            let format = match (json, md, html, csv) {
                (true, ..) => Format::Json,
                (_, true, ..) => Format::Md,
                (_, _, true, _) => Format::Html,
                (.., true) => Format::Csv,
                _ => Format::Text,
            };
            let ask = synopsis::Ask {
                docs,
                set: set.as_deref(),
                reference: reference.as_deref(),
                format,
                output: output.as_deref(),
            };
            synopsis::synopsis(project, &ask, out)
        }
        Command::Shared { files, min_words, min_similarity, json } => {
            let settings = ReuseSettings {
                min_words: usize::from(*min_words),
                min_similarity: *min_similarity,
                ..ReuseSettings::default()
            };
            shared::shared(files, &settings, *json, out)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "synoptic: {e}");
            EXIT_ERROR
        }
    }
}
