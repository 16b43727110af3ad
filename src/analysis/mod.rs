//! Algorithms on texts and projects. No UI here.

pub mod align;
pub mod anchoring;
pub mod bidi;
pub mod dates;
pub mod highlight;
pub mod job;
pub mod pairing;
pub mod retrieve;
pub mod reuse;
pub mod scripts;
pub mod search;
pub mod stats;
pub mod synopsis;
pub mod titles;
pub mod words;
