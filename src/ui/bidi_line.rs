//! One line of user text (a title, an outlet, a quote in a list) that may
//! hold Arabic or Hebrew, laid out by egui in reading order.
//!
//! egui shapes each stretch of one font on its own and places the stretches
//! left to right, so a Hebrew title whose spaces or digits come from
//! another font shows its words in logical order, backwards. Here the words
//! are put in visual order by [`analysis::bidi`](crate::analysis::bidi)
//! first, each its own section of the job (shaped alone, so the shaper runs
//! its letters right to left), and a line too long is cut at its logical
//! end, which in a right-to-left title is at the left.

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Ui, WidgetText};

use crate::analysis::bidi;

/// `text` on one line at most `max_width` wide, cut with "…".
pub fn line_job(ui: &Ui, text: &str, format: &TextFormat, max_width: f32) -> LayoutJob {
    let (font, color) = (&format.font_id, format.color);
    if !bidi::has_rtl(text) {
        let mut job = LayoutJob::single_section(text.to_owned(), format.clone());
        job.wrap = TextWrapping { max_width, max_rows: 1, break_anywhere: true, overflow_character: Some('…') };
        return job;
    }
    let one_line: String = text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let width = |s: &str| ui.fonts_mut(|f| f.layout_no_wrap(s.to_owned(), font.clone(), color)).size().x;
    // Cut at the logical end, a word at a time, when too wide.
    let shown = if width(&one_line) <= max_width {
        one_line
    } else {
        let room = max_width - width("…");
        let chars: Vec<char> = one_line.chars().collect();
        let p = bidi::Paragraph::new(&one_line, None);
        let mut used = 0.0;
        let mut end = 0;
        for piece in p.pieces() {
            let w = width(&chars[piece.clone()].iter().collect::<String>());
            if used + w > room {
                break;
            }
            used += w;
            end = piece.end;
        }
        let mut s: String = chars[..end].iter().collect::<String>().trim_end().to_owned();
        s.push('…');
        s
    };
    let mut job = LayoutJob::default();
    for piece in visual_pieces(&shown) {
        job.append(&piece, 0.0, format.clone());
    }
    job.wrap = TextWrapping { max_width: f32::INFINITY, max_rows: 1, break_anywhere: false, overflow_character: None };
    job
}

/// The pieces (words, spaces) of one line in visual order, each as the
/// shaper should be given it: a right-to-left piece without a letter (a
/// bracket, a dash) reversed and mirrored, since the shaper takes it for
/// left to right.
fn visual_pieces(text: &str) -> Vec<String> {
    let n = text.chars().count();
    #[allow(clippy::cast_precision_loss)] // a label's length
    let lines = visual_lines(text, &[], &vec![1.0; n], n as f32);
    lines.into_iter().flatten().map(|(s, _)| s).collect()
}

/// The pieces of `text` (see [`bidi::Paragraph::pieces`]) cut also where a
/// part starts (`starts`: char offsets), each with its part's index.
fn cut_pieces(p: &bidi::Paragraph, starts: &[usize]) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut out = Vec::new();
    for r in p.pieces() {
        let mut from = r.start;
        for &c in starts.iter().filter(|c| **c > r.start && **c < r.end) {
            out.push((from..c, 0));
            from = c;
        }
        out.push((from..r.end, 0));
    }
    for (r, part) in &mut out {
        *part = starts.partition_point(|s| *s <= r.start).saturating_sub(1);
    }
    out
}

/// `text` laid out at `width` with each char `advances[i]` wide: per line,
/// its pieces in visual order (see [`visual_pieces`]), each with the index
/// of the part (`starts`) it belongs to.
fn visual_lines(text: &str, starts: &[usize], advances: &[f32], width: f32) -> Vec<Vec<(String, usize)>> {
    visual_lines_measured(text, starts, advances, width).into_iter().map(|(_, l)| l).collect()
}

