//! Counting: documents × tags (the coverage matrix: passages, share of the
//! text coded, presence) and tag × tag co-occurrence.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::model::{Annotation, AnnotationId, DocId, Project, Scope, TagId};

/// Passages per document and tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    /// Rows: documents, sorted by title (then path).
    pub docs: Vec<DocId>,
    /// Columns: tags in codebook order.
    pub tags: Vec<TagId>,
    /// `counts[row][column]`: annotations of that document carrying that tag.
    pub counts: Vec<Vec<usize>>,
    /// `coded[row][column]`: chars of the document inside at least one
    /// passage with that tag (overlaps counted once).
    pub coded: Vec<Vec<usize>>,
    /// Each row's document length in chars (as last read).
    pub lengths: Vec<usize>,
    /// Each row's passages with at least one of the columns' tags (a
    /// passage with two tags is one passage here, two tag uses in `counts`).
    pub passages: Vec<usize>,
}

impl Matrix {
    /// Share (0..=1) of the row's document covered by the column's tag.
    pub fn share(&self, row: usize, col: usize) -> f32 {
        let len = self.lengths[row];
        if len == 0 {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)] // a share, shown as a percentage
        let s = self.coded[row][col] as f32 / len as f32;
        s.min(1.0)
    }
}

/// Count every annotation once per tag it carries (orphaned ones too: their
/// notes and tags are still the user's work), and measure how much of each
/// document each tag covers.
pub fn matrix(project: &Project) -> Matrix {
    matrix_of(project, Scope::All)
}

/// [`matrix`] with a row for each document in `scope` only.
pub fn matrix_of(project: &Project, scope: Scope) -> Matrix {
    let mut docs: Vec<(&str, &str, DocId, usize)> = project
        .documents()
        .filter(|d| scope.contains(project, d.id))
        .map(|d| (d.meta.title.as_str(), d.path.as_str(), d.id, d.char_len))
        .collect();
    docs.sort_unstable();
    let lengths = docs.iter().map(|d| d.3).collect();
    let docs: Vec<DocId> = docs.into_iter().map(|(_, _, id, _)| id).collect();
    let tags: Vec<TagId> = project.codebook().tree().into_iter().map(|(_, t)| t.id).collect();
    let row: FxHashMap<DocId, usize> = docs.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let col: FxHashMap<TagId, usize> = tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut counts = vec![vec![0usize; tags.len()]; docs.len()];
    let mut passages = vec![0usize; docs.len()];
    // (row, column, start, end) of every tagged passage, sorted so that each
    // cell's ranges come together in order and their union is one sweep.
    let mut spans: Vec<(u32, u32, usize, usize)> = Vec::with_capacity(project.annotations.len());
    for a in project.annotations() {
        let Some(&r) = row.get(&a.doc) else { continue };
        if a.tags.iter().any(|t| col.contains_key(t)) {
            passages[r] += 1;
        }
        for t in &a.tags {
            if let Some(&c) = col.get(t) {
                counts[r][c] += 1;
                let (r, c) = (u32::try_from(r).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX));
                spans.push((r, c, a.anchor.range.start.0, a.anchor.range.end.0));
            }
        }
    }
    spans.sort_unstable();
    let mut coded = vec![vec![0usize; tags.len()]; docs.len()];
    let mut i = 0;
    while i < spans.len() {
        let (r, c, mut s, mut e) = spans[i];
        let mut total = 0;
        i += 1;
        while i < spans.len() && spans[i].0 == r && spans[i].1 == c {
            let (_, _, s2, e2) = spans[i];
            if s2 > e {
                total += e - s;
                (s, e) = (s2, e2);
            } else {
                e = e.max(e2);
            }
            i += 1;
        }
        total += e - s;
        coded[r as usize][c as usize] = total;
    }
    Matrix { docs, tags, counts, coded, lengths, passages }
}

/// When two passages count as occurring together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Near {
    /// Both tags on the same passage.
    #[default]
    Same,
    /// On the same passage or on passages that overlap.
    Overlap,
    /// On passages at most this many paragraphs apart (0: the same
    /// paragraph).
    Paragraphs(usize),
}

/// Tag × tag co-occurrence counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cooccurrence {
    /// Rows and columns: tags in codebook order.
    pub tags: Vec<TagId>,
    /// `counts[i][j]` (symmetric): how often tag i and tag j occur together;
    /// on the diagonal, the number of passages with the tag.
    pub counts: Vec<Vec<usize>>,
}

