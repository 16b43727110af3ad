//! A reader pane: one document, virtualized.
//!
//! Only the blocks (paragraphs) in view are laid out, through egui's galley
//! cache (keyed by text, font and width, and cleared by egui when its font
//! atlas is rebuilt, which a cache of our own would miss); every block has a
//! height, measured once laid out and estimated before, so the scrollbar is
//! right from the first frame. Highlights and the selection are painted as bands behind
//! the cached galleys, so tagging never re-lays out text.

use std::sync::Arc;

use egui::emath::GuiRounding as _;
use egui::text::CCursor;
use egui::{Color32, FontId, Galley, Mesh, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::theme::{ReaderStyle, tag_band, tag_color};
use crate::analysis::highlight;
use crate::model::{AnchorStatus, AnnotationId, CharIdx, CharRange, DocId, Project, SourceText};

pub(crate) mod block;
mod caret;

use block::{BidiCache, BlockStyle, Laid};
use caret::keyboard_ui;
pub use caret::{CaretMove, step};

/// A text selection in one document (anchor is where the drag began).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Document.
    pub doc: DocId,
    /// Where the selection began.
    pub anchor: CharIdx,
    /// Where it ends now.
    pub head: CharIdx,
}

impl Selection {
    /// The selected range, start first.
    pub fn range(&self) -> CharRange {
        CharRange::new(self.anchor.0, self.head.0)
    }
}

/// Per-pane view state and caches.
#[allow(clippy::struct_excessive_bools)] // independent flags of one pane's view
pub struct Pane {
    /// The document shown.
    pub doc: DocId,
    /// Share of the desk's width.
    pub width: f32,
    /// Scroll request: bring this char to the top on the next frame.
    pub scroll_to: Option<CharIdx>,
    /// First char visible at the top (for saving and scroll lock).
    pub top_char: CharIdx,
    /// Scroll offset in points last frame.
    pub offset: f32,
    /// Scroll request in points (scroll lock).
    pub set_offset: Option<f32>,
    /// Annotation to flash briefly, with the time it started.
    pub flash: Option<(AnnotationId, f64)>,
    /// Salt of this pane's widget ids (unique among panes).
    pub id: (&'static str, u64),
    heights: Vec<f32>,
    layout_key: (u32, u32, u32, bool), // wrap width, font size, line spacing (f32 bits), dark
    spans_gen: u64,
    block_spans: Vec<Vec<(CharRange, AnnotationId)>>,
    last_visible: Vec<(usize, Pos2, Laid)>,
    /// The kept geometry of blocks with right-to-left text.
    bidi: BidiCache,
    /// The text area's visible rectangle on screen last frame.
    pub view_rect: Rect,
    /// Top of each block (and the end). f64: they are moved by many small
    /// deltas as heights get measured, which must not add up to an error.
    tops: Vec<f64>,
    /// Rebuild `tops` from `heights` (after a change of width or font).
    tops_dirty: bool,
    /// Heights measured last frame that differed from what `tops` assumed:
    /// (block, change).
    moved: Vec<(usize, f64)>,
    coverage_key: (u64, u64, bool),
    coverage: Vec<(f32, f32, Color32)>,
    /// The coverage marks as one mesh for the strip's rectangle (a book with
    /// ten thousand annotations has hundreds of marks: one shape instead of
    /// hundreds to tessellate each frame).
    coverage_mesh: Option<(Rect, Arc<Mesh>)>,
    /// This pane has the desk's keyboard: arrows move a caret in it and
    /// Shift+arrows select (set by the app each frame).
    pub keyboard: bool,
    /// The keyboard brought the user here (Ctrl+Alt+arrows): a caret shows
    /// at the first visible character before any key moved it.
    pub keyboard_caret: bool,
    /// Where the keyboard's caret last was in this pane.
    last_caret: Option<CharIdx>,
    /// Where the caret was across the row when it last moved up or down
    /// (kept so that a column is held over short rows).
    caret_x: Option<f32>,
    /// The caret was put at a row's end (End): at a wrap it stays at the
    /// end of that row rather than the start of the next.
    caret_row_end: bool,
}

/// Rows of the coverage strip's resolution.
const BUCKETS: usize = 600;

/// Bucket of a char offset (offsets are never negative, so the cast keeps
/// the value).
#[allow(clippy::cast_sign_loss)]
fn bucket(c: usize, len: f32, round_up: bool) -> usize {
    let x = (c as f32 / len) * BUCKETS as f32;
    (if round_up { x.ceil() } else { x }) as usize
}

/// The char at `share` (0..=1) of a text of `len` chars.
#[allow(clippy::cast_sign_loss)] // share is clamped to 0..=1
fn share_of(share: f32, len: usize) -> usize {
    ((share.clamp(0.0, 1.0) * len as f32) as usize).min(len)
}

/// Extra marks on a pane besides its annotations.
#[derive(Clone, Copy, Default)]
pub struct Overlay<'a> {
    /// Passages shared with other documents (sorted, not overlapping).
    pub shared: &'a [CharRange],
    /// Passages joined by links.
    pub linked: &'a [CharRange],
    /// Search hits (sorted).
    pub hits: &'a [CharRange],
    /// Changes whenever `shared` or `linked` change.
    pub generation: u64,
}

