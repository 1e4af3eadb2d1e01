//! Lifetime-value charts: model heatmaps over frequency x recency, labelled bars, the holdout comparison
//! by calibration frequency, the cumulative tracking plot, and the population view of a new customer.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{font, grouped, DrawError, Hit, ACCENT, ACCENT_2};
use crate::core::clv::holdout::{FrequencyRow, TrackingPoint};
use crate::core::clv::outcome::Grid;
use crate::core::clv::predict::Population;

/// A colour from white (0) to deep blue (1).
fn shade(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(247.0, 8.0), mix(251.0, 48.0), mix(255.0, 107.0))
}

/// A heatmap of `grid` (frequency rows, recency columns) with its colour scale; `format` writes a value.
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    grid: &Grid,
    format: &dyn Fn(f64) -> String,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let (plot, legend) =
        area.split_horizontally(area.dim_in_pixel().0.saturating_sub(LEGEND) as i32);
    let area = &plot;
    let rows = grid.frequencies.len().max(1);
    let cols = grid.recencies.len().max(1);
    let max = grid
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .max(1e-12);
    let mut chart = ChartBuilder::on(area)
        .caption(title, font(16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..cols as f64, 0f64..rows as f64)?;
    let (top, bottom) = (
        chart.backend_coord(&(0.0, rows as f64)).1,
        chart.backend_coord(&(0.0, 0.0)).1,
    );
    draw_scale(&legend, (top, bottom), max, format)?;
    let recency_at = |x: &f64| {
        grid.recencies
            .get(x.floor() as usize)
            .map_or(String::new(), |r| format!("{r:.0}"))
    };
    let frequency_at = |y: &f64| {
        grid.frequencies
            .get(y.floor() as usize)
            .map_or(String::new(), |f| f.to_string())
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(cols.min(11))
        .y_labels(rows.min(11))
        .x_label_formatter(&recency_at)
        .y_label_formatter(&frequency_at)
        .x_desc(format!(
            "Recency (time units; customers of age T = {:.0})",
            grid.t
        ))
        .y_desc("Repeat purchases")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let mut hits = Vec::new();
    for (i, row) in grid.values.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            let (x, y) = (j as f64, i as f64);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                shade(v / max).filled(),
            )))?;
            let (l, t) = chart.backend_coord(&(x, y + 1.0));
            let (r, b) = chart.backend_coord(&(x + 1.0, y));
            hits.push(Hit {
                rect: (l, t, r, b),
                text: format!(
                    "{} repeat purchases, recency {:.1}: {}",
                    grid.frequencies[i],
                    grid.recencies[j],
                    format(v)
                ),
                pick: None,
            });
        }
    }
    Ok(hits)
}

/// Pixels on a heatmap's right kept for its colour scale.
const LEGEND: u32 = 64;

/// A heatmap's colour scale: the shades from 0 (bottom) to `max` (top), spanning the pixel rows `top` to
/// `bottom` of the plot, with their values written by `format`.
fn draw_scale<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (top, bottom): (i32, i32),
    max: f64,
    format: &dyn Fn(f64) -> String,
) -> Result<(), DrawError<DB>> {
    const STEPS: i32 = 32;
    let height = (bottom - top).max(STEPS);
    let (left, right) = (4, 18);
    for step in 0..STEPS {
        let y0 = bottom - height * step / STEPS;
        let y1 = bottom - height * (step + 1) / STEPS;
        let t = (f64::from(step) + 0.5) / f64::from(STEPS);
        area.draw(&Rectangle::new(
            [(left, y1), (right, y0)],
            shade(t).filled(),
        ))?;
    }
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        RGBColor(150, 150, 150),
    ))?;
    let label = |v: VPos| font(10).pos(Pos::new(HPos::Left, v));
    area.draw(&Text::new(format(max), (right + 3, top), label(VPos::Top)))?;
    area.draw(&Text::new(
        format(max / 2.0),
        (right + 3, (top + bottom) / 2),
        label(VPos::Center),
    ))?;
    area.draw(&Text::new(
        format(0.0),
        (right + 3, bottom),
        label(VPos::Bottom),
    ))?;
    Ok(())
}

/// Horizontal bars with value labels, one per item, in the given order.
pub fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    items: &[(String, f64)],
    format: &dyn Fn(f64) -> String,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let n = items.len().max(1) as f64;
    let max = items.iter().map(|i| i.1).fold(0.0, f64::max).max(1e-12) * 1.25;
    let mut chart = ChartBuilder::on(area)
        .caption(title, font(16))
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(130)
        .build_cartesian_2d(0f64..max, 0f64..n)?;
    let name_at = |y: &f64| {
        items
            .get((n - y.ceil()) as usize)
            .map_or(String::new(), |i| i.0.clone())
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(items.len() * 2 + 1)
        .y_label_formatter(&|y| {
            if y.fract() == 0.5 {
                name_at(y)
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| format(*x))
        .label_style(font(11))
        .draw()?;
    let mut hits = Vec::new();
    for (i, (label, value)) in items.iter().enumerate() {
        let y = n - i as f64 - 1.0;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.15), (*value, y + 0.85)],
            ACCENT.filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format(*value),
            (*value + max * 0.01, y + 0.65),
            font(11),
        )))?;
        let (l, t) = chart.backend_coord(&(0.0, y + 1.0));
        let (r, b) = chart.backend_coord(&(max, y));
        hits.push(Hit {
            rect: (l, t, r, b),
            text: format!("{label}: {}", format(*value)),
            pick: None,
        });
    }
    Ok(hits)
}

