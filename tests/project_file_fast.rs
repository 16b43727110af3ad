//! The loader's fast reader of annotations agrees with `ron`: the same
//! project from every file both read, and from damaged files the same error
//! (kind, line, column and message) as reading with `ron` alone.

use std::path::Path;

use proptest::prelude::*;
use synoptic::io::project_file::{self, ProjectFileError};
use synoptic::model::{Anchor, AnchorStatus, Annotation, CharRange, Document, Memo, Project, Rgb, Tag};

/// Parse `text` both ways and insist on the same outcome; returns it.
fn same(text: &str) -> Result<project_file::LoadedProject, ProjectFileError> {
    let path = Path::new("p.synoptic.ron");
    let fast = project_file::parse(text.as_bytes(), path);
    let reference = project_file::parse_with_ron(text.as_bytes(), path);
    match (&fast, &reference) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.project, b.project, "same project");
            assert_eq!(a.read_only, b.read_only, "same read-only reason");
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "same error");
            assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b), "same kind of error");
        }
        (a, b) => panic!("fast: {a:?}\nron: {b:?}"),
    }
    fast
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC*",
        Just(String::new()),
        Just("\"quoted\" \\back\\slash\\ \r\n\t\u{0}\u{7f}\u{feff}\u{200b} it's".to_owned()),
        Just("r#\"raw\"# ) ] } , : // /* */ \n    (\n".to_owned()),
        Just("😀 Ελληνικά Кириллица 中文 العربية".to_owned()),
    ]
}

fn project(texts: &[String], n: usize, with_memo: bool) -> Project {
    let mut p = Project::new();
    let doc = Document::new("a.txt");
    let doc_id = doc.id;
    p.apply(Project::add_document_edit(doc)).expect("doc");
    let tags: Vec<_> = (0..3)
        .map(|i| {
            let t = Tag::new(format!("t{i}"), Rgb::palette(i));
            let id = t.id;
            p.apply(Project::add_tag_edit(t)).expect("tag");
            id
        })
        .collect();
    for i in 0..n {
        let t = |k: usize| texts[(i + k) % texts.len()].clone();
        let mut a = Annotation::new(
            doc_id,
            Anchor { range: CharRange::new(i * 7, i * 7 + i % 50), exact: t(0), prefix: t(1), suffix: t(2) },
        );
        a.note = t(3);
        a.status = AnchorStatus::ALL[i % 4];
        a.previous_quote = (i % 3 == 1).then(|| t(4));
        a.tags = tags.iter().copied().take(i % 4).collect();
        p.apply(Project::add_annotation_edit(a)).expect("annotation");
    }
    if with_memo {
        p.apply(Project::add_memo_edit(Memo::new(texts[0].clone(), "memo"))).expect("memo");
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn fast_reader_gives_the_project_ron_gives(
        texts in proptest::collection::vec(text_strategy(), 1..6),
        n in 0..40usize,
        with_memo in any::<bool>(),
    ) {
        let p = project(&texts, n, with_memo);
        let text = project_file::to_ron(&p);
        let loaded = same(&text).expect("own output loads");
        prop_assert_eq!(&loaded.project, &p, "round trip");
        // Laid out otherwise: CRLF, tabs, no trailing commas.
        same(&text.replace('\n', "\r\n")).expect("CRLF");
        same(&text.replace("  ", "\t")).expect("tabs");
        same(&text.replace(",\n    )", "\n    )")).expect("no trailing commas");
    }

    #[test]
    fn damaged_files_give_ron_errors(
        texts in proptest::collection::vec(text_strategy(), 1..4),
        n in 1..30usize,
        cut in 0..1000usize,
    ) {
        let text = project_file::to_ron(&project(&texts, n, true));
        // Cut anywhere.
        let at = text.floor_char_boundary(text.len() * cut / 1000);
        let _ = same(&text[..at]);
        // A stray token somewhere among the annotations.
        let start = text.find("  annotations: [").expect("list");
        let end = text.find("  memos: [").expect("memos");
        let mid = text.floor_char_boundary(start + (end - start) * cut / 1000);
        let _ = same(&format!("{}@{}", &text[..mid], &text[mid..]));
        let _ = same(&format!("{}]{}", &text[..mid], &text[mid..]));
    }
}

/// Line and column of the first occurrence of `needle` (1-based).
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle");
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().expect("line").chars().count() + 1;
    (line, col)
}

