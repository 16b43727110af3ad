//! The project file `NAME.synoptic.ron`: versioned, sorted, human-readable
//! RON, saved atomically with rotating backups.
//!
//! See `docs/FORMAT.md` for the format itself.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use super::atomic;
use crate::model::{Annotation, DocSet, Document, EditError, Layout, Link, Memo, Project, Tag};

/// The format version this build writes, and the newest it reads fully.
pub const FORMAT_VERSION: u32 = 1;

/// File name suffix of project files.
pub const EXTENSION: &str = ".synoptic.ron";

/// The on-disk shape of a project. Field order is the order in the file.
/// Written by `ron_out`, which must keep to this shape.
#[derive(Deserialize)]
struct ProjectFile {
    format_version: u32,
    #[serde(default)]
    documents: Vec<Document>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default)]
    annotations: Vec<Annotation>,
    #[serde(default)]
    memos: Vec<Memo>,
    /// Absent or empty: the default relation types.
    #[serde(default)]
    relations: Vec<String>,
    #[serde(default)]
    links: Vec<Link>,
    /// Document sets; absent when there are none.
    #[serde(default)]
    sets: Vec<DocSet>,
    #[serde(default)]
    layout: Layout,
}

/// Why a project could not be loaded or saved.
#[derive(Debug, Error)]
pub enum ProjectFileError {
    /// Reading or writing failed.
    #[error("{action} failed: {source} ({})", path.display())]
    Io {
        /// "reading the project" or "saving the project".
        action: &'static str,
        /// The OS error.
        source: std::io::Error,
        /// The project file.
        path: PathBuf,
    },
    /// The file is larger than [`crate::model::limits::MAX_PROJECT_BYTES`].
    #[error("the project file is too large to read: {} ({})", crate::model::limits::human_over(*size, crate::model::limits::MAX_PROJECT_BYTES), path.display())]
    TooLarge {
        /// Its size.
        size: u64,
        /// The project file.
        path: PathBuf,
    },
    /// The file is not valid UTF-8 text.
    #[error("the project file is not UTF-8 text (byte {offset}) ({})", path.display())]
    NotUtf8 {
        /// First bad byte.
        offset: usize,
        /// The project file.
        path: PathBuf,
    },
    /// The RON is malformed or does not have the expected shape.
    #[error("the project file is damaged at line {line}, column {col}: {message} ({})", path.display())]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What the parser expected.
        message: String,
        /// The project file.
        path: PathBuf,
    },
    /// A newer Synoptic wrote this file and this version cannot read it.
    #[error(
        "the project was written by a newer Synoptic (format {found}; this version reads up to {FORMAT_VERSION}) and cannot be read: {detail} ({})",
        path.display()
    )]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Why reading failed.
        detail: String,
        /// The project file.
        path: PathBuf,
    },
    /// The file parses but its content is inconsistent.
    #[error("the project file is inconsistent: {source} ({})", path.display())]
    Invalid {
        /// Which invariant is broken.
        source: EditError,
        /// The project file.
        path: PathBuf,
    },
}

/// A project read from disk.
#[derive(Debug)]
pub struct LoadedProject {
    /// The project.
    pub project: Project,
    /// Why it must not be saved over, when it must not (newer format, or
    /// fields this version does not know and would drop).
    pub read_only: Option<String>,
}

/// Read and check a project file.
pub fn load(path: &Path) -> Result<LoadedProject, ProjectFileError> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > crate::model::limits::MAX_PROJECT_BYTES {
        return Err(ProjectFileError::TooLarge { size, path: path.to_owned() });
    }
    let bytes = std::fs::read(path).map_err(|source| ProjectFileError::Io {
        action: "reading the project",
        source,
        path: path.to_owned(),
    })?;
    parse(&bytes, path)
}

