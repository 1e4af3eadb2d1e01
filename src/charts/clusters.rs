//! Behavioural-cluster charts: the elbow (inertia and silhouette by k), the PCA map and the migration
//! flow between two periods.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, grouped, DrawError, Hit, ACCENT, ACCENT_2};
use crate::core::clusters::migration::Migration;
use crate::core::clusters::PcaMap;
use crate::core::report::filter::Filter;

/// A colour per cluster (the last state, "none", in grey).
pub fn cluster_color(i: usize) -> RGBColor {
    const COLORS: [RGBColor; 10] = [
        RGBColor(52, 101, 164),
        RGBColor(230, 126, 34),
        RGBColor(39, 174, 96),
        RGBColor(192, 57, 43),
        RGBColor(142, 68, 173),
        RGBColor(22, 160, 133),
        RGBColor(241, 196, 15),
        RGBColor(127, 140, 141),
        RGBColor(211, 84, 0),
        RGBColor(41, 128, 185),
    ];
    COLORS[i % COLORS.len()]
}

/// Inertia by k (line, left axis) and silhouette by k (line, right axis), the chosen k marked.
pub fn draw_elbow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    inertia: &BTreeMap<usize, f64>,
    silhouette: &BTreeMap<usize, f64>,
    chosen: usize,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let (k0, k1) = (
        *inertia.keys().next().unwrap_or(&2) as f64,
        *inertia.keys().last().unwrap_or(&9) as f64,
    );
    let max = inertia.values().copied().fold(0.0, f64::max).max(1e-12) * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption("Elbow: inertia and silhouette by k", font(16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .right_y_label_area_size(44)
        .build_cartesian_2d(k0 - 0.3..k1 + 0.3, 0f64..max)?
        .set_secondary_coord(k0 - 0.3..k1 + 0.3, -0.1f64..1.0);
    chart
        .configure_mesh()
        .x_labels(inertia.len())
        .x_label_formatter(&|k| format!("{k:.0}"))
        .x_desc("k (clusters)")
        .y_desc("Inertia")
        .y_label_formatter(&|v| grouped(*v, 0))
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("Silhouette")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    let points: Vec<(f64, f64)> = inertia.iter().map(|(k, v)| (*k as f64, *v)).collect();
    chart.draw_series(LineSeries::new(points.clone(), ACCENT.stroke_width(2)))?;
    chart.draw_series(points.iter().map(|&(k, v)| {
        let size = if k as usize == chosen { 7 } else { 4 };
        Circle::new((k, v), size, ACCENT.filled())
    }))?;
    let sil: Vec<(f64, f64)> = silhouette.iter().map(|(k, v)| (*k as f64, *v)).collect();
    chart.draw_secondary_series(LineSeries::new(sil.clone(), ACCENT_2.stroke_width(2)))?;
    chart.draw_secondary_series(sil.iter().map(|&p| Circle::new(p, 4, ACCENT_2.filled())))?;
    let hits = points
        .iter()
        .map(|&(k, v)| {
            let (x, y) = chart.backend_coord(&(k, v));
            let s = silhouette.get(&(k as usize)).copied().unwrap_or(f64::NAN);
            Hit {
                rect: (x - 12, y - 12, x + 12, y + 12),
                text: format!("k = {k:.0}: inertia {v:.1}, silhouette {s:.3}"),
                pick: None,
            }
        })
        .collect();
    Ok(hits)
}

/// Customers on the first two principal components, coloured by cluster.
pub fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &PcaMap,
    codes: &[String],
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let range = |i: usize| {
        let (lo, hi) = map.points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(f64::from(p[i])), hi.max(f64::from(p[i])))
        });
        if lo < hi {
            lo - 0.05 * (hi - lo)..hi + 0.05 * (hi - lo)
        } else {
            -1.0..1.0
        }
    };
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "Customers on two principal components ({:.0}% + {:.0}% of variance)",
                map.explained[0] * 100.0,
                map.explained[1] * 100.0
            ),
            font(16),
        )
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(range(0), range(1))?;
    chart
        .configure_mesh()
        .x_desc("PC 1")
        .y_desc("PC 2")
        .label_style(font(11))
        .axis_desc_style(font(12))
        .draw()?;
    chart.draw_series(map.points.iter().zip(&map.labels).map(|(p, &l)| {
        Circle::new(
            (f64::from(p[0]), f64::from(p[1])),
            2,
            cluster_color(usize::from(l)).mix(0.6).filled(),
        )
    }))?;
    let mut hits = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let color = cluster_color(i);
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
            .label(format!("cluster {code}"))
            .legend(move |(x, y)| Circle::new((x + 6, y), 4, color.filled()));
        let members: Vec<&[f32; 2]> = map
            .points
            .iter()
            .zip(&map.labels)
            .filter(|(_, &l)| usize::from(l) == i)
            .map(|(p, _)| p)
            .collect();
        if let Some(p) = members.first() {
            let (x, y) = chart.backend_coord(&(f64::from(p[0]), f64::from(p[1])));
            hits.push(Hit {
                rect: (x - 4, y - 4, x + 4, y + 4),
                text: format!("cluster {code}: {} customers on the map", members.len()),
                pick: Some(Filter::Cluster(code.to_string())),
            });
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.8))
        .label_font(font(11))
        .draw()?;
    Ok(hits)
}

