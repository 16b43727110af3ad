//! Importing in the real `App` (`egui_kittest`, no GPU): a saved news page,
//! a PDF report, a Word transcript and an EPUB open side by side, take a tag
//! and a note, save (their text snapshots go to `NAME.sources/`), and reopen
//! identically after the originals are moved away; a page without an
//! article asks before importing its visible text; re-importing a changed
//! original re-anchors.

mod common;

use std::path::{Path, PathBuf};

use common::ui::{apply, harness, settle};
use egui::Key;
use egui_kittest::kittest::Queryable;
use synoptic::command::{Action, Command};
use synoptic::io::snapshot;
use synoptic::model::{AnchorStatus, Project, Rgb, Tag};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn copy_fixtures(to: &Path, names: &[&str]) -> Vec<PathBuf> {
    std::fs::create_dir_all(to).expect("mkdir");
    names
        .iter()
        .map(|n| {
            let p = to.join(n);
            std::fs::copy(fixture(n), &p).expect("copy");
            p
        })
        .collect()
}

#[test]
fn four_formats_side_by_side_tag_save_and_reopen_without_originals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let downloads = dir.path().join("downloads");
    let files = copy_fixtures(&downloads, &["article.html", "report.pdf", "transcript.docx", "book.epub"]);
    let project_path = dir.path().join("study/bridge.synoptic.ron");
    std::fs::create_dir_all(project_path.parent().expect("folder")).expect("mkdir");
    let mut h = harness(vec![Some(files), Some(vec![project_path.clone()])]);
    h.run();
    h.get_by_label("Open documents…").click();
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 4, "four documents");
    assert_eq!(h.state().panes().len(), 4, "side by side");
    let titles: Vec<String> = h.state().project().documents().map(|d| d.meta.title.clone()).collect();
    for t in ["Footbridge closed after cracks found", "Footbridge Inspection Report", "Interview 3", "The Bridge"] {
        assert!(titles.iter().any(|x| x == t), "title {t:?} from the source's metadata: {titles:?}");
        assert!(h.query_all_by_label_contains(t).next().is_some(), "{t:?} shown");
    }
    let pdf_pane = h
        .state()
        .panes()
        .iter()
        .position(|p| h.state().project().document(p.doc).is_some_and(|d| d.meta.title.contains("Inspection")))
        .expect("pdf pane");
    let pdf_doc = h.state().panes()[pdf_pane].doc;
    let text = h.state().text(pdf_doc).expect("pdf text").text.as_str().to_owned();
    assert!(!text.contains("Page 1 of 3"), "clean text in the pane");

    // Select "Both cracks are new" in the PDF's pane, tag it (key 1), note it.
    apply(&mut h, Project::add_tag_edit(Tag::new("Cause", Rgb::palette(0))));
    let at = text.chars().count() - text[text.find("Both cracks are new").expect("quote")..].chars().count();
    h.state_mut().set_selection(Some(synoptic::ui::reader::Selection {
        doc: pdf_doc,
        anchor: synoptic::model::CharIdx(at),
        head: synoptic::model::CharIdx(at + 19),
    }));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let ann = h.state().project().annotations().next().expect("tagged").clone();
    assert_eq!(ann.anchor.exact, "Both cracks are new", "quote from the PDF text");
    let note = h.get_by_label("Note on this passage");
    note.focus();
    note.type_text("Page 2 of the report");
    h.run();

    // Save: the project has no file yet, so Save asks (scripted answer).
    h.state_mut().act(Action::Command(Command::Save));
    h.run();
    assert!(project_path.exists(), "saved");
    let sources = snapshot::sources_dir(&project_path);
    assert_eq!(std::fs::read_dir(&sources).expect("sources folder").count(), 4, "four text snapshots");
    for d in h.state().project().documents() {
        assert!(d.path.starts_with("bridge.sources/"), "document reads its snapshot: {}", d.path);
        let o = d.origin.as_ref().expect("origin");
        assert!(o.path.starts_with("../downloads/"), "original recorded relative: {}", o.path);
    }
    let saved = h.state().project().clone();

    // The originals go away; the project reopens exactly, text and all.
    std::fs::remove_dir_all(&downloads).expect("originals moved away");
    let mut h2 = harness(vec![]);
    h2.state_mut().open_project(project_path.clone());
    settle(&mut h2);
    assert_eq!(h2.state().project(), &saved, "reopened identically");
    assert_eq!(h2.state().text(pdf_doc).map(|t| t.text.as_str().to_owned()), Some(text), "same PDF text");
    let a = h2.state().project().annotation(ann.id).expect("annotation");
    assert_eq!((a.status, a.note.as_str()), (AnchorStatus::Exact, "Page 2 of the report"), "exact, with its note");
    assert!(!h2.state().is_dirty(), "nothing changed by reopening");
}

