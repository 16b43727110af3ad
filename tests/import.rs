//! Importing articles: every format from the fixtures in
//! `tests/fixtures/import` (made by `make_fixtures.py` there), bad input
//! (each a clear message, no panic, no hang), and projects that keep their
//! text after the originals are gone.

mod common;

use std::path::{Path, PathBuf};

use synoptic::cli::{self, Command, EXIT_ERROR, EXIT_OK};
use synoptic::io::import::{self, Failure, Format, ImportError, ImportOptions, import_bytes, import_file};
use synoptic::io::{project_file, snapshot, workspace};
use synoptic::model::{Anchor, AnchorStatus, Annotation, CharRange, Project};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn text_of(name: &str) -> (import::Imported, String) {
    let imp = import_file(&fixture(name), ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let t = imp.loaded.text.as_str().to_owned();
    (imp, t)
}

fn run(cmd: &Command) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run(cmd, &mut out, &mut err);
    (code, String::from_utf8(out).expect("utf8"), String::from_utf8(err).expect("utf8"))
}

#[test]
fn saved_news_page_gives_the_article_and_its_metadata() {
    let (imp, t) = text_of("article.html");
    assert_eq!(imp.format, Format::Html, "sniffed");
    assert!(t.contains("“Safety comes first,” said the council’s head of engineering, Hélène Dubois."), "{t}");
    assert!(t.contains("\n\nSix weeks of repairs\n\n"), "list items are paragraphs: {t}");
    for junk in ["Home", "Share on", "Advertisement", "First!", "Related stories", "All rights reserved", "track"] {
        assert!(!t.contains(junk), "{junk:?} left out: {t}");
    }
    let m = &imp.meta;
    assert_eq!(m.title, "Footbridge closed after cracks found", "title");
    assert_eq!(m.author, "Ann Writer", "author");
    assert_eq!(m.site, "The Riverton Ledger", "site");
    assert_eq!(m.url, "https://riverton-ledger.example/news/footbridge-closed", "canonical URL");
    assert_eq!(m.lang, "en", "language");
    assert!(m.date.starts_with("2026-03-02"), "date {}", m.date);
}

#[test]
fn pdf_report_reads_cleanly_with_page_starts() {
    let (imp, t) = text_of("report.pdf");
    assert_eq!(imp.format, Format::Pdf, "sniffed");
    assert!(!t.contains("City of Riverton"), "running header dropped: {t}");
    assert!(!t.contains("Page 1"), "page numbers dropped: {t}");
    assert!(t.contains("after engineers found cracks"), "hyphenated word joined: {t}");
    assert!(
        t.contains("while the work goes on, starting with the first inspection"),
        "paragraph rejoined across the page break: {t}"
    );
    assert_eq!(imp.pages.len(), 3, "three pages");
    let page = |i: usize| t.chars().skip(imp.pages[i]).take(20).collect::<String>();
    assert!(page(1).starts_with("on, starting"), "page 2 starts mid-paragraph: {}", page(1));
    assert!(page(2).starts_with("Recommendations"), "page 3: {}", page(2));
    assert_eq!(imp.meta.title, "Footbridge Inspection Report", "title from the info dictionary");
}

#[test]
fn word_and_opendocument_transcripts() {
    let (imp, t) = text_of("transcript.docx");
    assert_eq!(imp.format, Format::Docx, "sniffed");
    assert_eq!(
        t,
        "Interview 3: the footbridge\n\nInterviewer: Where were you when the bridge closed?\n\n\
         Resident: On it, nearly. They put the barriers up at eight[1], and I had to walk round.\n\n\
         What changed for you:\n\nTwenty minutes more to work\n\nNo more evening walks by the river\n\n\
         Speaker\tMinutes\nResident\t34\n\nInterviewer: Thank you.\n\nNotes\n\n[1] The council says 7:30.",
        "docx text"
    );
    assert_eq!((imp.meta.title.as_str(), imp.meta.author.as_str()), ("Interview 3", "R. Searcher"), "docx meta");
    let (imp, t) = text_of("transcript.odt");
    assert_eq!(imp.format, Format::Odt, "sniffed");
    assert!(t.starts_with("Interview 4: the footbridge\n\nInterviewer: How did you hear"), "{t}");
    assert!(t.contains("From a customer[1], on Monday morning."), "note marker: {t}");
    assert!(t.contains("Day\tTakings\nMonday\t-40%"), "table: {t}");
    assert!(t.ends_with("Notes\n\n[1] Before the council notice."), "notes at the end: {t}");
}

