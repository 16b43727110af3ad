//! The matrix view: documents × tags as a heatmap (passages, share of the
//! text coded, or presence), rows sorted and grouped by outlet or month;
//! tag × tag co-occurrence; a bar chart per document or outlet and a
//! timeline by document date. Every cell and bar retrieves its passages.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use egui::{Align2, Color32, FontId, Rect, RichText, ScrollArea, Sense, Stroke, Ui, vec2};

use super::notes::excerpt;
use super::theme::tag_color;
use crate::analysis::retrieve::{doc_date, outlet};
use crate::analysis::stats::{self, Cooccurrence, Matrix, Near};
use crate::command::{Action, Command, RetrieveRequest};
use crate::model::{DocId, Project, Scope, TagId};

const CELL_W: f32 = 64.0;
const CELL_H: f32 = 22.0;
const ROW_HEAD: f32 = 240.0;
const COL_HEAD: f32 = 26.0;

/// Which picture the view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// Documents × tags.
    #[default]
    Coverage,
    /// Tags × tags.
    Cooccurrence,
    /// Bars per document or outlet.
    Chart,
    /// Passages by document date.
    Timeline,
}

/// What a coverage cell shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Number of passages.
    #[default]
    Count,
    /// Share of the document's text inside passages with the tag.
    Share,
    /// Whether the tag is used at all.
    Presence,
}

/// How rows are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// No groups.
    #[default]
    None,
    /// By outlet, each group with a total row.
    Outlet,
    /// By month of the document's date.
    Month,
}

/// How rows are sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// By title.
    #[default]
    Title,
    /// By document date (undated last).
    Date,
    /// By the number in one tag's column.
    Tag(usize),
}

/// A document row, with what sorting and grouping need.
#[derive(Clone, Debug)]
struct RowInfo {
    row: usize,
    doc: DocId,
    title: String,
    outlet: String,
    date: Option<NaiveDate>,
}

/// One line of the heatmap: a group total or a document.
enum Line {
    Group(String, Vec<usize>),
    Doc(usize),
}

/// State of the matrix view.
#[derive(Default)]
pub struct MatrixView {
    /// The picture shown.
    pub tab: Tab,
    /// What coverage cells show.
    pub measure: Measure,
    /// Row groups.
    pub grouping: Grouping,
    /// Row order.
    pub sort: SortBy,
    /// Reverse the order.
    pub descending: bool,
    /// Co-occurrence closeness.
    pub near: Near,
    /// The bar chart per outlet (else per document).
    pub chart_by_outlet: bool,
    /// Which documents are counted (all, or a document set).
    pub scope: Scope,
    /// The counts.
    pub matrix: Matrix,
    /// Tag × tag counts.
    pub cooccurrence: Cooccurrence,
    rows: Vec<RowInfo>,
    /// The project generation and scope `matrix` and `rows` were counted for.
    key: Option<(u64, Scope)>,
    /// What `cooccurrence` was counted for (only while its tab is shown:
    /// it costs as much as the matrix).
    co_key: Option<(u64, Near, Scope)>,
    /// Where the documents × tags grid was drawn last frame.
    grid: Option<Rect>,
}

impl MatrixView {
    /// Count again when the project or the co-occurrence setting changed.
    pub fn refresh(&mut self, project: &Project, generation: u64, para: &dyn Fn(DocId, usize) -> Option<usize>) {
        self.scope = self.scope.valid(project);
        if self.key != Some((generation, self.scope)) {
            self.matrix = stats::matrix_of(project, self.scope);
            self.rows = self
                .matrix
                .docs
                .iter()
                .enumerate()
                .filter_map(|(row, id)| {
                    let d = project.document(*id)?;
                    Some(RowInfo {
                        row,
                        doc: *id,
                        title: d.meta.title.clone(),
                        outlet: outlet(d).to_owned(),
                        date: doc_date(d),
                    })
                })
                .collect();
            self.key = Some((generation, self.scope));
        }
        let co_key = (generation, self.near, self.scope);
        if self.tab == Tab::Cooccurrence && self.co_key != Some(co_key) {
            self.cooccurrence = stats::cooccurrence(project, self.scope, self.near, para);
            self.co_key = Some(co_key);
        }
    }