impl Pane {
    /// A pane for `doc`.
    pub fn new(doc: DocId, serial: u64) -> Self {
        Self {
            doc,
            width: 1.0,
            scroll_to: None,
            top_char: CharIdx(0),
            offset: 0.0,
            set_offset: None,
            flash: None,
            id: ("pane", serial),
            heights: Vec::new(),
            layout_key: (0, 0, 0, false),
            spans_gen: u64::MAX,
            block_spans: Vec::new(),
            last_visible: Vec::new(),
            bidi: BidiCache::default(),
            view_rect: Rect::NOTHING,
            tops: Vec::new(),
            tops_dirty: true,
            moved: Vec::new(),
            coverage_key: (u64::MAX, u64::MAX, false),
            coverage: Vec::new(),
            coverage_mesh: None,
            keyboard: false,
            caret_x: None,
            caret_row_end: false,
            keyboard_caret: false,
            last_caret: None,
        }
    }

    /// Coverage strip marks as (top, bottom, colour), in shares of the
    /// document's length, merged per pixel row of a tall strip so that ten
    /// thousand annotations cost a few hundred rectangles.
    fn refresh_coverage(
        &mut self,
        text: &SourceText,
        project: &Project,
        generation: u64,
        overlay: &Overlay<'_>,
        style: &ReaderStyle,
    ) {
        let key = (generation, overlay.generation, style.dark);
        if self.coverage_key == key {
            return;
        }
        self.coverage_key = key;
        self.coverage_mesh = None;
        let len = text.char_len().max(1) as f32;
        let mut buckets: Vec<Option<Color32>> = vec![None; BUCKETS];
        let mut put = |r: CharRange, c: Color32| {
            let b0 = bucket(r.start.0, len, false);
            let b1 = bucket(r.end.0, len, true);
            for b in buckets.iter_mut().take(b1.max(b0 + 1).min(BUCKETS)).skip(b0.min(BUCKETS - 1)) {
                *b = Some(c);
            }
        };
        let grey = Color32::from_gray(150);
        for r in overlay.shared {
            put(*r, style.shared_mark());
        }
        for a in project.annotations_of(self.doc) {
            if a.status == AnchorStatus::Orphaned {
                continue;
            }
            let c = a.tags.iter().find_map(|t| project.codebook().get(*t)).map_or(grey, |t| tag_color(t.color));
            put(a.anchor.range, c);
        }
        for r in overlay.linked {
            put(*r, style.link());
        }
        self.coverage.clear();
        for (i, b) in buckets.iter().enumerate() {
            let Some(c) = *b else { continue };
            let (t, e) = (i as f32 / BUCKETS as f32, (i + 1) as f32 / BUCKETS as f32);
            match self.coverage.last_mut() {
                Some(last) if last.2 == c && (last.1 - t).abs() < 1e-6 => last.1 = e,
                _ => self.coverage.push((t, e, c)),
            }
        }
    }

    /// Forget cached highlight spans (the project changed).
    fn refresh_spans(&mut self, text: &SourceText, project: &Project, generation: u64) {
        if self.spans_gen == generation && self.block_spans.len() == text.blocks().len() {
            return;
        }
        self.spans_gen = generation;
        self.block_spans = vec![Vec::new(); text.blocks().len()];
        for a in project.annotations_of(self.doc) {
            if a.status == AnchorStatus::Orphaned || a.anchor.range.is_empty() {
                continue;
            }
            let r = a.anchor.range;
            let first = text.block_at(r.start);
            let mut i = first;
            while i < text.blocks().len() && text.blocks()[i].chars.start < r.end {
                self.block_spans[i].push((r, a.id));
                i += 1;
            }
        }
    }

