//! The synopsis table: column heads with their strips, and the rows, virtualized, with their cells' marks, notes and input.

use super::header::{label, width_colour};
#[allow(clippy::wildcard_imports)] // the view's types and constants
use super::*;

#[allow(clippy::too_many_lines)] // one table: headers, rows, cells and their input
pub(super) fn table_ui(
    ui: &mut Ui,
    view: &mut SynopsisView,
    r: &Arc<Aligned>,
    src: &Sources<'_>,
    out: &mut Vec<SynopsisAction>,
) {
    let n = r.docs.len();
    #[allow(clippy::cast_precision_loss)] // a handful of columns
    let col_w = ((ui.available_width() - GUTTER - 16.0) / n as f32).clamp(MIN_COLUMN, MAX_COLUMN).floor();
    let font = FontId::proportional(src.style.font_size.clamp(11.0, 22.0) * 0.9);
    let key = (col_w.to_bits(), font.size.to_bits());
    if key != view.layout_key {
        view.layout_key = key;
        view.heights.fill(f32::NAN);
    }
    if view.marks_for != Some(src.generation) {
        view.marks.clear();
        view.marks_for = Some(src.generation);
    }
    for d in &r.docs {
        view.marks.entry(*d).or_insert_with(|| {
            let list = src
                .project
                .annotations_of(*d)
                .into_iter()
                .map(|a| {
                    let c = a
                        .tags
                        .iter()
                        .find_map(|t| src.project.codebook().get(*t))
                        .map_or(Color32::from_gray(150), |t| crate::ui::theme::tag_color(t.color));
                    (a.anchor.range, c)
                })
                .collect::<Vec<_>>();
            let reach = list
                .iter()
                .scan(0, |far, (r, _)| {
                    *far = r.end.0.max(*far);
                    Some(*far)
                })
                .collect();
            (list, reach)
        });
    }
    let dark = ui.visuals().dark_mode;
    let row_h = font.size * 1.35;
    let wrap = col_w - 2.0 * PAD;
    let text_color = src.style.text_color();
    let weak = ui.visuals().weak_text_color();
    // Column heads, scrolled sideways with the table (last frame's offset).
    let (head, _) = ui.allocate_exact_size(vec2(ui.available_width(), 48.0), Sense::hover());
    #[allow(clippy::cast_precision_loss)] // rows
    let rows_total = r.syn.rows.len().max(1) as f32;
    for (c, doc) in r.docs.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // columns
        let x = head.left() + GUTTER + c as f32 * col_w - view.offset.x;
        let rect = Rect::from_min_size(pos2(x, head.top()), vec2(col_w - 4.0, head.height()));
        if rect.right() < head.left() + GUTTER || rect.left() > head.right() {
            continue;
        }
        let mut child = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect)
                .layout(egui::Layout::top_down(egui::Align::Min))
                .id_salt(("syn head", c)),
        );
        child.set_clip_rect(Rect::from_min_max(pos2(head.left() + GUTTER, head.top()), head.max));
        child.horizontal(|ui| {
            if c == r.reference {
                ui.label(RichText::new("reference").small().strong().color(src.style.link()))
                    .on_hover_text("Rows follow this column's order; the others' words are marked against it");
            }
            crate::ui::bidi_line::truncated(ui, &label(src, &r.docs, c), true, false);
        });
        let sub = src.project.document(*doc).map_or_else(String::new, |d| {
            let file =
                std::path::Path::new(&d.path).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            [d.meta.date.as_str(), d.meta.source.as_str(), file.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ")
        });
        child.label(RichText::new(sub).small().weak());
        // The strip: where this column's material of its own lies.
        let (strip, resp) = child.allocate_exact_size(vec2(col_w - 12.0, 8.0), Sense::click());
        child.painter().rect_filled(strip, 2.0, child.visuals().faint_bg_color);
        let mut uniques = Vec::new();
        for (i, row) in r.syn.rows.iter().enumerate() {
            if row.width() == 1 && n > 1 && !row.cells[c].is_empty() {
                #[allow(clippy::cast_precision_loss)] // rows
                let x = strip.left() + strip.width() * i as f32 / rows_total;
                child.painter().vline(x, strip.y_range(), Stroke::new(1.5, width_colour(1, n, dark, 255)));
                uniques.push(i);
            }
        }
        let resp = resp.on_hover_text(format!(
            "{} row{} only this document has; click to go there",
            uniques.len(),
            if uniques.len() == 1 { "" } else { "s" }
        ));
        if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let at = ((p.x - strip.left()) / strip.width() * rows_total).max(0.0);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a row index
            let at = at as usize;
            let best = uniques.iter().min_by_key(|u| u.abs_diff(at)).copied();
            view.filter = RowFilter::All;
            view.refresh_shown();
            view.scroll_to_row = best;
        }
    }
    // The rows.
    view.refresh_shown();
    view.drawn.clear();
    let mut area = ScrollArea::both().id_salt("synopsis table").auto_shrink([false, false]).animated(false);
    let dy = std::mem::take(&mut view.pending_scroll);
    // At the end (End) until the user scrolls: a wheel, a press (the scroll
    // bar), or a jump of ours.
    let user_scrolls = ui.input(|i| i.pointer.any_down() || i.smooth_scroll_delta.y != 0.0);
    if user_scrolls || dy != 0.0 || view.scroll_to_row.is_some() {
        view.stick_end = false;
    }
    if dy != 0.0 {
        // Not past the last row (heights not measured yet are estimates):
        // a table scrolled beyond its end shows nothing.
        let total: f32 = view.heights.iter().map(|h| if h.is_nan() { ESTIMATE } else { *h }).sum();
        let last = (total - view.page).max(0.0);
        area = area.vertical_scroll_offset((view.offset.y + dy).clamp(0.0, last));
        ui.ctx().request_repaint();
    }
    if let Some(row) = view.scroll_to_row.take()
        && let Some(at) = view.shown.iter().position(|x| *x >= row)
    {
        let y: f32 = view.heights[..at].iter().map(|h| if h.is_nan() { ESTIMATE } else { *h }).sum();
        area = area.vertical_scroll_offset(y);
        // Rows measured on the way may move it: look again next frame.
        ui.ctx().request_repaint();
    }
    if view.stick_end {
        let total: f32 = view.heights.iter().map(|h| if h.is_nan() { ESTIMATE } else { *h }).sum();
        area = area.vertical_scroll_offset((total - view.page).max(0.0)).stick_to_bottom(true);
    }
    let mut measured_any = false;
    let shown = view.shown.clone();
    #[allow(clippy::cast_precision_loss)] // columns
    let total_w = GUTTER + n as f32 * col_w + 16.0;
    let output = area.show_viewport(ui, |ui, viewport| {
        let total: f32 = view.heights.iter().map(|h| if h.is_nan() { ESTIMATE } else { *h }).sum();
        let origin = ui.min_rect().min;
        ui.allocate_space(vec2(total_w, total));
        let mut y = 0.0;
        for (k, row_i) in shown.iter().enumerate() {
            let h = if view.heights[k].is_nan() { ESTIMATE } else { view.heights[k] };
            if y + h < viewport.min.y {
                y += h;
                continue;
            }
            if y > viewport.max.y {
                break;
            }
            let row = &r.syn.rows[*row_i];
            let top = origin.y + y;
            // Lay out the cells in view: per column, per sentence.
            let mut cells: Vec<(usize, Vec<(CharRange, Laid)>)> = Vec::new();
            let mut tallest: f32 = 0.0;
            for (c, doc) in r.docs.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)] // columns
                let x = GUTTER + c as f32 * col_w;
                if row.cells[c].is_empty() || x + col_w < viewport.min.x || x > viewport.max.x {
                    continue;
                }
                let Some(text) = (src.text)(*doc) else { continue };
                let lang = src.project.document(*doc).map_or("", |d| d.meta.lang.as_str());
                let style = BlockStyle { font: &font, color: text_color, wrap, row_h, lang };
                let laid: Vec<(CharRange, Laid)> = row.cells[c]
                    .iter()
                    .map(|s| {
                        let range = r.syn.sentences[c][*s].range;
                        // A line break inside a sentence (a hard-wrapped
                        // book) reflows to the column: a space, one char
                        // for one, so places in the cell stay the text's.
                        let shown = if range.end.0 <= text.char_len() {
                            text.slice(range).replace('\n', " ")
                        } else {
                            String::new()
                        };
                        (range, lay_out(ui, &mut view.bidi, shown, &style))
                    })
                    .collect();
                let mut hgt: f32 = laid.iter().map(|(_, l)| l.size().y + 2.0).sum();
                #[allow(clippy::cast_precision_loss)] // one or two lines of notes
                let notes = cell_notes(r, *row_i, c).len() as f32;
                hgt += notes * row_h;
                tallest = tallest.max(hgt);
                cells.push((c, laid));
            }
            // A row whose cells are all out of view sideways keeps the
            // height it was measured at.
            let measured = if cells.is_empty() && !h.is_nan() { h } else { tallest + 2.0 * PAD + 1.0 };
            let row_rect = Rect::from_min_size(pos2(origin.x, top), vec2(total_w, measured));
            let tint = width_colour(row.width(), n, dark, if dark { 34 } else { 22 });
            if row.width() < n {
                ui.painter().rect_filled(row_rect, 0.0, tint);
            }
            ui.painter().hline(row_rect.x_range(), row_rect.bottom(), Stroke::new(0.5, ui.visuals().faint_bg_color));
            for (c, laid) in cells {
                #[allow(clippy::cast_precision_loss)] // columns
                let x = origin.x + GUTTER + c as f32 * col_w + PAD;
                let doc = r.docs[c];
                let cell_rect = Rect::from_min_size(pos2(x - PAD, top), vec2(col_w, measured));
                let id = ui.scope_id().with(("syn cell", row_i, c));
                let resp = ui.interact(cell_rect, id, Sense::click_and_drag());
                view.drawn.push((*row_i, c, cell_rect));
                // Where each sentence is drawn.
                let mut places = Vec::new();
                let mut yy = top + PAD;
                for (range, l) in &laid {
                    let pos = if l.rtl() { pos2(x + wrap - l.size().x, yy) } else { pos2(x, yy) };
                    places.push((pos, *range));
                    yy += l.size().y + 2.0;
                }
                let char_at = |p: egui::Pos2| -> Option<CharIdx> {
                    let (i, (pos, range)) = places.iter().enumerate().min_by(|a, b| {
                        let da = (a.1.0.y - p.y).max(0.0).max(p.y - (a.1.0.y + laid[a.0].1.size().y));
                        let db = (b.1.0.y - p.y).max(0.0).max(p.y - (b.1.0.y + laid[b.0].1.size().y));
                        da.total_cmp(&db)
                    })?;
                    let at = laid[i].1.at(p - *pos).min(range.len());
                    Some(CharIdx(range.start.0 + at))
                };
                // A drag starts where the button went down, a few pixels
                // before egui calls it a drag.
                if resp.drag_started()
                    && let Some(p) = ui.input(|i| i.pointer.press_origin()).or(resp.interact_pointer_pos())
                    && let Some(at) = char_at(p)
                {
                    view.drag = Some((c, *row_i, at));
                }
                if resp.dragged()
                    && let Some((dc, dr, from)) = view.drag
                    && dc == c
                    && dr == *row_i
                    && let Some(p) = resp.interact_pointer_pos()
                    && let Some(at) = char_at(p)
                {
                    out.push(SynopsisAction::Select(Selection { doc, anchor: from, head: at }));
                }
                if resp.drag_stopped() {
                    view.drag = None;
                }
                let whole =
                    CharRange::new(laid.first().map_or(0, |(r, _)| r.start.0), laid.last().map_or(0, |(r, _)| r.end.0));
                if resp.double_clicked() {
                    out.push(SynopsisAction::Open(doc, whole));
                } else if resp.clicked() {
                    out.push(SynopsisAction::Select(Selection { doc, anchor: whole.start, head: whole.end }));
                    view.cursor = Some((*row_i, c));
                }
                if view.cursor == Some((*row_i, c)) {
                    ui.painter().rect_stroke(
                        cell_rect.shrink(1.0),
                        3.0,
                        Stroke::new(2.0, ui.visuals().selection.stroke.color),
                        egui::StrokeKind::Inside,
                    );
                }
                // Who carried this row first, when documents have dates.
                if first_here(r, src, *row_i, c) {
                    ui.painter().text(
                        pos2(cell_rect.right() - 4.0, cell_rect.top() + 2.0),
                        egui::Align2::RIGHT_TOP,
                        "first",
                        FontId::proportional(10.0),
                        weak,
                    );
                }
                resp.context_menu(|ui| {
                    if ui.button("Tag this sentence…").clicked() {
                        out.push(SynopsisAction::Select(Selection { doc, anchor: whole.start, head: whole.end }));
                        out.push(SynopsisAction::Tag);
                        ui.close();
                    }
                    if ui.button("Open in its document").clicked() {
                        out.push(SynopsisAction::Open(doc, whole));
                        ui.close();
                    }
                    ui.separator();
                    row_menu(ui, r, src, &shown, k, c, out);
                });
                if resp.hovered() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
                }
                let (marks, reach) =
                    view.marks.get(&doc).map_or((&[][..], &[][..]), |(m, r)| (m.as_slice(), r.as_slice()));
                for (k, ((pos, range), (_, l))) in places.iter().zip(&laid).enumerate() {
                    let local = |a: usize, b: usize| CharRange::new(a.saturating_sub(range.start.0), b - range.start.0);
                    // Coded passages: underlined in their first tag's colour
                    // (the differences below take the background).
                    let first = reach.partition_point(|far| *far <= range.start.0);
                    for (m, colour) in marks[first..].iter().take_while(|(m, _)| m.start.0 < range.end.0) {
                        if m.end.0 <= range.start.0 {
                            continue;
                        }
                        let (a, b) = (m.start.0.max(range.start.0), m.end.0.min(range.end.0));
                        for rect in l.rects(local(a, b)) {
                            let r = rect.translate(pos.to_vec2());
                            ui.painter().hline(r.x_range(), r.bottom() - 0.5, Stroke::new(2.5, *colour));
                        }
                    }
                    // Words the lead does not have; numbers and names in a
                    // stronger colour and underlined.
                    if let Some(d) = r.diffs[*row_i][c].get(k) {
                        for (w, strong) in &d.added {
                            for rect in l.rects(*w) {
                                let rect = rect.translate(pos.to_vec2());
                                ui.painter().rect_filled(rect, 2.0, src.style.changed());
                                if *strong {
                                    ui.painter().rect_stroke(
                                        rect,
                                        2.0,
                                        Stroke::new(1.5, src.style.link()),
                                        egui::StrokeKind::Outside,
                                    );
                                }
                            }
                        }
                    }
                    if let Some(sel) = src.selection.filter(|s| s.doc == doc) {
                        let s = sel.range();
                        let (a, b) = (s.start.0.max(range.start.0), s.end.0.min(range.end.0));
                        if a < b {
                            for rect in l.rects(local(a, b)) {
                                ui.painter().rect_filled(rect.translate(pos.to_vec2()), 0.0, src.style.selection());
                            }
                        }
                    }
                    l.paint(ui.painter(), *pos, text_color);
                }
                let mut y =
                    places.last().map_or(top + PAD, |(p, _)| p.y) + laid.last().map_or(0.0, |(_, l)| l.size().y);
                for note in cell_notes(r, *row_i, c) {
                    ui.painter().text(
                        pos2(x, y + 2.0),
                        egui::Align2::LEFT_TOP,
                        note,
                        FontId::proportional(11.0),
                        src.style.link(),
                    );
                    y += row_h;
                }
                if let Some(d) = r.diffs[*row_i][c].iter().find(|d| !d.dropped.is_empty()) {
                    let mut tip = d.dropped.iter().take(30).cloned().collect::<Vec<_>>().join(" ");
                    if d.dropped.len() > 30 {
                        tip.push_str(" …");
                    }
                    resp.on_hover_text(format!("Lacks these words of {}: {tip}", lead_name(r, *row_i)));
                }
            }
            // The gutter (row number, how many documents carry it) stays
            // at the left edge when the table scrolls sideways.
            let gx = ui.clip_rect().left();
            let gutter = Rect::from_min_size(pos2(gx, top), vec2(GUTTER - 4.0, measured));
            ui.painter().rect_filled(gutter, 0.0, ui.visuals().panel_fill);
            if row.width() < n {
                ui.painter().rect_filled(gutter, 0.0, tint);
            }
            ui.painter().text(
                pos2(gx + 4.0, top + PAD),
                egui::Align2::LEFT_TOP,
                format!("{}", row_i + 1),
                FontId::proportional(11.0),
                weak,
            );
            ui.painter().text(
                pos2(gx + 4.0, top + PAD + 13.0),
                egui::Align2::LEFT_TOP,
                format!("{}/{n}", row.width()),
                FontId::proportional(10.0),
                weak,
            );
            if (measured - h).abs() > 0.5 {
                view.heights[k] = measured;
                measured_any = true;
                ui.ctx().request_repaint();
            }
            y += measured;
        }
        view.page = viewport.height();
    });
    view.offset = output.state.clamped_offset();
    if view.stick_end && measured_any {
        ui.ctx().request_repaint();
    }
}

