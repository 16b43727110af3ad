//! Merging overlapping annotation spans into sorted, non-overlapping runs,
//! so that a reader can paint each stretch of text once with all the
//! annotations that cover it.

use crate::model::{AnnotationId, CharIdx, CharRange};

/// A stretch of text covered by the same set of annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The stretch.
    pub range: CharRange,
    /// Annotations covering all of it, in the order they were given.
    pub annotations: Vec<AnnotationId>,
}

/// Split `spans` (clipped to `within`) into runs. Gaps covered by nothing
/// are left out. Runs come out in text order.
pub fn runs(spans: &[(CharRange, AnnotationId)], within: CharRange) -> Vec<Run> {
    let mut cuts: Vec<usize> = Vec::with_capacity(spans.len() * 2 + 2);
    let clipped: Vec<(CharRange, AnnotationId)> = spans
        .iter()
        .filter_map(|(r, id)| {
            let s = r.start.max(within.start);
            let e = r.end.min(within.end);
            (s < e).then_some((CharRange { start: s, end: e }, *id))
        })
        .collect();
    for (r, _) in &clipped {
        cuts.push(r.start.0);
        cuts.push(r.end.0);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Run> = Vec::new();
    for w in cuts.windows(2) {
        let piece = CharRange { start: CharIdx(w[0]), end: CharIdx(w[1]) };
        let covering: Vec<AnnotationId> =
            clipped.iter().filter(|(r, _)| r.start <= piece.start && piece.end <= r.end).map(|(_, id)| *id).collect();
        if covering.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.range.end == piece.start && last.annotations == covering => last.range.end = piece.end,
            _ => out.push(Run { range: piece, annotations: covering }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_become_runs() {
        let (a, b) = (AnnotationId::from_u128(1), AnnotationId::from_u128(2));
        let got = runs(&[(CharRange::new(0, 10), a), (CharRange::new(5, 15), b)], CharRange::new(2, 20));
        let want = vec![
            Run { range: CharRange::new(2, 5), annotations: vec![a] },
            Run { range: CharRange::new(5, 10), annotations: vec![a, b] },
            Run { range: CharRange::new(10, 15), annotations: vec![b] },
        ];
        assert_eq!(got, want, "runs");
        assert!(runs(&[(CharRange::new(0, 3), a)], CharRange::new(3, 9)).is_empty(), "outside the window");
        let gap = runs(&[(CharRange::new(0, 2), a), (CharRange::new(4, 6), a)], CharRange::new(0, 9));
        assert_eq!(gap.len(), 2, "gap keeps runs apart");
    }
}