#[test]
fn epub_and_markdown() {
    let (imp, t) = text_of("book.epub");
    assert_eq!(imp.format, Format::Epub, "sniffed");
    assert_eq!(
        t,
        "Chapter 1\n\nThe bridge had stood for sixty years.\n\nNobody thought it would close.\n\n\
         Chapter 2\n\nOn Monday the barriers went up at eight.",
        "chapters in order, each with its title once"
    );
    assert_eq!((imp.meta.title.as_str(), imp.meta.author.as_str()), ("The Bridge", "A. Novelist"), "meta");
    let (imp, t) = text_of("notes.md");
    assert_eq!(imp.format, Format::Markdown, "by extension");
    assert!(t.starts_with("Reading notes: the footbridge\n\nThree outlets covered the closure on Monday;"), "{t}");
    assert!(t.contains("see the council's statement."), "link text without the address: {t}");
    assert!(!t.contains("**") && !t.contains("](") && !t.contains("```"), "no markup: {t}");
}

#[test]
fn pdfs_without_text_or_with_a_password_say_so() {
    let err = import_file(&fixture("scan.pdf"), ImportOptions::default()).expect_err("scan");
    assert_eq!(err.failure(), Some(&Failure::NoTextLayer), "{err}");
    assert!(err.to_string().contains("OCR") && err.to_string().contains("scan.pdf"), "{err}");
    let err = import_file(&fixture("locked.pdf"), ImportOptions::default()).expect_err("locked");
    assert_eq!(err.failure(), Some(&Failure::Encrypted), "{err}");
    // Encrypted only to restrict permissions: opens like any PDF.
    let (_, t) = text_of("permissions.pdf");
    assert_eq!(t, "Minutes of the bridge committee, open to all readers.", "decrypted with the empty password");
}

/// Found by the `import` fuzz target: a text operator with a stray quote
/// makes the PDF reader crate panic. The importer's guard turns that into
/// a message; the app stays up.
#[test]
fn a_pdf_that_crashes_the_reader_is_a_message() {
    let bytes = std::fs::read(fixture("malformed-tm.pdf")).expect("read");
    match import_bytes(bytes, "malformed-tm.pdf", ImportOptions::default()) {
        Err(import::BytesError::Failed(f)) => {
            assert_eq!(f, Failure::Crashed("pdf"), "{f}");
            assert!(f.to_string().to_lowercase().contains("pdf"), "the message names the format: {f}");
        }
        Err(import::BytesError::Binary) => panic!("a PDF is not refused as binary"),
        Ok(i) => panic!("the reader crate no longer panics here; this test is stale: {:?}", i.loaded.text.as_str()),
    }
}

#[test]
fn broken_and_disguised_files() {
    let pdf = std::fs::read(fixture("report.pdf")).expect("read");
    // A PDF named .html is read as a PDF.
    let imp = import_bytes(pdf.clone(), "story.html", ImportOptions::default()).expect("pdf as html");
    assert_eq!(imp.format, Format::Pdf, "content wins over the name");
    // Truncated files: a message, not a panic.
    for (name, percent) in [("report.pdf", 60), ("transcript.docx", 50), ("book.epub", 70)] {
        let bytes = std::fs::read(fixture(name)).expect("read");
        let n = bytes.len() * percent / 100;
        match import_bytes(bytes[..n].to_vec(), name, ImportOptions::default()) {
            Err(import::BytesError::Failed(f)) => assert!(!f.to_string().is_empty(), "{name}: a message"),
            Err(import::BytesError::Binary) => {}
            Ok(i) => assert!(i.loaded.text.char_len() > 0, "{name}: whatever was readable"),
        }
    }
    // Truncated and malformed HTML still gives the text that is there.
    let html = std::fs::read_to_string(fixture("article.html")).expect("read");
    let cut = &html[..html.find("<ul>").expect("list")];
    let imp = import_bytes(cut.as_bytes().to_vec(), "cut.html", ImportOptions::default()).expect("truncated html");
    assert!(imp.loaded.text.as_str().contains("Pedestrians are asked"), "{}", imp.loaded.text.as_str());
    let messy = html.replace("</p>", "").replace("<article>", "<article><div><span>");
    let imp = import_bytes(messy.into_bytes(), "messy.html", ImportOptions::default()).expect("malformed html");
    assert!(imp.loaded.text.as_str().contains("Safety comes first"), "malformed html read");
    // An image is refused by name of what it is.
    let err = import_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "x.html", ImportOptions::default());
    assert!(
        matches!(err, Err(import::BytesError::Failed(Failure::Unsupported(ref m))) if m.contains("PNG")),
        "{err:?}"
    );
}

