//! The retrieval view: coded passages chosen by tags, documents and text,
//! in columns (one per document or per outlet) that read across, each
//! passage with its tags, an editable note, context on request and a jump to
//! its source.
//!
//! Columns are virtualized: each keeps the measured height of its cards
//! (estimated until first drawn) and lays out only those in view, so ten
//! thousand passages scroll like ten.

use std::collections::{BTreeSet, HashSet};

use egui::{Color32, RichText, ScrollArea, Ui, UiBuilder, pos2, vec2};

use super::notes::{excerpt, quoted};
use crate::analysis::retrieve::{self, Filter, GroupBy, Retrieved, TagRule};
use crate::analysis::search::context_parts;
use crate::command::{Action, Command};
use crate::model::{Annotation, AnnotationId, DocId, Project, SourceText, TagId};

/// Narrowest a column gets; past that the columns scroll sideways.
pub const MIN_COLUMN: f32 = 280.0;
/// Widest a column gets: a readable line, not one across the screen.
const MAX_COLUMN: f32 = 760.0;
/// Estimated height of a card not drawn yet.
const ESTIMATE: f32 = 110.0;
const GAP: f32 = 8.0;
/// Chars of a quote shown before it is expanded.
const QUOTE_CHARS: usize = 400;
/// Chars of context on each side when expanded.
const CONTEXT_CHARS: usize = 300;
/// Chars of new cards (cards not drawn last frame, whose text egui must
/// shape afresh) laid out in one frame. Past it, further new cards are
/// drawn as empty frames and filled in on the next frame, so that paging
/// or dragging the scroll bar through thousands of passages keeps every
/// frame short: a screen of new cards is about 9,000 chars, and shaping it
/// in one frame took 3-4 ms. A column always gets at least one new card a
/// frame, so every card is filled within a few frames.
const NEW_CHARS_PER_FRAME: usize = 2_000;

/// State of the retrieval view.
#[derive(Default)]
pub struct RetrieveView {
    /// The question.
    pub filter: Filter,
    /// Columns per document or per outlet.
    pub group: GroupBy,
    /// What the question found, for `key`.
    pub result: Retrieved,
    /// Project generation, filter and grouping `result` was made for.
    key: Option<(u64, Filter, GroupBy)>,
    /// Passages showing their context.
    pub expanded: HashSet<AnnotationId>,
    /// Measured card heights per column (`NaN`: not drawn yet).
    heights: Vec<Vec<f32>>,
    /// Column width the heights were measured at.
    width: f32,
    /// Scroll offset of each column last frame.
    offsets: Vec<f32>,
    /// Scroll every column by this much next frame.
    pending_scroll: f32,
    /// Cards drawn in full last frame and this frame: their text is in
    /// egui's galley cache, so drawing them again costs little.
    drawn: [HashSet<AnnotationId>; 2],
    /// Chars of new cards still allowed this frame.
    budget: usize,
    /// Cards in view drawn empty this frame, to be filled next frame.
    waiting: usize,
    /// Date fields as typed.
    pub from_text: String,
    /// Date fields as typed.
    pub to_text: String,
    /// Where the question came from ("Matrix: Herald × Closure"), shown above
    /// the columns until the filter is edited.
    pub origin: Option<String>,
}

impl RetrieveView {
    /// Run the question again if the project, filter or grouping changed.
    pub fn refresh(&mut self, project: &Project, generation: u64) {
        // A set deleted (or another project opened) stops filtering.
        self.filter.scope = self.filter.scope.valid(project);
        let key = (generation, self.filter.clone(), self.group);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let layout_changed = self.key.as_ref().is_none_or(|(_, f, g)| *f != key.1 || *g != key.2);
        self.result = retrieve::retrieve(project, &self.filter, self.group);
        self.key = Some(key);
        if layout_changed {
            self.heights.clear();
            self.offsets.clear();
        }
        self.heights.resize_with(self.result.columns.len(), Vec::new);
        for (h, c) in self.heights.iter_mut().zip(&self.result.columns) {
            h.resize(c.passages.len(), f32::NAN);
        }
    }

