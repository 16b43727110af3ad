//! PDFs: the text layer in reading order (`pdf-extract`, on `lopdf`), then
//! cleaned the way a reader expects: running headers, footers and page
//! numbers that repeat from page to page dropped, words hyphenated at line
//! ends joined, the lines of a paragraph joined, a paragraph split by a
//! page break rejoined, and the char offset of each page's start kept so a
//! passage can be cited by page.
//!
//! The crate parses hostile input in-process; `super::guarded` runs it on a
//! worker thread with a time limit and catches its panics.

use std::collections::HashMap;

use super::{Extracted, Failure, Format, FoundMeta, ImportOptions, Importer};

/// The PDF importer.
pub struct PdfImporter;

const WHAT: &str = "PDF";

impl Importer for PdfImporter {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn version(&self) -> &'static str {
        "pdf 1 (pdf-extract 0.12)"
    }

    fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
        // `lopdf` opens PDFs "encrypted" only to set permissions (an empty
        // user password) by itself; one that needs a real password opens
        // with no pages.
        let encrypted = super::memfind(bytes, b"/Encrypt").is_some();
        let doc = match pdf_extract::Document::load_mem(bytes) {
            Ok(d) => d,
            Err(_) if encrypted => return Err(Failure::Encrypted),
            Err(e) => return Err(Failure::Damaged { what: WHAT, detail: e.to_string() }),
        };
        let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
        if numbers.is_empty() {
            return Err(if encrypted || doc.is_encrypted() {
                Failure::Encrypted
            } else {
                Failure::Damaged { what: WHAT, detail: "it has no pages".into() }
            });
        }
        // Page by page: one broken page costs its own text, not the rest.
        let mut pages = Vec::with_capacity(numbers.len());
        let mut broken = Vec::new();
        let ids = doc.get_pages();
        for n in numbers {
            let mut s = String::new();
            // A page whose /Parent chain loops is damaged: the extractor
            // would follow it for ever looking for inherited attributes.
            let loops = ids.get(&n).is_some_and(|id| parent_loops(&doc, *id));
            let ok =
                !loops && pdf_extract::output_doc_page(&doc, &mut pdf_extract::PlainTextOutput::new(&mut s), n).is_ok();
            if !ok {
                broken.push(n.to_string());
            }
            pages.push(s);
        }
        if pages.iter().all(|p| p.trim().is_empty()) {
            return Err(if broken.len() == pages.len() {
                Failure::Damaged { what: WHAT, detail: "none of its pages could be read".into() }
            } else {
                Failure::NoTextLayer
            });
        }
        let (text, starts) = clean_pages(&pages);
        let title = info_title(&doc);
        let mut notes = Vec::new();
        if !broken.is_empty() {
            notes.push(format!("Page(s) {} could not be read and are left empty.", broken.join(", ")));
        }
        let empty = pages.iter().filter(|p| p.trim().is_empty()).count().saturating_sub(broken.len());
        if empty > 0 {
            notes.push(format!("{empty} of {} pages have no text (scanned pages or images).", pages.len()));
        }
        Ok(Extracted { text, meta: FoundMeta { title, ..FoundMeta::default() }, pages: starts, notes })
    }
}

/// The document title from the trailer's Info dictionary.
/// True when following `/Parent` up from object `id` comes back to an
/// object already passed (a damaged page tree), or goes deeper than any
/// real page tree.
fn parent_loops(doc: &pdf_extract::Document, id: (u32, u16)) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut at = id;
    loop {
        if !seen.insert(at) || seen.len() > 256 {
            return true;
        }
        match doc.get_dictionary(at).ok().and_then(|d| d.get(b"Parent").ok()) {
            Some(pdf_extract::Object::Reference(parent)) => at = *parent,
            _ => return false,
        }
    }
}

fn info_title(doc: &pdf_extract::Document) -> String {
    let info = match doc.trailer.get(b"Info") {
        Ok(pdf_extract::Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(pdf_extract::Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    info.and_then(|d| d.get(b"Title").ok())
        .and_then(|t| pdf_extract::decode_text_string(t).ok())
        .map(|t| super::collapse_ws(&t))
        .unwrap_or_default()
}

/// Shape of a line for recognising running headers and footers: digits
/// (page numbers, dates) do not count, nor does spacing or case.
fn shape(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c.to_ascii_lowercase() })
        .collect()
}

/// Whether a line is only a page number ("12", "- 12 -", "Page 3 of 10", "xii").
fn is_page_number(line: &str) -> bool {
    let l = line.trim().trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace()).to_lowercase();
    let l = l.strip_prefix("page").unwrap_or(&l).trim();
    let mut parts = l.split(|c: char| c == '/' || c.is_whitespace()).filter(|p| !p.is_empty() && *p != "of");
    let Some(first) = parts.next() else { return false };
    let numeral =
        |p: &str| p.chars().all(|c| c.is_ascii_digit()) || (p.len() <= 6 && p.chars().all(|c| "ivxlc".contains(c)));
    numeral(first) && parts.all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// Lines looked at for headers at the top and footers at the bottom.
const ZONE: usize = 2;

/// Join the pages' text into paragraphs; returns the text and the char
/// offset at which each page starts.
pub fn clean_pages(pages: &[String]) -> (String, Vec<usize>) {
    let page_lines: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().map(str::trim_end).collect::<Vec<_>>()).collect();
    // How many pages each header/footer shape appears on.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in &page_lines {
        let mut shapes: Vec<String> = zone(lines).into_iter().map(|i| shape(lines[i])).collect();
        shapes.sort();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let n = pages.len();
    // Running headers often change with the chapter, so a line counts as
    // one when it stands at the top or bottom of three pages or more (or
    // of every page of a short document).
    let repeats = |s: &str| n >= 2 && seen.get(s).is_some_and(|&c| c >= 3 || (c >= 2 && c == n));

    let mut text = String::new();
    let mut starts = Vec::with_capacity(n);
    let mut chars = 0usize;
    for lines in &page_lines {
        let drop: Vec<usize> = zone(lines)
            .into_iter()
            .filter(|&i| {
                is_page_number(lines[i]) || (repeats(&shape(lines[i])) && lines[i].trim().chars().count() < 120)
            })
            .collect();
        let paras = paragraphs(lines.iter().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, l)| *l));
        let mut first = true;
        for p in paras {
            if first {
                first = false;
                // A paragraph cut by the page break continues here.
                let continues = text.ends_with(|c: char| !matches!(c, '.' | '!' | '?' | ':' | '"' | '”' | '’' | ')'))
                    && p.starts_with(|c: char| c.is_lowercase());
                if continues {
                    if text.ends_with('-') && text[..text.len() - 1].ends_with(char::is_alphabetic) {
                        text.pop();
                        chars -= 1;
                    } else {
                        text.push(' ');
                        chars += 1;
                    }
                    starts.push(chars);
                    chars += p.chars().count();
                    text.push_str(&p);
                    continue;
                }
                if !text.is_empty() {
                    text.push_str("\n\n");
                    chars += 2;
                }
                starts.push(chars);
            } else {
                text.push_str("\n\n");
                chars += 2;
            }
            chars += p.chars().count();
            text.push_str(&p);
        }
        if first {
            starts.push(chars);
        }
    }
    (text, starts)
}

