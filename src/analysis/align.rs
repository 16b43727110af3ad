//! Comparing two versions of a text word by word.
//!
//! Both texts become exact tokens ([`WordIndex::exact`]: words with case,
//! punctuation marks on their own). A patience diff (B. Cohen's patience
//! sorting anchored on unique tokens, falling back to E. Myers' O(ND)
//! algorithm, as implemented by the `similar` crate) aligns them. Equal
//! stretches of fewer than [`MIN_EQUAL`] tokens between two changes are
//! folded into the change, so two unrelated sentences read as one change
//! instead of a confetti of matching "the"s (the "semantic cleanup" idea of
//! N. Fraser's diff-match-patch). Deleted text that reappears among the
//! inserted text elsewhere is reported as a move.
//!
//! The result is a list of rows for a side-by-side view: unchanged rows
//! (the same tokens on both sides) and changed rows, each widened to whole
//! lines where that needs little context, so a change reads in its sentence.

use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use super::job::{Cancelled, Control};
use super::words::{WordIndex, punct_hash};
use crate::model::CharRange;

/// Equal stretches shorter than this (in tokens) between changes join them.
pub const MIN_EQUAL: usize = 3;
/// Shortest moved passage, in tokens.
pub const MIN_MOVE: usize = 6;
/// Most tokens of context a changed row takes to reach a line boundary;
/// past that it stops at the nearest sentence boundary.
const MAX_CONTEXT: usize = 150;
/// An equal stretch at least this long between two changes stays a row.
const MIN_SAME_ROW: usize = 12;

/// What happened to a stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Only in the first text.
    Deleted,
    /// Only in the second text.
    Inserted,
    /// Replaced by other text.
    Changed,
    /// Deleted here and inserted elsewhere (or the reverse).
    Moved,
}

/// One row of the side-by-side view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// True when both sides hold the same tokens.
    pub same: bool,
    /// Chars of the first text.
    pub a: CharRange,
    /// Chars of the second text.
    pub b: CharRange,
    /// Tokens of the first text in the row.
    pub tokens: usize,
}

/// A passage deleted in one place and inserted in another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// Where it was, in the first text.
    pub a: CharRange,
    /// Where it went, in the second text.
    pub b: CharRange,
}

/// The alignment of two texts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Rows covering both texts from start to end, in order.
    pub rows: Vec<Row>,
    /// Marked stretches of the first text, by position.
    pub marks_a: Vec<(CharRange, Mark)>,
    /// Marked stretches of the second text, by position.
    pub marks_b: Vec<(CharRange, Mark)>,
    /// Moved passages.
    pub moves: Vec<Move>,
    /// Number of changes (each a maximal changed stretch).
    pub changes: usize,
}

impl Comparison {
    /// Indexes of the rows that hold changes.
    pub fn changed_rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.rows.iter().enumerate().filter(|(_, r)| !r.same).map(|(i, _)| i)
    }
}

/// A change in token coordinates.
#[derive(Clone, Copy, Debug)]
struct Change {
    a0: usize,
    a1: usize,
    b0: usize,
    b1: usize,
}

/// Align `a` and `b` (both built with [`WordIndex::exact`]).
pub fn compare(a: &WordIndex, b: &WordIndex, control: &Control) -> Result<Comparison, Cancelled> {
    control.set_total(3);
    let ha: Vec<u64> = a.tokens().iter().map(|t| t.hash).collect();
    let hb: Vec<u64> = b.tokens().iter().map(|t| t.hash).collect();
    // The deadline bounds the worst case (two long unrelated texts); past it
    // the diff is coarser, never wrong.
    let deadline = Instant::now() + Duration::from_secs(2);
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &ha, &hb, Some(deadline));
    control.step();
    control.check()?;
    let mut changes = changes(&ops);
    slide(&mut changes, a, b);
    let mut out = Comparison { changes: changes.len(), ..Comparison::default() };
    for (i, c) in changes.iter().enumerate() {
        let mark = match (c.a0 < c.a1, c.b0 < c.b1) {
            (true, true) => Mark::Changed,
            (true, false) => Mark::Deleted,
            _ => Mark::Inserted,
        };
        if c.a0 < c.a1 {
            out.marks_a.push((a.span(c.a0, c.a1), mark));
        }
        if c.b0 < c.b1 {
            out.marks_b.push((b.span(c.b0, c.b1), mark));
        }
        if i % 256 == 0 {
            control.check()?;
        }
    }
    out.moves = moves(&changes, a, b, &ha, &hb);
    control.step();
    control.check()?;
    out.rows = rows(&changes, a, b);
    control.step();
    Ok(out)
}

