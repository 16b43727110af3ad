//! Web pages: the article body without menus, ads, share bars, comments and
//! related links, with its title, byline, outlet, date, canonical URL and
//! language.
//!
//! Extraction is `dom_smoothie`, a Rust port of Mozilla's Readability,
//! chosen over `rs-trafilatura` by measurement on the 40 real pages of
//! `shared/corpus/html-dev` (mean token F1 1.000 against 0.960, title exact
//! 40/40 against 30/40, 4 ms per page against 20 ms; see README "Import").
//! Its article HTML (classes kept) is cleared of the furniture Readability
//! keeps inside the article (bylines, captions, credits, links to other
//! stories: see `furniture`) and turned into our paragraphs by `blocks`.
//!
//! Charset: a BOM, then the page's own declaration (`<meta charset>`,
//! `http-equiv`, or the XML declaration), then detection. A declaration is
//! not trusted when the bytes are valid UTF-8 with non-ASCII text and the
//! declared legacy encoding would read them differently: pages saved by a
//! browser are re-encoded as UTF-8 but keep their old `<meta>`.

use encoding_rs::Encoding;

use super::blocks::{Paragraphs, html_text, node_text};
use super::furniture;
use super::{Extracted, Failure, Format, FoundMeta, ImportOptions, Importer, collapse_ws};

/// The web page importer.
pub struct HtmlImporter;

/// Fewest non-space chars an article must have to count as one (chars, not
/// words: Chinese and Japanese put no spaces between words).
const MIN_ARTICLE_CHARS: usize = 80;

impl Importer for HtmlImporter {
    fn format(&self) -> Format {
        Format::Html
    }

    fn version(&self) -> &'static str {
        "html 2 (dom_smoothie 0.19)"
    }

    fn extract(&self, bytes: &[u8], opts: &ImportOptions) -> Result<Extracted, Failure> {
        let (html, note) = decode_html(bytes);
        let mut ex = extract_html(&html, opts.all_text)?;
        ex.notes.extend(note);
        Ok(ex)
    }
}

/// Extract the article (or, with `all_text`, all visible text when there is
/// no article) from a decoded page.
pub fn extract_html(html: &str, all_text: bool) -> Result<Extracted, Failure> {
    let head = head_meta(html);
    // Classes are kept: they tell captions and bylines from the story.
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Raw,
        keep_classes: true,
        ..dom_smoothie::Config::default()
    };
    let article = dom_smoothie::Readability::new(html, None, Some(cfg)).and_then(|mut r| r.parse()).ok();
    let mut meta = FoundMeta { url: head.canonical.clone(), lang: head.lang.clone(), ..FoundMeta::default() };
    let mut text = String::new();
    let mut byline_date = String::new();
    if let Some(a) = &article {
        let (author, date) = a.byline.as_deref().map(furniture::split_byline).unwrap_or_default();
        byline_date = date;
        meta.author = author;
        let page = if head.canonical.is_empty() { a.url.as_deref().unwrap_or_default() } else { &head.canonical };
        text = article_text(&a.content, &meta.author, furniture::link_host(page).as_deref());
        meta.title = collapse_ws(&a.title);
        meta.site = a.site_name.as_deref().map(collapse_ws).unwrap_or_default();
        meta.date = a.published_time.as_deref().map(collapse_ws).unwrap_or_default();
        if meta.url.is_empty() {
            meta.url = a.url.clone().unwrap_or_default();
        }
        if let Some(l) = a.lang.as_deref().filter(|l| !l.is_empty()) {
            l.clone_into(&mut meta.lang);
        }
    }
    if meta.title.is_empty() {
        meta.title.clone_from(&head.title);
    }
    // Where the date is written, best first: the page's metadata (above),
    // schema.org microdata in the body, the byline, Dublin Core.
    for date in [microdata_date(html), byline_date, head.date.clone()] {
        if meta.date.is_empty() {
            meta.date = date;
        }
    }
    let mut notes = Vec::new();
    if text.chars().filter(|c| !c.is_whitespace()).count() < MIN_ARTICLE_CHARS {
        if !all_text {
            return Err(Failure::NoArticle);
        }
        text = html_text(html);
        if text.trim().is_empty() {
            return Err(Failure::Unsupported("this web page has no visible text".into()));
        }
        notes.push("No article was found on this page: all of its visible text was imported.".into());
    }
    Ok(Extracted { text, meta, pages: Vec::new(), notes })
}

