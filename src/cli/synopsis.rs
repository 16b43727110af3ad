//! `synoptic synopsis`: a project's documents aligned sentence by sentence
//! in rows (see [`crate::analysis::synopsis`]), as text, JSON, Markdown,
//! CSV or an HTML table.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::EXIT_OK;
use crate::analysis::job::Control;
use crate::analysis::synopsis::{self, Options, Synopsis};
use crate::io::import::ImportOptions;
use crate::io::workspace::{self, SourceState};
use crate::model::{CharRange, Document, SourceText};

/// How to print the synopsis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rows of lines, each "title: sentence".
    Text,
    /// One JSON object: documents and rows of cells.
    Json,
    /// A Markdown table, a column per document.
    Md,
    /// CSV, a column per document.
    Csv,
    /// A printable HTML table.
    Html,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    title: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct JsonCell<'a> {
    document: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    cells: Vec<JsonCell<'a>>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    documents: Vec<JsonDoc<'a>>,
    rows: Vec<JsonRow<'a>>,
}

/// What the command was asked for.
pub(super) struct Ask<'a> {
    pub docs: &'a [String],
    pub set: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub format: Format,
    pub output: Option<&'a Path>,
}

fn find<'p>(p: &'p crate::model::Project, name: &str) -> anyhow::Result<&'p Document> {
    let name = name.trim();
    p.documents()
        .find(|d| d.meta.title == name || d.path == name || d.path.rsplit('/').next() == Some(name))
        .ok_or_else(|| anyhow::anyhow!("no document titled or named {name:?}"))
}

pub(super) fn synopsis(path: &Path, ask: &Ask<'_>, out: &mut dyn Write) -> anyhow::Result<i32> {
    let opened = workspace::open(path, ImportOptions::default())?;
    let p = &opened.project;
    // The documents: those named, in that order; else a set's, else all,
    // by date then title.
    let docs: Vec<&Document> = if ask.docs.is_empty() {
        let mut all: Vec<&Document> = match ask.set {
            Some(name) => {
                let Some(s) = p.sets().into_iter().find(|s| s.name.eq_ignore_ascii_case(name.trim())) else {
                    let known: Vec<&str> = p.sets().iter().map(|s| s.name.as_str()).collect();
                    anyhow::bail!("no document set named {name:?} (the project has: {})", known.join(", "));
                };
                s.docs.iter().filter_map(|d| p.document(*d)).collect()
            }
            None => p.documents().collect(),
        };
        all.sort_by(|a, b| a.meta.date.cmp(&b.meta.date).then(a.meta.title.cmp(&b.meta.title)));
        all
    } else {
        ask.docs.iter().map(|n| find(p, n)).collect::<anyhow::Result<_>>()?
    };
    let texts: Vec<&SourceText> = docs
        .iter()
        .map(|d| match opened.sources.get(&d.id) {
            Some(SourceState::Loaded(l)) => Ok(&l.text),
            _ => Err(anyhow::anyhow!("the source of {:?} ({}) could not be read", d.meta.title, d.path)),
        })
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(!docs.is_empty(), "the project has no documents to align");
    let reference = match ask.reference {
        Some(name) => {
            let d = find(p, name)?;
            let at = docs.iter().position(|x| x.id == d.id);
            anyhow::ensure!(at.is_some(), "the reference {name:?} is not among the documents aligned");
            at
        }
        None => None,
    };
    let strs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    let ids: Vec<_> = docs.iter().map(|d| d.id).collect();
    let (choices, stale) = synopsis::choices_of(p, &ids, &texts);
    if stale > 0 {
        eprintln!("{stale} of the project's row choices are about text that has changed since; they are left out");
    }
    let syn = synopsis::align(&strs, &Options { reference, choices }, &Control::new())?;
    let cell = |d: usize, i: usize| -> (CharRange, &str) {
        let r = syn.sentences[d][i].range;
        (r, texts[d].slice(r))
    };
    let rendered = match ask.format {
        Format::Json => {
            let rows = syn
                .rows
                .iter()
                .map(|row| JsonRow {
                    cells: row
                        .cells
                        .iter()
                        .enumerate()
                        .flat_map(|(d, c)| c.iter().map(move |i| (d, *i)))
                        .map(|(d, i)| {
                            let (r, text) = cell(d, i);
                            JsonCell { document: d, start: r.start.0, end: r.end.0, text }
                        })
                        .collect(),
                })
                .collect();
            let documents = docs.iter().map(|d| JsonDoc { title: &d.meta.title, path: &d.path }).collect();
            let mut s = serde_json::to_string_pretty(&JsonOut { documents, rows })?;
            s.push('\n');
            s
        }
        Format::Text => text(&syn, &docs, &cell),
        Format::Md => markdown(&syn, &docs, &cell),
        Format::Csv => csv(&syn, &docs, &cell)?,
        Format::Html => {
            let diffs = synopsis::row_differences(&syn, &strs, reference.unwrap_or(0), &Control::new())?;
            html(&syn, &docs, &cell, &diffs)
        }
    };
    match ask.output {
        Some(o) => {
            check_output(Some(o))?;
            crate::io::atomic::write_atomic(o, |w| w.write_all(rendered.as_bytes()))?;
            writeln!(out, "wrote {}", o.display())?;
        }
        None => out.write_all(rendered.as_bytes())?,
    }
    Ok(EXIT_OK)
}

/// A row's cell for document `d`: its sentences joined, one line.
fn joined<'a>(cells: &[usize], d: usize, cell: &impl Fn(usize, usize) -> (CharRange, &'a str)) -> String {
    cells.iter().map(|i| cell(d, *i).1.replace('\n', " ")).collect::<Vec<_>>().join(" ")
}

