//! The caret in the pane that has the desk's keyboard: arrow keys move it
//! by a character, a word (Ctrl), a row or to a row's ends, Shift selects.

use egui::{Pos2, Ui, vec2};

use super::{Laid, Pane, Selection};
use crate::model::{CharIdx, CharRange, SourceText};

/// A move of the caret asked from the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaretMove {
    /// One character back.
    Left,
    /// One character on.
    Right,
    /// To the start of this or the previous word.
    WordLeft,
    /// To the start of the next word.
    WordRight,
    /// One row up.
    Up,
    /// One row down.
    Down,
    /// To the start of the row.
    RowStart,
    /// To the end of the row.
    RowEnd,
}

/// The caret keys pressed this frame, in order, each with whether it
/// extends the selection (Shift); taken from the input so that nothing
/// else acts on them. Alt combinations are left to the commands.
fn caret_keys(ui: &Ui) -> Vec<(CaretMove, bool)> {
    use egui::Key;
    let mut out = Vec::new();
    ui.input_mut(|i| {
        i.events.retain(|e| {
            let egui::Event::Key { key, pressed: true, modifiers, .. } = e else { return true };
            if modifiers.alt {
                return true;
            }
            let word = modifiers.command;
            let m = match key {
                Key::ArrowLeft if word => CaretMove::WordLeft,
                Key::ArrowLeft => CaretMove::Left,
                Key::ArrowRight if word => CaretMove::WordRight,
                Key::ArrowRight => CaretMove::Right,
                Key::ArrowUp => CaretMove::Up,
                Key::ArrowDown => CaretMove::Down,
                // Ctrl+Home/End are the Start/End of document commands.
                Key::Home if !word => CaretMove::RowStart,
                Key::End if !word => CaretMove::RowEnd,
                _ => return true,
            };
            out.push((m, modifiers.shift));
            false
        });
    });
    out
}

/// Where the caret goes from `at` by a character or a word, in `text`.
/// Rows (up, down, row start and end) need the layout: `None` for them.
pub fn step(text: &SourceText, at: CharIdx, m: CaretMove) -> Option<CharIdx> {
    let len = text.char_len();
    let at = at.0.min(len);
    // A window around the caret is enough to find a word's edge.
    let window = |from: usize, to: usize| text.slice(CharRange::new(from, to)).chars().collect::<Vec<char>>();
    let word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    Some(CharIdx(match m {
        CaretMove::Left => at.saturating_sub(1),
        CaretMove::Right => (at + 1).min(len),
        CaretMove::WordRight => {
            let cs = window(at, (at + 400).min(len));
            let mut k = 0;
            while k < cs.len() && word(cs[k]) {
                k += 1;
            }
            while k < cs.len() && !word(cs[k]) {
                k += 1;
            }
            at + k
        }
        CaretMove::WordLeft => {
            let from = at.saturating_sub(400);
            let cs = window(from, at);
            let mut k = cs.len();
            while k > 0 && !word(cs[k - 1]) {
                k -= 1;
            }
            while k > 0 && word(cs[k - 1]) {
                k -= 1;
            }
            from + k
        }
        CaretMove::Up | CaretMove::Down | CaretMove::RowStart | CaretMove::RowEnd => return None,
    }))
}

/// Left or Right from `head` on screen, where its block is laid out with
/// both directions: the place and whether it starts its row.
fn on_screen(
    text: &SourceText,
    visible: &[(usize, Pos2, Laid)],
    head: CharIdx,
    next_row: bool,
    m: CaretMove,
) -> Option<(CharIdx, bool)> {
    if !matches!(m, CaretMove::Left | CaretMove::Right) {
        return None;
    }
    let b = text.block_at(head);
    let (_, _, g) = visible.iter().find(|(i, _, _)| *i == b)?;
    let from = text.blocks().get(b)?.chars.start.0;
    let (to, start) = g.visual_step(head.0.saturating_sub(from), next_row, m == CaretMove::Left)?;
    Some((CharIdx(from + to), start))
}