    /// The centre of the cell for `doc` and `tag` as drawn last frame (for
    /// tests and tools that click it).
    pub fn cell_center(&self, doc: DocId, tag: TagId) -> Option<egui::Pos2> {
        let grid = self.grid?;
        let col = self.matrix.tags.iter().position(|t| *t == tag)?;
        let row = self.matrix.docs.iter().position(|d| *d == doc)?;
        let line = self.lines().iter().position(|l| matches!(l, Line::Doc(r) if *r == row))?;
        #[allow(clippy::cast_precision_loss)] // grid positions on screen
        Some(grid.min + vec2(ROW_HEAD + CELL_W * (col as f32 + 0.5), COL_HEAD + CELL_H * (line as f32 + 0.5)))
    }

    fn value(&self, row: usize, col: usize) -> f32 {
        let n = self.matrix.counts[row][col];
        #[allow(clippy::cast_precision_loss)] // counts shown, not summed
        match self.measure {
            Measure::Count => n as f32,
            Measure::Share => self.matrix.share(row, col),
            Measure::Presence => f32::from(u8::from(n > 0)),
        }
    }

    /// Rows in display order, with group lines.
    fn lines(&self) -> Vec<Line> {
        let mut rows: Vec<&RowInfo> = self.rows.iter().collect();
        match self.sort {
            SortBy::Title => rows.sort_by(|a, b| a.title.cmp(&b.title)),
            SortBy::Date => rows.sort_by_key(|r| (r.date.is_none(), r.date)),
            SortBy::Tag(c) => rows.sort_by(|a, b| {
                let (x, y) = (self.value(a.row, c), self.value(b.row, c));
                x.total_cmp(&y).then_with(|| a.title.cmp(&b.title))
            }),
        }
        if self.descending {
            rows.reverse();
        }
        let key = |r: &RowInfo| match self.grouping {
            Grouping::None => String::new(),
            Grouping::Outlet => r.outlet.clone(),
            Grouping::Month => {
                r.date.map_or_else(|| "undated".to_owned(), |d| format!("{}-{:02}", d.year(), d.month()))
            }
        };
        if self.grouping == Grouping::None {
            return rows.iter().map(|r| Line::Doc(r.row)).collect();
        }
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for r in &rows {
            groups.entry(key(r)).or_default().push(r.row);
        }
        let mut out = Vec::new();
        for (name, members) in groups {
            out.push(Line::Group(name, members.clone()));
            out.extend(members.into_iter().map(Line::Doc));
        }
        out
    }
}

/// Draw the view; returns actions for the app.
pub fn matrix_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Matrix");
        ui.selectable_value(&mut view.tab, Tab::Coverage, "Documents × tags");
        ui.selectable_value(&mut view.tab, Tab::Cooccurrence, "Tags × tags");
        ui.selectable_value(&mut view.tab, Tab::Chart, "Bar chart");
        ui.selectable_value(&mut view.tab, Tab::Timeline, "Timeline");
        ui.separator();
        if super::sets::scope_combo(ui, "Documents:", project, &mut view.scope, false) {
            // Counted again at the start of the next frame.
            ui.ctx().request_repaint();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
                actions.push(Action::Command(Command::Back));
            }
            if ui.button("Retrieve").on_hover_text("Ctrl+R").clicked() {
                actions.push(Action::Command(Command::Retrieve));
            }
        });
    });
    ui.separator();
    if view.matrix.docs.is_empty() && view.scope != Scope::All {
        ui.label("This document set is empty: add documents to it in the Documents table (Ctrl+K).");
        return actions;
    }
    if view.matrix.tags.is_empty() || view.matrix.docs.is_empty() {
        ui.label("Add documents and tags, and code some passages: the matrix counts them here.");
        return actions;
    }
    view.grid = None;
    match view.tab {
        Tab::Coverage => coverage_ui(ui, view, project, &mut actions),
        Tab::Cooccurrence => cooccurrence_ui(ui, view, project, &mut actions),
        Tab::Chart => chart_ui(ui, view, project, &mut actions),
        Tab::Timeline => timeline_ui(ui, view, project, &mut actions),
    }
    actions
}

