//! Running a command from a menu or a shortcut.

use super::{
    Action, After, AnchorStatus, App, CharIdx, Command, DialogKind, Modal, Path, Project, ReaderStyle, Rgb, RightTab,
    Tag, View, codebook,
};

impl App {
    /// What Undo would take back, if anything.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// Run a command.
    #[allow(clippy::too_many_lines)] // one arm per command
    pub fn run_command(&mut self, c: Command) {
        // Commands about panes and side panels bring the desk back.
        if matches!(
            c,
            Command::Find
                | Command::FindAll
                | Command::FindShared
                | Command::Compare
                | Command::FocusPane
                | Command::NextPane
                | Command::PreviousPane
                | Command::EditNote
                | Command::ToggleSidePanels
                | Command::OpenDocuments
        ) {
            self.views.view = View::Desk;
        }
        match c {
            Command::OpenDocuments => self.dialogs.request(DialogKind::OpenDocuments),
            Command::OpenProject => self.guard(After::OpenProject(None)),
            Command::NewProject => self.guard(After::NewProject),
            Command::Save => {
                if self.path.is_some() && self.read_only.is_none() {
                    self.save();
                } else {
                    self.run_command(Command::SaveAs);
                }
            }
            Command::SaveAs => {
                let dir =
                    self.path.as_ref().and_then(|p| p.parent().map(Path::to_owned)).or_else(|| self.first_source_dir());
                let name = self
                    .path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or_else(|| self.suggested_project_name(), |n| n.to_string_lossy().into_owned());
                self.dialogs.request(DialogKind::SaveProject { dir, name });
            }
            Command::Quit => self.guard(After::Quit),
            Command::AddFromUrl => self.modal = Some(Modal::UrlEntry { text: String::new() }),
            Command::FetchAgain => match self.focused_doc() {
                Some(d) => self.fetch_again(d),
                None => self.messages.push("Open a fetched document first: Fetch again reads its page again.".into()),
            },
            Command::PasteDocument => self.paste_from_clipboard(),
            Command::Reimport => match self.focused_doc() {
                Some(d) => self.reimport(d),
                None => self.messages.push("Open a document first: Re-import reads its original again.".into()),
            },
            Command::Undo => {
                self.history.seal();
                if self.history.undo(&mut self.project).is_some() {
                    self.generation += 1;
                }
            }
            Command::Redo => {
                if self.history.redo(&mut self.project).is_some() {
                    self.generation += 1;
                }
            }
            Command::Copy => {
                // As shown: the line breaks of a hard-wrapped paragraph are
                // copied as spaces.
                let shown = |doc, r| self.text(doc).map(|t| t.text.display_range(r).into_owned());
                let text = self.selection.and_then(|s| shown(s.doc, s.range())).or_else(|| {
                    let a = self.selected.and_then(|id| self.project.annotation(id))?;
                    if a.status == AnchorStatus::Orphaned {
                        Some(a.anchor.exact.clone())
                    } else {
                        shown(a.doc, a.anchor.range)
                    }
                });
                if let (Some(t), Some(ctx)) = (text, &self.ctx) {
                    ctx.copy_text(t);
                }
            }
            // Tags apply on the desk, where the selection is seen; from
            // another view they would change text out of sight.
            // In the synopsis the selection is in a cell, in sight.
            Command::TagPicker | Command::QuickTag(_)
                if self.views.view != View::Desk && self.views.view != View::Synopsis =>
            {
                self.notice("Tagging works on the desk, where the selection is: Esc goes back to it.");
            }
            Command::TagPicker => {
                if self.selection.is_some_and(|s| !s.range().is_empty()) || self.selected.is_some() {
                    self.modal = Some(Modal::TagPicker { query: String::new() });
                }
            }
            Command::QuickTag(n) => {
                if let Some(t) = codebook::quick_tags(&self.project).get(usize::from(n) - 1) {
                    self.apply_tag(*t);
                } else if self.selection.is_some_and(|s| !s.range().is_empty()) || self.selected.is_some() {
                    let have = codebook::quick_tags(&self.project).len();
                    self.notice(if have == 0 {
                        "The codebook is empty: press T to name a new tag, or add one in the codebook.".to_owned()
                    } else {
                        format!("There is no tag {n}: the codebook's first {have} tags have numbers. T picks any tag.")
                    });
                }
            }
            Command::DeleteAnnotation => {
                if let Some(id) = self.selected.take() {
                    self.apply_edit(self.project.delete_annotation_edit(id), "Delete annotation".into(), None);
                }
            }
            Command::NewTag => {
                let n = self.project.codebook().len() + 1;
                let mut t = Tag::new(format!("Tag {n}"), Rgb::palette(n - 1));
                t.order = self.project.codebook().next_order(None);
                self.apply_edit(Project::add_tag_edit(t), "New tag".into(), None);
            }
            Command::NewMemo => {
                let m = crate::model::Memo::new("Untitled memo", "");
                self.notes.memo = Some(m.id);
                self.apply_edit(Project::add_memo_edit(m), "New memo".into(), None);
            }
            Command::ZoomIn | Command::ZoomOut => {
                let s = &mut self.settings.style;
                let f = if c == Command::ZoomIn { 1.1 } else { 1.0 / 1.1 };
                s.font_size = (s.font_size * f).clamp(ReaderStyle::FONT_RANGE.0, ReaderStyle::FONT_RANGE.1).round();
            }
            Command::WiderLines | Command::TighterLines => {
                let s = &mut self.settings.style;
                let d = if c == Command::WiderLines { 0.1 } else { -0.1 };
                s.line_spacing = (s.line_spacing + d).clamp(1.0, 2.5);
            }
            Command::ToggleTheme => self.settings.style.dark = !self.settings.style.dark,
            Command::ToggleSidePanels => self.settings.hide_side_panels = !self.settings.hide_side_panels,
            Command::ToggleScrollLock => self.project.layout.scroll_lock = !self.project.layout.scroll_lock,
            Command::PageDown | Command::PageUp | Command::Top | Command::Bottom => self.page(c),
            Command::ClosePane => {
                let i = self
                    .selection
                    .and_then(|s| self.panes.iter().position(|p| p.doc == s.doc))
                    .unwrap_or(self.panes.len().saturating_sub(1));
                self.act(Action::ClosePaneAt(i));
            }
            Command::LinkPassages => self.link_command(),
            Command::Find | Command::FindAll => self.open_search(c == Command::FindAll),
            Command::FindNext | Command::FindPrevious => self.step_hit(c == Command::FindNext),
            Command::FindShared => {
                self.right_tab = RightTab::Shared;
                self.find_shared();
            }
            Command::Compare => {
                let (a, b) = self.likely_compare_pair().map_or((None, None), |(a, b)| (Some(a), Some(b)));
                self.modal = Some(Modal::ComparePick { a, b });
            }
            Command::Synopsis => self.open_synopsis(),
            Command::NextDifference | Command::PreviousDifference => {
                if let Some(v) = &mut self.compare {
                    v.step(c == Command::NextDifference);
                }
            }
            Command::Retrieve | Command::Matrix | Command::Writings | Command::DocumentsTable => self.show_view(c),
            Command::FocusPane => self.toggle_focus(),
            Command::EditNote => {
                if self.selected.is_some() {
                    self.settings.hide_side_panels = false;
                    self.right_tab = RightTab::Notes;
                    self.notes.focus_note = true;
                } else {
                    self.notice("Select a passage first (click a highlight, or tag a selection): N writes its note.");
                }
            }
            Command::NextPane | Command::PreviousPane => {
                if !self.panes.is_empty() {
                    // With no pane focused yet, the first press focuses the first.
                    let to = match self.focused_pane() {
                        None => 0,
                        Some(at) if c == Command::NextPane => (at + 1).min(self.panes.len() - 1),
                        Some(at) => at.saturating_sub(1),
                    };
                    let id = self.panes[to].id;
                    self.reveal_pane = Some(id);
                    self.focus_pane(id, true);
                    // In focus mode the pane shown follows.
                    if self.views.focus.is_some() {
                        self.views.focus = Some(id);
                    }
                }
            }
            Command::Export => self.modal = Some(Modal::Export(self.last_export.clone())),
            Command::ImportQda => self.dialogs.request(DialogKind::ImportQda),
            Command::AddFolder => self.dialogs.request(DialogKind::AddFolder),
            Command::ImportMetadata => self.dialogs.request(DialogKind::MetadataImport),
            Command::ExportMetadata => {
                let dir = self.path.as_ref().and_then(|p| p.parent().map(Path::to_owned));
                let name = format!("{}-metadata.csv", self.project_name());
                self.dialogs.request(DialogKind::MetadataExport { dir, name });
            }
            Command::CopyCitation | Command::CopyCitationMarkdown => {
                self.copy_citation(c == Command::CopyCitationMarkdown);
            }
            Command::Shortcuts => self.help.show(crate::ui::help::HelpPage::Shortcuts),
            Command::GettingStarted => self.help.show(crate::ui::help::HelpPage::GettingStarted),
            Command::About => self.help.show(crate::ui::help::HelpPage::About),
            Command::Back => {
                if self.help.open.is_some() {
                    self.help.open = None;
                } else if self.views.view != View::Desk {
                    self.views.view = View::Desk;
                } else if self.compare.is_some() {
                    self.compare = None;
                } else if self.link_from.is_some() {
                    self.link_from = None;
                } else {
                    self.selection = None;
                    self.selected = None;
                }
            }
        }
    }