/// Calls `f(x, y)` for every pair of passages that are near each other,
/// each unordered pair once, and `f(x, x)` for every passage. `para` gives
/// the paragraph a char of a document is in, when its text is loaded.
fn near_pairs<'a>(
    project: &'a Project,
    scope: Scope,
    near: Near,
    para: &dyn Fn(DocId, usize) -> Option<usize>,
    mut f: impl FnMut(&'a Annotation, &'a Annotation),
) {
    let mut by_doc: FxHashMap<DocId, Vec<&Annotation>> = FxHashMap::default();
    for a in project.annotations() {
        if !a.tags.is_empty() && scope.contains(project, a.doc) {
            by_doc.entry(a.doc).or_default().push(a);
        }
    }
    for (doc, mut list) in by_doc {
        list.sort_by_key(|a| (a.anchor.range.start, a.anchor.range.end, a.id));
        // Paragraph span of each passage (for `Paragraphs`), when known.
        let paras: Option<Vec<(usize, usize)>> = match near {
            Near::Paragraphs(_) => list
                .iter()
                .map(|a| {
                    let r = a.anchor.range;
                    Some((para(doc, r.start.0)?, para(doc, r.end.0.saturating_sub(1).max(r.start.0))?))
                })
                .collect(),
            _ => None,
        };
        for (i, x) in list.iter().enumerate() {
            f(x, x);
            if near == Near::Same {
                continue;
            }
            for (j, y) in list.iter().enumerate().skip(i + 1) {
                let apart = if let (Some(p), Near::Paragraphs(n)) = (&paras, near) {
                    p[j].0 > p[i].1 + n
                } else {
                    y.anchor.range.start >= x.anchor.range.end
                };
                // Sorted by start: every later passage is as far or farther.
                if apart {
                    break;
                }
                f(x, y);
            }
        }
    }
}

/// Tag × tag co-occurrence over the documents in `scope`.
pub fn cooccurrence(
    project: &Project,
    scope: Scope,
    near: Near,
    para: &dyn Fn(DocId, usize) -> Option<usize>,
) -> Cooccurrence {
    let tags: Vec<TagId> = project.codebook().tree().into_iter().map(|(_, t)| t.id).collect();
    let col: FxHashMap<TagId, usize> = tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut counts = vec![vec![0usize; tags.len()]; tags.len()];
    near_pairs(project, scope, near, para, |x, y| {
        let same = std::ptr::eq(x, y);
        for (a, ta) in x.tags.iter().filter_map(|t| Some((*col.get(t)?, t))) {
            for (b, tb) in y.tags.iter().filter_map(|t| Some((*col.get(t)?, t))) {
                if same && ta == tb {
                    counts[a][a] += 1;
                } else if ta != tb && (!same || ta < tb) {
                    counts[a][b] += 1;
                    counts[b][a] += 1;
                }
            }
        }
    });
    Cooccurrence { tags, counts }
}