/// Maximal changes. A short equal stretch (fewer than [`MIN_EQUAL`]
/// tokens) between two changes that are each longer than it is folded in,
/// joining them; otherwise it separates them.
fn changes(ops: &[DiffOp]) -> Vec<Change> {
    let size = |op: &DiffOp| match *op {
        DiffOp::Equal { .. } => 0,
        DiffOp::Delete { old_len, .. } => old_len,
        DiffOp::Insert { new_len, .. } => new_len,
        DiffOp::Replace { old_len, new_len, .. } => old_len.max(new_len),
    };
    let mut out: Vec<Change> = Vec::new();
    let mut open = false;
    for (i, op) in ops.iter().enumerate() {
        let (a0, a1, b0, b1) = match *op {
            DiffOp::Equal { len, .. } => {
                let prev = if i > 0 { size(&ops[i - 1]) } else { 0 };
                let next = ops.get(i + 1).map_or(0, size);
                open = open && len < MIN_EQUAL && prev > len && next > len;
                continue;
            }
            DiffOp::Delete { old_index, old_len, new_index } => (old_index, old_index + old_len, new_index, new_index),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index, old_index, new_index, new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index, old_index + old_len, new_index, new_index + new_len)
            }
        };
        match out.last_mut() {
            Some(last) if open => {
                last.a1 = a1;
                last.b1 = b1;
            }
            _ => out.push(Change { a0, a1, b0, b1 }),
        }
        open = true;
    }
    out
}

/// Move each pure insertion or deletion along the equal text around it to
/// start at a line (when it can), so that a paragraph added between two
/// paragraphs reads as that paragraph and not as the tail of one and the
/// head of the next (the "slider" problem of line diffs).
fn slide(changes: &mut [Change], a: &WordIndex, b: &WordIndex) {
    let (ta, tb) = (a.tokens(), b.tokens());
    for k in 0..changes.len() {
        let c = changes[k];
        let (lo_a, hi_a) = (if k > 0 { changes[k - 1].a1 } else { 0 }, changes.get(k + 1).map_or(ta.len(), |n| n.a0));
        let (lo_b, hi_b) = (if k > 0 { changes[k - 1].b1 } else { 0 }, changes.get(k + 1).map_or(tb.len(), |n| n.b0));
        // The side that has tokens, its bounds, and the other side's position.
        let (toks, s0, s1, lo, hi, other, olo, ohi) = match (c.a0 < c.a1, c.b0 < c.b1) {
            (true, false) => (ta, c.a0, c.a1, lo_a, hi_a, c.b0, lo_b, hi_b),
            (false, true) => (tb, c.b0, c.b1, lo_b, hi_b, c.a0, lo_a, hi_a),
            _ => continue,
        };
        if toks[s0].line_start() {
            continue;
        }
        // Candidate shifts: left while the token before equals the last
        // token of the change, right while the token after equals its first.
        let mut best = None;
        let mut d = 0;
        while s0 > lo + d && other > olo + d && toks[s0 - 1 - d].hash == toks[s1 - 1 - d].hash {
            d += 1;
            if toks[s0 - d].line_start() {
                best = Some(-d.cast_signed());
                break;
            }
        }
        if best.is_none() {
            let mut d = 0;
            while s1 + d < hi && other + d < ohi && toks[s0 + d].hash == toks[s1 + d].hash {
                d += 1;
                if toks[s0 + d].line_start() {
                    best = Some(d.cast_signed());
                    break;
                }
            }
        }
        let Some(shift) = best else { continue };
        let m = &mut changes[k];
        let mv = |x: &mut usize| *x = x.saturating_add_signed(shift);
        mv(&mut m.a0);
        mv(&mut m.a1);
        mv(&mut m.b0);
        mv(&mut m.b1);
    }
}

