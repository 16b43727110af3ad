//! What the app remembers of each project between runs, in its own
//! settings (never in the project file): the desk it was left with.

use std::path::{Path, PathBuf};

use super::App;

/// A project's path as the remembered desks know it: absolute, so that
/// `synoptic p.synoptic.ron` and the same file opened from elsewhere meet.
pub(crate) fn desk_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// How many projects' desks the settings remember.
const DESKS_KEPT: usize = 20;

impl App {
    /// The panes as they are now: documents left to right, widths, the
    /// first character each shows.
    pub(crate) fn desk_state(&self) -> Vec<crate::model::PaneState> {
        self.panes.iter().map(|p| crate::model::PaneState { doc: p.doc, width: p.width, scroll: p.top_char }).collect()
    }

    /// Keep the desk of the open project in the settings (not in the
    /// project: leaving it the way it is marks nothing unsaved).
    pub fn remember_desk(&mut self) {
        let Some(path) = self.path.as_deref().map(desk_key) else { return };
        let desk = self.desk_state();
        self.settings.desks.retain(|(p, _)| *p != path);
        self.settings.desks.insert(0, (path, desk));
        self.settings.desks.truncate(DESKS_KEPT);
    }

    /// The desk remembered for `path`, when every document in it is still in the project.
    pub(super) fn remembered_desk(&self, path: &Path) -> Option<Vec<crate::model::PaneState>> {
        let path = desk_key(path);
        let (_, desk) = self.settings.desks.iter().find(|(p, _)| *p == path)?;
        desk.iter().all(|p| self.project.document(p.doc).is_some()).then(|| desk.clone())
    }
}
