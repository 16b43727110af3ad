//! Re-anchoring annotations after their source changed.
#![allow(clippy::format_collect)] // test texts are small; readability wins

mod common;

use proptest::prelude::*;
use synoptic::analysis::anchoring::reanchor_document;
use synoptic::io::import::decode;
use synoptic::model::{Anchor, AnchorStatus, Annotation, AnnotationId, CharRange, Document, Project, SourceText};

/// A project with one document holding `text` and one annotation per range.
fn project_with(text: &str, ranges: &[CharRange]) -> (Project, Vec<AnnotationId>) {
    let loaded = decode(text.as_bytes()).expect("text");
    let mut p = Project::new();
    let mut d = Document::new("doc.txt");
    d.hash.clone_from(&loaded.hash);
    d.char_len = loaded.text.char_len();
    let doc = d.id;
    p.apply(Project::add_document_edit(d)).expect("doc");
    let mut ids = Vec::new();
    for r in ranges {
        let a = Annotation::new(doc, Anchor::from_text(&loaded.text, *r));
        ids.push(a.id);
        p.apply(Project::add_annotation_edit(a)).expect("annotation");
    }
    (p, ids)
}

/// Re-anchor against new file bytes; returns (status, text at the new range).
fn reanchor(p: &mut Project, bytes: &[u8]) -> SourceText {
    let loaded = decode(bytes).expect("text");
    let doc = p.documents().next().expect("doc").id;
    reanchor_document(p, doc, &loaded.text, &loaded.hash);
    loaded.text
}

fn outcome(p: &Project, text: &SourceText, id: AnnotationId) -> (AnchorStatus, String) {
    let a = p.annotation(id).expect("annotation kept");
    (a.status, text.slice(a.anchor.range).to_owned())
}

fn range_of(text: &str, needle: &str) -> CharRange {
    let b = text.find(needle).expect("needle present");
    let s = text[..b].chars().count();
    CharRange::new(s, s + needle.chars().count())
}

const ARTICLE: &str = "The council met on Tuesday evening to discuss the budget.\n\n\
The mayor said that the bridge would stay closed until spring, citing safety reports.\n\n\
Residents who spoke at the meeting asked for a temporary ferry service across the river.\n\n\
A vote on the repairs is expected next month, according to the clerk's office.\n";

const PASSAGE: &str = "the bridge would stay closed until spring";

#[test]
fn insertions_and_deletions_around_the_passage() {
    let r = range_of(ARTICLE, PASSAGE);
    let cases: Vec<(&str, String, AnchorStatus)> = vec![
        (
            "insert before",
            ARTICLE.replacen("Tuesday evening", "Tuesday evening, after a long delay,", 1),
            AnchorStatus::Moved,
        ),
        ("delete before", ARTICLE.replacen(" to discuss the budget", "", 1), AnchorStatus::Moved),
        ("insert after", ARTICLE.replacen("next month", "next month or later", 1), AnchorStatus::Exact),
        ("delete after", ARTICLE.replacen(", according to the clerk's office", "", 1), AnchorStatus::Exact),
        ("insert at start", format!("UPDATED.\n\n{ARTICLE}"), AnchorStatus::Moved),
    ];
    for (what, new, want) in cases {
        let (mut p, ids) = project_with(ARTICLE, &[r]);
        let text = reanchor(&mut p, new.as_bytes());
        assert_eq!(outcome(&p, &text, ids[0]), (want, PASSAGE.to_owned()), "{what}");
    }
}

#[test]
fn text_added_at_either_end_of_the_document_keeps_edge_passages() {
    let first = range_of(ARTICLE, "The council met");
    let last = range_of(ARTICLE, "according to the clerk's office");
    let (mut p, ids) = project_with(ARTICLE, &[first, last]);
    let new = format!("Editor's note: updated.\n\n{ARTICLE}\nA further paragraph added later.\n");
    let text = reanchor(&mut p, new.as_bytes());
    assert_eq!(outcome(&p, &text, ids[0]), (AnchorStatus::Moved, "The council met".to_owned()), "first passage");
    assert_eq!(
        outcome(&p, &text, ids[1]),
        (AnchorStatus::Moved, "according to the clerk's office".to_owned()),
        "last passage"
    );
}

