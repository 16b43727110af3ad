//! What each sentence of a row says differently, what each document shares, and the user's choices as the alignment takes them.

use super::sentences::normal;
#[allow(clippy::wildcard_imports)] // the parent's types and rules
use super::*;

/// The user's choices that apply to `docs` (with their texts), as the
/// alignment takes them: the project's row choices whose sentences are
/// still in the text (where they were, or moved by an edit before them; a
/// choice whose sentence was itself changed is set aside and counted,
/// never applied to other words), and the links between passages of two
/// of the documents (linked passages share a row).
pub fn choices_of(
    project: &crate::model::Project,
    docs: &[crate::model::DocId],
    texts: &[&crate::model::SourceText],
) -> (Vec<Choice>, usize) {
    use crate::model::{ChoiceKind, Place};
    let index = |d: crate::model::DocId| docs.iter().position(|x| *x == d);
    // Where the sentence is now: at its range, or (the text changed before
    // it) where its quote is, the nearest such place.
    let holds = |p: &Place| {
        let i = index(p.doc)?;
        let t = texts[i];
        if p.range.end.0 <= t.char_len() && t.slice(p.range) == p.quote {
            return Some((i, p.range));
        }
        if p.quote.trim().is_empty() {
            return None;
        }
        let was = t.char_to_byte(crate::model::CharIdx(p.range.start.0.min(t.char_len()))).0;
        let best = t.as_str().match_indices(p.quote.as_str()).map(|(b, _)| b).min_by_key(|b| b.abs_diff(was))?;
        let start = t.byte_to_char(crate::model::ByteIdx(best)).0;
        Some((i, CharRange::new(start, start + p.quote.chars().count())))
    };
    let mut out = Vec::new();
    let mut stale = 0;
    for c in project.choices() {
        // A choice about other documents is not this synopsis' business.
        if !c.places().any(|p| index(p.doc).is_some()) {
            continue;
        }
        let a: Option<Vec<_>> = c.a.iter().filter(|p| index(p.doc).is_some()).map(holds).collect();
        let b: Option<Vec<_>> = c.b.iter().filter(|p| index(p.doc).is_some()).map(holds).collect();
        let (Some(a), Some(b)) = (a, b) else {
            stale += 1;
            continue;
        };
        out.push(match c.kind {
            ChoiceKind::Together => Choice::Together(a.into_iter().chain(b).collect()),
            ChoiceKind::Apart => Choice::Apart(a, b),
            ChoiceKind::Alone => Choice::Alone(a),
        });
    }
    for l in project.links() {
        let (Some(x), Some(y)) = (project.annotation(l.from), project.annotation(l.to)) else { continue };
        if let (Some(i), Some(j)) = (index(x.doc), index(y.doc))
            && i != j
        {
            out.push(Choice::Together(vec![(i, x.anchor.range), (j, y.anchor.range)]));
        }
    }
    (out, stale)
}

/// How one sentence of a row reads against the row's lead (the
/// reference's sentences there, or the first column's when the reference
/// has none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Difference {
    /// Its words the lead does not have, as char ranges in the sentence,
    /// each with whether it is a number or a name (emphasised: a changed
    /// figure or a changed speaker matters most).
    pub added: Vec<(CharRange, bool)>,
    /// The lead's words it does not have, in order.
    pub dropped: Vec<String>,
}

impl Difference {
    /// True when it says what the lead says, word for word (after the
    /// normalizing of [`normal`]: case, accents, number words).
    pub fn same(&self) -> bool {
        self.added.is_empty() && self.dropped.is_empty()
    }
}

/// The words of `s` with their char ranges, and their normalized forms.
pub(super) fn words_at(s: &str) -> Vec<(CharRange, String, &str)> {
    let mut out = Vec::new();
    let (mut chars, mut bytes) = (0, 0);
    for (at, w) in s.unicode_word_indices() {
        chars += s[bytes..at].chars().count();
        let n = w.chars().count();
        let norm = if w.contains([',', '\'']) { normal(&w.replace([',', '\''], "")) } else { normal(w) };
        out.push((CharRange::new(chars, chars + n), norm, w));
        chars += n;
        bytes = at + w.len();
    }
    out
}