#[test]
fn a_page_without_an_article_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("app.html");
    std::fs::write(
        &page,
        "<!doctype html><html><head><script src=a.js></script></head><body><div id=root></div><p>Loading the live blog…</p></body></html>",
    )
    .expect("write");
    let mut h = harness(vec![]);
    h.state_mut().open_documents(vec![page]);
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 0, "nothing added without asking");
    h.get_by_label("No article found");
    h.get_by_label("Import all visible text").click();
    settle(&mut h);
    let d = h.state().project().documents().next().expect("added");
    assert_eq!(h.state().text(d.id).map(|t| t.text.as_str()), Some("Loading the live blog…"), "visible text");
    assert!(h.state().messages().iter().any(|m| m.contains("visible text")), "told: {:?}", h.state().messages());
}

#[test]
fn reimport_reanchors_into_a_new_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = dir.path().join("notes.md");
    std::fs::write(&md, "# Notes\n\nThe bridge closed on **Monday**.\n\nRepairs take six weeks.\n").expect("write");
    let project_path = dir.path().join("p.synoptic.ron");
    let mut h = harness(vec![]);
    h.state_mut().open_documents(vec![md.clone()]);
    settle(&mut h);
    let doc = h.state().project().documents().next().expect("doc").id;
    let text = h.state().text(doc).expect("text").text.as_str().to_owned();
    assert_eq!(text, "Notes\n\nThe bridge closed on Monday.\n\nRepairs take six weeks.", "markdown read as text");
    let at = text.find("Repairs take").expect("quote");
    h.state_mut().set_selection(Some(synoptic::ui::reader::Selection {
        doc,
        anchor: synoptic::model::CharIdx(at),
        head: synoptic::model::CharIdx(at + 12),
    }));
    let tag = Tag::new("Time", Rgb::palette(1));
    let tag_id = tag.id;
    apply(&mut h, Project::add_tag_edit(tag));
    h.state_mut().act(Action::ApplyTag(tag_id));
    assert!(h.state_mut().save_to(&project_path), "saved");
    let first_snapshot = h.state().project().document(doc).expect("doc").path.clone();

    // The original gains a paragraph; Re-import (Ctrl+Shift+R) reads it.
    std::fs::write(&md, "# Notes\n\nUpdated at noon.\n\nThe bridge closed on **Monday**.\n\nRepairs take six weeks.\n")
        .expect("edit original");
    h.state_mut().act(Action::Command(Command::Reimport));
    settle(&mut h);
    let d = h.state().project().document(doc).expect("doc");
    assert_ne!(d.path, first_snapshot, "a new snapshot");
    assert!(dir.path().join(&first_snapshot).is_file(), "the earlier snapshot is kept");
    let a = h.state().project().annotations().next().expect("annotation");
    assert_eq!(a.status, AnchorStatus::Moved, "re-anchored");
    assert_eq!(a.anchor.exact, "Repairs take", "same quote");
    assert!(h.state().messages().iter().any(|m| m.contains("re-imported")), "reported: {:?}", h.state().messages());
    assert!(h.state().is_dirty(), "to be saved");
}

