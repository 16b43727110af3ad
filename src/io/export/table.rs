//! Tables for spreadsheets and statistics tools: one row per passage × tag
//! with its document's metadata, quote, context, note and status; the
//! documents × tags matrix; links; memos. CSV (the `csv` crate) as four
//! files, XLSX (`rust_xlsxwriter`) as four sheets with real dates.

use chrono::{DateTime, Datelike, Timelike, Utc};

use super::{ExportError, Options, Output, TextOf, documents, passages, tag_path};
use crate::analysis::stats;
use crate::model::Project;

/// A table: header and rows of cells.
struct Table {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

/// A cell: text, a number, or a date and time.
enum Cell {
    Text(String),
    Number(f64),
    Date(chrono::NaiveDate),
    Time(DateTime<Utc>),
}

impl Cell {
    fn as_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Time(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// The passages table: one row per passage and tag (a passage without tags
/// gets one row with an empty tag).
fn passage_table(project: &Project, texts: TextOf<'_>, opts: &Options) -> Table {
    let header = vec![
        "document", "outlet", "author", "date", "url", "tag", "tag path", "quote", "before", "after", "place", "start",
        "end", "note", "status", "created", "modified",
    ];
    let mut rows = Vec::new();
    let chosen = |t: &crate::model::TagId| opts.tags.as_ref().is_none_or(|s| s.contains(t));
    for p in passages(project, texts, opts) {
        let a = p.annotation;
        let d = p.doc;
        let mut names: Vec<(String, String)> = a
            .tags
            .iter()
            .filter(|t| chosen(t))
            .filter_map(|t| project.codebook().get(*t))
            .map(|t| (t.name.clone(), tag_path(project, t)))
            .collect();
        if names.is_empty() {
            names.push((String::new(), String::new()));
        }
        let date = crate::analysis::dates::parse(&d.meta.date, true).map_or_else(|| text(&d.meta.date), Cell::Date);
        for (name, path) in names {
            rows.push(vec![
                text(&d.meta.title),
                text(&d.meta.source),
                text(&d.meta.author),
                match &date {
                    Cell::Date(x) => Cell::Date(*x),
                    other => text(&other.as_text()),
                },
                text(&d.meta.url),
                Cell::Text(name),
                Cell::Text(path),
                text(&a.anchor.exact),
                Cell::Text(if opts.context { p.before.clone() } else { String::new() }),
                Cell::Text(if opts.context { p.after.clone() } else { String::new() }),
                text(&p.place),
                Cell::Number(a.anchor.range.start.0 as f64),
                Cell::Number(a.anchor.range.end.0 as f64),
                Cell::Text(if opts.notes { a.note.clone() } else { String::new() }),
                text(a.status.as_str()),
                Cell::Time(a.created),
                Cell::Time(a.modified),
            ]);
        }
    }
    Table { name: "Passages", header, rows }
}

/// Documents × tags: a header row (first cell empty, then each tag's name)
/// and one row per document (its title, then its passages per tag).
fn matrix_table(project: &Project, opts: &Options) -> (Vec<String>, Vec<Vec<Cell>>) {
    let m = stats::matrix(project);
    let cols: Vec<usize> =
        (0..m.tags.len()).filter(|c| opts.tags.as_ref().is_none_or(|s| s.contains(&m.tags[*c]))).collect();
    let mut header = vec![String::new()];
    header.extend(cols.iter().filter_map(|c| project.codebook().get(m.tags[*c])).map(|t| t.name.clone()));
    let keep: Vec<_> = documents(project, opts).iter().map(|d| d.id).collect();
    let rows = (0..m.docs.len())
        .filter(|r| keep.contains(&m.docs[*r]))
        .map(|r| {
            let title = project.document(m.docs[r]).map_or_else(String::new, |d| d.meta.title.clone());
            let mut row = vec![Cell::Text(title)];
            row.extend(cols.iter().map(|c| Cell::Number(m.counts[r][*c] as f64)));
            row
        })
        .collect();
    (header, rows)
}

fn link_table(project: &Project, opts: &Options) -> Table {
    let header = vec!["relation", "from document", "from quote", "to document", "to quote", "note", "created"];
    let keep = |d| opts.docs.as_ref().is_none_or(|s| s.contains(&d));
    let title = |d| project.document(d).map_or_else(String::new, |d| d.meta.title.clone());
    let rows = project
        .links()
        .filter_map(|l| {
            let (a, b) = (project.annotation(l.from)?, project.annotation(l.to)?);
            (keep(a.doc) && keep(b.doc)).then(|| {
                vec![
                    text(&l.relation),
                    Cell::Text(title(a.doc)),
                    text(&a.anchor.exact),
                    Cell::Text(title(b.doc)),
                    text(&b.anchor.exact),
                    Cell::Text(if opts.notes { l.note.clone() } else { String::new() }),
                    Cell::Time(l.created),
                ]
            })
        })
        .collect();
    Table { name: "Links", header, rows }
}

fn memo_table(project: &Project, opts: &Options) -> Table {
    let header = vec!["title", "text", "created", "modified"];
    let rows = if opts.notes {
        project
            .memos()
            .map(|m| vec![text(&m.title), text(&m.text), Cell::Time(m.created), Cell::Time(m.modified)])
            .collect()
    } else {
        Vec::new()
    };
    Table { name: "Memos", header, rows }
}

/// One sheet: name, header, rows.
type Sheet<'t> = (&'t str, Vec<String>, &'t [Vec<Cell>]);

/// A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`,
/// or a tab or carriage return before one) gets a leading apostrophe, the
/// OWASP advice against CSV injection.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}").into() } else { s.into() }
}

fn csv_bytes(header: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(header.iter().map(|h| neutralise(h).into_owned()));
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| neutralise(&c.as_text()).into_owned()));
    }
    // A BOM, so that spreadsheets open the file as UTF-8.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// The CSV files: passages (the main file), then `-matrix`, `-links` and
