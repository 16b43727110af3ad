//! The notes panel: annotations (filterable, sortable), the note editor of
//! the selected one, passages that need review, project memos and document
//! notes.

use egui::{RichText, Ui};

use crate::command::{Action, Command};
use crate::model::{AnchorStatus, Annotation, AnnotationId, DocId, Memo, MemoId, Project, Scope, TagId};

/// How the annotation list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Document, then position.
    #[default]
    Document,
    /// Newest first.
    Date,
}

/// State of the notes panel between frames.
#[derive(Default)]
pub struct NotesState {
    /// Put the keyboard in the selected passage's Note field on the next frame.
    pub focus_note: bool,
    /// Text filter.
    pub text: String,
    /// Document filter: all, a set, or one document.
    pub scope: Scope,
    /// Ordering.
    pub sort: SortBy,
    /// Memo being edited.
    pub memo: Option<MemoId>,
    /// Document whose record is being edited.
    pub document: Option<DocId>,
    /// The filtered, sorted list and what it was computed from.
    cache: Option<(ListKey, Vec<AnnotationId>)>,
    /// Passages that need review, and the project generation they are of.
    review: Option<(u64, Vec<AnnotationId>)>,
    /// The texts of list rows shown so far, and the project generation they
    /// are of (rows are drawn every frame; their excerpts change only with
    /// the project).
    rows: (u64, std::collections::HashMap<AnnotationId, RowText>),
}

/// What a row of the annotation list shows.
struct RowText {
    quote: String,
    doc: String,
    note: String,
}

impl RowText {
    fn new(project: &Project, a: &Annotation) -> Self {
        let d = project.document(a.doc);
        let mut doc = excerpt(d.map_or("?", |d| d.meta.title.as_str()), 40);
        // Passages of a PDF are cited by page.
        if let Some(p) = d.and_then(|d| d.origin.as_ref()).and_then(|o| o.page_of(a.anchor.range.start.0)) {
            let _ = std::fmt::Write::write_fmt(&mut doc, format_args!(", p. {p}"));
        }
        Self { quote: quoted(&a.anchor.exact, 160), doc, note: excerpt(&a.note, 160) }
    }
}

/// What the annotation list depends on.
#[derive(Clone, PartialEq)]
struct ListKey {
    generation: u64,
    text: String,
    scope: Scope,
    sort: SortBy,
    tag: Option<TagId>,
}