fn text<'a>(syn: &Synopsis, docs: &[&Document], cell: &impl Fn(usize, usize) -> (CharRange, &'a str)) -> String {
    let mut s = String::new();
    let shared = syn.rows.iter().filter(|r| r.width() > 1).count();
    for (k, row) in syn.rows.iter().enumerate() {
        let _ = writeln!(s, "row {} ({} of {} documents)", k + 1, row.width(), docs.len());
        for (d, c) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            let moved = if row.moved[d].is_some() { " [moved]" } else { "" };
            let _ = writeln!(s, "  {}{moved}: {}", docs[d].meta.title, joined(c, d, cell));
        }
    }
    let _ = writeln!(s, "{} row(s), {shared} found in more than one document", syn.rows.len());
    s
}

fn markdown<'a>(syn: &Synopsis, docs: &[&Document], cell: &impl Fn(usize, usize) -> (CharRange, &'a str)) -> String {
    let esc = |t: &str| t.replace('|', "\\|").replace('<', "&lt;");
    let mut s = String::from("|");
    for d in docs {
        let _ = write!(s, " {} |", esc(&d.meta.title));
    }
    s.push_str("\n|");
    s.push_str(&"---|".repeat(docs.len()));
    s.push('\n');
    for row in &syn.rows {
        s.push('|');
        for (d, c) in row.cells.iter().enumerate() {
            let _ = write!(s, " {} |", esc(&joined(c, d, cell)));
        }
        s.push('\n');
    }
    s
}

fn csv<'a>(
    syn: &Synopsis,
    docs: &[&Document],
    cell: &impl Fn(usize, usize) -> (CharRange, &'a str),
) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(docs.iter().map(|d| d.meta.title.as_str()))?;
    for row in &syn.rows {
        w.write_record(row.cells.iter().enumerate().map(|(d, c)| joined(c, d, cell)))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The synopsis as a printable HTML table: rows shaded by how many
/// documents carry them, the words each sentence has that its row's lead
/// lacks in `<ins>` (numbers and names in `<ins class="key">`).
fn html<'a>(
    syn: &Synopsis,
    docs: &[&Document],
    cell: &impl Fn(usize, usize) -> (CharRange, &'a str),
    diffs: &[Vec<Vec<synopsis::Difference>>],
) -> String {
    let h = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut s = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Synopsis</title><style>\n\
         body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}\n\
         th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top}th{background:#eee}\n\
         tr.all td{background:#f4f9f4}tr.one td.has{background:#fff6e0}td.moved{font-style:italic}\n\
         ins{text-decoration:none;background:#fde68a}ins.key{outline:1.5px solid #c2410c}\n\
         @media print{th{position:static}tr{break-inside:avoid}}\n</style></head><body>\n<h1>Synopsis</h1>\n<table>\n<tr>",
    );
    for d in docs {
        let _ = write!(s, "<th dir=\"auto\">{}</th>", h(&d.meta.title));
    }
    s.push_str("</tr>\n");
    for (ri, row) in syn.rows.iter().enumerate() {
        let class = match row.width() {
            w if w == docs.len() => "all",
            1 => "one",
            _ => "some",
        };
        let _ = write!(s, "<tr class=\"{class}\">");
        for (d, c) in row.cells.iter().enumerate() {
            let mut cls = if c.is_empty() { String::new() } else { "has".to_owned() };
            if row.moved[d].is_some() {
                cls.push_str(" moved");
            }
            let marked: Vec<String> = c
                .iter()
                .enumerate()
                .map(|(k, i)| {
                    let text = cell(d, *i).1.replace('\n', " ");
                    let added = diffs.get(ri).and_then(|r| r.get(d)).and_then(|x| x.get(k));
                    marked(&text, added.map_or(&[][..], |a| a.added.as_slice()), &h)
                })
                .collect();
            let _ = write!(s, "<td class=\"{cls}\" dir=\"auto\">{}</td>", marked.join(" "));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n</body></html>\n");
    s
}

/// `text` escaped by `h`, with the char ranges `added` in `<ins>`.
fn marked(text: &str, added: &[(CharRange, bool)], h: &impl Fn(&str) -> String) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let b = |c: usize| chars.get(c).map_or(text.len(), |x| x.0);
    // Words next to each other make one mark ("work out", not two).
    let mut runs: Vec<(CharRange, bool)> = Vec::new();
    for (r, key) in added {
        match runs.last_mut() {
            Some((last, k))
                if *k == *key && text.get(b(last.end.0)..b(r.start.0)).is_some_and(|g| g.trim().is_empty()) =>
            {
                last.end = r.end;
            }
            _ => runs.push((*r, *key)),
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for (r, key) in &runs {
        let (start, end) = (b(r.start.0).max(at), b(r.end.0));
        if start >= end {
            continue;
        }
        out.push_str(&h(&text[at..start]));
        let class = if *key { " class=\"key\"" } else { "" };
        let _ = write!(out, "<ins{class}>{}</ins>", h(&text[start..end]));
        at = end;
    }
    out.push_str(&h(&text[at..]));
    out
}

/// The output path's folder exists (a clear message instead of an I/O error).
fn check_output(o: Option<&Path>) -> anyhow::Result<()> {
    if let Some(o) = o
        && let Some(dir) = o.parent().filter(|d| !d.as_os_str().is_empty())
    {
        anyhow::ensure!(dir.is_dir(), "the folder {} does not exist", dir.display());
    }
    Ok(())
}
