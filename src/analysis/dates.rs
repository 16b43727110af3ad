//! Reading the dates people write into a document's metadata ("2026-03-03",
//! "3 March 2026", "March 3, 2026", "03/03/2026", a web page's
//! `2026-03-03T08:15:00+01:00`) as calendar dates, for date filters, sorting
//! and the timeline; and writing the dates importers find (`Mon, 18 Nov
//! 2019 16:07:38 -0600`, `November 19, 2019, 07:47 PM EST`) as ISO 8601, so
//! that they sort, group and filter. chrono does the parsing; this module
//! only tries the formats in turn.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;

/// Formats tried after ISO, with the day before the month when numbers are
/// ambiguous (`day_first`) or the month first.
const WORDY: &[&str] = &["%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d. %B %Y"];

/// The calendar date in `s`, or `None` when it is not a full date.
/// Numeric dates with slashes or dots read day first when `day_first`
/// (03/04/2026 is 3 April), month first otherwise.
pub fn parse(s: &str, day_first: bool) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.date_naive());
    }
    // ISO date, possibly followed by a time ("2026-03-03 08:15", "…T08:15").
    if let Some(head) = s.get(..10)
        && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
        && s[10..].chars().next().is_none_or(|c| c == 'T' || c == ' ')
    {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y/%m/%d") {
        return Some(d);
    }
    let numeric: &[&str] = if day_first { &["%d/%m/%Y", "%d.%m.%Y"] } else { &["%m/%d/%Y", "%m.%d.%Y"] };
    if let Some(d) = numeric.iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok()) {
        return Some(d);
    }
    // A weekday in front ("Tuesday, 3 March 2026") is dropped.
    let s = s.split_once(", ").filter(|(w, _)| w.chars().all(char::is_alphabetic)).map_or(s, |(_, rest)| rest);
    // chrono reads "March 2026" as 20 March 26: ask for a day and a
    // four-digit year as separate words.
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let year_last = words.last().is_some_and(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
    if words.len() < 3 || !year_last {
        return None;
    }
    WORDY.iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// What [`normalize`] made of a date as a source wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Normalized {
    /// No date: empty, or a placeholder (`0001-01-01T00:00:00Z`, the first
    /// second of 1970) that a page writes when it has none.
    Absent,
    /// ISO 8601, as precise as the source: `2019-11-18T16:07:38-06:00` with
    /// a time and its offset, `2019-11-18T16:07:38` with a time but no
    /// zone, `2019-11-18` (or `2019-11`, `2019`) for a date alone.
    /// Fractions of a second are dropped.
    Iso(String),
    /// Not a date this module can read: keep it as written.
    Unreadable,
}

/// Zone abbreviations seen in news pages' dates, with their offsets east of
/// UTC in minutes. IST is taken as India's (+05:30), as on news sites; ET,
/// PT and the like (which change with the season) are not guessed.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("UT", 0),
    ("GMT", 0),
    ("Z", 0),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EST", -5 * 60),
    ("EDT", -4 * 60),
    ("CST", -6 * 60),
    ("CDT", -5 * 60),
    ("MST", -7 * 60),
    ("MDT", -6 * 60),
    ("PST", -8 * 60),
    ("PDT", -7 * 60),
    ("IST", 5 * 60 + 30),
];

/// ISO date-times with an offset (`Z`, `+01:00` or `+0100`), with or
/// without seconds and fractions, `T` or a space between date and time.
const ISO_ZONED: &[&str] =
    &["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%d %H:%M%#z"];

/// ISO date-times without a zone.
const ISO_LOCAL: &[&str] = &["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"];

/// A time of day in running text: `07:47 PM`, `4:10pm`, `16:07:38`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\b\.?)?").expect("a valid pattern")
});

/// `Nov.` and `Sept` as chrono's `%b` reads them.
static MONTH_DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?:\.|t\.?\b)").expect("a valid pattern")
});

