//! Re-anchoring: finding each annotation's passage again after its source
//! text changed.
//!
//! The cascade follows the Hypothesis client's fuzzy anchoring (quote +
//! position selectors, W3C Web Annotation model) but is stricter about
//! look-alikes:
//!
//! 1. Unchanged text hash: every position is exact.
//! 2. The text at the stored position equals the quote and its context still
//!    matches: keep it.
//! 3. The exact quote occurs elsewhere: score every occurrence by how well
//!    the text around it matches the stored prefix and suffix, plus a little
//!    for closeness to the expected position. A clear winner whose context
//!    matches on both sides is "moved"; close runners-up, or context that
//!    matches on one side only, give "needs review"; an occurrence whose
//!    context matches on neither side is a look-alike, not the passage.
//! 4. The quote no longer occurs: look for an edited version between places
//!    where its head or tail (or the end of its prefix, the start of its
//!    suffix) still occur, and accept the best region whose similarity to
//!    the quote (normalized Levenshtein) passes a threshold with a margin
//!    over the runner-up.
//! 5. Otherwise the annotation is an orphan: its note and tags are kept.
//!
//! All quotes of a document are searched in one pass with an Aho–Corasick
//! automaton, so re-anchoring thousands of annotations reads the text once
//! or twice, not once per annotation.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::AhoCorasick;

use crate::model::anchor::CONTEXT_CHARS;
use crate::model::{
    Anchor, AnchorStatus, Annotation, AnnotationId, ByteIdx, CharIdx, CharRange, DocId, Project, SourceText,
};

/// Context similarity at or above which one side of a quote "matches".
const CONTEXT_OK: f64 = 0.5;
/// Lead the best occurrence of an exact quote needs over the runner-up.
const EXACT_MARGIN: f64 = 0.1;
/// A unique quote at least this long is not a look-alike even when its
/// context changed on both sides; it is offered for review.
const LONG_QUOTE: usize = 64;
/// Least similarity of an edited passage to its quote.
const FUZZY_THRESHOLD: f64 = 0.75;
/// Lead the best edited passage needs over the runner-up.
const FUZZY_MARGIN: f64 = 0.05;
/// Shortest quote searched for fuzzily: shorter ones are too easy to mistake.
const FUZZY_MIN_CHARS: usize = 8;
/// Chars of the quote's head and tail used as seeds for the fuzzy search.
const SEED_CHARS: usize = 12;
/// Seeds occurring more often than this are too common to be useful.
const SEED_MAX_HITS: usize = 256;
/// Occurrences of an exact quote scored in full (the rest by a cheap test).
const MAX_SCORED: usize = 64;

/// Where an annotation's passage is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// How sure the match is.
    pub status: AnchorStatus,
    /// The passage now (`None` for orphans).
    pub range: Option<CharRange>,
}

/// Find `anchor` in `text` (steps 2–5 of the cascade).
pub fn resolve(text: &SourceText, anchor: &Anchor, old_len: usize) -> Resolution {
    let mut out = resolve_all(text, &[anchor], old_len);
    out.pop().unwrap_or(Resolution { status: AnchorStatus::Orphaned, range: None })
}

