//! A project: documents, codebook, annotations, memos and the saved layout.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::annotation::{Annotation, Memo};
use super::choice::RowChoice;
use super::document::Document;
use super::ids::{AnnotationId, ChoiceId, DocId, LinkId, MemoId, SetId, TagId};
use super::link::{Link, default_relations};
use super::offset::CharIdx;
use super::set::DocSet;
use super::tag::Codebook;

/// One open pane as it was when the project was saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaneState {
    /// The document shown.
    pub doc: DocId,
    /// Share of the reading area's width (0..1).
    pub width: f32,
    /// First char visible at the top of the pane.
    pub scroll: CharIdx,
}

/// How the reading desk looked when the project was saved. Not part of undo.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Open panes, left to right.
    pub panes: Vec<PaneState>,
    /// Whether the panes scroll together.
    pub scroll_lock: bool,
}

/// Everything a project holds. Change it through [`super::edit::Edit`]s so
/// that every change can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub(crate) documents: BTreeMap<DocId, Document>,
    pub(crate) codebook: Codebook,
    pub(crate) annotations: BTreeMap<AnnotationId, Annotation>,
    pub(crate) memos: BTreeMap<MemoId, Memo>,
    pub(crate) links: BTreeMap<LinkId, Link>,
    pub(crate) relations: Vec<String>,
    pub(crate) sets: BTreeMap<SetId, DocSet>,
    /// The user's choices about the synopsis' rows.
    pub(crate) choices: BTreeMap<ChoiceId, RowChoice>,
    /// Pane layout (free to change directly: it is view state, not work).
    pub layout: Layout,
}

impl Default for Project {
    fn default() -> Self {
        Self {
            documents: BTreeMap::new(),
            codebook: Codebook::default(),
            annotations: BTreeMap::new(),
            memos: BTreeMap::new(),
            links: BTreeMap::new(),
            relations: default_relations(),
            sets: BTreeMap::new(),
            choices: BTreeMap::new(),
            layout: Layout::default(),
        }
    }
}

impl Project {
    /// An empty project with the default relation types.
    pub fn new() -> Self {
        Self::default()
    }

