//! Bringing what the user just opened into view: documents opened together
//! get their panes in the order they were named (not the order their reads
//! finish), at most a desk's worth at a time, and the desk scrolls to the
//! first of them. The pane the user last pressed in is the focused pane.

use std::path::{Path, PathBuf};

use super::{AUTO_PANES, App, View};
use crate::model::DocId;

/// Files opened together (one pick in the file dialog, the command line, a
/// drop), waiting for the last of them to be read.
pub(super) struct Opening {
    /// The files, in the order given.
    paths: Vec<PathBuf>,
    /// The documents each became, once read (empty when it failed).
    arrived: Vec<Option<Vec<DocId>>>,
}

/// Start of the notice about documents left in the Documents table.
const WAITING: &str = "More documents than panes";

impl App {
    /// Remember that `paths` are being opened together, in this order.
    pub(super) fn expect_opening(&mut self, paths: &[PathBuf]) {
        if !paths.is_empty() {
            self.opening.push(Opening { paths: paths.to_vec(), arrived: vec![None; paths.len()] });
        }
    }

    /// The file `path` was read (into the documents `ids`, none when it
    /// failed). Files opened together are shown once all of them are read;
    /// one opened by itself is shown at once.
    pub(super) fn arrived(&mut self, path: &Path, ids: Vec<DocId>) {
        let found = self.opening.iter().enumerate().find_map(|(b, o)| {
            o.paths.iter().zip(&o.arrived).position(|(p, a)| p == path && a.is_none()).map(|k| (b, k))
        });
        let Some((b, k)) = found else {
            self.show_new(&ids);
            return;
        };
        self.opening[b].arrived[k] = Some(ids);
        if self.opening[b].arrived.iter().all(Option::is_some) {
            let o = self.opening.remove(b);
            let ids: Vec<DocId> = o.arrived.into_iter().flatten().flatten().collect();
            self.show_new(&ids);
        }
    }

    /// Open panes for documents just added, in this order — at most a
    /// desk's worth ([`AUTO_PANES`]); the rest wait in the Documents table —
    /// and scroll the desk to the first of them.
    pub(super) fn show_new(&mut self, ids: &[DocId]) {
        let mut first = None;
        let mut opened = 0;
        let mut waiting = 0;
        for id in ids {
            if self.project.document(*id).is_none() {
                continue;
            }
            if let Some(p) = self.panes.iter().find(|p| p.doc == *id) {
                first.get_or_insert(p.id);
            } else if opened < AUTO_PANES {
                let pane = self.new_pane(*id);
                first.get_or_insert(pane.id);
                self.panes.push(pane);
                opened += 1;
            } else {
                waiting += 1;
            }
        }
        if opened > 0 {
            self.normalize_widths();
        }
        if waiting > 0 {
            self.messages.retain(|m| !m.starts_with(WAITING));
            self.messages.push(format!(
                "{WAITING}: {opened} of the documents just added are open side by side; the other {waiting} are in the \
                 Documents table (Ctrl+K), where a double-click opens one."
            ));
        }
        if let Some(p) = first {
            self.bring_into_view(p);
        }
    }

    /// Show the pane `id` on the desk: out of focus mode on another pane,
    /// the desk scrolled sideways to it, and it the focused pane.
    pub(super) fn bring_into_view(&mut self, id: (&'static str, u64)) {
        self.views.view = View::Desk;
        if self.views.focus.is_some_and(|f| f != id) {
            self.views.focus = None;
        }
        self.reveal_pane = Some(id);
        self.focus_pane(id, false);
        // Every document has a pane now: the notice has done its job.
        if self.project.documents().all(|d| self.panes.iter().any(|p| p.doc == d.id)) {
            self.messages.retain(|m| !m.starts_with(WAITING));
        }
    }

    /// Make pane `id` the one the user is in (pressed in, opened, shown,
    /// or reached with Ctrl+Alt+arrows: `by_keys`, and then its caret shows
    /// at once). A text selection belongs to the pane the user is in: one
    /// left in a different document is let go, so that keys meant for this
    /// pane (1–9, T) never tag text the user no longer sees.
    pub(super) fn focus_pane(&mut self, id: (&'static str, u64), by_keys: bool) {
        self.focused_pane = Some(id);
        for p in &mut self.panes {
            p.keyboard_caret = by_keys && p.id == id;
        }
        let doc = self.panes.iter().find(|p| p.id == id).map(|p| p.doc);
        if self.selection.is_some_and(|s| Some(s.doc) != doc) {
            self.selection = None;
        }
    }

    /// The pane the user last pressed in (or opened), if it is still there.
    pub(super) fn focused_pane(&self) -> Option<usize> {
        self.focused_pane.and_then(|id| self.panes.iter().position(|p| p.id == id))
    }
}
