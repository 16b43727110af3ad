//! The File > Export… dialog: the format, which tags and documents, with or
//! without notes and context.

use std::collections::BTreeSet;

use egui::{RichText, ScrollArea, Ui};

use crate::io::export::{Format, Options};
use crate::model::{DocId, Project, Scope, TagId};

/// What the dialog holds while open.
#[derive(Clone, Debug)]
pub struct ExportDraft {
    /// The format chosen.
    pub format: Format,
    /// Tags left out (all others are exported).
    pub without_tags: BTreeSet<TagId>,
    /// Documents left out.
    pub without_docs: BTreeSet<DocId>,
    /// The document set last chosen to fill in the documents (all: none).
    pub scope: Scope,
    /// Notes and memos included.
    pub notes: bool,
    /// Text around passages included.
    pub context: bool,
}

impl Default for ExportDraft {
    fn default() -> Self {
        Self {
            format: Format::Html,
            without_tags: BTreeSet::new(),
            without_docs: BTreeSet::new(),
            scope: Scope::All,
            notes: true,
            context: true,
        }
    }
}

impl ExportDraft {
    /// The export options for `project`, titled `title`.
    pub fn options(&self, project: &Project, title: &str) -> Options {
        let mut o = Options::new(self.format, title);
        o.notes = self.notes;
        o.context = self.context;
        if !self.without_tags.is_empty() {
            o.tags = Some(project.codebook().iter().map(|t| t.id).filter(|t| !self.without_tags.contains(t)).collect());
        }
        if !self.without_docs.is_empty() {
            o.docs = Some(project.documents().map(|d| d.id).filter(|d| !self.without_docs.contains(d)).collect());
        }
        o
    }
}

/// What the user did with the dialog this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Still choosing.
    Open,
    /// Cancelled.
    Cancel,
    /// Export: ask where to.
    Export,
}

/// The dialog's contents.
pub fn export_ui(ui: &mut Ui, draft: &mut ExportDraft, project: &Project) -> Outcome {
    let mut out = Outcome::Open;
    ui.label(RichText::new("Format").strong());
    for f in Format::ALL {
        ui.radio_value(&mut draft.format, f, f.label());
    }
    let codebook_only = draft.format == Format::Qdc;
    ui.add_enabled_ui(!codebook_only, |ui| {
        ui.separator();
        ui.columns(2, |cols| {
            cols[0].label(RichText::new("Tags").strong());
            ScrollArea::vertical().id_salt("export tags").max_height(180.0).show(&mut cols[0], |ui| {
                for (depth, t) in project.codebook().tree() {
                    let mut on = !draft.without_tags.contains(&t.id);
                    ui.horizontal(|ui| {
                        #[allow(clippy::cast_precision_loss)] // nesting depth
                        ui.add_space(depth as f32 * 12.0);
                        if ui.checkbox(&mut on, super::theme::tag_name_text(ui, &t.name, t.color)).changed() {
                            if on {
                                draft.without_tags.remove(&t.id);
                            } else {
                                draft.without_tags.insert(t.id);
                            }
                        }
                    });
                }
            });
            cols[1].label(RichText::new("Documents").strong());
            if super::sets::scope_combo(&mut cols[1], "Only:", project, &mut draft.scope, false) {
                // A set ticks its documents and unticks the rest; ticks can
                // still be changed one by one after.
                draft.without_docs =
                    project.documents().map(|d| d.id).filter(|d| !draft.scope.contains(project, *d)).collect();
            }
            ScrollArea::vertical().id_salt("export docs").max_height(180.0).show(&mut cols[1], |ui| {
                for d in project.documents() {
                    let mut on = !draft.without_docs.contains(&d.id);
                    let title = super::bidi_line::fitted(ui, &d.meta.title, false, false, f32::INFINITY)
                        .unwrap_or_else(|| d.meta.title.as_str().into());
                    if ui.checkbox(&mut on, title).changed() {
                        if on {
                            draft.without_docs.remove(&d.id);
                        } else {
                            draft.without_docs.insert(d.id);
                        }
                    }
                }
            });
        });
        ui.separator();
        ui.checkbox(&mut draft.notes, "Notes and memos");
        ui.checkbox(&mut draft.context, "Text around each passage");
    });
    ui.separator();
    let nothing = !codebook_only
        && (draft.without_docs.len() >= project.documents().count() && project.documents().next().is_some());
    ui.horizontal(|ui| {
        if ui.add_enabled(!nothing, egui::Button::new("Export…")).clicked() {
            out = Outcome::Export;
        }
        if ui.button("Cancel").clicked() {
            out = Outcome::Cancel;
        }
        if nothing {
            ui.label(RichText::new("Choose at least one document.").weak());
        }
    });
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        out = Outcome::Cancel;
    }
    out
}
