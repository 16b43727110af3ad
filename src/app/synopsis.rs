//! The synopsis view's part in the app: which documents it opens with, its
//! alignment on a worker, and what its cells ask for (a selection to tag,
//! a document to open).

use std::sync::Arc;
use std::time::Instant;

use egui::Ui;

use super::{App, DocText, Job, View};
use crate::analysis::job::{Cancelled, Control};
use crate::analysis::synopsis::{self, Options};
use crate::command::Command;
use crate::model::DocId;
use crate::ui::synopsis::{Aligned, Sources, SynopsisAction, SynopsisView};

impl App {
    /// The synopsis view's state.
    pub fn synopsis_view(&self) -> &SynopsisView {
        &self.views.synopsis
    }

    /// The synopsis view's state, to scroll or filter it (tests, scripts).
    pub fn synopsis_view_mut(&mut self) -> &mut SynopsisView {
        &mut self.views.synopsis
    }

    /// Open the synopsis of the open panes' documents (of every document
    /// when fewer than two panes are open), or go back to the desk when it
    /// is open.
    pub(super) fn open_synopsis(&mut self) {
        if self.views.view == View::Synopsis {
            self.views.view = View::Desk;
            return;
        }
        let mut docs: Vec<DocId> = Vec::new();
        for p in &self.panes {
            if !docs.contains(&p.doc) && self.project.document(p.doc).is_some() {
                docs.push(p.doc);
            }
        }
        if docs.len() < 2 {
            let mut all: Vec<(String, String, DocId)> =
                self.project.documents().map(|d| (d.meta.date.clone(), d.meta.title.clone(), d.id)).collect();
            all.sort();
            docs = all.into_iter().map(|(_, _, d)| d).collect();
        }
        self.open_synopsis_of(docs);
    }

    /// Open the synopsis of `docs`, in this column order.
    pub(super) fn open_synopsis_of(&mut self, docs: Vec<DocId>) {
        let docs: Vec<DocId> = docs.into_iter().filter(|d| self.project.document(*d).is_some()).collect();
        if docs.len() < 2 {
            self.notice("A synopsis sets two or more documents side by side: open or import another first.");
            return;
        }
        // The same documents as last time (in any order): the view as it
        // was left, with its order, reference and filter.
        let mut now = docs.clone();
        now.sort();
        let mut before = self.views.synopsis.docs.clone();
        before.sort();
        if now != before || self.views.synopsis.result.is_none() {
            self.views.synopsis.control.cancel();
            self.views.synopsis = SynopsisView::of(docs);
        }
        self.views.view = View::Synopsis;
        self.compare = None;
        // Tag keys act on what the synopsis shows: not on a selection left
        // on the desk, out of sight.
        self.selection = None;
        self.selected = None;
    }

    /// Align the view's documents again, on a worker (the run under way is
    /// stopped). Documents removed from the project leave the view; those
    /// whose text is not loaded are left out with a message.
    fn run_synopsis(&mut self) {
        let v = &mut self.views.synopsis;
        v.stale = false;
        v.control.cancel();
        v.docs.retain(|d| self.project.document(*d).is_some());
        let mut docs = Vec::new();
        let mut texts = Vec::new();
        let mut missing = Vec::new();
        for d in &v.docs {
            match self.texts.get(d) {
                Some(DocText::Ready(l)) => {
                    docs.push(*d);
                    texts.push(l.clone());
                }
                _ => missing.push(self.project.document(*d).map_or_else(String::new, |x| x.meta.title.clone())),
            }
        }
        if docs.len() < 2 {
            v.result = None;
            v.running = false;
            return;
        }
        let reference = v.docs.get(v.reference).and_then(|r| docs.iter().position(|d| d == r)).unwrap_or(0);
        let dates: Vec<String> =
            docs.iter().map(|d| self.project.document(*d).map_or_else(String::new, |x| x.meta.date.clone())).collect();
        let refs: Vec<&crate::model::SourceText> = texts.iter().map(|l| &l.text).collect();
        let (choices, stale) = synopsis::choices_of(&self.project, &docs, &refs);
        v.choices_seen = Some((self.generation, choices.clone()));
        let control = Arc::new(Control::new());
        v.control = control.clone();
        v.running = true;
        if !missing.is_empty() {
            self.messages.push(format!("Left out of the synopsis (their text is not loaded): {}", missing.join(", ")));
        }
        self.spawn_job(move || {
            let t0 = Instant::now();
            let strs: Vec<&str> = texts.iter().map(|l| l.text.as_str()).collect();
            let options = Options { reference: Some(reference), choices };
            let result = synopsis::align(&strs, &options, &control).and_then(|syn| {
                control.check()?;
                let diffs = synopsis::row_differences(&syn, &strs, reference, &control)?;
                let date_refs: Vec<&str> = dates.iter().map(String::as_str).collect();
                let summary = synopsis::summary(&syn, &date_refs);
                Ok::<_, Cancelled>(Box::new(Aligned {
                    docs,
                    hashes: texts.iter().map(|l| l.hash.clone()).collect(),
                    reference,
                    syn,
                    diffs,
                    summary,
                    stale,
                    millis: t0.elapsed().as_secs_f64() * 1000.0,
                }))
            });
            Job::Synopsized(control, result)
        });
    }

    pub(super) fn synopsized(&mut self, control: &Arc<Control>, result: Result<Box<Aligned>, Cancelled>) {
        let v = &mut self.views.synopsis;
        if !Arc::ptr_eq(control, &v.control) || control.check().is_err() {
            return;
        }
        v.running = false;
        if let Ok(a) = result {
            // Other documents or another reference: read from the top.
            let moved = v.result.as_ref().is_none_or(|old| old.docs != a.docs || old.reference != a.reference);
            if moved {
                v.scroll_to_row = Some(0);
            }
            v.result = Some(Arc::from(a));
        }
    }