/// `s` on one line, cut to `n` chars with an ellipsis.
pub(crate) fn excerpt(s: &str, n: usize) -> String {
    // Stops after `n` chars: called for every visible row every frame, and
    // a note may be a megabyte long.
    let mut out = String::with_capacity(n.min(s.len()) + 4);
    let mut count = 0;
    for w in s.split_whitespace() {
        if count > 0 {
            if count == n {
                out.push('…');
                return out;
            }
            out.push(' ');
            count += 1;
        }
        for c in w.chars() {
            if count == n {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// A quoted passage on one line, cut to `n` chars: in curly quotes, without
/// the quotation marks the passage itself may begin or end with (a tagged
/// quotation would otherwise read “"like this"”).
pub(crate) fn quoted(s: &str, n: usize) -> String {
    let inner = s.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '„' | '«' | '»') || c.is_whitespace());
    format!("“{}”", excerpt(inner, n))
}

/// Show the notes panel.
#[allow(clippy::too_many_arguments)] // the panel reads several independent pieces of app state
pub fn notes_ui(
    ui: &mut Ui,
    state: &mut NotesState,
    project: &Project,
    tag_filter: Option<TagId>,
    selected: Option<AnnotationId>,
    has_selection: bool,
    generation: u64,
    actions: &mut Vec<Action>,
) {
    if let Some(a) = selected.and_then(|id| project.annotation(id)) {
        let focus = std::mem::take(&mut state.focus_note);
        editor_ui(ui, project, a, focus, actions);
        ui.separator();
    }
    if state.review.as_ref().is_none_or(|(g, _)| *g != generation) {
        let ids = project.annotations().filter(|a| a.status >= AnchorStatus::Moved).map(|a| a.id).collect();
        state.review = Some((generation, ids));
    }
    let review: Vec<&Annotation> = state
        .review
        .as_ref()
        .map(|(_, ids)| ids.iter().filter_map(|id| project.annotation(*id)).collect())
        .unwrap_or_default();
    if !review.is_empty() {
        egui::CollapsingHeader::new(RichText::new(format!("Needs review ({})", review.len())).strong())
            .id_salt("review")
            .default_open(true)
            .show(ui, |ui| {
                for a in review {
                    review_row_ui(ui, project, a, has_selection, actions);
                }
            });
        ui.separator();
    }
    // Wrapped, so that this row does not hold the panel wider than the
    // panes can spare.
    // (The document choice is a group of its own: on its own row, since a
    // wrapped row cannot break inside a group.)
    ui.horizontal_wrapped(|ui| {
        let w = (ui.available_width() - 150.0).clamp(80.0, 150.0);
        ui.add(egui::TextEdit::singleline(&mut state.text).hint_text("Filter notes and quotes").desired_width(w));
        ui.selectable_value(&mut state.sort, SortBy::Document, "by place");
        ui.selectable_value(&mut state.sort, SortBy::Date, "by date");
    });
    super::sets::scope_combo(ui, "Document:", project, &mut state.scope, true);
    if let Some(t) = tag_filter.and_then(|t| project.codebook().get(t)) {
        ui.label(RichText::new(format!("Showing tag “{}” (click it in the codebook to clear)", t.name)).small());
    }
    let key = ListKey { generation, text: state.text.clone(), scope: state.scope, sort: state.sort, tag: tag_filter };
    if state.cache.as_ref().is_none_or(|(k, _)| *k != key) {
        state.cache = Some((key, filtered(project, state, tag_filter)));
    }
    let list = state.cache.as_ref().map(|(_, l)| l.as_slice()).unwrap_or_default();
    ui.label(RichText::new(format!("{} annotation(s)", list.len())).small());
    // Fixed-height rows, so only the visible ones are built (10,000
    // annotations cost no more per frame than ten).
    let row_h = ui.text_style_height(&egui::TextStyle::Body) * 3.0 + 16.0;
    egui::ScrollArea::vertical()
        .id_salt("annotations")
        .auto_shrink([false, true])
        .max_height(ui.available_height() * 0.6)
        .show_rows(ui, row_h, list.len(), |ui, rows| {
            if state.rows.0 != generation {
                state.rows = (generation, std::collections::HashMap::new());
            }
            for id in &list[rows] {
                if let Some(a) = project.annotation(*id) {
                    let text = state.rows.1.entry(a.id).or_insert_with(|| RowText::new(project, a));
                    list_row_ui(ui, project, a, text, selected == Some(a.id), row_h, actions);
                }
            }
        });
    ui.separator();
    // Memos and documents scroll in what the panel has left (a project of
    // many documents ran past the window's bottom, out of reach).
    egui::ScrollArea::vertical().id_salt("memos and documents").auto_shrink([false, false]).show(ui, |ui| {
        memos_ui(ui, state, project, actions);
        ui.separator();
        documents_ui(ui, state, project, actions);
    });
}

fn filtered(project: &Project, state: &NotesState, tag_filter: Option<TagId>) -> Vec<AnnotationId> {
    let needle = state.text.to_lowercase();
    let mut list: Vec<&Annotation> = project
        .annotations()
        .filter(|a| tag_filter.is_none_or(|t| a.tags.contains(&t)))
        .filter(|a| state.scope.contains(project, a.doc))
        .filter(|a| {
            needle.is_empty()
                || a.note.to_lowercase().contains(&needle)
                || a.anchor.exact.to_lowercase().contains(&needle)
        })
        .collect();
    match state.sort {
        SortBy::Document => {
            let titles: std::collections::HashMap<DocId, &str> =
                project.documents().map(|d| (d.id, d.meta.title.as_str())).collect();
            list.sort_by_key(|a| (titles.get(&a.doc).copied(), a.anchor.range, a.id));
        }
        SortBy::Date => list.sort_by_key(|a| std::cmp::Reverse((a.created, a.id))),
    }
    list.into_iter().map(|a| a.id).collect()
}

fn list_row_ui(
    ui: &mut Ui,
    project: &Project,
    a: &Annotation,
    text: &RowText,
    is_sel: bool,
    row_h: f32,
    actions: &mut Vec<Action>,
) {
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), egui::Sense::click());
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(4.0)));
    // The row takes the click: its text is not selectable (a selectable
    // label would take the press for itself, and a click on the quote
    // would do nothing).
    child.style_mut().interaction.selectable_labels = false;
    if is_sel {
        ui.painter().rect_filled(rect, 4.0, ui.visuals().selection.bg_fill.gamma_multiply(0.35));
    } else if resp.hovered() {
        ui.painter().rect_filled(rect, 4.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    ui.painter().hline(rect.x_range(), rect.max.y - 0.5, ui.visuals().widgets.noninteractive.bg_stroke);
    super::bidi_line::truncated(&mut child, &text.quote, false, true);
    child.horizontal(|ui| {
        for t in a.tags.iter().filter_map(|t| project.codebook().get(*t)) {
            ui.label(super::theme::tag_name_text(ui, &t.name, t.color));
        }
        let format =
            egui::TextFormat::simple(egui::TextStyle::Small.resolve(ui.style()), ui.visuals().weak_text_color());
        let job = super::bidi_line::line_job(ui, &text.doc, &format, ui.available_width());
        ui.add(egui::Label::new(job).truncate());
    });
    if !a.note.is_empty() {
        child.add(egui::Label::new(&text.note).truncate());
    }
    let resp = if a.note.is_empty() { resp } else { resp.on_hover_ui(|ui| drop(ui.label(excerpt(&a.note, 300)))) };
    if resp.clicked() {
        actions.push(Action::Reveal(a.id));
    }
}

fn editor_ui(ui: &mut Ui, project: &Project, a: &Annotation, focus: bool, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Selected passage").strong());
    super::bidi_line::wrapped(ui, &quoted(&a.anchor.exact, 200), true, false);
    ui.horizontal_wrapped(|ui| {
        for t in a.tags.iter().filter_map(|t| project.codebook().get(*t)) {
            let chip = ui
                .button(super::theme::tag_name_text(ui, &format!("{} ×", t.name), t.color))
                .on_hover_text("Remove this tag");
            if chip.clicked() {
                let tid = t.id;
                if let Some(e) = project.update_annotation_edit(a.id, |x| {
                    x.tags.remove(&tid);
                }) {
                    actions.push(Action::Edit { edit: e, label: "Remove tag".into(), merge: None });
                }
            }
        }
        if ui.button("Tag…").on_hover_text("T").clicked() {
            actions.push(Action::Command(Command::TagPicker));
        }
        if ui.button("Delete").on_hover_text("Del").clicked() {
            actions.push(Action::Command(Command::DeleteAnnotation));
        }
    });
    let mut note = a.note.clone();
    let resp = ui.add(
        egui::TextEdit::multiline(&mut note)
            .hint_text("Note (N from the desk, Esc back)")
            .desired_rows(4)
            .desired_width(f32::INFINITY)
            .event_filter(super::WRITING_KEYS)
            .id_salt(("note", a.id)),
    );
    super::leave_on_esc(ui, &resp);
    if focus {
        resp.request_focus();
    }
    let resp = resp.on_hover_text("Note on this passage");
    if resp.changed()
        && let Some(e) = project.update_annotation_edit(a.id, |x| x.note = note)
    {
        actions.push(Action::Edit { edit: e, label: "Edit note".into(), merge: Some(format!("note {}", a.id)) });
    }
}

fn review_row_ui(ui: &mut Ui, project: &Project, a: &Annotation, has_selection: bool, actions: &mut Vec<Action>) {
    let doc = project.document(a.doc).map_or("?", |d| d.meta.title.as_str());
    ui.group(|ui| {
        ui.label(RichText::new(format!("{} · {}", a.status.as_str(), excerpt(doc, 30))).small().strong());
        super::bidi_line::wrapped(ui, &quoted(&a.anchor.exact, 120), true, false);
        if let Some(prev) = &a.previous_quote {
            ui.label(RichText::new(format!("was: {}", quoted(prev, 120))).small().weak());
        }
        if !a.note.is_empty() {
            ui.label(excerpt(&a.note, 120));
        }
        ui.horizontal(|ui| {
            if a.status != AnchorStatus::Orphaned && ui.button("Show").clicked() {
                actions.push(Action::Reveal(a.id));
            }
            if a.status != AnchorStatus::Orphaned && ui.button("Accept").on_hover_text("The passage is right").clicked()
            {
                actions.push(Action::Confirm(a.id));
            }
            let reattach = ui.add_enabled(has_selection, egui::Button::new("Re-attach to selection"));
            if reattach.on_disabled_hover_text("Select the passage in a pane first").clicked() {
                actions.push(Action::Reattach(a.id));
            }
            if ui.button("Delete").clicked() {
                actions.push(Action::Edit {
                    edit: project.delete_annotation_edit(a.id),
                    label: "Delete annotation".into(),
                    merge: None,
                });
            }
        });
    });
}

fn memos_ui(ui: &mut Ui, state: &mut NotesState, project: &Project, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Memos").strong());
        if ui.small_button("+").on_hover_text("New memo").clicked() {
            let m = Memo::new("Untitled memo", "");
            state.memo = Some(m.id);
            actions.push(Action::Edit { edit: Project::add_memo_edit(m), label: "New memo".into(), merge: None });
        }
    });
    for m in project.memos() {
        let open = state.memo == Some(m.id);
        if ui.selectable_label(open, &m.title).clicked() {
            state.memo = if open { None } else { Some(m.id) };
        }
        if open {
            let mut title = m.title.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut title).id_salt(("memo title", m.id)))
                .on_hover_text("Memo title")
                .changed()
                && let Some(e) = project.update_memo_edit(m.id, |x| x.title = title)
            {
                actions.push(Action::Edit {
                    edit: e,
                    label: "Edit memo".into(),
                    merge: Some(format!("memo title {}", m.id)),
                });
            }
            let mut text = m.text.clone();
            let r = ui.add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(5)
                    .desired_width(f32::INFINITY)
                    .event_filter(super::WRITING_KEYS)
                    .id_salt(("memo", m.id)),
            );
            super::leave_on_esc(ui, &r);
            if r.on_hover_text("Memo text").changed()
                && let Some(e) = project.update_memo_edit(m.id, |x| x.text = text)
            {
                actions.push(Action::Edit {
                    edit: e,
                    label: "Edit memo".into(),
                    merge: Some(format!("memo {}", m.id)),
                });
            }
            if ui.small_button("Delete memo").clicked() {
                actions.push(Action::Edit {
                    edit: Project::delete_memo_edit(m.id),
                    label: "Delete memo".into(),
                    merge: None,
                });
                state.memo = None;
            }
        }
    }
}