#[test]
fn a_word_zip_bomb_is_refused() {
    // document.xml declares and expands to more than the cap; it compresses
    // to a few hundred KB.
    let mut body = b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>".to_vec();
    body.resize(body.len() + 129 * 1024 * 1024, b'a');
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).expect("entry");
    std::io::Write::write_all(&mut w, &body).expect("write");
    let bytes = w.finish().expect("zip").into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "small on disk: {}", bytes.len());
    let err = import_bytes(bytes, "bomb.docx", ImportOptions::default()).expect_err("refused");
    let import::BytesError::Failed(f) = err else { panic!("a reason") };
    // The zip declares the entry's size, so the message gives it.
    assert!(f.to_string().contains("expands to 129 MB, over the limit of 128 MB"), "{f}");
}

#[test]
fn a_big_page_imports_without_trouble() {
    // About 50 MB of article paragraphs.
    let para = "<p>The council said the footbridge would stay closed while engineers examined the cracks in its \
                supports, and residents should use the road bridge downstream.</p>\n";
    let mut page = String::from("<!doctype html><html><head><title>Big</title></head><body><article>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(para);
    }
    page.push_str("</article></body></html>");
    let imp = import_bytes(page.into_bytes(), "big.html", ImportOptions::default()).expect("big page");
    assert!(imp.loaded.text.char_len() > 40_000_000, "text kept: {}", imp.loaded.text.char_len());
}

#[test]
fn script_shell_page_offers_its_visible_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("app.html");
    std::fs::write(
        &p,
        "<!doctype html><html><head><script src=x.js></script></head><body><div id=app></div><p>Loading the story…</p></body></html>",
    )
    .expect("write");
    let err = import_file(&p, ImportOptions::default()).expect_err("no article");
    assert!(matches!(err, ImportError::Format { reason: Failure::NoArticle, .. }), "{err}");
    let all = import_file(&p, ImportOptions { all_text: true, ..ImportOptions::default() }).expect("visible text");
    assert_eq!(all.loaded.text.as_str(), "Loading the story…", "visible text");
    let (code, _, err) = run(&Command::Extract { file: p.clone(), json: false, all_text: false });
    assert_eq!(code, EXIT_ERROR, "extract fails");
    assert!(err.contains("--all-text"), "and says what to do: {err}");
}

#[test]
fn extract_prints_what_import_stores() {
    let (code, out, err) = run(&Command::Extract { file: fixture("report.pdf"), json: true, all_text: false });
    assert_eq!(code, EXIT_OK, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    let (imp, t) = text_of("report.pdf");
    assert_eq!(v["text"], t, "same text as import");
    assert_eq!(v["pages"].as_array().map(Vec::len), Some(3), "pages");
    assert_eq!(v["title"], "Footbridge Inspection Report", "title");
    assert_eq!(v["pages"][1], imp.pages[1], "page offsets");
    let (code, out, _) = run(&Command::Extract { file: fixture("transcript.docx"), json: false, all_text: false });
    assert_eq!(code, EXIT_OK, "plain output");
    assert_eq!(out.trim_end(), text_of("transcript.docx").1, "text as stored");
}

#[test]
fn new_project_keeps_snapshots_and_survives_moving_the_originals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let originals = dir.path().join("downloads");
    std::fs::create_dir(&originals).expect("mkdir");
    let names = ["article.html", "report.pdf", "transcript.docx", "transcript.odt", "book.epub", "notes.md"];
    let files: Vec<PathBuf> = names
        .iter()
        .map(|n| {
            let to = originals.join(n);
            std::fs::copy(fixture(n), &to).expect("copy");
            to
        })
        .collect();
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "A plain text source.\n").expect("write");
    let mut all = files.clone();
    all.push(plain.clone());
    let proj = dir.path().join("study.synoptic.ron");
    let (code, out, err) = run(&Command::New { project: proj.clone(), files: all });
    assert_eq!(code, EXIT_OK, "{out}{err}");

    let loaded = project_file::load(&proj).expect("load").project;
    assert_eq!(loaded.documents().count(), 7, "all added");
    let sources = snapshot::sources_dir(&proj);
    for d in loaded.documents() {
        if d.path == "plain.txt" {
            assert!(d.origin.is_none(), "plain text is read as it is");
            continue;
        }
        let o = d.origin.as_ref().expect("imported documents record their original");
        assert!(d.path.starts_with("study.sources/"), "snapshot path {}", d.path);
        assert!(o.path.starts_with("downloads/"), "original path relative: {}", o.path);
        assert_eq!(o.hash.len(), 64, "original hash");
        assert!(!o.version.is_empty(), "importer version");
        let snap = std::fs::read_to_string(project_file::source_path(&proj, &d.path)).expect("snapshot is UTF-8");
        assert_eq!(snap.chars().count(), d.char_len, "snapshot matches the record");
        if o.importer == "pdf" {
            assert_eq!(o.pages.len(), 3, "page starts saved");
        }
    }
    assert_eq!(std::fs::read_dir(&sources).expect("sources").count(), 6, "one snapshot per imported source");
    let html_doc = loaded.documents().find(|d| d.origin.as_ref().is_some_and(|o| o.importer == "html")).expect("html");
    assert_eq!(html_doc.meta.source, "The Riverton Ledger", "outlet filled in");
    assert_eq!(html_doc.meta.lang, "en", "language kept");

    // Annotate the PDF, then take the originals away: the project still
    // opens with every text, and the passage is exact.
    let mut p = loaded.clone();
    let pdf = p.documents().find(|d| d.origin.as_ref().is_some_and(|o| o.importer == "pdf")).expect("pdf").clone();
    let text = import::load_text(&project_file::source_path(&proj, &pdf.path), ImportOptions::default()).expect("snap");
    let at = text.text.as_str().find("Both cracks are new").expect("quote");
    let r = CharRange::new(at, at + "Both cracks are new".len());
    p.apply(Project::add_annotation_edit(Annotation::new(pdf.id, Anchor::from_text(&text.text, r)))).expect("add");
    project_file::save(&p, &proj).expect("save");
    std::fs::remove_dir_all(&originals).expect("originals gone");
    let opened = workspace::open(&proj, ImportOptions::default()).expect("opens");
    assert!(
        opened.sources.values().all(|s| matches!(s, workspace::SourceState::Loaded(_))),
        "every text read from its snapshot"
    );
    assert!(opened.project.annotations().all(|a| a.status == AnchorStatus::Exact), "passages exact");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_OK, "check is happy without the originals: {out}");
}

