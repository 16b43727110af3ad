//! The normalized text of a document, split into blocks, with fast
//! char ↔ byte offset mapping.
//!
//! Normalization (done by the importer) strips a BOM and turns CRLF and CR
//! into LF, so char offsets mean the same thing whatever the file's encoding
//! or line endings were.

use std::borrow::Cow;

use super::offset::{ByteIdx, CharIdx, CharRange};

/// Chars between two checkpoints of the offset index. A lookup is a binary
/// search over checkpoints plus a scan of at most this many chars.
const CHECKPOINT_EVERY: usize = 128;

/// A block longer than this many chars is split at a line break (or, failing
/// that, at a space) so that no single block is costly to lay out.
pub const MAX_BLOCK_CHARS: usize = 8_192;

/// A paragraph-like piece of the text: a run of non-empty lines. Blank lines
/// between blocks belong to no block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Chars of the block within the document.
    pub chars: CharRange,
    /// Byte offset of the block's first char.
    pub byte_start: ByteIdx,
    /// Byte offset one past the block's last char.
    pub byte_end: ByteIdx,
}

/// A document's normalized text with its block split and offset index.
#[derive(Clone, Debug, Default)]
pub struct SourceText {
    text: String,
    char_len: usize,
    /// Byte offset of char `i * CHECKPOINT_EVERY`.
    checkpoints: Vec<usize>,
    /// True when every char is one byte: offsets then map one to one.
    ascii: bool,
    blocks: Vec<Block>,
    /// The width in chars the file was hard-wrapped at, if it was.
    hard_wrap: Option<usize>,
}

impl SourceText {
    /// Index an already-normalized text (LF line endings, no BOM).
    pub fn new(text: String) -> Self {
        let ascii = text.is_ascii();
        let (checkpoints, char_len) = if ascii { (Vec::new(), text.len()) } else { checkpoints(&text) };
        let mut this = Self { text, char_len, checkpoints, ascii, blocks: Vec::new(), hard_wrap: None };
        this.blocks = this.split_blocks();
        this.hard_wrap = this.detect_hard_wrap();
        this
    }

    /// The width in chars a plain-text file was hard-wrapped at (as
    /// Project Gutenberg texts are, at about 70), if it was.
    pub fn hard_wrap(&self) -> Option<usize> {
        self.hard_wrap
    }

