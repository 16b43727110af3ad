//! The analysis views' numbers: the documents × tags matrix, retrieval and
//! co-occurrence on 200 documents × 100 tags × 100,000 passages; and the
//! retrieval view's frame time while its columns scroll through 10,000
//! passages (the whole app on a headless egui context, as the reader bench
//! measures the desk).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::analysis::retrieve::{self, Filter, GroupBy, TagRule};
use synoptic::analysis::stats::{self, Near};
use synoptic::app::{App, Settings, View};
use synoptic::command::{Action, Command};
use synoptic::model::{Anchor, Annotation, CharRange, DocId, Document, Edit, Project, Rgb, Tag};
use synoptic::ui::dialogs::ScriptedDialogs;

#[path = "../tests/fixtures/versions.rs"]
#[allow(dead_code)]
mod versions;

/// 200 documents of 200,000 chars from 20 outlets over 30 days, 100 tags
/// (ten of them with five children each), 100,000 passages with one to
/// three tags each.
fn big_project() -> Project {
    let mut rng = StdRng::seed_from_u64(11);
    let mut p = Project::new();
    let mut edits = Vec::new();
    let mut docs: Vec<DocId> = Vec::new();
    for i in 0..200 {
        let mut d = Document::new(format!("outlet-{}/{i:03}.txt", i % 20));
        d.meta.title = format!("Article {i:03}");
        d.meta.source = format!("Outlet {}", i % 20);
        d.meta.date = format!("2026-03-{:02}", 1 + i % 30);
        d.char_len = 200_000;
        docs.push(d.id);
        edits.push(Project::add_document_edit(d));
    }
    let mut tags: Vec<Tag> = Vec::new();
    for i in 0..100 {
        let mut t = Tag::new(format!("code {i}"), Rgb::palette(i));
        if (50..100).contains(&i) {
            t.parent = Some(tags[(i - 50) / 5].id);
        }
        tags.push(t);
    }
    edits.extend(tags.iter().cloned().map(Project::add_tag_edit));
    for _ in 0..100_000 {
        let doc = docs[rng.random_range(0..docs.len())];
        let s = rng.random_range(0..199_000);
        let anchor = Anchor { range: CharRange::new(s, s + rng.random_range(20..600)), ..Anchor::default() };
        let mut a = Annotation::new(doc, anchor);
        for _ in 0..rng.random_range(1..=3) {
            a.tags.insert(tags[rng.random_range(0..tags.len())].id);
        }
        edits.push(Project::add_annotation_edit(a));
    }
    p.apply(Edit::Batch(edits)).expect("edits");
    p
}

fn bench_counting(c: &mut Criterion) {
    let p = big_project();
    let tag = p.codebook().tree()[0].1.id;
    let mut g = c.benchmark_group("200 docs x 100 tags x 100k passages");
    g.sample_size(20);
    g.bench_function("matrix (counts and share coded)", |b| b.iter(|| black_box(stats::matrix(&p))));
    let one = Filter { tags: [(tag, TagRule::Any)].into(), children: true, ..Filter::default() };
    g.bench_function("retrieve one tag with its children, per outlet", |b| {
        b.iter(|| black_box(retrieve::retrieve(&p, &one, GroupBy::Outlet)));
    });
    g.bench_function("retrieve everything, per document", |b| {
        b.iter(|| black_box(retrieve::retrieve(&p, &Filter::default(), GroupBy::Document)));
    });
    let para = |_: DocId, c: usize| Some(c / 500);
    g.bench_function("co-occurrence, same passage", |b| {
        b.iter(|| black_box(stats::cooccurrence(&p, synoptic::model::Scope::All, Near::Same, &para)));
    });
    g.bench_function("co-occurrence, overlapping", |b| {
        b.iter(|| black_box(stats::cooccurrence(&p, synoptic::model::Scope::All, Near::Overlap, &para)));
    });
    g.finish();
}

fn novel() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace-pg2600.txt");
    if p.exists() {
        return p;
    }
    eprintln!("corpus absent: using a generated text");
    let para =
        "\u{201c}Well, Prince, so Genoa and Lucca are now just family estates,\u{201d} said Hélène to Pierre.\n\n";
    let out = std::env::temp_dir().join("synoptic-bench-views-novel.txt");
    std::fs::write(&out, para.repeat(3_200_000 / para.len())).expect("write generated novel");
    out
}

