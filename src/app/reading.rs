//! Comparative reading on the desk: making links, shared-passage detection
//! in the background, ribbons between panes, and compare mode.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use egui::{Color32, Rect, Sense, Ui, pos2};

use super::{App, DocText, Job, Modal};
use crate::analysis::align;
use crate::analysis::job::{Cancelled, Control};
use crate::analysis::reuse::{self, ReuseSettings};
use crate::analysis::words::WordIndex;
use crate::command::Action;
use crate::model::{Anchor, Annotation, AnnotationId, CharRange, DocId, Edit, Link, LinkId, Project, TagId};
use crate::ui::compare::{CompareAction, CompareView};
use crate::ui::reader::{Place, Selection};
use crate::ui::shared::SharedResult;

/// One end of a link being made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkEnd {
    /// Document.
    pub doc: DocId,
    /// Passage.
    pub range: CharRange,
    /// The annotation it is, when it is one already.
    pub annotation: Option<AnnotationId>,
}

/// The link dialog's fields.
#[derive(Clone, Debug)]
pub struct LinkDraft {
    /// Where the link starts.
    pub from: LinkEnd,
    /// Where it ends.
    pub to: LinkEnd,
    /// Relation type.
    pub relation: String,
    /// Note.
    pub note: String,
    /// Further passages linked from `from` the same way (the other members
    /// of a shared-passage cluster).
    pub more: Vec<LinkEnd>,
}

/// What a detection run hands back: the result and the word indexes it built.
pub type SharedOutcome = Result<(SharedResult, Vec<(DocId, String, Arc<WordIndex>)>), Cancelled>;

/// Top and bottom screen y of a ribbon's end.
type Span = (f32, f32);

/// A ribbon between two adjacent panes.
#[derive(Clone, Copy, Debug)]
pub enum RibbonKind {
    /// A link.
    Link(LinkId),
    /// A shared passage (index into the detection result's passages).
    Shared(usize),
}

/// Ranges drawn over each document: shared passages and link ends.
#[derive(Default)]
pub struct Overlays {
    key: (u64, u64),
    /// Per document: shared ranges and linked ranges, both sorted.
    pub docs: HashMap<DocId, (Vec<CharRange>, Vec<CharRange>)>,
}

