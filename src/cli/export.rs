//! `synoptic export` and `synoptic matrix`: reports, tables and REFI-QDA, and the documents × tags counts.

use super::EXIT_OK;
use crate::io::import::ImportOptions;
use crate::io::project_file;
use crate::io::workspace;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
pub(super) struct MatrixJson<'a> {
    documents: Vec<&'a str>,
    tags: Vec<&'a str>,
    counts: &'a [Vec<usize>],
}

#[allow(clippy::too_many_arguments)] // one per command-line option
#[allow(clippy::fn_params_excessive_bools)]
pub(super) fn export(
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

pub(super) fn matrix(path: &Path, csv: bool, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
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
