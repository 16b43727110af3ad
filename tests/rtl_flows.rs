//! Arabic, Hebrew and Persian articles beside an English one: their
//! paragraphs read from the right, and a passage selected by dragging is
//! tagged with exactly the words under the highlight (issue 23).

mod common;

use std::path::{Path, PathBuf};

use common::ui::{char_pos, drag, harness, settle};
use egui::Key;
use egui::Modifiers;
use synoptic::model::CharRange;

fn fixtures(to: &Path) -> Vec<PathBuf> {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rtl");
    ["hebrew.html", "arabic.html", "persian.html"]
        .iter()
        .map(|n| {
            let p = to.join(n);
            std::fs::copy(from.join(n), &p).expect("copy fixture");
            p
        })
        .collect()
}

/// The pane showing the document whose text starts with `start`, and the
/// char offset of `needle` in it.
fn find(h: &egui_kittest::Harness<'static, synoptic::app::App>, needle: &str) -> (usize, usize) {
    for (i, p) in h.state().panes().iter().enumerate() {
        let t = &h.state().text(p.doc).expect("text loaded").text;
        if let Some(b) = t.as_str().find(needle) {
            return (i, t.as_str()[..b].chars().count());
        }
    }
    panic!("{needle} is in no pane");
}

/// A point a pixel into the half of char `c` that is read first (the right
/// half of a right-to-left letter): where a pointer picks the place before
/// `c`.
fn inside(h: &egui_kittest::Harness<'static, synoptic::app::App>, pane: usize, c: usize) -> egui::Pos2 {
    let (here, next) = (char_pos(h, pane, c), char_pos(h, pane, c + 1));
    let step = if (next.y - here.y).abs() < 1.0 && next.x < here.x { -1.0 } else { 1.0 };
    here + egui::vec2(step, 0.0)
}

#[test]
fn right_to_left_articles_read_from_the_right_and_tag_what_is_highlighted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness(vec![]);
    // Hebrew and Arabic letters are boxes in the test fonts; their order
    // and places are what is checked.
    h.ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    h.state_mut().open_documents(fixtures(dir.path()));
    settle(&mut h);
    assert_eq!(h.state().panes().len(), 3, "three panes");

    // A tag to apply (Ctrl+Shift+T makes one).
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    h.run();

    let cases = [
        ("ביום 15 במרץ 2026", "ביום 15 במרץ"),
        ("أعلنت بلدية المدينة", "أعلنت بلدية"),
        ("وقال المهندس أحمد سالم لوكالة Reuters", "لوكالة Reuters"),
        ("مریم احمدی، مهندس", "مریم احمدی"),
        ("شهرداری روز ۱۵ مارس ۲۰۲۶", "روز ۱۵ مارس"),
    ];
    for (k, (paragraph, quote)) in cases.iter().enumerate() {
        let (pane, at) = find(&h, paragraph);
        let view = h.state().panes()[pane].view_rect;
        let first = char_pos(&h, pane, at);
        let second = char_pos(&h, pane, at + 2);
        // The paragraph starts at the right edge and reads leftwards.
        assert!(first.x > view.center().x, "{paragraph}: its first letter at {first:?} in {view:?}");
        assert!(second.x < first.x, "{paragraph}: its second letter left of its first");
        // Drag from the place before the quote to the place after it.
        let start = at + paragraph.find(quote).map_or(0, |b| paragraph[..b].chars().count());
        let end = start + quote.chars().count();
        let (from, to) = (inside(&h, pane, start), inside(&h, pane, end));
        drag(&mut h, from, to);
        let sel = h.state().selection().unwrap_or_else(|| panic!("{quote}: a selection from {from:?} to {to:?}"));
        assert_eq!(sel.range(), CharRange::new(start, end), "{quote}: selected by dragging");
        h.key_press(Key::Num1);
        h.run();
        let made = h.state().project().annotations().count();
        assert_eq!(made, k + 1, "{quote}: tagged");
        let quotes: Vec<String> = h.state().project().annotations().map(|a| a.anchor.exact.clone()).collect();
        assert!(quotes.iter().any(|q| q == quote), "{quote} saved as it reads: {quotes:?}");
    }

    // The caret: a click before the Hebrew paragraph's first word, then
    // Shift+Left four times selects that word (Left goes on through text
    // that reads right to left), and Shift+Right takes a letter back.
    let (pane, at) = find(&h, "ביום 15");
    let p = inside(&h, pane, at);
    common::ui::click(&mut h, p);
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
        h.run();
    }
    let sel = h.state().selection().expect("a selection by keys");
    assert_eq!(sel.range(), CharRange::new(at, at + 4), "Shift+Left ×4 selects the first word");
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().selection().expect("a selection").range(), CharRange::new(at, at + 3), "Right goes back");
}
