//! A block (paragraph) of a pane as laid out on screen, and the one mapping
//! between its chars and where they are drawn.
//!
//! Most blocks are one egui galley. A block with right-to-left letters is
//! laid out here instead, because egui places a paragraph's words left to
//! right whatever their direction: its words are shaped one by one (for
//! their widths), [`analysis::bidi`](crate::analysis::bidi) breaks the lines
//! in logical order and puts each line in visual order, and each run of one
//! direction is drawn as a galley of its own, so that the shaper joins its
//! letters and draws them right to left. Hit-testing, highlights, the
//! caret, search marks and scrolling to a passage all go through [`Laid`],
//! whichever kind the block is.

use std::hash::{Hash as _, Hasher as _};
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob};
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, Ui, Vec2, pos2, vec2};

use crate::analysis::bidi;
use crate::model::CharRange;

/// The geometry of a block with right-to-left text: computed once per
/// (text, width, font) and kept by the pane. It holds no galleys, which
/// egui's own cache keeps (and renews when the font atlas is rebuilt).
pub(crate) struct BidiBlock {
    layout: bidi::Layout,
    /// What to draw: per word (or part of a word a line break cut), its
    /// line, its left edge, its text (in logical order) and whether it
    /// reads right to left.
    runs: Vec<(usize, f32, String, bool)>,
    row_h: f32,
    size: Vec2,
}

/// A block as laid out this frame.
#[derive(Clone)]
pub(crate) enum Laid {
    /// Left-to-right text: one galley.
    Plain(Arc<Galley>),
    /// Text with right-to-left letters, and a galley per word.
    Bidi(Arc<BidiBlock>, Arc<Vec<Arc<Galley>>>),
}

/// The pane's kept geometry of right-to-left blocks, and their words'
/// galleys. A galley points into egui's font atlas, which egui empties
/// when it is nearly full or the fonts or the scale change, and then
/// empties its own galley cache too: so a one-letter galley asked of that
/// cache each frame comes back the same while the atlas stands, and the
/// galleys kept here go as soon as it comes back new. Asking egui for each
/// word's galley every frame instead cost a third of a millisecond per
/// frame for three panes of Arabic.
#[derive(Default)]
pub(crate) struct BidiCache {
    map: rustc_hash::FxHashMap<u64, Arc<BidiBlock>>,
    galleys: rustc_hash::FxHashMap<u64, Arc<Vec<Arc<Galley>>>>,
    /// Each word shaped so far: its galley and its chars' advances (in
    /// logical order). Words recur, and shaping one costs more than
    /// laying out its share of a paragraph of English.
    words: Words,
    /// The one-letter galley egui's cache gave last.
    sentinel: Option<Arc<Galley>>,
}

/// A word's galley and its chars' advances (logical order).
type Shaped = (Arc<Galley>, Arc<[f32]>);

/// Shaped pieces by their text, those read left to right and those read
/// right to left apart (looked up by `&str`, without building a key).
type Words = [rustc_hash::FxHashMap<String, Shaped>; 2];

impl BidiCache {
    /// Let go of everything (the style changed).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// A piece of one direction (`rtl`) shaped on its own, from the pane's
/// cache: its galley, and its chars' advances in logical order.
fn shaped(ui: &Ui, words: &mut Words, piece: &str, rtl: bool, s: &BlockStyle<'_>) -> Shaped {
    let words = &mut words[usize::from(rtl)];
    if let Some(w) = words.get(piece) {
        return w.clone();
    }
    if words.len() > 20_000 {
        words.clear();
    }
    let word = bidi::for_shaper(piece, rtl);
    let g = ui.fonts_mut(|f| f.layout_job(job(word.clone(), s, f32::INFINITY)));
    let glyphs: Vec<f32> = g.rows.iter().flat_map(|r| r.glyphs.iter().map(|gl| gl.advance_width)).collect();
    let n = word.chars().count();
    // The glyphs come out as the piece is seen, one per char.
    let advances: Arc<[f32]> = if glyphs.len() == n {
        if rtl { glyphs.into_iter().rev().collect() } else { glyphs.into() }
    } else {
        #[allow(clippy::cast_precision_loss)] // a word's length
        let each = g.size().x / n.max(1) as f32;
        vec![each; n].into()
    };
    let w = (g, advances);
    words.insert(piece.to_owned(), w.clone());
    w
}

/// What a block is laid out with.
pub(crate) struct BlockStyle<'a> {
    pub font: &'a FontId,
    pub color: Color32,
    pub wrap: f32,
    pub row_h: f32,
    /// The document's language (for a paragraph without letters).
    pub lang: &'a str,
}

