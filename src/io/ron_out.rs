//! Writing the project file.
//!
//! The output has exactly the layout `ron`'s pretty printer gives it (two
//! spaces, one field per line down to each item, inner structs on one line),
//! but is written directly: `ron`'s generic serializer spends ~10 µs per
//! annotation, which made saving 10,000 annotations take ~100 ms. Strings are
//! escaped as `ron` escapes them (`char::escape_debug`), so `ron` reads
//! everything back; the round-trip tests check that on hostile strings.

use std::fmt::Write as _;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use rayon::prelude::*;
use uuid::Uuid;

use super::progress::Progress;

use crate::model::{Annotation, DocSet, Document, Layout, Link, Memo, Origin, Place, RowChoice, Tag};

/// The sections of a project file, each already in file order.
pub struct Parts<'a> {
    /// Documents.
    pub documents: &'a [&'a Document],
    /// Tags, parents before children.
    pub tags: &'a [&'a Tag],
    /// Annotations.
    pub annotations: &'a [&'a Annotation],
    /// Memos.
    pub memos: &'a [&'a Memo],
    /// Relation types, written only when they differ from the defaults.
    pub relations: Option<&'a [String]>,
    /// Links, written only when there are some (so a project without links
    /// stays readable by builds that predate them).
    pub links: &'a [&'a Link],
    /// Document sets, written only when there are some.
    pub sets: &'a [&'a DocSet],
    /// The user's choices about the synopsis' rows, written only when
    /// there are some.
    pub choices: &'a [&'a RowChoice],
    /// Pane layout.
    pub layout: &'a Layout,
}

/// Annotations formatted per task on one thread.
const CHUNK: usize = 2048;

/// Annotations formatted (on all cores) before they are written out, so
/// that the text of a million never sits in memory at once.
const WINDOW: usize = 32 * CHUNK;

/// RON text of a whole project file (fields in file order).
pub fn project(version: u32, parts: &Parts<'_>) -> String {
    let mut bytes = Vec::with_capacity(4096 + parts.annotations.len() * 640);
    // Writing to a `Vec` cannot fail.
    let _ = write(version, parts, &mut bytes, &Progress::new());
    // Everything written is pushed as `str`.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Write the project file's text (fields in file order) to `w`, counting
/// the annotations on `progress` as they are written.
///
/// The annotations are formatted a window at a time, in chunks on all
/// cores, while a thread of its own writes the window before (writing to
/// disk waits on the disk more than on a core); the text is the same as
/// formatting them one after another, and never more than a few windows
/// of it are in memory.
pub fn write(version: u32, parts: &Parts<'_>, w: &mut (dyn Write + Send), progress: &Progress) -> std::io::Result<()> {
    let Parts { documents, tags, annotations, memos, relations, links, sets, choices, layout } = *parts;
    let mut o = Out(String::with_capacity(4096));
    o.0.push_str("(\n");
    let _ = writeln!(o.0, "  format_version: {version},");
    o.list("documents", documents, |w, d| document(w, d));
    o.list("tags", tags, |w, t| tag(w, t));
    if annotations.is_empty() {
        o.0.push_str("  annotations: [],\n");
    } else {
        o.0.push_str("  annotations: [\n");
        w.write_all(o.0.as_bytes())?;
        o.0.clear();
        write_annotations(annotations, w, progress)?;
        o.0.push_str("  ],\n");
    }
    o.list("memos", memos, |w, m| {
        w.field("id", |w| w.quoted(&m.id));
        w.field("title", |w| w.string(&m.title));
        w.field("text", |w| w.string(&m.text));
        w.field("created", |w| w.time(&m.created));
        w.field("modified", |w| w.time(&m.modified));
    });
    relations_and_links(&mut o, relations, links);
    doc_sets(&mut o, sets);
    row_choices(&mut o, choices);
    o.0.push_str("  layout: (\n");
    if layout.panes.is_empty() {
        o.0.push_str("    panes: [],\n");
    } else {
        o.0.push_str("    panes: [\n");
        for p in &layout.panes {
            let _ = writeln!(o.0, "      (doc: \"{}\", width: {:?}, scroll: {}),", p.doc, p.width, p.scroll.0);
        }
        o.0.push_str("    ],\n");
    }
    let _ = writeln!(o.0, "    scroll_lock: {},", layout.scroll_lock);
    o.0.push_str("  ),\n)\n");
    w.write_all(o.0.as_bytes())
}

/// The annotation items, formatted in parallel and written in order by a
/// writer thread; the windows' buffers go back and forth between the two.
fn write_annotations(
    annotations: &[&Annotation],
    w: &mut (dyn Write + Send),
    progress: &Progress,
) -> std::io::Result<()> {
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<(Vec<String>, usize)>(2);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<String>>();
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> std::io::Result<()> {
            for (texts, n) in full_rx {
                for t in &texts {
                    w.write_all(t.as_bytes())?;
                }
                progress.advance(n as u64);
                // The formatting side may have finished already.
                let _ = empty_tx.send(texts);
            }
            Ok(())
        });
        for window in annotations.chunks(WINDOW) {
            let mut texts = empty_rx.try_recv().unwrap_or_default();
            texts.resize_with(window.len().div_ceil(CHUNK), String::new);
            texts.par_iter_mut().zip(window.par_chunks(CHUNK)).for_each(|(t, chunk)| {
                let mut o = Out(std::mem::take(t));
                o.0.clear();
                for a in chunk {
                    o.item(a, |w, a| annotation(w, a));
                }
                *t = o.0;
            });
            if full_tx.send((texts, window.len())).is_err() {
                break; // the writer stopped on an error, which it returns
            }
        }
        drop(full_tx);
        writer.join().unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")))
    })
}

