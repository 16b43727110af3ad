//! The synopsis view: N documents in parallel columns, their sentences
//! aligned in rows (`analysis::synopsis`), each sentence's words marked where
//! they differ from the row's lead (the reference column), rows coloured by
//! how many documents carry them, a summary of what each document shares,
//! and a strip per column showing where its material of its own lies.
//!
//! Rows are virtualized like the compare view's: only the rows in view are
//! laid out, the others keep a measured or estimated height. Columns too:
//! with twenty documents only those in view are drawn.
//!
//! A cell's text is the document's own text, laid out by the reader's block
//! layout (so right-to-left sentences read right to left), so a selection
//! dragged in a cell is a range of the document, tagged with the same anchor
//! and undo as in a pane.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Color32, FontId, Rect, RichText, ScrollArea, Sense, Stroke, Ui, pos2, vec2};

use super::reader::Selection;
use super::reader::block::{BidiCache, BlockStyle, Laid, lay_out};
use super::theme::ReaderStyle;
use crate::analysis::job::Control;
use crate::analysis::synopsis::{Difference, Summary, Synopsis};
use crate::model::{CharIdx, CharRange, ChoiceKind, DocId, Place, Project, RowChoice, SourceText};

const GUTTER: f32 = 44.0;
const PAD: f32 = 6.0;
const MIN_COLUMN: f32 = 220.0;
const MAX_COLUMN: f32 = 760.0;
/// Estimated height of a row not drawn yet.
const ESTIMATE: f32 = 56.0;

/// A finished alignment, with what the view shows beside it.
pub struct Aligned {
    /// The documents, in column order.
    pub docs: Vec<DocId>,
    /// Their texts' content hashes when aligned.
    pub hashes: Vec<String>,
    /// The reference column.
    pub reference: usize,
    /// Sentences and rows.
    pub syn: Synopsis,
    /// Per row, document and sentence: how it reads against the row's lead.
    pub diffs: Vec<Vec<Vec<Difference>>>,
    /// What each document shares.
    pub summary: Summary,
    /// The user's row choices set aside because their text changed.
    pub stale: usize,
    /// How long the alignment took.
    pub millis: f64,
}

impl Aligned {
    /// True when the row's documents do not all say the same words.
    pub fn differs(&self, row: usize) -> bool {
        let r = &self.syn.rows[row];
        r.width() < self.docs.len() || self.diffs[row].iter().flatten().any(|d| !d.same())
    }
}

/// A document's coded passages with their colour, sorted, and the
/// furthest end reached up to each.
type Marks = (Vec<(CharRange, Color32)>, Vec<usize>);

/// Which rows are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowFilter {
    /// Every row.
    #[default]
    All,
    /// Rows not every document carries word for word.
    Differs,
    /// Rows only this column has.
    Alone(usize),
}

/// State of the synopsis view.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)] // independent switches of one view
pub struct SynopsisView {
    /// The documents, in column order.
    pub docs: Vec<DocId>,
    /// The reference column (its order is the rows' order; its words are
    /// what the others are marked against).
    pub reference: usize,
    /// Which rows are shown.
    pub filter: RowFilter,
    /// The alignment, once computed for `docs` and `reference`.
    pub result: Option<Arc<Aligned>>,
    /// Stops the alignment under way.
    pub control: Arc<Control>,
    /// An alignment is under way.
    pub running: bool,
    /// The documents or reference changed: align again.
    pub stale: bool,
    /// Rows shown (indices into the rows), for `shown_for`.
    shown: Vec<usize>,
    shown_for: Option<(usize, RowFilter)>,
    heights: Vec<f32>,
    /// What `heights` were measured for: column width and font size.
    layout_key: (u32, u32),
    bidi: BidiCache,
    /// A drag under way in a cell: its column, row, and where it began.
    drag: Option<(usize, usize, CharIdx)>,
    /// Scroll so that this row (an index into the rows) is at the top.
    pub scroll_to_row: Option<usize>,
    /// The table's scroll offset last frame.
    offset: egui::Vec2,
    /// Scroll the table down by this much next frame.
    pending_scroll: f32,
    /// Height of the table's view last frame (a page).
    page: f32,
    /// Keep the table at its end until its rows' heights stop changing.
    stick_end: bool,
    /// Passages of each document with their colour, sorted, for the
    /// project generation they were collected at.
    /// With each, the furthest end of the passages up to it (so the first
    /// that can reach a sentence is found by bisection).
    marks: HashMap<DocId, Marks>,
    marks_for: Option<u64>,
    /// Show the summary above the table.
    pub hide_summary: bool,
    /// An export asked for (its kind), waiting for the file's name.
    pub export_as: Option<&'static str>,
    /// The cell the keyboard is on: a row (index into the rows) and a
    /// column. Arrows move it, Enter selects its sentence.
    pub cursor: Option<(usize, usize)>,
    /// The project generation the user's choices were last read at, and
    /// what they were then (a change aligns again).
    pub choices_seen: Option<(u64, Vec<crate::analysis::synopsis::Choice>)>,
    /// Cells drawn last frame: row, column, and where (for tests and
    /// keyboard help).
    drawn: Vec<(usize, usize, Rect)>,
}