fn frame(ctx: &egui::Context, app: &mut App) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
        ..egui::RawInput::default()
    };
    let t = Instant::now();
    let out = ctx.run_ui(input, |ui| app.frame_ui(ui));
    black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    t.elapsed()
}

/// The novel three times (three outlets) with 10,000 tagged passages, some
/// with notes, in the retrieval view with every passage retrieved.
fn retrieval_app() -> (egui::Context, App) {
    let ctx = egui::Context::default();
    let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let paths: Vec<PathBuf> = (0..3)
        .map(|i| {
            let p = dir.join(format!("outlet-{i}.txt"));
            std::fs::copy(novel(), &p).expect("copy novel");
            p
        })
        .collect();
    app.open_documents(paths);
    while app.is_busy() {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(5));
    }
    let tags: Vec<Tag> = (0..8).map(|i| Tag::new(format!("code {i}"), Rgb::palette(i))).collect();
    let mut edits: Vec<Edit> = tags.iter().cloned().map(Project::add_tag_edit).collect();
    let docs: Vec<_> = app.project().documents().map(|d| d.id).collect();
    for (i, d) in docs.iter().enumerate() {
        let mut meta = app.project().document(*d).expect("doc").clone();
        meta.meta.source = format!("Outlet {i}");
        edits.push(Edit::Document { id: *d, value: Some(Box::new(meta)) });
    }
    let mut rng = StdRng::seed_from_u64(5);
    for i in 0..10_000 {
        let doc = docs[i % docs.len()];
        let text = &app.text(doc).expect("loaded").text;
        let s = rng.random_range(0..text.char_len() - 700);
        let mut a = Annotation::new(doc, Anchor::from_text(text, CharRange::new(s, s + rng.random_range(20..600))));
        a.tags.insert(tags[i % tags.len()].id);
        if i % 3 == 0 {
            a.note = format!("Note {i}: compare with the other outlets before quoting.");
        }
        edits.push(Project::add_annotation_edit(a));
    }
    app.act(Action::Edit { edit: Edit::Batch(edits), label: "bulk".into(), merge: None });
    app.act(Action::Command(Command::Retrieve));
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    assert_eq!(app.view(), View::Retrieve, "the retrieval view is open");
    assert_eq!(app.retrieve_view().result.total, 10_000, "every passage retrieved");
    (ctx, app)
}

/// A step that scrolls a view down a screen, back to the top once its end
/// stops it (`offset` reads where it is), so that every frame lays out new
/// content.
fn paging(offset: impl Fn(&App) -> f32) -> impl FnMut(&mut App) {
    let mut last = -1.0;
    move |app: &mut App| {
        let now = offset(app);
        if now > 0.0 && now <= last {
            app.scroll_panes_by(-now);
            last = -1.0;
        } else {
            last = now;
            app.scroll_panes_by(900.0);
        }
    }
}

/// Five passes of 300 frames, each after a `step`: the percentiles of
/// each pass and the median p95 over them, printed under `what` (criterion
/// reports only the mean; this machine's speed drifts, hence the median).
fn passes(what: &str, ctx: &egui::Context, app: &mut App, step: &mut impl FnMut(&mut App)) {
    let mut p95s = Vec::new();
    for pass in 1..=5 {
        let mut times: Vec<Duration> = (0..300)
            .map(|_| {
                step(app);
                frame(ctx, app)
            })
            .collect();
        times.sort();
        let pct = |percent: usize| times[(times.len() - 1) * percent / 100];
        eprintln!("{what}, pass {pass}: p50 {:?}, p95 {:?}, max {:?}", pct(50), pct(95), pct(100));
        p95s.push(pct(95));
    }
    p95s.sort();
    eprintln!("{what}: median p95 over the passes {:?}", p95s[p95s.len() / 2]);
}

