//! The app's dialogs: tag picker, unsaved changes, path entry, recovery,
//! link and compare choices.

use std::path::PathBuf;

use egui::Context;

use super::{App, DocText, Modal};
use crate::command::{Action, Command};
use crate::io::project_file;
use crate::model::{DocId, History};
use crate::ui::dialogs::DialogKind;

impl App {
    #[allow(clippy::too_many_lines)] // one arm per dialog
    pub(super) fn modal_ui(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        let Some(modal) = self.modal.take() else { return };
        // Esc cancels every dialog: it closes without doing anything (the
        // recovery copy stays for next time, a file changed on disk is kept
        // as it is), and what was to follow a save does not happen.
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.pending_after = None;
            return;
        }
        let mut keep = true;
        match modal {
            Modal::TagPicker { mut query } => {
                // Beside the passage, not over it: below it when it is in
                // the upper half of the window, else above it.
                let window = egui::Window::new("Tag passage").collapsible(false).resizable(false);
                let window = match self.tag_picker_place(ctx) {
                    Some((at, pivot)) => window.pivot(pivot).fixed_pos(at),
                    None => window.anchor(egui::Align2::CENTER_TOP, [0.0, 80.0]),
                };
                window.show(ctx, |ui| {
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut query).hint_text("Type to filter, Enter to apply or create"),
                    );
                    first_field(ui, &r);
                    let q = query.trim().to_lowercase();
                    // Tags that can be applied (not categories), each
                    // with its colour.
                    let matches: Vec<(crate::model::TagId, String, crate::model::Rgb)> = self
                        .project
                        .codebook()
                        .tree()
                        .into_iter()
                        .filter(|(_, t)| !t.category)
                        .filter(|(_, t)| q.is_empty() || t.name.to_lowercase().contains(&q))
                        .map(|(_, t)| (t.id, t.name.clone(), t.color))
                        .collect();
                    for (id, name, color) in matches.iter().take(12) {
                        if ui.button(crate::ui::theme::tag_name_text(ui, name, *color)).clicked() {
                            actions.push(Action::ApplyTag(*id));
                            keep = false;
                        }
                    }
                    if matches.is_empty() && !q.is_empty() {
                        ui.weak(format!("Enter creates the tag “{}”", query.trim()));
                    }
                    if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        if let Some((id, _, _)) = matches.first() {
                            actions.push(Action::ApplyTag(*id));
                        } else if !q.is_empty() {
                            actions.push(Action::CreateTagAndApply(query.trim().to_owned()));
                        }
                        keep = false;
                    }
                    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                        keep = false;
                    }
                });
                if keep {
                    self.modal = Some(Modal::TagPicker { query });
                }
            }
            Modal::Unsaved(after) => {
                egui::Modal::new(egui::Id::unique("synoptic unsaved changes")).show(ctx, |ui| {
                    ui.heading("Save changes?");
                    ui.label("This project has changes that are not saved.");
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            keep = false;
                            let saved = if self.path.is_some() {
                                self.save()
                            } else {
                                // Carry on once the new file is chosen and written.
                                self.pending_after = Some(after.clone());
                                self.run_command(Command::SaveAs);
                                false
                            };
                            if saved {
                                self.proceed(after.clone());
                            } else if self.saving.is_some() {
                                // Written in the background: carry on then.
                                self.pending_after = Some(after.clone());
                            }
                        }
                        if ui.button("Discard").clicked() {
                            keep = false;
                            self.forget_written();
                            self.history.mark_saved();
                            self.proceed(after.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                if keep && self.modal.is_none() {
                    self.modal = Some(Modal::Unsaved(after));
                }
            }
            Modal::PathEntry { kind, mut text } => {
                // What the path is for, in the words of the question asked.
                let (prompt, button) = match &kind {
                    DialogKind::OpenDocuments => ("Path of the file (for several documents, one per line):", "Open"),
                    DialogKind::Export { ext, .. } => {
                        if text.is_empty()
                            && let Some(dir) = self.path.as_ref().and_then(|p| p.parent())
                        {
                            text = dir.join(format!("{}.{ext}", self.project_name())).display().to_string();
                        }
                        ("Export to this file:", "Export")
                    }
                    DialogKind::AddFolder => ("Folder whose texts to add:", "Add"),
                    DialogKind::MetadataImport => ("Metadata CSV to import:", "Read"),
                    DialogKind::MetadataExport { .. } => ("Export metadata to this file:", "Export"),
                    DialogKind::ImportTarget { .. } => {
                        ("Create the imported project as (NAME.synoptic.ron):", "Create")
                    }
                    DialogKind::SaveProject { dir, name } => {
                        if text.is_empty() {
                            text = dir.as_ref().map_or_else(|| name.clone(), |d| d.join(name).display().to_string());
                        }
                        ("Save the project as:", "Save")
                    }
                    _ => ("Path of the file:", "Open"),
                };
                let why = self.messages.iter().find(|m| m.starts_with("No file was chosen")).cloned();
                let mut submit = false;
                let field = egui::Id::unique("synoptic path entry field");
                egui::Modal::new(egui::Id::unique("synoptic path entry")).show(ctx, |ui| {
                    ui.heading("Enter a path");
                    if let Some(why) = &why {
                        ui.label(why);
                    }
                    let label = ui.label(prompt);
                    // Enter in the field confirms; Shift+Enter starts another
                    // line (several documents at once).
                    let in_field = ui.memory(|m| m.has_focus(field) || m.focused().is_none());
                    // Shift is read from the key event itself: a quick
                    // Shift+Enter may press and release Shift in one frame.
                    submit = in_field && ui.input_mut(take_plain_enter);
                    let r = ui
                        .add(egui::TextEdit::multiline(&mut text).desired_rows(2).desired_width(420.0).id(field))
                        .labelled_by(label.id);
                    first_field(ui, &r);
                    caret_at_end(ui, &r, &text);
                    ui.weak("Enter confirms, Shift+Enter adds a line, Esc cancels.");
                    ui.horizontal(|ui| {
                        if ui.button(button).clicked() {
                            submit = true;
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                            self.pending_after = None;
                        }
                    });
                });
                if submit {
                    let paths: Vec<PathBuf> =
                        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(PathBuf::from).collect();
                    let kind = match &kind {
                        DialogKind::OpenDocuments
                            if paths.len() == 1 && paths[0].to_string_lossy().ends_with(project_file::EXTENSION) =>
                        {
                            DialogKind::OpenProject
                        }
                        k => k.clone(),
                    };
                    if !paths.is_empty() {
                        self.answer(kind, paths);
                        keep = false;
                    }
                }
                if keep && self.modal.is_none() {
                    self.modal = Some(Modal::PathEntry { kind, text });
                } else if !keep {
                    self.messages.retain(|m| !m.starts_with("No file was chosen"));
                }
            }
            Modal::Damaged { path, message, backup, when } => {
                let mut choice = None;
                egui::Modal::new(egui::Id::unique("synoptic damaged project")).show(ctx, |ui| {
                    ui.set_max_width(560.0);
                    ui.heading("The project file cannot be read");
                    ui.label(&message);
                    ui.label(format!(
                        "A backup saved {when} reads well. Open it in place of the damaged file? Nothing is written \
                         until you save; the damaged file is then kept with the backups."
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(format!("Open the backup of {when}")).clicked() {
                            choice = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            choice = Some(false);
                        }
                    });
                });
                match choice {
                    None => self.modal = Some(Modal::Damaged { path, message, backup, when }),
                    Some(true) => self.open_backup(path, backup, when),
                    Some(false) => self.messages.push(message),
                }
            }
            Modal::Recovery { recovery } => {
                egui::Modal::new(egui::Id::unique("synoptic recovery")).show(ctx, |ui| {
                    ui.heading("Restore unsaved work?");
                    ui.label("Synoptic found a recovery copy newer than this project, written before it last closed unexpectedly.");
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            match project_file::load(&recovery) {
                                Ok(l) => {
                                    // Documents added after the last save are read now
                                    // and shown, as they were before the crash.
                                    let new: Vec<(DocId, String)> = l
                                        .project
                                        .documents()
                                        .filter(|d| !self.texts.contains_key(&d.id))
                                        .map(|d| (d.id, d.path.clone()))
                                        .collect();
                                    self.project = l.project;
                                    self.history = History::new();
                                    self.history.mark_unsaved();
                                    for (id, path) in &new {
                                        match &self.path {
                                            Some(p) => {
                                                self.texts.insert(*id, DocText::Loading);
                                                self.spawn_load(project_file::source_path(p, path), Some(*id));
                                            }
                                            None => {
                                                self.texts.insert(*id, DocText::Missing("not in the saved project".into()));
                                            }
                                        }
                                    }
                                    let ids: Vec<DocId> = new.iter().map(|(id, _)| *id).collect();
                                    self.show_new(&ids);
                                    self.generation += 1;
                                }
                                Err(e) => self.messages.push(format!("The recovery copy could not be read: {e}")),
                            }
                            keep = false;
                        }
                        if ui.button("Discard it").clicked() {
                            let _ = std::fs::remove_file(&recovery);
                            keep = false;
                        }
                    });
                });
                if keep && self.modal.is_none() {
                    self.modal = Some(Modal::Recovery { recovery });
                }
            }
            Modal::Link(draft) => {
                if let Some(d) = self.link_modal_ui(ctx, draft)
                    && self.modal.is_none()
                {
                    self.modal = Some(Modal::Link(d));
                }
            }
            Modal::NoArticle { path, message } => self.no_article_ui(ctx, path, message),
            Modal::UrlEntry { text } => self.url_entry_ui(ctx, text),
            Modal::TagHits(mut draft) => {
                let Some((key, res)) = self.search.results.clone() else { return };
                if key.2 != self.generation || draft.key.as_ref() != Some(&key) {
                    // The project (or a text) changed under the dialog: its
                    // hits may no longer be where they were.
                    self.messages.push("The documents changed since this search; the hits were not tagged.".into());
                    return;
                }
                match crate::ui::search::tag_hits_ui(ctx, &mut draft, &self.project, &res) {
                    crate::ui::search::TagHitsAnswer::Open => {
                        if self.modal.is_none() {
                            self.modal = Some(Modal::TagHits(draft));
                        }
                    }
                    crate::ui::search::TagHitsAnswer::Cancel => {}
                    crate::ui::search::TagHitsAnswer::Apply => self.tag_hits(&draft, &res),
                }
            }
            Modal::Export(mut draft) => {
                let mut outcome = crate::ui::export::Outcome::Open;
                egui::Modal::new(egui::Id::unique("synoptic export")).show(ctx, |ui| {
                    ui.set_width(560.0);
                    ui.heading("Export");
                    outcome = crate::ui::export::export_ui(ui, &mut draft, &self.project);
                });
                match outcome {
                    crate::ui::export::Outcome::Open => self.modal = Some(Modal::Export(draft)),
                    crate::ui::export::Outcome::Cancel => {}
                    crate::ui::export::Outcome::Export => {
                        let opts = draft.options(&self.project, &self.project_name());
                        self.last_export = draft;
                        self.choose_export_target(opts);
                    }
                }
            }
            Modal::Metadata { path, bytes, mut day_first } => {
                let mut outcome = None;
                egui::Modal::new(egui::Id::unique("synoptic metadata")).show(ctx, |ui| {
                    ui.set_width(520.0);
                    ui.heading("Import document metadata");
                    ui.label(path.display().to_string());
                    ui.horizontal(|ui| {
                        ui.label("Dates like 03/04/2026 are");
                        ui.radio_value(&mut day_first, true, "day/month");
                        ui.radio_value(&mut day_first, false, "month/day");
                    });
                    match crate::io::metadata_csv::plan(&self.project, &bytes, day_first) {
                        Ok(plan) => {
                            ui.label(format!("{} document(s) will change (one undo step).", plan.updated));
                            if let Some((row, d)) = plan.ambiguous_dates.first() {
                                ui.label(format!(
                                    "{} date(s) such as “{d}” (row {row}) read either way; they are read {} as chosen above.",
                                    plan.ambiguous_dates.len(),
                                    if day_first { "day first" } else { "month first" }
                                ));
                            }
                            if !plan.changes.is_empty() {
                                egui::ScrollArea::vertical().max_height(220.0).id_salt("metadata changes").show(ui, |ui| {
                                    for c in &plan.changes {
                                        ui.label(c.to_string());
                                    }
                                });
                            }
                            let list = |ui: &mut egui::Ui, what: &str, items: Vec<String>| {
                                if !items.is_empty() {
                                    ui.label(format!(
                                        "{what} ({}): {}",
                                        items.len(),
                                        items.iter().take(8).cloned().collect::<Vec<_>>().join("; ")
                                    ));
                                }
                            };
                            list(
                                ui,
                                "Rows naming no document (or several)",
                                plan.unknown.iter().map(|(r, p)| format!("row {r} {p}")).collect(),
                            );
                            list(
                                ui,
                                "Repeated rows (the later wins)",
                                plan.duplicates.iter().map(|(r, p)| format!("row {r} {p}")).collect(),
                            );
                            list(
                                ui,
                                "Dates not understood, kept as written",
                                plan.bad_dates.iter().map(|(r, _, d)| format!("row {r} “{d}”")).collect(),
                            );
                            list(ui, "Columns ignored", plan.ignored_columns.clone());
                            ui.horizontal(|ui| {
                                if ui.add_enabled(plan.updated > 0, egui::Button::new("Apply")).clicked() {
                                    outcome = Some(Some(plan.edits));
                                }
                                if ui.button("Cancel").clicked() {
                                    outcome = Some(None);
                                }
                            });
                        }
                        Err(e) => {
                            ui.label(e.to_string());
                            if ui.button("Close").clicked() {
                                outcome = Some(None);
                            }
                        }
                    }
                });
                match outcome {
                    None => self.modal = Some(Modal::Metadata { path, bytes, day_first }),
                    Some(Some(edits)) => {
                        let n = edits.len();
                        self.apply_edit(crate::model::Edit::Batch(edits), "Import metadata".into(), None);
                        self.messages.push(format!("Metadata imported for {n} document(s)."));
                    }
                    Some(None) => {}
                }
            }
            Modal::NewerOnDisk { path } => {
                let mut choice = None;
                egui::Modal::new(egui::Id::unique("synoptic newer on disk")).show(ctx, |ui| {
                    ui.heading("The project file changed on disk");
                    ui.label(format!(
                        "{} was changed by another program (a sync folder, git, another window) since it was opened here. Saving would replace those changes with yours.",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Save As…").clicked() {
                            choice = Some(1);
                        }
                        if ui.button("Overwrite").clicked() {
                            choice = Some(2);
                        }
                        if ui.button("Cancel").clicked() {
                            choice = Some(0);
                        }
                    });
                });
                match choice {
                    None => self.modal = Some(Modal::NewerOnDisk { path }),
                    Some(1) => self.run_command(Command::SaveAs),
                    Some(2) => {
                        // Chosen: the file on disk is to be replaced.
                        self.disk = None;
                        self.save_to(&path);
                    }
                    _ => {}
                }
            }
            Modal::ChangedOnDisk { path } => {
                let mut choice = None;
                let dirty = self.is_dirty();
                egui::Modal::new(egui::Id::unique("synoptic changed on disk")).show(ctx, |ui| {
                    ui.heading("The project file was changed by another program");
                    ui.label(format!(
                        "{} was replaced on disk (a sync folder, git, another window).{}",
                        path.display(),
                        if dirty { " Reloading it discards your unsaved changes here." } else { "" }
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Reload").clicked() {
                            choice = Some(true);
                        }
                        if ui.button("Keep mine").on_hover_text("Save will then ask before replacing it").clicked() {
                            choice = Some(false);
                        }
                    });
                });
                match choice {
                    None => self.modal = Some(Modal::ChangedOnDisk { path }),
                    Some(true) => {
                        self.discard_recovery();
                        self.open_project(path);
                    }
                    Some(false) => {}
                }
            }
            Modal::CodebookClash { added, clashes } => {
                let mut choice = None;
                egui::Modal::new(egui::Id::unique("synoptic codebook clash")).show(ctx, |ui| {
                    ui.heading("Tags with the same name differ");
                    ui.label(format!(
                        "{} tag(s) of the imported codebook have a name this project already uses, with another colour or description. {} tag(s) are new and will be added either way.",
                        clashes.len(),
                        added.len()
                    ));
                    for (ours, theirs) in clashes.iter().take(12) {
                        let name = self.project.codebook().get(*ours).map_or("?", |t| t.name.as_str());
                        ui.label(format!("• {name}: theirs says {:?}", theirs.description.as_deref().unwrap_or("")));
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Keep ours").clicked() {
                            choice = Some(false);
                        }
                        if ui.button("Use theirs").clicked() {
                            choice = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            choice = None;
                            keep = false;
                        }
                    });
                });
                match choice {
                    Some(theirs) => self.apply_codebook(added, &clashes, theirs),
                    None if keep => self.modal = Some(Modal::CodebookClash { added, clashes }),
                    None => {}
                }
            }
            Modal::ComparePick { a, b } => {
                if let Some((a, b)) = self.compare_pick_ui(ctx, a, b, actions)
                    && self.modal.is_none()
                {
                    self.modal = Some(Modal::ComparePick { a, b });
                }
            }
        }
    }
}

