//! A synopsis: the sentences of N documents grouped into rows that say the
//! same thing, in one order that reads down all of them.
//!
//! 1. **Sentences** by Unicode's sentence boundaries (UAX #29, through
//!    `unicode-segmentation`), with what news text needs besides: no end
//!    after an abbreviation ("Mr.", "U.S.", "Jan.") or an initial ("J."),
//!    a line break ends a sentence (headlines, datelines) unless the text
//!    is hard-wrapped (a plain-text book: its lines run on), and a run of
//!    more than [`MAX_WORDS`] words without an end is cut at a comma or a
//!    space, so that a text with no full stop still aligns.
//! 2. **Words** normalized for comparison: lower case, accents and quote
//!    marks and dashes gone (only letters and digits are kept), number
//!    words as digits ("five" = "5"). Each word weighs its inverse
//!    sentence frequency over all the documents, so "the" counts for
//!    little and a name for much.
//! 3. **Pairs** of sentences of different documents that share weighty
//!    words are scored by the weighted Dice coefficient (light rewording:
//!    a synonym, a dropped clause, a lead-in) and by containment, the
//!    shared weight over the smaller sentence's (one half of a sentence
//!    split in two, or two sentences merged into one). A sentence of
//!    common words only has no key to look up: it is compared with the
//!    sentences near where its neighbours' partners stand.
//! 4. **Rows**: pairs are taken best first into groups (union-find) that
//!    hold at most one sentence per document, or a few that follow each
//!    other when they are contained in a sentence of another document (a
//!    split, or a merge elsewhere). Among equal pairs (a line repeated
//!    through a book) those whose neighbours match come first. A
//!    sentence no pair takes stands in a row of its own: it is never
//!    forced into another's row.
//! 5. **Order**: progressive, as in multiple sequence alignment. The order
//!    starts as the reference document's (the one the user picked, else the
//!    one sharing the most rows); each further document's rows are laid
//!    over it: its rows already placed that keep its order (their longest
//!    increasing run) anchor it, its new rows go in after the anchor before
//!    them, and its other rows are marked as moved in that document.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization as _;
use unicode_segmentation::UnicodeSegmentation as _;

use super::job::{Cancelled, Control};
use crate::model::CharRange;

/// Longest run of words taken as one sentence.
pub const MAX_WORDS: usize = 80;
/// Weighted Dice coefficient from which two sentences say the same thing.
pub const SAME: f32 = 0.5;
/// Containment from which the smaller of two sentences is part of the
/// other (a split or a merge), when it has at least [`MIN_PART`] words.
pub const PART: f32 = 0.7;
/// Fewest words of a sentence taken as part of another.
pub const MIN_PART: usize = 4;

/// What to align.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The document whose order the rows follow (index into the texts).
    pub reference: Option<usize>,
    /// The user's choices, which the alignment follows over its own
    /// judgement.
    pub choices: Vec<Choice>,
}

/// A choice the user made about the rows, by document (index into the
/// texts) and chars; each names the sentence its range starts in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// These sentences share one row (rows merged, or passages linked).
    Together(Vec<(usize, CharRange)>),
    /// No sentence of the first list shares a row with one of the second
    /// (a row split).
    Apart(Vec<(usize, CharRange)>, Vec<(usize, CharRange)>),
    /// These sentences stand alone (taken out of their rows).
    Alone(Vec<(usize, CharRange)>),
}

/// A sentence of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Its chars in the document's text.
    pub range: CharRange,
    /// Its normalized words, as ids.
    words: Vec<u32>,
}

/// One row: what each document says there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Per document, its sentences in this row (indices into
    /// [`Synopsis::sentences`]; empty where it has none, two for a split).
    pub cells: Vec<Vec<usize>>,
    /// Per document, whether its sentence here stands elsewhere in its own
    /// order than the rows around it (moved), and after which row it stood.
    pub moved: Vec<Option<Option<usize>>>,
}

