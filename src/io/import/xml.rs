//! A thin layer over `quick-xml` for the office and e-book formats: start
//! and end tags by local name (namespace prefixes vary between producers),
//! attributes and text with entities resolved, empty tags as start + end.

use quick_xml::events::Event;

use super::Failure;

/// One step through an XML document.
pub enum Ev<'a> {
    /// An opening (or empty) tag: local name and attributes (local names,
    /// unescaped values).
    Start(&'a str, &'a [(String, String)]),
    /// A closing tag (also sent right after an empty tag's `Start`).
    End(&'a str),
    /// Character data, entities resolved.
    Text(&'a str),
}

/// Walk `xml`, calling `f` for each step; `what` names the format in errors.
pub fn walk(xml: &str, what: &'static str, mut f: impl FnMut(Ev<'_>)) -> Result<(), Failure> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let damaged = |e: &dyn std::fmt::Display| Failure::Damaged { what, detail: format!("its XML is malformed ({e})") };
    let mut attrs: Vec<(String, String)> = Vec::new();
    loop {
        let ev = reader.read_event().map_err(|e| damaged(&e))?;
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let name = local(s.local_name().as_ref());
                attrs.clear();
                for a in s.attributes().flatten() {
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::default())
                        .map(std::borrow::Cow::into_owned)
                        .unwrap_or_default();
                    attrs.push((local(a.key.local_name().as_ref()), v));
                }
                f(Ev::Start(&name, &attrs));
                if matches!(ev, Event::Empty(_)) {
                    f(Ev::End(&name));
                }
            }
            Event::End(ref e) => f(Ev::End(&local(e.local_name().as_ref()))),
            Event::Text(t) => f(Ev::Text(&t.xml10_content())),
            Event::CData(t) => f(Ev::Text(&t.xml10_content())),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_xml_entity(&r).map(str::to_owned),
                };
                if let Some(s) = resolved {
                    f(Ev::Text(&s));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn local(name: &str) -> String {
    name.to_owned()
}

/// An attribute's value by local name.
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The text of the first element of each given local name, e.g. the
/// `title` and `creator` of a metadata file.
pub fn first_texts<const N: usize>(xml: &str, what: &'static str, names: [&str; N]) -> [String; N] {
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    let mut open: Option<usize> = None;
    let mut done = [false; N];
    let _ = walk(xml, what, |ev| match ev {
        Ev::Start(n, _) => {
            open = names.iter().position(|x| *x == n).filter(|&i| !done[i]);
        }
        Ev::Text(t) => {
            if let Some(i) = open {
                out[i].push_str(t);
            }
        }
        Ev::End(n) => {
            if let Some(i) = open.filter(|&i| names[i] == n) {
                done[i] = true;
                open = None;
            }
        }
    });
    out.map(|s| super::collapse_ws(&s))
}

/// The text of the first `element` whose `name` attribute is `key` (any
/// case): a user-defined property, as in a Word file's
/// `docProps/custom.xml` (`<property name="date"><vt:lpwstr>…`) or an
/// OpenDocument `meta.xml` (`<meta:user-defined meta:name="date">…`).
pub fn named_property(xml: &str, what: &'static str, element: &str, key: &str) -> String {
    let mut out = String::new();
    let (mut open, mut done) = (0usize, false);
    let _ = walk(xml, what, |ev| match ev {
        Ev::Start(n, attrs) if !done => {
            if open > 0 {
                open += 1;
            } else if n == element && attr(attrs, "name").is_some_and(|v| v.eq_ignore_ascii_case(key)) {
                open = 1;
            }
        }
        Ev::Text(t) if open > 0 => out.push_str(t),
        Ev::End(_) if open > 0 => {
            open -= 1;
            done = open == 0;
        }
        _ => {}
    });
    super::collapse_ws(&out)
}