/// Merge sorted ranges that overlap or touch.
fn merge(mut v: Vec<CharRange>) -> Vec<CharRange> {
    v.sort_unstable();
    let mut out: Vec<CharRange> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

impl App {
    /// The current selection as a link end, or the selected annotation.
    fn current_end(&self) -> Option<LinkEnd> {
        if let Some(s) = self.selection.filter(|s| !s.range().is_empty()) {
            return Some(LinkEnd { doc: s.doc, range: s.range(), annotation: None });
        }
        let a = self.project.annotation(self.selected?)?;
        Some(LinkEnd { doc: a.doc, range: a.anchor.range, annotation: Some(a.id) })
    }

    /// L: remember the first passage, or open the link dialog for the second.
    pub(super) fn link_command(&mut self) {
        let Some(end) = self.current_end() else {
            self.messages.push("Select a passage first (or click an annotation), then press L.".into());
            return;
        };
        match self.link_from.take() {
            None => {
                self.link_from = Some(end);
                self.selection = None;
                self.selected = None;
            }
            Some(from) if from.doc == end.doc && from.range == end.range => {
                self.link_from = Some(from);
                self.messages.push("Select the other passage to link to (in any pane), then press L.".into());
            }
            Some(from) => self.open_link_dialog(from, end),
        }
    }

    /// Ask for the relation and note of a link from `from` to `to`.
    fn open_link_dialog(&mut self, from: LinkEnd, to: LinkEnd) {
        let relation = self.project.relations().first().cloned().unwrap_or_default();
        self.modal = Some(Modal::Link(LinkDraft { from, to, relation, note: String::new(), more: Vec::new() }));
    }

    /// Open the link dialog for two annotations (Alt+drag from one to the other).
    pub(super) fn link_annotations(&mut self, from: AnnotationId, to: AnnotationId) {
        let end = |id: AnnotationId| {
            self.project.annotation(id).map(|a| LinkEnd { doc: a.doc, range: a.anchor.range, annotation: Some(id) })
        };
        if let (Some(from), Some(to)) = (end(from), end(to)) {
            self.open_link_dialog(from, to);
        }
    }

    /// The annotation that covers exactly `range` of `doc` (and is still
    /// attached to the text), if there is one.
    pub(super) fn annotation_at(&self, doc: DocId, range: CharRange) -> Option<AnnotationId> {
        self.project
            .annotations_of(doc)
            .into_iter()
            .find(|a| a.anchor.range == range && a.status != crate::model::AnchorStatus::Orphaned)
            .map(|a| a.id)
    }

    /// The annotation `end` is: the one it names, else one covering exactly
    /// its passage, else a new one (its edit pushed onto `edits`).
    fn end_annotation(&self, end: &LinkEnd, edits: &mut Vec<Edit>) -> Option<AnnotationId> {
        let known = end.annotation.filter(|a| self.project.annotation(*a).is_some());
        if let Some(a) = known.or_else(|| self.annotation_at(end.doc, end.range)) {
            return Some(a);
        }
        let Some(DocText::Ready(l)) = self.texts.get(&end.doc) else { return None };
        let a = Annotation::new(end.doc, Anchor::from_text(&l.text, end.range));
        let id = a.id;
        edits.push(Project::add_annotation_edit(a));
        Some(id)
    }

    /// Create the link of a finished dialog (one undo step, passages included).
    pub(super) fn create_link(&mut self, draft: &LinkDraft) -> Option<LinkId> {
        let mut edits = Vec::new();
        let from = self.end_annotation(&draft.from, &mut edits)?;
        let mut id = None;
        for end in std::iter::once(&draft.to).chain(&draft.more) {
            let Some(to) = self.end_annotation(end, &mut edits) else { continue };
            let mut link = Link::new(from, to, draft.relation.clone());
            link.note.clone_from(&draft.note);
            id = Some(link.id);
            edits.push(Project::add_link_edit(link));
        }
        let id = id?;
        self.apply_edit(Edit::Batch(edits), format!("Link passages ({})", draft.relation), None);
        self.selection = None;
        self.links.selected = Some(id);
        Some(id)
    }

    /// Scroll both panes of a link to its passages.
    pub(super) fn reveal_link(&mut self, id: LinkId) {
        let Some(l) = self.project.link(id) else { return };
        let (from, to) = (l.from, l.to);
        self.reveal(to);
        self.reveal(from);
        self.links.selected = Some(id);
    }

    /// Show a passage in its pane (opening one if needed) and select it.
    pub(super) fn show_passage(&mut self, doc: DocId, range: CharRange) {
        self.ensure_pane(doc);
        if let Some(p) = self.panes.iter_mut().find(|p| p.doc == doc) {
            p.scroll_to = Some(range.start);
        }
        self.selection = Some(Selection { doc, anchor: range.start, head: range.end });
        self.selected = None;
    }

    // ----- shared passages -----

    /// Start detection over every document whose text is loaded (cancelling
    /// a run in progress). Word indexes already built are reused, so adding
    /// a document only indexes that document.
    pub(super) fn find_shared(&mut self) {
        self.shared.cancel();
        let scope = self.shared.scope.valid(&self.project);
        self.shared.scope = scope;
        let mut docs: Vec<(DocId, Arc<crate::io::import::Loaded>)> = self
            .texts
            .iter()
            .filter_map(|(id, t)| match t {
                // Texts of removed documents stay loaded for undo, but
                // take no part.
                DocText::Ready(l) if self.project.document(*id).is_some() && scope.contains(&self.project, *id) => {
                    Some((*id, l.clone()))
                }
                _ => None,
            })
            .collect();
        docs.sort_by_key(|(id, _)| self.project.document(*id).map(|d| d.path.clone()));
        let cached: Vec<Option<Arc<WordIndex>>> = docs
            .iter()
            .map(|(id, l)| self.shared.index.get(id).filter(|(h, _)| *h == l.hash).map(|(_, w)| w.clone()))
            .collect();
        let control = Arc::new(Control::new());
        self.shared.running = Some(control.clone());
        self.shared.corpus = Some(self.corpus_signature());
        let settings = self.settings.shared.reuse();
        self.spawn_job(move || {
            let result = detect(&docs, cached, settings, &control);
            Job::Shared(control, result)
        });
    }

    /// A finished detection run arrived.
    pub(super) fn shared_done(&mut self, control: &Arc<Control>, result: SharedOutcome) {
        if !self.shared.running.as_ref().is_some_and(|c| Arc::ptr_eq(c, control)) {
            return; // superseded by a newer run
        }
        self.shared.running = None;
        if let Ok((r, indexes)) = result {
            for (id, hash, w) in indexes {
                self.shared.index.insert(id, (hash, w));
            }
            self.shared.result = Some(Arc::new(r));
            self.shared.serial += 1;
        }
    }

    /// The documents' ends of a cluster's members, as link ends.
    /// The members of a cluster as link ends; a member that a passage
    /// already covers (the user's coded passage around the shared words) is
    /// that passage, so linking or tagging adds nothing on top of it.
    fn cluster_ends(&self, ci: usize) -> Vec<LinkEnd> {
        let Some(r) = &self.shared.result else { return Vec::new() };
        let Some(c) = r.clusters.get(ci) else { return Vec::new() };
        c.members
            .iter()
            .map(|m| {
                let doc = r.docs[m.doc];
                match self.covering_annotation(doc, m.range) {
                    Some((id, range)) => LinkEnd { doc, range, annotation: Some(id) },
                    None => LinkEnd { doc, range: m.range, annotation: None },
                }
            })
            .collect()
    }

    /// The passage of `doc` that covers `range`: the shortest that contains
    /// it, else the one overlapping it most when that overlap is at least
    /// half of both (a quote coded a few words shorter or longer).
    fn covering_annotation(&self, doc: DocId, range: CharRange) -> Option<(AnnotationId, CharRange)> {
        let live =
            self.project.annotations_of(doc).into_iter().filter(|a| a.status != crate::model::AnchorStatus::Orphaned);
        let mut best: Option<(usize, bool, AnnotationId, CharRange)> = None;
        for a in live {
            let r = a.anchor.range;
            let contains = r.start <= range.start && r.end >= range.end;
            let overlap = r.end.0.min(range.end.0).saturating_sub(r.start.0.max(range.start.0));
            let half = overlap * 2 >= r.len() && overlap * 2 >= range.len() && overlap > 0;
            if !(contains || half) {
                continue;
            }
            // Containing beats overlapping; then the tighter fit.
            let key = (r.len().abs_diff(range.len()), !contains);
            if best.is_none_or(|(d, c, _, _)| (key.1, key.0) < (c, d)) {
                best = Some((key.0, key.1, a.id, r));
            }
        }
        best.map(|(_, _, id, r)| (id, r))
    }

    /// Link the members of a cluster, the first to each other: the link
    /// dialog asks for the relation ("quotes" offered when the project has
    /// it) and a note, as for any link; one undo step.
    pub(super) fn link_cluster(&mut self, ci: usize) {
        let mut ends = self.cluster_ends(ci);
        if ends.len() < 2 {
            return;
        }
        let rest = ends.split_off(1);
        let from = ends.remove(0);
        let mut rest = rest.into_iter();
        let Some(to) = rest.next() else { return };
        let relation = self
            .project
            .relations()
            .iter()
            .find(|r| r.as_str() == "quotes")
            .or(self.project.relations().first())
            .cloned()
            .unwrap_or_default();
        self.modal = Some(Modal::Link(LinkDraft { from, to, relation, note: String::new(), more: rest.collect() }));
    }

    /// Tag every member of a cluster (an annotation each), as one undo step.
    pub(super) fn tag_cluster(&mut self, ci: usize, tag: TagId) {
        let mut edits = Vec::new();
        for e in self.cluster_ends(ci) {
            if let Some(id) = e.annotation.or_else(|| self.annotation_at(e.doc, e.range)) {
                if let Some(ed) = self.project.update_annotation_edit(id, |a| {
                    a.tags.insert(tag);
                }) {
                    edits.push(ed);
                }
            } else if let Some(DocText::Ready(l)) = self.texts.get(&e.doc) {
                let mut a = Annotation::new(e.doc, Anchor::from_text(&l.text, e.range));
                a.tags.insert(tag);
                edits.push(Project::add_annotation_edit(a));
            }
        }
        let name = self.project.codebook().get(tag).map(|t| t.name.clone()).unwrap_or_default();
        self.apply_edit(Edit::Batch(edits), format!("Tag shared passage “{name}”"), None);
    }

    /// Shared and linked ranges per document, rebuilt when the project or
    /// the detection result changes.
    pub(super) fn refresh_overlays(&mut self) {
        let key = (self.generation, self.shared.serial);
        if self.overlays.key == key {
            return;
        }
        self.overlays.key = key;
        let mut docs: HashMap<DocId, (Vec<CharRange>, Vec<CharRange>)> = HashMap::new();
        if let Some(r) = &self.shared.result {
            for (d, v) in &r.by_doc {
                docs.entry(*d).or_default().0.clone_from(v);
            }
        }
        for l in self.project.links() {
            for a in [l.from, l.to].iter().filter_map(|a| self.project.annotation(*a)) {
                docs.entry(a.doc).or_default().1.push(a.anchor.range);
            }
        }
        for v in docs.values_mut() {
            v.1 = merge(std::mem::take(&mut v.1));
        }
        self.overlays.docs = docs;
    }

    /// True when ribbons may be drawn (the desk leaves room for them).
    pub(super) fn has_ribbons(&self) -> bool {
        self.project.links().next().is_some() || self.shared.result.as_ref().is_some_and(|r| !r.passages.is_empty())
    }

    /// Where the ends of the links and shared passages between panes `i`
    /// and `i + 1` are. Only passages with an end in view count (checked by
    /// char range first: a book compared with itself shares thousands).
    fn ribbons_between(&self, i: usize) -> Vec<(Place, Place, RibbonKind)> {
        let (pa, pb) = (&self.panes[i], &self.panes[i + 1]);
        let (Some(DocText::Ready(ta)), Some(DocText::Ready(tb))) = (self.texts.get(&pa.doc), self.texts.get(&pb.doc))
        else {
            return Vec::new();
        };
        let mut ribbons = Vec::new();
        let (va, vb) = (pa.visible_chars(&ta.text), pb.visible_chars(&tb.text));
        let in_view = |ra: CharRange, rb: CharRange| ra.overlaps(&va) || rb.overlaps(&vb);
        if let Some(r) = &self.shared.result {
            let ia = r.docs.iter().position(|d| *d == pa.doc);
            let ib = r.docs.iter().position(|d| *d == pb.doc);
            if let (Some(ia), Some(ib)) = (ia, ib) {
                for (k, p) in r.passages.iter().enumerate() {
                    let Some((ra, rb)) = oriented((p.a, p.a_range), (p.b, p.b_range), (ia, ib)) else { continue };
                    if in_view(ra, rb) {
                        ribbons.push((pa.place(&ta.text, ra), pb.place(&tb.text, rb), RibbonKind::Shared(k)));
                    }
                }
            }
        }
        for l in self.project.links() {
            let (Some(x), Some(y)) = (self.project.annotation(l.from), self.project.annotation(l.to)) else { continue };
            let ends = ((x.doc, x.anchor.range), (y.doc, y.anchor.range));
            let Some((ra, rb)) = oriented(ends.0, ends.1, (pa.doc, pb.doc)) else { continue };
            if in_view(ra, rb) {
                ribbons.push((pa.place(&ta.text, ra), pb.place(&tb.text, rb), RibbonKind::Link(l.id)));
            }
        }
        ribbons
    }

    /// Ribbons joining links and shared passages between panes `i` and
    /// `i + 1`, painted in the gap `gap` between them; a click on one
    /// reveals it.
    pub(super) fn ribbons_ui(&mut self, ui: &mut Ui, i: usize, gap: Rect, actions: &mut Vec<Action>) {
        let ribbons = self.ribbons_between(i);
        let pa = &self.panes[i];
        let (top, bottom) = (gap.min.y.max(pa.view_rect.min.y), gap.max.y.min(pa.view_rect.max.y));
        let span = |p: Place| match p {
            Place::Above => (top, top + 1.0),
            Place::Below => (bottom - 1.0, bottom),
            Place::At(a, b) => (a, b),
        };
        let style = self.settings.style;
        let painter = ui.painter_at(gap);
        // Spans at the left and right edge of the gap, and what each ribbon is.
        let mut shapes: Vec<(Span, Span, RibbonKind)> = Vec::new();
        // All ribbons of the gap in one mesh (a book beside itself has dozens).
        let mut mesh = egui::Mesh::default();
        for (a, b, kind) in ribbons {
            if matches!((a, b), (Place::Above, Place::Above) | (Place::Below, Place::Below)) {
                continue;
            }
            let (ya, yb) = (span(a), span(b));
            let fill = match kind {
                RibbonKind::Link(_) => style.link_ribbon(),
                RibbonKind::Shared(_) => style.shared_ribbon(),
            };
            add_ribbon(&mut mesh, gap.min.x, gap.max.x, ya, yb, fill);
            shapes.push((ya, yb, kind));
        }
        painter.add(egui::Shape::mesh(mesh));
        let resp = ui.interact(gap, ui.scope_id().with(("ribbons", i)), Sense::click());
        let hit = resp.hover_pos().and_then(|p| {
            shapes.iter().rev().find_map(|(ya, yb, kind)| {
                let (y0, y1) = ribbon_at(*ya, *yb, (p.x - gap.min.x) / gap.width());
                (p.y >= y0 - 2.0 && p.y <= y1 + 2.0).then_some(*kind)
            })
        });
        if let Some(kind) = hit {
            let text = match kind {
                RibbonKind::Link(id) => self
                    .project
                    .link(id)
                    .map(|l| if l.note.is_empty() { l.relation.clone() } else { format!("{}: {}", l.relation, l.note) })
                    .unwrap_or_default(),
                RibbonKind::Shared(k) => self
                    .shared
                    .result
                    .as_ref()
                    .and_then(|r| r.passages.get(k))
                    .map(|p| format!("Shared passage: {} words, {:.0}% similar", p.words, p.similarity * 100.0))
                    .unwrap_or_default(),
            };
            let resp = resp.clone().on_hover_text_at_pointer(text);
            if resp.clicked() {
                match kind {
                    RibbonKind::Link(id) => actions.push(Action::RevealLink(id)),
                    RibbonKind::Shared(k) => {
                        if let Some(p) = self.shared.result.as_ref().and_then(|r| r.passages.get(k)).copied() {
                            let r = self.shared.result.as_ref().map(|r| (r.docs[p.a], r.docs[p.b]));
                            if let Some((da, db)) = r {
                                actions.push(Action::ScrollTo(db, p.b_range.start));
                                actions.push(Action::ShowPassage(da, p.a_range));
                            }
                        }
                    }
                }
            }
        }
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Ribbons between panes"));
    }

    /// The link dialog. Returns the draft while it stays open.
    pub(super) fn link_modal_ui(&mut self, ctx: &egui::Context, mut draft: LinkDraft) -> Option<LinkDraft> {
        let mut open = true;
        let mut create = false;
        let excerpt = |e: &LinkEnd| -> String {
            let title = self.project.document(e.doc).map_or("?", |d| d.meta.title.as_str());
            // A passage that is itself a quotation keeps one pair of marks.
            let text = match self.texts.get(&e.doc) {
                Some(DocText::Ready(l)) => crate::ui::notes::quoted(l.text.slice(e.range), 70),
                _ => String::new(),
            };
            format!("{title}: {text}")
        };
        let (from, to) = (excerpt(&draft.from), excerpt(&draft.to));
        let more: Vec<String> = draft.more.iter().map(excerpt).collect();
        egui::Modal::new(egui::Id::unique("synoptic link")).show(ctx, |ui| {
            ui.heading("Link passages");
            ui.label(from);
            ui.label(to);
            for m in more {
                ui.label(m);
            }
            egui::ComboBox::new("new_link_relation", "Relation").selected_text(&draft.relation).show_ui(ui, |ui| {
                for r in self.project.relations() {
                    ui.selectable_value(&mut draft.relation, r.clone(), r);
                }
            });
            let label = ui.label("Note (optional)");
            // Ctrl+Enter links (taken before the note field would make it a
            // new line); the note has the keyboard at once.
            if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter)) {
                create = true;
            }
            let field = ui.add(egui::TextEdit::multiline(&mut draft.note).desired_rows(2)).labelled_by(label.id);
            super::modals::first_field(ui, &field);
            ui.weak("Ctrl+Enter links, Esc cancels.");
            ui.horizontal(|ui| {
                create |= ui.button("Link").clicked();
                if ui.button("Cancel").clicked() {
                    open = false;
                }
            });
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                open = false;
            }
            if ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift) && !ctx.egui_wants_keyboard_input() {
                create = true;
            }
        });
        if create {
            self.create_link(&draft);
            return None;
        }
        open.then_some(draft)
    }

    /// Choose the two documents to compare. Returns the choice while open.
    pub(super) fn compare_pick_ui(
        &mut self,
        ctx: &egui::Context,
        mut a: Option<DocId>,
        mut b: Option<DocId>,
        actions: &mut Vec<Action>,
    ) -> Option<(Option<DocId>, Option<DocId>)> {
        let mut open = true;
        // Versions of one page share a title: each is named with when it was fetched.
        let named = |d: &crate::model::Document| match d.version() {
            Some(v) => format!("{} — fetched {v}", d.meta.title),
            None => d.meta.title.clone(),
        };
        let mut docs: Vec<(String, DocId)> = self.project.documents().map(|d| (named(d), d.id)).collect();
        docs.sort();
        let name =
            |d: Option<DocId>| d.and_then(|d| self.project.document(d)).map_or_else(|| "(choose)".to_owned(), named);
        egui::Modal::new(egui::Id::unique("synoptic compare")).show(ctx, |ui| {
            ui.heading("Compare two documents");
            for (label, slot) in [("Left (older)", &mut a), ("Right (newer)", &mut b)] {
                // Titles in Arabic or Hebrew in reading order.
                let shown = |ui: &egui::Ui, t: &str| {
                    crate::ui::bidi_line::fitted(ui, t, false, false, f32::INFINITY).unwrap_or_else(|| t.into())
                };
                let selected = shown(ui, &name(*slot));
                egui::ComboBox::new(label, label).selected_text(selected).show_ui(ui, |ui| {
                    for (t, id) in &docs {
                        let text = shown(ui, t);
                        ui.selectable_value(slot, Some(*id), text);
                    }
                });
            }
            ui.horizontal(|ui| {
                let ok = a.is_some() && b.is_some() && a != b;
                if ui.add_enabled(ok, egui::Button::new("Compare side by side")).clicked()
                    || (ok && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                {
                    if let (Some(a), Some(b)) = (a, b) {
                        actions.push(Action::StartCompare(a, b));
                    }
                    open = false;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    open = false;
                }
            });
        });
        open.then_some((a, b))
    }

    // ----- compare mode -----

    /// Enter compare mode for `a` and `b`; the alignment runs in the background.
    pub(super) fn start_compare(&mut self, a: DocId, b: DocId) {
        let (Some(DocText::Ready(ta)), Some(DocText::Ready(tb))) = (self.texts.get(&a), self.texts.get(&b)) else {
            self.messages.push("Both documents must be loaded to compare them.".into());
            return;
        };
        let (ta, tb) = (ta.clone(), tb.clone());
        self.corpus.compared = Some((ta.hash.clone(), tb.hash.clone()));
        let view = CompareView::new(a, b);
        let control = view.control.clone();
        self.compare = Some(view);
        self.spawn_job(move || {
            let ia = WordIndex::exact(ta.text.as_str());
            let ib = WordIndex::exact(tb.text.as_str());
            Job::Compared(a, b, align::compare(&ia, &ib, &control).map(Arc::new))
        });
    }

    /// The compare view in place of the panes.
    pub(super) fn compare_view_ui(&mut self, ui: &mut Ui) {
        let Some(view) = &mut self.compare else { return };
        let (Some(DocText::Ready(ta)), Some(DocText::Ready(tb))) = (self.texts.get(&view.a), self.texts.get(&view.b))
        else {
            self.compare = None;
            return;
        };
        let title = |d: DocId| {
            self.project.document(d).map_or_else(|| (String::new(), None), |d| (d.meta.title.clone(), d.version()))
        };
        let (na, nb) = (title(view.a), title(view.b));
        let style = self.settings.style;
        let titles = [(na.0.as_str(), na.1.as_deref()), (nb.0.as_str(), nb.1.as_deref())];
        let out = crate::ui::compare::compare_ui(ui, view, (&ta.text, &tb.text), titles, &style);
        for a in out {
            match a {
                CompareAction::Close => self.compare = None,
                CompareAction::Next => self.run_command(crate::command::Command::NextDifference),
                CompareAction::Previous => self.run_command(crate::command::Command::PreviousDifference),
            }
        }
    }
}