impl Row {
    /// How many documents have a sentence in this row.
    pub fn width(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
}

/// The documents' sentences and the rows that align them.
#[derive(Clone, Debug, Default)]
pub struct Synopsis {
    /// Per document, its sentences in order.
    pub sentences: Vec<Vec<Sentence>>,
    /// The rows, in reading order.
    pub rows: Vec<Row>,
}

/// Abbreviations after which a full stop does not end a sentence
/// (lower-cased, without the stop).
const ABBREVIATIONS: &[&str] = &[
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
fn hard_wrapped(text: &str) -> bool {
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
fn unwrapped(text: &str) -> String {
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
fn push_trimmed(
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
fn ends_in_abbreviation(s: &str) -> bool {
    let Some(before) = s.strip_suffix('.') else { return false };
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“').next().unwrap_or("");
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// A word as compared: lower case, without accents, number words as digits.
fn normal(word: &str) -> String {
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
fn words_of(s: &str) -> impl Iterator<Item = String> + '_ {
    s.unicode_words().map(|w| if w.contains([',', '\'']) { normal(&w.replace([',', '\''], "")) } else { normal(w) })
}

/// Align `texts`: their sentences, grouped into rows.
pub fn align(texts: &[&str], options: &Options, control: &Control) -> Result<Synopsis, Cancelled> {
    use rayon::prelude::*;
    let n = texts.len();
    control.set_total(2 * n + 1);
    let (sentences, words) = read(texts, control)?;
    // Weights: inverse sentence frequency.
    let total: usize = sentences.iter().map(Vec::len).sum();
    let mut df = vec![0u32; words];
    for s in sentences.iter().flatten() {
        for w in &s.words {
            df[*w as usize] += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)] // counts far below 2^24
    let weight: Vec<f32> = df.iter().map(|d| ((total as f32 + 1.0) / (*d as f32)).ln().max(0.05)).collect();
    let mut edges = pairs(&sentences, &df, &weight, control)?;
    // Best first; among equals (a line repeated through a book: "CHAPTER
    // I", a refrain), the pair whose neighbours read the same too, then the
    // pair whose sentences stand at the same depth of their documents.
    let keys: Vec<Vec<u64>> = sentences
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| {
                    let mut h = rustc_hash::FxHasher::default();
                    std::hash::Hash::hash(&s.words, &mut h);
                    std::hash::Hasher::finish(&h)
                })
                .collect()
        })
        .collect();
    let key = |(d, i): (usize, usize), step: isize| i.checked_add_signed(step).and_then(|j| keys[d].get(j)).copied();
    let context =
        |e: &Edge| [-1, 1].iter().filter(|s| key(e.a, **s).is_some() && key(e.a, **s) == key(e.b, **s)).count();
    #[allow(clippy::cast_precision_loss)] // sentence counts
    let depth = |(d, i): (usize, usize)| i as f32 / sentences[d].len().max(1) as f32;
    let apart = |e: &Edge| (depth(e.a) - depth(e.b)).abs();
    edges.par_sort_unstable_by(|x, y| {
        y.dice
            .total_cmp(&x.dice)
            .then(context(y).cmp(&context(x)))
            .then(apart(x).total_cmp(&apart(y)))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let rules = Rules::new(&sentences, &options.choices);
    // A sentence taken out stays out, whatever joins it (a link too).
    let kept = |e: &Edge| !rules.alone.contains(&e.a) && !rules.alone.contains(&e.b);
    edges.retain(kept);
    // The user's joins come first, before any pair the words suggest.
    let mut forced: Vec<Edge> = rules.together.iter().filter(|e| kept(e)).cloned().collect();
    forced.append(&mut edges);
    let edges = forced;
    let mut rows = group(&sentences, &edges, &rules);
    fill_gaps(&sentences, &mut rows, &weight, &rules);
    let rows = order(&sentences, rows, options.reference);
    control.step();
    Ok(Synopsis { sentences, rows })
}

/// The documents' sentences (a document per thread), their words as dense
/// ids, and how many distinct words there are.
fn read(texts: &[&str], control: &Control) -> Result<(Vec<Vec<Sentence>>, usize), Cancelled> {
    use rayon::prelude::*;
    // Sentences and the hashes of their words, a document per thread.
    let hashed: Vec<Vec<(CharRange, Vec<u64>)>> = texts
        .par_iter()
        .map(|text| {
            control.check()?;
            let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            let byte = |c: usize| chars.get(c).copied().unwrap_or(text.len());
            let doc = self::sentences(text)
                .into_iter()
                .map(|range| {
                    let words = words_of(&text[byte(range.start.0)..byte(range.end.0)])
                        .map(|w| {
                            use std::hash::{Hash as _, Hasher as _};
                            let mut h = rustc_hash::FxHasher::default();
                            w.hash(&mut h);
                            h.finish()
                        })
                        .collect();
                    (range, words)
                })
                .collect();
            control.step();
            Ok(doc)
        })
        .collect::<Result<_, Cancelled>>()?;
    // Words as dense ids.
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    let sentences: Vec<Vec<Sentence>> = hashed
        .into_iter()
        .map(|doc| {
            doc.into_iter()
                .map(|(range, hashes)| {
                    let mut words: Vec<u32> = hashes
                        .into_iter()
                        .map(|h| {
                            let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                            *ids.entry(h).or_insert(next)
                        })
                        .collect();
                    words.sort_unstable();
                    words.dedup();
                    Sentence { range, words }
                })
                .collect()
        })
        .collect();
    Ok((sentences, ids.len()))
}

/// The pairs of sentences of different documents that may say the same
/// thing, each once, a document per thread.
fn pairs(sentences: &[Vec<Sentence>], df: &[u32], weight: &[f32], control: &Control) -> Result<Vec<Edge>, Cancelled> {
    use rayon::prelude::*;
    let n = sentences.len();
    // Candidate pairs (prefix filtering, as in similarity joins: R. J.
    // Bayardo, Y. Ma, R. Srikant, "Scaling up all pairs similarity search",
    // WWW 2007): every word rarer than a cut-off is indexed, and each
    // sentence looks up only its heaviest words, enough of them that any
    // sentence sharing half its weight shares one. A word in more
    // sentences than the cut-off (a main character's name in twenty
    // versions of a book) would pair thousands of sentences and tell
    // little.
    let cap = (3 * n).max(32);
    let indexed = |w: &u32| (df[*w as usize] as usize) <= cap;
    let mut postings: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
    for (d, doc) in sentences.iter().enumerate() {
        for (i, s) in doc.iter().enumerate() {
            for w in s.words.iter().filter(|w| indexed(w)) {
                postings.entry(*w).or_default().push((d as u32, i as u32));
            }
        }
    }
    let keys: Vec<Vec<Vec<u32>>> = sentences
        .iter()
        .map(|doc| {
            doc.iter()
                .map(|s| {
                    // The heaviest words until what is left weighs less
                    // than the least a pair must share (half the smaller
                    // sentence): a partner shares at least one of them,
                    // found from whichever of the two is smaller.
                    let mut k: Vec<u32> = s.words.clone();
                    k.sort_by_key(|w| (df[*w as usize], *w));
                    let mass: f32 = k.iter().map(|w| weight[*w as usize]).sum();
                    let mut left = mass;
                    let mut keys = Vec::new();
                    for w in k {
                        if left < SAME.min(PART) * mass {
                            break;
                        }
                        left -= weight[w as usize];
                        if indexed(&w) {
                            keys.push(w);
                        }
                    }
                    keys
                })
                .collect()
        })
        .collect();
    let masses: Vec<Vec<f32>> = sentences
        .iter()
        .map(|doc| doc.iter().map(|s| s.words.iter().map(|w| weight[*w as usize]).sum()).collect())
        .collect();
    let edges: Vec<Vec<Edge>> = (0..n)
        .into_par_iter()
        .map(|d| {
            control.check()?;
            let mut out = Vec::new();
            let mut seen: rustc_hash::FxHashSet<(u32, u32)> = rustc_hash::FxHashSet::default();
            // Per later document, each sentence's best partner there found
            // by keys: where a keyless sentence's partner is likely to be.
            let mut partner: Partners =
                (0..n).map(|e| if e > d { vec![None; sentences[d].len()] } else { Vec::new() }).collect();
            for (i, s) in sentences[d].iter().enumerate() {
                seen.clear();
                for w in &keys[d][i] {
                    for &(e, j) in &postings[w] {
                        let (e, j) = (e as usize, j as usize);
                        if e == d || !seen.insert((e as u32, j as u32)) {
                            continue;
                        }
                        // Each pair once: from the earlier document, or from
                        // the later when the earlier one's keys miss it.
                        if e < d && keys[e][j].iter().any(|k| s.words.binary_search(k).is_ok()) {
                            continue;
                        }
                        if let Some((dice, contain)) = score(s, &sentences[e][j], masses[d][i], masses[e][j], weight) {
                            let (a, b) = if d < e { ((d, i), (e, j)) } else { ((e, j), (d, i)) };
                            out.push(Edge { a, b, dice, contain, forced: false });
                            if e > d && dice >= SAME && partner[e][i].is_none_or(|(_, x)| dice > x) {
                                partner[e][i] = Some((j, dice));
                            }
                        }
                    }
                }
            }
            keyless_pairs(sentences, d, &keys, &masses, &partner, weight, &mut out);
            control.step();
            Ok(out)
        })
        .collect::<Result<_, Cancelled>>()?;
    Ok(edges.into_iter().flatten().collect())
}

/// Where a sentence's partner in a later document would be.
type Partners = Vec<Vec<Option<(usize, f32)>>>;

/// Pairs of document `d`'s keyless sentences (see [`pairs`]) with later
/// documents' sentences near where their neighbours' partners stand.
#[allow(clippy::too_many_arguments)] // the pair search's shared tables
fn keyless_pairs(
    sentences: &[Vec<Sentence>],
    d: usize,
    keys: &[Vec<Vec<u32>>],
    masses: &[Vec<f32>],
    partner: &Partners,
    weight: &[f32],
    out: &mut Vec<Edge>,
) {
    let n = sentences.len();
    // A sentence of common words only ("Yes, I see.", "He said
    // nothing.") has no key: it is compared with the sentences
    // where its neighbours' partners say it should be (the nearest
    // paired sentence before it and after it, moved by as many
    // sentences), or at its depth when none is near; so a book
    // beside an edited copy of itself aligns whole.
    for (i, s) in sentences[d].iter().enumerate() {
        if !keys[d][i].is_empty() || masses[d][i] <= 0.0 {
            continue;
        }
        for e in d + 1..n {
            let len = sentences[e].len();
            let before = (i.saturating_sub(REACH)..i).rev().find_map(|k| partner[e][k].map(|p| p.0 + (i - k)));
            let after = (i + 1..(i + REACH).min(sentences[d].len()))
                .find_map(|k| partner[e][k].and_then(|p| p.0.checked_sub(k - i)));
            let mut near: Vec<usize> = before.into_iter().chain(after).collect();
            if near.is_empty() {
                near.push(i * len / sentences[d].len().max(1));
            }
            near.dedup();
            let mut tried: Vec<usize> = Vec::new();
            for at in near {
                tried.extend(at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(len));
            }
            tried.sort_unstable();
            tried.dedup();
            for j in tried {
                // Pairs the other's keys find come from there.
                if keys[e][j].iter().any(|k| s.words.binary_search(k).is_ok()) {
                    continue;
                }
                if let Some((dice, contain)) = score(s, &sentences[e][j], masses[d][i], masses[e][j], weight) {
                    out.push(Edge { a: (d, i), b: (e, j), dice, contain, forced: false });
                }
            }
        }
    }
}

/// Weighted Dice and containment of two sentences (of weights `ma` and
/// `mb`), when they make a pair.
fn score(s: &Sentence, t: &Sentence, ma: f32, mb: f32, weight: &[f32]) -> Option<(f32, f32)> {
    if ma <= 0.0 || mb <= 0.0 {
        return None;
    }
    let overlap = shared_mass(&s.words, &t.words, weight);
    let dice = 2.0 * overlap / (ma + mb);
    let contain = overlap / ma.min(mb);
    let smaller = s.words.len().min(t.words.len());
    (dice >= SAME || (contain >= PART && smaller >= MIN_PART)).then_some((dice, contain))
}

/// Sentences on each side of where a keyless sentence's partner should be
/// that it is compared with.
const WINDOW: usize = 12;
/// How far a keyless sentence looks for a paired neighbour.
const REACH: usize = 200;

/// Two sentences of different documents that may say the same thing.
#[derive(Clone)]
struct Edge {
    a: (usize, usize),
    b: (usize, usize),
    dice: f32,
    contain: f32,
    /// The user joined these (past the split rule).
    forced: bool,
}

/// The weight of the words two sorted word lists share.
fn shared_mass(a: &[u32], b: &[u32], weight: &[f32]) -> f32 {
    let (mut i, mut j, mut m) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                m += weight[a[i] as usize];
                i += 1;
                j += 1;
            }
        }
    }
    m
}

/// Groups of sentences (per document, sorted indices) from the pairs, best
/// first: a pair joins two groups unless that would put two sentences of
/// one document together, which only a split allows (adjacent sentences,
/// the new one contained in the other document's sentence).
/// The user's choices as sentences: pairs to join first (forced, past the
/// split rule), sentences to keep apart, sentences to leave alone.
struct Rules {
    together: Vec<Edge>,
    apart: FxHashMap<(usize, usize), Vec<(usize, usize)>>,
    alone: rustc_hash::FxHashSet<(usize, usize)>,
}

impl Rules {
    fn new(sentences: &[Vec<Sentence>], choices: &[Choice]) -> Self {
        // The sentence a range starts in (or the last before it).
        let at = |(d, r): &(usize, CharRange)| -> Option<(usize, usize)> {
            let list = sentences.get(*d)?;
            let i = list.partition_point(|s| s.range.start.0 <= r.start.0).checked_sub(1)?;
            Some((*d, i))
        };
        let mut rules =
            Rules { together: Vec::new(), apart: FxHashMap::default(), alone: rustc_hash::FxHashSet::default() };
        for c in choices {
            match c {
                Choice::Together(list) => {
                    let members: Vec<(usize, usize)> = list.iter().filter_map(at).collect();
                    for m in members.iter().skip(1) {
                        if *m != members[0] {
                            rules.together.push(Edge { a: members[0], b: *m, dice: 2.0, contain: 1.0, forced: true });
                        }
                    }
                }
                Choice::Apart(x, y) => {
                    for a in x.iter().filter_map(at) {
                        for b in y.iter().filter_map(at) {
                            rules.apart.entry(a).or_default().push(b);
                            rules.apart.entry(b).or_default().push(a);
                        }
                    }
                }
                Choice::Alone(list) => rules.alone.extend(list.iter().filter_map(at)),
            }
        }
        rules
    }

    /// True when a sentence of `x` must not share a row with one of `y`
    /// (each a group's members per document).
    fn parts(&self, x: &[Vec<usize>], y: &[Vec<usize>]) -> bool {
        if self.apart.is_empty() {
            return false;
        }
        x.iter().enumerate().any(|(d, list)| {
            list.iter()
                .any(|i| self.apart.get(&(d, *i)).is_some_and(|others| others.iter().any(|(e, j)| y[*e].contains(j))))
        })
    }
}

fn group(sentences: &[Vec<Sentence>], edges: &[Edge], rules: &Rules) -> Vec<Vec<Vec<usize>>> {
    let n = sentences.len();
    // Group of each sentence; members of each group per document.
    let mut of: Vec<Vec<usize>> = sentences.iter().map(|d| vec![usize::MAX; d.len()]).collect();
    let mut groups: Vec<Vec<Vec<usize>>> = Vec::new();
    let next_free = |groups: &mut Vec<Vec<Vec<usize>>>| {
        groups.push(vec![Vec::new(); n]);
        groups.len() - 1
    };
    for e in edges {
        let (ga, gb) = (of[e.a.0][e.a.1], of[e.b.0][e.b.1]);
        match (ga == usize::MAX, gb == usize::MAX) {
            (true, true) => {
                let mut both = vec![Vec::new(); n];
                both[e.a.0].push(e.a.1);
                both[e.b.0].push(e.b.1);
                if rules.parts(&both[..], &both[..]) {
                    continue;
                }
                let g = next_free(&mut groups);
                groups[g][e.a.0].push(e.a.1);
                groups[g][e.b.0].push(e.b.1);
                groups[g][e.a.0].sort_unstable();
                of[e.a.0][e.a.1] = g;
                of[e.b.0][e.b.1] = g;
            }
            (false, false) if ga == gb => {}
            (false, false) => {
                let fits = (0..n).all(|d| {
                    e.forced
                        || groups[ga][d].is_empty()
                        || groups[gb][d].is_empty()
                        || split(&groups[ga][d], &groups[gb][d], e)
                }) && !rules.parts(&groups[ga], &groups[gb]);
                if fits {
                    let moved = std::mem::replace(&mut groups[gb], vec![Vec::new(); n]);
                    for (d, list) in moved.into_iter().enumerate() {
                        for i in list {
                            of[d][i] = ga;
                            groups[ga][d].push(i);
                        }
                        groups[ga][d].sort_unstable();
                    }
                }
            }
            (alone_a, _) => {
                // One sentence joins the other's group.
                let ((d, i), g) = if alone_a { (e.a, gb) } else { (e.b, ga) };
                let mut one = vec![Vec::new(); n];
                one[d].push(i);
                if (e.forced || groups[g][d].is_empty() || split(&groups[g][d], &[i], e))
                    && !rules.parts(&one, &groups[g])
                {
                    groups[g][d].push(i);
                    groups[g][d].sort_unstable();
                    of[d][i] = g;
                }
            }
        }
    }
    let mut out: Vec<Vec<Vec<usize>>> = groups.into_iter().filter(|g| g.iter().any(|c| !c.is_empty())).collect();
    // Every sentence no pair took: a row of its own.
    for (d, doc) in of.iter().enumerate() {
        for (i, g) in doc.iter().enumerate() {
            if *g == usize::MAX {
                let mut row = vec![Vec::new(); n];
                row[d].push(i);
                out.push(row);
            }
        }
    }
    out
}

/// Sentences left alone between two rows that two documents share, one
/// in each document at the same place ("said Pierre." and "said Piotr."
/// between the same two sentences), share a row when they have something
/// in common (a third of their weight, or a word when both are short):
/// alignment by position where the words
/// alone were too few to tell (gap filling, as in Gale and Church's
/// sentence alignment, 1993).
fn fill_gaps(sentences: &[Vec<Sentence>], rows: &mut [Vec<Vec<usize>>], weight: &[f32], rules: &Rules) {
    let n = sentences.len();
    let mut row_of: Vec<Vec<usize>> = sentences.iter().map(|d| vec![usize::MAX; d.len()]).collect();
    for (g, row) in rows.iter().enumerate() {
        for (d, cell) in row.iter().enumerate() {
            for i in cell {
                row_of[d][*i] = g;
            }
        }
    }
    let alone = |rows: &[Vec<Vec<usize>>], g: usize| rows[g].iter().map(Vec::len).sum::<usize>() == 1;
    let mass = |s: &Sentence| s.words.iter().map(|w| weight[*w as usize]).sum::<f32>();
    for d in 0..n {
        for i in 1..sentences[d].len().saturating_sub(1) {
            let (gp, g, gn) = (row_of[d][i - 1], row_of[d][i], row_of[d][i + 1]);
            if gp == gn || !alone(rows, g) || rules.alone.contains(&(d, i)) {
                continue;
            }
            for e in (0..n).filter(|e| *e != d) {
                let (Some(jp), Some(jn)) = (rows[gp][e].iter().max().copied(), rows[gn][e].iter().min().copied())
                else {
                    continue;
                };
                if jn != jp + 2 || !rows[g][e].is_empty() {
                    continue;
                }
                let j = jp + 1;
                let h = row_of[e][j];
                if !alone(rows, h) || rules.alone.contains(&(e, j)) {
                    continue;
                }
                let (s, t) = (&sentences[d][i], &sentences[e][j]);
                let (ma, mb) = (mass(s), mass(t));
                let dice = if ma + mb > 0.0 { 2.0 * shared_mass(&s.words, &t.words, weight) / (ma + mb) } else { 0.0 };
                let short = s.words.len() <= 6 && t.words.len() <= 6;
                let mut one = vec![Vec::new(); n];
                one[e].push(j);
                if (dice >= 0.35 || short && dice > 0.0) && !rules.parts(&rows[g], &one) {
                    rows[h][e].clear();
                    rows[g][e].push(j);
                    row_of[e][j] = g;
                }
            }
        }
    }
}

/// Whether two lists of one document's sentences may share a row: together
/// they are consecutive sentences (at most two), joined by a pair where
/// one sentence is contained in the other (a split in two).
fn split(a: &[usize], b: &[usize], e: &Edge) -> bool {
    let mut all: Vec<usize> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    all.dedup();
    all.len() <= MAX_RUN && all.windows(2).all(|w| w[1] == w[0] + 1) && e.contain >= PART
}

/// Most sentences of one document in a row: a sentence split in two, or
/// two where another version merged them, and one more where versions
/// merged different neighbours (one merged 3 and 4, another 4 and 5).
const MAX_RUN: usize = 3;

/// The rows in reading order (see the module's notes), with moves marked.
fn order(sentences: &[Vec<Sentence>], groups: Vec<Vec<Vec<usize>>>, reference: Option<usize>) -> Vec<Row> {
    const HEAD: usize = usize::MAX;
    let n = sentences.len();
    let count = groups.len();
    // Each document's rows in its own order.
    let seqs: Vec<Vec<usize>> = (0..n)
        .map(|d| {
            let mut rows: Vec<(usize, usize)> =
                groups.iter().enumerate().filter_map(|(r, g)| g[d].first().map(|i| (*i, r))).collect();
            rows.sort_unstable();
            rows.into_iter().map(|(_, r)| r).collect()
        })
        .collect();
    // The documents in the order they are laid over: the reference, then
    // by how many shared rows they have.
    let shared = |d: usize| seqs[d].iter().filter(|r| groups[**r].iter().filter(|c| !c.is_empty()).count() > 1).count();
    let mut docs: Vec<usize> = (0..n).collect();
    docs.sort_by_key(|d| (Some(*d) != reference, std::cmp::Reverse(shared(*d)), *d));
    // A linked list of placed rows (HEAD: before the first), both ways.
    let mut next: Vec<usize> = vec![HEAD; count];
    let mut back: Vec<usize> = vec![HEAD; count];
    let mut head_next = HEAD;
    let mut tail = HEAD;
    let mut placed = vec![false; count];
    let mut moved: Vec<Vec<Option<Option<usize>>>> = vec![vec![None; n]; count];
    for &d in &docs {
        // Positions of the rows placed so far.
        let mut pos = vec![usize::MAX; count];
        let mut at = head_next;
        let mut k = 0;
        while at != HEAD {
            pos[at] = k;
            k += 1;
            at = next[at];
        }
        // This document's placed rows that keep its order: the longest
        // increasing run of their positions.
        let placed_here: Vec<usize> = seqs[d].iter().copied().filter(|r| placed[*r]).collect();
        let keep = longest_increasing(&placed_here.iter().map(|r| pos[*r]).collect::<Vec<_>>());
        let mut anchor = vec![false; count];
        for k in keep {
            anchor[placed_here[k]] = true;
        }
        // What comes before this document's first anchor goes in just
        // before it (a lead of its own stays beside what follows it); a
        // document with no anchor at all goes after everything placed.
        let first_anchor = seqs[d].iter().copied().find(|r| anchor[*r]);
        let mut after = match first_anchor {
            Some(a) => back[a],
            None => tail,
        };
        let mut prev: Option<usize> = None;
        for &r in &seqs[d] {
            if placed[r] {
                if anchor[r] {
                    after = r;
                } else {
                    moved[r][d] = Some(prev);
                }
            } else {
                // In after `after`.
                let following = if after == HEAD { head_next } else { next[after] };
                next[r] = following;
                back[r] = after;
                if after == HEAD {
                    head_next = r;
                } else {
                    next[after] = r;
                }
                if following == HEAD {
                    tail = r;
                } else {
                    back[following] = r;
                }
                placed[r] = true;
                after = r;
            }
            prev = Some(r);
        }
    }
    // Read the list out; rows are renumbered, so are the "stood after" rows.
    let mut order = Vec::with_capacity(count);
    let mut at = head_next;
    while at != HEAD {
        order.push(at);
        at = next[at];
    }
    let mut new_index = vec![0; count];
    for (k, r) in order.iter().enumerate() {
        new_index[*r] = k;
    }
    let mut groups: Vec<Option<Vec<Vec<usize>>>> = groups.into_iter().map(Some).collect();
    order
        .iter()
        .map(|r| Row {
            cells: groups[*r].take().unwrap_or_default(),
            moved: moved[*r].iter().map(|m| m.map(|p| p.map(|p| new_index[p]))).collect(),
        })
        .collect()
}

/// Indices of a longest strictly increasing subsequence of `xs`
/// (patience sorting, O(n log n)).
fn longest_increasing(xs: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into xs of the smallest tail per length
    let mut back: Vec<usize> = vec![usize::MAX; xs.len()];
    for (i, x) in xs.iter().enumerate() {
        let k = tails.partition_point(|t| xs[*t] < *x);
        if k > 0 {
            back[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied().unwrap_or(usize::MAX);
    while at != usize::MAX {
        out.push(at);
        at = back[at];
    }
    out.reverse();
    out
}

/// The user's choices that apply to `docs` (with their texts), as the
/// alignment takes them: the project's row choices whose sentences are
/// still in the text (where they were, or moved by an edit before them; a
/// choice whose sentence was itself changed is set aside and counted,
/// never applied to other words), and the links between passages of two
/// of the documents (linked passages share a row).
pub fn choices_of(
    project: &crate::model::Project,
    docs: &[crate::model::DocId],
    texts: &[&crate::model::SourceText],
) -> (Vec<Choice>, usize) {
    use crate::model::{ChoiceKind, Place};
    let index = |d: crate::model::DocId| docs.iter().position(|x| *x == d);
    // Where the sentence is now: at its range, or (the text changed before
    // it) where its quote is, the nearest such place.
    let holds = |p: &Place| {
        let i = index(p.doc)?;
        let t = texts[i];
        if p.range.end.0 <= t.char_len() && t.slice(p.range) == p.quote {
            return Some((i, p.range));
        }
        if p.quote.trim().is_empty() {
            return None;
        }
        let was = t.char_to_byte(crate::model::CharIdx(p.range.start.0.min(t.char_len()))).0;
        let best = t.as_str().match_indices(p.quote.as_str()).map(|(b, _)| b).min_by_key(|b| b.abs_diff(was))?;
        let start = t.byte_to_char(crate::model::ByteIdx(best)).0;
        Some((i, CharRange::new(start, start + p.quote.chars().count())))
    };
    let mut out = Vec::new();
    let mut stale = 0;
    for c in project.choices() {
        // A choice about other documents is not this synopsis' business.
        if !c.places().any(|p| index(p.doc).is_some()) {
            continue;
        }
        let a: Option<Vec<_>> = c.a.iter().filter(|p| index(p.doc).is_some()).map(holds).collect();
        let b: Option<Vec<_>> = c.b.iter().filter(|p| index(p.doc).is_some()).map(holds).collect();
        let (Some(a), Some(b)) = (a, b) else {
            stale += 1;
            continue;
        };
        out.push(match c.kind {
            ChoiceKind::Together => Choice::Together(a.into_iter().chain(b).collect()),
            ChoiceKind::Apart => Choice::Apart(a, b),
            ChoiceKind::Alone => Choice::Alone(a),
        });
    }
    for l in project.links() {
        let (Some(x), Some(y)) = (project.annotation(l.from), project.annotation(l.to)) else { continue };
        if let (Some(i), Some(j)) = (index(x.doc), index(y.doc))
            && i != j
        {
            out.push(Choice::Together(vec![(i, x.anchor.range), (j, y.anchor.range)]));
        }
    }
    (out, stale)
}

/// How one sentence of a row reads against the row's lead (the
/// reference's sentences there, or the first column's when the reference
/// has none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Difference {
    /// Its words the lead does not have, as char ranges in the sentence,
    /// each with whether it is a number or a name (emphasised: a changed
    /// figure or a changed speaker matters most).
    pub added: Vec<(CharRange, bool)>,
    /// The lead's words it does not have, in order.
    pub dropped: Vec<String>,
}

impl Difference {
    /// True when it says what the lead says, word for word (after the
    /// normalizing of [`normal`]: case, accents, number words).
    pub fn same(&self) -> bool {
        self.added.is_empty() && self.dropped.is_empty()
    }
}

/// The words of `s` with their char ranges, and their normalized forms.
fn words_at(s: &str) -> Vec<(CharRange, String, &str)> {
    let mut out = Vec::new();
    let (mut chars, mut bytes) = (0, 0);
    for (at, w) in s.unicode_word_indices() {
        chars += s[bytes..at].chars().count();
        let n = w.chars().count();
        let norm = if w.contains([',', '\'']) { normal(&w.replace([',', '\''], "")) } else { normal(w) };
        out.push((CharRange::new(chars, chars + n), norm, w));
        chars += n;
        bytes = at + w.len();
    }
    out
}

/// Word-level differences of `sentence` against `lead` (a diff of their
/// normalized words, Myers' algorithm through `similar`).
pub fn differences(lead: &str, sentence: &str) -> Difference {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let old = words_at(lead);
    let new = words_at(sentence);
    let a: Vec<&str> = old.iter().map(|w| w.1.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|w| w.1.as_str()).collect();
    let mut d = Difference::default();
    let (mut gone, mut came) = (Vec::new(), Vec::new());
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (dropped, added) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete { old_index, old_len, .. } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert { new_index, new_len, .. } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        gone.extend(dropped);
        came.extend(added);
    }
    // A word the lead has elsewhere in the sentence moved; it is no
    // difference ("Mayor Tomas Brandt said: …" against "… Mayor Tomas
    // Brandt said at Monday's briefing" lacks "at Monday's briefing" only).
    let mut spare: FxHashMap<&str, usize> = FxHashMap::default();
    for i in &gone {
        *spare.entry(old[*i].1.as_str()).or_default() += 1;
    }
    let mut moved: FxHashMap<&str, usize> = FxHashMap::default();
    for i in came {
        let w = new[i].1.as_str();
        if let Some(n) = spare.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            *moved.entry(w).or_default() += 1;
            continue;
        }
        let shown = new[i].2;
        // "six" is a number too: its normal form is digits.
        let number = shown.chars().any(char::is_numeric) || w.bytes().all(|c| c.is_ascii_digit());
        let name = i > 0 && shown.chars().next().is_some_and(char::is_uppercase);
        d.added.push((new[i].0, number || name));
    }
    for i in gone {
        let w = old[i].1.as_str();
        if let Some(n) = moved.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            continue;
        }
        d.dropped.push(old[i].2.to_owned());
    }
    d
}

/// Per row and document, the [`Difference`] of each of its sentences there
/// against the row's lead: the sentences of document `reference` in the
/// row, or of the first document that has some. The lead's own sentences
/// get an empty one. Where a document has several sentences in a row, the
/// words they lack together are on the first (each alone lacks the
/// others').
pub fn row_differences(
    syn: &Synopsis,
    texts: &[&str],
    reference: usize,
    control: &Control,
) -> Result<Vec<Vec<Vec<Difference>>>, Cancelled> {
    use rayon::prelude::*;
    // Each sentence's text, found in one pass over each document (a search
    // from the start for each would read a book once per sentence).
    let slices: Vec<Vec<&str>> = syn
        .sentences
        .iter()
        .zip(texts)
        .map(|(list, text)| {
            let mut bounds = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
            // Bounds read so far, and the byte of the last (char `seen - 1`);
            // sentences come in order, so the chars asked for never go back.
            let (mut seen, mut last) = (0usize, 0usize);
            let mut to = |c: usize| {
                while seen <= c {
                    last = bounds.next().unwrap_or(text.len());
                    seen += 1;
                }
                last
            };
            list.iter()
                .map(|s| {
                    let a = to(s.range.start.0);
                    let b = to(s.range.end.0);
                    text.get(a..b).unwrap_or("")
                })
                .collect()
        })
        .collect();
    syn.rows
        .par_iter()
        .map(|row| {
            control.check()?;
            let lead = if row.cells.get(reference).is_some_and(|c| !c.is_empty()) {
                reference
            } else {
                row.cells.iter().position(|c| !c.is_empty()).unwrap_or(0)
            };
            let lead_text: Vec<&str> = row.cells[lead].iter().map(|i| slices[lead][*i]).collect();
            let lead_text = lead_text.join(" ");
            Ok(row
                .cells
                .iter()
                .enumerate()
                .map(|(d, cell)| {
                    if d == lead {
                        return vec![Difference::default(); cell.len()];
                    }
                    let mut ds: Vec<Difference> = cell.iter().map(|i| differences(&lead_text, slices[d][*i])).collect();
                    // What a cell of several sentences lacks is what all of
                    // them together lack (each alone lacks the others).
                    if ds.len() > 1 {
                        let whole: Vec<&str> = cell.iter().map(|i| slices[d][*i]).collect();
                        let lacks = differences(&lead_text, &whole.join(" ")).dropped;
                        for (k, x) in ds.iter_mut().enumerate() {
                            x.dropped = if k == 0 { lacks.clone() } else { Vec::new() };
                        }
                    }
                    ds
                })
                .collect())
        })
        .collect()
}

/// Per document: how many of its sentences stand in rows with k other
/// documents (k = 0 … N−1; k = 0 is what it alone says), and how many rows
/// it carried first when `dates` (one per document, comparable strings such
/// as ISO dates; empty when unknown) say who was first (all of the earliest
/// date when several share it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Per document, per k, its sentences in rows shared with k others.
    pub shared_with: Vec<Vec<usize>>,
    /// Per document, the rows it was the first to carry (all zero without
    /// dates).
    pub first: Vec<usize>,
}