    fn refresh_layout(&mut self, text: &SourceText, wrap: f32, style: &ReaderStyle, row_h: f32) {
        let key = (wrap.to_bits(), style.font_size.to_bits(), style.line_spacing.to_bits(), style.dark);
        if key == self.layout_key && self.heights.len() == text.blocks().len() {
            return;
        }
        self.layout_key = key;
        self.tops_dirty = true;
        self.bidi.clear();
        let per_row = (wrap / (style.font_size * 0.5)).max(8.0);
        self.heights = text
            .blocks()
            .iter()
            .map(|b| {
                let rows = (b.chars.len() as f32 / per_row).ceil().max(1.0);
                rows * row_h + style.paragraph_gap()
            })
            .collect();
    }
}

/// What happened in a pane this frame.
#[derive(Default)]
pub struct PaneOutput {
    /// The annotation clicked, if any.
    pub clicked_annotation: Option<AnnotationId>,
    /// Annotations under the pointer (for the tooltip).
    pub hovered: Vec<AnnotationId>,
    /// The text area's response (for tooltips and the context menu).
    pub response: Option<egui::Response>,
    /// An annotation was Alt-dragged onto another: (from, to), to be linked.
    pub link_drop: Option<(AnnotationId, AnnotationId)>,
}

/// Drag-and-drop payload: the annotation a link is being dragged from.
#[derive(Clone, Copy, Debug)]
struct LinkDrag(AnnotationId);

const MARGIN: f32 = 14.0;

