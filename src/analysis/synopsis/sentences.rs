//! Sentences and their normalized words (see the parent module, step 1 and 2).

#[allow(clippy::wildcard_imports)] // the parent's types and rules
use super::*;

/// Abbreviations after which a full stop does not end a sentence
/// (lower-cased, without the stop).
pub(super) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "rev", "gen", "col", "lt", "sgt", "capt", "cmdr", "gov", "sen",
    "rep", "pres", "vs", "etc", "e.g", "i.e", "no", "nos", "fig", "approx", "inc", "ltd", "co", "corp", "dept", "u.s",
    "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt",
    "ft", "p", "pp", "vol",
];

/// The sentences of `text`, as char ranges (trimmed of white space).
pub fn sentences(text: &str) -> Vec<CharRange> {
    // A hard-wrapped text's line breaks are not sentence ends: read them as
    // spaces (same bytes, so the ranges found hold in `text`).
    let joined;
    let text = if hard_wrapped(text) {
        joined = unwrapped(text);
        joined.as_str()
    } else {
        text
    };
    // Byte ranges first, merged where a stop only ended an abbreviation.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (at, s) in text.split_sentence_bound_indices() {
        let end = at + s.len();
        let joins = spans.last().is_some_and(|&(a, b)| {
            let prev = text[a..b].trim_end();
            let next = s.trim_start();
            !text[a..b].contains('\n') && ends_in_abbreviation(prev) && !next.is_empty()
        });
        match spans.last_mut() {
            Some(last) if joins => last.1 = end,
            _ => spans.push((at, end)),
        }
    }
    // Line breaks end sentences; trim; cut runs with no end.
    let mut out = Vec::new();
    let mut chars_before = 0;
    let mut byte_before = 0;
    for (a, b) in spans {
        chars_before += text[byte_before..a].chars().count();
        byte_before = a;
        let mut from = a;
        for line in text[a..b].split_inclusive('\n') {
            let start = from;
            from += line.len();
            push_trimmed(text, start, start + line.len(), &mut out, &mut chars_before, &mut byte_before);
        }
    }
    out
}

/// Whether `text` is hard-wrapped (a plain-text book or e-mail, each
/// paragraph's lines cut at about one width): most of its lines stand in
/// paragraphs of three or more lines, three quarters of them (the last
/// line aside) 45 to 90 chars long. News pages and headlines with datelines
/// put a blank line between their lines, or have few lines.
pub(super) fn hard_wrapped(text: &str) -> bool {
    let (mut lines, mut wrapped) = (0usize, 0usize);
    let mut para: Vec<usize> = Vec::new();
    let mut close = |para: &mut Vec<usize>| {
        if para.len() >= 3 {
            let body = &para[..para.len() - 1];
            let fit = body.iter().filter(|n| (45..=90).contains(*n)).count();
            if fit * 4 >= body.len() * 3 {
                wrapped += para.len();
            }
        }
        para.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            close(&mut para);
        } else {
            lines += 1;
            para.push(line.chars().count());
        }
    }
    close(&mut para);
    lines >= 6 && wrapped * 2 >= lines
}

/// `text` with each line break between two lines that are not blank made
/// a space (a carriage return before it too); no byte moves.
pub(super) fn unwrapped(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut at = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let end = at + line.len();
        let next_blank = lines.peek().is_none_or(|l| l.trim().is_empty());
        if line.ends_with('\n') && !line.trim().is_empty() && !next_blank {
            out[end - 1] = b' ';
            if line.ends_with("\r\n") {
                out[end - 2] = b' ';
            }
        }
        at = end;
    }
    // Only ASCII line breaks became ASCII spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Push the trimmed sentence `text[a..b]`, cut into runs of at most
/// [`MAX_WORDS`] words; `chars_before`/`byte_before` track the char offset
/// of byte `byte_before`.
pub(super) fn push_trimmed(
    text: &str,
    a: usize,
    b: usize,
    out: &mut Vec<CharRange>,
    chars_before: &mut usize,
    byte_before: &mut usize,
) {
    let s = &text[a..b];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    if body.is_empty() {
        return;
    }
    let start = a + lead;
    let mut pieces: Vec<(usize, usize)> = vec![(start, start + body.len())];
    if body.split_whitespace().count() > MAX_WORDS {
        pieces.clear();
        let mut from = start;
        let mut words = 0;
        let mut last_comma = None;
        let mut last_space = None;
        for (i, c) in body.char_indices() {
            let at = start + i;
            if c.is_whitespace() && at > from && !text[..at].ends_with(char::is_whitespace) {
                words += 1;
                last_space = Some(at);
                if text[..at].ends_with([',', ';', ':']) {
                    last_comma = Some(at);
                }
            }
            if words >= MAX_WORDS
                && let Some(cut) = last_comma.or(last_space)
            {
                pieces.push((from, cut));
                from = cut;
                words = 0;
                last_comma = None;
                last_space = None;
            }
        }
        pieces.push((from, start + body.len()));
    }
    for (x, y) in pieces {
        let piece = &text[x..y];
        let lead = piece.len() - piece.trim_start().len();
        let (x, y) = (x + lead, x + lead + piece.trim().len());
        if x >= y {
            continue;
        }
        *chars_before += text[*byte_before..x].chars().count();
        *byte_before = x;
        let n = text[x..y].chars().count();
        out.push(CharRange::new(*chars_before, *chars_before + n));
    }
}

/// Whether a sentence ends with a stop after an abbreviation or an initial.
pub(super) fn ends_in_abbreviation(s: &str) -> bool {
    let Some(before) = s.strip_suffix('.') else { return false };
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“').next().unwrap_or("");
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// A word as compared: lower case, without accents, number words as digits.
pub(super) fn normal(word: &str) -> String {
    let lower = if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        let bare: String = word.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect();
        bare.to_lowercase()
    };
    let digits = match lower.as_str() {
        "zero" => "0",
        "one" => "1",
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "ten" => "10",
        "eleven" => "11",
        "twelve" => "12",
        "thirteen" => "13",
        "fourteen" => "14",
        "fifteen" => "15",
        "sixteen" => "16",
        "seventeen" => "17",
        "eighteen" => "18",
        "nineteen" => "19",
        "twenty" => "20",
        "thirty" => "30",
        "forty" => "40",
        "fifty" => "50",
        "hundred" => "100",
        "thousand" => "1000",
        "million" => "1000000",
        "billion" => "1000000000",
        _ => return lower,
    };
    digits.to_owned()
}

/// The normalized words of `s` (letters and digits; "1,476" is one word).
pub(super) fn words_of(s: &str) -> impl Iterator<Item = String> + '_ {
    s.unicode_words().map(|w| if w.contains([',', '\'']) { normal(&w.replace([',', '\''], "")) } else { normal(w) })
}
