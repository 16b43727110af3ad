//! Exports and REFI-QDA import: the demo project out in every format and
//! read back the way its users would (CSV with the `csv` crate, XLSX with
//! `calamine`, `.qdpx` through our importer); a round-trip property over
//! generated projects; and the bad inputs of the issue, one test each.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use synoptic::io::export::refi_import::{self, RefiError};
use synoptic::io::export::{self, Format, Options};
use synoptic::io::import::ImportOptions;
use synoptic::io::workspace::{self, Opened, SourceState};
use synoptic::model::{
    Anchor, Annotation, CharRange, DocId, DocSet, Document, Edit, Link, Memo, Project, Rgb, SourceText, Tag,
};

const NASTY: &str = "<script>alert(1)</script></td> \"quoted\", comma; =1+1 line\nbreak שלום";

fn demo() -> (tempfile::TempDir, PathBuf, Opened) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::ui::copy_demo(dir.path());
    let opened = workspace::open(&path, ImportOptions::default()).expect("demo opens");
    (dir, path, opened)
}

fn text_of<'a>(opened: &'a Opened) -> impl Fn(DocId) -> Option<&'a SourceText> + 'a {
    |d| match opened.sources.get(&d) {
        Some(SourceState::Loaded(l)) => Some(&l.text),
        _ => None,
    }
}

/// The demo with a nasty note on its first passage.
fn nasty_demo() -> (tempfile::TempDir, PathBuf, Opened) {
    let (dir, path, mut opened) = demo();
    let first = opened.project.annotations().next().expect("a passage").id;
    let e = opened.project.update_annotation_edit(first, |a| NASTY.clone_into(&mut a.note)).expect("edit");
    opened.project.apply(e).expect("apply");
    (dir, path, opened)
}

fn render(opened: &Opened, format: Format) -> Vec<(String, Vec<u8>)> {
    let t = text_of(opened);
    let text = |d| t(d);
    export::render(&opened.project, &text, &Options::new(format, "Demo")).expect("export")
}

