//! The report: title, date, the documents with their metadata, the codebook
//! with counts, the passages grouped by tag then document, links and memos.
//! Markdown for editors and wikis; HTML as one self-contained file (inline
//! CSS, no scripts, no remote assets) that prints with a page per tag.
//! Everything the user wrote is escaped.

use std::fmt::Write as _;

use super::{Options, Passage, TextOf, documents, one_line, passages, tag_path, tags};
use crate::model::{Annotation, Project, Tag, TagId};

/// Passages of the report by tag: each chosen tag with its passages, then
/// passages with none of the chosen tags (only when no tag filter is set).
fn by_tag<'a, 'p>(
    project: &'a Project,
    opts: &Options,
    all: &'p [Passage<'a>],
) -> Vec<(Option<&'a Tag>, Vec<&'p Passage<'a>>)> {
    let mut out = Vec::new();
    for (_, t) in tags(project, opts) {
        let list: Vec<&Passage<'_>> = all.iter().filter(|p| p.annotation.tags.contains(&t.id)).collect();
        out.push((Some(t), list));
    }
    if opts.tags.is_none() {
        let untagged: Vec<&Passage<'_>> = all.iter().filter(|p| p.annotation.tags.is_empty()).collect();
        if !untagged.is_empty() {
            out.push((None, untagged));
        }
    }
    out
}

fn count(project: &Project, opts: &Options, tag: TagId) -> usize {
    project
        .annotations()
        .filter(|a| a.tags.contains(&tag) && opts.docs.as_ref().is_none_or(|s| s.contains(&a.doc)))
        .count()
}

fn meta_line(d: &crate::model::Document) -> String {
    [&d.meta.source, &d.meta.author, &d.meta.date]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn links<'a>(project: &'a Project, opts: &Options) -> Vec<(&'a crate::model::Link, &'a Annotation, &'a Annotation)> {
    let keep = |a: &Annotation| opts.docs.as_ref().is_none_or(|s| s.contains(&a.doc));
    project
        .links()
        .filter_map(|l| {
            let (a, b) = (project.annotation(l.from)?, project.annotation(l.to)?);
            (keep(a) && keep(b)).then_some((l, a, b))
        })
        .collect()
}

fn title_of(project: &Project, a: &Annotation) -> String {
    project.document(a.doc).map_or_else(String::new, |d| d.meta.title.clone())
}

/// Markdown: user text has its Markdown and HTML characters escaped, so a
/// note can neither break the layout nor inject markup.
pub fn markdown(project: &Project, text: TextOf<'_>, opts: &Options) -> String {
    let e = md;
    let all = passages(project, text, opts);
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", e(&opts.title));
    let _ = writeln!(
        s,
        "Exported from Synoptic on {}: {} passage(s) in {} document(s).\n",
        chrono::Local::now().format("%Y-%m-%d"),
        all.len(),
        documents(project, opts).len()
    );
    s.push_str("## Documents\n\n| Title | Outlet | Author | Date | Passages |\n|---|---|---|---|---|\n");
    for d in documents(project, opts) {
        let n = all.iter().filter(|p| p.doc.id == d.id).count();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {n} |",
            e(&d.meta.title),
            e(&d.meta.source),
            e(&d.meta.author),
            e(&d.meta.date)
        );
    }
    s.push_str("\n## Codebook\n\n");
    for (depth, t) in tags(project, opts) {
        let _ = write!(s, "{}- **{}** ({})", "  ".repeat(depth), e(&t.name), count(project, opts, t.id));
        if let Some(desc) = t.description.as_deref().filter(|d| !d.trim().is_empty()) {
            let _ = write!(s, ": {}", e(&one_line(desc)));
        }
        s.push('\n');
    }
    s.push_str("\n## Passages by tag\n");
    for (tag, list) in by_tag(project, opts, &all) {
        let name = tag.map_or_else(|| "Untagged passages".to_owned(), |t| tag_path(project, t));
        let _ = writeln!(s, "\n### {} ({})\n", e(&name), list.len());
        let mut last_doc = None;
        for p in list {
            if last_doc != Some(p.doc.id) {
                let meta = meta_line(p.doc);
                let _ = writeln!(
                    s,
                    "#### {}{}\n",
                    e(&p.doc.meta.title),
                    if meta.is_empty() { String::new() } else { format!(" ({})", e(&meta)) }
                );
                last_doc = Some(p.doc.id);
            }
            let _ = writeln!(s, "> {}", e(&p.quote));
            if !p.place.is_empty() {
                let _ = writeln!(s, ">\n> — {}", e(&p.place));
            }
            s.push('\n');
            if opts.context && (!p.before.is_empty() || !p.after.is_empty()) {
                let _ = writeln!(s, "Context: …{}**{}**{}…\n", e(&p.before), e(&p.quote), e(&p.after));
            }
            if opts.notes && !p.annotation.note.trim().is_empty() {
                let _ = writeln!(s, "Note: {}\n", e(&one_line(&p.annotation.note)));
            }
        }
    }
    let links = links(project, opts);
    if !links.is_empty() {
        s.push_str("\n## Links\n\n");
        for (l, a, b) in links {
            let _ = write!(
                s,
                "- *{}*: “{}” ({}) → “{}” ({})",
                e(&l.relation),
                e(&one_line(&a.anchor.exact)),
                e(&title_of(project, a)),
                e(&one_line(&b.anchor.exact)),
                e(&title_of(project, b))
            );
            if opts.notes && !l.note.trim().is_empty() {
                let _ = write!(s, ". {}", e(&one_line(&l.note)));
            }
            s.push('\n');
        }
    }
    if opts.notes && project.memos().next().is_some() {
        s.push_str("\n## Memos\n");
        for m in project.memos() {
            let _ = writeln!(s, "\n### {}\n", e(&m.title));
            for para in m.text.split("\n\n") {
                let _ = writeln!(s, "{}\n", e(para.trim()));
            }
        }
    }
    s
}

