//! The app: the project, its undo history and the state of the reading desk.
//! Panels hand back [`Action`]s; [`App`] applies them after the frame.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{Context, Ui};

use crate::command::{Action, Command};
use crate::io::import::{self, ImportOptions, Loaded};
use crate::io::project_file;
use crate::io::workspace::{self, Opened, SourceState};
use crate::model::{Anchor, AnchorStatus, Annotation, AnnotationId, CharIdx, DocId, Edit, History, Project, Rgb, Tag};
use crate::ui::codebook::{self, CodebookState};
use crate::ui::dialogs::{DialogKind, FileDialogs};
use crate::ui::notes::NotesState;
use crate::ui::reader::{self, Pane, Selection};
use crate::ui::theme::ReaderStyle;

mod access;
mod acting;
mod commands;
mod corpus;
mod desk;
mod exporting;
mod fetching;
mod finding;
mod importing;
mod jobs;
mod launch;
mod memory;
mod menus;
mod modals;
mod opening;
mod reading;
mod saving;
mod synopsis;
mod views;
mod watching;

pub use launch::run;
use reading::{LinkDraft, LinkEnd, Overlays};
pub use views::View;

/// Most panes opened by themselves when documents are added.
pub const AUTO_PANES: usize = 6;

/// Seconds after an unsaved change at which the recovery copy is written
/// (on a worker thread). Edits in that second join the same copy, so typing
/// writes at most one copy a second, and a crash loses at most about two
/// seconds of work.
pub const AUTOSAVE_SECS: f64 = 1.0;

/// The text of a document, as far as it is known.
#[derive(Clone, Debug)]
pub enum DocText {
    /// Being read in the background.
    Loading,
    /// Read.
    Ready(Arc<Loaded>),
    /// The file is gone.
    Missing(String),
    /// The file could not be read.
    Failed(String),
}

/// Settings kept between runs.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Recently opened projects, newest first.
    pub recent: Vec<PathBuf>,
    /// Reader style.
    pub style: ReaderStyle,
    /// Shared-passage detection settings (edited in the Shared tab).
    #[serde(default)]
    pub shared: crate::ui::shared::SharedPrefs,
    /// The codebook and notes panels are hidden (more room for the panes).
    #[serde(default)]
    pub hide_side_panels: bool,
    /// The desk (panes, order, scroll) each recent project was last left
    /// with, newest first: reopening shows what the user last saw, even
    /// when panes changed after the last save.
    #[serde(default)]
    pub desks: Vec<(PathBuf, Vec<crate::model::PaneState>)>,
}

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq)]
enum After {
    Quit,
    OpenProject(Option<PathBuf>),
    NewProject,
}

enum Modal {
    TagPicker { query: String },
    Unsaved(After),
    PathEntry { kind: DialogKind, text: String },
    Recovery { recovery: PathBuf },
    Link(LinkDraft),
    ComparePick { a: Option<DocId>, b: Option<DocId> },
    NoArticle { path: PathBuf, message: String },
    UrlEntry { text: String },
    TagHits(crate::ui::search::TagHitsDraft),
    Export(crate::ui::export::ExportDraft),
    CodebookClash { added: Vec<Tag>, clashes: Vec<(crate::model::TagId, Tag)> },
    Metadata { path: PathBuf, bytes: Vec<u8>, day_first: bool },
    NewerOnDisk { path: PathBuf },
    Damaged { path: PathBuf, message: String, backup: PathBuf, when: String },
    ChangedOnDisk { path: PathBuf },
}

/// What the right-hand panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RightTab {
    /// Annotations, review, memos, documents.
    #[default]
    Notes,
    /// Links and relation types.
    Links,
    /// Shared-passage detection.
    Shared,
    /// Find in the documents.
    Search,
}

/// Why a project did not open: the message, and the newest backup that
/// reads with when it was saved.
type OpenFailure = (String, Option<(PathBuf, String)>);