#[test]
fn html_and_markdown_reports_escape_what_the_user_wrote() {
    let (_dir, _path, opened) = nasty_demo();
    let html = String::from_utf8(render(&opened, Format::Html).remove(0).1).expect("utf-8");
    assert!(!html.contains("<script"), "no script element, escaped or not");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;"), "the note is there, escaped");
    assert!(html.contains("שלום"), "RTL text intact");
    // Every element holding source or user text takes its direction from
    // its text, so Arabic and Hebrew read right to left in the browser.
    for tag in ["<blockquote dir=\"auto\">", "<p class=\"note\" dir=\"auto\">", "<td dir=\"auto\">"] {
        assert!(html.contains(tag), "{tag} in the report");
    }
    assert!(!html.contains("<blockquote>"), "no quote without a direction");
    assert!(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"), "no remote assets");
    assert!(html.contains("@media print") && html.contains("break-before: page"), "print CSS with a page per tag");
    for t in opened.project.codebook().iter() {
        assert!(html.contains(&format!("<h3>{}", quick_escape(&t.name))), "a section for {}", t.name);
    }
    let md = String::from_utf8(render(&opened, Format::Markdown).remove(0).1).expect("utf-8");
    assert!(md.contains("&lt;script&gt;"), "Markdown keeps HTML inert");
    assert!(!md.contains("<script"), "no raw script");
    assert!(md.contains("## Codebook") && md.contains("## Passages by tag") && md.contains("## Memos"));
}

fn quick_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

#[test]
fn csv_opens_with_the_right_characters_and_no_formulas() {
    let (_dir, _path, opened) = nasty_demo();
    let files = render(&opened, Format::Csv);
    let names: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(names, ["", "-matrix", "-links", "-memos"]);
    let main = &files[0].1;
    assert!(main.starts_with(b"\xEF\xBB\xBF"), "a BOM for spreadsheets");
    let mut r = csv::Reader::from_reader(&main[3..]);
    let header: Vec<String> = r.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(&header[..6], ["document", "outlet", "author", "date", "url", "tag"]);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    let expected: usize = opened.project.annotations().map(|a| a.tags.len().max(1)).sum();
    assert_eq!(rows.len(), expected, "one row per passage and tag");
    let note_col = header.iter().position(|h| h == "note").expect("note column");
    let nasty: Vec<&str> = rows.iter().map(|r| &r[note_col]).filter(|n| n.contains("<script>")).collect();
    assert!(!nasty.is_empty(), "the nasty note is there");
    assert!(nasty.iter().all(|n| *n == NASTY), "commas, quotes, newlines and RTL intact: {nasty:?}");
    // A cell that starts like a formula is neutralised.
    let mut p = opened.project.clone();
    let first = p.annotations().next().expect("a").id;
    p.apply(p.update_annotation_edit(first, |a| "=HYPERLINK(\"x\")".clone_into(&mut a.note)).expect("e"))
        .expect("apply");
    let t = text_of(&opened);
    let text = |d| t(d);
    let out = export::render(&p, &text, &Options::new(Format::Csv, "x")).expect("csv");
    let s = String::from_utf8_lossy(&out[0].1);
    assert!(s.contains("'=HYPERLINK"), "formula neutralised");
    // The matrix file: a header row (first cell empty, then tags) and a row per document.
    let mut m = csv::Reader::from_reader(&files[1].1[3..]);
    let mh = m.headers().expect("matrix header").clone();
    assert_eq!(&mh[0], "");
    assert_eq!(mh.len(), opened.project.codebook().len() + 1);
    assert_eq!(m.records().count(), opened.project.documents().count());
}

#[test]
fn xlsx_reads_back_with_real_dates_and_text_cells() {
    use calamine::{Data, Reader, Xlsx};
    let (_dir, _path, opened) = nasty_demo();
    let bytes = render(&opened, Format::Xlsx).remove(0).1;
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx opens");
    assert_eq!(wb.sheet_names(), ["Passages", "Matrix", "Links", "Memos"]);
    let range = wb.worksheet_range("Passages").expect("sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let expected: usize = opened.project.annotations().map(|a| a.tags.len().max(1)).sum();
    assert_eq!(rows.len() - 1, expected, "one row per passage and tag");
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (created, date, note) = (col("created"), col("date"), col("note"));
    for r in &rows[1..] {
        assert!(matches!(r[created], Data::DateTime(_)), "created is a date: {:?}", r[created]);
        assert!(matches!(r[date], Data::DateTime(_)), "a document date is a date: {:?}", r[date]);
    }
    assert!(rows.iter().any(|r| r[note] == Data::String(NASTY.to_owned())), "the note, intact, as text");
    let formulas = wb.worksheet_formula("Passages").expect("formulas");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formulas anywhere");
    let matrix = wb.worksheet_range("Matrix").expect("matrix");
    assert_eq!(matrix.height(), opened.project.documents().count() + 1);
}

/// A tag as compared: name, colour, description, parent.
type TagFacts = (String, [u8; 3], Option<String>, Option<String>);
/// A passage as compared: document, start, end, quote, tags, note.
type PassageFacts = (String, usize, usize, String, BTreeSet<String>, String);

/// What a project holds, keyed by id, for comparing a round trip.
#[derive(Debug, PartialEq)]
struct Content {
    docs: BTreeMap<String, (String, String, String, String, String, String)>,
    tags: BTreeMap<String, TagFacts>,
    passages: BTreeMap<String, PassageFacts>,
    links: BTreeMap<String, (String, String, String, String)>,
    memos: BTreeMap<String, (String, String)>,
    sets: BTreeMap<String, (String, BTreeSet<String>)>,
}

fn content(p: &Project, text: &dyn Fn(DocId) -> Option<String>) -> Content {
    Content {
        docs: p
            .documents()
            .map(|d| {
                let m = &d.meta;
                let t = text(d.id).unwrap_or_default();
                (
                    d.id.to_string(),
                    (m.title.clone(), m.source.clone(), m.author.clone(), m.date.clone(), d.note.clone(), t),
                )
            })
            .collect(),
        tags: p
            .codebook()
            .iter()
            .map(|t| {
                (t.id.to_string(), (t.name.clone(), t.color.0, t.description.clone(), t.parent.map(|x| x.to_string())))
            })
            .collect(),
        passages: p
            .annotations()
            .map(|a| {
                let r = a.anchor.range;
                let tags = a.tags.iter().map(ToString::to_string).collect();
                (
                    a.id.to_string(),
                    (a.doc.to_string(), r.start.0, r.end.0, a.anchor.exact.clone(), tags, a.note.clone()),
                )
            })
            .collect(),
        links: p
            .links()
            .map(|l| (l.id.to_string(), (l.from.to_string(), l.to.to_string(), l.relation.clone(), l.note.clone())))
            .collect(),
        memos: p.memos().map(|m| (m.id.to_string(), (m.title.clone(), m.text.clone()))).collect(),
        sets: p
            .sets()
            .into_iter()
            .map(|s| (s.id.to_string(), (s.name.clone(), s.docs.iter().map(ToString::to_string).collect())))
            .collect(),
    }
}

/// Export `p` as `.qdpx`, import it into `dir`, and return both contents.
fn round_trip(p: &Project, texts: &BTreeMap<DocId, SourceText>, dir: &Path) -> (Content, Content, Vec<String>) {
    let text = |d: DocId| texts.get(&d);
    let bytes = export::render(p, &text, &Options::new(Format::Qdpx, "round trip")).expect("export").remove(0).1;
    let out = dir.join("back.synoptic.ron");
    let back = refi_import::import_qdpx_bytes(&bytes, &out).expect("import");
    let before = content(p, &|d| texts.get(&d).map(|t| t.as_str().to_owned()));
    let read = |d: DocId| {
        let doc = back.project.document(d)?;
        let path = synoptic::io::project_file::source_path(&out, &doc.path);
        std::fs::read_to_string(path).ok()
    };
    let after = content(&back.project, &read);
    (before, after, back.warnings)
}

#[test]
fn qdpx_round_trip_on_the_demo() {
    let (dir, _path, opened) = nasty_demo();
    let texts: BTreeMap<DocId, SourceText> = opened
        .sources
        .iter()
        .filter_map(|(d, s)| match s {
            SourceState::Loaded(l) => Some((*d, l.text.clone())),
            _ => None,
        })
        .collect();
    let out = dir.path().join("back");
    std::fs::create_dir(&out).expect("dir");
    let (before, after, warnings) = round_trip(&opened.project, &texts, &out);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(before, after, "the same project comes back");
    // GUIDs stable across exports.
    let t = text_of(&opened);
    let text = |d| t(d);
    let a = export::refi::project_xml(&opened.project, &text, &Options::new(Format::Qdpx, "x")).expect("xml").0;
    let b = export::refi::project_xml(&opened.project, &text, &Options::new(Format::Qdpx, "x")).expect("xml").0;
    let guids = |s: &str| s.split("guid=\"").skip(1).map(|g| g[..36].to_owned()).collect::<Vec<_>>();
    assert_eq!(guids(&a), guids(&b), "same GUIDs on a second export");
}

/// A generated project: documents with mixed-script text, nested tags,
/// passages with notes, links, memos and document sets.
fn arb_project() -> impl Strategy<Value = (Project, BTreeMap<DocId, SourceText>)> {
    let word = prop::sample::select(vec![
        "the", "Bridge", "é", "naïve", "שלום", "😀", "<b>", "&amp;", "]]>", "\"q\"", "a,b", "\n", "\n\n", "\t", "=1+1",
    ]);
    let text = prop::collection::vec(word, 1..60).prop_map(|w| w.join(" "));
    let note = prop::collection::vec(prop::sample::select(vec!["", "note", "<script>", "\n", "ü", "'", "&"]), 0..5)
        .prop_map(|w| w.concat());
    (
        prop::collection::vec(text, 1..4),
        prop::collection::vec((any::<u8>(), prop::option::of(0usize..4), note.clone()), 1..6),
        prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>(), any::<u8>(), note.clone()), 0..12),
        prop::collection::vec((any::<usize>(), any::<usize>(), note.clone()), 0..4),
        prop::collection::vec((note.clone(), note.clone()), 0..3),
        prop::collection::vec((note, any::<u8>()), 0..3),
    )
        .prop_map(|(texts, tags, passages, links, memos, sets)| {
            let mut p = Project::new();
            let mut edits = Vec::new();
            let mut loaded = BTreeMap::new();
            let mut docs = Vec::new();
            for (i, t) in texts.into_iter().enumerate() {
                let mut d = Document::new(format!("{i}.txt"));
                d.meta.title = format!("Doc {i} <{i}>");
                d.meta.source = if i % 2 == 0 { "Gazette & Co".into() } else { String::new() };
                d.meta.date = format!("2026-03-0{}", i + 1);
                let st = SourceText::new(synoptic::io::import::normalize_newlines(t));
                d.char_len = st.char_len();
                docs.push((d.id, st.char_len()));
                loaded.insert(d.id, st);
                edits.push(Project::add_document_edit(d));
            }
            let mut tag_ids = Vec::new();
            for (i, (c, parent, desc)) in tags.into_iter().enumerate() {
                let mut t = Tag::new(format!("code {i} & <more>"), Rgb::palette(usize::from(c)));
                t.parent = parent.filter(|p| *p < i).map(|p| tag_ids[p]);
                t.description = Some(desc).filter(|d| !d.trim().is_empty());
                t.order = u32::try_from(i).expect("few");
                tag_ids.push(t.id);
                edits.push(Project::add_tag_edit(t));
            }
            let mut ann_ids = Vec::new();
            for (d, s, e, t, n) in passages {
                let (doc, len) = docs[d % docs.len()];
                let (s, e) = (s % (len + 1), e % (len + 1));
                let range = CharRange::new(s.min(e), s.max(e));
                let mut a = Annotation::new(doc, Anchor::from_text(&loaded[&doc], range));
                if t % 3 != 0 {
                    a.tags.insert(tag_ids[usize::from(t) % tag_ids.len()]);
                }
                a.note = n;
                ann_ids.push(a.id);
                edits.push(Project::add_annotation_edit(a));
            }
            for (x, y, n) in links {
                if ann_ids.len() < 2 {
                    break;
                }
                let (a, b) = (ann_ids[x % ann_ids.len()], ann_ids[y % ann_ids.len()]);
                if a == b {
                    continue;
                }
                let mut l = Link::new(a, b, "quotes");
                l.note = n;
                edits.push(Edit::Link { id: l.id, value: Some(Box::new(l)) });
            }
            for (t, x) in memos {
                edits.push(Project::add_memo_edit(Memo::new(format!("memo {t}"), x)));
            }
            for (i, (name, members)) in sets.into_iter().enumerate() {
                // Any subset of the documents, the empty one included.
                let mut set = DocSet::new(format!("set {i}: {name}").trim());
                set.docs.extend(docs.iter().enumerate().filter(|(j, _)| members >> j & 1 == 1).map(|(_, d)| d.0));
                edits.push(Project::add_set_edit(set));
            }
            p.apply(Edit::Batch(edits)).expect("valid project");
            (p, loaded)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn qdpx_round_trip_keeps_everything((p, texts) in arb_project()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (before, after, warnings) = round_trip(&p, &texts, dir.path());
        prop_assert!(warnings.is_empty(), "{:?}", warnings);
        prop_assert_eq!(before, after);
    }
}

// ---- bad input -------------------------------------------------------

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).expect("entry");
        z.write_all(bytes).expect("write");
    }
    z.finish().expect("zip").into_inner()
}

