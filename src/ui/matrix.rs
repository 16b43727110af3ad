//! The matrix view: documents × tags as a heatmap (passages, share of the
//! text coded, or presence), rows sorted and grouped by outlet or month;
//! tag × tag co-occurrence; a bar chart per document or outlet and a
//! timeline by document date. Every cell and bar retrieves its passages.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use egui::{Align2, Color32, FontId, Rect, RichText, ScrollArea, Sense, Stroke, Ui, vec2};

use super::notes::excerpt;
use crate::analysis::retrieve::{doc_date, outlet};
use crate::analysis::stats::{self, Cooccurrence, Matrix, Near};
use crate::command::{Action, Command, RetrieveRequest};
use crate::model::{DocId, Project, Scope, TagId};

mod charts;

const CELL_W: f32 = 56.0;
const CELL_H: f32 = 22.0;
/// Widest a column grows for its tag's name before the name wraps.
const COL_MAX: f32 = 150.0;

/// Where a grid's columns and row heads go: each column as wide as its
/// tag's name needs (a long name on two lines, the full name on hover),
/// the row heads as wide as the longest title needs, within limits.
struct GridLayout {
    /// Width of the row heads.
    row_head: f32,
    /// Height of the column heads.
    col_head: f32,
    /// Left edge of each column from the grid's left, and the right edge of the last.
    xs: Vec<f32>,
    /// The column heads, laid out.
    heads: Vec<std::sync::Arc<egui::Galley>>,
}

/// What the bar chart's names depend on: the counts (their key), the grouping.
type ChartKey = (Option<(u64, Scope)>, bool);

/// What a grid's layout depends on: the counts (their key), the room, the theme.
type GridKey = (Option<(u64, Scope)>, Option<(u64, Near, Scope)>, u32, bool);

impl MatrixView {
    /// The layout of `tab`'s grid with column heads `names`; its row heads
    /// are the documents' titles (Coverage) or the same names (tags × tags).
    fn grid(&mut self, ui: &Ui, tab: Tab, names: &[String]) -> std::sync::Arc<GridLayout> {
        let room = ui.available_width();
        let key = (self.key, self.co_key, room.to_bits(), ui.visuals().dark_mode);
        if let Some((_, _, g)) = self.grids.iter().find(|(t, k, _)| *t == tab && *k == key) {
            return g.clone();
        }
        let g = if tab == Tab::Coverage {
            GridLayout::new(ui, names, self.rows.iter().map(|r| r.title.as_str()), room)
        } else {
            GridLayout::new(ui, names, names.iter().map(String::as_str), room)
        };
        let g = std::sync::Arc::new(g);
        self.grids.retain(|(t, _, _)| *t != tab);
        self.grids.push((tab, key, g.clone()));
        g
    }
}

