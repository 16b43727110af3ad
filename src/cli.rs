//! The command line: `synoptic check`, `synoptic new`, and the arguments of
//! the GUI. Everything here writes to the writers it is given so that tests
//! can read it.
#![allow(clippy::print_stdout)] // printing is this module's job

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::analysis::job::Control;
use crate::analysis::reuse::{ReuseSettings, clusters, find_shared};
use crate::analysis::search::{self, Query, Searcher};
use crate::analysis::words::WordIndex;
use crate::io::import::{self, ImportOptions};
use crate::io::workspace::{self, SourceState};
use crate::io::{project_file, snapshot};
use crate::model::{AnchorStatus, CharRange, Project};

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
        #[arg(long)]
        month_first: bool,
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
        Command::Check { project, json, save } => check(project, *json, *save, out),
        Command::New { project, files } => new_project(project, files, out),
        Command::Extract { file, json, all_text } => extract(file, *json, *all_text, out),
        Command::Matrix { project, csv, json } => matrix(project, *csv, *json, out),
        Command::Search { project, pattern, regex, case_insensitive, ignore_accents, whole_word, json } => {
            let q = Query {
                pattern: pattern.clone(),
                regex: *regex,
                whole_word: *whole_word,
                match_case: !*case_insensitive,
                ignore_accents: *ignore_accents,
            };
            search(project, &q, *json, out)
        }
        Command::InstallDesktop => install_desktop(out),
        Command::Export { project, format, output, tags, docs, sets, no_notes, no_context } => {
            export(project, format, output, tags, (docs, sets), !*no_notes, !*no_context, out)
        }
        Command::Import { file, output } => import_qdpx(file, output, out, err),
        Command::SaveLoop { project, copy } => crate::crashtest::save_loop(project, *copy, out),
        #[cfg(feature = "gui")]
        Command::EditLoop { project } => crate::crashtest::edit_loop(project, out),
        Command::Metadata { project, import, export, month_first } => {
            metadata(project, import.as_deref(), export.as_deref(), !*month_first, out)
        }
        Command::Shared { files, min_words, min_similarity, json } => {
            let settings = ReuseSettings {
                min_words: usize::from(*min_words),
                min_similarity: *min_similarity,
                ..ReuseSettings::default()
            };
            shared(files, &settings, *json, out)
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

#[derive(Serialize)]
struct AnnotationLine<'a> {
    id: String,
    document: &'a str,
    status: &'static str,
    start: Option<usize>,
    end: Option<usize>,
}

/// Status reported for the passages of a document whose source could not
/// be read: they are kept as saved, but nothing was checked.
const NOT_CHECKED: &str = "not-checked";