/// Show `text` in `pane`; `selection` is shared by all panes.
#[allow(clippy::too_many_lines, clippy::too_many_arguments)] // one pass over the visible blocks; splitting it would scatter the geometry
pub fn pane_ui(
    ui: &mut Ui,
    pane: &mut Pane,
    text: &SourceText,
    project: &Project,
    generation: u64,
    selected: Option<AnnotationId>,
    selection: &mut Option<Selection>,
    style: &ReaderStyle,
    overlay: &Overlay<'_>,
) -> PaneOutput {
    let mut out = PaneOutput::default();
    let font = FontId::proportional(style.font_size);
    let row_h = style.font_size * style.line_spacing;
    let wrap = (ui.available_width() - 2.0 * MARGIN - 12.0 - STRIP).max(60.0);
    pane.refresh_layout(text, wrap, style, row_h);
    pane.refresh_spans(text, project, generation);
    pane.refresh_coverage(text, project, generation, overlay, style);
    let strip_rect = {
        let r = ui.available_rect_before_wrap();
        Rect::from_min_max(pos2(r.max.x - STRIP - 12.0, r.min.y), pos2(r.max.x - 12.0, r.max.y))
    };

    // Block tops: a prefix sum over ~20k blocks for a book, so kept between
    // frames. A measured height moves the blocks below it (an add over the
    // rest of the array, which vectorizes; the prefix sum does not).
    if pane.tops_dirty || pane.tops.len() != pane.heights.len() + 1 {
        pane.tops.clear();
        let mut y = f64::from(MARGIN);
        for h in &pane.heights {
            pane.tops.push(y);
            y += f64::from(*h);
        }
        pane.tops.push(y);
        pane.tops_dirty = false;
        pane.moved.clear();
    }
    for (i, d) in pane.moved.drain(..) {
        for t in &mut pane.tops[i + 1..] {
            *t += d;
        }
    }
    let tops = std::mem::take(&mut pane.tops);
    #[allow(clippy::cast_possible_truncation)] // screen coordinates are f32
    let top = |i: usize| tops[i] as f32;
    let total = top(tops.len() - 1) + MARGIN;

    // A narrow bar in a lane of its own that does not widen when hovered:
    // the default floating bar grows over the ribbons drawn in the gap
    // beside the pane.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    let mut area = egui::ScrollArea::vertical().id_salt(pane.id).auto_shrink(false);
    if let Some(c) = pane.scroll_to.take() {
        let b = text.block_at(c).min(text.blocks().len().saturating_sub(1));
        area = area.vertical_scroll_offset(if b < tops.len() { top(b) } else { 0.0 } - MARGIN);
    } else if let Some(off) = pane.set_offset.take() {
        area = area.vertical_scroll_offset(off);
    }
    let output = area.show_viewport(ui, |ui, viewport| {
        let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), total), Sense::click_and_drag());
        let origin = rect.min;
        let painter = ui.painter_at(rect);
        let first = tops.partition_point(|&t| t <= f64::from(viewport.min.y)).saturating_sub(1);
        let mut visible: Vec<(usize, Pos2, Laid)> = Vec::new();
        let mut i = first;
        let lang = project.document(pane.doc).map_or("", |d| d.meta.lang.as_str());
        let block_style = BlockStyle { font: &font, color: style.text_color(), wrap, row_h, lang };
        while i < text.blocks().len() && top(i) < viewport.max.y {
            let block = text.blocks()[i];
            let galley = block::lay_out(ui, &mut pane.bidi, text.display(block).into_owned(), &block_style);
            let measured = galley.size().y + style.paragraph_gap();
            if (measured - pane.heights[i]).abs() > 0.5 {
                pane.moved.push((i, f64::from(measured - pane.heights[i])));
                pane.heights[i] = measured;
                ui.ctx().request_repaint();
            }
            let pos = origin + vec2(MARGIN, top(i));
            visible.push((i, pos, galley));
            i += 1;
        }
        pane.last_visible.clone_from(&visible);
        pane.top_char = visible.first().map_or(CharIdx(0), |(i, _, _)| text.blocks()[*i].chars.start);
        if pane.keyboard {
            keyboard_ui(ui, pane, text, &visible, selection);
        }

        // Highlights: one band per run, with a stacked underline per tag so
        // overlapping annotations stay distinguishable. Bands, underlines and
        // the selection are axis-aligned rectangles: they go into one mesh
        // per pane, painted under the text, which costs the tessellator a
        // copy instead of a path with anti-aliased edges per rectangle.
        let now = ui.input(|i| i.time);
        let mut marks = Marks::new(ui.pixels_per_point());
        for (bi, pos, galley) in &visible {
            let block = text.blocks()[*bi];
            let spans = &pane.block_spans[*bi];
            for run in highlight::runs(spans, block.chars) {
                let local =
                    CharRange::new(run.range.start.0 - block.chars.start.0, run.range.end.0 - block.chars.start.0);
                let rects = galley.rects(local);
                let mut tag_colors: Vec<Color32> = Vec::new();
                let mut band = None;
                for id in &run.annotations {
                    let Some(a) = project.annotation(*id) else { continue };
                    for t in &a.tags {
                        if let Some(tag) = project.codebook().get(*t) {
                            band.get_or_insert(tag_band(tag.color, style.dark));
                            tag_colors.push(tag_color(tag.color));
                        }
                    }
                }
                let band = band.unwrap_or(if style.dark {
                    Color32::from_rgba_unmultiplied(200, 200, 200, 40)
                } else {
                    Color32::from_rgba_unmultiplied(120, 120, 120, 40)
                });
                let is_selected = selected.is_some_and(|s| run.annotations.contains(&s));
                let flashing = pane.flash.is_some_and(|(f, t0)| run.annotations.contains(&f) && now - t0 < 1.2);
                for r in &rects {
                    let r = r.translate(pos.to_vec2());
                    marks.rect(r, band);
                    if is_selected || flashing {
                        painter.rect_stroke(r, 2.0, Stroke::new(1.5, style.text_color()), egui::StrokeKind::Outside);
                    }
                    for (k, c) in tag_colors.iter().take(4).enumerate() {
                        marks.hline(r.min.x, r.max.x, r.max.y - 1.0 - 2.5 * k as f32, 2.0, *c);
                    }
                }
            }
            // Search hits: a band under the text, below the selection.
            let from = overlay.hits.partition_point(|r| r.end <= block.chars.start);
            for r in overlay.hits[from..].iter().take_while(|r| r.start < block.chars.end) {
                let s = r.start.max(block.chars.start);
                let e = r.end.min(block.chars.end);
                let local = CharRange::new(s.0 - block.chars.start.0, e.0 - block.chars.start.0);
                for rr in galley.rects(local) {
                    marks.rect(rr.translate(pos.to_vec2()), style.search_hit());
                }
            }
            if let Some(sel) = selection.filter(|s| s.doc == pane.doc) {
                let r = sel.range();
                let s = r.start.max(block.chars.start);
                let e = r.end.min(block.chars.end);
                if s < e {
                    let local = CharRange::new(s.0 - block.chars.start.0, e.0 - block.chars.start.0);
                    for rr in galley.rects(local) {
                        marks.rect(rr.translate(pos.to_vec2()), style.selection());
                    }
                }
                // The caret, where the keyboard is.
                if pane.keyboard && text.block_at(sel.head) == *bi {
                    let local = sel.head.0.saturating_sub(block.chars.start.0);
                    let at = galley.caret_rect(local, !pane.caret_row_end).translate(pos.to_vec2());
                    marks.rect(
                        Rect::from_min_max(at.min - vec2(1.0, 0.0), pos2(at.min.x + 1.0, at.max.y)),
                        style.text_color(),
                    );
                }
            } else if pane.keyboard && pane.keyboard_caret && text.block_at(pane.top_char) == *bi {
                // No selection here yet: the caret the first arrow key
                // starts from, at the first visible character, so that the
                // pane just moved to shows where the keyboard is.
                let local = pane.top_char.0.saturating_sub(block.chars.start.0);
                let at = galley.caret_rect(local, false).translate(pos.to_vec2());
                marks.rect(
                    Rect::from_min_max(at.min - vec2(1.0, 0.0), pos2(at.min.x + 1.0, at.max.y)),
                    style.text_color(),
                );
            }
            // Shared and linked text: a thin line under each row (solid:
            // a dashed line costs a hundred segments per row, and a shared
            // passage can cover a whole book).
            for (ranges, color, width) in
                [(overlay.shared, style.shared_mark(), 1.0), (overlay.linked, style.link(), 1.5)]
            {
                let from = ranges.partition_point(|r| r.end <= block.chars.start);
                for r in ranges[from..].iter().take_while(|r| r.start < block.chars.end) {
                    let s = r.start.max(block.chars.start);
                    let e = r.end.min(block.chars.end);
                    let local = CharRange::new(s.0 - block.chars.start.0, e.0 - block.chars.start.0);
                    for rr in galley.rects(local) {
                        let rr = rr.translate(pos.to_vec2());
                        marks.hline(rr.min.x, rr.max.x, rr.max.y + 1.0, width, color);
                    }
                }
            }
        }
        painter.add(Shape::mesh(marks.mesh));
        for (_, pos, galley) in &visible {
            galley.paint(&painter, *pos, style.text_color());
        }
        if pane.flash.is_some_and(|(_, t0)| now - t0 < 1.2) {
            ui.ctx().request_repaint();
        }

        // Pointer: map to a char of the document.
        let hit = |p: Pos2| -> Option<CharIdx> {
            let (bi, pos, galley) = visible
                .iter()
                .find(|(_, pos, g)| p.y < pos.y + g.size().y + style.paragraph_gap())
                .or_else(|| visible.last())?;
            let block = text.blocks()[*bi];
            let c = galley.at(p - *pos);
            Some(CharIdx(block.chars.start.0 + c.min(block.chars.len())))
        };
        // Annotations covering char `c`.
        let annotations_at = |c: CharIdx| {
            pane.block_spans[text.block_at(c).min(pane.block_spans.len().saturating_sub(1))]
                .iter()
                .filter(move |(r, _)| r.contains(c))
                .map(|(_, id)| *id)
        };
        if let Some(c) = resp.hover_pos().and_then(hit) {
            out.hovered = annotations_at(c).collect();
        }
        let shift = ui.input(|i| i.modifiers.shift);
        let alt = ui.input(|i| i.modifiers.alt);
        let first_under = |p: Option<Pos2>| p.and_then(hit).and_then(|c| annotations_at(c).next());
        // Alt+drag from an annotation onto another one (in any pane) links them.
        if let Some(p) = resp.dnd_release_payload::<LinkDrag>()
            && let Some(to) = first_under(ui.input(|i| i.pointer.latest_pos()))
            && to != p.0
        {
            out.link_drop = Some((p.0, to));
        }
        let link_from = (alt && resp.dragged_by(egui::PointerButton::Primary))
            .then(|| first_under(ui.input(|i| i.pointer.press_origin())))
            .flatten();
        if let Some(id) = link_from {
            resp.dnd_set_drag_payload(LinkDrag(id));
            ui.ctx().set_cursor_icon(egui::CursorIcon::Alias);
        } else if resp.drag_started_by(egui::PointerButton::Primary) {
            // A new selection takes the keyboard from any text field.
            ui.memory_mut(|m| {
                if let Some(f) = m.focused() {
                    m.surrender_focus(f);
                }
            });
            // The drag is recognised only after the pointer moved a little:
            // start the selection where the button went down.
            let origin = ui.input(|i| i.pointer.press_origin()).or(resp.interact_pointer_pos());
            if let Some(c) = origin.and_then(hit) {
                match selection {
                    Some(s) if shift && s.doc == pane.doc => s.head = c,
                    _ => *selection = Some(Selection { doc: pane.doc, anchor: c, head: c }),
                }
            }
        } else if resp.dragged_by(egui::PointerButton::Primary) {
            if let (Some(c), Some(s)) = (resp.interact_pointer_pos().and_then(hit), selection.as_mut())
                && s.doc == pane.doc
            {
                s.head = c;
            }
            // Auto-scroll when dragging past the edge.
            if let Some(p) = resp.interact_pointer_pos() {
                let dy = if p.y > viewport.max.y + origin.y - 20.0 {
                    12.0
                } else if p.y < viewport.min.y + origin.y + 20.0 {
                    -12.0
                } else {
                    0.0
                };
                if dy != 0.0 {
                    ui.scroll_with_delta(vec2(0.0, -dy));
                }
            }
        } else if resp.double_clicked() {
            if let Some(c) = resp.interact_pointer_pos().and_then(hit) {
                let w = word_at(text, c);
                *selection = Some(Selection { doc: pane.doc, anchor: w.start, head: w.end });
            }
        } else if resp.clicked()
            && let Some(c) = resp.interact_pointer_pos().and_then(hit)
        {
            if shift {
                match selection {
                    Some(s) if s.doc == pane.doc => s.head = c,
                    _ => *selection = Some(Selection { doc: pane.doc, anchor: c, head: c }),
                }
            } else {
                *selection = None;
                out.clicked_annotation = out.hovered.first().copied();
            }
        }
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Document text"));
        out.response = Some(resp);
    });
    pane.offset = output.state.clamped_offset().y;
    pane.view_rect = output.inner_rect;
    pane.tops = tops;
    coverage_strip_ui(ui, pane, strip_rect, text);
    out
}

