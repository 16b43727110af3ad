//! The short lines of page furniture told by their words: a dateline
//! ("Updated 5:27 am CST, Wednesday, November 20, 2019"), a byline ("By
//! Justine Coleman - 11/18/19 11:04 PM EST") and a picture credit ("Photo:
//! Hau Dinh, AP", "© John Brecher").

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];
/// Words that go with a date in a dateline.
const DATE_FILLERS: &[&str] = &[
    "updated",
    "update",
    "published",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "ago",
    "hours",
    "hour",
    "hrs",
    "minutes",
    "mins",
    "min",
    "days",
    "day",
    "today",
    "yesterday",
    "th",
    "st",
    "nd",
    "rd",
    "utc",
    "gmt",
    "a.m",
    "p.m",
];

/// What a word of a dateline is.
#[derive(PartialEq)]
enum DateWord {
    /// A month, weekday, number or time: what makes it a date.
    Date,
    /// "Updated", "at", "am", a time zone.
    Filler,
    Other,
}

fn date_word(w: &str) -> DateWord {
    let lower = w.to_lowercase();
    if MONTHS.contains(&lower.as_str()) || WEEKDAYS.contains(&lower.as_str()) {
        return DateWord::Date;
    }
    // Numbers, dates and times: "2019", "11/18/19", "4:10", "4:10pm".
    let num = lower.strip_suffix("am").or_else(|| lower.strip_suffix("pm")).unwrap_or(&lower);
    if num.chars().any(|c| c.is_ascii_digit()) && num.chars().all(|c| c.is_ascii_digit() || "/:.-".contains(c)) {
        return DateWord::Date;
    }
    // "13th", "2nd".
    if let Some(i) = w.find(|c: char| !c.is_ascii_digit())
        && i > 0
        && ["th", "st", "nd", "rd"].contains(&&lower[i..])
    {
        return DateWord::Date;
    }
    // Time zones: EST, CEST, PDT, GMT, UTC.
    let tz = w.len() >= 2 && w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase()) && w.ends_with('T');
    if tz || DATE_FILLERS.contains(&lower.as_str()) {
        return DateWord::Filler;
    }
    DateWord::Other
}

/// Words of a short line, split at spaces and punctuation (keeping the
/// `/`, `:`, `.` and `-` inside numbers).
fn line_words(p: &str) -> Vec<&str> {
    p.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | ';' | '(' | ')' | '·' | '•' | '—' | '–'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// "Updated 5:27 am CST, Wednesday, November 20, 2019", "PUBLISHED: 10:48,
/// Tue, Nov 19, 2019": a short line that is a date and little else.
pub(super) fn is_dateline(p: &str) -> bool {
    if p.len() > 200 {
        return false;
    }
    let w = line_words(p);
    if w.is_empty() || w.len() > 16 {
        return false;
    }
    let kinds: Vec<DateWord> = w.iter().map(|x| date_word(x)).collect();
    let dates = kinds.iter().filter(|k| **k == DateWord::Date).count();
    let other = kinds.iter().filter(|k| **k == DateWord::Other).count();
    // A full numeric date alone ("2021-06-01", "14/03/2021") is one word.
    let full_date = |w: &str| w.chars().filter(|c| "-/.".contains(*c)).count() == 2 && date_word(w) == DateWord::Date;
    (other == 0 && (dates >= 2 || (w.len() == 1 && full_date(w[0])))) || is_cjk_dateline(p)
}

/// Most chars of a source's name beside the date in a CJK dateline.
const CJK_SOURCE_CHARS: usize = 12;

/// "TNW中文站2016年10月14日07:17", "2019年11月19日 08:30 来源：新华网": a
/// full date written with 年月日 (perhaps a time), and at most a short
/// source name, with no sentence punctuation. A line that reports a date
/// in a sentence ("记者10月14日报道") has no year and stays.
fn is_cjk_dateline(p: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(\s*\d{1,2}[:：]\d{2}([:：]\d{2})?)?")
            .expect("a valid pattern")
    });
    let t = p.trim();
    if t.chars().count() > 40 {
        return false;
    }
    let Some(m) = DATE.find(t) else { return false };
    let rest = format!("{}{}", &t[..m.start()], &t[m.end()..]);
    let rest: String = rest.chars().filter(|c| !c.is_whitespace() && !"|:：/-—·".contains(*c)).collect();
    rest.chars().count() <= CJK_SOURCE_CHARS && !rest.chars().any(|c| "。，！？；,.!?;".contains(c))
}

/// "By Justine Coleman - 11/18/19 11:04 PM EST", "by Regan September 15,
/// 2014": "By", a few capitalised names, perhaps a date.
pub(super) fn is_byline(p: &str) -> bool {
    if p.len() > 250 || !p.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("by ")) {
        return false;
    }
    let w = line_words(p);
    let Some(first) = w.first() else { return false };
    if !first.eq_ignore_ascii_case("by") || w.len() > 20 {
        return false;
    }
    let mut names = 0;
    for x in &w[1..] {
        if date_word(x) != DateWord::Other || ["and", "&"].contains(x) {
            continue;
        }
        if x.chars().next().is_some_and(char::is_uppercase) {
            names += 1;
        } else {
            return false;
        }
    }
    (1..=8).contains(&names)
}

