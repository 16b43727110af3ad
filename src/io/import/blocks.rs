//! Turning a parsed HTML tree into our paragraph text: every block element
//! starts a paragraph, list items and headings are paragraphs of their own,
//! table rows are tab-separated lines, `<br>` is a line break, `<pre>` keeps
//! its lines, and whitespace elsewhere collapses to single spaces.
//!
//! Written here rather than taken from a crate: the HTML-to-text crates
//! render for terminals (wrapped lines, `*` bullets, `#` headings), while we
//! need the exact paragraph structure our blocks and anchors rest on. The
//! tree itself comes from `dom_query` (html5ever).

use dom_query::NodeRef;

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "canvas", "iframe", "object", "embed",
    "select", "datalist", "audio", "video", "map", "textarea", "input", "button",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "li",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
    "details",
    "summary",
    "center",
    "caption",
    "legend",
    "body",
    "html",
    "menu",
    "hgroup",
    "table",
    "tbody",
    "thead",
    "tfoot",
];

/// Builds paragraph text piece by piece.
#[derive(Default)]
pub struct Paragraphs {
    done: Vec<String>,
    cur: String,
    /// Put before the next text (a note's "[1] ").
    prefix: Option<String>,
}

impl Paragraphs {
    /// Add running text; whitespace collapses to one space.
    pub fn text(&mut self, s: &str) {
        let starts_ws = s.starts_with(char::is_whitespace);
        let ends_ws = s.ends_with(char::is_whitespace);
        let mut words = s.split_whitespace().peekable();
        if words.peek().is_none() {
            if !s.is_empty() && !self.cur.is_empty() && !self.cur.ends_with([' ', '\n', '\t']) {
                self.cur.push(' ');
            }
            return;
        }
        if starts_ws && !self.cur.is_empty() && !self.cur.ends_with([' ', '\n', '\t']) {
            self.cur.push(' ');
        }
        if let Some(p) = self.prefix.take() {
            self.cur.push_str(&p);
        }
        let mut first = true;
        for w in words {
            if !first {
                self.cur.push(' ');
            }
            self.cur.push_str(w);
            first = false;
        }
        if ends_ws {
            self.cur.push(' ');
        }
    }

    /// Add preformatted text as paragraphs of its own, keeping its line
    /// breaks and indentation (runs of blank lines become one).
    pub fn verbatim(&mut self, s: &str) {
        self.end();
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let mut para: Vec<&str> = Vec::new();
        for line in s.lines().map(str::trim_end) {
            if line.is_empty() {
                if !para.is_empty() {
                    self.done.push(para.join("\n"));
                    para.clear();
                }
            } else {
                para.push(line);
            }
        }
        if !para.is_empty() {
            self.done.push(para.join("\n"));
        }
    }

    /// Put `s` before the next text added.
    pub fn prefix_next(&mut self, s: String) {
        self.prefix = Some(s);
    }

    /// A line break inside the paragraph.
    pub fn line_break(&mut self) {
        self.trim_end_spaces();
        if !self.cur.is_empty() {
            self.cur.push('\n');
        }
    }

    /// A tab (between table cells).
    pub fn tab(&mut self) {
        self.trim_end_spaces();
        self.cur.push('\t');
    }

    /// End the current paragraph (nothing happens when it is empty).
    pub fn end(&mut self) {
        let p = std::mem::take(&mut self.cur);
        // Blank lines inside a paragraph would split it: drop them, and trim
        // each line's ends (keeping tabs between cells).
        let lines: Vec<&str> = p.lines().map(|l| l.trim_matches(' ')).filter(|l| !l.trim().is_empty()).collect();
        if !lines.is_empty() {
            self.done.push(lines.join("\n"));
        }
    }

    /// Add a finished paragraph.
    pub fn push(&mut self, p: &str) {
        self.end();
        self.text(p);
        self.end();
    }

    fn trim_end_spaces(&mut self) {
        let n = self.cur.trim_end_matches(' ').len();
        self.cur.truncate(n);
    }

    /// Add text that is already paragraphs (separated by blank lines), as
    /// it is.
    pub fn extend_finished(&mut self, text: &str) {
        self.end();
        self.done.extend(text.split("\n\n").filter(|p| !p.trim().is_empty()).map(str::to_owned));
    }

    /// All paragraphs, separated by blank lines.
    pub fn finish(mut self) -> String {
        self.end();
        self.done.join("\n\n")
    }
}

/// The part an element plays in footnotes, from its DPUB-ARIA `role` or
/// EPUB `epub:type` (what pandoc, and most e-book makers, write).
enum NoteRole {
    Reference,
    BackLink,
    Note,
}

