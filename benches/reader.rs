//! Reader benchmarks on a headless egui context (no window, no GPU): the
//! whole app with three panes showing the 3.2 MB novel and 10,000
//! highlights, scrolled by a page per frame; opening the novel to its first
//! painted page; and peak memory.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::app::{App, Settings};
use synoptic::command::Action;
use synoptic::model::{Anchor, Annotation, CharRange, Project, Rgb, Tag};
use synoptic::ui::dialogs::ScriptedDialogs;

fn novel() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace-pg2600.txt");
    if p.exists() {
        return p;
    }
    eprintln!("corpus absent: using a generated text");
    let para = "\u{201c}Well, Prince, so Genoa and Lucca are now just family estates,\u{201d} said Hélène to Pierre, à propos.\n\n";
    let bytes = encoding_rs::WINDOWS_1252.encode(&para.repeat(3_200_000 / para.len())).0.into_owned();
    let out = std::env::temp_dir().join("synoptic-bench-novel.txt");
    std::fs::write(&out, bytes).expect("write generated novel");
    out
}

fn input(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput { screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)), ..egui::RawInput::default() }
}

fn frame(ctx: &egui::Context, app: &mut App) -> Duration {
    let t = Instant::now();
    let out = ctx.run_ui(input(egui::vec2(1600.0, 1000.0)), |ui| app.frame_ui(ui));
    black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    t.elapsed()
}

/// An app with the novel open three times and `n` highlights spread over it.
fn desk(n: usize) -> (egui::Context, App) {
    desk_of(3, n)
}

/// An app with the novel open `panes` times and `n` highlights spread over it.
fn desk_of(panes: usize, n: usize) -> (egui::Context, App) {
    let ctx = egui::Context::default();
    let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    app.open_documents(vec![novel(); panes]);
    while app.is_busy() {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(5));
    }
    let tags: Vec<Tag> = (0..8).map(|i| Tag::new(format!("code {i}"), Rgb::palette(i))).collect();
    for t in &tags {
        app.act(Action::Edit { edit: Project::add_tag_edit(t.clone()), label: "tag".into(), merge: None });
    }
    let docs: Vec<_> = app.project().documents().map(|d| d.id).collect();
    let mut rng = StdRng::seed_from_u64(7);
    let mut edits = Vec::new();
    for i in 0..n {
        let doc = docs[i % docs.len()];
        let text = &app.text(doc).expect("loaded").text;
        let s = rng.random_range(0..text.char_len() - 400);
        let mut a = Annotation::new(doc, Anchor::from_text(text, CharRange::new(s, s + rng.random_range(20..300))));
        a.tags.insert(tags[i % tags.len()].id);
        edits.push(Project::add_annotation_edit(a));
    }
    app.act(Action::Edit { edit: synoptic::model::Edit::Batch(edits), label: "bulk".into(), merge: None });
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    // Shared-passage detection starts by itself once the documents are in
    // (the same book three times: the whole text is shared); let that
    // one-off background work finish so it does not compete with the
    // frames measured.
    while app.finding_shared() {
        std::thread::sleep(Duration::from_millis(10));
        frame(&ctx, &mut app);
    }
    frame(&ctx, &mut app);
    (ctx, app)
}

/// Scroll every pane one page down, back to the top once the end stops it,
/// so that every measured frame lays out new text.
fn page_down(app: &mut App, last: &mut f32) {
    let now = app.panes()[0].offset;
    if now > 0.0 && now <= *last {
        app.scroll_panes_by(-now);
        *last = 0.0;
    } else {
        *last = now;
        app.scroll_panes_by(900.0);
    }
}

fn bench_scroll(c: &mut Criterion) {
    let (ctx, mut app) = desk(10_000);
    let mut last = 0.0;
    // Percentiles over a long scroll, page by page (criterion reports the
    // mean). Pass 1 shows pages never shown before (heights measured for
    // the first time, new glyphs in the atlas); passes 2-5 go over the same
    // stretch of the book again (egui keeps a galley only while it is in
    // view, so they lay the text out again too). This machine's speed
    // drifts by half or more over seconds, so one pass's p95 can be that of
    // a slow spell: the median over the passes is reported as well.
    let mut p95s = Vec::new();
    for pass in 1..=5 {
        app.scroll_panes_by(-app.panes()[0].offset);
        last = 0.0;
        let mut times: Vec<Duration> = (0..400)
            .map(|_| {
                page_down(&mut app, &mut last);
                frame(&ctx, &mut app)
            })
            .collect();
        times.sort();
        let pct = |percent: usize| times[(times.len() - 1) * percent / 100];
        eprintln!(
            "frame while scrolling a page per frame, pass {pass}: p50 {:?}, p95 {:?}, max {:?}",
            pct(50),
            pct(95),
            pct(100)
        );
        p95s.push(pct(95));
    }
    p95s.sort();
    eprintln!("frame while scrolling a page per frame: median p95 over the passes {:?}", p95s[p95s.len() / 2]);
    // The floor: the same desk redrawn with nothing new to lay out.
    let mut still: Vec<Duration> = (0..200).map(|_| frame(&ctx, &mut app)).collect();
    still.sort();
    eprintln!("frame with nothing new to lay out: p50 {:?}, p95 {:?}", still[100], still[190]);
    c.bench_function("frame: 3 panes of the novel, 10k highlights, scrolling a page per frame", |b| {
        b.iter(|| {
            page_down(&mut app, &mut last);
            frame(&ctx, &mut app)
        });
    });
}