/// A job for `text` on one row of height `row_h`, or wrapped at `wrap`.
fn job(text: String, s: &BlockStyle<'_>, wrap: f32) -> LayoutJob {
    let mut job = LayoutJob::simple(text, s.font.clone(), s.color, wrap);
    for sec in &mut job.sections {
        sec.format.line_height = Some(s.row_h);
    }
    job
}

/// Lay out a block's shown text.
pub(crate) fn lay_out(ui: &Ui, cache: &mut BidiCache, text: String, s: &BlockStyle<'_>) -> Laid {
    if !bidi::has_rtl(&text) {
        return Laid::Plain(ui.fonts_mut(|f| f.layout_job(job(text, s, s.wrap))));
    }
    let key = {
        let mut h = rustc_hash::FxHasher::default();
        text.hash(&mut h);
        (s.wrap.to_bits(), s.font.size.to_bits(), s.row_h.to_bits(), ui.pixels_per_point().to_bits()).hash(&mut h);
        s.lang.hash(&mut h);
        s.color.hash(&mut h);
        h.finish()
    };
    if cache.map.len() > 512 {
        cache.map.clear();
        cache.galleys.clear();
    }
    let sentinel = ui.fonts_mut(|f| f.layout_no_wrap("|".to_owned(), s.font.clone(), s.color));
    if !cache.sentinel.as_ref().is_some_and(|g| Arc::ptr_eq(g, &sentinel)) {
        cache.galleys.clear();
        cache.words = Words::default();
    }
    cache.sentinel = Some(sentinel);
    if let std::collections::hash_map::Entry::Vacant(e) = cache.map.entry(key) {
        let (block, galleys) = bidi_block(ui, &mut cache.words, &text, s);
        e.insert(Arc::new(block));
        cache.galleys.insert(key, Arc::new(galleys));
    }
    let block = cache.map[&key].clone();
    let galleys = cache
        .galleys
        .entry(key)
        .or_insert_with(|| {
            Arc::new(block.runs.iter().map(|(_, _, t, rtl)| shaped(ui, &mut cache.words, t, *rtl, s).0).collect())
        })
        .clone();
    Laid::Bidi(block, galleys)
}

/// The geometry of a block, and the galleys of the words it draws.
fn bidi_block(ui: &Ui, words: &mut Words, text: &str, s: &BlockStyle<'_>) -> (BidiBlock, Vec<Arc<Galley>>) {
    let p = bidi::Paragraph::new(text, bidi::base_direction(text, s.lang));
    let chars: Vec<char> = text.chars().collect();
    // Each char's advance, from shaping its word.
    let mut advances = vec![0.0f32; chars.len()];
    let mut word = String::new();
    let pieces = p.pieces();
    for piece in pieces.iter().cloned() {
        word.clear();
        word.extend(&chars[piece.clone()]);
        if word.trim().is_empty() && word.contains('\n') {
            continue;
        }
        let (_, a) = shaped(ui, words, &word, p.is_rtl(piece.start), s);
        advances[piece].copy_from_slice(&a);
    }
    let layout = p.lay_out(&advances, s.wrap);
    // Drawn a word at a time: egui shapes each font's stretch of a galley
    // on its own and places the stretches left to right, so a run of
    // several Hebrew words whose spaces come from another font would come
    // out in logical order.
    let mut runs = Vec::new();
    let mut galleys = Vec::new();
    for piece in pieces {
        let mut start = piece.start;
        while start < piece.end {
            let Some((line, _, _)) = layout.char_box(start) else { break };
            let end = (start..piece.end).find(|i| layout.char_box(*i).is_none_or(|b| b.0 != line)).unwrap_or(piece.end);
            let t: String = chars[start..end].iter().collect();
            if !t.trim().is_empty() {
                let left = (start..end).filter_map(|i| layout.char_box(i)).map(|b| b.1).fold(f32::INFINITY, f32::min);
                let rtl = layout.is_rtl(start);
                galleys.push(shaped(ui, words, &t, rtl, s).0);
                runs.push((line, left, t, rtl));
            }
            start = end;
        }
    }
    #[allow(clippy::cast_precision_loss)] // a paragraph has few lines
    let size = vec2(s.wrap, layout.line_count() as f32 * s.row_h);
    (BidiBlock { layout, runs, row_h: s.row_h, size }, galleys)
}

