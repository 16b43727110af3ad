//! The menu bar (every command, by menu, with its shortcut; recent
//! projects; the read-only notice and messages), the status bar, and the
//! right-hand panel's tabs.

use egui::{RichText, Ui};

use super::{After, App, Modal, RightTab};
use crate::command::{Action, Command};
use crate::ui::dialogs::DialogKind;
use crate::ui::{codebook, notes};

/// Seconds a passing word ("Saved to …") stays in the status bar.
const NOTICE_SECS: f64 = 6.0;

impl App {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                for menu in ["File", "Edit", "View", "Compare", "Analyse", "Help"] {
                    ui.menu_button(menu, |ui| {
                        for c in Command::ALL.iter().filter(|c| c.menu() == menu) {
                            let label = match c {
                                Command::Undo => {
                                    self.history.undo_label().map_or("Undo".into(), |l| format!("Undo {l}"))
                                }
                                Command::Redo => {
                                    self.history.redo_label().map_or("Redo".into(), |l| format!("Redo {l}"))
                                }
                                Command::QuickTag(n) => {
                                    match codebook::quick_tags(&self.project).get(usize::from(*n) - 1) {
                                        Some(t) => format!(
                                            "Apply “{}”",
                                            self.project.codebook().get(*t).map_or("", |t| t.name.as_str())
                                        ),
                                        None => continue,
                                    }
                                }
                                // Name the document they act on (the focused pane's).
                                Command::FetchAgain | Command::Reimport => {
                                    match self.focused_doc().and_then(|d| self.project.document(d)) {
                                        Some(d) => {
                                            format!("{}: {}", c.label(), crate::ui::notes::excerpt(&d.meta.title, 40))
                                        }
                                        None => c.label(),
                                    }
                                }
                                _ => c.label(),
                            };
                            let mut b = egui::Button::new(label);
                            if let Some(s) = c.shortcut() {
                                b = b.shortcut_text(ui.ctx().format_shortcut(&s));
                            }
                            if ui.add(b).clicked() {
                                actions.push(Action::Command(*c));
                                ui.close();
                            }
                        }
                        if menu == "File" {
                            ui.separator();
                            if ui.button("Enter a path…").clicked() {
                                self.modal =
                                    Some(Modal::PathEntry { kind: DialogKind::OpenDocuments, text: String::new() });
                                ui.close();
                            }
                            ui.menu_button("Recent projects", |ui| {
                                if self.settings.recent.is_empty() {
                                    ui.weak("None yet");
                                }
                                for p in self.settings.recent.clone() {
                                    if ui.button(p.display().to_string()).clicked() {
                                        self.guard(After::OpenProject(Some(p)));
                                        ui.close();
                                    }
                                }
                            });
                        }
                    });
                }
            });
            if let Some(r) = &self.read_only {
                let mut take_over = false;
                ui.horizontal(|ui| {
                    ui.colored_label(egui::Color32::from_rgb(200, 120, 0), format!("Read-only: {r}"));
                    if self.locked_by.is_some() && ui.small_button("Edit here anyway").clicked() {
                        take_over = true;
                    }
                });
                if take_over && let Some(p) = self.path.clone() {
                    self.lock = crate::io::lock::Lock::take_over(&p);
                    self.locked_by = None;
                    self.read_only = None;
                }
            }
            let mut dismiss = None;
            for (i, m) in self.messages.iter().enumerate() {
                // Dismiss first and the message wrapped after it: a long
                // message ran off the window and took the button with it.
                ui.horizontal_top(|ui| {
                    if ui.small_button("Dismiss").clicked() {
                        dismiss = Some(i);
                    }
                    ui.add(egui::Label::new(RichText::new(m).color(ui.visuals().warn_fg_color)).wrap());
                });
            }
            if let Some(i) = dismiss {
                self.messages.remove(i);
            }
        });
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if self.is_busy() {
                    ui.spinner();
                    ui.label("Loading…");
                }
                ui.label(format!(
                    "{} document(s), {} annotation(s), {} tag(s)",
                    self.project.documents().count(),
                    self.project.annotations().count(),
                    self.project.codebook().len()
                ));
                if let Some(s) = self.selection.filter(|s| !s.range().is_empty()) {
                    ui.separator();
                    let page = self
                        .project
                        .document(s.doc)
                        .and_then(|d| d.origin.as_ref())
                        .and_then(|o| o.page_of(s.range().start.0))
                        .map(|p| format!(" on p. {p}"))
                        .unwrap_or_default();
                    ui.label(format!("{} chars selected{page} — press 1–9 or T to tag", s.range().len()));
                }
                if self.project.layout.scroll_lock {
                    ui.separator();
                    ui.label("Scroll lock");
                }
                if let Some((text, since)) = &self.notice {
                    let left = NOTICE_SECS - (ui.input(|i| i.time) - since);
                    if left > 0.0 {
                        ui.separator();
                        ui.label(text.as_str());
                        ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(left));
                    } else {
                        self.notice = None;
                    }
                }
                if let Some(from) = self.link_from {
                    ui.separator();
                    let title = self.project.document(from.doc).map_or("?", |d| d.meta.title.as_str());
                    ui.colored_label(
                        self.settings.style.link(),
                        format!("Linking from {title}: select the other passage and press L (Esc cancels)"),
                    );
                }
                if let Some((path, progress)) = &self.saving {
                    ui.separator();
                    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    ui.label(format!("Saving {name}…"));
                    ui.add(egui::ProgressBar::new(progress.fraction()).desired_width(120.0).show_percentage());
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
                if let Some((path, progress)) = &self.opening_project {
                    ui.separator();
                    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    ui.label(format!("Opening {name}…"));
                    ui.add(egui::ProgressBar::new(progress.fraction()).desired_width(120.0).show_percentage());
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
                self.fetching_ui(ui);
                if let Some(c) = &self.shared.running {
                    ui.separator();
                    ui.spinner();
                    ui.label(format!("Finding shared passages… {:.0}%", c.fraction() * 100.0));
                }
            });
        });
    }

    /// The right-hand panel: notes, links, shared passages, search.
    pub(super) fn right_panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        // Narrow enough beside the codebook that the demo's three panes fit
        // the first window at their readable width.
        egui::Panel::right("notes").default_size(300.0).min_size(200.0).show(ui, |ui| {
            crate::ui::keep_width_ui(ui, |ui| self.right_panel_contents_ui(ui, actions));
        });
    }

    fn right_panel_contents_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        {
            ui.horizontal(|ui| {
                let links = format!("Links ({})", self.project.link_count());
                let shared = match &self.shared.result {
                    Some(r) => format!("Shared ({})", r.clusters.len()),
                    None => "Shared".to_owned(),
                };
                ui.selectable_value(&mut self.right_tab, RightTab::Notes, "Notes");
                ui.selectable_value(&mut self.right_tab, RightTab::Links, links);
                ui.selectable_value(&mut self.right_tab, RightTab::Shared, shared);
                ui.selectable_value(&mut self.right_tab, RightTab::Search, "Search");
            });
            ui.separator();
            match self.right_tab {
                RightTab::Notes => {
                    let has_sel = self.selection.is_some_and(|s| !s.range().is_empty());
                    notes::notes_ui(
                        ui,
                        &mut self.notes,
                        &self.project,
                        self.codebook.filter,
                        self.selected,
                        has_sel,
                        self.generation,
                        actions,
                    );
                }
                RightTab::Links => crate::ui::links::links_ui(ui, &mut self.links, &self.project, actions),
                RightTab::Search => crate::ui::search::search_ui(ui, &mut self.search, &self.project, actions),
                RightTab::Shared => {
                    crate::ui::shared::shared_ui(
                        ui,
                        &mut self.shared,
                        &mut self.settings.shared,
                        &self.project,
                        actions,
                    );
                }
            }
        }
    }
}
