//! Comparative-reading benchmarks: shared passages among the 200 BBC texts,
//! between two halves of the novel with 200 planted passages, and a
//! word-level compare of two 100 KB versions; synopses of 10 short and 20
//! long versions.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::analysis::job::Control;
use synoptic::analysis::reuse::{ReuseSettings, find_shared};
use synoptic::analysis::words::WordIndex;
use synoptic::analysis::{align, synopsis};
use synoptic::io::import;

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The novel's text (decoded), or a generated stand-in of the same size.
fn novel() -> String {
    if let Ok(l) = import::load_text(&corpus().join("war-and-peace-pg2600.txt"), import::ImportOptions::default()) {
        l.text.as_str().to_owned()
    } else {
        eprintln!("corpus absent: using a generated text");
        let mut rng = StdRng::seed_from_u64(1);
        let words = ["prince", "said", "the", "war", "of", "Pierre", "Natasha", "and", "to", "his", "her", "army"];
        let mut s = String::new();
        while s.len() < 3_200_000 {
            s.push_str(words[rng.random_range(0..words.len())]);
            s.push(if rng.random_ratio(1, 80) { '\n' } else { ' ' });
        }
        s
    }
}

fn bench_bbc(c: &mut Criterion) {
    let dir = corpus().join("bbc");
    let mut texts = Vec::new();
    for kind in ["article", "summary"] {
        let Ok(topics) = std::fs::read_dir(dir.join(kind)) else {
            eprintln!("corpus absent: skipping the BBC benchmark");
            return;
        };
        for t in topics.flatten() {
            for f in std::fs::read_dir(t.path()).into_iter().flatten().flatten() {
                texts.push(std::fs::read_to_string(f.path()).expect("read"));
            }
        }
    }
    let control = Control::new();
    c.bench_function("shared passages, 200 BBC texts (index + detect + cluster)", |b| {
        b.iter(|| {
            let idx: Vec<WordIndex> = texts.iter().map(|t| WordIndex::words(t)).collect();
            let refs: Vec<&WordIndex> = idx.iter().collect();
            let p = find_shared(&refs, &ReuseSettings::default(), &control).expect("run");
            black_box(synoptic::analysis::reuse::clusters(&p))
        });
    });
}

fn bench_novel_halves(c: &mut Criterion) {
    let text = novel();
    let chars: Vec<char> = text.chars().collect();
    let half = chars.len() / 2;
    let first: String = chars[..half].iter().collect();
    let mut second: String = chars[half..].iter().collect();
    // Plant 200 passages of 15–60 words from the first half in the second.
    let mut rng = StdRng::seed_from_u64(9);
    let first_words: Vec<&str> = first.split(' ').collect();
    let mut planted = Vec::new();
    for _ in 0..200 {
        let len = rng.random_range(15..60);
        let at = rng.random_range(0..first_words.len() - len);
        let passage = first_words[at..at + len].join(" ");
        let mut pos = rng.random_range(0..second.len());
        while !second.is_char_boundary(pos) {
            pos -= 1;
        }
        second.insert_str(pos, &format!(" {passage} "));
        planted.push(passage);
    }
    let control = Control::new();
    let settings = ReuseSettings::default();
    let ia = WordIndex::words(&first);
    let ib = WordIndex::words(&second);
    let found = find_shared(&[&ia, &ib], &settings, &control).expect("run");
    let second_chars: Vec<char> = second.chars().collect();
    let found_text: Vec<String> =
        found.iter().map(|p| second_chars[p.b_range.start.0..p.b_range.end.0].iter().collect()).collect();
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = planted
        .iter()
        .filter(|q| found_text.iter().any(|f| norm(f).contains(norm(q).trim_matches(|c: char| !c.is_alphanumeric()))))
        .count();
    eprintln!("novel halves: {} shared passages found; {whole} of 200 planted found whole", found.len());
    c.bench_function("shared passages, two 1.5 MB halves of the novel, 200 planted (index + detect)", |b| {
        b.iter(|| {
            let ia = WordIndex::words(&first);
            let ib = WordIndex::words(&second);
            black_box(find_shared(&[&ia, &ib], &settings, &control).expect("run"))
        });
    });
    c.bench_function("shared passages, two halves of the novel (detect, indexes built)", |b| {
        b.iter(|| black_box(find_shared(&[&ia, &ib], &settings, &control).expect("run")));
    });
}

