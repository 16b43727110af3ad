//! E-books (`.epub`): the chapters in spine order, each starting with its
//! title from the table of contents (unless the chapter already starts with
//! it); title, author, date and language from the package metadata.

use std::collections::{BTreeMap, BTreeSet};

use super::archive::Zip;
use super::blocks::{Paragraphs, node_text};
use super::xml::{Ev, attr, walk};
use super::{Extracted, Failure, Format, FoundMeta, ImportOptions, Importer, collapse_ws};

/// The EPUB importer.
pub struct EpubImporter;

const WHAT: &str = "EPUB";

impl Importer for EpubImporter {
    fn format(&self) -> Format {
        Format::Epub
    }

    fn version(&self) -> &'static str {
        "epub 2 (zip 9, quick-xml 0.42, dom_query 0.29)"
    }

    fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
        let mut zip = Zip::open(bytes, WHAT)?;
        let container = zip.require("META-INF/container.xml")?;
        let mut opf_path = None;
        walk(&container, WHAT, |ev| {
            if let Ev::Start("rootfile", a) = ev
                && opf_path.is_none()
            {
                opf_path = attr(a, "full-path").map(str::to_owned);
            }
        })?;
        let opf_path = opf_path
            .ok_or_else(|| Failure::Damaged { what: WHAT, detail: "its container names no package file".into() })?;
        let opf = zip.require(&opf_path)?;
        let pkg = Package::parse(&opf)?;
        let base = parent(&opf_path);
        let mut notes = Vec::new();
        let titles = pkg.toc.as_ref().map_or_else(BTreeMap::new, |(href, is_nav)| {
            resolve(base, href)
                .and_then(|p| zip.read_string(&p).ok().flatten().map(|s| (p, s)))
                .map(|(p, s)| toc_titles(&s, parent(&p), *is_nav))
                .unwrap_or_default()
        });
        // The cover and the title page repeat the book's metadata (title,
        // author, date) before the first chapter says its title again: not
        // text to read, unless the book has nothing else.
        let mut front: BTreeSet<String> =
            pkg.front.iter().filter_map(|h| resolve(base, h.split('#').next()?)).collect();
        if let Some((href, true)) = &pkg.toc
            && let Some(p) = resolve(base, href)
            && let Ok(Some(nav)) = zip.read_string(&p)
        {
            front.extend(landmark_front(&nav, parent(&p)));
        }
        let chapters = pkg.spine.iter().filter_map(|id| pkg.manifest.get(id)).filter_map(|h| resolve(base, h));
        if chapters.clone().all(|c| front.contains(&c)) {
            front.clear();
        }
        let mut out = Paragraphs::default();
        for id in &pkg.spine {
            let Some(href) = pkg.manifest.get(id) else { continue };
            let Some(path) = resolve(base, href) else {
                notes.push(format!("A chapter with a path outside the book ({href}) was skipped."));
                continue;
            };
            if front.contains(&path) {
                continue;
            }
            let Some(xhtml) = zip.read_string(&path)? else {
                notes.push(format!("The chapter {path} is missing from the book and was skipped."));
                continue;
            };
            let doc = dom_query::Document::from(xhtml.as_str());
            let mut chapter = Paragraphs::default();
            node_text(&doc.body().unwrap_or_else(|| doc.root()), &mut chapter);
            let text = chapter.finish();
            if let Some(t) = titles.get(&path)
                && !starts_with_title(&text, t)
            {
                out.push(t);
            }
            if !text.is_empty() {
                out.end();
                out.extend_finished(&text);
            }
        }
        let text = out.finish();
        if text.trim().is_empty() {
            return Err(Failure::Unsupported("this e-book has no text (it may hold only images)".into()));
        }
        Ok(Extracted { text, meta: pkg.meta, pages: Vec::new(), notes })
    }
}

/// What the package file says.
#[derive(Default)]
struct Package {
    meta: FoundMeta,
    /// id → href.
    manifest: BTreeMap<String, String>,
    /// ids in reading order.
    spine: Vec<String>,
    /// The table of contents: href, and whether it is an EPUB 3 nav page
    /// (else an NCX).
    toc: Option<(String, bool)>,
    /// Hrefs of the cover and title page (EPUB 2 `<guide>`).
    front: Vec<String>,
}

