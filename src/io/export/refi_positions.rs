//! How another tool counted the positions of its text selections, found
//! from evidence.
//!
//! The REFI-QDA schema says a `PlainTextSelection` starts and ends at a
//! position in its source's text, not what a position counts. Tools differ:
//! some count Unicode code points, some UTF-16 code units (a character
//! outside the Basic Multilingual Plane, an emoji, is then two); some count
//! the UTF-8 byte-order mark at the start of the stored file, some do not;
//! some count a CRLF line end as two characters, some as one. For each
//! source every plausible way of counting is tried, and the one under
//! which the selections quote what their `name` says they quote (QualCoder
//! and MAXQDA write the selected text there, line breaks possibly as
//! spaces, long ones cut short with an ellipsis) is taken. A selection that
//! no way of counting explains is reported, never taken as exact.

use std::fmt;

use crate::model::{CharRange, SourceText};

/// What one position counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Units {
    /// Unicode code points (scalar values), as Synoptic counts.
    CodePoints,
    /// UTF-16 code units: a character outside the Basic Multilingual Plane
    /// counts two.
    Utf16,
}

/// One way of counting positions in a stored source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Convention {
    /// What a position counts.
    pub units: Units,
    /// Whether a byte-order mark at the start of the stored file counts.
    pub bom_counted: bool,
    /// Whether a CRLF line end counts as two (else as one).
    pub crlf_as_two: bool,
}

impl Convention {
    /// What earlier builds assumed for every archive: code points of the
    /// stored text as it is, BOM and both halves of a CRLF counted. It is
    /// what a tool writing plain code points over the stored file does, and
    /// what Synoptic's own archives (no BOM, LF line ends) agree with.
    pub const STORED: Self = Self { units: Units::CodePoints, bom_counted: true, crlf_as_two: true };

    /// Every convention, the most likely first (ties go to the earlier).
    pub const ALL: [Self; 8] = {
        let mut all = [Self::STORED; 8];
        let mut i = 0;
        while i < 8 {
            all[i] = Self {
                units: if i & 4 == 0 { Units::CodePoints } else { Units::Utf16 },
                bom_counted: i & 1 == 0,
                crlf_as_two: i & 2 == 0,
            };
            i += 1;
        }
        all
    };
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, BOM {}, CRLF as {}",
            match self.units {
                Units::CodePoints => "code points",
                Units::Utf16 => "UTF-16 units",
            },
            if self.bom_counted { "counted" } else { "not counted" },
            if self.crlf_as_two { "two" } else { "one" }
        )
    }
}

impl Convention {
    /// What a tool is known to do, by its name in `Project/@origin`; `None`
    /// for a tool we know nothing about. QualCoder: UTF-16 units, the BOM
    /// it writes not counted, a line break one (its "MAXQDA line endings"
    /// write CRLF so counted). MAXQDA: a line break one (what QualCoder
    /// writes for it). ATLAS.ti: a line break one although its files hold
    /// CRLF (QualCoder's importer corrects for it). NVivo: CRLF two
    /// (QualCoder's importer pads line ends to match) and UTF-16 units (a
    /// library writing for NVivo pads characters outside the BMP). What is
    /// not documented is assumed: the BOM not counted, code points for
    /// MAXQDA and ATLAS.ti. docs/FORMAT.md gives the sources.
    pub fn known(origin: &str) -> Option<Self> {
        let o = origin.to_lowercase();
        let one = Self { units: Units::CodePoints, bom_counted: false, crlf_as_two: false };
        if o.contains("qualcoder") {
            Some(Self { units: Units::Utf16, ..one })
        } else if o.contains("maxqda") || o.contains("atlas") {
            Some(one)
        } else if o.contains("nvivo") {
            Some(Self { units: Units::Utf16, bom_counted: false, crlf_as_two: true })
        } else if o.contains("synoptic") {
            Some(Self::STORED)
        } else {
            None
        }
    }
}

