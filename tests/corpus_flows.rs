//! The Documents table in the real `App` (`egui_kittest`): sorted by date,
//! filtered, three documents selected with Ctrl and Shift, given an outlet
//! in one undoable step, opened side by side, and removed after a
//! confirmation that counts their passages.

mod common;

use common::ui::{apply, opened, write};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use synoptic::app::{App, View};
use synoptic::command::Command;
use synoptic::model::{Anchor, Annotation, CharRange, Project};

fn steps(h: &mut Harness<'static, App>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

fn five() -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> = [
        ("e.txt", "Fifth story of the week\n\nText."),
        ("a.txt", "First story of the week\n\nText."),
        ("c.txt", "Third story of the week\n\nText."),
        ("b.txt", "Second story of the week\n\nText."),
        ("d.txt", "Fourth story of the week\n\nText."),
    ]
    .iter()
    .map(|(n, t)| write(dir.path(), n, t))
    .collect();
    let mut h = opened(paths);
    // Dates a week apart, out of file order; one passage in "Second".
    let p = h.state().project().clone();
    let mut edits = Vec::new();
    for d in p.documents() {
        let day = match &d.meta.title[..d.meta.title.find(' ').unwrap_or(0)] {
            "First" => 1,
            "Second" => 8,
            "Third" => 15,
            "Fourth" => 22,
            _ => 29,
        };
        edits.push(p.update_document_edit(d.id, |x| x.meta.date = format!("2026-03-{day:02}")).expect("edit"));
        if d.meta.title.starts_with("Second") {
            let a = Annotation::new(
                d.id,
                Anchor { range: CharRange::new(0, 6), exact: "Second".into(), ..Anchor::default() },
            );
            edits.push(Project::add_annotation_edit(a));
        }
    }
    apply(&mut h, synoptic::model::Edit::Batch(edits));
    (dir, h)
}

#[test]
fn table_sorts_selects_sets_an_outlet_opens_and_removes() {
    let (_dir, mut h) = five();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    steps(&mut h, 2);
    assert_eq!(h.state().view(), View::Documents);
    h.get_by_label("Date").click();
    steps(&mut h, 2);
    // Rows are in date order: their screen positions say so.
    let y = |h: &Harness<'static, App>, t: &str| h.get_by_label(t).rect().top();
    assert!(y(&h, "First story of the week") < y(&h, "Second story of the week"));
    assert!(y(&h, "Second story of the week") < y(&h, "Fifth story of the week"));
    // First, then Shift to Third (First, Second, Third), Ctrl+click Second off, Ctrl+click Fourth on.
    h.get_by_label("First story of the week").click();
    // Two frames: the selection bar appears and moves the rows down.
    steps(&mut h, 2);
    h.get_by_label("Third story of the week").click_modifiers(Modifiers::SHIFT);
    steps(&mut h, 1);
    h.get_by_label("Second story of the week").click_modifiers(Modifiers::COMMAND);
    steps(&mut h, 1);
    h.get_by_label("Fourth story of the week").click_modifiers(Modifiers::COMMAND);
    steps(&mut h, 2);
    h.get_by_label_contains("3 selected");
    // An outlet for the three in one step.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Outlet").click();
    steps(&mut h, 1);
    h.event(Event::Text("Harlow Gazette".into()));
    steps(&mut h, 1);
    h.get_by_label("Set for 3").click();
    steps(&mut h, 2);
    let outlets = |h: &Harness<'static, App>| {
        let mut v: Vec<(String, String)> =
            h.state().project().documents().map(|d| (d.meta.title.clone(), d.meta.source.clone())).collect();
        v.sort();
        v
    };
    let set: Vec<String> = outlets(&h).into_iter().filter(|(_, o)| o == "Harlow Gazette").map(|(t, _)| t).collect();
    assert_eq!(set, ["First story of the week", "Fourth story of the week", "Third story of the week"]);
    h.state_mut().run_command(Command::Undo);
    steps(&mut h, 1);
    assert!(outlets(&h).iter().all(|(_, o)| o.is_empty()), "one undo step");
    h.state_mut().run_command(Command::Redo);
    steps(&mut h, 1);
    // The filter narrows by outlet.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Filter:").click();
    h.event(Event::Text("gazette".into()));
    steps(&mut h, 2);
    h.get_by_label_contains("3 of 5 document(s) shown");
    // Open the three side by side.
    h.get_by_label("Open side by side").click();
    steps(&mut h, 3);
    assert_eq!(h.state().view(), View::Desk);
    let open: Vec<String> = h
        .state()
        .panes()
        .iter()
        .filter_map(|p| h.state().project().document(p.doc))
        .map(|d| d.meta.title.clone())
        .collect();
    for t in ["First story of the week", "Third story of the week", "Fourth story of the week"] {
        assert!(open.iter().any(|o| o == t), "{t} open: {open:?}");
    }
    // Remove "Second" (with its passage) after the confirmation.
    h.state_mut().run_command(Command::DocumentsTable);
    steps(&mut h, 2);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Filter:").click();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("second".into()));
    steps(&mut h, 2);
    h.get_by_label("Second story of the week").click();
    steps(&mut h, 2);
    h.get_by_label("Remove 1…").click();
    steps(&mut h, 2);
    h.get_by_label_contains("Remove 1 document(s) and their 1 passage(s)?");
    h.get_by_label("Remove").click();
    steps(&mut h, 2);
    assert_eq!(h.state().project().documents().count(), 4);
    assert_eq!(h.state().project().annotations().count(), 0, "its passage went with it");
    h.state_mut().run_command(Command::Undo);
    steps(&mut h, 1);
    assert_eq!(h.state().project().documents().count(), 5, "undo brings it back");
    assert_eq!(h.state().project().annotations().count(), 1);
}