enum Job {
    /// A project opened (from a backup of it when the third field says when
    /// that was saved); on failure the message and the newest backup that
    /// reads, with its time.
    Opened(PathBuf, Result<Box<Opened>, OpenFailure>, Option<String>),
    /// A background save finished.
    Saved(Box<saving::Written>),
    Loaded {
        path: PathBuf,
        relocate: Option<DocId>,
        result: Result<Arc<Loaded>, String>,
    },
    Imported {
        path: PathBuf,
        result: Result<Box<import::Imported>, importing::ImportFail>,
    },
    Reimported {
        doc: DocId,
        result: Result<Box<import::Imported>, importing::ImportFail>,
    },
    Fetched {
        url: String,
        again_of: Option<DocId>,
        result: fetching::FetchOutcome,
    },
    Searched(crate::ui::search::SearchKey, Arc<crate::analysis::job::Control>, Arc<crate::ui::search::SearchResults>),
    Autosaved(Result<(), String>),
    Shared(Arc<crate::analysis::job::Control>, reading::SharedOutcome),
    Compared(DocId, DocId, Result<Arc<crate::analysis::align::Comparison>, crate::analysis::job::Cancelled>),
    /// A synopsis aligned (for the run its control stops).
    Synopsized(
        Arc<crate::analysis::job::Control>,
        Result<Box<crate::ui::synopsis::Aligned>, crate::analysis::job::Cancelled>,
    ),
    Exported(Result<Vec<PathBuf>, String>),
    FolderListed {
        dir: PathBuf,
        result: Result<(usize, Vec<(PathBuf, String)>), String>,
    },
    FolderImported {
        path: PathBuf,
        result: Result<Box<import::Imported>, importing::ImportFail>,
    },
    QdaImported {
        path: PathBuf,
        result: Result<Vec<String>, String>,
    },
    SourceChanged {
        doc: DocId,
        result: Result<Arc<Loaded>, String>,
    },
}

