//! File dialogs behind a small trait so tests can answer them, and the real
//! one using `rfd` off the UI thread.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// Which question a file dialog asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Source texts to open (several).
    OpenDocuments,
    /// A project file to open.
    OpenProject,
    /// Where to save the project.
    SaveProject {
        /// Folder to start in.
        dir: Option<PathBuf>,
        /// File name to suggest.
        name: String,
    },
    /// Where a missing source is now.
    Locate {
        /// Which document.
        doc: crate::model::DocId,
    },
    /// Where to write an export.
    Export {
        /// Folder to start in.
        dir: Option<PathBuf>,
        /// File name to suggest.
        name: String,
        /// The format's extension.
        ext: &'static str,
    },
    /// A REFI-QDA project or codebook to import.
    ImportQda,
    /// A folder whose texts to add.
    AddFolder,
    /// A metadata CSV to read.
    MetadataImport,
    /// Where to write the metadata CSV.
    MetadataExport {
        /// Folder to start in.
        dir: Option<PathBuf>,
        /// File name to suggest.
        name: String,
    },
    /// Where to create the project imported from a `.qdpx`.
    ImportTarget {
        /// The `.qdpx`.
        from: PathBuf,
        /// Folder to start in.
        dir: Option<PathBuf>,
        /// File name to suggest.
        name: String,
    },
}

/// Asks the user for files.
pub trait FileDialogs {
    /// Start asking; the answer comes from [`FileDialogs::poll`].
    fn request(&mut self, kind: DialogKind);
    /// A finished dialog: what was asked and the chosen paths (`None` when
    /// nothing was chosen, or no dialog could be shown).
    fn poll(&mut self) -> Option<(DialogKind, Option<Vec<PathBuf>>)>;
    /// True while a dialog is open.
    fn busy(&self) -> bool;
}

/// Native dialogs through `rfd`, each on its own thread so the window keeps
/// painting.
#[derive(Default)]
pub struct RfdDialogs {
    pending: Option<(DialogKind, Receiver<Option<Vec<PathBuf>>>)>,
    repaint: Option<egui::Context>,
}

impl RfdDialogs {
    /// Dialogs that wake `ctx` when they finish.
    pub fn new(ctx: egui::Context) -> Self {
        Self { pending: None, repaint: Some(ctx) }
    }
}

impl FileDialogs for RfdDialogs {
    fn request(&mut self, kind: DialogKind) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let k = kind.clone();
        let ctx = self.repaint.clone();
        std::thread::spawn(move || {
            let text_filter = |d: rfd::FileDialog| {
                d.add_filter("Articles", &crate::io::import::all_extensions()).add_filter("All files", &["*"])
            };
            let answer = match k {
                DialogKind::OpenDocuments => {
                    text_filter(rfd::FileDialog::new().set_title("Open documents")).pick_files()
                }
                DialogKind::Locate { .. } => {
                    text_filter(rfd::FileDialog::new().set_title("Locate source")).pick_file().map(|p| vec![p])
                }
                DialogKind::OpenProject => rfd::FileDialog::new()
                    .set_title("Open project")
                    .add_filter("Synoptic project", &["ron"])
                    .pick_file()
                    .map(|p| vec![p]),
                DialogKind::Export { dir, name, ext } => {
                    let mut d = rfd::FileDialog::new().set_title("Export").set_file_name(name).add_filter(ext, &[ext]);
                    if let Some(dir) = dir {
                        d = d.set_directory(dir);
                    }
                    d.save_file().map(|p| vec![p])
                }
                DialogKind::MetadataImport => rfd::FileDialog::new()
                    .set_title("Import document metadata")
                    .add_filter("CSV", &["csv", "tsv", "txt"])
                    .pick_file()
                    .map(|p| vec![p]),
                DialogKind::MetadataExport { dir, name } => {
                    let mut d = rfd::FileDialog::new()
                        .set_title("Export document metadata")
                        .set_file_name(name)
                        .add_filter("CSV", &["csv"]);
                    if let Some(dir) = dir {
                        d = d.set_directory(dir);
                    }
                    d.save_file().map(|p| vec![p])
                }
                DialogKind::AddFolder => {
                    rfd::FileDialog::new().set_title("Add every text in a folder").pick_folder().map(|p| vec![p])
                }
                DialogKind::ImportQda => rfd::FileDialog::new()
                    .set_title("Import a REFI-QDA project or codebook")
                    .add_filter("REFI-QDA (.qdpx, .qdc)", &["qdpx", "qdc"])
                    .pick_file()
                    .map(|p| vec![p]),
                DialogKind::ImportTarget { dir, name, .. } => {
                    let mut d = rfd::FileDialog::new()
                        .set_title("Save the imported project as")
                        .set_file_name(name)
                        .add_filter("Synoptic project", &["ron"]);
                    if let Some(dir) = dir {
                        d = d.set_directory(dir);
                    }
                    d.save_file().map(|p| vec![p])
                }
                DialogKind::SaveProject { dir, name } => {
                    let mut d = rfd::FileDialog::new()
                        .set_title("Save project")
                        .set_file_name(name)
                        .add_filter("Synoptic project", &["ron"]);
                    if let Some(dir) = dir {
                        d = d.set_directory(dir);
                    }
                    d.save_file().map(|p| vec![p])
                }
            };
            let _ = tx.send(answer);
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.pending = Some((kind, rx));
    }

    fn poll(&mut self) -> Option<(DialogKind, Option<Vec<PathBuf>>)> {
        let (_, rx) = self.pending.as_ref()?;
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        self.pending.take().map(|(k, _)| (k, answer))
    }

    fn busy(&self) -> bool {
        self.pending.is_some()
    }
}

/// Dialogs answered from a script (tests).
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Answers given in order to the next requests.
    pub answers: VecDeque<Option<Vec<PathBuf>>>,
    ready: VecDeque<(DialogKind, Option<Vec<PathBuf>>)>,
    /// Every question asked so far.
    pub asked: Vec<DialogKind>,
}

impl ScriptedDialogs {
    /// Dialogs that give these answers, in order.
    pub fn new(answers: impl IntoIterator<Item = Option<Vec<PathBuf>>>) -> Self {
        Self { answers: answers.into_iter().collect(), ..Self::default() }
    }
}

impl FileDialogs for ScriptedDialogs {
    fn request(&mut self, kind: DialogKind) {
        self.asked.push(kind.clone());
        let a = self.answers.pop_front().flatten();
        self.ready.push_back((kind, a));
    }

    fn poll(&mut self) -> Option<(DialogKind, Option<Vec<PathBuf>>)> {
        self.ready.pop_front()
    }

    fn busy(&self) -> bool {
        !self.ready.is_empty()
    }
}
