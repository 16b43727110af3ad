//! REFI-QDA import: `.qdpx` projects and `.qdc` codebooks made by other QDA
//! tools (or by us). Sources, codes with hierarchy and colours, text
//! selections with their codings and notes, links, memos and the document
//! variables we export (Outlet, Author, Date, URL) come in, and PDF sources
//! through their text representation; what cannot (picture, audio and video
//! sources, PDFs without a text representation, selections by page
//! coordinates; cases; sets) is listed in the report with the reason.
//!
//! Tools count positions differently (code points or UTF-16 units, the
//! BOM counted or not, CRLF as one or two): [`super::refi_positions`]
//! finds per source the way under which the selections quote what they
//! say they quote, and maps positions onto our normalized text (BOM
//! dropped, CRLF and CR made LF). A selection whose quote no way of
//! counting explains, or that says nothing while the ways disagree, comes
//! in as needs review, named in the warnings. [`Imported::positions`]
//! records how each source was counted.
//!
//! What QualCoder, MAXQDA, NVivo and ATLAS.ti put where (docs/FORMAT.md
//! has the table): a selection's `<Description>` and the notes it refers
//! to become the passage's note; a source's `<Description>` and its notes
//! the document's note; a note holding its own `PlainTextSelection`
//! (QualCoder's annotation) a passage on the source whose `NoteRef` names
//! it; a note linked to a selection (NVivo's annotation) that passage's
//! note; other notes memos; a code with `isCodable="false"` a category.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::refi_positions::{self, Claim, Convention, Counting, Hint, Placed, Units};
use super::refi_xml::{NoteItem, Selection, parse};

use crate::io::import::Loaded;
use crate::io::import::archive::Zip;
use crate::io::{project_file, snapshot, workspace};
use crate::model::{
    Anchor, AnchorStatus, Annotation, AnnotationId, DocId, DocSet, Document, Layout, Link, LinkId, Memo, MemoId,
    Project, Rgb, SetId, SourceText, Tag, TagId,
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
    /// What was left out, and why; and passages to review.
    pub warnings: Vec<String>,
    /// How each imported source counted its positions, in import order.
    pub positions: Vec<SourceCounting>,
}

/// How one source's positions were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCounting {
    /// The document's title.
    pub title: String,
    /// The convention chosen and what it rests on.
    pub counting: Counting,
}

impl std::fmt::Display for SourceCounting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "positions in “{}”: {}", self.title, self.counting)
    }
}

/// How the archive's tool counts, as far as its sources' evidence shows:
/// each of BOM, CRLF and units by the sources that settled it (weighted by
/// the quotes confirming), else by what the tool is known to do, else as
/// [`Convention::STORED`].
fn archive_convention(countings: &[Counting], known: Option<Convention>) -> Convention {
    let base = known.unwrap_or(Convention::STORED);
    let vote = |settled: fn(&Counting) -> bool, value: fn(&Convention) -> bool, fallback: bool| -> bool {
        let (mut yes, mut no) = (0usize, 0usize);
        for c in countings.iter().filter(|c| settled(c)) {
            if value(&c.convention) {
                yes += c.confirmed;
            } else {
                no += c.confirmed;
            }
        }
        if yes == no { fallback } else { yes > no }
    };
    Convention {
        units: if vote(|c| c.settled.astral, |c| c.units == Units::Utf16, base.units == Units::Utf16) {
            Units::Utf16
        } else {
            Units::CodePoints
        },
        bom_counted: vote(|c| c.settled.bom, |c| c.bom_counted, base.bom_counted),
        crlf_as_two: vote(|c| c.settled.crlf, |c| c.crlf_as_two, base.crlf_as_two),
    }
}

/// The parts of a note, an empty one or one already there left out.
fn join_parts(parts: impl IntoIterator<Item = String>) -> String {
    let mut kept: Vec<String> = Vec::new();
    for p in parts {
        if !p.is_empty() && !kept.contains(&p) {
            kept.push(p);
        }
    }
    kept.join("\n\n")
}