/// Find many anchors of one document in `text` (steps 2–5), in one pass.
/// `old_len` is the text's length in chars when the anchors were made.
pub fn resolve_all(text: &SourceText, anchors: &[&Anchor], old_len: usize) -> Vec<Resolution> {
    let mut out: Vec<Option<Resolution>> = vec![None; anchors.len()];
    // Step 2: still in place, either where it was or shifted by as much as
    // the passage before it (an edit earlier in the text moves everything
    // after it alike). Context must match on both sides, so a look-alike
    // that slid into the old place is not taken for the passage.
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by_key(|&i| anchors[i].range.start);
    let mut pending = Vec::new();
    let mut tentative: Vec<(usize, usize)> = Vec::new();
    let mut delta: isize = 0;
    for i in order {
        let a = anchors[i];
        if a.exact.is_empty() {
            out[i] = Some(resolve_empty(text, a));
            continue;
        }
        let shifted = a.range.start.0.checked_add_signed(delta).filter(|_| delta != 0);
        let found = std::iter::once(a.range.start.0)
            .chain(shifted)
            .find(|&s| in_place(text, a, s))
            .or_else(|| near(text, a, shifted.unwrap_or(a.range.start.0)));
        match found {
            Some(s) => {
                let range = CharRange::new(s, s + a.range.len());
                let status = if range == a.range { AnchorStatus::Exact } else { AnchorStatus::Moved };
                delta = s.cast_signed() - a.range.start.0.cast_signed();
                out[i] = Some(Resolution { status, range: Some(range) });
                // A context only alike (≥ 0.9) can let a look-alike pass in
                // repetitive text ("]]]]Z]]]"): the place stands unless the
                // quote occurs elsewhere with exactly its context. (Found by
                // the `reanchor` fuzz target.)
                if !perfect_at(text.as_str(), a, text.char_to_byte(CharIdx(s)).0) {
                    tentative.push((i, s));
                }
            }
            None => pending.push(i),
        }
    }
    // Step 3: exact quote elsewhere; for a tentative place, only when
    // another occurrence has exactly the recorded context.
    let needles = pending.iter().chain(tentative.iter().map(|(i, _)| i)).map(|&i| anchors[i].exact.as_str());
    let hits = find_all(text, needles);
    let (pending_hits, tentative_hits) = hits.split_at(pending.len());
    let mut fuzzy = Vec::new();
    for (&i, hits) in pending.iter().zip(pending_hits) {
        if hits.is_empty() {
            fuzzy.push(i);
        } else {
            out[i] = Some(pick_exact(text, anchors[i], hits, old_len));
        }
    }
    for (&(i, s), hits) in tentative.iter().zip(tentative_hits) {
        let at = text.char_to_byte(CharIdx(s)).0;
        if hits.iter().any(|&b| b != at && perfect_at(text.as_str(), anchors[i], b)) {
            out[i] = Some(pick_exact(text, anchors[i], hits, old_len));
        }
    }
    // Step 4: edited quote; step 5: orphan.
    for (i, r) in
        fuzzy_resolve(text, &fuzzy.iter().map(|&i| anchors[i]).collect::<Vec<_>>(), old_len).into_iter().enumerate()
    {
        out[fuzzy[i]] = Some(r);
    }
    out.into_iter().map(|r| r.unwrap_or(Resolution { status: AnchorStatus::Orphaned, range: None })).collect()
}

/// True when the quote of `a` starts at char `start` with its context around it.
fn in_place(text: &SourceText, a: &Anchor, start: usize) -> bool {
    let range = CharRange::new(start, start + a.range.len());
    range.end.0 <= text.char_len()
        && text.slice(range) == a.exact
        && prefix_sim(&a.prefix, before(text, range.start)) >= 0.9
        && suffix_sim(&a.suffix, after(text, range.end)) >= 0.9
}

/// True when the quote of `a` is at byte `b` with exactly its recorded
/// context on both sides (a context cut short by an edge of the text is
/// compared only next to the quote).
fn perfect_at(s: &str, a: &Anchor, b: usize) -> bool {
    let end = b + a.exact.len();
    s.get(b..end) == Some(a.exact.as_str())
        && s[..b].ends_with(a.prefix.as_str())
        && s[end..].starts_with(a.suffix.as_str())
}

/// Bytes searched on each side of the expected place by [`near`].
const NEAR_BYTES: usize = 8 * 1024;

/// The quote's start when it occurs exactly once within [`NEAR_BYTES`] of
/// char `expected`, with its context; `None` when absent or ambiguous there
/// (the full search then decides).
fn near(text: &SourceText, a: &Anchor, expected: usize) -> Option<usize> {
    let s = text.as_str();
    let mid = text.char_to_byte(CharIdx(expected)).0;
    let lo = s.floor_char_boundary(mid.saturating_sub(NEAR_BYTES));
    let hi = s.ceil_char_boundary((mid + NEAR_BYTES + a.exact.len()).min(s.len()));
    let mut hits = s[lo..hi].match_indices(a.exact.as_str()).map(|(b, _)| lo + b);
    let first = hits.next()?;
    if hits.next().is_some() {
        return None;
    }
    let start = text.byte_to_char(ByteIdx(first)).0;
    in_place(text, a, start).then_some(start)
}

