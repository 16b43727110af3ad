//! Blocks, reflow and the offset index on any normalized text: blocks are
//! in order and inside the text, the shown text of a block has the block's
//! length in chars (reflow swaps one char for another), and char and byte
//! offsets map back and forth.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synoptic::io::import::normalize_newlines;
use synoptic::model::text::MAX_BLOCK_CHARS;
use synoptic::model::{ByteIdx, CharIdx, CharRange, SourceText};

fuzz_target!(|input: (String, Vec<(u16, u16)>)| {
    let (raw, probes) = input;
    let st = SourceText::new(normalize_newlines(raw));
    let text = st.as_str();
    let n = st.char_len();
    assert_eq!(n, text.chars().count(), "char length");
    let mut prev_end = 0;
    for (i, b) in st.blocks().iter().enumerate() {
        assert!(b.chars.start.0 >= prev_end && b.chars.start < b.chars.end, "block {i} out of order or empty");
        assert!(b.chars.end.0 <= n, "block {i} past the end");
        assert!(b.chars.len() <= MAX_BLOCK_CHARS, "block {i} is {} chars", b.chars.len());
        assert_eq!(st.char_to_byte(b.chars.start), b.byte_start, "block {i} start byte");
        assert_eq!(st.char_to_byte(b.chars.end), b.byte_end, "block {i} end byte");
        let shown = st.display(*b);
        assert_eq!(shown.chars().count(), b.chars.len(), "block {i}: reflow changed the length");
        assert_eq!(st.block_at(b.chars.start), i, "block_at the start of block {i}");
        prev_end = b.chars.end.0;
    }
    // Every char boundary maps to its char and back.
    for (c, (b, _)) in text.char_indices().enumerate().step_by(7) {
        assert_eq!(st.char_to_byte(CharIdx(c)), ByteIdx(b), "char {c}");
        assert_eq!(st.byte_to_char(ByteIdx(b)), CharIdx(c), "byte {b}");
    }
    assert_eq!(st.char_to_byte(CharIdx(n)), ByteIdx(text.len()), "end");
    for (a, b) in probes {
        let (a, b) = (usize::from(a) % (n + 1), usize::from(b) % (n + 1));
        let r = CharRange::new(a.min(b), a.max(b));
        let slice = st.slice(r);
        assert_eq!(slice.chars().count(), r.len(), "slice {r:?}");
        assert_eq!(st.display_range(r).chars().count(), r.len(), "display_range {r:?}");
        // A byte inside a char maps to that char.
        let byte = a % (text.len() + 1);
        let c = st.byte_to_char(ByteIdx(byte));
        assert!(st.char_to_byte(c).0 <= byte, "byte {byte} maps past itself");
    }
});
