//! Retrieval: the coded passages that answer a question over tags ("any of
//! these", "all of these", "none of these"), documents (outlet, date range,
//! an explicit set) and text, grouped into columns, one per document or per
//! outlet, so that what each source said reads across.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rustc_hash::FxHashSet;

use super::{dates, search::fold};
use crate::model::{Annotation, AnnotationId, DocId, Document, Project, Scope, TagId};

/// How a tag takes part in a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TagRule {
    /// The passage has at least one of the tags marked `Any`.
    Any,
    /// The passage has every tag marked `All`.
    All,
    /// The passage has none of the tags marked `Not`.
    Not,
}

impl TagRule {
    /// Short name for the UI.
    pub fn label(self) -> &'static str {
        match self {
            TagRule::Any => "any",
            TagRule::All => "all",
            TagRule::Not => "not",
        }
    }
}

/// What to retrieve.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Tags and how each counts. No tags: every passage.
    pub tags: BTreeMap<TagId, TagRule>,
    /// A tag also stands for its child tags (and theirs).
    pub children: bool,
    /// Only documents from these outlets (empty: all).
    pub outlets: BTreeSet<String>,
    /// Only documents dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Only documents dated on or before this day.
    pub to: Option<NaiveDate>,
    /// Only documents in this scope (all, or a document set).
    pub scope: Scope,
    /// Only these documents (a matrix cell, a chart bar).
    pub docs: Option<BTreeSet<DocId>>,
    /// Only these passages (a co-occurrence cell).
    pub only: Option<BTreeSet<AnnotationId>>,
    /// Words that must appear in the quote or the note (any case, any
    /// accents).
    pub text: String,
}

/// How columns are formed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// One column per document.
    #[default]
    Document,
    /// One column per outlet (the document's source); documents without an
    /// outlet share a column.
    Outlet,
}

/// The column title for documents without an outlet.
pub const NO_OUTLET: &str = "(no outlet)";

/// One column of results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Document title or outlet name.
    pub title: String,
    /// The documents in the column (one for per-document columns).
    pub docs: Vec<DocId>,
    /// Passages, by document date, title, then position.
    pub passages: Vec<AnnotationId>,
}

/// A retrieval's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Retrieved {
    /// Columns with at least one passage, in document-date (then title) order.
    pub columns: Vec<Column>,
    /// Columns of documents that pass the document filters but have no
    /// passage matching: "who never mentions it".
    pub empty: Vec<Column>,
    /// Number of passages over all columns.
    pub total: usize,
}

/// The document's date, for filters and ordering.
pub fn doc_date(d: &Document) -> Option<NaiveDate> {
    dates::parse(&d.meta.date, true)
}

/// Does the document pass the document filters?
fn doc_passes(project: &Project, f: &Filter, d: &Document) -> bool {
    if f.docs.as_ref().is_some_and(|s| !s.contains(&d.id)) || !f.scope.contains(project, d.id) {
        return false;
    }
    if !f.outlets.is_empty() && !f.outlets.contains(outlet(d)) {
        return false;
    }
    if f.from.is_some() || f.to.is_some() {
        let Some(date) = doc_date(d) else { return false };
        if f.from.is_some_and(|from| date < from) || f.to.is_some_and(|to| date > to) {
            return false;
        }
    }
    true
}

/// The document's outlet as grouped: its source, or [`NO_OUTLET`].
pub fn outlet(d: &Document) -> &str {
    let s = d.meta.source.trim();
    if s.is_empty() { NO_OUTLET } else { s }
}

/// The tags a query tag stands for: itself, and its descendants when asked.
fn expand(project: &Project, tag: TagId, children: bool) -> FxHashSet<TagId> {
    if !children {
        return std::iter::once(tag).collect();
    }
    project.codebook().iter().filter(|t| project.codebook().is_ancestor_or_self(tag, t.id)).map(|t| t.id).collect()
}

/// A compiled tag query.
struct TagTest {
    any: Vec<FxHashSet<TagId>>,
    all: Vec<FxHashSet<TagId>>,
    not: FxHashSet<TagId>,
}

impl TagTest {
    fn new(project: &Project, f: &Filter) -> Self {
        let mut t = TagTest { any: Vec::new(), all: Vec::new(), not: FxHashSet::default() };
        for (&tag, &rule) in &f.tags {
            let set = expand(project, tag, f.children);
            match rule {
                TagRule::Any => t.any.push(set),
                TagRule::All => t.all.push(set),
                TagRule::Not => t.not.extend(set),
            }
        }
        t
    }

    fn passes(&self, a: &Annotation) -> bool {
        let has = |set: &FxHashSet<TagId>| a.tags.iter().any(|t| set.contains(t));
        (self.any.is_empty() || self.any.iter().any(has))
            && self.all.iter().all(has)
            && !a.tags.iter().any(|t| self.not.contains(t))
    }
}