#[test]
fn a_metadata_csv_fills_documents_in_one_step_and_round_trips() {
    let (dir, _) = five();
    let project_dir = dir.path();
    // The spreadsheet the analyst keeps: semicolons, a BOM, quotes, a
    // path that matches nothing, a date the reader cannot read.
    let csv = project_dir.join("meta.csv");
    std::fs::write(
        &csv,
        "\u{feff}path;title;outlet;date\n\
         a.txt;;\"Gazette; city\";03/04/2026\n\
         b.txt;Second, retitled;Herald;4 March 2026\n\
         zzz.txt;;Nobody;\n\
         c.txt;;;sometime\n",
    )
    .expect("csv");
    let out = project_dir.join("back.csv");
    let mut h = common::ui::harness(vec![Some(vec![csv.clone()]), Some(vec![out.clone()])]);
    let paths: Vec<_> = ["a.txt", "b.txt", "c.txt"].iter().map(|n| project_dir.join(n)).collect();
    h.state_mut().open_documents(paths);
    common::ui::settle(&mut h);
    h.state_mut().run_command(Command::ImportMetadata);
    steps(&mut h, 4);
    h.get_by_label_contains("3 document(s) will change");
    h.get_by_label_contains("row 4 zzz.txt");
    h.get_by_label_contains("Dates not understood, kept as written (1): row 5 “sometime”");
    // Each change is shown from what to what.
    h.get_by_label_contains("c.txt: date (empty) becomes “sometime”");
    // Month first reads 03/04 as 4 March.
    h.get_by_label("month/day").click();
    steps(&mut h, 2);
    h.get_by_label("Apply").click();
    steps(&mut h, 2);
    let meta = |h: &Harness<'static, App>, f: &str| {
        h.state().project().documents().find(|d| d.path.ends_with(f)).expect("doc").meta.clone()
    };
    assert_eq!(meta(&h, "a.txt").source, "Gazette; city");
    assert_eq!(meta(&h, "a.txt").date, "2026-03-04", "month first, stored as ISO");
    assert_eq!(meta(&h, "b.txt").title, "Second, retitled");
    assert_eq!(meta(&h, "b.txt").date, "2026-03-04");
    assert_eq!(meta(&h, "c.txt").date, "sometime", "kept as written");
    h.state_mut().run_command(Command::Undo);
    steps(&mut h, 1);
    assert!(meta(&h, "a.txt").source.is_empty(), "one undo step");
    h.state_mut().run_command(Command::Redo);
    steps(&mut h, 1);
    // Export and read back: the same metadata.
    h.state_mut().run_command(Command::ExportMetadata);
    steps(&mut h, 3);
    let back = std::fs::read(&out).expect("exported");
    let plan = synoptic::io::metadata_csv::plan(h.state().project(), &back, true).expect("plan");
    assert_eq!(plan.updated, 0, "nothing would change: it round-trips");
    assert!(plan.unknown.is_empty());
}

