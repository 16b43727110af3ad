//! Markdown, shown as it reads: headings, paragraphs, list items and quotes
//! as paragraphs, link text without its address, code blocks with their
//! lines, table rows as tab-separated lines. Parsed with `pulldown-cmark`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::Paragraphs;
use super::{Extracted, Failure, Format, FoundMeta, ImportOptions, Importer};

/// The Markdown importer.
pub struct MarkdownImporter;

impl Importer for MarkdownImporter {
    fn format(&self) -> Format {
        Format::Markdown
    }

    fn version(&self) -> &'static str {
        "markdown 1 (pulldown-cmark 0.13)"
    }

    fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
        let loaded =
            super::decode(bytes).ok_or_else(|| Failure::Unsupported("this file holds binary data, not text".into()))?;
        Ok(markdown_text(loaded.text.as_str()))
    }
}

/// The text of a Markdown document; its first heading is the title.
pub fn markdown_text(src: &str) -> Extracted {
    let mut out = Paragraphs::default();
    let mut title = String::new();
    let mut in_heading: Option<String> = None;
    let mut image_depth = 0usize;
    let mut cells = 0usize;
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut in_meta = false;
    let mut code: Option<String> = None;
    for ev in Parser::new_ext(src, opts) {
        match ev {
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            _ if in_meta => {}
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Heading { .. }) => {
                out.end();
                if title.is_empty() {
                    in_heading = Some(String::new());
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = in_heading.take() {
                    title = super::collapse_ws(&h);
                }
                out.end();
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table,
            )
            | Event::Rule => out.end(),
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(c) = code.take() {
                    out.verbatim(&c);
                }
            }
            Event::Text(t) if code.is_some() => {
                if let Some(c) = code.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) | Event::HardBreak => out.line_break(),
            Event::Start(Tag::TableCell) => {
                if cells > 0 {
                    out.tab();
                }
                cells += 1;
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(h) = in_heading.as_mut() {
                    h.push_str(&t);
                }
                out.text(&t);
            }
            Event::SoftBreak => out.text(" "),
            Event::FootnoteReference(r) => out.text(&format!("[{r}]")),
            Event::TaskListMarker(done) => out.text(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    Extracted {
        text: out.finish(),
        meta: FoundMeta { title, ..FoundMeta::default() },
        pages: Vec::new(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_text() {
        let md = "---\ntitle: x\n---\n# The *bridge*\n\nIt was [closed](https://x.example) on\nMonday.\n\n- one\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![photo](p.png)\n\n```\nfn main() {\n    go();\n}\n```\n";
        let ex = markdown_text(md);
        assert_eq!(
            ex.text,
            "The bridge\n\nIt was closed on Monday.\n\none\n\ntwo\n\nquoted\n\na\tb\n1\t2\n\nfn main() {\n    go();\n}",
            "text"
        );
        assert_eq!(ex.meta.title, "The bridge", "title from the first heading");
    }
}
