//! Every menu item and keyboard shortcut, in one place, and the actions the
//! panels hand back to the app.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{AnnotationId, CharIdx, CharRange, DocId, Edit, LinkId, MemoId, TagId};

/// A user command: shown in a menu, triggered by a shortcut, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Add source texts to the project.
    OpenDocuments,
    /// Open another project.
    OpenProject,
    /// Start an empty project.
    NewProject,
    /// Save the project.
    Save,
    /// Save the project under another name.
    SaveAs,
    /// Fetch a web page by its address.
    AddFromUrl,
    /// Fetch the focused document's page again, as a new version.
    FetchAgain,
    /// Make a document of the clipboard's contents.
    PasteDocument,
    /// Read the focused document's original (web page, PDF…) again.
    Reimport,
    /// Quit (asks about unsaved changes).
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Copy the selected text.
    Copy,
    /// Tag the selection with a tag chosen by name.
    TagPicker,
    /// Tag the selection with the n-th tag (1–9).
    QuickTag(u8),
    /// Delete the selected annotation.
    DeleteAnnotation,
    /// Write the selected passage's note (the keyboard goes to its field).
    EditNote,
    /// Add a tag to the codebook.
    NewTag,
    /// Add a project memo.
    NewMemo,
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// More space between lines.
    WiderLines,
    /// Less space between lines.
    TighterLines,
    /// Light or dark.
    ToggleTheme,
    /// Hide or show the codebook and notes panels.
    ToggleSidePanels,
    /// Scroll all panes together.
    ToggleScrollLock,
    /// Close the focused pane.
    ClosePane,
    /// Give the keyboard to the pane on the right.
    NextPane,
    /// Give the keyboard to the pane on the left.
    PreviousPane,
    /// Scroll the pane under the pointer down a screen.
    PageDown,
    /// Scroll it up a screen.
    PageUp,
    /// Go to the start of its document.
    Top,
    /// Go to the end of its document.
    Bottom,
    /// Start a link at the selection, or finish it at a second selection.
    LinkPassages,
    /// Find the passages the documents share.
    FindShared,
    /// Search the focused document.
    Find,
    /// Search all documents.
    FindAll,
    /// Next search hit.
    FindNext,
    /// Previous search hit.
    FindPrevious,
    /// Compare two documents word by word.
    Compare,
    /// The synopsis: the open documents (or all) aligned sentence by
    /// sentence in parallel columns.
    Synopsis,
    /// Next difference in compare mode.
    NextDifference,
    /// Previous difference in compare mode.
    PreviousDifference,
    /// Leave compare mode, or cancel a link being made.
    Back,
    /// The retrieval view: coded passages side by side.
    Retrieve,
    /// The matrix view: documents × tags, co-occurrence, charts.
    Matrix,
    /// One list of memos, document notes and tag descriptions.
    Writings,
    /// The Documents table.
    DocumentsTable,
    /// Show only the focused pane (again: all panes).
    FocusPane,
    /// Export a report, tables or REFI-QDA.
    Export,
    /// Add every text under a folder.
    AddFolder,
    /// Fill document metadata in from a CSV.
    ImportMetadata,
    /// Write document metadata to a CSV.
    ExportMetadata,
    /// Import a REFI-QDA project (.qdpx) or codebook (.qdc).
    ImportQda,
    /// Copy the selected passage (or those retrieved) with its citation.
    CopyCitation,
    /// The same, as Markdown.
    CopyCitationMarkdown,
    /// The keyboard shortcuts, searchable.
    Shortcuts,
    /// A short walk through open, select, tag, note, save.
    GettingStarted,
    /// Version, licence, where things are kept.
    About,
}

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 67] = [
        Command::NewProject,
        Command::OpenProject,
        Command::OpenDocuments,
        Command::AddFolder,
        Command::Save,
        Command::SaveAs,
        Command::AddFromUrl,
        Command::PasteDocument,
        Command::FetchAgain,
        Command::Reimport,
        Command::Export,
        Command::ImportQda,
        Command::ImportMetadata,
        Command::ExportMetadata,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Copy,
        Command::CopyCitation,
        Command::CopyCitationMarkdown,
        Command::TagPicker,
        Command::QuickTag(1),
        Command::QuickTag(2),
        Command::QuickTag(3),
        Command::QuickTag(4),
        Command::QuickTag(5),
        Command::QuickTag(6),
        Command::QuickTag(7),
        Command::QuickTag(8),
        Command::QuickTag(9),
        Command::DeleteAnnotation,
        Command::EditNote,
        Command::Find,
        Command::FindAll,
        Command::FindNext,
        Command::FindPrevious,
        Command::NewTag,
        Command::NewMemo,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::WiderLines,
        Command::TighterLines,
        Command::ToggleTheme,
        Command::ToggleSidePanels,
        Command::ToggleScrollLock,
        Command::FocusPane,
        Command::NextPane,
        Command::PreviousPane,
        Command::ClosePane,
        Command::PageDown,
        Command::PageUp,
        Command::Top,
        Command::Bottom,
        Command::LinkPassages,
        Command::FindShared,
        Command::Compare,
        Command::Synopsis,
        Command::NextDifference,
        Command::PreviousDifference,
        Command::Back,
        Command::Retrieve,
        Command::Matrix,
        Command::Writings,
        Command::DocumentsTable,
        Command::Shortcuts,
        Command::GettingStarted,
        Command::About,
    ];

    /// Menu text.
    pub fn label(self) -> String {
        match self {
            Command::OpenDocuments => "Open documents…".into(),
            Command::OpenProject => "Open project…".into(),
            Command::NewProject => "New project".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as…".into(),
            Command::AddFromUrl => "Add from URL…".into(),
            Command::FetchAgain => "Fetch again (new version)".into(),
            Command::PasteDocument => "New document from clipboard".into(),
            Command::Reimport => "Re-import from original".into(),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Copy => "Copy".into(),
            Command::TagPicker => "Tag selection…".into(),
            Command::QuickTag(n) => format!("Apply tag {n}"),
            Command::DeleteAnnotation => "Delete annotation".into(),
            Command::EditNote => "Write the passage's note".into(),
            Command::NewTag => "New tag…".into(),
            Command::NewMemo => "New memo".into(),
            Command::ZoomIn => "Larger text".into(),
            Command::ZoomOut => "Smaller text".into(),
            Command::WiderLines => "More line spacing".into(),
            Command::TighterLines => "Less line spacing".into(),
            Command::ToggleTheme => "Dark theme".into(),
            Command::ToggleSidePanels => "Hide or show side panels".into(),
            Command::ToggleScrollLock => "Scroll panes together".into(),
            Command::ClosePane => "Close pane".into(),
            Command::NextPane => "Next pane".into(),
            Command::PreviousPane => "Previous pane".into(),
            Command::PageDown => "Page down".into(),
            Command::PageUp => "Page up".into(),
            Command::Top => "Start of document".into(),
            Command::Bottom => "End of document".into(),
            Command::LinkPassages => "Link passages".into(),
            Command::FindShared => "Find shared passages".into(),
            Command::Find => "Find…".into(),
            Command::FindAll => "Find in all documents…".into(),
            Command::FindNext => "Next hit".into(),
            Command::FindPrevious => "Previous hit".into(),
            Command::Compare => "Compare two documents…".into(),
            Command::Synopsis => "Synopsis of the open documents".into(),
            Command::NextDifference => "Next difference".into(),
            Command::PreviousDifference => "Previous difference".into(),
            Command::Back => "Back to the desk / cancel link".into(),
            Command::Retrieve => "Retrieve coded passages".into(),
            Command::Matrix => "Matrix and charts".into(),
            Command::Writings => "Memos and notes".into(),
            Command::DocumentsTable => "Documents table".into(),
            Command::FocusPane => "Focus on one pane".into(),
            Command::Export => "Export…".into(),
            Command::AddFolder => "Add folder…".into(),
            Command::ImportMetadata => "Import document metadata (CSV)…".into(),
            Command::ExportMetadata => "Export document metadata (CSV)…".into(),
            Command::ImportQda => "Import REFI-QDA project or codebook…".into(),
            Command::CopyCitation => "Copy as citation".into(),
            Command::CopyCitationMarkdown => "Copy as citation (Markdown)".into(),
            Command::Shortcuts => "Keyboard shortcuts".into(),
            Command::GettingStarted => "Getting started".into(),
            Command::About => "About Synoptic".into(),
        }
    }

    /// The menu it appears in.
    pub fn menu(self) -> &'static str {
        match self {
            Command::OpenDocuments
            | Command::OpenProject
            | Command::NewProject
            | Command::Save
            | Command::SaveAs
            | Command::AddFromUrl
            | Command::FetchAgain
            | Command::PasteDocument
            | Command::Reimport
            | Command::Export
            | Command::AddFolder
            | Command::ImportMetadata
            | Command::ExportMetadata
            | Command::ImportQda
            | Command::Quit => "File",
            Command::Undo
            | Command::Redo
            | Command::Copy
            | Command::CopyCitation
            | Command::CopyCitationMarkdown
            | Command::TagPicker
            | Command::QuickTag(_)
            | Command::DeleteAnnotation
            | Command::EditNote
            | Command::Find
            | Command::FindAll
            | Command::FindNext
            | Command::FindPrevious
            | Command::NewTag
            | Command::NewMemo => "Edit",
            Command::ZoomIn
            | Command::ZoomOut
            | Command::WiderLines
            | Command::TighterLines
            | Command::ToggleTheme
            | Command::ToggleSidePanels
            | Command::ToggleScrollLock
            | Command::FocusPane
            | Command::ClosePane
            | Command::NextPane
            | Command::PreviousPane
            | Command::PageDown
            | Command::PageUp
            | Command::Top
            | Command::Bottom => "View",
            Command::LinkPassages
            | Command::FindShared
            | Command::Compare
            | Command::Synopsis
            | Command::NextDifference
            | Command::PreviousDifference
            | Command::Back => "Compare",
            Command::Retrieve | Command::Matrix | Command::Writings | Command::DocumentsTable => "Analyse",
            Command::Shortcuts | Command::GettingStarted | Command::About => "Help",
        }
    }

    /// Keyboard shortcut, if any. Shortcuts without Ctrl/Cmd only fire when
    /// no text field has the keyboard.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let none = Modifiers::NONE;
        let key = match self {
            Command::OpenDocuments => (cmd, Key::O),
            Command::OpenProject => (cmd_shift, Key::O),
            Command::NewProject => (cmd, Key::N),
            Command::Save => (cmd, Key::S),
            Command::SaveAs => (cmd_shift, Key::S),
            Command::AddFromUrl => (cmd_shift, Key::U),
            Command::FetchAgain => (cmd_shift, Key::G),
            Command::PasteDocument => (cmd_shift, Key::V),
            Command::Reimport => (cmd_shift, Key::R),
            Command::Quit => (cmd, Key::Q),
            Command::Undo => (cmd, Key::Z),
            Command::Redo => (cmd_shift, Key::Z),
            Command::Copy => (cmd, Key::C),
            Command::TagPicker => (none, Key::T),
            Command::QuickTag(n) => (none, digit_key(n)?),
            Command::DeleteAnnotation => (none, Key::Delete),
            Command::EditNote => (none, Key::N),
            Command::NewTag => (cmd_shift, Key::T),
            Command::NewMemo => (cmd_shift, Key::M),
            Command::ZoomIn => (cmd, Key::Plus),
            Command::ZoomOut => (cmd, Key::Minus),
            Command::WiderLines => (cmd_shift, Key::Plus),
            Command::TighterLines => (cmd_shift, Key::Minus),
            Command::ToggleTheme => (cmd_shift, Key::D),
            Command::ToggleSidePanels => (cmd_shift, Key::H),
            Command::ToggleScrollLock => (cmd, Key::L),
            Command::ClosePane => (cmd, Key::W),
            Command::NextPane => (Modifiers::COMMAND | Modifiers::ALT, Key::ArrowRight),
            Command::PreviousPane => (Modifiers::COMMAND | Modifiers::ALT, Key::ArrowLeft),
            Command::PageDown => (none, Key::PageDown),
            Command::PageUp => (none, Key::PageUp),
            Command::Top => (cmd, Key::Home),
            Command::Bottom => (cmd, Key::End),
            Command::LinkPassages => (none, Key::L),
            Command::FindShared => (cmd_shift, Key::P),
            Command::Find => (cmd, Key::F),
            Command::FindAll => (cmd_shift, Key::F),
            Command::FindNext => (none, Key::F3),
            Command::FindPrevious => (Modifiers::SHIFT, Key::F3),
            Command::Compare => (cmd, Key::D),
            Command::Synopsis => (cmd_shift, Key::Y),
            Command::NextDifference => (none, Key::F8),
            Command::PreviousDifference => (Modifiers::SHIFT, Key::F8),
            Command::Back => (none, Key::Escape),
            Command::Retrieve => (cmd, Key::R),
            Command::Matrix => (cmd, Key::M),
            Command::Writings => (cmd, Key::J),
            Command::DocumentsTable => (cmd, Key::K),
            Command::FocusPane => (cmd, Key::E),
            Command::Export => (cmd_shift, Key::E),
            Command::AddFolder => (Modifiers::COMMAND | Modifiers::ALT, Key::O),
            Command::ImportMetadata => (Modifiers::COMMAND | Modifiers::ALT, Key::I),
            Command::ExportMetadata => (Modifiers::COMMAND | Modifiers::ALT, Key::E),
            Command::ImportQda => (cmd_shift, Key::I),
            Command::CopyCitation => (cmd_shift, Key::C),
            Command::CopyCitationMarkdown => (Modifiers::COMMAND | Modifiers::ALT, Key::C),
            Command::Shortcuts => (none, Key::F1),
            Command::GettingStarted | Command::About => return None,
        };
        Some(KeyboardShortcut::new(key.0, key.1))
    }

    /// Extra shortcuts that do the same (Ctrl+Y for redo, Ctrl+= for zoom).
    pub fn alternate_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Command::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)),
            Command::ZoomIn => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)),
            _ => None,
        }
    }

    /// True for shortcuts typed without Ctrl/Cmd (they must not fire while
    /// the user types in a text field).
    pub fn is_plain_key(self) -> bool {
        self.shortcut().is_some_and(|s| s.modifiers.is_none())
    }
}

