//! Carrying out what a panel asked for: edits, tags, reveals, links.

use super::{Action, Anchor, AnchorStatus, Annotation, AnnotationId, App, DialogKind, Project, Tag};

impl App {
    /// Apply one action (what a panel asked for).
    pub fn act(&mut self, action: Action) {
        match action {
            Action::Command(c) => self.run_command(c),
            Action::Edit { edit, label, merge } => self.apply_edit(edit, label, merge),
            Action::ApplyTag(t) => self.apply_tag(t),
            Action::CreateTagAndApply(name) => {
                let mut tag = Tag::new(name.trim(), self.project.codebook().next_colour());
                tag.order = self.project.codebook().next_order(None);
                let id = tag.id;
                self.apply_edit(Project::add_tag_edit(tag), format!("New tag “{}”", name.trim()), None);
                self.apply_tag(id);
            }
            Action::Reveal(id) => self.reveal(id),
            Action::ScrollTo(doc, c) => {
                if let Some(p) = self.panes.iter_mut().find(|p| p.doc == doc) {
                    p.scroll_to = Some(c);
                }
            }
            Action::Reattach(id) => self.reattach(id),
            Action::Confirm(id) => {
                if let Some(e) = self.project.update_annotation_edit(id, |a| {
                    a.status = AnchorStatus::Exact;
                    a.previous_quote = None;
                }) {
                    self.apply_edit(e, "Accept passage".into(), None);
                }
            }
            Action::Locate(doc) => self.dialogs.request(DialogKind::Locate { doc }),
            Action::Reimport(doc) => self.reimport(doc),
            Action::TagHits => self.open_tag_hits(),
            Action::RevealNote(at) => self.reveal_note(at),
            Action::ShowDocument(doc) => self.ensure_pane(doc),
            Action::ClosePaneAt(i) => {
                if i < self.panes.len() {
                    self.panes.remove(i);
                    self.normalize_widths();
                }
            }
            Action::MovePane(i, d) => {
                if let Some(j) = i.checked_add_signed(d).filter(|j| *j < self.panes.len() && i < self.panes.len()) {
                    self.panes.swap(i, j);
                }
            }
            Action::RevealLink(id) => self.reveal_link(id),
            Action::ShowPassage(doc, r) => self.show_passage(doc, r),
            Action::FindShared => self.find_shared(),
            Action::CancelShared => self.shared.cancel(),
            Action::LinkCluster(ci) => self.link_cluster(ci),
            Action::TagCluster(ci, t) => self.tag_cluster(ci, t),
            Action::TagClusterNew(ci, name) => {
                let existing =
                    self.project.codebook().iter().find(|t| t.name.eq_ignore_ascii_case(&name)).map(|t| t.id);
                let id = existing.unwrap_or_else(|| {
                    let mut tag = Tag::new(&name, self.project.codebook().next_colour());
                    tag.order = self.project.codebook().next_order(None);
                    let id = tag.id;
                    self.apply_edit(Project::add_tag_edit(tag), format!("New tag “{name}”"), None);
                    id
                });
                self.tag_cluster(ci, id);
            }
            Action::StartCompare(a, b) => self.start_compare(a, b),
            Action::LinkAnnotations(from, to) => self.link_annotations(from, to),
            Action::Retrieve(r) => self.retrieve_request(*r),
            Action::RetrieveCooccurring(a, b) => self.retrieve_cooccurring(a, b),
            Action::RevealWriting(w) => self.reveal_writing(w),
            Action::SynopsisOf(docs) => self.open_synopsis_of(docs),
        }
    }

    pub(super) fn apply_tag(&mut self, tag: crate::model::TagId) {
        if let Some(sel) = self.selection.filter(|s| !s.range().is_empty()) {
            let Some(text) = self.text(sel.doc).cloned() else { return };
            let mut a = Annotation::new(sel.doc, Anchor::from_text(&text.text, sel.range()));
            a.tags.insert(tag);
            let id = a.id;
            let name = self.project.codebook().get(tag).map(|t| t.name.clone()).unwrap_or_default();
            self.apply_edit(Project::add_annotation_edit(a), format!("Tag “{name}”"), None);
            self.selected = Some(id);
            self.selection = None;
        } else if let Some(id) = self.selected {
            if let Some(e) = self.project.update_annotation_edit(id, |a| {
                if !a.tags.remove(&tag) {
                    a.tags.insert(tag);
                }
            }) {
                self.apply_edit(e, "Toggle tag".into(), None);
            }
        } else {
            self.messages.push("Select a passage first (drag across the text), then press a tag's number.".into());
        }
    }

    fn reattach(&mut self, id: AnnotationId) {
        let Some(sel) = self.selection.filter(|s| !s.range().is_empty()) else { return };
        let Some(text) = self.text(sel.doc).cloned() else { return };
        if let Some(e) = self.project.update_annotation_edit(id, |a| {
            a.doc = sel.doc;
            a.anchor = Anchor::from_text(&text.text, sel.range());
            a.status = AnchorStatus::Exact;
            a.previous_quote = None;
        }) {
            self.apply_edit(e, "Re-attach passage".into(), None);
            self.selection = None;
            self.selected = Some(id);
        }
    }
}
