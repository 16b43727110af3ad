//! The Documents table: every document of the project with its title,
//! outlet, author, date, words, passages coded, review state and a small
//! coverage bar; sorted by any column, filtered, grouped by folder, outlet
//! or date; several selected (Ctrl/Shift+click) to open side by side, to
//! get an outlet, author or date in one undoable step, or to be removed.
//!
//! Rows have one height, so only those in view are built: a thousand
//! documents cost what ten do.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use egui::{Color32, RichText, ScrollArea, Sense, Ui, vec2};

use super::notes::excerpt;
use crate::analysis::retrieve::doc_date;
use crate::command::{Action, Command};
use crate::model::{AnchorStatus, DocId, Edit, Project, Scope};

/// A column of the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Column {
    /// Title.
    #[default]
    Title,
    /// Outlet.
    Outlet,
    /// Author.
    Author,
    /// Date.
    Date,
    /// Words.
    Words,
    /// Passages coded.
    Passages,
    /// Passages needing review.
    Review,
    /// Share of the text coded.
    Coverage,
    /// When a fetched page was fetched (its version).
    Fetched,
}

const COLUMNS: [(Column, &str, f32); 9] = [
    (Column::Title, "Title", 320.0),
    (Column::Outlet, "Outlet", 150.0),
    (Column::Author, "Author", 130.0),
    (Column::Date, "Date", 100.0),
    (Column::Words, "Words", 70.0),
    (Column::Passages, "Passages", 70.0),
    (Column::Review, "Review", 70.0),
    (Column::Coverage, "Coded", 90.0),
    (Column::Fetched, "Fetched", 140.0),
];

/// How rows are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// One list.
    #[default]
    None,
    /// By the folder of the source file.
    Folder,
    /// By outlet.
    Outlet,
    /// By day of the document's date.
    Day,
    /// By ISO week.
    Week,
    /// By month.
    Month,
}

/// What one row shows.
#[derive(Clone, Debug)]
pub struct Row {
    /// The document.
    pub doc: DocId,
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: String,
    /// Author.
    pub author: String,
    /// Date as written.
    pub date_text: String,
    /// When a fetched page was fetched; empty for files.
    pub fetched: String,
    /// Date as read.
    pub date: Option<NaiveDate>,
    /// Folder of the source.
    pub folder: String,
    /// Words (when the text is loaded).
    pub words: Option<usize>,
    /// Passages.
    pub passages: usize,
    /// Passages that need review or are orphaned.
    pub review: usize,
    /// Share of the text inside a passage (0..=1).
    pub coverage: f32,
}

/// State of the table.
#[derive(Default)]
pub struct DocumentsState {
    /// Filter words (title, outlet, author, path).
    pub filter: String,
    /// Sort column.
    pub sort: Column,
    /// Reverse order.
    pub descending: bool,
    /// Grouping.
    pub grouping: Grouping,
    /// Selected documents.
    pub selected: BTreeSet<DocId>,
    anchor: Option<DocId>,
    /// Bulk metadata fields.
    pub set_outlet: String,
    /// Bulk author.
    pub set_author: String,
    /// Bulk date.
    pub set_date: String,
    /// Removal asked, waiting for confirmation.
    pub confirm_remove: bool,
    /// Which documents are listed: all, or a document set.
    pub show: Scope,
    /// The set controls' typing.
    pub sets: super::sets::SetsDraft,
    cache: Option<(u64, usize, Vec<Row>)>,
    /// The rows shown, as positions in the cached rows, and what they were
    /// sorted and filtered for: sorting a thousand rows is not every frame's work.
    order: Option<(OrderKey, Vec<usize>)>,
}

/// What the shown order depends on: rows (generation, texts loaded),
/// filter, sort column and direction, and the set shown.
type OrderKey = (u64, usize, String, Column, bool, Scope);

