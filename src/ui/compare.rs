//! Compare mode: two documents aligned row by row, word-level differences
//! highlighted, moved passages joined, unchanged stretches folded.
//!
//! One scroll area holds both columns, so scrolling is synchronized by the
//! alignment itself. Rows are virtualized like the reader's blocks: only the
//! rows in view are laid out; the others keep a measured or estimated height.

use std::collections::HashSet;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};

use super::notes::excerpt;
use super::reader::range_rects;
use super::theme::ReaderStyle;
use crate::analysis::align::{Comparison, Mark, Row};
use crate::model::{CharRange, DocId, SourceText};

/// Unchanged rows longer than this (in tokens) fold when folding is on.
const FOLD_TOKENS: usize = 40;
const GUTTER: f32 = 28.0;
const PAD: f32 = 6.0;

/// State of the compare view.
pub struct CompareView {
    /// Left document.
    pub a: DocId,
    /// Right document.
    pub b: DocId,
    /// The alignment, once computed.
    pub result: Option<Arc<Comparison>>,
    /// Fold long unchanged stretches.
    pub fold: bool,
    /// Unchanged rows the user unfolded.
    pub unfolded: HashSet<usize>,
    /// The difference last jumped to (a row index).
    pub current: Option<usize>,
    /// Scroll request.
    pub scroll_to_row: Option<usize>,
    /// Stops the alignment when the view closes before it is done.
    pub control: Arc<crate::analysis::job::Control>,
    heights: Vec<f32>,
    /// What `heights` were estimated for: column width, folding, rows unfolded.
    layout_key: (u32, bool, usize),
}

impl CompareView {
    /// A view of `a` against `b`, waiting for its alignment.
    pub fn new(a: DocId, b: DocId) -> Self {
        Self {
            a,
            b,
            result: None,
            fold: true,
            unfolded: HashSet::new(),
            current: None,
            scroll_to_row: None,
            control: Arc::new(crate::analysis::job::Control::new()),
            heights: Vec::new(),
            layout_key: (0, false, 0),
        }
    }

    /// Jump to the next (`forward`) or previous difference.
    pub fn step(&mut self, forward: bool) {
        let Some(r) = &self.result else { return };
        let changed: Vec<usize> = r.changed_rows().collect();
        let next = match (self.current, forward) {
            (None, true) => changed.first().copied(),
            (None, false) => changed.last().copied(),
            (Some(c), true) => changed.iter().copied().find(|&i| i > c),
            (Some(c), false) => changed.iter().rev().copied().find(|&i| i < c),
        };
        if let Some(n) = next {
            self.current = Some(n);
            self.scroll_to_row = Some(n);
        }
    }

    fn folded(&self, i: usize, row: &Row) -> bool {
        self.fold && row.same && row.tokens > FOLD_TOKENS && !self.unfolded.contains(&i)
    }
}

impl Drop for CompareView {
    fn drop(&mut self) {
        self.control.cancel();
    }
}

/// What the user asked for in the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareAction {
    /// Leave compare mode.
    Close,
    /// Previous difference.
    Previous,
    /// Next difference.
    Next,
}

/// Trimmed char range of a row side: no leading or trailing line breaks or
/// spaces, so rows read as paragraphs.
fn trimmed(text: &SourceText, r: CharRange) -> CharRange {
    let s = text.slice(r);
    let lead = s.chars().take_while(|c| c.is_whitespace()).count();
    let trail = s.chars().rev().take_while(|c| c.is_whitespace()).count();
    if lead + trail >= r.len() {
        return CharRange::new(r.start.0, r.start.0);
    }
    CharRange::new(r.start.0 + lead, r.end.0 - trail)
}

fn mark_color(m: Mark, style: &ReaderStyle) -> Color32 {
    match m {
        Mark::Deleted => style.deleted(),
        Mark::Inserted => style.inserted(),
        Mark::Changed => style.changed(),
        Mark::Moved => style.moved(),
    }
}

/// Marks overlapping `r`, moved passages last so they win.
fn marks_in(marks: &[(CharRange, Mark)], moved: &[CharRange], r: CharRange) -> Vec<(CharRange, Mark)> {
    let from = marks.partition_point(|(m, _)| m.end <= r.start);
    let mut v: Vec<(CharRange, Mark)> = marks[from..].iter().take_while(|(m, _)| m.start < r.end).copied().collect();
    v.extend(moved.iter().filter(|m| m.overlaps(&r)).map(|m| (*m, Mark::Moved)));
    v
}