fn digit_key(n: u8) -> Option<Key> {
    Some(match n {
        1 => Key::Num1,
        2 => Key::Num2,
        3 => Key::Num3,
        4 => Key::Num4,
        5 => Key::Num5,
        6 => Key::Num6,
        7 => Key::Num7,
        8 => Key::Num8,
        9 => Key::Num9,
        _ => return None,
    })
}

/// What a panel asks the app to do after the frame.
#[derive(Clone, Debug)]
pub enum Action {
    /// Run a command.
    Command(Command),
    /// Apply an edit as one undo step (merged with the previous step when
    /// `merge` names the same burst, e.g. typing in one note).
    Edit {
        /// The change.
        edit: Edit,
        /// Undo menu text.
        label: String,
        /// Burst key for merging.
        merge: Option<String>,
    },
    /// Tag the current selection (creating an annotation) or the selected annotation.
    ApplyTag(TagId),
    /// Create a tag with this name and apply it.
    CreateTagAndApply(String),
    /// Select an annotation and scroll its pane to it.
    Reveal(AnnotationId),
    /// Scroll a document's pane so that this char is at the top.
    ScrollTo(DocId, CharIdx),
    /// Attach an orphaned or doubtful annotation to the current selection.
    Reattach(AnnotationId),
    /// Mark an annotation's anchor as confirmed.
    Confirm(AnnotationId),
    /// Ask where a missing source is now.
    Locate(DocId),
    /// Read an imported document's original again.
    Reimport(DocId),
    /// Open the "Tag search hits" dialog.
    TagHits,
    /// Show a note, memo or document note found by a search.
    RevealNote(NoteRef),
    /// Open a document in a pane (or focus its pane).
    ShowDocument(DocId),
    /// Close the pane at this position.
    ClosePaneAt(usize),
    /// Move the pane at this position left (-1) or right (+1).
    MovePane(usize, isize),
    /// Scroll both panes of a link to its passages.
    RevealLink(LinkId),
    /// Show a document's pane at a passage and select it.
    ShowPassage(DocId, CharRange),
    /// Run shared-passage detection.
    FindShared,
    /// Stop a detection run.
    CancelShared,
    /// Link the members of a shared-passage cluster.
    LinkCluster(usize),
    /// Tag every member of a shared-passage cluster.
    TagCluster(usize, TagId),
    /// Make a tag of this name (or take the one of that name) and tag
    /// every member of the cluster with it.
    TagClusterNew(usize, String),
    /// Enter compare mode with these two documents.
    StartCompare(DocId, DocId),
    /// Open the link dialog for two existing annotations.
    LinkAnnotations(AnnotationId, AnnotationId),
    /// Open the retrieval view on a question (a matrix cell, a bar).
    Retrieve(Box<RetrieveRequest>),
    /// Open the retrieval view on the passages behind a co-occurrence cell.
    RetrieveCooccurring(TagId, TagId),
    /// Show a memo, document note or tag found in the writings list.
    RevealWriting(Writing),
    /// Open the synopsis of these documents (in this column order).
    SynopsisOf(Vec<DocId>),
}