/// The paragraphs of the article Readability found, without the furniture
/// it keeps (see [`furniture`]); as it was when the cleaning would take
/// more than half of it.
fn article_text(content: &str, author: &str, site: Option<&str>) -> String {
    let paragraphs = |doc: &dom_query::Document| {
        let mut out = Paragraphs::default();
        node_text(&doc.root(), &mut out);
        out.finish()
    };
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let doc = dom_query::Document::fragment(content);
    let whole = visible(&doc.root().text());
    let alts = furniture::alt_texts(&doc);
    furniture::strip_elements(&doc, site);
    let clean = furniture::strip_paragraphs(&paragraphs(&doc), &alts, author);
    if visible(&clean) * 2 < whole { paragraphs(&dom_query::Document::fragment(content)) } else { clean }
}

/// The date a page gives as schema.org microdata (`<meta
/// itemprop="datePublished" content="…">`, `<time itemprop="datePublished"
/// datetime="…">`), which the extractor does not read; empty when none.
fn microdata_date(html: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)<[a-z]+\s[^>]*itemprop\s*=\s*["']?datePublished\b[^>]*>"#).expect("a valid pattern")
    });
    static VALUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\b(?:content|datetime)\s*=\s*["']([^"']+)["']"#).expect("a valid pattern")
    });
    TAG.find(html).and_then(|t| VALUE.captures(t.as_str())).map(|c| collapse_ws(&c[1])).unwrap_or_default()
}

/// What the page's `<head>` says that the extractor does not report.
#[derive(Default)]
struct HeadMeta {
    title: String,
    canonical: String,
    lang: String,
    /// A Dublin Core date (`<meta name="dcterms.date">`, as pandoc writes).
    date: String,
}

/// Canonical URL (`<link rel=canonical>`, else `og:url`), `<html lang>`,
/// `<title>` and a Dublin Core date, from the part of the page before `<body>` (parsed alone: the
/// head is small and parsing the page twice would double the cost).
fn head_meta(html: &str) -> HeadMeta {
    let end = find_ci(html, "<body").unwrap_or_else(|| html.floor_char_boundary(256 * 1024));
    let doc = dom_query::Document::from(&html[..end]);
    let attr = |sel: &str, name: &str| {
        doc.select(sel).iter().find_map(|s| s.attr(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()))
    };
    HeadMeta {
        title: collapse_ws(&doc.select("title").text()),
        canonical: attr("link[rel=canonical]", "href")
            .or_else(|| attr("meta[property=\"og:url\"]", "content"))
            .unwrap_or_default(),
        lang: attr("html", "lang").unwrap_or_default(),
        date: doc
            .select("meta[name][content]")
            .iter()
            .find(|m| {
                m.attr("name").is_some_and(|n| {
                    ["dcterms.date", "dcterms.issued", "dcterms.created"]
                        .iter()
                        .any(|k| n.trim().eq_ignore_ascii_case(k))
                })
            })
            .and_then(|m| m.attr("content").map(|c| collapse_ws(&c)))
            .unwrap_or_default(),
    }
}

/// Byte position of `needle` (ASCII, lower case) in `hay`, ignoring case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes().windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// Whether bytes start like a web page: after a BOM, whitespace and
/// comments, a doctype or an `<html>`, `<head>` or `<body>` tag (or an XML
/// declaration followed by one).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let mut s = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    s = &s[..s.len().min(4096)];
    loop {
        s = s.trim_ascii_start();
        if s.starts_with(b"<!--") {
            match s.windows(3).position(|w| w == b"-->") {
                Some(i) => s = &s[i + 3..],
                None => return false,
            }
        } else if s.starts_with(b"<?xml") {
            return s.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"));
        } else {
            break;
        }
    }
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<meta", b"<title"]
        .iter()
        .any(|p| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p))
}

