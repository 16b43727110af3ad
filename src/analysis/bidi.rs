//! Text of both directions (Arabic or Hebrew with numbers and Latin names):
//! a paragraph's lines broken in logical order, then each line's
//! characters put in visual order by the Unicode Bidirectional Algorithm
//! (UAX #9, the `unicode-bidi` crate), and one mapping between a
//! character (logical) and where it is drawn (visual), for everything that
//! turns a point into a character or a character into a rectangle.
//!
//! No fonts here: the caller gives each character's advance (from shaping
//! its word, so that joined Arabic letters keep their widths), and draws
//! each piece ([`Paragraph::pieces`]) where [`Layout::char_box`] puts its
//! characters.

use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

/// Whether `text` holds a right-to-left letter or mark (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko, …): a look at the UTF-8 lead bytes first, so that
/// text without any costs a pass over its bytes.
pub fn has_rtl(text: &str) -> bool {
    let b = text.as_bytes();
    // Lead bytes of U+0590..=U+07FF (D6..DF), U+0800..=U+0FFF (E0),
    // U+F000..=U+FFFF (EF), the supplementary planes (F0) and the
    // direction marks and embeddings at U+200F, U+202B, U+202E, U+2067 (E2).
    let maybe = b.iter().enumerate().any(|(i, &c)| match c {
        0xD6..=0xDF | 0xE0 | 0xEF | 0xF0 => true,
        0xE2 => {
            matches!((b.get(i + 1), b.get(i + 2)), (Some(0x80), Some(0x8F | 0xAB | 0xAE)) | (Some(0x81), Some(0xA7)))
        }
        _ => false,
    });
    maybe
        && text.chars().any(|c| {
            use unicode_bidi::BidiClass::{AL, R, RLE, RLI, RLO};
            matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI)
        })
}

/// Whether a language (a BCP 47 tag such as `ar`, `he-IL`, `fa`) is
/// written right to left: its primary subtag, or an Arabic or Hebrew
/// script subtag.
pub fn lang_is_rtl(lang: &str) -> bool {
    let lower = lang.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    matches!(
        primary,
        "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "iw" | "ks" | "ps" | "sd" | "syr" | "ug" | "ur" | "yi"
    ) || parts.any(|p| matches!(p, "arab" | "hebr" | "syrc" | "thaa" | "nkoo"))
}

/// The direction a quoted stretch of text reads in: a context line cut
/// from a paragraph may start with a Latin name inside Arabic, so the
/// direction of most of its letters, not of its first, is the paragraph's.
pub fn majority_direction(text: &str) -> Option<bool> {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars() {
        match unicode_bidi::bidi_class(c) {
            unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL => rtl += 1,
            unicode_bidi::BidiClass::L => ltr += 1,
            _ => {}
        }
    }
    (rtl + ltr > 0).then_some(rtl > ltr)
}

/// The base direction to give [`Paragraph::new`]: `None` (from the first
/// strong letter, UAX #9 rules P2 and P3) when the paragraph has one, else
/// the direction of the document's language (a line of only numbers in an
/// Arabic article stands at the right).
pub fn base_direction(text: &str, lang: &str) -> Option<bool> {
    match unicode_bidi::get_base_direction(text) {
        unicode_bidi::Direction::Mixed if !lang.is_empty() => Some(lang_is_rtl(lang)),
        _ => None,
    }
}

/// Brackets and other paired marks drawn mirrored in a right-to-left run
/// (UAX #9 rule L4). A run with a right-to-left letter is mirrored by the
/// shaper; this serves a run of only such marks, which the shaper takes
/// for left to right. The pairs are those of Unicode's BidiMirroring.txt
/// that news text uses, written here since a table crate would be a
/// dependency for a dozen entries.
pub fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}

