//! Documents from the web and the clipboard: File > Add from URL (or a URL
//! pasted onto the desk), Fetch again (a new version, opened in Compare
//! beside the earlier one), and New document from clipboard.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use egui::Context;

use super::{App, Job, Modal};
use crate::command::Action;
use crate::io::fetch::{self, FetchOptions, FetchProgress, Fetched};
use crate::io::import::{self, ImportOptions, Imported, Loaded};
use crate::io::{atomic, snapshot};
use crate::model::{DocId, Document, Origin};

/// A fetch under way, for the status bar.
pub(super) struct Fetching {
    pub(super) url: String,
    pub(super) progress: Arc<FetchProgress>,
}

/// What a finished fetch brings.
pub(super) type FetchOutcome = Result<(Fetched, Box<Imported>), String>;

impl App {
    /// Fetch `url` in the background and import it; `again_of` is the
    /// document it is a new version of (then both open in Compare).
    pub fn fetch_url(&mut self, url: &str, again_of: Option<DocId>) {
        let url = url.trim().to_owned();
        if !fetch::is_url(&url) {
            self.messages.push(format!("Not a web address (it must start with http:// or https://): {url}"));
            return;
        }
        let progress = FetchProgress::shared();
        self.fetching.push(Fetching { url: url.clone(), progress: Arc::clone(&progress) });
        self.busy += 1;
        self.spawn_job(move || {
            let p = Arc::clone(&progress);
            let result = fetch::fetch(&url, FetchOptions::default(), &progress.control, &move |n, _| {
                p.received.store(n, Ordering::Relaxed);
            })
            .map_err(|e| e.to_string())
            .and_then(|f| {
                let imp = import::import_bytes(f.bytes.clone(), &f.file_name(), ImportOptions::default())
                    .map_err(|e| format!("{} ({url})", e.at(Path::new(&f.file_name()))))?;
                Ok((f, Box::new(imp)))
            });
            Job::Fetched { url, again_of, result }
        });
    }

    /// Stop every fetch under way.
    pub fn cancel_fetches(&mut self) {
        for f in &self.fetching {
            f.progress.control.cancel();
        }
    }

    /// Where new files (fetched pages, pasted texts) go: the sources folder,
    /// or before the project has a file, a folder in the system's temporary
    /// space (moved into the sources folder on the first save).
    fn new_files_dir(&self) -> PathBuf {
        match &self.path {
            Some(p) => snapshot::sources_dir(p),
            None => std::env::temp_dir().join(format!("synoptic-unsaved-{}", std::process::id())),
        }
    }