/// Pixels between the tops of two labels of the migration chart (its font is 11 px).
const LABEL_LINE: f64 = 13.0;

/// Label positions near `ys` (ascending) at least `line` apart and none below `bottom`: each label goes
/// below the one above when it must, then the run is pushed up from the bottom when it overflows.
fn spread(ys: &[f64], line: f64, bottom: f64) -> Vec<f64> {
    let mut out = ys.to_vec();
    for i in 1..out.len() {
        out[i] = out[i].max(out[i - 1] + line);
    }
    if let Some(last) = out.last_mut() {
        *last = last.min(bottom);
    }
    for i in (0..out.len().saturating_sub(1)).rev() {
        out[i] = out[i].min(out[i + 1] - line);
    }
    out
}

/// Customers flowing from their first-period state (left) to their second-period state (right): a band
/// per pair of states, as wide as its count.
pub fn draw_flow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Migration,
) -> Result<Vec<Hit>, DrawError<DB>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let n = m.states.len();
    let total: u64 = m.counts.iter().flatten().sum();
    if total == 0 {
        return Ok(Vec::new());
    }
    let (top, height, gap) = (34.0, h - 50.0, 6.0);
    let scale = (height - gap * n as f64) / total as f64;
    let (left, right, bar) = (70.0, w - 70.0, 14.0);
    area.draw(&Text::new(
        format!(
            "Customers by cluster: {} to {} (left) and {} to {} (right)",
            m.first[0], m.first[1], m.second[0], m.second[1]
        ),
        (8, 8),
        font(14),
    ))?;
    let color = |i: usize| {
        if i + 1 == n {
            RGBColor(190, 190, 190)
        } else {
            cluster_color(i)
        }
    };
    // Where each state's block starts on each side, and how far its bands have filled it.
    let starts = |sizes: Vec<u64>| {
        let mut y = top;
        sizes
            .iter()
            .map(|s| {
                let at = y;
                y += *s as f64 * scale + gap;
                at
            })
            .collect::<Vec<f64>>()
    };
    let out: Vec<u64> = m.counts.iter().map(|r| r.iter().sum()).collect();
    let inn: Vec<u64> = (0..n)
        .map(|j| m.counts.iter().map(|r| r[j]).sum())
        .collect();
    let (mut from_y, mut to_y) = (starts(out.clone()), starts(inn.clone()));
    let mut hits = Vec::new();
    for (i, side) in [(&out, left - bar), (&inn, right)].iter().enumerate() {
        let ys = if i == 0 { &from_y } else { &to_y };
        let mut labels: Vec<(String, f64)> = Vec::new();
        for (s, &size) in side.0.iter().enumerate() {
            if size == 0 {
                continue;
            }
            let (x0, y0) = (side.1, ys[s]);
            let y1 = y0 + size as f64 * scale;
            area.draw(&Rectangle::new(
                [
                    (x0 as i32, y0 as i32),
                    ((x0 + bar) as i32, y1.max(y0 + 1.0) as i32),
                ],
                color(s).filled(),
            ))?;
            labels.push((format!("{} ({size})", m.states[s]), y0));
        }
        let label_x = if i == 0 {
            4
        } else {
            (right + bar + 4.0) as i32
        };
        let ys: Vec<f64> = labels.iter().map(|l| l.1).collect();
        for ((text, _), y) in labels
            .into_iter()
            .zip(spread(&ys, LABEL_LINE, h - LABEL_LINE))
        {
            area.draw(&Text::new(text, (label_x, y as i32), font(11)))?;
        }
    }
    for (a, row) in m.counts.iter().enumerate() {
        for (b, &count) in row.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let thick = count as f64 * scale;
            let (y0, y1) = (from_y[a], to_y[b]);
            let band: Vec<(i32, i32)> = (0..=20)
                .map(|t| {
                    let t = f64::from(t) / 20.0;
                    let s = t * t * (3.0 - 2.0 * t);
                    (left + (right - left) * t, y0 + (y1 - y0) * s)
                })
                .map(|(x, y)| (x as i32, y as i32))
                .chain(
                    (0..=20)
                        .rev()
                        .map(|t| {
                            let t = f64::from(t) / 20.0;
                            let s = t * t * (3.0 - 2.0 * t);
                            (left + (right - left) * t, y0 + thick + (y1 - y0) * s)
                        })
                        .map(|(x, y)| (x as i32, y.max(y0 + 1.0) as i32)),
                )
                .collect();
            area.draw(&Polygon::new(band, color(a).mix(0.35).filled()))?;
            let mid = ((left + right) / 2.0, (y0 + y1 + thick) / 2.0);
            hits.push(Hit {
                rect: (
                    mid.0 as i32 - 20,
                    (mid.1 - thick / 2.0) as i32 - 2,
                    mid.0 as i32 + 20,
                    (mid.1 + thick / 2.0) as i32 + 2,
                ),
                text: format!("{} -> {}: {count} customers", m.states[a], m.states[b]),
                pick: None,
            });
            from_y[a] += thick;
            to_y[b] += thick;
        }
    }
    Ok(hits)
}