/// Width of the coverage strip beside the scrollbar.
const STRIP: f32 = 8.0;

/// The coverage strip: where the document's tags, links and shared passages
/// are; a click or drag scrolls there.
fn coverage_strip_ui(ui: &mut Ui, pane: &mut Pane, rect: Rect, text: &SourceText) {
    let resp = ui.interact(rect, ui.scope_id().with((pane.id, "coverage")), Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let h = rect.height();
    let mesh = match &pane.coverage_mesh {
        Some((r, mesh)) if *r == rect => mesh.clone(),
        _ => {
            let mut marks = Marks::new(ui.pixels_per_point());
            for (t, e, c) in &pane.coverage {
                let r = Rect::from_min_max(
                    pos2(rect.min.x, rect.min.y + t * h),
                    pos2(rect.max.x, rect.min.y + (e * h).max(t * h + 2.0)),
                );
                marks.rect(r, *c);
            }
            let mesh = Arc::new(marks.mesh);
            pane.coverage_mesh = Some((rect, mesh.clone()));
            mesh
        }
    };
    painter.add(Shape::Mesh(mesh));
    if (resp.clicked() || resp.dragged())
        && let Some(p) = resp.interact_pointer_pos()
    {
        let share = ((p.y - rect.min.y) / h).clamp(0.0, 1.0);
        pane.scroll_to = Some(CharIdx(share_of(share, text.char_len())));
    }
    resp.on_hover_text("Where this document's tags, links and shared passages are; click to jump")
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Coverage strip"));
}

/// Axis-aligned rectangles gathered into one mesh, snapped to whole pixels
/// so their edges stay sharp without anti-aliasing.
struct Marks {
    mesh: Mesh,
    pixels_per_point: f32,
}

impl Marks {
    fn new(pixels_per_point: f32) -> Self {
        Self { mesh: Mesh::default(), pixels_per_point }
    }

    fn rect(&mut self, r: Rect, color: Color32) {
        let r = r.round_to_pixels(self.pixels_per_point);
        if r.width() > 0.0 && r.height() > 0.0 {
            self.mesh.add_colored_rect(r, color);
        }
    }

    /// A horizontal line `width` thick centred on `y`, from `x0` to `x1`.
    fn hline(&mut self, x0: f32, x1: f32, y: f32, width: f32, color: Color32) {
        self.rect(Rect::from_min_max(pos2(x0, y - width / 2.0), pos2(x1, y + width / 2.0)), color);
    }
}

/// Rectangles covering chars `range` of a galley (one per row).
pub(crate) fn range_rects(galley: &Galley, range: CharRange) -> Vec<Rect> {
    let s = galley.layout_from_cursor(CCursor::new(range.start.0));
    let e = galley.layout_from_cursor(CCursor::new(range.end.0));
    let mut out = Vec::new();
    for row_i in s.row..=e.row.min(galley.rows.len().saturating_sub(1)) {
        let placed = &galley.rows[row_i];
        let row_rect = placed.rect();
        let x0 = if row_i == s.row { placed.pos.x + placed.row.x_offset(s.column) } else { row_rect.min.x };
        let x1 = if row_i == e.row { placed.pos.x + placed.row.x_offset(e.column) } else { row_rect.max.x };
        if x1 > x0 {
            out.push(Rect::from_min_max(pos2(x0, row_rect.min.y), pos2(x1, row_rect.max.y)));
        }
    }
    out
}

/// The word (by Unicode word boundaries) around char `c`.
pub fn word_at(text: &SourceText, c: CharIdx) -> CharRange {
    use unicode_segmentation::UnicodeSegmentation;
    let block = text.blocks().get(text.block_at(c)).copied();
    let Some(block) = block.filter(|b| b.chars.contains(c)) else {
        return CharRange::new(c.0, c.0);
    };
    let mut pos = block.chars.start.0;
    for w in text.slice(block.chars).split_word_bounds() {
        let n = w.chars().count();
        if c.0 < pos + n {
            return CharRange::new(pos, pos + n);
        }
        pos += n;
    }
    CharRange::new(c.0, c.0)
}

/// Where a passage is relative to a pane's view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    /// Above the visible part.
    Above,
    /// Visible, between these screen y coordinates.
    At(f32, f32),
    /// Below the visible part.
    Below,
}

