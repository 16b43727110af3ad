//! Exports checked with the tools their users open them with: the `.qdpx`
//! project against the REFI-QDA schema with `xmllint`, and the HTML report
//! printed to PDF by a headless Chromium. These need `libxml2-utils` and
//! `chromium` (Debian packages), so they run with
//! `--features external-tools`, as `.ci/run` does after installing them.
#![cfg(feature = "external-tools")]

mod common;

use std::path::Path;
use std::process::Command;

use synoptic::io::export::{self, Format, Options};
use synoptic::io::import::ImportOptions;
use synoptic::io::workspace::{self, SourceState};
use synoptic::model::DocId;

/// The REFI-QDA schema: in `../shared/refi-qda` beside the repository, or
/// where `SYNOPTIC_SHARED` points (`.ci/run` sets it for a clone made
/// elsewhere).
fn schema() -> std::path::PathBuf {
    let shared = std::env::var_os("SYNOPTIC_SHARED")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"), std::path::PathBuf::from);
    let xsd = shared.join("refi-qda/Project.xsd");
    assert!(xsd.exists(), "the REFI-QDA schema is not at {} (set SYNOPTIC_SHARED)", xsd.display());
    xsd
}

/// Export the demo (with a nasty note and a memo full of markup) as `format` into `dir`.
fn export_demo(dir: &Path, format: Format) -> std::path::PathBuf {
    let project = common::ui::copy_demo(dir);
    let mut opened = workspace::open(&project, ImportOptions::default()).expect("demo opens");
    let first = opened.project.annotations().next().expect("a passage").id;
    let e = opened
        .project
        .update_annotation_edit(first, |a| a.note = "<script>alert(1)</script> ]]> & \u{7} bell, שלום".into())
        .expect("edit");
    opened.project.apply(e).expect("apply");
    let text = |d: DocId| match opened.sources.get(&d) {
        Some(SourceState::Loaded(l)) => Some(&l.text),
        _ => None,
    };
    let out = dir.join(format!("demo.{}", format.extension()));
    export::export(&opened.project, &text, &Options::new(format, "Demo report"), &out).expect("export");
    out
}

#[test]
fn qdpx_validates_against_the_refi_qda_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let qdpx = export_demo(dir.path(), Format::Qdpx);
    let bytes = std::fs::read(&qdpx).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").expect("project.qde"), &mut xml).expect("utf-8");
    let qde = dir.path().join("project.qde");
    std::fs::write(&qde, &xml).expect("write");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema())
        .arg(&qde)
        .output()
        .expect("xmllint runs (install libxml2-utils)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "xmllint: {said}");
    assert!(said.contains("validates"), "{said}");
    // The sources the project names are in the archive.
    for line in xml.lines().filter(|l| l.contains("plainTextPath=\"internal://")) {
        let name = line.split("internal://").nth(1).and_then(|s| s.split('"').next()).expect("a name");
        assert!(zip.by_name(&format!("sources/{name}")).is_ok(), "sources/{name} in the archive");
    }
    // A broken file does not validate: the check can fail.
    std::fs::write(&qde, xml.replace("isCodable=\"true\"", "isCodable=\"perhaps\"")).expect("write");
    let bad = Command::new("xmllint").args(["--noout", "--schema"]).arg(schema()).arg(&qde).output().expect("xmllint");
    assert!(!bad.status.success(), "an invalid file is refused");
}

#[test]
fn html_report_prints_in_a_real_browser() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = export_demo(dir.path(), Format::Html);
    let pdf = dir.path().join("report.pdf");
    let out = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs (install chromium)");
    assert!(pdf.exists(), "no PDF: {}", String::from_utf8_lossy(&out.stderr));
    let doc = lopdf::Document::load(&pdf).expect("a PDF");
    let pages = doc.get_pages().len();
    let project = workspace::open(&dir.path().join("demo.synoptic.ron"), ImportOptions::default()).expect("demo");
    let tags = project.project.codebook().len();
    assert!(pages > tags, "a page per tag after the overview: {pages} pages for {tags} tags");
    let text = pdf_extract::extract_text(&pdf).expect("text of the PDF");
    for heading in ["Demo report", "Documents", "Codebook", "Memos"] {
        assert!(text.contains(heading), "{heading:?} printed");
    }
    for t in project.project.codebook().iter() {
        assert!(text.contains(&t.name), "tag {:?} printed", t.name);
    }
    let squeezed: String = text.split_whitespace().collect();
    assert!(squeezed.contains("<script>alert(1)</script>"), "the note printed as text, not run");
}

/// Validate `xml` against the schema with `xmllint`, in `dir`.
fn validates(dir: &Path, xml: &str) {
    let qde = dir.join("check.qde");
    std::fs::write(&qde, xml).expect("write");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema())
        .arg(&qde)
        .output()
        .expect("xmllint runs (install libxml2-utils)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.contains("validates"), "xmllint: {said}");
}

#[test]
fn a_qualcoder_project_goes_back_out_valid() {
    // Categories, coding and source memos as Descriptions, a journal as a
    // Note with a file: what we write for QualCoder stays valid.
    let archive = schema().with_file_name("qualcoder-export/qualcoder-export.qdpx");
    if !archive.exists() {
        eprintln!("skipping: {} is absent", archive.display());
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("qc.synoptic.ron");
    let imported = synoptic::io::export::refi_import::import_qdpx(&archive, &file).expect("imports");
    let opened = workspace::open(&file, ImportOptions::default()).expect("the import opens");
    assert_eq!(opened.project.annotations().count(), imported.project.annotations().count());
    let text = |d: DocId| match opened.sources.get(&d) {
        Some(SourceState::Loaded(l)) => Some(&l.text),
        _ => None,
    };
    let out = dir.path().join("back.qdpx");
    export::export(&opened.project, &text, &Options::new(Format::Qdpx, "QualCoder round trip"), &out).expect("export");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&out).expect("read"))).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").expect("project.qde"), &mut xml).expect("utf-8");
    validates(dir.path(), &xml);
    assert!(xml.contains("isCodable=\"false\""), "the category");
    assert!(xml.contains("<Description>Coding memo: “pay” rise – £1,400 &amp; more</Description>"), "coding memo");
    assert!(xml.contains("<Description>Source memo for the seed article</Description>"), "source memo");
    let journal = xml.lines().find(|l| l.contains("name=\"Project journal\"")).expect("the journal's Note");
    let name = journal.split("internal://").nth(1).and_then(|s| s.split('"').next()).expect("a plainTextPath");
    let mut kept = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(&format!("sources/{name}")).expect("its file"), &mut kept)
        .expect("utf-8");
    assert_eq!(kept, "Journal entry: Hélène’s notes\nsecond line");
}
