//! Behavioural segments: customer features, K-Means for k = 2..9 with the elbow and the silhouette, a
//! PCA map, named profiles with actions, a random forest that predicts the cluster, and the migration of
//! customers between clusters from one period to the next.

pub mod error;
pub mod features;
pub mod forest;
pub mod kmeans;
pub mod migration;
pub mod pca;
pub mod profiles;
pub mod scaling;

use std::collections::BTreeMap;

use ndarray::Axis;
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::core::checked::Checked;
use crate::core::customers::{summarize, CustomerSummary};
use crate::core::performance::GroupPerformance;
use crate::core::section::Section;
use crate::core::seed::{Draw, Seed};
use crate::core::table::{iso_date, Day, Role, Transactions};
pub use error::{ClusterError, MigrationError};
use features::{customer_features, rows_of, sum_by_row, Earlier, Feature};
use forest::{Classifier, Forest};
use migration::Migration;
use pca::Pca;
use profiles::{profiles, ClusterProfile, Extras};
use scaling::{matrix, prepare, Scaling};

/// The k tried.
pub const K_RANGE: std::ops::RangeInclusive<usize> = 2..=9;
/// k-means++ starts of the chosen k (scikit-learn's long-standing `n_init`).
pub const RUNS: usize = 10;
/// k-means++ starts of each k in the search for the elbow; the chosen k is fitted again with [`RUNS`].
const SEARCH_RUNS: usize = 3;
/// Customers the silhouette and the map use at most.
const SAMPLE: usize = 2_000;
/// Customers the search over k uses at most.
pub const SEARCH: usize = 5_000;

/// Clustering settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterRequest {
    /// Cluster at all.
    pub enabled: bool,
    /// The features to cluster on; empty: length, recency, frequency, spend and CLV (when there is one).
    #[serde(default)]
    pub features: Vec<Feature>,
    /// The number of clusters; `None`: the elbow's suggestion.
    #[serde(default)]
    pub k: Option<usize>,
    /// A cluster to split again into sub-clusters.
    #[serde(default)]
    pub split: Option<Split>,
    /// The first day of the second migration period; `None`: the middle of the data.
    #[serde(default)]
    pub migration_boundary: Option<Day>,
}

impl Default for ClusterRequest {
    fn default() -> Self {
        ClusterRequest {
            enabled: true,
            features: Vec::new(),
            k: None,
            split: None,
            migration_boundary: None,
        }
    }
}

/// Split one cluster (by its position, 0-based) into `into` sub-clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The cluster to split.
    pub cluster: usize,
    /// Sub-clusters, 2 or more.
    pub into: usize,
}

/// Customers on the PCA map (a sample for large data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PcaMap {
    /// Share of variance of the two components.
    pub explained: [f64; 2],
    /// Coordinates.
    pub points: Vec<[f32; 2]>,
    /// The cluster of each point.
    pub labels: Vec<u16>,
}

/// The K-Means part of the report: the search over k and the features used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kmeans {
    /// Clusters used (before any split).
    pub k: usize,
    /// The elbow's suggestion.
    pub suggested_k: usize,
    /// Inertia (sum of squared distances to the centroid) per k.
    pub inertia_by_k: BTreeMap<usize, f64>,
    /// Mean silhouette per k.
    pub silhouette_by_k: BTreeMap<usize, f64>,
    /// Customers the silhouette was computed on.
    pub silhouette_sample: usize,
    /// The features used and how each was transformed.
    pub features: Vec<Scaling>,
    /// Features this file offers.
    pub available: Vec<Feature>,
    /// The split applied, if any.
    pub split: Option<Split>,
}

/// The behavioural-segment part of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterReport {
    /// The search over k and the features used.
    pub kmeans: Kmeans,
    /// Every cluster's profile (sub-clusters in place of a split one).
    pub profiles: Vec<ClusterProfile>,
    /// Customers on the first two principal components.
    pub map: Option<PcaMap>,
    /// The random forest predicting clusters, and its held-out accuracy.
    pub classifier: Option<Classifier>,
    /// Customers moving between clusters from one period to the next.
    pub migration: Section<Migration, MigrationError>,
    /// The management view of each cluster (filled in by the pipeline, which has the sales).
    pub performance: Vec<GroupPerformance>,
}

/// Everything clustering found, and each customer's cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterOutcome {
    /// The report part.
    pub report: ClusterReport,
    /// The cluster (position in `report.profiles`) of each customer, in summary order.
    pub labels: Vec<usize>,
}

