//! Revenue per month as bars, orders per month as a line on a second axis; months that look incomplete
//! shaded, so a partial last month does not read as a collapse.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, money, thousands, DrawError, Hit, ACCENT, ACCENT_2};
use crate::core::cohorts::IncompleteMonth;
use crate::core::kpi::Month;

/// The shade behind an incomplete month, and its bar's colour.
const SHADE: RGBColor = RGBColor(226, 226, 226);
const PARTIAL_BAR: RGBColor = RGBColor(160, 170, 184);

/// Draws the monthly series; `value_label` names what the bars count ("Revenue" or "Items").
pub fn draw_monthly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    months: &[Month],
    incomplete: &[IncompleteMonth],
    value_label: &str,
) -> Result<Vec<Hit>, DrawError<DB>> {
    let partial = |m: &Month| incomplete.iter().find(|i| i.month == m.month);
    area.fill(&WHITE)?;
    let n = months.len().max(1);
    let max_rev = months
        .iter()
        .map(|m| m.revenue)
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.1;
    let max_orders = months.iter().map(|m| m.orders).max().unwrap_or(1).max(1) as f64 * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption(format!("{value_label} and orders by month"), font(16))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .right_y_label_area_size(48)
        .build_cartesian_2d(0f64..n as f64, 0f64..max_rev)?
        .set_secondary_coord(0f64..n as f64, 0f64..max_orders);
    let label_of = |x: &f64| {
        let i = x.floor() as usize;
        months.get(i).map(|m| m.month.clone()).unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&label_of)
        .y_label_formatter(&|v| money(*v))
        .y_desc(value_label)
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("Orders")
        .y_label_formatter(&|v| thousands(v.max(0.0).round() as u64))
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let shaded = months
        .iter()
        .enumerate()
        .filter(|(_, m)| partial(m).is_some());
    let shades = chart.draw_series(shaded.map(|(i, _)| {
        Rectangle::new([(i as f64, 0.0), (i as f64 + 1.0, max_rev)], SHADE.filled())
    }))?;
    if months.iter().any(|m| partial(m).is_some()) {
        shades
            .label("Incomplete month")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], SHADE.filled()));
    }
    chart
        .draw_series(months.iter().enumerate().map(|(i, m)| {
            let x = i as f64;
            let colour = if partial(m).is_some() {
                PARTIAL_BAR.filled()
            } else {
                ACCENT.mix(0.85).filled()
            };
            Rectangle::new([(x + 0.12, 0.0), (x + 0.88, m.revenue)], colour)
        }))?
        .label(value_label)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], ACCENT.mix(0.85).filled()));
    chart
        .draw_secondary_series(LineSeries::new(
            months
                .iter()
                .enumerate()
                .map(|(i, m)| (i as f64 + 0.5, m.orders as f64)),
            ACCENT_2.stroke_width(2),
        ))?
        .label("Orders")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ACCENT_2.stroke_width(2)));
    chart.draw_secondary_series(
        months
            .iter()
            .enumerate()
            .map(|(i, m)| Circle::new((i as f64 + 0.5, m.orders as f64), 3, ACCENT_2.filled())),
    )?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .label_font(font(11))
        .draw()?;
    let hits = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (l, t) = chart.backend_coord(&(i as f64, max_rev));
            let (r, b) = chart.backend_coord(&(i as f64 + 1.0, 0.0));
            Hit {
                rect: (l, t, r, b),
                text: format!(
                    "{}: {} {}{}, {} orders{}{}",
                    m.month,
                    value_label.to_lowercase(),
                    money(m.revenue),
                    m.change_on_year.map_or(String::new(), |c| format!(
                        " ({:+.1}% on a year before)",
                        c * 100.0
                    )),
                    thousands(m.orders),
                    m.profit
                        .map_or(String::new(), |p| format!(", profit {}", money(p))),
                    partial(m).map_or(String::new(), |p| format!(
                        " (looks incomplete: {})",
                        p.reason
                    ))
                ),
                pick: None,
            }
        })
        .collect();
    Ok(hits)
}
