//! The project file `NAME.synoptic.ron`: versioned, sorted, human-readable
//! RON, saved atomically with rotating backups.
//!
//! See `docs/FORMAT.md` for the format itself.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use super::atomic;
use super::progress::Progress;
use crate::model::{Annotation, DocSet, Document, EditError, Layout, Link, Memo, Project, RowChoice, Tag};

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
    /// The user's choices about the synopsis' rows; absent when there are
    /// none.
    #[serde(default)]
    choices: Vec<RowChoice>,
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
    load_with_progress(path, &Progress::new())
}

/// [`load`], counting on `progress` as it goes: the file's bytes as they are
/// read, then again as they are parsed (so a bar shows half-way once the
/// file is in memory), and the rest when the project has been checked.
pub fn load_with_progress(path: &Path, progress: &Progress) -> Result<LoadedProject, ProjectFileError> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > crate::model::limits::MAX_PROJECT_BYTES {
        return Err(ProjectFileError::TooLarge { size, path: path.to_owned() });
    }
    progress.start(2 * size);
    let bytes = read_counting(path, size, progress).map_err(|source| ProjectFileError::Io {
        action: "reading the project",
        source,
        path: path.to_owned(),
    })?;
    let r = parse_with_progress(&bytes, path, progress);
    progress.finish();
    r
}

/// The file's bytes, read in slices so that `progress` moves.
fn read_counting(path: &Path, size: u64, progress: &Progress) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    const SLICE: usize = 8 << 20;
    let mut f = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    loop {
        let n = (&mut f).take(SLICE as u64).read_to_end(&mut bytes)?;
        if n == 0 {
            return Ok(bytes);
        }
        progress.advance(n as u64);
    }
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
    parse_with_progress(bytes, path, &Progress::new())
}

/// [`parse`] with `ron` alone, without the fast reader of annotations:
/// the reference that tests hold the loader to.
#[doc(hidden)]
pub fn parse_with_ron(bytes: &[u8], path: &Path) -> Result<LoadedProject, ProjectFileError> {
    parse_inner(bytes, path, None)
}

/// [`parse`], counting the bytes parsed on `progress` (as far as it can
/// tell: the annotations, which are nearly all of a big file).
fn parse_with_progress(bytes: &[u8], path: &Path, progress: &Progress) -> Result<LoadedProject, ProjectFileError> {
    parse_inner(bytes, path, Some(progress))
}

