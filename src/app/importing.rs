//! Bringing documents in: every format through the importers on a worker
//! thread, text snapshots of imported sources written beside the project,
//! re-importing an original, and the "no article on this page" question.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Context;

use super::{App, DocText, Job, Modal};
use crate::io::import::{self, Failure, ImportOptions, Imported, Loaded};
use crate::io::{project_file, snapshot};
use crate::model::{DocId, Document, Project};

/// Why an import failed, as the app shows it.
#[derive(Debug)]
pub(super) struct ImportFail {
    message: String,
    no_article: bool,
}

fn fail(e: &import::ImportError) -> ImportFail {
    ImportFail { message: e.to_string(), no_article: e.failure() == Some(&Failure::NoArticle) }
}

/// A folder being added.
#[derive(Debug, Default)]
pub(super) struct FolderProgress {
    /// The folder.
    dir: PathBuf,
    /// Files still being read.
    remaining: usize,
    /// Documents added so far.
    added: usize,
    /// What was left out, and why.
    skipped: Vec<(PathBuf, String)>,
    /// The documents added, to show when the folder is done.
    docs: Vec<DocId>,
}

impl App {
    /// The text already held for another document with the same content,
    /// if any, else `l`: the same text open twice (or a copy under another
    /// name) is held once, with its indexes.
    pub(super) fn shared_text(&self, l: Arc<Loaded>) -> Arc<Loaded> {
        self.texts
            .values()
            .find_map(|t| match t {
                DocText::Ready(x) if x.hash == l.hash => Some(Arc::clone(x)),
                _ => None,
            })
            .unwrap_or(l)
    }

    /// Add every readable text under `dir`: listed and read on one worker
    /// thread (a folder of thousands of files does not start thousands of
    /// threads), each added as it arrives.
    pub fn add_folder(&mut self, dir: PathBuf) {
        if self.folder.is_some() {
            self.messages.push("A folder is being added already; add this one when it is done.".into());
            return;
        }
        self.busy += 1;
        self.folder = Some(FolderProgress { dir: dir.clone(), ..FolderProgress::default() });
        let tx = self.jobs_tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let listing = crate::io::folder::list(&dir).map_err(|e| e.to_string());
            let files = listing.as_ref().map(|l| l.files.clone()).unwrap_or_default();
            let result = listing.map(|l| (l.files.len(), l.skipped));
            let _ = tx.send(Job::FolderListed { dir, result });
            for path in files {
                let result = import::import_file(&path, ImportOptions::default()).map(Box::new).map_err(|e| fail(&e));
                if tx.send(Job::FolderImported { path, result }).is_err() {
                    return;
                }
                if let Some(c) = &ctx {
                    c.request_repaint();
                }
            }
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
    }

    pub(super) fn folder_listed(&mut self, dir: &Path, result: Result<(usize, Vec<(PathBuf, String)>), String>) {
        self.busy = self.busy.saturating_sub(1);
        match result {
            Ok((n, skipped)) => {
                self.busy += n;
                if let Some(f) = &mut self.folder {
                    f.remaining = n;
                    f.skipped = skipped;
                }
                if n == 0 {
                    self.folder_done();
                }
            }
            Err(e) => {
                self.folder = None;
                self.messages.push(format!("Cannot add the folder {}: {e}", dir.display()));
            }
        }
    }

    pub(super) fn folder_imported(&mut self, path: &Path, result: Result<Box<Imported>, ImportFail>) {
        self.busy = self.busy.saturating_sub(1);
        let Some(f) = &mut self.folder else { return };
        f.remaining = f.remaining.saturating_sub(1);
        match result {
            Ok(imp) => {
                // A text already in the project (a copy under another name)
                // is not added twice.
                if let Some(d) = self.project.documents().find(|d| d.hash == imp.loaded.hash) {
                    let why = format!("the same text as “{}”", d.meta.title);
                    f.skipped.push((path.to_owned(), why));
                } else {
                    f.added += 1;
                    let ids = self.imported(path, Ok(imp));
                    if let Some(f) = &mut self.folder {
                        f.docs.extend(ids);
                    }
                }
            }
            Err(e) => f.skipped.push((path.to_owned(), e.message)),
        }
        if self.folder.as_ref().is_some_and(|f| f.remaining == 0) {
            self.folder_done();
        }
    }