impl SynopsisView {
    /// A view of `docs`, to be aligned.
    pub fn of(docs: Vec<DocId>) -> Self {
        Self { docs, stale: true, ..Self::default() }
    }

    /// Scroll the table (keyboard paging, benches).
    pub fn scroll_by(&mut self, dy: f32) {
        self.pending_scroll += dy;
    }

    /// Scroll to the first row shown.
    pub fn to_top(&mut self) {
        self.scroll_to_row = self.shown.first().copied();
    }

    /// Scroll to the last row shown (and stay at the end while the rows
    /// on the way are measured).
    pub fn to_end(&mut self) {
        self.stick_end = true;
    }

    /// The table's scroll offset last frame.
    pub fn offset(&self) -> egui::Vec2 {
        self.offset
    }

    /// Height of the table's view last frame.
    pub fn page(&self) -> f32 {
        self.page
    }

    /// The rows shown now (indices into the rows).
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The rows (indices into the rows) with a cell drawn last frame.
    pub fn rows_drawn(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self.drawn.iter().map(|x| x.0).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// Where the cell of `row` (an index into the rows) and column `col` was
    /// drawn last frame, if it was.
    pub fn cell_rect(&self, row: usize, col: usize) -> Option<Rect> {
        self.drawn.iter().find(|(r, c, _)| *r == row && *c == col).map(|x| x.2)
    }

    fn refresh_shown(&mut self) {
        let Some(r) = &self.result else {
            self.shown.clear();
            self.shown_for = None;
            return;
        };
        let key = (Arc::as_ptr(r) as usize, self.filter);
        if self.shown_for == Some(key) {
            return;
        }
        self.shown = (0..r.syn.rows.len())
            .filter(|i| match self.filter {
                RowFilter::All => true,
                RowFilter::Differs => r.differs(*i),
                RowFilter::Alone(c) => {
                    let row = &r.syn.rows[*i];
                    row.width() == 1 && row.cells.get(c).is_some_and(|x| !x.is_empty())
                }
            })
            .collect();
        self.heights = vec![f32::NAN; self.shown.len()];
        self.shown_for = Some(key);
    }
}

/// What the view asks of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SynopsisAction {
    /// Make this range of a document the selection (to tag it).
    Select(Selection),
    /// Open the document at this range on the desk.
    Open(DocId, CharRange),
    /// Open the tag picker for the selection.
    Tag,
    /// Save a choice about the rows (with its undo label).
    Choose(RowChoice, String),
    /// Forget the user's choices about these documents' rows.
    Forget(Vec<crate::model::ChoiceId>),
    /// Write the synopsis to a file of this kind (`html`, `md`, `csv`).
    Export(&'static str),
    /// Stop the alignment under way.
    Cancel,
    /// Back to the desk.
    Close,
}

/// Where the view finds what it shows.
pub struct Sources<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its generation (for the passages' marks).
    pub generation: u64,
    /// The loaded text of a document.
    pub text: &'a dyn Fn(DocId) -> Option<&'a SourceText>,
    /// The selection on the desk.
    pub selection: Option<Selection>,
    /// Reader colours.
    pub style: &'a ReaderStyle,
}

/// Draw the view.
pub fn synopsis_ui(ui: &mut Ui, view: &mut SynopsisView, src: &Sources<'_>) -> Vec<SynopsisAction> {
    let mut out = Vec::new();
    view.refresh_shown();
    // Home and End (Ctrl+Home and Ctrl+End are the app's) go to the ends.
    if !ui.ctx().egui_wants_keyboard_input() {
        let (home, end) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Home) && i.modifiers.is_none(),
                i.key_pressed(egui::Key::End) && i.modifiers.is_none(),
            )
        });
        if home {
            view.to_top();
        } else if end {
            view.to_end();
        }
        keys(ui, view, &mut out);
    }
    header_ui(ui, view, src, &mut out);
    ui.separator();
    let Some(r) = view.result.clone() else {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            if view.docs.len() < 2 {
                ui.label("Choose at least two documents (Documents… above) to align them.");
            } else {
                ui.label(format!("Aligning {} documents sentence by sentence…", view.docs.len()));
                let f = view.control.fraction();
                ui.add(egui::ProgressBar::new(f).desired_width(320.0).show_percentage());
                if ui.button("Cancel").clicked() {
                    out.push(SynopsisAction::Cancel);
                }
            }
        });
        return out;
    };
    if view.running {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Aligning again for the documents as they are now…").weak());
            if ui.small_button("Cancel").clicked() {
                out.push(SynopsisAction::Cancel);
            }
        });
    }
    if !view.hide_summary {
        summary_ui(ui, &r, src);
        ui.separator();
    }
    if r.docs.len() > 1 && r.syn.rows.iter().all(|row| row.width() <= 1) {
        ui.label(
            RichText::new(
                "These documents share no sentence: each row holds one document's sentence alone. Compare \
                 (Ctrl+D) finds shorter shared stretches.",
            )
            .strong(),
        );
    }
    if view.shown.is_empty() {
        ui.add_space(12.0);
        ui.label(match view.filter {
            RowFilter::All => "The documents have no sentences.",
            RowFilter::Differs => "Every row reads the same in every document.",
            RowFilter::Alone(_) => "This document says nothing the others do not.",
        });
        return out;
    }
    table_ui(ui, view, &r, src, &mut out);
    out
}