/// Whether a shaper that takes a run's direction from its script (as
/// `HarfBuzz`'s guess does, and the reader's shaper with it) runs `text`
/// right to left: its first char of a script other than Common and Inherited is of
/// a right-to-left script. Persian and Arabic-Indic digits are of the
/// Arabic script, so "۱۵" is run right to left though digits read left to
/// right.
pub fn shaper_runs_rtl(text: &str) -> bool {
    use unicode_script::{Script, UnicodeScript as _};
    text.chars()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .is_some_and(|s| {
            matches!(
                s,
                Script::Arabic
                    | Script::Hebrew
                    | Script::Syriac
                    | Script::Thaana
                    | Script::Nko
                    | Script::Samaritan
                    | Script::Mandaic
                    | Script::Adlam
                    | Script::Hanifi_Rohingya
            )
        })
}

/// What to give such a shaper so that its glyphs come out in the order a
/// piece of one direction is seen (`rtl`: the piece's direction): the
/// piece as it is when the shaper runs it that way, else reversed (and its
/// brackets mirrored, UAX #9 rule L4, when the piece reads right to left:
/// the shaper mirrors only what it runs right to left). The glyphs of
/// char `i` of `n` then stand at place `n - 1 - i` when `rtl`, else `i`.
pub fn for_shaper(piece: &str, rtl: bool) -> String {
    if shaper_runs_rtl(piece) == rtl {
        piece.to_owned()
    } else if rtl {
        piece.chars().rev().map(mirrored).collect()
    } else {
        piece.chars().rev().collect()
    }
}

/// A paragraph analysed for direction.
pub struct Paragraph {
    text: String,
    /// Byte offset of each char, and the text's length at the end.
    bytes: Vec<usize>,
    /// Whether the paragraph reads right to left (its first strong
    /// character, or the given direction).
    pub rtl: bool,
    /// The resolved level of each char (before a line's rule L1).
    levels: Vec<Level>,
    /// The bidi class of each char, as written.
    classes: Vec<BidiClass>,
}

impl Paragraph {
    /// Analyse `text` (one paragraph); `rtl`: its base direction when known
    /// (from the document's language), else taken from its first strong
    /// character.
    pub fn new(text: &str, rtl: Option<bool>) -> Self {
        let level = rtl.map(|r| if r { Level::rtl() } else { Level::ltr() });
        let info = ParagraphBidiInfo::new(text, level);
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let levels = bytes.iter().map(|b| info.levels[*b]).collect();
        let classes = bytes.iter().map(|b| info.original_classes[*b]).collect();
        bytes.push(text.len());
        Self { text: text.to_owned(), bytes, rtl: info.paragraph_level.is_rtl(), levels, classes }
    }

    /// Whether char `i` runs right to left (its resolved level is odd).
    pub fn is_rtl(&self, i: usize) -> bool {
        self.levels.get(i).is_some_and(Level::is_rtl)
    }

    /// Number of chars.
    pub fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Whether the paragraph is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The char ranges of words and of the spaces between them, split also
    /// where the direction changes and between letters, digits and
    /// punctuation, in logical order: what the caller shapes and draws
    /// one at a time. Lines break only at spaces.
    pub fn pieces(&self) -> Vec<Range<usize>> {
        let chars: Vec<char> = self.text.chars().collect();
        let level = |i: usize| self.levels[i];
        // What kind of char each is: letters of either direction, digits,
        // punctuation. Fonts cover them differently (a Hebrew word's
        // period may come from the Latin font), and the UI toolkit places the
        // stretches of different fonts left to right, so a word and its
        // punctuation are drawn apart. A mark takes its base's kind.
        let mut kinds = Vec::with_capacity(chars.len());
        for class in &self.classes {
            use unicode_bidi::BidiClass::{AL, AN, BN, EN, L, NSM, R};
            let k = match class {
                L => 0u8,
                R | AL => 1,
                EN | AN => 2,
                NSM | BN => kinds.last().copied().unwrap_or(3),
                _ => 3,
            };
            kinds.push(k);
        }
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=chars.len() {
            let boundary = i == chars.len()
                || chars[i].is_whitespace() != chars[i - 1].is_whitespace()
                || level(i) != level(i - 1)
                || kinds[i] != kinds[i - 1];
            if boundary {
                out.push(start..i);
                start = i;
            }
        }
        out
    }