/// A zero-length anchor: place it where its prefix and suffix meet.
fn resolve_empty(text: &SourceText, a: &Anchor) -> Resolution {
    let joint = format!("{}{}", a.prefix, a.suffix);
    if joint.is_empty() {
        return Resolution { status: AnchorStatus::Exact, range: Some(CharRange::new(0, 0)) };
    }
    let hits = find_all(text, std::iter::once(joint.as_str()));
    match hits[0].as_slice() {
        [one] => {
            let at = text.byte_to_char(ByteIdx(one + a.prefix.len())).0;
            Resolution { status: AnchorStatus::Moved, range: Some(CharRange::new(at, at)) }
        }
        _ => Resolution { status: AnchorStatus::Orphaned, range: None },
    }
}

/// Longest needle prefix put into the automaton; longer needles are
/// confirmed by comparing the rest at each hit. A small automaton builds and
/// scans much faster than one holding every whole quote.
const PATTERN_PREFIX: usize = 24;

/// Byte offsets of every (overlapping) occurrence of each needle.
fn find_all<'a>(text: &SourceText, needles: impl Iterator<Item = &'a str>) -> Vec<Vec<usize>> {
    let needles: Vec<&str> = needles.collect();
    let mut hits = vec![Vec::new(); needles.len()];
    if needles.is_empty() {
        return hits;
    }
    // Needles with the same prefix share one pattern.
    let mut uniq: HashMap<&str, usize> = HashMap::new();
    let mut patterns: Vec<&str> = Vec::new();
    let mut users: Vec<Vec<usize>> = Vec::new();
    for (k, n) in needles.iter().enumerate() {
        let cut = n.floor_char_boundary(PATTERN_PREFIX.min(n.len()));
        let cut = if cut == 0 { n.len() } else { cut };
        let id = *uniq.entry(&n[..cut]).or_insert_with(|| {
            patterns.push(&n[..cut]);
            users.push(Vec::new());
            patterns.len() - 1
        });
        users[id].push(k);
    }
    let Ok(ac) = AhoCorasick::new(&patterns) else {
        return hits;
    };
    let hay = text.as_str();
    for m in ac.find_overlapping_iter(hay) {
        for &k in &users[m.pattern().as_usize()] {
            if hay[m.start()..].starts_with(needles[k]) {
                hits[k].push(m.start());
            }
        }
    }
    hits
}

/// Up to [`CONTEXT_CHARS`] chars before char `at`.
fn before(text: &SourceText, at: CharIdx) -> &str {
    let b = text.char_to_byte(at).0;
    let s = text.as_str();
    let start = s[..b].char_indices().rev().take(CONTEXT_CHARS).last().map_or(b, |(i, _)| i);
    &s[start..b]
}

