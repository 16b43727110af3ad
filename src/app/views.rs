//! The views that take the place of the desk: retrieval, the matrix, and the
//! memos-and-notes list; and how the app answers what they ask.

use egui::Ui;

use super::{Action, App, Command, DocText, RightTab};
use crate::command::RetrieveRequest;
use crate::model::{CharIdx, DocId, SourceText};
use crate::ui::matrix::MatrixView;
use crate::ui::retrieve::{RetrieveView, Sources};
use crate::ui::writings::{Writing, WritingsState};

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The reading desk (or compare mode).
    #[default]
    Desk,
    /// Coded passages side by side.
    Retrieve,
    /// Documents × tags, co-occurrence, charts.
    Matrix,
    /// Memos, document notes, tag descriptions.
    Writings,
    /// The Documents table.
    Documents,
    /// Documents aligned sentence by sentence in parallel columns.
    Synopsis,
}

/// The views' state, kept while the user goes back and forth.
#[derive(Default)]
pub(super) struct Views {
    pub(super) view: View,
    pub(super) retrieve: RetrieveView,
    pub(super) matrix: MatrixView,
    pub(super) writings: WritingsState,
    pub(super) documents: crate::ui::documents::DocumentsState,
    pub(super) synopsis: crate::ui::synopsis::SynopsisView,
    /// Words per loaded document, counted once per text.
    pub(super) words: std::collections::HashMap<DocId, (String, usize)>,
    /// Focus mode: only this pane is shown (its id).
    pub(super) focus: Option<(&'static str, u64)>,
}

impl App {
    /// The view in the central area.
    pub fn view(&self) -> View {
        self.views.view
    }

    /// The retrieval view's state.
    pub fn retrieve_view(&self) -> &RetrieveView {
        &self.views.retrieve
    }

    /// The matrix view's state.
    pub fn matrix_view(&self) -> &MatrixView {
        &self.views.matrix
    }

    /// True when focus mode shows one pane only.
    pub fn focus_mode(&self) -> bool {
        self.views.focus.is_some_and(|id| self.panes.iter().any(|p| p.id == id))
    }

    pub(super) fn show_view(&mut self, c: Command) {
        let v = match c {
            Command::Retrieve => View::Retrieve,
            Command::Matrix => View::Matrix,
            Command::DocumentsTable => View::Documents,
            _ => View::Writings,
        };
        // The same shortcut again goes back to the desk.
        self.views.view = if self.views.view == v { View::Desk } else { v };
        self.compare = None;
    }

    /// Focus mode on the focused document's pane (see `focused_doc`), or
    /// off again.
    pub(super) fn toggle_focus(&mut self) {
        if self.focus_mode() {
            self.views.focus = None;
            return;
        }
        let pane = self.focused_doc().and_then(|d| self.panes.iter().find(|p| p.doc == d));
        self.views.focus = pane.map(|p| p.id);
        if pane.is_none() {
            self.messages.push("Open a document first: focus mode shows one pane alone.".into());
        }
    }

    pub(super) fn retrieve_request(&mut self, r: RetrieveRequest) {
        self.views.retrieve.ask(&r.tags, r.docs, Some(r.origin));
        self.views.retrieve.filter.only = r.only;
        self.views.view = View::Retrieve;
        self.compare = None;
    }

    pub(super) fn retrieve_cooccurring(&mut self, a: crate::model::TagId, b: crate::model::TagId) {
        let (near, scope) = (self.views.matrix.near, self.views.matrix.scope);
        let texts = &self.texts;
        let para = |d: DocId, c: usize| paragraph(texts, d, c);
        let only = crate::analysis::stats::cooccurring(&self.project, scope, near, &para, a, b);
        let name = |t| self.project.codebook().get(t).map_or_else(String::new, |t| t.name.clone());
        let origin = format!("Together: {} × {}", name(a), name(b));
        let tags = if a == b { vec![a] } else { Vec::new() };
        self.retrieve_request(RetrieveRequest { tags, docs: None, only: Some(only), origin });
    }

    pub(super) fn reveal_writing(&mut self, w: Writing) {
        match w {
            Writing::Memo(id) => {
                self.notes.memo = Some(id);
                self.right_tab = RightTab::Notes;
                self.settings.hide_side_panels = false;
            }
            Writing::Document(doc) => {
                self.ensure_pane(doc);
                self.notes.document = Some(doc);
                self.right_tab = RightTab::Notes;
            }
            Writing::Tag(_) => {}
        }
    }

    /// The central area when it is not the desk.
    pub(super) fn view_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        match self.views.view {
            View::Desk => {}
            View::Retrieve => {
                self.views.retrieve.refresh(&self.project, self.generation);
                let texts = &self.texts;
                let text = |d: DocId| -> Option<&SourceText> {
                    match texts.get(&d) {
                        Some(DocText::Ready(l)) => Some(&l.text),
                        _ => None,
                    }
                };
                let src = Sources { project: &self.project, text: &text };
                actions.extend(crate::ui::retrieve::retrieve_ui(ui, &mut self.views.retrieve, &src));
            }
            View::Matrix => {
                let texts = &self.texts;
                let para = |d: DocId, c: usize| paragraph(texts, d, c);
                self.views.matrix.refresh(&self.project, self.generation, &para);
                actions.extend(crate::ui::matrix::matrix_ui(ui, &mut self.views.matrix, &self.project));
            }
            View::Writings => {
                actions.extend(crate::ui::writings::writings_ui(ui, &mut self.views.writings, &self.project));
            }
            View::Synopsis => self.synopsis_ui(ui),
            View::Documents => {
                let mut loaded = 0;
                for (d, t) in &self.texts {
                    if let DocText::Ready(l) = t {
                        loaded += 1;
                        if self.views.words.get(d).is_none_or(|(h, _)| *h != l.hash) {
                            let n = l.text.as_str().split_whitespace().count();
                            self.views.words.insert(*d, (l.hash.clone(), n));
                        }
                    }
                }
                let words = &self.views.words;
                let count = |d: DocId| words.get(&d).map(|(_, n)| *n);
                actions.extend(crate::ui::documents::documents_ui(
                    ui,
                    &mut self.views.documents,
                    &self.project,
                    self.generation,
                    loaded,
                    &count,
                ));
            }
        }
    }
}

/// The paragraph (block) a char of a loaded document is in.
fn paragraph(texts: &std::collections::BTreeMap<DocId, DocText>, d: DocId, c: usize) -> Option<usize> {
    match texts.get(&d) {
        Some(DocText::Ready(l)) if c <= l.text.char_len() => Some(l.text.block_at(CharIdx(c))),
        _ => None,
    }
}
