//! A group of customers the page narrows its views to (a segment, an R x F cell, a cluster, a tier or a
//! cohort), and the figures of the customers in it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::customer_row::CustomerRow;
use crate::core::rfm::Segment;
use crate::core::share::share;

/// The customers picked by clicking a group on the page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Filter {
    /// An RFM segment.
    Segment(Segment),
    /// One cell of the R x F grid: recency and frequency scores, 1 to 5.
    Cell {
        /// Recency score.
        r: u8,
        /// Frequency score.
        f: u8,
    },
    /// A behavioural cluster, by code ("1", "3a").
    Cluster(String),
    /// A lifetime-value tier, "A" (top quarter) to "D".
    Tier(String),
    /// The customers whose first purchase fell in a month, `YYYY-MM`.
    Cohort(String),
}

impl Filter {
    /// True when the customer belongs to the group.
    pub fn matches(&self, c: &CustomerRow) -> bool {
        match self {
            Filter::Segment(s) => c.segment == *s,
            Filter::Cell { r, f } => c.r == *r && c.f == *f,
            Filter::Cluster(code) => c.cluster.as_deref() == Some(code.as_str()),
            Filter::Tier(tier) => c.clv_tier.as_deref() == Some(tier.as_str()),
            Filter::Cohort(month) => c
                .first_purchase
                .strip_prefix(month.as_str())
                .is_some_and(|rest| rest.starts_with('-')),
        }
    }

    /// Every group `c` belongs to: its segment, its R x F cell, and its cluster, tier and cohort where
    /// it has them.
    pub fn groups(c: &CustomerRow) -> Vec<Filter> {
        let mut groups = vec![Filter::Segment(c.segment), Filter::Cell { r: c.r, f: c.f }];
        groups.extend(c.cluster.clone().map(Filter::Cluster));
        groups.extend(c.clv_tier.clone().map(Filter::Tier));
        // `YYYY-MM` of a `YYYY-MM-DD` first purchase.
        groups.extend(
            c.first_purchase
                .get(..7)
                .filter(|_| c.first_purchase.as_bytes().get(7) == Some(&b'-'))
                .map(|month| Filter::Cohort(month.to_string())),
        );
        groups
    }

    /// The group in words: "segment Champions", "R 5 x F 4", "cluster 2", "tier A", "cohort 2014-01".
    /// A cluster's name, when the user gave one, follows its code.
    pub fn describe(&self, cluster_name: Option<&str>) -> String {
        match self {
            Filter::Segment(s) => format!("segment {}", s.name()),
            Filter::Cell { r, f } => format!("R {r} \u{d7} F {f} ({})", Segment::of(*r, *f).name()),
            Filter::Cluster(code) => match cluster_name {
                Some(name) if !name.is_empty() => format!("cluster {code} ({name})"),
                _ => format!("cluster {code}"),
            },
            Filter::Tier(tier) => format!("lifetime-value tier {tier}"),
            Filter::Cohort(month) => format!("customers first buying in {month}"),
        }
    }
}

/// What the customers of a group add up to, beside all customers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Selection {
    /// Customers in the group.
    pub customers: usize,
    /// Their share of all customers.
    pub customer_share: f64,
    /// Their summed spend.
    pub spend: f64,
    /// Their share of all customers' spend.
    pub spend_share: f64,
    /// Their mean lifetime value, over those valued.
    pub mean_clv: Option<f64>,
    /// Their mean probability of being alive, over those valued.
    pub mean_p_alive: Option<f64>,
}

impl Selection {
    /// The figures of the customers of `rows` that `filter` matches.
    pub fn of(rows: &[CustomerRow], filter: &Filter) -> Selection {
        let picked: Vec<&CustomerRow> = rows.iter().filter(|c| filter.matches(c)).collect();
        let spend: f64 = picked.iter().map(|c| c.monetary).sum();
        let all_spend: f64 = rows.iter().map(|c| c.monetary).sum();
        let mean = |values: Vec<f64>| {
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        Selection {
            customers: picked.len(),
            customer_share: share(picked.len() as f64, rows.len() as f64),
            spend,
            spend_share: share(spend, all_spend),
            mean_clv: mean(picked.iter().filter_map(|c| c.clv).collect()),
            mean_p_alive: mean(picked.iter().filter_map(|c| c.p_alive).collect()),
        }
    }
}

/// How the customers of one group spread over every other: for each group (a segment, a cell, a
/// cluster, a tier, a cohort), how many of the picked customers are in it. The page's per-group views
/// show these counts beside their own while a filter is on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Breakdown {
    counts: BTreeMap<Filter, usize>,
}

impl Breakdown {
    /// The spread of the customers of `rows` that `filter` matches.
    pub fn of(rows: &[CustomerRow], filter: &Filter) -> Breakdown {
        let mut counts = BTreeMap::new();
        for c in rows.iter().filter(|c| filter.matches(c)) {
            for group in Filter::groups(c) {
                *counts.entry(group).or_insert(0) += 1;
            }
        }
        Breakdown { counts }
    }

    /// How many of the picked customers are in `group`.
    pub fn count(&self, group: &Filter) -> usize {
        self.counts.get(group).copied().unwrap_or(0)
    }
}
