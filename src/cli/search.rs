//! `synoptic search`: hits in a project's documents.

use super::EXIT_OK;
use crate::analysis::search;
use crate::analysis::search::Query;
use crate::analysis::search::Searcher;
use crate::io::import::ImportOptions;
use crate::io::workspace;
use crate::io::workspace::SourceState;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
pub(super) struct HitLine<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    context: String,
}

/// Chars of context on each side of a hit.
const CONTEXT_CHARS: usize = 40;

pub(super) fn search(path: &Path, q: &Query, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
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