fn note_role(node: &NodeRef<'_>) -> Option<NoteRole> {
    let words = [node.attr("role"), node.attr("epub:type")];
    let has = |w: &str| words.iter().flatten().any(|v| v.split_whitespace().any(|x| x == w));
    if has("doc-backlink") {
        Some(NoteRole::BackLink)
    } else if (has("doc-noteref") || has("noteref")) && !node.text().trim().is_empty() {
        Some(NoteRole::Reference)
    } else if ["doc-footnote", "doc-endnote", "footnote", "endnote", "rearnote"].iter().any(|w| has(w)) {
        Some(NoteRole::Note)
    } else {
        None
    }
}

enum Op<'a> {
    Open(NodeRef<'a>),
    Close(String),
}

/// The text of `root` and its descendants, added to `out`.
pub fn node_text(root: &NodeRef<'_>, out: &mut Paragraphs) {
    // An explicit stack: hostile pages nest elements tens of thousands deep.
    let mut stack = vec![Op::Open(*root)];
    let mut in_cell = 0usize;
    let mut row_cells: Vec<usize> = Vec::new();
    while let Some(op) = stack.pop() {
        match op {
            Op::Open(node) => {
                if node.is_text() {
                    out.text(&node.text());
                    continue;
                }
                if !(node.is_element() || node.is_document() || node.is_fragment()) {
                    continue;
                }
                let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
                if HIDDEN.contains(&name.as_str()) || node.has_attr("hidden") {
                    continue;
                }
                match note_role(&node) {
                    // A footnote's way back to its reference ("↩︎") is
                    // navigation, not text.
                    Some(NoteRole::BackLink) => continue,
                    // A note itself starts with the number its reference
                    // reads ("[1] Counted from…"), as in Word files; the
                    // number is in its id ("fn1"), its list's numbering
                    // being style.
                    Some(NoteRole::Note) => {
                        let id = node.attr("id").unwrap_or_default();
                        let digits: String =
                            id.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
                        if !digits.is_empty() {
                            out.prefix_next(format!("[{digits}] "));
                        }
                    }
                    // A reference to a note reads "[1]", as in Word files.
                    Some(NoteRole::Reference) => {
                        let n = node.text();
                        out.text(&format!("[{}]", n.trim().trim_start_matches('[').trim_end_matches(']')));
                        continue;
                    }
                    None => {}
                }
                match name.as_str() {
                    "br" => {
                        if in_cell > 0 {
                            out.text(" ");
                        } else {
                            out.line_break();
                        }
                        continue;
                    }
                    "pre" if in_cell == 0 => {
                        out.verbatim(&pre_text(&node));
                        continue;
                    }
                    "tr" if in_cell == 0 => row_cells.push(0),
                    "td" | "th" if in_cell == 0 => {
                        if let Some(n) = row_cells.last_mut() {
                            if *n > 0 {
                                out.tab();
                            }
                            *n += 1;
                        }
                        in_cell += 1;
                    }
                    "td" | "th" => in_cell += 1,
                    _ if BLOCK.contains(&name.as_str()) => {
                        if in_cell > 0 {
                            out.text(" ");
                        } else if matches!(name.as_str(), "tbody" | "thead" | "tfoot") {
                            // Rows of a table are lines of one paragraph,
                            // header rows included: its row groups do not
                            // split it.
                        } else if name == "table" {
                            if row_cells.is_empty() {
                                out.end();
                            }
                        } else {
                            out.end();
                        }
                    }
                    _ => {}
                }
                stack.push(Op::Close(name));
                let children: Vec<_> = node.children_it(true).collect();
                stack.extend(children.into_iter().map(Op::Open));
            }
            Op::Close(name) => match name.as_str() {
                "tr" => {
                    if in_cell == 0 {
                        row_cells.pop();
                        out.line_break();
                    } else {
                        out.text(" ");
                    }
                }
                "td" | "th" => in_cell = in_cell.saturating_sub(1),
                _ if BLOCK.contains(&name.as_str()) => {
                    if in_cell > 0 {
                        out.text(" ");
                    } else if matches!(name.as_str(), "tbody" | "thead" | "tfoot") {
                    } else {
                        out.end();
                    }
                }
                _ => {}
            },
        }
    }
}