impl Laid {
    /// The block's size.
    pub fn size(&self) -> Vec2 {
        match self {
            Laid::Plain(g) => g.size(),
            Laid::Bidi(b, _) => b.size,
        }
    }

    /// Whether the block reads right to left.
    pub fn rtl(&self) -> bool {
        matches!(self, Laid::Bidi(b, _) if b.layout.rtl)
    }

    /// Draw the text with its top left at `pos`.
    pub fn paint(&self, painter: &Painter, pos: Pos2, color: Color32) {
        match self {
            Laid::Plain(g) => painter.galley(pos, g.clone(), color),
            Laid::Bidi(b, galleys) => {
                for ((line, x, _, _), g) in b.runs.iter().zip(galleys.iter()) {
                    #[allow(clippy::cast_precision_loss)]
                    let at = pos + vec2(*x, *line as f32 * b.row_h);
                    painter.galley(at, g.clone(), color);
                }
            }
        }
    }

    /// Rectangles (relative to the block) covering exactly the chars of
    /// `range`: one per row, or per stretch of one direction.
    pub fn rects(&self, range: CharRange) -> Vec<Rect> {
        match self {
            Laid::Plain(g) => super::range_rects(g, range),
            Laid::Bidi(b, _) => b
                .layout
                .rects(range.start.0..range.end.0)
                .into_iter()
                .map(|(line, l, r)| b.line_rect(line, l, r))
                .collect(),
        }
    }

    /// The place between chars nearest to `p` (relative to the block).
    pub fn at(&self, p: Vec2) -> usize {
        match self {
            Laid::Plain(g) => g.cursor_from_pos(p).index.0,
            Laid::Bidi(b, _) => b.layout.boundary_at(b.line_at(p.y), p.x),
        }
    }

    /// The caret before char `at` (relative to the block), a thin rect as
    /// tall as its row; `next_row` picks the row where a line wraps.
    pub fn caret_rect(&self, at: usize, next_row: bool) -> Rect {
        match self {
            Laid::Plain(g) => g.pos_from_cursor(CCursor { index: at.into(), prefer_next_row: next_row }),
            Laid::Bidi(b, _) => {
                let (line, x) = b.layout.caret(at, next_row);
                b.line_rect(line, x, x)
            }
        }
    }

    /// The place one step left (`left`) or right of the caret at `at` on
    /// screen, on its row, and whether it starts the row; `None` for text
    /// of one direction (a step through the text serves) and at the row's
    /// end that way.
    pub fn visual_step(&self, at: usize, next_row: bool, left: bool) -> Option<(usize, bool)> {
        match self {
            Laid::Plain(_) => None,
            Laid::Bidi(b, _) => b.layout.step_visual(at, next_row, left),
        }
    }

    /// The number of rows, and the row of the caret at `at`.
    pub fn row_of(&self, at: usize, next_row: bool) -> (usize, usize) {
        match self {
            Laid::Plain(g) => {
                (g.rows.len(), g.layout_from_cursor(CCursor { index: at.into(), prefer_next_row: next_row }).row)
            }
            Laid::Bidi(b, _) => (b.layout.line_count(), b.layout.line_of(at, next_row)),
        }
    }