/// The newest backup of the project at `path` (in the backup folder beside
/// it) that reads as a project, with when it was saved (local time, as
/// "2026-12-06 14:05"). `None` when there is none.
pub fn newest_good_backup(path: &Path) -> Option<(PathBuf, String)> {
    let dir = path.parent().unwrap_or_else(|| Path::new(".")).join(atomic::BACKUP_DIR);
    let name = path.file_name()?.to_string_lossy().into_owned();
    let backups = atomic::list_backups(&dir, &name).ok()?;
    backups.into_iter().rev().find(|b| load(b).is_ok()).map(|b| {
        let when = std::fs::metadata(&b)
            .and_then(|m| m.modified())
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        (b, when)
    })
}

/// Parse project file bytes; `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> Result<LoadedProject, ProjectFileError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ProjectFileError::NotUtf8 { offset: e.valid_up_to(), path: path.to_owned() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let version = sniff_version(text);
    let syntax = |e: ron::error::SpannedError| ProjectFileError::Syntax {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
        path: path.to_owned(),
    };
    let mut de = ron::Deserializer::from_str(text).map_err(syntax)?;
    let mut unknown = Vec::new();
    let parsed: Result<ProjectFile, _> = serde_ignored::deserialize(&mut de, |p| unknown.push(p.to_string()));
    let file = match parsed.and_then(|f| de.end().map(|()| f)) {
        Ok(f) => f,
        Err(e) => {
            let e = de.span_error(e);
            return Err(match version {
                Some(found) if found > FORMAT_VERSION => {
                    ProjectFileError::TooNew { found, detail: syntax(e).to_string(), path: path.to_owned() }
                }
                _ => syntax(e),
            });
        }
    };
    let project = Project::from_parts(
        file.documents,
        file.tags,
        file.annotations,
        file.memos,
        file.links,
        (!file.relations.is_empty()).then_some(file.relations),
        file.layout,
    )
    .and_then(|p| p.with_sets(file.sets))
    .map_err(|source| ProjectFileError::Invalid { source, path: path.to_owned() })?;
    let read_only = if file.format_version > FORMAT_VERSION {
        Some(format!(
            "This project was written by a newer Synoptic (format {}; this version writes format {FORMAT_VERSION}). It is open read-only so that nothing the newer version saved is lost.",
            file.format_version
        ))
    } else if !unknown.is_empty() {
        unknown.truncate(5);
        Some(format!(
            "The project file has fields this version does not know ({}). It is open read-only so that saving does not drop them; use Save As to write a copy without them.",
            unknown.join(", ")
        ))
    } else {
        None
    };
    Ok(LoadedProject { project, read_only })
}

/// Find `format_version: N` near the start of the file without parsing it
/// all, so that a file from a newer version gets the right message even when
/// its shape has changed.
fn sniff_version(text: &str) -> Option<u32> {
    let head = &text[..text.floor_char_boundary(4096)];
    let at = head.find("format_version")?;
    let rest = head[at + "format_version".len()..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The project as RON text: sorted, one field per line, stable across saves.
pub fn to_ron(project: &Project) -> String {
    let mut documents: Vec<&Document> = project.documents().collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path).then(a.id.cmp(&b.id)));
    let doc_rank: std::collections::HashMap<_, _> = documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let tags: Vec<&Tag> = project.codebook().tree().into_iter().map(|(_, t)| t).collect();
    let mut annotations: Vec<&Annotation> = project.annotations().collect();
    annotations.sort_by_key(|a| (doc_rank.get(&a.doc).copied(), a.anchor.range, a.id));
    let mut memos: Vec<&Memo> = project.memos().collect();
    memos.sort_by_key(|m| (m.created, m.id));
    let mut links: Vec<&Link> = project.links().collect();
    links.sort_by_key(|l| (l.created, l.id));
    let defaults = crate::model::link::default_relations();
    let relations = (project.relations() != defaults.as_slice()).then_some(project.relations());
    let sets = project.sets();
    let parts = super::ron_out::Parts {
        documents: &documents,
        tags: &tags,
        annotations: &annotations,
        memos: &memos,
        relations,
        links: &links,
        sets: &sets,
        layout: &project.layout,
    };
    super::ron_out::project(FORMAT_VERSION, &parts)
}

