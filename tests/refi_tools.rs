//! REFI-QDA archives of other tools: a real QualCoder export (in
//! `../shared/refi-qda/qualcoder-export`, or under `SYNOPTIC_SHARED`;
//! skipped with a message when absent) must arrive with every coding on
//! QualCoder's words and every memo where QualCoder had it, and go back out
//! and in unchanged; and made archives in the shape MAXQDA, ATLAS.ti and
//! NVivo write (`tests/fixtures/refi/`, see `make_fixtures.py` there) must
//! land on their texts, or say which passages need review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use synoptic::io::export::refi_import::{self, Imported};
use synoptic::io::export::refi_positions::Units;
use synoptic::io::export::{self, Format, Options};
use synoptic::model::{AnchorStatus, Annotation, DocId, Project, SourceText};

/// The shared folder: `SYNOPTIC_SHARED`, else `../shared` beside the
/// repository.
fn shared() -> PathBuf {
    std::env::var_os("SYNOPTIC_SHARED")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"), PathBuf::from)
}

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn import(bytes: &[u8], dir: &Path) -> Imported {
    refi_import::import_qdpx_bytes(bytes, &dir.join("imported.synoptic.ron")).expect("the archive imports")
}

fn title(p: &Project, d: DocId) -> String {
    p.document(d).map(|d| d.meta.title.clone()).unwrap_or_default()
}

/// The names of a passage's tags, sorted.
fn tag_names(p: &Project, a: &Annotation) -> Vec<String> {
    let mut names: Vec<String> = a.tags.iter().filter_map(|t| p.codebook().get(*t)).map(|t| t.name.clone()).collect();
    names.sort();
    names
}

/// Every passage as (document, tags, quote, note, status).
fn passages(p: &Project) -> Vec<(String, Vec<String>, String, String, AnchorStatus)> {
    let mut out: Vec<_> = p
        .annotations()
        .map(|a| (title(p, a.doc), tag_names(p, a), a.anchor.exact.clone(), a.note.clone(), a.status))
        .collect();
    out.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    out
}

fn doc_note(p: &Project, title: &str) -> String {
    p.documents().find(|d| d.meta.title == title).expect("a document of that title").note.clone()
}

/// The texts an import wrote, by document.
fn texts_of(imported: &Imported, project_file: &Path) -> std::collections::BTreeMap<DocId, SourceText> {
    imported
        .project
        .documents()
        .map(|d| {
            let path = synoptic::io::project_file::source_path(project_file, &d.path);
            (d.id, SourceText::new(std::fs::read_to_string(path).expect("the text was written")))
        })
        .collect()
}