#[test]
fn fetch_save_and_fetch_again_opens_compare() {
    let (base, hits) = common::http::serve();
    let dir = tempfile::tempdir().expect("tempdir");
    let project_path = dir.path().join("web.synoptic.ron");
    let mut h = harness(vec![]);
    h.state_mut().fetch_url(&format!("{base}/versioned"), None);
    settle(&mut h);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1, "fetched once");
    let first = h.state().project().documents().next().expect("added").clone();
    assert_eq!(first.meta.title, "Footbridge closed after cracks found", "title from the page");
    assert!(h.state().text(first.id).expect("text").text.as_str().contains("6 weeks"), "first version");
    let o = first.origin.as_ref().expect("origin");
    assert_eq!(o.fetched_from, format!("{base}/versioned"), "address kept");
    assert!(h.state_mut().save_to(&project_path), "saved");
    let sources = snapshot::sources_dir(&project_path);
    let saved = h.state().project().document(first.id).expect("doc").clone();
    let raw = saved.origin.as_ref().expect("origin").path.clone();
    assert!(
        raw.starts_with("web.sources/") && Path::new(&raw).extension().is_some_and(|e| e == "html"),
        "raw page kept in the sources folder: {raw}"
    );
    assert!(std::fs::read_to_string(dir.path().join(&raw)).expect("raw").contains("<article>"), "the page as fetched");
    assert!(saved.path.starts_with("web.sources/"), "snapshot in the sources folder: {}", saved.path);
    assert!(sources.is_dir(), "sources folder");

    // Fetch again: a second version, both open in Compare.
    h.state_mut().act(Action::Command(Command::FetchAgain));
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 2, "the earlier version is kept");
    let second = h.state().project().documents().find(|d| d.id != first.id).expect("new version").clone();
    assert_eq!(second.meta.title, first.meta.title, "the title stays whole; the version is a field of its own");
    assert!(h.state().text(second.id).expect("text").text.as_str().contains("7 weeks"), "edited text");
    let cmp = h.state().compare_view().expect("compare opened");
    assert_eq!((cmp.a, cmp.b), (first.id, second.id), "old beside new");
    // Compare names each version by when it was fetched.
    let start = std::time::Instant::now();
    while h.state().compare_view().is_some_and(|c| c.result.is_none()) {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "aligning took too long");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run();
    for d in [&first, &second] {
        let v = d.version().expect("a fetched page has a version");
        assert!(!h.query_all_by_label(&format!("fetched {v}")).collect::<Vec<_>>().is_empty(), "version {v} shown");
    }
}

#[test]
fn fetch_again_acts_on_the_pane_just_opened_not_an_older_selection() {
    let (base, hits) = common::http::serve();
    let dir = tempfile::tempdir().expect("tempdir");
    let txt = dir.path().join("local.txt");
    std::fs::write(&txt, "The footbridge was repaired last spring.\n").expect("write");
    let mut h = harness(vec![]);
    h.state_mut().open_documents(vec![txt]);
    settle(&mut h);
    let local = h.state().project().documents().next().expect("local").id;
    // Text selected in the local document (as a search hit selects it)...
    h.state_mut().set_selection(Some(synoptic::ui::reader::Selection {
        doc: local,
        anchor: synoptic::model::CharIdx(4),
        head: synoptic::model::CharIdx(14),
    }));
    // ...then a page fetched: its pane opens and is the one the user is in.
    h.state_mut().fetch_url(&format!("{base}/versioned"), None);
    settle(&mut h);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1, "fetched once");
    h.state_mut().act(Action::Command(Command::FetchAgain));
    settle(&mut h);
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the fetched page, not the local text: {:?}",
        h.state().messages()
    );
    assert!(
        !h.state().messages().iter().any(|m| m.contains("was not fetched")),
        "no complaint about the local text: {:?}",
        h.state().messages()
    );
}

/// Documents imported into a saved project, then the project saved under
/// another name elsewhere: their snapshots move with it rather than stay
/// behind beside a project that never used them.
#[test]
fn save_as_leaves_no_snapshot_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, second) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&first).expect("a");
    std::fs::create_dir_all(&second).expect("b");
    let md = dir.path().join("notes.md");
    std::fs::write(&md, "# Notes\n\nThe bridge closed on **Monday**.\n").expect("write");
    let mut h = harness(vec![]);
    assert!(h.state_mut().save_to(&first.join("p.synoptic.ron")), "saved empty");
    h.state_mut().open_documents(vec![md]);
    settle(&mut h);
    let left = snapshot::sources_dir(&first.join("p.synoptic.ron"));
    let count = |d: &Path| std::fs::read_dir(d).map_or(0, Iterator::count);
    assert_eq!(count(&left), 1, "the snapshot is written beside the project at once");
    assert!(h.state_mut().save_to(&second.join("q.synoptic.ron")), "saved as");
    assert_eq!(count(&snapshot::sources_dir(&second.join("q.synoptic.ron"))), 1, "the snapshot is in the new folder");
    assert_eq!(count(&left), 0, "and none is left behind");
    assert!(dir.path().join("notes.md").is_file(), "the original is untouched");
}