/// Mean actual and predicted holdout purchases by calibration frequency, side by side.
pub fn draw_holdout_by_frequency<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[FrequencyRow],
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let n = rows.len().max(1) as f64;
    let max = rows
        .iter()
        .map(|r| r.actual.max(r.predicted))
        .fold(0.0, f64::max)
        .max(0.1)
        * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption("Holdout purchases by calibration purchases", font(16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..n, 0f64..max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(rows.len() * 2 + 1)
        .x_label_formatter(&|x| {
            if x.fract() == 0.5 {
                rows.get(x.floor() as usize)
                    .map_or(String::new(), |r| r.frequency.clone())
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| format!("{v:.1}"))
        .x_desc("Repeat purchases in the calibration period")
        .y_desc("Mean purchases in the holdout")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let mut hits = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let x = i as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x + 0.1, 0.0), (x + 0.5, r.actual)],
            ACCENT.filled(),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x + 0.5, 0.0), (x + 0.9, r.predicted)],
            ACCENT_2.filled(),
        )))?;
        let (l, t) = chart.backend_coord(&(x, max));
        let (rr, b) = chart.backend_coord(&(x + 1.0, 0.0));
        hits.push(Hit {
            rect: (l, t, rr, b),
            text: format!(
                "{} calibration purchases ({} customers): actual {:.2}, predicted {:.2}",
                r.frequency, r.customers, r.actual, r.predicted
            ),
            pick: None,
        });
    }
    let legend_y = 40;
    area.draw(&Rectangle::new(
        [(70, legend_y), (82, legend_y + 10)],
        ACCENT.filled(),
    ))?;
    area.draw(&Text::new("actual", (86, legend_y), font(11)))?;
    area.draw(&Rectangle::new(
        [(140, legend_y), (152, legend_y + 10)],
        ACCENT_2.filled(),
    ))?;
    area.draw(&Text::new("predicted", (156, legend_y), font(11)))?;
    Ok(hits)
}

/// Cumulative repeat purchases, actual and predicted, with the calibration end marked.
pub fn draw_tracking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[TrackingPoint],
    calibration_end: &str,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let n = points.len().max(2) as f64;
    let max = points
        .iter()
        .map(|p| p.actual.max(p.predicted))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Cumulative repeat purchases: actual and predicted",
            font(16),
        )
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..n - 1.0, 0f64..max)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|x| {
            points
                .get(x.round() as usize)
                .map_or(String::new(), |p| p.date.clone())
        })
        .y_label_formatter(&|v| grouped(*v, 0))
        .y_desc("Repeat purchases")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            points.iter().enumerate().map(|(i, p)| (i as f64, p.actual)),
            ACCENT.stroke_width(2),
        ))?
        .label("actual")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ACCENT.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| (i as f64, p.predicted)),
            ACCENT_2.stroke_width(2),
        ))?
        .label("predicted")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ACCENT_2.stroke_width(2)));
    if let Some(i) = points
        .iter()
        .position(|p| p.date.as_str() >= calibration_end)
    {
        let x = i as f64;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, max)],
            BLACK.mix(0.5).stroke_width(1),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            "calibration end",
            (x, max * 0.97),
            font(11),
        )))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .label_font(font(11))
        .draw()?;
    let hits = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (l, t) = chart.backend_coord(&(i as f64 - 0.5, max));
            let (r, b) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            Hit {
                rect: (l, t, r, b),
                text: format!(
                    "{}: actual {:.0}, predicted {:.0}",
                    p.date, p.actual, p.predicted
                ),
                pick: None,
            }
        })
        .collect();
    Ok(hits)
}

/// Each model's expected repeat purchases of a new customer over time since the first purchase, one
/// line per model (the first, the model in use, drawn thickest); `unit` names the time unit.
pub fn draw_population<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    models: &[Population],
    unit: &str,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let horizon = models.first().map_or(1.0, |m| m.horizon).max(1e-9);
    let max = models
        .iter()
        .flat_map(|m| m.expected.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .max(1e-6)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption("A new customer's expected repeat purchases", font(16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..horizon, 0f64..max)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_desc(format!("{unit} since the first purchase"))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("Repeat purchases")
        .y_label_formatter(&|v| format!("{v:.2}"))
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let mut hits = Vec::new();
    for (i, m) in models.iter().enumerate() {
        let color = super::cluster_color(i);
        let width = if i == 0 { 3 } else { 1 };
        let label = format!("{} ({})", m.model.name(), m.method.name());
        let points: Vec<(f64, f64)> = m
            .times
            .iter()
            .zip(&m.expected)
            .filter(|(_, e)| e.is_finite())
            .map(|(t, e)| (*t, *e))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(width)))?
            .label(label.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(width))
            });
        if let Some(&(t, e)) = points.last() {
            let (x, y) = chart.backend_coord(&(t, e));
            hits.push(Hit {
                rect: (x - 8, y - 8, x + 8, y + 8),
                text: format!("{label}: {e:.3} repeat purchases by {t:.0} {unit}"),
                pick: None,
            });
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .label_font(font(11))
        .draw()?;
    Ok(hits)
}