/// Heat colour for `t` in 0..=1, from the panel's background to the
/// selection colour of the theme.
fn heat(ui: &Ui, t: f32) -> Color32 {
    let lo = ui.visuals().extreme_bg_color;
    let hi = ui.visuals().selection.bg_fill;
    lo.lerp_to_gamma(hi, t.clamp(0.0, 1.0))
}

/// The grid cell (or bar) index for a coordinate already divided by the
/// cell size; `None` left of or above the first.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked: finite and not negative
fn index(v: f64) -> Option<usize> {
    (v.is_finite() && v >= 0.0).then(|| v.floor() as usize)
}

fn tag_name(project: &Project, t: TagId) -> String {
    project.codebook().get(t).map_or_else(|| "?".to_owned(), |t| t.name.clone())
}

#[allow(clippy::too_many_lines)] // the grid's painting and its clicks share its geometry
fn coverage_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label("Cells:");
        ui.selectable_value(&mut view.measure, Measure::Count, "passages");
        ui.selectable_value(&mut view.measure, Measure::Share, "share of text coded");
        ui.selectable_value(&mut view.measure, Measure::Presence, "used or not");
        ui.separator();
        ui.label("Group rows:");
        ui.selectable_value(&mut view.grouping, Grouping::None, "none");
        ui.selectable_value(&mut view.grouping, Grouping::Outlet, "by outlet");
        ui.selectable_value(&mut view.grouping, Grouping::Month, "by month");
        ui.separator();
        ui.label("Sort:");
        if ui.selectable_label(view.sort == SortBy::Title, "title").clicked() {
            view.sort = SortBy::Title;
        }
        if ui.selectable_label(view.sort == SortBy::Date, "date").clicked() {
            view.sort = SortBy::Date;
        }
        ui.checkbox(&mut view.descending, "descending");
    });
    ui.label(RichText::new("Click a column's name to sort by it, a cell to read its passages.").small().weak());
    let lines = view.lines();
    let ncols = view.matrix.tags.len();
    let max = (0..view.matrix.docs.len())
        .flat_map(|r| (0..ncols).map(move |c| (r, c)))
        .map(|(r, c)| view.value(r, c))
        .fold(0.0_f32, f32::max)
        .max(f32::EPSILON);
    #[allow(clippy::cast_precision_loss)] // sizes of a grid on screen
    let size = vec2(ROW_HEAD + CELL_W * ncols as f32, COL_HEAD + CELL_H * lines.len() as f32);
    ScrollArea::both().id_salt("matrix coverage").auto_shrink([false, false]).show_viewport(ui, |ui, viewport| {
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
        view.grid = Some(rect);
        let painter = ui.painter_at(rect);
        let origin = rect.min;
        let font = FontId::proportional(12.5);
        let text = ui.visuals().text_color();
        let strong = ui.visuals().strong_text_color();
        let grid = Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color);
        // Column heads (tag names).
        for (c, t) in view.matrix.tags.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let r = Rect::from_min_size(origin + vec2(ROW_HEAD + CELL_W * c as f32, 0.0), vec2(CELL_W, COL_HEAD));
            let color = project.codebook().get(*t).map_or(text, |t| tag_color(t.color));
            let sorted = view.sort == SortBy::Tag(c);
            let name = excerpt(&tag_name(project, *t), 8)
                + if sorted { if view.descending { " v" } else { " ^" } } else { "" };
            painter.text(r.center(), Align2::CENTER_CENTER, name, font.clone(), color);
        }
        let first = index(f64::from((viewport.min.y - COL_HEAD) / CELL_H)).unwrap_or(0);
        let last = index(f64::from((viewport.max.y - COL_HEAD) / CELL_H)).map_or(0, |l| l + 1).min(lines.len());
        for (i, line) in lines.iter().enumerate().take(last).skip(first) {
            #[allow(clippy::cast_precision_loss)]
            let y = COL_HEAD + CELL_H * i as f32;
            let head = Rect::from_min_size(origin + vec2(0.0, y), vec2(ROW_HEAD, CELL_H));
            let (label, values, is_group): (String, Vec<f32>, bool) = match line {
                Line::Doc(r) => {
                    let info = view.rows.iter().find(|x| x.row == *r);
                    let title = info.map_or_else(String::new, |x| x.title.clone());
                    let label = if view.grouping == Grouping::None { title } else { format!("   {title}") };
                    (label, (0..ncols).map(|c| view.value(*r, c)).collect(), false)
                }
                Line::Group(name, members) => {
                    let vals = (0..ncols)
                        .map(|c| {
                            let n: usize = members.iter().map(|r| view.matrix.counts[*r][c]).sum();
                            #[allow(clippy::cast_precision_loss)]
                            match view.measure {
                                Measure::Count => n as f32,
                                Measure::Presence => f32::from(u8::from(n > 0)),
                                Measure::Share => {
                                    let coded: usize = members.iter().map(|r| view.matrix.coded[*r][c]).sum();
                                    let len: usize = members.iter().map(|r| view.matrix.lengths[*r]).sum();
                                    if len == 0 { 0.0 } else { coded as f32 / len as f32 }
                                }
                            }
                        })
                        .collect();
                    (format!("{name} ({})", members.len()), vals, true)
                }
            };
            let label = excerpt(&label, 34);
            painter.text(
                head.left_center() + vec2(4.0, 0.0),
                Align2::LEFT_CENTER,
                label,
                if is_group { FontId::proportional(13.0) } else { font.clone() },
                if is_group { strong } else { text },
            );
            for (c, v) in values.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let cell = Rect::from_min_size(origin + vec2(ROW_HEAD + CELL_W * c as f32, y), vec2(CELL_W, CELL_H));
                let t = (v / max).min(1.0);
                painter.rect_filled(cell.shrink(1.0), 2.0, heat(ui, t));
                let shown = match view.measure {
                    Measure::Count => format!("{v}"),
                    Measure::Share => format!("{:.0}%", v * 100.0),
                    Measure::Presence => (if *v > 0.0 { "yes" } else { "–" }).to_owned(),
                };
                let ink = if t > 0.55 { ui.visuals().selection.stroke.color } else { text };
                painter.text(cell.center(), Align2::CENTER_CENTER, shown, font.clone(), ink);
            }
            painter.line_segment([head.left_bottom(), head.left_bottom() + vec2(size.x, 0.0)], grid);
        }
        // Clicks: a tag name sorts, a cell retrieves.
        if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let local = p - origin;
            let col = index(f64::from((local.x - ROW_HEAD) / CELL_W)).filter(|c| *c < ncols);
            let line = index(f64::from((local.y - COL_HEAD) / CELL_H));
            if let Some(c) = col {
                if local.y < COL_HEAD {
                    if view.sort == SortBy::Tag(c) {
                        view.descending = !view.descending;
                    } else {
                        view.sort = SortBy::Tag(c);
                        view.descending = true;
                    }
                } else if let Some(l) = line.and_then(|i| lines.get(i)) {
                    let tag = view.matrix.tags[c];
                    let (docs, what) = match l {
                        Line::Doc(r) => {
                            let d = view.matrix.docs[*r];
                            (vec![d], project.document(d).map_or_else(String::new, |d| d.meta.title.clone()))
                        }
                        Line::Group(name, members) => {
                            (members.iter().map(|r| view.matrix.docs[*r]).collect(), name.clone())
                        }
                    };
                    actions.push(Action::Retrieve(Box::new(RetrieveRequest {
                        tags: vec![tag],
                        docs: Some(docs.into_iter().collect()),
                        only: None,
                        origin: format!("Matrix: {what} × {}", tag_name(project, tag)),
                    })));
                }
            }
        }
        if let Some(p) = resp.hover_pos() {
            let local = p - origin;
            let col = index(f64::from((local.x - ROW_HEAD) / CELL_W)).filter(|c| *c < ncols);
            let line = index(f64::from((local.y - COL_HEAD) / CELL_H)).and_then(|i| lines.get(i));
            if let (Some(c), Some(Line::Doc(r))) = (col, line) {
                let doc = project.document(view.matrix.docs[*r]).map_or("", |d| d.meta.title.as_str());
                let tip = format!(
                    "{doc}\n{}: {} passage(s), {:.1}% of the text",
                    tag_name(project, view.matrix.tags[c]),
                    view.matrix.counts[*r][c],
                    view.matrix.share(*r, c) * 100.0
                );
                resp.on_hover_text_at_pointer(tip);
            } else if let (Some(c), true) = (col, local.y < COL_HEAD) {
                resp.on_hover_text_at_pointer(format!(
                    "{}: click to sort by it",
                    tag_name(project, view.matrix.tags[c])
                ));
            }
        }
    });
}