fn title(src: &Sources<'_>, d: DocId) -> String {
    src.project.document(d).map_or_else(|| "(removed)".to_owned(), |d| d.meta.title.clone())
}

/// Arrows move the cell cursor (to the next row shown, or the next column
/// with a sentence in this row); Enter or Space selects its sentences, so
/// that 1–9 or T tag them, as a click does.
fn keys(ui: &Ui, view: &mut SynopsisView, out: &mut Vec<SynopsisAction>) {
    use egui::Key;
    let Some(r) = view.result.clone() else { return };
    let pressed = |k: Key| ui.input(|i| i.key_pressed(k) && i.modifiers.is_none());
    let (up, down, left, right) =
        (pressed(Key::ArrowUp), pressed(Key::ArrowDown), pressed(Key::ArrowLeft), pressed(Key::ArrowRight));
    let enter = pressed(Key::Enter) || pressed(Key::Space);
    if !(up || down || left || right || enter) || view.shown.is_empty() {
        return;
    }
    let n = r.docs.len();
    let has = |row: usize, c: usize| r.syn.rows[row].cells.get(c).is_some_and(|x| !x.is_empty());
    let first_in = |row: usize| (0..n).find(|c| has(row, *c)).unwrap_or(0);
    let Some((row, col)) = view.cursor.filter(|(row, _)| view.shown.contains(row)) else {
        // Start on the first row in view.
        let row = view.drawn.first().map_or(view.shown[0], |d| d.0);
        view.cursor = Some((row, first_in(row)));
        return;
    };
    let k = view.shown.iter().position(|x| *x == row).unwrap_or(0);
    let to = if up || down {
        let k = if up { k.saturating_sub(1) } else { (k + 1).min(view.shown.len() - 1) };
        let row = view.shown[k];
        // The same column when it has a sentence here, else the nearest.
        let col = (0..n).filter(|c| has(row, *c)).min_by_key(|c| c.abs_diff(col)).unwrap_or(col);
        (row, col)
    } else if left {
        (row, (0..col).rev().find(|c| has(row, *c)).unwrap_or(col))
    } else if right {
        (row, (col + 1..n).find(|c| has(row, *c)).unwrap_or(col))
    } else {
        (row, col)
    };
    view.cursor = Some(to);
    if !view.drawn.iter().any(|d| d.0 == to.0) || up && view.drawn.first().is_some_and(|d| d.0 == to.0) {
        view.scroll_to_row = Some(to.0);
    }
    if enter && has(to.0, to.1) {
        let cell = &r.syn.rows[to.0].cells[to.1];
        let (a, b) =
            (r.syn.sentences[to.1][cell[0]].range.start, r.syn.sentences[to.1][cell[cell.len() - 1]].range.end);
        out.push(SynopsisAction::Select(Selection { doc: r.docs[to.1], anchor: a, head: b }));
    }
}

