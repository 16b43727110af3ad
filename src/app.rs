//! The app: the project, its undo history and the state of the reading desk.
//! Panels hand back [`Action`]s; [`App`] applies them after the frame.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{Context, Ui};

use crate::cli::{Cli, Renderer};
use crate::command::{Action, Command};
use crate::io::import::{self, ImportOptions, Loaded};
use crate::io::project_file;
use crate::io::workspace::{self, Opened, SourceState};
use crate::model::{
    Anchor, AnchorStatus, Annotation, AnnotationId, CharIdx, DocId, Edit, History, PaneState, Project, Rgb, Tag,
};
use crate::ui::codebook::{self, CodebookState};
use crate::ui::dialogs::{DialogKind, FileDialogs, RfdDialogs};
use crate::ui::notes::NotesState;
use crate::ui::reader::{self, Pane, Selection};
use crate::ui::theme::ReaderStyle;

mod desk;
mod fetching;
mod finding;
mod importing;
mod menus;
mod modals;
mod reading;
mod views;

use reading::{LinkDraft, LinkEnd, Overlays};
pub use views::View;

/// Most panes opened by themselves when documents are added.
pub const AUTO_PANES: usize = 6;

/// Seconds between recovery copies while there are unsaved changes.
pub const AUTOSAVE_SECS: f64 = 30.0;

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

