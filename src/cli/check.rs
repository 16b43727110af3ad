//! `synoptic check`: every passage re-anchored against its source, counted by status.

use super::{EXIT_ATTENTION, EXIT_OK};
use crate::io::import::ImportOptions;
use crate::io::project_file;
use crate::io::workspace;
use crate::io::workspace::SourceState;
use crate::model::AnchorStatus;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
pub(super) struct AnnotationLine<'a> {
    id: String,
    document: &'a str,
    status: &'static str,
    start: Option<usize>,
    end: Option<usize>,
}

/// Status reported for the passages of a document whose source could not
/// be read: they are kept as saved, but nothing was checked.
const NOT_CHECKED: &str = "not-checked";

/// A project that cannot be read: its error, naming the newest backup that
/// reads when there is one.
pub(super) fn with_backup_hint(e: crate::io::project_file::ProjectFileError, path: &Path) -> anyhow::Error {
    match crate::io::project_file::newest_good_backup(path) {
        Some((b, when)) if !matches!(e, crate::io::project_file::ProjectFileError::TooNew { .. }) => anyhow::anyhow!(
            "{e}\nThe newest backup that reads was saved {when}: {} (open it in Synoptic, or copy it over the damaged file)",
            b.display()
        ),
        _ => e.into(),
    }
}

pub(super) fn check(path: &Path, json: bool, save: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let opened = workspace::open(path, ImportOptions::default()).map_err(|e| with_backup_hint(e, path))?;
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
pub(super) fn status_counts(counts: &[usize]) -> String {
    AnchorStatus::ALL.iter().zip(counts).map(|(s, n)| format!("{n} {}", s.as_str())).collect::<Vec<_>>().join(", ")
}