/// What a stored text holds that makes ways of counting differ (or, in
/// [`Counting::settled`], which of those the evidence decided).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// A byte-order mark at the start.
    pub bom: bool,
    /// A CRLF line end.
    pub crlf: bool,
    /// A character outside the Basic Multilingual Plane.
    pub astral: bool,
}

/// The features of a stored text.
pub fn features(stored: &str) -> Features {
    Features {
        bom: stored.starts_with('\u{feff}'),
        crlf: stored.contains("\r\n"),
        astral: stored.chars().any(|c| c.len_utf16() == 2),
    }
}

impl Features {
    /// The convention that counts as `c` does on a text with these
    /// features (what the text lacks cannot make a difference).
    fn key(self, c: Convention) -> Convention {
        Convention {
            units: if self.astral { c.units } else { Units::CodePoints },
            bom_counted: self.bom && c.bom_counted,
            crlf_as_two: self.crlf && c.crlf_as_two,
        }
    }
}

/// The conventions that give different positions for this stored text (one
/// representative of each group that agrees everywhere), most likely first.
fn distinct(stored: &str) -> Vec<Convention> {
    let f = features(stored);
    let mut out: Vec<Convention> = Vec::new();
    for c in Convention::ALL {
        if !out.iter().any(|o| f.key(*o) == f.key(c)) {
            out.push(c);
        }
    }
    out
}

/// Positions of a stored text under one convention, mapped onto the
/// normalized text (BOM dropped, CRLF and CR made LF).
#[derive(Clone, Debug)]
pub struct PositionMap {
    /// (position, normalized char offset) where a run of one position per
    /// char starts; the first is (0, 0).
    steps: Vec<(usize, usize)>,
    /// Positions inside a character (the second UTF-16 unit of one outside
    /// the Basic Multilingual Plane), sorted.
    inside: Vec<usize>,
    /// The last valid position.
    end: usize,
}

impl PositionMap {
    /// The map of `stored` under `c`.
    pub fn new(stored: &str, c: Convention) -> Self {
        let mut steps = vec![(0, 0)];
        let mut inside = Vec::new();
        let (mut u, mut n) = (0usize, 0usize);
        let mut chars = stored.chars().peekable();
        if chars.peek() == Some(&'\u{feff}') {
            chars.next();
            if c.bom_counted {
                u += 1;
                steps.push((u, n));
            }
        }
        while let Some(ch) = chars.next() {
            if ch == '\r' && chars.peek() == Some(&'\n') {
                // The CR: a position of its own, or none; the LF follows.
                if c.crlf_as_two {
                    u += 1;
                    steps.push((u, n));
                }
                continue;
            }
            if c.units == Units::Utf16 && ch.len_utf16() == 2 {
                inside.push(u + 1);
                u += 2;
                n += 1;
                steps.push((u, n));
                continue;
            }
            u += 1;
            n += 1;
        }
        Self { steps, inside, end: u }
    }

    /// The normalized char offset of `pos`, or `None` when it lies past the
    /// end or inside a character.
    pub fn get(&self, pos: usize) -> Option<usize> {
        if pos > self.end || self.inside.binary_search(&pos).is_ok() {
            return None;
        }
        let i = self.steps.partition_point(|(u, _)| *u <= pos) - 1;
        let (u, n) = self.steps[i];
        Some(n + (pos - u))
    }

    /// The normalized range of `start..end`, when both are valid and in order.
    pub fn range(&self, start: usize, end: usize) -> Option<CharRange> {
        let (a, b) = (self.get(start)?, self.get(end)?);
        (a <= b).then(|| CharRange::new(a, b))
    }

    /// The number of positions in the text.
    pub fn len(&self) -> usize {
        self.end
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.end == 0
    }
}

