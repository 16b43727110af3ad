//! Crafted projects at and past the limits (`model::limits`): each loads,
//! or is refused with a message that says which limit. Nothing hangs,
//! nothing is cut silently.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use synoptic::io::project_file::{self, ProjectFileError};
use synoptic::model::limits::{MAX_PROJECT_BYTES, MAX_TAG_DEPTH, MAX_TEXT_BYTES};
use synoptic::model::{Memo, Project, Rgb, Tag, TagId};

fn parse(text: &str) -> Result<Project, ProjectFileError> {
    project_file::parse(text.as_bytes(), Path::new("crafted.synoptic.ron")).map(|l| l.project)
}

/// A project file with `tags` (name, parent index) and nothing else.
fn with_tags(tags: &[(String, Option<usize>)]) -> String {
    let ids: Vec<TagId> = (0..tags.len()).map(|i| TagId::from_u128(i as u128 + 1)).collect();
    let mut s = String::from("(\n  format_version: 1,\n  tags: [\n");
    for (i, (name, parent)) in tags.iter().enumerate() {
        let parent = parent.map_or("None".to_owned(), |p| format!("Some(\"{}\")", ids[p]));
        let _ = writeln!(
            s,
            "    (id: \"{}\", name: \"{name}\", color: \"#336699\", description: None, parent: {parent}, order: {i}),",
            ids[i]
        );
    }
    s.push_str("  ],\n)\n");
    s
}

#[test]
fn ten_thousand_tags_load_in_tree_order() {
    let tags: Vec<(String, Option<usize>)> =
        (0..10_000).map(|i| (format!("code {i}"), if i % 10 == 0 { None } else { Some(i - i % 10) })).collect();
    let p = parse(&with_tags(&tags)).expect("10,000 tags load");
    let tree = p.codebook().tree();
    assert_eq!(tree.len(), 10_000);
    assert_eq!(tree.iter().filter(|(d, _)| *d == 0).count(), 1_000);
    // Every child right after its parent's other children.
    assert_eq!(tree[1].1.parent, Some(tree[0].1.id));
}

#[test]
fn tags_nested_past_the_limit_are_refused_at_the_limit_they_load() {
    let chain = |n: usize| -> Vec<(String, Option<usize>)> {
        (0..n).map(|i| (format!("level {i}"), i.checked_sub(1))).collect()
    };
    // Listed deepest first, so that the order of the file does not help.
    let mut at_limit = chain(MAX_TAG_DEPTH + 1);
    at_limit.reverse();
    let fix = |v: &mut Vec<(String, Option<usize>)>| {
        let n = v.len();
        for (_, p) in v.iter_mut() {
            *p = p.map(|p| n - 1 - p);
        }
    };
    fix(&mut at_limit);
    let p = parse(&with_tags(&at_limit)).expect("100 levels below the top load");
    assert_eq!(p.codebook().tree().iter().map(|(d, _)| *d).max(), Some(MAX_TAG_DEPTH));
    let err = parse(&with_tags(&chain(10_000))).expect_err("10,000 levels");
    assert!(err.to_string().contains(&format!("more than {MAX_TAG_DEPTH} levels deep")), "{err}");
    // Nesting one tag more in the app is refused the same way.
    let mut p = p;
    let deepest = p.codebook().tree().last().expect("tag").1.id;
    let mut t = Tag::new("one too many", Rgb::palette(0));
    t.parent = Some(deepest);
    let err = p.apply(Project::add_tag_edit(t)).expect_err("too deep");
    assert!(err.to_string().contains("levels deep"), "{err}");
    // Moving a tag with sub-tags counts them too.
    let top = p.codebook().tree()[0].1.id;
    let mut other = Tag::new("other root", Rgb::palette(1));
    let other_id = other.id;
    other.order = 99;
    p.apply(Project::add_tag_edit(other)).expect("root");
    let err = p.apply(p.move_tag_edit(top, Some(other_id)).expect("edit")).expect_err("the whole chain moves down");
    assert!(err.to_string().contains("levels deep"), "{err}");
}

#[test]
fn a_note_past_the_limit_is_refused_and_one_at_it_loads() {
    let mut p = common::sample_project();
    let memo = Memo::new("Long", "x".repeat(MAX_TEXT_BYTES));
    p.apply(Project::add_memo_edit(memo)).expect("at the limit");
    let text = project_file::to_ron(&p);
    assert_eq!(parse(&text).expect("loads"), p);
    // 100 MB in a memo, written by hand.
    let huge = text.replacen(&"x".repeat(MAX_TEXT_BYTES), &"x".repeat(100 * 1024 * 1024), 1);
    let err = parse(&huge).expect_err("100 MB note");
    assert!(err.to_string().contains("memo \"Long\"") && err.to_string().contains("100 MB"), "{err}");
    let mut q = common::sample_project();
    let a = q.annotations().next().expect("a").id;
    let e = q.update_annotation_edit(a, |x| x.note = "y".repeat(MAX_TEXT_BYTES + 1)).expect("edit");
    assert!(matches!(q.apply(e), Err(synoptic::model::EditError::TooLong(..))), "the app refuses it too");
}

#[test]
fn deep_ron_nesting_is_a_syntax_error_not_a_stack_overflow() {
    // In a field this version does not know, so the parser must walk it all.
    let text =
        format!("(\n  format_version: 1,\n  from_the_future: {}{}\n)\n", "[".repeat(100_000), "]".repeat(100_000));
    let err = parse(&text).expect_err("deep nesting");
    assert!(matches!(err, ProjectFileError::Syntax { .. }), "{err}");
    assert!(err.to_string().to_lowercase().contains("recursion"), "{err}");
}

#[test]
fn a_project_file_past_the_size_limit_is_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.synoptic.ron");
    let f = std::fs::File::create(&path).expect("create");
    // Sparse: no disk space is used, and the loader must not read it.
    f.set_len(MAX_PROJECT_BYTES + 1).expect("set_len");
    let err = project_file::load(&path).expect_err("too large");
    assert!(matches!(err, ProjectFileError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("huge.synoptic.ron"), "{err}");
}

#[test]
fn a_two_gigabyte_source_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path).expect("create").set_len(2 * 1024 * 1024 * 1024).expect("set_len");
    let err =
        synoptic::io::import::load_text(&path, synoptic::io::import::ImportOptions::default()).expect_err("too large");
    assert!(err.to_string().contains("too large") && err.to_string().contains("limit"), "{err}");
}

#[test]
fn colliding_ids_are_refused_by_name() {
    let tags = vec![("a".to_owned(), None), ("b".to_owned(), None)];
    let text = with_tags(&tags).replace(&TagId::from_u128(2).to_string(), &TagId::from_u128(1).to_string());
    let err = parse(&text).expect_err("two tags, one id");
    assert!(err.to_string().contains("share an id"), "{err}");
}