    /// The levels of a line's chars after rule L1 of UAX #9: separators,
    /// and the white space (with isolate and embedding controls) before a
    /// separator or at the end of the line, take the paragraph's level.
    fn line_levels(&self, line: Range<usize>) -> Vec<Level> {
        use unicode_bidi::BidiClass::{B, BN, FSI, LRE, LRI, LRO, PDF, PDI, RLE, RLI, RLO, S, WS};
        let mut levels = self.levels[line.clone()].to_vec();
        let mut trailing = true;
        for k in (0..levels.len()).rev() {
            match self.classes[line.start + k] {
                S | B => {
                    levels[k] = self.level();
                    trailing = true;
                }
                WS | FSI | LRI | RLI | PDI | BN | LRE | RLE | LRO | RLO | PDF if trailing => levels[k] = self.level(),
                _ => trailing = false,
            }
        }
        levels
    }

    fn level(&self) -> Level {
        if self.rtl { Level::rtl() } else { Level::ltr() }
    }

    /// Lay the paragraph out at `width`, each char `advances[i]` wide
    /// (logical order): lines broken at spaces (a word longer than the
    /// line breaks where it must), each line's chars in visual order,
    /// right-aligned when the paragraph reads right to left.
    pub fn lay_out(&self, advances: &[f32], width: f32) -> Layout {
        debug_assert_eq!(advances.len(), self.len(), "one advance per char");
        let chars: Vec<char> = self.text.chars().collect();
        // Lines in logical order: greedy, breaking after a space.
        let mut lines: Vec<Range<usize>> = Vec::new();
        let (mut start, mut x, mut last_break) = (0, 0.0f32, None);
        for (i, c) in chars.iter().enumerate() {
            let a = advances.get(i).copied().unwrap_or(0.0);
            if x + a > width && i > start && !c.is_whitespace() {
                let at = last_break.filter(|b| *b > start).unwrap_or(i);
                lines.push(start..at);
                start = at;
                x = advances[at..i].iter().sum();
                last_break = None;
            }
            x += a;
            if *c == '\n' {
                // A kept line break (verse, an address): the line ends here.
                lines.push(start..i + 1);
                start = i + 1;
                x = 0.0;
                last_break = None;
            } else if c.is_whitespace() {
                last_break = Some(i + 1);
            }
        }
        if start < chars.len() || lines.is_empty() || chars.last() == Some(&'\n') {
            lines.push(start..chars.len());
        }
        // Each line in visual order (rule L1 resets its trailing spaces to
        // the paragraph's level; L2 reverses runs by level).
        let mut boxes = vec![(0usize, 0.0f32, 0.0f32); chars.len()];
        for (n, line) in lines.iter().enumerate() {
            let line_levels = self.line_levels(line.clone());
            let order = ParagraphBidiInfo::reorder_visual(&line_levels);
            let used: f32 = advances[line.clone()].iter().sum();
            let mut x = if self.rtl { (width - used).max(0.0) } else { 0.0 };
            for k in order {
                let i = line.start + k;
                let a = advances[i];
                boxes[i] = (n, x, x + a);
                x += a;
            }
        }
        let rtl_chars = self.levels.iter().map(Level::is_rtl).collect();
        let ends =
            lines.iter().map(|l| if l.end > l.start && chars[l.end - 1] == '\n' { l.end - 1 } else { l.end }).collect();
        Layout { lines, boxes, rtl_chars, ends, rtl: self.rtl, width }
    }
}

/// A paragraph laid out: where each char is drawn.
#[derive(Debug)]
pub struct Layout {
    /// The chars of each line (logical ranges, in order).
    pub lines: Vec<Range<usize>>,
    /// Per char: its line and its left and right edge.
    boxes: Vec<(usize, f32, f32)>,
    /// Per char: whether it runs right to left.
    rtl_chars: Vec<bool>,
    /// Per line: the last place a caret may stand on it (before a kept
    /// line break).
    ends: Vec<usize>,
    /// Whether the paragraph reads right to left.
    pub rtl: bool,
    /// The width it was laid out at.
    pub width: f32,
}

