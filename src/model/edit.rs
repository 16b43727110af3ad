//! Edits: every change to a project is an [`Edit`] that [`Project::apply`]
//! checks and performs, returning its inverse. Undo is applying the inverse.
//!
//! The primitive edits put a whole item into its slot (or clear it), so the
//! inverse is simply the put of the previous value. Compound operations
//! (delete a tag, merge two tags, remove a document) are batches built by the
//! helpers below; a batch applies all or nothing.

use thiserror::Error;

use super::annotation::{Annotation, Memo, now};
use super::document::Document;
use std::collections::BTreeSet;

use super::choice::RowChoice;
use super::ids::{AnnotationId, ChoiceId, DocId, LinkId, MemoId, SetId, TagId};
use super::link::Link;
use super::project::Project;
use super::set::DocSet;
use super::tag::Tag;

/// One change to a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Put a document into its slot (`None` removes it).
    Document {
        /// Slot.
        id: DocId,
        /// New value.
        value: Option<Box<Document>>,
    },
    /// Put a tag into its slot (`None` removes it).
    Tag {
        /// Slot.
        id: TagId,
        /// New value.
        value: Option<Tag>,
    },
    /// Put an annotation into its slot (`None` removes it).
    Annotation {
        /// Slot.
        id: AnnotationId,
        /// New value.
        value: Option<Box<Annotation>>,
    },
    /// Put a memo into its slot (`None` removes it).
    Memo {
        /// Slot.
        id: MemoId,
        /// New value.
        value: Option<Memo>,
    },
    /// Put a link into its slot (`None` removes it).
    Link {
        /// Slot.
        id: LinkId,
        /// New value.
        value: Option<Box<Link>>,
    },
    /// Put a document set into its slot (`None` removes it).
    Set {
        /// Slot.
        id: SetId,
        /// New value.
        value: Option<DocSet>,
    },
    /// Put a choice about the synopsis' rows into its slot (`None` removes
    /// it).
    Choice {
        /// Slot.
        id: ChoiceId,
        /// New value.
        value: Option<RowChoice>,
    },
    /// Replace the list of relation types.
    Relations(Vec<String>),
    /// Several edits applied in order, all or nothing.
    Batch(Vec<Edit>),
}

/// Which item a primitive edit writes (used to merge bursts of typing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A document.
    Document(DocId),
    /// A tag.
    Tag(TagId),
    /// An annotation.
    Annotation(AnnotationId),
    /// A memo.
    Memo(MemoId),
    /// A link.
    Link(LinkId),
    /// A document set.
    Set(SetId),
    /// A choice about the synopsis' rows.
    Choice(ChoiceId),
    /// The list of relation types.
    Relations,
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Slot::Document(id) => write!(f, "document {id}"),
            Slot::Tag(id) => write!(f, "tag {id}"),
            Slot::Annotation(id) => write!(f, "annotation {id}"),
            Slot::Memo(id) => write!(f, "memo {id}"),
            Slot::Link(id) => write!(f, "link {id}"),
            Slot::Set(id) => write!(f, "document set {id}"),
            Slot::Choice(id) => write!(f, "synopsis choice {id}"),
            Slot::Relations => write!(f, "relation types"),
        }
    }
}

impl Edit {
    /// The slot a primitive edit writes; `None` for batches.
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Edit::Document { id, .. } => Some(Slot::Document(*id)),
            Edit::Tag { id, .. } => Some(Slot::Tag(*id)),
            Edit::Annotation { id, .. } => Some(Slot::Annotation(*id)),
            Edit::Memo { id, .. } => Some(Slot::Memo(*id)),
            Edit::Link { id, .. } => Some(Slot::Link(*id)),
            Edit::Set { id, .. } => Some(Slot::Set(*id)),
            Edit::Choice { id, .. } => Some(Slot::Choice(*id)),
            Edit::Relations(_) => Some(Slot::Relations),
            Edit::Batch(_) => None,
        }
    }

    /// True for a batch with nothing in it.
    pub fn is_noop(&self) -> bool {
        matches!(self, Edit::Batch(v) if v.iter().all(Edit::is_noop))
    }
}