#[test]
fn edits_inside_the_passage_move_it_with_the_old_quote_kept() {
    let r = range_of(ARTICLE, PASSAGE);
    for (what, new, want) in [
        (
            "word changed",
            ARTICLE.replacen("stay closed", "remain closed", 1),
            "the bridge would remain closed until spring",
        ),
        (
            "word inserted",
            ARTICLE.replacen("closed until", "closed at least until", 1),
            "the bridge would stay closed at least until spring",
        ),
        ("word deleted", ARTICLE.replacen("would stay", "stays", 1), "the bridge stays closed until spring"),
    ] {
        let (mut p, ids) = project_with(ARTICLE, &[r]);
        let text = reanchor(&mut p, new.as_bytes());
        assert_eq!(outcome(&p, &text, ids[0]), (AnchorStatus::Moved, want.to_owned()), "{what}");
        let a = p.annotation(ids[0]).expect("kept");
        assert_eq!(a.previous_quote.as_deref(), Some(PASSAGE), "{what}: old quote kept for review");
    }
}

#[test]
fn deleted_passage_becomes_an_orphan() {
    let r = range_of(ARTICLE, PASSAGE);
    let (mut p, ids) = project_with(ARTICLE, &[r]);
    let new = ARTICLE.replacen(
        "The mayor said that the bridge would stay closed until spring, citing safety reports.\n\n",
        "",
        1,
    );
    let text = reanchor(&mut p, new.as_bytes());
    let a = p.annotation(ids[0]).expect("note kept");
    assert_eq!(a.status, AnchorStatus::Orphaned, "orphaned, at {:?}", text.slice(a.anchor.range));
    assert_eq!(a.anchor.exact, PASSAGE, "quote kept for the review list");
}

/// Pasted web text repeats image captions: deleting one caption must not
/// move its annotation onto a look-alike.
const CAPTIONED: &str = "Harbour plan approved\nAerial view of the harbour\nAerial view of the harbour\n\n\
The port authority approved the expansion plan on Monday after months of debate.\n\n\
Dock workers\nDock workers\n\n\
Unions said the plan protects jobs, while residents worried about traffic.\n\n\
The first phase starts in May. Dock workers will be consulted, the authority said.\n";

#[test]
fn deleted_caption_does_not_attach_to_a_look_alike() {
    // Second "Dock workers" caption line; both caption lines deleted. The
    // phrase still occurs in the body, with different context.
    let b = CAPTIONED.find("Dock workers\nDock workers").expect("captions") + "Dock workers\n".len();
    let s = CAPTIONED[..b].chars().count();
    let (mut p, ids) = project_with(CAPTIONED, &[CharRange::new(s, s + 12)]);
    let text = reanchor(&mut p, CAPTIONED.replacen("Dock workers\nDock workers\n\n", "", 1).as_bytes());
    assert_eq!(outcome(&p, &text, ids[0]).0, AnchorStatus::Orphaned, "look-alike in the body refused");
}

/// Found by the `reanchor` fuzz target: in repetitive text a context only
/// alike (two chars differ of 32) passed at the old place, a few chars from
/// the passage, which text added earlier had moved.
#[test]
fn repetitive_text_keeps_the_passage_where_its_context_matches() {
    let old = format!("ab{}f{}", "g".repeat(29), "g".repeat(6));
    let last = old.chars().count() - 1;
    let (mut p, ids) = project_with(&old, &[CharRange::new(last, last + 1)]);
    let new = format!("xyz{old}");
    let text = reanchor(&mut p, new.as_bytes());
    let a = p.annotation(ids[0]).expect("kept");
    assert_eq!(a.anchor.range, CharRange::new(last + 3, last + 4), "the last g, moved with the text");
    // Look-alikes a char or two away: placed right, and perhaps flagged.
    let (status, quote) = outcome(&p, &text, ids[0]);
    assert!(matches!(status, AnchorStatus::Moved | AnchorStatus::NeedsReview), "{status:?}");
    assert_eq!(quote, "g");
    // Text added 51 chars before, in a run of the quote's own char: at the
    // old place the context is 31/32 alike, but only the passage moved with
    // the text has it exactly.
    let old = format!("ab{}Z{}", "]".repeat(20), "]".repeat(40));
    let at = 2 + 20 + 1 + 17;
    let (mut p, ids) = project_with(&old, &[CharRange::new(at, at + 1)]);
    let new = format!("ab{}{}", "]".repeat(51), &old[2..]);
    let text = reanchor(&mut p, new.as_bytes());
    let a = p.annotation(ids[0]).expect("kept");
    assert_eq!(a.anchor.range, CharRange::new(at + 51, at + 52), "moved with the text, not left at the old place");
    assert!(matches!(a.status, AnchorStatus::Moved | AnchorStatus::NeedsReview), "{:?}", a.status);
    assert_eq!(text.slice(a.anchor.range), "]");
}