fn check(path: &Path, json: bool, save: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let opened = workspace::open(path, ImportOptions::default())?;
    let p = &opened.project;
    let mut attention = false;
    let mut docs: Vec<_> = p.documents().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    // Per status (in `AnchorStatus::ALL` order), then not checked.
    let mut totals = [0usize; AnchorStatus::ALL.len() + 1];
    for d in docs {
        let source = opened.sources.get(&d.id);
        let unread = match source {
            Some(SourceState::Loaded(_)) => None,
            Some(SourceState::Missing(m) | SourceState::Failed(m)) => Some(m.as_str()),
            None => Some("the source was not read"),
        };
        let anns = p.annotations_of(d.id);
        attention |= unread.is_some() || anns.iter().any(|a| a.status >= AnchorStatus::NeedsReview);
        if json {
            for a in anns {
                let range = (unread.is_some() || a.status != AnchorStatus::Orphaned).then_some(a.anchor.range);
                let line = AnnotationLine {
                    id: a.id.to_string(),
                    document: &d.path,
                    status: if unread.is_some() { NOT_CHECKED } else { a.status.as_str() },
                    start: range.map(|r| r.start.0),
                    end: range.map(|r| r.end.0),
                };
                writeln!(out, "{}", serde_json::to_string(&line)?)?;
            }
        } else if let Some(why) = unread {
            totals[AnchorStatus::ALL.len()] += anns.len();
            let n = anns.len();
            let passages = if n == 1 { "passage" } else { "passages" };
            writeln!(out, "{}: {n} {passages} kept, not checked: {why}", d.path)?;
        } else {
            let counts: Vec<usize> =
                AnchorStatus::ALL.iter().map(|s| anns.iter().filter(|a| a.status == *s).count()).collect();
            for (t, c) in totals.iter_mut().zip(&counts) {
                *t += c;
            }
            writeln!(out, "{}: {}", d.path, status_counts(&counts))?;
        }
    }
    if !json {
        let (counts, not_checked) = totals.split_at(AnchorStatus::ALL.len());
        writeln!(out, "total: {}, {} {NOT_CHECKED}", status_counts(counts), not_checked[0])?;
    }
    if let (Some(r), false) = (&opened.read_only, json) {
        writeln!(out, "note: {r}")?;
    }
    // Absolute paths tie the project to one machine's folders: point out
    // those that could be relative (and make them so with --save).
    let mut relative = Vec::new();
    for d in p.documents().filter(|d| Path::new(&d.path).is_absolute()) {
        let rel = project_file::relative_source_path(path, Path::new(&d.path));
        if !Path::new(&rel).is_absolute() && rel != d.path {
            if !json {
                writeln!(
                    out,
                    "note: {} is stored as an absolute path; relative to the project it is {rel}{}",
                    d.path,
                    if save {
                        " (stored so now)"
                    } else {
                        " (check --save stores it so, and the project can then move with its sources)"
                    }
                )?;
            }
            relative.push((d.id, rel));
        }
    }
    if save {
        anyhow::ensure!(opened.read_only.is_none(), "not saved: the project is read-only ({})", path.display());
        let mut p = p.clone();
        for (id, rel) in relative {
            if let Some(e) = p.update_document_edit(id, |d| d.path = rel) {
                p.apply(e)?;
            }
        }
        project_file::save(&p, path)?;
        if !json {
            writeln!(out, "saved {}", path.display())?;
        }
    }
    Ok(if attention { EXIT_ATTENTION } else { EXIT_OK })
}

/// "3 exact, 1 moved, 0 needs-review, 0 orphaned" for counts in
/// `AnchorStatus::ALL` order.
fn status_counts(counts: &[usize]) -> String {
    AnchorStatus::ALL.iter().zip(counts).map(|(s, n)| format!("{n} {}", s.as_str())).collect::<Vec<_>>().join(", ")
}

#[derive(Serialize)]
struct PassageSide<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct PassageLine<'a> {
    cluster: usize,
    words: usize,
    similarity: f32,
    sides: [PassageSide<'a>; 2],
}

