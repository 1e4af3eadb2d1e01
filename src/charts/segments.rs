//! Customers and revenue by segment: two bars per segment, as shares of the whole, with value labels;
//! while the page is filtered to a group, the part of each customers' bar in that group is outlined.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, percent, thousands, DrawError, Hit, ACCENT};
use crate::core::report::filter::{Breakdown, Filter};
use crate::core::report::rfm::SegmentSummary;

/// Draws every segment with customers, and the customers of `selected` in each.
pub fn draw_segments<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    summary: &[SegmentSummary],
    selected: Option<&Breakdown>,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let rows: Vec<&SegmentSummary> = summary.iter().filter(|s| s.customers > 0).collect();
    let total: u64 = rows.iter().map(|s| s.customers).sum::<u64>().max(1);
    let n = rows.len().max(1) as f64;
    let max_share = rows
        .iter()
        .map(|s| (s.customers as f64 / total as f64).max(s.revenue_share))
        .fold(0.0, f64::max)
        .max(0.05)
        * 1.25;
    let mut chart = ChartBuilder::on(area)
        .caption("Share of customers and of revenue by segment", font(16))
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(130)
        .build_cartesian_2d(0f64..max_share, 0f64..n)?;
    let name_at = |y: &f64| {
        let i = (n - y.ceil()) as usize;
        rows.get(i).map(|s| s.name.clone()).unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len() * 2 + 1)
        .y_label_formatter(&|y| {
            if y.fract() == 0.5 {
                name_at(y)
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| percent(*x))
        .label_style(font(11))
        .draw()?;
    let mut hits = Vec::new();
    for (i, s) in rows.iter().enumerate() {
        let y = n - i as f64 - 1.0;
        let customers = s.customers as f64 / total as f64;
        let (r, g, b) = s.segment.color();
        let bars = [
            (customers, y + 0.52, RGBColor(r, g, b)),
            (s.revenue_share, y + 0.12, ACCENT),
        ];
        for (value, y0, color) in bars {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y0), (value, y0 + 0.36)],
                color.filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                percent(value),
                (value + max_share * 0.01, y0 + 0.32),
                font(11),
            )))?;
        }
        let picked = selected.map(|b| b.count(&Filter::Segment(s.segment)));
        if let Some(n) = picked.filter(|&n| n > 0) {
            let y0 = y + 0.52;
            let part = [(0.0, y0), (n as f64 / total as f64, y0 + 0.36)];
            chart.draw_series([
                Rectangle::new(part, BLACK.mix(0.35).filled()),
                Rectangle::new(part, BLACK.stroke_width(2)),
            ])?;
        }
        let (l, t) = chart.backend_coord(&(0.0, y + 1.0));
        let (rr, bb) = chart.backend_coord(&(max_share, y));
        hits.push(Hit {
            rect: (l, t, rr, bb),
            text: format!(
                "{}: {} customers ({}), {} of revenue{}",
                s.name,
                thousands(s.customers),
                percent(customers),
                percent(s.revenue_share),
                picked.map_or(String::new(), |n| format!(
                    "; {} of them selected",
                    thousands(n as u64)
                ))
            ),
            pick: Some(Filter::Segment(s.segment)),
        });
    }
    let legend = if selected.is_some() {
        "upper bar: customers, outlined: selected   lower bar (blue): revenue"
    } else {
        "upper bar: customers   lower bar (blue): revenue"
    };
    area.draw(&Text::new(
        legend,
        (140, area.dim_in_pixel().1 as i32 - 14),
        font(11),
    ))?;
    Ok(hits)
}
