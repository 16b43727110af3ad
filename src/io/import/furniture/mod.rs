//! Page furniture that article extraction leaves in a news article: the
//! byline and dateline, photo captions and credits (a gallery's shown
//! twice), links to other stories of the site, and the lead said twice (a
//! video's caption repeating it).
//!
//! Readability (`dom_smoothie`) finds the article's container well but
//! keeps what sits inside it. What is furniture is told by general signals
//! only, never by naming a site: the element (`figcaption`, `address`,
//! `aside`), what its `class`, `id` or `itemprop` says it is (a caption, a
//! credit, a byline, a date), what its text is (mostly a date, "By" and a
//! name, "Photo: …", an image's alt text again), and links to the site's
//! own pages standing alone.
//! An element that holds a large share of the article is never removed,
//! whatever its class says, and when the cleaning would leave less than
//! half of the text the article is kept as it was.

use std::collections::HashSet;

use dom_query::{Document, NodeRef};

mod lines;

pub(crate) use lines::split_byline;
use lines::{is_byline, is_credit, is_dateline};

/// Class or id words (whole words of `article__image-caption`,
/// `newsCaption`, `storyDate`) naming furniture.
const FURNITURE_WORDS: &[&str] = &[
    "byline",
    "bylines",
    "dateline",
    "timestamp",
    "author",
    "authors",
    "caption",
    "captions",
    "figcaption",
    "credit",
    "credits",
    "copyright",
    "pubdate",
    "updated",
    "gallery",
    "slideshow",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
];

/// The same, as parts of longer words (`resgallery`, `imagecredit`).
const FURNITURE_PARTS: &[&str] =
    &["caption", "byline", "dateline", "timestamp", "gallery", "slideshow", "copyright", "newsletter"];

/// `itemprop` values of schema.org that name the article's metadata.
const FURNITURE_ITEMPROPS: &[&str] =
    &["author", "creator", "datepublished", "datemodified", "datecreated", "caption", "copyrightholder"];

/// Elements that are furniture whatever their class.
const FURNITURE_ELEMENTS: &[&str] = &["figcaption", "address", "aside"];

/// Largest share of the article's text one removed element may hold.
const MAX_SHARE: f64 = 0.3;

/// Remove furniture elements from an extracted article (its classes kept);
/// `site` is the page's host, as [`link_host`] gives it.
pub fn strip_elements(doc: &Document, site: Option<&str>) {
    let root = doc.root();
    let total = text_len(&root);
    if total == 0 {
        return;
    }
    let mut doomed: Vec<NodeRef<'_>> = Vec::new();
    for node in root.descendants_it() {
        if !node.is_element() || doomed.iter().any(|d| is_ancestor(d, &node)) {
            continue;
        }
        let furniture = match furniture_kind(&node) {
            Some(Kind::Element) => true,
            // What a class says is trusted less: a dateline inside the
            // lead's first sentence, or a "caption" block holding a
            // heading, is part of the story.
            Some(Kind::Named) => !is_inline_in_text(&node) && !has_heading(&node),
            None => is_link_list(&node, site) || is_lone_link(&node, site),
        };
        if furniture && text_len(&node) as f64 <= MAX_SHARE * total as f64 {
            doomed.push(node);
        }
    }
    for n in doomed {
        n.remove_from_parent();
    }
}

/// Whether `a` is `b` or one of its ancestors.
fn is_ancestor(a: &NodeRef<'_>, b: &NodeRef<'_>) -> bool {
    a.id == b.id || b.ancestors_it(None).any(|x| x.id == a.id)
}

fn text_len(node: &NodeRef<'_>) -> usize {
    node.text().chars().filter(|c| !c.is_whitespace()).count()
}

fn name_of(node: &NodeRef<'_>) -> String {
    node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default()
}

/// Elements that hold running text as a block.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "li",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "figure",
    "header",
    "footer",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "td",
    "th",
    "main",
    "aside",
    "address",
];

/// An inline element that is less than half of the text of the block it
/// sits in.
fn is_inline_in_text(node: &NodeRef<'_>) -> bool {
    if BLOCKS.contains(&name_of(node).as_str()) {
        return false;
    }
    let block = node.ancestors_it(None).find(|a| a.is_element() && BLOCKS.contains(&name_of(a).as_str()));
    block.is_some_and(|b| text_len(node) * 2 < text_len(&b))
}

fn has_heading(node: &NodeRef<'_>) -> bool {
    node.descendants_it().any(|d| d.is_element() && matches!(name_of(&d).as_str(), "h1" | "h2" | "h3"))
}

/// Why an element is furniture.
enum Kind {
    /// Its name: `figcaption`, `address`, `aside`.
    Element,
    /// Its class, id or `itemprop`: a caption, a credit, a byline, a date.
    Named,
}