/// A date (and time) as a source wrote it, as ISO 8601: RFC 3339 and other
/// ISO forms, RFC 2822 (`Mon, 18 Nov 2019 16:07:38 -0600`, `19 Nov 2019
/// 07:09 GMT`), and the dates of [`parse`] with a time and a zone
/// abbreviation (`November 19, 2019, 07:47 PM EST`, `01:38:07 PM IST Nov
/// 20, 2019`). A numeric date that reads differently day first and month
/// first (`03/04/2019`) is not guessed.
pub fn normalize(s: &str) -> Normalized {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Normalized::Absent;
    }
    // A year, or a year and month: ISO already, at that precision.
    if (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        || NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok_and(|_| s.len() == 7)
    {
        return Normalized::Iso(s);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
        return zoned(t);
    }
    if let Some(t) = ISO_ZONED.iter().find_map(|f| DateTime::parse_from_str(&s, f).ok()) {
        return zoned(t);
    }
    if let Some(t) = ISO_LOCAL.iter().find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok()) {
        return local(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(&s) {
        return zoned(t);
    }
    wordy(&s)
}

/// A date in words or numbers, perhaps with a time and a zone.
fn wordy(s: &str) -> Normalized {
    let (time, rest) = match TIME.captures(s) {
        Some(c) => {
            let n = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u32>().ok());
            let (Some(mut h), Some(m), Some(sec)) = (n(1), n(2), n(3)) else { return Normalized::Unreadable };
            if let Some(half) = c.get(4) {
                if !(1..=12).contains(&h) {
                    return Normalized::Unreadable;
                }
                h = h % 12 + if half.as_str().eq_ignore_ascii_case("p") { 12 } else { 0 };
            }
            let Some(t) = NaiveTime::from_hms_opt(h, m, sec) else { return Normalized::Unreadable };
            let whole = c.get(0).map_or(0..0, |m| m.range());
            (Some(t), format!("{} {}", &s[..whole.start], &s[whole.end..]))
        }
        None => (None, s.to_owned()),
    };
    // The zone: an abbreviation or a numeric offset among the words.
    let mut offset = None;
    let mut words = Vec::new();
    for w in rest.split(|c: char| c.is_whitespace() || matches!(c, '|' | '\u{b7}' | '\u{2022}' | '(' | ')')) {
        let bare = w.trim_matches(|c: char| c == ',' || c == ';');
        if bare.is_empty() || bare.eq_ignore_ascii_case("at") || bare == "-" || bare == "\u{2013}" {
            continue;
        }
        if let Some(z) = zone_offset(bare) {
            if offset.replace(z).is_some() {
                return Normalized::Unreadable;
            }
            continue;
        }
        words.push(w);
    }
    let date_text = words.join(" ");
    let date_text = MONTH_DOT.replace_all(date_text.trim_matches(|c: char| c == ',' || c == ';'), "$1");
    let (a, b) = (parse(&date_text, true), parse(&date_text, false));
    let date = match (a, b) {
        (Some(a), Some(b)) if a != b => return Normalized::Unreadable,
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => return Normalized::Unreadable,
    };
    match (time, offset) {
        (None, _) => dated(date, date.format("%Y-%m-%d").to_string()),
        (Some(t), None) => local(date.and_time(t)),
        (Some(t), Some(minutes)) => {
            match FixedOffset::east_opt(minutes * 60).and_then(|z| z.from_local_datetime(&date.and_time(t)).single()) {
                Some(t) => zoned(t),
                None => Normalized::Unreadable,
            }
        }
    }
}