enum Job {
    Opened(PathBuf, Result<Box<Opened>, String>),
    Loaded { path: PathBuf, relocate: Option<DocId>, result: Result<Arc<Loaded>, String> },
    Imported { path: PathBuf, result: Result<Box<import::Imported>, importing::ImportFail> },
    Reimported { doc: DocId, result: Result<Box<import::Imported>, importing::ImportFail> },
    Fetched { url: String, again_of: Option<DocId>, result: fetching::FetchOutcome },
    Searched(crate::ui::search::SearchKey, Arc<crate::analysis::job::Control>, Arc<crate::ui::search::SearchResults>),
    Autosaved(Result<(), String>),
    Shared(Arc<crate::analysis::job::Control>, reading::SharedOutcome),
    Compared(DocId, DocId, Result<Arc<crate::analysis::align::Comparison>, crate::analysis::job::Cancelled>),
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
    fetching: Vec<fetching::Fetching>,
    search: crate::ui::search::SearchState,
    last_autosave: f64,
    autosaving: bool,
    quit_allowed: bool,
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
    shared_pending: bool,
    /// Retrieval, matrix, memos-and-notes, focus mode.
    views: views::Views,
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
            fetching: Vec::new(),
            search: crate::ui::search::SearchState::default(),
            last_autosave: 0.0,
            autosaving: false,
            quit_allowed: false,
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
            shared_pending: false,
            views: views::Views::default(),
        }
    }

    /// The last shared-passage detection result.
    pub fn shared_result(&self) -> Option<&crate::ui::shared::SharedResult> {
        self.shared.result.as_deref()
    }

    /// The settings kept between runs.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where the panes were drawn in the last frame.
    pub fn pane_rects(&self) -> &[egui::Rect] {
        &self.pane_rects
    }

    /// The Search tab's query and results.
    pub fn search_state(&self) -> &crate::ui::search::SearchState {
        &self.search
    }

    /// True while shared passages are being detected.
    pub fn finding_shared(&self) -> bool {
        self.shared.running.is_some()
    }

    /// The compare view, when compare mode is on.
    pub fn compare_view(&self) -> Option<&crate::ui::compare::CompareView> {
        self.compare.as_ref()
    }

    /// The first end of a link being made.
    pub fn link_start(&self) -> Option<(DocId, crate::model::CharRange)> {
        self.link_from.map(|e| (e.doc, e.range))
    }

    // ----- read access (tests, benches) -----

    /// The project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project file, once saved or opened.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True with unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The current text selection.
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    /// Set the text selection (as a drag would).
    pub fn set_selection(&mut self, s: Option<Selection>) {
        self.selection = s;
    }

    /// The selected annotation.
    pub fn selected(&self) -> Option<AnnotationId> {
        self.selected
    }

    /// Open panes.
    pub fn panes(&self) -> &[Pane] {
        &self.panes
    }

    /// A document's text, when read.
    pub fn text(&self, doc: DocId) -> Option<&Arc<Loaded>> {
        match self.texts.get(&doc) {
            Some(DocText::Ready(l)) => Some(l),
            _ => None,
        }
    }

    /// Messages shown to the user (errors and notices).
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// True while documents or a project are loading.
    pub fn is_busy(&self) -> bool {
        self.busy > 0 || self.dialogs.busy()
    }

    /// Why the project is read-only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Scroll every pane by `dy` points (Page Down is one screen).
    pub fn scroll_panes_by(&mut self, dy: f32) {
        if self.views.view == View::Retrieve {
            self.views.retrieve.scroll_by(dy);
            return;
        }
        for p in &mut self.panes {
            p.set_offset = Some((p.offset + dy).max(0.0));
        }
    }

    /// Current reader style.
    pub fn style(&self) -> &ReaderStyle {
        &self.settings.style
    }

    // ----- opening -----

    /// Run `work` on its own thread; its [`Job`] is applied by
    /// [`Self::poll_jobs`], and the window wakes up when it arrives.
    fn spawn_job(&self, work: impl FnOnce() -> Job + Send + 'static) {
        let tx = self.jobs_tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
    }

    /// Start opening a project in the background.
    pub fn open_project(&mut self, path: PathBuf) {
        self.busy += 1;
        self.spawn_job(move || {
            let r = workspace::open(&path, ImportOptions::default()).map(Box::new).map_err(|e| e.to_string());
            Job::Opened(path, r)
        });
    }

    fn spawn_load(&mut self, path: PathBuf, relocate: Option<DocId>) {
        self.busy += 1;
        self.spawn_job(move || {
            let result = import::load_text(&path, ImportOptions::default()).map(Arc::new).map_err(|e| e.to_string());
            Job::Loaded { path, relocate, result }
        });
    }

    /// Apply finished background work. Returns true when something arrived.
    pub fn poll_jobs(&mut self) -> bool {
        let mut any = false;
        while let Ok(job) = self.jobs_rx.try_recv() {
            any = true;
            match job {
                Job::Opened(path, r) => {
                    self.busy = self.busy.saturating_sub(1);
                    match r {
                        Ok(opened) => self.install(path, *opened),
                        Err(e) => self.messages.push(e),
                    }
                }
                Job::Loaded { path, relocate, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    match result {
                        Ok(l) => self.add_loaded(&path, relocate, l),
                        Err(e) => self.messages.push(e),
                    }
                }
                Job::Imported { path, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    self.imported(&path, result);
                }
                Job::Reimported { doc, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    self.reimported(doc, result);
                }
                Job::Searched(key, control, res) => self.searched(key, &control, res),
                Job::Fetched { url, again_of, result } => {
                    self.busy = self.busy.saturating_sub(1);
                    self.fetched(&url, again_of, result);
                }
                Job::Autosaved(r) => {
                    self.autosaving = false;
                    if let Err(e) = r {
                        self.messages.push(format!("The recovery copy could not be written: {e}"));
                    }
                }
                Job::Shared(control, result) => self.shared_done(&control, result),
                Job::Compared(a, b, result) => {
                    if let (Some(v), Ok(r)) = (self.compare.as_mut(), result)
                        && v.a == a
                        && v.b == b
                    {
                        v.result = Some(r);
                    }
                }
            }
        }
        if self.shared_pending && self.busy == 0 {
            self.shared_after_change();
        }
        any
    }

    fn install(&mut self, path: PathBuf, opened: Opened) {
        let changed = opened.changed();
        self.project = opened.project;
        self.history = History::new();
        if changed {
            self.history.mark_unsaved();
        }
        self.read_only = opened.read_only;
        self.texts = opened
            .sources
            .into_iter()
            .map(|(id, s)| {
                let t = match s {
                    SourceState::Loaded(l) => DocText::Ready(l),
                    SourceState::Missing(m) => DocText::Missing(m),
                    SourceState::Failed(m) => DocText::Failed(m),
                };
                (id, t)
            })
            .collect();
        self.selection = None;
        self.selected = None;
        self.codebook = CodebookState::default();
        self.notes = NotesState::default();
        self.links = crate::ui::links::LinksState::default();
        self.shared.reset();
        self.compare = None;
        self.link_from = None;
        self.panes.clear();
        let layout = self.project.layout.clone();
        for p in &layout.panes {
            let mut pane = self.new_pane(p.doc);
            pane.width = p.width;
            pane.scroll_to = Some(p.scroll);
            self.panes.push(pane);
        }
        if self.panes.is_empty() {
            let mut docs: Vec<(String, DocId)> = self.project.documents().map(|d| (d.path.clone(), d.id)).collect();
            docs.sort();
            for (_, id) in docs.into_iter().take(3) {
                let pane = self.new_pane(id);
                self.panes.push(pane);
            }
        }
        self.normalize_widths();
        self.generation += 1;
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path.clone());
        self.settings.recent.truncate(10);
        let recovery = recovery_path(&path);
        if is_newer(&recovery, &path) {
            self.modal = Some(Modal::Recovery { recovery });
        }
        self.path = Some(path);
        self.shared_after_change();
    }

    fn add_loaded(&mut self, path: &Path, relocate: Option<DocId>, l: Arc<Loaded>) {
        if let Some(doc) = relocate {
            let new_path = self.doc_path_for(path);
            if let Some(e) = self.project.update_document_edit(doc, |d| d.path = new_path) {
                self.apply_edit(e, "Locate source".into(), None);
            }
            let report = crate::analysis::anchoring::reanchor_document(&mut self.project, doc, &l.text, &l.hash);
            if report.text_changed {
                self.history.mark_unsaved();
            }
            self.texts.insert(doc, DocText::Ready(l));
            self.generation += 1;
            self.shared_after_change();
            return;
        }
        let mut doc = crate::model::Document::new(self.doc_path_for(path));
        doc.meta.title = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.add_document(doc, path, l);
    }

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
        if !self.panes.iter().any(|p| p.doc == doc) {
            let pane = self.new_pane(doc);
            self.panes.push(pane);
            self.normalize_widths();
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

    /// Apply one action (what a panel asked for).
    pub fn act(&mut self, action: Action) {
        match action {
            Action::Command(c) => self.run_command(c),
            Action::Edit { edit, label, merge } => self.apply_edit(edit, label, merge),
            Action::ApplyTag(t) => self.apply_tag(t),
            Action::CreateTagAndApply(name) => {
                let mut tag = Tag::new(name.trim(), Rgb::palette(self.project.codebook().len()));
                tag.order = self.project.codebook().next_order(None);
                let id = tag.id;
                self.apply_edit(Project::add_tag_edit(tag), format!("New tag “{}”", name.trim()), None);
                self.apply_tag(id);
            }
            Action::Reveal(id) => self.reveal(id),
            Action::ScrollTo(doc, c) => {
                if let Some(p) = self.panes.iter_mut().find(|p| p.doc == doc) {
                    p.scroll_to = Some(c);
                }
            }
            Action::Reattach(id) => self.reattach(id),
            Action::Confirm(id) => {
                if let Some(e) = self.project.update_annotation_edit(id, |a| {
                    a.status = AnchorStatus::Exact;
                    a.previous_quote = None;
                }) {
                    self.apply_edit(e, "Accept passage".into(), None);
                }
            }
            Action::Locate(doc) => self.dialogs.request(DialogKind::Locate { doc }),
            Action::Reimport(doc) => self.reimport(doc),
            Action::TagHits => self.open_tag_hits(),
            Action::RevealNote(at) => self.reveal_note(at),
            Action::ShowDocument(doc) => self.ensure_pane(doc),
            Action::ClosePaneAt(i) => {
                if i < self.panes.len() {
                    self.panes.remove(i);
                    self.normalize_widths();
                }
            }
            Action::MovePane(i, d) => {
                if let Some(j) = i.checked_add_signed(d).filter(|j| *j < self.panes.len() && i < self.panes.len()) {
                    self.panes.swap(i, j);
                }
            }
            Action::RevealLink(id) => self.reveal_link(id),
            Action::ShowPassage(doc, r) => self.show_passage(doc, r),
            Action::FindShared => self.find_shared(),
            Action::CancelShared => self.shared.cancel(),
            Action::LinkCluster(ci) => self.link_cluster(ci),
            Action::TagCluster(ci, t) => self.tag_cluster(ci, t),
            Action::StartCompare(a, b) => self.start_compare(a, b),
            Action::LinkAnnotations(from, to) => self.link_annotations(from, to),
            Action::Retrieve(r) => self.retrieve_request(*r),
            Action::RetrieveCooccurring(a, b) => self.retrieve_cooccurring(a, b),
            Action::RevealWriting(w) => self.reveal_writing(w),
        }
    }

    fn apply_tag(&mut self, tag: crate::model::TagId) {
        if let Some(sel) = self.selection.filter(|s| !s.range().is_empty()) {
            let Some(text) = self.text(sel.doc).cloned() else { return };
            let mut a = Annotation::new(sel.doc, Anchor::from_text(&text.text, sel.range()));
            a.tags.insert(tag);
            let id = a.id;
            let name = self.project.codebook().get(tag).map(|t| t.name.clone()).unwrap_or_default();
            self.apply_edit(Project::add_annotation_edit(a), format!("Tag “{name}”"), None);
            self.selected = Some(id);
            self.selection = None;
        } else if let Some(id) = self.selected {
            if let Some(e) = self.project.update_annotation_edit(id, |a| {
                if !a.tags.remove(&tag) {
                    a.tags.insert(tag);
                }
            }) {
                self.apply_edit(e, "Toggle tag".into(), None);
            }
        } else {
            self.messages.push("Select a passage first (drag across the text), then press a tag's number.".into());
        }
    }

    fn reattach(&mut self, id: AnnotationId) {
        let Some(sel) = self.selection.filter(|s| !s.range().is_empty()) else { return };
        let Some(text) = self.text(sel.doc).cloned() else { return };
        if let Some(e) = self.project.update_annotation_edit(id, |a| {
            a.doc = sel.doc;
            a.anchor = Anchor::from_text(&text.text, sel.range());
            a.status = AnchorStatus::Exact;
            a.previous_quote = None;
        }) {
            self.apply_edit(e, "Re-attach passage".into(), None);
            self.selection = None;
            self.selected = Some(id);
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

    /// Run a command.
    #[allow(clippy::too_many_lines)] // one arm per command
    pub fn run_command(&mut self, c: Command) {
        // Commands about panes and side panels bring the desk back.
        if matches!(
            c,
            Command::Find
                | Command::FindAll
                | Command::FindShared
                | Command::Compare
                | Command::FocusPane
                | Command::ToggleSidePanels
                | Command::OpenDocuments
        ) {
            self.views.view = View::Desk;
        }
        match c {
            Command::OpenDocuments => self.dialogs.request(DialogKind::OpenDocuments),
            Command::OpenProject => self.guard(After::OpenProject(None)),
            Command::NewProject => self.guard(After::NewProject),
            Command::Save => {
                if self.path.is_some() && self.read_only.is_none() {
                    self.save();
                } else {
                    self.run_command(Command::SaveAs);
                }
            }
            Command::SaveAs => {
                let dir =
                    self.path.as_ref().and_then(|p| p.parent().map(Path::to_owned)).or_else(|| self.first_source_dir());
                let name = self
                    .path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or("project.synoptic.ron".into(), |n| n.to_string_lossy().into_owned());
                self.dialogs.request(DialogKind::SaveProject { dir, name });
            }
            Command::Quit => self.guard(After::Quit),
            Command::AddFromUrl => self.modal = Some(Modal::UrlEntry { text: String::new() }),
            Command::FetchAgain => match self.focused_doc() {
                Some(d) => self.fetch_again(d),
                None => self.messages.push("Open a fetched document first: Fetch again reads its page again.".into()),
            },
            Command::PasteDocument => self.paste_from_clipboard(),
            Command::Reimport => match self.focused_doc() {
                Some(d) => self.reimport(d),
                None => self.messages.push("Open a document first: Re-import reads its original again.".into()),
            },
            Command::Undo => {
                self.history.seal();
                if self.history.undo(&mut self.project).is_some() {
                    self.generation += 1;
                }
            }
            Command::Redo => {
                if self.history.redo(&mut self.project).is_some() {
                    self.generation += 1;
                }
            }
            Command::Copy => {
                // As shown: the line breaks of a hard-wrapped paragraph are
                // copied as spaces.
                let shown = |doc, r| self.text(doc).map(|t| t.text.display_range(r).into_owned());
                let text = self.selection.and_then(|s| shown(s.doc, s.range())).or_else(|| {
                    let a = self.selected.and_then(|id| self.project.annotation(id))?;
                    if a.status == AnchorStatus::Orphaned {
                        Some(a.anchor.exact.clone())
                    } else {
                        shown(a.doc, a.anchor.range)
                    }
                });
                if let (Some(t), Some(ctx)) = (text, &self.ctx) {
                    ctx.copy_text(t);
                }
            }
            Command::TagPicker => {
                if self.selection.is_some_and(|s| !s.range().is_empty()) || self.selected.is_some() {
                    self.modal = Some(Modal::TagPicker { query: String::new() });
                }
            }
            Command::QuickTag(n) => {
                if let Some(t) = codebook::quick_tags(&self.project).get(usize::from(n) - 1) {
                    self.apply_tag(*t);
                }
            }
            Command::DeleteAnnotation => {
                if let Some(id) = self.selected.take() {
                    self.apply_edit(self.project.delete_annotation_edit(id), "Delete annotation".into(), None);
                }
            }
            Command::NewTag => {
                let n = self.project.codebook().len() + 1;
                let mut t = Tag::new(format!("Tag {n}"), Rgb::palette(n - 1));
                t.order = self.project.codebook().next_order(None);
                self.apply_edit(Project::add_tag_edit(t), "New tag".into(), None);
            }
            Command::NewMemo => {
                let m = crate::model::Memo::new("Untitled memo", "");
                self.notes.memo = Some(m.id);
                self.apply_edit(Project::add_memo_edit(m), "New memo".into(), None);
            }
            Command::ZoomIn | Command::ZoomOut => {
                let s = &mut self.settings.style;
                let f = if c == Command::ZoomIn { 1.1 } else { 1.0 / 1.1 };
                s.font_size = (s.font_size * f).clamp(ReaderStyle::FONT_RANGE.0, ReaderStyle::FONT_RANGE.1).round();
            }
            Command::WiderLines | Command::TighterLines => {
                let s = &mut self.settings.style;
                let d = if c == Command::WiderLines { 0.1 } else { -0.1 };
                s.line_spacing = (s.line_spacing + d).clamp(1.0, 2.5);
            }
            Command::ToggleTheme => self.settings.style.dark = !self.settings.style.dark,
            Command::ToggleSidePanels => self.settings.hide_side_panels = !self.settings.hide_side_panels,
            Command::ToggleScrollLock => self.project.layout.scroll_lock = !self.project.layout.scroll_lock,
            Command::PageDown | Command::PageUp | Command::Top | Command::Bottom => self.page(c),
            Command::ClosePane => {
                let i = self
                    .selection
                    .and_then(|s| self.panes.iter().position(|p| p.doc == s.doc))
                    .unwrap_or(self.panes.len().saturating_sub(1));
                self.act(Action::ClosePaneAt(i));
            }
            Command::LinkPassages => self.link_command(),
            Command::Find | Command::FindAll => self.open_search(c == Command::FindAll),
            Command::FindNext | Command::FindPrevious => self.step_hit(c == Command::FindNext),
            Command::FindShared => {
                self.right_tab = RightTab::Shared;
                self.find_shared();
            }
            Command::Compare => {
                let mut docs = self.panes.iter().map(|p| p.doc);
                let (a, b) = (docs.next(), docs.next());
                self.modal = Some(Modal::ComparePick { a, b });
            }
            Command::NextDifference | Command::PreviousDifference => {
                if let Some(v) = &mut self.compare {
                    v.step(c == Command::NextDifference);
                }
            }
            Command::Retrieve | Command::Matrix | Command::Writings => self.show_view(c),
            Command::FocusPane => self.toggle_focus(),
            Command::Back => {
                if self.views.view != View::Desk {
                    self.views.view = View::Desk;
                } else if self.compare.is_some() {
                    self.compare = None;
                } else if self.link_from.is_some() {
                    self.link_from = None;
                } else {
                    self.selection = None;
                    self.selected = None;
                }
            }
        }
    }

    /// Scroll the pane under the pointer (or the first) by a screen, or to an end.
    fn page(&mut self, c: Command) {
        let pointer = self.ctx.as_ref().and_then(|ctx| ctx.input(|i| i.pointer.hover_pos()));
        let i = pointer.and_then(|p| self.pane_rects.iter().position(|r| r.contains(p))).unwrap_or(0);
        let height = self.pane_rects.get(i).map_or(600.0, egui::Rect::height) * 0.9;
        if self.views.view == View::Retrieve {
            match c {
                Command::PageDown => self.views.retrieve.scroll_by(height),
                Command::PageUp => self.views.retrieve.scroll_by(-height),
                _ => {}
            }
            return;
        }
        let Some(pane) = self.panes.get_mut(i) else { return };
        match c {
            Command::PageDown => pane.set_offset = Some(pane.offset + height),
            Command::PageUp => pane.set_offset = Some((pane.offset - height).max(0.0)),
            Command::Top => pane.set_offset = Some(0.0),
            _ => pane.scroll_to = Some(CharIdx(usize::MAX)),
        }
    }

    fn first_source_dir(&self) -> Option<PathBuf> {
        let d = self.project.documents().next()?;
        Path::new(&d.path).parent().map(Path::to_owned)
    }

    /// Run `after` now, or first ask about unsaved changes.
    fn guard(&mut self, after: After) {
        if self.is_dirty() && self.read_only.is_none() {
            self.modal = Some(Modal::Unsaved(after));
        } else {
            self.proceed(after);
        }
    }

    fn proceed(&mut self, after: After) {
        match after {
            After::Quit => {
                self.discard_recovery();
                self.quit_allowed = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            After::OpenProject(Some(p)) => {
                self.discard_recovery();
                self.open_project(p);
            }
            After::OpenProject(None) => self.dialogs.request(DialogKind::OpenProject),
            After::NewProject => {
                self.discard_recovery();
                let d = std::mem::replace(&mut self.dialogs, Box::new(crate::ui::dialogs::ScriptedDialogs::default()));
                let settings = self.settings.clone();
                let ctx = self.ctx.clone();
                *self = App::new(d, settings);
                self.ctx = ctx;
            }
        }
    }

    /// Save to the current path. Returns true on success.
    pub fn save(&mut self) -> bool {
        let Some(path) = self.path.clone() else { return false };
        self.save_to(&path)
    }

    /// Save to `path` (Save As), rebasing source paths to the new folder.
    pub fn save_to(&mut self, path: &Path) -> bool {
        let mut path = path.to_owned();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.ends_with(project_file::EXTENSION) {
            let stem = name.strip_suffix(".ron").unwrap_or(&name).to_owned();
            path.set_file_name(format!("{stem}{}", project_file::EXTENSION));
        }
        if self.path.as_deref() != Some(path.as_path()) {
            self.rebase_sources(&path);
        }
        if !self.place_snapshots(&path) {
            return false;
        }
        self.project.layout.panes =
            self.panes.iter().map(|p| PaneState { doc: p.doc, width: p.width, scroll: p.top_char }).collect();
        match project_file::save(&self.project, &path) {
            Ok(report) => {
                if let Some(e) = report.backup_error {
                    self.messages.push(e);
                }
                self.history.mark_saved();
                if self.path.as_deref() != Some(path.as_path()) {
                    self.discard_recovery();
                }
                let _ = std::fs::remove_file(recovery_path(&path));
                self.read_only = None;
                self.path = Some(path.clone());
                self.settings.recent.retain(|p| p != &path);
                self.settings.recent.insert(0, path);
                true
            }
            Err(e) => {
                self.messages
                    .push(format!("Not saved: {e}. Your work is still here; try another folder with Save As."));
                false
            }
        }
    }

    /// Point every document at the same source from a new project location.
    fn rebase_sources(&mut self, new_project: &Path) {
        let ids: Vec<DocId> = self.project.documents().map(|d| d.id).collect();
        for id in ids {
            let Some(d) = self.project.document_mut(id) else { continue };
            let old = self.path.as_deref();
            let rebase = |p: &str| {
                let src = match old {
                    Some(old) => project_file::source_path(old, p),
                    None => PathBuf::from(p),
                };
                project_file::relative_source_path(new_project, &src)
            };
            d.path = rebase(&d.path);
            if let Some(o) = d.origin.as_mut().filter(|o| !o.path.is_empty()) {
                o.path = rebase(&o.path);
            }
        }
    }

    fn discard_recovery(&self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(recovery_path(p));
        }
    }

    /// Write a recovery copy in the background if one is due.
    fn autosave(&mut self, now: f64) {
        if !self.is_dirty() || self.autosaving || self.read_only.is_some() || now - self.last_autosave < AUTOSAVE_SECS {
            return;
        }
        let Some(path) = self.path.clone() else { return };
        self.last_autosave = now;
        self.autosaving = true;
        let project = self.project.clone();
        self.spawn_job(move || {
            Job::Autosaved(project_file::save_copy(&project, &recovery_path(&path)).map_err(|e| e.to_string()))
        });
    }

    fn handle_dialogs(&mut self) {
        while let Some((kind, answer)) = self.dialogs.poll() {
            let Some(paths) = answer.filter(|p| !p.is_empty()) else {
                self.messages.push(
                    "No file was chosen. If no dialog appeared, type the path instead (File menu, Enter a path…)."
                        .into(),
                );
                self.modal = Some(Modal::PathEntry { kind, text: String::new() });
                continue;
            };
            self.answer(kind, paths);
        }
    }

    #[allow(clippy::needless_pass_by_value)] // the answer is consumed by the arms that need it
    fn answer(&mut self, kind: DialogKind, paths: Vec<PathBuf>) {
        // A path was given after all: the "no file was chosen" notice has
        // done its job.
        self.messages.retain(|m| !m.starts_with("No file was chosen"));
        match kind {
            DialogKind::OpenDocuments => self.open_documents(paths),
            DialogKind::OpenProject => {
                if let Some(p) = paths.into_iter().next() {
                    self.discard_recovery();
                    self.open_project(p);
                }
            }
            DialogKind::SaveProject { .. } => {
                if let Some(p) = paths.into_iter().next() {
                    let saved = self.save_to(&p);
                    if let Some(after) = self.pending_after.take().filter(|_| saved) {
                        self.proceed(after);
                    }
                }
            }
            DialogKind::Locate { doc } => {
                if let Some(p) = paths.into_iter().next() {
                    self.texts.insert(doc, DocText::Loading);
                    self.spawn_load(p, Some(doc));
                }
            }
        }
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
        let typing = ctx.egui_wants_keyboard_input();
        // Shortcuts with more modifiers first, so Ctrl+Shift+Z is not taken as Ctrl+Z.
        let mut cmds: Vec<Command> = Command::ALL.to_vec();
        cmds.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| u8::from(s.modifiers.shift) + u8::from(s.modifiers.command)))
        });
        for c in cmds {
            if typing && (c.is_plain_key() || matches!(c, Command::Undo | Command::Redo | Command::Copy)) {
                continue;
            }
            let hit = [c.shortcut(), c.alternate_shortcut()]
                .into_iter()
                .flatten()
                .any(|s| ctx.input_mut(|i| i.consume_shortcut(&s)));
            if hit {
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
        self.ctx.get_or_insert_with(|| ctx.clone());
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
        self.refresh_overlays();
        self.search_if_changed();
        let mut actions = Vec::new();
        self.menu_bar_ui(ui, &mut actions);
        self.status_bar_ui(ui);
        // Side panels can be hidden (Ctrl+Shift+H) to give the panes room.
        // The analysis views take the whole window: they carry their own
        // question, and the notes panel would repeat what they list.
        if !self.settings.hide_side_panels && self.views.view == View::Desk {
            egui::Panel::left("codebook").default_size(220.0).show(ui, |ui| {
                codebook::codebook_ui(ui, &mut self.codebook, &self.project, &self.derived.tag_counts, &mut actions);
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
        self.modal_ui(&ctx, &mut actions);
        for a in actions {
            self.act(a);
        }
        let now = ctx.input(|i| i.time);
        self.autosave(now);
        if self.is_dirty() && self.path.is_some() {
            // egui paints only on input: wake up when the recovery copy is due.
            let due = (self.last_autosave + AUTOSAVE_SECS - now).max(0.5);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due));
        }
        self.update_title(&ctx);
        if self.busy > 0 || self.shared.running.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
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
        eframe::set_value(storage, "settings", &self.settings);
    }
}

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/saves/demo/demo.synoptic.ron");

/// Open the app window and run until it closes. If the chosen renderer
/// cannot start (no OpenGL, or no Vulkan/Metal/DX12), the other one is tried.
pub fn run(args: &Cli) -> anyhow::Result<()> {
    let first = args.renderer;
    let other = match first {
        Renderer::Glow => Renderer::Wgpu,
        Renderer::Wgpu => Renderer::Glow,
    };
    launch(first, args.paths.clone()).or_else(|e| {
        log::warn!("the {first:?} renderer did not start ({e}); trying {other:?}");
        launch(other, args.paths.clone())
            .map_err(|e2| anyhow::anyhow!("cannot open the window: {e} (with the {other:?} renderer: {e2})"))
    })
}

fn launch(which: Renderer, paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let renderer = match which {
        Renderer::Glow => eframe::Renderer::Glow,
        Renderer::Wgpu => eframe::Renderer::Wgpu,
    };
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../assets/synoptic.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_inner_size([1400.0, 860.0])
        .with_title("Synoptic")
        .with_app_id("synoptic");
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options =
        eframe::NativeOptions { renderer, viewport, persist_window: true, ..eframe::NativeOptions::default() };
    eframe::run_native(
        "synoptic",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc.storage.and_then(|s| eframe::get_value(s, "settings")).unwrap_or_default();
            // Text no font can draw shows as boxes; never a crash on user data.
            cc.egui_ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
            let mut app = App::new(Box::new(RfdDialogs::new(cc.egui_ctx.clone())), settings);
            app.ctx = Some(cc.egui_ctx.clone());
            let (projects, docs): (Vec<PathBuf>, Vec<PathBuf>) =
                paths.into_iter().partition(|p| p.to_string_lossy().ends_with(project_file::EXTENSION));
            if let Some(p) = projects.into_iter().next() {
                app.open_project(p);
            } else if !docs.is_empty() {
                app.open_documents(docs);
            } else if let Some(last) = app.settings.recent.first().filter(|p| p.exists()).cloned() {
                app.open_project(last);
            } else if Path::new(DEMO).exists() {
                app.open_project(PathBuf::from(DEMO));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}