/// Up to [`CONTEXT_CHARS`] chars after char `at`.
fn after(text: &SourceText, at: CharIdx) -> &str {
    let b = text.char_to_byte(at).0;
    let s = &text.as_str()[b..];
    let end = s.char_indices().nth(CONTEXT_CHARS).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// How alike a stored context and the context found now are (0..1). Both
/// empty (start or end of text) is a full match; one empty is a weak one.
fn context_sim(stored: &str, found: &str) -> f64 {
    if stored == found {
        return 1.0;
    }
    match (stored.is_empty(), found.is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.3,
        _ => strsim::normalized_levenshtein(stored, found),
    }
}

/// Similarity of a stored prefix to the text now before a candidate.
fn prefix_sim(stored: &str, found: &str) -> f64 {
    edge_sim(stored, found, true)
}

/// Similarity of a stored suffix to the text now after a candidate.
fn suffix_sim(stored: &str, found: &str) -> f64 {
    edge_sim(stored, found, false)
}

/// A context shorter than [`CONTEXT_CHARS`] was cut by the start (prefix) or
/// end (suffix) of the text, so only as many chars of `found`, next to the
/// quote, are compared: text added beyond the old edge is not a change to
/// what was recorded. An empty context recorded nothing and contradicts
/// nothing.
fn edge_sim(stored: &str, found: &str, is_prefix: bool) -> f64 {
    let n = stored.chars().count();
    if n == 0 {
        return 1.0;
    }
    if n >= CONTEXT_CHARS {
        return context_sim(stored, found);
    }
    let near = if is_prefix {
        let skip = found.chars().count().saturating_sub(n);
        &found[found.char_indices().nth(skip).map_or(found.len(), |(i, _)| i)..]
    } else {
        &found[..found.char_indices().nth(n).map_or(found.len(), |(i, _)| i)]
    };
    context_sim(stored, near)
}

/// Chars adjacent to the quote that agree exactly: a cheap pre-score.
fn boundary_run(stored_prefix: &str, found_prefix: &str, stored_suffix: &str, found_suffix: &str) -> usize {
    let p = stored_prefix.chars().rev().zip(found_prefix.chars().rev()).take_while(|(a, b)| a == b).count();
    let s = stored_suffix.chars().zip(found_suffix.chars()).take_while(|(a, b)| a == b).count();
    p + s
}

/// Expected char position of a passage that was at `old` in a text of
/// `old_len` chars, scaled to the current length.
fn expected_pos(old: CharIdx, old_len: usize, new_len: usize) -> f64 {
    if old_len == 0 { 0.0 } else { old.0 as f64 * new_len as f64 / old_len as f64 }
}

/// 1 at the expected position, falling to 0 a whole text away.
fn position_score(at: usize, expected: f64, len: usize) -> f64 {
    1.0 - ((at as f64 - expected).abs() / len.max(1) as f64).min(1.0)
}

struct Scored {
    start: usize,
    prefix: f64,
    suffix: f64,
    total: f64,
}

/// Step 3: choose among the occurrences of the exact quote.
fn pick_exact(text: &SourceText, a: &Anchor, hits: &[usize], old_len: usize) -> Resolution {
    let qlen = a.range.len().max(a.exact.chars().count());
    let expected = expected_pos(a.range.start, old_len, text.char_len());
    let mut cands: Vec<usize> = hits.iter().map(|&b| text.byte_to_char(ByteIdx(b)).0).collect();
    if cands.len() > MAX_SCORED {
        let key = |c: &usize| {
            let run = boundary_run(&a.prefix, before(text, CharIdx(*c)), &a.suffix, after(text, CharIdx(c + qlen)));
            std::cmp::Reverse((run, -(((*c as f64) - expected).abs() as i64)))
        };
        cands.sort_by_cached_key(key);
        cands.truncate(MAX_SCORED);
    }
    let mut scored: Vec<Scored> = cands
        .into_iter()
        .map(|start| {
            let prefix = prefix_sim(&a.prefix, before(text, CharIdx(start)));
            let suffix = suffix_sim(&a.suffix, after(text, CharIdx(start + qlen)));
            let total = f64::midpoint(prefix, suffix) + 0.05 * position_score(start, expected, text.char_len());
            Scored { start, prefix, suffix, total }
        })
        .collect();
    scored.sort_by(|x, y| y.total.total_cmp(&x.total));
    let best = &scored[0];
    let range = CharRange::new(best.start, best.start + qlen);
    let clear = scored.get(1).is_none_or(|r| best.total - r.total >= EXACT_MARGIN);
    let both = best.prefix >= CONTEXT_OK && best.suffix >= CONTEXT_OK;
    let one = best.prefix >= CONTEXT_OK || best.suffix >= CONTEXT_OK;
    let status = if both && clear {
        if range == a.range && best.prefix >= 0.99 && best.suffix >= 0.99 {
            AnchorStatus::Exact
        } else {
            AnchorStatus::Moved
        }
    } else if both || (one && clear) || (scored.len() == 1 && qlen >= LONG_QUOTE) {
        AnchorStatus::NeedsReview
    } else {
        return Resolution { status: AnchorStatus::Orphaned, range: None };
    };
    Resolution { status, range: Some(range) }
}

/// The first and last [`SEED_CHARS`] chars of `s` (or all of it).
fn head_tail(s: &str) -> (&str, &str) {
    let n = s.chars().count();
    if n <= SEED_CHARS {
        return (s, s);
    }
    let head_end = s.char_indices().nth(SEED_CHARS).map_or(s.len(), |(i, _)| i);
    let tail_start = s.char_indices().nth(n - SEED_CHARS).map_or(0, |(i, _)| i);
    (&s[..head_end], &s[tail_start..])
}

/// Step 4 for many anchors: candidate regions start where the quote's head
/// occurs or its prefix ends, and end where its tail occurs or its suffix
/// starts; the region most like the quote wins if it is clearly best.
fn fuzzy_resolve(text: &SourceText, anchors: &[&Anchor], old_len: usize) -> Vec<Resolution> {
    let orphan = Resolution { status: AnchorStatus::Orphaned, range: None };
    // Seeds per anchor: [head, tail, end of prefix, start of suffix].
    let mut seeds: Vec<&str> = Vec::with_capacity(anchors.len() * 4);
    for a in anchors {
        let (head, tail) = head_tail(&a.exact);
        let pre = head_tail(&a.prefix).1;
        let suf = head_tail(&a.suffix).0;
        seeds.extend([head, tail, pre, suf]);
    }
    let searchable: Vec<&str> = seeds.iter().copied().filter(|s| s.chars().count() >= 4).collect();
    let found = find_all(text, searchable.iter().copied());
    let mut hits_of: BTreeMap<&str, &Vec<usize>> = BTreeMap::new();
    for (s, h) in searchable.iter().zip(&found) {
        if h.len() <= SEED_MAX_HITS {
            hits_of.insert(s, h);
        }
    }
    let chars_of = |s: &str, f: &dyn Fn(usize) -> usize| -> Vec<usize> {
        hits_of.get(s).map(|h| h.iter().map(|&b| text.byte_to_char(ByteIdx(f(b))).0).collect()).unwrap_or_default()
    };
    anchors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let qlen = a.exact.chars().count();
            if qlen < FUZZY_MIN_CHARS {
                return orphan.clone();
            }
            let [head, tail, pre, suf] = [seeds[4 * i], seeds[4 * i + 1], seeds[4 * i + 2], seeds[4 * i + 3]];
            let mut starts = chars_of(head, &|b| b);
            starts.extend(chars_of(pre, &|b| b + pre.len()));
            let mut ends = chars_of(tail, &|b| b + tail.len());
            ends.extend(chars_of(suf, &|b| b));
            starts.sort_unstable();
            starts.dedup();
            ends.sort_unstable();
            ends.dedup();
            let (lo, hi) = (qlen * 3 / 4, qlen * 4 / 3 + 4);
            let mut regions = Vec::new();
            for &s in &starts {
                let from = ends.partition_point(|&e| e < s + lo);
                regions.extend(ends[from..].iter().take_while(|&&e| e <= s + hi).map(|&e| CharRange::new(s, e)));
            }
            let expected = expected_pos(a.range.start, old_len, text.char_len());
            regions.sort_by(|x, y| (x.start.0 as f64 - expected).abs().total_cmp(&(y.start.0 as f64 - expected).abs()));
            regions.truncate(MAX_SCORED);
            let mut scored: Vec<(f64, CharRange)> = regions
                .into_iter()
                .map(|r| (similarity(&a.exact, text.slice(r)), r))
                .filter(|(s, _)| *s >= FUZZY_THRESHOLD)
                .collect();
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let Some(&(best, range)) = scored.first() else {
                return orphan.clone();
            };
            // The runner-up is the best region elsewhere, not a slightly
            // different cut of the same place.
            let runner = scored.iter().find(|(_, r)| !r.overlaps(&range)).map(|(s, _)| *s);
            let status = if runner.is_none_or(|r| best - r >= FUZZY_MARGIN) {
                AnchorStatus::Moved
            } else {
                AnchorStatus::NeedsReview
            };
            Resolution { status, range: Some(range) }
        })
        .collect()
}