    /// A question for one tag (and optionally some documents), as the
    /// matrix and the codebook ask it.
    pub fn ask(&mut self, tags: &[TagId], docs: Option<BTreeSet<DocId>>, origin: Option<String>) {
        self.filter = Filter { tags: tags.iter().map(|t| (*t, TagRule::Any)).collect(), docs, ..Filter::default() };
        self.from_text.clear();
        self.to_text.clear();
        self.origin = origin;
    }

    /// Scroll every column (keyboard paging, benches).
    pub fn scroll_by(&mut self, dy: f32) {
        self.pending_scroll += dy;
    }

    /// Scroll offset of each column last frame.
    pub fn offsets(&self) -> &[f32] {
        &self.offsets
    }

    /// Cards in view last frame: drawn in full, and drawn empty (over the
    /// frame's budget of new text, filled on the next frame).
    pub fn cards_drawn(&self) -> (usize, usize) {
        (self.drawn[1].len(), self.waiting)
    }
}

/// Where the view finds what it shows.
pub struct Sources<'a> {
    /// The project.
    pub project: &'a Project,
    /// The loaded text of a document, if loaded.
    pub text: &'a dyn Fn(DocId) -> Option<&'a SourceText>,
}

/// Draw the view. Returns actions for the app (edits, jumps, leaving).
pub fn retrieve_ui(ui: &mut Ui, view: &mut RetrieveView, src: &Sources<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    header_ui(ui, view, &mut actions);
    ui.separator();
    egui::Panel::left("retrieve filter").default_size(230.0).show(ui, |ui| {
        ScrollArea::vertical().id_salt("retrieve filter scroll").show(ui, |ui| filter_ui(ui, view, src.project));
    });
    if view.result.columns.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(if src.project.annotations().next().is_none() {
                "No passages are coded yet. Select text in a document and press T to tag it."
            } else {
                "No passage matches. Loosen the question on the left."
            });
        });
        empty_ui(ui, view);
        return actions;
    }
    empty_ui(ui, view);
    let n = view.result.columns.len();
    #[allow(clippy::cast_precision_loss)] // a handful of columns
    let width = ((ui.available_width() - GAP * n as f32) / n as f32).clamp(MIN_COLUMN, MAX_COLUMN).floor();
    if (width - view.width).abs() > 0.5 {
        view.width = width;
        for h in &mut view.heights {
            h.fill(f32::NAN);
        }
    }
    view.offsets.resize(n, 0.0);
    let [last, now] = &mut view.drawn;
    std::mem::swap(last, now);
    now.clear();
    view.budget = NEW_CHARS_PER_FRAME;
    view.waiting = 0;
    let scroll = std::mem::take(&mut view.pending_scroll);
    ScrollArea::horizontal().id_salt("retrieve columns").show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for c in 0..n {
                ui.allocate_ui(vec2(width, ui.available_height()), |ui| {
                    ui.set_width(width);
                    column_ui(ui, view, c, scroll, src, &mut actions);
                });
                ui.add_space(GAP / 2.0);
            }
        });
    });
    actions
}

fn header_ui(ui: &mut Ui, view: &mut RetrieveView, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.heading("Retrieve");
        let r = &view.result;
        ui.label(format!(
            "{} passage{} in {} column{}",
            r.total,
            if r.total == 1 { "" } else { "s" },
            r.columns.len(),
            if r.columns.len() == 1 { "" } else { "s" }
        ));
        ui.separator();
        ui.label("Columns:");
        ui.selectable_value(&mut view.group, GroupBy::Document, "per document");
        ui.selectable_value(&mut view.group, GroupBy::Outlet, "per outlet");
        if let Some(o) = &view.origin {
            ui.separator();
            ui.label(RichText::new(o).italics());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
                actions.push(Action::Command(Command::Back));
            }
            if ui.button("Matrix").on_hover_text("Ctrl+M").clicked() {
                actions.push(Action::Command(Command::Matrix));
            }
        });
    });
}