/// [`visual_lines`], each line with the width its chars take.
fn visual_lines_measured(
    text: &str,
    starts: &[usize],
    advances: &[f32],
    width: f32,
) -> Vec<(f32, Vec<(String, usize)>)> {
    let p = bidi::Paragraph::new(text, bidi::majority_direction(text));
    let chars: Vec<char> = text.chars().collect();
    let layout = p.lay_out(advances, width);
    let mut lines: Vec<Vec<(f32, String, usize)>> = vec![Vec::new(); layout.line_count()];
    for (r, part) in cut_pieces(&p, starts) {
        let Some((line, _, _)) = layout.char_box(r.start) else { continue };
        let left = r.clone().filter_map(|i| layout.char_box(i)).map(|b| b.1).fold(f32::INFINITY, f32::min);
        let s: String = chars[r.clone()].iter().filter(|c| **c != '\n').collect();
        let s = bidi::for_shaper(&s, layout.is_rtl(r.start));
        lines[line].push((left, s, part));
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(k, mut l)| {
            l.sort_by(|a, b| a.0.total_cmp(&b.0));
            let chars = layout.lines[k].clone();
            let used: f32 = advances[chars].iter().sum();
            (used, l.into_iter().map(|(_, s, part)| (s, part)).collect())
        })
        .collect()
}

/// `text` wrapped at `width`: as egui wraps it when it has no right-to-left
/// letters; else its lines broken in logical order and each put in visual
/// order.
pub fn wrapped_job(ui: &Ui, text: &str, format: &TextFormat, width: f32) -> LayoutJob {
    wrapped_parts(ui, &[(text, format.clone())], width)
}

/// Parts of one text, each in its own format (a search hit between its
/// context), wrapped at `width` as [`wrapped_job`] wraps one.
pub fn wrapped_parts(ui: &Ui, parts: &[(&str, TextFormat)], width: f32) -> LayoutJob {
    let text: String = parts.iter().map(|(t, _)| *t).collect();
    let mut job = LayoutJob::default();
    if !bidi::has_rtl(&text) {
        for (t, f) in parts {
            job.append(t, 0.0, f.clone());
        }
        job.wrap.max_width = width;
        return job;
    }
    let mut starts = Vec::with_capacity(parts.len());
    let mut at = 0;
    for (t, _) in parts {
        starts.push(at);
        at += t.chars().count();
    }
    let p = bidi::Paragraph::new(&text, bidi::majority_direction(&text));
    let chars: Vec<char> = text.chars().collect();
    // Each char's share of its piece's width (a label needs no more).
    let mut advances = vec![0.0f32; chars.len()];
    for (r, part) in cut_pieces(&p, &starts) {
        let piece: String = chars[r.clone()].iter().collect();
        let f = &parts[part].1;
        let w = ui.fonts_mut(|fonts| fonts.layout_no_wrap(piece, f.font_id.clone(), f.color)).size().x;
        #[allow(clippy::cast_precision_loss)]
        advances[r.clone()].fill(w / r.len() as f32);
    }
    for (k, (used, line)) in visual_lines_measured(&text, &starts, &advances, width).into_iter().enumerate() {
        if k > 0 {
            job.append("\n", 0.0, parts[0].1.clone());
        }
        // Right-to-left text stands at the right of the width: space
        // before each line (egui's right alignment would put the rows left
        // of where a label starts).
        let mut lead = if p.rtl { (width - used - 2.0).max(0.0) } else { 0.0 };
        for (piece, part) in line {
            job.append(&piece, lead, parts[part].1.clone());
            lead = 0.0;
        }
    }
    job.wrap = TextWrapping { max_width: f32::INFINITY, ..TextWrapping::default() };
    job
}

/// A wrapping label of `text` (italic when `italics`), in reading order.
pub fn wrapped(ui: &mut Ui, text: &str, italics: bool, small: bool) -> egui::Response {
    let style = if small { egui::TextStyle::Small } else { egui::TextStyle::Body };
    let format = TextFormat { italics, ..TextFormat::simple(style.resolve(ui.style()), ui.visuals().text_color()) };
    let job = wrapped_job(ui, text, &format, ui.available_width());
    unwrapped(ui, job.wrap.max_width.is_infinite(), |ui| ui.add(egui::Label::new(job)))
}

/// Add a widget showing a job from [`wrapped_parts`]: when its lines are
/// already broken (`broken`), egui must not break them again, which would
/// move the last word of a right-to-left line to the start of the next.
pub fn unwrapped<R>(ui: &mut Ui, broken: bool, add: impl FnOnce(&mut Ui) -> R) -> R {
    if !broken {
        return add(ui);
    }
    ui.scope(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        add(ui)
    })
    .inner
}