/// Word-level differences of `sentence` against `lead` (a diff of their
/// normalized words, Myers' algorithm through `similar`).
pub fn differences(lead: &str, sentence: &str) -> Difference {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let old = words_at(lead);
    let new = words_at(sentence);
    let a: Vec<&str> = old.iter().map(|w| w.1.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|w| w.1.as_str()).collect();
    let mut d = Difference::default();
    let (mut gone, mut came) = (Vec::new(), Vec::new());
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (dropped, added) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete { old_index, old_len, .. } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert { new_index, new_len, .. } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        gone.extend(dropped);
        came.extend(added);
    }
    // A word the lead has elsewhere in the sentence moved; it is no
    // difference ("Mayor Tomas Brandt said: …" against "… Mayor Tomas
    // Brandt said at Monday's briefing" lacks "at Monday's briefing" only).
    let mut spare: FxHashMap<&str, usize> = FxHashMap::default();
    for i in &gone {
        *spare.entry(old[*i].1.as_str()).or_default() += 1;
    }
    let mut moved: FxHashMap<&str, usize> = FxHashMap::default();
    for i in came {
        let w = new[i].1.as_str();
        if let Some(n) = spare.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            *moved.entry(w).or_default() += 1;
            continue;
        }
        let shown = new[i].2;
        // "six" is a number too: its normal form is digits.
        let number = shown.chars().any(char::is_numeric) || w.bytes().all(|c| c.is_ascii_digit());
        let name = i > 0 && shown.chars().next().is_some_and(char::is_uppercase);
        d.added.push((new[i].0, number || name));
    }
    for i in gone {
        let w = old[i].1.as_str();
        if let Some(n) = moved.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            continue;
        }
        d.dropped.push(old[i].2.to_owned());
    }
    d
}

/// Per row and document, the [`Difference`] of each of its sentences there
/// against the row's lead: the sentences of document `reference` in the
/// row, or of the first document that has some. The lead's own sentences
/// get an empty one. Where a document has several sentences in a row, the
/// words they lack together are on the first (each alone lacks the
/// others').
pub fn row_differences(
    syn: &Synopsis,
    texts: &[&str],
    reference: usize,
    control: &Control,
) -> Result<Vec<Vec<Vec<Difference>>>, Cancelled> {
    use rayon::prelude::*;
    // Each sentence's text, found in one pass over each document (a search
    // from the start for each would read a book once per sentence).
    let slices: Vec<Vec<&str>> = syn
        .sentences
        .iter()
        .zip(texts)
        .map(|(list, text)| {
            let mut bounds = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
            // Bounds read so far, and the byte of the last (char `seen - 1`);
            // sentences come in order, so the chars asked for never go back.
            let (mut seen, mut last) = (0usize, 0usize);
            let mut to = |c: usize| {
                while seen <= c {
                    last = bounds.next().unwrap_or(text.len());
                    seen += 1;
                }
                last
            };
            list.iter()
                .map(|s| {
                    let a = to(s.range.start.0);
                    let b = to(s.range.end.0);
                    text.get(a..b).unwrap_or("")
                })
                .collect()
        })
        .collect();
    syn.rows
        .par_iter()
        .map(|row| {
            control.check()?;
            let lead = if row.cells.get(reference).is_some_and(|c| !c.is_empty()) {
                reference
            } else {
                row.cells.iter().position(|c| !c.is_empty()).unwrap_or(0)
            };
            let lead_text: Vec<&str> = row.cells[lead].iter().map(|i| slices[lead][*i]).collect();
            let lead_text = lead_text.join(" ");
            Ok(row
                .cells
                .iter()
                .enumerate()
                .map(|(d, cell)| {
                    if d == lead {
                        return vec![Difference::default(); cell.len()];
                    }
                    let mut ds: Vec<Difference> = cell.iter().map(|i| differences(&lead_text, slices[d][*i])).collect();
                    // What a cell of several sentences lacks is what all of
                    // them together lack (each alone lacks the others).
                    if ds.len() > 1 {
                        let whole: Vec<&str> = cell.iter().map(|i| slices[d][*i]).collect();
                        let lacks = differences(&lead_text, &whole.join(" ")).dropped;
                        for (k, x) in ds.iter_mut().enumerate() {
                            x.dropped = if k == 0 { lacks.clone() } else { Vec::new() };
                        }
                    }
                    ds
                })
                .collect())
        })
        .collect()
}

/// Per document: how many of its sentences stand in rows with k other
/// documents (k = 0 … N−1; k = 0 is what it alone says), and how many rows
/// it carried first when `dates` (one per document, comparable strings such
/// as ISO dates; empty when unknown) say who was first (all of the earliest
/// date when several share it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Per document, per k, its sentences in rows shared with k others.
    pub shared_with: Vec<Vec<usize>>,
    /// Per document, the rows it was the first to carry (all zero without
    /// dates).
    pub first: Vec<usize>,
}

/// Summarize `syn` (see [`Summary`]).
pub fn summary(syn: &Synopsis, dates: &[&str]) -> Summary {
    let n = syn.sentences.len();
    let mut s = Summary { shared_with: vec![vec![0; n.max(1)]; n], first: vec![0; n] };
    for row in &syn.rows {
        let k = row.width().saturating_sub(1);
        for (d, cell) in row.cells.iter().enumerate() {
            s.shared_with[d][k] += cell.len();
        }
        if row.width() > 1 {
            // Every document of the earliest date carried it first (two
            // outlets on one day are both first).
            let carries = |d: &usize| !row.cells[*d].is_empty() && dates.get(*d).is_some_and(|x| !x.is_empty());
            if let Some(earliest) = (0..n).filter(carries).map(|d| dates[d]).min() {
                for d in (0..n).filter(carries).filter(|d| dates[*d] == earliest) {
                    s.first[d] += 1;
                }
            }
        }
    }
    s
}
