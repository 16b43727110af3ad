//! A synopsis: the sentences of N documents grouped into rows that say the
//! same thing, in one order that reads down all of them.
//!
//! 1. **Sentences** by Unicode's sentence boundaries (UAX #29, through
//!    `unicode-segmentation`), with what news text needs besides: no end
//!    after an abbreviation ("Mr.", "U.S.", "Jan.") or an initial ("J."),
//!    a line break ends a sentence (headlines, datelines) unless the text
//!    is hard-wrapped (a plain-text book: its lines run on), and a run of
//!    more than [`MAX_WORDS`] words without an end is cut at a comma or a
//!    space, so that a text with no full stop still aligns.
//! 2. **Words** normalized for comparison: lower case, accents and quote
//!    marks and dashes gone (only letters and digits are kept), number
//!    words as digits ("five" = "5"). Each word weighs its inverse
//!    sentence frequency over all the documents, so "the" counts for
//!    little and a name for much.
//! 3. **Pairs** of sentences of different documents that share weighty
//!    words are scored by the weighted Dice coefficient (light rewording:
//!    a synonym, a dropped clause, a lead-in) and by containment, the
//!    shared weight over the smaller sentence's (one half of a sentence
//!    split in two, or two sentences merged into one). A sentence of
//!    common words only has no key to look up: it is compared with the
//!    sentences near where its neighbours' partners stand.
//! 4. **Rows**: pairs are taken best first into groups (union-find) that
//!    hold at most one sentence per document, or a few that follow each
//!    other when they are contained in a sentence of another document (a
//!    split, or a merge elsewhere). Among equal pairs (a line repeated
//!    through a book) those whose neighbours match come first. A
//!    sentence no pair takes stands in a row of its own: it is never
//!    forced into another's row.
//! 5. **Order**: progressive, as in multiple sequence alignment. The order
//!    starts as the reference document's (the one the user picked, else the
//!    one sharing the most rows); each further document's rows are laid
//!    over it: its rows already placed that keep its order (their longest
//!    increasing run) anchor it, its new rows go in after the anchor before
//!    them, and its other rows are marked as moved in that document.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization as _;
use unicode_segmentation::UnicodeSegmentation as _;

use super::job::{Cancelled, Control};
use crate::model::CharRange;

/// Longest run of words taken as one sentence.
pub const MAX_WORDS: usize = 80;
/// Weighted Dice coefficient from which two sentences say the same thing.
pub const SAME: f32 = 0.5;
/// Containment from which the smaller of two sentences is part of the
/// other (a split or a merge), when it has at least [`MIN_PART`] words.
pub const PART: f32 = 0.7;
/// Fewest words of a sentence taken as part of another.
pub const MIN_PART: usize = 4;

/// What to align.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The document whose order the rows follow (index into the texts).
    pub reference: Option<usize>,
    /// The user's choices, which the alignment follows over its own
    /// judgement.
    pub choices: Vec<Choice>,
}

/// A choice the user made about the rows, by document (index into the
/// texts) and chars; each names the sentence its range starts in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// These sentences share one row (rows merged, or passages linked).
    Together(Vec<(usize, CharRange)>),
    /// No sentence of the first list shares a row with one of the second
    /// (a row split).
    Apart(Vec<(usize, CharRange)>, Vec<(usize, CharRange)>),
    /// These sentences stand alone (taken out of their rows).
    Alone(Vec<(usize, CharRange)>),
}

/// A sentence of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Its chars in the document's text.
    pub range: CharRange,
    /// Its normalized words, as ids.
    words: Vec<u32>,
}

/// One row: what each document says there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Per document, its sentences in this row (indices into
    /// [`Synopsis::sentences`]; empty where it has none, two for a split).
    pub cells: Vec<Vec<usize>>,
    /// Per document, whether its sentence here stands elsewhere in its own
    /// order than the rows around it (moved), and after which row it stood.
    pub moved: Vec<Option<Option<usize>>>,
}

