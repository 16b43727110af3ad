//! Pairs of sentences that may say the same thing (step 3).

#[allow(clippy::wildcard_imports)] // the parent's types and rules
use super::*;

/// The pairs of sentences of different documents that may say the same
/// thing, each once, a document per thread.
pub(super) fn pairs(
    sentences: &[Vec<Sentence>],
    df: &[u32],
    weight: &[f32],
    control: &Control,
) -> Result<Vec<Edge>, Cancelled> {
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
pub(super) type Partners = Vec<Vec<Option<(usize, f32)>>>;

/// Pairs of document `d`'s keyless sentences (see [`pairs`]) with later
/// documents' sentences near where their neighbours' partners stand.
#[allow(clippy::too_many_arguments)] // the pair search's shared tables
pub(super) fn keyless_pairs(
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
pub(super) fn score(s: &Sentence, t: &Sentence, ma: f32, mb: f32, weight: &[f32]) -> Option<(f32, f32)> {
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
pub(super) const WINDOW: usize = 12;
/// How far a keyless sentence looks for a paired neighbour.
pub(super) const REACH: usize = 200;

/// Two sentences of different documents that may say the same thing.
#[derive(Clone)]
pub(super) struct Edge {
    pub(super) a: (usize, usize),
    pub(super) b: (usize, usize),
    pub(super) dice: f32,
    pub(super) contain: f32,
    /// The user joined these (past the split rule).
    pub(super) forced: bool,
}

/// The weight of the words two sorted word lists share.
pub(super) fn shared_mass(a: &[u32], b: &[u32], weight: &[f32]) -> f32 {
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
