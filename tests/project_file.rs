//! The project file: round trips, the version-1 fixture, damaged files, and
//! saves that fail.

mod common;

use std::path::Path;

use proptest::prelude::*;
use synoptic::io::project_file::{self, ProjectFileError};
use synoptic::model::{
    Anchor, AnchorStatus, Annotation, CharRange, DocSet, Document, Edit, Link, Memo, Project, Rgb, Scope, Tag,
};

fn round_trip(p: &Project) -> Project {
    let text = project_file::to_ron(p);
    let loaded = project_file::parse(text.as_bytes(), Path::new("x.synoptic.ron")).expect("parse");
    assert!(loaded.read_only.is_none(), "own output is writable: {:?}", loaded.read_only);
    loaded.project
}

fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC*",
        Just("\"quoted\" \\back\\slash\\ \r\n\t\u{0}\u{7f}\u{feff}\u{200b}".to_owned()),
        Just("r#\"raw\"# ) ] } , : // /* */".to_owned()),
        Just("😀 Ελληνικά Кириллица 中文 العربية".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn save_then_load_is_identity(
        names in proptest::collection::vec(nasty(), 1..4),
        notes in proptest::collection::vec(nasty(), 1..6),
        ranges in proptest::collection::vec((0..1000usize, 0..1000usize), 1..6),
        status in 0..4usize,
    ) {
        let mut p = Project::new();
        let mut doc = Document::new(format!("{}.txt", names[0].replace('/', "_")));
        doc.meta.author.clone_from(&names[names.len() - 1]);
        doc.note.clone_from(&notes[0]);
        let doc_id = doc.id;
        p.apply(Project::add_document_edit(doc)).expect("doc");
        let mut tag_ids = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let mut t = Tag::new(n.clone(), Rgb::palette(i));
            t.description = Some(n.chars().rev().collect());
            t.parent = tag_ids.last().copied();
            tag_ids.push(t.id);
            p.apply(Project::add_tag_edit(t)).expect("tag");
        }
        for (i, (s, e)) in ranges.iter().enumerate() {
            let note = &notes[i % notes.len()];
            let mut a = Annotation::new(doc_id, Anchor {
                range: CharRange::new(*s, *e),
                exact: note.clone(),
                prefix: names[0].clone(),
                suffix: note.chars().take(3).collect(),
            });
            a.note.clone_from(note);
            a.status = AnchorStatus::ALL[(status + i) % 4];
            a.previous_quote = (i % 2 == 0).then(|| note.clone());
            a.tags = tag_ids.iter().copied().skip(i % tag_ids.len()).collect();
            p.apply(Project::add_annotation_edit(a)).expect("annotation");
        }
        p.apply(Project::add_memo_edit(Memo::new(names[0].clone(), notes[0].clone()))).expect("memo");
        let ids: Vec<_> = p.annotations().map(|a| a.id).collect();
        for (i, pair) in ids.windows(2).enumerate() {
            let mut l = Link::new(pair[0], pair[1], names[i % names.len()].clone());
            l.note.clone_from(&notes[i % notes.len()]);
            p.apply(Project::add_link_edit(l)).expect("link");
        }
        if status == 0 && names.iter().any(|n| !n.is_empty()) {
            p.apply(Edit::Relations(names.clone())).expect("relations");
        }
        for (i, n) in names.iter().enumerate().skip(status % 2) {
            let mut set = DocSet::new(n.clone());
            if i % 2 == 0 {
                set.docs.insert(doc_id);
            }
            p.apply(Project::add_set_edit(set)).expect("set");
        }
        let back = round_trip(&p);
        prop_assert_eq!(&back, &p, "round trip");
        // Saving twice gives the same bytes (stable, sorted output).
        prop_assert_eq!(project_file::to_ron(&back), project_file::to_ron(&p), "stable");
    }
}

#[test]
fn a_megabyte_note_survives() {
    let mut p = common::sample_project();
    let id = p.annotations().next().expect("one").id;
    let big: String = "Long note — ünïcödé \"quoted\"\n".repeat(40_000);
    assert!(big.len() > 1_000_000, "note is over 1 MB");
    let e = p.update_annotation_edit(id, |a| a.note.clone_from(&big)).expect("edit");
    p.apply(e).expect("apply");
    assert_eq!(round_trip(&p), p, "round trip with a 1 MB note");
}

fn fixture() -> &'static str {
    include_str!("fixtures/v1.synoptic.ron")
}

