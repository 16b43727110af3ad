//! The REFI-QDA project XML read into plain parts (codes, sources with
//! their selections, notes, links, variables), before
//! [`super::refi_import`] turns them into a project. One pass over the
//! events; elements we know but do not take (cases, sets, picture or audio
//! sources) and elements we do not know are counted for the report.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use quick_xml::events::{BytesStart, Event};

use super::refi_import::RefiError;

/// A code as read.
#[derive(Clone, Debug, Default)]
pub(super) struct Code {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) color: String,
    pub(super) description: String,
    pub(super) parent: Option<usize>,
    /// `isCodable`: false for a category that only groups codes.
    pub(super) codable: bool,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Selection {
    pub(super) guid: String,
    /// `name`: the selected text, in the exports of QualCoder and MAXQDA.
    pub(super) name: String,
    /// `<Description>`: a coding memo (QualCoder) or comment (MAXQDA).
    pub(super) description: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) created: String,
    pub(super) codes: Vec<String>,
    pub(super) notes: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Source {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) content: Option<String>,
    /// `<Description>`: the source memo.
    pub(super) description: String,
    pub(super) selections: Vec<Selection>,
    pub(super) notes: Vec<String>,
    pub(super) variables: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct NoteItem {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) content: String,
    pub(super) path: String,
    /// Selections inside the note: in QualCoder's archives, the passage of
    /// the source whose `NoteRef` names this note (an annotation).
    pub(super) selections: Vec<Selection>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct LinkItem {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) origin: String,
    pub(super) target: String,
    pub(super) notes: Vec<String>,
}

/// A set of sources as read (its code and note members are not taken).
#[derive(Clone, Debug, Default)]
pub(super) struct SetItem {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) sources: Vec<String>,
}

/// What the XML says, before it becomes a project.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub(super) codes: Vec<Code>,
    pub(super) sources: Vec<Source>,
    pub(super) notes: Vec<NoteItem>,
    pub(super) links: Vec<LinkItem>,
    pub(super) sets: Vec<SetItem>,
    pub(super) variables: HashMap<String, String>,
    pub(super) project_notes: Vec<String>,
    /// The project's `<Description>`.
    pub(super) description: String,
    /// The tool that wrote the file (`Project/@origin`).
    pub(super) origin: String,
    pub(super) warnings: Vec<String>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::default()).ok().map(std::borrow::Cow::into_owned))
        .unwrap_or_default()
}