/// A column's name for menus: its title cut short, or its file's name
/// when another column has the same title.
fn short_name(src: &Sources<'_>, docs: &[DocId], i: usize) -> String {
    match (clashes(src, docs, i), src.project.document(docs[i])) {
        (true, Some(d)) => file_of(d),
        _ => super::notes::excerpt(&title(src, docs[i]), 28),
    }
}

/// A column's title, with its file's name when another column has the
/// same title (the project names all but the first copy by file; here
/// every one is).
fn label(src: &Sources<'_>, docs: &[DocId], i: usize) -> String {
    match (clashes(src, docs, i), src.project.document(docs[i])) {
        (true, Some(d)) => format!("{} ({})", base_title(&d.meta.title), file_of(d)),
        _ => title(src, docs[i]),
    }
}

fn file_of(d: &crate::model::Document) -> String {
    std::path::Path::new(&d.path).file_name().map_or(d.path.clone(), |f| f.to_string_lossy().into_owned())
}

/// A title without the "(file.txt)" added to tell copies apart.
fn base_title(t: &str) -> &str {
    match t.strip_suffix(')').and_then(|x| x.rsplit_once(" (")) {
        Some((head, inner)) if inner.contains('.') => head,
        _ => t,
    }
}

fn clashes(src: &Sources<'_>, docs: &[DocId], i: usize) -> bool {
    let t = title(src, docs[i]);
    docs.iter().enumerate().any(|(k, d)| k != i && base_title(&title(src, *d)) == base_title(&t))
}

/// *Documents…*: the columns in order (untick to drop, move left or
/// right), the project's other documents to add, and orders by date or
/// outlet. The reference stays the same document.
fn columns_menu(ui: &mut Ui, view: &mut SynopsisView, src: &Sources<'_>) {
    // Stays open while columns are ticked, moved and ordered.
    let config =
        egui::containers::menu::MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new("Documents…").config(config).ui(ui, |ui| {
        ui.label(RichText::new("Columns, in this order").small().weak());
        let mut swap = None;
        let mut drop = None;
        for k in 0..view.docs.len() {
            ui.horizontal(|ui| {
                let mut on = true;
                if ui.checkbox(&mut on, super::notes::excerpt(&label(src, &view.docs, k), 60)).changed() {
                    drop = Some(k);
                }
                if ui.add_enabled(k > 0, egui::Button::new("<").small()).on_hover_text("One column left").clicked() {
                    swap = Some((k - 1, k));
                }
                if ui
                    .add_enabled(k + 1 < view.docs.len(), egui::Button::new(">").small())
                    .on_hover_text("One column right")
                    .clicked()
                {
                    swap = Some((k, k + 1));
                }
            });
        }
        let reference = view.docs.get(view.reference).copied();
        if let Some((a, b)) = swap {
            view.docs.swap(a, b);
        }
        if let Some(k) = drop {
            view.docs.remove(k);
        }
        let mut others: Vec<(String, String, DocId)> = src
            .project
            .documents()
            .filter(|d| !view.docs.contains(&d.id))
            .map(|d| (d.meta.date.clone(), d.meta.title.clone(), d.id))
            .collect();
        if !others.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not shown").small().weak());
            others.sort();
            for (_, t, id) in others {
                let mut on = false;
                if ui.checkbox(&mut on, super::notes::excerpt(&t, 60)).changed() {
                    view.docs.push(id);
                }
            }
        }
        let sets = src.project.sets();
        if !sets.is_empty() {
            ui.separator();
            ui.label(RichText::new("All of a set, by date").small().weak());
            for set in sets {
                if ui.button(super::notes::excerpt(&set.name, 40)).clicked() {
                    let mut docs: Vec<(String, String, DocId)> = set
                        .docs
                        .iter()
                        .filter_map(|d| src.project.document(*d))
                        .map(|d| (d.meta.date.clone(), d.meta.title.clone(), d.id))
                        .collect();
                    docs.sort();
                    view.docs = docs.into_iter().map(|(_, _, d)| d).collect();
                }
            }
        }
        ui.separator();
        if ui.button("Order by date").clicked() {
            let key = |d: &DocId| src.project.document(*d).map(|x| (x.meta.date.clone(), x.meta.title.clone()));
            view.docs.sort_by_key(key);
        }
        if ui.button("Order by outlet").clicked() {
            let key = |d: &DocId| {
                src.project.document(*d).map(|x| (crate::analysis::retrieve::outlet(x).to_owned(), x.meta.date.clone()))
            };
            view.docs.sort_by_key(key);
        }
        view.reference = reference.and_then(|r| view.docs.iter().position(|x| *x == r)).unwrap_or(0);
    });
}