impl Row {
    /// How many documents have a sentence in this row.
    pub fn width(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
}

/// The documents' sentences and the rows that align them.
#[derive(Clone, Debug, Default)]
pub struct Synopsis {
    /// Per document, its sentences in order.
    pub sentences: Vec<Vec<Sentence>>,
    /// The rows, in reading order.
    pub rows: Vec<Row>,
}

mod differences;
mod pairs;
mod rows;
mod sentences;

pub use differences::{Difference, Summary, choices_of, differences, row_differences, summary};
use pairs::{Edge, pairs};
use rows::{Rules, fill_gaps, group, order};
pub use sentences::sentences;
use sentences::words_of;

/// Align `texts`: their sentences, grouped into rows.
pub fn align(texts: &[&str], options: &Options, control: &Control) -> Result<Synopsis, Cancelled> {
    use rayon::prelude::*;
    let n = texts.len();
    control.set_total(2 * n + 1);
    let (sentences, words) = read(texts, control)?;
    // Weights: inverse sentence frequency.
    let total: usize = sentences.iter().map(Vec::len).sum();
    let mut df = vec![0u32; words];
    for s in sentences.iter().flatten() {
        for w in &s.words {
            df[*w as usize] += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)] // counts far below 2^24
    let weight: Vec<f32> = df.iter().map(|d| ((total as f32 + 1.0) / (*d as f32)).ln().max(0.05)).collect();
    let mut edges = pairs(&sentences, &df, &weight, control)?;
    // Best first; among equals (a line repeated through a book: "CHAPTER
    // I", a refrain), the pair whose neighbours read the same too, then the
    // pair whose sentences stand at the same depth of their documents.
    let keys: Vec<Vec<u64>> = sentences
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| {
                    let mut h = rustc_hash::FxHasher::default();
                    std::hash::Hash::hash(&s.words, &mut h);
                    std::hash::Hasher::finish(&h)
                })
                .collect()
        })
        .collect();
    let key = |(d, i): (usize, usize), step: isize| i.checked_add_signed(step).and_then(|j| keys[d].get(j)).copied();
    let context =
        |e: &Edge| [-1, 1].iter().filter(|s| key(e.a, **s).is_some() && key(e.a, **s) == key(e.b, **s)).count();
    #[allow(clippy::cast_precision_loss)] // sentence counts
    let depth = |(d, i): (usize, usize)| i as f32 / sentences[d].len().max(1) as f32;
    let apart = |e: &Edge| (depth(e.a) - depth(e.b)).abs();
    edges.par_sort_unstable_by(|x, y| {
        y.dice
            .total_cmp(&x.dice)
            .then(context(y).cmp(&context(x)))
            .then(apart(x).total_cmp(&apart(y)))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let rules = Rules::new(&sentences, &options.choices);
    // A sentence taken out stays out, whatever joins it (a link too).
    let kept = |e: &Edge| !rules.alone.contains(&e.a) && !rules.alone.contains(&e.b);
    edges.retain(kept);
    // The user's joins come first, before any pair the words suggest.
    let mut forced: Vec<Edge> = rules.together.iter().filter(|e| kept(e)).cloned().collect();
    forced.append(&mut edges);
    let edges = forced;
    let mut rows = group(&sentences, &edges, &rules);
    fill_gaps(&sentences, &mut rows, &weight, &rules);
    let rows = order(&sentences, rows, options.reference);
    control.step();
    Ok(Synopsis { sentences, rows })
}

/// The documents' sentences (a document per thread), their words as dense
/// ids, and how many distinct words there are.
pub(super) fn read(texts: &[&str], control: &Control) -> Result<(Vec<Vec<Sentence>>, usize), Cancelled> {
    use rayon::prelude::*;
    // Sentences and the hashes of their words, a document per thread.
    let hashed: Vec<Vec<(CharRange, Vec<u64>)>> = texts
        .par_iter()
        .map(|text| {
            control.check()?;
            let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            let byte = |c: usize| chars.get(c).copied().unwrap_or(text.len());
            let doc = self::sentences(text)
                .into_iter()
                .map(|range| {
                    let words = words_of(&text[byte(range.start.0)..byte(range.end.0)])
                        .map(|w| {
                            use std::hash::{Hash as _, Hasher as _};
                            let mut h = rustc_hash::FxHasher::default();
                            w.hash(&mut h);
                            h.finish()
                        })
                        .collect();
                    (range, words)
                })
                .collect();
            control.step();
            Ok(doc)
        })
        .collect::<Result<_, Cancelled>>()?;
    // Words as dense ids.
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    let sentences: Vec<Vec<Sentence>> = hashed
        .into_iter()
        .map(|doc| {
            doc.into_iter()
                .map(|(range, hashes)| {
                    let mut words: Vec<u32> = hashes
                        .into_iter()
                        .map(|h| {
                            let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                            *ids.entry(h).or_insert(next)
                        })
                        .collect();
                    words.sort_unstable();
                    words.dedup();
                    Sentence { range, words }
                })
                .collect()
        })
        .collect();
    Ok((sentences, ids.len()))
}

#[cfg(test)]
mod tests {
    use super::rows::longest_increasing;
    use super::*;

    fn texts<'a>(s: &'a str, ranges: &[CharRange]) -> Vec<&'a str> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let b = |c: usize| chars.get(c).map_or(s.len(), |x| x.0);
        ranges.iter().map(|r| &s[b(r.start.0)..b(r.end.0)]).collect()
    }

    #[test]
    fn sentences_end_at_stops_and_lines_but_not_after_abbreviations() {
        let s = "Bridge opens\n\nMr. J. Smith said the U.S. firm paid $1.5m. It opened on Jan. 5 at 9 a.m. today! \
                 Residents cheered.";
        let got = texts(s, &sentences(s));
        assert_eq!(
            got,
            [
                "Bridge opens",
                "Mr. J. Smith said the U.S. firm paid $1.5m.",
                "It opened on Jan. 5 at 9 a.m. today!",
                "Residents cheered."
            ]
        );
    }

    #[test]
    fn a_text_with_no_stop_is_cut_into_runs() {
        let s = "word, ".repeat(500);
        let got = sentences(&s);
        assert!(got.len() >= 500 / MAX_WORDS, "{} runs", got.len());
        assert!(got.iter().all(|r| !r.is_empty()));
        let words: usize = texts(&s, &got).iter().map(|t| t.split_whitespace().count()).sum();
        assert_eq!(words, 500, "every word in one run");
    }

    #[test]
    fn numbers_accents_and_quotes_compare_equal() {
        let a: Vec<String> = words_of("“Five” cafés — 1,476 feet").collect();
        let b: Vec<String> = words_of("\"5\" cafes - 1476 Feet").collect();
        assert_eq!(a, b);
    }

    #[test]
    fn the_longest_increasing_run_is_found() {
        assert_eq!(longest_increasing(&[3, 1, 2, 5, 4, 6]), [1, 2, 4, 5]);
        assert!(longest_increasing(&[]).is_empty());
    }

    fn row_texts(syn: &Synopsis, docs: &[&str]) -> Vec<Vec<String>> {
        syn.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .enumerate()
                    .map(|(d, c)| {
                        c.iter()
                            .map(|i| texts(docs[d], &[syn.sentences[d][*i].range])[0].to_owned())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn reworded_split_moved_and_unique_sentences_find_their_rows() {
        let a = "The council opened the new bridge on Monday after two years of work. \
                 Engineer Dana Levi said the span is 450 metres long and cost five million pounds. \
                 Residents had complained about traffic jams for a decade. \
                 The mayor thanked the builders.";
        let b = "Meanwhile, the council opened its new bridge on Monday after 2 years of work. \
                 Residents had complained about the traffic jams for a decade. \
                 Engineer Dana Levi said the span is 450 metres long. \
                 It cost 5 million pounds. \
                 Police closed two lanes for the ceremony.";
        let syn = align(&[a, b], &Options::default(), &Control::new()).expect("aligned");
        let rows = row_texts(&syn, &[a, b]);
        let row_of = |needle: &str| rows.iter().position(|r| r.iter().any(|c| c.contains(needle))).expect(needle);
        assert_eq!(row_of("Meanwhile"), row_of("council opened the new"), "a lead-in and a number word: {rows:#?}");
        assert_eq!(row_of("Residents had complained about the"), row_of("Residents had complained about traffic"));
        assert_eq!(row_of("It cost 5 million"), row_of("cost five million"), "both halves of a split: {rows:#?}");
        assert_eq!(row_of("450 metres long."), row_of("cost five million"));
        let police = &syn.rows[row_of("Police")];
        assert_eq!(police.width(), 1, "found only in b: a row of its own");
        let mayor = &syn.rows[row_of("mayor")];
        assert_eq!(mayor.width(), 1);
        // b moved the residents' sentence before the engineer's.
        let moved: usize = syn.rows.iter().map(|r| r.moved.iter().filter(|m| m.is_some()).count()).sum();
        assert_eq!(moved, 1, "one move: {:?}", syn.rows.iter().map(|r| &r.moved).collect::<Vec<_>>());
        // Reading order follows a (the reference by size), b's unique
        // sentence after its predecessor.
        assert!(row_of("council opened the new") < row_of("Engineer"));
        assert!(row_of("Engineer") < row_of("Residents had complained about traffic"));
        assert!(row_of("Police") > row_of("It cost 5"));
    }

    #[test]
    fn documents_that_share_nothing_give_rows_of_one() {
        let syn = align(
            &["Apples are red. Pears are green.", "Cars need fuel. Roads need repair."],
            &Options::default(),
            &Control::new(),
        )
        .expect("aligned");
        assert_eq!(syn.rows.len(), 4);
        assert!(syn.rows.iter().all(|r| r.width() == 1));
    }

    #[test]
    fn the_reference_document_sets_the_order() {
        let a = "Alpha beta gamma delta one. Epsilon zeta eta theta two. Iota kappa lambda mu three.";
        let b = "Iota kappa lambda mu three. Alpha beta gamma delta one. Epsilon zeta eta theta two.";
        for (reference, first) in [(0, "Alpha"), (1, "Iota")] {
            let syn = align(&[a, b], &Options { reference: Some(reference), ..Options::default() }, &Control::new())
                .expect("aligned");
            let rows = row_texts(&syn, &[a, b]);
            assert_eq!(rows.len(), 3);
            assert!(rows[0][0].starts_with(first), "reference {reference}: {rows:?}");
            assert!(syn.rows.iter().flat_map(|r| &r.moved).filter(|m| m.is_some()).count() == 1);
        }
    }

    #[test]
    fn differences_mark_changed_words_and_figures_against_the_lead() {
        let d =
            differences("The mayor said 5 people were hurt on Monday.", "Mayor Jane Ruiz said six people were hurt.");
        let s = "Mayor Jane Ruiz said six people were hurt.";
        let added: Vec<(&str, bool)> = d.added.iter().map(|(r, e)| (texts(s, &[*r])[0], *e)).collect();
        assert_eq!(added, [("Jane", true), ("Ruiz", true), ("six", true)]);
        assert_eq!(d.dropped, ["The", "5", "on", "Monday"]);
        assert!(differences("Five “new” bridges", "five \"new\" Bridges").same(), "case, quotes and number words");
    }

    #[test]
    fn the_summary_counts_what_each_document_shares_and_who_was_first() {
        let a = "The bridge closed on Monday. Traffic was diverted through the old town. The mayor apologised.";
        let b = "Traffic was diverted through the old town. The bridge closed on Monday. Cyclists were angry.";
        let c = "The bridge closed on Monday.";
        let syn = align(&[a, b, c], &Options::default(), &Control::new()).expect("aligned");
        let s = summary(&syn, &["2026-03-02", "2026-03-01", ""]);
        assert_eq!(s.shared_with[0], [1, 1, 1], "a: apology alone, traffic with b, closure with all");
        assert_eq!(s.shared_with[1], [1, 1, 1]);
        assert_eq!(s.shared_with[2], [0, 0, 1]);
        assert_eq!(s.first, [0, 2, 0], "b is dated first and carries both shared rows");
        let same_day = summary(&syn, &["2026-03-01", "2026-03-01", ""]);
        assert_eq!(same_day.first, [2, 2, 0], "two outlets on one day are both first");
        let diffs = row_differences(&syn, &[a, b, c], 0, &Control::new()).expect("not cancelled");
        assert_eq!(diffs.len(), syn.rows.len());
        for (row, d) in syn.rows.iter().zip(&diffs) {
            for (cell, ds) in row.cells.iter().zip(d) {
                assert_eq!(cell.len(), ds.len());
                assert!(ds.iter().all(Difference::same), "identical sentences read the same");
            }
        }
    }

    #[test]
    fn a_hard_wrapped_text_runs_sentences_across_its_lines() {
        let para = "Well, Prince, so Genoa and Lucca are now just family estates of the\n\
                    Buonapartes. But I warn you, if you don't tell me that this means war,\n\
                    if you still try to defend the infamies and horrors perpetrated by that\n\
                    Antichrist, I see I have frightened you, sit down and tell me all the news.\n";
        let book = format!("CHAPTER I\n\n{para}\n{para}\n{para}");
        let got = texts(&book, &sentences(&book));
        assert_eq!(got[0], "CHAPTER I");
        assert_eq!(got[1], "Well, Prince, so Genoa and Lucca are now just family estates of the\nBuonapartes.");
        assert!(got[2].starts_with("But I warn you") && got[2].ends_with("all the news."), "{:?}", got[2]);
        assert_eq!(got.len(), 7);
        // News text with short lines keeps its line ends.
        let news = "Bridge closes\nBy A. Writer\nHarlow, 3 March\nThe bridge closed.\nIt was old.\nPeople walked.";
        assert_eq!(sentences(news).len(), 6);
    }

    #[test]
    fn a_repeated_line_pairs_with_the_one_at_its_depth() {
        let chapter =
            |k: usize| format!("CHAPTER\n\nThe story of day {k} goes on here with words of its own kind.\n\n");
        // The copy lacks the first chapter: each heading must stand beside
        // its own chapter's, not the next one down.
        let a: String = (0..6).map(chapter).collect();
        let b: String = (1..6).map(chapter).collect();
        let syn = align(&[&a, &b], &Options::default(), &Control::new()).expect("aligned");
        for row in &syn.rows {
            if let ([i], [j]) = (row.cells[0].as_slice(), row.cells[1].as_slice()) {
                assert_eq!(*i, *j + 2, "each sentence beside its copy: {:?}", syn.rows);
            }
        }
        assert_eq!(syn.rows.iter().filter(|r| r.width() == 2).count(), 10, "all of the copy aligned");
    }

    #[test]
    fn words_in_another_order_are_not_differences() {
        let d = differences(
            "\"Nobody will walk across\", Mayor Tomas Brandt said at Monday's briefing.",
            "Mayor Tomas Brandt said: \"Nobody will walk across\".",
        );
        assert!(d.added.is_empty(), "{:?}", d.added);
        assert_eq!(d.dropped, ["at", "Monday's", "briefing"]);
    }

    #[test]
    fn a_lead_of_its_own_stands_before_its_first_shared_row_and_an_unrelated_text_after_all() {
        let a =
            "The bridge closed on Monday after engineers found corrosion. Traffic was diverted through the old town.";
        let b = "Residents of Harlow woke to fences. The bridge closed on Monday after engineers found corrosion.";
        let c = "Cats sleep sixteen hours every single day. Dogs bark loudly at the postman.";
        let syn =
            align(&[a, b, c], &Options { reference: Some(0), ..Options::default() }, &Control::new()).expect("aligned");
        let at = |d: usize, i: usize| syn.rows.iter().position(|r| r.cells[d].contains(&i)).expect("placed");
        assert_eq!(at(1, 0) + 1, at(0, 0), "b's own lead just before the closure row");
        assert_eq!(at(0, 0), at(1, 1), "the closure row is shared");
        assert!(at(2, 0) > at(0, 1) && at(2, 1) > at(2, 0), "the unrelated text comes after, in its order");
    }

    #[test]
    fn the_users_choices_join_split_and_take_out() {
        let a =
            "The bridge closed on Monday after engineers found corrosion. Traffic was diverted through the old town.";
        let b = "The bridge closed on Monday after engineers found corrosion. Drivers took the long way round.";
        let plain = align(&[a, b], &Options::default(), &Control::new()).expect("aligned");
        let row_of = |syn: &Synopsis, d: usize, i: usize| syn.rows.iter().position(|r| r.cells[d].contains(&i));
        assert_eq!(row_of(&plain, 0, 0), row_of(&plain, 1, 0), "the closure is one row");
        assert_ne!(row_of(&plain, 0, 1), row_of(&plain, 1, 1), "the detours are not");
        let range = |syn: &Synopsis, d: usize, i: usize| syn.sentences[d][i].range;
        let choices = vec![
            Choice::Together(vec![(0, range(&plain, 0, 1)), (1, range(&plain, 1, 1))]),
            Choice::Alone(vec![(1, range(&plain, 1, 0))]),
        ];
        let chosen = align(&[a, b], &Options { choices, ..Options::default() }, &Control::new()).expect("aligned");
        assert_eq!(row_of(&chosen, 0, 1), row_of(&chosen, 1, 1), "joined by the user");
        assert_ne!(row_of(&chosen, 0, 0), row_of(&chosen, 1, 0), "taken out by the user");
        // Taken out wins over a link that joins it.
        let linked_out = vec![
            Choice::Together(vec![(0, range(&plain, 0, 0)), (1, range(&plain, 1, 0))]),
            Choice::Alone(vec![(1, range(&plain, 1, 0))]),
        ];
        let out = align(&[a, b], &Options { choices: linked_out, ..Options::default() }, &Control::new()).expect("ok");
        assert_ne!(row_of(&out, 0, 0), row_of(&out, 1, 0), "taken out though linked");
        let apart = vec![Choice::Apart(vec![(0, range(&plain, 0, 0))], vec![(1, range(&plain, 1, 0))])];
        let split =
            align(&[a, b], &Options { choices: apart, ..Options::default() }, &Control::new()).expect("aligned");
        assert_ne!(row_of(&split, 0, 0), row_of(&split, 1, 0), "split by the user");
    }

    #[test]
    fn a_choice_follows_its_sentence_when_text_before_it_changes() {
        use crate::model::{ChoiceKind, Document, Place, Project, RowChoice, SourceText};
        let mut p = Project::new();
        let d = Document::new("a.txt");
        let id = d.id;
        p.apply(Project::add_document_edit(d)).expect("doc");
        let quote = "The council said the bridge would stay shut.";
        let before = SourceText::new(format!("Radio North news desk\n\n{quote}"));
        let start = before.as_str().find(quote).map(|b| before.as_str()[..b].chars().count()).expect("there");
        let range = CharRange::new(start, start + quote.chars().count());
        let c = RowChoice::new(ChoiceKind::Alone, vec![Place { doc: id, range, quote: quote.into() }], vec![]);
        p.apply(Project::add_choice_edit(c)).expect("choice");
        let (now, stale) = choices_of(&p, &[id], &[&before]);
        assert_eq!((now, stale), (vec![Choice::Alone(vec![(0, range)])], 0));
        // An edit before the sentence: it moved, and is found.
        let edited = SourceText::new(format!("Radio North newsroom, Harlow\n\n{quote}"));
        let (now, stale) = choices_of(&p, &[id], &[&edited]);
        let moved = CharRange::new(range.start.0 + 7, range.end.0 + 7);
        assert_eq!((now, stale), (vec![Choice::Alone(vec![(0, moved)])], 0));
        // The sentence itself changed: set aside, not applied elsewhere.
        let changed = SourceText::new("Radio North news desk\n\nThe council said the bridge would reopen.".to_owned());
        let (now, stale) = choices_of(&p, &[id], &[&changed]);
        assert_eq!((now.len(), stale), (0, 1));
    }

    #[test]
    fn a_short_sentence_between_shared_rows_joins_its_counterpart() {
        let a = "The army crossed the river at dawn near the old mill.\n\"Yes,\" said Pierre.\nThe generals argued late into the night about the plan.";
        let b = "The army crossed the river at dawn near the old mill.\n\"Yes,\" said Piotr.\nThe generals argued late into the night about the plan.";
        let syn = align(&[a, b], &Options::default(), &Control::new()).expect("aligned");
        assert_eq!(syn.rows.len(), 3, "three rows, each shared: {:?}", syn.rows);
        assert!(syn.rows.iter().all(|r| r.width() == 2));
    }
}
