//! A document of a project: where its source file is, what it is, and what
//! the text looked like when the project was last saved.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::DocId;

/// Bibliographic facts about a document, all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Title shown in the pane header (defaults to the file name).
    pub title: String,
    /// Outlet or source (newspaper, archive, interviewee).
    pub source: String,
    /// Author or authors.
    pub author: String,
    /// Publication date, as the user wrote it.
    pub date: String,
    /// Where it came from on the web.
    pub url: String,
    /// Language code (`en`, `fr-CA`), when known. Written only when set.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
}

/// Where the text of an imported document came from. An imported document's
/// `path` is its text snapshot (UTF-8, in the project's sources folder);
/// annotations anchor into that snapshot, so an extractor upgrade or an
/// edited original never moves them. Re-importing reads the original again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The original file (web page, PDF, Word file…), relative to the
    /// project file like `path`; for a fetched page, the raw HTML kept in
    /// the sources folder; empty for text pasted from the clipboard.
    pub path: String,
    /// BLAKE3 (hex) of the original's bytes when imported.
    pub hash: String,
    /// The importer (`html`, `pdf`, `docx`, `odt`, `epub`, `markdown`,
    /// `clipboard`).
    pub importer: String,
    /// The importer's version and the crates it used.
    pub version: String,
    /// When the original was read (or fetched).
    pub imported: DateTime<Utc>,
    /// The address it was fetched from; empty for files.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fetched_from: String,
    /// Char offset in the snapshot at which each page starts (PDFs), so a
    /// passage can be cited by page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<usize>,
}

impl Origin {
    /// The page (1-based) that the char offset `at` falls on, for sources
    /// with pages.
    pub fn page_of(&self, at: usize) -> Option<usize> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|&s| s <= at).max(1))
    }
}

/// A source text referenced by the project. The text itself is never stored
/// in the project file and never written by Synoptic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id.
    pub id: DocId,
    /// Path of the source, relative to the project file's folder, with `/`
    /// separators (absolute only when no relative path exists).
    pub path: String,
    /// Title, outlet, author, date, URL.
    pub meta: DocumentMeta,
    /// The user's notes on the whole document.
    pub note: String,
    /// Encoding the source was decoded from when last read (e.g. `UTF-8`,
    /// `windows-1252`, `UTF-16LE`).
    pub encoding: String,
    /// BLAKE3 hash (hex) of the normalized text when last read. Anchors are
    /// exact while it is unchanged.
    pub hash: String,
    /// Length of the normalized text in chars when last read.
    pub char_len: usize,
    /// For a document imported from another format (or a URL, or the
    /// clipboard): the original, and `path` is the text snapshot. Absent
    /// for plain-text sources, which are read as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

impl Document {
    /// Which version of a fetched page this is: when it was fetched
    /// ("2026-12-06 14:07:31 UTC"); `None` for anything not fetched.
    pub fn version(&self) -> Option<String> {
        let o = self.origin.as_ref().filter(|o| !o.fetched_from.is_empty())?;
        Some(o.imported.format("%Y-%m-%d %H:%M:%S UTC").to_string())
    }

    /// A document for a source at `path` (relative to the project file),
    /// titled after its file name.
    pub fn new(path: impl Into<String>) -> Self {
        let path = path.into();
        let title = path.rsplit('/').next().unwrap_or(&path).to_owned();
        Self {
            id: DocId::new(),
            path,
            meta: DocumentMeta { title, ..DocumentMeta::default() },
            note: String::new(),
            encoding: String::new(),
            hash: String::new(),
            char_len: 0,
            origin: None,
        }
    }
}
