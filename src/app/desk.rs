//! The reading desk: the panes side by side with the ribbons between them,
//! each pane's header, and its text (or why there is none).

use egui::{RichText, Ui};

use super::{Action, App, Command, DocText, ReaderStyle, RightTab, reader};

/// Narrowest a pane gets on the desk (points); more panes than fit at this
/// width scroll sideways.
pub const MIN_PANE_WIDTH: f32 = 260.0;

/// Seconds the desk must rest before it snaps to a pane's edge.
const SNAP_AFTER: f64 = 0.25;

/// Width of each pane when as many whole panes as fit at `min` fill
/// `width` with `gap` between them.
fn fitting_width(width: f32, gap: f32, min: f32) -> f32 {
    let count = ((width + gap) / (min + gap)).floor().max(1.0);
    (width - gap * (count - 1.0)) / count
}

/// Where a desk at `offset` should come to rest: the nearest pane edge in
/// `lefts` or the end `max`; `None` when it is at one already.
fn snap_target(offset: f32, lefts: &[f32], max: f32) -> Option<f32> {
    let stops = lefts.iter().copied().filter(|x| *x < max).chain([max]);
    let nearest = stops.min_by(|a, b| (a - offset).abs().total_cmp(&(b - offset).abs()))?;
    ((nearest - offset).abs() > 0.5).then_some(nearest)
}

/// A title's head and the bracketed ending that tells it from another
/// document's ("The Bridge Question" and " (essay.docx)"); the ending is
/// empty when there is none.
fn split_suffix(title: &str) -> (&str, &str) {
    match title.rfind(" (") {
        Some(i) if title.ends_with(')') && i > 0 && title.len() - i <= 40 => title.split_at(i),
        _ => (title, ""),
    }
}

