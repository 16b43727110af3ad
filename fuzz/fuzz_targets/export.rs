//! Every exporter on any project: never panics; reports never let what a
//! user wrote through as markup, CSV cells never start a formula, and a
//! REFI-QDA export imports back with every document, passage and memo.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use synoptic::io::export::{self, Format, Options, refi_import};
use synoptic::io::import::normalize_newlines;
use synoptic::model::{
    Anchor, Annotation, CharRange, DocId, DocSet, Document, Edit, Link, Memo, Project, Rgb, SourceText, Tag,
};

#[derive(Arbitrary, Debug)]
struct Input {
    docs: Vec<(String, String, String)>,
    tags: Vec<(String, u8, Option<u8>)>,
    passages: Vec<(u8, u16, u16, u8, String)>,
    links: Vec<(u8, u8, String)>,
    memos: Vec<(String, String)>,
    sets: Vec<(String, u8)>,
}

/// What a user wrote, marked so that it is found if it gets through as
/// markup (`<fz>`) or as a formula (`=`).
fn typed(s: &str) -> String {
    format!("=<fz>{s}")
}

fn build(input: &Input) -> (Project, BTreeMap<DocId, SourceText>) {
    let mut edits = Vec::new();
    let mut texts = BTreeMap::new();
    let mut docs = Vec::new();
    for (i, (title, text, note)) in input.docs.iter().take(4).enumerate() {
        let mut d = Document::new(format!("{i}.txt"));
        d.meta.title = typed(title);
        d.meta.source = typed(note);
        d.note = typed(note);
        let st = SourceText::new(normalize_newlines(format!("{text}\n{}", typed(text))));
        d.char_len = st.char_len();
        docs.push((d.id, st.char_len()));
        texts.insert(d.id, st);
        edits.push(Project::add_document_edit(d));
    }
    if docs.is_empty() {
        return (Project::new(), texts);
    }
    let mut tags = Vec::new();
    for (i, (name, color, parent)) in input.tags.iter().take(8).enumerate() {
        let mut t = Tag::new(format!("{i} {}", typed(name)).trim(), Rgb::palette(usize::from(*color)));
        t.parent = parent.map(usize::from).filter(|p| *p < i).map(|p| tags[p]);
        t.order = i as u32;
        tags.push(t.id);
        edits.push(Project::add_tag_edit(t));
    }
    let mut anns = Vec::new();
    for (d, s, e, t, note) in input.passages.iter().take(16) {
        let (doc, len) = docs[usize::from(*d) % docs.len()];
        let (s, e) = (usize::from(*s) % (len + 1), usize::from(*e) % (len + 1));
        let mut a = Annotation::new(doc, Anchor::from_text(&texts[&doc], CharRange::new(s, e)));
        if !tags.is_empty() && t % 3 != 0 {
            a.tags.insert(tags[usize::from(*t) % tags.len()]);
        }
        a.note = typed(note);
        anns.push(a.id);
        edits.push(Project::add_annotation_edit(a));
    }
    for (x, y, note) in input.links.iter().take(4) {
        if anns.len() < 2 {
            break;
        }
        let (a, b) = (anns[usize::from(*x) % anns.len()], anns[usize::from(*y) % anns.len()]);
        if a != b {
            let mut l = Link::new(a, b, "quotes");
            l.note = typed(note);
            edits.push(Edit::Link { id: l.id, value: Some(Box::new(l)) });
        }
    }
    for (title, text) in input.memos.iter().take(3) {
        edits.push(Project::add_memo_edit(Memo::new(typed(title), typed(text))));
    }
    for (name, members) in input.sets.iter().take(3) {
        let mut set = DocSet::new(typed(name).trim());
        set.docs.extend(docs.iter().enumerate().filter(|(j, _)| members >> j & 1 == 1).map(|(_, d)| d.0));
        edits.push(Project::add_set_edit(set));
    }
    let mut p = Project::new();
    // An input the model refuses (two tags of one name, say) is not an export case.
    if p.apply(Edit::Batch(edits)).is_err() {
        return (Project::new(), BTreeMap::new());
    }
    (p, texts)
}

fuzz_target!(|input: Input| {
    let (project, texts) = build(&input);
    let text = |d: DocId| texts.get(&d);
    for format in Format::ALL {
        let out = export::render(&project, &text, &Options::new(format, typed("title"))).expect("export in memory");
        for (suffix, bytes) in &out {
            match format {
                Format::Html | Format::Markdown => {
                    let s = std::str::from_utf8(bytes).expect("a report is UTF-8");
                    assert!(!s.contains("<fz>"), "{format:?}{suffix}: user text let through as markup");
                }
                Format::Csv => {
                    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[..]);
                    for row in r.records() {
                        let row = row.expect("the CSV reads back");
                        assert!(row.iter().all(|c| !c.starts_with('=')), "{suffix}: a cell starts a formula: {row:?}");
                    }
                }
                _ => {}
            }
        }
        if format == Format::Qdpx && project.documents().count() > 0 {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let back = refi_import::import_qdpx_bytes(&out[0].1, &dir.path().join("back.synoptic.ron"))
                .expect("our own export imports");
            assert_eq!(back.project.documents().count(), project.documents().count(), "documents");
            assert_eq!(back.project.annotations().count(), project.annotations().count(), "passages");
            assert_eq!(back.project.memos().count(), project.memos().count(), "memos");
        }
    }
});