/// Rows for every document; `words` gives a loaded document's word count.
pub fn rows(project: &Project, words: &dyn Fn(DocId) -> Option<usize>) -> Vec<Row> {
    // Per document: passages, passages to review, their char spans.
    type Tally = (usize, usize, Vec<(usize, usize)>);
    let mut per: BTreeMap<DocId, Tally> = BTreeMap::new();
    for a in project.annotations() {
        let e = per.entry(a.doc).or_default();
        e.0 += 1;
        if matches!(a.status, AnchorStatus::NeedsReview | AnchorStatus::Orphaned) {
            e.1 += 1;
        }
        e.2.push((a.anchor.range.start.0, a.anchor.range.end.0));
    }
    project
        .documents()
        .map(|d| {
            let (passages, review, mut spans) = per.remove(&d.id).unwrap_or_default();
            spans.sort_unstable();
            let mut covered = 0;
            let mut cur: Option<(usize, usize)> = None;
            for (s, e) in spans {
                match cur {
                    Some((cs, ce)) if s <= ce => cur = Some((cs, ce.max(e))),
                    Some((cs, ce)) => {
                        covered += ce - cs;
                        cur = Some((s, e));
                    }
                    None => cur = Some((s, e)),
                }
            }
            if let Some((cs, ce)) = cur {
                covered += ce - cs;
            }
            #[allow(clippy::cast_precision_loss)] // a share for a bar
            let coverage = if d.char_len == 0 { 0.0 } else { (covered as f32 / d.char_len as f32).min(1.0) };
            let folder = d.path.rsplit_once('/').map_or_else(String::new, |(f, _)| f.to_owned());
            Row {
                doc: d.id,
                title: d.meta.title.clone(),
                outlet: d.meta.source.clone(),
                author: d.meta.author.clone(),
                date_text: d.meta.date.clone(),
                fetched: d.version().unwrap_or_default(),
                date: doc_date(d),
                folder,
                words: words(d.id),
                passages,
                review,
                coverage,
            }
        })
        .collect()
}

/// The rows shown: filtered by every word of `filter`, sorted.
pub fn shown<'r>(all: &'r [Row], filter: &str, sort: Column, descending: bool) -> Vec<&'r Row> {
    shown_indices(all, filter, sort, descending).into_iter().map(|i| &all[i]).collect()
}

/// [`shown`], as positions in `all` (what the table keeps between frames).
fn shown_indices(all: &[Row], filter: &str, sort: Column, descending: bool) -> Vec<usize> {
    let words: Vec<String> =
        crate::analysis::search::fold(&filter.to_lowercase()).split_whitespace().map(str::to_owned).collect();
    let mut v: Vec<usize> = (0..all.len())
        .filter(|&i| {
            let r = &all[i];
            if words.is_empty() {
                return true;
            }
            let hay = crate::analysis::search::fold(
                &format!("{} {} {} {} {}", r.title, r.outlet, r.author, r.folder, r.date_text).to_lowercase(),
            );
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect();
    let by_text = |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase());
    v.sort_by(|&a, &b| {
        let (a, b) = (&all[a], &all[b]);
        let o = match sort {
            Column::Title => by_text(&a.title, &b.title),
            Column::Outlet => by_text(&a.outlet, &b.outlet),
            Column::Author => by_text(&a.author, &b.author),
            Column::Date => (a.date.is_none(), a.date).cmp(&(b.date.is_none(), b.date)),
            Column::Words => a.words.cmp(&b.words),
            Column::Passages => a.passages.cmp(&b.passages),
            Column::Review => a.review.cmp(&b.review),
            Column::Coverage => a.coverage.total_cmp(&b.coverage),
            Column::Fetched => (a.fetched.is_empty(), &a.fetched).cmp(&(b.fetched.is_empty(), &b.fetched)),
        };
        o.then_with(|| by_text(&a.title, &b.title))
    });
    if descending {
        v.reverse();
    }
    v
}

/// The group a row falls in.
pub fn group_of(r: &Row, g: Grouping) -> String {
    let undated = || "undated".to_owned();
    match g {
        Grouping::None => String::new(),
        Grouping::Folder => {
            if r.folder.is_empty() {
                "(project folder)".into()
            } else {
                r.folder.clone()
            }
        }
        Grouping::Outlet => {
            if r.outlet.is_empty() {
                "(no outlet)".into()
            } else {
                r.outlet.clone()
            }
        }
        Grouping::Day => r.date.map_or_else(undated, |d| d.to_string()),
        Grouping::Week => r.date.map_or_else(undated, |d| {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }),
        Grouping::Month => r.date.map_or_else(undated, |d| format!("{}-{:02}", d.year(), d.month())),
    }
}

/// One line of the table: a group header or a row.
enum Line<'r> {
    Group(String, usize),
    Row(&'r Row),
}

fn lines<'r>(rows: &[&'r Row], g: Grouping) -> Vec<Line<'r>> {
    if g == Grouping::None {
        return rows.iter().map(|r| Line::Row(r)).collect();
    }
    let mut groups: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        groups.entry(group_of(r, g)).or_default().push(r);
    }
    let mut out = Vec::new();
    for (name, members) in groups {
        out.push(Line::Group(name, members.len()));
        out.extend(members.into_iter().map(Line::Row));
    }
    out
}