/// The members each of the customers (summaries of the transactions) recruited.
pub type ReferralsOf<'a> = &'a dyn Fn(&Transactions, &[CustomerSummary]) -> Option<Vec<f64>>;

/// What the earlier stages find of the customers of a migration period, from its transactions alone.
#[derive(Clone, Copy)]
pub struct PeriodValues<'a> {
    /// The CLV of every customer code as of a day, from the transactions up to it.
    pub clv: &'a dyn Fn(&Transactions, i64) -> Option<Vec<f64>>,
    /// The members each customer of the period recruited in it.
    pub referrals: ReferralsOf<'a>,
}

/// Clusters `customers` (summaries of `tx`) as of `analysis_day`, with what the `earlier` stages found of
/// them (one value per customer, same order); `periods` finds the same of a migration period.
pub fn analyze(
    tx: &Transactions,
    customers: &[CustomerSummary],
    analysis_day: i64,
    earlier: Earlier,
    req: Checked<ClusterRequest>,
    periods: PeriodValues,
    seed: Seed,
) -> Result<ClusterOutcome, ClusterError> {
    let seed = seed.of(Draw::Clusters);
    let table = customer_features(tx, customers, analysis_day, earlier);
    let chosen: Vec<Feature> = if req.features.is_empty() {
        Feature::DEFAULT
            .into_iter()
            .filter(|f| table.column(*f).is_some())
            .collect()
    } else {
        req.features.clone()
    };
    let (x, scalings) = prepare(&table, &chosen)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let picked = sample(&mut rng, x.nrows(), x.nrows().min(SAMPLE)).into_vec();
    // The search over k runs on a sample of a large file; every customer then goes to the nearest
    // centroid, and the chosen k is refined on all customers.
    let search = if x.nrows() > SEARCH {
        let rows = sample(&mut rng, x.nrows(), SEARCH).into_vec();
        Some(x.select(Axis(0), &rows))
    } else {
        None
    };
    let mut solutions = Vec::new();
    for k in K_RANGE {
        match kmeans::fit(search.as_ref().unwrap_or(&x), k, SEARCH_RUNS, seed) {
            Ok(mut s) => {
                if search.is_some() {
                    (s.labels, s.inertia) = kmeans::label(x.view(), &s.centroids);
                }
                solutions.push(s);
            }
            // The first k that fails is no solution; larger k would fail too.
            Err(e) if solutions.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    let ks: Vec<usize> = solutions.iter().map(|s| s.k).collect();
    let inertia: Vec<f64> = solutions.iter().map(|s| s.inertia).collect();
    let suggested_k = kmeans::elbow(&ks, &inertia);
    let k = req.k.filter(|k| ks.contains(k)).unwrap_or(suggested_k);
    let labellings: Vec<&[usize]> = solutions.iter().map(|s| &s.labels[..]).collect();
    let silhouette_by_k = ks
        .iter()
        .copied()
        .zip(kmeans::silhouettes(&x, &labellings, &picked))
        .collect();
    let chosen = kmeans::fit(search.as_ref().unwrap_or(&x), k, RUNS, seed)?;
    let refined = match search {
        Some(_) => kmeans::refine(&x, &chosen.centroids)?,
        None => chosen,
    };
    let (labels, codes, split) = split_cluster(&x, &refined, req.split, seed)?;
    let row_of = rows_of(tx, customers);
    let extras = Extras {
        profit: tx
            .numbers
            .get(&Role::Profit)
            .map(|v| sum_by_row(tx, &row_of, v)),
        shipping_cost: tx
            .numbers
            .get(&Role::ShippingCost)
            .map(|v| sum_by_row(tx, &row_of, v)),
    };
    let clusters = profiles(&table, &labels, &codes, &extras);
    let map = Pca::fit(&x).map(|p| {
        let rows = x.select(Axis(0), &picked);
        PcaMap {
            explained: p.explained,
            points: p
                .project(&rows)
                .iter()
                .map(|[a, b]| [*a as f32, *b as f32])
                .collect(),
            labels: picked.iter().map(|&i| labels[i] as u16).collect(),
        }
    });
    let forest = Forest::fit(&x, &labels, codes.len(), seed);
    let migration = match &forest {
        Some((f, _)) => migrate(tx, &scalings, f, &codes, &req, periods),
        None => Err(MigrationError::TooFewCustomers),
    };
    let report = ClusterReport {
        kmeans: Kmeans {
            k,
            suggested_k,
            inertia_by_k: ks.iter().copied().zip(inertia).collect(),
            silhouette_by_k,
            silhouette_sample: picked.len(),
            features: scalings,
            available: table.features.clone(),
            split,
        },
        profiles: clusters,
        map,
        classifier: forest.map(|(_, c)| c),
        migration: migration.into(),
        performance: Vec::new(),
    };
    Ok(ClusterOutcome { report, labels })
}

/// Each customer's cluster, the clusters' codes and the split applied.
type Labelled = (Vec<usize>, Vec<String>, Option<Split>);

/// The labels and codes after splitting `split.cluster` of `s` into sub-clusters ("3a", "3b", ...).
fn split_cluster(
    x: &ndarray::Array2<f64>,
    s: &kmeans::Solution,
    split: Option<Split>,
    seed: u64,
) -> Result<Labelled, ClusterError> {
    let plain = || {
        (
            s.labels.clone(),
            (1..=s.k).map(|c| c.to_string()).collect(),
            None,
        )
    };
    let Some(split) = split else {
        return Ok(plain());
    };
    if split.cluster >= s.k {
        return Err(ClusterError::NoSuchCluster {
            cluster: split.cluster + 1,
            k: s.k,
        });
    }
    let members: Vec<usize> = (0..s.labels.len())
        .filter(|&i| s.labels[i] == split.cluster)
        .collect();
    let sub = kmeans::fit(&x.select(Axis(0), &members), split.into, RUNS, seed).map_err(|e| {
        ClusterError::CannotSplit {
            cluster: split.cluster + 1,
            reason: Box::new(e),
        }
    })?;
    // New positions: clusters before the split one, its sub-clusters, then the rest.
    let mut codes: Vec<String> = Vec::new();
    let mut position = vec![0; s.k];
    for (c, at) in position.iter_mut().enumerate() {
        *at = codes.len();
        if c == split.cluster {
            codes.extend(
                (0..split.into).map(|j| format!("{}{}", c + 1, char::from(b'a' + j as u8))),
            );
        } else {
            codes.push((c + 1).to_string());
        }
    }
    let mut labels: Vec<usize> = s.labels.iter().map(|&l| position[l]).collect();
    for (m, &i) in members.iter().enumerate() {
        labels[i] = position[split.cluster] + sub.labels[m];
    }
    Ok((labels, codes, Some(split)))
}

/// Clusters the customers of two periods, split at the boundary day, with the forest, and counts moves.
fn migrate(
    tx: &Transactions,
    scalings: &[Scaling],
    forest: &Forest,
    codes: &[String],
    req: &ClusterRequest,
    periods: PeriodValues,
) -> Result<Migration, MigrationError> {
    let days: Vec<i64> = (0..tx.len()).map(|i| tx.day(i)).collect();
    let (first, last) = (
        days.iter().copied().min().unwrap_or(0),
        days.iter().copied().max().unwrap_or(0),
    );
    let boundary = req
        .migration_boundary
        .map_or(first + (last - first + 1) / 2, Day::number);
    if boundary <= first || boundary > last {
        return Err(MigrationError::Outside {
            first: iso_date(first + 1),
            last: iso_date(last),
        });
    }
    let uses = |f: Feature| scalings.iter().any(|s| s.feature == f);
    let (uses_clv, uses_referrals) = (uses(Feature::Clv), uses(Feature::Referrals));
    let period = |from: i64, to: i64| -> Result<Vec<(u32, usize)>, MigrationError> {
        let part = tx.between(from, to);
        let customers: Vec<CustomerSummary> = summarize(&part)
            .into_iter()
            .filter(|c| c.orders > 0)
            .collect();
        let clv = if uses_clv {
            let by_code = (periods.clv)(&part, to + 1).ok_or_else(|| MigrationError::NoClv {
                from: iso_date(from),
                to: iso_date(to),
            })?;
            Some(
                customers
                    .iter()
                    .map(|c| by_code[c.code as usize])
                    .collect::<Vec<f64>>(),
            )
        } else {
            None
        };
        let referrals = uses_referrals
            .then(|| (periods.referrals)(&part, &customers))
            .flatten();
        let earlier = Earlier {
            clv: clv.as_deref(),
            referrals: referrals.as_deref(),
        };
        let table = customer_features(&part, &customers, to + 1, earlier);
        let labels = forest.predict(&matrix(&table, scalings));
        Ok(customers.iter().map(|c| c.code).zip(labels).collect())
    };
    let (a, b) = (period(first, boundary - 1)?, period(boundary, last)?);
    Ok(Migration::count(
        codes,
        &a,
        &b,
        (
            [iso_date(first), iso_date(boundary - 1)],
            [iso_date(boundary), iso_date(last)],
        ),
    ))
}