pub(super) fn line_col(xml: &str, byte: usize) -> (usize, usize) {
    let upto = &xml[..xml.floor_char_boundary(byte.min(xml.len()))];
    let line = upto.matches('\n').count() + 1;
    let column = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Elements we read, and those we know and leave out (with why).
const KNOWN: &[&str] = &[
    "Project",
    "Users",
    "User",
    "CodeBook",
    "Codes",
    "Code",
    "Description",
    "Variables",
    "Variable",
    "Sources",
    "TextSource",
    "PlainTextContent",
    "PlainTextSelection",
    "Coding",
    "CodeRef",
    "NoteRef",
    "VariableValue",
    "VariableRef",
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
    "Notes",
    "Note",
    "Links",
    "Link",
    "Cases",
    "Case",
    "Sets",
    "Set",
    "MemberCode",
    "MemberSource",
    "MemberNote",
    "SourceRef",
    "SelectionRef",
    "Graphs",
    "Graph",
    "Vertex",
    "Edge",
    "PictureSource",
    "PDFSource",
    "AudioSource",
    "VideoSource",
    "TextDescription",
    "PictureSelection",
    "PDFSelection",
    "Representation",
    "AudioSelection",
    "VideoSelection",
    "Transcript",
    "TranscriptSelection",
    "SyncPoint",
];

/// The selection being read: of the last note, or of the last source.
fn selection(p: &mut Parsed, in_note: bool) -> Option<&mut Selection> {
    if in_note {
        p.notes.last_mut().and_then(|n| n.selections.last_mut())
    } else {
        p.sources.last_mut().and_then(|s| s.selections.last_mut())
    }
}

#[allow(clippy::too_many_lines)] // one event loop over the whole schema
pub(super) fn parse(xml: &str) -> Result<Parsed, RefiError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut p = Parsed::default();
    let mut stack: Vec<String> = Vec::new();
    let mut code_stack: Vec<usize> = Vec::new();
    let mut unknown: BTreeSet<String> = BTreeSet::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    // Codes and notes named as members of sets (Synoptic's sets hold documents).
    let mut set_others = 0usize;
    let mut text = String::new();
    let mut var_ref = String::new();
    // A PDF source being read: its GUID and name, and whether it has a
    // text representation (which is imported as its text).
    let mut pdf: Option<(String, String, bool)> = None;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| {
            let (line, column) = line_col(xml, usize::try_from(pos).unwrap_or(0));
            RefiError::Xml { line, column, message: e.to_string() }
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name().as_ref().to_owned();
                let parent = stack.last().map_or("", String::as_str);
                let inside = |n: &str| stack.iter().any(|s| s == n);
                // Inside a source type we do not read, nothing counts; a PDF
                // counts through its text representation (its selections by
                // page coordinates do not).
                let foreign = ["PictureSource", "AudioSource", "VideoSource", "Cases", "Graphs", "PDFSelection"]
                    .iter()
                    .any(|n| inside(n))
                    || (inside("PDFSource")
                        && !pdf.as_ref().is_some_and(|x| x.2)
                        && !(name == "Representation" && parent == "PDFSource"));
                // Inside a text source, or a PDF's text representation.
                let in_text = inside("TextSource") || (inside("PDFSource") && pdf.as_ref().is_some_and(|x| x.2));
                if !foreign {
                    match name.as_str() {
                        "Project" if stack.is_empty() => p.origin = attr(e, "origin"),
                        "Code" => {
                            p.codes.push(Code {
                                guid: attr(e, "guid"),
                                name: attr(e, "name"),
                                color: attr(e, "color"),
                                description: String::new(),
                                parent: code_stack.last().copied(),
                                codable: !attr(e, "isCodable").trim().eq_ignore_ascii_case("false")
                                    && attr(e, "isCodable").trim() != "0",
                            });
                            if !empty {
                                code_stack.push(p.codes.len() - 1);
                            }
                        }
                        "Variable" => drop(p.variables.insert(attr(e, "guid").to_lowercase(), attr(e, "name"))),
                        "Representation" if parent == "PDFSource" => {
                            if let Some((guid, name, has)) = pdf.as_mut() {
                                *has = true;
                                let own = attr(e, "name");
                                p.sources.push(Source {
                                    guid: guid.clone(),
                                    name: if name.is_empty() { own } else { name.clone() },
                                    path: attr(e, "plainTextPath"),
                                    ..Source::default()
                                });
                            }
                        }
                        "TextSource" if parent == "Sources" => p.sources.push(Source {
                            guid: attr(e, "guid"),
                            name: attr(e, "name"),
                            path: attr(e, "plainTextPath"),
                            ..Source::default()
                        }),
                        "PlainTextSelection" => {
                            let sel = Selection {
                                guid: attr(e, "guid"),
                                name: attr(e, "name"),
                                start: attr(e, "startPosition"),
                                end: attr(e, "endPosition"),
                                created: attr(e, "creationDateTime"),
                                ..Selection::default()
                            };
                            if inside("Note") {
                                if let Some(n) = p.notes.last_mut() {
                                    n.selections.push(sel);
                                }
                            } else if in_text && let Some(s) = p.sources.last_mut() {
                                s.selections.push(sel);
                            }
                        }
                        "CodeRef" if inside("PlainTextSelection") => {
                            if let Some(sel) = selection(&mut p, inside("Note")) {
                                sel.codes.push(attr(e, "targetGUID"));
                            }
                        }
                        "NoteRef" => {
                            let target = attr(e, "targetGUID");
                            if inside("PlainTextSelection") {
                                if let Some(sel) = selection(&mut p, inside("Note")) {
                                    sel.notes.push(target);
                                }
                            } else if in_text {
                                if let Some(s) = p.sources.last_mut() {
                                    s.notes.push(target);
                                }
                            } else if inside("Link") {
                                if let Some(l) = p.links.last_mut() {
                                    l.notes.push(target);
                                }
                            } else if parent == "Project" {
                                p.project_notes.push(target);
                            }
                        }
                        "VariableRef" => var_ref = attr(e, "targetGUID").to_lowercase(),
                        "Note" if parent == "Notes" => p.notes.push(NoteItem {
                            guid: attr(e, "guid"),
                            name: attr(e, "name"),
                            path: attr(e, "plainTextPath"),
                            ..NoteItem::default()
                        }),
                        "Set" if parent == "Sets" => {
                            p.sets.push(SetItem { guid: attr(e, "guid"), name: attr(e, "name"), sources: Vec::new() });
                        }
                        "MemberSource" if parent == "Set" => {
                            if let Some(set) = p.sets.last_mut() {
                                set.sources.push(attr(e, "targetGUID"));
                            }
                        }
                        "MemberCode" | "MemberNote" if parent == "Set" => {
                            set_others += 1;
                        }
                        "Link" => p.links.push(LinkItem {
                            guid: attr(e, "guid"),
                            name: attr(e, "name"),
                            origin: attr(e, "originGUID"),
                            target: attr(e, "targetGUID"),
                            ..LinkItem::default()
                        }),
                        _ => {}
                    }
                }
                match name.as_str() {
                    "PDFSource" if parent == "Sources" => {
                        pdf = Some((attr(e, "guid"), attr(e, "name"), false));
                        if empty {
                            *skipped.entry("PDF (without a text representation)").or_default() += 1;
                            pdf = None;
                        }
                    }
                    "PictureSource" | "AudioSource" | "VideoSource" if parent == "Sources" => {
                        *skipped
                            .entry(match name.as_str() {
                                "PictureSource" => "picture",
                                "AudioSource" => "audio",
                                _ => "video",
                            })
                            .or_default() += 1;
                    }
                    n if !KNOWN.contains(&n) => drop(unknown.insert(name.clone())),
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                    text.clear();
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                // Entity and character references arrive on their own.
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let Some(s) = quick_xml::escape::resolve_xml_entity(&r) else {
                        let (line, column) = line_col(xml, usize::try_from(pos).unwrap_or(0));
                        return Err(RefiError::Xml { line, column, message: format!("unknown entity &{};", &*r) });
                    };
                    text.push_str(s);
                }
            }
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                stack.pop();
                let parent = stack.last().map_or("", String::as_str);
                let foreign = ["PictureSource", "AudioSource", "VideoSource", "PDFSelection"]
                    .iter()
                    .any(|n| stack.iter().any(|s| s == n))
                    || (stack.iter().any(|s| s == "PDFSource") && !pdf.as_ref().is_some_and(|x| x.2));
                let in_text = stack.iter().any(|s| s == "TextSource")
                    || (stack.iter().any(|s| s == "PDFSource") && pdf.as_ref().is_some_and(|x| x.2));
                match name.as_str() {
                    "PDFSource" => {
                        let had_text = pdf.take().is_some_and(|x| x.2);
                        if !had_text {
                            *skipped.entry("PDF (without a text representation)").or_default() += 1;
                        }
                    }
                    "Code" => drop(code_stack.pop()),
                    "Description" if parent == "Code" => {
                        if let Some(c) = code_stack.last().and_then(|i| p.codes.get_mut(*i)) {
                            c.description = std::mem::take(&mut text);
                        }
                    }
                    "Description" if parent == "PlainTextSelection" && !foreign => {
                        let in_note = stack.iter().any(|s| s == "Note");
                        if let Some(sel) = selection(&mut p, in_note) {
                            sel.description = std::mem::take(&mut text);
                        }
                    }
                    "Description" if parent == "TextSource" && stack.len() == 3 => {
                        if let Some(s) = p.sources.last_mut() {
                            s.description = std::mem::take(&mut text);
                        }
                    }
                    "Description" if parent == "Project" => p.description = std::mem::take(&mut text),
                    "PlainTextContent"
                        if !foreign
                            && ((parent == "TextSource" && stack.len() == 3)
                                || (parent == "Representation" && stack.len() == 4 && in_text)) =>
                    {
                        if let Some(s) = p.sources.last_mut() {
                            s.content = Some(std::mem::take(&mut text));
                        }
                    }
                    "PlainTextContent" if parent == "Note" => {
                        if let Some(n) = p.notes.last_mut() {
                            n.content = std::mem::take(&mut text);
                        }
                    }
                    "TextValue" | "DateValue" | "IntegerValue" | "FloatValue" | "BooleanValue" | "DateTimeValue"
                        if in_text && !foreign =>
                    {
                        if let (Some(s), Some(v)) = (p.sources.last_mut(), p.variables.get(&var_ref)) {
                            s.variables.push((v.clone(), std::mem::take(&mut text).trim().to_owned()));
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if set_others > 0 {
        p.warnings.push(format!(
            "{set_others} set member(s) that are codes or notes left out: Synoptic's sets hold documents only"
        ));
    }
    for (kind, n) in skipped {
        p.warnings.push(format!("{n} {kind} source(s) skipped: Synoptic reads text sources only"));
    }
    if !unknown.is_empty() {
        p.warnings.push(format!("unknown elements ignored: {}", unknown.into_iter().collect::<Vec<_>>().join(", ")));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_xml_says_where() {
        let err = parse(
            "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n  <CodeBook>\n    <Codes></CodeBook>\n</Project>",
        )
        .expect_err("malformed");
        match err {
            RefiError::Xml { line, .. } => assert_eq!(line, 3, "{err}"),
            other => panic!("{other}"),
        }
    }
}
