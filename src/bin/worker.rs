//! Entry point of the Web Worker (built by Trunk as a separate module with a loader shim).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    customer_lens::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker runs in the browser only; build it with `trunk build`");
}
