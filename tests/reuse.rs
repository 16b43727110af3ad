//! Shared-passage detection: the BBC ground truth (when the shared corpus is
//! present) and generated documents with planted quotes and edits.

mod common;

use std::fs;
use std::path::PathBuf;

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use synoptic::analysis::job::Control;
use synoptic::analysis::reuse::{ReuseSettings, SharedPassage, clusters, find_shared};
use synoptic::analysis::words::WordIndex;

/// (name such as "sport/012", article text, summary text), sorted by name.
fn bbc() -> Option<Vec<(String, String, String)>> {
    let dir = common::corpus()?.join("bbc");
    let mut out = Vec::new();
    let mut topics: Vec<PathBuf> =
        fs::read_dir(dir.join("article")).ok()?.filter_map(|e| Some(e.ok()?.path())).collect();
    topics.sort();
    for t in topics {
        let topic = t.file_name()?.to_str()?.to_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(&t).ok()?.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for f in files {
            let name = f.file_name()?.to_str()?.to_owned();
            let article = fs::read_to_string(&f).ok()?;
            let summary = fs::read_to_string(dir.join("summary").join(&topic).join(&name)).ok()?;
            out.push((format!("{topic}/{}", name.trim_end_matches(".txt")), article, summary));
        }
    }
    Some(out)
}

fn detect(texts: &[&str], settings: &ReuseSettings) -> Vec<SharedPassage> {
    let idx: Vec<WordIndex> = texts.iter().map(|t| WordIndex::words(t)).collect();
    let refs: Vec<&WordIndex> = idx.iter().collect();
    find_shared(&refs, settings, &Control::new()).expect("not cancelled")
}

fn chars(t: &str, r: synoptic::model::CharRange) -> String {
    t.chars().skip(r.start.0).take(r.len()).collect()
}

#[test]
fn bbc_summaries_are_found_in_their_articles_and_nowhere_else() {
    let Some(items) = bbc() else { return };
    assert_eq!(items.len(), 100, "100 articles");
    // Documents 0..100 are the articles, 100..200 the summaries.
    let texts: Vec<&str> = items.iter().map(|i| i.1.as_str()).chain(items.iter().map(|i| i.2.as_str())).collect();
    let found = detect(&texts, &ReuseSettings::default());
    let n = items.len();
    let dup = |x: usize| items[x].0 == "sport/012" || items[x].0 == "sport/020";

    // Recall: every summary line of 8+ words is covered, letter for letter,
    // by passages shared with its own article.
    let mut sentences = 0;
    for (i, item) in items.iter().enumerate() {
        let summary: Vec<char> = item.2.chars().collect();
        let mut covered = vec![false; summary.len()];
        for p in found.iter().filter(|p| p.a == i && p.b == n + i) {
            covered[p.b_range.start.0..p.b_range.end.0].iter_mut().for_each(|c| *c = true);
        }
        let mut at = 0;
        for line in item.2.split('\n') {
            let len = line.chars().count();
            if line.split_whitespace().count() >= 8 {
                sentences += 1;
                let missed = (at..at + len).any(|c| summary[c].is_alphanumeric() && !covered[c]);
                assert!(!missed, "{}: summary sentence not found in its article: {line}", item.0);
            }
            at += len + 1;
        }
    }
    assert_eq!(sentences, 710, "the corpus README counts 710 sentences of 8+ words");

    // Precision: passages between an article and another item's summary.
    // Six such passages exist, and all six are text that really is shared:
    // entertainment/007 and /013 report the same book award (one sentence
    // about the winner and one about a shortlisted writer appear in both),
    // sport/006 and /010 both name "the Norwich Union Grand Prix in
    // Birmingham", and sport/002 and /007 both name "the Bupa Great Ireland
    // Run on 9 April in Dublin". Each is listed when the test runs.
    let mut article_summary = 0_u32;
    let mut wrong = Vec::new();
    for p in &found {
        if p.a < n && p.b >= n {
            article_summary += 1;
            let (art, sum) = (p.a, p.b - n);
            if art != sum && !(dup(art) && dup(sum)) {
                wrong.push(format!("{} ~ summary {}: {:?}", items[art].0, items[sum].0, chars(texts[p.b], p.b_range)));
            }
        }
    }
    let precision = 1.0 - wrong.len() as f64 / f64::from(article_summary);
    eprintln!("article-summary passages: {article_summary}, unrelated: {}, precision {precision:.4}", wrong.len());
    for w in &wrong {
        eprintln!("  {w}");
    }
    assert!(precision >= 0.99, "precision {precision}: {wrong:?}");
    // The near-duplicate pair is a real shared passage and is found.
    let (a12, a20) = (
        items.iter().position(|i| i.0 == "sport/012").expect("sport/012"),
        items.iter().position(|i| i.0 == "sport/020").expect("sport/020"),
    );
    assert!(found.iter().any(|p| p.a == a12 && p.b == a20), "sport/012 and sport/020 share text");
}

const WORDS: &[&str] = &[
    "river", "council", "budget", "morning", "station", "report", "minister", "harbour", "storm", "school", "market",
    "bridge", "village", "doctor", "letter", "winter", "factory", "garden", "vote", "train", "signal", "museum",
    "island", "farmer", "engine", "court", "paper", "window", "forest", "mayor", "crowd", "police", "street",
    "evening", "price", "holiday", "weather", "station", "tower", "market", "cloud", "silver", "north", "south",
    "east", "west", "yellow", "quiet", "loud", "early", "late", "green", "stone", "glass", "water", "fire",
];

fn prose(rng: &mut StdRng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        s.push_str(WORDS.choose(rng).expect("words"));
        s.push(if i % 13 == 12 { '.' } else { ' ' });
        if i % 13 == 12 {
            s.push(' ');
        }
    }
    s
}

#[test]
fn planted_quotes_with_edits_are_found_and_nothing_else() {
    let mut rng = StdRng::seed_from_u64(7);
    // Quotes of 12–30 words, planted in both texts; half get one word changed
    // or their case and punctuation altered in the second.
    let mut a = prose(&mut rng, 300);
    let mut b = prose(&mut rng, 300);
    let mut planted = Vec::new();
    for q in 0..20 {
        let len = rng.random_range(12..30);
        let quote: Vec<String> = (0..len).map(|i| format!("quote{q}w{i}")).collect();
        let original = quote.join(" ");
        let copy = match q % 3 {
            0 => original.clone(),
            1 => {
                let mut v = quote.clone();
                v[len / 2] = "changed".into();
                v.join(" ")
            }
            _ => original.to_uppercase().replace(' ', ", "),
        };
        a.push(' ');
        a.push_str(&original);
        a.push_str(". ");
        a.push_str(&prose(&mut rng, 40));
        b.push_str(" \"");
        b.push_str(&copy);
        b.push_str("\" ");
        b.push_str(&prose(&mut rng, 55));
        planted.push(original);
    }
    let found = detect(&[&a, &b], &ReuseSettings { max_docs: 2, ..ReuseSettings::default() });
    for q in &planted {
        let hit = found.iter().any(|p| chars(&a, p.a_range).contains(q.as_str()));
        assert!(hit, "planted quote found whole: {q}");
    }
    for p in &found {
        let text = chars(&a, p.a_range);
        assert!(text.contains("quote"), "only planted text is reported: {text}");
    }
    assert_eq!(clusters(&found).len(), found.len(), "each pair passage is its own cluster");
}
