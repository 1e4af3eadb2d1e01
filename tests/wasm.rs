//! Browser tests (wasm32 in headless Chromium via wasm-bindgen-test-runner): the core runs the same in
//! wasm, and the charts draw real pixels on a canvas.
#![cfg(target_arch = "wasm32")]

use customer_lens::charts::{draw_monthly, draw_network, draw_rf_grid};
use customer_lens::core::network::layout::neighbourhood;
use customer_lens::core::network::sample::members_csv;
use customer_lens::core::pipeline::{run, Request};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CDNOW: &[u8] = include_bytes!("data/CDNOW_sample.txt");

#[wasm_bindgen_test]
fn pipeline_gives_the_native_figures_in_wasm() {
    let a = run(CDNOW, &Request::default(), &mut |_, _| {}).unwrap();
    assert_eq!(a.report.rows.read, 6_919);
    assert_eq!(a.report.customers, 2_357);
    assert_eq!(a.report.kpi.first_date, "1997-01-01");
    assert_eq!(a.report.rfm.segments.values().sum::<u64>(), 2_357);
}

fn canvas(width: u32, height: u32) -> web_sys::HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Share of pixels that are neither white nor transparent.
fn inked_share(canvas: &web_sys::HtmlCanvasElement) -> f64 {
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    let pixels = data.len() / 4;
    let inked = data
        .chunks(4)
        .filter(|p| p[3] > 0 && (p[0] < 240 || p[1] < 240 || p[2] < 240))
        .count();
    inked as f64 / pixels as f64
}

#[wasm_bindgen_test]
fn charts_draw_pixels_on_a_canvas() {
    let a = run(CDNOW, &Request::default(), &mut |_, _| {}).unwrap();
    let c = canvas(640, 320);
    let area = CanvasBackend::with_canvas_object(c.clone())
        .unwrap()
        .into_drawing_area();
    let hits = draw_rf_grid(&area, &a.report.rfm.grid, None).unwrap();
    area.present().unwrap();
    assert_eq!(hits.len(), 25);
    // The 25 coloured cells cover a good part of the canvas.
    assert!(inked_share(&c) > 0.3, "{}", inked_share(&c));

    let c = canvas(640, 320);
    let area = CanvasBackend::with_canvas_object(c.clone())
        .unwrap()
        .into_drawing_area();
    draw_monthly(
        &area,
        &a.report.performance.by_month,
        &a.report.cohorts.incomplete,
        "Revenue",
    )
    .unwrap();
    area.present().unwrap();
    assert!(inked_share(&c) > 0.05, "{}", inked_share(&c));
}

#[wasm_bindgen_test]
fn the_referral_demo_builds_its_network_and_draws_it() {
    let csv = members_csv(1_500, 1);
    let a = run(csv.as_bytes(), &Request::default(), &mut |_, _| {}).unwrap();
    let n = a.report.network.done().unwrap();
    assert_eq!((n.members, n.roots), (1_501, 6));
    let top = &n.top_sponsors[0];
    let links = a
        .customers
        .iter()
        .map(|c| (c.id.as_str(), c.sponsor.as_deref()));
    let layout = neighbourhood(links, &top.id, 2).unwrap();
    assert_eq!(layout.nodes[0].direct as u32, top.direct);
    let c = canvas(640, 320);
    let area = CanvasBackend::with_canvas_object(c.clone())
        .unwrap()
        .into_drawing_area();
    let hits = draw_network(&area, &layout, 1.0, 0.5).unwrap();
    area.present().unwrap();
    assert_eq!(hits.len(), layout.nodes.len());
    assert!(inked_share(&c) > 0.01, "{}", inked_share(&c));
}