/// The name a snapshot is written under: a `.txt` source keeps its one
/// extension (`seed-article.txt`, not `seed-article.txt.txt`).
fn snapshot_name(label: &str) -> &str {
    let n = label.len();
    if n > 4 && label.is_char_boundary(n - 4) && label[n - 4..].eq_ignore_ascii_case(".txt") {
        &label[..n - 4]
    } else {
        label
    }
}

/// A source read and its document made, its selections still to place.
struct Prepared<'a> {
    label: String,
    stored: String,
    text: SourceText,
    doc: Document,
    pending: Vec<Pending<'a>>,
}

/// A selection to place: one of the source's own, or of a note on it.
struct Pending<'a> {
    sel: &'a Selection,
    start: usize,
    end: usize,
    /// The note it belongs to (an annotation), if any.
    note: Option<&'a NoteItem>,
}

/// The selections as claims to check: positions, and the text each names.
fn claims_of<'a>(pending: &'a [Pending<'a>]) -> Vec<Claim<'a>> {
    pending
        .iter()
        .map(|p| Claim { start: p.start, end: p.end, quote: Some(p.sel.name.as_str()).filter(|n| !n.is_empty()) })
        .collect()
}

/// The project file in the archive: `project.qde`, or the one `.qde` at
/// its root under another name (ATLAS.ti names it after the project).
fn project_entry(zip: &Zip<'_>) -> Option<String> {
    if zip.has("project.qde") {
        return Some("project.qde".to_owned());
    }
    let mut qde = zip.names().into_iter().filter(|n| !n.contains('/') && n.to_lowercase().ends_with(".qde"));
    let first = qde.next()?;
    qde.next().is_none().then_some(first)
}

/// A file of the archive's sources folder (`sources/`, or `Sources/` as
/// some tools write it).
fn read_source(zip: &mut Zip<'_>, name: &str) -> Result<Option<Vec<u8>>, RefiError> {
    for dir in ["sources", "Sources"] {
        if let Some(b) = zip.read(&format!("{dir}/{name}")).map_err(|e| RefiError::Archive(e.to_string()))? {
            return Ok(Some(b));
        }
    }
    Ok(None)
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
    let entry = project_entry(&zip).ok_or(RefiError::NoProject)?;
    let xml = zip.read_string(&entry).map_err(|e| RefiError::Archive(e.to_string()))?.ok_or(RefiError::NoProject)?;
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
        t.category = !c.codable;
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
            let b = read_source(&mut zip, name)?.unwrap_or_default();
            let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b);
            content = String::from_utf8_lossy(b).into_owned();
        }
        note_text.insert(n.guid.to_lowercase(), (n.name.clone(), crate::io::import::normalize_newlines(content)));
    }
    // Notes holding their own selections: annotations of the source that
    // refers to them.
    let annotation_notes: HashMap<String, &NoteItem> =
        parsed.notes.iter().filter(|n| !n.selections.is_empty()).map(|n| (n.guid.to_lowercase(), n)).collect();
    let mut used_notes: HashSet<String> = HashSet::new();
    let note_of = |refs: &[String], used: &mut HashSet<String>| -> Vec<String> {
        let mut parts = Vec::new();
        for r in refs {
            if let Some((_, t)) = note_text.get(&r.to_lowercase()) {
                used.insert(r.to_lowercase());
                // Exactly as written: a round trip must not change a note.
                parts.push(t.clone());
            }
        }
        parts
    };
    // Sources.
    let dir = snapshot::sources_dir(out);
    let mut documents = Vec::new();
    let mut annotations = Vec::new();
    let mut positions = Vec::new();
    let mut sel_ids: HashMap<String, AnnotationId> = HashMap::new();
    let mut source_ids: HashMap<String, DocId> = HashMap::new();
    let mut prepared: Vec<Prepared<'_>> = Vec::new();
    for s in &parsed.sources {
        let label = if s.name.is_empty() { s.guid.clone() } else { s.name.clone() };
        let stored = if let Some(c) = &s.content {
            c.clone()
        } else if let Some(name) = internal(&s.path) {
            match read_source(&mut zip, name) {
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
        let normal = refi_positions::normalize(&stored);
        let path = snapshot::write_new(&dir, snapshot_name(&label), &normal)
            .map_err(|e| RefiError::Write { path: dir.clone(), message: e.to_string() })?;
        let loaded = Loaded::from_text(normal, "UTF-8");
        let mut d = workspace::document_for(out, &path, &loaded);
        d.id = DocId(fresh(&s.guid, "source", &mut warnings));
        source_ids.insert(s.guid.to_lowercase(), d.id);
        d.meta.title.clone_from(&label);
        apply_variables(&mut d, &s.variables);
        // The source's notes: annotations (notes with selections of their
        // own) become passages, the rest its note.
        let (annotation_refs, doc_refs): (Vec<String>, Vec<String>) =
            s.notes.iter().cloned().partition(|r| annotation_notes.contains_key(&r.to_lowercase()));
        let mut parts = vec![crate::io::import::normalize_newlines(s.description.clone())];
        parts.extend(note_of(&doc_refs, &mut used_notes));
        let doc_note = join_parts(parts);
        if !doc_note.is_empty() {
            if !d.note.is_empty() {
                d.note.push_str("\n\n");
            }
            d.note.push_str(&doc_note);
        }
        // Every selection to place: the source's own, then its annotations'.
        let mut pending: Vec<Pending<'_>> = Vec::new();
        let own = s.selections.iter().map(|sel| (sel, None));
        let noted = annotation_refs.iter().filter_map(|r| annotation_notes.get(&r.to_lowercase()).copied());
        let noted = noted.flat_map(|n| n.selections.iter().map(move |sel| (sel, Some(n))));
        for (sel, note) in own.chain(noted) {
            let (Ok(start), Ok(end)) = (sel.start.trim().parse::<usize>(), sel.end.trim().parse::<usize>()) else {
                warnings.push(format!("“{label}”: selection {} has no valid positions; skipped", sel.guid));
                continue;
            };
            if let Some(n) = note {
                used_notes.insert(n.guid.to_lowercase());
            }
            pending.push(Pending { sel, start, end, note });
        }
        prepared.push(Prepared { label, stored, text: loaded.text, doc: d, pending });
    }
    // How the selections count: each source by its own evidence; what
    // it leaves open by what the archive's other sources showed, then by
    // what the tool is known to do.
    let countings: Vec<Counting> =
        prepared.iter().map(|p| refi_positions::place(&p.stored, &p.text, &claims_of(&p.pending), None).0).collect();
    // Synoptic's own archives count as it does, for certain.
    let ours = parsed.origin.trim_start().starts_with("Synoptic");
    let hint =
        Some(Hint { convention: archive_convention(&countings, Convention::known(&parsed.origin)), certain: ours });
    for Prepared { label, stored, text, doc: d, pending } in prepared {
        let (counting, placed) = refi_positions::place(&stored, &text, &claims_of(&pending), hint);
        let mut out_of_range = 0;
        let mut unsure = 0;
        let mut unexplained: Vec<String> = Vec::new();
        for (p, how) in pending.iter().zip(placed) {
            let (range, status) = match how {
                Placed::Sure(r) => (r, AnchorStatus::Exact),
                Placed::Unsure(r) => {
                    unsure += 1;
                    (r, AnchorStatus::NeedsReview)
                }
                Placed::Unexplained(Some(r)) => {
                    unexplained.push(format!("{} “{}”", p.sel.guid, p.sel.name));
                    (r, AnchorStatus::NeedsReview)
                }
                Placed::Unexplained(None) | Placed::OutOfRange => {
                    out_of_range += 1;
                    continue;
                }
            };
            let mut ann = Annotation::new(d.id, Anchor::from_text(&text, range));
            ann.status = status;
            ann.id = AnnotationId(fresh(&p.sel.guid, "selection", &mut warnings));
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&p.sel.created) {
                ann.created = t.with_timezone(&chrono::Utc);
                ann.modified = ann.created;
            }
            for c in &p.sel.codes {
                match code_ids.get(&c.to_lowercase()) {
                    Some(t) => drop(ann.tags.insert(*t)),
                    None => warnings.push(format!("“{label}”: a coding refers to an unknown code {c}")),
                }
            }
            let mut parts = vec![crate::io::import::normalize_newlines(p.sel.description.clone())];
            if let Some(n) = p.note
                && let Some((_, t)) = note_text.get(&n.guid.to_lowercase())
            {
                parts.push(t.clone());
            }
            parts.extend(note_of(&p.sel.notes, &mut used_notes));
            ann.note = join_parts(parts);
            sel_ids.insert(p.sel.guid.to_lowercase(), ann.id);
            annotations.push(ann);
        }
        if out_of_range > 0 {
            warnings.push(format!(
                "“{label}”: {out_of_range} selection(s) lie outside its text ({} characters) and were skipped",
                text.char_len()
            ));
        }
        if !unexplained.is_empty() {
            warnings.push(format!(
                "“{label}”: {} selection(s) do not quote the text they name under any way of counting positions; \
                 imported as needs review where counting with {} puts them: {}",
                unexplained.len(),
                counting.way(),
                unexplained.join(", ")
            ));
        }
        if unsure > 0 {
            warnings.push(format!(
                "“{label}”: {unsure} selection(s) do not name their text and the ways of counting positions disagree \
                 about them; imported as needs review where counting with {} puts them",
                counting.way()
            ));
        }
        positions.push(SourceCounting { title: label, counting });
        documents.push(d);
    }
    // A category some coding uses is an ordinary tag after all.
    for t in &mut tags {
        let used = annotations.iter().filter(|a| a.tags.contains(&t.id)).count();
        if t.category && used > 0 {
            t.category = false;
            warnings.push(format!(
                "code “{}” is marked not codable but {used} coding(s) use it: imported as an ordinary tag",
                t.name
            ));
        }
    }
    // Links between imported selections; a note linked to a selection
    // (NVivo's annotations) is that passage's note.
    let mut relations: Vec<String> = crate::model::link::DEFAULT_RELATIONS.iter().map(|s| (*s).to_owned()).collect();
    let mut links = Vec::new();
    for l in &parsed.links {
        let (origin, target) = (l.origin.to_lowercase(), l.target.to_lowercase());
        let linked_note = match (sel_ids.get(&origin), sel_ids.get(&target)) {
            (Some(a), None) if note_text.contains_key(&target) => Some((*a, target.clone())),
            (None, Some(a)) if note_text.contains_key(&origin) => Some((*a, origin.clone())),
            _ => None,
        };
        if let Some((a, note)) = linked_note {
            if let Some(ann) = annotations.iter_mut().find(|x| x.id == a) {
                let text = note_text.get(&note).map(|(_, t)| t.clone()).unwrap_or_default();
                ann.note = join_parts([std::mem::take(&mut ann.note), text]);
                used_notes.insert(note);
            }
            continue;
        }
        let (Some(from), Some(to)) = (sel_ids.get(&origin), sel_ids.get(&target)) else {
            warnings.push(format!("link {} skipped: it does not join two text selections", l.guid));
            continue;
        };
        let relation = if l.name.trim().is_empty() { "related".to_owned() } else { l.name.trim().to_owned() };
        if !relations.contains(&relation) {
            relations.push(relation.clone());
        }
        let mut link = Link::new(*from, *to, relation);
        link.id = LinkId(fresh(&l.guid, "link", &mut warnings));
        link.note = join_parts(note_of(&l.notes, &mut used_notes));
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
    let description = crate::io::import::normalize_newlines(parsed.description.clone());
    if !description.trim().is_empty() {
        memos.push(Memo::new("Project description", description));
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
    Ok(Imported { project, warnings, positions })
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
        let entry = project_entry(&zip).ok_or(RefiError::NoProject)?;
        zip.read_string(&entry).map_err(|e| RefiError::Archive(e.to_string()))?.ok_or(RefiError::NoProject)?
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
        t.category = !c.codable;
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