/// Six panes of the novel (the desk's most): static and scrolling frames,
/// as percentiles (no criterion group: the figures are the point).
fn six_panes() {
    let (ctx, mut app) = desk_of(6, 10_000);
    percentiles(&ctx, &mut app, "six panes", 300);
}

/// Scroll `app`'s panes a page per frame `n` times, then redraw it 200
/// times with nothing new, and print both frames' p50 and p95 under `what`
/// (the words benches/report looks for).
fn percentiles(ctx: &egui::Context, app: &mut App, what: &str, n: usize) {
    let mut last = 0.0;
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            page_down(app, &mut last);
            frame(ctx, app)
        })
        .collect();
    times.sort();
    let at = |t: &[Duration], pct: usize| t[(t.len() - 1) * pct / 100];
    eprintln!("{what} while scrolling a page per frame: p50 {:?}, p95 {:?}", at(&times, 50), at(&times, 95));
    let mut still: Vec<Duration> = (0..200).map(|_| frame(ctx, app)).collect();
    still.sort();
    eprintln!("{what} with nothing new to lay out: p50 {:?}, p95 {:?}", at(&still, 50), at(&still, 95));
}

/// A book-length Arabic text (about 3 MB, the novel's size): the bench
/// fixture's paragraphs, with numbers and Latin names, over and over with
/// their numbers changed.
fn arabic_book() -> PathBuf {
    let paras = [
        "أعلنت بلدية المدينة يوم {n} مارس 2026 افتتاح الجسر الجديد بعد أشهر من الأعمال.",
        "وقال المهندس أحمد سالم لوكالة Reuters إن طول الجسر {n} مترا (أي نحو 1476 قدما).",
        "ويقول السكان إنهم اشتكوا من الازدحام منذ سنوات، وإن الرحلة إلى وسط المدينة كانت تستغرق {n} دقيقة، وإن المتاجر على الضفة الأخرى كانت بعيدة عنهم طوال الشتاء.",
        "وأضاف سالم أن شركة Atlas Engineering نفذت المشروع بتكلفة {n} مليون دولار.",
    ];
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 3_200_000 {
        text.push_str(&paras[n % paras.len()].replace("{n}", &(n + 3).to_string()));
        text.push_str("\n\n");
        n += 1;
    }
    let out = std::env::temp_dir().join("synoptic-bench-arabic.txt");
    std::fs::write(&out, text).expect("write generated Arabic book");
    out
}

/// Three panes of the Arabic book (laid out right to left by the reader's
/// own bidi layout), scrolling a page per frame and standing still, as
/// percentiles beside the novel's.
fn arabic_panes() {
    let ctx = egui::Context::default();
    // The bench's fonts have no Arabic glyphs: boxes, laid out the same way.
    ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    app.open_documents(vec![arabic_book(); 3]);
    while app.is_busy() {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(5));
    }
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    while app.finding_shared() {
        std::thread::sleep(Duration::from_millis(10));
        frame(&ctx, &mut app);
    }
    percentiles(&ctx, &mut app, "Arabic book, 3 panes,", 400);
}

fn bench_first_page(c: &mut Criterion) {
    let path = novel();
    let mut g = c.benchmark_group("open");
    g.sample_size(20);
    g.bench_function("novel to first painted page", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
            app.open_documents(vec![path.clone()]);
            while app.is_busy() {
                app.poll_jobs();
                std::thread::yield_now();
            }
            frame(&ctx, &mut app)
        });
    });
    g.finish();
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

criterion_group!(benches, bench_first_page, bench_scroll);

fn main() {
    // `ARABIC_ONLY=1`: only the Arabic figures, three times over (to
    // compare two builds run in turn, as this machine's speed drifts).
    if std::env::var_os("ARABIC_ONLY").is_some() {
        for _ in 0..3 {
            arabic_panes();
        }
        return;
    }
    // Peak memory first, before criterion allocates anything of its own,
    // stage by stage: where the bytes go.
    {
        let peak = || peak_rss_mib().unwrap_or(0.0);
        eprintln!("peak RSS at start: {:.0} MiB", peak());
        let ctx = egui::Context::default();
        let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
        app.open_documents(vec![novel(), novel(), novel()]);
        while app.is_busy() {
            app.poll_jobs();
            std::thread::sleep(Duration::from_millis(5));
        }
        eprintln!("peak RSS with the novel read three times: {:.0} MiB", peak());
        frame(&ctx, &mut app);
        eprintln!("peak RSS after the first frame: {:.0} MiB", peak());
        while app.finding_shared() {
            std::thread::sleep(Duration::from_millis(10));
            frame(&ctx, &mut app);
        }
        eprintln!("peak RSS after shared passages were found: {:.0} MiB", peak());
        for _ in 0..50 {
            app.scroll_panes_by(900.0);
            frame(&ctx, &mut app);
        }
        eprintln!("peak RSS with the novel open in three panes: {:.0} MiB", peak());
    }
    six_panes();
    arabic_panes();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
