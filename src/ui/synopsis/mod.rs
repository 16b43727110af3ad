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

mod header;
mod table;

use header::{header_ui, summary_ui};
use table::table_ui;

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