#[test]
fn a_qualcoder_export_arrives_as_qualcoder_had_it() {
    let dir = shared().join("refi-qda/qualcoder-export");
    if !dir.is_dir() {
        eprintln!("skipping: {} is absent (set SYNOPTIC_SHARED)", dir.display());
        return;
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"))
            .expect("expected.json is JSON");
    let out = tempfile::tempdir().expect("tempdir");
    let imported = import(&std::fs::read(dir.join("qualcoder-export.qdpx")).expect("the archive"), out.path());
    let p = &imported.project;
    let s = |v: &serde_json::Value| v.as_str().expect("a string").to_owned();

    // Every coding exact, on QualCoder's words, with its code and memo.
    let got = passages(p);
    let codings = expected["codings"].as_array().expect("codings");
    assert_eq!(codings.len(), 14);
    for c in codings {
        let want = (s(&c["source"]), vec![s(&c["code"])], s(&c["quote"]), s(&c["memo"]), AnchorStatus::Exact);
        assert!(got.contains(&want), "{want:?} not among {got:#?}");
    }
    // The annotation: a passage of its own document, with its note, no tag.
    let ann = &expected["annotations"][0];
    let want = (s(&ann["source"]), Vec::new(), s(&ann["quote"]), s(&ann["note"]), AnchorStatus::Exact);
    assert!(got.contains(&want), "{want:?} not among {got:#?}");
    // And nothing else: no stray passage.
    assert_eq!(got.len(), codings.len() + 1, "{got:#?}");
    // The source memo is the document's note; no other document has one.
    for d in p.documents() {
        let memo = expected["source_memos"].get(&d.meta.title).map(s).unwrap_or_default();
        assert_eq!(d.note, memo, "note of {}", d.meta.title);
        assert!(d.path.ends_with(&d.meta.title), "one extension: {} for {}", d.path, d.meta.title);
    }
    // The journal is a memo, and the only one.
    let memos: Vec<(String, String)> = p.memos().map(|m| (m.title.clone(), m.text.clone())).collect();
    let j = &expected["journal"][0];
    assert_eq!(memos, [(s(&j["name"]), s(&j["text"]))]);
    // The category groups its two codes and cannot be applied.
    let politics = p.codebook().iter().find(|t| t.name == "Politics").expect("the category");
    assert!(politics.category, "isCodable=\"false\" is a category");
    let under: BTreeSet<&str> =
        p.codebook().iter().filter(|t| t.parent == Some(politics.id)).map(|t| t.name.as_str()).collect();
    assert_eq!(under, ["Economy", "Election"].into());
    assert_eq!(p.codebook().iter().filter(|t| t.category).count(), 1);
    // The project file keeps it (`category: true`), and the rest.
    let ron = synoptic::io::project_file::to_ron(p);
    assert!(ron.contains("category: true"), "{ron}");
    let loaded = synoptic::io::project_file::parse(ron.as_bytes(), Path::new("qc.synoptic.ron")).expect("loads");
    assert_eq!(&loaded.project, p, "saved and loaded unchanged");
    // How each source counted, by its own evidence.
    assert_eq!(imported.positions.len(), 5);
    for c in &imported.positions {
        assert!(c.counting.by_evidence(), "{c}");
        assert_eq!(c.counting.confirmed, c.counting.with_quote, "every named selection confirms: {c}");
        assert!(!c.counting.convention.bom_counted || !c.counting.present.bom, "{c}");
    }
    let nonascii = imported.positions.iter().find(|c| c.title == "nonascii.txt").expect("nonascii");
    assert!(nonascii.counting.settled.astral && nonascii.counting.convention.units == Units::Utf16, "{nonascii}");
    assert!(nonascii.to_string().contains("UTF-16 units"), "{nonascii}");
    assert!(!imported.warnings.iter().any(|w| w.contains("review")), "{:?}", imported.warnings);

    // Our export of it reads back into a fresh project unchanged.
    let file = out.path().join("imported.synoptic.ron");
    let texts = texts_of(&imported, &file);
    let text = |d: DocId| texts.get(&d);
    let bytes = export::render(p, &text, &Options::new(Format::Qdpx, "from QualCoder")).expect("export").remove(0).1;
    let again = tempfile::tempdir().expect("tempdir");
    let back = import(&bytes, again.path());
    assert_eq!(passages(&back.project), got, "the same passages, notes and tags");
    for d in p.documents() {
        assert_eq!(doc_note(&back.project, &d.meta.title), d.note);
    }
    let memos_back: Vec<(String, String)> = back.project.memos().map(|m| (m.title.clone(), m.text.clone())).collect();
    assert_eq!(memos_back, memos);
    let cats: Vec<String> = back.project.codebook().iter().filter(|t| t.category).map(|t| t.name.clone()).collect();
    assert_eq!(cats, ["Politics"]);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn our_export_says_what_qualcoder_reads() {
    // QualCoder takes a coding memo from the selection's Description, a
    // source memo from the source's, a journal from a Note with a file.
    let mut p = Project::new();
    let mut d = synoptic::model::Document::new("a.txt");
    d.meta.title = "A".into();
    d.note = "About A".into();
    let doc = d.id;
    let text = SourceText::new("Alpha beta gamma.".to_owned());
    let mut cat = synoptic::model::Tag::new("Group", synoptic::model::Rgb([1, 2, 3]));
    cat.category = true;
    let mut tag = synoptic::model::Tag::new("Greek", synoptic::model::Rgb([4, 5, 6]));
    tag.parent = Some(cat.id);
    let mut a = Annotation::new(doc, synoptic::model::Anchor::from_text(&text, synoptic::model::CharRange::new(6, 10)));
    a.tags.insert(tag.id);
    a.note = "Why beta".into();
    for e in [
        Project::add_document_edit(d),
        Project::add_tag_edit(cat),
        Project::add_tag_edit(tag),
        Project::add_annotation_edit(a),
        Project::add_memo_edit(synoptic::model::Memo::new("Journal", "Day one\nDay two")),
    ] {
        p.apply(e).expect("valid edit");
    }
    let texts = |id: DocId| (id == doc).then_some(&text);
    let (xml, files) = export::refi::project_xml(&p, &texts, &Options::new(Format::Qdpx, "t")).expect("xml");
    assert!(xml.contains("isCodable=\"false\""), "{xml}");
    assert!(xml.contains("<Description>Why beta</Description>"), "coding memo: {xml}");
    assert!(xml.contains("<Description>About A</Description>"), "source memo: {xml}");
    let memo_line = xml.lines().find(|l| l.contains("name=\"Journal\"")).expect("the memo's Note");
    let file = memo_line.split("internal://").nth(1).and_then(|s| s.split('"').next()).expect("a plainTextPath");
    assert!(files.iter().any(|(n, t)| n == file && t == "Day one\nDay two"), "{files:?}");
    assert!(!memo_line.contains("PlainTextContent"), "text in the file only");
}

#[test]
fn a_maxqda_archive_lands_on_its_words() {
    let out = tempfile::tempdir().expect("tempdir");
    let imported = import(&fixture("maxqda.qdpx"), out.path());
    let p = &imported.project;
    let exact = AnchorStatus::Exact;
    let s = |x: &str| x.to_owned();
    let ana = s("Interview Ana");
    let field = s("Fieldnotes 12 May");
    let night = "Night shifts are the hardest part of the job, because the fog rolls in without warning and the radio \
                 is all you have.";
    assert_eq!(
        passages(p),
        [
            (field.clone(), vec![s("Place")], s("Market stalls opened at six"), s(""), exact),
            (field, vec![s("Place")], s("The ferry left late again"), s(""), exact),
            (ana.clone(), vec![s("Work")], s(night), s(""), exact),
            (ana.clone(), vec![s("Work")], s("Nineteen years on the pilot boats"), s(""), exact),
            (
                ana.clone(),
                vec![s("Family trade"), s("Place")],
                s("my father before me.\nThe harbour changed"),
                s("Family line: second generation at the harbour"),
                exact
            ),
            (ana, Vec::new(), s("the old quay went quiet"), s("Ask about the quay in the follow-up"), exact),
        ]
    );
    assert_eq!(doc_note(p, "Interview Ana"), "Recorded on the quay; wind noise.");
    let memos: Vec<&str> = p.memos().map(|m| m.title.as_str()).collect();
    assert_eq!(memos, ["Harbour themes"]);
    for c in &imported.positions {
        assert!(c.counting.settled.crlf && !c.counting.convention.crlf_as_two, "CRLF as one, by evidence: {c}");
    }
    let notes = imported.positions.iter().find(|c| c.title == "Fieldnotes 12 May").expect("fieldnotes");
    assert!(notes.counting.settled.astral && notes.counting.convention.units == Units::CodePoints, "{notes}");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn an_atlas_ti_archive_with_its_own_project_name_and_a_bom() {
    let out = tempfile::tempdir().expect("tempdir");
    let imported = import(&fixture("atlasti.qdpx"), out.path());
    let p = &imported.project;
    let got = passages(p);
    let quotes: Vec<(&str, &str)> = got.iter().map(|x| (x.0.as_str(), x.2.as_str())).collect();
    assert_eq!(
        quotes,
        [
            ("Focus group evening.txt", "I trust the ferry crew"),
            ("Focus group evening.txt", "The timetable is a promise nobody keeps."),
            ("Focus group evening.txt", "the crew decides"),
            ("Letter.txt", "the walk from the bus stop is unlit"),
        ]
    );
    assert!(got.iter().all(|x| x.4 == AnchorStatus::Exact), "{got:#?}");
    assert!(got.iter().any(|x| x.3 == "Irony; compare P1"), "quotation comment: {got:#?}");
    assert_eq!(doc_note(p, "Focus group evening.txt"), "Six participants, two facilitators");
    let memos: Vec<(&str, &str)> = p.memos().map(|m| (m.title.as_str(), m.text.as_str())).collect();
    assert_eq!(memos, [("Research question", "Whom do travellers trust when the schedule fails?")]);
    let group = imported.positions.iter().find(|c| c.title == "Focus group evening.txt").expect("focus group");
    let c = &group.counting;
    assert!(c.settled.bom && !c.convention.bom_counted, "{group}");
    assert!(c.settled.crlf && !c.convention.crlf_as_two, "{group}");
    assert!(group.to_string().contains("BOM not counted, CRLF as one"), "{group}");
    let d = p.documents().find(|d| d.meta.title == "Letter.txt").expect("letter");
    assert!(d.path.ends_with("/Letter.txt"), "one extension: {}", d.path);
    let w = imported.warnings.join("\n");
    assert!(w.contains("set member(s) that are codes"), "code groups reported: {w}");
}

#[test]
fn an_nvivo_archive_without_names_is_placed_by_what_nvivo_does_and_marked_for_review() {
    let out = tempfile::tempdir().expect("tempdir");
    let imported = import(&fixture("nvivo.qdpx"), out.path());
    let p = &imported.project;
    let got = passages(p);
    let review = AnchorStatus::NeedsReview;
    let s = |x: &str| x.to_owned();
    let doc = s("Ward 3 comments");
    let cost = vec![s("Cost of travel")];
    assert_eq!(
        got,
        [
            (doc.clone(), cost.clone(), s("Parking costs more than the bus."), s(""), review),
            (doc.clone(), cost, s("The night bus stopped running"), s(""), review),
            (doc, Vec::new(), s("forty minutes"), s("Over an hour each way before March."), review),
        ]
    );
    assert_eq!(doc_note(p, "Ward 3 comments"), "Comments typed in from paper forms.");
    assert_eq!(p.memos().count(), 0, "the annotation and the linked memo are not free memos");
    let c = &imported.positions[0];
    let conv = c.counting.convention;
    assert!(!c.counting.by_evidence(), "{c}");
    assert_eq!((conv.units, conv.bom_counted, conv.crlf_as_two), (Units::Utf16, false, true), "NVivo's habit: {c}");
    assert!(c.to_string().contains("no selection names its text"), "{c}");
    let w = imported.warnings.join("\n");
    assert!(w.contains("3 selection(s) do not name their text"), "{w}");
}