/// Summarize `syn` (see [`Summary`]).
pub fn summary(syn: &Synopsis, dates: &[&str]) -> Summary {
    let n = syn.sentences.len();
    let mut s = Summary { shared_with: vec![vec![0; n.max(1)]; n], first: vec![0; n] };
    for row in &syn.rows {
        let k = row.width().saturating_sub(1);
        for (d, cell) in row.cells.iter().enumerate() {
            s.shared_with[d][k] += cell.len();
        }
        if row.width() > 1 {
            // Every document of the earliest date carried it first (two
            // outlets on one day are both first).
            let carries = |d: &usize| !row.cells[*d].is_empty() && dates.get(*d).is_some_and(|x| !x.is_empty());
            if let Some(earliest) = (0..n).filter(carries).map(|d| dates[d]).min() {
                for d in (0..n).filter(carries).filter(|d| dates[*d] == earliest) {
                    s.first[d] += 1;
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(s: &'a str, ranges: &[CharRange]) -> Vec<&'a str> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let b = |c: usize| chars.get(c).map_or(s.len(), |x| x.0);
        ranges.iter().map(|r| &s[b(r.start.0)..b(r.end.0)]).collect()
    }

    #[test]
    fn sentences_end_at_stops_and_lines_but_not_after_abbreviations() {
        let s = "Bridge opens\n\nMr. J. Smith said the U.S. firm paid $1.5m. It opened on Jan. 5 at 9 a.m. today! \
                 Residents cheered.";
        let got = texts(s, &sentences(s));
        assert_eq!(
            got,
            [
                "Bridge opens",
                "Mr. J. Smith said the U.S. firm paid $1.5m.",
                "It opened on Jan. 5 at 9 a.m. today!",
                "Residents cheered."
            ]
        );
    }

    #[test]
    fn a_text_with_no_stop_is_cut_into_runs() {
        let s = "word, ".repeat(500);
        let got = sentences(&s);
        assert!(got.len() >= 500 / MAX_WORDS, "{} runs", got.len());
        assert!(got.iter().all(|r| !r.is_empty()));
        let words: usize = texts(&s, &got).iter().map(|t| t.split_whitespace().count()).sum();
        assert_eq!(words, 500, "every word in one run");
    }

    #[test]
    fn numbers_accents_and_quotes_compare_equal() {
        let a: Vec<String> = words_of("“Five” cafés — 1,476 feet").collect();
        let b: Vec<String> = words_of("\"5\" cafes - 1476 Feet").collect();
        assert_eq!(a, b);
    }

    #[test]
    fn the_longest_increasing_run_is_found() {
        assert_eq!(longest_increasing(&[3, 1, 2, 5, 4, 6]), [1, 2, 4, 5]);
        assert!(longest_increasing(&[]).is_empty());
    }

    fn row_texts(syn: &Synopsis, docs: &[&str]) -> Vec<Vec<String>> {
        syn.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .enumerate()
                    .map(|(d, c)| {
                        c.iter()
                            .map(|i| texts(docs[d], &[syn.sentences[d][*i].range])[0].to_owned())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn reworded_split_moved_and_unique_sentences_find_their_rows() {
        let a = "The council opened the new bridge on Monday after two years of work. \
                 Engineer Dana Levi said the span is 450 metres long and cost five million pounds. \
                 Residents had complained about traffic jams for a decade. \
                 The mayor thanked the builders.";
        let b = "Meanwhile, the council opened its new bridge on Monday after 2 years of work. \
                 Residents had complained about the traffic jams for a decade. \
                 Engineer Dana Levi said the span is 450 metres long. \
                 It cost 5 million pounds. \
                 Police closed two lanes for the ceremony.";
        let syn = align(&[a, b], &Options::default(), &Control::new()).expect("aligned");
        let rows = row_texts(&syn, &[a, b]);
        let row_of = |needle: &str| rows.iter().position(|r| r.iter().any(|c| c.contains(needle))).expect(needle);
        assert_eq!(row_of("Meanwhile"), row_of("council opened the new"), "a lead-in and a number word: {rows:#?}");
        assert_eq!(row_of("Residents had complained about the"), row_of("Residents had complained about traffic"));
        assert_eq!(row_of("It cost 5 million"), row_of("cost five million"), "both halves of a split: {rows:#?}");
        assert_eq!(row_of("450 metres long."), row_of("cost five million"));
        let police = &syn.rows[row_of("Police")];
        assert_eq!(police.width(), 1, "found only in b: a row of its own");
        let mayor = &syn.rows[row_of("mayor")];
        assert_eq!(mayor.width(), 1);
        // b moved the residents' sentence before the engineer's.
        let moved: usize = syn.rows.iter().map(|r| r.moved.iter().filter(|m| m.is_some()).count()).sum();
        assert_eq!(moved, 1, "one move: {:?}", syn.rows.iter().map(|r| &r.moved).collect::<Vec<_>>());
        // Reading order follows a (the reference by size), b's unique
        // sentence after its predecessor.
        assert!(row_of("council opened the new") < row_of("Engineer"));
        assert!(row_of("Engineer") < row_of("Residents had complained about traffic"));
        assert!(row_of("Police") > row_of("It cost 5"));
    }

    #[test]
    fn documents_that_share_nothing_give_rows_of_one() {
        let syn = align(
            &["Apples are red. Pears are green.", "Cars need fuel. Roads need repair."],
            &Options::default(),
            &Control::new(),
        )
        .expect("aligned");
        assert_eq!(syn.rows.len(), 4);
        assert!(syn.rows.iter().all(|r| r.width() == 1));
    }

    #[test]
    fn the_reference_document_sets_the_order() {
        let a = "Alpha beta gamma delta one. Epsilon zeta eta theta two. Iota kappa lambda mu three.";
        let b = "Iota kappa lambda mu three. Alpha beta gamma delta one. Epsilon zeta eta theta two.";
        for (reference, first) in [(0, "Alpha"), (1, "Iota")] {
            let syn = align(&[a, b], &Options { reference: Some(reference), ..Options::default() }, &Control::new())
                .expect("aligned");
            let rows = row_texts(&syn, &[a, b]);
            assert_eq!(rows.len(), 3);
            assert!(rows[0][0].starts_with(first), "reference {reference}: {rows:?}");
            assert!(syn.rows.iter().flat_map(|r| &r.moved).filter(|m| m.is_some()).count() == 1);
        }
    }

    #[test]
    fn differences_mark_changed_words_and_figures_against_the_lead() {
        let d =
            differences("The mayor said 5 people were hurt on Monday.", "Mayor Jane Ruiz said six people were hurt.");
        let s = "Mayor Jane Ruiz said six people were hurt.";
        let added: Vec<(&str, bool)> = d.added.iter().map(|(r, e)| (texts(s, &[*r])[0], *e)).collect();
        assert_eq!(added, [("Jane", true), ("Ruiz", true), ("six", true)]);
        assert_eq!(d.dropped, ["The", "5", "on", "Monday"]);
        assert!(differences("Five “new” bridges", "five \"new\" Bridges").same(), "case, quotes and number words");
    }

    #[test]
    fn the_summary_counts_what_each_document_shares_and_who_was_first() {
        let a = "The bridge closed on Monday. Traffic was diverted through the old town. The mayor apologised.";
        let b = "Traffic was diverted through the old town. The bridge closed on Monday. Cyclists were angry.";
        let c = "The bridge closed on Monday.";
        let syn = align(&[a, b, c], &Options::default(), &Control::new()).expect("aligned");
        let s = summary(&syn, &["2026-03-02", "2026-03-01", ""]);
        assert_eq!(s.shared_with[0], [1, 1, 1], "a: apology alone, traffic with b, closure with all");
        assert_eq!(s.shared_with[1], [1, 1, 1]);
        assert_eq!(s.shared_with[2], [0, 0, 1]);
        assert_eq!(s.first, [0, 2, 0], "b is dated first and carries both shared rows");
        let same_day = summary(&syn, &["2026-03-01", "2026-03-01", ""]);
        assert_eq!(same_day.first, [2, 2, 0], "two outlets on one day are both first");
        let diffs = row_differences(&syn, &[a, b, c], 0, &Control::new()).expect("not cancelled");
        assert_eq!(diffs.len(), syn.rows.len());
        for (row, d) in syn.rows.iter().zip(&diffs) {
            for (cell, ds) in row.cells.iter().zip(d) {
                assert_eq!(cell.len(), ds.len());
                assert!(ds.iter().all(Difference::same), "identical sentences read the same");
            }
        }
    }

    #[test]
    fn a_hard_wrapped_text_runs_sentences_across_its_lines() {
        let para = "Well, Prince, so Genoa and Lucca are now just family estates of the\n\
                    Buonapartes. But I warn you, if you don't tell me that this means war,\n\
                    if you still try to defend the infamies and horrors perpetrated by that\n\
                    Antichrist, I see I have frightened you, sit down and tell me all the news.\n";
        let book = format!("CHAPTER I\n\n{para}\n{para}\n{para}");
        let got = texts(&book, &sentences(&book));
        assert_eq!(got[0], "CHAPTER I");
        assert_eq!(got[1], "Well, Prince, so Genoa and Lucca are now just family estates of the\nBuonapartes.");
        assert!(got[2].starts_with("But I warn you") && got[2].ends_with("all the news."), "{:?}", got[2]);
        assert_eq!(got.len(), 7);
        // News text with short lines keeps its line ends.
        let news = "Bridge closes\nBy A. Writer\nHarlow, 3 March\nThe bridge closed.\nIt was old.\nPeople walked.";
        assert_eq!(sentences(news).len(), 6);
    }

    #[test]
    fn a_repeated_line_pairs_with_the_one_at_its_depth() {
        let chapter =
            |k: usize| format!("CHAPTER\n\nThe story of day {k} goes on here with words of its own kind.\n\n");
        // The copy lacks the first chapter: each heading must stand beside
        // its own chapter's, not the next one down.
        let a: String = (0..6).map(chapter).collect();
        let b: String = (1..6).map(chapter).collect();
        let syn = align(&[&a, &b], &Options::default(), &Control::new()).expect("aligned");
        for row in &syn.rows {
            if let ([i], [j]) = (row.cells[0].as_slice(), row.cells[1].as_slice()) {
                assert_eq!(*i, *j + 2, "each sentence beside its copy: {:?}", syn.rows);
            }
        }
        assert_eq!(syn.rows.iter().filter(|r| r.width() == 2).count(), 10, "all of the copy aligned");
    }

    #[test]
    fn words_in_another_order_are_not_differences() {
        let d = differences(
            "\"Nobody will walk across\", Mayor Tomas Brandt said at Monday's briefing.",
            "Mayor Tomas Brandt said: \"Nobody will walk across\".",
        );
        assert!(d.added.is_empty(), "{:?}", d.added);
        assert_eq!(d.dropped, ["at", "Monday's", "briefing"]);
    }

    #[test]
    fn a_lead_of_its_own_stands_before_its_first_shared_row_and_an_unrelated_text_after_all() {
        let a =
            "The bridge closed on Monday after engineers found corrosion. Traffic was diverted through the old town.";
        let b = "Residents of Harlow woke to fences. The bridge closed on Monday after engineers found corrosion.";
        let c = "Cats sleep sixteen hours every single day. Dogs bark loudly at the postman.";
        let syn =
            align(&[a, b, c], &Options { reference: Some(0), ..Options::default() }, &Control::new()).expect("aligned");
        let at = |d: usize, i: usize| syn.rows.iter().position(|r| r.cells[d].contains(&i)).expect("placed");
        assert_eq!(at(1, 0) + 1, at(0, 0), "b's own lead just before the closure row");
        assert_eq!(at(0, 0), at(1, 1), "the closure row is shared");
        assert!(at(2, 0) > at(0, 1) && at(2, 1) > at(2, 0), "the unrelated text comes after, in its order");
    }

    #[test]
    fn the_users_choices_join_split_and_take_out() {
        let a =
            "The bridge closed on Monday after engineers found corrosion. Traffic was diverted through the old town.";
        let b = "The bridge closed on Monday after engineers found corrosion. Drivers took the long way round.";
        let plain = align(&[a, b], &Options::default(), &Control::new()).expect("aligned");
        let row_of = |syn: &Synopsis, d: usize, i: usize| syn.rows.iter().position(|r| r.cells[d].contains(&i));
        assert_eq!(row_of(&plain, 0, 0), row_of(&plain, 1, 0), "the closure is one row");
        assert_ne!(row_of(&plain, 0, 1), row_of(&plain, 1, 1), "the detours are not");
        let range = |syn: &Synopsis, d: usize, i: usize| syn.sentences[d][i].range;
        let choices = vec![
            Choice::Together(vec![(0, range(&plain, 0, 1)), (1, range(&plain, 1, 1))]),
            Choice::Alone(vec![(1, range(&plain, 1, 0))]),
        ];
        let chosen = align(&[a, b], &Options { choices, ..Options::default() }, &Control::new()).expect("aligned");
        assert_eq!(row_of(&chosen, 0, 1), row_of(&chosen, 1, 1), "joined by the user");
        assert_ne!(row_of(&chosen, 0, 0), row_of(&chosen, 1, 0), "taken out by the user");
        // Taken out wins over a link that joins it.
        let linked_out = vec![
            Choice::Together(vec![(0, range(&plain, 0, 0)), (1, range(&plain, 1, 0))]),
            Choice::Alone(vec![(1, range(&plain, 1, 0))]),
        ];
        let out = align(&[a, b], &Options { choices: linked_out, ..Options::default() }, &Control::new()).expect("ok");
        assert_ne!(row_of(&out, 0, 0), row_of(&out, 1, 0), "taken out though linked");
        let apart = vec![Choice::Apart(vec![(0, range(&plain, 0, 0))], vec![(1, range(&plain, 1, 0))])];
        let split =
            align(&[a, b], &Options { choices: apart, ..Options::default() }, &Control::new()).expect("aligned");
        assert_ne!(row_of(&split, 0, 0), row_of(&split, 1, 0), "split by the user");
    }

    #[test]
    fn a_choice_follows_its_sentence_when_text_before_it_changes() {
        use crate::model::{ChoiceKind, Document, Place, Project, RowChoice, SourceText};
        let mut p = Project::new();
        let d = Document::new("a.txt");
        let id = d.id;
        p.apply(Project::add_document_edit(d)).expect("doc");
        let quote = "The council said the bridge would stay shut.";
        let before = SourceText::new(format!("Radio North news desk\n\n{quote}"));
        let start = before.as_str().find(quote).map(|b| before.as_str()[..b].chars().count()).expect("there");
        let range = CharRange::new(start, start + quote.chars().count());
        let c = RowChoice::new(ChoiceKind::Alone, vec![Place { doc: id, range, quote: quote.into() }], vec![]);
        p.apply(Project::add_choice_edit(c)).expect("choice");
        let (now, stale) = choices_of(&p, &[id], &[&before]);
        assert_eq!((now, stale), (vec![Choice::Alone(vec![(0, range)])], 0));
        // An edit before the sentence: it moved, and is found.
        let edited = SourceText::new(format!("Radio North newsroom, Harlow\n\n{quote}"));
        let (now, stale) = choices_of(&p, &[id], &[&edited]);
        let moved = CharRange::new(range.start.0 + 7, range.end.0 + 7);
        assert_eq!((now, stale), (vec![Choice::Alone(vec![(0, moved)])], 0));
        // The sentence itself changed: set aside, not applied elsewhere.
        let changed = SourceText::new("Radio North news desk\n\nThe council said the bridge would reopen.".to_owned());
        let (now, stale) = choices_of(&p, &[id], &[&changed]);
        assert_eq!((now.len(), stale), (0, 1));
    }

    #[test]
    fn a_short_sentence_between_shared_rows_joins_its_counterpart() {
        let a = "The army crossed the river at dawn near the old mill.\n\"Yes,\" said Pierre.\nThe generals argued late into the night about the plan.";
        let b = "The army crossed the river at dawn near the old mill.\n\"Yes,\" said Piotr.\nThe generals argued late into the night about the plan.";
        let syn = align(&[a, b], &Options::default(), &Control::new()).expect("aligned");
        assert_eq!(syn.rows.len(), 3, "three rows, each shared: {:?}", syn.rows);
        assert!(syn.rows.iter().all(|r| r.width() == 2));
    }
}