    /// Links in id order.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.links.values()
    }

    /// Number of links.
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// The link with this id.
    pub fn link(&self, id: LinkId) -> Option<&Link> {
        self.links.get(&id)
    }

    /// Links that touch annotation `a`.
    pub fn links_of(&self, a: AnnotationId) -> impl Iterator<Item = &Link> {
        self.links.values().filter(move |l| l.touches(a))
    }

    /// The relation types offered for links, in the user's order.
    pub fn relations(&self) -> &[String] {
        &self.relations
    }

    /// The choices about the synopsis' rows, in id order.
    pub fn choices(&self) -> impl Iterator<Item = &RowChoice> {
        self.choices.values()
    }

    /// Add the choices of a project being loaded.
    pub fn with_choices(mut self, choices: Vec<RowChoice>) -> Result<Self, super::edit::EditError> {
        for c in choices {
            if self.choices.contains_key(&c.id) {
                return Err(super::edit::EditError::DuplicateId(super::edit::Slot::Choice(c.id).to_string()));
            }
            self.apply(super::edit::Edit::Choice { id: c.id, value: Some(c) })?;
        }
        Ok(self)
    }

    /// Document sets, by name (any case), then id.
    pub fn sets(&self) -> Vec<&DocSet> {
        let mut v: Vec<&DocSet> = self.sets.values().collect();
        v.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
        v
    }

    /// The set with this id.
    pub fn set(&self, id: SetId) -> Option<&DocSet> {
        self.sets.get(&id)
    }

    /// Documents in id order.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.values()
    }

    /// The document with this id.
    pub fn document(&self, id: DocId) -> Option<&Document> {
        self.documents.get(&id)
    }

    /// The codebook.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// Annotations in id order.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.values()
    }

    /// Number of annotations.
    pub fn annotation_count(&self) -> usize {
        self.annotations.len()
    }

    /// The annotation with this id.
    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotations.get(&id)
    }

    /// Annotations of one document, in document order.
    pub fn annotations_of(&self, doc: DocId) -> Vec<&Annotation> {
        let mut v: Vec<&Annotation> = self.annotations.values().filter(|a| a.doc == doc).collect();
        v.sort_by_key(|a| (a.anchor.range, a.id));
        v
    }

    /// Number of annotations carrying `tag`.
    pub fn tag_count(&self, tag: TagId) -> usize {
        self.annotations.values().filter(|a| a.tags.contains(&tag)).count()
    }

    /// Memos in id order.
    pub fn memos(&self) -> impl Iterator<Item = &Memo> {
        self.memos.values()
    }

    /// The memo with this id.
    pub fn memo(&self, id: MemoId) -> Option<&Memo> {
        self.memos.get(&id)
    }

    /// True when the slot holds an item.
    pub fn has(&self, slot: super::edit::Slot) -> bool {
        use super::edit::Slot;
        match slot {
            Slot::Document(id) => self.documents.contains_key(&id),
            Slot::Tag(id) => self.codebook.get(id).is_some(),
            Slot::Annotation(id) => self.annotations.contains_key(&id),
            Slot::Memo(id) => self.memos.contains_key(&id),
            Slot::Link(id) => self.links.contains_key(&id),
            Slot::Set(id) => self.sets.contains_key(&id),
            Slot::Choice(id) => self.choices.contains_key(&id),
            Slot::Relations => false, // always present; never a duplicate
        }
    }

    /// Replace an annotation without going through undo. Only re-anchoring
    /// uses this: it reconciles the project with the files on disk, which is
    /// not a user's change.
    pub(crate) fn annotation_mut(&mut self, id: AnnotationId) -> Option<&mut Annotation> {
        self.annotations.get_mut(&id)
    }

    /// Update a document's record of its source without going through undo
    /// (re-anchoring, see [`Self::annotation_mut`]).
    pub(crate) fn document_mut(&mut self, id: DocId) -> Option<&mut Document> {
        self.documents.get_mut(&id)
    }

    /// Add the sets read from a project file, with the same checks as
    /// [`Self::from_parts`] (used after it, by the loader).
    pub fn with_sets(mut self, sets: Vec<DocSet>) -> Result<Self, super::edit::EditError> {
        for s in sets {
            if self.sets.contains_key(&s.id) {
                return Err(super::edit::EditError::DuplicateId(super::edit::Slot::Set(s.id).to_string()));
            }
            self.apply(super::edit::Edit::Set { id: s.id, value: Some(s) })?;
        }
        Ok(self)
    }

    /// Add the annotations of a project being loaded (it has none yet),
    /// refusing the same as adding them one by one with `apply` would: the
    /// first in the list that `apply` would refuse (a repeated id, then
    /// what [`Self::check_annotation`] checks) is the error. They go into
    /// the map in id order, which is several times faster for a million
    /// than two tree searches for each in file order.
    fn put_annotations(&mut self, mut annotations: Vec<Annotation>) -> Result<(), super::edit::EditError> {
        use rayon::slice::ParallelSliceMut as _;
        debug_assert!(self.annotations.is_empty(), "only for a project being built");
        let mut by_id: Vec<(AnnotationId, usize)> = annotations.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        by_id.par_sort_unstable();
        // A repeat is every one of an id but its first.
        let mut first_bad: Option<(usize, super::edit::EditError)> =
            by_id.windows(2).filter(|w| w[0].0 == w[1].0).min_by_key(|w| w[1].1).map(|w| {
                (w[1].1, super::edit::EditError::DuplicateId(super::edit::Slot::Annotation(w[0].0).to_string()))
            });
        drop(by_id);
        for (i, a) in annotations.iter().enumerate() {
            if first_bad.as_ref().is_some_and(|(j, _)| *j <= i) {
                break;
            }
            if let Err(e) = self.check_annotation(a.id, a) {
                first_bad = Some((i, e));
            }
        }
        if let Some((_, e)) = first_bad {
            return Err(e);
        }
        annotations.par_sort_unstable_by_key(|a| a.id);
        for a in annotations {
            self.annotations.insert(a.id, a);
        }
        Ok(())
    }

    /// Build a project from parts, checking every invariant as if each item
    /// had been added by an edit. Used by the project file loader.
    pub fn from_parts(
        documents: Vec<Document>,
        tags: Vec<super::tag::Tag>,
        annotations: Vec<Annotation>,
        memos: Vec<Memo>,
        links: Vec<Link>,
        relations: Option<Vec<String>>,
        layout: Layout,
    ) -> Result<Self, super::edit::EditError> {
        use super::edit::Edit;
        // Parents before children: tags in order of depth. A tag whose
        // parent is unknown, or that sits in a cycle, goes last, where
        // `apply` reports it; one nested too deep is refused here.
        let parent_of: std::collections::HashMap<TagId, Option<TagId>> =
            tags.iter().map(|t| (t.id, t.parent)).collect();
        let mut ordered: Vec<(usize, super::tag::Tag)> = Vec::with_capacity(tags.len());
        for t in tags {
            let mut depth = 0;
            let mut cur = t.parent;
            let mut seen = vec![t.id];
            while let Some(p) = cur {
                if seen.contains(&p) || !parent_of.contains_key(&p) {
                    depth = usize::MAX;
                    break;
                }
                depth += 1;
                if depth > super::limits::MAX_TAG_DEPTH {
                    return Err(super::edit::EditError::TooDeep(t.name));
                }
                seen.push(p);
                cur = parent_of.get(&p).copied().flatten();
            }
            ordered.push((depth, t));
        }
        ordered.sort_by_key(|(d, _)| *d);
        // Each item as if added by an edit, in this order; applied as they
        // come (a million annotations are not gathered into a list first).
        let mut p = Project::new();
        let put = |p: &mut Project, e: Edit| -> Result<(), super::edit::EditError> {
            if let Some(slot) = e.slot()
                && p.has(slot)
            {
                return Err(super::edit::EditError::DuplicateId(slot.to_string()));
            }
            p.apply(e).map(drop)
        };
        for d in documents {
            put(&mut p, Edit::Document { id: d.id, value: Some(Box::new(d)) })?;
        }
        for (_, t) in ordered {
            put(&mut p, Edit::Tag { id: t.id, value: Some(t) })?;
        }
        p.put_annotations(annotations)?;
        for m in memos {
            put(&mut p, Edit::Memo { id: m.id, value: Some(m) })?;
        }
        for l in links {
            put(&mut p, Edit::Link { id: l.id, value: Some(Box::new(l)) })?;
        }
        if let Some(r) = relations {
            put(&mut p, Edit::Relations(r))?;
        }
        p.layout = layout;
        p.layout.panes.retain(|pane| p.documents.contains_key(&pane.doc));
        Ok(p)
    }
}
