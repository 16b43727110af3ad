//! Re-anchoring after any edits to a text: every passage comes back inside
//! the new text; an "exact" one has its old words; with no edits every
//! passage is exactly where it was; and a passage whose words and context
//! no edit touched is never attached to another place unless that place is
//! a true copy (same context and words) or it is flagged for review.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use synoptic::analysis::anchoring::resolve_all;
use synoptic::io::import::normalize_newlines;
use synoptic::model::{Anchor, AnchorStatus, CharRange, SourceText};

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    passages: Vec<(u16, u8)>,
    /// At char `at`, remove `remove` chars and put `insert` there.
    edits: Vec<(u16, u8, String)>,
}

fuzz_target!(|input: Input| {
    let old = SourceText::new(normalize_newlines(input.text));
    let n = old.char_len();
    if n == 0 {
        return;
    }
    let mut chars: Vec<char> = old.as_str().chars().collect();
    // Each passage: its range now, and whether an edit touched its words or context.
    let mut passages: Vec<(Anchor, CharRange, bool)> = input
        .passages
        .iter()
        .take(16)
        .map(|&(s, len)| {
            let s = usize::from(s) % n;
            let r = CharRange::new(s, (s + usize::from(len).max(1)).min(n));
            (Anchor::from_text(&old, r), r, false)
        })
        .collect();
    for (at, remove, insert) in input.edits.iter().take(8) {
        let at = usize::from(*at) % (chars.len() + 1);
        let end = (at + usize::from(*remove)).min(chars.len());
        let insert: Vec<char> = normalize_newlines(insert.clone()).chars().collect();
        let delta = insert.len() as isize - (end - at) as isize;
        for (a, r, touched) in &mut passages {
            let guard_start = r.start.0.saturating_sub(a.prefix.chars().count());
            let guard_end = r.end.0 + a.suffix.chars().count();
            if end < guard_start || (end == guard_start && at < end) {
                *r = CharRange::new(r.start.0.saturating_add_signed(delta), r.end.0.saturating_add_signed(delta));
            } else if at > guard_end || (at == guard_end && at < end) {
            } else {
                *touched = true;
            }
        }
        chars.splice(at..end, insert);
    }
    let new = SourceText::new(chars.iter().collect());
    let new_len = new.char_len();
    let anchors: Vec<&Anchor> = passages.iter().map(|(a, _, _)| a).collect();
    let found = resolve_all(&new, &anchors, n);
    assert_eq!(found.len(), anchors.len(), "one resolution per passage");
    let unedited = input.edits.is_empty();
    for ((a, expected, touched), r) in passages.iter().zip(&found) {
        let Some(range) = r.range else {
            assert_eq!(r.status, AnchorStatus::Orphaned, "a passage without a range is not an orphan");
            assert!(*touched, "{a:?}: lost though no edit touched it");
            continue;
        };
        assert!(range.start <= range.end && range.end.0 <= new_len, "{range:?} outside the text of {new_len} chars");
        if r.status == AnchorStatus::Exact {
            assert_eq!(new.slice(range), a.exact, "an exact passage with other words");
        }
        if unedited {
            assert_eq!((r.status, range), (AnchorStatus::Exact, a.range), "unchanged text, passage moved");
        }
        if !touched && range != *expected && r.status != AnchorStatus::NeedsReview {
            let there = Anchor::from_text(&new, range);
            let here = Anchor::from_text(&new, *expected);
            assert!(
                there.exact == here.exact && there.prefix.ends_with(&a.prefix) && there.suffix.starts_with(&a.suffix),
                "{a:?} attached to {range:?} ({:?}, {:?}) instead of {expected:?}\nold: {:?}\nnew: {:?}",
                there.exact,
                r.status,
                old.as_str(),
                new.as_str()
            );
        }
    }
});
