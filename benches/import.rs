//! Import speed: a saved news page, a 300-page PDF, and the novel as an
//! EPUB (built here from `../shared/corpus`; skipped when it is absent).

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use synoptic::io::import::{ImportOptions, import_bytes};

fn corpus() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    p.is_dir().then_some(p)
}

fn html_pages(c: &mut Criterion) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/article.html");
    let mut pages = vec![("fixture article", std::fs::read(fixture).expect("fixture"))];
    if let Some(dir) = corpus() {
        for name in ["nytimes-1", "guardian-1", "wapo-1"] {
            if let Ok(b) = std::fs::read(dir.join("html-dev").join(name).join("page.html")) {
                pages.push((name, b));
            }
        }
    }
    let mut g = c.benchmark_group("import html");
    for (name, bytes) in pages {
        g.bench_function(format!("{name} ({} KB)", bytes.len() / 1024), |b| {
            b.iter(|| black_box(import_bytes(bytes.clone(), "page.html", ImportOptions::default()).expect("page")));
        });
    }
    g.finish();
}

/// A PDF of `n` pages of report text (Helvetica, a running header and a
/// page number on each page), written object by object.
fn pdf_of_pages(n: usize) -> Vec<u8> {
    let mut objs: Vec<String> = Vec::new();
    objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objs.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")));
    objs.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into());
    for p in 0..n {
        let mut content = String::from("BT /F1 10 Tf\n");
        let _ = writeln!(content, "1 0 0 1 72 760 Tm (Annual report on the river crossings) Tj");
        for line in 0..45 {
            let y = 720 - line * 14;
            let _ = writeln!(
                content,
                "1 0 0 1 72 {y} Tm (Line {line} of page {p}: the council inspected the bridge supports and found) Tj"
            );
        }
        let _ = writeln!(content, "1 0 0 1 300 40 Tm ({}) Tj\nET", p + 1);
        objs.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 5 + 2 * p));
        objs.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1);
    for off in offsets {
        let _ = writeln!(out, "{off:010} 00000 n ");
    }
    let _ = write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1);
    out
}

fn pdf_300_pages(c: &mut Criterion) {
    let pdf = pdf_of_pages(300);
    let mut g = c.benchmark_group("import pdf");
    g.sample_size(10);
    g.bench_function("300 pages", |b| {
        b.iter(|| black_box(import_bytes(pdf.clone(), "report.pdf", ImportOptions::default()).expect("pdf")));
    });
    g.finish();
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The novel as an EPUB: one XHTML file per chapter, a paragraph per
/// blank-line-separated block.
fn novel_epub(text: &str) -> Vec<u8> {
    let mut chapters: Vec<String> = vec![String::new()];
    for para in text.split("\n\n") {
        if para.trim_start().starts_with("CHAPTER") && !chapters.last().is_some_and(String::is_empty) {
            chapters.push(String::new());
        }
        let cur = chapters.last_mut().expect("a chapter");
        let _ = writeln!(cur, "<p>{}</p>", escape(&para.replace('\n', " ")));
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).expect("entry");
    w.write_all(b"application/epub+zip").expect("write");
    w.start_file("META-INF/container.xml", deflated).expect("entry");
    w.write_all(b"<container><rootfiles><rootfile full-path=\"content.opf\"/></rootfiles></container>").expect("write");
    let mut manifest = String::new();
    let mut spine = String::new();
    for (i, body) in chapters.iter().enumerate() {
        let _ = write!(manifest, "<item id=\"c{i}\" href=\"c{i}.xhtml\" media-type=\"application/xhtml+xml\"/>");
        let _ = write!(spine, "<itemref idref=\"c{i}\"/>");
        w.start_file(format!("c{i}.xhtml"), deflated).expect("entry");
        let _ =
            write!(w, "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>{body}</body></html>");
    }
    w.start_file("content.opf", deflated).expect("entry");
    let _ = write!(
        w,
        "<package><metadata><dc:title>War and Peace</dc:title></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"
    );
    w.finish().expect("zip").into_inner()
}

fn novel_as_epub(c: &mut Criterion) {
    let Some(dir) = corpus() else {
        eprintln!("skipping the EPUB bench: ../shared/corpus is absent");
        return;
    };
    let Ok(novel) = synoptic::io::import::load_text(&dir.join("war-and-peace-pg2600.txt"), ImportOptions::default())
    else {
        return;
    };
    let epub = novel_epub(novel.text.as_str());
    let mut g = c.benchmark_group("import epub");
    g.sample_size(10);
    g.bench_function(format!("War and Peace ({} KB)", epub.len() / 1024), |b| {
        b.iter(|| black_box(import_bytes(epub.clone(), "novel.epub", ImportOptions::default()).expect("epub")));
    });
    g.finish();
}

criterion_group!(benches, html_pages, pdf_300_pages, novel_as_epub);
criterion_main!(benches);