fn shared(files: &[PathBuf], settings: &ReuseSettings, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&settings.min_similarity),
        "--min-similarity must be between 0 and 1 (got {})",
        settings.min_similarity
    );
    let mut texts = Vec::with_capacity(files.len());
    for f in files {
        texts.push(import::load_text(f, ImportOptions::default())?.text);
    }
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let index: Vec<WordIndex> = texts.iter().map(|t| WordIndex::words(t.as_str())).collect();
    let refs: Vec<&WordIndex> = index.iter().collect();
    let passages = find_shared(&refs, settings, &Control::new())?;
    let groups = clusters(&passages);
    for (c, group) in groups.iter().enumerate() {
        if json {
            for &i in &group.passages {
                let p = &passages[i];
                let side = |d: usize, r: CharRange| PassageSide {
                    document: &names[d],
                    start: r.start.0,
                    end: r.end.0,
                    text: texts[d].slice(r),
                };
                let line = PassageLine {
                    cluster: c + 1,
                    words: p.words,
                    similarity: p.similarity,
                    sides: [side(p.a, p.a_range), side(p.b, p.b_range)],
                };
                writeln!(out, "{}", serde_json::to_string(&line)?)?;
            }
        } else {
            writeln!(out, "cluster {} ({} documents, {} passages)", c + 1, group.doc_count(), group.passages.len())?;
            for m in &group.members {
                let text = texts[m.doc].slice(m.range).replace('\n', " ");
                writeln!(out, "  {}:{}  {text}", names[m.doc], m.range)?;
            }
        }
    }
    if !json {
        writeln!(out, "{} shared passage(s) in {} cluster(s)", passages.len(), groups.len())?;
    }
    Ok(EXIT_OK)
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
    // Folders give every readable text under them; what is left out is
    // counted and listed. Files named one by one must all be readable.
    let mut skipped: Vec<(PathBuf, String)> = Vec::new();
    let mut named: Vec<(PathBuf, bool)> = Vec::new();
    for f in files {
        if f.is_dir() {
            let l = crate::io::folder::list(f)?;
            named.extend(l.files.into_iter().map(|p| (p, true)));
            skipped.extend(l.skipped);
        } else {
            named.push((f.clone(), false));
        }
    }
    // Import everything before writing anything: a file that cannot be
    // read leaves no half-made sources folder behind.
    let mut imported = Vec::with_capacity(named.len());
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    for (f, from_folder) in &named {
        match import::import_file(f, ImportOptions::default()) {
            Ok(imp) => {
                // The same text twice (a copy under another name) is added once.
                if let Some(first) = seen.get(&imp.loaded.hash) {
                    skipped.push((f.clone(), format!("the same text as {}", first.display())));
                    continue;
                }
                seen.insert(imp.loaded.hash.clone(), f.clone());
                imported.push((f.clone(), imp));
            }
            Err(e) if *from_folder => skipped.push((f.clone(), e.to_string())),
            Err(e) => return Err(e.into()),
        }
    }
    anyhow::ensure!(!imported.is_empty(), "no readable text was found; nothing to make a project of");
    for (f, imp) in imported {
        let doc = if imp.format.is_plain() {
            let mut d = workspace::document_for(path, &f, &imp.loaded);
            crate::analysis::titles::name_text_document(&mut d, imp.loaded.text.as_str());
            d
        } else {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let snap = snapshot::write_new(&snapshot::sources_dir(path), &name, imp.loaded.text.as_str())?;
            let mut d = snapshot::document_for_import(
                project_file::relative_source_path(path, &snap),
                project_file::relative_source_path(path, &f),
                &imp,
            );
            if d.meta.title.is_empty() {
                d.meta.title = name;
            }
            d
        };
        let kind = if imp.format.is_plain() { imp.loaded.encoding.to_owned() } else { imp.format.name().to_owned() };
        writeln!(out, "added {} ({kind}, {} chars)", doc.path, imp.loaded.text.char_len())?;
        for n in &imp.notes {
            writeln!(out, "  note: {n}")?;
        }
        project.apply(Project::add_document_edit(doc))?;
    }
    if !skipped.is_empty() {
        writeln!(out, "skipped {} file(s):", skipped.len())?;
        for (p, why) in skipped.iter().take(50) {
            writeln!(out, "  {}: {why}", p.display())?;
        }
        if skipped.len() > 50 {
            writeln!(out, "  … and {} more", skipped.len() - 50)?;
        }
    }
    let retitled = crate::analysis::titles::disambiguate(&project, None);
    project.apply(crate::model::Edit::Batch(retitled))?;
    project_file::save(&project, path)?;
    writeln!(out, "created {} with {} document(s)", path.display(), project.documents().count())?;
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct MatrixJson<'a> {
    documents: Vec<&'a str>,
    tags: Vec<&'a str>,
    counts: &'a [Vec<usize>],
}

