//! Association rules as a support x confidence scatter, coloured by lift.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, DrawError, Hit};
use crate::core::basket::NamedRule;

/// Blue (lift at or below 1) to red (the highest lift).
fn lift_color(lift: f64, max: f64) -> RGBColor {
    let t = if max > 1.0 {
        ((lift - 1.0) / (max - 1.0)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t) as u8;
    RGBColor(mix(67.0, 214.0), mix(147.0, 96.0), mix(195.0, 77.0))
}

/// Each rule at (support, confidence), coloured by lift.
pub fn draw_rules<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rules: &[NamedRule],
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let max_support = rules
        .iter()
        .map(|r| r.support)
        .fold(0.0, f64::max)
        .max(1e-6)
        * 1.1;
    let max_lift = rules.iter().map(|r| r.lift).fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("Rules by support and confidence (colour: lift, up to {max_lift:.2})"),
            font(16),
        )
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..max_support, 0f64..1.05)?;
    chart
        .configure_mesh()
        .x_desc("Support")
        .y_desc("Confidence")
        .x_label_formatter(&|v| format!("{:.1}%", v * 100.0))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    chart.draw_series(rules.iter().map(|r| {
        Circle::new(
            (r.support, r.confidence),
            4,
            lift_color(r.lift, max_lift).filled(),
        )
    }))?;
    Ok(rules
        .iter()
        .map(|r| {
            let (x, y) = chart.backend_coord(&(r.support, r.confidence));
            Hit {
                rect: (x - 4, y - 4, x + 4, y + 4),
                text: format!(
                    "{} -> {}: support {:.2}%, confidence {:.0}%, lift {:.2}",
                    r.antecedents.join(" + "),
                    r.consequents.join(" + "),
                    r.support * 100.0,
                    r.confidence * 100.0,
                    r.lift
                ),
                pick: None,
            }
        })
        .collect())
}