fn document(w: &mut Out, d: &Document) {
    w.field("id", |w| w.quoted(&d.id));
    w.field("path", |w| w.string(&d.path));
    w.field("meta", |w| {
        let m = &d.meta;
        w.0.push_str("(title: ");
        w.string(&m.title);
        w.0.push_str(", source: ");
        w.string(&m.source);
        w.0.push_str(", author: ");
        w.string(&m.author);
        w.0.push_str(", date: ");
        w.string(&m.date);
        w.0.push_str(", url: ");
        w.string(&m.url);
        if !m.lang.is_empty() {
            w.0.push_str(", lang: ");
            w.string(&m.lang);
        }
        w.0.push(')');
    });
    w.field("note", |w| w.string(&d.note));
    w.field("encoding", |w| w.string(&d.encoding));
    w.field("hash", |w| w.string(&d.hash));
    w.field("char_len", |w| w.number(d.char_len));
    if let Some(o) = &d.origin {
        w.field("origin", |w| origin(w, o));
    }
}

fn tag(w: &mut Out, t: &Tag) {
    w.field("id", |w| w.quoted(&t.id));
    w.field("name", |w| w.string(&t.name));
    w.field("color", |w| w.quoted(&t.color));
    w.field("description", |w| w.option(t.description.as_deref(), Out::string));
    w.field("parent", |w| w.option(t.parent.map(|p| p.to_string()).as_deref(), Out::string));
    w.field("order", |w| w.number(t.order as usize));
    if t.category {
        w.field("category", |w| w.0.push_str("true"));
    }
}

fn annotation(w: &mut Out, a: &Annotation) {
    w.field("id", |w| w.uuid(&a.id.0));
    w.field("doc", |w| w.uuid(&a.doc.0));
    w.field("anchor", |w| {
        let an = &a.anchor;
        let _ = write!(w.0, "(range: (start: {}, end: {}), exact: ", an.range.start.0, an.range.end.0);
        w.string(&an.exact);
        w.0.push_str(", prefix: ");
        w.string(&an.prefix);
        w.0.push_str(", suffix: ");
        w.string(&an.suffix);
        w.0.push(')');
    });
    w.field("status", |w| {
        let _ = write!(w.0, "{:?}", a.status);
    });
    w.field("previous_quote", |w| w.option(a.previous_quote.as_deref(), Out::string));
    w.field("tags", |w| w.ids(a.tags.iter().map(|t| &t.0)));
    w.field("note", |w| w.string(&a.note));
    w.field("created", |w| w.time(&a.created));
    w.field("modified", |w| w.time(&a.modified));
}

fn origin(w: &mut Out, o: &Origin) {
    w.0.push_str("Some((path: ");
    w.string(&o.path);
    w.0.push_str(", hash: ");
    w.string(&o.hash);
    w.0.push_str(", importer: ");
    w.string(&o.importer);
    w.0.push_str(", version: ");
    w.string(&o.version);
    w.0.push_str(", imported: ");
    w.time(&o.imported);
    if !o.fetched_from.is_empty() {
        w.0.push_str(", fetched_from: ");
        w.string(&o.fetched_from);
    }
    if !o.pages.is_empty() {
        w.0.push_str(", pages: [");
        for (i, p) in o.pages.iter().enumerate() {
            if i > 0 {
                w.0.push_str(", ");
            }
            w.number(*p);
        }
        w.0.push(']');
    }
    w.0.push_str("))");
}