/// A selection as its tool wrote it: positions as given, and the text it
/// claims to quote, when it says.
#[derive(Clone, Copy, Debug)]
pub struct Claim<'a> {
    /// `startPosition`.
    pub start: usize,
    /// `endPosition`.
    pub end: usize,
    /// The selected text as the tool named it (`PlainTextSelection/@name`).
    pub quote: Option<&'a str>,
}

/// How one selection came out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placed {
    /// Its quote confirms it, or every way of counting the evidence leaves
    /// open puts it at the same place.
    Sure(CharRange),
    /// It says what it quotes, and no way of counting makes that true;
    /// placed by the chosen convention (or nowhere, when that puts it out of
    /// range).
    Unexplained(Option<CharRange>),
    /// It says nothing checkable and the ways of counting the evidence
    /// leaves open disagree about it; placed by the chosen one.
    Unsure(CharRange),
    /// Its positions lie outside the text under the chosen convention.
    OutOfRange,
}

/// The convention chosen for one source, and what it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counting {
    /// The convention used; what it says about a feature the text lacks
    /// means nothing.
    pub convention: Convention,
    /// What the text holds that ways of counting differ on.
    pub present: Features,
    /// Which of those the selections' quotes decided (the rest assumed).
    pub settled: Features,
    /// Selections whose quote it confirms.
    pub confirmed: usize,
    /// Selections that say what they quote.
    pub with_quote: usize,
    /// Whether the convention was taken as certain from the tool where the
    /// evidence left it open (Synoptic's own archives).
    pub certain: bool,
    /// Whether the selections' names turned out to be labels, not quotes
    /// (none of them occurs in the text): they were not used as evidence.
    pub names_are_labels: bool,
    /// Whether other conventions would have placed some selection elsewhere
    /// (when false, the choice did not matter).
    pub mattered: bool,
}

impl Counting {
    /// Whether the selections' own quotes chose the convention (else it was
    /// assumed, or did not matter).
    pub fn by_evidence(&self) -> bool {
        self.confirmed > 0
    }
}

impl Counting {
    /// The way of counting, only for what the text holds ("UTF-16 units,
    /// BOM not counted"), a part the evidence left open marked "assumed".
    pub fn way(&self) -> String {
        let (p, s, c) = (self.present, self.settled, self.convention);
        let mut parts = Vec::new();
        let assumed = |settled: bool| {
            if settled || self.certain || !self.by_evidence() { "" } else { " (assumed)" }
        };
        if p.astral {
            let units = if c.units == Units::Utf16 { "UTF-16 units" } else { "code points" };
            parts.push(format!("{units}{}", assumed(s.astral)));
        }
        if p.bom {
            let bom = if c.bom_counted { "BOM counted" } else { "BOM not counted" };
            parts.push(format!("{bom}{}", assumed(s.bom)));
        }
        if p.crlf {
            let crlf = if c.crlf_as_two { "CRLF as two" } else { "CRLF as one" };
            parts.push(format!("{crlf}{}", assumed(s.crlf)));
        }
        parts.join(", ")
    }
}

impl fmt::Display for Counting {
    /// Only what the text holds: "BOM not counted, CRLF as one — 12 of 12
    /// selection(s) naming their text confirm it".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let way = self.way();
        if way.is_empty() {
            return f.write_str("no BOM, CRLF or character outside the BMP, so every way of counting agrees");
        }
        f.write_str(&way)?;
        if !self.mattered {
            f.write_str(" — no selection lies where the ways of counting differ")
        } else if self.by_evidence() {
            write!(f, " — {} of {} selection(s) naming their text confirm it", self.confirmed, self.with_quote)
        } else if self.certain {
            f.write_str(" — as the tool that wrote it counts")
        } else if self.names_are_labels {
            f.write_str(" — assumed: the selections' names are labels, not their text")
        } else {
            f.write_str(" — assumed: no selection names its text")
        }
    }
}

