//! Tags and the codebook: a tree of tags with colours, ordered among
//! siblings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::TagId;

/// An sRGB colour, written as `"#rrggbb"` in the project file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Parse `#rrggbb` (the `#` is optional).
    pub fn parse(s: &str) -> Option<Self> {
        let h = s.strip_prefix('#').unwrap_or(s);
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// A distinct colour for the `n`th tag (golden-angle hue steps).
    pub fn palette(n: usize) -> Self {
        const COLOURS: [[u8; 3]; 10] = [
            [0xe6, 0x9f, 0x00],
            [0x56, 0xb4, 0xe9],
            [0x00, 0x9e, 0x73],
            [0xf0, 0xe4, 0x42],
            [0x00, 0x72, 0xb2],
            [0xd5, 0x5e, 0x00],
            [0xcc, 0x79, 0xa7],
            [0x99, 0x99, 0x99],
            [0x88, 0x22, 0x55],
            [0x44, 0xaa, 0x99],
        ];
        Self(COLOURS[n % COLOURS.len()])
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rgb::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a colour of the form \"#rrggbb\"")))
    }
}

/// A code of the codebook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Stable id.
    pub id: TagId,
    /// Name shown everywhere (unique names are not enforced).
    pub name: String,
    /// Highlight colour.
    pub color: Rgb,
    /// What the code means, for the codebook.
    pub description: Option<String>,
    /// Parent tag, if nested.
    pub parent: Option<TagId>,
    /// Position among its siblings (smaller first).
    pub order: u32,
    /// A category: it groups the tags below it and is never applied to a
    /// passage itself (REFI-QDA's `isCodable="false"`, QualCoder's
    /// categories). Written to the project file only when true, so projects
    /// without categories read in builds that predate it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub category: bool,
}

impl Tag {
    /// A top-level tag.
    pub fn new(name: impl Into<String>, color: Rgb) -> Self {
        Self { id: TagId::new(), name: name.into(), color, description: None, parent: None, order: 0, category: false }
    }
}

/// The codebook: all tags, keyed by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Codebook {
    tags: BTreeMap<TagId, Tag>,
}

impl Codebook {
    /// A colour for a new tag: the first of the palette no tag has yet,
    /// grey last (it reads as "nothing" beside the shared-text marks); when
    /// every colour is taken, the round starts again by count.
    pub fn next_colour(&self) -> Rgb {
        const GREY: usize = 7;
        let used: std::collections::HashSet<Rgb> = self.iter().map(|t| t.color).collect();
        (0..10)
            .filter(|i| *i != GREY)
            .chain([GREY])
            .map(Rgb::palette)
            .find(|c| !used.contains(c))
            .unwrap_or_else(|| Rgb::palette(self.len()))
    }

    /// The tag with this id.
    pub fn get(&self, id: TagId) -> Option<&Tag> {
        self.tags.get(&id)
    }

