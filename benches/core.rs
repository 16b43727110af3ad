//! Core benchmarks: opening a book-sized legacy-encoded text, saving and
//! loading large projects, and re-anchoring after edits.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::analysis::anchoring::reanchor_document;
use synoptic::io::{import, project_file};
use synoptic::model::{Anchor, Annotation, CharRange, Document, Project, Rgb, SourceText, Tag};

/// The 3.2 MB novel when the shared corpus is present, else a generated
/// Windows-1252 text of the same size.
fn novel_bytes() -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace-pg2600.txt");
    std::fs::read(&p).unwrap_or_else(|_| {
        eprintln!("corpus absent: using a generated text");
        let para = "\u{201c}Well, Prince, so Genoa and Lucca are now just family estates,\u{201d} said Hélène to Pierre, à propos.\n\n";
        encoding_rs::WINDOWS_1252.encode(&para.repeat(3_200_000 / para.len())).0.into_owned()
    })
}

fn bench_open(c: &mut Criterion) {
    let bytes = novel_bytes();
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("novel.txt");
    std::fs::write(&path, &bytes).expect("write");
    c.bench_function("open novel (read + detect + decode + blocks)", |b| {
        b.iter(|| black_box(import::load_text(&path, import::ImportOptions::default()).expect("load")));
    });
}

/// A project over `text` with `n` annotations of 20–200 chars.
fn project_with(text: &SourceText, hash: &str, count: usize, seed: u64) -> Project {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut p = Project::new();
    let mut d = Document::new("novel.txt");
    hash.clone_into(&mut d.hash);
    d.char_len = text.char_len();
    let doc = d.id;
    p.apply(Project::add_document_edit(d)).expect("doc");
    let tags: Vec<_> = (0..20)
        .map(|i| {
            let t = Tag::new(format!("code {i}"), Rgb::palette(i));
            let id = t.id;
            p.apply(Project::add_tag_edit(t)).expect("tag");
            id
        })
        .collect();
    for i in 0..count {
        let s = rng.random_range(0..text.char_len() - 300);
        let len = rng.random_range(20..200);
        let mut a = Annotation::new(doc, Anchor::from_text(text, CharRange::new(s, s + len)));
        a.tags.insert(tags[i % tags.len()]);
        if i % 3 == 0 {
            a.note = format!("Note {i}: this passage matters because of what it says about the war.");
        }
        p.apply(Project::add_annotation_edit(a)).expect("annotation");
    }
    p
}

fn bench_project_file(c: &mut Criterion) {
    let loaded = import::decode(&novel_bytes()).expect("text");
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [10_000, 100_000, 1_000_000] {
        let p = project_with(&loaded.text, &loaded.hash, n, 1);
        let path = dir.path().join(format!("p{n}.synoptic.ron"));
        project_file::save(&p, &path).expect("save");
        let mib = std::fs::metadata(&path).map_or(0, |m| m.len()) / (1024 * 1024);
        eprintln!("project file with {n} annotations: {mib} MiB");
        let mut g = c.benchmark_group(format!("project {n} annotations"));
        g.sample_size(10);
        g.bench_function("save", |b| b.iter(|| project_file::save_copy(black_box(&p), &path).expect("save")));
        g.bench_function("load", |b| b.iter(|| black_box(project_file::load(&path).expect("load"))));
        g.finish();
    }
}

fn bench_reanchor(c: &mut Criterion) {
    let loaded = import::decode(&novel_bytes()).expect("text");
    let base = project_with(&loaded.text, &loaded.hash, 10_000, 2);
    let mut rng = StdRng::seed_from_u64(3);
    let mut chars: Vec<char> = loaded.text.as_str().chars().collect();
    for _ in 0..50 {
        let at = rng.random_range(0..chars.len() - 100);
        let del = rng.random_range(0..60);
        let ins: String = (0..rng.random_range(0..60)).map(|_| rng.random_range(b'a'..=b'z') as char).collect();
        chars.splice(at..at + del, ins.chars());
    }
    let edited = import::decode(chars.into_iter().collect::<String>().as_bytes()).expect("text");
    let doc = base.documents().next().expect("doc").id;
    let mut g = c.benchmark_group("re-anchor");
    g.sample_size(10);
    g.bench_function("10k annotations after 50 edits to the novel", |b| {
        b.iter_batched(
            || base.clone(),
            |mut p| black_box(reanchor_document(&mut p, doc, &edited.text, &edited.hash)),
            criterion::BatchSize::LargeInput,
        );
    });
    g.finish();
}

criterion_group!(benches, bench_open, bench_project_file, bench_reanchor);
criterion_main!(benches);
