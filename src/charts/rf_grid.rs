//! The R x F grid, each cell coloured by its segment and labelled with its customers (and, where the
//! cell is wide enough, the segment's name), in the ink that reads best on its colour; the segments'
//! colours are named beside it where the chart is wide enough. While the page is filtered to a group, each
//! cell says how many of its customers are in it, and cells with none of them fade.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{font, ink_on, thousands, DrawError, Hit};

/// Cells at least this many pixels wide also name their segment.
const NAMED_CELL: i32 = 96;
use crate::core::report::filter::{Breakdown, Filter};
use crate::core::rfm::Segment;

/// Charts at least this many pixels wide show the segments' colours beside the grid.
const WITH_LEGEND: u32 = 520;

/// Pixels the legend takes.
const LEGEND: u32 = 150;

/// Each segment's colour and name, one per line.
fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
    for (i, segment) in Segment::ALL.iter().enumerate() {
        let y = 34 + 22 * i as i32;
        let (r, g, b) = segment.color();
        area.draw(&Rectangle::new(
            [(4, y), (16, y + 12)],
            RGBColor(r, g, b).filled(),
        ))?;
        let style = font(11).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(segment.name(), (21, y + 6), style))?;
    }
    Ok(())
}

/// `c` a quarter as strong, on white.
fn faded(c: RGBColor) -> RGBColor {
    let f = |v: u8| (255.0 - (255.0 - f64::from(v)) * 0.25).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// Draws `grid[r - 1][f - 1]` customer counts, and those of `selected` in each cell.
pub fn draw_rf_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &[Vec<u64>],
    selected: Option<&Breakdown>,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    // The colours' legend takes the right of a wide chart; a narrow one names the segments in its hits.
    let wide = area.dim_in_pixel().0 >= WITH_LEGEND;
    let (plot, legend) = area.split_horizontally(if wide {
        area.dim_in_pixel().0 - LEGEND
    } else {
        area.dim_in_pixel().0
    });
    if wide {
        draw_legend(&legend)?;
    }
    let area = &plot;
    let mut chart = ChartBuilder::on(area)
        .caption("Customers on the recency x frequency grid", font(16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(0.5f64..5.5, 0.5f64..5.5)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc("Frequency score (5 = most orders)")
        .y_desc("Recency score (5 = most recent)")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let mut hits = Vec::new();
    for r in 1..=5u8 {
        for f in 1..=5u8 {
            let count = grid
                .get(usize::from(r - 1))
                .and_then(|row| row.get(usize::from(f - 1)))
                .copied()
                .unwrap_or(0);
            let segment = Segment::of(r, f);
            let (cr, cg, cb) = segment.color();
            let (x, y) = (f64::from(f), f64::from(r));
            let picked = selected.map(|b| b.count(&Filter::Cell { r, f }) as u64);
            let cell = match picked {
                Some(0) => faded(RGBColor(cr, cg, cb)),
                _ => RGBColor(cr, cg, cb),
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.48, y - 0.48), (x + 0.48, y + 0.48)],
                cell.filled(),
            )))?;
            let ink = ink_on(cell);
            let (l, t) = chart.backend_coord(&(x - 0.5, y + 0.5));
            let (rr, b) = chart.backend_coord(&(x + 0.5, y - 0.5));
            let centre = ((l + rr) / 2, (t + b) / 2);
            let named = rr - l >= NAMED_CELL;
            let centred = |size| {
                font(size)
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center))
            };
            let count_at = (centre.0, centre.1 - if named { 8 } else { 0 });
            let label = match picked {
                Some(n) => format!("{} / {}", thousands(n), thousands(count)),
                None => thousands(count),
            };
            area.draw(&Text::new(label, count_at, centred(13)))?;
            if named {
                area.draw(&Text::new(
                    segment.name(),
                    (centre.0, centre.1 + 9),
                    centred(10),
                ))?;
            }
            hits.push(Hit {
                rect: (l, t, rr, b),
                text: format!(
                    "R {r}, F {f}: {} — {} customers{}",
                    segment.name(),
                    thousands(count),
                    picked.map_or(String::new(), |n| format!(
                        "; {} of them selected",
                        thousands(n)
                    ))
                ),
                pick: Some(Filter::Cell { r, f }),
            });
        }
    }
    Ok(hits)
}