/// Similarity of two passages (0..1): normalized Levenshtein over chars; for
/// long passages, of their first and last 1,000 chars, to bound the cost.
fn similarity(a: &str, b: &str) -> f64 {
    const WINDOW: usize = 1_000;
    let (na, nb) = (a.chars().count(), b.chars().count());
    if na <= 2 * WINDOW && nb <= 2 * WINDOW {
        return strsim::normalized_levenshtein(a, b);
    }
    let head = |s: &str| s.chars().take(WINDOW).collect::<String>();
    let tail = |s: &str, n: usize| s.chars().skip(n.saturating_sub(WINDOW)).collect::<String>();
    let len_ratio = na.min(nb) as f64 / na.max(nb) as f64;
    let h = strsim::normalized_levenshtein(&head(a), &head(b));
    let t = strsim::normalized_levenshtein(&tail(a, na), &tail(b, nb));
    f64::midpoint(h, t) * len_ratio
}

/// What re-anchoring did to one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocAnchorReport {
    /// Annotations per status after re-anchoring.
    pub counts: BTreeMap<AnchorStatus, usize>,
    /// True when the text changed since the project was saved.
    pub text_changed: bool,
}

/// Combine the status an annotation had with what re-anchoring found: a
/// status is kept until the user confirms, and an orphan that is found again
/// is at best "moved".
fn combine(stored: AnchorStatus, found: AnchorStatus) -> AnchorStatus {
    match (stored, found) {
        (_, AnchorStatus::Orphaned) => AnchorStatus::Orphaned,
        (AnchorStatus::Orphaned, f) => f.max(AnchorStatus::Moved),
        (s, f) => s.max(f),
    }
}