    /// A fetch has finished.
    pub(super) fn fetched(&mut self, url: &str, again_of: Option<DocId>, result: FetchOutcome) {
        self.fetching.retain(|f| f.url != url);
        let (f, imp) = match result {
            Ok(r) => r,
            Err(e) => {
                self.messages.push(e);
                return;
            }
        };
        // Fetched again and the article reads the same: no new version (a
        // second, identical document would only crowd the desk).
        if let Some(old) = again_of.and_then(|d| self.project.document(d))
            && old.hash == imp.loaded.hash
        {
            let when = old.version().map(|v| format!(" (fetched {v})")).unwrap_or_default();
            self.notice(format!(
                "Fetched again: the article's text is the same as in {}{when}, so no new version was kept.",
                old.meta.title
            ));
            return;
        }
        let dir = self.new_files_dir();
        let name = f.file_name();
        let raw = std::fs::create_dir_all(&dir).and_then(|()| {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "html"));
            let p = snapshot::free_name(&dir, stem, ext);
            atomic::write_atomic(&p, |w| std::io::Write::write_all(w, &f.bytes)).map(|()| p)
        });
        let raw = match raw {
            Ok(p) => {
                self.written.push(p.clone());
                p
            }
            Err(e) => {
                self.messages
                    .push(format!("{url} was not added: the page could not be kept ({e}) ({})", dir.display()));
                return;
            }
        };
        let snap = match snapshot::write_new(&dir, &name, imp.loaded.text.as_str()) {
            Ok(p) => {
                self.written.push(p.clone());
                p
            }
            Err(e) => {
                self.messages.push(format!("{url} was not added: its text could not be written ({e})"));
                return;
            }
        };
        let mut doc = snapshot::document_for_import(self.doc_path_for(&snap), self.doc_path_for(&raw), &imp);
        if let Some(o) = doc.origin.as_mut() {
            url.clone_into(&mut o.fetched_from);
            o.imported = f.fetched_at;
        }
        if doc.meta.url.is_empty() {
            doc.meta.url.clone_from(&f.final_url);
        }
        if doc.meta.title.is_empty() {
            doc.meta.title.clone_from(&name);
        }
        for n in &imp.notes {
            self.messages.push(format!("{name}: {n}"));
        }
        // A second fetch of a page keeps its title: the versions are told
        // apart by when they were fetched, shown as a field of its own
        // (pane header, Documents table, Compare).
        if let Some(old) = again_of.and_then(|d| self.project.document(d)) {
            doc.meta.title.clone_from(&old.meta.title);
        }
        let id = doc.id;
        self.add_document(doc, &snap, Arc::new(imp.loaded));
        self.show_new(&[id]);
        if let Some(old) = again_of {
            self.act(Action::StartCompare(old, id));
        }
    }

    /// Fetch a fetched document's page again.
    pub(super) fn fetch_again(&mut self, doc: DocId) {
        let Some(d) = self.project.document(doc) else { return };
        match d.origin.as_ref().map(|o| o.fetched_from.clone()).filter(|u| !u.is_empty()) {
            Some(url) => self.fetch_url(&url, Some(doc)),
            None if fetch::is_url(&d.meta.url) => {
                let url = d.meta.url.clone();
                self.fetch_url(&url, Some(doc));
            }
            None => self.messages.push(format!(
                "{} was not fetched from the web and has no web address; File > Add from URL fetches a page.",
                d.meta.title
            )),
        }
    }

    /// The "Add from URL" dialog.
    pub(super) fn url_entry_ui(&mut self, ctx: &Context, mut text: String) {
        let mut keep = true;
        egui::Modal::new(egui::Id::unique("synoptic url entry")).show(ctx, |ui| {
            ui.heading("Add from URL");
            let label = ui.label("Web address of the article:");
            // Enter in the field (or with nothing focused) fetches; it is
            // taken from the input before the field sees it.
            let field = egui::Id::unique("synoptic url entry field");
            let in_field = ui.memory(|m| m.has_focus(field) || m.focused().is_none());
            let enter = in_field && ui.input_mut(super::modals::take_plain_enter);
            let r = ui
                .add(egui::TextEdit::singleline(&mut text).desired_width(480.0).hint_text("https://…").id(field))
                .labelled_by(label.id);
            super::modals::first_field(ui, &r);
            ui.horizontal(|ui| {
                if ui.button("Fetch").clicked() || enter {
                    self.fetch_url(&text, None);
                    keep = false;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    keep = false;
                }
            });
            ui.weak("Only the page itself is fetched: no images, styles or scripts.");
        });
        if keep && self.modal.is_none() {
            self.modal = Some(Modal::UrlEntry { text });
        }
    }

    /// The status bar's part: what is being fetched, with Cancel.
    pub(super) fn fetching_ui(&mut self, ui: &mut egui::Ui) {
        let mut cancel = false;
        for f in &self.fetching {
            ui.separator();
            ui.spinner();
            let received = crate::model::limits::human_size(f.progress.received.load(Ordering::Relaxed));
            ui.label(format!("Fetching {}… {received}", f.url));
            cancel |= ui.small_button("Cancel").clicked();
        }
        if cancel {
            self.cancel_fetches();
        }
    }

    /// New document from the clipboard: its HTML (all of its visible text)
    /// or its plain text becomes a UTF-8 file in the sources folder, titled
    /// from its first line. Reads the system clipboard.
    pub(super) fn paste_from_clipboard(&mut self) {
        let mut clip = match arboard::Clipboard::new() {
            Ok(c) => c,
            Err(e) => {
                self.messages.push(format!("The clipboard could not be read: {e}"));
                return;
            }
        };
        let html = clip.get().html().ok().filter(|h| !h.trim().is_empty());
        let text = clip.get().text().ok();
        self.paste_document(html.as_deref(), text.as_deref());
    }

    /// Make a document of pasted content (the HTML flavour wins).
    pub fn paste_document(&mut self, html: Option<&str>, text: Option<&str>) {
        let body = match html {
            Some(h) => import::html_fragment_text(h),
            None => text.map(|t| import::normalize_newlines(t.to_owned())).unwrap_or_default(),
        };
        let body = body.trim().to_owned();
        if body.is_empty() {
            self.messages.push("The clipboard holds no text to make a document of.".into());
            return;
        }
        let title: String = body.lines().next().unwrap_or_default().trim().chars().take(80).collect();
        let dir = self.new_files_dir();
        let file = std::fs::create_dir_all(&dir).and_then(|()| snapshot::write_new(&dir, &title, &body));
        let file = match file {
            Ok(p) => {
                self.written.push(p.clone());
                p
            }
            Err(e) => {
                self.messages.push(format!("The pasted text could not be saved ({e}) ({})", dir.display()));
                return;
            }
        };
        let loaded = Loaded::from_text(body, "UTF-8");
        let mut doc = Document::new(self.doc_path_for(&file));
        doc.meta.title = title;
        doc.origin = Some(Origin {
            path: String::new(),
            hash: loaded.hash.clone(),
            importer: "clipboard".into(),
            version: "clipboard 1".into(),
            imported: chrono::Utc::now(),
            fetched_from: String::new(),
            pages: Vec::new(),
        });
        let id = self.add_document(doc, &file, Arc::new(loaded));
        self.show_new(&[id]);
    }
}