/// Lay out one side of a row with its marks as background colours.
fn side_job(
    ui: &Ui,
    text: &SourceText,
    r: CharRange,
    marks: &[(CharRange, Mark)],
    style: &ReaderStyle,
    width: f32,
) -> LayoutJob {
    let font = FontId::proportional(style.font_size * 0.95);
    let plain = TextFormat { font_id: font.clone(), color: style.text_color(), ..TextFormat::default() };
    let mut parts: Vec<(String, TextFormat)> = Vec::new();
    // Paint order: per char, the last mark covering it wins.
    let mut cuts: Vec<usize> = vec![r.start.0, r.end.0];
    for (m, _) in marks {
        cuts.push(m.start.0.clamp(r.start.0, r.end.0));
        cuts.push(m.end.0.clamp(r.start.0, r.end.0));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let piece = CharRange::new(w[0], w[1]);
        if piece.is_empty() {
            continue;
        }
        let mark = marks.iter().rev().find(|(m, _)| m.start <= piece.start && piece.end <= m.end).map(|(_, k)| *k);
        let mut f = plain.clone();
        if let Some(k) = mark {
            f.background = mark_color(k, style);
        }
        parts.push((text.display_range(piece).into_owned(), f));
    }
    // Arabic or Hebrew: lines broken in reading order, each in visual order.
    let parts: Vec<(&str, TextFormat)> = parts.iter().map(|(t, f)| (t.as_str(), f.clone())).collect();
    super::bidi_line::wrapped_parts(ui, &parts, width)
}

/// Describe a changed row for screen readers (and tests).
fn describe(ta: &SourceText, tb: &SourceText, ma: &[(CharRange, Mark)], mb: &[(CharRange, Mark)]) -> String {
    let words = |t: &SourceText, m: &[(CharRange, Mark)]| -> String {
        m.iter().map(|(r, _)| excerpt(t.slice(*r), 40)).collect::<Vec<_>>().join(" / ")
    };
    format!("Difference: “{}” becomes “{}”", words(ta, ma), words(tb, mb))
}

