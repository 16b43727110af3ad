//! Document metadata in bulk, as the spreadsheet a media analyst already
//! keeps: `path,title,outlet,author,date,url`, one row per document. Export
//! writes it; import fills documents in from it in one undoable step —
//! rows matched by path (or by an unambiguous ending of it), empty cells
//! leaving a field as it is, dates read leniently and stored as ISO dates.
//! Commas, semicolons or tabs separate fields (whichever the header uses);
//! a BOM and quoted fields are fine.

use std::collections::BTreeMap;

use crate::analysis::dates;
use crate::model::{DocId, Document, Edit, Project};

/// The columns, in order.
pub const HEADER: [&str; 6] = ["path", "title", "outlet", "author", "date", "url"];

/// The metadata of every document as CSV (UTF-8 with a BOM, so
/// spreadsheets read it right). Cells that a spreadsheet would take for a
/// formula get a leading `'`, which import takes off again.
pub fn export(project: &Project) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    let mut docs: Vec<&Document> = project.documents().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    for d in docs {
        let m = &d.meta;
        let row = [&d.path, &m.title, &m.source, &m.author, &m.date, &m.url];
        let _ = w.write_record(row.iter().map(|s| crate::io::export::table::neutralise(s).into_owned()));
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// What an import would do, for the user to see before applying it.
#[derive(Debug, Default)]
pub struct Plan {
    /// The changes, as one batch.
    pub edits: Vec<Edit>,
    /// Documents that change.
    pub updated: usize,
    /// Rows whose path matches no document (row number, path).
    pub unknown: Vec<(usize, String)>,
    /// Rows for a document an earlier row already set (the later wins).
    pub duplicates: Vec<(usize, String)>,
    /// Dates that could not be read, kept as written (row, path, value).
    pub bad_dates: Vec<(usize, String, String)>,
    /// Columns that were not understood.
    pub ignored_columns: Vec<String>,
    /// Every field that changes, from what to what.
    pub changes: Vec<Change>,
    /// Numeric dates that read as two different days (03/04/2026), with
    /// their rows: read in the order asked for, and said so.
    pub ambiguous_dates: Vec<(usize, String)>,
}

/// One field of one document that an import changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The document's path.
    pub path: String,
    /// The field ("title", "outlet", "author", "date", "url").
    pub field: &'static str,
    /// What it holds now.
    pub from: String,
    /// What it will hold.
    pub to: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |s: &str| if s.is_empty() { "(empty)".to_owned() } else { format!("“{s}”") };
        write!(f, "{}: {} {} becomes {}", self.path, self.field, shown(&self.from), shown(&self.to))
    }
}

/// A numeric date whose day and month could be swapped (both 12 or less,
/// and different): "03/04/2026" is 3 April or 4 March.
pub fn is_ambiguous_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '.']).collect();
    let num = |p: &str| p.parse::<u32>().ok().filter(|_| !p.is_empty() && p.len() <= 2);
    match parts.as_slice() {
        [a, b, y] if y.len() == 4 => {
            matches!((num(a), num(b)), (Some(a), Some(b)) if a != b && (1..=12).contains(&a) && (1..=12).contains(&b))
        }
        _ => false,
    }
}

/// Why a CSV cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// No `path` column.
    #[error("the CSV has no “path” column (the header should read {})", HEADER.join(","))]
    NoPath,
    /// The CSV is malformed.
    #[error("the CSV cannot be read: {0}")]
    Csv(String),
    /// Empty file.
    #[error("the CSV is empty")]
    Empty,
}

fn delimiter(first_line: &str) -> u8 {
    let count = |c: char| first_line.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

/// A cell as written, with the formula guard taken off.
fn cell(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => s.to_owned(),
    }
}

