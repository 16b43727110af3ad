//! Which two documents a user most likely wants to compare: two versions of
//! one document (fetched from one address, or one title), else the two
//! whose texts share the most word sequences.

use std::collections::HashSet;

use super::words::WordIndex;
use crate::model::DocId;

/// What the pairing looks at for one document.
pub struct Candidate<'a> {
    /// The document.
    pub doc: DocId,
    /// Its title.
    pub title: &'a str,
    /// The address it was fetched from (empty for files).
    pub url: &'a str,
    /// Its text (only the start is read).
    pub text: &'a str,
}

/// Chars of each text read for the similarity (a book is judged by its
/// first pages: enough to tell versions from strangers, cheap on the UI
/// thread).
const READ: usize = 200_000;

/// Words in one shingle.
const SHINGLE: usize = 4;

/// The hashed word shingles of the start of `text`.
fn shingles(text: &str) -> HashSet<u64> {
    let end = text.char_indices().nth(READ).map_or(text.len(), |(i, _)| i);
    let idx = WordIndex::words(&text[..end]);
    let hashes: Vec<u64> = idx.tokens().iter().map(|t| t.hash).collect();
    hashes
        .windows(SHINGLE)
        .map(|w| w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, x| (h ^ x).wrapping_mul(0x0100_0000_01b3)))
        .collect()
}

/// Jaccard similarity of two shingle sets (0 … 1).
fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let common = a.intersection(b).count();
    let all = a.len() + b.len() - common;
    #[allow(clippy::cast_precision_loss)] // shares of set sizes
    if all == 0 { 0.0 } else { common as f64 / all as f64 }
}

/// The likely pair among `docs`, in the order given (earlier first): the
/// first two versions of one page or one title, else the two most similar
/// texts. `None` with fewer than two documents.
pub fn likely_pair(docs: &[Candidate<'_>]) -> Option<(DocId, DocId)> {
    if docs.len() < 2 {
        return None;
    }
    for (i, a) in docs.iter().enumerate() {
        for b in &docs[i + 1..] {
            let same_page = !a.url.is_empty() && a.url == b.url;
            let same_title = !a.title.trim().is_empty() && a.title.trim() == b.title.trim();
            if same_page || same_title {
                return Some((a.doc, b.doc));
            }
        }
    }
    let sets: Vec<HashSet<u64>> = docs.iter().map(|d| shingles(d.text)).collect();
    let mut best = (f64::MIN, 0, 1);
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let s = jaccard(&sets[i], &sets[j]);
            if s > best.0 {
                best = (s, i, j);
            }
        }
    }
    Some((docs[best.1].doc, docs[best.2].doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<DocId> {
        (0..n).map(|_| DocId::new()).collect()
    }

    #[test]
    fn versions_of_one_page_or_title_come_first() {
        let d = ids(3);
        let c = |i: usize, title, url, text| Candidate { doc: d[i], title, url, text };
        let docs = [
            c(0, "Ferry resumes", "https://a.example/1", "The ferry will run again on Monday."),
            c(1, "Bridge closed", "https://b.example/2", "The bridge is shut."),
            c(2, "Bridge closed (v2)", "https://b.example/2", "The bridge is shut for weeks."),
        ];
        assert_eq!(likely_pair(&docs), Some((d[1], d[2])), "one address");
        let docs = [c(0, "Ferry", "", "x y z"), c(1, "Bridge", "", "a b c"), c(2, "Ferry", "", "q r s")];
        assert_eq!(likely_pair(&docs), Some((d[0], d[2])), "one title");
    }

    #[test]
    fn otherwise_the_two_most_similar_texts() {
        let d = ids(3);
        let story =
            "the harbour master said the ferry will resume service on monday and passengers should expect delays";
        let edited = "the harbour master said on sunday the ferry will resume service on monday and passengers should expect long delays";
        let other = "the council voted to close the footbridge after inspectors found corroded cables under the deck";
        let docs = [
            Candidate { doc: d[0], title: "A", url: "", text: story },
            Candidate { doc: d[1], title: "B", url: "", text: other },
            Candidate { doc: d[2], title: "C", url: "", text: edited },
        ];
        assert_eq!(likely_pair(&docs), Some((d[0], d[2])));
        assert_eq!(likely_pair(&docs[..1]), None, "one document is no pair");
    }
}