/// `-memos` beside it.
pub fn csv_files(project: &Project, texts: TextOf<'_>, opts: &Options) -> Output {
    let owned = |t: &Table| t.header.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let p = passage_table(project, texts, opts);
    let (mh, mr) = matrix_table(project, opts);
    let l = link_table(project, opts);
    let m = memo_table(project, opts);
    vec![
        (String::new(), csv_bytes(&owned(&p), &p.rows)),
        ("-matrix".into(), csv_bytes(&mh, &mr)),
        ("-links".into(), csv_bytes(&owned(&l), &l.rows)),
        ("-memos".into(), csv_bytes(&owned(&m), &m.rows)),
    ]
}

#[allow(clippy::needless_pass_by_value)] // used as map_err(xlsx_err)
fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Xlsx(e.to_string())
}

fn excel_time(t: &DateTime<Utc>) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    let d = t.date_naive();
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )?
    .and_hms(u16::try_from(t.hour()).unwrap_or(0), u8::try_from(t.minute()).unwrap_or(0), f64::from(t.second()))
}

fn excel_date(d: chrono::NaiveDate) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

/// The workbook: Passages, Matrix, Links and Memos sheets. Text is always
/// written as text cells (never as a formula); dates and times are real
/// Excel dates.
pub fn xlsx(project: &Project, texts: TextOf<'_>, opts: &Options) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let p = passage_table(project, texts, opts);
    let (mh, mr) = matrix_table(project, opts);
    let l = link_table(project, opts);
    let m = memo_table(project, opts);
    let sheets: Vec<Sheet<'_>> = vec![
        (p.name, p.header.iter().map(|s| (*s).to_owned()).collect(), &p.rows),
        ("Matrix", mh, &mr),
        (l.name, l.header.iter().map(|s| (*s).to_owned()).collect(), &l.rows),
        (m.name, m.header.iter().map(|s| (*s).to_owned()).collect(), &m.rows),
    ];
    for (name, header, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(xlsx_err)?;
        for (c, h) in header.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, c, h, &bold).map_err(xlsx_err)?;
            ws.set_column_width(c, if h == "quote" || h == "note" || h == "text" { 60 } else { 16 })
                .map_err(xlsx_err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s).map_err(xlsx_err)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).map_err(xlsx_err)?;
                    }
                    Cell::Date(d) => {
                        ws.write_datetime_with_format(r, c, excel_date(*d).map_err(xlsx_err)?, &date)
                            .map_err(xlsx_err)?;
                    }
                    Cell::Time(t) => {
                        ws.write_datetime_with_format(r, c, excel_time(t).map_err(xlsx_err)?, &time)
                            .map_err(xlsx_err)?;
                    }
                }
            }
        }
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for s in ["=SUM(A1)", "+1", "-2+3", "@cmd", "\t=1"] {
            assert!(neutralise(s).starts_with('\''), "{s}");
        }
        assert_eq!(neutralise("plain, \"quoted\""), "plain, \"quoted\"");
    }
}
