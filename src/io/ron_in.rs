//! Reading the annotation list of a project file fast.
//!
//! `ron`'s deserializer reads about 34 MB/s, so a project of a million
//! annotations (585 MiB) took 17 s to open. The annotations are nearly all
//! of a big file and always have one shape, so this module reads that shape
//! itself. It is hand-written because there is nothing to reuse: `ron` is
//! the only RON parser, and serde gives a `Deserialize` impl no way past
//! `ron`'s tokenizer.
//!
//! It reads only what `ron` certainly reads the same way — the layout
//! `ron_out` writes, with any spaces, tabs and line breaks between tokens,
//! a trailing comma or none — and gives up (`None`) at anything else: a
//! comment, a field it does not expect or out of order, a named struct, an
//! escape `ron_out` never writes, a number with a sign, a leading zero or
//! `_`, an id or a time that does not parse. The loader then reads the whole
//! file with `ron`, so errors (with their line and column), unknown fields
//! and newer formats are reported exactly as before: this path only has to
//! agree with `ron` on the files both accept, which the equivalence tests
//! in `tests/project_file.rs` check on generated projects.
//!
//! The list is read in chunks on all cores (see [`annotation_list`]).

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use crate::model::Anchor;
use crate::model::{AnchorStatus, Annotation, AnnotationId, CharIdx, CharRange, DocId, TagId};

/// Where the top-level `annotations` list starts (the byte of its `[`), when
/// the file up to it is a plain RON struct: no comments, char literals,
/// raw strings or attributes before it, which could hide or fake the field.
pub(super) fn find_list(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while b.get(i).is_some_and(|c| is_ws(*c)) {
        i += 1;
    }
    if b.get(i) != Some(&b'(') {
        return None;
    }
    i += 1;
    let mut depth = 1usize;
    let mut expect_key = true;
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'"' => {
                if i > 0 && is_ident(b[i - 1]) {
                    return None; // r"…", b"…"
                }
                i += 1;
                loop {
                    // A `\` as the last byte leaves `i` past the end.
                    let j = memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
                    if b[i + j] == b'"' {
                        i += j + 1;
                        break;
                    }
                    i += j + 2;
                }
                expect_key = false;
            }
            b'\'' | b'/' | b'#' => return None,
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
                expect_key = false;
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
                i += 1;
            }
            b',' => {
                expect_key = depth == 1;
                i += 1;
            }
            c if expect_key && is_ident(c) => {
                let start = i;
                while b.get(i).is_some_and(|c| is_ident(*c)) {
                    i += 1;
                }
                expect_key = false;
                if &b[start..i] == b"annotations" {
                    let mut cur = Cur { s: text, b, i };
                    cur.tok(b':')?;
                    cur.ws();
                    return (b.get(cur.i) == Some(&b'[')).then_some(cur.i);
                }
            }
            _ => {
                i += 1;
                expect_key = false;
            }
        }
    }
    None
}

/// Items per chunk read on one thread; progress is reported per chunk.
const CHUNK_BYTES: usize = 4 << 20;

