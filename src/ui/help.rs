//! The Help window: every keyboard shortcut (made from the command table,
//! so it never goes stale, and searchable), a short "Getting started" on
//! the demo, and About (version, licence, where Synoptic keeps things).

use std::path::PathBuf;

use egui::{Context, RichText, Ui};

use crate::command::Command;

/// A page of the Help window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpPage {
    /// Every shortcut, by menu.
    Shortcuts,
    /// Open → select → tag → note → save, on the demo.
    GettingStarted,
    /// Version, licence and where things are kept.
    About,
}

/// What the Help window shows.
#[derive(Default)]
pub struct HelpState {
    /// The open page (none: the window is closed).
    pub open: Option<HelpPage>,
    /// Filter for the shortcut sheet.
    pub filter: String,
    /// Put the keyboard in the filter on the next frame.
    focus_filter: bool,
}

impl HelpState {
    /// Open the window at `page` (the shortcut sheet's filter gets the keyboard).
    pub fn show(&mut self, page: HelpPage) {
        self.open = Some(page);
        self.focus_filter = page == HelpPage::Shortcuts;
    }
}

/// Where Synoptic keeps things, for About.
#[derive(Clone, Debug, Default)]
pub struct Places {
    /// The open project's file, if saved.
    pub project: Option<PathBuf>,
    /// Its backups folder.
    pub backups: Option<PathBuf>,
    /// Its recovery copy.
    pub recovery: Option<PathBuf>,
    /// The folder of the app's own settings (window, recent projects, desks).
    pub settings: Option<PathBuf>,
}

/// One line of the shortcut sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortcutRow {
    /// The menu the command is in.
    pub menu: &'static str,
    /// What it does.
    pub label: String,
    /// Its keys, as the menus show them ("Ctrl+S"; two when there is an alternative).
    pub keys: String,
}

/// The rows of the shortcut sheet whose menu, label or keys contain
/// `filter` (any case), in menu order. Quick tags are one row ("1–9").
pub fn shortcut_rows(format: &dyn Fn(&egui::KeyboardShortcut) -> String, filter: &str) -> Vec<ShortcutRow> {
    let needle = filter.trim().to_lowercase();
    let mut rows = Vec::new();
    for c in Command::ALL {
        let (label, keys) = match c {
            Command::QuickTag(1) => ("Apply the codebook's tag 1 to 9".to_owned(), "1 … 9".to_owned()),
            Command::QuickTag(_) => continue,
            _ => {
                let keys: Vec<String> =
                    [c.shortcut(), c.alternate_shortcut()].into_iter().flatten().map(|s| format(&s)).collect();
                if keys.is_empty() {
                    continue;
                }
                (c.label().trim_end_matches('…').to_owned(), keys.join("  or  "))
            }
        };
        rows.push(ShortcutRow { menu: c.menu(), label, keys });
    }
    // The keys of the focused pane's caret, which are not commands.
    for (label, keys) in CARET_KEYS {
        rows.push(ShortcutRow { menu: "Reading", label: (*label).to_owned(), keys: (*keys).to_owned() });
    }
    rows.retain(|row| {
        let hay = format!("{} {} {}", row.menu, row.label, row.keys).to_lowercase();
        // A word with a "+" is a whole shortcut ("ctrl+s" is not Ctrl+Shift+…).
        let combos: Vec<String> = row.keys.split("  or  ").map(str::to_lowercase).collect();
        let fits = |w: &str| if w.contains('+') { combos.iter().any(|k| k == w) } else { hay.contains(w) };
        needle.is_empty() || needle.split_whitespace().all(fits)
    });
    rows
}

/// What the caret keys of the focused pane do (see `ui::reader::caret`).
const CARET_KEYS: &[(&str, &str)] = &[
    ("Move the caret in the focused pane", "Arrows"),
    ("Move the caret word by word", "Ctrl+Left  or  Ctrl+Right"),
    ("To the start or end of the line", "Home  or  End"),
    ("Select text with the caret (keyboard selection)", "Shift+arrows"),
    ("Select word by word", "Ctrl+Shift+Left  or  Ctrl+Shift+Right"),
    ("Select to the start or end of the line", "Shift+Home  or  Shift+End"),
];