/// What a page's byline says, split: the author ("Associated Press",
/// "Carrie Arnold") and the date written after it, if any ("November 19,
/// 2019, 9:02 AM"). "By" and "Posted by" go; a date glued to the name
/// (`ArnoldNovember 15`) is parted; a comment form's field label caught as
/// the byline ("Name *", "Nama (wajib)") or a site's "admin" is no author.
pub(crate) fn split_byline(b: &str) -> (String, String) {
    static GLUED_CAPS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"([A-Z]{2,})([A-Z][a-z])").expect("a valid pattern"));
    static FIELD_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\*|\((required|wajib|obligatoire|obligatorio|obrigatório|erforderlich|pflichtfeld)\)")
            .expect("a valid pattern")
    });
    let mut b = b.split_whitespace().collect::<Vec<_>>().join(" ");
    for prefix in ["posted by ", "written by ", "words by ", "by: ", "by "] {
        if b.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            b = b[prefix.len()..].to_owned();
            break;
        }
    }
    // "ArnoldNovember 15": a month name glued to the name before it.
    for m in MONTHS.iter().filter(|m| m.len() > 3) {
        let cap = format!("{}{}", m[..1].to_uppercase(), &m[1..]);
        while let Some(i) = b.find(&cap).filter(|&i| b[..i].chars().next_back().is_some_and(char::is_lowercase)) {
            b.insert(i, ' ');
        }
    }
    // "LAWLESSAssociated Press": a name in capitals glued to the agency.
    let b = GLUED_CAPS.replace_all(&b, "$1 $2").into_owned();
    // The date: from the first date word on, when all that follows is date.
    let mut starts = vec![0];
    starts.extend(b.char_indices().filter(|(_, c)| c.is_whitespace()).map(|(i, _)| i + 1));
    let cut = starts.into_iter().find(|&s| {
        let tail = &b[s..];
        let first = tail.split_whitespace().next().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        first.is_some_and(|w| !w.is_empty() && date_word(w) == DateWord::Date)
            && line_words(tail).iter().all(|w| date_word(w) != DateWord::Other)
    });
    let (name, date) = cut.map_or((b.as_str(), ""), |s| (&b[..s], b[s..].trim()));
    let name = name.trim_matches(|c: char| c.is_whitespace() || ",;|-—–·:".contains(c));
    let junk = name.is_empty()
        || FIELD_LABEL.is_match(name)
        || ["by", "admin", "administrator"].iter().any(|j| name.eq_ignore_ascii_case(j));
    (if junk { String::new() } else { name.to_owned() }, date.to_owned())
}

/// How a line crediting a picture starts.
const CREDITS: &[&str] = &[
    "photo:",
    "photos:",
    "photograph:",
    "image:",
    "images:",
    "picture:",
    "pictures:",
    "credit:",
    "credits:",
    "photo credit",
    "image credit",
    "image copyright",
    "copyright",
    "©",
];

/// Lines that credit a picture: "Photo: Hau Dinh, AP", "(Image: © NASA)",
/// "© John Brecher", "Image copyright Getty Images", and the "Image
/// caption" that screen readers announce before a caption.
pub(super) fn is_credit(p: &str) -> bool {
    if p.len() > 800 {
        return false;
    }
    let t = p.trim_start_matches(|c: char| c == '(' || c == '[' || c.is_whitespace()).to_lowercase();
    let words = t.split_whitespace().count();
    if t.starts_with("image caption") {
        return words <= 80;
    }
    words <= 12 && CREDITS.iter().any(|c| t.starts_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_give_an_author_and_perhaps_a_date() {
        for (b, author, date) in [
            ("Associated Press November 19, 2019, 9:02 AM", "Associated Press", "November 19, 2019, 9:02 AM"),
            ("Carrie ArnoldNovember 15, 2019", "Carrie Arnold", "November 15, 2019"),
            ("Jeff Foust — November 18, 2019", "Jeff Foust", "November 18, 2019"),
            ("DANICA KIRKA and JILL LAWLESSAssociated Press", "DANICA KIRKA and JILL LAWLESS Associated Press", ""),
            ("admin - 2018-09-16", "", "2018-09-16"),
            ("Posted by Vortex", "Vortex", ""),
            ("PTI,", "PTI", ""),
            ("By", "", ""),
            ("Nama (wajib)", "", ""),
            ("Имя *", "", ""),
            ("By  May Smith", "May Smith", ""),
            ("Justine Coleman", "Justine Coleman", ""),
            ("Ann McDonald", "Ann McDonald", ""),
        ] {
            assert_eq!(split_byline(b), (author.to_owned(), date.to_owned()), "{b}");
        }
    }

    #[test]
    fn datelines_bylines_and_credits() {
        for p in [
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "PUBLISHED: 10:48, Tue, Nov 19, 2019",
            "| UPDATED: 11:05, Tue, Nov 19, 2019",
            "Posted: Fri 6:45 PM, Feb 16, 2018 |",
            "November 18, 2019 | 4:10pm",
            "TNW中文站2016年10月14日07:17",
            "2021-06-01",
            "14/03/2021",
            "2019年11月19日 08:30 来源：新华网",
        ] {
            assert!(is_dateline(p), "dateline: {p}");
        }
        for p in ["By Justine Coleman - 11/18/19 11:04 PM EST", "by Regan September 15, 2014", "By Ann Lee and Bo Ng"] {
            assert!(is_byline(p), "byline: {p}");
        }
        for p in [
            "Photo: Hau Dinh, AP",
            "(Image: © NASA/ESA/K. Retherford/SWRI)",
            "© John Brecher",
            "Image copyright Getty Images",
        ] {
            assert!(is_credit(p), "credit: {p}");
        }
        for p in [
            "By Tuesday, it was over.",
            "On November 20, 2019, the council met at 5:27 pm to vote on the bridge.",
            "Photo: the council met on Monday and decided to close the bridge for six weeks while engineers inspect its supports.",
            "2019",
            "3.14",
            "TNW中文站 10月14日报道",
            "2016年10月14日，谷歌宣布了一款新的计算机。",
        ] {
            assert!(!is_dateline(p) && !is_byline(p) && !is_credit(p), "body text: {p}");
        }
    }
}
