//! The Search tab: a query with its switches (match case, whole word,
//! regex, ignore accents), over the focused document (Ctrl+F) or all of
//! them (Ctrl+Shift+F); results as keyword-in-context lines grouped by
//! document with counts. The search itself runs off the UI thread and is
//! cancelled by the next keystroke (see `app::finding`).

use std::collections::HashMap;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::analysis::job::Control;
use crate::analysis::search::Query;
use crate::command::Action;
use crate::model::{CharRange, DocId, Project};

/// Hits listed per document (all are counted and marked in the panes).
pub const LISTED_PER_DOC: usize = 200;

/// Hits marked in one pane.
pub const MARKED_PER_DOC: usize = 100_000;

/// One document's hits.
#[derive(Debug, Default)]
pub struct DocHits {
    /// The document.
    pub doc: DocId,
    /// Hits in all.
    pub total: usize,
    /// The first hits with their context line (before, hit, after).
    pub listed: Vec<(CharRange, (String, String, String))>,
}

pub use crate::command::NoteRef;

/// A hit in a note, memo or document note.
#[derive(Debug)]
pub struct NoteHit {
    /// Where.
    pub at: NoteRef,
    /// What it belongs to (a quote, a memo title, a document title).
    pub label: String,
    /// The context line (before, hit, after).
    pub line: (String, String, String),
}

/// The outcome of one search.
#[derive(Debug, Default)]
pub struct SearchResults {
    /// Hits in notes and memos (when asked for).
    pub notes: Vec<NoteHit>,
    /// Documents with hits, in desk order.
    pub docs: Vec<DocHits>,
    /// Hits in all documents.
    pub total: usize,
    /// Hit ranges per document (sorted), for marking the panes.
    pub by_doc: HashMap<DocId, Vec<CharRange>>,
    /// Every listed hit in order, for stepping with F3.
    pub flat: Vec<(DocId, CharRange)>,
}

/// What the results answer: the query, where it looked, and the project
/// generation (texts may have changed).
pub type SearchKey = (Query, Option<DocId>, u64, bool);

/// The Search tab between frames.
#[derive(Default)]
pub struct SearchState {
    /// The query being typed.
    pub query: Query,
    /// `None`: all documents; else the one document searched.
    pub scope: Option<DocId>,
    /// The last finished search.
    pub results: Option<(SearchKey, Arc<SearchResults>)>,
    /// The search under way.
    pub running: Option<(SearchKey, Arc<Control>)>,
    /// The query's error (an invalid regex), shown under the field.
    pub error: Option<String>,
    /// Position in `flat` of the current hit.
    pub current: Option<usize>,
    /// Put the keyboard in the field on the next frame.
    pub focus: bool,
    /// Bumped whenever the results change (the panes' overlay key).
    pub serial: u64,
    /// The query that last failed to compile (not tried again until edited).
    pub failed: Option<SearchKey>,
    /// Also search notes, memos and document notes.
    pub in_notes: bool,
    /// A step (forward?) asked for before the results of the query as
    /// typed came: taken when they come.
    pub pending_step: Option<bool>,
    /// The hit last shown (and selected) by stepping.
    pub shown: Option<(DocId, CharRange)>,
}

impl SearchState {
    /// The key of the query as it stands.
    pub fn key(&self, generation: u64) -> SearchKey {
        (self.query.clone(), self.scope, generation, self.in_notes)
    }

