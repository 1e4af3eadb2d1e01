//! A random forest (linfa-ensemble's bagged linfa-trees decision trees with random feature subsets)
//! that predicts a customer's cluster from the clustering features, with its held-out accuracy.

use linfa::prelude::*;
use linfa_ensemble::{EnsembleLearner, RandomForestParams};
use linfa_trees::DecisionTree;
use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

/// Trees in the forest.
const TREES: usize = 40;
/// Customers the forest learns from at most (a sample keeps large files fast).
const MAX_TRAIN: usize = 4_000;

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

/// A fitted forest.
pub struct Forest {
    model: EnsembleLearner<DecisionTree<f64, usize>>,
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
        if train.len() < 2 || test.is_empty() {
            return None;
        }
        let rows = |idx: &[usize]| x.select(Axis(0), idx);
        let targets = |idx: &[usize]| idx.iter().map(|&i| labels[i]).collect::<Array1<usize>>();
        let data = DatasetBase::new(rows(train), targets(train));
        let features = x.ncols() as f64;
        let model = RandomForestParams::new_fixed_rng(DecisionTree::params(), rng)
            .ensemble_size(TREES)
            .bootstrap_proportion(0.7)
            .feature_proportion((features.sqrt() / features).clamp(0.3, 1.0))
            .fit(&data)
            .ok()?;
        let forest = Forest { model };
        let predicted = forest.predict(&rows(test));
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

    /// The predicted cluster of each row of `x`.
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        self.model.predict(x).to_vec()
    }
}
