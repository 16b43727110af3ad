//! Edits and undo: any sequence of edits, undone, gives back the start.

mod common;

use proptest::prelude::*;
use synoptic::model::{Anchor, Annotation, CharRange, DocSet, Document, History, Link, Memo, Project, Rgb, Tag};

/// One random operation, interpreted against the current project.
#[derive(Clone, Debug)]
enum Op {
    AddDoc(String),
    RemoveDoc(usize),
    AddTag(String, Option<usize>),
    RenameTag(usize, String),
    MoveTag(usize, Option<usize>),
    DeleteTag(usize),
    MergeTags(usize, usize),
    Annotate(usize, usize, usize, Vec<usize>),
    Note(usize, String),
    ToggleTag(usize, usize),
    DeleteAnnotation(usize),
    Link(usize, usize, usize),
    DeleteLink(usize),
    RenameRelation(usize, String),
    Memo(String),
    EditMemo(usize, String),
    AddSet(String, Vec<usize>),
    ToggleInSet(usize, usize),
    DeleteSet(usize),
    RemoveDocs(Vec<usize>),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(Op::AddDoc),
        any::<usize>().prop_map(Op::RemoveDoc),
        ("\\PC{0,12}", proptest::option::of(any::<usize>())).prop_map(|(n, p)| Op::AddTag(n, p)),
        (any::<usize>(), "\\PC{0,12}").prop_map(|(i, n)| Op::RenameTag(i, n)),
        (any::<usize>(), proptest::option::of(any::<usize>())).prop_map(|(i, p)| Op::MoveTag(i, p)),
        any::<usize>().prop_map(Op::DeleteTag),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::MergeTags(a, b)),
        (any::<usize>(), 0..500usize, 0..500usize, proptest::collection::vec(any::<usize>(), 0..3))
            .prop_map(|(d, s, e, t)| Op::Annotate(d, s, e, t)),
        (any::<usize>(), "\\PC{0,40}").prop_map(|(i, n)| Op::Note(i, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, t)| Op::ToggleTag(a, t)),
        any::<usize>().prop_map(Op::DeleteAnnotation),
        (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(a, b, r)| Op::Link(a, b, r)),
        any::<usize>().prop_map(Op::DeleteLink),
        (any::<usize>(), "[a-z ]{1,10}").prop_map(|(i, n)| Op::RenameRelation(i, n)),
        "\\PC{0,20}".prop_map(Op::Memo),
        (any::<usize>(), "\\PC{0,20}").prop_map(|(i, t)| Op::EditMemo(i, t)),
        ("\\PC{0,12}", proptest::collection::vec(any::<usize>(), 0..3)).prop_map(|(n, d)| Op::AddSet(n, d)),
        (any::<usize>(), any::<usize>()).prop_map(|(s, d)| Op::ToggleInSet(s, d)),
        any::<usize>().prop_map(Op::DeleteSet),
        proptest::collection::vec(any::<usize>(), 1..4).prop_map(Op::RemoveDocs),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
    (!v.is_empty()).then(|| v[i % v.len()])
}

