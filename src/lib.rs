//! Customer Lens: a customer-value studio that runs entirely in the browser.
//!
//! `core` holds the analysis (native and wasm alike), `charts` the drawings (generic over the plotters
//! backend), and, in the browser build only, `ui` the Leptos components and `worker` the Web Worker.

pub mod charts;
pub mod core;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