/// The whole app state.
pub struct App {
    project: Project,
    history: History,
    path: Option<PathBuf>,
    read_only: Option<String>,
    texts: BTreeMap<DocId, DocText>,
    panes: Vec<Pane>,
    pane_serial: u64,
    selection: Option<Selection>,
    selected: Option<AnnotationId>,
    generation: u64,
    codebook: CodebookState,
    notes: NotesState,
    settings: Settings,
    messages: Vec<String>,
    modal: Option<Modal>,
    dialogs: Box<dyn FileDialogs>,
    jobs_tx: Sender<Job>,
    jobs_rx: Receiver<Job>,
    busy: usize,
    /// The project being opened and how far reading it has got, for the
    /// status bar.
    opening_project: Option<(PathBuf, Arc<crate::io::progress::Progress>)>,
    /// A save written in the background (a large project), with its progress.
    saving: Option<(PathBuf, Arc<crate::io::progress::Progress>)>,
    /// Projects with at least this many passages are saved in the background.
    background_save_from: usize,
    fetching: Vec<fetching::Fetching>,
    search: crate::ui::search::SearchState,
    /// The project file as last read or written here (path, BLAKE3 of its
    /// bytes): Save checks it is still that file before replacing it.
    disk: Option<(PathBuf, String)>,
    /// This window's lock on the project file.
    lock: Option<crate::io::lock::Lock>,
    /// Who holds the project when another window has it open.
    locked_by: Option<crate::io::lock::Holder>,
    /// The project generation the last recovery copy holds.
    recovery_gen: u64,
    /// When the first change not yet in a recovery copy was seen.
    changed_at: Option<f64>,
    autosaving: bool,
    quit_allowed: bool,
    /// A text field had the keyboard at the end of the last frame. egui
    /// drops focus at the start of a frame whose input holds Esc, so this
    /// keeps Esc (and keys typed in the same frame) with the field they
    /// were meant for instead of running a desk shortcut.
    typing_last_frame: Keyboard,
    /// Files opened together, waiting for the last of them to be read.
    opening: Vec<opening::Opening>,
    /// A pane to scroll the desk to on the next frame.
    reveal_pane: Option<(&'static str, u64)>,
    /// The desk's sideways offset last frame and when it last moved (or
    /// was held), for snapping it to a pane's edge once it rests.
    desk_scroll: (f32, f64),
    /// Scroll the desk sideways to this offset next frame.
    desk_snap: Option<f32>,
    /// The desk's rect in the last frame.
    desk_rect: egui::Rect,
    /// Documents whose scripts were checked against the fonts.
    scripts_checked: std::collections::HashSet<DocId>,
    /// Scripts already named as having no font.
    scripts_named: std::collections::HashSet<&'static str>,
    /// The pane the user last pressed in (or opened).
    focused_pane: Option<(&'static str, u64)>,
    title: String,
    ctx: Option<Context>,
    derived: Derived,
    /// Screen rectangle of each pane last frame.
    pane_rects: Vec<egui::Rect>,
    /// First end of a link being made (L pressed once).
    link_from: Option<LinkEnd>,
    links: crate::ui::links::LinksState,
    shared: crate::ui::shared::SharedState,
    overlays: Overlays,
    compare: Option<crate::ui::compare::CompareView>,
    /// What the right-hand panel shows.
    pub right_tab: RightTab,
    /// What to do once the Save As chosen in the unsaved-changes prompt is done.
    pending_after: Option<After>,
    /// Shared passages are to be found again once loading is done.
    /// Shared passages are to be found again once nothing is loading.
    shared_wanted: bool,
    corpus: corpus::CorpusWatch,
    /// Files named more than once in one open: read once, added this many more times.
    copies: std::collections::HashMap<PathBuf, usize>,
    /// Sources and the project file, watched for changes by other programs.
    watching: watching::Watching,
    /// Retrieval, matrix, memos-and-notes, focus mode.
    views: views::Views,
    /// What is to be exported once the file dialog answers.
    exporting: Option<crate::io::export::Options>,
    /// The export dialog's last choices.
    last_export: crate::ui::export::ExportDraft,
    /// A folder being added: what is left to read, and what was skipped.
    folder: Option<importing::FolderProgress>,
    /// The Help window.
    help: crate::ui::help::HelpState,
    /// A passing word in the status bar ("Saved to …") and when it was said.
    notice: Option<(String, f64)>,
    /// Files this window wrote (text snapshots, fetched pages, pasted texts)
    /// since the project was last saved: removed again if the changes are
    /// discarded, so that nothing the saved project does not know is left.
    written: Vec<PathBuf>,
}

/// Figures shown every frame that only change with the project, recomputed
/// when its generation changes (a 10,000-annotation project must not be
/// recounted sixty times a second).
#[derive(Default)]
struct Derived {
    generation: Option<u64>,
    tag_counts: std::collections::HashMap<crate::model::TagId, usize>,
    doc_status: std::collections::HashMap<DocId, String>,
}

impl Derived {
    fn refresh(&mut self, project: &Project, generation: u64) {
        if self.generation == Some(generation) {
            return;
        }
        self.generation = Some(generation);
        self.tag_counts.clear();
        let mut per_doc: std::collections::HashMap<DocId, [usize; 4]> = std::collections::HashMap::new();
        for a in project.annotations() {
            for t in &a.tags {
                *self.tag_counts.entry(*t).or_default() += 1;
            }
            per_doc.entry(a.doc).or_default()[AnchorStatus::ALL.iter().position(|s| *s == a.status).unwrap_or(0)] += 1;
        }
        self.doc_status = per_doc
            .into_iter()
            .map(|(d, n)| {
                let parts: Vec<String> = AnchorStatus::ALL
                    .iter()
                    .zip(n)
                    .filter(|(_, k)| *k > 0)
                    .map(|(s, k)| format!("{k} {}", s.as_str()))
                    .collect();
                (d, parts.join(", "))
            })
            .collect();
    }
}

impl App {
    /// A new app with an empty project, using `dialogs` for file choosers.
    pub fn new(dialogs: Box<dyn FileDialogs>, settings: Settings) -> Self {
        let (jobs_tx, jobs_rx) = channel();
        Self {
            project: Project::new(),
            history: History::new(),
            path: None,
            read_only: None,
            texts: BTreeMap::new(),
            panes: Vec::new(),
            pane_serial: 0,
            selection: None,
            selected: None,
            generation: 0,
            codebook: CodebookState::default(),
            notes: NotesState::default(),
            settings,
            messages: Vec::new(),
            modal: None,
            dialogs,
            jobs_tx,
            jobs_rx,
            busy: 0,
            opening_project: None,
            saving: None,
            background_save_from: saving::BACKGROUND_SAVE_FROM,
            fetching: Vec::new(),
            search: crate::ui::search::SearchState::default(),
            disk: None,
            lock: None,
            locked_by: None,
            recovery_gen: 0,
            changed_at: None,
            autosaving: false,
            quit_allowed: false,
            typing_last_frame: Keyboard::Desk,
            opening: Vec::new(),
            reveal_pane: None,
            desk_scroll: (0.0, 0.0),
            desk_snap: None,
            desk_rect: egui::Rect::NOTHING,
            scripts_checked: std::collections::HashSet::new(),
            scripts_named: std::collections::HashSet::new(),
            focused_pane: None,
            title: String::new(),
            ctx: None,
            derived: Derived::default(),
            pane_rects: Vec::new(),
            link_from: None,
            links: crate::ui::links::LinksState::default(),
            shared: crate::ui::shared::SharedState::default(),
            overlays: Overlays::default(),
            compare: None,
            right_tab: RightTab::Notes,
            pending_after: None,
            shared_wanted: false,
            corpus: corpus::CorpusWatch::default(),
            copies: std::collections::HashMap::new(),
            watching: watching::Watching::default(),
            views: views::Views::default(),
            exporting: None,
            last_export: crate::ui::export::ExportDraft::default(),
            folder: None,
            help: crate::ui::help::HelpState::default(),
            notice: None,
            written: Vec::new(),
        }
    }

    // ----- opening -----

    /// How the project refers to a source: relative once the project has a
    /// file, absolute until then.
    fn doc_path_for(&self, source: &Path) -> String {
        match &self.path {
            Some(p) => project_file::relative_source_path(p, source),
            None => std::path::absolute(source).unwrap_or_else(|_| source.to_owned()).to_string_lossy().into_owned(),
        }
    }

    /// Open a pane for `doc` unless one shows it already.
    fn ensure_pane(&mut self, doc: DocId) {
        if self.project.document(doc).is_some() {
            self.show_new(&[doc]);
        }
    }

    /// A pane for `doc`, as wide as the open panes are on average (so that
    /// after normalizing, n panes opened one by one share the desk evenly).
    fn new_pane(&mut self, doc: DocId) -> Pane {
        self.pane_serial += 1;
        let mut pane = Pane::new(doc, self.pane_serial);
        if !self.panes.is_empty() {
            pane.width = self.panes.iter().map(|p| p.width).sum::<f32>() / self.panes.len() as f32;
        }
        pane
    }

    fn normalize_widths(&mut self) {
        let n = self.panes.len().max(1) as f32;
        let sum: f32 = self.panes.iter().map(|p| p.width.max(0.05)).sum();
        for p in &mut self.panes {
            p.width = if sum > 0.0 { p.width.max(0.05) / sum } else { 1.0 / n };
        }
    }

    // ----- changing the project -----

    fn apply_edit(&mut self, edit: Edit, label: String, merge: Option<String>) {
        if let Some(reason) = &self.read_only {
            let reason = reason.clone();
            if !self.messages.contains(&reason) {
                self.messages.push(reason);
            }
            return;
        }
        let r = if let Some(k) = merge {
            self.history.apply_merging(&mut self.project, edit, label, k)
        } else {
            self.history.seal();
            self.history.apply(&mut self.project, edit, label)
        };
        match r {
            Ok(()) => self.generation += 1,
            Err(e) => self.messages.push(e.to_string()),
        }
    }

    fn reveal(&mut self, id: AnnotationId) {
        let Some(a) = self.project.annotation(id) else { return };
        let (doc, start) = (a.doc, a.anchor.range.start);
        self.selected = Some(id);
        self.ensure_pane(doc);
        let now = self.ctx.as_ref().map_or(0.0, |c| c.input(|i| i.time));
        if let Some(p) = self.panes.iter_mut().find(|p| p.doc == doc) {
            p.scroll_to = Some(CharIdx(start.0.saturating_sub(0)));
            p.flash = Some((id, now));
        }
    }

    /// Say something in the status bar for a few seconds.
    pub(crate) fn notice(&mut self, text: impl Into<String>) {
        let now = self.ctx.as_ref().map_or(0.0, |c| c.input(|i| i.time));
        self.notice = Some((text.into(), now));
    }

    /// A name for a project not saved yet: the first document's title,
    /// made a file name ("Police clear the camp" → "police-clear-the-camp").
    pub(crate) fn suggested_project_name(&self) -> String {
        let title = self.first_document().map(|d| d.meta.title.clone()).unwrap_or_default();
        let stem = crate::io::snapshot::file_stem_of(&title, 48);
        let stem = if stem.is_empty() { "project".to_owned() } else { stem };
        format!("{stem}{}", project_file::EXTENSION)
    }

    fn first_source_dir(&self) -> Option<PathBuf> {
        let d = self.first_document()?;
        Path::new(&d.path).parent().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_owned()))
    }