/// Draw the Help window when it is open.
pub fn help_ui(ctx: &Context, state: &mut HelpState, places: &Places) {
    let Some(mut page) = state.open else { return };
    let mut open = true;
    let mut esc = false;
    egui::Window::new("Help").open(&mut open).default_size([560.0, 520.0]).collapsible(false).show(ctx, |ui| {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut page, HelpPage::Shortcuts, "Keyboard shortcuts");
            ui.selectable_value(&mut page, HelpPage::GettingStarted, "Getting started");
            ui.selectable_value(&mut page, HelpPage::About, "About");
        });
        ui.separator();
        match page {
            // Esc in the filter closes the sheet at once (not first the
            // field, then the window).
            HelpPage::Shortcuts => esc = shortcuts_ui(ui, state),
            HelpPage::GettingStarted => getting_started_ui(ui),
            HelpPage::About => about_ui(ui, places),
        }
    });
    state.open = (open && !esc).then_some(page);
}

/// The sheet; true when Esc was pressed in its filter.
fn shortcuts_ui(ui: &mut Ui, state: &mut HelpState) -> bool {
    let mut esc = false;
    ui.horizontal(|ui| {
        let l = ui.label("Find a shortcut:");
        let r = ui
            .add(egui::TextEdit::singleline(&mut state.filter).hint_text("a command or a key, e.g. tag, Ctrl+S"))
            .labelled_by(l.id);
        if std::mem::take(&mut state.focus_filter) {
            r.request_focus();
        }
        esc = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
    });
    ui.weak("Keys without Ctrl work when no text field has the keyboard (click in a pane first).");
    ui.add_space(4.0);
    let ctx = ui.ctx().clone();
    let rows = shortcut_rows(&|s| ctx.format_shortcut(s), &state.filter);
    if rows.is_empty() {
        ui.label("No command matches.");
        return esc;
    }
    egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
        let mut menu = "";
        egui::Grid::new("help shortcuts").num_columns(2).striped(true).spacing([24.0, 4.0]).show(ui, |ui| {
            for r in rows {
                if r.menu != menu {
                    menu = r.menu;
                    ui.label(RichText::new(menu).strong());
                    ui.end_row();
                }
                ui.label(&r.label);
                ui.label(RichText::new(&r.keys).monospace());
                ui.end_row();
            }
        });
    });
    esc
}

/// The keys of a command as the menus show them.
fn keys(ctx: &Context, c: Command) -> String {
    c.shortcut().map_or_else(String::new, |s| ctx.format_shortcut(&s))
}

fn getting_started_ui(ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    let k = |c| keys(&ctx, c);
    let steps = [
        (
            "Open",
            format!(
                "File › Open documents… ({}) adds texts to the project: plain text, web pages, PDF, Word, ODT, EPUB, \
                 Markdown. Each opens in a pane, side by side. The demo holds three reports of one event.",
                k(Command::OpenDocuments)
            ),
        ),
        (
            "Select",
            "Drag across a passage in a pane, or from the keyboard: Ctrl+Alt+Left / Right moves between panes and \
             Shift+arrows select from the caret. The status bar says how many characters are selected."
                .to_owned(),
        ),
        (
            "Tag",
            format!(
                "Press 1–9 to apply one of the codebook's first nine tags (their numbers are shown in the Codebook \
                 panel on the left), or {} to pick a tag by name; a new name makes a new tag. The passage is \
                 highlighted in the tag's colour.",
                k(Command::TagPicker)
            ),
        ),
        (
            "Note",
            format!(
                "The tagged passage is selected in the Notes tab on the right: type your note in its Note field \
                 (or press {} to get there from the keyboard). Esc, or a click in a pane, hands the keyboard back \
                 to the desk, so number keys tag again.",
                k(Command::EditNote)
            ),
        ),
        (
            "Compare",
            format!(
                "Select a passage, press {}, select one in another pane and press {} again to link them. {} finds \
                 the passages the documents share; {} compares two documents word by word; {} sets the open \
                 documents (or all) side by side in a synopsis, sentence by sentence.",
                k(Command::LinkPassages),
                k(Command::LinkPassages),
                k(Command::FindShared),
                k(Command::Compare),
                k(Command::Synopsis)
            ),
        ),
        (
            "Save",
            format!(
                "{} saves the project as a .synoptic.ron file; save it beside your texts. The texts themselves are \
                 never changed. Undo ({}) takes back any change, and a recovery copy is kept while you work.",
                k(Command::Save),
                k(Command::Undo)
            ),
        ),
    ];
    egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
        for (i, (title, text)) in steps.iter().enumerate() {
            ui.label(RichText::new(format!("{}. {title}", i + 1)).strong());
            ui.label(text);
            ui.add_space(6.0);
        }
        ui.label(format!(
            "Then: Retrieve ({}) lists coded passages side by side, Matrix ({}) counts them by document and tag, \
             and File › Export… writes a report, tables or a REFI-QDA project.",
            k(Command::Retrieve),
            k(Command::Matrix)
        ));
    });
}