impl Layout {
    /// The line of char `i` and its left and right edges.
    pub fn char_box(&self, i: usize) -> Option<(usize, f32, f32)> {
        self.boxes.get(i).copied()
    }

    /// The char drawn at `x` on `line`: the one whose box holds it, else the
    /// nearest on that line.
    pub fn char_at(&self, line: usize, x: f32) -> Option<usize> {
        let r = self.lines.get(line)?.clone();
        r.clone().find(|i| self.boxes[*i].1 <= x && x < self.boxes[*i].2).or_else(|| {
            r.min_by(|a, b| {
                let d = |i: usize| (self.boxes[i].1 - x).abs().min((self.boxes[i].2 - x).abs());
                d(*a).total_cmp(&d(*b))
            })
        })
    }

    /// The place between two chars (0 ..= the paragraph's length) nearest
    /// to `x` on `line`: before the char under `x` when `x` lies in the
    /// half of it that is read first (the left half of a left-to-right
    /// char, the right half of a right-to-left one), else after it.
    pub fn boundary_at(&self, line: usize, x: f32) -> usize {
        let line = line.min(self.lines.len().saturating_sub(1));
        let Some(r) = self.lines.get(line) else { return 0 };
        let Some(i) = self.char_at(line, x).filter(|i| *i < self.ends[line]).or_else(|| {
            // Only a kept line break on this line: any x is its start.
            (r.start < self.ends[line]).then(|| self.char_at(line, x)).flatten()
        }) else {
            return r.start;
        };
        let (_, a, b) = self.boxes[i];
        let first_half = if self.rtl_chars[i] { x > f32::midpoint(a, b) } else { x < f32::midpoint(a, b) };
        (if first_half { i } else { i + 1 }).clamp(r.start, self.ends[line])
    }

    /// The line a caret at `at` stands on: where a line wraps, the place
    /// between is the end of one line and the start of the next;
    /// `next_line` picks the second.
    pub fn line_of(&self, at: usize, next_line: bool) -> usize {
        let n = self.lines.len();
        let k = self.lines.partition_point(|l| l.end <= at).min(n.saturating_sub(1));
        if !next_line && k > 0 && self.lines[k].start == at && self.ends[k - 1] == at { k - 1 } else { k }
    }

    /// Where a caret at `at` (0 ..= length) is drawn: its line and its x.
    /// At the start of a line, at the edge the line is read from (the
    /// right in a right-to-left paragraph); elsewhere just after the char
    /// before it, in that char's direction (left of a right-to-left
    /// letter), where what is typed next would go.
    pub fn caret(&self, at: usize, next_line: bool) -> (usize, f32) {
        let line = self.line_of(at, next_line);
        let Some(r) = self.lines.get(line) else { return (0, if self.rtl { self.width } else { 0.0 }) };
        let shown = r.start..self.ends[line];
        if at <= r.start || shown.is_empty() {
            let edges = shown.map(|i| self.boxes[i]);
            let x = if self.rtl {
                edges.map(|b| b.2).fold(f32::NEG_INFINITY, f32::max)
            } else {
                edges.map(|b| b.1).fold(f32::INFINITY, f32::min)
            };
            let x = if x.is_finite() {
                x
            } else if self.rtl {
                self.width
            } else {
                0.0
            };
            return (line, x);
        }
        let before = (at - 1).min(self.ends[line] - 1);
        let (_, a, b) = self.boxes[before];
        (line, if self.rtl_chars[before] { a } else { b })
    }

    /// The place one step left (`left`) or right of the caret at `at`
    /// on screen, on its line, and whether it is at the start of the line
    /// (for [`Self::caret`]'s `next_line`); `None` at the line's end that
    /// way.
    pub fn step_visual(&self, at: usize, next_line: bool, left: bool) -> Option<(usize, bool)> {
        let (line, x0) = self.caret(at, next_line);
        let (start, end) = self.line_ends(line);
        (start..=end)
            .filter(|b| *b != at)
            .map(|b| (b, self.caret(b, b == start).1))
            .filter(|(_, x)| if left { *x < x0 - 0.5 } else { *x > x0 + 0.5 })
            .min_by(|p, q| if left { q.1.total_cmp(&p.1) } else { p.1.total_cmp(&q.1) })
            .map(|(b, _)| (b, b == start))
    }

