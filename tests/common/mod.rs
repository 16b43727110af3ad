//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod http;
pub mod ui;

use synoptic::model::{Anchor, Annotation, CharRange, Document, Memo, Project, Rgb, SourceText, Tag};

/// A small project: two documents, a nested codebook, overlapping annotations.
pub fn sample_project() -> Project {
    let mut p = Project::new();
    let text = SourceText::new(
        "The quick brown fox jumps over the lazy dog.\n\nA second paragraph, with “quotes”.".to_owned(),
    );
    let mut d1 = Document::new("a.txt");
    d1.char_len = text.char_len();
    d1.hash = "h1".into();
    let d2 = Document::new("sub/b.md");
    let mut claims = Tag::new("Claims", Rgb::palette(0));
    claims.description = Some("What the sources assert".into());
    let mut sub = Tag::new("Disputed", Rgb::palette(1));
    sub.parent = Some(claims.id);
    let quotes = Tag::new("Quotes", Rgb::palette(2));
    let mut a1 = Annotation::new(d1.id, Anchor::from_text(&text, CharRange::new(4, 19)));
    a1.tags.insert(claims.id);
    a1.note = "first note\nwith two lines".into();
    let mut a2 = Annotation::new(d1.id, Anchor::from_text(&text, CharRange::new(10, 30)));
    a2.tags.insert(sub.id);
    a2.tags.insert(quotes.id);
    let a3 = Annotation::new(d2.id, Anchor::default());
    for e in [
        Project::add_document_edit(d1),
        Project::add_document_edit(d2),
        Project::add_tag_edit(claims),
        Project::add_tag_edit(sub),
        Project::add_tag_edit(quotes),
        Project::add_annotation_edit(a1),
        Project::add_annotation_edit(a2),
        Project::add_annotation_edit(a3),
        Project::add_memo_edit(Memo::new("Question", "Who copied whom?")),
    ] {
        p.apply(e).expect("valid edit");
    }
    p
}

/// The shared corpus folder, if present.
pub fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/corpus is absent");
        None
    }
}
