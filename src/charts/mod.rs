//! The dashboard's charts, drawn with plotters on any backend (canvas in the browser, SVG in native tests).
//! Each drawing returns the hit areas of its marks, so the page can show a tooltip under the pointer.

mod baskets;
mod clusters;
mod clv;
mod contrast;
mod format;
mod monthly;
mod network;
mod rf_grid;
mod segments;
mod spark;
mod spend;

pub use baskets::draw_rules;
pub use clusters::{cluster_color, draw_elbow, draw_flow, draw_map};
pub use clv::{draw_bars, draw_heatmap, draw_holdout_by_frequency, draw_population, draw_tracking};
pub use contrast::{contrast, ink_on};
pub use format::{amount, change, grouped, money, parameter, percent, thousands};
pub use monthly::draw_monthly;
pub use network::draw_network;
pub use rf_grid::draw_rf_grid;
pub use segments::draw_segments;
pub use spark::draw_sparkline;
pub use spend::draw_spend;

use plotters::prelude::*;

use crate::core::report::filter::Filter;

/// A drawing error of backend `DB`.
pub type DrawError<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;

/// A mark's area in backend pixels and the text to show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Left, top, right, bottom, in pixels.
    pub rect: (i32, i32, i32, i32),
    /// The tooltip text.
    pub text: String,
    /// The customers a click on the mark narrows the page to.
    pub pick: Option<Filter>,
}

impl Hit {
    /// True when the pixel `(x, y)` is inside.
    pub fn contains(&self, x: i32, y: i32) -> bool {
        let (l, t, r, b) = self.rect;
        x >= l.min(r) && x <= l.max(r) && y >= t.min(b) && y <= t.max(b)
    }
}

/// The chart font at `size` pixels.
fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&RGBColor(40, 44, 52))
}

/// The colour of marks with no category.
const ACCENT: RGBColor = RGBColor(52, 101, 164);
const ACCENT_2: RGBColor = RGBColor(230, 126, 34);