/// Read the annotation list whose `[` is at `at`: the annotations and the
/// byte just past its `]`. `progress` is told how many bytes of the list
/// have been read, from any thread.
///
/// The list is cut into chunks of about [`CHUNK_BYTES`] where a line starts
/// a new item (`(` alone on its line after a `,`), and the chunks are read
/// in parallel. A cut inside a string that happens to look like that makes
/// the chunk before it end inside an item, which fails; only a list whose
/// every chunk ends exactly where the next begins is taken, so the result is
/// what reading it from start to end gives.
pub(super) fn annotation_list(
    text: &str,
    at: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Option<(Vec<Annotation>, usize)> {
    list_in_chunks(text, at, progress, CHUNK_BYTES)
}

/// [`annotation_list`] with chunks of about `chunk` bytes.
fn list_in_chunks(
    text: &str,
    at: usize,
    progress: &(dyn Fn(usize) + Sync),
    chunk: usize,
) -> Option<(Vec<Annotation>, usize)> {
    let b = text.as_bytes();
    let mut cur = Cur { s: text, b, i: at };
    cur.eat(b'[')?;
    let first = cur.i;
    let cuts = cuts(b, first, chunk);
    let chunks: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    let parts: Vec<Option<Chunk>> = chunks
        .par_iter()
        .map(|r| {
            let part = items(text, r.start, r.end);
            progress(r.end - r.start);
            part
        })
        .collect();
    let mut out = Vec::with_capacity(parts.iter().flatten().map(|c| c.items.len()).sum());
    for p in parts {
        let Chunk { items, closed } = p?;
        out.extend(items);
        if let Some(end) = closed {
            // Chunks past the list (memos, links) are not annotations.
            return Some((out, end));
        }
    }
    None
}

/// The items of one chunk, and the byte after the list's `]` when the list
/// ends in it.
struct Chunk {
    items: Vec<Annotation>,
    closed: Option<usize>,
}

/// Where the chunks of a list starting at `first` begin: `first`, then the
/// start of an item line (`    (`) after about every `chunk` bytes, then
/// the end of the text.
fn cuts(b: &[u8], first: usize, chunk: usize) -> Vec<usize> {
    const ITEM: &[u8] = b",\n    (\n";
    let finder = memchr::memmem::Finder::new(ITEM);
    let mut cuts = vec![first];
    let mut at = first + chunk;
    while at < b.len() {
        let Some(j) = finder.find(&b[at..]) else { break };
        let cut = at + j + 2; // the item line, after ",\n"
        cuts.push(cut);
        at = cut + chunk;
    }
    cuts.push(b.len());
    cuts
}

/// Items from `start`, which is the start of the list or just after an
/// item's comma. The chunk ends where the list does, or exactly at `until`
/// (give or take white space) after an item's comma; an item that runs past
/// `until` is a failure.
fn items(text: &str, start: usize, until: usize) -> Option<Chunk> {
    let mut c = Cur { s: text, b: text.as_bytes(), i: start };
    let mut items = Vec::with_capacity((until - start) / 400);
    c.ws();
    if c.eat(b']').is_some() {
        return Some(Chunk { items, closed: Some(c.i) });
    }
    loop {
        items.push(c.annotation()?);
        c.ws();
        if c.eat(b',').is_none() {
            c.eat(b']')?;
            return Some(Chunk { items, closed: Some(c.i) });
        }
        c.ws();
        if c.eat(b']').is_some() {
            return Some(Chunk { items, closed: Some(c.i) });
        }
        if c.i >= until {
            return text.as_bytes()[until..c.i].iter().all(|b| is_ws(*b)).then_some(Chunk { items, closed: None });
        }
    }
}

const fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

const fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A cursor over the text. `i` is always on a char boundary: it only moves
/// past ASCII bytes it has checked, or to a `"` or `\` found by search.
struct Cur<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(|c| is_ws(*c)) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// `c` after optional white space.
    fn tok(&mut self, c: u8) -> Option<()> {
        self.ws();
        self.eat(c)
    }

    /// `name:` after optional white space, and the space after it.
    fn key(&mut self, name: &str) -> Option<()> {
        self.ws();
        self.b[self.i..].starts_with(name.as_bytes()).then(|| self.i += name.len())?;
        self.tok(b':')?;
        self.ws();
        Some(())
    }

    /// The end of a struct: an optional trailing comma, then `)`.
    fn end(&mut self) -> Option<()> {
        self.ws();
        if self.eat(b',').is_some() {
            self.ws();
        }
        self.eat(b')')
    }

    fn ident(&mut self) -> &'a str {
        let start = self.i;
        while self.b.get(self.i).is_some_and(|c| is_ident(*c)) {
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    /// A plain decimal number, no sign, no leading zero, no `_`.
    fn number(&mut self) -> Option<usize> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let d = &self.s[start..self.i];
        if d.is_empty() || d.len() > 19 || (d.len() > 1 && d.starts_with('0')) {
            return None;
        }
        d.parse().ok()
    }

    /// A string without escapes, borrowed.
    fn plain(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let j = memchr::memchr2(b'"', b'\\', &self.b[self.i..])?;
        if self.b[self.i + j] != b'"' {
            return None;
        }
        let s = &self.s[self.i..self.i + j];
        self.i += j + 1;
        Some(s)
    }

    /// A string, with the escapes `ron` reads (`\'`, `\"`, `\\`, `\n`,
    /// `\r`, `\t`, `\0`, `\u{…}`) decoded as it decodes them. `\x` escapes
    /// and line continuations, which `ron_out` never writes, are left to
    /// `ron`.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let j = memchr::memchr2(b'"', b'\\', &self.b[self.i..])?;
            out.push_str(&self.s[self.i..self.i + j]);
            let at = self.i + j;
            self.i = at + 1;
            if self.b[at] == b'"' {
                return Some(out);
            }
            let e = *self.b.get(self.i)?;
            self.i += 1;
            let c = match e {
                b'\'' => '\'',
                b'"' => '"',
                b'\\' => '\\',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                b'u' => {
                    // As `ron`: `{`, one to six hex digits, `}`, a char.
                    self.eat(b'{')?;
                    let start = self.i;
                    while self.i - start < 6 && self.b.get(self.i).is_some_and(u8::is_ascii_hexdigit) {
                        self.i += 1;
                    }
                    let hex = &self.s[start..self.i];
                    self.eat(b'}')?;
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            };
            out.push(c);
        }
    }

    fn uuid(&mut self) -> Option<uuid::Uuid> {
        self.plain()?.parse().ok()
    }

    /// A time as chrono's serde impl reads it: RFC 3339, any offset, in UTC.
    fn time(&mut self) -> Option<DateTime<Utc>> {
        Some(self.plain()?.parse::<DateTime<FixedOffset>>().ok()?.with_timezone(&Utc))
    }

    fn annotation(&mut self) -> Option<Annotation> {
        self.tok(b'(')?;
        self.key("id")?;
        let id = AnnotationId(self.uuid()?);
        self.tok(b',')?;
        self.key("doc")?;
        let doc = DocId(self.uuid()?);
        self.tok(b',')?;
        self.key("anchor")?;
        let anchor = self.anchor()?;
        self.tok(b',')?;
        self.key("status")?;
        let status = match self.ident() {
            "Exact" => AnchorStatus::Exact,
            "Moved" => AnchorStatus::Moved,
            "NeedsReview" => AnchorStatus::NeedsReview,
            "Orphaned" => AnchorStatus::Orphaned,
            _ => return None,
        };
        self.tok(b',')?;
        self.key("previous_quote")?;
        let previous_quote = match self.ident() {
            "None" => None,
            "Some" => {
                self.tok(b'(')?;
                self.ws();
                let s = self.string()?;
                self.end()?;
                Some(s)
            }
            _ => return None,
        };
        self.tok(b',')?;
        self.key("tags")?;
        let tags = self.tags()?;
        self.tok(b',')?;
        self.key("note")?;
        let note = self.string()?;
        self.tok(b',')?;
        self.key("created")?;
        let created = self.time()?;
        self.tok(b',')?;
        self.key("modified")?;
        let modified = self.time()?;
        self.end()?;
        Some(Annotation { id, doc, anchor, status, previous_quote, tags, note, created, modified })
    }

    fn anchor(&mut self) -> Option<Anchor> {
        self.eat(b'(')?;
        self.key("range")?;
        self.eat(b'(')?;
        self.key("start")?;
        let start = self.number()?;
        self.tok(b',')?;
        self.key("end")?;
        let end = self.number()?;
        self.end()?;
        self.tok(b',')?;
        self.key("exact")?;
        let exact = self.string()?;
        self.tok(b',')?;
        self.key("prefix")?;
        let prefix = self.string()?;
        self.tok(b',')?;
        self.key("suffix")?;
        let suffix = self.string()?;
        self.end()?;
        Some(Anchor { range: CharRange { start: CharIdx(start), end: CharIdx(end) }, exact, prefix, suffix })
    }

    fn tags(&mut self) -> Option<BTreeSet<TagId>> {
        self.eat(b'[')?;
        let mut tags = BTreeSet::new();
        self.ws();
        if self.eat(b']').is_some() {
            return Some(tags);
        }
        loop {
            tags.insert(TagId(self.uuid()?));
            self.ws();
            if self.eat(b',').is_some() {
                self.ws();
                if self.eat(b']').is_some() {
                    return Some(tags);
                }
            } else {
                self.eat(b']')?;
                return Some(tags);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Project, Tag};

    /// A project whose notes hold what could confuse a reader: escapes,
    /// non-ASCII text, and (with `literal`) raw line breaks that look like
    /// the start of an item, which only hand-written files have.
    fn sample(n: usize) -> Project {
        let mut p = Project::new();
        let d = Document::new("a.txt");
        let doc = d.id;
        p.apply(Project::add_document_edit(d)).expect("doc");
        let t = Tag::new("code", crate::model::Rgb::palette(0));
        let tag = t.id;
        p.apply(Project::add_tag_edit(t)).expect("tag");
        for i in 0..n {
            let mut a = Annotation::new(
                doc,
                Anchor {
                    range: CharRange::new(i, i + 3),
                    exact: format!("quote {i} \"é\" \\ \u{1F600}\t"),
                    prefix: "before,\n    (\n".into(),
                    suffix: String::new(),
                },
            );
            if i % 2 == 0 {
                a.tags.insert(tag);
                a.previous_quote = Some("was\r\n'this'\0".into());
            }
            a.note = "n\u{7f}\u{200b}".repeat(i % 4);
            p.apply(Project::add_annotation_edit(a)).expect("annotation");
        }
        p
    }

    fn in_file_order(text: &str) -> Vec<Annotation> {
        let at = find_list(text).expect("the list is found");
        let (v, end) = list_in_chunks(text, at, &|_| {}, 300).expect("the writer's output is read");
        assert!(text[end..].trim_start().starts_with(",\n  memos:") || text[end..].starts_with(','), "ends after ]");
        v
    }

    #[test]
    fn reads_what_the_writer_writes_in_small_chunks() {
        let p = sample(200);
        let text = crate::io::project_file::to_ron(&p);
        let v = in_file_order(&text);
        assert_eq!(v.len(), 200, "all read");
        for a in &v {
            assert_eq!(Some(a), p.annotation(a.id), "read as written");
        }
    }

    #[test]
    fn a_cut_inside_a_string_is_not_taken_for_an_item() {
        // Raw line breaks in a string, laid out like the start of an item:
        // `ron` reads them, and so must this reader, or give up.
        let p = sample(60);
        let text = crate::io::project_file::to_ron(&p).replace("before,\\n    (\\n", "before,\n    (\n");
        assert!(text.contains("before,\n    (\n"), "the look-alike is in the file");
        let at = find_list(&text).expect("list");
        for chunk in [1, 50, 300, 1000, 5000] {
            if let Some((v, _)) = list_in_chunks(&text, at, &|_| {}, chunk) {
                assert_eq!(v.len(), 60, "chunk {chunk}: every item once");
                for a in &v {
                    assert_eq!(a.anchor.prefix, "before,\n    (\n", "chunk {chunk}: the string as it is");
                }
            }
        }
    }

    #[test]
    fn gives_up_on_what_it_does_not_know() {
        let text = crate::io::project_file::to_ron(&sample(3));
        for (from, to) in [
            ("status: Exact", "status: Exact /* c */"),
            ("status: Exact", "status: Exactly"),
            ("range: (start: 1,", "range: (start: 01,"),
            ("range: (start: 1,", "range: (start: +1,"),
            ("note: \"", "note: r\""),
            ("      created:", "      extra: 1,\n      created:"),
            ("previous_quote: None", "previous_quote: Some(None)"),
            ("\\t\"", "\\x41\""),
        ] {
            let bad = text.replacen(from, to, 1);
            assert_ne!(bad, text, "{from} is in the file");
            let read = find_list(&bad).and_then(|at| annotation_list(&bad, at, &|_| {}));
            assert!(read.is_none(), "{to}: left to ron");
        }
        assert!(find_list("// comment\n(format_version: 1, annotations: [])").is_none(), "comment before");
        assert!(find_list("(format_version: 1, note: \"annotations: [\")").is_none(), "only in a string");
        assert!(find_list("Project(format_version: 1, annotations: [])").is_none(), "named struct");
    }
}
