//! Tests on the shared corpus (`../shared/corpus`); each skips with a
//! message when it is absent.

mod common;

use synoptic::analysis::anchoring::reanchor_document;
use synoptic::io::import::{self, ImportOptions, decode};
use synoptic::model::{Anchor, AnchorStatus, Annotation, CharRange, Document, Project};

#[test]
fn war_and_peace_decodes_as_windows_1252() {
    let Some(dir) = common::corpus() else { return };
    let l = import::load_text(&dir.join("war-and-peace-pg2600.txt"), ImportOptions::default()).expect("loads");
    assert_eq!(l.encoding, "windows-1252", "detected encoding");
    assert!(!l.had_errors, "no replacement characters");
    let t = l.text.as_str();
    let count = |c: char| t.chars().filter(|&x| x == c).count();
    assert_eq!(l.text.char_len(), 3_201_582, "one char per byte");
    assert_eq!(count('\u{201c}'), 8_992, "left double quotes");
    assert_eq!(count('\u{201d}'), 8_959, "right double quotes");
    assert_eq!(count('\u{2019}'), 7_254, "right single quotes");
    assert_eq!(count('é'), 1_125, "é");
    assert_eq!(count('è'), 267, "è (č under windows-1250)");
    assert_eq!(count('ï'), 39, "ï (ď under windows-1250)");
    assert_eq!(count('à'), 28, "à (ŕ under windows-1250)");
    assert_eq!(count('\n'), 64_845, "line feeds");
    assert_eq!(t.matches("Hélène").count(), 165, "Hélène");
    assert!(!t.contains('č') && !t.contains('ď') && !t.contains('ŕ'), "no Central European look-alikes");
    assert!(l.text.blocks().len() > 10_000, "split into paragraphs: {}", l.text.blocks().len());
}

#[test]
fn seed_article_captions_do_not_capture_orphans() {
    let Some(dir) = common::corpus() else { return };
    let bytes = std::fs::read(dir.join("seed-article.txt")).expect("read");
    let old = decode(&bytes).expect("text");
    let txt = old.text.as_str();
    // The second of the two "Vladimir Putin" caption lines.
    let pair = "Vladimir Putin\nVladimir Putin\n";
    let b = txt.find(pair).expect("caption pair") + "Vladimir Putin\n".len();
    let s = txt[..b].chars().count();
    let mut p = Project::new();
    let mut d = Document::new("seed-article.txt");
    d.hash.clone_from(&old.hash);
    d.char_len = old.text.char_len();
    let doc = d.id;
    p.apply(Project::add_document_edit(d)).expect("doc");
    let a = Annotation::new(doc, Anchor::from_text(&old.text, CharRange::new(s, s + 14)));
    let id = a.id;
    p.apply(Project::add_annotation_edit(a)).expect("annotation");
    // Delete both caption lines: "Vladimir Putin" still occurs elsewhere.
    let new = decode(txt.replacen(pair, "", 1).as_bytes()).expect("text");
    assert!(new.text.as_str().contains("Vladimir Putin"), "look-alikes remain");
    reanchor_document(&mut p, doc, &new.text, &new.hash);
    assert_eq!(p.annotation(id).expect("kept").status, AnchorStatus::Orphaned, "no look-alike attached");
}

#[test]
fn helene_is_found_with_and_without_accents_in_the_novel() {
    use synoptic::analysis::search::{Query, Searcher};
    let Some(dir) = common::corpus() else { return };
    let l = import::load_text(&dir.join("war-and-peace-pg2600.txt"), ImportOptions::default()).expect("loads");
    let q = |p: &str, ignore_accents| Query { pattern: p.into(), match_case: true, ignore_accents, ..Query::default() };
    let count = |q: &Query| Searcher::new(q).expect("compiles").find(&l.text, 10, None).total;
    assert_eq!(count(&q("Hélène", false)), 165, "as written");
    assert_eq!(count(&q("Helene", true)), 165, "accents ignored");
    assert_eq!(count(&q("Helene", false)), 0, "accents matter by default");
}
