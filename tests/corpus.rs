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

#[test]
fn bbc_texts_added_as_a_folder_get_distinct_meaningful_titles() {
    let Some(dir) = common::corpus() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let proj = tmp.path().join("bbc.synoptic.ron");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = synoptic::cli::run(
        &synoptic::cli::Command::New { project: proj.clone(), files: vec![dir.join("bbc")] },
        &mut out,
        &mut err,
    );
    assert_eq!(code, synoptic::cli::EXIT_OK, "{}", String::from_utf8_lossy(&err));
    let p = synoptic::io::project_file::load(&proj).expect("load").project;
    let titles: Vec<&str> = p.documents().map(|d| d.meta.title.as_str()).collect();
    let files = walk_count(&dir.join("bbc"));
    let distinct: std::collections::BTreeSet<&str> = titles.iter().copied().collect();
    assert_eq!(distinct.len(), titles.len(), "every title distinct");
    assert_eq!(titles.len() + count_skipped(&out), files, "every file added or listed as skipped");
    // Articles open with their headline; summaries (which start with a
    // sentence) are told apart by their folders.
    let is_file_name = |t: &str| std::path::Path::new(t).extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let headlines = titles.iter().filter(|t| !is_file_name(t)).count();
    assert!(headlines >= 90, "most articles titled by their headline: {headlines}");
    assert!(titles.iter().all(|t| !is_file_name(t) || t.contains('/')), "no bare 001.txt: {titles:?}");
    // A summary's title says it is a summary, though its article is titled
    // by its headline.
    let summaries: Vec<&str> =
        p.documents().filter(|d| d.path.contains("/summary/")).map(|d| d.meta.title.as_str()).collect();
    assert!(!summaries.is_empty(), "summaries added");
    assert!(summaries.iter().all(|t| !is_file_name(t) || t.starts_with("summary/")), "{summaries:?}");
}

#[test]
fn seed_article_is_titled_by_its_quoted_headline_and_the_novel_by_its_file_name() {
    use synoptic::analysis::titles::title_for_text;
    let Some(dir) = common::corpus() else { return };
    let seed = import::load_text(&dir.join("seed-article.txt"), ImportOptions::default()).expect("seed");
    let first = seed.text.as_str().lines().next().expect("a first line");
    assert!(first.starts_with('\''), "the headline opens with a quote: {first}");
    assert_eq!(title_for_text("seed-article.txt", seed.text.as_str()), first, "its first line is its headline");
    // The novel's first line is one wrapped line of a long paragraph.
    let novel = import::load_text(&dir.join("war-and-peace-pg2600.txt"), ImportOptions::default()).expect("novel");
    assert_eq!(title_for_text("war-and-peace-pg2600.txt", novel.text.as_str()), "war-and-peace-pg2600.txt");
}

fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| if e.path().is_dir() { walk_count(&e.path()) } else { 1 })
        .sum()
}

fn count_skipped(out: &[u8]) -> usize {
    let s = String::from_utf8_lossy(out);
    s.lines()
        .find_map(|l| l.strip_prefix("skipped ").and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}
