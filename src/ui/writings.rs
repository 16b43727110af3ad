//! Memos and notes: the user's own writing in one searchable list — project
//! memos, document notes and tag descriptions — each editable in place.

use egui::{RichText, ScrollArea, Ui};

use crate::analysis::search::fold;
use crate::command::{Action, Command, RetrieveRequest};
use crate::model::{Memo, Project};

pub use crate::command::Writing;

/// State of the list.
#[derive(Default)]
pub struct WritingsState {
    /// Words every shown entry contains (title or text; any case, any accents).
    pub filter: String,
    /// Show entries with nothing written yet.
    pub show_empty: bool,
}

/// Entries matching the filter, memos first, then documents, then tags:
/// (what, title, text).
pub fn entries<'a>(project: &'a Project, filter: &str, show_empty: bool) -> Vec<(Writing, &'a str, &'a str)> {
    let words: Vec<String> = fold(&filter.to_lowercase()).split_whitespace().map(str::to_owned).collect();
    let mut out: Vec<(Writing, &str, &str)> = Vec::new();
    out.extend(project.memos().map(|m| (Writing::Memo(m.id), m.title.as_str(), m.text.as_str())));
    out.extend(project.documents().map(|d| (Writing::Document(d.id), d.meta.title.as_str(), d.note.as_str())));
    out.extend(
        project
            .codebook()
            .tree()
            .into_iter()
            .map(|(_, t)| (Writing::Tag(t.id), t.name.as_str(), t.description.as_deref().unwrap_or(""))),
    );
    out.retain(|(w, title, text)| {
        if !show_empty && text.trim().is_empty() && !matches!(w, Writing::Memo(_)) {
            return false;
        }
        if words.is_empty() {
            return true;
        }
        let hay = fold(&format!("{title}\n{text}").to_lowercase());
        words.iter().all(|w| hay.contains(w.as_str()))
    });
    out
}

/// Draw the list.
pub fn writings_ui(ui: &mut Ui, state: &mut WritingsState, project: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Memos and notes");
        let l = ui.label("Find:");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter).hint_text("words in a title or text").desired_width(260.0),
        )
        .labelled_by(l.id);
        ui.checkbox(&mut state.show_empty, "Show empty notes");
        if ui.button("New memo").on_hover_text("Ctrl+Shift+M").clicked() {
            let m = Memo::new("Untitled memo", "");
            actions.push(Action::Edit { edit: Project::add_memo_edit(m), label: "New memo".into(), merge: None });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
                actions.push(Action::Command(Command::Back));
            }
        });
    });
    ui.separator();
    let list = entries(project, &state.filter, state.show_empty);
    if list.is_empty() {
        ui.label(if state.filter.trim().is_empty() {
            "Nothing written yet: memos (Ctrl+Shift+M), document notes and tag descriptions appear here."
        } else {
            "Nothing matches."
        });
        return actions;
    }
    ui.label(RichText::new(format!("{} entries", list.len())).small().weak());
    ScrollArea::vertical().id_salt("writings").auto_shrink([false, false]).show(ui, |ui| {
        for (w, title, text) in list {
            entry_ui(ui, project, w, title, text, &mut actions);
        }
    });
    actions
}

fn entry_ui(ui: &mut Ui, project: &Project, w: Writing, title: &str, text: &str, actions: &mut Vec<Action>) {
    ui.group(|ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let (kind, color) = match w {
                Writing::Memo(_) => ("Memo", ui.visuals().text_color()),
                Writing::Document(_) => ("Document", ui.visuals().text_color()),
                Writing::Tag(t) => (
                    "Tag",
                    project.codebook().get(t).map_or(ui.visuals().text_color(), |t| super::theme::tag_ink(ui, t.color)),
                ),
            };
            let kind_label = ui.label(RichText::new(kind).small().weak());
            match w {
                Writing::Memo(id) => {
                    let mut t = title.to_owned();
                    let resp = ui
                        .add(egui::TextEdit::singleline(&mut t).id_salt(("writing title", id)))
                        .labelled_by(kind_label.id);
                    if resp.changed()
                        && let Some(e) = project.update_memo_edit(id, |m| m.title = t)
                    {
                        actions.push(Action::Edit {
                            edit: e,
                            label: "Edit memo".into(),
                            merge: Some(format!("memo title {id}")),
                        });
                    }
                }
                _ => drop(ui.label(RichText::new(title).strong().color(color))),
            }
            let show = match w {
                Writing::Memo(_) => "Show in Notes",
                Writing::Document(_) => "Open",
                Writing::Tag(_) => "Retrieve passages",
            };
            if ui.small_button(show).clicked() {
                if let Writing::Tag(t) = w {
                    actions.push(Action::Retrieve(Box::new(RetrieveRequest {
                        tags: vec![t],
                        docs: None,
                        only: None,
                        origin: format!("Tag: {title}"),
                    })));
                } else {
                    actions.push(Action::Command(Command::Back));
                    actions.push(Action::RevealWriting(w));
                }
            }
        });
        let mut t = text.to_owned();
        let resp = ui.add(
            egui::TextEdit::multiline(&mut t)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("Write here")
                .event_filter(super::WRITING_KEYS)
                .id_salt(("writing", w)),
        );
        super::leave_on_esc(ui, &resp);
        if resp.changed() {
            let (edit, label, merge) = match w {
                Writing::Memo(id) => (project.update_memo_edit(id, |m| m.text = t), "Edit memo", format!("memo {id}")),
                Writing::Document(id) => {
                    (project.update_document_edit(id, |d| d.note = t), "Edit document note", format!("doc note {id}"))
                }
                Writing::Tag(id) => (
                    project.update_tag_edit(id, |x| x.description = if t.is_empty() { None } else { Some(t) }),
                    "Edit tag description",
                    format!("tag description {id}"),
                ),
            };
            if let Some(e) = edit {
                actions.push(Action::Edit { edit: e, label: label.into(), merge: Some(merge) });
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Rgb, Tag};

    #[test]
    fn one_list_filtered_by_words_in_any_case_and_accent() {
        let mut p = Project::new();
        let mut d = Document::new("a.txt");
        d.note = "Interview with Hélène".into();
        let mut t = Tag::new("Closure", Rgb::palette(0));
        t.description = Some("Anything about the bridge closing".into());
        let bare = Tag::new("Quote", Rgb::palette(1));
        for e in [
            Project::add_document_edit(d),
            Project::add_tag_edit(t),
            Project::add_tag_edit(bare),
            Project::add_memo_edit(Memo::new("Method", "Code the bridge closure first")),
        ] {
            p.apply(e).expect("edit");
        }
        let all = entries(&p, "", false);
        assert_eq!(all.len(), 3, "memo, document note, tag description; the bare tag only on request");
        assert!(matches!(all[0].0, Writing::Memo(_)), "memos first");
        assert_eq!(entries(&p, "", true).len(), 4);
        assert_eq!(entries(&p, "BRIDGE", false).len(), 2, "memo and tag description");
        assert_eq!(entries(&p, "helene", false).len(), 1, "accents folded");
        assert_eq!(entries(&p, "method closure", false).len(), 1, "every word, in title or text");
    }
}
