//! `synoptic import`: a REFI-QDA project made a Synoptic project.

use super::EXIT_OK;
use std::io::Write;
use std::path::Path;

pub(super) fn import_qdpx(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    if output.exists() {
        anyhow::bail!("{} exists already: choose a new project file", output.display());
    }
    let imported = crate::io::export::refi_import::import_qdpx(file, output)?;
    for c in &imported.positions {
        writeln!(err, "synoptic: {c}")?;
    }
    for w in &imported.warnings {
        writeln!(err, "synoptic: {w}")?;
    }
    let p = &imported.project;
    writeln!(
        out,
        "wrote {}: {} document(s), {} tag(s), {} passage(s), {} link(s), {} memo(s)",
        output.display(),
        p.documents().count(),
        p.codebook().len(),
        p.annotations().count(),
        p.link_count(),
        p.memos().count()
    )?;
    Ok(EXIT_OK)
}