/// Fetch again when the article has not changed: no second, identical
/// document; the user is told.
#[test]
fn fetch_again_of_an_unchanged_page_keeps_no_new_version() {
    let (base, _) = common::http::serve();
    let mut h = harness(vec![]);
    h.state_mut().fetch_url(&format!("{base}/news/bridge"), None);
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 1, "fetched");
    h.state_mut().act(Action::Command(Command::FetchAgain));
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 1, "no identical second version");
    assert!(h.query_by_label_contains("no new version was kept").is_some(), "the user is told");
}

#[test]
fn a_pasted_text_becomes_a_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project_path = dir.path().join("p.synoptic.ron");
    let mut h = harness(vec![]);
    h.state_mut().paste_document(
        Some("<meta charset=utf-8><h2>Council statement</h2><p>The bridge is <b>closed</b>.</p><script>x()</script>"),
        Some("Council statement\nThe bridge is closed."),
    );
    settle(&mut h);
    let d = h.state().project().documents().next().expect("added").clone();
    assert_eq!(d.meta.title, "Council statement", "titled from its first line");
    assert_eq!(
        h.state().text(d.id).map(|t| t.text.as_str()),
        Some("Council statement\n\nThe bridge is closed."),
        "HTML flavour"
    );
    assert!(h.state_mut().save_to(&project_path), "saved");
    let d = h.state().project().document(d.id).expect("doc");
    assert!(
        d.path.starts_with("p.sources/") && Path::new(&d.path).extension().is_some_and(|e| e == "txt"),
        "a UTF-8 file in the sources folder: {}",
        d.path
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&d.path)).expect("file"),
        "Council statement\n\nThe bridge is closed.",
        "its text"
    );
    h.state_mut().paste_document(None, Some("  \n "));
    h.run();
    assert!(h.state().messages().iter().any(|m| m.contains("no text")), "an empty clipboard is said so");
}

#[test]
fn a_lost_snapshot_is_made_again_from_the_original() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = copy_fixtures(dir.path(), &["transcript.odt"]);
    let project_path = dir.path().join("p.synoptic.ron");
    let mut h = harness(vec![]);
    h.state_mut().open_documents(files);
    settle(&mut h);
    assert!(h.state_mut().save_to(&project_path), "saved");
    let d = h.state().project().documents().next().expect("doc").clone();
    std::fs::remove_file(dir.path().join(&d.path)).expect("snapshot deleted");

    let mut h2 = harness(vec![]);
    h2.state_mut().open_project(project_path);
    settle(&mut h2);
    assert!(h2.state().text(d.id).is_none(), "the text is missing");
    h2.get_by_label("Re-import from the original").click();
    settle(&mut h2);
    let t = h2.state().text(d.id).expect("text again");
    assert!(t.text.as_str().starts_with("Interview 4: the footbridge"), "{}", t.text.as_str());
    let now = h2.state().project().document(d.id).expect("doc");
    assert!(dir.path().join(&now.path).is_file(), "a new snapshot on disk: {}", now.path);
    assert!(h2.state().messages().iter().any(|m| m.contains("re-imported")), "{:?}", h2.state().messages());
}

#[test]
fn save_as_elsewhere_takes_the_snapshots_along() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = copy_fixtures(&dir.path().join("in"), &["report.pdf", "notes.md"]);
    let first = dir.path().join("a/one.synoptic.ron");
    let second = dir.path().join("b/two.synoptic.ron");
    for p in [&first, &second] {
        std::fs::create_dir_all(p.parent().expect("folder")).expect("mkdir");
    }
    let mut h = harness(vec![]);
    h.state_mut().open_documents(files);
    settle(&mut h);
    assert!(h.state_mut().save_to(&first), "first save");
    assert!(h.state_mut().save_to(&second), "save as elsewhere");
    for d in h.state().project().documents() {
        assert!(d.path.starts_with("two.sources/"), "snapshot moved along: {}", d.path);
        assert!(dir.path().join("b").join(&d.path).is_file(), "and written: {}", d.path);
        let o = d.origin.as_ref().expect("origin");
        assert!(o.path.starts_with("../in/"), "original still found from the new place: {}", o.path);
    }
    let saved = h.state().project().clone();
    std::fs::remove_dir_all(dir.path().join("a")).expect("first copy gone");
    let mut h2 = harness(vec![]);
    h2.state_mut().open_project(second);
    settle(&mut h2);
    assert_eq!(h2.state().project(), &saved, "reopens from its own folder");
    assert!(h2.state().project().documents().all(|d| h2.state().text(d.id).is_some()), "every text read");
}

