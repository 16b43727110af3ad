//! Files changed by other programs while the project is open: a source
//! edited (read again and re-anchored, with a note of what moved), deleted
//! or renamed (its pane offers Locate), or the project file replaced (a
//! sync folder, `git pull`: Reload is offered). Changes are taken a moment
//! after the last event, so a file being written is read once, whole.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::{App, Arc, DocId, DocText, Job, Loaded, Modal, Path, PathBuf, import, project_file};
use crate::io::import::ImportOptions;
use crate::io::watch::Watcher;
use crate::model::AnchorStatus;

/// How long a path must be quiet before its change is taken.
const SETTLE: Duration = Duration::from_millis(300);

/// Watching state between frames.
#[derive(Default)]
pub(super) struct Watching {
    watcher: Option<Watcher>,
    /// The watcher could not start (no inotify): not tried again.
    failed: bool,
    /// What the watched folders were computed for.
    key: Option<(u64, Option<PathBuf>)>,
    /// Paths changed, and when they last changed.
    pending: HashMap<PathBuf, Instant>,
}

impl App {
    /// Keep the watched folders in step with the project, and take the
    /// changes that have settled. Called once a frame.
    pub(super) fn watch_files(&mut self) {
        if self.watching.watcher.is_none() && !self.watching.failed {
            let ctx = self.ctx.clone();
            match Watcher::new(move || {
                if let Some(c) = &ctx {
                    c.request_repaint();
                }
            }) {
                Ok(w) => self.watching.watcher = Some(w),
                Err(e) => {
                    self.watching.failed = true;
                    log::warn!("files changed by other programs will not be noticed: {e}");
                }
            }
        }
        let key = (self.generation, self.path.clone());
        if self.watching.key.as_ref() != Some(&key) {
            let files = self.watched_files();
            if let Some(w) = &mut self.watching.watcher {
                w.watch(files.iter().map(PathBuf::as_path));
            }
            self.watching.key = Some(key);
        }
        let now = Instant::now();
        if let Some(w) = &self.watching.watcher {
            for p in w.changed() {
                // The project file as this window saved it is no change.
                let ours = self.path.as_deref() == Some(p.as_path()) && self.is_as_saved(&p);
                if !ours {
                    self.watching.pending.insert(p, now);
                }
            }
        }
        let due: Vec<PathBuf> =
            self.watching.pending.iter().filter(|(_, t)| now - **t >= SETTLE).map(|(p, _)| p.clone()).collect();
        for p in due {
            self.watching.pending.remove(&p);
            self.file_changed(&p);
        }
        if !self.watching.pending.is_empty()
            && let Some(c) = &self.ctx
        {
            c.request_repaint_after(SETTLE / 2);
        }
    }

    /// The project file and every document's source, as paths on disk.
    fn watched_files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.project.documents().map(|d| self.source_of(&d.path)).collect();
        v.extend(self.path.clone());
        v
    }

    fn source_of(&self, doc_path: &str) -> PathBuf {
        match &self.path {
            Some(p) => project_file::source_path(p, doc_path),
            None => PathBuf::from(doc_path),
        }
    }

    fn file_changed(&mut self, path: &Path) {
        if self.path.as_deref() == Some(path) {
            self.project_file_changed(path);
            return;
        }
        let docs: Vec<DocId> =
            self.project.documents().filter(|d| self.source_of(&d.path) == path).map(|d| d.id).collect();
        for doc in docs {
            if !path.exists() {
                let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.texts.insert(doc, DocText::Missing(format!("{name} was deleted or renamed ({})", path.display())));
                self.messages.push(format!(
                    "{name} was deleted or renamed by another program: its passages are kept; Locate… in its pane points Synoptic at its new place."
                ));
                self.generation += 1;
                continue;
            }
            let path = path.to_owned();
            self.busy += 1;
            self.spawn_job(move || {
                let result =
                    import::load_text(&path, ImportOptions::default()).map(Arc::new).map_err(|e| e.to_string());
                Job::SourceChanged { doc, result }
            });
        }
    }

    /// True when the project file at `path` is as this window last saved
    /// or opened it.
    fn is_as_saved(&self, path: &Path) -> bool {
        let on_disk = super::saving::file_hash(path);
        on_disk.is_some() && self.disk.as_ref().is_some_and(|(p, h)| p == path && on_disk.as_ref() == Some(h))
    }

    fn project_file_changed(&mut self, path: &Path) {
        if !path.exists() {
            let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            self.messages.push(format!(
                "{name} was deleted or moved by another program. Your project is still open here; Save writes it again."
            ));
            self.disk = None;
            return;
        }
        let Some(now) = super::saving::file_hash(path) else { return };
        let ours = self.disk.as_ref().is_some_and(|(p, h)| p == path && *h == now);
        if !ours && self.modal.is_none() {
            self.modal = Some(Modal::ChangedOnDisk { path: path.to_owned() });
        }
    }

    /// A source changed on disk has been read again: re-anchor its passages
    /// and say what moved.
    pub(super) fn source_changed(&mut self, doc: DocId, result: Result<Arc<Loaded>, String>) {
        let l = match result {
            Ok(l) => l,
            Err(e) => {
                self.messages.push(e);
                return;
            }
        };
        let same = matches!(self.texts.get(&doc), Some(DocText::Ready(t)) if t.hash == l.hash);
        if same {
            return; // touched, or saved unchanged
        }
        // What this change did to each passage (a status stays until the
        // user confirms it, so an earlier move is not counted again).
        let before: HashMap<_, _> =
            self.project.annotations_of(doc).iter().map(|a| (a.id, (a.status, a.anchor.range))).collect();
        self.take_new_text(doc, l);
        let (mut moved, mut review) = (0, 0);
        for a in self.project.annotations_of(doc) {
            if before.get(&a.id) == Some(&(a.status, a.anchor.range)) {
                continue;
            }
            match a.status {
                AnchorStatus::Exact => {}
                AnchorStatus::Moved => moved += 1,
                AnchorStatus::NeedsReview | AnchorStatus::Orphaned => review += 1,
            }
        }
        let name = self.project.document(doc).map_or_else(String::new, |d| {
            self.source_of(&d.path).file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        });
        self.messages.push(format!(
            "{name} changed on disk and was read again: {moved} passage(s) moved, {review} need review."
        ));
    }
}
