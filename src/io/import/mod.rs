//! Reading sources: plain text, and the article formats our users collect
//! (saved web pages, PDF, Word, OpenDocument, EPUB, Markdown), each turned
//! into normalized UTF-8 text with paragraphs separated by a blank line.
//!
//! The format is chosen by sniffing the bytes (magic numbers, `<html`, zip
//! entries); the extension only decides between plain text and Markdown.
//! Every importer runs on a worker thread with a time limit and a caught
//! panic, so a hostile file gives a message instead of taking the app down.
//! Source files are only ever read.

pub(crate) mod archive;
mod blocks;
mod docx;
mod epub;
mod furniture;
mod html;
mod markdown;
mod odt;
mod pdf;
mod text;
mod xml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use crate::model::limits::human_over;

pub use text::{Loaded, decode, detect_legacy, load_text, looks_binary, normalize_newlines};

/// Default largest source file accepted (256 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Default time an importer may take before it is given up on.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_mins(1);

/// Options for reading sources.
#[derive(Clone, Copy, Debug)]
pub struct ImportOptions {
    /// Files larger than this are refused.
    pub max_bytes: u64,
    /// A web page without a recognisable article gives all of its visible
    /// text instead of an error.
    pub all_text: bool,
    /// How long an importer may run.
    pub time_limit: Duration,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self { max_bytes: DEFAULT_MAX_BYTES, all_text: false, time_limit: DEFAULT_TIME_LIMIT }
    }
}

/// The kinds of source Synoptic reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Plain text in any common encoding.
    Text,
    /// Markdown, shown as read (not as markup).
    Markdown,
    /// A web page.
    Html,
    /// A PDF with a text layer.
    Pdf,
    /// A Word document (Office Open XML).
    Docx,
    /// An OpenDocument text.
    Odt,
    /// An e-book.
    Epub,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Self; 7] = [Self::Text, Self::Markdown, Self::Html, Self::Pdf, Self::Docx, Self::Odt, Self::Epub];

    /// The importer's name as the project file records it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Odt => "odt",
            Self::Epub => "epub",
        }
    }

    /// File extensions of the format (for the file dialog's filter).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Text => &["txt", "text"],
            Self::Markdown => &["md", "markdown", "mdown", "mkd"],
            Self::Html => &["html", "htm", "xhtml", "shtml"],
            Self::Pdf => &["pdf"],
            Self::Docx => &["docx"],
            Self::Odt => &["odt"],
            Self::Epub => &["epub"],
        }
    }

    /// Whether the source is read as it is (no snapshot needed).
    pub fn is_plain(self) -> bool {
        self == Self::Text
    }
}

/// The extensions of every format Synoptic imports (the file dialog's
/// "Articles" filter).
pub fn all_extensions() -> Vec<&'static str> {
    Format::ALL.iter().flat_map(|f| f.extensions().iter().copied()).collect()
}

/// Facts about a document found in the source itself; empty when absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoundMeta {
    /// Title.
    pub title: String,
    /// Author or byline.
    pub author: String,
    /// Site name or publisher (the outlet).
    pub site: String,
    /// Publication date: ISO 8601 once imported (see
    /// [`crate::analysis::dates::normalize`]); as written when it could not
    /// be read, with a note saying so.
    pub date: String,
    /// Canonical URL.
    pub url: String,
    /// Language code.
    pub lang: String,
}

/// What an importer made of a source.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// The text: paragraphs separated by one blank line, LF line ends.
    pub text: String,
    /// Metadata found in the source.
    pub meta: FoundMeta,
    /// Char offset in `text` at which each page starts (PDF only).
    pub pages: Vec<usize>,
    /// Things the user should know (a wrong declared charset, a skipped
    /// chapter), one sentence each.
    pub notes: Vec<String>,
}

