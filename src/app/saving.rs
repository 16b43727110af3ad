//! Saving: the unsaved-changes question, Save and Save As, the recovery
//! copy, and the answers of the file dialogs.

use std::collections::HashSet;
use std::sync::Arc;

use super::{
    AUTOSAVE_SECS, After, App, DialogKind, DocId, DocText, Job, Modal, Path, PathBuf, project_file, recovery_path,
};
use crate::io::progress::Progress;

/// Projects with at least this many passages are saved in the background
/// with a progress bar (smaller ones take under a tenth of a second).
pub(super) const BACKGROUND_SAVE_FROM: usize = 50_000;

/// A save written, and what the app needs to finish it.
pub(super) struct Written {
    path: PathBuf,
    /// The files the documents used before the save (see `forget_moved_written`).
    before: HashSet<PathBuf>,
    /// The documents' paths before the save, put back if it fails.
    paths: Vec<(DocId, String, Option<String>)>,
    /// The history's state that was written.
    serial: u64,
    result: Result<project_file::SaveReport, project_file::ProjectFileError>,
}

impl App {
    /// Run `after` now, or first ask about unsaved changes.
    pub(super) fn guard(&mut self, after: After) {
        if self.is_dirty() && self.read_only.is_none() {
            self.modal = Some(Modal::Unsaved(after));
        } else {
            self.proceed(after);
        }
    }

    pub(super) fn proceed(&mut self, after: After) {
        match after {
            After::Quit => {
                self.discard_recovery();
                self.quit_allowed = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            After::OpenProject(Some(p)) => {
                self.discard_recovery();
                self.open_project(p);
            }
            After::OpenProject(None) => self.dialogs.request(DialogKind::OpenProject),
            After::NewProject => {
                self.remember_desk();
                self.discard_recovery();
                let d = std::mem::replace(&mut self.dialogs, Box::new(crate::ui::dialogs::ScriptedDialogs::default()));
                let settings = self.settings.clone();
                let ctx = self.ctx.clone();
                *self = App::new(d, settings);
                self.ctx = ctx;
            }
        }
    }

    /// The changes are discarded: remove the files this window wrote for
    /// them since the last save (never a source, never a file it did not
    /// create; `write_new` never overwrites).
    pub(super) fn forget_written(&mut self) {
        for p in std::mem::take(&mut self.written) {
            if let Err(e) = std::fs::remove_file(&p)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                log::warn!("{} was not removed: {e}", p.display());
            }
        }
    }

