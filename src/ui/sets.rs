//! Choosing which documents a view covers: all, a document set, or (where a
//! view offers it) one document. One widget for every view that filters by
//! document, so sets are offered the same way everywhere.

use std::collections::BTreeSet;

use egui::Ui;

use super::notes::excerpt;
use crate::command::Action;
use crate::model::{DocId, DocSet, Project, Scope, SetId};

/// A combo box, labelled `label`, over "All documents", every set and, when
/// `documents` is true, every document. Returns true when the choice changed.
pub fn scope_combo(ui: &mut Ui, label: &str, project: &Project, scope: &mut Scope, documents: bool) -> bool {
    let valid = scope.valid(project);
    let mut changed = valid != *scope;
    *scope = valid;
    let before = *scope;
    let sets = project.sets();
    if sets.is_empty() && !documents {
        // Nothing to choose from yet.
        return changed;
    }
    ui.horizontal(|ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(excerpt(&scope.label(project), 22))
            .height(400.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(scope, Scope::All, "All documents");
                for s in &sets {
                    ui.selectable_value(scope, Scope::Set(s.id), format!("Set: {} ({})", s.name, s.docs.len()));
                }
                if documents {
                    ui.separator();
                    for d in project.documents() {
                        ui.selectable_value(scope, Scope::Doc(d.id), &d.meta.title);
                    }
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text("Which documents: all, a document set (made in the Documents table, Ctrl+K), or one");
    });
    changed |= *scope != before;
    changed
}

/// What the Documents table keeps for its set controls.
#[derive(Default)]
pub struct SetsDraft {
    /// Name typed for a new set.
    pub new_name: String,
    /// New name being typed for the set shown.
    pub rename: String,
    /// The set `rename` was filled from.
    renaming: Option<SetId>,
    /// Deleting the set shown was asked, waiting for confirmation.
    pub confirm_delete: bool,
    /// A set just made, to be shown once the edit is in.
    pub made: Option<SetId>,
    /// What the last set action did ("Set “week 1” made of 2 documents").
    pub said: Option<String>,
}

/// The Documents table's set controls for the selected documents: add them
/// to a set (a new one or an existing one) and, while a set is shown, take
/// them out of it. Each is one undo step.
pub fn membership_ui(
    ui: &mut Ui,
    draft: &mut SetsDraft,
    project: &Project,
    shown: Scope,
    selected: &BTreeSet<DocId>,
    actions: &mut Vec<Action>,
) {
    let n = selected.len();
    let sets = project.sets();
    if !sets.is_empty() {
        egui::ComboBox::new("add to set", "")
            .selected_text("Add to set")
            .show_ui(ui, |ui| {
                for s in &sets {
                    let new = selected.iter().filter(|d| !s.docs.contains(d)).count();
                    if ui.add_enabled(new > 0, egui::Button::new(format!("{} (+{new})", s.name))).clicked()
                        && let Some(edit) = project.update_set_edit(s.id, |s| s.docs.extend(selected.iter().copied()))
                    {
                        actions.push(Action::Edit {
                            edit,
                            label: format!("Add {new} document(s) to set “{}”", s.name),
                            merge: None,
                        });
                    }
                }
            })
            .response
            .on_hover_text("Add the selected documents to an existing set");
    }
    let l = ui.label("New set");
    let field = ui.add(egui::TextEdit::singleline(&mut draft.new_name).hint_text("e.g. week 1").desired_width(110.0));
    let field = field.labelled_by(l.id);
    let name = draft.new_name.trim().to_owned();
    let taken = sets.iter().any(|s| s.name.eq_ignore_ascii_case(&name));
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let button = ui
        .add_enabled(!name.is_empty() && !taken, egui::Button::new(format!("Make a set of {n}")))
        .on_hover_text(if taken { "A set has this name already" } else { "A named set of the selected documents" });
    if (button.clicked() || enter) && !name.is_empty() && !taken {
        let mut set = DocSet::new(name.clone());
        set.docs.extend(selected.iter().copied());
        draft.made = Some(set.id);
        draft.said = Some(format!("Set “{name}” made of {n} document(s); the table shows it now."));
        actions.push(Action::Edit {
            edit: Project::add_set_edit(set),
            label: format!("New set “{name}”"),
            merge: None,
        });
        draft.new_name.clear();
    }
    if let Some(said) = &draft.said {
        ui.label(said.as_str());
    }
    if let Scope::Set(id) = shown
        && let Some(s) = project.set(id)
    {
        let inside = selected.iter().filter(|d| s.docs.contains(d)).count();
        if ui.add_enabled(inside > 0, egui::Button::new(format!("Take {inside} out of “{}”", s.name))).clicked()
            && let Some(edit) = project.update_set_edit(id, |s| s.docs.retain(|d| !selected.contains(d)))
        {
            actions.push(Action::Edit {
                edit,
                label: format!("Take {inside} document(s) out of set “{}”", s.name),
                merge: None,
            });
        }
    }
}

/// Rename or delete the set shown in the Documents table.
pub fn manage_ui(ui: &mut Ui, draft: &mut SetsDraft, project: &Project, shown: Scope, actions: &mut Vec<Action>) {
    let Scope::Set(id) = shown else {
        draft.renaming = None;
        draft.confirm_delete = false;
        return;
    };
    let Some(s) = project.set(id) else { return };
    if draft.renaming != Some(id) {
        draft.renaming = Some(id);
        draft.rename.clone_from(&s.name);
        draft.confirm_delete = false;
    }
    let l = ui.label("Set name");
    let r = ui.add(egui::TextEdit::singleline(&mut draft.rename).desired_width(180.0)).labelled_by(l.id);
    let name = draft.rename.trim().to_owned();
    let taken = project.sets().iter().any(|o| o.id != id && o.name.eq_ignore_ascii_case(&name));
    if r.lost_focus() && !name.is_empty() && !taken && name != s.name {
        if let Some(edit) = project.update_set_edit(id, |s| s.name.clone_from(&name)) {
            actions.push(Action::Edit { edit, label: format!("Rename set “{}”", s.name), merge: None });
        }
    } else if r.lost_focus() && (name.is_empty() || taken) {
        draft.rename.clone_from(&s.name);
    }
    if draft.confirm_delete {
        ui.label(format!("Delete the set “{}”? Its {} document(s) stay in the project.", s.name, s.docs.len()));
        if ui.button("Delete set").clicked() {
            actions.push(Action::Edit {
                edit: Project::delete_set_edit(id),
                label: format!("Delete set “{}”", s.name),
                merge: None,
            });
            draft.confirm_delete = false;
        }
        if ui.button("Keep it").clicked() {
            draft.confirm_delete = false;
        }
    } else if ui.button("Delete set…").clicked() {
        draft.confirm_delete = true;
    }
}
