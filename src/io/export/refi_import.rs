//! REFI-QDA import: `.qdpx` projects and `.qdc` codebooks made by other QDA
//! tools (or by us). Sources, codes with hierarchy and colours, text
//! selections with their codings and notes, links, memos and the document
//! variables we export (Outlet, Author, Date, URL) come in, and PDF sources
//! through their text representation; what cannot (picture, audio and video
//! sources, PDFs without a text representation, selections by page
//! coordinates; cases; sets) is listed in the report with the reason.
//!
//! Positions count Unicode code points of the source as stored in the
//! archive, which may start with a BOM and use CRLF line ends; they are
//! mapped onto our normalized text (BOM dropped, CRLF and CR made LF), so
//! every passage quotes exactly the text the other tool coded.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::refi_xml::parse;

use crate::io::import::Loaded;
use crate::io::import::archive::Zip;
use crate::io::{project_file, snapshot, workspace};
use crate::model::{
    Anchor, Annotation, AnnotationId, CharRange, DocId, DocSet, Document, Layout, Link, LinkId, Memo, MemoId, Project,
    Rgb, SetId, Tag, TagId,
};

/// Why an import failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum RefiError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The archive is not a readable zip, or too large when unpacked.
    #[error("{0}")]
    Archive(String),
    /// There is no `project.qde` in the archive.
    #[error("this .qdpx holds no project.qde")]
    NoProject,
    /// The XML is malformed.
    #[error("the project XML is malformed at line {line}, column {column}: {message}")]
    Xml {
        /// 1-based line.
        line: usize,
        /// 1-based column (in chars).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Writing the new project or its sources failed.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The reason.
        message: String,
    },
    /// The parts read do not make a valid project.
    #[error("the imported project is inconsistent: {0}")]
    Invalid(String),
}

/// A GUID as our ids keep it (REFI allows upper case and braces).
fn guid(s: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(s.trim().trim_start_matches('{').trim_end_matches('}')).ok()
}

/// The text as Synoptic normalizes it, and for each code point of the
/// stored text (and one past the end) its offset in the normalized text.
pub fn normalize_with_map(stored: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(stored.len());
    let mut map = Vec::with_capacity(stored.len() + 1);
    let mut n = 0usize;
    let mut chars = stored.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        if first && c == '\u{feff}' {
            map.push(0);
            first = false;
            continue;
        }
        first = false;
        if c == '\r' {
            map.push(n);
            if chars.peek() == Some(&'\n') {
                chars.next();
                map.push(n);
            }
            out.push('\n');
            n += 1;
            continue;
        }
        map.push(n);
        out.push(c);
        n += 1;
    }
    map.push(n);
    (out, map)
}

/// Document metadata from REFI variables.
fn apply_variables(d: &mut Document, vars: &[(String, String)]) {
    for (name, value) in vars {
        match name.to_lowercase().as_str() {
            "outlet" | "source" | "publication" | "newspaper" => d.meta.source.clone_from(value),
            "author" | "authors" => d.meta.author.clone_from(value),
            "date" | "published" | "publication date" => d.meta.date.clone_from(value),
            "url" | "link" => d.meta.url.clone_from(value),
            _ => {
                if !d.note.is_empty() {
                    d.note.push('\n');
                }
                d.note.push_str(name);
                d.note.push_str(": ");
                d.note.push_str(value);
            }
        }
    }
}

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    /// The project, its documents pointing at the texts written.
    pub project: Project,
    /// What was left out, and why.
    pub warnings: Vec<String>,
}

/// Import the `.qdpx` at `qdpx` as a new project at `out` (its texts
/// written into `NAME.sources/` beside it; nothing is overwritten). The
/// project file itself is written too.
pub fn import_qdpx(qdpx: &Path, out: &Path) -> Result<Imported, RefiError> {
    let bytes = std::fs::read(qdpx).map_err(|source| RefiError::Read { path: qdpx.to_owned(), source })?;
    let imported = import_qdpx_bytes(&bytes, out)?;
    project_file::save(&imported.project, out)
        .map_err(|e| RefiError::Write { path: out.to_owned(), message: e.to_string() })?;
    Ok(imported)
}

