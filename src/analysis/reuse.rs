//! Shared passages ("text reuse") between documents.
//!
//! Method, in the spirit of text-reuse detectors such as passim
//! (D. A. Smith et al., "Infectious texts", 2013):
//!
//! 1. Each document is a sequence of normalized words ([`WordIndex::words`]:
//!    lower case, letters and digits only, so case and punctuation changes
//!    never split a passage).
//! 2. Every run of k words is hashed, and winnowing (S. Schleimer,
//!    D. Wilkerson, A. Aiken, "Winnowing: local algorithms for document
//!    fingerprinting", SIGMOD 2003) keeps the smallest hash of each window of
//!    w consecutive k-grams. Any shared run of at least w + k − 1 words —
//!    the minimum passage length — is then guaranteed to share a fingerprint.
//! 3. Fingerprints that occur in too many documents are boilerplate and are
//!    ignored (a document-frequency cut-off).
//! 4. Each fingerprint shared by two documents is a seed, verified and
//!    extended word by word to a maximal exact run.
//! 5. Runs of one pair of documents that follow each other in both, with
//!    small gaps, are chained into one passage: a local alignment that lets
//!    a changed, inserted or deleted word stay inside the passage. A passage
//!    is kept when it has enough matching words and its similarity (matching
//!    words over the longer side) reaches the setting.
//!
//! [`clusters`] then groups passages that overlap in some document, so one
//! quote reused by four outlets is one cluster with four members.

// Word positions are below 2^32 (tokens store u32 char offsets), so casting
// them to i64 for signed gaps never wraps.
#![allow(clippy::cast_possible_wrap)]

use rustc_hash::FxHashMap;

use super::job::{Cancelled, Control};
use super::words::{Token, WordIndex};
use crate::model::CharRange;

/// Tunable limits of detection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReuseSettings {
    /// Fewest matching words in a passage.
    pub min_words: usize,
    /// Lowest similarity (matching words / words of the longer side), 0..=1.
    pub min_similarity: f32,
    /// A fingerprint found in more documents than this is boilerplate;
    /// 0 picks a limit from the number of documents.
    pub max_docs: usize,
}

impl Default for ReuseSettings {
    fn default() -> Self {
        Self { min_words: 8, min_similarity: 0.8, max_docs: 0 }
    }
}

impl ReuseSettings {
    /// Words per hashed k-gram.
    fn k(&self) -> usize {
        self.min_words.clamp(1, 5)
    }

    /// Winnowing window (in k-grams).
    fn w(&self) -> usize {
        (self.min_words.max(1) + 1).saturating_sub(self.k()).max(1)
    }

    fn doc_limit(&self, docs: usize) -> usize {
        if self.max_docs > 0 { self.max_docs } else { (docs / 4).max(8) }
    }
}

/// A passage that documents `a` and `b` (indexes into the slice given to
/// [`find_shared`], `a < b`) share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SharedPassage {
    /// First document.
    pub a: usize,
    /// The passage in `a`.
    pub a_range: CharRange,
    /// Second document.
    pub b: usize,
    /// The passage in `b`.
    pub b_range: CharRange,
    /// Words that match exactly.
    pub words: usize,
    /// Matching words over the words of the longer side.
    pub similarity: f32,
}

/// One place in one document that belongs to a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    /// Document index.
    pub doc: usize,
    /// Union of the passages there.
    pub range: CharRange,
}

/// Passages joined because they overlap in some document.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Places, by document then position.
    pub members: Vec<Member>,
    /// Indexes of the passages in the cluster.
    pub passages: Vec<usize>,
}

impl Cluster {
    /// Number of distinct documents in the cluster.
    pub fn doc_count(&self) -> usize {
        let mut docs: Vec<usize> = self.members.iter().map(|m| m.doc).collect();
        docs.dedup();
        docs.len()
    }
}

/// Largest gap (in words) bridged when chaining runs.
const GAP: i64 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    a0: usize,
    a1: usize,
    b0: usize,
    b1: usize,
}

#[derive(Clone, Copy, Debug)]
struct Seed {
    a: u32,
    b: u32,
    pa: u32,
    pb: u32,
}