/// Show the compare view. Returns what the user asked for.
#[allow(clippy::too_many_lines)] // header, virtualized rows and move connectors share the geometry
pub fn compare_ui(
    ui: &mut Ui,
    view: &mut CompareView,
    texts: (&SourceText, &SourceText),
    titles: [(&str, Option<&str>); 2],
    style: &ReaderStyle,
) -> Vec<CompareAction> {
    let mut actions = Vec::new();
    let (ta, tb) = texts;
    // Measured before the header, which wraps rather than widening the panel.
    let full = ui.available_width();
    ui.horizontal_wrapped(|ui| {
        ui.heading("Compare");
        if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
            actions.push(CompareAction::Close);
        }
        if ui.button("Previous difference").on_hover_text("Shift+F8").clicked() {
            actions.push(CompareAction::Previous);
        }
        if ui.button("Next difference").on_hover_text("F8").clicked() {
            actions.push(CompareAction::Next);
        }
        ui.checkbox(&mut view.fold, "Fold unchanged text");
        if let Some(r) = &view.result {
            ui.label(format!("{} difference(s), {} moved passage(s)", r.changes, r.moves.len()));
        }
    });
    let Some(result) = view.result.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Aligning…");
        });
        return actions;
    };
    let col = ((full - GUTTER - 16.0) / 2.0).max(80.0);
    ui.horizontal(|ui| {
        let title = super::bidi_line::fitted(ui, titles[0].0, true, false, col)
            .unwrap_or_else(|| RichText::new(titles[0].0).strong().into());
        ui.add_sized([col, 18.0], egui::Label::new(title).truncate());
        ui.add_space(GUTTER);
        let title = super::bidi_line::fitted(ui, titles[1].0, true, false, col)
            .unwrap_or_else(|| RichText::new(titles[1].0).strong().into());
        ui.add_sized([col, 18.0], egui::Label::new(title).truncate());
    });
    // Two fetches of one page differ by when they were fetched: said on a
    // line of its own, where a long title cannot cut it off.
    if titles.iter().any(|t| t.1.is_some()) {
        ui.horizontal(|ui| {
            for (i, t) in titles.iter().enumerate() {
                if i == 1 {
                    ui.add_space(GUTTER);
                }
                let v = t.1.map_or_else(String::new, |v| format!("fetched {v}"));
                ui.add_sized([col, 14.0], egui::Label::new(RichText::new(v).small().weak()).truncate());
            }
        });
    }
    ui.separator();

    let row_h = style.font_size * 1.3;
    let key = (col.to_bits(), view.fold, view.unfolded.len());
    if view.heights.len() != result.rows.len() || view.layout_key != key {
        view.layout_key = key;
        let per_line = (col / (style.font_size * 0.5)).max(8.0);
        view.heights = result
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if view.folded(i, r) {
                    row_h + 2.0 * PAD
                } else {
                    (r.a.len().max(r.b.len()) as f32 / per_line).ceil().max(1.0) * row_h + 2.0 * PAD
                }
            })
            .collect();
    }
    let mut tops = Vec::with_capacity(view.heights.len() + 1);
    let mut y = 0.0;
    for h in &view.heights {
        tops.push(y);
        y += h;
    }
    let total = y;
    let moved_a: Vec<CharRange> = result.moves.iter().map(|m| m.a).collect();
    let moved_b: Vec<CharRange> = result.moves.iter().map(|m| m.b).collect();

    let mut area = egui::ScrollArea::vertical().id_salt(("compare", view.a, view.b)).auto_shrink(false);
    if let Some(r) = view.scroll_to_row.take() {
        area = area.vertical_scroll_offset((tops.get(r).copied().unwrap_or(0.0) - 40.0).max(0.0));
    }
    area.show_viewport(ui, |ui, viewport| {
        let (rect, _) = ui.allocate_exact_size(vec2(full - 16.0, total), Sense::hover());
        let origin = rect.min;
        let first = tops.partition_point(|&t| t <= viewport.min.y).saturating_sub(1);
        let mut ends_a: Vec<(usize, Rect)> = Vec::new(); // (move index, rect) of visible moved text
        let mut ends_b: Vec<(usize, Rect)> = Vec::new();
        let mut i = first;
        while i < result.rows.len() && tops[i] < viewport.max.y {
            let row = result.rows[i];
            let top = origin.y + tops[i];
            let left = Rect::from_min_size(pos2(origin.x, top), vec2(col, view.heights[i]));
            let right = Rect::from_min_size(pos2(origin.x + col + GUTTER, top), vec2(col, view.heights[i]));
            if view.folded(i, &row) {
                let band = Rect::from_min_max(left.min, right.max);
                let resp = ui.put(
                    band.shrink2(vec2(0.0, PAD / 2.0)),
                    egui::Button::new(
                        RichText::new(format!("… {} unchanged words (click to show)", row.tokens)).small().weak(),
                    )
                    .frame(false),
                );
                if resp.clicked() {
                    view.unfolded.insert(i);
                }
                i += 1;
                continue;
            }
            let (ra, rb) = (trimmed(ta, row.a), trimmed(tb, row.b));
            let ma = if row.same { Vec::new() } else { marks_in(&result.marks_a, &moved_a, ra) };
            let mb = if row.same { Vec::new() } else { marks_in(&result.marks_b, &moved_b, rb) };
            let (ja, jb) = (side_job(ui, ta, ra, &ma, style, col), side_job(ui, tb, rb, &mb, style, col));
            let ga: Arc<Galley> = ui.fonts_mut(|f| f.layout_job(ja));
            let gb: Arc<Galley> = ui.fonts_mut(|f| f.layout_job(jb));
            let measured = ga.size().y.max(gb.size().y).max(row_h) + 2.0 * PAD;
            if (measured - view.heights[i]).abs() > 0.5 {
                view.heights[i] = measured;
                ui.ctx().request_repaint();
            }
            let painter = ui.painter();
            if !row.same {
                let tint = if view.current == Some(i) { style.changed() } else { ui.visuals().faint_bg_color };
                painter.rect_filled(Rect::from_min_max(left.min, right.max), 3.0, tint.gamma_multiply(0.35));
                let resp = ui.interact(
                    Rect::from_min_max(left.min, right.max),
                    ui.scope_id().with(("diff_row", i)),
                    Sense::hover(),
                );
                let label = describe(ta, tb, &ma, &mb);
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
            }
            let pa = left.min + vec2(0.0, PAD);
            let pb = right.min + vec2(0.0, PAD);
            painter.galley(pa, ga.clone(), style.text_color());
            painter.galley(pb, gb.clone(), style.text_color());
            for (k, m) in result.moves.iter().enumerate() {
                if m.a.overlaps(&ra) {
                    let local =
                        CharRange::new(m.a.start.0.max(ra.start.0) - ra.start.0, m.a.end.0.min(ra.end.0) - ra.start.0);
                    if let Some(r) = range_rects(&ga, local).last() {
                        ends_a.push((k, r.translate(pa.to_vec2())));
                    }
                }
                if m.b.overlaps(&rb) {
                    let local =
                        CharRange::new(m.b.start.0.max(rb.start.0) - rb.start.0, m.b.end.0.min(rb.end.0) - rb.start.0);
                    if let Some(r) = range_rects(&gb, local).first() {
                        ends_b.push((k, r.translate(pb.to_vec2())));
                    }
                }
            }
            i += 1;
        }
        // Join each moved passage's two places when both are in view, in
        // the gutter only: a line across the columns would run over the
        // paragraphs between the two places. The moved text itself is
        // marked in both columns.
        let stroke = Stroke::new(1.5, style.move_line());
        let (gl, gr) = (origin.x + col + 2.0, origin.x + col + GUTTER - 2.0);
        for (k, ra) in &ends_a {
            if let Some((_, rb)) = ends_b.iter().find(|(j, _)| j == k) {
                let p0 = pos2(gl, ra.center().y);
                let p1 = pos2(gr, rb.center().y);
                let mid = (gr - gl) / 2.0;
                let c = egui::epaint::CubicBezierShape::from_points_stroke(
                    [p0, pos2(p0.x + mid, p0.y), pos2(p1.x - mid, p1.y), p1],
                    false,
                    Color32::TRANSPARENT,
                    stroke,
                );
                ui.painter().add(c);
                ui.painter().circle_filled(p0, 2.5, style.move_line());
                ui.painter().circle_filled(p1, 2.5, style.move_line());
            }
        }
    });
    actions
}
