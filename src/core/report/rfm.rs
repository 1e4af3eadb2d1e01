//! The RFM part of the report: customers per segment and per cell of the R x F grid, and each
//! segment's profile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::customer_row::CustomerRow;
use crate::core::rfm::Segment;

/// One segment's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// The segment.
    pub segment: Segment,
    /// Its name.
    pub name: String,
    /// Customers in it.
    pub customers: u64,
    /// Share of all revenue, 0 to 1.
    pub revenue_share: f64,
    /// Mean recency in days.
    pub mean_recency: f64,
    /// Mean number of orders.
    pub mean_frequency: f64,
    /// Mean spend.
    pub mean_monetary: f64,
    /// A suggested action.
    pub action: String,
}

/// The RFM part of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmReport {
    /// Customers per segment name.
    pub segments: BTreeMap<String, u64>,
    /// Every segment's profile, best first (empty segments included).
    pub summary: Vec<SegmentSummary>,
    /// Customers per cell of the R x F grid: `grid[r - 1][f - 1]`.
    pub grid: Vec<Vec<u64>>,
}

/// The segments, their profiles and the R x F grid of `customers`.
pub fn rfm_report(customers: &[CustomerRow]) -> RfmReport {
    let total_revenue: f64 = customers.iter().map(|c| c.monetary).sum();
    let mut grid = vec![vec![0u64; 5]; 5];
    for c in customers {
        grid[usize::from(c.r - 1)][usize::from(c.f - 1)] += 1;
    }
    let summary: Vec<SegmentSummary> = Segment::ALL
        .iter()
        .map(|&segment| {
            let members: Vec<&CustomerRow> =
                customers.iter().filter(|c| c.segment == segment).collect();
            let n = members.len() as f64;
            let mean = |f: &dyn Fn(&CustomerRow) -> f64| {
                if members.is_empty() {
                    0.0
                } else {
                    members.iter().map(|c| f(c)).sum::<f64>() / n
                }
            };
            let revenue: f64 = members.iter().map(|c| c.monetary).sum();
            SegmentSummary {
                segment,
                name: segment.name().to_string(),
                customers: members.len() as u64,
                revenue_share: if total_revenue > 0.0 {
                    revenue / total_revenue
                } else {
                    0.0
                },
                mean_recency: mean(&|c| c.recency as f64),
                mean_frequency: mean(&|c| f64::from(c.frequency)),
                mean_monetary: mean(&|c| c.monetary),
                action: segment.action().to_string(),
            }
        })
        .collect();
    let segments = summary
        .iter()
        .filter(|s| s.customers > 0)
        .map(|s| (s.name.clone(), s.customers))
        .collect();
    RfmReport {
        segments,
        summary,
        grid,
    }
}