#[test]
fn errors_among_many_annotations_name_their_line_and_column() {
    // Over 4 MiB of annotations, so the list is read in several chunks.
    let texts = vec!["A passage of some length, quoted with its context.".repeat(3)];
    let p = project(&texts, 12_000, true);
    let text = project_file::to_ron(&p);
    assert!(text.len() > 5 << 20, "several chunks: {} bytes", text.len());
    assert_eq!(same(&text).expect("loads").project, p, "loads whole");
    let nth_status = |k: usize| text.match_indices("      status: ").nth(k).expect("status").0;
    for k in [0, 5_000, 7_777, 11_999] {
        let at = nth_status(k);
        // A bad token: the error points at it.
        let bad = format!("{}      status: Lost{}", &text[..at], &text[at + "      status: Exact".len()..]);
        let bad = if text[at..].starts_with("      status: Exact") { bad } else { continue };
        match same(&bad) {
            Err(ProjectFileError::Syntax { line, col, .. }) => {
                assert_eq!((line, col), line_col(&bad, "Lost,"), "at the bad variant");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        // A wrong type.
        let wrong = format!("{}      status: 3{}", &text[..at], &text[at + "      status: Exact".len()..]);
        assert!(matches!(same(&wrong), Err(ProjectFileError::Syntax { .. })), "a number for a status");
        // An unknown field: read-only, naming it.
        let extra = format!("{}      mood: \"calm\",\n{}", &text[..at], &text[at..]);
        let ro = same(&extra).expect("loads").read_only.expect("read-only");
        assert!(ro.contains(&format!("annotations.{k}.mood")), "names the field: {ro}");
    }
    // Truncated in the middle of the list.
    let cut = text.floor_char_boundary(text.len() / 2);
    assert!(matches!(same(&text[..cut]), Err(ProjectFileError::Syntax { .. })), "truncated");
    // A newer format that cannot be read.
    let newer = text.replacen("format_version: 1", "format_version: 9", 1).replacen("status: Exact", "status: 7", 1);
    assert!(matches!(same(&newer), Err(ProjectFileError::TooNew { found: 9, .. })), "too new");
    // A newer format that can: read-only.
    let newer = text.replacen("format_version: 1", "format_version: 2", 1);
    assert!(same(&newer).expect("loads").read_only.is_some(), "newer opens read-only");
    // Inconsistent: a repeated id, an unknown document.
    let list = text.find("  annotations: [").expect("list");
    let first_id = &text[list + text[list..].find("      id: ").expect("id")..][..48];
    let second = list + text[list..].match_indices("      id: ").nth(9_000).expect("id").0;
    let dup = format!("{}{}{}", &text[..second], first_id, &text[second + 48..]);
    assert!(matches!(same(&dup), Err(ProjectFileError::Invalid { .. })), "repeated id");
    let doc = p.documents().next().expect("doc").id.to_string();
    let stranger = text.replacen(&format!("doc: \"{doc}\""), "doc: \"00000000-0000-0000-0000-000000000009\"", 7_000);
    assert!(matches!(same(&stranger), Err(ProjectFileError::Invalid { .. })), "unknown document");
}

/// Every input the project-load fuzzer keeps (among them each one that once
/// failed) holds the fuzzer's property: it loads or is refused without a
/// panic, and what loads saves to a file that loads back the same.
#[test]
fn kept_fuzz_inputs_load_or_are_refused_and_round_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/project_load");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the kept fuzz inputs") {
        let bytes = std::fs::read(entry.expect("an entry").path()).expect("an input");
        seen += 1;
        let path = Path::new("fuzz.synoptic.ron");
        let Ok(loaded) = project_file::parse(&bytes, path) else { continue };
        let ron = project_file::to_ron(&loaded.project);
        let again = project_file::parse(ron.as_bytes(), path).expect("a loaded project saves to a file that loads");
        assert!(again.read_only.is_none());
        assert_eq!(project_file::to_ron(&again.project), ron, "save, load, save gives the same file");
    }
    assert!(seen > 0, "no kept inputs in {}", dir.display());
}