fn cooccurrence_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project, actions: &mut Vec<Action>) {
    if view.co_key.is_none_or(|(_, near, scope)| near != view.near || scope != view.scope) {
        // Counted at the start of the next frame.
        ui.ctx().request_repaint();
    }
    ui.horizontal(|ui| {
        ui.label("Together when on:");
        ui.selectable_value(&mut view.near, Near::Same, "the same passage");
        ui.selectable_value(&mut view.near, Near::Overlap, "overlapping passages");
        let mut n = match view.near {
            Near::Paragraphs(n) => n,
            _ => 1,
        };
        let within = matches!(view.near, Near::Paragraphs(_));
        if ui.selectable_label(within, "passages within").clicked() {
            view.near = Near::Paragraphs(n);
        }
        if ui.add(egui::DragValue::new(&mut n).range(0..=50)).changed() {
            view.near = Near::Paragraphs(n);
        }
        ui.label("paragraphs");
    });
    ui.label(RichText::new("The diagonal counts each tag's passages. Click a cell to read them.").small().weak());
    let co = &view.cooccurrence;
    let n = co.tags.len();
    let max = co
        .counts
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.iter().enumerate().filter(move |(j, _)| *j != i).map(|(_, v)| *v))
        .max()
        .unwrap_or(0)
        .max(1);
    #[allow(clippy::cast_precision_loss)]
    let size = vec2(ROW_HEAD + CELL_W * n as f32, COL_HEAD + CELL_H * n as f32);
    let mut clicked = None;
    ScrollArea::both().id_salt("matrix cooccurrence").auto_shrink([false, false]).show(ui, |ui| {
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
        let painter = ui.painter_at(rect);
        let font = FontId::proportional(12.5);
        let text = ui.visuals().text_color();
        for (i, t) in co.tags.iter().enumerate() {
            let color = project.codebook().get(*t).map_or(text, |t| tag_color(t.color));
            #[allow(clippy::cast_precision_loss)]
            let (x, y) = (ROW_HEAD + CELL_W * i as f32, COL_HEAD + CELL_H * i as f32);
            painter.text(
                rect.min + vec2(x + CELL_W / 2.0, COL_HEAD / 2.0),
                Align2::CENTER_CENTER,
                excerpt(&tag_name(project, *t), 8),
                font.clone(),
                color,
            );
            painter.text(
                rect.min + vec2(4.0, y + CELL_H / 2.0),
                Align2::LEFT_CENTER,
                excerpt(&tag_name(project, *t), 34),
                font.clone(),
                color,
            );
            for j in 0..n {
                #[allow(clippy::cast_precision_loss)]
                let cell = Rect::from_min_size(rect.min + vec2(ROW_HEAD + CELL_W * j as f32, y), vec2(CELL_W, CELL_H));
                let v = co.counts[i][j];
                #[allow(clippy::cast_precision_loss)]
                let t = if i == j { 0.0 } else { v as f32 / max as f32 };
                let fill = if i == j { ui.visuals().faint_bg_color } else { heat(ui, t) };
                painter.rect_filled(cell.shrink(1.0), 2.0, fill);
                let ink = if t > 0.55 { ui.visuals().selection.stroke.color } else { text };
                painter.text(cell.center(), Align2::CENTER_CENTER, v.to_string(), font.clone(), ink);
            }
        }
        if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let l = p - rect.min;
            let j = index(f64::from((l.x - ROW_HEAD) / CELL_W)).filter(|j| *j < n);
            let i = index(f64::from((l.y - COL_HEAD) / CELL_H)).filter(|i| *i < n);
            if let (Some(i), Some(j)) = (i, j) {
                clicked = Some((co.tags[i], co.tags[j]));
            }
        }
    });
    if let Some((a, b)) = clicked {
        actions.push(Action::RetrieveCooccurring(a, b));
    }
}