/// Why an importer could not make text of a source (the path is added by
/// [`ImportError::Format`]).
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum Failure {
    /// A web page without an article (a page built by scripts, an index).
    #[error(
        "no article was found on this web page (it may be built by scripts when viewed); its visible text can be imported instead"
    )]
    NoArticle,
    /// A PDF that needs a password.
    #[error(
        "this PDF is encrypted with a password; open it in a PDF reader, save or print an unprotected copy, and import that"
    )]
    Encrypted,
    /// A PDF with images of pages but no text.
    #[error(
        "this PDF has no text layer (it is probably a scan); run text recognition (OCR) on it first, then import the result"
    )]
    NoTextLayer,
    /// The importer ran past its time limit.
    #[error("reading this file took longer than {0} s and was stopped")]
    TimedOut(u64),
    /// The importer panicked.
    #[error("the {0} reader failed on this file (it may be damaged)")]
    Crashed(&'static str),
    /// The file is damaged or not what it claims to be.
    #[error("this {what} file is damaged or incomplete: {detail}")]
    Damaged {
        /// The format, as users name it ("PDF", "Word").
        what: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// A kind of file Synoptic does not read.
    #[error("{0}")]
    Unsupported(String),
}

/// Why a source could not be read.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("cannot read the file: {source} ({})", path.display())]
    Io {
        /// The OS error.
        source: std::io::Error,
        /// The file.
        path: PathBuf,
    },
    /// The file looks like binary data, not text.
    #[error("this is not a text file: it contains binary data ({})", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is over the size limit.
    #[error("the file is too large: {} ({})", human_over(*size, *limit), path.display())]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
        /// The file.
        path: PathBuf,
    },
    /// An importer could not make text of the file.
    #[error("{reason} ({})", path.display())]
    Format {
        /// Why.
        reason: Failure,
        /// The file.
        path: PathBuf,
    },
}

impl ImportError {
    /// The importer's reason, when that is what failed.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Self::Format { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// One format's reader.
pub trait Importer: Sync {
    /// The format it reads.
    fn format(&self) -> Format;
    /// Its version as recorded in the project: the extraction rules and the
    /// crates they rest on. A new version may extract different text, which
    /// is why imported text is kept in a snapshot.
    fn version(&self) -> &'static str;
    /// Make text of the source's bytes.
    fn extract(&self, bytes: &[u8], opts: &ImportOptions) -> Result<Extracted, Failure>;
}

/// The importer for a format.
pub fn importer(format: Format) -> &'static dyn Importer {
    match format {
        Format::Text => &text::TextImporter,
        Format::Markdown => &markdown::MarkdownImporter,
        Format::Html => &html::HtmlImporter,
        Format::Pdf => &pdf::PdfImporter,
        Format::Docx => &docx::DocxImporter,
        Format::Odt => &odt::OdtImporter,
        Format::Epub => &epub::EpubImporter,
    }
}

/// Tell the format of a source from its bytes; `name` (the file name or
/// URL path) only decides between plain text and Markdown, and helps with
/// web pages that do not start like one.
pub fn sniff(bytes: &[u8], name: &str) -> Result<Format, Failure> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let head = &bytes[..bytes.len().min(1024)];
    if memfind(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return archive::sniff_zip(bytes);
    }
    if let Some(kind) = image_kind(bytes) {
        return Err(Failure::Unsupported(format!(
            "this is {kind} image, not a text; images cannot be imported (run text recognition on a scan first)"
        )));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(Failure::Unsupported(
            "this is an old Word (.doc) or Office file; save it as .docx or .odt and import that".into(),
        ));
    }
    // A page saved as UTF-16 starts with its BOM: look at it decoded.
    let utf16_head = encoding_rs::Encoding::for_bom(bytes)
        .filter(|(e, _)| *e != encoding_rs::UTF_8)
        .map(|(e, bom)| e.decode_without_bom_handling(&bytes[bom..bytes.len().min(2048)]).0.into_owned());
    let probe = utf16_head.as_ref().map_or(bytes, |h| h.as_bytes());
    if html::looks_like_html(probe)
        || (matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml") && head.contains(&b'<'))
    {
        return Ok(Format::Html);
    }
    if Format::Markdown.extensions().contains(&ext.as_str()) {
        return Ok(Format::Markdown);
    }
    Ok(Format::Text)
}

fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 5] = [
        (b"\x89PNG\r\n\x1a\n", "a PNG"),
        (b"\xFF\xD8\xFF", "a JPEG"),
        (b"GIF8", "a GIF"),
        (b"II*\0", "a TIFF"),
        (b"MM\0*", "a TIFF"),
    ];
    if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("a WebP");
    }
    MAGIC.iter().find(|(m, _)| bytes.starts_with(m)).map(|(_, k)| *k)
}

/// Position of `needle` in `hay`.
fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A source read and turned into text by its importer.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The format it was read as.
    pub format: Format,
    /// The importer's version.
    pub version: &'static str,
    /// The text, normalized and indexed.
    pub loaded: Loaded,
    /// Metadata found in the source.
    pub meta: FoundMeta,
    /// Char offsets of page starts (PDF).
    pub pages: Vec<usize>,
    /// Things the user should know.
    pub notes: Vec<String>,
    /// BLAKE3 (hex) of the source's bytes as read.
    pub source_hash: String,
}

/// The bytes of the file at `path`, refused when over the size limit.
pub(crate) fn read_capped(path: &Path, opts: ImportOptions) -> Result<Vec<u8>, ImportError> {
    let io_err = |source| ImportError::Io { source, path: path.to_owned() };
    let size = std::fs::metadata(path).map_err(io_err)?.len();
    if size > opts.max_bytes {
        return Err(ImportError::TooLarge { size, limit: opts.max_bytes, path: path.to_owned() });
    }
    std::fs::read(path).map_err(io_err)
}

/// Read the file at `path` and import it in whatever format it is.
pub fn import_file(path: &Path, opts: ImportOptions) -> Result<Imported, ImportError> {
    let bytes = read_capped(path, opts)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    import_bytes(bytes, &name, opts).map_err(|e| e.at(path))
}

/// An import failure before the path is known.
#[derive(Debug)]
pub enum BytesError {
    /// Binary data that is no format we read.
    Binary,
    /// The importer's reason.
    Failed(Failure),
}

impl BytesError {
    /// The error for the file at `path`.
    pub fn at(self, path: &Path) -> ImportError {
        match self {
            Self::Binary => ImportError::Binary { path: path.to_owned() },
            Self::Failed(reason) => ImportError::Format { reason, path: path.to_owned() },
        }
    }
}

/// Import a source from its bytes; `name` is its file name (or the last
/// part of its URL).
pub fn import_bytes(bytes: Vec<u8>, name: &str, opts: ImportOptions) -> Result<Imported, BytesError> {
    let format = sniff(&bytes, name).map_err(BytesError::Failed)?;
    let source_hash = blake3::hash(&bytes).to_hex().to_string();
    if format == Format::Text {
        let loaded = decode(&bytes).ok_or(BytesError::Binary)?;
        let notes = if loaded.had_errors {
            vec![format!("Some bytes were not valid {} and show as \u{fffd}.", loaded.encoding)]
        } else {
            Vec::new()
        };
        return Ok(Imported {
            format,
            version: text::TextImporter.version(),
            loaded,
            meta: FoundMeta::default(),
            pages: Vec::new(),
            notes,
            source_hash,
        });
    }
    let imp = importer(format);
    let mut ex = guarded(imp, bytes, opts).map_err(BytesError::Failed)?;
    // A PDF or office file without a title of its own (nor, for the
    // office files, a heading) is titled by its first line when that
    // reads like a headline, as a plain text is.
    if ex.meta.title.is_empty() && matches!(format, Format::Pdf | Format::Docx | Format::Odt) {
        ex.meta.title = crate::analysis::titles::headline(&ex.text).unwrap_or_default();
    }
    normalize_date(&mut ex);
    if format == Format::Html {
        let m = &ex.meta;
        ex.meta.title = crate::analysis::titles::strip_site_suffix(&m.title, &m.site, &m.author, &m.url);
    }
    let loaded = Loaded::from_text(ex.text, "UTF-8");
    Ok(Imported {
        format,
        version: imp.version(),
        loaded,
        meta: ex.meta,
        pages: ex.pages,
        notes: ex.notes,
        source_hash,
    })
}

