//! Text snapshots of imported sources.
//!
//! A web page, PDF, Word file or e-book is turned into text once, and that
//! text is written as UTF-8 into a folder beside the project
//! (`NAME.sources/` for `NAME.synoptic.ron`). The document's `path` points
//! at the snapshot and its `origin` records the original; annotations anchor
//! into the snapshot. Snapshots are never overwritten: re-importing writes a
//! new file, so an earlier version is always still there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::atomic;
use super::import::{Imported, Loaded};
use super::project_file;
use crate::model::{DocId, Document, DocumentMeta, Origin, Project};

/// The sources folder of a project file: `NAME.sources` beside it.
pub fn sources_dir(project_file: &Path) -> PathBuf {
    let name = project_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(project_file::EXTENSION).or_else(|| name.strip_suffix(".ron")).unwrap_or(&name);
    project_file.with_file_name(format!("{stem}.sources"))
}

/// A file name in `dir` for a snapshot of `original` that no file has yet:
/// `report.pdf` → `report.pdf.txt`, then `report.pdf-2.txt`, …
pub fn free_name(dir: &Path, original: &str, ext: &str) -> PathBuf {
    let base: String = original
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') { c } else { '_' })
        .take(80)
        .collect();
    let base = base.trim().trim_start_matches('.');
    let base = if base.is_empty() { "source" } else { base };
    let mut n = 1;
    loop {
        let name = if n == 1 { format!("{base}.{ext}") } else { format!("{base}-{n}.{ext}") };
        let p = dir.join(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

/// A file name stem made of a title: lower case, letters and digits kept,
/// anything else between words one hyphen, cut at a word end within
/// `max` characters ("Police clear the camp!" → "police-clear-the-camp").
/// Empty when the title has no letter or digit.
pub fn file_stem_of(title: &str, max: usize) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = word.to_lowercase();
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > max {
            if out.is_empty() {
                out = word.chars().take(max).collect();
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out
}

/// Write `text` as a new snapshot in `dir` named after `original`;
/// returns its path. Never overwrites a file.
pub fn write_new(dir: &Path, original: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = free_name(dir, original, "txt");
    atomic::write_atomic(&path, |w| std::io::Write::write_all(w, text.as_bytes()))?;
    Ok(path)
}

/// The document record for an imported source; `path` is the snapshot's
/// (or, before the project has a file, the original's) path as the project
/// refers to it, `origin_path` likewise for the original.
pub fn document_for_import(path: String, origin_path: String, imp: &Imported) -> Document {
    let mut d = Document::new(path);
    let m = &imp.meta;
    d.meta = DocumentMeta {
        title: m.title.clone(),
        source: m.site.clone(),
        author: m.author.clone(),
        date: m.date.clone(),
        url: m.url.clone(),
        lang: m.lang.clone(),
    };
    imp.loaded.encoding.clone_into(&mut d.encoding);
    d.hash.clone_from(&imp.loaded.hash);
    d.char_len = imp.loaded.text.char_len();
    d.origin = Some(Origin {
        path: origin_path,
        hash: imp.source_hash.clone(),
        importer: imp.format.name().to_owned(),
        version: imp.version.to_owned(),
        imported: Utc::now(),
        fetched_from: String::new(),
        pages: imp.pages.clone(),
    });
    d
}

/// Whether an imported document still waits for its snapshot (its path is
/// the original's: the project had no file when it was imported).
pub fn pending(d: &Document) -> bool {
    d.origin.as_ref().is_some_and(|o| o.path == d.path)
}

/// Give every imported document of `project` a snapshot in the sources
/// folder of `project_file` (after a first save, or a Save As to another
/// folder), taking the text from `text_of`; paths in the project must
/// already be relative to `project_file`. Returns how many were written.
pub fn place(
    project: &mut Project,
    project_file: &Path,
    text_of: &dyn Fn(DocId) -> Option<std::sync::Arc<Loaded>>,
) -> Result<usize, String> {
    let dir = sources_dir(project_file);
    let mut written = 0;
    let mut taken = BTreeSet::new();
    let ids: Vec<DocId> = project.documents().filter(|d| d.origin.is_some()).map(|d| d.id).collect();
    for id in ids {
        let Some(d) = project.document(id) else { continue };
        let current = project_file::source_path(project_file, &d.path);
        let in_place = !pending(d) && current.parent() == Some(dir.as_path()) && current.is_file();
        if in_place {
            taken.insert(current);
            continue;
        }
        let text = match text_of(id) {
            Some(l) => l.text.as_str().to_owned(),
            None if !pending(d) => std::fs::read_to_string(&current)
                .map_err(|e| format!("the text of {} could not be read to copy it: {e}", d.meta.title))?,
            None => return Err(format!("the text of {} is not loaded; it was not saved", d.meta.title)),
        };
        let original =
            d.origin.as_ref().map(|o| o.path.rsplit('/').next().unwrap_or_default().to_owned()).unwrap_or_default();
        let path = write_new(&dir, &original, &text)
            .map_err(|e| format!("the text snapshot could not be written: {e} ({})", dir.display()))?;
        taken.insert(path.clone());
        let rel = project_file::relative_source_path(project_file, &path);
        if let Some(d) = project.document_mut(id) {
            d.path = rel;
        }
        written += 1;
    }
    // Fetched pages are kept in the sources folder too: move a page kept
    // elsewhere (fetched before the project had a file) into it.
    let fetched: Vec<DocId> = project
        .documents()
        .filter(|d| d.origin.as_ref().is_some_and(|o| !o.fetched_from.is_empty() && !o.path.is_empty()))
        .map(|d| d.id)
        .collect();
    for id in fetched {
        let Some(o) = project.document(id).and_then(|d| d.origin.as_ref()) else { continue };
        let raw = project_file::source_path(project_file, &o.path);
        if raw.parent() == Some(dir.as_path()) || !raw.is_file() {
            continue;
        }
        let name = raw.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "html"));
        let to = free_name(&dir, stem, ext);
        std::fs::copy(&raw, &to).map_err(|e| format!("the fetched page could not be kept: {e} ({})", to.display()))?;
        let rel = project_file::relative_source_path(project_file, &to);
        if let Some(o) = project.document_mut(id).and_then(|d| d.origin.as_mut()) {
            o.path = rel;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_makes_a_file_stem() {
        assert_eq!(file_stem_of("Police clear the camp!", 48), "police-clear-the-camp");
        assert_eq!(file_stem_of("'This implicates us': The US", 48), "this-implicates-us-the-us");
        assert_eq!(file_stem_of("Größe über alles", 48), "größe-über-alles");
        assert_eq!(file_stem_of("one two three", 9), "one-two", "cut at a word end");
        assert_eq!(file_stem_of("Supercalifragilistic", 5), "super", "one long word is cut");
        assert_eq!(file_stem_of("?!…", 48), "");
    }

    #[test]
    fn names_never_collide() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write_new(dir.path(), "report.pdf", "one").expect("write");
        let b = write_new(dir.path(), "report.pdf", "two").expect("write");
        assert_eq!(a.file_name().and_then(|n| n.to_str()), Some("report.pdf.txt"), "first");
        assert_eq!(b.file_name().and_then(|n| n.to_str()), Some("report.pdf-2.txt"), "second");
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "one", "first kept");
        let odd = free_name(dir.path(), "../../etc/pass:wd", "txt");
        assert_eq!(odd.parent(), Some(dir.path()), "stays in the folder: {}", odd.display());
    }

    #[test]
    fn sources_folder_beside_the_project() {
        assert_eq!(sources_dir(Path::new("/p/coverage.synoptic.ron")), Path::new("/p/coverage.sources"), "name");
    }

    #[test]
    fn page_of_offsets() {
        let o = Origin {
            path: String::new(),
            hash: String::new(),
            importer: "pdf".into(),
            version: String::new(),
            imported: Utc::now(),
            fetched_from: String::new(),
            pages: vec![0, 100, 250],
        };
        assert_eq!(o.page_of(0), Some(1), "first page");
        assert_eq!(o.page_of(99), Some(1), "still first");
        assert_eq!(o.page_of(100), Some(2), "second starts");
        assert_eq!(o.page_of(10_000), Some(3), "last");
    }
}