/// Bar values per row (document or outlet) and tag: (labels, docs per
/// label, counts[label][tag]).
type Bars = (Vec<String>, Vec<Vec<DocId>>, Vec<Vec<usize>>);

fn bars(view: &MatrixView) -> Bars {
    let ncols = view.matrix.tags.len();
    let mut rows: Vec<&RowInfo> = view.rows.iter().collect();
    rows.sort_by(|a, b| (a.date.is_none(), a.date, &a.title).cmp(&(b.date.is_none(), b.date, &b.title)));
    if !view.chart_by_outlet {
        let labels = rows.iter().map(|r| r.title.clone()).collect();
        let docs = rows.iter().map(|r| vec![r.doc]).collect();
        let counts = rows.iter().map(|r| view.matrix.counts[r.row].clone()).collect();
        return (labels, docs, counts);
    }
    let mut groups: BTreeMap<&str, (Vec<DocId>, Vec<usize>)> = BTreeMap::new();
    for r in rows {
        let g = groups.entry(r.outlet.as_str()).or_insert_with(|| (Vec::new(), vec![0; ncols]));
        g.0.push(r.doc);
        for (c, n) in view.matrix.counts[r.row].iter().enumerate() {
            g.1[c] += n;
        }
    }
    let labels = groups.keys().map(|k| (*k).to_owned()).collect();
    let (docs, counts) = groups.into_values().unzip();
    (labels, docs, counts)
}

