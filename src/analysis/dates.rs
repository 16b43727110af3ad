//! Reading the dates people write into a document's metadata ("2026-03-03",
//! "3 March 2026", "March 3, 2026", "03/03/2026", a web page's
//! `2026-03-03T08:15:00+01:00`) as calendar dates, for date filters, sorting
//! and the timeline. chrono does the parsing; this module only tries the
//! formats in turn.

use chrono::{DateTime, NaiveDate};

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
}
