//! `synoptic synopsis`: a project's documents aligned sentence by sentence
//! in rows (see [`crate::analysis::synopsis`]), as text, JSON, Markdown,
//! CSV or an HTML table.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::EXIT_OK;
use crate::analysis::job::Control;
use crate::analysis::synopsis::{self, Options};
use crate::io::export::synopsis as rendered;
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
        Format::Text => rendered::text(&syn, &docs, &cell),
        Format::Md => rendered::markdown(&syn, &docs, &cell),
        Format::Csv => rendered::csv(&syn, &docs, &cell)?,
        Format::Html => {
            let diffs = synopsis::row_differences(&syn, &strs, reference.unwrap_or(0), &Control::new())?;
            rendered::html(&syn, &docs, &cell, &diffs, reference.unwrap_or(0))
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

/// The output path's folder exists (a clear message instead of an I/O error).
fn check_output(o: Option<&Path>) -> anyhow::Result<()> {
    if let Some(o) = o
        && let Some(dir) = o.parent().filter(|d| !d.as_os_str().is_empty())
    {
        anyhow::ensure!(dir.is_dir(), "the folder {} does not exist", dir.display());
    }
    Ok(())
}
