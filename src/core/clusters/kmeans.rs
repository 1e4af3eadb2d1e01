//! K-Means (linfa-clustering's Lloyd iterations from greedy k-means++ starts, several runs, a fixed seed)
//! over a range of k, with the inertia, the silhouette and the elbow that suggests k.

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use linfa_nn::distance::Distance;
use ndarray::{Array2, ArrayView, ArrayView2, Axis, Dimension};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::error::ClusterError;

/// One k-means solution.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Clusters.
    pub k: usize,
    /// The cluster of each row.
    pub labels: Vec<usize>,
    /// One centroid per cluster (rows), in the standardised space.
    pub centroids: Array2<f64>,
    /// Sum of squared distances of rows to their centroid (scikit-learn's `inertia_`).
    pub inertia: f64,
}

/// Clusters the rows of `x` into `k` groups: linfa's Lloyd iterations from the best of `runs` greedy
/// k-means++ starts seeded by `seed`.
pub fn fit(x: &Array2<f64>, k: usize, runs: usize, seed: u64) -> Result<Solution, ClusterError> {
    let distinct = distinct_rows(x.view());
    if distinct < k {
        return Err(ClusterError::TooFewDistinct { k, distinct });
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let mut best: Option<Solution> = None;
    for _ in 0..runs.max(1) {
        let start = greedy_plus_plus(x.view(), k, &mut rng);
        let s = solve(x, k, 1, seed, KMeansInit::Precomputed(start))?;
        if best.as_ref().is_none_or(|b| s.inertia < b.inertia) {
            best = Some(s);
        }
    }
    best.ok_or(ClusterError::TooFewDistinct { k, distinct })
}

/// Greedy k-means++ (Arthur & Vassilvitskii 2007, with the 2 + ln k local trials per centre that
/// scikit-learn uses): each new centre is the best of a few points drawn with probability proportional to
/// their squared distance to the nearest centre so far.
fn greedy_plus_plus(x: ArrayView2<f64>, k: usize, rng: &mut StdRng) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = x.axis_iter(Axis(0)).map(|r| r.to_vec()).collect();
    let trials = 2 + (k as f64).ln() as usize;
    let mut centres = vec![rng.gen_range(0..rows.len())];
    let mut closest: Vec<f64> = rows
        .iter()
        .map(|r| squared_distance(r, &rows[centres[0]]))
        .collect();
    for _ in 1..k {
        let total: f64 = closest.iter().sum();
        let mut best: Option<(f64, usize, Vec<f64>)> = None;
        for _ in 0..trials {
            let mut target = rng.gen::<f64>() * total;
            let candidate = closest
                .iter()
                .position(|d| {
                    target -= d;
                    target < 0.0
                })
                .unwrap_or(rows.len() - 1);
            let updated: Vec<f64> = rows
                .iter()
                .zip(&closest)
                .map(|(r, d)| d.min(squared_distance(r, &rows[candidate])))
                .collect();
            let potential = updated.iter().sum();
            if best.as_ref().is_none_or(|b| potential < b.0) {
                best = Some((potential, candidate, updated));
            }
        }
        if let Some((_, candidate, updated)) = best {
            centres.push(candidate);
            closest = updated;
        }
    }
    x.select(Axis(0), &centres)
}

/// Lloyd's iterations on all rows of `x` from the `centroids` found on a sample.
pub fn refine(x: &Array2<f64>, centroids: &Array2<f64>) -> Result<Solution, ClusterError> {
    let init = KMeansInit::Precomputed(centroids.clone());
    solve(x, centroids.nrows(), 1, 0, init)
}

fn solve(
    x: &Array2<f64>,
    k: usize,
    runs: usize,
    seed: u64,
    init: KMeansInit<f64>,
) -> Result<Solution, ClusterError> {
    let data = DatasetBase::from(x.clone());
    let model = KMeans::params_with(k, StdRng::seed_from_u64(seed), Euclidean)
        .n_runs(runs)
        .init_method(init)
        .max_n_iterations(300)
        .tolerance(1e-10)
        .fit(&data)
        .map_err(|e| ClusterError::Kmeans {
            k,
            message: e.to_string(),
        })?;
    let (labels, inertia) = label(x.view(), model.centroids());
    Ok(Solution {
        k,
        labels,
        centroids: model.centroids().clone(),
        inertia,
    })
}

