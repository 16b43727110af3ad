//! A document of a project: where its source file is, what it is, and what
//! the text looked like when the project was last saved.

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
}

impl Document {
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
        }
    }
}