/// Write the date an importer found as ISO 8601 (see
/// [`crate::analysis::dates::normalize`]); a placeholder date is dropped,
/// and one that cannot be read is kept as written and named in a note.
fn normalize_date(ex: &mut Extracted) {
    use crate::analysis::dates::{Normalized, normalize};
    match normalize(&ex.meta.date) {
        Normalized::Absent => ex.meta.date.clear(),
        Normalized::Iso(iso) => ex.meta.date = iso,
        Normalized::Unreadable => ex.notes.push(format!(
            "The date \u{201c}{}\u{201d} could not be read as a date; it is kept as written.",
            ex.meta.date
        )),
    }
}

/// Run an importer on a worker thread: its panics are caught and it is
/// given up on after the time limit (the thread then finishes on its own;
/// threads cannot be killed, but nothing waits for it).
fn guarded(imp: &'static dyn Importer, bytes: Vec<u8>, opts: ImportOptions) -> Result<Extracted, Failure> {
    let bytes: Arc<[u8]> = bytes.into();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name(format!("import-{}", imp.format().name())).spawn(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| imp.extract(&bytes, &opts)));
        let _ = tx.send(r);
    });
    if spawned.is_err() {
        // No thread to spare: run here (still catching panics).
        return Err(Failure::Crashed(imp.format().name()));
    }
    match rx.recv_timeout(opts.time_limit) {
        Ok(Ok(r)) => r,
        Ok(Err(_panic)) => Err(Failure::Crashed(imp.format().name())),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Failure::TimedOut(opts.time_limit.as_secs().max(1))),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Crashed(imp.format().name())),
    }
}

/// All visible text of an HTML fragment (pasted HTML, a chapter), as
/// paragraphs; no article extraction.
pub fn html_fragment_text(html: &str) -> String {
    blocks::html_text(html)
}