/// As [`import_qdpx`], from the archive's bytes, without writing the project
/// file (the texts are written).
#[allow(clippy::too_many_lines)] // the mapping of every REFI part in one place
pub fn import_qdpx_bytes(bytes: &[u8], out: &Path) -> Result<Imported, RefiError> {
    let mut zip = Zip::open(bytes, "REFI-QDA").map_err(|e| RefiError::Archive(e.to_string()))?;
    let xml =
        zip.read_string("project.qde").map_err(|e| RefiError::Archive(e.to_string()))?.ok_or(RefiError::NoProject)?;
    let parsed = parse(&xml)?;
    let mut warnings = parsed.warnings.clone();
    let mut seen: HashSet<uuid::Uuid> = HashSet::new();
    // A GUID of ours: the one given when valid and not taken, else a new one.
    let mut fresh = |g: &str, what: &str, warnings: &mut Vec<String>| -> uuid::Uuid {
        match guid(g) {
            Some(u) if seen.insert(u) => u,
            Some(_) => {
                warnings.push(format!("duplicate GUID {g} ({what}): given a new one"));
                let u = uuid::Uuid::new_v4();
                seen.insert(u);
                u
            }
            None => {
                if !g.is_empty() {
                    warnings.push(format!("invalid GUID {g:?} ({what}): given a new one"));
                }
                let u = uuid::Uuid::new_v4();
                seen.insert(u);
                u
            }
        }
    };
    // Codes.
    let mut tags: Vec<Tag> = Vec::new();
    let mut code_ids: HashMap<String, TagId> = HashMap::new();
    let mut order: HashMap<Option<usize>, u32> = HashMap::new();
    for (i, c) in parsed.codes.iter().enumerate() {
        let id = TagId(fresh(&c.guid, "code", &mut warnings));
        code_ids.insert(c.guid.to_lowercase(), id);
        let color = Rgb::parse(&c.color).unwrap_or_else(|| Rgb::palette(i));
        let mut t = Tag::new(if c.name.is_empty() { format!("Code {}", i + 1) } else { c.name.clone() }, color);
        t.id = id;
        t.description = Some(c.description.clone()).filter(|d| !d.trim().is_empty());
        t.parent = c.parent.map(|p| tags[p].id);
        let o = order.entry(c.parent).or_default();
        t.order = *o;
        *o += 1;
        tags.push(t);
    }
    // Notes by GUID.
    let mut note_text: HashMap<String, (String, String)> = HashMap::new();
    for n in &parsed.notes {
        let mut content = n.content.clone();
        if content.is_empty()
            && let Some(name) = internal(&n.path)
        {
            content = zip.read_string(&format!("sources/{name}")).ok().flatten().unwrap_or_default();
        }
        note_text.insert(n.guid.to_lowercase(), (n.name.clone(), crate::io::import::normalize_newlines(content)));
    }
    let mut used_notes: HashSet<String> = HashSet::new();
    let note_of = |refs: &[String], used: &mut HashSet<String>| -> String {
        let mut parts = Vec::new();
        for r in refs {
            if let Some((_, t)) = note_text.get(&r.to_lowercase()) {
                used.insert(r.to_lowercase());
                // Exactly as written: a round trip must not change a note.
                if !t.is_empty() {
                    parts.push(t.clone());
                }
            }
        }
        parts.join("\n\n")
    };
    // Sources.
    let dir = snapshot::sources_dir(out);
    let mut documents = Vec::new();
    let mut annotations = Vec::new();
    let mut sel_ids: HashMap<String, AnnotationId> = HashMap::new();
    let mut source_ids: HashMap<String, DocId> = HashMap::new();
    for s in &parsed.sources {
        let label = if s.name.is_empty() { s.guid.clone() } else { s.name.clone() };
        let stored = if let Some(c) = &s.content {
            c.clone()
        } else if let Some(name) = internal(&s.path) {
            match zip.read(&format!("sources/{name}")) {
                Ok(Some(b)) => match String::from_utf8(b) {
                    Ok(t) => t,
                    Err(e) => {
                        warnings.push(format!("“{label}”: its text is not UTF-8; read with replacement characters"));
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                },
                Ok(None) => {
                    warnings.push(format!("“{label}” skipped: its text sources/{name} is missing from the archive"));
                    continue;
                }
                Err(e) => {
                    warnings.push(format!("“{label}” skipped: {e}"));
                    continue;
                }
            }
        } else {
            warnings.push(format!(
                "“{label}” skipped: its text is outside the archive ({}) or the path is not allowed",
                if s.path.is_empty() { "no path" } else { &s.path }
            ));
            continue;
        };
        let (normal, map) = normalize_with_map(&stored);
        let path = snapshot::write_new(&dir, &label, &normal)
            .map_err(|e| RefiError::Write { path: dir.clone(), message: e.to_string() })?;
        let loaded = Loaded::from_text(normal, "UTF-8");
        let mut d = workspace::document_for(out, &path, &loaded);
        d.id = DocId(fresh(&s.guid, "source", &mut warnings));
        source_ids.insert(s.guid.to_lowercase(), d.id);
        d.meta.title.clone_from(&label);
        apply_variables(&mut d, &s.variables);
        let doc_note = note_of(&s.notes, &mut used_notes);
        if !doc_note.is_empty() {
            if !d.note.is_empty() {
                d.note.push_str("\n\n");
            }
            d.note.push_str(&doc_note);
        }
        let stored_len = map.len() - 1;
        let mut out_of_range = 0;
        for sel in &s.selections {
            let (Ok(a), Ok(b)) = (sel.start.trim().parse::<usize>(), sel.end.trim().parse::<usize>()) else {
                warnings.push(format!("“{label}”: selection {} has no valid positions; skipped", sel.guid));
                continue;
            };
            if a > b || b > stored_len {
                out_of_range += 1;
                continue;
            }
            let range = CharRange::new(map[a], map[b]);
            let mut ann = Annotation::new(d.id, Anchor::from_text(&loaded.text, range));
            ann.id = AnnotationId(fresh(&sel.guid, "selection", &mut warnings));
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&sel.created) {
                ann.created = t.with_timezone(&chrono::Utc);
                ann.modified = ann.created;
            }
            for c in &sel.codes {
                match code_ids.get(&c.to_lowercase()) {
                    Some(t) => drop(ann.tags.insert(*t)),
                    None => warnings.push(format!("“{label}”: a coding refers to an unknown code {c}")),
                }
            }
            ann.note = note_of(&sel.notes, &mut used_notes);
            sel_ids.insert(sel.guid.to_lowercase(), ann.id);
            annotations.push(ann);
        }
        if out_of_range > 0 {
            warnings.push(format!(
                "“{label}”: {out_of_range} selection(s) lie outside its text ({stored_len} chars) and were skipped"
            ));
        }
        documents.push(d);
    }
    // Links between imported selections.
    let mut relations: Vec<String> = crate::model::link::DEFAULT_RELATIONS.iter().map(|s| (*s).to_owned()).collect();
    let mut links = Vec::new();
    for l in &parsed.links {
        let (Some(from), Some(to)) = (sel_ids.get(&l.origin.to_lowercase()), sel_ids.get(&l.target.to_lowercase()))
        else {
            warnings.push(format!("link {} skipped: it does not join two text selections", l.guid));
            continue;
        };
        let relation = if l.name.trim().is_empty() { "related".to_owned() } else { l.name.trim().to_owned() };
        if !relations.contains(&relation) {
            relations.push(relation.clone());
        }
        let mut link = Link::new(*from, *to, relation);
        link.id = LinkId(fresh(&l.guid, "link", &mut warnings));
        link.note = note_of(&l.notes, &mut used_notes);
        links.push(link);
    }
    // Memos: project notes, then notes nothing refers to.
    let mut memos = Vec::new();
    let mut memo_guids: Vec<String> = parsed.project_notes.iter().map(|g| g.to_lowercase()).collect();
    for n in &parsed.notes {
        let g = n.guid.to_lowercase();
        if !used_notes.contains(&g) && !memo_guids.contains(&g) {
            memo_guids.push(g);
        }
    }
    for g in memo_guids {
        if used_notes.contains(&g) {
            continue;
        }
        let Some((name, text)) = note_text.get(&g) else { continue };
        let mut m = Memo::new(if name.is_empty() { "Note".to_owned() } else { name.clone() }, text.clone());
        m.id = MemoId(fresh(&g, "note", &mut warnings));
        memos.push(m);
    }
    // Sets of sources: the members imported as documents.
    let mut sets = Vec::new();
    for item in &parsed.sets {
        let mut set = DocSet::new(if item.name.trim().is_empty() { "Set" } else { item.name.trim() });
        set.id = SetId(fresh(&item.guid, "set", &mut warnings));
        let mut missing = 0;
        for g in &item.sources {
            match source_ids.get(&g.to_lowercase()) {
                Some(d) => drop(set.docs.insert(*d)),
                None => missing += 1,
            }
        }
        if missing > 0 {
            warnings.push(format!("set “{}”: {missing} member(s) are not imported text sources", set.name));
        }
        sets.push(set);
    }
    let project = Project::from_parts(documents, tags, annotations, memos, links, Some(relations), Layout::default())
        .and_then(|p| p.with_sets(sets))
        .map_err(|e| RefiError::Invalid(e.to_string()))?;
    Ok(Imported { project, warnings })
}

