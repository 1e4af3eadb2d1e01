//! Entry point of the browser app: sets the panic hook and mounts the Leptos app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(customer_lens::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: serve it with `trunk serve`, or use the `customer-lens` command");
}
