//! REFI-QDA export: a `.qdpx` (a zip with `project.qde` and the sources as
//! UTF-8 text under `sources/`) and a `.qdc` codebook, as QDA-XML 1.0
//! (`urn:QDA-XML:project:1.0`, the schema published by the Rotterdam
//! Exchange Format Initiative).
//!
//! GUIDs are our own ids where items have them (documents, tags, passages,
//! memos, links) and otherwise derived from them by hashing (codings,
//! notes, variables, the user), so a second export of the same project has
//! the same GUIDs. Positions count Unicode code points of the source text as
//! written into the archive, which is our normalized text: they are our
//! char offsets.
//!
//! Notes go where the tools that read them look (docs/FORMAT.md has the
//! table): a passage's note both as the selection's `<Description>`
//! (QualCoder's coding memo) and as a `<Note>` its `NoteRef` names; a
//! document's note both as the source's `<Description>` and as a `<Note>`;
//! a project memo as a `<Note>` whose text is a file in `sources/` (what
//! QualCoder makes a journal of); a category as `isCodable="false"`.

use std::fmt::Write as _;
use std::io::Write as _;

use super::{ExportError, Options, TextOf, documents, hex};
use crate::model::{Annotation, Project, Tag, TagId};

/// The namespace of project files.
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// The namespace of codebook files.
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// The document metadata carried as REFI variables: (name, field).
pub const VARIABLES: [&str; 4] = ["Outlet", "Author", "Date", "URL"];

/// A GUID derived from `parts`, the same every time.
pub fn derived_guid(parts: &[&str]) -> uuid::Uuid {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.finalize().as_bytes()[..16]);
    uuid::Builder::from_custom_bytes(b).into_uuid()
}