/// The detection job: index what is not indexed yet, then find and cluster.
fn detect(
    docs: &[(DocId, Arc<crate::io::import::Loaded>)],
    cached: Vec<Option<Arc<WordIndex>>>,
    settings: ReuseSettings,
    control: &Control,
) -> SharedOutcome {
    let t0 = Instant::now();
    let mut built = Vec::new();
    let mut index = Vec::with_capacity(docs.len());
    // Documents with the same text share one index.
    let mut by_hash: std::collections::HashMap<&str, Arc<WordIndex>> = std::collections::HashMap::new();
    for ((id, l), c) in docs.iter().zip(cached) {
        control.check()?;
        let w = c.or_else(|| by_hash.get(l.hash.as_str()).cloned()).unwrap_or_else(|| {
            let w = Arc::new(WordIndex::words(l.text.as_str()));
            built.push((*id, l.hash.clone(), w.clone()));
            w
        });
        by_hash.entry(l.hash.as_str()).or_insert_with(|| w.clone());
        index.push(w);
    }
    let refs: Vec<&WordIndex> = index.iter().map(AsRef::as_ref).collect();
    let passages = reuse::find_shared(&refs, &settings, control)?;
    let clusters = reuse::clusters(&passages);
    // The list shows the start of each member (90 chars); keeping only its
    // first 240 chars spares a copy of whole texts when documents are
    // identical (10 MB for three copies of the novel).
    let excerpts = clusters
        .iter()
        .map(|c| {
            c.members
                .iter()
                .map(|m| {
                    let s = docs[m.doc].1.text.slice(m.range);
                    s.char_indices().nth(240).map_or(s, |(at, _)| &s[..at]).to_owned()
                })
                .collect()
        })
        .collect();
    let mut by_doc: HashMap<DocId, Vec<CharRange>> = HashMap::new();
    for p in &passages {
        by_doc.entry(docs[p.a].0).or_default().push(p.a_range);
        by_doc.entry(docs[p.b].0).or_default().push(p.b_range);
    }
    for v in by_doc.values_mut() {
        *v = merge(std::mem::take(v));
    }
    let result = SharedResult {
        docs: docs.iter().map(|(id, _)| *id).collect(),
        passages,
        clusters,
        excerpts,
        by_doc,
        settings,
        millis: t0.elapsed().as_secs_f64() * 1000.0,
    };
    Ok((result, built))
}