#[test]
fn golden_version_1_fixture_loads_and_saves_byte_for_byte() {
    let loaded = project_file::parse(fixture().as_bytes(), Path::new("v1.synoptic.ron")).expect("fixture loads");
    let p = &loaded.project;
    assert!(loaded.read_only.is_none(), "writable");
    assert_eq!(p.documents().count(), 2, "documents");
    assert_eq!(p.codebook().len(), 3, "tags");
    assert_eq!(p.annotations().count(), 3, "annotations");
    let doc = p.documents().find(|d| d.path == "articles/agency.txt").expect("doc by path");
    assert_eq!(doc.meta.source, "The Daily Ledger", "metadata");
    let tree: Vec<(usize, String)> = p.codebook().tree().into_iter().map(|(d, t)| (d, t.name.clone())).collect();
    assert_eq!(
        tree,
        vec![(0, "Claim".to_owned()), (1, "Disputed claim".to_owned()), (0, "Quote".to_owned())],
        "codebook tree"
    );
    let a = p.annotations_of(doc.id);
    assert_eq!(a[0].anchor.exact, "the bridge was closed", "quote");
    assert_eq!(a[0].anchor.range, CharRange::new(5, 26), "range");
    assert_eq!(a[1].status, AnchorStatus::NeedsReview, "status kept");
    assert_eq!(project_file::to_ron(p), fixture(), "re-saved byte for byte");
}

fn parse_err(text: &str) -> ProjectFileError {
    project_file::parse(text.as_bytes(), Path::new("bad.synoptic.ron")).expect_err("should fail")
}

#[test]
fn malformed_file_reports_line_and_column() {
    let broken = fixture().replacen("tags: [", "tags: [[", 1);
    let line = broken.lines().position(|l| l.contains("tags: [[")).expect("line") + 1;
    match parse_err(&broken) {
        ProjectFileError::Syntax { line: l, col, path, .. } => {
            assert!(l >= line, "error at or after line {line}, got {l}");
            assert!(col > 0, "column given");
            assert!(path.ends_with("bad.synoptic.ron"), "path given");
        }
        other => panic!("expected a syntax error, got {other}"),
    }
    let msg = parse_err("(format_version: 1, documents: [ (id: 3) ])").to_string();
    assert!(msg.contains("line 1"), "message has the line: {msg}");
}