fn about_ui(ui: &mut Ui, places: &Places) {
    ui.label(RichText::new(format!("Synoptic {}", env!("CARGO_PKG_VERSION"))).strong());
    ui.label("Comparative reading and coding of texts, side by side.");
    ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE").replace(" OR ", " or ")));
    ui.add_space(8.0);
    let shown =
        |p: &Option<PathBuf>, none: &str| p.as_ref().map_or_else(|| none.to_owned(), |p| p.display().to_string());
    egui::Grid::new("help about").num_columns(2).spacing([16.0, 6.0]).show(ui, |ui| {
        ui.label("Project");
        ui.label(shown(&places.project, "not saved yet"));
        ui.end_row();
        ui.label("Backups");
        ui.label(shown(&places.backups, "beside the project file, once saved (.synoptic-backups)"));
        ui.end_row();
        ui.label("Recovery copy");
        ui.label(shown(&places.recovery, "beside the project file, once saved (.recovery)"));
        ui.end_row();
        ui.label("App settings");
        ui.label(shown(&places.settings, "not kept on this system"));
        ui.end_row();
        ui.label("Log");
        ui.label("written to the terminal that started Synoptic (more with RUST_LOG=info)");
        ui.end_row();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::trivially_copy_pass_by_ref)] // the formatter's signature
    fn fmt(s: &egui::KeyboardShortcut) -> String {
        s.format(&egui::ModifierNames::NAMES, false)
    }

    #[test]
    fn every_command_with_a_shortcut_is_on_the_sheet() {
        let rows = shortcut_rows(&fmt, "");
        for c in Command::ALL {
            if matches!(c, Command::QuickTag(_)) || c.shortcut().is_none() {
                continue;
            }
            let label = c.label();
            assert!(
                rows.iter()
                    .any(|r| r.label == label.trim_end_matches('…') && r.keys.contains(&fmt(&c.shortcut().unwrap()))),
                "{c:?} missing"
            );
        }
        assert_eq!(rows.iter().filter(|r| r.keys == "1 … 9").count(), 1, "quick tags are one row");
    }

    #[test]
    fn the_sheet_filters_by_words_of_label_menu_or_keys() {
        let save = shortcut_rows(&fmt, "save");
        assert!(save.iter().all(|r| r.label.to_lowercase().contains("save")), "{save:?}");
        assert_eq!(save.len(), 2);
        let ctrl_s = shortcut_rows(&fmt, "ctrl+s");
        assert_eq!(ctrl_s.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Save"], "a whole shortcut");
        let two_words = shortcut_rows(&fmt, "compare next");
        assert_eq!(two_words.len(), 1, "{two_words:?}");
        assert!(shortcut_rows(&fmt, "no such command").is_empty());
        let caret = shortcut_rows(&fmt, "select caret");
        assert!(caret.iter().any(|r| r.keys == "Shift+arrows"), "keyboard selection is on the sheet: {caret:?}");
    }
}
