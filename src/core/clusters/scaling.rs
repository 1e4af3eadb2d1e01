//! Features -> the matrix K-Means sees: skewed features log-transformed, all standardised.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::error::ClusterError;
use super::features::{Feature, FeatureTable};

/// How one feature was transformed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaling {
    /// The feature.
    pub feature: Feature,
    /// Its label.
    pub label: String,
    /// Skewness of the raw values.
    pub skewness: f64,
    /// Whether ln(1 + v) was taken (skewness above 1 and no negative value).
    pub log: bool,
    /// Mean after the log, subtracted.
    pub mean: f64,
    /// Standard deviation after the log, divided by.
    pub sd: f64,
}

impl Scaling {
    /// Fits the transform of `values`; `None` when they do not vary.
    pub fn fit(feature: Feature, values: &[f64]) -> Option<Scaling> {
        let skewness = skewness(values);
        let log = skewness > 1.0 && values.iter().all(|v| *v >= 0.0);
        let t: Vec<f64> = values
            .iter()
            .map(|v| if log { v.ln_1p() } else { *v })
            .collect();
        let n = t.len() as f64;
        let mean = t.iter().sum::<f64>() / n;
        let sd = (t.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
        (sd > 1e-12 * mean.abs().max(1.0)).then(|| Scaling {
            feature,
            label: feature.label().into(),
            skewness,
            log,
            mean,
            sd,
        })
    }

    /// The standardised value of `v`.
    pub fn apply(&self, v: f64) -> f64 {
        let v = if self.log { v.max(0.0).ln_1p() } else { v };
        (v - self.mean) / self.sd
    }
}

/// Sample skewness (the third standardised moment); 0 for constant values.
pub fn skewness(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let m2 = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    let m3 = values.iter().map(|v| (v - mean).powi(3)).sum::<f64>() / n;
    if m2 > 0.0 {
        m3 / m2.powf(1.5)
    } else {
        0.0
    }
}

/// Fits the scaling of each of `chosen` and builds the standardised matrix (customers x features); a
/// plain sentence when a feature is missing or constant.
pub fn prepare(
    table: &FeatureTable,
    chosen: &[Feature],
) -> Result<(Array2<f64>, Vec<Scaling>), ClusterError> {
    let mut scalings = Vec::new();
    for &f in chosen {
        let column = table.column(f).ok_or(ClusterError::MissingFeature(f))?;
        scalings.push(Scaling::fit(f, column).ok_or(ClusterError::ConstantFeature(f))?);
    }
    Ok((matrix(table, &scalings), scalings))
}

/// The standardised matrix of `table` under fitted `scalings`.
pub fn matrix(table: &FeatureTable, scalings: &[Scaling]) -> Array2<f64> {
    let mut x = Array2::zeros((table.len(), scalings.len()));
    for (j, s) in scalings.iter().enumerate() {
        if let Some(column) = table.column(s.feature) {
            for (i, v) in column.iter().enumerate() {
                x[[i, j]] = s.apply(*v);
            }
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_skewed_features_and_standardises() {
        let spend = [1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 500.0];
        let s = Scaling::fit(Feature::Monetary, &spend).unwrap();
        assert!(s.log && s.skewness > 2.0);
        let z: Vec<f64> = spend.iter().map(|v| s.apply(*v)).collect();
        let mean = z.iter().sum::<f64>() / 7.0;
        let var = z.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 7.0;
        assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
        let even = Scaling::fit(Feature::Recency, &[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert!(!even.log && even.skewness.abs() < 1e-12);
        assert!(Scaling::fit(Feature::Recency, &[5.0, 5.0, 5.0]).is_none());
    }
}
