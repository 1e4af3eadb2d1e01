//! The distribution of spend per customer, on a log scale.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, money, thousands, DrawError, Hit, ACCENT};
use crate::core::histogram::Histogram;

/// Draws the histogram; `value_label` names the spend ("spend" or "items").
pub fn draw_spend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    hist: &Histogram,
    value_label: &str,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let (Some(&lo), Some(&hi)) = (hist.edges.first(), hist.edges.last()) else {
        return Ok(Vec::new());
    };
    let max_count = hist.counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("Customers by total {value_label} (log scale)"),
            font(16),
        )
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d((lo..hi.max(lo * 1.0001)).log_scale(), 0f64..max_count)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|v| money(*v))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(format!("Total {value_label} per customer"))
        .y_desc("Customers")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let mut hits = Vec::new();
    for (i, &count) in hist.counts.iter().enumerate() {
        let (a, b) = (hist.edges[i], hist.edges[i + 1]);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, 0.0), (b, count as f64)],
            ACCENT.mix(0.85).filled(),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, 0.0), (b, count as f64)],
            WHITE.stroke_width(1),
        )))?;
        let (l, t) = chart.backend_coord(&(a, max_count));
        let (r, bb) = chart.backend_coord(&(b, 0.0));
        hits.push(Hit {
            rect: (l, t, r, bb),
            text: format!(
                "{} to {}: {} customers",
                money(a),
                money(b),
                thousands(count)
            ),
            pick: None,
        });
    }
    Ok(hits)
}