    /// The files the project's documents use (texts and kept originals),
    /// as canonical paths, for a project file at `at` (`None`: not saved).
    fn used_files(&self, at: Option<&Path>) -> HashSet<PathBuf> {
        self.project
            .documents()
            .flat_map(|d| std::iter::once(d.path.as_str()).chain(d.origin.as_ref().map(|o| o.path.as_str())))
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let abs = at.map_or_else(|| PathBuf::from(p), |f| project_file::source_path(f, p));
                std::fs::canonicalize(abs).ok()
            })
            .collect()
    }

    /// After a save to `saved`: remove the files this window wrote since
    /// the last save that the documents used before (`before`) and no
    /// longer use (a Save As copied them into the new sources folder);
    /// forget the rest. A file of a document removed meanwhile stays, for
    /// an undo to find.
    fn forget_moved_written(&mut self, saved: &Path, before: &HashSet<PathBuf>) {
        let after = self.used_files(Some(saved));
        for p in std::mem::take(&mut self.written) {
            let moved = std::fs::canonicalize(&p).is_ok_and(|c| before.contains(&c) && !after.contains(&c));
            if moved && let Err(e) = std::fs::remove_file(&p) {
                log::warn!("{} was not removed: {e}", p.display());
            }
        }
    }

    /// Save to the current path. Returns true on success.
    pub fn save(&mut self) -> bool {
        let Some(path) = self.path.clone() else { return false };
        self.save_to(&path)
    }

    /// Save to `path` (Save As), rebasing source paths to the new folder.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if self.saving.is_some() {
            self.notice("A save is under way; it is written in a moment.");
            return false;
        }
        let mut path = path.to_owned();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.ends_with(project_file::EXTENSION) {
            let stem = name.strip_suffix(".ron").unwrap_or(&name).to_owned();
            path.set_file_name(format!("{stem}{}", project_file::EXTENSION));
        }
        // Another program (a sync folder, git) may have replaced the file
        // since it was opened: never overwrite that silently.
        let on_disk = file_hash(&path);
        let changed_elsewhere = matches!((&self.disk, &on_disk), (Some((p, h)), Some(now)) if *p == path && h != now);
        if changed_elsewhere {
            self.modal = Some(Modal::NewerOnDisk { path });
            return false;
        }
        // Source paths are made relative to the new place; a save that
        // fails puts them back, so that the project still finds its texts
        // from where it is.
        let paths = self.source_paths();
        let before = self.used_files(self.path.as_deref());
        if self.path.as_deref() != Some(path.as_path()) {
            self.rebase_sources(&path);
        }
        if !self.place_snapshots(&path) {
            self.restore_source_paths(paths);
            return false;
        }
        self.project.layout.panes = self.desk_state();
        if self.project.annotation_count() >= self.background_save_from {
            self.save_in_background(path, before, paths);
            return false;
        }
        let serial = self.history.top_serial();
        let result = project_file::save(&self.project, &path);
        self.finish_save(Written { path, before, paths, serial, result })
    }

    /// Save a large project on a worker, from a copy taken now, so that the
    /// window stays live and the status bar shows how far it is (a million
    /// passages take seconds). Edits made meanwhile stay unsaved changes.
    fn save_in_background(
        &mut self,
        path: PathBuf,
        before: HashSet<PathBuf>,
        paths: Vec<(DocId, String, Option<String>)>,
    ) {
        self.history.seal();
        let serial = self.history.top_serial();
        let snapshot = self.project.clone();
        let progress = Arc::new(Progress::new());
        self.saving = Some((path.clone(), Arc::clone(&progress)));
        self.spawn_job(move || {
            let result = project_file::save_with_progress(&snapshot, &path, &progress);
            Job::Saved(Box::new(Written { path, before, paths, serial, result }))
        });
    }

    /// A background save finished: as a save does, and what was to follow
    /// it (quitting, opening another project) follows now.
    pub(super) fn saved_in_background(&mut self, written: Written) {
        self.saving = None;
        let ok = self.finish_save(written);
        match self.pending_after.take() {
            Some(after) if ok => self.proceed(after),
            _ => {}
        }
    }

    /// After writing: on success, the project is the saved one (its file,
    /// lock, recent list, the files this window wrote); on failure, the
    /// source paths go back to where they were. True when saved.
    fn finish_save(&mut self, w: Written) -> bool {
        let Written { path, before, paths, serial, result } = w;
        match result {
            Ok(report) => {
                if let Some(e) = report.backup_error {
                    self.messages.push(e);
                }
                self.history.mark_saved_at(serial);
                // What was written, hashed as it went (reading 600 MB back
                // to hash it took half a second).
                self.disk = Some((path.clone(), report.hash));
                if self.path.as_deref() != Some(path.as_path()) {
                    self.discard_recovery();
                }
                let _ = std::fs::remove_file(recovery_path(&path));
                self.read_only = None;
                if self.path.as_deref() != Some(path.as_path()) || self.lock.is_none() {
                    self.lock = crate::io::lock::Lock::take_over(&path);
                    self.locked_by = None;
                }
                let shown = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
                self.notice(format!("Saved to {}", shown.display()));
                // What this window wrote is the saved project's now; what it
                // wrote beside the project it left (snapshots copied into the
                // new sources folder by a Save As) belonged to no saved
                // project and goes.
                self.forget_moved_written(&path, &before);
                self.path = Some(path.clone());
                self.remember_desk();
                let absolute = super::memory::desk_key(&path);
                self.settings.recent.retain(|p| *p != absolute);
                self.settings.recent.insert(0, absolute);
                true
            }
            Err(e) => {
                self.restore_source_paths(paths);
                self.messages
                    .push(format!("Not saved: {e}. Your work is still here; try another folder with Save As."));
                false
            }
        }
    }

    /// Every document's source path and original's path, as they are now.
    fn source_paths(&self) -> Vec<(DocId, String, Option<String>)> {
        self.project.documents().map(|d| (d.id, d.path.clone(), d.origin.as_ref().map(|o| o.path.clone()))).collect()
    }

    fn restore_source_paths(&mut self, paths: Vec<(DocId, String, Option<String>)>) {
        for (id, path, original) in paths {
            let Some(d) = self.project.document_mut(id) else { continue };
            d.path = path;
            if let (Some(o), Some(p)) = (d.origin.as_mut(), original) {
                o.path = p;
            }
        }
    }

    /// Remember the project file as it is now on disk.
    pub(super) fn note_disk(&mut self, path: &Path) {
        self.disk = file_hash(path).map(|h| (path.to_owned(), h));
    }

    /// Point every document at the same source from a new project location.
    pub(super) fn rebase_sources(&mut self, new_project: &Path) {
        let ids: Vec<DocId> = self.project.documents().map(|d| d.id).collect();
        for id in ids {
            let Some(d) = self.project.document_mut(id) else { continue };
            let old = self.path.as_deref();
            let rebase = |p: &str| {
                let src = match old {
                    Some(old) => project_file::source_path(old, p),
                    None => PathBuf::from(p),
                };
                project_file::relative_source_path(new_project, &src)
            };
            d.path = rebase(&d.path);
            if let Some(o) = d.origin.as_mut().filter(|o| !o.path.is_empty()) {
                o.path = rebase(&o.path);
            }
        }
    }

    pub(super) fn discard_recovery(&self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(recovery_path(p));
        }
    }

    /// Write a recovery copy in the background if one is due.
    pub(super) fn autosave(&mut self, now: f64) {
        if !self.is_dirty() || self.read_only.is_some() || self.path.is_none() || self.generation == self.recovery_gen {
            self.changed_at = None;
            return;
        }
        // A change the copy does not hold yet: written a second later
        // (edits in between join it), or once the copy under way is done.
        let since = *self.changed_at.get_or_insert(now);
        if self.autosaving || now - since < AUTOSAVE_SECS {
            return;
        }
        let Some(path) = self.path.clone() else { return };
        self.changed_at = None;
        self.recovery_gen = self.generation;
        self.autosaving = true;
        let project = self.project.clone();
        self.spawn_job(move || {
            Job::Autosaved(project_file::save_copy(&project, &recovery_path(&path)).map_err(|e| e.to_string()))
        });
    }

    pub(super) fn handle_dialogs(&mut self) {
        while let Some((kind, answer)) = self.dialogs.poll() {
            let Some(paths) = answer.filter(|p| !p.is_empty()) else {
                // Said once, in the path dialog (it goes when the dialog does).
                if !self.messages.iter().any(|m| m.starts_with("No file was chosen")) {
                    self.messages.push(
                        "No file was chosen. If no dialog appeared, type the path instead (File menu, Enter a path…)."
                            .into(),
                    );
                }
                self.modal = Some(Modal::PathEntry { kind, text: String::new() });
                continue;
            };
            self.answer(kind, paths);
        }
    }

    #[allow(clippy::needless_pass_by_value)] // the answer is consumed by the arms that need it
    pub(super) fn answer(&mut self, kind: DialogKind, paths: Vec<PathBuf>) {
        // A path was given after all: the "no file was chosen" notice has
        // done its job.
        self.messages.retain(|m| !m.starts_with("No file was chosen"));
        match kind {
            DialogKind::OpenDocuments => self.open_documents(paths),
            DialogKind::OpenProject => {
                if let Some(p) = paths.into_iter().next() {
                    self.discard_recovery();
                    self.open_project(p);
                }
            }
            DialogKind::SaveProject { .. } => {
                if let Some(p) = paths.into_iter().next() {
                    let saved = self.save_to(&p);
                    // A save in the background carries on with what was to
                    // follow when it is written.
                    if self.saving.is_none()
                        && let Some(after) = self.pending_after.take().filter(|_| saved)
                    {
                        self.proceed(after);
                    }
                }
            }
            DialogKind::Export { .. } => {
                let synopsis = self.views.synopsis.export_as.take();
                if let Some(p) = paths.into_iter().next() {
                    match synopsis {
                        Some(ext) => self.export_synopsis(p, ext),
                        None => self.export_to(p),
                    }
                }
            }
            DialogKind::MetadataImport => {
                if let Some(p) = paths.into_iter().next() {
                    self.read_metadata(&p);
                }
            }
            DialogKind::MetadataExport { .. } => {
                if let Some(p) = paths.into_iter().next() {
                    self.write_metadata(&p);
                }
            }
            DialogKind::AddFolder => {
                for p in paths {
                    self.add_folder(p);
                }
            }
            DialogKind::ImportQda => {
                if let Some(p) = paths.into_iter().next() {
                    self.import_qda(p);
                }
            }
            DialogKind::ImportTarget { from, .. } => {
                if let Some(p) = paths.into_iter().next() {
                    self.import_qdpx_to(from, p);
                }
            }
            DialogKind::Locate { doc } => {
                if let Some(p) = paths.into_iter().next() {
                    self.texts.insert(doc, DocText::Loading);
                    self.spawn_load(p, Some(doc));
                }
            }
        }
    }
}

/// BLAKE3 (hex) of a file's bytes, `None` when it cannot be read.
pub(super) fn file_hash(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| blake3::hash(&b).to_hex().to_string())
}
