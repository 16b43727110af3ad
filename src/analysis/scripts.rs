//! The writing systems a text uses, one sample letter of each, so that a
//! script no installed font can show is named (with the font package that
//! covers it) instead of being drawn as empty boxes.

use unicode_script::{Script, UnicodeScript};

/// A writing system found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its name ("Devanagari").
    pub name: &'static str,
    /// A letter of it from the text, to ask the fonts about.
    pub sample: char,
    /// The Debian package of fonts that covers it.
    pub package: &'static str,
}

/// Chars looked at: a script used only after the first megabyte of a text
/// is rare, and the look must stay cheap for a book.
const LOOK_AT: usize = 1 << 20;

/// The scripts of `text` other than Latin and the scripts every font has
/// (Common, Inherited), in order of first use.
pub fn scripts(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut seen: Vec<Script> = Vec::new();
    for c in text.chars().take(LOOK_AT) {
        if c.is_ascii() {
            continue;
        }
        let s = c.script();
        if matches!(s, Script::Latin | Script::Common | Script::Inherited | Script::Unknown) || seen.contains(&s) {
            continue;
        }
        seen.push(s);
        out.push(Found { name: s.full_name(), sample: c, package: package(s) });
    }
    out
}

/// The Debian package of fonts that covers `s` (Noto covers nearly all).
fn package(s: Script) -> &'static str {
    match s {
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo => "fonts-noto-cjk",
        Script::Greek | Script::Cyrillic | Script::Hebrew | Script::Arabic | Script::Armenian => "fonts-dejavu-core",
        _ => "fonts-noto-core",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_named_once_with_a_sample_and_a_package() {
        let t = "Delhi (दिल्ली) and Tel Aviv (תל אביב), again दिल्ली, 東京 and Москва; café, 2026.";
        let found = scripts(t);
        let names: Vec<&str> = found.iter().map(|f| f.name).collect();
        assert_eq!(names, ["Devanagari", "Hebrew", "Han", "Cyrillic"], "in order of first use, each once");
        assert_eq!(found[0].sample, 'द');
        assert_eq!(found[0].package, "fonts-noto-core");
        assert_eq!(found[2].package, "fonts-noto-cjk");
        assert!(
            scripts("Plain English, with café and “quotes” — 12%.").is_empty(),
            "Latin and punctuation need nothing"
        );
    }
}
