//! A large corpus: 1,000 documents (the 200 BBC texts of the shared corpus
//! copied five times under other names, each copy changed by a line so
//! none is skipped as a repeat) added as a folder in the headless app, and
//! the same through `synoptic new`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use synoptic::app::{App, Settings};
use synoptic::ui::dialogs::ScriptedDialogs;

/// A folder of 1,000 texts; `None` when the corpus is absent.
fn thousand() -> Option<(tempfile::TempDir, PathBuf)> {
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if !bbc.exists() {
        eprintln!("corpus absent: skipping");
        return None;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("thousand");
    let mut files = Vec::new();
    collect(&bbc, &mut files);
    for copy in 0..5 {
        for f in &files {
            let rel = f.strip_prefix(&bbc).expect("inside");
            let to = root.join(format!("copy{copy}")).join(rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            let mut text = std::fs::read(f).expect("read");
            text.extend_from_slice(format!("\nCopy {copy}.\n").as_bytes());
            std::fs::write(&to, text).expect("write");
        }
    }
    Some((tmp, root))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        if e.path().is_dir() {
            collect(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

fn frame(ctx: &egui::Context, app: &mut App) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
        ..egui::RawInput::default()
    };
    let out = ctx.run_ui(input, |ui| app.frame_ui(ui));
    std::hint::black_box(out);
}

fn bench_add_folder(c: &mut Criterion) {
    let Some((_tmp, root)) = thousand() else { return };
    let mut g = c.benchmark_group("1,000 documents");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.bench_function("add a folder in the app, to the last document in", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
            frame(&ctx, &mut app);
            app.add_folder(root.clone());
            while app.is_busy() {
                app.poll_jobs();
                std::thread::sleep(Duration::from_millis(1));
            }
            // The BBC set holds one summary twice: five repeats are skipped.
            assert_eq!(app.project().documents().count(), 995, "every other text added");
            app
        });
    });
    g.bench_function("synoptic new PROJECT FOLDER", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let cmd =
                synoptic::cli::Command::New { project: dir.path().join("p.synoptic.ron"), files: vec![root.clone()] };
            let (mut out, mut err) = (Vec::new(), Vec::new());
            assert_eq!(synoptic::cli::run(&cmd, &mut out, &mut err), 0, "{}", String::from_utf8_lossy(&err));
        });
    });
    g.finish();
    // One timed run with the first frame after it, as a user sees it.
    let t = Instant::now();
    let ctx = egui::Context::default();
    let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
    app.add_folder(root);
    while app.is_busy() {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(1));
    }
    frame(&ctx, &mut app);
    eprintln!("add 1,000 texts and draw the desk: {:?}", t.elapsed());
    let titles: std::collections::BTreeSet<&str> = app.project().documents().map(|d| d.meta.title.as_str()).collect();
    eprintln!("{} distinct titles for {} documents", titles.len(), app.project().documents().count());
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn bench_large_project(c: &mut Criterion) {
    use synoptic::analysis::job::Control;
    use synoptic::analysis::reuse::{ReuseSettings, find_shared};
    use synoptic::analysis::words::WordIndex;
    let Some((tmp, root)) = thousand() else { return };
    let project = tmp.path().join("thousand.synoptic.ron");
    let cmd = synoptic::cli::Command::New { project: project.clone(), files: vec![root] };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(synoptic::cli::run(&cmd, &mut out, &mut err), 0, "{}", String::from_utf8_lossy(&err));
    let mut g = c.benchmark_group("1,000 documents");
    g.sample_size(10);
    g.bench_function("open the project to a drawn window", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
            app.open_project(project.clone());
            while app.is_busy() {
                app.poll_jobs();
                std::thread::sleep(Duration::from_millis(1));
            }
            frame(&ctx, &mut app);
            app
        });
    });
    // The table's per-frame work when the sort or filter changes.
    let opened = synoptic::io::workspace::open(&project, synoptic::io::import::ImportOptions::default()).expect("open");
    let words = |_| Some(500);
    let rows = synoptic::ui::documents::rows(&opened.project, &words);
    g.bench_function("documents table: sort by date", |b| {
        b.iter(|| {
            std::hint::black_box(synoptic::ui::documents::shown(
                &rows,
                "",
                synoptic::ui::documents::Column::Date,
                false,
            ))
        });
    });
    g.bench_function("documents table: filter by a word", |b| {
        b.iter(|| {
            std::hint::black_box(synoptic::ui::documents::shown(
                &rows,
                "gazette",
                synoptic::ui::documents::Column::Title,
                false,
            ))
        });
    });
    let texts: Vec<String> = opened
        .sources
        .values()
        .filter_map(|s| match s {
            synoptic::io::workspace::SourceState::Loaded(l) => Some(l.text.as_str().to_owned()),
            _ => None,
        })
        .collect();
    let control = Control::new();
    g.bench_function("shared passages across all (index + detect + cluster)", |b| {
        b.iter(|| {
            let idx: Vec<WordIndex> = texts.iter().map(|t| WordIndex::words(t)).collect();
            let refs: Vec<&WordIndex> = idx.iter().collect();
            let p = find_shared(&refs, &ReuseSettings::default(), &control).expect("run");
            std::hint::black_box(synoptic::analysis::reuse::clusters(&p))
        });
    });
    g.finish();
}

