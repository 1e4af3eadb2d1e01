//! Histograms of skewed positive values (customer spend) on log-spaced bins.

use serde::{Deserialize, Serialize};

/// Counts of values in consecutive bins `[edges[i], edges[i + 1])`; the last bin includes its upper edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges, one more than the counts.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
}

impl Histogram {
    /// `bins` log-spaced bins from the smallest positive value (but at least a ten-thousandth of the largest)
    /// to the largest; smaller values, zero or less included, go to the first bin. Empty input gives no bins.
    pub fn log_spaced(values: &[f64], bins: usize) -> Histogram {
        let positive = values.iter().copied().filter(|v| *v > 0.0 && v.is_finite());
        let (lo, hi) = positive.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let lo = lo.max(hi * 1e-4);
        if bins == 0 || !lo.is_finite() {
            return Histogram {
                edges: Vec::new(),
                counts: Vec::new(),
            };
        }
        let (llo, lhi) = (lo.log10(), hi.log10().max(lo.log10() + 1e-9));
        let step = (lhi - llo) / bins as f64;
        let edges: Vec<f64> = (0..=bins)
            .map(|i| 10f64.powf(llo + step * i as f64))
            .collect();
        let mut counts = vec![0u64; bins];
        for &v in values.iter().filter(|v| v.is_finite()) {
            let bin = if v <= lo {
                0
            } else {
                (((v.log10() - llo) / step) as usize).min(bins - 1)
            };
            counts[bin] += 1;
        }
        Histogram { edges, counts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades() {
        let h = Histogram::log_spaced(&[1.0, 5.0, 10.0, 50.0, 100.0, 0.0], 2);
        assert_eq!(h.counts, vec![3, 3]);
        assert!((h.edges[1] - 10.0).abs() < 1e-9);
        assert_eq!(h.counts.iter().sum::<u64>(), 6);
        assert!(Histogram::log_spaced(&[], 5).counts.is_empty());
        // Tiny values do not stretch the axis: they join the first bin.
        let h = Histogram::log_spaced(&[1e-9, 1.0, 10.0, 100.0, 1000.0, 10_000.0], 4);
        assert!((h.edges[0] - 1.0).abs() < 1e-9);
        assert_eq!(h.counts, vec![2, 1, 1, 2]);
    }
}