fn relations_and_links(w: &mut Out, relations: Option<&[String]>, links: &[&Link]) {
    if let Some(list) = relations {
        w.0.push_str("  relations: [");
        for (i, r) in list.iter().enumerate() {
            if i > 0 {
                w.0.push_str(", ");
            }
            w.string(r);
        }
        w.0.push_str("],\n");
    }
    if !links.is_empty() {
        w.list("links", links, |w, l| {
            w.field("id", |w| w.quoted(&l.id));
            w.field("from", |w| w.quoted(&l.from));
            w.field("to", |w| w.quoted(&l.to));
            w.field("relation", |w| w.string(&l.relation));
            w.field("note", |w| w.string(&l.note));
            w.field("created", |w| w.time(&l.created));
            w.field("modified", |w| w.time(&l.modified));
        });
    }
}

fn doc_sets(w: &mut Out, sets: &[&DocSet]) {
    if sets.is_empty() {
        return;
    }
    w.list("sets", sets, |w, s| {
        w.field("id", |w| w.quoted(&s.id));
        w.field("name", |w| w.string(&s.name));
        w.field("docs", |w| w.ids(s.docs.iter().map(|d| &d.0)));
    });
}

fn row_choices(w: &mut Out, choices: &[&RowChoice]) {
    if choices.is_empty() {
        return;
    }
    let places = |w: &mut Out, list: &[Place]| {
        w.0.push('[');
        for (i, p) in list.iter().enumerate() {
            if i > 0 {
                w.0.push_str(", ");
            }
            w.0.push_str("(doc: ");
            w.uuid(&p.doc.0);
            let _ = write!(w.0, ", range: (start: {}, end: {}), quote: ", p.range.start.0, p.range.end.0);
            w.string(&p.quote);
            w.0.push(')');
        }
        w.0.push(']');
    };
    w.list("choices", choices, |w, c| {
        w.field("id", |w| w.quoted(&c.id));
        w.field("kind", |w| {
            let _ = write!(w.0, "{:?}", c.kind);
        });
        w.field("a", |w| places(w, &c.a));
        w.field("b", |w| places(w, &c.b));
    });
}

struct Out(String);

impl Out {
    /// `  name: [` … `  ],` with one `(…)` block per item.
    fn list<T>(&mut self, name: &str, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            let _ = writeln!(self.0, "  {name}: [],");
            return;
        }
        let _ = writeln!(self.0, "  {name}: [");
        for it in items {
            self.item(it, &mut item);
        }
        self.0.push_str("  ],\n");
    }

    /// One `(…)` block of a list.
    fn item<T>(&mut self, it: &T, mut item: impl FnMut(&mut Self, &T)) {
        self.0.push_str("    (\n");
        item(self, it);
        self.0.push_str("    ),\n");
    }

    fn field(&mut self, name: &str, value: impl FnOnce(&mut Self)) {
        self.0.push_str("      ");
        self.0.push_str(name);
        self.0.push_str(": ");
        value(self);
        self.0.push_str(",\n");
    }

    /// An id or colour: its text, quoted.
    fn quoted(&mut self, v: &impl std::fmt::Display) {
        let _ = write!(self.0, "\"{v}\"");
    }

    /// An id, quoted: what `quoted` writes (a UUID's `Display` is its
    /// hyphenated lower-case form) without going through `fmt`, which was a
    /// tenth of the time spent formatting a million annotations.
    fn uuid(&mut self, id: &Uuid) {
        self.0.push('"');
        self.0.push_str(id.hyphenated().encode_lower(&mut Uuid::encode_buffer()));
        self.0.push('"');
    }

    /// `["id", "id"]`.
    fn ids<'u>(&mut self, ids: impl IntoIterator<Item = &'u Uuid>) {
        self.0.push('[');
        for (i, id) in ids.into_iter().enumerate() {
            if i > 0 {
                self.0.push_str(", ");
            }
            self.uuid(id);
        }
        self.0.push(']');
    }

    fn number(&mut self, v: usize) {
        let _ = write!(self.0, "{v}");
    }

    fn string(&mut self, s: &str) {
        self.0.push('"');
        // Copy runs of printable ASCII as they are; escape the rest char by
        // char exactly as `ron` does.
        let mut rest = s;
        while let Some(i) = rest.bytes().position(|b| !(0x20..0x7f).contains(&b) || matches!(b, b'"' | b'\\' | b'\'')) {
            self.0.push_str(&rest[..i]);
            let c = rest[i..].chars().next().unwrap_or_default();
            self.0.extend(c.escape_debug());
            rest = &rest[i + c.len_utf8()..];
        }
        self.0.push_str(rest);
        self.0.push('"');
    }

    fn option(&mut self, v: Option<&str>, some: impl FnOnce(&mut Self, &str)) {
        match v {
            Some(s) => {
                self.0.push_str("Some(");
                some(self, s);
                self.0.push(')');
            }
            None => self.0.push_str("None"),
        }
    }

    fn time(&mut self, t: &DateTime<Utc>) {
        self.0.push('"');
        self.0.push_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
        self.0.push('"');
    }
}