    fn folder_done(&mut self) {
        let Some(f) = self.folder.take() else { return };
        let name = f.dir.file_name().map_or_else(|| f.dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut msg = format!("Added {} text(s) from {name}", f.added);
        if !f.skipped.is_empty() {
            use std::fmt::Write as _;
            let shown: Vec<String> = f
                .skipped
                .iter()
                .take(3)
                .map(|(p, why)| {
                    format!("{}: {why}", p.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
                })
                .collect();
            let more = f.skipped.len().saturating_sub(3);
            let more = if more > 0 { format!("; and {more} more") } else { String::new() };
            let _ = write!(msg, "; skipped {} ({}{more})", f.skipped.len(), shown.join("; "));
        }
        msg.push('.');
        self.messages.push(msg);
        let mut docs: Vec<(String, DocId)> =
            f.docs.iter().filter_map(|id| self.project.document(*id).map(|d| (d.path.clone(), *id))).collect();
        docs.sort();
        self.show_new(&docs.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
    }

    /// Start reading source files in the background (any format); each
    /// becomes a document.
    pub fn open_documents(&mut self, paths: Vec<PathBuf>) {
        // A file the project has already is shown, not added again (the
        // same text twice would be "shared" with itself everywhere).
        let mut known = Vec::new();
        let paths: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| {
                let stored = self.doc_path_for(p);
                let hit = self.project.documents().find(|d| {
                    d.path == stored || d.origin.as_ref().is_some_and(|o| !o.path.is_empty() && o.path == stored)
                });
                match hit {
                    Some(d) => {
                        known.push((d.id, d.meta.title.clone()));
                        false
                    }
                    None => true,
                }
            })
            .collect();
        if !known.is_empty() {
            let titles: Vec<String> = known.iter().map(|(_, t)| format!("“{t}”")).collect();
            self.notice(format!("Already in the project, so shown rather than added again: {}.", titles.join(", ")));
            for (id, _) in known {
                self.act(crate::command::Action::ShowDocument(id));
            }
        }
        // A file named twice is read once (one decode, one copy of its text
        // in memory) and still becomes a document each time it was named.
        let mut unique: Vec<PathBuf> = Vec::new();
        for p in paths {
            if unique.contains(&p) {
                *self.copies.entry(p).or_default() += 1;
            } else {
                unique.push(p);
            }
        }
        self.expect_opening(&unique);
        for p in unique {
            self.spawn_import(p, false);
        }
    }

    fn spawn_import(&mut self, path: PathBuf, all_text: bool) {
        self.busy += 1;
        self.spawn_job(move || {
            let opts = ImportOptions { all_text, ..ImportOptions::default() };
            let result = import::import_file(&path, opts).map(Box::new).map_err(|e| fail(&e));
            Job::Imported { path, result }
        });
    }

    /// A source has been read: the documents it became (none when it
    /// failed, or asks the user first).
    pub(super) fn imported(&mut self, path: &Path, result: Result<Box<Imported>, ImportFail>) -> Vec<DocId> {
        let copies = 1 + self.copies.remove(path).unwrap_or(0);
        let imp = match result {
            Ok(i) => *i,
            Err(f) if f.no_article => {
                self.modal = Some(Modal::NoArticle { path: path.to_owned(), message: f.message });
                return Vec::new();
            }
            Err(f) => {
                self.messages.push(f.message);
                return Vec::new();
            }
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !imp.format.is_plain() {
            for n in &imp.notes {
                self.messages.push(format!("{name}: {n}"));
            }
        }
        let docs: Vec<Document> = (0..copies).map_while(|_| self.document_for(path, &name, &imp)).collect();
        let loaded = Arc::new(imp.loaded);
        docs.into_iter().map(|doc| self.add_document(doc, path, loaded.clone())).collect()
    }

    /// The document record for a source just read (for an imported format,
    /// with its snapshot written when the project has a file); `None`, with
    /// a message, when the snapshot could not be written.
    fn document_for(&mut self, path: &Path, name: &str, imp: &Imported) -> Option<Document> {
        if imp.format.is_plain() {
            let mut doc = Document::new(self.doc_path_for(path));
            crate::analysis::titles::name_text_document(&mut doc, imp.loaded.text.as_str());
            return Some(doc);
        }
        let original = self.doc_path_for(path);
        // With a project file, the snapshot is written now (so recovery
        // copies refer to it); before that, on the first save.
        let snap = match &self.path {
            Some(project) => {
                match snapshot::write_new(&snapshot::sources_dir(project), name, imp.loaded.text.as_str()) {
                    Ok(p) => {
                        let rel = project_file::relative_source_path(project, &p);
                        self.written.push(p);
                        rel
                    }
                    Err(e) => {
                        self.messages.push(format!(
                            "{name} was not added: its text snapshot could not be written ({e}) ({})",
                            snapshot::sources_dir(project).display()
                        ));
                        return None;
                    }
                }
            }
            None => original.clone(),
        };
        let mut doc = snapshot::document_for_import(snap, original, imp);
        if doc.meta.title.is_empty() {
            name.clone_into(&mut doc.meta.title);
        }
        Some(doc)
    }

    /// Add a document whose text is read (its pane is opened by the caller,
    /// with the others opened together: see `opening`).
    pub(super) fn add_document(&mut self, mut doc: Document, path: &Path, l: Arc<Loaded>) -> DocId {
        l.encoding.clone_into(&mut doc.encoding);
        doc.hash.clone_from(&l.hash);
        doc.char_len = l.text.char_len();
        if l.had_errors {
            self.messages.push(format!(
                "Some bytes of {} were not valid {} and show as \u{fffd}.",
                path.display(),
                l.encoding
            ));
        }
        let id = doc.id;
        let l = self.shared_text(l);
        self.texts.insert(id, DocText::Ready(l));
        let key = format!("add document {id}");
        self.apply_edit(Project::add_document_edit(doc), "Add document".into(), Some(key.clone()));
        // Two files of one name (article/001.txt, summary/001.txt) get as
        // much of their folders in the title as tells them apart; in the
        // same undo step.
        let fixes = crate::analysis::titles::disambiguate(&self.project, Some(&[id].into()));
        if !fixes.is_empty() {
            self.apply_edit(crate::model::Edit::Batch(fixes), "Add document".into(), Some(key));
        }
        id
    }

    /// Give imported documents their snapshots in the sources folder of
    /// `project` (first save, Save As elsewhere). False when one could not
    /// be written: the project is then not saved.
    pub(super) fn place_snapshots(&mut self, project: &Path) -> bool {
        let texts = &self.texts;
        let text_of = |id: DocId| match texts.get(&id) {
            Some(DocText::Ready(l)) => Some(Arc::clone(l)),
            _ => None,
        };
        match snapshot::place(&mut self.project, project, &text_of) {
            Ok(_) => true,
            Err(e) => {
                self.messages.push(format!("Not saved: {e}. Your work is still here."));
                false
            }
        }
    }

    /// The document a document command acts on: the focused pane's (the
    /// pane last pressed in, opened or shown), else the one with the text
    /// selection, else the selected passage's, else the first pane's. A
    /// passage or link selected in a list never outranks the pane the user
    /// is in.
    pub(super) fn focused_doc(&self) -> Option<DocId> {
        self.focused_pane()
            .map(|i| self.panes[i].doc)
            .or_else(|| self.selection.map(|s| s.doc))
            .or_else(|| self.selected.and_then(|a| self.project.annotation(a)).map(|a| a.doc))
            .or_else(|| self.panes.first().map(|p| p.doc))
    }

    /// Read an imported document's original again.
    pub(super) fn reimport(&mut self, doc: DocId) {
        let Some(d) = self.project.document(doc) else { return };
        let Some(origin) = &d.origin else {
            self.messages.push(format!(
                "{} is a plain-text source: it is read as it is whenever the project opens, so there is nothing to \
                 re-import.",
                d.meta.title
            ));
            return;
        };
        if origin.path.is_empty() {
            self.messages.push(format!("{} was pasted, so it has no original to read again.", d.meta.title));
            return;
        }
        let original = match &self.path {
            Some(p) => project_file::source_path(p, &origin.path),
            None => PathBuf::from(&origin.path),
        };
        self.busy += 1;
        self.spawn_job(move || {
            let result = import::import_file(&original, ImportOptions::default()).map(Box::new).map_err(|e| fail(&e));
            Job::Reimported { doc, result }
        });
    }

    /// The original has been read again: when its text differs, it becomes
    /// a new snapshot (the old one stays on disk) and the document's
    /// annotations are re-anchored into it.
    pub(super) fn reimported(&mut self, doc: DocId, result: Result<Box<Imported>, ImportFail>) {
        let imp = match result {
            Ok(i) => *i,
            Err(f) => {
                self.messages.push(format!("Re-import failed: {}", f.message));
                return;
            }
        };
        let Some(d) = self.project.document(doc) else { return };
        let title = d.meta.title.clone();
        // A document whose snapshot went missing takes the text whatever it is.
        let shown = matches!(self.texts.get(&doc), Some(DocText::Ready(_)));
        if imp.loaded.hash == d.hash && shown {
            self.messages.push(format!("{title}: the original gives the same text; nothing changed."));
            return;
        }
        let mut path = d.path.clone();
        if let (Some(project), false) = (&self.path, snapshot::pending(d)) {
            let name =
                d.origin.as_ref().map(|o| o.path.rsplit('/').next().unwrap_or_default().to_owned()).unwrap_or_default();
            match snapshot::write_new(&snapshot::sources_dir(project), &name, imp.loaded.text.as_str()) {
                Ok(p) => {
                    path = project_file::relative_source_path(project, &p);
                    self.written.push(p);
                }
                Err(e) => {
                    self.messages.push(format!("Re-import failed: the new text snapshot could not be written ({e})"));
                    return;
                }
            }
        }
        let version = imp.version.to_owned();
        let (hash, pages) = (imp.source_hash.clone(), imp.pages.clone());
        if let Some(e) = self.project.update_document_edit(doc, |d| {
            d.path = path;
            if let Some(o) = d.origin.as_mut() {
                o.hash = hash;
                o.version = version;
                o.pages = pages;
                o.imported = chrono::Utc::now();
            }
        }) {
            self.apply_edit(e, "Re-import".into(), None);
        }
        let l = Arc::new(imp.loaded);
        let report = crate::analysis::anchoring::reanchor_document(&mut self.project, doc, &l.text, &l.hash);
        self.history.mark_unsaved();
        self.texts.insert(doc, DocText::Ready(l));
        self.generation += 1;
        let count = |s| report.counts.get(&s).copied().unwrap_or(0);
        let what = if report.text_changed { "the text changed" } else { "the same text, from a new snapshot" };
        self.messages.push(format!(
            "{title} re-imported: {what}; {} passage(s) in place, {} moved, {} need review, {} lost \
             (see Needs review).",
            count(crate::model::AnchorStatus::Exact),
            count(crate::model::AnchorStatus::Moved),
            count(crate::model::AnchorStatus::NeedsReview),
            count(crate::model::AnchorStatus::Orphaned)
        ));
    }

    /// "No article was found on this page": offer its visible text.
    pub(super) fn no_article_ui(&mut self, ctx: &Context, path: PathBuf, message: String) {
        let mut keep = true;
        egui::Modal::new(egui::Id::unique("synoptic no article")).show(ctx, |ui| {
            ui.heading("No article found");
            ui.label(&message);
            ui.horizontal(|ui| {
                if ui.button("Import all visible text").clicked() {
                    self.spawn_import(path.clone(), true);
                    keep = false;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    keep = false;
                }
            });
        });
        if keep && self.modal.is_none() {
            self.modal = Some(Modal::NoArticle { path, message });
        }
    }
}
