//! Word documents (Office Open XML, `.docx`): paragraphs, headings and list
//! items as paragraphs, tables as tab-separated lines, footnotes and
//! endnotes numbered in the text and listed at the end; title, author and
//! date from the document properties. Tracked deletions and field codes are
//! left out (they are not what the document reads).

use std::collections::BTreeMap;

use super::archive::Zip;
use super::blocks::Paragraphs;
use super::xml::{Ev, attr, first_texts, named_property, walk};
use super::{Extracted, Failure, Format, FoundMeta, ImportOptions, Importer};

/// The Word importer.
pub struct DocxImporter;

const WHAT: &str = "Word";

impl Importer for DocxImporter {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn version(&self) -> &'static str {
        "docx 2 (zip 9, quick-xml 0.42)"
    }

    fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
        let mut zip = Zip::open(bytes, WHAT)?;
        let body = zip.require("word/document.xml")?;
        let mut out = Paragraphs::default();
        let mut refs: Vec<(bool, String)> = Vec::new();
        let found = body_text(&body, &mut out, &mut refs)?;
        if !refs.is_empty() {
            let foot = notes(zip.read_string("word/footnotes.xml")?.as_deref(), "footnote")?;
            let end = notes(zip.read_string("word/endnotes.xml")?.as_deref(), "endnote")?;
            out.end();
            out.push("Notes");
            for (i, (is_end, id)) in refs.iter().enumerate() {
                let text = if *is_end { end.get(id) } else { foot.get(id) };
                out.push(&format!("[{}] {}", i + 1, text.map_or("", String::as_str)));
            }
        }
        let [title, author, created] = match zip.read_string("docProps/core.xml")? {
            Some(core) => first_texts(&core, WHAT, ["title", "creator", "created"]),
            None => Default::default(),
        };
        // No title in the properties: the first heading (or Title paragraph).
        let title = if title.is_empty() { found.heading } else { title };
        // The date the document gives (a custom `date` property, as pandoc
        // writes its metadata, else a paragraph in the Date style) before
        // the time the file was made.
        let custom = zip.read_string("docProps/custom.xml")?;
        let date =
            [custom.map(|c| named_property(&c, WHAT, "property", "date")).unwrap_or_default(), found.date, created]
                .into_iter()
                .find(|d| !d.is_empty())
                .unwrap_or_default();
        let text = out.finish();
        if text.trim().is_empty() {
            return Err(Failure::Unsupported("this Word document has no text".into()));
        }
        Ok(Extracted { text, meta: FoundMeta { title, author, date, ..FoundMeta::default() }, ..Extracted::default() })
    }
}

/// Whether a paragraph style names a heading: `Title`, `Heading1`…
/// (style ids, which Word writes in English whatever the user's language).
fn is_heading_style(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    id == "title" || id.starts_with("heading")
}

/// What the body says about the document besides its text.
#[derive(Default)]
struct BodyFacts {
    /// The first heading (or Title paragraph) outside tables.
    heading: String,
    /// The first paragraph in the Date style outside tables.
    date: String,
}