/// Arrow keys in the pane that has the desk's keyboard: move the caret (the
/// head of an empty selection) by a character, a word (Ctrl), a row or to a
/// row's ends; with Shift, extend the selection. The first key in a pane
/// without a caret puts one at the first visible character.
pub(super) fn keyboard_ui(
    ui: &Ui,
    pane: &mut Pane,
    text: &SourceText,
    visible: &[(usize, Pos2, Laid)],
    selection: &mut Option<Selection>,
) {
    let keys = caret_keys(ui);
    if keys.is_empty() {
        return;
    }
    let doc = pane.doc;
    // A new caret starts where the last one was (after the passage just
    // tagged, coding one passage after another), when that is in view;
    // else at the first visible character.
    let first = visible.first().map(|(i, _, _)| text.blocks()[*i].chars.start);
    let last = visible.last().map(|(i, _, _)| text.blocks()[*i].chars.end);
    let start = pane
        .last_caret
        .filter(|c| first.is_some_and(|f| *c >= f) && last.is_some_and(|l| *c <= l))
        .unwrap_or(pane.top_char);
    let sel = selection.get_or_insert(Selection { doc, anchor: start, head: start });
    if sel.doc != doc {
        *sel = Selection { doc, anchor: start, head: start };
    }
    for (m, extend) in keys {
        // Left and Right move on screen. In a block laid out with both
        // directions the layout knows the place to the left or right; at
        // a line's end, and in a paragraph that reads right to left, Left
        // goes on through the text.
        if let Some((to, row_start)) = on_screen(text, visible, sel.head, !pane.caret_row_end, m) {
            pane.caret_x = None;
            pane.caret_row_end = !row_start;
            sel.head = to;
            if !extend {
                sel.anchor = to;
            }
            continue;
        }
        let b = text.block_at(sel.head);
        let rtl = visible.iter().any(|(i, _, g)| *i == b && g.rtl());
        let m = if rtl {
            match m {
                CaretMove::Left => CaretMove::Right,
                CaretMove::Right => CaretMove::Left,
                CaretMove::WordLeft => CaretMove::WordRight,
                CaretMove::WordRight => CaretMove::WordLeft,
                other => other,
            }
        } else {
            m
        };
        let head = if let Some(c) = step(text, sel.head, m) {
            pane.caret_x = None;
            c
        } else {
            let b = text.block_at(sel.head);
            let block = text.blocks()[b];
            match visible.iter().find(|(i, _, _)| *i == b) {
                Some((_, _, g)) => {
                    // At a wrap, the caret is at the start of the next row
                    // unless End put it at the end of this one.
                    let local = sel.head.0.saturating_sub(block.chars.start.0);
                    let next_row = !pane.caret_row_end;
                    let (rows, row) = g.row_of(local, next_row);
                    // Across the row, kept when the caret leaves the paragraph.
                    let across = pane.caret_x.unwrap_or_else(|| g.caret_rect(local, next_row).center().x);
                    let (to, x) = match m {
                        CaretMove::Up if row == 0 => (None, Some(across)),
                        CaretMove::Down if row + 1 >= rows => (None, Some(across)),
                        CaretMove::Up | CaretMove::Down => {
                            let (c, x) = g.vertical(local, next_row, pane.caret_x, m == CaretMove::Up);
                            (Some(c), x)
                        }
                        CaretMove::RowStart => (Some(g.row_end(local, next_row, false)), None),
                        _ => (Some(g.row_end(local, next_row, true)), None),
                    };
                    pane.caret_x = x;
                    // Past the first or last row: into the paragraph above or
                    // below at the same place across (when it is laid out),
                    // else to its near edge.
                    let neighbour = if m == CaretMove::Up { b.checked_sub(1) } else { Some(b + 1) };
                    let laid = neighbour.and_then(|n| visible.iter().find(|(i, _, _)| *i == n));
                    match (to, laid) {
                        (Some(c), _) => CharIdx(block.chars.start.0 + c),
                        (None, Some((n, _, g2))) => {
                            let y = if m == CaretMove::Up { (g2.size().y - 1.0).max(0.0) } else { 0.0 };
                            let c = g2.at(vec2(across, y));
                            CharIdx(text.blocks()[*n].chars.start.0 + c)
                        }
                        (None, None) if m == CaretMove::Up => {
                            b.checked_sub(1).map_or(CharIdx(0), |p| text.blocks()[p].chars.end)
                        }
                        (None, None) => text.blocks().get(b + 1).map_or(block.chars.end, |n| n.chars.start),
                    }
                }
                // Out of view: a whole paragraph at a time.
                None => match m {
                    CaretMove::Up | CaretMove::RowStart => block.chars.start,
                    _ => block.chars.end,
                },
            }
        };
        pane.caret_row_end = m == CaretMove::RowEnd;
        sel.head = head;
        if !extend {
            sel.anchor = head;
        }
    }
    pane.last_caret = Some(sel.head);
    // Keep the caret in view.
    let b = text.block_at(sel.head);
    if !visible.iter().any(|(i, _, _)| *i == b) {
        pane.scroll_to = Some(text.blocks().get(b).map_or(sel.head, |bl| bl.chars.start));
    }
    ui.ctx().request_repaint();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_steps_by_characters_and_words() {
        let t = SourceText::new("Officials said: the ferry’s route.\n\nNext.".to_owned());
        let at = |c| CharIdx(c);
        assert_eq!(step(&t, at(0), CaretMove::Left), Some(at(0)), "stops at the start");
        assert_eq!(step(&t, at(0), CaretMove::Right), Some(at(1)));
        assert_eq!(step(&t, at(0), CaretMove::WordRight), Some(at(10)), "to the next word");
        assert_eq!(step(&t, at(10), CaretMove::WordRight), Some(at(16)), "over the colon and space");
        assert_eq!(step(&t, at(20), CaretMove::WordRight), Some(at(28)), "an apostrophe stays in its word");
        assert_eq!(step(&t, at(14), CaretMove::WordLeft), Some(at(10)), "to the start of this word");
        assert_eq!(step(&t, at(10), CaretMove::WordLeft), Some(at(0)), "to the start of the previous word");
        let end = t.char_len();
        assert_eq!(step(&t, at(end), CaretMove::Right), Some(at(end)), "stops at the end");
        assert_eq!(step(&t, at(end - 5), CaretMove::WordRight), Some(at(end)), "the last word runs to the end");
        assert_eq!(step(&t, at(3), CaretMove::Down), None, "rows need the layout");
    }
}