/// How a save went.
#[derive(Debug, Default)]
pub struct SaveReport {
    /// The backup made of the previous file, if there was one.
    pub backup: Option<PathBuf>,
    /// A backup could not be made (the save itself succeeded).
    pub backup_error: Option<String>,
}

/// Save atomically to `path`, first copying the previous file into the
/// backup folder. On error the previous file is intact.
pub fn save(project: &Project, path: &Path) -> Result<SaveReport, ProjectFileError> {
    let text = to_ron(project);
    let mut report = SaveReport::default();
    match atomic::backup(path) {
        Ok(b) => report.backup = b,
        Err(e) => report.backup_error = Some(format!("no backup was made: {e}")),
    }
    atomic::write_atomic(path, |w| w.write_all(text.as_bytes())).map_err(|source| ProjectFileError::Io {
        action: "saving the project",
        source,
        path: path.to_owned(),
    })?;
    // What saves killed half-way (a crash, a power cut) left behind.
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stale = std::time::Duration::from_mins(1);
    atomic::remove_stale_temps(dir, stale);
    atomic::remove_stale_temps(&dir.join(atomic::BACKUP_DIR), stale);
    Ok(report)
}

/// Save atomically without making a backup (recovery copies, exports).
pub fn save_copy(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    let text = to_ron(project);
    atomic::write_atomic(path, |w| w.write_all(text.as_bytes())).map_err(|source| ProjectFileError::Io {
        action: "saving the project",
        source,
        path: path.to_owned(),
    })
}

/// Where the source of a document lives, given the project file's path.
pub fn source_path(project_file: &Path, doc_path: &str) -> PathBuf {
    let p = Path::new(doc_path);
    if p.is_absolute() {
        return p.to_owned();
    }
    let base = project_file.parent().unwrap_or(Path::new(""));
    doc_path.split('/').fold(base.to_owned(), |acc, part| acc.join(part))
}

/// How a project file at `project_file` refers to the source at `source`:
/// relative with `/` separators, absolute when no relative path exists.
pub fn relative_source_path(project_file: &Path, source: &Path) -> String {
    // A bare file name (`p.synoptic.ron`) lives in the current folder.
    let base = absolute(project_file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")));
    let source = absolute(source);
    match pathdiff::diff_paths(&source, &base) {
        Some(rel) => {
            rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
        }
        None => source.to_string_lossy().into_owned(),
    }
}

/// `p` made absolute, with `.` and `..` resolved by name (as a user reads
/// `a/../in/x.txt`: `in/x.txt`), so relative paths never keep a detour
/// through a folder that may not exist any more.
fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_names_sizes_in_one_unit() {
        let path = PathBuf::from("p.synoptic.ron");
        let e = ProjectFileError::TooLarge { size: crate::model::limits::MAX_PROJECT_BYTES * 3 / 2, path };
        assert!(
            e.to_string().starts_with("the project file is too large to read: 1.5 GB, over the limit of 1 GB"),
            "{e}"
        );
    }

    #[test]
    fn relative_paths_are_plain() {
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(relative_source_path(Path::new("p.synoptic.ron"), &cwd.join("a.txt")), "a.txt", "bare name");
        assert_eq!(relative_source_path(Path::new("./p.synoptic.ron"), &cwd.join("a.txt")), "a.txt", "./ name");
        assert_eq!(
            relative_source_path(Path::new("/w/b/two.synoptic.ron"), Path::new("/w/a/../in/r.pdf")),
            "../in/r.pdf",
            "no detour through a/.."
        );
        assert_eq!(
            relative_source_path(Path::new("/w/p.synoptic.ron"), Path::new("/w/./x/./y.txt")),
            "x/y.txt",
            "dots"
        );
    }
}