#[test]
fn a_url_pasted_onto_the_desk_is_fetched() {
    let (base, hits) = common::http::serve();
    let mut h = harness(vec![]);
    h.run();
    h.event(egui::Event::Paste(format!("{base}/versioned\n")));
    settle(&mut h);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1, "fetched");
    let d = h.state().project().documents().next().expect("added");
    assert_eq!(d.meta.title, "Footbridge closed after cracks found", "from the page");
    // Plain text pasted onto the desk is not a URL: nothing happens.
    h.event(egui::Event::Paste("just some words".into()));
    settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 1, "no new document");
}

#[test]
fn add_a_folder_of_texts_with_distinct_titles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("coverage");
    let files: [(&str, &[u8]); 6] = [
        ("gazette/001.txt", b"Bridge closure splits the town\n\nShopkeepers woke up.\n"),
        ("radio/001.txt", b"The footbridge closed on Monday.\n"),
        ("wire/001.txt", b"The footbridge shut after inspectors found corrosion.\n"),
        ("wire/copy.txt", b"The footbridge shut after inspectors found corrosion.\n"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
        (".cache/x.txt", b"cache\n"),
    ];
    for (name, bytes) in files {
        let p = folder.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let mut h = harness(vec![Some(vec![folder])]);
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::ALT, Key::O);
    settle(&mut h);
    let p = h.state().project();
    let mut titles: Vec<String> = p.documents().map(|d| d.meta.title.clone()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Bridge closure splits the town", "coverage/radio/001.txt", "coverage/wire/001.txt"],
        "headline, and numbered files with the folders above them"
    );
    let msg = h.state().messages().iter().find(|m| m.starts_with("Added")).expect("a summary").clone();
    assert!(msg.contains("Added 3 text(s) from coverage"), "{msg}");
    assert!(msg.contains("skipped 2") && msg.contains("the same text as"), "the JPEG and the copy: {msg}");
    // One undo step per document added, titles included.
    h.state_mut().run_command(Command::Undo);
    h.step();
    assert_eq!(h.state().project().documents().count(), 2);
}

#[test]
fn the_same_text_twice_is_held_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "The same report, filed twice under two names.\n\nSecond paragraph.\n";
    let a = common::ui::write(dir.path(), "a.txt", text);
    let b = common::ui::write(dir.path(), "copy of a.txt", text);
    let c = common::ui::write(dir.path(), "c.txt", "Another text altogether.\n");
    let h = common::ui::opened(vec![a, b, c]);
    let app = h.state();
    let texts: Vec<_> =
        app.project().documents().map(|d| (d.path.clone(), app.text(d.id).expect("loaded").clone())).collect();
    assert_eq!(texts.len(), 3);
    let same: Vec<_> = texts.iter().filter(|(p, _)| !p.ends_with("c.txt")).collect();
    assert_eq!(same.len(), 2, "both copies are documents: {:?}", texts.iter().map(|t| &t.0).collect::<Vec<_>>());
    assert!(std::sync::Arc::ptr_eq(&same[0].1, &same[1].1), "one text in memory for both");
    let other = texts.iter().find(|(p, _)| p.ends_with("c.txt")).expect("c");
    assert!(!std::sync::Arc::ptr_eq(&same[0].1, &other.1));
}

#[test]
fn a_file_named_twice_is_read_once_and_added_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = common::ui::write(dir.path(), "a.txt", "A report named twice in one open.\n\nSecond paragraph.\n");
    let html = copy_fixtures(dir.path(), &["article.html"]).remove(0);
    let h = common::ui::opened(vec![a.clone(), html.clone(), a, html]);
    let app = h.state();
    let docs: Vec<_> = app.project().documents().collect();
    assert_eq!(docs.len(), 4, "each naming is a document: {:?}", docs.iter().map(|d| &d.path).collect::<Vec<_>>());
    let texts = |end: &str| -> Vec<_> {
        docs.iter()
            .filter(|d| d.origin.as_ref().map_or(d.path.as_str(), |o| o.path.as_str()).ends_with(end))
            .map(|d| app.text(d.id).expect("loaded").clone())
            .collect()
    };
    for end in ["a.txt", "article.html"] {
        let t = texts(end);
        assert_eq!(t.len(), 2, "{end}");
        assert!(std::sync::Arc::ptr_eq(&t[0], &t[1]), "{end}: one text in memory");
    }
    assert!(!app.is_busy(), "nothing left pending");
    assert!(app.messages().iter().all(|m| !m.contains("not added")), "{:?}", app.messages());
}
