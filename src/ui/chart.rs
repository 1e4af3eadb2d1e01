//! The one component that touches a canvas: it sizes it to its box, draws with plotters at the
//! screen's pixel density, redraws on data change and window resize, shows a tooltip for the mark under
//! the pointer, and filters the page to the group of customers a clicked mark stands for.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::hidpi::{device_ratio, Scaled};
use super::state::{Actions, AppState};
use crate::charts::Hit;

/// Canvas height in pixels.
const HEIGHT: u32 = 340;

/// The narrowest chart drawn (a phone held upright leaves about 300 pixels).
const MIN_WIDTH: i32 = 240;

/// Milliseconds of chart drawing one animation frame takes before the other charts wait for the next, so
/// a dashboard of sixteen charts never stops the page for longer than a frame or two.
const FRAME_BUDGET_MS: f64 = 24.0;

thread_local! {
    /// Drawing time spent since the last animation frame.
    static SPENT: Cell<f64> = const { Cell::new(0.0) };
    /// Charts waiting for the next frame (each one's redraw signal).
    static WAITING: RefCell<Vec<RwSignal<u32>>> = const { RefCell::new(Vec::new()) };
    /// Whether the next frame's reset is scheduled.
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// Whether new data came since the last frame: the next frame then lays out the page's new parts
    /// alone, and the charts draw in the frame after it.
    static SKIP: Cell<bool> = const { Cell::new(false) };
}