/// The file name of an `internal://NAME` path, when it stays inside the
/// archive's `sources/` folder.
fn internal(path: &str) -> Option<&str> {
    let name = path.strip_prefix("internal://")?;
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.contains('\\')
        || name.contains(':')
        || name.split('/').any(|part| part == ".." || part == "." || part.is_empty());
    (!bad).then_some(name)
}

/// Codes of a `.qdc` codebook (or of a `.qdpx`'s project), as tags with
/// their hierarchy.
pub fn read_codebook(bytes: &[u8]) -> Result<(Vec<Tag>, Vec<String>), RefiError> {
    let xml = if bytes.starts_with(b"PK") {
        let mut zip = Zip::open(bytes, "REFI-QDA").map_err(|e| RefiError::Archive(e.to_string()))?;
        zip.read_string("project.qde").map_err(|e| RefiError::Archive(e.to_string()))?.ok_or(RefiError::NoProject)?
    } else {
        let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        String::from_utf8_lossy(b).into_owned()
    };
    let parsed = parse(&xml)?;
    let mut tags: Vec<Tag> = Vec::new();
    for (i, c) in parsed.codes.iter().enumerate() {
        let mut t = Tag::new(c.name.clone(), Rgb::parse(&c.color).unwrap_or_else(|| Rgb::palette(i)));
        if let Some(g) = guid(&c.guid) {
            t.id = TagId(g);
        }
        t.description = Some(c.description.clone()).filter(|d| !d.trim().is_empty());
        t.parent = c.parent.map(|p| tags[p].id);
        t.order = u32::try_from(i).unwrap_or(u32::MAX);
        tags.push(t);
    }
    Ok((tags, parsed.warnings))
}

