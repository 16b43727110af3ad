//! Finding text in documents: literal or regex, whole word, match case, and
//! accent-insensitive (`Helene` finds `Hélène`), with hits as char ranges
//! of the normalized text and a keyword-in-context line for each.
//!
//! Matching is the `regex` crate (literals are escaped into it: its literal
//! prefilter uses `memchr`/Aho–Corasick, which is what a hand-written
//! literal search would do). Accent folding maps every char to one char
//! (its base letter when it decomposes into a letter and combining marks),
//! so char offsets in the folded text are char offsets in the original.

use regex::{Regex, RegexBuilder};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use super::job::Control;
use crate::model::{ByteIdx, CharRange, SourceText};

/// Largest compiled regex accepted (a pattern like `\w{1000}{1000}` is
/// refused with a message instead of eating memory).
const SIZE_LIMIT: usize = 16 * 1024 * 1024;

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // four independent switches, as the find bar shows them
pub struct Query {
    /// The text or regex.
    pub pattern: String,
    /// `pattern` is a regular expression (else literal text).
    pub regex: bool,
    /// Only whole words.
    pub whole_word: bool,
    /// Upper and lower case differ.
    pub match_case: bool,
    /// `e` finds `é`, `è`, `ê`…
    pub ignore_accents: bool,
}

/// Why a query cannot run.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SearchError {
    /// Nothing to look for.
    #[error("type something to search for")]
    Empty,
    /// The regex does not compile (or is too big).
    #[error("invalid regular expression: {0}")]
    Invalid(String),
}

/// A compiled query.
#[derive(Clone, Debug)]
pub struct Searcher {
    re: Regex,
    fold: bool,
}

/// The hits in one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// The first hits, in text order (at most the limit asked for).
    pub ranges: Vec<CharRange>,
    /// How many hits there are in all.
    pub total: usize,
}

impl Searcher {
    /// Compile a query.
    pub fn new(q: &Query) -> Result<Self, SearchError> {
        if q.pattern.is_empty() {
            return Err(SearchError::Empty);
        }
        let pattern = if q.ignore_accents { fold(&q.pattern) } else { q.pattern.clone() };
        let mut body = if q.regex { pattern } else { regex::escape(&pattern) };
        if q.whole_word {
            body = format!(r"\b(?:{body})\b");
        }
        let re = RegexBuilder::new(&body)
            .case_insensitive(!q.match_case)
            .multi_line(true)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(limit) => SearchError::Invalid(format!(
                    "the pattern is too complex: it would take more than {} of memory",
                    crate::model::limits::human_size(limit as u64)
                )),
                e => SearchError::Invalid(first_line(&e.to_string())),
            })?;
        Ok(Self { re, fold: q.ignore_accents })
    }

    /// Hits in `text`: the first `limit` ranges and the exact total.
    /// Returns early (with what it has) once `control` is cancelled.
    pub fn find(&self, text: &SourceText, limit: usize, control: Option<&Control>) -> Hits {
        let mut hits = Hits::default();
        let cancelled = || control.is_some_and(|c| c.check().is_err());
        if self.fold {
            let folded = fold(text.as_str());
            // Folding keeps one char per char: count chars as we go.
            let (mut at_byte, mut at_char) = (0usize, 0usize);
            for (n, m) in self.re.find_iter(&folded).filter(|m| !m.is_empty()).enumerate() {
                if n % 4096 == 0 && cancelled() {
                    break;
                }
                hits.total += 1;
                if hits.ranges.len() < limit {
                    at_char += folded[at_byte..m.start()].chars().count();
                    let len = m.as_str().chars().count();
                    hits.ranges.push(CharRange::new(at_char, at_char + len));
                    at_byte = m.start();
                }
            }
        } else {
            for (n, m) in self.re.find_iter(text.as_str()).filter(|m| !m.is_empty()).enumerate() {
                if n % 4096 == 0 && cancelled() {
                    break;
                }
                hits.total += 1;
                if hits.ranges.len() < limit {
                    let s = text.byte_to_char(ByteIdx(m.start())).0;
                    let e = text.byte_to_char(ByteIdx(m.end())).0;
                    hits.ranges.push(CharRange::new(s, e));
                }
            }
        }
        hits
    }
}

fn first_line(s: &str) -> String {
    // The regex crate's messages draw the pattern with a caret on the
    // following lines; the last line says what is wrong.
    let line = s.lines().rev().find(|l| l.trim_start().starts_with("error:")).unwrap_or(s).trim();
    line.strip_prefix("error:").unwrap_or(line).trim().to_owned()
}