    /// The text of `block` as a reader shows it: in a hard-wrapped file, a
    /// line break that only wrapped a paragraph becomes a space, so the
    /// paragraph reflows to the pane's width. A line break is kept when the
    /// line is short (verse, headings, the end of a letter's line), when the
    /// next line is indented or starts a list item, and between CJK chars
    /// (which take no space). One char replaces another, so char offsets
    /// into the shown text are those of the document.
    pub fn display(&self, block: Block) -> Cow<'_, str> {
        self.display_bytes(block.byte_start.0, block.byte_end.0)
    }

    /// Chars `range` as a reader shows them (see [`Self::display`]).
    pub fn display_range(&self, range: CharRange) -> Cow<'_, str> {
        self.display_bytes(self.char_to_byte(range.start).0, self.char_to_byte(range.end).0)
    }

    fn display_bytes(&self, start: usize, end: usize) -> Cow<'_, str> {
        let text = &self.text[start..end];
        let Some(width) = self.hard_wrap else { return Cow::Borrowed(text) };
        if !text.contains('\n') {
            return Cow::Borrowed(text);
        }
        // Each break is judged on its whole lines, which may reach outside
        // the range.
        let mut out = String::with_capacity(text.len());
        let mut from = start;
        for (i, _) in text.match_indices('\n') {
            let at = start + i;
            let line_start = self.text[..at].rfind('\n').map_or(0, |p| p + 1);
            let next_end = self.text[at + 1..].find('\n').map_or(self.text.len(), |p| at + 1 + p);
            let soft = soft_break(&self.text[line_start..at], &self.text[at + 1..next_end], width);
            out.push_str(&self.text[from..at]);
            out.push(if soft { ' ' } else { '\n' });
            from = at + 1;
        }
        out.push_str(&self.text[from..end]);
        Cow::Owned(out)
    }

    /// Look at the lines inside paragraphs (those followed by another line
    /// of the same paragraph): in a hard-wrapped file nearly all of them are
    /// filled close to one width. Verse and lists have lines of scattered
    /// lengths, and files with one line per paragraph have no inner lines.
    fn detect_hard_wrap(&self) -> Option<usize> {
        /// Enough lines to tell; the start of a book decides for all of it.
        const SAMPLE: usize = 4_000;
        let mut lens = Vec::new();
        for b in &self.blocks {
            let text = &self.text[b.byte_start.0..b.byte_end.0];
            let mut lines = text.split('\n').peekable();
            while let Some(line) = lines.next() {
                if lines.peek().is_some() {
                    lens.push(count_chars(line));
                }
            }
            if lens.len() >= SAMPLE {
                break;
            }
        }
        if lens.len() < 6 {
            return None;
        }
        lens.sort_unstable();
        let width = lens[lens.len() * 9 / 10];
        if !(30..=160).contains(&width) {
            return None;
        }
        let share = |min: usize| lens.iter().filter(|&&n| n >= min).count() as f64 / lens.len() as f64;
        (share(width * 7 / 10) >= 0.75 && share(width * 9 / 10) >= 0.5).then_some(width)
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in chars.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The blocks (paragraphs), in document order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Byte offset of a char offset (clamped to the end of the text).
    pub fn char_to_byte(&self, c: CharIdx) -> ByteIdx {
        if c.0 >= self.char_len {
            return ByteIdx(self.text.len());
        }
        if self.ascii {
            return ByteIdx(c.0);
        }
        let cp = c.0 / CHECKPOINT_EVERY;
        let base = self.checkpoints[cp];
        let skip = c.0 - cp * CHECKPOINT_EVERY;
        let off = self.text[base..].char_indices().nth(skip).map_or(self.text.len() - base, |(b, _)| b);
        ByteIdx(base + off)
    }

    /// Char offset of a byte offset. A byte inside a multi-byte char maps to
    /// that char.
    pub fn byte_to_char(&self, b: ByteIdx) -> CharIdx {
        if b.0 >= self.text.len() {
            return CharIdx(self.char_len);
        }
        if self.ascii {
            return CharIdx(b.0);
        }
        let cp = self.checkpoints.partition_point(|&x| x <= b.0) - 1;
        let base = self.checkpoints[cp];
        let n = self.text[base..].char_indices().take_while(|(off, _)| base + off < b.0).count();
        // `take_while` counted chars that start before `b`; if `b` is not on
        // a char boundary the last of them contains it.
        let n = if self.text.is_char_boundary(b.0) { n } else { n - 1 };
        CharIdx(cp * CHECKPOINT_EVERY + n)
    }

    /// The text of a char range (clamped to the text).
    pub fn slice(&self, r: CharRange) -> &str {
        let s = self.char_to_byte(r.start).0;
        let e = self.char_to_byte(r.end).0.max(s);
        &self.text[s..e]
    }

    /// Index of the block containing char `c`, or of the next block after it
    /// when `c` lies between blocks.
    pub fn block_at(&self, c: CharIdx) -> usize {
        self.blocks.partition_point(|b| b.chars.end <= c)
    }

    fn split_blocks(&self) -> Vec<Block> {
        let mut blocks = Vec::new();
        let text = self.text.as_str();
        // Chars are counted once per stretch (block or gap), not per line:
        // longer slices count faster.
        let chars_in = |s: &str| if self.ascii { s.len() } else { count_chars(s) };
        let mut counted_to = (0usize, 0usize); // (byte, char) counted so far
        let mut cur: Option<usize> = None; // byte start of the open block
        let mut line_start_b = 0usize;
        let char_at = |b: usize, counted: &mut (usize, usize)| {
            counted.1 += chars_in(&text[counted.0..b]);
            counted.0 = b;
            counted.1
        };
        for line in text.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            if content.trim().is_empty() {
                if let Some(bs) = cur.take() {
                    let cs = char_at(bs, &mut counted_to);
                    self.push_block(&mut blocks, bs, line_start_b - 1, cs);
                }
            } else if cur.is_none() {
                cur = Some(line_start_b);
            }
            line_start_b += line.len();
        }
        if let Some(bs) = cur {
            let end = if text.ends_with('\n') { text.len() - 1 } else { text.len() };
            let cs = char_at(bs, &mut counted_to);
            self.push_block(&mut blocks, bs, end, cs);
        }
        blocks
    }

    /// Push the block `bs..be` (bytes), splitting it when it is too long.
    fn push_block(&self, blocks: &mut Vec<Block>, mut bs: usize, be: usize, mut cs: usize) {
        loop {
            let rest = &self.text[bs..be];
            let rest_chars = if self.ascii { rest.len() } else { count_chars(rest) };
            if rest_chars <= MAX_BLOCK_CHARS {
                blocks.push(Block {
                    chars: CharRange::new(cs, cs + rest_chars),
                    byte_start: ByteIdx(bs),
                    byte_end: ByteIdx(be),
                });
                return;
            }
            let limit = self.char_to_byte(CharIdx(cs + MAX_BLOCK_CHARS)).0 - bs;
            let window = &rest[..limit];
            // Prefer a line break, then a space, in the second half of the window.
            let cut = window
                .rfind('\n')
                .filter(|&i| i > limit / 2)
                .or_else(|| window.rfind(' ').filter(|&i| i > limit / 2))
                .map_or(limit, |i| i + 1);
            let piece_chars = if self.ascii { cut } else { count_chars(&rest[..cut]) };
            blocks.push(Block {
                chars: CharRange::new(cs, cs + piece_chars),
                byte_start: ByteIdx(bs),
                byte_end: ByteIdx(bs + cut),
            });
            bs += cut;
            cs += piece_chars;
        }
    }
}