    /// The next (or previous) hit, moving the current one.
    pub fn step(&mut self, forward: bool) -> Option<(DocId, CharRange)> {
        let flat = &self.results.as_ref()?.1.flat;
        if flat.is_empty() {
            return None;
        }
        let n = flat.len();
        let i = match self.current {
            None if forward => 0,
            None => n - 1,
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        self.current = Some(i);
        Some(flat[i])
    }
}

/// The tab's contents.
pub fn search_ui(ui: &mut Ui, state: &mut SearchState, project: &Project, actions: &mut Vec<Action>) {
    let label = ui.label("Find:");
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut state.query.pattern)
                .hint_text("Search (Enter or F3: next hit)")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if std::mem::take(&mut state.focus) {
        r.request_focus();
    }
    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        actions.push(Action::Command(if ui.input(|i| i.modifiers.shift) {
            crate::command::Command::FindPrevious
        } else {
            crate::command::Command::FindNext
        }));
        r.request_focus();
    }
    ui.horizontal_wrapped(|ui| {
        let q = &mut state.query;
        ui.toggle_value(&mut q.match_case, "Aa").on_hover_text("Match case");
        ui.toggle_value(&mut q.whole_word, "ab|").on_hover_text("Whole words only");
        ui.toggle_value(&mut q.regex, ".*").on_hover_text("Regular expression");
        ui.toggle_value(&mut q.ignore_accents, "é=e").on_hover_text("Ignore accents (Helene finds Hélène)");
        ui.toggle_value(&mut state.in_notes, "notes").on_hover_text("Also search notes, memos and document notes");
        ui.separator();
        let scope = state
            .scope
            .and_then(|d| project.document(d))
            .map_or("All documents".to_owned(), |d| super::notes::excerpt(&d.meta.title, 24));
        let label = ui.label("In:");
        egui::ComboBox::from_id_salt("search scope")
            .selected_text(scope)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.scope, None, "All documents");
                for d in project.documents() {
                    ui.selectable_value(&mut state.scope, Some(d.id), &d.meta.title);
                }
            })
            .response
            .labelled_by(label.id);
    });
    if let Some(e) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if state.running.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Searching…");
        });
    }
    let Some((_, res)) = &state.results else { return };
    let res = Arc::clone(res);
    let docs_with = res.docs.len();
    let mut summary = format!("{} hit(s) in {docs_with} document(s)", res.total);
    if let Some(i) = state.current {
        summary = format!("Hit {} of {}: {summary}", i + 1, res.flat.len());
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(summary).small());
        if !res.flat.is_empty() && ui.small_button("Tag all hits…").clicked() {
            actions.push(Action::TagHits);
        }
    });
    results_ui(ui, state, &res, project, actions);
}

/// The hits, grouped: notes and memos first, then each document.
fn results_ui(ui: &mut Ui, state: &mut SearchState, res: &SearchResults, project: &Project, actions: &mut Vec<Action>) {
    let current = state.current.and_then(|i| res.flat.get(i)).copied();
    egui::ScrollArea::vertical().id_salt("search results").auto_shrink([false, true]).show(ui, |ui| {
        if !res.notes.is_empty() {
            egui::CollapsingHeader::new(RichText::new(format!("Notes and memos ({})", res.notes.len())).strong())
                .id_salt("search notes")
                .default_open(true)
                .show(ui, |ui| {
                    for h in &res.notes {
                        let (a, b, c) = &h.line;
                        let text = format!("{}: {a}{b}{c}", super::notes::excerpt(&h.label, 24));
                        if ui.selectable_label(false, text).clicked() {
                            actions.push(Action::RevealNote(h.at));
                        }
                    }
                });
        }
        for dh in &res.docs {
            let title = project.document(dh.doc).map_or("?", |d| d.meta.title.as_str());
            let more = if dh.total > dh.listed.len() { format!(", {} listed", dh.listed.len()) } else { String::new() };
            let head = one_line(ui, &format!("{title} ({}{more})", dh.total));
            egui::CollapsingHeader::new(head).id_salt(("search doc", dh.doc)).default_open(true).show(ui, |ui| {
                for (r, (before, hit, after)) in &dh.listed {
                    let is_cur = current == Some((dh.doc, *r));
                    // Context at the body text size, wrapped at the
                    // panel's width (a long line never widens the panel).
                    // The selectable label's padding is outside the text.
                    let width = ui.available_width() - 2.0 * ui.spacing().button_padding.x;
                    let body = egui::TextStyle::Body.resolve(ui.style());
                    // On the selection's fill, the selection's own text colour.
                    let color = if is_cur { ui.visuals().selection.stroke.color } else { ui.visuals().text_color() };
                    let plain = egui::TextFormat::simple(body.clone(), color);
                    let strong = egui::TextFormat {
                        background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
                        ..egui::TextFormat::simple(body, ui.visuals().strong_text_color())
                    };
                    let job = super::bidi_line::wrapped_parts(
                        ui,
                        &[(before, plain.clone()), (hit, strong), (after, plain)],
                        width,
                    );
                    let broken = job.wrap.max_width.is_infinite();
                    let resp = super::bidi_line::unwrapped(ui, broken, |ui| ui.selectable_label(is_cur, job));
                    if resp.clicked() {
                        state.current = res.flat.iter().position(|h| *h == (dh.doc, *r));
                        actions.push(Action::ShowPassage(dh.doc, *r));
                    }
                }
            });
        }
    });
}