fn chart_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label("Bars per:");
        ui.selectable_value(&mut view.chart_by_outlet, false, "document");
        ui.selectable_value(&mut view.chart_by_outlet, true, "outlet");
        ui.label(RichText::new("Click a bar to read its passages.").small().weak());
    });
    let (labels, docs, counts) = bars(view);
    let charts = stacked(view, project, &counts, |i| i as f64);
    let names = labels.clone();
    let plot = egui_plot::Plot::new("matrix chart")
        .legend(egui_plot::Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(move |m, _| {
            if (m.value - m.value.round()).abs() > 1e-6 {
                return String::new();
            }
            index(m.value.round()).and_then(|i| names.get(i)).map(|s| excerpt(s, 18)).unwrap_or_default()
        });
    let out = plot.show(ui, |p| {
        for c in charts {
            p.bar_chart(c);
        }
        (p.response().clicked(), p.pointer_coordinate())
    });
    if let (true, Some(at)) = out.inner
        && let Some(i) = index(at.x + 0.5).filter(|i| *i < labels.len())
    {
        actions.push(Action::Retrieve(Box::new(RetrieveRequest {
            tags: Vec::new(),
            docs: Some(docs[i].iter().copied().collect()),
            only: None,
            origin: format!("Chart: {}", labels[i]),
        })));
    }
}

