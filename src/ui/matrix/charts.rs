//! The matrix view's charts: bars per document or outlet, and the
//! timeline by document date, counting tag uses or passages.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use egui::{Color32, FontId, RichText, ScrollArea, Stroke, Ui};

use super::{Line, MatrixView, RowInfo, heat, index, tag_name};
use crate::command::{Action, RetrieveRequest};
use crate::model::{DocId, Project};
use crate::ui::notes::excerpt;
use crate::ui::theme::tag_color;

/// Bar values per row (document or outlet): labels, docs per label,
/// tag uses per label and tag, passages per label.
struct Bars {
    labels: Vec<String>,
    docs: Vec<Vec<DocId>>,
    counts: Vec<Vec<usize>>,
    passages: Vec<usize>,
}

fn bars(view: &MatrixView) -> Bars {
    let ncols = view.matrix.tags.len();
    // Documents in the matrix's order (its sort), outlets by name.
    let order: Vec<usize> = view
        .lines()
        .iter()
        .filter_map(|l| match l {
            Line::Doc(r) => Some(*r),
            Line::Group(..) => None,
        })
        .collect();
    let by_row: std::collections::HashMap<usize, &RowInfo> = view.rows.iter().map(|r| (r.row, r)).collect();
    let rows: Vec<&RowInfo> = order.iter().filter_map(|r| by_row.get(r).copied()).collect();
    if !view.chart_by_outlet {
        return Bars {
            labels: rows.iter().map(|r| r.title.clone()).collect(),
            docs: rows.iter().map(|r| vec![r.doc]).collect(),
            counts: rows.iter().map(|r| view.matrix.counts[r.row].clone()).collect(),
            passages: rows.iter().map(|r| view.matrix.passages[r.row]).collect(),
        };
    }
    let mut groups: BTreeMap<&str, (Vec<DocId>, Vec<usize>, usize)> = BTreeMap::new();
    for r in rows {
        let g = groups.entry(r.outlet.as_str()).or_insert_with(|| (Vec::new(), vec![0; ncols], 0));
        g.0.push(r.doc);
        for (c, n) in view.matrix.counts[r.row].iter().enumerate() {
            g.1[c] += n;
        }
        g.2 += view.matrix.passages[r.row];
    }
    let labels = groups.keys().map(|k| if k.is_empty() { "(no outlet)".to_owned() } else { (*k).to_owned() }).collect();
    let mut out = Bars { labels, docs: Vec::new(), counts: Vec::new(), passages: Vec::new() };
    for (docs, counts, passages) in groups.into_values() {
        out.docs.push(docs);
        out.counts.push(counts);
        out.passages.push(passages);
    }
    out
}

/// What the bars count, chosen by the user, and the axis title that says it.
fn count_ui(ui: &mut Ui, view: &mut MatrixView) {
    ui.label("Count:");
    ui.selectable_value(&mut view.count_passages, false, "tag uses").on_hover_text(
        "Each tag on a passage counts once: a passage with two tags counts twice, once in each tag's colour",
    );
    ui.selectable_value(&mut view.count_passages, true, "passages")
        .on_hover_text("Each coded passage counts once, whatever its tags");
}

fn axis_title(view: &MatrixView) -> &'static str {
    if view.count_passages { "Coded passages" } else { "Tag uses (a passage with two tags counts twice)" }
}

/// The tags' colours and names, above the plot (a legend inside it would
/// cover the bars).
fn legend_ui(ui: &mut Ui, view: &MatrixView, project: &Project, counts: &[Vec<usize>]) {
    if view.count_passages {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (c, t) in view.matrix.tags.iter().enumerate() {
            if counts.iter().all(|row| row[c] == 0) {
                continue;
            }
            if let Some(tag) = project.codebook().get(*t) {
                ui.label(crate::ui::theme::tag_name_text(ui, &tag.name, tag.color));
            }
        }
    });
}