/// Picks one text field of a document record.
type DocField = fn(&mut crate::model::Document) -> &mut String;

/// Documents: title, outlet, author, date, URL and the user's notes on each.
fn documents_ui(ui: &mut Ui, state: &mut NotesState, project: &Project, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Documents").strong());
    let mut docs: Vec<_> = project.documents().collect();
    docs.sort_by(|a, b| a.meta.title.cmp(&b.meta.title));
    for d in docs {
        let open = state.document == Some(d.id);
        // The button first, at the right; the title takes what is left,
        // cut with an ellipsis (full title and path on hover). One row
        // high: a bare right-to-left layout would take the panel's height.
        let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
        ui.allocate_ui_with_layout(row, egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Show").on_hover_text("Open in a pane").clicked() {
                actions.push(Action::ShowDocument(d.id));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let text = super::bidi_line::fitted(ui, &d.meta.title, false, false, ui.available_width() - 8.0)
                    .unwrap_or_else(|| d.meta.title.as_str().into());
                let title = egui::Button::selectable(open, text).truncate();
                if ui.add(title).on_hover_text(format!("{}\n{}", d.meta.title, d.path)).clicked() {
                    state.document = if open { None } else { Some(d.id) };
                }
            });
        });
        if !open {
            continue;
        }
        let fields: [(&str, DocField); 5] = [
            ("Title", |d| &mut d.meta.title),
            ("Outlet or source", |d| &mut d.meta.source),
            ("Author", |d| &mut d.meta.author),
            ("Date", |d| &mut d.meta.date),
            ("URL", |d| &mut d.meta.url),
        ];
        egui::Grid::new(("doc meta", d.id)).num_columns(2).show(ui, |ui| {
            for (label, field) in fields {
                let label_id = ui.label(label).id;
                let mut copy = d.clone();
                let resp = ui
                    .add(egui::TextEdit::singleline(field(&mut copy)).hint_text(label).desired_width(220.0))
                    .labelled_by(label_id);
                if resp.changed() {
                    let value = field(&mut copy).clone();
                    if let Some(e) = project.update_document_edit(d.id, |x| *field(x) = value) {
                        actions.push(Action::Edit {
                            edit: e,
                            label: format!("Edit {}", label.to_lowercase()),
                            merge: Some(format!("{label} {}", d.id)),
                        });
                    }
                }
                ui.end_row();
            }
        });
        let mut note = d.note.clone();
        let r = ui.add(
            egui::TextEdit::multiline(&mut note)
                .hint_text("Notes on this document")
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .event_filter(super::WRITING_KEYS)
                .id_salt(("doc note", d.id)),
        );
        super::leave_on_esc(ui, &r);
        if r.changed()
            && let Some(e) = project.update_document_edit(d.id, |x| x.note = note)
        {
            actions.push(Action::Edit {
                edit: e,
                label: "Edit document note".into(),
                merge: Some(format!("doc note {}", d.id)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{excerpt, quoted};

    #[test]
    fn excerpt_joins_lines_and_cuts_with_an_ellipsis() {
        assert_eq!(excerpt("  one\n two\tthree ", 50), "one two three", "whitespace collapsed");
        assert_eq!(excerpt("one two three", 7), "one two…", "cut at a space");
        assert_eq!(excerpt("one two three", 5), "one t…", "cut inside a word");
        assert_eq!(excerpt("héllo", 5), "héllo", "exactly n chars: no ellipsis");
        assert_eq!(excerpt("", 5), "", "empty");
    }

    #[test]
    fn quoted_passages_are_not_quoted_twice() {
        assert_eq!(quoted("\"at least three months\"", 50), "“at least three months”", "straight quotes");
        assert_eq!(quoted("“Nobody came.” ", 50), "“Nobody came.”", "curly quotes and space");
        assert_eq!(quoted("the workers' canteen", 50), "“the workers' canteen”", "apostrophes kept");
        assert_eq!(quoted("\"", 50), "“”", "only a quotation mark");
    }
}
