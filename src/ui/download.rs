//! Saving text made in the page as a file, without any request.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    save_url(file_name, &url)?;
    web_sys::Url::revoke_object_url(&url).map_err(|e| format!("{e:?}"))
}

/// Offers a canvas's picture as a PNG download named `file_name`.
pub fn save_png(file_name: &str, canvas: &web_sys::HtmlCanvasElement) -> Result<(), String> {
    let url = canvas.to_data_url().map_err(|e| format!("{e:?}"))?;
    save_url(file_name, &url)
}

/// Offers what `url` (a blob: or data: URL made in the page) holds as a download.
fn save_url(file_name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}