/// Deleted passages that reappear among inserted text of another change.
fn moves(changes: &[Change], a: &WordIndex, b: &WordIndex, ha: &[u64], hb: &[u64]) -> Vec<Move> {
    let gram = |h: &[u64]| h.iter().fold(0u64, |g, &x| (g.rotate_left(19) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut inserted: FxHashMap<u64, Vec<(usize, usize)>> = FxHashMap::default(); // gram -> (change, pos)
    for (ci, c) in changes.iter().enumerate() {
        for j in c.b0..(c.b1 + 1).saturating_sub(MIN_MOVE) {
            inserted.entry(gram(&hb[j..j + MIN_MOVE])).or_default().push((ci, j));
        }
    }
    let mut out = Vec::new();
    let mut used_b: Vec<(usize, usize)> = Vec::new();
    for (ci, c) in changes.iter().enumerate() {
        let mut i = c.a0;
        while i + MIN_MOVE <= c.a1 {
            let hit = inserted.get(&gram(&ha[i..i + MIN_MOVE])).and_then(|v| {
                v.iter().copied().find(|&(cj, j)| {
                    cj != ci
                        && ha[i..i + MIN_MOVE] == hb[j..j + MIN_MOVE]
                        && !used_b.iter().any(|u| u.0 <= j && j < u.1)
                })
            });
            let Some((cj, j)) = hit else {
                i += 1;
                continue;
            };
            let end_b = changes[cj].b1;
            let mut n = MIN_MOVE;
            while i + n < c.a1 && j + n < end_b && ha[i + n] == hb[j + n] {
                n += 1;
            }
            out.push(Move { a: a.span(i, i + n), b: b.span(j, j + n) });
            used_b.push((j, j + n));
            i += n;
        }
    }
    out
}

/// Rows: each change widened to line boundaries (within a bounded context),
/// touching rows merged, and unchanged rows between.
fn rows(changes: &[Change], a: &WordIndex, b: &WordIndex) -> Vec<Row> {
    let (ta, tb) = (a.tokens(), b.tokens());
    let ends = [punct_hash('.'), punct_hash('!'), punct_hash('?')];
    // Token i of `a` starts a sentence: the token before ends one.
    let sentence_start = |i: usize| i == 0 || ta.get(i - 1).is_some_and(|t| ends.contains(&t.hash));
    let line_a = |i: usize| ta.get(i).is_none_or(super::words::Token::line_start);
    let line_b = |j: usize| tb.get(j).is_none_or(super::words::Token::line_start);
    let line_start = |i: usize, j: usize| line_a(i) || line_b(j);
    // A change's own edge reads as a paragraph edge only on a side where the
    // change has text: a sentence cut from the end of a paragraph sits, on
    // the side without it, right before the next paragraph, which says
    // nothing about where the cut sentence's paragraph began.
    let edge_start = |c: &Change, i: usize, j: usize| (c.a1 > c.a0 && line_a(i)) || (c.b1 > c.b0 && line_b(j));
    // Changed rows in token coordinates. A row never starts or ends inside
    // a sentence: a change in both texts widens into the equal text around
    // it to the nearest sentence (or line) start; a change in one text
    // only (a sentence cut or added) widens to its paragraph, so it reads
    // in the paragraph it left. Widening goes no further than MAX_CONTEXT
    // tokens. Rows that then overlap, touch or leave fewer than
    // MIN_SAME_ROW equal tokens between them join; longer equal stretches
    // are rows of their own, so a quote two outlets share stays visible
    // between their differences.
    let mut spans: Vec<Change> = Vec::new();
    for (k, c) in changes.iter().enumerate() {
        let one_sided = c.a1 == c.a0 || c.b1 == c.b0;
        let boundary = |i: usize, j: usize| line_start(i, j) || (!one_sided && sentence_start(i));
        // Equal tokens before the change (since the previous one) and after it.
        let before = c.a0 - k.checked_sub(1).map_or(0, |p| changes[p].a1);
        let after = changes.get(k + 1).map_or(ta.len(), |n| n.a0) - c.a1;
        // Back: the change's own start counts on a side where it has text.
        let (a0, b0) = if edge_start(c, c.a0, c.b0) || (!one_sided && sentence_start(c.a0)) {
            (c.a0, c.b0)
        } else {
            let mut sentence = None;
            let mut found = None;
            for step in 1..=before.min(MAX_CONTEXT) {
                let (i, j) = (c.a0 - step, c.b0 - step);
                if boundary(i, j) {
                    found = Some((i, j));
                    break;
                }
                if sentence.is_none() && sentence_start(i) {
                    sentence = Some((i, j));
                }
            }
            // No boundary before the previous change: the rows join.
            let joined = (before <= MAX_CONTEXT && k > 0).then_some((c.a0 - before, c.b0 - before));
            found.or(sentence).or(joined).unwrap_or((c.a0, c.b0))
        };
        // Forward, likewise.
        let (a1, b1) = if edge_start(c, c.a1, c.b1) || (!one_sided && sentence_start(c.a1)) {
            (c.a1, c.b1)
        } else {
            let mut sentence = None;
            let mut found = None;
            for step in 1..=after.min(MAX_CONTEXT) {
                let (i, j) = (c.a1 + step, c.b1 + step);
                if boundary(i, j) {
                    found = Some((i, j));
                    break;
                }
                if sentence.is_none() && sentence_start(i) {
                    sentence = Some((i, j));
                }
            }
            let joined = (after <= MAX_CONTEXT).then_some((c.a1 + after, c.b1 + after));
            found.or(sentence).or(joined).unwrap_or((c.a1, c.b1))
        };
        match spans.last_mut() {
            Some(s) if a0 < s.a1 + MIN_SAME_ROW => {
                s.a1 = a1.max(s.a1);
                s.b1 = b1.max(s.b1);
            }
            _ => spans.push(Change { a0, a1, b0, b1 }),
        }
    }
    // Char boundaries: a changed row runs from its first token's start to
    // its last token's end; unchanged rows fill the rest.
    let start_a = |i: usize| ta.get(i).map_or(a.char_len(), |t| t.start as usize);
    let start_b = |j: usize| tb.get(j).map_or(b.char_len(), |t| t.start as usize);
    let end_a = |s: &Change| if s.a1 > s.a0 { ta[s.a1 - 1].end() as usize } else { start_a(s.a0) };
    let end_b = |s: &Change| if s.b1 > s.b0 { tb[s.b1 - 1].end() as usize } else { start_b(s.b0) };
    let mut out = Vec::new();
    let (mut ca, mut cb, mut ti) = (0, 0, 0);
    for s in &spans {
        let (sa, sb) = (start_a(s.a0), start_b(s.b0));
        if s.a0 > ti || sa > ca || sb > cb {
            out.push(Row { same: true, a: CharRange::new(ca, sa), b: CharRange::new(cb, sb), tokens: s.a0 - ti });
        }
        let (ea, eb) = (end_a(s).max(sa), end_b(s).max(sb));
        out.push(Row { same: false, a: CharRange::new(sa, ea), b: CharRange::new(sb, eb), tokens: s.a1 - s.a0 });
        (ca, cb, ti) = (ea, eb, s.a1);
    }
    if ca < a.char_len() || cb < b.char_len() || ti < ta.len() {
        out.push(Row {
            same: true,
            a: CharRange::new(ca, a.char_len()),
            b: CharRange::new(cb, b.char_len()),
            tokens: ta.len() - ti,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Comparison {
        compare(&WordIndex::exact(a), &WordIndex::exact(b), &Control::new()).expect("not cancelled")
    }

    fn text(t: &str, r: CharRange) -> String {
        t.chars().skip(r.start.0).take(r.len()).collect()
    }

    #[test]
    fn empty_and_one_sided_texts() {
        assert!(cmp("", "").rows.is_empty(), "nothing to show");
        let c = cmp("", "Only here.");
        assert_eq!(c.changes, 1, "all inserted");
        assert_eq!(c.marks_b[0].1, Mark::Inserted, "inserted");
        assert_eq!(c.rows.len(), 1, "one row");
        let c = cmp("Only here.", "   \n\n");
        assert_eq!(c.marks_a.len(), 1, "all deleted");
    }

    #[test]
    fn identical_texts_are_one_unchanged_row() {
        let c = cmp("Same words here.\nAnd here.", "Same words here.\nAnd here.");
        assert_eq!(c.changes, 0, "no change");
        assert_eq!(c.rows.len(), 1, "one row");
        assert!(c.rows[0].same, "unchanged");
        assert_eq!(c.rows[0].a, CharRange::new(0, 26), "whole text");
    }

    #[test]
    fn a_changed_word_is_marked_on_both_sides() {
        let a = "First line stays.\nThe bridge closed on Monday after the inspection.\nLast line stays.";
        let b = "First line stays.\nThe bridge closed on Tuesday after the inspection.\nLast line stays.";
        let c = cmp(a, b);
        assert_eq!(c.changes, 1, "one change");
        assert_eq!(c.marks_a.len(), 1, "one mark in a");
        assert_eq!(text(a, c.marks_a[0].0), "Monday", "old word");
        assert_eq!(text(b, c.marks_b[0].0), "Tuesday", "new word");
        assert_eq!(c.marks_a[0].1, Mark::Changed, "changed");
        let changed: Vec<&Row> = c.rows.iter().filter(|r| !r.same).collect();
        assert_eq!(changed.len(), 1, "one changed row");
        assert_eq!(text(a, changed[0].a), "The bridge closed on Monday after the inspection.", "the whole line");
        // Rows cover both texts in order without gaps.
        let mut at = (0, 0);
        for r in &c.rows {
            assert_eq!((r.a.start.0, r.b.start.0), at, "contiguous rows");
            at = (r.a.end.0, r.b.end.0);
        }
        assert_eq!(at, (a.chars().count(), b.chars().count()), "rows reach the ends");
    }

    #[test]
    fn insertions_deletions_and_case_and_punctuation() {
        let c = cmp("Alpha beta gamma delta.", "alpha beta gamma, delta epsilon.");
        let a = "Alpha beta gamma delta.";
        let b = "alpha beta gamma, delta epsilon.";
        let ma: Vec<String> = c.marks_a.iter().map(|m| text(a, m.0)).collect();
        let mb: Vec<String> = c.marks_b.iter().map(|m| text(b, m.0)).collect();
        assert_eq!(ma, ["Alpha"], "case change shows");
        assert_eq!(mb, ["alpha", ",", "epsilon"], "comma and word inserted: {:?}", c.marks_b);
        assert_eq!(c.marks_b[1].1, Mark::Inserted, "comma inserted");
    }

    #[test]
    fn a_moved_paragraph_is_detected() {
        let moved = "The committee will publish its full findings in the spring, officials said.";
        let middle = "Middle part one goes on for a while.\nMiddle part two is longer than the moved paragraph.";
        let a = format!("Intro line here.\n{moved}\n{middle}\nClosing line.");
        let b = format!("Intro line here.\n{middle}\n{moved}\nClosing line.");
        let c = cmp(&a, &b);
        assert_eq!(c.moves.len(), 1, "one move: {:?}", c.moves);
        // Which of the two swapped paragraphs "moved" is the diff's choice;
        // either way the move joins the same text on both sides.
        let from = text(&a, c.moves[0].a);
        assert!(from == moved || from == middle, "a whole paragraph moved: {from}");
        assert_eq!(text(&b, c.moves[0].b), from, "to the same text");
    }

    #[test]
    fn an_added_paragraph_is_one_whole_row() {
        let a = "One came.\n\nThree came.";
        let b = "One came.\n\nTwo came.\n\nThree came.";
        let c = cmp(a, b);
        assert_eq!(c.changes, 1, "one insertion");
        assert_eq!(text(b, c.marks_b[0].0), "Two came.", "the inserted paragraph, not a slid copy: {:?}", c.marks_b);
    }

    #[test]
    fn a_shared_quote_between_differences_keeps_its_own_row() {
        let quote = "\"Nobody will walk across that bridge until I am certain it is safe,\" the mayor said.";
        let a = format!("The bridge shut on Monday after an inspection. {quote} Traders were angry.");
        let b = format!("Engineers closed the crossing this week. {quote} Shops reported fewer customers.");
        let c = cmp(&a, &b);
        let same: Vec<String> = c.rows.iter().filter(|r| r.same).map(|r| text(&a, r.a)).collect();
        assert!(same.iter().any(|t| t.contains("Nobody will walk across that bridge")), "quote row: {same:?}");
        assert_eq!(c.rows.iter().filter(|r| !r.same).count(), 2, "a changed row on each side of it");
    }

    #[test]
    fn a_changed_word_deep_in_a_paragraph_reads_in_its_sentence() {
        let para = "Shopkeepers woke up early to a town cut in half by the closure of the bridge. The footbridge, which \
                    links the old market to the railway station, has been fenced off since Monday, and the detour adds";
        let a = format!("Title on Tuesday\n{para} twenty-five minutes on foot.");
        let b = format!("Title on Wednesday\n{para} thirty minutes on foot.");
        let c = cmp(&a, &b);
        let rows: Vec<String> = c.rows.iter().filter(|r| !r.same).map(|r| text(&b, r.b)).collect();
        assert_eq!(rows.len(), 2, "two changed rows: {rows:?}");
        assert!(rows[1].starts_with("The footbridge"), "the change reads from its sentence's start: {rows:?}");
    }

    #[test]
    fn a_sentence_cut_from_a_paragraph_reads_in_its_paragraph() {
        let first = "The council met on Monday to discuss the bridge.";
        let second = "Engineers said the crossing could reopen in spring.";
        let third = "Traders asked for help with the lost custom.";
        let before = "Opening paragraph stays as it was.";
        let after = "Closing paragraph stays as it was.";
        for cut in [first, second, third] {
            let kept: Vec<&str> = [first, second, third].into_iter().filter(|s| *s != cut).collect();
            let a = format!("{before}\n\n{first} {second} {third}\n\n{after}");
            let b = format!("{before}\n\n{}\n\n{after}", kept.join(" "));
            let c = cmp(&a, &b);
            let rows: Vec<(String, String)> =
                c.rows.iter().filter(|r| !r.same).map(|r| (text(&a, r.a), text(&b, r.b))).collect();
            assert_eq!(rows.len(), 1, "one changed row: {rows:?}");
            assert_eq!(rows[0].0.trim(), format!("{first} {second} {third}"), "the whole paragraph, cut {cut:?}");
            assert_eq!(rows[0].1.trim(), kept.join(" "), "and what is left of it, cut {cut:?}");
        }
    }

    #[test]
    fn rows_never_cut_a_sentence() {
        let a = "The council said the bridge would remain shut for at least six weeks while specialists work out \
                 whether the cables can be repaired or have to be replaced. About 4,000 people use the bridge.";
        let b = "The town council said the bridge would remain shut for at least six weeks while specialists assess \
                 whether the cables can be repaired or must be replaced. Around 4,000 people cross the bridge.";
        let c = cmp(a, b);
        let ends = |t: &str| t.is_empty() || t.ends_with('.');
        for r in &c.rows {
            let (ta, tb) = (text(a, r.a), text(b, r.b));
            assert!(ends(ta.trim()) && ends(tb.trim()), "a row ends with its sentence: {ta:?} | {tb:?}");
        }
        let first = c.rows.iter().find(|r| !r.same).expect("a changed row");
        assert!(text(b, first.b).starts_with("The town council said"), "the sentence from its start");
    }

    #[test]
    fn unrelated_sentences_read_as_one_change() {
        let c = cmp("The cat sat on the mat all day.", "A dog ran in the park at dawn.");
        assert_eq!(c.changes, 1, "one change, not confetti: {:?}", c.marks_a);
    }
}