/// Why an edit was refused. The project is unchanged when one is returned.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EditError {
    /// An annotation names a document the project does not have.
    #[error("annotation {0} refers to a document that is not in the project ({1})")]
    UnknownDocument(AnnotationId, DocId),
    /// An annotation or tag names a tag the codebook does not have.
    #[error("{0} refers to a tag that is not in the codebook ({1})")]
    UnknownTag(String, TagId),
    /// A passage tagged with a category, which only groups tags.
    #[error("\"{0}\" is a category: it groups tags and cannot be applied to a passage; apply one of its tags")]
    CategoryApplied(String),
    /// Making a tag that passages carry into a category.
    #[error("tag \"{0}\" is applied to {1} passage(s), so it cannot become a category")]
    CategoryInUse(String, usize),
    /// Moving a tag under itself or one of its descendants.
    #[error("tag \"{0}\" cannot be nested under itself or one of its sub-tags")]
    TagCycle(String),
    /// Removing a tag that is still used.
    #[error("tag \"{0}\" is still in use by {1} annotation(s) or sub-tag(s)")]
    TagInUse(String, usize),
    /// Removing a document that still has annotations.
    #[error("document \"{0}\" still has {1} annotation(s)")]
    DocumentInUse(String, usize),
    /// An annotation range that ends before it starts.
    #[error("annotation {0} has a range that ends before it starts")]
    BadRange(AnnotationId),
    /// A link names an annotation the project does not have, or links a
    /// passage to itself.
    #[error("link {0} must join two different annotations of the project")]
    BadLink(LinkId),
    /// An empty list of relation types.
    #[error("the list of relation types cannot be empty")]
    NoRelations,
    /// Removing an annotation that links still use.
    #[error("annotation {0} is still used by {1} link(s)")]
    AnnotationLinked(AnnotationId, usize),
    /// A document set names a document the project does not have.
    #[error("document set \"{0}\" refers to a document that is not in the project ({1})")]
    SetUnknownDocument(String, DocId),
    /// Removing a document that a set still holds.
    #[error("document \"{0}\" is still in the set \"{1}\"")]
    DocumentInSet(String, String),
    /// Tags nested deeper than [`super::limits::MAX_TAG_DEPTH`] levels.
    #[error("tag \"{0}\" would be nested more than {max} levels deep, the most Synoptic allows", max = super::limits::MAX_TAG_DEPTH)]
    TooDeep(String),
    /// A note, memo or description longer than [`super::limits::MAX_TEXT_BYTES`].
    #[error("{0} is too long for Synoptic: {over}", over = super::limits::human_over(*.1 as u64, super::limits::MAX_TEXT_BYTES as u64))]
    TooLong(String, usize),
    /// Two items of one kind share an id (a hand-edited or badly merged file).
    #[error("two items share an id: {0}")]
    DuplicateId(String),
    /// An edit whose id does not match the item it carries.
    #[error("edit for {0} carries an item with another id")]
    IdMismatch(String),
}

/// Refuse a note longer than the limit; `what` names it (only called when
/// it is too long: loading a million passages formats no million names).
fn text_fits(what: impl FnOnce() -> String, text: &str) -> Result<(), EditError> {
    if text.len() > super::limits::MAX_TEXT_BYTES {
        return Err(EditError::TooLong(what(), text.len()));
    }
    Ok(())
}

