//! Running searches for the Search tab: a new query (each keystroke)
//! cancels the search under way and starts another on a worker thread;
//! F3 / Shift+F3 step through the hits and scroll their pane.

use std::sync::Arc;

use super::{App, DocText, Job, Modal, RightTab};
use crate::analysis::job::Control;
use crate::analysis::search::{self, Searcher};
use crate::io::import::Loaded;
use crate::model::{Anchor, Annotation, DocId, Edit, Project, Rgb, Tag};
use crate::ui::search::{
    DocHits, LISTED_PER_DOC, MARKED_PER_DOC, NoteHit, NoteRef, SearchKey, SearchResults, TagHitsDraft,
};

/// Chars of context on each side of a listed hit.
const CONTEXT_CHARS: usize = 32;

impl App {
    /// Open the Search tab for the focused document (`all`: every document).
    pub(super) fn open_search(&mut self, all: bool) {
        self.right_tab = RightTab::Search;
        self.settings.hide_side_panels = false;
        self.search.scope = if all { None } else { self.focused_doc() };
        self.search.focus = true;
    }

    /// Step to the next or previous hit and show it.
    pub(super) fn step_hit(&mut self, forward: bool) {
        // Results of an earlier query (the first letters typed) are not
        // the hits of the query as it stands: the step waits for those.
        let key = self.search.key(self.generation);
        let fresh = self.search.results.as_ref().is_some_and(|(k, _)| *k == key);
        if !fresh && !key.0.pattern.is_empty() && self.search.failed.as_ref() != Some(&key) {
            self.search.pending_step = Some(forward);
            return;
        }
        if let Some((doc, r)) = self.search.step(forward) {
            self.show_passage(doc, r);
            self.search.shown = Some((doc, r));
        }
    }

    /// Start a search when the query (or what it looks at) changed.
    pub(super) fn search_if_changed(&mut self) {
        let key = self.search.key(self.generation);
        let done = self.search.results.as_ref().is_some_and(|(k, _)| *k == key);
        let running = self.search.running.as_ref().is_some_and(|(k, _)| *k == key);
        if done || running || self.search.failed.as_ref() == Some(&key) {
            return;
        }
        if let Some((_, c)) = self.search.running.take() {
            c.cancel();
        }
        self.search.error = None;
        if key.0.pattern.is_empty() {
            // Nothing to find: the marks change only if there were any. (The
            // serial keys every pane's cached marks: bumped on every frame,
            // it made each frame rebuild them all, five times the work of a
            // frame with nothing new.)
            if self.search.results.take().is_some() || self.search.current.take().is_some() {
                self.search.serial += 1;
            }
            return;
        }
        let searcher = match Searcher::new(&key.0) {
            Ok(s) => s,
            Err(e) => {
                self.search.error = Some(e.to_string());
                self.search.results = None;
                self.search.serial += 1;
                self.search.failed = Some(key);
                return;
            }
        };
        let mut docs: Vec<(String, DocId, Arc<Loaded>)> = self
            .project
            .documents()
            .filter(|d| key.1.is_none_or(|s| s == d.id))
            .filter_map(|d| match self.texts.get(&d.id) {
                Some(DocText::Ready(l)) => Some((d.meta.title.clone(), d.id, Arc::clone(l))),
                _ => None,
            })
            .collect();
        docs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        // The user's own writing, copied for the worker.
        let mut writing: Vec<(NoteRef, String, String)> = Vec::new();
        if key.3 {
            for a in self.project.annotations().filter(|a| !a.note.is_empty()) {
                writing.push((NoteRef::Annotation(a.id), a.anchor.exact.clone(), a.note.clone()));
            }
            for m in self.project.memos() {
                writing.push((NoteRef::Memo(m.id), m.title.clone(), format!("{}\n{}", m.title, m.text)));
            }
            for d in self.project.documents().filter(|d| !d.note.is_empty()) {
                writing.push((NoteRef::Document(d.id), d.meta.title.clone(), d.note.clone()));
            }
        }
        let control = Arc::new(Control::new());
        self.search.running = Some((key.clone(), Arc::clone(&control)));
        self.spawn_job(move || {
            let mut res = SearchResults::default();
            for (_, doc, l) in docs {
                if control.check().is_err() {
                    break;
                }
                let hits = searcher.find(&l.text, MARKED_PER_DOC, Some(&control));
                if hits.total == 0 {
                    continue;
                }
                let listed: Vec<_> = hits
                    .ranges
                    .iter()
                    .take(LISTED_PER_DOC)
                    .map(|r| (*r, search::context_parts(&l.text, *r, CONTEXT_CHARS)))
                    .collect();
                res.flat.extend(listed.iter().map(|(r, _)| (doc, *r)));
                res.total += hits.total;
                res.by_doc.insert(doc, hits.ranges);
                res.docs.push(DocHits { doc, total: hits.total, listed });
            }
            for (at, label, text) in writing {
                if control.check().is_err() {
                    break;
                }
                let t = crate::model::SourceText::new(text);
                for r in searcher.find(&t, 20, Some(&control)).ranges {
                    let line = search::context_parts(&t, r, CONTEXT_CHARS);
                    res.notes.push(NoteHit { at, label: label.clone(), line });
                }
            }
            Job::Searched(key, control, Arc::new(res))
        });
    }

