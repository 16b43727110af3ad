//! Titles that say what a document is. A text without a title of its own
//! is titled from its Project Gutenberg header when it has one, else by its
//! first line when that reads like a headline (short, no final full stop,
//! not one wrapped line of a longer paragraph), else by its file name; a
//! title made from a path keeps as much of its folders as tells the file
//! from every other of the same name in the project
//! (`article/business/001.txt`, `summary/business/001.txt`). A title the
//! user wrote is never changed.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{DocId, Document, Edit, Project};

/// Longest first line taken as a headline, in chars.
const HEADLINE_CHARS: usize = 120;

/// Most words in a headline ("'This implicates us in their propaganda': The
/// US just made a striking concession to the Kremlin" has 16).
const HEADLINE_WORDS: usize = 20;

/// Shortest line that may be one wrapped line of a paragraph, in chars.
const WRAPPED_LINE_CHARS: usize = 40;

/// How far into a text its Project Gutenberg header is looked for, in lines.
const GUTENBERG_HEAD_LINES: usize = 120;

/// The first non-empty line of `text`, when it reads like a headline: at
/// most 120 chars and 20 words, at least two words (or one long one), not
/// ending like a sentence (`.`, `,`, `;`, `:`), and not the first of the
/// lines a paragraph was wrapped into (see [`wraps_a_paragraph`]). It may
/// open with a quote.
pub fn headline(text: &str) -> Option<String> {
    let mut lines = text.lines().map(|l| l.trim_start_matches('\u{feff}').trim()).skip_while(|l| l.is_empty());
    let line = lines.next()?;
    let words = line.split_whitespace().count();
    let chars = line.chars().count();
    let ends_like_sentence = line.ends_with(['.', ',', ';', ':']) && !line.ends_with("...");
    let ok = chars <= HEADLINE_CHARS && words <= HEADLINE_WORDS && (words >= 2 || chars >= 8) && !ends_like_sentence;
    if !ok {
        return None;
    }
    let paragraph: Vec<&str> = std::iter::once(line).chain(lines.take_while(|l| !l.is_empty())).collect();
    (!wraps_a_paragraph(&paragraph)).then(|| line.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether the first of `lines` (a paragraph: non-empty lines, trimmed) is
/// only the first line of a paragraph wrapped at a fixed width, as plain-text
/// books are: the next line carries on its sentence (starts in lower case),
/// or the paragraph has three or more lines filled to about one width and
/// ends like a sentence. A headline followed by a shorter line (a caption,
/// a byline) is not.
fn wraps_a_paragraph(lines: &[&str]) -> bool {
    let [first, next, ..] = lines else { return false };
    let first_len = first.chars().count();
    if first_len < WRAPPED_LINE_CHARS {
        return false;
    }
    if next.starts_with(char::is_lowercase) {
        return true;
    }
    if lines.len() < 3 {
        return false;
    }
    let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let width = lens.iter().copied().max().unwrap_or(0);
    let filled = lens[..lens.len() - 1].iter().all(|&n| n * 10 >= width * 7);
    let last = lines[lines.len() - 1].trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '\u{bb}']);
    filled && last.ends_with(['.', '!', '?', '\u{2026}'])
}