/// The passages behind one co-occurrence cell: those with tag `a` near a
/// passage with tag `b` and those partners (for `a == b`, the passages with
/// the tag).
pub fn cooccurring(
    project: &Project,
    scope: Scope,
    near: Near,
    para: &dyn Fn(DocId, usize) -> Option<usize>,
    a: TagId,
    b: TagId,
) -> BTreeSet<AnnotationId> {
    let mut out = BTreeSet::new();
    near_pairs(project, scope, near, para, |x, y| {
        let same = std::ptr::eq(x, y);
        let hit = if a == b {
            same && x.tags.contains(&a)
        } else {
            (x.tags.contains(&a) && y.tags.contains(&b)) || (x.tags.contains(&b) && y.tags.contains(&a))
        };
        if hit {
            out.insert(x.id);
            out.insert(y.id);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, Annotation, Document, Rgb, Tag};

    #[test]
    fn counts_per_document_and_tag() {
        let mut p = Project::new();
        let (mut a, mut b) = (Document::new("a.txt"), Document::new("b.txt"));
        a.meta.title = "Beta".into();
        b.meta.title = "Alpha".into();
        let (t1, t2) = (Tag::new("Claim", Rgb::palette(0)), Tag::new("Quote", Rgb::palette(1)));
        let mut x = Annotation::new(a.id, Anchor::default());
        x.tags.extend([t1.id, t2.id]);
        let mut y = Annotation::new(a.id, Anchor::default());
        y.tags.insert(t1.id);
        let z = Annotation::new(b.id, Anchor::default());
        let (aid, bid, t1id, t2id) = (a.id, b.id, t1.id, t2.id);
        for e in [
            Project::add_document_edit(a),
            Project::add_document_edit(b),
            Project::add_tag_edit(t1),
            Project::add_tag_edit(t2),
            Project::add_annotation_edit(x),
            Project::add_annotation_edit(y),
            Project::add_annotation_edit(z),
        ] {
            p.apply(e).expect("edit");
        }
        let m = matrix(&p);
        assert_eq!(m.docs, [bid, aid], "rows by title");
        assert_eq!(m.tags.len(), 2, "columns");
        let c1 = m.tags.iter().position(|t| *t == t1id).expect("t1");
        let c2 = m.tags.iter().position(|t| *t == t2id).expect("t2");
        assert_eq!((m.counts[1][c1], m.counts[1][c2]), (2, 1), "Beta: two Claims, one Quote");
        assert_eq!(m.counts[0], [0, 0], "Alpha: untagged passage counts nowhere");
        assert_eq!(m.passages, [0, 2], "Beta: two passages, three tag uses");
    }

    /// Passages (doc index, start, end, tag indices) on three tags.
    fn project_with(passages: &[(usize, usize, usize, &[usize])]) -> (Project, Vec<DocId>, Vec<TagId>) {
        let mut p = Project::new();
        let docs: Vec<Document> = (0..2)
            .map(|i| {
                let mut d = Document::new(format!("{i}.txt"));
                d.char_len = 1000;
                d
            })
            .collect();
        let tags: Vec<Tag> = (0..3).map(|i| Tag::new(format!("t{i}"), Rgb::palette(i))).collect();
        let (dids, tids): (Vec<DocId>, Vec<TagId>) =
            (docs.iter().map(|d| d.id).collect(), tags.iter().map(|t| t.id).collect());
        for d in docs {
            p.apply(Project::add_document_edit(d)).expect("doc");
        }
        for t in tags {
            p.apply(Project::add_tag_edit(t)).expect("tag");
        }
        for &(d, s, e, ts) in passages {
            let anchor = Anchor { range: crate::model::CharRange::new(s, e), ..Anchor::default() };
            let mut a = Annotation::new(dids[d], anchor);
            a.tags.extend(ts.iter().map(|&i| tids[i]));
            p.apply(Project::add_annotation_edit(a)).expect("annotation");
        }
        (p, dids, tids)
    }

    #[test]
    fn coded_share_counts_overlaps_once() {
        let (p, dids, tids) =
            project_with(&[(0, 0, 100, &[0]), (0, 50, 150, &[0]), (0, 300, 400, &[0, 1]), (1, 0, 10, &[1])]);
        let m = matrix(&p);
        let r = m.docs.iter().position(|d| *d == dids[0]).expect("row");
        let c0 = m.tags.iter().position(|t| *t == tids[0]).expect("col");
        let c1 = m.tags.iter().position(|t| *t == tids[1]).expect("col");
        assert_eq!(m.coded[r][c0], 250, "0..150 and 300..400");
        assert_eq!(m.coded[r][c1], 100);
        assert!((m.share(r, c0) - 0.25).abs() < 1e-6);
        assert_eq!(m.coded[1 - r][c1], 10);
    }

    #[test]
    fn cooccurrence_same_overlap_and_paragraphs() {
        // Doc 0: a passage with t0+t1; t0 at 200..260 overlapping t2 at
        // 250..300; t1 at 600..620, three "paragraphs" (100 chars each) after
        // the t2 passage.
        let (p, _, tids) =
            project_with(&[(0, 0, 50, &[0, 1]), (0, 200, 260, &[0]), (0, 250, 300, &[2]), (0, 600, 620, &[1])]);
        let para = |_: DocId, c: usize| Some(c / 100);
        let idx = |c: &Cooccurrence, t: TagId| c.tags.iter().position(|x| *x == t).expect("tag");
        let same = cooccurrence(&p, Scope::All, Near::Same, &para);
        let (a, b, c) = (idx(&same, tids[0]), idx(&same, tids[1]), idx(&same, tids[2]));
        assert_eq!(same.counts[a][b], 1, "one passage carries both");
        assert_eq!(same.counts[b][a], 1, "symmetric");
        assert_eq!(same.counts[a][c], 0);
        assert_eq!(same.counts[a][a], 2, "diagonal: passages with the tag");
        let over = cooccurrence(&p, Scope::All, Near::Overlap, &para);
        assert_eq!(over.counts[a][c], 1, "200..260 overlaps 250..300");
        assert_eq!(over.counts[b][c], 0);
        let near0 = cooccurrence(&p, Scope::All, Near::Paragraphs(0), &para);
        assert_eq!(near0.counts[a][c], 1, "same paragraph 2");
        assert_eq!(near0.counts[b][c], 0);
        let near3 = cooccurrence(&p, Scope::All, Near::Paragraphs(3), &para);
        assert_eq!(near3.counts[b][c], 1, "paragraph 2 and paragraph 6 are three apart");
        let ids = cooccurring(&p, Scope::All, Near::Overlap, &para, tids[0], tids[2]);
        assert_eq!(ids.len(), 2);
        let ids = cooccurring(&p, Scope::All, Near::Same, &para, tids[0], tids[0]);
        assert_eq!(ids.len(), 2);
    }
}
