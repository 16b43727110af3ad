//! Word indexes of a text, built once per document and shared by the
//! shared-passage detector and the version comparer.
//!
//! A token records its char range and a 64-bit hash. Two flavours exist:
//! [`WordIndex::words`] keeps only letters and digits, lower-cased, so that a
//! change of case or punctuation does not separate two copies of a passage;
//! [`WordIndex::exact`] keeps every punctuation mark as a token of its own and
//! respects case, which is what a reader comparing two versions wants to see.

use crate::model::{CharIdx, CharRange};

/// One token: its char range in the text and a hash of its (normalized) form.
/// 16 bytes: the novel's 570,000 words take 9 MB (a separate flag field
/// made it 24 bytes and 13.7 MB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// First char.
    pub start: u32,
    /// One past the last char, and in the top bit whether a line break
    /// lies between the previous token and this one.
    end_flag: u32,
    /// Hash of the token's form.
    pub hash: u64,
}

const LINE_START: u32 = 1 << 31;

impl Token {
    /// A token over chars `start..end` (`end` below 2^31).
    pub fn new(start: u32, end: u32, hash: u64, line_start: bool) -> Self {
        Self { start, end_flag: (end & !LINE_START) | if line_start { LINE_START } else { 0 }, hash }
    }

    /// One past the last char.
    pub fn end(&self) -> u32 {
        self.end_flag & !LINE_START
    }

    /// A line break lies between the previous token and this one (or this
    /// is the first token).
    pub fn line_start(&self) -> bool {
        self.end_flag & LINE_START != 0
    }

    /// The token's char range.
    pub fn range(&self) -> CharRange {
        CharRange { start: CharIdx(self.start as usize), end: CharIdx(self.end() as usize) }
    }
}

/// The tokens of one text, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordIndex {
    tokens: Vec<Token>,
    char_len: usize,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Final avalanche of a 64-bit hash (the `fmix64` step of Murmur hash 3), so
/// that hashes of short words spread over all bits.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of a punctuation token of [`WordIndex::exact`].
pub fn punct_hash(c: char) -> u64 {
    finish((FNV_OFFSET ^ 0x5555 ^ u64::from(c)).wrapping_mul(FNV_PRIME))
}

fn lower(c: char) -> char {
    if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) }
}

impl WordIndex {
    /// Letters-and-digits words, lower-cased.
    pub fn words(text: &str) -> Self {
        Self::build(text, false)
    }

    /// Words with case kept, and each punctuation mark as its own token.
    pub fn exact(text: &str) -> Self {
        Self::build(text, true)
    }

    // A scan by hand rather than `unicode-segmentation`'s word bounds: this is
    // the hot loop of detection (the novel has 570k words) and only needs
    // "letters and digits" runs, which one pass over the chars gives.
    fn build(text: &str, exact: bool) -> Self {
        let mut tokens = Vec::with_capacity(text.len() / 6);
        let mut start: Option<u32> = None;
        let mut h = FNV_OFFSET;
        let mut n: u32 = 0;
        let mut line_start = true;
        for c in text.chars() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(n);
                    h = FNV_OFFSET;
                }
                let c = if exact { c } else { lower(c) };
                h = (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
            } else {
                if let Some(s) = start.take() {
                    tokens.push(Token::new(s, n, finish(h), line_start));
                    line_start = false;
                }
                if exact && !c.is_whitespace() {
                    tokens.push(Token::new(n, n + 1, punct_hash(c), line_start));
                    line_start = false;
                }
                line_start |= c == '\n';
            }
            n += 1;
        }
        if let Some(s) = start {
            tokens.push(Token::new(s, n, finish(h), line_start));
        }
        Self { tokens, char_len: n as usize }
    }

    /// The tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the text has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Length of the indexed text in chars.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Char range from the start of token `first` to the end of token
    /// `last - 1` (empty at the right place when `first == last`).
    pub fn span(&self, first: usize, last: usize) -> CharRange {
        if first < last {
            CharRange::new(self.tokens[first].start as usize, self.tokens[last - 1].end() as usize)
        } else {
            let at = self.tokens.get(first).map_or(self.char_len, |t| t.start as usize);
            CharRange::new(at, at)
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_token_is_sixteen_bytes_and_keeps_its_end_and_flag() {
        assert_eq!(std::mem::size_of::<Token>(), 16);
        let t = Token::new(7, (1 << 31) - 1, 42, true);
        assert_eq!((t.start, t.end(), t.hash, t.line_start()), (7, (1 << 31) - 1, 42, true));
        let u = Token::new(7, 9, 42, false);
        assert_eq!((u.end(), u.line_start()), (9, false));
        let idx = WordIndex::words("one two\nthree");
        let flags: Vec<bool> = idx.tokens().iter().map(Token::line_start).collect();
        assert_eq!(flags, [true, false, true]);
        assert_eq!(idx.tokens()[2].range(), CharRange::new(8, 13));
    }

    use super::*;

    #[test]
    fn words_ignore_case_and_punctuation() {
        let a = WordIndex::words("The Minister said: \"no\".");
        let b = WordIndex::words("the minister said no");
        let ha: Vec<u64> = a.tokens().iter().map(|t| t.hash).collect();
        let hb: Vec<u64> = b.tokens().iter().map(|t| t.hash).collect();
        assert_eq!(ha, hb, "normalized words hash alike");
        assert_eq!(a.tokens()[1].range(), CharRange::new(4, 12), "char ranges");
    }

    #[test]
    fn exact_tokens_keep_case_and_marks() {
        let a = WordIndex::exact("Héllo, world");
        assert_eq!(a.len(), 3, "word, comma, word");
        assert_eq!(a.tokens()[1].range(), CharRange::new(5, 6), "the comma is a token");
        let b = WordIndex::exact("héllo, world");
        assert_ne!(a.tokens()[0].hash, b.tokens()[0].hash, "case matters");
        assert_eq!(a.span(0, 3), CharRange::new(0, 12), "span");
        assert_eq!(a.span(3, 3), CharRange::new(12, 12), "empty span at the end");
        let l = WordIndex::exact("one two\nthree");
        let starts: Vec<bool> = l.tokens().iter().map(Token::line_start).collect();
        assert_eq!(starts, [true, false, true], "line starts");
    }
}
