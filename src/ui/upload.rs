//! Choosing a file: a file picker and a drop zone, plus a way back to the demo.

use super::state::AppState;
use leptos::prelude::*;

/// Hands a chosen file to the state: the worker reads it, so the page never loads its bytes.
fn open(state: AppState, file: web_sys::File) {
    state.open_file(file);
}

/// The file picker and drop zone.
#[component]
pub fn Upload() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open(state, file);
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
            open(state, file);
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
            <button class="button" on:click=move |_| state.open_demo()>"Show the demo"</button>
            <button class="button" id="members-demo" on:click=move |_| state.open_members_demo()>"Referral demo"</button>
            <span class="file-name" data-testid="file-name">{move || state.file_name.get()}</span>
        </div>
    }
}