impl GridLayout {
    fn new<'a>(ui: &Ui, names: &[String], rows: impl Iterator<Item = &'a str>, room: f32) -> Self {
        let font = FontId::proportional(12.5);
        let color = ui.visuals().text_color();
        let mut xs = vec![0.0];
        let mut heads = Vec::with_capacity(names.len());
        let mut col_head: f32 = 26.0;
        for name in names {
            // Coloured when painted (each head in its tag's readable shade).
            let mut job =
                egui::text::LayoutJob::simple(name.clone(), font.clone(), Color32::PLACEHOLDER, COL_MAX - 12.0);
            job.wrap.max_rows = 2;
            job.wrap.break_anywhere = false;
            let g = ui.fonts_mut(|f| f.layout_job(job));
            let w = (g.size().x + 14.0).clamp(CELL_W, COL_MAX);
            col_head = col_head.max(g.size().y + 10.0);
            xs.push(xs.last().copied().unwrap_or(0.0) + w);
            heads.push(g);
        }
        let widest = rows
            .map(|t| ui.fonts_mut(|f| f.layout_no_wrap(excerpt(t, 60), font.clone(), color)).size().x)
            .fold(0.0_f32, f32::max);
        let row_head = (widest + 16.0).clamp(160.0, (room * 0.4).max(160.0));
        let row_head_x = row_head;
        for x in &mut xs {
            *x += row_head_x;
        }
        Self { row_head, col_head, xs, heads }
    }

    /// Width of the whole grid.
    fn width(&self) -> f32 {
        self.xs.last().copied().unwrap_or(self.row_head)
    }

    /// The column under `x` (from the grid's left), if any.
    fn col_at(&self, x: f32) -> Option<usize> {
        if x < self.row_head {
            return None;
        }
        let i = self.xs.partition_point(|l| *l <= x);
        (i >= 1 && i < self.xs.len()).then(|| i - 1)
    }

    /// Column `c`'s rectangle at `y`, `h` high, from `origin`.
    fn cell(&self, origin: egui::Pos2, c: usize, y: f32, h: f32) -> Rect {
        Rect::from_min_max(origin + vec2(self.xs[c], y), origin + vec2(self.xs[c + 1], y + h))
    }

    /// Paint column `c`'s head (in `color`); `sorted` marks the column the
    /// rows are sorted by with a small triangle (pointing down: descending).
    fn paint_head(&self, painter: &egui::Painter, origin: egui::Pos2, c: usize, color: Color32, sorted: Option<bool>) {
        let r = self.cell(origin, c, 0.0, self.col_head);
        let g = &self.heads[c];
        let at = egui::pos2(r.center().x - g.size().x / 2.0, r.bottom() - g.size().y - 4.0);
        painter.galley(at, g.clone(), color);
        if let Some(down) = sorted {
            let (x, y) = (r.right() - 7.0, r.top() + 7.0);
            let pts = if down {
                vec![egui::pos2(x - 4.0, y - 2.0), egui::pos2(x + 4.0, y - 2.0), egui::pos2(x, y + 3.0)]
            } else {
                vec![egui::pos2(x - 4.0, y + 3.0), egui::pos2(x + 4.0, y + 3.0), egui::pos2(x, y - 2.0)]
            };
            painter.add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
        }
    }
}

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
    /// Its row head width, column head height and column edges.
    grid_layout: (f32, f32, Vec<f32>),
    /// Each grid's layout (heads laid out, titles measured) and what it
    /// was made for: made again only when the counts, the width or the
    /// theme change, not on every frame (measuring a thousand titles is).
    grids: Vec<(Tab, GridKey, std::sync::Arc<GridLayout>)>,
    /// The bar chart's widest name, and the counts and grouping it was measured for.
    chart_labels: Option<(ChartKey, f32)>,
    /// The bar chart and timeline count passages (else tag uses).
    pub count_passages: bool,
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
        let (_, col_head, xs) = &self.grid_layout;
        let (l, r) = (xs.get(col)?, xs.get(col + 1)?);
        #[allow(clippy::cast_precision_loss)] // grid positions on screen
        Some(grid.min + vec2((l + r) / 2.0, col_head + CELL_H * (line as f32 + 0.5)))
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
        Tab::Chart => charts::chart_ui(ui, view, project, &mut actions),
        Tab::Timeline => charts::timeline_ui(ui, view, project, &mut actions),
    }
    actions
}

/// Heat colour for `t` in 0..=1: from the panel's background to a deep
/// blue (light theme) or a clear one (dark theme), so that every step is
/// told apart from the next.
fn heat(ui: &Ui, t: f32) -> Color32 {
    let lo = ui.visuals().extreme_bg_color;
    let hi = if ui.visuals().dark_mode { Color32::from_rgb(120, 180, 255) } else { Color32::from_rgb(24, 86, 160) };
    lo.lerp_to_gamma(hi, t.clamp(0.0, 1.0))
}