/// The two ends of a passage pair as (end in `docs.0`, end in `docs.1`),
/// whichever way round the pair was stored; `None` when it joins other
/// documents.
fn oriented<D: PartialEq + Copy>(x: (D, CharRange), y: (D, CharRange), docs: (D, D)) -> Option<(CharRange, CharRange)> {
    if x.0 == docs.0 && y.0 == docs.1 {
        Some((x.1, y.1))
    } else if y.0 == docs.0 && x.0 == docs.1 {
        Some((y.1, x.1))
    } else {
        None
    }
}

/// Top and bottom of a ribbon at `t` (0 at the left edge, 1 at the right),
/// eased with smoothstep like a diff tool's connectors.
fn ribbon_at(ya: Span, yb: Span, t: f32) -> Span {
    let t = t.clamp(0.0, 1.0);
    let s = t * t * (3.0 - 2.0 * t);
    (ya.0 + (yb.0 - ya.0) * s, ya.1 + (yb.1 - ya.1) * s)
}

/// Add to `mesh` a ribbon from `ya` at `x0` to `yb` at `x1`.
fn add_ribbon(mesh: &mut egui::Mesh, x0: f32, x1: f32, ya: Span, yb: Span, fill: Color32) {
    const STEPS: usize = 16;
    mesh.reserve_vertices(2 * (STEPS + 1));
    mesh.reserve_triangles(2 * STEPS);
    #[allow(clippy::cast_possible_truncation)] // a mesh of a few thousand vertices
    let base = mesh.vertices.len() as u32;
    for k in 0..=STEPS {
        let t = k as f32 / STEPS as f32;
        let (top, bottom) = ribbon_at(ya, yb, t);
        let x = x0 + (x1 - x0) * t;
        mesh.colored_vertex(pos2(x, top), fill);
        mesh.colored_vertex(pos2(x, bottom), fill);
        if k > 0 {
            let i = base + (2 * k) as u32;
            mesh.add_triangle(i - 2, i - 1, i);
            mesh.add_triangle(i - 1, i + 1, i);
        }
    }
}
