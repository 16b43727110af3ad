//! Search speed: 50 MB of text in 20 documents (the novel repeated, or a
//! generated stand-in), literal and regex, and the first page of hits in
//! the novel.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use synoptic::analysis::search::{Query, Searcher};
use synoptic::io::import;
use synoptic::model::SourceText;

/// The novel's text, or a generated stand-in of its size.
fn novel() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace-pg2600.txt");
    if let Ok(l) = import::load_text(&path, import::ImportOptions::default()) {
        return l.text.as_str().to_owned();
    }
    eprintln!("corpus absent: using a generated text");
    let words = ["prince", "said", "the", "war", "of", "Pierre", "Natásha", "and", "to", "his", "her", "army"];
    let mut s = String::new();
    let mut i = 7usize;
    while s.len() < 3_200_000 {
        i = i.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        s.push_str(words[(i >> 33) % words.len()]);
        s.push(if (i >> 20).is_multiple_of(80) { '\n' } else { ' ' });
    }
    s
}

/// 50 MB in 20 documents of 2.5 MB: each is the novel with its start
/// rotated a little (so no two are the same), cut to size.
fn corpus_20() -> Vec<SourceText> {
    let n = novel();
    let size = 50 * 1024 * 1024 / 20;
    (0..20)
        .map(|i| {
            let cut = n.floor_char_boundary(n.len() * i / 23);
            let mut t = String::with_capacity(n.len());
            t.push_str(&n[cut..]);
            t.push_str(&n[..cut]);
            t.truncate(t.floor_char_boundary(size));
            SourceText::new(t)
        })
        .collect()
}

fn bench(c: &mut Criterion, name: &str, docs: &[SourceText], q: &Query) {
    let s = Searcher::new(q).expect("compiles");
    c.bench_function(name, |b| {
        b.iter(|| {
            let total: usize = docs.iter().map(|d| s.find(d, 200, None).total).sum();
            black_box(total)
        });
    });
}

fn search(c: &mut Criterion) {
    let docs = corpus_20();
    let mb = docs.iter().map(|d| d.as_str().len()).sum::<usize>() >> 20;
    eprintln!("{mb} MB in {} documents", docs.len());
    let q = |p: &str| Query { pattern: p.into(), match_case: true, ..Query::default() };
    bench(c, &format!("search {mb} MB / literal Natasha"), &docs, &q("Natasha"));
    bench(c, &format!("search {mb} MB / literal, any case, the"), &docs, &Query { match_case: false, ..q("the") });
    bench(c, &format!("search {mb} MB / regex Nat\\w+a\\b"), &docs, &Query { regex: true, ..q(r"Nat\w+a\b") });
    bench(
        c,
        &format!("search {mb} MB / accents ignored, Helene"),
        &docs,
        &Query { ignore_accents: true, ..q("Helene") },
    );
    let one = &docs[..1];
    bench(c, "search the novel / first page of hits, 'prince'", one, &q("prince"));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = search
}
criterion_main!(benches);
