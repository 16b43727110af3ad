//! Links: a typed relation between two passages, usually in two documents.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::annotation::now;
use super::ids::{AnnotationId, LinkId};

/// The relation types a new project offers (the user may edit the list).
pub const DEFAULT_RELATIONS: [&str; 5] = ["same claim", "quotes", "paraphrases", "contradicts", "elaborates"];

/// A relation between two annotations. The passages are annotations so that
/// they are anchored, re-anchored and reviewed exactly like any other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Stable id.
    pub id: LinkId,
    /// The passage the link starts from.
    pub from: AnnotationId,
    /// The passage it points to.
    pub to: AnnotationId,
    /// Relation type, one of the project's relation names.
    pub relation: String,
    /// The user's note (may be empty).
    pub note: String,
    /// When the link was made.
    pub created: DateTime<Utc>,
    /// When it last changed.
    pub modified: DateTime<Utc>,
}

impl Link {
    /// A new link created now.
    pub fn new(from: AnnotationId, to: AnnotationId, relation: impl Into<String>) -> Self {
        let now = now();
        Self {
            id: LinkId::new(),
            from,
            to,
            relation: relation.into(),
            note: String::new(),
            created: now,
            modified: now,
        }
    }

    /// True when the link touches `a`.
    pub fn touches(&self, a: AnnotationId) -> bool {
        self.from == a || self.to == a
    }

    /// The other end, seen from `a`.
    pub fn other(&self, a: AnnotationId) -> AnnotationId {
        if self.from == a { self.to } else { self.from }
    }
}

/// The default relation list as owned strings.
pub fn default_relations() -> Vec<String> {
    DEFAULT_RELATIONS.iter().map(|s| (*s).to_owned()).collect()
}
