//! Undo and redo over [`Edit`]s, with merging of typing bursts and a
//! "saved here" marker for the unsaved-changes indicator.

use super::edit::{Edit, EditError};
use super::project::Project;

/// One undoable step.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    forward: Edit,
    inverse: Edit,
    /// Steps with the same key merge while the burst is open (see [`History::seal`]).
    merge_key: Option<String>,
    serial: u64,
}

/// The undo and redo stacks of a project.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_serial: u64,
    /// Serial of the top undo step when the project was last saved (0: none).
    saved: u64,
    /// True when the top step may not absorb further edits.
    sealed: bool,
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        Self { next_serial: 1, ..Self::default() }
    }

    /// Apply `edit` to `project` and record it as one undo step.
    pub fn apply(&mut self, project: &mut Project, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        self.push(project, edit, label.into(), None)
    }

    /// Apply `edit`, merging it into the previous step when that step has the
    /// same `key` and no [`Self::seal`] came in between (one burst of typing
    /// in a note is one undo step).
    pub fn apply_merging(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        key: impl Into<String>,
    ) -> Result<(), EditError> {
        self.push(project, edit, label.into(), Some(key.into()))
    }

    /// End the current burst: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.sealed = true;
    }

    fn push(&mut self, project: &mut Project, edit: Edit, label: String, key: Option<String>) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        let slot = edit.slot();
        let inverse = project.apply(edit.clone())?;
        self.redo.clear();
        let saved = self.saved;
        let top =
            self.undo.last_mut().filter(|t| !self.sealed && key.is_some() && t.merge_key == key && t.serial != saved);
        if let Some(top) = top {
            {
                // Same item written again: the old inverse still restores the
                // state before the burst; the newest edit replaces the forward.
                if slot.is_some() && top.forward.slot() == slot {
                    top.forward = edit;
                } else {
                    let old_fwd = std::mem::replace(&mut top.forward, Edit::Batch(Vec::new()));
                    let old_inv = std::mem::replace(&mut top.inverse, Edit::Batch(Vec::new()));
                    top.forward = Edit::Batch(vec![old_fwd, edit]);
                    top.inverse = Edit::Batch(vec![inverse, old_inv]);
                }
                return Ok(());
            }
        }
        let serial = self.next_serial;
        self.next_serial += 1;
        self.undo.push(Step { label, forward: edit, inverse, merge_key: key, serial });
        self.sealed = false;
        Ok(())
    }

    /// Undo the last step; returns its label.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.undo.pop()?;
        match project.apply(step.inverse.clone()) {
            Ok(_) => {
                let label = step.label.clone();
                self.redo.push(step);
                self.sealed = true;
                Some(label)
            }
            Err(e) => {
                // Cannot happen for inverses produced by `apply`; keep the step.
                log::error!("undo failed: {e}");
                self.undo.push(step);
                None
            }
        }
    }

    /// Redo the last undone step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.redo.pop()?;
        match project.apply(step.forward.clone()) {
            Ok(_) => {
                let label = step.label.clone();
                self.undo.push(step);
                self.sealed = true;
                Some(label)
            }
            Err(e) => {
                log::error!("redo failed: {e}");
                self.redo.push(step);
                None
            }
        }
    }

    /// Label of the step [`Self::undo`] would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step [`Self::redo`] would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Mark the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.undo.last().map_or(0, |s| s.serial);
        self.sealed = true;
    }

    /// The serial of the top undo step (0: none): what [`Self::mark_saved_at`]
    /// takes, for a save written from this state while work goes on.
    pub fn top_serial(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.serial)
    }

    /// Mark the state of `serial` (from [`Self::top_serial`]) as saved:
    /// edits made since then still count as changes. The caller sealed the
    /// history when it took `serial`, so no edit joined that step.
    pub fn mark_saved_at(&mut self, serial: u64) {
        self.saved = serial;
    }

    /// Mark the current state as not saved (e.g. after re-anchoring changed
    /// the project on load).
    pub fn mark_unsaved(&mut self) {
        self.saved = u64::MAX;
    }

    /// True when the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.saved != self.undo.last().map_or(0, |s| s.serial)
    }
}
