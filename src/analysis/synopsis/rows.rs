//! Rows from pairs, the user's choices, and the order rows are read in (steps 4 and 5).

use super::pairs::{Edge, shared_mass};
#[allow(clippy::wildcard_imports)] // the parent's types and rules
use super::*;

/// Groups of sentences (per document, sorted indices) from the pairs, best
/// first: a pair joins two groups unless that would put two sentences of
/// one document together, which only a split allows (adjacent sentences,
/// the new one contained in the other document's sentence).
/// The user's choices as sentences: pairs to join first (forced, past the
/// split rule), sentences to keep apart, sentences to leave alone.
pub(super) struct Rules {
    pub(super) together: Vec<Edge>,
    pub(super) apart: FxHashMap<(usize, usize), Vec<(usize, usize)>>,
    pub(super) alone: rustc_hash::FxHashSet<(usize, usize)>,
}

impl Rules {
    pub(super) fn new(sentences: &[Vec<Sentence>], choices: &[Choice]) -> Self {
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
    pub(super) fn parts(&self, x: &[Vec<usize>], y: &[Vec<usize>]) -> bool {
        if self.apart.is_empty() {
            return false;
        }
        x.iter().enumerate().any(|(d, list)| {
            list.iter()
                .any(|i| self.apart.get(&(d, *i)).is_some_and(|others| others.iter().any(|(e, j)| y[*e].contains(j))))
        })
    }
}

pub(super) fn group(sentences: &[Vec<Sentence>], edges: &[Edge], rules: &Rules) -> Vec<Vec<Vec<usize>>> {
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
pub(super) fn fill_gaps(sentences: &[Vec<Sentence>], rows: &mut [Vec<Vec<usize>>], weight: &[f32], rules: &Rules) {
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
pub(super) fn split(a: &[usize], b: &[usize], e: &Edge) -> bool {
    let mut all: Vec<usize> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    all.dedup();
    all.len() <= MAX_RUN && all.windows(2).all(|w| w[1] == w[0] + 1) && e.contain >= PART
}

/// Most sentences of one document in a row: a sentence split in two, or
/// two where another version merged them, and one more where versions
/// merged different neighbours (one merged 3 and 4, another 4 and 5).
pub(super) const MAX_RUN: usize = 3;

/// The rows in reading order (see the module's notes), with moves marked.
pub(super) fn order(sentences: &[Vec<Sentence>], groups: Vec<Vec<Vec<usize>>>, reference: Option<usize>) -> Vec<Row> {
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
pub(super) fn longest_increasing(xs: &[usize]) -> Vec<usize> {
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