    /// The document the user sees first: the first pane's, else the first
    /// in the project.
    fn first_document(&self) -> Option<&crate::model::Document> {
        self.panes.first().and_then(|p| self.project.document(p.doc)).or_else(|| self.project.documents().next())
    }

    fn update_title(&mut self, ctx: &Context) {
        let name = self.path.as_ref().and_then(|p| p.file_name()).map_or("Untitled".to_owned(), |n| {
            n.to_string_lossy().trim_end_matches(project_file::EXTENSION).to_owned()
        });
        let title = format!(
            "{}{name}{} — Synoptic",
            if self.is_dirty() { "• " } else { "" },
            if self.read_only.is_some() { " (read-only)" } else { "" }
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn handle_shortcuts(&mut self, ctx: &Context) {
        if self.modal.is_some() {
            return;
        }
        // Esc closes an open menu (or popup) and does nothing else.
        if egui::Popup::is_any_open(ctx) && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            egui::Popup::close_all(ctx);
        }
        let typing = ctx.egui_wants_keyboard_input() || self.typing_last_frame == Keyboard::TextField;
        // Shortcuts with more modifiers first, so Ctrl+Shift+Z is not taken
        // as Ctrl+Z, nor Ctrl+Shift+Y as redo's Ctrl+Y (egui matches a
        // shortcut with Shift or Alt held on top).
        let mut keys: Vec<(Command, egui::KeyboardShortcut)> = Command::ALL
            .iter()
            .flat_map(|c| [c.shortcut(), c.alternate_shortcut()].into_iter().flatten().map(move |s| (*c, s)))
            .collect();
        keys.sort_by_key(|(_, s)| {
            std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.command) + u8::from(s.modifiers.alt))
        });
        for (c, s) in keys {
            if typing && (c.is_plain_key() || matches!(c, Command::Undo | Command::Redo | Command::Copy)) {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&s)) {
                self.run_command(c);
            }
        }
        // The desktop integration turns Ctrl+C into a Copy event rather than
        // a key press; a text field being typed in takes it for itself.
        if !typing && ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy))) {
            self.run_command(Command::Copy);
        }
        // A web address pasted onto the desk (not into a text field) is
        // fetched as a new document.
        if !typing {
            let urls: Vec<String> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter_map(|e| match e {
                        egui::Event::Paste(s) if crate::io::fetch::is_url(s) => Some(s.trim().to_owned()),
                        _ => None,
                    })
                    .collect()
            });
            for u in urls {
                self.fetch_url(&u, None);
            }
        }
    }

    /// Handle files dropped on the window.
    fn handle_drops(&mut self, ctx: &Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_owned()).collect());
        let (folders, dropped): (Vec<PathBuf>, Vec<PathBuf>) = dropped.into_iter().partition(|p| p.is_dir());
        for f in folders {
            self.add_folder(f);
        }
        let (projects, docs): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| p.to_string_lossy().ends_with(project_file::EXTENSION));
        if let Some(p) = projects.into_iter().next() {
            self.guard(After::OpenProject(Some(p)));
        }
        if !docs.is_empty() {
            self.open_documents(docs);
        }
    }

    // ----- drawing -----

    /// One frame: poll background work, draw, apply actions.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if self.ctx.is_none() {
            // A press anywhere outside a text field (the start of a drag
            // across a pane's text, too, not only a click) takes the
            // keyboard from it, so that keys meant for a new selection never
            // reach a note the user is no longer looking at.
            ctx.options_mut(|o| o.input_options.surrender_focus_on = egui::SurrenderFocusOn::Presses);
            self.ctx = Some(ctx.clone());
        }
        self.poll_jobs();
        self.handle_dialogs();
        self.handle_drops(&ctx);
        ctx.set_visuals(self.settings.style.visuals());
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quit_allowed
            && self.is_dirty()
            && self.read_only.is_none()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(After::Quit));
        }
        self.handle_shortcuts(&ctx);
        self.derived.refresh(&self.project, self.generation);
        self.refresh_corpus();
        self.refresh_overlays();
        self.search_if_changed();
        let mut actions = Vec::new();
        self.menu_bar_ui(ui, &mut actions);
        self.status_bar_ui(ui);
        // Side panels can be hidden (Ctrl+Shift+H) to give the panes room.
        // The analysis views take the whole window: they carry their own
        // question, and the notes panel would repeat what they list.
        if !self.settings.hide_side_panels && self.views.view == View::Desk {
            egui::Panel::left("codebook").default_size(200.0).min_size(140.0).show(ui, |ui| {
                crate::ui::keep_width_ui(ui, |ui| {
                    codebook::codebook_ui(
                        ui,
                        &mut self.codebook,
                        &self.project,
                        &self.derived.tag_counts,
                        &mut actions,
                    );
                });
            });
            self.right_panel_ui(ui, &mut actions);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.views.view != View::Desk {
                self.view_ui(ui, &mut actions);
            } else if self.compare.is_some() {
                self.compare_view_ui(ui);
            } else {
                self.desk_ui(ui, &mut actions);
            }
        });
        if self.help.open.is_some() {
            let places = self.places();
            crate::ui::help::help_ui(&ctx, &mut self.help, &places);
        }
        self.modal_ui(&ctx, &mut actions);
        for a in actions {
            self.act(a);
        }
        self.watch_files();
        let now = ctx.input(|i| i.time);
        self.autosave(now);
        if let Some(since) = self.changed_at {
            // egui paints only on input: wake up when the recovery copy is due.
            let due = (since + AUTOSAVE_SECS - now).max(0.05);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due));
        }
        self.update_title(&ctx);
        self.typing_last_frame = if ctx.egui_wants_keyboard_input() { Keyboard::TextField } else { Keyboard::Desk };
        if self.busy > 0 || self.shared.running.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}

/// Who had the keyboard at the end of a frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Keyboard {
    /// The desk: shortcuts apply.
    Desk,
    /// A text field: plain keys, Esc and undo belong to it.
    TextField,
}

impl App {
    /// Where this project and the app keep their files, for Help › About.
    fn places(&self) -> crate::ui::help::Places {
        let backups = self
            .path
            .as_ref()
            .map(|p| p.parent().unwrap_or(std::path::Path::new(".")).join(crate::io::atomic::BACKUP_DIR));
        crate::ui::help::Places {
            project: self.path.clone(),
            backups,
            recovery: self.path.as_deref().map(recovery_path),
            settings: eframe::storage_dir("synoptic"),
        }
    }
}

/// Where the recovery copy of a project lives.
pub fn recovery_path(project: &Path) -> PathBuf {
    let mut s = project.as_os_str().to_owned();
    s.push(".recovery");
    PathBuf::from(s)
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let m = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (m(a), m(b)) {
        (Some(x), Some(y)) => x > y,
        (Some(_), None) => true,
        _ => false,
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_desk();
        eframe::set_value(storage, "settings", &self.settings);
    }
}
