//! Text from files and notes is shown as text: markup in a note is not
//! interpreted, and no link in a note or a source opens unless clicked (the
//! app has no clickable links in notes at all: nothing opens).

mod common;

use common::ui::{apply, opened, write};
use egui::OutputCommand;
use egui_kittest::kittest::Queryable;
use synoptic::model::{Anchor, Annotation, CharRange, Project};

const SOURCE: &str = "<script>alert(1)</script> See https://example.org and [this](https://example.com) **now**.\n\nA second <b>paragraph</b>.\n";
const NOTE: &str = "Visit https://example.net <b>now</b> [x](https://x.test) <img src=x onerror=alert(1)> **bold**";

fn opened_urls(h: &egui_kittest::Harness<'static, synoptic::app::App>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            OutputCommand::OpenUrl(u) => Some(u.url.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn markup_and_links_in_notes_and_sources_stay_plain_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.txt", SOURCE);
    let mut h = opened(vec![a]);
    let doc = h.state().project().documents().next().expect("doc").id;
    let text = h.state().text(doc).expect("text loaded").text.clone();
    assert_eq!(text.as_str(), SOURCE, "the source's text is read as it is, markup and all");
    let mut ann = Annotation::new(doc, Anchor::from_text(&text, CharRange::new(0, 25)));
    NOTE.clone_into(&mut ann.note);
    apply(&mut h, Project::add_annotation_edit(ann));
    let mut urls = opened_urls(&h);
    // The note is listed as the very characters typed, tags and all.
    let shown = h.get_by_label_contains("<b>now</b> [x](https://x.test) <img src=x onerror=alert(1)>");
    shown.click();
    for _ in 0..5 {
        h.step();
        urls.extend(opened_urls(&h));
    }
    assert!(urls.is_empty(), "a link opened without being asked: {urls:?}");
    assert_eq!(h.state().project().annotations().next().expect("passage").note, NOTE, "the note is kept as typed");
}
