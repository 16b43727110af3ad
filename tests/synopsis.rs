//! The synopsis alignment scored on generated versions of real articles
//! (tests/fixtures/versions.rs): over pairs of sentences in different
//! versions, precision and recall of "in one row" against "carry the same
//! original sentence", and no sentence of another article put in a row
//! with anything. `SHOW_MISSES=1` prints each pair scored wrong.

mod common;

#[path = "fixtures/versions.rs"]
mod versions;

use std::path::Path;

use synoptic::analysis::job::Control;
use synoptic::analysis::synopsis::{self, Options};

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    foreign_joined: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }

    /// Print the figures under `what`, and hold them to the bar:
    /// precision and recall at least 0.95, no added sentence in a row with
    /// another.
    fn report(&self, what: &str) {
        let (p, r) = (self.precision(), self.recall());
        let pairs = self.tp + self.fn_;
        eprintln!(
            "{what}: precision {p:.3}, recall {r:.3} ({pairs} pairs), foreign sentences joined {}",
            self.foreign_joined
        );
        assert!(p >= 0.95 && r >= 0.95, "{what}: precision {p} recall {r}");
        assert_eq!(self.foreign_joined, 0, "{what}");
    }
}

/// The root of `x` in a union-find forest.
fn find(root: &mut [usize], x: usize) -> usize {
    let mut x = x;
    while root[x] != x {
        root[x] = root[root[x]];
        x = root[x];
    }
    x
}