/// Charts waiting, on the root element (`data-charts-waiting`), so tests know when every chart is drawn.
fn show_waiting() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let n = WAITING.with_borrow(Vec::len);
        let _ = root.set_attribute("data-charts-waiting", &n.to_string());
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// At the next animation frame (the one after it when new data came): a new budget, and the waiting
/// charts redrawn.
fn schedule_frame() {
    if SCHEDULED.replace(true) {
        return;
    }
    let next = Closure::once_into_js(|| {
        SCHEDULED.set(false);
        if SKIP.replace(false) {
            return schedule_frame();
        }
        SPENT.set(0.0);
        for redraw in WAITING.take() {
            redraw.update(|n| *n += 1);
        }
        show_waiting();
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(next.unchecked_ref());
    }
}

/// Draws on `canvas` at `size` CSS pixels, `scale` device pixels each; returns the hit areas.
fn paint<F>(canvas: &web_sys::HtmlCanvasElement, size: (u32, u32), scale: f64, draw: &F) -> Vec<Hit>
where
    F: Fn(&DrawingArea<Scaled, Shift>) -> Vec<Hit>,
{
    let Some(backend) = Scaled::new(canvas, size.0, size.1, scale) else {
        return Vec::new();
    };
    let area = backend.into_drawing_area();
    // The canvas is not cleared by a resize any more: a chart without data must not keep the last.
    let _ = area.fill(&WHITE);
    let drawn = draw(&area);
    // Drawing to a canvas cannot fail once the context exists; nothing to report if it did.
    let _ = area.present();
    drawn
}

/// A chart on a canvas.
#[component]
pub fn ChartCanvas<F>(
    /// Element id (for tests and links).
    id: &'static str,
    /// Accessible label.
    #[prop(into)]
    label: String,
    /// Draws the chart and returns its hit areas; runs again when the signals it reads change.
    draw: F,
    /// Height in CSS pixels.
    #[prop(default = HEIGHT)]
    height: u32,
    /// A sparkline in a tile: no frame and no PNG button, any width.
    #[prop(optional)]
    spark: bool,
) -> impl IntoView
where
    F: Fn(&DrawingArea<Scaled, Shift>) -> Vec<Hit> + 'static,
{
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let canvas_ref = NodeRef::<Canvas>::new();
    let hits = StoredValue::new_local(Vec::<Hit>::new());
    // Where the tooltip goes (its left or right edge, and its top) and what it says.
    let tooltip = RwSignal::new(None::<(String, String)>);
    // Whether the pointer is on a mark a click filters by.
    let picking = RwSignal::new(false);
    let redraw = RwSignal::new(0u32);
    let draw = StoredValue::new_local(draw);
    // A chart never draws in the task that changed its data (a worker's update, mostly) nor in the frame
    // right after, which lays out what changed: it draws in the frame after that, so no frame holds both
    // the update and the drawing, and the width read below forces no layout of its own. The effect
    // returns the redraw count it ran at: a higher one means a frame called it.
    Effect::new(move |drawn_at: Option<u32>| {
        state.resize.track();
        let now = redraw.get();
        let Some(canvas) = canvas_ref.get() else {
            return now;
        };
        schedule_frame();
        let fresh = drawn_at.is_none_or(|at| at == now);
        if fresh || SPENT.get() > FRAME_BUDGET_MS {
            SKIP.set(SKIP.get() || fresh);
            WAITING.with_borrow_mut(|w| {
                if !w.contains(&redraw) {
                    w.push(redraw)
                }
            });
            show_waiting();
            return now;
        }
        let started = now_ms();
        // The figure has no side padding: its inner width is the canvas's.
        let width = canvas
            .parent_element()
            .map_or(600, |p| p.client_width())
            .max(if spark { 1 } else { MIN_WIDTH }) as u32;
        let style = format!("width: {width}px; height: {height}px");
        if canvas.get_attribute("style").as_deref() != Some(style.as_str()) {
            let _ = canvas.set_attribute("style", &style);
        }
        let drawn = draw.with_value(|draw| paint(&canvas, (width, height), device_ratio(), draw));
        hits.set_value(drawn);
        SPENT.set(SPENT.get() + now_ms() - started);
        now
    });
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let (x, y) = (ev.offset_x(), ev.offset_y());
        let hit =
            hits.with_value(|hs| hs.iter().find(|h| h.contains(x, y)).map(|h| h.text.clone()));
        let width = canvas_ref.get_untracked().map_or(0, |c| c.client_width());
        // On the right half the tooltip opens to the left, so it never runs off the card.
        let place = if x > width / 2 {
            format!("right: {}px; top: {}px", width - x + 12, y + 12)
        } else {
            format!("left: {}px; top: {}px", x + 12, y + 12)
        };
        let pickable =
            hits.with_value(|hs| hs.iter().any(|h| h.pick.is_some() && h.contains(x, y)));
        picking.set(pickable);
        tooltip.set(hit.map(|t| (place, t)));
    };
    // A click on a mark that stands for a group of customers narrows the page to them.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let (x, y) = (ev.offset_x(), ev.offset_y());
        let pick = hits.with_value(|hs| {
            hs.iter()
                .find(|h| h.pick.is_some() && h.contains(x, y))
                .and_then(|h| h.pick.clone())
        });
        if let Some(pick) = pick {
            actions.toggle_filter(pick);
        }
    };
    let save = move |_| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        // The picture is drawn again at twice the CSS pixels at least, sharp when printed or enlarged.
        let copy = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        if let Some(copy) = copy {
            let width = canvas.client_width().max(MIN_WIDTH) as u32;
            draw.with_value(|draw| paint(&copy, (width, height), device_ratio().max(2.0), draw));
            // A failed download leaves the page as it was; there is nothing to undo.
            let _ = super::download::save_png(&format!("{id}.png"), &copy);
        }
    };
    let png_label = format!("Download {label} as PNG");
    view! {
        <figure class=if spark { "spark" } else { "chart" }>
            {(!spark).then(|| view! {
                <button class="png no-print" title="Download this chart as a PNG picture"
                    aria-label=png_label on:click=save>"PNG"</button>
            })}
            <canvas id=id node_ref=canvas_ref role="img" aria-label=label class:picking=move || picking.get()
                on:mousemove=on_move on:click=on_click
                on:mouseleave=move |_| { tooltip.set(None); picking.set(false); }></canvas>
            {move || tooltip.get().map(|(place, text)| view! {
                <div class="tooltip" style=place>{text}</div>
            })}
        </figure>
    }
}