    /// The two documents Compare offers first: two versions of one page
    /// or title, else the two most alike, among the open panes (among all
    /// documents when fewer than two are open).
    fn likely_compare_pair(&self) -> Option<(crate::model::DocId, crate::model::DocId)> {
        let mut docs: Vec<crate::model::DocId> = self.panes.iter().map(|p| p.doc).collect();
        docs.dedup();
        if docs.len() < 2 {
            docs = self.project.documents().map(|d| d.id).take(50).collect();
        }
        let candidates: Vec<crate::analysis::pairing::Candidate<'_>> = docs
            .iter()
            .filter_map(|id| {
                let d = self.project.document(*id)?;
                let Some(super::DocText::Ready(l)) = self.texts.get(id) else { return None };
                let url = d.origin.as_ref().map_or("", |o| o.fetched_from.as_str());
                Some(crate::analysis::pairing::Candidate { doc: *id, title: &d.meta.title, url, text: l.text.as_str() })
            })
            .collect();
        crate::analysis::pairing::likely_pair(&candidates)
    }

    /// Scroll the pane under the pointer (or the first) by a screen, or to an end.
    pub(super) fn page(&mut self, c: Command) {
        let pointer = self.ctx.as_ref().and_then(|ctx| ctx.input(|i| i.pointer.hover_pos()));
        let i = pointer.and_then(|p| self.pane_rects.iter().position(|r| r.contains(p))).unwrap_or(0);
        let height = self.pane_rects.get(i).map_or(600.0, egui::Rect::height) * 0.9;
        if self.views.view == View::Retrieve {
            match c {
                Command::PageDown => self.views.retrieve.scroll_by(height),
                Command::PageUp => self.views.retrieve.scroll_by(-height),
                _ => {}
            }
            return;
        }
        if self.views.view == View::Synopsis {
            let v = &mut self.views.synopsis;
            // A page less a row's worth, so no row is skipped.
            let height = (v.page() - 60.0).max(60.0);
            match c {
                Command::PageDown => v.scroll_by(height),
                Command::PageUp => v.scroll_by(-height),
                Command::Top => v.to_top(),
                _ => v.to_end(),
            }
            return;
        }
        let Some(pane) = self.panes.get_mut(i) else { return };
        match c {
            Command::PageDown => pane.set_offset = Some(pane.offset + height),
            Command::PageUp => pane.set_offset = Some((pane.offset - height).max(0.0)),
            Command::Top => pane.set_offset = Some(0.0),
            _ => pane.scroll_to = Some(CharIdx(usize::MAX)),
        }
    }
}