/// The question: tags with a rule each, child tags, outlets, dates, text.
fn filter_ui(ui: &mut Ui, view: &mut RetrieveView, project: &Project) {
    let before = view.filter.clone();
    ui.label(RichText::new("Tags").strong());
    ui.label(RichText::new("Click a tag to cycle: any, all, not, off").small().weak());
    let tree = project.codebook().tree();
    if tree.is_empty() {
        ui.label(RichText::new("The codebook is empty.").weak());
    }
    for (depth, t) in tree {
        ui.horizontal(|ui| {
            #[allow(clippy::cast_precision_loss)] // nesting depth
            ui.add_space(depth as f32 * 12.0);
            let rule = view.filter.tags.get(&t.id).copied();
            let mark = rule.map_or("·", TagRule::label);
            let text = RichText::new(format!("{mark:>3}  {}", t.name)).color(super::theme::tag_ink(ui, t.color));
            let text = if rule.is_some() { text.strong() } else { text };
            let resp = ui.selectable_label(rule.is_some(), text).on_hover_text("Click: any, all, not, off");
            if resp.clicked() {
                match rule {
                    None => drop(view.filter.tags.insert(t.id, TagRule::Any)),
                    Some(TagRule::Any) => drop(view.filter.tags.insert(t.id, TagRule::All)),
                    Some(TagRule::All) => drop(view.filter.tags.insert(t.id, TagRule::Not)),
                    Some(TagRule::Not) => drop(view.filter.tags.remove(&t.id)),
                }
            }
        });
    }
    ui.checkbox(&mut view.filter.children, "Include child tags");
    ui.separator();
    if !project.sets().is_empty() {
        ui.label(RichText::new("Documents").strong());
        super::sets::scope_combo(ui, "Set:", project, &mut view.filter.scope, false);
        ui.separator();
    }
    let outlets: BTreeSet<&str> = project.documents().map(retrieve::outlet).collect();
    if outlets.len() > 1 {
        ui.label(RichText::new("Outlets").strong());
        for o in outlets {
            let mut on = view.filter.outlets.contains(o);
            if ui.checkbox(&mut on, o).changed() {
                if on {
                    view.filter.outlets.insert(o.to_owned());
                } else {
                    view.filter.outlets.remove(o);
                }
            }
        }
        ui.separator();
    }
    ui.label(RichText::new("Document dates").strong());
    for (label, text, slot) in
        [("from", &mut view.from_text, &mut view.filter.from), ("to", &mut view.to_text, &mut view.filter.to)]
    {
        ui.horizontal(|ui| {
            let l = ui.label(label);
            ui.add(egui::TextEdit::singleline(text).hint_text("2026-03-01").desired_width(110.0)).labelled_by(l.id);
            *slot = crate::analysis::dates::parse(text, true);
            if !text.trim().is_empty() && slot.is_none() {
                ui.label(RichText::new("not a date").color(Color32::from_rgb(200, 60, 60)).small());
            }
        });
    }
    ui.separator();
    let l = ui.label(RichText::new("Words in quote or note").strong());
    ui.add(egui::TextEdit::singleline(&mut view.filter.text).hint_text("e.g. closure").desired_width(f32::INFINITY))
        .labelled_by(l.id);
    ui.add_space(8.0);
    if ui.button("Clear the question").clicked() {
        view.filter = Filter::default();
        view.from_text.clear();
        view.to_text.clear();
    }
    if view.filter != before {
        view.origin = None;
    }
}