/// How a codebook merges into a project: tags new by name (with their
/// parents mapped onto ours), and clashes — same name, different colour or
/// description — for the user to decide.
#[derive(Debug, Default)]
pub struct Merge {
    /// Tags to add.
    pub added: Vec<Tag>,
    /// (ours, theirs) with the same name but a different colour or description.
    pub clashes: Vec<(TagId, Tag)>,
}

/// Merge `incoming` into `project`'s codebook by name.
pub fn merge_codebook(project: &Project, incoming: &[Tag]) -> Merge {
    let ours: HashMap<String, TagId> = project.codebook().iter().map(|t| (t.name.to_lowercase(), t.id)).collect();
    let mut mapped: HashMap<TagId, TagId> = HashMap::new();
    let mut merge = Merge::default();
    for t in incoming {
        if let Some(&id) = ours.get(&t.name.to_lowercase()) {
            mapped.insert(t.id, id);
            if let Some(o) = project.codebook().get(id)
                && (o.color != t.color || (t.description.is_some() && o.description != t.description))
            {
                merge.clashes.push((id, t.clone()));
            }
            continue;
        }
        let mut new = t.clone();
        new.id = TagId::new();
        new.parent = t.parent.and_then(|p| mapped.get(&p).copied());
        mapped.insert(t.id, new.id);
        merge.added.push(new);
    }
    merge
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_past_bom_and_crlf() {
        let (text, map) = normalize_with_map("\u{feff}ab\r\ncd\re");
        assert_eq!(text, "ab\ncd\ne");
        // stored: BOM a b CR LF c d CR e
        assert_eq!(map, [0, 0, 1, 2, 2, 3, 4, 5, 6, 7]);
        let (_, map) = normalize_with_map("");
        assert_eq!(map, [0]);
    }

    #[test]
    fn internal_paths_stay_inside() {
        assert_eq!(internal("internal://abc.txt"), Some("abc.txt"));
        for bad in [
            "internal://../x.txt",
            "internal:///etc/passwd",
            "internal://a/../../x",
            "C:\\x.txt",
            "internal://c:x",
            "/abs.txt",
        ] {
            assert_eq!(internal(bad), None, "{bad}");
        }
    }
}
