//! Principal components of standardised features, for a 2-D map of customers.

use linfa_linalg::eigh::Eigh;
use ndarray::{Array2, Axis};

/// The first two principal axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    /// Two unit vectors (rows), one per component.
    pub axes: Array2<f64>,
    /// Share of the total variance each explains.
    pub explained: [f64; 2],
    /// The column means removed before projecting.
    pub means: Vec<f64>,
}

impl Pca {
    /// Fits the two leading components of the rows of `x` (at least two columns).
    pub fn fit(x: &Array2<f64>) -> Option<Pca> {
        let n = x.nrows() as f64;
        if x.ncols() < 2 || x.nrows() < 2 {
            return None;
        }
        let means = x.mean_axis(Axis(0))?;
        let centred = x - &means;
        let covariance = centred.t().dot(&centred) / (n - 1.0);
        let (values, vectors) = covariance.eigh().ok()?;
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        if total <= 0.0 {
            return None;
        }
        let mut axes = Array2::zeros((2, x.ncols()));
        for (c, &i) in order.iter().take(2).enumerate() {
            axes.row_mut(c).assign(&vectors.column(i));
        }
        Some(Pca {
            axes,
            explained: [
                values[order[0]].max(0.0) / total,
                values[order[1]].max(0.0) / total,
            ],
            means: means.to_vec(),
        })
    }

    /// The coordinates of each row of `x` on the two components.
    pub fn project(&self, x: &Array2<f64>) -> Vec<[f64; 2]> {
        x.axis_iter(Axis(0))
            .map(|row| {
                let c: Vec<f64> = row.iter().zip(&self.means).map(|(v, m)| v - m).collect();
                let dot = |k: usize| self.axes.row(k).iter().zip(&c).map(|(a, b)| a * b).sum();
                [dot(0), dot(1)]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn finds_the_direction_of_spread() {
        // Points along y = x with a little noise across: the first axis is (1, 1) / sqrt 2 and explains
        // nearly everything.
        let x = array![
            [-2.0, -2.1],
            [-1.0, -0.9],
            [0.0, 0.1],
            [1.0, 0.9],
            [2.0, 2.0]
        ];
        let p = Pca::fit(&x).unwrap();
        let a = p.axes.row(0);
        assert!(
            (a[0].abs() - 0.5f64.sqrt()).abs() < 0.01 && (a[0] * a[1]) > 0.0,
            "{a}"
        );
        assert!(p.explained[0] > 0.99 && p.explained[0] + p.explained[1] <= 1.0 + 1e-12);
        let xy = p.project(&x);
        assert!((xy[4][0].abs() - (2.0f64 * 2.0 + 2.0 * 2.0).sqrt()).abs() < 0.1);
    }
}
