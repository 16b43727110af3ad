//! The codebook panel: the tag tree with colours, counts and quick-key
//! numbers; create, rename, recolour, nest, merge and delete.

use std::collections::HashMap;

use egui::{RichText, Ui};

use crate::command::Action;
use crate::model::{Project, Rgb, Tag, TagId};

/// State of the codebook panel between frames.
#[derive(Default)]
pub struct CodebookState {
    new_name: String,
    /// The tag whose name is being edited, and the name typed so far.
    renaming: Option<(TagId, String)>,
    /// Give the rename field the keyboard on its first frame (only then:
    /// asking every frame would keep it from ever losing focus).
    focus_rename: bool,
    confirm_delete: Option<TagId>,
    /// Tag filter for the notes panel.
    pub filter: Option<TagId>,
}

/// The tags in tree order that can be applied (not categories); the first
/// nine get quick keys 1–9.
pub fn quick_tags(project: &Project) -> Vec<TagId> {
    project.codebook().tree().into_iter().filter(|(_, t)| !t.category).map(|(_, t)| t.id).take(9).collect()
}

/// Show the codebook; `counts` holds each tag's number of passages.
pub fn codebook_ui<S: std::hash::BuildHasher>(
    ui: &mut Ui,
    state: &mut CodebookState,
    project: &Project,
    counts: &HashMap<TagId, usize, S>,
    actions: &mut Vec<Action>,
) {
    ui.heading("Codebook");
    ui.horizontal(|ui| {
        let resp = ui.add(egui::TextEdit::singleline(&mut state.new_name).hint_text("New tag").desired_width(130.0));
        let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add").clicked() || enter) && !state.new_name.trim().is_empty() {
            let mut t = Tag::new(state.new_name.trim(), project.codebook().next_colour());
            t.order = project.codebook().next_order(None);
            actions.push(Action::Edit {
                label: format!("New tag “{}”", t.name),
                edit: Project::add_tag_edit(t),
                merge: None,
            });
            state.new_name.clear();
        }
    });
    ui.separator();
    let quick = quick_tags(project);
    let tree = project.codebook().tree();
    egui::ScrollArea::vertical().id_salt("codebook").auto_shrink([false, true]).show(ui, |ui| {
        if tree.is_empty() {
            ui.weak("No tags yet. Add one above, or select text and press T.");
        }
        for (depth, tag) in &tree {
            ui.horizontal(|ui| tag_row_ui(ui, state, project, (*depth, tag), &quick, counts, actions));
        }
        // While a tag is dragged, a place to drop it back at the top level.
        if egui::DragAndDrop::has_payload_of_type::<TagId>(ui.ctx()) {
            let (rect, resp) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 24.0), egui::Sense::hover());
            let hovered = resp.dnd_hover_payload::<TagId>().is_some();
            let stroke =
                if hovered { ui.visuals().selection.stroke } else { ui.visuals().widgets.noninteractive.bg_stroke };
            ui.painter().rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Inside);
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop here: top level",
                egui::FontId::proportional(11.0),
                ui.visuals().weak_text_color(),
            );
            if let Some(dragged) = resp.dnd_release_payload::<TagId>()
                && let Some(e) = project.move_tag_edit(*dragged, None)
            {
                actions.push(Action::Edit { edit: e, label: "Move tag".into(), merge: None });
            }
        }
    });
    if let Some(id) = state.confirm_delete {
        let name = project.codebook().get(id).map(|t| t.name.clone()).unwrap_or_default();
        let count = counts.get(&id).copied().unwrap_or(0);
        let mut open = true;
        egui::Window::new("Delete tag?").collapsible(false).resizable(false).open(&mut open).show(ui.ctx(), |ui| {
            ui.label(format!(
                "Delete “{name}”? It is on {count} passage(s); they keep their other tags and notes. You can undo this."
            ));
            ui.horizontal(|ui| {
                if ui.button("Delete").clicked() {
                    if let Some(e) = project.delete_tag_edit(id) {
                        actions.push(Action::Edit { edit: e, label: format!("Delete tag “{name}”"), merge: None });
                    }
                    state.confirm_delete = None;
                    if state.filter == Some(id) {
                        state.filter = None;
                    }
                }
                if ui.button("Cancel").clicked() {
                    state.confirm_delete = None;
                }
            });
        });
        if !open {
            state.confirm_delete = None;
        }
    }
}