#[allow(clippy::too_many_arguments)] // one per command-line option
#[allow(clippy::fn_params_excessive_bools)]
fn export(
    path: &Path,
    format: &str,
    output: &Path,
    tags: &[String],
    (docs, sets): (&[String], &[String]),
    notes: bool,
    context: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    use crate::io::export::{self, Format, Options};
    let Some(format) = Format::parse(format) else {
        anyhow::bail!("unknown format {format:?}: use md, html, csv, xlsx, qdpx or qdc");
    };
    let opened = workspace::open(path, ImportOptions::default())?;
    let p = &opened.project;
    let title = path.file_name().map_or_else(String::new, |n| {
        let n = n.to_string_lossy();
        n.strip_suffix(project_file::EXTENSION).unwrap_or(&n).to_owned()
    });
    let mut opts = Options::new(format, title);
    opts.notes = notes;
    opts.context = context;
    if !tags.is_empty() {
        let mut set = std::collections::BTreeSet::new();
        for name in tags {
            let t = p.codebook().iter().find(|t| t.name.eq_ignore_ascii_case(name.trim()));
            let Some(t) = t else { anyhow::bail!("no tag named {name:?} in the codebook") };
            set.insert(t.id);
        }
        opts.tags = Some(set);
    }
    if !docs.is_empty() || !sets.is_empty() {
        let mut set = std::collections::BTreeSet::new();
        for name in sets {
            let name = name.trim();
            let Some(s) = p.sets().into_iter().find(|s| s.name.eq_ignore_ascii_case(name)) else {
                let known: Vec<&str> = p.sets().iter().map(|s| s.name.as_str()).collect();
                anyhow::bail!("no document set named {name:?} (the project has: {})", known.join(", "));
            };
            set.extend(s.docs.iter().copied());
        }
        for name in docs {
            let name = name.trim();
            let d = p
                .documents()
                .find(|d| d.meta.title == name || d.path == name || d.path.rsplit('/').next() == Some(name));
            let Some(d) = d else { anyhow::bail!("no document titled or named {name:?}") };
            set.insert(d.id);
        }
        opts.docs = Some(set);
    }
    let text = |d: crate::model::DocId| match opened.sources.get(&d) {
        Some(workspace::SourceState::Loaded(l)) => Some(&l.text),
        _ => None,
    };
    let written = export::export(p, &text, &opts, output)?;
    for w in written {
        writeln!(out, "wrote {}", w.display())?;
    }
    Ok(EXIT_OK)
}

fn metadata(
    path: &Path,
    import: Option<&Path>,
    export: Option<&Path>,
    day_first: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    use crate::io::metadata_csv;
    let mut project = project_file::load(path)?.project;
    if let Some(csv) = export {
        crate::io::atomic::write_atomic(csv, |w| w.write_all(&metadata_csv::export(&project)))?;
        writeln!(out, "wrote {} ({} documents)", csv.display(), project.documents().count())?;
        return Ok(EXIT_OK);
    }
    let Some(csv) = import else { anyhow::bail!("say --import FILE.csv or --export FILE.csv") };
    let plan = metadata_csv::plan(&project, &std::fs::read(csv)?, day_first)?;
    for (row, p) in &plan.unknown {
        writeln!(out, "row {row}: no single document matches {p:?}")?;
    }
    for (row, p) in &plan.duplicates {
        writeln!(out, "row {row}: {p:?} was set by an earlier row too (this row wins)")?;
    }
    for (row, _, d) in &plan.bad_dates {
        writeln!(out, "row {row}: date {d:?} not understood; kept as written")?;
    }
    let n = plan.updated;
    project.apply(crate::model::Edit::Batch(plan.edits))?;
    project_file::save(&project, path)?;
    writeln!(out, "updated {n} document(s) in {}", path.display())?;
    Ok(EXIT_OK)
}

fn import_qdpx(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    if output.exists() {
        anyhow::bail!("{} exists already: choose a new project file", output.display());
    }
    let imported = crate::io::export::refi_import::import_qdpx(file, output)?;
    for c in &imported.positions {
        writeln!(err, "synoptic: {c}")?;
    }
    for w in &imported.warnings {
        writeln!(err, "synoptic: {w}")?;
    }
    let p = &imported.project;
    writeln!(
        out,
        "wrote {}: {} document(s), {} tag(s), {} passage(s), {} link(s), {} memo(s)",
        output.display(),
        p.documents().count(),
        p.codebook().len(),
        p.annotations().count(),
        p.link_count(),
        p.memos().count()
    )?;
    Ok(EXIT_OK)
}