#[test]
fn a_thousand_documents_sort_group_and_go_into_a_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("month");
    // Ten topic folders of a hundred articles each, dated over March.
    for i in 0..1000 {
        let (topic, day) = (i % 10, 1 + i % 28);
        let text = format!("Report {i} on topic {topic}\n\nFiled on 2026-03-{day:02}. Body of report {i}.\n");
        let p = folder.join(format!("topic{topic}/{i:04}.txt"));
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let mut h = common::ui::harness(vec![Some(vec![folder])]);
    h.state_mut().run_command(Command::AddFolder);
    common::ui::settle(&mut h);
    assert_eq!(h.state().project().documents().count(), 1000);
    // Dates for all, in one step (as a metadata CSV would give them).
    let p = h.state().project().clone();
    let edits: Vec<_> = p
        .documents()
        .filter_map(|d| {
            let i: usize = d.meta.title.split(' ').nth(1)?.parse().ok()?;
            p.update_document_edit(d.id, |x| x.meta.date = format!("2026-03-{:02}", 1 + i % 28))
        })
        .collect();
    assert_eq!(edits.len(), 1000, "every title reads \"Report N …\"");
    apply(&mut h, synoptic::model::Edit::Batch(edits));
    h.state_mut().run_command(Command::DocumentsTable);
    steps(&mut h, 2);
    h.get_by_label_contains("1000 of 1000 document(s) shown");
    // Sorted by date, newest first: the first row is dated 28 March.
    h.get_by_label("Date").click();
    steps(&mut h, 2);
    h.get_by_label("Date ^").click();
    steps(&mut h, 2);
    let rows: Vec<String> =
        h.get_all_by_role(egui::accesskit::Role::Row).filter_map(|r| r.accesskit_node().label()).collect();
    assert!(rows.len() < 100, "only rows in view are built: {}", rows.len());
    let first: usize = rows[0].split(' ').nth(1).and_then(|n| n.parse().ok()).expect("a report");
    assert_eq!(1 + first % 28, 28, "newest first: {}", rows[0]);
    // Grouped by topic folder: the first group (of ten) holds a hundred.
    h.get_by_label("folder").click();
    steps(&mut h, 2);
    h.get_by_label_contains("month/topic0 (100)");
    // One topic into a set: filter, select all shown, make the set.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Filter:").click();
    h.event(Event::Text("topic3".into()));
    steps(&mut h, 2);
    h.get_by_label_contains("100 of 1000 document(s) shown");
    h.get_by_label("Select all shown").click();
    steps(&mut h, 3);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "New set").click();
    h.event(Event::Text("Topic 3".into()));
    steps(&mut h, 1);
    h.get_by_label("Make a set of 100").click();
    steps(&mut h, 2);
    let sets = h.state().project().sets().into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].docs.len(), 100);
    let p = h.state().project();
    assert!(sets[0].docs.iter().all(|d| p.document(*d).is_some_and(|d| d.path.contains("topic3/"))));
}

/// Rows stay where they are when a selection appears and when Remove asks
/// for its confirmation: a second click at the same height hits the same row.
#[test]
fn rows_do_not_move_under_the_pointer() {
    let (_dir, mut h) = five();
    h.state_mut().run_command(Command::DocumentsTable);
    steps(&mut h, 2);
    let y = |h: &Harness<'static, App>| h.get_by_label("Third story of the week").rect().top();
    let before = y(&h);
    h.get_by_label("First story of the week").click();
    h.run();
    assert!((y(&h) - before).abs() < 0.5, "a selection leaves the rows where they were: {} then {}", before, y(&h));
    h.get_by_label("Remove 1…").click();
    steps(&mut h, 2);
    assert!(h.query_by_label_contains("Remove 1 document(s)").is_some(), "asked to confirm");
    assert!((y(&h) - before).abs() < 0.5, "and so does the confirmation: {} then {}", before, y(&h));
}
