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
    ///
    /// egui's weak text (its text colour at 60% alpha), warning orange,
    /// error red and link blue fall short of WCAG AA on the light panels
    /// (2.8:1 to 4:1): they are set to solid colours that pass, as small
    /// grey text in headers and lists needs to.
    pub fn visuals(&self) -> Visuals {
        let mut v = if self.dark { Visuals::dark() } else { Visuals::light() };
        if self.dark {
            v.weak_text_color = Some(Color32::from_gray(150));
            v.error_fg_color = Color32::from_rgb(255, 110, 100);
        } else {
            v.weak_text_color = Some(Color32::from_gray(100));
            v.warn_fg_color = Color32::from_rgb(168, 72, 0);
            v.error_fg_color = Color32::from_rgb(190, 20, 20);
            v.hyperlink_color = Color32::from_rgb(0, 95, 190);
        }
        v
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

/// WCAG 2 relative luminance of an sRGB colour (0 black … 1 white).
pub fn luminance(c: Color32) -> f32 {
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// WCAG 2 contrast ratio of two colours (1 … 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Contrast WCAG AA asks of body text.
pub const AA: f32 = 4.5;

/// A tag colour for text on `bg`: its own hue, darkened on a light
/// background (lightened on a dark one) just enough to read at WCAG AA. A
/// pale yellow tag is then a legible ochre on white.
pub fn tag_text_color(c: Rgb, bg: Color32) -> Color32 {
    let base = tag_color(c);
    let toward = if luminance(bg) > 0.18 { Color32::BLACK } else { Color32::WHITE };
    for step in 0..=20u8 {
        let t = f32::from(step) / 20.0;
        let c = base.lerp_to_gamma(toward, t);
        if contrast(c, bg) >= AA {
            return c;
        }
    }
    toward
}

/// A tag colour for text on the panel `ui` draws on.
pub fn tag_ink(ui: &egui::Ui, c: Rgb) -> Color32 {
    tag_text_color(c, ui.visuals().panel_fill)
}

/// A tag's name as text: a swatch in the tag's own colour, then the name
/// in a readable shade of it (on the panel's background).
pub fn tag_name_text(ui: &egui::Ui, name: &str, c: Rgb) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    tag_name_job(name, c, ui.visuals().panel_fill, font)
}

/// [`tag_name_text`] for a given background and font.
pub fn tag_name_job(name: &str, c: Rgb, bg: Color32, font: egui::FontId) -> egui::text::LayoutJob {
    // The swatch is two spaces on the tag's colour (no glyph needed, so
    // it shows in every font).
    let mut job = egui::text::LayoutJob::default();
    let swatch = egui::TextFormat { background: tag_color(c), ..egui::TextFormat::simple(font.clone(), tag_color(c)) };
    job.append("  ", 0.0, swatch);
    job.append(name, 5.0, egui::TextFormat::simple(font, tag_text_color(c, bg)));
    job
}

/// A ring around a widget that has the keyboard (reached with Tab), drawn
/// over it so custom-drawn rows and swatches show where the keyboard is.
pub fn focus_ring(ui: &egui::Ui, resp: &egui::Response) {
    if resp.has_focus() {
        // Two rings: the panel's colour against the widget, the text colour
        // outside it, so the ring shows beside any swatch colour (a blue
        // ring vanished beside a dark blue tag).
        let inner = egui::Stroke::new(2.0, ui.visuals().panel_fill);
        let outer = egui::Stroke::new(2.0, ui.visuals().strong_text_color());
        ui.painter().rect_stroke(resp.rect.expand(1.0), 3.0, inner, egui::StrokeKind::Outside);
        ui.painter().rect_stroke(resp.rect.expand(3.0), 4.0, outer, egui::StrokeKind::Outside);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_colour_reads_as_text_on_light_and_dark_panels() {
        let light = Visuals::light().panel_fill;
        let dark = Visuals::dark().panel_fill;
        // The palette, the pale yellow users pick, and the extremes.
        let mut colours: Vec<Rgb> = (0..12).map(Rgb::palette).collect();
        colours.extend([Rgb([255, 235, 59]), Rgb([255, 255, 255]), Rgb([0, 0, 0]), Rgb([250, 250, 210])]);
        for c in colours {
            for bg in [light, dark] {
                let ink = tag_text_color(c, bg);
                assert!(contrast(ink, bg) >= AA, "{c:?} on {bg:?}: {ink:?} at {:.2}", contrast(ink, bg));
            }
        }
        // A colour that already reads keeps its hue untouched.
        assert_eq!(tag_text_color(Rgb([20, 60, 160]), light), tag_color(Rgb([20, 60, 160])));
        // Yellow on white does not read as it is.
        assert!(contrast(tag_color(Rgb([255, 235, 59])), light) < AA);
    }

    #[test]
    fn every_text_colour_of_both_themes_passes_aa() {
        for dark in [false, true] {
            let v = ReaderStyle { dark, ..ReaderStyle::default() }.visuals();
            let inks = [
                ("text", v.text_color()),
                ("weak", v.weak_text_color()),
                ("warning", v.warn_fg_color),
                ("error", v.error_fg_color),
                ("link", v.hyperlink_color),
            ];
            for (name, ink) in inks {
                assert_eq!(ink.a(), 255, "{name} text is solid, not blended (dark {dark})");
                for (ground, bg) in [("panel", v.panel_fill), ("window", v.window_fill), ("field", v.extreme_bg_color)]
                {
                    let c = contrast(ink, bg);
                    assert!(c >= AA, "{name} text on the {ground} (dark {dark}): {c:.2}");
                }
            }
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast(Color32::from_gray(0x76), Color32::WHITE) - 4.54).abs() < 0.02);
    }
}