/// One char for one char: a letter with accents becomes its base letter.
pub fn fold_char(c: char) -> char {
    // Below À, and general punctuation (curly quotes, dashes), nothing
    // decomposes: the common case in English text skips the lookup.
    let u = c as u32;
    if u < 0xC0 || (0x2000..0x2070).contains(&u) {
        return c;
    }
    match c {
        'ø' => return 'o',
        'Ø' => return 'O',
        'ł' => return 'l',
        'Ł' => return 'L',
        'đ' => return 'd',
        'Đ' => return 'D',
        'ı' => return 'i',
        _ => {}
    }
    let mut d = std::iter::once(c).nfd();
    match d.next() {
        Some(base) if d.all(is_combining_mark) => base,
        _ => c,
    }
}

/// A text with accents folded away, char for char.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // ASCII runs are copied whole; only the other chars are looked at.
    while let Some(i) = rest.bytes().position(|b| !b.is_ascii()) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or_default();
        out.push(fold_char(c));
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// How far a hit is widened before it is tagged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Widen {
    /// Just the hit.
    #[default]
    Hit,
    /// The sentence around it.
    Sentence,
    /// The paragraph (block) around it.
    Paragraph,
}

/// `r` widened to its sentence or paragraph (never across paragraphs).
pub fn widen(text: &SourceText, r: CharRange, to: Widen) -> CharRange {
    use unicode_segmentation::UnicodeSegmentation as _;
    if to == Widen::Hit || text.blocks().is_empty() {
        return r;
    }
    let block = text.blocks()[text.block_at(r.start)];
    let b = block.chars;
    if to == Widen::Paragraph {
        return CharRange::new(b.start.0.min(r.start.0), b.end.0.max(r.end.0));
    }
    // As shown: in a hard-wrapped file the line breaks inside a paragraph
    // are spaces, and must not end a sentence (char for char, so offsets
    // hold).
    let para = text.display(block);
    let (mut s, mut e) = (b.start.0, b.start.0);
    let mut at = b.start.0;
    for sentence in para.split_sentence_bounds() {
        let len = sentence.chars().count();
        let end = at + len;
        if end > r.start.0 && s == b.start.0 && at <= r.start.0 {
            s = at;
        }
        if end >= r.end.0 {
            // Trailing spaces and line breaks are not part of the sentence.
            e = end - (len - sentence.trim_end().chars().count());
            break;
        }
        at = end;
    }
    if e <= s {
        e = b.end.0.max(r.end.0);
    }
    CharRange::new(s.min(r.start.0), e.max(r.end.0))
}

/// A keyword-in-context line for a hit: up to `width` chars on each side,
/// on one line (line breaks shown as spaces), cut at word boundaries.
pub fn context(text: &SourceText, r: CharRange, width: usize) -> String {
    let (before, hit, after) = context_parts(text, r, width);
    format!("{before}{hit}{after}")
}