/// One bar chart per tag, stacked, bars at `x(i)` for each label `i`.
fn stacked(
    view: &MatrixView,
    project: &Project,
    counts: &[Vec<usize>],
    x: impl Fn(usize) -> f64,
) -> Vec<egui_plot::BarChart> {
    let mut charts: Vec<egui_plot::BarChart> = Vec::new();
    for (c, t) in view.matrix.tags.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let bars: Vec<egui_plot::Bar> =
            counts.iter().enumerate().map(|(i, row)| egui_plot::Bar::new(x(i), row[c] as f64).width(0.7)).collect();
        if bars.iter().all(|b| b.value == 0.0) {
            continue;
        }
        let color = project.codebook().get(*t).map_or(Color32::GRAY, |t| tag_color(t.color));
        let refs: Vec<&egui_plot::BarChart> = charts.iter().collect();
        let chart = egui_plot::BarChart::new(tag_name(project, *t), bars).color(color).stack_on(&refs);
        charts.push(chart);
    }
    charts
}

fn timeline_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project, actions: &mut Vec<Action>) {
    // Passages per document date (documents of one day add up).
    let ncols = view.matrix.tags.len();
    let mut days: BTreeMap<NaiveDate, (Vec<DocId>, Vec<usize>)> = BTreeMap::new();
    let mut undated = 0;
    for r in &view.rows {
        let Some(d) = r.date else {
            undated += 1;
            continue;
        };
        let e = days.entry(d).or_insert_with(|| (Vec::new(), vec![0; ncols]));
        e.0.push(r.doc);
        for (c, n) in view.matrix.counts[r.row].iter().enumerate() {
            e.1[c] += n;
        }
    }
    if days.is_empty() {
        ui.label("No document has a date yet. Give documents a date (in the Notes panel's Documents list) to see them on a timeline.");
        return;
    }
    if undated > 0 {
        ui.label(RichText::new(format!("{undated} undated document(s) are not shown.")).small().weak());
    }
    let epoch = NaiveDate::default();
    let dates: Vec<NaiveDate> = days.keys().copied().collect();
    let counts: Vec<Vec<usize>> = days.values().map(|v| v.1.clone()).collect();
    #[allow(clippy::cast_precision_loss)]
    let xs: Vec<f64> = dates.iter().map(|d| (*d - epoch).num_days() as f64).collect();
    let charts = stacked(view, project, &counts, |i| xs[i]);
    let plot = egui_plot::Plot::new("matrix timeline")
        .legend(egui_plot::Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(move |m, _| {
            // Whole days only: the grid also marks fractions of a day.
            if (m.value - m.value.round()).abs() > 1e-6 {
                return String::new();
            }
            let days = index(m.value.round()).and_then(|d| i64::try_from(d).ok());
            days.and_then(|d| epoch.checked_add_signed(chrono::Duration::days(d)))
                .map(|d| d.to_string())
                .unwrap_or_default()
        });
    let out = plot.show(ui, |p| {
        for c in charts {
            p.bar_chart(c);
        }
        (p.response().clicked(), p.pointer_coordinate())
    });
    if let (true, Some(at)) = out.inner
        && let Some(i) = xs.iter().position(|x| (x - at.x).abs() <= 0.5)
    {
        let docs: BTreeSet<DocId> = days[&dates[i]].0.iter().copied().collect();
        actions.push(Action::Retrieve(Box::new(RetrieveRequest {
            tags: Vec::new(),
            docs: Some(docs),
            only: None,
            origin: format!("Timeline: {}", dates[i]),
        })));
    }
}