fn bench_compare(c: &mut Criterion) {
    let text = novel();
    let mut end = 100_000.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let old = &text[..end];
    // A revision: 60 words changed, a paragraph moved, one inserted.
    let mut rng = StdRng::seed_from_u64(3);
    let mut words: Vec<String> = old.split(' ').map(str::to_owned).collect();
    for _ in 0..60 {
        let i = rng.random_range(0..words.len());
        words[i] = "REVISED".into();
    }
    let mut new = words.join(" ");
    let paras: Vec<&str> = old.split("\n\n").collect();
    if paras.len() > 20 {
        new = new.replacen(paras[10], "", 1);
        new.push_str("\n\n");
        new.push_str(paras[10]);
    }
    new.insert_str(new.len() / 2, "\n\nAn inserted paragraph of a few words for the benchmark.\n\n");
    let control = Control::new();
    c.bench_function("compare two 100 KB versions word by word (index + diff + rows)", |b| {
        b.iter(|| {
            let a = WordIndex::exact(old);
            let b2 = WordIndex::exact(&new);
            black_box(align::compare(&a, &b2, &control).expect("run"))
        });
    });
}

/// `n` versions of `words` words of the novel: each with some words
/// changed, a few sentences dropped and a paragraph moved.
fn versions_of_novel(n: usize, words: usize, seed: u64) -> Vec<String> {
    let text = novel();
    let mut end = 0;
    for (count, (i, _)) in text.match_indices(' ').enumerate() {
        if count >= words {
            end = i;
            break;
        }
    }
    let base = &text[text.len() / 3..text.len() / 3 + end];
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let mut paras: Vec<String> = base
                .split("\n\n")
                .map(|p| {
                    let mut kept = Vec::new();
                    for s in p.split(". ") {
                        if rng.random_ratio(1, 15) {
                            continue;
                        }
                        let mut w: Vec<&str> = s.split(' ').collect();
                        if !w.is_empty() && rng.random_ratio(1, 4) {
                            let k = rng.random_range(0..w.len());
                            w[k] = "changed";
                        }
                        kept.push(w.join(" "));
                    }
                    kept.join(". ")
                })
                .collect();
            if paras.len() > 4 {
                let p = paras.remove(rng.random_range(1..paras.len()));
                let to = rng.random_range(1..paras.len());
                paras.insert(to, p);
            }
            paras.join("\n\n")
        })
        .collect()
}

fn bench_synopsis(c: &mut Criterion) {
    let control = Control::new();
    let options = synopsis::Options::default();
    let ten = versions_of_novel(10, 1_000, 5);
    let refs: Vec<&str> = ten.iter().map(String::as_str).collect();
    c.bench_function("synopsis of 10 versions of a 1,000-word article", |b| {
        b.iter(|| black_box(synopsis::align(&refs, &options, &control).expect("run")));
    });
    let twenty = versions_of_novel(20, 50_000, 6);
    let refs: Vec<&str> = twenty.iter().map(String::as_str).collect();
    let mut g = c.benchmark_group("synopsis large");
    g.sample_size(10);
    g.bench_function("synopsis of 20 versions of 50,000 words", |b| {
        b.iter(|| black_box(synopsis::align(&refs, &options, &control).expect("run")));
    });
    // The whole novel beside a copy with a name changed throughout and 200
    // lines cut near its start: alignment, then each row's differences
    // (what the app does before showing the view).
    let whole = novel();
    let cut: String = {
        let lines: Vec<&str> = whole.lines().collect();
        let mut kept: Vec<&str> = lines[..100].to_vec();
        kept.extend_from_slice(&lines[300.min(lines.len())..]);
        kept.join("\n").replace("Pierre", "Piotr")
    };
    let refs = [whole.as_str(), cut.as_str()];
    g.bench_function("synopsis of the novel and an edited copy, with differences", |b| {
        b.iter(|| {
            let syn = synopsis::align(&refs, &options, &control).expect("run");
            black_box(synopsis::row_differences(&syn, &refs, 0, &control).expect("run"))
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_bbc, bench_novel_halves, bench_compare, bench_synopsis
}
criterion_main!(benches);
