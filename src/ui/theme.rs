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

impl ReaderStyle {
    /// Band behind search hits.
    pub fn search_hit(&self) -> Color32 {
        if self.dark {
            Color32::from_rgba_unmultiplied(230, 200, 60, 80)
        } else {
            Color32::from_rgba_unmultiplied(255, 210, 0, 110)
        }
    }

    /// Underline of passages other documents share.
    pub fn shared_mark(&self) -> Color32 {
        if self.dark { Color32::from_rgb(150, 170, 200) } else { Color32::from_rgb(95, 115, 150) }
    }

    /// Ribbon joining a shared passage across two panes.
    pub fn shared_ribbon(&self) -> Color32 {
        if self.dark {
            Color32::from_rgba_unmultiplied(150, 170, 200, 45)
        } else {
            Color32::from_rgba_unmultiplied(95, 115, 150, 40)
        }
    }

    /// Ribbon and marks of a link.
    pub fn link(&self) -> Color32 {
        if self.dark { Color32::from_rgb(240, 160, 80) } else { Color32::from_rgb(205, 110, 20) }
    }

    /// Translucent fill of a link ribbon.
    pub fn link_ribbon(&self) -> Color32 {
        Color32::from_rgba_unmultiplied(230, 140, 40, if self.dark { 70 } else { 60 })
    }

    /// Background of deleted text in the compare view.
    pub fn deleted(&self) -> Color32 {
        if self.dark { Color32::from_rgb(110, 40, 40) } else { Color32::from_rgb(255, 205, 205) }
    }

    /// Background of inserted text in the compare view.
    pub fn inserted(&self) -> Color32 {
        if self.dark { Color32::from_rgb(35, 95, 45) } else { Color32::from_rgb(200, 240, 200) }
    }

    /// Background of changed text in the compare view.
    pub fn changed(&self) -> Color32 {
        if self.dark { Color32::from_rgb(100, 85, 30) } else { Color32::from_rgb(255, 236, 170) }
    }

    /// Line joining the two places of a moved passage.
    pub fn move_line(&self) -> Color32 {
        if self.dark { Color32::from_rgb(120, 160, 240) } else { Color32::from_rgb(50, 95, 190) }
    }

    /// Background of moved text in the compare view.
    pub fn moved(&self) -> Color32 {
        if self.dark { Color32::from_rgb(40, 70, 120) } else { Color32::from_rgb(200, 220, 255) }
    }
}
