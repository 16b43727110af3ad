//! Titles that say what a document is. A text without a title of its own
//! is titled by its first line when that reads like a headline (short, no
//! final full stop), else by its file name; two documents whose titles come
//! out the same are told apart by as much of their folders as it takes
//! (`article/business/001.txt`, `summary/business/001.txt`). A title the
//! user wrote is never changed.

use std::collections::HashMap;

use crate::model::{DocId, Document, Edit, Project};

/// Longest first line taken as a headline, in chars.
const HEADLINE_CHARS: usize = 120;

/// The first non-empty line of `text`, when it reads like a headline: at
/// most 120 chars and 15 words, at least two words (or one long one), not
/// ending like a sentence (`.`, `,`, `;`, `:`).
pub fn headline(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let words = line.split_whitespace().count();
    let chars = line.chars().count();
    let ends_like_sentence = line.ends_with(['.', ',', ';', ':']) && !line.ends_with("...");
    let ok = chars <= HEADLINE_CHARS && words <= 15 && (words >= 2 || chars >= 8) && !ends_like_sentence;
    ok.then(|| line.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The file name of a `/`-separated path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// For each path, its shortest ending (whole `/`-separated components)
/// that no other path in `paths` shares.
pub fn unique_suffixes(paths: &[&str]) -> Vec<String> {
    let parts: Vec<Vec<&str>> = paths.iter().map(|p| p.split('/').filter(|s| !s.is_empty()).collect()).collect();
    let suffix = |i: usize, n: usize| -> String {
        let p = &parts[i];
        p[p.len().saturating_sub(n)..].join("/")
    };
    (0..parts.len())
        .map(|i| {
            let max = parts[i].len().max(1);
            (1..=max)
                .find(|&n| (0..parts.len()).all(|j| j == i || suffix(j, n.min(parts[j].len().max(1))) != suffix(i, n)))
                .map_or_else(|| paths[i].to_owned(), |n| suffix(i, n))
        })
        .collect()
}

/// Whether a title was made by Synoptic from the path (the file name, or
/// an ending of the path), so it may be made longer to tell documents apart.
pub fn is_path_title(d: &Document) -> bool {
    let t = d.meta.title.as_str();
    !t.is_empty() && (d.path == t || d.path.ends_with(&format!("/{t}")))
}

/// Edits that tell apart documents whose titles are the same: each one
/// titled from its path gets as much of its folders as makes it unique;
/// a headline title of a document just added (`fresh`; `None`: every
/// document) gets that ending in brackets. Other titles may be the user's
/// and are left as they are.
pub fn disambiguate(project: &Project, fresh: Option<&std::collections::BTreeSet<DocId>>) -> Vec<Edit> {
    let mut by_title: HashMap<&str, Vec<&Document>> = HashMap::new();
    for d in project.documents() {
        by_title.entry(d.meta.title.as_str()).or_default().push(d);
    }
    let is_fresh = |d: &Document| fresh.is_none_or(|f| f.contains(&d.id));
    let mut groups: Vec<&Vec<&Document>> = by_title.values().filter(|g| g.len() > 1).collect();
    if groups.is_empty() {
        return Vec::new();
    }
    groups.sort_by_key(|g| g[0].meta.title.as_str());
    // Titles in use, and those given here: a new title must not land on
    // another document's.
    let mut taken: std::collections::HashSet<String> = by_title.keys().map(|t| (*t).to_owned()).collect();
    let mut edits = Vec::new();
    for group in groups {
        if !group.iter().any(|d| is_path_title(d) || is_fresh(d)) {
            continue;
        }
        let paths: Vec<&str> = group.iter().map(|d| d.path.as_str()).collect();
        let names = unique_suffixes(&paths);
        for (d, name) in group.iter().zip(names) {
            let make = |ending: &str| {
                if is_path_title(d) { ending.to_owned() } else { format!("{} ({ending})", d.meta.title) }
            };
            if !is_path_title(d) && !is_fresh(d) {
                continue;
            }
            // The group's unique ending, longer while it is someone else's title.
            let parts: Vec<&str> = d.path.split('/').filter(|p| !p.is_empty()).collect();
            let start = name.split('/').count();
            let title = (start..=parts.len().max(start))
                .map(|n| make(&parts[parts.len().saturating_sub(n)..].join("/")))
                .find(|t| *t == d.meta.title || !taken.contains(t))
                .unwrap_or_else(|| make(&d.path));
            if title != d.meta.title
                && let Some(e) = project.update_document_edit(d.id, |x| x.meta.title.clone_from(&title))
            {
                taken.insert(title);
                edits.push(e);
            }
        }
    }
    edits
}

/// The title for a new plain-text document: its headline, else its file name.
pub fn title_for_text(path: &str, text: &str) -> String {
    headline(text).unwrap_or_else(|| file_name(path).to_owned())
}

/// The ids of documents whose title is not unique in the project.
pub fn clashing(project: &Project) -> Vec<DocId> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in project.documents() {
        *count.entry(d.meta.title.as_str()).or_default() += 1;
    }
    project.documents().filter(|d| count[d.meta.title.as_str()] > 1).map(|d| d.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_and_sentences() {
        assert_eq!(
            headline("Ad sales boost Time Warner profit\n\nQuarterly profits…").as_deref(),
            Some("Ad sales boost Time Warner profit")
        );
        assert_eq!(
            headline("\n\n  Bridge closure splits the town in two  \n").as_deref(),
            Some("Bridge closure splits the town in two")
        );
        assert_eq!(
            headline("TimeWarner said fourth quarter sales rose 2% to $11.1bn from $10.9bn.\nMore."),
            None,
            "a sentence"
        );
        assert_eq!(headline(&"word ".repeat(30)), None, "too long");
        assert_eq!(headline("Hi"), None, "too short to say anything");
        assert_eq!(headline("Is the bridge safe?").as_deref(), Some("Is the bridge safe?"), "a question is a headline");
        assert_eq!(headline(""), None);
    }

    #[test]
    fn shortest_unique_endings() {
        let paths =
            ["bbc/article/business/001.txt", "bbc/summary/business/001.txt", "bbc/article/sport/001.txt", "x/002.txt"];
        assert_eq!(
            unique_suffixes(&paths),
            ["article/business/001.txt", "summary/business/001.txt", "sport/001.txt", "002.txt"]
        );
        assert_eq!(unique_suffixes(&["a.txt", "a.txt"]), ["a.txt", "a.txt"], "identical paths stay as they are");
    }

    #[test]
    fn clashing_file_names_get_their_folders_and_user_titles_stay() {
        let mut p = Project::new();
        let mut edits = Vec::new();
        for path in ["article/business/001.txt", "summary/business/001.txt", "article/sport/001.txt"] {
            let d = Document::new(path);
            edits.push(Project::add_document_edit(d));
        }
        let mut mine = Document::new("notes/001.txt");
        mine.meta.title = "My own".into();
        edits.push(Project::add_document_edit(mine));
        p.apply(Edit::Batch(edits)).expect("docs");
        p.apply(Edit::Batch(disambiguate(&p, None))).expect("retitle");
        let mut titles: Vec<String> = p.documents().map(|d| d.meta.title.clone()).collect();
        titles.sort();
        assert_eq!(titles, ["My own", "article/business/001.txt", "sport/001.txt", "summary/business/001.txt"]);
        assert!(clashing(&p).is_empty());
    }

    #[test]
    fn the_same_headline_twice_gets_the_paths_of_the_new_ones_only() {
        let mut p = Project::new();
        let mut docs = Vec::new();
        for path in ["user/a.txt", "sport/012.txt", "sport/020.txt"] {
            let mut d = Document::new(path);
            d.meta.title = "Edwards tips Idowu for Euro gold".into();
            docs.push(d.id);
            p.apply(Project::add_document_edit(d)).expect("doc");
        }
        let fresh: std::collections::BTreeSet<DocId> = docs[1..].iter().copied().collect();
        p.apply(Edit::Batch(disambiguate(&p, Some(&fresh)))).expect("retitle");
        let title = |i: usize| p.document(docs[i]).expect("doc").meta.title.clone();
        assert_eq!(title(0), "Edwards tips Idowu for Euro gold", "an older title may be the user's: left");
        assert_eq!(title(1), "Edwards tips Idowu for Euro gold (012.txt)");
        assert_eq!(title(2), "Edwards tips Idowu for Euro gold (020.txt)");
        // A copy of 020 in another folder, added later: its ending must
        // not be the one 020 already has.
        let mut again = Document::new("copy1/sport/020.txt");
        again.meta.title = "Edwards tips Idowu for Euro gold".into();
        let id = again.id;
        p.apply(Project::add_document_edit(again)).expect("doc");
        p.apply(Edit::Batch(disambiguate(&p, Some(&[id].into())))).expect("retitle");
        assert_eq!(p.document(id).expect("doc").meta.title, "Edwards tips Idowu for Euro gold (sport/020.txt)");
        assert!(clashing(&p).len() <= 1, "only the user's own title may repeat a base title");
    }
}
