//! Algorithms on texts and projects. No UI here.

pub mod anchoring;
pub mod highlight;