/// "Nothing in: …" — the documents or outlets without a matching passage.
fn empty_ui(ui: &mut Ui, view: &RetrieveView) {
    if view.result.empty.is_empty() || view.filter == Filter::default() {
        return;
    }
    let names: Vec<&str> = view.result.empty.iter().map(|c| c.title.as_str()).collect();
    let shown = names.iter().take(12).copied().collect::<Vec<_>>().join(", ");
    let more = names.len().saturating_sub(12);
    let text = if more > 0 { format!("Nothing in: {shown} and {more} more") } else { format!("Nothing in: {shown}") };
    ui.label(RichText::new(text).weak());
}

fn column_ui(
    ui: &mut Ui,
    view: &mut RetrieveView,
    c: usize,
    scroll: f32,
    src: &Sources<'_>,
    actions: &mut Vec<Action>,
) {
    let col = &view.result.columns[c];
    ui.vertical(|ui| {
        match super::bidi_line::fitted(ui, &col.title, true, false, ui.available_width()) {
            Some(t) => ui.label(t),
            None => ui.label(RichText::new(&col.title).strong().size(15.0)),
        };
        let docs = col.docs.len();
        let sub = if docs > 1 {
            format!("{} passages · {docs} documents", col.passages.len())
        } else {
            let date = src.project.document(col.docs[0]).map_or("", |d| d.meta.date.as_str());
            format!("{} passage{} {date}", col.passages.len(), if col.passages.len() == 1 { "" } else { "s" })
        };
        ui.label(RichText::new(sub).small().weak());
        ui.separator();
        let mut area = ScrollArea::vertical().id_salt(("retrieve column", c)).auto_shrink([false, false]);
        if scroll != 0.0 {
            area = area.vertical_scroll_offset((view.offsets[c] + scroll).max(0.0));
        }
        let ids = col.passages.clone();
        let mut toggled = Vec::new();
        let per_outlet = view.group == GroupBy::Outlet;
        let heights = &mut view.heights[c];
        let [last, now] = &mut view.drawn;
        let budget = &mut view.budget;
        let waiting = &mut view.waiting;
        let expanded = &view.expanded;
        let out = area.show_viewport(ui, |ui, viewport| {
            let width = ui.available_width();
            let total: f32 = heights.iter().map(|h| if h.is_nan() { ESTIMATE } else { *h }).sum();
            let top = ui.min_rect().top();
            ui.allocate_space(vec2(width, total));
            let mut y = 0.0;
            let mut first_new = true;
            for (i, id) in ids.iter().enumerate() {
                let h = if heights[i].is_nan() { ESTIMATE } else { heights[i] };
                if y + h < viewport.min.y {
                    y += h;
                    continue;
                }
                if y > viewport.max.y {
                    break;
                }
                let Some(a) = src.project.annotation(*id) else {
                    y += h;
                    continue;
                };
                let open = expanded.contains(id);
                if !last.contains(id) {
                    let cost = card_chars(a, open);
                    if !first_new && cost > *budget {
                        // Over this frame's budget: an empty card now, its
                        // text next frame.
                        let rect = egui::Rect::from_min_size(pos2(ui.min_rect().left(), top + y), vec2(width, h - GAP));
                        ui.painter().rect_stroke(
                            rect,
                            ui.visuals().widgets.noninteractive.corner_radius,
                            ui.visuals().widgets.noninteractive.bg_stroke,
                            egui::StrokeKind::Inside,
                        );
                        ui.ctx().request_repaint();
                        *waiting += 1;
                        y += h;
                        continue;
                    }
                    *budget = budget.saturating_sub(cost);
                    first_new = false;
                }
                now.insert(*id);
                let rect = egui::Rect::from_min_size(pos2(ui.min_rect().left(), top + y), vec2(width, f32::INFINITY));
                let mut child = ui.new_child(UiBuilder::new().max_rect(rect).id_salt(("card", *id)));
                if card_ui(&mut child, a, open, per_outlet, src, actions) {
                    toggled.push(*id);
                }
                let measured = child.min_rect().height() + GAP;
                if (measured - h).abs() > 0.5 {
                    heights[i] = measured;
                    ui.ctx().request_repaint();
                }
                y += measured;
            }
        });
        view.offsets[c] = out.state.clamped_offset().y;
        for id in toggled {
            if !view.expanded.remove(&id) {
                view.expanded.insert(id);
            }
        }
    });
}

