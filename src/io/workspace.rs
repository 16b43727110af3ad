//! Opening a project together with its sources: read the project file, read
//! every source, and re-anchor annotations whose source changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::import::{self, ImportError, ImportOptions, Loaded};
use super::progress::Progress;
use super::project_file::{self, ProjectFileError};
use crate::analysis::anchoring::{self, DocAnchorReport};
use crate::model::{DocId, Document, Project};

/// What became of one document's source when the project was opened.
#[derive(Clone, Debug)]
pub enum SourceState {
    /// Read and re-anchored.
    Loaded(Arc<Loaded>),
    /// The file is not there; annotations are untouched.
    Missing(String),
    /// The file is there but could not be read as text.
    Failed(String),
}

/// A project with its sources read.
#[derive(Debug)]
pub struct Opened {
    /// The project, re-anchored.
    pub project: Project,
    /// Set when the project must not be saved over (see `LoadedProject`).
    pub read_only: Option<String>,
    /// Each document's source.
    pub sources: BTreeMap<DocId, SourceState>,
    /// Re-anchoring per document (only for sources that were read).
    pub reports: BTreeMap<DocId, DocAnchorReport>,
}

impl Opened {
    /// True when opening changed the project (a source changed), so it has
    /// something to save.
    pub fn changed(&self) -> bool {
        self.reports.values().any(|r| r.text_changed)
    }
}

/// Read a source for a document, turning "not found" into `Missing`.
pub fn read_source(path: &Path, opts: ImportOptions) -> SourceState {
    match import::load_text(path, opts) {
        Ok(l) => SourceState::Loaded(Arc::new(l)),
        Err(ImportError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            SourceState::Missing(format!("the source file is missing ({})", path.display()))
        }
        Err(e) => SourceState::Failed(e.to_string()),
    }
}

/// Open the project at `path` and re-anchor it against its sources.
pub fn open(path: &Path, opts: ImportOptions) -> Result<Opened, ProjectFileError> {
    open_as(path, path, opts)
}

/// Open the project file `file` as if it were at `path` (a backup of a
/// damaged project: its sources are found beside the project, not beside
/// the backup) and re-anchor it against its sources.
pub fn open_as(file: &Path, path: &Path, opts: ImportOptions) -> Result<Opened, ProjectFileError> {
    open_with_progress(file, path, opts, &Progress::new())
}

/// [`open_as`], counting on `progress` as the project file is read (see
/// [`project_file::load_with_progress`]).
pub fn open_with_progress(
    file: &Path,
    path: &Path,
    opts: ImportOptions,
    progress: &Progress,
) -> Result<Opened, ProjectFileError> {
    let loaded = project_file::load_with_progress(file, progress)?;
    let mut project = loaded.project;
    let mut sources = BTreeMap::new();
    let mut reports = BTreeMap::new();
    let docs: Vec<(DocId, PathBuf)> =
        project.documents().map(|d| (d.id, project_file::source_path(path, &d.path))).collect();
    for (id, src) in docs {
        let state = read_source(&src, opts);
        if let SourceState::Loaded(l) = &state {
            let report = anchoring::reanchor_document(&mut project, id, &l.text, &l.hash);
            if let Some(d) = project.document_mut(id) {
                l.encoding.clone_into(&mut d.encoding);
            }
            reports.insert(id, report);
        }
        sources.insert(id, state);
    }
    Ok(Opened { project, read_only: loaded.read_only, sources, reports })
}

/// A document record for a source just read, referenced from `project_file`.
pub fn document_for(project_file: &Path, source: &Path, loaded: &Loaded) -> Document {
    let mut d = Document::new(project_file::relative_source_path(project_file, source));
    loaded.encoding.clone_into(&mut d.encoding);
    d.hash.clone_from(&loaded.hash);
    d.char_len = loaded.text.char_len();
    d
}