fn kgrams(tokens: &[Token], k: usize) -> Vec<u64> {
    if tokens.len() < k {
        return Vec::new();
    }
    tokens
        .windows(k)
        .map(|w| w.iter().fold(0u64, |g, t| (g.rotate_left(23) ^ t.hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

/// Winnowing: the rightmost minimum of every window of `w` hashes, each
/// position once. Pushes `(hash, doc, position)`.
fn winnow(hashes: &[u64], w: usize, doc: u32, out: &mut Vec<(u64, u32, u32)>) {
    if hashes.is_empty() {
        return;
    }
    let w = w.min(hashes.len());
    let mut last = usize::MAX;
    for s in 0..=hashes.len() - w {
        let mut m = s;
        for i in s + 1..s + w {
            if hashes[i] <= hashes[m] {
                m = i;
            }
        }
        if m != last {
            out.push((hashes[m], doc, m as u32));
            last = m;
        }
    }
}

/// Every passage shared by two of `docs` (at least the settings' length and
/// similarity), sorted by document pair and position. Checks `control`
/// between steps and stops with [`Cancelled`] when asked to.
///
/// Documents given the same index (the app gives identical texts one) are
/// fingerprinted once, and two of them share their whole text: three copies
/// of the novel cost what one does (fingerprinting each copy again held
/// 25 MB of fingerprints and seeds to find what is known).
pub fn find_shared(
    docs: &[&WordIndex],
    settings: &ReuseSettings,
    control: &Control,
) -> Result<Vec<SharedPassage>, Cancelled> {
    control.check()?;
    let mut distinct: Vec<&WordIndex> = Vec::new();
    let mut copies: Vec<Vec<usize>> = Vec::new();
    let mut seen: FxHashMap<*const WordIndex, usize> = FxHashMap::default();
    for (d, doc) in docs.iter().enumerate() {
        let i = *seen.entry(std::ptr::from_ref(*doc)).or_insert_with(|| {
            distinct.push(doc);
            copies.push(Vec::new());
            distinct.len() - 1
        });
        copies[i].push(d);
    }
    let found = find_distinct(&distinct, settings, control)?;
    let mut out = Vec::with_capacity(found.len());
    for p in found {
        for &a in &copies[p.a] {
            for &b in &copies[p.b] {
                out.push(if a < b {
                    SharedPassage { a, b, ..p }
                } else {
                    SharedPassage { a: b, a_range: p.b_range, b: a, b_range: p.a_range, ..p }
                });
            }
        }
    }
    for (i, group) in copies.iter().enumerate() {
        let n = distinct[i].len();
        if group.len() < 2 || n == 0 || n < settings.min_words {
            continue;
        }
        let all = distinct[i].span(0, n);
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                out.push(SharedPassage { a, a_range: all, b, b_range: all, words: n, similarity: 1.0 });
            }
        }
    }
    out.sort_by_key(|p| (p.a, p.b, p.a_range.start, p.b_range.start));
    Ok(out)
}

/// [`find_shared`] over documents that are all different objects.
fn find_distinct(
    docs: &[&WordIndex],
    settings: &ReuseSettings,
    control: &Control,
) -> Result<Vec<SharedPassage>, Cancelled> {
    let (k, w) = (settings.k(), settings.w());
    control.set_total(docs.len() + 1);
    if docs.len() < 2 {
        return Ok(Vec::new());
    }
    let mut prints: Vec<(u64, u32, u32)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        control.check()?;
        winnow(&kgrams(doc.tokens(), k), w, d as u32, &mut prints);
        control.step();
    }
    prints.sort_unstable();
    let mut seeds = seeds(&prints, settings.doc_limit(docs.len()));
    drop(prints);
    let mut out = Vec::new();
    // Grouped by document pair in place (a map of per-pair lists held every
    // seed twice: 20 MB more for three copies of the novel).
    seeds.sort_unstable_by_key(|s| (s.a, s.b));
    for pair in seeds.chunk_by_mut(|x, y| (x.a, x.b) == (y.a, y.b)) {
        control.check()?;
        let (a, b) = (pair[0].a, pair[0].b);
        let (da, db) = (docs[a as usize], docs[b as usize]);
        for mut r in chain(extend(pair, da.tokens(), db.tokens(), k), k) {
            grow(&mut r, da.tokens(), db.tokens());
            let (la, lb) = (r.run.a1 - r.run.a0, r.run.b1 - r.run.b0);
            let similarity = r.matched as f32 / la.max(lb) as f32;
            if r.matched >= settings.min_words && similarity >= settings.min_similarity {
                out.push(SharedPassage {
                    a: a as usize,
                    a_range: da.span(r.run.a0, r.run.a1),
                    b: b as usize,
                    b_range: db.span(r.run.b0, r.run.b1),
                    words: r.matched,
                    similarity,
                });
            }
        }
    }
    control.step();
    Ok(out)
}

/// Seeds from sorted fingerprints: every pair of postings of one hash in two
/// different documents, unless the hash is boilerplate.
fn seeds(prints: &[(u64, u32, u32)], doc_limit: usize) -> Vec<Seed> {
    let mut seeds = Vec::new();
    let mut i = 0;
    while i < prints.len() {
        let h = prints[i].0;
        let mut j = i + 1;
        while j < prints.len() && prints[j].0 == h {
            j += 1;
        }
        let group = &prints[i..j];
        i = j;
        if group.len() < 2 || group[0].1 == group[group.len() - 1].1 {
            continue;
        }
        let docs = 1 + group.windows(2).filter(|p| p[0].1 != p[1].1).count();
        // A phrase repeated many times inside few documents is as unhelpful
        // as one found in many documents: both are skipped.
        if docs > doc_limit || group.len() > 4 * doc_limit {
            continue;
        }
        for (x, p) in group.iter().enumerate() {
            for q in &group[x + 1..] {
                if q.1 != p.1 {
                    seeds.push(Seed { a: p.1, b: q.1, pa: p.2, pb: q.2 });
                }
            }
        }
    }
    seeds
}

/// Verify seeds and grow each to a maximal run of equal words.
fn extend(seeds: &mut [Seed], ta: &[Token], tb: &[Token], k: usize) -> Vec<Run> {
    seeds.sort_unstable_by_key(|s| (i64::from(s.pa) - i64::from(s.pb), s.pa));
    let mut runs = Vec::new();
    let mut last: Option<(i64, usize)> = None;
    for s in seeds.iter() {
        let (pa, pb) = (s.pa as usize, s.pb as usize);
        let diag = pa as i64 - pb as i64;
        if matches!(last, Some((d, end)) if d == diag && pa < end) {
            continue;
        }
        if (0..k).any(|i| ta[pa + i].hash != tb[pb + i].hash) {
            continue; // a hash collision, not a match
        }
        let (mut a0, mut b0) = (pa, pb);
        while a0 > 0 && b0 > 0 && ta[a0 - 1].hash == tb[b0 - 1].hash {
            a0 -= 1;
            b0 -= 1;
        }
        let (mut a1, mut b1) = (pa + k, pb + k);
        while a1 < ta.len() && b1 < tb.len() && ta[a1].hash == tb[b1].hash {
            a1 += 1;
            b1 += 1;
        }
        runs.push(Run { a0, a1, b0, b1 });
        last = Some((diag, a1));
    }
    runs
}

struct Chain {
    run: Run,
    matched: usize,
}

/// Chain runs that follow each other in both documents with small gaps.
fn chain(mut runs: Vec<Run>, k: usize) -> Vec<Chain> {
    runs.sort_unstable();
    runs.dedup();
    let overlap = -(k as i64);
    let mut chains: Vec<Chain> = Vec::new();
    for r in runs {
        let fits = |c: &Chain| {
            let ga = r.a0 as i64 - c.run.a1 as i64;
            let gb = r.b0 as i64 - c.run.b1 as i64;
            (overlap..=GAP).contains(&ga)
                && (overlap..=GAP).contains(&gb)
                && (ga - gb).abs() <= GAP
                && r.a1 > c.run.a1
                && r.b1 > c.run.b1
        };
        let at = chains.len();
        if let Some(c) = chains[at.saturating_sub(16)..].iter_mut().rev().find(|c| fits(c)) {
            c.matched += r.a1 - r.a0.max(c.run.a1);
            c.run.a1 = r.a1;
            c.run.b1 = r.b1;
        } else {
            chains.push(Chain { run: r, matched: r.a1 - r.a0 });
        }
    }
    chains
}

/// Shortest run of equal words that [`grow`] accepts past a gap.
const MIN_TAIL: usize = 3;

/// Local alignment at the edges of a chain: past a gap of up to [`GAP`]
/// words on either side, take the longest run of at least [`MIN_TAIL`]
/// equal words, and repeat. This recovers the ends of a passage whose
/// stretch before (or after) an edit was too short to hold a fingerprint.
fn grow(c: &mut Chain, ta: &[Token], tb: &[Token]) {
    while let Some((n, i, j)) = past_gap(ta, tb, (c.run.a0, c.run.b0), false) {
        c.matched += n;
        (c.run.a0, c.run.b0) = (i, j);
    }
    while let Some((n, i, j)) = past_gap(ta, tb, (c.run.a1, c.run.b1), true) {
        c.matched += n;
        (c.run.a1, c.run.b1) = (i, j);
    }
}

/// From the edge `at` (word positions in `ta` and `tb`) of a chain, skip up
/// to [`GAP`] words on either side and take the longest run of equal words
/// going outwards (`forward`: after the chain, else before it). Returns the
/// run's length and its far end, when it has at least [`MIN_TAIL`] words.
fn past_gap(ta: &[Token], tb: &[Token], at: (usize, usize), forward: bool) -> Option<(usize, usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for ga in 0..=GAP as usize {
        for gb in 0..=GAP as usize {
            if ga + gb == 0 {
                continue;
            }
            let mut n = 0;
            let (i, j) = if forward {
                let (mut i, mut j) = (at.0 + ga, at.1 + gb);
                while i < ta.len() && j < tb.len() && ta[i].hash == tb[j].hash {
                    (i, j, n) = (i + 1, j + 1, n + 1);
                }
                (i, j)
            } else {
                let (Some(mut i), Some(mut j)) = (at.0.checked_sub(ga), at.1.checked_sub(gb)) else { continue };
                while i > 0 && j > 0 && ta[i - 1].hash == tb[j - 1].hash {
                    (i, j, n) = (i - 1, j - 1, n + 1);
                }
                (i, j)
            };
            if n >= MIN_TAIL && best.is_none_or(|b| n > b.0) {
                best = Some((n, i, j));
            }
        }
    }
    best
}

/// Union-find root with path halving.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Group passages that overlap in some document.
pub fn clusters(passages: &[SharedPassage]) -> Vec<Cluster> {
    // Every side of every passage, by document and start.
    let mut sides: Vec<(usize, CharRange, usize)> = Vec::with_capacity(passages.len() * 2);
    for (i, p) in passages.iter().enumerate() {
        sides.push((p.a, p.a_range, i));
        sides.push((p.b, p.b_range, i));
    }
    sides.sort_unstable_by_key(|s| (s.0, s.1.start, s.1.end));
    let mut parent: Vec<usize> = (0..passages.len()).collect();
    // Merge overlapping sides into places, joining their passages.
    let mut places: Vec<(Member, usize)> = Vec::new();
    for (doc, range, p) in sides {
        match places.last_mut() {
            Some((m, q)) if m.doc == doc && range.start < m.range.end => {
                m.range.end = m.range.end.max(range.end);
                let (x, y) = (root(&mut parent, *q), root(&mut parent, p));
                parent[x] = y;
                *q = p;
            }
            _ => places.push((Member { doc, range }, p)),
        }
    }
    let mut groups: FxHashMap<usize, Cluster> = FxHashMap::default();
    for (m, p) in places {
        let r = root(&mut parent, p);
        groups.entry(r).or_insert_with(|| Cluster { members: Vec::new(), passages: Vec::new() }).members.push(m);
    }
    for i in 0..passages.len() {
        let r = root(&mut parent, i);
        if let Some(c) = groups.get_mut(&r) {
            c.passages.push(i);
        }
    }
    let mut out: Vec<Cluster> = groups.into_values().collect();
    for c in &mut out {
        c.members.sort_unstable();
    }
    out.sort_by(|x, y| y.doc_count().cmp(&x.doc_count()).then_with(|| x.members.cmp(&y.members)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(texts: &[&str], settings: &ReuseSettings) -> Vec<SharedPassage> {
        let idx: Vec<WordIndex> = texts.iter().map(|t| WordIndex::words(t)).collect();
        let refs: Vec<&WordIndex> = idx.iter().collect();
        find_shared(&refs, settings, &Control::new()).expect("not cancelled")
    }

    fn slice(t: &str, r: CharRange) -> String {
        t.chars().skip(r.start.0).take(r.len()).collect()
    }

    const QUOTE: &str = "we will not rest until every family on this street has a safe home again";

    #[test]
    fn finds_a_quote_in_two_articles() {
        let a = format!("The mayor spoke on Tuesday. \"{QUOTE},\" she said. Then rain fell.");
        let b = format!("Residents cheered when she promised: {QUOTE}. Others were doubtful.");
        let found = run(&[&a, &b], &ReuseSettings::default());
        assert_eq!(found.len(), 1, "one passage: {found:?}");
        assert_eq!(slice(&a, found[0].a_range), QUOTE, "range in a");
        assert_eq!(slice(&b, found[0].b_range), QUOTE, "range in b");
        assert!((found[0].similarity - 1.0).abs() < f32::EPSILON, "verbatim");
    }

    #[test]
    fn copies_of_one_text_share_all_of_it_and_what_it_shares() {
        let a = format!("The mayor spoke on Tuesday. \"{QUOTE},\" she said. Then rain fell.");
        let b = format!("Residents cheered when she promised: {QUOTE}. Others were doubtful.");
        let (ia, ib) = (WordIndex::words(&a), WordIndex::words(&b));
        // Documents 0 and 2 are one text given one index; 1 is another.
        let found = find_shared(&[&ia, &ib, &ia], &ReuseSettings::default(), &Control::new()).expect("run");
        let pairs: Vec<(usize, usize)> = found.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(0, 1), (0, 2), (1, 2)], "{found:?}");
        assert_eq!(slice(&a, found[0].a_range), QUOTE);
        assert_eq!(slice(&b, found[2].a_range), QUOTE, "the copy's pair is oriented like the others");
        assert_eq!(slice(&a, found[2].b_range), QUOTE);
        let whole = &found[1];
        assert_eq!((whole.words, whole.a_range, whole.b_range), (ia.len(), ia.span(0, ia.len()), ia.span(0, ia.len())));
        // Too short to count as a shared passage: copies of a two-word text share nothing.
        let tiny = WordIndex::words("Two words");
        assert!(find_shared(&[&tiny, &tiny], &ReuseSettings::default(), &Control::new()).expect("run").is_empty());
    }

    #[test]
    fn small_edits_do_not_split_a_passage() {
        let a = "The council voted on Monday night to close the old bridge to all traffic until engineers finish a full inspection of its supports.";
        let b = "The Council voted on Monday evening to close the old bridge to all traffic, until engineers finish a full inspection of its supports!";
        let found = run(&[a, b], &ReuseSettings::default());
        assert_eq!(found.len(), 1, "one passage despite a changed word: {found:?}");
        assert!(found[0].words >= 22, "most words match");
        assert!(found[0].similarity > 0.9, "similar");
    }

    #[test]
    fn unrelated_texts_share_nothing() {
        let a = "Prices of wheat rose sharply in the spring as dry weather hit the plains.";
        let b = "The orchestra played a new symphony to a full hall on its opening night.";
        assert!(run(&[a, b], &ReuseSettings::default()).is_empty(), "nothing shared");
    }

    #[test]
    fn short_runs_are_below_the_minimum() {
        let a = "one two three four five six seven alpha beta";
        let b = "gamma one two three four five six seven delta";
        assert!(run(&[a, b], &ReuseSettings::default()).is_empty(), "seven words < eight");
        let s = ReuseSettings { min_words: 7, ..ReuseSettings::default() };
        assert_eq!(run(&[a, b], &s).len(), 1, "seven words found with min 7");
    }

    #[test]
    fn boilerplate_in_every_document_is_ignored() {
        let footer = "all rights reserved by the publisher and its partners worldwide";
        let texts: Vec<String> = (0..12).map(|i| format!("Story number {i} about topic {i}. {footer}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let s = ReuseSettings { max_docs: 5, ..ReuseSettings::default() };
        assert!(run(&refs, &s).is_empty(), "footer in 12 docs > 5 is boilerplate");
        let s = ReuseSettings { max_docs: 20, ..ReuseSettings::default() };
        assert_eq!(run(&refs, &s).len(), 66, "with a higher cut-off every pair matches");
    }

    #[test]
    fn clusters_join_a_quote_across_three_documents() {
        let a = format!("First report. {QUOTE}. End.");
        let b = format!("Second report says {QUOTE} and more.");
        let c = format!("{QUOTE}. Third report.");
        let found = run(&[&a, &b, &c], &ReuseSettings::default());
        assert_eq!(found.len(), 3, "three pairs");
        let cl = clusters(&found);
        assert_eq!(cl.len(), 1, "one cluster");
        assert_eq!(cl[0].doc_count(), 3, "in three documents");
        assert_eq!(cl[0].passages.len(), 3, "all passages");
    }

    #[test]
    fn empty_and_tiny_documents_share_nothing() {
        assert!(run(&["", "", "word"], &ReuseSettings::default()).is_empty(), "no words, no passages");
        assert!(run(&[QUOTE], &ReuseSettings::default()).is_empty(), "one document has nobody to share with");
        let idx = WordIndex::words(QUOTE);
        let found = find_shared(&[&idx, &idx], &ReuseSettings::default(), &Control::new()).expect("run");
        assert_eq!(found.len(), 1, "a document against itself is one passage");
        assert_eq!(found[0].words, idx.len(), "all of it");
    }

    #[test]
    fn cancel_stops_the_job() {
        let c = Control::new();
        c.cancel();
        let idx = WordIndex::words(QUOTE);
        assert_eq!(find_shared(&[&idx, &idx], &ReuseSettings::default(), &c), Err(Cancelled), "cancelled");
    }
}
