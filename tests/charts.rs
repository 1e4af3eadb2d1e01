//! The chart code, drawn natively on plotters' SVG backend: labels are there and hit areas match marks.
#![cfg(not(target_arch = "wasm32"))]

use customer_lens::charts::{
    draw_elbow, draw_flow, draw_heatmap, draw_map, draw_monthly, draw_population, draw_rf_grid,
    draw_segments, draw_spend,
};
use customer_lens::core::cohorts::IncompleteMonth;
use customer_lens::core::pipeline::{run, Request};
use customer_lens::core::report::filter::{Breakdown, Filter};

/// The shade of an incomplete month, as plotters writes it in SVG.
const SHADE: &str = "#E2E2E2";
use plotters::prelude::*;

fn analysis() -> customer_lens::core::report::Analysis {
    let bytes = std::fs::read(format!(
        "{}/tests/data/CDNOW_sample.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    run(&bytes, &Request::default(), &mut |_, _| {}).unwrap()
}

#[test]
fn every_chart_draws_with_labels_and_hits() {
    let a = analysis();
    let r = &a.report;
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_monthly(&area, &r.performance.by_month, &[], "Revenue").unwrap()
    };
    assert_eq!(hits.len(), 18, "one hit per month, 1997-01 to 1998-06");
    assert!(hits[0].text.starts_with("1997-01: revenue"));
    assert!(svg.contains("Revenue and orders by month") && svg.contains("<rect"));
    assert!(!svg.contains("Incomplete month") && !svg.contains(SHADE));
    // A month that looks incomplete is shaded, named in the legend and said in its hit.
    let last = r.performance.by_month.last().unwrap().month.clone();
    let partial = [IncompleteMonth {
        month: last.clone(),
        orders: 3,
        days: 2,
        reason: "3 orders on 2 days".into(),
    }];
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_monthly(&area, &r.performance.by_month, &partial, "Revenue").unwrap()
    };
    assert!(svg.contains("Incomplete month") && svg.contains(SHADE));
    assert!(hits[17]
        .text
        .ends_with("(looks incomplete: 3 orders on 2 days)"));
    assert!(!hits[16].text.contains("incomplete"));

    let mut svg = String::new();
    let population = &r.clv.done().unwrap().population;
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_population(&area, population, "days").unwrap()
    };
    assert_eq!(
        hits.len(),
        population.len(),
        "one end point per fitted model"
    );
    assert!(
        hits[0].text.contains("repeat purchases by 360 days"),
        "{}",
        hits[0].text
    );
    assert!(
        svg.contains("expected repeat purchases") && svg.contains("days since the first purchase")
    );

    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_rf_grid(&area, &r.rfm.grid, None).unwrap()
    };
    assert_eq!(hits.len(), 25);
    // Cells this wide name their segment, in dark ink on the light ones.
    assert!(svg.contains("Champions") && svg.contains("Lose Them"));
    assert!(svg.contains("#1A1A1A"), "dark labels on light cells");
    let champions_top = hits
        .iter()
        .find(|h| h.text.starts_with("R 5, F 5"))
        .unwrap();
    assert!(champions_top.text.contains("Champions"));
    let (l, t, rr, b) = champions_top.rect;
    assert!(champions_top.contains((l + rr) / 2, (t + b) / 2));
    // A wide grid has the legend of every segment's colour; a narrow one leaves the room to the cells.
    for segment in customer_lens::core::rfm::Segment::ALL {
        assert!(
            // SVG writes the apostrophe of "Can't Lose Them" as an entity.
            svg.contains(segment.name().split('\'').next_back().unwrap()),
            "{} in the legend",
            segment.name()
        );
    }
    let mut narrow = String::new();
    {
        let area = SVGBackend::with_string(&mut narrow, (400, 340)).into_drawing_area();
        draw_rf_grid(&area, &r.rfm.grid, None).unwrap();
    }
    assert!(!narrow.contains("Hibernating") && !narrow.contains("Champions"));
    // Filtered to a cluster: each cell counts its customers in it, and the cells add up to the cluster.
    let profile = &a.report.clusters.done().unwrap().profiles[0];
    let breakdown = Breakdown::of(&a.customers, &Filter::Cluster(profile.code.clone()));
    let mut picked = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut picked, (800, 340)).into_drawing_area();
        draw_rf_grid(&area, &r.rfm.grid, Some(&breakdown)).unwrap()
    };
    let counted: u64 = hits
        .iter()
        .map(|h| {
            let n = h
                .text
                .rsplit("; ")
                .next()
                .unwrap()
                .trim_end_matches(" of them selected");
            n.replace(',', "").parse::<u64>().unwrap()
        })
        .sum();
    assert_eq!(counted, profile.size as u64);
    assert!(picked.contains(" / "));

    // The model heatmaps carry their colour scale, from 0 to the largest value, in the cells' format.
    let clv = r.clv.done().unwrap();
    let largest = clv
        .expected_grid
        .values
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_heatmap(&area, "Expected", &clv.expected_grid, &|v| {
            format!("{v:.3}")
        })
        .unwrap()
    };
    assert_eq!(
        hits.len(),
        clv.expected_grid.values.iter().map(Vec::len).sum::<usize>()
    );
    for label in [largest, largest / 2.0, 0.0] {
        assert!(
            svg.contains(&format!(">\n{label:.3}\n</text>")),
            "scale label {label:.3}"
        );
    }

    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_segments(&area, &r.rfm.summary, None).unwrap()
    };
    assert_eq!(hits.len(), r.rfm.segments.len());
    assert!(svg.contains("Champions"));
    assert!(hits.iter().all(|h| !h.text.contains("selected")));
    // Filtered to the first cluster: each bar outlines its customers in it, and says how many.
    let cluster = Filter::Cluster(a.report.clusters.done().unwrap().profiles[0].code.clone());
    let breakdown = Breakdown::of(&a.customers, &cluster);
    let mut outlined = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut outlined, (800, 340)).into_drawing_area();
        draw_segments(&area, &r.rfm.summary, Some(&breakdown)).unwrap()
    };
    let rows = r.rfm.summary.iter().filter(|s| s.customers > 0);
    let mut in_some = 0;
    for (hit, s) in hits.iter().zip(rows) {
        let n = breakdown.count(&Filter::Segment(s.segment));
        assert!(
            hit.text.ends_with(&format!("; {n} of them selected")),
            "{}",
            hit.text
        );
        in_some += usize::from(n > 0);
    }
    // Two rectangles (a fill and an outline) for each segment with customers in the cluster.
    let rects = |svg: &str| svg.matches("<rect").count();
    assert_eq!(rects(&outlined), rects(&svg) + 2 * in_some);
    assert!(in_some > 0 && outlined.contains("outlined: selected"));

    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_spend(&area, &r.spend, "spend").unwrap()
    };
    assert_eq!(hits.len(), r.spend.counts.len());
    let total: u64 = r.spend.counts.iter().sum();
    assert_eq!(total, 2357);
}