#[test]
fn deleting_one_of_two_adjacent_duplicates_needs_review() {
    // Deleting either of two identical adjacent lines gives the same text,
    // so the survivor cannot be confirmed: it must not be "exact" or "moved".
    let line = "Aerial view of the harbour\n";
    let b = CAPTIONED.find(line).expect("caption") + line.len();
    let s = CAPTIONED[..b].chars().count();
    let (mut p, ids) = project_with(CAPTIONED, &[CharRange::new(s, s + line.len() - 1)]);
    let text = reanchor(&mut p, CAPTIONED.replacen(line, "", 1).as_bytes());
    let (status, quote) = outcome(&p, &text, ids[0]);
    assert!(status >= AnchorStatus::NeedsReview, "not silently attached: {status:?}");
    if status == AnchorStatus::NeedsReview {
        assert_eq!(quote, "Aerial view of the harbour", "candidate is the remaining caption");
    }
}

#[test]
fn duplicated_paragraph_is_never_lost() {
    let para = "The mayor said that the bridge would stay closed until spring, citing safety reports.\n\n";
    let r = range_of(ARTICLE, "stay closed until spring");
    // The passage's own paragraph duplicated: copying it before or after
    // gives the same text, so which copy is the original cannot be known.
    let (mut p, ids) = project_with(ARTICLE, &[r]);
    let doubled = ARTICLE.replacen(para, &format!("{para}{para}"), 1);
    let text = reanchor(&mut p, doubled.as_bytes());
    assert_eq!(
        outcome(&p, &text, ids[0]),
        (AnchorStatus::NeedsReview, "stay closed until spring".to_owned()),
        "own paragraph doubled"
    );
    // Another paragraph duplicated: the passage simply moved or stayed.
    let other = "Residents who spoke at the meeting asked for a temporary ferry service across the river.\n\n";
    let first = "The council met on Tuesday evening to discuss the budget.\n\n";
    for (what, new) in [
        ("later paragraph doubled", ARTICLE.replacen(other, &format!("{other}{other}"), 1)),
        ("earlier paragraph doubled", ARTICLE.replacen(first, &format!("{first}{first}"), 1)),
    ] {
        let (mut p, ids) = project_with(ARTICLE, &[r]);
        let text = reanchor(&mut p, new.as_bytes());
        let (status, quote) = outcome(&p, &text, ids[0]);
        assert_eq!(quote, "stay closed until spring", "{what}");
        assert!(status <= AnchorStatus::Moved, "{what}: {status:?}");
    }
}

#[test]
fn re_encoding_keeps_anchors_exact() {
    let text = "Première ligne — “citation”.\nSecond line here.\n";
    let r = range_of(text, "“citation”");
    let mut utf16 = vec![0xff, 0xfe];
    for u in text.replace('\n', "\r\n").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let crlf = text.replace('\n', "\r\n");
    for (what, bytes) in [("UTF-16 with CRLF", utf16), ("CRLF", crlf.into_bytes())] {
        let (mut p, ids) = project_with(text, &[r]);
        let before = p.annotation(ids[0]).expect("a").clone();
        let st = reanchor(&mut p, &bytes);
        assert_eq!(outcome(&p, &st, ids[0]), (AnchorStatus::Exact, "“citation”".to_owned()), "{what}");
        assert_eq!(p.annotation(ids[0]).expect("a"), &before, "{what}: annotation unchanged");
    }
}

