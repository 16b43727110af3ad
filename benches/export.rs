//! Export and REFI-QDA import of 10,000 passages on the 3.2 MB novel: each
//! format rendered in memory, and the `.qdpx` read back into a new project.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::io::export::{self, Format, Options, refi_import};
use synoptic::model::{
    Anchor, Annotation, CharRange, DocId, Document, Edit, Link, Memo, Project, Rgb, SourceText, Tag,
};

fn novel() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace-pg2600.txt");
    if let Ok(bytes) = std::fs::read(&p) {
        return encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned().replace("\r\n", "\n");
    }
    eprintln!("corpus absent: using a generated text");
    "\u{201c}Well, Prince, so Genoa and Lucca are now just family estates,\u{201d} said Hélène.\n\n".repeat(40_000)
}

/// The novel with 20 tags (some nested), 10,000 passages (a third with
/// notes), 200 links and 20 memos.
fn project() -> (Project, SourceText) {
    let text = SourceText::new(novel());
    let mut d = Document::new("war-and-peace.txt");
    d.meta.title = "War and Peace".into();
    d.meta.source = "Project Gutenberg".into();
    d.meta.date = "2001-04-01".into();
    d.char_len = text.char_len();
    let doc = d.id;
    let mut edits = vec![Project::add_document_edit(d)];
    let mut tags: Vec<Tag> = Vec::new();
    for i in 0..20 {
        let mut t = Tag::new(format!("code {i}"), Rgb::palette(i));
        if i >= 10 {
            t.parent = Some(tags[i - 10].id);
        }
        t.description = Some(format!("What code {i} means"));
        tags.push(t);
    }
    edits.extend(tags.iter().cloned().map(Project::add_tag_edit));
    let mut rng = StdRng::seed_from_u64(3);
    let mut ids = Vec::new();
    for i in 0..10_000 {
        let s = rng.random_range(0..text.char_len() - 700);
        let mut a = Annotation::new(doc, Anchor::from_text(&text, CharRange::new(s, s + rng.random_range(20..600))));
        a.tags.insert(tags[i % tags.len()].id);
        if i % 3 == 0 {
            a.note = format!("Note {i}: <check> this against the other translation, \"closely\".");
        }
        ids.push(a.id);
        edits.push(Project::add_annotation_edit(a));
    }
    for i in 0..200 {
        let l = Link::new(ids[i], ids[i + 1], "quotes");
        edits.push(Edit::Link { id: l.id, value: Some(Box::new(l)) });
    }
    for i in 0..20 {
        edits.push(Project::add_memo_edit(Memo::new(format!("Memo {i}"), "Some thoughts.\n\nMore thoughts.")));
    }
    let mut p = Project::new();
    p.apply(Edit::Batch(edits)).expect("valid");
    (p, text)
}

fn bench_export(c: &mut Criterion) {
    let (p, text) = project();
    let doc: DocId = p.documents().next().expect("doc").id;
    let text_of = |d: DocId| (d == doc).then_some(&text);
    let mut g = c.benchmark_group("export 10k passages on the novel");
    g.sample_size(10);
    for format in Format::ALL {
        let opts = Options::new(format, "War and Peace");
        let size: usize = export::render(&p, &text_of, &opts).expect("export").iter().map(|(_, b)| b.len()).sum();
        eprintln!("{format:?}: {size} bytes");
        g.bench_function(format!("{format:?}"), |b| {
            b.iter(|| black_box(export::render(&p, &text_of, &opts).expect("export")));
        });
    }
    let qdpx = export::render(&p, &text_of, &Options::new(Format::Qdpx, "War and Peace")).expect("qdpx").remove(0).1;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut n = 0;
    g.bench_function("import that .qdpx", |b| {
        b.iter(|| {
            n += 1;
            let out = dir.path().join(format!("{n}/back.synoptic.ron"));
            let back = refi_import::import_qdpx_bytes(&qdpx, &out).expect("import");
            assert_eq!(back.project.annotations().count(), 10_000, "every passage back");
            black_box(back)
        });
    });
    g.finish();
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