/// The sentences of a row's cells (all columns, or those from `from` to
/// `to`) as places, with the text they read now.
pub(super) fn places(r: &Aligned, src: &Sources<'_>, row: usize, cols: std::ops::Range<usize>) -> Vec<Place> {
    let mut out = Vec::new();
    for c in cols {
        let Some(text) = (src.text)(r.docs[c]) else { continue };
        for s in &r.syn.rows[row].cells[c] {
            let range = r.syn.sentences[c][*s].range;
            if range.end.0 <= text.char_len() {
                out.push(Place { doc: r.docs[c], range, quote: text.slice(range).to_owned() });
            }
        }
    }
    out
}

/// A cell's choices about its row: take its sentences out, join the row
/// above or below (as shown), split the row before its column.
pub(super) fn row_menu(
    ui: &mut Ui,
    r: &Aligned,
    src: &Sources<'_>,
    shown: &[usize],
    k: usize,
    c: usize,
    out: &mut Vec<SynopsisAction>,
) {
    let n = r.docs.len();
    let row_i = shown[k];
    let row = &r.syn.rows[row_i];
    let mut pick = None;
    if row.width() > 1 && ui.button("Take this sentence out of the row").clicked() {
        pick = Some((ChoiceKind::Alone, places(r, src, row_i, c..c + 1), Vec::new(), "Synopsis: take out of the row"));
    }
    let all = |row: usize| places(r, src, row, 0..n);
    if k > 0 && ui.button("Join the row above").clicked() {
        pick = Some((ChoiceKind::Together, all(row_i), all(shown[k - 1]), "Synopsis: join rows"));
    }
    if k + 1 < shown.len() && ui.button("Join the row below").clicked() {
        pick = Some((ChoiceKind::Together, all(row_i), all(shown[k + 1]), "Synopsis: join rows"));
    }
    let left = row.cells[..c].iter().any(|x| !x.is_empty());
    if left && ui.button("Split the row before this column").clicked() {
        let (a, b) = (places(r, src, row_i, 0..c), places(r, src, row_i, c..n));
        pick = Some((ChoiceKind::Apart, a, b, "Synopsis: split the row"));
    }
    if let Some((kind, a, b, what)) = pick {
        out.push(SynopsisAction::Choose(RowChoice::new(kind, a, b), what.to_owned()));
        ui.close();
    }
}