/// Title and author of a Project Gutenberg e-text, from its header: the
/// `Title:` and `Author:` lines (a value may go on over indented lines),
/// else the opening "The Project Gutenberg eBook of TITLE, by AUTHOR".
/// `None` when the text has no such header; the author may be empty.
pub fn gutenberg_header(text: &str) -> Option<(String, String)> {
    let head: Vec<&str> = text
        .lines()
        .take(GUTENBERG_HEAD_LINES)
        .map(|l| l.trim_start_matches('\u{feff}'))
        .take_while(|l| !l.trim_start().starts_with("*** START OF"))
        .collect();
    if !head.iter().any(|l| l.to_ascii_lowercase().contains("project gutenberg")) {
        return None;
    }
    let field = |name: &str| -> String {
        let Some(i) = head.iter().position(|l| l.strip_prefix(name).is_some_and(|r| r.starts_with(':'))) else {
            return String::new();
        };
        let mut value = head[i][name.len() + 1..].trim().to_owned();
        for more in head[i + 1..].iter().take_while(|l| l.starts_with(char::is_whitespace) && !l.trim().is_empty()) {
            value.push(' ');
            value.push_str(more.trim());
        }
        value
    };
    let (mut title, mut author) = (field("Title"), field("Author"));
    if title.is_empty() || author.is_empty() {
        // "The Project Gutenberg eBook of War and Peace, by Leo Tolstoy"
        // (EBook, eBook, Etext in older files).
        let opening = head.iter().find_map(|l| {
            let lower = l.to_ascii_lowercase();
            ["the project gutenberg ebook of ", "the project gutenberg etext of ", "project gutenberg's "]
                .iter()
                .find_map(|p| lower.find(p).map(|at| l[at + p.len()..].trim()))
        });
        if let Some(o) = opening {
            let (t, a) = o.rsplit_once(", by ").unwrap_or((o, ""));
            if title.is_empty() {
                t.trim().clone_into(&mut title);
            }
            if author.is_empty() {
                a.trim().clone_into(&mut author);
            }
        }
    }
    (!title.is_empty()).then_some((title, author))
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
    is_path_ending(&d.path, &d.meta.title)
}

/// Whether `title` is `path` or an ending of it (whole components).
fn is_path_ending(path: &str, title: &str) -> bool {
    !title.is_empty() && (path == title || path.ends_with(&format!("/{title}")))
}

/// The last `n` components of the `/`-separated `parts`.
fn ending(parts: &[&str], n: usize) -> String {
    parts[parts.len().saturating_sub(n)..].join("/")
}

/// Edits that tell documents apart. A title made from a path gets as much
/// of its folders as tells the file from every other file of the same name
/// in the project, whatever their titles (`summary/business/001.txt` while
/// `article/business/001.txt` is titled by its headline); it is only ever
/// made longer. Then, where titles are still the same, a headline title of
/// a document just added (`fresh`; `None`: every document) gets that
/// ending in brackets. Other titles may be the user's and are left as they
/// are.
pub fn disambiguate(project: &Project, fresh: Option<&std::collections::BTreeSet<DocId>>) -> Vec<Edit> {
    let docs: Vec<&Document> = project.documents().collect();
    let is_fresh = |d: &Document| fresh.is_none_or(|f| f.contains(&d.id));
    // Titles in use, and those given here: a new title must not land on
    // another document's.
    let mut taken: HashSet<String> = docs.iter().map(|d| d.meta.title.clone()).collect();
    let mut planned: BTreeMap<DocId, String> = BTreeMap::new();

    // Files of the same name: path titles keep the folders that tell them apart.
    let mut by_name: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for d in &docs {
        by_name.entry(file_name(&d.path)).or_default().push(d);
    }
    for group in by_name.values().filter(|g| g.len() > 1 && g.iter().any(|d| is_path_title(d))) {
        let paths: Vec<&str> = group.iter().map(|d| d.path.as_str()).collect();
        for (d, name) in group.iter().zip(unique_suffixes(&paths)) {
            if !is_path_title(d) {
                continue;
            }
            let parts: Vec<&str> = d.path.split('/').filter(|p| !p.is_empty()).collect();
            let start = name.split('/').count().max(d.meta.title.split('/').count());
            let title = (start..=parts.len().max(start))
                .map(|n| ending(&parts, n))
                .find(|t| *t == d.meta.title || !taken.contains(t))
                .unwrap_or_else(|| d.path.clone());
            if title != d.meta.title {
                taken.insert(title.clone());
                planned.insert(d.id, title);
            }
        }
    }

    // Titles still the same: fresh headline titles (and path titles that
    // clash with a title of another kind) get their path's ending.
    let title_of = |d: &Document| planned.get(&d.id).cloned().unwrap_or_else(|| d.meta.title.clone());
    // Versions of a fetched page share their title on purpose: when each
    // was fetched tells them apart (`Document::version`).
    let mut by_title: HashMap<String, Vec<&Document>> = HashMap::new();
    for d in docs.iter().filter(|d| d.version().is_none()) {
        by_title.entry(title_of(d)).or_default().push(d);
    }
    let mut groups: Vec<(&String, &Vec<&Document>)> = by_title.iter().filter(|(_, g)| g.len() > 1).collect();
    groups.sort_by_key(|(t, _)| t.as_str());
    let mut later = Vec::new();
    for (current, group) in groups {
        let is_path = |d: &Document| is_path_ending(&d.path, current);
        if !group.iter().any(|d| is_path(d) || is_fresh(d)) {
            continue;
        }
        let paths: Vec<&str> = group.iter().map(|d| d.path.as_str()).collect();
        for (d, name) in group.iter().zip(unique_suffixes(&paths)) {
            if !is_path(d) && !is_fresh(d) {
                continue;
            }
            let make = |end: &str| if is_path(d) { end.to_owned() } else { format!("{} ({end})", d.meta.title) };
            // The group's unique ending, longer while it is someone else's title.
            let parts: Vec<&str> = d.path.split('/').filter(|p| !p.is_empty()).collect();
            let start = name.split('/').count();
            let title = (start..=parts.len().max(start))
                .map(|n| make(&ending(&parts, n)))
                .find(|t| t == current || !taken.contains(t))
                .unwrap_or_else(|| make(&d.path));
            if title != *current {
                taken.insert(title.clone());
                later.push((d.id, title));
            }
        }
    }
    planned.extend(later);
    planned.into_iter().filter_map(|(id, title)| project.update_document_edit(id, |x| x.meta.title = title)).collect()
}