/// The text of a `pre` block as it shows: its text with each `br` (code
/// highlighters write lines as `<span>`s joined by `<br>`) a line break,
/// and a blank line before a paragraph inside it (article extraction turns
/// `<br><br>` into one).
fn pre_text(pre: &NodeRef<'_>) -> String {
    let mut s = String::new();
    for n in pre.descendants_it() {
        if n.is_text() {
            s.push_str(&n.text());
            continue;
        }
        let name = n.node_name().map(|x| x.to_ascii_lowercase()).unwrap_or_default();
        if name == "br" {
            s.push('\n');
        } else if matches!(name.as_str(), "p" | "div") && !s.is_empty() {
            let have = s.len() - s.trim_end_matches('\n').len();
            s.push_str(&"\n\n"[have.min(2)..]);
        }
    }
    s
}

/// The visible text of an HTML document or fragment, as paragraphs.
pub fn html_text(html: &str) -> String {
    let doc = dom_query::Document::from(html);
    let mut out = Paragraphs::default();
    let root = doc.body().unwrap_or_else(|| doc.root());
    node_text(&root, &mut out);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lists_tables_and_breaks() {
        let html = "<body><h1>Title</h1><p>One  <b>bold</b>\n word.</p><ul><li>first</li><li>second <i>item</i></li></ul>\
                    <p>line<br>break</p><table><tr><th>a</th><th>b</th></tr><tr><td><p>1</p></td><td>2</td></tr></table>\
                    <div>tail<script>var x;</script><style>p{}</style></div><pre>  keep\n    indent</pre></body>";
        assert_eq!(
            html_text(html),
            "Title\n\nOne bold word.\n\nfirst\n\nsecond item\n\nline\nbreak\n\na\tb\n1\t2\n\ntail\n\n  keep\n    indent",
            "structure"
        );
    }

    #[test]
    fn highlighted_code_keeps_its_lines() {
        let html = "<pre><code><span class=\"c\">// add.c</span><br /><span>#include</span> &lt;x.h&gt;<br /><br />\
                    int add() {<br />  return 1;<br />}</code></pre>";
        assert_eq!(html_text(html), "// add.c\n#include <x.h>\n\nint add() {\n  return 1;\n}", "lines kept");
        let html = "<pre><span>#include</span> &lt;x.h&gt;<p>int add() {<br />}</p></pre>";
        assert_eq!(html_text(html), "#include <x.h>\n\nint add() {\n}", "a paragraph made of a double break");
    }

    #[test]
    fn a_table_with_a_header_is_one_paragraph() {
        let html = "<p>before</p><table><caption>Who spoke</caption><thead><tr><th>Name</th><th>Minutes</th></tr></thead>\
                    <tbody><tr><td>Ann</td><td>25</td></tr></tbody><tfoot><tr><td>All</td><td>25</td></tr></tfoot></table><p>after</p>";
        assert_eq!(html_text(html), "before\n\nWho spoke\n\nName\tMinutes\nAnn\t25\nAll\t25\n\nafter", "rows together");
    }

    #[test]
    fn footnote_links_read_as_references_without_back_arrows() {
        let html = "<p>Said so.<a href=\"#fn1\" role=\"doc-noteref\"><sup>1</sup></a> More.</p>\
                    <ol><li id=\"fn1\"><p>A source.<a href=\"#r1\" role=\"doc-backlink\">\u{21a9}\u{fe0e}</a></p></li>\
                    <li><p>Another.<a href=\"#r2\" epub:type=\"noteref\">[2]</a></p></li></ol>";
        assert_eq!(html_text(html), "Said so.[1] More.\n\nA source.\n\nAnother.[2]", "references kept, arrows gone");
        let html = "<p>Said so.<a href=\"#fn1\" role=\"doc-noteref\">1</a></p><section role=\"doc-endnotes\"><ol>\
                    <li id=\"fn1\" role=\"doc-endnote\"><p>A source.<a href=\"#r1\" role=\"doc-backlink\">\u{21a9}</a></p></li>\
                    <li id=\"fn2\" epub:type=\"footnote\"><p>Another.</p></li></ol></section>";
        assert_eq!(html_text(html), "Said so.[1]\n\n[1] A source.\n\n[2] Another.", "each note with its number");
    }

    #[test]
    fn hidden_and_empty_content_gives_nothing() {
        assert_eq!(html_text("<html><head><title>x</title></head><body><script>a</script></body></html>"), "", "empty");
        assert_eq!(html_text("<p hidden>secret</p><p>shown&nbsp;&nbsp;text</p>"), "shown text", "hidden dropped");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}deep{}", "<div><span>".repeat(20_000), "</span></div>".repeat(20_000));
        assert_eq!(html_text(&html), "deep", "walked without recursion");
    }
}