/// Align `count` versions of `original` and add the outcome to `score`.
fn score_article(original: &str, foreign: &str, count: usize, seed: u64, score: &mut Score) {
    let paras = versions::paragraphs(original);
    let total: usize = paras.iter().map(Vec::len).sum();
    let foreign: Vec<String> = versions::paragraphs(foreign).into_iter().flatten().skip(1).collect();
    let versions = versions::versions(&paras, &foreign, count, seed);
    let texts: Vec<&str> = versions.iter().map(|v| v.text.as_str()).collect();
    let syn = synopsis::align(&texts, &Options::default(), &Control::new()).expect("aligned");
    // The original sentences each found sentence carries: those of the
    // generated sentence it overlaps most.
    let origins: Vec<Vec<Vec<usize>>> = versions
        .iter()
        .zip(&syn.sentences)
        .map(|(v, found)| {
            let chars: Vec<(usize, char)> = v.text.char_indices().collect();
            let b = |c: usize| chars.get(c).map_or(v.text.len(), |x| x.0);
            found
                .iter()
                .map(|s| {
                    let (x, y) = (b(s.range.start.0), b(s.range.end.0));
                    v.sentences
                        .iter()
                        .max_by_key(|(r, _)| r.end.min(y).saturating_sub(r.start.max(x)))
                        .map(|(_, o)| o.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    // A version that merged two sentences puts both in one row, so two
    // sentences that carry different originals some version merged may or
    // may not share a row: such pairs are left out of the score.
    let mut root: Vec<usize> = (0..total + 100_000).collect();
    for v in &versions {
        for (_, o) in &v.sentences {
            for w in o.windows(2) {
                let (a, b) = (find(&mut root, w[0]), find(&mut root, w[1]));
                root[a] = b;
            }
        }
    }
    let roots: Vec<Vec<Vec<usize>>> =
        origins.iter().map(|d| d.iter().map(|o| o.iter().map(|x| find(&mut root, *x)).collect()).collect()).collect();
    let mut row_of: Vec<Vec<usize>> = syn.sentences.iter().map(|d| vec![usize::MAX; d.len()]).collect();
    for (r, row) in syn.rows.iter().enumerate() {
        for (d, cell) in row.cells.iter().enumerate() {
            for i in cell {
                row_of[d][*i] = r;
            }
        }
    }
    for (r, row) in syn.rows.iter().enumerate() {
        let foreign_here =
            row.cells.iter().enumerate().any(|(d, c)| c.iter().any(|i| origins[d][*i].iter().any(|o| *o >= total)));
        if foreign_here && row.width() > 1 {
            score.foreign_joined += 1;
            eprintln!("a foreign sentence joined row {r}");
        }
    }
    let n = texts.len();
    for a in 0..n {
        for b in a + 1..n {
            for (i, oi) in origins[a].iter().enumerate() {
                for (j, oj) in origins[b].iter().enumerate() {
                    let truth = oi.iter().any(|o| oj.contains(o));
                    if !truth && roots[a][i].iter().any(|o| roots[b][j].contains(o)) {
                        continue;
                    }
                    let predicted = row_of[a][i] == row_of[b][j];
                    if truth != predicted && std::env::var_os("SHOW_MISSES").is_some() {
                        let show = |d: usize, k: usize| {
                            let t = &versions[d].text;
                            let chars: Vec<(usize, char)> = t.char_indices().collect();
                            let r = syn.sentences[d][k].range;
                            let at = |c: usize| chars.get(c).map_or(t.len(), |x| x.0);
                            t[at(r.start.0)..at(r.end.0)].to_owned()
                        };
                        let what = if truth { "missed" } else { "wrongly joined" };
                        eprintln!("{what} {oi:?} {oj:?}\n  {}\n  {}", show(a, i), show(b, j));
                    }
                    match (truth, predicted) {
                        (true, true) => score.tp += 1,
                        (false, true) => score.fp += 1,
                        (true, false) => score.fn_ += 1,
                        (false, false) => {}
                    }
                }
            }
        }
    }
}

#[test]
fn versions_of_the_demo_articles_align() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo");
    let names = ["gazette.txt", "wire-report.txt", "radio-north.txt"];
    let texts: Vec<String> = names.iter().map(|n| std::fs::read_to_string(demo.join(n)).expect("demo text")).collect();
    // The demo's articles tell one story: the sentences added come from an
    // unrelated one.
    let foreign = "Chess club results\n\nThe winter tournament ended with a draw between the two leaders. \
                   Anna Kovac played the Sicilian defence in all seven rounds. \
                   Her opponent offered a draw after forty moves. \
                   The junior section was won by a twelve-year-old from Leeds. \
                   Organisers thanked the library for the use of its hall. \
                   The spring tournament starts in April with a rapid round. \
                   Entry forms are available from the club secretary. \
                   Last year's champion did not defend his title.";
    let mut score = Score::default();
    for t in &texts {
        for seed in 0..4 {
            score_article(t, foreign, 5, seed, &mut score);
        }
    }
    score.report("demo versions");
}

#[test]
fn versions_of_bbc_articles_align() {
    let Some(corpus) = common::corpus() else { return };
    let dir = corpus.join("bbc/article");
    let mut files: Vec<_> = ["business", "politics", "tech", "sport", "entertainment"]
        .iter()
        .flat_map(|c| (1..=8).map(|k| dir.join(c).join(format!("{k:03}.txt"))).collect::<Vec<_>>())
        .filter(|p| p.exists())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the BBC articles are in the corpus");
    let texts: Vec<String> = files.iter().map(|p| std::fs::read_to_string(p).expect("article")).collect();
    let mut score = Score::default();
    for (k, t) in texts.iter().enumerate() {
        score_article(t, &texts[(k + 7) % texts.len()], 5, k as u64, &mut score);
    }
    score.report(&format!("BBC versions ({} articles × 5)", texts.len()));
}

/// Twenty versions of one story (a wire story picked up by twenty
/// outlets): rows must not fall apart as versions are added.
#[test]
fn twenty_versions_of_bbc_articles_align() {
    let Some(corpus) = common::corpus() else { return };
    let dir = corpus.join("bbc/article");
    let files: Vec<_> = ["business", "politics", "tech", "sport", "entertainment"]
        .iter()
        .flat_map(|c| (1..=2).map(|k| dir.join(c).join(format!("{k:03}.txt"))).collect::<Vec<_>>())
        .filter(|p| p.exists())
        .collect();
    assert!(files.len() >= 8, "the BBC articles are in the corpus");
    let texts: Vec<String> = files.iter().map(|p| std::fs::read_to_string(p).expect("article")).collect();
    let mut score = Score::default();
    for (k, t) in texts.iter().enumerate() {
        score_article(t, &texts[(k + 3) % texts.len()], 20, 100 + k as u64, &mut score);
    }
    score.report(&format!("BBC versions ({} articles × 20)", texts.len()));
}

/// A hard-wrapped book beside a copy with a name changed throughout and
/// 200 lines cut: sentences run across the wrapped lines, and nearly every
/// sentence of the copy stands beside its original.
#[test]
fn a_book_beside_an_edited_copy_aligns_nearly_whole() {
    let Some(corpus) = common::corpus() else { return };
    let book = synoptic::io::import::load_text(
        &corpus.join("war-and-peace-pg2600.txt"),
        synoptic::io::import::ImportOptions::default(),
    )
    .expect("the novel");
    let whole = book.text.as_str().to_owned();
    let lines: Vec<&str> = whole.lines().collect();
    let mut kept: Vec<&str> = lines[..100].to_vec();
    kept.extend_from_slice(&lines[300..]);
    let copy = kept.join("\n").replace("Pierre", "Piotr");
    let syn = synopsis::align(&[&whole, &copy], &Options::default(), &Control::new()).expect("aligned");
    let alone: usize =
        syn.rows.iter().filter(|r| r.width() == 1 && !r.cells[1].is_empty()).map(|r| r.cells[1].len()).sum();
    let total = syn.sentences[1].len();
    eprintln!("the novel's edited copy: {alone} of {total} sentences alone");
    assert!(alone * 100 <= total, "{alone} of {total} sentences of the copy found nothing");
    // A sentence wrapped over two lines is one sentence.
    let first = syn.sentences[0].iter().map(|s| book.text.slice(s.range)).find(|s| s.starts_with("“Well, Prince"));
    assert!(first.is_some_and(|s| s.contains("Buonapartes.")), "{first:?}");
}

/// What the issue calls bad input: one document, two identical ones, fifty,
/// 10,000 words without a full stop, and documents in other scripts.
#[test]
fn odd_inputs_align_without_harm() {
    let none = Control::new();
    let one = synopsis::align(&["A single text. With two sentences."], &Options::default(), &none).expect("one");
    assert_eq!(one.rows.len(), 2, "one document: a row per sentence");
    let text = "The bridge closed on Monday. Engineers found corrosion in its cables. It may reopen in May.";
    let same = synopsis::align(&[text, text], &Options::default(), &none).expect("two");
    assert!(same.rows.iter().all(|r| r.width() == 2), "identical documents share every row");
    let fifty: Vec<String> =
        (0..50).map(|i| format!("{text} Alpha{i} beta{i} gamma{i} delta{i} epsilon{i}.")).collect();
    let refs: Vec<&str> = fifty.iter().map(String::as_str).collect();
    let wide = synopsis::align(&refs, &Options::default(), &none).expect("fifty");
    assert_eq!(wide.rows.iter().filter(|r| r.width() == 50).count(), 3, "the shared sentences in three rows");
    assert_eq!(wide.rows.iter().filter(|r| r.width() == 1).count(), 50, "each outlet's own line alone");
    let run_on = (0..10_000).fold(String::new(), |mut s, i| {
        s.push_str("word");
        s.push_str(&(i % 997).to_string());
        s.push(' ');
        s
    });
    let long = synopsis::align(&[&run_on, &run_on], &Options::default(), &none).expect("no stops");
    let cut = &long.sentences[0];
    assert!(cut.len() >= 10_000 / synopsis::MAX_WORDS, "cut into runs: {}", cut.len());
    assert!(long.rows.iter().all(|r| r.width() == 2), "and each run beside its copy");
    let scripts = [
        "Le pont a fermé lundi. Les ingénieurs ont trouvé de la corrosion.",
        "أغلق الجسر يوم الاثنين. وجد المهندسون تآكلاً في الكابلات.",
        "הגשר נסגר ביום שני. המהנדסים מצאו קורוזיה בכבלים.",
        "桥周一关闭。工程师发现电缆腐蚀。",
    ];
    let mixed = synopsis::align(&scripts, &Options::default(), &none).expect("scripts");
    for (d, s) in mixed.sentences.iter().enumerate() {
        assert!(!s.is_empty(), "document {d} has sentences");
    }
    assert!(mixed.rows.iter().all(|r| r.width() == 1), "different languages share no words, so no row");
}