/// Every passage matching `f`, in columns grouped by `group`.
pub fn retrieve(project: &Project, f: &Filter, group: GroupBy) -> Retrieved {
    let tags = TagTest::new(project, f);
    let needle = fold(&f.text.trim().to_lowercase());
    let words: Vec<&str> = needle.split_whitespace().collect();
    // Documents in reading order: dated ones by date, then by title.
    let mut docs: Vec<&Document> = project.documents().filter(|d| doc_passes(project, f, d)).collect();
    docs.sort_by(|a, b| {
        (doc_date(a).is_none(), doc_date(a), &a.meta.title, &a.path).cmp(&(
            doc_date(b).is_none(),
            doc_date(b),
            &b.meta.title,
            &b.path,
        ))
    });
    let mut per_doc: BTreeMap<DocId, Vec<&Annotation>> = docs.iter().map(|d| (d.id, Vec::new())).collect();
    for a in project.annotations() {
        let Some(list) = per_doc.get_mut(&a.doc) else { continue };
        if f.only.as_ref().is_some_and(|s| !s.contains(&a.id)) || !tags.passes(a) {
            continue;
        }
        if !words.is_empty() {
            let hay = fold(&format!("{}\n{}", a.anchor.exact, a.note).to_lowercase());
            if !words.iter().all(|w| hay.contains(w)) {
                continue;
            }
        }
        list.push(a);
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for d in &docs {
        let mut list = per_doc.remove(&d.id).unwrap_or_default();
        list.sort_by_key(|a| (a.anchor.range, a.id));
        let title = match group {
            GroupBy::Document => d.meta.title.clone(),
            GroupBy::Outlet => outlet(d).to_owned(),
        };
        let col = match group {
            GroupBy::Document => None,
            GroupBy::Outlet => index.get(&title).copied(),
        };
        let col = col.unwrap_or_else(|| {
            index.insert(title.clone(), columns.len());
            columns.push(Column { title, docs: Vec::new(), passages: Vec::new() });
            columns.len() - 1
        });
        columns[col].docs.push(d.id);
        columns[col].passages.extend(list.iter().map(|a| a.id));
    }
    let total = columns.iter().map(|c| c.passages.len()).sum();
    let (columns, empty) = columns.into_iter().partition(|c| !c.passages.is_empty());
    Retrieved { columns, empty, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, CharRange, Rgb, Tag};

    struct Fixture {
        p: Project,
        tags: Vec<TagId>,
        docs: Vec<DocId>,
    }

    /// Three documents from two outlets; tags: 0 "Closure", 1 "Jobs" (child
    /// of 0), 2 "Quote".
    fn fixture() -> Fixture {
        let mut p = Project::new();
        let mut docs = Vec::new();
        for (title, outlet, date) in
            [("Gazette A", "Gazette", "2026-03-02"), ("Herald", "Herald", "3 March 2026"), ("Gazette B", "Gazette", "")]
        {
            let mut d = Document::new(format!("{title}.txt"));
            d.meta.title = title.into();
            d.meta.source = outlet.into();
            d.meta.date = date.into();
            docs.push(d.id);
            p.apply(Project::add_document_edit(d)).expect("doc");
        }
        let closure = Tag::new("Closure", Rgb::palette(0));
        let mut jobs = Tag::new("Jobs", Rgb::palette(1));
        jobs.parent = Some(closure.id);
        let quote = Tag::new("Quote", Rgb::palette(2));
        let tags = vec![closure.id, jobs.id, quote.id];
        for t in [closure, jobs, quote] {
            p.apply(Project::add_tag_edit(t)).expect("tag");
        }
        // (doc, start, tags, quote, note)
        let passages: [(usize, usize, &[usize], &str, &str); 5] = [
            (0, 10, &[0], "the bridge closes", ""),
            (0, 0, &[1, 2], "\"We lose our jobs\"", "union leader"),
            (1, 5, &[1], "three hundred jobs", "Hélène's figure"),
            (1, 50, &[2], "a quote", ""),
            (2, 0, &[], "untagged", ""),
        ];
        for (d, s, t, exact, note) in passages {
            let anchor = Anchor {
                range: CharRange::new(s, s + exact.chars().count()),
                exact: exact.into(),
                ..Anchor::default()
            };
            let mut a = Annotation::new(docs[d], anchor);
            a.tags.extend(t.iter().map(|&i| tags[i]));
            a.note = note.into();
            p.apply(Project::add_annotation_edit(a)).expect("annotation");
        }
        Fixture { p, tags, docs }
    }

    fn quotes(p: &Project, c: &Column) -> Vec<String> {
        c.passages.iter().map(|id| p.annotation(*id).expect("a").anchor.exact.clone()).collect()
    }

    fn rule(pairs: &[(TagId, TagRule)]) -> BTreeMap<TagId, TagRule> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn any_all_not_and_children() {
        let f = fixture();
        let (closure, jobs, quote) = (f.tags[0], f.tags[1], f.tags[2]);
        let run = |filter: Filter| retrieve(&f.p, &filter, GroupBy::Document).total;
        assert_eq!(run(Filter::default()), 5, "no tags: every passage");
        assert_eq!(run(Filter { tags: rule(&[(closure, TagRule::Any)]), ..Filter::default() }), 1);
        assert_eq!(run(Filter { tags: rule(&[(closure, TagRule::Any)]), children: true, ..Filter::default() }), 3);
        assert_eq!(run(Filter { tags: rule(&[(jobs, TagRule::All), (quote, TagRule::All)]), ..Filter::default() }), 1);
        assert_eq!(run(Filter { tags: rule(&[(jobs, TagRule::Any), (quote, TagRule::Any)]), ..Filter::default() }), 3);
        assert_eq!(run(Filter { tags: rule(&[(jobs, TagRule::Any), (quote, TagRule::Not)]), ..Filter::default() }), 1);
        assert_eq!(
            run(Filter { tags: rule(&[(closure, TagRule::Not)]), children: true, ..Filter::default() }),
            2,
            "not Closure (with Jobs): the quote and the untagged passage"
        );
    }

    #[test]
    fn columns_per_document_and_per_outlet() {
        let f = fixture();
        let by_doc = retrieve(&f.p, &Filter::default(), GroupBy::Document);
        let titles: Vec<&str> = by_doc.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Gazette A", "Herald", "Gazette B"], "dated first, by date; undated last");
        assert_eq!(quotes(&f.p, &by_doc.columns[0]), ["\"We lose our jobs\"", "the bridge closes"], "by position");
        let by_outlet = retrieve(&f.p, &Filter::default(), GroupBy::Outlet);
        let titles: Vec<&str> = by_outlet.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Gazette", "Herald"]);
        assert_eq!(by_outlet.columns[0].docs, [f.docs[0], f.docs[2]]);
        assert_eq!(by_outlet.columns[0].passages.len(), 3);
    }

    #[test]
    fn empty_columns_say_who_never_mentions_it() {
        let f = fixture();
        let r = retrieve(
            &f.p,
            &Filter { tags: rule(&[(f.tags[2], TagRule::Any)]), ..Filter::default() },
            GroupBy::Document,
        );
        assert_eq!(r.columns.len(), 2);
        assert_eq!(r.empty.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Gazette B"]);
    }

    #[test]
    fn document_and_text_filters() {
        let f = fixture();
        let run = |filter: Filter| retrieve(&f.p, &filter, GroupBy::Document);
        let gazette = run(Filter { outlets: ["Gazette".to_owned()].into(), ..Filter::default() });
        assert_eq!(gazette.total, 3);
        let march3 = NaiveDate::from_ymd_opt(2026, 3, 3);
        let dated = run(Filter { from: march3, to: march3, ..Filter::default() });
        assert_eq!(dated.total, 2, "only the Herald is dated 3 March; undated documents drop out");
        assert!(dated.empty.is_empty());
        let text = run(Filter { text: "helene FIGURE".into(), ..Filter::default() });
        assert_eq!(text.total, 1, "words of the note, any case and accents");
        let docs = run(Filter { docs: Some([f.docs[1]].into()), ..Filter::default() });
        assert_eq!(docs.columns.len(), 1);
        let one = docs.columns[0].passages[0];
        let only = run(Filter { only: Some([one].into()), ..Filter::default() });
        assert_eq!(only.total, 1);
    }

    #[test]
    fn a_document_set_limits_the_columns() {
        let mut f = fixture();
        let mut set = crate::model::DocSet::new("gazettes");
        set.docs.extend([f.docs[0], f.docs[2]]);
        let id = set.id;
        f.p.apply(Project::add_set_edit(set)).expect("set");
        let r = retrieve(&f.p, &Filter { scope: Scope::Set(id), ..Filter::default() }, GroupBy::Document);
        let titles: Vec<&str> = r.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Gazette A", "Gazette B"]);
        assert_eq!(r.total, 3);
        f.p.apply(Project::delete_set_edit(id)).expect("delete");
        let gone = retrieve(&f.p, &Filter { scope: Scope::Set(id), ..Filter::default() }, GroupBy::Document);
        assert_eq!(gone.total, 0, "a deleted set holds nothing (the views fall back to all themselves)");
    }
}
