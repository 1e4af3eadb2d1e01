//! The one component that touches a canvas: it sizes it to its box, draws with plotters on a
//! `CanvasBackend`, redraws on data change and window resize, and shows a tooltip for the mark under the
//! pointer.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use super::state::AppState;
use crate::charts::Hit;

/// A chart on a canvas.
#[component]
pub fn ChartCanvas<F>(
    /// Element id (for tests and links).
    id: &'static str,
    /// Accessible label.
    label: &'static str,
    /// Draws the chart and returns its hit areas; runs again when the signals it reads change.
    draw: F,
) -> impl IntoView
where
    F: Fn(&DrawingArea<CanvasBackend, Shift>) -> Vec<Hit> + 'static,
{
    let state = expect_context::<AppState>();
    let canvas_ref = NodeRef::<Canvas>::new();
    let hits = StoredValue::new_local(Vec::<Hit>::new());
    let tooltip = RwSignal::new(None::<(i32, i32, String)>);
    Effect::new(move |_| {
        state.resize.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let width = canvas
            .parent_element()
            .map_or(600, |p| p.client_width())
            .max(320) as u32;
        canvas.set_width(width);
        canvas.set_height(340);
        if let Some(backend) = CanvasBackend::with_canvas_object(canvas) {
            let area = backend.into_drawing_area();
            let drawn = draw(&area);
            // Drawing to a canvas cannot fail once the context exists; nothing to report if it did.
            let _ = area.present();
            hits.set_value(drawn);
        }
    });
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let (x, y) = (ev.offset_x(), ev.offset_y());
        let hit =
            hits.with_value(|hs| hs.iter().find(|h| h.contains(x, y)).map(|h| h.text.clone()));
        tooltip.set(hit.map(|t| (x, y, t)));
    };
    let save = move |_| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            // A failed download leaves the page as it was; there is nothing to undo.
            let _ = super::download::save_png(&format!("{id}.png"), &canvas);
        }
    };
    view! {
        <figure class="chart">
            <button class="png no-print" title="Download this chart as a PNG picture"
                aria-label=format!("Download {label} as PNG") on:click=save>"PNG"</button>
            <canvas id=id node_ref=canvas_ref role="img" aria-label=label
                on:mousemove=on_move on:mouseleave=move |_| tooltip.set(None)></canvas>
            {move || tooltip.get().map(|(x, y, text)| view! {
                <div class="tooltip" style=format!("left: {}px; top: {}px", x + 12, y + 12)>{text}</div>
            })}
        </figure>
    }
}