#[test]
fn truncated_file_is_an_error() {
    let text = fixture();
    for cut in [10, text.len() / 3, text.len() / 2, text.len() - 3] {
        let cut = text.floor_char_boundary(cut);
        let err = parse_err(&text[..cut]);
        assert!(matches!(err, ProjectFileError::Syntax { .. }), "truncated at {cut}: {err}");
    }
    assert!(matches!(parse_err(""), ProjectFileError::Syntax { .. }), "empty file");
    let bytes = [b"(format_version: 1, memos: [(title: \"".as_slice(), &[0xff, 0xfe], b"\")])"].concat();
    let err = project_file::parse(&bytes, Path::new("x")).expect_err("not UTF-8");
    assert!(matches!(err, ProjectFileError::NotUtf8 { .. }), "{err}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let expected = project_file::parse(fixture().as_bytes(), Path::new("x")).expect("plain").project;
    let with_bom = format!("\u{feff}{}", fixture());
    let crlf = fixture().replace('\n', "\r\n");
    for (what, text) in [("BOM", with_bom), ("CRLF", crlf)] {
        let p = project_file::parse(text.as_bytes(), Path::new("x")).unwrap_or_else(|e| panic!("{what}: {e}")).project;
        assert_eq!(p, expected, "{what} file reads the same");
    }
}

#[test]
fn newer_version_opens_read_only_or_says_why_not() {
    let newer = fixture().replacen("format_version: 1", "format_version: 7", 1);
    let loaded = project_file::parse(newer.as_bytes(), Path::new("x")).expect("readable newer file");
    let reason = loaded.read_only.expect("read-only");
    assert!(reason.contains("newer") && reason.contains('7'), "reason: {reason}");
    let reshaped = newer.replacen("tags: [", "tags: {", 1);
    let err = project_file::parse(reshaped.as_bytes(), Path::new("x")).expect_err("unreadable");
    assert!(matches!(err, ProjectFileError::TooNew { found: 7, .. }), "{err}");
}

#[test]
fn unknown_fields_are_not_silently_dropped() {
    let extra = fixture().replacen("note: \"Checked", "confidence: 0.9,\n      note: \"Checked", 1);
    assert_ne!(extra, fixture(), "field inserted");
    let loaded = project_file::parse(extra.as_bytes(), Path::new("x")).expect("loads");
    let reason = loaded.read_only.expect("read-only because saving would drop the field");
    assert!(reason.contains("confidence"), "names the field: {reason}");
    let top = fixture().replacen("format_version: 1,", "format_version: 1,\n  reviewers: [\"ana\"],", 1);
    let reason = project_file::parse(top.as_bytes(), Path::new("x")).expect("loads").read_only.expect("read-only");
    assert!(reason.contains("reviewers"), "names the field: {reason}");
}

#[test]
fn inconsistent_file_is_an_error() {
    let p = common::sample_project();
    let text = project_file::to_ron(&p);
    let doc = p.documents().next().expect("doc").id.to_string();
    // The document gets another id; its annotations now point nowhere.
    let broken = text.replacen(&format!("id: \"{doc}\""), "id: \"00000000-0000-0000-0000-000000000000\"", 1);
    assert_ne!(broken, text, "id replaced");
    let err = project_file::parse(broken.as_bytes(), Path::new("x")).expect_err("invalid");
    assert!(matches!(err, ProjectFileError::Invalid { .. }), "{err}");
}

#[test]
fn links_are_saved_only_when_present_and_must_join_known_passages() {
    let mut p = common::sample_project();
    let plain = project_file::to_ron(&p);
    assert!(!plain.contains("links:") && !plain.contains("relations:"), "no links, default relations: nothing written");
    let ids: Vec<_> = p.annotations().map(|a| a.id).collect();
    let l = Link::new(ids[0], ids[1], "contradicts");
    p.apply(Project::add_link_edit(l.clone())).expect("link");
    let text = project_file::to_ron(&p);
    assert!(text.contains("relation: \"contradicts\""), "link written");
    assert_eq!(round_trip(&p), p, "round trip with a link");
    // A link to an annotation that is not there is an error, not a silent drop.
    let broken = text.replacen(&format!("to: \"{}\"", ids[1]), "to: \"00000000-0000-0000-0000-000000000000\"", 1);
    let err = project_file::parse(broken.as_bytes(), Path::new("x")).expect_err("dangling link");
    assert!(err.to_string().contains(&format!("link {}", l.id)), "{err}");
    // Deleting a linked annotation takes its links with it, and undo restores both.
    let before = p.clone();
    let inverse = p.apply(p.delete_annotation_edit(ids[0])).expect("delete");
    assert_eq!(p.links().count(), 0, "link removed with its passage");
    p.apply(inverse).expect("undo");
    assert_eq!(p, before, "undo restores passage and link");
    // Removing the annotation alone (without its links) is refused.
    assert!(p.apply(Edit::Annotation { id: ids[0], value: None }).is_err(), "refused while linked");
}

#[test]
fn sets_are_saved_only_when_present_and_follow_their_documents() {
    let mut p = common::sample_project();
    assert!(!project_file::to_ron(&p).contains("sets:"), "no sets: nothing written (older builds read the file)");
    let docs: Vec<_> = p.documents().map(|d| d.id).collect();
    let mut week = DocSet::new("week 1");
    week.docs.extend(docs.iter().copied());
    let mut tabloids = DocSet::new("Tabloids");
    tabloids.docs.insert(docs[0]);
    let (week_id, tab_id) = (week.id, tabloids.id);
    p.apply(Project::add_set_edit(week)).expect("set");
    p.apply(Project::add_set_edit(tabloids)).expect("set");
    let text = project_file::to_ron(&p);
    let (at_tab, at_week) = (text.find("name: \"Tabloids\"").expect("t"), text.find("name: \"week 1\"").expect("w"));
    assert!(at_tab < at_week, "sets sorted by name in any case");
    assert_eq!(round_trip(&p), p, "round trip with sets");
    assert!(Scope::Set(tab_id).contains(&p, docs[0]) && !Scope::Set(tab_id).contains(&p, docs[1]));
    assert_eq!(Scope::Set(week_id).docs(&p).map(|d| d.len()), Some(docs.len()));
    // A set naming a document that is not there is an error.
    let broken =
        text.replacen(&format!("docs: [\"{}\"]", docs[0]), "docs: [\"00000000-0000-0000-0000-000000000009\"]", 1);
    assert_ne!(broken, text, "the edit hit the Tabloids set");
    let err = project_file::parse(broken.as_bytes(), Path::new("x")).expect_err("dangling member");
    assert!(err.to_string().contains("document set \"Tabloids\""), "{err}");
    // A document still in a set cannot be dropped alone; removing it through
    // the helper takes it out of its sets, and undo puts it back.
    assert!(p.clone().apply(Edit::Document { id: docs[0], value: None }).is_err());
    let before = p.clone();
    let inverse = p.apply(p.remove_documents_edit(&docs.iter().copied().collect())).expect("remove all");
    assert!(p.set(week_id).expect("set stays").docs.is_empty() && p.set(tab_id).expect("set").docs.is_empty());
    assert_eq!(round_trip(&p), p, "empty sets round trip");
    p.apply(inverse).expect("undo");
    assert_eq!(p, before, "undo restores documents and memberships");
    // Deleting a set leaves its documents alone.
    p.apply(Project::delete_set_edit(week_id)).expect("delete set");
    assert_eq!(p.documents().count(), docs.len());
    assert_eq!(Scope::Set(week_id).valid(&p), Scope::All, "a deleted set's filter falls back to all");
}

#[test]
fn duplicate_ids_are_an_error_not_a_silent_loss() {
    let a = fixture().find("    (\n      id: \"00000000-0000-0000-0000-0000000000b1\"").expect("first annotation");
    let len = fixture()[a..].find("    ),\n").expect("end of it") + "    ),\n".len();
    let item = &fixture()[a..a + len];
    let doubled = fixture().replacen(item, &format!("{item}{item}"), 1);
    let err = project_file::parse(doubled.as_bytes(), Path::new("x")).expect_err("duplicate");
    assert!(err.to_string().contains("share an id: annotation 00000000-0000-0000-0000-0000000000b1"), "{err}");
}

#[test]
fn save_writes_backups_and_failed_save_keeps_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.synoptic.ron");
    let mut p = common::sample_project();
    project_file::save(&p, &path).expect("first save");
    let first = std::fs::read_to_string(&path).expect("read");
    p.apply(Project::add_memo_edit(Memo::new("second", ""))).expect("memo");
    let report = project_file::save(&p, &path).expect("second save");
    let backup = report.backup.expect("backup of the first version");
    assert_eq!(std::fs::read_to_string(backup).expect("read"), first, "backup holds the previous save");
    assert_eq!(project_file::load(&path).expect("load").project, p, "saved project loads");
    // A save that cannot complete (target is a folder) fails and changes nothing.
    let blocked = dir.path().join("blocked.synoptic.ron");
    std::fs::create_dir(&blocked).expect("mkdir");
    let err = project_file::save(&p, &blocked).expect_err("cannot replace a folder");
    assert!(err.to_string().contains("blocked.synoptic.ron"), "names the file: {err}");
    assert!(blocked.is_dir(), "folder untouched");
    let missing = dir.path().join("no/such/dir/p.synoptic.ron");
    assert!(project_file::save(&p, &missing).is_err(), "missing folder");
}

