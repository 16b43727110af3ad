//! Plain text: detect the encoding, decode, normalize line endings, hash,
//! and index. Source files are only ever read.

use std::path::Path;

use encoding_rs::Encoding;

use super::{ImportError, ImportOptions};
use crate::model::SourceText;

/// Bytes inspected for NUL when deciding whether a file is binary.
const BINARY_PROBE: usize = 8 * 1024;

/// A source text as read from disk.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The normalized, indexed text.
    pub text: SourceText,
    /// Name of the encoding it was decoded from.
    pub encoding: &'static str,
    /// BLAKE3 hash (hex) of the normalized text.
    pub hash: String,
    /// True when some bytes were not valid in the detected encoding and were
    /// replaced by U+FFFD.
    pub had_errors: bool,
}

/// Read and decode the source at `path`.
pub fn load_text(path: &Path, opts: ImportOptions) -> Result<Loaded, ImportError> {
    let bytes = super::read_capped(path, opts)?;
    decode(&bytes).ok_or_else(|| ImportError::Binary { path: path.to_owned() })
}

/// Decode bytes of a text file; `None` when they look binary.
///
/// A BOM decides first (UTF-8, UTF-16LE/BE). Without one, NUL bytes in the
/// first 8 KiB mean binary; valid UTF-8 is UTF-8; anything else is a legacy
/// encoding guessed by `chardetng` from the whole file.
pub fn decode(bytes: &[u8]) -> Option<Loaded> {
    let (encoding, body): (&'static Encoding, &[u8]) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom_len..])
    } else {
        if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
            return None;
        }
        if std::str::from_utf8(bytes).is_ok() { (encoding_rs::UTF_8, bytes) } else { (detect_legacy(bytes), bytes) }
    };
    let (decoded, had_errors) = encoding.decode_without_bom_handling(body);
    let mut loaded = Loaded::from_text(decoded.into_owned(), encoding.name());
    loaded.had_errors = had_errors;
    Some(loaded)
}

/// Guess the legacy encoding of bytes that are not UTF-8 (`chardetng`, fed
/// a sample of the non-ASCII runs).
pub fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(&detector_sample(bytes), true);
    det.guess(None, true)
}

/// Plain text: the file as it is, decoded.
pub struct TextImporter;

impl super::Importer for TextImporter {
    fn format(&self) -> super::Format {
        super::Format::Text
    }

    fn version(&self) -> &'static str {
        "text 1"
    }

    fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<super::Extracted, super::Failure> {
        let l =
            decode(bytes).ok_or_else(|| super::Failure::Unsupported("this file holds binary data, not text".into()))?;
        Ok(super::Extracted { text: l.text.as_str().to_owned(), ..super::Extracted::default() })
    }
}

/// Whether the first bytes hold a NUL (the mark of a binary file) and no
/// BOM says they are UTF-16.
pub fn looks_binary(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_none() && bytes[..bytes.len().min(BINARY_PROBE)].contains(&0)
}

impl Loaded {
    /// A loaded text from an already-decoded string (normalized here).
    pub fn from_text(text: String, encoding: &'static str) -> Self {
        let text = normalize_newlines(text);
        let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        Self { text: SourceText::new(text), encoding, hash, had_errors: false }
    }
}

/// Most a detector sample holds.
const SAMPLE_CAP: usize = 64 * 1024;

/// ASCII bytes kept on each side of a run of non-ASCII bytes.
const SAMPLE_CONTEXT: usize = 2;

/// What `chardetng` needs to tell legacy encodings apart is the non-ASCII
/// bytes and their immediate neighbours (it scores adjacent character
/// pairs); feeding it a whole book costs ~100 ms per MB. So the sample is
/// each distinct run of non-ASCII bytes with two bytes of context on each
/// side, once, separated by spaces. Runs that occur once in a long text
/// still count, which a prefix of the file would miss (War and Peace has
/// its è, ï and à scattered over 3 MB).
fn detector_sample(bytes: &[u8]) -> Vec<u8> {
    let mut seen = std::collections::HashSet::new();
    let mut sample = Vec::new();
    let mut i = 0;
    while sample.len() < SAMPLE_CAP {
        let Some(off) = bytes[i..].iter().position(|b| !b.is_ascii()) else { break };
        let run_start = i + off;
        let run_end = bytes[run_start..].iter().position(u8::is_ascii).map_or(bytes.len(), |p| run_start + p);
        let start = run_start.saturating_sub(SAMPLE_CONTEXT).max(i);
        let end = (run_end + SAMPLE_CONTEXT).min(bytes.len());
        let window = &bytes[start..end];
        if seen.insert(window) {
            sample.extend_from_slice(window);
            sample.push(b' ');
        }
        i = run_end;
    }
    sample
}

