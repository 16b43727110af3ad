//! What the app shows and holds, read from outside: the project, panes,
//! selection, messages and view state (tests and benches use these), and
//! the few settings they may change.

use std::path::Path;
use std::sync::Arc;

use super::{App, DocId, DocText, Loaded, Pane, Project, ReaderStyle, Selection, Settings, View};
use crate::model::AnnotationId;

impl App {
    /// The last shared-passage detection result.
    pub fn shared_result(&self) -> Option<&crate::ui::shared::SharedResult> {
        self.shared.result.as_deref()
    }

    /// The settings kept between runs.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where the panes were drawn in the last frame.
    pub fn pane_rects(&self) -> &[egui::Rect] {
        &self.pane_rects
    }

    /// Save projects of at least `passages` passages in the background
    /// (default 50,000; tests lower it to see a background save).
    pub fn save_in_background_from(&mut self, passages: usize) {
        self.background_save_from = passages;
    }

    /// Whether a save is being written in the background.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// The part of the window the desk had in the last frame.
    pub fn desk_rect(&self) -> egui::Rect {
        self.desk_rect
    }

    /// The Search tab's query and results.
    pub fn search_state(&self) -> &crate::ui::search::SearchState {
        &self.search
    }

    /// True while shared passages are being detected.
    pub fn finding_shared(&self) -> bool {
        self.shared.running.is_some()
    }

    /// The compare view, when compare mode is on.
    pub fn compare_view(&self) -> Option<&crate::ui::compare::CompareView> {
        self.compare.as_ref()
    }

    /// The first end of a link being made.
    pub fn link_start(&self) -> Option<(DocId, crate::model::CharRange)> {
        self.link_from.map(|e| (e.doc, e.range))
    }

    // ----- read access (tests, benches) -----

    /// The project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project file, once saved or opened.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True with unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The current text selection.
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    /// Set the text selection (as a drag would).
    pub fn set_selection(&mut self, s: Option<Selection>) {
        // Text is selected in a pane the user is in: that pane has the focus.
        if let Some(p) = s.and_then(|s| self.panes.iter().find(|p| p.doc == s.doc)) {
            self.focused_pane = Some(p.id);
        }
        self.selection = s;
    }

    /// The selected annotation.
    pub fn selected(&self) -> Option<AnnotationId> {
        self.selected
    }

    /// Open panes.
    pub fn panes(&self) -> &[Pane] {
        &self.panes
    }

    /// A document's text, when read.
    pub fn text(&self, doc: DocId) -> Option<&Arc<Loaded>> {
        match self.texts.get(&doc) {
            Some(DocText::Ready(l)) => Some(l),
            _ => None,
        }
    }

    /// Messages shown to the user (errors and notices).
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// True while documents or a project are loading.
    pub fn is_busy(&self) -> bool {
        self.busy > 0 || self.dialogs.busy()
    }

    /// Why the project is read-only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Scroll every pane by `dy` points (Page Down is one screen).
    pub fn scroll_panes_by(&mut self, dy: f32) {
        if self.views.view == View::Retrieve {
            self.views.retrieve.scroll_by(dy);
            return;
        }
        if self.views.view == View::Synopsis {
            self.views.synopsis.scroll_by(dy);
            return;
        }
        for p in &mut self.panes {
            p.set_offset = Some((p.offset + dy).max(0.0));
        }
    }

    /// Current reader style.
    pub fn style(&self) -> &ReaderStyle {
        &self.settings.style
    }
}
