//! A canvas drawn at a scale: the charts draw in CSS pixels while the canvas holds `scale` device pixels
//! for each, so lines and text are sharp on high-density screens and in PNG exports.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas backend whose drawing size is in CSS pixels; the context's transform maps them to the
/// canvas's device pixels.
pub struct Scaled {
    inner: CanvasBackend,
    size: (u32, u32),
}

impl Scaled {
    /// Sizes `canvas` to `width` x `height` CSS pixels at `scale` device pixels each and returns its
    /// backend, or `None` when the canvas has no 2-d context.
    pub fn new(canvas: &HtmlCanvasElement, width: u32, height: u32, scale: f64) -> Option<Self> {
        let device = |css: u32| (f64::from(css) * scale).round() as u32;
        // Setting a size, even the same one, invalidates the layout the next chart's width reads.
        if canvas.width() != device(width) {
            canvas.set_width(device(width));
        }
        if canvas.height() != device(height) {
            canvas.set_height(device(height));
        }
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context
            .set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
            .ok()?;
        Some(Scaled {
            inner: CanvasBackend::with_canvas_object(canvas.clone())?,
            size: (width, height),
        })
    }
}

/// The device pixels per CSS pixel of this screen (1 where the browser does not say).
pub fn device_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// The canvas backend's error (its type is not exported by name).
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
type Failed = DrawingErrorKind<CanvasError>;

impl DrawingBackend for Scaled {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), Failed> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failed> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failed> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failed> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failed> {
        self.inner.draw_path(path, style)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failed> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failed> {
        self.inner.draw_text(text, style, pos)
    }
}
