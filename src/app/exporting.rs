//! Results out and other tools' projects in: File > Export… (on a worker
//! thread), File > Import REFI-QDA… (a `.qdpx` becomes a new project, a
//! `.qdc` merges into the codebook), and Copy as citation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{App, DocText, Job, Modal};
use crate::io::export::{self, Options, refi_import, refi_positions};
use crate::io::import::Loaded;
use crate::io::project_file;
use crate::model::{AnnotationId, DocId, Edit, Project, Tag, TagId};
use crate::ui::dialogs::DialogKind;

impl App {
    /// The project's name for titles and file names.
    pub(super) fn project_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "Untitled project".to_owned(),
            |n| n.to_string_lossy().trim_end_matches(project_file::EXTENSION).to_owned(),
        )
    }

    /// The export dialog's choice made: ask where to write.
    pub(super) fn choose_export_target(&mut self, opts: Options) {
        let dir = self.path.as_ref().and_then(|p| p.parent().map(Path::to_owned));
        let name = format!("{}.{}", self.project_name(), opts.format.extension());
        let ext = opts.format.extension();
        self.exporting = Some(opts);
        self.dialogs.request(DialogKind::Export { dir, name, ext });
    }

    /// Write the export chosen to `out` on a worker thread.
    pub(super) fn export_to(&mut self, mut out: PathBuf) {
        let Some(opts) = self.exporting.take() else { return };
        if out.extension().is_none() {
            out.set_extension(opts.format.extension());
        }
        let project = self.project.clone();
        let texts: BTreeMap<DocId, Arc<Loaded>> = self
            .texts
            .iter()
            .filter_map(|(d, t)| match t {
                DocText::Ready(l) => Some((*d, l.clone())),
                _ => None,
            })
            .collect();
        self.spawn_job(move || {
            let text = |d: DocId| texts.get(&d).map(|l| &l.text);
            let result = export::export(&project, &text, &opts, &out).map_err(|e| e.to_string());
            Job::Exported(result)
        });
    }

    pub(super) fn exported(&mut self, result: Result<Vec<PathBuf>, String>) {
        match result {
            Ok(files) => {
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                self.messages.push(format!("Exported to {}", names.join(", ")));
            }
            Err(e) => self.messages.push(format!("The export failed: {e}. Nothing in the project changed.")),
        }
    }

    /// A REFI-QDA file chosen in File > Import REFI-QDA….
    pub(super) fn import_qda(&mut self, from: PathBuf) {
        let is_qdc = from.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdc"));
        if is_qdc {
            self.import_codebook(&from);
            return;
        }
        let dir = from.parent().map(Path::to_owned);
        let stem = from.file_stem().map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
        self.dialogs.request(DialogKind::ImportTarget {
            from,
            dir,
            name: format!("{stem}{}", project_file::EXTENSION),
        });
    }

    /// Import the `.qdpx` at `from` as a new project at `to`, then open it.
    pub(super) fn import_qdpx_to(&mut self, from: PathBuf, to: PathBuf) {
        if to.exists() {
            self.messages.push(format!("{} exists already: choose a new name for the imported project.", to.display()));
            return;
        }
        self.spawn_job(move || {
            let result = refi_import::import_qdpx(&from, &to).map(|i| import_report(&i)).map_err(|e| e.to_string());
            Job::QdaImported { path: to, result }
        });
    }

    pub(super) fn qda_imported(&mut self, path: PathBuf, result: Result<Vec<String>, String>) {
        match result {
            Ok(report) => {
                self.messages.extend(report);
                self.guard(super::After::OpenProject(Some(path)));
            }
            Err(e) => self.messages.push(format!("The REFI-QDA project could not be imported: {e}")),
        }
    }

    fn import_codebook(&mut self, from: &Path) {
        let bytes = match std::fs::read(from) {
            Ok(b) => b,
            Err(e) => {
                self.messages.push(format!("Cannot read {}: {e}", from.display()));
                return;
            }
        };
        match refi_import::read_codebook(&bytes) {
            Ok((tags, warnings)) => {
                for w in warnings {
                    self.messages.push(format!("Codebook import: {w}"));
                }
                let merge = refi_import::merge_codebook(&self.project, &tags);
                if merge.clashes.is_empty() {
                    self.apply_codebook(merge.added, &[], false);
                } else {
                    self.modal = Some(Modal::CodebookClash { added: merge.added, clashes: merge.clashes });
                }
            }
            Err(e) => self.messages.push(format!("The codebook could not be read: {e}")),
        }
    }

    /// Add the new tags and, when `theirs`, take the colour and description
    /// of the clashing ones: one undo step.
    pub(super) fn apply_codebook(&mut self, added: Vec<Tag>, clashes: &[(TagId, Tag)], theirs: bool) {
        let n = added.len();
        let mut edits: Vec<Edit> = added.into_iter().map(Project::add_tag_edit).collect();
        if theirs {
            for (ours, t) in clashes {
                if let Some(e) = self.project.update_tag_edit(*ours, |x| {
                    x.color = t.color;
                    if t.description.is_some() {
                        x.description.clone_from(&t.description);
                    }
                }) {
                    edits.push(e);
                }
            }
        }
        if edits.is_empty() {
            self.messages.push("The codebook brought nothing new: every tag is already here.".into());
            return;
        }
        self.apply_edit(Edit::Batch(edits), "Import codebook".into(), None);
        self.messages.push(format!(
            "Codebook imported: {n} new tag(s){}.",
            if theirs { format!(", {} updated", clashes.len()) } else { String::new() }
        ));
    }

    /// A metadata CSV chosen: read it and show what it would change.
    pub(super) fn read_metadata(&mut self, path: &Path) {
        match std::fs::read(path) {
            Ok(bytes) => self.modal = Some(Modal::Metadata { path: path.to_owned(), bytes, day_first: true }),
            Err(e) => self.messages.push(format!("Cannot read {}: {e}", path.display())),
        }
    }

    /// Write every document's metadata to `path` as CSV.
    pub(super) fn write_metadata(&mut self, path: &Path) {
        let bytes = crate::io::metadata_csv::export(&self.project);
        match crate::io::atomic::write_atomic(path, |w| w.write_all(&bytes)) {
            Ok(()) => self.messages.push(format!(
                "Metadata of {} document(s) written to {}",
                self.project.documents().count(),
                path.display()
            )),
            Err(e) => self.messages.push(format!("Cannot write {}: {e}", path.display())),
        }
    }

    /// The passages to cite: the selected one, or those the retrieval view
    /// shows when it is open.
    fn passages_to_cite(&self) -> Vec<AnnotationId> {
        if self.views.view == super::View::Retrieve {
            return self.views.retrieve.result.columns.iter().flat_map(|c| c.passages.iter().copied()).collect();
        }
        self.selected.into_iter().collect()
    }

    /// Copy the quote(s) with their citation, as plain text or Markdown.
    pub(super) fn copy_citation(&mut self, markdown: bool) {
        let ids = self.passages_to_cite();
        if ids.is_empty() {
            self.messages.push(
                "Select a passage first (click a highlight): Copy as citation copies its quote and source.".into(),
            );
            return;
        }
        let text_of = |d: DocId| match self.texts.get(&d) {
            Some(DocText::Ready(l)) => Some(&l.text),
            _ => None,
        };
        let out: Vec<String> = ids
            .iter()
            .filter_map(|id| self.project.annotation(*id))
            .map(|a| export::citation(&self.project, a, text_of(a.doc), markdown))
            .collect();
        if let Some(ctx) = &self.ctx {
            ctx.copy_text(out.join("\n\n"));
        }
        self.messages.push(format!("Copied {} citation(s){}.", out.len(), if markdown { " as Markdown" } else { "" }));
    }
}

/// The messages a REFI-QDA import leaves: how each source's positions were
/// counted (one message, a line per source, when any source holds
/// something the ways of counting differ on), then each warning, passages
/// to review among them.
fn import_report(imported: &refi_import::Imported) -> Vec<String> {
    let mut out = Vec::new();
    let telling: Vec<String> = imported
        .positions
        .iter()
        .filter(|p| p.counting.present != refi_positions::Features::default())
        .map(|p| format!("• {p}"))
        .collect();
    if !telling.is_empty() {
        out.push(format!("Import: how the other tool counted positions, per source:\n{}", telling.join("\n")));
    }
    let review = imported.project.annotations().filter(|a| a.status == crate::model::AnchorStatus::NeedsReview).count();
    if review > 0 {
        out.push(format!(
            "Import: {review} passage(s) need review, their place not confirmed by the text they name (the \
             messages below say which; the notes panel lists them under “Needs review”)"
        ));
    }
    out.extend(imported.warnings.iter().map(|w| format!("Import: {w}")));
    out
}
