//! Typed text offsets.
//!
//! Offsets into a document are counted in Unicode scalar values ([`CharIdx`]),
//! which is what the project file stores. Rust strings are indexed by bytes
//! ([`ByteIdx`]). Mixing the two is the classic bug, so neither is a bare
//! `usize` once it leaves a function.

use serde::{Deserialize, Serialize};

/// An offset in Unicode scalar values (chars) into a normalized document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CharIdx(pub usize);

/// An offset in UTF-8 bytes into a normalized document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteIdx(pub usize);

/// A half-open range `start..end` of chars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CharRange {
    /// First char of the range.
    pub start: CharIdx,
    /// One past the last char of the range.
    pub end: CharIdx,
}

impl CharRange {
    /// A range from `start` to `end` (swapped if given in reverse).
    pub fn new(start: usize, end: usize) -> Self {
        let (start, end) = if start <= end { (start, end) } else { (end, start) };
        Self { start: CharIdx(start), end: CharIdx(end) }
    }

    /// Number of chars in the range.
    pub fn len(&self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    /// True when the range holds no chars.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when `self` and `other` share at least one char.
    pub fn overlaps(&self, other: &CharRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `idx` lies inside the range.
    pub fn contains(&self, idx: CharIdx) -> bool {
        self.start <= idx && idx < self.end
    }
}

impl std::fmt::Display for CharRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start.0, self.end.0)
    }
}