impl Package {
    fn parse(opf: &str) -> Result<Self, Failure> {
        let mut p = Self::default();
        let mut field: Option<&'static str> = None;
        let mut buf = String::new();
        let mut ncx_id = None;
        let mut nav = None;
        let mut media: BTreeMap<String, String> = BTreeMap::new();
        walk(opf, WHAT, |ev| match ev {
            Ev::Start(n, a) => {
                buf.clear();
                field = ["title", "creator", "date", "language", "identifier"].into_iter().find(|f| *f == n);
                match n {
                    "item" => {
                        if let (Some(id), Some(href)) = (attr(a, "id"), attr(a, "href")) {
                            p.manifest.insert(id.to_owned(), href.to_owned());
                            media.insert(id.to_owned(), attr(a, "media-type").unwrap_or_default().to_owned());
                            if attr(a, "properties").is_some_and(|v| v.split_whitespace().any(|x| x == "nav")) {
                                nav = Some(href.to_owned());
                            }
                        }
                    }
                    "spine" => ncx_id = attr(a, "toc").map(str::to_owned),
                    "reference" => {
                        if let (Some(t), Some(href)) = (attr(a, "type"), attr(a, "href"))
                            && FRONT_PAGES.contains(&t)
                        {
                            p.front.push(href.to_owned());
                        }
                    }
                    "itemref" => {
                        if let Some(id) = attr(a, "idref")
                            && attr(a, "linear") != Some("no")
                        {
                            p.spine.push(id.to_owned());
                        }
                    }
                    _ => {}
                }
            }
            Ev::Text(t) => buf.push_str(t),
            Ev::End(_) => {
                let value = collapse_ws(&buf);
                let creator = field == Some("creator");
                let slot = match field.take() {
                    Some("title") => &mut p.meta.title,
                    Some("creator") => &mut p.meta.author,
                    Some("date") => &mut p.meta.date,
                    Some("language") => &mut p.meta.lang,
                    Some("identifier") if value.starts_with("http") => &mut p.meta.url,
                    _ => return,
                };
                // The first of each counts; further creators are joined.
                if slot.is_empty() {
                    *slot = value;
                } else if creator && !value.is_empty() {
                    slot.push_str("; ");
                    slot.push_str(&value);
                }
            }
        })?;
        let ncx = ncx_id.and_then(|id| p.manifest.get(&id).cloned()).or_else(|| {
            media
                .iter()
                .find(|(_, m)| m.as_str() == "application/x-dtbncx+xml")
                .and_then(|(id, _)| p.manifest.get(id).cloned())
        });
        p.toc = nav.map(|n| (n, true)).or(ncx.map(|n| (n, false)));
        if p.spine.is_empty() {
            return Err(Failure::Damaged { what: WHAT, detail: "its package lists no chapters".into() });
        }
        Ok(p)
    }
}

/// What the cover and the title page are called in a nav page's landmarks
/// (`epub:type`) and an EPUB 2 guide (`type`).
const FRONT_PAGES: &[&str] = &["cover", "titlepage", "title-page"];

/// Paths of the cover and title page a nav page's landmarks name.
fn landmark_front(src: &str, base: &str) -> BTreeSet<String> {
    let doc = dom_query::Document::from(src);
    doc.select("nav a")
        .iter()
        .filter(|a| a.attr("epub:type").is_some_and(|t| t.split_whitespace().any(|w| FRONT_PAGES.contains(&w))))
        .filter_map(|a| a.attr("href").and_then(|h| resolve(base, h.split('#').next().unwrap_or_default())))
        .collect()
}

/// Chapter titles by chapter path (the first entry for each file).
fn toc_titles(src: &str, base: &str, is_nav: bool) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |href: &str, label: &str| {
        let file = href.split('#').next().unwrap_or_default();
        let label = collapse_ws(label);
        if let Some(p) = resolve(base, file)
            && !label.is_empty()
        {
            out.entry(p).or_insert(label);
        }
    };
    if is_nav {
        // A nav page also holds the landmarks ("Title Page", "Cover") and
        // page lists: only the table of contents names chapters.
        let doc = dom_query::Document::from(src);
        let navs = doc.select("nav");
        let is_toc = |n: &dom_query::Selection<'_>| {
            n.attr("epub:type")
                .or_else(|| n.attr("role"))
                .is_some_and(|t| t.split_whitespace().any(|w| w == "toc" || w == "doc-toc"))
        };
        let any_toc = navs.iter().any(|n| is_toc(&n));
        for nav in navs.iter().filter(|n| if any_toc { is_toc(n) } else { !n.has_attr("hidden") }) {
            for a in &nav.select("a") {
                if let Some(h) = a.attr("href") {
                    add(&h, &a.text());
                }
            }
        }
    } else {
        let mut label = String::new();
        let mut in_text = false;
        let _ = walk(src, WHAT, |ev| match ev {
            Ev::Start("navPoint", _) => label.clear(),
            Ev::Start("text", _) => in_text = true,
            Ev::End("text") => in_text = false,
            Ev::Text(t) if in_text => label.push_str(t),
            Ev::Start("content", a) => {
                if let Some(s) = attr(a, "src") {
                    add(s, &label);
                }
            }
            _ => {}
        });
    }
    out
}

fn starts_with_title(text: &str, title: &str) -> bool {
    let head: String = text.chars().take(title.chars().count() + 8).collect();
    collapse_ws(&head).to_lowercase().starts_with(&title.to_lowercase())
}