/// Give a dialog's first field the keyboard while nothing else in the
/// dialog has it (on opening, and after a click on the dialog's
/// background), without pulling it back from a button reached with Tab.
impl App {
    /// Where the tag picker goes: just below the passage being tagged (the
    /// text selection, else the selected passage) when it is in the upper
    /// half of the window, just above it otherwise; `None` when it is not
    /// on screen.
    fn tag_picker_place(&self, ctx: &Context) -> Option<(egui::Pos2, egui::Align2)> {
        let (doc, range) = if let Some(s) = self.selection.filter(|s| !s.range().is_empty()) {
            (s.doc, s.range())
        } else {
            let a = self.selected.and_then(|id| self.project.annotation(id))?;
            (a.doc, a.anchor.range)
        };
        let pane = self.panes.iter().find(|p| p.doc == doc)?;
        let text = &self.text(doc)?.text;
        let start = pane.screen_pos(text, range.start)?;
        let end = pane.screen_pos(text, range.end).unwrap_or(start);
        let row = ctx.global_style().text_styles.get(&egui::TextStyle::Body).map_or(16.0, |f| f.size * 1.5);
        let screen = ctx.content_rect();
        Some(if end.y < screen.center().y {
            (egui::pos2(start.x.min(screen.max.x - 320.0).max(screen.min.x), end.y + row), egui::Align2::LEFT_TOP)
        } else {
            (egui::pos2(start.x.min(screen.max.x - 320.0).max(screen.min.x), start.y - row), egui::Align2::LEFT_BOTTOM)
        })
    }
}