/// The part of a name that can be checked, collapsed, and whether it was
/// cut short with an ellipsis; `None` for a name that says nothing.
fn checkable(quote: &str) -> Option<(String, bool)> {
    let q = crate::io::import::collapse_ws(quote);
    let (q, cut) = match q.strip_suffix('…').or_else(|| q.strip_suffix("...")) {
        Some(head) => (head.trim_end().to_owned(), true),
        None => (q, false),
    };
    (!q.is_empty()).then_some((q, cut))
}

/// Whether `quote`, as a tool named it, is the text `found`: the same words
/// with any run of white space (line breaks written as spaces, say) alike,
/// or, for a name cut short with an ellipsis, the start of it. `None` when
/// the name says nothing checkable (empty, or only an ellipsis).
pub fn quote_matches(quote: &str, found: &str) -> Option<bool> {
    let (q, cut) = checkable(quote)?;
    let f = crate::io::import::collapse_ws(found);
    Some(if cut { f.starts_with(&q) } else { f == q })
}

/// What to take where the evidence leaves the choice open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The convention to prefer: what other sources of the same archive
    /// showed, what the tool is known to do.
    pub convention: Convention,
    /// Whether it is known for certain (the archive is Synoptic's own), so
    /// that selections it places are sure even without evidence.
    pub certain: bool,
}

/// Choose the convention for one source's stored text and place its
/// selections.
///
/// The convention under which the most selections quote what they name
/// wins. Among conventions the evidence cannot tell apart, the `hint`'s is
/// taken when it is one of them, else the most likely
/// ([`Convention::ALL`]'s order). A selection without a checkable name is
/// sure only when every convention the evidence leaves open puts it at the
/// same place, or when the hint is certain and the evidence allows it.
pub fn place(stored: &str, text: &SourceText, claims: &[Claim<'_>], hint: Option<Hint>) -> (Counting, Vec<Placed>) {
    let f = features(stored);
    let maps: Vec<(Convention, PositionMap)> =
        distinct(stored).into_iter().map(|c| (c, PositionMap::new(stored, c))).collect();
    let verdict = |m: &PositionMap, cl: &Claim<'_>| -> Option<bool> {
        let q = cl.quote?;
        match m.range(cl.start, cl.end) {
            Some(r) => quote_matches(q, text.slice(r)),
            None => quote_matches(q, "").map(|_| false),
        }
    };
    let scores: Vec<usize> =
        maps.iter().map(|(_, m)| claims.iter().filter(|cl| verdict(m, cl) == Some(true)).count()).collect();
    let top = scores.iter().copied().max().unwrap_or(0);
    let mut open: Vec<usize> = (0..maps.len()).filter(|i| scores[*i] == top).collect();
    let hinted = hint.and_then(|h| open.iter().copied().find(|i| f.key(maps[*i].0) == f.key(h.convention)));
    let best = hinted.or_else(|| open.first().copied()).unwrap_or(0);
    let certain = hinted.is_some() && hint.is_some_and(|h| h.certain);
    if certain {
        open = vec![best];
    }
    let with_quote = claims.iter().filter(|cl| cl.quote.and_then(checkable).is_some()).count();
    // Names that quote nothing anywhere in the text are labels (a tool's
    // own name for the segment), not evidence against a position.
    // (A few names tell: each is a search through the whole text.)
    let names_are_labels = top == 0 && with_quote > 0 && {
        let all = crate::io::import::collapse_ws(text.as_str());
        !claims.iter().filter_map(|cl| cl.quote.and_then(checkable)).take(32).any(|(q, _)| all.contains(&q))
    };
    let (convention, map) = &maps[best];
    let all_open = |same: &dyn Fn(Convention) -> bool| top > 0 && open.iter().all(|i| same(maps[*i].0));
    let settled = Features {
        bom: f.bom && all_open(&|c| c.bom_counted == convention.bom_counted),
        crlf: f.crlf && all_open(&|c| c.crlf_as_two == convention.crlf_as_two),
        astral: f.astral && all_open(&|c| c.units == convention.units),
    };
    let mut mattered = false;
    let placed = claims
        .iter()
        .map(|cl| {
            let here = map.range(cl.start, cl.end);
            mattered |= maps.iter().any(|(_, m)| m.range(cl.start, cl.end) != here);
            let agree = open.iter().all(|i| maps[*i].1.range(cl.start, cl.end) == here);
            let said = if names_are_labels { None } else { verdict(map, cl) };
            match (said, here) {
                (Some(true), Some(r)) => Placed::Sure(r),
                (Some(_), r) => Placed::Unexplained(r),
                (None, Some(r)) if agree => Placed::Sure(r),
                (None, Some(r)) => Placed::Unsure(r),
                (None, None) => Placed::OutOfRange,
            }
        })
        .collect();
    let counting = Counting {
        convention: *convention,
        present: f,
        settled,
        confirmed: top,
        with_quote,
        names_are_labels,
        certain,
        mattered,
    };
    (counting, placed)
}

