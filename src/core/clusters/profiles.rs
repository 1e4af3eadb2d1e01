//! What each cluster is: its size and worth, its mean features against the average, a name made from
//! them and a suggested action.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::features::{Feature, FeatureTable};
use super::scaling::Scaling;
use crate::core::share::share;

/// One cluster's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterProfile {
    /// Position in the list (the label customers carry).
    pub id: usize,
    /// The code shown: "1", "2", or "3a", "3b" for the sub-clusters of a split cluster.
    pub code: String,
    /// A name made from the profile.
    pub name: String,
    /// A suggested action.
    pub action: String,
    /// Customers in it.
    pub size: usize,
    /// Share of customers, 0 to 1.
    pub customer_share: f64,
    /// Share of revenue.
    pub revenue_share: f64,
    /// Share of total CLV, when there is a CLV.
    pub clv_share: Option<f64>,
    /// Mean of every available feature, by key.
    pub means: BTreeMap<Feature, f64>,
    /// Mean standardised value (z-score, after the log of skewed features) of every feature, by key.
    pub z: BTreeMap<Feature, f64>,
    /// Mean profit per customer, when the file has profit.
    pub mean_profit: Option<f64>,
    /// Mean shipping cost per customer, when the file has it.
    pub mean_shipping_cost: Option<f64>,
}

/// Per customer extras a profile reports when the file has them: profit and shipping cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Profit per customer.
    pub profit: Option<Vec<f64>>,
    /// Shipping cost per customer.
    pub shipping_cost: Option<Vec<f64>>,
}

/// Profiles of the clusters `labels` (one per customer, 0..codes.len()) name, with unique names.
pub fn profiles(
    table: &FeatureTable,
    labels: &[usize],
    codes: &[String],
    extras: &Extras,
) -> Vec<ClusterProfile> {
    let k = codes.len();
    let n = labels.len();
    let z_scalings: Vec<Option<Scaling>> = table
        .features
        .iter()
        .zip(&table.columns)
        .map(|(f, c)| Scaling::fit(*f, c))
        .collect();
    let revenue = table.column(Feature::Monetary).unwrap_or(&[]);
    let clv = table.column(Feature::Clv);
    let total = |v: &[f64]| v.iter().sum::<f64>();
    let (total_revenue, total_clv) = (total(revenue), clv.map(total));
    let mut out: Vec<ClusterProfile> = (0..k)
        .map(|c| {
            let members: Vec<usize> = (0..n).filter(|&i| labels[i] == c).collect();
            let size = members.len();
            let mean_of =
                |v: &[f64]| members.iter().map(|&i| v[i]).sum::<f64>() / size.max(1) as f64;
            let sum_of = |v: &[f64]| members.iter().map(|&i| v[i]).sum::<f64>();
            let mut means = BTreeMap::new();
            let mut z = BTreeMap::new();
            for ((f, column), scaling) in table.features.iter().zip(&table.columns).zip(&z_scalings)
            {
                means.insert(*f, mean_of(column));
                let zs = scaling.as_ref().map_or(0.0, |s| {
                    members.iter().map(|&i| s.apply(column[i])).sum::<f64>() / size.max(1) as f64
                });
                z.insert(*f, zs);
            }
            let value = z
                .get(&Feature::Clv)
                .or(z.get(&Feature::Monetary))
                .copied()
                .unwrap_or(0.0);
            let at = |f: Feature| z.get(&f).copied().unwrap_or(0.0);
            let (name, action) =
                name_and_action(value, at(Feature::Frequency), at(Feature::Recency));
            ClusterProfile {
                id: c,
                code: codes[c].clone(),
                name,
                action: action.into(),
                size,
                customer_share: size as f64 / n.max(1) as f64,
                revenue_share: share(sum_of(revenue), total_revenue),
                clv_share: clv.zip(total_clv).map(|(v, t)| share(sum_of(v), t)),
                means,
                z,
                mean_profit: extras.profit.as_deref().map(mean_of),
                mean_shipping_cost: extras.shipping_cost.as_deref().map(mean_of),
            }
        })
        .collect();
    // Two clusters with the same profile words get the cluster code added.
    let names: Vec<String> = out.iter().map(|p| p.name.clone()).collect();
    for p in &mut out {
        if names.iter().filter(|n| **n == p.name).count() > 1 {
            p.name = format!("{} ({})", p.name, p.code);
        }
    }
    out
}

/// A mean z-score of value above which a cluster's value is high (about the top quarter of a normal's
/// spread of cluster means, 0.75 standard deviations).
const HIGH: f64 = 0.75;
/// A mean z-score of frequency (or of recency, for dormancy) above which a cluster stands out.
const STANDS_OUT: f64 = 0.5;
/// A mean z-score this far below 0 is low.
const LOW: f64 = 0.25;

/// A name and an action from a cluster's mean z-scores of value (CLV, else spend), frequency and recency
/// (high recency = long since the last order).
pub fn name_and_action(value: f64, frequency: f64, recency: f64) -> (String, &'static str) {
    let spend = if value > HIGH {
        "High Spender"
    } else if value > -LOW {
        "Mid Spender"
    } else {
        "Low Spender"
    };
    if recency > STANDS_OUT {
        let buyer = if value > HIGH {
            "High-Value"
        } else if value > -LOW {
            "Mid Buyer"
        } else {
            "Low Buyer"
        };
        (
            format!("Dormant {buyer}"),
            "Reactivation campaign: a win-back offer and a reminder of what they liked",
        )
    } else if value > HIGH && frequency > STANDS_OUT {
        (
            "Premium High-Value".into(),
            "VIP service and early access; keep them close with personal contact",
        )
    } else if frequency > STANDS_OUT {
        (
            format!("High-Frequency {spend}"),
            "Loyalty programme and upsell to higher-value products",
        )
    } else if value > HIGH {
        (
            "High-Value Occasional".into(),
            "Personal recommendations and reminders to bring them back more often",
        )
    } else if recency < -LOW {
        (
            format!("Active {spend}"),
            "Micro-promotions and bundles to raise the basket",
        )
    } else {
        (
            format!("Occasional {spend}"),
            "Nurture with targeted offers and a second-purchase incentive",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_profile() {
        assert_eq!(name_and_action(1.5, 1.2, -0.8).0, "Premium High-Value");
        assert_eq!(
            name_and_action(0.1, 1.0, -0.5).0,
            "High-Frequency Mid Spender"
        );
        assert_eq!(name_and_action(-0.8, -0.3, -0.6).0, "Active Low Spender");
        assert_eq!(name_and_action(-0.8, -0.6, 1.3).0, "Dormant Low Buyer");
        assert!(name_and_action(-0.8, -0.6, 1.3)
            .1
            .starts_with("Reactivation"));
    }

    #[test]
    fn shares_and_means_per_cluster() {
        let table = FeatureTable {
            features: vec![Feature::Frequency, Feature::Monetary],
            columns: vec![vec![1.0, 1.0, 5.0, 7.0], vec![10.0, 30.0, 200.0, 160.0]],
        };
        let codes = vec!["1".to_string(), "2".to_string()];
        let p = profiles(&table, &[0, 0, 1, 1], &codes, &Extras::default());
        assert_eq!((p[0].size, p[1].size), (2, 2));
        assert!((p[0].revenue_share - 0.1).abs() < 1e-12);
        assert!((p[1].means[&Feature::Frequency] - 6.0).abs() < 1e-12);
        assert!(p[1].z[&Feature::Monetary] > 0.0 && p[0].z[&Feature::Monetary] < 0.0);
        assert_eq!(p[1].clv_share, None);
    }
}