/// Where a hit in the user's own writing is (a search hit in a note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteRef {
    /// An annotation's note.
    Annotation(AnnotationId),
    /// A project memo (title or text).
    Memo(MemoId),
    /// A document's notes.
    Document(DocId),
}

/// One entry of the memos-and-notes list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Writing {
    /// A project memo.
    Memo(MemoId),
    /// A document's notes.
    Document(DocId),
    /// A tag's description.
    Tag(TagId),
}

/// A question for the retrieval view, asked from elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetrieveRequest {
    /// Passages with any of these tags (none: any passage).
    pub tags: Vec<TagId>,
    /// Only in these documents.
    pub docs: Option<std::collections::BTreeSet<DocId>>,
    /// Only these passages.
    pub only: Option<std::collections::BTreeSet<AnnotationId>>,
    /// Where it was asked ("Matrix: Herald × Closure").
    pub origin: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = std::collections::HashMap::new();
        for c in Command::ALL {
            for s in [c.shortcut(), c.alternate_shortcut()].into_iter().flatten() {
                if let Some(other) =
                    seen.insert((s.modifiers.command, s.modifiers.shift, s.modifiers.alt, s.logical_key), c)
                {
                    panic!("{c:?} and {other:?} share {s:?}");
                }
            }
        }
        let without = Command::ALL.iter().filter(|c| c.shortcut().is_none()).count();
        assert_eq!(without, 2, "only Getting started and About go without a shortcut");
        assert!(seen.len() >= Command::ALL.len() - without, "every other command has a shortcut");
    }

    #[test]
    fn every_command_is_listed_once() {
        let set: std::collections::HashSet<_> = Command::ALL.iter().collect();
        assert_eq!(set.len(), Command::ALL.len(), "no duplicates in ALL");
    }
}