/// Text for XML content: escaped, with the chars XML 1.0 cannot hold
/// (controls other than tab and line breaks) replaced by U+FFFD.
fn x(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| {
            if (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

/// Text for an attribute: as [`x`], with line breaks and tabs as character
/// references (a parser would turn them into spaces).
fn attr(s: &str) -> String {
    x(s).replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
}

fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A short name for a passage: the start of its quote.
fn selection_name(a: &Annotation) -> String {
    let q = super::one_line(&a.anchor.exact);
    if q.chars().count() <= 60 { q } else { format!("{}…", q.chars().take(60).collect::<String>()) }
}

fn codes(s: &mut String, project: &Project, parent: Option<TagId>, indent: usize) {
    for t in project.codebook().children(parent) {
        code(s, project, t, indent);
    }
}

fn code(s: &mut String, project: &Project, t: &Tag, indent: usize) {
    let pad = "  ".repeat(indent);
    let _ = write!(
        s,
        "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\" color=\"{}\"",
        t.id,
        attr(&t.name),
        !t.category,
        hex(t.color)
    );
    let desc = t.description.as_deref().filter(|d| !d.is_empty());
    let kids = project.codebook().children(Some(t.id));
    if desc.is_none() && kids.is_empty() {
        s.push_str("/>\n");
        return;
    }
    s.push_str(">\n");
    if let Some(d) = desc {
        let _ = writeln!(s, "{pad}  <Description>{}</Description>", x(d));
    }
    codes(s, project, Some(t.id), indent + 1);
    let _ = writeln!(s, "{pad}</Code>");
}

fn codebook(s: &mut String, project: &Project, indent: usize) {
    let pad = "  ".repeat(indent);
    if project.codebook().is_empty() {
        return;
    }
    let _ = writeln!(s, "{pad}<CodeBook>\n{pad}  <Codes>");
    codes(s, project, None, indent + 2);
    let _ = writeln!(s, "{pad}  </Codes>\n{pad}</CodeBook>");
}

/// The codebook alone (`.qdc`).
pub fn qdc(project: &Project) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{CODEBOOK_NS}\" origin=\"Synoptic\">\n  <Codes>\n"
    );
    codes(&mut s, project, None, 2);
    s.push_str("  </Codes>\n</CodeBook>\n");
    s
}

/// A note as REFI keeps it: a text source of its own.
struct Note {
    guid: uuid::Uuid,
    name: String,
    text: String,
    /// Whether its text goes into a file of its own in `sources/` (a
    /// project memo, which QualCoder makes a journal of) rather than into
    /// `<PlainTextContent>`.
    file: bool,
}

/// `project.qde` and the source texts to store beside it
/// (`sources/GUID.txt`).
#[allow(clippy::too_many_lines)] // the QDA-XML sequence, in schema order
pub fn project_xml(
    project: &Project,
    texts: TextOf<'_>,
    opts: &Options,
) -> Result<(String, Vec<(String, String)>), ExportError> {
    let user = derived_guid(&["synoptic user"]);
    let now = time(&chrono::Utc::now());
    let docs = documents(project, opts);
    let mut notes: Vec<Note> = Vec::new();
    let mut files = Vec::new();
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{PROJECT_NS}\" name=\"{}\" origin=\"Synoptic {}\" creatingUserGUID=\"{user}\" creationDateTime=\"{now}\">",
        attr(&opts.title),
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(s, "  <Users>\n    <User guid=\"{user}\" name=\"Synoptic user\"/>\n  </Users>");
    codebook(&mut s, project, 1);
    let var_guid = |name: &str| derived_guid(&["variable", name]);
    let _ = writeln!(s, "  <Variables>");
    for v in VARIABLES {
        let _ = writeln!(s, "    <Variable guid=\"{}\" name=\"{v}\" typeOfVariable=\"Text\"/>", var_guid(v));
    }
    let _ = writeln!(s, "  </Variables>");
    if !docs.is_empty() {
        s.push_str("  <Sources>\n");
    }
    let chosen = |t: &TagId| opts.tags.as_ref().is_none_or(|set| set.contains(t));
    for d in &docs {
        let text = texts(d.id).ok_or_else(|| ExportError::MissingText(d.meta.title.clone()))?;
        files.push((format!("{}.txt", d.id), text.as_str().to_owned()));
        let _ = writeln!(
            s,
            "    <TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\" creatingUser=\"{user}\" creationDateTime=\"{now}\">",
            d.id,
            attr(&d.meta.title),
            d.id
        );
        // QualCoder reads a source memo from here only.
        if opts.notes && !d.note.is_empty() {
            let _ = writeln!(s, "      <Description>{}</Description>", x(&d.note));
        }
        for a in project.annotations_of(d.id) {
            if opts.tags.is_some() && !a.tags.iter().any(chosen) {
                continue;
            }
            let r = a.anchor.range;
            let (start, end) = (r.start.0.min(text.char_len()), r.end.0.min(text.char_len()));
            let _ = writeln!(
                s,
                "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"{user}\" creationDateTime=\"{}\" modifyingUser=\"{user}\" modifiedDateTime=\"{}\">",
                a.id,
                attr(&selection_name(a)),
                time(&a.created),
                time(&a.modified)
            );
            // QualCoder reads a coding memo from here only; other tools
            // from the note the NoteRef below names.
            if opts.notes && !a.note.is_empty() {
                let _ = writeln!(s, "        <Description>{}</Description>", x(&a.note));
            }
            for t in a.tags.iter().filter(|t| chosen(t)) {
                let _ = writeln!(
                    s,
                    "        <Coding guid=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\">\n          <CodeRef targetGUID=\"{t}\"/>\n        </Coding>",
                    derived_guid(&["coding", &a.id.to_string(), &t.to_string()]),
                    time(&a.created)
                );
            }
            if opts.notes && !a.note.is_empty() {
                let guid = derived_guid(&["note", &a.id.to_string()]);
                notes.push(Note {
                    guid,
                    name: format!("Note on “{}”", selection_name(a)),
                    text: a.note.clone(),
                    file: false,
                });
                let _ = writeln!(s, "        <NoteRef targetGUID=\"{guid}\"/>");
            }
            s.push_str("      </PlainTextSelection>\n");
        }
        if opts.notes && !d.note.is_empty() {
            let guid = derived_guid(&["note", &d.id.to_string()]);
            notes.push(Note { guid, name: format!("Notes on {}", d.meta.title), text: d.note.clone(), file: false });
            let _ = writeln!(s, "      <NoteRef targetGUID=\"{guid}\"/>");
        }
        for (v, value) in VARIABLES.iter().zip([&d.meta.source, &d.meta.author, &d.meta.date, &d.meta.url]) {
            if !value.is_empty() {
                let _ = writeln!(
                    s,
                    "      <VariableValue>\n        <VariableRef targetGUID=\"{}\"/>\n        <TextValue>{}</TextValue>\n      </VariableValue>",
                    var_guid(v),
                    x(value)
                );
            }
        }
        s.push_str("    </TextSource>\n");
    }
    if !docs.is_empty() {
        s.push_str("  </Sources>\n");
    }
    // Links between passages that were exported.
    let exported = |id| {
        project.annotation(id).is_some_and(|a: &Annotation| {
            opts.docs.as_ref().is_none_or(|set| set.contains(&a.doc))
                && (opts.tags.is_none() || a.tags.iter().any(chosen))
        })
    };
    let links: Vec<_> = project.links().filter(|l| exported(l.from) && exported(l.to)).collect();
    let mut link_xml = String::new();
    for l in &links {
        let _ = write!(
            link_xml,
            "    <Link guid=\"{}\" name=\"{}\" direction=\"OneWay\" originGUID=\"{}\" targetGUID=\"{}\"",
            l.id,
            attr(&l.relation),
            l.from,
            l.to
        );
        if opts.notes && !l.note.is_empty() {
            let guid = derived_guid(&["note", &l.id.to_string()]);
            notes.push(Note {
                guid,
                name: format!("Note on link “{}”", l.relation),
                text: l.note.clone(),
                file: false,
            });
            let _ = write!(link_xml, ">\n      <NoteRef targetGUID=\"{guid}\"/>\n    </Link>\n");
        } else {
            link_xml.push_str("/>\n");
        }
    }
    let memos: Vec<_> = if opts.notes { project.memos().collect() } else { Vec::new() };
    for m in &memos {
        notes.push(Note { guid: m.id.0, name: m.title.clone(), text: m.text.clone(), file: true });
    }
    if !notes.is_empty() {
        s.push_str("  <Notes>\n");
        for n in &notes {
            if n.file {
                // The schema allows the text inline or in a file, not both.
                let _ = writeln!(
                    s,
                    "    <Note guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\" creatingUser=\"{user}\" creationDateTime=\"{now}\"/>",
                    n.guid,
                    attr(&n.name),
                    n.guid
                );
                files.push((format!("{}.txt", n.guid), n.text.clone()));
                continue;
            }
            let _ = writeln!(
                s,
                "    <Note guid=\"{}\" name=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{now}\">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>",
                n.guid,
                attr(&n.name),
                x(&n.text)
            );
        }
        s.push_str("  </Notes>\n");
    }
    if !links.is_empty() {
        s.push_str("  <Links>\n");
        s.push_str(&link_xml);
        s.push_str("  </Links>\n");
    }
    let exported_docs: std::collections::BTreeSet<_> = docs.iter().map(|d| d.id).collect();
    let sets = project.sets();
    if !sets.is_empty() {
        s.push_str("  <Sets>\n");
        for set in sets {
            let _ = write!(s, "    <Set guid=\"{}\" name=\"{}\"", set.id, attr(&set.name));
            let members: Vec<_> = set.docs.iter().filter(|d| exported_docs.contains(d)).collect();
            if members.is_empty() {
                s.push_str("/>\n");
                continue;
            }
            s.push_str(">\n");
            for d in members {
                let _ = writeln!(s, "      <MemberSource targetGUID=\"{d}\"/>");
            }
            s.push_str("    </Set>\n");
        }
        s.push_str("  </Sets>\n");
    }
    for m in &memos {
        let _ = writeln!(s, "  <NoteRef targetGUID=\"{}\"/>", m.id);
    }
    s.push_str("</Project>\n");
    Ok((s, files))
}

/// The `.qdpx` archive.
pub fn qdpx(project: &Project, texts: TextOf<'_>, opts: &Options) -> Result<Vec<u8>, ExportError> {
    let (xml, files) = project_xml(project, texts, opts)?;
    let write_err = |e: std::io::Error| ExportError::Write { path: "the .qdpx archive".into(), source: e };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", opt).map_err(|e| write_err(std::io::Error::other(e)))?;
    zip.write_all(xml.as_bytes()).map_err(write_err)?;
    for (name, text) in files {
        zip.start_file(format!("sources/{name}"), opt).map_err(|e| write_err(std::io::Error::other(e)))?;
        zip.write_all(text.as_bytes()).map_err(write_err)?;
    }
    let out = zip.finish().map_err(|e| write_err(std::io::Error::other(e)))?;
    Ok(out.into_inner())
}
