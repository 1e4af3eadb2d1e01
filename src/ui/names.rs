//! The names and actions a user gave clusters. They are kept across updates and re-runs while the
//! clustering they name stays (the same features and k), and carried to every place a cluster appears:
//! the profiles, the summary, the lists to choose from, the customer table and the exports.

use std::collections::BTreeMap;

use crate::core::clusters::features::Feature;
use crate::core::clusters::profiles::ClusterProfile;
use crate::core::clusters::{ClusterReport, Split};
use crate::core::report::customer_row::CustomerRow;

/// What the user typed for clusters, by cluster code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterNames {
    /// The features and k of the clustering the edits belong to.
    of: Option<(Vec<Feature>, usize)>,
    /// Its split: sub-cluster codes ("1a") name other customers under another split.
    split: Option<Split>,
    /// Name and action by code.
    edits: BTreeMap<String, (String, String)>,
}

impl ClusterNames {
    /// Follows a new clustering: the edits stay while its features and k are the same; a new split drops
    /// only the sub-clusters' edits.
    pub fn follow(&mut self, report: &ClusterReport) {
        let k = &report.kmeans;
        let of = (k.features.iter().map(|s| s.feature).collect(), k.k);
        if self.of.as_ref() != Some(&of) {
            self.edits.clear();
            self.of = Some(of);
        } else if self.split != k.split {
            self.edits
                .retain(|code, _| code.bytes().all(|b| b.is_ascii_digit()));
        }
        self.split = k.split;
    }

    /// A cluster's name: the user's, else the one the profile suggests.
    pub fn name(&self, p: &ClusterProfile) -> String {
        self.edits
            .get(&p.code)
            .map_or_else(|| p.name.clone(), |e| e.0.clone())
    }

    /// A cluster's code and name, as every list shows it: "2 Big spenders".
    pub fn label(&self, p: &ClusterProfile) -> String {
        format!("{} {}", p.code, self.name(p))
            .trim_end()
            .to_string()
    }

    /// A customer's cluster code and name, with the user's edit; empty without a cluster.
    pub fn row_label(&self, row: &CustomerRow) -> String {
        row.cluster.as_ref().map_or(String::new(), |code| {
            format!("{code} {}", self.of_row(row).unwrap_or_default())
                .trim_end()
                .to_string()
        })
    }

    /// A cluster's action: the user's, else the suggested one.
    pub fn action(&self, p: &ClusterProfile) -> String {
        self.edits
            .get(&p.code)
            .map_or_else(|| p.action.clone(), |e| e.1.clone())
    }

    /// Sets a cluster's name.
    pub fn rename(&mut self, p: &ClusterProfile, name: String) {
        self.entry(p).0 = name;
    }

    /// Sets a cluster's action.
    pub fn set_action(&mut self, p: &ClusterProfile, action: String) {
        self.entry(p).1 = action;
    }

    fn entry(&mut self, p: &ClusterProfile) -> &mut (String, String) {
        self.edits
            .entry(p.code.clone())
            .or_insert_with(|| (p.name.clone(), p.action.clone()))
    }

    /// A customer's cluster name, with the user's edit.
    pub fn of_row<'a>(&'a self, row: &'a CustomerRow) -> Option<&'a str> {
        let code = row.cluster.as_ref()?;
        self.edits
            .get(code)
            .map(|e| e.0.as_str())
            .or(row.cluster_name.as_deref())
    }

    /// Customer rows carrying the user's names, for an export.
    pub fn rows<'a>(&self, rows: impl IntoIterator<Item = &'a CustomerRow>) -> Vec<CustomerRow> {
        rows.into_iter()
            .map(|r| CustomerRow {
                cluster_name: self.of_row(r).map(str::to_string),
                ..r.clone()
            })
            .collect()
    }
}