/// Grid marks at whole numbers only (one per bar).
#[allow(clippy::needless_pass_by_value)] // the plot's grid spacer signature
fn whole_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    let (lo, hi) = (lo.ceil(), hi.floor());
    if !(lo.is_finite() && hi.is_finite()) || hi - lo > 10_000.0 {
        return Vec::new();
    }
    let mut marks = Vec::new();
    let mut v = lo;
    while v <= hi {
        marks.push(egui_plot::GridMark { value: v, step_size: 1.0 });
        v += 1.0;
    }
    marks
}

pub(super) fn chart_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label("Bars per:");
        ui.selectable_value(&mut view.chart_by_outlet, false, "document");
        ui.selectable_value(&mut view.chart_by_outlet, true, "outlet");
        ui.separator();
        count_ui(ui, view);
        ui.label(RichText::new("Click a bar to read its passages.").weak());
    });
    let b = bars(view);
    legend_ui(ui, view, project, &b.counts);
    // One bar per row, top to bottom in the order listed, names beside
    // them at full length (up to sixty characters).
    let n = b.labels.len();
    #[allow(clippy::cast_precision_loss)] // bar positions
    let y = move |i: usize| (n - 1 - i) as f64;
    let charts = if view.count_passages {
        #[allow(clippy::cast_precision_loss)]
        let bars: Vec<egui_plot::Bar> = b
            .passages
            .iter()
            .enumerate()
            .map(|(i, v)| egui_plot::Bar::new(y(i), *v as f64).width(0.7).fill(heat(ui, 0.8)))
            .collect();
        vec![egui_plot::BarChart::new("Coded passages", bars).color(heat(ui, 0.8)).horizontal()]
    } else {
        stacked(view, project, &b.counts, y, 0.7).into_iter().map(egui_plot::BarChart::horizontal).collect()
    };
    let names = b.labels.clone();
    let font = FontId::proportional(12.5);
    // The names' width, measured when the counts or the grouping change.
    let key = (view.key, view.chart_by_outlet);
    let widest = match view.chart_labels {
        Some((k, w)) if k == key => w,
        _ => {
            let w = names
                .iter()
                .map(|s| ui.fonts_mut(|f| f.layout_no_wrap(excerpt(s, 60), font.clone(), Color32::WHITE)).size().x)
                .fold(60.0_f32, f32::max);
            view.chart_labels = Some((key, w));
            w
        }
    };
    let label_w = widest.min(ui.available_width() * 0.4);
    #[allow(clippy::cast_precision_loss)] // a height on screen
    let height = (n as f32 * 24.0 + 70.0).max(220.0);
    let mut out = None;
    ScrollArea::vertical().id_salt("matrix chart scroll").auto_shrink([false, false]).show(ui, |ui| {
        let plot = egui_plot::Plot::new("matrix chart")
            .height(height)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_boxed_zoom(false)
            .show_grid([true, false])
            .include_x(0.0)
            .x_axis_label(axis_title(view))
            .y_axis_min_width(label_w + 8.0)
            .y_grid_spacer(whole_marks)
            .y_axis_formatter(move |m, _| {
                if (m.value - m.value.round()).abs() > 1e-6 {
                    return String::new();
                }
                let i = index(m.value.round()).and_then(|v| n.checked_sub(1 + v));
                i.and_then(|i| names.get(i)).map(|s| excerpt(s, 60)).unwrap_or_default()
            });
        let shown = plot.show(ui, |p| {
            for c in charts {
                p.bar_chart(c);
            }
            (p.response().clicked(), p.pointer_coordinate())
        });
        out = Some(shown.inner);
    });
    if let Some((true, Some(at))) = out
        && let Some(i) = index(at.y + 0.5).and_then(|v| n.checked_sub(1 + v))
    {
        actions.push(Action::Retrieve(Box::new(RetrieveRequest {
            tags: Vec::new(),
            docs: Some(b.docs[i].iter().copied().collect()),
            only: None,
            origin: format!("Chart: {}", b.labels[i]),
        })));
    }
}