    /// The place a row above (`up`) or below the caret at `at`, at `x`
    /// across (else the caret's own), with the x to keep for the next move.
    /// The caller handles the first and last rows.
    pub fn vertical(&self, at: usize, next_row: bool, x: Option<f32>, up: bool) -> (usize, Option<f32>) {
        match self {
            Laid::Plain(g) => {
                let c = CCursor { index: at.into(), prefer_next_row: next_row };
                let (c, x) = if up { g.cursor_up_one_row(&c, x) } else { g.cursor_down_one_row(&c, x) };
                (c.index.0, x)
            }
            Laid::Bidi(b, _) => {
                let (line, cx) = b.layout.caret(at, next_row);
                let x = x.unwrap_or(cx);
                let to = if up { line.saturating_sub(1) } else { line + 1 };
                (b.layout.boundary_at(to, x), Some(x))
            }
        }
    }

    /// The first (`end` false) or last place on the caret's row.
    pub fn row_end(&self, at: usize, next_row: bool, end: bool) -> usize {
        match self {
            Laid::Plain(g) => {
                let c = CCursor { index: at.into(), prefer_next_row: next_row };
                if end { g.cursor_end_of_row(&c).index.0 } else { g.cursor_begin_of_row(&c).index.0 }
            }
            Laid::Bidi(b, _) => {
                let (s, e) = b.layout.line_ends(b.layout.line_of(at, next_row));
                if end { e } else { s }
            }
        }
    }
}