/// Re-anchor every annotation of `doc` against its current `text` (whose
/// normalized hash is `hash`) and record the text's hash and length on the
/// document. Not an undoable edit: it reconciles the project with the disk.
pub fn reanchor_document(project: &mut Project, doc: DocId, text: &SourceText, hash: &str) -> DocAnchorReport {
    let Some(d) = project.document(doc) else {
        return DocAnchorReport::default();
    };
    let unchanged = d.hash == hash && d.char_len == text.char_len();
    let old_len = if d.char_len == 0 { text.char_len() } else { d.char_len };
    let anns: Vec<(AnnotationId, Anchor, AnchorStatus)> =
        project.annotations_of(doc).into_iter().map(|a| (a.id, a.anchor.clone(), a.status)).collect();
    let mut report = DocAnchorReport { text_changed: !unchanged, ..DocAnchorReport::default() };
    if !unchanged {
        let anchors: Vec<&Anchor> = anns.iter().map(|(_, a, _)| a).collect();
        let results = resolve_all(text, &anchors, old_len);
        for ((id, _, _), r) in anns.iter().zip(results) {
            if let Some(a) = project.annotation_mut(*id) {
                apply_resolution(a, text, &r);
            }
        }
    }
    if let Some(d) = project.document_mut(doc) {
        hash.clone_into(&mut d.hash);
        d.char_len = text.char_len();
    }
    for a in project.annotations_of(doc) {
        *report.counts.entry(a.status).or_default() += 1;
    }
    report
}

fn apply_resolution(a: &mut Annotation, text: &SourceText, r: &Resolution) {
    a.status = combine(a.status, r.status);
    if let Some(range) = r.range {
        let new = Anchor::from_text(text, range);
        if new.exact != a.anchor.exact && a.previous_quote.is_none() {
            a.previous_quote = Some(a.anchor.exact.clone());
        }
        a.anchor = new;
    }
}