fn header_ui(ui: &mut Ui, view: &mut SynopsisView, src: &Sources<'_>, out: &mut Vec<SynopsisAction>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Synopsis");
        if let Some(r) = &view.result {
            ui.label(format!("{} documents · {} rows · aligned in {:.0} ms", r.docs.len(), r.syn.rows.len(), r.millis));
        }
        ui.separator();
        let before = (view.docs.clone(), view.reference);
        columns_menu(ui, view, src);
        if !view.docs.is_empty() {
            view.reference = view.reference.min(view.docs.len() - 1);
            let name = |i: usize| short_name(src, &view.docs, i);
            egui::ComboBox::from_label("reference")
                .selected_text(name(view.reference))
                .show_ui(ui, |ui| {
                    for i in 0..view.docs.len() {
                        ui.selectable_value(&mut view.reference, i, name(i));
                    }
                })
                .response
                .on_hover_text("Rows follow this document's order; the others' words are marked against it");
            let label = |f: RowFilter| match f {
                RowFilter::All => "All rows".to_owned(),
                RowFilter::Differs => "Only what differs".to_owned(),
                RowFilter::Alone(c) => format!("Only what {} alone says", name(c.min(view.docs.len() - 1))),
            };
            let show = ui.label("Show:");
            egui::ComboBox::from_id_salt("synopsis filter")
                .selected_text(label(view.filter))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut view.filter, RowFilter::All, label(RowFilter::All));
                    ui.selectable_value(&mut view.filter, RowFilter::Differs, label(RowFilter::Differs));
                    for c in 0..view.docs.len() {
                        ui.selectable_value(&mut view.filter, RowFilter::Alone(c), label(RowFilter::Alone(c)));
                    }
                })
                .response
                .labelled_by(show.id);
        }
        if (view.docs.clone(), view.reference) != before {
            view.stale = true;
            // "Only what X alone says" names a column that may have moved.
            if matches!(view.filter, RowFilter::Alone(_)) {
                view.filter = RowFilter::All;
            }
        }
        let mine: Vec<crate::model::ChoiceId> =
            src.project.choices().filter(|c| c.places().any(|p| view.docs.contains(&p.doc))).map(|c| c.id).collect();
        if !mine.is_empty() {
            let stale = view.result.as_ref().map_or(0, |r| r.stale);
            let plural = if mine.len() == 1 { "" } else { "s" };
            let text = if stale > 0 {
                format!("{} row choice{plural} ({stale} set aside)", mine.len())
            } else {
                format!("{} row choice{plural}", mine.len())
            };
            ui.label(RichText::new(text).weak()).on_hover_text(
                "Rows you joined, split or took sentences out of (right-click a cell), saved with the project. One \
                 set aside names a sentence whose text has changed since.",
            );
            if ui.small_button("Forget them").clicked() {
                out.push(SynopsisAction::Forget(mine));
            }
        }
        ui.checkbox(&mut view.hide_summary, "Hide the summary");
        if view.result.is_some() {
            ui.menu_button("Export…", |ui| {
                for (label, ext) in [
                    ("HTML: a printable table, differences marked", "html"),
                    ("Markdown table", "md"),
                    ("CSV, a column per document", "csv"),
                ] {
                    if ui.button(label).clicked() {
                        out.push(SynopsisAction::Export(ext));
                        ui.close();
                    }
                }
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
                out.push(SynopsisAction::Close);
            }
        });
    });
}