    /// A search finished (ignored when a newer one replaced it).
    pub(super) fn searched(&mut self, key: SearchKey, control: &Arc<Control>, res: Arc<SearchResults>) {
        let current = self.search.running.as_ref().is_some_and(|(k, c)| *k == key && Arc::ptr_eq(c, control));
        if !current {
            return;
        }
        self.search.running = None;
        let same_query = self.search.results.as_ref().is_some_and(|(k, _)| k.0 == key.0 && k.1 == key.1);
        self.search.results = Some((key, res));
        self.search.current = None;
        self.search.serial += 1;
        // A hit of the previous query left selected is not a hit any more:
        // keys meant for the new query's hits must not tag it.
        if !same_query
            && let Some((doc, r)) = self.search.shown.take()
            && self.selection.is_some_and(|s| s.doc == doc && s.range() == r)
        {
            self.selection = None;
        }
        if let Some(forward) = self.search.pending_step.take() {
            self.step_hit(forward);
        }
    }

    /// Open the "Tag search hits" dialog with every listed hit checked.
    pub(super) fn open_tag_hits(&mut self) {
        let Some((key, res)) = &self.search.results else { return };
        let draft =
            TagHitsDraft { checked: vec![true; res.flat.len()], key: Some(key.clone()), ..TagHitsDraft::default() };
        self.modal = Some(Modal::TagHits(draft));
    }

    /// Tag the checked hits (widened as asked) with one tag, creating it
    /// if new, as one undo step. A hit that is already an annotation gets
    /// the tag added; the same widened passage is tagged once.
    pub(super) fn tag_hits(&mut self, draft: &TagHitsDraft, res: &SearchResults) {
        let mut edits = Vec::new();
        let existing = draft.tag.filter(|t| self.project.codebook().get(*t).is_some());
        let name = draft.new_name.trim();
        let same_name = self.project.codebook().tree().into_iter().find(|(_, t)| t.name == name).map(|(_, t)| t.id);
        let tag = if let Some(t) = existing.or(same_name) {
            t
        } else {
            let n = self.project.codebook().len();
            let mut t = Tag::new(name, Rgb::palette(n));
            t.order = self.project.codebook().next_order(None);
            let id = t.id;
            edits.push(Project::add_tag_edit(t));
            id
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut skipped = 0;
        for (i, (doc, r)) in res.flat.iter().enumerate() {
            if !draft.checked.get(i).copied().unwrap_or(false) {
                continue;
            }
            // The hit's text may have changed since the search ran.
            let Some(DocText::Ready(l)) = self.texts.get(doc) else {
                skipped += 1;
                continue;
            };
            if r.end.0 > l.text.char_len() {
                skipped += 1;
                continue;
            }
            let range = search::widen(&l.text, *r, draft.widen);
            if !seen.insert((*doc, range)) {
                continue;
            }
            if let Some(id) = self.annotation_at(*doc, range) {
                if let Some(e) = self.project.update_annotation_edit(id, |a| {
                    a.tags.insert(tag);
                }) {
                    edits.push(e);
                }
            } else {
                let mut a = Annotation::new(*doc, Anchor::from_text(&l.text, range));
                a.tags.insert(tag);
                edits.push(Project::add_annotation_edit(a));
            }
        }
        let count = seen.len();
        if count == 0 {
            self.messages.push("No hit was tagged: none was checked, or their documents are not open.".into());
            return;
        }
        let name = draft
            .tag
            .and_then(|t| self.project.codebook().get(t))
            .map_or_else(|| draft.new_name.trim().to_owned(), |t| t.name.clone());
        self.apply_edit(Edit::Batch(edits), format!("Tag {count} search hits “{name}”"), None);
        if skipped > 0 {
            self.messages.push(format!("{skipped} hit(s) were not tagged: their text is no longer what was searched."));
        }
    }

    /// Show a note found by a search: the annotation in its pane, the memo
    /// or the document in the Notes tab.
    pub(super) fn reveal_note(&mut self, at: NoteRef) {
        match at {
            NoteRef::Annotation(id) => self.reveal(id),
            NoteRef::Memo(id) => {
                self.notes.memo = Some(id);
                self.right_tab = RightTab::Notes;
            }
            NoteRef::Document(doc) => {
                self.ensure_pane(doc);
                self.notes.document = Some(doc);
                self.right_tab = RightTab::Notes;
            }
        }
    }
}
