//! `synoptic shared`: passages that texts share, found without a project.

use super::EXIT_OK;
use crate::analysis::job::Control;
use crate::analysis::reuse::ReuseSettings;
use crate::analysis::reuse::clusters;
use crate::analysis::reuse::find_shared;
use crate::analysis::words::WordIndex;
use crate::io::import;
use crate::io::import::ImportOptions;
use crate::model::CharRange;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Serialize)]
pub(super) struct PassageSide<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
pub(super) struct PassageLine<'a> {
    cluster: usize,
    words: usize,
    similarity: f32,
    sides: [PassageSide<'a>; 2],
}

pub(super) fn shared(
    files: &[PathBuf],
    settings: &ReuseSettings,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
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