impl BidiBlock {
    #[allow(clippy::cast_precision_loss)] // a paragraph has few lines
    fn line_rect(&self, line: usize, l: f32, r: f32) -> Rect {
        Rect::from_min_max(pos2(l, line as f32 * self.row_h), pos2(r, (line + 1) as f32 * self.row_h))
    }

    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a row index
    fn line_at(&self, y: f32) -> usize {
        ((y / self.row_h).floor().max(0.0) as usize).min(self.layout.line_count().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CharRange;

    /// Lay `text` out in a frame of a fresh context (its default fonts have
    /// no Hebrew or Arabic glyphs: the shaper still orders them, as boxes).
    fn laid(text: &str, wrap: f32) -> Laid {
        let ctx = egui::Context::default();
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        let mut out = None;
        let font = FontId::proportional(14.0);
        for _ in 0..2 {
            let mut frame = ctx.run_ui(egui::RawInput::default(), |ui| {
                let s = BlockStyle { font: &font, color: Color32::BLACK, wrap, row_h: 20.0, lang: "" };
                out = Some(lay_out(ui, &mut BidiCache::default(), text.to_owned(), &s));
            });
            // No painter takes the font atlas: let it go.
            frame.textures_delta.clear();
        }
        out.expect("laid out")
    }

    /// The glyphs as painted: (line, left, right, char), left to right.
    fn painted(l: &Laid) -> Vec<(usize, f32, f32, char)> {
        let Laid::Bidi(b, galleys) = l else { panic!("not laid out as right-to-left text") };
        let mut out: Vec<(usize, f32, f32, char)> = b
            .runs
            .iter()
            .zip(galleys.iter())
            .flat_map(|((line, x, _, _), g)| {
                g.rows.iter().flat_map(move |r| {
                    r.glyphs.iter().filter(|gl| !gl.chr.is_whitespace() && gl.advance_width > 0.0).map(move |gl| {
                        let left = x + r.pos.x + gl.pos.x;
                        (*line, left, left + gl.advance_width, gl.chr)
                    })
                })
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        out
    }

    #[test]
    fn hebrew_is_painted_from_the_right_with_its_number_and_name_in_order() {
        let text = "ביום 15 במרץ הודיעה NASA על הגשר";
        let l = laid(text, 600.0);
        assert!(l.rtl());
        let shown: String = painted(&l).iter().map(|g| g.3).collect();
        assert_eq!(shown, "רשגהלעNASAהעידוהץרמב15םויב", "the painted glyphs, left to right (spaces have no ink)");
        let (_, _, right, first) = painted(&l).last().copied().expect("glyphs");
        assert_eq!(first, 'ב', "the first letter is painted rightmost");
        assert!((right - 600.0).abs() < 1.0, "at the right edge: {right}");
    }

    #[test]
    fn highlights_and_hits_cover_exactly_the_painted_glyphs_of_a_passage() {
        let text = "המהנדסת אמרה לסוכנות Reuters שאורך הגשר 450 מטר (כ-1476 רגל) לפי Atlas.";
        let chars: Vec<char> = text.chars().collect();
        for wrap in [900.0, 260.0, 120.0] {
            let l = laid(text, wrap);
            let glyphs = painted(&l);
            for (from, to) in [(0, 7), (8, 30), (21, 28), (40, 56), (3, chars.len())] {
                let rects = l.rects(CharRange::new(from, to));
                // Every painted glyph of a char in the passage lies in a
                // rectangle, and every other glyph in none.
                for (line, a, b, c) in &glyphs {
                    let mid = pos2(f32::midpoint(*a, *b), *line as f32 * 20.0 + 10.0);
                    let inside = rects.iter().any(|r| r.contains(mid));
                    // A bracket may be drawn mirrored.
                    let is = |x: &char| *x == *c || bidi::mirrored(*x) == *c;
                    let of_passage = chars[from..to].iter().any(is);
                    let elsewhere = chars[..from].iter().any(is) || chars[to..].iter().any(is);
                    if of_passage && !elsewhere {
                        assert!(inside, "{c} of {from}..{to} at {wrap} is outside {rects:?}");
                    }
                    if !of_passage {
                        assert!(!inside, "{c} outside {from}..{to} at {wrap} is highlighted");
                    }
                }
            }
        }
    }

    #[test]
    fn a_click_on_a_glyph_gives_the_place_before_or_after_it_in_reading_order() {
        let text = "שלום עולם and more";
        let l = laid(text, 600.0);
        let glyphs = painted(&l);
        let find = |c: char| *glyphs.iter().find(|g| g.3 == c).expect("painted");
        // ש (char 0): its right half is before it, its left half after.
        let (_, a, b, _) = find('ש');
        assert_eq!(l.at(vec2(b - 1.0, 10.0)), 0);
        assert_eq!(l.at(vec2(a + 1.0, 10.0)), 1);
        // 'a' of "and" (char 10) reads left to right.
        let (_, a, b, _) = find('a');
        assert_eq!(l.at(vec2(a + 1.0, 10.0)), 10);
        assert_eq!(l.at(vec2(b - 1.0, 10.0)), 11);
        // The caret before ש stands at its right edge.
        let caret = l.caret_rect(0, true);
        assert!((caret.min.x - find('ש').2).abs() < 0.5);
    }

    #[test]
    fn plain_text_is_one_galley() {
        assert!(matches!(laid("Plain English, “quoted”.", 300.0), Laid::Plain(_)));
    }

    #[test]
    fn kept_galleys_go_when_the_font_atlas_is_emptied() {
        let ctx = egui::Context::default();
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        let font = FontId::proportional(14.0);
        let mut cache = BidiCache::default();
        let mut seen = Vec::new();
        for round in 0..3 {
            if round == 2 {
                // New fonts (as when the system's fonts are found): egui
                // starts a new atlas.
                let mut fonts = egui::FontDefinitions::default();
                let data = fonts.font_data.values().next().expect("a font").clone();
                fonts.font_data.insert("again".into(), data);
                fonts.families.entry(egui::FontFamily::Proportional).or_default().push("again".into());
                ctx.set_fonts(fonts);
            }
            let mut frame = ctx.run_ui(egui::RawInput::default(), |ui| {
                let s = BlockStyle { font: &font, color: Color32::BLACK, wrap: 300.0, row_h: 20.0, lang: "" };
                if let Laid::Bidi(_, g) = lay_out(ui, &mut cache, "שלום עולם".to_owned(), &s) {
                    seen.push(g);
                }
            });
            frame.textures_delta.clear();
        }
        assert_eq!(seen.len(), 3);
        assert!(Arc::ptr_eq(&seen[0], &seen[1]), "kept from one frame to the next");
        assert!(!Arc::ptr_eq(&seen[1], &seen[2]), "laid out again once the atlas was emptied");
    }
}
