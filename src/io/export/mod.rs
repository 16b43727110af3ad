//! Exports: a report (Markdown, HTML), tables (CSV, XLSX) and the REFI-QDA
//! exchange formats (`.qdpx` project, `.qdc` codebook). The File > Export…
//! dialog and `synoptic export` both call [`export`]; nothing here knows
//! about the user interface.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::{Annotation, DocId, Document, Project, SourceText, Tag, TagId};

pub mod refi;
pub mod refi_import;
pub mod refi_positions;
mod refi_xml;
pub mod report;
pub mod synopsis;
pub mod table;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A report in Markdown.
    Markdown,
    /// A report as one self-contained HTML file.
    Html,
    /// Tables as CSV files (passages; matrix, links and memos beside it).
    Csv,
    /// Tables as sheets of one Excel workbook.
    Xlsx,
    /// The whole project for other QDA tools (REFI-QDA).
    Qdpx,
    /// The codebook alone (REFI-QDA).
    Qdc,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 6] = [Format::Html, Format::Markdown, Format::Xlsx, Format::Csv, Format::Qdpx, Format::Qdc];

    /// The format named on the command line (`md`, `html`, …).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "qdpx" => Format::Qdpx,
            "qdc" => Format::Qdc,
            _ => return None,
        })
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }

    /// What the dialog calls it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Report (Markdown)",
            Format::Html => "Report (HTML, prints well)",
            Format::Csv => "Tables (CSV)",
            Format::Xlsx => "Tables (Excel workbook)",
            Format::Qdpx => "REFI-QDA project (.qdpx: ATLAS.ti, NVivo, MAXQDA, QualCoder)",
            Format::Qdc => "REFI-QDA codebook (.qdc)",
        }
    }
}

/// What to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The format.
    pub format: Format,
    /// Only passages with these tags (and only these tags' sections). `None`: all.
    pub tags: Option<BTreeSet<TagId>>,
    /// Only these documents. `None`: all.
    pub docs: Option<BTreeSet<DocId>>,
    /// Include the notes on passages and documents, and memos.
    pub notes: bool,
    /// Include the text around each passage.
    pub context: bool,
    /// The report's title (the project's name).
    pub title: String,
}

impl Options {
    /// Everything, in `format`.
    pub fn new(format: Format, title: impl Into<String>) -> Self {
        Self { format, tags: None, docs: None, notes: true, context: true, title: title.into() }
    }
}

/// Why an export failed. The project is never touched.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output could not be written.
    #[error("could not write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The workbook could not be built.
    #[error("could not build the workbook: {0}")]
    Xlsx(String),
    /// A source text needed for the export is not loaded.
    #[error("the text of “{0}” is not available (is its source missing?)")]
    MissingText(String),
}

/// The loaded text of a document, if any.
pub type TextOf<'a> = &'a dyn Fn(DocId) -> Option<&'a SourceText>;

/// One exported file: a suffix for its name (empty for the main file, e.g.
/// `-links` for a CSV beside it) and its bytes.
pub type Output = Vec<(String, Vec<u8>)>;

/// Build the export in memory.
pub fn render(project: &Project, text: TextOf<'_>, opts: &Options) -> Result<Output, ExportError> {
    Ok(match opts.format {
        Format::Markdown => vec![(String::new(), report::markdown(project, text, opts).into_bytes())],
        Format::Html => vec![(String::new(), report::html(project, text, opts).into_bytes())],
        Format::Csv => table::csv_files(project, text, opts),
        Format::Xlsx => vec![(String::new(), table::xlsx(project, text, opts)?)],
        Format::Qdpx => vec![(String::new(), refi::qdpx(project, text, opts)?)],
        Format::Qdc => vec![(String::new(), refi::qdc(project).into_bytes())],
    })
}

/// Export to `out` (and, for CSV, files beside it named after it). Each
/// file is written atomically: a failed export leaves nothing half-written.
/// Returns the files written.
pub fn export(project: &Project, text: TextOf<'_>, opts: &Options, out: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let files = render(project, text, opts)?;
    let mut written = Vec::new();
    for (suffix, bytes) in files {
        let path = if suffix.is_empty() { out.to_owned() } else { beside(out, &suffix) };
        crate::io::atomic::write_atomic(&path, |w| w.write_all(&bytes))
            .map_err(|source| ExportError::Write { path: path.clone(), source })?;
        written.push(path);
    }
    Ok(written)
}

/// `report.csv` + `-links` → `report-links.csv`.
fn beside(out: &Path, suffix: &str) -> PathBuf {
    let stem = out.file_stem().map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    let ext = out.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    out.with_file_name(format!("{stem}{suffix}{ext}"))
}

/// A passage as every export lists it.
pub struct Passage<'a> {
    /// The annotation.
    pub annotation: &'a Annotation,
    /// Its document.
    pub doc: &'a Document,
    /// The quote on one line.
    pub quote: String,
    /// Where it is: "p. 3" for paged sources, "¶ 12" otherwise (empty when
    /// the text is not loaded).
    pub place: String,
    /// Text before and after it, on one line (empty unless asked for).
    pub before: String,
    /// See `before`.
    pub after: String,
}