/// Whether the line break between `line` and `next` only wrapped a
/// paragraph of a file hard-wrapped at `width` chars (see
/// [`SourceText::display`]).
fn soft_break(line: &str, next: &str, width: usize) -> bool {
    // "- ", "* ", "• ", "1. ", "2) ": a list item; "> ": quoted mail; "|": a table row.
    let starts_item = |s: &str| {
        let s = s.trim_start_matches(|c: char| c.is_ascii_digit());
        ['-', '*', '•', '.', ')'].iter().any(|m| s.strip_prefix(*m).is_some_and(|r| r.starts_with(' ')))
            || s.starts_with(['>', '|'])
    };
    count_chars(line) * 10 >= width * 7
        && !next.trim().is_empty()
        && !next.starts_with(char::is_whitespace)
        && !starts_item(next)
        && !line.ends_with(is_cjk)
        && !next.starts_with(is_cjk)
}

/// Chinese, Japanese and Korean characters, which are not separated by spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Number of chars in `s`: the bytes that do not continue a UTF-8 sequence.
/// A byte loop the compiler vectorizes; `chars().count()` is several times
/// slower on long texts.
fn count_chars(s: &str) -> usize {
    s.as_bytes().iter().filter(|&&b| !is_continuation(b)).count()
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Byte offset of every [`CHECKPOINT_EVERY`]th char, and the char count.
fn checkpoints(text: &str) -> (Vec<usize>, usize) {
    let bytes = text.as_bytes();
    let char_len = count_chars(text);
    let mut out = Vec::with_capacity(char_len / CHECKPOINT_EVERY + 1);
    let mut b = 0;
    for _ in 0..char_len.div_ceil(CHECKPOINT_EVERY) {
        out.push(b);
        let window = b + CHECKPOINT_EVERY;
        b = if window <= bytes.len() && bytes[b..window].is_ascii() {
            window
        } else {
            advance(bytes, b, CHECKPOINT_EVERY)
        };
    }
    (out, char_len)
}

/// Byte offset `k` chars after the char starting at byte `b`. Instead of
/// walking char by char, grow the window by the continuation bytes it
/// holds until it holds exactly `k` chars (a few vectorized counts).
fn advance(bytes: &[u8], b: usize, k: usize) -> usize {
    let mut e = b + k;
    loop {
        if e >= bytes.len() {
            return bytes.len();
        }
        let cont = bytes[b..e].iter().filter(|&&x| is_continuation(x)).count();
        let want = b + k + cont;
        if want == e {
            break;
        }
        e = want;
    }
    // `e` may sit inside the last char's bytes: move to the next char start.
    while e < bytes.len() && is_continuation(bytes[e]) {
        e += 1;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_on_mixed_text() {
        let text: String = (0..1000).map(|i| ["a", "é", "😀", "ж", "\n"][i % 5]).collect();
        let st = SourceText::new(text.clone());
        assert_eq!(st.char_len(), text.chars().count(), "char count");
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(st.char_to_byte(CharIdx(ci)), ByteIdx(bi), "char {ci} -> byte");
            assert_eq!(st.byte_to_char(ByteIdx(bi)), CharIdx(ci), "byte {bi} -> char");
        }
        // A byte inside a multi-byte char maps to that char.
        assert_eq!(st.byte_to_char(ByteIdx(2)), CharIdx(1), "inside é");
        assert_eq!(st.char_to_byte(CharIdx(10_000)), ByteIdx(text.len()), "clamped");
    }

    #[test]
    fn blocks_are_paragraphs() {
        let st = SourceText::new("\n\nFirst line\nsecond line\n\n\n  \nThird é\n".to_owned());
        let got: Vec<&str> = st.blocks().iter().map(|b| st.slice(b.chars)).collect();
        assert_eq!(got, vec!["First line\nsecond line", "Third é"], "block split");
        for b in st.blocks() {
            assert_eq!(&st.as_str()[b.byte_start.0..b.byte_end.0], st.slice(b.chars), "byte and char ranges agree");
        }
        assert_eq!(st.block_at(CharIdx(0)), 0, "before the first block");
        assert_eq!(st.block_at(CharIdx(st.char_len())), 2, "past the end");
    }

    #[test]
    fn long_paragraphs_are_split() {
        let para = "word ".repeat(5000);
        let st = SourceText::new(format!("{para}\n\nnext"));
        assert!(st.blocks().len() >= 4, "long block split: {}", st.blocks().len());
        assert!(st.blocks().iter().all(|b| b.chars.len() <= MAX_BLOCK_CHARS), "every block within the cap");
        let joined: String = st.blocks()[..st.blocks().len() - 1].iter().map(|b| st.slice(b.chars)).collect();
        assert_eq!(joined, para, "pieces cover the paragraph");
    }

    /// A paragraph wrapped greedily at `width` chars.
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line = 0;
        for w in text.split(' ') {
            if line > 0 && line + 1 + w.chars().count() > width {
                out.push('\n');
                line = 0;
            } else if line > 0 {
                out.push(' ');
                line += 1;
            }
            out.push_str(w);
            line += w.chars().count();
        }
        out
    }

    const PROSE: &str = "The committee met on a wet Tuesday evening in the back room of the library, where the \
        heating had failed again and the chairs were stacked against the wall; nobody wanted to be the first to \
        say what everybody already knew, that the footbridge would not be finished before the winter floods, and \
        that the money set aside for it had been spent twice over on surveys that contradicted each other.";

    #[test]
    fn hard_wrapped_paragraphs_reflow() {
        let para = wrap(PROSE, 70);
        let text = format!("{para}\n\n{para}\n\nA SHORT HEADING\n\n{para}\n");
        let st = SourceText::new(text);
        let w = st.hard_wrap().expect("wrapped at 70 is detected");
        assert!((60..=70).contains(&w), "width {w}");
        let shown = st.display(st.blocks()[0]);
        assert_eq!(shown, PROSE, "soft breaks become spaces");
        assert_eq!(shown.chars().count(), st.blocks()[0].chars.len(), "offsets unchanged");
        // A range starting mid-line judges its breaks on whole lines; the
        // paragraph break stays.
        let r = CharRange::new(10, st.blocks()[1].chars.start.0 + 5);
        let piece = st.display_range(r);
        assert_eq!(piece.chars().count(), r.len(), "same length");
        assert!(piece.starts_with(&PROSE[10..80]), "soft breaks joined: {piece}");
        assert!(piece.ends_with(&format!("{}\n\n{}", &PROSE[PROSE.len() - 10..], &PROSE[..5])), "{piece}");
    }

    #[test]
    fn short_lines_lists_and_verse_keep_their_breaks() {
        let para = wrap(PROSE, 70);
        // Each item follows a long line, so only its marker keeps the break.
        let list = "Items agreed at the meeting of the committee, in the order taken:\n\
            • the floods, which the committee discussed without agreement\n\
            > quoted from the minutes of the meeting held in the library\n\
            2) the heating\n- the footbridge";
        let verse = "Along the wharf the lanterns burned,\nand no one asked the river why";
        let text = format!("{para}\n\n{para}\n\n{list}\n\n{verse}\n");
        let st = SourceText::new(text);
        assert!(st.hard_wrap().is_some(), "prose decides");
        assert_eq!(st.display(st.blocks()[2]), list, "list items keep their lines");
        assert_eq!(st.display(st.blocks()[3]), verse, "short lines keep their breaks");

        // A poem alone: lines of scattered lengths are not hard-wrapping.
        let poem = "The river keeps its counsel under ice,\nand what it took it does not give again;\n\
            the ferryman has named his price\ntwice, and the town has paid it twice,\n\
            in coin, and then in men.\nSo light the lamps along the quay\nand count the boats come in;\n\
            whatever the river will not say\nthe morning papers will begin.";
        let st = SourceText::new(poem.to_owned());
        assert_eq!(st.hard_wrap(), None, "verse is not hard-wrapped");
        assert_eq!(st.display(st.blocks()[0]), poem, "verse shown as written");

        // One line per paragraph: nothing to detect.
        let st = SourceText::new(format!("{PROSE}\n\n{PROSE}\n"));
        assert_eq!(st.hard_wrap(), None, "unwrapped text");
    }

    proptest::proptest! {
        /// Whatever the text and wrap width, the shown text of any range has
        /// the range's chars, except line breaks shown as spaces.
        #[test]
        fn display_only_turns_line_breaks_into_spaces(
            text in "([a-zé•>|*1-9.) ]{0,90}\n{0,2}){0,12}",
            width in 1usize..100,
            a in 0usize..1200,
            b in 0usize..1200,
        ) {
            let mut st = SourceText::new(text.clone());
            st.hard_wrap = Some(width);
            let r = CharRange::new(a.min(st.char_len()), b.min(st.char_len()));
            let shown = st.display_range(r);
            let orig = st.slice(r);
            proptest::prop_assert_eq!(shown.chars().count(), orig.chars().count());
            for (s, o) in shown.chars().zip(orig.chars()) {
                proptest::prop_assert!(s == o || (o == '\n' && s == ' '), "{:?} shown as {:?}", o, s);
            }
            for blk in st.blocks() {
                proptest::prop_assert_eq!(st.display(*blk).chars().count(), blk.chars.len());
            }
        }
    }

    #[test]
    fn cjk_lines_are_not_joined_by_spaces() {
        let line = "委員会は火曜日の夜に図書館の奥の部屋で会合を開いたが暖房はまた故障していた。".repeat(2);
        let para: Vec<String> = (0..8).map(|_| line.clone()).collect();
        let text = para.join("\n");
        let st = SourceText::new(text.clone());
        assert_eq!(st.display(st.blocks()[0]), text, "CJK breaks kept");
    }

    #[test]
    fn empty_text_has_no_blocks() {
        let st = SourceText::new(String::new());
        assert!(st.blocks().is_empty(), "no blocks");
        assert_eq!(st.char_len(), 0, "empty");
    }
}