/// The folder part of a path inside the archive (`OEBPS/content.opf` → `OEBPS`).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// A manifest href resolved against `base`: percent escapes decoded, `.`
/// and `..` applied; `None` when it would leave the archive's root or is a
/// remote URL (a book never loads anything from the network).
fn resolve(base: &str, href: &str) -> Option<String> {
    if href.contains("://") || href.starts_with('/') {
        return None;
    }
    let href = percent_decode(href);
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `%20` → space (hrefs are URLs; entry names are not).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
pub mod tests {
    use super::super::archive::tests::make_zip;
    use super::*;

    /// A small EPUB 2 book: two chapters, one titled only in the NCX, and a
    /// manifest entry that tries to climb out of the archive.
    pub fn sample_epub(chapters: &[(&str, &str)]) -> Vec<u8> {
        let mut manifest = String::new();
        let mut spine = String::new();
        let mut ncx = String::new();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, (title, body)) in chapters.iter().enumerate() {
            let _ = std::fmt::Write::write_fmt(
                &mut manifest,
                format_args!("<item id=\"c{i}\" href=\"text/ch%20{i}.xhtml\" media-type=\"application/xhtml+xml\"/>"),
            );
            let _ = std::fmt::Write::write_fmt(&mut spine, format_args!("<itemref idref=\"c{i}\"/>"));
            let _ = std::fmt::Write::write_fmt(
                &mut ncx,
                format_args!(
                    "<navPoint id=\"n{i}\"><navLabel><text>{title}</text></navLabel><content src=\"text/ch%20{i}.xhtml#top\"/></navPoint>"
                ),
            );
            files.push((format!("OEBPS/text/ch {i}.xhtml"), format!("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body>{body}</body></html>").into_bytes()));
        }
        let opf = format!(
            "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
             <dc:title>War &amp; Peace</dc:title><dc:creator>Leo Tolstoy</dc:creator><dc:date>1869</dc:date><dc:language>en</dc:language></metadata>\
             <manifest>{manifest}<item id=\"evil\" href=\"../../etc/passwd\" media-type=\"application/xhtml+xml\"/><item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/></manifest>\
             <spine toc=\"ncx\">{spine}<itemref idref=\"evil\"/></spine></package>"
        );
        let ncx = format!("<ncx><navMap>{ncx}</navMap></ncx>");
        let container = "<container><rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", container.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("OEBPS/toc.ncx", ncx.as_bytes()),
        ];
        entries.extend(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
        make_zip(&entries, true)
    }

    #[test]
    fn chapters_in_spine_order_with_titles() {
        let book = sample_epub(&[
            ("Book One", "<h1>Book One</h1><p>“Well, Prince, so Genoa and Lucca are now just family estates.”</p>"),
            ("Chapter II", "<p>Anna Pávlovna’s drawing room was gradually filling.</p><p>Second paragraph.</p>"),
        ]);
        let ex = EpubImporter.extract(&book, &ImportOptions::default()).expect("epub");
        assert_eq!(
            ex.text,
            "Book One\n\n“Well, Prince, so Genoa and Lucca are now just family estates.”\n\nChapter II\n\n\
             Anna Pávlovna’s drawing room was gradually filling.\n\nSecond paragraph.",
            "text"
        );
        assert_eq!(ex.meta.title, "War & Peace", "title");
        assert_eq!(ex.meta.author, "Leo Tolstoy", "author");
        assert_eq!((ex.meta.date.as_str(), ex.meta.lang.as_str()), ("1869", "en"), "date, lang");
        assert!(ex.notes.iter().any(|n| n.contains("outside the book")), "escape attempt skipped: {:?}", ex.notes);
    }

    #[test]
    fn only_the_table_of_contents_names_chapters() {
        let nav = r#"<html xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="toc"><ol><li><a href="text/ch1.xhtml#top">The Meeting</a></li></ol></nav>
<nav epub:type="landmarks" hidden="hidden"><ol><li><a href="text/title.xhtml" epub:type="titlepage">Title Page</a></li>
<li><a href="text/ch1.xhtml" epub:type="bodymatter">Start</a></li></ol></nav></body></html>"#;
        let titles = toc_titles(nav, "EPUB", true);
        assert_eq!(titles.get("EPUB/text/ch1.xhtml").map(String::as_str), Some("The Meeting"), "{titles:?}");
        assert_eq!(titles.len(), 1, "no landmark labels: {titles:?}");
        let untyped = "<nav><a href=\"a.xhtml\">One</a></nav><nav hidden><a href=\"b.xhtml\">Cover</a></nav>";
        assert_eq!(toc_titles(untyped, "", true).into_keys().collect::<Vec<_>>(), ["a.xhtml"], "a shown nav");
    }

    #[test]
    fn paths_resolve_inside_the_archive() {
        assert_eq!(resolve("OEBPS", "text/a%20b.xhtml").as_deref(), Some("OEBPS/text/a b.xhtml"), "decoded");
        assert_eq!(resolve("OEBPS/text", "../img/x.png").as_deref(), Some("OEBPS/img/x.png"), "up one");
        assert_eq!(resolve("", "../x"), None, "above the root");
        assert_eq!(resolve("OEBPS", "https://tracker.example/x"), None, "remote");
    }
}