/// The document a row's path names: the same path, else the only document
/// whose path ends with it (or whose path it ends with).
fn find<'p>(project: &'p Project, by_path: &BTreeMap<&str, DocId>, path: &str) -> Option<&'p Document> {
    let path = path.trim().replace('\\', "/");
    let path = path.trim_start_matches("./");
    if let Some(id) = by_path.get(path) {
        return project.document(*id);
    }
    let mut hits = project
        .documents()
        .filter(|d| d.path.ends_with(&format!("/{path}")) || path.ends_with(&format!("/{}", d.path)));
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

/// Plan the import of `bytes` into `project`. Numeric dates read day
/// first (03/04/2026 is 3 April) when `day_first`.
pub fn plan(project: &Project, bytes: &[u8], day_first: bool) -> Result<Plan, MetadataError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let first = text.lines().next().ok_or(MetadataError::Empty)?;
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter(first)).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> =
        r.headers().map_err(|e| MetadataError::Csv(e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let path_col = col(&["path", "file", "filename"]).ok_or(MetadataError::NoPath)?;
    let title = col(&["title", "headline"]);
    let outlet = col(&["outlet", "source", "publication"]);
    let author = col(&["author", "authors", "byline"]);
    let date = col(&["date", "published"]);
    let url = col(&["url", "link"]);
    let known = [Some(path_col), title, outlet, author, date, url];
    let mut plan = Plan {
        ignored_columns: header
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(&Some(*i)))
            .map(|(_, h)| h.clone())
            .collect(),
        ..Plan::default()
    };
    let by_path: BTreeMap<&str, DocId> = project.documents().map(|d| (d.path.as_str(), d.id)).collect();
    let mut seen: BTreeMap<DocId, usize> = BTreeMap::new();
    let mut new_meta: BTreeMap<DocId, crate::model::DocumentMeta> = BTreeMap::new();
    for (i, rec) in r.records().enumerate() {
        let row = i + 2; // the header is row 1
        let rec = rec.map_err(|e| MetadataError::Csv(format!("row {row}: {e}")))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(cell).unwrap_or_default();
        let path = get(Some(path_col));
        if path.is_empty() {
            continue;
        }
        let Some(doc) = find(project, &by_path, &path) else {
            plan.unknown.push((row, path));
            continue;
        };
        if seen.insert(doc.id, row).is_some() {
            plan.duplicates.push((row, path.clone()));
        }
        let meta = new_meta.entry(doc.id).or_insert_with(|| doc.meta.clone());
        for (value, field) in [
            (get(title), &mut meta.title),
            (get(outlet), &mut meta.source),
            (get(author), &mut meta.author),
            (get(url), &mut meta.url),
        ] {
            if !value.is_empty() {
                *field = value;
            }
        }
        let d = get(date);
        if is_ambiguous_date(&d) {
            plan.ambiguous_dates.push((row, d.clone()));
        }
        if !d.is_empty() {
            if let Some(iso) = dates::parse(&d, day_first) {
                meta.date = iso.to_string();
            } else {
                plan.bad_dates.push((row, path.clone(), d.clone()));
                meta.date = d;
            }
        }
    }
    for (id, meta) in new_meta {
        let Some(doc) = project.document(id) else { continue };
        if doc.meta == meta {
            continue;
        }
        let m = &doc.meta;
        for (field, from, to) in [
            ("title", &m.title, &meta.title),
            ("outlet", &m.source, &meta.source),
            ("author", &m.author, &meta.author),
            ("date", &m.date, &meta.date),
            ("url", &m.url, &meta.url),
        ] {
            if from != to {
                plan.changes.push(Change { path: doc.path.clone(), field, from: from.clone(), to: to.clone() });
            }
        }
        if let Some(e) = project.update_document_edit(id, |d| d.meta = meta) {
            plan.edits.push(e);
            plan.updated += 1;
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        let mut p = Project::new();
        for path in ["bbc/business/001.txt", "bbc/sport/001.txt", "other/a.txt"] {
            p.apply(Project::add_document_edit(Document::new(path))).expect("doc");
        }
        p
    }

    #[test]
    fn export_then_import_round_trips() {
        let mut p = project();
        let plan1 =
            plan(&p, "path;outlet;date\nbbc/business/001.txt;=Gazette;3 March 2026\n".as_bytes(), true).expect("plan");
        p.apply(Edit::Batch(plan1.edits)).expect("apply");
        let csv = export(&p);
        assert!(String::from_utf8_lossy(&csv).contains("'=Gazette"), "formula guarded");
        let mut q = project();
        // Same paths, other ids: match by path.
        let back = plan(&q, &csv, true).expect("plan");
        q.apply(Edit::Batch(back.edits)).expect("apply");
        let meta = |p: &Project| {
            let mut v: Vec<(String, String, String)> =
                p.documents().map(|d| (d.path.clone(), d.meta.source.clone(), d.meta.date.clone())).collect();
            v.sort();
            v
        };
        assert_eq!(meta(&p), meta(&q));
        assert!(meta(&q).contains(&("bbc/business/001.txt".into(), "=Gazette".into(), "2026-03-03".into())));
    }

    #[test]
    fn bom_semicolons_quotes_unknown_duplicates_and_dates() {
        let p = project();
        let csv = "\u{feff}Path;Title;Outlet;Date;Notes\n\
                   sport/001.txt;\"Title; with \"\"quotes\"\"\";BBC;03/04/2026;x\n\
                   missing.txt;T;O;2026-01-01;y\n\
                   sport/001.txt;;BBC Sport;;z\n\
                   001.txt;Ambiguous;;;\n\
                   other/a.txt;;;next Tuesday;\n";
        let plan = plan(&p, csv.as_bytes(), true).expect("plan");
        assert_eq!(plan.updated, 2);
        assert_eq!(
            plan.unknown.iter().map(|(_, p)| p.as_str()).collect::<Vec<_>>(),
            ["missing.txt", "001.txt"],
            "an ending shared by two documents matches neither"
        );
        assert_eq!(plan.duplicates.len(), 1);
        assert_eq!(plan.bad_dates, [(6, "other/a.txt".to_owned(), "next Tuesday".to_owned())]);
        assert_eq!(plan.ignored_columns, ["notes"]);
        let mut q = p.clone();
        q.apply(Edit::Batch(plan.edits)).expect("apply");
        let sport = q.documents().find(|d| d.path == "bbc/sport/001.txt").expect("doc");
        assert_eq!(sport.meta.title, "Title; with \"quotes\"");
        assert_eq!(sport.meta.source, "BBC Sport", "the later row wins");
        assert_eq!(sport.meta.date, "2026-04-03", "day first");
        let other = q.documents().find(|d| d.path == "other/a.txt").expect("doc");
        assert_eq!(other.meta.date, "next Tuesday", "kept as written, and listed");
        assert_eq!(plan.ambiguous_dates, [(2, "03/04/2026".to_owned())], "03/04 reads two ways");
        assert!(
            plan.changes.iter().any(|c| c.path == "bbc/sport/001.txt"
                && c.field == "date"
                && c.from.is_empty()
                && c.to == "2026-04-03"),
            "{:?}",
            plan.changes
        );
        assert_eq!(
            plan.changes.iter().find(|c| c.field == "outlet").map(ToString::to_string).as_deref(),
            Some("bbc/sport/001.txt: outlet (empty) becomes “BBC Sport”")
        );
        assert!(
            !is_ambiguous_date("13/04/2026") && !is_ambiguous_date("04/04/2026") && !is_ambiguous_date("2026-03-04")
        );
        let month_first = super::plan(&p, csv.as_bytes(), false).expect("plan");
        let mut r = p.clone();
        r.apply(Edit::Batch(month_first.edits)).expect("apply");
        assert_eq!(r.documents().find(|d| d.path == "bbc/sport/001.txt").expect("doc").meta.date, "2026-03-04");
        assert!(matches!(super::plan(&p, b"title,outlet\nx,y\n", true), Err(MetadataError::NoPath)));
    }
}