/// The title for a new plain-text document: the title in its Project
/// Gutenberg header, else its headline, else its file name.
/// Separators web pages put between a headline and the site's name, the
/// section or the author (`Headline | The Herald`, `标题_科技_腾讯网`).
const SITE_SEPARATORS: [&str; 9] = [" | ", " — ", " – ", " - ", " :: ", " · ", " » ", "_", " │ "];

/// Letters and digits only, lower case: "The Guardian" and
/// "theguardian.com" both give "theguardian…".
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A web page's title without what the site adds after the headline: a
/// trailing part that names the site (`site`), the author (`author`) or
/// the address's host (`url`), and, in a chain of three or more parts, the
/// short parts after the headline (section names). The headline itself is
/// never cut: what is left is the longest leading part at least.
pub fn strip_site_suffix(title: &str, site: &str, author: &str, url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or("").split('/').next().unwrap_or("");
    // The host's name: its longest label before the top-level domain
    // ("bbc" of www.bbc.co.uk).
    let labels: Vec<&str> = host.split('.').collect();
    let host_core = labels[..labels.len().saturating_sub(1)]
        .iter()
        .filter(|l| !matches!(**l, "www" | "co" | "com" | "org" | "net"))
        .max_by_key(|l| l.len())
        .map_or_else(String::new, |l| squeeze(l));
    let names: Vec<String> = [squeeze(site), squeeze(author), host_core].into_iter().filter(|n| n.len() >= 3).collect();
    let names_site = |part: &str| {
        let p = squeeze(part);
        !p.is_empty() && names.iter().any(|n| *n == p || (p.len() >= 4 && n.contains(&p)) || p.contains(n.as_str()))
    };
    let mut best = title.trim().to_owned();
    for sep in SITE_SEPARATORS {
        let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
        if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
            continue;
        }
        let mut keep = parts.len();
        while keep > 1 {
            let last = parts[keep - 1];
            let short = last.split_whitespace().count() <= 3 && last.chars().count() <= 24;
            let chain = parts.len() >= 3 && short && last.chars().count() < parts[0].chars().count();
            if names_site(last) || chain {
                keep -= 1;
            } else {
                break;
            }
        }
        if keep < parts.len() {
            let head = parts[..keep].join(sep);
            if head.chars().count() < best.chars().count() {
                best = head;
            }
        }
    }
    best
}

pub fn title_for_text(path: &str, text: &str) -> String {
    gutenberg_header(text).map(|(t, _)| t).or_else(|| headline(text)).unwrap_or_else(|| path_title(path))
}

