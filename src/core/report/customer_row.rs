//! One customer's row of the table and the CSV export, built from the scores and filled in by each
//! model.

use serde::{Deserialize, Serialize};

use crate::core::clv::outcome::{CustomerValue, SegmentValue};
use crate::core::clv::summary::Rft;
use crate::core::customers::CustomerSummary;
use crate::core::rfm::{quintile_scores, Segment};
use crate::core::table::iso_date;

/// One customer's row in the table and the CSV export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// Customer id.
    pub id: String,
    /// First purchase, `YYYY-MM-DD`.
    pub first_purchase: String,
    /// Last purchase, `YYYY-MM-DD`.
    pub last_purchase: String,
    /// Days from the last purchase to the analysis date.
    pub recency: i64,
    /// Distinct orders.
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
    /// Recency score, 5 = most recent.
    pub r: u8,
    /// Frequency score, 5 = most orders.
    pub f: u8,
    /// Monetary score, 5 = highest spend.
    pub m: u8,
    /// The R x F segment.
    pub segment: Segment,
    /// The repeat-purchase summary every peer uses (lifetimes' `summary_data_from_transaction_data`), in
    /// the models' time unit: repeat purchase days.
    pub summary_frequency: u32,
    /// From the first to the last purchase day.
    pub summary_recency: f64,
    /// From the first purchase to the analysis date (T).
    pub summary_t: f64,
    /// Mean value of the repeat purchase days (0 without repeats).
    pub summary_monetary_value: f64,
    /// Probability of being alive (when the CLV models could be fitted).
    pub p_alive: Option<f64>,
    /// Expected purchases over the CLV horizon.
    pub expected_purchases: Option<f64>,
    /// Expected spend per purchase (Gamma-Gamma).
    pub expected_spend: Option<f64>,
    /// Lifetime value over the horizon.
    pub clv: Option<f64>,
    /// 5th percentile of the CLV over parameter draws.
    pub clv_low: Option<f64>,
    /// 95th percentile.
    pub clv_high: Option<f64>,
    /// CLV tier by quartile: A (top) to D.
    pub clv_tier: Option<String>,
    /// Behavioural cluster code ("1", "2", "3a").
    pub cluster: Option<String>,
    /// The cluster's name.
    pub cluster_name: Option<String>,
    /// Up to three items to offer, from the association rules the customer's history triggers.
    pub recommended_products: Option<String>,
    /// The member who referred this customer (with a sponsor column).
    pub sponsor: Option<String>,
    /// Members this customer referred.
    pub direct_referrals: Option<u32>,
    /// Everyone below this customer in the referral network.
    pub downline_size: Option<u32>,
}

impl CustomerRow {
    /// A row of the repeat-purchase summary `h` alone: no purchases, scores or segment of its own (a
    /// summary file's customer; the segment is a placeholder no reader of a summary's report shows).
    pub fn unscored(id: &str, h: &Rft) -> CustomerRow {
        CustomerRow {
            id: id.to_string(),
            first_purchase: String::new(),
            last_purchase: String::new(),
            recency: 0,
            frequency: h.frequency + 1,
            monetary: 0.0,
            r: 0,
            f: 0,
            m: 0,
            segment: Segment::Hibernating,
            summary_frequency: h.frequency,
            summary_recency: h.recency,
            summary_t: h.t,
            summary_monetary_value: h.monetary,
            p_alive: None,
            expected_purchases: None,
            expected_spend: None,
            clv: None,
            clv_low: None,
            clv_high: None,
            clv_tier: None,
            cluster: None,
            cluster_name: None,
            recommended_products: None,
            sponsor: None,
            direct_referrals: None,
            downline_size: None,
        }
    }

    /// Fills in the customer's lifetime value.
    pub fn set_value(&mut self, v: &CustomerValue) {
        self.p_alive = finite(v.p_alive);
        self.expected_purchases = finite(v.expected_purchases);
        self.expected_spend = finite(v.expected_spend);
        self.clv = finite(v.clv);
        self.clv_low = finite(v.clv_low);
        self.clv_high = finite(v.clv_high);
        self.clv_tier = Some(v.tier.to_string());
    }
}

/// Recency, frequency, monetary, their scores and the segment of every customer (of `summaries`, with
/// the repeat-purchase summary of each customer code in `repeat`).
pub fn scored(
    summaries: &[CustomerSummary],
    repeat: &[Rft],
    analysis_day: i64,
) -> Vec<CustomerRow> {
    let recency: Vec<f64> = summaries
        .iter()
        .map(|c| (analysis_day - c.last_day) as f64)
        .collect();
    let frequency: Vec<f64> = summaries.iter().map(|c| f64::from(c.orders)).collect();
    let monetary: Vec<f64> = summaries.iter().map(|c| c.revenue).collect();
    let (r, f, m) = (
        quintile_scores(&recency, false),
        quintile_scores(&frequency, true),
        quintile_scores(&monetary, true),
    );
    summaries
        .iter()
        .enumerate()
        .map(|(i, c)| CustomerRow {
            first_purchase: iso_date(c.first_day),
            last_purchase: iso_date(c.last_day),
            recency: analysis_day - c.last_day,
            frequency: c.orders,
            monetary: c.revenue,
            r: r[i],
            f: f[i],
            m: m[i],
            segment: Segment::of(r[i], f[i]),
            ..CustomerRow::unscored(&c.id, &repeat[c.code as usize])
        })
        .collect()
}

/// Customers, mean and summed CLV of each RFM segment with customers.
pub fn clv_by_segment(customers: &[CustomerRow]) -> Vec<SegmentValue> {
    Segment::ALL
        .iter()
        .filter_map(|&segment| {
            let values: Vec<f64> = customers
                .iter()
                .filter(|c| c.segment == segment)
                .filter_map(|c| c.clv)
                .collect();
            let total: f64 = values.iter().sum();
            (!values.is_empty()).then(|| SegmentValue {
                name: segment.name().to_string(),
                customers: values.len() as u64,
                mean_clv: total / values.len() as f64,
                total_clv: total,
            })
        })
        .collect()
}

/// `Some` for a finite number: a prediction that could not be computed is absent, never NaN.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