    /// True when the view's alignment is not of the documents as they are
    /// now: one was removed, or its text changed (re-read, fetched again).
    fn synopsis_outdated(&mut self) -> bool {
        let generation = self.generation;
        let v = &mut self.views.synopsis;
        let Some(r) = &v.result else { return false };
        // The user's choices (or links) changed: align again by them.
        if v.choices_seen.as_ref().is_some_and(|(g, _)| *g != generation)
            && let Some(refs) = loaded(&self.texts, &r.docs)
        {
            let (now, _) = synopsis::choices_of(&self.project, &r.docs, &refs);
            let before = v.choices_seen.replace((generation, now.clone())).map(|x| x.1);
            if before.as_ref() != Some(&now) {
                return true;
            }
        }
        let v = &self.views.synopsis;
        let Some(r) = &v.result else { return false };
        let now: Vec<DocId> = v.docs.iter().copied().filter(|d| self.project.document(*d).is_some()).collect();
        if now.len() != v.docs.len() {
            return true;
        }
        r.docs.iter().zip(&r.hashes).any(|(d, h)| match self.texts.get(d) {
            Some(DocText::Ready(l)) => l.hash != *h,
            _ => true,
        })
    }

    /// The view in the central area.
    pub(super) fn synopsis_ui(&mut self, ui: &mut Ui) {
        if self.views.synopsis.stale || (!self.views.synopsis.running && self.synopsis_outdated()) {
            self.run_synopsis();
        }
        let texts = &self.texts;
        let text = |d: DocId| match texts.get(&d) {
            Some(DocText::Ready(l)) => Some(&l.text),
            _ => None,
        };
        let src = Sources {
            project: &self.project,
            generation: self.generation,
            text: &text,
            selection: self.selection,
            style: &self.settings.style,
        };
        let out = crate::ui::synopsis::synopsis_ui(ui, &mut self.views.synopsis, &src);
        if self.views.synopsis.running {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
        for a in out {
            match a {
                SynopsisAction::Select(s) => {
                    self.selection = Some(s);
                    self.selected = None;
                }
                SynopsisAction::Open(doc, range) => {
                    self.views.view = View::Desk;
                    self.show_passage(doc, range);
                }
                SynopsisAction::Tag => self.run_command(Command::TagPicker),
                SynopsisAction::Export(ext) => {
                    self.views.synopsis.export_as = Some(ext);
                    let dir = self.path.as_ref().and_then(|p| p.parent().map(std::path::Path::to_owned));
                    let name = format!("{}-synopsis.{ext}", self.project_name());
                    self.dialogs.request(crate::ui::dialogs::DialogKind::Export { dir, name, ext });
                }
                SynopsisAction::Choose(c, label) => {
                    self.apply_edit(crate::model::Project::add_choice_edit(c), label, None);
                }
                SynopsisAction::Forget(ids) => {
                    let edits = ids.into_iter().map(crate::model::Project::remove_choice_edit).collect();
                    self.apply_edit(crate::model::Edit::Batch(edits), "Synopsis: forget row choices".into(), None);
                }
                SynopsisAction::Cancel => {
                    // Back to the alignment shown before, its documents and
                    // reference.
                    let v = &mut self.views.synopsis;
                    v.control.cancel();
                    v.running = false;
                    if let Some(r) = &v.result {
                        v.docs = r.docs.clone();
                        v.reference = r.reference;
                    }
                }
                SynopsisAction::Close => self.views.view = View::Desk,
            }
        }
    }
}

impl App {
    /// Write the synopsis shown to `out` in the kind asked for (`html`,
    /// `md`, `csv`); the file's own extension is added when it has none.
    pub(super) fn export_synopsis(&mut self, mut out: std::path::PathBuf, ext: &str) {
        use crate::io::export::synopsis as rendered;
        let Some(r) = self.views.synopsis.result.clone() else { return };
        if out.extension().is_none() {
            out.set_extension(ext);
        }
        let docs: Vec<&crate::model::Document> = r.docs.iter().filter_map(|d| self.project.document(*d)).collect();
        let (Some(texts), true) = (loaded(&self.texts, &r.docs), docs.len() == r.docs.len()) else {
            self.messages.push("The synopsis changed since it was shown: export again once it is aligned.".into());
            return;
        };
        let cell = |d: usize, i: usize| {
            let range = r.syn.sentences[d][i].range;
            (range, if range.end.0 <= texts[d].char_len() { texts[d].slice(range) } else { "" })
        };
        let text = match ext {
            "md" => Ok(rendered::markdown(&r.syn, &docs, &cell)),
            "csv" => rendered::csv(&r.syn, &docs, &cell).map_err(|e| e.to_string()),
            _ => Ok(rendered::html(&r.syn, &docs, &cell, &r.diffs, r.reference)),
        };
        let written = text.and_then(|t| {
            crate::io::atomic::write_atomic(&out, |w| std::io::Write::write_all(w, t.as_bytes()))
                .map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => self.notice(format!("Synopsis exported to {}", out.display())),
            Err(e) => self.messages.push(format!("The synopsis could not be written to {}: {e}", out.display())),
        }
    }
}

/// The texts of `docs`, when every one is loaded.
fn loaded<'t>(
    texts: &'t std::collections::BTreeMap<DocId, DocText>,
    docs: &[DocId],
) -> Option<Vec<&'t crate::model::SourceText>> {
    docs.iter()
        .map(|d| match texts.get(d) {
            Some(DocText::Ready(l)) => Some(&l.text),
            _ => None,
        })
        .collect()
}