/// `text` in strong button type on one line as wide as the panel leaves
/// for a collapsing header, cut with "…" (a header never wraps and would
/// otherwise run past the panel's edge).
fn one_line(ui: &Ui, text: &str) -> Arc<egui::Galley> {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let format = egui::text::TextFormat::simple(font, ui.visuals().strong_text_color());
    let room = ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x;
    let job = super::bidi_line::line_job(ui, text, &format, room);
    ui.fonts_mut(|f| f.layout_job(job))
}

/// The "Tag all hits" dialog between frames.
#[derive(Clone, Debug, Default)]
pub struct TagHitsDraft {
    /// Which listed hits (by position in `flat`) are to be tagged.
    pub checked: Vec<bool>,
    /// How far each hit is widened.
    pub widen: crate::analysis::search::Widen,
    /// An existing tag, or `None` for a new one named `new_name`.
    pub tag: Option<crate::model::TagId>,
    /// Name of the new tag.
    pub new_name: String,
    /// The search whose hits these are.
    pub key: Option<SearchKey>,
}

/// What the dialog decided.
pub enum TagHitsAnswer {
    /// Keep showing it.
    Open,
    /// Closed without tagging.
    Cancel,
    /// Tag the checked hits.
    Apply,
}

/// The dialog: a preview of the hits with checkboxes, the widening, and
/// the tag.
pub fn tag_hits_ui(
    ctx: &egui::Context,
    draft: &mut TagHitsDraft,
    project: &Project,
    results: &SearchResults,
) -> TagHitsAnswer {
    use crate::analysis::search::Widen;
    let mut answer = TagHitsAnswer::Open;
    egui::Modal::new(egui::Id::unique("synoptic tag hits")).show(ctx, |ui| {
        ui.heading("Tag search hits");
        let n = draft.checked.iter().filter(|c| **c).count();
        if results.total > results.flat.len() {
            ui.label(format!(
                "The first {} of {} hits are listed (up to {LISTED_PER_DOC} per document); only listed hits are tagged.",
                results.flat.len(),
                results.total
            ));
        }
        ui.horizontal(|ui| {
            let label = ui.label("Tag:");
            let current = draft
                .tag
                .and_then(|t| project.codebook().get(t))
                .map_or("New tag…".to_owned(), |t| t.name.clone());
            egui::ComboBox::from_id_salt("tag hits tag")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut draft.tag, None, "New tag…");
                    for (_, t) in project.codebook().tree() {
                        ui.selectable_value(&mut draft.tag, Some(t.id), &t.name);
                    }
                })
                .response
                .labelled_by(label.id);
            if draft.tag.is_none() {
                ui.add(egui::TextEdit::singleline(&mut draft.new_name).hint_text("Name of the new tag").desired_width(160.0))
                    .labelled_by(label.id);
            }
        });
        ui.horizontal(|ui| {
            ui.label("Tag each:");
            ui.radio_value(&mut draft.widen, Widen::Hit, "hit");
            ui.radio_value(&mut draft.widen, Widen::Sentence, "sentence");
            ui.radio_value(&mut draft.widen, Widen::Paragraph, "paragraph");
        });
        ui.horizontal(|ui| {
            if ui.small_button("All").clicked() {
                draft.checked.iter_mut().for_each(|c| *c = true);
            }
            if ui.small_button("None").clicked() {
                draft.checked.iter_mut().for_each(|c| *c = false);
            }
        });
        let contexts: HashMap<(DocId, CharRange), String> = results
            .docs
            .iter()
            .flat_map(|d| d.listed.iter().map(move |(r, (a, h, b))| ((d.doc, *r), format!("{a}{h}{b}"))))
            .collect();
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            for (i, key) in results.flat.iter().enumerate() {
                if let Some(c) = draft.checked.get_mut(i) {
                    let title = project.document(key.0).map_or("?", |d| d.meta.title.as_str());
                    let line = contexts.get(key).map_or("", String::as_str);
                    ui.checkbox(c, RichText::new(format!("{}: {line}", super::notes::excerpt(title, 20))).small());
                }
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            let named = draft.tag.is_some() || !draft.new_name.trim().is_empty();
            if ui.add_enabled(n > 0 && named, egui::Button::new(format!("Tag {n} passage(s)"))).clicked() {
                answer = TagHitsAnswer::Apply;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = TagHitsAnswer::Cancel;
            }
        });
    });
    answer
}
