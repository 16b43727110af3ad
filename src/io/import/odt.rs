//! OpenDocument texts (`.odt`): headings, paragraphs and list items as
//! paragraphs, tables as tab-separated lines, footnotes numbered in the text
//! and listed at the end; title, author and date from `meta.xml`. Tracked
//! changes (deleted text) and comments are left out.

use super::archive::Zip;
use super::blocks::Paragraphs;
use super::xml::{Ev, attr, first_texts, named_property, walk};
use super::{Extracted, Failure, Format, FoundMeta, ImportOptions, Importer};

/// The OpenDocument text importer.
pub struct OdtImporter;

const WHAT: &str = "OpenDocument";

/// Elements whose text is not part of what the document reads.
const SKIP: &[&str] = &["tracked-changes", "annotation", "note-citation", "sequence-decls", "index-title-template"];

impl Importer for OdtImporter {
    fn format(&self) -> Format {
        Format::Odt
    }

    fn version(&self) -> &'static str {
        "odt 2 (zip 9, quick-xml 0.42)"
    }

    fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
        let mut zip = Zip::open(bytes, WHAT)?;
        let content = zip.require("content.xml")?;
        let mut out = Paragraphs::default();
        let mut notes: Vec<Paragraphs> = Vec::new();
        let mut in_note_body = false;
        let mut skip = 0usize;
        let mut in_cell = 0usize;
        let mut rows: Vec<usize> = Vec::new();
        // The first heading (or Title paragraph) outside tables and notes,
        // and the text of the one being read.
        let mut first_heading = String::new();
        let mut heading: Option<String> = None;
        // The same for the first paragraph in the Date style.
        let mut first_date = String::new();
        let mut date: Option<String> = None;
        walk(&content, WHAT, |ev| {
            let target = if in_note_body { notes.last_mut().unwrap_or(&mut out) } else { &mut out };
            match ev {
                Ev::Start(n, _) if skip > 0 || SKIP.contains(&n) => {
                    skip += 1;
                    if n == "note-citation" && skip == 1 {
                        notes.push(Paragraphs::default());
                        out.text(&format!("[{}]", notes.len()));
                    }
                }
                Ev::End(_) if skip > 0 => skip -= 1,
                Ev::Text(_) if skip > 0 => {}
                Ev::Start("note-body", _) => in_note_body = true,
                Ev::End("note-body") => in_note_body = false,
                Ev::Start(n @ ("h" | "p"), attrs) if in_cell == 0 && !in_note_body => {
                    target.end();
                    let style = attr(attrs, "style-name").unwrap_or_default();
                    if first_heading.is_empty() && (n == "h" || style == "Title") {
                        heading = Some(String::new());
                    }
                    if first_date.is_empty() && n == "p" && style.eq_ignore_ascii_case("date") {
                        date = Some(String::new());
                    }
                }
                Ev::End("h" | "p") => {
                    if in_cell > 0 || in_note_body {
                        target.text(" ");
                    } else {
                        target.end();
                        if let Some(h) = heading.take() {
                            first_heading = super::collapse_ws(&h);
                        }
                        if let Some(d) = date.take() {
                            first_date = super::collapse_ws(&d);
                        }
                    }
                }
                Ev::Start("s", _) => target.text(" "),
                Ev::Start("tab", _) => target.tab(),
                Ev::Start("line-break", _) => target.line_break(),
                Ev::Start("table", _) | Ev::End("table") if in_cell == 0 => target.end(),
                Ev::Start("table-row", _) if in_cell == 0 => rows.push(0),
                Ev::End("table-row") if in_cell == 0 => {
                    rows.pop();
                    target.line_break();
                }
                Ev::Start("table-cell" | "covered-table-cell", _) => {
                    if in_cell == 0
                        && let Some(c) = rows.last_mut()
                    {
                        if *c > 0 {
                            target.tab();
                        }
                        *c += 1;
                    }
                    in_cell += 1;
                }
                Ev::End("table-cell" | "covered-table-cell") => in_cell = in_cell.saturating_sub(1),
                Ev::Text(t) => {
                    target.text(t);
                    if !in_note_body {
                        for p in [heading.as_mut(), date.as_mut()].into_iter().flatten() {
                            p.push_str(t);
                        }
                    }
                }
                _ => {}
            }
        })?;
        if !notes.is_empty() {
            out.end();
            out.push("Notes");
            for (i, n) in notes.into_iter().enumerate() {
                out.push(&format!("[{}] {}", i + 1, n.finish()));
            }
        }
        let text = out.finish();
        if text.trim().is_empty() {
            return Err(Failure::Unsupported("this OpenDocument text is empty".into()));
        }
        let meta = found_meta(zip.read_string("meta.xml")?.as_deref(), first_heading, first_date);
        Ok(Extracted { text, meta, ..Extracted::default() })
    }
}