/// Per document: its sentences, how many it alone has, a bar of how widely
/// the others share them, and the rows it carried first.
fn summary_ui(ui: &mut Ui, r: &Aligned, src: &Sources<'_>) {
    let n = r.docs.len();
    let dated = r.summary.first.iter().any(|f| *f > 0);
    egui::Grid::new("synopsis summary").num_columns(4).spacing([12.0, 2.0]).show(ui, |ui| {
        for d in 0..r.docs.len() {
            ui.allocate_ui(vec2(300.0, ui.spacing().interact_size.y), |ui| {
                ui.set_min_width(300.0);
                super::bidi_line::truncated(ui, &label(src, &r.docs, d), true, false);
            });
            let counts = &r.summary.shared_with[d];
            let total: usize = counts.iter().sum();
            let alone = counts.first().copied().unwrap_or(0);
            ui.label(format!("{total} sentences · {alone} only here"));
            let (rect, resp) = ui.allocate_exact_size(vec2(220.0, 12.0), Sense::hover());
            let mut x = rect.left();
            for (k, c) in counts.iter().enumerate() {
                if total == 0 || *c == 0 {
                    continue;
                }
                #[allow(clippy::cast_precision_loss)] // counts of sentences
                let w = rect.width() * *c as f32 / total as f32;
                let seg = Rect::from_min_size(pos2(x, rect.top()), vec2(w, rect.height()));
                ui.painter().rect_filled(seg, 0.0, width_colour(k + 1, n, ui.visuals().dark_mode, 255));
                x += w;
            }
            let tip: Vec<String> = counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(k, c)| match k {
                    0 => format!("{c} found only here"),
                    k if k + 1 == n => format!("{c} in every document"),
                    k => format!("{c} in {k} other{}", if k == 1 { "" } else { "s" }),
                })
                .collect();
            resp.on_hover_text(tip.join("\n"));
            if dated {
                ui.label(RichText::new(format!("first to carry {} rows", r.summary.first[d])).weak());
            } else {
                ui.label("");
            }
            ui.end_row();
        }
    });
}

/// The tint of a row carried by `width` of `n` documents: amber for one
/// alone, blue for some, none (or green in bars) for all.
fn width_colour(width: usize, n: usize, dark: bool, alpha: u8) -> Color32 {
    let (r, g, b) = if width <= 1 && n > 1 {
        (230, 160, 40)
    } else if width >= n {
        (70, 160, 90)
    } else if dark {
        (90, 130, 200)
    } else {
        (80, 130, 210)
    };
    Color32::from_rgba_unmultiplied(r, g, b, alpha)
}

#[allow(clippy::too_many_lines)] // one table: headers, rows, cells and their input
fn table_ui(ui: &mut Ui, view: &mut SynopsisView, r: &Arc<Aligned>, src: &Sources<'_>, out: &mut Vec<SynopsisAction>) {
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
                        .map_or(Color32::from_gray(150), |t| super::theme::tag_color(t.color));
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
            super::bidi_line::truncated(ui, &label(src, &r.docs, c), true, false);
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
fn places(r: &Aligned, src: &Sources<'_>, row: usize, cols: std::ops::Range<usize>) -> Vec<Place> {
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
fn row_menu(
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
fn first_here(r: &Aligned, src: &Sources<'_>, row: usize, c: usize) -> bool {
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
fn cell_notes(r: &Aligned, row: usize, col: usize) -> Vec<String> {
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
fn lead_name(r: &Aligned, row: usize) -> String {
    let cells = &r.syn.rows[row].cells;
    if cells.get(r.reference).is_some_and(|c| !c.is_empty()) {
        "the reference".to_owned()
    } else {
        cells.iter().position(|c| !c.is_empty()).map_or_else(String::new, |c| format!("column {}", c + 1))
    }
}