/// Decode a page's bytes; the note says when its declaration was wrong.
pub fn decode_html(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return (enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(), None);
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    let declared = declared_charset(bytes);
    if let Some(enc) = declared {
        if enc == encoding_rs::UTF_8 {
            if let Some(s) = utf8 {
                return (s.to_owned(), None);
            }
        } else if let Some(s) = utf8.filter(|s| !s.is_ascii()) {
            // Valid UTF-8 with non-ASCII text is almost never a legacy
            // encoding by chance: the declaration is stale.
            return (
                s.to_owned(),
                Some(format!("The page declares the {} charset but is UTF-8; it was read as UTF-8.", enc.name())),
            );
        } else {
            let (text, _, errors) = enc.decode(bytes);
            if !errors {
                return (text.into_owned(), None);
            }
        }
    }
    if let Some(s) = utf8 {
        return (s.to_owned(), None);
    }
    let enc = super::detect_legacy(bytes);
    let note = declared.map(|d| {
        format!(
            "The page declares the {} charset, which does not fit its bytes; it was read as {}.",
            d.name(),
            enc.name()
        )
    });
    (enc.decode_without_bom_handling(bytes).0.into_owned(), note)
}

/// The charset a page declares in its first 4 KiB (`<meta charset>`,
/// `http-equiv` content type, or an XML declaration's `encoding`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    for key in [&b"charset="[..], b"encoding="] {
        let mut from = 0;
        while let Some(i) = head[from..].windows(key.len()).position(|w| w.eq_ignore_ascii_case(key)) {
            let start = from + i + key.len();
            let rest = &head[start..];
            let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
            let len = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
                .unwrap_or(rest.len());
            if let Some(enc) = Encoding::for_label(&rest[..len]) {
                // A page in UTF-16 cannot declare itself in ASCII bytes.
                return Some(if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                });
            }
            from = start;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bridge closes | The Ledger</title>