/// About how many chars drawing a card shapes: its quote (or context) and
/// its note.
fn card_chars(a: &Annotation, expanded: bool) -> usize {
    let quote = if expanded { a.anchor.exact.len() + 2 * CONTEXT_CHARS } else { a.anchor.exact.len().min(QUOTE_CHARS) };
    quote + a.note.len() + 40
}

/// One passage: where it is, its tags, the quote (with context when
/// expanded), the note, and the buttons. True when its context was toggled.
fn card_ui(
    ui: &mut Ui,
    a: &Annotation,
    expanded: bool,
    with_title: bool,
    src: &Sources<'_>,
    actions: &mut Vec<Action>,
) -> bool {
    let mut toggle = false;
    let project = src.project;
    let doc = project.document(a.doc);
    let text = (src.text)(a.doc);
    let frame = egui::Frame::group(ui.style()).inner_margin(6.0);
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            for t in a.tags.iter().filter_map(|t| project.codebook().get(*t)) {
                ui.label(super::theme::tag_name_text(ui, &t.name, t.color));
            }
            // The document's title only where the column holds several.
            let title =
                doc.filter(|_| with_title).map(|d| format!("{} · ", excerpt(&d.meta.title, 40))).unwrap_or_default();
            let place = format!("{title}{}", doc.map(|d| crate::io::export::place(d, a, text)).unwrap_or_default());
            ui.label(RichText::new(place).small().weak());
        });
        if expanded {
            let (before, hit, after) = match text {
                Some(t) if a.anchor.range.end.0 <= t.char_len() => context_parts(t, a.anchor.range, CONTEXT_CHARS),
                _ => (a.anchor.prefix.clone(), a.anchor.exact.clone(), a.anchor.suffix.clone()),
            };
            let body = egui::TextStyle::Body.resolve(ui.style());
            let weak = ui.visuals().weak_text_color();
            let strong = ui.visuals().strong_text_color();
            let fmt = |color| egui::TextFormat { font_id: body.clone(), color, ..Default::default() };
            let (before, after) = (format!("…{before}"), format!("{after}…"));
            let parts = [(before.as_str(), fmt(weak)), (hit.as_str(), fmt(strong)), (after.as_str(), fmt(weak))];
            let job = super::bidi_line::wrapped_parts(ui, &parts, ui.available_width());
            super::bidi_line::unwrapped(ui, job.wrap.max_width.is_infinite(), |ui| ui.label(job));
        } else {
            super::bidi_line::wrapped(ui, &quoted(&a.anchor.exact, QUOTE_CHARS), true, false);
        }
        let mut note = a.note.clone();
        let resp = ui.add(
            egui::TextEdit::multiline(&mut note)
                .hint_text("Note")
                .desired_rows(1)
                .desired_width(f32::INFINITY)
                .event_filter(super::WRITING_KEYS)
                .id_salt(("retrieve note", a.id)),
        );
        super::leave_on_esc(ui, &resp);
        if resp.changed()
            && let Some(e) = project.update_annotation_edit(a.id, |x| x.note = note)
        {
            actions.push(Action::Edit { edit: e, label: "Edit note".into(), merge: Some(format!("note {}", a.id)) });
        }
        ui.horizontal(|ui| {
            let label = if expanded { "Less context" } else { "More context" };
            toggle = ui.small_button(label).clicked();
            if ui.small_button("Go to source").on_hover_text("Show it in its pane").clicked() {
                actions.push(Action::Command(Command::Back));
                actions.push(Action::Reveal(a.id));
            }
        });
    });
    toggle
}