fn tag_row_ui<S: std::hash::BuildHasher>(
    ui: &mut Ui,
    state: &mut CodebookState,
    project: &Project,
    (depth, tag): (usize, &Tag),
    quick: &[TagId],
    counts: &HashMap<TagId, usize, S>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(14.0 * depth as f32);
    let mut rgb = tag.color.0;
    let swatch = ui.color_edit_button_srgb(&mut rgb).on_hover_text("Colour");
    super::theme::focus_ring(ui, &swatch);
    if swatch.changed()
        && let Some(e) = project.update_tag_edit(tag.id, |t| t.color = Rgb(rgb))
    {
        actions.push(Action::Edit { edit: e, label: "Recolour tag".into(), merge: Some(format!("colour {}", tag.id)) });
    }
    if let Some((id, name)) = &mut state.renaming
        && *id == tag.id
    {
        let r = ui.add(
            egui::TextEdit::singleline(name).desired_width(120.0).id_salt(("rename tag", tag.id)).hint_text(&tag.name),
        );
        let r = r.on_hover_text("Enter or clicking elsewhere renames; Esc cancels");
        if std::mem::take(&mut state.focus_rename) {
            r.request_focus();
            // The whole old name selected, so typing replaces it.
            let mut st = egui::text_edit::TextEditState::load(ui.ctx(), r.id).unwrap_or_default();
            st.cursor.set_char_range(Some(egui::text_selection::CCursorRange::select_all_str(name)));
            st.store(ui.ctx(), r.id);
        }
        if r.lost_focus() {
            // Enter, Tab or a press elsewhere saves; Esc cancels.
            if !ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                finish_rename(state, project, actions);
            }
            state.renaming = None;
        }
        return;
    }
    let key = quick.iter().position(|q| *q == tag.id).map(|k| format!("{} ", k + 1)).unwrap_or_default();
    let count = counts.get(&tag.id).copied().unwrap_or(0);
    let selected = state.filter == Some(tag.id);
    let color = if selected { super::theme::tag_ink(ui, tag.color) } else { ui.visuals().text_color() };
    let mut text = RichText::new(format!("{key}{}  ({count})", tag.name)).color(color);
    if tag.category {
        text = text.italics();
    }
    // Cut with an ellipsis at the panel's edge rather than widening it.
    let resp = ui.add(egui::Button::selectable(selected, text).truncate()).interact(egui::Sense::drag());
    let resp = if tag.category {
        resp.on_hover_text("A category: it groups the tags below it and is not applied to passages")
    } else {
        resp
    };
    // Drag a tag onto another to nest it there.
    resp.dnd_set_drag_payload(tag.id);
    if let Some(dragged) = resp.dnd_hover_payload::<TagId>()
        && *dragged != tag.id
    {
        ui.painter().rect_stroke(resp.rect, 3.0, ui.visuals().selection.stroke, egui::StrokeKind::Outside);
    }
    if let Some(dragged) = resp.dnd_release_payload::<TagId>()
        && *dragged != tag.id
        && !project.codebook().is_ancestor_or_self(*dragged, tag.id)
        && let Some(e) = project.move_tag_edit(*dragged, Some(tag.id))
    {
        actions.push(Action::Edit { edit: e, label: "Nest tag".into(), merge: None });
    }
    // The whole name and count on hover (the row may be cut), then the
    // description when there is one.
    let whole = format!("{}: {count} passage(s)", tag.name);
    let resp = match &tag.description {
        Some(d) if !d.is_empty() => resp.on_hover_text(format!("{whole}\n{d}")),
        _ => resp.on_hover_text(whole),
    };
    if resp.clicked() {
        state.filter = if selected { None } else { Some(tag.id) };
    }
    if resp.double_clicked() {
        start_rename(state, project, tag, actions);
    }
    resp.context_menu(|ui| tag_menu_ui(ui, state, project, tag, actions));
}

fn tag_menu_ui(ui: &mut Ui, state: &mut CodebookState, project: &Project, tag: &Tag, actions: &mut Vec<Action>) {
    if ui.button("Rename").clicked() {
        start_rename(state, project, tag, actions);
        ui.close();
    }
    if !tag.category && ui.button("Apply to selection").clicked() {
        actions.push(Action::ApplyTag(tag.id));
        ui.close();
    }
    let (toggle, label) =
        if tag.category { ("Make it a tag", "Make tag") } else { ("Make it a category", "Make category") };
    if ui.button(toggle).on_hover_text("A category groups tags and is never applied to a passage").clicked() {
        if let Some(e) = project.update_tag_edit(tag.id, |t| t.category = !t.category) {
            actions.push(Action::Edit { edit: e, label: label.into(), merge: None });
        }
        ui.close();
    }
    ui.menu_button("Nest under", |ui| {
        if tag.parent.is_some() && ui.button("(top level)").clicked() {
            if let Some(e) = project.move_tag_edit(tag.id, None) {
                actions.push(Action::Edit { edit: e, label: "Move tag".into(), merge: None });
            }
            ui.close();
        }
        for (_, other) in project.codebook().tree() {
            if project.codebook().is_ancestor_or_self(tag.id, other.id) || tag.parent == Some(other.id) {
                continue;
            }
            if ui.button(&other.name).clicked() {
                if let Some(e) = project.move_tag_edit(tag.id, Some(other.id)) {
                    actions.push(Action::Edit { edit: e, label: "Move tag".into(), merge: None });
                }
                ui.close();
            }
        }
    });
    ui.menu_button("Merge into", |ui| {
        for (_, other) in project.codebook().tree() {
            if project.codebook().is_ancestor_or_self(tag.id, other.id) {
                continue;
            }
            if ui.button(&other.name).clicked() {
                if let Some(e) = project.merge_tags_edit(tag.id, other.id) {
                    actions.push(Action::Edit {
                        edit: e,
                        label: format!("Merge “{}” into “{}”", tag.name, other.name),
                        merge: None,
                    });
                }
                ui.close();
            }
        }
    });
    if ui.button("Delete…").clicked() {
        state.confirm_delete = Some(tag.id);
        ui.close();
    }
}

/// Open the rename field on `tag`, saving a rename still open on another.
fn start_rename(state: &mut CodebookState, project: &Project, tag: &Tag, actions: &mut Vec<Action>) {
    finish_rename(state, project, actions);
    state.renaming = Some((tag.id, tag.name.clone()));
    state.focus_rename = true;
}

/// Save the open rename (one undo step) and close the field; an empty or
/// unchanged name changes nothing.
fn finish_rename(state: &mut CodebookState, project: &Project, actions: &mut Vec<Action>) {
    let Some((id, name)) = state.renaming.take() else { return };
    let new = name.trim().to_owned();
    if new.is_empty() || project.codebook().get(id).is_none_or(|t| t.name == new) {
        return;
    }
    if let Some(e) = project.update_tag_edit(id, |t| t.name.clone_from(&new)) {
        actions.push(Action::Edit { edit: e, label: format!("Rename tag to “{new}”"), merge: None });
    }
}