#[test]
fn paths_are_relative_with_slashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proj = dir.path().join("proj/x.synoptic.ron");
    let src = dir.path().join("proj/texts/a.txt");
    let rel = project_file::relative_source_path(&proj, &src);
    assert_eq!(rel, "texts/a.txt", "relative");
    assert_eq!(project_file::source_path(&proj, &rel), dir.path().join("proj/texts/a.txt"), "resolved back");
    let up = project_file::relative_source_path(&proj, &dir.path().join("other/b.txt"));
    assert_eq!(up, "../other/b.txt", "parent folder");
}

/// The user's choices about the synopsis' rows are saved (only when there
/// are some: a project without them keeps its old text) and read back.
#[test]
fn synopsis_choices_round_trip() {
    use synoptic::model::{ChoiceKind, Place, RowChoice};
    let mut p = Project::new();
    let d = Document::new("a.txt");
    let e = Document::new("b.txt");
    let (di, ei) = (d.id, e.id);
    p.apply(Project::add_document_edit(d)).expect("doc");
    p.apply(Project::add_document_edit(e)).expect("doc");
    let before = project_file::to_ron(&p);
    assert!(!before.contains("choices"), "nothing written without choices");
    let place = |doc, a, b, q: &str| Place { doc, range: synoptic::model::CharRange::new(a, b), quote: q.into() };
    let joined = RowChoice::new(
        ChoiceKind::Together,
        vec![place(di, 0, 12, "The \"bridge\"")],
        vec![place(ei, 40, 52, "Le pont, é")],
    );
    let alone = RowChoice::new(ChoiceKind::Alone, vec![place(ei, 3, 9, "line\nbreak")], vec![]);
    p.apply(Edit::Batch(vec![Project::add_choice_edit(joined.clone()), Project::add_choice_edit(alone.clone())]))
        .expect("choices");
    let text = project_file::to_ron(&p);
    assert!(text.contains("kind: Together"), "{text}");
    let back = round_trip(&p);
    let mut want = vec![joined, alone];
    want.sort_by_key(|c| c.id);
    assert_eq!(back.choices().cloned().collect::<Vec<_>>(), want);
    let slow = project_file::parse_with_ron(text.as_bytes(), Path::new("x.synoptic.ron")).expect("ron reads it");
    assert_eq!(slow.project.choices().count(), 2);
    assert_eq!(project_file::to_ron(&back), text, "stable");
}