#[test]
fn cluster_charts_draw_with_labels_and_hits() {
    let a = analysis();
    let c = a.report.clusters.done().unwrap();
    let k = &c.kmeans;
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_elbow(&area, &k.inertia_by_k, &k.silhouette_by_k, k.k).unwrap()
    };
    assert_eq!(hits.len(), 8, "one hit per k");
    assert!(hits[0].text.starts_with("k = 2: inertia"));
    assert!(svg.contains("Elbow") && svg.contains("Silhouette"));

    let codes: Vec<String> = c.profiles.iter().map(|c| c.code.clone()).collect();
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_map(&area, c.map.as_ref().unwrap(), &codes).unwrap()
    };
    assert_eq!(hits.len(), codes.len());
    assert!(svg.contains("principal components") && svg.contains("cluster 1"));

    let m = c.migration.done().unwrap();
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_flow(&area, m).unwrap()
    };
    let bands = m.counts.iter().flatten().filter(|&&c| c > 0).count();
    assert_eq!(hits.len(), bands, "one hit per band");
    assert!(svg.contains("<polygon") && svg.contains("none ("));
}

#[test]
fn the_network_drawing_zooms_into_its_middle() {
    use customer_lens::charts::draw_network;
    use customer_lens::core::network::layout::neighbourhood;
    // s -> c; c -> a, b, d; each recruit has two recruits of its own.
    let mut links = vec![("c".to_string(), Some("s".to_string()))];
    for r in ["a", "b", "d"] {
        links.push((r.to_string(), Some("c".to_string())));
        for k in 1..=2 {
            links.push((format!("{r}{k}"), Some(r.to_string())));
        }
    }
    let pairs = links.iter().map(|(m, s)| (m.as_str(), s.as_deref()));
    let layout = neighbourhood(pairs, "c", 2).unwrap();
    let draw = |zoom: f64| {
        let mut svg = String::new();
        let hits = {
            let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
            draw_network(&area, &layout, zoom, 0.5).unwrap()
        };
        (svg, hits)
    };
    let (svg, hits) = draw(1.0);
    assert!(svg.contains("Referral network around c"));
    assert_eq!(hits.len(), 11, "s, c, three recruits and six of theirs");
    assert!(hits
        .iter()
        .any(|h| h.text == "c · chosen member · 3 direct recruits"));
    assert!(hits
        .iter()
        .any(|h| h.text == "s · sponsor · 1 direct recruit"));
    // Three times closer around the middle: only b's branch and the column above it stay in view.
    let (_, hits) = draw(3.0);
    let mut ids: Vec<&str> = hits
        .iter()
        .map(|h| h.text.split(' ').next().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["b", "b1", "b2", "c", "s"]);
}

