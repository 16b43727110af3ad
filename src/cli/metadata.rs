//! `synoptic metadata`: document metadata to and from CSV.

use super::EXIT_OK;
use crate::io::project_file;
use std::io::Write;

use crate::io::metadata_csv;
use std::path::Path;

/// How numeric dates read, and whether the user said so.
#[derive(Clone, Copy)]
pub(super) struct DateOrder {
    pub(super) day_first: bool,
    pub(super) said: bool,
}

pub(super) fn metadata(
    path: &Path,
    import: Option<&Path>,
    export: Option<&Path>,
    order: DateOrder,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let day_first = order.day_first;
    let mut project = project_file::load(path)?.project;
    if let Some(csv) = export {
        crate::io::atomic::write_atomic(csv, |w| w.write_all(&metadata_csv::export(&project)))?;
        writeln!(out, "wrote {} ({} documents)", csv.display(), project.documents().count())?;
        return Ok(EXIT_OK);
    }
    let Some(csv) = import else { anyhow::bail!("say --import FILE.csv or --export FILE.csv") };
    let plan = metadata_csv::plan(&project, &std::fs::read(csv)?, day_first)?;
    for (row, p) in &plan.unknown {
        writeln!(out, "row {row}: no single document matches {p:?}")?;
    }
    for (row, p) in &plan.duplicates {
        writeln!(out, "row {row}: {p:?} was set by an earlier row too (this row wins)")?;
    }
    for (row, _, d) in &plan.bad_dates {
        writeln!(out, "row {row}: date {d:?} not understood; kept as written")?;
    }
    if let Some((row, d)) = plan.ambiguous_dates.first().filter(|_| !order.said) {
        let n = plan.ambiguous_dates.len();
        let (read, other) = if day_first { ("day first", "--month-first") } else { ("month first", "--day-first") };
        writeln!(
            out,
            "{n} date(s) such as {d:?} (row {row}) read two ways; they were read {read} (say {other} for the other order, or --{} to say this one)",
            if day_first { "day-first" } else { "month-first" }
        )?;
    }
    for c in &plan.changes {
        writeln!(out, "{c}")?;
    }
    let n = plan.updated;
    project.apply(crate::model::Edit::Batch(plan.edits))?;
    project_file::save(&project, path)?;
    writeln!(out, "updated {n} document(s) in {}", path.display())?;
    Ok(EXIT_OK)
}