/// True when column `c` carried shared row `row` first: its document's
/// date is the earliest of the row's dated documents.
pub(super) fn first_here(r: &Aligned, src: &Sources<'_>, row: usize, c: usize) -> bool {
    let cells = &r.syn.rows[row].cells;
    if cells.iter().filter(|x| !x.is_empty()).count() < 2 {
        return false;
    }
    let date = |k: usize| src.project.document(r.docs[k]).map(|d| d.meta.date.as_str()).filter(|d| !d.is_empty());
    let Some(mine) = date(c) else { return false };
    let dated: Vec<&str> = (0..cells.len()).filter(|k| !cells[*k].is_empty()).filter_map(date).collect();
    dated.len() > 1 && dated.iter().all(|d| mine <= *d) && dated.iter().any(|d| mine < *d)
}

/// The notes under a cell: where a moved sentence stood, and how many of
/// the reference's words it lacks when that is more than a slip.
pub(super) fn cell_notes(r: &Aligned, row: usize, col: usize) -> Vec<String> {
    let mut notes = Vec::new();
    match r.syn.rows[row].moved[col] {
        Some(Some(before)) => notes.push(format!("moved: stood after row {}", before + 1)),
        Some(None) => notes.push("moved: stood first".to_owned()),
        None => {}
    }
    let lacks: usize = r.diffs[row][col].iter().map(|d| d.dropped.len()).sum();
    if lacks >= 3 {
        notes.push(format!("lacks {lacks} words of {}", lead_name(r, row)));
    }
    notes
}

/// What a row's cells are marked against: the reference, or (where the
/// reference has nothing) the first column with a sentence.
pub(super) fn lead_name(r: &Aligned, row: usize) -> String {
    let cells = &r.syn.rows[row].cells;
    if cells.get(r.reference).is_some_and(|c| !c.is_empty()) {
        "the reference".to_owned()
    } else {
        cells.iter().position(|c| !c.is_empty()).map_or_else(String::new, |c| format!("column {}", c + 1))
    }
}