impl Pane {
    /// The chars of the blocks painted last frame.
    pub fn visible_chars(&self, text: &SourceText) -> CharRange {
        match (self.last_visible.first(), self.last_visible.last()) {
            (Some(f), Some(l)) => {
                let (a, b) = (text.blocks()[f.0].chars.start, text.blocks()[l.0].chars.end);
                CharRange { start: a, end: b }
            }
            _ => CharRange::default(),
        }
    }

    /// Where chars `range` are on screen, as last painted.
    pub fn place(&self, text: &SourceText, range: CharRange) -> Place {
        let (Some(first), Some(last)) = (self.last_visible.first(), self.last_visible.last()) else {
            return Place::Below;
        };
        let top = self.view_rect.min.y;
        let bottom = self.view_rect.max.y;
        let y_of = |c: CharIdx, end: bool| -> f32 {
            let bi = text.block_at(c);
            if bi < first.0 {
                return top - 1.0;
            }
            if bi > last.0 {
                return bottom + 1.0;
            }
            let Some((_, pos, galley)) = self.last_visible.iter().find(|(i, _, _)| *i == bi) else {
                return top;
            };
            let local = c.0.saturating_sub(text.blocks()[bi].chars.start.0);
            let r = galley.caret_rect(local, false);
            pos.y + if end { r.max.y } else { r.min.y }
        };
        let (y0, y1) = (y_of(range.start, false), y_of(range.end, true));
        if y1 < top {
            Place::Above
        } else if y0 > bottom {
            Place::Below
        } else {
            Place::At(y0.max(top), y1.min(bottom).max(y0.max(top) + 2.0))
        }
    }

    /// Screen position of char `c` as last painted (`None` when not in view).
    /// Tests use it to drag across text.
    pub fn screen_pos(&self, text: &SourceText, c: CharIdx) -> Option<Pos2> {
        let bi = text.block_at(c);
        let (_, pos, galley) = self.last_visible.iter().find(|(i, _, _)| *i == bi)?;
        let local = c.0.checked_sub(text.blocks().get(bi)?.chars.start.0)?;
        let r = galley.caret_rect(local, false);
        Some(*pos + r.left_center().to_vec2())
    }
}
