//! Background work: opening projects, reading documents, and taking in
//! what the worker threads hand back.

use super::{
    App, Arc, CodebookState, DocId, DocText, History, ImportOptions, Job, Loaded, Modal, NotesState, Opened, Path,
    PathBuf, SourceState, import, is_newer, recovery_path, workspace,
};
use crate::io::progress::Progress;

impl App {
    /// Run `work` on its own thread; its [`Job`] is applied by
    /// [`Self::poll_jobs`], and the window wakes up when it arrives.
    pub(super) fn spawn_job(&self, work: impl FnOnce() -> Job + Send + 'static) {
        let tx = self.jobs_tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
    }

    /// Start opening a project in the background.
    pub fn open_project(&mut self, path: PathBuf) {
        self.busy += 1;
        let progress = Arc::new(Progress::new());
        self.opening_project = Some((path.clone(), Arc::clone(&progress)));
        self.spawn_job(move || {
            let r = workspace::open_with_progress(&path, &path, ImportOptions::default(), &progress);
            let r = r.map(Box::new).map_err(|e| {
                let damaged = !matches!(e, crate::io::project_file::ProjectFileError::TooNew { .. });
                let backup = if damaged { crate::io::project_file::newest_good_backup(&path) } else { None };
                (e.to_string(), backup)
            });
            Job::Opened(path, r, None)
        });
    }

    /// Open the backup `file` of the project at `path` (saved `when`) in its
    /// place: saving then replaces the damaged file, which goes to the
    /// backups first.
    pub(super) fn open_backup(&mut self, path: PathBuf, file: PathBuf, when: String) {
        self.busy += 1;
        let progress = Arc::new(Progress::new());
        self.opening_project = Some((path.clone(), Arc::clone(&progress)));
        self.spawn_job(move || {
            let r = workspace::open_with_progress(&file, &path, ImportOptions::default(), &progress)
                .map(Box::new)
                .map_err(|e| (e.to_string(), None));
            Job::Opened(path, r, Some(when))
        });
    }

    pub(super) fn spawn_load(&mut self, path: PathBuf, relocate: Option<DocId>) {
        self.busy += 1;
        self.spawn_job(move || {
            let result = import::load_text(&path, ImportOptions::default()).map(Arc::new).map_err(|e| e.to_string());
            Job::Loaded { path, relocate, result }
        });
    }

    /// Apply finished background work. Returns true when something arrived.
    pub fn poll_jobs(&mut self) -> bool {
        let mut any = false;
        while let Ok(job) = self.jobs_rx.try_recv() {
            any = true;
            match job {
                Job::Opened(path, r, from_backup) => {
                    self.busy = self.busy.saturating_sub(1);
                    self.opening_project = None;
                    match r {
                        Ok(opened) => {
                            self.install(path.clone(), *opened);
                            if let Some(when) = from_backup {
                                self.history.mark_unsaved();
                                self.messages.push(format!(
                                    "Opened the backup saved {when} in place of the damaged {}. Saving replaces the \
                                     damaged file (a copy of it is kept in {}).",
                                    path.display(),
                                    crate::io::atomic::BACKUP_DIR
                                ));
                            }
                        }
                        Err((message, Some((backup, when)))) => {
                            self.modal = Some(Modal::Damaged { path, message, backup, when });
                        }
                        Err((message, None)) => self.messages.push(message),
                    }
                }
                Job::Loaded { path, relocate, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    match result {
                        Ok(l) => self.add_loaded(&path, relocate, l),
                        Err(e) => self.messages.push(e),
                    }
                }
                Job::Imported { path, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    let ids = self.imported(&path, result);
                    self.arrived(&path, ids);
                }
                Job::Reimported { doc, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    self.reimported(doc, result);
                }
                Job::Searched(key, control, res) => self.searched(key, &control, res),
                Job::Fetched { url, again_of, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    self.fetched(&url, again_of, result);
                }
                Job::Saved(w) => self.saved_in_background(*w),
                Job::Autosaved(r) => {
                    self.autosaving = false;
                    if let Err(e) = r {
                        self.messages.push(format!("The recovery copy could not be written: {e}"));
                    }
                }
                Job::Shared(control, result) => self.shared_done(&control, result),
                Job::Exported(result) => self.exported(result),
                Job::FolderListed { dir, result } => self.folder_listed(&dir, result),
                Job::FolderImported { path, result } => self.folder_imported(&path, result),
                Job::QdaImported { path, result } => self.qda_imported(path, result),
                Job::SourceChanged { doc, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    self.source_changed(doc, result);
                }
                Job::Synopsized(control, result) => self.synopsized(&control, result),
                Job::Compared(a, b, result) => {
                    if let (Some(v), Ok(r)) = (self.compare.as_mut(), result)
                        && v.a == a
                        && v.b == b
                    {
                        v.result = Some(r);
                    }
                }
            }
        }
        any
    }