/// The text as Synoptic keeps it: BOM dropped, CRLF and CR made LF.
pub fn normalize(stored: &str) -> String {
    let s = stored.strip_prefix('\u{feff}').unwrap_or(stored);
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim<'a>(stored: &str, c: Convention, quote: &'a str, named: bool) -> Claim<'a> {
        // Positions as a tool using `c` would write them for `quote`.
        let (units, start) = count(stored, c, quote);
        Claim { start, end: start + units, quote: named.then_some(quote) }
    }

    /// (length of `quote`, position of its first occurrence) under `c`.
    fn count(stored: &str, c: Convention, quote: &str) -> (usize, usize) {
        let width = |s: &str, at_start: bool| -> usize {
            let mut n = 0;
            let mut it = s.chars().peekable();
            let mut first = at_start;
            while let Some(ch) = it.next() {
                if first && ch == '\u{feff}' {
                    n += usize::from(c.bom_counted);
                } else if ch == '\r' && it.peek() == Some(&'\n') {
                    n += usize::from(c.crlf_as_two);
                } else {
                    n += if c.units == Units::Utf16 { ch.len_utf16() } else { 1 };
                }
                first = false;
            }
            n
        };
        let byte = stored.find(quote).expect("quote in text");
        (width(quote, false), width(&stored[..byte], true))
    }

    fn run(stored: &str, claims: &[Claim<'_>]) -> (Counting, Vec<String>) {
        let text = SourceText::new(normalize(stored));
        let (counting, placed) = place(stored, &text, claims, None);
        let quotes = placed
            .iter()
            .map(|p| match p {
                Placed::Sure(r) => text.slice(*r).to_owned(),
                other => format!("{other:?}"),
            })
            .collect();
        (counting, quotes)
    }

    const QUALCODER: Convention = Convention { units: Units::Utf16, bom_counted: false, crlf_as_two: false };

    #[test]
    fn a_bom_that_is_not_counted_is_found_out() {
        let stored = "\u{feff}Title\nThe bridge closed on Monday.";
        let c = Convention { bom_counted: false, ..Convention::STORED };
        let claims = [claim(stored, c, "bridge closed", true), claim(stored, c, "Monday", true)];
        let (counting, quotes) = run(stored, &claims);
        assert_eq!(quotes, ["bridge closed", "Monday"]);
        assert!(!counting.convention.bom_counted, "{counting:?}");
        assert_eq!((counting.confirmed, counting.with_quote), (2, 2));
        // The same positions, had the BOM counted, are one char off: the
        // stored convention is tried first and loses on evidence.
        assert!(counting.mattered);
    }

    #[test]
    fn crlf_counted_as_one_is_found_out() {
        let stored = "One.\r\nTwo.\r\nThe third line\r\nand the fourth.";
        let c = Convention { crlf_as_two: false, ..Convention::STORED };
        let claims = [claim(stored, c, "The third line\r\nand", true)];
        // The name writes the line break as a space.
        let claims = [Claim { quote: Some("The third line and"), ..claims[0] }];
        let (counting, quotes) = run(stored, &claims);
        assert_eq!(quotes, ["The third line\nand"]);
        assert!(!counting.convention.crlf_as_two, "{counting:?}");
        // And as two, when a tool counts so.
        let claims = [claim(stored, Convention::STORED, "The third line", true)];
        let (counting, quotes) = run(stored, &claims);
        assert_eq!(quotes, ["The third line"]);
        assert!(counting.convention.crlf_as_two, "{counting:?}");
    }

    #[test]
    fn utf16_units_after_an_emoji_are_found_out() {
        let stored = "\u{feff}Smile 😀 then the text after the emoji, 𝄞 and more.";
        let claims = [
            claim(stored, QUALCODER, "Smile", true),
            claim(stored, QUALCODER, "the text after the emoji", true),
            claim(stored, QUALCODER, "and more", true),
        ];
        let (counting, quotes) = run(stored, &claims);
        assert_eq!(quotes, ["Smile", "the text after the emoji", "and more"]);
        let c = counting.convention;
        assert_eq!((c.units, c.bom_counted), (Units::Utf16, false), "{counting:?}");
        assert_eq!(counting.settled, Features { bom: true, crlf: false, astral: true }, "no CRLF to settle");
        assert_eq!(
            counting.to_string(),
            "UTF-16 units, BOM not counted — 3 of 3 selection(s) naming their text confirm it"
        );
        // Code points, for a tool that counts them.
        let cp = Convention { bom_counted: false, ..Convention::STORED };
        let (counting, quotes) = run(stored, &[claim(stored, cp, "and more", true)]);
        assert_eq!(quotes, ["and more"]);
        assert_eq!(counting.convention.units, Units::CodePoints);
    }

    #[test]
    fn a_selection_nothing_explains_is_not_sure() {
        let stored = "\u{feff}Alpha beta gamma.\r\nDelta 😀 epsilon.";
        let good = claim(stored, QUALCODER, "beta", true);
        let bad = Claim { start: 3, end: 9, quote: Some("zeta and eta") };
        let (counting, quotes) = run(stored, &[good, bad]);
        assert_eq!(quotes[0], "beta");
        assert!(quotes[1].starts_with("Unexplained(Some"), "{quotes:?}");
        assert_eq!((counting.confirmed, counting.with_quote), (1, 2));
    }

    #[test]
    fn without_evidence_only_disagreement_makes_a_selection_unsure() {
        let stored = "Before.\r\nAfter the break.";
        let early = Claim { start: 0, end: 6, quote: None };
        let late = Claim { start: 9, end: 14, quote: Some("") };
        let (counting, quotes) = run(stored, &[early, late]);
        assert_eq!(quotes[0], "Before", "the same under every convention");
        assert!(quotes[1].starts_with("Unsure"), "{quotes:?}");
        assert_eq!(counting.convention, Convention::STORED);
        assert!(counting.mattered);
    }

    #[test]
    fn evidence_settles_unnamed_selections_too() {
        // QualCoder's annotations carry no name: the source's named
        // codings decide how the BOM counts, and the annotation follows.
        let stored = "\u{feff}A report on GMTV and the budget.";
        let c = Convention { bom_counted: false, ..Convention::STORED };
        let named = claim(stored, c, "the budget", true);
        let unnamed = claim(stored, c, "GMTV", false);
        let (counting, quotes) = run(stored, &[named, unnamed]);
        assert_eq!(quotes, ["the budget", "GMTV"]);
        assert!(counting.by_evidence() && counting.mattered, "{counting:?}");
        // Without the named one nothing settles it.
        let (counting, quotes) = run(stored, &[unnamed]);
        assert!(quotes[0].starts_with("Unsure"), "{quotes:?}");
        assert!(!counting.by_evidence());
    }

    #[test]
    fn a_preference_decides_only_what_the_evidence_leaves_open() {
        let stored = "One line.\r\nA second line.";
        let one = Convention { crlf_as_two: false, ..Convention::STORED };
        let unnamed = claim(stored, one, "second", false);
        let text = SourceText::new(normalize(stored));
        let hint = Some(Hint { convention: one, certain: false });
        let (counting, placed) = place(stored, &text, &[unnamed], hint);
        assert_eq!(counting.convention, one);
        assert!(matches!(placed[0], Placed::Unsure(r) if text.slice(r) == "second"), "{placed:?}");
        // Evidence outweighs a preference.
        let named = claim(stored, Convention::STORED, "A second", true);
        let (counting, placed) = place(stored, &text, &[named], hint);
        assert_eq!(counting.convention, Convention::STORED);
        assert!(matches!(placed[0], Placed::Sure(r) if text.slice(r) == "A second"), "{placed:?}");
    }

    #[test]
    fn a_certain_hint_makes_unnamed_selections_sure() {
        // Our own archives: positions are our char offsets, no guess.
        let stored = "Smile 😀 then text.";
        let unnamed = claim(stored, Convention::STORED, "text", false);
        let text = SourceText::new(normalize(stored));
        let hint = Hint { convention: Convention::STORED, certain: true };
        let (counting, placed) = place(stored, &text, &[unnamed], Some(hint));
        assert!(matches!(placed[0], Placed::Sure(r) if text.slice(r) == "text"), "{placed:?}");
        assert!(counting.certain && counting.to_string().ends_with("as the tool that wrote it counts"), "{counting}");
        let (_, placed) = place(stored, &text, &[unnamed], Some(Hint { certain: false, ..hint }));
        assert!(matches!(placed[0], Placed::Unsure(_)), "only preferred, not certain: {placed:?}");
    }

    #[test]
    fn names_that_quote_nothing_are_labels_not_evidence() {
        let stored = "Plain text without any line break.";
        let label = Claim { start: 0, end: 5, quote: Some("Quotation 1") };
        let (counting, quotes) = run(stored, &[label]);
        assert!(counting.names_are_labels, "{counting:?}");
        assert_eq!(quotes, ["Plain"], "placed, and sure: no convention differs here");
        // A name found elsewhere in the text is a quote that does not fit.
        let off = Claim { start: 0, end: 5, quote: Some("text") };
        let (counting, quotes) = run(stored, &[off]);
        assert!(!counting.names_are_labels);
        assert!(quotes[0].starts_with("Unexplained"), "{quotes:?}");
    }

    #[test]
    fn names_cut_short_and_spaced_line_breaks_match() {
        assert_eq!(quote_matches("Watchdog probes  The info", "Watchdog probes\n\nThe info"), Some(true));
        assert_eq!(quote_matches("The start of a long…", "The start of a long passage"), Some(true));
        assert_eq!(quote_matches("the ferry left at...", "the ferry left at noon"), Some(true));
        assert_eq!(quote_matches("The start", "The start of a long passage"), Some(false));
        assert_eq!(quote_matches("", "anything"), None);
        assert_eq!(quote_matches("…", "anything"), None);
    }

    #[test]
    fn positions_inside_a_character_or_past_the_end_are_none() {
        let m = PositionMap::new("a😀b", QUALCODER);
        assert_eq!((m.get(0), m.get(1), m.get(2), m.get(3), m.get(4)), (Some(0), Some(1), None, Some(2), Some(3)));
        assert_eq!(m.get(5), None);
        let m = PositionMap::new("\u{feff}ab\r\ncd\re", Convention::STORED);
        // stored: BOM a b CR LF c d CR e
        let all: Vec<_> = (0..=9).map(|p| m.get(p)).collect();
        assert_eq!(all, [0, 0, 1, 2, 2, 3, 4, 5, 6, 7].map(Some));
        assert_eq!(normalize("\u{feff}ab\r\ncd\re"), "ab\ncd\ne");
    }
}
