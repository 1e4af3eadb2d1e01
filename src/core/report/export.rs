//! The tables users download, as CSV with a header: customers, association rules, frequent itemsets,
//! predictions for histories.
//! Every cell that comes from the user's file is defused, so a spreadsheet never runs it as a formula.

use super::customer_row::CustomerRow;
use crate::core::basket::{NamedItemset, NamedRule};
use crate::core::clv::predict::Prediction;
use crate::core::clv::summary::Rft;

/// The customer table as CSV, with a header. Cells that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`) are prefixed with `'`, since ids come from the user's file.
pub fn customers_csv(customers: &[CustomerRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "customer_id",
        "first_purchase",
        "last_purchase",
        "recency",
        "frequency",
        "monetary",
        "r_score",
        "f_score",
        "m_score",
        "segment",
        "summary_frequency",
        "summary_recency",
        "summary_T",
        "summary_monetary_value",
        "p_alive",
        "expected_purchases",
        "expected_spend",
        "clv",
        "clv_low",
        "clv_high",
        "clv_tier",
        "cluster",
        "cluster_name",
        "recommended_products",
        "sponsor_id",
        "direct_referrals",
        "downline_size",
    ];
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for c in customers {
        let _ = w.write_record([
            spreadsheet_safe(&c.id),
            c.first_purchase.clone(),
            c.last_purchase.clone(),
            c.recency.to_string(),
            c.frequency.to_string(),
            format!("{:.2}", c.monetary),
            c.r.to_string(),
            c.f.to_string(),
            c.m.to_string(),
            c.segment.name().to_string(),
            c.summary_frequency.to_string(),
            format!("{:.4}", c.summary_recency),
            format!("{:.4}", c.summary_t),
            format!("{:.2}", c.summary_monetary_value),
            optional(c.p_alive, 4),
            optional(c.expected_purchases, 4),
            optional(c.expected_spend, 2),
            optional(c.clv, 2),
            optional(c.clv_low, 2),
            optional(c.clv_high, 2),
            c.clv_tier.clone().unwrap_or_default(),
            spreadsheet_safe(c.cluster.as_deref().unwrap_or_default()),
            // A cluster's name can be typed by the user, so it is defused like the file's text.
            spreadsheet_safe(c.cluster_name.as_deref().unwrap_or_default()),
            spreadsheet_safe(&c.recommended_products.clone().unwrap_or_default()),
            spreadsheet_safe(c.sponsor.as_deref().unwrap_or_default()),
            c.direct_referrals.map_or(String::new(), |n| n.to_string()),
            c.downline_size.map_or(String::new(), |n| n.to_string()),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One customer's repeat-purchase summary as lifetimes, BTYD and pymc-marketing name its fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SummaryRow {
    /// The customer.
    pub customer_id: String,
    /// Repeat purchase days (or periods).
    pub frequency: u32,
    /// From the first to the last purchase, in the models' time unit.
    pub recency: f64,
    /// From the first purchase to the analysis date.
    #[serde(rename = "T")]
    pub t: f64,
    /// Mean value of the repeat purchases.
    pub monetary_value: f64,
}

/// Every customer's summary (the JSON's `summary`).
pub fn summary_rows(customers: &[CustomerRow]) -> Vec<SummaryRow> {
    customers
        .iter()
        .map(|c| SummaryRow {
            customer_id: c.id.clone(),
            frequency: c.summary_frequency,
            recency: c.summary_recency,
            t: c.summary_t,
            monetary_value: c.summary_monetary_value,
        })
        .collect()
}

/// The customers of a repeat-purchase summary file: the id, the summary read, and the lifetime-value
/// columns (a summary has no purchases, scores or segments).
pub fn summary_values_csv(customers: &[CustomerRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "customer_id",
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "p_alive",
        "expected_purchases",
        "expected_spend",
        "clv",
        "clv_low",
        "clv_high",
        "clv_tier",
    ]);
    for c in customers {
        let _ = w.write_record([
            spreadsheet_safe(&c.id),
            c.summary_frequency.to_string(),
            c.summary_recency.to_string(),
            c.summary_t.to_string(),
            c.summary_monetary_value.to_string(),
            optional(c.p_alive, 4),
            optional(c.expected_purchases, 4),
            optional(c.expected_spend, 2),
            optional(c.clv, 2),
            optional(c.clv_low, 2),
            optional(c.clv_high, 2),
            c.clv_tier.clone().unwrap_or_default(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Every rule with every measure (`basket::rules::Rule`), items joined by " + ".
pub fn rules_csv(rules: &[NamedRule]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "antecedents",
        "consequents",
        "antecedent_support",
        "consequent_support",
        "support",
        "confidence",
        "lift",
        "representativity",
        "leverage",
        "conviction",
        "zhangs_metric",
        "jaccard",
        "certainty",
        "kulczynski",
        "improvement",
    ]);
    for r in rules {
        let number = |v: f64| format!("{v}");
        let _ = w.write_record([
            spreadsheet_safe(&r.antecedents.join(" + ")),
            spreadsheet_safe(&r.consequents.join(" + ")),
            number(r.antecedent_support),
            number(r.consequent_support),
            number(r.support),
            number(r.confidence),
            number(r.lift),
            number(r.representativity),
            number(r.leverage),
            r.conviction.map_or("inf".into(), number),
            number(r.zhangs_metric),
            number(r.jaccard),
            number(r.certainty),
            number(r.kulczynski),
            number(r.improvement),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Every frequent itemset with its support and basket count, items joined by " + ".
pub fn itemsets_csv(itemsets: &[NamedItemset]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["items", "size", "support", "count"]);
    for s in itemsets {
        let _ = w.write_record([
            spreadsheet_safe(&s.items.join(" + ")),
            s.items.len().to_string(),
            format!("{}", s.support),
            s.count.to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Each history's predictions, one row per history and model, with P(n purchases) for n = 0..=n_max.
pub fn predictions_csv(rows: &[(&str, &Rft, Vec<Prediction>)], n_max: u32) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "customer_id",
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "model",
        "fit",
        "p_alive",
        "expected_purchases",
    ]
    .map(String::from)
    .to_vec();
    header.extend((0..=n_max).map(|n| format!("p_{n}_purchases")));
    header.extend(["expected_spend".into(), "clv".into()]);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for (id, h, predictions) in rows {
        for p in predictions {
            let mut record = vec![
                spreadsheet_safe(id),
                h.frequency.to_string(),
                h.recency.to_string(),
                h.t.to_string(),
                h.monetary.to_string(),
                p.model.name().to_string(),
                p.method.name().to_string(),
                optional(Some(p.p_alive), 6),
                optional(Some(p.expected_purchases), 6),
            ];
            record.extend(
                p.purchase_probabilities
                    .iter()
                    .map(|v| optional(Some(*v), 6)),
            );
            record.push(optional(p.expected_spend, 4));
            record.push(optional(p.clv, 4));
            let _ = w.write_record(&record);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A number with `digits` decimals, or an empty cell.
fn optional(v: Option<f64>, digits: usize) -> String {
    v.filter(|v| v.is_finite())
        .map_or(String::new(), |v| format!("{v:.digits$}"))
}

fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
