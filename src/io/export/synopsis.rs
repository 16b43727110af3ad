//! The synopsis (see [`crate::analysis::synopsis`]) as text, Markdown, CSV
//! or a printable HTML table with each sentence's differences from its
//! row's lead marked; written by `synoptic synopsis` and the Synopsis
//! view's Export.

use std::fmt::Write as _;

use crate::analysis::synopsis::{self, Synopsis};
use crate::model::{CharRange, Document};

/// A row's cell for document `d`: its sentences joined, one line.
pub fn joined<'a>(cells: &[usize], d: usize, cell: &impl Fn(usize, usize) -> (CharRange, &'a str)) -> String {
    cells.iter().map(|i| cell(d, *i).1.replace('\n', " ")).collect::<Vec<_>>().join(" ")
}

/// Rows of lines, each "title: sentence", and a count.
pub fn text<'a>(syn: &Synopsis, docs: &[&Document], cell: &impl Fn(usize, usize) -> (CharRange, &'a str)) -> String {
    let mut s = String::new();
    let shared = syn.rows.iter().filter(|r| r.width() > 1).count();
    for (k, row) in syn.rows.iter().enumerate() {
        let _ = writeln!(s, "row {} ({} of {} documents)", k + 1, row.width(), docs.len());
        for (d, c) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            let moved = if row.moved[d].is_some() { " [moved]" } else { "" };
            let _ = writeln!(s, "  {}{moved}: {}", docs[d].meta.title, joined(c, d, cell));
        }
    }
    let _ = writeln!(s, "{} row(s), {shared} found in more than one document", syn.rows.len());
    s
}

/// A Markdown table, a column per document.
pub fn markdown<'a>(
    syn: &Synopsis,
    docs: &[&Document],
    cell: &impl Fn(usize, usize) -> (CharRange, &'a str),
) -> String {
    let esc = |t: &str| t.replace('|', "\\|").replace('<', "&lt;");
    let mut s = String::from("|");
    for d in docs {
        let _ = write!(s, " {} |", esc(&d.meta.title));
    }
    s.push_str("\n|");
    s.push_str(&"---|".repeat(docs.len()));
    s.push('\n');
    for row in &syn.rows {
        s.push('|');
        for (d, c) in row.cells.iter().enumerate() {
            let _ = write!(s, " {} |", esc(&joined(c, d, cell)));
        }
        s.push('\n');
    }
    s
}

/// CSV, a column per document.
pub fn csv<'a>(
    syn: &Synopsis,
    docs: &[&Document],
    cell: &impl Fn(usize, usize) -> (CharRange, &'a str),
) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(docs.iter().map(|d| d.meta.title.as_str()))?;
    for row in &syn.rows {
        w.write_record(row.cells.iter().enumerate().map(|(d, c)| joined(c, d, cell)))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The synopsis as a printable HTML table: a row number and how many
/// documents carry each row, rows shaded by that, the words each sentence
/// has that its row's lead lacks in `<ins>` (numbers and names in
/// `<ins class="key">`), and the view's notes (moved, lacks words) under
/// the cells. `reference` is the column the differences were taken
/// against (see [`synopsis::row_differences`]).
pub fn html<'a>(
    syn: &Synopsis,
    docs: &[&Document],
    cell: &impl Fn(usize, usize) -> (CharRange, &'a str),
    diffs: &[Vec<Vec<synopsis::Difference>>],
    reference: usize,
) -> String {
    let h = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut s = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Synopsis</title><style>\n\
         body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}\n\
         th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top}th{background:#eee}\n\
         tr.all td{background:#f4f9f4}tr.one td.has{background:#fff6e0}tr.some td.has{background:#eef4fb}\n\
         td.n{color:#777;font-size:80%;white-space:nowrap}small.note{display:block;color:#b45309}\n\
         ins{text-decoration:none;background:#fde68a}ins.key{outline:1.5px solid #c2410c}\n\
         @media print{th{position:static}tr{break-inside:avoid}}\n</style></head><body>\n<h1>Synopsis</h1>\n<table>\n<tr>",
    );
    s.push_str("<th>row</th>");
    for d in docs {
        let _ = write!(s, "<th dir=\"auto\">{}</th>", h(&d.meta.title));
    }
    s.push_str("</tr>\n");
    for (ri, row) in syn.rows.iter().enumerate() {
        let class = match row.width() {
            w if w == docs.len() => "all",
            1 => "one",
            _ => "some",
        };
        let _ = write!(s, "<tr class=\"{class}\"><td class=\"n\">{}<br>{}/{}</td>", ri + 1, row.width(), docs.len());
        for (d, c) in row.cells.iter().enumerate() {
            let cls = if c.is_empty() { "" } else { "has" };
            let marked: Vec<String> = c
                .iter()
                .enumerate()
                .map(|(k, i)| {
                    let text = cell(d, *i).1.replace('\n', " ");
                    let added = diffs.get(ri).and_then(|r| r.get(d)).and_then(|x| x.get(k));
                    marked(&text, added.map_or(&[][..], |a| a.added.as_slice()), &h)
                })
                .collect();
            // The notes the view shows under a cell.
            let mut notes = String::new();
            match row.moved[d] {
                Some(Some(before)) => {
                    let _ = write!(notes, "<small class=\"note\">moved: stood after row {}</small>", before + 1);
                }
                Some(None) => notes.push_str("<small class=\"note\">moved: stood first</small>"),
                None => {}
            }
            let lacks: usize =
                diffs.get(ri).and_then(|r| r.get(d)).map_or(0, |x| x.iter().map(|y| y.dropped.len()).sum());
            if lacks >= 3 {
                // What the words were compared with: the reference, or the
                // first column with a sentence where it has none.
                let lead = if row.cells.get(reference).is_some_and(|x| !x.is_empty()) {
                    "the reference".to_owned()
                } else {
                    row.cells
                        .iter()
                        .position(|x| !x.is_empty())
                        .map_or_else(String::new, |k| format!("column {}", k + 1))
                };
                let _ = write!(notes, "<small class=\"note\">lacks {lacks} words of {lead}</small>");
            }
            let _ = write!(s, "<td class=\"{cls}\" dir=\"auto\">{}{notes}</td>", marked.join(" "));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n</body></html>\n");
    s
}

/// `text` escaped by `h`, with the char ranges `added` in `<ins>`.
fn marked(text: &str, added: &[(CharRange, bool)], h: &impl Fn(&str) -> String) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let b = |c: usize| chars.get(c).map_or(text.len(), |x| x.0);
    // Words next to each other make one mark ("work out", not two).
    let mut runs: Vec<(CharRange, bool)> = Vec::new();
    for (r, key) in added {
        match runs.last_mut() {
            Some((last, k))
                if *k == *key && text.get(b(last.end.0)..b(r.start.0)).is_some_and(|g| g.trim().is_empty()) =>
            {
                last.end = r.end;
            }
            _ => runs.push((*r, *key)),
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for (r, key) in &runs {
        let (start, end) = (b(r.start.0).max(at), b(r.end.0));
        if start >= end {
            continue;
        }
        out.push_str(&h(&text[at..start]));
        let class = if *key { " class=\"key\"" } else { "" };
        let _ = write!(out, "<ins{class}>{}</ins>", h(&text[start..end]));
        at = end;
    }
    out.push_str(&h(&text[at..]));
    out
}