<link rel="canonical" href="https://ledger.example/bridge">
<meta property="og:site_name" content="The Ledger"><meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2026-03-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<div class="share">Share on Facebook Share on X</div>
<article><h1>Bridge closes</h1>
<p>The footbridge over the river was closed on Monday after engineers found cracks in two of its supports, the council said in a statement.</p>
<p>Repairs are expected to take six weeks. Pedestrians are asked to use the road bridge a kilometre downstream, which has a new temporary footpath.</p>
<ul><li>Closed since Monday morning</li><li>Six weeks of repairs</li></ul>
<p>The council said the bridge, built in 1968, had been inspected every year and the cracks were new.</p></article>
<aside class="related"><h2>Related</h2><a href="/x">Other story about something else entirely</a></aside>
<footer>Copyright The Ledger. All rights reserved. Privacy. Terms.</footer></body></html>"#;

    #[test]
    fn article_without_boilerplate_with_metadata() {
        let ex = extract_html(ARTICLE, false).expect("article");
        assert!(ex.text.contains("The footbridge over the river was closed on Monday"), "{}", ex.text);
        assert!(
            ex.text.contains("\n\nClosed since Monday morning\n\nSix weeks of repairs\n\n"),
            "list items: {}",
            ex.text
        );
        for junk in ["Home", "Share on Facebook", "Copyright", "Related"] {
            assert!(!ex.text.contains(junk), "{junk} dropped: {}", ex.text);
        }
        assert_eq!(ex.meta.url, "https://ledger.example/bridge", "canonical");
        assert_eq!(ex.meta.lang, "en", "lang");
        assert_eq!(ex.meta.site, "The Ledger", "site");
        assert_eq!(ex.meta.author, "Ann Writer", "author");
        assert!(ex.meta.date.starts_with("2026-03-02"), "date {}", ex.meta.date);
        assert!(ex.meta.title.starts_with("Bridge closes"), "title {}", ex.meta.title);
    }

    #[test]
    fn a_date_given_as_microdata_is_found() {
        let page = "<html><body><article><h1>Bridge closes</h1><meta itemprop=\"datePublished\" \
                    content=\"2019-11-20T10:43Z\"><p>The footbridge over the river was closed on Monday after \
                    engineers found cracks in two of its supports, the council said in a statement today.</p>\
                    <p>Repairs are expected to take six weeks. Pedestrians are asked to use the road bridge a \
                    kilometre downstream, which has a new temporary footpath for them.</p></article></body></html>";
        assert_eq!(microdata_date(page), "2019-11-20T10:43Z", "the microdata");
        let ex = extract_html(page, false).expect("article");
        assert!(ex.meta.date.starts_with("2019-11-20"), "date {}", ex.meta.date);
        assert_eq!(microdata_date("<time itemprop='datePublished' datetime='2020-01-02'>2 Jan</time>"), "2020-01-02");
        assert_eq!(microdata_date("<p>no date</p>"), "");
    }

    #[test]
    fn bylines_captions_and_credits_are_not_article_text() {
        let page = ARTICLE
            .replace(
                "<article><h1>Bridge closes</h1>",
                "<article><h1>Bridge closes</h1><p class=\"article-byline\">View author archive<br>email the author</p>\
                 <p>November 18, 2019 | 4:10pm</p><p>By Ann Writer</p>\
                 <figure><img src=\"b.jpg\" alt=\"The footbridge seen from the east bank\">\
                 <figcaption>The footbridge seen from the east bank <span class=\"credit\">John Brecher</span></figcaption></figure>\
                 <p>\u{a9} John Brecher</p><p>The footbridge seen from the east bank</p>",
            )
            .replace(
                "<p>The council said",
                "<ul><li><a href=\"https://ledger.example/a\">Council budget passes</a></li>\
                 <li><a href=\"/b\">River levels rise</a></li></ul><p>The council said",
            );
        let ex = extract_html(&page, false).expect("article");
        assert!(ex.text.starts_with("The footbridge over the river was closed"), "{}", ex.text);
        assert!(ex.text.ends_with("the cracks were new."), "{}", ex.text);
        for junk in ["author", "2019", "By Ann", "Brecher", "east bank", "Council budget", "River levels"] {
            assert!(!ex.text.contains(junk), "{junk}: {}", ex.text);
        }
    }

    #[test]
    fn an_article_made_of_what_looks_like_furniture_is_kept() {
        let para = "<p class=\"caption\">A long paragraph of the story that a careless template marked as a caption, \
                    which goes on about the bridge, the river and the council for a good many words.</p>";
        let page =
            format!("<html><head><title>T</title></head><body><article>{}</article></body></html>", para.repeat(6));
        let ex = extract_html(&page, false).expect("article");
        assert_eq!(ex.text.matches("careless template").count(), 6, "{}", ex.text);
    }

    #[test]
    fn script_shell_has_no_article_but_offers_its_text() {
        let shell = "<!doctype html><html><head><title>App</title><script src=app.js></script></head>\
                     <body><div id=root></div><noscript>You need to enable JavaScript to run this app.</noscript>\
                     <p>Loading…</p></body></html>";
        assert_eq!(extract_html(shell, false).err(), Some(Failure::NoArticle), "no article");
        let all = extract_html(shell, true).expect("visible text");
        assert_eq!(all.text, "Loading…", "visible text only, no noscript");
        assert_eq!(all.notes.len(), 1, "the user is told");
    }

    #[test]
    fn charset_from_bom_meta_and_detection() {
        let page = "<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u{e9} \u{201c}quoted\u{201d}</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        assert_eq!(decode_html(&bytes).0, page, "declared legacy charset");
        let (s, note) = decode_html(page.replace("windows-1252", "gb2312").as_bytes());
        assert_eq!(s, page.replace("windows-1252", "gb2312"), "UTF-8 despite a wrong declaration");
        assert!(note.is_some_and(|n| n.contains("GBK")), "told");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(page.as_bytes());
        assert_eq!(decode_html(&bom).0, page, "BOM wins");
        let undeclared = page.replace("<meta charset=\"windows-1252\">", "");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&undeclared);
        let long = String::from_utf8_lossy(&bytes).into_owned();
        assert!(long.contains('\u{fffd}'), "not UTF-8");
        assert!(decode_html(&bytes).0.contains("Caf\u{e9}"), "detected");
    }

    #[test]
    fn a_long_page_without_body_tag() {
        // The 256 KiB mark falls inside an "é" (31 bytes before the text,
        // 14 bytes per repeat): the head must be cut at a char boundary.
        let page = format!("<html><title>Été d</title><p>{}</p>", "é déjà vu, ".repeat(40_000));
        assert!(!page.is_char_boundary(256 * 1024), "the test cuts a char");
        let ex = extract_html(&page, true).expect("text");
        assert!(ex.text.starts_with("é déjà vu"), "read whole");
    }

    #[test]
    fn html_is_recognised_by_its_start() {
        assert!(looks_like_html(b"<!-- saved from url=(0042)https://x --><!DOCTYPE html>"), "comment first");
        assert!(looks_like_html(b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), "xhtml");
        assert!(!looks_like_html(b"Dear <name>, hello"), "text with a tag");
    }
}