/// One bar chart per tag, stacked, bars at `x(i)` for each label `i`, in
/// the tag's colour, opaque (grid lines do not show through).
fn stacked(
    view: &MatrixView,
    project: &Project,
    counts: &[Vec<usize>],
    x: impl Fn(usize) -> f64,
    width: f64,
) -> Vec<egui_plot::BarChart> {
    let mut charts: Vec<egui_plot::BarChart> = Vec::new();
    for (c, t) in view.matrix.tags.iter().enumerate() {
        let color = project.codebook().get(*t).map_or(Color32::GRAY, |t| tag_color(t.color));
        #[allow(clippy::cast_precision_loss)]
        let bars: Vec<egui_plot::Bar> = counts
            .iter()
            .enumerate()
            .map(|(i, row)| {
                egui_plot::Bar::new(x(i), row[c] as f64)
                    .width(width)
                    .fill(color)
                    .stroke(Stroke::new(1.0, color.gamma_multiply(0.7)))
            })
            .collect();
        if bars.iter().all(|b| b.value == 0.0) {
            continue;
        }
        let refs: Vec<&egui_plot::BarChart> = charts.iter().collect();
        let chart = egui_plot::BarChart::new(tag_name(project, *t), bars).color(color).stack_on(&refs);
        charts.push(chart);
    }
    charts
}

pub(super) fn timeline_ui(ui: &mut Ui, view: &mut MatrixView, project: &Project, actions: &mut Vec<Action>) {
    // Passages per document date (documents of one day add up).
    let ncols = view.matrix.tags.len();
    let mut days: BTreeMap<NaiveDate, (Vec<DocId>, Vec<usize>, usize)> = BTreeMap::new();
    let mut undated = 0;
    for r in &view.rows {
        let Some(d) = r.date else {
            undated += 1;
            continue;
        };
        let e = days.entry(d).or_insert_with(|| (Vec::new(), vec![0; ncols], 0));
        e.0.push(r.doc);
        for (c, n) in view.matrix.counts[r.row].iter().enumerate() {
            e.1[c] += n;
        }
        e.2 += view.matrix.passages[r.row];
    }
    ui.horizontal(|ui| count_ui(ui, view));
    if days.is_empty() {
        ui.label("No document has a date yet. Give documents a date (in the Notes panel's Documents list) to see them on a timeline.");
        return;
    }
    if undated > 0 {
        ui.label(RichText::new(format!("{undated} undated document(s) are not shown.")).weak());
    }
    let epoch = NaiveDate::default();
    let dates: Vec<NaiveDate> = days.keys().copied().collect();
    let counts: Vec<Vec<usize>> = days.values().map(|v| v.1.clone()).collect();
    legend_ui(ui, view, project, &counts);
    #[allow(clippy::cast_precision_loss)]
    let xs: Vec<f64> = dates.iter().map(|d| (*d - epoch).num_days() as f64).collect();
    // A bar is a day wide at least, and a 150th of the span of dates (over
    // years a day is less than a pixel).
    let span = xs.last().zip(xs.first()).map_or(0.0, |(l, f)| l - f);
    let width = (span / 150.0).max(0.7);
    let charts = if view.count_passages {
        let fill = heat(ui, 0.8);
        #[allow(clippy::cast_precision_loss)]
        let bars: Vec<egui_plot::Bar> = days
            .values()
            .enumerate()
            .map(|(i, v)| egui_plot::Bar::new(xs[i], v.2 as f64).width(width).fill(fill))
            .collect();
        vec![egui_plot::BarChart::new("Coded passages", bars).color(fill)]
    } else {
        stacked(view, project, &counts, |i| xs[i], width)
    };
    let plot = egui_plot::Plot::new("matrix timeline")
        .allow_scroll(false)
        .y_axis_label(axis_title(view))
        .x_axis_label("Document date")
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
        && let Some(i) = xs.iter().position(|x| (x - at.x).abs() <= width / 2.0)
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
