//! The referral network around one member, as a tree: sponsor on top, the member, its recruits below.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, DrawError, Hit, ACCENT, ACCENT_2};
use crate::core::network::layout::Layout;

/// Draws `layout` magnified `zoom` times (1 = everything fits) around the horizontal centre `focus`
/// (0 to 1 of the layout's width).
pub fn draw_network<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &Layout,
    zoom: f64,
    focus: f64,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let (x_min, x_max) = layout
        .nodes
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), n| {
            (a.min(n.x), b.max(n.x))
        });
    if !x_min.is_finite() {
        return Ok(Vec::new());
    }
    let width = (x_max - x_min + 1.0) / zoom.max(1.0);
    let centre = x_min - 0.5 + focus.clamp(0.0, 1.0) * (x_max - x_min + 1.0);
    let left = (centre - width / 2.0)
        .max(x_min - 0.5)
        .min(x_max + 0.5 - width);
    let top = layout.nodes.iter().map(|n| n.level).min().unwrap_or(0);
    let bottom = layout.nodes.iter().map(|n| n.level).max().unwrap_or(0);
    let hidden = if layout.hidden > 0 {
        format!(" ({} more not drawn)", layout.hidden)
    } else {
        String::new()
    };
    let caption = format!(
        "Referral network around {}{hidden}",
        layout.nodes[0].id.chars().take(24).collect::<String>()
    );
    let mut chart = ChartBuilder::on(area)
        .caption(caption, font(16))
        .margin(12)
        .build_cartesian_2d(
            left..left + width,
            f64::from(bottom) + 0.4..f64::from(top) - 0.4,
        )?;
    let grey = RGBColor(170, 176, 186);
    chart.draw_series(layout.edges.iter().map(|&(a, b)| {
        let (a, b) = (&layout.nodes[a], &layout.nodes[b]);
        PathElement::new(
            vec![(a.x, f64::from(a.level)), (b.x, f64::from(b.level))],
            grey.stroke_width(1),
        )
    }))?;
    let radius = |direct: usize| (3.0 + (direct as f64 + 1.0).ln() * 3.0).min(14.0) as i32;
    chart.draw_series(layout.nodes.iter().enumerate().map(|(k, n)| {
        let color = match (k, n.level) {
            (0, _) => ACCENT_2,
            (_, -1) => grey,
            _ => ACCENT,
        };
        Circle::new((n.x, f64::from(n.level)), radius(n.direct), color.filled())
    }))?;
    // Names where there is room: left to right on each level, a name only when it clears the last one.
    let visible = layout
        .nodes
        .iter()
        .filter(|n| n.x >= left && n.x <= left + width);
    let mut last_label: std::collections::HashMap<i32, i32> = std::collections::HashMap::new();
    let mut by_x: Vec<&_> = visible.clone().collect();
    by_x.sort_by(|a, b| a.x.total_cmp(&b.x));
    for n in by_x {
        let label = n.id.chars().take(12).collect::<String>();
        let (px, _) = chart.backend_coord(&(n.x, f64::from(n.level)));
        let room = 7 * label.chars().count() as i32 + 6;
        if last_label.get(&n.level).is_some_and(|&l| px - l < room) {
            continue;
        }
        last_label.insert(n.level, px);
        let above = -radius(n.direct) - 2;
        chart.draw_series(std::iter::once(
            EmptyElement::at((n.x, f64::from(n.level)))
                + Text::new(
                    label,
                    (0, above),
                    font(10).pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Bottom,
                    )),
                ),
        ))?;
    }
    Ok(visible
        .map(|n| {
            let (x, y) = chart.backend_coord(&(n.x, f64::from(n.level)));
            let r = radius(n.direct).max(5);
            let role = match n.level {
                -1 => "sponsor".to_string(),
                0 => "chosen member".to_string(),
                l => format!("level {l} below"),
            };
            Hit {
                rect: (x - r, y - r, x + r, y + r),
                text: format!(
                    "{} · {role} · {} direct recruit{}",
                    n.id,
                    n.direct,
                    if n.direct == 1 { "" } else { "s" }
                ),
                pick: None,
            }
        })
        .collect())
}
