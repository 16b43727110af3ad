//! Where an annotation sits: a char range plus the quoted text and its
//! context, as the W3C Web Annotation `TextQuoteSelector` records it, so the
//! passage can be found again when the source changes.

use serde::{Deserialize, Serialize};

use super::offset::CharRange;
use super::text::SourceText;

/// Chars of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Position and quote of a passage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Char range in the normalized text.
    pub range: CharRange,
    /// The quoted text itself.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] chars before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars after the quote.
    pub suffix: String,
}

impl Anchor {
    /// Anchor `range` (clamped to the text) in `text`, recording quote and context.
    pub fn from_text(text: &SourceText, range: CharRange) -> Self {
        let end = range.end.0.min(text.char_len());
        let start = range.start.0.min(end);
        let range = CharRange::new(start, end);
        let prefix = CharRange::new(start.saturating_sub(CONTEXT_CHARS), start);
        let suffix = CharRange::new(end, (end + CONTEXT_CHARS).min(text.char_len()));
        Self {
            range,
            exact: text.slice(range).to_owned(),
            prefix: text.slice(prefix).to_owned(),
            suffix: text.slice(suffix).to_owned(),
        }
    }
}

/// How well an annotation is attached to the current source text.
///
/// Ordered from best to worst. A status other than `Exact` is kept until the
/// user confirms the passage, even if the project is saved in between.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AnchorStatus {
    /// The passage is where it was, with the same text.
    #[default]
    Exact,
    /// The passage was found elsewhere (text moved, or lightly edited).
    Moved,
    /// A candidate was found but it is not certain: look-alike passages or
    /// changed context. The range points at the best candidate.
    NeedsReview,
    /// The passage is gone. The note and tags are kept; the range is stale.
    Orphaned,
}

impl AnchorStatus {
    /// Lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Moved => "moved",
            Self::NeedsReview => "needs-review",
            Self::Orphaned => "orphaned",
        }
    }

    /// All statuses, best first.
    pub const ALL: [Self; 4] = [Self::Exact, Self::Moved, Self::NeedsReview, Self::Orphaned];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_records_quote_and_context() {
        let t = SourceText::new(format!("{}QUOTE{}", "p".repeat(40), "s".repeat(5)));
        let a = Anchor::from_text(&t, CharRange::new(40, 45));
        assert_eq!(a.exact, "QUOTE", "quote");
        assert_eq!(a.prefix, "p".repeat(CONTEXT_CHARS), "prefix is capped");
        assert_eq!(a.suffix, "sssss", "suffix stops at the end");
        let clamped = Anchor::from_text(&t, CharRange::new(44, 400));
        assert_eq!(clamped.exact, "Esssss", "range clamped to the text");
    }
}