/// Euclidean distance as linfa's `L2Dist` measures it, summed along contiguous rows without ndarray's
/// per-call shape checks: linfa's Lloyd iterations spend most of their time measuring distances.
#[derive(Debug, Clone)]
struct Euclidean;

impl Distance<f64> for Euclidean {
    fn distance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        self.rdistance(a, b).sqrt()
    }

    fn rdistance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        match (a.as_slice(), b.as_slice()) {
            (Some(a), Some(b)) => squared_distance(a, b),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    fn rdist_to_dist(&self, rdist: f64) -> f64 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f64) -> f64 {
        dist * dist
    }
}

/// The nearest of `centroids` for each row of `x`, and the sum of squared distances to it.
pub fn label(x: ArrayView2<f64>, centroids: &Array2<f64>) -> (Vec<usize>, f64) {
    let rows: Vec<Vec<f64>> = centroids.axis_iter(Axis(0)).map(|c| c.to_vec()).collect();
    let mut inertia = 0.0;
    let labels = x
        .axis_iter(Axis(0))
        .map(|row| {
            let row = row.to_vec();
            let (best, d) = rows
                .iter()
                .map(|c| squared_distance(&row, c))
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            inertia += d;
            best
        })
        .collect();
    (labels, inertia)
}

fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

fn distinct_rows(x: ArrayView2<f64>) -> usize {
    let mut rows: Vec<Vec<u64>> = x
        .axis_iter(Axis(0))
        .map(|r| r.iter().map(|v| v.to_bits()).collect())
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

/// Mean silhouette of the rows `sample` of `x` (Rousseeuw 1987): for each, (b - a) / max(a, b) with a
/// the mean distance to the others of its cluster and b the least mean distance to another cluster,
/// over the sample only; 0 for a row alone in its cluster, as scikit-learn does.
pub fn silhouette(x: &Array2<f64>, labels: &[usize], sample: &[usize]) -> f64 {
    silhouettes(x, &[labels], sample)[0]
}

/// The mean silhouette of several labellings of the same rows, each distance computed once for all.
pub fn silhouettes(x: &Array2<f64>, labellings: &[&[usize]], sample: &[usize]) -> Vec<f64> {
    let ks: Vec<usize> = labellings
        .iter()
        .map(|l| l.iter().max().map_or(0, |m| m + 1))
        .collect();
    let rows: Vec<Vec<f64>> = sample.iter().map(|&i| x.row(i).to_vec()).collect();
    let labs: Vec<Vec<usize>> = labellings
        .iter()
        .map(|l| sample.iter().map(|&i| l[i]).collect())
        .collect();
    // Per labelling, the summed distance and the count of each cluster seen from one row.
    let width: usize = ks.iter().sum();
    let offsets: Vec<usize> = ks
        .iter()
        .scan(0, |o, &k| Some(std::mem::replace(o, *o + k)))
        .collect();
    // Each cluster's size in the sample, per labelling; seen from a row, its own cluster has one fewer.
    let mut sizes = vec![0usize; width];
    for (lab, &o) in labs.iter().zip(&offsets) {
        for &c in lab {
            sizes[o + c] += 1;
        }
    }
    let mut totals = vec![0.0; labellings.len()];
    let mut distances = vec![0.0; rows.len()];
    let mut sum = vec![0.0; width];
    for (i, row) in rows.iter().enumerate() {
        for (d, other) in distances.iter_mut().zip(&rows) {
            *d = squared_distance(row, other).sqrt();
        }
        for (l, lab) in labs.iter().enumerate() {
            let (o, k) = (offsets[l], ks[l]);
            let sum = &mut sum[o..o + k];
            sum.fill(0.0);
            // The row's distance to itself is 0 and adds nothing to its own cluster's sum.
            for (&d, &c) in distances.iter().zip(lab) {
                sum[c] += d;
            }
            let own = lab[i];
            let count = |c: usize| sizes[o + c] - usize::from(c == own);
            if count(own) == 0 {
                continue;
            }
            let a = sum[own] / count(own) as f64;
            let b = (0..k)
                .filter(|&c| c != own && count(c) > 0)
                .map(|c| sum[c] / count(c) as f64)
                .fold(f64::INFINITY, f64::min);
            if b.is_finite() {
                totals[l] += (b - a) / a.max(b);
            }
        }
    }
    totals
        .iter()
        .map(|t| t / rows.len().max(1) as f64)
        .collect()
}

/// The elbow of a falling inertia curve by the kneedle method (Satopää et al. 2011): the k whose point,
/// with both axes scaled to [0, 1], lies furthest below the straight line from the first to the last.
pub fn elbow(ks: &[usize], inertia: &[f64]) -> usize {
    let (k0, k1) = (ks[0] as f64, ks[ks.len() - 1] as f64);
    let (hi, lo) = (
        inertia.iter().copied().fold(f64::MIN, f64::max),
        inertia.iter().copied().fold(f64::MAX, f64::min),
    );
    if hi <= lo || ks.len() < 3 {
        return ks[0];
    }
    ks.iter()
        .zip(inertia)
        .map(|(&k, &v)| {
            let x = (k as f64 - k0) / (k1 - k0);
            let y = (v - lo) / (hi - lo);
            (k, (1.0 - y) - x)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(ks[0], |(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn silhouette_of_a_tiny_set_by_hand() {
        // Points 0, 1 (cluster 0) and 4, 6 (cluster 1) on a line.
        // s(0) = (5 - 1) / 5 = 0.8; s(1) = (4 - 1) / 4 = 0.75;
        // s(4) = (3.5 - 2) / 3.5 = 3/7; s(6) = (5.5 - 2) / 5.5 = 7/11.
        let x = array![[0.0], [1.0], [4.0], [6.0]];
        let want = (0.8 + 0.75 + 3.0 / 7.0 + 7.0 / 11.0) / 4.0;
        let got = silhouette(&x, &[0, 0, 1, 1], &[0, 1, 2, 3]);
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }

    #[test]
    fn silhouettes_together_equal_each_alone() {
        let x = array![[0.0], [1.0], [4.0], [6.0], [7.0], [2.5]];
        let (two, three) = ([0, 0, 1, 1, 1, 0], [0, 0, 1, 2, 2, 1]);
        let sample = [0, 1, 2, 3, 4, 5];
        let both = silhouettes(&x, &[&two, &three], &sample);
        // Clusters {0, 1, 2.5} and {4, 6, 7}: s(0) = (17/3 - 7/4) / (17/3), and so on for each point;
        // their mean, worked out from the definition point by point.
        let want_two = 0.542_697_578_123_808_5;
        assert!((both[0] - want_two).abs() < 1e-12, "{both:?}");
        // Clusters {0, 1}, {4, 2.5} and {6, 7}, worked out the same way.
        let want_three = 0.544_593_369_593_369_6;
        assert!((both[1] - want_three).abs() < 1e-12, "{both:?}");
    }

    #[test]
    fn elbow_of_a_bent_curve() {
        let ks = [2, 3, 4, 5, 6, 7, 8, 9];
        let inertia = [1000.0, 400.0, 150.0, 130.0, 115.0, 105.0, 98.0, 92.0];
        assert_eq!(elbow(&ks, &inertia), 4);
    }

    #[test]
    fn too_few_distinct_customers_is_refused() {
        let x = array![[1.0, 2.0], [1.0, 2.0], [3.0, 4.0]];
        let e = fit(&x, 3, 2, 1).unwrap_err();
        assert_eq!(e, ClusterError::TooFewDistinct { k: 3, distinct: 2 });
        assert!(e.to_string().contains("there are 2"), "{e}");
    }
}