/// The `y` of every text of `svg` whose content matches `keep`.
fn text_ys(svg: &str, keep: impl Fn(&str) -> bool) -> Vec<(i32, i32)> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let attr = |name: &str| -> Option<i32> {
                let at = t.find(&format!(" {name}=\""))? + name.len() + 3;
                t[at..].split('"').next()?.parse().ok()
            };
            let content = t.split('>').nth(1)?.split('<').next()?.trim();
            keep(content).then_some(())?;
            Some((attr("x")?, attr("y")?))
        })
        .collect()
}

#[test]
fn the_migration_labels_of_thin_blocks_do_not_overlap() {
    use customer_lens::core::clusters::migration::Migration;
    // One large cluster and five tiny ones: their blocks are a pixel or two tall.
    let states: Vec<String> = ["1", "2", "3", "4", "5", "6", "none"]
        .map(String::from)
        .to_vec();
    let mut counts = vec![vec![0u64; 7]; 7];
    counts[0][0] = 5_000;
    for (i, row) in counts.iter_mut().enumerate().skip(1) {
        row[i] = 3;
    }
    let m = Migration {
        first: ["2020-01-01".into(), "2020-06-30".into()],
        second: ["2020-07-01".into(), "2020-12-31".into()],
        states,
        counts,
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (800, 340)).into_drawing_area();
        draw_flow(&area, &m).unwrap();
    }
    let labels = text_ys(&svg, |t| t.contains(" (") && !t.starts_with("Customers"));
    // Seven states with customers on each side (the six clusters and "none"), each label whole on the
    // chart (its 11 px text starts 13 px above the bottom at most) and 13 px below the one above.
    assert_eq!(labels.len(), 14, "{labels:?}");
    for x in [labels[0].0, labels[13].0] {
        let mut ys: Vec<i32> = labels.iter().filter(|l| l.0 == x).map(|l| l.1).collect();
        assert_eq!(ys.len(), 7);
        ys.sort();
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12), "{ys:?}");
        assert!(*ys.last().unwrap() <= 340 - 13, "{ys:?}");
    }
}