/// Walk `word/document.xml`; note references are numbered in order of
/// appearance and listed in `refs` (endnote?, id).
fn body_text(xml: &str, out: &mut Paragraphs, refs: &mut Vec<(bool, String)>) -> Result<BodyFacts, Failure> {
    let mut first_heading = String::new();
    let mut first_date = String::new();
    // The text of the paragraph being read, while it is a heading, or a date.
    let mut heading: Option<String> = None;
    let mut date: Option<String> = None;
    let mut in_t = false;
    let mut in_run = 0usize;
    let mut in_cell = 0usize;
    let mut rows: Vec<usize> = Vec::new();
    walk(xml, WHAT, |ev| match ev {
        Ev::Start(n, attrs) => match n {
            "t" => in_t = true,
            "r" => in_run += 1,
            "tab" if in_run > 0 => out.tab(),
            "br" | "cr" if in_run > 0 => {
                if in_cell > 0 {
                    out.text(" ");
                } else {
                    out.line_break();
                }
            }
            "tbl" if in_cell == 0 => out.end(),
            "tr" if in_cell == 0 => rows.push(0),
            "tc" => {
                if in_cell == 0
                    && let Some(c) = rows.last_mut()
                {
                    if *c > 0 {
                        out.tab();
                    }
                    *c += 1;
                }
                in_cell += 1;
            }
            "pStyle" | "outlineLvl" if in_cell == 0 => {
                let val = attr(attrs, "val").unwrap_or_default();
                // Outline levels 0–8 are headings; 9 is body text.
                if first_heading.is_empty()
                    && ((n == "outlineLvl" && val.parse::<u8>().is_ok_and(|l| l < 9)) || is_heading_style(val))
                {
                    heading = Some(String::new());
                }
                if first_date.is_empty() && n == "pStyle" && val.eq_ignore_ascii_case("date") {
                    date = Some(String::new());
                }
            }
            "footnoteReference" | "endnoteReference" => {
                if let Some(id) = attr(attrs, "id") {
                    refs.push((n == "endnoteReference", id.to_owned()));
                    out.text(&format!("[{}]", refs.len()));
                }
            }
            _ => {}
        },
        Ev::End(n) => match n {
            "t" => in_t = false,
            "r" => in_run = in_run.saturating_sub(1),
            "p" => {
                if in_cell > 0 {
                    out.text(" ");
                } else {
                    out.end();
                    if let Some(h) = heading.take() {
                        first_heading = super::collapse_ws(&h);
                    }
                    if let Some(d) = date.take() {
                        first_date = super::collapse_ws(&d);
                    }
                }
            }
            "tr" if in_cell == 0 => {
                rows.pop();
                out.line_break();
            }
            "tc" => in_cell = in_cell.saturating_sub(1),
            "tbl" if in_cell == 0 => out.end(),
            _ => {}
        },
        Ev::Text(t) => {
            if in_t {
                out.text(t);
                for p in [heading.as_mut(), date.as_mut()].into_iter().flatten() {
                    p.push_str(t);
                }
            }
        }
    })?;
    Ok(BodyFacts { heading: first_heading, date: first_date })
}

