//! A part's share of a whole, the one way the report and the page compute it.

/// `part / whole`, or 0 of an empty whole.
pub fn share(part: f64, whole: f64) -> f64 {
    if whole != 0.0 {
        part / whole
    } else {
        0.0
    }
}
