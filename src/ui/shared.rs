//! The "Shared passages" tab: detection settings, progress, and the passages
//! the open documents share, grouped into clusters (which outlet has which
//! quote), each one click away from a link or a tagged annotation pair.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{RichText, Ui};

use super::notes::quoted;
use crate::analysis::job::Control;
use crate::analysis::reuse::{Cluster, ReuseSettings, SharedPassage};
use crate::analysis::words::WordIndex;
use crate::command::Action;
use crate::model::{CharRange, DocId, Project, Scope};

/// The outcome of one detection run.
#[derive(Debug, Default)]
pub struct SharedResult {
    /// Document of each index used in `passages` and `clusters`.
    pub docs: Vec<DocId>,
    /// Pairwise passages.
    pub passages: Vec<SharedPassage>,
    /// Passages grouped across documents, largest first.
    pub clusters: Vec<Cluster>,
    /// Text of every cluster member, for the list.
    pub excerpts: Vec<Vec<String>>,
    /// Shared ranges per document, sorted and merged, for the panes.
    pub by_doc: HashMap<DocId, Vec<CharRange>>,
    /// Settings used.
    pub settings: ReuseSettings,
    /// Wall time of the run, in milliseconds.
    pub millis: f64,
}

/// Detection settings, kept between runs of the app.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SharedPrefs {
    /// Fewest matching words.
    pub min_words: usize,
    /// Lowest similarity, 0..=1.
    pub min_similarity: f32,
    /// Detect again whenever documents are added.
    pub auto: bool,
}

impl Default for SharedPrefs {
    fn default() -> Self {
        let d = ReuseSettings::default();
        Self { min_words: d.min_words, min_similarity: d.min_similarity, auto: true }
    }
}

impl SharedPrefs {
    /// The detector's settings (a hand-edited settings file is brought
    /// back into range).
    pub fn reuse(&self) -> ReuseSettings {
        ReuseSettings {
            min_words: self.min_words.max(1),
            min_similarity: self.min_similarity.clamp(0.0, 1.0),
            ..ReuseSettings::default()
        }
    }
}

/// Detection state between frames.
#[derive(Default)]
pub struct SharedState {
    /// The last finished run.
    pub result: Option<Arc<SharedResult>>,
    /// The run in progress.
    pub running: Option<Arc<Control>>,
    /// Word indexes already built, by document and content hash.
    pub index: HashMap<DocId, (String, Arc<WordIndex>)>,
    /// Bumped whenever `result` changes (the panes' overlay key).
    pub serial: u64,
    /// Which documents are compared (all loaded ones, or a document set).
    pub scope: Scope,
    /// Signature of the project's texts that `result` (or the run under way)
    /// was made from; the app drops the result when the texts change.
    pub corpus: Option<u64>,
    /// A new tag's name typed in a cluster's Tag… menu.
    pub new_tag: String,
}

impl SharedState {
    /// Stop the run in progress, if any.
    pub fn cancel(&mut self) {
        if let Some(c) = self.running.take() {
            c.cancel();
        }
    }

    /// Forget everything (another project was opened).
    pub fn reset(&mut self) {
        self.cancel();
        self.result = None;
        self.corpus = None;
        self.index.clear();
        self.serial += 1;
        self.scope = Scope::All;
    }
}

/// Most clusters listed at once.
const SHOWN: usize = 300;