/// What an element's name, class, id and `itemprop` say.
fn furniture_kind(node: &NodeRef<'_>) -> Option<Kind> {
    if FURNITURE_ELEMENTS.contains(&name_of(node).as_str()) {
        return Some(Kind::Element);
    }
    let names = format!("{} {}", node.attr("class").unwrap_or_default(), node.attr("id").unwrap_or_default());
    let prop = node
        .attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|w| FURNITURE_ITEMPROPS.iter().any(|f| w.eq_ignore_ascii_case(f))));
    (prop || names.split_whitespace().any(names_furniture)).then_some(Kind::Named)
}

/// Words in a class name that say what the element has or lacks rather
/// than what it is (`no_caption`, `has-caption`, `withoutCaption`).
const STATE_WORDS: &[&str] = &["no", "has", "with", "without", "is"];

/// Whether one class name (or id) names furniture.
fn names_furniture(class: &str) -> bool {
    let w = words(class);
    !w.iter().any(|x| STATE_WORDS.contains(&x.as_str()))
        && w.iter().any(|x| FURNITURE_WORDS.contains(&x.as_str()) || FURNITURE_PARTS.iter().any(|p| x.contains(p)))
}

/// The words of a class name or id: split at anything not a letter or
/// digit and where a lower-case letter meets an upper-case one, lower-cased.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            cur.push(c.to_ascii_lowercase());
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// Chars of `node`'s text inside links to the page's own site.
fn own_link_len(node: &NodeRef<'_>, site: Option<&str>) -> usize {
    let mut n = 0;
    for d in node.descendants_it() {
        if d.is_element()
            && d.node_name().is_some_and(|x| x.eq_ignore_ascii_case("a"))
            && d.attr("href").is_some_and(|h| is_own_link(&h, site))
        {
            n += text_len(&d);
        }
    }
    n
}

/// Whether a link leads to another page of the site `site` (a host):
/// a relative link, or one to the same host (`www.` aside). Links within
/// the page (`#…`) and other schemes are not.
fn is_own_link(href: &str, site: Option<&str>) -> bool {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return false;
    }
    match link_host(href) {
        Some(host) => site.is_some_and(|s| host == s),
        // No host: a path on this site, unless a scheme comes first
        // (`mailto:`, `javascript:`).
        None => match href.find(':') {
            None => true,
            Some(colon) => href.find(['/', '?', '#']).is_some_and(|sep| sep < colon),
        },
    }
}

/// The host of an absolute (or scheme-relative) URL, lower case, without
/// `www.`.
pub fn link_host(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = ["https://", "http://", "//"].iter().find_map(|p| lower.strip_prefix(p))?;
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or_default();
    (!host.is_empty()).then(|| host.strip_prefix("www.").unwrap_or(host).to_owned())
}

/// A list whose every item is a link to the site's own pages and nothing
/// else: other stories.
fn is_link_list(node: &NodeRef<'_>, site: Option<&str>) -> bool {
    if !matches!(name_of(node).as_str(), "ul" | "ol") {
        return false;
    }
    let items: Vec<_> = node.element_children().into_iter().filter(|c| text_len(c) > 0).collect();
    items.len() >= 2 && items.iter().all(|li| own_link_len(li, site) * 10 >= text_len(li) * 9)
}

/// A short paragraph or heading that is one link to the site's own pages
/// and nothing else: another story's headline, "READ MORE …".
fn is_lone_link(node: &NodeRef<'_>, site: Option<&str>) -> bool {
    if !matches!(name_of(node).as_str(), "p" | "h2" | "h3" | "h4" | "h5" | "h6") {
        return false;
    }
    let len = text_len(node);
    if len == 0 || len > 200 {
        return false;
    }
    let own = own_link_len(node, site);
    // "Related: …", "Read more: …", "Lire : …": a short label, then the link.
    let text = node.text();
    let labelled = text.split_once(':').is_some_and(|(label, _)| {
        let w = label.split_whitespace().count();
        (1..=3).contains(&w) && !label.contains(['.', '?', '!'])
    });
    own * 10 >= len * 9 || (labelled && own * 2 >= len)
}

/// Drop furniture paragraphs from the article's text: datelines, bylines,
/// credit lines, captions that repeat an image's alt text, the byline the
/// page names as its author, and the lead said a second time. (Other
/// repeats are kept: a recipe or a meal plan repeats its lines.)
pub fn strip_paragraphs(text: &str, alts: &HashSet<String>, author: &str) -> String {
    let author = key(author);
    let mut lead: Vec<String> = Vec::new();
    let mut kept = Vec::new();
    // A paragraph's key is no longer than the paragraph, and not much
    // shorter: only paragraphs of about the length of an alt text, the
    // author or a lead paragraph can match one.
    let near = |len: usize, k: &str| !k.is_empty() && len >= k.len() && len <= 2 * k.len() + 16;
    for p in text.split("\n\n") {
        let needs_key = lead.len() < 2
            || lead.iter().any(|l| near(p.len(), l))
            || near(p.len(), &author)
            || alts.iter().any(|a| near(p.len(), a));
        let k = if needs_key { key(p) } else { String::new() };
        let words = if needs_key { k.split(' ').filter(|w| !w.is_empty()).count() } else { 0 };
        let furniture = is_dateline(p)
            || is_byline(p)
            || is_credit(p)
            || (needs_key && words >= 4 && alts.contains(&k))
            || (!author.is_empty() && words <= 12 && (k == author || k.strip_prefix("by ") == Some(author.as_str())));
        if furniture {
            continue;
        }
        // The lead said twice (a video's caption repeating it, before or
        // after it): a repeat of one of the first two paragraphs.
        if words >= 12 && lead.contains(&k) {
            continue;
        }
        if lead.len() < 2 {
            lead.push(k);
        }
        kept.push(p);
    }
    kept.join("\n\n")
}

