//! Document sets: named groups of documents ("tabloids", "week 1"), saved in
//! the project, that every view which filters by document can filter by.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ids::{DocId, SetId};
use super::project::Project;

/// A named group of documents. A document may be in any number of sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSet {
    /// Stable id.
    pub id: SetId,
    /// Name shown to the user.
    pub name: String,
    /// The documents in the set.
    #[serde(default)]
    pub docs: BTreeSet<DocId>,
}

impl DocSet {
    /// An empty set with a fresh id.
    pub fn new(name: impl Into<String>) -> Self {
        Self { id: SetId::new(), name: name.into(), docs: BTreeSet::new() }
    }
}

/// Which documents a view covers: all of them, a set, or one document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every document of the project.
    #[default]
    All,
    /// The documents of a set (none when the set is gone).
    Set(SetId),
    /// One document.
    Doc(DocId),
}

impl Scope {
    /// True when `doc` is in scope.
    pub fn contains(self, project: &Project, doc: DocId) -> bool {
        match self {
            Scope::All => true,
            Scope::Set(s) => project.set(s).is_some_and(|s| s.docs.contains(&doc)),
            Scope::Doc(d) => d == doc,
        }
    }

    /// The documents in scope; `None` for all of them.
    pub fn docs(self, project: &Project) -> Option<BTreeSet<DocId>> {
        match self {
            Scope::All => None,
            Scope::Set(s) => Some(project.set(s).map(|s| s.docs.clone()).unwrap_or_default()),
            Scope::Doc(d) => Some(BTreeSet::from([d])),
        }
    }

    /// What the scope is called in menus: "All documents", "Set: week 1", a title.
    pub fn label(self, project: &Project) -> String {
        match self {
            Scope::All => "All documents".into(),
            Scope::Set(s) => project.set(s).map_or_else(|| "(deleted set)".into(), |s| format!("Set: {}", s.name)),
            Scope::Doc(d) => project.document(d).map_or_else(|| "(removed document)".into(), |d| d.meta.title.clone()),
        }
    }

    /// The scope with a set or document that no longer exists replaced by all.
    #[must_use]
    pub fn valid(self, project: &Project) -> Self {
        match self {
            Scope::Set(s) if project.set(s).is_none() => Scope::All,
            Scope::Doc(d) if project.document(d).is_none() => Scope::All,
            s => s,
        }
    }
}