/// Chars of context on each side of a passage in reports.
pub const CONTEXT_CHARS: usize = 160;

/// The documents exported, in reading order (date, then title).
pub fn documents<'a>(project: &'a Project, opts: &Options) -> Vec<&'a Document> {
    let mut docs: Vec<&Document> =
        project.documents().filter(|d| opts.docs.as_ref().is_none_or(|s| s.contains(&d.id))).collect();
    docs.sort_by_key(|d| {
        let date = crate::analysis::retrieve::doc_date(d);
        (date.is_none(), date, d.meta.title.clone(), d.path.clone())
    });
    docs
}

/// The tags exported, in codebook order with their depth.
pub fn tags<'a>(project: &'a Project, opts: &Options) -> Vec<(usize, &'a Tag)> {
    project
        .codebook()
        .tree()
        .into_iter()
        .filter(|(_, t)| opts.tags.as_ref().is_none_or(|s| s.contains(&t.id)))
        .collect()
}

/// The passages exported: in the chosen documents, carrying a chosen tag
/// (any passage when no tag filter is set), in document then text order.
pub fn passages<'a>(project: &'a Project, text: TextOf<'_>, opts: &Options) -> Vec<Passage<'a>> {
    let mut out = Vec::new();
    for d in documents(project, opts) {
        let t = text(d.id);
        for a in project.annotations_of(d.id) {
            if opts.tags.as_ref().is_some_and(|s| !a.tags.iter().any(|x| s.contains(x))) {
                continue;
            }
            let r = a.anchor.range;
            let place = place(d, a, t);
            let (before, after) = if !opts.context {
                (String::new(), String::new())
            } else if let Some(t) = t.filter(|t| r.end.0 <= t.char_len()) {
                let (b, _, a) = crate::analysis::search::context_parts(t, r, CONTEXT_CHARS);
                (b, a)
            } else {
                (one_line(&a.anchor.prefix), one_line(&a.anchor.suffix))
            };
            out.push(Passage { annotation: a, doc: d, quote: one_line(&a.anchor.exact), place, before, after });
        }
    }
    out
}

/// Runs of whitespace (line breaks too) as one space, ends trimmed.
pub use crate::io::import::collapse_ws as one_line;

/// Where a passage is: "p. 3" in a paged source, "¶ 12" otherwise (empty
/// when the text is not loaded).
pub fn place(d: &Document, a: &Annotation, text: Option<&SourceText>) -> String {
    let r = a.anchor.range;
    match (d.origin.as_ref().and_then(|o| o.page_of(r.start.0)), text) {
        (Some(p), _) => format!("p. {p}"),
        (None, Some(t)) if r.end.0 <= t.char_len() => format!("¶ {}", t.block_at(r.start) + 1),
        _ => String::new(),
    }
}

/// A tag's name with its parents' (`Impact / Jobs`).
pub fn tag_path(project: &Project, t: &Tag) -> String {
    let mut names = vec![t.name.as_str()];
    let mut cur = t.parent;
    let mut guard = 0;
    while let Some(p) = cur.and_then(|id| project.codebook().get(id)) {
        names.push(&p.name);
        cur = p.parent;
        guard += 1;
        if guard > project.codebook().len() {
            break;
        }
    }
    names.reverse();
    names.join(" / ")
}

/// A quote with its citation, ready to paste into an article: plain text
/// (`“…” — Outlet, “Title”, date, ¶ 4`) or Markdown (a block quote with the
/// source below, the title linked to its address when known).
pub fn citation(project: &Project, a: &Annotation, text: Option<&SourceText>, markdown: bool) -> String {
    let Some(d) = project.document(a.doc) else { return one_line(&a.anchor.exact) };
    let place = place(d, a, text);
    let quote = one_line(&a.anchor.exact);
    let title = if markdown && !d.meta.url.is_empty() {
        format!("[{}]({})", report::md(&d.meta.title), d.meta.url.replace(')', "%29").replace(' ', "%20"))
    } else if markdown {
        format!("“{}”", report::md(&d.meta.title))
    } else {
        format!("“{}”", d.meta.title)
    };
    let outlet = if markdown && !d.meta.source.is_empty() {
        format!("*{}*", report::md(&d.meta.source))
    } else {
        d.meta.source.clone()
    };
    let parts: Vec<String> =
        [outlet, title, d.meta.date.clone(), place].into_iter().filter(|s| !s.is_empty()).collect();
    if markdown {
        format!("> {}\n>\n> — {}", report::md(&quote), parts.join(", "))
    } else {
        format!("“{quote}” — {}", parts.join(", "))
    }
}

/// `#rrggbb`.
pub fn hex(c: crate::model::Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0[0], c.0[1], c.0[2])
}