/// The alt texts of the article's images, as compared by [`strip_paragraphs`].
pub fn alt_texts(doc: &Document) -> HashSet<String> {
    doc.select("img[alt]").nodes().iter().filter_map(|n| n.attr("alt")).map(|a| key(&a)).collect()
}

/// Lower case, words only, one space between.
fn key(s: &str) -> String {
    let words: Vec<String> =
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{Paragraphs, node_text};
    use super::*;

    fn paragraphs(doc: &Document) -> String {
        let mut out = Paragraphs::default();
        node_text(&doc.root(), &mut out);
        out.finish()
    }

    #[test]
    fn class_words_split_at_case_and_punctuation() {
        let w: Vec<String> = words("article__image-caption newsCaption storyDate");
        assert_eq!(w, ["article", "image", "caption", "news", "caption", "story", "date"], "words");
    }

    #[test]
    fn the_lead_said_again_and_alt_texts_go() {
        let lead = "The footbridge was closed on Monday after engineers found cracks in two of its supports.";
        let step = "Mix one cup of flour with two eggs and a pinch of salt, then rest it for an hour.";
        let text = format!(
            "A view of the bridge from the east bank\n\n{lead}\n\nMore words here.\n\n{lead}\n\n{step}\n\nOK.\n\n{step}\n\nOK."
        );
        let alts = HashSet::from([key("A view of the bridge from the east bank")]);
        assert_eq!(
            strip_paragraphs(&text, &alts, ""),
            format!("{lead}\n\nMore words here.\n\n{step}\n\nOK.\n\n{step}\n\nOK."),
            "the lead once; other repeats kept"
        );
        assert_eq!(strip_paragraphs("By Ann Writer\n\nText.", &HashSet::new(), "Ann Writer"), "Text.", "the byline");
    }

    #[test]
    fn furniture_elements_go_but_never_most_of_the_article() {
        let body = "<p><span class=\"dateline\">RIVERTON \u{2014}</span> The footbridge over the river was closed on Monday \
                    after engineers found cracks in two of its supports.</p>\
                    <p>Repairs are expected to take six weeks, the council said, and a temporary path is open downstream.</p>";
        let html = format!(
            "<div><p class=\"byline\">Ann Writer, Ledger Staff</p><p><span class=\"timestamp\">Updated 5:27 am</span></p>\
             <figure><img alt=\"x\"><figcaption>The bridge.</figcaption></figure><div class=\"no_caption\"><h2>Closed</h2></div>\
             {body}<ul><li><a href=\"/a\">Other story</a></li><li><a href=\"https://www.ledger.example/b\">Another story</a></li></ul>\
             <ul><li><a href=\"https://bugs.example/1\">Bug 1</a></li><li><a href=\"https://bugs.example/2\">Bug 2</a></li></ul>\
             <p>Related: <a href=\"/c\">A third story</a></p><p><a href=\"mailto:desk@ledger.example\">Write to us</a></p>\
             <p>Last paragraph of the story, about the detour.</p></div>"
        );
        let doc = Document::fragment(html);
        strip_elements(&doc, Some("ledger.example"));
        let text = paragraphs(&doc);
        assert!(text.starts_with("Closed\n\nRIVERTON \u{2014} The footbridge"), "heading and dateline kept: {text}");
        assert!(text.ends_with("Last paragraph of the story, about the detour."), "{text}");
        for kept in ["Bug 1", "Write to us"] {
            assert!(text.contains(kept), "{kept}: links elsewhere are kept: {text}");
        }
        for gone in ["Ann Writer", "Updated", "The bridge.", "Other story", "Another story", "A third story"] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
        let wrapped = Document::fragment(format!("<div class=\"article-gallery\">{body}</div>"));
        strip_elements(&wrapped, None);
        assert!(paragraphs(&wrapped).contains("six weeks"), "the article itself is kept");
    }

    #[test]
    fn own_links_are_relative_or_on_the_same_host() {
        assert_eq!(link_host("https://www.Ledger.example:443/a?b"), Some("ledger.example".into()), "host");
        assert!(is_own_link("/news/1", Some("x.example")) && is_own_link("story.html", None), "relative");
        assert!(is_own_link("//x.example/a", Some("x.example")), "scheme-relative");
        for other in ["#fn1", "mailto:a@x.example", "javascript:;", "https://video.x.example/1", "https://y.example/"] {
            assert!(!is_own_link(other, Some("x.example")), "{other}");
        }
    }
}
