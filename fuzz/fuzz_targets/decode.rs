//! The text decoder on any bytes: never panics; what it gives is normalized
//! (no CR), hashed as it is, and decodes to itself when read again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synoptic::io::import;

/// CRLF and lone CR as LF, written plainly (the decoder does it in place).
fn lf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fuzz_target!(|bytes: &[u8]| {
    let _ = import::detect_legacy(bytes);
    let Some(loaded) = import::decode(bytes) else {
        assert!(import::looks_binary(bytes), "refused bytes that are not binary");
        return;
    };
    let text = loaded.text.as_str();
    assert!(!text.contains('\r'), "a CR is left in decoded text");
    assert_eq!(loaded.hash, blake3::hash(text.as_bytes()).to_hex().to_string(), "hash is not the text's");
    assert_eq!(loaded.text.char_len(), text.chars().count(), "char length");
    if let Ok(utf8) = std::str::from_utf8(bytes) {
        // Valid UTF-8 is read as UTF-8, as it is but for line ends and one BOM.
        let plain = lf(utf8.strip_prefix('\u{feff}').unwrap_or(utf8));
        let plain = plain.strip_prefix('\u{feff}').unwrap_or(&plain);
        assert_eq!(loaded.encoding, "UTF-8");
        assert!(!loaded.had_errors, "valid UTF-8 reported as having errors");
        assert_eq!(text, plain, "valid UTF-8 changed by decoding");
    }
    // Saved as UTF-8 and read again, the text stays the same.
    let again_bytes = text.as_bytes();
    if !text.starts_with('\u{feff}') && !import::looks_binary(again_bytes) {
        let again = import::decode(again_bytes).expect("decoded text reads again");
        assert_eq!(again.text.as_str(), text, "decoded text decodes differently");
    }
});