    pub(super) fn install(&mut self, path: PathBuf, opened: Opened) {
        self.remember_desk();
        self.note_disk(&path);
        let changed = opened.changed();
        self.project = opened.project;
        self.history = History::new();
        if changed {
            self.history.mark_unsaved();
        }
        self.read_only = opened.read_only;
        // One window per project: another live window's lock makes this
        // one read-only (the banner offers to edit here anyway).
        self.lock = None;
        self.locked_by = None;
        match crate::io::lock::Lock::acquire(&path) {
            Ok(l) => self.lock = l,
            Err(h) => {
                let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.read_only = Some(format!(
                    "{name} is open in another Synoptic window (process {} on {}); close it there, or edit here anyway",
                    h.pid, h.host
                ));
                self.locked_by = Some(h);
            }
        }
        // Sources with the same text share one copy of it.
        let mut by_hash: std::collections::HashMap<String, Arc<Loaded>> = std::collections::HashMap::new();
        self.texts = opened
            .sources
            .into_iter()
            .map(|(id, s)| {
                let t = match s {
                    SourceState::Loaded(l) => DocText::Ready(by_hash.entry(l.hash.clone()).or_insert(l).clone()),
                    SourceState::Missing(m) => DocText::Missing(m),
                    SourceState::Failed(m) => DocText::Failed(m),
                };
                (id, t)
            })
            .collect();
        self.selection = None;
        self.selected = None;
        self.codebook = CodebookState::default();
        self.notes = NotesState::default();
        self.links = crate::ui::links::LinksState::default();
        self.shared.reset();
        self.compare = None;
        self.link_from = None;
        self.panes.clear();
        self.opening.clear();
        self.focused_pane = None;
        self.reveal_pane = None;
        let desk = self.remembered_desk(&path).unwrap_or_else(|| self.project.layout.panes.clone());
        for p in &desk {
            let mut pane = self.new_pane(p.doc);
            pane.width = p.width;
            pane.scroll_to = Some(p.scroll);
            self.panes.push(pane);
        }
        if self.panes.is_empty() {
            let mut docs: Vec<(String, DocId)> = self.project.documents().map(|d| (d.path.clone(), d.id)).collect();
            docs.sort();
            for (_, id) in docs.into_iter().take(3) {
                let pane = self.new_pane(id);
                self.panes.push(pane);
            }
        }
        self.normalize_widths();
        self.generation += 1;
        // Recent projects by absolute path: they open from anywhere.
        let absolute = super::memory::desk_key(&path);
        self.settings.recent.retain(|p| *p != absolute);
        self.settings.recent.insert(0, absolute);
        self.settings.recent.truncate(10);
        let recovery = recovery_path(&path);
        if is_newer(&recovery, &path) {
            self.modal = Some(Modal::Recovery { recovery });
        }
        self.path = Some(path);
    }

    /// Give `doc` a text read again (found elsewhere, or changed on disk):
    /// its passages are re-anchored against it.
    pub(super) fn take_new_text(&mut self, doc: DocId, l: Arc<Loaded>) {
        let report = crate::analysis::anchoring::reanchor_document(&mut self.project, doc, &l.text, &l.hash);
        if report.text_changed {
            self.history.mark_unsaved();
        }
        let l = self.shared_text(l);
        self.texts.insert(doc, DocText::Ready(l));
        self.generation += 1;
    }

    pub(super) fn add_loaded(&mut self, path: &Path, relocate: Option<DocId>, l: Arc<Loaded>) {
        if let Some(doc) = relocate {
            // A document read where it already points (restored from a
            // recovery copy) changes nothing; one found elsewhere is moved.
            let new_path = self.doc_path_for(path);
            let moved = self.project.document(doc).is_some_and(|d| d.path != new_path);
            if moved && let Some(e) = self.project.update_document_edit(doc, |d| d.path = new_path) {
                self.apply_edit(e, "Locate source".into(), None);
            }
            self.take_new_text(doc, l);
            return;
        }
        let mut doc = crate::model::Document::new(self.doc_path_for(path));
        crate::analysis::titles::name_text_document(&mut doc, l.text.as_str());
        let id = self.add_document(doc, path, l);
        self.show_new(&[id]);
    }
}