/// Show the tab.
pub fn shared_ui(
    ui: &mut Ui,
    state: &mut SharedState,
    prefs: &mut SharedPrefs,
    project: &Project,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Min. words");
        ui.add(egui::DragValue::new(&mut prefs.min_words).range(3..=200)).labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("Min. similarity");
        ui.add(egui::Slider::new(&mut prefs.min_similarity, 0.5..=1.0).fixed_decimals(2)).labelled_by(label.id);
    });
    ui.checkbox(&mut prefs.auto, "Update when documents are added");
    if super::sets::scope_combo(ui, "Compare:", project, &mut state.scope, false) && state.result.is_some() {
        actions.push(Action::FindShared);
    }
    ui.horizontal(|ui| {
        if let Some(c) = &state.running {
            ui.add(egui::ProgressBar::new(c.fraction()).desired_width(120.0).show_percentage());
            if ui.button("Cancel").clicked() {
                actions.push(Action::CancelShared);
            }
        } else if ui.button("Find shared passages").clicked() {
            actions.push(Action::FindShared);
        }
    });
    let Some(result) = state.result.clone() else {
        ui.label(RichText::new("Finds text that two or more open documents share, word for word or nearly.").weak());
        return;
    };
    if result.settings != prefs.reuse() && state.running.is_none() {
        ui.label(RichText::new("Settings changed: run again to apply them.").small().weak());
    }
    ui.label(format!(
        "{} passage(s) in {} cluster(s) across {} document(s), {:.0} ms",
        result.passages.len(),
        result.clusters.len(),
        result.docs.len(),
        result.millis
    ));
    ui.separator();
    egui::ScrollArea::vertical().id_salt("shared_list").auto_shrink(false).show(ui, |ui| {
        for (ci, c) in result.clusters.iter().enumerate().take(SHOWN) {
            cluster_ui(ui, &mut state.new_tag, &result, ci, c, project, actions);
        }
        if result.clusters.len() > SHOWN {
            ui.label(format!(
                "… and {} more clusters (raise the minimum length to narrow the list).",
                result.clusters.len() - SHOWN
            ));
        }
    });
}

fn cluster_ui(
    ui: &mut Ui,
    new_tag: &mut String,
    result: &SharedResult,
    ci: usize,
    c: &Cluster,
    project: &Project,
    actions: &mut Vec<Action>,
) {
    ui.push_id(("cluster", ci), |ui| {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let words = c.passages.iter().map(|&p| result.passages[p].words).max().unwrap_or(0);
            let sim = c.passages.iter().map(|&p| result.passages[p].similarity).fold(1.0_f32, f32::min);
            ui.label(
                RichText::new(format!(
                    "Shared by {} documents · {words} words · {:.0}% similar",
                    c.doc_count(),
                    sim * 100.0
                ))
                .small()
                .strong(),
            );
            for (mi, m) in c.members.iter().enumerate() {
                let doc = result.docs[m.doc];
                let title = project.document(doc).map_or("?", |d| d.meta.title.as_str());
                let text = result.excerpts.get(ci).and_then(|e| e.get(mi)).map_or("", String::as_str);
                let label = format!("{title}: {}", quoted(text, 90));
                if ui.add(egui::Button::new(label).wrap().frame(false)).clicked() {
                    actions.push(Action::ShowPassage(doc, m.range));
                }
            }
            ui.horizontal(|ui| {
                if ui
                    .small_button("Link…")
                    .on_hover_text("Link these passages: choose the relation and add a note")
                    .clicked()
                {
                    actions.push(Action::LinkCluster(ci));
                }
                // Stays open while a new tag's name is typed in it.
                let config = egui::containers::menu::MenuConfig::new()
                    .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
                egui::containers::menu::MenuButton::new("Tag…").config(config).ui(ui, |ui| {
                    // In codebook order, nested tags indented; a category
                    // groups tags and is never applied.
                    for (depth, t) in project.codebook().tree().into_iter().filter(|(_, t)| !t.category) {
                        ui.horizontal(|ui| {
                            #[allow(clippy::cast_precision_loss)] // nesting depth
                            ui.add_space(depth as f32 * 12.0);
                            if ui.button(crate::ui::theme::tag_name_text(ui, &t.name, t.color)).clicked() {
                                actions.push(Action::TagCluster(ci, t.id));
                                ui.close();
                            }
                        });
                    }
                    ui.separator();
                    let l = ui.label("New tag:");
                    let r = ui
                        .add(egui::TextEdit::singleline(new_tag).hint_text("name, then Enter").desired_width(140.0))
                        .labelled_by(l.id);
                    let name = new_tag.trim().to_owned();
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !name.is_empty() {
                        actions.push(Action::TagClusterNew(ci, name));
                        new_tag.clear();
                        ui.close();
                    }
                });
            });
        });
    });
}