/// Footnotes or endnotes by id: their paragraphs joined by spaces.
fn notes(xml: Option<&str>, element: &str) -> Result<BTreeMap<String, String>, Failure> {
    let mut map = BTreeMap::new();
    let Some(xml) = xml else { return Ok(map) };
    let mut cur: Option<(String, Paragraphs)> = None;
    let mut in_t = false;
    walk(xml, WHAT, |ev| match ev {
        Ev::Start(n, attrs) if n == element => {
            let separator = attr(attrs, "type").is_some_and(|t| t.contains("eparator") || t == "continuationNotice");
            cur = (!separator).then(|| (attr(attrs, "id").unwrap_or_default().to_owned(), Paragraphs::default()));
        }
        Ev::Start("t", _) => in_t = true,
        Ev::End("t") => in_t = false,
        Ev::End("p") => {
            if let Some((_, p)) = cur.as_mut() {
                p.text(" ");
            }
        }
        Ev::End(n) if n == element => {
            if let Some((id, p)) = cur.take() {
                map.insert(id, p.finish());
            }
        }
        Ev::Text(t) if in_t => {
            if let Some((_, p)) = cur.as_mut() {
                p.text(t);
            }
        }
        _ => {}
    })?;
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::super::archive::tests::make_zip;
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Interview 3</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Q: Where were you </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>on Monday</w:t></w:r><w:r><w:t>?</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
<w:p><w:r><w:t>A: At the bridge &amp; then home.</w:t><w:br/><w:t>Second line</w:t></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>a list item</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Ann</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Engineer</w:t></w:r></w:p><w:p><w:r><w:t>(retired)</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>After</w:t><w:tab/><w:t>tab</w:t></w:r></w:p>
</w:body></w:document>"#;

    const NOTES: &str = r#"<w:footnotes xmlns:w="w"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Said twice.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;

    const CORE: &str = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="t"><dc:title>Interviews</dc:title><dc:creator>R. Searcher</dc:creator><dcterms:created>2026-01-05T10:00:00Z</dcterms:created></cp:coreProperties>"#;

    #[test]
    fn word_document_text() {
        let z = make_zip(
            &[
                ("word/document.xml", DOC.as_bytes()),
                ("word/footnotes.xml", NOTES.as_bytes()),
                ("docProps/core.xml", CORE.as_bytes()),
            ],
            true,
        );
        let ex = DocxImporter.extract(&z, &ImportOptions::default()).expect("docx");
        assert_eq!(
            ex.text,
            "Interview 3\n\nQ: Where were you on Monday?[1]\n\nA: At the bridge & then home.\nSecond line\n\na list item\n\n\
             Name\tRole\nAnn\tEngineer (retired)\n\nAfter\ttab\n\nNotes\n\n[1] Said twice.",
            "text"
        );
        assert_eq!(ex.meta.title, "Interviews", "title");
        assert_eq!(ex.meta.author, "R. Searcher", "author");
        assert_eq!(ex.meta.date, "2026-01-05T10:00:00Z", "date");
    }

    #[test]
    fn without_a_title_property_the_first_heading_is_the_title() {
        let z = make_zip(&[("word/document.xml", DOC.as_bytes())], true);
        let ex = DocxImporter.extract(&z, &ImportOptions::default()).expect("docx");
        assert_eq!(ex.meta.title, "Interview 3", "the Heading1 paragraph");
        let body = DOC.replace("Heading1", "Normal");
        let z = make_zip(&[("word/document.xml", body.as_bytes())], true);
        let ex = DocxImporter.extract(&z, &ImportOptions::default()).expect("docx");
        assert_eq!(ex.meta.title, "", "no heading: left to the first-line rule");
    }

    #[test]
    fn the_date_the_document_gives_comes_before_the_file_time() {
        let dated = DOC.replace(
            "<w:body>",
            "<w:body><w:p><w:pPr><w:pStyle w:val=\"Date\"/></w:pPr><w:r><w:t>14 March</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 2021</w:t></w:r></w:p>",
        );
        let z = make_zip(&[("word/document.xml", dated.as_bytes()), ("docProps/core.xml", CORE.as_bytes())], true);
        let ex = DocxImporter.extract(&z, &ImportOptions::default()).expect("docx");
        assert_eq!(ex.meta.date, "14 March 2021", "the Date paragraph, not dcterms:created");
        let custom = r#"<Properties xmlns="c" xmlns:vt="v"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="subject"><vt:lpwstr>x</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="date"><vt:lpwstr>2021-03-15</vt:lpwstr></property></Properties>"#;
        let z = make_zip(
            &[
                ("word/document.xml", dated.as_bytes()),
                ("docProps/core.xml", CORE.as_bytes()),
                ("docProps/custom.xml", custom.as_bytes()),
            ],
            true,
        );
        let ex = DocxImporter.extract(&z, &ImportOptions::default()).expect("docx");
        assert_eq!(ex.meta.date, "2021-03-15", "a custom date property first");
    }

    #[test]
    fn broken_word_files() {
        let no_body = make_zip(&[("word/other.xml", b"x")], true);
        let err = DocxImporter.extract(&no_body, &ImportOptions::default()).expect_err("no body");
        assert!(err.to_string().contains("word/document.xml"), "{err}");
        let bad_xml = make_zip(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")], true);
        let err = DocxImporter.extract(&bad_xml, &ImportOptions::default()).expect_err("bad xml");
        assert!(matches!(err, Failure::Damaged { .. }), "{err}");
        let z = make_zip(&[("word/document.xml", DOC.as_bytes())], true);
        let err = DocxImporter.extract(&z[..z.len() / 2], &ImportOptions::default()).expect_err("truncated");
        assert!(matches!(err, Failure::Damaged { .. }), "{err}");
    }
}
