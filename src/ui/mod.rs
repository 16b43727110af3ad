//! The user interface (egui). Panels read the project and return actions;
//! `App` applies them after the frame.

pub mod bidi_line;
pub mod codebook;
pub mod compare;
pub mod dialogs;
pub mod documents;
pub mod export;
pub mod help;
pub mod links;
pub mod matrix;
pub mod notes;
pub mod reader;
pub mod retrieve;
pub mod search;
pub mod sets;
pub mod shared;
pub mod synopsis;
pub mod theme;
pub mod writings;

/// Lay out a side panel's contents at the panel's own width: what is wider
/// (a long title, a row of search context) is cut at the panel's edge
/// instead of widening the panel over the panes — the panel keeps the
/// width the user gave it.
pub fn keep_width_ui(ui: &mut egui::Ui, add_contents: impl FnOnce(&mut egui::Ui)) {
    let rect = ui.available_rect_before_wrap();
    // A child's size does not feed back into its parent, unlike a scope's.
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add_contents(&mut child);
    ui.allocate_rect(rect, egui::Sense::hover());
}

/// The keys a writing field (a note, a memo) takes for itself: the arrows,
/// and Esc, which [`leave_on_esc`] then handles. Left to egui, Esc drops
/// the keyboard at the start of the frame, before the field has taken the
/// keys typed just before it in the same frame: a fast typist's last
/// characters were lost.
pub const WRITING_KEYS: egui::EventFilter =
    egui::EventFilter { tab: false, horizontal_arrows: true, vertical_arrows: true, escape: true };

/// Esc in `field` (a field with [`WRITING_KEYS`]): leave it, after it took
/// this frame's keys.
pub fn leave_on_esc(ui: &egui::Ui, field: &egui::Response) {
    if field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        field.surrender_focus();
    }
}