/// Draw the table. `generation` and `loaded` key the row cache.
#[allow(clippy::too_many_lines)] // header, rows and clicks share the column layout
pub fn documents_ui(
    ui: &mut Ui,
    state: &mut DocumentsState,
    project: &Project,
    generation: u64,
    loaded: usize,
    words: &dyn Fn(DocId) -> Option<usize>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    if state.cache.as_ref().is_none_or(|(g, l, _)| *g != generation || *l != loaded) {
        state.cache = Some((generation, loaded, rows(project, words)));
    }
    state.selected.retain(|d| project.document(*d).is_some());
    ui.horizontal(|ui| {
        ui.heading("Documents");
        let l = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("title, outlet, author, folder")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        ui.separator();
        ui.label("Group:");
        for (g, name) in [
            (Grouping::None, "none"),
            (Grouping::Folder, "folder"),
            (Grouping::Outlet, "outlet"),
            (Grouping::Day, "day"),
            (Grouping::Week, "week"),
            (Grouping::Month, "month"),
        ] {
            ui.selectable_value(&mut state.grouping, g, name);
        }
        ui.separator();
        // A set just made is shown (once its edit is in the project).
        if let Some(id) = state.sets.made.filter(|id| project.set(*id).is_some()) {
            state.sets.made = None;
            state.show = Scope::Set(id);
        }
        if super::sets::scope_combo(ui, "Show:", project, &mut state.show, false) {
            state.sets.said = None;
            // Bulk actions apply to what is listed.
            let show = state.show;
            state.selected.retain(|d| show.contains(project, *d));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
                actions.push(Action::Command(Command::Back));
            }
        });
    });
    if matches!(state.show, Scope::Set(_)) {
        ui.horizontal_wrapped(|ui| super::sets::manage_ui(ui, &mut state.sets, project, state.show, &mut actions));
    }
    // The rows leave the state while drawn (the state is changed by clicks).
    let Some((cached_gen, cached_loaded, all)) = state.cache.take() else { return actions };
    let key = (cached_gen, cached_loaded, state.filter.clone(), state.sort, state.descending, state.show);
    if state.order.as_ref().is_none_or(|(k, _)| *k != key) {
        let mut order = shown_indices(&all, &state.filter, state.sort, state.descending);
        order.retain(|&i| state.show.contains(project, all[i].doc));
        state.order = Some((key, order));
    }
    let shown: Vec<&Row> = state.order.as_ref().map(|(_, o)| o.iter().map(|&i| &all[i]).collect()).unwrap_or_default();
    let lines = lines(&shown, state.grouping);
    // Rows in the order shown (groups included): Shift+click ranges follow it.
    let order: Vec<DocId> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Row(r) => Some(r.doc),
            Line::Group(..) => None,
        })
        .collect();
    // What to do with the selection sits below the table, so that rows
    // never move under the pointer when it appears or grows.
    egui::Panel::bottom("documents selection bar").resizable(false).show(ui, |ui| {
        ui.add_space(4.0);
        selection_bar(ui, state, project, &order, &mut actions);
    });
    // The title column takes the room the others leave.
    let fixed: f32 = COLUMNS.iter().map(|c| c.2).sum();
    let title_w = COLUMNS[0].2 + (ui.available_width() - fixed - 24.0).max(0.0);
    let columns: Vec<(Column, &str, f32)> =
        COLUMNS.iter().map(|&(c, n, w)| (c, n, if c == Column::Title { title_w } else { w })).collect();
    // Header: click to sort.
    ui.horizontal(|ui| {
        // The same x positions as the cells below.
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.add_space(2.0);
        for &(c, name, w) in &columns {
            let mark = if state.sort == c { if state.descending { " v" } else { " ^" } } else { "" };
            let r =
                ui.add_sized(vec2(w - 6.0, 20.0), egui::Button::selectable(state.sort == c, format!("{name}{mark}")));
            ui.add_space(6.0);
            if r.clicked() {
                if state.sort == c {
                    state.descending = !state.descending;
                } else {
                    state.sort = c;
                    state.descending =
                        matches!(c, Column::Words | Column::Passages | Column::Review | Column::Coverage);
                }
            }
        }
    });
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let mut clicked: Option<(DocId, egui::Modifiers, bool)> = None;
    ScrollArea::vertical().id_salt("documents table").auto_shrink([false, false]).show_rows(
        ui,
        row_h,
        lines.len(),
        |ui, range| {
            for line in &lines[range] {
                match line {
                    Line::Group(name, n) => {
                        ui.horizontal(|ui| {
                            ui.set_height(row_h);
                            ui.add_space(8.0);
                            ui.label(RichText::new(format!("{name} ({n})")).strong());
                        });
                    }
                    Line::Row(r) => {
                        let selected = state.selected.contains(&r.doc);
                        let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), row_h), Sense::click());
                        if selected {
                            ui.painter().rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
                        } else if resp.hovered() {
                            ui.painter().rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
                        }
                        let mut x = rect.left() + 8.0;
                        let text =
                            if selected { ui.visuals().selection.stroke.color } else { ui.visuals().text_color() };
                        let font = egui::TextStyle::Body.resolve(ui.style());
                        for &(c, _, w) in &columns {
                            let cell = egui::Rect::from_min_size(egui::pos2(x, rect.top()), vec2(w - 6.0, row_h));
                            let s = match c {
                                Column::Title => r.title.clone(),
                                Column::Outlet => r.outlet.clone(),
                                Column::Author => r.author.clone(),
                                Column::Date => r.date.map_or_else(|| excerpt(&r.date_text, 14), |d| d.to_string()),
                                Column::Fetched => r.fetched.trim_end_matches(" UTC").to_owned(),
                                Column::Words => r.words.map_or_else(|| "…".into(), |n| n.to_string()),
                                Column::Passages => r.passages.to_string(),
                                Column::Review => {
                                    if r.review > 0 {
                                        r.review.to_string()
                                    } else {
                                        String::new()
                                    }
                                }
                                Column::Coverage => {
                                    let bar = egui::Rect::from_min_size(
                                        cell.left_center() - vec2(0.0, 4.0),
                                        vec2(cell.width() * 0.7, 8.0),
                                    );
                                    ui.painter().rect_filled(bar, 2.0, ui.visuals().extreme_bg_color);
                                    let mut fill = bar;
                                    fill.set_width(bar.width() * r.coverage);
                                    ui.painter().rect_filled(fill, 2.0, Color32::from_rgb(86, 180, 233));
                                    format!("{:.0}%", r.coverage * 100.0)
                                }
                            };
                            let align = if c == Column::Coverage {
                                egui::Align2::RIGHT_CENTER
                            } else {
                                egui::Align2::LEFT_CENTER
                            };
                            // Cut to the cell's width with "…" (a cut by
                            // characters ran wide names in capitals past it).
                            let job = super::bidi_line::line_job(
                                ui,
                                &s,
                                &egui::text::TextFormat::simple(font.clone(), text),
                                cell.width(),
                            );
                            let galley = ui.fonts_mut(|f| f.layout_job(job));
                            let at = if c == Column::Coverage { cell.right_center() } else { cell.left_center() };
                            let at = align
                                .align_size_within_rect(
                                    galley.size(),
                                    egui::Rect::from_center_size(at, egui::Vec2::ZERO),
                                )
                                .min;
                            ui.painter().with_clip_rect(cell).galley(at, galley, text);
                            x += w;
                        }
                        if resp.clicked() {
                            clicked = Some((r.doc, ui.input(|i| i.modifiers), false));
                        }
                        if resp.double_clicked() {
                            clicked = Some((r.doc, egui::Modifiers::NONE, true));
                        }
                        resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Row, true, selected, &r.title));
                        super::theme::focus_ring(ui, &resp);
                        resp.on_hover_text(&r.title);
                    }
                }
            }
        },
    );
    if let Some((doc, m, double)) = clicked {
        if double {
            actions.push(Action::Command(Command::Back));
            actions.push(Action::ShowDocument(doc));
        } else {
            select(state, &order, doc, m);
        }
    }
    drop(lines);
    drop(shown);
    state.cache = Some((cached_gen, cached_loaded, all));
    actions
}

