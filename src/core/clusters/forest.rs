//! A random forest (Breiman 2001: bagged CART trees split on Gini impurity, each split choosing among a
//! random subset of the features) that predicts a customer's cluster from the clustering features, with
//! its held-out accuracy. Written here rather than taken from linfa-ensemble 0.8, whose votes and class
//! counts live in `HashMap`s with random hashers: the same file gave different accuracies run to run.

use ndarray::{Array2, ArrayView1};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Trees in the forest.
const TREES: usize = 40;
/// Customers the forest learns from at most (a sample keeps large files fast).
const MAX_TRAIN: usize = 4_000;
/// Each tree learns from a bootstrap sample of this share of the training customers.
const BOOTSTRAP: f64 = 0.7;
/// Deepest split of a tree.
const MAX_DEPTH: usize = 24;

/// How well the forest predicts clusters on customers it did not learn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classifier {
    /// Share of held-out customers whose cluster it predicted.
    pub accuracy: f64,
    /// Held-out counts: `confusion[actual][predicted]`.
    pub confusion: Vec<Vec<u64>>,
    /// Customers learnt from.
    pub trained_on: usize,
    /// Customers tested on.
    pub tested_on: usize,
    /// Trees.
    pub trees: usize,
}

/// A node of a tree: a leaf's class, or a split sending rows with `feature <= threshold` left.
#[derive(Debug, Clone, Copy)]
enum Node {
    Leaf(usize),
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
}

/// One decision tree, its root first.
#[derive(Debug, Clone)]
struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn predict(&self, row: ArrayView1<f64>) -> usize {
        let mut at = 0;
        loop {
            match self.nodes[at] {
                Node::Leaf(class) => return class,
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    at = if row[feature] <= threshold {
                        left
                    } else {
                        right
                    }
                }
            }
        }
    }
}

/// What growing one tree needs besides its rows.
struct Grower<'a> {
    x: &'a Array2<f64>,
    labels: &'a [usize],
    k: usize,
    /// Features tried at each split.
    tried: usize,
    rng: StdRng,
    nodes: Vec<Node>,
}

impl Grower<'_> {
    /// The most frequent class of `rows` (the lowest on a tie).
    fn majority(&self, rows: &[usize]) -> usize {
        let mut counts = vec![0usize; self.k];
        for &r in rows {
            counts[self.labels[r]] += 1;
        }
        (0..self.k)
            .max_by_key(|&c| (counts[c], usize::MAX - c))
            .unwrap_or(0)
    }

    /// The split of `rows` with the lowest weighted Gini impurity over a random subset of the features:
    /// (feature, threshold, rows going left), or `None` when no split makes the nodes purer. The weighted
    /// impurity is 1 - (sum of left counts squared / left size + the same on the right) / size, so the
    /// best split has the largest bracket, kept up to date as rows move left one by one.
    fn best_split(&mut self, rows: &mut [usize]) -> Option<(usize, f64, usize)> {
        let n = rows.len();
        let mut total = vec![0usize; self.k];
        for &r in rows.iter() {
            total[self.labels[r]] += 1;
        }
        let squares = |counts: &[usize]| counts.iter().map(|&c| (c * c) as f64).sum::<f64>();
        let parent = squares(&total) / n as f64;
        let mut best_purity = parent + 1e-9 * parent;
        let mut best = None;
        let mut features: Vec<usize> = (0..self.x.ncols()).collect();
        features.shuffle(&mut self.rng);
        for &f in &features[..self.tried] {
            rows.sort_by(|&a, &b| self.x[[a, f]].total_cmp(&self.x[[b, f]]));
            let (mut left, mut right) = (vec![0usize; self.k], total.clone());
            let (mut left_sq, mut right_sq) = (0.0, squares(&total));
            for i in 1..n {
                let c = self.labels[rows[i - 1]];
                left_sq += (2 * left[c] + 1) as f64;
                right_sq -= (2 * right[c] - 1) as f64;
                left[c] += 1;
                right[c] -= 1;
                let (lo, hi) = (self.x[[rows[i - 1], f]], self.x[[rows[i], f]]);
                if lo == hi {
                    continue;
                }
                let purity = left_sq / i as f64 + right_sq / (n - i) as f64;
                if purity > best_purity {
                    best_purity = purity;
                    best = Some((f, lo + (hi - lo) / 2.0, i));
                }
            }
        }
        let (f, threshold, _) = best?;
        rows.sort_by(|&a, &b| self.x[[a, f]].total_cmp(&self.x[[b, f]]));
        let cut = rows.partition_point(|&r| self.x[[r, f]] <= threshold);
        Some((f, threshold, cut))
    }

    /// Grows the subtree of `rows` and returns its node's index.
    fn grow(&mut self, rows: &mut [usize], depth: usize) -> usize {
        let at = self.nodes.len();
        self.nodes.push(Node::Leaf(self.majority(rows)));
        let first = rows.first().map(|&r| self.labels[r]);
        if depth >= MAX_DEPTH || rows.iter().all(|&r| Some(self.labels[r]) == first) {
            return at;
        }
        if let Some((feature, threshold, cut)) = self.best_split(rows) {
            let (l, r) = rows.split_at_mut(cut);
            let left = self.grow(l, depth + 1);
            let right = self.grow(r, depth + 1);
            self.nodes[at] = Node::Split {
                feature,
                threshold,
                left,
                right,
            };
        }
        at
    }
}

