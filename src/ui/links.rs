//! The links tab: every link between passages, the selected link's relation
//! and note, and the list of relation types.

use egui::{RichText, Ui};

use super::notes::quoted;
use crate::command::Action;
use crate::model::{Edit, LinkId, Project};

/// State of the links tab between frames.
#[derive(Default)]
pub struct LinksState {
    /// The link whose editor is open.
    pub selected: Option<LinkId>,
    /// Name typed for a new relation type.
    pub new_relation: String,
    /// Relation being renamed, and the name typed so far.
    pub renaming: Option<(String, String)>,
}

fn end_label(project: &Project, a: crate::model::AnnotationId) -> String {
    let Some(a) = project.annotation(a) else { return "(missing passage)".into() };
    let title = project.document(a.doc).map_or("?", |d| d.meta.title.as_str());
    format!("{title}: {}", quoted(&a.anchor.exact, 50))
}

/// Show the links tab.
pub fn links_ui(ui: &mut Ui, state: &mut LinksState, project: &Project, actions: &mut Vec<Action>) {
    let mut links: Vec<_> = project.links().collect();
    links.sort_by_key(|l| (l.created, l.id));
    ui.label(
        RichText::new(format!("{} link(s). Select a passage, press L, select another, press L again.", links.len()))
            .small()
            .weak(),
    );
    if let Some(l) = state.selected.and_then(|id| project.link(id)) {
        ui.group(|ui| {
            ui.label(RichText::new("Selected link").strong());
            ui.label(end_label(project, l.from));
            ui.label(end_label(project, l.to));
            let mut relation = l.relation.clone();
            egui::ComboBox::new("link_relation", "Relation").selected_text(&relation).show_ui(ui, |ui| {
                for r in project.relations() {
                    ui.selectable_value(&mut relation, r.clone(), r);
                }
            });
            if relation != l.relation
                && let Some(edit) = project.update_link_edit(l.id, |l| l.relation = relation)
            {
                actions.push(Action::Edit { edit, label: "Change relation".into(), merge: None });
            }
            let mut note = l.note.clone();
            let label = ui.label("Note");
            let resp = ui
                .add(
                    egui::TextEdit::multiline(&mut note)
                        .desired_rows(3)
                        .event_filter(super::WRITING_KEYS)
                        .id_salt(("link note", l.id)),
                )
                .labelled_by(label.id);
            super::leave_on_esc(ui, &resp);
            if resp.changed()
                && let Some(edit) = project.update_link_edit(l.id, |l| l.note = note)
            {
                actions.push(Action::Edit {
                    edit,
                    label: "Edit link note".into(),
                    merge: Some(format!("link {}", l.id)),
                });
            }
            ui.horizontal(|ui| {
                if ui.button("Show both").clicked() {
                    actions.push(Action::RevealLink(l.id));
                }
                if ui.button("Delete link").clicked() {
                    actions.push(Action::Edit {
                        edit: Project::delete_link_edit(l.id),
                        label: "Delete link".into(),
                        merge: None,
                    });
                    state.selected = None;
                }
            });
        });
    }
    egui::ScrollArea::vertical().id_salt("links_list").max_height(ui.available_height() * 0.6).show(ui, |ui| {
        for l in &links {
            let text = format!("{}  —{}→  {}", end_label(project, l.from), l.relation, end_label(project, l.to));
            let text = text.replace('→', "->");
            let resp = ui.selectable_label(state.selected == Some(l.id), text);
            if resp.clicked() {
                state.selected = Some(l.id);
                actions.push(Action::RevealLink(l.id));
            }
        }
    });
    ui.separator();
    ui.collapsing("Relation types", |ui| relations_ui(ui, state, project, actions));
}

fn relations_ui(ui: &mut Ui, state: &mut LinksState, project: &Project, actions: &mut Vec<Action>) {
    let list = project.relations();
    for r in list {
        ui.horizontal(|ui| {
            let used = project.links().filter(|l| &l.relation == r).count();
            match &mut state.renaming {
                Some((from, to)) if from == r => {
                    let resp = ui.add(egui::TextEdit::singleline(to).desired_width(120.0).hint_text("new name"));
                    let to_name = to.trim().to_owned();
                    let ok = !to_name.is_empty() && !list.contains(&to_name);
                    if ui.add_enabled(ok, egui::Button::new("Rename")).clicked()
                        || (ok && resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                    {
                        actions.push(Action::Edit {
                            edit: project.rename_relation_edit(r, &to_name),
                            label: format!("Rename relation “{r}”"),
                            merge: None,
                        });
                        state.renaming = None;
                    } else if ui.button("Cancel").clicked() {
                        state.renaming = None;
                    }
                }
                _ => {
                    ui.label(format!("{r} ({used})"));
                    if ui.small_button("Rename").clicked() {
                        state.renaming = Some((r.clone(), r.clone()));
                    }
                    let can_remove = used == 0 && list.len() > 1;
                    let remove = ui.add_enabled(can_remove, egui::Button::new("Remove").small());
                    if remove.on_disabled_hover_text("In use, or the last one").clicked() {
                        let rest = list.iter().filter(|x| *x != r).cloned().collect();
                        actions.push(Action::Edit {
                            edit: Edit::Relations(rest),
                            label: format!("Remove relation “{r}”"),
                            merge: None,
                        });
                    }
                }
            }
        });
    }
    ui.horizontal(|ui| {
        let resp = ui.add(
            egui::TextEdit::singleline(&mut state.new_relation).desired_width(140.0).hint_text("new relation type"),
        );
        let name = state.new_relation.trim().to_owned();
        let ok = !name.is_empty() && !list.contains(&name);
        if ui.add_enabled(ok, egui::Button::new("Add")).clicked()
            || (ok && resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
        {
            let mut v = list.to_vec();
            v.push(name.clone());
            actions.push(Action::Edit {
                edit: Edit::Relations(v),
                label: format!("Add relation “{name}”"),
                merge: None,
            });
            state.new_relation.clear();
        }
    });
}