fn bench_retrieval_scroll(c: &mut Criterion) {
    let (ctx, mut app) = retrieval_app();
    // Page every column down a screen per frame, back to the top when the
    // end stops them, so that every measured frame lays out new cards.
    let mut step = paging(|app: &App| app.retrieve_view().offsets().first().copied().unwrap_or(0.0));
    passes("retrieval view, 10k passages in 3 columns, a page per frame", &ctx, &mut app, &mut step);
    // Paging a screen per frame, a frame shapes only its budget of new
    // text and leaves the other new cards empty for the next frame: say how
    // many. A mouse wheel moves about a tenth of a screen per frame, and
    // every card in view is complete.
    let (full, waiting) = app.retrieve_view().cards_drawn();
    eprintln!("retrieval view, last paged frame: {full} cards full, {waiting} waiting for the next frame");
    let mut wheel: Vec<(Duration, usize)> = (0..300)
        .map(|_| {
            app.scroll_panes_by(90.0);
            let t = frame(&ctx, &mut app);
            (t, app.retrieve_view().cards_drawn().1)
        })
        .collect();
    let waited = wheel.iter().filter(|(_, w)| *w > 0).count();
    wheel.sort();
    eprintln!(
        "retrieval view, wheel scrolling (90 px per frame): p50 {:?}, p95 {:?}; frames with a card waiting: {waited} of 300",
        wheel[150].0, wheel[285].0
    );
    let offset = app.retrieve_view().offsets().first().copied().unwrap_or(0.0);
    assert!(offset > 0.0, "the columns scrolled");
    c.bench_function("frame: retrieval view, 10k passages, scrolling a page per frame", |b| {
        b.iter(|| {
            step(&mut app);
            frame(&ctx, &mut app)
        });
    });
}

/// Twenty versions of the novel's first 1,500 sentences (dropped,
/// reworded, split, merged, moved, and added sentences, as outlets rework a
/// story) in the synopsis view, aligned.
fn synopsis_app() -> (egui::Context, App) {
    let bytes = std::fs::read(novel()).expect("novel");
    let text = synoptic::io::import::decode(&bytes).expect("a text").text.as_str().to_owned();
    let paragraphs: Vec<Vec<String>> = versions::paragraphs(&text)
        .into_iter()
        .scan(0, |n, p| {
            *n += p.len();
            (*n <= 1_500).then_some(p)
        })
        .collect();
    let foreign: Vec<String> = paragraphs.iter().rev().take(40).flatten().cloned().collect();
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let paths: Vec<PathBuf> = versions::versions(&paragraphs, &foreign, 20, 3)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let p = dir.join(format!("version-{i:02}.txt"));
            std::fs::write(&p, v.text).expect("write");
            p
        })
        .collect();
    let ctx = egui::Context::default();
    let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    app.open_documents(paths);
    while app.is_busy() {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(5));
    }
    // With no pane open the synopsis takes every document.
    while !app.panes().is_empty() {
        app.act(Action::ClosePaneAt(0));
    }
    app.act(Action::Command(Command::Synopsis));
    let t = Instant::now();
    while app.synopsis_view().result.is_none() || app.synopsis_view().running {
        frame(&ctx, &mut app);
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(5));
        assert!(t.elapsed() < Duration::from_mins(1), "aligned in time");
    }
    let r = app.synopsis_view().result.clone().expect("aligned");
    eprintln!("synopsis: {} documents, {} rows, aligned in {:.0} ms", r.docs.len(), r.syn.rows.len(), r.millis);
    assert_eq!(app.view(), View::Synopsis, "the synopsis is open");
    assert_eq!(r.docs.len(), 20, "every document is a column");
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    (ctx, app)
}

fn bench_synopsis_scroll(c: &mut Criterion) {
    let (ctx, mut app) = synopsis_app();
    let mut step = paging(|app: &App| app.synopsis_view().offset().y);
    passes("synopsis view, 20 documents, a page per frame", &ctx, &mut app, &mut step);
    assert!(app.synopsis_view().offset().y > 0.0, "the table scrolled");
    c.bench_function("frame: synopsis view, 20 documents, scrolling a page per frame", |b| {
        b.iter(|| {
            step(&mut app);
            frame(&ctx, &mut app)
        });
    });
}

criterion_group!(benches, bench_counting, bench_retrieval_scroll, bench_synopsis_scroll);
criterion_main!(benches);
