//! Text that stays readable on a coloured mark: WCAG 2's contrast ratio, and the ink (white or near
//! black) with the higher one.

use plotters::style::RGBColor;

/// The near black of labels on light marks.
const DARK: RGBColor = RGBColor(26, 26, 26);

/// Relative luminance (WCAG 2.1, sRGB).
fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.040_45 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The contrast ratio of two colours, 1 to 21 (WCAG asks 4.5 for text).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// White or near black, whichever reads better on `background`.
pub fn ink_on(background: RGBColor) -> RGBColor {
    let white = RGBColor(255, 255, 255);
    if contrast(white, background) >= contrast(DARK, background) {
        white
    } else {
        DARK
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rfm::Segment;

    #[test]
    fn ratios_match_wcag_and_every_segment_label_reads() {
        // WCAG's own end points, and #767676 on white at 4.54:1.
        let (white, black) = (RGBColor(255, 255, 255), RGBColor(0, 0, 0));
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast(RGBColor(118, 118, 118), white) - 4.54).abs() < 0.01);
        for s in Segment::ALL {
            let (r, g, b) = s.color();
            let cell = RGBColor(r, g, b);
            assert!(contrast(ink_on(cell), cell) >= 4.5, "{}", s.name());
        }
    }
}