fn matrix(path: &Path, csv: bool, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let project = project_file::load(path)?.project;
    let m = crate::analysis::stats::matrix(&project);
    let titles: Vec<&str> = m.docs.iter().filter_map(|d| project.document(*d)).map(|d| d.meta.title.as_str()).collect();
    let names: Vec<&str> = m.tags.iter().filter_map(|t| project.codebook().get(*t)).map(|t| t.name.as_str()).collect();
    if json {
        writeln!(out, "{}", serde_json::to_string(&MatrixJson { documents: titles, tags: names, counts: &m.counts })?)?;
    } else if csv {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(std::iter::once("").chain(names.iter().copied()))?;
        for (title, row) in titles.iter().zip(&m.counts) {
            w.write_record(std::iter::once((*title).to_owned()).chain(row.iter().map(ToString::to_string)))?;
        }
        w.flush()?;
    } else {
        let width = titles.iter().map(|t| t.chars().count()).max().unwrap_or(0).max(8);
        write!(out, "{:width$}", "")?;
        for n in &names {
            write!(out, "  {n}")?;
        }
        writeln!(out)?;
        for (title, row) in titles.iter().zip(&m.counts) {
            write!(out, "{title:width$}")?;
            for (n, c) in names.iter().zip(row) {
                write!(out, "  {c:>w$}", w = n.chars().count())?;
            }
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct HitLine<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    context: String,
}

/// Chars of context on each side of a hit.
const CONTEXT_CHARS: usize = 40;

fn search(path: &Path, q: &Query, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let searcher = Searcher::new(q)?;
    let opened = workspace::open(path, ImportOptions::default())?;
    let mut docs: Vec<_> = opened.project.documents().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let (mut total, mut in_docs) = (0usize, 0usize);
    for d in docs {
        let Some(SourceState::Loaded(l)) = opened.sources.get(&d.id) else {
            if !json {
                writeln!(out, "{}: not searched, the source could not be read", d.path)?;
            }
            continue;
        };
        let hits = searcher.find(&l.text, usize::MAX, None);
        if hits.total == 0 {
            continue;
        }
        total += hits.total;
        in_docs += 1;
        if !json {
            writeln!(out, "{} ({} hit{})", d.path, hits.total, if hits.total == 1 { "" } else { "s" })?;
        }
        for r in &hits.ranges {
            let context = search::context(&l.text, *r, CONTEXT_CHARS);
            if json {
                let line = HitLine { document: &d.path, start: r.start.0, end: r.end.0, context };
                writeln!(out, "{}", serde_json::to_string(&line)?)?;
            } else {
                writeln!(out, "  {r}  {context}")?;
            }
        }
    }
    if !json {
        writeln!(out, "{total} hit(s) in {in_docs} document(s)")?;
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct ExtractJson<'a> {
    format: &'static str,
    text: &'a str,
    title: &'a str,
    author: &'a str,
    site: &'a str,
    date: &'a str,
    url: &'a str,
    lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<&'a [usize]>,
    notes: &'a [String],
}

fn extract(file: &Path, json: bool, all_text: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let opts = ImportOptions { all_text, ..ImportOptions::default() };
    let url = file.to_str().filter(|s| crate::io::fetch::is_url(s));
    let result = match url {
        Some(u) => {
            let f = crate::io::fetch::fetch(u, crate::io::fetch::FetchOptions::default(), &Control::new(), &|_, _| {})?;
            let name = f.file_name();
            import::import_bytes(f.bytes, &name, opts).map_err(|e| e.at(Path::new(u)))
        }
        None => import::import_file(file, opts),
    };
    let imp = match result {
        Ok(i) => i,
        Err(e) if e.failure() == Some(&import::Failure::NoArticle) => {
            anyhow::bail!("{e}; rerun with --all-text to take all of its visible text")
        }
        Err(e) => return Err(e.into()),
    };
    let text = imp.loaded.text.as_str();
    if json {
        let m = &imp.meta;
        let line = ExtractJson {
            format: imp.format.name(),
            text,
            title: &m.title,
            author: &m.author,
            site: &m.site,
            date: &m.date,
            url: &m.url,
            lang: &m.lang,
            pages: (imp.format == import::Format::Pdf).then_some(imp.pages.as_slice()),
            notes: &imp.notes,
        };
        writeln!(out, "{}", serde_json::to_string(&line)?)?;
    } else {
        out.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}

fn install_desktop(out: &mut dyn Write) -> anyhow::Result<i32> {
    let data = crate::desktop::data_home().ok_or_else(|| anyhow::anyhow!("neither XDG_DATA_HOME nor HOME is set"))?;
    let exe = std::env::current_exe()?;
    crate::desktop::install(&data, &exe, out)?;
    writeln!(out, "Synoptic is in your applications menu; double-click a .synoptic.ron file to open it.")?;
    Ok(EXIT_OK)
}