/// A fitted forest.
pub struct Forest {
    trees: Vec<Tree>,
    k: usize,
}

impl Forest {
    /// Learns `labels` (k clusters) from the rows of `x` on a seeded 75 % sample (at most 4,000), and
    /// tests on the other customers (at most 4,000).
    pub fn fit(
        x: &Array2<f64>,
        labels: &[usize],
        k: usize,
        seed: u64,
    ) -> Option<(Forest, Classifier)> {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut order: Vec<usize> = (0..x.nrows()).collect();
        order.shuffle(&mut rng);
        let cut = (x.nrows() * 3 / 4).min(MAX_TRAIN);
        let (train, test) = order.split_at(cut);
        let test = &test[..test.len().min(MAX_TRAIN)];
        if train.len() < 2 || test.is_empty() || x.ncols() == 0 {
            return None;
        }
        let tried = ((x.ncols() as f64).sqrt().round() as usize).clamp(1, x.ncols());
        let drawn = ((train.len() as f64 * BOOTSTRAP).round() as usize).max(1);
        let trees = (0..TREES)
            .map(|_| {
                let mut rows: Vec<usize> = (0..drawn)
                    .map(|_| train[rng.gen_range(0..train.len())])
                    .collect();
                let mut grower = Grower {
                    x,
                    labels,
                    k,
                    tried,
                    rng: StdRng::seed_from_u64(rng.gen()),
                    nodes: Vec::new(),
                };
                grower.grow(&mut rows, 0);
                Tree {
                    nodes: grower.nodes,
                }
            })
            .collect();
        let forest = Forest { trees, k };
        let predicted = forest.predict(&x.select(ndarray::Axis(0), test));
        let mut confusion = vec![vec![0u64; k]; k];
        for (&i, &p) in test.iter().zip(&predicted) {
            confusion[labels[i]][p] += 1;
        }
        let right: u64 = (0..k).map(|c| confusion[c][c]).sum();
        let classifier = Classifier {
            accuracy: right as f64 / test.len() as f64,
            confusion,
            trained_on: train.len(),
            tested_on: test.len(),
            trees: TREES,
        };
        Some((forest, classifier))
    }

    /// The predicted cluster of each row of `x`: the trees' majority vote (the lowest cluster on a tie).
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        let mut votes = vec![0usize; self.k];
        x.rows()
            .into_iter()
            .map(|row| {
                votes.iter_mut().for_each(|v| *v = 0);
                for tree in &self.trees {
                    votes[tree.predict(row)] += 1;
                }
                (0..self.k)
                    .max_by_key(|&c| (votes[c], usize::MAX - c))
                    .unwrap_or(0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two features; the class is 1 when the first is above 0.5, whatever the second.
    fn halves(n: usize) -> (Array2<f64>, Vec<usize>) {
        let mut rng = StdRng::seed_from_u64(7);
        let x = Array2::from_shape_fn((n, 2), |_| rng.gen::<f64>());
        let labels = x
            .rows()
            .into_iter()
            .map(|r| usize::from(r[0] > 0.5))
            .collect();
        (x, labels)
    }

    #[test]
    fn learns_a_threshold_and_repeats_itself() {
        let (x, labels) = halves(800);
        let (forest, fit) = Forest::fit(&x, &labels, 2, 1).unwrap();
        assert!(fit.accuracy > 0.97, "{}", fit.accuracy);
        assert_eq!(fit.trained_on + fit.tested_on, 800);
        let again = Forest::fit(&x, &labels, 2, 1).unwrap().1;
        assert_eq!(fit, again);
        let probe = Array2::from_shape_vec((2, 2), vec![0.9, 0.1, 0.1, 0.9]).unwrap();
        assert_eq!(forest.predict(&probe), vec![1, 0]);
    }

    #[test]
    fn too_few_rows_fit_nothing() {
        let (x, labels) = halves(2);
        assert!(Forest::fit(&x, &labels, 2, 1).is_none());
    }
}