/// Escape user text for Markdown: the characters that start markup get a
/// backslash, and `<` and `>` become entities (raw HTML passes through
/// Markdown renderers).
pub fn md(s: &str) -> String {
    const SPECIAL: &[char] = &['<', '>', '\\', '`', '*', '_', '[', ']', '#', '|', '~', '\n'];
    if !s.contains(SPECIAL) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escape user text for HTML.
fn h(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

const CSS: &str = "
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }
h1, h2, h3, h4 { font-family: system-ui, sans-serif; line-height: 1.2; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; }
.sub { color: #666; font-family: system-ui, sans-serif; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-family: system-ui, sans-serif; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.4em; vertical-align: middle; }
ul.codebook { list-style: none; padding-left: 0; }
ul.codebook ul { list-style: none; padding-left: 1.4em; }
.desc { color: #555; }
blockquote { margin: 0.6em 0 0.2em; padding: 0.2em 0.9em; border-left: 4px solid #999; background: #f7f7f5; }
.place { color: #666; font-size: 0.85em; font-family: system-ui, sans-serif; }
.context { color: #555; font-size: 0.92em; }
.context mark { background: #fff3b0; color: #222; }
.note { font-family: system-ui, sans-serif; font-size: 0.92em; margin: 0.2em 0 1em; }
.note::before { content: 'Note: '; font-weight: 600; }
section.tag h3 { border-bottom: 3px solid var(--tag, #999); padding-bottom: 0.2em; }
.memo { white-space: pre-wrap; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  section.tag { break-before: page; page-break-before: always; }
  blockquote, .note { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
";

/// The report as one self-contained HTML file.
#[allow(clippy::too_many_lines)] // the report's sections in order
pub fn html(project: &Project, text: TextOf<'_>, opts: &Options) -> String {
    let all = passages(project, text, opts);
    let docs = documents(project, opts);
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Synoptic\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        h(&opts.title)
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"sub\">Exported from Synoptic on {}: {} passage(s) in {} document(s).</p>",
        h(&opts.title),
        chrono::Local::now().format("%Y-%m-%d"),
        all.len(),
        docs.len()
    );
    s.push_str("<h2>Documents</h2>\n<table>\n<tr><th>Title</th><th>Outlet</th><th>Author</th><th>Date</th><th>Passages</th></tr>\n");
    for d in &docs {
        let n = all.iter().filter(|p| p.doc.id == d.id).count();
        let title = if d.meta.url.is_empty() {
            h(&d.meta.title)
        } else {
            format!("<a href=\"{}\">{}</a>", h(&d.meta.url), h(&d.meta.title))
        };
        let _ = writeln!(
            s,
            "<tr><td dir=\"auto\">{title}</td><td dir=\"auto\">{}</td><td dir=\"auto\">{}</td><td>{}</td><td>{n}</td></tr>",
            h(&d.meta.source),
            h(&d.meta.author),
            h(&d.meta.date)
        );
    }
    s.push_str("</table>\n<h2>Codebook</h2>\n");
    codebook_html(&mut s, project, opts, None);
    for (tag, list) in by_tag(project, opts, &all) {
        let (name, color) = tag.map_or_else(
            || ("Untagged passages".to_owned(), "#999999".to_owned()),
            |t| (tag_path(project, t), super::hex(t.color)),
        );
        let _ = writeln!(
            s,
            "<section class=\"tag\" style=\"--tag: {color}\">\n<h3>{} <span class=\"sub\">({})</span></h3>",
            h(&name),
            list.len()
        );
        let mut last_doc = None;
        for p in list {
            if last_doc != Some(p.doc.id) {
                let meta = meta_line(p.doc);
                let _ = writeln!(
                    s,
                    "<h4 dir=\"auto\">{}{}</h4>",
                    h(&p.doc.meta.title),
                    if meta.is_empty() { String::new() } else { format!(" <span class=\"sub\">{}</span>", h(&meta)) }
                );
                last_doc = Some(p.doc.id);
            }
            // A quote with no letters (a number) reads in its document's
            // direction.
            let dir = match crate::analysis::bidi::base_direction(&p.quote, &p.doc.meta.lang) {
                Some(true) => "rtl",
                _ => "auto",
            };
            let _ = writeln!(s, "<blockquote dir=\"{dir}\">{}</blockquote>", h(&p.quote));
            if !p.place.is_empty() {
                let _ = writeln!(s, "<div class=\"place\">{}</div>", h(&p.place));
            }
            if opts.context && (!p.before.is_empty() || !p.after.is_empty()) {
                let _ = writeln!(
                    s,
                    "<p class=\"context\" dir=\"auto\">…{}<mark>{}</mark>{}…</p>",
                    h(&p.before),
                    h(&p.quote),
                    h(&p.after)
                );
            }
            if opts.notes && !p.annotation.note.trim().is_empty() {
                let _ = writeln!(s, "<p class=\"note\" dir=\"auto\">{}</p>", h(&p.annotation.note));
            }
        }
        s.push_str("</section>\n");
    }
    let links = links(project, opts);
    if !links.is_empty() {
        s.push_str("<h2>Links</h2>\n<table>\n<tr><th>Relation</th><th>From</th><th>To</th><th>Note</th></tr>\n");
        for (l, a, b) in links {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td dir=\"auto\">“{}”<br><span class=\"place\">{}</span></td><td dir=\"auto\">“{}”<br><span class=\"place\">{}</span></td><td dir=\"auto\">{}</td></tr>",
                h(&l.relation),
                h(&one_line(&a.anchor.exact)),
                h(&title_of(project, a)),
                h(&one_line(&b.anchor.exact)),
                h(&title_of(project, b)),
                if opts.notes { h(&l.note) } else { String::new() }
            );
        }
        s.push_str("</table>\n");
    }
    if opts.notes && project.memos().next().is_some() {
        s.push_str("<h2>Memos</h2>\n");
        for m in project.memos() {
            let _ = writeln!(
                s,
                "<h3 dir=\"auto\">{}</h3>\n<div class=\"memo\" dir=\"auto\">{}</div>",
                h(&m.title),
                h(&m.text)
            );
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn codebook_html(s: &mut String, project: &Project, opts: &Options, parent: Option<TagId>) {
    let children: Vec<&Tag> = project
        .codebook()
        .children(parent)
        .into_iter()
        .filter(|t| {
            opts.tags.as_ref().is_none_or(|set| set.contains(&t.id) || has_chosen_descendant(project, set, t.id))
        })
        .collect();
    if children.is_empty() {
        return;
    }
    s.push_str("<ul class=\"codebook\">\n");
    for t in children {
        let _ = write!(
            s,
            "<li><span class=\"swatch\" style=\"background: {}\"></span><strong>{}</strong> ({})",
            super::hex(t.color),
            h(&t.name),
            count(project, opts, t.id)
        );
        if let Some(d) = t.description.as_deref().filter(|d| !d.trim().is_empty()) {
            let _ = write!(s, " <span class=\"desc\">{}</span>", h(d));
        }
        codebook_html(s, project, opts, Some(t.id));
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n");
}

fn has_chosen_descendant(project: &Project, set: &std::collections::BTreeSet<TagId>, tag: TagId) -> bool {
    set.iter().any(|c| *c != tag && project.codebook().is_ancestor_or_self(tag, *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(md("*bold* [link](x) # h | t"), "\\*bold\\* \\[link\\](x) \\# h \\| t");
        assert_eq!(md("a\nb"), "a b", "one line");
    }
}
