//! `synoptic new`: a project made of texts and folders.

use super::EXIT_OK;
use crate::io::import;
use crate::io::import::ImportOptions;
use crate::io::project_file;
use crate::io::snapshot;
use crate::io::workspace;
use crate::model::Project;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;

pub(super) fn new_project(path: &Path, files: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<i32> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    anyhow::ensure!(
        name.ends_with(project_file::EXTENSION),
        "a project file name must end in {} ({})",
        project_file::EXTENSION,
        path.display()
    );
    anyhow::ensure!(!path.exists(), "the project already exists; not overwriting it ({})", path.display());
    let mut project = Project::new();
    // Folders give every readable text under them; what is left out is
    // counted and listed. Files named one by one must all be readable.
    let mut skipped: Vec<(PathBuf, String)> = Vec::new();
    let mut named: Vec<(PathBuf, bool)> = Vec::new();
    for f in files {
        if f.is_dir() {
            let l = crate::io::folder::list(f)?;
            named.extend(l.files.into_iter().map(|p| (p, true)));
            skipped.extend(l.skipped);
        } else {
            named.push((f.clone(), false));
        }
    }
    // Import everything before writing anything: a file that cannot be
    // read leaves no half-made sources folder behind.
    let mut imported = Vec::with_capacity(named.len());
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    for (f, from_folder) in &named {
        match import::import_file(f, ImportOptions::default()) {
            Ok(imp) => {
                // The same text twice (a copy under another name) is added once.
                if let Some(first) = seen.get(&imp.loaded.hash) {
                    skipped.push((f.clone(), format!("the same text as {}", first.display())));
                    continue;
                }
                seen.insert(imp.loaded.hash.clone(), f.clone());
                imported.push((f.clone(), imp));
            }
            Err(e) if *from_folder => skipped.push((f.clone(), e.to_string())),
            Err(e) => return Err(e.into()),
        }
    }
    anyhow::ensure!(!imported.is_empty(), "no readable text was found; nothing to make a project of");
    for (f, imp) in imported {
        let doc = if imp.format.is_plain() {
            let mut d = workspace::document_for(path, &f, &imp.loaded);
            crate::analysis::titles::name_text_document(&mut d, imp.loaded.text.as_str());
            d
        } else {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let snap = snapshot::write_new(&snapshot::sources_dir(path), &name, imp.loaded.text.as_str())?;
            let mut d = snapshot::document_for_import(
                project_file::relative_source_path(path, &snap),
                project_file::relative_source_path(path, &f),
                &imp,
            );
            if d.meta.title.is_empty() {
                d.meta.title = name;
            }
            d
        };
        let kind = if imp.format.is_plain() { imp.loaded.encoding.to_owned() } else { imp.format.name().to_owned() };
        writeln!(out, "added {} ({kind}, {} chars)", doc.path, imp.loaded.text.char_len())?;
        for n in &imp.notes {
            writeln!(out, "  note: {n}")?;
        }
        project.apply(Project::add_document_edit(doc))?;
    }
    if !skipped.is_empty() {
        writeln!(out, "skipped {} file(s):", skipped.len())?;
        for (p, why) in skipped.iter().take(50) {
            writeln!(out, "  {}: {why}", p.display())?;
        }
        if skipped.len() > 50 {
            writeln!(out, "  … and {} more", skipped.len() - 50)?;
        }
    }
    let retitled = crate::analysis::titles::disambiguate(&project, None);
    project.apply(crate::model::Edit::Batch(retitled))?;
    project_file::save(&project, path)?;
    writeln!(out, "created {} with {} document(s)", path.display(), project.documents().count())?;
    Ok(EXIT_OK)
}