const G1: &str = "6F1C8A9E-2B4D-4E11-9F3A-1C2D3E4F5A6B";
const G2: &str = "{0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3}";
const CODE: &str = "11111111-1111-4111-8111-111111111111";

fn qde(sources: &str, extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"other tool\">\n<CodeBook><Codes><Code guid=\"{CODE}\" name=\"Claim\" isCodable=\"true\" color=\"#FF0000\"><Description>A claim</Description></Code></Codes></CodeBook>\n<Sources>{sources}</Sources>{extra}\n</Project>"
    )
}

fn selection(guid: &str, start: usize, end: usize) -> String {
    format!(
        "<PlainTextSelection guid=\"{guid}\" startPosition=\"{start}\" endPosition=\"{end}\"><Coding guid=\"22222222-2222-4222-8222-222222222222\"><CodeRef targetGUID=\"{CODE}\"/></Coding></PlainTextSelection>"
    )
}

#[test]
fn crlf_bom_and_upper_case_guids_from_another_tool() {
    let stored = "\u{feff}First line\r\nThe bridge closed.\r\nEnd";
    // Positions in code points of the stored text: BOM and CR count.
    let byte = stored.find("The bridge").expect("hit");
    let start = stored[..byte].chars().count();
    let end = start + "The bridge closed.".chars().count();
    let src = format!(
        "<TextSource guid=\"{G1}\" name=\"Other\" plainTextPath=\"internal://{G1}.txt\">{}</TextSource>",
        selection(G2, start, end)
    );
    let bytes = zip_of(&[("project.qde", qde(&src, "").as_bytes()), (&format!("sources/{G1}.txt"), stored.as_bytes())]);
    let dir = tempfile::tempdir().expect("tempdir");
    let back = refi_import::import_qdpx_bytes(&bytes, &dir.path().join("p.synoptic.ron")).expect("import");
    let a = back.project.annotations().next().expect("the selection");
    assert_eq!(a.anchor.exact, "The bridge closed.", "exactly the coded text");
    assert_eq!(a.id.to_string(), "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3", "braced upper-case GUID kept");
    assert_eq!(back.project.documents().next().expect("doc").id.to_string(), G1.to_lowercase());
    let tag = back.project.codebook().iter().next().expect("tag");
    assert_eq!((tag.name.as_str(), tag.color.0, tag.description.as_deref()), ("Claim", [255, 0, 0], Some("A claim")));
}