#[test]
fn status_is_kept_until_confirmed() {
    let r = range_of(ARTICLE, PASSAGE);
    let (mut p, ids) = project_with(ARTICLE, &[r]);
    let new = ARTICLE.replacen("stay closed", "remain closed", 1);
    reanchor(&mut p, new.as_bytes());
    assert_eq!(p.annotation(ids[0]).expect("a").status, AnchorStatus::Moved, "moved");
    // Same text again (as after a save and reopen): still moved.
    let text = reanchor(&mut p, new.as_bytes());
    assert_eq!(outcome(&p, &text, ids[0]).0, AnchorStatus::Moved, "kept");
    // A later harmless edit elsewhere does not upgrade it either.
    let text = reanchor(&mut p, format!("{new}\nPostscript.\n").as_bytes());
    assert_eq!(outcome(&p, &text, ids[0]).0, AnchorStatus::Moved, "still kept");
}

#[test]
fn many_annotations_in_one_pass() {
    let text: String =
        (0..400).map(|i| format!("Sentence number {i} says something about topic {}.\n", i % 17)).collect();
    let ranges: Vec<CharRange> =
        (0..400).step_by(7).map(|i| range_of(&text, &format!("Sentence number {i} says"))).collect();
    let (mut p, ids) = project_with(&text, &ranges);
    let new =
        text.replacen("Sentence number 3 says", "Sentence number three says", 1).replace("topic 5.", "topic five.");
    let st = reanchor(&mut p, new.as_bytes());
    for (i, id) in ids.iter().enumerate() {
        let (status, quote) = outcome(&p, &st, *id);
        assert_eq!(quote, format!("Sentence number {} says", i * 7), "annotation {i}");
        assert!(status <= AnchorStatus::Moved, "annotation {i}: {status:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Insertions away from a passage and its context never lose it, and a
    /// re-anchored quote always equals its text unless orphaned.
    #[test]
    fn anchors_survive_edits_outside_their_span(start in 0..300usize, len in 5..40usize, at in 0..400usize, ins in "[A-Z]{1,30}") {
        let text: String = (0..40).map(|i| format!("line {i}: the quick brown fox {} jumps.\n", i * 7 % 13)).collect();
        let n = text.chars().count();
        let start = start.min(n - len);
        let r = CharRange::new(start, start + len);
        let at = at.min(n);
        prop_assume!(at + 32 < start || at > start + len + 32);
        let (mut p, ids) = project_with(&text, &[r]);
        let quote = p.annotation(ids[0]).expect("a").anchor.exact.clone();
        let b = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
        let new = format!("{}{ins}{}", &text[..b], &text[b..]);
        let st = reanchor(&mut p, new.as_bytes());
        let a = p.annotation(ids[0]).expect("kept");
        prop_assert_ne!(a.status, AnchorStatus::Orphaned, "lost after an edit elsewhere");
        prop_assert_eq!(st.slice(a.anchor.range), quote.as_str(), "resolved to the same text");
        prop_assert_eq!(&a.anchor.exact, &quote, "quote equals its text");
    }

    #[test]
    fn resolved_quote_equals_text_or_is_orphan(edits in proptest::collection::vec((0..3000usize, 0..20usize, "[a-z ]{0,10}"), 1..8)) {
        let (mut p, ids) = project_with(ARTICLE, &[range_of(ARTICLE, PASSAGE), range_of(ARTICLE, "temporary ferry service"), range_of(ARTICLE, "Tuesday")]);
        let mut new: Vec<char> = ARTICLE.chars().collect();
        for (at, del, ins) in edits {
            let at = at % (new.len() + 1);
            let end = (at + del).min(new.len());
            new.splice(at..end, ins.chars());
        }
        let new: String = new.into_iter().collect();
        let st = reanchor(&mut p, new.as_bytes());
        for id in ids {
            let a = p.annotation(id).expect("never deleted");
            if a.status != AnchorStatus::Orphaned {
                prop_assert_eq!(st.slice(a.anchor.range), a.anchor.exact.as_str(), "quote equals text");
            }
        }
    }
}