impl App {
    pub(super) fn desk_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if self.panes.is_empty() {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.3);
                ui.heading("Synoptic");
                ui.label("Open documents to read them side by side (File menu, Open documents…, or drop files here).");
                if ui.button("Open documents…").clicked() {
                    actions.push(Action::Command(Command::OpenDocuments));
                }
                if ui.button("Open project…").clicked() {
                    actions.push(Action::Command(Command::OpenProject));
                }
            });
            return;
        }
        self.pane_rects.clear();
        // The focused pane has the desk's keyboard (arrows move its caret)
        // unless a text field or a dialog has it.
        let typing = ui.ctx().egui_wants_keyboard_input() || self.typing_last_frame == super::Keyboard::TextField;
        let keyboard = (!typing && self.modal.is_none()).then(|| self.focused_pane().unwrap_or(0));
        for (k, p) in self.panes.iter_mut().enumerate() {
            p.keyboard = keyboard == Some(k);
        }
        // Focus mode: one pane alone, the others kept as they were.
        if let Some(i) = self.views.focus.and_then(|id| self.panes.iter().position(|p| p.id == id)) {
            let rect = ui.available_rect_before_wrap();
            // A readable measure, centred, rather than a line across the screen.
            let w = rect.width().min(self.settings.style.font_size * 48.0).max(rect.width() * 0.6).min(rect.width());
            let pane_rect = egui::Rect::from_center_size(rect.center(), egui::vec2(w, rect.height()));
            self.pane_rects.resize(self.panes.len(), egui::Rect::NOTHING);
            self.pane_rects[i] = pane_rect;
            let mut child = ui.new_child(egui::UiBuilder::new().max_rect(pane_rect).id_salt(self.panes[i].id));
            child.set_clip_rect(pane_rect.intersect(ui.clip_rect()));
            let style = self.settings.style;
            self.pane_ui(&mut child, i, &style, actions);
            return;
        }
        let full = ui.available_rect_before_wrap();
        self.desk_rect = full;
        let n = self.panes.len();
        let gap = if self.has_ribbons() { 36.0 } else { 6.0 };
        let gaps = gap * (n - 1) as f32;
        // Below a readable width the panes keep it and the desk scrolls
        // sideways.
        let min = MIN_PANE_WIDTH.min(full.width());
        let share_width = full.width() - gaps;
        let widths: Vec<f32> = self.panes.iter().map(|p| (share_width * p.width).max(min)).collect();
        let total = widths.iter().sum::<f32>() + gaps;
        let reveal = self.reveal_pane.take();
        if total <= full.width() + 0.5 {
            self.lay_out_panes(ui, full, &widths, gap, actions);
        } else {
            self.sideways_ui(ui, full, widths, gap, reveal, actions);
        }
        // The focused pane is ringed when there is more than one.
        if n > 1
            && let Some(k) = self.focused_pane()
            && let Some(r) = self.pane_rects.get(k)
        {
            let stroke = egui::Stroke::new(1.5, ui.visuals().selection.stroke.color.gamma_multiply(0.6));
            // Outside the pane, in the gap: inside it would touch the header.
            ui.painter().with_clip_rect(full).rect_stroke(*r, 3.0, stroke, egui::StrokeKind::Outside);
        }
        // A press in a pane (its text or its header) makes it the focused
        // pane, the one focus mode and document commands act on.
        // (Not a press on a window or dialog above the pane.)
        if ui.input(|i| i.pointer.any_pressed())
            && let Some(p) = ui.input(|i| i.pointer.interact_pos())
            && ui.ctx().layer_id_at(p) == Some(ui.layer_id())
            && let Some(k) = self.pane_rects.iter().position(|r| r.contains(p) && full.contains(p))
        {
            self.focus_pane(self.panes[k].id, false);
        }
    }

    /// The first time a document is shown: name each script in it that no
    /// installed font can show (it would be drawn as empty boxes), once per
    /// script, with the font package that covers it.
    fn name_missing_scripts(&mut self, ui: &Ui, doc: crate::model::DocId, text: &crate::model::SourceText) {
        if !self.scripts_checked.insert(doc) {
            return;
        }
        let font = egui::TextStyle::Body.resolve(ui.style());
        for s in crate::analysis::scripts::scripts(text.as_str()) {
            if self.scripts_named.contains(s.name) || ui.fonts_mut(|f| f.has_glyph(&font, s.sample)) {
                continue;
            }
            self.scripts_named.insert(s.name);
            // Named by its file when its title is in the script that
            // cannot be shown (it would be boxes too).
            let title = self.project.document(doc).map_or("A document", |d| {
                if crate::analysis::scripts::scripts(&d.meta.title).iter().any(|t| t.name == s.name) {
                    crate::analysis::titles::file_name(&d.path)
                } else {
                    d.meta.title.as_str()
                }
            });
            self.messages.push(format!(
                "{title} has {} text, which no installed font can show: install the {} font package (on Debian \
                 and Ubuntu: sudo apt install {}) and open Synoptic again to read it.",
                s.name, s.package, s.package
            ));
        }
    }

    /// More panes than fit: the desk scrolls sideways, its panes sharing
    /// its width in whole numbers, and comes to rest on a pane's edge.
    fn sideways_ui(
        &mut self,
        ui: &mut Ui,
        full: egui::Rect,
        mut widths: Vec<f32>,
        gap: f32,
        reveal: Option<(&'static str, u64)>,
        actions: &mut Vec<Action>,
    ) {
        let min = MIN_PANE_WIDTH.min(full.width());
        #[allow(clippy::cast_precision_loss)] // a handful of panes
        let gaps = gap * (widths.len().saturating_sub(1)) as f32;
        // As many whole panes as fit at the readable width fill the
        // desk exactly, so that a desk scrolled to a pane's edge shows
        // whole panes only.
        let fit = fitting_width(full.width(), gap, min);
        for w in &mut widths {
            *w = w.max(fit);
        }
        let total = widths.iter().sum::<f32>() + gaps;
        let lefts: Vec<f32> = widths.iter().scan(0.0, |x, w| Some(std::mem::replace(x, *x + w + gap))).collect();
        let snap = self.desk_snap.take();
        // A solid bar below the panes, in a lane of its own: the floating
        // one was drawn over their last line of text.
        let floating = ui.spacing().scroll;
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        let out = egui::ScrollArea::horizontal()
            .id_salt("desk sideways")
            .auto_shrink([false, false])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(total, ui.available_height()), egui::Sense::hover());
                if let Some(x) = snap {
                    // egui leaves item spacing before a rect scrolled to
                    // the start: it is added back to land on `x`.
                    let x = rect.min.x + x + ui.spacing().item_spacing.x;
                    let to = egui::Rect::from_min_size(egui::pos2(x, rect.min.y), egui::vec2(1.0, 1.0));
                    ui.scroll_to_rect_animation(
                        to.with_max_x(to.min.x + ui.clip_rect().width()),
                        Some(egui::Align::Min),
                        egui::style::ScrollAnimation::duration(0.12),
                    );
                }
                // What was just opened is brought into view, at once.
                if let Some(k) = reveal.and_then(|r| self.panes.iter().position(|p| p.id == r)) {
                    let left = rect.min.x + lefts[k] + ui.spacing().item_spacing.x;
                    let pane = egui::Rect::from_min_size(egui::pos2(left, rect.min.y), egui::vec2(widths[k], 1.0));
                    if !ui.clip_rect().contains_rect(pane) {
                        ui.scroll_to_rect_animation(pane, Some(egui::Align::Min), egui::style::ScrollAnimation::none());
                    }
                }
                self.lay_out_panes(ui, rect, &widths, gap, actions);
            });
        ui.spacing_mut().scroll = floating;
        let max = (out.content_size.x - out.inner_rect.width()).max(0.0);
        self.snap_desk(ui, out.state.clamped_offset().x, &lefts, max);
    }

    /// Once the desk has stopped scrolling sideways (nothing held, nothing
    /// moving for a moment), bring it to the nearest pane edge (or the
    /// end), so that no pane is left cut in half at the desk's edges.
    fn snap_desk(&mut self, ui: &Ui, offset: f32, lefts: &[f32], max: f32) {
        let now = ui.input(|i| i.time);
        let moving = (offset - self.desk_scroll.0).abs() > 0.1;
        let held = ui.input(|i| i.pointer.any_down() || i.smooth_scroll_delta() != egui::Vec2::ZERO);
        if moving || held {
            self.desk_scroll = (offset, now);
        }
        let Some(to) = snap_target(offset, lefts, max) else { return };
        let rested = now - self.desk_scroll.1;
        if rested < SNAP_AFTER {
            ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(SNAP_AFTER - rested));
            return;
        }
        self.desk_snap = Some(to);
        ui.ctx().request_repaint();
    }

    /// The panes at `widths` side by side in `rect`, with splitters (or
    /// ribbons) in the gaps between them.
    fn lay_out_panes(&mut self, ui: &mut Ui, rect: egui::Rect, widths: &[f32], gap: f32, actions: &mut Vec<Action>) {
        let n = self.panes.len();
        let usable = rect.width() - gap * (n - 1) as f32;
        let mut x = rect.min.x;
        let style = self.settings.style;
        let mut lead: Option<(usize, f32)> = None;
        for (i, &w) in widths.iter().enumerate() {
            let pane_rect = egui::Rect::from_min_size(egui::pos2(x, rect.min.y), egui::vec2(w, rect.height()));
            self.pane_rects.push(pane_rect);
            let mut child = ui.new_child(egui::UiBuilder::new().max_rect(pane_rect).id_salt(self.panes[i].id));
            child.set_clip_rect(pane_rect.intersect(ui.clip_rect()));
            let before = self.panes[i].offset;
            self.pane_ui(&mut child, i, &style, actions);
            if (self.panes[i].offset - before).abs() > 0.5 && lead.is_none() {
                lead = Some((i, self.panes[i].offset));
            }
            x += w;
            if i + 1 < n {
                let split = egui::Rect::from_min_size(egui::pos2(x, rect.min.y), egui::vec2(gap, rect.height()));
                let resp = ui
                    .interact(split, ui.scope_id().with(("split", i)), egui::Sense::drag())
                    .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
                if gap < 10.0 {
                    ui.painter().vline(x + gap / 2.0, rect.y_range(), ui.visuals().widgets.noninteractive.bg_stroke);
                }
                if resp.dragged() {
                    let d = resp.drag_delta().x / usable;
                    let (a, b) = (self.panes[i].width, self.panes[i + 1].width);
                    let d = d.clamp(-(a - 0.08), b - 0.08);
                    self.panes[i].width = a + d;
                    self.panes[i + 1].width = b - d;
                }
                x += gap;
            }
        }
        if gap > 10.0 {
            for i in 0..n - 1 {
                let (a, b) = (self.pane_rects[i], self.pane_rects[i + 1]);
                let top = self.panes[i].view_rect.min.y.max(self.panes[i + 1].view_rect.min.y);
                let gap_rect = egui::Rect::from_min_max(egui::pos2(a.max.x, top), egui::pos2(b.min.x, rect.max.y));
                if gap_rect.is_positive() {
                    self.ribbons_ui(ui, i, gap_rect, actions);
                }
            }
        }
        if let (true, Some((li, off))) = (self.project.layout.scroll_lock, lead) {
            for (j, p) in self.panes.iter_mut().enumerate() {
                if j != li {
                    p.set_offset = Some(off);
                }
            }
        }
    }

    #[allow(clippy::too_many_lines)] // header, text and its menus belong together
    fn pane_ui(&mut self, ui: &mut Ui, i: usize, style: &ReaderStyle, actions: &mut Vec<Action>) {
        let doc = self.panes[i].doc;
        let Some(d) = self.project.document(doc) else {
            actions.push(Action::ClosePaneAt(i));
            return;
        };
        let counts = self.derived.doc_status.get(&doc).cloned().unwrap_or_default();
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button("×").on_hover_text("Close pane").clicked() {
                    actions.push(Action::ClosePaneAt(i));
                }
                if ui.small_button(">").on_hover_text("Move right").clicked() {
                    actions.push(Action::MovePane(i, 1));
                }
                if ui.small_button("<").on_hover_text("Move left").clicked() {
                    actions.push(Action::MovePane(i, -1));
                }
                // What tells two documents of one title apart ("… (essay.docx)")
                // stays in view: the title is cut before it, not at its end.
                let (head, tail) = split_suffix(&d.meta.title);
                if !tail.is_empty() {
                    ui.label(RichText::new(tail).strong()).on_hover_text(&d.path);
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let title = if tail.is_empty() { d.meta.title.as_str() } else { head };
                    crate::ui::bidi_line::truncated(ui, title, true, false)
                        .on_hover_text(format!("{}\n{}", d.meta.title, d.path));
                });
            });
        });
        // The day of an ISO date and time ("2015-07-24T05:36:09+01:00");
        // an author who is the outlet itself once.
        let day = match d.meta.date.get(..10) {
            Some(day) if d.meta.date.as_bytes().get(10) == Some(&b'T') => day,
            _ => d.meta.date.as_str(),
        };
        let author = if d.meta.author == d.meta.source { "" } else { d.meta.author.as_str() };
        let meta: Vec<&str> = [d.meta.source.as_str(), author, day].into_iter().filter(|s| !s.is_empty()).collect();
        let mut line = meta.join(" · ");
        let mut full = line.clone();
        // Which version of a fetched page, first, where it is never cut off,
        // and short (month, day and time; the whole on hover), so that the
        // outlet and date still show after it.
        if let Some(v) = d.version() {
            let short = v.trim_end_matches(" UTC");
            let short = short.get(5..).filter(|_| short.as_bytes().get(4) == Some(&b'-')).unwrap_or(short);
            let join = |a: String, b: &str| if b.is_empty() { a } else { format!("{a} · {b}") };
            line = join(format!("fetched {short}"), &line);
            full = join(format!("fetched {v}"), &full);
        }
        if !counts.is_empty() {
            for l in [&mut line, &mut full] {
                if !l.is_empty() {
                    l.push_str("  —  ");
                }
                l.push_str(&counts);
            }
            full.push_str(
                "\nPassages by how they sit in the text: exact (the quote is where it was), moved (found \
                 elsewhere after the text changed), needs-review (found only in part: check it), orphaned (not \
                 found; kept with its quote)",
            );
        }
        if !line.is_empty() {
            ui.add(egui::Label::new(RichText::new(line).small().weak()).truncate()).on_hover_text(full);
        }
        ui.separator();
        match self.texts.get(&doc).cloned() {
            Some(DocText::Ready(l)) => {
                self.name_missing_scripts(ui, doc, &l.text);
                let (shared, linked) =
                    self.overlays.docs.get(&doc).map_or((&[][..], &[][..]), |(s, k)| (s.as_slice(), k.as_slice()));
                let hits = match (&self.search.results, self.right_tab) {
                    (Some((_, r)), RightTab::Search) => r.by_doc.get(&doc).map_or(&[][..], Vec::as_slice),
                    _ => &[][..],
                };
                let overlay = reader::Overlay {
                    shared,
                    linked,
                    hits,
                    generation: self.shared.serial ^ (self.search.serial << 32),
                };
                let out = reader::pane_ui(
                    ui,
                    &mut self.panes[i],
                    &l.text,
                    &self.project,
                    self.generation,
                    self.selected,
                    &mut self.selection,
                    style,
                    &overlay,
                );
                if let Some(id) = out.clicked_annotation {
                    self.selected = Some(id);
                }
                if let Some((from, to)) = out.link_drop {
                    actions.push(Action::LinkAnnotations(from, to));
                }
                if let Some(resp) = out.response {
                    if !out.hovered.is_empty() {
                        let project = &self.project;
                        resp.clone().on_hover_ui_at_pointer(|ui| {
                            for id in &out.hovered {
                                if let Some(a) = project.annotation(*id) {
                                    let tags: Vec<&str> = a
                                        .tags
                                        .iter()
                                        .filter_map(|t| project.codebook().get(*t))
                                        .map(|t| t.name.as_str())
                                        .collect();
                                    ui.label(
                                        RichText::new(if tags.is_empty() {
                                            "(no tags)".to_owned()
                                        } else {
                                            tags.join(", ")
                                        })
                                        .strong(),
                                    );
                                    if !a.note.is_empty() {
                                        ui.label(a.note.chars().take(300).collect::<String>());
                                    }
                                }
                            }
                        });
                    }
                    resp.context_menu(|ui| {
                        for (c, label) in [
                            (Command::TagPicker, "Tag…"),
                            (Command::LinkPassages, "Link…"),
                            (Command::Copy, "Copy"),
                            (Command::DeleteAnnotation, "Delete annotation"),
                        ] {
                            if ui.button(label).clicked() {
                                actions.push(Action::Command(c));
                                ui.close();
                            }
                        }
                    });
                }
            }
            Some(DocText::Loading) | None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading…");
                });
            }
            Some(DocText::Missing(m) | DocText::Failed(m)) => {
                ui.colored_label(ui.visuals().warn_fg_color, &m);
                ui.label("Its annotations are kept. Point Synoptic at the file's new place:");
                if ui.button("Locate…").clicked() {
                    actions.push(Action::Locate(doc));
                }
                let imported =
                    self.project.document(doc).and_then(|d| d.origin.as_ref()).is_some_and(|o| !o.path.is_empty());
                if imported && ui.button("Re-import from the original").clicked() {
                    actions.push(Action::Reimport(doc));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_keeps_the_ending_that_tells_it_apart() {
        assert_eq!(split_suffix("The Bridge Question (essay.docx)"), ("The Bridge Question", " (essay.docx)"));
        assert_eq!(split_suffix("Bridge closes"), ("Bridge closes", ""));
        assert_eq!(split_suffix("(Untitled)"), ("(Untitled)", ""), "nothing before the bracket");
    }

    #[test]
    fn whole_panes_fill_the_desk() {
        let w = fitting_width(1000.0, 6.0, 260.0);
        // Three fit at 260 (3 * 260 + 2 * 6 = 792; four need 1058).
        assert!((3.0 * w + 2.0 * 6.0 - 1000.0).abs() < 1e-3 && w >= 260.0, "{w}");
        assert!((fitting_width(200.0, 6.0, 260.0) - 200.0).abs() < 1e-3, "one pane at least");
    }

    #[test]
    fn the_desk_rests_on_a_pane_edge_or_the_end() {
        let lefts = [0.0, 336.0, 672.0, 1008.0];
        assert_eq!(snap_target(120.0, &lefts, 1008.0), Some(0.0), "back to the first pane");
        assert_eq!(snap_target(200.0, &lefts, 1008.0), Some(336.0), "on to the second");
        assert_eq!(snap_target(672.2, &lefts, 1008.0), None, "already on an edge");
        assert_eq!(snap_target(990.0, &lefts, 900.0), Some(900.0), "the end");
    }
}