#[test]
fn missing_source_and_escaping_paths_are_skipped_the_rest_imported() {
    let good = "33333333-3333-4333-8333-333333333333";
    let src = format!(
        "<TextSource guid=\"{G1}\" name=\"Gone\" plainTextPath=\"internal://{G1}.txt\"/>\
         <TextSource guid=\"44444444-4444-4444-8444-444444444444\" name=\"Sneaky\" plainTextPath=\"internal://../../etc/passwd\"/>\
         <TextSource guid=\"55555555-5555-4555-8555-555555555555\" name=\"Absolute\" plainTextPath=\"/home/someone/a.txt\"/>\
         <TextSource guid=\"{good}\" name=\"Here\"><PlainTextContent>Text kept inline.</PlainTextContent>{}</TextSource>",
        selection("66666666-6666-4666-8666-666666666666", 0, 4)
    );
    let bytes = zip_of(&[("project.qde", qde(&src, "").as_bytes()), ("../evil.txt", b"x"), ("/abs.txt", b"y")]);
    let dir = tempfile::tempdir().expect("tempdir");
    let back = refi_import::import_qdpx_bytes(&bytes, &dir.path().join("p.synoptic.ron")).expect("import");
    let titles: Vec<&str> = back.project.documents().map(|d| d.meta.title.as_str()).collect();
    assert_eq!(titles, ["Here"], "only the readable source");
    let w = back.warnings.join("\n");
    assert!(w.contains("“Gone” skipped") && w.contains("missing"), "{w}");
    assert!(w.contains("“Sneaky” skipped") && w.contains("not allowed"), "{w}");
    assert!(w.contains("“Absolute” skipped"), "{w}");
    assert_eq!(back.project.annotations().next().expect("a").anchor.exact, "Text");
    assert!(!dir.path().join("../evil.txt").exists(), "nothing written outside");
    let written: Vec<_> = walk(dir.path());
    assert!(written.iter().all(|p| p.starts_with(dir.path())), "{written:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn positions_past_the_end_duplicates_and_unknown_elements_are_reported() {
    let src = format!(
        "<TextSource guid=\"{G1}\" name=\"Short\"><PlainTextContent>Short text.</PlainTextContent>{}{}{}<Gizmo/></TextSource>",
        selection("77777777-7777-4777-8777-777777777777", 0, 5),
        selection("77777777-7777-4777-8777-777777777777", 6, 10),
        selection("88888888-8888-4888-8888-888888888888", 3, 500)
    );
    let bytes = zip_of(&[("project.qde", qde(&src, "<Whatsit/>").as_bytes())]);
    let dir = tempfile::tempdir().expect("tempdir");
    let back = refi_import::import_qdpx_bytes(&bytes, &dir.path().join("p.synoptic.ron")).expect("import");
    let quotes: BTreeSet<String> = back.project.annotations().map(|a| a.anchor.exact.clone()).collect();
    assert_eq!(quotes, ["Short".to_owned(), "text".to_owned()].into(), "both in range, the duplicate with a new id");
    let w = back.warnings.join("\n");
    assert!(w.contains("1 selection(s) lie outside its text"), "{w}");
    assert!(w.contains("duplicate GUID 77777777"), "{w}");
    assert!(w.contains("Gizmo") && w.contains("Whatsit"), "unknown elements named: {w}");
}

#[test]
fn malformed_xml_and_zip_bombs_are_clear_errors() {
    let bad = "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n<Sources>\n<TextSource guid=\"a\"></Sources>\n</Project>";
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("p.synoptic.ron");
    let err = refi_import::import_qdpx_bytes(&zip_of(&[("project.qde", bad.as_bytes())]), &out).expect_err("malformed");
    match &err {
        RefiError::Xml { line, column, .. } => assert_eq!((*line, *column > 0), (4, true), "{err}"),
        other => panic!("not an XML error: {other}"),
    }
    assert!(err.to_string().contains("line 4"), "{err}");
    // 200 MB of zeros compress to a few hundred kB.
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("project.qde", opt).expect("entry");
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..200 {
        z.write_all(&zeros).expect("write");
    }
    let bomb = z.finish().expect("zip").into_inner();
    assert!(bomb.len() < 2 << 20, "small on disk: {}", bomb.len());
    let err = refi_import::import_qdpx_bytes(&bomb, &out).expect_err("bomb refused");
    assert!(err.to_string().contains("MB") || err.to_string().contains("bytes"), "{err}");
    let err = refi_import::import_qdpx_bytes(b"not a zip", &out).expect_err("not a zip");
    assert!(!err.to_string().is_empty());
    assert!(!out.exists(), "no project written");
}

#[test]
fn export_to_an_unwritable_place_fails_clearly_and_touches_nothing() {
    let (dir, path, opened) = demo();
    let before = std::fs::read(&path).expect("project file");
    let t = text_of(&opened);
    let text = |d| t(d);
    // A file where a folder should be: nothing can be written under it.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "x").expect("file");
    for format in Format::ALL {
        let out = blocker.join(format!("report.{}", format.extension()));
        let err = export::export(&opened.project, &text, &Options::new(format, "x"), &out).expect_err("cannot write");
        assert!(err.to_string().contains("report."), "names the file: {err}");
    }
    assert_eq!(std::fs::read(&path).expect("project file"), before, "the project file untouched");
}

#[test]
fn qdc_codebook_merges_by_name_and_reports_clashes() {
    let (_dir, _path, opened) = demo();
    let qdc = export::refi::qdc(&opened.project);
    let (tags, warnings) = refi_import::read_codebook(qdc.as_bytes()).expect("qdc reads");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(tags.len(), opened.project.codebook().len());
    // Into an empty project: every tag added.
    let empty = Project::new();
    assert_eq!(refi_import::merge_codebook(&empty, &tags).added.len(), tags.len());
    // Into itself: nothing new, no clash.
    let same = refi_import::merge_codebook(&opened.project, &tags);
    assert!(same.added.is_empty() && same.clashes.is_empty());
    // A changed colour is a clash; a new tag under an existing one keeps its parent.
    let mut changed = tags.clone();
    changed[0].color = Rgb([1, 2, 3]);
    let mut child = Tag::new("Brand new", Rgb([9, 9, 9]));
    child.parent = Some(changed[0].id);
    changed.push(child);
    let m = refi_import::merge_codebook(&opened.project, &changed);
    assert_eq!(m.clashes.len(), 1);
    assert_eq!(m.added.len(), 1);
    let ours = opened.project.codebook().iter().find(|t| t.name == changed[0].name).expect("ours").id;
    assert_eq!(m.added[0].parent, Some(ours), "nested under our tag of that name");
}

#[test]
fn a_pdf_source_comes_in_through_its_text_representation() {
    let pdf_guid = "99999999-9999-4999-8999-999999999999";
    let repr = "Page one text.\nThe council said the bridge would reopen.";
    let start = repr.find("the bridge").expect("hit");
    let src = format!(
        "<PDFSource guid=\"{pdf_guid}\" name=\"Council minutes\" path=\"internal://minutes.pdf\">\
           <PDFSelection guid=\"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa\" page=\"1\" firstX=\"1\" firstY=\"1\" secondX=\"2\" secondY=\"2\"/>\
           <Representation guid=\"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb\" plainTextPath=\"internal://minutes.txt\">{}</Representation>\
         </PDFSource>\
         <PDFSource guid=\"cccccccc-cccc-4ccc-8ccc-cccccccccccc\" name=\"Scan only\" path=\"internal://scan.pdf\"/>",
        selection("dddddddd-dddd-4ddd-8ddd-dddddddddddd", start, start + "the bridge".len())
    );
    let bytes = zip_of(&[("project.qde", qde(&src, "").as_bytes()), ("sources/minutes.txt", repr.as_bytes())]);
    let dir = tempfile::tempdir().expect("tempdir");
    let back = refi_import::import_qdpx_bytes(&bytes, &dir.path().join("p.synoptic.ron")).expect("import");
    let titles: Vec<&str> = back.project.documents().map(|d| d.meta.title.as_str()).collect();
    assert_eq!(titles, ["Council minutes"], "the PDF, as its text");
    let a = back.project.annotations().next().expect("its selection");
    assert_eq!(a.anchor.exact, "the bridge");
    assert_eq!(a.tags.len(), 1, "with its coding");
    assert_eq!(back.project.annotations().count(), 1, "the page-coordinate selection is not a text passage");
    let w = back.warnings.join("\n");
    assert!(w.contains("1 PDF (without a text representation) source(s) skipped"), "{w}");
}
