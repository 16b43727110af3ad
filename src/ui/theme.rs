//! Colours and text sizes of the reading desk, in one place.

use egui::{Color32, Visuals};

use crate::model::Rgb;

/// How text is set in the reader.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReaderStyle {
    /// Body font size in points.
    pub font_size: f32,
    /// Line height as a multiple of the font size.
    pub line_spacing: f32,
    /// Dark theme.
    pub dark: bool,
}

impl Default for ReaderStyle {
    fn default() -> Self {
        Self { font_size: 16.0, line_spacing: 1.45, dark: false }
    }
}

impl ReaderStyle {
    /// Smallest and largest font size offered.
    pub const FONT_RANGE: (f32, f32) = (9.0, 40.0);

    /// Space between paragraphs.
    pub fn paragraph_gap(&self) -> f32 {
        self.font_size * 0.7
    }

    /// Colour of body text.
    pub fn text_color(&self) -> Color32 {
        if self.dark { Color32::from_gray(225) } else { Color32::from_gray(25) }
    }

    /// egui visuals for the theme.
    pub fn visuals(&self) -> Visuals {
        if self.dark { Visuals::dark() } else { Visuals::light() }
    }

    /// Background of the text selection.
    pub fn selection(&self) -> Color32 {
        if self.dark {
            Color32::from_rgba_unmultiplied(90, 140, 255, 90)
        } else {
            Color32::from_rgba_unmultiplied(60, 120, 255, 70)
        }
    }
}

/// A tag colour as an egui colour.
pub fn tag_color(c: Rgb) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgb(r, g, b)
}

/// A translucent band of a tag colour, for highlights behind text.
pub fn tag_band(c: Rgb, dark: bool) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, if dark { 70 } else { 60 })
}