fn run(p: &mut Project, history: &mut History, op: Op) {
    let docs: Vec<_> = p.documents().map(|d| d.id).collect();
    let tags: Vec<_> = p.codebook().iter().map(|t| t.id).collect();
    let anns: Vec<_> = p.annotations().map(|a| a.id).collect();
    let memos: Vec<_> = p.memos().map(|m| m.id).collect();
    let links: Vec<_> = p.links().map(|l| l.id).collect();
    let relations: Vec<String> = p.relations().to_vec();
    let sets: Vec<_> = p.sets().iter().map(|s| s.id).collect();
    let edit = match op {
        Op::AddDoc(name) => Some(Project::add_document_edit(Document::new(format!("{name}.txt")))),
        Op::RemoveDoc(i) => pick(&docs, i).map(|d| p.remove_document_edit(d)),
        Op::AddTag(name, parent) => {
            let mut t = Tag::new(name, Rgb::palette(tags.len()));
            t.parent = parent.and_then(|i| pick(&tags, i));
            t.order = p.codebook().next_order(t.parent);
            Some(Project::add_tag_edit(t))
        }
        Op::RenameTag(i, n) => pick(&tags, i).and_then(|t| p.update_tag_edit(t, |t| t.name = n)),
        Op::MoveTag(i, parent) => pick(&tags, i).and_then(|t| p.move_tag_edit(t, parent.and_then(|j| pick(&tags, j)))),
        Op::DeleteTag(i) => pick(&tags, i).and_then(|t| p.delete_tag_edit(t)),
        Op::MergeTags(a, b) => pick(&tags, a).zip(pick(&tags, b)).and_then(|(a, b)| p.merge_tags_edit(a, b)),
        Op::Annotate(doc_i, start, end, tag_is) => pick(&docs, doc_i).map(|doc| {
            let anchor = Anchor {
                range: CharRange::new(start, end),
                exact: "x".repeat(end.abs_diff(start)),
                ..Anchor::default()
            };
            let mut ann = Annotation::new(doc, anchor);
            ann.tags = tag_is.into_iter().filter_map(|i| pick(&tags, i)).collect();
            Project::add_annotation_edit(ann)
        }),
        Op::Note(i, n) => pick(&anns, i).and_then(|a| p.update_annotation_edit(a, |a| a.note = n)),
        Op::ToggleTag(a, t) => pick(&anns, a).zip(pick(&tags, t)).and_then(|(a, t)| {
            p.update_annotation_edit(a, |a| {
                if !a.tags.remove(&t) {
                    a.tags.insert(t);
                }
            })
        }),
        Op::DeleteAnnotation(i) => pick(&anns, i).map(|a| p.delete_annotation_edit(a)),
        Op::Link(a, b, r) => pick(&anns, a).zip(pick(&anns, b)).map(|(a, b)| {
            Project::add_link_edit(Link::new(
                a,
                b,
                relations.get(r % relations.len().max(1)).cloned().unwrap_or_default(),
            ))
        }),
        Op::DeleteLink(i) => pick(&links, i).map(Project::delete_link_edit),
        Op::RenameRelation(i, n) => relations.get(i % relations.len().max(1)).map(|r| p.rename_relation_edit(r, &n)),
        Op::Memo(t) => Some(Project::add_memo_edit(Memo::new("memo", t))),
        Op::EditMemo(i, t) => pick(&memos, i).and_then(|m| p.update_memo_edit(m, |m| m.text = t)),
        Op::AddSet(name, members) => {
            let mut set = DocSet::new(name);
            set.docs.extend(members.into_iter().filter_map(|i| pick(&docs, i)));
            Some(Project::add_set_edit(set))
        }
        Op::ToggleInSet(s, d) => pick(&sets, s).zip(pick(&docs, d)).and_then(|(s, d)| {
            p.update_set_edit(s, |s| {
                if !s.docs.remove(&d) {
                    s.docs.insert(d);
                }
            })
        }),
        Op::DeleteSet(i) => pick(&sets, i).map(Project::delete_set_edit),
        Op::RemoveDocs(is) => {
            let ids = is.into_iter().filter_map(|i| pick(&docs, i)).collect();
            Some(p.remove_documents_edit(&ids))
        }
        Op::Undo => {
            history.undo(p);
            None
        }
        Op::Redo => {
            history.redo(p);
            None
        }
    };
    if let Some(e) = edit {
        // Refused edits (a cycle in the codebook) must leave the project as it was.
        let before = p.clone();
        if history.apply(p, e, "op").is_err() {
            assert_eq!(*p, before, "a refused edit changed the project");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undoing_everything_restores_the_start(ops in proptest::collection::vec(op(), 0..60)) {
        let start = common::sample_project();
        let mut p = start.clone();
        let mut h = History::new();
        for o in ops {
            run(&mut p, &mut h, o);
            let dangling = p.sets().iter().flat_map(|s| s.docs.iter()).filter(|d| p.document(**d).is_none()).count();
            prop_assert_eq!(dangling, 0, "a set names a removed document");
        }
        // Bring back anything undone at the end, so "all" means every step.
        while h.redo(&mut p).is_some() {}
        let end = p.clone();
        while h.undo(&mut p).is_some() {}
        prop_assert_eq!(&p, &start, "undo all");
        while h.redo(&mut p).is_some() {}
        prop_assert_eq!(&p, &end, "redo all");
    }
}

#[test]
fn merging_typing_bursts_and_dirty_marker() {
    let mut p = common::sample_project();
    let mut h = History::new();
    assert!(!h.is_dirty(), "fresh history is clean");
    let id = p.annotations().next().expect("one").id;
    let before = p.annotation(id).expect("one").note.clone();
    for text in ["a", "ab", "abc"] {
        let e = p.update_annotation_edit(id, |a| a.note = text.into()).expect("edit");
        h.apply_merging(&mut p, e, "Edit note", format!("note {id}")).expect("apply");
    }
    assert!(h.is_dirty(), "edited");
    h.seal();
    let e = p.update_annotation_edit(id, |a| a.note = "abcd".into()).expect("edit");
    h.apply_merging(&mut p, e, "Edit note", format!("note {id}")).expect("apply");
    h.undo(&mut p);
    assert_eq!(p.annotation(id).expect("one").note, "abc", "second burst undone alone");
    h.undo(&mut p);
    assert_eq!(p.annotation(id).expect("one").note, before, "first burst undone in one step");
    assert!(!h.is_dirty(), "back at the start");
    h.redo(&mut p);
    h.mark_saved();
    assert!(!h.is_dirty(), "saved");
    h.undo(&mut p);
    assert!(h.is_dirty(), "undo after save is a change");
}

#[test]
fn codebook_operations() {
    let mut p = common::sample_project();
    let find = |p: &Project, n: &str| p.codebook().iter().find(|t| t.name == n).expect("tag").id;
    let (claims, disputed, quotes) = (find(&p, "Claims"), find(&p, "Disputed"), find(&p, "Quotes"));
    // Nesting a tag under its own child is refused and changes nothing.
    let e = p.move_tag_edit(claims, Some(disputed)).expect("edit");
    let before = p.clone();
    assert!(p.apply(e).is_err(), "cycle refused");
    assert_eq!(p, before, "unchanged");
    // Merge Quotes into Claims: annotations keep other tags and gain Claims.
    let e = p.merge_tags_edit(quotes, claims).expect("edit");
    p.apply(e).expect("merge");
    assert!(p.codebook().get(quotes).is_none(), "merged tag gone");
    assert_eq!(p.tag_count(claims), 2, "both passages now tagged Claims");
    // Deleting Claims moves Disputed up and strips Claims from passages.
    let e = p.delete_tag_edit(claims).expect("edit");
    p.apply(e).expect("delete");
    assert_eq!(p.codebook().get(disputed).expect("kept").parent, None, "sub-tag moved up");
    assert_eq!(p.tag_count(disputed), 1, "other tags kept");
    assert!(p.annotations().all(|a| !a.tags.contains(&claims)), "tag removed from passages");
}