fn main() {
    // Peak memory first, before criterion allocates anything of its own:
    // the 1,000-document project opened in the app and drawn.
    if let Some((tmp, root)) = thousand() {
        let project = tmp.path().join("m.synoptic.ron");
        let cmd = synoptic::cli::Command::New { project: project.clone(), files: vec![root] };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(synoptic::cli::run(&cmd, &mut out, &mut err), 0, "new");
        let before = peak_rss_mib().unwrap_or(0.0);
        let ctx = egui::Context::default();
        let mut app = App::new(Box::new(ScriptedDialogs::default()), Settings::default());
        let t = Instant::now();
        app.open_project(project);
        while app.is_busy() {
            app.poll_jobs();
            std::thread::sleep(Duration::from_millis(1));
        }
        frame(&ctx, &mut app);
        eprintln!("open 1,000 documents to a drawn window: {:?}", t.elapsed());
        while app.finding_shared() {
            std::thread::sleep(Duration::from_millis(5));
            frame(&ctx, &mut app);
        }
        frame(&ctx, &mut app);
        eprintln!(
            "peak memory with 1,000 documents open (shared passages found): {:.0} MiB (before opening: {before:.0} MiB)",
            peak_rss_mib().unwrap_or(0.0)
        );
        // The Documents table of 1,000 documents, scrolled by the wheel.
        app.run_command(synoptic::command::Command::DocumentsTable);
        for _ in 0..3 {
            frame(&ctx, &mut app);
        }
        let mut times: Vec<Duration> = (0..300)
            .map(|i| {
                let t = Instant::now();
                let dy = if (i / 40) % 2 == 0 { -240.0 } else { 240.0 };
                let input = egui::RawInput {
                    screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0))),
                    events: vec![
                        egui::Event::PointerMoved(egui::pos2(700.0, 600.0)),
                        egui::Event::MouseWheel {
                            unit: egui::MouseWheelUnit::Point,
                            delta: egui::vec2(0.0, dy),
                            phase: egui::TouchPhase::Move,
                            source: egui::MouseWheelSource::Wheel,
                            modifiers: egui::Modifiers::NONE,
                        },
                    ],
                    ..egui::RawInput::default()
                };
                let out = ctx.run_ui(input, |ui| app.frame_ui(ui));
                std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
                t.elapsed()
            })
            .collect();
        times.sort();
        eprintln!("documents table of 1,000 documents while scrolling: p50 {:?}, p95 {:?}", times[150], times[285]);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

criterion_group!(benches, bench_add_folder, bench_large_project);