/// `text` for a label or button in the body font, one line of at most
/// `max_width`, when it has right-to-left letters; `None` when it has none
/// (the caller's usual label serves).
pub fn fitted(ui: &Ui, text: &str, strong: bool, italics: bool, max_width: f32) -> Option<WidgetText> {
    if !bidi::has_rtl(text) {
        return None;
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = if strong { ui.visuals().strong_text_color() } else { ui.visuals().text_color() };
    let format = TextFormat { italics, ..TextFormat::simple(font, color) };
    Some(WidgetText::LayoutJob(std::sync::Arc::new(line_job(ui, text, &format, max_width))))
}

/// A label of `text` cut to the width left, in reading order.
pub fn truncated(ui: &mut Ui, text: &str, strong: bool, italics: bool) -> egui::Response {
    if let Some(t) = fitted(ui, text, strong, italics, ui.available_width()) {
        return ui.add(egui::Label::new(t));
    }
    let mut rich = egui::RichText::new(text);
    if strong {
        rich = rich.strong();
    }
    if italics {
        rich = rich.italics();
    }
    ui.add(egui::Label::new(rich).truncate())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_in_visual_order_each_on_its_own() {
        assert_eq!(visual_pieces("העירייה פתחה גשר"), ["גשר", " ", "פתחה", " ", "העירייה"]);
        assert_eq!(visual_pieces("ביום 15 במרץ"), ["במרץ", " ", "15", " ", "ביום"]);
        assert_eq!(visual_pieces("The word שלום here"), ["The", " ", "word", " ", "שלום", " ", "here"]);
        // A bracket that stands alone in a right-to-left line is mirrored.
        // The closing one, leftmost, is drawn as an opening one: "( 5 )".
        assert_eq!(visual_pieces("שלום ( 5 )"), ["(", " ", "5", " ", ")", " ", "שלום"]);
    }

    #[test]
    fn a_wrapped_quote_breaks_in_reading_order() {
        let words = |l: &Vec<String>| l.iter().filter(|w| !w.trim().is_empty()).cloned().collect::<Vec<_>>();
        let lines: Vec<Vec<String>> = visual_lines("אחת שתיים שלוש ארבע", &[], &[10.0; 19], 100.0)
            .into_iter()
            .map(|l| l.into_iter().map(|(s, _)| s).collect())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(words(&lines[0]), ["שתיים", "אחת"], "the first words on the first line, the first at the right");
        assert_eq!(words(&lines[1]), ["ארבע", "שלוש"]);
    }

    #[test]
    fn a_hit_inside_a_right_to_left_line_keeps_its_own_format_and_place() {
        // Context "ביום 15", the hit "במרץ", context "2026 הודיעה".
        let text = "ביום 15 במרץ 2026 הודיעה";
        let lines = visual_lines(text, &[0, 8, 12], &[1.0; 24], 24.0);
        let line: Vec<(String, usize)> = lines.into_iter().flatten().filter(|(s, _)| !s.trim().is_empty()).collect();
        assert_eq!(
            line,
            [("הודיעה".into(), 2), ("2026".into(), 2), ("במרץ".into(), 1), ("15".into(), 0), ("ביום".into(), 0)],
            "visual order, left to right, each piece with its part"
        );
    }

    #[test]
    fn a_context_line_reads_in_the_direction_of_most_of_its_letters() {
        assert_eq!(bidi::majority_direction("Reuters שאורך הגשר 450 מטר"), Some(true));
        assert_eq!(bidi::majority_direction("The word שלום means peace"), Some(false));
        assert_eq!(bidi::majority_direction("2026 - 15"), None);
        let words = |l: &Vec<(String, usize)>| {
            l.iter().map(|(s, _)| s.clone()).filter(|s| !s.trim().is_empty()).collect::<Vec<_>>()
        };
        let lines = visual_lines("Reuters שאורך הגשר", &[], &[1.0; 18], 18.0);
        assert_eq!(words(&lines[0]), ["הגשר", "שאורך", "Reuters"], "Reuters first, at the right");
    }
}
