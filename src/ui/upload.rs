//! Choosing a file: a file picker and a drop zone, plus a way back to the demo.

use super::state::{Actions, AppState};
use leptos::prelude::*;

/// The file picker and drop zone.
#[component]
pub fn Upload() -> impl IntoView {
    // The worker reads a chosen file, so the page never loads its bytes.
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            actions.open_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            actions.open_file(file);
        }
    };
    view! {
        <div
            class="upload"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <label class="button primary">
                "Choose a transaction file"
                <input id="file-input" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" on:change=on_change/>
            </label>
            <span class="hint">"or drop it here (CSV, TSV, semicolon or space separated)"</span>
            <button class="button" on:click=move |_| actions.open_demo()>"Show the demo"</button>
            <button class="button" id="members-demo" on:click=move |_| actions.open_members_demo()>"Referral demo"</button>
            <span class="file-name" data-testid="file-name">{move || state.file_name.get()}</span>
        </div>
    }
}
