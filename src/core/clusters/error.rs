//! Why there are no behavioural segments, or no migration between periods.

use serde::{Deserialize, Serialize};

use super::features::Feature;

/// Why the clusters could not be found, in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterError {
    /// A chosen feature needs a column the file lacks.
    #[error("The feature '{}' needs a column this file does not have.", .0.label())]
    MissingFeature(Feature),
    /// A chosen feature is the same for every customer.
    #[error("'{}' has the same value for every customer, so it cannot separate groups: leave it out.", .0.label())]
    ConstantFeature(Feature),
    /// Fewer distinct customers than clusters.
    #[error(
        "{k} clusters need at least {k} customers with different features; there are {distinct}."
    )]
    TooFewDistinct {
        /// Clusters asked for.
        k: usize,
        /// Customers with different features.
        distinct: usize,
    },
    /// linfa's K-Means failed.
    #[error("K-Means with {k} clusters failed: {message}")]
    Kmeans {
        /// Clusters asked for.
        k: usize,
        /// linfa's message.
        message: String,
    },
    /// The cluster to split does not exist.
    #[error("There is no cluster {cluster} to split: this clustering has {k}.")]
    NoSuchCluster {
        /// The cluster asked for, 1-based.
        cluster: usize,
        /// Clusters there are.
        k: usize,
    },
    /// The cluster to split has too few distinct customers.
    #[error("Cluster {cluster} cannot be split: {reason}")]
    CannotSplit {
        /// The cluster, 1-based.
        cluster: usize,
        /// Why.
        reason: Box<ClusterError>,
    },
}

/// Why there is no migration between two periods, in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MigrationError {
    /// The boundary is outside the data.
    #[error("The migration boundary must fall inside the data ({first} to {last}).")]
    Outside {
        /// The first day a boundary may be, `YYYY-MM-DD`.
        first: String,
        /// The last day.
        last: String,
    },
    /// Too few customers to learn the clusters from.
    #[error("Too few customers to learn the clusters from.")]
    TooFewCustomers,
    /// A period's lifetime value could not be fitted.
    #[error("Lifetime value could not be fitted on {from} to {to}; cluster without CLV to see migration.")]
    NoClv {
        /// The period's first day, `YYYY-MM-DD`.
        from: String,
        /// Its last day.
        to: String,
    },
}