/// Collapse runs of whitespace (any Unicode whitespace, including no-break
/// spaces) into single spaces and trim the ends.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_trusts_content_over_names() {
        assert_eq!(sniff(b"%PDF-1.7\n...", "report.html"), Ok(Format::Pdf), "a PDF named .html");
        assert_eq!(sniff(b"<!DOCTYPE html><html><p>x", "page.txt"), Ok(Format::Html), "html named .txt");
        assert_eq!(sniff(b"\xEF\xBB\xBF  <!doctype HTML>", "x"), Ok(Format::Html), "BOM and space before doctype");
        assert_eq!(sniff(b"# Title\n\ntext", "notes.md"), Ok(Format::Markdown), "markdown by extension");
        assert_eq!(sniff(b"# Title\n\ntext", "notes.txt"), Ok(Format::Text), "text stays text");
        assert_eq!(sniff(b"Plain <b>not html</b> words", "a.txt"), Ok(Format::Text), "a stray tag is not a page");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("<!DOCTYPE html><html><p>x".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&utf16, "page"), Ok(Format::Html), "a page saved as UTF-16");
        let img = sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.html");
        assert!(matches!(img, Err(Failure::Unsupported(ref m)) if m.contains("PNG")), "{img:?}");
    }

    /// A one-page PDF (Helvetica, no Info dictionary: no title) with a
    /// line of text per entry; an empty entry leaves a gap.
    fn untitled_pdf(lines: &[&str]) -> Vec<u8> {
        use std::fmt::Write as _;
        let mut ops = String::from("BT\n/F1 11 Tf\n");
        let mut y = 700;
        for l in lines {
            if !l.is_empty() {
                writeln!(ops, "1 0 0 1 72 {y} Tm ({l}) Tj").expect("to a String");
            }
            y -= if l.is_empty() { 10 } else { 14 };
        }
        ops.push_str("ET");
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"
                .to_owned(),
            format!("<< /Length {} >>\nstream\n{ops}\nendstream", ops.len()),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1).expect("to a String");
        }
        let xref = out.len();
        write!(out, "xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).expect("to a String");
        for o in offsets {
            writeln!(out, "{o:010} 00000 n ").expect("to a String");
        }
        write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1)
            .expect("to a String");
        out.into_bytes()
    }

    #[test]
    fn untitled_pdf_and_office_files_take_a_headline_first_line_as_title() {
        let opts = ImportOptions::default();
        let pdf = untitled_pdf(&[
            "Footbridge Inspection Findings",
            "",
            "The footbridge over the river was closed on Monday after cracks",
            "were found in two of its supports.",
        ]);
        let imp = import_bytes(pdf, "report.pdf", opts).expect("pdf");
        assert_eq!(imp.meta.title, "Footbridge Inspection Findings", "first line of the PDF: {:?}", imp.loaded.text);
        let pdf = untitled_pdf(&["The footbridge over the river was closed on Monday.", "", "More text follows here."]);
        assert_eq!(import_bytes(pdf, "report.pdf", opts).expect("pdf").meta.title, "", "a sentence is no title");

        let body = "<w:document xmlns:w=\"w\"><w:body>\
            <w:p><w:r><w:t>Footbridge closed after cracks found</w:t></w:r></w:p>\
            <w:p><w:r><w:t>The footbridge was closed on Monday.</w:t></w:r></w:p></w:body></w:document>";
        let docx = archive::tests::make_zip(&[("word/document.xml", body.as_bytes())], true);
        let imp = import_bytes(docx, "story.docx", opts).expect("docx");
        assert_eq!(imp.meta.title, "Footbridge closed after cracks found", "no heading, no property: the first line");
    }

    #[test]
    fn found_dates_are_stored_as_iso_and_unreadable_ones_are_listed() {
        let page = |date: &str| {
            format!(
                "<!doctype html><html><head><title>Bridge</title>\
                 <meta property=\"article:published_time\" content=\"{date}\"></head><body><article><h1>Bridge</h1>{}</article></body></html>",
                "<p>The footbridge over the river was closed on Monday after engineers found cracks in two of its supports, the council said.</p>"
                    .repeat(4)
            )
            .into_bytes()
        };
        let opts = ImportOptions::default();
        let imp = import_bytes(page("Mon, 18 Nov 2019 16:07:38 -0600"), "a.html", opts).expect("page");
        assert_eq!(imp.meta.date, "2019-11-18T16:07:38-06:00", "RFC 2822 as ISO 8601");
        assert!(imp.notes.is_empty(), "{:?}", imp.notes);
        let imp = import_bytes(page("0001-01-01T00:00:00Z"), "a.html", opts).expect("page");
        assert_eq!(imp.meta.date, "", "a placeholder is no date");
        let imp = import_bytes(page("the day before yesterday"), "a.html", opts).expect("page");
        assert_eq!(imp.meta.date, "the day before yesterday", "kept as written");
        assert!(
            imp.notes.iter().any(|n| n.contains("the day before yesterday") && n.contains("could not be read")),
            "listed: {:?}",
            imp.notes
        );
    }

    #[test]
    fn a_panicking_importer_is_caught() {
        struct Bad;
        impl Importer for Bad {
            fn format(&self) -> Format {
                Format::Pdf
            }
            fn version(&self) -> &'static str {
                "bad"
            }
            fn extract(&self, bytes: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
                assert!(bytes.is_empty(), "deliberate panic on non-empty input");
                Ok(Extracted::default())
            }
        }
        static BAD: Bad = Bad;
        assert!(guarded(&BAD, Vec::new(), ImportOptions::default()).is_ok(), "runs");
        assert_eq!(
            guarded(&BAD, vec![1], ImportOptions::default()).err(),
            Some(Failure::Crashed("pdf")),
            "panic caught"
        );
    }

    #[test]
    fn a_slow_importer_times_out() {
        struct Slow;
        impl Importer for Slow {
            fn format(&self) -> Format {
                Format::Pdf
            }
            fn version(&self) -> &'static str {
                "slow"
            }
            fn extract(&self, _: &[u8], _: &ImportOptions) -> Result<Extracted, Failure> {
                std::thread::sleep(Duration::from_secs(3));
                Ok(Extracted::default())
            }
        }
        static SLOW: Slow = Slow;
        let opts = ImportOptions { time_limit: Duration::from_millis(50), ..ImportOptions::default() };
        assert_eq!(guarded(&SLOW, Vec::new(), opts).err(), Some(Failure::TimedOut(1)), "stopped waiting");
    }
}