impl Project {
    /// Check and perform `edit`, returning the edit that undoes it. On error
    /// nothing has changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for e in edits {
                    match self.apply(e) {
                        Ok(inv) => inverses.push(inv),
                        Err(err) => {
                            for inv in inverses.into_iter().rev() {
                                // Inverses of edits just applied always apply.
                                let _ = self.apply(inv);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
            Edit::Document { id, value } => self.put_document(id, value),
            Edit::Tag { id, value } => {
                if let Some(t) = &value {
                    self.check_tag(id, t)?;
                } else {
                    let users = self.tag_count(id) + self.codebook.children(Some(id)).len();
                    if users > 0 {
                        let name = self.codebook.get(id).map(|t| t.name.clone()).unwrap_or_default();
                        return Err(EditError::TagInUse(name, users));
                    }
                }
                let prev = self.codebook.put(id, value);
                Ok(Edit::Tag { id, value: prev })
            }
            Edit::Annotation { id, value } => {
                if let Some(a) = &value {
                    self.check_annotation(id, a)?;
                }
                if value.is_none() {
                    let used = self.links.values().filter(|l| l.touches(id)).count();
                    if used > 0 {
                        return Err(EditError::AnnotationLinked(id, used));
                    }
                }
                let prev = match value {
                    Some(a) => self.annotations.insert(id, *a),
                    None => self.annotations.remove(&id),
                };
                Ok(Edit::Annotation { id, value: prev.map(Box::new) })
            }
            Edit::Memo { id, value } => {
                if value.as_ref().is_some_and(|m| m.id != id) {
                    return Err(EditError::IdMismatch(id.to_string()));
                }
                if let Some(m) = &value {
                    text_fits(|| format!("memo \"{}\"", m.title), &m.text)?;
                }
                let prev = match value {
                    Some(m) => self.memos.insert(id, m),
                    None => self.memos.remove(&id),
                };
                Ok(Edit::Memo { id, value: prev })
            }
            Edit::Link { id, value } => self.put_link(id, value),
            Edit::Set { id, value } => self.put_set(id, value),
            Edit::Choice { id, value } => {
                if value.as_ref().is_some_and(|c| c.id != id) {
                    return Err(EditError::IdMismatch(id.to_string()));
                }
                let prev = match value {
                    Some(c) => self.choices.insert(id, c),
                    None => self.choices.remove(&id),
                };
                Ok(Edit::Choice { id, value: prev })
            }
            Edit::Relations(list) => {
                if list.is_empty() {
                    return Err(EditError::NoRelations);
                }
                Ok(Edit::Relations(std::mem::replace(&mut self.relations, list)))
            }
        }
    }

    /// What `apply` checks before it puts annotation `a` into slot `id`.
    pub(super) fn check_annotation(&self, id: AnnotationId, a: &Annotation) -> Result<(), EditError> {
        if a.id != id {
            return Err(EditError::IdMismatch(id.to_string()));
        }
        if !self.documents.contains_key(&a.doc) {
            return Err(EditError::UnknownDocument(id, a.doc));
        }
        if let Some(t) = a.tags.iter().find(|t| self.codebook.get(**t).is_none()) {
            return Err(EditError::UnknownTag(format!("annotation {id}"), *t));
        }
        if let Some(t) = a.tags.iter().filter_map(|t| self.codebook.get(*t)).find(|t| t.category) {
            return Err(EditError::CategoryApplied(t.name.clone()));
        }
        if a.anchor.range.start > a.anchor.range.end {
            return Err(EditError::BadRange(id));
        }
        text_fits(|| format!("the note of passage {id}"), &a.note)
    }

    fn put_document(&mut self, id: DocId, value: Option<Box<Document>>) -> Result<Edit, EditError> {
        match &value {
            Some(d) if d.id != id => return Err(EditError::IdMismatch(id.to_string())),
            Some(d) if d.note.len() > super::limits::MAX_TEXT_BYTES => {
                return Err(EditError::TooLong(format!("the note of document \"{}\"", d.meta.title), d.note.len()));
            }
            None => {
                let used = self.annotations.values().filter(|a| a.doc == id).count();
                if used > 0 {
                    let title = self.documents.get(&id).map(|d| d.meta.title.clone()).unwrap_or_default();
                    return Err(EditError::DocumentInUse(title, used));
                }
            }
            Some(_) => {}
        }
        if value.is_none()
            && let Some(set) = self.sets.values().find(|s| s.docs.contains(&id))
        {
            let title = self.documents.get(&id).map(|d| d.meta.title.clone()).unwrap_or_default();
            return Err(EditError::DocumentInSet(title, set.name.clone()));
        }
        let prev = match value {
            Some(d) => self.documents.insert(id, *d),
            None => self.documents.remove(&id),
        };
        Ok(Edit::Document { id, value: prev.map(Box::new) })
    }

    fn put_set(&mut self, id: SetId, value: Option<DocSet>) -> Result<Edit, EditError> {
        if let Some(s) = &value {
            if s.id != id {
                return Err(EditError::IdMismatch(id.to_string()));
            }
            if let Some(d) = s.docs.iter().find(|d| !self.documents.contains_key(d)) {
                return Err(EditError::SetUnknownDocument(s.name.clone(), *d));
            }
        }
        let prev = match value {
            Some(s) => self.sets.insert(id, s),
            None => self.sets.remove(&id),
        };
        Ok(Edit::Set { id, value: prev })
    }

    fn put_link(&mut self, id: LinkId, value: Option<Box<Link>>) -> Result<Edit, EditError> {
        if let Some(l) = &value {
            if l.id != id {
                return Err(EditError::IdMismatch(id.to_string()));
            }
            if l.from == l.to || !self.annotations.contains_key(&l.from) || !self.annotations.contains_key(&l.to) {
                return Err(EditError::BadLink(id));
            }
            text_fits(|| format!("the note of link {id}"), &l.note)?;
        }
        let prev = match value {
            Some(l) => self.links.insert(id, *l),
            None => self.links.remove(&id),
        };
        Ok(Edit::Link { id, value: prev.map(Box::new) })
    }

    fn check_tag(&self, id: TagId, t: &Tag) -> Result<(), EditError> {
        if t.id != id {
            return Err(EditError::IdMismatch(id.to_string()));
        }
        if let Some(parent) = t.parent {
            if self.codebook.get(parent).is_none() && parent != id {
                return Err(EditError::UnknownTag(format!("tag \"{}\"", t.name), parent));
            }
            if self.codebook.is_ancestor_or_self(id, parent) {
                return Err(EditError::TagCycle(t.name.clone()));
            }
            // A new tag has no sub-tags yet; a moved one takes its own along.
            let moved = self.codebook.get(id).is_some_and(|old| old.parent != t.parent);
            let below = if moved { self.codebook.height(id) } else { 0 };
            if self.codebook.depth(parent) + 1 + below > super::limits::MAX_TAG_DEPTH {
                return Err(EditError::TooDeep(t.name.clone()));
            }
        }
        text_fits(|| format!("the description of tag \"{}\"", t.name), t.description.as_deref().unwrap_or(""))?;
        if t.category {
            let used = self.tag_count(id);
            if used > 0 {
                return Err(EditError::CategoryInUse(t.name.clone(), used));
            }
        }
        Ok(())
    }

    // ----- helpers that build edits (they do not change the project) -----

    /// Add a document.
    pub fn add_document_edit(doc: Document) -> Edit {
        Edit::Document { id: doc.id, value: Some(Box::new(doc)) }
    }

    /// Remove a document together with its annotations (and from its sets).
    pub fn remove_document_edit(&self, id: DocId) -> Edit {
        self.remove_documents_edit(&BTreeSet::from([id]))
    }

    /// Save a choice about the synopsis' rows.
    pub fn add_choice_edit(choice: RowChoice) -> Edit {
        Edit::Choice { id: choice.id, value: Some(choice) }
    }

    /// Forget a choice about the synopsis' rows.
    pub fn remove_choice_edit(id: ChoiceId) -> Edit {
        Edit::Choice { id, value: None }
    }

    /// Remove several documents with their annotations, links and set
    /// memberships, as one batch.
    pub fn remove_documents_edit(&self, ids: &BTreeSet<DocId>) -> Edit {
        let gone = |a: &AnnotationId| self.annotations.get(a).is_some_and(|a| ids.contains(&a.doc));
        let mut v: Vec<Edit> = self
            .links
            .values()
            .filter(|l| gone(&l.from) || gone(&l.to))
            .map(|l| Edit::Link { id: l.id, value: None })
            .collect();
        v.extend(
            self.annotations
                .values()
                .filter(|a| ids.contains(&a.doc))
                .map(|a| Edit::Annotation { id: a.id, value: None }),
        );
        for s in self.sets.values().filter(|s| !s.docs.is_disjoint(ids)) {
            let mut s = s.clone();
            s.docs.retain(|d| !ids.contains(d));
            v.push(Edit::Set { id: s.id, value: Some(s) });
        }
        v.extend(ids.iter().map(|&id| Edit::Document { id, value: None }));
        Edit::Batch(v)
    }

    /// Add a document set.
    pub fn add_set_edit(set: DocSet) -> Edit {
        Edit::Set { id: set.id, value: Some(set) }
    }

    /// Change a set (rename, add or remove documents).
    pub fn update_set_edit(&self, id: SetId, f: impl FnOnce(&mut DocSet)) -> Option<Edit> {
        let mut s = self.sets.get(&id)?.clone();
        f(&mut s);
        Some(Edit::Set { id, value: Some(s) })
    }

    /// Delete a set (its documents stay in the project).
    pub fn delete_set_edit(id: SetId) -> Edit {
        Edit::Set { id, value: None }
    }

    /// Change a document's record (title, metadata, note, path).
    pub fn update_document_edit(&self, id: DocId, f: impl FnOnce(&mut Document)) -> Option<Edit> {
        let mut d = self.documents.get(&id)?.clone();
        f(&mut d);
        Some(Edit::Document { id, value: Some(Box::new(d)) })
    }

    /// Add a tag.
    pub fn add_tag_edit(tag: Tag) -> Edit {
        Edit::Tag { id: tag.id, value: Some(tag) }
    }

    /// Change a tag (rename, recolour, describe, move).
    pub fn update_tag_edit(&self, id: TagId, f: impl FnOnce(&mut Tag)) -> Option<Edit> {
        let mut t = self.codebook.get(id)?.clone();
        f(&mut t);
        Some(Edit::Tag { id, value: Some(t) })
    }

    /// Nest `id` under `parent` (or make it top-level), last among its new siblings.
    pub fn move_tag_edit(&self, id: TagId, parent: Option<TagId>) -> Option<Edit> {
        let order = self.codebook.next_order(parent);
        self.update_tag_edit(id, |t| {
            t.parent = parent;
            t.order = order;
        })
    }

    /// Delete a tag: annotations keep their other tags, sub-tags move up to
    /// the deleted tag's parent.
    pub fn delete_tag_edit(&self, id: TagId) -> Option<Edit> {
        let tag = self.codebook.get(id)?;
        let mut v = Vec::new();
        for a in self.annotations.values().filter(|a| a.tags.contains(&id)) {
            let mut a = a.clone();
            a.tags.remove(&id);
            a.modified = now();
            v.push(Edit::Annotation { id: a.id, value: Some(Box::new(a)) });
        }
        for c in self.codebook.children(Some(id)) {
            let mut c = c.clone();
            c.parent = tag.parent;
            v.push(Edit::Tag { id: c.id, value: Some(c) });
        }
        v.push(Edit::Tag { id, value: None });
        Some(Edit::Batch(v))
    }

    /// Merge tag `from` into tag `into`: every passage tagged `from` gets
    /// `into`, sub-tags of `from` move under `into`, and `from` is deleted.
    pub fn merge_tags_edit(&self, from: TagId, into: TagId) -> Option<Edit> {
        if from == into || self.codebook.get(into).is_none() || self.codebook.is_ancestor_or_self(from, into) {
            return None;
        }
        let mut v = Vec::new();
        for a in self.annotations.values().filter(|a| a.tags.contains(&from)) {
            let mut a = a.clone();
            a.tags.remove(&from);
            a.tags.insert(into);
            a.modified = now();
            v.push(Edit::Annotation { id: a.id, value: Some(Box::new(a)) });
        }
        let first = self.codebook.next_order(Some(into));
        for (order, c) in (first..).zip(self.codebook.children(Some(from))) {
            let mut c = c.clone();
            c.parent = Some(into);
            c.order = order;
            v.push(Edit::Tag { id: c.id, value: Some(c) });
        }
        v.push(Edit::Tag { id: from, value: None });
        Some(Edit::Batch(v))
    }

    /// Add an annotation.
    pub fn add_annotation_edit(a: Annotation) -> Edit {
        Edit::Annotation { id: a.id, value: Some(Box::new(a)) }
    }

    /// Change an annotation (tags, note, anchor); stamps `modified`.
    pub fn update_annotation_edit(&self, id: AnnotationId, f: impl FnOnce(&mut Annotation)) -> Option<Edit> {
        let mut a = self.annotations.get(&id)?.clone();
        f(&mut a);
        a.modified = now();
        Some(Edit::Annotation { id, value: Some(Box::new(a)) })
    }

    /// Delete an annotation.
    pub fn delete_annotation_edit(&self, id: AnnotationId) -> Edit {
        let mut v: Vec<Edit> = self.links_of(id).map(|l| Edit::Link { id: l.id, value: None }).collect();
        v.push(Edit::Annotation { id, value: None });
        if v.len() == 1 { v.remove(0) } else { Edit::Batch(v) }
    }

    /// Edit that adds a link.
    pub fn add_link_edit(l: Link) -> Edit {
        Edit::Link { id: l.id, value: Some(Box::new(l)) }
    }

    /// Edit that changes a link through `f` (stamping its modified time).
    pub fn update_link_edit(&self, id: LinkId, f: impl FnOnce(&mut Link)) -> Option<Edit> {
        let mut l = self.links.get(&id)?.clone();
        f(&mut l);
        l.modified = now();
        Some(Edit::Link { id, value: Some(Box::new(l)) })
    }

    /// Edit that removes a link (its passages stay).
    pub fn delete_link_edit(id: LinkId) -> Edit {
        Edit::Link { id, value: None }
    }

    /// Edit that renames relation type `from` to `to` in the list and in
    /// every link that uses it.
    pub fn rename_relation_edit(&self, from: &str, to: &str) -> Edit {
        let list = self.relations.iter().map(|r| if r == from { to.to_owned() } else { r.clone() }).collect();
        let mut v = vec![Edit::Relations(list)];
        for l in self.links.values().filter(|l| l.relation == from) {
            let mut l = l.clone();
            to.clone_into(&mut l.relation);
            v.push(Edit::Link { id: l.id, value: Some(Box::new(l)) });
        }
        Edit::Batch(v)
    }

    /// Add a memo.
    pub fn add_memo_edit(m: Memo) -> Edit {
        Edit::Memo { id: m.id, value: Some(m) }
    }

    /// Change a memo; stamps `modified`.
    pub fn update_memo_edit(&self, id: MemoId, f: impl FnOnce(&mut Memo)) -> Option<Edit> {
        let mut m = self.memos.get(&id)?.clone();
        f(&mut m);
        m.modified = now();
        Some(Edit::Memo { id, value: Some(m) })
    }

    /// Delete a memo.
    pub fn delete_memo_edit(id: MemoId) -> Edit {
        Edit::Memo { id, value: None }
    }
}
