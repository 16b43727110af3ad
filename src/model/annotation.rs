//! Annotations (a passage with tags and a note) and project memos.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::anchor::{Anchor, AnchorStatus};
use super::ids::{AnnotationId, DocId, MemoId, TagId};

/// A passage of one document with zero or more tags and an optional note.
/// Passages may overlap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable id.
    pub id: AnnotationId,
    /// The document the passage is in.
    pub doc: DocId,
    /// Position and quote.
    pub anchor: Anchor,
    /// How well the anchor matches the current source.
    pub status: AnchorStatus,
    /// When the anchor was moved by re-anchoring to text that differs from
    /// what was quoted, the quote as it was before.
    pub previous_quote: Option<String>,
    /// Tags applied to the passage.
    pub tags: BTreeSet<TagId>,
    /// The user's note (may be empty).
    pub note: String,
    /// When the annotation was made.
    pub created: DateTime<Utc>,
    /// When it last changed.
    pub modified: DateTime<Utc>,
}

impl Annotation {
    /// A new annotation of `anchor` in `doc`, created now.
    pub fn new(doc: DocId, anchor: Anchor) -> Self {
        let now = now();
        Self {
            id: AnnotationId::new(),
            doc,
            anchor,
            status: AnchorStatus::Exact,
            previous_quote: None,
            tags: BTreeSet::new(),
            note: String::new(),
            created: now,
            modified: now,
        }
    }
}

/// A free-standing note on the project (research question, method, ideas).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    /// Stable id.
    pub id: MemoId,
    /// Title.
    pub title: String,
    /// Body text.
    pub text: String,
    /// When the memo was made.
    pub created: DateTime<Utc>,
    /// When it last changed.
    pub modified: DateTime<Utc>,
}

impl Memo {
    /// A new memo created now.
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
        let now = now();
        Self { id: MemoId::new(), title: title.into(), text: text.into(), created: now, modified: now }
    }
}

/// The current time, rounded to whole milliseconds so that it survives a
/// save and load unchanged.
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}
