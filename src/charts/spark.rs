//! A sparkline: a series' shape in a KPI tile, without axes, its last point marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawError, Hit, ACCENT};

/// Draws `points` (label, value) as a line across the area; each point's hit says its label and value
/// as `format` writes it.
pub fn draw_sparkline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[(String, f64)],
    format: &dyn Fn(f64) -> String,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    if points.len() < 2 {
        return Ok(Vec::new());
    }
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 1e-3).max(1e-9);
    let last = (points.len() - 1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(4)
        .build_cartesian_2d(0f64..last, (lo - pad)..(hi + pad))?;
    let line = points.iter().enumerate().map(|(i, p)| (i as f64, p.1));
    chart.draw_series(LineSeries::new(line, ACCENT.stroke_width(2)))?;
    chart.draw_series(std::iter::once(Circle::new(
        (last, points[points.len() - 1].1),
        3,
        ACCENT.filled(),
    )))?;
    // Each point owns the strip of width around it.
    let step = chart.backend_coord(&(1.0, lo)).0 - chart.backend_coord(&(0.0, lo)).0;
    let (_, height) = area.dim_in_pixel();
    Ok(points
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let x = chart.backend_coord(&(i as f64, *v)).0;
            Hit {
                rect: (x - step / 2, 0, x + step / 2, height as i32),
                text: format!("{label}: {}", format(*v)),
                pick: None,
            }
        })
        .collect())
}