/// The context line in three parts: before the hit, the hit, after it.
pub fn context_parts(text: &SourceText, r: CharRange, width: usize) -> (String, String, String) {
    let start = r.start.0.saturating_sub(width);
    let end = (r.end.0 + width).min(text.char_len());
    let before = text.slice(CharRange::new(start, r.start.0));
    let after = text.slice(CharRange::new(r.end.0, end));
    let before = if start > 0 { before.split_once(char::is_whitespace).map_or(before, |(_, b)| b) } else { before };
    let after =
        if end < text.char_len() { after.rsplit_once(char::is_whitespace).map_or(after, |(a, _)| a) } else { after };
    // One line: runs of whitespace become one space, keeping a space at
    // the edges of the hit where there was one.
    let one_line = |s: &str| {
        let mut out = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.starts_with(char::is_whitespace) && !out.is_empty() {
            out.insert(0, ' ');
        }
        if s.ends_with(char::is_whitespace) && !out.is_empty() {
            out.push(' ');
        }
        out
    };
    (one_line(before).trim_start().to_owned(), one_line(text.slice(r)), one_line(after).trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(p: &str) -> Query {
        Query { pattern: p.into(), match_case: true, ..Query::default() }
    }

    fn find(q: &Query, text: &str) -> Vec<String> {
        let t = SourceText::new(text.to_owned());
        let s = Searcher::new(q).expect("compiles");
        s.find(&t, usize::MAX, None).ranges.iter().map(|r| t.slice(*r).to_owned()).collect()
    }

    #[test]
    fn literal_case_and_words() {
        let text = "The bridge, the Bridge, bridges and a.b.";
        assert_eq!(find(&q("bridge"), text), ["bridge", "bridge"], "case-sensitive literal");
        assert_eq!(find(&Query { match_case: false, ..q("bridge") }, text), ["bridge", "Bridge", "bridge"], "any case");
        assert_eq!(find(&Query { whole_word: true, ..q("bridge") }, text), ["bridge"], "whole word");
        assert_eq!(find(&q("a.b"), text), ["a.b"], "dots are literal");
        assert_eq!(find(&Query { regex: true, ..q(r"[Bb]ridges?") }, text), ["bridge", "Bridge", "bridges"], "regex");
    }

    #[test]
    fn accents_fold_char_for_char() {
        let text = "« Hélène » et Helene; Ærø, Łódź, naïve — ﬁn";
        let folded = Query { ignore_accents: true, ..q("Helene") };
        assert_eq!(find(&folded, text), ["Hélène", "Helene"], "both spellings");
        assert_eq!(
            find(&Query { ignore_accents: true, ..q("Hélène") }, text),
            ["Hélène", "Helene"],
            "accented pattern"
        );
        assert_eq!(find(&q("Helene"), text), ["Helene"], "without folding");
        assert_eq!(find(&Query { ignore_accents: true, ..q("Lodz") }, text), ["Łódź"], "ł and ź");
        assert_eq!(find(&Query { ignore_accents: true, ..q("naive") }, text), ["naïve"], "offsets stay right after");
        assert_eq!(fold(text).chars().count(), text.chars().count(), "one char per char");
    }

    #[test]
    fn bad_patterns_are_errors_not_panics() {
        assert_eq!(Searcher::new(&q("")).err(), Some(SearchError::Empty), "empty");
        let err = Searcher::new(&Query { regex: true, ..q("(unclosed") }).expect_err("invalid");
        assert!(err.to_string().contains("invalid regular expression"), "{err}");
        let huge = Searcher::new(&Query { regex: true, ..q(r"\w{1000}{1000}") }).expect_err("too big");
        assert!(matches!(huge, SearchError::Invalid(_)), "{huge}");
        assert!(huge.to_string().contains("more than 16 MB of memory"), "one unit, no byte count: {huge}");
        assert!(find(&Query { regex: true, ..q("x*") }, "abc").is_empty(), "empty matches are skipped");
    }

    #[test]
    fn counts_are_exact_past_the_limit() {
        let t = SourceText::new("ab ".repeat(100_000));
        let h = Searcher::new(&q("ab")).expect("ok").find(&t, 50, None);
        assert_eq!((h.ranges.len(), h.total), (50, 100_000), "capped list, exact count");
        assert_eq!(h.ranges[49], CharRange::new(147, 149), "positions");
    }

    #[test]
    fn widening_to_sentence_and_paragraph() {
        let t = SourceText::new("First one. The bridge closed today. Last one.\n\nNext paragraph.".to_owned());
        let at = t.as_str().find("bridge").expect("hit");
        let r = CharRange::new(at, at + 6);
        assert_eq!(t.slice(widen(&t, r, Widen::Hit)), "bridge", "as is");
        assert_eq!(t.slice(widen(&t, r, Widen::Sentence)), "The bridge closed today.", "its sentence");
        assert_eq!(t.slice(widen(&t, r, Widen::Paragraph)), "First one. The bridge closed today. Last one.", "block");
        let first = CharRange::new(0, 5);
        assert_eq!(t.slice(widen(&t, first, Widen::Sentence)), "First one.", "at the start");
    }

    #[test]
    fn a_sentence_runs_across_the_line_breaks_of_a_hard_wrapped_text() {
        let line = "The soldiers marched along the river bank until the evening came and\n";
        let para = format!("{}they crossed the bridge at dusk, singing. Then they slept.\n\n", line.repeat(3));
        let t = SourceText::new(para.repeat(10));
        assert!(t.hard_wrap().is_some(), "seen as hard-wrapped");
        let at = t.as_str().find("bridge").expect("hit");
        let at = t.byte_to_char(crate::model::ByteIdx(at)).0;
        let w = widen(&t, CharRange::new(at, at + 6), Widen::Sentence);
        let got = t.slice(w);
        assert!(got.starts_with("The soldiers marched"), "from the sentence's start: {got:?}");
        assert!(got.ends_with("singing."), "to its end: {got:?}");
    }

    #[test]
    fn keyword_in_context() {
        let t = SourceText::new("One two three four five six seven\neight nine ten".to_owned());
        let r = CharRange::new(28, 33);
        assert_eq!(t.slice(r), "seven", "the hit");
        assert_eq!(context(&t, r, 12), "five six seven eight nine", "whole words, one line");
    }
}