    /// All tags in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.tags.values()
    }

    /// Number of tags.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// True when there are no tags.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Children of `parent` (or the top-level tags for `None`), by order then name.
    pub fn children(&self, parent: Option<TagId>) -> Vec<&Tag> {
        let mut v: Vec<&Tag> = self.tags.values().filter(|t| t.parent == parent).collect();
        v.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.name.cmp(&b.name)).then(a.id.cmp(&b.id)));
        v
    }

    /// Every tag in tree order (depth first), with its depth. One pass to
    /// group the tags by parent (asking [`Self::children`] of every tag
    /// took 10,000 tags × 10,000 comparisons).
    pub fn tree(&self) -> Vec<(usize, &Tag)> {
        let mut kids: std::collections::HashMap<Option<TagId>, Vec<&Tag>> = std::collections::HashMap::new();
        for t in self.tags.values() {
            kids.entry(t.parent).or_default().push(t);
        }
        for v in kids.values_mut() {
            v.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.name.cmp(&b.name)).then(a.id.cmp(&b.id)));
        }
        let mut out = Vec::with_capacity(self.tags.len());
        let mut stack: Vec<(usize, &Tag)> =
            kids.get(&None).map(|v| v.iter().rev().map(|t| (0, *t)).collect()).unwrap_or_default();
        while let Some((depth, t)) = stack.pop() {
            out.push((depth, t));
            if let Some(v) = kids.get(&Some(t.id)) {
                stack.extend(v.iter().rev().map(|c| (depth + 1, *c)));
            }
        }
        out
    }

    /// How many levels `tag` is below the top (0 for a top-level tag).
    pub fn depth(&self, tag: TagId) -> usize {
        let mut d = 0;
        let mut cur = self.tags.get(&tag).and_then(|t| t.parent);
        while let Some(p) = cur {
            d += 1;
            if d > self.tags.len() {
                break; // a cycle; refused on insert, so never reached
            }
            cur = self.tags.get(&p).and_then(|t| t.parent);
        }
        d
    }

    /// Levels of sub-tags below `tag` (0 when it has none).
    pub fn height(&self, tag: TagId) -> usize {
        let mut kids: std::collections::HashMap<TagId, Vec<TagId>> = std::collections::HashMap::new();
        for t in self.tags.values() {
            if let Some(p) = t.parent {
                kids.entry(p).or_default().push(t.id);
            }
        }
        let mut best = 0;
        let mut stack = vec![(tag, 0usize)];
        while let Some((t, d)) = stack.pop() {
            best = best.max(d);
            if d < self.tags.len() {
                stack.extend(kids.get(&t).into_iter().flatten().map(|c| (*c, d + 1)));
            }
        }
        best
    }

    /// True when `ancestor` is `tag` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, ancestor: TagId, tag: TagId) -> bool {
        let mut cur = Some(tag);
        let mut steps = 0;
        while let Some(id) = cur {
            if id == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.tags.len() {
                return false; // a cycle; refused on insert, so never reached
            }
            cur = self.tags.get(&id).and_then(|t| t.parent);
        }
        false
    }

    /// The next free sibling order under `parent`.
    pub fn next_order(&self, parent: Option<TagId>) -> u32 {
        self.tags.values().filter(|t| t.parent == parent).map(|t| t.order + 1).max().unwrap_or(0)
    }

    /// Insert or replace a tag, returning the previous value. Callers check
    /// invariants first (see `Project::apply`).
    pub(crate) fn put(&mut self, id: TagId, tag: Option<Tag>) -> Option<Tag> {
        match tag {
            Some(t) => self.tags.insert(id, t),
            None => self.tags.remove(&id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_print() {
        let c = Rgb::parse("#0a1B2c").expect("valid colour");
        assert_eq!(c, Rgb([0x0a, 0x1b, 0x2c]), "parsed");
        assert_eq!(c.to_string(), "#0a1b2c", "printed lower case");
        assert!(Rgb::parse("#12345").is_none(), "too short");
        assert!(Rgb::parse("#12345g").is_none(), "not hex");
        assert!(Rgb::parse("#ééé").is_none(), "not ascii");
    }

    #[test]
    fn a_new_tag_gets_a_colour_no_tag_has_grey_last() {
        let mut cb = Codebook::default();
        assert_eq!(cb.next_colour(), Rgb::palette(0));
        for i in [0, 1, 2, 3, 4, 5, 6, 8] {
            let t = Tag::new(format!("t{i}"), Rgb::palette(i));
            cb.tags.insert(t.id, t);
        }
        assert_eq!(cb.next_colour(), Rgb::palette(9), "grey (7) skipped while another is free");
        let t = Tag::new("t9", Rgb::palette(9));
        cb.tags.insert(t.id, t);
        assert_eq!(cb.next_colour(), Rgb::palette(7), "grey when nothing else is left");
    }

    #[test]
    fn tree_is_depth_first_in_order() {
        let mut cb = Codebook::default();
        let mut a = Tag::new("a", Rgb::palette(0));
        a.order = 1;
        let mut b = Tag::new("b", Rgb::palette(1));
        b.order = 0;
        let mut a1 = Tag::new("a1", Rgb::palette(2));
        a1.parent = Some(a.id);
        for t in [&a, &b, &a1] {
            cb.put(t.id, Some(t.clone()));
        }
        let names: Vec<(usize, &str)> = cb.tree().iter().map(|(d, t)| (*d, t.name.as_str())).collect();
        assert_eq!(names, vec![(0, "b"), (0, "a"), (1, "a1")], "tree order");
        assert!(cb.is_ancestor_or_self(a.id, a1.id), "a is above a1");
        assert!(!cb.is_ancestor_or_self(a1.id, a.id), "a1 is not above a");
    }
}