/// Click selection: plain selects one, Ctrl toggles, Shift extends from the
/// last click in the order shown.
pub fn select(state: &mut DocumentsState, order: &[DocId], doc: DocId, m: egui::Modifiers) {
    if m.shift
        && let Some(a) = state.anchor
        && let (Some(i), Some(j)) = (order.iter().position(|d| *d == a), order.iter().position(|d| *d == doc))
    {
        let (lo, hi) = (i.min(j), i.max(j));
        if !m.command {
            state.selected.clear();
        }
        state.selected.extend(&order[lo..=hi]);
        return;
    }
    if m.command {
        if !state.selected.remove(&doc) {
            state.selected.insert(doc);
        }
    } else {
        state.selected.clear();
        state.selected.insert(doc);
    }
    state.anchor = Some(doc);
}

fn selection_bar(
    ui: &mut Ui,
    state: &mut DocumentsState,
    project: &Project,
    order: &[DocId],
    actions: &mut Vec<Action>,
) {
    let n = state.selected.len();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{} of {} document(s) shown · {n} selected", order.len(), project.documents().count()));
        if ui.small_button("Select all shown").clicked() {
            state.selected.extend(order.iter().copied());
        }
        if n == 0 {
            ui.label(
                RichText::new("Click a row to select it (Ctrl or Shift for several); double-click opens it.").weak(),
            );
            return;
        }
        if ui.button("Open side by side").clicked() {
            actions.push(Action::Command(Command::Back));
            for d in order.iter().filter(|d| state.selected.contains(d)) {
                actions.push(Action::ShowDocument(*d));
            }
        }
        if n >= 2
            && ui
                .button("Synopsis")
                .on_hover_text("The selected documents aligned sentence by sentence, in the table's order")
                .clicked()
        {
            actions.push(Action::SynopsisOf(order.iter().copied().filter(|d| state.selected.contains(d)).collect()));
        }
        ui.separator();
        for (label, field) in
            [("Outlet", &mut state.set_outlet), ("Author", &mut state.set_author), ("Date", &mut state.set_date)]
        {
            let l = ui.label(label);
            ui.add(egui::TextEdit::singleline(field).desired_width(110.0)).labelled_by(l.id);
        }
        let any = [&state.set_outlet, &state.set_author, &state.set_date].iter().any(|s| !s.trim().is_empty());
        if ui
            .add_enabled(any, egui::Button::new(format!("Set for {n}")))
            .on_hover_text("Empty fields are left as they are")
            .clicked()
        {
            let (o, a, d) = (
                state.set_outlet.trim().to_owned(),
                state.set_author.trim().to_owned(),
                state.set_date.trim().to_owned(),
            );
            let edits: Vec<Edit> = state
                .selected
                .iter()
                .filter_map(|id| {
                    project.update_document_edit(*id, |doc| {
                        if !o.is_empty() {
                            doc.meta.source.clone_from(&o);
                        }
                        if !a.is_empty() {
                            doc.meta.author.clone_from(&a);
                        }
                        if !d.is_empty() {
                            doc.meta.date.clone_from(&d);
                        }
                    })
                })
                .collect();
            actions.push(Action::Edit {
                edit: Edit::Batch(edits),
                label: format!("Set metadata of {n} document(s)"),
                merge: None,
            });
        }
        ui.separator();
        super::sets::membership_ui(ui, &mut state.sets, project, state.show, &state.selected, actions);
        ui.separator();
        if state.confirm_remove {
            let passages = project.annotations().filter(|a| state.selected.contains(&a.doc)).count();
            // The question starts a line of its own (it would otherwise
            // wrap from wherever the row of buttons ended).
            ui.end_row();
            ui.label(
                RichText::new(format!(
                    "Remove {n} document(s) and their {passages} passage(s)? (Undo brings them back.)"
                ))
                .color(Color32::from_rgb(200, 60, 60)),
            );
            if ui.button("Remove").clicked() {
                actions.push(Action::Edit {
                    edit: project.remove_documents_edit(&state.selected),
                    label: format!("Remove {n} document(s)"),
                    merge: None,
                });
                state.selected.clear();
                state.confirm_remove = false;
            }
            if ui.button("Keep them").clicked() {
                state.confirm_remove = false;
            }
        } else if ui.button(format!("Remove {n}…")).clicked() {
            state.confirm_remove = true;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, Annotation, CharRange, Document};

    fn project() -> (Project, Vec<DocId>) {
        let mut p = Project::new();
        let mut ids = Vec::new();
        for (path, title, outlet, date, len) in [
            ("a/1.txt", "Zeta", "Herald", "2026-03-02", 100),
            ("b/2.txt", "alpha", "Gazette", "2026-03-10", 200),
            ("b/3.txt", "Beta", "", "", 50),
        ] {
            let mut d = Document::new(path);
            d.meta.title = title.into();
            d.meta.source = outlet.into();
            d.meta.date = date.into();
            d.char_len = len;
            ids.push(d.id);
            p.apply(Project::add_document_edit(d)).expect("doc");
        }
        for (s, e) in [(0, 10), (5, 20), (50, 60)] {
            let a = Annotation::new(ids[0], Anchor { range: CharRange::new(s, e), ..Anchor::default() });
            p.apply(Project::add_annotation_edit(a)).expect("a");
        }
        (p, ids)
    }

    #[test]
    fn rows_count_coverage_and_sort() {
        let (p, ids) = project();
        let all = rows(&p, &|_| Some(7));
        let zeta = all.iter().find(|r| r.doc == ids[0]).expect("row");
        assert_eq!(zeta.passages, 3);
        assert!((zeta.coverage - 0.30).abs() < 1e-6, "0..20 and 50..60 of 100: {}", zeta.coverage);
        let titles = |v: Vec<&Row>| v.iter().map(|r| r.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(shown(&all, "", Column::Title, false)), ["alpha", "Beta", "Zeta"], "any case");
        assert_eq!(titles(shown(&all, "", Column::Date, false)), ["Zeta", "alpha", "Beta"], "undated last");
        assert_eq!(titles(shown(&all, "", Column::Passages, true)), ["Zeta", "Beta", "alpha"]);
        assert_eq!(titles(shown(&all, "gazette", Column::Title, false)), ["alpha"], "filter by outlet");
        let row = |i: usize| all.iter().find(|r| r.doc == ids[i]).expect("row");
        assert_eq!(group_of(row(1), Grouping::Week), "2026-W11");
        assert_eq!(group_of(row(2), Grouping::Folder), "b");
        assert_eq!(group_of(row(2), Grouping::Month), "undated");
    }

    #[test]
    fn ctrl_and_shift_selection() {
        let (_, ids) = project();
        let mut st = DocumentsState::default();
        select(&mut st, &ids, ids[0], egui::Modifiers::NONE);
        select(&mut st, &ids, ids[2], egui::Modifiers::SHIFT);
        assert_eq!(st.selected.len(), 3, "a range");
        select(&mut st, &ids, ids[1], egui::Modifiers::COMMAND);
        assert_eq!(st.selected.len(), 2, "Ctrl toggles one off");
        select(&mut st, &ids, ids[1], egui::Modifiers::NONE);
        assert_eq!(st.selected.iter().copied().collect::<Vec<_>>(), [ids[1]]);
    }
}
