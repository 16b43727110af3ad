//! The user's choices about the synopsis' rows: sentences joined into one
//! row, kept apart, or taken out of any row. Saved in the project so that
//! the synopsis reproduces on reopening; each names its sentences by
//! document, char range and quote, so that a choice whose text changed is
//! recognised and set aside rather than applied to other words.

use serde::{Deserialize, Serialize};

use super::ids::{ChoiceId, DocId};
use super::offset::CharRange;

/// A sentence of a document, as it read when the choice was made.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Place {
    /// The document.
    pub doc: DocId,
    /// Its chars in the document's text.
    pub range: CharRange,
    /// The text there when the choice was made.
    pub quote: String,
}

/// What the user chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChoiceKind {
    /// All the sentences in `a` and `b` share one row (rows merged).
    Together,
    /// No sentence of `a` shares a row with one of `b` (a row split).
    Apart,
    /// The sentences of `a` stand alone, each in a row of its own (taken
    /// out of their rows); `b` is empty.
    Alone,
}

/// One choice about the synopsis' rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChoice {
    /// Stable id.
    pub id: ChoiceId,
    /// Joined, apart, or alone.
    pub kind: ChoiceKind,
    /// One side.
    pub a: Vec<Place>,
    /// The other side (empty for [`ChoiceKind::Alone`]).
    #[serde(default)]
    pub b: Vec<Place>,
}

impl RowChoice {
    /// A choice with a fresh id.
    pub fn new(kind: ChoiceKind, a: Vec<Place>, b: Vec<Place>) -> Self {
        Self { id: ChoiceId::new(), kind, a, b }
    }

    /// Every sentence it names.
    pub fn places(&self) -> impl Iterator<Item = &Place> {
        self.a.iter().chain(&self.b)
    }
}