/// A title made from a path: the file name, with the two folders above it
/// when the name is only a number ("summary/business/001.txt": "001.txt"
/// says nothing of what the text is).
pub fn path_title(path: &str) -> String {
    let name = file_name(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem.chars().any(char::is_alphabetic) {
        return name.to_owned();
    }
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    ending(&parts, 3)
}

/// Title a new plain-text document from its text (see [`title_for_text`]),
/// and fill in its author from a Project Gutenberg header when it has none.
pub fn name_text_document(doc: &mut Document, text: &str) {
    doc.meta.title = title_for_text(&doc.path, text);
    if doc.meta.author.is_empty()
        && let Some((_, author)) = gutenberg_header(text)
    {
        doc.meta.author = author;
    }
}

/// The ids of documents whose title is not unique in the project.
pub fn clashing(project: &Project) -> Vec<DocId> {
    // Versions of a fetched page are told apart by when they were fetched.
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in project.documents().filter(|d| d.version().is_none()) {
        *count.entry(d.meta.title.as_str()).or_default() += 1;
    }
    project.documents().filter(|d| count.get(d.meta.title.as_str()).is_some_and(|n| *n > 1)).map(|d| d.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_file_keeps_its_folders() {
        assert_eq!(path_title("/corpus/bbc/summary/business/001.txt"), "summary/business/001.txt");
        assert_eq!(path_title("../bbc/summary/001.txt"), "bbc/summary/001.txt");
        assert_eq!(path_title("002.txt"), "002.txt");
        assert_eq!(path_title("/corpus/notes/interview-3.txt"), "interview-3.txt", "a name says enough");
    }

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
    fn a_headline_may_open_with_a_quote_and_run_to_twenty_words() {
        let seed = "'This implicates us in their propaganda': The US just made a striking concession to the Kremlin\nVladimir Putin Donald Trump\nVladimir Putin Donald Trump\n\n(President Donald Trump and Russian President Vladimir Putin met for over two hours on Friday.AP Photo/Evan Vucci)\n";
        assert_eq!(
            title_for_text("news/seed-article.txt", seed),
            "'This implicates us in their propaganda': The US just made a striking concession to the Kremlin",
            "a quote-led headline followed by caption lines"
        );
        assert_eq!(
            headline("\u{201c}We will rebuild\u{201d}: the mayor on the bridge\n\nText.").as_deref(),
            Some("\u{201c}We will rebuild\u{201d}: the mayor on the bridge"),
            "curly quotes"
        );
    }

    #[test]
    fn a_wrapped_line_of_a_paragraph_is_not_a_headline() {
        // The opening of War and Peace as Project Gutenberg wraps it.
        let novel = "\u{201c}Well, Prince, so Genoa and Lucca are now just family estates of the\n\
                     Buonapartes. But I warn you, if you don\u{2019}t tell me that this means war,\n\
                     if you still try to defend the infamies and horrors perpetrated by that\n\
                     Antichrist\u{2014}I really believe he is Antichrist\u{2014}I will have nothing\n\
                     more to do with you and you are no longer my friend, no longer my\n\
                     \u{2018}faithful slave,\u{2019} as you call yourself! But how do you do? I see I\n\
                     have frightened you\u{2014}sit down and tell me all the news.\u{201d}\n\n\
                     It was in July, 1805, and the speaker was the well-known Anna P\u{e1}vlovna\n";
        assert_eq!(headline(novel), None, "one wrapped line of a long paragraph");
        assert_eq!(title_for_text("books/war-and-peace.txt", novel), "war-and-peace.txt", "the file name instead");
        assert_eq!(
            headline("The committee met on Tuesday to decide the future of the old\nfootbridge over the river.\n"),
            None,
            "the next line carries on the sentence"
        );
        // A headline directly over a first paragraph that is a sentence.
        assert_eq!(
            headline(
                "Bridge closure splits the town\nShopkeepers woke up on Monday to find the footbridge closed.\nMore.\n"
            )
            .as_deref(),
            Some("Bridge closure splits the town")
        );
    }

    #[test]
    fn site_names_are_cut_from_web_page_titles() {
        // (title, site, author, url, expected, why)
        let cases = [
            (
                "Pike River mine: families hope | Eleanor Ainge Roy",
                "",
                "Eleanor Ainge Roy",
                "",
                "Pike River mine: families hope",
                "the author",
            ),
            (
                "Bridge shut after cracks found | The Herald",
                "The Herald",
                "",
                "",
                "Bridge shut after cracks found",
                "the site",
            ),
            (
                "Bridge shut after cracks found - BBC News",
                "",
                "",
                "https://www.bbc.co.uk/news/1",
                "Bridge shut after cracks found",
                "the host",
            ),
            (
                "苹果发布新款手机_科技_腾讯网",
                "",
                "",
                "https://tech.qq.com/a/1.htm",
                "苹果发布新款手机",
                "a chain of sections",
            ),
            (
                "Brexit - what happens next for the Irish border",
                "The Herald",
                "",
                "",
                "Brexit - what happens next for the Irish border",
                "a dash inside a headline stays",
            ),
            ("The Herald", "The Herald", "", "", "The Herald", "never empty"),
            ("snake_case_names explained", "", "", "", "snake_case_names explained", "no site named"),
        ];
        for (title, site, author, url, expected, why) in cases {
            assert_eq!(strip_site_suffix(title, site, author, url), expected, "{why}");
        }
    }

    #[test]
    fn project_gutenberg_header_gives_title_and_author() {
        // The header as Project Gutenberg writes it today (#2600).
        let new_style = "\u{feff}The Project Gutenberg eBook of War and Peace\n    \n\
            This ebook is for the use of anyone anywhere in the United States and\n\
            most other parts of the world at no cost and with almost no restrictions\n\
            whatsoever.\n\n\
            Title: War and Peace\n\n\
            Author: graf Leo Tolstoy\n\n\
            Translator: Louise Maude\n            Aylmer Maude\n\n\
            Release date: April 1, 2001 [eBook #2600]\n\n\
            Language: English\n\n\
            *** START OF THE PROJECT GUTENBERG EBOOK WAR AND PEACE ***\n\n\
            Title: Not this one\n";
        assert_eq!(
            gutenberg_header(new_style),
            Some(("War and Peace".to_owned(), "graf Leo Tolstoy".to_owned())),
            "Title and Author lines"
        );
        let mut d = Document::new("texts/pg2600.txt");
        name_text_document(&mut d, new_style);
        assert_eq!((d.meta.title.as_str(), d.meta.author.as_str()), ("War and Peace", "graf Leo Tolstoy"));
        // An older header: the opening line alone, and a title over two lines.
        let old_style =
            "The Project Gutenberg EBook of War and Peace, by Leo Tolstoy\n\nThis eBook is for the use of anyone.\n";
        assert_eq!(gutenberg_header(old_style), Some(("War and Peace".to_owned(), "Leo Tolstoy".to_owned())));
        let wrapped = "Project Gutenberg\n\nTitle: Alice's Adventures\n       in Wonderland\n\nAuthor: Lewis Carroll\n";
        assert_eq!(
            gutenberg_header(wrapped).map(|(t, _)| t).as_deref(),
            Some("Alice's Adventures in Wonderland"),
            "a title going on over an indented line"
        );
        assert_eq!(gutenberg_header("Title: Minutes\nAuthor: The clerk\n"), None, "no Gutenberg, no header");
    }

    #[test]
    fn path_titles_keep_the_folder_that_tells_summaries_from_articles() {
        // Articles titled by their headlines, summaries by their paths: a
        // summary's title must still say it is a summary.
        let mut p = Project::new();
        let mut ids = BTreeMap::new();
        for (path, headline) in [
            ("bbc/article/business/001.txt", Some("Ad sales boost Time Warner profit")),
            ("bbc/article/sport/001.txt", Some("Claxton hunting first major medal")),
            ("bbc/summary/business/001.txt", None),
            ("bbc/summary/sport/001.txt", None),
        ] {
            let mut d = Document::new(path);
            if let Some(h) = headline {
                d.meta.title = h.into();
            }
            ids.insert(path, d.id);
            p.apply(Project::add_document_edit(d)).expect("doc");
        }
        p.apply(Edit::Batch(disambiguate(&p, None))).expect("retitle");
        let title = |path: &str| p.document(ids[path]).expect("doc").meta.title.clone();
        assert_eq!(title("bbc/summary/business/001.txt"), "summary/business/001.txt");
        assert_eq!(title("bbc/summary/sport/001.txt"), "summary/sport/001.txt");
        assert_eq!(title("bbc/article/business/001.txt"), "Ad sales boost Time Warner profit", "headline kept");
        // A path title is never made shorter again.
        let before: Vec<String> = p.documents().map(|d| d.meta.title.clone()).collect();
        assert!(disambiguate(&p, None).is_empty(), "nothing more to do: {before:?}");
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
