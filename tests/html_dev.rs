//! Article extraction quality on the 40 real pages of
//! `../shared/corpus/html-dev` (skipped with a message when absent): body
//! text token precision, recall and F1 against `expected.txt`, and title
//! exact matches against `meta.json`, as that folder's README suggests.
//! Run with `--nocapture` to see the per-page table.

mod common;

use std::collections::HashMap;

use synoptic::io::import::{ImportOptions, import_file};

/// Pages written without spaces between words: scored per character.
const CJK: [&str; 3] = ["gmw", "qq", "yahoo-4"];

fn tokens(s: &str, per_char: bool) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    if per_char {
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c.to_string()).or_default() += 1;
        }
    } else {
        for t in s.split_whitespace() {
            *m.entry(t.to_lowercase()).or_default() += 1;
        }
    }
    m
}

/// Precision, recall and F1 of the token multisets.
fn score(got: &str, expected: &str, per_char: bool) -> (f64, f64, f64) {
    let (g, e) = (tokens(got, per_char), tokens(expected, per_char));
    let (ng, ne): (usize, usize) = (g.values().sum(), e.values().sum());
    let overlap: usize = g.iter().map(|(k, v)| (*v).min(e.get(k).copied().unwrap_or(0))).sum();
    let p = if ng == 0 { 0.0 } else { overlap as f64 / ng as f64 };
    let r = if ne == 0 { 0.0 } else { overlap as f64 / ne as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn scoring_counts_overlap() {
    let (p, r, f) = score("a b b c", "a b c d", false);
    assert!((p - 0.75).abs() < 1e-9 && (r - 0.75).abs() < 1e-9 && (f - 0.75).abs() < 1e-9, "{p} {r} {f}");
    assert!(score("", "a", false).2 < 1e-12, "nothing extracted scores 0");
}

#[test]
fn html_dev_articles_are_extracted_faithfully() {
    let Some(corpus) = common::corpus() else { return };
    let dir = corpus.join("html-dev");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("html-dev")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("page.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 40, "the 40 pages");
    let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
    let mut titles = 0;
    let mut worst = (f64::MAX, String::new());
    for name in &pages {
        let p = dir.join(name);
        let imp = import_file(&p.join("page.html"), ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = std::fs::read_to_string(p.join("expected.txt")).expect("expected");
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("meta.json")).expect("meta")).expect("json");
        let (pr, re, f1) = score(imp.loaded.text.as_str(), &expected, CJK.contains(&name.as_str()));
        // The expected titles are the pages' own, site name and all; ours
        // leave out what the site adds after the headline ("… – Firefox
        // Nightly News", "…_探索者_光明网"), so the headline before such a
        // separator counts as the same title.
        let (ours, theirs) = (collapse(&imp.meta.title), collapse(meta["title"].as_str().unwrap_or_default()));
        let title_ok = ours == theirs
            || (!ours.is_empty()
                && theirs.strip_prefix(ours.as_str()).is_some_and(|rest| {
                    ["|", "–", "—", "-", "_", "·", "»", "::"].iter().any(|s| rest.trim_start().starts_with(s))
                }));
        titles += usize::from(title_ok);
        println!("{name:28} P {pr:.3} R {re:.3} F1 {f1:.3} title {}", if title_ok { "ok" } else { "differs" });
        (sp, sr, sf) = (sp + pr, sr + re, sf + f1);
        if f1 < worst.0 {
            worst = (f1, name.clone());
        }
    }
    let n = pages.len() as f64;
    println!(
        "mean P {:.4} R {:.4} F1 {:.4}; worst {} ({:.3}); titles exact {titles}/{}",
        sp / n,
        sr / n,
        sf / n,
        worst.1,
        worst.0,
        pages.len()
    );
    // The expected texts are Readability's own output, captions, bylines,
    // share buttons, datelines and related links included: taking that
    // furniture out (see `io::import::furniture`) costs about 1% here, and
    // every token missing is such furniture (precision is 1.000). Measured:
    // 0.9899 once the qq page's share button and dateline went.
    assert!(sf / n >= 0.989, "mean F1 {:.4} below 0.989", sf / n);
    assert!(worst.0 >= 0.8, "worst page {} at {:.3}", worst.1, worst.0);
    assert!(titles >= 36, "titles exact on {titles}/40");
}

#[test]
fn a_page_declaring_the_wrong_charset_is_read_as_utf8() {
    let Some(corpus) = common::corpus() else { return };
    let imp = import_file(&corpus.join("html-dev/qq/page.html"), ImportOptions::default()).expect("qq");
    assert!(!imp.loaded.text.as_str().contains('\u{fffd}'), "no replacement characters");
    assert!(imp.notes.iter().any(|n| n.contains("UTF-8")), "the user is told: {:?}", imp.notes);
    let bom = import_file(&corpus.join("html-dev/la-nacion/page.html"), ImportOptions::default()).expect("la-nacion");
    assert!(!bom.loaded.text.as_str().starts_with('\u{feff}'), "BOM dropped");
}

#[test]
fn html_dev_dates_are_stored_as_iso_8601() {
    use synoptic::analysis::dates::{Normalized, normalize};
    let Some(corpus) = common::corpus() else { return };
    let dir = corpus.join("html-dev");
    let (mut dated, mut pages) = (0, 0);
    for entry in std::fs::read_dir(&dir).expect("html-dev").filter_map(Result::ok) {
        let page = entry.path().join("page.html");
        if !page.is_file() {
            continue;
        }
        pages += 1;
        let name = entry.file_name().to_string_lossy().into_owned();
        let imp = import_file(&page, ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path().join("meta.json")).expect("meta"))
                .expect("json");
        // What the page gives, as Readability read it, written as ISO 8601.
        let expected = match normalize(meta["publishedTime"].as_str().unwrap_or_default()) {
            Normalized::Iso(iso) => iso,
            Normalized::Absent => String::new(),
            Normalized::Unreadable => panic!("{name}: meta.json's date {} is unreadable", meta["publishedTime"]),
        };
        // Readability's date where it found one; where it found none, a
        // date we find elsewhere (schema.org microdata, the byline) must be
        // ISO 8601 too.
        if expected.is_empty() {
            assert!(
                imp.meta.date.is_empty()
                    || matches!(normalize(&imp.meta.date), Normalized::Iso(ref d) if *d == imp.meta.date),
                "{name}: {}",
                imp.meta.date
            );
        } else {
            assert_eq!(imp.meta.date, expected, "{name}");
        }
        assert!(!imp.notes.iter().any(|n| n.contains("could not be read as a date")), "{name}: {:?}", imp.notes);
        dated += usize::from(!imp.meta.date.is_empty());
    }
    println!("{dated} of {pages} pages dated, all in ISO 8601");
    assert!(dated > 0 && pages == 40, "{dated} dated of {pages}");
}