#[test]
fn project_with_origins_round_trips() {
    let mut p = common::sample_project();
    let id = p.documents().next().expect("doc").id;
    let e = p
        .update_document_edit(id, |d| {
            d.meta.lang = "fr".into();
            d.origin = Some(synoptic::model::Origin {
                path: "../down loads/rapport \"final\".pdf".into(),
                hash: "ab".repeat(32),
                importer: "pdf".into(),
                version: "pdf 1 (pdf-extract 0.12)".into(),
                imported: chrono::Utc::now(),
                fetched_from: "https://example.org/r.pdf".into(),
                pages: vec![0, 120, 4000],
            });
        })
        .expect("edit");
    p.apply(e).expect("apply");
    let text = project_file::to_ron(&p);
    let back = project_file::parse(text.as_bytes(), Path::new("x.synoptic.ron")).expect("parses");
    assert!(back.read_only.is_none(), "every field known");
    assert_eq!(project_file::to_ron(&back.project), text, "same bytes after a round trip");
    let d = back.project.document(id).expect("doc");
    assert_eq!(d.origin.as_ref().map(|o| o.pages.len()), Some(3), "pages kept");
    assert_eq!(d.meta.lang, "fr", "lang kept");
}

/// The files pandoc writes from `tests/fixtures/pandoc/field-note.md` (see
/// `make.sh` there).
fn pandoc_text(ext: &str) -> (import::Imported, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pandoc").join(format!("field-note.{ext}"));
    let imp = import_file(&path, ImportOptions::default()).unwrap_or_else(|e| panic!("{ext}: {e}"));
    let t = imp.loaded.text.as_str().to_owned();
    (imp, t)
}

#[test]
fn pandoc_files_read_as_written() {
    // The table's header row and its body are one paragraph.
    let table = "Speaker\tRole\tMinutes\nOkafor\tEngineer\t25\nLindqvist\tResident\t8\nHaddad\tCouncillor\t12";
    for ext in ["docx", "odt", "epub", "html"] {
        let (imp, t) = pandoc_text(ext);
        assert!(t.contains(table), "{ext}: table in one piece: {t}");
        assert!(t.contains("more than the organisers had chairs for.[1]"), "{ext}: note reference: {t}");
        assert!(
            t.contains("[1] Counted from the sign-in sheet, which some people did not sign"),
            "{ext}: the note with its number: {t}"
        );
        assert!(!t.contains('\u{21a9}'), "{ext}: no back-link arrows: {t}");
        assert!(t.contains("The next meeting is planned for April"), "{ext}: last paragraph: {t}");
        assert_eq!(imp.meta.title, "Flood Meeting Field Note", "{ext}: title");
        if ext != "html" {
            assert_eq!(imp.meta.author, "Rosa Marchetti", "{ext}: author");
        }
        // The date the note gives, not the day pandoc wrote the file.
        assert_eq!(imp.meta.date, "2021-03-14", "{ext}: date");
    }
    let (_, epub) = pandoc_text("epub");
    assert!(!epub.contains("Title Page"), "the landmarks are not chapter titles: {epub}");
    // The title page (title, author, date) is the book's metadata again.
    assert!(epub.starts_with("Flood Meeting Field Note\n\nThe residents"), "no title page before the chapter: {epub}");
    assert!(!epub.contains("Rosa Marchetti"), "the author is metadata: {epub}");
}