/// Indices of the first and last `ZONE` non-blank lines.
fn zone(lines: &[&str]) -> Vec<usize> {
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
    let mut z: Vec<usize> = filled.iter().take(ZONE).chain(filled.iter().rev().take(ZONE)).copied().collect();
    z.sort_unstable();
    z.dedup();
    z
}

/// Lines into paragraphs: blank lines separate them; inside one, lines are
/// joined by a space, or directly when a word was hyphenated at the end.
fn paragraphs<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in lines {
        let l = super::collapse_ws(line);
        if l.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if cur.is_empty() {
            cur = l;
        } else if cur.ends_with('-')
            && cur[..cur.len() - 1].ends_with(char::is_alphabetic)
            && l.starts_with(char::is_lowercase)
        {
            cur.pop();
            cur.push_str(&l);
        } else {
            cur.push(' ');
            cur.push_str(&l);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_footers_and_hyphens() {
        let words = ["alpha", "beta", "gamma", "delta"];
        let pages: Vec<String> = (1..=4)
            .map(|i| {
                let w = words[i - 1];
                format!(
                    "Annual Report 2025\n\nParagraph {w} starts here and is hy-\nphenated across a line.\n\nA second para-\ngraph about {w} that goes on to the next page and\n\n{i}\n"
                )
            })
            .collect();
        let (text, starts) = clean_pages(&pages);
        assert!(!text.contains("Annual Report"), "running header dropped: {text}");
        assert!(text.contains("hyphenated across a line."), "hyphen joined: {text}");
        assert!(
            text.contains("paragraph about alpha that goes on to the next page and\n\nParagraph beta"),
            "no join into a capital: {text}"
        );
        assert!(!text.contains("\n\n2\n"), "page numbers dropped: {text}");
        assert_eq!(starts.len(), 4, "one start per page");
        let second: String = text.chars().skip(starts[1]).take(11).collect();
        assert_eq!(second, "Paragraph b", "page start offset");
    }

    #[test]
    fn headers_that_change_with_the_chapter() {
        let bodies = ["Alpha begins.", "Beta follows.", "Gamma ends.", "Delta opens.", "Epsilon runs.", "Zeta closes."];
        let pages: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let chapter = if i < 3 { "Chapter 1: Introduction" } else { "Chapter 2: Methods" };
                format!("{chapter} {}\n\n{b}\n", i + 10)
            })
            .collect();
        let (text, _) = clean_pages(&pages);
        assert!(!text.contains("Chapter"), "both chapters' headers dropped: {text}");
        assert_eq!(text.matches("\n\n").count(), 5, "six paragraphs: {text}");
    }

    #[test]
    fn a_paragraph_continues_over_the_page_break() {
        let pages = vec!["The council said the bridge would re-\n".to_owned(), "open in June.\n".to_owned()];
        let (text, starts) = clean_pages(&pages);
        assert_eq!(text, "The council said the bridge would reopen in June.", "joined");
        assert_eq!(text.chars().skip(starts[1]).collect::<String>(), "open in June.", "page 2 starts mid-word");
    }

    #[test]
    fn page_numbers() {
        for l in ["12", "- 12 -", "Page 3 of 10", "page 3", "xii", "3 / 10"] {
            assert!(is_page_number(l), "{l}");
        }
        for l in ["12 Angry Men", "In 2025 the", "Chapter", ""] {
            assert!(!is_page_number(l), "{l}");
        }
    }

    #[test]
    fn a_page_tree_that_loops_is_damaged_not_a_hang() {
        // Found by the import fuzzer: a page whose /Parent is itself.
        let bytes = include_bytes!("../../../tests/fixtures/pdf/parent-loop.pdf");
        let got = PdfImporter.extract(bytes, &ImportOptions::default());
        assert!(matches!(got, Err(Failure::Damaged { .. })), "{:?}", got.err());
    }

    #[test]
    fn garbage_is_damaged_not_a_panic() {
        let bytes = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF".to_vec();
        let err = super::super::guarded(&PdfImporter, bytes, ImportOptions::default());
        assert!(err.is_err(), "no pages");
    }
}