/// Text on a heat cell: black or white, whichever reads better on it.
fn ink_on(fill: Color32) -> Color32 {
    let (dark, light) = (Color32::from_gray(20), Color32::WHITE);
    if super::theme::contrast(dark, fill) >= super::theme::contrast(light, fill) { dark } else { light }
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
    ui.label(RichText::new("Click a column's name to sort by it, a cell to read its passages.").weak());
    let lines = view.lines();
    let ncols = view.matrix.tags.len();
    let max = (0..view.matrix.docs.len())
        .flat_map(|r| (0..ncols).map(move |c| (r, c)))
        .map(|(r, c)| view.value(r, c))
        .fold(0.0_f32, f32::max)
        .max(f32::EPSILON);
    let names: Vec<String> = view.matrix.tags.iter().map(|t| tag_name(project, *t)).collect();
    let g = view.grid(ui, Tab::Coverage, &names);
    #[allow(clippy::cast_precision_loss)] // sizes of a grid on screen
    let size = vec2(g.width(), g.col_head + CELL_H * lines.len() as f32);
    ScrollArea::both().id_salt("matrix coverage").auto_shrink([false, false]).show_viewport(ui, |ui, viewport| {
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
        view.grid = Some(rect);
        view.grid_layout = (g.row_head, g.col_head, g.xs.clone());
        let painter = ui.painter_at(rect);
        let origin = rect.min;
        let font = FontId::proportional(12.5);
        let text = ui.visuals().text_color();
        let strong = ui.visuals().strong_text_color();
        let grid = Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color);
        // Column heads (tag names, in a readable shade of the tag's colour).
        for (c, t) in view.matrix.tags.iter().enumerate() {
            let color = project.codebook().get(*t).map_or(text, |t| super::theme::tag_ink(ui, t.color));
            let mark = match view.sort {
                SortBy::Tag(k) if k == c => Some(view.descending),
                _ => None,
            };
            g.paint_head(&painter, origin, c, color, mark);
        }
        let first = index(f64::from((viewport.min.y - g.col_head) / CELL_H)).unwrap_or(0);
        let last = index(f64::from((viewport.max.y - g.col_head) / CELL_H)).map_or(0, |l| l + 1).min(lines.len());
        for (i, line) in lines.iter().enumerate().take(last).skip(first) {
            #[allow(clippy::cast_precision_loss)]
            let y = g.col_head + CELL_H * i as f32;
            let head = Rect::from_min_size(origin + vec2(0.0, y), vec2(g.row_head, CELL_H));
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
            let label = excerpt(&label, 60);
            painter.with_clip_rect(head.intersect(painter.clip_rect())).text(
                head.left_center() + vec2(4.0, 0.0),
                Align2::LEFT_CENTER,
                label,
                if is_group { FontId::proportional(13.0) } else { font.clone() },
                if is_group { strong } else { text },
            );
            for (c, v) in values.iter().enumerate() {
                let cell = g.cell(origin, c, y, CELL_H);
                let t = (v / max).min(1.0);
                let fill = heat(ui, t);
                painter.rect_filled(cell.shrink(1.0), 2.0, fill);
                let shown = match view.measure {
                    Measure::Count => format!("{v}"),
                    Measure::Share => format!("{:.0}%", v * 100.0),
                    Measure::Presence => (if *v > 0.0 { "yes" } else { "–" }).to_owned(),
                };
                painter.text(cell.center(), Align2::CENTER_CENTER, shown, font.clone(), ink_on(fill));
            }
            painter.line_segment([head.left_bottom(), head.left_bottom() + vec2(size.x, 0.0)], grid);
        }
        // Clicks: a tag name sorts, a cell retrieves.
        if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let local = p - origin;
            let col = g.col_at(local.x).filter(|c| *c < ncols);
            let line = index(f64::from((local.y - g.col_head) / CELL_H));
            if let Some(c) = col {
                if local.y < g.col_head {
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
            let col = g.col_at(local.x).filter(|c| *c < ncols);
            let line = index(f64::from((local.y - g.col_head) / CELL_H)).and_then(|i| lines.get(i));
            if let (Some(c), Some(Line::Doc(r))) = (col, line) {
                let doc = project.document(view.matrix.docs[*r]).map_or("", |d| d.meta.title.as_str());
                let tip = format!(
                    "{doc}\n{}: {} passage(s), {:.1}% of the text",
                    tag_name(project, view.matrix.tags[c]),
                    view.matrix.counts[*r][c],
                    view.matrix.share(*r, c) * 100.0
                );
                resp.on_hover_text_at_pointer(tip);
            } else if let (Some(c), true) = (col, local.y < g.col_head) {
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
    ui.label(RichText::new("The diagonal counts each tag's passages. Click a cell to read them.").weak());
    let names: Vec<String> = view.cooccurrence.tags.iter().map(|t| tag_name(project, *t)).collect();
    let g = view.grid(ui, Tab::Cooccurrence, &names);
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
    let size = vec2(g.width(), g.col_head + CELL_H * n as f32);
    let mut clicked = None;
    ScrollArea::both().id_salt("matrix cooccurrence").auto_shrink([false, false]).show(ui, |ui| {
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
        let painter = ui.painter_at(rect);
        let font = FontId::proportional(12.5);
        let text = ui.visuals().text_color();
        for (i, t) in co.tags.iter().enumerate() {
            let color = project.codebook().get(*t).map_or(text, |t| super::theme::tag_ink(ui, t.color));
            #[allow(clippy::cast_precision_loss)]
            let y = g.col_head + CELL_H * i as f32;
            g.paint_head(&painter, rect.min, i, color, None);
            let head = Rect::from_min_size(rect.min + vec2(0.0, y), vec2(g.row_head, CELL_H));
            painter.with_clip_rect(head.intersect(painter.clip_rect())).text(
                head.left_center() + vec2(4.0, 0.0),
                Align2::LEFT_CENTER,
                excerpt(&names[i], 60),
                font.clone(),
                color,
            );
            for j in 0..n {
                let cell = g.cell(rect.min, j, y, CELL_H);
                let v = co.counts[i][j];
                #[allow(clippy::cast_precision_loss)]
                let t = if i == j { 0.0 } else { v as f32 / max as f32 };
                // The diagonal (each tag's own passages) on an opaque grey
                // of its own, its count in the ink that reads on it.
                let diagonal = ui.visuals().panel_fill.lerp_to_gamma(ui.visuals().text_color(), 0.12);
                let fill = if i == j { diagonal } else { heat(ui, t) };
                painter.rect_filled(cell.shrink(1.0), 2.0, fill);
                painter.text(cell.center(), Align2::CENTER_CENTER, v.to_string(), font.clone(), ink_on(fill));
            }
        }
        if let Some(p) = resp.hover_pos() {
            let l = p - rect.min;
            let j = g.col_at(l.x).filter(|j| *j < n);
            let i = index(f64::from((l.y - g.col_head) / CELL_H)).filter(|i| *i < n);
            match (i, j) {
                (Some(i), Some(j)) => {
                    let tip = format!("{} with {}: {}", names[i], names[j], co.counts[i][j]);
                    resp.clone().on_hover_text_at_pointer(tip);
                }
                (None, Some(j)) if l.y < g.col_head => drop(resp.clone().on_hover_text_at_pointer(&names[j])),
                _ => {}
            }
        }
        if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let l = p - rect.min;
            let j = g.col_at(l.x).filter(|j| *j < n);
            let i = index(f64::from((l.y - g.col_head) / CELL_H)).filter(|i| *i < n);
            if let (Some(i), Some(j)) = (i, j) {
                clicked = Some((co.tags[i], co.tags[j]));
            }
        }
    });
    if let Some((a, b)) = clicked {
        actions.push(Action::RetrieveCooccurring(a, b));
    }
}