/// Turn CRLF and lone CR into LF (and drop a stray BOM char at the start).
pub fn normalize_newlines(mut s: String) -> String {
    if s.starts_with('\u{feff}') {
        s.drain(..'\u{feff}'.len_utf8());
    }
    if !s.contains('\r') {
        return s;
    }
    // In place: a book is not held twice while its line ends change. Only
    // ASCII bytes are replaced or dropped, so the bytes stay UTF-8.
    let mut v = s.into_bytes();
    let (mut w, mut r) = (0, 0);
    while r < v.len() {
        let b = v[r];
        r += 1;
        if b == b'\r' {
            v[w] = b'\n';
            if v.get(r) == Some(&b'\n') {
                r += 1;
            }
        } else {
            v[w] = b;
        }
        w += 1;
    }
    v.truncate(w);
    String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le { vec![0xff, 0xfe] } else { vec![0xfe, 0xff] };
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    const SAMPLE: &str = "“Hélène” — Ζεύς, Жизнь\nsecond line\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes()).expect("text");
        assert_eq!(plain.text.as_str(), SAMPLE, "plain UTF-8");
        assert_eq!(plain.encoding, "UTF-8", "encoding name");
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend(SAMPLE.as_bytes());
        let with_bom = decode(&bom).expect("text");
        assert_eq!(with_bom.text.as_str(), SAMPLE, "BOM stripped");
        assert_eq!(with_bom.hash, plain.hash, "same text, same hash");
    }

    #[test]
    fn utf16_both_orders() {
        for le in [true, false] {
            let d = decode(&utf16(SAMPLE, le)).expect("text");
            assert_eq!(d.text.as_str(), SAMPLE, "UTF-16 le={le}");
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" }, "encoding name");
        }
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        let d = decode(b"a\r\nb\rc\n\r\nd").expect("text");
        assert_eq!(d.text.as_str(), "a\nb\nc\n\nd", "normalized");
        let same = decode(b"a\nb\nc\n\nd").expect("text");
        assert_eq!(d.hash, same.hash, "line endings do not change the hash");
    }

    #[test]
    fn legacy_single_byte_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
            "\u{201c}Voilà, Hélène,\u{201d} dit-il, \u{201c}c\u{2019}est la fête à Paris; très naïf, déjà vu.\u{201d}\n",
        );
        let d = decode(&bytes.repeat(20)).expect("text");
        assert_eq!(d.encoding, "windows-1252", "detected");
        assert!(d.text.as_str().starts_with("“Voilà, Hélène,” dit-il"), "decoded: {}", &d.text.as_str()[..40]);
        let (bytes, _, _) = encoding_rs::KOI8_R.encode("Война и мир — роман Льва Николаевича Толстого.\n");
        let d = decode(&bytes.repeat(20)).expect("text");
        assert!(d.text.as_str().starts_with("Война и мир"), "Cyrillic legacy: {}", d.encoding);
    }

    #[test]
    fn central_european_is_not_taken_for_western() {
        let czech = "Příliš žluťoučký kůň úpěl ďábelské ódy. Čeština má háčky a čárky: č, ř, š, ž, ě, ů.\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(czech);
        let d = decode(&bytes.repeat(10)).expect("text");
        assert_eq!(d.encoding, "windows-1250", "detected");
        assert!(d.text.as_str().starts_with("Příliš žluťoučký"), "decoded");
    }

    #[test]
    fn sample_keeps_rare_words_from_late_in_the_file() {
        let mut bytes = b"plain ascii text. ".repeat(20_000);
        bytes.extend_from_slice(b"Na\xefve H\xe9l\xe8ne at the end");
        bytes.extend_from_slice(b" and Na\xefve again");
        let s = detector_sample(&bytes);
        assert!(s.len() < 40, "small sample: {}", String::from_utf8_lossy(&s));
        for b in [0xef, 0xe9, 0xe8] {
            assert!(s.contains(&b), "byte {b:#x} sampled");
        }
        assert_eq!(s.iter().position(|&b| b == 0xef), s.iter().rposition(|&b| b == 0xef), "repeated runs sampled once");
    }

    #[test]
    fn binary_and_empty() {
        assert!(decode(b"PK\x03\x04\0\0\x14\0").is_none(), "NUL bytes mean binary");
        let empty = decode(b"").expect("empty is text");
        assert_eq!(empty.text.char_len(), 0, "empty document");
        assert!(empty.text.blocks().is_empty(), "no blocks");
    }

    #[test]
    fn load_refuses_large_and_missing_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "x".repeat(2000)).expect("write");
        let err = load_text(&p, ImportOptions { max_bytes: 1000, ..ImportOptions::default() }).expect_err("too large");
        assert!(matches!(err, ImportError::TooLarge { size: 2000, .. }), "{err}");
        assert!(err.to_string().contains("big.txt"), "message names the file: {err}");
        assert!(err.to_string().contains("too large: 2 KB, over the limit of 1000 bytes"), "human sizes: {err}");
        let err = load_text(&dir.path().join("nope.txt"), ImportOptions::default()).expect_err("missing");
        assert!(matches!(err, ImportError::Io { .. }), "{err}");
        let bin = dir.path().join("x.bin");
        std::fs::write(&bin, [1u8, 0, 2, 0]).expect("write");
        let err = load_text(&bin, ImportOptions::default()).expect_err("binary");
        assert!(err.to_string().contains("binary"), "{err}");
    }
}