/// Title, author and date from `meta.xml`, else from the body: its first
/// heading (or Title paragraph) and its first paragraph in the Date style.
fn found_meta(meta: Option<&str>, first_heading: String, first_date: String) -> FoundMeta {
    let [title, author, initial, saved, created] = match meta {
        Some(meta) => first_texts(meta, WHAT, ["title", "creator", "initial-creator", "date", "creation-date"]),
        None => Default::default(),
    };
    // The date the document gives (a user-defined `date`, as pandoc writes
    // its metadata, else a paragraph in the Date style) before the times
    // the file was made and saved.
    let given = meta.map(|m| named_property(m, WHAT, "user-defined", "date")).unwrap_or_default();
    let date = [given, first_date, created, saved].into_iter().find(|d| !d.is_empty()).unwrap_or_default();
    let author = if author.is_empty() { initial } else { author };
    let title = if title.is_empty() { first_heading } else { title };
    FoundMeta { title, author, date, ..FoundMeta::default() }
}

#[cfg(test)]
mod tests {
    use super::super::archive::tests::make_zip;
    use super::*;

    const CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb"><office:body><office:text>
<text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>
<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Interview 4</text:h>
<text:p>Q: And <text:span>then</text:span>?<text:s text:c="3"/>Tell me.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Asked twice.</text:p></text:note-body></text:note></text:p>
<text:list><text:list-item><text:p>first point</text:p></text:list-item><text:list-item><text:p>second<text:line-break/>line</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Who</text:p></table:table-cell><table:table-cell><text:p>What</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Ann</text:p></table:table-cell><table:table-cell><text:p>Said&#160;no</text:p></table:table-cell></table:table-row></table:table>
<text:p>End<text:tab/>note<office:annotation><text:p>a comment</text:p></office:annotation></text:p>
</office:text></office:body></office:document-content>"#;

    #[test]
    fn opendocument_text() {
        let meta = r#"<office:document-meta xmlns:office="o" xmlns:meta="m" xmlns:dc="d"><office:meta><meta:initial-creator>R. Searcher</meta:initial-creator><dc:title>Transcripts</dc:title><meta:creation-date>2026-02-01T09:00:00</meta:creation-date></office:meta></office:document-meta>"#;
        let z = make_zip(
            &[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", CONTENT.as_bytes()),
                ("meta.xml", meta.as_bytes()),
            ],
            true,
        );
        let ex = OdtImporter.extract(&z, &ImportOptions::default()).expect("odt");
        assert_eq!(
            ex.text,
            "Interview 4\n\nQ: And then? Tell me.[1]\n\nfirst point\n\nsecond\nline\n\nWho\tWhat\nAnn\tSaid no\n\nEnd\tnote\n\n\
             Notes\n\n[1] Asked twice.",
            "text"
        );
        assert_eq!((ex.meta.title.as_str(), ex.meta.author.as_str()), ("Transcripts", "R. Searcher"), "meta");
        assert_eq!(ex.meta.date, "2026-02-01T09:00:00", "date");
    }

    #[test]
    fn the_date_the_document_gives_comes_before_the_file_times() {
        let dated = CONTENT.replace(
            "<text:h ",
            "<text:p text:style-name=\"Date\">14 <text:span>March</text:span> 2021</text:p><text:h ",
        );
        let meta = r#"<office:document-meta xmlns:office="o" xmlns:meta="m" xmlns:dc="d"><office:meta><meta:creation-date>2026-02-01T09:00:00</meta:creation-date><dc:date>2026-02-02T09:00:00</dc:date>USER</office:meta></office:document-meta>"#;
        let odt = |meta: &str| {
            make_zip(
                &[
                    ("mimetype", b"application/vnd.oasis.opendocument.text"),
                    ("content.xml", dated.as_bytes()),
                    ("meta.xml", meta.as_bytes()),
                ],
                true,
            )
        };
        let ex = OdtImporter.extract(&odt(&meta.replace("USER", "")), &ImportOptions::default()).expect("odt");
        assert_eq!(ex.meta.date, "14 March 2021", "the Date paragraph, not the creation date");
        let user = r#"<meta:user-defined meta:name="Date" meta:value-type="string">2021-03-15</meta:user-defined>"#;
        let ex = OdtImporter.extract(&odt(&meta.replace("USER", user)), &ImportOptions::default()).expect("odt");
        assert_eq!(ex.meta.date, "2021-03-15", "a user-defined date first");
    }

    #[test]
    fn without_a_title_in_meta_the_first_heading_is_the_title() {
        let z = make_zip(
            &[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", CONTENT.as_bytes())],
            true,
        );
        let ex = OdtImporter.extract(&z, &ImportOptions::default()).expect("odt");
        assert_eq!(ex.meta.title, "Interview 4", "the first text:h");
        let titled = CONTENT.replace(
            "<text:h text:outline-level=\"1\">Interview 4</text:h>",
            "<text:p text:style-name=\"Title\">Fourth <text:span>interview</text:span></text:p>",
        );
        let z = make_zip(
            &[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", titled.as_bytes())],
            true,
        );
        let ex = OdtImporter.extract(&z, &ImportOptions::default()).expect("odt");
        assert_eq!(ex.meta.title, "Fourth interview", "a paragraph in the Title style");
    }
}