/// Parse with the fast reader when given a `progress` to count on.
fn parse_inner(bytes: &[u8], path: &Path, fast: Option<&Progress>) -> Result<LoadedProject, ProjectFileError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ProjectFileError::NotUtf8 { offset: e.valid_up_to(), path: path.to_owned() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (file, mut unknown) = match fast.and_then(|progress| read_fast(text, progress)) {
        Some(read) => read,
        None => read_ron(text).map_err(|(e, body)| {
            let syntax = ProjectFileError::Syntax {
                line: e.span.start.line,
                col: e.span.start.col,
                message: e.code.to_string(),
                path: path.to_owned(),
            };
            match sniff_version(text) {
                Some(found) if body && found > FORMAT_VERSION => {
                    ProjectFileError::TooNew { found, detail: syntax.to_string(), path: path.to_owned() }
                }
                _ => syntax,
            }
        })?,
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
    .and_then(|p| p.with_choices(file.choices))
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

/// The whole file read by `ron`, with the paths of the fields it does not
/// know. This is the reference reader: every error the loader reports
/// comes from it, with `ron`'s line and column. An error comes with `true`
/// when it is in the body rather than in the attributes before it (only
/// the former can be a newer format's).
fn read_ron(text: &str) -> Result<(ProjectFile, Vec<String>), (ron::error::SpannedError, bool)> {
    let mut de = ron::Deserializer::from_str(text).map_err(|e| (e, false))?;
    let mut unknown = Vec::new();
    let parsed: Result<ProjectFile, _> = serde_ignored::deserialize(&mut de, |p| unknown.push(p.to_string()));
    match parsed.and_then(|f| de.end().map(|()| f)) {
        Ok(f) => Ok((f, unknown)),
        Err(e) => Err((de.span_error(e), true)),
    }
}

/// The file read with the fast annotation reader (`ron_in`) and the rest
/// by `ron`; `None` when either meets anything unexpected — the caller then
/// reads the whole file with [`read_ron`], which says what is wrong where.
fn read_fast(text: &str, progress: &Progress) -> Option<(ProjectFile, Vec<String>)> {
    let at = super::ron_in::find_list(text)?;
    let (annotations, end) = super::ron_in::annotation_list(text, at, &|n| progress.advance(n as u64))?;
    let mut rest = String::with_capacity(text.len() - (end - at) + 2);
    rest.push_str(&text[..at]);
    rest.push_str("[]");
    rest.push_str(&text[end..]);
    let (mut file, unknown) = read_ron(&rest).ok()?;
    if !file.annotations.is_empty() {
        return None;
    }
    progress.advance(rest.len() as u64);
    file.annotations = annotations;
    Some((file, unknown))
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
    with_parts(project, |parts| super::ron_out::project(FORMAT_VERSION, parts))
}

/// Call `f` with the project's sections in file order.
fn with_parts<R>(project: &Project, f: impl FnOnce(&super::ron_out::Parts<'_>) -> R) -> R {
    use rayon::slice::ParallelSliceMut as _;
    let mut documents: Vec<&Document> = project.documents().collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path).then(a.id.cmp(&b.id)));
    let doc_rank: std::collections::HashMap<_, _> = documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let tags: Vec<&Tag> = project.codebook().tree().into_iter().map(|(_, t)| t).collect();
    // Each annotation's key computed once; ids are unique, so no two keys
    // are equal and an unstable sort gives the one order there is.
    let mut keyed: Vec<_> =
        project.annotations().map(|a| ((doc_rank.get(&a.doc).copied(), a.anchor.range, a.id), a)).collect();
    keyed.par_sort_unstable_by_key(|(k, _)| *k);
    let annotations: Vec<&Annotation> = keyed.into_iter().map(|(_, a)| a).collect();
    let mut memos: Vec<&Memo> = project.memos().collect();
    memos.sort_by_key(|m| (m.created, m.id));
    let mut links: Vec<&Link> = project.links().collect();
    links.sort_by_key(|l| (l.created, l.id));
    let defaults = crate::model::link::default_relations();
    let relations = (project.relations() != defaults.as_slice()).then_some(project.relations());
    let sets = project.sets();
    let choices: Vec<&RowChoice> = project.choices().collect();
    let parts = super::ron_out::Parts {
        documents: &documents,
        tags: &tags,
        annotations: &annotations,
        memos: &memos,
        relations,
        links: &links,
        sets: &sets,
        choices: &choices,
        layout: &project.layout,
    };
    f(&parts)
}

/// How a save went.
#[derive(Debug, Default)]
pub struct SaveReport {
    /// The backup made of the previous file, if there was one.
    pub backup: Option<PathBuf>,
    /// A backup could not be made (the save itself succeeded).
    pub backup_error: Option<String>,
    /// BLAKE3 (hex) of the bytes written, so that nobody has to read the
    /// file back to know what is on disk.
    pub hash: String,
}

/// Save atomically to `path`, first keeping the previous file in the
/// backup folder. On error the previous file is intact.
pub fn save(project: &Project, path: &Path) -> Result<SaveReport, ProjectFileError> {
    save_with_progress(project, path, &Progress::new())
}

/// [`save`], counting on `progress` as it goes: one unit per annotation
/// written and one for the rest (the flush to disk included).
pub fn save_with_progress(project: &Project, path: &Path, progress: &Progress) -> Result<SaveReport, ProjectFileError> {
    progress.start(project.annotation_count() as u64 + 1);
    let mut report = SaveReport::default();
    match atomic::backup(path) {
        Ok(b) => report.backup = b,
        Err(e) => report.backup_error = Some(format!("no backup was made: {e}")),
    }
    let mut hasher = blake3::Hasher::new();
    let written = atomic::write_atomic(path, |w| {
        let mut w = Hashing { inner: w, hasher: &mut hasher };
        with_parts(project, |parts| super::ron_out::write(FORMAT_VERSION, parts, &mut w, progress))
    });
    written.map_err(|source| ProjectFileError::Io { action: "saving the project", source, path: path.to_owned() })?;
    report.hash = hasher.finalize().to_hex().to_string();
    // What saves killed half-way (a crash, a power cut) left behind.
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stale = std::time::Duration::from_mins(1);
    atomic::remove_stale_temps(dir, stale);
    atomic::remove_stale_temps(&dir.join(atomic::BACKUP_DIR), stale);
    progress.finish();
    Ok(report)
}

/// A writer that hashes what goes through it.
struct Hashing<'a> {
    inner: &'a mut (dyn std::io::Write + Send),
    hasher: &'a mut blake3::Hasher,
}

impl std::io::Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Save atomically without making a backup (recovery copies, exports).
pub fn save_copy(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    atomic::write_atomic(path, |w| {
        with_parts(project, |parts| super::ron_out::write(FORMAT_VERSION, parts, w, &Progress::new()))
    })
    .map_err(|source| ProjectFileError::Io { action: "saving the project", source, path: path.to_owned() })
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