/// The offset (minutes east of UTC) a word names: a zone abbreviation from
/// [`ZONES`] or `+0530`, `-06:00`.
fn zone_offset(w: &str) -> Option<i32> {
    if let Some((_, m)) = ZONES.iter().find(|(z, _)| *z == w) {
        return Some(*m);
    }
    let (sign, digits) = match w.as_bytes().first()? {
        b'+' => (1, &w[1..]),
        b'-' => (-1, &w[1..]),
        _ => return None,
    };
    let digits = digits.replace(':', "");
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// A date-time with its offset, or `Absent` for a placeholder.
fn zoned(t: DateTime<FixedOffset>) -> Normalized {
    let epoch = t.timestamp() == 0;
    dated(t.date_naive(), if epoch { String::new() } else { t.format("%Y-%m-%dT%H:%M:%S%:z").to_string() })
}

/// A date-time without a zone, or `Absent` for a placeholder.
fn local(t: NaiveDateTime) -> Normalized {
    dated(t.date(), t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// `iso`, unless the date is a placeholder (year 1 or before; `iso` empty
/// for the Unix epoch).
fn dated(d: NaiveDate, iso: String) -> Normalized {
    if d.year() <= 1 || iso.is_empty() { Normalized::Absent } else { Normalized::Iso(iso) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_the_usual_spellings() {
        for s in [
            "2026-03-04",
            "2026-03-04T08:15:00+01:00",
            "2026-03-04 08:15",
            "2026/03/04",
            "4 March 2026",
            "4 Mar 2026",
            "March 4, 2026",
            "Wednesday, 4 March 2026",
            "04/03/2026",
        ] {
            assert_eq!(parse(s, true), d(2026, 3, 4), "{s}");
        }
        assert_eq!(parse("03/04/2026", false), d(2026, 3, 4), "month first");
    }

    #[test]
    fn refuses_what_is_not_a_full_date() {
        for s in ["", "2026", "March 2026", "yesterday", "2026-13-01", "2026-03-04x", "31/02/2026"] {
            assert_eq!(parse(s, true), None, "{s}");
        }
    }

    #[test]
    fn normalizes_what_web_pages_and_documents_write() {
        let iso = |s: &str| Normalized::Iso(s.to_owned());
        for (written, want) in [
            ("Mon, 18 Nov 2019 16:07:38 -0600", iso("2019-11-18T16:07:38-06:00")),
            ("19 Nov 2019 07:09 GMT", iso("2019-11-19T07:09:00+00:00")),
            ("November 19, 2019, 07:47 PM EST", iso("2019-11-19T19:47:00-05:00")),
            ("2019-11-19", iso("2019-11-19")),
            ("November 19, 2019", iso("2019-11-19")),
            ("0001-01-01T00:00:00Z", Normalized::Absent),
            ("1970-01-01T00:00:00Z", Normalized::Absent),
            ("", Normalized::Absent),
            ("  ", Normalized::Absent),
            // RFC 3339 and the other ISO spellings pages use.
            ("2026-03-02T08:00:00Z", iso("2026-03-02T08:00:00+00:00")),
            ("2019-11-20T10:18:01+05:30", iso("2019-11-20T10:18:01+05:30")),
            ("2021-11-01T10:52:50+0100", iso("2021-11-01T10:52:50+01:00")),
            ("2019-11-20T01:53:14.418Z", iso("2019-11-20T01:53:14+00:00")),
            ("2019-11-19T18:18:25.828095", iso("2019-11-19T18:18:25")),
            ("2017-11-03 03:01:00.000000", iso("2017-11-03T03:01:00")),
            ("2018-04-05T06:00", iso("2018-04-05T06:00:00")),
            ("2019-11-19 19:31:39", iso("2019-11-19T19:31:39")),
            // Time before date, an Indian paper's; a byline's date and time.
            ("01:38:07 PM IST Nov 20, 2019", iso("2019-11-20T13:38:07+05:30")),
            ("November 18, 2019 | 4:10pm", iso("2019-11-18T16:10:00")),
            ("Nov. 18, 2019 at 12:05 a.m. EDT", iso("2019-11-18T00:05:00-04:00")),
            ("Tuesday, 19 November 2019 09:30 +0100", iso("2019-11-19T09:30:00+01:00")),
            // A date alone, at the precision given.
            ("1869", iso("1869")),
            ("2019-11", iso("2019-11")),
            ("25/12/2019", iso("2019-12-25")),
        ] {
            assert_eq!(normalize(written), want, "{written:?}");
        }
    }

    #[test]
    fn what_cannot_be_read_is_not_guessed() {
        for s in [
            "sometime last week",
            "03/04/2019",
            "November 19, 2019, 07:47 PM ET",
            "2019-13-45",
            "25:61 November 19, 2019",
            "13:00 PM November 19, 2019",
            "Nov 19, 2019 07:47 EST PST",
        ] {
            assert_eq!(normalize(s), Normalized::Unreadable, "{s:?}");
        }
    }
}
