//! Counting: documents × tags, the number of passages with each tag in each
//! document (the coverage matrix's counts).

use rustc_hash::FxHashMap;

use crate::model::{DocId, Project, TagId};

/// Passages per document and tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    /// Rows: documents, sorted by title (then path).
    pub docs: Vec<DocId>,
    /// Columns: tags in codebook order.
    pub tags: Vec<TagId>,
    /// `counts[row][column]`: annotations of that document carrying that tag.
    pub counts: Vec<Vec<usize>>,
}

/// Count every annotation once per tag it carries (orphaned ones too: their
/// notes and tags are still the user's work).
pub fn matrix(project: &Project) -> Matrix {
    let mut docs: Vec<(&str, &str, DocId)> =
        project.documents().map(|d| (d.meta.title.as_str(), d.path.as_str(), d.id)).collect();
    docs.sort_unstable();
    let docs: Vec<DocId> = docs.into_iter().map(|(_, _, id)| id).collect();
    let tags: Vec<TagId> = project.codebook().tree().into_iter().map(|(_, t)| t.id).collect();
    let row: FxHashMap<DocId, usize> = docs.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let col: FxHashMap<TagId, usize> = tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut counts = vec![vec![0usize; tags.len()]; docs.len()];
    for a in project.annotations() {
        let Some(&r) = row.get(&a.doc) else { continue };
        for t in &a.tags {
            if let Some(&c) = col.get(t) {
                counts[r][c] += 1;
            }
        }
    }
    Matrix { docs, tags, counts }
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
    }
}