pub(super) fn first_field(ui: &egui::Ui, field: &egui::Response) {
    if ui.memory(|m| m.focused().is_none()) {
        field.request_focus();
    }
}

/// Take an Enter pressed without Shift from this frame's input (true when
/// there was one); a Shift+Enter stays for the text field (a new line).
pub(super) fn take_plain_enter(i: &mut egui::InputState) -> bool {
    let at = i.events.iter().position(
        |e| matches!(e, egui::Event::Key { key: egui::Key::Enter, pressed: true, modifiers, .. } if !modifiers.shift),
    );
    at.map(|k| i.events.remove(k)).is_some()
}

/// Put the caret at the end of `text` in `field` (a suggested path, ready
/// for its name to be edited), once, when the field first has the keyboard.
pub(super) fn caret_at_end(ui: &egui::Ui, field: &egui::Response, text: &str) {
    if field.gained_focus() || (field.has_focus() && egui::TextEdit::load_state(ui.ctx(), field.id).is_none()) {
        let mut st = egui::TextEdit::load_state(ui.ctx(), field.id).unwrap_or_default();
        let end = egui::text::CCursor::new(text.chars().count());
        st.cursor.set_char_range(Some(egui::text_selection::CCursorRange::one(end)));
        st.store(ui.ctx(), field.id);
    }
}