    /// Whether char `i` runs right to left.
    pub fn is_rtl(&self, i: usize) -> bool {
        self.rtl_chars.get(i).copied().unwrap_or(self.rtl)
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The first and last place a caret may stand on `line`.
    pub fn line_ends(&self, line: usize) -> (usize, usize) {
        self.lines.get(line).map_or((0, 0), |r| (r.start, self.ends[line]))
    }

    /// The rectangles (line, left, right) that cover exactly the chars of
    /// `range`: one per stretch that is contiguous on screen, so a passage
    /// across a change of direction is several.
    pub fn rects(&self, range: Range<usize>) -> Vec<(usize, f32, f32)> {
        let mut boxes: Vec<(usize, f32, f32)> =
            range.filter_map(|i| self.boxes.get(i).copied()).filter(|b| b.2 > b.1).collect();
        boxes.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut out: Vec<(usize, f32, f32)> = Vec::new();
        for b in boxes {
            match out.last_mut() {
                Some(o) if o.0 == b.0 && (o.2 - b.1).abs() < 0.01 => o.2 = b.2,
                _ => out.push(b),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char ten points wide.
    fn even(p: &Paragraph) -> Vec<f32> {
        vec![10.0; p.len()]
    }

    /// The line's chars in visual order, as a string.
    fn visual(p: &Paragraph, l: &Layout, line: usize) -> String {
        let chars: Vec<char> = p.text.chars().collect();
        let mut idx: Vec<usize> = l.lines[line].clone().collect();
        idx.sort_by(|a, b| l.boxes[*a].1.total_cmp(&l.boxes[*b].1));
        idx.into_iter().map(|i| chars[i]).collect()
    }

    #[test]
    fn left_to_right_text_is_laid_out_as_written() {
        let p = Paragraph::new("abc def", None);
        assert!(!p.rtl);
        let l = p.lay_out(&even(&p), 1000.0);
        assert_eq!(visual(&p, &l, 0), "abc def");
        assert_eq!(l.char_box(0), Some((0, 0.0, 10.0)));
    }

    #[test]
    fn hebrew_reads_from_the_right() {
        let p = Paragraph::new("שלום עולם", None);
        assert!(p.rtl, "the first strong letter is Hebrew");
        let l = p.lay_out(&even(&p), 200.0);
        // The first word logically is the rightmost on screen.
        assert_eq!(visual(&p, &l, 0), "םלוע םולש");
        let (_, _, right) = l.char_box(0).expect("box");
        assert!((right - 200.0).abs() < 1e-3, "right-aligned: the first letter ends at the right edge");
    }

    #[test]
    fn numbers_and_latin_names_keep_their_order_inside_hebrew() {
        let p = Paragraph::new("ביום 15 במרץ NASA הודיעה", None);
        let l = p.lay_out(&even(&p), 1000.0);
        assert_eq!(visual(&p, &l, 0), "העידוה NASA ץרמב 15 םויב");
    }

    #[test]
    fn hebrew_inside_english_is_reversed_in_place() {
        let p = Paragraph::new("The word שלום means peace", None);
        assert!(!p.rtl && has_rtl("The word שלום means peace"));
        let l = p.lay_out(&even(&p), 1000.0);
        assert_eq!(visual(&p, &l, 0), "The word םולש means peace");
    }

    #[test]
    fn lines_break_in_logical_order_then_reorder() {
        let p = Paragraph::new("אחת שתיים שלוש ארבע", None);
        let l = p.lay_out(&even(&p), 100.0);
        assert_eq!(l.lines.len(), 2, "{:?}", l.lines);
        assert_eq!(visual(&p, &l, 0).trim(), "םייתש תחא", "the first line holds the first words");
        assert_eq!(visual(&p, &l, 1).trim(), "עברא שולש");
    }

    #[test]
    fn a_passage_across_a_change_of_direction_is_two_rectangles() {
        let p = Paragraph::new("see שלום now", None);
        let l = p.lay_out(&even(&p), 1000.0);
        // "e שלו": the end of "see", the space and three Hebrew letters.
        let rects = l.rects(2..7);
        assert_eq!(rects.len(), 2, "{rects:?}");
        let total: f32 = rects.iter().map(|r| r.2 - r.1).sum();
        assert!((total - 50.0).abs() < 1e-3, "exactly the five chars");
    }

    #[test]
    fn pieces_split_at_spaces_and_changes_of_direction() {
        let p = Paragraph::new("see שלום now2", None);
        let chars: Vec<char> = "see שלום now2".chars().collect();
        let words: Vec<String> = p.pieces().into_iter().map(|r| chars[r].iter().collect()).collect();
        assert_eq!(words, ["see", " ", "שלום", " ", "now", "2"]);
        let text = "“שָׁלוֹם” עבודות.";
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<String> =
            Paragraph::new(text, None).pieces().into_iter().map(|r| chars[r].iter().collect()).collect();
        assert_eq!(words, ["“", "שָׁלוֹם", "”", " ", "עבודות", "."], "punctuation apart, points with their letters");
    }

    #[test]
    fn the_shaper_gets_each_piece_so_that_it_comes_out_as_seen() {
        assert!(shaper_runs_rtl("שלום") && shaper_runs_rtl("۱۵") && shaper_runs_rtl("(قدما"));
        assert!(!shaper_runs_rtl("15") && !shaper_runs_rtl("Reuters") && !shaper_runs_rtl("(."));
        assert_eq!(for_shaper("שלום", true), "שלום", "run right to left by the shaper, as it should");
        assert_eq!(for_shaper("۱۵", false), "۵۱", "Persian digits read left to right: the shaper would reverse them");
        assert_eq!(for_shaper("15", false), "15");
        assert_eq!(for_shaper(").", true), ".(", "a neutral piece in a right-to-left line: reversed and mirrored");
        let p = Paragraph::new("שהרי ۱۵ מטר", None);
        assert!(p.is_rtl(0) && !p.is_rtl(5), "the digits' level is even");
    }

    #[test]
    fn the_language_decides_only_where_no_letter_does() {
        assert!(lang_is_rtl("ar") && lang_is_rtl("he-IL") && lang_is_rtl("FA") && lang_is_rtl("az-Arab"));
        assert!(!lang_is_rtl("en") && !lang_is_rtl("") && !lang_is_rtl("fr-CA"));
        assert_eq!(base_direction("2026 - 15", "ar"), Some(true));
        assert_eq!(base_direction("2026 - 15", "en"), Some(false));
        assert_eq!(base_direction("2026 - 15", ""), None);
        assert_eq!(base_direction("NASA 2026", "ar"), None, "a Latin letter decides");
    }

    #[test]
    fn right_to_left_letters_are_found_and_others_are_not() {
        assert!(!has_rtl("“Curly” quotes — dashes, café, Ελληνικά, русский, 日本語, हिन्दी"));
        assert!(has_rtl("The word שלום"));
        assert!(has_rtl("قال"));
        assert!(has_rtl("a\u{200F}b"), "a right-to-left mark");
        assert!(has_rtl("\u{FEFB}"), "an Arabic presentation form");
        assert!(!has_rtl("\u{FEFF}plain"), "a byte-order mark is not right to left");
    }

    #[test]
    fn a_click_picks_the_place_before_or_after_the_char_by_reading_order() {
        let p = Paragraph::new("שלום", None);
        let l = p.lay_out(&even(&p), 100.0);
        // ש is drawn at 90..100.
        assert_eq!(l.boundary_at(0, 97.0), 0, "its right half: before it");
        assert_eq!(l.boundary_at(0, 92.0), 1, "its left half: after it");
        assert_eq!(l.boundary_at(0, 10.0), 4, "left of the last letter: the end");
        assert_eq!(l.boundary_at(0, 500.0), 0, "right of the line: the start");
        assert_eq!(l.caret(0, true), (0, 100.0), "the caret before the first letter is at the right");
        assert_eq!(l.caret(1, true), (0, 90.0), "after the first letter, at its left");
        assert_eq!(l.caret(4, true), (0, 60.0), "after the last letter, at its left");
        let p = Paragraph::new("ab", None);
        let l = p.lay_out(&even(&p), 100.0);
        assert_eq!(l.boundary_at(0, 4.0), 0);
        assert_eq!(l.boundary_at(0, 6.0), 1);
        assert_eq!(l.caret(2, true), (0, 20.0));
    }

    #[test]
    fn the_caret_goes_left_and_right_on_screen_through_a_latin_name() {
        // "אבג Reuters דה": Reuters stands between the Hebrew words.
        let p = Paragraph::new("אבג Reuters דה", None);
        let l = p.lay_out(&even(&p), 200.0);
        let (_, start_x) = l.caret(0, true);
        assert!((start_x - 200.0).abs() < 1e-3, "the line's start is its right edge");
        // From the start, Left ×20: x only ever falls, and every place on
        // the line is met.
        let mut at = (0, true);
        let mut xs = vec![start_x];
        let mut met = vec![0];
        while let Some(next) = l.step_visual(at.0, at.1, true) {
            let x = l.caret(next.0, next.1).1;
            assert!(x < *xs.last().expect("x"), "Left went right: {xs:?} then {x}");
            xs.push(x);
            met.push(next.0);
            at = next;
        }
        assert!(xs.last().is_some_and(|x| *x < 70.0), "reached the left end: {xs:?}");
        // And Right comes back the same way.
        let mut back = vec![at.0];
        while let Some(next) = l.step_visual(at.0, at.1, false) {
            back.push(next.0);
            at = next;
        }
        back.reverse();
        assert_eq!(back, met, "Right retraces Left");
    }

    #[test]
    fn a_kept_line_break_ends_its_line() {
        let p = Paragraph::new("אחת\nשתיים", None);
        let l = p.lay_out(&even(&p), 1000.0);
        assert_eq!(l.lines, [0..4, 4..9]);
        assert_eq!(l.line_ends(0), (0, 3), "the caret stops before the break");
        assert_eq!(l.boundary_at(0, 0.0), 3, "left of the first line's words: before the break");
        assert_eq!(l.line_of(4, false), 1, "after a kept break is the next line");
        assert_eq!(l.caret(3, false), (0, 970.0));
        let p = Paragraph::new("end\n", None);
        assert_eq!(p.lay_out(&even(&p), 100.0).line_count(), 2, "a break at the end opens an empty line");
    }

    #[test]
    fn where_a_line_wraps_the_caret_is_at_one_end_or_the_other() {
        let p = Paragraph::new("abc def", None);
        let l = p.lay_out(&even(&p), 45.0);
        assert_eq!(l.lines, [0..4, 4..7]);
        assert_eq!(l.line_of(4, true), 1);
        assert_eq!(l.line_of(4, false), 0);
        assert_eq!(l.caret(4, false), (0, 40.0), "after the space");
        assert_eq!(l.caret(4, true), (1, 0.0));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Random paragraphs of Latin, Hebrew, Arabic, digits, brackets and
        /// spaces at random widths: every char has one box inside the line,
        /// boxes never overlap, the char at a box's centre is that char,
        /// and a range's rectangles cover exactly its chars.
        #[test]
        fn one_mapping_between_chars_and_boxes(
            text in "[a-cאבג\u{0627}\u{0644}\u{0645}0-9() ]{1,60}",
            width in 40.0f32..400.0,
            from in 0usize..60,
            len in 0usize..30,
        ) {
            let p = Paragraph::new(&text, None);
            let adv: Vec<f32> = text.chars().map(|c| if c.is_ascii_digit() { 7.0 } else { 9.0 + (c as u32 % 4) as f32 }).collect();
            let l = p.lay_out(&adv, width);
            let n = p.len();
            for line in &l.lines {
                let mut spans: Vec<(f32, f32)> = line.clone().map(|i| (l.boxes[i].1, l.boxes[i].2)).collect();
                spans.sort_by(|a, b| a.0.total_cmp(&b.0));
                for w in spans.windows(2) {
                    proptest::prop_assert!(w[0].1 <= w[1].0 + 1e-3, "overlap in {:?}", spans);
                }
            }
            for i in 0..n {
                let (line, a, b) = l.boxes[i];
                proptest::prop_assert!(l.lines[line].contains(&i));
                proptest::prop_assert!(a >= -1e-3);
                proptest::prop_assert_eq!(l.char_at(line, f32::midpoint(a, b)), Some(i));
            }
            // A click between two chars: the place it gives has its caret
            // on the clicked line, at the edge clicked nearest.
            for line in 0..l.line_count() {
                for k in 0..8 {
                    let x = width * k as f32 / 7.0;
                    let at = l.boundary_at(line, x);
                    let (s, e) = l.line_ends(line);
                    proptest::prop_assert!(s <= at && at <= e);
                    let (cl, _) = l.caret(at, at == s);
                    proptest::prop_assert_eq!(cl, line);
                }
            }
            let r = from.min(n)..(from + len).min(n);
            let covered: f32 = l.rects(r.clone()).iter().map(|x| x.2 - x.1).sum();
            let expected: f32 = adv[r].iter().sum();
            proptest::prop_assert!((covered - expected).abs() < 1e-2, "{} vs {}", covered, expected);
        }

        /// Rule L1 done here gives the levels `unicode-bidi` gives a line.
        #[test]
        fn line_levels_are_those_of_unicode_bidi(
            text in "[a-cאב\u{0627}\u{0644}0-9().,!\t\u{200F}\u{2067}\u{2069} ]{1,40}",
            cut in 0usize..40,
        ) {
            let p = Paragraph::new(&text, None);
            let info = ParagraphBidiInfo::new(&text, Some(p.level()));
            let n = p.len();
            let cut = cut.min(n);
            for line in [0..cut, cut..n] {
                let theirs = info.reordered_levels_per_char(p.bytes[line.start]..p.bytes[line.end]);
                proptest::prop_assert_eq!(p.line_levels(line.clone()), theirs[line].to_vec());
            }
        }

        /// In a line of one direction, dragging from one point to another
        /// selects exactly the chars whose glyphs lie between them.
        #[test]
        fn dragging_across_a_line_of_one_direction_selects_the_glyphs_between(
            hebrew in proptest::prelude::any::<bool>(),
            words in proptest::collection::vec(1usize..8, 1..8),
            x1 in 0.0f32..600.0,
            x2 in 0.0f32..600.0,
        ) {
            let letter = if hebrew { "ב" } else { "b" };
            let text = words.iter().map(|n| letter.repeat(*n)).collect::<Vec<_>>().join(" ");
            let p = Paragraph::new(&text, None);
            let l = p.lay_out(&even(&p), 600.0);
            proptest::prop_assert_eq!(l.line_count(), 1);
            let (a, b) = (l.boundary_at(0, x1), l.boundary_at(0, x2));
            let selected = a.min(b)..a.max(b);
            let (lo, hi) = (x1.min(x2), x1.max(x2));
            let between: Vec<usize> = (0..p.len())
                .filter(|i| {
                    let (_, a, b) = l.boxes[*i];
                    let mid = f32::midpoint(a, b);
                    lo <= mid && mid < hi
                })
                .collect();
            // A point exactly on a glyph's centre may go either way.
            let ambiguous = (0..p.len()).any(|i| {
                let (_, a, b) = l.boxes[i];
                let mid = f32::midpoint(a, b);
                (mid - x1).abs() < 1e-3 || (mid - x2).abs() < 1e-3
            });
            if !ambiguous {
                proptest::prop_assert_eq!(selected.collect::<Vec<_>>(), between);
            }
        }
    }
}
